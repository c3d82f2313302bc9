//! `cargo test` alone catches a stale generated tree: `generated/src/gen/`
//! must be exactly what `spec/graph-photos.yaml` generates, as
//! `cargo xtask regenerate` generates it (the same command, in check mode).

use std::process::Command;

#[test]
fn committed_generated_tree_is_fresh() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["regenerate", "--check"])
        .output()
        .expect("xtask runs");
    assert!(
        output.status.success(),
        "generated/src/gen is stale; run `cargo xtask regenerate` and commit the result.\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

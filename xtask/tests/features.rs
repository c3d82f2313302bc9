//! Each Cargo feature of the generated crate compiles alone (and with none
//! at all): an operation or model gated on the wrong feature would fail
//! here, not in a user's build. `cargo check` only, in a target directory
//! of its own, so it costs seconds.

use std::path::Path;
use std::process::Command;

#[test]
fn each_feature_of_the_generated_crate_compiles_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("manifest");
    // The tag features are the ones `default` lists.
    let default = manifest
        .lines()
        .find_map(|line| line.strip_prefix("default = ["))
        .and_then(|rest| rest.strip_suffix(']'))
        .expect("a default feature list");
    let features: Vec<&str> =
        default.split(',').map(|name| name.trim().trim_matches('"')).collect();
    assert!(features.len() > 1 && features.contains(&"users"), "{features:?}");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for feature in std::iter::once("").chain(features) {
        let output = Command::new(&cargo)
            .args(["check", "--package", "graph-photos", "--lib", "--offline", "--locked"])
            .args(["--no-default-features", "--features", feature])
            .current_dir(root)
            .env("CARGO_TARGET_DIR", root.join("target/features-target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "graph-photos does not compile with only the feature {feature:?}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

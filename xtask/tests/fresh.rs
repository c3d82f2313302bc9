//! `cargo test` alone catches a stale generated tree: `generated/src/gen/`
//! must be exactly what `spec/graph-photos.yaml` generates.

use std::path::Path;

use generator::output::diff_tree;
use generator::Options;

#[test]
fn committed_generated_tree_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let options = Options::new("cargo xtask regenerate", "spec/graph-photos.yaml").strict(true);
    let files = generator::generate(&root.join("spec/graph-photos.yaml"), &options)
        .unwrap_or_else(|error| panic!("{error}"))
        .files;
    let diff =
        diff_tree(&root.join("generated/src/gen"), &files).expect("generated/src/gen is readable");
    assert!(
        diff.is_empty(),
        "generated/src/gen is stale; run `cargo xtask regenerate` and commit the result.\n{}",
        diff.report("generated/src/gen")
    );
}

//! What the tests that build generated crates, and those with expected
//! output in files, share.

// Each test file uses a part.
#![allow(dead_code)]

use std::path::Path;

use apicrate_codegen::Generated;

/// Writes the crate `generated` is (generated with [`Options::package`])
/// into `dir`, replacing what was there, with the project's lock file
/// (same dependency versions, no index lookups).
///
/// [`Options::package`]: apicrate_codegen::Options::package
pub fn write_crate(root: &Path, dir: &Path, generated: &Generated) {
    assert!(generated.files.contains_key("Cargo.toml"), "a whole crate (Options::package)");
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in &generated.files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
        std::fs::write(full, text).expect("write");
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

/// `actual` is what the file `expected` holds. With `APICRATE_BLESS=1`,
/// the file is written instead: review its diff before committing.
pub fn assert_golden(expected: &Path, actual: &str) {
    if bless() {
        std::fs::write(expected, actual).expect("the expected file");
        return;
    }
    let before = std::fs::read_to_string(expected).unwrap_or_default();
    assert!(before == actual, "{}", stale(&[golden_diff(expected, &before, actual)]));
}

/// Whether this run writes the expected files (`APICRATE_BLESS=1`).
pub fn bless() -> bool {
    std::env::var_os("APICRATE_BLESS").is_some_and(|value| value == "1")
}

/// The diff from `before` to `actual` of the expected file `path`.
pub fn golden_diff(path: &Path, before: &str, actual: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
    apicrate_codegen::output::unified_diff(&shown, before, actual)
}

/// The failure message of expected output that is not what was made.
pub fn stale(diffs: &[String]) -> String {
    format!(
        "the expected output is not what the generator makes now:\n{}\nIf the change is intended, \
         run `APICRATE_BLESS=1 cargo test -p apicrate-codegen` and review the diff.",
        diffs.join("\n")
    )
}

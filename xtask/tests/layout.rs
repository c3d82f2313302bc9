//! Source files a person reads stay readable: every hand-written Rust file
//! of the repository at most 500 lines, no line over 200 characters. The
//! generated module trees (`generated/src/gen/`, and the golden crates'
//! `src/gen/` and `src/lib.rs` in `generator/tests/expected/`) are the
//! generator's.

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 500;
const MAX_LINE_CHARS: usize = 200;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// The hand-written `.rs` files under `dir`, leaving out build output and
/// generated trees.
fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let skipped = ["target", "node_modules", ".git"];
    for entry in std::fs::read_dir(dir).expect("a directory") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !skipped.contains(&name) && !path.ends_with("src/gen") {
                rust_files(&path, found);
            }
        } else if name.ends_with(".rs") && !golden_root(&path) {
            found.push(path);
        }
    }
}

/// Whether `path` is the generated `src/lib.rs` of a golden crate.
fn golden_root(path: &Path) -> bool {
    let crate_dir = path.parent().and_then(Path::parent);
    path.ends_with("src/lib.rs")
        && crate_dir.is_some_and(|dir| {
            dir.parent().is_some_and(|parent| parent.ends_with("generator/tests/expected"))
                && !dir.ends_with("support")
        })
}

#[test]
fn every_source_file_is_short_and_its_lines_are_too() {
    let mut files = Vec::new();
    for dir in ["generator", "generated", "spec", "xtask"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 100, "the repository's Rust files: {}", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        let shown = file.strip_prefix(root()).unwrap_or(file).display().to_string();
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!("{shown} has {lines} lines (at most {MAX_LINES})"));
        }
        for (number, line) in text.lines().enumerate() {
            let chars = line.chars().count();
            if chars > MAX_LINE_CHARS {
                let number = number + 1;
                problems.push(format!("{shown}:{number} has {chars} characters"));
            }
        }
    }
    assert!(problems.is_empty(), "split these:\n{}", problems.join("\n"));
}

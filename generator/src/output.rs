//! Writing a generated tree to disk, or checking that the tree on disk is
//! what generation would write.
//!
//! Writing replaces the whole directory in one step: the new tree is written
//! beside it, then swapped in by renames, so a failed run leaves the previous
//! tree intact and files that are no longer generated disappear.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::ir::Files;

/// How the tree on disk differs from the generated one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeDiff {
    /// Files generation would add.
    pub added: Vec<String>,
    /// Files on disk that generation would no longer write.
    pub removed: Vec<String>,
    /// Files whose contents differ, with a unified diff (disk -> generated).
    pub changed: Vec<(String, String)>,
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// One line per added, removed or changed file; `dir` is shown before
    /// each path (for example `generated/src/gen`).
    pub fn summary(&self, dir: &str) -> String {
        let mut out = String::new();
        for path in &self.added {
            let _ = writeln!(out, "  added:   {dir}/{path}");
        }
        for path in &self.removed {
            let _ = writeln!(out, "  removed: {dir}/{path}");
        }
        for (path, _) in &self.changed {
            let _ = writeln!(out, "  changed: {dir}/{path}");
        }
        out
    }

    /// The [`summary`](Self::summary), then a unified diff per changed file.
    pub fn report(&self, dir: &str) -> String {
        let mut out = self.summary(dir);
        for (_, diff) in &self.changed {
            out.push('\n');
            out.push_str(diff);
        }
        out
    }
}

/// An I/O failure, naming the path involved.
#[derive(Debug, thiserror::Error)]
#[error("{action} {path}: {source}")]
pub struct OutputError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

fn io_error(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError { action, path, source }
}

/// Compares the generated `files` with the tree under `dir` (which may not exist).
pub fn diff_tree(dir: &Path, files: &Files) -> Result<TreeDiff, OutputError> {
    let on_disk = list_files(dir)?;
    let mut diff = TreeDiff::default();
    for (path, contents) in files {
        if !on_disk.contains(path) {
            diff.added.push(path.clone());
            continue;
        }
        let full = dir.join(path);
        let current = std::fs::read(&full).map_err(io_error("cannot read", &full))?;
        if current != contents.as_bytes() {
            let current = String::from_utf8_lossy(&current);
            diff.changed.push((path.clone(), unified_diff(path, &current, contents)));
        }
    }
    diff.removed = on_disk.into_iter().filter(|path| !files.contains_key(path)).collect();
    Ok(diff)
}

/// A unified diff of one file, from `old` (on disk) to `new` (generated).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the tree under `dir` with `files`, unless it is already identical.
/// Returns what changed.
pub fn write_tree(dir: &Path, files: &Files) -> Result<TreeDiff, OutputError> {
    let diff = diff_tree(dir, files)?;
    if diff.is_empty() {
        return Ok(diff);
    }
    let name = dir.file_name().and_then(|name| name.to_str()).unwrap_or("out");
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)
                .map_err(io_error("cannot remove the leftover", leftover))?;
        }
    }
    let staged = write_all(&staging, files);
    if let Err(error) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    if dir.exists() {
        std::fs::rename(dir, &previous).map_err(io_error("cannot move aside", dir))?;
    }
    if let Err(source) = std::fs::rename(&staging, dir) {
        // Put the previous tree back so nothing is lost.
        let _ = std::fs::rename(&previous, dir);
        return Err(OutputError { action: "cannot move into place", path: staging, source });
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous).map_err(io_error("cannot remove", &previous))?;
    }
    Ok(diff)
}

/// Writes one file atomically (a temporary file beside it, then a rename),
/// unless it already has these contents. Returns whether it changed.
pub fn write_file(path: &Path, contents: &str) -> Result<bool, OutputError> {
    if std::fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error("cannot create", parent))?;
    }
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("file");
    let temporary = path.with_file_name(format!(".{name}.new"));
    std::fs::write(&temporary, contents).map_err(io_error("cannot write", &temporary))?;
    std::fs::rename(&temporary, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        OutputError { action: "cannot move into place", path: path.to_path_buf(), source }
    })?;
    Ok(true)
}

fn write_all(root: &Path, files: &Files) -> Result<(), OutputError> {
    for (path, contents) in files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(io_error("cannot create", parent))?;
        }
        std::fs::write(&full, contents).map_err(io_error("cannot write", &full))?;
    }
    Ok(())
}

/// Every file under `dir`, as `/`-separated relative paths.
fn list_files(dir: &Path) -> Result<BTreeSet<String>, OutputError> {
    let mut found = BTreeSet::new();
    if !dir.exists() {
        return Ok(found);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(io_error("cannot list", &current))?;
        for entry in entries {
            let entry = entry.map_err(io_error("cannot list", &current))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(io_error("cannot inspect", &path))?;
            if kind.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.insert(parts.join("/"));
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(path, contents)| (path.to_string(), contents.to_string())).collect()
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("generator-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn write_then_check_is_clean_and_stale_files_are_removed() {
        let root = temp_dir("write");
        let out = root.join("gen");
        let first = files(&[("a.rs", "a\n"), ("sub/b.rs", "b\n")]);
        let diff = write_tree(&out, &first).expect("write");
        assert_eq!(diff.added, ["a.rs", "sub/b.rs"]);
        assert!(diff_tree(&out, &first).expect("diff").is_empty());

        let second = files(&[("a.rs", "a2\n"), ("c.rs", "c\n")]);
        let diff = diff_tree(&out, &second).expect("diff");
        assert_eq!(diff.added, ["c.rs"]);
        assert_eq!(diff.removed, ["sub/b.rs"]);
        assert_eq!(diff.changed.len(), 1);
        let report = diff.report("gen");
        assert!(report.contains("  changed: gen/a.rs\n"), "{report}");
        assert!(report.contains("-a\n+a2"), "{report}");

        write_tree(&out, &second).expect("write");
        assert!(!out.join("sub/b.rs").exists());
        assert_eq!(std::fs::read_to_string(out.join("a.rs")).expect("read"), "a2\n");
        assert!(!root.join(".gen.new").exists() && !root.join(".gen.old").exists());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn single_files_are_replaced_only_when_different() {
        let root = temp_dir("file");
        let path = root.join("sub/Cargo.toml");
        assert!(write_file(&path, "one\n").expect("write"));
        assert!(!write_file(&path, "one\n").expect("unchanged"));
        assert!(write_file(&path, "two\n").expect("write"));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "two\n");
        assert!(!root.join("sub/.Cargo.toml.new").exists());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_failed_write_leaves_the_previous_tree() {
        let root = temp_dir("fail");
        let out = root.join("gen");
        write_tree(&out, &files(&[("a.rs", "a\n")])).expect("write");
        // A file where a directory must go makes the staging write fail.
        let bad = files(&[("x", "file\n"), ("x/y.rs", "nested\n")]);
        assert!(write_tree(&out, &bad).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.rs")).expect("read"), "a\n");
        assert!(!root.join(".gen.new").exists());
        let _ = std::fs::remove_dir_all(root);
    }
}

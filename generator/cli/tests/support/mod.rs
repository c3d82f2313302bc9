//! What the tests of `apicrate` share: fixtures, a scratch directory,
//! running the tool and cargo.

#![allow(dead_code)] // Each test file uses some of these.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

/// A fresh directory to run in, with `specs` copied into it.
pub fn workdir(test: &str, specs: &[&str]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apicrate-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    for spec in specs {
        std::fs::copy(fixture(spec), dir.join(spec)).expect("copy the fixture");
    }
    dir
}

/// `apicrate ARGS` in `dir`.
pub fn apicrate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apicrate"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("apicrate runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

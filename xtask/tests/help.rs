//! Every task answers `--help` with its usage and does nothing else, and an
//! unknown flag is an error that runs nothing (`test --bogus` must not start
//! the suite).

use std::process::Command;

const TASKS: [&str; 8] =
    ["regenerate", "lint-spec", "spec-diff", "check-pages", "corpus", "docs", "bench", "test"];

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

#[test]
fn every_task_answers_help_and_does_nothing_else() {
    for task in TASKS {
        for flag in ["--help", "-h"] {
            let output = xtask(&[task, flag]);
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert_eq!(output.status.code(), Some(0), "{task} {flag}: {stdout}");
            assert!(stdout.contains("Usage: cargo xtask"), "{task} {flag}: {stdout}");
            assert!(output.stderr.is_empty(), "{task} {flag} printed to stderr");
        }
    }
    let listing = String::from_utf8_lossy(&xtask(&["help"]).stdout).into_owned();
    for task in TASKS {
        assert!(listing.contains(task), "`help` does not list {task}: {listing}");
    }
}

#[test]
fn unknown_flags_are_errors_that_run_nothing() {
    for task in ["test", "regenerate", "bench", "lint-spec"] {
        let output = xtask(&[task, "--bogus"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{task}: {stderr}");
        assert!(stderr.contains("unexpected argument '--bogus'"), "{task}: {stderr}");
        assert!(!stderr.contains("==>"), "{task} started working: {stderr}");
    }
}

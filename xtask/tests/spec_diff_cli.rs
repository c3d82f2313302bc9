//! `cargo xtask spec-diff` as CI uses it: a report on stdout and in `--out`,
//! and a failing exit status on breaking changes unless acknowledged.
//! (`--no-redocly` keeps this test independent of node_modules; the
//! Redocly section is exercised by `cargo xtask spec-diff` itself.)

use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("root");
    root.join("generator/tests/spec_diff").join(name).display().to_string()
}

/// `cargo xtask spec-diff ARGS`: its exit status, stdout and stderr.
fn spec_diff(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("xtask runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn breaking_changes_fail_unless_acknowledged() {
    let (old, new) = (fixture("base.yaml"), fixture("every_kind.yaml"));
    let (code, stdout, stderr) = spec_diff(&[&old, &new, "--no-redocly"]);
    // 3, as `apicrate diff`: breaking changes, not an error (1).
    assert_eq!(code, Some(3), "breaking changes must fail: {stderr}");
    assert!(stdout.contains("**9 breaking**, 6 compatible."), "{stdout}");
    assert!(stdout.contains("`operations::SetThingContent::body`"), "{stdout}");
    assert!(
        stderr.contains("9 breaking change(s)") && stderr.contains("--allow-breaking"),
        "{stderr}"
    );

    let out = std::env::temp_dir().join(format!("spec-diff-{}.md", std::process::id()));
    let (code, stdout, _) = spec_diff(&[
        &old,
        &new,
        "--no-redocly",
        "--allow-breaking",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, Some(0), "acknowledged breaking changes pass");
    assert_eq!(std::fs::read_to_string(&out).expect("--out written"), stdout);
    let _ = std::fs::remove_file(out);
}

#[test]
fn compatible_changes_pass() {
    let (code, stdout, _) =
        spec_diff(&[&fixture("base.yaml"), &fixture("base.yaml"), "--no-redocly"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("No changes to operations, webhooks or schemas."), "{stdout}");
}

#[test]
fn wrong_arguments_say_how_to_call_it() {
    for args in [&["only-one.yaml"][..], &["--base", "main", "a.yaml", "b.yaml"], &["--bogus"]] {
        let (code, _, stderr) = spec_diff(args);
        assert_eq!(code, Some(2), "a usage error: {args:?}");
        assert!(stderr.contains("Usage: cargo xtask spec-diff"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_spec_that_cannot_be_read_is_an_error_not_a_verdict() {
    let (code, _, stderr) = spec_diff(&["no-such.yaml", &fixture("base.yaml"), "--no-redocly"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("no-such.yaml"), "{stderr}");
}

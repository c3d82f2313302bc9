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

fn spec_diff(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-diff")
        .args(args)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("xtask runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn breaking_changes_fail_unless_acknowledged() {
    let (old, new) = (fixture("base.yaml"), fixture("every_kind.yaml"));
    let (ok, stdout, stderr) = spec_diff(&[&old, &new, "--no-redocly"]);
    assert!(!ok, "breaking changes must fail");
    assert!(stdout.contains("**9 breaking**, 6 compatible."), "{stdout}");
    assert!(stdout.contains("`operations::SetThingContent::body`"), "{stdout}");
    assert!(
        stderr.contains("9 breaking change(s)") && stderr.contains("--allow-breaking"),
        "{stderr}"
    );

    let out = std::env::temp_dir().join(format!("spec-diff-{}.md", std::process::id()));
    let (ok, stdout, _) = spec_diff(&[
        &old,
        &new,
        "--no-redocly",
        "--allow-breaking",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(ok, "acknowledged breaking changes pass");
    assert_eq!(std::fs::read_to_string(&out).expect("--out written"), stdout);
    let _ = std::fs::remove_file(out);
}

#[test]
fn compatible_changes_pass() {
    let (ok, stdout, _) =
        spec_diff(&[&fixture("base.yaml"), &fixture("base.yaml"), "--no-redocly"]);
    assert!(ok);
    assert!(stdout.contains("No changes to operations, webhooks or schemas."), "{stdout}");
}

#[test]
fn wrong_arguments_say_how_to_call_it() {
    for args in [&["only-one.yaml"][..], &["--base", "main", "a.yaml", "b.yaml"], &["--bogus"]] {
        let (ok, _, stderr) = spec_diff(args);
        assert!(!ok, "{args:?}");
        assert!(stderr.contains("Usage: cargo xtask spec-diff"), "{args:?}: {stderr}");
    }
}

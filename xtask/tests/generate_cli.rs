//! `cargo xtask generate` as a user runs it on someone else's spec: a
//! crate with warnings and a summary, a report in Markdown or JSON,
//! `--strict` refusing what needs a fallback, and a crate name that is a
//! valid snake_case library name whatever the file is called.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("root");
    root.join("generator/tests/fixtures").join(name)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("generate-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn generate(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("generate")
        .args(args)
        .output()
        .expect("xtask runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn warnings_are_shown_and_summed_up_and_the_report_is_written() {
    let dir = scratch("report");
    let spec = fixture("degraded.yaml");
    let (md, json) = (dir.join("report.md"), dir.join("report.json"));
    let out = dir.join("crate");
    let args = [spec.to_str().unwrap(), out.to_str().unwrap(), md.to_str().unwrap()];
    let (ok, stderr) = generate(&["--spec", args[0], "--out", args[1], "--report", args[2]]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("5 warnings in"), "{stderr}");
    assert!(stderr.contains("warning: `not` schemas have no Rust type"), "{stderr}");
    assert!(
        stderr.contains("generated 2 operations and 1 type, 2 operations degraded (5 warnings)"),
        "{stderr}"
    );
    let markdown = std::fs::read_to_string(&md).expect("the Markdown report");
    assert!(markdown.contains("## Degraded operations\n\n- `postA`\n- `putB`"), "{markdown}");
    assert!(
        markdown.contains(
            "| 28:15 | `#/paths/~1a/post/responses/200/content/application~1json/schema` |"
        ),
        "{markdown}"
    );

    let (ok, stderr) =
        generate(&["--spec", args[0], "--out", args[1], "--report", json.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).expect("JSON");
    assert_eq!(report["operations"], 2);
    assert_eq!(report["degraded_operations"], serde_json::json!(["postA", "putB"]));
    assert_eq!(report["warnings"][2]["line"], 28);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn strict_refuses_a_spec_that_needs_fallbacks_and_writes_nothing() {
    let dir = scratch("strict");
    let out = dir.join("crate");
    let spec = fixture("degraded.yaml");
    let (ok, stderr) =
        generate(&["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--strict"]);
    assert!(!ok, "--strict must fail");
    assert!(stderr.contains("5 problems in"), "{stderr}");
    assert!(stderr.contains("an error because of --strict"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn crate_names_from_file_names_are_snake_case_libraries() {
    let dir = scratch("names");
    let spec = dir.join("1Acme-api--spec.yaml");
    std::fs::copy(fixture("small.yaml"), &spec).expect("copy");
    let out = dir.join("crate");
    let (ok, stderr) =
        generate(&["--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("generated crate `api-1acme-api-spec`"), "{stderr}");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"api-1acme-api-spec\""), "{manifest}");
    let _ = std::fs::remove_dir_all(&dir);
}

//! A crate outside the workspace can depend on `generated/` by path, build,
//! and use it: build an upload request and read a Graph error.

use std::path::Path;
use std::process::{Command, Output};

const MAIN: &str = r##"
use bytes::Bytes;
use graph_photos::operations::{GetUserPhotoContent, SetUserPhotoContent, ALL};
use graph_photos::{base_url, ApiVersion, NationalCloud, Operation};

fn main() {
    let jpeg = Bytes::from_static(&[0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xD9]);
    let upload = SetUserPhotoContent::new("alice@contoso.com", jpeg);
    let request = upload.to_http_request(&base_url(NationalCloud::Global, ApiVersion::V1)).expect("request");
    println!("{} {} {}", request.method(), request.uri(), request.headers()["content-type"].to_str().expect("ascii"));

    let not_found = http::Response::builder()
        .status(404)
        .header("request-id", "7f3e")
        .body(Bytes::from_static(br#"{"error":{"code":"ImageNotFound","message":"No photo."}}"#))
        .expect("response");
    let error = GetUserPhotoContent::parse_response(not_found).expect_err("a Graph error");
    let service = error.service_error().expect("service error");
    println!("{} {} {}", service.status, service.code().unwrap_or("?"), service.request_id().unwrap_or("?"));
    println!("{} operations", ALL.len());
}
"##;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// A new project in `target/NAME`, outside the workspace, of `dependencies`
/// (a `[dependencies]` table) and `main`, with the workspace's lock file:
/// the same versions; what a new machine lacks is downloaded (not
/// `--offline`). `cargo ARGS` in it, with `env`.
fn project(
    name: &str,
    dependencies: &str,
    main: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let project = root().join("target").join(name);
    let _ = std::fs::remove_dir_all(&project);
    std::fs::create_dir_all(project.join("src")).expect("project dir");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{dependencies}\n[workspace]\n"
    );
    std::fs::write(project.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(project.join("src/main.rs"), main).expect("main.rs");
    std::fs::copy(root().join("Cargo.lock"), project.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.args(args).current_dir(&project);
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("cargo runs")
}

#[test]
fn a_crate_outside_the_workspace_builds_requests_and_reads_errors() {
    let root = root();
    let dependencies = format!(
        "[dependencies]\ngraph-photos = {{ path = {:?} }}\nbytes = \"1\"\nhttp = \"1\"\n",
        root.join("generated").display().to_string()
    );
    let target = root.join("target/consumer-target").display().to_string();
    let output = project(
        "photo-consumer",
        &dependencies,
        MAIN,
        &["run", "--quiet"],
        &[("CARGO_TARGET_DIR", &target)],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the consumer crate failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "PUT https://graph.microsoft.com/v1.0/users/alice%40contoso.com/photo/$value image/jpeg"
    );
    assert_eq!(lines[1], "404 Not Found ImageNotFound 7f3e");
    assert!(lines[2].ends_with(" operations") && lines[2] != "0 operations", "{}", lines[2]);
}

/// The README's first call, pasted into a new project beside a clone of
/// the repository, builds: its `[dependencies]` (the path the README
/// names, resolved as from a clone beside the project) and its code.
#[test]
fn the_readme_first_call_builds_in_a_project_beside_a_clone() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let section = readme.split("## A first call with graph-photos").nth(1).expect("the section");
    let block = |language: &str| {
        let start =
            section.find(&format!("```{language}\n")).expect("a block") + language.len() + 4;
        section[start..].split("```").next().expect("a closed block").to_owned()
    };
    let (dependencies, code) = (block("toml"), block("rust"));
    // The README clones into `graph-photos` beside the project.
    assert!(section.contains("git clone https://github.com/graph-photos/graph-photos`"));
    let beside = "path = \"../graph-photos/generated\"";
    assert!(dependencies.contains(beside), "{dependencies}");
    let dependencies = dependencies
        .replace(beside, &format!("path = {:?}", root.join("generated").display().to_string()));

    // A crate doc of its own, so that missing docs stay denied for the
    // README's code; the generated fixture crates' target directory and
    // flags, where the client's dependencies are built once.
    let target = root.join("target/fixture-target").display().to_string();
    let output = project(
        "readme-first-call",
        &dependencies,
        &format!("//! The README's first call.\n{code}"),
        &["check", "--quiet"],
        &[("CARGO_TARGET_DIR", &target), ("RUSTFLAGS", "-D warnings -D missing_docs")],
    );
    assert!(
        output.status.success(),
        "the README's first call does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

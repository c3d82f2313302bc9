//! A crate outside the workspace can depend on `generated/` by path, build,
//! and use it: build an upload request and read a Graph error.

use std::path::Path;
use std::process::Command;

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

#[test]
fn a_crate_outside_the_workspace_builds_requests_and_reads_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let consumer = root.join("target/consumer-crate");
    let _ = std::fs::remove_dir_all(&consumer);
    std::fs::create_dir_all(consumer.join("src")).expect("consumer dir");
    let manifest = format!(
        "[package]\nname = \"photo-consumer\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\ngraph-photos = {{ path = {:?} }}\nbytes = \"1\"\nhttp = \"1\"\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(consumer.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(consumer.join("src/main.rs"), MAIN).expect("main.rs");
    // Same dependency versions as the workspace; what a new machine lacks
    // is downloaded (not `--offline`).
    std::fs::copy(root.join("Cargo.lock"), consumer.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet"])
        .current_dir(&consumer)
        .env("CARGO_TARGET_DIR", root.join("target/consumer-target"))
        .output()
        .expect("cargo runs");
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

//! A user's first authenticated calls, made by following the generated
//! README alone: a project of theirs takes the README's `[dependencies]`
//! lines and its credentials example as written, with only the base URL
//! pointed at a loopback server and the secrets in the environment. The
//! server sees each scheme's credentials where the spec puts them.

mod support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, Mutex};

use support::{cargo, root};

/// The first fenced block after `heading` in `markdown`, with its fence's
/// info string `info`.
fn block_after<'a>(markdown: &'a str, heading: &str, info: &str) -> &'a str {
    let section =
        markdown.split_once(heading).unwrap_or_else(|| panic!("{heading} in {markdown}")).1;
    let block = section.split_once(&format!("```{info}\n")).expect("a block").1;
    block.split_once("```").expect("its end").0
}

/// Serves every connection with `200 {"ok": true}` and keeps each
/// request's head, lowercased.
fn loopback_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}/v1", listener.local_addr().expect("its address"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = String::new();
            let mut reader = BufReader::new(&stream);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line.to_lowercase());
            }
            seen.lock().expect("the heads").push(head);
            let body = "{\"ok\":true}";
            let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, heads)
}

#[test]
fn a_first_authenticated_call_follows_the_readme() {
    let root = root();
    let dir = std::env::temp_dir().join(format!("apicrate-first-call-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let spec = root.join("generator/tests/fixtures/auth.yaml");
    let generate = Command::new(env!("CARGO_BIN_EXE_apicrate"))
        .args(["generate", "--out", "auth", "--spec"])
        .arg(&spec)
        .current_dir(&dir)
        .output()
        .expect("apicrate runs");
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    let readme = std::fs::read_to_string(dir.join("auth/README.md")).expect("a README");

    // The user's project: the README's lines, the crate where it was put.
    let dependencies = block_after(&readme, "## In your project", "toml");
    let dependencies = dependencies.replace("path = \"../auth-fixture\"", "path = \"../auth\"");
    let (url, heads) = loopback_server();
    let example = block_after(&readme, "## Credentials", "rust");
    assert!(example.contains("\"https://auth.example.com/v1\""), "{example}");
    let example = example.replace("\"https://auth.example.com/v1\"", &format!("{url:?}"));
    let main = format!(
        "//! A project of the user's.\n#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{example}Ok(())\n}}\n"
    );
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("src")).expect("app dir");
    let manifest = format!(
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n{dependencies}"
    );
    std::fs::write(app.join("Cargo.toml"), manifest).expect("app manifest");
    std::fs::write(app.join("src/main.rs"), main).expect("app main");
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).expect("lock file");

    let secrets = [
        ("AUTH_FIXTURE_BEARER_TOKEN", "bearer-token"),
        ("AUTH_FIXTURE_BASIC_USER", "user"),
        ("AUTH_FIXTURE_BASIC_PASSWORD", "secret"),
        ("AUTH_FIXTURE_HEADER_KEY", "header-key"),
        ("AUTH_FIXTURE_QUERY_KEY", "query-key"),
        ("AUTH_FIXTURE_COOKIE_KEY", "cookie-key"),
        ("AUTH_FIXTURE_OAUTH_TOKEN", "oauth-token"),
        ("AUTH_FIXTURE_OIDC_TOKEN", "oidc-token"),
    ];
    let run = cargo()
        .args(["run", "--offline", "--quiet"])
        .current_dir(&app)
        // Shared with the other tests that build crates, with their flags.
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", "-D warnings -D missing_docs")
        .envs(secrets)
        .output()
        .expect("cargo runs");
    let (out, err) = (String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the README's example fails:\n{out}\n{err}");
    assert_eq!(out.matches("ok: true").count(), 7, "seven answers: {out}");
    assert!(err.contains("a token for the scopes things.read"), "{err}");

    let heads = heads.lock().expect("the heads").clone();
    let sent = |path: &str, credentials: &str| {
        let head = heads.iter().find(|head| head.starts_with(&format!("get {path} ")));
        let head = head.unwrap_or_else(|| panic!("no request for {path}: {heads:#?}"));
        assert!(head.contains(credentials), "{path} without {credentials}:\n{head}");
    };
    sent("/v1/bearer", "\r\nauthorization: bearer bearer-token\r\n");
    // `user:secret` in base64.
    sent("/v1/basic", "\r\nauthorization: basic dxnlcjpzzwnyzxq=\r\n");
    sent("/v1/header-key", "\r\nx-api-key: header-key\r\n");
    sent("/v1/query-key?api_key=query-key", "");
    sent("/v1/cookie-key", "\r\ncookie: session=cookie-key\r\n");
    sent("/v1/oauth", "\r\nauthorization: bearer oauth-token\r\n");
    sent("/v1/oidc", "\r\nauthorization: bearer oidc-token\r\n");
    let _ = std::fs::remove_dir_all(&dir);
}

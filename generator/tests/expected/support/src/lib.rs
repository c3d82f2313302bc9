//! What the hand-written tests of the golden fixture crates
//! (`generator/tests/expected/`) share: Prism, a validating mock server we
//! did not write, serving a fixture spec (`generator/tests/fixtures/`) on
//! loopback. Prism is the one of the project's npm lock file, which
//! `cargo xtask test` installs (`npm ci`).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;

/// A Prism process serving one spec on a loopback port, stopped on drop.
pub struct Prism {
    child: Child,
    port: u16,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prism {
    /// Prism serving the fixture `spec` (a file name in `generator/tests/fixtures/`).
    pub fn start(spec: &str) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../..");
        let prism = root.join("node_modules/.bin/prism");
        assert!(
            prism.exists(),
            "Prism is not installed at {}: run `npm ci` in the workspace (`cargo xtask test` does it)",
            prism.display()
        );
        let specs = root.join("generator/tests/fixtures");
        // One start at a time: a port is free only until some Prism binds
        // it, so two tests choosing at once could both pick it and the
        // loser would wait on the winner's server.
        static STARTING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _starting = STARTING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut child = Command::new(prism)
            .args(["mock", spec, "--host", "127.0.0.1", "--port", &port.to_string()])
            .current_dir(specs)
            .env("REDOCLY_TELEMETRY", "off")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Prism starts");
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "Prism did not start in 90 s");
            if let Ok(Some(status)) = child.try_wait() {
                panic!("Prism exited before serving {spec} on port {port}: {status}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Self { child, port }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends a request as the crate built it over plain HTTP/1.1 and reads
    /// the whole answer; `prefer` asks Prism for a documented status.
    pub fn send(
        &self,
        request: http::Request<Bytes>,
        prefer: Option<u16>,
    ) -> http::Response<Bytes> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        let target = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
        let mut head = format!(
            "{} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
            request.method()
        );
        for (name, value) in request.headers() {
            head.push_str(&format!("{name}: {}\r\n", value.to_str().expect("ASCII header")));
        }
        if let Some(code) = prefer {
            head.push_str(&format!("Prefer: code={code}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body().len()));
        stream.write_all(head.as_bytes()).expect("writes");
        stream.write_all(request.body()).expect("writes");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("reads");
        parse_answer(&answer)
    }
}

/// An HTTP/1.1 answer read to its end (`Connection: close`).
fn parse_answer(answer: &[u8]) -> http::Response<Bytes> {
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = std::str::from_utf8(&answer[..split]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let mut builder = http::Response::builder().status(status);
    let mut chunked = false;
    for line in lines {
        let (name, value) = line.split_once(':').expect("a header");
        chunked |= name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked");
        builder = builder.header(name.trim(), value.trim());
    }
    let mut body = answer[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body);
    }
    builder.body(Bytes::from(body)).expect("a response")
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size");
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..end]).expect("hex").trim(), 16)
                .expect("hex");
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[end + 2..end + 2 + size]);
        rest = &rest[end + 2 + size + 2..];
    }
}

//! A scripted HTTP/1.1 server on 127.0.0.1 for behaviour tests.
//!
//! It answers each connection with the next scripted reply, byte for byte,
//! so tests can send what no well-behaved server library would: truncated
//! bodies, wrong lengths, HTML error pages. It records every request.

#![allow(dead_code)] // each test binary uses a different part

#[cfg(feature = "client")]
pub mod batch_server;
#[cfg(feature = "client")]
pub mod clients;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The request target, exactly as sent (still percent-encoded).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body_len: usize,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

pub struct ScriptedServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl ScriptedServer {
    /// Serves `replies` in order, one per connection; then stops accepting.
    pub fn start(replies: Vec<Vec<u8>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        thread::spawn(move || {
            for reply in replies {
                let Ok((stream, _)) = listener.accept() else { return };
                serve(stream, &reply, &log);
            }
        });
        Self { addr, received }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("log").clone()
    }
}

/// Reads one request, records it, then sends the reply: recorded first, so a
/// test that has its response always sees the request in the log.
fn serve(stream: TcpStream, reply: &[u8], log: &Mutex<Vec<Received>>) -> Option<()> {
    let RawRequest { method, target, headers, body } = read_request(&stream)?;
    log.lock().expect("log").push(Received {
        method,
        target,
        headers,
        body_len: body.len(),
        at: Instant::now(),
    });
    let mut stream = stream;
    let _ = stream.write_all(reply);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Some(())
}

/// One HTTP/1.1 request as read off a connection.
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Reads one request from `stream`: its line, its headers up to the empty
/// line, and `Content-Length` bytes of body (10 s at most per read).
pub fn read_request(stream: &TcpStream) -> Option<RawRequest> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(RawRequest { method, target, headers, body })
}

/// A complete HTTP/1.1 reply with a correct `Content-Length`.
pub fn reply(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len())
            .into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A Graph error body.
pub fn graph_error(code: &str, request_id: &str) -> Vec<u8> {
    format!(
        r#"{{"error":{{"code":"{code}","message":"{code} happened","innerError":{{"date":"2026-11-22T10:00:00","request-id":"{request_id}","client-request-id":"{request_id}"}}}}}}"#
    )
    .into_bytes()
}

/// A server that answers every connection on its own thread after `delay`,
/// counting how many requests it holds at once.
pub struct ConcurrentServer {
    pub addr: SocketAddr,
    in_flight: Arc<std::sync::atomic::AtomicUsize>,
    most: Arc<std::sync::atomic::AtomicUsize>,
}

impl ConcurrentServer {
    /// Answers `count` requests with `reply`, each after `delay`.
    pub fn start(count: usize, delay: Duration, reply: Vec<u8>) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let (now, max) = (Arc::clone(&in_flight), Arc::clone(&most));
        thread::spawn(move || {
            for _ in 0..count {
                let Ok((stream, _)) = listener.accept() else { return };
                let (now, max, reply) = (Arc::clone(&now), Arc::clone(&max), reply.clone());
                thread::spawn(move || {
                    let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(current, Ordering::SeqCst);
                    thread::sleep(delay);
                    now.fetch_sub(1, Ordering::SeqCst);
                    serve(stream, &reply, &Mutex::new(Vec::new()));
                });
            }
        });
        Self { addr, in_flight, most }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The most requests held at once so far.
    pub fn most_in_flight(&self) -> usize {
        self.most.load(std::sync::atomic::Ordering::SeqCst)
    }
}

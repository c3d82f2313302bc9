//! A loopback server that answers `$batch` requests step by step, as
//! Graph's JSON batching guide describes (beyond the pages): each step
//! gets its own status, headers and body from a handler, the responses
//! come back in reverse order (the guide allows any), and every batch
//! request is recorded with its steps.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A batch request as the server received it.
#[derive(Debug, Clone)]
pub struct BatchReceived {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// The `requests` of the body, as sent.
    pub steps: Vec<Value>,
    pub at: Instant,
}

impl BatchReceived {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The ids of the steps, in the order sent.
    pub fn ids(&self) -> Vec<String> {
        self.steps.iter().map(|step| step["id"].as_str().unwrap_or("").to_owned()).collect()
    }
}

/// What a step is answered: `{status, headers, body}`.
pub type StepHandler = dyn Fn(&Value) -> Value + Send + Sync;

pub struct BatchServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<BatchReceived>>>,
    most: Arc<AtomicUsize>,
}

impl BatchServer {
    /// Answers every batch with `handler`'s answer for each step, holding
    /// each request `delay` (to see how many are in flight at once); the
    /// first `refuse_first` batch requests are refused as a whole with a
    /// 429 and `Retry-After: 0`.
    pub fn start(
        delay: Duration,
        refuse_first: usize,
        handler: impl Fn(&Value) -> Value + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let most = Arc::new(AtomicUsize::new(0));
        let handler: Arc<StepHandler> = Arc::new(handler);
        let (log, max) = (Arc::clone(&received), Arc::clone(&most));
        let now = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (log, max, now) = (Arc::clone(&log), Arc::clone(&max), Arc::clone(&now));
                let (handler, refused) = (Arc::clone(&handler), Arc::clone(&refused));
                thread::spawn(move || {
                    let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(current, Ordering::SeqCst);
                    let refuse = refused.fetch_add(1, Ordering::SeqCst) < refuse_first;
                    serve(stream, delay, refuse, handler.as_ref(), &log);
                    now.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Self { addr, received, most }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/v1.0", self.addr)
    }

    pub fn received(&self) -> Vec<BatchReceived> {
        self.received.lock().expect("log").clone()
    }

    /// How many times each step id was sent, over all batch requests.
    pub fn sends_per_id(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for request in self.received() {
            for id in request.ids() {
                *counts.entry(id).or_insert(0) += 1;
            }
        }
        counts
    }

    /// The most requests held at once so far.
    pub fn most_in_flight(&self) -> usize {
        self.most.load(Ordering::SeqCst)
    }
}

fn serve(
    stream: TcpStream,
    delay: Duration,
    refuse: bool,
    handler: &StepHandler,
    log: &Mutex<Vec<BatchReceived>>,
) -> Option<()> {
    let super::RawRequest { method, target, headers, body } = super::read_request(&stream)?;
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let steps = body["requests"].as_array().cloned().unwrap_or_default();
    let at = Instant::now();
    thread::sleep(delay);
    // The status line, and for a refusal its `Retry-After` header.
    let (status, reply) = if refuse {
        let error = json!({"error": {"code": "TooManyRequests", "message": "Slow down."}});
        ("429 Too Many Requests\r\nretry-after: 0", error)
    } else {
        let mut responses: Vec<Value> = steps
            .iter()
            .map(|step| {
                let mut answer = handler(step);
                answer["id"] = step["id"].clone();
                answer
            })
            .collect();
        responses.reverse();
        ("200 OK", json!({ "responses": responses }))
    };
    log.lock().expect("log").push(BatchReceived { method, target, headers, steps, at });
    let reply = reply.to_string();
    let mut stream = stream;
    let head = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        reply.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
    Some(())
}

/// A step's answer: `status`, its headers, a body.
pub fn step(status: u16, headers: Value, body: Value) -> Value {
    json!({"status": status, "headers": headers, "body": body})
}

/// A 429 with its own `Retry-After`, in seconds.
pub fn throttled(retry_after: u64) -> Value {
    step(
        429,
        json!({"Retry-After": retry_after.to_string(), "Content-Type": "application/json"}),
        json!({"error": {"code": "TooManyRequests", "message": "Slow down."}}),
    )
}

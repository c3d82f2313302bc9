//! Updates many users' photos, then reads their photo metadata, in JSON
//! batches of 20, four batches at a time. Only the steps the service
//! throttles are sent again, each after its own `Retry-After`. Batching
//! is beyond the pages: it follows Microsoft's JSON batching guide (see
//! `graph_photos::batch`).
//!
//! ```sh
//! # Against Microsoft Graph: one JPEG for every user in users.txt (an id or
//! # userPrincipalName a line), with a token that may write users' photos:
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example bulk_batches -- photo.jpg users.txt
//!
//! # Without a token: 1,000 made-up users against a server on 127.0.0.1
//! # that throttles some steps and knows no user of some:
//! cargo run -p graph-photos --features client --example bulk_batches
//! ```

use std::collections::BTreeMap;

use bytes::Bytes;
use graph_photos::client::{Client, StaticToken};
use graph_photos::operations::{GetUserPhoto, SetUserPhotoContent};
use graph_photos::photos::OrNoPhoto as _;

const USAGE: &str = "usage: bulk_batches [FILE USERS_FILE] (with GRAPH_TOKEN set)";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (token, base_url, jpeg, users) = match std::env::var("GRAPH_TOKEN") {
        Ok(token) => {
            let mut args = std::env::args().skip(1);
            let (file, list) = (args.next().ok_or(USAGE)?, args.next().ok_or(USAGE)?);
            let jpeg = std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let list =
                std::fs::read_to_string(&list).map_err(|e| format!("cannot read {list}: {e}"))?;
            let users = list.lines().map(str::trim).filter(|line| !line.is_empty());
            (
                token,
                std::env::var("GRAPH_BASE_URL").ok(),
                Bytes::from(jpeg),
                users.map(str::to_owned).collect(),
            )
        }
        Err(_) => {
            let base_url = demo::serve()?;
            eprintln!("no GRAPH_TOKEN: 1,000 made-up users against {base_url}");
            let users: Vec<String> = (0..1000).map(|n| format!("user{n:04}@contoso.com")).collect();
            (
                "demo-token".to_owned(),
                Some(base_url),
                Bytes::from_static(b"\xFF\xD8\xFF\xE0 demo"),
                users,
            )
        }
    };

    let mut builder = Client::builder(StaticToken::new(token))
        // Four batches (80 requests) at a time: Graph throttles per app and
        // tenant, and a burst earns long Retry-After penalties.
        .max_concurrent_requests(4)
        .on_retry(|retry| {
            eprintln!(
                "retrying a step of {} in {:.1} s after {:?}",
                retry.operation_id,
                retry.delay.as_secs_f64(),
                retry.status
            );
        });
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // `Bytes` is shared: one photo in memory, base64-encoded per batch.
    let uploads: Vec<SetUserPhotoContent> =
        users.iter().map(|user| SetUserPhotoContent::new(user.as_str(), jpeg.clone())).collect();
    let mut failed = 0;
    for (user, result) in users.iter().zip(client.send_batched(&uploads).await) {
        if let Err(error) = result {
            failed += 1;
            println!("{user}: not updated: {error}");
        }
    }
    println!("{} photos updated, {failed} failed", users.len() - failed);

    let reads: Vec<GetUserPhoto> =
        users.iter().map(|user| GetUserPhoto::new(user.as_str())).collect();
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    for (user, result) in users.iter().zip(client.send_batched(&reads).await) {
        let size = match result.photo_or_none() {
            Ok(Some(answer)) => answer.into_ok().map_or("undocumented".to_owned(), |photo| {
                format!("{}x{}", photo.width().unwrap_or(0), photo.height().unwrap_or(0))
            }),
            Ok(None) => "no photo".to_owned(),
            Err(error) => {
                println!("{user}: not read: {error}");
                "failed".to_owned()
            }
        };
        *sizes.entry(size).or_insert(0) += 1;
    }
    for (size, count) in sizes {
        println!("{size}: {count} users");
    }
    Ok(())
}

/// A stand-in for Graph's `$batch` on 127.0.0.1: one user in 97 does not
/// exist, one step in 100 is throttled the first time it comes (with
/// `Retry-After: 1`), and every other step succeeds.
mod demo {
    use std::collections::BTreeSet;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};

    use serde_json::{json, Value};

    /// Starts the server; returns its base URL.
    pub fn serve() -> std::io::Result<String> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base_url = format!("http://{}/v1.0", listener.local_addr()?);
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let seen = Arc::clone(&seen);
                std::thread::spawn(move || answer(stream, &seen));
            }
        });
        Ok(base_url)
    }

    fn answer(stream: TcpStream, seen: &Mutex<BTreeSet<String>>) -> Option<()> {
        let mut reader = BufReader::new(stream.try_clone().ok()?);
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).ok()?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().ok()?;
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).ok()?;
        let batch: Value = serde_json::from_slice(&body).ok()?;
        let responses: Vec<Value> =
            batch["requests"].as_array()?.iter().map(|step| answer_step(step, seen)).collect();
        let reply = json!({ "responses": responses }).to_string();
        let mut stream = stream;
        let head = format!("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", reply.len());
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(reply.as_bytes()).ok()
    }

    fn answer_step(step: &Value, seen: &Mutex<BTreeSet<String>>) -> Value {
        let (id, method) = (step["id"].clone(), step["method"].as_str().unwrap_or(""));
        let url = step["url"].as_str().unwrap_or("");
        let user: usize = url.get(11..15).and_then(|n| n.parse().ok()).unwrap_or(0);
        let first_time = seen.lock().map(|mut seen| seen.insert(format!("{method} {url}")));
        if first_time.unwrap_or(false) && user % 100 == 42 {
            let error = json!({"error": {"code": "TooManyRequests", "message": "Slow down."}});
            let headers = json!({"Retry-After": "1", "Content-Type": "application/json"});
            return json!({"id": id, "status": 429, "headers": headers, "body": error});
        }
        match method {
            _ if user.is_multiple_of(97) => {
                let message = "Resource does not exist.";
                let error =
                    json!({"error": {"code": "Request_ResourceNotFound", "message": message}});
                json!({"id": id, "status": 404, "headers": {"Content-Type": "application/json"}, "body": error})
            }
            "PUT" => json!({"id": id, "status": 204}),
            _ => json!({"id": id, "status": 200, "headers": {"Content-Type": "application/json"},
                        "body": {"id": "96x96", "height": 96, "width": 96}}),
        }
    }
}

//! Clients of graph-photos for the behaviour tests: against a scripted
//! server, with short retries, a counting token provider, and the photo
//! bodies the tests send and read.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graph_photos::client::{
    AccessToken, Client, RetryPolicy, StaticToken, TokenProvider, TokenRequest,
};
use graph_photos::operations::SetMyPhotoContent;

use super::ScriptedServer;

pub const PHOTO_JSON: &[u8] =
    br##"{"@odata.type":"#microsoft.graph.profilePhoto","id":"240x240","height":240,"width":240}"##;

pub fn client(server: &ScriptedServer) -> Client {
    client_with(
        server,
        RetryPolicy { base_delay: Duration::from_millis(10), ..RetryPolicy::default() },
    )
}

pub fn client_with(server: &ScriptedServer, retry: RetryPolicy) -> Client {
    client_at(server.base_url(), retry)
}

/// A client of the loopback server at `base_url`, with a test token.
pub fn client_at(base_url: String, retry: RetryPolicy) -> Client {
    Client::builder(StaticToken::new("test-token"))
        .base_url(base_url)
        .retry(retry)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

pub fn jpeg(len: usize) -> Bytes {
    let mut data = vec![0u8; len];
    data[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    Bytes::from(data)
}

pub fn client_limited_to_one_mib(server: &ScriptedServer) -> Client {
    Client::builder(StaticToken::new("t"))
        .base_url(server.base_url())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client")
}

/// The scopes each token request asked for.
pub type ScopeLog = Arc<Mutex<Vec<Vec<String>>>>;

/// A provider that counts its calls, records the scopes asked for and
/// hands out `token-0`, `token-1`, ... each valid for `lifetime`.
pub fn counting_provider(lifetime: Duration) -> (impl TokenProvider, Arc<AtomicUsize>, ScopeLog) {
    let calls = Arc::new(AtomicUsize::new(0));
    let scopes = Arc::new(Mutex::new(Vec::new()));
    let (counter, log) = (Arc::clone(&calls), Arc::clone(&scopes));
    let provider = move |request: &TokenRequest| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        log.lock().expect("log").push(request.scopes.clone());
        async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(AccessToken::new(format!("token-{n}")).expires_at(SystemTime::now() + lifetime))
        }
    };
    (provider, calls, scopes)
}

/// Sends `count` small photo uploads at once, each from a clone of
/// `client`, and waits for every one to succeed.
pub async fn upload_at_once(client: &Client, count: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..count {
        let client = client.clone();
        tasks.spawn(async move { client.send(&SetMyPhotoContent::new(jpeg(16))).await });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("joined").expect("uploaded");
    }
}

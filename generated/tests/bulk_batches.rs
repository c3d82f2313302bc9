//! Bulk at scale in JSON batches (beyond the pages: Microsoft's JSON
//! batching guide): 1,000 users' photos written and 1,000 users' photo
//! metadata read, 20 to a batch, through a client that keeps 4 requests in
//! flight, against a loopback server that throttles some steps with their
//! own `Retry-After`. Every photo is written exactly once, every read is
//! answered, and only throttled steps are sent twice.

#![cfg(feature = "client")]

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_photos::client::{Client, StaticToken};
use graph_photos::operations::{GetUserPhoto, SetUserPhotoContent};
use serde_json::{json, Value};
use support::batch_server::{step, throttled, BatchServer};
use support::clients::jpeg;

const USERS: usize = 1000;
const IN_FLIGHT: usize = 4;

fn user(n: usize) -> String {
    format!("user{n:04}@contoso.com")
}

/// The user's number from a step's URL, `/users/user0042%40contoso.com/photo...`.
fn user_number(step: &Value) -> Option<usize> {
    let url = step["url"].as_str()?;
    url.strip_prefix("/users/user")?.get(..4)?.parse().ok()
}

/// Which steps the server throttles on their first sending: a few users
/// spread over the batches, with a 429 or a 503, each with its own wait.
fn throttled_once(n: usize) -> Option<Value> {
    match n % 250 {
        7 => Some(throttled(1)),
        123 => Some(step(503, json!({"Retry-After": "1"}), Value::Null)),
        _ => None,
    }
}

#[tokio::test]
async fn a_thousand_photos_written_once_and_a_thousand_reads_answered_in_batches() {
    let writes: Arc<Mutex<BTreeMap<usize, usize>>> = Arc::default();
    let sendings: Arc<Mutex<BTreeMap<(String, usize), usize>>> = Arc::default();
    let (written, sent) = (Arc::clone(&writes), Arc::clone(&sendings));
    let server = BatchServer::start(Duration::from_millis(20), 0, move |request| {
        let Some(n) = user_number(request) else { return step(400, json!({}), Value::Null) };
        let method = request["method"].as_str().unwrap_or("").to_owned();
        let times = {
            let mut sent = sent.lock().expect("log");
            let times = sent.entry((method.clone(), n)).or_insert(0);
            *times += 1;
            *times
        };
        if let (1, Some(refusal)) = (times, throttled_once(n)) {
            return refusal;
        }
        match method.as_str() {
            "PUT" => {
                *written.lock().expect("writes").entry(n).or_insert(0) += 1;
                step(204, json!({}), Value::Null)
            }
            _ => step(
                200,
                json!({"Content-Type": "application/json"}),
                json!({"id": "96x96", "height": n, "width": n}),
            ),
        }
    });
    let retried = Arc::new(Mutex::new(0));
    let count = Arc::clone(&retried);
    let client = Client::builder(StaticToken::new("test-token"))
        .base_url(server.base_url())
        .max_concurrent_requests(IN_FLIGHT)
        .on_retry(move |_| *count.lock().expect("count") += 1)
        .build()
        .expect("client");

    let photo = jpeg(256);
    let uploads: Vec<SetUserPhotoContent> =
        (0..USERS).map(|n| SetUserPhotoContent::new(user(n), photo.clone())).collect();
    let results = client.send_batched(&uploads).await;
    assert_eq!(results.len(), USERS);
    for (n, result) in results.iter().enumerate() {
        assert!(result.is_ok(), "user {n}: {result:?}");
    }
    let writes = writes.lock().expect("writes").clone();
    assert_eq!(writes.len(), USERS, "every user's photo was written");
    assert!(writes.values().all(|times| *times == 1), "and each exactly once");

    let reads: Vec<GetUserPhoto> = (0..USERS).map(|n| GetUserPhoto::new(user(n))).collect();
    let results = client.send_batched(&reads).await;
    for (n, result) in results.into_iter().enumerate() {
        let photo = result.expect("answered").into_ok().expect("200");
        assert_eq!(photo.height(), Some(n as i32), "user {n} got their own answer");
    }

    let throttled_users = (0..USERS).filter(|n| throttled_once(*n).is_some()).count();
    assert_eq!(
        *retried.lock().expect("count"),
        2 * throttled_users,
        "one retry per throttled step"
    );
    let sendings = sendings.lock().expect("log").clone();
    for ((method, n), times) in &sendings {
        let expected = if throttled_once(*n).is_some() { 2 } else { 1 };
        assert_eq!(*times, expected, "{method} for user {n}");
    }
    let received = server.received();
    let full = |method: &str| {
        received
            .iter()
            .filter(|batch| batch.steps.len() == 20 && batch.steps[0]["method"] == method)
            .count()
    };
    assert_eq!((full("PUT"), full("GET")), (50, 50), "1,000 of each in 50 batches of 20");
    let retry_steps: usize =
        received.iter().filter(|batch| batch.steps.len() < 20).map(|batch| batch.steps.len()).sum();
    assert_eq!(retry_steps, 2 * throttled_users, "only the throttled steps were sent again");
    assert!(server.most_in_flight() <= IN_FLIGHT, "{} in flight", server.most_in_flight());
}

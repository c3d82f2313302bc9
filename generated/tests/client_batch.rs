//! The client's JSON batching (beyond the pages) against a loopback server
//! that answers each step on its own: only throttled steps are sent again,
//! each after its own `Retry-After`, with the same ids; the batch request
//! itself is retried like any request; attempts are bounded.

#![cfg(feature = "client")]

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graph_photos::batch::{StepError, StepOptions};
use graph_photos::client::{Client, Error, RetryPolicy, StaticToken};
use graph_photos::operations::{
    GetGroupPhoto, GetMyPhoto, GetMyPhotoContent, GetMyPhotoResponse, SetMyPhotoContent,
    SetMyPhotoContentResponse,
};
use serde_json::{json, Value};
use support::batch_server::{step, throttled, BatchServer};
use support::clients::{client_at, jpeg};

fn client(server: &BatchServer, retry: RetryPolicy) -> Client {
    client_at(server.base_url(), retry)
}

/// Counts how often each step id was answered, for handlers whose answer
/// changes on the next attempt.
fn counter() -> impl Fn(&Value) -> (String, u32) + Send + Sync {
    let seen = Mutex::new(BTreeMap::<String, u32>::new());
    move |step| {
        let id = step["id"].as_str().unwrap_or("").to_owned();
        let mut seen = seen.lock().expect("counts");
        let count = seen.entry(id.clone()).or_insert(0);
        *count += 1;
        (id, *count)
    }
}

fn photo_json() -> Value {
    step(200, json!({"Content-Type": "application/json"}), json!({"id": "240x240", "height": 240}))
}

fn not_found() -> Value {
    let error = json!({"error": {"code": "ImageNotFound", "message": "No photo."}});
    step(404, json!({"Content-Type": "application/json"}), error)
}

#[tokio::test]
async fn only_the_throttled_steps_are_sent_again_each_after_its_own_retry_after() {
    let count = counter();
    let server = BatchServer::start(Duration::ZERO, 0, move |sent| match count(sent) {
        (id, _) if id == "read" => photo_json(),
        (id, 1) if id == "upload" => throttled(1),
        (id, _) if id == "upload" => step(204, json!({}), Value::Null),
        (id, 1) if id == "content" => step(503, json!({"Retry-After": "2"}), Value::Null),
        (id, _) if id == "content" => {
            step(200, json!({"Content-Type": "image/jpeg"}), json!("/9j/4A=="))
        }
        _ => not_found(),
    });
    let retries = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&retries);
    let client = Client::builder(StaticToken::new("test-token"))
        .base_url(server.base_url())
        .on_retry(move |retry| {
            let status = retry.status.map(|status| status.as_u16());
            log.lock().expect("log").push((retry.operation_id, retry.attempt, retry.delay, status));
        })
        .build()
        .expect("client");

    let mut batch = client.batch();
    let id = |id: &str| StepOptions::new().id(id);
    let read = batch.add_with(&GetMyPhoto::new(), id("read")).expect("add");
    let upload = batch.add_with(&SetMyPhotoContent::new(jpeg(64)), id("upload")).expect("add");
    let content = batch.add_with(&GetMyPhotoContent::new(), id("content")).expect("add");
    let group = batch.add_with(&GetGroupPhoto::new("g-1"), id("group")).expect("add");
    let answer = client.send_batch(&batch).await.expect("the batch was answered");

    let received = server.received();
    let sent: Vec<Vec<String>> = received.iter().map(|request| request.ids()).collect();
    assert_eq!(sent, [vec!["read", "upload", "content", "group"], vec!["upload"], vec!["content"]]);
    let after = |n: usize| received[n].at - received[0].at;
    assert!(after(1) >= Duration::from_secs(1), "upload's Retry-After: 1 ({:?})", after(1));
    assert!(after(2) >= Duration::from_secs(2), "content's Retry-After: 2 ({:?})", after(2));
    assert!(after(2) < Duration::from_secs(4), "and no longer than needed ({:?})", after(2));
    // A step sent again is the same step, with the same id and request.
    assert_eq!(received[1].steps[0], received[0].steps[1]);

    assert!(
        matches!(answer.parse(&read), Ok(GetMyPhotoResponse::Ok(photo)) if photo.height() == Some(240))
    );
    assert_eq!(answer.parse(&upload).expect("retried"), SetMyPhotoContentResponse::NoContent);
    let image = answer.parse(&content).expect("retried").into_ok().expect("200");
    assert_eq!(image.data.as_ref(), b"\xFF\xD8\xFF\xE0");
    assert!(answer.parse(&group).expect_err("404, not retried").is_not_found());
    assert_eq!(answer.attempts("upload"), Some(2));
    assert_eq!(answer.attempts("group"), Some(1));

    let retries = retries.lock().expect("log").clone();
    let reported: Vec<_> =
        retries.iter().map(|(id, attempt, _, status)| (*id, *attempt, *status)).collect();
    assert_eq!(
        reported,
        [("setMyPhotoContent", 1, Some(429)), ("getMyPhotoContent", 1, Some(503))]
    );
    assert!(retries[0].2 >= Duration::from_secs(1) && retries[1].2 >= Duration::from_secs(2));
}

#[tokio::test]
async fn a_step_throttled_on_every_attempt_stops_at_the_policys_bound() {
    let server = BatchServer::start(Duration::ZERO, 0, |sent| match sent["id"].as_str() {
        Some("1") => throttled(0),
        _ => photo_json(),
    });
    let policy = RetryPolicy { max_attempts: 3, ..RetryPolicy::default() };
    let client = client(&server, policy);
    let mut batch = client.batch();
    let busy = batch.add(&GetMyPhoto::new()).expect("add");
    let fine = batch.add(&GetMyPhoto::new()).expect("add");
    let answer = client.send_batch(&batch).await.expect("answered");

    let sends = server.sends_per_id();
    assert_eq!(sends, BTreeMap::from([("1".to_owned(), 3), ("2".to_owned(), 1)]));
    let error = answer.parse(&busy).expect_err("still throttled");
    assert!(error.is_throttled());
    assert_eq!(error.attempts(), Some(3));
    assert!(error.to_string().contains("3 attempts"), "{error}");
    assert!(answer.parse(&fine).is_ok());
}

#[tokio::test]
async fn a_step_asking_for_more_than_the_ceiling_comes_back_at_once() {
    let server = BatchServer::start(Duration::ZERO, 0, |_| throttled(600));
    let client = client(&server, RetryPolicy::default());
    let mut batch = client.batch();
    let busy = batch.add(&GetMyPhoto::new()).expect("add");
    let started = Instant::now();
    let answer = client.send_batch(&batch).await.expect("answered");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.received().len(), 1);
    let error = answer.parse(&busy).expect_err("429");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(600)));
}

#[tokio::test]
async fn the_batch_request_itself_is_retried_and_authenticated_like_any_request() {
    let server = BatchServer::start(Duration::ZERO, 1, |_| photo_json());
    let client = client(&server, RetryPolicy::default());
    let mut batch = client.batch();
    let read = batch.add(&GetMyPhoto::new()).expect("add");
    let answer = client.send_batch(&batch).await.expect("answered after one retry");
    assert!(answer.parse(&read).is_ok());

    let received = server.received();
    assert_eq!(received.len(), 2, "the 429 for the batch as a whole was retried");
    for request in &received {
        assert_eq!((request.method.as_str(), request.target.as_str()), ("POST", "/v1.0/$batch"));
        assert_eq!(request.header("authorization"), Some("Bearer test-token"));
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.ids(), ["1"]);
    }
    assert_eq!(received[1].header("retry-attempt"), Some("1"));
    assert_eq!(received[0].header("client-request-id"), received[1].header("client-request-id"));
}

#[tokio::test]
async fn dependencies_that_succeeded_are_dropped_and_failed_ones_are_not_retried() {
    let count = counter();
    let server = BatchServer::start(Duration::ZERO, 0, move |sent| match count(sent) {
        (id, 1) if id == "b" || id == "c" => throttled(0),
        // What Graph answers a step whose dependency failed.
        (id, _) if id == "d" => step(424, json!({}), Value::Null),
        _ => photo_json(),
    });
    let client = client(&server, RetryPolicy::default());
    let mut batch = client.batch();
    let a = batch.add_with(&GetMyPhoto::new(), StepOptions::new().id("a")).expect("add");
    let b = StepOptions::new().id("b").depends_on(&a);
    let b = batch.add_with(&GetMyPhoto::new(), b).expect("add");
    let c = batch.add_with(&GetMyPhoto::new(), StepOptions::new().id("c")).expect("add");
    let d = StepOptions::new().id("d").depends_on(&c);
    let d = batch.add_with(&GetMyPhoto::new(), d).expect("add");
    let answer = client.send_batch(&batch).await.expect("answered");

    let received = server.received();
    assert_eq!(received[0].steps[1]["dependsOn"], json!(["a"]));
    assert_eq!(received.len(), 2, "b and c asked for the same wait: one retry batch");
    assert_eq!(received[1].ids(), ["b", "c"]);
    assert_eq!(received[1].steps[0].get("dependsOn"), None, "a has succeeded");
    for step in [&a, &b, &c] {
        assert!(answer.parse(step).is_ok(), "{step:?}");
    }
    let failed = answer.parse(&d).expect_err("424 is not retried");
    assert_eq!(failed.status(), Some(http::StatusCode::FAILED_DEPENDENCY));
}

#[tokio::test]
async fn a_batch_for_another_base_url_is_refused_before_sending() {
    let server = BatchServer::start(Duration::ZERO, 0, |_| photo_json());
    let client = client(&server, RetryPolicy::default());
    let mut other = graph_photos::batch::Batch::new("https://graph.microsoft.com/v1.0");
    other.add(&GetMyPhoto::new()).expect("add");
    let error = client.send_batch(&other).await.expect_err("another base URL");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(server.received().is_empty());
    assert!(client.send_batch(&client.batch()).await.expect("nothing to send").is_empty());
}

#[tokio::test]
async fn send_batched_keeps_the_callers_order_and_refuses_what_fits_no_batch() {
    let server = BatchServer::start(Duration::ZERO, 0, |_| step(204, json!({}), Value::Null));
    let client = client(&server, RetryPolicy::default());
    let mut uploads: Vec<SetMyPhotoContent> =
        (0..45).map(|_| SetMyPhotoContent::new(jpeg(64))).collect();
    // Over 3 MiB: too large for any batch once base64-encoded.
    uploads[30] = SetMyPhotoContent::new(jpeg(3_200_000));
    let results = client.send_batched(&uploads).await;
    assert_eq!(results.len(), 45);
    for (index, result) in results.iter().enumerate() {
        match index {
            30 => assert!(matches!(result, Err(StepError::Refused(_))), "{result:?}"),
            _ => assert_eq!(result.as_ref().ok(), Some(&SetMyPhotoContentResponse::NoContent)),
        }
    }
    let sizes: Vec<usize> = server.received().iter().map(|request| request.steps.len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 44);
    assert!(sizes.iter().all(|size| *size <= 20) && sizes.len() == 3, "{sizes:?}");
}

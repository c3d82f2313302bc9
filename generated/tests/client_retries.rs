//! How the client retries and keeps its token, against a scripted local
//! server: throttling with and without `Retry-After`, its ceiling, 504s,
//! bounds, the token's cache and its renewal after a 401, concurrency
//! limits and the retry hook.

#![cfg(feature = "client")]

mod support;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use graph_photos::client::{Client, RetryPolicy, StaticToken};
use graph_photos::models::ProfilePhoto;
use graph_photos::operations::{GetMyPhoto, GetMyPhotoResponse, UpdateMyPhoto};
use graph_photos::{ApiVersion, NationalCloud};
use support::clients::*;
use support::{graph_error, reply, ScriptedServer};

#[tokio::test]
async fn throttled_request_waits_for_retry_after_then_succeeds() {
    let server = ScriptedServer::start(vec![
        reply(
            "429 Too Many Requests",
            &[("retry-after", "1"), ("content-type", "application/json")],
            &graph_error("TooManyRequests", "r-1"),
        ),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    let started = Instant::now();
    let response =
        client(&server).send(&UpdateMyPhoto::new(ProfilePhoto::default())).await.expect("retried");
    assert!(matches!(response, graph_photos::operations::UpdateMyPhotoResponse::Ok(_)));
    let received = server.received();
    assert_eq!(received.len(), 2, "one retry");
    assert!(
        received[1].at - received[0].at >= Duration::from_millis(900),
        "Retry-After: 1 honoured"
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    // The same client-request-id identifies every attempt of one call.
    assert_eq!(received[0].header("client-request-id"), received[1].header("client-request-id"));
}

#[tokio::test]
async fn throttled_request_without_retry_after_backs_off_then_succeeds() {
    let server = ScriptedServer::start(vec![
        reply("429 Too Many Requests", &[], b""),
        reply("429 Too Many Requests", &[], b""),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    let response = client(&server).send(&GetMyPhoto::new()).await.expect("retried");
    assert!(matches!(response, GetMyPhotoResponse::Ok(photo) if photo.height == Some(Some(240))));
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn unavailable_then_success() {
    let server = ScriptedServer::start(vec![
        reply("503 Service Unavailable", &[("content-type", "text/html")], b"<html>busy</html>"),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    client(&server).send(&GetMyPhoto::new()).await.expect("retried");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn gateway_timeout_is_retried_only_for_idempotent_requests() {
    let server = ScriptedServer::start(vec![
        reply("504 Gateway Timeout", &[], b""),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    client(&server).send(&GetMyPhoto::new()).await.expect("GET retried");
    assert_eq!(server.received().len(), 2);

    let server = ScriptedServer::start(vec![
        reply("504 Gateway Timeout", &[], b""),
        reply("200 OK", &[], b""),
    ]);
    let error = client(&server)
        .send(&UpdateMyPhoto::new(ProfilePhoto::default()))
        .await
        .expect_err("PATCH not retried");
    assert_eq!(error.status(), Some(http::StatusCode::GATEWAY_TIMEOUT));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn retries_are_bounded() {
    let throttled = || reply("429 Too Many Requests", &[("retry-after", "0")], b"");
    let server = ScriptedServer::start(vec![
        throttled(),
        throttled(),
        throttled(),
        throttled(),
        throttled(),
    ]);
    let policy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        ..RetryPolicy::default()
    };
    let error = client_with(&server, policy).send(&GetMyPhoto::new()).await.expect_err("gives up");
    assert_eq!(error.status(), Some(http::StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(server.received().len(), 3);
}

#[tokio::test]
async fn one_token_serves_concurrent_calls_and_is_asked_for_the_clouds_scope() {
    let server = support::ConcurrentServer::start(
        20,
        Duration::from_millis(10),
        reply("204 No Content", &[], b""),
    );
    let (provider, calls, scopes) = counting_provider(Duration::from_secs(3600));
    let client = Client::builder(provider)
        .cloud(NationalCloud::China, ApiVersion::V1)
        .base_url(server.base_url())
        .build()
        .expect("client");
    upload_at_once(&client, 20).await;
    assert_eq!(calls.load(Ordering::SeqCst), 1, "20 uploads, one token request");
    let scopes = scopes.lock().expect("log").clone();
    assert_eq!(scopes, vec![vec!["https://microsoftgraph.chinacloudapi.cn/.default".to_owned()]]);
}

#[tokio::test]
async fn a_token_near_its_expiry_is_replaced_before_use() {
    let ok = || reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON);
    let server = ScriptedServer::start(vec![ok(), ok()]);
    // Four minutes left is inside the five-minute refresh window.
    let (provider, calls, _) = counting_provider(Duration::from_secs(240));
    let client = Client::builder(provider).base_url(server.base_url()).build().expect("client");
    client.send(&GetMyPhoto::new()).await.expect("first");
    client.send(&GetMyPhoto::new()).await.expect("second");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let received = server.received();
    assert_eq!(received[1].header("authorization"), Some("Bearer token-1"));
}

#[tokio::test]
async fn a_401_is_retried_exactly_once_with_a_fresh_token() {
    let unauthorized = || {
        reply(
            "401 Unauthorized",
            &[("content-type", "application/json")],
            &graph_error("InvalidAuthenticationToken", "r"),
        )
    };
    let ok = reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON);
    let server = ScriptedServer::start(vec![unauthorized(), ok]);
    let (provider, calls, _) = counting_provider(Duration::from_secs(3600));
    let client = Client::builder(provider).base_url(server.base_url()).build().expect("client");
    client.send(&GetMyPhoto::new()).await.expect("refreshed");
    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Bearer token-0"));
    assert_eq!(received[1].header("authorization"), Some("Bearer token-1"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let server = ScriptedServer::start(vec![unauthorized(), unauthorized(), unauthorized()]);
    let (provider, calls, _) = counting_provider(Duration::from_secs(3600));
    let client = Client::builder(provider).base_url(server.base_url()).build().expect("client");
    let error = client.send(&GetMyPhoto::new()).await.expect_err("still 401");
    assert_eq!(error.status(), Some(http::StatusCode::UNAUTHORIZED));
    assert_eq!(server.received().len(), 2, "one retry, not more");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retry_after_is_waited_in_full_even_past_max_delay_and_retries_say_their_number() {
    let server = ScriptedServer::start(vec![
        reply(
            "429 Too Many Requests",
            &[("retry-after", "2")],
            &graph_error("TooManyRequests", "r"),
        ),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    // `max_delay` bounds backoff only: the service's 2 s are never cut to 1 s.
    let policy = RetryPolicy { max_delay: Duration::from_secs(1), ..RetryPolicy::default() };
    client_with(&server, policy).send(&GetMyPhoto::new()).await.expect("retried");
    let received = server.received();
    assert_eq!(received.len(), 2);
    let gap = received[1].at - received[0].at;
    assert!(gap >= Duration::from_secs(2), "retried after {gap:?}, before Retry-After: 2");
    assert!(gap < Duration::from_secs(4), "jitter stays small: {gap:?}");
    assert_eq!(received[0].header("retry-attempt"), None);
    assert_eq!(received[1].header("retry-attempt"), Some("1"));
}

#[tokio::test]
async fn a_retry_after_over_the_ceiling_returns_the_429_at_once() {
    let server = ScriptedServer::start(vec![
        reply(
            "429 Too Many Requests",
            &[("retry-after", "600"), ("content-type", "application/json"), ("request-id", "rid")],
            &graph_error("TooManyRequests", "rid"),
        ),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    let started = Instant::now();
    let error = client(&server).send(&GetMyPhoto::new()).await.expect_err("not retried early");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.received().len(), 1);
    assert!(error.is_throttled() && !error.is_not_found());
    assert_eq!(error.retry_after(), Some(Duration::from_secs(600)));
    assert_eq!(error.attempts(), Some(1));
}

#[tokio::test]
async fn max_concurrent_requests_bounds_requests_in_flight() {
    let server = support::ConcurrentServer::start(
        12,
        Duration::from_millis(150),
        reply("204 No Content", &[], b""),
    );
    let client = Client::builder(StaticToken::new("t"))
        .base_url(server.base_url())
        .max_concurrent_requests(3)
        .build()
        .expect("client");
    upload_at_once(&client, 12).await;
    assert_eq!(server.most_in_flight(), 3, "three at a time, never more");
}

#[tokio::test]
async fn on_retry_reports_each_retry_with_its_delay_status_and_ids() {
    let server = ScriptedServer::start(vec![
        reply("429 Too Many Requests", &[("retry-after", "0"), ("request-id", "busy-1")], b""),
        reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let client = Client::builder(StaticToken::new("t"))
        .base_url(server.base_url())
        .on_retry(move |retry| {
            let status = retry.status.map(|status| status.as_u16());
            let ids = (retry.request_id.map(str::to_owned), retry.client_request_id.to_owned());
            log.lock().expect("log").push((retry.operation_id, retry.attempt, status, ids));
        })
        .build()
        .expect("client");
    client.send(&GetMyPhoto::new()).await.expect("retried");
    let seen = seen.lock().expect("log").clone();
    let client_request_id = server.received()[0].header("client-request-id").map(str::to_owned);
    assert_eq!(
        seen,
        vec![(
            "getMyPhoto",
            1,
            Some(429),
            (Some("busy-1".to_owned()), client_request_id.expect("sent"))
        )]
    );
}

//! How the client behaves against a scripted local server: what Prism
//! cannot show (retries, malformed and huge responses, local refusals).

#![cfg(feature = "client")]

mod support;

use std::time::{Duration, Instant};

use bytes::Bytes;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use graph_photos::client::{
    AccessToken, Client, Error, RetryPolicy, StaticToken, TokenProvider, TokenRequest,
};
use graph_photos::models::ProfilePhoto;
use graph_photos::operations::{
    GetMyPhoto, GetMyPhotoResponse, GetUserPhotoContent, GetUserPhotoContentResponse,
    SetMyPhotoContent, SetMyPhotoContentResponse, UpdateMyPhoto, UpdateUserPhoto,
};
use graph_photos::{ApiVersion, NationalCloud, RequestError, ResponseError};
use support::{graph_error, reply, ScriptedServer};

const PHOTO_JSON: &[u8] =
    br##"{"@odata.type":"#microsoft.graph.profilePhoto","id":"240x240","height":240,"width":240}"##;

fn client(server: &ScriptedServer) -> Client {
    client_with(
        server,
        RetryPolicy { base_delay: Duration::from_millis(10), ..RetryPolicy::default() },
    )
}

fn client_with(server: &ScriptedServer, retry: RetryPolicy) -> Client {
    Client::builder(StaticToken::new("test-token"))
        .base_url(server.base_url())
        .retry(retry)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn jpeg(len: usize) -> Bytes {
    let mut data = vec![0u8; len];
    data[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    Bytes::from(data)
}

#[tokio::test]
async fn upload_sends_jpeg_with_auth_and_request_id_and_accepts_204() {
    let server = ScriptedServer::start(vec![reply("204 No Content", &[], b"")]);
    let response = client(&server).send(&SetMyPhotoContent::new(jpeg(1024))).await.expect("upload");
    assert_eq!(response, SetMyPhotoContentResponse::NoContent);
    let received = server.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/me/photo/$value");
    assert_eq!(request.header("content-type"), Some("image/jpeg"));
    assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    assert_eq!(request.body_len, 1024);
    let id = request.header("client-request-id").expect("client-request-id");
    assert_eq!(id.len(), 36, "a UUID: {id}");
}

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
    assert!(matches!(response, GetMyPhotoResponse::Ok(photo) if photo.height == Some(240)));
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
async fn service_errors_expose_code_and_request_id() {
    let server = ScriptedServer::start(vec![reply(
        "404 Not Found",
        &[("content-type", "application/json"), ("request-id", "header-id")],
        &graph_error("ImageNotFound", "body-id"),
    )]);
    let error = client(&server)
        .send(&GetUserPhotoContent::new("alice@contoso.com"))
        .await
        .expect_err("404");
    let service = error.service_error().expect("a service error");
    assert_eq!(service.code(), Some("ImageNotFound"));
    assert_eq!(error.request_id(), Some("header-id"));
    assert!(error.client_request_id().is_some());
}

#[tokio::test]
async fn a_4_mib_upload_is_refused_locally_and_nothing_is_sent() {
    let server = ScriptedServer::start(vec![reply("200 OK", &[], b"")]);
    // Exactly 4 MiB is already too big: the request must stay under it.
    let error = client(&server)
        .send(&SetMyPhotoContent::new(jpeg(4 * 1024 * 1024)))
        .await
        .expect_err("too large");
    assert!(
        matches!(
            error,
            Error::InvalidRequest(RequestError::BodyTooLarge {
                limit: 4_194_303,
                actual: 4_194_304
            })
        ),
        "{error:?}"
    );
    std::thread::sleep(Duration::from_millis(50));
    assert!(server.received().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_snippet() {
    let server = ScriptedServer::start(vec![reply(
        "200 OK",
        &[("content-type", "application/json")],
        b"{\"height\": 6,",
    )]);
    let error = client(&server).send(&GetMyPhoto::new()).await.expect_err("malformed");
    match error {
        Error::Response { source: ResponseError::Decode { snippet, .. }, .. } => {
            assert!(snippet.starts_with("{\"height\""))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn truncated_body_is_an_error_not_a_panic() {
    // Announces 100 bytes, sends 20, closes.
    let truncated = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"height\": 6, \"wid".to_vec();
    let server = ScriptedServer::start(vec![truncated]);
    let error = client_with(&server, RetryPolicy::none())
        .send(&GetMyPhoto::new())
        .await
        .expect_err("truncated");
    assert!(matches!(error, Error::Transport { .. } | Error::Response { .. }), "{error:?}");
}

#[tokio::test]
async fn html_error_page_is_a_service_error_with_the_raw_body() {
    let page = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = ScriptedServer::start(vec![reply(
        "502 Bad Gateway",
        &[("content-type", "text/html")],
        page,
    )]);
    let error = client(&server).send(&GetMyPhoto::new()).await.expect_err("502");
    let service = error.service_error().expect("service error");
    assert!(service.body.is_none());
    assert_eq!(&service.raw[..], page);
    assert!(error.to_string().contains("502"));
}

fn client_limited_to_one_mib(server: &ScriptedServer) -> Client {
    Client::builder(StaticToken::new("t"))
        .base_url(server.base_url())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client")
}

#[tokio::test]
async fn huge_responses_are_cut_off_at_the_limit() {
    let huge = vec![b'x'; 3 * 1024 * 1024];
    let server =
        ScriptedServer::start(vec![reply("200 OK", &[("content-type", "image/jpeg")], &huge)]);
    let client = client_limited_to_one_mib(&server);
    let error = client.send(&GetUserPhotoContent::new("alice")).await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1_048_576, .. }), "{error:?}");

    // Chunked, with no Content-Length to check up front.
    let mut chunked = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: image/jpeg\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..40 {
        chunked.extend_from_slice(format!("{:x}\r\n", 64 * 1024).as_bytes());
        chunked.extend_from_slice(&vec![b'y'; 64 * 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let server = ScriptedServer::start(vec![chunked]);
    let client = client_limited_to_one_mib(&server);
    let error = client.send(&GetUserPhotoContent::new("alice")).await.expect_err("too large");
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn binary_download_keeps_content_type() {
    let server = ScriptedServer::start(vec![reply(
        "200 OK",
        &[("content-type", "image/jpeg")],
        &[0xFF, 0xD8, 0xFF, 0xD9],
    )]);
    let response =
        client(&server).send(&GetUserPhotoContent::new("alice")).await.expect("download");
    let GetUserPhotoContentResponse::Ok(binary) = response;
    assert_eq!(binary.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(&binary.data[..], &[0xFF, 0xD8, 0xFF, 0xD9]);
}

#[tokio::test]
async fn awkward_user_ids_stay_one_path_segment_on_the_wire() {
    let ids = ["alice@contoso.com", "a/b", "a?b#c", "100%", "first last", "zoë@例え.jp", "..."];
    let replies = ids
        .iter()
        .map(|_| reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON))
        .collect();
    let server = ScriptedServer::start(replies);
    let client = client(&server);
    for id in ids {
        client.send(&UpdateUserPhoto::new(id, ProfilePhoto::default())).await.expect("sent");
    }
    let targets: Vec<String> = server.received().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/users/alice%40contoso.com/photo",
            "/users/a%2Fb/photo",
            "/users/a%3Fb%23c/photo",
            "/users/100%25/photo",
            "/users/first%20last/photo",
            "/users/zo%C3%AB%40%E4%BE%8B%E3%81%88.jp/photo",
            "/users/.../photo",
        ]
    );
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_locally() {
    let server = ScriptedServer::start(vec![]);
    for id in ["", ".", ".."] {
        let error = client(&server)
            .send(&UpdateUserPhoto::new(id, ProfilePhoto::default()))
            .await
            .expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidRequest(RequestError::InvalidPathParameter { name: "user-id", .. })
            ),
            "{id:?}: {error:?}"
        );
    }
}

/// The scopes each token request asked for.
type ScopeLog = Arc<Mutex<Vec<Vec<String>>>>;

/// A provider that counts its calls, records the scopes asked for and
/// hands out `token-0`, `token-1`, ... each valid for `lifetime`.
fn counting_provider(lifetime: Duration) -> (impl TokenProvider, Arc<AtomicUsize>, ScopeLog) {
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
async fn redirects_come_back_unless_the_caller_asks_to_follow_them() {
    let photo = [("content-type", "application/json")];
    let server = ScriptedServer::start(vec![
        reply("302 Found", &[("location", "/elsewhere/photo")], b""),
        reply("302 Found", &[("location", "/elsewhere/photo")], b""),
        reply("200 OK", &photo, PHOTO_JSON),
    ]);
    // By default the redirect is the answer: the spec does not document one
    // for this operation, so it is an error the caller can inspect.
    let error =
        client(&server).send(&GetMyPhoto::new()).await.expect_err("a redirect is not followed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(server.received().len(), 1);

    let following = Client::builder(StaticToken::new("test-token"))
        .base_url(server.base_url())
        .follow_redirects(true)
        .build()
        .expect("client");
    let response = following.send(&GetMyPhoto::new()).await.expect("followed");
    assert!(matches!(response, GetMyPhotoResponse::Ok(_)), "{response:?}");
    let received = server.received();
    assert_eq!(received.len(), 3);
    assert_eq!(received[2].target, "/elsewhere/photo");
}

#[tokio::test]
async fn the_whole_request_must_stay_under_4_mib() {
    let server = ScriptedServer::start(vec![reply("204 No Content", &[], b"")]);
    // The body alone fits; with the request line, the token and the other
    // headers the request does not.
    let crowded = client(&server).send(&SetMyPhotoContent::new(jpeg(4 * 1024 * 1024 - 100))).await;
    match crowded {
        Err(Error::InvalidRequest(
            error @ RequestError::RequestTooLarge { limit: 4_194_304, actual },
        )) => {
            assert!(actual > 4_194_304 && actual < 4_194_304 + 1024, "{actual}");
            assert!(error.to_string().contains("over the limit of 4194304 bytes"), "{error}");
        }
        other => panic!("expected RequestTooLarge, got {other:?}"),
    }
    assert!(server.received().is_empty(), "nothing is sent");

    // A photo that leaves room for the headers goes through.
    let response =
        client(&server).send(&SetMyPhotoContent::new(jpeg(4 * 1024 * 1024 - 4096))).await;
    assert_eq!(response.expect("sent"), SetMyPhotoContentResponse::NoContent);
    assert_eq!(server.received()[0].body_len, 4 * 1024 * 1024 - 4096);
}

#[tokio::test]
async fn a_beta_only_operation_is_refused_by_a_v1_client_unless_checks_are_off() {
    let server = ScriptedServer::start(vec![reply(
        "200 OK",
        &[("content-type", "application/json")],
        PHOTO_JSON,
    )]);
    let photo = ProfilePhoto { height: Some(6), width: Some(5), ..ProfilePhoto::default() };
    let v1 = Client::builder(StaticToken::new("test-token"))
        .base_url(format!("{}/v1.0", server.base_url()))
        .build()
        .expect("client");
    let error = v1.send(&UpdateMyPhoto::new(photo.clone())).await.expect_err("refused");
    assert!(
        matches!(
            error,
            Error::InvalidRequest(RequestError::UndocumentedApiVersion { version: "v1.0", .. })
        ),
        "{error:?}"
    );
    assert!(server.received().is_empty(), "nothing is sent");

    let unchecked = Client::builder(StaticToken::new("test-token"))
        .base_url(format!("{}/v1.0", server.base_url()))
        .check_api_versions(false)
        .build()
        .expect("client");
    unchecked.send(&UpdateMyPhoto::new(photo)).await.expect("sent anyway");
    assert_eq!(server.received()[0].target, "/v1.0/me/photo");
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
async fn errors_read_as_status_code_message_and_ids() {
    let server = ScriptedServer::start(vec![reply(
        "404 Not Found",
        &[("content-type", "application/json"), ("request-id", "req-7")],
        br#"{"error":{"code":"ImageNotFound","message":"The photo wasn't found."}}"#,
    )]);
    let error = client(&server).send(&GetMyPhoto::new()).await.expect_err("404");
    let id = error.client_request_id().expect("sent").to_owned();
    assert_eq!(
        error.to_string(),
        format!(
            "404 ImageNotFound: The photo wasn't found. (request-id req-7, client-request-id {id})"
        )
    );
    assert!(error.is_not_found() && !error.is_throttled());
    assert_eq!(error.retry_after(), None);

    let throttled =
        || reply("503 Service Unavailable", &[("retry-after", "0")], b"<html>busy</html>");
    let server = ScriptedServer::start(vec![throttled(), throttled()]);
    let policy = RetryPolicy { max_attempts: 2, ..RetryPolicy::default() };
    let error = client_with(&server, policy).send(&GetMyPhoto::new()).await.expect_err("503");
    let id = error.client_request_id().expect("sent").to_owned();
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(
        error.to_string(),
        format!("503 Service Unavailable (client-request-id {id}; 2 attempts)")
    );
}

#[tokio::test]
async fn a_token_is_never_sent_over_plain_http_to_another_host() {
    for url in ["http://graph.microsoft.com/v1.0", "http://10.1.2.3:8080"] {
        let error =
            Client::builder(StaticToken::new("secret")).base_url(url).build().expect_err(url);
        assert!(matches!(error, Error::InsecureBaseUrl { .. }), "{error:?}");
        let text = error.to_string();
        assert!(text.contains("plain http://") && !text.contains("secret"), "{text}");
    }
    for url in [
        "https://graph.microsoft.com/v1.0",
        "http://127.0.0.1:4010",
        "http://[::1]:4010",
        "http://localhost",
    ] {
        Client::builder(StaticToken::new("secret")).base_url(url).build().expect(url);
    }
}

#[test]
fn http_and_bytes_are_re_exported() {
    let status: graph_photos::http::StatusCode = http::StatusCode::NOT_FOUND;
    let body: graph_photos::bytes::Bytes = Bytes::from_static(b"x");
    assert_eq!((status.as_u16(), body.len()), (404, 1));
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

/// Sends `count` small photo uploads at once, each from a clone of
/// `client`, and waits for every one to succeed.
async fn upload_at_once(client: &Client, count: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..count {
        let client = client.clone();
        tasks.spawn(async move { client.send(&SetMyPhotoContent::new(jpeg(16))).await });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("joined").expect("uploaded");
    }
}

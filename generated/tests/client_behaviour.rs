//! How the client behaves against a scripted local server: what Prism
//! cannot show (malformed and huge responses, local refusals, redirects,
//! errors as they read). `client_retries.rs` has retries and tokens.

#![cfg(feature = "client")]

mod support;

use std::time::Duration;

use bytes::Bytes;

use graph_photos::client::{Client, Error, RetryPolicy, StaticToken};
use graph_photos::models::ProfilePhoto;
use graph_photos::operations::{
    GetMyPhoto, GetMyPhotoResponse, GetUserPhotoContent, GetUserPhotoContentResponse,
    SetMyPhotoContent, SetMyPhotoContentResponse, UpdateMyPhoto, UpdateUserPhoto,
};
use graph_photos::{RequestError, ResponseError};
use support::clients::*;
use support::{graph_error, reply, ScriptedServer};

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
    let mut photo = ProfilePhoto::default();
    (photo.height, photo.width) = (Some(Some(6)), Some(Some(5)));
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

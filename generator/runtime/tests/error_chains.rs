//! Errors printed as a chain (what anyhow's `{:#}` and tracing reports
//! print) say what failed first and name each cause once: each error
//! states its own part and leaves its cause to `source()`.

use apicrate_runtime::client::Error;
use apicrate_runtime::{RequestError, ResponseError};
use http::StatusCode;

/// `error` and its causes, one after the other, as anyhow's `{:#}` and
/// tracing reports print them.
fn chain(error: &dyn std::error::Error) -> Vec<String> {
    let mut parts = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(error) = cause {
        parts.push(error.to_string());
        cause = error.source();
    }
    parts
}

/// Each part of a chain says something its causes do not.
fn assert_each_cause_once(parts: &[String]) {
    for (at, part) in parts.iter().enumerate() {
        for cause in &parts[at + 1..] {
            assert!(!part.contains(cause.as_str()), "{part:?} repeats its cause {cause:?}");
        }
    }
}

#[tokio::test]
async fn a_body_cut_short_says_so_first_and_its_cause_once() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut request = [0u8; 1024];
        let _ = socket.read(&mut request).await;
        // 100 bytes promised, 10 sent, then the connection closes.
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789";
        socket.write_all(head.as_bytes()).await.expect("written");
    });
    let mut response =
        reqwest::get(format!("http://{address}/photo")).await.expect("the head arrives");
    let mut source = None;
    while source.is_none() {
        match response.chunk().await {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the body was read whole"),
            Err(error) => source = Some(error),
        }
    }
    let source = source.expect("a body error");
    let error: Error = Error::Transport { client_request_id: "c-1".into(), attempts: 1, source };
    let parts = chain(&error);
    assert_eq!(
        parts[0],
        "the response was cut short: its body did not arrive whole (client-request-id c-1)",
        "{parts:#?}"
    );
    assert!(parts.len() >= 2, "the cause is left to source(): {parts:#?}");
    assert_each_cause_once(&parts);
}

#[test]
fn decode_and_request_errors_name_each_cause_once() {
    let json = serde_json::from_str::<u8>("<html>").expect_err("not JSON");
    let decode: Error = Error::Response {
        client_request_id: String::new(),
        attempts: 2,
        source: ResponseError::Decode {
            status: StatusCode::OK,
            source: json,
            snippet: "<html>".into(),
        },
    };
    let parts = chain(&decode);
    assert_eq!(
        parts,
        [
            "the 200 OK response is not as documented (2 attempts)",
            "the 200 OK response body is not the documented JSON; it starts with \"<html>\"",
            "expected value at line 1 column 1",
        ]
    );
    let json = serde_json::from_str::<u8>("x").expect_err("not JSON");
    let refused: Error = RequestError::Serialize(json).into();
    let parts = chain(&refused);
    assert_eq!(
        parts,
        ["could not serialise the request body to JSON", "expected value at line 1 column 1"]
    );
    let token: Error = Error::Token("the tenant is unknown".into());
    assert_eq!(chain(&token), ["could not get an access token", "the tenant is unknown"]);
}

//! The module the build script generated works as a committed crate does:
//! sans-IO requests and responses, and the client with credentials.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;

use build_example::todos::client::{Client, StaticToken};
use build_example::todos::models::NewTodo;
use build_example::todos::operations::{CreateTodo, GetTodo};
use build_example::todos::runtime::Operation;

#[test]
fn requests_and_responses_are_typed() {
    let new = NewTodo::new("water the plants".to_owned());
    let request = CreateTodo::new(new).to_http_request("https://todos.example.com/v1").unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://todos.example.com/v1/todos");
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, serde_json::json!({ "title": "water the plants" }));

    let stored = br#"{"id": 7, "title": "water the plants", "done": false, "note": null}"#;
    let response = http::Response::builder().status(201).body(bytes::Bytes::from_static(stored));
    let todo = CreateTodo::parse_response(response.unwrap()).unwrap().into_created().unwrap();
    assert_eq!((todo.id, todo.done, todo.note), (7, false, Some(None)));
}

/// A first call with the client: the bearer token goes where the spec
/// says, and the answer comes back typed.
#[tokio::test]
async fn the_client_sends_with_credentials() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/v1", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut reader = BufReader::new(&stream);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
            head.push(line.trim_end().to_lowercase());
        }
        let body = r#"{"id": 7, "title": "water the plants", "done": true}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
        head
    });
    let client = Client::builder(base_url).bearer(StaticToken::new("secret")).build().unwrap();
    let todo = client.send(&GetTodo::new(7)).await.unwrap().into_ok().unwrap();
    assert!(todo.done);
    let head = server.join().unwrap();
    assert_eq!(head[0], "get /v1/todos/7 http/1.1");
    assert!(head.contains(&"authorization: bearer secret".to_owned()), "{head:?}");
}

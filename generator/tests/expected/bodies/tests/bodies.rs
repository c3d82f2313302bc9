//! The exact bodies the crate generated from `fixtures/bodies.yaml` sends:
//! forms by their encodings, multipart uploads (boundary, part headers,
//! CRLFs, file names with quotes and non-ASCII), a body in the media type
//! the caller picks, and bytes of a type the caller names.

use bytes::Bytes;
use fixture_bodies::models::*;
use fixture_bodies::operations::*;
use fixture_bodies::runtime::{Binary, FilePart, Operation};

const BASE: &str = "https://api.example.com";

fn body_of(request: &http::Request<Bytes>) -> (&str, String) {
    let content_type = request.headers()["content-type"].to_str().unwrap();
    (content_type, String::from_utf8_lossy(request.body()).into_owned())
}

#[test]
fn a_form_writes_nested_values_as_deep_objects() {
    // Models are `#[non_exhaustive]`: `new` with the required members,
    // then the optional ones set.
    let mut item = CustomerItemsItem::default();
    (item.price, item.quantity) = (Some("p_1".into()), Some(2));
    let mut customer = Customer::new("Zoë & co".into());
    customer.email = Some("a@b.c".into());
    customer.metadata = Some([("order".to_owned(), "7".to_owned())].into());
    customer.tags = Some(vec!["x".into(), "y".into()]);
    customer.items = Some(vec![item]);
    let request = CreateCustomer::new(customer).to_http_request(BASE).unwrap();
    let (content_type, body) = body_of(&request);
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(
        body,
        "email=a%40b.c&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&metadata%5Border%5D=7&name=Zo%C3%AB%20%26%20co&tags=x,y"
    );
}

#[test]
fn a_token_request_is_a_plain_form() {
    let mut body = GetTokenBody::new("app".into(), GetTokenBodyGrantType::ClientCredentials);
    body.scope = Some("a b".into());
    let request = GetToken::new(body).to_http_request(BASE).unwrap();
    assert_eq!(
        body_of(&request),
        (
            "application/x-www-form-urlencoded",
            "client_id=app&grant_type=client_credentials&scope=a%20b".to_owned()
        )
    );
}

#[test]
fn a_multipart_upload_is_exact() {
    let parts = UploadFileMultipart {
        attachments: Some(vec![
            FilePart::new(Bytes::from_static(b"one")),
            FilePart::new(Bytes::from_static(b"two")).file_name("b.txt").content_type("text/plain"),
        ]),
        count: Some(2),
        file: FilePart::new(Bytes::from_static(b"PNG")).file_name("say \"cheese\" – ü.png"),
        kind: Some(UploadFilePartKind::Scan),
        meta: Some(meta(Some("t"), None)),
        name: None,
        tags: Some(vec!["a".into(), "b".into()]),
    };
    let request = UploadFile::new(parts).to_http_request(BASE).unwrap();
    let (content_type, body) = body_of(&request);
    assert_eq!(content_type, "multipart/form-data; boundary=boundary-0000000000000000");
    let expected = [
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\none\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"b.txt\"\r\nContent-Type: text/plain\r\n\r\ntwo\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"count\"\r\n\r\n2\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"file\"; filename=\"say %22cheese%22 – ü.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nscan\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"title\":\"t\"}\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n",
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n",
        "--boundary-0000000000000000--\r\n",
    ]
    .concat();
    assert_eq!(body, expected);
}

#[test]
fn the_caller_picks_the_media_type() {
    let meta = meta(Some("t"), Some(1));
    let cases = [
        (ReplaceItemBody::Json(meta.clone()), "application/json", r#"{"size":1,"title":"t"}"#),
        (
            ReplaceItemBody::MergePatchJson(meta.clone()),
            "application/merge-patch+json",
            r#"{"size":1,"title":"t"}"#,
        ),
        (ReplaceItemBody::Form(meta), "application/x-www-form-urlencoded", "size=1&title=t"),
        (ReplaceItemBody::Text("hi".into()), "text/plain", "hi"),
        (ReplaceItemBody::Bytes(Bytes::from_static(b"\x01")), "application/octet-stream", "\u{1}"),
    ];
    for (body, content_type, bytes) in cases {
        let request = ReplaceItem::new("i", body).to_http_request(BASE).unwrap();
        assert_eq!(body_of(&request), (content_type, bytes.to_owned()));
    }
}

#[test]
fn a_media_type_range_takes_the_callers_type() {
    let image =
        Binary { content_type: Some("image/webp".into()), data: Bytes::from_static(b"RIFF") };
    let request = PutImage::new(image).to_http_request(BASE).unwrap();
    assert_eq!(body_of(&request), ("image/webp", "RIFF".to_owned()));
}

#[test]
fn multipart_mixed_and_an_optional_body() {
    let none = PostBatch::new().to_http_request(BASE).unwrap();
    assert!(!none.headers().contains_key("content-type") && none.body().is_empty());
    let parts = PostBatchMultipart { first: Some(meta(None, Some(3))), second: None };
    let request = PostBatch::new().body(parts).to_http_request(BASE).unwrap();
    let (content_type, body) = body_of(&request);
    assert_eq!(content_type, "multipart/mixed; boundary=boundary-0000000000000000");
    assert_eq!(
        body,
        "--boundary-0000000000000000\r\nContent-Disposition: form-data; name=\"first\"\r\nContent-Type: application/json\r\n\r\n{\"size\":3}\r\n--boundary-0000000000000000--\r\n"
    );
}

fn meta(title: Option<&str>, size: Option<i64>) -> Meta {
    let mut meta = Meta::default();
    (meta.title, meta.size) = (title.map(str::to_owned), size);
    meta
}

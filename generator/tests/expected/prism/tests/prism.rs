//! The crate generated from `fixtures/prism.yaml` against Prism, a
//! validating mock server we did not write, serving the same spec: a form
//! with nested values, a multipart upload and styled query parameters pass
//! its request validation; a redirect comes back as a typed value with its
//! `Location`, not followed; and Prism refuses a wrong body, which proves it
//! validates. Prism is the one of the project's npm lock file (`npm ci`).

use bytes::Bytes;
use fixture_prism::models::CreateChargeBody;
use fixture_prism::models::CreateChargeBodyCurrency;
use fixture_prism::models::UploadMultipart;
use fixture_prism::operations::*;
use fixture_prism::runtime::{FilePart, HeaderField, Operation};
use fixture_support::Prism;

fn assert_valid(response: &http::Response<Bytes>, what: &str) {
    let violations = response.headers().get("sl-violations");
    assert!(
        response.status().is_success() && violations.is_none(),
        "{what}: Prism refused the request with {}: {violations:?}\n{}",
        response.status(),
        String::from_utf8_lossy(response.body())
    );
}

#[test]
fn prism_accepts_what_the_crate_sends_and_the_crate_reads_what_prism_answers() {
    let prism = Prism::start("prism.yaml");
    let base = prism.base();

    let mut charge = CreateChargeBody::new(100, CreateChargeBodyCurrency::Eur);
    charge.description = Some("Zoë & co: 1/2".into());
    charge.metadata =
        Some([("order".to_owned(), "7".to_owned()), ("note".to_owned(), "a b".to_owned())].into());
    let response = prism.send(CreateCharge::new(charge).to_http_request(&base).unwrap(), None);
    assert_valid(&response, "a form with a deepObject");
    let CreateChargeResponse::Ok(created) = CreateCharge::parse_response(response).unwrap();
    assert_eq!(created.id, "ch_1");

    let parts = UploadMultipart {
        file: FilePart::new(Bytes::from_static(b"\x89PNG bytes"))
            .file_name("a \"b\" é.png")
            .content_type("image/png"),
        description: "a picture".into(),
        count: Some(3),
    };
    let response = prism.send(Upload::new(parts).to_http_request(&base).unwrap(), None);
    assert_valid(&response, "a multipart upload");
    assert!(matches!(Upload::parse_response(response), Ok(UploadResponse::Created(_))));

    let request = Search::new(vec![1, 2, 3]).sort(fixture_prism::models::SearchSort::Desc);
    let response = prism.send(request.to_http_request(&base).unwrap(), None);
    assert_valid(&response, "styled query parameters");
    let SearchResponse::Ok(found) = Search::parse_response(response).unwrap();
    assert_eq!(found.len(), 1);

    // A redirect is reported, with where to go: nothing follows it.
    let response = prism.send(Download::new("f 1").to_http_request(&base).unwrap(), Some(302));
    assert_eq!(response.status(), 302, "{:?}", response.headers());
    let parsed = Download::parse_response(response).unwrap();
    assert_eq!(
        parsed,
        DownloadResponse::Found {
            location: Some(HeaderField::Value("https://cdn.example.com/file".into()))
        }
    );
}

#[test]
fn prism_refuses_a_wrong_form() {
    let prism = Prism::start("prism.yaml");
    let request = http::Request::post(format!("{}/charges", prism.base()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from_static(b"currency=gbp"))
        .unwrap();
    let response = prism.send(request, None);
    assert_eq!(response.status(), 422, "{}", String::from_utf8_lossy(response.body()));
    assert!(response.headers().contains_key("sl-violations"));

    // A multipart body without its required `description` part.
    let mut parts = fixture_prism::runtime::Multipart::default();
    parts
        .file("file", &FilePart::new(Bytes::from_static(b"x")), "application/octet-stream")
        .unwrap();
    let content = parts.finish("multipart/form-data").unwrap();
    let request = http::Request::post(format!("{}/uploads", prism.base()))
        .header("content-type", content.content_type)
        .body(content.bytes)
        .unwrap();
    let response = prism.send(request, None);
    assert_eq!(response.status(), 422, "{}", String::from_utf8_lossy(response.body()));
}

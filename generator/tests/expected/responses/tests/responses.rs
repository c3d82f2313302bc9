//! The responses the crate generated from `fixtures/responses.yaml` reads:
//! redirects with `Location` (never followed), informational statuses,
//! typed headers that keep a malformed value, bodies by their media type,
//! `default` alone, ranges, empty bodies and raw undocumented answers.

use bytes::Bytes;
use fixture_responses::operations::*;
use fixture_responses::runtime::{HeaderField, Operation, ResponseError};

fn response(status: u16, headers: &[(&str, &str)], body: &'static [u8]) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from_static(body)).unwrap()
}

#[test]
fn a_redirect_is_a_typed_value_with_its_location() {
    let parsed = DownloadFile::parse_response(response(
        302,
        &[("location", "https://cdn.example.com/f")],
        b"",
    ))
    .unwrap();
    assert_eq!(
        parsed,
        DownloadFileResponse::Found {
            location: Some(HeaderField::Value("https://cdn.example.com/f".into()))
        }
    );
    let parsed = DownloadFile::parse_response(response(304, &[("etag", "\"v2\"")], b"")).unwrap();
    assert_eq!(
        parsed,
        DownloadFileResponse::NotModified { e_tag: Some(HeaderField::Value("v2".into())) }
    );
}

#[test]
fn headers_are_typed_and_a_malformed_one_keeps_its_text() {
    let headers = [
        ("etag", "v1"),
        ("x-rate-limit-remaining", "many"),
        ("content-type", "application/octet-stream"),
    ];
    let parsed = DownloadFile::parse_response(response(200, &headers, b"\x00\x01")).unwrap();
    let DownloadFileResponse::Ok { body, e_tag, x_rate_limit_remaining } = parsed else {
        panic!("{parsed:?}")
    };
    assert_eq!(body.data, &b"\x00\x01"[..]);
    assert_eq!(e_tag, Some(HeaderField::Value("v1".into())));
    assert_eq!(x_rate_limit_remaining, Some(HeaderField::Malformed("many".into())));
}

#[test]
fn informational_statuses_have_variants() {
    let parsed =
        OpenSocket::parse_response(response(101, &[("upgrade", "websocket")], b"")).unwrap();
    assert_eq!(
        parsed,
        OpenSocketResponse::SwitchingProtocols {
            upgrade: Some(HeaderField::Value("websocket".into()))
        }
    );
}

#[test]
fn default_alone_is_the_answer_and_its_errors() {
    let parsed = ListThings::parse_response(response(200, &[], br#"["a","b"]"#)).unwrap();
    assert_eq!(
        parsed,
        ListThingsResponse::Default(http::StatusCode::OK, vec!["a".to_owned(), "b".to_owned()])
    );
    let error = ListThings::parse_response(response(500, &[], br#"["oops"]"#)).unwrap_err();
    assert_eq!(error.service_error().and_then(|e| e.body.clone()), Some(vec!["oops".to_owned()]));
}

#[test]
fn a_range_carries_the_exact_status_headers_and_a_bare_value() {
    let headers = [("location", "/things/7"), ("x-ids", "7, 8")];
    let parsed = CreateThing::parse_response(response(201, &headers, b"7")).unwrap();
    assert_eq!(
        parsed,
        CreateThingResponse::Status2xx {
            status: http::StatusCode::CREATED,
            body: 7,
            location: Some(HeaderField::Value("/things/7".into())),
            x_ids: Some(HeaderField::Value(vec![7, 8])),
        }
    );
    let problem =
        CreateThing::parse_response(response(422, &[], br#"{"title":"bad","status":422}"#))
            .unwrap_err();
    let body = problem.service_error().and_then(|e| e.body.clone()).expect("a typed problem");
    assert_eq!(body.title.as_deref(), Some("bad"));
}

#[test]
fn the_media_type_picks_the_body() {
    let json = GetReport::parse_response(response(
        200,
        &[("content-type", "application/json")],
        br#"{"rows":2}"#,
    ))
    .unwrap();
    assert!(
        matches!(json, GetReportResponse::Ok(GetReportOkBody::Json(ref report)) if report.rows == Some(2)),
        "{json:?}"
    );
    let csv = GetReport::parse_response(response(
        200,
        &[("content-type", "text/csv; charset=utf-8")],
        b"a,b\n",
    ))
    .unwrap();
    assert_eq!(csv, GetReportResponse::Ok(GetReportOkBody::TextCsv("a,b\n".into())));
    let pdf =
        GetReport::parse_response(response(200, &[("content-type", "application/pdf")], b"%PDF"))
            .unwrap();
    assert!(
        matches!(pdf, GetReportResponse::Ok(GetReportOkBody::Pdf(ref file)) if file.data == b"%PDF"[..]),
        "{pdf:?}"
    );
    let reset = GetReport::parse_response(response(205, &[], b"")).unwrap();
    assert_eq!(reset, GetReportResponse::ResetContent);
}

#[test]
fn a_documented_status_without_a_body_ignores_what_comes() {
    assert_eq!(Ping::parse_response(response(200, &[], b"pong")).unwrap(), PingResponse::Ok);
    let unexpected = Ping::parse_response(response(203, &[], b"")).unwrap_err();
    assert!(matches!(unexpected, ResponseError::UnexpectedStatus { .. }), "{unexpected:?}");
}

#[test]
fn without_a_documented_success_answers_come_raw() {
    let parsed = Legacy::parse_response(response(200, &[("x-a", "1")], b"ok")).unwrap();
    // The only variant: nothing else is expected.
    let LegacyResponse::Other(raw) = parsed;
    assert_eq!(
        (raw.status.as_u16(), raw.headers["x-a"].to_str().unwrap(), &raw.body[..]),
        (200, "1", &b"ok"[..])
    );
    let error = Legacy::parse_response(response(400, &[], br#"{"title":"no"}"#)).unwrap_err();
    assert!(error.service_error().and_then(|e| e.body.as_ref()).is_some());
}

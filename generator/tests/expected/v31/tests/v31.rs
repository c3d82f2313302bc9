//! What the crate generated from `fixtures/v31.yaml` (OpenAPI 3.1) does:
//! a receiver reads each webhook from the `http::Request` a server hands
//! over and answers with its documented replies; every request that is not
//! as documented is refused with the reason; a form body is read field by
//! field into its type; named integer constants, a
//! union tagged by its constants, and `null` beside a `$ref` read and
//! write the JSON as the spec says.

use bytes::Bytes;
use fixture_v31::models::{Dog, DogAdoptedAccepted, Event, Size};
use fixture_v31::webhooks::{DogAdopted, DogAdoptedReply, DogNote, WebhookError};

const DELIVERY: &str = "5f0c2a4e-8d7b-4e43-9a1f-2c9d3b1e7a60";

const ADOPTED: &str = r#"{"dog": {"id": 7, "name": "Rex", "kind": "dog", "owner": null, "size": 3},
    "adoptedAt": "2026-12-06T10:00:00Z", "note": null}"#;

fn adopted(headers: &[(&str, &str)], body: &str) -> http::Request<Bytes> {
    let mut request = http::Request::post("https://me.example.com/hooks/adopted");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Bytes::from(body.to_owned())).expect("a request")
}

#[test]
fn a_webhook_is_read_with_its_headers_and_body() {
    let request = adopted(
        &[
            ("x-kennel-delivery", DELIVERY),
            ("X-Kennel-Attempt", "2"),
            ("content-type", "application/json; charset=utf-8"),
        ],
        ADOPTED,
    );
    let event = DogAdopted::from_http_request(&request).expect("the documented webhook");
    assert_eq!(event.x_kennel_delivery.to_string(), DELIVERY);
    assert_eq!(event.x_kennel_attempt, Some(2));
    assert_eq!(event.body.dog.name, "Rex");
    assert_eq!(event.body.dog.owner, Some(None), "`null` beside a `$ref` is kept as null");
    assert_eq!(event.body.dog.size, Some(Size::Large));
    assert_eq!(event.body.note, Some(None));
    assert_eq!(event.body.adopted_at.to_rfc3339(), "2026-12-06T10:00:00+00:00");
    assert_eq!((DogAdopted::NAME, DogAdopted::METHOD), ("dogAdopted", http::Method::POST));
}

#[test]
fn a_request_not_as_documented_is_refused_with_the_reason() {
    let headers = [("x-kennel-delivery", DELIVERY)];
    let refused = |request: http::Request<Bytes>| {
        DogAdopted::from_http_request(&request).expect_err("refused")
    };
    let missing = refused(adopted(&[], ADOPTED));
    assert!(matches!(missing, WebhookError::MissingHeader("X-Kennel-Delivery")), "{missing:?}");
    let malformed = refused(adopted(&[headers[0], ("x-kennel-attempt", "twice")], ADOPTED));
    assert!(
        matches!(&malformed, WebhookError::Header { name: "X-Kennel-Attempt", value } if value == "twice"),
        "{malformed:?}"
    );
    let xml = refused(adopted(&[headers[0], ("content-type", "application/xml")], ADOPTED));
    assert_eq!(xml.to_string(), "the body is application/xml, not application/json");
    let json = refused(adopted(&headers, r#"{"dog": {"name": "Rex"}}"#));
    assert!(matches!(json, WebhookError::Json(_)), "{json:?}");
    assert!(std::error::Error::source(&json).is_some());
    assert!(matches!(refused(adopted(&headers, "")), WebhookError::MissingBody));
    let mut get = adopted(&headers, ADOPTED);
    *get.method_mut() = http::Method::GET;
    assert_eq!(refused(get).to_string(), "the webhook is sent with POST, not GET");
}

#[test]
fn the_documented_replies_become_responses() {
    let ok = DogAdoptedReply::Ok.to_http_response();
    assert_eq!((ok.status(), ok.body().len()), (http::StatusCode::OK, 0));
    let mut queued = DogAdoptedAccepted::default();
    queued.queued = Some(true);
    let accepted = DogAdoptedReply::Accepted(queued).to_http_response();
    assert_eq!(accepted.status(), http::StatusCode::ACCEPTED);
    assert_eq!(accepted.headers()["content-type"], "application/json");
    assert_eq!(accepted.body().as_ref(), br#"{"queued":true}"#);
    assert_eq!(DogAdoptedReply::Status410.to_http_response().status(), http::StatusCode::GONE);
}

#[test]
fn a_text_webhook_reads_its_text_or_nothing() {
    let note = |body: &'static str| {
        let request =
            http::Request::put("/n").header("content-type", "text/plain").body(Bytes::from(body));
        DogNote::from_http_request(&request.expect("a request"))
    };
    assert_eq!(note("Rex ate a sock.").expect("text").body.as_deref(), Some("Rex ate a sock."));
    assert_eq!(note("").expect("no body").body, None);
}

#[test]
fn a_form_webhook_reads_each_field_as_its_member() {
    use fixture_v31::webhooks::DogCheckedIn;
    let checked_in = |body: &'static str| {
        let request = http::Request::post("/in")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Bytes::from(body));
        DogCheckedIn::from_http_request(&request.expect("a request"))
    };
    let event =
        checked_in("dogId=7&kennel=North+Wing%21&vaccinated=true&size=2&tags=calm&tags=small")
            .expect("the documented form");
    let body = event.body;
    assert_eq!((body.dog_id, body.kennel.as_str()), (7, "North Wing!"));
    assert_eq!((body.vaccinated, body.size), (Some(true), Some(Size::Medium)));
    assert_eq!(body.tags.as_deref(), Some(&["calm".to_owned(), "small".to_owned()][..]));
    // One value of a list is a list of one; absent members are `None`.
    let event = checked_in("kennel=South&dogId=8&tags=shy").expect("a form");
    assert_eq!((event.body.tags, event.body.vaccinated), (Some(vec!["shy".to_owned()]), None));
    let wrong = checked_in("dogId=seven&kennel=South").expect_err("not a number");
    assert!(matches!(wrong, WebhookError::Form(_)), "{wrong:?}");
    // It says its own part; why the form does not fit is its source.
    assert_eq!(wrong.to_string(), "the body is not the documented form");
    let cause = std::error::Error::source(&wrong).expect("a cause").to_string();
    assert!(!cause.is_empty() && !wrong.to_string().contains(&cause), "{cause}");
    let missing = checked_in("dogId=7").expect_err("the kennel is required");
    assert!(matches!(missing, WebhookError::Form(_)), "{missing:?}");
}

#[test]
fn named_constants_and_constant_tags_read_and_write_the_json() {
    assert_eq!(Size::from(2), Size::Medium);
    assert_eq!((Size::Unknown.value(), Size::from(9).value()), (-1, 9));
    assert_eq!(serde_json::to_string(&Size::Large).expect("json"), "3");
    assert_eq!(serde_json::from_str::<Size>("7").expect("json"), Size::from(7));
    assert_eq!(Size::Medium.to_string(), "2");

    let events: Vec<Event> = serde_json::from_str(
        r#"[{"kind": "fetched", "thing": "ball", "times": 2}, {"kind": "barked", "times": 3}]"#,
    )
    .expect("events");
    // The constant picks the variant, though `times` would fit `Barked` better.
    assert!(
        matches!(&events[0], Event::Fetched(fetched) if fetched.thing.as_deref() == Some("ball"))
    );
    assert!(matches!(&events[1], Event::Barked(barked) if barked.times == Some(3)));

    let dog: Dog = serde_json::from_str(r#"{"id": 1, "name": "Bo", "kind": "dog", "tag": "b-1"}"#)
        .expect("a dog");
    assert_eq!(serde_json::to_value(&dog).expect("json")["tag"], "b-1");
}

#[test]
fn base64_content_is_bytes_in_rust_and_base64_on_the_wire() {
    let dog: Dog =
        serde_json::from_str(r#"{"id": 1, "name": "Bo", "kind": "dog", "photo": "aGVsbG8="}"#)
            .expect("a dog");
    let photo = dog.photo.clone().expect("a photo");
    assert_eq!(&*photo, b"hello");
    assert_eq!(serde_json::to_value(&dog).expect("json")["photo"], "aGVsbG8=");
    // Unpadded base64 reads too; it is written back padded.
    let unpadded: Dog =
        serde_json::from_str(r#"{"id": 1, "name": "Bo", "kind": "dog", "photo": "aGVsbG8"}"#)
            .expect("a dog");
    assert_eq!(unpadded.photo, Some(photo));
    let broken =
        serde_json::from_str::<Dog>(r#"{"id": 1, "name": "Bo", "kind": "dog", "photo": "%%"}"#);
    assert!(broken.is_err(), "text that is not base64 is no photo");
}

#[test]
fn a_variant_whose_constant_differs_is_never_chosen() {
    use fixture_v31::models::Treat;
    let treat = |json: &str| serde_json::from_str::<Treat>(json).expect("a treat");
    // Both variants read every member; the first listed would win, but
    // its constant `kind` is `biscuit`.
    assert!(matches!(treat(r#"{"kind": "bone", "name": "Big"}"#), Treat::OtherTreat(_)));
    assert!(matches!(treat(r#"{"kind": "biscuit", "name": "Choc"}"#), Treat::Biscuit(_)));
    assert!(matches!(treat(r#"{"name": "Plain"}"#), Treat::Biscuit(_)), "no `kind`: no mismatch");
}

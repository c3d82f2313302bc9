//! The crate generated from `fixtures/v31_webhooks.yaml`, a 3.1 document
//! of webhooks and no paths, is a crate of events: it reads its one webhook
//! and writes its one reply.

use bytes::Bytes;
use fixture_v31_webhooks::webhooks::{NewDog, NewDogReply};

#[test]
fn a_crate_of_events_reads_and_answers() {
    let request = http::Request::post("/dogs")
        .header("content-type", "application/json")
        .body(Bytes::from_static(br#"{"name": "Rex", "tag": 5}"#))
        .expect("a request");
    let event = NewDog::from_http_request(&request).expect("the webhook");
    assert_eq!(event.body.name, "Rex");
    assert_eq!(serde_json::to_string(&event.body.tag).expect("json"), "5");
    assert_eq!(NewDogReply::NoContent.to_http_response().status(), http::StatusCode::NO_CONTENT);
}

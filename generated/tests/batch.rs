//! JSON batching sans-IO (beyond the pages: Microsoft's JSON batching
//! guide): the exact `$batch` body for mixed operations, each step's answer
//! read by its own operation, and every refusal typed.

#![cfg(feature = "batch")]

use std::time::Duration;

use bytes::Bytes;
use graph_photos::batch::{Batch, BatchError, StepError, StepOptions, MAX_REQUEST_BYTES};
use graph_photos::models::ProfilePhoto;
use graph_photos::operations::{
    DeleteUserPhotoContent, DeleteUserPhotoContentResponse, GetGroupPhoto, GetMyPhoto,
    GetMyPhotoContent, GetMyPhotoResponse, GetUserPhoto, ListUserPhotos, SetMyPhotoContent,
    SetMyPhotoContentResponse, SetUserPhotoContent, UpdateUserPhoto, UpdateUserPhotoResponse,
};
use graph_photos::photos::OrNoPhoto as _;
use graph_photos::{RequestError, ResponseError};
use serde_json::{json, Value};

const BASE: &str = "https://graph.microsoft.com/v1.0";
/// The first bytes of a JFIF file, and the same in base64.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF";
const JPEG_BASE64: &str = "/9j/4AAQSkZJRg==";
const ALICE: &str = "alice@contoso.com";
const GROUP: &str = "02bd9fd6-8f93-4758-87c3-1fb73740a315";

fn photo(edge: i32) -> ProfilePhoto {
    let mut photo = ProfilePhoto::default();
    (photo.height, photo.width) = (Some(Some(edge)), Some(Some(edge)));
    photo
}

fn jpeg(len: usize) -> Bytes {
    let mut data = vec![0u8; len];
    data[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    Bytes::from(data)
}

fn batch_response(body: Value) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_string()))
        .expect("response")
}

#[test]
fn twenty_mixed_operations_make_the_json_the_guide_describes() {
    let mut batch = Batch::new(BASE);
    batch.add(&GetMyPhoto::new()).expect("JSON read");
    batch.add(&GetMyPhotoContent::new()).expect("binary read");
    let upload = batch.add(&SetMyPhotoContent::new(Bytes::from_static(JPEG))).expect("upload");
    let options = StepOptions::new().id("patch").depends_on(&upload);
    batch.add_with(&UpdateUserPhoto::new(ALICE, photo(96)), options).expect("JSON update");
    batch.add(&GetGroupPhoto::new(GROUP)).expect("group");
    batch.add(&ListUserPhotos::new(ALICE)).expect("list");
    batch.add(&DeleteUserPhotoContent::new("bob")).expect("delete");
    for n in 8..=20 {
        batch.add(&GetUserPhoto::new(format!("user{n}"))).expect("user photo");
    }
    assert_eq!(batch.len(), 20);

    let request = batch.to_http_request().expect("request");
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/$batch");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.body().len() as u64, batch.body_bytes());

    let json_read = json!({"Accept": "application/json"});
    let mut expected = vec![
        json!({"id": "1", "method": "GET", "url": "/me/photo", "headers": json_read}),
        json!({"id": "2", "method": "GET", "url": "/me/photo/$value",
               "headers": {"Accept": "image/jpeg, application/json"}}),
        json!({"id": "3", "method": "PUT", "url": "/me/photo/$value",
               "headers": {"Accept": "application/json", "Content-Type": "image/jpeg"},
               "body": JPEG_BASE64}),
        json!({"id": "patch", "method": "PATCH", "url": "/users/alice%40contoso.com/photo",
               "dependsOn": ["3"],
               "headers": {"Accept": "application/json", "Content-Type": "application/json"},
               "body": {"height": 96, "width": 96}}),
        json!({"id": "5", "method": "GET", "url": format!("/groups/{GROUP}/photo"),
               "headers": json_read}),
        json!({"id": "6", "method": "GET", "url": "/users/alice%40contoso.com/photos",
               "headers": json_read}),
        json!({"id": "7", "method": "DELETE", "url": "/users/bob/photo/$value",
               "headers": json_read}),
    ];
    for n in 8..=20 {
        expected.push(json!({"id": n.to_string(), "method": "GET",
                             "url": format!("/users/user{n}/photo"), "headers": json_read}));
    }
    let body: Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(body, json!({"requests": expected}));
    // The JSON body is inline as JSON, not a string of JSON.
    assert!(std::str::from_utf8(request.body()).expect("UTF-8").contains(r#""body":{"height":96"#));
}

#[test]
fn a_mixed_answer_is_read_step_by_step_by_each_operation() {
    let mut batch = Batch::new(BASE);
    let read = batch.add(&GetMyPhoto::new()).expect("add");
    let content = batch.add(&GetMyPhotoContent::new()).expect("add");
    let upload = batch.add(&SetMyPhotoContent::new(Bytes::from_static(JPEG))).expect("add");
    let patch = batch
        .add_with(&UpdateUserPhoto::new(ALICE, photo(96)), StepOptions::new().id("patch"))
        .expect("add");
    let group = batch.add(&GetGroupPhoto::new(GROUP)).expect("add");
    let throttled = batch.add(&GetUserPhoto::new("carol")).expect("add");
    let delete = batch.add(&DeleteUserPhotoContent::new("bob")).expect("add");
    let missing = batch.add(&GetUserPhoto::new("dave")).expect("add");
    let garbled = batch.add(&GetMyPhotoContent::new()).expect("add");

    let json = json!({"Content-Type": "application/json"});
    let graph_error = |code: &str| {
        json!({"error": {"code": code, "message": "It happened.",
                                          "innerError": {"request-id": "rid-1"}}})
    };
    let response = batch_response(json!({"responses": [
        {"id": "7", "status": 204, "headers": {}},
        {"id": "3", "status": 204},
        {"id": "PATCH", "status": 200, "headers": json,
         "body": {"@odata.type": "#microsoft.graph.profilePhoto", "height": 96, "width": 96}},
        {"id": "2", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": JPEG_BASE64},
        {"id": "6", "status": 429,
         "headers": {"Retry-After": "7", "Content-Type": "application/json"},
         "body": graph_error("TooManyRequests")},
        {"id": "1", "status": 200, "headers": json, "body": {"id": "240x240", "height": 240}},
        {"id": "5", "status": 404, "headers": json, "body": graph_error("ImageNotFound")},
        {"id": "9", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": "not base64!"},
    ]}));
    let answer = Batch::parse_response(response).expect("a batch answer");

    let first = answer.parse(&read).expect("200");
    assert!(matches!(first, GetMyPhotoResponse::Ok(photo) if photo.height() == Some(240)));
    let binary = answer.parse(&content).expect("200").into_ok().expect("bytes");
    assert_eq!(binary.data, JPEG);
    assert_eq!(binary.content_type.as_deref(), Some("image/jpeg"));
    assert_eq!(answer.parse(&upload).expect("204"), SetMyPhotoContentResponse::NoContent);
    let patched = answer.parse(&patch).expect("ids are compared case-insensitively");
    assert!(matches!(patched, UpdateUserPhotoResponse::Ok(photo) if photo.width() == Some(96)));
    assert_eq!(answer.parse(&delete).expect("204"), DeleteUserPhotoContentResponse::NoContent);

    let not_found = answer.parse(&group).expect_err("404");
    assert!(not_found.is_not_found() && !not_found.is_throttled());
    assert_eq!(not_found.to_string(), "step 5: 404 ImageNotFound: It happened. (request-id rid-1)");
    assert_eq!(answer.parse(&group).photo_or_none().expect("no photo is not an error"), None);

    let busy = answer.parse(&throttled).expect_err("429");
    assert!(busy.is_throttled());
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(7)));
    assert_eq!(busy.service_error().and_then(|error| error.code()), Some("TooManyRequests"));
    assert_eq!(answer.throttled(), vec![("6", Some(Duration::from_secs(7)))]);

    let absent = answer.parse(&missing).expect_err("no response for step 8");
    assert!(matches!(&absent, StepError::Missing { id } if id == "8"), "{absent:?}");
    let unreadable = answer.parse(&garbled).expect_err("not base64");
    assert!(matches!(&unreadable, StepError::Malformed { id, .. } if id == "9"), "{unreadable:?}");
    assert!(unreadable.to_string().contains("image/jpeg body is not base64"), "{unreadable}");
}

#[test]
fn the_answers_own_oddities_spoil_only_their_step() {
    let response = batch_response(json!({"responses": [
        {"id": "1", "status": 1000},
        {"id": "2", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": {"a": 1}},
        {"id": "3", "status": 200, "headers": {"bad header": "x"}},
        {"id": "4", "status": 204},
        {"id": "4", "status": 204},
        {"id": "5", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": "/9j/4A"},
    ]}));
    let answer = Batch::parse_response(response).expect("the envelope is fine");
    for id in ["1", "2", "3", "4"] {
        assert_eq!(answer.status(id), None, "step {id} is malformed");
    }
    // Base64 without its padding is still base64.
    let unpadded = answer.response("5").expect("readable");
    assert_eq!(unpadded.body().as_ref(), b"\xFF\xD8\xFF\xE0");
}

#[test]
fn the_batch_as_a_whole_fails_with_the_batchs_own_error() {
    let refused = http::Response::builder()
        .status(400)
        .header("content-type", "application/json")
        .body(Bytes::from_static(br#"{"error":{"code":"BadRequest","message":"Duplicate id."}}"#))
        .expect("response");
    let error = Batch::parse_response(refused).expect_err("400");
    assert_eq!(error.service_error().and_then(|error| error.code()), Some("BadRequest"));

    let garbled = batch_response(json!({"value": []}));
    assert!(matches!(Batch::parse_response(garbled), Err(ResponseError::Decode { .. })));
}

#[test]
fn a_21st_step_a_taken_id_and_an_unknown_dependency_are_refused() {
    let mut batch = Batch::new(BASE);
    let first = batch.add_with(&GetMyPhoto::new(), StepOptions::new().id("Photo")).expect("add");
    let taken = batch.add_with(&GetMyPhoto::new(), StepOptions::new().id("photo"));
    assert!(matches!(taken, Err(BatchError::DuplicateId { id }) if id == "photo"));
    let empty = batch.add_with(&GetMyPhoto::new(), StepOptions::new().id(""));
    assert!(matches!(empty, Err(BatchError::InvalidId { .. })));
    let unknown = batch.add_with(&GetMyPhoto::new(), StepOptions::new().depends_on("later"));
    assert!(
        matches!(unknown, Err(BatchError::UnknownDependency { depends_on, .. }) if depends_on == "later")
    );
    // Automatic ids skip the ones taken: "Photo" is step 1, then "2", ...
    let second =
        batch.add_with(&GetMyPhoto::new(), StepOptions::new().depends_on(&first)).expect("add");
    assert_eq!((first.id(), second.id()), ("Photo", "2"));
    for _ in 2..20 {
        batch.add(&GetMyPhoto::new()).expect("up to 20");
    }
    assert!(matches!(batch.add(&GetMyPhoto::new()), Err(BatchError::TooManySteps { limit: 20 })));
    assert_eq!(batch.len(), 20, "refusals leave the batch as it was");

    assert!(matches!(Batch::new(BASE).to_http_request(), Err(BatchError::Empty)));
}

#[test]
fn an_operation_that_cannot_be_built_is_refused_with_its_own_error() {
    // The binary upload is documented for v1.0 only.
    let mut beta = Batch::new("https://graph.microsoft.com/beta");
    let upload = SetMyPhotoContent::new(Bytes::from_static(JPEG));
    let error = beta.add(&upload).expect_err("undocumented for beta");
    assert!(matches!(
        error,
        BatchError::Request {
            operation: "setMyPhotoContent",
            source: RequestError::UndocumentedApiVersion { .. }
        }
    ));
    let mut beta = beta.check_api_versions(false);
    beta.add(&upload).expect("the check is off");
    let not_jpeg = SetUserPhotoContent::new("alice", Bytes::from_static(b"GIF89a"));
    assert!(matches!(Batch::new(BASE).add(&not_jpeg), Err(BatchError::Request { .. })));
}

#[test]
fn a_batch_is_kept_under_4_mib_with_room_for_its_headers() {
    // Our assumption: the 4 MB of the photo pages binds the whole batch.
    let mut batch = Batch::new(BASE);
    batch.add(&SetUserPhotoContent::new("alice", jpeg(2 * 1024 * 1024))).expect("2 MiB fits");
    let before = batch.body_bytes();
    let error = batch
        .add(&SetUserPhotoContent::new("bob", jpeg(1024 * 1024)))
        .expect_err("base64 of 3 MiB in all is over 4 MiB");
    assert!(
        matches!(error, BatchError::TooLarge { limit, actual } if limit == MAX_REQUEST_BYTES && actual >= limit)
    );
    assert!(error.to_string().contains("our assumption"), "{error}");
    assert_eq!((batch.len(), batch.body_bytes()), (1, before), "the batch is as it was");
    let request = batch.to_http_request().expect("request");
    assert!((request.body().len() as u64) < MAX_REQUEST_BYTES - 16 * 1024);

    let alone = Batch::new(BASE).add(&SetUserPhotoContent::new("carol", jpeg(3_200_000)));
    assert!(matches!(alone, Err(BatchError::TooLarge { .. })), "fits in no batch");
}

#[test]
fn only_some_steps_keep_their_ids_and_the_dependencies_among_them() {
    let mut batch = Batch::new(BASE);
    let a = batch.add(&GetMyPhoto::new()).expect("add");
    let b = batch.add_with(&GetMyPhoto::new(), StepOptions::new().depends_on(&a)).expect("add");
    let c = batch.add_with(&GetMyPhoto::new(), StepOptions::new().depends_on(&b)).expect("add");
    let retry = batch.only([b.id(), c.id()]).expect("known ids");
    let body: Value =
        serde_json::from_slice(retry.to_http_request().expect("request").body()).expect("JSON");
    let ids: Vec<(&str, Option<&Value>)> = body["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|step| (step["id"].as_str().unwrap_or(""), step.get("dependsOn")))
        .collect();
    assert_eq!(ids, vec![("2", None), ("3", Some(&json!(["2"])))]);
    assert!(matches!(batch.only(["9"]), Err(BatchError::UnknownStep { .. })));
}

graph_photos::batch_steps! {
    /// The steps of a mixed batch, kept in one collection.
    enum MixedStep -> MixedAnswer {
        Read(GetUserPhoto),
        Upload(SetUserPhotoContent),
        Remove(DeleteUserPhotoContent),
    }
}

/// Steps of three operations in one `Vec`, in the caller's order, come
/// back typed in that order, whatever order the service answers in; a
/// step's handle and its id name it alike.
#[test]
fn mixed_steps_in_one_collection_come_back_typed_in_order() {
    let mut batch = Batch::new(BASE);
    let mut steps: Vec<MixedStep> = Vec::new();
    for user in ["u1", "u2"] {
        steps.push(
            batch.add(&SetUserPhotoContent::new(user, Bytes::from_static(JPEG))).unwrap().into(),
        );
        steps.push(batch.add(&GetUserPhoto::new(user)).unwrap().into());
    }
    steps.push(batch.add(&DeleteUserPhotoContent::new("u3")).unwrap().into());
    let ids: Vec<&str> = steps.iter().map(AsRef::as_ref).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let json = json!({"Content-Type": "application/json"});
    let answer = Batch::parse_response(batch_response(json!({"responses": [
        {"id": "5", "status": 204},
        {"id": "4", "status": 200, "headers": json, "body": {"id": "48x48", "height": 48}},
        {"id": "3", "status": 204},
        {"id": "2", "status": 404, "headers": json,
         "body": {"error": {"code": "ImageNotFound", "message": "No photo."}}},
        {"id": "1", "status": 204},
    ]})))
    .unwrap();
    let read: Vec<String> = steps
        .iter()
        .map(|step| match step.answer(&answer) {
            MixedAnswer::Upload(Ok(_)) => "uploaded".to_owned(),
            MixedAnswer::Read(Ok(photo)) => format!("read {:?}", photo.into_ok().unwrap().height()),
            MixedAnswer::Read(Err(error)) if error.is_not_found() => "no photo".to_owned(),
            MixedAnswer::Remove(Ok(DeleteUserPhotoContentResponse::NoContent)) => "removed".into(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(read, ["uploaded", "no photo", "uploaded", "read Some(48)", "removed"]);
    // The handle in the collection, or the id, names a step everywhere.
    assert_eq!(answer.status(&steps[1]), Some(http::StatusCode::NOT_FOUND));
    assert_eq!(answer.status("2"), answer.status(&steps[1]));
    assert_eq!(answer.attempts(&steps[4]), Some(1));
    assert!(answer.response(&steps[3]).is_some());
}

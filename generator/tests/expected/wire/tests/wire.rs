//! The crate generated from `fixtures/wire.yaml` reads `null` wherever the
//! schema allows it and writes every value back as it came. (Copied into
//! the fixture crate's `tests/`.)

use bytes::Bytes;
use fixture_wire::models::*;
use fixture_wire::operations::*;
use fixture_wire::runtime::Operation;
use serde_json::json;

fn ok(body: &'static str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap()
}

#[test]
fn null_is_read_wherever_the_schema_allows_it_and_written_back() {
    let json = json!({
        "id": "c1",
        "reactions": ["like", null],
        "replies": [{"text": "hi"}, null],
        "scores": {"a": 1, "b": null},
        "labels": {"x": {"name": "n"}, "y": "plain", "_default_description_": null},
        "moods": ["happy", null, "bored"],
        "parent": {"id": "c0"},
    });
    let comment: Comment = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(comment.reactions, Some(vec![Some("like".to_owned()), None]));
    let replies = comment.replies.as_ref().unwrap();
    assert_eq!(replies[0].as_ref().and_then(|reply| reply.text.as_deref()), Some("hi"));
    assert_eq!(replies[1], None);
    assert_eq!(comment.scores.as_ref().unwrap()["b"], None);
    let labels = comment.labels.as_ref().unwrap();
    assert!(matches!(&labels["x"], CommentLabelsValue::Label(label) if label.name == "n"));
    assert_eq!(labels["y"], CommentLabelsValue::String(Some("plain".into())));
    assert_eq!(labels["_default_description_"], CommentLabelsValue::String(None));
    let moods = comment.moods.as_ref().unwrap();
    assert_eq!(moods[..2], [Some(Mood::Happy), None]);
    assert_eq!(moods[2].as_ref().map(Mood::as_str), Some("bored"));
    assert_eq!(serde_json::to_value(&comment).unwrap(), json);
}

#[test]
fn a_schema_that_only_annotates_takes_any_value() {
    let json = json!({
        "id": "c1",
        "anything": [1, "two", {"three": 3}],
        "extras": {"a": 1, "b": "two", "c": null},
        "bare": {"kept": true},
    });
    let comment: Comment = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(comment.anything, Some(json!([1, "two", {"three": 3}])));
    assert_eq!(comment.extras.as_ref().unwrap()["b"], json!("two"));
    assert_eq!(comment.bare.as_ref().unwrap()["kept"], json!(true));
    assert_eq!(serde_json::to_value(&comment).unwrap(), json);
    let scalar: Comment = serde_json::from_value(json!({"id": "c2", "anything": 7})).unwrap();
    assert_eq!(scalar.anything, Some(json!(7)));
}

#[test]
fn members_the_schema_does_not_name_are_kept_and_written_back() {
    // OpenAPI allows any member where a schema does not say otherwise: an
    // OData annotation read, modified around and written back is still there.
    let json = json!({
        "id": "c1",
        "@odata.type": "#example.comment",
        "replies": [{"text": "hi", "@odata.etag": "W/\"1\"", "edited": {"at": 3}}],
        "parent": {"id": "c0", "depth": 2},
    });
    let mut comment: Comment = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(comment.additional_properties["@odata.type"], json!("#example.comment"));
    let reply = comment.replies.as_ref().unwrap()[0].as_ref().unwrap();
    assert_eq!(reply.additional_properties["edited"], json!({"at": 3}));
    comment.id = "c2".into();
    let mut expected = json;
    expected["id"] = json!("c2");
    assert_eq!(serde_json::to_value(&comment).unwrap(), expected);
    // Through the operation too: the parsed body has them.
    let body =
        r#"{"id": "c1", "@odata.context": "https://api.example.com/$metadata#comments/$entity"}"#;
    let parsed = GetComment::parse_response(ok(body)).unwrap().into_ok().flatten().unwrap();
    assert!(parsed.additional_properties.contains_key("@odata.context"), "{parsed:?}");
}

#[test]
fn null_and_absent_stay_apart_when_written_back() {
    // `parent` is optional, and nullable (its schema is): `null` clears it
    // in an update, absent leaves it alone.
    let cleared: Comment = serde_json::from_value(json!({"id": "c1", "parent": null})).unwrap();
    assert_eq!(cleared.parent, Some(None));
    assert_eq!(serde_json::to_value(&cleared).unwrap(), json!({"id": "c1", "parent": null}));
    let untouched: Comment = serde_json::from_value(json!({"id": "c1"})).unwrap();
    assert_eq!(untouched.parent, None);
    assert_eq!(serde_json::to_value(&untouched).unwrap(), json!({"id": "c1"}));
}

#[test]
fn a_nullable_body_reads_null_as_none() {
    let parsed = GetComment::parse_response(ok("null")).unwrap();
    assert_eq!(parsed.into_ok(), Some(None));
    let parsed = GetComment::parse_response(ok(r#"{"id": "c1"}"#)).unwrap();
    assert_eq!(parsed.into_ok().flatten().map(|comment| comment.id), Some("c1".to_owned()));
}

#[test]
fn a_request_body_is_the_value_itself() {
    // Sending `null` as a body is no request to make: the body is a Comment.
    let comment = Comment::new("c1".into());
    let request =
        PutComment::new("c1", comment).to_http_request("https://api.example.com").unwrap();
    assert_eq!(request.body().as_ref(), br#"{"id":"c1"}"#);
}

#[test]
fn all_of_is_merged_with_the_members_beside_it() {
    let json = json!({"id": 1, "title": "t", "statistics": 5});
    let article: Article = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((article.id, article.title.as_deref(), article.statistics), (1, Some("t"), Some(5)));
    assert_eq!(serde_json::to_value(&article).unwrap(), json);
    // Nothing beside the part but `type` and `required`: the part itself.
    let paging: Paging = serde_json::from_value(json!({"id": 2})).unwrap();
    assert_eq!(paging, ArticleItem::new(2));
    // The part's properties and the map of the others.
    let json = json!({"id": 3, "colour": "red"});
    let tagged: Tagged = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((tagged.id, tagged.additional_properties["colour"].as_str()), (3, "red"));
    assert_eq!(serde_json::to_value(&tagged).unwrap(), json);
}

#[test]
fn a_property_declared_by_two_parts_keeps_the_members_of_both() {
    let json = json!({"path": {"created_at": "c", "version": 2, "id": "i"}, "name": "n"});
    let orchestration: Orchestration = serde_json::from_value(json.clone()).unwrap();
    let path = &orchestration.path;
    assert_eq!(
        (path.created_at.as_deref(), path.version, path.id.as_str()),
        (Some("c"), Some(2), "i")
    );
    assert_eq!(serde_json::to_value(&orchestration).unwrap(), json);
    // `path` and its `id` are required by the second part.
    assert!(serde_json::from_value::<Orchestration>(json!({"path": {}})).is_err());
}

#[test]
fn a_union_reads_by_the_variant_that_keeps_the_most() {
    // A closed v1 does not take v2's members.
    let json = json!({"name": "n", "retries": 3, "timeout": 2});
    let config: Config = serde_json::from_value(json.clone()).unwrap();
    assert!(matches!(&config, Config::ConfigV2(v2) if v2.retries == Some(3)), "{config:?}");
    assert_eq!(serde_json::to_value(&config).unwrap(), json);
    let v1: Config = serde_json::from_value(json!({"name": "n"})).unwrap();
    assert!(matches!(v1, Config::ConfigV1(_)), "first of equals: {v1:?}");
    // Shared members: the shape that also knows `reviewers`.
    let json = json!({"id": 1, "type": "required_reviewers", "reviewers": ["a"]});
    let rule: Rule = serde_json::from_value(json.clone()).unwrap();
    assert!(matches!(&rule, Rule::ReviewRule(rule) if rule.reviewers.is_some()), "{rule:?}");
    assert_eq!(serde_json::to_value(&rule).unwrap(), json);
    let wait: Rule =
        serde_json::from_value(json!({"id": 2, "type": "wait_timer", "wait_timer": 5})).unwrap();
    assert!(matches!(wait, Rule::WaitRule(_)), "{wait:?}");
    // All optional: the shape that names the member.
    let retry: Retry = serde_json::from_value(json!({"timeout": 2})).unwrap();
    assert_eq!(serde_json::to_value(&retry).unwrap(), json!({"timeout": 2}));
    // None reads it: every variant's reason.
    let error = serde_json::from_value::<Rule>(json!({"id": "x"})).unwrap_err().to_string();
    assert!(error.starts_with("no variant of Rule reads the value"), "{error}");
}

#[test]
fn a_union_beside_object_keywords_is_still_a_union() {
    let choice: Choice = serde_json::from_value(json!({"id": 1, "type": "t"})).unwrap();
    assert!(matches!(choice, Choice::WaitRule(_)), "{choice:?}");
    // Beside properties (a warning): the properties typed, the rest kept.
    let json = json!({"kind": "k", "b": 2});
    let envelope: Envelope = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(envelope.kind.as_deref(), Some("k"));
    assert_eq!(envelope.additional_properties["b"], json!(2));
    assert_eq!(serde_json::to_value(&envelope).unwrap(), json);
}

#[test]
fn read_only_members_stay_out_of_requests_and_write_only_ones_out_of_responses() {
    let mut account = Account::new("a1".to_owned(), "ann".to_owned());
    account.password = Some("pw".to_owned());
    account.since = Some("2020-01-01".to_owned());
    // A value read from the service and sent back: `id` and `since`
    // (read-only, directly and through a `$ref`) stay out of the request.
    let request =
        PutAuthor::new("c1", account.clone()).to_http_request("https://a.example").unwrap();
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(sent, json!({"login": "ann", "password": "pw"}));
    // Written back whole anywhere else.
    let whole = json!({"id": "a1", "login": "ann", "password": "pw", "since": "2020-01-01"});
    assert_eq!(serde_json::to_value(&account).unwrap(), whole);
    // The answer has no password (write-only, though required): `None`.
    let stored = br#"{"id": "a1", "login": "ann", "since": "2020-01-01"}"#;
    let answer = http::Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .body(Bytes::from_static(stored))
        .unwrap();
    let read = PutAuthor::parse_response(answer).unwrap().into_created().unwrap();
    assert_eq!((read.id.as_str(), read.password), ("a1", None));
}

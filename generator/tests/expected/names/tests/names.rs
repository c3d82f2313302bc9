//! The names the crate generated from `fixtures/names.yaml` uses: keywords,
//! collisions, non-ASCII and leading digits all become identifiers a user
//! can write, and every request still carries the API's own names.

use fixture_names::models::{Match, SelfValue};
use fixture_names::operations::{
    CreerElement, GetThing, GetThing2, GetThingResponse2, GetThingsIdSubThings, OperationOperation,
    SelfValue as SelfOperation, Type, V123go,
};
use fixture_names::runtime::Operation;

const BASE: &str = "https://api.example.com";

#[test]
fn keyword_names_are_usable_and_keep_the_api_names() {
    let request = Type::new("a b").self_("1").self_2("2").body_("3").user_id("4").user_id_2("5");
    assert_eq!(request.r#type, "a b");
    let uri = request.to_http_request(BASE).unwrap().uri().to_string();
    assert_eq!(uri, "https://api.example.com/type/a%20b?self=1&Self=2&body=3&userId=4&user_id=5");
    assert_eq!(<Type as Operation>::OPERATION_ID, "type");
    assert_eq!(<SelfOperation as Operation>::OPERATION_ID, "self");
    assert_eq!(<OperationOperation as Operation>::OPERATION_ID, "operation");
}

#[test]
fn colliding_and_odd_operation_ids_each_get_a_type() {
    let ids = [
        <GetThing as Operation>::OPERATION_ID,
        <GetThing2 as Operation>::OPERATION_ID,
        <GetThingResponse2 as Operation>::OPERATION_ID,
        <CreerElement as Operation>::OPERATION_ID,
        <V123go as Operation>::OPERATION_ID,
        <GetThingsIdSubThings as Operation>::OPERATION_ID,
    ];
    assert_eq!(
        ids,
        [
            "get-thing",
            "getThing",
            "getThingResponse",
            "créerÉlément",
            "123go",
            "getThingsIdSubThings"
        ]
    );
}

#[test]
fn model_fields_read_their_api_names() {
    let json = serde_json::json!({
        "type": "t", "Self": "S", "self": "s", "crate": "c", "fn": "日本",
        "größe": 3, "@odata.type": "#x", "1st": "first", "$ref": "r",
    });
    let value: Match = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(value.r#type.as_deref(), Some("t"));
    assert_eq!(value.r#fn, Some(SelfValue::RiBen));
    assert_eq!(value.grosse, Some(3));
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
}

//! The JSON the types generated from `fixtures/schemas.yaml` read and
//! write: discriminated unions dispatch on their property, formats parse
//! into their crates' types, enums keep every value, recursion and merged
//! `allOf`s round-trip. (Copied into the fixture crate's `tests/`.)

use fixture_schemas::models::*;
use serde_json::json;

fn read<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn a_discriminator_picks_the_variant_by_its_property() {
    let dog: Pet = read(json!({"kind": "doggo", "barks": true})).unwrap();
    assert_eq!(dog, Pet::Dog(Dog::new(true, "doggo".into())));
    let cat: Pet = read(json!({"kind": "cat", "lives": 9})).unwrap();
    assert!(matches!(cat, Pet::Cat(Cat { lives: Some(9), .. })));
    // Unmapped alternatives are named by their component.
    let lizard: Pet = read(json!({"kind": "Lizard"})).unwrap();
    assert!(matches!(lizard, Pet::Lizard(_)));
    // A cat-shaped dog is not guessed into a cat.
    let error = read::<Pet>(json!({"kind": "dog", "lives": 9})).unwrap_err();
    assert!(error.to_string().contains("barks"), "{error}");
    // A kind the mapping does not know (the service added it) is read by
    // shape, as a union without a discriminator is, and kept whole.
    let fish = json!({"kind": "fish", "lives": 1, "fins": 2});
    let read_fish: Pet = read(fish.clone()).unwrap();
    assert!(matches!(&read_fish, Pet::Cat(cat) if cat.additional_properties.contains_key("fins")));
    assert_eq!(serde_json::to_value(&read_fish).unwrap(), fish);
    // No shape reads it: the message says both.
    let error = read::<Pet>(json!({"kind": 7})).unwrap_err().to_string();
    assert!(error.starts_with("`kind` is none of `dog`, `doggo`, `cat`"), "{error}");
    assert!(error.contains("no variant of Pet reads the value"), "{error}");
    // Written back as the variant's own JSON.
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({"kind": "doggo", "barks": true}));
}

#[test]
fn formats_are_typed() {
    let record: Record = read(json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "created": "2024-05-06T07:08:09+02:00",
        "day": "2024-05-06",
        "blob": "aGVsbG8=",
        "big": -9223372036854775808i64,
    }))
    .unwrap();
    assert_eq!(record.id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(record.created.to_rfc3339(), "2024-05-06T05:08:09+00:00");
    assert_eq!(record.day.unwrap().to_string(), "2024-05-06");
    assert_eq!(record.blob.as_deref(), Some("aGVsbG8="));
    assert_eq!(record.big, Some(i64::MIN));
    assert!(read::<Record>(json!({"id": "not-a-uuid", "created": "2024-05-06T07:08:09Z"})).is_err());
}

#[test]
fn enums_keep_every_value_and_null_is_allowed() {
    let values = ["active", "Active", "ACTIVE", "", "1st"];
    let read_back: Vec<String> =
        values.iter().map(|v| read::<Status>(json!(v)).unwrap().as_str().to_owned()).collect();
    assert_eq!(read_back, values);
    let record: Record = read(json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "created": "2024-05-06T07:08:09Z",
        "status": null,
        "inline_status": "off",
        "size": "large",
        "priority": 2,
        "mixed": true,
        "constrained": "ACTIVE",
        "scalars": "s",
        "part": false,
    }))
    .unwrap();
    // Optional and nullable: `null` is `Some(None)`, apart from absent.
    assert_eq!(record.status, Some(None));
    assert_eq!(record.inline_status, Some(Some(RecordInlineStatus::Off)));
    assert_eq!(record.size, Some(Untyped::Large));
    assert_eq!(record.priority, Some(2));
    assert_eq!(record.mixed, Some(json!(true)));
    assert_eq!(record.constrained, Some(Status::Active3));
    assert_eq!(record.part, Some(false));
}

#[test]
fn recursion_and_maps_round_trip() {
    let json = json!({
        "value": 1,
        "next": {"value": 2},
        "children": [{"value": 3, "children": []}],
    });
    let node: Node = read(json.clone()).unwrap();
    assert_eq!(node.next.as_ref().and_then(|next| next.value), Some(2));
    assert_eq!(serde_json::to_value(&node).unwrap(), json);
    let record: Record = read(json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "created": "2024-05-06T07:08:09Z",
        "counts": {"a": 1},
        "extras": {"n": {"value": 5}},
        "no_type": {"name": "x"},
    }))
    .unwrap();
    assert_eq!(record.counts.unwrap()["a"], 1);
    assert_eq!(record.no_type.unwrap().name, "x");
}

#[test]
fn a_merged_all_of_keeps_what_it_cannot_type() {
    let merged: Merged = read(json!({"name": "n", "extra": true, "other": [1]})).unwrap();
    assert_eq!(merged.name, "n");
    assert_eq!(merged.extra, Some(true));
    assert_eq!(merged.additional_properties["other"], json!([1]));
}

#[test]
fn objects_read_and_write_what_the_spec_says_without_derives() {
    // The runtime's shared serde code (runtime/object.rs), not derives.
    let missing = read::<Dog>(json!({"kind": "dog"})).unwrap_err();
    assert!(missing.to_string().contains("missing field `barks`"), "{missing}");
    let dog: Dog = read(json!({"barks": false, "kind": "k", "unknown": {"deep": [1]}})).unwrap();
    // A member the schema does not name is kept, as OpenAPI allows it.
    let mut expected = Dog::new(false, "k".into());
    expected.additional_properties = [("unknown".to_owned(), json!({"deep": [1]}))].into();
    assert_eq!(dog, expected);
    let wrong = read::<Dog>(json!({"barks": "yes", "kind": "k"})).unwrap_err();
    assert!(
        wrong.to_string().contains("invalid type: string \"yes\", expected a boolean"),
        "{wrong}"
    );
    assert!(read::<Dog>(json!("dog")).unwrap_err().to_string().contains("an object (Dog)"));
    // An absent optional property is left out; null reads as absent.
    let cat: Cat = read(json!({"kind": "cat", "lives": null})).unwrap();
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"kind": "cat"}));
    // Properties are found by their API names, in any order, after escapes.
    let cat: Cat = read(json!({"lives": 3, "ki\u{006e}d": "c"})).unwrap();
    assert_eq!(cat.lives, Some(3));
    // Additional properties are kept beside the documented ones and written back.
    let json = json!({"name": "n", "other": [1], "z": null});
    let merged: Merged = read(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&merged).unwrap(), json);
    // Enums write the API's spelling.
    assert_eq!(serde_json::to_value(Status::Active3).unwrap(), json!("ACTIVE"));
    assert!(read::<Status>(json!(1)).unwrap_err().to_string().contains("expected a string"));
}

#[test]
fn an_undocumented_enum_value_is_kept_and_written_back() {
    // A value the service added after the crate was generated.
    let json = json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "created": "2024-05-06T07:08:09Z",
        "status": "Activ",
        "access": ["read", "delete", "unknownFutureValue", "undocumented"],
    });
    let record: Record = read(json.clone()).unwrap();
    let status = record.status.clone().flatten().unwrap();
    assert!(matches!(&status, Status::Undocumented(value) if value.as_str() == "Activ"));
    assert_eq!(status.as_str(), "Activ");
    assert_eq!(status.to_string(), "Activ");
    let access = record.access.clone().unwrap();
    assert_eq!(access[0], Evolvable::Read);
    assert_eq!(access[1].as_str(), "delete");
    assert_eq!(access[2], Evolvable::UnknownFutureValue);
    // A documented value named like the catch-all has a variant of its own.
    assert_eq!(access[3], Evolvable::Undocumented2);
    assert_eq!(serde_json::to_value(&record).unwrap(), json);
    // `From<&str>` gives the documented variant for a documented value,
    // so equal values compare equal however they were made.
    assert_eq!(Evolvable::from("admin"), Evolvable::Admin);
    assert_eq!(Evolvable::from("delete"), access[1]);
    assert_ne!(Evolvable::from("Read"), Evolvable::Read);
    use fixture_schemas::runtime::StringEnum;
    assert!(Evolvable::Read.is_documented() && !access[1].is_documented());
}

#[test]
fn unions_of_enums_pick_the_enum_that_documents_the_value() {
    let colour = |value: &str| read::<Colour>(json!(value)).unwrap();
    assert_eq!(colour("dark"), Colour::Shade(Shade::Dark));
    // Not read as an undocumented shade: the later branch documents it.
    assert_eq!(colour("green"), Colour::Tint(Tint::Green));
    // Documented by neither: kept by the first, not an error.
    let blue = colour("blue");
    assert!(matches!(&blue, Colour::Shade(Shade::Undocumented(_))), "{blue:?}");
    assert_eq!(serde_json::to_value(&blue).unwrap(), json!("blue"));
    // An enum before a plain string leaves it the other strings.
    assert_eq!(read::<Label>(json!("light")).unwrap(), Label::Shade(Shade::Light));
    assert_eq!(read::<Label>(json!("neon")).unwrap(), Label::String("neon".into()));
}

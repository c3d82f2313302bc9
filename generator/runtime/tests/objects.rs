//! `runtime::Object`: a struct written as the generator writes one reads
//! its properties, keeps the members it does not name (or skips them), and
//! writes them back.

use std::collections::BTreeMap;

use apicrate_runtime as runtime;
use serde_json::{json, Value};

/// What the generator emits for `{type: object, required: [id],
/// properties: {id, n}}` (no `additionalProperties`: any member allowed).
#[derive(Debug, PartialEq)]
struct Open {
    id: String,
    n: Option<i64>,
    additional_properties: BTreeMap<String, Value>,
}

impl serde::Serialize for Open {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = runtime::ObjectWriter::new(serializer)?;
        object.field("id", &self.id);
        object.optional("n", &self.n);
        object.additional(&self.additional_properties);
        object.end()
    }
}

impl<'de> serde::Deserialize<'de> for Open {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::read_object(deserializer)
    }
}

impl runtime::Object for Open {
    const NAME: &'static str = "Open";
    const FIELDS: &'static [&'static str] = &["id", "n"];
    const KEEPS_OTHERS: bool = true;

    fn read_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut field0, mut field1) = (None, None);
        let mut additional_properties = BTreeMap::new();
        while let Some(index) =
            runtime::next_field(&mut map, Self::FIELDS, &mut additional_properties)?
        {
            match index {
                0 => runtime::read_present(&mut map, &mut field0),
                1 => runtime::read_optional(&mut map, &mut field1),
                _ => runtime::skip_value(&mut map),
            }?;
        }
        Ok(Self { id: runtime::required(field0, "id")?, n: field1, additional_properties })
    }
}

/// The same properties, `additionalProperties: false`.
#[derive(Debug, PartialEq, serde::Serialize)]
struct Closed {
    id: String,
}

impl<'de> serde::Deserialize<'de> for Closed {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        runtime::read_object(deserializer)
    }
}

impl runtime::Object for Closed {
    const NAME: &'static str = "Closed";
    const FIELDS: &'static [&'static str] = &["id"];
    const CLOSED: bool = true;

    fn read_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut field0 = None;
        while let Some(index) = runtime::next_known_field(&mut map, Self::FIELDS)? {
            match index {
                0 => runtime::read_present(&mut map, &mut field0),
                _ => runtime::skip_value(&mut map),
            }?;
        }
        Ok(Self { id: runtime::required(field0, "id")? })
    }
}

#[test]
fn members_before_between_and_after_the_properties_are_kept_and_written_back() {
    let json = json!({"@odata.type": "#x", "id": "a", "deep": {"k": [1, null]}, "n": 2, "z": null});
    let open: Open = serde_json::from_value(json.clone()).unwrap();
    assert_eq!((open.id.as_str(), open.n), ("a", Some(2)));
    let kept: Vec<&str> = open.additional_properties.keys().map(String::as_str).collect();
    assert_eq!(kept, ["@odata.type", "deep", "z"]);
    assert_eq!(serde_json::to_value(&open).unwrap(), json);
    // Escaped keys are read whole.
    let escaped: Open = serde_json::from_str(r#"{"id": "a", "a\"b": 1}"#).unwrap();
    assert_eq!(escaped.additional_properties["a\"b"], json!(1));
}

#[test]
fn a_closed_struct_skips_what_it_does_not_name_and_a_missing_property_is_named() {
    let closed: Closed = serde_json::from_value(json!({"x": [1], "id": "a", "y": {}})).unwrap();
    assert_eq!(closed, Closed { id: "a".into() });
    let missing = serde_json::from_value::<Open>(json!({"n": 1, "other": true})).unwrap_err();
    assert_eq!(missing.to_string(), "missing field `id`");
}

/// A value whose `Serialize` always fails, counting its calls.
struct Fails<'a>(&'a std::cell::Cell<usize>);

impl serde::Serialize for Fails<'_> {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        self.0.set(self.0.get() + 1);
        Err(serde::ser::Error::custom("this property cannot be written"))
    }
}

#[test]
fn the_first_error_of_a_property_is_returned_and_nothing_after_it_is_written() {
    let calls = std::cell::Cell::new(0);
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    let mut object = runtime::ObjectWriter::new(&mut serializer).unwrap();
    object.field("a", &1);
    object.field("b", &Fails(&calls));
    object.optional("c", &Some(Fails(&calls)));
    object.additional(&BTreeMap::from([("d".to_owned(), 2)]));
    let error = object.end().unwrap_err();
    assert_eq!(error.to_string(), "this property cannot be written");
    assert_eq!(calls.get(), 1, "the writer stops at the first error");
    assert!(!String::from_utf8_lossy(&out).contains("\"d\""), "{}", String::from_utf8_lossy(&out));
    // Without an error the object is whole.
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    let mut object = runtime::ObjectWriter::new(&mut serializer).unwrap();
    object.field("a", &None::<i32>);
    object.optional("b", &None::<i32>);
    object.optional("c", &Some(3));
    object.additional(&BTreeMap::from([("d".to_owned(), 2)]));
    object.end().unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":null,"c":3,"d":2}"#);
}

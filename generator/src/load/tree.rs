//! The document as a plain tree (`serde_yaml::Value`, whose mappings keep
//! their order), read from YAML or JSON. Unlike `serde_yaml::Value`'s own
//! parser it accepts integers beyond 64 bits, which real specs contain
//! (`maximum: 18446744073709552000`, a rounded JavaScript number): they
//! become floats, for the repairs to deal with.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

use super::Format;

/// Parses `text` as a tree; the error is the parser's message.
pub(crate) fn parse(format: Format, text: &str) -> Result<Value, String> {
    match format {
        Format::Yaml => serde_yaml::Deserializer::from_str(text)
            .next()
            .map_or(Ok(Value::Null), |document| Tree::deserialize(document).map(|tree| tree.0))
            .map_err(|error| error.to_string()),
        Format::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            Tree::deserialize(&mut deserializer)
                .map(|tree| tree.0)
                .map_err(|error| error.to_string())
        }
    }
}

/// A `serde_yaml::Value` read by [`TreeVisitor`], from any deserialiser.
pub(super) struct Tree(pub(super) Value);

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

/// An integer as a YAML number: beyond 64 bits, the nearest float.
pub(super) fn signed_number(value: i128) -> Number {
    i64::try_from(value).map_or_else(|_| Number::from(value as f64), Number::from)
}

/// [`signed_number`] of an unsigned integer.
pub(super) fn unsigned_number(value: u128) -> Number {
    u64::try_from(value).map_or_else(|_| Number::from(value as f64), Number::from)
}

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(Value::Number(signed_number(value)))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(Value::Number(unsigned_number(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some((Tree(key), Tree(value))) = map.next_entry()? {
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    /// serde_yaml hands tagged nodes (`!custom value`) over as enums.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use de::VariantAccess;
        let (tag, variant): (String, _) = data.variant()?;
        let Tree(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let tree = parse(Format::Yaml, "a: 18446744073709552000\nb: -9223372036854776000\nc: 7\n")
            .expect("parses");
        assert_eq!(tree["a"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(tree["b"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(tree["c"].as_i64(), Some(7));
        let json = parse(Format::Json, r#"{"a": 18446744073709552000, "s": "\ud83d\ude00"}"#)
            .expect("parses");
        assert_eq!(json["a"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(json["s"].as_str(), Some("😀"));
    }

    #[test]
    fn mappings_keep_their_order_and_numeric_keys() {
        let tree = parse(Format::Yaml, "z: 1\na: 2\n200: ok\n").expect("parses");
        let keys: Vec<String> = tree
            .as_mapping()
            .expect("a mapping")
            .keys()
            .map(|key| serde_yaml::to_string(key).expect("prints").trim().to_owned())
            .collect();
        assert_eq!(keys, ["z", "a", "200"]);
    }

    #[test]
    fn alias_bombs_are_still_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let error = parse(Format::Yaml, &text).expect_err("refused");
        assert!(error.contains("repetition limit"), "{error}");
    }
}

//! Repairs for documents that break OpenAPI 3.0's types in ways whose
//! intent is plain, so the document loads (with a warning per repair)
//! instead of being refused:
//!
//! - integer bounds that do not fit 64 bits (`minimum: -9223372036854776000`,
//!   JavaScript's rounding of `i64::MIN`) or are fractional, and negative or
//!   fractional lengths and counts: read as the nearest value of their type
//!   that keeps the constraint's meaning;
//! - a `$ref` in place of a media type object (`content: {application/json:
//!   {$ref: '#/components/mediaTypes/x'}}`, which 3.0 does not allow): the
//!   target is written in its place.
//!
//! Repairs run only when the document did not load as it is.

use serde_yaml::{Mapping, Number, Value};

use crate::error::{pointer, Diagnostic};

/// Repairs `tree` in place; one warning per repair.
pub(crate) fn repair(tree: &mut Value) -> Vec<Diagnostic> {
    let mut repairs = Repairs { warnings: Vec::new(), path: Vec::new() };
    let media_types = media_type_components(tree);
    repairs.walk(tree, &media_types);
    repairs.warnings
}

struct Repairs {
    warnings: Vec<Diagnostic>,
    /// Tokens of the node being visited.
    path: Vec<String>,
}

/// Keywords whose value `openapiv3` reads as a 64-bit integer in integer schemas.
const INTEGER_BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf"];
/// Keywords it reads as a non-negative count.
const COUNTS: &[&str] =
    &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

impl Repairs {
    fn at(&self, key: &str) -> String {
        pointer(self.path.iter().map(String::as_str).chain([key]))
    }

    fn walk(&mut self, node: &mut Value, media_types: &Mapping) {
        match node {
            Value::Mapping(mapping) => {
                self.numbers(mapping);
                self.media_type_refs(mapping, media_types);
                for (key, value) in mapping.iter_mut() {
                    self.path.push(key_text(key));
                    self.walk(value, media_types);
                    self.path.pop();
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.path.push(index.to_string());
                    self.walk(item, media_types);
                    self.path.pop();
                }
            }
            Value::Tagged(tagged) => self.walk(&mut tagged.value, media_types),
            _ => {}
        }
    }

    fn numbers(&mut self, mapping: &mut Mapping) {
        let integer_schema = mapping.get("type").and_then(Value::as_str) == Some("integer");
        let keys = COUNTS.iter().map(|key| (*key, false));
        let keys =
            keys.chain(INTEGER_BOUNDS.iter().filter(|_| integer_schema).map(|key| (*key, true)));
        for (key, signed) in keys {
            let Some(Value::Number(number)) = mapping.get(key) else { continue };
            let fitted = if signed { fit_i64(number, key) } else { fit_count(number, key) };
            let Some(fitted) = fitted else { continue };
            // Rust writes floats in full (`18446744073709552000`), as specs do.
            let written =
                number.as_f64().map_or_else(|| number.to_string(), |value| value.to_string());
            let message = format!(
                "`{key}: {written}` does not fit the type OpenAPI 3.0 gives it; read as {fitted}"
            );
            let help = if signed {
                "write a bound within the 64-bit integer range"
            } else {
                "write a whole, non-negative number"
            };
            self.warnings.push(Diagnostic::warning(self.at(key), message).help(help));
            mapping.insert(Value::from(key), Value::Number(fitted));
        }
    }

    fn media_type_refs(&mut self, mapping: &mut Mapping, media_types: &Mapping) {
        // The whole `content` map as a reference (`content: {$ref: ...}`).
        if let Some((reference, target)) =
            mapping.get("content").and_then(|c| media_type_target(c, media_types))
        {
            let at = pointer(self.path.iter().map(String::as_str).chain(["content"]));
            let message = format!(
                "`content` cannot be a $ref in OpenAPI 3.0; used the target of {reference:?}"
            );
            let help = "write the content map inline (or bundle the spec with a 3.0 bundler)";
            self.warnings.push(Diagnostic::warning(at, message).help(help));
            mapping.insert(Value::from("content"), target.clone());
            return;
        }
        let Some(Value::Mapping(content)) = mapping.get_mut("content") else { return };
        for (media_type, object) in content.iter_mut() {
            let Some((reference, target)) = media_type_target(object, media_types) else {
                continue;
            };
            let at = pointer(
                self.path.iter().map(String::as_str).chain(["content", &key_text(media_type)]),
            );
            let message =
                format!("a media type object cannot be a $ref in OpenAPI 3.0; used the target of {reference:?}");
            let help = "write the media type object inline (or bundle the spec with a 3.0 bundler)";
            self.warnings.push(Diagnostic::warning(at, message).help(help));
            *object = target.clone();
        }
    }
}

/// The reference of a `{$ref: ...}` node into `components/mediaTypes`,
/// and its target.
fn media_type_target<'m>(node: &Value, media_types: &'m Mapping) -> Option<(String, &'m Value)> {
    let reference = node.get("$ref")?.as_str()?;
    let tokens: Vec<String> = reference
        .strip_prefix("#/")?
        .split('/')
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    match tokens.as_slice() {
        [components, section, name] if components == "components" && section == "mediaTypes" => {
            Some((reference.to_owned(), media_types.get(name.as_str())?))
        }
        _ => None,
    }
}

/// `components/mediaTypes`, a 3.1-style section some 3.0 documents use.
fn media_type_components(tree: &Value) -> Mapping {
    match tree.get("components").and_then(|components| components.get("mediaTypes")) {
        Some(Value::Mapping(media_types)) => media_types.clone(),
        _ => Mapping::new(),
    }
}

/// The 64-bit integer for a bound that is not one, rounded the way that
/// keeps its meaning (a minimum up, a maximum down); `None` if it fits.
fn fit_i64(number: &Number, key: &str) -> Option<Number> {
    if number.as_i64().is_some() {
        return None;
    }
    let value = number.as_f64()?;
    let rounded = if key == "minimum" { value.ceil() } else { value.floor() };
    // `as` saturates at the bounds of i64, which is the nearest value.
    let fitted = if key == "multipleOf" && rounded < 1.0 { 1 } else { rounded as i64 };
    Some(Number::from(fitted))
}

/// The count for one that is negative or fractional; `None` if it is fine.
fn fit_count(number: &Number, key: &str) -> Option<Number> {
    if number.as_u64().is_some() {
        return None;
    }
    let value = number.as_f64()?;
    let rounded = if key.starts_with("min") { value.ceil() } else { value.floor() };
    Some(Number::from(rounded.max(0.0) as u64))
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => {
            serde_yaml::to_string(other).map(|text| text.trim().to_owned()).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (Value, Vec<Diagnostic>) {
        let mut tree = super::super::tree::parse(super::super::Format::Yaml, text).expect("parses");
        let warnings = repair(&mut tree);
        (tree, warnings)
    }

    #[test]
    fn integer_bounds_beyond_64_bits_are_clamped_with_a_warning() {
        let (tree, warnings) = repaired(
            "s: { type: integer, minimum: -9223372036854776000, maximum: 18446744073709552000 }\nn: { type: number, maximum: 18446744073709552000 }\n",
        );
        assert_eq!(tree["s"]["minimum"].as_i64(), Some(i64::MIN));
        assert_eq!(tree["s"]["maximum"].as_i64(), Some(i64::MAX));
        assert_eq!(
            tree["n"]["maximum"].as_f64(),
            Some(18446744073709552000.0),
            "number bounds are floats anyway"
        );
        assert_eq!(warnings.len(), 2);
        assert_eq!(warnings[0].pointer, "#/s/minimum");
        assert!(warnings[0].is_warning());
        assert!(
            warnings[1].message.contains("read as 9223372036854775807"),
            "{}",
            warnings[1].message
        );
    }

    #[test]
    fn fractional_bounds_keep_their_meaning() {
        let (tree, _) = repaired("s: { type: integer, minimum: 0.5, maximum: 9.5, multipleOf: 0.5 }\nt: { maxLength: -1, minItems: 1.5 }\n");
        assert_eq!(tree["s"]["minimum"].as_i64(), Some(1));
        assert_eq!(tree["s"]["maximum"].as_i64(), Some(9));
        assert_eq!(tree["s"]["multipleOf"].as_i64(), Some(1));
        assert_eq!(tree["t"]["maxLength"].as_u64(), Some(0));
        assert_eq!(tree["t"]["minItems"].as_u64(), Some(2));
    }

    #[test]
    fn referenced_media_types_are_written_in_place() {
        let (tree, warnings) = repaired(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json: \
                { $ref: '#/components/mediaTypes/thing' }\ncomponents:\n  mediaTypes:\n    thing: \
                { schema: { type: string } }\n",
        );
        let media = &tree["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["type"].as_str(), Some("string"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/paths/~1a/get/responses/200/content/application~1json");
    }

    #[test]
    fn a_referenced_content_map_is_written_in_place() {
        let (tree, warnings) = repaired(
            "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: \
                { $ref: '#/components/mediaTypes/balance' }\ncomponents:\n  mediaTypes:\n    balance: \
                { application/json: { schema: { type: number } } }\n",
        );
        let content = &tree["paths"]["/a"]["get"]["responses"]["200"]["content"];
        assert_eq!(content["application/json"]["schema"]["type"].as_str(), Some("number"));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "#/paths/~1a/get/responses/200/content");
    }

    #[test]
    fn a_sound_document_needs_no_repair() {
        let (_, warnings) =
            repaired("s: { type: integer, minimum: 0, maximum: 10 }\nt: { maxLength: 4 }\n");
        assert!(warnings.is_empty());
    }
}

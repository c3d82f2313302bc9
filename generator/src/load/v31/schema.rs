//! The schema rules of normalising 3.1: JSON Schema 2020-12 as OpenAPI
//! 3.0's schema object says it. Each schema is rewritten in place, then its
//! subschemas; what cannot be said in 3.0 is [`super::untyped`].

use serde_yaml::{Mapping, Value};

use super::keywords::{
    constant, is_annotation, is_null, one_type, reads_as_30, whole_integer_bounds, Present,
    ARRAY_KEYWORDS, IGNORED, NUMBER_KEYWORDS, OBJECT_KEYWORDS, STRING_KEYWORDS,
};
use super::{
    child, enter, enter_index, key_text, place, text, Normalised, Place, ANNOTATED_REF, BASE64,
    ENUM_TITLES, EXAMPLES,
};
use crate::error::Diagnostic;

pub(super) struct Walker<'n> {
    pub normalised: &'n mut Normalised,
}

impl Walker<'_> {
    /// Walks the document outside schemas, normalising each schema it
    /// reaches: under a `schema` key, and in `components/schemas`. `at` is
    /// the node's pointer, one buffer for the whole walk: each step appends
    /// its token and takes it off again.
    pub fn document(&mut self, node: &mut Value, at: &mut String) {
        match node {
            Value::Mapping(mapping) => {
                for (key, value) in mapping.iter_mut() {
                    let Some(key) = key_text(key) else { continue };
                    let parent = enter(at, &key);
                    match place(&at[..parent], &key) {
                        Place::Schema => self.schema(value, at),
                        Place::Other => self.document(value, at),
                        Place::Data => {}
                    }
                    at.truncate(parent);
                }
            }
            Value::Sequence(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let parent = enter_index(at, index);
                    self.document(item, at);
                    at.truncate(parent);
                }
            }
            _ => {}
        }
    }

    /// Normalises the schema `node` at `at` (a pointer into the normalised
    /// document; restored on return), then its subschemas.
    pub fn schema(&mut self, node: &mut Value, at: &mut String) {
        // `true` allows anything, `false` nothing.
        if let Value::Bool(allows) = node {
            let mut mapping = Mapping::new();
            if !*allows {
                mapping.insert("not".into(), Value::Mapping(Mapping::new()));
            }
            *node = Value::Mapping(mapping);
        }
        let Value::Mapping(schema) = node else { return };
        if reads_as_30(schema) {
            self.subschemas(schema, at);
            return;
        }
        // Only the rules its keywords call for.
        let mut present = Present::of(schema);
        if present.ignored {
            for key in IGNORED {
                schema.remove(*key);
            }
        }
        if present.dynamic_ref {
            self.dynamic_ref(schema, at);
            return;
        }
        if present.reference {
            self.reference_with_siblings(schema, at);
        }
        if present.alternatives {
            self.null_alternatives(schema, at);
            self.constant_alternatives(schema, at);
            // An alternative's keywords may have become the schema's own.
            present = Present::of(schema);
        }
        if present.types {
            self.types(schema, at);
        }
        if present.constant {
            self.constant(schema, at);
        }
        if present.examples {
            self.examples(schema, at);
        }
        if present.bounds {
            self.exclusive_bounds(schema, at);
            whole_integer_bounds(schema);
        }
        if present.content {
            self.content(schema, at);
        }
        if present.unchecked {
            self.unchecked(schema, at);
        }
        self.subschemas(schema, at);
    }

    pub(super) fn warn(&mut self, at: &str, message: String, help: &str) {
        let at = self.normalised.moves.source(at);
        self.normalised.warnings.push(Diagnostic::warning(at, message).help(help));
    }

    /// Notes that what is now at `to` was at `from` (both normalised pointers
    /// of the moment: `from` is translated to its source).
    pub(super) fn moved(&mut self, to: String, from: &str) {
        let source = self.normalised.moves.source(from);
        self.normalised.moves.record(to, source);
    }

    /// A `$ref` with keywords beside it applies both, as `allOf` does in
    /// 3.0; with only annotations beside it, it is the reference's type,
    /// documented by them.
    fn reference_with_siblings(&mut self, schema: &mut Mapping, at: &str) {
        if !schema.contains_key("$ref") || schema.len() == 1 {
            return;
        }
        let annotated = schema
            .keys()
            .all(|key| key.as_str().is_some_and(|key| key == "$ref" || is_annotation(key)));
        let reference = schema.remove("$ref").unwrap_or(Value::Null);
        let mut part = Mapping::new();
        part.insert("$ref".into(), reference);
        let mut parts = vec![Value::Mapping(part)];
        if let Some(Value::Sequence(existing)) = schema.remove("allOf") {
            for (index, existing) in existing.into_iter().enumerate() {
                let from = child(&child(at, "allOf"), &index.to_string());
                self.moved(child(&child(at, "allOf"), &(index + 1).to_string()), &from);
                parts.push(existing);
            }
        }
        schema.insert("allOf".into(), Value::Sequence(parts));
        if annotated {
            schema.insert(ANNOTATED_REF.into(), true.into());
        }
        // `…/allOf/0/$ref` was `…/$ref`.
        self.moved(child(&child(at, "allOf"), "0"), at);
    }

    /// `anyOf`/`oneOf` with a `null` alternative: the rest, `null` allowed.
    /// One alternative left is the schema itself (a `$ref` to `X` is `X`).
    fn null_alternatives(&mut self, schema: &mut Mapping, at: &str) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Sequence(alternatives)) = schema.get(keyword) else { continue };
            let nulls: Vec<usize> =
                (0..alternatives.len()).filter(|&i| is_null(&alternatives[i])).collect();
            if nulls.is_empty() {
                continue;
            }
            let Some(Value::Sequence(alternatives)) = schema.remove(keyword) else { continue };
            let kept: Vec<(usize, Value)> = alternatives
                .into_iter()
                .enumerate()
                .filter(|(index, _)| !nulls.contains(index))
                .collect();
            schema.insert("nullable".into(), true.into());
            let alone = schema.keys().all(|key| key.as_str().is_some_and(is_annotation));
            let from = |index: usize| child(&child(at, keyword), &index.to_string());
            match kept.as_slice() {
                [] => {}
                [(index, Value::Mapping(only))] if alone => {
                    let only = only.clone();
                    if only.contains_key("$ref") && only.len() == 1 {
                        schema.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(only)]));
                        schema.insert(ANNOTATED_REF.into(), true.into());
                        self.moved(child(&child(at, "allOf"), "0"), &from(*index));
                    } else {
                        // The alternative's keywords are the schema's own.
                        for (key, value) in only {
                            let Some(name) = key.as_str().map(str::to_owned) else { continue };
                            if !schema.contains_key(&key) {
                                self.moved(child(at, &name), &child(&from(*index), &name));
                                schema.insert(key, value);
                            }
                        }
                        // Its own `$ref` with siblings, if it had them.
                        self.reference_with_siblings(schema, at);
                    }
                }
                _ => {
                    let mut rest = Vec::with_capacity(kept.len());
                    for (position, (index, alternative)) in kept.into_iter().enumerate() {
                        self.moved(child(&child(at, keyword), &position.to_string()), &from(index));
                        rest.push(alternative);
                    }
                    schema.insert(keyword.into(), Value::Sequence(rest));
                }
            }
        }
    }

    /// `oneOf`/`anyOf` whose alternatives are each one constant (`{title:
    /// JOIN, const: 1}`, a named value) is an `enum` of those values; the
    /// titles are kept beside it for naming them.
    fn constant_alternatives(&mut self, schema: &mut Mapping, at: &str) {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(alternatives)) = schema.get(keyword) else { continue };
            let constants: Option<Vec<(Value, Option<Value>)>> =
                alternatives.iter().map(constant).collect();
            let Some(constants) = constants.filter(|constants| !constants.is_empty()) else {
                continue;
            };
            if schema.contains_key("enum") {
                continue;
            }
            if !schema.contains_key("type") {
                let all = |test: fn(&Value) -> bool| constants.iter().all(|(value, _)| test(value));
                let inferred = match () {
                    _ if all(Value::is_string) => Some("string"),
                    _ if all(|value| value.as_i64().is_some()) => Some("integer"),
                    _ if all(Value::is_number) => Some("number"),
                    _ if all(Value::is_bool) => Some("boolean"),
                    _ => None,
                };
                if let Some(name) = inferred {
                    schema.insert("type".into(), name.into());
                }
            }
            for (index, _) in constants.iter().enumerate() {
                let from = child(&child(at, keyword), &index.to_string());
                self.moved(child(&child(at, "enum"), &index.to_string()), &child(&from, "const"));
            }
            let titles: Vec<Value> =
                constants.iter().map(|(_, title)| title.clone().unwrap_or(Value::Null)).collect();
            if titles.iter().any(|title| !title.is_null()) {
                schema.insert(ENUM_TITLES.into(), Value::Sequence(titles));
            }
            let values = constants.into_iter().map(|(value, _)| value).collect();
            schema.insert("enum".into(), Value::Sequence(values));
            schema.remove(keyword);
        }
    }

    /// `type: [T, "null"]` is `type: T` with `nullable`; `type: "null"`
    /// alone allows only `null` (any JSON value, nullable); several types
    /// are an `anyOf` of one schema per type, each with its keywords.
    fn types(&mut self, schema: &mut Mapping, at: &str) {
        let mut names: Vec<String> = match schema.get("type") {
            Some(Value::Sequence(names)) => {
                names.iter().filter_map(Value::as_str).map(str::to_owned).collect()
            }
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            _ => return,
        };
        if names.iter().any(|name| name == "null") {
            schema.insert("nullable".into(), true.into());
            names.retain(|name| name != "null");
        }
        names.dedup();
        // Every integer is a number.
        if names.iter().any(|name| name == "number") {
            names.retain(|name| name != "integer");
        }
        match names.as_slice() {
            [] => {
                schema.remove("type");
            }
            [only] => {
                schema.insert("type".into(), only.as_str().into());
            }
            _ if schema.contains_key("anyOf") || schema.contains_key("oneOf") => {
                schema.remove("type");
                self.warn(
                    at,
                    format!("`type: [{}]` beside `anyOf`/`oneOf` is not typed; generated from the alternatives", names.join(", ")),
                    "move each type into an alternative",
                );
            }
            _ => {
                schema.remove("type");
                let mut alternatives = Vec::with_capacity(names.len());
                for (index, name) in names.iter().enumerate() {
                    alternatives.push(Value::Mapping(one_type(schema, name)));
                    self.moved(child(&child(at, "anyOf"), &index.to_string()), at);
                }
                for keywords in [STRING_KEYWORDS, NUMBER_KEYWORDS, ARRAY_KEYWORDS, OBJECT_KEYWORDS]
                {
                    for keyword in keywords {
                        schema.remove(*keyword);
                    }
                }
                schema.remove("format");
                schema.remove("enum");
                schema.insert("anyOf".into(), Value::Sequence(alternatives));
            }
        }
    }

    /// `const: v` is an enum of one value.
    fn constant(&mut self, schema: &mut Mapping, at: &str) {
        let Some(value) = schema.remove("const") else { return };
        if schema.contains_key("enum") {
            return;
        }
        if value.is_null() {
            schema.insert("nullable".into(), true.into());
        }
        schema.insert("enum".into(), Value::Sequence(vec![value]));
        self.moved(child(&child(at, "enum"), "0"), &child(at, "const"));
    }

    /// `examples: [a, b]` in a schema: `a` is its example.
    fn examples(&mut self, schema: &mut Mapping, at: &str) {
        if !matches!(schema.get("examples"), Some(Value::Sequence(_))) {
            return;
        }
        let Some(Value::Sequence(examples)) = schema.remove("examples") else { return };
        if schema.contains_key("example") {
            return;
        }
        if let Some(first) = examples.first() {
            schema.insert("example".into(), first.clone());
            self.moved(child(at, "example"), &child(&child(at, "examples"), "0"));
        }
        if examples.len() > 1 {
            schema.insert(EXAMPLES.into(), Value::Sequence(examples));
            self.moved(child(at, EXAMPLES), &child(at, "examples"));
        }
    }

    /// Numeric `exclusiveMinimum: n` is `minimum: n` with
    /// `exclusiveMinimum: true` (the stricter bound when both are given).
    fn exclusive_bounds(&mut self, schema: &mut Mapping, at: &str) {
        for (exclusive, inclusive, stricter) in [
            ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
            ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
        ] {
            let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else { continue };
            let other = schema.get(inclusive).and_then(Value::as_f64);
            let wins = match (bound.as_f64(), other) {
                (Some(bound), Some(other)) => bound.partial_cmp(&other) != Some(stricter.reverse()),
                _ => true,
            };
            if wins {
                schema.insert(inclusive.into(), Value::Number(bound));
                schema.insert(exclusive.into(), true.into());
                self.moved(child(at, inclusive), &child(at, exclusive));
            } else {
                schema.remove(exclusive);
            }
        }
    }

    /// `contentEncoding: base64` is 3.0's `format: byte` (bytes in Rust,
    /// base64 on the wire); `contentMediaType` of a binary media type
    /// without an encoding is `format: binary` (a file part).
    fn content(&mut self, schema: &mut Mapping, at: &str) {
        let is_string = schema.get("type").is_none_or(|ty| ty.as_str() == Some("string"));
        if let Some(encoding) = schema.remove("contentEncoding") {
            match encoding.as_str() {
                // Not an encoding: the bytes as they are (HTTP's `binary`, `8bit`).
                Some("binary" | "8bit" | "7bit") if is_string => {
                    if !schema.contains_key("format") {
                        schema.insert("format".into(), "binary".into());
                        self.moved(child(at, "format"), &child(at, "contentEncoding"));
                    }
                }
                Some(encoding) if encoding.eq_ignore_ascii_case("base64") && is_string => {
                    schema.insert("format".into(), "byte".into());
                    schema.insert(BASE64.into(), true.into());
                    self.moved(child(at, "format"), &child(at, "contentEncoding"));
                }
                _ => self.warn(
                    &child(at, "contentEncoding"),
                    format!(
                        "`contentEncoding: {}` is not decoded; the value is the encoded text",
                        text(&encoding)
                    ),
                    "base64 is decoded into bytes; other encodings are left to the caller",
                ),
            }
            schema.remove("contentMediaType");
            return;
        }
        let Some(media_type) = schema.remove("contentMediaType") else { return };
        let binary = media_type.as_str().is_some_and(|media_type| {
            let media_type = media_type.to_ascii_lowercase();
            !(media_type.starts_with("text/")
                || media_type.contains("json")
                || media_type.contains("xml"))
        });
        if binary && is_string && !schema.contains_key("format") {
            schema.insert("format".into(), "binary".into());
            self.moved(child(at, "format"), &child(at, "contentMediaType"));
        }
    }

    /// The schemas inside this one.
    fn subschemas(&mut self, schema: &mut Mapping, at: &mut String) {
        for (key, value) in schema.iter_mut() {
            let Some(key) = key.as_str() else { continue };
            let Some(inside) = Inside::of(key, value.is_mapping()) else { continue };
            let parent = enter(at, key);
            match inside {
                Inside::One => self.schema(value, at),
                Inside::Named => {
                    if let Value::Mapping(schemas) = value {
                        for (name, schema) in schemas.iter_mut() {
                            let len = enter(at, name.as_str().unwrap_or_default());
                            self.schema(schema, at);
                            at.truncate(len);
                        }
                    }
                }
                Inside::List => {
                    if let Value::Sequence(schemas) = value {
                        for (index, schema) in schemas.iter_mut().enumerate() {
                            let len = enter_index(at, index);
                            self.schema(schema, at);
                            at.truncate(len);
                        }
                    }
                }
            }
            at.truncate(parent);
        }
    }
}

/// How a schema's member holds subschemas, for both walks (this one, and
/// [`super::node`]'s): one schema, schemas by name, or a list of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Inside {
    One,
    Named,
    List,
}

impl Inside {
    /// What the member `key` holds (`mapping`: whether its value is one).
    pub fn of(key: &str, mapping: bool) -> Option<Self> {
        match key {
            // `additionalProperties: true` stays a boolean, as 3.0 has it.
            "additionalProperties" => mapping.then_some(Self::One),
            "items" | "not" => Some(Self::One),
            "properties" | "$defs" | "definitions" => Some(Self::Named),
            "allOf" | "anyOf" | "oneOf" => Some(Self::List),
            _ => None,
        }
    }
}

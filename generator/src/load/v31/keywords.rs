//! What a 3.1 schema's keywords are: which only annotate, which hold data,
//! which belong to each type, and questions about a schema the rules ask
//! (a constant, whole-number bounds, whether it reads as 3.0 already).

use serde_yaml::{Mapping, Value};

/// Keywords that only describe a value: beside a `$ref` they document it.
pub(super) const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "example",
    "examples",
    "externalDocs",
    "xml",
    "nullable",
];

/// Keywords with no meaning for the generated code, dropped quietly.
pub(super) const IGNORED: &[&str] =
    &["$id", "$schema", "$comment", "$anchor", "$dynamicAnchor", "$vocabulary", "summary"];

/// Keywords whose values are data, not schemas or objects of the spec.
pub(super) const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];

/// Keywords of each type, for splitting `type: [integer, string]`.
pub(super) const STRING_KEYWORDS: &[&str] =
    &["minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType"];
pub(super) const NUMBER_KEYWORDS: &[&str] =
    &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
pub(super) const ARRAY_KEYWORDS: &[&str] =
    &["items", "prefixItems", "minItems", "maxItems", "uniqueItems"];
pub(super) const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
];

/// An alternative that is one constant: its value and title.
pub(super) fn constant(alternative: &Value) -> Option<(Value, Option<Value>)> {
    let Value::Mapping(alternative) = alternative else { return None };
    let value = match (alternative.get("const"), alternative.get("enum")) {
        (Some(value), None) => value.clone(),
        (None, Some(Value::Sequence(values))) if values.len() == 1 => values[0].clone(),
        _ => return None,
    };
    (only_a_value(alternative) && !value.is_null())
        .then(|| (value, alternative.get("title").cloned()))
}

/// An integer schema's bounds written as whole floats (`minimum: 1.0`,
/// which FastAPI writes) are the integers they are.
pub(super) fn whole_integer_bounds(schema: &mut Mapping) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    for key in ["minimum", "maximum", "multipleOf"] {
        let Some(Value::Number(number)) = schema.get(key) else { continue };
        let Some(float) = number.as_f64().filter(|_| number.is_f64()) else { continue };
        if float.fract() == 0.0 && float.abs() < 9.0e15 {
            schema.insert(key.into(), Value::Number((float as i64).into()));
        }
    }
}

/// Whether a schema means the same in 3.0 (no rule of this module applies
/// to it, its subschemas aside): the most common case by far, decided in
/// one look at its keys rather than a lookup per rule.
pub(super) fn reads_as_30(schema: &Mapping) -> bool {
    let members = schema.iter().map(|(key, value)| (key.as_str(), value.as_str()));
    members_read_as_30(schema.len(), members)
}

/// [`reads_as_30`] of a schema given as its number of members and each
/// member's key and, where it is text, value.
pub(super) fn members_read_as_30<'a>(
    len: usize,
    mut members: impl Iterator<Item = (Option<&'a str>, Option<&'a str>)>,
) -> bool {
    members.all(|(key, value)| match key {
        Some("type") => value.is_some_and(|name| name != "null"),
        Some("$ref") => len == 1,
        Some(
            "format"
            | "properties"
            | "required"
            | "items"
            | "additionalProperties"
            | "allOf"
            | "not"
            | "enum"
            | "discriminator"
            | "minLength"
            | "maxLength"
            | "pattern"
            | "minItems"
            | "maxItems"
            | "uniqueItems"
            | "minProperties"
            | "maxProperties"
            | "description"
            | "title"
            | "readOnly"
            | "writeOnly"
            | "deprecated"
            | "default"
            | "example"
            | "externalDocs"
            | "xml"
            | "nullable",
        ) => true,
        Some(key) => key.starts_with("x-"),
        None => false,
    })
}

/// Keywords that can add to what a value holds (members a condition adds,
/// a schema for the members or items no other keyword evaluates): dropped
/// with a warning, the value typed by the rest of the schema.
pub(super) const UNTYPED: &[&str] =
    &["if", "then", "else", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"];

/// Validation alone (which names a map's keys may have, what a list must
/// contain): dropped quietly, as 3.0's `maxLength` or `minItems` are
/// left to the service in the generated types.
pub(super) const VALIDATION: &[&str] =
    &["propertyNames", "contains", "minContains", "maxContains", "dependentRequired"];

/// Whether `key` is one of those [`super::untyped`] drops or widens.
pub(super) fn is_unchecked(key: &str) -> bool {
    UNTYPED.contains(&key)
        || VALIDATION.contains(&key)
        || matches!(key, "patternProperties" | "prefixItems")
}

/// Which rules a schema's keywords call for, found in one look at its keys
/// (a lookup per rule would hash every keyword it asks about).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Present {
    pub ignored: bool,
    pub dynamic_ref: bool,
    pub reference: bool,
    /// `anyOf` or `oneOf`.
    pub alternatives: bool,
    pub types: bool,
    pub constant: bool,
    pub examples: bool,
    /// Bounds, exclusive or not, and `multipleOf`.
    pub bounds: bool,
    pub content: bool,
    /// What [`super::untyped`] drops or widens.
    pub unchecked: bool,
}

impl Present {
    pub fn of(schema: &Mapping) -> Self {
        let mut present = Self::default();
        for key in schema.keys().filter_map(Value::as_str) {
            match key {
                "$dynamicRef" | "$recursiveRef" => present.dynamic_ref = true,
                "$ref" => present.reference = true,
                "anyOf" | "oneOf" => present.alternatives = true,
                "type" => present.types = true,
                "const" => present.constant = true,
                "examples" => present.examples = true,
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    present.bounds = true
                }
                "contentEncoding" | "contentMediaType" => present.content = true,
                key if IGNORED.contains(&key) => present.ignored = true,
                key if is_unchecked(key) => present.unchecked = true,
                _ => {}
            }
        }
        present
    }
}

pub(super) fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Whether an alternative allows only `null`: `{type: "null"}`,
/// `{type: ["null"]}`, `{const: null}` or `{enum: [null]}`.
pub(super) fn is_null(alternative: &Value) -> bool {
    let Value::Mapping(schema) = alternative else { return false };
    let null_type = match schema.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Sequence(names)) => names.iter().all(|name| name.as_str() == Some("null")),
        _ => false,
    };
    let null_constant = schema.get("const").is_some_and(Value::is_null)
        || matches!(schema.get("enum"), Some(Value::Sequence(values)) if values.iter().all(Value::is_null) && !values.is_empty());
    (null_type || null_constant) && only_a_value(schema)
}

/// Whether a schema says nothing but a type and the values it allows
/// (`type`, `const`, `enum`), with annotations.
fn only_a_value(schema: &Mapping) -> bool {
    schema.keys().all(|key| {
        key.as_str()
            .is_some_and(|key| matches!(key, "type" | "const" | "enum") || is_annotation(key))
    })
}

/// The part of `schema` that applies to values of the type `name`.
pub(super) fn one_type(schema: &Mapping, name: &str) -> Mapping {
    let mut part = Mapping::new();
    part.insert("type".into(), name.into());
    let keywords: &[&str] = match name {
        "string" => STRING_KEYWORDS,
        "integer" | "number" => NUMBER_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "object" => OBJECT_KEYWORDS,
        _ => &[],
    };
    for keyword in keywords {
        if let Some(value) = schema.get(*keyword) {
            part.insert((*keyword).into(), value.clone());
        }
    }
    // A format names its type: `date-time` a string, `int32` an integer.
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let numeric = ["int32", "int64", "float", "double"].contains(&format)
            || format.starts_with("int")
            || format.starts_with("uint");
        if numeric == matches!(name, "integer" | "number")
            && matches!(name, "string" | "integer" | "number")
        {
            part.insert("format".into(), format.into());
        }
    }
    if let Some(Value::Sequence(values)) = schema.get("enum") {
        let fits = |value: &Value| match name {
            "string" => value.is_string(),
            "integer" => value.as_i64().is_some() || value.as_u64().is_some(),
            "number" => value.is_number(),
            "boolean" => value.is_bool(),
            _ => false,
        };
        let values: Vec<Value> = values.iter().filter(|value| fits(value)).cloned().collect();
        if !values.is_empty() {
            part.insert("enum".into(), Value::Sequence(values));
        }
    }
    part
}

//! What JSON Schema 2020-12 says that the generated types cannot: dropped
//! or widened with a warning at its place, so the value is typed by the
//! rest of its schema (any JSON value at worst), never refused.

use serde_yaml::{Mapping, Value};

use super::child;
use super::keywords::{ANNOTATIONS, UNTYPED, VALIDATION};
use super::schema::Walker;

impl Walker<'_> {
    /// `$dynamicRef` (and 2019-09's `$recursiveRef`) are not followed: any
    /// JSON value, its annotations kept.
    pub(super) fn dynamic_ref(&mut self, schema: &mut Mapping, at: &str) {
        let keyword =
            if schema.contains_key("$dynamicRef") { "$dynamicRef" } else { "$recursiveRef" };
        schema.retain(|key, _| key.as_str().is_some_and(|key| ANNOTATIONS.contains(&key)));
        self.warn(
            at,
            format!("`{keyword}` is not followed; generated as any JSON value"),
            "use a `$ref` to a schema of components/schemas",
        );
    }

    /// What 2020-12 constrains that the generated types do not check.
    pub(super) fn unchecked(&mut self, schema: &mut Mapping, at: &str) {
        // `unevaluatedProperties` of a schema without compositions is
        // `additionalProperties`.
        let composed = ["allOf", "anyOf", "oneOf"].iter().any(|key| schema.contains_key(*key));
        if !composed && !schema.contains_key("additionalProperties") {
            if let Some(unevaluated) = schema.remove("unevaluatedProperties") {
                schema.insert("additionalProperties".into(), unevaluated);
                self.moved(child(at, "additionalProperties"), &child(at, "unevaluatedProperties"));
            }
        }
        if let Some(patterns) = schema.remove("patternProperties") {
            self.pattern_properties(schema, patterns, at);
        }
        if schema.remove("prefixItems").is_some() {
            if !matches!(schema.get("items"), Some(Value::Mapping(_))) {
                schema.insert("items".into(), Value::Mapping(Mapping::new()));
            }
            self.warn(
                &child(at, "prefixItems"),
                "tuples (`prefixItems`) are not typed; each item is read by `items`, else as any JSON value".to_owned(),
                "describe the items with one schema, or use an object",
            );
        }
        for key in VALIDATION {
            schema.remove(*key);
        }
        // `unevaluated…: false` closes nothing the kept members would break.
        for key in ["unevaluatedProperties", "unevaluatedItems"] {
            if schema.get(key) == Some(&Value::Bool(false)) {
                schema.remove(key);
            }
        }
        let dropped: Vec<&str> =
            UNTYPED.iter().copied().filter(|key| schema.remove(*key).is_some()).collect();
        if let [first, ..] = dropped.as_slice() {
            let list: Vec<String> = dropped.iter().map(|key| format!("`{key}`")).collect();
            self.warn(
                &child(at, first),
                format!("{} not checked by the generated code; the value is typed by the rest of its schema", list.join(", ") + if dropped.len() == 1 { " is" } else { " are" }),
                "the service still applies them; describe what the crate must type with `properties`, `type` and `$ref`",
            );
        }
    }

    /// `patternProperties`: one pattern is the type of the members the
    /// schema does not name; several are any JSON value.
    fn pattern_properties(&mut self, schema: &mut Mapping, patterns: Value, at: &str) {
        if schema.contains_key("additionalProperties") {
            return;
        }
        let from = child(at, "patternProperties");
        match patterns {
            Value::Mapping(patterns) if patterns.len() == 1 => {
                let (pattern, value) = patterns.into_iter().next().unwrap_or_default();
                self.moved(
                    child(at, "additionalProperties"),
                    &child(&from, pattern.as_str().unwrap_or_default()),
                );
                schema.insert("additionalProperties".into(), value);
            }
            _ => {
                schema.insert("additionalProperties".into(), true.into());
                self.warn(
                    &from,
                    "several `patternProperties` are not typed; the members they match are any JSON value".to_owned(),
                    "give the members one schema, or name them in `properties`",
                );
            }
        }
    }
}

//! OpenAPI 3.1 reads as the 3.0 it means: every 3.0 spec of ours (the
//! fixtures, `conversions/idioms.yaml` and graph-photos' own), converted to
//! 3.1 by the rules people convert by, generates exactly the same files,
//! and the spec review finds no change between the two.

use std::path::{Path, PathBuf};

use apicrate_codegen::Options;
use serde_yaml::{Mapping, Value};

/// Keywords whose values are data, not schemas.
const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];

/// The 3.0 document `tree` written as 3.1 means it.
fn to_31(tree: &mut Value) {
    tree["openapi"] = "3.1.0".into();
    document(tree, false);
}

fn document(node: &mut Value, in_schemas: bool) {
    match node {
        Value::Mapping(mapping) => {
            for (key, value) in mapping.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                if in_schemas || key == "schema" {
                    schema(value);
                } else if !DATA.contains(&key) && !key.starts_with("x-") {
                    document(value, key == "schemas");
                }
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|item| document(item, false)),
        _ => {}
    }
}

/// One schema in 3.1's words: `nullable` as a `null` type or alternative,
/// `example` as `examples`, boolean exclusive bounds as numbers, `binary`
/// as a content keyword, a one-value `enum` as `const`.
fn schema(node: &mut Value) {
    let Value::Mapping(schema) = node else { return };
    for (key, value) in schema.iter_mut() {
        match key.as_str().unwrap_or_default() {
            "properties" => {
                if let Value::Mapping(properties) = value {
                    properties.values_mut().for_each(self::schema);
                }
            }
            "items" | "not" | "additionalProperties" => self::schema(value),
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Sequence(parts) = value {
                    parts.iter_mut().for_each(self::schema);
                }
            }
            _ => {}
        }
    }
    if let Some(example) = schema.remove("example") {
        schema.insert("examples".into(), Value::Sequence(vec![example]));
    }
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")]
    {
        if schema.get(exclusive) == Some(&Value::Bool(true)) {
            if let Some(bound) = schema.remove(inclusive) {
                schema.insert(exclusive.into(), bound);
            }
        } else if schema.get(exclusive) == Some(&Value::Bool(false)) {
            schema.remove(exclusive);
        }
    }
    // `format: byte` stays: 3.1 keeps it, and it still means a string of
    // base64 (`contentEncoding: base64` is bytes, in `fixtures/v31.yaml`).
    if schema.get("format").and_then(Value::as_str) == Some("binary") {
        schema.remove("format");
        schema.insert("contentMediaType".into(), "application/octet-stream".into());
    }
    if let Some(Value::Sequence(values)) = schema.get("enum") {
        if let [only] = values.as_slice() {
            let only = only.clone();
            schema.remove("enum");
            schema.insert("const".into(), only);
        }
    }
    if schema.remove("nullable") != Some(Value::Bool(true)) {
        return;
    }
    match schema.get("type").cloned() {
        Some(Value::String(name)) => {
            let types = vec![Value::String(name), "null".into()];
            schema.insert("type".into(), Value::Sequence(types));
        }
        _ => {
            // No type of its own: the schema or `null`.
            let annotations = [
                "description",
                "title",
                "readOnly",
                "writeOnly",
                "deprecated",
                "default",
                "examples",
                "externalDocs",
            ];
            let mut alternative = Mapping::new();
            let keys: Vec<Value> = schema.keys().cloned().collect();
            for key in keys {
                let name = key.as_str().unwrap_or_default();
                if !annotations.contains(&name) && !name.starts_with("x-") {
                    let value = schema.remove(&key).unwrap_or_default();
                    alternative.insert(key, value);
                }
            }
            let mut null = Mapping::new();
            null.insert("type".into(), "null".into());
            let alternatives = match alternative.is_empty() {
                true => vec![Value::Mapping(null)],
                false => vec![Value::Mapping(alternative), Value::Mapping(null)],
            };
            schema.insert("anyOf".into(), Value::Sequence(alternatives));
        }
    }
}

/// `text` with each list of notes (`/// - ...` lines) sorted. Notes come in
/// the order of the lines they are about, and a converted spec lays its
/// lines out anew (a JSON spec read into a tree sorts its keys).
fn notes_in_order(text: &str) -> String {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("/// - ") {
            notes.push(line);
            continue;
        }
        notes.sort_unstable();
        out.append(&mut notes);
        out.push(line);
    }
    notes.sort_unstable();
    out.append(&mut notes);
    out.join("\n")
}

/// Our 3.0 specs: the fixtures, the idioms whose 3.1 spelling differs
/// most, and graph-photos'.
fn specs() -> Vec<PathBuf> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<PathBuf> = std::fs::read_dir(manifest_dir.join("tests/fixtures"))
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("fixture");
            !text.contains("openapi: 3.1")
        })
        .collect();
    specs.sort();
    specs.push(manifest_dir.join("tests/conversions/idioms.yaml"));
    specs.push(manifest_dir.join("../spec/graph-photos.yaml"));
    specs
}

#[test]
fn a_3_0_spec_written_as_3_1_generates_the_same_crate_and_no_review_change() {
    let scratch = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/v31-conversions");
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    for spec in specs() {
        let name = spec.file_name().and_then(|name| name.to_str()).expect("utf-8 name");
        let text = std::fs::read_to_string(&spec).expect("spec");
        let mut tree: Value = match spec.extension().is_some_and(|ext| ext == "json") {
            true => serde_yaml::to_value(
                serde_json::from_str::<serde_json::Value>(&text).expect("JSON"),
            )
            .expect("a tree"),
            false => serde_yaml::from_str(&text).expect("YAML"),
        };
        to_31(&mut tree);
        let converted = scratch.join(format!("{name}.yaml"));
        std::fs::write(&converted, serde_yaml::to_string(&tree).expect("prints")).expect("write");

        let options = Options::new(apicrate_codegen::scaffold::COMMAND, name);
        let before = apicrate_codegen::generate(&spec, &options).unwrap_or_else(|e| panic!("{e}"));
        let after = apicrate_codegen::generate(&converted, &options)
            .unwrap_or_else(|e| panic!("{name} as 3.1: {e}"));
        for (path, contents) in &before.files {
            let written = after.files.get(path).map(String::as_str).unwrap_or("(none)");
            let (contents, written) = (notes_in_order(contents), notes_in_order(written));
            if written != contents {
                let diff = similar::TextDiff::from_lines(contents.as_str(), written.as_str());
                panic!("{name} as 3.1 generates another {path}:\n{}", diff.unified_diff());
            }
        }
        assert_eq!(before.files.len(), after.files.len(), "{name}: the same files");
        let changes = apicrate_codegen::review::diff(&before.api, &after.api);
        assert!(changes.is_empty(), "{name} as 3.1: the review sees {changes:?}");
    }
}

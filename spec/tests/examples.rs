//! The spec's examples match their schemas (with the `jsonschema` crate),
//! and its descriptions speak to the crate's users.

use graph_photos_spec::{operations, resolve};
use serde_json::{json, Value};

/// The OpenAPI 3.0 schema `schema` as JSON Schema, with the spec's
/// component schemas as `$defs` (refs rewritten) and `nullable` as a type union.
fn json_schema(spec: &Value, schema: &Value) -> Value {
    fn convert(node: &Value) -> Value {
        match node {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, value) in map {
                    match key.as_str() {
                        "$ref" => {
                            let reference = value
                                .as_str()
                                .unwrap_or_default()
                                .replace("#/components/schemas/", "#/$defs/");
                            out.insert(key.clone(), Value::String(reference));
                        }
                        "nullable" | "example" => {}
                        _ => {
                            out.insert(key.clone(), convert(value));
                        }
                    }
                }
                if map.get("nullable") == Some(&json!(true)) {
                    if let Some(Value::String(ty)) = out.get("type").cloned() {
                        out.insert("type".to_owned(), json!([ty, "null"]));
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(convert).collect()),
            other => other.clone(),
        }
    }
    let mut converted = convert(schema);
    converted["$defs"] = convert(&spec["components"]["schemas"]);
    converted
}

/// Every (where, schema, example value) of the spec's media types.
fn examples(spec: &Value) -> Vec<(String, Value, Value)> {
    let mut found = Vec::new();
    let mut visit = |at: String, media: &Value| {
        let Some(schema) = media.get("schema") else { return };
        if let Some(example) = media.get("example") {
            found.push((at.clone(), schema.clone(), example.clone()));
        }
        for (name, example) in
            media.get("examples").and_then(Value::as_object).into_iter().flatten()
        {
            let example = resolve(spec, example);
            found.push((format!("{at} example {name}"), schema.clone(), example["value"].clone()));
        }
    };
    for op in operations(spec) {
        if let Some(body) = op.value.get("requestBody") {
            for (media_type, media) in
                resolve(spec, body)["content"].as_object().into_iter().flatten()
            {
                visit(format!("{} request {media_type}", op.who), media);
            }
        }
        for (status, response) in op.value["responses"].as_object().into_iter().flatten() {
            for (media_type, media) in
                resolve(spec, response)["content"].as_object().into_iter().flatten()
            {
                visit(format!("{} {status} {media_type}", op.who), media);
            }
        }
    }
    found
}

#[test]
fn every_example_validates_against_its_schema() {
    let spec = graph_photos_spec::load();
    let examples = examples(&spec);
    assert!(examples.len() >= 6, "the pages' examples are missing: only {} found", examples.len());
    for (at, schema, value) in examples {
        let validator = jsonschema::validator_for(&json_schema(&spec, &schema))
            .unwrap_or_else(|e| panic!("{at}: bad schema: {e}"));
        let problems: Vec<String> =
            validator.iter_errors(&value).map(|error| error.to_string()).collect();
        assert!(problems.is_empty(), "{at}: the example does not match its schema: {problems:?}");
    }
}

#[test]
fn the_example_check_rejects_a_wrong_example() {
    let spec = graph_photos_spec::load();
    let schema = json!({"$ref": "#/components/schemas/profilePhoto"});
    let validator = jsonschema::validator_for(&json_schema(&spec, &schema)).expect("schema");
    assert!(validator.is_valid(
        &json!({"height": 6, "width": null, "@odata.type": "#microsoft.graph.profilePhoto"})
    ));
    assert!(!validator.is_valid(&json!({"height": "six"})), "a string height must be refused");
    let error = json!({"$ref": "#/components/schemas/ODataError"});
    let validator = jsonschema::validator_for(&json_schema(&spec, &error)).expect("schema");
    assert!(!validator.is_valid(&json!({"error": {"message": "no code"}})), "code is required");
}

/// Every `description` and `summary` outside `info` ends up in the rustdoc of
/// the crate users read, so it speaks of Microsoft Learn and the service,
/// never of our provenance (the doc pages' file names and numbers, their
/// README, "beyond the pages"): `x-source-docs`, `x-beyond-pages` and
/// YAML comments carry that for maintainers.
#[test]
fn descriptions_speak_to_users() {
    const INTERNAL: [&str; 6] =
        ["beyond the pages", "readme", "page `0", "page 0", "pages `0", ".txt"];
    fn visit(node: &Value, at: &str, problems: &mut Vec<String>) {
        match node {
            Value::Object(map) => {
                for (key, value) in map {
                    let here = format!("{at}/{key}");
                    if let (true, Some(text)) =
                        (key == "description" || key == "summary", value.as_str())
                    {
                        let lower = text.to_lowercase();
                        for term in INTERNAL.iter().filter(|term| lower.contains(*term)) {
                            problems.push(format!("{here} says {term:?}: {text}"));
                        }
                    }
                    visit(value, &here, problems);
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    visit(item, &format!("{at}/{index}"), problems);
                }
            }
            _ => {}
        }
    }
    let spec = graph_photos_spec::load();
    let mut problems = Vec::new();
    for part in ["paths", "components"] {
        visit(&spec[part], &format!("#/{part}"), &mut problems);
    }
    assert!(problems.is_empty(), "internal terms in user-facing text:\n{}", problems.join("\n"));
}

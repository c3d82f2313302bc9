//! Rules of `spec/graph-photos.yaml` that a generic linter cannot know:
//! provenance, permissions by kind and origin (`x-permissions`) and the
//! `security` requirements that list them, error responses, the operations of
//! the pages, the binary upload's media type and limit, and examples that
//! match their schemas. `pages.rs` checks the spec against the pages' text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// Page `002`: "a limit of 4MB on the total size of each REST request",
/// headers included. The README reads 4 MB as 4 * 1024 * 1024 bytes.
const REQUEST_LIMIT: u64 = 4 * 1024 * 1024;
/// The photo must be *under* the request limit: a body of exactly
/// `REQUEST_LIMIT` bytes is already too big, so the largest body the schema
/// allows is one byte less (the headers count toward the same limit).
const UPLOAD_LIMIT: u64 = REQUEST_LIMIT - 1;
/// The kinds of `x-permissions`, in the order `security` lists their scopes.
const KINDS: [&str; 3] = ["delegated-work", "delegated-personal", "application"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn spec() -> Value {
    let text = std::fs::read_to_string(root().join("spec/graph-photos.yaml"))
        .expect("spec/graph-photos.yaml");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}

/// Follows a local `$ref` (`#/components/...`) once.
fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {reference}")),
        None => node,
    }
}

/// Every operation: (method, path, operation object).
fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method.to_uppercase(), path.clone(), operation));
            }
        }
    }
    found
}

fn name(operation: &Value, method: &str, path: &str) -> String {
    format!("{} ({method} {path})", operation["operationId"].as_str().unwrap_or("<no operationId>"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

#[test]
fn every_operation_names_its_source_versions_scopes_and_errors() {
    let spec = spec();
    let docs = root().join("../shared/docs");
    assert!(
        docs.is_dir(),
        "{} is missing: the spec's provenance is checked against it",
        docs.display()
    );
    let flows = &spec["components"]["securitySchemes"]["microsoftIdentityPlatform"]["flows"];
    let defined: BTreeSet<String> = flows
        .as_object()
        .expect("oauth2 flows")
        .values()
        .flat_map(|flow| {
            flow["scopes"].as_object().into_iter().flat_map(|scopes| scopes.keys().cloned())
        })
        .collect();
    for (method, path, operation) in operations(&spec) {
        let who = name(operation, &method, &path);
        assert!(operation["operationId"].is_string(), "{who}: no operationId");
        assert!(operation["summary"].is_string(), "{who}: no summary");

        let sources = strings(&operation["x-source-docs"]);
        assert!(!sources.is_empty(), "{who}: no x-source-docs");
        for source in &sources {
            assert!(
                docs.join(source).is_file(),
                "{who}: x-source-docs names {source}, which is not in ../shared/docs"
            );
        }
        let beyond = operation["x-beyond-pages"] == json!(true);
        let from_readme = sources.iter().any(|source| source == "README.md");
        assert_eq!(
            beyond, from_readme,
            "{who}: x-beyond-pages must be true exactly when the source is README.md"
        );

        let versions = strings(&operation["x-api-versions"]);
        assert!(!versions.is_empty(), "{who}: no x-api-versions");
        assert!(
            versions.iter().all(|v| v == "v1.0" || v == "beta"),
            "{who}: unknown version in {versions:?}"
        );

        let requirements =
            operation["security"].as_array().unwrap_or_else(|| panic!("{who}: no security"));
        let scopes: Vec<String> =
            requirements.iter().flat_map(|r| strings(&r["microsoftIdentityPlatform"])).collect();
        assert!(!scopes.is_empty(), "{who}: no scopes");
        for scope in &scopes {
            assert!(
                defined.contains(scope),
                "{who}: scope {scope} is not defined in the oauth2 flows"
            );
            assert!(!scope.to_uppercase().contains("TODO"), "{who}: placeholder scope {scope}");
        }

        let responses = &operation["responses"];
        let throttled = resolve(&spec, &responses["429"]);
        assert!(throttled["headers"]["Retry-After"].is_object(), "{who}: 429 without Retry-After");
        for status in ["4XX", "5XX"] {
            let response = resolve(&spec, &responses[status]);
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(
                schema, "#/components/schemas/ODataError",
                "{who}: {status} is not the Graph error"
            );
        }
        // No page documents 204 or an error response: they come from the
        // README's facts, and are marked so (in words for the reader of the
        // rustdoc, not in our provenance terms: see `descriptions_speak_to_users`).
        for status in ["204", "429", "4XX", "5XX"] {
            let Some(response) = responses.get(status) else { continue };
            let response = resolve(&spec, response);
            assert_eq!(
                response["x-beyond-pages"],
                json!(true),
                "{who}: the {status} response is beyond the pages and must be marked x-beyond-pages"
            );
        }
    }
}

/// `x-permissions` of every operation: the three kinds, each scope with its
/// origin, the page's scopes before those from beyond the pages; an operation
/// beyond the pages has only scopes from beyond them; `security` lists the
/// scopes of `x-permissions`, one requirement per scope, each once, in order.
fn permission_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for (method, path, operation) in operations(spec) {
        let who = name(operation, &method, &path);
        let Some(permissions) = operation["x-permissions"].as_object() else {
            problems.push(format!("{who}: no x-permissions"));
            continue;
        };
        for key in permissions.keys() {
            if !KINDS.contains(&key.as_str()) {
                problems.push(format!("{who}: x-permissions has an unknown kind {key}"));
            }
        }
        let beyond = operation["x-beyond-pages"] == json!(true);
        let mut listed: Vec<String> = Vec::new();
        for kind in KINDS {
            let Some(entry) = permissions.get(kind).and_then(Value::as_object) else {
                problems
                    .push(format!("{who}: x-permissions.{kind} is missing (write {{}} for none)"));
                continue;
            };
            for key in entry.keys() {
                if key != "page-says" && key != "scopes" {
                    problems.push(format!("{who}: x-permissions.{kind} has an unknown key {key}"));
                }
            }
            if let Some(words) = entry.get("page-says") {
                match words.as_str() {
                    Some(words) if !words.trim().is_empty() => {
                        if beyond {
                            problems.push(format!(
                                "{who}: x-permissions.{kind}.page-says on an operation beyond the pages"
                            ));
                        }
                    }
                    _ => {
                        problems.push(format!("{who}: x-permissions.{kind}.page-says is not text"))
                    }
                }
            }
            let scopes = entry.get("scopes").map(|s| s.as_array().cloned());
            let scopes = match scopes {
                None => Vec::new(),
                Some(Some(scopes)) => scopes,
                Some(None) => {
                    problems.push(format!("{who}: x-permissions.{kind}.scopes is not a list"));
                    Vec::new()
                }
            };
            let mut seen_beyond = false;
            let mut in_kind = BTreeSet::new();
            for item in &scopes {
                let fields: BTreeSet<&str> =
                    item.as_object().into_iter().flatten().map(|(k, _)| k.as_str()).collect();
                let (Some(scope), Some(from)) = (item["scope"].as_str(), item["from"].as_str())
                else {
                    problems.push(format!(
                        "{who}: x-permissions.{kind}: {item} is not {{scope, from}}"
                    ));
                    continue;
                };
                if fields != BTreeSet::from(["scope", "from"]) {
                    problems.push(format!(
                        "{who}: x-permissions.{kind}: {item} has keys other than scope and from"
                    ));
                }
                match from {
                    "page" if beyond => problems.push(format!(
                        "{who}: {scope} ({kind}) is marked from: page on an operation beyond the pages"
                    )),
                    "page" if seen_beyond => problems.push(format!(
                        "{who}: {scope} ({kind}) is the page's but comes after a scope from beyond the pages"
                    )),
                    "page" => {}
                    "beyond-pages" => seen_beyond = true,
                    other => problems.push(format!(
                        "{who}: {scope} ({kind}) has from: {other}; write page or beyond-pages"
                    )),
                }
                if !in_kind.insert(scope) {
                    problems.push(format!("{who}: {scope} appears twice in {kind}"));
                }
                if !listed.iter().any(|s| s == scope) {
                    listed.push(scope.to_owned());
                }
            }
        }
        let requirements = operation["security"].as_array().cloned().unwrap_or_default();
        let mut secured = Vec::new();
        for requirement in &requirements {
            let scopes = strings(&requirement["microsoftIdentityPlatform"]);
            if requirement.as_object().map_or(0, |r| r.len()) != 1 || scopes.len() != 1 {
                problems.push(format!(
                    "{who}: security requirement {requirement} is not one microsoftIdentityPlatform scope"
                ));
            }
            secured.extend(scopes);
        }
        if secured != listed {
            problems.push(format!(
                "{who}: security lists {secured:?}, but x-permissions gives {listed:?} (all kinds, each once, in order)"
            ));
        }
    }
    problems
}

#[test]
fn permissions_are_by_kind_and_security_lists_them() {
    let problems = permission_problems(&spec());
    assert!(problems.is_empty(), "x-permissions / security problems: {problems:#?}");
}

#[test]
fn the_permission_check_rejects_a_wrong_order_and_a_missing_requirement() {
    let spec = spec();
    let id = |operation: &Value, wanted: &str| operation["operationId"] == wanted;

    // The page's scope after one from beyond the pages.
    let mut reordered = spec.clone();
    for (_, item) in reordered["paths"].as_object_mut().expect("paths") {
        if let Some(operation) = item.get_mut("put").filter(|o| id(o, "setMyPhotoContent")) {
            let scopes = operation["x-permissions"]["delegated-work"]["scopes"]
                .as_array_mut()
                .expect("scopes");
            scopes.rotate_left(1);
        }
    }
    let problems = permission_problems(&reordered);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("setMyPhotoContent") && p.contains("after a scope from beyond")),
        "{problems:#?}"
    );

    // A scope of x-permissions that security does not list.
    let mut unlisted = spec.clone();
    for (_, item) in unlisted["paths"].as_object_mut().expect("paths") {
        if let Some(operation) = item.get_mut("get").filter(|o| id(o, "getMyPhoto")) {
            operation["security"].as_array_mut().expect("security").pop();
        }
    }
    let problems = permission_problems(&unlisted);
    assert!(
        problems.iter().any(|p| p.contains("getMyPhoto") && p.contains("security lists")),
        "{problems:#?}"
    );
}

#[test]
fn every_operation_of_the_pages_is_present() {
    let spec = spec();
    let present: BTreeSet<(String, String)> =
        operations(&spec).into_iter().map(|(m, p, _)| (m, p)).collect();
    let json_patch = [
        "/me/photo",
        "/users/{user-id}/photo",
        "/teams/{team-id}/photo",
        "/groups/{group-id}/photo",
        "/me/photos/{profilePhoto-id}",
        "/me/contacts/{contact-id}/photo",
        "/me/joinedGroups/{group-id}/photo",
        "/me/joinedGroups/{group-id}/team/photo",
        "/users/{user-id}/photos/{profilePhoto-id}",
        "/groups/{group-id}/photos/{profilePhoto-id}",
        "/me/joinedGroups/{group-id}/photos/{profilePhoto-id}",
        "/drive/root/createdByUser/photo",
        "/invitations/{invitation-id}/invitedUser/contacts/{contact-id}/photo",
    ];
    let binary = [
        "/me/photo/$value",
        "/users/{user-id}/photo/$value",
        "/groups/{group-id}/photo/$value",
        "/me/contacts/{contact-id}/photo/$value",
        "/users/{user-id}/contacts/{contact-id}/photo/$value",
        "/me/contactfolders/{contactFolder-id}/contacts/{contact-id}/photo/$value",
        "/users/{user-id}/contactfolders/{contactFolder-id}/contacts/{contact-id}/photo/$value",
    ];
    let mut missing = Vec::new();
    for path in json_patch {
        if !present.contains(&("PATCH".to_owned(), path.to_owned())) {
            missing.push(format!("PATCH {path}"));
        }
    }
    for path in binary {
        for method in ["PUT", "PATCH"] {
            if !present.contains(&(method.to_owned(), path.to_owned())) {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "operations of the pages missing from the spec: {missing:#?}");
}

#[test]
fn binary_uploads_are_jpeg_with_the_size_limit() {
    let spec = spec();
    let mut uploads = 0;
    for (method, path, operation) in operations(&spec) {
        let who = name(operation, &method, &path);
        let Some(body) = operation.get("requestBody") else { continue };
        let content = resolve(&spec, body)["content"].as_object().expect("content");
        assert!(
            !content.contains_key("application/octet-stream"),
            "{who}: binary bodies are image/jpeg, never octet-stream"
        );
        if let Some(jpeg) = content.get("image/jpeg") {
            uploads += 1;
            let schema = &jpeg["schema"];
            assert_eq!(schema["type"], "string", "{who}");
            assert_eq!(schema["format"], "binary", "{who}");
            assert_eq!(
                schema["maxLength"],
                json!(UPLOAD_LIMIT),
                "{who}: the body must be under the 4 MiB request limit"
            );
            let description = resolve(&spec, body)["description"].as_str().unwrap_or_default();
            assert!(
                description.contains("under 4 MiB"),
                "{who}: the body's description must say the photo is under 4 MiB"
            );
        }
    }
    assert_eq!(uploads, 14, "7 paths x PUT and PATCH");
}

#[test]
fn path_parameters_follow_the_entity_id_convention() {
    let spec = spec();
    for (_, parameter) in spec["components"]["parameters"].as_object().expect("parameters") {
        if parameter["in"] != "path" {
            continue;
        }
        let name = parameter["name"].as_str().expect("name");
        let entity =
            name.strip_suffix("-id").unwrap_or_else(|| panic!("{name} does not end in -id"));
        assert!(
            entity.starts_with(|c: char| c.is_ascii_lowercase())
                && entity.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name} is not {{camelCaseEntity-id}}"
        );
        assert!(parameter["description"].is_string(), "{name} has no description");
    }
    for (path, _) in spec["paths"].as_object().expect("paths") {
        for segment in path.split('/').filter(|s| s.starts_with('{')) {
            assert!(segment.ends_with("-id}"), "{path}: {segment} breaks the convention");
        }
    }
}

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
    for (method, path, operation) in operations(spec) {
        if let Some(body) = operation.get("requestBody") {
            for (media_type, media) in
                resolve(spec, body)["content"].as_object().into_iter().flatten()
            {
                visit(format!("{method} {path} request {media_type}"), media);
            }
        }
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            for (media_type, media) in
                resolve(spec, response)["content"].as_object().into_iter().flatten()
            {
                visit(format!("{method} {path} {status} {media_type}"), media);
            }
        }
    }
    found
}

#[test]
fn every_example_validates_against_its_schema() {
    let spec = spec();
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
    let spec = spec();
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
    let spec = spec();
    let mut problems = Vec::new();
    for part in ["paths", "components"] {
        visit(&spec[part], &format!("#/{part}"), &mut problems);
    }
    assert!(problems.is_empty(), "internal terms in user-facing text:\n{}", problems.join("\n"));
}

//! What every operation carries besides its permissions: a summary, its
//! sources and versions, defined scopes, error responses marked as beyond
//! the pages; path parameters by the naming convention; binary uploads as
//! JPEG under the size limit. (`pages.rs` checks what comes from the pages.)

use std::collections::BTreeSet;

use graph_photos_spec::{operations, resolve, strings};
use serde_json::json;

/// The largest photo: page `002` limits the whole request, headers
/// included, to 4 MB, read as 4 * 1024 * 1024 bytes, so the body must be
/// under that.
const UPLOAD_LIMIT: u64 = 4 * 1024 * 1024 - 1;

#[test]
fn every_operation_names_its_sources_versions_scopes_and_errors() {
    let spec = graph_photos_spec::load();
    let flows = &spec["components"]["securitySchemes"]["microsoftIdentityPlatform"]["flows"];
    let defined: BTreeSet<String> = flows
        .as_object()
        .expect("oauth2 flows")
        .values()
        .flat_map(|flow| {
            flow["scopes"].as_object().into_iter().flat_map(|scopes| scopes.keys().cloned())
        })
        .collect();
    for op in operations(&spec) {
        let (who, operation) = (&op.who, op.value);
        assert!(operation["operationId"].is_string(), "{who}: no operationId");
        assert!(operation["summary"].is_string(), "{who}: no summary");

        let sources = op.sources();
        assert!(!sources.is_empty(), "{who}: no x-source-docs");
        let beyond = op.beyond_pages();
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

#[test]
fn binary_uploads_are_jpeg_with_the_size_limit() {
    let spec = graph_photos_spec::load();
    let mut uploads = 0;
    for op in operations(&spec) {
        let (who, operation) = (&op.who, op.value);
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
    let spec = graph_photos_spec::load();
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

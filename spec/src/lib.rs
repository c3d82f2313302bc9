//! `spec/graph-photos.yaml` as the spec tests read it, and the digest of the
//! documentation pages it comes from (`spec/pages.yaml`).
//!
//! - [`pages`]: the digest: what the spec takes from each page, as data;
//! - [`read`]: the same facts read from a page's own text;
//! - [`compare`]: where the digest and the pages disagree;
//! - [`agree`]: where the spec and the digest disagree.
//!
//! The tests in `spec/tests/` check the spec; `cargo xtask check-pages DIR`
//! checks the digest against the pages.

pub mod agree;
pub mod compare;
pub mod pages;
pub mod read;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The HTTP methods of an OpenAPI path item.
pub const METHODS: [&str; 8] =
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The permission kinds: as `x-permissions` names them, and as the pages'
/// tables label them.
pub const KINDS: [(&str, &str); 3] = [
    ("delegated-work", "Delegated (work or school account)"),
    ("delegated-personal", "Delegated (personal Microsoft account)"),
    ("application", "Application"),
];

/// This directory: `spec/` of the workspace.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The text of `spec/graph-photos.yaml`.
pub fn text() -> String {
    let path = dir().join("graph-photos.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The spec as JSON.
pub fn load() -> Value {
    parse(&text())
}

/// A spec's text as JSON.
pub fn parse(text: &str) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}

/// One operation of the spec.
pub struct Operation<'a> {
    /// `operationId (METHOD /path)`, for messages.
    pub who: String,
    /// Upper case: `PATCH`.
    pub method: String,
    pub path: String,
    pub value: &'a Value,
}

impl Operation<'_> {
    /// The files its `x-source-docs` names.
    pub fn sources(&self) -> Vec<String> {
        strings(&self.value["x-source-docs"])
    }

    /// Whether it is marked `x-beyond-pages`.
    pub fn beyond_pages(&self) -> bool {
        self.value["x-beyond-pages"] == Value::Bool(true)
    }
}

/// Every operation, in path order.
pub fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(value) = item.get(method) {
                let id = value["operationId"].as_str().unwrap_or("<no operationId>");
                found.push(Operation {
                    who: format!("{id} ({} {path})", method.to_uppercase()),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    value,
                });
            }
        }
    }
    found
}

/// The strings of a JSON array; empty for anything else.
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Follows a local `$ref` (`#/components/...`) once.
pub fn resolve<'a>(spec: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => spec
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {reference}")),
        None => node,
    }
}

/// A path with every parameter written `{}`: `/users/{id | userPrincipalName}/photo`,
/// `/users/<id>/photo` and `/users/{user-id}/photo` are all `/users/{}/photo`.
pub fn normalize(path: &str) -> String {
    let mut out = String::new();
    let mut close = None;
    for c in path.chars() {
        match (close, c) {
            (None, '{') => close = Some('}'),
            (None, '<') => close = Some('>'),
            (None, c) => out.push(c),
            (Some(end), c) if c == end => {
                out.push_str("{}");
                close = None;
            }
            (Some(_), _) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn paths_compare_without_parameter_names() {
        assert_eq!(normalize("/users/{id | userPrincipalName}/photo"), "/users/{}/photo");
        assert_eq!(normalize("/users/<id | userPrincipalName>/photo"), "/users/{}/photo");
        assert_eq!(normalize("/groups/<id>/photo"), normalize("/groups/{group-id}/photo"));
    }
}

//! The vendor extensions the generator understands. A spec without them
//! lowers exactly the same way; this is the only module that reads them.
//!
//! On an operation:
//!
//! | extension | value | becomes |
//! |---|---|---|
//! | `x-api-versions` | list of strings | `Operation::API_VERSIONS`, and rustdoc |
//! | `x-source-docs` | list of strings | the documentation pages named in rustdoc |
//! | `x-beyond-pages` | boolean | rustdoc says the operation goes beyond those pages |
//!
//! Any other `x-` key is ignored.

use indexmap::IndexMap;

use crate::error::Diagnostic;
use crate::ir::Provenance;

/// The extensions of one object, as `openapiv3` keeps them.
pub(super) type ExtensionMap = IndexMap<String, serde_json::Value>;

/// What an operation's extensions say; problems are pushed to `problems`.
pub(super) fn provenance(
    extensions: &ExtensionMap,
    at: &str,
    problems: &mut Vec<Diagnostic>,
) -> Provenance {
    let mut strings = |key: &str| string_list(extensions, key, at, problems);
    Provenance {
        api_versions: strings("x-api-versions"),
        source_docs: strings("x-source-docs"),
        beyond_sources: matches!(
            extensions.get("x-beyond-pages"),
            Some(serde_json::Value::Bool(true))
        ),
    }
}

fn string_list(
    extensions: &ExtensionMap,
    key: &str,
    at: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    match extensions.get(key) {
        None => Vec::new(),
        Some(serde_json::Value::Array(items)) if items.iter().all(|item| item.is_string()) => {
            items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect()
        }
        Some(_) => {
            let message = format!("`{key}` must be a list of strings");
            problems
                .push(Diagnostic::new(format!("{at}/{key}"), message).help("write it as `[a, b]`"));
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn map(entries: serde_json::Value) -> ExtensionMap {
        serde_json::from_value(entries).expect("a map")
    }

    #[test]
    fn a_spec_without_extensions_has_no_provenance() {
        let mut problems = Vec::new();
        assert_eq!(provenance(&map(json!({})), "#/op", &mut problems), Provenance::default());
        assert!(problems.is_empty());
    }

    #[test]
    fn known_extensions_are_read_and_others_ignored() {
        let mut problems = Vec::new();
        let extensions = map(json!({
            "x-api-versions": ["v1.0", "beta"],
            "x-source-docs": ["page.txt"],
            "x-beyond-pages": true,
            "x-something-else": {"any": "thing"},
        }));
        let provenance = provenance(&extensions, "#/op", &mut problems);
        assert_eq!(provenance.api_versions, ["v1.0", "beta"]);
        assert_eq!(provenance.source_docs, ["page.txt"]);
        assert!(provenance.beyond_sources);
        assert!(problems.is_empty());
    }

    #[test]
    fn a_malformed_list_is_a_problem_at_its_key() {
        let mut problems = Vec::new();
        let provenance = provenance(&map(json!({"x-api-versions": "v1.0"})), "#/op", &mut problems);
        assert!(provenance.api_versions.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pointer, "#/op/x-api-versions");
        assert_eq!(problems[0].message, "`x-api-versions` must be a list of strings");
    }
}

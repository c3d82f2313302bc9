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
//! | `x-permissions` | by kind: `scopes` and `page-says`, below | `Operation::PERMISSIONS`, and rustdoc by kind and origin |
//!
//! `x-permissions` has a key per kind (`delegated-work`,
//! `delegated-personal`, `application`), each with `scopes` (`{scope, from:
//! page | beyond-pages}`, least privileged first) and `page-says` (the
//! page's own words when it gives none).
//!
//! Any other `x-` key is ignored. A value of the wrong shape is a warning,
//! and the extension is left out.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::ir::{PermissionKind, Permissions, Provenance, Scope};

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
        permissions: permissions(extensions, at, problems),
    }
}

/// `x-permissions`, as the spec writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PermissionsSpec {
    #[serde(default)]
    delegated_work: KindSpec,
    #[serde(default)]
    delegated_personal: KindSpec,
    #[serde(default)]
    application: KindSpec,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindSpec {
    page_says: Option<String>,
    #[serde(default)]
    scopes: Vec<ScopeSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeSpec {
    scope: String,
    from: Source,
}

#[derive(Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Source {
    Page,
    BeyondPages,
}

fn permissions(
    extensions: &ExtensionMap,
    at: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Permissions> {
    const KEY: &str = "x-permissions";
    let spec: PermissionsSpec = match serde_json::from_value(extensions.get(KEY)?.clone()) {
        Ok(spec) => spec,
        Err(error) => {
            let message = format!(
                "`{KEY}` cannot be read ({error}); the operation documents no permissions by kind"
            );
            let help = "write `{delegated-work, delegated-personal, application}`, each with `scopes: [{scope, from: page | beyond-pages}]` and/or `page-says`";
            problems.push(Diagnostic::warning(format!("{at}/{KEY}"), message).help(help));
            return None;
        }
    };
    let kind = |spec: KindSpec| PermissionKind {
        page_says: spec.page_says,
        scopes: spec
            .scopes
            .into_iter()
            .map(|s| Scope { name: s.scope, from_pages: s.from == Source::Page })
            .collect(),
    };
    Some(Permissions {
        delegated_work: kind(spec.delegated_work),
        delegated_personal: kind(spec.delegated_personal),
        application: kind(spec.application),
    })
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
            let message = format!("`{key}` must be a list of strings; it is left out");
            problems.push(
                Diagnostic::warning(format!("{at}/{key}"), message).help("write it as `[a, b]`"),
            );
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
    fn permissions_are_read_by_kind_and_origin() {
        let mut problems = Vec::new();
        let extensions = map(json!({"x-permissions": {
            "delegated-work": {"scopes": [
                {"scope": "User.ReadWrite", "from": "page"},
                {"scope": "ProfilePhoto.ReadWrite.All", "from": "beyond-pages"},
            ]},
            "delegated-personal": {"page-says": "Not supported."},
        }}));
        let permissions = provenance(&extensions, "#/op", &mut problems).permissions.expect("read");
        assert!(problems.is_empty(), "{problems:?}");
        let names: Vec<(&str, bool)> = permissions
            .delegated_work
            .scopes
            .iter()
            .map(|s| (s.name.as_str(), s.from_pages))
            .collect();
        assert_eq!(names, [("User.ReadWrite", true), ("ProfilePhoto.ReadWrite.All", false)]);
        assert_eq!(permissions.delegated_personal.page_says.as_deref(), Some("Not supported."));
        assert_eq!(
            permissions.application,
            PermissionKind::default(),
            "a kind not written says nothing"
        );
    }

    #[test]
    fn malformed_permissions_are_a_warning() {
        let mut problems = Vec::new();
        let extensions = map(json!({"x-permissions": {"delegated": []}}));
        assert_eq!(provenance(&extensions, "#/op", &mut problems).permissions, None);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].is_warning() && problems[0].pointer == "#/op/x-permissions",
            "{problems:?}"
        );
    }

    #[test]
    fn a_malformed_list_is_a_problem_at_its_key() {
        let mut problems = Vec::new();
        let provenance = provenance(&map(json!({"x-api-versions": "v1.0"})), "#/op", &mut problems);
        assert!(provenance.api_versions.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pointer, "#/op/x-api-versions");
        assert_eq!(
            problems[0].message,
            "`x-api-versions` must be a list of strings; it is left out"
        );
        assert!(problems[0].is_warning());
    }
}

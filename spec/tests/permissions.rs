//! `x-permissions` and `security`: every operation gives its permissions
//! by the three kinds, each scope with its origin, the page's scopes first;
//! `security` lists them, one requirement per scope. (`pages.rs` checks
//! which scopes the pages give.)

use std::collections::BTreeSet;

use graph_photos_spec::{operations, strings};
use serde_json::Value;

/// The kinds of `x-permissions`, in the order `security` lists their scopes.
const KINDS: [&str; 3] = ["delegated-work", "delegated-personal", "application"];

/// `x-permissions` of every operation: the three kinds, each scope with its
/// origin, the page's scopes before those from beyond the pages; an operation
/// beyond the pages has only scopes from beyond them; `security` lists the
/// scopes of `x-permissions`, one requirement per scope, each once, in order.
fn permission_problems(spec: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let (who, operation) = (&op.who, op.value);
        let Some(permissions) = operation["x-permissions"].as_object() else {
            problems.push(format!("{who}: no x-permissions"));
            continue;
        };
        for key in permissions.keys() {
            if !KINDS.contains(&key.as_str()) {
                problems.push(format!("{who}: x-permissions has an unknown kind {key}"));
            }
        }
        let beyond = op.beyond_pages();
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
    let problems = permission_problems(&graph_photos_spec::load());
    assert!(problems.is_empty(), "x-permissions / security problems: {problems:#?}");
}

#[test]
fn the_permission_check_rejects_a_wrong_order_and_a_missing_requirement() {
    let spec = graph_photos_spec::load();
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

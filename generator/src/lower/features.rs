//! Cargo features: one per OpenAPI tag (an operation's first), or per first
//! path segment for an operation without tags, so a user compiles only the
//! operations they use. A type is compiled with the features of the
//! operations that use it, directly or through other types; the types no
//! operation uses, and what they use, with one feature more, on by default
//! ([`naming::unused_models_feature`]). A type every group uses is always
//! compiled. So `default-features = false` and one group compile exactly
//! the types its operations reach, the transitive closure, and nothing else.
//!
//! The emitter puts the types of each distinct set of features in a module
//! of their own, declared under `cfg(any(feature = ..., ...))` with every
//! feature of the set (`emit::models`), so a long list is written twice
//! per set, not once per item. Why such lists, and not one internal
//! feature per distinct set (enabled by the public ones in `Cargo.toml`)
//! to keep each `cfg` one feature long: rustc evaluates a `cfg` once per
//! item, in time linear in its list, which is little beside type-checking
//! the item; internal features would show in every crate's `Cargo.toml`
//! and docs. `cargo xtask bench --only dense` measures both (it rewrites
//! the lists into internal features) and reports the figures that decided
//! this in BENCHMARKS.md, where a rerun keeps them current.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Ident, TypeGraph};
use crate::naming;

/// crates.io refuses a crate with more features than this.
const MAX_FEATURES: usize = 300;

/// The feature group of an operation: its first tag, else its path's first
/// segment, as a Cargo feature name.
pub(super) fn group(first_tag: Option<&String>, path: &str) -> String {
    let segment = || path.split('/').find(|segment| !segment.is_empty()).unwrap_or("");
    naming::feature(first_tag.map_or_else(segment, String::as_str))
}

/// Makes the operations' groups features when there is a choice to make
/// (two groups or more, within crates.io's limit with the feature of the
/// unused types), and gives every type the features that need it.
pub(super) fn assign(api: &mut Api) {
    // Webhooks are a group of their own (`webhooks`).
    let operations = || api.operations.iter().chain(&api.webhooks);
    let groups: BTreeSet<&str> = operations().map(|op| op.group.as_str()).collect();
    let graph = TypeGraph::new(&api.types);
    // One walk per group, from all its operations' types at once: on a
    // densely linked spec, every operation of a group reaches much the same.
    let mut roots: BTreeMap<&str, Vec<&Ident>> = BTreeMap::new();
    for operation in operations() {
        roots.entry(&operation.group).or_default().extend(operation.named_types());
    }
    let mut needed_by: BTreeMap<&Ident, BTreeSet<&str>> = BTreeMap::new();
    for (group, roots) in roots {
        for name in graph.reached(roots) {
            needed_by.entry(name).or_default().insert(group);
        }
    }
    let unused: Vec<&Ident> = api
        .types
        .iter()
        .map(|def| &def.name)
        .filter(|name| !needed_by.contains_key(name))
        .collect();
    let unused_feature =
        (!unused.is_empty()).then(|| naming::unused_models_feature(|name| !groups.contains(name)));
    let count = groups.len() + usize::from(unused_feature.is_some());
    api.grouped = groups.len() >= 2 && count <= MAX_FEATURES;
    if !api.grouped {
        api.unused_feature = None;
        return;
    }
    if let Some(feature) = &unused_feature {
        for name in graph.reached(unused) {
            needed_by.entry(name).or_default().insert(feature);
        }
    }
    // A type every group uses is always compiled: any build that compiles
    // an operation needs it, and no `cfg` is the shortest.
    let features: BTreeMap<Ident, Vec<String>> = needed_by
        .into_iter()
        .filter(|(_, features)| !groups.iter().all(|group| features.contains(group)))
        .map(|(name, features)| (name.clone(), features.into_iter().map(str::to_owned).collect()))
        .collect();
    for def in &mut api.types {
        def.features = features.get(&def.name).cloned().unwrap_or_default();
    }
    api.unused_feature = unused_feature;
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::Api;

    /// A spec of one GET per `(tag, schema)` of `operations` (each also
    /// answering `Error`), and of `schemas`: objects with an `id` and a
    /// property per linked schema.
    fn api(operations: &[(&str, &str)], schemas: &[(&str, &[&str])]) -> Api {
        let mut spec = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n".to_owned();
        let reference = |name: &str| format!("{{ $ref: '#/components/schemas/{name}' }}");
        let json =
            |name: &str| format!("{{ application/json: {{ schema: {} }} }}", reference(name));
        for (tag, schema) in operations {
            spec.push_str(&format!(
                "  /{schema}:\n    get:\n      operationId: get{schema}\n      tags: ['{tag}']\n      responses:\n        '200': \
                    {{ description: ok, content: {} }}\n        default: {{ description: error, content: \
                    {} }}\n",
                json(schema),
                json("Error"),
            ));
        }
        spec.push_str("components:\n  schemas:\n    Error: { type: object, properties: { code: { type: string } } }\n");
        for (name, links) in schemas {
            spec.push_str(&format!("    {name}:\n      type: object\n      properties:\n        id: {{ type: string }}\n"));
            for link in *links {
                spec.push_str(&format!("        to{link}: {}\n", reference(link)));
            }
        }
        crate::lower_str(Path::new("features.yaml"), &spec).expect("lowers").api
    }

    /// Each type's features, by type name.
    fn features(api: &Api) -> Vec<(&str, Vec<&str>)> {
        let types = api.types.iter();
        types
            .map(|def| (def.name.as_str(), def.features.iter().map(String::as_str).collect()))
            .collect()
    }

    /// users -> User <-> Group -> Drive; photos -> Photo -> Drive; nothing
    /// uses Audit (which uses User) or Notebook; Error is every operation's.
    const OPERATIONS: [(&str, &str); 2] = [("users", "User"), ("photos", "Photo")];
    const SCHEMAS: [(&str, &[&str]); 6] = [
        ("Audit", &["User"]),
        ("Drive", &[]),
        ("Group", &["User", "Drive"]),
        ("Notebook", &[]),
        ("Photo", &["Drive"]),
        ("User", &["Group"]),
    ];

    #[test]
    fn a_type_is_gated_by_every_feature_that_reaches_it() {
        let api = api(&OPERATIONS, &SCHEMAS);
        let unused = "unused-models";
        assert_eq!(api.unused_feature.as_deref(), Some(unused));
        assert_eq!(
            features(&api),
            [
                ("Audit", vec![unused]),
                // Every group reaches it: always compiled.
                ("Drive", vec![]),
                ("Error", vec![]),
                ("Group", vec![unused, "users"]),
                ("Notebook", vec![unused]),
                ("Photo", vec!["photos"]),
                ("User", vec![unused, "users"]),
            ]
        );
        let all: Vec<&str> = api.features().into_iter().collect();
        assert_eq!(all, ["photos", "unused-models", "users"]);
    }

    #[test]
    fn the_unused_types_feature_avoids_a_group_of_its_name() {
        let api = api(&[("unused models", "User"), ("photos", "Photo")], &SCHEMAS);
        let all: Vec<&str> = api.features().into_iter().collect();
        assert_eq!(all, ["photos", "unused-models", "unused-models-2"]);
        let audit = features(&api).into_iter().find(|(name, _)| *name == "Audit");
        assert_eq!(audit, Some(("Audit", vec!["unused-models-2"])));
    }

    #[test]
    fn without_unused_types_there_is_no_feature_for_them() {
        let api = api(
            &OPERATIONS,
            &SCHEMAS[1..3].iter().chain(&SCHEMAS[4..]).copied().collect::<Vec<_>>(),
        );
        assert_eq!(api.unused_feature, None);
        let all: Vec<&str> = api.features().into_iter().collect();
        assert_eq!(all, ["photos", "users"]);
        let user = features(&api).into_iter().find(|(name, _)| *name == "User");
        assert_eq!(user, Some(("User", vec!["users"])));
    }

    #[test]
    fn one_group_has_no_features_even_with_unused_types() {
        let api = api(&OPERATIONS[..1], &SCHEMAS);
        assert!(!api.grouped && api.unused_feature.is_none());
        assert!(api.features().is_empty());
        assert!(api.types.iter().all(|def| def.features.is_empty()));
    }
}

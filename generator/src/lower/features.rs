//! Cargo features: one per OpenAPI tag (an operation's first), or per first
//! path segment for an operation without tags, so a user compiles only the
//! operations they use. A type is compiled with the features of the
//! operations that use it, directly or through other types; one that every
//! feature uses, or that no operation uses, is always compiled.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Ident};
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
/// (two groups or more, within crates.io's limit), and gives every type the
/// features that need it.
pub(super) fn assign(api: &mut Api) {
    let groups: BTreeSet<&str> = api.operations.iter().map(|op| op.group.as_str()).collect();
    let count = groups.len();
    api.grouped = (2..=MAX_FEATURES).contains(&count);
    if !api.grouped {
        return;
    }
    let graph: BTreeMap<&Ident, Vec<&Ident>> =
        api.types.iter().map(|def| (&def.name, def.named_types())).collect();
    let mut needed_by: BTreeMap<&Ident, BTreeSet<&String>> = BTreeMap::new();
    for operation in &api.operations {
        for name in closure(&graph, operation.named_types()) {
            needed_by.entry(name).or_default().insert(&operation.group);
        }
    }
    // What no operation uses is always compiled, and so is all it uses.
    let unused = api.types.iter().map(|def| &def.name).filter(|name| !needed_by.contains_key(name));
    let always = closure(&graph, unused.collect());
    let features: BTreeMap<Ident, Vec<String>> = needed_by
        .into_iter()
        .filter(|(name, features)| features.len() < count && !always.contains(name))
        .map(|(name, features)| (name.clone(), features.into_iter().cloned().collect()))
        .collect();
    for def in &mut api.types {
        def.features = features.get(&def.name).cloned().unwrap_or_default();
    }
}

/// Every type reachable from `roots` through `graph`, the roots included.
fn closure<'a>(
    graph: &BTreeMap<&'a Ident, Vec<&'a Ident>>,
    roots: Vec<&'a Ident>,
) -> BTreeSet<&'a Ident> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            stack.extend(graph.get(name).into_iter().flatten().copied());
        }
    }
    seen
}

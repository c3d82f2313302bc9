//! Cargo features: one per OpenAPI tag (an operation's first), or per first
//! path segment for an operation without tags, so a user compiles only the
//! operations they use. A type is compiled with the features of the
//! operations that use it, directly or through other types; one that every
//! feature uses, or that no operation uses, is always compiled.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, BodyKind, Ident, Operation, TypeRef};
use crate::naming;

/// crates.io refuses a crate with more features than this.
const MAX_FEATURES: usize = 300;

/// The feature group of an operation: its first tag, else its path's first
/// segment, as a Cargo feature name.
pub(super) fn group(first_tag: Option<&String>, path: &str) -> String {
    let segment = || path.split('/').find(|segment| !segment.is_empty()).unwrap_or("");
    naming::feature(first_tag.map_or_else(segment, String::as_str))
}

/// Keeps the operations' groups as features when there is a choice to make
/// (two groups or more, within crates.io's limit), and gives every type the
/// features that need it.
pub(super) fn assign(api: &mut Api) {
    let count = api.features().len();
    if !(2..=MAX_FEATURES).contains(&count) {
        for operation in &mut api.operations {
            operation.feature = None;
        }
        return;
    }
    let graph: BTreeMap<&Ident, Vec<&Ident>> =
        api.types.iter().map(|def| (&def.name, named_types(def.type_refs()))).collect();
    let mut needed_by: BTreeMap<&Ident, BTreeSet<&String>> = BTreeMap::new();
    for operation in &api.operations {
        let Some(feature) = &operation.feature else { continue };
        for name in closure(&graph, operation_refs(operation)) {
            needed_by.entry(name).or_default().insert(feature);
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

/// The generated types an operation names: those of its type references,
/// and its multipart bodies' parts types.
fn operation_refs(operation: &Operation) -> Vec<&Ident> {
    let mut names = named_types(operation.type_refs());
    for content in operation.body.iter().flat_map(|body| &body.contents) {
        if let BodyKind::Multipart(name) = &content.kind {
            names.push(name);
        }
    }
    names
}

/// The generated types that `refs` name.
fn named_types<'a>(refs: impl IntoIterator<Item = &'a TypeRef>) -> Vec<&'a Ident> {
    let mut names = Vec::new();
    for ty in refs {
        named(ty, &mut names);
    }
    names
}

fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a Ident>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => out.push(name),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named(inner, out),
        _ => {}
    }
}

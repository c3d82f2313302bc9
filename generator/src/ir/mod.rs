//! The intermediate representation: what the emitters need to know about an
//! API, with Rust names and API names side by side. It owns plain data and
//! never refers to `openapiv3` types, so the emitters cannot depend on the
//! spec's shape. Values label themselves (`StatusMatch` displays as the spec
//! writes it, `ParamLocation::as_str`, `TypeRef::label`), so every stage
//! words them the same way.

mod bodies;
mod names;
mod operations;
mod params;
mod responses;
mod security;
mod types;

use std::collections::{BTreeMap, BTreeSet};

pub use bodies::{Body, BodyContent, BodyKind, FieldEncoding, Part, PartKind};
pub use names::{Ident, Name, Origin};
pub use operations::{
    Example, ExampleTarget, ExternalDocs, Method, Operation, PathSegment, PermissionKind,
    Permissions, Provenance, Scope,
};
pub use params::{Param, ParamEncoding, ParamLocation, ParamStyle, TextKind};
pub use responses::{Response, ResponseBody, ResponseContent, ResponseHeader, StatusMatch};
pub use security::{
    BearerFlavour, KeyLocation, Requirement, SchemeKind, SchemeUse, SecurityScheme,
};
pub use types::{
    Access, Constraints, Enum, EnumRepr, EnumVariant, Field, Reading, Struct, TypeDef, TypeKind,
    TypeRef, Union, UnionVariant,
};

/// A whole API, lowered and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The licence `info.license` names.
    pub license: Option<License>,
    pub servers: Vec<Server>,
    /// The security schemes the client can apply, by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by Rust name.
    pub operations: Vec<Operation>,
    /// OpenAPI 3.1's webhooks, each lowered as an operation the API sends
    /// (its headers, body and the answers it documents), sorted by Rust
    /// name; their group is `webhooks`.
    pub webhooks: Vec<Operation>,
    /// Whether each group of operations is a Cargo feature of its own
    /// (a choice to make: two groups or more, within crates.io's limit).
    pub grouped: bool,
    /// The Cargo feature of the types no operation uses (and of what they
    /// use), when the crate is [`grouped`](Self::grouped) and has any.
    pub unused_feature: Option<String>,
}

/// Which generated types each type names directly: the graph of what a
/// set of types reaches (the models an operation, or a feature, needs).
pub struct TypeGraph<'a>(BTreeMap<&'a Ident, Vec<&'a Ident>>);

impl<'a> TypeGraph<'a> {
    pub fn new(types: &'a [TypeDef]) -> Self {
        Self(types.iter().map(|def| (&def.name, def.named_types())).collect())
    }

    /// Every type reachable from `roots`, the roots included.
    pub fn reached(&self, roots: Vec<&'a Ident>) -> BTreeSet<&'a Ident> {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if seen.insert(name) {
                stack.extend(self.0.get(name).into_iter().flatten().copied());
            }
        }
        seen
    }
}

impl TypeDef {
    /// The generated types it names, directly (see [`TypeRef::named`]).
    pub fn named_types(&self) -> Vec<&Ident> {
        self.type_refs().into_iter().filter_map(TypeRef::named).collect()
    }

    /// The type references of its fields, variants, alias or parts.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct(object) => {
                object.fields.iter().map(|f| &f.ty).chain(&object.additional).collect()
            }
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Multipart(parts) => parts.iter().filter_map(Part::value_type).collect(),
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// The generated types it names directly: those of its parameters,
    /// bodies (multipart parts types included), responses and error body.
    /// The one answer to "which models does an operation use".
    pub fn named_types(&self) -> Vec<&Ident> {
        let mut names = self.request_types();
        names.extend(self.response_types());
        names
    }

    /// The generated types its request names directly: parameters and
    /// bodies (multipart parts types included).
    pub fn request_types(&self) -> Vec<&Ident> {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().flat_map(|body| &body.contents).filter_map(|content| {
            match &content.kind {
                BodyKind::Json(ty) | BodyKind::Form { ty, .. } => Some(ty),
                _ => None,
            }
        });
        let mut names: Vec<&Ident> = params.chain(body).filter_map(TypeRef::named).collect();
        for content in self.body.iter().flat_map(|body| &body.contents) {
            if let BodyKind::Multipart(name) = &content.kind {
                names.push(name);
            }
        }
        names
    }

    /// The generated types its answers name directly: responses, their
    /// headers and the error body.
    pub fn response_types(&self) -> Vec<&Ident> {
        let responses = self.responses.iter().flat_map(|r| {
            let bodies = r.contents.iter().filter_map(|body| match &body.content {
                ResponseContent::Json(ty) => Some(ty),
                _ => None,
            });
            bodies.chain(r.headers.iter().map(|header| &header.ty))
        });
        responses.chain(std::iter::once(&self.error_body)).filter_map(TypeRef::named).collect()
    }

    /// The type references of its parameters, body, responses and error body.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().flat_map(|body| &body.contents).filter_map(|content| {
            match &content.kind {
                BodyKind::Json(ty) | BodyKind::Form { ty, .. } => Some(ty),
                _ => None,
            }
        });
        let responses = self.responses.iter().flat_map(|r| {
            let bodies = r.contents.iter().filter_map(|body| match &body.content {
                ResponseContent::Json(ty) => Some(ty),
                _ => None,
            });
            bodies.chain(r.headers.iter().map(|header| &header.ty))
        });
        params.chain(body).chain(responses).chain(std::iter::once(&self.error_body))
    }
}

impl Api {
    /// The number of types in the largest group that refer to each other
    /// in a cycle (a strongly connected group of the type graph; 0 without
    /// cycles). rustc follows such a cycle once per type when it checks
    /// what dropping a value needs, so a long one needs a higher
    /// `recursion_limit` than the default 128.
    pub fn largest_cycle(&self) -> usize {
        let index: BTreeMap<&Ident, usize> =
            self.types.iter().enumerate().map(|(i, def)| (&def.name, i)).collect();
        let edges: Vec<Vec<usize>> = self
            .types
            .iter()
            .map(|def| {
                def.named_types().iter().filter_map(|name| index.get(name).copied()).collect()
            })
            .collect();
        strongly_connected(&edges)
            .into_iter()
            .filter(|group| group.len() > 1 || edges[group[0]].contains(&group[0]))
            .map(|group| group.len())
            .max()
            .unwrap_or(0)
    }

    /// Drops the maps structs have only because their schema says nothing
    /// of `additionalProperties` ([`Struct::undeclared`]): their members
    /// beyond the properties are then skipped on read.
    pub fn drop_undeclared(&mut self) {
        for def in &mut self.types {
            if let TypeKind::Struct(object) = &mut def.kind {
                if object.undeclared {
                    object.additional = None;
                    object.undeclared = false;
                }
            }
        }
    }

    /// Whether the API is Microsoft Graph: a server of it, with its
    /// variables at their defaults, is on one of Graph's hosts (its global
    /// service or a national cloud).
    pub fn is_microsoft_graph(&self) -> bool {
        const HOSTS: [&str; 4] = [
            "graph.microsoft.com",
            "graph.microsoft.us",
            "dod-graph.microsoft.us",
            "microsoftgraph.chinacloudapi.cn",
        ];
        self.servers.iter().any(|server| {
            let mut url = server.url.clone();
            for variable in &server.variables {
                url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
            }
            let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
            let host = rest.split(['/', ':']).next().unwrap_or_default();
            HOSTS.contains(&host.to_ascii_lowercase().as_str())
        })
    }

    /// Compiles everything whatever the crate's features: no group of
    /// operations is a feature, and no type needs one.
    pub fn ungroup(&mut self) {
        self.grouped = false;
        self.unused_feature = None;
        for def in &mut self.types {
            def.features.clear();
        }
    }

    /// Every type reference of the API: fields, variants, aliases,
    /// parameters, bodies, responses and error bodies.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let types = self.types.iter().flat_map(TypeDef::type_refs);
        let operations = self.operations.iter().chain(&self.webhooks);
        types.chain(operations.flat_map(Operation::type_refs))
    }

    /// Whether the generated code mentions `ty` anywhere (so its crate
    /// needs the dependency behind it).
    pub fn uses(&self, ty: &TypeRef) -> bool {
        self.type_refs().any(|candidate| candidate.mentions(ty))
    }

    /// The Cargo features of the crate, sorted: its groups and the
    /// [`unused_feature`](Self::unused_feature), when
    /// [`grouped`](Self::grouped); empty otherwise.
    pub fn features(&self) -> std::collections::BTreeSet<&str> {
        let groups = self.operations.iter().chain(&self.webhooks);
        let groups = groups.filter_map(|op| self.feature_of(op));
        groups.chain(self.unused_feature.as_deref()).collect()
    }

    /// The Cargo feature that compiles `operation`: its group's, or none
    /// when the crate is not grouped.
    pub fn feature_of<'a>(&self, operation: &'a Operation) -> Option<&'a str> {
        self.grouped.then_some(operation.group.as_str())
    }

    /// Whether any operation documents the permissions it needs (the
    /// crate then has `permissions.rs`).
    pub fn has_permissions(&self) -> bool {
        self.operations.iter().any(|op| op.provenance.permissions.is_some())
    }

    /// Whether any operation documents the API versions it is part of
    /// (`x-api-versions`): the crate then checks them, and has
    /// `servers::API_VERSIONS` and the `AnyApiVersion` trait.
    pub fn has_api_versions(&self) -> bool {
        self.operations.iter().any(|op| !op.provenance.api_versions.is_empty())
    }

    /// Whether any operation or type is deprecated.
    pub fn has_deprecated(&self) -> bool {
        self.operations.iter().chain(&self.webhooks).any(|op| op.deprecated)
            || self.types.iter().any(|def| def.deprecated)
    }
}

/// The licence of the API description, as its `info.license` names it.
#[derive(Debug, Clone, PartialEq)]
pub struct License {
    /// As the spec writes it: `Apache 2.0`.
    pub name: String,
    pub url: Option<String>,
    /// The SPDX expression the name is, or spells loosely (`Apache-2.0`);
    /// `None` for a name that is none (`Proprietary`).
    pub spdx: Option<String>,
}

/// A base URL template from `servers`.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// Documentation carried to rustdoc.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// Generated files: path relative to the output directory -> contents.
pub type Files = BTreeMap<String, String>;

/// The strongly connected groups of a graph given as edge lists (Tarjan's
/// algorithm, without recursion: a spec's type graph can be deep).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let (mut order, mut low) = (vec![UNSEEN; count], vec![0; count]);
    let mut on_stack = vec![false; count];
    let (mut stack, mut groups, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its edges were followed.
        let mut frames = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&(node, followed)) = frames.last() {
            if let Some(&target) = edges[node].get(followed) {
                if let Some(frame) = frames.last_mut() {
                    frame.1 += 1;
                }
                if order[target] == UNSEEN {
                    order[target] = next;
                    low[target] = next;
                    next += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut group = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    group.push(member);
                    if member == node {
                        break;
                    }
                }
                groups.push(group);
            }
        }
    }
    groups
}

#[cfg(test)]
mod cycle_tests {
    use super::strongly_connected;

    #[test]
    fn groups_are_found_without_recursion() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0, and a ring of 100,000.
        let mut groups = strongly_connected(&[vec![1], vec![2], vec![0], vec![3], vec![0]]);
        groups.iter_mut().for_each(|group| group.sort());
        groups.sort();
        assert_eq!(groups, [vec![0, 1, 2], vec![3], vec![4]]);
        let ring: Vec<Vec<usize>> = (0..100_000).map(|i| vec![(i + 1) % 100_000]).collect();
        assert_eq!(strongly_connected(&ring).len(), 1);
    }
}

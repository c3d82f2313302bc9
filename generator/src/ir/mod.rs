//! The intermediate representation: what the emitters need to know about an
//! API, with Rust names and API names side by side. It owns plain data and
//! never refers to `openapiv3` types, so the emitters cannot depend on the
//! spec's shape. Values label themselves (`StatusMatch` displays as the spec
//! writes it, `ParamLocation::as_str`, `TypeRef::label`), so every stage
//! words them the same way.

mod names;
mod operations;
mod types;

use std::collections::BTreeMap;

pub use names::{Ident, Name, Origin};
pub use operations::{
    Body, BodyKind, Example, ExampleTarget, Method, Operation, Param, ParamLocation, PathSegment,
    Provenance, Response, ResponseContent, StatusMatch,
};
pub use types::{EnumVariant, Field, Struct, TypeDef, TypeKind, TypeRef, UntaggedVariant};

/// A whole API, lowered and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by Rust name.
    pub operations: Vec<Operation>,
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

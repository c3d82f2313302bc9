//! Names in the IR: a Rust identifier always travels with the API name it
//! was made from, and a generated type knows where in the spec it came from.

use std::fmt;

/// Identifiers are made, and defined, by [`crate::naming`].
pub use crate::naming::Ident;

/// A name as the API spells it and the Rust identifier made from it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    /// The identifier in the generated code.
    pub rust: Ident,
    /// The name in the spec (property, parameter, enum value, operationId).
    pub api: String,
}

impl Name {
    pub(crate) fn new(rust: Ident, api: impl Into<String>) -> Self {
        Self { rust, api: api.into() }
    }
}

/// Where a generated type comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A schema under `#/components/schemas`, by name.
    Component(String),
    /// A schema written inline, at this JSON pointer.
    Inline(String),
    /// Made by the generator for something the spec describes without a
    /// schema of its own, at this JSON pointer.
    Synthesized(String),
}

impl Origin {
    /// What identifies the type across two versions of a spec: the
    /// component name, or the pointer of an inline schema.
    pub fn key(&self) -> &str {
        match self {
            Self::Component(name) => name,
            Self::Inline(pointer) | Self::Synthesized(pointer) => pointer,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Component(name) => write!(f, "Schema `{name}`."),
            Self::Inline(pointer) => write!(f, "Inline schema at `{pointer}`."),
            Self::Synthesized(pointer) => write!(f, "Made by the generator for `{pointer}`."),
        }
    }
}

//! Names in the IR: a Rust identifier always travels with the API name it
//! was made from, and a generated type knows where in the spec it came from.

use std::fmt;

/// A Rust identifier made by [`crate::naming`]: valid in any position, and
/// raw (`r#type`) where the word is a keyword. Only the naming module makes
/// them, so every identifier in the output went through its rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// Wraps a name that [`crate::naming`] produced.
    pub(crate) fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The identifier as Rust source spells it (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identifier without `r#`, as `Debug` output, paths in reports and
    /// derived names (`TypeResponse`) show it.
    pub fn unraw(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }
}

/// An identifier equals the text Rust source spells it with (`r#type`).
impl PartialEq<&str> for Ident {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for Ident {
    /// Shows the identifier without `r#`: displays are for people.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.unraw())
    }
}

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

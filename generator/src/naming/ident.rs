//! The identifier type: only [`super`] makes one.

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

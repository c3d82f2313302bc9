//! Parameters: where each goes and how its value is written.

use super::{Constraints, Docs, Name, TypeRef};

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// What its values must be beyond their type (an inline schema's).
    pub constraints: Constraints,
    pub docs: Docs,
    /// How the value is written into its location.
    pub encoding: ParamEncoding,
    /// `allowReserved` (query parameters): RFC 3986 reserved characters
    /// are sent unencoded.
    pub allow_reserved: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// The value of `in:` in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Query => "query",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }

    /// What carries a parameter's value on the wire.
    pub fn carrier(self) -> &'static str {
        match self {
            Self::Path => "path segment",
            Self::Query => "query string",
            Self::Header => "header",
            Self::Cookie => "cookie",
        }
    }
}

/// How a parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamEncoding {
    /// A scalar in its location's plain style, written as text directly.
    Text(TextKind),
    /// Taken apart by style (`label`, `matrix`, `form`, `deepObject`, ...).
    Styled { style: ParamStyle, explode: bool },
    /// `content: application/json`: the value's JSON text, as one string.
    Json,
}

/// How a scalar becomes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A string, or a string enum: `as_str()`.
    Str,
    /// A number or a boolean: `to_string()`.
    Display,
}

/// OpenAPI's parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl ParamStyle {
    /// As the spec writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::Label => "label",
            Self::Matrix => "matrix",
            Self::Form => "form",
            Self::SpaceDelimited => "spaceDelimited",
            Self::PipeDelimited => "pipeDelimited",
            Self::DeepObject => "deepObject",
        }
    }
}

//! Operations: requests, their parameters and bodies, and their responses.

use std::fmt;

use super::{Docs, Ident, Name, TypeRef};

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The request type (`UpdateUserPhoto`) and the spec's `operationId`
    /// (or the one derived from method and path when the spec has none).
    pub name: Name,
    /// The JSON pointer of the operation in the spec.
    pub pointer: String,
    pub method: Method,
    pub path_template: String,
    pub path: Vec<PathSegment>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// The schema shared by the error responses.
    pub error_body: TypeRef,
    pub scopes: Vec<String>,
    /// What the spec's vendor extensions say (`x-api-versions`, ...).
    pub provenance: Provenance,
    pub deprecated: bool,
    pub docs: Docs,
    pub examples: Vec<Example>,
    /// What the generator had to do differently from the spec (warnings).
    pub notes: Vec<String>,
}

impl Operation {
    /// The spec's `operationId`.
    pub fn operation_id(&self) -> &str {
        &self.name.api
    }
}

/// Where an operation is documented, from the vendor extensions the
/// generator knows (see `lower::extensions`); empty for a spec without them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provenance {
    /// `x-api-versions`: the API versions that document the operation.
    pub api_versions: Vec<String>,
    /// `x-source-docs`: the documentation pages it is derived from.
    pub source_docs: Vec<String>,
    /// `x-beyond-pages`: whether it goes beyond what those pages say.
    pub beyond_sources: bool,
}

/// The HTTP methods OpenAPI 3.0 knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// RFC 9110 section 9.2.2.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media_type: String,
    pub kind: BodyKind,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// Raw bytes, with the documented size limit when the spec gives one.
    Binary {
        max_len: Option<u64>,
    },
    Text,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `1XX` ... `5XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Range(hundreds) => hundreds == 2,
            Self::Default => false,
        }
    }

    /// The variant of a response enum for this status: `Ok`, `NoContent`,
    /// `Status299`, `Status2xx`, `Default`.
    pub fn variant_name(self) -> String {
        match self {
            Self::Code(code) => match reason_phrase(code) {
                Some(reason) => crate::naming::upper_camel(reason),
                None => format!("Status{code}"),
            },
            Self::Range(hundreds) => format!("Status{hundreds}xx"),
            Self::Default => "Default".to_owned(),
        }
    }
}

impl fmt::Display for StatusMatch {
    /// As the spec writes it: `200`, `2XX`, `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(hundreds) => write!(f, "{hundreds}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// RFC 9110's reason phrases of the success statuses.
fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        _ => return None,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    /// Variant name in the operation's response enum (success responses only).
    pub variant: Ident,
    pub content: ResponseContent,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseContent {
    None,
    Json(TypeRef),
    Binary,
    Text,
}

/// A documented example, kept as JSON so the emitter can turn it into a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub target: ExampleTarget,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExampleTarget {
    RequestBody(TypeRef),
    /// A response body for this status.
    Response(StatusMatch, TypeRef),
}

//! The intermediate representation: what the emitters need to know about an
//! API, with Rust names and API names side by side. It owns plain data and
//! never refers to `openapiv3` types, so the emitters cannot depend on the
//! spec's shape.

use std::collections::BTreeMap;

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

/// A named type generated from a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub rust_name: String,
    /// The schema's name in the spec (`components/schemas/<api_name>`), or a
    /// description of where an inline schema stands.
    pub api_name: String,
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum.
    Enum(Vec<EnumVariant>),
    /// `oneOf`/`anyOf`: the first variant that deserialises wins.
    Untagged(Vec<UntaggedVariant>),
    /// Any other schema: a type alias.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Type of `additionalProperties`, kept in a flattened map.
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub api_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub api_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UntaggedVariant {
    pub rust_name: String,
    pub ty: TypeRef,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A generated type, by Rust name.
    Named(String),
    /// A generated type that must be boxed to break a recursive cycle.
    Boxed(String),
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value (free-form object, schema-less).
    Json,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// UpperCamelCase type name, for example `UpdateUserPhoto`.
    pub rust_name: String,
    /// The spec's `operationId` (or the derived one when the spec has none).
    pub operation_id: String,
    pub method: Method,
    pub path_template: String,
    pub path: Vec<PathSegment>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// The schema shared by the error responses.
    pub error_body: TypeRef,
    pub scopes: Vec<String>,
    pub api_versions: Vec<String>,
    pub source_docs: Vec<String>,
    pub beyond_sources: bool,
    pub deprecated: bool,
    pub docs: Docs,
    pub examples: Vec<Example>,
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
    pub rust_name: String,
    pub api_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub docs: Docs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
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
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    /// Variant name in the operation's response enum (success responses only).
    pub variant: String,
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

/// Generated files: path relative to the output directory -> contents.
pub type Files = BTreeMap<String, String>;

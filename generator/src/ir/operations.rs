//! Operations: a request's route and parts, its responses and examples.
//! Parameters, bodies and responses have rooms of their own.

use super::{Body, Docs, Ident, Name, Param, Requirement, Response, StatusMatch, TypeRef};

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The request type (`UpdateUserPhoto`) and the spec's `operationId`
    /// (or the one derived from method and path when the spec has none).
    pub name: Name,
    /// The response enum (`UpdateUserPhotoResponse`).
    pub response_type: Ident,
    /// The JSON pointer of the operation in the spec.
    pub pointer: String,
    pub method: Method,
    pub path_template: String,
    /// The group the operation is filed under: its first tag, or its path's
    /// first segment, as a Cargo feature name (see the glossary in `lib.rs`).
    pub group: String,
    /// The module (file) of its group.
    pub module: Ident,
    pub path: Vec<PathSegment>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The expected (1XX, 2XX and 3XX) responses, and `default` when it is
    /// the only one.
    pub responses: Vec<Response>,
    /// Whether the response enum has a variant for answers the spec does not
    /// document: set when it documents no expected response at all.
    pub raw_fallback: bool,
    /// The schema shared by the error responses.
    pub error_body: TypeRef,
    /// The documented error statuses (4XX, 5XX, and `default` beside an
    /// expected response), each answered as a `ResponseError`: read by
    /// the spec review, which reports one added or removed.
    pub errors: Vec<StatusMatch>,
    pub scopes: Vec<String>,
    /// The security requirements, any one of which suffices: the
    /// operation's, else the spec's. Empty: no credentials.
    pub security: Vec<Requirement>,
    /// The `Accept` header: the media types of the documented responses,
    /// preferred first; empty when it documents none.
    pub accept: String,
    /// What the spec's vendor extensions say (`x-api-versions`, ...).
    pub provenance: Provenance,
    pub deprecated: bool,
    pub docs: Docs,
    /// `externalDocs`: where the operation is documented, linked from rustdoc.
    pub external_docs: Option<ExternalDocs>,
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
    /// `x-permissions`: the permissions by kind, and where each comes from.
    pub permissions: Option<Permissions>,
}

/// An operation's `externalDocs`: an `http(s)` URL and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalDocs {
    pub url: String,
    pub description: Option<String>,
}

/// The permissions that grant an operation, by kind (Microsoft identity
/// platform's three), least privileged first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Permissions {
    /// Delegated, work or school account.
    pub delegated_work: PermissionKind,
    /// Delegated, personal Microsoft account.
    pub delegated_personal: PermissionKind,
    /// Application (app-only, no signed-in user).
    pub application: PermissionKind,
}

/// The permissions of one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionKind {
    /// The page's own words when it gives no permission of this kind.
    pub page_says: Option<String>,
    pub scopes: Vec<Scope>,
}

/// A scope, and whether the documentation pages give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub name: String,
    /// From the pages (otherwise from beyond them).
    pub from_pages: bool,
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

/// A documented example, kept as JSON so the emitter can turn it into a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub target: ExampleTarget,
    pub value: serde_json::Value,
    /// The JSON pointer of the example's value in the spec.
    pub at: String,
    /// The JSON pointer of the schema it is an example of.
    pub schema_at: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExampleTarget {
    RequestBody(TypeRef),
    /// A response body for this status.
    Response(StatusMatch, TypeRef),
}

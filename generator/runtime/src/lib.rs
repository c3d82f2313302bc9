//! The runtime every generated operation builds on: the [`Operation`] trait,
//! request building (URL joining, percent-encoding, parameter styles,
//! headers, body limits) and response decoding into typed successes or
//! typed service errors, and the serde code every generated model shares.
//!
//! It is sans-IO: it only turns values into `http::Request`s and
//! `http::Response`s back into values, so any HTTP client can send them.

mod answers;
mod body;
#[cfg(feature = "client")]
pub mod client;
mod enums;
mod errors;
mod object;
mod params;
mod request;
mod response;
mod security;
mod server;
pub mod signatures;
mod unions;

use std::fmt;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::Method;

pub use answers::{
    AcceptedResponse, CreatedResponse, NoContentResponse, OkResponse, Status2xxEmptyResponse,
    Status2xxResponse,
};
pub use body::{
    binary_body, form_body, multipart_body, Content, FieldEncoding, FilePart, Multipart,
    MultipartBody,
};
pub use enums::{read_enum, StringEnum, UndocumentedValue};
pub use errors::{RequestError, ResponseError, ServiceError};
pub use object::{
    as_request, next_field, next_known_field, next_property, read_object, read_optional,
    read_present, required, skip_value, Map, Names, Object, ObjectWriter, Property,
};
pub use params::{
    header_json, header_styled, json_text, push_path_json, push_path_styled, Cookies, Query, Style,
};
pub use request::{
    build_request, build_uri, check_body_min_size, check_body_signature, check_body_size,
    expand_path, header_value, json_body, push_path_segment,
};
pub use response::{
    binary, decode_json, header_field, header_list, media_index, only_binary, only_empty,
    only_json, only_text, raw, service_error, success_binary, success_empty, success_json,
    success_text, text, undocumented, unexpected_status, Binary, HeaderField, RawResponse,
};
pub use security::{Access, KeyLocation, SchemeKind, SchemeUse, SecurityScheme};
pub use server::{Server, ServerVariable};
pub use unions::{
    any_variant, enum_variant, object_variant, read_union, whole_variant, Attempt, Fit,
};

/// One API operation: a request value that knows how to become an
/// `http::Request` and how to read the matching `http::Response`.
pub trait Operation {
    /// The typed success response.
    type Response;
    /// The body the service sends with error statuses.
    type ErrorBody: serde::de::DeserializeOwned + fmt::Debug;

    /// The spec's `operationId`.
    const OPERATION_ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template relative to the base URL, for example `/pets/{pet-id}/photo`.
    const PATH_TEMPLATE: &'static str;
    /// The scopes and security requirements that grant the operation,
    /// declared once: [`SCOPES`](Self::SCOPES) and
    /// [`SECURITY`](Self::SECURITY) read it.
    const ACCESS: Access = Access::NONE;
    /// OAuth2 scopes that grant access, least privileged first (any one
    /// suffices). Empty when the spec names none.
    const SCOPES: &'static [&'static str] = Self::ACCESS.scopes;
    /// API versions that document this operation. Empty when the spec names none.
    const API_VERSIONS: &'static [&'static str] = &[];
    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110 section 9.2.2), so a client may retry it after a transport
    /// failure. Not unless the operation says so.
    const IDEMPOTENT: bool = false;
    /// Every API version the API documents: a base URL whose last path
    /// segment is one of these names a version, which must be one of
    /// [`API_VERSIONS`](Self::API_VERSIONS). Empty when the spec names none.
    const ALL_API_VERSIONS: &'static [&'static str] = &[];
    /// The security requirements of the operation, any one of which
    /// suffices; each names the schemes it needs together, with their
    /// scopes. Empty when the operation needs no credentials.
    const SECURITY: &'static [&'static [SchemeUse]] = Self::ACCESS.security;
    /// The media types of the operation's documented responses, as an
    /// `Accept` header sends them: JSON unless the operation says otherwise,
    /// empty (no header) when it documents none.
    const ACCEPT: &'static str = "application/json";

    /// The path with every parameter percent-encoded as a single segment.
    /// Without an override, the path template as it is: right for a path
    /// without parameters, an error for one with (see [`expand_path`]).
    fn path(&self) -> Result<String, RequestError> {
        expand_path(Self::PATH_TEMPLATE, &[])
    }

    /// Appends the query parameters that are set, encoded by their style.
    fn write_query(&self, query: &mut Query) -> Result<(), RequestError> {
        let _ = query;
        Ok(())
    }

    /// The header parameters that are set.
    fn header_pairs(&self) -> Result<Vec<(HeaderName, HeaderValue)>, RequestError> {
        Ok(Vec::new())
    }

    /// The body with its `Content-Type`, checked against the documented limits.
    fn body_content(&self) -> Result<Option<Content>, RequestError> {
        Ok(None)
    }

    /// Builds the request against `base_url` (for example
    /// `https://api.example.com/v1`). A base URL that names an API
    /// version the operation is not documented for is refused
    /// ([`RequestError::UndocumentedApiVersion`]); one that names no version
    /// (a proxy, a mock) is not checked.
    fn to_http_request(&self, base_url: &str) -> Result<http::Request<Bytes>, RequestError> {
        check_api_version(
            base_url,
            Self::OPERATION_ID,
            Self::API_VERSIONS,
            Self::ALL_API_VERSIONS,
        )?;
        self.to_http_request_unchecked(base_url)
    }

    /// [`to_http_request`](Self::to_http_request) without the version
    /// check. Plumbing for the client and a crate's `AnyApiVersion` trait
    /// (generated when its operations document API versions): override it
    /// with `to_http_request` in an operation that builds its own request.
    #[doc(hidden)]
    fn to_http_request_unchecked(
        &self,
        base_url: &str,
    ) -> Result<http::Request<Bytes>, RequestError> {
        let mut query = Query::default();
        self.write_query(&mut query)?;
        let uri = build_uri(base_url, &self.path()?, query.as_str())?;
        let mut headers = self.header_pairs()?;
        let accept_set = headers.iter().any(|(name, _)| name == http::header::ACCEPT);
        if let (false, Ok(accept)) = (accept_set || Self::ACCEPT.is_empty(), Self::ACCEPT.parse()) {
            headers.push((http::header::ACCEPT, accept));
        }
        build_request(Self::METHOD, uri, headers, self.body_content()?)
    }

    /// Reads a response: the typed success, or a [`ResponseError`]
    /// (implementations may write the type as [`Parsed<Self>`]).
    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<Self::Response, ResponseError<Self::ErrorBody>>;
}

/// What [`Operation::parse_response`] returns for the operation `O`: its
/// typed success, or a [`ResponseError`] with its error body.
pub type Parsed<O> = Result<<O as Operation>::Response, ResponseError<<O as Operation>::ErrorBody>>;

/// Refuses a base URL whose last path segment is an API version the
/// operation is not documented for.
pub fn check_api_version(
    base_url: &str,
    operation: &'static str,
    documented: &'static [&'static str],
    all: &'static [&'static str],
) -> Result<(), RequestError> {
    let last = base_url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match all.iter().find(|version| **version == last) {
        Some(version) if !documented.contains(version) => {
            Err(RequestError::UndocumentedApiVersion { operation, version, documented })
        }
        _ => Ok(()),
    }
}

/// What the spec says about an operation, without a request value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path_template: &'static str,
    /// OAuth2 scopes, least privileged first.
    pub scopes: &'static [&'static str],
    /// API versions that document the operation.
    pub api_versions: &'static [&'static str],
}

impl OperationInfo {
    /// The information of operation `O`.
    pub const fn of<O: Operation>() -> Self {
        Self {
            operation_id: O::OPERATION_ID,
            method: O::METHOD,
            path_template: O::PATH_TEMPLATE,
            scopes: O::SCOPES,
            api_versions: O::API_VERSIONS,
        }
    }
}

// Crates with the runtime inlined get `lib.rs` up to this line, as their
// `runtime/mod.rs`; what follows is for the generator that inlines it.
#[doc(hidden)]
pub mod source;

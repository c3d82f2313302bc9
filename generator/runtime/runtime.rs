//! The runtime every generated operation builds on: the [`Operation`] trait,
//! request building (URL joining, percent-encoding, headers, body limits) and
//! response decoding into typed successes or typed service errors.
//!
//! It is sans-IO: it only turns values into `http::Request`s and
//! `http::Response`s back into values, so any HTTP client can send them.

use std::fmt;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::{Method, StatusCode};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

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
    /// The path template relative to the base URL, for example `/users/{user-id}/photo`.
    const PATH_TEMPLATE: &'static str;
    /// OAuth2 scopes that grant access, least privileged first (any one suffices).
    const SCOPES: &'static [&'static str];
    /// API versions that document this operation.
    const API_VERSIONS: &'static [&'static str];
    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110 section 9.2.2), so a client may retry it after a transport failure.
    const IDEMPOTENT: bool;

    /// The path with every parameter percent-encoded as a single segment.
    fn path(&self) -> Result<String, RequestError>;

    /// The query parameters that are set, as API names and values.
    fn query_pairs(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The header parameters that are set.
    fn header_pairs(&self) -> Result<Vec<(HeaderName, HeaderValue)>, RequestError> {
        Ok(Vec::new())
    }

    /// The body with its media type, checked against the documented limits.
    fn body_content(&self) -> Result<Option<(&'static str, Bytes)>, RequestError> {
        Ok(None)
    }

    /// Builds the request against `base_url` (for example `https://graph.microsoft.com/v1.0`).
    fn to_http_request(&self, base_url: &str) -> Result<http::Request<Bytes>, RequestError> {
        let uri = build_uri(base_url, &self.path()?, &self.query_pairs())?;
        build_request(Self::METHOD, uri, self.header_pairs()?, self.body_content()?)
    }

    /// Reads a response: the typed success, or a [`ResponseError`].
    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<Self::Response, ResponseError<Self::ErrorBody>>;
}

/// A request could not be built. Nothing was sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// The base URL is not an absolute `http(s)` URL without query or fragment.
    #[error("invalid base URL {base_url:?}: {reason}")]
    InvalidBaseUrl {
        /// The base URL as given.
        base_url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A path parameter cannot be sent as a single path segment.
    #[error("invalid value for path parameter `{name}`: {reason}")]
    InvalidPathParameter {
        /// The parameter's API name.
        name: &'static str,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// A header parameter holds bytes a header value cannot carry (such as a newline).
    #[error("invalid value for header `{name}`: it must be visible ASCII without control characters")]
    InvalidHeader {
        /// The header name.
        name: &'static str,
    },
    /// The body is larger than the limit the API documents.
    #[error("request body is {actual} bytes, over the documented limit of {limit} bytes")]
    BodyTooLarge {
        /// The documented limit in bytes.
        limit: u64,
        /// The body's size in bytes.
        actual: u64,
    },
    /// The body could not be serialised to JSON.
    #[error("could not serialise the request body to JSON: {0}")]
    Serialize(#[from] serde_json::Error),
    /// The assembled URL or request was rejected by the `http` crate.
    #[error("could not assemble the HTTP request: {0}")]
    Http(#[from] http::Error),
}

/// A response that is not the typed success of its operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError<E: fmt::Debug> {
    /// The service answered with an error status. (Boxed: errors are the
    /// rare path, and this keeps `Result`s small.)
    #[error("{0}")]
    Service(Box<ServiceError<E>>),
    /// A success status whose body does not match the documented schema
    /// (malformed or truncated JSON, an HTML page, ...).
    #[error("could not decode the {status} response body: {source}; body starts with {snippet:?}")]
    Decode {
        /// The response status.
        status: StatusCode,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
        /// The first bytes of the body, lossily decoded, for diagnostics.
        snippet: String,
    },
    /// A status the operation does not document.
    #[error("unexpected status {status}; body starts with {snippet:?}")]
    UnexpectedStatus {
        /// The response status.
        status: StatusCode,
        /// The response headers (boxed: this is the rare path).
        headers: Box<HeaderMap>,
        /// The first bytes of the body, lossily decoded, for diagnostics.
        snippet: String,
    },
}

impl<E: fmt::Debug> ResponseError<E> {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Service(error) => error.status,
            Self::Decode { status, .. } | Self::UnexpectedStatus { status, .. } => *status,
        }
    }

    /// The service error, when the service answered with an error status.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Self::Service(error) => Some(error),
            _ => None,
        }
    }
}

/// An error status from the service, with its body decoded when it matches
/// the documented error schema.
#[derive(Debug, Clone)]
pub struct ServiceError<E> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers (for example `Retry-After` and `request-id`).
    pub headers: HeaderMap,
    /// The decoded error body, or `None` when the body is empty or not the
    /// documented schema (a proxy's HTML page, for example).
    pub body: Option<E>,
    /// The raw body.
    pub raw: Bytes,
}

impl<E> ServiceError<E> {
    /// A response header as text, when present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The delay the service asks for with `Retry-After`, when it gives one in seconds.
    /// (An HTTP-date is left to the caller, who knows the clock.)
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.header("retry-after")?.trim().parse().ok()
    }
}

impl<E: fmt::Debug> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            Some(body) => write!(f, "service error {}: {:?}", self.status, body),
            None => write!(
                f,
                "service error {}; body starts with {:?}",
                self.status,
                snippet(&self.raw)
            ),
        }
    }
}

/// A binary response body with the content type the service declared.
#[derive(Clone, PartialEq, Eq)]
pub struct Binary {
    /// The `Content-Type` header, when present and valid UTF-8.
    pub content_type: Option<String>,
    /// The bytes (shared with the response, not copied).
    pub data: Bytes,
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("content_type", &self.content_type)
            .field("data", &format_args!("<{} bytes>", self.data.len()))
            .finish()
    }
}

/// Characters kept as they are in a path segment: RFC 3986 unreserved ones.
/// Everything else, `/`, `?`, `#`, `%`, `@` and non-ASCII included, is encoded,
/// so a value can never change the path's structure.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters kept as they are in a query component (same rule as a segment).
const QUERY_COMPONENT: &AsciiSet = PATH_SEGMENT;

/// Appends `value` to `path` as one percent-encoded path segment.
///
/// Empty values and the dot segments `.` and `..` are refused: they would
/// change which resource the path names once a server normalises it.
pub fn push_path_segment(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), RequestError> {
    let reason = match value {
        "" => Some("it is empty"),
        "." | ".." => Some("`.` and `..` are dot segments that change the path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParameter { name, reason });
    }
    path.extend(utf8_percent_encode(value, PATH_SEGMENT));
    Ok(())
}

/// Joins a base URL and an encoded path (and optional query pairs) into a URI.
pub fn build_uri(
    base_url: &str,
    path: &str,
    query: &[(&'static str, String)],
) -> Result<http::Uri, RequestError> {
    let invalid = |reason| RequestError::InvalidBaseUrl {
        base_url: base_url.to_owned(),
        reason,
    };
    let base = base_url.trim_end_matches('/');
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("it has no host"));
    }
    if rest.contains(['?', '#']) {
        return Err(invalid("it must not have a query or fragment"));
    }
    let mut uri = String::with_capacity(base.len() + path.len() + 32);
    uri.push_str(base);
    uri.push_str(path);
    for (index, (name, value)) in query.iter().enumerate() {
        uri.push(if index == 0 { '?' } else { '&' });
        uri.extend(utf8_percent_encode(name, QUERY_COMPONENT));
        uri.push('=');
        uri.extend(utf8_percent_encode(value, QUERY_COMPONENT));
    }
    http::Uri::try_from(uri).map_err(|error| RequestError::Http(error.into()))
}

/// Parses a header parameter's value, refusing control characters.
pub fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, RequestError> {
    HeaderValue::from_str(value).map_err(|_| RequestError::InvalidHeader { name })
}

/// Checks a body against a documented size limit.
pub fn check_body_size(body: &Bytes, limit: u64) -> Result<(), RequestError> {
    let actual = u64::try_from(body.len()).unwrap_or(u64::MAX);
    if actual > limit {
        return Err(RequestError::BodyTooLarge { limit, actual });
    }
    Ok(())
}

/// Serialises a JSON body.
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Bytes, RequestError> {
    Ok(Bytes::from(serde_json::to_vec(value)?))
}

/// Assembles the final request.
pub fn build_request(
    method: Method,
    uri: http::Uri,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<(&'static str, Bytes)>,
) -> Result<http::Request<Bytes>, RequestError> {
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let body = match body {
        Some((content_type, bytes)) => {
            builder = builder.header(CONTENT_TYPE, HeaderValue::from_static(content_type));
            bytes
        }
        None => Bytes::new(),
    };
    Ok(builder.body(body)?)
}

/// Decodes a JSON success body.
pub fn decode_json<T: serde::de::DeserializeOwned, E: fmt::Debug>(
    status: StatusCode,
    body: &Bytes,
) -> Result<T, ResponseError<E>> {
    serde_json::from_slice(body).map_err(|source| ResponseError::Decode {
        status,
        source,
        snippet: snippet(body),
    })
}

/// Wraps a binary success body without copying it.
pub fn binary(response: http::Response<Bytes>) -> Binary {
    let (parts, data) = response.into_parts();
    let content_type = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    Binary { content_type, data }
}

/// A success body as text (invalid UTF-8 replaced, never an error).
pub fn text(response: &http::Response<Bytes>) -> String {
    String::from_utf8_lossy(response.body()).into_owned()
}

/// An error status: decodes the documented error body when it matches.
pub fn service_error<E: serde::de::DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
) -> ResponseError<E> {
    let (parts, body) = response.into_parts();
    ResponseError::Service(Box::new(ServiceError {
        status: parts.status,
        body: serde_json::from_slice(&body).ok(),
        headers: parts.headers,
        raw: body,
    }))
}

/// A status the operation does not document.
pub fn unexpected_status<E: fmt::Debug>(response: http::Response<Bytes>) -> ResponseError<E> {
    let (parts, body) = response.into_parts();
    ResponseError::UnexpectedStatus {
        status: parts.status,
        headers: Box::new(parts.headers),
        snippet: snippet(&body),
    }
}

/// The first bytes of a body, for error messages; bounded so a huge body
/// never ends up in a log line.
fn snippet(body: &[u8]) -> String {
    const MAX: usize = 256;
    let end = body.len().min(MAX);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > MAX {
        text.push_str("...");
    }
    text
}

/// A base URL template from the spec's `servers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The template, for example `https://{host}/v1.0`.
    pub url: &'static str,
    /// What the server is.
    pub description: &'static str,
    /// The template's variables.
    pub variables: &'static [ServerVariable],
}

/// A variable of a [`Server`] template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name between braces in the template.
    pub name: &'static str,
    /// The value used when none is given.
    pub default: &'static str,
    /// The allowed values; empty when any value is allowed.
    pub allowed: &'static [&'static str],
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.url_with(&[]).unwrap_or_else(|_| self.url.to_owned())
    }

    /// The URL with the given variable values (others at their defaults).
    /// A value outside a variable's allowed list, or an unknown variable, is an error.
    pub fn url_with(&self, values: &[(&str, &str)]) -> Result<String, RequestError> {
        let invalid = |reason| RequestError::InvalidBaseUrl { base_url: self.url.to_owned(), reason };
        if values.iter().any(|(name, _)| !self.variables.iter().any(|v| v.name == *name)) {
            return Err(invalid("a value was given for a variable the server does not have"));
        }
        let mut url = self.url.to_owned();
        for variable in self.variables {
            let value = values
                .iter()
                .find(|(name, _)| *name == variable.name)
                .map_or(variable.default, |(_, value)| *value);
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                return Err(invalid("a server variable's value is not one of its allowed values"));
            }
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
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

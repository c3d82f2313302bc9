//! Why a request could not be built, and why a response is not the typed
//! success of its operation.
//!
//! Each error says its own part and leaves its cause to `source()`, as the
//! Rust API guidelines ask: printed as a chain (`{:#}` with anyhow, or a
//! tracing report), every cause appears once.

use std::fmt;

use bytes::Bytes;
use http::header::HeaderMap;
use http::StatusCode;

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
    #[error(
        "invalid value for header `{name}`: it must be visible ASCII without control characters"
    )]
    InvalidHeader {
        /// The header name.
        name: &'static str,
    },
    /// The base URL names an API version the operation is not documented for.
    #[error(
        "`{operation}` is not documented for API version {version} (only {documented:?}); use a \
         base URL of a documented version, or the crate's \
         `AnyApiVersion::to_http_request_for_any_version` to send it anyway"
    )]
    UndocumentedApiVersion {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The version the base URL names.
        version: &'static str,
        /// The versions that document the operation.
        documented: &'static [&'static str],
    },
    /// The whole request (request line, headers and body) is at or over a
    /// limit the service sets.
    #[error("the request is {actual} bytes with its headers, {over} over the limit of {limit} bytes it must stay under", over = actual.saturating_add(1).saturating_sub(*limit))]
    RequestTooLarge {
        /// The size the request must stay under, in bytes.
        limit: u64,
        /// The request's size, in bytes.
        actual: u64,
    },
    /// The body is larger than the limit the API documents.
    #[error("request body is {actual} bytes, over the documented limit of {limit} bytes")]
    BodyTooLarge {
        /// The documented limit in bytes.
        limit: u64,
        /// The body's size in bytes.
        actual: u64,
    },
    /// The body is smaller than the minimum the API documents (an empty
    /// photo, say).
    #[error("request body is {actual} bytes, under the documented minimum of {min} bytes")]
    BodyTooSmall {
        /// The documented minimum in bytes.
        min: u64,
        /// The body's size in bytes.
        actual: u64,
    },
    /// The body does not start as bodies of its media type do (a PNG sent
    /// as `image/jpeg`, say); the request's `skip_signature_check()` sends
    /// it anyway.
    #[error("request body is not {media_type}: it does not start with that format's signature (magic number); call `skip_signature_check()` on the request to send it anyway")]
    BodyNotMediaType {
        /// The media type the body is sent as.
        media_type: &'static str,
    },
    /// The body could not be serialised to JSON.
    #[error("could not serialise the request body to JSON")]
    Serialize(#[from] serde_json::Error),
    /// The assembled URL or request was rejected by the `http` crate.
    #[error("could not assemble the HTTP request")]
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
    #[error("the {status} response body is not the documented JSON; it starts with {snippet:?}")]
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

/// The first bytes of a body, for error messages; bounded so a huge body
/// never ends up in a log line.
pub(super) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 256;
    let end = body.len().min(MAX);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > MAX {
        text.push_str("...");
    }
    text
}

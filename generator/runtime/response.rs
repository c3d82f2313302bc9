//! Reading a response: JSON, text and binary bodies, and error statuses
//! with the documented error body when it matches.

use std::fmt;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::StatusCode;

use super::errors::snippet;
use super::{ResponseError, ServiceError};

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
    let content_type =
        parts.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
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

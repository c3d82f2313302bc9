//! Reading a response: JSON, text and binary bodies (by the media type the
//! response declares), documented headers, error statuses with the
//! documented error body when it matches, and undocumented answers as they
//! came.

use std::fmt;

use bytes::Bytes;
use http::header::{HeaderMap, CONTENT_TYPE};
use http::StatusCode;
use serde::de::DeserializeOwned;

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

/// The body of the one answer an operation documents, as JSON: a response
/// with that status is decoded, any other is [`undocumented`]. One call
/// instead of a `match` in each such operation's `parse_response`.
pub fn only_json<T: DeserializeOwned, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    status: u16,
) -> Result<T, ResponseError<E>> {
    let response = with_status(response, status)?;
    decode_json(response.status(), response.body())
}

/// [`only_json`] for a binary body, kept as it came ([`binary`]).
pub fn only_binary<E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    status: u16,
) -> Result<Binary, ResponseError<E>> {
    with_status(response, status).map(binary)
}

/// [`only_json`] for a text body ([`text`]).
pub fn only_text<E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    status: u16,
) -> Result<String, ResponseError<E>> {
    with_status(response, status).map(|response| text(&response))
}

/// [`only_json`] for an answer without a body: `value` when the status is
/// the documented one.
pub fn only_empty<T, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    status: u16,
    value: T,
) -> Result<T, ResponseError<E>> {
    with_status(response, status).map(|_| value)
}

/// The response if it has the one documented `status`, else the error
/// for an answer the operation does not document.
fn with_status<E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    status: u16,
) -> Result<http::Response<Bytes>, ResponseError<E>> {
    match response.status().as_u16() == status {
        true => Ok(response),
        false => Err(undocumented(response)),
    }
}

/// The body of an operation that documents its successes as one class
/// (`2XX`), as JSON, handed to `variant` with the exact status; any other
/// status is a [`service_error`].
pub fn success_json<T: DeserializeOwned, R, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    variant: impl FnOnce(StatusCode, T) -> R,
) -> Result<R, ResponseError<E>> {
    let response = successful(response)?;
    let status = response.status();
    decode_json(status, response.body()).map(|value| variant(status, value))
}

/// [`success_json`] for a binary body, kept as it came ([`binary`]).
pub fn success_binary<R, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    variant: impl FnOnce(StatusCode, Binary) -> R,
) -> Result<R, ResponseError<E>> {
    successful(response).map(|response| variant(response.status(), binary(response)))
}

/// [`success_json`] for a text body ([`text`]).
pub fn success_text<R, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    variant: impl FnOnce(StatusCode, String) -> R,
) -> Result<R, ResponseError<E>> {
    successful(response).map(|response| variant(response.status(), text(&response)))
}

/// [`success_json`] for answers without a body.
pub fn success_empty<R, E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
    variant: impl FnOnce(StatusCode) -> R,
) -> Result<R, ResponseError<E>> {
    successful(response).map(|response| variant(response.status()))
}

/// The response if its status is a success, else the service's error.
fn successful<E: DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
) -> Result<http::Response<Bytes>, ResponseError<E>> {
    match response.status().is_success() {
        true => Ok(response),
        false => Err(service_error(response)),
    }
}

/// A status the operation does not document: a success is
/// [`unexpected_status`], anything else a [`service_error`].
pub fn undocumented<E: serde::de::DeserializeOwned + fmt::Debug>(
    response: http::Response<Bytes>,
) -> ResponseError<E> {
    if response.status().is_success() {
        unexpected_status(response)
    } else {
        service_error(response)
    }
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

/// A response the operation does not document, as it came: for operations
/// whose spec documents no success or redirect at all.
#[derive(Debug, Clone, PartialEq)]
pub struct RawResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body (shared with the response, not copied).
    pub body: Bytes,
}

/// Keeps a response as it came.
pub fn raw(response: http::Response<Bytes>) -> RawResponse {
    let (parts, body) = response.into_parts();
    RawResponse { status: parts.status, headers: parts.headers, body }
}

/// A documented response header: its value as the spec types it, or the
/// text the service sent when it does not read as that type. A malformed
/// header never fails the response it came with.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderField<T> {
    /// The value, typed.
    Value(T),
    /// The header's text, which is not a value of the documented type.
    Malformed(String),
}

impl<T> HeaderField<T> {
    /// The typed value, if the header read as one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Malformed(_) => None,
        }
    }
}

/// Reads one header value as `T`: as JSON first (numbers, booleans), then
/// as a JSON string (text, enums, dates, UUIDs).
fn read_scalar<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text)
        .ok()
        .or_else(|| serde_json::from_value(serde_json::Value::String(text.to_owned())).ok())
}

/// The header `name` as `T`, when present.
pub fn header_field<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Option<HeaderField<T>> {
    let value = headers.get(name)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    Some(match read_scalar(text.trim()) {
        Some(typed) => HeaderField::Value(typed),
        None => HeaderField::Malformed(text.into_owned()),
    })
}

/// The header `name` as a list of `T` (`a, b`, or repeated), when present.
pub fn header_list<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
) -> Option<HeaderField<Vec<T>>> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    if values.is_empty() {
        return None;
    }
    let items = values
        .iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty());
    Some(match items.map(read_scalar).collect::<Option<Vec<T>>>() {
        Some(typed) => HeaderField::Value(typed),
        None => HeaderField::Malformed(values.join(", ")),
    })
}

/// Which of the documented media types (in order of preference) the
/// response's `Content-Type` is: the first that matches it (`image/*`
/// matches `image/png`), else the first, the preferred.
pub fn media_index(headers: &HeaderMap, documented: &[&str]) -> usize {
    let Some(actual) = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return 0;
    };
    let actual = actual.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let matches = |documented: &&str| {
        let documented = documented.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match documented.split_once('/') {
            Some(("*", "*")) => true,
            Some((kind, "*")) => {
                actual.split_once('/').is_some_and(|(actual_kind, _)| actual_kind == kind)
            }
            _ => documented == actual,
        }
    };
    documented.iter().position(matches).unwrap_or(0)
}

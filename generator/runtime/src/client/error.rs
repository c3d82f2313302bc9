//! The client's error: what went wrong, how many requests were sent, and
//! the service's own words when it answered.

use std::fmt;
use std::time::Duration;

use http::header::RETRY_AFTER;
use http::StatusCode;
use serde::Deserialize;

use super::super::{RequestError, ResponseError, ServiceError};
use super::retry::retry_after;
#[cfg(doc)]
use super::{ClientBuilder, RetryPolicy};

/// The response headers that carry the service's id of a request, in the
/// order they are looked for.
const REQUEST_ID_HEADERS: [&str; 3] = ["request-id", "x-request-id", "x-ms-request-id"];

/// Errors from sending a request. `E` is the operation's error body.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug = serde_json::Value> {
    /// The request was refused locally, before anything was sent (a body over
    /// the documented size limit, a path parameter that is empty, ...).
    #[error(transparent)]
    InvalidRequest(#[from] RequestError),
    /// The base URL would send credentials in clear text: plain `http://`
    /// to a host that is not this machine.
    #[error("refusing to send credentials over plain http:// to {host}: use https://, or a loopback address (127.0.0.1, [::1], localhost) for tests and mocks")]
    InsecureBaseUrl {
        /// The host the base URL names.
        host: String,
    },
    /// The operation needs credentials the client was not given; nothing
    /// was sent.
    #[error("`{operation}` needs credentials the client was not given: {needs}")]
    MissingCredentials {
        /// The operation's `operationId`.
        operation: &'static str,
        /// What each security requirement it accepts still needs (any one
        /// requirement suffices): the schemes the client has no credentials
        /// for, each with the builder method that takes them.
        needs: String,
    },
    /// Credentials given for a scheme cannot be used as the spec describes
    /// it; nothing was sent.
    #[error("cannot use the credentials of `{scheme}`: {reason}")]
    InvalidCredentials {
        /// The security scheme, as the spec names it.
        scheme: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The token provider failed.
    #[error("could not get an access token")]
    Token(#[source] BoxError),
    /// The request could not be sent or the response not received.
    #[error("{}{}", transport_failure(.source), ids_note(.client_request_id, .attempts))]
    Transport {
        /// The request id this client sent (empty when it sends none).
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
        /// What went wrong.
        #[source]
        source: reqwest::Error,
    },
    /// The response body exceeded [`ClientBuilder::max_response_bytes`].
    #[error("the response body is larger than the {limit}-byte limit{}", ids_note(.client_request_id, .attempts))]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
        /// The request id this client sent (empty when it sends none).
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
    },
    /// The service answered with an error, or with something that is not
    /// the documented response. Shown as
    /// `404 NotFound: No such pet. (request-id ...)` where the body gives a
    /// code and message in a common shape.
    #[error("{}", describe_response(.source, .client_request_id, .attempts))]
    Response {
        /// The request id this client sent (empty when it sends none).
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
        /// The typed error.
        #[source]
        source: ResponseError<E>,
    },
}

/// What a transport error stopped, in the words of the call: its cause
/// (reqwest's error, and the I/O error under it) is left to `source()`.
fn transport_failure(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "the request timed out"
    } else if error.is_connect() {
        "could not connect to the service"
    } else if error.is_decode() {
        // How reqwest reports a body that stopped coming (a reset, a close).
        "the response was cut short: its body did not arrive whole"
    } else if error.is_body() {
        "a body could not be sent or read"
    } else if error.is_request() {
        "the request could not be sent"
    } else {
        "the request could not be sent, or its response not received"
    }
}

/// ` (client-request-id ...; 3 attempts)`, with what there is to say.
fn ids_note(client_request_id: &str, attempts: &u32) -> String {
    let mut parts = Vec::new();
    if !client_request_id.is_empty() {
        parts.push(format!("client-request-id {client_request_id}"));
    }
    if *attempts > 1 {
        parts.push(format!("{attempts} attempts"));
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(" ({})", parts.join("; ")),
    }
}

/// The common shapes of error bodies: `{"error": {"code", "message"}}`,
/// `{"code", "message"}`, `{"error": "...", "error_description"}` and
/// problem details (`{"title", "detail"}`).
#[derive(Deserialize, Default)]
struct ErrorBody {
    error: Option<ErrorField>,
    code: Option<serde_json::Value>,
    message: Option<String>,
    error_description: Option<String>,
    title: Option<String>,
    detail: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ErrorField {
    Object { code: Option<serde_json::Value>, message: Option<String> },
    Text(String),
}

/// The code and message of an error body, where it has them.
fn code_and_message(raw: &[u8]) -> (Option<String>, Option<String>) {
    let body: ErrorBody = serde_json::from_slice(raw).unwrap_or_default();
    let text = |value: serde_json::Value| match value {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    };
    match body.error {
        Some(ErrorField::Object { code, message }) => (code.map(text), message),
        Some(ErrorField::Text(code)) => (Some(code), body.error_description),
        None => (body.code.map(text).or(body.title), body.message.or(body.detail)),
    }
}

fn describe_response<E: fmt::Debug>(
    source: &ResponseError<E>,
    client_request_id: &str,
    attempts: &u32,
) -> String {
    let Some(service) = source.service_error() else {
        // What is wrong with it is the source's to say.
        let status = source.status();
        return format!(
            "the {status} response is not as documented{}",
            ids_note(client_request_id, attempts)
        );
    };
    let status = service.status;
    let mut text = status.as_u16().to_string();
    match code_and_message(&service.raw) {
        (None, None) => {
            text.push(' ');
            text.push_str(status.canonical_reason().unwrap_or("error"));
        }
        (code, message) => {
            if let Some(code) = code {
                text.push(' ');
                text.push_str(&code);
            }
            if let Some(message) = message {
                text.push_str(": ");
                text.push_str(&message);
            }
        }
    }
    let mut ids = Vec::new();
    if let Some(id) = service_request_id(service) {
        ids.push(format!("request-id {id}"));
    }
    if !client_request_id.is_empty() {
        ids.push(format!("client-request-id {client_request_id}"));
    }
    let mut note = ids.join(", ");
    if *attempts > 1 {
        let separator = if note.is_empty() { "" } else { "; " };
        note.push_str(&format!("{separator}{attempts} attempts"));
    }
    if !note.is_empty() {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// Where error bodies keep the request's id: `{"error": {"innerError":
/// {"request-id": ...}}}` (or `innererror`), or `request-id` at the top.
/// Borrowed from the body: ids have no escapes.
#[derive(Deserialize)]
struct RequestIdBody<'a> {
    #[serde(borrow)]
    error: Option<RequestIdError<'a>>,
    #[serde(rename = "request-id", borrow)]
    request_id: Option<&'a str>,
}

#[derive(Deserialize)]
struct RequestIdError<'a> {
    #[serde(rename = "innerError", alias = "innererror", borrow)]
    inner: Option<RequestIdInner<'a>>,
}

#[derive(Deserialize)]
struct RequestIdInner<'a> {
    #[serde(rename = "request-id", borrow)]
    request_id: Option<&'a str>,
}

/// The service's id of the request: a request-id header, else one in the
/// error body.
fn service_request_id<E>(service: &ServiceError<E>) -> Option<&str> {
    if let Some(id) = REQUEST_ID_HEADERS.iter().find_map(|name| service.header(name)) {
        return Some(id);
    }
    let body: RequestIdBody<'_> = serde_json::from_slice(&service.raw).ok()?;
    let inner = body.error.and_then(|error| error.inner).and_then(|inner| inner.request_id);
    inner.or(body.request_id)
}

impl<E: fmt::Debug> Error<E> {
    /// The service error (status, headers, typed body), when the service
    /// answered with an error status.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Self::Response { source, .. } => source.service_error(),
            _ => None,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Response { source, .. } => Some(source.status()),
            _ => None,
        }
    }

    /// The request id this client sent, when it sends one and a request was sent.
    pub fn client_request_id(&self) -> Option<&str> {
        match self {
            Self::Transport { client_request_id, .. }
            | Self::ResponseTooLarge { client_request_id, .. }
            | Self::Response { client_request_id, .. } => {
                Some(client_request_id.as_str()).filter(|id| !id.is_empty())
            }
            _ => None,
        }
    }

    /// The service's id of the request (a `request-id` or `x-request-id`
    /// header, or one in the error body): quote it to the API's support.
    pub fn request_id(&self) -> Option<&str> {
        service_request_id(self.service_error()?)
    }

    /// Requests sent for this call, retries included; `None` when the error
    /// came before a request could be sent (a refused request, missing
    /// credentials, a token provider that failed).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Transport { attempts, .. }
            | Self::ResponseTooLarge { attempts, .. }
            | Self::Response { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// Whether the service answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the service answered 429 Too Many Requests, retries
    /// exhausted or the asked delay over [`RetryPolicy::max_retry_after`].
    pub fn is_throttled(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// How long the service asked to wait (`Retry-After`, in seconds or as
    /// an HTTP date) before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(self.service_error()?.headers.get(RETRY_AFTER))
    }

    pub(super) fn set_attempts(&mut self, count: u32) {
        match self {
            Self::Transport { attempts, .. }
            | Self::ResponseTooLarge { attempts, .. }
            | Self::Response { attempts, .. } => *attempts = count,
            _ => {}
        }
    }
}

/// A boxed error from a token provider.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::code_and_message;

    #[test]
    fn codes_and_messages_are_read_from_common_shapes() {
        let read = |body: &str| code_and_message(body.as_bytes());
        let both = |code: &str, message: &str| (Some(code.to_owned()), Some(message.to_owned()));
        assert_eq!(
            read(r#"{"error":{"code":"NotFound","message":"gone"}}"#),
            both("NotFound", "gone")
        );
        assert_eq!(read(r#"{"code":404,"message":"gone"}"#), both("404", "gone"));
        assert_eq!(
            read(r#"{"error":"invalid_grant","error_description":"expired"}"#),
            both("invalid_grant", "expired")
        );
        assert_eq!(
            read(r#"{"title":"Not Found","detail":"no pet 7"}"#),
            both("Not Found", "no pet 7")
        );
        assert_eq!(read("<html>"), (None, None));
    }
}

//! The client's error: what went wrong, how many requests were sent, and
//! the service's own words when it answered.

use std::fmt;
use std::time::Duration;

use http::header::RETRY_AFTER;
use http::StatusCode;
use serde::Deserialize;

use super::retry::retry_after;
#[cfg(doc)]
use super::{ClientBuilder, RetryPolicy};
use crate::models::ODataError;
use crate::runtime::{RequestError, ResponseError, ServiceError};

/// Errors from sending a request. `E` is the operation's error body, the
/// Graph error for every operation of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E: fmt::Debug = ODataError> {
    /// The request was refused locally, before anything was sent (a body over
    /// the documented size limit, a path parameter that is empty, ...).
    #[error("invalid request: {0}")]
    InvalidRequest(#[from] RequestError),
    /// The base URL would send the bearer token in clear text: plain
    /// `http://` to a host that is not this machine.
    #[error("refusing to send a bearer token over plain http:// to {host}: use https://, or a loopback address (127.0.0.1, [::1], localhost) for tests and mocks")]
    InsecureBaseUrl {
        /// The host the base URL names.
        host: String,
    },
    /// The token provider failed.
    #[error("could not get an access token: {0}")]
    Token(#[source] BoxError),
    /// The request could not be sent or the response not received.
    #[error("transport error (client-request-id {client_request_id}{}): {source}", attempts_note(.attempts))]
    Transport {
        /// The `client-request-id` this client sent.
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
        /// What went wrong.
        #[source]
        source: reqwest::Error,
    },
    /// The response body exceeded [`ClientBuilder::max_response_bytes`].
    #[error("the response body is larger than the {limit}-byte limit (client-request-id {client_request_id}{})", attempts_note(.attempts))]
    ResponseTooLarge {
        /// The limit in bytes.
        limit: usize,
        /// The `client-request-id` this client sent.
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
    },
    /// The service answered with an error, or with something that is not
    /// the documented response. Shown as
    /// `404 ImageNotFound: The photo wasn't found. (request-id ..., client-request-id ...)`.
    #[error("{}", describe_response(.source, .client_request_id, .attempts))]
    Response {
        /// The `client-request-id` this client sent.
        client_request_id: String,
        /// Requests sent for this call, retries included.
        attempts: u32,
        /// The typed error.
        #[source]
        source: ResponseError<E>,
    },
}

/// `; 3 attempts` when a call was retried, nothing otherwise.
fn attempts_note(attempts: &u32) -> String {
    match *attempts {
        0 | 1 => String::new(),
        n => format!("; {n} attempts"),
    }
}

/// The Graph error shape, read from the raw body so any error type shows
/// its code and message.
#[derive(Deserialize)]
struct GraphErrorBody {
    error: GraphErrorDetail,
}

#[derive(Deserialize)]
struct GraphErrorDetail {
    code: Option<String>,
    message: Option<String>,
}

fn describe_response<E: fmt::Debug>(
    source: &ResponseError<E>,
    client_request_id: &str,
    attempts: &u32,
) -> String {
    let attempts = attempts_note(attempts);
    let Some(service) = source.service_error() else {
        return format!("{source} (client-request-id {client_request_id}{attempts})");
    };
    let status = service.status;
    let mut text = status.as_u16().to_string();
    let detail = serde_json::from_slice::<GraphErrorBody>(&service.raw).ok().map(|body| body.error);
    match detail {
        Some(GraphErrorDetail { code, message }) => {
            if let Some(code) = code {
                text.push(' ');
                text.push_str(&code);
            }
            if let Some(message) = message {
                text.push_str(": ");
                text.push_str(&message);
            }
        }
        None => {
            text.push(' ');
            text.push_str(status.canonical_reason().unwrap_or("error"));
        }
    }
    let request_id = service.header("request-id").map(|id| format!("request-id {id}, "));
    text.push_str(&format!(
        " ({}client-request-id {client_request_id}{attempts})",
        request_id.unwrap_or_default()
    ));
    text
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

    /// The `client-request-id` this client sent, when a request was sent.
    pub fn client_request_id(&self) -> Option<&str> {
        match self {
            Self::Transport { client_request_id, .. }
            | Self::ResponseTooLarge { client_request_id, .. }
            | Self::Response { client_request_id, .. } => Some(client_request_id),
            _ => None,
        }
    }

    /// Requests sent for this call, retries included; `None` when the error
    /// came before a request could be sent (a refused request, a token
    /// provider that failed).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Transport { attempts, .. }
            | Self::ResponseTooLarge { attempts, .. }
            | Self::Response { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }

    /// Whether the service answered 404 Not Found (for a photo: the user,
    /// group or contact has none).
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

impl Error<ODataError> {
    /// The service's `request-id`: quote it to Microsoft support.
    pub fn request_id(&self) -> Option<&str> {
        self.service_error().and_then(ServiceError::request_id)
    }
}

/// A boxed error from a token provider.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

//! Why a batch cannot be built, and why one step's answer is not its
//! operation's success.

use std::fmt;
use std::time::Duration;

use http::header::RETRY_AFTER;
use http::StatusCode;
use serde::Deserialize;

use super::HEADER_ALLOWANCE;
use crate::runtime::{RequestError, ResponseError, ServiceError};

/// A batch could not be built, or a step could not be added to it. Nothing
/// was sent, and a refused step left the batch as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    /// The batch already holds [`MAX_STEPS`](super::MAX_STEPS) steps.
    #[error("a batch holds at most {limit} requests; start another batch")]
    TooManySteps {
        /// The most steps a batch holds.
        limit: usize,
    },
    /// Another step of the batch has this id (ids are compared
    /// case-insensitively: the service fails the whole batch otherwise).
    #[error(
        "the batch already has a step with the id {id:?} (ids are compared case-insensitively)"
    )]
    DuplicateId {
        /// The id asked for.
        id: String,
    },
    /// The id cannot be used at all.
    #[error("the step id {id:?} cannot be used: {reason}")]
    InvalidId {
        /// The id asked for.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A step is to depend on an id that no earlier step of the batch has.
    #[error(
        "step {id:?} cannot depend on {depends_on:?}: no earlier step of the batch has that id"
    )]
    UnknownDependency {
        /// The step being added.
        id: String,
        /// The id it named.
        depends_on: String,
    },
    /// With this step the batch would reach the size it is kept under.
    #[error(
        "with this step the batch would be {actual} bytes, counting {HEADER_ALLOWANCE} for its \
        headers: at or over the {limit} bytes a batch is kept under (our assumption: Graph limits \
        a request to 4 MB, and does not say whether that binds a batch); send the step in another \
        batch, or alone"
    )]
    TooLarge {
        /// The size the whole batch request is kept under.
        limit: u64,
        /// The batch's body with the step, plus the allowance for headers.
        actual: u64,
    },
    /// The operation's own request cannot be built (the same refusal
    /// [`Operation::to_http_request`](crate::Operation::to_http_request) gives).
    #[error("`{operation}` cannot be sent: {source}")]
    Request {
        /// The operation's `operationId` (`$batch` for the batch's own request).
        operation: &'static str,
        /// Why.
        #[source]
        source: RequestError,
    },
    /// The operation's URL does not start with the batch's base URL, so it
    /// cannot be written relative to it.
    #[error("the URL of `{operation}`, {url}, is not under the batch's base URL {base_url}")]
    NotUnderBase {
        /// The operation's `operationId`.
        operation: &'static str,
        /// Its URL.
        url: String,
        /// The batch's base URL.
        base_url: String,
    },
    /// A batch without steps is not sent.
    #[error("the batch has no steps")]
    Empty,
    /// [`Batch::only`](super::Batch::only) named an id the batch does not have.
    #[error("the batch has no step {id:?}")]
    UnknownStep {
        /// The id named.
        id: String,
    },
}

/// Why one step of a batch did not give its operation's success. `E` is the
/// operation's error body, the Graph error for every operation of this
/// crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StepError<E: fmt::Debug> {
    /// The step's own answer, read by its operation, is an error (a 404, a
    /// 429 whose retries ran out, ...) or not what the spec documents.
    #[error("step {id}: {}", describe(.source, *.attempts))]
    Response {
        /// The step's id.
        id: String,
        /// How many times the step was sent, retries included.
        attempts: u32,
        /// What its operation made of the answer.
        #[source]
        source: ResponseError<E>,
    },
    /// The batch's answer has no response for the step.
    #[error("step {id}: the batch's answer has no response for it")]
    Missing {
        /// The step's id.
        id: String,
    },
    /// The step's response cannot be read as an HTTP response (a status
    /// that is not one, a header that cannot be one, a body that is not
    /// the base64 its content type calls for, an id answered twice).
    #[error("step {id}: its response in the batch cannot be read: {reason}")]
    Malformed {
        /// The step's id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The operation could not be put in a batch, so it was not sent.
    #[error("not sent: {0}")]
    Refused(#[source] BatchError),
    /// The batch request that carried the step failed as a whole (after
    /// the client's retries); its steps share the error.
    #[cfg(feature = "client")]
    #[error("step {id}: the batch request that carried it failed: {source}")]
    Batch {
        /// The step's id.
        id: String,
        /// The batch request's error.
        #[source]
        source: std::sync::Arc<crate::client::Error>,
    },
}

impl<E: fmt::Debug> StepError<E> {
    /// The step's id, when it was put in a batch.
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::Response { id, .. } | Self::Missing { id } | Self::Malformed { id, .. } => {
                Some(id)
            }
            #[cfg(feature = "client")]
            Self::Batch { id, .. } => Some(id),
            Self::Refused(_) => None,
        }
    }

    /// The step's status, when the service answered it.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Response { source, .. } => Some(source.status()),
            _ => None,
        }
    }

    /// The service's error for the step, when it answered one.
    pub fn service_error(&self) -> Option<&ServiceError<E>> {
        match self {
            Self::Response { source, .. } => source.service_error(),
            _ => None,
        }
    }

    /// Whether the step was answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the step was answered 429 Too Many Requests (and, with the
    /// client, its retries ran out or it asked for too long a wait).
    pub fn is_throttled(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// How long the service asked to wait before sending the step again
    /// (its own `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.service_error()?.headers)
    }

    /// How many times the step was sent, when it was answered.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Response { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }
}

/// A step's `Retry-After`: seconds, or with the client's date parser an
/// HTTP date too.
pub(super) fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    #[cfg(feature = "client")]
    return crate::runtime::client::retry_after(headers.get(RETRY_AFTER));
    #[cfg(not(feature = "client"))]
    {
        let seconds = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
        Some(Duration::from_secs(seconds))
    }
}

/// `404 ImageNotFound: message (request-id ...; 2 attempts)` where the
/// body is a Graph error, the response error's own words otherwise.
fn describe<E: fmt::Debug>(source: &ResponseError<E>, attempts: u32) -> String {
    let attempts = match attempts {
        0 | 1 => String::new(),
        n => format!("{n} attempts"),
    };
    let Some(service) = source.service_error() else {
        return match attempts.is_empty() {
            true => source.to_string(),
            false => format!("{source} ({attempts})"),
        };
    };
    let body: Option<GraphError> = serde_json::from_slice(&service.raw).ok();
    let error = body.map(|body| body.error);
    let mut text = service.status.as_u16().to_string();
    match error.as_ref().map(|error| (&error.code, &error.message)) {
        Some((code, message)) => text.push_str(&format!(" {code}: {message}")),
        None => {
            text.push(' ');
            text.push_str(service.status.canonical_reason().unwrap_or("error"));
        }
    }
    let inner = error.and_then(|error| error.inner_error);
    let request_id = service.header("request-id").map(str::to_owned);
    let request_id = request_id.or_else(|| inner.and_then(|inner| inner.request_id));
    let mut notes: Vec<String> =
        request_id.map(|id| format!("request-id {id}")).into_iter().collect();
    if !attempts.is_empty() {
        notes.push(attempts);
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    text
}

/// What [`describe`] reads of a Graph error body.
#[derive(Deserialize)]
struct GraphError {
    error: GraphMainError,
}

#[derive(Deserialize)]
struct GraphMainError {
    code: String,
    message: String,
    #[serde(rename = "innerError", alias = "innererror")]
    inner_error: Option<GraphInnerError>,
}

#[derive(Deserialize)]
struct GraphInnerError {
    #[serde(rename = "request-id")]
    request_id: Option<String>,
}

//! The answer to a batch: one HTTP response per step, rebuilt from the
//! JSON (base64 bodies decoded) and read by the step's own operation.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::StatusCode;
use serde::Deserialize;
use serde_json::Value;

use super::error::retry_after;
use super::{is_json, Step, StepError};
use crate::models::ODataError;
use crate::runtime::{self, Operation, ResponseError};

/// Standard base64, with or without its `=` padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The service's answer to a batch: a response per step id, each read by
/// [`parse`](Self::parse) with the operation of the step's handle.
#[derive(Clone, Default)]
pub struct BatchResponse {
    /// By id, lower-cased: ids are compared case-insensitively.
    steps: BTreeMap<String, StepAnswer>,
}

#[derive(Clone)]
struct StepAnswer {
    /// The id as the answer spells it.
    id: String,
    attempts: u32,
    outcome: Outcome,
}

#[derive(Clone)]
enum Outcome {
    Answered {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
    },
    Malformed(String),
    #[cfg(feature = "client")]
    Failed(std::sync::Arc<crate::client::Error>),
}

impl fmt::Debug for BatchResponse {
    // Statuses only: bodies may be photos.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut steps = f.debug_map();
        for answer in self.steps.values() {
            let outcome = match &answer.outcome {
                Outcome::Answered { status, .. } => status.to_string(),
                Outcome::Malformed(reason) => format!("malformed: {reason}"),
                #[cfg(feature = "client")]
                Outcome::Failed(error) => format!("failed: {error}"),
            };
            steps.entry(&answer.id, &format_args!("{outcome} ({} attempts)", answer.attempts));
        }
        steps.finish()
    }
}

/// `{"responses": [...]}`.
#[derive(Deserialize)]
struct Envelope {
    responses: Vec<RawAnswer>,
}

/// One response as it came; its parts are checked one by one, so that one
/// odd response spoils only its own step.
#[derive(Deserialize)]
struct RawAnswer {
    id: String,
    #[serde(default)]
    status: Value,
    #[serde(default)]
    headers: Value,
    #[serde(default)]
    body: Value,
}

impl BatchResponse {
    /// See [`Batch::parse_response`](super::Batch::parse_response).
    pub(super) fn read(response: http::Response<Bytes>) -> Result<Self, ResponseError<ODataError>> {
        let status = response.status();
        if status != StatusCode::OK {
            return Err(runtime::undocumented(response));
        }
        let envelope: Envelope = runtime::decode_json(status, response.body())?;
        let mut steps = BTreeMap::new();
        for RawAnswer { id, status, headers, body } in envelope.responses {
            let key = id.to_lowercase();
            let outcome = match steps.contains_key(&key) {
                true => Outcome::Malformed("the batch's answer has two responses for it".into()),
                false => read_step(status, headers, body),
            };
            steps.insert(key, StepAnswer { id, attempts: 1, outcome });
        }
        Ok(Self { steps })
    }

    /// The answer to `step`, read by its operation's `parse_response`: its
    /// typed success, or why there is none.
    pub fn parse<O: Operation>(
        &self,
        step: &Step<O>,
    ) -> Result<O::Response, StepError<O::ErrorBody>> {
        let missing = || StepError::Missing { id: step.id.clone() };
        let answer = self.steps.get(&step.id.to_lowercase()).ok_or_else(missing)?;
        let id = answer.id.clone();
        match &answer.outcome {
            Outcome::Answered { status, headers, body } => {
                let response = rebuild(*status, headers, body);
                O::parse_response(response).map_err(|source| StepError::Response {
                    id,
                    attempts: answer.attempts,
                    source,
                })
            }
            Outcome::Malformed(reason) => Err(StepError::Malformed { id, reason: reason.clone() }),
            #[cfg(feature = "client")]
            Outcome::Failed(error) => Err(StepError::Batch { id, source: error.clone() }),
        }
    }

    /// The response to a step (its handle or its id) as an
    /// `http::Response` (headers and decoded body), when the answer has a
    /// readable one.
    pub fn response(&self, step: impl AsRef<str>) -> Option<http::Response<Bytes>> {
        match &self.steps.get(&step.as_ref().to_lowercase())?.outcome {
            Outcome::Answered { status, headers, body } => Some(rebuild(*status, headers, body)),
            _ => None,
        }
    }

    /// The status of a step (its handle or its id), when the answer has a
    /// readable response.
    pub fn status(&self, step: impl AsRef<str>) -> Option<StatusCode> {
        match &self.steps.get(&step.as_ref().to_lowercase())?.outcome {
            Outcome::Answered { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How many times a step (its handle or its id) was sent, retries
    /// included (1 without).
    pub fn attempts(&self, step: impl AsRef<str>) -> Option<u32> {
        Some(self.steps.get(&step.as_ref().to_lowercase())?.attempts)
    }

    /// The ids answered.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.steps.values().map(|answer| answer.id.as_str())
    }

    /// The number of steps answered.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was answered.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps the service turned away (429, 503), with the wait each
    /// asked for in its own `Retry-After`: the ones to send again, after
    /// that wait, in a batch of their own ([`Batch::only`](super::Batch::only)).
    pub fn throttled(&self) -> Vec<(&str, Option<Duration>)> {
        let turned_away = |answer: &&StepAnswer| match &answer.outcome {
            Outcome::Answered { status, .. } => is_turned_away(*status),
            _ => false,
        };
        let wait = |answer: &StepAnswer| match &answer.outcome {
            Outcome::Answered { headers, .. } => retry_after(headers),
            _ => None,
        };
        let steps = self.steps.values().filter(turned_away);
        steps.map(|answer| (answer.id.as_str(), wait(answer))).collect()
    }

    /// Takes in the answer to a retry of some steps: each step it answers
    /// is replaced, and counts one attempt more.
    pub fn merge(&mut self, retried: BatchResponse) {
        for (key, mut answer) in retried.steps {
            answer.attempts = self.steps.get(&key).map_or(1, |old| old.attempts + 1);
            self.steps.insert(key, answer);
        }
    }

    /// The headers of step `id`'s response.
    #[cfg(feature = "client")]
    pub(crate) fn headers(&self, id: &str) -> Option<&HeaderMap> {
        match &self.steps.get(&id.to_lowercase())?.outcome {
            Outcome::Answered { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// Drops step `id`'s answer: it is then missing.
    #[cfg(feature = "client")]
    pub(crate) fn forget(&mut self, id: &str) {
        self.steps.remove(&id.to_lowercase());
    }

    /// Step `id` was sent again in a batch request that failed as a whole.
    #[cfg(feature = "client")]
    pub(crate) fn fail(&mut self, id: &str, error: std::sync::Arc<crate::client::Error>) {
        let key = id.to_lowercase();
        let attempts = self.steps.get(&key).map_or(1, |old| old.attempts + 1);
        let answer = StepAnswer { id: id.to_owned(), attempts, outcome: Outcome::Failed(error) };
        self.steps.insert(key, answer);
    }
}

/// 429 and 503: the service did not run the step, so it may be sent again.
pub(crate) fn is_turned_away(status: StatusCode) -> bool {
    matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE)
}

fn rebuild(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> http::Response<Bytes> {
    let mut response = http::Response::new(body.clone());
    *response.status_mut() = status;
    *response.headers_mut() = headers.clone();
    response
}

/// One step's response as HTTP: its status, its headers, and its body as
/// bytes (JSON written out, anything else decoded from base64).
fn read_step(status: Value, headers: Value, body: Value) -> Outcome {
    let malformed = Outcome::Malformed;
    let code = status.as_u64().and_then(|code| u16::try_from(code).ok());
    let Some(status) = code.and_then(|code| StatusCode::from_u16(code).ok()) else {
        return malformed(format!("its status {status} is not an HTTP status"));
    };
    let headers = match read_headers(headers) {
        Ok(headers) => headers,
        Err(reason) => return malformed(reason),
    };
    let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let body = match (body, content_type) {
        (Value::Null, _) => Bytes::new(),
        (Value::String(text), Some(media)) if !is_json(media) => match BASE64.decode(text) {
            Ok(bytes) => Bytes::from(bytes),
            Err(error) => return malformed(format!("its {media} body is not base64: {error}")),
        },
        (_, Some(media)) if !is_json(media) => {
            return malformed(format!("its {media} body is not a base64 string"));
        }
        (json, _) => match serde_json::to_vec(&json) {
            Ok(bytes) => Bytes::from(bytes),
            Err(error) => return malformed(format!("its JSON body cannot be written: {error}")),
        },
    };
    Outcome::Answered { status, headers, body }
}

fn read_headers(headers: Value) -> Result<HeaderMap, String> {
    let headers = match headers {
        Value::Null => return Ok(HeaderMap::new()),
        Value::Object(headers) => headers,
        other => return Err(format!("its headers are not an object: {other}")),
    };
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let text = match value {
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            other => return Err(format!("its header {name:?} is not text: {other}")),
        };
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{name:?} is not a header name"))?;
        let value = HeaderValue::try_from(text)
            .map_err(|_| format!("its header {name:?} has a value a header cannot carry"))?;
        map.append(header, value);
    }
    Ok(map)
}

//! JSON batching (`$batch`): up to 20 operations of this crate, of any
//! types, in one HTTP request, and each step's answer read back by its own
//! operation. Sans-IO like the rest of the crate (cargo feature `batch`, on
//! by default); with the `client` feature,
#![cfg_attr(feature = "client", doc = "[`Client::send_batch`](crate::client::Client::send_batch)")]
#![cfg_attr(not(feature = "client"), doc = "`Client::send_batch`")]
//! sends a batch and retries its throttled steps, and
#![cfg_attr(
    feature = "client",
    doc = "[`Client::send_batched`](crate::client::Client::send_batched)"
)]
#![cfg_attr(not(feature = "client"), doc = "`Client::send_batched`")]
//! any number of operations, 20 to a batch.
//!
//! **Beyond the pages.** Microsoft's photo pages say nothing of batching.
//! What this module encodes comes from Microsoft's public "JSON batching"
//! guide for Graph:
//!
//! - `POST {base}/$batch` with `{"requests": [...]}`, at most 20 steps
//!   ([`MAX_STEPS`]);
//! - each step's `url` relative to the version (`/me/photo`), its `id`
//!   unique within the batch, compared case-insensitively, a JSON body
//!   inline, any other body base64-encoded with its `Content-Type` header,
//!   and `dependsOn` for steps that must wait for others;
//! - the answer `{"responses": [...]}`, in any order, each step with its
//!   own status, headers and body (base64 for bodies that are not JSON),
//!   and each step throttled on its own: retry only those.
//!
//! **Our assumption, not Microsoft's word:** the guide does not say whether
//! the 4 MB limit of the photo pages binds a batch that carries photos. We
//! assume it does, since a batch is one HTTP request: a batch is kept under
//! 4 MiB ([`MAX_REQUEST_BYTES`]) as a whole, its body at most that less
//! [`HEADER_ALLOWANCE`] for the request line and headers (a bearer token
//! is a few KB), and a step that would break it is refused locally
//! ([`BatchError::TooLarge`]). Base64 makes photos a third larger, so a
//! photo of about 3 MiB or more fits in no batch: send it on its own.
//!
//! ```
//! use bytes::Bytes;
//! use graph_photos::batch::Batch;
//! use graph_photos::operations::{GetMyPhoto, GetMyPhotoContent, SetUserPhotoContent};
//!
//! let mut batch = Batch::new("https://graph.microsoft.com/v1.0");
//! let photo = batch.add(&GetMyPhoto::new())?;
//! let jpeg = batch.add(&GetMyPhotoContent::new())?;
//! let upload = SetUserPhotoContent::new("alice@contoso.com", Bytes::from_static(b"\xFF\xD8\xFF\xE0"));
//! let upload = batch.add(&upload)?;
//! let request = batch.to_http_request()?;
//! assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/$batch");
//!
//! // ... send it with any HTTP client, then read each step by its handle:
//! let response = http::Response::builder().status(200).body(Bytes::from_static(br#"{"responses":[
//!     {"id": "3", "status": 204},
//!     {"id": "1", "status": 200, "headers": {"Content-Type": "application/json"},
//!      "body": {"id": "96x96", "height": 96, "width": 96}},
//!     {"id": "2", "status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": "/9j/4A=="}
//! ]}"#))?;
//! let answer = Batch::parse_response(response)?;
//! assert_eq!(answer.parse(&photo)?.into_ok().and_then(|photo| photo.height()), Some(96));
//! assert_eq!(answer.status(&upload), Some(http::StatusCode::NO_CONTENT));
//! assert_eq!(answer.parse(&jpeg)?.into_ok().map(|binary| binary.data), Some(Bytes::from_static(b"\xFF\xD8\xFF\xE0")));
//! assert!(answer.parse(&upload).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Each [`Step`] handle keeps its operation's type, so one batch mixes
//! reads, uploads and updates and every answer comes back typed, as a
//! [`StepError`] when it is not the operation's success. A step's handle
//! or its id name it everywhere ([`BatchResponse::status`] takes either);
//! [`batch_steps!`](crate::batch_steps) keeps steps of several operations
//! in one collection, in your order, and reads them back typed. [`StepOptions`]
//! names a step and orders it after others (`dependsOn`). To retry
//! throttled steps without the client, wait for their `Retry-After`
//! ([`BatchResponse::throttled`]), send [`Batch::only`] those ids, and
//! [`BatchResponse::merge`] its answer into the first.

mod answer;
mod error;
mod steps;
mod wire;

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use http::header::ACCEPT;
use http::{HeaderValue, Method};

#[cfg(feature = "client")]
pub(crate) use answer::is_turned_away;
pub use answer::BatchResponse;
pub use error::{BatchError, StepError};

use crate::models::ODataError;
use crate::runtime::{self, Operation, RequestError, ResponseError};

/// The most steps one batch may hold (Microsoft's JSON batching guide).
pub const MAX_STEPS: usize = 20;

/// The size a whole batch request, headers included, is kept under: the
/// 4 MB of the photo pages, read as 4,194,304 bytes. That it binds a batch
/// is our assumption; the JSON batching guide does not say.
pub const MAX_REQUEST_BYTES: u64 = 4 * 1024 * 1024;

/// What a batch leaves of [`MAX_REQUEST_BYTES`] for its request line and
/// headers (an `Authorization` header with a bearer token among them).
pub const HEADER_ALLOWANCE: u64 = 16 * 1024;

/// `{"requests":[` and `]}`: the body of an empty batch.
const ENVELOPE_BYTES: u64 = 15;

/// Up to [`MAX_STEPS`] operations of any types, to be sent as one `$batch`
/// request. Each [`add`](Self::add) builds the operation's request at once
/// (so an operation that cannot be sent fails there, not later) and gives
/// back a [`Step`] handle that reads that operation's answer.
#[derive(Clone)]
pub struct Batch {
    base_url: String,
    check_api_versions: bool,
    steps: Vec<wire::StepJson>,
    /// The size of the body as it stands, envelope included.
    body_bytes: u64,
}

impl fmt::Debug for Batch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("base_url", &self.base_url)
            .field("steps", &self.steps)
            .field("body_bytes", &self.body_bytes)
            .finish()
    }
}

/// The handle of one step of a [`Batch`]: its id, and the operation whose
/// `parse_response` reads its answer ([`BatchResponse::parse`]).
pub struct Step<O> {
    id: String,
    operation: PhantomData<fn() -> O>,
}

impl<O> Step<O> {
    /// The step's id in the batch.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl<O> Clone for Step<O> {
    fn clone(&self) -> Self {
        Self { id: self.id.clone(), operation: PhantomData }
    }
}

impl<O> fmt::Debug for Step<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Step").field(&self.id).finish()
    }
}

impl<O> AsRef<str> for Step<O> {
    fn as_ref(&self) -> &str {
        &self.id
    }
}

/// How a step is added: its own id (default: the next free number, `"1"`,
/// `"2"`, ...), and the earlier steps it must wait for (`dependsOn`).
#[derive(Clone, Debug, Default)]
pub struct StepOptions {
    id: Option<String>,
    depends_on: Vec<String>,
}

impl StepOptions {
    /// No id of its own, no dependencies.
    pub fn new() -> Self {
        Self::default()
    }

    /// The step's id: unique in the batch, compared case-insensitively.
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Runs the step only after `step` (an earlier step's handle or id)
    /// has finished; if that step fails, the service answers this one
    /// `424 Failed Dependency`.
    #[must_use]
    pub fn depends_on(mut self, step: impl AsRef<str>) -> Self {
        self.depends_on.push(step.as_ref().to_owned());
        self
    }
}

impl Batch {
    /// An empty batch for the Graph endpoint `base_url`, such as
    /// `https://graph.microsoft.com/v1.0` ([`crate::base_url`]). Each step's
    /// request is built against it and sent relative to it.
    pub fn new(base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        base_url.truncate(base_url.trim_end_matches('/').len());
        Self { base_url, check_api_versions: true, steps: Vec::new(), body_bytes: ENVELOPE_BYTES }
    }

    /// Whether to refuse an operation whose documentation does not cover
    /// the base URL's API version (on by default, as
    /// [`Operation::to_http_request`] does).
    #[must_use]
    pub fn check_api_versions(mut self, check: bool) -> Self {
        self.check_api_versions = check;
        self
    }

    /// The base URL the steps are built against.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the batch has no step yet.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps' ids, in the order they were added.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|step| step.id.as_str())
    }

    /// The size of the batch's body as it stands, in bytes.
    pub fn body_bytes(&self) -> u64 {
        self.body_bytes
    }

    /// Adds `operation` as the next step, with the next free number as id.
    pub fn add<O: Operation>(&mut self, operation: &O) -> Result<Step<O>, BatchError> {
        self.add_with(operation, StepOptions::default())
    }

    /// Adds `operation` as the next step, with an id and dependencies of
    /// your choosing. Refused, leaving the batch as it was: a 21st step, an
    /// empty or taken id, a dependency on no earlier step, an operation
    /// whose request cannot be built, and a step that would take the batch
    /// to [`MAX_REQUEST_BYTES`].
    pub fn add_with<O: Operation>(
        &mut self,
        operation: &O,
        options: StepOptions,
    ) -> Result<Step<O>, BatchError> {
        if self.steps.len() >= MAX_STEPS {
            return Err(BatchError::TooManySteps { limit: MAX_STEPS });
        }
        let id = match options.id {
            Some(id) => self.check_new_id(id)?,
            None => self.next_free_id(),
        };
        let depends_on = self.dependencies(&id, &options.depends_on)?;
        let request = match self.check_api_versions {
            true => operation.to_http_request(&self.base_url),
            false => operation.to_http_request_unchecked(&self.base_url),
        };
        let request =
            request.map_err(|source| BatchError::Request { operation: O::OPERATION_ID, source })?;
        let url = wire::relative_url(&self.base_url, O::OPERATION_ID, request.uri())?;
        let step = wire::StepJson::new(id, O::OPERATION_ID, &request, url, depends_on)?;
        let comma = u64::from(!self.steps.is_empty());
        let body_bytes = self.body_bytes + comma + step.len();
        let actual = body_bytes + HEADER_ALLOWANCE;
        if actual >= MAX_REQUEST_BYTES {
            return Err(BatchError::TooLarge { limit: MAX_REQUEST_BYTES, actual });
        }
        let handle = Step { id: step.id.clone(), operation: PhantomData };
        self.body_bytes = body_bytes;
        self.steps.push(step);
        Ok(handle)
    }

    /// `POST {base}/$batch` with every step, as Graph expects it.
    pub fn to_http_request(&self) -> Result<http::Request<Bytes>, BatchError> {
        if self.steps.is_empty() {
            return Err(BatchError::Empty);
        }
        self.request_at(&self.base_url)
            .map_err(|source| BatchError::Request { operation: "$batch", source })
    }

    /// Reads the answer to a batch: `200` with one response per step,
    /// which [`BatchResponse::parse`] reads with each step's operation.
    /// Any other status is the batch's own error (the service refused the
    /// batch as a whole, throttled it, or found it malformed), and a body
    /// that is not `{"responses": [...]}` is a decoding error.
    pub fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<BatchResponse, ResponseError<ODataError>> {
        BatchResponse::read(response)
    }

    /// A batch of the steps named in `ids` only, with their ids and in
    /// their order, for retrying some steps: their `dependsOn` keeps only
    /// the steps also named (leave out a step whose dependency failed, and
    /// the one it depends on once it has succeeded).
    pub fn only<I, S>(&self, ids: I) -> Result<Batch, BatchError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut wanted = Vec::new();
        for id in ids {
            let id = id.as_ref();
            let step =
                self.find(id).ok_or_else(|| BatchError::UnknownStep { id: id.to_owned() })?;
            wanted.push(step.id.as_str());
        }
        let mut kept = Self { steps: Vec::new(), body_bytes: ENVELOPE_BYTES, ..self.clone_empty() };
        for step in self.steps.iter().filter(|step| wanted.contains(&step.id.as_str())) {
            let step = step.keeping_dependencies(|id| wanted.contains(&id));
            kept.body_bytes += u64::from(!kept.steps.is_empty()) + step.len();
            kept.steps.push(step);
        }
        Ok(kept)
    }

    /// The `operationId` of step `id`.
    #[cfg(feature = "client")]
    pub(crate) fn operation_id(&self, id: &str) -> Option<&'static str> {
        Some(self.find(id)?.operation_id)
    }

    /// The ids step `id` depends on.
    #[cfg(feature = "client")]
    pub(crate) fn dependencies_of(&self, id: &str) -> &[String] {
        self.find(id).map_or(&[], |step| step.depends_on.as_slice())
    }

    /// The batch request against `base_url`.
    pub(crate) fn request_at(&self, base_url: &str) -> Result<http::Request<Bytes>, RequestError> {
        let uri = runtime::build_uri(base_url, "/$batch", "")?;
        let headers = vec![(ACCEPT, HeaderValue::from_static("application/json"))];
        let body = wire::body(&self.steps, self.body_bytes);
        let content = runtime::Content::new("application/json", body);
        runtime::build_request(Method::POST, uri, headers, Some(content))
    }

    fn clone_empty(&self) -> Self {
        Self::new(self.base_url.clone()).check_api_versions(self.check_api_versions)
    }

    fn find(&self, id: &str) -> Option<&wire::StepJson> {
        self.steps.iter().find(|step| same_id(&step.id, id))
    }

    fn check_new_id(&self, id: String) -> Result<String, BatchError> {
        if id.is_empty() {
            return Err(BatchError::InvalidId { id, reason: "it is empty" });
        }
        match self.find(&id) {
            Some(_) => Err(BatchError::DuplicateId { id }),
            None => Ok(id),
        }
    }

    fn next_free_id(&self) -> String {
        let mut number = self.steps.len() + 1;
        loop {
            let id = number.to_string();
            if self.find(&id).is_none() {
                return id;
            }
            number += 1;
        }
    }

    /// The ids of the earlier steps `depends_on` names, as those steps
    /// spell them, each once.
    fn dependencies(&self, id: &str, depends_on: &[String]) -> Result<Vec<String>, BatchError> {
        let mut found: Vec<String> = Vec::with_capacity(depends_on.len());
        for name in depends_on {
            let Some(step) = self.find(name) else {
                let (id, depends_on) = (id.to_owned(), name.clone());
                return Err(BatchError::UnknownDependency { id, depends_on });
            };
            if !found.contains(&step.id) {
                found.push(step.id.clone());
            }
        }
        Ok(found)
    }
}

/// Step ids are compared case-insensitively (JSON batching guide).
pub(crate) fn same_id(left: &str, right: &str) -> bool {
    left == right || left.to_lowercase() == right.to_lowercase()
}

/// Whether a `Content-Type` is JSON: `application/json` or `+json`,
/// parameters aside.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

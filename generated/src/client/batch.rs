//! The client's side of JSON batching (beyond the pages: see
//! [`crate::batch`]): a batch sent as one request with the client's
//! credentials, retries, time-outs and concurrency limit, then its
//! throttled steps, and only those, sent again after their own
//! `Retry-After`; and any number of operations, 20 to a batch.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::RETRY_AFTER;
use http::Method;

use super::{shared, Client, Error, Retry, RetryPolicy, SCHEME};
use crate::batch::{Batch, BatchError, BatchResponse, Step, StepError};
use crate::models::ODataError;
use crate::runtime::{Operation, RequestError, ResponseError, SchemeUse};

/// What [`ClientBuilder::on_retry`](super::ClientBuilder::on_retry) calls.
pub(super) type RetryHook = Arc<dyn Fn(&Retry<'_>) + Send + Sync>;

/// One operation's result in [`Client::send_batched`].
type StepResult<O> = Result<<O as Operation>::Response, StepError<<O as Operation>::ErrorBody>>;

/// The steps a batch carries, each with its place in the caller's list.
type Carried<O> = Vec<(usize, Step<O>)>;

/// What the batch methods need of the client's settings.
#[derive(Clone)]
pub(super) struct Batching {
    pub(super) retry: RetryPolicy,
    pub(super) check_api_versions: bool,
    pub(super) max_concurrent_requests: Option<usize>,
    pub(super) on_retry: Option<RetryHook>,
}

impl Default for Batching {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            check_api_versions: true,
            max_concurrent_requests: None,
            on_retry: None,
        }
    }
}

/// A batch as an operation of the shared client, which then gives it
/// credentials, retries of the batch request itself (429 and 503 for the
/// batch as a whole), time-outs, the concurrency limit and the 4 MB check
/// with the real headers.
struct BatchCall<'a>(&'a Batch);

impl Operation for BatchCall<'_> {
    type Response = BatchResponse;
    type ErrorBody = ODataError;
    const OPERATION_ID: &'static str = "$batch";
    const METHOD: Method = Method::POST;
    const PATH_TEMPLATE: &'static str = "/$batch";
    // A batch may hold steps that are not idempotent.
    const IDEMPOTENT: bool = false;
    // The client asks for its scopes (the cloud's `.default`) whatever the
    // requirement names.
    const SECURITY: &'static [&'static [SchemeUse]] =
        &[&[SchemeUse { scheme: SCHEME, scopes: &[] }]];
    const ACCEPT: &'static str = "application/json";

    fn to_http_request(&self, base_url: &str) -> Result<http::Request<Bytes>, RequestError> {
        self.0.request_at(base_url)
    }

    fn to_http_request_unchecked(
        &self,
        base_url: &str,
    ) -> Result<http::Request<Bytes>, RequestError> {
        self.0.request_at(base_url)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<BatchResponse, ResponseError<ODataError>> {
        Batch::parse_response(response)
    }
}

/// A throttled step and when it may be sent again.
struct Waiting {
    due: Instant,
    id: String,
}

impl Client {
    /// An empty batch for this client's base URL (and its API version
    /// check), to fill with [`Batch::add`] and send with [`Self::send_batch`].
    pub fn batch(&self) -> Batch {
        Batch::new(self.base_url()).check_api_versions(self.batching.check_api_versions)
    }

    /// Sends `batch` as one `$batch` request, as [`Self::send`] sends an
    /// operation (credentials, retries of the request as a whole, time-outs,
    /// the concurrency limit), then sends again, in batches of their own
    /// with the same ids, only the steps answered 429 or 503, each after
    /// its own `Retry-After` (backoff without one), as the client's
    /// [`RetryPolicy`] bounds attempts, `Retry-After` and time, and
    /// [`ClientBuilder::on_retry`](super::ClientBuilder::on_retry) hears
    /// of each. Read each step's answer with [`BatchResponse::parse`].
    ///
    /// Steps answered otherwise are never sent again (a 424 of a step whose
    /// dependency failed included); a throttled step whose dependency did
    /// not succeed keeps its 429. The error is the batch request's own,
    /// when its first sending fails; if a later one fails, the steps it
    /// carried answer [`StepError::Batch`]. An empty batch sends nothing.
    pub async fn send_batch(&self, batch: &Batch) -> Result<BatchResponse, Error> {
        if batch.is_empty() {
            return Ok(BatchResponse::default());
        }
        if batch.base_url() != self.base_url().trim_end_matches('/') {
            return Err(Error::InvalidRequest(RequestError::InvalidBaseUrl {
                base_url: batch.base_url().to_owned(),
                reason: "the batch was built for another base URL than the client's: build it with `Client::batch`",
            }));
        }
        let started = Instant::now();
        let mut answer = self.shared.send(&BatchCall(batch)).await?;
        let mut waiting = Vec::new();
        let ids: Vec<String> = batch.ids().map(str::to_owned).collect();
        self.schedule(batch, &answer, &ids, started, &mut waiting);
        while let Some(due) = waiting.iter().map(|step| step.due).min() {
            tokio::time::sleep_until(due.into()).await;
            let wave = take_due(batch, &answer, &mut waiting);
            if wave.is_empty() {
                continue;
            }
            // The ids come from the batch, so `only` finds them all.
            let Ok(retry) = batch.only(&wave) else { break };
            match self.shared.send(&BatchCall(&retry)).await {
                Ok(round) => {
                    // A step the retry's answer leaves out is missing, not
                    // still throttled.
                    let unanswered: Vec<&String> =
                        wave.iter().filter(|id| round.status(id).is_none()).collect();
                    answer.merge(round);
                    for id in unanswered {
                        answer.forget(id);
                    }
                    self.schedule(batch, &answer, &wave, started, &mut waiting);
                }
                Err(error) => {
                    let error = Arc::new(error);
                    for id in &wave {
                        answer.fail(id, Arc::clone(&error));
                    }
                }
            }
        }
        Ok(answer)
    }

    /// Sends `operations` in batches of up to 20 (fewer when photos would
    /// take a batch to its size limit) with [`Self::send_batch`], and
    /// returns each one's result in the order given.
    ///
    /// At most as many batches as [`ClientBuilder::max_concurrent_requests`]
    /// allows are built and in flight at once (all of them when the client
    /// has no limit: set one for large jobs, for Graph's sake and for
    /// memory). An operation that fits in no batch (its request cannot be
    /// built, or a photo too large once base64-encoded) is
    /// [`StepError::Refused`]: send it with [`Self::send`].
    ///
    /// [`ClientBuilder::max_concurrent_requests`]: super::ClientBuilder::max_concurrent_requests
    pub async fn send_batched<O: Operation>(
        &self,
        operations: &[O],
    ) -> Vec<Result<O::Response, StepError<O::ErrorBody>>> {
        let mut results: Vec<Option<StepResult<O>>> = operations.iter().map(|_| None).collect();
        let limit = self.batching.max_concurrent_requests.unwrap_or(usize::MAX).max(1);
        let mut pending = operations.iter().enumerate().peekable();
        let mut in_flight: Vec<InFlight<'_, O>> = Vec::new();
        loop {
            while in_flight.len() < limit {
                let Some((batch, steps)) = self.next_batch(&mut pending, &mut results) else {
                    break;
                };
                in_flight.push(Box::pin(async move {
                    let answer = self.send_batch(&batch).await;
                    (steps, answer)
                }));
            }
            let Some((steps, answer)) = next_done(&mut in_flight).await else { break };
            match answer {
                Ok(answer) => {
                    for (index, step) in steps {
                        results[index] = Some(answer.parse(&step));
                    }
                }
                Err(error) => {
                    let error = Arc::new(error);
                    for (index, step) in steps {
                        let (id, source) = (step.id().to_owned(), Arc::clone(&error));
                        results[index] = Some(Err(StepError::Batch { id, source }));
                    }
                }
            }
        }
        // Every place was filled above; were one not, it would say so
        // rather than panic.
        results
            .into_iter()
            .map(|result| result.unwrap_or_else(|| Err(StepError::Refused(BatchError::Empty))))
            .collect()
    }

    /// The next batch of `pending` operations: as many as fit. Those that
    /// fit in no batch get their error in `results`.
    fn next_batch<'o, O: Operation>(
        &self,
        pending: &mut std::iter::Peekable<std::iter::Enumerate<std::slice::Iter<'o, O>>>,
        results: &mut [Option<StepResult<O>>],
    ) -> Option<(Batch, Carried<O>)> {
        let mut batch = self.batch();
        let mut steps = Vec::new();
        while let Some(&(index, operation)) = pending.peek() {
            match batch.add(operation) {
                Ok(step) => steps.push((index, step)),
                Err(BatchError::TooManySteps { .. } | BatchError::TooLarge { .. })
                    if !batch.is_empty() =>
                {
                    break;
                }
                Err(error) => results[index] = Some(Err(StepError::Refused(error))),
            }
            pending.next();
        }
        (!batch.is_empty()).then_some((batch, steps))
    }

    /// Puts each of `ids` the service turned away in `waiting`, due after
    /// its own `Retry-After`, when the policy allows another attempt.
    /// Steps that asked for the same wait are due together (the longest
    /// of their jittered delays), so they go in one batch again.
    fn schedule(
        &self,
        batch: &Batch,
        answer: &BatchResponse,
        ids: &[String],
        started: Instant,
        waiting: &mut Vec<Waiting>,
    ) {
        let policy = &self.batching.retry;
        let mut turned_away = Vec::new();
        let mut longest: BTreeMap<Option<Duration>, Duration> = BTreeMap::new();
        for id in ids {
            let (Some(status), Some(headers)) = (answer.status(id), answer.headers(id)) else {
                continue;
            };
            let attempts = answer.attempts(id).unwrap_or(1);
            if !crate::batch::is_turned_away(status) || attempts >= policy.max_attempts {
                continue;
            }
            let asked = shared::retry_after(headers.get(RETRY_AFTER));
            let Some(delay) = policy.delay_for(asked, attempts) else { continue };
            let group = longest.entry(asked).or_insert(delay);
            *group = (*group).max(delay);
            turned_away.push((id, status, attempts, asked, headers));
        }
        let now = Instant::now();
        for (id, status, attempts, asked, headers) in turned_away {
            let delay = longest.get(&asked).copied().unwrap_or_default();
            if started.elapsed() + delay > policy.max_elapsed {
                continue;
            }
            if let Some(hook) = &self.batching.on_retry {
                hook(&Retry {
                    operation_id: batch.operation_id(id).unwrap_or(BatchCall::OPERATION_ID),
                    attempt: attempts,
                    delay,
                    status: Some(status),
                    request_id: headers.get("request-id").and_then(|value| value.to_str().ok()),
                    client_request_id: "",
                });
            }
            waiting.push(Waiting { due: now + delay, id: id.clone() });
        }
    }
}

/// One batch on its way: the steps it carries, by their place in the
/// caller's list, and its answer.
type InFlight<'a, O> =
    Pin<Box<dyn Future<Output = (Carried<O>, Result<BatchResponse, Error>)> + Send + 'a>>;

/// The output of whichever of `in_flight` finishes first; `None` when
/// there is none.
async fn next_done<T>(
    in_flight: &mut Vec<Pin<Box<dyn Future<Output = T> + Send + '_>>>,
) -> Option<T> {
    if in_flight.is_empty() {
        return None;
    }
    std::future::poll_fn(|context| {
        for index in 0..in_flight.len() {
            if let Poll::Ready(output) = in_flight[index].as_mut().poll(context) {
                drop(in_flight.swap_remove(index));
                return Poll::Ready(Some(output));
            }
        }
        Poll::Pending
    })
    .await
}

/// The waiting steps due now that can go: a step waits for a dependency
/// still waiting, goes with one due with it, and drops it once it has
/// succeeded; a step whose dependency failed is not sent again.
fn take_due(batch: &Batch, answer: &BatchResponse, waiting: &mut Vec<Waiting>) -> Vec<String> {
    let now = Instant::now();
    let (mut due, later): (Vec<Waiting>, Vec<Waiting>) =
        waiting.drain(..).partition(|step| step.due <= now);
    *waiting = later;
    loop {
        let mut changed = false;
        let mut index = 0;
        while index < due.len() {
            let mut after = None;
            let mut give_up = false;
            for dependency in batch.dependencies_of(&due[index].id) {
                if due.iter().any(|step| &step.id == dependency) {
                    continue;
                }
                if let Some(step) = waiting.iter().find(|step| &step.id == dependency) {
                    after = after.max(Some(step.due));
                } else if !answer.status(dependency).is_some_and(|status| status.is_success()) {
                    give_up = true;
                }
            }
            match (give_up, after) {
                (true, _) => drop(due.remove(index)),
                (false, Some(later)) => {
                    let mut step = due.remove(index);
                    step.due = later;
                    waiting.push(step);
                }
                (false, None) => {
                    index += 1;
                    continue;
                }
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    due.into_iter().map(|step| step.id).collect()
}

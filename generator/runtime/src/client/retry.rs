//! When to retry, and how long to wait: `Retry-After` in full, or backoff.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{HeaderValue, RETRY_AFTER};
use http::StatusCode;

use super::super::ResponseError;
use super::Error;

/// What [`ClientBuilder::on_retry`](super::ClientBuilder::on_retry) calls.
pub(super) type RetryHook = Arc<dyn Fn(&Retry<'_>) + Send + Sync>;

/// A retry about to happen, as
/// [`ClientBuilder::on_retry`](super::ClientBuilder::on_retry) reports it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Retry<'a> {
    /// The operation's `operationId`.
    pub operation_id: &'static str,
    /// The retry's number: 1 for the first retry (the second attempt).
    pub attempt: u32,
    /// How long the client waits before sending it.
    pub delay: Duration,
    /// The status that caused it; `None` when the connection failed.
    pub status: Option<StatusCode>,
    /// The service's id of the failed attempt, when it sent one.
    pub request_id: Option<&'a str>,
    /// The request id every attempt of this call carries (empty when the
    /// client sends none).
    pub client_request_id: &'a str,
}

/// When and how often to retry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// First backoff delay when the service gives no `Retry-After`.
    pub base_delay: Duration,
    /// Longest backoff delay when the service gives no `Retry-After`.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits for. A `Retry-After` is
    /// never shortened (retrying early can lengthen a throttling penalty):
    /// when the service asks for more than this, the call stops and returns
    /// the 429 or 503, whose [`Error::retry_after`] says how long to wait.
    pub max_retry_after: Duration,
    /// No retry starts once this much time would have passed since the
    /// first attempt; the last error is returned instead.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, at most 180 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(180),
            max_elapsed: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The wait before retry number `retry` (1 for the first) of a request
    /// the service turned away (429, 503) asking for `retry_after` (`None`
    /// when it did not say): that `Retry-After` in full plus a little
    /// jitter, or exponential backoff with jitter. `None` when the service
    /// asks for longer than [`max_retry_after`](Self::max_retry_after).
    /// Attempts and elapsed time are the caller's to count: this is for
    /// what the client does not send as requests of their own, such as the
    /// steps of a batch that the service answered one by one.
    pub fn delay_for(&self, retry_after: Option<Duration>, retry: u32) -> Option<Duration> {
        match retry_after {
            // Never retry before the service said: past the ceiling the
            // caller gets the error and its `retry_after()`.
            Some(after) if after > self.max_retry_after => None,
            Some(after) => Some(Self::after_retry_after(after)),
            None => Some(self.backoff(retry)),
        }
    }

    /// Exponential backoff with full jitter for the given retry (1-based).
    fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.base_delay.saturating_mul(1u32 << retry.min(16).saturating_sub(1));
        let capped = exponential.min(self.max_delay);
        capped.mul_f64(fastrand::f64())
    }

    /// The wait for a `Retry-After` of `after`: the full value plus jitter
    /// (up to a tenth of it, at least up to 100 ms), never less, so clients
    /// throttled together do not all come back at the same instant.
    fn after_retry_after(after: Duration) -> Duration {
        let spread = (after / 10).max(Duration::from_millis(100));
        after + spread.mul_f64(fastrand::f64())
    }
}

/// How long to wait before retrying `result`, or `None` when it must not be retried.
pub(super) fn retry_delay<T, E: fmt::Debug>(
    result: &Result<T, Error<E>>,
    idempotent: bool,
    policy: &RetryPolicy,
    attempt: u32,
) -> Option<Duration> {
    match result {
        Ok(_) => None,
        Err(Error::Response { source: ResponseError::Service(error), .. }) => {
            if !retryable(error.status, idempotent) {
                return None;
            }
            policy.delay_for(retry_after(error.headers.get(RETRY_AFTER)), attempt)
        }
        // Nothing reached the service when the connection failed, so any
        // request may be sent again; after a time-out only idempotent ones.
        Err(Error::Transport { source, .. })
            if source.is_connect() || (idempotent && source.is_timeout()) =>
        {
            Some(policy.backoff(attempt))
        }
        Err(_) => None,
    }
}

/// 429 and 503 mean the service did not process the request, so even a
/// non-idempotent one may be sent again; after a 504 the request may have
/// been processed, so only idempotent requests are retried.
fn retryable(status: StatusCode, idempotent: bool) -> bool {
    match status {
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => true,
        StatusCode::GATEWAY_TIMEOUT => idempotent,
        _ => false,
    }
}

/// A `Retry-After` header's value as a delay: delta-seconds or an HTTP
/// date (a date in the past is no delay); `None` when absent or neither.
pub fn retry_after(value: Option<&HeaderValue>) -> Option<Duration> {
    let text = value?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(
            retry_after(Some(&HeaderValue::from_static("41"))),
            Some(Duration::from_secs(41))
        );
        let future = SystemTime::now() + Duration::from_secs(120);
        let date = HeaderValue::try_from(httpdate::fmt_http_date(future)).expect("date");
        let delay = retry_after(Some(&date)).expect("parsed");
        assert!(delay > Duration::from_secs(100) && delay <= Duration::from_secs(120), "{delay:?}");
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_after(Some(&past)), Some(Duration::ZERO));
        assert_eq!(retry_after(Some(&HeaderValue::from_static("soon"))), None);
        assert_eq!(retry_after(None), None);
    }

    #[test]
    fn only_rejected_or_idempotent_requests_are_retried() {
        assert!(retryable(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(retryable(StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(!retryable(StatusCode::GATEWAY_TIMEOUT, false));
        assert!(retryable(StatusCode::GATEWAY_TIMEOUT, true));
        assert!(!retryable(StatusCode::INTERNAL_SERVER_ERROR, true));
        assert!(!retryable(StatusCode::NOT_FOUND, true));
    }

    #[test]
    fn retry_after_is_never_shortened_only_lengthened_by_jitter() {
        for seconds in [0, 1, 3, 61, 120] {
            let after = Duration::from_secs(seconds);
            for _ in 0..100 {
                let delay = RetryPolicy::after_retry_after(after);
                let spread = (after / 10).max(Duration::from_millis(100));
                assert!(delay >= after && delay <= after + spread, "{seconds} s: {delay:?}");
            }
        }
    }

    #[test]
    fn delay_for_waits_retry_after_up_to_the_ceiling_or_backs_off() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
            ..RetryPolicy::default()
        };
        let delay = policy.delay_for(Some(Duration::from_secs(5)), 1).expect("under the ceiling");
        assert!(
            delay >= Duration::from_secs(5) && delay <= Duration::from_millis(5500),
            "{delay:?}"
        );
        assert_eq!(policy.delay_for(Some(Duration::from_secs(61)), 1), None);
        let backoff = policy.delay_for(None, 3).expect("backoff");
        assert!(backoff <= Duration::from_millis(400), "{backoff:?}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        for retry in 1..20 {
            let delay = policy.backoff(retry);
            let cap = Duration::from_millis(100 * (1u64 << (retry - 1).min(16)))
                .min(Duration::from_secs(1));
            assert!(delay <= cap, "retry {retry}: {delay:?} > {cap:?}");
        }
    }
}

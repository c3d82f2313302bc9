//! `tracing` spans (cargo feature `tracing`): one per call, with the
//! operation and method, and one per attempt, with its number and status.

use super::super::Operation;

/// The span of one call of `O`.
pub(super) fn call_span<O: Operation>() -> tracing::Span {
    tracing::info_span!(
        "request",
        operation_id = O::OPERATION_ID,
        method = %O::METHOD,
        path = O::PATH_TEMPLATE,
    )
}

/// The span of one attempt of a call; its status is recorded when the
/// response arrives.
pub(super) fn attempt_span(attempt: u32) -> tracing::Span {
    tracing::info_span!("attempt", attempt, status = tracing::field::Empty)
}

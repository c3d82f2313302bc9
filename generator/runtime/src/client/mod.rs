//! An async HTTP client on `reqwest` that sends any operation and returns
//! its typed response (cargo feature `client`).
//!
//! It adds what talking to a real service needs:
//!
//! - **credentials** where the spec puts them, per operation: the first of
//!   the operation's security requirements whose every scheme was given
//!   credentials is applied (bearer tokens from a [`TokenProvider`] asked
//!   for the requirement's scopes, HTTP basic, API keys in a header, the
//!   query or a cookie); an operation whose requirements are all unmet is
//!   refused before anything is sent ([`Error::MissingCredentials`]);
//! - **tokens kept** for all concurrent calls until five minutes before
//!   their expiry, and after a 401 asked for once more, never sending the
//!   same token again;
//! - **retries** of 429, 503 and 504 that honour `Retry-After` (seconds or
//!   HTTP date) in full, up to a ceiling, with exponential backoff and
//!   jitter otherwise; a 504 or a time-out is retried only for idempotent
//!   requests ([`RetryPolicy`]);
//! - **bounds**: time-outs, a cap on response size, a limit on requests in
//!   flight, and credentials never sent over plain `http://` except to this
//!   machine;
//! - redirects returned as answers unless
//!   [`follow_redirects`](ClientBuilder::follow_redirects) says otherwise;
//! - with the `tracing` feature, a span per call and per attempt
//!   (operation id, method, attempt, status).
//!
//! Its TLS is a choice of features: `rustls` (the default: rustls on
//! aws-lc-rs, with the platform's certificate verifier), `native-tls` (the
//! platform's TLS: OpenSSL on Linux, Secure Transport on macOS, SChannel on
//! Windows; it wins when both are built), or `rustls-no-provider`, for a
//! program that installs a rustls crypto provider of its choice (ring, or
//! aws-lc-rs in FIPS mode) before it builds a client, and so need not
//! build aws-lc-sys:
//!
//! ```toml
//! # with default-features = false, and the features you use:
//! features = ["client", "rustls-no-provider"]
//! ```
//!
//! ```text
//! rustls::crypto::ring::default_provider().install_default()
//! ```

// TLS is a feature of its own: say which, rather than fail on `https://`.
#[cfg(not(any(feature = "rustls", feature = "rustls-no-provider", feature = "native-tls")))]
compile_error!(
    "the client needs TLS: enable the `rustls` feature (a default feature), `native-tls` \
     (the platform's TLS) or `rustls-no-provider` (and install a rustls crypto provider \
     before building a client)"
);

mod auth;
mod builder;
mod credentials;
mod error;
mod retry;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;
use tokio::sync::Semaphore;

use super::{Operation, RequestError, SecurityScheme};
pub use auth::{AccessToken, StaticToken, TokenFuture, TokenProvider, TokenRequest};
use auth::{Credential, TokenCache};
pub use builder::ClientBuilder;
use credentials::Sent;
pub use error::{BoxError, Error};
/// The `reqwest` crate the client is built on, for [`ClientBuilder::http_client`].
pub use reqwest;
pub use retry::{retry_after, Retry, RetryPolicy};
use retry::{retry_delay, RetryHook};
use wire::{read_limited, request_size};

/// Sends operations. Cheap to clone: clones share one connection pool, one
/// token cache and one limit on requests in flight.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What a client and its clones share.
struct Inner {
    http: reqwest::Client,
    tokens: TokenCache,
    user_agent: String,
    base_url: String,
    schemes: &'static [SecurityScheme],
    credentials: BTreeMap<&'static str, Credential>,
    token_scopes: Option<Vec<String>>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    max_request_bytes: Option<u64>,
    check_api_versions: bool,
    permits: Option<Arc<Semaphore>>,
    on_retry: Option<RetryHook>,
    request_id_header: Option<HeaderName>,
    retry_attempt_header: Option<HeaderName>,
    headers: HeaderMap,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `operation` with the credentials its security requirements
    /// call for, and returns its typed response, retrying throttled (429)
    /// and unavailable (503, 504) responses as the policy allows. A 401
    /// drops the tokens sent and is retried once with new ones.
    pub async fn send<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = trace::call_span::<O>();
            self.send_untraced(operation).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        self.send_untraced(operation).await
    }

    async fn send_untraced<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        let inner = &*self.inner;
        // Build once: a request the crate refuses is never sent, nor retried.
        let request = match inner.check_api_versions {
            true => operation.to_http_request(&inner.base_url)?,
            false => operation.to_http_request_unchecked(&inner.base_url)?,
        };
        let uses =
            credentials::choose(O::OPERATION_ID, O::SECURITY, inner.schemes, &inner.credentials)?;
        let client_request_id = match inner.request_id_header {
            Some(_) => uuid::Uuid::new_v4().to_string(),
            None => String::new(),
        };
        let policy = &inner.retry;
        let started = Instant::now();
        let mut attempt = 1;
        let mut refreshed = false;
        let mut fresh = Vec::new();
        loop {
            let mut prepared = request.clone();
            let scopes = inner.token_scopes.as_deref();
            let sent =
                credentials::apply(&mut prepared, &uses, &inner.tokens, scopes, &mut fresh).await?;
            self.add_headers(&mut prepared, &client_request_id, attempt)?;
            let result = self.attempt::<O>(prepared, &client_request_id, attempt).await;
            let status = result.as_ref().err().and_then(Error::status);
            if status == Some(StatusCode::UNAUTHORIZED) && !refreshed && !sent.is_empty() {
                // An expired or revoked token: once more with new ones, at
                // once, unless the providers hand out the same again.
                refreshed = true;
                fresh = self.renew(&sent).await?;
                if !fresh.is_empty() {
                    attempt += 1;
                    continue;
                }
            }
            let retry = retry_delay(&result, O::IDEMPOTENT, policy, attempt).filter(|delay| {
                attempt < policy.max_attempts && started.elapsed() + *delay <= policy.max_elapsed
            });
            let Some(delay) = retry else {
                return result.map_err(|mut error| {
                    error.set_attempts(attempt);
                    error
                });
            };
            if let Some(hook) = &inner.on_retry {
                let error = result.as_ref().err();
                hook(&Retry {
                    operation_id: O::OPERATION_ID,
                    attempt,
                    delay,
                    status: error.and_then(Error::status),
                    request_id: error.and_then(Error::request_id),
                    client_request_id: &client_request_id,
                });
            }
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Forgets the tokens `sent` and gets new ones for the next attempt;
    /// none when every provider hands out the token refused (an identical
    /// token is never sent again).
    async fn renew<E: fmt::Debug>(&self, sent: &[Sent]) -> Result<Vec<Sent>, Error<E>> {
        let mut fresh = Vec::new();
        let mut renewed = false;
        for Sent { provider, request, token } in sent {
            self.inner.tokens.reject(request, token).await;
            let new =
                self.inner.tokens.get(provider.as_ref(), request).await.map_err(Error::Token)?;
            renewed |= new.secret() != token.secret();
            fresh.push(Sent { provider: provider.clone(), request: request.clone(), token: new });
        }
        Ok(if renewed { fresh } else { Vec::new() })
    }

    /// The client's own headers: the request id, the retry's number, and
    /// those set on the builder (unless the operation sets them).
    fn add_headers<E: fmt::Debug>(
        &self,
        request: &mut http::Request<Bytes>,
        client_request_id: &str,
        attempt: u32,
    ) -> Result<(), Error<E>> {
        let inner = &*self.inner;
        let headers = request.headers_mut();
        for (name, value) in &inner.headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        if let Some(name) = &inner.request_id_header {
            let value = HeaderValue::try_from(client_request_id)
                .map_err(|error| Error::InvalidRequest(RequestError::Http(error.into())))?;
            headers.insert(name.clone(), value);
        }
        if let (Some(name), true) = (&inner.retry_attempt_header, attempt > 1) {
            headers.insert(name.clone(), HeaderValue::from(attempt - 1));
        }
        Ok(())
    }

    async fn attempt<O: Operation>(
        &self,
        request: http::Request<Bytes>,
        client_request_id: &str,
        attempt: u32,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        let inner = &*self.inner;
        // The semaphore is never closed, so acquiring only waits.
        let _permit = match &inner.permits {
            Some(permits) => permits.acquire().await.ok(),
            None => None,
        };
        if let Some(limit) = inner.max_request_bytes {
            let size = request_size(&request, &inner.user_agent);
            if size >= limit {
                return Err(Error::InvalidRequest(RequestError::RequestTooLarge {
                    limit,
                    actual: size,
                }));
            }
        }
        let transport = |source| Error::Transport {
            client_request_id: client_request_id.to_owned(),
            attempts: attempt,
            source,
        };
        // `Bytes` is reference-counted: the body is shared, not copied.
        let request = reqwest::Request::try_from(request).map_err(transport)?;
        #[cfg(feature = "tracing")]
        let (response, span) = {
            use tracing::Instrument as _;
            let span = trace::attempt_span(attempt);
            (inner.http.execute(request).instrument(span.clone()).await, span)
        };
        #[cfg(not(feature = "tracing"))]
        let response = inner.http.execute(request).await;
        let response = response.map_err(transport)?;
        let status = response.status();
        #[cfg(feature = "tracing")]
        span.record("status", status.as_u16());
        let headers = response.headers().clone();
        let body = read_limited(response, inner.max_response_bytes, client_request_id).await?;
        let mut typed = http::Response::new(body);
        *typed.status_mut() = status;
        *typed.headers_mut() = headers;
        O::parse_response(typed).map_err(|source| Error::Response {
            client_request_id: client_request_id.to_owned(),
            attempts: attempt,
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[SecurityScheme] = &[SecurityScheme {
        name: "oauth",
        kind: super::super::SchemeKind::Bearer,
        builder_method: "",
    }];

    #[test]
    fn secrets_never_show_in_debug_output() {
        let token = AccessToken::new("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret");
        assert!(!format!("{token:?}").contains("secret"));
        let provider = StaticToken::new("super-secret-token");
        assert!(!format!("{provider:?}").contains("super-secret"));
        let builder = ClientBuilder::new("https://api.example.com", SCHEMES)
            .bearer("oauth", StaticToken::new("super-secret-token"))
            .basic("basic", "alice", "super-secret-password")
            .api_key("key", "super-secret-key");
        assert!(!format!("{builder:?}").contains("super-secret"), "{builder:?}");
    }

    #[test]
    fn credentials_over_plain_http_go_only_to_this_machine() {
        let with_token = |url: &str| {
            ClientBuilder::new(url, SCHEMES).bearer("oauth", StaticToken::new("t")).build::<()>()
        };
        assert!(matches!(
            with_token("http://api.example.com"),
            Err(Error::InsecureBaseUrl { host }) if host == "api.example.com"
        ));
        assert!(with_token("http://127.0.0.1:4010").is_ok());
        assert!(with_token("https://api.example.com").is_ok());
        assert!(ClientBuilder::new("http://api.example.com", SCHEMES).build::<()>().is_ok());
        let unknown = ClientBuilder::new("https://api.example.com", SCHEMES)
            .api_key("nope", "k")
            .build::<()>();
        assert!(
            matches!(unknown, Err(Error::InvalidCredentials { scheme, .. }) if scheme == "nope")
        );
    }
}

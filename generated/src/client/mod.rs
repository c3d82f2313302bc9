//! An async HTTP client on `reqwest` that sends any operation of
//! this crate and returns its typed response (cargo feature `client`).
//!
//! It adds what talking to the real service needs: a bearer token from a
//! provider you supply, a `client-request-id` on every request, retries of
//! throttled and unavailable responses that honour `Retry-After`, time-outs,
//! and a bound on response size.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use graph_photos::client::{Client, StaticToken};
//! use graph_photos::operations::SetMyPhotoContent;
//!
//! let client = Client::builder(StaticToken::new(std::env::var("GRAPH_TOKEN")?)).build()?;
//! let jpeg = bytes::Bytes::from(std::fs::read("me.jpg")?);
//! client.send(&SetMyPhotoContent::new(jpeg)).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Reading a group's photo, its size and its bytes; "no photo" is a 404:
//!
//! ```no_run
//! # async fn run(client: graph_photos::client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use graph_photos::operations::{GetGroupPhoto, GetGroupPhotoContent};
//!
//! let group = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
//! match client.send(&GetGroupPhoto::new(group)).await {
//!     Ok(answer) => {
//!         let photo = answer.into_ok().expect("the one documented answer");
//!         println!("{:?} x {:?}", photo.width, photo.height);
//!         let jpeg = client.send(&GetGroupPhotoContent::new(group)).await?.into_ok();
//!         let bytes = jpeg.map(|binary| binary.data).unwrap_or_default();
//!         std::fs::write("group.jpg", &bytes)?;
//!     }
//!     Err(error) if error.is_not_found() => println!("the group has no photo"),
//!     Err(error) => return Err(error.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Authentication
//!
//! Tokens come from a [`TokenProvider`] you supply: [`StaticToken`], a
//! closure `|request: &TokenRequest| async { ... }` asked for the cloud's
//! scope (such as `https://graph.microsoft.com/.default`), or, with the
//! `azure-identity` feature, any `azure_identity` credential. The client
//! keeps one token for all concurrent calls until five minutes before its
//! expiry, and after a 401 asks for a new one and retries once. Tokens
//! never appear in `Debug` output, and a base URL that would send one over
//! plain `http://` to anything but a loopback address is refused.
//!
//! # Throttling and retries
//!
//! 429, 503 and 504 are retried as [`RetryPolicy`] allows, honouring
//! `Retry-After` (seconds or HTTP date) in full, with jitter only ever
//! added and a `Retry-Attempt` header on each retry. A `Retry-After` over
//! [`RetryPolicy::max_retry_after`] (180 s by default) returns the error at
//! once rather than retrying early. Without one, exponential backoff with
//! jitter, bounded in attempts and time; a 504 is retried only for
//! idempotent requests. Every request carries a `client-request-id`;
//! redirects come back as answers unless [`ClientBuilder::follow_redirects`]
//! says otherwise.
//!
//! # Errors
//!
//! [`Error::InvalidRequest`] is refused locally with nothing sent (a body
//! of 4 MiB or more, or a whole request that is, with its headers; an
//! operation sent to an API version that does not document it; an empty or
//! `..` id, a header with a newline). The others are
//! [`Error::Transport`], [`Error::Response`] (the service's error with its
//! Graph code and [`Error::request_id`], or a body that does not match the
//! spec), [`Error::Token`], [`Error::ResponseTooLarge`] and
//! [`Error::InsecureBaseUrl`]. An error reads like
//! `404 ImageNotFound: The photo wasn't found. (request-id ..., client-request-id ...)`
//! and answers the usual questions directly: [`Error::is_not_found`],
//! [`Error::is_throttled`], [`Error::retry_after`], [`Error::attempts`],
//! [`Error::status`].
//!
//! # Bulk jobs
//!
//! [`ClientBuilder::max_concurrent_requests`] bounds the requests of a
//! client and its clones in flight (a request waiting to retry holds no
//! place), and [`ClientBuilder::on_retry`] is called before every retry
//! with its number, delay, status and request ids. Clients are cheap to
//! clone and `Bytes` bodies are shared, never copied:
//!
//! ```no_run
//! # async fn run(token: String, users: Vec<String>, jpeg: bytes::Bytes) -> Result<(), Box<dyn std::error::Error>> {
//! use graph_photos::client::{Client, StaticToken};
//! use graph_photos::operations::SetUserPhotoContent;
//!
//! let client = Client::builder(StaticToken::new(token))
//!     .max_concurrent_requests(4)
//!     .on_retry(|retry| eprintln!("retry {} in {:?} after {:?}", retry.attempt, retry.delay, retry.status))
//!     .build()?;
//! let mut tasks = tokio::task::JoinSet::new();
//! for user in users {
//!     let (client, jpeg) = (client.clone(), jpeg.clone());
//!     tasks.spawn(async move { (client.send(&SetUserPhotoContent::new(user.as_str(), jpeg)).await, user) });
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The client is built on reqwest 0.13 with rustls on aws-lc-rs, the HTTP
//! stack `azure_core` uses, so a program with both compiles one HTTP stack
//! and one TLS backend.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use http::StatusCode;
use tokio::sync::Semaphore;

use crate::runtime::{Operation, RequestError};
use crate::{ApiVersion, NationalCloud};

mod auth;
#[cfg(feature = "azure-identity")]
mod azure;
mod error;
mod retry;
mod wire;

use auth::TokenCache;
pub use auth::{AccessToken, StaticToken, TokenFuture, TokenProvider, TokenRequest};
pub use error::{BoxError, Error};
use retry::{retry_delay, RetryHook};
pub use retry::{Retry, RetryPolicy};
use wire::{is_loopback, read_limited, request_size};

/// What this client says it is.
const USER_AGENT: &str = concat!("graph-photos/", env!("CARGO_PKG_VERSION"));

/// The header Microsoft's retry handlers send on each retry, with the retry's
/// number (1 on the first retry).
const RETRY_ATTEMPT: HeaderName = HeaderName::from_static("retry-attempt");

/// Configures a [`Client`].
pub struct ClientBuilder {
    tokens: Arc<dyn TokenProvider>,
    base_url: String,
    cloud: NationalCloud,
    scopes: Option<Vec<String>>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
    max_request_bytes: u64,
    follow_redirects: bool,
    check_api_versions: bool,
    max_concurrent_requests: Option<usize>,
    on_retry: Option<RetryHook>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_request_bytes", &self.max_request_bytes)
            .field("follow_redirects", &self.follow_redirects)
            .field("check_api_versions", &self.check_api_versions)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The Microsoft Graph endpoint of a national cloud and API version.
    #[must_use]
    ///
    /// Tokens are then asked for that cloud's scope
    /// ([`NationalCloud::default_scope`]) unless [`Self::scopes`] says otherwise.
    pub fn cloud(mut self, cloud: NationalCloud, version: ApiVersion) -> Self {
        self.base_url = crate::base_url(cloud, version);
        self.cloud = cloud;
        self
    }

    /// The scopes tokens are asked for (default: the `.default` scope of the
    /// cloud, `https://graph.microsoft.com/.default` for the global service).
    #[must_use]
    pub fn scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Any base URL, for example a local test server (`http://127.0.0.1:4010`).
    #[must_use]
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Time-out of one attempt, from sending to the end of the body (default 100 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time-out for establishing a connection (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Largest response body read into memory (default 16 MiB); a larger one
    /// fails with [`Error::ResponseTooLarge`] as soon as the limit is passed.
    #[must_use]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The size every request (request line, headers, token and body) must
    /// stay under; Graph limits each REST request to 4 MB, read as
    /// 4,194,304 bytes (the default). A larger request is refused before
    /// anything is sent.
    #[must_use]
    pub fn max_request_bytes(mut self, limit: u64) -> Self {
        self.max_request_bytes = limit;
        self
    }

    /// Whether to refuse, before sending, an operation whose documentation
    /// does not cover the base URL's API version (on by default). Graph's
    /// beta sometimes serves more than its pages say: turn this off to send
    /// such requests anyway. A base URL that names no version (a proxy, a
    /// mock) is never checked.
    #[must_use]
    pub fn check_api_versions(mut self, check: bool) -> Self {
        self.check_api_versions = check;
        self
    }

    /// Whether to follow redirects (up to 10, dropping the `Authorization`
    /// header when the host changes). Off by default: a redirect comes back
    /// as the operation's answer, as it does from the sans-IO layer, so you
    /// decide whether to go where it points.
    #[must_use]
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// At most `limit` requests of this client (and its clones) in flight at
    /// once; more wait their turn. Unlimited by default. A request waiting to
    /// retry does not hold a place. Graph throttles per app and tenant, so a
    /// bulk job goes further with a few requests at a time than with a
    /// burst that earns long `Retry-After` penalties.
    #[must_use]
    pub fn max_concurrent_requests(mut self, limit: usize) -> Self {
        self.max_concurrent_requests = Some(limit.max(1));
        self
    }

    /// Calls `hook` before each retry, with the retry's number, delay,
    /// status and request ids: for logs and metrics in bulk jobs.
    #[must_use]
    pub fn on_retry(mut self, hook: impl Fn(&Retry<'_>) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// A `reqwest::Client` of your own (proxies, TLS settings); the time-outs
    /// and redirect setting here are then not applied.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// Fails on a base URL that is not a URL, and on plain `http://` to any
    /// host but this machine: the bearer token would travel in clear text.
    pub fn build(self) -> Result<Client, Error> {
        let uri = crate::runtime::build_uri(&self.base_url, "/", "")?;
        if uri.scheme_str() != Some("https") {
            let host = uri.host().unwrap_or_default();
            if !is_loopback(host) {
                return Err(Error::InsecureBaseUrl { host: host.to_owned() });
            }
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .redirect(match self.follow_redirects {
                    true => reqwest::redirect::Policy::limited(10),
                    false => reqwest::redirect::Policy::none(),
                })
                .user_agent(USER_AGENT)
                .build()
                .map_err(|source| Error::Transport {
                    client_request_id: String::new(),
                    attempts: 0,
                    source,
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                tokens: TokenCache::new(
                    self.tokens,
                    self.scopes.unwrap_or_else(|| vec![self.cloud.default_scope()]),
                ),
                base_url: self.base_url,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                max_request_bytes: self.max_request_bytes,
                check_api_versions: self.check_api_versions,
                permits: self.max_concurrent_requests.map(|limit| Arc::new(Semaphore::new(limit))),
                on_retry: self.on_retry,
            }),
        })
    }
}

/// Sends operations to Microsoft Graph. Cheap to clone: clones share one
/// connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    tokens: TokenCache,
    base_url: String,
    retry: RetryPolicy,
    max_response_bytes: usize,
    max_request_bytes: u64,
    check_api_versions: bool,
    permits: Option<Arc<Semaphore>>,
    on_retry: Option<RetryHook>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for the global v1.0 endpoint with tokens from `tokens`.
    pub fn builder(tokens: impl TokenProvider + 'static) -> ClientBuilder {
        ClientBuilder {
            tokens: Arc::new(tokens),
            base_url: crate::base_url(NationalCloud::Global, ApiVersion::V1),
            cloud: NationalCloud::Global,
            scopes: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(100),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 16 * 1024 * 1024,
            max_request_bytes: 4 * 1024 * 1024,
            follow_redirects: false,
            check_api_versions: true,
            max_concurrent_requests: None,
            on_retry: None,
            http: None,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `operation` and returns its typed response, retrying throttled
    /// (429) and unavailable (503, 504) responses as the policy allows. A
    /// 401 drops the token and is retried once with a fresh one.
    pub async fn send<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        // Build once: a request the crate refuses is never sent, nor retried.
        let base_url = &self.inner.base_url;
        let request = match self.inner.check_api_versions {
            true => operation.to_http_request(base_url)?,
            false => operation.to_http_request_for_any_version(base_url)?,
        };
        let client_request_id = uuid::Uuid::new_v4().to_string();
        let policy = &self.inner.retry;
        let started = Instant::now();
        let mut attempt = 1;
        let mut refreshed = false;
        loop {
            let token = self.inner.tokens.get().await.map_err(Error::Token)?;
            let result = self.attempt::<O>(&request, &token, &client_request_id, attempt).await;
            let status = result.as_ref().err().and_then(Error::status);
            if status == Some(StatusCode::UNAUTHORIZED) && !refreshed {
                // An expired or revoked token: once with a new one, at once.
                self.inner.tokens.reject(&token).await;
                refreshed = true;
                attempt += 1;
                continue;
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
            if let Some(hook) = &self.inner.on_retry {
                let error = result.as_ref().err();
                hook(&Retry {
                    operation_id: O::OPERATION_ID,
                    attempt,
                    delay,
                    status: error.and_then(Error::status),
                    request_id: error
                        .and_then(Error::service_error)
                        .and_then(|service| service.header("request-id")),
                    client_request_id: &client_request_id,
                });
            }
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt<O: Operation>(
        &self,
        request: &http::Request<Bytes>,
        token: &AccessToken,
        client_request_id: &str,
        attempt: u32,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        // The semaphore is never closed, so acquiring only waits.
        let _permit = match &self.inner.permits {
            Some(permits) => permits.acquire().await.ok(),
            None => None,
        };
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", token.secret()))
            .map_err(|_| Error::Token("the access token is not a valid header value".into()))?;
        authorization.set_sensitive(true);
        let size = request_size(request, &authorization, client_request_id);
        if size >= self.inner.max_request_bytes {
            let limit = self.inner.max_request_bytes;
            return Err(Error::InvalidRequest(RequestError::RequestTooLarge {
                limit,
                actual: size,
            }));
        }

        let mut builder = self
            .inner
            .http
            .request(request.method().clone(), request.uri().to_string())
            .headers(request.headers().clone())
            .header(AUTHORIZATION, authorization)
            .header("client-request-id", client_request_id)
            .header("return-client-request-id", "true");
        if attempt > 1 {
            builder = builder.header(RETRY_ATTEMPT, attempt - 1);
        }
        if !request.body().is_empty() {
            // `Bytes` is reference-counted: the body is shared, not copied.
            builder = builder.body(request.body().clone());
        }
        let transport = |source| Error::Transport {
            client_request_id: client_request_id.to_owned(),
            attempts: attempt,
            source,
        };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_limited(response, self.inner.max_response_bytes, client_request_id).await?;
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

    #[test]
    fn tokens_never_show_in_debug_output() {
        let token = AccessToken::new("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret");
        assert!(!format!("{token:?}").contains("secret"));
        let provider = StaticToken::new("super-secret-token");
        assert!(!format!("{provider:?}").contains("super-secret"));
        let builder = Client::builder(StaticToken::new("super-secret-token"));
        assert!(!format!("{builder:?}").contains("super-secret"));
    }
}

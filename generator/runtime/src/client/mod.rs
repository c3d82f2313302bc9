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

mod auth;
mod credentials;
mod error;
mod retry;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;
use tokio::sync::Semaphore;

use super::{Operation, RequestError, SecurityScheme};
pub use auth::{AccessToken, StaticToken, TokenFuture, TokenProvider, TokenRequest};
use auth::{Credential, Secret, TokenCache};
use credentials::Sent;
pub use error::{BoxError, Error};
/// The `reqwest` crate the client is built on, for [`ClientBuilder::http_client`].
pub use reqwest;
use retry::{retry_delay, RetryHook};
pub use retry::{Retry, RetryPolicy};
use wire::{is_loopback, read_limited, request_size};

/// Configures a [`Client`].
pub struct ClientBuilder {
    base_url: String,
    schemes: &'static [SecurityScheme],
    credentials: BTreeMap<&'static str, Credential>,
    token_scopes: Option<Vec<String>>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
    max_request_bytes: Option<u64>,
    follow_redirects: bool,
    check_api_versions: bool,
    max_concurrent_requests: Option<usize>,
    on_retry: Option<RetryHook>,
    http: Option<reqwest::Client>,
    request_id_header: Option<HeaderName>,
    retry_attempt_header: Option<HeaderName>,
    headers: HeaderMap,
    user_agent: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
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
    /// A client for the API at `base_url` whose security schemes are
    /// `schemes` (a generated crate's `client::SECURITY_SCHEMES`).
    pub fn new(base_url: impl Into<String>, schemes: &'static [SecurityScheme]) -> Self {
        Self {
            base_url: base_url.into(),
            schemes,
            credentials: BTreeMap::new(),
            token_scopes: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(100),
            connect_timeout: Duration::from_secs(10),
            max_response_bytes: 16 * 1024 * 1024,
            max_request_bytes: None,
            follow_redirects: false,
            check_api_versions: true,
            max_concurrent_requests: None,
            on_retry: None,
            http: None,
            request_id_header: None,
            retry_attempt_header: None,
            headers: HeaderMap::new(),
            user_agent: None,
        }
    }

    /// Tokens for the bearer, OAuth2 or OpenID Connect scheme `scheme`.
    #[must_use]
    pub fn bearer(mut self, scheme: &'static str, tokens: impl TokenProvider + 'static) -> Self {
        self.credentials.insert(scheme, Credential::Tokens(Arc::new(tokens)));
        self
    }

    /// A user name and password for the HTTP basic scheme `scheme`.
    #[must_use]
    pub fn basic(
        mut self,
        scheme: &'static str,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let password = Secret(password.into());
        self.credentials.insert(scheme, Credential::Basic { username: username.into(), password });
        self
    }

    /// The key for the API key scheme `scheme`.
    #[must_use]
    pub fn api_key(mut self, scheme: &'static str, key: impl Into<String>) -> Self {
        self.credentials.insert(scheme, Credential::Key(Secret(key.into())));
        self
    }

    /// Ask token providers for these scopes, whatever an operation's
    /// requirement names (for services whose tokens are asked for one scope
    /// that covers every permission granted).
    #[must_use]
    pub fn token_scopes(mut self, scopes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.token_scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// The base URL requests go to (a local server: `http://127.0.0.1:4010`).
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

    /// The size every request (request line, headers, credentials and
    /// body) must stay under, for services that limit it; a larger request
    /// is refused before anything is sent. No limit by default.
    #[must_use]
    pub fn max_request_bytes(mut self, limit: u64) -> Self {
        self.max_request_bytes = Some(limit);
        self
    }

    /// Whether to refuse, before sending, an operation whose documentation
    /// does not cover the base URL's API version (on by default). A base
    /// URL that names no version is never checked.
    #[must_use]
    pub fn check_api_versions(mut self, check: bool) -> Self {
        self.check_api_versions = check;
        self
    }

    /// Whether to follow redirects (up to 10, dropping credentials when the
    /// host changes). Off by default: a redirect comes back as the
    /// operation's answer, as it does from the sans-IO layer, so you decide
    /// whether to go where it points.
    #[must_use]
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// At most `limit` requests of this client (and its clones) in flight at
    /// once; more wait their turn. Unlimited by default. A request waiting
    /// to retry does not hold a place.
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

    /// A `reqwest::Client` of your own (proxies, TLS settings); the time-outs,
    /// user agent and redirect setting here are then not applied.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Sends a fresh id (a UUID) with every call, the same on each of its
    /// retries, in the header `name`, for services that log it.
    #[must_use]
    pub fn request_id_header(mut self, name: &'static str) -> Self {
        self.request_id_header = Some(HeaderName::from_static(name));
        self
    }

    /// Numbers each retry in the header `name` (1 on the first retry).
    #[must_use]
    pub fn retry_attempt_header(mut self, name: &'static str) -> Self {
        self.retry_attempt_header = Some(HeaderName::from_static(name));
        self
    }

    /// A header sent with every request (unless the operation sets it).
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The `User-Agent` the client sends.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Builds the client. (Building fails before any body is read, so the
    /// error's body type is the caller's to choose.)
    ///
    /// Fails on a base URL that is not a URL, on credentials for a scheme
    /// the API does not have, and on plain `http://` to any host but this
    /// machine when there are credentials: they would travel in clear text.
    pub fn build<E: fmt::Debug>(self) -> Result<Client, Error<E>> {
        let uri = super::build_uri(&self.base_url, "/", "")?;
        if uri.scheme_str() != Some("https") && !self.credentials.is_empty() {
            let host = uri.host().unwrap_or_default();
            if !is_loopback(host) {
                return Err(Error::InsecureBaseUrl { host: host.to_owned() });
            }
        }
        if let Some(scheme) =
            self.credentials.keys().find(|name| !self.schemes.iter().any(|s| s.name == **name))
        {
            return Err(Error::InvalidCredentials {
                scheme: (*scheme).to_owned(),
                reason: "the API has no security scheme of that name",
            });
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .redirect(match self.follow_redirects {
                        true => reqwest::redirect::Policy::limited(10),
                        false => reqwest::redirect::Policy::none(),
                    });
                if let Some(user_agent) = &self.user_agent {
                    builder = builder.user_agent(user_agent.as_str());
                }
                builder.build().map_err(|source| Error::Transport {
                    client_request_id: String::new(),
                    attempts: 0,
                    source,
                })?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                tokens: TokenCache::new(),
                user_agent: self.user_agent.unwrap_or_default(),
                base_url: self.base_url,
                schemes: self.schemes,
                credentials: self.credentials,
                token_scopes: self.token_scopes,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                max_request_bytes: self.max_request_bytes,
                check_api_versions: self.check_api_versions,
                permits: self.max_concurrent_requests.map(|limit| Arc::new(Semaphore::new(limit))),
                on_retry: self.on_retry,
                request_id_header: self.request_id_header,
                retry_attempt_header: self.retry_attempt_header,
                headers: self.headers,
            }),
        })
    }
}

/// Sends operations. Cheap to clone: clones share one connection pool, one
/// token cache and one limit on requests in flight.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

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
            false => operation.to_http_request_for_any_version(&inner.base_url)?,
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

    const SCHEMES: &[SecurityScheme] =
        &[SecurityScheme { name: "oauth", kind: super::super::SchemeKind::Bearer }];

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

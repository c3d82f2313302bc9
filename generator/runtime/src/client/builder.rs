//! [`ClientBuilder`]: the client's credentials and settings.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::sync::Semaphore;

use super::super::SecurityScheme;
use super::auth::{Credential, Secret, TokenCache};
use super::retry::RetryHook;
use super::wire::is_loopback;
use super::{Client, Error, Inner, Retry, RetryPolicy, TokenProvider};

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
    /// `schemes` (a generated crate's `security::SCHEMES`).
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
        let uri = super::super::build_uri(&self.base_url, "/", "")?;
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

//! An async HTTP client on `reqwest` that sends any operation of
//! this crate and returns its typed response (cargo feature `client`).
//!
//! It is the runtime's client ([`crate::runtime::client`]) configured for
//! Microsoft Graph: national clouds and their `.default` scope, a
//! `client-request-id` on every request and `Retry-Attempt` on every retry,
//! the 4 MB limit on a whole request, and errors that read like Graph's.
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
//! Reading a group's photo, its size and its bytes; a group without a photo
//! is `None` ([`crate::photos::OrNoPhoto`]):
//!
//! ```no_run
//! # async fn run(client: graph_photos::client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use graph_photos::operations::{GetGroupPhoto, GetGroupPhotoContent};
//! use graph_photos::photos::OrNoPhoto as _;
//!
//! let group = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
//! match client.send(&GetGroupPhoto::new(group)).await.photo_or_none()? {
//!     Some(answer) => {
//!         let photo = answer.into_ok().expect("the one documented answer");
//!         println!("{:?} x {:?}", photo.width(), photo.height());
//!         let jpeg = client.send(&GetGroupPhotoContent::new(group)).await?.into_ok();
//!         let bytes = jpeg.map(|binary| binary.data).unwrap_or_default();
//!         std::fs::write("group.jpg", &bytes)?;
//!     }
//!     None => println!("the group has no photo"),
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
//! # Batches (beyond the pages)
//!
//! [`Client::send_batch`] sends a [`Batch`](crate::batch::Batch) of up to
//! 20 operations of any types as one `$batch` request, with everything
//! above, then sends again only the steps the service throttled, each
//! after its own `Retry-After`. [`Client::send_batched`] takes any number
//! of operations of one type, sends them 20 to a batch, at most
//! [`ClientBuilder::max_concurrent_requests`] batches at a time, and
//! returns each one's result in the order given. Batching follows
//! Microsoft's JSON batching guide, not the photo pages, and that the 4 MB
//! limit binds a batch is our assumption: see [`crate::batch`].
//!
//! ```no_run
//! # async fn run(client: graph_photos::client::Client, users: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
//! use graph_photos::operations::GetUserPhoto;
//! use graph_photos::photos::OrNoPhoto as _;
//!
//! let reads: Vec<GetUserPhoto> = users.iter().map(|user| GetUserPhoto::new(user.as_str())).collect();
//! for (user, result) in users.iter().zip(client.send_batched(&reads).await) {
//!     match result.photo_or_none()?.and_then(|answer| answer.into_ok()) {
//!         Some(photo) => println!("{user}: {:?} x {:?}", photo.width(), photo.height()),
//!         None => println!("{user}: no photo"),
//!     }
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
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};

use crate::runtime::client as shared;
use crate::runtime::Operation;
use crate::{ApiVersion, NationalCloud};

#[cfg(feature = "azure-identity")]
mod azure;
mod batch;

pub use shared::{
    AccessToken, BoxError, Retry, RetryPolicy, StaticToken, TokenFuture, TokenProvider,
    TokenRequest,
};

/// Errors from sending a request. `E` is the operation's error body, the
/// Graph error for every operation of this crate.
pub type Error<E = crate::models::ODataError> = shared::Error<E>;

/// The security scheme of the spec that Graph's tokens are for.
const SCHEME: &str = "microsoftIdentityPlatform";

/// Graph limits each REST request, headers included, to 4 MB, read as
/// 4,194,304 bytes.
const MAX_REQUEST_BYTES: u64 = 4 * 1024 * 1024;

/// What this client says it is.
const USER_AGENT: &str = concat!("graph-photos/", env!("CARGO_PKG_VERSION"));

/// Configures a [`Client`].
pub struct ClientBuilder {
    shared: shared::ClientBuilder,
    cloud: NationalCloud,
    scopes: Option<Vec<String>>,
    batching: batch::Batching,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("shared", &self.shared)
            .field("cloud", &self.cloud)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl ClientBuilder {
    /// The Microsoft Graph endpoint of a national cloud and API version.
    ///
    /// Tokens are then asked for that cloud's scope
    /// ([`NationalCloud::default_scope`]) unless [`Self::scopes`] says otherwise.
    #[must_use]
    pub fn cloud(mut self, cloud: NationalCloud, version: ApiVersion) -> Self {
        self.shared = self.shared.base_url(crate::base_url(cloud, version));
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
    pub fn base_url(self, base_url: impl Into<String>) -> Self {
        self.map(|shared| shared.base_url(base_url))
    }

    /// The retry policy (default: [`RetryPolicy::default`]: three retries,
    /// as Microsoft's SDKs do).
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.batching.retry = retry.clone();
        self.map(|shared| shared.retry(retry))
    }

    /// Time-out of one attempt, from sending to the end of the body (default 100 s).
    #[must_use]
    pub fn timeout(self, timeout: Duration) -> Self {
        self.map(|shared| shared.timeout(timeout))
    }

    /// Time-out for establishing a connection (default 10 s).
    #[must_use]
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        self.map(|shared| shared.connect_timeout(timeout))
    }

    /// Largest response body read into memory (default 16 MiB); a larger one
    /// fails with [`Error::ResponseTooLarge`] as soon as the limit is passed.
    #[must_use]
    pub fn max_response_bytes(self, limit: usize) -> Self {
        self.map(|shared| shared.max_response_bytes(limit))
    }

    /// The size every request (request line, headers, token and body) must
    /// stay under; Graph limits each REST request to 4 MB, read as
    /// 4,194,304 bytes (the default). A larger request is refused before
    /// anything is sent.
    #[must_use]
    pub fn max_request_bytes(self, limit: u64) -> Self {
        self.map(|shared| shared.max_request_bytes(limit))
    }

    /// Whether to refuse, before sending, an operation whose documentation
    /// does not cover the base URL's API version (on by default). Graph's
    /// beta sometimes serves more than its pages say: turn this off to send
    /// such requests anyway. A base URL that names no version (a proxy, a
    /// mock) is never checked.
    #[must_use]
    pub fn check_api_versions(mut self, check: bool) -> Self {
        self.batching.check_api_versions = check;
        self.map(|shared| shared.check_api_versions(check))
    }

    /// Whether to follow redirects (up to 10, dropping the `Authorization`
    /// header when the host changes). Off by default: a redirect comes back
    /// as the operation's answer, as it does from the sans-IO layer, so you
    /// decide whether to go where it points.
    #[must_use]
    pub fn follow_redirects(self, follow: bool) -> Self {
        self.map(|shared| shared.follow_redirects(follow))
    }

    /// At most `limit` requests of this client (and its clones) in flight at
    /// once; more wait their turn. Unlimited by default. A request waiting to
    /// retry does not hold a place. Graph throttles per app and tenant, so a
    /// bulk job goes further with a few requests at a time than with a
    /// burst that earns long `Retry-After` penalties.
    #[must_use]
    pub fn max_concurrent_requests(mut self, limit: usize) -> Self {
        self.batching.max_concurrent_requests = Some(limit);
        self.map(|shared| shared.max_concurrent_requests(limit))
    }

    /// Calls `hook` before each retry, with the retry's number, delay,
    /// status and request ids: for logs and metrics in bulk jobs. A
    /// throttled step of a batch sent again counts too, with the step's
    /// operation, its status and `request-id`, and no `client_request_id`
    /// (a step has none of its own).
    #[must_use]
    pub fn on_retry(mut self, hook: impl Fn(&Retry<'_>) + Send + Sync + 'static) -> Self {
        let hook: batch::RetryHook = Arc::new(hook);
        self.batching.on_retry = Some(Arc::clone(&hook));
        self.map(|shared| shared.on_retry(move |retry: &Retry<'_>| hook(retry)))
    }

    /// A `reqwest::Client` of your own (proxies, TLS settings); the time-outs
    /// and redirect setting here are then not applied.
    #[must_use]
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.map(|shared| shared.http_client(http))
    }

    /// Builds the client.
    ///
    /// Fails on a base URL that is not a URL, and on plain `http://` to any
    /// host but this machine: the bearer token would travel in clear text.
    pub fn build(self) -> Result<Client, Error> {
        let scopes = self.scopes.unwrap_or_else(|| vec![self.cloud.default_scope()]);
        let shared = self.shared.token_scopes(scopes).build()?;
        Ok(Client { shared, batching: Arc::new(self.batching) })
    }

    fn map(mut self, change: impl FnOnce(shared::ClientBuilder) -> shared::ClientBuilder) -> Self {
        self.shared = change(self.shared);
        self
    }
}

/// Sends operations to Microsoft Graph. Cheap to clone: clones share one
/// connection pool.
#[derive(Clone)]
pub struct Client {
    shared: shared::Client,
    batching: Arc<batch::Batching>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client").field("shared", &self.shared).finish()
    }
}

impl Client {
    /// A builder for the global v1.0 endpoint with tokens from `tokens`.
    pub fn builder(tokens: impl TokenProvider + 'static) -> ClientBuilder {
        let shared = shared::ClientBuilder::new(
            crate::base_url(NationalCloud::Global, ApiVersion::V1),
            crate::security::SCHEMES,
        )
        .bearer(SCHEME, tokens)
        .max_request_bytes(MAX_REQUEST_BYTES)
        .request_id_header("client-request-id")
        .header(
            HeaderName::from_static("return-client-request-id"),
            HeaderValue::from_static("true"),
        )
        .retry_attempt_header("retry-attempt")
        .user_agent(USER_AGENT);
        let batching = batch::Batching::default();
        ClientBuilder { shared, cloud: NationalCloud::Global, scopes: None, batching }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.shared.base_url()
    }

    /// Sends `operation` and returns its typed response, retrying throttled
    /// (429) and unavailable (503, 504) responses as the policy allows. A
    /// 401 drops the token and is retried once with a fresh one.
    pub async fn send<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<O::Response, Error<O::ErrorBody>> {
        self.shared.send(operation).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_show_in_debug_output() {
        let builder = Client::builder(StaticToken::new("super-secret-token"));
        assert!(!format!("{builder:?}").contains("super-secret"));
        let client = builder.build().expect("a client");
        assert!(!format!("{client:?}").contains("super-secret"));
    }
}

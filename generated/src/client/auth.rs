//! Bearer tokens: where they come from, for which scopes, and how long the
//! client keeps them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio::sync::Mutex;

use super::BoxError;

/// A token is refreshed this long before it expires, so none expires in flight.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// A bearer token. Its `Debug` output never shows the secret.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    expires_at: Option<SystemTime>,
}

impl AccessToken {
    /// Wraps a bearer token (without the `Bearer ` prefix). Without an
    /// expiry, the client uses it until the service rejects it with 401.
    pub fn new(token: impl Into<String>) -> Self {
        Self { secret: token.into(), expires_at: None }
    }

    /// The token with the time it expires: the client asks for a new one
    /// five minutes before.
    #[must_use]
    pub fn expires_at(mut self, at: SystemTime) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// The secret itself, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// When the token expires, when its provider said.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expires_at
    }

    /// Whether the client may still send it.
    fn is_fresh(&self) -> bool {
        self.expires_at.is_none_or(|at| at > SystemTime::now() + REFRESH_BEFORE_EXPIRY)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What a token is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenRequest {
    /// The scopes to ask the identity platform for: by default the
    /// `.default` scope of the client's national cloud, such as
    /// `https://graph.microsoft.com/.default` (see
    /// [`NationalCloud::default_scope`](crate::NationalCloud::default_scope)).
    pub scopes: Vec<String>,
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, BoxError>> + Send + 'a>>;

/// Supplies bearer tokens. The client keeps the token it gets (one request
/// for any number of concurrent calls) until it nears its expiry or the
/// service rejects it with 401. Closures taking a `&TokenRequest` and
/// returning a future implement it, and so, with the `azure-identity`
/// feature, does an `Arc` of any `azure_core` `TokenCredential` (every
/// `azure_identity` credential).
pub trait TokenProvider: Send + Sync {
    /// A token for `request`'s scopes.
    fn token<'a>(&'a self, request: &'a TokenRequest) -> TokenFuture<'a>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn(&TokenRequest) -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, BoxError>> + Send + 'static,
{
    fn token<'a>(&'a self, request: &'a TokenRequest) -> TokenFuture<'a> {
        Box::pin(self(request))
    }
}

/// A fixed token, for scripts and tests; it ignores the scopes.
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider that always returns `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(AccessToken::new(token))
    }
}

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _: &'a TokenRequest) -> TokenFuture<'a> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The client's token, shared by every call of a client and its clones.
pub(super) struct TokenCache {
    provider: Arc<dyn TokenProvider>,
    request: TokenRequest,
    current: Mutex<Option<AccessToken>>,
}

impl TokenCache {
    pub(super) fn new(provider: Arc<dyn TokenProvider>, scopes: Vec<String>) -> Self {
        Self { provider, request: TokenRequest { scopes }, current: Mutex::new(None) }
    }

    /// The kept token while fresh, else a new one. Calls arriving while a
    /// token is being fetched wait for it rather than asking again.
    pub(super) async fn get(&self) -> Result<AccessToken, BoxError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref().filter(|token| token.is_fresh()) {
            return Ok(token.clone());
        }
        let token = self.provider.token(&self.request).await?;
        *current = Some(token.clone());
        Ok(token)
    }

    /// Forgets `rejected` (unless another call already replaced it).
    pub(super) async fn reject(&self, rejected: &AccessToken) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|token| token.secret == rejected.secret) {
            *current = None;
        }
    }
}

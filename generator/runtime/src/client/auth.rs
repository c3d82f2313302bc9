//! Credentials: bearer tokens (where they come from, for which scopes, and
//! how long the client keeps them), user names with passwords, and API
//! keys. No secret ever shows in `Debug` output.

use std::collections::BTreeMap;
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
    /// The scopes to ask the authorization server for: those of the
    /// operation's security requirement, unless the client was told to ask
    /// for others ([`ClientBuilder::token_scopes`](super::ClientBuilder::token_scopes)).
    pub scopes: Vec<String>,
    /// The security scheme the token is for, as the spec names it.
    pub scheme: &'static str,
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, BoxError>> + Send + 'a>>;

/// Supplies bearer tokens (HTTP bearer, OAuth2 and OpenID Connect schemes).
/// The client keeps each token it gets (one request for any number of
/// concurrent calls) until it nears its expiry or the service rejects it
/// with 401. Closures taking a `&TokenRequest` and returning a future
/// implement it.
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

/// A text that must not appear in logs: its `Debug` output is redacted.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Secret(pub(super) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The credentials given for one security scheme.
#[derive(Clone)]
pub(super) enum Credential {
    /// Tokens for a bearer, OAuth2 or OpenID Connect scheme.
    Tokens(Arc<dyn TokenProvider>),
    /// A user name and password for HTTP basic.
    Basic { username: String, password: Secret },
    /// An API key.
    Key(Secret),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tokens(_) => f.write_str("Tokens(<provider>)"),
            Self::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Self::Key(key) => f.debug_tuple("Key").field(key).finish(),
        }
    }
}

/// The client's tokens, by scheme and scopes, shared by every call of a
/// client and its clones.
pub(super) struct TokenCache {
    current: Mutex<BTreeMap<TokenRequestKey, AccessToken>>,
}

type TokenRequestKey = (&'static str, Vec<String>);

impl TokenCache {
    pub(super) fn new() -> Self {
        Self { current: Mutex::new(BTreeMap::new()) }
    }

    /// The kept token for `request` while fresh, else a new one from
    /// `provider`. Calls arriving while a token is being fetched wait for
    /// it rather than asking again.
    pub(super) async fn get(
        &self,
        provider: &dyn TokenProvider,
        request: &TokenRequest,
    ) -> Result<AccessToken, BoxError> {
        let mut current = self.current.lock().await;
        let key = (request.scheme, request.scopes.clone());
        if let Some(token) = current.get(&key).filter(|token| token.is_fresh()) {
            return Ok(token.clone());
        }
        let token = provider.token(request).await?;
        current.insert(key, token.clone());
        Ok(token)
    }

    /// Forgets `rejected` (unless another call already replaced it).
    pub(super) async fn reject(&self, request: &TokenRequest, rejected: &AccessToken) {
        let mut current = self.current.lock().await;
        let key = (request.scheme, request.scopes.clone());
        if current.get(&key).is_some_and(|token| token.secret == rejected.secret) {
            current.remove(&key);
        }
    }
}

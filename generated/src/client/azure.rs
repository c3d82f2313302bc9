//! Tokens from Azure identity credentials (cargo feature `azure-identity`).

use std::sync::Arc;
use std::time::SystemTime;

use azure_core::credentials::TokenCredential;

use super::{AccessToken, TokenFuture, TokenProvider, TokenRequest};

/// Any credential of `azure_identity` (`DeveloperToolsCredential`,
/// `ManagedIdentityCredential`, `ClientSecretCredential`, ...) or your own
/// [`TokenCredential`], behind an `Arc` as `azure_identity` returns them, is
/// a token provider: it is asked for the client's scopes, and the client
/// keeps each token until five minutes before the `expires_on` the
/// credential reports.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let credential = azure_identity::DeveloperToolsCredential::new(None)?;
/// let client = graph_photos::client::Client::builder(credential).build()?;
/// # Ok(())
/// # }
/// ```
impl<C> TokenProvider for Arc<C>
where
    C: TokenCredential + ?Sized + 'static,
{
    fn token<'a>(&'a self, request: &'a TokenRequest) -> TokenFuture<'a> {
        Box::pin(async move {
            let scopes: Vec<&str> = request.scopes.iter().map(String::as_str).collect();
            let token = self.get_token(&scopes, None).await?;
            Ok(AccessToken::new(token.token.secret())
                .expires_at(SystemTime::from(token.expires_on)))
        })
    }
}

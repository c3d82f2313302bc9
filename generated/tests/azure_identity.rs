//! An `azure_core` credential as the client's token provider: asked for the
//! cloud's scope, its token sent as the bearer and kept until near expiry.

#![cfg(feature = "azure-identity")]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use azure_core::time::OffsetDateTime;
use graph_photos::client::Client;
use graph_photos::operations::GetMyPhoto;
use graph_photos::{ApiVersion, NationalCloud};
use support::{graph_error, reply, ScriptedServer};

const PHOTO_JSON: &[u8] = br#"{"id":"240x240","height":240,"width":240}"#;

/// Hands out `azure-0`, `azure-1`, ... each valid for `lifetime`, and
/// records the scopes it was asked for.
#[derive(Debug)]
struct FakeCredential {
    lifetime: Duration,
    asked: Mutex<Vec<Vec<String>>>,
}

#[async_trait::async_trait]
impl TokenCredential for FakeCredential {
    async fn get_token(
        &self,
        scopes: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> azure_core::Result<AccessToken> {
        let mut asked = self.asked.lock().expect("log");
        asked.push(scopes.iter().map(|scope| scope.to_string()).collect());
        let expires_on = OffsetDateTime::now_utc() + self.lifetime;
        Ok(AccessToken::new(format!("azure-{}", asked.len() - 1), expires_on))
    }
}

fn credential(lifetime: Duration) -> Arc<FakeCredential> {
    Arc::new(FakeCredential { lifetime, asked: Mutex::new(Vec::new()) })
}

fn ok() -> Vec<u8> {
    reply("200 OK", &[("content-type", "application/json")], PHOTO_JSON)
}

#[tokio::test]
async fn the_credential_is_asked_for_the_clouds_scope_and_its_token_is_kept() {
    let server = ScriptedServer::start(vec![ok(), ok()]);
    let credential = credential(Duration::from_secs(3600));
    let client = Client::builder(Arc::clone(&credential))
        .cloud(NationalCloud::UsGovL4, ApiVersion::V1)
        .base_url(server.base_url())
        .build()
        .expect("client");
    client.send(&GetMyPhoto::new()).await.expect("first");
    client.send(&GetMyPhoto::new()).await.expect("second");
    let received = server.received();
    assert_eq!(received[0].header("authorization"), Some("Bearer azure-0"));
    assert_eq!(received[1].header("authorization"), Some("Bearer azure-0"));
    let asked = credential.asked.lock().expect("log").clone();
    assert_eq!(asked, [["https://graph.microsoft.us/.default"]]);
}

#[tokio::test]
async fn the_credentials_expiry_is_honoured_and_a_401_asks_again() {
    let unauthorized = reply(
        "401 Unauthorized",
        &[("content-type", "application/json")],
        &graph_error("InvalidAuthenticationToken", "r"),
    );
    let server = ScriptedServer::start(vec![ok(), unauthorized, ok()]);
    // Four minutes left is inside the five-minute refresh window.
    let credential: Arc<dyn TokenCredential> = credential(Duration::from_secs(240));
    let client = Client::builder(credential).base_url(server.base_url()).build().expect("client");
    client.send(&GetMyPhoto::new()).await.expect("first");
    client.send(&GetMyPhoto::new()).await.expect("after a 401");
    let bearers: Vec<_> = server
        .received()
        .iter()
        .map(|request| request.header("authorization").map(str::to_owned))
        .collect();
    let expected = ["Bearer azure-0", "Bearer azure-1", "Bearer azure-2"].map(|b| Some(b.into()));
    assert_eq!(bearers, expected);
}

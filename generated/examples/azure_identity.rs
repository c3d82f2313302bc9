//! Reads your own profile photo with a token from `azure_identity`: the
//! credential that `az login` or `azd auth login` left on this machine, or
//! a service principal's secret. The client asks the credential for the
//! `.default` scope of its national cloud and keeps each token until it
//! nears expiry.
//!
//! ```sh
//! # As yourself, after `az login`:
//! cargo run -p graph-photos --features azure-identity --example azure_identity
//!
//! # As an app (application permission ProfilePhoto.Read.All), for a user:
//! AZURE_TENANT_ID=... AZURE_CLIENT_ID=... AZURE_CLIENT_SECRET=... \
//!   cargo run -p graph-photos --features azure-identity --example azure_identity -- alice@contoso.com
//! ```

use std::sync::Arc;

use azure_core::credentials::{Secret, TokenCredential};
use azure_identity::{ClientSecretCredential, DeveloperToolsCredential};
use graph_photos::client::Client;
use graph_photos::operations::{GetMyPhoto, GetUserPhoto};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let user = std::env::args().nth(1);
    let credential: Arc<dyn TokenCredential> = match app_secret() {
        Some((tenant, client_id, secret)) => {
            ClientSecretCredential::new(&tenant, client_id, Secret::new(secret), None)?
        }
        None => DeveloperToolsCredential::new(None)?,
    };
    let client = Client::builder(credential).build()?;

    let photo = match user {
        Some(user) => client.send(&GetUserPhoto::new(user)).await.map(|r| r.into_ok()),
        None => client.send(&GetMyPhoto::new()).await.map(|r| r.into_ok()),
    };
    match photo {
        Ok(Some(photo)) => {
            println!("{:?} x {:?} pixels", photo.width(), photo.height())
        }
        Ok(None) => println!("the service answered without a photo"),
        Err(error) if error.is_not_found() => println!("no photo"),
        Err(error) => return Err(error.into()),
    }
    Ok(())
}

/// A service principal's tenant, client id and secret, when all three are set.
fn app_secret() -> Option<(String, String, String)> {
    let var = |name| std::env::var(name).ok();
    Some((var("AZURE_TENANT_ID")?, var("AZURE_CLIENT_ID")?, var("AZURE_CLIENT_SECRET")?))
}

//! The crate without its client: build an `http::Request`, send it with any
//! HTTP client (here `reqwest`, blocking on a runtime), parse the response.
//!
//! ```sh
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example sans_io -- alice@contoso.com
//! ```

use graph_photos::operations::GetUserPhoto;
use graph_photos::{base_url, ApiVersion, NationalCloud, Operation};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN")
        .map_err(|_| "set GRAPH_TOKEN to a Microsoft Graph access token")?;
    let user = std::env::args().nth(1).ok_or("usage: sans_io USER")?;
    let base = std::env::var("GRAPH_BASE_URL")
        .unwrap_or_else(|_| base_url(NationalCloud::Global, ApiVersion::V1));

    let request = GetUserPhoto::new(user).to_http_request(&base)?;
    let (parts, body) = request.into_parts();
    let sent = reqwest::Client::new()
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .bearer_auth(token)
        .body(body)
        .send()
        .await?;

    let mut response = http::Response::builder().status(sent.status());
    for (name, value) in sent.headers() {
        response = response.header(name, value);
    }
    let response = response.body(sent.bytes().await?)?;
    match GetUserPhoto::parse_response(response) {
        Ok(photo) => println!("{photo:?}"),
        Err(error) => eprintln!("Graph said no: {error}"),
    }
    Ok(())
}

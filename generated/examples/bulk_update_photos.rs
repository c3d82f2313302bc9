//! Updates many users' photos at once, through throttling, and reports each
//! user's result: the client bounds concurrency, waits out `Retry-After`,
//! and tells you each time it retries.
//!
//! ```sh
//! # One JPEG for every user named (a token with ProfilePhoto.ReadWrite.All or User.ReadWrite.All):
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example bulk_update_photos -- photo.jpg alice@contoso.com bob@contoso.com
//!
//! # Against a local server, for example Prism with the project's spec:
//! GRAPH_TOKEN=test GRAPH_BASE_URL=http://127.0.0.1:4010 cargo run -p graph-photos --features client --example bulk_update_photos -- photo.jpg alice bob
//! ```

use std::time::Duration;

use graph_photos::client::{Client, StaticToken};
use graph_photos::operations::SetUserPhotoContent;
use tokio::task::JoinSet;

const USAGE: &str = "usage: bulk_update_photos FILE USER...";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN")
        .map_err(|_| "set GRAPH_TOKEN to a Microsoft Graph access token")?;
    let mut args = std::env::args().skip(1);
    let file = args.next().ok_or(USAGE)?;
    let users: Vec<String> = args.collect();
    if users.is_empty() {
        return Err(USAGE.into());
    }
    let jpeg =
        bytes::Bytes::from(std::fs::read(&file).map_err(|e| format!("cannot read {file}: {e}"))?);

    let mut builder = Client::builder(StaticToken::new(token))
        // Graph throttles per app and tenant: a few requests at a time go
        // further than a burst that earns long Retry-After penalties.
        .max_concurrent_requests(4)
        .on_retry(|retry| {
            eprintln!(
                "retry {} of {} in {:.1} s after {} (request-id {})",
                retry.attempt,
                retry.operation_id,
                retry.delay.as_secs_f64(),
                retry.status.map_or_else(|| "a connection error".to_owned(), |s| s.to_string()),
                retry.request_id.unwrap_or("none"),
            );
        });
    if let Ok(base_url) = std::env::var("GRAPH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // Every task shares the client (one connection pool, one concurrency
    // limit) and the photo (`Bytes` is reference-counted, never copied).
    let mut tasks = JoinSet::new();
    for user in users {
        let (client, jpeg) = (client.clone(), jpeg.clone());
        tasks.spawn(async move {
            let result = client.send(&SetUserPhotoContent::new(user.as_str(), jpeg)).await;
            (user, result)
        });
    }
    let (mut updated, mut failed) = (0, 0);
    while let Some(joined) = tasks.join_next().await {
        let (user, result) = joined?;
        match result {
            Ok(_) => {
                updated += 1;
                println!("{user}: updated");
            }
            Err(error) if error.is_not_found() => {
                failed += 1;
                println!("{user}: no such user, or no mailbox for a photo ({error})");
            }
            Err(error) => {
                failed += 1;
                let wait = error.retry_after().map_or(String::new(), |after| {
                    format!("; the service asks to wait {}", humanize(after))
                });
                println!("{user}: failed: {error}{wait}");
            }
        }
    }
    println!("{updated} updated, {failed} failed");
    Ok(())
}

fn humanize(delay: Duration) -> String {
    format!("{} s", delay.as_secs())
}

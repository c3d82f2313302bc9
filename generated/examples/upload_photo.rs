//! Uploads a JPEG as a profile photo, then reads the photo's metadata back.
//!
//! ```sh
//! # Against the real service (a token with ProfilePhoto.ReadWrite.All or User.ReadWrite):
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example upload_photo -- me photo.jpg
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example upload_photo -- user alice@contoso.com photo.jpg
//! GRAPH_TOKEN=eyJ0... cargo run -p graph-photos --features client --example upload_photo -- group 02bd9fd6-... photo.jpg
//!
//! # Against a local server, for example Prism with the project's spec:
//! npx prism mock spec/graph-photos.yaml --port 4010 &
//! GRAPH_TOKEN=test GRAPH_BASE_URL=http://127.0.0.1:4010 cargo run -p graph-photos --features client --example upload_photo -- me photo.jpg
//! ```

use graph_photos::client::{Client, StaticToken};
use graph_photos::operations::{
    GetGroupPhoto, GetMyPhoto, GetUserPhoto, SetGroupPhotoContent, SetMyPhotoContent,
    SetUserPhotoContent,
};

const USAGE: &str = "usage: upload_photo (me FILE | user USER FILE | group GROUP FILE)";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("GRAPH_TOKEN")
        .map_err(|_| "set GRAPH_TOKEN to a Microsoft Graph access token")?;
    let mut builder = Client::builder(StaticToken::new(token));
    if let Ok(base_url) = std::env::var("GRAPH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let read = |path: &str| -> Result<bytes::Bytes, Box<dyn std::error::Error>> {
        Ok(bytes::Bytes::from(std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?))
    };
    let photo = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["me", file] => {
            client.send(&SetMyPhotoContent::new(read(file)?)).await?;
            format!("{:?}", client.send(&GetMyPhoto::new()).await?)
        }
        ["user", user, file] => {
            client.send(&SetUserPhotoContent::new(*user, read(file)?)).await?;
            format!("{:?}", client.send(&GetUserPhoto::new(*user)).await?)
        }
        ["group", group, file] => {
            client.send(&SetGroupPhotoContent::new(*group, read(file)?)).await?;
            format!("{:?}", client.send(&GetGroupPhoto::new(*group)).await?)
        }
        _ => return Err(USAGE.into()),
    };
    println!("uploaded; the photo is now {photo}");
    Ok(())
}

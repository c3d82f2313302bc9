//! Photo sizes as a type, and a missing photo as `None`: sans-IO, and with
//! the client against a scripted local server.

mod support;

use bytes::Bytes;

use graph_photos::models::{PhotoSize, ProfilePhoto};
use graph_photos::operations::{
    GetGroupPhotoSizeContent, GetMyPhotoSize, GetUserPhoto, GetUserPhotoContent,
    GetUserPhotoContentResponse, ListUserPhotos, ListUserPhotosResponse,
};
use graph_photos::photos::{OrNoPhoto as _, PhotoError as _, NO_PHOTO_CODES};
use graph_photos::Operation;

const BASE: &str = "https://graph.microsoft.com/v1.0";

fn answer(status: u16, body: &'static [u8]) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Bytes::from_static(body))
        .expect("response")
}

fn listed(ids: &[&str]) -> Vec<ProfilePhoto> {
    let photo = |id: &&str| {
        let mut photo = ProfilePhoto::default();
        photo.id = Some((*id).to_owned());
        photo
    };
    ids.iter().map(photo).collect()
}

#[test]
fn the_documented_sizes_are_variants_and_others_are_kept() {
    let documented = [
        "48x48", "64x64", "96x96", "120x120", "240x240", "360x360", "432x432", "504x504", "648x648",
    ];
    for size in documented {
        let parsed = PhotoSize::from(size);
        assert!(!matches!(parsed, PhotoSize::Undocumented(_)), "{size}");
        assert_eq!(parsed.as_str(), size);
        assert_eq!(parsed.pixels(), size.split_once('x').and_then(|(w, _)| w.parse().ok()));
    }
    let added: PhotoSize = serde_json::from_str(r#""1024x1024""#).expect("a new size reads");
    assert!(matches!(added, PhotoSize::Undocumented(_)));
    assert_eq!((added.as_str(), added.pixels()), ("1024x1024", Some(1024)));
    assert_eq!(serde_json::to_string(&added).unwrap(), r#""1024x1024""#);
    assert_eq!(PhotoSize::from("small").pixels(), None);
    assert_eq!(PhotoSize::from("48x64").pixels(), None);
    for nonsense in ["0x0", "-5x-5", "99999999999x99999999999"] {
        assert_eq!(PhotoSize::from(nonsense).pixels(), None, "{nonsense}");
    }
}

/// A photo's width and height read plainly, in the type of a size's
/// pixels: absent and `null` alike are `None`, while the fields keep
/// which it was for writing the value back.
#[test]
fn width_and_height_read_plainly_in_the_type_of_pixels() {
    let read = |json: &str| serde_json::from_str::<ProfilePhoto>(json).expect("a photo");
    let sized = read(r#"{"id": "96x96", "width": 96, "height": 96}"#);
    assert_eq!((sized.width(), sized.height()), (Some(96), Some(96)));
    let size = PhotoSize::from(sized.id.as_deref().expect("an id"));
    assert_eq!(size.pixels(), sized.width());
    let null = read(r#"{"width": null}"#);
    assert_eq!((null.width(), null.height()), (None, None));
    assert_eq!((null.width, null.height), (Some(None), None));
    assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"width":null}"#);
}

#[test]
fn a_size_goes_into_the_path_as_a_variant_or_a_string() {
    let typed = GetMyPhotoSize::new(PhotoSize::V240x240).to_http_request(BASE).unwrap();
    assert_eq!(typed.uri(), "https://graph.microsoft.com/v1.0/me/photos/240x240");
    let text = GetGroupPhotoSizeContent::new("g1", String::from("48x48"));
    assert_eq!(text.profile_photo_id, PhotoSize::V48x48);
    // An undocumented size is still one path segment, encoded.
    let odd = GetMyPhotoSize::new("1/2").to_http_request(BASE).unwrap();
    assert_eq!(odd.uri(), "https://graph.microsoft.com/v1.0/me/photos/1%2F2");
}

#[test]
fn nearest_picks_the_closest_listed_size_and_the_larger_of_a_tie() {
    let photos = listed(&["48x48", "64x64", "96x96", "120x120", "240x240"]);
    assert_eq!(PhotoSize::nearest(&photos, 100), Some(PhotoSize::V96x96));
    assert_eq!(PhotoSize::nearest(&photos, 1), Some(PhotoSize::V48x48));
    assert_eq!(PhotoSize::nearest(&photos, 5000), Some(PhotoSize::V240x240));
    // 56 is 8 from 48 and from 64: the larger scales down cleanly.
    assert_eq!(PhotoSize::nearest(&photos, 56), Some(PhotoSize::V64x64));
    // Sizes the service adds later count too; ids that are no size do not.
    let photos = listed(&["48x48", "1024x1024", "default"]);
    assert_eq!(PhotoSize::nearest(&photos, 900).map(|size| size.pixels()), Some(Some(1024)));
    assert_eq!(PhotoSize::nearest(&listed(&["default"]), 48), None);
    assert_eq!(PhotoSize::nearest(&[], 48), None);
}

#[test]
fn the_nearest_size_of_a_listed_answer_downloads() {
    let list = answer(
        200,
        br#"{"value":[{"id":"48x48","height":48,"width":48},{"id":"96x96","height":96,"width":96}]}"#,
    );
    let ListUserPhotosResponse::Ok(listed) = ListUserPhotos::parse_response(list).unwrap();
    let size = PhotoSize::nearest(&listed.value, 90).expect("listed");
    let request = GetGroupPhotoSizeContent::new("g1", size).to_http_request(BASE).unwrap();
    assert_eq!(request.uri().path(), "/v1.0/groups/g1/photos/96x96/$value");
}

#[test]
fn no_photo_is_none_and_every_other_answer_is_kept() {
    for code in NO_PHOTO_CODES {
        let body = format!(r#"{{"error":{{"code":"{code}","message":"No photo."}}}}"#);
        let missing = answer(404, Box::leak(body.into_bytes().into_boxed_slice()));
        let parsed = GetUserPhotoContent::parse_response(missing);
        assert!(parsed.as_ref().is_err_and(|error| error.is_no_photo()), "{code}");
        assert_eq!(parsed.photo_or_none().unwrap(), None, "{code}");
    }
    // A user that does not exist is an error, not a missing photo.
    let no_user =
        answer(404, br#"{"error":{"code":"Request_ResourceNotFound","message":"No such user."}}"#);
    let error = GetUserPhoto::parse_response(no_user).photo_or_none().unwrap_err();
    assert_eq!(
        error.service_error().and_then(|error| error.code()),
        Some("Request_ResourceNotFound")
    );
    // Nor is a 404 that says nothing, or another status with the code.
    assert!(GetUserPhoto::parse_response(answer(404, b"")).photo_or_none().is_err());
    let forbidden = answer(403, br#"{"error":{"code":"ImageNotFound","message":"?"}}"#);
    assert!(GetUserPhoto::parse_response(forbidden).photo_or_none().is_err());

    let photo = answer(200, br#"{"id":"240x240","height":240,"width":240}"#);
    let found = GetUserPhoto::parse_response(photo).photo_or_none().unwrap();
    assert_eq!(
        found.and_then(|answer| answer.into_ok()).and_then(|photo| photo.width).flatten(),
        Some(240)
    );
    let bytes = http::Response::builder()
        .status(200)
        .header("content-type", "image/jpeg")
        .body(Bytes::from_static(b"\xFF\xD8\xFF"))
        .unwrap();
    let content = GetUserPhotoContent::parse_response(bytes).photo_or_none().unwrap();
    assert!(
        matches!(content, Some(GetUserPhotoContentResponse::Ok(binary)) if binary.data.len() == 3)
    );
}

#[test]
fn a_media_type_in_another_case_is_the_documented_one() {
    // `image/Jpeg` has been seen from the service; media types ignore case.
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "image/Jpeg")
        .body(Bytes::from_static(b"\xFF\xD8\xFF\xE0"))
        .unwrap();
    let GetUserPhotoContentResponse::Ok(binary) =
        GetUserPhotoContent::parse_response(response).unwrap();
    assert_eq!(binary.content_type.as_deref(), Some("image/Jpeg"));
    assert_eq!(binary.data.as_ref(), b"\xFF\xD8\xFF\xE0");
}

#[cfg(feature = "client")]
#[tokio::test]
async fn with_the_client_no_photo_is_none_after_one_request() {
    use support::{graph_error, reply, ScriptedServer};

    let server = ScriptedServer::start(vec![
        reply(
            "404 Not Found",
            &[("content-type", "application/json")],
            &graph_error("ImageNotFound", "r1"),
        ),
        reply(
            "404 Not Found",
            &[("content-type", "application/json")],
            &graph_error("Request_ResourceNotFound", "r2"),
        ),
    ]);
    let client = support::clients::client(&server);
    let missing = client.send(&GetUserPhotoContent::new("alice")).await.photo_or_none();
    assert!(matches!(missing, Ok(None)), "{missing:?}");
    let no_user = client.send(&GetUserPhotoContent::new("nobody")).await.photo_or_none();
    assert!(no_user.is_err_and(|error| error.is_not_found() && !error.is_no_photo()));
    assert_eq!(server.received().len(), 2);
}

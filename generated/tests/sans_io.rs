//! The sans-IO contract of the crate, independent of any HTTP client:
//! requests are exactly what the spec describes, path parameters can never
//! change the path, bodies are checked and shared, and parsing a response
//! never panics, whatever the status, headers or body.

use bytes::Bytes;
use graph_photos::models::{ODataError, ProfilePhoto};
use graph_photos::operations::{
    DeleteUserPhotoContent, GetMyPhoto, GetMyPhotoResponse, GetUserPhoto, GetUserPhotoContent,
    ListUserPhotos, ListUserPhotosResponse, SetUserContactFolderContactPhotoContent,
    SetUserPhotoContent, SetUserPhotoContentResponse, UpdateMyPhoto, UpdateUserPhoto,
    UpdateUserPhotoResponse,
};
use graph_photos::{
    base_url, AnyApiVersion, ApiVersion, NationalCloud, Operation, RequestError, ResponseError,
};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

const BASE: &str = "https://graph.microsoft.com/v1.0";

fn response(status: u16, headers: &[(&str, &str)], body: &'static [u8]) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from_static(body)).expect("response")
}

#[test]
fn json_update_is_a_patch_with_the_documented_body() {
    let mut photo = ProfilePhoto::default();
    (photo.height, photo.width) = (Some(Some(6)), Some(Some(5)));
    photo.odata_type = Some("#microsoft.graph.profilePhoto".into());
    let request =
        UpdateUserPhoto::new("alice@contoso.com", photo).to_http_request(BASE).expect("request");
    assert_eq!(request.method(), http::Method::PATCH);
    assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/users/alice%40contoso.com/photo");
    assert_eq!(request.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({"@odata.type": "#microsoft.graph.profilePhoto", "height": 6, "width": 5})
    );
}

#[test]
fn binary_upload_shares_the_callers_buffer_and_checks_the_limit() {
    // Under 4 MiB: page 002 limits the whole request to 4 MB.
    let limit = 4 * 1024 * 1024 - 1;
    let image = jpeg(limit);
    let request = SetUserPhotoContent::new("alice", image.clone())
        .to_http_request(BASE)
        .expect("one byte under 4 MiB is allowed");
    assert_eq!(request.headers()["content-type"], "image/jpeg");
    assert_eq!(request.body().as_ptr(), image.as_ptr(), "the image must not be copied");

    let error = SetUserPhotoContent::new("alice", jpeg(limit + 1))
        .to_http_request(BASE)
        .expect_err("over the limit");
    assert!(matches!(error, RequestError::BodyTooLarge { limit: 4_194_303, actual: 4_194_304 }));
    assert_eq!(
        error.to_string(),
        "request body is 4194304 bytes, over the documented limit of 4194303 bytes"
    );
}

/// `len` bytes that start as a JPEG does.
fn jpeg(len: usize) -> Bytes {
    let mut data = vec![0u8; len];
    data[..3].copy_from_slice(b"\xFF\xD8\xFF");
    Bytes::from(data)
}

#[test]
fn uploads_refuse_what_is_no_jpeg_unless_told_otherwise() {
    let png = Bytes::from_static(b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR");
    let error = SetUserPhotoContent::new("alice", png.clone()).to_http_request(BASE).unwrap_err();
    assert!(
        matches!(error, RequestError::BodyNotMediaType { media_type: "image/jpeg" }),
        "{error}"
    );
    assert!(error.to_string().contains("call `skip_signature_check()`"), "{error}");
    let sent = SetUserPhotoContent::new("alice", png.clone()).skip_signature_check();
    assert_eq!(sent.to_http_request(BASE).expect("sent as told").body(), &png);

    // Empty: under the minimum, whatever the opt-out.
    let empty = SetUserPhotoContent::new("alice", Bytes::new()).skip_signature_check();
    let error = empty.to_http_request(BASE).unwrap_err();
    assert!(matches!(error, RequestError::BodyTooSmall { min: 1, actual: 0 }), "{error}");
    assert_eq!(
        error.to_string(),
        "request body is 0 bytes, under the documented minimum of 1 bytes"
    );
    // Two of the three JPEG bytes are not enough.
    let short = SetUserPhotoContent::new("alice", &b"\xFF\xD8"[..]).to_http_request(BASE);
    assert!(matches!(short, Err(RequestError::BodyNotMediaType { .. })));
}

#[test]
fn uploads_take_anything_that_becomes_bytes() {
    let from_vec = SetUserPhotoContent::new("alice", vec![0xFF, 0xD8, 0xFF]);
    let from_static = SetUserPhotoContent::new("alice", &b"\xFF\xD8\xFF"[..]);
    for upload in [from_vec, from_static] {
        let request = upload.to_http_request(BASE).expect("request");
        assert_eq!(request.body().as_ref(), b"\xFF\xD8\xFF");
    }
}

#[test]
fn debug_output_shows_a_binary_body_by_size() {
    let upload = SetUserPhotoContent::new("alice", Bytes::from(vec![0x42; 1000]));
    let debug = format!("{upload:?}");
    assert_eq!(
        debug,
        r#"SetUserPhotoContent { user_id: "alice", body: <1000 bytes>, skip_signature_check: false }"#
    );
}

#[test]
fn every_path_parameter_is_encoded_and_headers_are_checked() {
    let request = SetUserContactFolderContactPhotoContent::new(
        "a b",
        "c/d",
        "e?f#g",
        Bytes::from_static(b"\xFF\xD8\xFF"),
    )
    .to_http_request(&base_url(NationalCloud::China, ApiVersion::V1))
    .expect("request");
    assert_eq!(
        request.uri(),
        "https://microsoftgraph.chinacloudapi.cn/v1.0/users/a%20b/contactfolders/c%2Fd/contacts/e%3Ff%23g/photo/$value"
    );
    let delete = DeleteUserPhotoContent::new("alice")
        .if_match("W/\"etag\"")
        .to_http_request(BASE)
        .expect("request");
    assert_eq!(delete.headers()["if-match"], "W/\"etag\"");
    let injected = DeleteUserPhotoContent::new("alice")
        .if_match("x\r\nAuthorization: Bearer stolen")
        .to_http_request(BASE);
    assert!(matches!(injected, Err(RequestError::InvalidHeader { name: "If-Match" })));
}

#[test]
fn an_operation_is_refused_for_a_version_that_does_not_document_it() {
    let mut photo = ProfilePhoto::default();
    (photo.height, photo.width) = (Some(Some(6)), Some(Some(5)));
    let beta_only = UpdateMyPhoto::new(photo);
    assert_eq!(UpdateMyPhoto::API_VERSIONS, ["beta"]);
    let error =
        beta_only.to_http_request(&base_url(NationalCloud::Global, ApiVersion::V1)).unwrap_err();
    assert!(
        matches!(
            error,
            RequestError::UndocumentedApiVersion {
                operation: "updateMyPhoto",
                version: "v1.0",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(beta_only.to_http_request(&base_url(NationalCloud::Global, ApiVersion::Beta)).is_ok());
    // Opting out sends it anyway; a base URL naming no version is never checked.
    let anyway =
        beta_only.to_http_request_for_any_version(&base_url(NationalCloud::Global, ApiVersion::V1));
    assert_eq!(anyway.unwrap().uri(), "https://graph.microsoft.com/v1.0/me/photo");
    assert!(beta_only.to_http_request("http://127.0.0.1:4010").is_ok());
}

#[test]
fn bad_base_urls_are_refused() {
    for base in [
        "graph.microsoft.com/v1.0",
        "ftp://graph.microsoft.com",
        "https://",
        "https://host/v1.0?x=1",
        "https://host/#frag",
    ] {
        let error = GetMyPhoto::new().to_http_request(base).expect_err(base);
        assert!(matches!(error, RequestError::InvalidBaseUrl { .. }), "{base}: {error:?}");
    }
    let trailing = GetMyPhoto::new()
        .to_http_request("https://graph.microsoft.com/v1.0/")
        .expect("trailing slash");
    assert_eq!(trailing.uri(), "https://graph.microsoft.com/v1.0/me/photo");
}

#[test]
fn a_single_success_reads_without_a_match() {
    let photo = UpdateUserPhoto::parse_response(response(200, &[], br#"{"height":240}"#))
        .expect("parsed")
        .into_ok()
        .expect("the 200 answer");
    assert_eq!(photo.height, Some(Some(240)));
}

#[test]
fn members_the_spec_does_not_name_are_kept_for_the_write_back() {
    // OData annotations beyond the documented `@odata.type` (these two are
    // the service's usual ones, not shown on the photo pages).
    let body = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users('a')/photo/$entity","@odata.mediaEtag":"W/\"1\"","id":"240x240","height":240,"width":240}"#;
    let mut photo = GetUserPhoto::parse_response(response(200, &[], body))
        .expect("parsed")
        .into_ok()
        .expect("the 200 answer");
    assert_eq!(photo.additional_properties["@odata.mediaEtag"], r#"W/"1""#);
    photo.height = Some(Some(120));
    let written = serde_json::to_value(&photo).expect("serialises");
    let mut expected: serde_json::Value = serde_json::from_slice(body).expect("JSON");
    expected["height"] = 120.into();
    assert_eq!(written, expected);
}

#[test]
fn responses_parse_into_documented_variants() {
    let ok = UpdateUserPhoto::parse_response(response(
        200,
        &[],
        br#"{"id":"240x240","height":240,"width":240}"#,
    ));
    assert!(
        matches!(ok, Ok(UpdateUserPhotoResponse::Ok(ProfilePhoto { height: Some(Some(240)), .. }))),
        "{ok:?}"
    );
    assert_eq!(
        UpdateUserPhoto::parse_response(response(204, &[], b"")).expect("204"),
        UpdateUserPhotoResponse::NoContent
    );
    assert_eq!(
        SetUserPhotoContent::parse_response(response(200, &[], b"")).expect("200"),
        SetUserPhotoContentResponse::Ok
    );
    let list = ListUserPhotos::parse_response(response(
        200,
        &[],
        br#"{"value":[{"id":"48x48","height":48,"width":48}]}"#,
    ));
    assert!(
        matches!(list, Ok(ListUserPhotosResponse::Ok(ref photos)) if photos.value.len() == 1),
        "{list:?}"
    );

    let error = GetUserPhotoContent::parse_response(response(
        404,
        &[("request-id", "abc")],
        br#"{"error":{"code":"ImageNotFound","message":"none","innerError":{"request-id":"abc","date":"2026-01-01T00:00:00Z","extra":1}}}"#,
    ))
    .expect_err("404");
    let service = error.service_error().expect("service error");
    assert_eq!(service.code(), Some("ImageNotFound"));
    assert_eq!(service.request_id(), Some("abc"));
    let body: &ODataError = service.body.as_ref().expect("typed body");
    assert_eq!(
        body.error.inner_error.as_ref().and_then(|inner| inner.request_id.as_deref()),
        Some("abc")
    );

    // The other spelling of innerError some pages use.
    let error = GetMyPhoto::parse_response(response(
        403,
        &[],
        br#"{"error":{"code":"Forbidden","message":"no","innererror":{"request-id":"r2"}}}"#,
    ))
    .expect_err("403");
    assert_eq!(error.service_error().and_then(|e| e.request_id()), Some("r2"));

    let undocumented =
        GetMyPhoto::parse_response(response(201, &[], b"{}")).expect_err("201 is not documented");
    assert!(matches!(undocumented, ResponseError::UnexpectedStatus { .. }));
    assert!(matches!(
        GetMyPhoto::parse_response(response(200, &[], b"<html>")),
        Err(ResponseError::Decode { .. })
    ));
    assert!(matches!(
        GetMyPhoto::parse_response(response(200, &[], b"{}")),
        Ok(GetMyPhotoResponse::Ok(_))
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Whatever the id, it is refused or sent as exactly one path segment
    /// that decodes back to it.
    #[test]
    fn any_user_id_stays_one_segment(id in "\\PC{0,24}|[./@%#? ]{0,6}") {
        match UpdateUserPhoto::new(id.as_str(), ProfilePhoto::default()).to_http_request(BASE) {
            Ok(request) => {
                let path = request.uri().path();
                let segments: Vec<&str> = path.split('/').collect();
                prop_assert_eq!(segments.len(), 5, "{}", path);
                prop_assert_eq!(&segments[..3], &["", "v1.0", "users"]);
                prop_assert_eq!(segments[4], "photo");
                let decoded = percent_decode_str(segments[3]).decode_utf8().expect("UTF-8");
                prop_assert_eq!(decoded.as_ref(), id.as_str());
                prop_assert!(request.uri().query().is_none());
            }
            Err(error) => {
                prop_assert!(matches!(error, RequestError::InvalidPathParameter { .. }), "{:?}", error);
                prop_assert!(id.is_empty() || id == "." || id == "..", "{:?} refused", id);
            }
        }
    }

    /// Parsing never panics, whatever comes back.
    #[test]
    fn parsing_any_response_never_panics(
        status in 100u16..600,
        body in prop::collection::vec(any::<u8>(), 0..256),
        header in "[a-z-]{1,12}",
        value in "[ -~]{0,32}",
    ) {
        let build = || {
            http::Response::builder()
                .status(status)
                .header(header.as_str(), value.as_str())
                .body(Bytes::from(body.clone()))
                .expect("response")
        };
        let _ = UpdateUserPhoto::parse_response(build());
        let _ = GetUserPhotoContent::parse_response(build());
        let _ = ListUserPhotos::parse_response(build());
        if let Err(error) = SetUserPhotoContent::parse_response(build()) {
            let _ = error.to_string();
        }
    }
}

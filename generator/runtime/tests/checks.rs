//! The checks a body passes before it is sent: documented sizes, and the
//! signature of the media type it is sent as.

use apicrate_runtime as runtime;

use bytes::Bytes;
use runtime::signatures::{signatures, SIGNATURES};
use runtime::RequestError;

#[test]
fn a_body_must_start_with_its_media_types_signature() {
    let jpeg = Bytes::from_static(b"\xFF\xD8\xFF\xE0\x00\x10JFIF");
    let png = Bytes::from_static(b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR");
    assert!(runtime::check_body_signature("image/jpeg", &jpeg).is_ok());
    assert!(runtime::check_body_signature("image/png", &png).is_ok());
    assert!(runtime::check_body_signature("image/gif", &Bytes::from_static(b"GIF89a..")).is_ok());
    assert!(
        runtime::check_body_signature("application/pdf", &Bytes::from_static(b"%PDF-1.7")).is_ok()
    );

    let error = runtime::check_body_signature("image/jpeg", &png).unwrap_err();
    assert!(matches!(error, RequestError::BodyNotMediaType { media_type: "image/jpeg" }));
    assert!(runtime::check_body_signature("image/png", &jpeg).is_err());
    assert!(runtime::check_body_signature("image/jpeg", &Bytes::new()).is_err());
    assert!(runtime::check_body_signature("image/jpeg", &Bytes::from_static(b"\xFF\xD8")).is_err());
}

#[test]
fn media_types_without_a_signature_pass_and_case_does_not_matter() {
    let anything = Bytes::from_static(b"anything");
    for media_type in ["application/octet-stream", "image/webp", "text/plain", ""] {
        assert!(runtime::check_body_signature(media_type, &anything).is_ok(), "{media_type}");
    }
    assert!(signatures("Image/JPEG; q=1").is_some());
    assert!(runtime::check_body_signature("IMAGE/Jpeg", &anything).is_err());
    // The table is what the generator reads too: lowercase, no parameters.
    for (media_type, prefixes) in SIGNATURES {
        assert_eq!(*media_type, media_type.to_ascii_lowercase());
        assert!(!media_type.contains(';') && !prefixes.is_empty());
    }
}

#[test]
fn a_body_under_its_documented_minimum_is_refused() {
    assert!(runtime::check_body_min_size(&Bytes::from_static(b"x"), 1).is_ok());
    let error = runtime::check_body_min_size(&Bytes::new(), 1).unwrap_err();
    assert!(matches!(error, RequestError::BodyTooSmall { min: 1, actual: 0 }));
    assert_eq!(
        error.to_string(),
        "request body is 0 bytes, under the documented minimum of 1 bytes"
    );
}

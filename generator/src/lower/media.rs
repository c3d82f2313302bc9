//! Media types: which ones the generated code can read and write, and which
//! one it uses when a body or response offers several.

use indexmap::IndexMap;
use openapiv3::MediaType;

/// How the generated code handles a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaClass {
    /// `application/json` and `+json` types: a typed value.
    Json,
    /// Anything that is not text: bytes.
    Binary,
    /// `text/*`: a string.
    Text,
    /// Forms and multipart bodies.
    Unsupported,
}

pub(super) fn classify(media_type: &str) -> MediaClass {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        MediaClass::Json
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
        MediaClass::Unsupported
    } else {
        MediaClass::Binary
    }
}

/// The media type the generated code uses: JSON first, then binary, then
/// text (the declaration order of `MediaClass`), ties broken by name.
pub(super) fn choose(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    content
        .iter()
        .min_by_key(|(media_type, _)| (classify(media_type), media_type.as_str()))
        .map(|(media_type, content)| (media_type.as_str(), content))
}

//! Media types: how the generated code reads and writes each, the order in
//! which several for one body or response are offered, and the names of
//! their variants.

use indexmap::IndexMap;
use openapiv3::MediaType;

use crate::ir::Ident;
use crate::naming;

/// How the generated code handles a media type, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaClass {
    /// `application/json` and `+json` types: a typed value.
    Json,
    /// `application/x-www-form-urlencoded`: a typed value, as a form.
    Form,
    /// `multipart/*`: typed parts.
    Multipart,
    /// Anything that is not text: bytes.
    Binary,
    /// `text/*` and XML: a string.
    Text,
}

/// The media type without parameters, in lower case (`application/json`).
pub(super) fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

pub(super) fn classify(media_type: &str) -> MediaClass {
    let essence = essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence.starts_with("text/")
        || essence == "application/xml"
        || essence.ends_with("+xml")
    {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

/// Whether the media type is a range (`image/*`, `*/*`), not one type.
pub(super) fn is_range(media_type: &str) -> bool {
    essence(media_type).contains('*')
}

/// The media types of `content` in order of preference, ties by name.
pub(super) fn ordered(content: &IndexMap<String, MediaType>) -> Vec<(&str, &MediaType)> {
    let mut all: Vec<(&str, &MediaType)> =
        content.iter().map(|(name, object)| (name.as_str(), object)).collect();
    all.sort_by_key(|(media_type, _)| (classify(media_type), *media_type));
    all
}

/// The media type the generated code prefers, when only one is used.
pub(super) fn choose(content: &IndexMap<String, MediaType>) -> Option<(&str, &MediaType)> {
    ordered(content).into_iter().next()
}

/// A variant name for a media type: `Json`, `Form`, `Multipart`, `Text`,
/// `Bytes`, `Any`, or its words (`ImageJpeg`, `MergePatchJson`).
pub(super) fn variant_name(media_type: &str) -> Ident {
    let essence = essence(media_type);
    let words = match essence.as_str() {
        "application/json" => "Json",
        "application/x-www-form-urlencoded" => "Form",
        "multipart/form-data" => "Multipart",
        "text/plain" => "Text",
        "application/octet-stream" => "Bytes",
        "*/*" => "Any",
        other => other.strip_prefix("application/").unwrap_or(other),
    };
    naming::upper_camel(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_their_essence() {
        assert_eq!(classify("application/json; charset=utf-8"), MediaClass::Json);
        assert_eq!(classify("Application/Problem+JSON"), MediaClass::Json);
        assert_eq!(classify("application/merge-patch+json"), MediaClass::Json);
        assert_eq!(classify("application/x-www-form-urlencoded"), MediaClass::Form);
        assert_eq!(classify("multipart/mixed; boundary=x"), MediaClass::Multipart);
        assert_eq!(classify("text/csv"), MediaClass::Text);
        assert_eq!(classify("application/atom+xml"), MediaClass::Text);
        assert_eq!(classify("image/*"), MediaClass::Binary);
        assert_eq!(classify("*/*"), MediaClass::Binary);
        assert_eq!(classify("application/octet-stream"), MediaClass::Binary);
        assert!(is_range("image/*") && is_range("*/*") && !is_range("image/png"));
    }

    #[test]
    fn variants_are_named_after_media_types() {
        let names: Vec<String> =
            ["application/json", "application/merge-patch+json", "image/jpeg", "image/*", "*/*"]
                .into_iter()
                .map(|media_type| variant_name(media_type).to_string())
                .collect();
        assert_eq!(names, ["Json", "MergePatchJson", "ImageJpeg", "Image", "Any"]);
    }
}

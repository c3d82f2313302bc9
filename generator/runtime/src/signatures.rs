//! The first bytes of media types whose bodies are checked before they are
//! sent: a body sent as one of these must start with one of its signatures
//! (its "magic number"), so a PNG or an empty file is never sent as
//! `image/jpeg`. The generator reads this table too: only bodies of these
//! media types get the check, and the request's `skip_signature_check()`.

/// Each media type (lowercase, without parameters) with the prefixes its
/// bodies start with.
pub const SIGNATURES: &[(&str, &[&[u8]])] = &[
    ("image/jpeg", &[b"\xFF\xD8\xFF"]),
    ("image/png", &[b"\x89PNG\r\n\x1A\n"]),
    ("image/gif", &[b"GIF87a", b"GIF89a"]),
    ("application/pdf", &[b"%PDF-"]),
];

/// The signatures of `media_type` (case and parameters aside), if it has any.
pub fn signatures(media_type: &str) -> Option<&'static [&'static [u8]]> {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    let known = SIGNATURES.iter().find(|(known, _)| known.eq_ignore_ascii_case(essence));
    known.map(|(_, prefixes)| *prefixes)
}

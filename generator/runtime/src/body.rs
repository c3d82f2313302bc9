//! Request bodies, built sans-IO into bytes and a `Content-Type`: JSON,
//! forms (`application/x-www-form-urlencoded`, each property written by its
//! OpenAPI encoding, as query strings are), multipart bodies (RFC 7578,
//! with a boundary that occurs in none of the parts), text and bytes.

use bytes::Bytes;
use http::header::HeaderValue;
use serde::Serialize;

use super::params::{scalar_text, to_value, Query};
use super::{as_request, header_value, Binary, RequestError, Style};

/// A request body with its `Content-Type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Content {
    /// The `Content-Type` header.
    pub content_type: HeaderValue,
    /// The body.
    pub bytes: Bytes,
}

impl Content {
    /// A body of a media type the spec names (visible ASCII, checked when
    /// the code was generated).
    pub fn new(media_type: &'static str, bytes: Bytes) -> Self {
        Self { content_type: HeaderValue::from_static(media_type), bytes }
    }
}

/// Bytes with the content type the caller gave (for a media type range
/// such as `image/*`), `application/octet-stream` when it gave none.
pub fn binary_body(value: &Binary) -> Result<Content, RequestError> {
    let media_type = value.content_type.as_deref().unwrap_or("application/octet-stream");
    let content_type = header_value("Content-Type", media_type)?;
    // `Bytes::clone` shares the buffer.
    Ok(Content { content_type, bytes: value.data.clone() })
}

/// How one property of a form is written: name, style, explode,
/// allowReserved. Properties not listed are `form`, exploded.
pub type FieldEncoding = (&'static str, Style, bool, bool);

/// A form body: every property of `value` (an object) as query pairs,
/// written by its encoding.
pub fn form_body<T: Serialize + ?Sized>(
    media_type: &'static str,
    value: &T,
    encodings: &[FieldEncoding],
) -> Result<Content, RequestError> {
    let value = to_value(value)?;
    Ok(Content::new(media_type, Bytes::from(form_text(value, encodings))))
}

/// [`form_body`]'s text, written once for every type (not generic).
fn form_text(value: serde_json::Value, encodings: &[FieldEncoding]) -> String {
    let mut form = Query::default();
    match value {
        serde_json::Value::Object(properties) => {
            for (property, value) in properties {
                let encoding = encodings.iter().find(|(name, ..)| *name == property);
                let (style, explode, allow_reserved) = encoding
                    .map_or((Style::Form, true, false), |&(_, style, explode, reserved)| {
                        (style, explode, reserved)
                    });
                form.styled_value(&property, style, explode, allow_reserved, value);
            }
        }
        // A form of one value has no names to give; nothing is sent for null.
        serde_json::Value::Null => {}
        other => form.text("value", &scalar_text(&other), false),
    }
    form.as_str().to_owned()
}

/// A file in a multipart body.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    /// The bytes (shared, not copied, until the body is assembled).
    pub data: Bytes,
    /// The file name the part declares.
    pub file_name: Option<String>,
    /// The part's content type; the spec's default when `None`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes, without a name.
    pub fn new(data: impl Into<Bytes>) -> Self {
        Self { data: data.into(), file_name: None, content_type: None }
    }

    /// The same file with a name.
    #[must_use]
    pub fn file_name(self, file_name: impl Into<String>) -> Self {
        Self { file_name: Some(file_name.into()), ..self }
    }

    /// The same file with a content type.
    #[must_use]
    pub fn content_type(self, content_type: impl Into<String>) -> Self {
        Self { content_type: Some(content_type.into()), ..self }
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("data", &format_args!("<{} bytes>", self.data.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A value that is the parts of a multipart body (generated for each
/// multipart schema).
pub trait MultipartBody {
    /// Adds every part that is set to `parts`.
    fn write_parts(&self, parts: &mut Multipart) -> Result<(), RequestError>;
}

/// A multipart body under construction: parts in order.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<(String, Bytes)>,
}

impl Multipart {
    /// A part holding a scalar (a string, number, boolean or enum) as text.
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), RequestError> {
        let text = scalar_text(&to_value(value)?);
        self.part(name, None, None, Bytes::from(text))
    }

    /// A part holding a value serialised as `content_type` (JSON).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: &str,
    ) -> Result<(), RequestError> {
        let json = as_request(|| serde_json::to_vec(value))?;
        self.part(name, None, Some(content_type), Bytes::from(json))
    }

    /// A file part; `default_type` when the file names no content type.
    pub fn file(
        &mut self,
        name: &str,
        file: &FilePart,
        default_type: &str,
    ) -> Result<(), RequestError> {
        let content_type = file.content_type.as_deref().unwrap_or(default_type);
        self.part(
            name,
            Some(file.file_name.as_deref().unwrap_or(name)),
            Some(content_type),
            file.data.clone(),
        )
    }

    fn part(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
        body: Bytes,
    ) -> Result<(), RequestError> {
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        if let Some(content_type) = content_type {
            // Checked like a header value: a newline cannot start a new header.
            header_value("Content-Type", content_type)?;
            head.push_str(&format!("\r\nContent-Type: {content_type}"));
        }
        self.parts.push((head, body));
        Ok(())
    }

    /// The body, with a boundary that occurs in no part, and its
    /// `Content-Type` (`media_type; boundary=...`).
    pub fn finish(self, media_type: &str) -> Result<Content, RequestError> {
        let boundary = (0u64..)
            .map(|n| format!("boundary-{n:016x}"))
            .find(|boundary| {
                self.parts.iter().all(|(head, body)| {
                    !contains(head.as_bytes(), boundary) && !contains(body, boundary)
                })
            })
            .unwrap_or_default();
        let size: usize = self
            .parts
            .iter()
            .map(|(head, body)| head.len() + body.len() + boundary.len() + 10)
            .sum();
        let mut bytes = Vec::with_capacity(size + boundary.len() + 8);
        for (head, body) in &self.parts {
            bytes.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
            bytes.extend_from_slice(body);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type =
            header_value("Content-Type", &format!("{media_type}; boundary={boundary}"))?;
        Ok(Content { content_type, bytes: Bytes::from(bytes) })
    }
}

/// A multipart body of `value`'s parts.
pub fn multipart_body<T: MultipartBody + ?Sized>(
    media_type: &str,
    value: &T,
) -> Result<Content, RequestError> {
    let mut parts = Multipart::default();
    value.write_parts(&mut parts)?;
    parts.finish(media_type)
}

/// A name or file name inside quotes, as browsers write them (WHATWG):
/// `"`, CR and LF percent-encoded, everything else as it is (UTF-8).
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle.as_bytes())
}

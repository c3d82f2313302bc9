//! A step as the JSON batching guide lays it out, written once when the
//! step is added, and the batch body made of those steps.

use std::fmt;

use base64::Engine as _;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::Method;

use super::{is_json, BatchError};
use crate::runtime::RequestError;

/// One step, as JSON text.
#[derive(Clone)]
pub(super) struct StepJson {
    pub(super) id: String,
    pub(super) operation_id: &'static str,
    method: Method,
    url: String,
    pub(super) depends_on: Vec<String>,
    /// `{"id":...,"method":...,"url":...,"headers":{...},"body":...`: all
    /// but `dependsOn`, which a retry of some steps rewrites.
    head: String,
    /// `,"dependsOn":[...]}`, or `}` without dependencies.
    tail: String,
}

impl fmt::Debug for StepJson {
    // Bodies (photos) are left out: their size says enough.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Step")
            .field("id", &self.id)
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("depends_on", &self.depends_on)
            .field("json_bytes", &self.len())
            .finish()
    }
}

impl StepJson {
    /// The step `id` that sends `request` as `url` (relative to the base).
    pub(super) fn new(
        id: String,
        operation_id: &'static str,
        request: &http::Request<Bytes>,
        url: String,
        depends_on: Vec<String>,
    ) -> Result<Self, BatchError> {
        let body = request.body();
        let mut head = String::with_capacity(128 + body.len() / 3 * 4);
        head.push_str("{\"id\":");
        head.push_str(&json_string(&id));
        head.push_str(",\"method\":");
        head.push_str(&json_string(request.method().as_str()));
        head.push_str(",\"url\":");
        head.push_str(&json_string(&url));
        let headers = request.headers();
        if !headers.is_empty() {
            head.push_str(",\"headers\":{");
            for (index, name) in headers.keys().enumerate() {
                if index > 0 {
                    head.push(',');
                }
                let values: Vec<_> = headers
                    .get_all(name)
                    .iter()
                    .map(|value| String::from_utf8_lossy(value.as_bytes()))
                    .collect();
                head.push_str(&json_string(&title_case(name.as_str())));
                head.push(':');
                head.push_str(&json_string(&values.join(", ")));
            }
            head.push('}');
        }
        if !body.is_empty() {
            head.push_str(",\"body\":");
            let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok());
            if content_type.is_some_and(is_json) {
                // Inline, as it is: checked to be JSON, so it cannot break
                // the batch's own JSON.
                serde_json::from_slice::<serde::de::IgnoredAny>(body).map_err(|source| {
                    BatchError::Request {
                        operation: operation_id,
                        source: RequestError::from(source),
                    }
                })?;
                head.push_str(&String::from_utf8_lossy(body));
            } else {
                head.push('"');
                base64::engine::general_purpose::STANDARD.encode_string(body, &mut head);
                head.push('"');
            }
        }
        let method = request.method().clone();
        let tail = tail(&depends_on);
        Ok(Self { id, operation_id, method, url, depends_on, head, tail })
    }

    /// The step's size in the batch body, in bytes.
    pub(super) fn len(&self) -> u64 {
        (self.head.len() + self.tail.len()) as u64
    }

    /// The same step, depending only on the steps `keep` accepts.
    pub(super) fn keeping_dependencies(&self, keep: impl Fn(&str) -> bool) -> Self {
        let depends_on: Vec<String> =
            self.depends_on.iter().filter(|id| keep(id)).cloned().collect();
        Self { tail: tail(&depends_on), depends_on, ..self.clone() }
    }
}

/// `,"dependsOn":[...]}` or `}`.
fn tail(depends_on: &[String]) -> String {
    if depends_on.is_empty() {
        return "}".to_owned();
    }
    let ids: Vec<String> = depends_on.iter().map(|id| json_string(id)).collect();
    format!(",\"dependsOn\":[{}]}}", ids.join(","))
}

/// `text` as a JSON string, quoted and escaped.
fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// `content-type` as `Content-Type`: how the guide writes header names
/// (they are case-insensitive all the same).
fn title_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut word_start = true;
    for character in name.chars() {
        out.push(if word_start { character.to_ascii_uppercase() } else { character });
        word_start = character == '-';
    }
    out
}

/// The request target of `uri` relative to the base URL's path:
/// `https://graph.microsoft.com/v1.0/me/photo` is `/me/photo` against
/// `https://graph.microsoft.com/v1.0`.
pub(super) fn relative_url(
    base_url: &str,
    operation: &'static str,
    uri: &http::Uri,
) -> Result<String, BatchError> {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let base_path = after_scheme.find('/').map_or("", |start| &after_scheme[start..]);
    let target = uri.path_and_query().map_or("/", |target| target.as_str());
    match target.strip_prefix(base_path) {
        Some(relative) if relative.starts_with('/') => Ok(relative.to_owned()),
        _ => Err(BatchError::NotUnderBase {
            operation,
            url: uri.to_string(),
            base_url: base_url.to_owned(),
        }),
    }
}

/// `{"requests":[step,step,...]}`, `size` bytes.
pub(super) fn body(steps: &[StepJson], size: u64) -> Bytes {
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    out.extend_from_slice(b"{\"requests\":[");
    for (index, step) in steps.iter().enumerate() {
        if index > 0 {
            out.push(b',');
        }
        out.extend_from_slice(step.head.as_bytes());
        out.extend_from_slice(step.tail.as_bytes());
    }
    out.extend_from_slice(b"]}");
    debug_assert_eq!(out.len() as u64, size, "the batch body's size is kept as steps are added");
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_written_as_the_guide_writes_them() {
        assert_eq!(title_case("content-type"), "Content-Type");
        assert_eq!(title_case("accept"), "Accept");
        assert_eq!(title_case("if-match"), "If-Match");
    }

    #[test]
    fn urls_are_relative_to_the_base_path() {
        let uri: http::Uri =
            "https://graph.microsoft.com/v1.0/me/photo/$value".parse().expect("uri");
        let relative = relative_url("https://graph.microsoft.com/v1.0", "op", &uri);
        assert_eq!(relative.expect("under the base"), "/me/photo/$value");
        let relative = relative_url(
            "http://127.0.0.1:4010",
            "op",
            &"http://127.0.0.1:4010/me/photo?a=b".parse().expect("uri"),
        );
        assert_eq!(relative.expect("under the base"), "/me/photo?a=b");
        let other = relative_url("https://graph.microsoft.com/beta", "op", &uri);
        assert!(matches!(other, Err(BatchError::NotUnderBase { .. })));
    }

    #[test]
    fn ids_in_depends_on_are_escaped() {
        assert_eq!(tail(&["a\"b".to_owned()]), r#","dependsOn":["a\"b"]}"#);
        assert_eq!(tail(&[]), "}");
    }
}

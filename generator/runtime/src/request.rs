//! Building a request: the path, one percent-encoded segment per
//! parameter; the URI from a base URL; headers; the body and its limits.

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use http::Method;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::{as_request, RequestError};

/// Characters kept as they are in a path segment: RFC 3986 unreserved ones.
/// Everything else, `/`, `?`, `#`, `%`, `@` and non-ASCII included, is encoded,
/// so a value can never change the path's structure.
pub(super) const PATH_SEGMENT: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Appends `value` to `path` as one percent-encoded path segment.
///
/// Empty values and the dot segments `.` and `..` are refused: they would
/// change which resource the path names once a server normalises it.
pub fn push_path_segment(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), RequestError> {
    let reason = match value {
        "" => Some("it is empty"),
        "." | ".." => Some("`.` and `..` are dot segments that change the path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParameter { name, reason });
    }
    path.extend(utf8_percent_encode(value, PATH_SEGMENT));
    Ok(())
}

/// Fills a path template such as `/pets/{pet-id}/photo` with `values`,
/// one per `{parameter}` in order, each percent-encoded as one segment by
/// [`push_path_segment`]. A template whose parameters and values do not
/// pair up is an error naming the first parameter (or the template) at fault.
pub fn expand_path(template: &'static str, values: &[&str]) -> Result<String, RequestError> {
    let mut path = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some((literal, after)) = rest.split_once('{') {
        path.push_str(literal);
        let Some((name, after)) = after.split_once('}') else {
            let reason = "the path template does not close it with `}`";
            return Err(RequestError::InvalidPathParameter { name: after, reason });
        };
        let Some(value) = values.next() else {
            let reason = "the operation gives no value for it";
            return Err(RequestError::InvalidPathParameter { name, reason });
        };
        push_path_segment(&mut path, name, value)?;
        rest = after;
    }
    if values.next().is_some() {
        let reason = "the operation gives more values than the path template has parameters";
        return Err(RequestError::InvalidPathParameter { name: template, reason });
    }
    path.push_str(rest);
    Ok(path)
}

/// Joins a base URL, an encoded path and an encoded query string (empty for
/// none, see [`Query`](super::Query)) into a URI.
pub fn build_uri(base_url: &str, path: &str, query: &str) -> Result<http::Uri, RequestError> {
    let invalid = |reason| RequestError::InvalidBaseUrl { base_url: base_url.to_owned(), reason };
    let base = base_url.trim_end_matches('/');
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("it has no host"));
    }
    if rest.contains(['?', '#']) {
        return Err(invalid("it must not have a query or fragment"));
    }
    let mut uri = String::with_capacity(base.len() + path.len() + query.len() + 1);
    uri.push_str(base);
    uri.push_str(path);
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(query);
    }
    http::Uri::try_from(uri).map_err(|error| RequestError::Http(error.into()))
}

/// Parses a header parameter's value, refusing control characters.
pub fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, RequestError> {
    HeaderValue::from_str(value).map_err(|_| RequestError::InvalidHeader { name })
}

/// Checks a body against a documented size limit.
pub fn check_body_size(body: &Bytes, limit: u64) -> Result<(), RequestError> {
    let actual = u64::try_from(body.len()).unwrap_or(u64::MAX);
    if actual > limit {
        return Err(RequestError::BodyTooLarge { limit, actual });
    }
    Ok(())
}

/// Checks a body against a documented minimum size (`minLength`).
pub fn check_body_min_size(body: &Bytes, min: u64) -> Result<(), RequestError> {
    let actual = u64::try_from(body.len()).unwrap_or(u64::MAX);
    if actual < min {
        return Err(RequestError::BodyTooSmall { min, actual });
    }
    Ok(())
}

/// Checks that a body sent as `media_type` starts with one of that media
/// type's [signatures](super::signatures::SIGNATURES); a media type without
/// any passes.
pub fn check_body_signature(media_type: &'static str, body: &Bytes) -> Result<(), RequestError> {
    match super::signatures::signatures(media_type) {
        Some(prefixes) if !prefixes.iter().any(|prefix| body.starts_with(prefix)) => {
            Err(RequestError::BodyNotMediaType { media_type })
        }
        _ => Ok(()),
    }
}

/// A JSON body of the media type the spec names (`application/json`, or
/// another JSON type), serialised.
pub fn json_body<T: serde::Serialize>(
    media_type: &'static str,
    value: &T,
) -> Result<super::Content, RequestError> {
    let bytes = as_request(|| serde_json::to_vec(value))?;
    Ok(super::Content::new(media_type, Bytes::from(bytes)))
}

/// Assembles the final request.
pub fn build_request(
    method: Method,
    uri: http::Uri,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<super::Content>,
) -> Result<http::Request<Bytes>, RequestError> {
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let body = match body {
        Some(content) => {
            builder = builder.header(CONTENT_TYPE, content.content_type);
            content.bytes
        }
        None => Bytes::new(),
    };
    Ok(builder.body(body)?)
}

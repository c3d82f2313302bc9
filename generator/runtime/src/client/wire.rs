//! What goes over the wire besides the operation itself: which hosts may see
//! credentials in clear text, how big a request really is, and reading a
//! body under a limit.

use std::fmt;

use bytes::{Bytes, BytesMut};

use super::Error;

/// Whether `host` (as in a URL: IPv6 in brackets) is this machine.
pub(super) fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The size of `request` as the client sends it: the request line, its
/// headers, those the HTTP client adds (user agent, host, accept, length,
/// a retry's attempt header) and the body.
pub(super) fn request_size(request: &http::Request<Bytes>, user_agent: &str) -> u64 {
    let line = |name: &str, value: usize| (name.len() + 2 + value + 2) as u64;
    let uri = request.uri();
    let target = uri.path_and_query().map_or(1, |target| target.as_str().len());
    let mut size = (request.method().as_str().len() + 1 + target + " HTTP/1.1\r\n".len()) as u64;
    size +=
        request.headers().iter().map(|(name, value)| line(name.as_str(), value.len())).sum::<u64>();
    size += line("retry-attempt", 10); // the longest a u32 can be
    size += line("user-agent", user_agent.len());
    size += line("host", uri.authority().map_or(0, |authority| authority.as_str().len()));
    if !request.headers().contains_key(http::header::ACCEPT) {
        size += line("accept", "*/*".len());
    }
    size += line("content-length", request.body().len().to_string().len());
    size + 2 + request.body().len() as u64
}

/// Reads the body, failing as soon as it passes `limit` bytes.
pub(super) async fn read_limited<E: fmt::Debug>(
    mut response: reqwest::Response,
    limit: usize,
    client_request_id: &str,
) -> Result<Bytes, Error<E>> {
    let too_large = || Error::ResponseTooLarge {
        limit,
        client_request_id: client_request_id.to_owned(),
        attempts: 0,
    };
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(|source| Error::Transport {
        client_request_id: client_request_id.to_owned(),
        attempts: 0,
        source,
    })? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_may_use_plain_http() {
        for host in ["127.0.0.1", "127.8.9.10", "[::1]", "localhost", "LOCALHOST"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["api.example.com", "10.0.0.1", "[::2]", "localhost.evil.example", ""] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}

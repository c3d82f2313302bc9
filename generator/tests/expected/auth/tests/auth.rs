//! The client of the crate generated from `fixtures/auth.yaml` against a
//! loopback server that records every request: each kind of credential
//! lands exactly where the spec puts it, per operation (the `Authorization`
//! header, an API key header, query parameter or cookie); OR and AND
//! requirements, optional and no credentials; a missing credential is an
//! error before anything is sent; a 401 gets one new token, never the same
//! one again; a 429 is retried after its `Retry-After`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fixture_auth::client::{AccessToken, Client, ClientBuilder, Error, StaticToken, TokenRequest};
use fixture_auth::operations::*;
use fixture_auth::Operation;

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A loopback server answering with `answers` in turn (the last one again
/// once they run out), recording what it is sent.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

type Answer = (u16, &'static [(&'static str, &'static str)]);

impl Server {
    fn start(answers: Vec<Answer>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = seen.clone();
        std::thread::spawn(move || {
            for (count, stream) in listener.incoming().enumerate() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let (method, target) =
                    (parts.next().unwrap_or("").to_owned(), parts.next().unwrap_or("").to_owned());
                let mut headers = Vec::new();
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                        break;
                    }
                    if let Some((name, value)) = header.trim_end().split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                        headers.push((name.to_owned(), value.trim().to_owned()));
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                recorded.lock().expect("lock").push(Seen { method, target, headers });
                let (status, extra) = answers[count.min(answers.len() - 1)];
                let body = if status < 300 { r#"{"ok":true}"# } else { r#"{"message":"no"}"# };
                let mut response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (name, value) in extra {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(body);
                let _ = stream.write_all(response.as_bytes());
            }
        });
        Self { base, seen }
    }

    fn ok() -> Self {
        Self::start(vec![(200, &[])])
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    fn last(&self) -> Seen {
        self.seen().pop().expect("a request reached the server")
    }

    fn builder(&self) -> ClientBuilder {
        Client::builder(&self.base)
            .retry(fixture_auth::client::RetryPolicy { max_attempts: 3, ..Default::default() })
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

#[test]
fn each_kind_of_credential_lands_where_the_spec_puts_it() {
    let server = Server::ok();
    let client = server
        .builder()
        .bearer(StaticToken::new("bearer-token"))
        .basic("alice", "s3cret")
        .header_key("header-key")
        .query_key("query key&1")
        .cookie_key("cookie-key")
        .build()
        .expect("a client");
    runtime().block_on(async {
        client.send(&GetBearer::new()).await.expect("bearer");
        let seen = server.last();
        assert_eq!(seen.header("authorization"), Some("Bearer bearer-token"));
        assert_eq!(seen.header("accept"), Some("application/json"));
        assert_eq!(seen.header("x-api-key"), None);

        client.send(&GetBasic::new()).await.expect("basic");
        // base64("alice:s3cret")
        assert_eq!(server.last().header("authorization"), Some("Basic YWxpY2U6czNjcmV0"));

        client.send(&GetHeaderKey::new()).await.expect("header key");
        let seen = server.last();
        assert_eq!(seen.header("x-api-key"), Some("header-key"));
        assert_eq!(seen.header("authorization"), None, "only the requirement's scheme");

        client.send(&GetQueryKey::new().q("a b")).await.expect("query key");
        let seen = server.last();
        assert_eq!(seen.target, "/query-key?q=a%20b&api_key=query%20key%261");
        assert_eq!(seen.header("authorization"), None);

        client.send(&GetCookieKey::new().theme("dark")).await.expect("cookie key");
        assert_eq!(server.last().header("cookie"), Some("theme=dark; session=cookie-key"));
        client.send(&GetCookieKey::new()).await.expect("cookie key alone");
        assert_eq!(server.last().header("cookie"), Some("session=cookie-key"));

        // The spec's default requirement, and none at all.
        client.send(&GetDefault::new()).await.expect("default");
        assert_eq!(server.last().header("authorization"), Some("Bearer bearer-token"));
        client.send(&GetPublic::new()).await.expect("public");
        let seen = server.last();
        assert_eq!((seen.header("authorization"), seen.header("x-api-key")), (None, None));
        assert!(!seen.target.contains("api_key"), "{}", seen.target);
    });
}

/// What token providers were asked for: scheme and scopes.
type Asked = Arc<Mutex<Vec<(String, Vec<String>)>>>;

#[test]
fn oauth_and_openid_tokens_are_asked_for_the_requirement_s_scopes() {
    let server = Server::ok();
    let asked: Asked = Arc::default();
    // A provider that names each token after its scheme and scopes.
    let provider = |asked: Asked| {
        move |request: &TokenRequest| {
            asked.lock().expect("lock").push((request.scheme.to_owned(), request.scopes.clone()));
            let token = format!("{}:{}", request.scheme, request.scopes.join("+"));
            async move { Ok(AccessToken::new(token)) }
        }
    };
    let client = server
        .builder()
        .oauth(provider(asked.clone()))
        .oidc(provider(asked.clone()))
        .build()
        .expect("a client");
    runtime().block_on(async {
        client.send(&ReadWithOauth::new()).await.expect("read");
        assert_eq!(server.last().header("authorization"), Some("Bearer oauth:things.read"));
        client.send(&WriteWithOauth::new()).await.expect("write");
        let seen = server.last();
        assert_eq!(seen.method, "PUT");
        assert_eq!(seen.header("authorization"), Some("Bearer oauth:things.write+things.read"));
        client.send(&ReadWithOauth::new()).await.expect("read again");
        client.send(&GetOidc::new()).await.expect("oidc");
        assert_eq!(server.last().header("authorization"), Some("Bearer oidc:openid"));
    });
    let asked = asked.lock().expect("lock").clone();
    let scopes = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        asked,
        [
            ("oauth".to_owned(), scopes(&["things.read"])),
            ("oauth".to_owned(), scopes(&["things.write", "things.read"])),
            ("oidc".to_owned(), scopes(&["openid"])),
        ],
        "one token per scheme and scopes, kept for the next call"
    );
}

#[test]
fn the_first_requirement_met_is_applied_and_an_unmet_one_sends_nothing() {
    let server = Server::ok();
    runtime().block_on(async {
        // OR: the header key is the first requirement; without it, the bearer token.
        let bearer_only =
            server.builder().bearer(StaticToken::new("b")).build().expect("a client");
        bearer_only.send(&GetEither::new()).await.expect("either, by bearer");
        assert_eq!(server.last().header("authorization"), Some("Bearer b"));
        let both = server
            .builder()
            .bearer(StaticToken::new("b"))
            .header_key("k")
            .build()
            .expect("a client");
        both.send(&GetEither::new()).await.expect("either, by key");
        let seen = server.last();
        assert_eq!((seen.header("x-api-key"), seen.header("authorization")), (Some("k"), None));

        // AND: both keys, or nothing is sent.
        let before = server.seen().len();
        let error = both.send(&GetBoth::new()).await.expect_err("the query key is missing");
        assert!(
            matches!(&error, Error::MissingCredentials { operation: "getBoth", needs } if needs == "`queryKey` (the builder's `query_key`)"),
            "{error:?}"
        );
        // Only what is missing, and where to give it.
        assert_eq!(error.to_string(), "`getBoth` needs credentials the client was not given: `queryKey` (the builder's `query_key`)");
        assert_eq!(server.seen().len(), before, "nothing was sent");
        let keys = server.builder().header_key("k").query_key("q").build().expect("a client");
        keys.send(&GetBoth::new()).await.expect("both");
        let seen = server.last();
        assert_eq!((seen.header("x-api-key"), seen.target.as_str()), (Some("k"), "/both?api_key=q"));

        // Optional: anonymous when nothing is given, the token when it is.
        let anonymous = server.builder().build().expect("a client");
        let error = anonymous.send(&GetEither::new()).await.expect_err("no credentials");
        assert_eq!(
            error.to_string(),
            "`getEither` needs credentials the client was not given: `headerKey` (the builder's `header_key`), or `bearer` (the builder's `bearer`)"
        );
        anonymous.send(&GetOptional::new()).await.expect("anonymous");
        assert_eq!(server.last().header("authorization"), None);
        bearer_only.send(&GetOptional::new()).await.expect("with a token");
        assert_eq!(server.last().header("authorization"), None, "`{{}}` comes first: anonymous");

        // A scheme the client cannot apply is never met.
        let before = server.seen().len();
        let error = both.send(&GetDigest::new()).await.expect_err("digest");
        assert!(matches!(error, Error::MissingCredentials { .. }), "{error:?}");
        assert!(error.to_string().ends_with("(a scheme the client cannot apply)"), "{error}");
        assert_eq!(server.seen().len(), before);
    });
}

#[test]
fn a_401_gets_one_new_token_but_never_the_same_one_again() {
    let server = Server::start(vec![(401, &[]), (200, &[])]);
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let client = server
        .builder()
        .bearer(move |_: &TokenRequest| {
            let n = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(AccessToken::new(format!("token-{n}"))) }
        })
        .build()
        .expect("a client");
    runtime().block_on(async {
        client.send(&GetBearer::new()).await.expect("refreshed once");
    });
    let seen: Vec<Option<String>> =
        server.seen().iter().map(|s| s.header("authorization").map(str::to_owned)).collect();
    assert_eq!(seen, [Some("Bearer token-1".to_owned()), Some("Bearer token-2".to_owned())]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let refused = Server::start(vec![(401, &[])]);
    let client = refused.builder().bearer(StaticToken::new("same")).build().expect("a client");
    let error = runtime().block_on(client.send(&GetBearer::new())).expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(refused.seen().len(), 1, "the same token is not sent twice");
}

#[test]
fn a_429_is_retried_after_its_retry_after() {
    let server = Server::start(vec![(429, &[("retry-after", "1")]), (200, &[])]);
    let retries = Arc::new(AtomicUsize::new(0));
    let counted = retries.clone();
    let client = server
        .builder()
        .on_retry(move |_| {
            counted.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .expect("a client");
    let started = Instant::now();
    runtime().block_on(client.send(&GetPublic::new())).expect("retried");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited the Retry-After");
    assert_eq!(server.seen().len(), 2);
    assert_eq!(retries.load(Ordering::SeqCst), 1);
}

#[test]
fn credentials_never_go_over_plain_http_to_another_host() {
    let error = Client::builder("http://auth.example.com/v1")
        .header_key("k")
        .build()
        .expect_err("plain http");
    assert!(
        matches!(error, Error::InsecureBaseUrl { ref host } if host == "auth.example.com"),
        "{error:?}"
    );
    let debug = format!(
        "{:?}",
        Client::builder("https://a.example").basic("alice", "s3cret-pw").header_key("s3cret-key")
    );
    assert!(!debug.contains("s3cret"), "{debug}");
}

#[test]
fn prism_accepts_the_credentials_where_the_client_puts_them() {
    let prism = fixture_support::Prism::start("auth.yaml");
    let client = Client::builder(prism.base())
        .bearer(StaticToken::new("b"))
        .basic("alice", "s3cret")
        .header_key("h")
        .query_key("q")
        .cookie_key("c")
        .oauth(StaticToken::new("o"))
        .oidc(StaticToken::new("i"))
        .retry(fixture_auth::client::RetryPolicy::none())
        .build()
        .expect("a client");
    runtime().block_on(async {
        client.send(&GetDefault::new()).await.expect("default (bearer)");
        client.send(&GetBearer::new()).await.expect("bearer");
        client.send(&GetBasic::new()).await.expect("basic");
        client.send(&GetHeaderKey::new()).await.expect("header key");
        client.send(&GetQueryKey::new().q("x")).await.expect("query key");
        client.send(&GetCookieKey::new().theme("dark")).await.expect("cookie key");
        client.send(&ReadWithOauth::new()).await.expect("oauth");
        client.send(&WriteWithOauth::new()).await.expect("oauth, write");
        client.send(&GetOidc::new()).await.expect("openid connect");
        client.send(&GetEither::new()).await.expect("either");
        client.send(&GetBoth::new()).await.expect("both");
        client.send(&GetPublic::new()).await.expect("public");
    });
    // Prism validates: the same requests without credentials are refused.
    for request in [
        GetHeaderKey::new().to_http_request(&prism.base()),
        GetQueryKey::new().to_http_request(&prism.base()),
        GetBasic::new().to_http_request(&prism.base()),
        GetBoth::new().to_http_request(&prism.base()),
    ] {
        let request = request.expect("a request");
        let target = request.uri().to_string();
        let answer = prism.send(request, None);
        assert_eq!(answer.status(), 401, "{target}: Prism must refuse it without credentials");
    }
}

//! What a generated crate says about itself, in its rustdoc and its
//! README (one text, two renderings): the API's title, description and
//! version, its servers, its groups of operations, and a first call,
//! sans-IO and with the client. The rustdoc's examples are doc tests, so a
//! crate whose first call does not compile fails its own tests.

use heck::ToShoutySnakeCase;

use crate::emit::tokens::{doc_lines, spec_markdown};
use crate::ir::{
    Api, BearerFlavour, KeyLocation, Method, Operation, Param, ParamEncoding, ParamLocation,
    SchemeKind, SecurityScheme, TypeRef,
};
use crate::{Generated, Options};

/// Where a spec without a usable absolute server is called in examples.
const PLACEHOLDER: &str = "https://api.example.com";

/// The crate's documentation as Markdown whose Rust blocks may hold
/// rustdoc's hidden lines (`# ...`).
pub(super) struct Docs {
    markdown: String,
}

impl Docs {
    pub(super) fn new(crate_name: &str, options: &Options, generated: &Generated) -> Self {
        let api = &generated.api;
        let library = crate_name.replace('-', "_");
        let title = spec_markdown(&one_line(&api.title));
        let mut text = format!("# {title}\n\n");
        if let Some(description) =
            api.description.as_deref().map(str::trim).filter(|d| !d.is_empty())
        {
            // The spec's Markdown, made safe for rustdoc as every description is.
            for line in doc_lines(&spec_markdown(description)) {
                text.push_str(line.strip_prefix(' ').unwrap_or(&line));
                text.push('\n');
            }
            text.push('\n');
        }
        // A document of webhooks only (OpenAPI 3.1) is a crate of events.
        let (what, operations) = match api.operations.is_empty() && !api.webhooks.is_empty() {
            true => (
                "The webhooks of this API",
                "one type per webhook in `webhooks`, its schemas in `models`.",
            ),
            false => (
                "Typed requests and responses for this API",
                "one type per operation in `operations`, its schemas in `models`. Each operation becomes a standard `http::Request`, so any HTTP client can send it, and reads the `http::Response` back into its typed answer or a typed error.",
            ),
        };
        text.push_str(&format!(
            "{what} (version {}), generated from `{}` by `{}`: {operations}\n",
            one_line(&api.version),
            options.spec_name,
            options.command,
        ));
        if !api.servers.is_empty() {
            text.push_str("\nServers (`servers::SERVERS`):\n\n");
            for server in &api.servers {
                let description = server.description.as_deref().map(one_line);
                let description = description.map(|text| spec_markdown(&text));
                match description.filter(|d| !d.is_empty()) {
                    Some(description) => {
                        text.push_str(&format!("- `{}`: {description}\n", server.url))
                    }
                    None => text.push_str(&format!("- `{}`\n", server.url)),
                }
            }
        }
        // A crate of webhooks only has nothing for the client to send.
        text.push_str(&dependencies(crate_name, options.client && !api.operations.is_empty()));
        if let Some(call) = FirstCall::choose(api) {
            text.push_str(&call.sans_io(&library, &base_url(api)));
            if options.client {
                text.push_str(&call.with_client(&library, crate_name, api, &base_url(api)));
            }
        }
        if options.client {
            text.push_str(
                &credentials(api, &library, crate_name, &base_url(api)).unwrap_or_default(),
            );
        }
        if let Some(section) = webhooks(api, &library) {
            text.push_str(&section);
        }
        if !generated.features.is_empty() {
            let unused = api.unused_feature.as_deref();
            let groups =
                generated.features.iter().filter(|feature| Some(feature.as_str()) != unused);
            let groups: Vec<String> = groups.map(|feature| format!("`{feature}`")).collect();
            text.push_str(&format!(
                "\n## Features\n\nOne Cargo feature per group of operations, all default: {}. With `default-features = false`, only the operations of the features you name are compiled, with the models they reach and no other.",
                groups.join(", ")
            ));
            if let Some(unused) = unused {
                text.push_str(&format!(
                    " The models no operation uses, and the models they use, are compiled with the `{unused}` feature, also default."
                ));
            }
            if options.client {
                text.push_str(
                    " The client is the `client` feature (with `tracing`, a span per call). Its TLS is `rustls` (default: rustls on aws-lc-rs) or, with `default-features = false`, `rustls-no-provider` (rustls with a crypto provider your program installs, such as ring).",
                );
            }
            text.push('\n');
        } else if options.client {
            text.push_str(
                "\n## Features\n\n`client`: the async client; `tracing`: a span per call of it; `rustls` (default) or `rustls-no-provider`: its TLS, rustls on aws-lc-rs or with a crypto provider your program installs (such as ring).\n",
            );
        }
        Self { markdown: text }
    }

    /// As the crate's rustdoc: `//!` lines, hidden lines kept.
    pub(super) fn rustdoc(&self) -> String {
        self.markdown
            .lines()
            .map(|line| if line.is_empty() { "//!\n".to_owned() } else { format!("//! {line}\n") })
            .collect()
    }

    /// As a README: the hidden lines and doc-test attributes left out.
    pub(super) fn readme(&self) -> String {
        let mut out = String::new();
        let mut in_rust = false;
        for line in self.markdown.lines() {
            if let Some(info) = line.strip_prefix("```") {
                in_rust = !in_rust && info.starts_with("rust");
                out.push_str(if in_rust { "```rust" } else { line });
                out.push('\n');
                continue;
            }
            if in_rust && (line == "#" || line.starts_with("# ")) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// The section on adding the crate to a project: its `[dependencies]`
/// lines, with the `client` feature and the tokio the client runs on when
/// the crate has a client.
fn dependencies(crate_name: &str, client: bool) -> String {
    let (features, tokio, sans_io) = match client {
        true => (
            ", features = [\"client\"]",
            "\ntokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
            "\n\nWithout the `client` feature (and tokio) the crate is sans-IO: it builds \
             the requests and reads the responses, and any HTTP client sends them.",
        ),
        false => ("", "", ""),
    };
    format!(
        "\n## In your project\n\n```toml\n[dependencies]\n\
         # The directory the crate was generated into, relative to your `Cargo.toml`.\n\
         {crate_name} = {{ path = \"../{crate_name}\"{features} }}{tokio}\n```{sans_io}\n"
    )
}

/// The section on webhooks: which there are, and how an endpoint in any
/// server framework reads one and answers (a doc test).
fn webhooks(api: &Api, library: &str) -> Option<String> {
    let first = api.webhooks.first()?;
    let names: Vec<String> =
        api.webhooks.iter().map(|webhook| format!("`{}`", webhook.name.rust)).collect();
    let event = &first.name.rust;
    let empty_reply = first.responses.iter().find(|response| {
        matches!(response.status, crate::ir::StatusMatch::Code(_)) && response.contents.is_empty()
    });
    let (reply_use, answer) = match empty_reply {
        Some(response) => {
            let reply = &first.response_type;
            (format!(", {reply}"), format!("{reply}::{}.to_http_response()", response.variant))
        }
        None => (String::new(), "http::Response::new(bytes::Bytes::new())".to_owned()),
    };
    Some(format!(
        r#"
## Webhooks

The API sends requests of its own to an endpoint of yours: {list} in `webhooks`. Each type reads the `http::Request` your server framework hands over (axum, hyper and actix-web can give one as `http::Request<bytes::Bytes>`) with `from_http_request`, which checks the method, the documented headers and the body; its reply enum writes the documented answer as an `http::Response`. No server and no framework is part of this crate:

```rust
use {library}::webhooks::{{{event}{reply_use}}};

/// Your endpoint's handler, whatever serves it.
fn receive(request: &http::Request<bytes::Bytes>) -> http::Response<bytes::Bytes> {{
    match {event}::from_http_request(request) {{
        Ok(event) => {{
            println!("{{event:?}}");
            {answer}
        }}
        // Not what the API documents: a client error.
        Err(error) => {{
            let mut answer = http::Response::new(bytes::Bytes::from(error.to_string()));
            *answer.status_mut() = http::StatusCode::BAD_REQUEST;
            answer
        }}
    }}
}}
# let _ = receive;
```
"#,
        list = names.join(", "),
    ))
}

/// The operation the docs call first: a GET if there is one, with the
/// fewest required parameters, all plain text or numbers, and no body.
struct FirstCall<'a> {
    operation: &'a Operation,
    /// The constructor's arguments, as Rust literals.
    arguments: Vec<String>,
    /// The path it requests, filled with those arguments.
    path: String,
}

impl<'a> FirstCall<'a> {
    fn choose(api: &'a Api) -> Option<Self> {
        Self::choose_among(api, |_| true)
    }

    /// The first call among the operations `fits` accepts.
    fn choose_among(api: &'a Api, fits: impl Fn(&Operation) -> bool) -> Option<Self> {
        let operations = api.operations.iter().filter(|operation| fits(operation));
        let candidates = operations.filter_map(|operation| {
            if operation.body.as_ref().is_some_and(|body| body.required) || operation.deprecated {
                return None;
            }
            let required: Vec<&Param> = operation.params.iter().filter(|p| p.required).collect();
            let arguments: Option<Vec<(String, String)>> =
                required.iter().map(|param| example(param)).collect();
            let arguments = arguments?;
            let mut path = operation.path_template.clone();
            // Only path parameters show in the path the example checks.
            for (param, (_, text)) in required.iter().zip(&arguments) {
                if param.location == ParamLocation::Path {
                    path = path.replace(&format!("{{{}}}", param.name.api), text);
                }
            }
            let rank = (operation.method != Method::Get, required.len());
            Some((
                rank,
                FirstCall {
                    operation,
                    arguments: arguments.into_iter().map(|(literal, _)| literal).collect(),
                    path,
                },
            ))
        });
        candidates
            .min_by_key(|(rank, call)| (*rank, call.operation.name.rust.clone()))
            .map(|(_, call)| call)
    }

    fn call(&self) -> String {
        format!("{}::new({})", self.operation.name.rust, self.arguments.join(", "))
    }

    fn sans_io(&self, library: &str, base: &str) -> String {
        let Operation { name, method, .. } = self.operation;
        let expected = format!("{}{}", base_path(base), self.path);
        format!(
            r#"
## A first call

Build the request, send it with any HTTP client, and read the answer:

```rust
use {library}::operations::{op};
use {library}::Operation;

let request = {call}.to_http_request("{base}")?;
assert_eq!(request.method(), "{method}");
assert_eq!(request.uri().path(), "{expected}");
// Send `request` with the HTTP client of your choice, then read the
// `http::Response` it gets back with `{op}::parse_response(response)`.
# Ok::<(), Box<dyn std::error::Error>>(())
```
"#,
            op = name.rust,
            call = self.call(),
            method = method.as_str(),
        )
    }

    fn with_client(&self, library: &str, crate_name: &str, api: &Api, base: &str) -> String {
        let op = &self.operation.name.rust;
        let mut uses = vec![format!("{library}::operations::{op}"), format!("{library}::Client")];
        let mut credentials = String::new();
        let requirement =
            self.operation.security.iter().find(|requirement| {
                requirement.iter().all(|used| scheme(api, &used.scheme).is_some())
            });
        for scheme in requirement.into_iter().flatten().filter_map(|used| scheme(api, &used.scheme))
        {
            let credential = Credential::plain(scheme, crate_name);
            uses.extend(credential.uses.iter().map(|item| format!("{library}::{item}")));
            credentials.push_str(&format!("\n    .{}({})", scheme.name.rust, credential.arguments));
        }
        format!(
            r#"
With the `client` feature, the crate sends it for you, with the
credentials the operation's security requirement asks for, retries that
honour `Retry-After`, and time-outs:

```rust,no_run
# #[cfg(feature = "client")]
# async fn first_call() -> Result<(), Box<dyn std::error::Error>> {{
{uses}

let client = Client::builder("{base}"){credentials}
    .build()?;
let answer = client.send(&{call}).await?;
println!("{{answer:?}}");
# Ok(())
# }}
```
"#,
            uses = use_lines(uses),
            call = self.call(),
        )
    }
}

/// The security scheme the spec names `name`, if the client can apply it.
fn scheme<'a>(api: &'a Api, name: &str) -> Option<&'a SecurityScheme> {
    api.security_schemes.iter().find(|scheme| scheme.name.api == name)
}

/// `use` lines for `paths`, one per module (`use a::{B, C};`), sorted.
fn use_lines(paths: Vec<String>) -> String {
    let mut modules: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for path in paths {
        let (module, item) = match path.split_once("::{") {
            Some((module, items)) => (module, items.trim_end_matches('}')),
            None => path.rsplit_once("::").unwrap_or(("", &path)),
        };
        let items = modules.entry(module.to_owned()).or_default();
        items.extend(item.split(", ").map(str::to_owned));
    }
    let mut lines = Vec::new();
    for (module, mut items) in modules {
        items.sort();
        items.dedup();
        lines.push(match items.as_slice() {
            [one] => format!("use {module}::{one};"),
            many => format!("use {module}::{{{}}};", many.join(", ")),
        });
    }
    lines.join("\n")
}

/// The environment variable an example reads a scheme's secret from:
/// named after the crate and the scheme, `_TOKEN` after a bearer's.
fn env_var(crate_name: &str, scheme: &SecurityScheme) -> String {
    let env = format!("{crate_name}_{}", scheme.name.rust).to_shouty_snake_case();
    match scheme.kind {
        SchemeKind::Bearer { .. } if !env.ends_with("_TOKEN") => format!("{env}_TOKEN"),
        _ => env,
    }
}

/// How an example gives the client one scheme's credentials: the builder
/// method's arguments, read from environment variables named after the
/// crate and the scheme, and the crate-root items they use.
struct Credential {
    arguments: String,
    uses: Vec<&'static str>,
}

impl Credential {
    /// The simplest credentials: a token that does not change for any
    /// bearer scheme.
    fn plain(scheme: &SecurityScheme, crate_name: &str) -> Self {
        let env = env_var(crate_name, scheme);
        match &scheme.kind {
            SchemeKind::Bearer { .. } => Self {
                arguments: format!("StaticToken::new(std::env::var(\"{env}\")?)"),
                uses: vec!["StaticToken"],
            },
            SchemeKind::Basic => Self {
                arguments: format!(
                    "\n        std::env::var(\"{env}_USER\")?,\n        std::env::var(\"{env}_PASSWORD\")?,\n    "
                ),
                uses: Vec::new(),
            },
            SchemeKind::ApiKey { .. } => {
                Self { arguments: format!("std::env::var(\"{env}\")?"), uses: Vec::new() }
            }
        }
    }

    /// The credentials as a real client gives them: an OAuth2 or OpenID
    /// Connect scheme's tokens from a provider, for the scopes each
    /// operation asks for and with their expiry.
    fn provided(scheme: &SecurityScheme, crate_name: &str) -> Self {
        let SchemeKind::Bearer {
            flavour: BearerFlavour::OAuth2 | BearerFlavour::OpenIdConnect,
            ..
        } = scheme.kind
        else {
            return Self::plain(scheme, crate_name);
        };
        let env = env_var(crate_name, scheme);
        let arguments = format!(
            r#"|request: &TokenRequest| {{
        // Ask your authorization server for a token with these scopes (the
        // `oauth2` crate can); this example takes one from the environment.
        let scopes = request.scopes.join(" ");
        async move {{
            let token = std::env::var("{env}")?;
            eprintln!("a token for the scopes {{scopes}}");
            let expires = SystemTime::now() + Duration::from_secs(3600);
            Ok::<_, BoxError>(AccessToken::new(token).expires_at(expires))
        }}
    }}"#
        );
        Self { arguments, uses: vec!["AccessToken", "BoxError", "TokenRequest"] }
    }
}

/// The section on credentials, for a crate with a client and schemes it
/// can apply: one builder given every scheme (tokens for OAuth2 and OpenID
/// Connect from a provider), then a call of an operation each scheme
/// secures on its own (a doc test).
fn credentials(api: &Api, library: &str, crate_name: &str, base: &str) -> Option<String> {
    if api.security_schemes.is_empty() {
        return None;
    }
    let mut uses = vec![format!("{library}::Client")];
    let mut builder = String::new();
    let mut calls = String::new();
    for scheme in &api.security_schemes {
        let credential = Credential::provided(scheme, crate_name);
        uses.extend(credential.uses.iter().map(|item| format!("{library}::{item}")));
        if credential.uses.contains(&"AccessToken") {
            uses.push("std::time::{Duration, SystemTime}".to_owned());
        }
        let (method, name) = (&scheme.name.rust, &scheme.name.api);
        builder.push_str(&format!(
            "\n    // `{name}`: {}\n    .{method}({})",
            what(scheme),
            credential.arguments
        ));
        // An operation this scheme alone secures, else one it may secure alone.
        let alone = |requirement: &crate::ir::Requirement| matches!(requirement.as_slice(), [only] if only.scheme == *name);
        let only =
            |operation: &Operation| matches!(operation.security.as_slice(), [one] if alone(one));
        let may = |operation: &Operation| operation.security.iter().any(alone);
        let call = FirstCall::choose_among(api, only).or_else(|| FirstCall::choose_among(api, may));
        if let Some(call) = call {
            uses.push(format!("{library}::operations::{}", call.operation.name.rust));
            calls.push_str(&format!(
                "\nprintln!(\"{{:?}}\", client.send(&{}).await?);",
                call.call()
            ));
        }
    }
    Some(format!(
        r#"
## Credentials

`ClientBuilder` has a method for each security scheme of the spec. The
client sends an operation with the credentials its security requirement
names; when it lacks them it refuses the call, naming the missing schemes
and the methods that take them. With every scheme given, and an operation
each one secures:

```rust,no_run
# #[cfg(feature = "client")]
# async fn credentials() -> Result<(), Box<dyn std::error::Error>> {{
{uses}

let client = Client::builder("{base}"){builder}
    .build()?;{calls}
# Ok(())
# }}
```
"#,
        uses = use_lines(uses),
    ))
}

/// What kind of credentials a scheme takes, in a few words.
fn what(scheme: &SecurityScheme) -> String {
    match &scheme.kind {
        SchemeKind::Bearer { flavour: BearerFlavour::Http, .. } => {
            "HTTP bearer, a token that does not change".to_owned()
        }
        SchemeKind::Bearer { flavour: BearerFlavour::OAuth2, .. } => {
            "OAuth2, tokens from a provider for each operation's scopes".to_owned()
        }
        SchemeKind::Bearer { flavour: BearerFlavour::OpenIdConnect, .. } => {
            "OpenID Connect, tokens from a provider".to_owned()
        }
        SchemeKind::Basic => "HTTP basic, a user name and password".to_owned(),
        SchemeKind::ApiKey { location, name } => format!(
            "an API key, in the {} `{name}`",
            match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter",
                KeyLocation::Cookie => "cookie",
            }
        ),
    }
}

/// A constructor argument for `param`: its Rust literal and how it reads
/// in the path; `None` for types the docs do not make up values of.
fn example(param: &Param) -> Option<(String, String)> {
    if !matches!(param.encoding, ParamEncoding::Text(_)) {
        return None;
    }
    match param.ty {
        TypeRef::String => Some(("\"example\"".to_owned(), "example".to_owned())),
        TypeRef::I8 | TypeRef::I16 | TypeRef::I32 | TypeRef::I64 => {
            Some(("1".to_owned(), "1".to_owned()))
        }
        TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => {
            Some(("1".to_owned(), "1".to_owned()))
        }
        TypeRef::Bool => Some(("true".to_owned(), "true".to_owned())),
        _ => None,
    }
}

/// The base URL examples call: the first server's, variables at their
/// defaults, when it is an absolute `http(s)` URL; a placeholder otherwise.
fn base_url(api: &Api) -> String {
    let Some(server) = api.servers.first() else { return PLACEHOLDER.to_owned() };
    let mut url = server.url.clone();
    for variable in &server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    let url = url.trim_end_matches('/').to_owned();
    let usable = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(['{', '}', '"', '\\', ' ', '?', '#']);
    match (usable, url.starts_with('/')) {
        (true, _) => url,
        (false, true) if !url.contains(['"', '\\', ' ']) => format!("{PLACEHOLDER}{url}"),
        _ => PLACEHOLDER.to_owned(),
    }
}

/// The path part of a base URL (`https://a.example/v1` -> `/v1`).
fn base_path(base: &str) -> &str {
    let rest = base.split_once("://").map_or(base, |(_, rest)| rest);
    rest.find('/').map_or("", |slash| &rest[slash..])
}

/// Text on one line (a title in a heading, a TOML string).
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_leaves_out_hidden_lines() {
        let docs = Docs {
            markdown: "# T\n\n```rust,no_run\n# fn hidden() {}\nvisible();\n#\n```\n\n# Heading\n"
                .to_owned(),
        };
        assert_eq!(docs.readme(), "# T\n\n```rust\nvisible();\n```\n\n# Heading\n");
        assert!(docs
            .rustdoc()
            .starts_with("//! # T\n//!\n//! ```rust,no_run\n//! # fn hidden() {}\n"));
    }

    #[test]
    fn base_paths_are_read_from_urls() {
        assert_eq!(base_path("https://a.example/v1"), "/v1");
        assert_eq!(base_path("https://a.example"), "");
    }
}

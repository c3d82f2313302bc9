//! What a generated crate says about itself, in its rustdoc and its
//! README (one text, two renderings): the API's title, description and
//! version, its servers, its groups of operations, and a first call,
//! sans-IO and with the client. The rustdoc's examples are doc tests, so a
//! crate whose first call does not compile fails its own tests.

use super::calls::{base_url, credentials, FirstCall};
use super::Module;
use crate::emit::tokens::{doc_lines, spec_markdown};
use crate::ir::Api;
use crate::Options;

/// The crate's documentation as Markdown whose Rust blocks may hold
/// rustdoc's hidden lines (`# ...`).
pub(super) struct Docs {
    markdown: String,
}

impl Docs {
    pub(super) fn new(crate_name: &str, options: &Options, module: &Module) -> Self {
        let api = module.api;
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
                "one type per operation in `operations`, its schemas in `models`. Each operation becomes \
                    a standard `http::Request`, so any HTTP client can send it, and reads the `http::Response` \
                    back into its typed answer or a typed error.",
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
        if !module.features.is_empty() {
            let unused = api.unused_feature.as_deref();
            let groups = module.features.iter().filter(|feature| Some(feature.as_str()) != unused);
            let groups: Vec<String> = groups.map(|feature| format!("`{feature}`")).collect();
            text.push_str(&format!(
                "\n## Features\n\nOne Cargo feature per group of operations, all default: {}. With \
                    `default-features = false`, only the operations of the features you name are compiled, \
                    with the models they reach and no other.",
                groups.join(", ")
            ));
            if let Some(unused) = unused {
                text.push_str(&format!(
                    " The models no operation uses, and the models they use, are compiled with the `{unused}` feature, also default."
                ));
            }
            if options.client {
                text.push_str(
                    " The client is the `client` feature (with `tracing`, a span per call). Its TLS \
                        is `rustls` (default: rustls on aws-lc-rs) or, with `default-features = false`, \
                        `rustls-no-provider` (rustls with a crypto provider your program installs, \
                        such as ring) or `native-tls` (the platform's TLS; OpenSSL on Linux).",
                );
            }
            text.push('\n');
        } else if options.client {
            text.push_str(
                "\n## Features\n\n`client`: the async client; `tracing`: a span per call of it; `rustls` \
                    (default), `rustls-no-provider` or `native-tls`: its TLS, rustls on aws-lc-rs, \
                    rustls with a crypto provider your program installs (such as ring), or the \
                    platform's (OpenSSL on Linux).\n",
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

The API sends requests of its own to an endpoint of yours: {list} in
`webhooks`. Each type reads the `http::Request` your server framework
hands over (axum, hyper and actix-web can give one as
`http::Request<bytes::Bytes>`) with `from_http_request`, which checks
the method, the documented headers and the body; its reply enum writes
the documented answer as an `http::Response`. No server and no framework
is part of this crate:

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
}

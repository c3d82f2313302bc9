//! The calls a generated crate's docs show, each a doc test: a first
//! call sans-IO and with the client, and a call per security scheme with
//! its credentials (secrets from the environment, OAuth2 and OpenID
//! Connect tokens from a provider closure).

use crate::ir::{
    Api, BearerFlavour, KeyLocation, Method, Operation, Param, ParamEncoding, ParamLocation,
    SchemeKind, SecurityScheme, TypeRef,
};

/// Where a spec without a usable absolute server is called in examples.
const PLACEHOLDER: &str = "https://api.example.com";

/// The operation the docs call first: a GET if there is one, with the
/// fewest required parameters, all plain text or numbers, and no body.
pub(super) struct FirstCall<'a> {
    operation: &'a Operation,
    /// The constructor's arguments, as Rust literals.
    arguments: Vec<String>,
    /// The path it requests, filled with those arguments.
    path: String,
}

impl<'a> FirstCall<'a> {
    pub(super) fn choose(api: &'a Api) -> Option<Self> {
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

    pub(super) fn sans_io(&self, library: &str, base: &str) -> String {
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

    pub(super) fn with_client(
        &self,
        library: &str,
        crate_name: &str,
        api: &Api,
        base: &str,
    ) -> String {
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
    let env = crate::naming::env_var(crate_name, scheme.name.rust.unraw());
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
pub(super) fn credentials(
    api: &Api,
    library: &str,
    crate_name: &str,
    base: &str,
) -> Option<String> {
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
pub(super) fn base_url(api: &Api) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_read_from_urls() {
        assert_eq!(base_path("https://a.example/v1"), "/v1");
        assert_eq!(base_path("https://a.example"), "");
    }
}

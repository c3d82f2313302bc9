//! `client.rs` (cargo feature `client`): the runtime's client, with one
//! builder method per security scheme of the spec, so credentials are
//! typed by what the spec asks for and land where it puts them.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, spec_markdown};
use crate::ir::{Api, BearerFlavour, KeyLocation, SchemeKind, SecurityScheme};

/// The runtime builder's settings, which the generated builder passes on:
/// name, parameters, how it passes them, and its documentation; the check
/// of API versions only for an API whose operations document `versions`.
/// `tests::every_setting_of_the_runtime_builder_is_passed_on` keeps the
/// list in step with the runtime.
fn settings(versions: bool) -> Vec<TokenStream> {
    let setting = |name: &str, params: TokenStream, args: TokenStream, doc: &str| {
        let name = quote::format_ident!("{name}");
        let link = format!(" See [`runtime::client::ClientBuilder::{name}`].");
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #link]
            #[must_use]
            pub fn #name(self, #params) -> Self {
                Self(self.0.#name(#args))
            }
        }
    };
    let mut settings = vec![
        setting(
            "base_url",
            quote!(base_url: impl Into<String>),
            quote!(base_url),
            " The base URL requests go to.",
        ),
        setting(
            "retry",
            quote!(retry: RetryPolicy),
            quote!(retry),
            " When and how often to retry.",
        ),
        setting(
            "timeout",
            quote!(timeout: std::time::Duration),
            quote!(timeout),
            " Time-out of one attempt.",
        ),
        setting(
            "connect_timeout",
            quote!(timeout: std::time::Duration),
            quote!(timeout),
            " Time-out for establishing a connection.",
        ),
        setting(
            "max_response_bytes",
            quote!(limit: usize),
            quote!(limit),
            " Largest response body read into memory.",
        ),
        setting(
            "max_request_bytes",
            quote!(limit: u64),
            quote!(limit),
            " The size every request must stay under.",
        ),
        setting(
            "follow_redirects",
            quote!(follow: bool),
            quote!(follow),
            " Whether to follow redirects (off by default).",
        ),
        setting(
            "max_concurrent_requests",
            quote!(limit: usize),
            quote!(limit),
            " At most `limit` requests in flight at once.",
        ),
        setting(
            "on_retry",
            quote!(hook: impl Fn(&Retry<'_>) + Send + Sync + 'static),
            quote!(hook),
            " Calls `hook` before each retry.",
        ),
        setting(
            "http_client",
            quote!(http: runtime::client::reqwest::Client),
            quote!(http),
            " A `reqwest::Client` of your own.",
        ),
        setting(
            "token_scopes",
            quote!(scopes: impl IntoIterator<Item = impl Into<String>>),
            quote!(scopes),
            " Ask token providers for these scopes, whatever an operation's requirement names.",
        ),
        setting(
            "request_id_header",
            quote!(name: &'static str),
            quote!(name),
            " Sends a fresh id with every call in the header `name`.",
        ),
        setting(
            "retry_attempt_header",
            quote!(name: &'static str),
            quote!(name),
            " Numbers each retry in the header `name`.",
        ),
        setting(
            "header",
            quote!(name: http::HeaderName, value: http::HeaderValue),
            quote!(name, value),
            " A header sent with every request.",
        ),
        setting(
            "user_agent",
            quote!(user_agent: impl Into<String>),
            quote!(user_agent),
            " The `User-Agent` the client sends.",
        ),
    ];
    if versions {
        settings.push(setting(
            "check_api_versions",
            quote!(check: bool),
            quote!(check),
            " Whether to refuse operations undocumented for the base URL's API version.",
        ));
    }
    settings
}

pub(super) fn file(api: &Api) -> TokenStream {
    let credentials = api.security_schemes.iter().map(credential_method);
    let settings = settings(api.has_api_versions());
    let server = api.servers.first().map(|server| server.url.as_str());
    let builder_doc = match server {
        Some(url) => format!(
            " A builder for the API at `base_url`; the spec's first server is `{url}` ([`super::servers::SERVERS`])."
        ),
        None => " A builder for the API at `base_url`.".to_owned(),
    };
    quote! {
        //! The client for this API (cargo feature `client`): it sends any
        //! operation of the crate with the credentials the spec asks for,
        //! retries what may be retried, and returns the typed response. See
        //! [`runtime::client`] for what it does on the wire.

        use super::runtime;
        pub use super::runtime::client::{
            AccessToken, BoxError, Error, Retry, RetryPolicy, StaticToken, TokenFuture,
            TokenProvider, TokenRequest,
        };

        /// Sends this API's operations. Cheap to clone: clones share one
        /// connection pool, one token cache and one limit on requests in flight.
        #[derive(Clone, Debug)]
        pub struct Client(runtime::client::Client);

        impl Client {
            #[doc = #builder_doc]
            pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
                let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
                let builder = runtime::client::ClientBuilder::new(base_url, super::security::SCHEMES);
                ClientBuilder(builder.user_agent(user_agent))
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.0.base_url()
            }

            /// Sends `operation` with the credentials its security
            /// requirements call for, and returns its typed response.
            pub async fn send<O: runtime::Operation>(
                &self,
                operation: &O,
            ) -> Result<O::Response, Error<O::ErrorBody>> {
                self.0.send(operation).await
            }
        }

        /// Configures a [`Client`]: the credentials of the spec's security
        /// schemes, each with a method of its own, and the client's settings.
        #[derive(Debug)]
        pub struct ClientBuilder(runtime::client::ClientBuilder);

        impl ClientBuilder {
            #(#credentials)*
            #(#settings)*

            /// Builds the client: fails on a base URL that is not a URL, and
            /// on plain `http://` to any host but this machine when there
            /// are credentials.
            pub fn build(self) -> Result<Client, Error> {
                self.0.build().map(Client)
            }
        }
    }
}

/// The builder method that takes the credentials of one scheme.
fn credential_method(scheme: &SecurityScheme) -> TokenStream {
    let SecurityScheme { name, kind, description } = scheme;
    let (method, api) = (&name.rust, &name.api);
    let mut doc = match kind {
        SchemeKind::Bearer { flavour, scopes } => {
            let what = match flavour {
                BearerFlavour::Http => "HTTP bearer",
                BearerFlavour::OAuth2 => "OAuth2",
                BearerFlavour::OpenIdConnect => "OpenID Connect",
            };
            let mut doc = format!(
                "Credentials for `{api}` ({what}): tokens from `tokens`, asked for the scopes of each operation's requirement and sent as `Authorization: Bearer`."
            );
            if !scopes.is_empty() {
                let scopes: Vec<String> = scopes.iter().map(|scope| format!("`{scope}`")).collect();
                doc.push_str(&format!(" The spec's scopes: {}.", scopes.join(", ")));
            }
            doc
        }
        SchemeKind::Basic => format!(
            "Credentials for `{api}` (HTTP basic): `username` and `password`, sent as `Authorization: Basic`."
        ),
        SchemeKind::ApiKey { location, name: key } => {
            let place = match location {
                KeyLocation::Header => format!("in the header `{key}`"),
                KeyLocation::Query => format!("as the query parameter `{key}`"),
                KeyLocation::Cookie => format!("as the cookie `{key}`"),
            };
            format!("Credentials for `{api}` (API key): `key`, sent {place}.")
        }
    };
    if let Some(description) = description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        doc.push_str("\n\n");
        doc.push_str(&spec_markdown(description));
    }
    let doc = doc_attrs(&doc);
    let (params, call) = match kind {
        SchemeKind::Bearer { .. } => {
            (quote!(tokens: impl TokenProvider + 'static), quote!(self.0.bearer(#api, tokens)))
        }
        SchemeKind::Basic => (
            quote!(username: impl Into<String>, password: impl Into<String>),
            quote!(self.0.basic(#api, username, password)),
        ),
        SchemeKind::ApiKey { .. } => {
            (quote!(key: impl Into<String>), quote!(self.0.api_key(#api, key)))
        }
    };
    quote! {
        #doc
        #[must_use]
        pub fn #method(self, #params) -> Self {
            Self(#call)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::settings;

    /// The runtime's builder methods, read from its source.
    fn runtime_builder_methods() -> Vec<String> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/runtime/src/client/builder.rs");
        let source = std::fs::read_to_string(path).expect("the runtime's client");
        let file = syn::parse_file(&source).expect("Rust");
        let mut methods = Vec::new();
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(ty) = block.self_ty.as_ref() else { continue };
            if !ty.path.is_ident("ClientBuilder") || block.trait_.is_some() {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(function) = item {
                    if matches!(function.vis, syn::Visibility::Public(_)) {
                        methods.push(function.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    #[test]
    fn every_setting_of_the_runtime_builder_is_passed_on() {
        let passed_on: Vec<String> = settings(true)
            .iter()
            .map(|tokens| {
                let function: syn::ImplItemFn = syn::parse2(tokens.clone()).expect("a method");
                function.sig.ident.to_string()
            })
            .collect();
        // Credentials have typed methods of their own; `new` and `build` are the wrapper's.
        let own = ["new", "bearer", "basic", "api_key", "build"];
        let mut runtime: Vec<String> = runtime_builder_methods()
            .into_iter()
            .filter(|name| !own.contains(&name.as_str()))
            .collect();
        let mut passed_on_sorted = passed_on.clone();
        passed_on_sorted.sort();
        runtime.sort();
        assert_eq!(
            passed_on_sorted, runtime,
            "the generated ClientBuilder must pass on every setting"
        );
        let reserved = crate::naming::reserved::CLIENT_BUILDER_METHODS;
        for name in &passed_on {
            assert!(
                reserved.contains(&name.as_str()),
                "{name} must be reserved for scheme methods"
            );
        }
    }
}

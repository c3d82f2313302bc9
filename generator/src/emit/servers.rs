//! `servers.rs`: the base URL templates of the spec.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Server, ServerVariable};

pub(super) fn file(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|server| {
        let Server { url, description, variables } = server;
        let description = description.clone().unwrap_or_default();
        let variables = variables.iter().map(|variable| {
            let ServerVariable { name, default, allowed, description: _ } = variable;
            quote! {
                runtime::ServerVariable { name: #name, default: #default, allowed: &[#(#allowed),*] }
            }
        });
        quote! {
            runtime::Server {
                url: #url,
                description: #description,
                variables: &[#(#variables),*],
            }
        }
    });
    let versions: std::collections::BTreeSet<&String> =
        api.operations.iter().flat_map(|op| &op.provenance.api_versions).collect();
    let versions = api.has_api_versions().then(|| {
        let versions = versions.into_iter();
        quote! {
            /// Every API version an operation documents (`x-api-versions`): a base
            /// URL whose last segment is one of them names that version.
            pub const API_VERSIONS: &[&str] = &[#(#versions),*];

            /// Requests built without the API version check, for a version
            /// that serves more than its documentation says.
            pub trait AnyApiVersion: runtime::Operation {
                /// [`to_http_request`](runtime::Operation::to_http_request)
                /// without the check that the base URL's API version documents
                /// the operation.
                fn to_http_request_for_any_version(
                    &self,
                    base_url: &str,
                ) -> Result<http::Request<bytes::Bytes>, runtime::RequestError>;
            }

            impl<O: runtime::Operation + ?Sized> AnyApiVersion for O {
                fn to_http_request_for_any_version(
                    &self,
                    base_url: &str,
                ) -> Result<http::Request<bytes::Bytes>, runtime::RequestError> {
                    self.to_http_request_unchecked(base_url)
                }
            }
        }
    });
    quote! {
        //! The base URLs the spec lists (`servers`), in its order.
        use super::runtime;

        /// Every server of the spec; the first is the default.
        pub const SERVERS: &[runtime::Server] = &[#(#servers),*];

        #versions
    }
}

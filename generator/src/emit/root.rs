//! `mod.rs`: the root of the generated module tree, with the API's own
//! description.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs_inner, spec_markdown};
use crate::ir::Api;
use crate::options::Options;
use crate::runtime::{Runtime, LIBRARY};

pub(super) fn module(api: &Api, options: &Options) -> TokenStream {
    let Api { title, version, description, .. } = api;
    let mut doc = spec_markdown(&format!("{title} (API version {version})."));
    if let Some(description) = description {
        doc.push_str("\n\n");
        doc.push_str(&spec_markdown(description));
    }
    let doc = doc_attrs_inner(&doc);
    // The generated code uses its own deprecated items; only users of them
    // should be warned.
    let allow = api.has_deprecated().then(|| quote!(#[allow(deprecated)]));
    let permissions = api.has_permissions().then(|| {
        quote!(
            pub mod permissions;
        )
    });
    let client = options.client.then(|| {
        let cfg = options.features.then(|| quote!(#[cfg(feature = "client")]));
        quote! {
            #cfg
            pub mod client;
        }
    });
    let webhooks = api.webhooks.first().map(|webhook| {
        let cfg = super::tokens::cfg(api.feature_of(webhook).as_slice());
        quote! {
            #cfg
            #allow
            pub mod webhooks;
        }
    });
    let runtime = match &options.runtime {
        Runtime::Inline => quote!(
            pub mod runtime;
        ),
        Runtime::Version | Runtime::Path(_) | Runtime::Vendored => {
            let library = quote::format_ident!("{LIBRARY}");
            quote!(pub use #library as runtime;)
        }
    };
    quote! {
        #doc
        #client
        #allow
        pub mod models;
        #allow
        pub mod operations;
        #permissions
        #runtime
        pub mod security;
        pub mod servers;
        #webhooks
        #[cfg(test)]
        #allow
        mod example_tests;
    }
}

//! `security.rs`: the spec's security schemes the client can apply, and
//! each operation's requirements as its `SECURITY` constant.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, KeyLocation, Requirement, SchemeKind, SchemeUse, SecurityScheme};

/// The schemes, each with the method of the generated client's builder
/// that takes its credentials (none without a generated client).
pub(super) fn file(api: &Api, client: bool) -> TokenStream {
    let schemes = api.security_schemes.iter().map(|scheme| {
        let SecurityScheme { name, kind, description: _ } = scheme;
        let api_name = &name.api;
        let builder_method = if client { name.rust.unraw().to_owned() } else { String::new() };
        let kind = match kind {
            SchemeKind::Bearer { .. } => quote!(runtime::SchemeKind::Bearer),
            SchemeKind::Basic => quote!(runtime::SchemeKind::Basic),
            SchemeKind::ApiKey { location, name } => {
                let location = match location {
                    KeyLocation::Header => quote!(Header),
                    KeyLocation::Query => quote!(Query),
                    KeyLocation::Cookie => quote!(Cookie),
                };
                quote!(runtime::SchemeKind::ApiKey { location: runtime::KeyLocation::#location, name: #name })
            }
        };
        quote!(runtime::SecurityScheme { name: #api_name, kind: #kind, builder_method: #builder_method })
    });
    quote! {
        //! How the API authenticates: the security schemes of the spec that
        //! the client applies (each operation's requirements are its
        //! `Operation::SECURITY`).
        use super::runtime;

        /// The security schemes, by their names in the spec.
        pub const SCHEMES: &[runtime::SecurityScheme] = &[#(#schemes),*];
    }
}

/// The `SECURITY` constant of an operation, when it needs credentials.
pub(super) fn constant(requirements: &[Requirement]) -> TokenStream {
    if requirements.is_empty() {
        return TokenStream::new();
    }
    let requirements = requirements.iter().map(|requirement| {
        let uses = requirement.iter().map(|SchemeUse { scheme, scopes }| {
            quote!(runtime::SchemeUse::new(#scheme, &[#(#scopes),*]))
        });
        quote!(&[#(#uses),*])
    });
    quote!(const SECURITY: &'static [&'static [runtime::SchemeUse]] = &[#(#requirements),*];)
}

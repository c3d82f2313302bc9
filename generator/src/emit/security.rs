//! `security.rs`: the spec's security schemes the client can apply, and
//! the table of the operations' accesses (their scopes and security
//! requirements), each distinct one once: an operation's `ACCESS` names
//! its entry.

use proc_macro2::TokenStream;
use quote::quote;

use super::shared::Table;
use crate::ir::{Api, KeyLocation, Operation, SchemeKind, SchemeUse, SecurityScheme};

/// The schemes, each with the method of the generated client's builder
/// that takes its credentials (none without a generated client).
pub(super) fn file(api: &Api, client: bool, accesses: &Table) -> TokenStream {
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
    let entries = accesses.entries();
    let accesses = (!entries.is_empty()).then(|| {
        let entries = entries
            .iter()
            .map(|(name, value)| quote!(pub(crate) const #name: runtime::Access = #value;));
        quote! {
            /// The operations' accesses, each distinct one once: an
            /// operation's `Operation::ACCESS` is one of these (unused
            /// when the features of its operations are off).
            #[allow(dead_code)]
            pub(crate) mod access {
                use super::runtime;

                #(#entries)*
            }
        }
    });
    quote! {
        //! How the API authenticates: the security schemes of the spec that
        //! the client applies (each operation's requirements are its
        //! `Operation::SECURITY`).
        use super::runtime;

        /// The security schemes, by their names in the spec.
        pub const SCHEMES: &[runtime::SecurityScheme] = &[#(#schemes),*];

        #accesses
    }
}

/// The operations' accesses, as values of their table, each with its
/// operation's pointer.
pub(super) fn accesses(api: &Api) -> impl Iterator<Item = (&str, TokenStream)> {
    api.operations.iter().filter_map(|op| Some((op.pointer.as_str(), access(op)?)))
}

/// An operation's access, as its table entry's value: its scopes and
/// requirements (`runtime::Access`); `None` when it has neither.
fn access(operation: &Operation) -> Option<TokenStream> {
    let (scopes, requirements) = (&operation.scopes, &operation.security);
    if scopes.is_empty() && requirements.is_empty() {
        return None;
    }
    let requirements = requirements.iter().map(|requirement| {
        let uses = requirement.iter().map(|SchemeUse { scheme, scopes }| {
            quote!(runtime::SchemeUse::new(#scheme, &[#(#scopes),*]))
        });
        quote!(&[#(#uses),*])
    });
    Some(quote!(runtime::Access::new(&[#(#scopes),*], &[#(#requirements),*])))
}

/// The `ACCESS` constant of an operation that has one: its entry of the
/// table.
pub(super) fn constant(operation: &Operation, accesses: &Table) -> TokenStream {
    let Some(name) = accesses.name(&operation.pointer) else { return TokenStream::new() };
    quote!(const ACCESS: runtime::Access = super::super::security::access::#name;)
}

//! A model struct's fields: each declaration with its documentation, and
//! the constructor users' code builds the struct with.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, docs_text, rust_type, Place};
use crate::ir::{Access, Field, Ident};

/// `new(required...)` for a struct with required properties, the others
/// `None`: with `#[non_exhaustive]`, the way users' code builds one
/// (`default()` where every property is optional).
pub(super) fn constructor(
    name: &Ident,
    place: &Place,
    fields: &[Field],
    catch_all: Option<&Ident>,
) -> Option<TokenStream> {
    let required: Vec<&Field> = fields.iter().filter(|field| !field.is_optional()).collect();
    if required.is_empty() {
        return None;
    }
    let cfg = &place.cfg;
    let params = required.iter().map(|field| {
        let (rust, ty) = (&field.name.rust, rust_type(&field.ty, &quote!()));
        quote!(#rust: #ty)
    });
    let inits = fields.iter().map(|field| {
        let rust = &field.name.rust;
        match field.is_optional() {
            true => quote!(#rust: None,),
            false => quote!(#rust,),
        }
    });
    let others = catch_all.map(|field| quote!(#field: std::collections::BTreeMap::new(),));
    let names: Vec<String> = required.iter().map(|field| format!("`{}`", field.name.api)).collect();
    let rest = if required.len() < fields.len() { "; the others are `None`" } else { "" };
    let doc = format!(" With its required properties ({}){rest}.", names.join(", "));
    // Clippy's limit: a schema with many required properties has them all.
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #cfg
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #others }
            }
        }
    })
}

pub(super) fn field_def(field: &Field) -> TokenStream {
    let Field { name, ty, required, nullable, access, docs, constraints: _ } = field;
    let api_name = &name.api;
    let rust_name = &name.rust;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let presence = match (required, nullable) {
        (true, false) => "required",
        (true, true) => "required, may be null",
        (false, false) => "optional",
        (false, true) => "optional, may be null: `None` leaves it out, `Some(None)` is `null`",
    };
    text.push_str(&format!("Property `{api_name}` ({presence})."));
    match access {
        Access::Both => {}
        Access::ReadOnly => text.push_str(
            " Read-only: the service sets it; requests leave it out, whatever the field holds.",
        ),
        Access::WriteOnly => text.push_str(
            " Write-only: sent in requests, never in responses, so a value read from one has `None`.",
        ),
    }
    let doc = doc_attrs(&text);
    let ty = rust_type(ty, &quote!());
    let ty = match (field.is_double_option(), field.is_optional()) {
        (true, _) => quote!(Option<Option<#ty>>),
        (false, true) => quote!(Option<#ty>),
        (false, false) => ty,
    };
    quote! {
        #doc
        pub #rust_name: #ty,
    }
}

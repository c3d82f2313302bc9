//! A `multipart/form-data` body's parts as a Rust struct, written part
//! by part by the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, docs_text, rust_type, Place};
use crate::ir::{Ident, Part, PartKind};

/// The parts of a multipart body: a struct, and how it writes its parts.
pub(super) fn multipart_def(
    name: &Ident,
    doc: &TokenStream,
    place: &Place,
    parts: &[Part],
) -> TokenStream {
    let Place { cfg, runtime } = place;
    let fields = parts.iter().map(|part| {
        let Part { name, kind, required, docs } = part;
        let field = &name.rust;
        let ty = match kind {
            PartKind::File { .. } => quote!(#runtime::FilePart),
            PartKind::Files { .. } => quote!(Vec<#runtime::FilePart>),
            PartKind::Text(ty) | PartKind::Json { ty, .. } => rust_type(ty, &quote!()),
            PartKind::Texts(ty) => {
                let ty = rust_type(ty, &quote!());
                quote!(Vec<#ty>)
            }
        };
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        let mut text = docs_text(docs);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let what = match kind {
            PartKind::File { content_type } => {
                format!("a file, `{content_type}` unless it names its type")
            }
            PartKind::Files { content_type } => {
                format!("files, `{content_type}` unless each names its type")
            }
            PartKind::Text(_) => "text".to_owned(),
            PartKind::Texts(_) => "one text part per value".to_owned(),
            PartKind::Json { content_type, .. } => format!("`{content_type}`"),
        };
        let presence = if *required { "required" } else { "optional" };
        text.push_str(&format!("Part `{}` ({what}; {presence}).", name.api));
        let doc = doc_attrs(&text);
        quote!(#doc pub #field: #ty,)
    });
    let writes = parts.iter().map(|part| {
        let api = &part.name.api;
        let write = match &part.kind {
            PartKind::File { content_type } | PartKind::Files { content_type } => {
                quote!(parts.file(#api, value, #content_type)?)
            }
            PartKind::Text(_) | PartKind::Texts(_) => quote!(parts.text(#api, value)?),
            PartKind::Json { content_type, .. } => quote!(parts.json(#api, value, #content_type)?),
        };
        let field = &part.name.rust;
        let many = matches!(part.kind, PartKind::Files { .. } | PartKind::Texts(_));
        match (part.required, many) {
            (true, false) => quote! { let value = &self.#field; #write; },
            (true, true) => quote! { for value in &self.#field { #write; } },
            (false, false) => quote! { if let Some(value) = &self.#field { #write; } },
            (false, true) => quote! { for value in self.#field.iter().flatten() { #write; } },
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        #cfg
        impl #runtime::MultipartBody for #name {
            fn write_parts(&self, parts: &mut #runtime::Multipart) -> Result<(), #runtime::RequestError> {
                #(#writes)*
                Ok(())
            }
        }
    }
}

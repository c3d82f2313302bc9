//! `models.rs`: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, docs_text, rust_type};
use crate::ir::{
    Api, EnumVariant, Field, Ident, Struct, TypeDef, TypeKind, TypeRef, UntaggedVariant,
};

/// The models file. prettyplease formats items independently, so chunks of
/// types are formatted on every core and concatenated: the same bytes as
/// formatting the file at once.
pub(super) fn file(api: &Api, options: &super::EmitOptions) -> Result<String, super::EmitError> {
    const PATH: &str = "models.rs";
    let mut text = super::header(options);
    text.push_str(&super::format_tokens(
        PATH,
        quote!(#![doc = " Types for the schemas of the spec."]),
    )?);
    let chunks = super::in_parallel(&api.types, |types| {
        let defs = types.iter().map(type_def);
        super::format_tokens(PATH, quote!(#(#defs)*))
    })?;
    text.extend(chunks);
    Ok(text)
}

fn type_def(def: &TypeDef) -> TokenStream {
    let TypeDef { name, origin, docs, kind } = def;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&origin.to_string());
    let doc = doc_attrs(&text);
    match kind {
        TypeKind::Struct(object) => struct_def(name, &doc, object),
        TypeKind::Enum(variants) => enum_def(name, &doc, variants),
        TypeKind::Untagged(variants) => untagged_def(name, &doc, variants),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!());
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn struct_def(name: &Ident, doc: &TokenStream, object: &Struct) -> TokenStream {
    let Struct { fields, additional } = object;
    let all_defaultable = fields.iter().all(|field| field.is_optional() || defaultable(&field.ty));
    let default = all_defaultable.then(|| quote!(Default,));
    let fields = fields.iter().map(field_def);
    let additional = additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &quote!());
        quote! {
            /// Properties beyond the documented ones.
            #[serde(flatten)]
            pub additional_properties: std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn defaultable(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::String | TypeRef::Bool
    )
}

fn field_def(field: &Field) -> TokenStream {
    let Field { name, ty, required, nullable, docs } = field;
    let api_name = &name.api;
    let rust_name = &name.rust;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let presence = match (required, nullable) {
        (true, false) => "required",
        (true, true) => "required, may be null",
        (false, _) => "optional",
    };
    text.push_str(&format!("Property `{api_name}` ({presence})."));
    let doc = doc_attrs(&text);
    let mut serde_args = Vec::new();
    if name.is_renamed() {
        serde_args.push(quote!(rename = #api_name));
    }
    let ty = rust_type(ty, &quote!());
    // An optional field is left out when `None`; a required nullable one is
    // always sent, as `null` when `None`.
    if !field.required {
        serde_args.push(quote!(default));
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let ty = if field.is_optional() { quote!(Option<#ty>) } else { ty };
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #doc
        #serde
        pub #rust_name: #ty,
    }
}

fn enum_def(name: &Ident, doc: &TokenStream, variants: &[EnumVariant]) -> TokenStream {
    let defs = variants.iter().map(|EnumVariant { name }| {
        let (variant, api_name) = (&name.rust, &name.api);
        let doc = format!(" `{api_name}`");
        quote! {
            #[doc = #doc]
            #[serde(rename = #api_name)]
            #variant,
        }
    });
    let arms = variants.iter().map(|EnumVariant { name }| {
        let (variant, api_name) = (&name.rust, &name.api);
        quote!(Self::#variant => #api_name,)
    });
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum #name {
            #(#defs)*
        }

        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn untagged_def(name: &Ident, doc: &TokenStream, variants: &[UntaggedVariant]) -> TokenStream {
    let defs = variants.iter().map(|UntaggedVariant { name: variant, ty }| {
        let ty = rust_type(ty, &quote!());
        let doc = format!(" The value as `{}`.", ty.to_string().replace(' ', ""));
        quote!(#[doc = #doc] #variant(#ty),)
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#defs)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_in_parallel_chunks_gives_the_bytes_of_one_pass() {
        // 40 schemas: more than one chunk, so several threads take part.
        let mut text = String::from("openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n");
        for i in 0..40 {
            text.push_str(&format!("    s{i}:\n      type: object\n      description: Schema {i}.\n      properties:\n        id: {{ type: string }}\n        kind: {{ type: string, enum: [a, b{i}] }}\n"));
        }
        let spec = crate::load::load_str(std::path::Path::new("t.yaml"), &text).expect("loads");
        let api = crate::lower::lower(&spec).expect("lowers");
        assert!(api.types.len() >= 40);
        let options =
            crate::EmitOptions { command: "test".to_owned(), spec_name: "t.yaml".to_owned() };

        let chunked = file(&api, &options).expect("chunked");
        let defs = api.types.iter().map(type_def);
        let whole = super::super::format_file(
            "models.rs",
            quote!(#![doc = " Types for the schemas of the spec."] #(#defs)*),
            &options,
        )
        .expect("whole");
        assert_eq!(chunked, whole);
    }
}

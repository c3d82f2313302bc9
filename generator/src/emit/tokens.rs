//! The toolbox every emitter builds with: identifiers, Rust types of IR
//! types, `#[cfg]`s for features, and documentation attributes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Docs, Ident, TypeRef};

/// IR identifiers go straight into `quote!`, raw where they need to be
/// (`format_ident!` reads the `r#` the naming module wrote).
impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        quote::format_ident!("{}", self.as_str()).to_tokens(tokens);
    }
}

/// The Rust type for a type reference; `models` is the path to the models module.
pub(crate) fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(name) => quote!(#models #name),
        TypeRef::Boxed(name) => quote!(Box<#models #name>),
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Base64 => quote!(#models Base64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Vec(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, models);
            quote!(Option<#inner>)
        }
    }
}

/// The `#[cfg]` that compiles an item with any one of `features`; nothing
/// when it is always compiled.
pub(crate) fn cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    let features = features.iter().map(AsRef::as_ref);
    match features.len() {
        0 => TokenStream::new(),
        1 => quote!(#[cfg(#(feature = #features)*)]),
        _ => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

/// `#[doc]` attributes for documentation text. Attributes rather than `///`
/// text, so no description can break out of the comment.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

pub(crate) fn doc_attrs_inner(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Doc lines for rustdoc. Markdown code in a spec is never Rust: untagged
/// fences become `text` fences and indentation is capped at three spaces
/// (enough for list continuations, too little for an indented code block),
/// so descriptions never turn into failing doctests.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if let Some(info) = trimmed.strip_prefix("```") {
                in_fence = !in_fence;
                if in_fence && info.trim().is_empty() {
                    return " ```text".to_owned();
                }
            }
            let line = if in_fence {
                line.trim_end().to_owned()
            } else {
                let indent = (line.len() - line.trim_start().len()).min(3);
                format!("{}{trimmed}", " ".repeat(indent))
            };
            // A leading space per line, as `///` comments have.
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// What the generator did differently from the spec, as a rustdoc section.
pub(crate) fn notes_text(notes: &[String]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let items: Vec<String> = notes.iter().map(|note| format!("- {note}")).collect();
    format!("\n\n# Generated with a fallback\n\n{}", items.join("\n"))
}

/// The text of a [`Docs`], summary first.
pub(crate) fn docs_text(docs: &Docs) -> String {
    let Docs { summary, description } = docs;
    let mut text = String::new();
    for part in [summary, description].into_iter().flatten() {
        let part = part.trim();
        if !part.is_empty() && !text.contains(part) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(part);
        }
    }
    text
}

//! Stage 3: emit tokens from the IR and format them, once, with prettyplease.
//!
//! One submodule per kind of output file; each returns a `TokenStream`. This
//! module assembles the file tree and is the only place that formats.

mod examples;
mod models;
mod operations;
mod servers;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Docs, Files, Ident, Operation, TypeRef};
use crate::Options;

/// The runtime shared by all operations, copied into every generated crate
/// (`generator/runtime/`, a module tree of its own).
const RUNTIME: &[(&str, &str)] = &[
    ("runtime/mod.rs", include_str!("../../runtime/mod.rs")),
    ("runtime/body.rs", include_str!("../../runtime/body.rs")),
    ("runtime/errors.rs", include_str!("../../runtime/errors.rs")),
    ("runtime/object.rs", include_str!("../../runtime/object.rs")),
    ("runtime/params.rs", include_str!("../../runtime/params.rs")),
    ("runtime/request.rs", include_str!("../../runtime/request.rs")),
    ("runtime/response.rs", include_str!("../../runtime/response.rs")),
    ("runtime/server.rs", include_str!("../../runtime/server.rs")),
];

/// Emitting failed: a bug in the generator, reported rather than panicking.
#[derive(Debug, thiserror::Error)]
#[error("internal error: the generated file {file} is not valid Rust ({message}); please report this with the spec that caused it")]
pub struct EmitError {
    pub file: String,
    pub message: String,
}

/// Emits the generated module tree: paths are relative to the module's directory.
pub fn emit(api: &Api, options: &Options) -> Result<Files, EmitError> {
    let mut files = Files::new();
    let modules = operations::modules(api);
    for (path, tokens) in [
        ("mod.rs", root_module(api)),
        ("servers.rs", servers::file(api)),
        ("operations/mod.rs", operations::index(api, &modules)),
        ("example_tests.rs", examples::file(api)),
    ] {
        files.insert(path.to_owned(), format_file(path, tokens, options)?);
    }
    files.insert("models.rs".to_owned(), models::file(api, options)?);
    files.extend(operation_files(api, &modules, options)?);
    for (path, source) in RUNTIME {
        files.insert((*path).to_owned(), format!("{}{source}", header(options)));
    }
    Ok(files)
}

/// One file per group of operations; each operation built and formatted
/// on every core, one at a time (so a thread holds one operation's tokens
/// and syntax tree), then put in its group's file.
fn operation_files(
    api: &Api,
    modules: &[operations::Module],
    options: &Options,
) -> Result<Vec<(String, String)>, EmitError> {
    let paths: Vec<String> =
        modules.iter().map(|module| format!("operations/{}.rs", module.name)).collect();
    // Each operation with the path of its file, for error messages.
    let mut work: Vec<(&Operation, &str)> = Vec::with_capacity(api.operations.len());
    for (module, path) in modules.iter().zip(&paths) {
        work.extend(module.operations.iter().map(|&index| (&api.operations[index], path.as_str())));
    }
    let texts = in_parallel(&work, |chunk| {
        chunk
            .iter()
            .map(|(operation, path)| format_tokens(path, operations::items(operation)))
            .collect::<Result<Vec<_>, EmitError>>()
    })?;
    let mut texts = texts.into_iter().flatten();
    modules
        .iter()
        .zip(paths)
        .map(|(module, path)| {
            let mut text = format_file(&path, operations::file_head(api, module), options)?;
            text.extend(texts.by_ref().take(module.operations.len()));
            Ok((path, text))
        })
        .collect()
}

/// Runs `work` on chunks of `items` on every core and returns the results in
/// chunk order, so the output never depends on the number of threads. (Token
/// streams cannot cross threads, so each thread builds its own from the IR.)
pub(crate) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T]) -> Result<R, EmitError> + Sync,
) -> Result<Vec<R>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(16);
    if items.len() <= chunk {
        return Ok(vec![work(items)?]);
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(move || work(part))).collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().map_err(|_| EmitError {
                    file: "(parallel emit)".to_owned(),
                    message: "a formatting thread panicked".to_owned(),
                })?
            })
            .collect()
    })
}

fn root_module(api: &Api) -> TokenStream {
    let Api { title, version, description, .. } = api;
    let mut doc = format!("{title} (API version {version}).");
    if let Some(description) = description {
        doc.push_str("\n\n");
        doc.push_str(description);
    }
    let doc = doc_attrs_inner(&doc);
    // The generated code uses its own deprecated items; only users of them
    // should be warned.
    let allow = api.has_deprecated().then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #allow
        pub mod models;
        #allow
        pub mod operations;
        pub mod runtime;
        pub mod servers;
        #[cfg(test)]
        #allow
        mod example_tests;
    }
}

fn header(options: &Options) -> String {
    crate::header::rust(&options.command, &options.spec_name)
}

/// Parses and pretty-prints one file. A parse failure is a generator bug.
fn format_file(path: &str, tokens: TokenStream, options: &Options) -> Result<String, EmitError> {
    Ok(format!("{}{}", header(options), format_tokens(path, tokens)?))
}

/// Pretty-prints tokens without a header (a file, or items of one).
pub(crate) fn format_tokens(path: &str, tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| EmitError { file: path.to_owned(), message: error.to_string() })?;
    Ok(prettyplease::unparse(&file))
}

/// An identifier for a name made in the emitter from IR names (a module
/// name, a test name), which may be raw.
pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, Span::call_site()),
        None => proc_macro2::Ident::new(name, Span::call_site()),
    }
}

/// IR identifiers go straight into `quote!`, raw where they need to be.
impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        ident(self.as_str()).to_tokens(tokens);
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
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Vec(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
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
fn doc_lines(text: &str) -> Vec<String> {
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

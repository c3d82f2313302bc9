//! `operations/<group>.rs`: per operation, a request type that builds an
//! `http::Request`, a response type (an enum, or an alias of the runtime's
//! for a common single answer), and the `Operation` impl tying them;
//! one file per group of operations (their first tag, or their path's first
//! segment), so a spec of thousands of operations is hundreds of files, not
//! thousands.
//!
//! [`request`] emits the request type (fields, constructor, setters, `Debug`),
//! [`wire`] how its values go on the wire (path, query, headers, body), and
//! [`response`] the response type and `parse_response`.

mod request;
mod response;
mod wire;

pub(super) use response::accessor;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::permissions;
use super::shared::Tables;
use super::tokens::{cfg, doc_attrs, doc_attrs_inner, docs_text, notes_text, rust_type};
use crate::ir::{Api, Body, BodyContent, BodyKind, Ident, Operation, ParamLocation, Provenance};

/// One module (file) of operations: a group's.
pub(super) struct Module<'a> {
    pub name: &'a Ident,
    pub group: &'a str,
    /// The feature that compiles the module: its group's, if any.
    pub feature: Option<&'a str>,
    /// Its operations, in the API's order.
    pub operations: Vec<&'a Operation>,
}

/// The operations' modules, by name (lowering names them).
pub(super) fn modules(api: &Api) -> Vec<Module<'_>> {
    let mut by_name: BTreeMap<&Ident, Module> = BTreeMap::new();
    for operation in &api.operations {
        let module = by_name.entry(&operation.module).or_insert_with(|| Module {
            name: &operation.module,
            group: &operation.group,
            feature: api.feature_of(operation),
            operations: Vec::new(),
        });
        module.operations.push(operation);
    }
    by_name.into_values().collect()
}

/// `operations/mod.rs`: the modules, re-exported, and the catalogue `ALL`.
pub(super) fn index(api: &Api, modules: &[Module]) -> TokenStream {
    let modules = modules.iter().map(|module| {
        let cfg = cfg(module.feature.as_slice());
        let module = module.name;
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::*;
        }
    });
    let infos = api.operations.iter().map(|operation| {
        let name = &operation.name.rust;
        let cfg = cfg(api.feature_of(operation).as_slice());
        quote!(#cfg super::runtime::OperationInfo::of::<#name>())
    });
    let doc = doc_attrs_inner(&index_doc(api));
    quote! {
        #doc
        #(#modules)*

        /// Every operation of the spec compiled in (see the features above), sorted by type name.
        pub const ALL: &[super::runtime::OperationInfo] = &[#(#infos),*];
    }
}

/// The module's documentation: what each operation module holds, and the
/// Cargo features that compile them.
fn index_doc(api: &Api) -> String {
    let mut text =
        "One module per group of operations (their first tag, or the first segment of their \
        path when they have none), all re-exported here: for each operation, its request type, its \
        response type and its `Operation` implementation."
            .to_owned();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for feature in api.operations.iter().filter_map(|op| api.feature_of(op)) {
        *counts.entry(feature).or_default() += 1;
    }
    if counts.is_empty() {
        return text;
    }
    text.push_str("\n\nEach operation is compiled with one Cargo feature, named after its first tag \
        (or the first segment of its path when it has none); all of them are default features. To \
        compile only what you use, depend on the crate with `default-features = false` and the features \
        you need. Types are compiled with the features whose operations use them, directly or through \
        other types.");
    if let Some(unused) = &api.unused_feature {
        text.push_str(&format!(
            " The types no operation uses are compiled with `{unused}`, also a default feature, and so are the types they use."
        ));
    }
    text.push('\n');
    for (feature, count) in counts {
        let plural = if count == 1 { "" } else { "s" };
        text.push_str(&format!("\n- `{feature}`: {count} operation{plural}"));
    }
    text
}

/// Whether a content's bytes are checked against its media type's
/// signature before sending (the runtime knows the media type's first bytes).
fn is_signed(content: &BodyContent) -> bool {
    matches!(content.kind, BodyKind::Binary { .. })
        && crate::runtime::signatures::signatures(&content.media_type).is_some()
}

/// Whether the request has the `skip_signature_check` opt-out: some content
/// of its body is checked.
fn checks_signature(body: Option<&Body>) -> bool {
    body.is_some_and(|body| body.contents.iter().any(is_signed))
}

/// `#[inline]` for an `Operation` method whose body reads or writes a
/// typed value through serde (`generic`). Such a method is not generic, so
/// without it every build of the crate compiles it, and serde's code for
/// the types it names, whether or not anything calls the operation: in a
/// debug build of a crate of 1,000 operations that was a quarter of the
/// time, in a release build three quarters. Marked `#[inline]`, it is
/// compiled only in the crates that call it, and only for the operations
/// they call; `cargo check` is the same either way.
fn inline_if(generic: bool) -> Option<TokenStream> {
    generic.then(|| quote!(#[inline]))
}

/// The path from an operation's module to the models.
fn models() -> TokenStream {
    quote!(models::)
}

/// The top of a module's file: its documentation and imports.
pub(super) fn file_head(module: &Module) -> TokenStream {
    let count = module.operations.len();
    let plural = if count == 1 { "" } else { "s" };
    let doc = format!(
        " Operations filed under `{}`, their first tag or the first segment of their path ({count} operation{plural}).",
        module.group
    );
    let use_models = module.operations.iter().any(|op| !op.named_types().is_empty()).then(|| {
        quote!(
            use super::super::models;
        )
    });
    // `RequestError` is in the signatures of the request side's methods,
    // which an operation without parameters or body leaves to the trait.
    let request_error = module
        .operations
        .iter()
        .any(|op| overrides_request_methods(op))
        .then(|| quote!(RequestError,));
    let use_permissions =
        module.operations.iter().any(|op| op.provenance.permissions.is_some()).then(|| {
            quote!(
                use super::super::permissions;
            )
        });
    quote! {
        #![doc = #doc]
        use bytes::Bytes;

        #use_models
        #use_permissions

        use super::super::runtime::{self, Operation, #request_error};
    }
}

/// Whether the operation implements one of `path`, `write_query`,
/// `header_pairs` and `body_content` itself.
fn overrides_request_methods(operation: &Operation) -> bool {
    operation.body.is_some()
        || operation.params.iter().any(|param| param.location != ParamLocation::Path)
        || wire::overrides_path(operation)
}

/// The items of one operation.
pub(super) fn items(operation: &Operation, tables: &Tables) -> TokenStream {
    let Operation {
        name,
        response_type,
        pointer: _,
        method,
        path_template,
        group: _,
        module: _,
        path: _,
        params,
        body,
        responses,
        raw_fallback,
        error_body,
        // Every error status is answered as a `ResponseError`; the review reads them.
        errors: _,
        // Both in the access table: the impl names its entry.
        scopes: _,
        security: _,
        accept,
        provenance,
        deprecated,
        docs: _,
        external_docs: _,
        examples: _,
        notes: _,
    } = operation;
    let type_name = &name.rust;
    let operation_id = &name.api;
    let models = models();
    let method_str = method.as_str();
    let method_ident = format_ident!("{}", method_str);
    // The trait's default is `false`.
    let idempotent = method.is_idempotent().then(|| {
        quote!(
            const IDEMPOTENT: bool = true;
        )
    });
    let error_ty = rust_type(error_body, &models);

    let request_type =
        request::definition(operation, &doc_attrs(&request_doc(operation)), *deprecated);
    let path_fn = wire::path_fn(operation);
    let query = wire::write_query(params);
    let headers = wire::header_pairs(params);
    let body_fn = wire::body_content(body.as_ref());
    let response_side = response::ResponseSide {
        name: response_type,
        responses,
        raw_fallback: *raw_fallback,
        models: &models,
    };
    let (response_enum, parse_fn) = response_side.emit();
    // The trait's defaults are empty lists.
    let access = super::security::constant(operation, &tables.access);
    let versions = &provenance.api_versions;
    let versions = (!versions.is_empty())
        .then(|| quote!(const API_VERSIONS: &'static [&'static str] = &[#(#versions),*];));
    let permissions = permissions::constant(operation, &tables.permissions);
    // The trait's default is JSON, what most operations answer with.
    let accept =
        (accept != "application/json").then(|| quote!(const ACCEPT: &'static str = #accept;));
    // The versions the whole API documents tell a base URL that names a
    // version from one that does not (a proxy, a mock).
    let all_versions = (!provenance.api_versions.is_empty()).then(|| {
        quote!(
            const ALL_API_VERSIONS: &'static [&'static str] = super::super::servers::API_VERSIONS;
        )
    });

    quote! {
        #request_type

        #response_enum

        impl Operation for #type_name {
            type Response = #response_type;
            type ErrorBody = #error_ty;

            const OPERATION_ID: &'static str = #operation_id;
            const METHOD: http::Method = http::Method::#method_ident;
            const PATH_TEMPLATE: &'static str = #path_template;
            #access
            #versions
            #idempotent
            #all_versions
            #accept

            #path_fn
            #query
            #headers
            #body_fn
            #parse_fn
        }

        #permissions
    }
}

/// The rustdoc of the request type: the spec's words, the route, the
/// permissions and where the operation is documented.
fn request_doc(operation: &Operation) -> String {
    let mut text = docs_text(&operation.docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let (method, path, id) =
        (operation.method.as_str(), &operation.path_template, operation.operation_id());
    text.push_str(&format!("`{method} {path}` (operationId `{id}`)."));
    let Provenance { api_versions, source_docs, beyond_sources, permissions } =
        &operation.provenance;
    match permissions {
        Some(permissions) => text.push_str(&permissions::doc(permissions)),
        None if !operation.scopes.is_empty() => {
            let scopes: Vec<String> =
                operation.scopes.iter().map(|scope| format!("`{scope}`")).collect();
            let scopes = scopes.join(", ");
            text.push_str(&format!(
                "\n\nPermissions, least privileged first (any one suffices): {scopes}."
            ));
        }
        None => {}
    }
    if !api_versions.is_empty() {
        text.push_str(&format!("\n\nDocumented for API versions: {}.", api_versions.join(", ")));
    }
    if let Some(docs) = &operation.external_docs {
        let url = &docs.url;
        match &docs.description {
            Some(description) => {
                text.push_str(&format!("\n\nDocumentation: [{description}]({url})."))
            }
            None => text.push_str(&format!("\n\nDocumentation: <{url}>.")),
        }
    } else if !source_docs.is_empty() {
        // Without a public page, the spec's own provenance says where it comes from.
        let sources: Vec<String> = source_docs.iter().map(|doc| format!("`{doc}`")).collect();
        text.push_str(&format!("\n\nSource: {}.", sources.join(", ")));
        if *beyond_sources {
            text.push_str(" This operation goes beyond the source pages.");
        }
    }
    text.push_str(&notes_text(&operation.notes));
    text
}

#[cfg(test)]
mod tests;

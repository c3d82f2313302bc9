//! `operations/<name>.rs`: per operation, a request type that builds an
//! `http::Request`, a response enum, and the `Operation` impl tying them.

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::{doc_attrs, docs_text, ident, rust_type};
use crate::ir::{
    Api, Body, BodyKind, Operation, Param, ParamLocation, PathSegment, Response, ResponseContent,
    StatusMatch, TypeRef,
};

/// The module (file) name of an operation.
pub(super) fn module_name(operation: &Operation) -> String {
    let name = operation.rust_name.to_snake_case();
    crate::naming::snake(&name).trim_start_matches("r#").to_owned()
}

pub(super) fn index(api: &Api) -> TokenStream {
    let modules = api.operations.iter().map(|operation| {
        let module = format_ident!("{}", module_name(operation));
        quote! {
            mod #module;
            pub use #module::*;
        }
    });
    let infos = api.operations.iter().map(|operation| {
        let name = ident(&operation.rust_name);
        quote!(runtime::OperationInfo::of::<#name>())
    });
    quote! {
        //! One module per operation: its request type, its response type and
        //! its `Operation` implementation.
        use super::runtime;

        #(#modules)*

        /// Every operation of the spec, sorted by type name.
        pub const ALL: &[runtime::OperationInfo] = &[#(#infos),*];
    }
}

fn models() -> TokenStream {
    quote!(models::)
}

/// Whether the operation refers to any generated model type.
fn uses_models(operation: &Operation) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) | TypeRef::Boxed(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) => named(inner),
            _ => false,
        }
    }
    let body = operation
        .body
        .as_ref()
        .is_some_and(|body| matches!(&body.kind, BodyKind::Json(ty) if named(ty)));
    let responses = operation
        .responses
        .iter()
        .any(|r| matches!(&r.content, ResponseContent::Json(ty) if named(ty)));
    body || responses
        || named(&operation.error_body)
        || operation.params.iter().any(|p| named(&p.ty))
}

pub(super) fn file(operation: &Operation) -> TokenStream {
    let Operation {
        rust_name,
        operation_id,
        method,
        path_template,
        path: _,
        params,
        body,
        responses,
        error_body,
        scopes,
        api_versions,
        source_docs: _,
        beyond_sources: _,
        deprecated,
        docs: _,
        examples: _,
    } = operation;
    let name = ident(rust_name);
    let response_name = format_ident!("{}Response", rust_name);
    let models = models();
    let doc = doc_attrs(&request_doc(operation));
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    let method_str = method.as_str();
    let method_ident = format_ident!("{}", method_str);
    let idempotent = method.is_idempotent();
    let error_ty = rust_type(error_body, &models);

    let field_defs = params.iter().map(|param| {
        let Param { rust_name, ty, required, docs, api_name, location } = param;
        let field = ident(rust_name);
        let ty = rust_type(ty, &models);
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        let where_ = match location {
            ParamLocation::Path => "Path",
            ParamLocation::Query => "Query",
            ParamLocation::Header => "Header",
        };
        let mut text = docs_text(docs);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("{where_} parameter `{api_name}`."));
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    let body_def = body.as_ref().map(|body| {
        let ty = body_type(body);
        let ty = if body.required { ty } else { quote!(Option<#ty>) };
        let mut text = docs_text(&body.docs);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("The request body, sent as `{}`.", body.media_type));
        if let BodyKind::Binary { max_len: Some(limit) } = body.kind {
            text.push_str(&format!(
                " At most {limit} bytes: a larger body is refused before anything is sent."
            ));
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub body: #ty,
        }
    });

    let constructor = constructor(params, body.as_ref());
    let setters = params.iter().filter(|param| !param.required).map(|param| {
        let field = ident(&param.rust_name);
        let setter = setter_name(&param.rust_name);
        let (arg, value) = argument(&param.ty, &format_ident!("value"));
        let doc = format!(" Sets the optional parameter `{}`.", param.api_name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: #arg) -> Self {
                self.#field = Some(#value);
                self
            }
        }
    });
    let body_setter = body.as_ref().filter(|body| !body.required).map(|body| {
        let ty = body_type(body);
        quote! {
            /// Sets the optional request body.
            #[must_use]
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });
    let debug_impl = debug_impl(&name, params, body.as_ref());
    let derive_debug = debug_impl.is_empty().then(|| quote!(, Debug));
    let default_impl = default_impl(&name, params, body.as_ref());
    let path_fn = path_fn(operation);
    let query = query_pairs(params);
    let headers = header_pairs(params);
    let body_expr = body_expr(body.as_ref());
    let (response_enum, parse_fn) = response(&response_name, responses, &models);
    let scopes = scopes.iter();
    let versions = api_versions.iter();

    let module_doc = format!(" The `{operation_id}` operation: `{method_str} {path_template}`.");
    let use_models = uses_models(operation).then(|| {
        quote!(
            use super::super::models;
        )
    });
    quote! {
        #![doc = #module_doc]
        use bytes::Bytes;

        #use_models

        use super::super::runtime::{self, Operation, RequestError, ResponseError};

        #doc
        #deprecated
        // Built with `new` and setters, so a new optional parameter is not a breaking change.
        #[non_exhaustive]
        #[derive(Clone, PartialEq #derive_debug)]
        pub struct #name {
            #(#field_defs)*
            #body_def
        }

        impl #name {
            #constructor
            #(#setters)*
            #body_setter
        }

        #default_impl

        #debug_impl

        #response_enum

        impl Operation for #name {
            type Response = #response_name;
            type ErrorBody = #error_ty;

            const OPERATION_ID: &'static str = #operation_id;
            const METHOD: http::Method = http::Method::#method_ident;
            const PATH_TEMPLATE: &'static str = #path_template;
            const SCOPES: &'static [&'static str] = &[#(#scopes),*];
            const API_VERSIONS: &'static [&'static str] = &[#(#versions),*];
            const IDEMPOTENT: bool = #idempotent;

            #path_fn
            #query
            #headers
            #body_expr
            #parse_fn
        }
    }
}

fn request_doc(operation: &Operation) -> String {
    let mut text = docs_text(&operation.docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` (operationId `{}`).",
        operation.method.as_str(),
        operation.path_template,
        operation.operation_id
    ));
    if !operation.scopes.is_empty() {
        let scopes: Vec<String> =
            operation.scopes.iter().map(|scope| format!("`{scope}`")).collect();
        text.push_str(&format!(
            "\n\nPermissions, least privileged first (any one suffices): {}.",
            scopes.join(", ")
        ));
    }
    if !operation.api_versions.is_empty() {
        text.push_str(&format!(
            "\n\nDocumented for API versions: {}.",
            operation.api_versions.join(", ")
        ));
    }
    if !operation.source_docs.is_empty() {
        let sources: Vec<String> =
            operation.source_docs.iter().map(|doc| format!("`{doc}`")).collect();
        text.push_str(&format!("\n\nSource: {}.", sources.join(", ")));
        if operation.beyond_sources {
            text.push_str(" This operation goes beyond the source pages.");
        }
    }
    text
}

/// A setter's name: the field's, unless that would shadow another method.
fn setter_name(field: &str) -> Ident {
    const TAKEN: &[&str] = &["new", "body", "path", "to_http_request", "parse_response"];
    if TAKEN.contains(&field) {
        format_ident!("with_{}", field)
    } else {
        ident(field)
    }
}

fn body_type(body: &Body) -> TokenStream {
    match &body.kind {
        BodyKind::Json(ty) => rust_type(ty, &models()),
        BodyKind::Binary { .. } => quote!(Bytes),
        BodyKind::Text => quote!(String),
    }
}

/// The argument type of a constructor or setter, and how the argument
/// named `name` becomes the field's value.
fn argument(ty: &TypeRef, name: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#name.into())),
        other => (rust_type(other, &models()), quote!(#name)),
    }
}

/// A field initialiser, in shorthand when the value is the argument itself.
fn field_init(field: &Ident, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#field: #field.into()),
        _ => quote!(#field),
    }
}

fn constructor(params: &[Param], body: Option<&Body>) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in params {
        let field = ident(&param.rust_name);
        if param.required {
            let (arg, _) = argument(&param.ty, &field);
            args.push(quote!(#field: #arg));
            inits.push(field_init(&field, &param.ty));
        } else {
            inits.push(quote!(#field: None));
        }
    }
    if let Some(body) = body {
        if body.required {
            let ty = body_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        } else {
            inits.push(quote!(body: None));
        }
    }
    quote! {
        /// Creates the request from its required parameters and body.
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// `Default` for a request whose constructor takes nothing.
fn default_impl(name: &Ident, params: &[Param], body: Option<&Body>) -> Option<TokenStream> {
    let needs_nothing =
        params.iter().all(|param| !param.required) && body.is_none_or(|body| !body.required);
    needs_nothing.then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    })
}

/// `Debug` is derived, except with a binary body, which is shown by size:
/// printing megabytes of bytes helps nobody.
fn debug_impl(name: &Ident, params: &[Param], body: Option<&Body>) -> TokenStream {
    if !body.is_some_and(|body| matches!(body.kind, BodyKind::Binary { .. })) {
        return TokenStream::new();
    }
    let name_str = name.to_string();
    let fields = params.iter().map(|param| {
        let field = ident(&param.rust_name);
        let label = param.rust_name.trim_start_matches("r#");
        quote!(.field(#label, &self.#field))
    });
    let body = body.map(|body| match (&body.kind, body.required) {
        (BodyKind::Binary { .. }, true) => quote!(.field("body", &format_args!("<{} bytes>", self.body.len()))),
        (BodyKind::Binary { .. }, false) => quote!(.field("body", &self.body.as_ref().map(|body| format!("<{} bytes>", body.len())))),
        _ => quote!(.field("body", &self.body)),
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_str)
                    #(#fields)*
                    #body
                    .finish()
            }
        }
    }
}

/// How a scalar parameter value becomes text.
fn to_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value.as_str()),
        TypeRef::Named(_) => quote!(#value.as_str()),
        _ => quote!(#value.to_string().as_str()),
    }
}

fn path_fn(operation: &Operation) -> TokenStream {
    let capacity = Literal::usize_unsuffixed(operation.path_template.len() + 16);
    let pushes = operation.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(path.push_str(#text);),
        PathSegment::Param(index) => {
            let param = &operation.params[*index];
            let field = ident(&param.rust_name);
            let api_name = &param.api_name;
            let value = to_text(&param.ty, quote!(self.#field));
            quote!(runtime::push_path_segment(&mut path, #api_name, #value)?;)
        }
    });
    quote! {
        fn path(&self) -> Result<String, RequestError> {
            let mut path = String::with_capacity(#capacity);
            #(#pushes)*
            Ok(path)
        }
    }
}

fn query_pairs(params: &[Param]) -> TokenStream {
    let pushes: Vec<TokenStream> = params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(|param| {
            let api_name = &param.api_name;
            let push = match &param.ty {
                // Arrays use `style: form, explode: false`: `name=a,b`, as OData's `$select` expects.
                TypeRef::Vec(item) => {
                    let item_text = to_text(item, quote!(item));
                    quote!(query.push((#api_name, value.iter().map(|item| #item_text.to_owned()).collect::<Vec<_>>().join(","))))
                }
                ty => {
                    let text = to_text(ty, quote!(value));
                    quote!(query.push((#api_name, #text.to_owned())))
                }
            };
            with_value(param, push)
        })
        .collect();
    if pushes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn query_pairs(&self) -> Vec<(&'static str, String)> {
            let mut query = Vec::new();
            #(#pushes)*
            query
        }
    }
}

/// Runs `statement`, which reads `value`, with the parameter's value: always
/// for a required parameter, only when it is set for an optional one.
fn with_value(param: &Param, statement: TokenStream) -> TokenStream {
    let field = ident(&param.rust_name);
    if param.required {
        quote! { let value = &self.#field; #statement; }
    } else {
        quote! { if let Some(value) = &self.#field { #statement; } }
    }
}

fn header_pairs(params: &[Param]) -> TokenStream {
    let pushes: Vec<TokenStream> = params
        .iter()
        .filter(|param| param.location == ParamLocation::Header)
        .map(|param| {
            let api_name = &param.api_name;
            let lower = param.api_name.to_ascii_lowercase();
            let text = to_text(&param.ty, quote!(value));
            with_value(param, quote!(headers.push((http::header::HeaderName::from_static(#lower), runtime::header_value(#api_name, #text)?))))
        })
        .collect();
    if pushes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn header_pairs(&self) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, RequestError> {
            let mut headers = Vec::new();
            #(#pushes)*
            Ok(headers)
        }
    }
}

fn body_expr(body: Option<&Body>) -> TokenStream {
    let Some(body) = body else {
        return TokenStream::new();
    };
    let media_type = &body.media_type;
    // `Bytes::clone` shares the buffer: the image is never copied.
    let encode = match &body.kind {
        BodyKind::Json(_) => quote!(runtime::json_body(value)?),
        BodyKind::Text => quote!(Bytes::from(value.clone())),
        BodyKind::Binary { max_len: Some(limit) } => {
            let limit = Literal::u64_unsuffixed(*limit);
            quote!({
                runtime::check_body_size(value, #limit)?;
                value.clone()
            })
        }
        BodyKind::Binary { max_len: None } => quote!(value.clone()),
    };
    let content = if body.required {
        quote! {
            let value = &self.body;
            Ok(Some((#media_type, #encode)))
        }
    } else {
        quote! {
            match &self.body {
                Some(value) => Ok(Some((#media_type, #encode))),
                None => Ok(None),
            }
        }
    };
    quote! {
        fn body_content(&self) -> Result<Option<(&'static str, Bytes)>, RequestError> {
            #content
        }
    }
}

fn response(
    name: &Ident,
    responses: &[Response],
    models: &TokenStream,
) -> (TokenStream, TokenStream) {
    let variants = responses.iter().map(|response| {
        let Response { status, variant, content, description } = response;
        let variant = format_ident!("{}", variant);
        let status_text = match status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        let doc = doc_attrs(&format!("`{status_text}`: {}", description.trim()));
        let payload = content_type(content, models);
        match (status, payload) {
            (StatusMatch::Code(_), None) => quote!(#doc #variant,),
            (StatusMatch::Code(_), Some(payload)) => quote!(#doc #variant(#payload),),
            (_, None) => quote!(#doc #variant(http::StatusCode),),
            (_, Some(payload)) => quote!(#doc #variant(http::StatusCode, #payload),),
        }
    });
    let enum_def = quote! {
        /// The documented success responses.
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    };
    let mut arms: Vec<TokenStream> = Vec::new();
    let mut has_success_range = false;
    for response in responses {
        let variant = format_ident!("{}", response.variant);
        let pattern = match response.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(hundreds) => {
                has_success_range = true;
                let low = Literal::u16_unsuffixed(hundreds * 100);
                let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => continue,
        };
        // A range variant also carries the exact status.
        let status = matches!(response.status, StatusMatch::Range(_)).then(|| quote!(status,));
        let result = match &response.content {
            ResponseContent::None => match status {
                Some(_) => quote!(Ok(#name::#variant(status))),
                None => quote!(Ok(#name::#variant)),
            },
            ResponseContent::Json(_) => match status {
                Some(_) => {
                    quote!(runtime::decode_json(status, response.body()).map(|value| #name::#variant(status, value)))
                }
                None => quote!(runtime::decode_json(status, response.body()).map(#name::#variant)),
            },
            ResponseContent::Binary => {
                quote!(Ok(#name::#variant(#status runtime::binary(response))))
            }
            ResponseContent::Text => quote!(Ok(#name::#variant(#status runtime::text(&response)))),
        };
        arms.push(quote!(#pattern => #result,));
    }
    let undocumented_success = (!has_success_range)
        .then(|| quote!(_ if status.is_success() => Err(runtime::unexpected_status(response)),));
    // The response is taken apart only by the arms that need its parts.
    let parse = quote! {
        fn parse_response(response: http::Response<Bytes>) -> Result<Self::Response, ResponseError<Self::ErrorBody>> {
            let status = response.status();
            match status.as_u16() {
                #(#arms)*
                #undocumented_success
                _ => Err(runtime::service_error(response)),
            }
        }
    };
    (enum_def, parse)
}

fn content_type(content: &ResponseContent, models: &TokenStream) -> Option<TokenStream> {
    match content {
        ResponseContent::None => None,
        ResponseContent::Json(ty) => Some(rust_type(ty, models)),
        ResponseContent::Binary => Some(quote!(runtime::Binary)),
        ResponseContent::Text => Some(quote!(String)),
    }
}

//! How a request's values go on the wire: the `path`, `query_pairs`,
//! `header_pairs` and `body_content` methods of its `Operation` impl. The
//! runtime does the encoding; these only hand it the values.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Body, BodyKind, Operation, Param, ParamLocation, PathSegment, TypeRef};

/// How a scalar parameter value becomes text.
fn to_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Named(_) => quote!(#value.as_str()),
        _ => quote!(#value.to_string().as_str()),
    }
}

/// Runs `statement`, which reads `value`, with the parameter's value: always
/// for a required parameter, only when it is set for an optional one.
fn with_value(param: &Param, statement: TokenStream) -> TokenStream {
    let field = &param.name.rust;
    if param.required {
        quote! { let value = &self.#field; #statement; }
    } else {
        quote! { if let Some(value) = &self.#field { #statement; } }
    }
}

pub(super) fn path_fn(operation: &Operation) -> TokenStream {
    let capacity = Literal::usize_unsuffixed(operation.path_template.len() + 16);
    let pushes = operation.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => quote!(path.push_str(#text);),
        PathSegment::Param(index) => {
            let param = &operation.params[*index];
            let field = &param.name.rust;
            let api_name = &param.name.api;
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

pub(super) fn query_pairs(params: &[Param]) -> TokenStream {
    let pushes: Vec<TokenStream> = params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(|param| {
            let api_name = &param.name.api;
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

pub(super) fn header_pairs(params: &[Param]) -> TokenStream {
    let pushes: Vec<TokenStream> = params
        .iter()
        .filter(|param| param.location == ParamLocation::Header)
        .map(|param| {
            let api_name = &param.name.api;
            let lower = api_name.to_ascii_lowercase();
            let text = to_text(&param.ty, quote!(value));
            let header = quote!(http::header::HeaderName::from_static(#lower));
            with_value(
                param,
                quote!(headers.push((#header, runtime::header_value(#api_name, #text)?))),
            )
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

pub(super) fn body_content(body: Option<&Body>) -> TokenStream {
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

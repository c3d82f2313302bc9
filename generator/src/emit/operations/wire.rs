//! How a request's values go on the wire: the `path`, `write_query`,
//! `header_pairs` and `body_content` methods of its `Operation` impl. The
//! runtime does the encoding; these only hand it each value with how the
//! spec says to write it (text, a style, or JSON).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{
    Body, BodyContent, BodyKind, FieldEncoding, Operation, Param, ParamEncoding, ParamLocation,
    ParamStyle, PathSegment, TextKind,
};

/// A scalar parameter value as `&str`.
fn text(kind: TextKind, value: TokenStream) -> TokenStream {
    match kind {
        TextKind::Str => quote!(#value.as_str()),
        TextKind::Display => quote!(#value.to_string().as_str()),
    }
}

fn style(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Simple => quote!(runtime::Style::Simple),
        ParamStyle::Label => quote!(runtime::Style::Label),
        ParamStyle::Matrix => quote!(runtime::Style::Matrix),
        ParamStyle::Form => quote!(runtime::Style::Form),
        ParamStyle::SpaceDelimited => quote!(runtime::Style::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(runtime::Style::PipeDelimited),
        ParamStyle::DeepObject => quote!(runtime::Style::DeepObject),
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

/// `path`: nothing when the trait's default (the template as it is) is
/// right, `runtime::expand_path` with the values when every parameter is
/// plain text, and otherwise the path pushed segment by segment.
pub(super) fn path_fn(operation: &Operation) -> TokenStream {
    if let Some(params) = template_params(operation) {
        if params.is_empty() {
            return TokenStream::new();
        }
        let values = params.into_iter().map(|(param, kind)| {
            let field = &param.name.rust;
            text(kind, quote!(self.#field))
        });
        return quote! {
            fn path(&self) -> Result<String, RequestError> {
                runtime::expand_path(Self::PATH_TEMPLATE, &[#(#values),*])
            }
        };
    }
    let capacity = Literal::usize_unsuffixed(operation.path_template.len() + 16);
    let pushes = operation.path.iter().map(|segment| match segment {
        PathSegment::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [single] => quote!(path.push(#single);),
            _ => quote!(path.push_str(#text);),
        },
        PathSegment::Param(index) => path_param(&operation.params[*index]),
    });
    quote! {
        fn path(&self) -> Result<String, RequestError> {
            let mut path = String::with_capacity(#capacity);
            #(#pushes)*
            Ok(path)
        }
    }
}

/// Whether the operation needs a `path` of its own: the trait's default
/// is the template as it is.
pub(super) fn overrides_path(operation: &Operation) -> bool {
    !template_params(operation).is_some_and(|params| params.is_empty())
}

/// The path parameters in order, each with its text kind, when
/// `runtime::expand_path` can fill the template with their values: every
/// parameter is plain text and the template is exactly the segments, with
/// braces only around parameters.
fn template_params(operation: &Operation) -> Option<Vec<(&Param, TextKind)>> {
    let mut rebuilt = String::with_capacity(operation.path_template.len());
    let mut params = Vec::new();
    for segment in &operation.path {
        match segment {
            PathSegment::Literal(text) if !text.contains(['{', '}']) => rebuilt.push_str(text),
            PathSegment::Param(index) => {
                let param = &operation.params[*index];
                let ParamEncoding::Text(kind) = param.encoding else { return None };
                if param.name.api.contains(['{', '}']) {
                    return None;
                }
                rebuilt.push('{');
                rebuilt.push_str(&param.name.api);
                rebuilt.push('}');
                params.push((param, kind));
            }
            PathSegment::Literal(_) => return None,
        }
    }
    (rebuilt == operation.path_template).then_some(params)
}

fn path_param(param: &Param) -> TokenStream {
    let field = &param.name.rust;
    let api_name = &param.name.api;
    match param.encoding {
        ParamEncoding::Text(kind) => {
            let value = text(kind, quote!(self.#field));
            quote!(runtime::push_path_segment(&mut path, #api_name, #value)?;)
        }
        ParamEncoding::Styled { style: param_style, explode } => {
            let param_style = style(param_style);
            quote!(runtime::push_path_styled(&mut path, #api_name, #param_style, #explode, &self.#field)?;)
        }
        ParamEncoding::Json => {
            quote!(runtime::push_path_json(&mut path, #api_name, &self.#field)?;)
        }
    }
}

pub(super) fn write_query(params: &[Param]) -> TokenStream {
    let writes: Vec<TokenStream> = params
        .iter()
        .filter(|param| param.location == ParamLocation::Query)
        .map(|param| {
            let api_name = &param.name.api;
            let allow_reserved = param.allow_reserved;
            let field = &param.name.rust;
            // An optional text value is one call that skips `None`. (Not a
            // styled one: its longer call would take more lines than `if let`.)
            if let (false, ParamEncoding::Text(_)) = (param.required, param.encoding) {
                return quote!(query.optional_text(#api_name, self.#field.as_ref(), #allow_reserved););
            }
            let write = match param.encoding {
                ParamEncoding::Text(kind) => {
                    let value = text(kind, quote!(value));
                    quote!(query.text(#api_name, #value, #allow_reserved))
                }
                ParamEncoding::Styled { style: param_style, explode } => {
                    let param_style = style(param_style);
                    quote!(query.styled(#api_name, #param_style, #explode, #allow_reserved, value)?)
                }
                ParamEncoding::Json => quote!(query.json(#api_name, value, #allow_reserved)?),
            };
            with_value(param, write)
        })
        .collect();
    if writes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn write_query(&self, query: &mut runtime::Query) -> Result<(), RequestError> {
            #(#writes)*
            Ok(())
        }
    }
}

pub(super) fn header_pairs(params: &[Param]) -> TokenStream {
    let headers: Vec<TokenStream> =
        params.iter().filter(|param| param.location == ParamLocation::Header).map(header).collect();
    let cookies: Vec<TokenStream> =
        params.iter().filter(|param| param.location == ParamLocation::Cookie).map(cookie).collect();
    if headers.is_empty() && cookies.is_empty() {
        return TokenStream::new();
    }
    // Cookie parameters travel together in one `Cookie` header.
    let cookies = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies = runtime::Cookies::default();
            #(#cookies)*
            headers.extend(cookies.into_header()?);
        }
    });
    quote! {
        fn header_pairs(&self) -> Result<Vec<(http::HeaderName, http::HeaderValue)>, RequestError> {
            let mut headers = Vec::new();
            #(#headers)*
            #cookies
            Ok(headers)
        }
    }
}

fn header(param: &Param) -> TokenStream {
    let api_name = &param.name.api;
    let lower = api_name.to_ascii_lowercase();
    let value = match param.encoding {
        ParamEncoding::Text(kind) => {
            let value = text(kind, quote!(value));
            quote!(runtime::header_value(#api_name, #value)?)
        }
        ParamEncoding::Styled { explode, .. } => {
            quote!(runtime::header_styled(#api_name, #explode, value)?)
        }
        ParamEncoding::Json => quote!(runtime::header_json(#api_name, value)?),
    };
    with_value(param, quote!(headers.push((http::header::HeaderName::from_static(#lower), #value))))
}

fn cookie(param: &Param) -> TokenStream {
    let api_name = &param.name.api;
    let write = match param.encoding {
        ParamEncoding::Text(kind) => {
            let value = text(kind, quote!(value));
            quote!(cookies.text(#api_name, #value))
        }
        ParamEncoding::Styled { explode, .. } => {
            quote!(cookies.styled(#api_name, #explode, value)?)
        }
        ParamEncoding::Json => quote!(cookies.json(#api_name, value)?),
    };
    with_value(param, write)
}

pub(super) fn body_content(body: Option<&Body>) -> TokenStream {
    let Some(body) = body else {
        return TokenStream::new();
    };
    let value = Value { by_ref: quote!(value), place: quote!(value) };
    let content = match (body.single(), body.required) {
        // A required body of one media type is read where it is.
        (Some(content), true) => {
            let body = Value { by_ref: quote!(&self.body), place: quote!(self.body) };
            let content = encode(content, &body);
            quote!(Ok(Some(#content)))
        }
        (Some(content), false) => optional(encode(content, &value)),
        (None, required) => {
            let name = &body.enum_name;
            let arms = body.contents.iter().map(|content| {
                let variant = &content.variant;
                let encode = encode(content, &value);
                quote!(#name::#variant(value) => #encode,)
            });
            let content = quote!(match value { #(#arms)* });
            match required {
                true => quote! {
                    let value = &self.body;
                    Ok(Some(#content))
                },
                false => optional(content),
            }
        }
    };
    let typed = body.contents.iter().any(|content| {
        matches!(content.kind, BodyKind::Json(_) | BodyKind::Form { .. } | BodyKind::Multipart(_))
    });
    let inline = super::inline_if(typed);
    quote! {
        #inline
        fn body_content(&self) -> Result<Option<runtime::Content>, RequestError> {
            #content
        }
    }
}

/// The content of an optional body, `content` made from its `value`.
fn optional(content: TokenStream) -> TokenStream {
    quote! {
        match &self.body {
            Some(value) => Ok(Some(#content)),
            None => Ok(None),
        }
    }
}

/// The body's value as `encode` reads it: a reference to it (`value`,
/// `&self.body`) and the place it is in (`value`, `self.body`).
struct Value {
    by_ref: TokenStream,
    place: TokenStream,
}

/// The `runtime::Content` of one content, from the body's `value`.
fn encode(content: &BodyContent, value: &Value) -> TokenStream {
    let Value { by_ref: value, place } = value;
    let media_type = &content.media_type;
    match &content.kind {
        BodyKind::Json(_) => quote!(runtime::json_body(#media_type, #value)?),
        BodyKind::Form { encodings, .. } => {
            let encodings = encodings.iter().map(|encoding| {
                let FieldEncoding { property, style: field_style, explode, allow_reserved } =
                    encoding;
                let field_style = style(*field_style);
                quote!((#property, #field_style, #explode, #allow_reserved))
            });
            quote!(runtime::form_body(#media_type, #value, &[#(#encodings),*])?)
        }
        BodyKind::Multipart(_) => quote!(runtime::multipart_body(#media_type, #value)?),
        BodyKind::Text => quote!(runtime::Content::new(#media_type, Bytes::from(#place.clone()))),
        // `Bytes::clone` shares the buffer: the image is never copied.
        BodyKind::Binary { min_len, max_len } => {
            let min = min_len.map(|min| {
                let min = Literal::u64_unsuffixed(min);
                quote!(runtime::check_body_min_size(#value, #min)?;)
            });
            let max = max_len.map(|limit| {
                let limit = Literal::u64_unsuffixed(limit);
                quote!(runtime::check_body_size(#value, #limit)?;)
            });
            let signature = super::is_signed(content).then(|| {
                quote! {
                    if !self.skip_signature_check {
                        runtime::check_body_signature(#media_type, #value)?;
                    }
                }
            });
            match (&min, &max, &signature) {
                (None, None, None) => quote!(runtime::Content::new(#media_type, #place.clone())),
                _ => quote!(runtime::Content::new(#media_type, {
                    #min
                    #max
                    #signature
                    #place.clone()
                })),
            }
        }
        BodyKind::AnyBinary => quote!(runtime::binary_body(#value)?),
    }
}

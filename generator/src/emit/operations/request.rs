//! The request type of an operation: a `#[non_exhaustive]` struct with one
//! field per parameter and the body, built by `new` (required values) and
//! setters (optional ones), with `Default` and `Debug` where they fit.

use proc_macro2::TokenStream;
use quote::quote;

use super::models;
use crate::emit::tokens::{doc_attrs, docs_text, rust_type};
use crate::ir::{Body, BodyKind, Ident, Operation, Param, ParamEncoding, TextKind, TypeRef};

/// The struct, its inherent impl, and its `Default` and `Debug` impls.
pub(super) fn definition(
    operation: &Operation,
    doc: &TokenStream,
    deprecated: bool,
) -> TokenStream {
    let name = &operation.name.rust;
    let (params, body) = (&operation.params, operation.body.as_ref());
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    let fields = params.iter().map(field);
    let body_field = body.map(body_field);
    let body_enum = body.filter(|body| body.single().is_none()).map(|body| body_enum(name, body));
    let constructor = constructor(params, body);
    let setters = params.iter().filter(|param| !param.required).map(setter);
    let body_setter = body.filter(|body| !body.required).map(|body| {
        let (ty, converts) = body_argument(body);
        let value = match converts {
            true => quote!(body.into()),
            false => quote!(body),
        };
        quote! {
            /// Sets the optional request body.
            #[must_use]
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(#value);
                self
            }
        }
    });
    let (check_field, check_setter) = signature_check(body);
    let debug_impl = debug_impl(name, params, body);
    let derive_debug = debug_impl.is_empty().then(|| quote!(, Debug));
    // A request that needs nothing derives `Default`, and `new` is that value.
    let needs_nothing =
        params.iter().all(|param| !param.required) && body.is_none_or(|body| !body.required);
    let derive_default = needs_nothing.then(|| quote!(Default,));
    quote! {
        #doc
        #deprecated
        // Built with `new` and setters, so a new optional parameter is not a breaking change.
        #[non_exhaustive]
        #[derive(Clone, #derive_default PartialEq #derive_debug)]
        pub struct #name {
            #(#fields)*
            #body_field
            #check_field
        }

        impl #name {
            #constructor
            #(#setters)*
            #body_setter
            #check_setter
        }

        #debug_impl

        #body_enum
    }
}

fn field(param: &Param) -> TokenStream {
    let Param {
        name, ty, required, docs, location, encoding, allow_reserved: _, deprecated, ..
    } = param;
    let field = &name.rust;
    let ty = rust_type(ty, &models());
    let ty = if *required { ty } else { quote!(Option<#ty>) };
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let mut carrier = location.as_str().to_owned();
    carrier[..1].make_ascii_uppercase();
    let how = match encoding {
        ParamEncoding::Text(_) => String::new(),
        ParamEncoding::Styled { style, explode, .. } => {
            format!(
                ", written in the `{}` style{}",
                style.as_str(),
                if *explode { ", exploded" } else { "" }
            )
        }
        ParamEncoding::Json => ", written as JSON".to_owned(),
    };
    text.push_str(&format!("{carrier} parameter `{}`{how}.", name.api));
    let doc = doc_attrs(&text);
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        pub #field: #ty,
    }
}

fn body_field(body: &Body) -> TokenStream {
    let ty = body_type(body);
    let ty = if body.required { ty } else { quote!(Option<#ty>) };
    let mut text = docs_text(&body.docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    match body.single() {
        Some(content) => {
            text.push_str(&format!("The request body, sent as `{}`.", content.media_type));
            if let BodyKind::Binary { min_len, max_len } = content.kind {
                let limits = match (min_len, max_len) {
                    (Some(min), Some(max)) => {
                        Some(format!("At least {min} and at most {max} bytes"))
                    }
                    (Some(min), None) => Some(format!("At least {min} bytes")),
                    (None, Some(max)) => Some(format!("At most {max} bytes")),
                    (None, None) => None,
                };
                if let Some(limits) = limits {
                    text.push_str(&format!(
                        " {limits}: another size is refused before anything is sent."
                    ));
                }
                if super::is_signed(content) {
                    text.push_str(&format!(
                        " Bytes that do not start as `{}` does are refused too, unless \
                         [`skip_signature_check`](Self::skip_signature_check) is called.",
                        content.media_type
                    ));
                }
            }
        }
        None => text.push_str(&format!(
            "The request body, in one of the media types the operation accepts: see [`{}`].",
            body.enum_name
        )),
    }
    let doc = doc_attrs(&text);
    quote! {
        #doc
        pub body: #ty,
    }
}

/// `{Operation}Body`: the body as each media type the operation accepts.
fn body_enum(operation: &Ident, body: &Body) -> TokenStream {
    let name = &body.enum_name;
    let variants = body.contents.iter().map(|content| {
        let variant = &content.variant;
        let ty = content_type(&content.kind);
        let doc = format!(" Sent as `{}`.", content.media_type);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    // Bytes are shown by size (see `debug_impl`).
    let bytes = body.contents.iter().any(|content| matches!(content.kind, BodyKind::Binary { .. }));
    let debug = bytes.then(|| {
        let arms = body.contents.iter().map(|content| {
            let variant = &content.variant;
            let label = variant.unraw();
            match content.kind {
                BodyKind::Binary { .. } => {
                    quote!(Self::#variant(value) => f.debug_tuple(#label).field(&format_args!("<{} bytes>", value.len())).finish(),)
                }
                _ => quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),),
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    });
    let derive_debug = (!bytes).then(|| quote!(, Debug));
    let doc = format!(
        " The request body of [`{}`], in one of the media types it accepts.",
        operation.unraw()
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, PartialEq #derive_debug)]
        pub enum #name {
            #(#variants)*
        }

        #debug
    }
}

fn setter(param: &Param) -> TokenStream {
    let field = &param.name.rust;
    let setter = crate::naming::setter(field);
    let (arg, converts) = argument(param);
    let value = match converts {
        true => quote!(value.into()),
        false => quote!(value),
    };
    let doc = format!(" Sets the optional parameter `{}`.", param.name.api);
    let deprecated = param.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #[doc = #doc]
        #deprecated
        #[must_use]
        pub fn #setter(mut self, value: #arg) -> Self {
            self.#field = Some(#value);
            self
        }
    }
}

/// The Rust type of the body field: the one content's, or the body enum.
pub(super) fn body_type(body: &Body) -> TokenStream {
    match body.single() {
        Some(content) => content_type(&content.kind),
        None => {
            let name = &body.enum_name;
            quote!(#name)
        }
    }
}

/// The Rust type of one content.
fn content_type(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form { ty, .. } => rust_type(ty, &models()),
        BodyKind::Multipart(name) => quote!(models::#name),
        BodyKind::Binary { .. } => quote!(Bytes),
        BodyKind::AnyBinary => quote!(runtime::Binary),
        BodyKind::Text => quote!(String),
    }
}

/// The argument type of a constructor or setter, and whether the argument
/// converts into the field: a string, or a named type written as a string
/// (a string enum, which converts from `&str` and `String`), takes anything
/// that converts into it.
fn argument(param: &Param) -> (TokenStream, bool) {
    match &param.ty {
        TypeRef::String => (quote!(impl Into<String>), true),
        ty @ TypeRef::Named(_) if param.encoding == ParamEncoding::Text(TextKind::Str) => {
            let ty = rust_type(ty, &models());
            (quote!(impl Into<#ty>), true)
        }
        other => (rust_type(other, &models()), false),
    }
}

/// The argument type of the body in a constructor or setter, and whether
/// the argument converts into the field: bytes and text take anything that
/// converts, so `Vec<u8>`, `&'static [u8]` and `&str` need no wrapping.
fn body_argument(body: &Body) -> (TokenStream, bool) {
    match body.single().map(|content| &content.kind) {
        Some(BodyKind::Binary { .. }) => (quote!(impl Into<Bytes>), true),
        Some(BodyKind::Text) => (quote!(impl Into<String>), true),
        _ => (body_type(body), false),
    }
}

/// The width up to which prettyplease keeps a struct literal on one line.
const ONE_LINE_LITERAL: usize = 34;

/// A field of the constructor's `Self { .. }`.
struct Init {
    field: TokenStream,
    /// Whether its argument converts into it (`.into()`).
    converts: bool,
    /// Its value when it is not an argument (`None`, `false`).
    fixed: Option<TokenStream>,
}

impl Init {
    fn argument(field: TokenStream, converts: bool) -> Self {
        Init { field, converts, fixed: None }
    }

    fn fixed(field: TokenStream, value: TokenStream) -> Self {
        Init { field, converts: false, fixed: Some(value) }
    }
}

fn constructor(params: &[Param], body: Option<&Body>) -> TokenStream {
    let mut args = Vec::new();
    let mut fields = Vec::new();
    for param in params {
        let field = &param.name.rust;
        if !param.required {
            fields.push(Init::fixed(quote!(#field), quote!(None)));
            continue;
        }
        let (arg, converts) = argument(param);
        args.push(quote!(#field: #arg));
        fields.push(Init::argument(quote!(#field), converts));
    }
    match body {
        Some(body) if body.required => {
            let (ty, converts) = body_argument(body);
            args.push(quote!(body: #ty));
            fields.push(Init::argument(quote!(body), converts));
        }
        Some(_) => fields.push(Init::fixed(quote!(body), quote!(None))),
        None => {}
    }
    if super::checks_signature(body) {
        fields.push(Init::fixed(quote!(skip_signature_check), quote!(false)));
    }
    let with_params = params.iter().any(|param| param.required);
    let with_body = body.is_some_and(|body| body.required);
    let doc = match (with_params, with_body) {
        (true, true) => " Creates the request from its required parameters and body.",
        (true, false) => " Creates the request from its required parameters.",
        (false, true) => " Creates the request from its body.",
        (false, false) => " Creates the request.",
    };
    // With nothing to take, every field is `None` (or `false`): the derived default.
    let value = match args.is_empty() {
        true => quote!(Self::default()),
        false => struct_literal(&fields),
    };
    quote! {
        #[doc = #doc]
        pub fn new(#(#args),*) -> Self {
            #value
        }
    }
}

/// `Self { .. }` of the constructor's fields. A literal too wide for one
/// line takes a line per field; where converting the arguments first
/// (`let id = id.into();`) makes it fit, that is fewer lines.
fn struct_literal(fields: &[Init]) -> TokenStream {
    let width = |inits: Vec<String>| "Self {  }".len() + inits.join(", ").len();
    let text = |Init { field, converts, fixed }: &Init, shorthand: bool| match fixed {
        Some(value) => format!("{field}: {value}"),
        None if *converts && !shorthand => format!("{field}: {field}.into()"),
        None => field.to_string(),
    };
    let long = width(fields.iter().map(|init| text(init, false)).collect());
    let short = width(fields.iter().map(|init| text(init, true)).collect());
    let converted: Vec<&TokenStream> = fields
        .iter()
        .filter(|init| init.converts && init.fixed.is_none())
        .map(|init| &init.field)
        .collect();
    // Lines: one, a line per field and two for the braces, or a line per
    // conversion and one.
    let lets = long > ONE_LINE_LITERAL
        && short <= ONE_LINE_LITERAL
        && converted.len() + 1 < fields.len() + 2;
    let inits = fields.iter().map(|Init { field, converts, fixed }| match fixed {
        Some(value) => quote!(#field: #value),
        None if *converts && !lets => quote!(#field: #field.into()),
        None => quote!(#field),
    });
    match lets {
        true => quote! {
            #(let #converted = #converted.into();)*
            Self { #(#inits),* }
        },
        false => quote!(Self { #(#inits),* }),
    }
}

/// The `skip_signature_check` field and its setter, for a body whose
/// media type the runtime checks by its first bytes (`image/jpeg`, ...).
fn signature_check(body: Option<&Body>) -> (Option<TokenStream>, Option<TokenStream>) {
    if !super::checks_signature(body) {
        return (None, None);
    }
    let field = quote! {
        /// Whether to send the body even when it does not start as its media
        /// type's bodies do (its signature, or magic number); `false` unless
        /// [`skip_signature_check`](Self::skip_signature_check) was called.
        pub skip_signature_check: bool,
    };
    let setter = quote! {
        /// Sends the body without checking that it starts with its media
        /// type's signature (a JPEG's first bytes, say): for bytes the check
        /// refuses that the service should see anyway.
        #[must_use]
        pub fn skip_signature_check(mut self) -> Self {
            self.skip_signature_check = true;
            self
        }
    };
    (Some(field), Some(setter))
}

/// `Debug` is derived, except with a binary body, which is shown by size:
/// printing megabytes of bytes helps nobody.
fn debug_impl(name: &Ident, params: &[Param], body: Option<&Body>) -> TokenStream {
    let binary = |body: &Body| {
        body.single().is_some_and(|content| matches!(content.kind, BodyKind::Binary { .. }))
    };
    if !body.is_some_and(binary) {
        return TokenStream::new();
    }
    let name_str = name.unraw();
    let fields = params.iter().map(|param| {
        let field = &param.name.rust;
        let label = field.unraw();
        quote!(.field(#label, &self.#field))
    });
    let check = super::checks_signature(body)
        .then(|| quote!(.field("skip_signature_check", &self.skip_signature_check)));
    let body = body.map(|body| match body.required {
        true => quote!(.field("body", &format_args!("<{} bytes>", self.body.len()))),
        false => quote!(.field("body", &self.body.as_ref().map(|body| format!("<{} bytes>", body.len())))),
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#name_str)
                    #(#fields)*
                    #body
                    #check
                    .finish()
            }
        }
    }
}

//! The response side of an operation: an enum with one variant per
//! expected status (a tuple variant, or a struct variant when the spec
//! documents headers), a body enum where a status has several media types,
//! and `parse_response`, which matches on the status first and takes the
//! response apart only in the arms that need it.
//!
//! Most operations document one answer of a common shape (`200` with a
//! body, `204`, `2XX`): their response type is an alias of the runtime's
//! enum of that shape (`runtime::OkResponse<T>`), compiled once instead
//! of once per operation, and `parse_response` is one runtime call
//! (`runtime::only_json`). Code reads the same either way.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::tokens::{doc_attrs, docs_text, rust_type, spec_markdown};
use crate::ir::{
    Ident, Response, ResponseBody, ResponseContent, ResponseHeader, StatusMatch, TypeRef,
};
use crate::naming;

/// What the response side of one operation is made from.
pub(super) struct ResponseSide<'a> {
    /// The response enum's name.
    pub name: &'a Ident,
    pub responses: &'a [Response],
    /// Whether undocumented answers are returned raw (`Other`).
    pub raw_fallback: bool,
    pub models: &'a TokenStream,
}

impl ResponseSide<'_> {
    /// The response type (the runtime's shared enum, or one of its own),
    /// and the `parse_response` method.
    pub(super) fn emit(&self) -> (TokenStream, TokenStream) {
        let enum_def = self.shared_alias().unwrap_or_else(|| self.own_enum());
        let read = self.only_answer().unwrap_or_else(|| self.status_match());
        let typed = self.responses.iter().any(|r| r.json_type().is_some() || !r.headers.is_empty());
        let inline = super::inline_if(typed);
        let parse = quote! {
            #inline
            fn parse_response(response: http::Response<Bytes>) -> runtime::Parsed<Self> {
                #read
            }
        };
        (enum_def, parse)
    }

    /// `parse_response`'s body when it is not one runtime call: a `match`
    /// on the status, an arm per documented answer, and the arms that take
    /// every status the documented ones leave.
    fn status_match(&self) -> TokenStream {
        let name = self.name;
        let arms = self.responses.iter().filter_map(|response| self.arm(response));
        // A documented `2XX` (or an expected `default`) already claims every success.
        let claimed = self
            .responses
            .iter()
            .any(|r| matches!(r.status, StatusMatch::Range(2) | StatusMatch::Default));
        let rest = if self.raw_fallback {
            quote! {
                _ if !status.is_client_error() && !status.is_server_error() => Ok(#name::Other(runtime::raw(response))),
                _ => Err(runtime::service_error(response)),
            }
        } else if claimed {
            quote!(_ => Err(runtime::service_error(response)),)
        } else {
            // An undocumented success is unexpected, anything else an error.
            quote!(_ => Err(runtime::undocumented(response)),)
        };
        quote! {
            let status = response.status();
            match status.as_u16() {
                #(#arms)*
                #rest
            }
        }
    }

    /// The one answer of an operation that documents only it, with no
    /// headers and one content or none (`None` for the content when it has
    /// no body); `None` for the other shapes. Both the shared alias and the
    /// one-call `parse_response` are for this shape.
    fn plain_answer(&self) -> Option<(&Response, Option<&ResponseContent>)> {
        let [response] = self.responses else {
            return None;
        };
        if self.raw_fallback || !response.headers.is_empty() {
            return None;
        }
        match response.contents.as_slice() {
            [] => Some((response, None)),
            [only] => Some((response, Some(&only.content))),
            _ => None,
        }
    }

    /// The operation's own response enum: a variant per documented answer
    /// (and `Other` for undocumented ones), its accessors and body enums.
    fn own_enum(&self) -> TokenStream {
        let name = self.name;
        let variants = self.responses.iter().map(|response| self.variant(response));
        let other = self.raw_fallback.then(|| {
            quote! {
                /// An answer the spec does not document (it documents no success or redirect).
                Other(runtime::RawResponse),
            }
        });
        let body_enums =
            self.responses.iter().filter(|r| r.contents.len() > 1).map(|r| self.body_enum(r));
        let accessors = self.accessors();
        quote! {
            /// The documented success responses.
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #(#variants)*
                #other
            }

            #accessors
            #(#body_enums)*
        }
    }

    /// For an operation whose one answer has a shape many share (`200`,
    /// `201` or `202` with a body, `204`, `2XX`), its response type as an
    /// alias of the runtime's enum of that shape (`runtime::OkResponse<T>`),
    /// with the same variant and accessor an enum of its own would have.
    fn shared_alias(&self) -> Option<TokenStream> {
        let (response, _) = self.plain_answer()?;
        let body = self.body_type(response);
        let (shared, variant) = match (response.status, &body) {
            (StatusMatch::Code(200), Some(_)) => ("OkResponse", "Ok"),
            (StatusMatch::Code(201), Some(_)) => ("CreatedResponse", "Created"),
            (StatusMatch::Code(202), Some(_)) => ("AcceptedResponse", "Accepted"),
            (StatusMatch::Code(204), None) => ("NoContentResponse", "NoContent"),
            (StatusMatch::Range(2), Some(_)) => ("Status2xxResponse", "Status2xx"),
            (StatusMatch::Range(2), None) => ("Status2xxEmptyResponse", "Status2xx"),
            _ => return None,
        };
        if response.variant.as_str() != variant {
            return None;
        }
        let shared = quote::format_ident!("{shared}");
        let shared = match body {
            Some(body) => quote!(runtime::#shared<#body>),
            None => quote!(runtime::#shared),
        };
        let words = spec_markdown(response.description.trim());
        let status = &response.status;
        // A short description fits the summary line; a longer one is a
        // paragraph of its own, so that the summary stays short.
        let doc = match words.len() <= 60 && !words.contains('\n') {
            true => {
                let words = words.trim_end_matches('.');
                format!("The documented success response (`{status}`: {words}).")
            }
            false => format!("The documented success response.\n\n`{status}`: {words}"),
        };
        let doc = doc_attrs(&doc);
        let name = self.name;
        Some(quote! {
            #doc
            pub type #name = #shared;
        })
    }

    /// The whole of `parse_response` as one runtime call (`only_json`, ...,
    /// `success_json`, ...) for a [plain answer](Self::plain_answer) with a
    /// status code or `2XX`: the common shape, which then needs no `match`
    /// of its own.
    fn only_answer(&self) -> Option<TokenStream> {
        let (response, content) = self.plain_answer()?;
        let read = |kind: &str| {
            let suffix = match content {
                None => "empty",
                Some(ResponseContent::Json(_)) => "json",
                Some(ResponseContent::Binary) => "binary",
                Some(ResponseContent::Text) => "text",
            };
            quote::format_ident!("{kind}_{suffix}")
        };
        let (name, variant) = (self.name, &response.variant);
        match response.status {
            // One status: every other answer is undocumented.
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                let only = read("only");
                Some(match content {
                    None => quote!(runtime::#only(response, #code, #name::#variant)),
                    Some(_) => quote!(runtime::#only(response, #code).map(#name::#variant)),
                })
            }
            // `2XX`: the variant takes the exact status, and any other
            // status is the service's error.
            StatusMatch::Range(2) => {
                let success = read("success");
                Some(quote!(runtime::#success(response, #name::#variant)))
            }
            _ => None,
        }
    }

    /// `into_ok()` and the like: the body of one answer or `None`, so a
    /// caller who expects one success needs no `match`, and code written
    /// against it keeps compiling when the spec later adds a `204`.
    fn accessors(&self) -> TokenStream {
        let variants = self.responses.len() + usize::from(self.raw_fallback);
        let others = (variants > 1).then(|| quote!(_ => None,));
        let methods = self.responses.iter().filter_map(|response| {
            let body = self.body_type(response)?;
            let variant = &response.variant;
            let carries_status = !matches!(response.status, StatusMatch::Code(_));
            let pattern = match (response.headers.is_empty(), carries_status) {
                (true, false) => quote!(Self::#variant(body)),
                (true, true) => quote!(Self::#variant(_, body)),
                (false, _) => quote!(Self::#variant { body, .. }),
            };
            let method = accessor(response);
            let doc = doc_attrs(&format!(
                "The body of the `{}` answer, or `None` for any other answer.",
                response.status
            ));
            Some(quote! {
                #doc
                pub fn #method(self) -> Option<#body> {
                    match self {
                        #pattern => Some(body),
                        #others
                    }
                }
            })
        });
        let methods: Vec<TokenStream> = methods.collect();
        if methods.is_empty() {
            return TokenStream::new();
        }
        let name = self.name;
        quote! {
            impl #name {
                #(#methods)*
            }
        }
    }

    fn variant(&self, response: &Response) -> TokenStream {
        let Response { status, variant, body_enum: _, contents: _, headers, description } =
            response;
        let doc = doc_attrs(&format!("`{status}`: {}", spec_markdown(description.trim())));
        let carries_status = !matches!(status, StatusMatch::Code(_));
        let body = self.body_type(response);
        if headers.is_empty() {
            return match (carries_status, body) {
                (false, None) => quote!(#doc #variant,),
                (false, Some(body)) => quote!(#doc #variant(#body),),
                (true, None) => quote!(#doc #variant(http::StatusCode),),
                (true, Some(body)) => quote!(#doc #variant(http::StatusCode, #body),),
            };
        }
        let status =
            carries_status.then(|| quote!(#[doc = " The exact status."] status: http::StatusCode,));
        let body = body.map(|body| quote!(#[doc = " The body."] body: #body,));
        let headers = headers.iter().map(|header| {
            let ResponseHeader { name, ty, docs } = header;
            let field = &name.rust;
            let ty = rust_type(ty, self.models);
            let mut text = docs_text(docs);
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Header `{}`, when the response has it.", name.api));
            let doc = doc_attrs(&text);
            quote!(#doc #field: Option<runtime::HeaderField<#ty>>,)
        });
        quote! {
            #doc
            #variant {
                #status
                #body
                #(#headers)*
            },
        }
    }

    /// The type of a variant's body: the one content's, or its body enum.
    fn body_type(&self, response: &Response) -> Option<TokenStream> {
        match response.contents.as_slice() {
            [] => None,
            [only] => Some(content_type(&only.content, self.models)),
            _ => {
                let name = &response.body_enum;
                Some(quote!(#name))
            }
        }
    }

    /// `{Operation}{Variant}Body`: one variant per media type.
    fn body_enum(&self, response: &Response) -> TokenStream {
        let name = &response.body_enum;
        let variants = response.contents.iter().map(|body| {
            let ResponseBody { media_type, variant, content } = body;
            let doc = format!(" The body as `{media_type}`.");
            let ty = content_type(content, self.models);
            quote!(#[doc = #doc] #variant(#ty),)
        });
        let doc =
            format!(" The `{}` response's body, by the media type it declares.", response.status);
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        }
    }

    /// The match arm of one response.
    fn arm(&self, response: &Response) -> Option<TokenStream> {
        let name = self.name;
        let variant = &response.variant;
        let pattern = match response.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(hundreds) => {
                let low = Literal::u16_unsuffixed(hundreds * 100);
                let high = Literal::u16_unsuffixed(hundreds * 100 + 99);
                quote!(#low..=#high)
            }
            // Only an expected `default` has a variant: every non-error status.
            StatusMatch::Default => quote!(100..=399),
        };
        let status = (!matches!(response.status, StatusMatch::Code(_))).then(|| quote!(status,));
        // The common shapes keep the forms without a block.
        if response.headers.is_empty() {
            if let Some(simple) =
                simple_result(name, variant, response.contents.as_slice(), status.is_some())
            {
                return Some(quote!(#pattern => #simple,));
            }
        }
        let headers = response.headers.iter().map(|header| {
            let field = &header.name.rust;
            let wire = header.name.api.to_ascii_lowercase();
            let read = match header.ty {
                TypeRef::Vec(_) => quote!(runtime::header_list(response.headers(), #wire)),
                _ => quote!(runtime::header_field(response.headers(), #wire)),
            };
            quote!(let #field = #read;)
        });
        let fields = response.headers.iter().map(|header| &header.name.rust);
        let body = (!response.contents.is_empty()).then(|| {
            let read = self.read_body(response);
            quote!(let body = #read;)
        });
        let body_field = body.as_ref().map(|_| quote!(body,));
        let value = if response.headers.is_empty() {
            let body_arg = body_field.as_ref().map(|_| quote!(body));
            quote!(#name::#variant(#status #body_arg))
        } else {
            quote!(#name::#variant { #status #body_field #(#fields,)* })
        };
        Some(quote! {
            #pattern => {
                #(#headers)*
                #body
                Ok(#value)
            }
        })
    }

    /// Reads the body, choosing the media type by the response's `Content-Type`.
    fn read_body(&self, response: &Response) -> TokenStream {
        match response.contents.as_slice() {
            [] => TokenStream::new(),
            [only] => read_content(&only.content),
            several => {
                let enum_name = &response.body_enum;
                let media_types = several.iter().map(|body| &body.media_type);
                let last = several.len() - 1;
                let arms = several.iter().enumerate().map(|(index, body)| {
                    let variant = &body.variant;
                    let read = read_content(&body.content);
                    let pattern = if index == last {
                        quote!(_)
                    } else {
                        let index = Literal::usize_unsuffixed(index);
                        quote!(#index)
                    };
                    quote!(#pattern => #enum_name::#variant(#read),)
                });
                quote! {
                    match runtime::media_index(response.headers(), &[#(#media_types),*]) {
                        #(#arms)*
                    }
                }
            }
        }
    }
}

/// The arm's result for a variant without headers and with at most one
/// content, without a block; `None` for the other shapes.
fn simple_result(
    name: &Ident,
    variant: &Ident,
    contents: &[ResponseBody],
    status: bool,
) -> Option<TokenStream> {
    let status_arg = status.then(|| quote!(status,));
    Some(match (contents, status) {
        ([], false) => quote!(Ok(#name::#variant)),
        ([], true) => quote!(Ok(#name::#variant(status))),
        ([only], _) => match &only.content {
            ResponseContent::Json(_) if status => {
                quote!(runtime::decode_json(status, response.body()).map(|value| #name::#variant(status, value)))
            }
            ResponseContent::Json(_) => {
                quote!(runtime::decode_json(status, response.body()).map(#name::#variant))
            }
            ResponseContent::Binary => {
                quote!(Ok(#name::#variant(#status_arg runtime::binary(response))))
            }
            ResponseContent::Text => {
                quote!(Ok(#name::#variant(#status_arg runtime::text(&response))))
            }
        },
        _ => return None,
    })
}

/// Reads one content (the `?` returns a decoding error).
fn read_content(content: &ResponseContent) -> TokenStream {
    match content {
        ResponseContent::Json(_) => quote!(runtime::decode_json(status, response.body())?),
        ResponseContent::Binary => quote!(runtime::binary(response)),
        ResponseContent::Text => quote!(runtime::text(&response)),
    }
}

fn content_type(content: &ResponseContent, models: &TokenStream) -> TokenStream {
    match content {
        ResponseContent::Json(ty) => rust_type(ty, models),
        ResponseContent::Binary => quote!(runtime::Binary),
        ResponseContent::Text => quote!(String),
    }
}

/// The method that gives the body of `response`'s variant: `into_ok`, ...
pub(in crate::emit) fn accessor(response: &Response) -> Ident {
    naming::into_accessor(&response.variant)
}

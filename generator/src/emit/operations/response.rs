//! The response side of an operation: an enum with one variant per
//! documented success status, and `parse_response`, which matches on the
//! status first and takes the response apart only in the arms that need it.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::rust_type;
use crate::emit::doc_attrs;
use crate::ir::{Response, ResponseContent, StatusMatch};

/// The response enum named `name`, and the `parse_response` method.
pub(super) fn enum_and_parser(
    name: &Ident,
    responses: &[Response],
    models: &TokenStream,
) -> (TokenStream, TokenStream) {
    let variants = responses.iter().map(|response| variant(response, models));
    let enum_def = quote! {
        /// The documented success responses.
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    };
    let arms = responses.iter().filter_map(|response| arm(name, response));
    // A documented range already claims the statuses around its codes.
    let has_success_range = responses.iter().any(|r| matches!(r.status, StatusMatch::Range(_)));
    let undocumented_success = (!has_success_range)
        .then(|| quote!(_ if status.is_success() => Err(runtime::unexpected_status(response)),));
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

fn variant(response: &Response, models: &TokenStream) -> TokenStream {
    let Response { status, variant, content, description } = response;
    let doc = doc_attrs(&format!("`{status}`: {}", description.trim()));
    match (status, payload(content, models)) {
        (StatusMatch::Code(_), None) => quote!(#doc #variant,),
        (StatusMatch::Code(_), Some(payload)) => quote!(#doc #variant(#payload),),
        // A range or `default` variant also carries the exact status.
        (_, None) => quote!(#doc #variant(http::StatusCode),),
        (_, Some(payload)) => quote!(#doc #variant(http::StatusCode, #payload),),
    }
}

/// The match arm of one success response; `default` has none of its own.
fn arm(name: &Ident, response: &Response) -> Option<TokenStream> {
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
        StatusMatch::Default => return None,
    };
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
        ResponseContent::Binary => quote!(Ok(#name::#variant(#status runtime::binary(response)))),
        ResponseContent::Text => quote!(Ok(#name::#variant(#status runtime::text(&response)))),
    };
    Some(quote!(#pattern => #result,))
}

fn payload(content: &ResponseContent, models: &TokenStream) -> Option<TokenStream> {
    match content {
        ResponseContent::None => None,
        ResponseContent::Json(ty) => Some(rust_type(ty, models)),
        ResponseContent::Binary => Some(quote!(runtime::Binary)),
        ResponseContent::Text => Some(quote!(String)),
    }
}

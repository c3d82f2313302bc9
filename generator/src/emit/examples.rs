//! `example_tests.rs`: the spec's examples as tests. Each request example
//! must deserialise into its type and serialise back to the same JSON; each
//! response example must parse into its documented success variant.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::tokens::{cfg, rust_type};
use crate::ir::{Api, Example, ExampleTarget, Operation, StatusMatch};
use crate::naming;

pub(super) fn file(api: &Api) -> TokenStream {
    let mut names = Vec::new();
    let mut bodies = Vec::new();
    for operation in &api.operations {
        for example in &operation.examples {
            // An example of a status without a variant has nothing to test.
            let Some((kind, body)) = test_body(operation, example) else { continue };
            let cfg = cfg(api.feature_of(operation).as_slice());
            let operation = operation.name.rust.unraw().to_snake_case();
            names.push(naming::snake(&format!("{operation} {kind} {}", example.name)));
            bodies.push((cfg, body));
        }
    }
    let names = naming::disambiguate(names);
    let tests = names.iter().zip(bodies).map(|(name, (cfg, body))| {
        quote! {
            #cfg
            #[test]
            fn #name() {
                #body
            }
        }
    });
    quote! {
        //! Tests generated from the examples in the spec.
        #![allow(unused_imports)]
        use super::models;
        use super::operations;
        use super::runtime::Operation;

        #(#tests)*
    }
}

fn test_body(operation: &Operation, example: &Example) -> Option<(String, TokenStream)> {
    let json = serde_json::to_string_pretty(&example.value).unwrap_or_default();
    let models = quote!(models::);
    match &example.target {
        ExampleTarget::RequestBody(ty) => {
            let ty = rust_type(ty, &models);
            let body = quote! {
                let documented: serde_json::Value = serde_json::from_str(#json).expect("the example is JSON");
                let typed: #ty = serde_json::from_value(documented.clone()).expect("the example matches the request type");
                let serialised = serde_json::to_value(&typed).expect("the request body serialises");
                assert_eq!(serialised, documented, "the request body must serialise to the documented JSON");
            };
            Some(("request".to_owned(), body))
        }
        ExampleTarget::Response(status, _) => {
            let code = match status {
                StatusMatch::Code(code) => *code,
                StatusMatch::Range(hundreds) => hundreds * 100,
                StatusMatch::Default => 200,
            };
            let documented = operation.responses.iter().find(|r| r.status == *status)?;
            let variant = &documented.variant;
            // A variant with documented headers has named fields.
            let rest = if documented.headers.is_empty() { quote!((..)) } else { quote!({ .. }) };
            let op = &operation.name.rust;
            let response = &operation.response_type;
            let code_lit = Literal::u16_unsuffixed(code);
            let body = quote! {
                let response = http::Response::builder()
                    .status(#code_lit)
                    .header("content-type", "application/json")
                    .body(bytes::Bytes::from_static(#json.as_bytes()))
                    .expect("a valid response");
                let parsed = operations::#op::parse_response(response);
                assert!(matches!(parsed, Ok(operations::#response::#variant #rest)), "{parsed:?}");
            };
            Some((format!("response {code}"), body))
        }
    }
}

//! `example_tests.rs`: the spec's examples as tests. Each request example
//! must deserialise into its type and serialise back to the same JSON; each
//! response example must parse into its documented success variant and,
//! where that variant's body is JSON, be written back without loss. A
//! webhook's examples (its body, and the replies it documents) are values
//! a receiver reads or writes: each must go into its type and back.
//!
//! "The same JSON" is what the example says, not how it spells it: member
//! order, a number's spelling (`5` and `5.0`), a date-time's offset (the
//! instant is kept) and a UUID's case may change (`written_back`).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operations::accessor;
use super::tokens::{cfg, rust_type};
use crate::ir::{
    Api, Example, ExampleTarget, Ident, Operation, Response, ResponseContent, StatusMatch, TypeDef,
    TypeKind, TypeRef,
};
use crate::naming;

/// A test of `example_tests.rs`: one example of one operation.
#[derive(Debug, Clone)]
pub struct ExampleTest<'a> {
    /// The test function's name (in `gen::example_tests`).
    pub name: Ident,
    pub operation: &'a Operation,
    pub example: &'a Example,
    /// The documented response an operation's response example is parsed
    /// as; `None` for a value read into its type and written back (a
    /// request body, a webhook's body or reply).
    pub response: Option<&'a Response>,
    /// Whether the value's type is typed, not any JSON value.
    pub typed: bool,
}

impl ExampleTest<'_> {
    /// Whether the test writes the parsed value back and compares it with
    /// the example (a value, or a response with one JSON media type), or
    /// only matches the variant (a body enum of several).
    pub fn writes_back(&self) -> bool {
        self.response.is_none_or(writes_json)
    }
}

/// The tests `example_tests.rs` has, in its order: the operations', then
/// the webhooks'. An operation's example of a status without a variant has
/// nothing to test and none.
pub fn tests(api: &Api) -> Vec<ExampleTest<'_>> {
    let mut names = Vec::new();
    let mut tests = Vec::new();
    let operations = api.operations.iter().map(|operation| (operation, false));
    for (operation, webhook) in operations.chain(api.webhooks.iter().map(|hook| (hook, true))) {
        for example in &operation.examples {
            let (kind, ty, response) = match &example.target {
                ExampleTarget::RequestBody(ty) => ("request".to_owned(), ty, None),
                ExampleTarget::Response(status, ty) if webhook => {
                    (format!("reply {}", status_code(*status)), ty, None)
                }
                ExampleTarget::Response(status, ty) => {
                    let Some(response) = response_of(operation, *status) else { continue };
                    (format!("response {}", status_code(*status)), ty, Some(response))
                }
            };
            let op = naming::operation_words(&operation.name.rust);
            let op = if webhook { format!("webhook {op}") } else { op };
            names.push(naming::snake(&format!("{op} {kind} {}", example.name)));
            let typed = !any_value(api, ty);
            tests.push((operation, example, response, typed));
        }
    }
    let names = naming::disambiguate(names);
    let tests = names.into_iter().zip(tests);
    tests
        .map(|(name, (operation, example, response, typed))| ExampleTest {
            name,
            operation,
            example,
            response,
            typed,
        })
        .collect()
}

pub(super) fn file(api: &Api) -> TokenStream {
    let tests: Vec<TokenStream> = tests(api)
        .iter()
        .map(|test| {
            let cfg = cfg(api.feature_of(test.operation).as_slice());
            let name = &test.name;
            let body = test_body(test);
            quote! {
                #cfg
                #[test]
                fn #name() {
                    #body
                }
            }
        })
        .collect();
    let helper = (!tests.is_empty()).then(|| written_back(api));
    quote! {
        //! Tests generated from the examples in the spec.
        #![allow(unused_imports)]
        use super::models;
        use super::operations;
        use super::runtime::Operation;

        #(#tests)*
        #helper
    }
}

/// The documented response of `status`.
fn response_of(operation: &Operation, status: StatusMatch) -> Option<&Response> {
    operation.responses.iter().find(|response| response.status == status)
}

/// The status a response example is answered with.
fn status_code(status: StatusMatch) -> u16 {
    match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(hundreds) => hundreds * 100,
        StatusMatch::Default => 200,
    }
}

/// Whether the response's variant holds one JSON body (not a body enum of
/// several media types), which can be written back.
fn writes_json(response: &Response) -> bool {
    response.single().is_some_and(|body| matches!(body.content, ResponseContent::Json(_)))
}

/// Whether `ty` is any JSON value, directly or through aliases.
fn any_value(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // An alias chain is finite (lowering refuses cycles); the bound only guards.
    for _ in 0..64 {
        match ty {
            TypeRef::Json => return true,
            TypeRef::Named(name) => match api.types.iter().find(|def| &def.name == name) {
                Some(TypeDef { kind: TypeKind::Alias(target), .. }) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

fn test_body(test: &ExampleTest) -> TokenStream {
    let ExampleTest { operation, example, response, .. } = test;
    let json = serde_json::to_string_pretty(&example.value).unwrap_or_default();
    let documented = quote! {
        let documented: serde_json::Value = serde_json::from_str(#json).expect("the example is JSON");
    };
    let (status, response) = match (&example.target, response) {
        (ExampleTarget::Response(status, _), Some(response)) => (*status, *response),
        // A value into its type and back: a request body, or a webhook's
        // reply, which the receiver writes.
        (ExampleTarget::RequestBody(ty), _) | (ExampleTarget::Response(_, ty), None) => {
            let (matches, serialises) = match &example.target {
                ExampleTarget::RequestBody(_) => {
                    ("the example matches the request type", "the request body serialises")
                }
                ExampleTarget::Response(..) => {
                    ("the example matches the reply type", "the reply serialises")
                }
            };
            let ty = rust_type(ty, &quote!(models::));
            return quote! {
                #documented
                let typed: #ty = serde_json::from_value(documented.clone()).expect(#matches);
                written_back(&documented, &serde_json::to_string(&typed).expect(#serialises));
            };
        }
    };
    let op = &operation.name.rust;
    let code = Literal::u16_unsuffixed(status_code(status));
    let parse = quote! {
        let response = http::Response::builder()
            .status(#code)
            .header("content-type", "application/json")
            .body(bytes::Bytes::from_static(#json.as_bytes()))
            .expect("a valid response");
        let parsed = operations::#op::parse_response(response);
    };
    let check = if test.writes_back() {
        let accessor = accessor(response);
        quote! {
            #documented
            let body = parsed.expect("the example parses").#accessor().expect("the example reads as its status's variant");
            written_back(&documented, &serde_json::to_string(&body).expect("the response body serialises"));
        }
    } else {
        let variant = &response.variant;
        // A variant with documented headers has named fields.
        let rest = if response.headers.is_empty() { quote!((..)) } else { quote!({ .. }) };
        let response = &operation.response_type;
        quote! {
            assert!(matches!(parsed, Ok(operations::#response::#variant #rest)), "{parsed:?}");
        }
    };
    quote!(#parse #check)
}

/// The test helper that compares what was written with the example: the
/// same JSON, spelling aside (see the module docs). Date-times and UUIDs
/// are compared as such only where the crate has their types.
fn written_back(api: &Api) -> TokenStream {
    let date_time = api.uses(&TypeRef::DateTime).then(|| {
        quote! {
            if let (Ok(documented), Ok(written)) = (chrono::DateTime::parse_from_rfc3339(documented), chrono::DateTime::parse_from_rfc3339(written)) {
                return documented == written;
            }
        }
    });
    let uuid = api.uses(&TypeRef::Uuid).then(|| {
        quote! {
            if let (Ok(documented), Ok(written)) = (uuid::Uuid::parse_str(documented), uuid::Uuid::parse_str(written)) {
                return documented == written;
            }
        }
    });
    quote! {
        /// Fails, naming the first member that differs, unless `written` (the
        /// JSON text, as it goes on the wire) says what `documented` says.
        fn written_back(documented: &serde_json::Value, written: &str) {
            let written: serde_json::Value = serde_json::from_str(written).expect("the written text is JSON");
            if let Some(at) = difference(documented, &written, "") {
                panic!("the value was written back differently at `{at}`:\n  documented: {documented}\n  written:    {written}");
            }
        }

        /// The JSON pointer of the first difference that matters.
        fn difference(documented: &serde_json::Value, written: &serde_json::Value, at: &str) -> Option<String> {
            use serde_json::Value;
            match (documented, written) {
                (Value::Object(documented), Value::Object(written)) => {
                    documented.keys().chain(written.keys()).find_map(|key| {
                        let inner = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                        match (documented.get(key), written.get(key)) {
                            (Some(documented), Some(written)) => difference(documented, written, &inner),
                            _ => Some(inner),
                        }
                    })
                }
                (Value::Array(documented), Value::Array(written)) if documented.len() == written.len() => {
                    documented.iter().zip(written).enumerate().find_map(|(index, (documented, written))| {
                        difference(documented, written, &format!("{at}/{index}"))
                    })
                }
                (Value::Number(documented), Value::Number(written)) => {
                    (documented.as_f64() != written.as_f64()).then(|| at.to_owned())
                }
                (Value::String(documented), Value::String(written)) => {
                    (!same_string(documented, written)).then(|| at.to_owned())
                }
                (documented, written) => (documented != written).then(|| at.to_owned()),
            }
        }

        /// Equal strings, or one value spelt two ways.
        fn same_string(documented: &str, written: &str) -> bool {
            if documented == written {
                return true;
            }
            #date_time
            #uuid
            false
        }
    }
}

//! `webhooks.rs`: OpenAPI 3.1's webhooks, for the receiver. Each webhook
//! is a type holding what the API sends (its documented headers and body),
//! read sans-IO from the `http::Request` a server framework hands over
//! (`from_http_request`), and an enum of the answers it documents, each
//! written back as an `http::Response` (`to_http_response`).

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc_attrs, docs_text, rust_type, spec_markdown};
use crate::ir::{Api, Body, BodyKind, Operation, Param, ParamLocation, StatusMatch};

fn models() -> TokenStream {
    quote!(super::models::)
}

/// The module: the error its readers share, then each webhook.
pub(super) fn file(api: &Api) -> TokenStream {
    let webhooks = api.webhooks.iter().map(webhook);
    let count = api.webhooks.len();
    let doc = format!(
        " The {count} webhook{} of the API: the requests it sends to an endpoint of yours. \
         Read one from the `http::Request` your server framework gives you with its type's \
         `from_http_request`, and answer with its reply's `to_http_response`.",
        if count == 1 { "" } else { "s" }
    );
    let shared = shared(&Uses::of(api));
    quote! {
        #![doc = #doc]
        #shared
        #(#webhooks)*
    }
}

/// Which of the shared readers and writers the webhooks use.
#[derive(Default)]
struct Uses {
    headers: bool,
    json: bool,
    form: bool,
    text: bool,
    raw: bool,
    empty_reply: bool,
    json_reply: bool,
}

impl Uses {
    fn of(api: &Api) -> Self {
        let mut uses = Self::default();
        for operation in &api.webhooks {
            uses.headers |= operation.params.iter().any(|p| p.location == ParamLocation::Header);
            match operation.body.as_ref().and_then(Body::received).map(|content| &content.kind) {
                Some(BodyKind::Json(_)) => uses.json = true,
                Some(BodyKind::Form { .. }) => uses.form = true,
                Some(BodyKind::Text) => uses.text = true,
                Some(_) => uses.raw = true,
                None => {}
            }
            for (_, response) in replies(operation) {
                match response.json_type() {
                    Some(_) => uses.json_reply = true,
                    None => uses.empty_reply = true,
                }
            }
        }
        uses
    }
}

/// One webhook: its event type, and its reply enum when it documents answers.
fn webhook(operation: &Operation) -> TokenStream {
    let name = &operation.name.rust;
    let api_name = webhook_name(operation);
    let method = quote::format_ident!("{}", operation.method.as_str());
    let mut doc =
        format!("Webhook `{api_name}`: the `{}` request the API sends.", operation.method.as_str());
    let text = docs_text(&operation.docs);
    if !text.is_empty() {
        doc = format!("{doc}\n\n{text}");
    }
    let doc = doc_attrs(&doc);
    let deprecated = operation.deprecated.then(|| quote!(#[deprecated]));
    let headers: Vec<&Param> =
        operation.params.iter().filter(|param| param.location == ParamLocation::Header).collect();
    let header_fields = headers.iter().map(|param| {
        let field = &param.name.rust;
        let ty = rust_type(&param.ty, &models());
        let ty = if param.required { ty } else { quote!(Option<#ty>) };
        let doc = doc_attrs(&format!(
            "Header `{}` ({}).{}",
            param.name.api,
            if param.required { "required" } else { "optional" },
            docs_suffix(&docs_text(&param.docs))
        ));
        quote!(#doc pub #field: #ty,)
    });
    let header_reads = headers.iter().map(|param| {
        let field = &param.name.rust;
        let header = &param.name.api;
        match param.required {
            true => quote!(#field: header(request, #header)?.ok_or(WebhookError::MissingHeader(#header))?,),
            false => quote!(#field: header(request, #header)?,),
        }
    });
    let (body_field, body_read) = body(operation);
    let reply = reply(operation);
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#header_fields)*
            #body_field
        }

        impl #name {
            /// The webhook's name in the API description.
            pub const NAME: &'static str = #api_name;
            /// The method the API sends it with.
            pub const METHOD: http::Method = http::Method::#method;

            /// Reads the request the API sent to your endpoint: its method,
            /// its documented headers and its body. An error says what is
            /// not as documented; answer it with a client error (`400`).
            pub fn from_http_request(request: &http::Request<bytes::Bytes>) -> Result<Self, WebhookError> {
                if request.method() != Self::METHOD {
                    return Err(WebhookError::Method { expected: Self::METHOD, found: request.method().clone() });
                }
                Ok(Self {
                    #(#header_reads)*
                    #body_read
                })
            }
        }

        #reply
    }
}

/// The webhook's name as the spec writes it: its operationId, less the
/// ` METHOD` lowering adds when the webhook has several methods.
fn webhook_name(operation: &Operation) -> String {
    let id = operation.name.api.as_str();
    let method = format!(" {}", operation.method.as_str());
    id.strip_suffix(&method).unwrap_or(id).to_owned()
}

/// `text` as a paragraph after a first line, if there is any.
fn docs_suffix(text: &str) -> String {
    match text.is_empty() {
        true => String::new(),
        false => format!("\n\n{text}"),
    }
}

/// The body field and how it is read: JSON or a form into its type, text
/// as a `String`, anything else as the bytes that came.
fn body(operation: &Operation) -> (Option<TokenStream>, Option<TokenStream>) {
    let Some(body) = &operation.body else { return (None, None) };
    let Some(content) = body.received() else { return (None, None) };
    let media_type = content.media_type.as_str();
    let (ty, read, what) = match &content.kind {
        BodyKind::Json(ty) => {
            let ty = rust_type(ty, &models());
            (ty, quote!(json_body(request, #media_type)), "read as its JSON")
        }
        BodyKind::Form { ty, .. } => {
            let ty = rust_type(ty, &models());
            (ty, quote!(form_body(request, #media_type)), "each field read as its member")
        }
        BodyKind::Text => (quote!(String), quote!(text_body(request, #media_type)), "as text"),
        _ => {
            (quote!(bytes::Bytes), quote!(raw_body(request, #media_type)), "the bytes as they came")
        }
    };
    let required = body.required;
    let doc = doc_attrs(&format!(
        "The body (`{media_type}`, {}), {what}.{}",
        if required { "required" } else { "optional" },
        docs_suffix(&docs_text(&body.docs))
    ));
    let (ty, read) = match required {
        true => (ty, quote!(#read?.ok_or(WebhookError::MissingBody)?)),
        false => (quote!(Option<#ty>), quote!(#read?)),
    };
    (Some(quote!(#doc pub body: #ty,)), Some(quote!(body: #read,)))
}

/// The reply enum (the webhook's `response_type`, `{Name}Reply`): the
/// answers the webhook documents with an exact status,
/// each written as an `http::Response` (JSON bodies serialised).
fn reply(operation: &Operation) -> Option<TokenStream> {
    let replies = replies(operation);
    if replies.is_empty() {
        return None;
    }
    let name = &operation.response_type;
    let webhook = &operation.name.rust;
    let variants = replies.iter().map(|(code, response)| {
        let variant = &response.variant;
        // As an operation's answer is documented.
        let doc = doc_attrs(&format!("`{code}`: {}", spec_markdown(response.description.trim())));
        match response.json_type() {
            Some(ty) => {
                let ty = rust_type(ty, &models());
                quote!(#doc #variant(#ty),)
            }
            None => quote!(#doc #variant,),
        }
    });
    let arms = replies.iter().map(|(code, response)| {
        let variant = &response.variant;
        let code = proc_macro2::Literal::u16_unsuffixed(*code);
        match response.json_type() {
            Some(_) => quote!(Self::#variant(body) => json_response(#code, body),),
            None => quote!(Self::#variant => empty_response(#code),),
        }
    });
    let doc = format!(" The answers to [`{webhook}`] the API documents.");
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The answer as an `http::Response`, for your server framework to send.
            pub fn to_http_response(&self) -> http::Response<bytes::Bytes> {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// The answers a webhook documents with an exact status.
fn replies(operation: &Operation) -> Vec<(u16, &crate::ir::Response)> {
    let exact = operation.responses.iter().filter_map(|response| match response.status {
        StatusMatch::Code(code) => Some((code, response)),
        _ => None,
    });
    exact.collect()
}

/// What the webhooks share: the error, and only the readers and writers
/// they use (a generated crate denies dead code no less than any other).
fn shared(uses: &Uses) -> TokenStream {
    let header_import = uses.headers.then(|| {
        quote!(
            use super::runtime::{self, HeaderField};
        )
    });
    let header = uses.headers.then(|| quote! {
            /// A documented header, read as its type; `None` when absent.
            fn header<T: serde::de::DeserializeOwned>(request: &http::Request<bytes::Bytes>, name: &'static str) -> Result<Option<T>, WebhookError> {
                match runtime::header_field(request.headers(), name) {
                    None => Ok(None),
                    Some(HeaderField::Value(value)) => Ok(Some(value)),
                    Some(HeaderField::Malformed(value)) => Err(WebhookError::Header { name, value }),
                }
            }

        });
    let raw = (uses.json || uses.form || uses.text || uses.raw).then(|| quote! {
            /// The body's bytes, `None` when empty, after checking a
            /// `Content-Type` the request gives is `media_type` (its
            /// parameters aside).
            fn raw_body(request: &http::Request<bytes::Bytes>, media_type: &'static str) -> Result<Option<bytes::Bytes>, WebhookError> {
                if let Some(found) = request.headers().get(http::header::CONTENT_TYPE) {
                    let found = String::from_utf8_lossy(found.as_bytes());
                    let essence = found.split(';').next().unwrap_or("").trim();
                    let range = media_type.strip_suffix("/*").filter(|_| media_type != "*/*");
                    let matches = media_type == "*/*"
                        || essence.eq_ignore_ascii_case(media_type)
                        || range.is_some_and(|kind| essence.split('/').next().is_some_and(|found| found.eq_ignore_ascii_case(kind)));
                    if !matches {
                        return Err(WebhookError::ContentType { expected: media_type, found: found.into_owned() });
                    }
                }
                let body = request.body();
                Ok((!body.is_empty()).then(|| body.clone()))
            }

        });
    let json = uses.json.then(|| quote! {
            /// The body read as the documented JSON.
            fn json_body<T: serde::de::DeserializeOwned>(request: &http::Request<bytes::Bytes>, media_type: &'static str) -> Result<Option<T>, WebhookError> {
                match raw_body(request, media_type)? {
                    None => Ok(None),
                    Some(body) => serde_json::from_slice(&body).map(Some).map_err(WebhookError::Json),
                }
            }

        });
    let form = uses.form.then(|| quote! {
            /// The body read as the documented form: each field as its
            /// member's type, a field sent several times as a list.
            fn form_body<T: serde::de::DeserializeOwned>(request: &http::Request<bytes::Bytes>, media_type: &'static str) -> Result<Option<T>, WebhookError> {
                match raw_body(request, media_type)? {
                    None => Ok(None),
                    Some(body) => serde_html_form::from_bytes(&body).map(Some).map_err(WebhookError::Form),
                }
            }

        });
    let text = uses.text.then(|| quote! {
            /// The body as UTF-8 text.
            fn text_body(request: &http::Request<bytes::Bytes>, media_type: &'static str) -> Result<Option<String>, WebhookError> {
                match raw_body(request, media_type)? {
                    None => Ok(None),
                    Some(body) => std::str::from_utf8(&body).map(|text| Some(text.to_owned())).map_err(WebhookError::Text),
                }
            }

        });
    let empty = (uses.empty_reply || uses.json_reply).then(|| quote! {
            /// An answer without a body.
            fn empty_response(status: u16) -> http::Response<bytes::Bytes> {
                let mut response = http::Response::new(bytes::Bytes::new());
                *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
                response
            }

        });
    let json_reply = uses.json_reply.then(|| quote! {
            /// An answer with a JSON body.
            fn json_response<T: serde::Serialize>(status: u16, body: &T) -> http::Response<bytes::Bytes> {
                let mut response = empty_response(status);
                // A model always serialises: its maps have string keys.
                if let Ok(json) = serde_json::to_vec(body) {
                    *response.body_mut() = bytes::Bytes::from(json);
                    response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
                }
                response
            }
        });
    // What only a crate whose webhooks take forms has.
    let form_variant = uses.form.then(|| {
        quote! {
            /// The body is not the documented form.
            Form(serde_html_form::de::Error),
        }
    });
    let form_display = uses.form.then(|| {
        quote! {
            Self::Form(_) => f.write_str("the body is not the documented form"),
        }
    });
    let form_source = uses.form.then(|| quote!(Self::Form(error) => Some(error),));
    quote! {
        #header_import

            /// Why a request is not the webhook it was read as. It says its own
            /// part; the error beneath, if any, is its `source()`.
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum WebhookError {
                /// It came with another method.
                Method {
                    /// The webhook's.
                    expected: http::Method,
                    /// The request's.
                    found: http::Method,
                },
                /// A required header is absent.
                MissingHeader(&'static str),
                /// A header is not of its documented type.
                Header {
                    /// The header.
                    name: &'static str,
                    /// Its value, as it came.
                    value: String,
                },
                /// The body's `Content-Type` is not the documented one.
                ContentType {
                    /// The documented media type.
                    expected: &'static str,
                    /// The request's `Content-Type`.
                    found: String,
                },
                /// A required body is empty.
                MissingBody,
                /// The body is not the documented JSON.
                Json(serde_json::Error),
                #form_variant
                /// A text body is not UTF-8.
                Text(std::str::Utf8Error),
            }

            impl std::fmt::Display for WebhookError {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        Self::Method { expected, found } => write!(f, "the webhook is sent with {expected}, not {found}"),
                        Self::MissingHeader(name) => write!(f, "the header {name} is missing"),
                        Self::Header { name, value } => write!(f, "the header {name} is not of its documented type: {value:?}"),
                        Self::ContentType { expected, found } => write!(f, "the body is {found}, not {expected}"),
                        Self::MissingBody => f.write_str("the body is missing"),
                        Self::Json(_) => f.write_str("the body is not the documented JSON"),
                        #form_display
                        Self::Text(_) => f.write_str("the body is not UTF-8 text"),
                    }
                }
            }

            impl std::error::Error for WebhookError {
                fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                    match self {
                        Self::Json(error) => Some(error),
                        #form_source
                        Self::Text(error) => Some(error),
                        _ => None,
                    }
                }
            }

        #header
        #raw
        #json
        #form
        #text
        #empty
        #json_reply
    }
}

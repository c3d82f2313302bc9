//! Responses: the expected ones (informational, success, redirect, and
//! `default` when it is the only one) become the variants of an operation's
//! response enum, with a body per media type and their documented headers
//! (a redirect always carries `Location`); the error responses agree on one
//! error body type (or fall back to any JSON).

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, Responses, StatusCode};

use super::media::{self, MediaClass};
use super::params::is_header_name;
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{
    Docs, Name, Response, ResponseBody, ResponseContent, ResponseHeader, StatusMatch, TypeRef,
};
use crate::naming;

/// What an operation's responses become.
pub(super) struct Lowered {
    pub expected: Vec<Response>,
    pub error_body: TypeRef,
    /// The statuses answered as errors.
    pub errors: Vec<StatusMatch>,
    /// Whether nothing is expected, so answers are returned raw.
    pub raw_fallback: bool,
    /// The `Accept` header: every documented media type, those of expected
    /// responses first, each once.
    pub accept: String,
}

/// The media types of `responses`, expected ones first, each once, as an
/// `Accept` header value; those that cannot be header text are left out.
fn accept(responses: &[(StatusMatch, &openapiv3::Response, String)]) -> String {
    let (expected, errors): (Vec<_>, Vec<_>) =
        responses.iter().partition(|(status, ..)| status.is_expected());
    let mut types: Vec<&str> = Vec::new();
    for (_, response, _) in expected.into_iter().chain(errors) {
        for (media_type, _) in media::ordered(&response.content) {
            let valid = !media_type.trim().is_empty()
                && media_type.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b',');
            if valid && !types.iter().any(|known| known.eq_ignore_ascii_case(media_type)) {
                types.push(media_type);
            }
        }
    }
    types.join(", ")
}

/// Who answers with the responses: the API (to a call of ours), or us (to
/// one of the API's webhooks, where every documented status is an answer
/// to give, and none is an error to read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Answering {
    Api,
    Webhook,
}

impl<'a> Lowerer<'a> {
    pub(super) fn responses(
        &mut self,
        responses: &'a Responses,
        owner: &str,
        at: &str,
        answering: Answering,
    ) -> Lowered {
        let mut all: Vec<(StatusMatch, &'a openapiv3::Response, String)> = Vec::new();
        for (status, response) in entries(responses) {
            let used_at = format!("{at}/{status}");
            let Some(resolved) = self.ok(self.refs.resolve(response, &used_at)) else { continue };
            // A referenced response is read where it is written.
            all.push((status, resolved.item, resolved.location(&used_at)));
        }
        all.sort_by_key(|(status, ..)| *status);
        let accept = accept(&all);
        // `default` is what the operation answers when nothing else is documented.
        let default_expected = !all.iter().any(|(status, ..)| status.is_expected());

        let mut expected = Vec::new();
        let mut error_types = BTreeSet::new();
        let mut errors = Vec::new();
        for (status, response, response_at) in all {
            let contents = self.response_bodies(response, owner, status, &response_at);
            let is_expected = status.is_expected()
                || (status == StatusMatch::Default && default_expected)
                || (answering == Answering::Webhook && matches!(status, StatusMatch::Code(_)));
            if !is_expected {
                errors.push(status);
            }
            if !is_expected || status == StatusMatch::Default {
                // Errors decode into one type; without one, any JSON.
                let json = ResponseBody::json_type(&contents).cloned();
                error_types.insert(json.unwrap_or(TypeRef::Json));
            }
            if is_expected {
                let headers = self.response_headers(&response.headers, status, &response_at);
                let variant = naming::status_variant(&status.variant_words());
                let description = response.description.clone();
                // Named with the operation's other companions (see `operations`).
                let body_enum = variant.clone();
                expected.push(Response {
                    status,
                    variant,
                    body_enum,
                    contents,
                    headers,
                    description,
                });
            }
        }
        let raw_fallback = expected.is_empty();
        if raw_fallback && answering == Answering::Api {
            self.warn(
                at,
                "the operation documents no success (2XX) or redirect (3XX) response; such an answer is returned raw (`Other`)",
                "add the response the service sends on success, for example `204: {description: No Content}`",
            );
        }
        let mut error_types = error_types.into_iter();
        let error_body = match (error_types.next(), error_types.next()) {
            (Some(only), None) => only,
            _ => TypeRef::Json,
        };
        Lowered { expected, error_body, errors, raw_fallback, accept }
    }

    /// A body per media type, in order of preference.
    fn response_bodies(
        &mut self,
        response: &'a openapiv3::Response,
        owner: &str,
        status: StatusMatch,
        at: &str,
    ) -> Vec<ResponseBody> {
        let ordered = media::ordered(&response.content);
        let names = naming::disambiguate(
            ordered.iter().map(|(media_type, _)| media::variant_name(media_type)).collect(),
        );
        let bodies = ordered.into_iter().zip(names).map(|((media_type, content), variant)| {
            let content = match media::classify(media_type) {
                MediaClass::Json => ResponseContent::Json(match &content.schema {
                    Some(schema) => {
                        let inline_name =
                            format!("{owner}{}", naming::status_variant(&status.variant_words()));
                        let schema_at =
                            format!("{at}/content/{}/schema", pointer_token(media_type));
                        self.type_ref(schema, &inline_name, &schema_at, 0)
                    }
                    None => TypeRef::Json,
                }),
                MediaClass::Text => ResponseContent::Text,
                // Forms and multipart answers are rare: their bytes, as sent.
                MediaClass::Binary | MediaClass::Form | MediaClass::Multipart => {
                    ResponseContent::Binary
                }
            };
            ResponseBody { media_type: media_type.to_owned(), variant, content }
        });
        bodies.collect()
    }

    /// The documented headers of a response, typed; `Location` on a redirect
    /// even when undocumented. `Content-Type` is the body's business.
    fn response_headers(
        &mut self,
        headers: &'a IndexMap<String, ReferenceOr<Header>>,
        status: StatusMatch,
        at: &str,
    ) -> Vec<ResponseHeader> {
        let mut found: Vec<(String, TypeRef, Docs)> = Vec::new();
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") || !is_header_name(name) {
                continue;
            }
            let header_at = format!("{at}/headers/{}", pointer_token(name));
            let Some(resolved) = self.ok(self.refs.resolve(header, &header_at)) else { continue };
            let header = resolved.item;
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ty = self.type_ref(
                        schema,
                        naming::upper_camel(name).as_str(),
                        &format!("{header_at}/schema"),
                        0,
                    );
                    self.header_type(ty)
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            found.push((
                name.clone(),
                ty,
                Docs { summary: None, description: header.description.clone() },
            ));
        }
        if status.is_redirect()
            && !found.iter().any(|(name, ..)| name.eq_ignore_ascii_case("location"))
        {
            let docs = Docs { summary: None, description: Some("Where the answer is.".to_owned()) };
            found.push(("Location".to_owned(), TypeRef::String, docs));
        }
        let names = found
            .iter()
            .map(|(name, ..)| naming::field(name, naming::reserved::RESPONSE_FIELDS, "_header"));
        let names = naming::disambiguate(names.collect());
        let headers = found.into_iter().zip(names);
        headers
            .map(|((api, ty, docs), rust)| ResponseHeader { name: Name::new(rust, api), ty, docs })
            .collect()
    }

    /// The type a header is read as: a scalar or enum, a list of them, or text.
    fn header_type(&self, ty: TypeRef) -> TypeRef {
        match ty.without_null() {
            ty if self.is_text(&ty) => ty,
            TypeRef::Vec(item) if self.is_text(&item) => TypeRef::Vec(item),
            _ => TypeRef::String,
        }
    }
}

/// Every documented status with its response, `default` last.
fn entries(
    responses: &Responses,
) -> impl Iterator<Item = (StatusMatch, &ReferenceOr<openapiv3::Response>)> {
    let by_status = responses.responses.iter().map(|(status, response)| {
        let status = match status {
            StatusCode::Code(code) => StatusMatch::Code(*code),
            StatusCode::Range(range) => StatusMatch::Range(*range),
        };
        (status, response)
    });
    by_status.chain(responses.default.iter().map(|response| (StatusMatch::Default, response)))
}

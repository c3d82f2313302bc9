//! Responses: the documented success responses become the variants of an
//! operation's response enum; the error responses agree on one error body
//! type (or fall back to any JSON).

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Responses, StatusCode};

use super::media::{self, MediaClass};
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Ident, Response, ResponseContent, StatusMatch, TypeRef};

impl<'a> Lowerer<'a> {
    /// The success responses, and the type of the error body.
    pub(super) fn responses(
        &mut self,
        responses: &'a Responses,
        owner: &str,
        at: &str,
    ) -> (Vec<Response>, TypeRef) {
        let mut all: Vec<(StatusMatch, &'a openapiv3::Response, String)> = Vec::new();
        for (status, response) in entries(responses) {
            let response_at = format!("{at}/{status}");
            let Some(resolved) = self.ok(self.refs.resolve(response, &response_at)) else {
                continue;
            };
            all.push((status, resolved.item, response_at));
        }
        all.sort_by_key(|(status, ..)| *status);

        let mut lowered = Vec::new();
        let mut error_types = BTreeSet::new();
        for (status, response, response_at) in all {
            let content = match media::choose(&response.content) {
                None => ResponseContent::None,
                Some((media_type, content)) => match media::classify(media_type) {
                    MediaClass::Json => ResponseContent::Json(match &content.schema {
                        Some(schema) => {
                            let inline_name = format!("{owner}{}", status.variant_name());
                            let schema_at = format!(
                                "{response_at}/content/{}/schema",
                                pointer_token(media_type)
                            );
                            self.type_ref(schema, &inline_name, &schema_at, 0)
                        }
                        None => TypeRef::Json,
                    }),
                    MediaClass::Text => ResponseContent::Text,
                    MediaClass::Binary => ResponseContent::Binary,
                    MediaClass::Unsupported => {
                        self.warn(
                            &response_at,
                            format!("response media type {media_type:?} is not typed yet; the body is raw bytes"),
                            "use JSON, text/plain or a binary media type for a typed response",
                        );
                        ResponseContent::Binary
                    }
                },
            };
            if status.is_success() {
                let variant = Ident::new(status.variant_name());
                lowered.push(Response {
                    status,
                    variant,
                    content,
                    description: response.description.clone(),
                });
            } else {
                error_types.insert(match content {
                    ResponseContent::Json(ty) => ty,
                    _ => TypeRef::Json,
                });
            }
        }
        if lowered.is_empty() {
            self.warn(
                at,
                "the operation documents no success (2XX) response; every answer is an error value holding the raw response",
                "add the response the service sends on success, for example `204: {description: No Content}`",
            );
        }
        // Errors share one body type when they agree on it.
        let mut error_types = error_types.into_iter();
        let error_body = match (error_types.next(), error_types.next()) {
            (Some(only), None) => only,
            _ => TypeRef::Json,
        };
        (lowered, error_body)
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

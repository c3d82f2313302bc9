//! Examples: the spec's request and response examples, kept with the type
//! they must fit so the emitter can turn each into a test.

use openapiv3::{MediaType, ReferenceOr, StatusCode};

use super::media;
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Body, BodyKind, Example, ExampleTarget, Response, ResponseContent, StatusMatch};

impl<'a> Lowerer<'a> {
    /// The examples of the JSON request body and of the JSON success
    /// responses of `operation`.
    pub(super) fn examples(
        &mut self,
        operation: &'a openapiv3::Operation,
        body: Option<&Body>,
        responses: &[Response],
        at: &str,
    ) -> Vec<Example> {
        let mut examples = Vec::new();
        // The body's examples, for each content whose type is a JSON value.
        let request_body = match &operation.request_body {
            Some(ReferenceOr::Item(request_body)) => Some(request_body),
            _ => None,
        };
        let body_contents = body.into_iter().flat_map(|body| &body.contents);
        for content in body_contents {
            let (BodyKind::Json(ty) | BodyKind::Form { ty, .. }) = &content.kind else { continue };
            let Some(media) = request_body.and_then(|body| body.content.get(&content.media_type))
            else {
                continue;
            };
            let at = format!("{at}/requestBody/content/{}", pointer_token(&content.media_type));
            for (name, value) in self.media_examples(media, &at) {
                examples.push(Example {
                    name,
                    target: ExampleTarget::RequestBody(ty.clone()),
                    value,
                });
            }
        }
        for response in responses {
            let Some(ty) = response.contents.iter().find_map(|body| match &body.content {
                ResponseContent::Json(ty) => Some(ty),
                _ => None,
            }) else {
                continue;
            };
            let key = match response.status {
                StatusMatch::Code(code) => StatusCode::Code(code),
                StatusMatch::Range(range) => StatusCode::Range(range),
                StatusMatch::Default => continue,
            };
            let Some(ReferenceOr::Item(item)) = operation.responses.responses.get(&key) else {
                continue;
            };
            let Some((_, content)) = media::choose(&item.content) else { continue };
            for (name, value) in self.media_examples(content, &format!("{at}/responses/{key}")) {
                examples.push(Example {
                    name,
                    target: ExampleTarget::Response(response.status, ty.clone()),
                    value,
                });
            }
        }
        examples
    }

    /// `example` and every entry of `examples` that has a value.
    fn media_examples(
        &mut self,
        content: &'a MediaType,
        at: &str,
    ) -> Vec<(String, serde_json::Value)> {
        let mut out: Vec<(String, serde_json::Value)> =
            content.example.iter().map(|value| ("example".to_owned(), value.clone())).collect();
        for (name, example) in &content.examples {
            let example_at = format!("{at}/examples/{}", pointer_token(name));
            let Some(resolved) = self.ok(self.refs.resolve(example, &example_at)) else { continue };
            if let Some(value) = &resolved.item.value {
                out.push((name.clone(), value.clone()));
            }
        }
        out
    }
}

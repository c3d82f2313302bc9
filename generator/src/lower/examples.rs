//! Examples: the spec's request and response examples, kept with the type
//! they must fit so the emitter can turn each into a test.

use openapiv3::{MediaType, Schema, SchemaData, StatusCode};

use super::media;
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Body, BodyKind, Example, ExampleTarget, Response, StatusMatch};

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
        let body_at = format!("{at}/requestBody");
        let request_body = operation.request_body.as_ref().and_then(|body| {
            let resolved = self.refs.resolve(body, &body_at).ok()?;
            Some((resolved.item, resolved.location(&body_at)))
        });
        let body_contents = body.into_iter().flat_map(|body| &body.contents);
        for content in body_contents {
            let (BodyKind::Json(ty) | BodyKind::Form { ty, .. }) = &content.kind else { continue };
            let Some((request_body, body_at)) = &request_body else { continue };
            let Some(media) = request_body.content.get(&content.media_type) else { continue };
            let at = format!("{body_at}/content/{}", pointer_token(&content.media_type));
            for (name, value, example_at) in self.media_examples(media, &at) {
                examples.push(Example {
                    name,
                    target: ExampleTarget::RequestBody(ty.clone()),
                    value,
                    at: example_at,
                    schema_at: format!("{at}/schema"),
                });
            }
        }
        for response in responses {
            let Some(ty) = response.json_type() else { continue };
            let key = match response.status {
                StatusMatch::Code(code) => StatusCode::Code(code),
                StatusMatch::Range(range) => StatusCode::Range(range),
                StatusMatch::Default => continue,
            };
            let Some(item) = operation.responses.responses.get(&key) else { continue };
            let response_at = format!("{at}/responses/{key}");
            let Ok(resolved) = self.refs.resolve(item, &response_at) else { continue };
            let response_at = resolved.location(&response_at);
            let Some((media_type, content)) = media::choose(&resolved.item.content) else {
                continue;
            };
            let at = format!("{response_at}/content/{}", pointer_token(media_type));
            for (name, value, example_at) in self.media_examples(content, &at) {
                examples.push(Example {
                    name,
                    target: ExampleTarget::Response(response.status, ty.clone()),
                    value,
                    at: example_at,
                    schema_at: format!("{at}/schema"),
                });
            }
        }
        examples
    }

    /// `example` and every entry of `examples` that has a value, with
    /// where each is written; without either, the schema's own `example`.
    fn media_examples(
        &mut self,
        content: &'a MediaType,
        at: &str,
    ) -> Vec<(String, serde_json::Value, String)> {
        let mut out = Vec::new();
        if let Some(value) = &content.example {
            out.push(("example".to_owned(), value.clone(), format!("{at}/example")));
        }
        for (name, example) in &content.examples {
            let example_at = format!("{at}/examples/{}", pointer_token(name));
            let Some(resolved) = self.ok(self.refs.resolve(example, &example_at)) else { continue };
            if let Some(value) = &resolved.item.value {
                let value_at = format!("{}/value", resolved.location(&example_at));
                out.push((name.clone(), value.clone(), value_at));
            }
        }
        if out.is_empty() {
            let schema_at = format!("{at}/schema");
            let schema = content.schema.as_ref().and_then(|schema| {
                let resolved = self.refs.resolve(schema, &schema_at).ok()?;
                Some((resolved.item, resolved.location(&schema_at)))
            });
            // A 3.1 schema's `examples`, each (normalising kept them beside
            // its `example`, the first).
            let all = schema.as_ref().and_then(|(schema, at)| {
                let examples = schema.schema_data.extensions.get(crate::load::v31::EXAMPLES)?;
                Some((examples.as_array()?, at))
            });
            if let Some((examples, at)) = all {
                for (index, value) in examples.iter().enumerate() {
                    let name = match index {
                        0 => "schema example".to_owned(),
                        _ => format!("schema example {}", index + 1),
                    };
                    out.push((name, value.clone(), format!("{at}/examples/{index}")));
                }
            } else if let Some((
                Schema { schema_data: SchemaData { example: Some(value), .. }, .. },
                at,
            )) = schema
            {
                out.push(("schema example".to_owned(), value.clone(), format!("{at}/example")));
            }
        }
        out
    }
}

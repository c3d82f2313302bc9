//! Request bodies: the media type the generated code sends and the Rust
//! type of the body, with the size limit a binary body documents.

use openapiv3::{MediaType, ReferenceOr, RequestBody, SchemaKind, Type};

use super::media::{self, MediaClass};
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Body, BodyKind, Docs, TypeRef};

impl<'a> Lowerer<'a> {
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        owner: &str,
        at: &str,
    ) -> Option<Body> {
        let body = self.ok(self.refs.resolve(body, at))?.item;
        let (media_type, content) = media::choose(&body.content)?;
        let content_at = format!("{at}/content/{}", pointer_token(media_type));
        // The media type becomes a `Content-Type` header.
        if !media_type.bytes().all(|b| (0x20..0x7f).contains(&b)) || media_type.trim().is_empty() {
            self.warn(
                &content_at,
                format!("media type {media_type:?} cannot be sent as a Content-Type header; the operation has no body"),
                "use a media type such as `application/json`",
            );
            return None;
        }
        let kind = match media::classify(media_type) {
            MediaClass::Json => BodyKind::Json(match &content.schema {
                Some(schema) => self.type_ref(
                    schema,
                    &format!("{owner}Body"),
                    &format!("{content_at}/schema"),
                    0,
                ),
                None => TypeRef::Json,
            }),
            MediaClass::Text => BodyKind::Text,
            MediaClass::Binary => {
                BodyKind::Binary { max_len: self.max_length(content, &content_at) }
            }
            MediaClass::Unsupported => {
                self.warn(
                    &content_at,
                    format!("request media type {media_type:?} is not typed yet; the body is raw bytes the caller encodes"),
                    "use JSON, text/plain or a binary media type for a typed body",
                );
                BodyKind::Binary { max_len: None }
            }
        };
        Some(Body {
            media_type: media_type.to_owned(),
            kind,
            required: body.required,
            docs: Docs { summary: None, description: body.description.clone() },
        })
    }

    /// The `maxLength` of a binary body's string schema, in bytes.
    fn max_length(&mut self, content: &'a MediaType, at: &str) -> Option<u64> {
        let schema = content.schema.as_ref()?;
        let schema = self.ok(self.refs.resolve(schema, &format!("{at}/schema")))?.item;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string.max_length.map(|n| n as u64),
            _ => None,
        }
    }
}

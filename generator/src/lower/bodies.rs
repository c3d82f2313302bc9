//! Request bodies: one content per media type the spec offers (JSON, form,
//! multipart, text, bytes), each with the Rust type the caller fills in;
//! with several, the caller picks one through the operation's body enum.

use openapiv3::{MediaType, QueryStyle, ReferenceOr, RequestBody, SchemaKind, Type};

use super::media::{self, MediaClass};
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Body, BodyContent, BodyKind, Docs, FieldEncoding, ParamStyle, TypeRef};
use crate::naming;

impl<'a> Lowerer<'a> {
    pub(super) fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        owner: &str,
        at: &str,
    ) -> Option<Body> {
        let resolved = self.ok(self.refs.resolve(body, at))?;
        // A referenced body is read (and its problems reported) where it is written.
        let body_at = resolved.location(at);
        let body = resolved.item;
        let mut contents = Vec::new();
        for (media_type, content) in media::ordered(&body.content) {
            let content_at = format!("{body_at}/content/{}", pointer_token(media_type));
            // The media type becomes a `Content-Type` header.
            if !media_type.bytes().all(|b| (0x20..0x7f).contains(&b))
                || media_type.trim().is_empty()
            {
                self.warn(
                    &content_at,
                    format!("media type {media_type:?} cannot be sent as a Content-Type header; it is left out"),
                    "use a media type such as `application/json`",
                );
                continue;
            }
            let kind = self.body_kind(media_type, content, owner, &content_at);
            contents.push((media_type, kind));
        }
        if contents.is_empty() {
            return None;
        }
        let names = naming::disambiguate(
            contents.iter().map(|(media_type, _)| media::variant_name(media_type)).collect(),
        );
        let contents = contents.into_iter().zip(names);
        let contents = contents
            .map(|((media_type, kind), variant)| BodyContent {
                media_type: media_type.to_owned(),
                variant,
                kind,
            })
            .collect();
        Some(Body {
            // Named with the operation's other companions (see `operations`).
            enum_name: naming::upper_camel(owner),
            required: body.required,
            docs: Docs { summary: None, description: body.description.clone() },
            contents,
        })
    }

    fn body_kind(
        &mut self,
        media_type: &str,
        content: &'a MediaType,
        owner: &str,
        at: &str,
    ) -> BodyKind {
        let inline_name = format!("{owner}Body");
        let schema_type = |lowerer: &mut Self| match &content.schema {
            // A request sends a body or none: `null` is not one to offer.
            Some(schema) => {
                lowerer.type_ref(schema, &inline_name, &format!("{at}/schema"), 0).without_null()
            }
            None => TypeRef::Json,
        };
        match media::classify(media_type) {
            MediaClass::Json => BodyKind::Json(schema_type(self)),
            MediaClass::Form => {
                let ty = schema_type(self);
                BodyKind::Form { ty, encodings: self.form_encodings(content, at) }
            }
            MediaClass::Multipart => match self.multipart(content, owner, at) {
                Some(parts) => BodyKind::Multipart(parts),
                None => {
                    self.warn(
                        at,
                        format!("multipart body {media_type:?} has no object schema with properties; the body is raw bytes the caller encodes"),
                        "describe the parts as the properties of an object schema",
                    );
                    BodyKind::Binary { min_len: None, max_len: None }
                }
            },
            MediaClass::Text => BodyKind::Text,
            MediaClass::Binary if media::is_range(media_type) => BodyKind::AnyBinary,
            MediaClass::Binary => {
                let (min_len, max_len) = self.length_limits(content, at);
                BodyKind::Binary { min_len, max_len }
            }
        }
    }

    /// The `minLength` and `maxLength` of a binary body's string schema,
    /// in bytes.
    fn length_limits(&mut self, content: &'a MediaType, at: &str) -> (Option<u64>, Option<u64>) {
        let Some(schema) = content.schema.as_ref() else { return (None, None) };
        let Some(resolved) = self.ok(self.refs.resolve(schema, &format!("{at}/schema"))) else {
            return (None, None);
        };
        match &resolved.item.schema_kind {
            SchemaKind::Type(Type::String(string)) => (
                string.min_length.map(|n| n as u64).filter(|&n| n > 0),
                string.max_length.map(|n| n as u64),
            ),
            _ => (None, None),
        }
    }

    /// The form encodings that differ from the default (`form`, exploded).
    fn form_encodings(&self, content: &MediaType, at: &str) -> Vec<FieldEncoding> {
        let encodings = content.encoding.iter().map(|(property, encoding)| {
            let style = match encoding.style {
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                Some(QueryStyle::Form) | None => ParamStyle::Form,
            };
            // `openapiv3` reads a missing `explode` as false; OpenAPI's
            // default is true for `form`, so a false there may be unwritten,
            // and only the spec's text can tell (it costs a parse of the
            // whole document, so it is asked only then).
            let default = matches!(style, ParamStyle::Form | ParamStyle::DeepObject);
            let explode = encoding.explode
                || default && {
                    let explode_at = format!("{at}/encoding/{}/explode", pointer_token(property));
                    self.refs.raw_node(&explode_at).is_none()
                };
            FieldEncoding {
                property: property.clone(),
                style,
                explode,
                allow_reserved: encoding.allow_reserved,
            }
        });
        let is_default =
            |e: &FieldEncoding| e.style == ParamStyle::Form && e.explode && !e.allow_reserved;
        encodings.filter(|encoding| !is_default(encoding)).collect()
    }
}

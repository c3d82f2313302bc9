//! Multipart bodies: the properties of the body's object schema become
//! parts: files (`format: binary`, one or a list), text (scalars, one or a
//! list) and serialised values (objects; JSON unless the `encoding` names
//! another content type). The parts type is made for the body, beside the
//! JSON models, and one per schema.

use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::ir::{Ident, Origin, Part, PartKind, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// The parts type of a multipart body, or `None` if its schema is not
    /// an object with properties.
    pub(super) fn multipart(
        &mut self,
        content: &'a MediaType,
        owner: &str,
        at: &str,
    ) -> Option<Ident> {
        let schema_at = format!("{at}/schema");
        let resolved = self.ok(self.refs.resolve(content.schema.as_ref()?, &schema_at))?;
        let location = resolved.location(&schema_at);
        if let Some(known) = self.types.multipart_at(&location) {
            return Some(known);
        }
        let schema = resolved.item;
        let object = self.object_struct(&format!("{owner}Part"), schema, &location, 0)?;
        let properties = properties(schema)?;
        let parts = object
            .fields
            .into_iter()
            .map(|field| {
                let property = properties.get(&field.name.api);
                let binary =
                    property.map_or(Binary::No, |property| self.binary(property, &location));
                let encoded =
                    content.encoding.get(&field.name.api).and_then(|e| e.content_type.as_deref());
                // A list of content types (`image/png, image/jpeg`) names the first as the default.
                let declared =
                    encoded.and_then(|types| types.split(',').next()).map(|t| t.trim().to_owned());
                let kind = match (binary, field.ty) {
                    (Binary::One, _) => PartKind::File {
                        content_type: declared.unwrap_or_else(|| "application/octet-stream".into()),
                    },
                    (Binary::Many, _) => PartKind::Files {
                        content_type: declared.unwrap_or_else(|| "application/octet-stream".into()),
                    },
                    (Binary::No, ty) if self.is_text(&ty) => PartKind::Text(ty),
                    (Binary::No, TypeRef::Vec(item)) if self.is_text(&item) => {
                        PartKind::Texts(*item)
                    }
                    (Binary::No, ty) => PartKind::Json {
                        ty,
                        content_type: declared.unwrap_or_else(|| "application/json".into()),
                    },
                };
                Part {
                    name: field.name,
                    kind,
                    required: field.required && !field.nullable,
                    docs: field.docs,
                }
            })
            .collect();
        let name = self.types.fresh_multipart(&format!("{owner}Multipart"), &location);
        self.types.insert(
            name.clone(),
            Origin::Synthesized(location),
            Some(schema),
            TypeKind::Multipart(parts),
        );
        Some(name)
    }

    /// Whether a property is a file or a list of files.
    fn binary(&self, property: &'a ReferenceOr<Box<Schema>>, at: &str) -> Binary {
        let Ok(resolved) = self.refs.resolve_boxed(property, at) else { return Binary::No };
        match &resolved.item.schema_kind {
            SchemaKind::Type(Type::String(string)) if is_binary(&string.format) => Binary::One,
            SchemaKind::Type(Type::Array(array)) => {
                let item =
                    array.items.as_ref().and_then(|items| self.refs.resolve_boxed(items, at).ok());
                match item.map(|item| &item.item.schema_kind) {
                    Some(SchemaKind::Type(Type::String(string))) if is_binary(&string.format) => {
                        Binary::Many
                    }
                    _ => Binary::No,
                }
            }
            _ => Binary::No,
        }
    }
}

#[derive(Clone, Copy)]
enum Binary {
    No,
    One,
    Many,
}

fn is_binary(format: &VariantOrUnknownOrEmpty<StringFormat>) -> bool {
    matches!(format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

/// The properties of an object schema (typed or not).
fn properties(schema: &Schema) -> Option<&indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
        SchemaKind::Any(any) => Some(&any.properties),
        _ => None,
    }
}

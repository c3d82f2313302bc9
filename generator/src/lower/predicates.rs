//! What a schema is, asked by several rooms of lowering: whether it may
//! be `null`, only annotates, is a free-form object, and which way its
//! property travels. One room, so that no two rooms import each other.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::ir::Access;

/// Whether a schema may be `null`: `nullable`, or `null` among its `enum` values.
pub(super) fn is_nullable(schema: &Schema) -> bool {
    let null_in_enum = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    };
    schema.schema_data.nullable || null_in_enum
}

/// A schema with nothing but annotations (no type, properties or composition).
pub(super) fn is_annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(schema) if only_annotates(schema))
}

/// [`is_annotation_only`] for a schema, resolved.
pub(super) fn only_annotates(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.typ.is_none()
                && any.items.is_none()
                && any.one_of.is_empty()
                && any.all_of.is_empty()
                && any.any_of.is_empty()
                && any.enumeration.is_empty()
        }
        _ => false,
    }
}

/// `type: object` without properties: contributes no fields to a merge.
pub(super) fn is_free_form_object(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(object)) if object.properties.is_empty())
}

/// Which way a property of this schema travels. A schema both `readOnly`
/// and `writeOnly` (which OpenAPI forbids) travels both ways.
pub(super) fn access(schema: &Schema) -> Access {
    match (schema.schema_data.read_only, schema.schema_data.write_only) {
        (true, false) => Access::ReadOnly,
        (false, true) => Access::WriteOnly,
        _ => Access::Both,
    }
}

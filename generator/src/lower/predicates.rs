//! What a schema is, asked by several rooms of lowering: whether it may
//! be `null`, only annotates, is a free-form object, which way its
//! property travels and what constrains its values. One room, so that no two rooms import each other.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use crate::ir::{Access, Constraints, TypeRef};

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

/// The constraints a schema puts on its values (`Any` schemas, which 3.1's
/// multi-type keywords make, included).
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let default = schema.schema_data.default.as_ref().map(|value| value.to_string());
    let constraints = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => Constraints {
            min_length: string.min_length,
            max_length: string.max_length,
            pattern: string.pattern.clone(),
            format: string_format(&string.format),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Integer(integer)) => Constraints {
            minimum: integer.minimum.map(|bound| (bound as f64, integer.exclusive_minimum)),
            maximum: integer.maximum.map(|bound| (bound as f64, integer.exclusive_maximum)),
            multiple_of: integer.multiple_of.map(|step| step as f64),
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Number(number)) => Constraints {
            minimum: number.minimum.map(|bound| (bound, number.exclusive_minimum)),
            maximum: number.maximum.map(|bound| (bound, number.exclusive_maximum)),
            multiple_of: number.multiple_of,
            ..Constraints::default()
        },
        SchemaKind::Type(Type::Array(array)) => Constraints {
            min_items: array.min_items,
            max_items: array.max_items,
            unique_items: array.unique_items,
            ..Constraints::default()
        },
        SchemaKind::Any(any) => Constraints {
            min_length: any.min_length,
            max_length: any.max_length,
            minimum: any.minimum.map(|bound| (bound, any.exclusive_minimum.unwrap_or(false))),
            maximum: any.maximum.map(|bound| (bound, any.exclusive_maximum.unwrap_or(false))),
            multiple_of: any.multiple_of,
            pattern: any.pattern.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
            ..Constraints::default()
        },
        _ => Constraints::default(),
    };
    Constraints { default, ..constraints }
}

/// A string's `format` as a constraint: where the Rust type stays a
/// string (a format with a type of its own is compared as that type).
fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Option<String> {
    if string_type(format) != TypeRef::String {
        return None;
    }
    match format {
        VariantOrUnknownOrEmpty::Item(format) => {
            serde_json::to_value(format).ok()?.as_str().map(str::to_owned)
        }
        VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The Rust type for a string `format`: the well-kept crate's type where
/// one exists, otherwise a string (an unknown format is only a hint).
/// Schemas describe JSON values here, where `binary` and `byte` are text;
/// raw bytes are the bodies' business (see `bodies`).
pub(super) fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(format) if format.eq_ignore_ascii_case("uuid") => {
            TypeRef::Uuid
        }
        _ => TypeRef::String,
    }
}

//! Objects: the struct of a schema with properties (`allOf` merges are in
//! [`super::all_of`]).

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::predicates::{access, constraints, is_nullable};
use super::schemas::schema_docs;
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{Access, Docs, Field, Ident, Name, Struct, TypeRef};
use crate::naming;

impl<'a> Lowerer<'a> {
    /// The struct for an object schema with properties, if it is one.
    /// `owner` names the inline types of its properties (`{owner}{Property}`).
    pub(super) fn object_struct(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> Option<Struct> {
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                (&object.properties, &object.required, &object.additional_properties)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                (&any.properties, &any.required, &any.additional_properties)
            }
            _ => return None,
        };
        if properties.is_empty() {
            return None;
        }
        let mut sorted: Vec<(&String, &'a ReferenceOr<Box<Schema>>)> = properties.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let rust_names =
            naming::disambiguate(sorted.iter().map(|(name, _)| naming::snake(name)).collect());
        let mut fields = Vec::with_capacity(sorted.len());
        for ((api_name, property), rust_name) in sorted.into_iter().zip(rust_names) {
            let at = format!("{at}/properties/{}", pointer_token(api_name));
            let inline_name = format!("{owner}{}", naming::upper_camel(api_name));
            // Docs are read where the property is written (a referenced
            // schema documents itself); `null` is allowed if either place says so.
            // Which way it travels, likewise from either place.
            let (nullable, access, constraints, docs) = match property {
                ReferenceOr::Item(schema) => {
                    (is_nullable(schema), access(schema), constraints(schema), schema_docs(schema))
                }
                ReferenceOr::Reference { .. } => {
                    let target = self.refs.resolve_boxed(property, &at).ok();
                    let nullable = target.as_ref().is_some_and(|target| is_nullable(target.item));
                    let limits = target.as_ref().map(|target| constraints(target.item));
                    let access = target.map_or(Access::Both, |target| access(target.item));
                    (nullable, access, limits.unwrap_or_default(), Docs::default())
                }
            };
            let ty = self.type_ref_boxed(property, &inline_name, &at, depth + 1).without_null();
            fields.push(Field {
                name: Name::new(rust_name, api_name.clone()),
                ty,
                required: required.contains(api_name),
                nullable,
                access,
                constraints,
                docs,
            });
        }
        let closed = matches!(additional, Some(AdditionalProperties::Any(false)));
        let declared = self.additional_type(additional.as_ref(), owner, at, depth);
        let undeclared = declared.is_none() && !closed;
        // Where the schema says nothing, OpenAPI allows any member: the
        // struct keeps them all, so that nothing read is lost when written back.
        let additional = if undeclared { Some(TypeRef::Json) } else { declared };
        let catch_all = catch_all(&fields);
        Some(Struct { fields, additional, undeclared, catch_all, closed })
    }

    /// The type of the members an object allows beyond its properties
    /// (`additionalProperties` of the object at `at`), if it allows any.
    pub(super) fn additional_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        owner: &str,
        at: &str,
        depth: usize,
    ) -> Option<TypeRef> {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let at = format!("{at}/additionalProperties");
                Some(self.type_ref(schema, &format!("{owner}Value"), &at, depth + 1))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Any(false)) | None => None,
        }
    }
}

/// The name of the map of properties a struct does not declare:
/// `additional_properties`, numbered when a property has the name.
pub(super) fn catch_all(fields: &[Field]) -> Ident {
    let wanted = naming::snake(naming::reserved::CATCH_ALL);
    naming::unique(&wanted, |name| !fields.iter().any(|field| field.name.rust == name))
}

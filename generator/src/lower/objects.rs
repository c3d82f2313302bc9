//! Objects: the struct of a schema with properties, and `allOf` merged into
//! one struct (its parts' properties together, required if any part
//! requires them).

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{is_nullable, schema_docs};
use super::{Lowerer, MAX_DEPTH};
use crate::error::pointer_token;
use crate::ir::{Docs, Field, Ident, Name, Struct, TypeKind, TypeRef};
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
            let (nullable, docs) = match property {
                ReferenceOr::Item(schema) => (is_nullable(schema), schema_docs(schema)),
                ReferenceOr::Reference { .. } => {
                    let target = self.refs.resolve_boxed(property, &at).ok();
                    (target.is_some_and(|target| is_nullable(target.item)), Docs::default())
                }
            };
            let ty = self.type_ref_boxed(property, &inline_name, &at, depth + 1);
            fields.push(Field {
                name: Name::new(rust_name, api_name.clone()),
                ty,
                required: required.contains(api_name),
                nullable,
                docs,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let at = format!("{at}/additionalProperties");
                Some(self.type_ref(schema, &format!("{owner}Value"), &at, depth + 1))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        let catch_all = catch_all(&fields);
        Some(Struct { fields, additional, catch_all })
    }

    /// `allOf`: one real part is that part; parts that are objects are
    /// merged into a struct; parts that are all scalars (a `$ref` to an enum
    /// plus a constraint, say) are the first of them, a reference preferred.
    pub(super) fn all_of(
        &mut self,
        rust_name: &Ident,
        all_of: &'a [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> TypeKind {
        // Parts that only annotate (a description, `nullable`) add nothing.
        let parts: Vec<(usize, &'a ReferenceOr<Schema>)> =
            all_of.iter().enumerate().filter(|(_, part)| !is_annotation_only(part)).collect();
        let objects = parts
            .iter()
            .filter(|(i, part)| self.is_object_part(part, &format!("{at}/allOf/{i}")))
            .count();
        // Often a `$ref` plus a description, or a scalar `$ref` plus a constraint.
        let reference =
            parts.iter().find(|(_, part)| matches!(part, ReferenceOr::Reference { .. }));
        let single =
            (parts.len() == 1 || objects == 0).then(|| reference.or(parts.first())).flatten();
        if let Some(&(i, only)) = single {
            let at = format!("{at}/allOf/{i}");
            return match only {
                ReferenceOr::Item(schema) => self.type_kind(rust_name, schema, &at, depth + 1),
                reference => {
                    TypeKind::Alias(self.type_ref(reference, rust_name.unraw(), &at, depth + 1))
                }
            };
        }
        let mut merged = Struct { fields: Vec::new(), additional: None, catch_all: catch_all(&[]) };
        let mut required = BTreeSet::new();
        for (i, part) in parts {
            let at = format!("{at}/allOf/{i}");
            self.merge_into(&mut merged, &mut required, rust_name.unraw(), part, &at, depth + 1);
        }
        for field in &mut merged.fields {
            field.required = field.required || required.contains(&field.name.api);
        }
        TypeKind::Struct(merged)
    }

    /// Whether an `allOf` part describes an object (so it merges into a struct).
    fn is_object_part(&self, part: &'a ReferenceOr<Schema>, at: &str) -> bool {
        let Ok(resolved) = self.refs.resolve(part, at) else { return false };
        match &resolved.item.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(any) => {
                !any.properties.is_empty() || any.additional_properties.is_some()
            }
            _ => false,
        }
    }

    /// Adds the properties of an `allOf` part to `merged`; a later part's
    /// property replaces an earlier one of the same name.
    fn merge_into(
        &mut self,
        merged: &mut Struct,
        required: &mut BTreeSet<String>,
        owner: &str,
        part: &'a ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            let message =
                "allOf nesting is too deep; its deepest parts are kept as any JSON values";
            self.warn(at, message, "simplify the schema");
            merged.additional.get_or_insert(TypeRef::Json);
            return;
        }
        let Some(resolved) = self.ok(self.refs.resolve(part, at)) else { return };
        let schema = resolved.item;
        let identity: *const Schema = schema;
        if self.merging.contains(&identity) {
            let message = "allOf includes the schema it is part of; the repetition adds nothing and is skipped";
            self.warn(at, message, "remove the part that refers back to its own schema");
            return;
        }
        self.merging.push(identity);
        self.merge_resolved(merged, required, owner, part, schema, at, depth);
        self.merging.pop();
    }

    /// [`Self::merge_into`] for a part already resolved to `schema`.
    #[allow(clippy::too_many_arguments)]
    fn merge_resolved(
        &mut self,
        merged: &mut Struct,
        required: &mut BTreeSet<String>,
        owner: &str,
        part: &'a ReferenceOr<Schema>,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (i, inner) in all_of.iter().enumerate() {
                    let at = format!("{at}/allOf/{i}");
                    self.merge_into(merged, required, owner, inner, &at, depth + 1);
                }
            }
            _ if is_free_form_object(schema) => {}
            _ if is_annotation_only(part) => {}
            _ => match self.object_struct(owner, schema, at, depth) {
                Some(object) => {
                    for field in object.fields {
                        if field.required {
                            required.insert(field.name.api.clone());
                        }
                        match merged.fields.iter_mut().find(|f| f.name.api == field.name.api) {
                            Some(existing) => *existing = field,
                            None => merged.fields.push(field),
                        }
                    }
                    if object.additional.is_some() {
                        merged.additional = object.additional;
                    }
                }
                None => {
                    // A union or a scalar among objects: what it adds is kept,
                    // untyped, with the properties beyond the documented ones.
                    self.warn(
                        at,
                        "allOf part is not an object, so it cannot be merged into the struct; what it adds is kept in `additional_properties`",
                        "allOf is merged into one struct: make every part an object, or move this part into a property",
                    );
                    merged.additional.get_or_insert(TypeRef::Json);
                }
            },
        }
        // Names are chosen again over all fields: a new part may collide.
        let names = merged.fields.iter().map(|f| naming::snake(&f.name.api)).collect();
        for (field, name) in merged.fields.iter_mut().zip(naming::disambiguate(names)) {
            field.name.rust = name;
        }
        merged.catch_all = catch_all(&merged.fields);
    }
}

/// The name of the map of properties a struct does not declare:
/// `additional_properties`, numbered when a property has the name.
fn catch_all(fields: &[Field]) -> Ident {
    let wanted = naming::snake(naming::reserved::CATCH_ALL);
    naming::unique(&wanted, |name| !fields.iter().any(|field| field.name.rust == name))
}

/// A schema with nothing but annotations (no type, properties or composition).
fn is_annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else { return false };
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
fn is_free_form_object(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(object)) if object.properties.is_empty())
}

//! `allOf`, merged as JSON Schema means it: a value is valid when it is
//! valid against every part, so the struct has every part's properties and
//! those written beside the `allOf` (`{type: object, properties: ...,
//! allOf: [...]}`), required where any of them requires them. A property
//! that several parts declare as objects is merged the same way, never
//! replaced; parts that declare it as different scalars are a warning.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::objects::catch_all;
use super::predicates::{is_annotation_only, is_free_form_object, only_annotates};
use super::{Lowerer, MAX_DEPTH};
use crate::error::pointer_token;
use crate::ir::{Field, Ident, Operation, Origin, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// How many parts one outermost `allOf` may merge, those of the `allOf`s
/// nested in its properties included. Parts that include each other can
/// multiply without end short of [`MAX_DEPTH`] (a part's property whose
/// `allOf` names the part twice doubles the work at every level); none of
/// the eight Graph beta modules of the benchmarks reaches it. Beyond it,
/// the rest is any JSON, with a warning.
pub(super) const MERGE_BUDGET: usize = 2_000;

/// A struct while its parts are merged into it.
#[derive(Default)]
struct Merge<'a> {
    fields: Vec<Field>,
    /// Per field (same index): each declaration of it, as its schema, its
    /// pointer and the type it was lowered to.
    declared: Vec<Vec<Declaration<'a>>>,
    required: BTreeSet<String>,
    additional: Option<TypeRef>,
}

struct Declaration<'a> {
    schema: &'a ReferenceOr<Box<Schema>>,
    at: String,
    ty: TypeRef,
}

impl<'a> Lowerer<'a> {
    /// `allOf` and the members written beside it (`siblings`, the schema
    /// that holds it): one real part and nothing beside it is that part;
    /// parts that are all scalars (a `$ref` to an enum plus a constraint,
    /// say) are the first of them, a reference preferred; parts that only
    /// annotate are any value; anything else is merged into a struct.
    pub(super) fn all_of(
        &mut self,
        rust_name: &Ident,
        all_of: &'a [ReferenceOr<Schema>],
        siblings: Option<&'a Schema>,
        at: &str,
        depth: usize,
    ) -> TypeKind {
        // Parts that only annotate (a description, `nullable`) add nothing.
        let parts: Vec<(usize, &'a ReferenceOr<Schema>)> =
            all_of.iter().enumerate().filter(|(_, part)| !is_annotation_only(part)).collect();
        if !siblings.is_some_and(adds_members) {
            if parts.is_empty() {
                return TypeKind::Alias(TypeRef::Json);
            }
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
                        let ty = self.type_ref(reference, rust_name.unraw(), &at, depth + 1);
                        TypeKind::Alias(ty.without_null())
                    }
                };
            }
        }
        let owner = rust_name.unraw();
        if self.merging.is_empty() {
            self.merge_budget = Some(MERGE_BUDGET);
        }
        let mut merge = Merge::default();
        self.merge_parts(&mut merge, owner, parts, at, depth + 1);
        if let Some(siblings) = siblings {
            self.merge_members(&mut merge, owner, siblings, at, depth + 1);
        }
        self.finish(merge, owner, depth)
    }

    /// Whether an `allOf` part describes an object (so it merges into a struct).
    pub(super) fn is_object_part(&self, part: &'a ReferenceOr<Schema>, at: &str) -> bool {
        let Ok(resolved) = self.refs.resolve(part, at) else { return false };
        match &resolved.item.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(any) => {
                !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || !any.all_of.is_empty()
            }
            _ => false,
        }
    }

    /// Adds what `schema` (a part, resolved) says of the object to `merge`.
    fn merge_schema(
        &mut self,
        merge: &mut Merge<'a>,
        owner: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            let message =
                "allOf nesting is too deep; its deepest parts are kept as any JSON values";
            self.warn(at, message, "simplify the schema");
            merge.additional.get_or_insert(TypeRef::Json);
            return;
        }
        match self.merge_budget {
            Some(0) => {
                // Warned once, where the budget ran out.
                merge.additional.get_or_insert(TypeRef::Json);
                return;
            }
            Some(1) => {
                let message = "allOf parts include each other too many times over; from here on they are kept as any JSON values";
                self.warn(
                    at,
                    message,
                    "simplify the schema: a part that names the schema it is in",
                );
                self.merge_budget = Some(0);
                merge.additional.get_or_insert(TypeRef::Json);
                return;
            }
            Some(left) => self.merge_budget = Some(left - 1),
            None => {}
        }
        let identity: *const Schema = schema;
        if self.merging.contains(&identity) {
            let message = "allOf includes the schema it is part of; the repetition adds nothing and is skipped";
            self.warn(at, message, "remove the part that refers back to its own schema");
            return;
        }
        self.merging.push(identity);
        let (inner, beside): (&'a [ReferenceOr<Schema>], bool) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => (all_of, false),
            SchemaKind::Any(any) => (&any.all_of, true),
            _ => (&[], true),
        };
        self.merge_parts(merge, owner, inner.iter().enumerate(), at, depth + 1);
        if beside {
            if adds_members(schema) {
                self.merge_members(merge, owner, schema, at, depth);
            } else if inner.is_empty() && !is_free_form_object(schema) && !only_annotates(schema) {
                // A union or a scalar among objects: what it adds is kept,
                // untyped, with the members beyond the documented ones.
                self.warn(
                    at,
                    "allOf part is not an object, so it cannot be merged into the struct; what it adds is kept in `additional_properties`",
                    "allOf is merged into one struct: make every part an object, or move this part into a property",
                );
                merge.additional.get_or_insert(TypeRef::Json);
            }
        }
        self.merging.pop();
    }

    /// Merges the `parts` of the `allOf` at `at` (each with its index),
    /// each at `depth`. A part named twice adds nothing: it is merged once,
    /// with a warning.
    fn merge_parts(
        &mut self,
        merge: &mut Merge<'a>,
        owner: &str,
        parts: impl IntoIterator<Item = (usize, &'a ReferenceOr<Schema>)>,
        at: &str,
        depth: usize,
    ) {
        let mut merged: Vec<*const Schema> = Vec::new();
        for (i, part) in parts {
            let at = format!("{at}/allOf/{i}");
            let Some(resolved) = self.ok(self.refs.resolve(part, &at)) else { continue };
            let identity: *const Schema = resolved.item;
            if merged.contains(&identity) {
                let message =
                    "allOf names this part twice; the repetition adds nothing and is skipped";
                self.warn(&at, message, "name each part once");
                continue;
            }
            merged.push(identity);
            self.merge_schema(merge, owner, resolved.item, &at, depth);
        }
    }

    /// Adds the properties, `required` and additional properties that
    /// `schema` declares itself (not through `allOf`) to `merge`.
    fn merge_members(
        &mut self,
        merge: &mut Merge<'a>,
        owner: &str,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) {
        let Some((properties, required, additional)) = members(schema) else { return };
        merge.required.extend(required.iter().cloned());
        let additional = match self.object_struct(owner, schema, at, depth) {
            Some(object) => {
                for field in object.fields {
                    let api = field.name.api.clone();
                    let declaration = properties.get(&api).map(|schema| Declaration {
                        schema,
                        at: format!("{at}/properties/{}", pointer_token(&api)),
                        ty: field.ty.clone(),
                    });
                    if field.required {
                        merge.required.insert(api.clone());
                    }
                    match merge.fields.iter().position(|known| known.name.api == api) {
                        Some(index) => {
                            let known = &mut merge.fields[index];
                            known.ty = combined(&known.ty, field.ty);
                            known.nullable |= field.nullable;
                            if known.docs == Default::default() {
                                known.docs = field.docs;
                            }
                            merge.declared[index].extend(declaration);
                        }
                        None => {
                            merge.fields.push(field);
                            merge.declared.push(declaration.into_iter().collect());
                        }
                    }
                }
                // What a part leaves unsaid is decided for the whole merge.
                object.additional.filter(|_| !object.undeclared)
            }
            None => self.additional_type(additional, owner, at, depth),
        };
        if additional.is_some() {
            merge.additional = additional;
        }
    }

    /// The merged type: a property several parts declare as objects is
    /// merged in a type of its own; names are chosen over all fields.
    fn finish(&mut self, mut merge: Merge<'a>, owner: &str, depth: usize) -> TypeKind {
        for (field, declared) in merge.fields.iter_mut().zip(&merge.declared) {
            let mut types: Vec<&TypeRef> = Vec::new();
            for declaration in declared.iter().filter(|d| d.ty != TypeRef::Json) {
                if !types.contains(&&declaration.ty) {
                    types.push(&declaration.ty);
                }
            }
            if types.len() < 2 {
                continue;
            }
            let Some(last) = declared.last() else { continue };
            let objects = declared.iter().filter(|d| self.declares_object(d)).count();
            if objects < 2 {
                let message = format!(
                    "property `{}` is declared as different types by the allOf parts; the last part's type is used",
                    field.name.api
                );
                self.warn(&last.at, message, "declare the property once, or alike in every part");
                continue;
            }
            // The parts' own types of the property were lowered only to be
            // merged here: their names go to the merged type.
            for declaration in declared {
                if let TypeRef::Named(part) = &declaration.ty {
                    self.types.discard(part);
                }
            }
            let wanted = format!("{owner}{}", naming::upper_camel(&field.name.api).unraw());
            let name = self.types.fresh(&wanted);
            let mut inner = Merge::default();
            for declaration in declared {
                if let Some(resolved) =
                    self.ok(self.refs.resolve_boxed(declaration.schema, &declaration.at))
                {
                    self.merge_schema(
                        &mut inner,
                        name.unraw(),
                        resolved.item,
                        &declaration.at,
                        depth + 1,
                    );
                }
            }
            let kind = self.finish(inner, name.unraw(), depth + 1);
            self.types.insert(name.clone(), Origin::Inline(last.at.clone()), None, kind);
            field.ty = TypeRef::Named(name);
        }
        for field in &mut merge.fields {
            field.required = field.required || merge.required.contains(&field.name.api);
        }
        let names = merge.fields.iter().map(|field| naming::snake(&field.name.api)).collect();
        for (field, name) in merge.fields.iter_mut().zip(naming::disambiguate(names)) {
            field.name.rust = name;
        }
        // Objects that declare no property between them: a map that keeps
        // every member, as `type: object` alone is.
        if merge.fields.is_empty() {
            return TypeKind::Alias(TypeRef::Map(Box::new(
                merge.additional.unwrap_or(TypeRef::Json),
            )));
        }
        let catch_all = catch_all(&merge.fields);
        // A closed part would refuse the other parts' members: the merge is
        // open, and keeps any member when no part says what they are.
        let undeclared = merge.additional.is_none();
        let (fields, additional) = (merge.fields, merge.additional.or(Some(TypeRef::Json)));
        TypeKind::Struct(Struct { fields, additional, undeclared, catch_all, closed: false })
    }

    /// Whether a declaration of a property is an object that merges.
    fn declares_object(&self, declaration: &Declaration<'a>) -> bool {
        let Ok(resolved) = self.refs.resolve_boxed(declaration.schema, &declaration.at) else {
            return false;
        };
        let schema = resolved.item;
        adds_members(schema) || matches!(schema.schema_kind, SchemaKind::AllOf { .. })
    }
}

/// The type of a property declared again: the one that says more (any
/// value says least), else the later.
fn combined(known: &TypeRef, later: TypeRef) -> TypeRef {
    match later {
        TypeRef::Json => known.clone(),
        later => later,
    }
}

/// Whether a schema declares members of an object itself: properties or
/// additional properties (not through `allOf`).
fn adds_members(schema: &Schema) -> bool {
    members(schema)
        .is_some_and(|(properties, _, additional)| !properties.is_empty() || additional.is_some())
}

type Members<'s> = (
    &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'s [String],
    Option<&'s AdditionalProperties>,
);

/// What an object schema declares of its members: properties, `required`
/// and additional properties.
fn members(schema: &Schema) -> Option<Members<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            Some((&object.properties, &object.required, object.additional_properties.as_ref()))
        }
        SchemaKind::Any(any) => {
            Some((&any.properties, &any.required, any.additional_properties.as_ref()))
        }
        _ => None,
    }
}

/// Drops the inline types that neither a component, an operation nor
/// another kept type reaches: those of properties lowered inside `allOf`
/// parts before the parts were merged into one type.
pub(super) fn drop_unreached<'o>(
    types: &mut BTreeMap<Ident, TypeDef>,
    operations: impl Iterator<Item = &'o Operation>,
) {
    let mut reached: BTreeSet<Ident> = BTreeSet::new();
    let mut pending: Vec<Ident> = types
        .values()
        .filter(|def| !matches!(def.origin, Origin::Inline(_)))
        .map(|def| def.name.clone())
        .chain(operations.flat_map(Operation::named_types).cloned())
        .collect();
    while let Some(name) = pending.pop() {
        if !reached.contains(&name) {
            let named = types.get(&name).into_iter().flat_map(TypeDef::named_types);
            pending.extend(named.cloned());
            reached.insert(name);
        }
    }
    types.retain(|name, _| reached.contains(name));
}

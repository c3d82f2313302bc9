//! Schemas to types: which schemas get a named Rust type and what kind
//! (struct, enum, union, alias), and the Rust type of every schema use.
//! Objects and `allOf` merging are in [`super::objects`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::enums::{self, untyped_string_enum};
use super::predicates::{is_nullable, only_annotates, string_type};
use super::refs::{component_pointer, Resolved, Target};
use super::{Lowerer, MAX_DEPTH};
use crate::ir::{Docs, Enum, EnumRepr, Ident, Origin, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// The named types of a spec while they are being lowered.
#[derive(Default)]
pub(super) struct Types {
    /// Component schema name -> Rust type name.
    components: BTreeMap<String, Ident>,
    /// Every Rust type name in use.
    taken: BTreeSet<String>,
    /// Finished types by Rust name.
    defs: BTreeMap<Ident, TypeDef>,
    /// The types of schemas reached by a pointer below a component
    /// (`#/components/schemas/Pet/allOf/0`), so each gets one Rust type.
    at_pointer: BTreeMap<String, TypeRef>,
    /// Multipart parts types, by the pointer of the schema they are made from.
    multipart: BTreeMap<String, Ident>,
    /// The first inline enum of each set of values (and deprecation).
    enums: HashMap<(Enum, bool), Ident>,
}

impl Types {
    pub fn into_defs(self) -> BTreeMap<Ident, TypeDef> {
        self.defs
    }

    /// The kind of the generated type `name`, once it is lowered.
    pub fn kind(&self, name: &Ident) -> Option<&TypeKind> {
        self.defs.get(name).map(|def| &def.kind)
    }

    /// The parts type made from the schema at `pointer`, if there is one.
    pub fn multipart_at(&self, pointer: &str) -> Option<Ident> {
        self.multipart.get(pointer).cloned()
    }

    /// A fresh name for the parts type of the schema at `pointer`.
    pub fn fresh_multipart(&mut self, wanted: &str, pointer: &str) -> Ident {
        let name = self.fresh(wanted);
        self.multipart.insert(pointer.to_owned(), name.clone());
        name
    }

    pub fn insert(&mut self, name: Ident, origin: Origin, schema: Option<&Schema>, kind: TypeKind) {
        let docs = schema.map(schema_docs).unwrap_or_default();
        let deprecated = schema.is_some_and(|schema| schema.schema_data.deprecated);
        self.defs.insert(
            name.clone(),
            TypeDef {
                name,
                origin,
                docs,
                kind,
                deprecated,
                notes: Vec::new(),
                features: Vec::new(),
            },
        );
    }

    /// Forgets the inline type `name` (its definition and its name) when
    /// nothing else can reach it: it was lowered only to be merged into
    /// another. Returns whether it was forgotten.
    pub fn discard(&mut self, name: &Ident) -> bool {
        let Some(def) = self.defs.get(name) else { return false };
        // Only an inline enum can be the target of another inline type's
        // alias (`share_enum`), so only then is every type looked at.
        let is_enum = matches!(def.kind, TypeKind::Enum(_));
        let shared = self.at_pointer.values().any(|ty| ty.named() == Some(name));
        if !matches!(def.origin, Origin::Inline(_)) || shared || is_enum && self.aliased(name) {
            return false;
        }
        if is_enum {
            self.enums.retain(|_, first| first != name);
        }
        self.defs.remove(name);
        self.taken.remove(name.as_str())
    }

    /// Whether a type made so far is an alias of `name`.
    fn aliased(&self, name: &Ident) -> bool {
        let of_name =
            |def: &TypeDef| matches!(&def.kind, TypeKind::Alias(ty) if ty.named() == Some(name));
        self.defs.values().any(of_name)
    }

    /// The kind of the inline type `name`: an alias of the first inline
    /// enum of the same values, where there is one, so that each set of
    /// values is compiled once (Microsoft Graph repeats the items of
    /// `$select` and `$expand` for every operation on an entity). The
    /// alias keeps the name, the docs and the place a type of its own
    /// would have had, so code naming it reads the same.
    fn share_enum(&mut self, name: &Ident, schema: &Schema, kind: TypeKind) -> TypeKind {
        let TypeKind::Enum(values) = &kind else { return kind };
        let key = (values.clone(), schema.schema_data.deprecated);
        match self.enums.get(&key) {
            Some(first) => TypeKind::Alias(TypeRef::Named(first.clone())),
            None => {
                self.enums.insert(key, name.clone());
                kind
            }
        }
    }

    /// A fresh type name for an inline schema, unique among all types.
    pub fn fresh(&mut self, wanted: &str) -> Ident {
        let name = naming::unique(&naming::type_name(wanted), |name| !self.taken.contains(name));
        self.taken.insert(name.as_str().to_owned());
        name
    }
}

impl<'a> Lowerer<'a> {
    /// Names every component schema, then lowers each into its type.
    pub(super) fn component_types(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        let names: BTreeSet<&String> = components.schemas.keys().collect();
        let rust = naming::disambiguate(names.iter().map(|name| naming::type_name(name)).collect());
        for (api_name, rust_name) in names.into_iter().zip(rust) {
            self.types.taken.insert(rust_name.as_str().to_owned());
            self.types.components.insert(api_name.clone(), rust_name);
        }
        for (api_name, schema) in &components.schemas {
            let at = component_pointer::<Schema>(api_name);
            let Some(rust_name) = self.types.components.get(api_name).cloned() else { continue };
            let origin = Origin::Component(api_name.clone());
            let (schema, kind) = match schema {
                ReferenceOr::Reference { .. } => {
                    let ty = self.type_ref(schema, rust_name.as_str(), &at, 0).without_null();
                    (None, TypeKind::Alias(ty))
                }
                ReferenceOr::Item(schema) => {
                    (Some(schema), self.type_kind(&rust_name, schema, &at, 0))
                }
            };
            self.types.insert(rust_name, origin, schema, kind);
        }
    }

    /// The kind of the named type `rust_name` for `schema`.
    pub(super) fn type_kind(
        &mut self,
        rust_name: &Ident,
        schema: &'a Schema,
        at: &str,
        depth: usize,
    ) -> TypeKind {
        match &schema.schema_kind {
            // `allOf` beside the schema's own members (`type`, `properties`, ...).
            SchemaKind::Any(any) if !any.all_of.is_empty() => {
                self.all_of(rust_name, &any.all_of, Some(schema), at, depth)
            }
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                let titles = enums::titles(schema).unwrap_or_default();
                let values = string.enumeration.iter().enumerate().filter_map(|(i, value)| {
                    Some((value.clone()?, titles.get(i).cloned().flatten()))
                });
                enums::named_enum(values, EnumRepr::String)
            }
            SchemaKind::Type(Type::Integer(integer)) if is_named_integer_enum(schema) => {
                let titles = enums::titles(schema).unwrap_or_default();
                let values = integer.enumeration.iter().enumerate().filter_map(|(i, value)| {
                    Some((value.as_ref()?.to_string(), titles.get(i).cloned().flatten()))
                });
                enums::named_enum(values, EnumRepr::Integer)
            }
            SchemaKind::Any(any)
                if any.properties.is_empty() && untyped_string_enum(&any.enumeration).is_some() =>
            {
                enums::string_enum(untyped_string_enum(&any.enumeration).into_iter().flatten())
            }
            SchemaKind::OneOf { one_of } => {
                self.union(rust_name, one_of, enums::discriminator(schema), (at, "oneOf"), depth)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(rust_name, any_of, enums::discriminator(schema), (at, "anyOf"), depth)
            }
            SchemaKind::AllOf { all_of } => self.all_of(rust_name, all_of, None, at, depth),
            // `oneOf`/`anyOf` beside `type: object`, `required`, ...: the union.
            SchemaKind::Any(any) if any.properties.is_empty() && !any.one_of.is_empty() => self
                .union(rust_name, &any.one_of, enums::discriminator(schema), (at, "oneOf"), depth),
            SchemaKind::Any(any) if any.properties.is_empty() && !any.any_of.is_empty() => self
                .union(rust_name, &any.any_of, enums::discriminator(schema), (at, "anyOf"), depth),
            _ => match self.object_struct(rust_name.unraw(), schema, at, depth) {
                Some(mut object) => {
                    self.keep_union_beside_properties(schema, &mut object, at);
                    TypeKind::Struct(object)
                }
                None => TypeKind::Alias(self.schema_type(schema, rust_name.unraw(), at, depth)),
            },
        }
    }

    /// Properties beside `oneOf`/`anyOf`: the struct has the properties, and
    /// keeps the members only the alternatives name (with a warning).
    fn keep_union_beside_properties(&mut self, schema: &Schema, object: &mut Struct, at: &str) {
        let SchemaKind::Any(any) = &schema.schema_kind else { return };
        let keyword = match (any.one_of.is_empty(), any.any_of.is_empty()) {
            (false, _) => "oneOf",
            (true, false) => "anyOf",
            (true, true) => return,
        };
        self.warn(
            &format!("{at}/{keyword}"),
            format!("`{keyword}` beside `properties` is not typed: the struct has the properties, and members only the alternatives name are kept in `additional_properties`"),
            "move the shared properties into each alternative, or the alternatives into a property",
        );
        object.additional.get_or_insert(TypeRef::Json);
        object.closed = false;
    }

    /// The Rust type of a schema use; an inline object, enum or union gets a
    /// named type called `inline_name`.
    pub(super) fn type_ref(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        let resolved = self.refs.resolve(schema, at);
        self.type_of(resolved, inline_name, at, depth)
    }

    /// [`type_ref`](Self::type_ref) for the boxed schemas of properties and items.
    pub(super) fn type_ref_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        let resolved = self.refs.resolve_boxed(schema, at);
        self.type_of(resolved, inline_name, at, depth)
    }

    /// The type of a resolved schema (an `Option` of it when it allows
    /// `null`); any JSON for one that did not resolve.
    fn type_of(
        &mut self,
        resolved: Result<Resolved<'a, Schema>, crate::error::Diagnostic>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match resolved {
            Ok(resolved) => {
                let nullable = is_nullable(resolved.item);
                let ty = self.resolved_type(resolved, inline_name, at, depth);
                if nullable {
                    ty.or_null()
                } else {
                    ty
                }
            }
            Err(problem) => {
                self.problems.push(problem);
                TypeRef::Json
            }
        }
    }

    /// Whether values of `ty` are written as text where a value must be
    /// one string (a multipart part, a header): scalars, the formats with
    /// types of their own, enums, and aliases of those.
    pub(super) fn is_text(&self, ty: &TypeRef) -> bool {
        match ty {
            ty if ty.is_scalar() => true,
            TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid => true,
            TypeRef::Named(name) => match self.types.kind(name) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(target)) => self.is_text(target),
                _ => false,
            },
            _ => false,
        }
    }

    fn resolved_type(
        &mut self,
        resolved: Resolved<'a, Schema>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        if depth > MAX_DEPTH {
            let message = format!(
                "schema nesting is deeper than {MAX_DEPTH} levels; generated as any JSON value"
            );
            self.warn(at, message, "move nested schemas to components/schemas");
            return TypeRef::Json;
        }
        match resolved.target {
            Target::Component(name) => match self.types.components.get(name) {
                Some(rust_name) => TypeRef::Named(rust_name.clone()),
                None => TypeRef::Json,
            },
            Target::Inline => self.inline_type(resolved.item, inline_name, at, depth),
            Target::Pointer(pointer) => {
                if let Some(ty) = self.types.at_pointer.get(&pointer) {
                    return ty.clone();
                }
                let ty = self.inline_type(resolved.item, inline_name, &pointer, depth);
                self.types.at_pointer.insert(pointer, ty.clone());
                ty
            }
        }
    }

    /// The type of a schema written where it is used (or reached by pointer).
    fn inline_type(
        &mut self,
        schema: &'a Schema,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        if let Some(reference) = annotated_ref(schema) {
            // A 3.1 `$ref` with a description (or `null` allowed) beside
            // it: the reference's own type, `null` by the caller.
            return self.type_ref(reference, inline_name, &format!("{at}/allOf/0"), depth);
        }
        if !needs_named_type(schema) {
            return self.schema_type(schema, inline_name, at, depth);
        }
        let rust_name = self.types.fresh(inline_name);
        let kind = self.type_kind(&rust_name, schema, at, depth + 1);
        let kind = self.types.share_enum(&rust_name, schema, kind);
        self.types.insert(rust_name.clone(), Origin::Inline(at.to_owned()), Some(schema), kind);
        TypeRef::Named(rust_name)
    }

    /// The Rust type of a schema that needs no type of its own.
    pub(super) fn schema_type(
        &mut self,
        schema: &'a Schema,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_))
                if schema.schema_data.extensions.contains_key(crate::load::v31::BASE64) =>
            {
                TypeRef::Base64
            }
            SchemaKind::Type(Type::String(string)) => string_type(&string.format),
            SchemaKind::Type(Type::Integer(integer)) => integer_type(&integer.format),
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item_name = format!("{inline_name}Item");
                    let item =
                        self.type_ref_boxed(items, &item_name, &format!("{at}/items"), depth + 1);
                    TypeRef::Vec(Box::new(item))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_name = format!("{inline_name}Value");
                    let at = format!("{at}/additionalProperties");
                    TypeRef::Map(Box::new(self.type_ref(value, &value_name, &at, depth + 1)))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            },
            SchemaKind::Not { .. } => {
                self.warn(
                    at,
                    "`not` schemas have no Rust type; generated as any JSON value",
                    "describe the allowed values positively",
                );
                TypeRef::Json
            }
            // Nothing but annotations: any value, as the schema says.
            SchemaKind::Any(_) if only_annotates(schema) => TypeRef::Json,
            SchemaKind::Any(_) => {
                self.warn(
                    at,
                    "schema without `type` whose keywords the generator cannot type on their own; generated as any JSON value",
                    "add `type` to the schema",
                );
                TypeRef::Json
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        }
    }
}

/// Whether a schema is an integer `enum` of 3.1's named constants (3.0's
/// integer enums stay integers).
fn is_named_integer_enum(schema: &Schema) -> bool {
    let integers = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_some),
        _ => false,
    };
    integers && enums::titles(schema).is_some()
}

/// The reference of a 3.1 `$ref` that only annotations accompanied, as
/// normalising wrote it (`{allOf: [{$ref}], x-apicrate-annotated-ref: true}`).
fn annotated_ref(schema: &Schema) -> Option<&ReferenceOr<Schema>> {
    if !schema.schema_data.extensions.contains_key(crate::load::v31::ANNOTATED_REF) {
        return None;
    }
    let all_of = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => {
            let mut bare = any.clone();
            bare.all_of = Vec::new();
            let bare =
                Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(bare) };
            if !only_annotates(&bare) {
                return None;
            }
            &any.all_of
        }
        _ => return None,
    };
    match all_of.as_slice() {
        [reference @ ReferenceOr::Reference { .. }] => Some(reference),
        _ => None,
    }
}

/// Whether a schema written inline needs a named type: objects with
/// properties, string enums and compositions.
fn needs_named_type(schema: &Schema) -> bool {
    if is_named_integer_enum(schema) {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Any(any) if untyped_string_enum(&any.enumeration).is_some() => true,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Any(any) => {
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
        }
        _ => false,
    }
}

/// The Rust integer for a `format`; unknown formats are `i64`.
fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => {
            TypeRef::I64
        }
        VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
            "int8" => TypeRef::I8,
            "int16" => TypeRef::I16,
            "uint8" => TypeRef::U8,
            "uint16" => TypeRef::U16,
            "uint32" => TypeRef::U32,
            "uint64" | "uint" => TypeRef::U64,
            _ => TypeRef::I64,
        },
    }
}

pub(super) fn schema_docs(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
    }
}

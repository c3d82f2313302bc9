//! Schemas to types: which schemas get a named Rust type and what kind
//! (struct, enum, union, alias), and the Rust type of every schema use.
//! Objects and `allOf` merging are in [`super::objects`].

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::refs::{component_pointer, Resolved, Target};
use super::{Lowerer, MAX_DEPTH};
use crate::ir::{
    Docs, EnumVariant, Ident, Name, Origin, TypeDef, TypeKind, TypeRef, UntaggedVariant,
};
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
}

impl Types {
    pub fn into_defs(self) -> BTreeMap<Ident, TypeDef> {
        self.defs
    }

    /// Whether `name` is a generated string enum.
    pub fn is_enum(&self, name: &Ident) -> bool {
        matches!(self.defs.get(name), Some(TypeDef { kind: TypeKind::Enum(_), .. }))
    }

    fn insert(&mut self, name: Ident, origin: Origin, docs: Docs, kind: TypeKind) {
        self.defs.insert(name.clone(), TypeDef { name, origin, docs, kind });
    }

    /// A fresh type name for an inline schema, unique among all types.
    fn fresh(&mut self, wanted: &str) -> Ident {
        let base = naming::type_name(wanted);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        Ident::new(candidate)
    }
}

impl<'a> Lowerer<'a> {
    /// Names every component schema, then lowers each into its type.
    pub(super) fn component_types(&mut self) {
        let Some(components) = self.doc.components.as_ref() else { return };
        let names: BTreeSet<&String> = components.schemas.keys().collect();
        let rust = naming::disambiguate(names.iter().map(|name| naming::type_name(name)).collect());
        for (api_name, rust_name) in names.into_iter().zip(rust) {
            self.types.taken.insert(rust_name.clone());
            self.types.components.insert(api_name.clone(), Ident::new(rust_name));
        }
        for (api_name, schema) in &components.schemas {
            let at = component_pointer::<Schema>(api_name);
            let Some(rust_name) = self.types.components.get(api_name).cloned() else { continue };
            let origin = Origin::Component(api_name.clone());
            let (docs, kind) = match schema {
                ReferenceOr::Reference { .. } => (
                    Docs::default(),
                    TypeKind::Alias(self.type_ref(schema, rust_name.as_str(), &at, 0)),
                ),
                ReferenceOr::Item(schema) => {
                    (schema_docs(schema), self.type_kind(&rust_name, schema, &at, 0))
                }
            };
            self.types.insert(rust_name, origin, docs, kind);
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
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<&String> = string.enumeration.iter().flatten().collect();
                let rust =
                    naming::disambiguate(values.iter().map(|v| naming::upper_camel(v)).collect());
                let variants = values.into_iter().zip(rust);
                let variants = variants
                    .map(|(api, rust)| EnumVariant { name: Name::new(Ident::new(rust), api) });
                TypeKind::Enum(variants.collect())
            }
            SchemaKind::OneOf { one_of: variants } => {
                self.untagged(rust_name, variants, &format!("{at}/oneOf"), depth)
            }
            SchemaKind::AnyOf { any_of: variants } => {
                self.untagged(rust_name, variants, &format!("{at}/anyOf"), depth)
            }
            SchemaKind::AllOf { all_of } => self.all_of(rust_name, all_of, at, depth),
            _ => match self.object_struct(rust_name.unraw(), schema, at, depth) {
                Some(object) => TypeKind::Struct(object),
                None => TypeKind::Alias(self.schema_type(schema, rust_name.unraw(), at, depth)),
            },
        }
    }

    /// `oneOf`/`anyOf`: an untagged enum, one variant per alternative.
    fn untagged(
        &mut self,
        rust_name: &Ident,
        variants: &'a [ReferenceOr<Schema>],
        at: &str,
        depth: usize,
    ) -> TypeKind {
        let tys: Vec<TypeRef> = variants
            .iter()
            .enumerate()
            .map(|(i, variant)| {
                let inline_name = format!("{}Variant{i}", rust_name.unraw());
                self.type_ref(variant, &inline_name, &format!("{at}/{i}"), depth + 1)
            })
            .collect();
        let names = naming::disambiguate(tys.iter().map(TypeRef::label).collect());
        let variants = tys.into_iter().zip(names);
        TypeKind::Untagged(
            variants.map(|(ty, name)| UntaggedVariant { name: Ident::new(name), ty }).collect(),
        )
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
        match self.refs.resolve(schema, at) {
            Ok(resolved) => self.resolved_type(resolved, inline_name, at, depth),
            Err(problem) => {
                self.problems.push(problem);
                TypeRef::Json
            }
        }
    }

    /// [`type_ref`](Self::type_ref) for the boxed schemas of properties and items.
    pub(super) fn type_ref_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match self.refs.resolve_boxed(schema, at) {
            Ok(resolved) => self.resolved_type(resolved, inline_name, at, depth),
            Err(problem) => {
                self.problems.push(problem);
                TypeRef::Json
            }
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
            let message = format!("schema nesting is deeper than {MAX_DEPTH} levels");
            self.problem(at, message, "move nested schemas to components/schemas");
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
        if !needs_named_type(schema) {
            return self.schema_type(schema, inline_name, at, depth);
        }
        let rust_name = self.types.fresh(inline_name);
        let kind = self.type_kind(&rust_name, schema, at, depth + 1);
        self.types.insert(
            rust_name.clone(),
            Origin::Inline(at.to_owned()),
            schema_docs(schema),
            kind,
        );
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
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
                _ => TypeRef::String,
            },
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
                self.problem(
                    at,
                    "`not` schemas are not supported",
                    "describe the allowed values positively",
                );
                TypeRef::Json
            }
            SchemaKind::Any(_) => TypeRef::Json,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        }
    }
}

/// Whether a schema written inline needs a named type: objects with
/// properties, string enums and compositions.
fn needs_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => true,
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Any(any) => !any.properties.is_empty(),
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

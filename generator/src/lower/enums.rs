//! Enumerations and unions: string `enum`s become Rust enums (values kept
//! once each, `null` read as "nullable", names unique after case
//! conversion, and a catch-all variant for values the spec does not
//! document); `oneOf`/`anyOf` become enums with one variant per
//! alternative, dispatched on the discriminator's property when the spec
//! names one, or on a property each alternative declares as a constant of
//! its own.

use std::collections::BTreeMap;

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::refs::Target;
use super::{Lowerer, MAX_DEPTH};
use crate::error::pointer_token;
use crate::ir::{
    Enum, EnumRepr, EnumVariant, Ident, Name, Reading, TypeDef, TypeKind, TypeRef, Union,
    UnionVariant,
};
use crate::naming;

/// A string enum of `values` (each once, in order).
pub(super) fn string_enum<'v>(values: impl IntoIterator<Item = &'v String>) -> TypeKind {
    named_enum(values.into_iter().map(|value| (value.clone(), None)), EnumRepr::String)
}

/// An enum of `values` (each once, in order), each variant named after its
/// title when it has one (3.1's named constants), else after its value.
pub(super) fn named_enum(
    values: impl IntoIterator<Item = (String, Option<String>)>,
    repr: EnumRepr,
) -> TypeKind {
    let mut seen = std::collections::BTreeSet::new();
    let values: Vec<(String, Option<String>)> =
        values.into_iter().filter(|(value, _)| seen.insert(value.clone())).collect();
    let names = values.iter().map(|(value, title)| title.as_deref().unwrap_or(value));
    let (rust, catch_all) = naming::enum_variants(names);
    let variants = values.into_iter().zip(rust);
    let variants =
        variants.map(|((api, _), rust)| EnumVariant { name: Name::new(rust, api) }).collect();
    TypeKind::Enum(Enum { variants, catch_all, repr, graph_evolvable: false })
}

/// The titles normalising a 3.1 document kept beside an `enum` made of
/// named constants, one per value (`None` where a value has none).
pub(super) fn titles(schema: &Schema) -> Option<Vec<Option<String>>> {
    let titles = schema.schema_data.extensions.get(crate::load::v31::ENUM_TITLES)?;
    let titles = titles.as_array()?.iter().map(|title| title.as_str().map(str::to_owned));
    Some(titles.collect())
}

/// A property every alternative declares as a constant, each a different
/// one: it tags the union as a discriminator would, and each alternative's
/// tag.
fn constant_tags(constants: &[Vec<(String, String)>]) -> Option<(String, Vec<Vec<String>>)> {
    let value = |found: &[(String, String)], property: &str| {
        found.iter().find(|(name, _)| name == property).map(|(_, value)| value.clone())
    };
    let first = constants.first()?;
    let property = first.iter().map(|(name, _)| name).find(|property| {
        let values: Option<Vec<String>> =
            constants.iter().map(|found| value(found, property)).collect();
        let distinct = |values: &Vec<String>| {
            values.iter().collect::<std::collections::BTreeSet<_>>().len() == values.len()
        };
        values.is_some_and(|values| distinct(&values))
    })?;
    let tags = constants.iter().map(|found| value(found, property).into_iter().collect()).collect();
    Some((property.clone(), tags))
}

/// The one string value a schema allows (`enum: [x]`, 3.1's `const: x`).
fn single_string(schema: &Schema) -> Option<&String> {
    let values: Vec<&String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().flatten().collect(),
        SchemaKind::Any(any) => untyped_string_enum(&any.enumeration)?,
        _ => return None,
    };
    match values.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// The string values of an `enum` without a `type` (`enum: [a, b, null]`),
/// if they are all strings (or `null`) and there is at least one.
pub(super) fn untyped_string_enum(values: &[serde_json::Value]) -> Option<Vec<&String>> {
    let mut strings = Vec::new();
    for value in values {
        match value {
            serde_json::Value::String(text) => strings.push(text),
            serde_json::Value::Null => {}
            _ => return None,
        }
    }
    (!strings.is_empty()).then_some(strings)
}

impl<'a> Lowerer<'a> {
    /// `oneOf`/`anyOf` (the `keyword`) of the schema at `at`: an enum with
    /// one variant per alternative.
    pub(super) fn union(
        &mut self,
        rust_name: &Ident,
        alternatives: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        (at, keyword): (&str, &str),
        depth: usize,
    ) -> TypeKind {
        let tys: Vec<TypeRef> = alternatives
            .iter()
            .enumerate()
            .map(|(i, alternative)| {
                let inline_name = format!("{}Variant{i}", rust_name.unraw());
                self.type_ref(alternative, &inline_name, &format!("{at}/{keyword}/{i}"), depth + 1)
            })
            .collect();
        let count = alternatives.len();
        let (tags, discriminator, constants) = match discriminator {
            Some(discriminator) => {
                let tags = self.tags(discriminator, alternatives, (at, keyword));
                (tags, Some(discriminator.property_name.clone()), vec![Vec::new(); count])
            }
            None => {
                let constants = self.constants(alternatives, (at, keyword));
                match constant_tags(&constants) {
                    // Tagged as by a discriminator: an unknown value is read
                    // by best fit, as one a discriminator's mapping does not know.
                    Some((property, tags)) => (tags, Some(property), vec![Vec::new(); count]),
                    None => (vec![Vec::new(); count], None, constants),
                }
            }
        };
        let names = tys.iter().map(|ty| naming::upper_camel(&ty.label())).collect();
        let variants = tys.into_iter().zip(naming::disambiguate(names)).zip(tags).zip(constants);
        let variants: Vec<UnionVariant> = variants
            .map(|(((ty, name), tags), constants)| UnionVariant {
                name,
                ty,
                tags,
                constants,
                reading: Reading::Whole,
            })
            .collect();
        // A discriminator that selects nothing is no help: read the union untagged.
        let tagged = variants.iter().any(|variant| !variant.tags.is_empty());
        let discriminator = discriminator.filter(|_| tagged);
        TypeKind::Union(Union { variants, discriminator })
    }

    /// Per alternative, the properties it declares as one constant string
    /// (`type: {const: dog}`, `{enum: [cat]}`), by name.
    fn constants(
        &mut self,
        alternatives: &'a [ReferenceOr<Schema>],
        (at, keyword): (&str, &str),
    ) -> Vec<Vec<(String, String)>> {
        let mut constants = Vec::with_capacity(alternatives.len());
        for (i, alternative) in alternatives.iter().enumerate() {
            let used_at = format!("{at}/{keyword}/{i}");
            let mut found = Vec::new();
            let resolved = self.refs.resolve(alternative, &used_at).ok();
            let properties = resolved.map(|resolved| match &resolved.item.schema_kind {
                SchemaKind::Type(Type::Object(object)) => Some(&object.properties),
                SchemaKind::Any(any) => Some(&any.properties),
                _ => None,
            });
            for (name, property) in properties.flatten().into_iter().flatten() {
                let at = format!("{used_at}/properties/{}", pointer_token(name));
                let Ok(property) = self.refs.resolve_boxed(property, &at) else { continue };
                if let Some(value) = single_string(property.item) {
                    found.push((name.clone(), value.clone()));
                }
            }
            found.sort();
            constants.push(found);
        }
        constants
    }

    /// Per alternative, the discriminator values that select it: those the
    /// `mapping` gives it, else the name of the component it refers to.
    fn tags(
        &mut self,
        discriminator: &Discriminator,
        alternatives: &'a [ReferenceOr<Schema>],
        (at, keyword): (&str, &str),
    ) -> Vec<Vec<String>> {
        // What a mapping value may name an alternative by: its `$ref`, where
        // the reference leads (a pointer), or its component's name.
        let targets: Vec<(Vec<String>, Option<String>)> = alternatives
            .iter()
            .enumerate()
            .map(|(i, alternative)| {
                let used_at = format!("{at}/{keyword}/{i}");
                let mut names = vec![used_at.clone()];
                if let ReferenceOr::Reference { reference } = alternative {
                    names.push(reference.clone());
                }
                let resolved = self.refs.resolve(alternative, &used_at).ok();
                let component = match resolved.as_ref().map(|resolved| &resolved.target) {
                    Some(Target::Component(name)) => Some((*name).to_owned()),
                    _ => None,
                };
                names.extend(resolved.map(|resolved| resolved.location(&used_at)));
                (names, component)
            })
            .collect();
        let mut tags = vec![Vec::new(); alternatives.len()];
        let mut mapped = BTreeMap::new();
        for (value, target) in &discriminator.mapping {
            let index = targets.iter().position(|(names, component)| {
                names.iter().any(|name| name == target)
                    || component.as_deref() == Some(target.as_str())
            });
            match index {
                Some(index) => {
                    tags[index].push(value.clone());
                    mapped.insert(index, ());
                }
                None => self.warn(
                    &format!("{at}/discriminator/mapping"),
                    format!("discriminator value {value:?} maps to {target:?}, which is none of the alternatives; the value is not recognised"),
                    "map it to one of the `oneOf`/`anyOf` references",
                ),
            }
        }
        // Unmapped alternatives are selected by their component's name.
        for (index, (_, component)) in targets.iter().enumerate() {
            if let (None, Some(name)) = (mapped.get(&index), component) {
                tags[index].push(name.clone());
            }
        }
        tags
    }
}

/// How each variant of a union is weighed when it is read, by what its
/// type turns out to be once every type is lowered (aliases followed).
pub(super) fn readings(types: &mut BTreeMap<Ident, TypeDef>) {
    let mut found = Vec::new();
    for (name, def) in types.iter() {
        let TypeKind::Union(union) = &def.kind else { continue };
        for (i, variant) in union.variants.iter().enumerate() {
            found.push((name.clone(), i, reading(&variant.ty, types)));
        }
    }
    for (name, i, reading) in found {
        if let Some(TypeKind::Union(union)) = types.get_mut(&name).map(|def| &mut def.kind) {
            union.variants[i].reading = reading;
        }
    }
}

/// How a variant of type `ty` is weighed (at most [`MAX_DEPTH`] aliases
/// deep; deeper is read whole).
fn reading(ty: &TypeRef, types: &BTreeMap<Ident, TypeDef>) -> Reading {
    let mut ty = ty;
    for _ in 0..MAX_DEPTH {
        match ty {
            TypeRef::Json => return Reading::Any,
            TypeRef::Named(name) | TypeRef::Boxed(name) => match types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                Some(TypeKind::Struct(_)) => return Reading::Object,
                Some(TypeKind::Enum(Enum { repr: EnumRepr::String, .. })) => return Reading::Enum,
                _ => return Reading::Whole,
            },
            _ => return Reading::Whole,
        }
    }
    Reading::Whole
}

/// The discriminator of a composition schema, if it has one.
pub(super) fn discriminator(schema: &Schema) -> Option<&Discriminator> {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
            schema.schema_data.discriminator.as_ref()
        }
        SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
            schema.schema_data.discriminator.as_ref()
        }
        _ => None,
    }
}

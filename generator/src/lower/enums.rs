//! Enumerations and unions: string `enum`s become Rust enums (values kept
//! once each, `null` read as "nullable", names unique after case
//! conversion, and a catch-all variant for values the spec does not
//! document); `oneOf`/`anyOf` become enums with one variant per
//! alternative, dispatched on the discriminator's property when the spec
//! names one.

use std::collections::BTreeMap;

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::refs::Target;
use super::{Lowerer, MAX_DEPTH};
use crate::ir::{
    Enum, EnumVariant, Ident, Name, Reading, TypeDef, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::naming;

/// A string enum of `values` (each once, in order).
pub(super) fn string_enum<'v>(values: impl IntoIterator<Item = &'v String>) -> TypeKind {
    let mut seen = std::collections::BTreeSet::new();
    let values: Vec<&String> = values.into_iter().filter(|value| seen.insert(*value)).collect();
    let (rust, catch_all) = naming::enum_variants(values.iter().map(|value| value.as_str()));
    let variants = values.into_iter().zip(rust);
    let variants = variants.map(|(api, rust)| EnumVariant { name: Name::new(rust, api) }).collect();
    TypeKind::Enum(Enum { variants, catch_all })
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
        let tags = match discriminator {
            Some(discriminator) => self.tags(discriminator, alternatives, (at, keyword)),
            None => vec![Vec::new(); alternatives.len()],
        };
        let names = tys.iter().map(|ty| naming::upper_camel(&ty.label())).collect();
        let variants = tys.into_iter().zip(naming::disambiguate(names)).zip(tags);
        let variants: Vec<UnionVariant> = variants
            .map(|((ty, name), tags)| UnionVariant { name, ty, tags, reading: Reading::Whole })
            .collect();
        // A discriminator that selects nothing is no help: read the union untagged.
        let tagged = variants.iter().any(|variant| !variant.tags.is_empty());
        let discriminator = discriminator.filter(|_| tagged).map(|d| d.property_name.clone());
        TypeKind::Union(Union { variants, discriminator })
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
                Some(TypeKind::Enum(_)) => return Reading::Enum,
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

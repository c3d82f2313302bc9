//! Schemas renamed: a component gone from the older spec and one new in
//! the newer with the same shape are one schema under a new name. The
//! review reports the rename once, then compares the rest as if the older
//! spec had used the new name, so that every operation and schema that
//! names it does not report a type change of its own.

use std::collections::BTreeMap;

use super::{model_item, schema_location, types_by_key, Change, Check, Sink, Subject};
use crate::ir::{Api, BodyKind, Ident, Operation, PartKind, ResponseContent, TypeDef, TypeKind};
use crate::ir::{Origin, TypeRef};

/// The components renamed from `old` to `new` (by key, old and new, to
/// their Rust names, old and new), each reported as one change.
pub(super) fn report(
    old: &Api,
    new: &Api,
    changes: &mut Vec<Change>,
) -> BTreeMap<(String, String), (Ident, Ident)> {
    let (old_types, new_types) = (types_by_key(old), types_by_key(new));
    let mut renames = BTreeMap::new();
    for (old_key, new_key) in find(&old_types, &new_types) {
        let (was, now) = (old_types[old_key], new_types[new_key]);
        let at = schema_location(false, now);
        let mut out = Sink::new(Subject::Schema(new_key.to_owned()), at, changes);
        if was.name == now.name {
            let what = format!("schema renamed from `{old_key}`; the Rust name stays");
            out.compatible(Check::SchemaRenamed, what, [model_item(now, None)]);
        } else {
            let what = format!("schema renamed from `{old_key}`: its Rust type is renamed");
            out.breaking(
                Check::SchemaRenamed,
                what,
                [model_item(now, None), model_item(was, None)],
            );
        }
        renames
            .insert((old_key.to_owned(), new_key.to_owned()), (was.name.clone(), now.name.clone()));
    }
    renames
}

/// The renamed components: old key to new key, each matched one to one
/// (a shape that several new components have is no rename).
fn find<'a>(
    old: &BTreeMap<&'a str, &'a TypeDef>,
    new: &BTreeMap<&'a str, &'a TypeDef>,
) -> BTreeMap<&'a str, &'a str> {
    let component = |def: &TypeDef| matches!(def.origin, Origin::Component(_));
    let gone: Vec<(&str, &TypeDef)> = old
        .iter()
        .filter(|(key, def)| component(def) && !new.contains_key(*key))
        .map(|(key, def)| (*key, *def))
        .collect();
    let added: Vec<(&str, &TypeDef)> = new
        .iter()
        .filter(|(key, def)| component(def) && !old.contains_key(*key))
        .map(|(key, def)| (*key, *def))
        .collect();
    let mut renames = BTreeMap::new();
    for (old_key, old_def) in &gone {
        let alike = |(_, def): &&(&str, &TypeDef)| same_shape(old_def, def);
        let candidates: Vec<&(&str, &TypeDef)> = added.iter().filter(alike).collect();
        let claimed = |key: &str| renames.values().any(|taken: &&str| *taken == key);
        if let [(new_key, _)] = candidates[..] {
            let rivals = gone.iter().filter(|(_, other)| same_shape(other, candidates[0].1));
            if rivals.count() == 1 && !claimed(new_key) {
                renames.insert(*old_key, *new_key);
            }
        }
    }
    renames
}

/// Whether two types have the same shape: what they hold and how it is
/// written, documentation aside.
fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    match (&a.kind, &b.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let same_field = |(f, g): (&crate::ir::Field, &crate::ir::Field)| {
                (&f.name, &f.ty, f.required, f.nullable, f.access, &f.constraints)
                    == (&g.name, &g.ty, g.required, g.nullable, g.access, &g.constraints)
            };
            a.fields.len() == b.fields.len()
                && a.fields.iter().zip(&b.fields).all(same_field)
                && a.additional == b.additional
                && a.closed == b.closed
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            let values = |e: &crate::ir::Enum| -> Vec<String> {
                e.variants.iter().map(|v| v.name.api.clone()).collect()
            };
            a.repr == b.repr && values(a) == values(b)
        }
        (a, b) => a == b,
    }
}

/// `api` with every reference to a renamed type (by Rust name, `renames`
/// old to new) pointing at its new name.
pub(super) fn apply(api: &Api, renames: &BTreeMap<Ident, Ident>) -> Api {
    let mut api = api.clone();
    let rename = |ty: &mut TypeRef| rename_ref(ty, renames);
    for op in api.operations.iter_mut().chain(api.webhooks.iter_mut()) {
        rename_in_operation(op, renames);
    }
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|field| rename(&mut field.ty));
                s.additional.iter_mut().for_each(rename);
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rename(&mut v.ty)),
            TypeKind::Alias(ty) => rename(ty),
            TypeKind::Multipart(parts) => {
                for part in parts {
                    match &mut part.kind {
                        PartKind::Text(ty) | PartKind::Texts(ty) | PartKind::Json { ty, .. } => {
                            rename(ty)
                        }
                        PartKind::File { .. } | PartKind::Files { .. } => {}
                    }
                }
            }
            TypeKind::Enum(_) => {}
        }
    }
    api
}

fn rename_in_operation(op: &mut Operation, renames: &BTreeMap<Ident, Ident>) {
    let rename = |ty: &mut TypeRef| rename_ref(ty, renames);
    op.params.iter_mut().for_each(|param| rename(&mut param.ty));
    for content in op.body.iter_mut().flat_map(|body| &mut body.contents) {
        match &mut content.kind {
            BodyKind::Json(ty) | BodyKind::Form { ty, .. } => rename(ty),
            BodyKind::Multipart(name) => {
                if let Some(new) = renames.get(name) {
                    *name = new.clone();
                }
            }
            BodyKind::Binary { .. } | BodyKind::AnyBinary | BodyKind::Text => {}
        }
    }
    for response in &mut op.responses {
        for body in &mut response.contents {
            if let ResponseContent::Json(ty) = &mut body.content {
                rename(ty);
            }
        }
        response.headers.iter_mut().for_each(|header| rename(&mut header.ty));
    }
    rename(&mut op.error_body);
}

fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<Ident, Ident>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename_ref(inner, renames)
        }
        _ => {}
    }
}

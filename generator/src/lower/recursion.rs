//! Recursive schemas: a struct that contains itself, directly or through
//! other types, would have infinite size, so the fields that close such a
//! cycle are boxed. Lists and maps already hold their items on the heap.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Ident, TypeDef, TypeKind, TypeRef};

/// Boxes every field (or union variant) whose type leads back to the type
/// that holds it through fields that are stored inline.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<Ident, TypeDef>) {
    let edges: BTreeMap<&Ident, Vec<&Ident>> =
        types.iter().map(|(name, def)| (name, inline_types(def).flatten().collect())).collect();
    let mut boxed: Vec<(Ident, usize)> = Vec::new();
    for (name, def) in types.iter() {
        for (index, target) in inline_types(def).enumerate() {
            if target.is_some_and(|target| reaches(&edges, target, name)) {
                boxed.push((name.clone(), index));
            }
        }
    }
    for (name, index) in boxed {
        let Some(def) = types.get_mut(&name) else { continue };
        let ty = match &mut def.kind {
            TypeKind::Struct(object) => &mut object.fields[index].ty,
            TypeKind::Union(union) => &mut union.variants[index].ty,
            _ => continue,
        };
        let ty = match ty {
            TypeRef::Nullable(inner) => inner.as_mut(),
            ty => ty,
        };
        if let TypeRef::Named(target) = ty {
            *ty = TypeRef::Boxed(target.clone());
        }
    }
}

/// Per field or variant of `def` (in order), the generated type it stores
/// inline, if any; an alias counts as one inline use of its target.
fn inline_types(def: &TypeDef) -> Box<dyn Iterator<Item = Option<&Ident>> + '_> {
    fn direct(ty: &TypeRef) -> Option<&Ident> {
        match ty {
            TypeRef::Named(name) => Some(name),
            TypeRef::Nullable(inner) => direct(inner),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(object) => Box::new(object.fields.iter().map(|f| direct(&f.ty))),
        TypeKind::Union(union) => Box::new(union.variants.iter().map(|v| direct(&v.ty))),
        TypeKind::Alias(ty) => Box::new(std::iter::once(direct(ty))),
        TypeKind::Enum(_) | TypeKind::Multipart(_) => Box::new(std::iter::empty()),
    }
}

/// Whether `to` can be reached from `from` along inline edges.
fn reaches(edges: &BTreeMap<&Ident, Vec<&Ident>>, from: &Ident, to: &Ident) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(edges.get(node).into_iter().flatten().copied());
        }
    }
    false
}

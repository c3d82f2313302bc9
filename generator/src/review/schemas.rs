//! Changes to a schema's type: its name, its fields and its enum values.

use super::{model_item, type_name, Check, Sink};
use crate::ir::{EnumRepr, Field, TypeDef, TypeKind};

pub(super) fn type_changes(old: &TypeDef, new: &TypeDef, out: &mut Sink<'_>) {
    let item = model_item(new, None);
    if old.name != new.name {
        out.breaking(
            Check::RustNameChanged,
            format!("Rust name changed from `{}`", old.name),
            [item.clone(), model_item(old, None)],
        );
    }
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => field_changes(&a.fields, &b.fields, new, out),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            if a.repr != b.repr {
                let written = match b.repr {
                    EnumRepr::String => "strings",
                    EnumRepr::Integer => "integers",
                };
                let what = format!("enum values are now {written}");
                out.breaking(Check::SchemaShapeChanged, what, [item.clone()]);
            }
            let (a, b) = (&a.variants, &b.variants);
            // A value named anew (3.1's titles): its variant's name changed.
            let kept =
                a.iter().filter_map(|v| Some((v, b.iter().find(|w| w.name.api == v.name.api)?)));
            for (before, after) in
                kept.filter(|(before, after)| before.name.rust != after.name.rust)
            {
                out.breaking(
                    Check::EnumVariantRenamed,
                    format!(
                        "enum value `{}` is now the variant `{}` (was `{}`)",
                        after.name.api,
                        after.name.rust.unraw(),
                        before.name.rust.unraw()
                    ),
                    [model_item(new, Some(after.name.rust.unraw()))],
                );
            }
            for value in a.iter().filter(|v| !b.iter().any(|w| w.name.api == v.name.api)) {
                out.breaking(
                    Check::EnumValueRemoved,
                    format!("enum value `{}` removed: its variant is gone", value.name.api),
                    [model_item(new, Some(value.name.rust.unraw()))],
                );
            }
            // The enums are `#[non_exhaustive]` and keep undocumented values.
            for value in b.iter().filter(|v| !a.iter().any(|w| w.name.api == v.name.api)) {
                out.compatible(
                    Check::EnumValueAdded,
                    format!(
                        "enum value `{}` added: a new variant (older crates read it as undocumented)",
                        value.name.api
                    ),
                    [model_item(new, Some(value.name.rust.unraw()))],
                );
            }
        }
        (a, b) if a != b => out.breaking(Check::SchemaShapeChanged, "schema shape changed", [item]),
        _ => {}
    }
}

fn field_changes(old: &[Field], new: &[Field], def: &TypeDef, out: &mut Sink<'_>) {
    for field in old.iter().filter(|f| !new.iter().any(|g| g.name.api == f.name.api)) {
        out.breaking(
            Check::PropertyRemoved,
            format!("property `{}` removed", field.name.api),
            [model_item(def, Some(field.name.rust.unraw()))],
        );
    }
    for field in new {
        let item = model_item(def, Some(field.name.rust.unraw()));
        match old.iter().find(|f| f.name.api == field.name.api) {
            None if field.required => {
                let what = format!("required property `{}` added", field.name.api);
                out.breaking(Check::PropertyAdded, what, [item])
            }
            None => out.compatible(
                Check::PropertyAdded,
                format!(
                    "optional property `{}` added (struct literals need `..Default::default()`)",
                    field.name.api
                ),
                [item],
            ),
            Some(old_field) => {
                if old_field.required != field.required {
                    let (from, to) = if field.required {
                        ("optional", "required")
                    } else {
                        ("required", "optional")
                    };
                    out.breaking(
                        Check::PropertyRequiredChanged,
                        format!("property `{}` changed from {from} to {to}", field.name.api),
                        [item.clone()],
                    );
                } else if old_field.nullable != field.nullable {
                    out.breaking(
                        Check::PropertyNullableChanged,
                        format!(
                            "property `{}` {} nullable",
                            field.name.api,
                            if field.nullable { "became" } else { "is no longer" }
                        ),
                        [item.clone()],
                    );
                }
                if old_field.ty != field.ty {
                    out.breaking(
                        Check::PropertyTypeChanged,
                        format!(
                            "property `{}` type changed from {} to {}",
                            field.name.api,
                            type_name(&old_field.ty),
                            type_name(&field.ty)
                        ),
                        [item],
                    );
                }
            }
        }
    }
}

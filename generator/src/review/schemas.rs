//! Changes to a schema's type: its name, its fields and its enum values.

use super::{model_item, type_name, Check, Impact, Sink};
use crate::ir::{Access, Constraints, EnumRepr, Field, TypeDef, TypeKind, TypeRef};

/// The changes of a schema's type; `sent` when some operation sends it
/// in a request (a tighter constraint then refuses what used to pass).
pub(super) fn type_changes(old: &TypeDef, new: &TypeDef, sent: bool, out: &mut Sink<'_>) {
    let item = model_item(new, None);
    if old.name != new.name {
        out.breaking(
            Check::RustNameChanged,
            format!("Rust name changed from `{}`", old.name),
            [item.clone(), model_item(old, None)],
        );
    }
    if old.docs != new.docs {
        out.patch(Check::DocsChanged, "documentation changed", [item.clone()]);
    }
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            field_changes(&a.fields, &b.fields, new, sent, out)
        }
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
        // An inline enum whose values an earlier one has is an alias of
        // it: the schema is unchanged, but its Rust type is now another's
        // (or its own again), which code that tells the two apart notices.
        (TypeKind::Enum(_), TypeKind::Alias(TypeRef::Named(target))) => {
            let what = format!("now a type alias of `{target}`: one type, no longer its own");
            out.breaking(Check::SchemaShapeChanged, what, [item]);
        }
        (TypeKind::Alias(TypeRef::Named(target)), TypeKind::Enum(_)) => {
            let what = format!("no longer a type alias of `{target}`: an enum of its own");
            out.breaking(Check::SchemaShapeChanged, what, [item]);
        }
        (a, b) if a != b => out.breaking(Check::SchemaShapeChanged, "schema shape changed", [item]),
        _ => {}
    }
}

fn field_changes(old: &[Field], new: &[Field], def: &TypeDef, sent: bool, out: &mut Sink<'_>) {
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
                    "optional property `{}` added (models are `#[non_exhaustive]`: code that builds one is unaffected)",
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
                if old_field.docs != field.docs {
                    let what = format!("property `{}`'s documentation changed", field.name.api);
                    out.patch(Check::DocsChanged, what, [item.clone()]);
                }
                let (was, now) = (&old_field.constraints, &field.constraints);
                let name = format!("property `{}`", field.name.api);
                constraint_changes(was, now, &name, &item, sent, out);
                if old_field.access != field.access {
                    access_change(old_field, field, &name, &item, sent, out);
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

/// The constraints of `name` (a property, a parameter) tightened or
/// loosened. Tighter ones break what requests send (`sent`: the service
/// refuses values it took before); in answers only, they narrow what users
/// receive.
pub(super) fn constraint_changes(
    old: &Constraints,
    new: &Constraints,
    name: &str,
    item: &str,
    sent: bool,
    out: &mut Sink<'_>,
) {
    let (mut tighter, mut looser) = (Vec::new(), Vec::new());
    let mut compare = |keyword: &str, was: Option<String>, now: Option<String>, tightened: bool| {
        if was == now {
            return;
        }
        let text = format!(
            "`{keyword}` {} → {}",
            was.as_deref().unwrap_or("none"),
            now.as_deref().unwrap_or("none")
        );
        if tightened {
            tighter.push(text)
        } else {
            looser.push(text)
        }
    };
    // A count's upper limit tightens when it appears or drops, a lower one
    // when it appears or rises.
    fn upper(a: Option<usize>, b: Option<usize>) -> bool {
        b.is_some_and(|b| a.is_none_or(|a| b < a))
    }
    fn lower(a: Option<usize>, b: Option<usize>) -> bool {
        b.is_some_and(|b| a.is_none_or(|a| b > a))
    }
    type Rule =
        (&'static str, Option<usize>, Option<usize>, fn(Option<usize>, Option<usize>) -> bool);
    let counts: [Rule; 4] = [
        ("maxLength", old.max_length, new.max_length, upper),
        ("minLength", old.min_length, new.min_length, lower),
        ("maxItems", old.max_items, new.max_items, upper),
        ("minItems", old.min_items, new.min_items, lower),
    ];
    for (keyword, was, now, tightens) in counts {
        let count = |n: Option<usize>| n.map(|n| n.to_string());
        compare(keyword, count(was), count(now), tightens(was, now));
    }
    // A bound tightens when it appears, moves inwards, or becomes exclusive.
    let bound = |b: Option<(f64, bool)>| {
        b.map(|(v, exclusive)| format!("{v}{}", if exclusive { " (exclusive)" } else { "" }))
    };
    let inwards = |a: Option<(f64, bool)>, b: Option<(f64, bool)>, inside: fn(f64, f64) -> bool| {
        b.is_some_and(|(b, b_excl)| {
            a.is_none_or(|(a, a_excl)| inside(b, a) || (b == a && b_excl && !a_excl))
        })
    };
    let (max, min) = ((old.maximum, new.maximum), (old.minimum, new.minimum));
    compare("maximum", bound(max.0), bound(max.1), inwards(max.0, max.1, |b, a| b < a));
    compare("minimum", bound(min.0), bound(min.1), inwards(min.0, min.1, |b, a| b > a));
    // Another pattern or format may refuse what the old one took: tighter
    // unless gone.
    compare("pattern", old.pattern.clone(), new.pattern.clone(), new.pattern.is_some());
    compare("format", old.format.clone(), new.format.clone(), new.format.is_some());
    // Multiples of a new step that the old one's multiples are not.
    let step = |s: Option<f64>| s.map(|s| s.to_string());
    let finer = new
        .multiple_of
        .is_some_and(|n| old.multiple_of.is_none_or(|o| n == 0.0 || (o / n).fract() != 0.0));
    compare("multipleOf", step(old.multiple_of), step(new.multiple_of), finer);
    let unique = |u: bool| u.then(|| "true".to_owned());
    compare("uniqueItems", unique(old.unique_items), unique(new.unique_items), new.unique_items);
    let item = || [item.to_owned()];
    if !tighter.is_empty() {
        let (impact, why) = match sent {
            true => (Impact::Breaking, "requests that passed before may be refused"),
            false => (Impact::Compatible, "it is only received"),
        };
        let what = format!("{name} constrained more: {}; {why}", tighter.join(", "));
        out.push(Check::ConstraintTightened, impact, what, item());
    }
    if !looser.is_empty() {
        let what = format!("{name} constrained less: {}", looser.join(", "));
        out.compatible(Check::ConstraintLoosened, what, item());
    }
    if old.default != new.default {
        let text = |default: &Option<String>| default.as_deref().unwrap_or("none").to_owned();
        let why = match sent {
            true => "a request that leaves it out now gets the new one",
            false => "an answer that leaves it out now means the new one",
        };
        let what =
            format!("{name}'s default {} → {}; {why}", text(&old.default), text(&new.default));
        out.compatible(Check::DefaultChanged, what, item());
    }
}

/// `readOnly` or `writeOnly` set or cleared: requests leave a read-only
/// property out, and a write-only one is an `Option` (answers leave it
/// out), so that change of Rust type breaks code that builds the struct.
/// A property of a schema some request sends (`sent`) that becomes
/// read-only is no longer sent: the value users set stops reaching the
/// service, which breaks requests though the code still compiles.
fn access_change(old: &Field, new: &Field, name: &str, item: &str, sent: bool, out: &mut Sink<'_>) {
    let says = |access: Access| match access {
        Access::Both => "read and written",
        Access::ReadOnly => "read-only (requests leave it out)",
        Access::WriteOnly => "write-only (answers leave it out)",
    };
    let what = format!("{name} was {}, is now {}", says(old.access), says(new.access));
    let unsent = sent && old.access != Access::ReadOnly && new.access == Access::ReadOnly;
    match (old.is_optional() != new.is_optional(), unsent) {
        (true, _) => out.breaking(
            Check::PropertyAccessChanged,
            what + "; its Rust type changes",
            [item.to_owned()],
        ),
        (false, true) => out.breaking(
            Check::RequestPropertyReadOnly,
            what + "; requests stop sending the value users set",
            [item.to_owned()],
        ),
        (false, false) => out.compatible(Check::PropertyAccessChanged, what, [item.to_owned()]),
    }
}

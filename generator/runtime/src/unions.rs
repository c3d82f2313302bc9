//! Unions without a discriminator (`oneOf`/`anyOf` that name no property
//! to dispatch on): every variant reads the value, and the one that keeps
//! the most of it wins.
//!
//! The rule, in order: a typed reading beats an untyped one (a
//! `serde_json::Value` variant, or a string enum's undocumented value);
//! then the reading that drops fewer of the object's members; then the one
//! that knows more of them by name; then the variant listed first. A struct
//! whose schema says `additionalProperties: false` does not read an object
//! with members it does not name. Only the top level of the value is
//! weighed: what a variant's own fields drop deeper down does not count.
//!
//! A struct keeps the members its schema does not name unless the schema
//! says `additionalProperties: false`, so for an `anyOf` of overlapping
//! objects the variant chosen keeps every member the value has: those its
//! properties name typed, the others as they came.

use std::cmp::Reverse;

use serde::de::{DeserializeOwned, Error as _};
use serde_json::Value;

use super::{Object, StringEnum};

/// How much of a value a variant kept (compared with `Ord`: more is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    typed: bool,
    dropped: Reverse<usize>,
    known: usize,
}

impl Fit {
    /// Everything, typed: a scalar, a list or a map read whole.
    const WHOLE: Fit = Fit { typed: true, dropped: Reverse(0), known: 0 };

    /// Whether no other variant can keep more of `value`.
    fn is_best_for(self, value: &Value) -> bool {
        let members = value.as_object().map_or(0, serde_json::Map::len);
        self.typed && self.dropped == Reverse(0) && self.known == members
    }
}

/// One variant's reading of a value: the union's value and how it fits.
pub type Attempt<U> = Result<(U, Fit), serde_json::Error>;

/// Reads a union: the variant whose reading fits `value` best, or an error
/// that says why each variant did not read it.
pub fn read_union<U>(
    name: &str,
    value: &Value,
    variants: &[fn(&Value) -> Attempt<U>],
) -> Result<U, serde_json::Error> {
    let mut best: Option<(U, Fit)> = None;
    let mut errors = Vec::new();
    for read in variants {
        match read(value) {
            Ok((read, fit)) if fit.is_best_for(value) => return Ok(read),
            Ok((read, fit)) => {
                if best.as_ref().is_none_or(|(_, known)| fit > *known) {
                    best = Some((read, fit));
                }
            }
            Err(error) => errors.push(error.to_string()),
        }
    }
    match best {
        Some((read, _)) => Ok(read),
        None => Err(serde_json::Error::custom(format_args!(
            "no variant of {name} reads the value: {}",
            errors.join("; ")
        ))),
    }
}

/// A struct variant: it knows the members its properties name, and drops
/// the others unless it keeps them.
pub fn object_variant<T: Object + DeserializeOwned, U>(
    value: &Value,
    wrap: fn(T) -> U,
) -> Attempt<U> {
    let read = T::deserialize(value)?;
    let (members, known) = match value.as_object() {
        Some(object) => {
            let known = object.keys().filter(|key| T::FIELDS.contains(&key.as_str())).count();
            (object.len(), known)
        }
        None => (0, 0),
    };
    let others = members - known;
    if others > 0 && T::CLOSED {
        return Err(serde_json::Error::custom(format_args!(
            "{} allows no members but its own",
            T::NAME
        )));
    }
    let dropped = if T::KEEPS_OTHERS { 0 } else { others };
    Ok((wrap(read), Fit { typed: true, dropped: Reverse(dropped), known }))
}

/// A string enum variant: a documented value is typed, another is not.
pub fn enum_variant<T: StringEnum + DeserializeOwned, U>(
    value: &Value,
    wrap: fn(T) -> U,
) -> Attempt<U> {
    let read = T::deserialize(value)?;
    let fit = Fit { typed: read.is_documented(), ..Fit::WHOLE };
    Ok((wrap(read), fit))
}

/// A variant of any other type, read whole or not at all.
pub fn whole_variant<T: DeserializeOwned, U>(value: &Value, wrap: fn(T) -> U) -> Attempt<U> {
    Ok((wrap(T::deserialize(value)?), Fit::WHOLE))
}

/// A `serde_json::Value` variant: it reads anything, untyped.
pub fn any_variant<U>(value: &Value, wrap: fn(Value) -> U) -> Attempt<U> {
    Ok((wrap(value.clone()), Fit { typed: false, ..Fit::WHOLE }))
}

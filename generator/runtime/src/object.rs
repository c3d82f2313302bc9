//! `Serialize` and `Deserialize` for the generated structs, written once
//! here: each model only lists its properties.
//!
//! `#[derive(serde::Deserialize)]` expands to a field enum, two visitors and
//! a sequence reader per struct; at thousands of models that expansion was
//! most of the time a user spends compiling the crate. A model instead
//! implements [`Object`] (one generic function that stores each property it
//! reads) and everything else is shared. The JSON read and written is the
//! same: properties by their API names, an absent optional property left
//! out, unknown properties ignored (or kept, with additional properties),
//! a missing required one an error naming it. Two things derives allow are
//! refused or simplified: an object given as an array of its values (no
//! JSON API sends one), and a property sent twice, where the last wins.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess};
use serde::ser::SerializeMap;

thread_local! {
    /// Whether values are being written into a request (see [`as_request`]).
    static IN_REQUEST: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` with every value it serialises written as part of a
/// request: read-only properties (`readOnly`, which the service sets) are
/// left out, as OpenAPI says a request must not send them. Elsewhere (a
/// value written back whole, a webhook's reply) they are written.
pub fn as_request<T>(write: impl FnOnce() -> T) -> T {
    /// Puts the flag back as it was, even if `write` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            IN_REQUEST.set(self.0);
        }
    }
    let _restore = Restore(IN_REQUEST.replace(true));
    write()
}

/// The API names of an object's properties ([`Object::FIELDS`]).
pub type Names = &'static [&'static str];

/// An object being read, member by member: serde's [`MapAccess`] under a
/// shorter name (every type that is one is one).
pub trait Map<'de>: MapAccess<'de> {}

impl<'de, A: MapAccess<'de>> Map<'de> for A {}

/// A generated struct, read from an object property by property.
pub trait Object: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The API names of its properties, in the order [`read_fields`](Self::read_fields) numbers them.
    const FIELDS: Names;
    /// Whether it keeps the members it does not name (in its map of
    /// additional properties) rather than dropping them.
    const KEEPS_OTHERS: bool = false;
    /// Whether its schema allows no members but its properties
    /// (`additionalProperties: false`).
    const CLOSED: bool = false;

    /// Reads every property of `map` (with [`next_property`]) into the value.
    fn read_fields<'de, A: Map<'de>>(map: A) -> Result<Self, A::Error>;
}

/// A property of an object being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Property {
    /// The documented property at this index of [`Object::FIELDS`].
    Known(usize),
    /// A property the type does not document, by its name.
    Other(String),
}

/// `Deserialize` for an [`Object`]: its properties from a map.
pub fn read_object<'de, T: Object, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> de::Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read_fields(map)
    }
}

/// The next property's key: which of `fields` it is, or its name. (The
/// generated code reads with [`next_field`] and [`next_known_field`].)
pub fn next_property<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Property>, A::Error> {
    Ok(map.next_key::<PropertyName>()?.map(|PropertyName(name)| {
        match fields.iter().position(|field| *field == name) {
            Some(index) => Property::Known(index),
            None => Property::Other(name),
        }
    }))
}

/// The index in `fields` of the next documented property, having put every
/// member before it that `fields` does not name into `others`: what a
/// struct that keeps such members reads with. One call per property, and
/// no per-model code for the members it keeps.
pub fn next_field<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
    others: &mut std::collections::BTreeMap<String, T>,
) -> Result<Option<usize>, A::Error> {
    while let Some(PropertyName(name)) = map.next_key::<PropertyName>()? {
        match fields.iter().position(|field| *field == name) {
            Some(index) => return Ok(Some(index)),
            None => {
                others.insert(name, map.next_value()?);
            }
        }
    }
    Ok(None)
}

/// [`next_field`] for a struct that keeps no other members: they are skipped.
pub fn next_known_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    while let Some(PropertyName(name)) = map.next_key::<PropertyName>()? {
        match fields.iter().position(|field| *field == name) {
            Some(index) => return Ok(Some(index)),
            None => skip_value(map)?,
        }
    }
    Ok(None)
}

/// A key read as an owned string (a JSON key may hold escapes, so it
/// cannot always be borrowed).
struct PropertyName(String);

impl<'de> serde::Deserialize<'de> for PropertyName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

/// Skips the value of a property the type does not keep.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

/// Reads a property into its slot, where a `null` reads as `None`: an
/// optional property, or a required one that may be null.
///
/// The generated `read_fields` calls this (or [`read_present`]) once per
/// property and applies one `?` to whichever ran, which costs less to
/// compile than a `?` per property.
pub fn read_optional<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads a property that is there into its slot as `Some`, a `null`
/// included (read by `T`): a required property, or an optional one that may
/// be null (`Option<Option<_>>`, where `Some(None)` is an explicit `null`).
pub fn read_present<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required property's value, or the error that names it.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
}

/// `Serialize` for a generated struct: an object, property by property.
///
/// The first error is kept and returned by [`end`](Self::end); the
/// properties after it are not written. So a struct's `serialize` is a list
/// of plain calls with one `?`, which costs less to compile than a `?` per
/// property, and writes the same JSON.
pub struct ObjectWriter<S: serde::Serializer> {
    map: S::SerializeMap,
    error: Option<S::Error>,
    in_request: bool,
}

impl<S: serde::Serializer> ObjectWriter<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        let in_request = IN_REQUEST.get();
        serializer.serialize_map(None).map(|map| Self { map, error: None, in_request })
    }

    /// Whether the object is written into a request ([`as_request`]),
    /// where its read-only properties are left out.
    pub fn in_request(&self) -> bool {
        self.in_request
    }

    /// Writes a property that is always sent (`null` for a `None`).
    pub fn field<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(name, value).err();
        }
    }

    /// Writes an optional property, left out when `None`.
    pub fn optional<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Writes properties beyond the documented ones.
    pub fn additional<T: serde::Serialize>(
        &mut self,
        properties: &std::collections::BTreeMap<String, T>,
    ) {
        for (name, value) in properties {
            self.field(name, value);
        }
    }

    /// Ends the object, or returns the first error of a property.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with a read-only `id`, written as a generated one is.
    struct Dog {
        id: i64,
        name: &'static str,
    }

    impl serde::Serialize for Dog {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = ObjectWriter::new(serializer)?;
            if !object.in_request() {
                object.field("id", &self.id);
            }
            object.field("name", self.name);
            object.end()
        }
    }

    #[test]
    fn read_only_properties_are_left_out_of_requests_only() {
        let dog = Dog { id: 7, name: "Rex" };
        let whole = serde_json::json!({ "id": 7, "name": "Rex" });
        assert_eq!(serde_json::to_value(&dog).unwrap(), whole);
        let sent = as_request(|| serde_json::to_value(&dog)).unwrap();
        assert_eq!(sent, serde_json::json!({ "name": "Rex" }));
        // Nested, and after a panic inside, the flag is back as it was.
        as_request(|| as_request(|| ()));
        assert_eq!(serde_json::to_value(&dog).unwrap(), whole);
        let panicked = std::panic::catch_unwind(|| as_request(|| panic!("in a request")));
        assert!(panicked.is_err());
        assert_eq!(serde_json::to_value(&dog).unwrap(), whole);
    }
}

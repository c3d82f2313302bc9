//! String enums that survive the service's new values.
//!
//! A generated string enum has one variant per value the spec documents
//! and one more, `Undocumented`, for any other string: a value the service
//! added after the crate was generated is read into it, kept as it came and
//! written back unchanged, so a new value never fails a response. Reading
//! borrows the string where it can: a documented value allocates nothing.

use std::fmt;
use std::marker::PhantomData;

use serde::de;

/// A value of a string enum that its spec does not document, as the
/// service sent it. Only the enum makes one (`From<&str>` gives the
/// documented variant for a documented value), so a documented value is
/// never in the `Undocumented` variant and `==` means what it says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UndocumentedValue(Box<str>);

impl UndocumentedValue {
    /// For generated enums' `From<&str>`: the value of no documented variant.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        Self(value.into())
    }

    /// The value as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UndocumentedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A generated string enum.
pub trait StringEnum: for<'a> From<&'a str> {
    /// Whether the value is one the spec documents (not `Undocumented`).
    fn is_documented(&self) -> bool;
}

/// `Deserialize` for a string enum: any string, documented or not.
pub fn read_enum<'de, T: StringEnum, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<T: StringEnum> de::Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}

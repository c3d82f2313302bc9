//! The response types of operations that document one answer, shared by
//! all of them: a generated crate names one with an alias
//! (`pub type GetPetResponse = runtime::OkResponse<models::Pet>;`).
//!
//! An enum of its own per operation, with its derives and its accessor,
//! was most of what such an operation cost to compile; these are compiled
//! once. Code reads the same either way: the alias is a type, its variant
//! a pattern (`GetPetResponse::Ok(pet)`), and `into_ok()` an accessor. An
//! operation that documents several answers, or headers, has an enum of
//! its own.

use http::StatusCode;

/// Declares a shared response enum with one variant that carries a body,
/// and the variant's accessor.
macro_rules! with_body {
    ($(#[$doc:meta])* $name:ident, $variant:ident, $status:literal, $accessor:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $name<T> {
            #[doc = concat!("`", $status, "`, with its body.")]
            $variant(T),
        }

        impl<T> $name<T> {
            #[doc = concat!("The body of the `", $status, "` answer: always `Some`, as it is the")]
            /// only one the operation documents (an `Option` so that code
            /// using it keeps compiling when the spec documents more).
            pub fn $accessor(self) -> Option<T> {
                let Self::$variant(body) = self;
                Some(body)
            }
        }
    };
}

with_body!(
    /// The answer of an operation that documents one: `200 OK` with a body.
    OkResponse, Ok, "200", into_ok
);
with_body!(
    /// The answer of an operation that documents one: `201 Created` with a body.
    CreatedResponse, Created, "201", into_created
);
with_body!(
    /// The answer of an operation that documents one: `202 Accepted` with a body.
    AcceptedResponse, Accepted, "202", into_accepted
);

/// The answer of an operation that documents one: `204 No Content`.
#[derive(Clone, Debug, PartialEq)]
pub enum NoContentResponse {
    /// `204`.
    NoContent,
}

/// The answer of an operation that documents its successes as one class
/// (`2XX`) with a body: the exact status and the body.
#[derive(Clone, Debug, PartialEq)]
pub enum Status2xxResponse<T> {
    /// A `2XX` status, with its body.
    Status2xx(StatusCode, T),
}

impl<T> Status2xxResponse<T> {
    /// The body of the `2XX` answer: always `Some`, as it is the only one
    /// the operation documents (an `Option` so that code using it keeps
    /// compiling when the spec documents more).
    pub fn into_status2xx(self) -> Option<T> {
        let Self::Status2xx(_, body) = self;
        Some(body)
    }
}

/// The answer of an operation that documents its successes as one class
/// (`2XX`) without a body: the exact status.
#[derive(Clone, Debug, PartialEq)]
pub enum Status2xxEmptyResponse {
    /// A `2XX` status.
    Status2xx(StatusCode),
}

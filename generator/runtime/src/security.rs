//! How an API authenticates: its security schemes, as the spec declares
//! them, and the requirements each operation accepts. The client applies
//! them; the sans-IO layer only describes them.

/// A security scheme of the spec (`components/securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec, as requirements name it.
    pub name: &'static str,
    /// How its credentials travel.
    pub kind: SchemeKind,
    /// The method of the generated client's builder that takes its
    /// credentials (`api_key_cookie`), named when they are missing; empty
    /// where there is none.
    pub builder_method: &'static str,
}

/// How a scheme's credentials travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`, the token from a provider asked for
    /// the requirement's scopes: HTTP `bearer`, OAuth2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`: HTTP `basic`.
    Basic,
    /// An API key, as the named header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie that carries it.
        name: &'static str,
    },
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One scheme of a security requirement, with the scopes it asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeUse {
    /// The scheme's name ([`SecurityScheme::name`]).
    pub scheme: &'static str,
    /// The OAuth2 or OpenID Connect scopes (roles, for other schemes) the
    /// requirement names; empty when it names none.
    pub scopes: &'static [&'static str],
}

impl SchemeUse {
    /// `scheme` with `scopes`: what generated requirements are made of.
    pub const fn new(scheme: &'static str, scopes: &'static [&'static str]) -> Self {
        Self { scheme, scopes }
    }
}

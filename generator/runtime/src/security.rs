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

/// What grants an operation: its scopes and its security requirements,
/// declared once as [`Operation::ACCESS`](crate::Operation::ACCESS), from
/// which [`Operation::SCOPES`](crate::Operation::SCOPES) and
/// [`Operation::SECURITY`](crate::Operation::SECURITY) are read. Operations
/// that need the same share one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// OAuth2 scopes that grant access, least privileged first (any one
    /// suffices). Empty when the spec names none.
    pub scopes: &'static [&'static str],
    /// The security requirements, any one of which suffices; each names
    /// the schemes it needs together, with their scopes. Empty when no
    /// credentials are needed.
    pub security: &'static [&'static [SchemeUse]],
}

impl Access {
    /// No scopes, no credentials.
    pub const NONE: Self = Self { scopes: &[], security: &[] };

    /// `scopes` and `security`: what generated access tables are made of.
    pub const fn new(
        scopes: &'static [&'static str],
        security: &'static [&'static [SchemeUse]],
    ) -> Self {
        Self { scopes, security }
    }
}

//! How an API authenticates: its security schemes and, per operation, the
//! requirements it accepts.

use super::Name;

/// A security scheme the client can apply (`components/securitySchemes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The client builder's method for its credentials, and the scheme's
    /// name in the spec.
    pub name: Name,
    pub kind: SchemeKind,
    pub description: Option<String>,
}

/// How a scheme's credentials travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `bearer`, OAuth2 and OpenID Connect: a bearer token from a
    /// provider. `scopes` are those the spec defines (OAuth2 flows).
    Bearer { flavour: BearerFlavour, scopes: Vec<String> },
    /// HTTP `basic`: a user name and password.
    Basic,
    /// An API key in a header, the query or a cookie, under `name`.
    ApiKey { location: KeyLocation, name: String },
}

/// What issues a bearer scheme's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerFlavour {
    /// HTTP `bearer` (with its `bearerFormat`, when given, in the docs).
    Http,
    OAuth2,
    OpenIdConnect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    Header,
    Query,
    Cookie,
}

impl KeyLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Query => "query",
            Self::Cookie => "cookie",
        }
    }
}

/// One security requirement: the schemes it needs together, each with the
/// scopes it names. Empty: no credentials (`{}`).
pub type Requirement = Vec<SchemeUse>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    /// The scheme's name in the spec.
    pub scheme: String,
    pub scopes: Vec<String>,
}

//! Which credentials an operation gets (the first of its security
//! requirements the client has every credential for), and where they go
//! on the wire: `Authorization`, an API key header, query parameter or
//! cookie.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, COOKIE};

use super::auth::{AccessToken, Credential, TokenCache, TokenProvider, TokenRequest};
use super::Error;
// The runtime's root, whether it is a crate or a module of a generated crate.
use super::super::{
    Cookies, KeyLocation, Query, RequestError, SchemeKind, SchemeUse, SecurityScheme,
};

/// The credentials of one scheme of the chosen requirement.
pub(super) struct Use<'c> {
    scheme: &'static SecurityScheme,
    scopes: &'static [&'static str],
    credential: &'c Credential,
}

/// The schemes of the first requirement in `requirements` that the client
/// has every credential for: none when the operation needs none (or
/// accepts no credentials, `{}`), an error naming what it needs otherwise.
pub(super) fn choose<'c, E: std::fmt::Debug>(
    operation: &'static str,
    requirements: &'static [&'static [SchemeUse]],
    schemes: &'static [SecurityScheme],
    credentials: &'c BTreeMap<&'static str, Credential>,
) -> Result<Vec<Use<'c>>, Error<E>> {
    if requirements.is_empty() {
        return Ok(Vec::new());
    }
    for requirement in requirements {
        let uses: Option<Vec<Use<'c>>> = requirement
            .iter()
            .map(|used| {
                let scheme = schemes.iter().find(|scheme| scheme.name == used.scheme)?;
                let credential = credentials.get(used.scheme)?;
                Some(Use { scheme, scopes: used.scopes, credential })
            })
            .collect();
        if let Some(uses) = uses {
            return Ok(uses);
        }
    }
    // What each requirement still needs, with where to give it.
    let needs: Vec<String> = requirements
        .iter()
        .map(|requirement| {
            let missing = requirement.iter().filter_map(|used| {
                let scheme = schemes.iter().find(|scheme| scheme.name == used.scheme);
                Some(match scheme {
                    None => format!("`{}` (a scheme the client cannot apply)", used.scheme),
                    Some(_) if credentials.contains_key(used.scheme) => return None,
                    Some(scheme) if scheme.builder_method.is_empty() => {
                        format!("`{}`", used.scheme)
                    }
                    Some(scheme) => {
                        format!("`{}` (the builder's `{}`)", used.scheme, scheme.builder_method)
                    }
                })
            });
            missing.collect::<Vec<_>>().join(" and ")
        })
        .collect();
    Err(Error::MissingCredentials { operation, needs: needs.join(", or ") })
}

/// The tokens an attempt sent, to forget them when the service refuses them.
pub(super) struct Sent {
    pub(super) provider: Arc<dyn TokenProvider>,
    pub(super) request: TokenRequest,
    pub(super) token: AccessToken,
}

/// Puts the credentials of `uses` on `request`, taking tokens from `fresh`
/// (just renewed after a 401) or else the cache (asked for the
/// requirement's scopes, or `scopes` when given).
pub(super) async fn apply<E: std::fmt::Debug>(
    request: &mut http::Request<Bytes>,
    uses: &[Use<'_>],
    tokens: &TokenCache,
    scopes: Option<&[String]>,
    fresh: &mut Vec<Sent>,
) -> Result<Vec<Sent>, Error<E>> {
    let mut sent = Vec::new();
    let mut query = Query::default();
    let mut cookies = Cookies::default();
    for used in uses {
        let name = used.scheme.name;
        let invalid = |reason| Error::InvalidCredentials { scheme: name.to_owned(), reason };
        match (used.scheme.kind, used.credential) {
            (SchemeKind::Bearer, Credential::Tokens(provider)) => {
                let scopes = match scopes {
                    Some(scopes) => scopes.to_vec(),
                    None => used.scopes.iter().map(|scope| (*scope).to_owned()).collect(),
                };
                let token_request = TokenRequest { scopes, scheme: name };
                let renewed = fresh.iter().position(|sent| sent.request == token_request);
                let token = match renewed {
                    Some(index) => fresh.swap_remove(index).token,
                    None => {
                        tokens.get(provider.as_ref(), &token_request).await.map_err(Error::Token)?
                    }
                };
                let value =
                    HeaderValue::try_from(format!("Bearer {}", token.secret())).map_err(|_| {
                        Error::Token("the access token is not a valid header value".into())
                    })?;
                set_authorization(request, value, name)?;
                sent.push(Sent { provider: provider.clone(), request: token_request, token });
            }
            (SchemeKind::Basic, Credential::Basic { username, password }) => {
                let pair = format!("{username}:{}", password.0);
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                let value = HeaderValue::try_from(format!("Basic {encoded}"))
                    .map_err(|_| invalid("the user name is not a valid header value"))?;
                set_authorization(request, value, name)?;
            }
            (SchemeKind::ApiKey { location, name: key_name }, Credential::Key(key)) => {
                match location {
                    KeyLocation::Header => {
                        let header = HeaderName::try_from(key_name).map_err(|_| {
                            invalid("the spec's header name is not a valid header name")
                        })?;
                        let mut value = HeaderValue::try_from(key.0.as_str())
                            .map_err(|_| invalid("the key is not a valid header value"))?;
                        value.set_sensitive(true);
                        request.headers_mut().insert(header, value);
                    }
                    KeyLocation::Query => query.text(key_name, &key.0, false),
                    KeyLocation::Cookie => cookies.text(key_name, &key.0),
                }
            }
            _ => return Err(invalid("the credentials given are not of the scheme's kind")),
        }
    }
    if !query.is_empty() {
        let uri = request.uri();
        let joined = match uri.query() {
            Some(existing) if !existing.is_empty() => format!("{existing}&{}", query.as_str()),
            _ => query.as_str().to_owned(),
        };
        let target = format!("{}?{joined}", uri.path());
        let mut parts = uri.clone().into_parts();
        parts.path_and_query = Some(target.parse().map_err(|error: http::uri::InvalidUri| {
            Error::InvalidRequest(RequestError::Http(error.into()))
        })?);
        *request.uri_mut() = http::Uri::from_parts(parts)
            .map_err(|error| Error::InvalidRequest(RequestError::Http(error.into())))?;
    }
    if let Some((_, mut value)) = cookies.into_header()? {
        // After the operation's own cookie parameters, in the same header.
        if let Some(existing) = request.headers().get(COOKIE).and_then(|value| value.to_str().ok())
        {
            value = HeaderValue::try_from(format!("{existing}; {}", value.to_str().unwrap_or("")))
                .map_err(|_| Error::InvalidCredentials {
                    scheme: "cookie".to_owned(),
                    reason: "the cookie is not a valid header value",
                })?;
        }
        value.set_sensitive(true);
        request.headers_mut().insert(COOKIE, value);
    }
    Ok(sent)
}

/// Sets `Authorization`, refusing a second scheme that wants it too.
fn set_authorization<E: std::fmt::Debug>(
    request: &mut http::Request<Bytes>,
    mut value: HeaderValue,
    scheme: &'static str,
) -> Result<(), Error<E>> {
    if request.headers().contains_key(AUTHORIZATION) {
        return Err(Error::InvalidCredentials {
            scheme: scheme.to_owned(),
            reason: "another scheme of the same requirement already sets Authorization",
        });
    }
    value.set_sensitive(true);
    request.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}

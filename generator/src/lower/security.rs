//! Security: the schemes of `components/securitySchemes` the client can
//! apply (HTTP bearer and basic, OAuth2, OpenID Connect, API keys in a
//! header, the query or a cookie), and each operation's requirements. What
//! the client cannot apply is a warning, never silence.

use openapiv3::{APIKeyLocation, SecurityRequirement};

use super::Lowerer;
use crate::error::pointer;
use crate::ir::{
    BearerFlavour, KeyLocation, Name, Requirement, SchemeKind, SchemeUse, SecurityScheme,
};
use crate::naming;

impl<'a> Lowerer<'a> {
    /// The schemes the client can apply, by name.
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.doc.components.as_ref() else { return Vec::new() };
        let mut found = Vec::new();
        for (name, scheme) in &components.security_schemes {
            let at = pointer(["components", "securitySchemes", name]);
            let Some(resolved) = self.ok(self.refs.resolve(scheme, &at)) else { continue };
            let (kind, description) = match resolved.item {
                openapiv3::SecurityScheme::APIKey { location, name: key, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Header => KeyLocation::Header,
                        APIKeyLocation::Query => KeyLocation::Query,
                        APIKeyLocation::Cookie => KeyLocation::Cookie,
                    };
                    if location == KeyLocation::Header && !super::params::is_header_name(key) {
                        self.warn(
                            &at,
                            format!("API key header name {key:?} is not a valid header name; the client cannot send it, so operations that accept only this scheme are refused"),
                            "give the header's name as a token, such as `X-Api-Key`",
                        );
                        continue;
                    }
                    (SchemeKind::ApiKey { location, name: key.clone() }, description)
                }
                openapiv3::SecurityScheme::HTTP { scheme: http, description, .. } => {
                    match http.to_ascii_lowercase().as_str() {
                        "bearer" => (
                            SchemeKind::Bearer { flavour: BearerFlavour::Http, scopes: Vec::new() },
                            description,
                        ),
                        "basic" => (SchemeKind::Basic, description),
                        other => {
                            self.warn(
                                &at,
                                format!("HTTP authentication scheme `{other}` cannot be applied by \
                                    the client (only `bearer` and `basic`); operations that accept \
                                    only `{name}` are refused for missing credentials"),
                                "set the header yourself through a `reqwest::Client` of your own, or send the requests sans-IO",
                            );
                            continue;
                        }
                    }
                }
                openapiv3::SecurityScheme::OAuth2 { flows, description, .. } => {
                    let mut scopes: Vec<String> = Vec::new();
                    let flow_scopes = [
                        flows.implicit.as_ref().map(|flow| &flow.scopes),
                        flows.password.as_ref().map(|flow| &flow.scopes),
                        flows.client_credentials.as_ref().map(|flow| &flow.scopes),
                        flows.authorization_code.as_ref().map(|flow| &flow.scopes),
                    ];
                    for scope in flow_scopes.into_iter().flatten().flat_map(|scopes| scopes.keys())
                    {
                        if !scopes.contains(scope) {
                            scopes.push(scope.clone());
                        }
                    }
                    (SchemeKind::Bearer { flavour: BearerFlavour::OAuth2, scopes }, description)
                }
                openapiv3::SecurityScheme::OpenIDConnect { description, .. } => (
                    SchemeKind::Bearer {
                        flavour: BearerFlavour::OpenIdConnect,
                        scopes: Vec::new(),
                    },
                    description,
                ),
            };
            found.push((name, kind, description.clone()));
        }
        let methods = found.iter().map(|(name, ..)| {
            naming::field(name, naming::reserved::CLIENT_BUILDER_METHODS, "_credentials")
        });
        let methods = naming::disambiguate(methods.collect());
        found
            .into_iter()
            .zip(methods)
            .map(|((name, kind, description), method)| SecurityScheme {
                name: Name::new(method, name.clone()),
                kind,
                description,
            })
            .collect()
    }

    /// The requirements of an operation: its own, else the spec's; a
    /// requirement naming a scheme the spec does not define is a warning.
    pub(super) fn security(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
    ) -> Vec<Requirement> {
        let (requirements, requirements_at) = match &operation.security {
            Some(own) => (own, format!("{at}/security")),
            None => match &self.doc.security {
                Some(global) => (global, "#/security".to_owned()),
                None => return Vec::new(),
            },
        };
        let defined = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut lowered = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                if !defined.is_some_and(|defined| defined.contains_key(name)) {
                    self.warn(
                        &format!("{requirements_at}/{index}"),
                        format!("security requirement names `{name}`, which is not a security scheme of components/securitySchemes; the client cannot meet it"),
                        "define the scheme, or fix the name",
                    );
                }
            }
            lowered.push(requirement_uses(requirement));
        }
        lowered
    }
}

fn requirement_uses(requirement: &SecurityRequirement) -> Requirement {
    requirement
        .iter()
        .map(|(scheme, scopes)| SchemeUse { scheme: scheme.clone(), scopes: scopes.clone() })
        .collect()
}

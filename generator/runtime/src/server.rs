//! The spec's `servers`: base URL templates and their variables.

use super::RequestError;

/// A base URL template from the spec's `servers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// The template, for example `https://{host}/v1.0`.
    pub url: &'static str,
    /// What the server is.
    pub description: &'static str,
    /// The template's variables.
    pub variables: &'static [ServerVariable],
}

/// A variable of a [`Server`] template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name between braces in the template.
    pub name: &'static str,
    /// The value used when none is given.
    pub default: &'static str,
    /// The allowed values; empty when any value is allowed.
    pub allowed: &'static [&'static str],
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.url_with(&[]).unwrap_or_else(|_| self.url.to_owned())
    }

    /// The URL with the given variable values (others at their defaults).
    /// A value outside a variable's allowed list, or an unknown variable, is an error.
    pub fn url_with(&self, values: &[(&str, &str)]) -> Result<String, RequestError> {
        let invalid =
            |reason| RequestError::InvalidBaseUrl { base_url: self.url.to_owned(), reason };
        if values.iter().any(|(name, _)| !self.variables.iter().any(|v| v.name == *name)) {
            return Err(invalid("a value was given for a variable the server does not have"));
        }
        let mut url = self.url.to_owned();
        for variable in self.variables {
            let value = values
                .iter()
                .find(|(name, _)| *name == variable.name)
                .map_or(variable.default, |(_, value)| *value);
            if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                return Err(invalid("a server variable's value is not one of its allowed values"));
            }
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
    }
}

//! How to generate: what the files' headers say, how strict to be, how
//! the crate gets its runtime and whether it stands alone.

use crate::runtime::Runtime;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The command that regenerates the files, named in their header.
    pub command: String,
    /// The spec they come from, as the header should show it.
    pub spec_name: String,
    /// Whether warnings are errors: nothing is generated with a fallback.
    pub strict: bool,
    /// How the crate gets the runtime.
    pub runtime: Runtime,
    /// Whether to generate the client (`client.rs`, cargo feature
    /// `client`); a crate with a client of its own says no.
    pub client: bool,
    /// Whether a struct whose schema says nothing of `additionalProperties`
    /// drops the members it does not name on read, or keeps them (in
    /// `additional_properties`), as OpenAPI allows them. Keeping is the
    /// default: a value read and written back loses nothing.
    pub drop_undeclared: bool,
    /// Whether the code is compiled by Cargo features of the crate it is
    /// in: one per group of operations (when there are several) and
    /// `client`. A module a build script writes into a crate of the
    /// user's has none: that crate's features are its own.
    pub features: bool,
    /// Whether the crate's `Cargo.toml` makes it a workspace of its own
    /// (`[workspace]`), so that it builds where an enclosing workspace does
    /// not list it. By default it has none: it joins the workspace it is
    /// generated into, as any crate of a workspace does.
    pub standalone: bool,
}

impl Options {
    /// Options for files made by `command` from `spec_name`, not strict.
    pub fn new(command: impl Into<String>, spec_name: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            spec_name: spec_name.into(),
            strict: false,
            runtime: Runtime::default(),
            client: true,
            drop_undeclared: false,
            features: true,
            standalone: false,
        }
    }

    /// The same options, dropping or keeping the members a schema does not
    /// name (see [`Options::drop_undeclared`]).
    pub fn drop_undeclared(self, drop_undeclared: bool) -> Self {
        Self { drop_undeclared, ..self }
    }

    /// The same options, strict or not.
    pub fn strict(self, strict: bool) -> Self {
        Self { strict, ..self }
    }

    /// The same options, with or without the generated client.
    pub fn client(self, client: bool) -> Self {
        Self { client, ..self }
    }

    /// The same options, with the crate a workspace of its own or not (see
    /// [`Options::standalone`]).
    pub fn standalone(self, standalone: bool) -> Self {
        Self { standalone, ..self }
    }

    /// The same options, with the code compiled by Cargo features or not
    /// (see [`Options::features`]).
    pub fn features(self, features: bool) -> Self {
        Self { features, ..self }
    }

    /// The same options, with the runtime got as `runtime` says.
    pub fn runtime(self, runtime: Runtime) -> Self {
        Self { runtime, ..self }
    }
}

//! How to generate: what the files' headers say, how strict to be, how
//! the crate gets its runtime, whether it stands alone, and the crate
//! around the module tree, with what its manifest remembers.

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
    /// The crate to write around the module tree: with one, the files are
    /// the whole crate (`Cargo.toml`, `README.md`, `src/lib.rs`, licence
    /// texts, the module tree in `src/gen/`); without, the module tree.
    pub package: Option<Package>,
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
            package: None,
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

    /// The same options, writing the whole crate `name` around the module
    /// tree, its manifest remembering `remembers` (see [`Options::package`]).
    pub fn package(self, name: impl Into<String>, remembers: Option<Remembered>) -> Self {
        Self { package: Some(Package { name: name.into(), remembers }), ..self }
    }

    /// The same options, with the runtime got as `runtime` says.
    pub fn runtime(self, runtime: Runtime) -> Self {
        Self { runtime, ..self }
    }
}

/// What a crate was generated with, as its manifest remembers it
/// (`[package.metadata.apicrate]`): a later run that does not give a
/// setting takes the remembered one ([`crate::scaffold`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The spec, relative to the crate's directory, with `/` between parts.
    pub spec: String,
    /// The SHA-256 of the spec's text, with its line ends read as `\n`
    /// (a checkout with `\r\n` line ends has the same hash), in hex.
    pub spec_sha256: String,
    /// The version of the generator that wrote the crate.
    pub generator: String,
    /// [`Options::strict`].
    pub strict: bool,
    /// [`Options::runtime`].
    pub runtime: Runtime,
    /// [`Options::drop_undeclared`].
    pub drop_undeclared: bool,
    /// [`Options::standalone`].
    pub standalone: bool,
}

impl Remembered {
    /// The manifest table the settings live in, under `[package.metadata]`.
    pub const TABLE: &'static str = "apicrate";
}

/// The crate around the module tree, when the generator writes the whole
/// crate ([`Options::package`]).
#[derive(Debug, Clone)]
pub struct Package {
    /// The crate's name.
    pub name: String,
    /// What its manifest remembers, if it is regenerated by the tool.
    pub remembers: Option<Remembered>,
}

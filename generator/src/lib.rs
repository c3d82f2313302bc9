//! An OpenAPI 3.0 and 3.1 to Rust code generator.
//!
//! Three stages with one direction, behind [`generate`] (and each on its
//! own in [`stages`], for tools that time them):
//!
//! 1. load: read the spec and check it is an OpenAPI 3.0 or 3.1 document
//!    (a 3.1 document normalised into the 3.0 shape);
//! 2. lower: validate it and lower it into the [`ir`], which holds Rust
//!    names and API names side by side;
//! 3. emit: turn the IR into tokens, formatted once by prettyplease.
//!
//! The public API is the front door: [`generate`] and [`lower_file`],
//! [`Options`], the [`ir`] for readers, [`review`], [`Diagnostics`] and
//! [`Report`]. [`generate`] makes the module tree, or, with
//! [`Options::package`], the whole crate around it (manifest, README,
//! crate docs) in the same pass. [`output`] writes (or checks) a file tree
//! atomically, [`scaffold`] a whole crate in a directory, with the settings
//! it remembers; [`Build`] writes the module tree from a crate's build
//! script instead. Every problem in a spec comes back as
//! a [`Diagnostics`] value listing all of them; nothing from a spec can make
//! the generator panic. [`naming`] is the only place names are made, and
//! [`review`] says what a spec change means for the crate's users.
//!
//! # Glossary
//!
//! One word per idea, in code, docs and messages:
//!
//! - **group**: the operations filed together: by their first tag, else by
//!   the first segment of their path. A group is one **module** (one file
//!   under `operations/`) and, when the crate has several groups, one Cargo
//!   **feature** of the group's name. "Tag" means only OpenAPI's tags.
//! - **diagnostic**: what the generator says about a spec, with its place:
//!   an **error** (the spec cannot be read as intended; nothing is
//!   generated) or a **warning** (generated with a fallback the message
//!   names). A **problem** is any diagnostic of a [`Diagnostics`] list; a
//!   **note** is a warning repeated in the rustdoc of what it concerns.
//! - **report**: what one run generated ([`Report`]: counts, degraded
//!   operations, warnings), as a summary line, Markdown or JSON.
//! - **review**: what changed between two versions of a spec, for users of
//!   the crate ([`review`]; `apicrate diff`, `cargo xtask spec-diff`).
//! - **runtime**: the code every generated crate builds on
//!   (`generator/runtime/`), not generated from the spec.
//! - **companions**: the types beside an operation's request type, named
//!   after it: `{Operation}Response`, `{Operation}Body`,
//!   `{Operation}{Variant}Body`.

pub mod build;
mod emit;
pub mod error;
mod header;
pub mod ir;
mod load;
mod locate;
mod lower;
pub mod naming;
pub mod options;
pub mod output;
pub mod report;
pub mod review;
pub mod runtime;
pub mod scaffold;
pub mod stages;

pub use build::Build;
pub use error::{Diagnostic, Diagnostics};
pub use options::Options;
pub use report::Report;
pub use stages::Lowered;

use std::path::Path;

/// The generator's version, named in the `Cargo.toml` of the crates it writes.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Spec(#[from] Diagnostics),
    #[error(transparent)]
    Emit(#[from] stages::EmitError),
}

/// What [`generate`] made.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module tree, as paths relative to its directory -> contents; or,
    /// with [`Options::package`], the whole crate, paths relative to its
    /// directory (the module tree under `src/gen/`).
    pub files: ir::Files,
    /// What was generated, and what only with a fallback.
    pub report: Report,
    /// Dependencies the module tree needs beyond those every generated
    /// crate has, as `Cargo.toml` lines (in the manifest of a whole crate).
    pub dependencies: Vec<&'static str>,
    /// The Cargo features the module tree uses (`#[cfg(feature = ...)]`),
    /// sorted; a crate must declare each and make them all default.
    pub features: Vec<String>,
    /// The API the files were generated from.
    pub api: ir::Api,
}

/// Loads and lowers the spec at `spec`: the IR and the warnings, or every
/// problem found. The one entry point for tools that need the IR (the
/// review, benchmarks) rather than files.
pub fn lower_file(spec: &Path) -> Result<Lowered, Diagnostics> {
    lower::lower(&load::load_file(spec)?)
}

/// [`lower_file`] for a spec already in memory; `file` names it in diagnostics.
pub fn lower_str(file: &Path, text: &str) -> Result<Lowered, Diagnostics> {
    lower::lower(&load::load_str(file, text)?)
}

/// Loads, lowers and emits the spec at `spec`. With `options.strict`, a
/// warning is an error.
pub fn generate(spec: &Path, options: &Options) -> Result<Generated, Error> {
    generate_lowered(lower_file(spec)?, options)
}

/// Emits a lowered spec. With `options.strict`, a warning is an error.
pub fn generate_lowered(mut lowered: Lowered, options: &Options) -> Result<Generated, Error> {
    if options.strict && !lowered.warnings.is_empty() {
        return Err(Error::Spec(strict(lowered.warnings)));
    }
    if options.drop_undeclared {
        lowered.api.drop_undeclared();
    }
    if !options.features {
        lowered.api.ungroup();
    }
    let files = emit::emit(&lowered.api, options)?;
    let dependencies = dependencies(&lowered.api);
    let features = lowered.api.features().into_iter().map(str::to_owned).collect();
    let report = Report::new(&lowered);
    Ok(Generated { files, report, dependencies, features, api: lowered.api })
}

/// The `Cargo.toml` lines of the crates a generated crate depends on only
/// when its API needs them: for the types of string formats, `date-time`
/// and `date` (chrono), `uuid` (uuid), 3.1's `contentEncoding: base64`
/// (base64); for reading a webhook's form body (serde_html_form).
pub const API_DEPENDENCIES: [&str; 4] = [
    r#"chrono = { version = "0.4", default-features = false, features = ["alloc", "serde"] }"#,
    r#"uuid = { version = "1", features = ["serde"] }"#,
    r#"base64 = "0.22""#,
    r#"serde_html_form = { version = "0.4", default-features = false, features = ["de", "std"] }"#,
];

/// The crates of [`API_DEPENDENCIES`] the API needs.
pub(crate) fn dependencies(api: &ir::Api) -> Vec<&'static str> {
    let [chrono, uuid, base64, forms] = API_DEPENDENCIES;
    let mut lines = Vec::new();
    if api.uses(&ir::TypeRef::DateTime) || api.uses(&ir::TypeRef::Date) {
        lines.push(chrono);
    }
    if api.uses(&ir::TypeRef::Uuid) {
        lines.push(uuid);
    }
    if api.uses(&ir::TypeRef::Base64) {
        lines.push(base64);
    }
    let mut received = api.webhooks.iter().filter_map(|hook| hook.body.as_ref()?.received());
    if received.any(|content| matches!(content.kind, ir::BodyKind::Form { .. })) {
        lines.push(forms);
    }
    lines
}

/// Warnings as errors, saying why.
fn strict(warnings: Diagnostics) -> Diagnostics {
    let problems = warnings.problems.into_iter().map(|warning| {
        let help = match &warning.help {
            Some(help) => format!("{help} (a warning, an error because of --strict)"),
            None => "a warning, an error because of --strict".to_owned(),
        };
        Diagnostic { severity: error::Severity::Error, help: Some(help), ..warning }
    });
    Diagnostics::new(warnings.file, problems.collect())
}

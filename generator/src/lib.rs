//! An OpenAPI 3.0 to Rust code generator.
//!
//! Three stages with one direction:
//!
//! 1. [`load`]: read the spec and check it is an OpenAPI 3.0 document;
//! 2. [`lower`]: validate it and lower it into the [`ir`], which holds Rust
//!    names and API names side by side;
//! 3. [`emit`]: turn the IR into tokens, formatted once by prettyplease.
//!
//! [`output`] writes (or checks) the resulting file tree atomically. Every
//! problem in a spec comes back as a [`Diagnostics`] value listing all of
//! them; nothing from a spec can make the generator panic.

pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;

pub use emit::EmitOptions;
pub use error::{Diagnostic, Diagnostics};

use std::path::Path;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
}

/// Loads, lowers and emits the spec at `spec`: the generated module tree,
/// as paths relative to its directory -> file contents.
pub fn generate(spec: &Path, options: &EmitOptions) -> Result<ir::Files, Error> {
    let loaded = load::load_file(spec)?;
    let api = lower::lower(&loaded)?;
    Ok(emit::emit(&api, options)?)
}

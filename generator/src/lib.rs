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
pub mod header;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod output;
pub mod review;

pub use emit::EmitOptions;
pub use error::{Diagnostic, Diagnostics};

use std::path::Path;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
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

/// The two files that make a generated module tree (in `src/gen/`) a
/// standalone crate named `crate_name`: `Cargo.toml` and `src/lib.rs`.
pub fn crate_scaffold(crate_name: &str, options: &EmitOptions) -> ir::Files {
    let manifest = format!(
        r#"{header}
[package]
name = "{crate_name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
bytes = "1.10"
http = "1.3"
percent-encoding = "2.3"
serde = {{ version = "1.0", features = ["derive"] }}
serde_json = "1.0"
thiserror = "2.0"

# A generated crate is its own workspace unless a parent lists it.
[workspace]
"#,
        header = header::line("#", &options.command, &options.spec_name),
    );
    let lib = format!(
        "{header}\
         //! Typed, sans-IO requests and responses generated from {spec}.\n\n\
         // Formatted by the generator; rustfmt leaves it alone.\n\
         #[rustfmt::skip]\n\
         #[path = \"gen/mod.rs\"]\n\
         mod generated;\n\
         pub use generated::*;\n",
        header = header::rust(&options.command, &options.spec_name),
        spec = options.spec_name,
    );
    ir::Files::from([("Cargo.toml".to_owned(), manifest), ("src/lib.rs".to_owned(), lib)])
}

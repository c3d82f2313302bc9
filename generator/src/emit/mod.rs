//! Stage 3: the IR to files of Rust.
//!
//! This module only says what is generated, in which order. Each output
//! has a room that builds its tokens (`root`, `servers`, `models`,
//! `operations` with `permissions`, `examples`) from the toolbox in
//! `tokens`; `format` is the one place tokens become text.

mod client;
pub mod examples;
mod format;
mod models;
mod operations;
mod permissions;
mod root;
mod security;
mod servers;
pub(crate) mod tokens;

pub use format::EmitError;

use crate::ir::{Api, Files, Operation};
use crate::options::Options;
use crate::runtime::Runtime;

/// Emits the generated module tree: paths are relative to the module's directory.
pub fn emit(api: &Api, options: &Options) -> Result<Files, EmitError> {
    let header = crate::header::rust(&options.command, &options.spec_name);
    let modules = operations::modules(api);
    let mut files = Files::new();
    for (path, tokens) in [
        ("mod.rs", root::module(api, options)),
        ("servers.rs", servers::file(api)),
        ("security.rs", security::file(api)),
        ("operations/mod.rs", operations::index(api, &modules)),
        ("example_tests.rs", examples::file(api)),
    ] {
        files.insert(path.to_owned(), format::file(path, &header, tokens)?);
    }

    // Types one at a time on every core, after the file's head.
    let mut text = format::file("models.rs", &header, models::head())?;
    text.extend(format::in_parts(&api.types, |_| "models.rs", models::type_def)?);
    files.insert("models.rs".to_owned(), text);

    // One file per module of operations: its head, then its operations,
    // each built and formatted on every core.
    let paths: Vec<String> =
        modules.iter().map(|module| format!("operations/{}.rs", module.name)).collect();
    let work: Vec<(&Operation, &str)> = modules
        .iter()
        .zip(&paths)
        .flat_map(|(module, path)| module.operations.iter().map(move |op| (*op, path.as_str())))
        .collect();
    let texts = format::in_parts(&work, |(_, path)| path, |(op, _)| operations::items(op))?;
    let mut texts = texts.into_iter();
    for (module, path) in modules.iter().zip(paths) {
        let mut text = format::file(&path, &header, operations::file_head(module))?;
        text.extend(texts.by_ref().take(module.operations.len()));
        files.insert(path, text);
    }

    if api.operations.iter().any(|op| op.provenance.permissions.is_some()) {
        files.insert(
            "permissions.rs".to_owned(),
            format::file("permissions.rs", &header, permissions::file())?,
        );
    }
    if options.client {
        files
            .insert("client.rs".to_owned(), format::file("client.rs", &header, client::file(api))?);
    }
    if options.runtime == Runtime::Inline {
        for (path, source) in crate::runtime::FILES {
            files.insert(format!("runtime/{path}"), format!("{header}{source}"));
        }
    }
    Ok(files)
}

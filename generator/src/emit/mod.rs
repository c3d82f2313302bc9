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

use crate::ir::{Api, Files, Operation, TypeDef};
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

    // Types one at a time on every core, each file's after its head:
    // `models.rs` and a module of `models/` per set of features.
    let model_files = models::files(api);
    let paths: Vec<String> = model_files.iter().map(models::ModelFile::path).collect();
    let work: Vec<(&TypeDef, bool, &str)> = model_files
        .iter()
        .zip(&paths)
        .flat_map(|(file, path)| {
            let nested = file.module.is_some();
            file.types.iter().map(move |def| (*def, nested, path.as_str()))
        })
        .collect();
    let texts = format::in_parts(
        &work,
        |(_, _, path)| path,
        |(def, nested, _)| models::type_def(def, *nested),
    )?;
    let mut texts = texts.into_iter();
    for (file, path) in model_files.iter().zip(paths) {
        let mut text = format::file(&path, &header, models::head(file, &model_files))?;
        text.extend(texts.by_ref().take(file.types.len()));
        files.insert(path, text);
    }

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

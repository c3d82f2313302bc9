//! Stage 3: the IR to files of Rust.
//!
//! This module only says what is generated, in which order. Each output
//! has a room that builds its tokens (`root`, `servers`, `models` with
//! `enums`, `unions` and `multipart`, `operations` with `permissions`,
//! `webhooks`, `examples`) from the toolbox in `tokens`; `package` makes
//! the crate around it (manifest, crate docs, README); `shared` keeps
//! the tables of values many operations share (their access, their
//! permissions), each emitted once; `format` is the one place tokens
//! become text.

mod client;
mod enums;
pub mod examples;
mod fields;
mod format;
mod models;
mod multipart;
mod operations;
pub(crate) mod package;
mod permissions;
mod root;
mod security;
mod servers;
mod shared;
pub(crate) mod tokens;
mod unions;
mod webhooks;

pub use format::EmitError;

use crate::ir::{Api, Files};
use crate::options::Options;
use crate::runtime::Runtime;

/// Emits the generated module tree, paths relative to its directory; or,
/// with [`Options::package`], the whole crate, paths relative to the
/// crate's directory.
pub fn emit(api: &Api, options: &Options) -> Result<Files, EmitError> {
    let header = crate::header::rust(&options.command, &options.spec_name);
    let modules = operations::modules(api);
    // The values operations share, each emitted once in its table.
    let tables = shared::Tables {
        access: shared::Table::new("ACCESS", security::accesses(api)),
        permissions: shared::Table::new("PERMISSIONS", permissions::values(api)),
    };
    let mut files = Files::new();
    for (path, tokens) in [
        ("mod.rs", root::module(api, options)),
        ("servers.rs", servers::file(api)),
        ("security.rs", security::file(api, options.client, &tables.access)),
        ("operations/mod.rs", operations::index(api, &modules)),
        ("example_tests.rs", examples::file(api)),
    ] {
        files.insert(path.to_owned(), format::file(path, &header, tokens)?);
    }

    // Types one at a time on every core, each file's after its head:
    // `models.rs` and a module of `models/` per set of features.
    let model_files = models::files(api);
    let texts = format::files_in_parts(
        &header,
        &model_files,
        models::ModelFile::path,
        |file| models::head(file, &model_files, api),
        |file| &file.types,
        |file, def| models::type_def(def, file.module.is_some()),
    )?;
    files.extend(texts);

    // One file per module of operations: its head, then its operations,
    // each built and formatted on every core.
    let texts = format::files_in_parts(
        &header,
        &modules,
        |module| format!("operations/{}.rs", module.name),
        operations::file_head,
        |module| &module.operations,
        |_, op| operations::items(op, &tables),
    )?;
    files.extend(texts);

    if api.has_permissions() {
        files.insert(
            "permissions.rs".to_owned(),
            format::file("permissions.rs", &header, permissions::file(&tables.permissions))?,
        );
    }
    if options.client {
        files
            .insert("client.rs".to_owned(), format::file("client.rs", &header, client::file(api))?);
    }
    if !api.webhooks.is_empty() {
        let path = "webhooks.rs";
        files.insert(path.to_owned(), format::file(path, &header, webhooks::file(api))?);
    }
    if options.runtime == Runtime::Inline {
        for (path, source) in crate::runtime::inlined_files() {
            files.insert(format!("runtime/{path}"), format!("{header}{source}"));
        }
    }
    // The crate around the tree, when the whole crate is asked for.
    match &options.package {
        Some(package) => Ok(package::files(package, options, api, files)),
        None => Ok(files),
    }
}

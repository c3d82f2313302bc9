//! The files around a generated module tree that make it a crate:
//! `Cargo.toml`, `src/lib.rs` (the crate docs and what the root exports),
//! `README.md`, and the texts of the licence the description names. The
//! crate docs and the README are one text (`docs`), with a first call
//! (`calls`) that is a doc test.

mod calls;
mod docs;
mod license;
mod manifest;

#[cfg(test)]
pub(crate) use manifest::table as remembered_table;
pub use manifest::RUST_VERSION;
pub(crate) use manifest::WORKSPACE_NOTE;

use crate::header;
use crate::ir::{Api, Files};
use crate::options::{Options, Package, Remembered};
use crate::runtime::Runtime;

/// The command-line tool that writes standalone crates, as it is installed.
pub const TOOL: &str = "apicrate";

/// Where the module tree goes inside the crate.
pub const MODULE_DIR: &str = "src/gen";

/// The module tree a crate is made around: its API and what it needs.
struct Module<'a> {
    api: &'a Api,
    /// The Cargo features the tree uses, sorted.
    features: Vec<String>,
    /// The `Cargo.toml` lines of what the tree needs beyond every crate's.
    dependencies: Vec<&'static str>,
}

/// The whole crate `package` asks for: the module tree (`tree`, emitted
/// from `api`) under `src/gen/`, and around it `Cargo.toml` (with the
/// settings the crate remembers, if any), `src/lib.rs`, `README.md` and
/// the licence texts.
pub(super) fn files(package: &Package, options: &Options, api: &Api, tree: Files) -> Files {
    let module = Module {
        api,
        features: api.features().into_iter().map(str::to_owned).collect(),
        dependencies: crate::dependencies(api),
    };
    let mut files = around(&package.name, options, &module, package.remembers.as_ref());
    files.extend(tree.into_iter().map(|(path, text)| (format!("{MODULE_DIR}/{path}"), text)));
    if options.runtime == Runtime::Vendored {
        files.extend(vendored_runtime(&package.name, options));
    }
    files
}

/// The runtime's package in the crate's `runtime/` folder: its manifest,
/// its source as the runtime ships it, and its licence texts.
fn vendored_runtime(crate_name: &str, options: &Options) -> Files {
    let header = header::rust(&options.command, &options.spec_name);
    let dir = crate::runtime::VENDORED_DIR;
    let sources = crate::runtime::inlined_files().map(|(path, source)| {
        let path = if path == "mod.rs" { "lib.rs" } else { path };
        (format!("{dir}/src/{path}"), format!("{header}{source}"))
    });
    let licences = license::runtime_files()
        .into_iter()
        .map(|(path, text)| (format!("{dir}/{path}"), text.to_owned()));
    let manifest = (format!("{dir}/Cargo.toml"), manifest::vendored_manifest(crate_name, options));
    sources.chain(licences).chain([manifest]).collect()
}

/// The files around the module tree of the crate `crate_name`:
/// `Cargo.toml`, `README.md`, `src/lib.rs` and the licence texts.
fn around(
    crate_name: &str,
    options: &Options,
    module: &Module,
    remembers: Option<&Remembered>,
) -> Files {
    let api = module.api;
    let manifest = manifest::manifest(crate_name, options, module, remembers);
    let text = docs::Docs::new(crate_name, options, module);
    let client = options.client.then_some(
        "#[cfg(feature = \"client\")]\npub use generated::client::{\n    AccessToken, BoxError, Client, ClientBuilder, Error, StaticToken, TokenProvider, TokenRequest,\n};\n",
    );
    // The trait that opts out of the API version check, where there is one.
    let versions = match api.has_api_versions() {
        true => "pub use generated::servers::AnyApiVersion;\n",
        false => "",
    };
    // The exports in the order rustfmt gives them, so that `cargo fmt` in
    // the user's project leaves the file as generated (and fresh).
    let lib = format!(
        "{header}{docs}{limit}\n\
         // Formatted by the generator; rustfmt leaves it alone.\n\
         #[rustfmt::skip]\n\
         #[path = \"gen/mod.rs\"]\n\
         mod generated;\n\
         {client}\
         pub use generated::runtime::{{Operation, RequestError, ResponseError, ServiceError}};\n\
         {versions}\
         pub use generated::*;\n",
        header = header::rust(&options.command, &options.spec_name),
        docs = text.rustdoc(),
        limit = recursion_limit(api.largest_cycle()),
        client = client.unwrap_or_default(),
    );
    let readme = format!(
        "{}{}{}",
        header::html(&options.command, &options.spec_name),
        text.readme(),
        license::readme_section(api, &options.runtime)
    );
    let mut files = Files::from([
        ("Cargo.toml".to_owned(), manifest),
        ("README.md".to_owned(), readme),
        ("src/lib.rs".to_owned(), lib),
    ]);
    files.extend(license::files(api));
    files
}

/// `#![recursion_limit]` for a crate whose largest cycle of types has
/// `cycle` of them, when rustc's default of 128 is too low: checking what
/// dropping a value needs follows a cycle about twice per type (a ring of
/// 130 types fails at 256 and passes at 512), so four times with room.
fn recursion_limit(cycle: usize) -> String {
    let limit = (cycle * 4).next_power_of_two();
    match limit > 128 {
        true => format!("\n// Cycles of up to {cycle} types: rustc's default limit is too low for them.\n#![recursion_limit = \"{limit}\"]\n"),
        false => String::new(),
    }
}

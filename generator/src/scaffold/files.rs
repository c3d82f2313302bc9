//! The files around a generated module tree that make it a crate:
//! `Cargo.toml`, `src/lib.rs` (the crate docs and what the root exports),
//! `README.md`, and the texts of the licence the description names.

use super::settings::Remembered;
use super::{docs, license, manifest};
use crate::ir::Files;
use crate::{header, Generated, Options};

/// The files that make a generated module tree (in `src/gen/`) a crate
/// named `crate_name`: `Cargo.toml` (with the `dependencies` and
/// `features` of [`Generated`], and the settings it `remembers`, if any),
/// `src/lib.rs`, `README.md` and the licence texts.
pub fn crate_files(
    crate_name: &str,
    options: &Options,
    generated: &Generated,
    remembers: Option<&Remembered>,
) -> Files {
    let api = &generated.api;
    let manifest = manifest::manifest(crate_name, options, generated, remembers);
    let text = docs::Docs::new(crate_name, options, generated);
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

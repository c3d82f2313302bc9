//! The files around a generated module tree that make it a crate:
//! `Cargo.toml`, `src/lib.rs` (the crate docs and what the root exports)
//! and `README.md`.

use super::docs::{self, one_line};
use super::TOOL;
use crate::ir::Files;
use crate::{header, Generated, Options};

/// The files that make a generated module tree (in `src/gen/`) a crate
/// named `crate_name`: `Cargo.toml` (with the `dependencies` and
/// `features` of [`Generated`]), `src/lib.rs` and `README.md`.
pub fn crate_files(crate_name: &str, options: &Options, generated: &Generated) -> Files {
    let api = &generated.api;
    let runtime_features: String =
        options.runtime.features().iter().map(|line| format!("{line}\n")).collect();
    let groups = match generated.features.as_slice() {
        [] => String::new(),
        all => {
            let quoted: Vec<String> = all.iter().map(|feature| format!("{feature:?}")).collect();
            let each: String = all.iter().map(|feature| format!("{feature} = []\n")).collect();
            let unused = match &api.unused_feature {
                Some(unused) => format!(", and `{unused}` for the models\n# no operation uses"),
                None => String::new(),
            };
            format!(
                "\n# One feature per group of operations{unused}: all default;\n# `default-features = false` and a few groups compile only those\n# operations and the models they reach.\ndefault = [{}]\n{each}",
                quoted.join(", ")
            )
        }
    };
    let features = format!("\n[features]\n{runtime_features}{groups}");
    let description = format!("Typed requests and responses for {}.", one_line(&api.title));
    let manifest = format!(
        r#"{header}# Generator: {TOOL} {version}
[package]
name = "{crate_name}"
version = "{crate_version}"
edition = "2021"
description = {description:?}
readme = "README.md"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
{runtime}{extra}{features}
[package.metadata.docs.rs]
all-features = true

# A generated crate is its own workspace unless a parent lists it.
[workspace]
"#,
        header = header::line("#", &options.command, &options.spec_name),
        version = crate::VERSION,
        crate_version = crate_version(&api.version),
        runtime = options
            .runtime
            .dependencies()
            .iter()
            .map(|line| format!("{line}\n"))
            .collect::<String>(),
        extra = generated.dependencies.iter().map(|line| format!("{line}\n")).collect::<String>(),
    );
    let text = docs::Docs::new(crate_name, options, generated);
    let client = options.client.then_some(
        "#[cfg(feature = \"client\")]\npub use generated::client::{Client, ClientBuilder, Error};\n",
    );
    let lib = format!(
        "{header}{docs}\n\
         // Formatted by the generator; rustfmt leaves it alone.\n\
         #[rustfmt::skip]\n\
         #[path = \"gen/mod.rs\"]\n\
         mod generated;\n\
         pub use generated::*;\n\
         pub use generated::runtime::{{Operation, RequestError, ResponseError, ServiceError}};\n\
         {client}",
        header = header::rust(&options.command, &options.spec_name),
        docs = text.rustdoc(),
        client = client.unwrap_or_default(),
    );
    let readme = format!("{}{}", header::html(&options.command, &options.spec_name), text.readme());
    Files::from([
        ("Cargo.toml".to_owned(), manifest),
        ("README.md".to_owned(), readme),
        ("src/lib.rs".to_owned(), lib),
    ])
}

/// The crate's version: the spec's `info.version` when it is one
/// (`1.2` -> `1.2.0`), else `0.1.0`.
fn crate_version(version: &str) -> String {
    let trimmed = version.trim().trim_start_matches('v');
    let numbers: Option<Vec<u64>> = trimmed.split('.').map(|part| part.parse().ok()).collect();
    match numbers.as_deref() {
        Some([major]) => format!("{major}.0.0"),
        Some([major, minor]) => format!("{major}.{minor}.0"),
        Some([major, minor, patch]) => format!("{major}.{minor}.{patch}"),
        _ => match semver::Version::parse(trimmed) {
            Ok(parsed) => parsed.to_string(),
            Err(_) => "0.1.0".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::crate_version;

    #[test]
    fn crate_versions_come_from_the_spec_when_they_are_versions() {
        assert_eq!(crate_version("1.0.7"), "1.0.7");
        assert_eq!(crate_version("2"), "2.0.0");
        assert_eq!(crate_version("v1.2"), "1.2.0");
        assert_eq!(crate_version("1.0.0-beta.1"), "1.0.0-beta.1");
        assert_eq!(crate_version("2023-10-16"), "0.1.0");
        assert_eq!(crate_version("latest"), "0.1.0");
        assert_eq!(crate_version("01.2.3"), "1.2.3");
    }
}

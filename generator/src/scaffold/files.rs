//! The files around a generated module tree that make it a crate:
//! `Cargo.toml`, `src/lib.rs` (the crate docs and what the root exports),
//! `README.md`, and the texts of the licence the description names.

use super::docs::{self, one_line};
use super::{license, TOOL};
use crate::ir::Files;
use crate::{header, Generated, Options};

/// The files that make a generated module tree (in `src/gen/`) a crate
/// named `crate_name`: `Cargo.toml` (with the `dependencies` and
/// `features` of [`Generated`]), `src/lib.rs` and `README.md`.
pub fn crate_files(crate_name: &str, options: &Options, generated: &Generated) -> Files {
    let api = &generated.api;
    let (dependencies, runtime_features) =
        merged(options.runtime.dependencies(), options.runtime.features(), &generated.dependencies);
    let runtime_features: String =
        runtime_features.iter().map(|line| format!("{line}\n")).collect();
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
rust-version = "{rust_version}"
description = {description:?}
{license}readme = "README.md"
publish = false

[lib]
path = "src/lib.rs"

[dependencies]
{dependencies}{features}
[package.metadata.docs.rs]
all-features = true
{workspace}"#,
        header = header::line("#", &options.command, &options.spec_name),
        version = crate::VERSION,
        crate_version = crate_version(&api.version),
        rust_version = RUST_VERSION,
        license = license::manifest_line(api).unwrap_or_default(),
        dependencies = dependencies.iter().map(|line| format!("{line}\n")).collect::<String>(),
        workspace = workspace(options.standalone),
    );
    let text = docs::Docs::new(crate_name, options, generated);
    let client = options.client.then_some(
        "#[cfg(feature = \"client\")]\npub use generated::client::{Client, ClientBuilder, Error};\n",
    );
    let lib = format!(
        "{header}{docs}{limit}\n\
         // Formatted by the generator; rustfmt leaves it alone.\n\
         #[rustfmt::skip]\n\
         #[path = \"gen/mod.rs\"]\n\
         mod generated;\n\
         pub use generated::*;\n\
         pub use generated::runtime::{{Operation, RequestError, ResponseError, ServiceError}};\n\
         {client}",
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

/// The end of the manifest: a `[workspace]` table for a crate that stands
/// alone; for one that joins the workspace around it (if any), a note on
/// what that workspace must say.
fn workspace(standalone: bool) -> &'static str {
    match standalone {
        true => "\n# A workspace of its own (`--standalone`): it builds where it is, whatever\n# workspace encloses it.\n[workspace]\n",
        false => "\n# A member of the workspace it is in, if any: that workspace's `members`\n# must list it (by path or glob), or its `exclude` name it.\n",
    }
}

/// The oldest Rust a generated crate builds with: the generator's own,
/// which its tests check against what the runtime's dependencies need.
pub const RUST_VERSION: &str = env!("CARGO_PKG_RUST_VERSION");

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

/// The `[dependencies]` lines (the runtime's, then the API's) and the
/// runtime's `[features]` lines, with a crate both need made one: the
/// inlined client's optional `uuid` and the API's `format: uuid` are one
/// `uuid`, always compiled, with both lines' features (Cargo refuses a
/// dependency named twice, and a `dep:` feature of one not optional).
fn merged(runtime: Vec<String>, features: Vec<String>, api: &[&str]) -> (Vec<String>, Vec<String>) {
    let parse = |line: &str| line.parse::<toml_edit::DocumentMut>().ok();
    let name_of =
        |line: &str| parse(line).and_then(|doc| doc.iter().next().map(|(k, _)| k.to_owned()));
    let mut lines = runtime;
    let mut required = Vec::new();
    for line in api {
        let name = name_of(line);
        let known = lines.iter().position(|known| name.is_some() && name_of(known) == name);
        let (Some(index), Some(name)) = (known, name) else {
            lines.push((*line).to_owned());
            continue;
        };
        lines[index] =
            merge_dependency(&lines[index], line, &name).unwrap_or_else(|| (*line).to_owned());
        required.push(format!("dep:{name}"));
    }
    let features = features
        .into_iter()
        .map(|line| {
            let Some(mut doc) = parse(&line) else { return line };
            for (_, item) in doc.iter_mut() {
                if let Some(list) = item.as_array_mut() {
                    list.retain(|entry| {
                        !entry.as_str().is_some_and(|e| required.iter().any(|r| r == e))
                    });
                }
            }
            doc.to_string().trim_end().to_owned()
        })
        .collect();
    (lines, features)
}

/// Two lines of one dependency as one: the first's version, both lines'
/// features, not optional.
fn merge_dependency(first: &str, second: &str, name: &str) -> Option<String> {
    let table = |line: &str| -> Option<toml_edit::InlineTable> {
        let doc = line.parse::<toml_edit::DocumentMut>().ok()?;
        match doc.get(name)?.as_value()? {
            toml_edit::Value::InlineTable(table) => Some(table.clone()),
            toml_edit::Value::String(version) => {
                let mut table = toml_edit::InlineTable::new();
                table.insert("version", version.value().as_str().into());
                Some(table)
            }
            _ => None,
        }
    };
    let (mut merged, other) = (table(first)?, table(second)?);
    merged.remove("optional");
    let mut features: Vec<String> = Vec::new();
    for table in [&merged, &other] {
        let listed = table.get("features").and_then(toml_edit::Value::as_array);
        for feature in listed.into_iter().flatten().filter_map(toml_edit::Value::as_str) {
            if !features.iter().any(|known| known == feature) {
                features.push(feature.to_owned());
            }
        }
    }
    if !features.is_empty() {
        merged.insert("features", features.iter().collect::<toml_edit::Array>().into());
    }
    let value = toml_edit::Value::InlineTable(merged).decorated("", "");
    Some(format!("{name} = {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A tag named like a feature the crate declares itself (`client`) is
    /// a group of another name: Cargo refuses a manifest with a key twice.
    #[test]
    fn a_group_named_client_does_not_clash_with_the_client_feature() {
        let spec = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a: { get: { operationId: a, tags: [Client], responses: { '204': { description: ok } } } }\n  /b: { get: { operationId: b, tags: [other], responses: { '204': { description: ok } } } }\n";
        let lowered = crate::lower_str(std::path::Path::new("t.yaml"), spec).expect("lowers");
        let options = Options::new("test", "t.yaml");
        let generated = crate::generate_lowered(lowered, &options).expect("generates");
        let files = crate_files("t", &options, &generated);
        let manifest: toml_edit::DocumentMut = files["Cargo.toml"].parse().expect("Cargo reads it");
        let features = manifest["features"].as_table().expect("features");
        assert!(features.contains_key("client") && features.contains_key("client-operations"));
    }

    #[test]
    fn a_dependency_of_the_runtime_and_the_api_is_one_always_compiled() {
        let runtime = vec![
            "bytes = \"1.10\"".to_owned(),
            "uuid = { version = \"1.17\", features = [\"v4\"], optional = true }".to_owned(),
        ];
        let features = vec!["client = [\"dep:bytes\", \"dep:uuid\"]".to_owned()];
        let api = ["uuid = { version = \"1\", features = [\"serde\"] }", "chrono = \"0.4\""];
        let (lines, features) = merged(runtime, features, &api);
        assert_eq!(
            lines,
            [
                "bytes = \"1.10\"",
                "uuid = { version = \"1.17\", features = [\"v4\", \"serde\"] }",
                "chrono = \"0.4\"",
            ]
        );
        assert_eq!(features, ["client = [\"dep:bytes\"]"]);
    }
}

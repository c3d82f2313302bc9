//! A generated crate's `Cargo.toml`, written with a TOML library: its
//! package, the runtime's and the API's dependencies made one list, a
//! feature per group of operations, and the settings it was generated with.

use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

use super::docs::one_line;
use super::{Module, TOOL};
use crate::options::Remembered;
use crate::{header, Options};

/// The oldest Rust a generated crate builds with: the generator's own,
/// which its tests check against what the runtime's dependencies need.
pub const RUST_VERSION: &str = env!("CARGO_PKG_RUST_VERSION");

/// The manifest of the crate `crate_name`, with the settings it `remembers`
/// (none for a crate that is regenerated some other way).
pub(super) fn manifest(
    crate_name: &str,
    options: &Options,
    module: &Module,
    remembers: Option<&Remembered>,
) -> String {
    let api = module.api;
    let description = format!("Typed requests and responses for {}.", one_line(&api.title));
    let mut package = package(crate_name, &crate_version(&api.version), &description, options);
    if let Some(license) = super::license::spdx(api) {
        package["license"] = toml_edit::value(license);
    }
    package["readme"] = toml_edit::value("README.md");
    package["publish"] = toml_edit::value(false);

    let mut lib = Table::new();
    lib["path"] = toml_edit::value("src/lib.rs");

    let (dependency_lines, runtime_features) = merged(
        options.runtime.dependencies(crate_name),
        options.runtime.features(),
        &module.dependencies,
    );
    let mut dependencies = Table::new();
    dependencies.extend(dependency_lines.iter().flat_map(|line| entries(line)));
    let mut features = Table::new();
    features.extend(runtime_features.iter().flat_map(|line| entries(line)));
    let runtime_default = crate::runtime::Runtime::default_features();
    if !module.features.is_empty() || !runtime_default.is_empty() {
        let groups = &module.features;
        let default = runtime_default.iter().chain(groups);
        features["default"] = toml_edit::value(default.collect::<Array>());
        for group in groups {
            features[group.as_str()] = toml_edit::value(Array::new());
        }
        let unused = match &api.unused_feature {
            Some(unused) => format!(", and `{unused}` for the models\n# no operation uses"),
            None => String::new(),
        };
        let note = match groups.is_empty() {
            true => "\n# The client's TLS (`rustls`, `rustls-no-provider` or `native-tls`).\n"
                .to_owned(),
            false => format!(
                "\n# The client's TLS (`rustls`, `rustls-no-provider` or `native-tls`), and one feature \
                per\n# group of operations{unused}: all default; `default-features = false` and\n# \
                a few groups compile only those operations and the models they reach.\n"
            ),
        };
        if let Some(mut key) = features.key_mut("default") {
            key.leaf_decor_mut().set_prefix(note);
        }
    }

    let mut docs_rs = Table::new();
    docs_rs["all-features"] = toml_edit::value(true);
    let mut docs = Table::new();
    docs.set_implicit(true);
    docs["rs"] = Item::Table(docs_rs);
    let mut metadata = Table::new();
    metadata.set_implicit(true);
    metadata["docs"] = Item::Table(docs);
    if let Some(remembers) = remembers {
        let mut table = table(remembers);
        table.decor_mut().set_prefix(
            "\n# How the crate was generated: `apicrate generate --out DIR` with no\n# other flags \
                regenerates it so, and `apicrate check --out DIR` compares\n# with the same. A flag \
                given to either overrides its line here.\n",
        );
        metadata[Remembered::TABLE] = Item::Table(table);
    }
    package["metadata"] = Item::Table(metadata);

    let mut manifest = DocumentMut::new();
    manifest["package"] = Item::Table(package);
    manifest["lib"] = Item::Table(lib);
    manifest["dependencies"] = Item::Table(dependencies);
    manifest["features"] = Item::Table(features);
    if options.standalone {
        let mut workspace = Table::new();
        workspace.decor_mut().set_prefix(
            "\n# A workspace of its own (`--standalone`): it builds where it is, whatever\n# workspace encloses it.\n",
        );
        manifest["workspace"] = Item::Table(workspace);
    }
    // Tables print in the order of their positions: the package's metadata
    // after the features.
    let order = [["package"].as_slice(), &["lib"], &["dependencies"], &["features"]];
    let metadata = [
        ["package", "metadata", "docs", "rs"].as_slice(),
        &["package", "metadata", Remembered::TABLE],
    ];
    let all = order.into_iter().chain(metadata);
    for (path, position) in all.chain([["workspace"].as_slice()]).zip(0..) {
        let item = path.iter().try_fold(manifest.as_item_mut(), |item, key| item.get_mut(key));
        if let Some(table) = item.and_then(Item::as_table_mut) {
            table.set_position(Some(position));
        }
    }
    let mut text = manifest.to_string();
    if !options.standalone {
        text.push_str(WORKSPACE_NOTE);
    }
    text
}

/// The manifest of the runtime vendored into the crate `crate_name`: the
/// runtime's package under a name of the crate's, with its dependencies
/// and features, as the runtime declares them.
pub(super) fn vendored_manifest(crate_name: &str, options: &Options) -> String {
    let version = apicrate_runtime::source::VERSION;
    let description =
        format!("The runtime of {crate_name}: a copy of {} {version}.", crate::runtime::PACKAGE);
    let name = crate::runtime::vendored_package(crate_name);
    let mut package = package(&name, version, &description, options);
    package["license"] = toml_edit::value("MIT OR Apache-2.0");
    package["publish"] = toml_edit::value(false);
    let (dependency_lines, feature_lines) = crate::runtime::own_manifest_lines();
    let mut dependencies = Table::new();
    dependencies.extend(dependency_lines.iter().flat_map(|line| entries(line)));
    let mut features = Table::new();
    features.extend(feature_lines.iter().flat_map(|line| entries(line)));
    let mut manifest = DocumentMut::new();
    manifest["package"] = Item::Table(package);
    manifest["dependencies"] = Item::Table(dependencies);
    manifest["features"] = Item::Table(features);
    manifest.to_string()
}

/// The `[package]` table every manifest the generator writes begins with:
/// after the header that names the generator, the package's `name`,
/// `version`, edition, `rust-version` and `description`.
fn package(name: &str, version: &str, description: &str, options: &Options) -> Table {
    let mut package = Table::new();
    package["name"] = toml_edit::value(name);
    package["version"] = toml_edit::value(version);
    package["edition"] = toml_edit::value("2021");
    package["rust-version"] = toml_edit::value(RUST_VERSION);
    package["description"] = toml_edit::value(description);
    let header = header::line("#", &options.command, &options.spec_name);
    package.decor_mut().set_prefix(format!("{header}# Generator: {TOOL} {}\n", crate::VERSION));
    package
}

/// What the manifest of a crate that joins a workspace ends with.
pub(crate) const WORKSPACE_NOTE: &str = "\n# A member of the workspace it is in, if any: that workspace's `members`\n# must list it (by path or glob), or its `exclude` name it.\n";

/// The settings a crate remembers, as its manifest's table.
pub(crate) fn table(remembers: &Remembered) -> Table {
    let mut table = Table::new();
    table["spec"] = toml_edit::value(&remembers.spec);
    table["spec-sha256"] = toml_edit::value(&remembers.spec_sha256);
    table["generator"] = toml_edit::value(&remembers.generator);
    table["runtime"] = toml_edit::value(remembers.runtime.to_string());
    table["strict"] = toml_edit::value(remembers.strict);
    table["drop-undeclared"] = toml_edit::value(remembers.drop_undeclared);
    table["standalone"] = toml_edit::value(remembers.standalone);
    table
}

/// The entries of one `name = value` line, as a table holds them.
fn entries(line: &str) -> Vec<(toml_edit::Key, Item)> {
    let Ok(document) = line.parse::<DocumentMut>() else { return Vec::new() };
    document.as_table().clone().into_iter().map(|(key, item)| (key.into(), item)).collect()
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
    let parse = |line: &str| line.parse::<DocumentMut>().ok();
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
    let table = |line: &str| -> Option<InlineTable> {
        let doc = line.parse::<DocumentMut>().ok()?;
        match doc.get(name)?.as_value()? {
            Value::InlineTable(table) => Some(table.clone()),
            Value::String(version) => {
                let mut table = InlineTable::new();
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
        let listed = table.get("features").and_then(Value::as_array);
        for feature in listed.into_iter().flatten().filter_map(Value::as_str) {
            if !features.iter().any(|known| known == feature) {
                features.push(feature.to_owned());
            }
        }
    }
    if !features.is_empty() {
        merged.insert("features", features.iter().collect::<Array>().into());
    }
    let value = Value::InlineTable(merged).decorated("", "");
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

    /// Text from the spec goes into the manifest as TOML strings, however
    /// it is spelt: Rust's escapes (`\u{7f}`) are not TOML's.
    #[test]
    fn spec_text_is_written_as_toml() {
        let spec = "openapi: 3.0.3\ninfo: { title: \"Q\\\"uote\\\\ \\x7F \\u00e9 \\U0001F600\", version: '1' }\npaths:\n  /a: { get: { operationId: a, responses: { '204': { description: ok } } } }\n";
        let lowered = crate::lower_str(std::path::Path::new("t.yaml"), spec).expect("lowers");
        let options = Options::new("test", "t.yaml").package("t", None);
        let generated = crate::generate_lowered(lowered, &options).expect("generates");
        let text = generated.files["Cargo.toml"].clone();
        let manifest: DocumentMut = text.parse().expect("the manifest is TOML");
        let description = manifest["package"]["description"].as_str().expect("a description");
        assert_eq!(description, "Typed requests and responses for Q\"uote\\ \u{7f} é 😀.");
    }

    /// A tag named like a feature the crate declares itself (`client`) is
    /// a group of another name: Cargo refuses a manifest with a key twice.
    #[test]
    fn a_group_named_client_does_not_clash_with_the_client_feature() {
        let spec = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a: { get: { operationId: \
            a, tags: [Client], responses: { '204': { description: ok } } } }\n  /b: { get: { operationId: \
            b, tags: [other], responses: { '204': { description: ok } } } }\n";
        let lowered = crate::lower_str(std::path::Path::new("t.yaml"), spec).expect("lowers");
        let options = Options::new("test", "t.yaml").package("t", None);
        let generated = crate::generate_lowered(lowered, &options).expect("generates");
        let manifest: DocumentMut = generated.files["Cargo.toml"].parse().expect("Cargo reads it");
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

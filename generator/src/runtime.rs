//! The runtime generated crates build on (`generator/runtime/`, the
//! `apicrate-runtime` crate), as the generator ships it: a dependency by
//! version or path, or its source inlined as a module of the crate.
//!
//! The generator depends on the runtime crate (at exactly its own version)
//! for what it inlines: its source files and its `Cargo.toml`, the one list
//! of what it needs, from which an inlined runtime's dependencies and
//! features are read.

use std::fmt;

/// The media types whose bodies the runtime checks by their first bytes:
/// the runtime's own table, so the generator adds the check (and its
/// opt-out) exactly where the runtime has something to check.
pub use apicrate_runtime::signatures;

/// The runtime's source files as a module tree (`lib.rs` is `mod.rs`), as
/// the crate the generator depends on ships them.
pub use apicrate_runtime::source::inlined_files;

/// The runtime's package, as a dependency names it.
pub const PACKAGE: &str = "apicrate-runtime";

/// Its library, as code names it.
pub const LIBRARY: &str = "apicrate_runtime";

/// Crates the generated code (not only the runtime) names by path:
/// a crate depends on them itself, whichever way it gets the runtime.
const USED_BY_GENERATED_CODE: &[&str] = &["bytes", "http", "serde", "serde_json"];

/// How a generated crate gets the runtime.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Runtime {
    /// Its source, as the crate's `runtime` module, with its dependencies
    /// in the crate's manifest: the crate stands alone.
    #[default]
    Inline,
    /// A dependency on `apicrate-runtime` by version, as published.
    Version,
    /// A dependency on a copy of `apicrate-runtime` at this path (relative
    /// to the crate's directory), with its version.
    Path(String),
    /// A copy of the runtime as a package of the crate's own, in its
    /// `runtime/` folder ([`VENDORED_DIR`]), named after the crate
    /// ([`vendored_package`]), on which it depends by path: the crate
    /// stands alone, and Cargo compiles the runtime once, not again with
    /// every change of the crate. Only for a whole crate
    /// ([`crate::Options::package`]); `apicrate generate`'s default.
    Vendored,
}

/// Where a vendored runtime's package is, in the crate's directory.
pub const VENDORED_DIR: &str = "runtime";

/// The name of the vendored runtime's package of the crate `crate_name`:
/// one of its own, as two packages of a workspace cannot share a name.
pub fn vendored_package(crate_name: &str) -> String {
    format!("{crate_name}-runtime")
}

impl Runtime {
    /// `vendored`, `inline` or `path=DIR`, as the command line writes it. `version` is
    /// refused while apicrate-runtime has no release on crates.io: the
    /// crate it wrote would not build.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            _ if text == "inline" => Ok(Self::Inline),
            _ if text == "vendored" => Ok(Self::Vendored),
            _ if text == "version" => Err(format!(
                "`version` would make the crate depend on {PACKAGE} from crates.io, which has no \
                 release of it yet: use `vendored` (the default), `inline` or `path=DIR`, a copy of \
                 {PACKAGE} (generator/runtime in apicrate's repository)"
            )),
            Some(("path", dir)) if !dir.trim().is_empty() => Ok(Self::Path(dir.to_owned())),
            _ => Err(format!("`{text}` is not a runtime: use vendored, inline or path=DIR")),
        }
    }

    /// The `[features]` lines a crate that gets the runtime this way
    /// declares for it (`client`, `tracing`, the client's TLS): the
    /// runtime's own, or forwarded to the runtime crate. Its default
    /// features are [`Runtime::default_features`].
    pub fn features(&self) -> Vec<String> {
        manifest_table("features")
            .into_iter()
            .filter(|(name, _)| name != "default")
            .map(|(name, value)| match self {
                Self::Inline => format!("{name} = {value}"),
                Self::Version | Self::Path(_) | Self::Vendored => {
                    format!("{name} = [\"{PACKAGE}/{name}\"]")
                }
            })
            .collect()
    }

    /// The runtime's default features (the client's TLS), which a crate
    /// that gets it makes default features of its own.
    pub fn default_features() -> Vec<String> {
        let features = manifest_table("features");
        let default = features.iter().find(|(name, _)| name == "default");
        let list = default.and_then(|(_, list)| {
            let document = format!("list = {list}").parse::<toml_edit::DocumentMut>().ok()?;
            let items = document["list"].as_array()?.iter();
            Some(items.filter_map(|item| item.as_str().map(str::to_owned)).collect())
        });
        list.unwrap_or_default()
    }

    /// The `[dependencies]` lines of the crate `crate_name` that gets the
    /// runtime this way.
    pub fn dependencies(&self, crate_name: &str) -> Vec<String> {
        let version = package_version();
        let own = |line: &(String, String)| USED_BY_GENERATED_CODE.contains(&line.0.as_str());
        let runtime_line = match self {
            Self::Inline => None,
            // Its default features are the crate's own (see `features`).
            Self::Version => {
                Some(format!("{PACKAGE} = {{ version = \"{version}\", default-features = false }}"))
            }
            Self::Path(dir) => {
                let dir = toml_edit::Value::from(dir.replace('\\', "/")).decorated("", "");
                Some(format!(
                    "{PACKAGE} = {{ version = \"{version}\", path = {dir}, default-features = false }}"
                ))
            }
            // Named as the runtime, so the code reads the same either way.
            Self::Vendored => Some(format!(
                "{PACKAGE} = {{ package = \"{}\", version = \"{version}\", path = \"{VENDORED_DIR}\", \
                 default-features = false }}",
                vendored_package(crate_name)
            )),
        };
        let dependencies = manifest_dependencies();
        let inline = runtime_line.is_none();
        let needed = dependencies.iter().filter(|line| inline || own(line));
        runtime_line
            .into_iter()
            .chain(needed.map(|(name, value)| format!("{name} = {value}")))
            .collect()
    }
}

impl fmt::Display for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Inline => f.write_str("inline"),
            Self::Version => f.write_str("version"),
            Self::Path(dir) => write!(f, "path={dir}"),
            Self::Vendored => f.write_str("vendored"),
        }
    }
}

/// The runtime's version, as a requirement (`0.1`).
fn package_version() -> String {
    let version = apicrate_runtime::source::VERSION;
    // `0.1.0` -> `0.1`: any compatible release.
    let parts: Vec<&str> = version.split('.').collect();
    match parts.as_slice() {
        ["0", minor, ..] => format!("0.{minor}"),
        [major, ..] => (*major).to_owned(),
        [] => version.to_owned(),
    }
}

/// The `[dependencies]` and `[features]` lines of the runtime's own
/// manifest, as a vendored copy of it declares them.
pub fn own_manifest_lines() -> (Vec<String>, Vec<String>) {
    let lines =
        |name| manifest_table(name).into_iter().map(|(key, value)| format!("{key} = {value}"));
    (lines("dependencies").collect(), lines("features").collect())
}

/// The runtime's `[dependencies]`, each as name and value (`{ version = ... }`),
/// by name: what a crate with the runtime inlined must depend on.
pub fn manifest_dependencies() -> Vec<(String, String)> {
    manifest_table("dependencies")
}

/// The entries of the runtime manifest's table `name`, each as key and inline
/// value, by key. The manifest comes written by hand (inline values) or
/// normalised by `cargo package` (a table per dependency, keys sorted):
/// both read the same.
fn manifest_table(name: &str) -> Vec<(String, String)> {
    // The manifest is the runtime crate's own, checked by the tests below.
    table_of(apicrate_runtime::source::MANIFEST, name)
}

fn table_of(manifest: &str, name: &str) -> Vec<(String, String)> {
    let manifest: toml_edit::DocumentMut = manifest.parse().unwrap_or_default();
    let Some(table) = manifest.get(name).and_then(|item| item.as_table_like()) else {
        return Vec::new();
    };
    let mut entries: Vec<(String, String)> = table
        .iter()
        .filter_map(|(key, item)| Some((key.to_owned(), inline_value(item)?)))
        .collect();
    entries.sort();
    entries
}

/// A manifest entry as one inline value, in one spelling however it was
/// written: a table of only a version is that version, keys in Cargo's
/// usual order, arrays on one line.
fn inline_value(item: &toml_edit::Item) -> Option<String> {
    let value = match item {
        toml_edit::Item::Table(table) => {
            toml_edit::Value::InlineTable(table.clone().into_inline_table())
        }
        _ => item.as_value()?.clone(),
    };
    let value = match value {
        toml_edit::Value::InlineTable(table) => match (table.len(), table.get("version")) {
            (1, Some(version)) => version.clone(),
            _ => toml_edit::Value::InlineTable(ordered(table)),
        },
        toml_edit::Value::Array(array) => toml_edit::Value::Array(one_line(array)),
        other => other,
    };
    Some(value.decorated("", "").to_string())
}

/// A dependency's keys in the order people write them.
fn ordered(table: toml_edit::InlineTable) -> toml_edit::InlineTable {
    const ORDER: [&str; 5] = ["version", "path", "default-features", "features", "optional"];
    let rank = |key: &str| ORDER.iter().position(|known| *known == key).unwrap_or(ORDER.len());
    let mut entries: Vec<(String, toml_edit::Value)> =
        table.into_iter().map(|(key, value)| (key.to_string(), value)).collect();
    entries.sort_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let mut ordered = toml_edit::InlineTable::new();
    for (key, value) in entries {
        let value = match value {
            toml_edit::Value::Array(array) => toml_edit::Value::Array(one_line(array)),
            other => other,
        };
        ordered.insert(&key, value);
    }
    ordered.fmt();
    ordered
}

/// An array as `["a", "b"]`.
fn one_line(array: toml_edit::Array) -> toml_edit::Array {
    let mut array: toml_edit::Array = array.into_iter().collect();
    array.set_trailing_comma(false);
    array.set_trailing("");
    array.fmt();
    array
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normalised_manifest_reads_like_the_one_written_by_hand() {
        let by_hand = "[dependencies]\nbytes = \"1.10\"\nserde = { version = \"1.0\", features = [\"derive\"] \
            }\nuuid = { version = \"1.17\", default-features = false, features = [\"v4\", \"js\"], \
            optional = true }\n\n[features]\nclient = [\"dep:uuid\"]\n";
        // As `cargo package` writes it: a table each, arrays on many lines.
        let normalised = "[package]\nname = \"apicrate-runtime\"\n\n[features]\nclient = [\n    \"dep:uuid\",\n]\n\n[dependencies.bytes]\nversion \
            = \"1.10\"\n\n[dependencies.serde]\nversion = \"1.0\"\nfeatures = [\"derive\"]\n\n[dependencies.uuid]\nversion \
            = \"1.17\"\nfeatures = [\n    \"v4\",\n    \"js\",\n]\noptional = true\ndefault-features \
            = false\n";
        for name in ["dependencies", "features"] {
            assert_eq!(table_of(by_hand, name), table_of(normalised, name), "[{name}]");
        }
        assert_eq!(
            table_of(normalised, "dependencies")[2],
            (
                "uuid".to_owned(),
                "{ version = \"1.17\", default-features = false, features = [\"v4\", \"js\"], optional = true }".to_owned()
            )
        );
    }

    #[test]
    fn the_manifest_is_read() {
        let manifest = apicrate_runtime::source::MANIFEST;
        assert!(manifest.parse::<toml_edit::DocumentMut>().is_ok(), "the runtime's Cargo.toml");
        assert_eq!(package_version(), "0.1");
        let inline = Runtime::Inline.dependencies("pets");
        assert!(inline.contains(&"thiserror = \"2.0\"".to_owned()), "{inline:?}");
        assert!(
            inline.contains(&"serde = { version = \"1.0\", features = [\"derive\"] }".to_owned()),
            "{inline:?}"
        );
        let by_version = Runtime::Version.dependencies("pets");
        // Its default features (the client's TLS) are the crate's own.
        assert_eq!(
            by_version[0],
            "apicrate-runtime = { version = \"0.1\", default-features = false }"
        );
        assert!(!by_version.iter().any(|line| line.starts_with("thiserror")), "{by_version:?}");
        assert!(by_version.iter().any(|line| line.starts_with("http ")), "{by_version:?}");
        let vendored = Runtime::Vendored.dependencies("pets");
        assert_eq!(
            vendored[0],
            "apicrate-runtime = { package = \"pets-runtime\", version = \"0.1\", path = \"runtime\", default-features = false }"
        );
        assert_eq!(
            vendored[1..],
            by_version[1..],
            "the crates its code names, as with a dependency"
        );
        let by_path = Runtime::Path("../runtime".into()).dependencies("pets");
        assert_eq!(
            by_path[0],
            "apicrate-runtime = { version = \"0.1\", path = \"../runtime\", default-features = false }"
        );
        assert!(inline
            .iter()
            .any(|line| line.starts_with("reqwest = ") && line.contains("optional = true")));
        let features = Runtime::Inline.features();
        assert!(features.iter().any(|line| line.starts_with("client = [\"dep:")), "{features:?}");
        assert!(
            features.contains(&"tracing = [\"client\", \"dep:tracing\"]".to_owned()),
            "{features:?}"
        );
        assert_eq!(
            Runtime::Version.features(),
            [
                "client = [\"apicrate-runtime/client\"]",
                "native-tls = [\"apicrate-runtime/native-tls\"]",
                "rustls = [\"apicrate-runtime/rustls\"]",
                "rustls-no-provider = [\"apicrate-runtime/rustls-no-provider\"]",
                "tracing = [\"apicrate-runtime/tracing\"]",
            ]
        );
        assert_eq!(Runtime::default_features(), ["rustls"]);
        // A group of operations never takes a feature the runtime declares.
        for (feature, _) in manifest_table("features") {
            let reserved = crate::naming::reserved::FEATURES;
            assert!(reserved.contains(&feature.as_str()), "{feature} is not reserved");
        }
    }

    #[test]
    fn runtimes_are_parsed_as_written() {
        for text in ["inline", "vendored", "path=../x"] {
            assert_eq!(Runtime::parse(text).expect("parses").to_string(), text);
        }
        let unpublished = Runtime::parse("version").expect_err("no release to depend on");
        assert!(unpublished.contains("no release of it yet"), "{unpublished}");
        assert!(Runtime::parse("path=").is_err());
        assert!(Runtime::parse("crate").is_err());
    }
}

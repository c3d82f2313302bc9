//! The runtime generated crates build on (`generator/runtime/`, the
//! `apicrate-runtime` crate), as the generator ships it: a dependency by
//! version or path, or its source inlined as a module of the crate.
//!
//! The runtime's `Cargo.toml` is the one list of what it needs: an inlined
//! runtime's dependencies and features are read from it.

use std::fmt;

/// The media types whose bodies the runtime checks by their first bytes:
/// the runtime's own table, so the generator adds the check (and its
/// opt-out) exactly where the runtime has something to check.
#[path = "../runtime/src/signatures.rs"]
pub mod signatures;

/// The runtime's package, as a dependency names it.
pub const PACKAGE: &str = "apicrate-runtime";

/// Its library, as code names it.
pub const LIBRARY: &str = "apicrate_runtime";

/// The runtime's manifest: its dependencies and features.
const MANIFEST: &str = include_str!("../runtime/Cargo.toml");

/// The runtime's source files, as a module tree (`lib.rs` is `mod.rs`).
/// `tests::every_runtime_file_is_shipped` keeps the list complete.
pub const FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../runtime/src/lib.rs")),
    ("body.rs", include_str!("../runtime/src/body.rs")),
    ("enums.rs", include_str!("../runtime/src/enums.rs")),
    ("errors.rs", include_str!("../runtime/src/errors.rs")),
    ("object.rs", include_str!("../runtime/src/object.rs")),
    ("params.rs", include_str!("../runtime/src/params.rs")),
    ("request.rs", include_str!("../runtime/src/request.rs")),
    ("response.rs", include_str!("../runtime/src/response.rs")),
    ("security.rs", include_str!("../runtime/src/security.rs")),
    ("server.rs", include_str!("../runtime/src/server.rs")),
    ("signatures.rs", include_str!("../runtime/src/signatures.rs")),
    ("unions.rs", include_str!("../runtime/src/unions.rs")),
    ("client/mod.rs", include_str!("../runtime/src/client/mod.rs")),
    ("client/auth.rs", include_str!("../runtime/src/client/auth.rs")),
    ("client/builder.rs", include_str!("../runtime/src/client/builder.rs")),
    ("client/credentials.rs", include_str!("../runtime/src/client/credentials.rs")),
    ("client/error.rs", include_str!("../runtime/src/client/error.rs")),
    ("client/retry.rs", include_str!("../runtime/src/client/retry.rs")),
    ("client/trace.rs", include_str!("../runtime/src/client/trace.rs")),
    ("client/wire.rs", include_str!("../runtime/src/client/wire.rs")),
];

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
}

impl Runtime {
    /// `inline`, `version` or `path=DIR`, as the command line writes it.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            _ if text == "inline" => Ok(Self::Inline),
            _ if text == "version" => Ok(Self::Version),
            Some(("path", dir)) if !dir.trim().is_empty() => Ok(Self::Path(dir.to_owned())),
            _ => Err(format!("`{text}` is not a runtime: use inline, version or path=DIR")),
        }
    }

    /// The `[features]` lines a crate that gets the runtime this way
    /// declares for it (`client`, `tracing`): the runtime's own, or
    /// forwarded to the runtime crate.
    pub fn features(&self) -> Vec<String> {
        let manifest = parsed_manifest();
        let Some(table) = manifest.get("features").and_then(|item| item.as_table_like()) else {
            return Vec::new();
        };
        table
            .iter()
            .filter_map(|(name, item)| {
                let value = match self {
                    Self::Inline => item.as_value()?.clone().decorated("", "").to_string(),
                    Self::Version | Self::Path(_) => format!("[\"{PACKAGE}/{name}\"]"),
                };
                Some(format!("{name} = {value}"))
            })
            .collect()
    }

    /// The `[dependencies]` lines of a crate that gets the runtime this way.
    pub fn dependencies(&self) -> Vec<String> {
        let version = package_version();
        let own = |line: &(String, String)| USED_BY_GENERATED_CODE.contains(&line.0.as_str());
        let runtime_line = match self {
            Self::Inline => None,
            Self::Version => Some(format!("{PACKAGE} = \"{version}\"")),
            Self::Path(dir) => {
                let dir = dir.replace('\\', "/");
                Some(format!("{PACKAGE} = {{ version = \"{version}\", path = {dir:?} }}"))
            }
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
        }
    }
}

/// The runtime's version, as a requirement (`0.1`).
fn package_version() -> String {
    let manifest = parsed_manifest();
    let version = manifest["package"]["version"].as_str().unwrap_or("0.1.0");
    // `0.1.0` -> `0.1`: any compatible release.
    let parts: Vec<&str> = version.split('.').collect();
    match parts.as_slice() {
        ["0", minor, ..] => format!("0.{minor}"),
        [major, ..] => (*major).to_owned(),
        [] => version.to_owned(),
    }
}

/// The runtime's `[dependencies]`, each as name and value (`{ version = ... }`):
/// what a crate with the runtime inlined must depend on.
pub fn manifest_dependencies() -> Vec<(String, String)> {
    let manifest = parsed_manifest();
    let Some(table) = manifest.get("dependencies").and_then(|item| item.as_table_like()) else {
        return Vec::new();
    };
    table
        .iter()
        .filter_map(|(name, item)| {
            let value = item.as_value()?.clone().decorated("", "").to_string();
            Some((name.to_owned(), value))
        })
        .collect()
}

fn parsed_manifest() -> toml_edit::DocumentMut {
    // The manifest is this crate's own file, checked by the tests below.
    MANIFEST.parse().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_file_is_shipped() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("runtime/src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&root).expect("below src");
                let name = relative.to_string_lossy().replace('\\', "/");
                on_disk.push(if name == "lib.rs" { "mod.rs".to_owned() } else { name });
            }
        }
        on_disk.sort();
        let mut shipped: Vec<String> = FILES.iter().map(|(name, _)| (*name).to_owned()).collect();
        shipped.sort();
        assert_eq!(shipped, on_disk, "generator/src/runtime.rs must ship every runtime file");
    }

    #[test]
    fn the_manifest_is_read() {
        assert!(MANIFEST.parse::<toml_edit::DocumentMut>().is_ok(), "the runtime's Cargo.toml");
        assert_eq!(package_version(), "0.1");
        let inline = Runtime::Inline.dependencies();
        assert!(inline.contains(&"thiserror = \"2.0\"".to_owned()), "{inline:?}");
        assert!(
            inline.contains(&"serde = { version = \"1.0\", features = [\"derive\"] }".to_owned()),
            "{inline:?}"
        );
        let by_version = Runtime::Version.dependencies();
        assert_eq!(by_version[0], "apicrate-runtime = \"0.1\"");
        assert!(!by_version.iter().any(|line| line.starts_with("thiserror")), "{by_version:?}");
        assert!(by_version.iter().any(|line| line.starts_with("http ")), "{by_version:?}");
        let by_path = Runtime::Path("../runtime".into()).dependencies();
        assert_eq!(by_path[0], "apicrate-runtime = { version = \"0.1\", path = \"../runtime\" }");
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
            ["client = [\"apicrate-runtime/client\"]", "tracing = [\"apicrate-runtime/tracing\"]"]
        );
    }

    #[test]
    fn runtimes_are_parsed_as_written() {
        for text in ["inline", "version", "path=../x"] {
            assert_eq!(Runtime::parse(text).expect("parses").to_string(), text);
        }
        assert!(Runtime::parse("path=").is_err());
        assert!(Runtime::parse("crate").is_err());
    }
}

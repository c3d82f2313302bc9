//! The crates we ship can be published and say what a registry shows:
//! complete metadata, their licence texts, and an oldest supported Rust
//! that their dependencies, as `Cargo.lock` has them, really build with.
//! (`cargo xtask test` then packages and verifies them with
//! `cargo publish --dry-run`.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The packages users get from a registry.
const SHIPPED: [&str; 4] = ["apicrate", "apicrate-codegen", "apicrate-runtime", "graph-photos"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// `cargo metadata` of the workspace on this platform, every feature on,
/// as Cargo.lock has it. Not `--offline`: it reads every package's
/// manifest, and a new machine has only those its builds needed.
fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let host = rustc_host();
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--all-features", "--locked"])
        .args(["--filter-platform", &host])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON")
}

/// The platform rustc builds for by default.
fn rustc_host() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("-vV").output().expect("rustc runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let host = text.lines().find_map(|line| line.strip_prefix("host: "));
    host.expect("rustc -vV names its host").to_owned()
}

/// The workspace's packages by name.
fn members(metadata: &Value) -> BTreeMap<String, &Value> {
    let ids: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|package| ids.contains(package["id"].as_str().unwrap_or("")))
        .map(|package| (package["name"].as_str().expect("a name").to_owned(), package))
        .collect()
}

fn directory(package: &Value) -> PathBuf {
    let manifest = PathBuf::from(package["manifest_path"].as_str().expect("a manifest path"));
    manifest.parent().expect("the package's directory").to_path_buf()
}

#[test]
fn the_shipped_crates_are_the_publishable_ones_with_complete_metadata() {
    let metadata = metadata();
    let members = members(&metadata);
    // `publish = false` is an empty list of registries; absent is any.
    let publishable: Vec<&str> = members
        .iter()
        .filter(|(_, package)| package["publish"].as_array().is_none_or(|list| !list.is_empty()))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(publishable, SHIPPED, "the publishable packages");
    let apache = std::fs::read_to_string(root().join("LICENSE-APACHE")).expect("LICENSE-APACHE");
    let mit = std::fs::read_to_string(root().join("LICENSE-MIT")).expect("LICENSE-MIT");
    for name in SHIPPED {
        let package = members[name];
        for field in ["description", "license", "repository", "readme", "rust_version"] {
            let value = package[field].as_str().unwrap_or("");
            assert!(!value.trim().is_empty(), "{name} has no {field}");
        }
        for field in ["keywords", "categories"] {
            let list = package[field].as_array().map_or(0, Vec::len);
            assert!((1..=5).contains(&list), "{name} has {list} {field} (1 to 5)");
        }
        assert_eq!(package["license"], "MIT OR Apache-2.0", "{name}");
        let dir = directory(package);
        // `cargo package` copies a README from outside the package in.
        let readme = dir.join(package["readme"].as_str().expect("a readme"));
        assert!(readme.is_file(), "{name}: {}", readme.display());
        for (file, text) in [("LICENSE-APACHE", &apache), ("LICENSE-MIT", &mit)] {
            let copy = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
            assert!(&copy == text, "{name}: {file} is not the repository's {file}");
        }
    }
}

/// Every package the shipped crates build with (normal and build
/// dependencies, all features, this platform), as Cargo.lock resolves
/// them, asks for a Rust no newer than theirs; so does what generated
/// crates depend on (`generator/tests/lock`), whose `rust-version` the
/// generator writes. The README says which it is.
#[test]
fn the_oldest_supported_rust_is_one_the_dependencies_build_with() {
    let metadata = metadata();
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| (package["id"].as_str().expect("an id"), package))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("a resolve graph")
        .iter()
        .map(|node| (node["id"].as_str().expect("an id"), node))
        .collect();
    let version = |text: &str| {
        let parts = text.split('.').filter_map(|part| part.parse().ok());
        let mut numbers: Vec<u64> = parts.collect();
        numbers.resize(3, 0);
        semver::Version::new(numbers[0], numbers[1], numbers[2])
    };
    let members = members(&metadata);
    let ours = members["apicrate-codegen"]["rust_version"].as_str().expect("a rust-version");
    for name in SHIPPED.iter().chain(&["generated-crates-lock"]) {
        let package = members[*name];
        let declared = package["rust_version"].as_str().expect("a rust-version");
        assert_eq!(declared, ours, "{name}: one rust-version for the workspace");
        let mut seen = BTreeSet::new();
        let mut queue = vec![package["id"].as_str().expect("an id")];
        let mut needs = (version("0"), String::new());
        while let Some(id) = queue.pop() {
            if !seen.insert(id) {
                continue;
            }
            let needed = packages[id]["rust_version"].as_str().map(version);
            if needed.as_ref().is_some_and(|needed| *needed > needs.0) {
                needs = (needed.expect("checked"), id.to_owned());
            }
            for dependency in nodes[id]["deps"].as_array().into_iter().flatten() {
                let kinds = dependency["dep_kinds"].as_array().into_iter().flatten();
                let built = kinds.clone().any(|kind| kind["kind"].as_str() != Some("dev"));
                if built {
                    queue.push(dependency["pkg"].as_str().expect("a package id"));
                }
            }
        }
        assert!(
            needs.0 <= version(declared),
            "{name} says rust-version {declared}, but {} needs Rust {}",
            needs.1,
            needs.0
        );
    }
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(readme.contains(&format!("Rust {ours} or newer")), "the README names Rust {ours}");
}

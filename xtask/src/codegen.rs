//! `cargo xtask regenerate`: the graph-photos module tree from our spec.

use std::path::Path;

use anyhow::{bail, Context as _};
use apicrate_codegen::output::{diff_tree, write_tree};
use apicrate_codegen::Options;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/graph-photos.yaml";
/// The generated module tree, relative to the workspace root.
pub const GENERATED: &str = "generated/src/gen";

/// `regenerate [--check]`.
pub fn regenerate(root: &Path, check: bool) -> anyhow::Result<()> {
    // Our own spec is held to the strictest standard: no fallbacks.
    // graph-photos has a client of its own: Graph's configuration of the runtime's.
    let options = Options::new("cargo xtask regenerate", SPEC).strict(true).client(false);
    let generated = apicrate_codegen::generate(&root.join(SPEC), &options)?;
    check_manifest(root, &generated.features)?;
    let files = generated.files;
    let out = root.join(GENERATED);
    if check {
        let diff = diff_tree(&out, &files)?;
        if !diff.is_empty() {
            bail!(
                "{GENERATED} is stale: it is not what {SPEC} generates.\n{}\nRun `cargo xtask regenerate` and commit the result.",
                diff.report(GENERATED)
            );
        }
        eprintln!("{GENERATED} is up to date with {SPEC}");
    } else {
        let diff = write_tree(&out, &files)?;
        if diff.is_empty() {
            eprintln!("{GENERATED} is already up to date ({} files)", files.len());
        } else {
            eprint!("regenerated {GENERATED} from {SPEC}:\n{}", diff.summary(GENERATED));
        }
    }
    Ok(())
}

/// The crate's manifest is written by hand (it has the `client` feature and
/// its dependencies): it must declare every feature the generated code
/// uses, each a default feature, and depend on what the inlined runtime
/// needs, as the runtime's own manifest says.
fn check_manifest(root: &Path, features: &[String]) -> anyhow::Result<()> {
    const MANIFEST: &str = "generated/Cargo.toml";
    let text = std::fs::read_to_string(root.join(MANIFEST))
        .with_context(|| format!("cannot read {MANIFEST}"))?;
    let wanted = apicrate_codegen::runtime::manifest_dependencies();
    let differ = differing_dependencies(&text, &wanted)
        .with_context(|| format!("{MANIFEST} is not valid TOML"))?;
    if !differ.is_empty() {
        bail!(
            "{MANIFEST} must depend on what the inlined runtime needs, as generator/runtime/Cargo.toml says:\n{}",
            differ.iter().map(|(name, value)| format!("  {name} = {value}\n")).collect::<String>()
        );
    }
    let mut runtime_features = apicrate_codegen::runtime::Runtime::Inline.features();
    let default = apicrate_codegen::runtime::Runtime::default_features();
    runtime_features.push(format!("default = {default:?}"));
    let short = short_features(&text, &runtime_features)
        .with_context(|| format!("{MANIFEST} is not valid TOML"))?;
    if !short.is_empty() {
        bail!(
            "{MANIFEST} must enable what the inlined runtime's features need, as generator/runtime/Cargo.toml says:\n{}",
            short.iter().map(|line| format!("  {line}\n")).collect::<String>()
        );
    }
    let missing = missing_features(&text, features)
        .with_context(|| format!("{MANIFEST} is not valid TOML"))?;
    if !missing.is_empty() {
        let quoted: Vec<String> = features.iter().map(|feature| format!("{feature:?}")).collect();
        bail!(
            "{MANIFEST} must declare the features the generated code uses, all default; missing or not default: {missing:?}.\nUnder [features]: default = [{}], and a line `NAME = []` for each.",
            quoted.join(", ")
        );
    }
    Ok(())
}

/// The dependencies of `wanted` (name, TOML value) that a manifest does not
/// declare with the same value.
fn differing_dependencies<'a>(
    manifest: &str,
    wanted: &'a [(String, String)],
) -> Result<Vec<&'a (String, String)>, toml_edit::TomlError> {
    let manifest: toml_edit::DocumentMut = manifest.parse()?;
    let declared = manifest.get("dependencies").and_then(|item| item.as_table_like());
    let value = |name: &str| {
        let item = declared?.get(name)?;
        Some(item.as_value()?.clone().decorated("", "").to_string())
    };
    Ok(wanted.iter().filter(|(name, wanted)| value(name).as_deref() != Some(wanted)).collect())
}

/// The runtime's feature lines (`client = ["dep:x", ...]`) whose items a
/// manifest's feature of the same name does not all enable.
fn short_features<'a>(
    manifest: &str,
    wanted: &'a [String],
) -> Result<Vec<&'a String>, toml_edit::TomlError> {
    let manifest: toml_edit::DocumentMut = manifest.parse()?;
    let declared = manifest.get("features").and_then(|item| item.as_table_like());
    let enables = |name: &str| -> Vec<String> {
        let list = declared.and_then(|table| table.get(name)?.as_array().cloned());
        list.into_iter().flatten().filter_map(|value| value.as_str().map(str::to_owned)).collect()
    };
    Ok(wanted
        .iter()
        .filter(|line| {
            let Some((name, list)) = line.split_once(" = ") else { return true };
            let Ok(list) = format!("list = {list}").parse::<toml_edit::DocumentMut>() else {
                return true;
            };
            let items = list["list"].as_array().cloned().unwrap_or_default();
            let have = enables(name);
            let all = items
                .iter()
                .filter_map(|item| item.as_str())
                .all(|item| have.iter().any(|h| h == item));
            !all
        })
        .collect())
}

/// The `features` a manifest does not declare as `NAME = []` or leave out
/// of its `default` list.
fn missing_features<'a>(
    manifest: &str,
    features: &'a [String],
) -> Result<Vec<&'a String>, toml_edit::TomlError> {
    let manifest: toml_edit::DocumentMut = manifest.parse()?;
    let declared = manifest.get("features").and_then(|item| item.as_table_like());
    let list = |name: &str| declared.and_then(|table| table.get(name)?.as_array());
    let default: Vec<&str> =
        list("default").into_iter().flatten().filter_map(|value| value.as_str()).collect();
    Ok(features
        .iter()
        .filter(|feature| {
            !list(feature).is_some_and(|enables| enables.is_empty())
                || !default.contains(&feature.as_str())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{differing_dependencies, missing_features, short_features};

    #[test]
    fn the_manifest_declares_every_feature_empty_and_default() {
        let features = ["me".to_owned(), "users".to_owned()];
        let missing = |manifest: &str| -> Vec<String> {
            let missing = missing_features(manifest, &features).expect("valid TOML");
            missing.into_iter().cloned().collect()
        };
        let good = "[features]\ndefault = [\n  \"me\",\n  \"users\",\n]\nclient = []\nme = []\nusers = []\n";
        assert!(missing(good).is_empty());
        let undeclared = "[features]\ndefault = [\"me\", \"users\"]\nme = []\n";
        assert_eq!(missing(undeclared), ["users"]);
        let not_default = "[features]\ndefault = [\"me\"]\nme = []\nusers = []\n";
        assert_eq!(missing(not_default), ["users"]);
        let not_empty = "[features]\ndefault = [\"me\", \"users\"]\nme = [\"dep:x\"]\nusers = []\n";
        assert_eq!(missing(not_empty), ["me"]);
        assert_eq!(missing("[package]\nname = \"x\"\n"), ["me", "users"]);
        assert!(missing_features("[features", &features).is_err());
    }

    #[test]
    fn the_manifest_enables_what_the_runtime_features_need() {
        let wanted = vec!["client = [\"dep:a\", \"dep:b\"]".to_owned()];
        let short = |manifest: &str| short_features(manifest, &wanted).expect("TOML").len();
        assert_eq!(short("[features]\nclient = [\"dep:b\", \"dep:a\", \"dep:c\"]\n"), 0);
        assert_eq!(short("[features]\nclient = [\"dep:a\"]\n"), 1);
        assert_eq!(short("[package]\n"), 1);
    }

    #[test]
    fn the_manifest_depends_on_what_the_runtime_needs() {
        let wanted = vec![("http".to_owned(), "\"1.3\"".to_owned())];
        let differ =
            |manifest: &str| differing_dependencies(manifest, &wanted).expect("TOML").len();
        assert_eq!(differ("[dependencies]\nhttp = \"1.3\"\n"), 0);
        assert_eq!(differ("[dependencies]\nhttp = \"1.2\"\n"), 1);
        assert_eq!(differ("[dependencies]\n"), 1);
    }
}

//! The alternative to long `cfg` lists, for the bench to measure (issue 26):
//! a type that many features reach carries `#[cfg(any(feature = "a",
//! feature = "b", ...))]` on each of its items. Instead, one internal
//! feature per distinct list (`cfg-set-1 = []`), enabled by every public
//! feature of the list (`a = ["cfg-set-1", ...]`), makes each `cfg` one
//! feature long, for the same features a user names.
//!
//! The generator does not offer this: it would add internal features to
//! every crate's `Cargo.toml` and documentation. This rewrite of a crate
//! the generator wrote measures what it would save first; it works on the
//! generator's formatted output, which is fine for an experiment and would
//! not be for the generator itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{bail, Context as _};

/// The internal feature of the `n`th distinct list.
fn internal(n: usize) -> String {
    format!("cfg-set-{n}")
}

/// Rewrites the crate in `dir`: every `cfg(any(feature = ...))` of
/// `src/gen/` becomes one internal feature, which `Cargo.toml` declares
/// and has the public features of its list enable. Returns how many
/// distinct lists there were.
pub fn rewrite(dir: &Path) -> anyhow::Result<usize> {
    let mut sets: BTreeMap<BTreeSet<String>, usize> = BTreeMap::new();
    let mut files = vec![dir.join("src/gen")];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                files.push(entry?.path());
            }
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path)?;
            let rewritten = rewrite_source(&text, &mut sets)?;
            if rewritten != text {
                std::fs::write(&path, rewritten)?;
            }
        }
    }
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).context("the crate's Cargo.toml")?;
    std::fs::write(&manifest, rewrite_manifest(&text, &sets)?)?;
    Ok(sets.len())
}

/// `text` with each `#[cfg(any(feature = ...))]` replaced by its list's
/// internal feature, numbering new lists in `sets` as they come.
fn rewrite_source(
    text: &str,
    sets: &mut BTreeMap<BTreeSet<String>, usize>,
) -> anyhow::Result<String> {
    const OPEN: &str = "#[cfg(";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let Some(end) = closing_paren(after) else { bail!("an unclosed #[cfg(") };
        let condition = &after[..end];
        let tail = &after[end + 1..];
        let Some(tail) = tail.strip_prefix(']') else { bail!("a #[cfg(...) without its ]") };
        if condition.trim_start().starts_with("any(") {
            let features: BTreeSet<String> = condition
                .split("feature = \"")
                .skip(1)
                .filter_map(|part| part.split('"').next())
                .map(str::to_owned)
                .collect();
            let next = sets.len() + 1;
            let n = *sets.entry(features).or_insert(next);
            out.push_str(&format!("#[cfg(feature = \"{}\")]", internal(n)));
        } else {
            out.push_str(&rest[start..start + OPEN.len() + end + 2]);
        }
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

/// The index of the `)` that closes a `(` just before `text`.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(index),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The manifest with each internal feature declared and enabled by the
/// public features of its list.
fn rewrite_manifest(
    text: &str,
    sets: &BTreeMap<BTreeSet<String>, usize>,
) -> anyhow::Result<String> {
    let mut manifest: toml_edit::DocumentMut = text.parse().context("Cargo.toml")?;
    let Some(features) = manifest.get_mut("features").and_then(|f| f.as_table_mut()) else {
        bail!("Cargo.toml has no [features]");
    };
    let mut by_number: Vec<(&usize, &BTreeSet<String>)> =
        sets.iter().map(|(set, n)| (n, set)).collect();
    by_number.sort();
    for (n, set) in by_number {
        features.insert(&internal(*n), toml_edit::value(toml_edit::Array::new()));
        for public in set {
            let Some(list) = features.get_mut(public).and_then(|item| item.as_array_mut()) else {
                bail!("Cargo.toml does not declare the feature {public:?}");
            };
            list.push(internal(*n));
        }
    }
    Ok(manifest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_list_becomes_one_internal_feature() {
        let source = "#[cfg(\n    any(\n        feature = \"a\",\n        feature = \"b\"\n    )\n)]\npub \
            struct X;\n#[cfg(feature = \"a\")]\nmod a;\n#[cfg(any(feature = \"b\", feature = \"a\"))]\nimpl \
            Y for X {}\n#[cfg(any(feature = \"c\", feature = \"b\"))]\npub struct Z;\n";
        let mut sets = BTreeMap::new();
        let rewritten = rewrite_source(source, &mut sets).expect("rewrites");
        assert_eq!(
            rewritten,
            "#[cfg(feature = \"cfg-set-1\")]\npub struct X;\n#[cfg(feature = \"a\")]\nmod a;\n#[cfg(feature = \"cfg-set-1\")]\nimpl Y for X {}\n#[cfg(feature = \"cfg-set-2\")]\npub struct Z;\n"
        );
        let manifest = "[features]\ndefault = [\"a\", \"b\", \"c\"]\na = []\nb = []\nc = []\n";
        let manifest = rewrite_manifest(manifest, &sets).expect("rewrites");
        let parsed: toml_edit::DocumentMut = manifest.parse().expect("TOML");
        let list = |name: &str| -> Vec<String> {
            let array = parsed["features"][name].as_array().expect("a list");
            array.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
        };
        assert_eq!(list("a"), ["cfg-set-1"]);
        assert_eq!(list("b"), ["cfg-set-1", "cfg-set-2"]);
        assert_eq!(list("c"), ["cfg-set-2"]);
        assert!(list("cfg-set-2").is_empty());
        assert!(rewrite_source("#[cfg(any(feature = \"a\")", &mut sets).is_err());
        assert!(rewrite_manifest("[features]\n", &sets).is_err());
    }
}

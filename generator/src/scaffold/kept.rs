//! A regenerated crate's manifest keeps the tables of its user's.

use toml_edit::{DocumentMut, Item, Table};

use crate::emit::package::WORKSPACE_NOTE;
use crate::options::Remembered;

/// The tables the generator writes: all others are the user's.
const OWNED: [&str; 5] = ["package", "lib", "dependencies", "features", "workspace"];

/// `manifest` followed by the tables of `existing` (the crate's manifest
/// before this run) that the generator does not write: a user's
/// `[dev-dependencies]`, `[lints]`, targets and the `[package.metadata]`
/// of other tools stay, comments included, when the crate is regenerated.
/// Only the tables the generator owns ([`OWNED`]) are replaced.
pub(super) fn keep_users_tables(manifest: String, existing: &str) -> String {
    let Ok(existing) = existing.parse::<DocumentMut>() else { return manifest };
    let mut kept = DocumentMut::new();
    let tables = existing.iter().filter(|(_, item)| item.is_table() || item.is_array_of_tables());
    for (key, item) in tables.filter(|(key, _)| !OWNED.contains(key)) {
        kept.insert(key, item.clone());
    }
    let metadata = existing.get("package").and_then(|package| package.get("metadata"));
    let others = metadata.and_then(Item::as_table).into_iter().flatten();
    for (key, item) in
        others.filter(|(key, item)| ![Remembered::TABLE, "docs"].contains(key) && item.is_table())
    {
        let package = kept.entry("package").or_insert_with(|| implicit_table().into());
        let metadata = package
            .as_table_mut()
            .map(|package| package.entry("metadata").or_insert(implicit_table().into()));
        if let Some(metadata) = metadata.and_then(Item::as_table_mut) {
            metadata.insert(key, item.clone());
        }
    }
    // The note that ends a generated manifest comes back as the decor of the
    // first table after it: it is written once.
    let kept = kept.to_string().replacen(WORKSPACE_NOTE, "", 1);
    manifest + &kept
}

fn implicit_table() -> Table {
    let mut table = Table::new();
    table.set_implicit(true);
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A user's tables survive regeneration, comments and order included,
    /// and regenerating again changes nothing; the generator's own tables
    /// are replaced.
    #[test]
    fn the_users_tables_are_kept_and_the_generators_replaced() {
        let spec = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /a: { get: { operationId: \
            a, responses: { '204': { description: ok } } } }\n";
        let lowered = crate::lower_str(std::path::Path::new("t.yaml"), spec).expect("lowers");
        let options = crate::Options::new("test", "t.yaml").package("t", None);
        let generated = crate::generate_lowered(lowered, &options).expect("generates");
        let fresh = generated.files["Cargo.toml"].clone();
        let users = "\n# For the tests.\n[dev-dependencies]\ntokio = \"1\"\n\n[lints.rust]\nmissing_docs = \"warn\"\n\n\
            [package.metadata.release]\nshared-version = true\n\n[[example]]\nname = \"first\"\n\n\
            [target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n";
        let edited = fresh.replace("[dependencies]\n", "[dependencies]\nmine = \"1\"\n") + users;
        let once = keep_users_tables(fresh.clone(), &edited);
        assert_eq!(
            once,
            fresh.clone() + users,
            "the user's tables, as they were, after the generated ones"
        );
        assert_eq!(keep_users_tables(fresh.clone(), &once), once, "a second run changes nothing");
        let parsed: DocumentMut = once.parse().expect("Cargo reads it");
        assert!(parsed["dependencies"].get("mine").is_none(), "the generator's tables are its own");
        assert_eq!(
            keep_users_tables(fresh.clone(), &fresh),
            fresh,
            "nothing of the user's, nothing kept"
        );
    }
}

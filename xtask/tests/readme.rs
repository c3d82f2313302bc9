//! What the README shows a newcomer holds: every version of our crates it
//! (or the other guides) tells users to depend on matches that crate's
//! `Cargo.toml`, and it stays short enough to finish.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// The `version` of the package whose manifest is at `manifest`.
fn version_of(manifest: &str) -> semver::Version {
    let text = std::fs::read_to_string(root().join(manifest)).expect("manifest");
    let manifest: toml_edit::DocumentMut = text.parse().expect("TOML");
    let version = manifest["package"]["version"].as_str().expect("a version");
    semver::Version::parse(version).expect("semver")
}

/// Every `NAME = "REQ"` or `NAME = { version = "REQ", ... }` in `text`,
/// in comments too (`# once published: NAME = "REQ"`).
fn requirements<'t>(text: &'t str, name: &str) -> Vec<&'t str> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let starts = line.match_indices(name).map(|(at, _)| at);
        let at_word = |at: &usize| *at == 0 || line[..*at].ends_with([' ', '#', ':']);
        let Some(rest) = starts.filter(at_word).find_map(|at| {
            line[at + name.len()..].trim_start().strip_prefix('=').map(str::trim_start)
        }) else {
            continue;
        };
        let rest = rest.strip_prefix('{').map_or(rest, |table| {
            table.split("version").nth(1).map_or("", |after| after.trim_start_matches([' ', '=']))
        });
        if let Some(quoted) = rest.strip_prefix('"').and_then(|rest| rest.split('"').next()) {
            found.push(quoted);
        }
    }
    found
}

#[test]
fn the_versions_users_are_shown_are_the_crates_versions() {
    let crates = [("graph-photos", version_of("generated/Cargo.toml"))];
    let guides = ["README.md", "CONTRIBUTING.md", "generator/README.md", "generated/src/lib.rs"];
    let mut shown = 0;
    for guide in guides {
        let text = std::fs::read_to_string(root().join(guide)).expect("guide");
        for (name, version) in &crates {
            for requirement in requirements(&text, name) {
                let parsed = semver::VersionReq::parse(requirement)
                    .unwrap_or_else(|e| panic!("{guide}: {name} = {requirement:?}: {e}"));
                assert!(
                    parsed.matches(version),
                    "{guide} tells users {name} = {requirement:?}, but the crate is {version}"
                );
                shown += 1;
            }
        }
    }
    assert!(shown > 0, "the README shows how to depend on graph-photos");
}

#[test]
fn requirements_are_found_in_both_spellings() {
    let text =
        "graph-photos = \"0.2\"\n  graph-photos = { version = \"0.1\", features = [\"me\"] }\n\
                # once published: graph-photos = \"0.3\"\nmy-graph-photos = \"9\"\n\
                graph-photos = { path = \"../graph-photos\" }\n";
    assert_eq!(requirements(text, "graph-photos"), ["0.2", "0.1", "0.3"]);
    assert!(!semver::VersionReq::parse("0.1").expect("req").matches(&"0.2.0".parse().expect("v")));
}

#[test]
fn the_readme_is_short_enough_to_finish() {
    let lines = std::fs::read_to_string(root().join("README.md")).expect("README").lines().count();
    assert!(lines <= 150, "README.md has {lines} lines: move details to the guides it links");
}

//! The runtime's own source, for the generator that inlines it into the
//! crates it writes (`apicrate generate --runtime inline`): the crate ships
//! what it is made of, so the generator needs no files beside its own.

/// Where `lib.rs` stops being the runtime: the lines from here on declare
/// this module, which an inlined runtime leaves out.
const INLINED_UP_TO: &str = "\n// Crates with the runtime inlined get `lib.rs` up to this line";

/// Where a file's unit tests start: they are its last item, and they are
/// the runtime's to run, in this crate, not every generated crate's.
const TESTS: &str = "\n#[cfg(test)]\nmod tests {";

/// This crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// This crate's `Cargo.toml`: its dependencies and features. From the
/// registry it is the manifest `cargo package` normalised (tables, no
/// comments); from the repository, the one written by hand.
pub const MANIFEST: &str = include_str!("../Cargo.toml");

/// The source files, `lib.rs` whole. `tests::every_file_is_listed` keeps
/// the list complete.
const FILES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("lib.rs")),
    ("answers.rs", include_str!("answers.rs")),
    ("body.rs", include_str!("body.rs")),
    ("enums.rs", include_str!("enums.rs")),
    ("errors.rs", include_str!("errors.rs")),
    ("object.rs", include_str!("object.rs")),
    ("params.rs", include_str!("params.rs")),
    ("request.rs", include_str!("request.rs")),
    ("response.rs", include_str!("response.rs")),
    ("security.rs", include_str!("security.rs")),
    ("server.rs", include_str!("server.rs")),
    ("signatures.rs", include_str!("signatures.rs")),
    ("unions.rs", include_str!("unions.rs")),
    ("client/mod.rs", include_str!("client/mod.rs")),
    ("client/auth.rs", include_str!("client/auth.rs")),
    ("client/builder.rs", include_str!("client/builder.rs")),
    ("client/credentials.rs", include_str!("client/credentials.rs")),
    ("client/error.rs", include_str!("client/error.rs")),
    ("client/retry.rs", include_str!("client/retry.rs")),
    ("client/trace.rs", include_str!("client/trace.rs")),
    ("client/wire.rs", include_str!("client/wire.rs")),
];

/// The runtime as a module of another crate: each file's path in the
/// module tree (`lib.rs` becomes `mod.rs`, without this module) and its
/// text, without its unit tests.
pub fn inlined_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    let before =
        |text: &'static str, marker: &str| text.split_once(marker).map_or(text, |(kept, _)| kept);
    FILES.iter().map(move |&(path, text)| match path {
        "lib.rs" => ("mod.rs", before(before(text, INLINED_UP_TO), TESTS)),
        _ => (path, before(text, TESTS)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cutting a file at its tests leaves out nothing else.
    #[test]
    fn unit_tests_are_the_last_item_of_their_file() {
        for (path, text) in FILES {
            let Some((_, tests)) = text.split_once(TESTS) else { continue };
            let top_level: Vec<&str> =
                tests.lines().filter(|line| !line.is_empty() && !line.starts_with(' ')).collect();
            assert_eq!(top_level, ["}"], "{path}: only the tests module may follow its start");
        }
        for (path, text) in inlined_files() {
            assert!(!text.contains("#[cfg(test)]"), "{path} is inlined with its tests");
            let last = text.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("");
            assert!(text.ends_with('\n') && last.ends_with(['}', ';']), "{path} is cut mid-item");
        }
    }

    #[test]
    fn every_file_is_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut on_disk = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&root).expect("below src");
                on_disk.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
        on_disk.retain(|name| name != "source.rs");
        on_disk.sort();
        let mut listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        listed.sort();
        assert_eq!(listed, on_disk, "source.rs must list every file of the runtime");
    }

    #[test]
    fn the_inlined_root_leaves_this_module_out() {
        let (_, root) = inlined_files().next().expect("lib.rs first");
        assert!(root.ends_with("}\n"), "the inlined mod.rs ends where the runtime does");
        assert!(!root.contains("mod source"), "{root}");
        assert!(include_str!("lib.rs").contains(INLINED_UP_TO), "lib.rs has the line to cut at");
        assert!(inlined_files().all(|(path, _)| path != "lib.rs" && path != "source.rs"));
    }
}

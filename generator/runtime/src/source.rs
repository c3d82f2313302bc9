//! The runtime's own source, for the generator that inlines it into the
//! crates it writes (`apicrate generate --runtime inline`): the crate ships
//! what it is made of, so the generator needs no files beside its own.

/// Where `lib.rs` stops being the runtime: the lines from here on declare
/// this module, which an inlined runtime leaves out.
const INLINED_UP_TO: &str = "\n// Crates with the runtime inlined get `lib.rs` up to this line";

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
/// module tree (`lib.rs` becomes `mod.rs`, without this module) and its text.
pub fn inlined_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().map(|&(path, text)| match path {
        "lib.rs" => ("mod.rs", text.split_once(INLINED_UP_TO).map_or(text, |(kept, _)| kept)),
        _ => (path, text),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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

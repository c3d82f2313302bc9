//! Generating from a build script: the module tree written into Cargo's
//! `OUT_DIR` each time the spec changes, for a crate of the user's that
//! includes it, as progenitor's build-script mode does.
//!
//! ```no_run
//! // build.rs, with `apicrate-codegen` under `[build-dependencies]`
//! fn main() {
//!     if let Err(error) = apicrate_codegen::Build::new("petstore.yaml").client(true).write() {
//!         panic!("{error}");
//!     }
//! }
//! ```
//!
//! and in `src/lib.rs`, a module `petstore` (named after the spec's file):
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
//! ```
//!
//! The module builds on the runtime as a dependency (`apicrate-runtime`,
//! with its `client` feature for the client), and on `serde` (with
//! `derive`), `serde_json`, `http` and `bytes`; an API with dates, UUIDs
//! or base64 also needs `chrono`, `uuid` or `base64` ([`crate::API_DEPENDENCIES`]).
//! Everything is compiled: Cargo features of the crate play no part.
//!
//! Committing the crate `apicrate generate` writes stays the recommended
//! way: a spec change is reviewed as a diff of Rust, users' builds neither
//! compile nor run the generator, and docs.rs and IDEs see plain files.
//! A build script suits a crate that is generated for its own use only.

// The example above is a whole `build.rs`: its `fn main` is the point.
#![allow(clippy::needless_doctest_main)]

use std::path::{Path, PathBuf};

use crate::ir::Files;
use crate::output::{self, OutputError};
use crate::runtime::Runtime;
use crate::Options;

/// The command the generated files' header names.
const COMMAND: &str = "apicrate_codegen::Build";

/// Why a build script could not write the module.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Generate(#[from] crate::Error),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("OUT_DIR is not set: `Build::write` runs in a build script (Cargo sets OUT_DIR there); elsewhere, use `Build::write_to`")]
    NoOutDir,
}

/// The module of one spec, as a build script writes it.
#[derive(Debug, Clone)]
pub struct Build {
    spec: PathBuf,
    module: String,
    options: Options,
}

impl Build {
    /// The module for the spec at `spec` (relative to the crate's
    /// directory, where Cargo runs build scripts), named after its file
    /// (`petstore.yaml` -> `petstore`), without a client.
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        let spec = spec.into();
        let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned());
        let module = crate::naming::module(stem.as_deref().unwrap_or("api")).as_str().to_owned();
        let file_name = spec.file_name().map(|name| name.to_string_lossy().into_owned());
        let options = Options::new(COMMAND, file_name.unwrap_or_else(|| module.clone()))
            .runtime(Runtime::Version)
            .client(false)
            .features(false);
        Self { spec, module, options }
    }

    /// Names the module (made a Rust module name: `Pet Store` -> `pet_store`).
    #[must_use]
    pub fn module(mut self, name: &str) -> Self {
        self.module = crate::naming::module(name).as_str().to_owned();
        self
    }

    /// With the client (`client` module, needs `apicrate-runtime`'s
    /// `client` feature), or without (sans-IO only, the default).
    #[must_use]
    pub fn client(mut self, client: bool) -> Self {
        self.options = self.options.client(client);
        self
    }

    /// Refuses a spec that needs fallbacks: every warning is an error.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.options = self.options.strict(strict);
        self
    }

    /// Drops the members a schema does not name ([`Options::drop_undeclared`]).
    #[must_use]
    pub fn drop_undeclared(mut self, drop: bool) -> Self {
        self.options = self.options.drop_undeclared(drop);
        self
    }

    /// Writes the module into Cargo's `OUT_DIR`, and tells Cargo to run
    /// the build script again when the spec changes. Returns the file to
    /// `include!`.
    pub fn write(&self) -> Result<PathBuf, BuildError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
        println!("cargo:rerun-if-changed={}", self.spec.display());
        self.write_to(Path::new(&out_dir))
    }

    /// Writes the module into `dir`: its tree in `dir/{module}/`, and
    /// `dir/{module}.rs`, which declares it. Returns that file. A spec with
    /// problems writes nothing.
    pub fn write_to(&self, dir: &Path) -> Result<PathBuf, BuildError> {
        let generated = crate::generate(&self.spec, &self.options)?;
        let tree = dir.join(&self.module);
        output::write_tree(&tree, &generated.files)?;
        let declaration = self.declaration(&tree);
        let file = dir.join(format!("{}.rs", self.module));
        output::write_file(&file, &declaration)?;
        Ok(file)
    }

    /// The file a crate includes: the module, declared at its tree's root
    /// (by absolute path, as an included file's relative paths would be
    /// read from the including file's directory).
    fn declaration(&self, tree: &Path) -> String {
        let header = crate::header::rust(&self.options.command, &self.options.spec_name);
        let root = tree.join("mod.rs");
        let root = std::path::absolute(&root).unwrap_or(root);
        format!(
            "{header}#[path = {:?}]\n#[allow(clippy::all)]\npub mod {};\n",
            root.display().to_string(),
            self.module
        )
    }

    /// The module's files, as [`Build::write_to`] would write its tree.
    pub fn files(&self) -> Result<Files, BuildError> {
        Ok(crate::generate(&self.spec, &self.options)?.files)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
    }

    #[test]
    fn a_build_script_module_has_no_features_and_the_runtime_as_a_dependency() {
        let build = Build::new(fixture("petstore.yaml")).client(true);
        let files = build.files().expect("generates");
        assert!(!files.keys().any(|path| path.starts_with("runtime/")));
        for (path, text) in &files {
            assert!(!text.contains("feature ="), "{path} has a feature: {text}");
        }
        assert!(files["mod.rs"].contains("pub use apicrate_runtime as runtime;"));
        assert!(files["mod.rs"].contains("\npub mod client;"));
        let sans_io = Build::new(fixture("petstore.yaml")).files().expect("generates");
        assert!(!sans_io.contains_key("client.rs"));
    }

    #[test]
    fn the_module_is_written_with_a_declaration_to_include() {
        let dir = std::env::temp_dir().join(format!("apicrate-build-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = Build::new(fixture("petstore.yaml")).module("Pet Store").write_to(&dir);
        let file = file.expect("writes");
        assert_eq!(file, dir.join("pet_store.rs"));
        let declaration = std::fs::read_to_string(&file).expect("the declaration");
        let root = dir.join("pet_store/mod.rs");
        assert!(root.is_file());
        assert!(declaration.contains(&format!("#[path = {:?}]", root.display().to_string())));
        assert!(declaration.contains("\npub mod pet_store;\n"), "{declaration}");

        // A spec with problems writes nothing, and says where they are.
        let bad = dir.join("bad.yaml");
        std::fs::write(&bad, "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n").expect("write");
        let error = Build::new(&bad).write_to(&dir).expect_err("a bad spec");
        assert!(error.to_string().contains("bad.yaml"), "{error}");
        assert!(!dir.join("bad.rs").exists() && !dir.join("bad").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! What a crate was generated with, remembered in its manifest as
//! `[package.metadata.apicrate]`: the spec (relative to the crate, with a
//! hash of its text), the generator's version and every setting. A run
//! that does not give a setting takes the remembered one, so
//! `apicrate generate --out DIR` alone regenerates a crate as it was made,
//! and `apicrate check --out DIR` compares with the same.

use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::{CrateError, CrateSettings};
use crate::options::{Options, Remembered};
use crate::runtime::Runtime;

/// The manifest table the settings live in, under `[package.metadata]`.
const TABLE: &str = Remembered::TABLE;

impl Remembered {
    /// What a crate in `out` generated from `spec` (whose text is `text`)
    /// with `options` remembers.
    pub(super) fn new(spec: &Path, text: &str, out: &Path, options: &Options) -> Self {
        Self {
            spec: relative_path(spec, out),
            spec_sha256: sha256(text),
            generator: crate::VERSION.to_owned(),
            strict: options.strict,
            runtime: options.runtime.clone(),
            drop_undeclared: options.drop_undeclared,
            standalone: options.standalone,
        }
    }

    /// The settings a generated manifest remembers: `None` when it has
    /// none (a crate from before they were remembered); an error naming
    /// the key when one is missing or wrong.
    pub fn read(manifest: &str) -> Result<Option<Self>, String> {
        let document: toml_edit::DocumentMut =
            manifest.parse().map_err(|error| format!("not TOML: {error}"))?;
        let table = document
            .get("package")
            .and_then(|package| package.get("metadata"))
            .and_then(|metadata| metadata.get(TABLE));
        let Some(table) = table else { return Ok(None) };
        let string = |key: &str| {
            table.get(key).and_then(toml_edit::Item::as_str).map(str::to_owned).ok_or_else(|| {
                format!("`package.metadata.{TABLE}.{key}` is missing or not a string")
            })
        };
        let flag = |key: &str| {
            let value = table.get(key).map(|value| value.as_bool());
            value
                .unwrap_or(Some(false))
                .ok_or_else(|| format!("`package.metadata.{TABLE}.{key}` is not `true` or `false`"))
        };
        // A setting left out is the default of the crates that left it
        // out: their runtime was inlined.
        let runtime = || match table.get("runtime") {
            None => Ok(Runtime::Inline),
            Some(_) => Runtime::parse(&string("runtime")?)
                .map_err(|error| format!("`package.metadata.{TABLE}.runtime`: {error}")),
        };
        Ok(Some(Self {
            spec: string("spec")?,
            spec_sha256: string("spec-sha256")?,
            generator: string("generator")?,
            strict: flag("strict")?,
            runtime: runtime()?,
            drop_undeclared: flag("drop-undeclared")?,
            standalone: flag("standalone")?,
        }))
    }
}

/// A run's settings made whole: each one given, else the one the crate in
/// `out` remembers, else the default. The spec's path comes back relative
/// to the directory the run is in, as a given one is.
pub(super) fn resolve(
    settings: &CrateSettings,
    out: &Path,
    remembered: Option<&Remembered>,
) -> Result<(PathBuf, Options), CrateError> {
    let spec = match (&settings.spec, remembered) {
        (Some(spec), _) => spec.clone(),
        (None, Some(remembered)) => out.join(&remembered.spec),
        (None, None) => return Err(CrateError::NoSpec(out.to_path_buf())),
    };
    let spec_name = spec
        .file_name()
        .map_or_else(|| spec.display().to_string(), |file| file.to_string_lossy().into_owned());
    let pick =
        |given: Option<bool>, remembered: Option<bool>| given.or(remembered).unwrap_or(false);
    let runtime = settings.runtime.clone().or_else(|| remembered.map(|r| r.runtime.clone()));
    // A whole crate's runtime is vendored unless asked otherwise.
    let runtime = runtime.unwrap_or(Runtime::Vendored);
    if let Runtime::Path(dir) = &runtime {
        check_runtime_path(out, dir)?;
    }
    let options = Options::new(super::COMMAND, spec_name)
        .strict(pick(settings.strict, remembered.map(|r| r.strict)))
        .runtime(runtime)
        .drop_undeclared(pick(settings.drop_undeclared, remembered.map(|r| r.drop_undeclared)))
        .standalone(pick(settings.standalone, remembered.map(|r| r.standalone)));
    Ok((spec, options))
}

/// A runtime by path must be there: the crate at `dir` (relative to the
/// crate in `out`) must be the runtime's package.
fn check_runtime_path(out: &Path, dir: &str) -> Result<(), CrateError> {
    // As Cargo will find it once the crate's directory exists.
    let mut manifest = resolved(out);
    for part in Path::new(dir).join("Cargo.toml").components() {
        match part {
            std::path::Component::ParentDir => _ = manifest.pop(),
            std::path::Component::CurDir => {}
            part => manifest.push(part),
        }
    }
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let document: Option<toml_edit::DocumentMut> = text.parse().ok();
    let name = document.as_ref().and_then(|doc| doc.get("package")?.get("name")?.as_str());
    match name == Some(crate::runtime::PACKAGE) {
        true => Ok(()),
        false => Err(CrateError::NoRuntime { dir: dir.to_owned(), manifest }),
    }
}

/// The SHA-256 of a spec's text in hex, its line ends read as `\n`.
fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `path` relative to the directory `dir` (which need not exist yet), with
/// `/` between parts; absolute when there is no relative path (another
/// drive).
fn relative_path(path: &Path, dir: &Path) -> String {
    let (path, dir) = (resolved(path), resolved(dir));
    let relative = pathdiff::diff_paths(&path, &dir).unwrap_or(path);
    let parts: Vec<String> =
        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// `path` made absolute with links resolved, as far as it exists: the
/// part that does not exist yet is appended as given.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_as_written() {
        let remembered = Remembered {
            spec: "../specs/pet \"store\".yaml".to_owned(),
            spec_sha256: sha256("a\r\nb\n"),
            generator: "0.1.0".to_owned(),
            strict: true,
            runtime: Runtime::Path("../runtime".to_owned()),
            drop_undeclared: true,
            standalone: false,
        };
        let mut manifest = toml_edit::DocumentMut::new();
        manifest["package"]["name"] = toml_edit::value("x");
        manifest["package"]["metadata"][TABLE] =
            toml_edit::Item::Table(crate::emit::package::remembered_table(&remembered));
        assert_eq!(Remembered::read(&manifest.to_string()), Ok(Some(remembered)));
        assert_eq!(sha256("a\r\nb\n"), sha256("a\nb\n"));
        assert_eq!(Remembered::read("[package]\nname = \"x\"\n"), Ok(None));
    }

    #[test]
    fn wrong_settings_name_their_key() {
        let manifest = |table: &str| format!("[package.metadata.apicrate]\n{table}");
        let full = "spec = \"a.yaml\"\nspec-sha256 = \"00\"\ngenerator = \"0.1.0\"\n";
        let missing = Remembered::read(&manifest("spec = \"a.yaml\"\n")).unwrap_err();
        assert!(
            missing.contains("`package.metadata.apicrate.spec-sha256` is missing"),
            "{missing}"
        );
        let runtime = Remembered::read(&manifest(&format!("{full}runtime = \"path=\"\n")));
        assert!(runtime.unwrap_err().contains("`package.metadata.apicrate.runtime`"));
        let flag = manifest(&format!("{full}runtime = \"inline\"\nstrict = \"yes\"\n"));
        let flag = Remembered::read(&flag).unwrap_err();
        assert!(flag.contains("`package.metadata.apicrate.strict` is not `true` or `false`"));
    }

    #[test]
    fn spec_paths_are_relative_to_the_crate() {
        let base = std::env::temp_dir().join(format!("apicrate-paths-{}", std::process::id()));
        std::fs::create_dir_all(base.join("specs")).expect("scratch dir");
        let spec = base.join("specs/api.yaml");
        assert_eq!(relative_path(&spec, &base.join("crates/api")), "../../specs/api.yaml");
        assert_eq!(relative_path(&spec, &base.join("specs/../new")), "../specs/api.yaml");
        assert_eq!(relative_path(&spec, &base.join("specs/x")), "../api.yaml");
        assert_eq!(relative_path(&spec, &base), "specs/api.yaml");
        let _ = std::fs::remove_dir_all(&base);
    }
}

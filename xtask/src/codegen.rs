//! `cargo xtask regenerate` and `cargo xtask generate`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use generator::output::{diff_tree, write_tree};
use generator::Options;

/// The spec, relative to the workspace root.
pub const SPEC: &str = "spec/graph-photos.yaml";
/// The command that writes standalone crates, named in their headers.
const GENERATE: &str = "cargo xtask generate";
/// The generated module tree, relative to the workspace root.
pub const GENERATED: &str = "generated/src/gen";

/// `regenerate [--check]`.
pub fn regenerate(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask regenerate [--check]"),
    };
    // Our own spec is held to the strictest standard: no fallbacks.
    let options = Options::new("cargo xtask regenerate", SPEC).strict(true);
    let generated = generator::generate(&root.join(SPEC), &options)?;
    check_manifest_features(root, &generated.features)?;
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
/// uses, and make each a default feature.
fn check_manifest_features(root: &Path, features: &[String]) -> anyhow::Result<()> {
    const MANIFEST: &str = "generated/Cargo.toml";
    let text = std::fs::read_to_string(root.join(MANIFEST))
        .with_context(|| format!("cannot read {MANIFEST}"))?;
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

/// `generate --spec FILE --out DIR [--name CRATE] [--strict] [--report FILE]`.
pub fn generate(args: &[String]) -> anyhow::Result<()> {
    const USAGE: &str =
        "usage: cargo xtask generate --spec FILE --out DIR [--name CRATE] [--strict] [--report FILE.md|FILE.json]";
    let (mut spec, mut out, mut name, mut report_file) = (None, None, None, None);
    let mut strict = false;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let slot = match flag.as_str() {
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--name" => &mut name,
            "--report" => &mut report_file,
            "--strict" => {
                strict = true;
                continue;
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        };
        let value = rest.next().with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        *slot = Some(value.clone());
    }
    let spec = PathBuf::from(spec.context(USAGE)?);
    let out = PathBuf::from(out.context(USAGE)?);
    let name = match name {
        Some(name) => name,
        None => default_crate_name(&spec),
    };
    if !valid_crate_name(&name) {
        bail!("`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter");
    }
    let written = write_crate(&spec, &out, &name, strict)?;
    let report = &written.report;
    if !report.warnings.is_empty() {
        eprint!("{}", report.warnings);
    }
    if let Some(file) = report_file {
        let text = if file.ends_with(".json") { report.json() } else { report.markdown() };
        std::fs::write(&file, text)
            .with_context(|| format!("cannot write the report to {file}"))?;
    }
    eprint!(
        "generated crate `{name}` in {}:\n{}{}\n",
        out.display(),
        written.files,
        report.summary()
    );
    Ok(())
}

/// What [`write_crate`] produced.
pub struct Written {
    /// What was generated, and what only with a fallback.
    pub report: generator::Report,
    /// One line per file written, added or removed.
    pub files: String,
}

/// Generates the crate `name` for `spec` into `out`, which must be absent,
/// empty or generated by this command before. With `strict`, a warning is
/// an error.
pub fn write_crate(spec: &Path, out: &Path, name: &str, strict: bool) -> anyhow::Result<Written> {
    refuse_foreign_directory(out)?;
    let spec_name = spec
        .file_name()
        .map_or_else(|| spec.display().to_string(), |file| file.to_string_lossy().into_owned());
    let options = Options::new(GENERATE, spec_name).strict(strict);
    // Everything is generated in memory first: a spec with problems leaves
    // the directory untouched. Only `src/gen/` (replaced as a whole),
    // `Cargo.toml` and `src/lib.rs` belong to the generator; a lock file,
    // `target/` or other files beside them are kept.
    let generated = generator::generate(spec, &options)?;
    let gen_dir = out.join("src/gen");
    let diff = write_tree(&gen_dir, &generated.files)?;
    let mut files = diff.summary(&gen_dir.display().to_string());
    for (path, contents) in generator::crate_scaffold(name, &options, &generated) {
        if generator::output::write_file(&out.join(&path), &contents)? {
            files.push_str(&format!("  wrote:   {}\n", out.join(&path).display()));
        }
    }
    Ok(Written { report: generated.report, files })
}

/// The crate name for a spec file: its stem as kebab-case words.
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    // Words of ASCII letters and digits, so the library name
    // (`-` becomes `_`) is a snake_case identifier: no doubled separators.
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let name = words.join("-");
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else if name.is_empty() {
        "api".to_owned()
    } else {
        format!("api-{name}")
    }
}

fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
}

/// `--out` is replaced as a whole, so it must be empty, absent, or a crate
/// this command generated before.
fn refuse_foreign_directory(out: &Path) -> anyhow::Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!("--out {} exists and is not a directory", out.display());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot list {}", out.display()))?
        .next()
        .is_none();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
    if empty || generator::header::is_generated_by(&manifest, GENERATE) {
        return Ok(());
    }
    bail!(
        "--out {} is not empty and was not generated by this command; refusing to replace it (choose a new directory)",
        out.display()
    )
}

#[cfg(test)]
mod tests {
    use super::missing_features;

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
}

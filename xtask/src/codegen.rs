//! `cargo xtask regenerate` and `cargo xtask generate`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use generator::output::{diff_tree, write_tree};
use generator::EmitOptions;

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
    let options =
        EmitOptions { command: "cargo xtask regenerate".to_owned(), spec_name: SPEC.to_owned() };
    let files = generator::generate(&root.join(SPEC), &options)?;
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

/// `generate --spec FILE --out DIR [--name CRATE]`.
pub fn generate(args: &[String]) -> anyhow::Result<()> {
    const USAGE: &str = "usage: cargo xtask generate --spec FILE --out DIR [--name CRATE]";
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let slot = match flag.as_str() {
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--name" => &mut name,
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
    refuse_foreign_directory(&out)?;
    let options = EmitOptions {
        command: GENERATE.to_owned(),
        spec_name: spec
            .file_name()
            .map(|file| file.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec.display().to_string()),
    };
    // Everything is generated in memory first: a spec with problems leaves
    // the directory untouched. Only `src/gen/` (replaced as a whole),
    // `Cargo.toml` and `src/lib.rs` belong to the generator; a lock file,
    // `target/` or other files beside them are kept.
    let module = generator::generate(&spec, &options)?;
    let gen_dir = out.join("src/gen");
    let diff = write_tree(&gen_dir, &module)?;
    let mut summary = diff.summary(&gen_dir.display().to_string());
    for (path, contents) in generator::crate_scaffold(&name, &options) {
        if generator::output::write_file(&out.join(&path), &contents)? {
            summary.push_str(&format!("  wrote:   {}\n", out.join(&path).display()));
        }
    }
    eprint!("generated crate `{name}` in {}:\n{summary}", out.display());
    Ok(())
}

fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let name = name.trim_matches('-');
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.to_owned()
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

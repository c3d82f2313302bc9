//! `apicrate`: a typed Rust crate from an OpenAPI 3.0 or 3.1 description.
//!
//! ```text
//! apicrate generate --spec petstore.yaml --out petstore   # write the crate
//! apicrate generate --out petstore                        # again, as it was made
//! apicrate check --out petstore                           # is it fresh?
//! apicrate diff old.yaml new.yaml                         # what a change breaks
//! ```
//!
//! Paths are relative to the directory it runs in. Exit status: 0 success;
//! 1 the spec has problems, or a file could not be read or written; 2 a
//! usage error (nothing was done); 3 `check` found the crate stale, or `diff`
//! found changes of its `--fail-on` level (breaking ones by default).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use apicrate_codegen::review::{self, Impact};
use apicrate_codegen::scaffold::{self, CrateSettings};
use clap::{Parser, Subcommand};

/// Exit status when `check` or `diff` finds what it looks for.
const FOUND: u8 = 3;

/// Generates typed Rust crates from OpenAPI 3.0 and 3.1 descriptions (YAML or JSON).
#[derive(Parser)]
#[command(name = "apicrate", version = apicrate_codegen::VERSION)]
#[command(after_help = "Exit status: 0 success; 1 the spec has problems, or a file could not be \
read or written; 2 a usage error; 3 `check` found the crate stale, or `diff` found changes of its \
--fail-on level (breaking ones by default).")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write (or update) the crate for a spec
    ///
    /// The crate's `Cargo.toml`, `src/lib.rs`, `src/gen/` and `runtime/`
    /// (its vendored runtime) are generated;
    /// a lock file, `target/` and other files in the directory are kept,
    /// and so are the tables of `Cargo.toml` it does not write
    /// (`[dev-dependencies]`, `[lints]`, targets, other tools' metadata). A
    /// directory that holds something else is refused. Nothing is written
    /// when the spec has problems. The crate's `Cargo.toml` remembers the
    /// spec and the settings: a later run needs only `--out`.
    Generate {
        #[command(flatten)]
        target: Target,
        /// Write every warning and the degraded operations to FILE, as
        /// Markdown, or as JSON when FILE ends in `.json`
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
    },
    /// Check that a generated crate is what its spec generates now
    ///
    /// Prints a diff and exits with 3 when it is stale; changes nothing.
    Check {
        #[command(flatten)]
        target: Target,
    },
    /// Review a spec change: what it means for users of the generated crate
    ///
    /// Prints a Markdown report of every change to operations and schemas,
    /// breaking or compatible, with the Rust items it affects.
    Diff {
        /// The spec before the change
        old: PathBuf,
        /// The spec after the change
        new: PathBuf,
        /// Also write the report to FILE
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The report's format: Markdown, JSON (its JSON Schema is
        /// generator/src/review/review.schema.json), or GitHub workflow
        /// commands (an annotation per change on NEW)
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Exit with 3 when a change of this level is found: `breaking`
        /// changes, any change at all (`compatible`), or never (`none`)
        #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Breaking)]
        fail_on: FailOn,
        /// The same as `--fail-on none`
        #[arg(long, conflicts_with = "fail_on")]
        allow_breaking: bool,
        /// Changes already acknowledged, one `CHECK-ID POINTER` per line
        /// (`#` comments): left out of the report and of --fail-on
        #[arg(long, value_name = "FILE")]
        ignore: Option<PathBuf>,
    },
}

/// How `diff` writes its report.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
    /// GitHub workflow commands: an annotation per change on the new spec
    Github,
}

/// The changes that make `diff` exit with 3.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Compatible,
    None,
}

/// A crate and what it is generated with. What is not given here is what
/// the crate remembers (in its `Cargo.toml`), else the default.
#[derive(clap::Args)]
struct Target {
    /// The crate's directory
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    settings: CrateSettings,
}

/// Many small token trees on every core: mimalloc allocates them faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate { target, report } => generate(&target, report),
        Command::Check { target } => check(&target),
        Command::Diff { old, new, out, format, fail_on, allow_breaking, ignore } => {
            let fail_on = if allow_breaking { FailOn::None } else { fail_on };
            diff(&old, &new, out, format, fail_on, ignore.as_deref())
        }
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn generate(target: &Target, report_file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let written = scaffold::write_crate(&target.out, &target.settings)?;
    if let Some(title_name) = &written.title_name {
        eprintln!(
            "note: the crate keeps its name `{}`; its new spec's title would name it `{title_name}` (--name renames it)",
            written.name
        );
    }
    let report = &written.report;
    if !report.warnings.is_empty() {
        eprint!("{}", report.warnings);
    }
    if let Some(file) = report_file {
        let json = file.extension().is_some_and(|ext| ext == "json");
        let text = if json { report.json() } else { report.markdown() };
        std::fs::write(&file, text)
            .with_context(|| format!("cannot write the report to {}", file.display()))?;
    }
    let changes = written.changes.summary(&target.out.display().to_string());
    let changes = if changes.is_empty() { "  (already up to date)\n".to_owned() } else { changes };
    eprint!(
        "crate `{}` in {}:\n{changes}{}\n",
        written.name,
        target.out.display(),
        report.summary()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(target: &Target) -> anyhow::Result<ExitCode> {
    let checked = scaffold::check_crate(&target.out, &target.settings)?;
    let (name, dir) = (&checked.name, target.out.display().to_string());
    if checked.diff.is_empty() {
        eprintln!("crate `{name}` in {dir} is up to date with {}", checked.spec.display());
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", checked.diff.report(&dir));
    eprintln!(
        "crate `{name}` in {dir} is stale: run `{}`",
        target.settings.generate_command(&target.out)
    );
    Ok(ExitCode::from(FOUND))
}

fn diff(
    old: &std::path::Path,
    new: &std::path::Path,
    out: Option<PathBuf>,
    format: Format,
    fail_on: FailOn,
    ignore: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let review::Compared { old: old_api, new: new_api, mut changes } = review::compare(old, new)?;
    if let Some(file) = ignore {
        let applied = review::Ignores::read(file).map_err(anyhow::Error::msg)?.apply(changes);
        applied.notes(file).iter().for_each(|note| eprintln!("{note}"));
        changes = applied.kept;
    }
    let (old_label, new_label) = (old.display().to_string(), new.display().to_string());
    let versions = (old_api.version.as_str(), new_api.version.as_str());
    let report = match format {
        Format::Markdown => review::markdown(&changes, &old_label, &new_label, versions),
        Format::Json => review::json(&changes, (&old_label, &new_label), versions),
        Format::Github => review::github(&changes, &new_label),
    };
    std::io::stdout().write_all(report.as_bytes()).context("cannot write the report")?;
    if let Some(out) = out {
        std::fs::write(&out, &report).with_context(|| format!("cannot write {}", out.display()))?;
    }
    let breaking = changes.iter().filter(|change| change.impact == Impact::Breaking).count();
    match fail_on {
        FailOn::Breaking if breaking > 0 => {
            eprintln!("{breaking} breaking change(s) for users of the crate (--fail-on none, or --allow-breaking, to accept them)");
            Ok(ExitCode::from(FOUND))
        }
        FailOn::Compatible if !changes.is_empty() => {
            eprintln!(
                "{} change(s), {breaking} of them breaking (--fail-on compatible)",
                changes.len()
            );
            Ok(ExitCode::from(FOUND))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

//! `cargo xtask corpus DIR`: the generator on a folder of real OpenAPI
//! descriptions, as a new user would try it. For every spec it generates a
//! crate, then `cargo check`s each crate with warnings denied, and reports
//! what it got: operations, warnings, refused or not, compiles or not.
//!
//! The specs are the user's: nothing under DIR is copied into the
//! repository. Crates and the report go to `target/corpus/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context as _};

use crate::codegen;

/// What happened to one spec.
struct Outcome {
    name: String,
    operations: Option<usize>,
    warnings: usize,
    generated: Result<(), String>,
    check: Option<Result<(), String>>,
    seconds: f64,
}

pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let (dir, only) = match args {
        [dir] => (PathBuf::from(dir), None),
        [dir, flag, name] if flag == "--only" => (PathBuf::from(dir), Some(name.as_str())),
        _ => bail!("usage: cargo xtask corpus DIR [--only NAME]"),
    };
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
        })
        .filter(|path| only.is_none_or(|only| path.file_stem().is_some_and(|stem| stem == only)))
        .collect();
    specs.sort();
    if specs.is_empty() {
        bail!("no .yaml, .yml or .json specs in {}", dir.display());
    }
    let out = root.join("target/corpus");
    let crates = out.join("crates");
    std::fs::create_dir_all(&crates).context("cannot create target/corpus")?;
    let lock = std::fs::read(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;

    let mut outcomes = Vec::new();
    for spec in &specs {
        let name = codegen::default_crate_name(spec);
        eprintln!("==> {name}");
        let started = Instant::now();
        let crate_dir = crates.join(&name);
        let generated = codegen::write_crate(spec, &crate_dir, &name, false);
        let (operations, warnings, generated) = match generated {
            Ok(written) => {
                (Some(written.report.operations), written.report.warnings.problems.len(), Ok(()))
            }
            Err(error) => (None, 0, Err(first_line(&format!("{error:#}")))),
        };
        let check = generated.is_ok().then(|| {
            // The project's lock file: same dependency versions, no index lookups.
            std::fs::write(crate_dir.join("Cargo.lock"), &lock)
                .context("cannot write a lock file")?;
            check_crate(root, &crate_dir)
        });
        let check = check.map(|result| result.map_err(|error| first_line(&format!("{error:#}"))));
        let seconds = started.elapsed().as_secs_f64();
        outcomes.push(Outcome { name, operations, warnings, generated, check, seconds });
    }
    let report = report(&outcomes);
    std::fs::write(out.join("REPORT.md"), &report)
        .context("cannot write target/corpus/REPORT.md")?;
    print!("{report}");
    eprintln!("written to target/corpus/REPORT.md");
    Ok(())
}

/// `cargo check` with warnings denied, in a target directory all the
/// corpus crates share.
fn check_crate(root: &Path, crate_dir: &Path) -> anyhow::Result<()> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format", "short"])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", root.join("target/corpus/target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .context("cannot run cargo check")?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors = stderr.lines().filter(|line| line.contains("error")).count();
    let first = stderr.lines().find(|line| line.contains("error")).unwrap_or("cargo check failed");
    bail!("{errors} error lines; first: {first}")
}

fn first_line(text: &str) -> String {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let first = lines.next().unwrap_or("").to_owned();
    match lines.next() {
        Some(second) => format!("{first} {}", second.trim()),
        None => first,
    }
}

fn report(outcomes: &[Outcome]) -> String {
    let compiled = outcomes.iter().filter(|o| matches!(o.check, Some(Ok(())))).count();
    let refused = outcomes.iter().filter(|o| o.generated.is_err()).count();
    let broken = outcomes.iter().filter(|o| matches!(o.check, Some(Err(_)))).count();
    let operations: usize = outcomes.iter().filter_map(|o| o.operations).sum();
    let mut out = String::from("# Corpus\n\n");
    let _ = writeln!(
        out,
        "{compiled} of {} specs generate a crate that compiles with `-D warnings`; {refused} refused, {broken} generated code that does not compile. {operations} operations generated.\n",
        outcomes.len()
    );
    out.push_str("| spec | operations | warnings | result | seconds |\n|---|---:|---:|---|---:|\n");
    for outcome in outcomes {
        let result = match (&outcome.generated, &outcome.check) {
            (Err(error), _) => format!("refused: {}", escape(error)),
            (Ok(()), Some(Ok(()))) => "compiles".to_owned(),
            (Ok(()), Some(Err(error))) => format!("does not compile: {}", escape(error)),
            (Ok(()), None) => "not checked".to_owned(),
        };
        let operations = outcome.operations.map_or("-".to_owned(), |n| n.to_string());
        let _ = writeln!(
            out,
            "| {} | {operations} | {} | {result} | {:.1} |",
            outcome.name, outcome.warnings, outcome.seconds
        );
    }
    out
}

fn escape(text: &str) -> String {
    let text = text.replace('|', "\\|");
    match text.char_indices().nth(300) {
        Some((index, _)) => format!("{}...", &text[..index]),
        None => text,
    }
}

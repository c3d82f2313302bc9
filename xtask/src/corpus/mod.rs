//! `cargo xtask corpus DIR`: the generator on a folder of real OpenAPI
//! descriptions, as a new user would try it. For every spec it generates a
//! crate, then `cargo check`s each crate with warnings denied, and reports
//! what it got: operations, warnings, refused or not, compiles or not.
//!
//! With `--peer`, progenitor (through `xtask/peer-bench`, as in `cargo xtask
//! bench`) gets the same specs, and the report has its result beside ours.
//!
//! With `--examples`, each crate's tests of the spec's documented examples
//! run instead of `cargo check`, and the report says how many read and
//! write back as documented ([`examples`]).
//!
//! The specs are the user's: nothing under DIR is copied into the
//! repository. Crates and the report go to `target/corpus/`.

mod examples;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use anyhow::{bail, Context as _};

/// What the report calls the peer; keep in step with the `progenitor-impl`
/// pin in `xtask/peer-bench/Cargo.toml`.
const PEER: &str = "progenitor 0.15.1";

/// What happened to one spec.
struct Outcome {
    name: String,
    operations: Option<usize>,
    warnings: usize,
    generated: Result<(), String>,
    check: Option<Result<(), String>>,
    /// `cargo doc` of a crate that compiles, rustdoc's warnings denied.
    docs: Option<Result<(), String>>,
    seconds: f64,
    /// progenitor's result, with `--peer`.
    peer: Option<PeerResult>,
    /// What the crate's example tests say, with `--examples`.
    examples: Option<examples::Examples>,
}

/// What happened to one spec with progenitor.
enum PeerResult {
    /// peer-bench died of a panic in progenitor.
    Panicked(String),
    /// peer-bench failed otherwise: progenitor returned an error, or the
    /// spec did not parse as progenitor's `openapiv3` types.
    Refused(String),
    Compiles,
    DoesNotCompile(String),
}

/// `corpus DIR [--only NAME] [--peer]`.
#[derive(clap::Args)]
pub struct Args {
    /// A folder of OpenAPI 3.0 descriptions (`.yaml`, `.yml`, `.json`)
    dir: PathBuf,
    /// Only the spec whose file stem is NAME
    #[arg(long, value_name = "NAME")]
    only: Option<String>,
    /// Also run progenitor on each spec and check its crate
    #[arg(long)]
    peer: bool,
    /// Run each crate's tests of the spec's examples (read, then written
    /// back) and weigh them against JSON Schema, instead of `cargo check`
    #[arg(long)]
    examples: bool,
}

pub fn run(root: &Path, options: Args) -> anyhow::Result<()> {
    let specs = specs(&options.dir, options.only.as_deref())?;
    let out = root.join("target/corpus");
    let crates = out.join("crates");
    std::fs::create_dir_all(&crates).context("cannot create target/corpus")?;
    let lock = std::fs::read(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    // Before the first spec, so that a peer that does not build ends the run
    // at once rather than after ours.
    let mut peer = if options.peer { Some(Peer::build(root)?) } else { None };

    let mut outcomes = Vec::new();
    for spec in &specs {
        let stem = spec.file_stem().map(|stem| stem.to_string_lossy()).unwrap_or_default();
        let name =
            apicrate_codegen::scaffold::crate_name_from(&stem).unwrap_or_else(|| "api".to_owned());
        eprintln!("==> {name}");
        let mut outcome = ours(root, spec, &crates.join(&name), &name, &lock, options.examples);
        if let Some(peer) = &mut peer {
            outcome.peer = Some(peer.run(spec, &name)?);
        }
        outcomes.push(outcome);
    }
    let mut report = report(&outcomes);
    if options.examples {
        let weighed: Vec<(&str, &examples::Examples)> = outcomes
            .iter()
            .filter_map(|o| o.examples.as_ref().map(|e| (o.name.as_str(), e)))
            .collect();
        examples::report(&mut report, &weighed);
    }
    std::fs::write(out.join("REPORT.md"), &report)
        .context("cannot write target/corpus/REPORT.md")?;
    print!("{report}");
    eprintln!("written to target/corpus/REPORT.md");
    Ok(())
}

/// The specs in `dir`, sorted, or only the one named `only`.
fn specs(dir: &Path, only: Option<&str>) -> anyhow::Result<Vec<PathBuf>> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
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
    Ok(specs)
}

/// Our generator on `spec`: its crate in `crate_dir`, checked, or with
/// `examples` its example tests run.
fn ours(
    root: &Path,
    spec: &Path,
    crate_dir: &Path,
    name: &str,
    lock: &[u8],
    examples: bool,
) -> Outcome {
    let started = Instant::now();
    let settings = apicrate_codegen::scaffold::CrateSettings {
        spec: Some(spec.to_path_buf()),
        name: Some(name.to_owned()),
        // Beside the other corpus crates, each builds on its own.
        standalone: Some(true),
        ..Default::default()
    };
    let generated = apicrate_codegen::scaffold::write_crate(crate_dir, &settings);
    let (operations, warnings, api) = match generated {
        Ok(written) => {
            let report = &written.report;
            (Some(report.operations), report.warnings.problems.len(), Ok(written.api))
        }
        Err(error) => (None, 0, Err(first_line(&format!("{error:#}")))),
    };
    let mut weighed = None;
    let check = api.as_ref().ok().map(|api| {
        // The project's lock file: the same dependency versions. Not
        // `--offline` below: on a new machine, what the workspace's own
        // builds did not need is downloaded the first time.
        std::fs::write(crate_dir.join("Cargo.lock"), lock).context("cannot write a lock file")?;
        if !examples {
            return check_crate(root, crate_dir);
        }
        // The tests build the crate with warnings denied: a check of their own.
        let target = root.join(TARGET);
        let result = examples::weigh(api, spec, crate_dir, &target)?;
        let broken = result.broken.clone();
        weighed = Some(result);
        match broken {
            Some(error) => bail!("{error}"),
            None => Ok(()),
        }
    });
    let check = check.map(|result| result.map_err(|error| first_line(&format!("{error:#}"))));
    let docs = matches!(check, Some(Ok(()))).then(|| {
        document_crate(root, crate_dir).map_err(|error| first_line(&format!("{error:#}")))
    });
    let generated = api.map(drop);
    let seconds = started.elapsed().as_secs_f64();
    Outcome {
        name: name.to_owned(),
        operations,
        warnings,
        generated,
        check,
        docs,
        seconds,
        peer: None,
        examples: weighed,
    }
}

/// The target directory all the corpus crates of ours build in.
const TARGET: &str = "target/corpus/target";

/// `cargo check` with warnings denied.
fn check_crate(root: &Path, crate_dir: &Path) -> anyhow::Result<()> {
    cargo_check(cargo_in(root, crate_dir, &["check"]).env("RUSTFLAGS", "-D warnings"))
}

/// `cargo doc` of the crate alone with rustdoc's warnings denied: spec text
/// in its docs (bare URLs, brackets, HTML) must not break a build that
/// denies warnings.
fn document_crate(root: &Path, crate_dir: &Path) -> anyhow::Result<()> {
    let mut doc = cargo_in(root, crate_dir, &["doc", "--no-deps", "--all-features"]);
    cargo_check(doc.env("RUSTDOCFLAGS", "-D warnings"))
}

/// `cargo SUBCOMMAND` in `crate_dir`, quiet and with short messages, in
/// the target directory the corpus crates share.
fn cargo_in(root: &Path, crate_dir: &Path, subcommand: &[&str]) -> Command {
    let mut command = cargo();
    command
        .args(subcommand)
        .args(["--quiet", "--message-format", "short"])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", root.join(TARGET));
    command
}

fn cargo() -> Command {
    Command::new(crate::cargo_program())
}

/// Runs a `cargo check` (or `doc`), summing up its errors when it fails.
fn cargo_check(command: &mut Command) -> anyhow::Result<()> {
    let output = command.output().context("cannot run cargo")?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors = stderr.lines().filter(|line| line.contains("error")).count();
    let first = stderr.lines().find(|line| line.contains("error")).unwrap_or("cargo check failed");
    bail!("{errors} error lines; first: {first}")
}

/// progenitor through the peer-bench binary, writing its crates to
/// `target/corpus/peer/<name>`.
struct Peer {
    binary: PathBuf,
    crates: PathBuf,
    /// One target directory for all of progenitor's crates, apart from
    /// ours: their dependencies (reqwest 0.13, ...) are not ours.
    target: PathBuf,
    /// The first peer crate's lock file, given to the others: their
    /// dependencies are the same, so one resolution serves them all and the
    /// shared target directory builds each dependency once.
    lock: Option<Vec<u8>>,
}

impl Peer {
    /// Builds peer-bench, in release and in its own workspace, as
    /// `cargo xtask bench` does.
    fn build(root: &Path) -> anyhow::Result<Self> {
        crate::run(
            crate::cargo(root)
                .args(["build", "--release", "--quiet", "--manifest-path"])
                .arg(root.join("xtask/peer-bench/Cargo.toml")),
        )?;
        Ok(Peer {
            binary: root.join("xtask/peer-bench/target/release/peer-bench"),
            crates: root.join("target/corpus/peer"),
            target: root.join("target/corpus/peer-target"),
            lock: None,
        })
    }

    /// progenitor's crate for `spec`, checked. An error is only for what
    /// stops the corpus run itself (peer-bench or cargo cannot start).
    fn run(&mut self, spec: &Path, name: &str) -> anyhow::Result<PeerResult> {
        let crate_dir = self.crates.join(name);
        // A crate from an earlier run must not pass for this one's.
        let _ = std::fs::remove_dir_all(&crate_dir);
        let output = Command::new(&self.binary)
            .arg("crate")
            .arg(spec)
            .arg(&crate_dir)
            // A panic or error message without a backtrace, whatever the
            // caller's environment.
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .output()
            .with_context(|| format!("cannot run {}", self.binary.display()))?;
        if let Some(failure) = peer_failure(&output) {
            return Ok(failure);
        }
        if let Some(lock) = &self.lock {
            std::fs::write(crate_dir.join("Cargo.lock"), lock)
                .context("cannot write a lock file")?;
        }
        let check = self.check(&crate_dir);
        if self.lock.is_none() {
            self.lock = std::fs::read(crate_dir.join("Cargo.lock")).ok();
        }
        Ok(match check {
            Ok(()) => PeerResult::Compiles,
            Err(error) => PeerResult::DoesNotCompile(first_line(&format!("{error:#}"))),
        })
    }

    /// `cargo check` without denying warnings: peer-bench starts
    /// progenitor's lib.rs with `#![allow(warnings)]`, and denying them here
    /// would judge it by a rule its crate opts out of. Not `--offline`: its
    /// dependencies are downloaded the first time.
    fn check(&self, crate_dir: &Path) -> anyhow::Result<()> {
        cargo_check(
            cargo()
                .args(["check", "--quiet", "--message-format", "short"])
                .current_dir(crate_dir)
                .env("CARGO_TARGET_DIR", &self.target)
                .env_remove("RUSTFLAGS"),
        )
    }
}

/// How peer-bench failed, if it did. Rust exits with 101 after a panic;
/// anyhow's error from `main` exits with 1.
fn peer_failure(output: &Output) -> Option<PeerResult> {
    if output.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut message = one_line(&stderr);
    if message.is_empty() {
        message = output.status.to_string();
    }
    if output.status.code() == Some(101) && stderr.contains("panicked") {
        Some(PeerResult::Panicked(panic_place(&message)))
    } else {
        Some(PeerResult::Refused(message))
    }
}

/// peer-bench's stderr on one line: anyhow's `Error: ... Caused by: ...`
/// chain, or the panic's place and message, without the backtrace hint.
fn one_line(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "Caused by:")
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `thread 'main' (1234) panicked at /root/.cargo/registry/src/index.../
/// progenitor-impl-0.15.1/src/method.rs:1220:9: ...` as `at
/// progenitor-impl-0.15.1/src/method.rs:1220:9: ...`: the same text from
/// one run or machine to the next.
fn panic_place(message: &str) -> String {
    let message =
        message.find("panicked at ").map_or(message, |at| &message[at + "panicked ".len()..]);
    let Some(registry) = message.find("/registry/src/") else {
        return message.to_owned();
    };
    let start = message[..registry].rfind(' ').map_or(0, |space| space + 1);
    let index = registry + "/registry/src/".len();
    let end = message[index..].find('/').map_or(message.len(), |slash| index + slash + 1);
    format!("{}{}", &message[..start], &message[end..])
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
    let documented = outcomes.iter().filter(|o| matches!(o.docs, Some(Ok(())))).count();
    let peer = outcomes.iter().any(|o| o.peer.is_some());
    let mut out = String::from("# Corpus\n\n");
    let _ = writeln!(
        out,
        "{compiled} of {} specs generate a crate that compiles with `-D warnings`; {refused} refused, \
            {broken} generated code that does not compile. {operations} operations generated. {documented} \
            of the {compiled} crates document without a rustdoc warning (`cargo doc`, `RUSTDOCFLAGS=-D \
            warnings`).\n",
        outcomes.len()
    );
    if peer {
        let _ = writeln!(out, "{}\n", peer_summary(outcomes));
    }
    out.push_str("| spec | operations | warnings | result | seconds |");
    out.push_str(if peer { " progenitor |\n" } else { "\n" });
    out.push_str("|---|---:|---:|---|---:|");
    out.push_str(if peer { "---|\n" } else { "\n" });
    for outcome in outcomes {
        let result = match (&outcome.generated, &outcome.check) {
            (Err(error), _) => format!("refused: {}", escape(error)),
            (Ok(()), Some(Ok(()))) => match &outcome.docs {
                Some(Err(error)) => format!("compiles; rustdoc warns: {}", escape(error)),
                _ => "compiles".to_owned(),
            },
            (Ok(()), Some(Err(error))) => format!("does not compile: {}", escape(error)),
            (Ok(()), None) => "not checked".to_owned(),
        };
        let operations = outcome.operations.map_or("-".to_owned(), |n| n.to_string());
        let _ = write!(
            out,
            "| {} | {operations} | {} | {result} | {:.1} |",
            outcome.name, outcome.warnings, outcome.seconds
        );
        match &outcome.peer {
            Some(result) => {
                let _ = writeln!(out, " {} |", peer_cell(result));
            }
            None if peer => out.push_str(" - |\n"),
            None => out.push('\n'),
        }
    }
    out
}

/// progenitor's totals, in the words of its table column.
fn peer_summary(outcomes: &[Outcome]) -> String {
    let results: Vec<&PeerResult> = outcomes.iter().filter_map(|o| o.peer.as_ref()).collect();
    let count = |wanted: fn(&PeerResult) -> bool| results.iter().filter(|r| wanted(r)).count();
    let compiled = count(|r| matches!(r, PeerResult::Compiles));
    let panicked = count(|r| matches!(r, PeerResult::Panicked(_)));
    let refused = count(|r| matches!(r, PeerResult::Refused(_)));
    let broken = count(|r| matches!(r, PeerResult::DoesNotCompile(_)));
    format!(
        "{PEER} (column `progenitor`, its crates checked with warnings allowed as its `#![allow(warnings)]` \
            asks): {compiled} of {} specs generate a crate that compiles; {panicked} panicked, {refused} \
            refused, {broken} generated code that does not compile.",
        results.len()
    )
}

fn peer_cell(result: &PeerResult) -> String {
    match result {
        PeerResult::Panicked(message) => format!("panicked: {}", escape(message)),
        PeerResult::Refused(message) => format!("refused: {}", escape(message)),
        PeerResult::Compiles => "compiles".to_owned(),
        PeerResult::DoesNotCompile(error) => format!("does not compile: {}", escape(error)),
    }
}

fn escape(text: &str) -> String {
    let text = text.replace('|', "\\|");
    match text.char_indices().nth(300) {
        Some((index, _)) => format!("{}...", &text[..index]),
        None => text,
    }
}

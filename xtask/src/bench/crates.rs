//! The generated crates themselves, ours and progenitor's, for the same
//! synthetic spec at each size: how long each generator takes as a whole
//! process (parse to files on disk), how many lines it writes, and what the
//! crate costs a user: `cargo check` of the crate alone (dependencies
//! prebuilt, `CARGO_INCREMENTAL=0`, median of three) and a debug build with
//! incremental compilation (dependencies prebuilt, one run).
//!
//! Every figure is read from `/usr/bin/time` (wall, user + system CPU, peak
//! resident memory of the largest process: rustc, or the generator).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _};

/// Times checked per crate; the median is reported.
const CHECK_RUNS: usize = 3;

/// One process, as `/usr/bin/time` saw it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    pub wall_s: f64,
    pub cpu_s: f64,
    pub peak_kib: u64,
}

/// What one generator's crate for one spec cost.
#[derive(Debug, Clone, Default)]
pub struct CrateCost {
    /// The generator as a whole process, median of three.
    pub generate: Run,
    /// Lines of Rust in the crate's `src/`.
    pub lines: usize,
    /// `cargo check` of the crate alone, median of three.
    pub check: Run,
    /// The first `cargo check` a user meets: the crate without a lock
    /// file, its dependencies already built, so resolving them counts.
    pub first_check: Run,
    /// `cargo build` (debug, incremental) of the crate alone.
    pub incremental: Run,
}

/// Which generator writes the crate.
pub enum Side<'a> {
    /// Our release `apicrate` (`generate --spec S --out DIR`), with these
    /// arguments, the crate checked with `build`'s features.
    Ours { tool: &'a Path, args: &'a [String], build: Build<'a> },
    /// progenitor through peer-bench (`crate S DIR`).
    Peer(&'a Path),
}

/// How our crate is built: with these features (beside the default ones
/// unless `no_default`), and whether its `cfg(any(...))` lists are first
/// rewritten into internal features ([`super::cfg_sets`]).
#[derive(Clone, Copy, Default)]
pub struct Build<'a> {
    pub features: &'a [&'a str],
    pub no_default: bool,
    pub cfg_sets: bool,
    /// `--all-features` (the client and every tag).
    pub all_features: bool,
}

/// Generates the crate for `spec` in `dir/name` and measures it, building
/// in a target directory under `dir` shared by every crate of the side.
pub fn measure(side: &Side, spec: &Path, dir: &Path, name: &str) -> anyhow::Result<CrateCost> {
    let build = match side {
        Side::Ours { build, .. } => *build,
        Side::Peer(_) => Build::default(),
    };
    let out = dir.join(name);
    let mut runs = Vec::new();
    for _ in 0..CHECK_RUNS {
        let _ = std::fs::remove_dir_all(&out);
        let mut command = match side {
            Side::Ours { tool, args, .. } => {
                let mut command = timed(tool);
                command.args(["generate", "--name", name]).args(*args);
                command.arg("--spec").arg(spec).arg("--out");
                command
            }
            Side::Peer(peer) => {
                let mut command = timed(peer);
                command.arg("crate").arg(spec);
                command
            }
        };
        command.arg(&out);
        runs.push(run_timed(command, "the generator")?);
    }
    let generate = median(runs);
    if build.cfg_sets {
        super::cfg_sets::rewrite(&out)?;
    }
    let lines = rust_lines(&out.join("src"))?;
    let manifest = out.join("Cargo.toml");
    let target = dir.join(format!("target-{}", side_name(side)));
    // Dependencies downloaded (progenitor's crate needs `progenitor-client`,
    // which no other crate here uses) and built once, outside the timings.
    let fetch = crate::cargo(dir).args(["fetch", "--manifest-path"]).arg(&manifest).output();
    fetch.context("cargo fetch")?;
    cargo(&manifest, &target, "check", false, &build).output().context("cargo check")?;
    let mut checks = Vec::new();
    for _ in 0..CHECK_RUNS {
        touch(&out.join("src/lib.rs"))?;
        checks.push(run_timed(cargo(&manifest, &target, "check", true, &build), "cargo check")?);
    }
    let check = median(checks);
    // As a user meets it: no lock file, so cargo resolves the dependencies
    // (from its local index: nothing is downloaded) before checking.
    let _ = std::fs::remove_file(out.join("Cargo.lock"));
    touch(&out.join("src/lib.rs"))?;
    let first_check = run_timed(cargo(&manifest, &target, "check", true, &build), "cargo check")?;
    cargo(&manifest, &target, "build", false, &build).output().context("cargo build")?;
    let clean = crate::cargo(dir)
        .args(["clean", "--offline", "--package", name, "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output();
    clean.context("cargo clean")?;
    let mut debug = cargo(&manifest, &target, "build", true, &build);
    debug.env("CARGO_INCREMENTAL", "1");
    let incremental = run_timed(debug, "cargo build")?;
    Ok(CrateCost { generate, lines, check, first_check, incremental })
}

fn side_name(side: &Side) -> &'static str {
    match side {
        Side::Ours { .. } => "ours",
        Side::Peer(_) => "progenitor",
    }
}

/// `program` under `/usr/bin/time`, which writes its figures to a file.
fn timed(program: &Path) -> Command {
    let mut command = Command::new("/usr/bin/time");
    command.args(["-f", "%e %U %S %M", "-o"]).arg(times_file()).arg(program);
    command
}

fn times_file() -> PathBuf {
    std::env::temp_dir().join(format!("xtask-bench-time-{}", std::process::id()))
}

/// `cargo SUBCOMMAND` of the crate alone with `build`'s features, under
/// `/usr/bin/time` when `measured`.
fn cargo(
    manifest: &Path,
    target: &Path,
    subcommand: &str,
    measured: bool,
    build: &Build,
) -> Command {
    let program = crate::cargo_program();
    let mut command = if measured { timed(Path::new(&program)) } else { Command::new(program) };
    command
        .args([subcommand, "--quiet", "--offline", "--lib", "--manifest-path"])
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    if build.no_default {
        command.arg("--no-default-features");
    }
    if build.all_features {
        command.arg("--all-features");
    }
    if !build.features.is_empty() {
        command.args(["--features", &build.features.join(",")]);
    }
    command
}

fn run_timed(mut command: Command, what: &str) -> anyhow::Result<Run> {
    let output = command.output().with_context(|| format!("cannot run {what}"))?;
    if !output.status.success() {
        bail!("{what} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    let text = std::fs::read_to_string(times_file()).context("/usr/bin/time's figures")?;
    let figures: Vec<f64> =
        text.split_whitespace().filter_map(|field| field.parse().ok()).collect();
    let [wall_s, user, system, peak_kib] = figures[..] else {
        bail!("/usr/bin/time printed {text:?}");
    };
    Ok(Run { wall_s, cpu_s: user + system, peak_kib: peak_kib as u64 })
}

/// The run with the median CPU time (CPU is steadier than the wall clock
/// on a machine doing other work).
fn median(mut runs: Vec<Run>) -> Run {
    runs.sort_by(|a, b| a.cpu_s.total_cmp(&b.cpu_s));
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

/// Marks a file changed so cargo rebuilds its crate.
fn touch(path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> anyhow::Result<usize> {
    let mut lines = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                lines += std::fs::read_to_string(&path)?.lines().count();
            }
        }
    }
    Ok(lines)
}

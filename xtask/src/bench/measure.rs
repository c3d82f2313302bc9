//! Timing. The generator is timed in a release child process, one per spec
//! (`xtask bench-generator`), which reports its median stage times and peak
//! memory as one line of JSON; clean builds are timed by the wall clock; the
//! runtime figures come from divan's table. Also the helpers every side
//! shares: running a child for its output and reading peak memory.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context as _};

/// Median times of one generator on one spec. progenitor reports only a
/// total, so its stage fields stay 0.
pub struct Timing {
    pub load_ns: u128,
    pub lower_ns: u128,
    pub emit_ns: u128,
    pub total_ns: u128,
    pub peak_kib: u64,
}

impl Timing {
    pub fn per_operation_us(&self, operations: usize) -> f64 {
        self.total_ns as f64 / 1_000.0 / operations as f64
    }

    /// The line the child prints and [`ours`] reads back.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"load_ns":{},"lower_ns":{},"emit_ns":{},"total_ns":{},"peak_kib":{}}}"#,
            self.load_ns, self.lower_ns, self.emit_ns, self.total_ns, self.peak_kib
        )
    }
}

/// Builds our generator in release and returns the binary that times it:
/// this same xtask, whose `bench-generator` command the parent runs once per
/// spec. `cargo xtask` itself runs a debug build, whose figures would say
/// nothing about the generator users get.
pub fn build_generator(root: &Path) -> anyhow::Result<PathBuf> {
    let packages = ["--package", "xtask", "--package", "apicrate"];
    crate::run(crate::cargo(root).args(["build", "--release", "--quiet"]).args(packages))?;
    Ok(root.join("target/release/xtask"))
}

/// The `apicrate` binary [`build_generator`] built beside the xtask.
pub fn tool(xtask: &Path) -> PathBuf {
    xtask.with_file_name("apicrate")
}

/// Runs `binary bench-generator SPEC ITERATIONS` and reads its JSON line.
pub fn ours(binary: &Path, spec: &Path, iterations: usize) -> anyhow::Result<Timing> {
    let line =
        output(Command::new(binary).arg("bench-generator").arg(spec).arg(iterations.to_string()))?;
    let field = json_line(&line, "bench-generator")?;
    Ok(Timing {
        load_ns: u128::from(field("load_ns")),
        lower_ns: u128::from(field("lower_ns")),
        emit_ns: u128::from(field("emit_ns")),
        total_ns: u128::from(field("total_ns")),
        peak_kib: field("peak_kib"),
    })
}

/// The child's side of [`ours`]: loads, lowers and emits `text` (read from
/// `spec`) `iterations` times in this process and keeps each stage's median.
pub fn time_generator(spec: &str, text: &str, iterations: usize) -> anyhow::Result<Timing> {
    let options = apicrate_codegen::Options::new("cargo xtask bench", spec);
    let samples = (0..iterations.max(1))
        .map(|_| sample_stages(spec, text, &options))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let median = |stage: usize| {
        let mut values: Vec<u128> = samples.iter().map(|s| s[stage]).collect();
        values.sort_unstable();
        values[values.len() / 2]
    };
    let (load_ns, lower_ns, emit_ns, total_ns) = (median(0), median(1), median(2), median(3));
    // Read last, so the high-water mark covers every iteration.
    Ok(Timing { load_ns, lower_ns, emit_ns, total_ns, peak_kib: peak_kib() })
}

/// One run of the generator: load, lower, emit and total, in ns.
fn sample_stages(
    spec: &str,
    text: &str,
    options: &apicrate_codegen::Options,
) -> anyhow::Result<[u128; 4]> {
    let start = Instant::now();
    let loaded = apicrate_codegen::stages::load(Path::new(spec), text)?;
    let loaded_at = Instant::now();
    let api = apicrate_codegen::stages::lower(&loaded)?.api;
    let lowered_at = Instant::now();
    let files = apicrate_codegen::stages::emit(&api, options)?;
    let done = Instant::now();
    // Keeps the optimiser from dropping the work whose result nobody reads.
    std::hint::black_box(files);
    Ok([
        (loaded_at - start).as_nanos(),
        (lowered_at - loaded_at).as_nanos(),
        (done - lowered_at).as_nanos(),
        (done - start).as_nanos(),
    ])
}

/// Reads the one line of JSON a child printed; a missing field reads as 0.
pub fn json_line(line: &str, program: &str) -> anyhow::Result<impl Fn(&str) -> u64> {
    let value: serde_json::Value =
        serde_json::from_str(line).with_context(|| format!("{program} printed {line:?}"))?;
    Ok(move |name: &str| value[name].as_u64().unwrap_or(0))
}

/// This process's peak resident memory, from /proc.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

/// A clean build's wall time and how many crates it compiled.
pub struct Build {
    pub seconds: f64,
    pub crates: usize,
}

/// Builds `manifest` offline from the empty target directory `target`,
/// which is removed before and after: a user's first build, dependencies
/// included, and no leftovers between cases. What it needs is downloaded
/// first, outside the time.
pub fn clean_build(
    root: &Path,
    target: &Path,
    manifest: &Path,
    extra: &[&str],
    release: bool,
    label: &str,
) -> anyhow::Result<Build> {
    let _ = std::fs::remove_dir_all(target);
    let fetch =
        crate::cargo(root).args(["fetch", "--quiet", "--manifest-path"]).arg(manifest).output();
    let fetched = fetch.with_context(|| format!("cannot fetch what {label} needs"))?;
    if !fetched.status.success() {
        bail!(
            "fetching what {label} needs failed:
{}",
            String::from_utf8_lossy(&fetched.stderr)
        );
    }
    let mut command = crate::cargo(root);
    command
        .args(["build", "--offline", "--manifest-path"])
        .arg(manifest)
        .args(extra)
        .env("CARGO_TARGET_DIR", target);
    if release {
        command.arg("--release");
    }
    let start = Instant::now();
    let out = command.output().with_context(|| format!("cannot build {label}"))?;
    let elapsed = start.elapsed();
    if !out.status.success() {
        bail!("building {label} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let crates = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count();
    let _ = std::fs::remove_dir_all(target);
    Ok(Build { seconds: elapsed.as_secs_f64(), crates })
}

/// Runs the generated crate's divan benchmark and returns its table.
pub fn divan(root: &Path, quick: bool) -> anyhow::Result<String> {
    let mut command = crate::cargo(root);
    command.args(["bench", "--quiet", "--package", "graph-photos", "--bench", "requests", "--"]);
    if quick {
        command.args(["--sample-count", "10", "--sample-size", "10"]);
    }
    output(&mut command)
}

/// One runtime case: the generated crate's median and, when the benchmark
/// has a case of the same name in `baseline`, the hand-written one's.
pub struct RuntimeCase {
    pub name: String,
    pub generated_ns: f64,
    pub baseline_ns: Option<f64>,
}

impl RuntimeCase {
    /// Generated / hand-written; above 1 the generated code is slower.
    pub fn ratio(&self) -> Option<f64> {
        self.baseline_ns.map(|baseline| self.generated_ns / baseline)
    }
}

/// Pairs each `generated::` case of divan's table with its `baseline::` twin.
pub fn runtime_cases(table: &str) -> Vec<RuntimeCase> {
    let medians = divan_medians(table);
    medians
        .iter()
        .filter_map(|(name, generated)| {
            let case = name.strip_prefix("generated::")?;
            let baseline = medians
                .iter()
                .find(|(name, _)| name == &format!("baseline::{case}"))
                .map(|(_, ns)| *ns);
            Some(RuntimeCase {
                name: case.to_owned(),
                generated_ns: *generated,
                baseline_ns: baseline,
            })
        })
        .collect()
}

/// The medians (ns) of twenty photo reads as one `$batch` round trip and
/// as twenty single requests (the benchmark's `batching` group).
pub fn batching_case(table: &str) -> Option<(f64, f64)> {
    let medians = divan_medians(table);
    let median = |name: &str| medians.iter().find(|(case, _)| case == name).map(|(_, ns)| *ns);
    Some((median("batching::twenty_in_one_batch")?, median("batching::twenty_single_requests")?))
}

/// Median times (ns) of divan's output, as `group::case` -> ns. Divan
/// prints a tree: groups (modules) at depth 1, cases at depth 2, then the
/// columns fastest, slowest, median, mean, samples, iters.
fn divan_medians(table: &str) -> Vec<(String, f64)> {
    let mut group = String::new();
    let mut found = Vec::new();
    for line in table.lines() {
        let start = line.find(|c: char| c.is_alphanumeric() || c == '_').unwrap_or(line.len());
        let (prefix, rest) = line.split_at(start);
        // The first tree character tells the depth: `├`/`╰` open a group;
        // `│` or the spaces under a finished group lead to a case.
        let depth = match prefix.trim_end().chars().next() {
            None => 0,
            Some('├' | '╰') => 1,
            Some(_) => 2,
        };
        let cells: Vec<&str> = rest.split('│').map(str::trim).collect();
        let name = cells[0].split_whitespace().next().unwrap_or("");
        match depth {
            1 => group = name.to_owned(),
            2 => {
                // The allocation lines under a case (`alloc:`, then counts
                // and bytes) have no duration in the median column.
                if let Some(median) = cells.get(2).and_then(|cell| parse_duration(cell)) {
                    found.push((format!("{group}::{name}"), median));
                }
            }
            _ => {}
        }
    }
    found
}

/// `1.5 µs` -> 1500.0 (ns).
fn parse_duration(cell: &str) -> Option<f64> {
    let mut parts = cell.split_whitespace();
    let value: f64 = parts.next()?.parse().ok()?;
    let scale = match parts.next()? {
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    Some(value * scale)
}

/// Runs a command and returns its standard output, trimmed at the end;
/// fails with the command's standard error when it fails.
pub fn output(command: &mut Command) -> anyhow::Result<String> {
    let out = command.output().with_context(|| format!("cannot run {command:?}"))?;
    if !out.status.success() {
        bail!("{command:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divan_tables_are_read() {
        let table = [
            "requests        fastest       │ slowest       │ median        │ mean          │ samples │ iters",
            "├─ baseline                   │               │               │               │         │",
            "│  ├─ build_get   100 ns      │ 200 ns        │ 150 ns        │ 151 ns        │ 100     │ 100",
            "│  │              alloc:      │               │               │               │         │",
            "│  ╰─ parse_204   10 ns       │ 20 ns         │ 15 ns         │ 15 ns         │ 100     │ 100",
            "╰─ generated                  │               │               │               │         │",
            "   ╰─ build_get   110 ns      │ 210 ns        │ 1.5 µs        │ 161 ns        │ 100     │ 100",
        ]
        .join("\n");
        let table = table.as_str();
        let medians = divan_medians(table);
        assert_eq!(
            medians,
            [
                ("baseline::build_get".to_owned(), 150.0),
                ("baseline::parse_204".to_owned(), 15.0),
                ("generated::build_get".to_owned(), 1500.0)
            ]
        );
        let cases = runtime_cases(table);
        assert_eq!(cases.len(), 1);
        assert_eq!((cases[0].name.as_str(), cases[0].ratio()), ("build_get", Some(10.0)));
        assert_eq!(batching_case(table), None);
    }

    #[test]
    fn the_batching_pair_is_read() {
        let table = [
            "requests                     fastest       │ slowest       │ median        │ mean          │ samples │ iters",
            "├─ batching                                │               │               │               │         │",
            "│  ├─ twenty_in_one_batch     40 µs       │ 60 µs         │ 50 µs         │ 51 µs         │ 100     │ 100",
            "│  ╰─ twenty_single_requests  30 µs       │ 50 µs         │ 40 µs         │ 41 µs         │ 100     │ 100",
            "╰─ generated                               │               │               │               │         │",
            "   ╰─ build_get                110 ns      │ 210 ns        │ 150 ns        │ 161 ns        │ 100     │ 100",
        ]
        .join("\n");
        assert_eq!(batching_case(&table), Some((50_000.0, 40_000.0)));
        assert_eq!(runtime_cases(&table).len(), 1, "the pair is not a generated/baseline case");
    }
}

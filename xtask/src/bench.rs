//! `cargo xtask bench [--quick]`: measures the generator, its peer
//! (progenitor), the cost of depending on the generated crate, and the
//! runtime overhead of requests and responses; writes `BENCHMARKS.md`.
//!
//! Timings are reported, never asserted. Every figure in BENCHMARKS.md
//! comes from one run of this command on the machine it names.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context as _};

use crate::codegen::SPEC;

/// Operations in the synthetic specs (three per path: GET, PATCH, PUT).
const SIZES: [usize; 3] = [99, 999, 9_999];
const QUICK_SIZES: [usize; 2] = [9, 99];

pub fn run(root: &Path, args: &[String]) -> anyhow::Result<()> {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => bail!("usage: cargo xtask bench [--quick]"),
    };
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).context("cannot create target/bench")?;
    let sizes: &[usize] = if quick { &QUICK_SIZES } else { &SIZES };

    step("building the generator and its peer in release mode");
    crate::run(crate::cargo(root).args(["build", "--release", "--quiet", "--package", "xtask"]))?;
    let peer_manifest = root.join("xtask/peer-bench/Cargo.toml");
    crate::run(
        crate::cargo(root)
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(&peer_manifest),
    )?;
    let ours = root.join("target/release/xtask");
    let peer = root.join("xtask/peer-bench/target/release/peer-bench");

    // The peer needs `application/octet-stream` (not `image/jpeg`), no
    // `maxLength` on binary bodies, and one success response per operation;
    // both sides get that same variant.
    let real = std::fs::read_to_string(root.join(SPEC)).context("cannot read the spec")?;
    let real_variant = dir.join("graph-photos.peer.yaml");
    std::fs::write(&real_variant, peer_variant(&real)?).context("cannot write the spec variant")?;
    let mut specs: Vec<(String, PathBuf, usize)> = vec![(
        "graph-photos (peer variant)".to_owned(),
        real_variant.clone(),
        count_operations(&real)?,
    )];
    for &n in sizes {
        let path = dir.join(format!("synthetic-{n}.yaml"));
        std::fs::write(&path, synthetic_spec(n)).context("cannot write a synthetic spec")?;
        specs.push((format!("synthetic, {n} operations"), path, n));
    }

    let mut report = String::new();
    header(&mut report, quick)?;
    let mut summary = Summary::default();

    step("generator speed: ours and progenitor on the same specs");
    let _ = writeln!(report, "## 1. Generator speed (load + lower + emit + format, in process)\n");
    report.push_str("Median of several runs, each spec in a fresh process (peak memory is that process's `VmHWM`).\n\n");
    report.push_str("| spec | operations | ours: load | lower | emit + format | total | µs per operation | peak memory | progenitor: total | peak memory | progenitor / ours |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    let mut ours_real = None;
    for (label, path, operations) in &specs {
        let iterations = if quick {
            2
        } else if *operations > 5_000 {
            5
        } else {
            15
        };
        let ours = measure_ours(&ours, path, iterations)?;
        let theirs = measure_peer(&peer, path, iterations);
        if ours_real.is_none() {
            ours_real = Some(measure_ours(&ours_binary(root), &root.join(SPEC), iterations)?);
        }
        let per_op = ours.total_ns as f64 / 1_000.0 / *operations as f64;
        if label.starts_with("synthetic") {
            summary.largest = Some((*operations, ours.total_ns, ours.peak_kib));
            if let Ok(peer) = &theirs {
                summary.peer_largest = Some((peer.total_ns, peer.peak_kib));
            }
            summary.per_operation_us.push(per_op);
        }
        let (peer_total, peer_memory, ratio) = match &theirs {
            Ok(peer) => (
                ms(peer.total_ns),
                kib(peer.peak_kib),
                format!("{:.1}×", peer.total_ns as f64 / ours.total_ns as f64),
            ),
            Err(error) => (format!("failed: {error}"), "-".to_owned(), "-".to_owned()),
        };
        let _ = writeln!(
            report,
            "| {label} | {operations} | {} | {} | {} | **{}** | {per_op:.1} | {} | {peer_total} | {peer_memory} | {ratio} |",
            ms(ours.load_ns), ms(ours.lower_ns), ms(ours.emit_ns), ms(ours.total_ns), kib(ours.peak_kib)
        );
    }
    if let Some(real) = ours_real {
        let _ = writeln!(
            report,
            "\nOur own spec as committed (with `image/jpeg`, size limits and 200 + 204 successes, which progenitor cannot read): **{}** total, {} peak.\n",
            ms(real.total_ns), kib(real.peak_kib)
        );
    }

    if quick {
        report.push_str(
            "## 2. Build cost\n\nSkipped with `--quick` (clean builds take minutes).\n\n",
        );
    } else {
        step("build cost of depending on the generated crate (clean builds)");
        summary.build_ratios = build_cost(root, &dir, &peer, &real_variant, &mut report)?;
    }

    step("runtime overhead (divan)");
    summary.runtime_ratios = runtime_overhead(root, quick, &mut report)?;
    report = report.replacen("\n## 1. ", &format!("\n{}\n## 1. ", summary.render()), 1);

    let out = if quick { dir.join("BENCHMARKS.quick.md") } else { root.join("BENCHMARKS.md") };
    std::fs::write(&out, report).with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

fn ours_binary(root: &Path) -> PathBuf {
    root.join("target/release/xtask")
}

fn step(what: &str) {
    eprintln!("\n==> {what}");
}

fn header(report: &mut String, quick: bool) -> anyhow::Result<()> {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let rustc =
        output(Command::new("rustc").arg("--version")).unwrap_or_else(|_| "unknown".to_owned());
    let _ = writeln!(report, "# Benchmarks\n");
    let _ = writeln!(report, "Written by `cargo xtask bench{}`; every figure below comes from that one run. Timings are reported here, never asserted in tests.\n", if quick { " --quick" } else { "" });
    let _ = writeln!(report, "- Machine: {cores} cores, {cpu}");
    let _ = writeln!(report, "- Toolchain: {rustc}");
    let _ = writeln!(report, "- Peer: progenitor-impl 0.15.1 (the generator behind `progenitor`), built in release like ours\n");
    Ok(())
}

struct Timing {
    load_ns: u128,
    lower_ns: u128,
    emit_ns: u128,
    total_ns: u128,
    peak_kib: u64,
}

fn measure_ours(binary: &Path, spec: &Path, iterations: usize) -> anyhow::Result<Timing> {
    let line =
        output(Command::new(binary).arg("bench-generator").arg(spec).arg(iterations.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&line).with_context(|| format!("bench-generator printed {line:?}"))?;
    let field = |name: &str| value[name].as_u64().unwrap_or(0);
    Ok(Timing {
        load_ns: u128::from(field("load_ns")),
        lower_ns: u128::from(field("lower_ns")),
        emit_ns: u128::from(field("emit_ns")),
        total_ns: u128::from(field("total_ns")),
        peak_kib: field("peak_kib"),
    })
}

fn measure_peer(binary: &Path, spec: &Path, iterations: usize) -> anyhow::Result<Timing> {
    let line = output(Command::new(binary).arg("time").arg(spec).arg(iterations.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&line).with_context(|| format!("peer-bench printed {line:?}"))?;
    let field = |name: &str| value[name].as_u64().unwrap_or(0);
    Ok(Timing {
        load_ns: 0,
        lower_ns: 0,
        emit_ns: 0,
        total_ns: u128::from(field("median_ns")),
        peak_kib: field("peak_kib"),
    })
}

/// `xtask bench-generator SPEC ITERATIONS`: run in release by `bench`, one
/// process per spec, so peak memory belongs to that spec alone.
pub fn generator_child(args: &[String]) -> anyhow::Result<()> {
    let [spec, iterations] = args else { bail!("usage: xtask bench-generator SPEC ITERATIONS") };
    let iterations: usize = iterations.parse().context("iterations")?;
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {spec}"))?;
    let options =
        generator::EmitOptions { command: "cargo xtask bench".to_owned(), spec_name: spec.clone() };
    let mut samples: Vec<[u128; 4]> = Vec::new();
    for _ in 0..iterations.max(1) {
        let start = Instant::now();
        let loaded = generator::load::load_str(Path::new(spec), &text)?;
        let loaded_at = Instant::now();
        let api = generator::lower::lower(&loaded)?;
        let lowered_at = Instant::now();
        let files = generator::emit::emit(&api, &options)?;
        let done = Instant::now();
        std::hint::black_box(files);
        samples.push([
            (loaded_at - start).as_nanos(),
            (lowered_at - loaded_at).as_nanos(),
            (done - lowered_at).as_nanos(),
            (done - start).as_nanos(),
        ]);
    }
    let median = |stage: usize| {
        let mut values: Vec<u128> = samples.iter().map(|s| s[stage]).collect();
        values.sort_unstable();
        values[values.len() / 2]
    };
    println!(
        r#"{{"load_ns":{},"lower_ns":{},"emit_ns":{},"total_ns":{},"peak_kib":{}}}"#,
        median(0),
        median(1),
        median(2),
        median(3),
        peak_kib()
    );
    Ok(())
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

/// The facts the summary states, gathered as the sections are measured.
#[derive(Default)]
struct Summary {
    /// Largest synthetic spec: operations, our total (ns), our peak (KiB).
    largest: Option<(usize, u128, u64)>,
    /// progenitor on the largest synthetic spec: total (ns), peak (KiB).
    peer_largest: Option<(u128, u64)>,
    per_operation_us: Vec<f64>,
    /// Default crate build time / progenitor's, debug and release.
    build_ratios: Vec<(&'static str, f64)>,
    /// Generated / hand-written median, per case.
    runtime_ratios: Vec<(String, f64)>,
}

impl Summary {
    fn render(&self) -> String {
        let mut out = String::from(
            "## Summary: where we are ahead and where we are not

",
        );
        if let Some((operations, total, peak)) = self.largest {
            let seconds = total as f64 / 1e9;
            let verdict = if seconds < 1.0 { "meets" } else { "misses" };
            let _ = writeln!(out, "- Generator, {operations} operations: {seconds:.2} s and {} peak; this {verdict} the target of under 1 s on 2 cores.", kib(peak));
            if let Some((peer_total, peer_peak)) = self.peer_largest {
                let _ = writeln!(
                    out,
                    "- Against progenitor on the same spec: {:.1}× faster and {:.1}× less memory ({:.2} s, {}).",
                    peer_total as f64 / total as f64,
                    peer_peak as f64 / peak.max(1) as f64,
                    peer_total as f64 / 1e9,
                    kib(peer_peak)
                );
            }
        }
        if let (Some(min), Some(max)) = (
            self.per_operation_us.iter().copied().reduce(f64::min),
            self.per_operation_us.iter().copied().reduce(f64::max),
        ) {
            let _ = writeln!(out, "- Scaling: {min:.0} to {max:.0} µs per operation across the synthetic sizes, so cost grows linearly.");
        }
        for (profile, ratio) in &self.build_ratios {
            let verdict = if *ratio <= 0.25 { "meets" } else { "misses" };
            let _ = writeln!(out, "- Clean {profile} build of the default crate: {:.0}% of progenitor's output; {verdict} the target of 25% or less.", ratio * 100.0);
        }
        let over: Vec<String> = self
            .runtime_ratios
            .iter()
            .filter(|(_, r)| *r > 1.10)
            .map(|(case, r)| format!("`{case}` ({r:.2}×)"))
            .collect();
        if !self.runtime_ratios.is_empty() {
            if over.is_empty() {
                out.push_str("- Runtime: every request and response case is within 10% of the hand-written baseline (or faster).
");
            } else {
                let _ = writeln!(out, "- Runtime: beyond 10% of the hand-written baseline: {}; every other case is within 10%.", over.join(", "));
            }
            out.push_str("- The 4 MiB upload allocates only the request's bookkeeping (see `build_binary_put_4mib` below): the image is shared, never copied; `generated/tests/sans_io.rs` asserts the buffer is the caller's.
");
        }
        out
    }
}

fn build_cost(
    root: &Path,
    dir: &Path,
    peer: &Path,
    variant: &Path,
    report: &mut String,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let progenitor_crate = dir.join("progenitor-output");
    let _ = std::fs::remove_dir_all(&progenitor_crate);
    crate::run(Command::new(peer).arg("crate").arg(variant).arg(&progenitor_crate))?;
    // Download what the peer's output needs once, outside the timings.
    crate::run(
        crate::cargo(root)
            .args(["fetch", "--quiet", "--manifest-path"])
            .arg(progenitor_crate.join("Cargo.toml")),
    )?;

    let _ = writeln!(report, "## 2. Build cost for a user (clean builds, this machine)\n");
    report.push_str("Each build starts from an empty target directory, dependencies included, with the lock files' versions and `--offline`.\n\n");
    report.push_str("| crate | profile | wall time | crates compiled |\n|---|---|---|---|\n");
    let ours = root.join("generated/Cargo.toml");
    let cases: [(&str, &Path, &[&str]); 3] = [
        ("graph-photos (default: sans-IO)", &ours, &[]),
        ("graph-photos `--features client`", &ours, &["--features", "client"]),
        ("progenitor's crate for the same operations", &progenitor_crate.join("Cargo.toml"), &[]),
    ];
    let mut times = Vec::new();
    for (label, manifest, extra) in cases {
        for profile in ["debug", "release"] {
            let target = dir.join(format!("build-{}-{profile}", times.len()));
            let _ = std::fs::remove_dir_all(&target);
            let mut command = crate::cargo(root);
            command
                .args(["build", "--offline", "--manifest-path"])
                .arg(manifest)
                .args(extra)
                .env("CARGO_TARGET_DIR", &target);
            if profile == "release" {
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
            let _ = writeln!(
                report,
                "| {label} | {profile} | {:.1} s | {crates} |",
                elapsed.as_secs_f64()
            );
            times.push((label, profile, elapsed.as_secs_f64()));
            let _ = std::fs::remove_dir_all(&target);
        }
    }
    let time = |label: &str, profile: &str| {
        times.iter().find(|(l, p, _)| *l == label && *p == profile).map_or(0.0, |t| t.2)
    };
    let mut ratios = Vec::new();
    for profile in ["debug", "release"] {
        let ours = time("graph-photos (default: sans-IO)", profile);
        let theirs = time("progenitor's crate for the same operations", profile);
        let ratio = ours / theirs.max(f64::EPSILON);
        let _ = writeln!(report, "\n{profile}: the default crate builds in {:.0}% of the time of progenitor's output (target: 25% or less).", 100.0 * ratio);
        ratios.push((profile, ratio));
    }
    report.push('\n');
    Ok(ratios)
}

fn runtime_overhead(
    root: &Path,
    quick: bool,
    report: &mut String,
) -> anyhow::Result<Vec<(String, f64)>> {
    let mut command = crate::cargo(root);
    command.args(["bench", "--quiet", "--package", "graph-photos", "--bench", "requests", "--"]);
    if quick {
        command.args(["--sample-count", "10", "--sample-size", "10"]);
    }
    let table = output(&mut command)?;
    let _ = writeln!(report, "## 3. Runtime overhead per request and response\n");
    report.push_str("`cargo bench -p graph-photos --bench requests` (divan): building each kind of request and parsing each kind of response with the generated crate, next to a hand-written baseline that uses `http` and `serde_json` directly. Allocation counts come from divan's `AllocProfiler`.\n\n");
    let medians = divan_medians(&table);
    report.push_str(
        "| case | generated | hand-written | generated / hand-written |\n|---|---|---|---|\n",
    );
    let mut ratios = Vec::new();
    for (case, generated) in medians.iter().filter(|(name, _)| name.starts_with("generated::")) {
        let case = case.trim_start_matches("generated::");
        let baseline = medians
            .iter()
            .find(|(name, _)| name == &format!("baseline::{case}"))
            .map(|(_, ns)| *ns);
        let ratio = baseline.map(|b| generated / b);
        let _ = writeln!(
            report,
            "| {case} | {} | {} | {} |",
            nanos(*generated),
            baseline.map_or("-".to_owned(), nanos),
            ratio.map_or("-".to_owned(), |r| format!("{r:.2}"))
        );
        if let Some(ratio) = ratio {
            ratios.push((case.to_owned(), ratio));
        }
    }
    let _ = writeln!(report, "\nFull divan output:\n\n```text\n{}\n```\n", table.trim_end());
    Ok(ratios)
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
                if let Some(median) = cells.get(2).and_then(|cell| parse_duration(cell)) {
                    found.push((format!("{group}::{name}"), median));
                }
            }
            _ => {}
        }
    }
    found
}

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

fn output(command: &mut Command) -> anyhow::Result<String> {
    let out = command.output().with_context(|| format!("cannot run {command:?}"))?;
    if !out.status.success() {
        bail!("{command:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_owned())
}

fn ms(ns: u128) -> String {
    format!("{:.1} ms", ns as f64 / 1e6)
}

fn kib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn nanos(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

fn count_operations(text: &str) -> anyhow::Result<usize> {
    let value: serde_json::Value = serde_yaml_value(text)?;
    Ok(value["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .map(|item| {
                item.as_object().map_or(0, |o| {
                    o.keys()
                        .filter(|k| ["get", "put", "post", "patch", "delete"].contains(&k.as_str()))
                        .count()
                })
            })
            .sum()
    }))
}

fn serde_yaml_value(text: &str) -> anyhow::Result<serde_json::Value> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).context("spec YAML")?;
    Ok(serde_json::to_value(yaml)?)
}

/// The spec as progenitor can read it: `application/octet-stream` for
/// binary bodies, no `maxLength` on them, one success response per operation.
fn peer_variant(text: &str) -> anyhow::Result<String> {
    let mut spec = serde_yaml_value(&text.replace("image/jpeg", "application/octet-stream"))?;
    if let Some(bodies) =
        spec.pointer_mut("/components/requestBodies").and_then(|b| b.as_object_mut())
    {
        for body in bodies.values_mut() {
            if let Some(schema) = body
                .pointer_mut("/content/application~1octet-stream/schema")
                .and_then(|s| s.as_object_mut())
            {
                schema.remove("maxLength");
            }
        }
    }
    if let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|item| item.as_object_mut()) {
            for operation in item.values_mut() {
                if let Some(responses) =
                    operation.get_mut("responses").and_then(|r| r.as_object_mut())
                {
                    if responses.contains_key("200") {
                        responses.remove("204");
                    }
                }
            }
        }
    }
    Ok(serde_yaml::to_string(&spec)?)
}

/// A photo-style spec of `operations` operations (a multiple of three):
/// per path a JSON GET, a JSON PATCH and a binary PUT, and one schema per path.
fn synthetic_spec(operations: usize) -> String {
    let paths = operations.div_ceil(3);
    let mut out = String::with_capacity(paths * 1_200);
    out.push_str("openapi: 3.0.3\ninfo: { title: synthetic, version: '1' }\npaths:\n");
    for i in 0..paths {
        let _ = write!(
            out,
            "  /resources{i}/{{item-id}}/photo:\n    parameters:\n      - {{ name: item-id, in: path, required: true, schema: {{ type: string }} }}\n\
             \x20   get:\n      operationId: getResource{i}Photo\n      parameters:\n        - {{ name: $select, in: query, schema: {{ type: string }} }}\n\
             \x20     responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }} }}\n\
             \x20       4XX: {{ $ref: '#/components/responses/error' }}\n\
             \x20   patch:\n      operationId: updateResource{i}Photo\n      requestBody:\n        required: true\n        content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }}\n\
             \x20     responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }} }}\n\
             \x20       4XX: {{ $ref: '#/components/responses/error' }}\n\
             \x20   put:\n      operationId: setResource{i}PhotoContent\n      requestBody:\n        required: true\n        content: {{ application/octet-stream: {{ schema: {{ type: string, format: binary }} }} }}\n\
             \x20     responses:\n        '204': {{ description: stored }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n"
        );
    }
    out.push_str("components:\n  responses:\n    error:\n      description: error\n      content: { application/json: { schema: { $ref: '#/components/schemas/error' } } }\n  schemas:\n");
    out.push_str("    error:\n      type: object\n      required: [code]\n      properties: { code: { type: string }, message: { type: string } }\n");
    for i in 0..paths {
        let _ = write!(
            out,
            "    photo{i}:\n      type: object\n      properties:\n        id: {{ type: string }}\n        height: {{ type: integer, format: int32, nullable: true }}\n        width: {{ type: integer, format: int32, nullable: true }}\n        '@odata.type': {{ type: string }}\n        tags: {{ type: array, items: {{ type: string }} }}\n"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_have_the_requested_operations_and_generate() {
        let text = synthetic_spec(9);
        assert_eq!(count_operations(&text).expect("yaml"), 9);
        let spec = generator::load::load_str(Path::new("synthetic.yaml"), &text).expect("loads");
        let api = generator::lower::lower(&spec).expect("lowers");
        assert_eq!(api.operations.len(), 9);
    }

    #[test]
    fn the_peer_variant_has_one_success_and_no_jpeg() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    put:\n      requestBody: {content: {image/jpeg: {schema: {type: string, format: binary, maxLength: 4}}}}\n      responses: {'200': {description: ok}, '204': {description: ok}}\n";
        let variant = peer_variant(text).expect("variant");
        assert!(!variant.contains("image/jpeg") && variant.contains("application/octet-stream"));
        assert!(!variant.contains("'204'") && !variant.contains("\"204\""), "{variant}");
    }

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
    }
}

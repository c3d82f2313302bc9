//! BENCHMARKS.md: the header naming the machine, one section per kind of
//! measurement, and the summary of where we are ahead and where we are not.
//! Only formatting lives here; the figures come from `measure` and `peers`.

use std::fmt::Write as _;
use std::process::Command;

use super::crates::{CrateCost, Run};
use super::measure::{self, Build, RuntimeCase, Timing};
use super::notes;
use super::peers;
use super::synth::Spec;

/// The report as it is written, section by section, in the order measured.
pub struct Report {
    text: String,
}

// Writing to a `String` cannot fail, hence the `let _ = writeln!` throughout.
impl Report {
    /// Starts the report with the machine, toolchain and peer it was run with.
    pub fn new(quick: bool) -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|l| l.starts_with("model name"))
                    .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let rustc = measure::output(Command::new("rustc").arg("--version"))
            .unwrap_or_else(|_| "unknown".to_owned());
        let mut text = String::new();
        let _ = writeln!(text, "# Benchmarks\n");
        let _ = writeln!(
            text,
            "Written by `cargo xtask bench{}`; every figure below comes from that \
            one run. Timings are reported here, never asserted in tests.\n",
            if quick { " --quick" } else { "" }
        );
        let _ = writeln!(text, "- Machine: {cores} cores, {cpu}");
        let _ = writeln!(text, "- Toolchain: {rustc}");
        let _ = writeln!(
            text,
            "- Peer: {} (the generator behind `progenitor`), built in release like ours\n",
            peers::NAME
        );
        Report { text }
    }

    pub fn generator_speed_heading(&mut self) {
        let _ = writeln!(
            self.text,
            "## 1. Generator speed (load + lower + emit + format, in process)\n"
        );
        self.text.push_str("Median of several runs, each spec in a fresh process (peak memory is that process's `VmHWM`).\n\n");
        self.text.push_str("| spec | operations | ours: load | lower | emit + format | total | µs \
            per operation | peak memory | progenitor: total | peak memory | progenitor / ours |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    }

    /// One spec's row: our stages, then progenitor's total or its error.
    pub fn generator_speed_row(
        &mut self,
        spec: &Spec,
        ours: &Timing,
        theirs: &anyhow::Result<Timing>,
    ) {
        let (peer_total, peer_memory, ratio) = match theirs {
            Ok(peer) => (
                ms(peer.total_ns),
                kib(peer.peak_kib),
                format!("{:.1}×", peer.total_ns as f64 / ours.total_ns as f64),
            ),
            Err(error) => {
                (format!("failed: {}", table_cell(error)), "-".to_owned(), "-".to_owned())
            }
        };
        let Spec { label, operations, .. } = spec;
        let per_op = ours.per_operation_us(*operations);
        let _ = writeln!(
            self.text,
            "| {label} | {operations} | {} | {} | {} | **{}** | {per_op:.1} | {} | {peer_total} | {peer_memory} | {ratio} |",
            ms(ours.load_ns), ms(ours.lower_ns), ms(ours.emit_ns), ms(ours.total_ns), kib(ours.peak_kib)
        );
    }

    /// The committed spec, which only we can read, below the table.
    pub fn committed_spec(&mut self, real: &Timing) {
        let _ = writeln!(
            self.text,
            "\nOur own spec as committed (with `image/jpeg`, size limits and 200 + 204 successes, which progenitor cannot read): **{}** total, {} peak.\n",
            ms(real.total_ns), kib(real.peak_kib)
        );
    }

    pub fn crates_heading(&mut self) {
        self.text.push_str(
            "\n## 1b. The generated crates, ours and progenitor's, for the same spec\n\n",
        );
        self.text.push_str(
            "The synthetic spec's peer variant (what progenitor reads: JSON, binary and \
             styled-query operations) for both generators, and ours also for the full synthetic \
             spec (forms, multipart uploads, two response media types). Generator: the whole \
             process, parse to files on disk, median of three. `cargo check`: the crate alone, \
             dependencies prebuilt, `CARGO_INCREMENTAL=0`, median of three by CPU time. Debug \
             build: the crate alone, dependencies prebuilt, incremental, one run. Peak memory is \
             the largest process's (rustc, or the generator). CPU is user + system.\n\n",
        );
        self.text.push_str("| operations | crate | generator: wall | CPU | peak | lines | lines per \
            operation | `cargo check`: wall | CPU | peak | debug build (incremental) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    }

    pub fn crates_rows(
        &mut self,
        operations: usize,
        ours: &CrateCost,
        theirs: &anyhow::Result<CrateCost>,
        variants: &[(&str, &CrateCost)],
    ) {
        self.crate_row(operations, "ours", ours);
        match theirs {
            Ok(theirs) => self.crate_row(operations, "progenitor", theirs),
            Err(error) => {
                let error = table_cell(error);
                let _ =
                    writeln!(self.text, "| {operations} | progenitor | failed: {error} |||||||||");
            }
        }
        for (label, cost) in variants {
            self.crate_row(operations, label, cost);
        }
    }

    fn crate_row(&mut self, operations: usize, label: &str, cost: &CrateCost) {
        let CrateCost { generate, lines, check, incremental, .. } = cost;
        let run = |run: &Run| {
            (format!("{:.2} s", run.wall_s), format!("{:.2} s", run.cpu_s), kib(run.peak_kib))
        };
        let ((gen_wall, gen_cpu, gen_peak), (check_wall, check_cpu, check_peak)) =
            (run(generate), run(check));
        let _ = writeln!(
            self.text,
            "| {operations} | {label} | {gen_wall} | {gen_cpu} | {gen_peak} | {lines} | {:.0} | {check_wall} | {check_cpu} | {check_peak} | {:.1} s |",
            *lines as f64 / operations.max(1) as f64,
            incremental.wall_s
        );
    }

    pub fn crates_end(&mut self) {
        for paragraph in [notes::ISSUE_16, notes::ISSUE_37, notes::VARIANTS] {
            self.text.push_str(paragraph);
        }
    }

    /// Markdown a section formats itself (`dense`).
    pub fn push(&mut self, markdown: &str) {
        self.text.push_str(markdown);
    }

    pub fn build_cost_skipped(&mut self) {
        self.text.push_str(
            "## 2. Build cost\n\nSkipped with `--quick` (clean builds take minutes).\n\n",
        );
    }

    pub fn build_cost_heading(&mut self) {
        let _ = writeln!(self.text, "## 2. Build cost for a user (clean builds, this machine)\n");
        self.text.push_str("Each build starts from an empty target directory, dependencies included, with the lock files' versions and `--offline`.\n\n");
        self.text
            .push_str("| crate | profile | wall time | crates compiled |\n|---|---|---|---|\n");
    }

    pub fn build_cost_row(&mut self, label: &str, profile: &str, build: &Build) {
        let _ = writeln!(
            self.text,
            "| {label} | {profile} | {:.1} s | {} |",
            build.seconds, build.crates
        );
    }

    /// The default crate's build time over progenitor's, below the table.
    pub fn build_cost_ratio(&mut self, profile: &str, ratio: f64) {
        let _ = writeln!(self.text, "\n{profile}: the default crate builds in {:.0}% of the time of progenitor's output (target: 25% or less).", 100.0 * ratio);
    }

    pub fn build_cost_end(&mut self) {
        self.text.push('\n');
    }

    /// Section 3: the paired cases, then divan's whole table for the
    /// figures the pairs leave out (allocations, spread).
    pub fn runtime(&mut self, cases: &[RuntimeCase], table: &str) {
        let _ = writeln!(self.text, "## 3. Runtime overhead per request and response\n");
        self.text.push_str("`cargo bench -p graph-photos --bench requests` (divan): building each \
            kind of request and parsing each kind of response with the generated crate, next to a \
            hand-written baseline that uses `http` and `serde_json` directly. Allocation counts come \
            from divan's `AllocProfiler`.\n\n");
        self.text.push_str(
            "| case | generated | hand-written | generated / hand-written |\n|---|---|---|---|\n",
        );
        for case in cases {
            let _ = writeln!(
                self.text,
                "| {} | {} | {} | {} |",
                case.name,
                nanos(case.generated_ns),
                case.baseline_ns.map_or("-".to_owned(), nanos),
                case.ratio().map_or("-".to_owned(), |r| format!("{r:.2}"))
            );
        }
        if let Some((batched, single)) = measure::batching_case(table) {
            let _ = writeln!(
                self.text,
                "\nJSON batching (beyond the pages): twenty photo reads built and their answers parsed \
                    take {} as one `$batch` round trip and {} as twenty single requests ({:.2}x), \
                    before any network time, which batching is for.",
                nanos(batched),
                nanos(single),
                batched / single
            );
        }
        let _ = writeln!(self.text, "\nFull divan output:\n\n```text\n{}\n```\n", table.trim_end());
    }

    /// The finished text. The summary is known only once every section has
    /// been measured, yet readers want it first: it goes in just before
    /// the first section (section 1, unless `--only` picked another).
    pub fn finish(self, summary: &Summary) -> String {
        let mut text = self.text;
        let first = text.find("\n## ").map_or(text.len(), |at| at + 1);
        text.insert_str(first, &format!("{}\n", summary.render()));
        text
    }
}

/// The facts the summary states, gathered as the sections are measured.
#[derive(Default)]
pub struct Summary {
    /// Largest synthetic spec: operations, our total (ns), our peak (KiB).
    largest: Option<(usize, u128, u64)>,
    /// progenitor on the largest synthetic spec: total (ns), peak (KiB).
    peer_largest: Option<(u128, u64)>,
    per_operation_us: Vec<f64>,
    /// Default crate build time / progenitor's, debug and release.
    pub build_ratios: Vec<(&'static str, f64)>,
    /// Generated / hand-written median, per case.
    pub runtime_ratios: Vec<(String, f64)>,
    /// Per size: operations, ours, progenitor's (same spec).
    crates: Vec<(usize, CrateCost, CrateCost)>,
    /// Per size: ours on the runtime crate, ours with the client, and on
    /// the runtime crate with the client.
    /// ... and ours with the undeclared members dropped.
    variants: Vec<[CrateCost; 4]>,
    /// Per size of the densely linked specs, its line (`dense::summary`).
    pub dense: Vec<String>,
}

impl Summary {
    /// Notes one spec's generator timings; only synthetic specs count.
    pub fn record_generator(
        &mut self,
        spec: &Spec,
        ours: &Timing,
        theirs: &anyhow::Result<Timing>,
    ) {
        if !spec.synthetic {
            return;
        }
        // Synthetic specs come in increasing size, so the last one noted
        // is the largest.
        self.largest = Some((spec.operations, ours.total_ns, ours.peak_kib));
        if let Ok(peer) = theirs {
            self.peer_largest = Some((peer.total_ns, peer.peak_kib));
        }
        self.per_operation_us.push(ours.per_operation_us(spec.operations));
    }

    /// Notes the crates of one size, when progenitor generated one.
    pub fn record_crates(
        &mut self,
        operations: usize,
        ours: &CrateCost,
        theirs: &anyhow::Result<CrateCost>,
        variants: [&CrateCost; 4],
    ) {
        if let Ok(theirs) = theirs {
            self.crates.push((operations, ours.clone(), theirs.clone()));
            self.variants.push(variants.map(Clone::clone));
        }
    }

    /// The issue's targets, each ratio ours / progenitor's on the same spec.
    fn render_crates(&self, out: &mut String) {
        let verdict = |ratio: f64, target: f64| if ratio <= target { "met" } else { "missed" };
        for ((operations, ours, theirs), [vendored, ..]) in self.crates.iter().zip(&self.variants) {
            let check_cpu =
                |ours: &CrateCost| ours.check.cpu_s / theirs.check.cpu_s.max(f64::EPSILON);
            let (default_cpu, inline_cpu) = (check_cpu(vendored), check_cpu(ours));
            let check_peak = ours.check.peak_kib as f64 / theirs.check.peak_kib.max(1) as f64;
            let per_operation = |cost: &CrateCost| cost.lines as f64 / *operations as f64;
            let _ = writeln!(
                out,
                "- {operations} operations, `cargo check` of the crate: {default_cpu:.2}× \
                    progenitor's CPU time with the runtime vendored, the default (target 0.30×: {}), \
                    {inline_cpu:.2}× with it inlined (target 0.45×: {}); {check_peak:.2}× its peak \
                    memory inlined (target 0.75×: {}); {:.0} lines per operation vendored (target \
                    60: {}) and {:.0} inlined, against its {:.0}.",
                verdict(default_cpu, 0.30),
                verdict(inline_cpu, 0.45),
                verdict(check_peak, 0.75),
                per_operation(vendored),
                verdict(per_operation(vendored).round(), 60.0),
                per_operation(ours),
                per_operation(theirs),
            );
        }
        if let Some((operations, ours, theirs)) = self.crates.last() {
            let wall = ours.generate.wall_s / theirs.generate.wall_s.max(f64::EPSILON);
            let cpu = ours.generate.cpu_s / theirs.generate.cpu_s.max(f64::EPSILON);
            let peak = ours.generate.peak_kib as f64 / theirs.generate.peak_kib.max(1) as f64;
            let _ = writeln!(
                out,
                "- The generator as a process at {operations} operations: {wall:.2}× progenitor's \
                    wall time (target 0.2×: {}), {cpu:.2}× its CPU (target 0.5×: {}), {peak:.2}× its \
                    peak memory (target 0.5×: {}).",
                verdict(wall, 0.2),
                verdict(cpu, 0.5),
                verdict(peak, 0.5),
            );
        }
        let crates = self.crates.iter().map(|(operations, ours, _)| (operations, ours));
        for ((operations, ours), [on_runtime, with_client, both, dropped]) in
            crates.zip(&self.variants)
        {
            let ratio =
                |a: &CrateCost, b: &CrateCost| a.check.cpu_s / b.check.cpu_s.max(f64::EPSILON);
            let (shared, inline_client, shared_client) =
                (ratio(on_runtime, ours), ratio(with_client, ours), ratio(both, on_runtime));
            let _ = writeln!(
                out,
                "- {operations} operations, the runtime: `cargo check` on the runtime crate (built \
                    once, as a dependency) takes {shared:.2}× the CPU of the crate with it inlined. \
                    The `client` feature once dependencies are built: {shared_client:.2}× on the runtime \
                    crate (target at most 1.10×: {}); {inline_client:.2}× with the runtime inlined, \
                    whose client is then compiled with the crate.",
                verdict(shared_client, 1.10),
            );
            let keeping = ratio(ours, dropped);
            let _ = writeln!(
                out,
                "- {operations} operations, members a schema does not name: keeping them (the default) \
                    takes {keeping:.2}× the `cargo check` CPU of dropping them (`--drop-undeclared`; \
                    target at most 1.05×: {}).",
                verdict(keeping, 1.05),
            );
        }
    }

    fn render(&self) -> String {
        let mut out = String::from("## Summary: where we are ahead and where we are not\n\n");
        self.render_crates(&mut out);
        self.dense.iter().for_each(|line| out.push_str(line));
        self.render_generator(&mut out);
        self.render_scaling(&mut out);
        self.render_build(&mut out);
        self.render_runtime(&mut out);
        out
    }

    fn render_generator(&self, out: &mut String) {
        let Some((operations, total, peak)) = self.largest else { return };
        let seconds = total as f64 / 1e9;
        let verdict = if seconds < 1.0 { "meets" } else { "misses" };
        let _ = writeln!(out, "- Generator, {operations} operations: {seconds:.2} s and {} peak; this {verdict} the target of under 1 s on 2 cores.", kib(peak));
        if let Some((peer_total, peer_peak)) = self.peer_largest {
            // Our peak reads 0 where /proc is missing; no division by zero.
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

    fn render_scaling(&self, out: &mut String) {
        let per_op = self.per_operation_us.iter().copied();
        if let (Some(min), Some(max)) = (per_op.clone().reduce(f64::min), per_op.reduce(f64::max)) {
            let _ = writeln!(out, "- Scaling: {min:.0} to {max:.0} µs per operation across the synthetic sizes, so cost grows linearly.");
        }
    }

    fn render_build(&self, out: &mut String) {
        for (profile, ratio) in &self.build_ratios {
            let verdict = if *ratio <= 0.25 { "meets" } else { "misses" };
            let _ = writeln!(out, "- Clean {profile} build of the default crate: {:.0}% of progenitor's output; {verdict} the target of 25% or less.", ratio * 100.0);
        }
    }

    fn render_runtime(&self, out: &mut String) {
        if self.runtime_ratios.is_empty() {
            return;
        }
        let over: Vec<String> = self
            .runtime_ratios
            .iter()
            .filter(|(_, r)| *r > 1.10)
            .map(|(case, r)| format!("`{case}` ({r:.2}×)"))
            .collect();
        if over.is_empty() {
            out.push_str("- Runtime: every request and response case is within 10% of the hand-written baseline (or faster).\n");
        } else {
            let _ = writeln!(out, "- Runtime: beyond 10% of the hand-written baseline: {}; every other case is within 10%.", over.join(", "));
        }
        out.push_str("- The 4 MiB upload allocates only the request's bookkeeping (see `build_binary_put_4mib` \
            below): the image is shared, never copied; `generated/tests/sans_io.rs` asserts the buffer \
            is the caller's.\n");
    }
}

fn ms(ns: u128) -> String {
    format!("{:.1} ms", ns as f64 / 1e6)
}

/// A KiB count (as /proc gives it), shown in MiB.
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

/// An error as one table cell: its text up to any backtrace, on one line,
/// with no `|` to end the cell.
pub fn table_cell(error: &anyhow::Error) -> String {
    let text = error.to_string();
    let text = text.split("Stack backtrace:").next().unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "/")
}

#[cfg(test)]
mod tests {
    use super::table_cell;

    #[test]
    fn an_error_is_one_cell_without_its_backtrace() {
        let error =
            anyhow::anyhow!("peer failed:\nError: bad | schema\n\nStack backtrace:\n   0: x");
        assert_eq!(table_cell(&error), "peer failed: Error: bad / schema");
    }
}

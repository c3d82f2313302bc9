//! BENCHMARKS.md: the header naming the machine and one section per kind
//! of measurement, with the summary (`summary`) before the first. Only
//! formatting lives here; the figures come from `measure` and `peers`.

use std::fmt::Write as _;
use std::process::Command;

use super::crates::{CrateCost, Run};
use super::measure::{self, Build, RuntimeCase, Timing};
use super::notes;
use super::peers;
use super::summary::Summary;
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
            "Written by `cargo xtask bench{}`; every figure of a section comes from \
            one run of it. Timings are reported here, never asserted in tests.\n",
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
        text.insert_str(first, &summary.render());
        text
    }
}

fn ms(ns: u128) -> String {
    format!("{:.1} ms", ns as f64 / 1e6)
}

/// A KiB count (as /proc gives it), shown in MiB.
pub(super) fn kib(kib: u64) -> String {
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

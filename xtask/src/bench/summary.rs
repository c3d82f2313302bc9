//! The summary at the top of BENCHMARKS.md: the facts each section
//! states against its targets, gathered as the sections are measured.

use std::fmt::Write as _;

use super::crates::CrateCost;
use super::measure::Timing;
use super::report::kib;
use super::sections;
use super::synth::Spec;

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
    /// Per size: ours on the runtime crate, ours with the client, on the
    /// runtime crate with the client, and with undeclared members dropped.
    variants: Vec<[CrateCost; 4]>,
    /// Lines the sections write themselves (the dense, graph and v31
    /// sections), with the section's name.
    own: Vec<(&'static str, String)>,
}

impl Summary {
    /// Notes a line of `section`'s own (a `- ` item, ending in a newline).
    pub fn add(&mut self, section: &'static str, line: String) {
        self.own.push((section, line));
    }

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

    /// The targets, each ratio ours / progenitor's on the same spec.
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

    /// The summary: each section's lines as a group of their own, which a
    /// later run of that section alone replaces (`sections`).
    pub fn render(&self) -> String {
        let mut out = format!("{}\n\n{}\n\n", sections::SUMMARY, sections::SUMMARY_INTRO);
        for (section, lines) in self.groups() {
            out.push_str(&sections::summary_group(section, &lines));
            out.push('\n');
        }
        out
    }

    /// Each measured section's lines, by its `--only` name, in the order a
    /// reader wants them: the generated crates first, the runtime last.
    fn groups(&self) -> Vec<(&'static str, String)> {
        let render = |parts: &[fn(&Self, &mut String)]| {
            let mut out = String::new();
            parts.iter().for_each(|part| part(self, &mut out));
            out
        };
        let mut groups = vec![("crates", render(&[Self::render_crates]))];
        for (section, line) in &self.own {
            match groups.iter_mut().find(|(name, _)| name == section) {
                Some((_, lines)) => lines.push_str(line),
                None => groups.push((section, line.clone())),
            }
        }
        groups.extend([
            ("generator", render(&[Self::render_generator, Self::render_scaling])),
            ("build", render(&[Self::render_build])),
            ("runtime", render(&[Self::render_runtime])),
        ]);
        groups.retain(|(_, lines)| !lines.is_empty());
        groups
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

#[cfg(test)]
mod tests {
    use super::{sections, Summary};

    #[test]
    fn a_section_runs_summary_lines_reach_the_top_of_the_file() {
        let mut run = Summary::default();
        run.add("v31", "- v31 1\n".to_owned());
        run.runtime_ratios = vec![("parse_204".to_owned(), 1.5)];
        let report = format!("# Benchmarks\n\n{}## 3. Runtime\n", run.render());
        let committed = format!("# Benchmarks\n\n{}## 1. Sections\n", Summary::default().render());
        let text = sections::with_section_run(&committed, "runtime", "cmd", &report);
        let (top, block) = text.split_once("\n## 1. Sections").expect("the full run's section");
        for line in ["- v31 1\n", "`parse_204` (1.50×)", "<!-- summary: runtime -->"] {
            assert!(top.contains(line) && !block.contains(line), "{line}: {text}");
        }
        assert!(block.contains("### 3. Runtime"), "{block}");
    }
}

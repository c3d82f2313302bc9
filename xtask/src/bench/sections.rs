//! A one-section run of the bench (`--only SECTION`) in BENCHMARKS.md: its
//! report in a block of its own at the end of the file.

/// `committed` (BENCHMARKS.md) with the report of a one-section run
/// (`--only SECTION`) in a block of its own at the end, replacing that
/// section's earlier block. A full run rewrites the file, blocks and all:
/// its figures are newer.
pub fn with_section_run(committed: &str, section: &str, command: &str, report: &str) -> String {
    let start = format!("<!-- section run: {section} -->");
    let end = format!("<!-- end of section run: {section} -->");
    let mut kept = committed.to_owned();
    if let (Some(from), Some(to)) = (kept.find(&start), kept.find(&end)) {
        if from < to {
            kept.replace_range(from..to + end.len(), "");
        }
    }
    let kept = kept.trim_end();
    // The run's own report, its headings one level down.
    let body: Vec<String> = report
        .lines()
        .filter(|line| !line.starts_with("# "))
        .map(|line| match line.starts_with('#') {
            true => format!("#{line}"),
            false => line.to_owned(),
        })
        .collect();
    format!(
        "{kept}\n\n{start}\n## Since the full run: `{command}`\n\nThis block comes from a later run \
            of one section; where it measures what the sections above do, its figures are the newer \
            ones.\n{}\n{end}\n",
        body.join("\n").trim_end()
    )
}

#[cfg(test)]
mod tests {
    use super::with_section_run;

    #[test]
    fn a_section_run_replaces_its_own_block_and_keeps_the_rest() {
        let full = "# Benchmarks\n\n## Summary\n\n- a\n";
        let report = "# Benchmarks\n\n- Machine: m\n\n## Summary\n\n- dense 1\n";
        let once = with_section_run(full, "dense", "cargo xtask bench --only dense", report);
        assert!(once.starts_with(full.trim_end()), "{once}");
        assert!(once.contains("### Summary\n\n- dense 1"), "{once}");
        assert!(!once.contains("\n# Benchmarks\n\n- Machine"), "{once}");
        let again = with_section_run(
            &once,
            "dense",
            "cargo xtask bench --only dense",
            &report.replace("1", "2"),
        );
        assert_eq!(again.matches("<!-- section run: dense -->").count(), 1, "{again}");
        assert!(again.contains("- dense 2") && !again.contains("- dense 1"), "{again}");
        let other = with_section_run(&again, "runtime", "cargo xtask bench --only runtime", report);
        assert!(other.contains("- dense 2") && other.contains("section run: runtime"), "{other}");
    }
}

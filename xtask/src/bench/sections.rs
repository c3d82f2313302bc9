//! BENCHMARKS.md: one full run of the bench, then a block for each later
//! run of one section (`--only SECTION`) at the end. The summary at the top
//! holds every section's lines from its newest run, each section's lines
//! marked so that a later run of that section alone replaces them.

/// The summary's heading, in a full run's report and in BENCHMARKS.md.
pub const SUMMARY: &str = "## Summary: where we are ahead and where we are not";

/// What the summary is, under its heading.
pub const SUMMARY_INTRO: &str =
    "Each section's lines come from its newest run: the full run, or a \
    later run of that section alone, which says so and whose block is at the end of this file.";

/// A section's lines in the summary, between the markers that
/// [`with_section_run`] finds them by.
pub fn summary_group(section: &str, lines: &str) -> String {
    format!("<!-- summary: {section} -->\n{lines}<!-- end of summary: {section} -->\n")
}

/// `committed` (BENCHMARKS.md) with the report of a one-section run
/// (`--only SECTION`): its summary lines replace that section's lines in
/// the summary at the top (or join it), and the rest of the report goes in
/// a block of its own at the end, replacing that section's earlier block.
/// A full run rewrites the file, blocks and all: its figures are newer.
pub fn with_section_run(committed: &str, section: &str, command: &str, report: &str) -> String {
    let start = format!("<!-- section run: {section} -->");
    let end = format!("<!-- end of section run: {section} -->");
    let mut kept = committed.to_owned();
    cut(&mut kept, &start, &end);
    let (report, groups) = without_summary(report);
    for (name, lines) in groups {
        let lines = format!("*From `{command}`, whose block is at the end:*\n\n{lines}");
        into_summary(&mut kept, &name, &summary_group(&name, &lines));
    }
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
        "{}\n\n{start}\n## Since the full run: `{command}`\n\nThis block comes from a later run \
            of one section; where it measures what the sections above do, its figures are the newer \
            ones.\n{}\n{end}\n",
        kept.trim_end(),
        body.join("\n").trim_end()
    )
}

/// Where in `text` the first `start` marker begins and the `end` marker
/// after it ends, if both are there.
fn marked(text: &str, start: &str, end: &str) -> Option<std::ops::Range<usize>> {
    let (from, to) = (text.find(start)?, text.find(end)?);
    (from < to).then(|| from..to + end.len())
}

/// Removes from `text` the first span from `start` to `end`, both
/// included, and the blank lines before it.
fn cut(text: &mut String, start: &str, end: &str) {
    if let Some(span) = marked(text, start, end) {
        let from = text[..span.start].trim_end().len();
        text.replace_range(from..span.end, "");
    }
}

/// The span of the summary in `text`: from its heading to the next
/// heading of its level, or the end.
fn summary_span(text: &str) -> Option<std::ops::Range<usize>> {
    let from = text.find(&format!("{SUMMARY}\n"))?;
    let after = from + SUMMARY.len();
    let to = text[after..].find("\n## ").map_or(text.len(), |at| after + at + 1);
    Some(from..to)
}

/// A report without its summary, and the summary's groups: each
/// section's name and lines.
fn without_summary(report: &str) -> (String, Vec<(String, String)>) {
    let Some(span) = summary_span(report) else { return (report.to_owned(), Vec::new()) };
    let summary = &report[span.clone()];
    let mut groups = Vec::new();
    let mut rest = summary;
    while let Some(at) = rest.find("<!-- summary: ") {
        let tail = &rest[at + "<!-- summary: ".len()..];
        let Some((name, tail)) = tail.split_once(" -->\n") else { break };
        let end = format!("<!-- end of summary: {name} -->");
        let Some((lines, tail)) = tail.split_once(&end) else { break };
        groups.push((name.to_owned(), lines.to_owned()));
        rest = tail;
    }
    let mut report = report.to_owned();
    report.replace_range(span, "");
    (report, groups)
}

/// Puts `group`, the lines of the section `name`, in the summary of
/// `text`: in place of that section's earlier lines, else at its end.
fn into_summary(text: &mut String, name: &str, group: &str) {
    let Some(span) = summary_span(text) else {
        // No summary yet: one, before the first section.
        let at = text.find("\n## ").map_or(text.len(), |at| at + 1);
        text.insert_str(at, &format!("{SUMMARY}\n\n{SUMMARY_INTRO}\n\n{group}\n"));
        return;
    };
    let start = format!("<!-- summary: {name} -->\n");
    let end = format!("<!-- end of summary: {name} -->\n");
    let summary = &text[span.clone()];
    if let Some(own) = marked(summary, &start, &end) {
        text.replace_range(span.start + own.start..span.start + own.end, group);
        return;
    }
    let at = span.start + summary.trim_end().len();
    text.insert_str(at, &format!("\n\n{}", group.trim_end()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report as the bench writes it: its summary's groups, then one
    /// section.
    fn report(groups: &[(&str, &str)], section: &str) -> String {
        let groups: String =
            groups.iter().map(|(name, lines)| summary_group(name, lines) + "\n").collect();
        format!(
            "# Benchmarks\n\n- Machine: m\n\n{SUMMARY}\n\n{SUMMARY_INTRO}\n\n{groups}## {section}\n\n\
             | a table |\n"
        )
    }

    #[test]
    fn a_section_run_replaces_its_lines_at_the_top_and_its_own_block() {
        let full = report(&[("crates", "- crates 0\n"), ("dense", "- dense 0\n")], "1. Sections");
        let dense = |n: u8| report(&[("dense", &format!("- dense {n}\n"))], "1c. Dense");
        let command = "cargo xtask bench --only dense";
        let once = with_section_run(&full, "dense", command, &dense(1));
        let (top, block) = once.split_once("<!-- section run: dense -->").expect("a block");
        assert!(top.contains("- crates 0\n") && top.contains("- dense 1\n"), "{once}");
        assert!(!once.contains("- dense 0"), "{once}");
        assert!(top.contains(&format!("*From `{command}`, whose block is at the end:*")), "{top}");
        assert!(block.contains("### 1c. Dense\n\n| a table |"), "{block}");
        assert!(!block.contains("Summary") && !block.contains("- dense 1"), "{block}");
        assert!(!block.contains("\n# Benchmarks"), "{block}");
        // Again: one block, the newest lines, nothing else moved.
        let again = with_section_run(&once, "dense", command, &dense(2));
        assert_eq!(again.matches("<!-- section run: dense -->").count(), 1, "{again}");
        assert_eq!(again.matches("<!-- summary: dense -->").count(), 1, "{again}");
        assert!(again.contains("- dense 2\n") && !again.contains("- dense 1"), "{again}");
        assert_eq!(again.replace('2', "1"), once, "only the figures changed");
    }

    #[test]
    fn a_section_new_to_the_summary_joins_it_at_its_end() {
        let full = report(&[("crates", "- crates 0\n")], "1. Sections");
        let graph = report(&[("graph", "- graph 1\n")], "Real workloads");
        let text = with_section_run(&full, "graph", "cargo xtask bench --only graph", &graph);
        let crates = text.find("- crates 0").expect("crates");
        let graph = text.find("- graph 1").expect("graph");
        let section = text.find("\n## 1. Sections").expect("the full run's section");
        assert!(crates < graph && graph < section, "{text}");
        // A run that measured nothing for the summary leaves it alone.
        let none = report(&[], "Real workloads");
        let after = with_section_run(&text, "graph", "cargo xtask bench --only graph", &none);
        assert!(after.contains("- graph 1\n"), "{after}");
        assert_eq!(after.matches("<!-- section run: graph -->").count(), 1, "{after}");
    }

    #[test]
    fn a_file_without_a_summary_gets_one_before_its_first_section() {
        let text = with_section_run(
            "# Benchmarks\n\n## 1. Sections\n",
            "v31",
            "cargo xtask bench --only v31",
            &report(&[("v31", "- v31 1\n")], "Reading OpenAPI 3.1"),
        );
        let summary = text.find(SUMMARY).expect("a summary");
        assert!(summary < text.find("## 1. Sections").expect("section"), "{text}");
        assert!(text.contains("- v31 1\n"), "{text}");
    }
}

//! What a run generated, for the person who ran it: how many operations and
//! types, which operations needed a fallback, and every warning. As one
//! line for the terminal, Markdown for people, JSON for tools.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::lower::Lowered;
use crate::Diagnostics;

/// What a run generated.
#[derive(Debug, Clone)]
pub struct Report {
    pub spec: PathBuf,
    pub operations: usize,
    pub types: usize,
    /// The operationIds of the operations generated with a fallback or an
    /// inference (a warning at or below them).
    pub degraded: Vec<String>,
    pub warnings: Diagnostics,
}

impl Report {
    pub fn new(lowered: &Lowered) -> Self {
        let api = &lowered.api;
        let degraded = api.operations.iter().filter(|op| !op.notes.is_empty());
        Self {
            spec: lowered.warnings.file.clone(),
            operations: api.operations.len(),
            types: api.types.len(),
            degraded: degraded.map(|op| op.operation_id().to_owned()).collect(),
            warnings: lowered.warnings.clone(),
        }
    }

    /// `generated 1,124 operations and 310 types, 3 operations degraded (5 warnings)`.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "generated {} operation{} and {} type{}",
            thousands(self.operations),
            plural(self.operations),
            thousands(self.types),
            plural(self.types)
        );
        let warnings = self.warnings.problems.len();
        if warnings > 0 {
            let degraded = self.degraded.len();
            let _ = write!(
                line,
                ", {degraded} operation{} degraded ({warnings} warning{})",
                plural(degraded),
                plural(warnings)
            );
        }
        line
    }

    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        let mut out =
            format!("# Generated from `{}`\n\n{}.\n", self.spec.display(), self.summary());
        if !self.degraded.is_empty() {
            out.push_str("\n## Degraded operations\n\n");
            for id in &self.degraded {
                let _ = writeln!(out, "- `{id}`");
            }
        }
        if !self.warnings.is_empty() {
            out.push_str("\n## Warnings\n\n| where | pointer | what | help |\n|---|---|---|---|\n");
            for warning in &self.warnings.problems {
                let line =
                    warning.line_col.map_or("-".to_owned(), |(line, col)| format!("{line}:{col}"));
                let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
                let help = warning.help.as_deref().unwrap_or("");
                let _ = writeln!(
                    out,
                    "| {line} | `{}` | {} | {} |",
                    warning.pointer,
                    cell(&warning.message),
                    cell(help)
                );
            }
        }
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> String {
        let warnings: Vec<serde_json::Value> = self
            .warnings
            .problems
            .iter()
            .map(|warning| {
                serde_json::json!({
                    "line": warning.line_col.map(|(line, _)| line),
                    "column": warning.line_col.map(|(_, col)| col),
                    "pointer": warning.pointer,
                    "message": warning.message,
                    "help": warning.help,
                })
            })
            .collect();
        let report = serde_json::json!({
            "spec": self.spec.display().to_string(),
            "operations": self.operations,
            "types": self.types,
            "degraded_operations": self.degraded,
            "warnings": warnings,
        });
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `1124` as `1,124`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1124), "1,124");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}

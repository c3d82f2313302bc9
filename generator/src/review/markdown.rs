//! The review report as Markdown: a summary line, then one table per
//! operation or schema, breaking changes flagged.

use std::fmt::Write as _;

use super::{Change, Impact, Subject};

/// The changes as a Markdown report, breaking ones first in each group.
pub fn markdown(changes: &[Change], old_label: &str, new_label: &str) -> String {
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let compatible = changes.len() - breaking;
    let mut out = format!("## Spec changes: `{old_label}` → `{new_label}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes to operations, webhooks or schemas.\n");
        return out;
    }
    let _ = writeln!(out, "**{breaking} breaking**, {compatible} compatible.\n");
    let kind = |subject: &Subject| match subject {
        Subject::Operation { .. } => 0,
        Subject::Webhook(_) => 1,
        Subject::Schema(_) => 2,
    };
    for (heading, wanted) in [("Operations", 0), ("Webhooks", 1), ("Schemas", 2)] {
        let group: Vec<&Change> = changes.iter().filter(|c| kind(&c.subject) == wanted).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {heading}\n");
        let mut rows = group.into_iter().peekable();
        while let Some(change) = rows.next() {
            match &change.subject {
                Subject::Operation { id, route } => {
                    let _ = writeln!(out, "#### `{id}` (`{route}`)\n");
                }
                Subject::Schema(name) | Subject::Webhook(name) => {
                    let _ = writeln!(out, "#### `{name}`\n");
                }
            }
            match change.used_by.as_slice() {
                [] if matches!(change.subject, Subject::Schema(_)) => {
                    out.push_str("No operation sends or receives it.\n\n");
                }
                [] => {}
                users => {
                    let _ = writeln!(out, "Sent or received by {}.\n", users.join(", "));
                }
            }
            out.push_str("| impact | change | Rust items |\n|---|---|---|\n");
            row(&mut out, change);
            while let Some(next) = rows.next_if(|next| next.subject == change.subject) {
                row(&mut out, next);
            }
            out.push('\n');
        }
    }
    out
}

fn row(out: &mut String, change: &Change) {
    let impact = match change.impact {
        Impact::Breaking => "🔴 breaking",
        Impact::Compatible => "🟢 compatible",
    };
    let items: Vec<String> = change.rust_items.iter().map(|item| format!("`{item}`")).collect();
    let _ =
        writeln!(out, "| {impact} | {} | {} |", change.what.replace('|', "\\|"), items.join(", "));
}

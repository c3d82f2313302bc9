//! The review report as Markdown: a summary line, then one table per
//! operation or schema, breaking changes flagged.

use std::fmt::Write as _;

use super::{Bump, Change, Impact, Location, Subject};

/// The changes as a Markdown report, breaking ones first in each group,
/// with the version bump they call for against the specs' `info.version`s
/// (`versions`, old and new).
pub fn markdown(
    changes: &[Change],
    old_label: &str,
    new_label: &str,
    versions: (&str, &str),
) -> String {
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let compatible = changes.len() - breaking;
    let mut out = format!("## Spec changes: `{old_label}` → `{new_label}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes to operations, webhooks or schemas.\n");
        return out;
    }
    let _ = writeln!(out, "**{breaking} breaking**, {compatible} compatible.\n");
    let _ = writeln!(out, "{}", advice(changes, versions.0, versions.1));
    let kind = |subject: &Subject| match subject {
        Subject::Operation { .. } => 0,
        Subject::Webhook(_) => 1,
        Subject::Schema(_) => 2,
    };
    // One edit to a shared component (a response header, a parameter
    // every operation has) changes many operations alike: one row each.
    let shared = shared_changes(changes);
    if !shared.is_empty() {
        out.push_str("### Shared by several operations\n\n");
        out.push_str(
            "| impact | check | change | operations | Rust items |\n|---|---|---|---|---|\n",
        );
        for (change, alike) in &shared {
            let operations: Vec<String> = alike
                .iter()
                .filter_map(|c| match &c.subject {
                    Subject::Operation { id, .. } => Some(format!("`{id}`")),
                    _ => None,
                })
                .collect();
            let items: Vec<String> =
                alike.iter().flat_map(|c| &c.rust_items).map(|item| format!("`{item}`")).collect();
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                impact_text(change),
                change.check.id(),
                change.what.replace('|', "\\|"),
                operations.join(", "),
                items.join(", ")
            );
        }
        out.push('\n');
    }
    let is_shared = |change: &Change| {
        shared.iter().any(|(_, alike)| alike.iter().any(|c| std::ptr::eq(*c, change)))
    };
    for (heading, wanted) in [("Operations", 0), ("Webhooks", 1), ("Schemas", 2)] {
        let group: Vec<&Change> =
            changes.iter().filter(|c| kind(&c.subject) == wanted && !is_shared(c)).collect();
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
            if let Some(location) = &change.location {
                let label = if location.in_old { old_label } else { new_label };
                let _ = writeln!(out, "{}\n", place(location, label));
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
            out.push_str("| impact | check | change | Rust items |\n|---|---|---|---|\n");
            row(&mut out, change);
            while let Some(next) = rows.next_if(|next| next.subject == change.subject) {
                row(&mut out, next);
            }
            out.push('\n');
        }
    }
    out
}

/// Changes of operations that several operations have alike (the same
/// impact and text), each with all of its kind, in the report's order.
fn shared_changes(changes: &[Change]) -> Vec<(&Change, Vec<&Change>)> {
    let mut groups: Vec<(&Change, Vec<&Change>)> = Vec::new();
    for change in changes.iter().filter(|c| matches!(c.subject, Subject::Operation { .. })) {
        let alike = |first: &&Change| first.impact == change.impact && first.what == change.what;
        match groups.iter_mut().find(|(first, _)| alike(first)) {
            Some((_, members)) => members.push(change),
            None => groups.push((change, vec![change])),
        }
    }
    groups.retain(|(_, members)| members.len() > 1);
    groups
}

/// The impact as the table shows it: a break of the wire alone says so,
/// since code written against the older crate still compiles.
fn impact_text(change: &Change) -> &'static str {
    match change.impact {
        Impact::Breaking if change.breaks_rust() => "🔴 breaking",
        Impact::Breaking => "🔴 breaking (wire only)",
        Impact::Compatible => "🟢 compatible",
    }
}

fn row(out: &mut String, change: &Change) {
    let impact = impact_text(change);
    let items: Vec<String> = change.rust_items.iter().map(|item| format!("`{item}`")).collect();
    let what = change.what.replace('|', "\\|");
    let _ = writeln!(out, "| {impact} | `{}` | {what} | {} |", change.check.id(), items.join(", "));
}

/// `` At `spec.yaml:12:5` (`#/paths/~1a/get`). ``, or without the line
/// and column when the pointer was not found in the text.
fn place(location: &Location, label: &str) -> String {
    let removed = if location.in_old { " (the older spec)" } else { "" };
    match location.line_col {
        Some((line, column)) => {
            format!("At `{label}:{line}:{column}`{removed} (`{}`).", location.pointer)
        }
        None => format!("At `{}` of `{label}`{removed}.", location.pointer),
    }
}

/// The version advice for `changes`: the bump they call for, and whether
/// the spec's `info.version` (`old_version` to `new_version`) moved that
/// far; empty when nothing changed.
pub fn advice(changes: &[Change], old_version: &str, new_version: &str) -> String {
    let Some(needed) = changes.iter().map(|change| change.bump).max() else {
        return String::new();
    };
    let why = match needed {
        Bump::Major => "breaking changes",
        Bump::Minor => "additions, nothing breaking",
        Bump::Patch => "documentation only",
    };
    let mut text = format!("**Suggested bump: {}** ({why}).", needed.as_str());
    match Bump::between(old_version, new_version) {
        Some(made) if made >= needed => {
            let _ = write!(
                text,
                " `info.version` goes from `{old_version}` to `{new_version}`, a {} bump: enough.",
                made.as_str()
            );
        }
        Some(made) => {
            let _ = write!(
                text,
                " `info.version` goes from `{old_version}` to `{new_version}`, only a {} bump.",
                made.as_str()
            );
        }
        None if old_version == new_version => {
            let _ = write!(text, " `info.version` stays `{new_version}`.");
        }
        None => {
            let _ = write!(
                text,
                " `info.version` goes from `{old_version}` to `{new_version}`, which is no bump."
            );
        }
    }
    text.push('\n');
    text
}

/// The JSON Schema of [`json`]'s output.
pub const JSON_SCHEMA: &str = include_str!("review.schema.json");

/// The changes as JSON, as [`JSON_SCHEMA`] describes it: the two specs with
/// their versions, the counts, the suggested bump and every change.
pub fn json(changes: &[Change], labels: (&str, &str), versions: (&str, &str)) -> String {
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let entry = |change: &Change| {
        let subject = match &change.subject {
            Subject::Operation { id, route } => {
                serde_json::json!({ "kind": "operation", "id": id, "route": route })
            }
            Subject::Schema(name) => serde_json::json!({ "kind": "schema", "name": name }),
            Subject::Webhook(name) => serde_json::json!({ "kind": "webhook", "name": name }),
        };
        let location = change.location.as_ref().map(|location| {
            serde_json::json!({
                "spec": if location.in_old { "old" } else { "new" },
                "pointer": location.pointer,
                "line": location.line_col.map(|(line, _)| line),
                "column": location.line_col.map(|(_, column)| column),
            })
        });
        serde_json::json!({
            "subject": subject,
            "check": change.check.id(),
            "location": location,
            "impact": change.impact.as_str(),
            "breaks_rust": change.breaks_rust(),
            "bump": change.bump.as_str(),
            "change": change.what,
            "rust_items": change.rust_items,
            "used_by": change.used_by,
        })
    };
    let report = serde_json::json!({
        "old": { "spec": labels.0, "version": versions.0 },
        "new": { "spec": labels.1, "version": versions.1 },
        "breaking": breaking,
        "compatible": changes.len() - breaking,
        "suggested_bump": changes.iter().map(|c| c.bump).max().map(Bump::as_str),
        "changes": changes.iter().map(entry).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The changes as GitHub workflow commands: a breaking change an
/// `::error`, a compatible one a `::notice`, each on the new spec's file
/// and titled with what it is about, so a pull request shows them on its
/// files tab.
pub fn github(changes: &[Change], new_spec: &str) -> String {
    // Workflow commands end at a newline and read `%`, `:` and `,` in
    // their properties: escaped as GitHub's toolkit does.
    let data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for change in changes {
        let level = match change.impact {
            Impact::Breaking => "error",
            Impact::Compatible => "notice",
        };
        let about = match &change.subject {
            Subject::Operation { id, route } => format!("{id} ({route})"),
            Subject::Schema(name) => format!("schema {name}"),
            Subject::Webhook(name) => format!("webhook {name}"),
        };
        let title = format!("{} change ({}): {about}", change.impact.as_str(), change.check.id());
        let items = change.rust_items.join(", ");
        // On its line of the newer spec; what was removed has no line
        // there, so it is on the file.
        let line = match &change.location {
            Some(Location { in_old: false, line_col: Some((line, column)), .. }) => {
                format!(",line={line},col={column}")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "::{level} file={}{line},title={}::{} ({})",
            property(new_spec),
            property(&title),
            data(&change.what),
            data(&items)
        );
    }
    out
}

//! What changed between two versions of a spec, for reviewers: every change
//! to operations and schemas, classified as breaking or compatible for
//! users of the generated crate, with the Rust items it affects.
//!
//! It compares lowered IRs rather than YAML, so it sees exactly what the
//! generated code sees, names included.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::ir::{
    Api, Body, BodyKind, Field, Operation, Param, ParamLocation, Response, ResponseContent,
    StatusMatch, TypeDef, TypeKind, TypeRef,
};

/// Whether a change can break code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Breaking,
    Compatible,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// By operationId, with `METHOD /path` of the newer version when it exists.
    Operation { id: String, route: String },
    /// By schema name.
    Schema(String),
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub subject: Subject,
    pub impact: Impact,
    pub what: String,
    pub rust_items: Vec<String>,
}

/// Every change from `old` to `new`, grouped by subject.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_ops: BTreeMap<&str, &Operation> =
        old.operations.iter().map(|op| (op.operation_id.as_str(), op)).collect();
    let new_ops: BTreeMap<&str, &Operation> =
        new.operations.iter().map(|op| (op.operation_id.as_str(), op)).collect();
    for (id, op) in &old_ops {
        if !new_ops.contains_key(id) {
            let mut out = Sink::new(
                Subject::Operation { id: id.to_string(), route: route(op) },
                &mut changes,
            );
            out.breaking("operation removed", [operation_item(op), response_item(op)]);
        }
    }
    for (id, new_op) in &new_ops {
        let mut out = Sink::new(
            Subject::Operation { id: id.to_string(), route: route(new_op) },
            &mut changes,
        );
        match old_ops.get(id) {
            None => {
                out.compatible("operation added", [operation_item(new_op), response_item(new_op)])
            }
            Some(old_op) => operation_changes(old_op, new_op, &mut out),
        }
    }

    let old_types: BTreeMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.api_name.as_str(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.api_name.as_str(), t)).collect();
    for (name, def) in &old_types {
        if !new_types.contains_key(name) {
            Sink::new(Subject::Schema(name.to_string()), &mut changes)
                .breaking("schema removed", [model_item(def, None)]);
        }
    }
    for (name, new_def) in &new_types {
        let mut out = Sink::new(Subject::Schema(name.to_string()), &mut changes);
        match old_types.get(name) {
            None => out.compatible("schema added", [model_item(new_def, None)]),
            Some(old_def) => type_changes(old_def, new_def, &mut out),
        }
    }
    changes.sort();
    changes
}

/// Collects the changes of one subject.
struct Sink<'a> {
    subject: Subject,
    changes: &'a mut Vec<Change>,
}

impl<'a> Sink<'a> {
    fn new(subject: Subject, changes: &'a mut Vec<Change>) -> Self {
        Self { subject, changes }
    }

    fn push<const N: usize>(
        &mut self,
        impact: Impact,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.changes.push(Change {
            subject: self.subject.clone(),
            impact,
            what: what.into(),
            rust_items: items.to_vec(),
        });
    }

    fn breaking<const N: usize>(&mut self, what: impl Into<String>, items: [String; N]) {
        self.push(Impact::Breaking, what, items);
    }

    fn compatible<const N: usize>(&mut self, what: impl Into<String>, items: [String; N]) {
        self.push(Impact::Compatible, what, items);
    }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path_template)
}

fn operation_item(op: &Operation) -> String {
    format!("operations::{}", op.rust_name)
}

fn response_item(op: &Operation) -> String {
    format!("operations::{}Response", op.rust_name)
}

fn model_item(def: &TypeDef, member: Option<&str>) -> String {
    match member {
        Some(member) => format!("models::{}::{}", def.rust_name, member.trim_start_matches("r#")),
        None => format!("models::{}", def.rust_name),
    }
}

fn operation_changes(old: &Operation, new: &Operation, out: &mut Sink<'_>) {
    let item = operation_item(new);
    if old.rust_name != new.rust_name {
        out.breaking(
            format!("Rust name changed from `{}`", old.rust_name),
            [item.clone(), operation_item(old)],
        );
    }
    if old.method != new.method || old.path_template != new.path_template {
        out.breaking(
            format!("request moved from `{}` to `{}`", route(old), route(new)),
            [item.clone()],
        );
    }
    param_changes(&old.params, &new.params, &item, out);
    body_changes(old.body.as_ref(), new.body.as_ref(), &item, out);
    response_changes(old, new, out);
    if old.error_body != new.error_body {
        out.breaking(
            format!(
                "error body changed from {} to {}",
                type_name(&old.error_body),
                type_name(&new.error_body)
            ),
            [format!("<{item} as Operation>::ErrorBody")],
        );
    }
    list_changes(
        "scope",
        &old.scopes,
        &new.scopes,
        &format!("{item}::SCOPES"),
        "apps granted only that scope lose access",
        out,
    );
    list_changes(
        "API version",
        &old.api_versions,
        &new.api_versions,
        &format!("{item}::API_VERSIONS"),
        "callers of that version lose a documented operation",
        out,
    );
    if old.scopes != new.scopes && sorted(&old.scopes) == sorted(&new.scopes) {
        out.compatible("scopes reordered (least privileged first)", [format!("{item}::SCOPES")]);
    }
    if old.examples != new.examples {
        out.compatible(
            format!("examples changed ({} before, {} now)", old.examples.len(), new.examples.len()),
            [format!("generated example tests of {item}")],
        );
    }
    if old.docs != new.docs || old.source_docs != new.source_docs {
        out.compatible("documentation or source pages changed", [item.clone()]);
    }
    if !old.deprecated && new.deprecated {
        out.compatible("deprecated", [item]);
    }
}

fn sorted(items: &[String]) -> Vec<&String> {
    let mut sorted: Vec<&String> = items.iter().collect();
    sorted.sort();
    sorted
}

fn list_changes(
    noun: &str,
    old: &[String],
    new: &[String],
    item: &str,
    why_breaking: &str,
    out: &mut Sink<'_>,
) {
    for value in new.iter().filter(|v| !old.contains(v)) {
        out.compatible(format!("{noun} `{value}` added"), [item.to_owned()]);
    }
    for value in old.iter().filter(|v| !new.contains(v)) {
        out.breaking(format!("{noun} `{value}` removed: {why_breaking}"), [item.to_owned()]);
    }
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

fn param_changes(old: &[Param], new: &[Param], item: &str, out: &mut Sink<'_>) {
    let key = |p: &Param| (p.location, p.api_name.clone());
    let old_by: BTreeMap<_, &Param> = old.iter().map(|p| (key(p), p)).collect();
    let new_by: BTreeMap<_, &Param> = new.iter().map(|p| (key(p), p)).collect();
    for (key, param) in &old_by {
        if !new_by.contains_key(key) {
            out.breaking(
                format!("{} parameter `{}` removed", location(param.location), param.api_name),
                [format!("{item}::{}", field(param))],
            );
        }
    }
    for (key, param) in &new_by {
        let name = format!("{} parameter `{}`", location(param.location), param.api_name);
        match old_by.get(key) {
            None if param.required => {
                out.breaking(format!("required {name} added"), [format!("{item}::new")])
            }
            None => out.compatible(
                format!("optional {name} added"),
                [format!("{item}::{}", field(param))],
            ),
            Some(old_param) => {
                if old_param.required != param.required {
                    let (from, to) = if param.required {
                        ("optional", "required")
                    } else {
                        ("required", "optional")
                    };
                    out.breaking(
                        format!("{name} changed from {from} to {to}"),
                        [format!("{item}::new"), format!("{item}::{}", field(param))],
                    );
                }
                if old_param.ty != param.ty {
                    out.breaking(
                        format!(
                            "{name} type changed from {} to {}",
                            type_name(&old_param.ty),
                            type_name(&param.ty)
                        ),
                        [format!("{item}::{}", field(param))],
                    );
                }
            }
        }
    }
}

fn field(param: &Param) -> &str {
    param.rust_name.trim_start_matches("r#")
}

fn body_changes(old: Option<&Body>, new: Option<&Body>, item: &str, out: &mut Sink<'_>) {
    let body_item = format!("{item}::body");
    match (old, new) {
        (None, None) => {}
        (None, Some(body)) => out.breaking(
            format!("request body `{}` added", body.media_type),
            [format!("{item}::new"), body_item],
        ),
        (Some(body), None) => out.breaking(
            format!("request body `{}` removed", body.media_type),
            [format!("{item}::new"), body_item],
        ),
        (Some(old), Some(new)) => {
            if old.media_type != new.media_type {
                out.breaking(
                    format!(
                        "request media type changed from `{}` to `{}`",
                        old.media_type, new.media_type
                    ),
                    [body_item.clone()],
                );
            }
            if old.required != new.required {
                out.breaking(
                    format!(
                        "request body became {}",
                        if new.required { "required" } else { "optional" }
                    ),
                    [format!("{item}::new"), body_item.clone()],
                );
            }
            match (&old.kind, &new.kind) {
                (BodyKind::Binary { max_len: a }, BodyKind::Binary { max_len: b }) if a != b => {
                    let limit =
                        |l: &Option<u64>| l.map_or("no limit".to_owned(), |l| format!("{l} bytes"));
                    let impact = if b.is_some_and(|b| a.is_none_or(|a| b < a)) {
                        Impact::Breaking
                    } else {
                        Impact::Compatible
                    };
                    out.push(
                        impact,
                        format!("body size limit changed from {} to {}", limit(a), limit(b)),
                        [body_item],
                    );
                }
                (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) || a != b => {
                    out.breaking(
                        format!(
                            "request body type changed from {} to {}",
                            body_name(a),
                            body_name(b)
                        ),
                        [body_item],
                    );
                }
                _ => {}
            }
        }
    }
}

fn body_name(kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) => type_name(ty),
        BodyKind::Binary { .. } => "bytes".to_owned(),
        BodyKind::Text => "text".to_owned(),
    }
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn response_changes(old: &Operation, new: &Operation, out: &mut Sink<'_>) {
    let by_status = |responses: &[Response]| -> BTreeMap<StatusMatch, Response> {
        responses.iter().map(|r| (r.status, r.clone())).collect()
    };
    let (old_by, new_by) = (by_status(&old.responses), by_status(&new.responses));
    let variant = |r: &Response| format!("{}::{}", response_item(new), r.variant);
    for (status, response) in &old_by {
        if !new_by.contains_key(status) {
            out.breaking(
                format!("success response {} removed", status_text(*status)),
                [variant(response)],
            );
        }
    }
    for (status, response) in &new_by {
        match old_by.get(status) {
            None => out.breaking(
                format!(
                    "success response {} added: exhaustive matches need the new variant",
                    status_text(*status)
                ),
                [variant(response)],
            ),
            Some(old_response) if old_response.content != response.content => out.breaking(
                format!(
                    "response {} body changed from {} to {}",
                    status_text(*status),
                    content_name(&old_response.content),
                    content_name(&response.content)
                ),
                [variant(response)],
            ),
            Some(_) => {}
        }
    }
}

fn content_name(content: &ResponseContent) -> String {
    match content {
        ResponseContent::None => "no body".to_owned(),
        ResponseContent::Json(ty) => type_name(ty),
        ResponseContent::Binary => "bytes".to_owned(),
        ResponseContent::Text => "text".to_owned(),
    }
}

fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => format!("`{name}`"),
        TypeRef::Vec(item) => format!("list of {}", type_name(item)),
        TypeRef::Map(value) => format!("map of {}", type_name(value)),
        other => format!("`{}`", format!("{other:?}").to_lowercase()),
    }
}

fn type_changes(old: &TypeDef, new: &TypeDef, out: &mut Sink<'_>) {
    let item = model_item(new, None);
    if old.rust_name != new.rust_name {
        out.breaking(
            format!("Rust name changed from `{}`", old.rust_name),
            [item.clone(), model_item(old, None)],
        );
    }
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => field_changes(&a.fields, &b.fields, new, out),
        (TypeKind::Enum(a), TypeKind::Enum(b)) => {
            for value in a.iter().filter(|v| !b.iter().any(|w| w.api_name == v.api_name)) {
                out.breaking(
                    format!("enum value `{}` removed", value.api_name),
                    [model_item(new, Some(&value.rust_name))],
                );
            }
            for value in b.iter().filter(|v| !a.iter().any(|w| w.api_name == v.api_name)) {
                out.breaking(
                    format!("enum value `{}` added: older code cannot read it", value.api_name),
                    [model_item(new, Some(&value.rust_name))],
                );
            }
        }
        (a, b) if a != b => out.breaking("schema shape changed", [item]),
        _ => {}
    }
}

fn field_changes(old: &[Field], new: &[Field], def: &TypeDef, out: &mut Sink<'_>) {
    for field in old.iter().filter(|f| !new.iter().any(|g| g.api_name == f.api_name)) {
        out.breaking(
            format!("property `{}` removed", field.api_name),
            [model_item(def, Some(&field.rust_name))],
        );
    }
    for field in new {
        let item = model_item(def, Some(&field.rust_name));
        match old.iter().find(|f| f.api_name == field.api_name) {
            None if field.required => {
                out.breaking(format!("required property `{}` added", field.api_name), [item])
            }
            None => out.compatible(
                format!(
                    "optional property `{}` added (struct literals need `..Default::default()`)",
                    field.api_name
                ),
                [item],
            ),
            Some(old_field) => {
                if old_field.required != field.required {
                    let (from, to) = if field.required {
                        ("optional", "required")
                    } else {
                        ("required", "optional")
                    };
                    out.breaking(
                        format!("property `{}` changed from {from} to {to}", field.api_name),
                        [item.clone()],
                    );
                } else if old_field.nullable != field.nullable {
                    out.breaking(
                        format!(
                            "property `{}` {} nullable",
                            field.api_name,
                            if field.nullable { "became" } else { "is no longer" }
                        ),
                        [item.clone()],
                    );
                }
                if old_field.ty != field.ty {
                    out.breaking(
                        format!(
                            "property `{}` type changed from {} to {}",
                            field.api_name,
                            type_name(&old_field.ty),
                            type_name(&field.ty)
                        ),
                        [item],
                    );
                }
            }
        }
    }
}

/// The changes as a Markdown report, breaking ones first in each group.
pub fn markdown(changes: &[Change], old_label: &str, new_label: &str) -> String {
    let breaking = changes.iter().filter(|c| c.impact == Impact::Breaking).count();
    let compatible = changes.len() - breaking;
    let mut out = format!("## Spec changes: `{old_label}` → `{new_label}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes to operations or schemas.\n");
        return out;
    }
    let _ = writeln!(out, "**{breaking} breaking**, {compatible} compatible.\n");
    for (heading, is_operation) in [("Operations", true), ("Schemas", false)] {
        let group: Vec<&Change> = changes
            .iter()
            .filter(|c| matches!(c.subject, Subject::Operation { .. }) == is_operation)
            .collect();
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
                Subject::Schema(name) => {
                    let _ = writeln!(out, "#### `{name}`\n");
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

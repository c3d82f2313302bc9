//! What changed between two versions of a spec, for reviewers: every change
//! to operations and schemas, classified as breaking or compatible for
//! users of the generated crate, with the Rust items it affects.
//!
//! It compares lowered IRs rather than YAML, so it sees exactly what the
//! generated code sees, names included.

use std::collections::BTreeMap;

use crate::ir::{Api, Operation, TypeDef, TypeRef};

mod markdown;
mod operations;
mod schemas;

pub use markdown::{advice, github, json, markdown, JSON_SCHEMA};
use operations::operation_changes;
use schemas::type_changes;

/// Whether a change can break code that uses the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    Breaking,
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`, as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaking => "breaking",
            Self::Compatible => "compatible",
        }
    }

    /// The bump a change of this impact calls for unless it touches only
    /// documentation: a break is major, any other change minor.
    fn bump(self) -> Bump {
        match self {
            Self::Breaking => Bump::Major,
            Self::Compatible => Bump::Minor,
        }
    }
}

/// The version bump a change calls for in the generated crate, by semver:
/// a break is major, an addition minor, documentation a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        }
    }

    /// The bump from version `old` to `new` (as the crate's version reads
    /// them: `1.2` is `1.2.0`), counting 0.x's minor as its major; `None`
    /// when the two are the same or not versions.
    pub fn between(old: &str, new: &str) -> Option<Self> {
        let parse = |text: &str| -> Option<semver::Version> {
            let text = text.trim().trim_start_matches('v');
            let parts: Vec<&str> = text.split('.').collect();
            let padded = match parts.len() {
                1 => format!("{text}.0.0"),
                2 => format!("{text}.0"),
                _ => text.to_owned(),
            };
            semver::Version::parse(&padded).ok()
        };
        let (old, new) = (parse(old)?, parse(new)?);
        match (old.major, new.major) {
            _ if new <= old => None,
            (a, b) if a != b => Some(Self::Major),
            (0, 0) if old.minor != new.minor => Some(Self::Major),
            (0, 0) => Some(Self::Minor),
            _ if old.minor != new.minor => Some(Self::Minor),
            _ => Some(Self::Patch),
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// By operationId, with `METHOD /path` of the newer version when it exists.
    Operation { id: String, route: String },
    /// By schema name.
    Schema(String),
    /// By name: OpenAPI 3.1's webhooks, what the API sends.
    Webhook(String),
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub subject: Subject,
    pub impact: Impact,
    pub what: String,
    pub rust_items: Vec<String>,
    /// The version bump it calls for.
    pub bump: Bump,
    /// For a schema's change: the operations that send or receive the
    /// schema, directly or inside another (`GetThing (response)`), in the
    /// newer version (the older one for a schema removed).
    pub used_by: Vec<String>,
}

/// Every change from `old` to `new`, grouped by subject.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    let old_ops: BTreeMap<&str, &Operation> =
        old.operations.iter().map(|op| (op.operation_id(), op)).collect();
    let new_ops: BTreeMap<&str, &Operation> =
        new.operations.iter().map(|op| (op.operation_id(), op)).collect();
    // An operationId changed in a way its Rust name does not show
    // (`getPhoto` to `GetPhoto`) names the same operation.
    let renamed: BTreeMap<&str, &Operation> = new_ops
        .iter()
        .filter(|(id, _)| !old_ops.contains_key(*id))
        .filter_map(|(_, new_op)| {
            let (id, _) = old_ops.iter().find(|(id, old_op)| {
                !new_ops.contains_key(*id) && old_op.name.rust == new_op.name.rust
            })?;
            Some((*id, *new_op))
        })
        .collect();
    for (id, op) in &old_ops {
        if !new_ops.contains_key(id) && !renamed.contains_key(id) {
            let mut out = Sink::new(
                Subject::Operation { id: id.to_string(), route: route(op) },
                &mut changes,
            );
            out.breaking("operation removed", [operation_item(op), response_item(op)]);
        }
    }
    let was_renamed = |op: &Operation| renamed.iter().find(|(_, now)| std::ptr::eq(**now, op));
    for (id, new_op) in &new_ops {
        let mut out = Sink::new(
            Subject::Operation { id: id.to_string(), route: route(new_op) },
            &mut changes,
        );
        if let Some((old_id, _)) = was_renamed(new_op) {
            let old_op = old_ops[old_id];
            out.compatible(
                format!("operationId changed from `{old_id}`; the Rust name stays"),
                [operation_item(new_op)],
            );
            operation_changes(old_op, new_op, &mut out);
            continue;
        }
        match old_ops.get(id) {
            None => {
                out.compatible("operation added", [operation_item(new_op), response_item(new_op)])
            }
            Some(old_op) => operation_changes(old_op, new_op, &mut out),
        }
    }

    webhook_changes(&old.webhooks, &new.webhooks, &mut changes);

    let old_types: BTreeMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.origin.key(), t)).collect();
    let new_types: BTreeMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.origin.key(), t)).collect();
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
    let (old_users, new_users) = (users(old), users(new));
    for change in &mut changes {
        if let Subject::Schema(key) = &change.subject {
            let found = new_users.get(key.as_str()).or_else(|| old_users.get(key.as_str()));
            change.used_by = found.cloned().unwrap_or_default();
        }
    }
    changes.sort();
    changes
}

/// For each schema (by the key a review names it by), the operations
/// whose request or answers reach it, through other types too:
/// `GetThing (request, response)`.
fn users(api: &Api) -> BTreeMap<&str, Vec<String>> {
    let graph = crate::ir::TypeGraph::new(&api.types);
    let key: BTreeMap<&crate::ir::Ident, &str> =
        api.types.iter().map(|def| (&def.name, def.origin.key())).collect();
    let mut users: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        let (request, response) =
            (graph.reached(op.request_types()), graph.reached(op.response_types()));
        for name in request.union(&response) {
            let Some(key) = key.get(name) else { continue };
            let sides = match (request.contains(name), response.contains(name)) {
                (true, true) => "request, response",
                (true, false) => "request",
                _ => "response",
            };
            users.entry(key).or_default().push(format!("`{}` ({sides})", op.name.rust));
        }
    }
    users
}

/// Webhooks added, removed, or sent another way: what a receiver's code
/// reads is the webhook's type, `webhooks::{Name}`.
fn webhook_changes<'a>(old: &'a [Operation], new: &'a [Operation], changes: &mut Vec<Change>) {
    let by_name = |webhooks: &'a [Operation]| -> BTreeMap<&'a str, &'a Operation> {
        webhooks.iter().map(|op| (op.operation_id(), op)).collect()
    };
    let (old, new) = (by_name(old), by_name(new));
    let item = |op: &Operation| format!("webhooks::{}", op.name.rust);
    for (name, op) in &old {
        if !new.contains_key(name) {
            Sink::new(Subject::Webhook(name.to_string()), changes)
                .breaking("webhook removed", [item(op)]);
        }
    }
    for (name, after) in &new {
        let mut out = Sink::new(Subject::Webhook(name.to_string()), changes);
        let Some(before) = old.get(name) else {
            out.compatible("webhook added", [item(after)]);
            continue;
        };
        if before.method != after.method {
            let what = format!(
                "sent with {} instead of {}",
                after.method.as_str(),
                before.method.as_str()
            );
            out.breaking(what, [item(after)]);
        }
        let body = |op: &Operation| {
            op.body.as_ref().map(|body| {
                body.contents
                    .iter()
                    .map(|c| (c.media_type.clone(), format!("{:?}", c.kind)))
                    .collect::<Vec<_>>()
            })
        };
        if body(before) != body(after) {
            out.breaking("body changed", [item(after)]);
        }
        let headers = |op: &Operation| {
            let headers =
                op.params.iter().filter(|p| p.location == crate::ir::ParamLocation::Header);
            headers.map(|p| (p.name.api.clone(), p.required, p.ty.clone())).collect::<Vec<_>>()
        };
        if headers(before) != headers(after) {
            out.breaking("headers changed", [item(after)]);
        }
    }
}

/// Collects the changes of one subject.
pub(super) struct Sink<'a> {
    subject: Subject,
    changes: &'a mut Vec<Change>,
}

impl<'a> Sink<'a> {
    fn new(subject: Subject, changes: &'a mut Vec<Change>) -> Self {
        Self { subject, changes }
    }

    /// A change of `impact`, calling for the bump that impact calls for.
    pub(super) fn push<const N: usize>(
        &mut self,
        impact: Impact,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.record(impact, impact.bump(), what, items);
    }

    fn record<const N: usize>(
        &mut self,
        impact: Impact,
        bump: Bump,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.changes.push(Change {
            subject: self.subject.clone(),
            impact,
            what: what.into(),
            rust_items: items.to_vec(),
            bump,
            used_by: Vec::new(),
        });
    }

    /// A change that touches only documentation (docs, examples, links).
    pub(super) fn patch<const N: usize>(&mut self, what: impl Into<String>, items: [String; N]) {
        self.record(Impact::Compatible, Bump::Patch, what, items);
    }

    pub(super) fn breaking<const N: usize>(&mut self, what: impl Into<String>, items: [String; N]) {
        self.push(Impact::Breaking, what, items);
    }

    pub(super) fn compatible<const N: usize>(
        &mut self,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.push(Impact::Compatible, what, items);
    }
}

fn route(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path_template)
}

pub(super) fn operation_item(op: &Operation) -> String {
    format!("operations::{}", op.name.rust)
}

pub(super) fn response_item(op: &Operation) -> String {
    format!("operations::{}", op.response_type)
}

pub(super) fn model_item(def: &TypeDef, member: Option<&str>) -> String {
    match member {
        Some(member) => format!("models::{}::{}", def.name, member.trim_start_matches("r#")),
        None => format!("models::{}", def.name),
    }
}

/// A type as a report names it.
pub(super) fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => format!("`{name}`"),
        TypeRef::Vec(item) => format!("list of {}", type_name(item)),
        TypeRef::Map(value) => format!("map of {}", type_name(value)),
        TypeRef::Nullable(inner) => format!("{} or null", type_name(inner)),
        other => format!("`{}`", format!("{other:?}").to_lowercase()),
    }
}

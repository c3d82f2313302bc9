//! What changed between two versions of a spec, for reviewers: every change
//! to operations and schemas, classified as breaking or compatible for
//! users of the generated crate, with the Rust items it affects.
//!
//! It compares lowered IRs rather than YAML, so it sees exactly what the
//! generated code sees, names included.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{pointer_token, Diagnostics};
use crate::ir::{Api, Ident, Operation, Origin, TypeDef, TypeRef};
use crate::load::Spec;

mod checks;
mod ignore;
mod markdown;
mod operations;
mod renames;
mod schemas;
mod security;
mod users;

pub use checks::Check;
pub use ignore::{Applied, Ignores};
pub use markdown::{advice, github, json, markdown, JSON_SCHEMA};
use operations::{operation_changes, unnamed};
use schemas::type_changes;
use users::{users, User};

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

/// Where a change is in the specs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// In the older spec (what was removed), else the newer one.
    pub in_old: bool,
    /// The JSON pointer of what the change is about, in the spec as
    /// written (a 3.1 document's own, not its normalised form).
    pub pointer: String,
    /// Its line and column (from 1), once [`compare`] located them.
    pub line_col: Option<(usize, usize)>,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub subject: Subject,
    pub impact: Impact,
    /// What kind of change it is.
    pub check: Check,
    pub what: String,
    pub rust_items: Vec<String>,
    /// The version bump it calls for.
    pub bump: Bump,
    /// For a schema's change: the operations that send or receive the
    /// schema, directly or inside another (`GetThing (response)`), in the
    /// newer version (the older one for a schema removed).
    pub used_by: Vec<String>,
    /// Where it is: the subject's place in the newer spec, or in the
    /// older one for a subject removed.
    pub location: Option<Location>,
}

impl Change {
    /// Whether code written against the older crate may stop compiling
    /// against the newer one: a breaking change of the Rust API, where
    /// `cargo semver-checks` says breaking too. A breaking change of the
    /// wire alone ([`Check::wire_only`]) breaks requests, not code.
    pub fn breaks_rust(&self) -> bool {
        self.impact == Impact::Breaking && !self.check.wire_only()
    }
}

/// Two specs compared: both lowered, and the changes between them.
#[derive(Debug, Clone)]
pub struct Compared {
    pub old: Api,
    pub new: Api,
    /// Each located (line and column) in the spec it is about.
    pub changes: Vec<Change>,
}

/// Every change from the spec at `old` to the one at `new`.
pub fn compare(old: &Path, new: &Path) -> Result<Compared, Diagnostics> {
    let (old_spec, new_spec) = (crate::load::load_file(old)?, crate::load::load_file(new)?);
    let old_api = crate::lower::lower(&old_spec)?.api;
    let new_api = crate::lower::lower(&new_spec)?.api;
    let mut changes = diff(&old_api, &new_api);
    locate(&mut changes, &old_spec, &new_spec);
    Ok(Compared { old: old_api, new: new_api, changes })
}

/// Gives each change the line and column of its pointer, translated to
/// the spec as written (a 3.1 document's own pointers).
fn locate(changes: &mut [Change], old: &Spec, new: &Spec) {
    let index = |spec: &Spec| crate::locate::Locations::index(&spec.text);
    let (old_at, new_at) = (index(old), index(new));
    for location in changes.iter_mut().filter_map(|change| change.location.as_mut()) {
        let (spec, at) = if location.in_old { (old, &old_at) } else { (new, &new_at) };
        location.pointer = spec.source_pointer(&location.pointer);
        location.line_col = at.find(&location.pointer);
    }
}

/// Every change from `old` to `new`, grouped by subject, each at the
/// pointer of its subject ([`compare`] adds lines and columns).
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    // A schema renamed is reported once; the rest is compared as if the
    // older spec had used the new names.
    let schema_renames = renames::report(old, new, &mut changes);
    let renamed_old;
    let old = if schema_renames.is_empty() {
        old
    } else {
        let by_rust: BTreeMap<Ident, Ident> = schema_renames.values().cloned().collect();
        renamed_old = renames::apply(old, &by_rust);
        &renamed_old
    };
    let old_ops: BTreeMap<&str, &Operation> =
        old.operations.iter().map(|op| (op.operation_id(), op)).collect();
    let new_ops: BTreeMap<&str, &Operation> =
        new.operations.iter().map(|op| (op.operation_id(), op)).collect();
    // An operationId changed names the same operation when its Rust name
    // stays (`getPhoto` to `GetPhoto`) or, else, when it is the only one
    // gone and the only one new on its route (method and path).
    let gone: Vec<(&str, &Operation)> = old_ops
        .iter()
        .filter(|(id, _)| !new_ops.contains_key(*id))
        .map(|(id, op)| (*id, *op))
        .collect();
    let same_route = |a: &Operation, b: &Operation| {
        a.method == b.method && unnamed(&a.path_template) == unnamed(&b.path_template)
    };
    let mut renamed: BTreeMap<&str, &Operation> = BTreeMap::new();
    for (_, new_op) in new_ops.iter().filter(|(id, _)| !old_ops.contains_key(*id)) {
        let by_name = gone.iter().find(|(_, old_op)| old_op.name.rust == new_op.name.rust);
        let on_route: Vec<&(&str, &Operation)> =
            gone.iter().filter(|(_, old_op)| same_route(old_op, new_op)).collect();
        let newcomers = new_ops
            .iter()
            .filter(|(id, op)| !old_ops.contains_key(*id) && same_route(op, new_op))
            .count();
        let matched = by_name.or(match on_route[..] {
            [only] if newcomers == 1 => Some(only),
            _ => None,
        });
        if let Some((old_id, _)) = matched.filter(|(old_id, _)| !renamed.contains_key(old_id)) {
            renamed.insert(old_id, new_op);
        }
    }
    for (id, op) in &old_ops {
        if !new_ops.contains_key(id) && !renamed.contains_key(id) {
            let mut out = Sink::new(
                Subject::Operation { id: id.to_string(), route: route(op) },
                Location::of(true, &op.pointer),
                &mut changes,
            );
            out.breaking(
                Check::OperationRemoved,
                "operation removed",
                [operation_item(op), response_item(op)],
            );
        }
    }
    let was_renamed = |op: &Operation| renamed.iter().find(|(_, now)| std::ptr::eq(**now, op));
    for (id, new_op) in &new_ops {
        let mut out = Sink::new(
            Subject::Operation { id: id.to_string(), route: route(new_op) },
            Location::of(false, &new_op.pointer),
            &mut changes,
        );
        if let Some((old_id, _)) = was_renamed(new_op) {
            let old_op = old_ops[old_id];
            // A Rust name that changes too is reported by `operation_changes`.
            let stays =
                if old_op.name.rust == new_op.name.rust { "; the Rust name stays" } else { "" };
            out.compatible(
                Check::OperationIdChanged,
                format!("operationId changed from `{old_id}`{stays}"),
                [operation_item(new_op)],
            );
            operation_changes(old_op, new_op, &mut out);
            continue;
        }
        match old_ops.get(id) {
            None => out.compatible(
                Check::OperationAdded,
                "operation added",
                [operation_item(new_op), response_item(new_op)],
            ),
            Some(old_op) => operation_changes(old_op, new_op, &mut out),
        }
    }

    webhook_changes(&old.webhooks, &new.webhooks, &mut changes);

    let (old_types, new_types) = (types_by_key(old), types_by_key(new));
    let renamed_to = |key: &str| schema_renames.keys().any(|(_, new)| new == key);
    for (name, def) in &old_types {
        if !new_types.contains_key(name) && !schema_renames.keys().any(|(old, _)| old == name) {
            Sink::new(Subject::Schema(name.to_string()), schema_location(true, def), &mut changes)
                .breaking(Check::SchemaRemoved, "schema removed", [model_item(def, None)]);
        }
    }
    let (old_users, new_users) = (users(old), users(new));
    for (name, new_def) in &new_types {
        let at = schema_location(false, new_def);
        let mut out = Sink::new(Subject::Schema(name.to_string()), at, &mut changes);
        // Sent in a request (in either version): a tighter constraint
        // refuses what the old crate's users send.
        let sent = [&old_users, &new_users].iter().any(|users| {
            users.get(name).is_some_and(|users| users.iter().any(|user| user.request))
        });
        match old_types.get(name) {
            None if renamed_to(name) => {}
            None => out.compatible(Check::SchemaAdded, "schema added", [model_item(new_def, None)]),
            Some(old_def) => type_changes(old_def, new_def, sent, &mut out),
        }
    }
    for change in &mut changes {
        if let Subject::Schema(key) = &change.subject {
            let found = new_users.get(key.as_str()).or_else(|| old_users.get(key.as_str()));
            change.used_by = found.into_iter().flatten().map(User::to_string).collect();
        }
    }
    changes.sort();
    changes
}

/// The types of `api` by the key a review names them by.
fn types_by_key(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types.iter().map(|def| (def.origin.key(), def)).collect()
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
            Sink::new(Subject::Webhook(name.to_string()), Location::of(true, &op.pointer), changes)
                .breaking(Check::WebhookRemoved, "webhook removed", [item(op)]);
        }
    }
    for (name, after) in &new {
        let at = Location::of(false, &after.pointer);
        let mut out = Sink::new(Subject::Webhook(name.to_string()), at, changes);
        let Some(before) = old.get(name) else {
            out.compatible(Check::WebhookAdded, "webhook added", [item(after)]);
            continue;
        };
        if before.method != after.method {
            let what = format!(
                "sent with {} instead of {}",
                after.method.as_str(),
                before.method.as_str()
            );
            out.breaking(Check::WebhookChanged, what, [item(after)]);
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
            out.breaking(Check::WebhookChanged, "body changed", [item(after)]);
        }
        let headers = |op: &Operation| {
            let headers =
                op.params.iter().filter(|p| p.location == crate::ir::ParamLocation::Header);
            headers.map(|p| (p.name.api.clone(), p.required, p.ty.clone())).collect::<Vec<_>>()
        };
        if headers(before) != headers(after) {
            out.breaking(Check::WebhookChanged, "headers changed", [item(after)]);
        }
    }
}

/// Collects the changes of one subject.
pub(super) struct Sink<'a> {
    subject: Subject,
    location: Location,
    changes: &'a mut Vec<Change>,
}

impl<'a> Sink<'a> {
    fn new(subject: Subject, location: Location, changes: &'a mut Vec<Change>) -> Self {
        Self { subject, location, changes }
    }

    /// A change of `impact`, calling for the bump that impact calls for.
    pub(super) fn push<const N: usize>(
        &mut self,
        check: Check,
        impact: Impact,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.record(check, impact, impact.bump(), what, items);
    }

    fn record<const N: usize>(
        &mut self,
        check: Check,
        impact: Impact,
        bump: Bump,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.changes.push(Change {
            subject: self.subject.clone(),
            impact,
            check,
            what: what.into(),
            rust_items: items.to_vec(),
            bump,
            used_by: Vec::new(),
            location: Some(self.location.clone()),
        });
    }

    /// A change that touches only documentation (docs, examples, links).
    pub(super) fn patch<const N: usize>(
        &mut self,
        check: Check,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.record(check, Impact::Compatible, Bump::Patch, what, items);
    }

    pub(super) fn breaking<const N: usize>(
        &mut self,
        check: Check,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.push(check, Impact::Breaking, what, items);
    }

    pub(super) fn compatible<const N: usize>(
        &mut self,
        check: Check,
        what: impl Into<String>,
        items: [String; N],
    ) {
        self.push(check, Impact::Compatible, what, items);
    }
}

impl Location {
    /// The node at `pointer` of the older spec (`in_old`) or the newer one, not yet located.
    fn of(in_old: bool, pointer: &str) -> Self {
        Self { in_old, pointer: pointer.to_owned(), line_col: None }
    }
}

/// Where a schema is: its component, or the inline schema's own place.
fn schema_location(in_old: bool, def: &TypeDef) -> Location {
    match &def.origin {
        Origin::Component(name) => {
            Location::of(in_old, &format!("#/components/schemas/{}", pointer_token(name)))
        }
        Origin::Inline(pointer) | Origin::Synthesized(pointer) => Location::of(in_old, pointer),
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

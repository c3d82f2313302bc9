//! Paths and operations: one IR operation per method of every path item,
//! named by its operationId (or one derived from method and path), with
//! unique Rust names.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::PathItem;

use super::paths::Route;
use super::responses::Answering;
use super::{extensions, Lowerer};
use crate::error::pointer;
use crate::ir::{Docs, ExternalDocs, Ident, Method, Name, Operation};
use crate::naming;

impl<'a> Lowerer<'a> {
    /// Every operation of the spec, sorted by Rust name.
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut operations = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &doc.paths.paths {
            let used_at = pointer(["paths", path]);
            let Some(resolved) = self.ok(self.refs.resolve(item, &used_at)) else { continue };
            // A path item shared by reference is named by each path using
            // it, so its operations stay apart.
            let path_at = used_at;
            let item: &'a PathItem = resolved.item;
            for (method_name, operation) in item.iter() {
                let method = method(method_name);
                let at = format!("{path_at}/{method_name}");
                let operation_id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => naming::derived_operation_id(method.as_str(), path),
                };
                let operation_id = match ids.get(&operation_id) {
                    None => operation_id,
                    Some(first) => {
                        // Both are generated: the later one under a name of its own.
                        let renamed =
                            unique_id(naming::derived_operation_id(method.as_str(), path), &ids);
                        let first = first.clone();
                        self.warn(
                            &at,
                            format!("duplicate operationId {operation_id:?}, also used at {first}; this one is generated as {renamed:?}"),
                            "operationIds must be unique: rename one of them",
                        );
                        renamed
                    }
                };
                ids.insert(operation_id.clone(), at.clone());
                let route =
                    Route { path, path_at: &path_at, path_params: &item.parameters, method };
                let lowered = self.operation(&route, operation, operation_id, &at, Answering::Api);
                if let Some(lowered) = lowered {
                    operations.push(lowered);
                }
            }
        }
        // Distinct operationIds can still collide once converted to Rust
        // names. Each operation also claims the names of the types beside
        // its request type (`{Name}Response`, `{Name}Body`, ...), which are
        // re-exported into the same module.
        operations.sort_by(|a, b| a.name.api.cmp(&b.name.api));
        let mut taken = BTreeSet::new();
        for operation in &mut operations {
            let suffixes = companion_suffixes(operation);
            let names = |name: &str| {
                let own = std::iter::once(String::new()).chain(suffixes.iter().cloned());
                own.map(|suffix| format!("{name}{suffix}")).collect::<Vec<_>>()
            };
            let name = naming::unique(&operation.name.rust, |candidate| {
                names(candidate).iter().all(|name| !taken.contains(name))
            });
            taken.extend(names(name.as_str()));
            name_companions(operation, name);
        }
        operations.sort_by(|a, b| a.name.rust.cmp(&b.name.rust));
        assign_modules(&mut operations);
        operations
    }

    pub(super) fn operation(
        &mut self,
        route: &Route<'a, '_>,
        operation: &'a openapiv3::Operation,
        operation_id: String,
        at: &str,
        answering: Answering,
    ) -> Option<Operation> {
        let rust_name = naming::operation_name(&operation_id);
        let owner = rust_name.as_str();
        let mut params = self.parameters(route, &operation.parameters, owner, at);
        let segments = self.path_segments(route.path, &mut params, at);
        let body = operation.request_body.as_ref();
        let body =
            body.and_then(|body| self.request_body(body, owner, &format!("{at}/requestBody")));
        let responses =
            self.responses(&operation.responses, owner, &format!("{at}/responses"), answering);
        let provenance = extensions::provenance(&operation.extensions, at, &mut self.problems);
        let examples = self.examples(operation, body.as_ref(), &responses.expected, at);
        let group = super::features::group(operation.tags.first(), route.path);
        let mut lowered = Operation {
            name: Name::new(rust_name.clone(), operation_id),
            response_type: rust_name.clone(),
            pointer: at.to_owned(),
            method: route.method,
            path_template: route.path.to_owned(),
            // Both decided once every operation is known (`assign_modules`).
            module: naming::module(&group),
            group,
            path: segments,
            params,
            body,
            responses: responses.expected,
            raw_fallback: responses.raw_fallback,
            error_body: responses.error_body,
            errors: responses.errors,
            scopes: self.scopes(operation),
            security: self.security(operation, at),
            accept: responses.accept,
            provenance,
            deprecated: operation.deprecated,
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
            },
            external_docs: self.external_docs(operation, at),
            examples,
            notes: Vec::new(),
        };
        name_companions(&mut lowered, rust_name);
        Some(lowered)
    }

    /// The operation's `externalDocs` when its URL is one rustdoc can link
    /// safely (`http(s)`, no spaces or markup); otherwise a warning.
    fn external_docs(
        &mut self,
        operation: &openapiv3::Operation,
        at: &str,
    ) -> Option<ExternalDocs> {
        let docs = operation.external_docs.as_ref()?;
        let url = docs.url.trim();
        let linkable = (url.starts_with("https://") || url.starts_with("http://"))
            && !url.contains(|c: char| c.is_whitespace() || "<>()[]`".contains(c));
        if !linkable {
            let at = format!("{at}/externalDocs/url");
            let message = format!(
                "externalDocs URL {url:?} is not an http(s) URL rustdoc can link; it is left out"
            );
            self.warn(&at, message, "give an absolute http(s) URL");
            return None;
        }
        // Link text on one line, without brackets that would end the link early.
        let description = docs.description.as_ref().map(|text| {
            text.split_whitespace().collect::<Vec<_>>().join(" ").replace(['[', ']'], "")
        });
        Some(ExternalDocs {
            url: url.to_owned(),
            description: description.filter(|text| !text.is_empty()),
        })
    }

    /// The OAuth2 scopes of the operation's security requirements (or the
    /// document's), in order, each once.
    fn scopes(&self, operation: &openapiv3::Operation) -> Vec<String> {
        let requirements = operation.security.as_ref().or(self.doc.security.as_ref());
        let mut scopes: Vec<String> = Vec::new();
        for scope in requirements.into_iter().flatten().flat_map(|r| r.values()).flatten() {
            if !scopes.contains(scope) {
                scopes.push(scope.clone());
            }
        }
        scopes
    }
}

pub(super) fn method(name: &str) -> Method {
    match name {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        _ => Method::Trace,
    }
}

/// Names the operation `name`, and the types beside its request type
/// after it: `{Name}Response`, `{Name}Body`, `{Name}{Variant}Body`.
fn name_companions(operation: &mut Operation, name: Ident) {
    operation.response_type = naming::derived(&name, "Response");
    if let Some(body) = &mut operation.body {
        body.enum_name = naming::derived(&name, "Body");
    }
    for response in &mut operation.responses {
        response.body_enum = naming::derived(&name, &format!("{}Body", response.variant.unraw()));
    }
    operation.name.rust = name;
}

/// One module per group, named after it: two groups that would share a
/// module name get a numbered one, in the groups' order.
fn assign_modules(operations: &mut [Operation]) {
    let groups: BTreeSet<String> = operations.iter().map(|op| op.group.clone()).collect();
    let mut taken = BTreeSet::new();
    let mut modules = BTreeMap::new();
    for group in groups {
        let module = naming::unique(&naming::module(&group), |name| !taken.contains(name));
        taken.insert(module.as_str().to_owned());
        modules.insert(group, module);
    }
    for operation in operations {
        if let Some(module) = modules.get(&operation.group) {
            operation.module = module.clone();
        }
    }
}

/// What the types beside an operation's request type add to its name.
fn companion_suffixes(operation: &Operation) -> Vec<String> {
    let mut suffixes = vec!["Response".to_owned(), "Body".to_owned()];
    for response in operation.responses.iter().filter(|r| r.contents.len() > 1) {
        suffixes.push(format!("{}Body", response.variant.unraw()));
    }
    suffixes
}

/// `id`, or `id2`, `id3`, ... if `id` is taken.
fn unique_id(id: String, taken: &BTreeMap<String, String>) -> String {
    match taken.contains_key(&id) {
        false => id,
        true => naming::numbered(&id, "", |candidate| !taken.contains_key(candidate)),
    }
}

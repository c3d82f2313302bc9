//! Stage 2: lower a loaded spec into the IR, validating as it goes.
//!
//! Every problem is recorded with its JSON pointer and lowering continues, so
//! one run reports all of them. Nothing here knows about any particular API:
//! it works from what the spec says, and the vendor extensions it reads are
//! listed in [`extensions`].
//!
//! One [`Lowerer`] carries the shared context; each room adds an `impl`
//! block for one concern:
//!
//! - [`refs`]: the only place `$ref`s are followed;
//! - [`schemas`]: schemas to types (names, scalars and formats), with
//!   [`enums`] for enums and unions, [`objects`] for structs and `allOf`
//!   merging, and [`recursion`] for boxing recursive fields;
//! - [`webhooks`]: OpenAPI 3.1's webhooks, lowered as operations;
//! - [`operations`]: paths and operations, with [`params`], [`paths`]
//!   (templates), [`bodies`] (with [`multipart`]), [`responses`] and
//!   [`examples`];
//! - [`media`]: which media types the generated code reads and writes;
//! - [`features`]: the Cargo features that compile operations and types;
//! - [`license`]: the licence `info.license` names, as SPDX;
//! - [`extensions`]: the vendor extensions the generator understands;
//! - [`notes`]: warnings repeated in the rustdoc of what they concern.
//!
//! What the generator cannot type it generates with a fallback and a
//! warning (`warn`); only what cannot be read as intended is an error: a
//! reference that leads nowhere (from [`refs`]), or a document that is not
//! OpenAPI 3.0 (from the loader).

mod all_of;
mod bodies;
mod enums;
mod examples;
pub mod extensions;
mod features;
mod license;
mod media;
mod multipart;
mod notes;
mod objects;
mod operations;
mod params;
mod paths;
mod predicates;
mod recursion;
mod refs;
mod responses;
mod schemas;
mod security;
mod webhooks;

use openapiv3::OpenAPI;

use crate::error::{Diagnostic, Diagnostics};
use crate::ir::{Api, Server, ServerVariable};
use crate::load::Spec;

/// Deepest schema nesting followed before giving up, so a pathological spec
/// cannot recurse without bound.
const MAX_DEPTH: usize = 64;

/// A lowered spec: the API, and what was generated with a fallback.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    /// Warnings of loading and lowering, located, in file order.
    pub warnings: Diagnostics,
}

/// Lowers a spec into the IR, or returns every problem found (warnings
/// included, so the errors are seen in context).
pub fn lower(spec: &Spec) -> Result<Lowered, Diagnostics> {
    let arena = refs::Arena::default();
    let mut lowerer = Lowerer::new(spec, &arena);
    let mut api = lowerer.api();
    if api.is_microsoft_graph() {
        mark_graph_evolvable_enums(&mut api);
    }
    let mut problems = lowerer.problems;
    problems.extend(lowerer.refs.take_warnings());
    // Locating means parsing the text once more: only when there is something to locate.
    if !problems.is_empty() {
        let locations = crate::locate::Locations::index(&spec.text);
        for problem in &mut problems {
            problem.line_col = locations.find(&spec.source_pointer(&problem.pointer));
        }
    }
    // What the user reads points into the source (a 3.1 document's,
    // normalising aside; the loader's warnings already do); notes find
    // what they concern by the pointers lowering used.
    let told = |problems: &[Diagnostic]| {
        let lowering = problems.iter().map(|problem| Diagnostic {
            pointer: spec.source_pointer(&problem.pointer),
            ..problem.clone()
        });
        let all = lowering.chain(spec.warnings.iter().cloned()).collect();
        Diagnostics::new(spec.file.clone(), all)
    };
    if problems.iter().any(|problem| !problem.is_warning()) {
        return Err(told(&problems));
    }
    let warnings = told(&problems);
    problems.extend(spec.warnings.iter().cloned());
    notes::attach(&mut api, &Diagnostics::new(spec.file.clone(), problems).problems);
    Ok(Lowered { api, warnings })
}

/// Marks the enums of a Graph API that have Graph's `unknownFutureValue`.
fn mark_graph_evolvable_enums(api: &mut crate::ir::Api) {
    for def in &mut api.types {
        if let crate::ir::TypeKind::Enum(enumeration) = &mut def.kind {
            enumeration.graph_evolvable =
                enumeration.variants.iter().any(|variant| variant.name.api == "unknownFutureValue");
        }
    }
}

/// The shared context of lowering one spec.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// The document's webhooks (OpenAPI 3.1).
    webhooks: &'a indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
    refs: refs::Resolver<'a>,
    problems: Vec<Diagnostic>,
    types: schemas::Types,
    /// The schemas an `allOf` merge is inside, so one that includes itself
    /// (directly or through references) is merged once, not forever.
    merging: Vec<*const openapiv3::Schema>,
    /// The parts the outermost `allOf` being lowered may still merge, its
    /// nested ones' included (see [`all_of::MERGE_BUDGET`]).
    merge_budget: Option<usize>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec, arena: &'a refs::Arena) -> Self {
        Self {
            doc: &spec.document,
            webhooks: &spec.webhooks,
            refs: refs::Resolver::new(spec, arena),
            problems: Vec::new(),
            types: schemas::Types::default(),
            merging: Vec::new(),
            merge_budget: None,
        }
    }

    /// A warning: generated with the fallback or inference `message` names.
    fn warn(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.problems.push(Diagnostic::warning(at, message).help(help));
    }

    /// Keeps the value of a lookup that succeeded, records the problem of
    /// one that did not.
    fn ok<T>(&mut self, result: Result<T, Diagnostic>) -> Option<T> {
        result.map_err(|problem| self.problems.push(problem)).ok()
    }

    fn api(&mut self) -> Api {
        self.component_types();
        let operations = self.operations();
        let webhooks = self.webhooks();
        let mut types = std::mem::take(&mut self.types).into_defs();
        all_of::drop_unreached(&mut types, operations.iter().chain(&webhooks));
        recursion::box_recursive_fields(&mut types);
        enums::readings(&mut types);
        let info = &self.doc.info;
        let mut api = Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            license: info.license.as_ref().map(license::lower),
            servers: self.servers(),
            security_schemes: self.security_schemes(),
            types: types.into_values().collect(),
            operations,
            webhooks,
            grouped: false,
            unused_feature: None,
        };
        features::assign(&mut api);
        api
    }

    fn servers(&self) -> Vec<Server> {
        let variables = |server: &openapiv3::Server| -> Vec<ServerVariable> {
            let variables = server.variables.iter().flatten();
            variables
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    default: variable.default.clone(),
                    allowed: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect()
        };
        let servers = self.doc.servers.iter();
        servers
            .map(|server| Server {
                url: server.url.clone(),
                description: server.description.clone(),
                variables: variables(server),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;

//! Which operations send or receive each schema, and on which side.

use std::collections::BTreeMap;

use crate::ir::Api;

/// An operation that sends or receives a schema.
pub(super) struct User {
    /// The operation's Rust name.
    operation: String,
    pub request: bool,
    response: bool,
}

impl std::fmt::Display for User {
    /// `` `GetThing` (request, response) ``.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sides = match (self.request, self.response) {
            (true, true) => "request, response",
            (true, false) => "request",
            _ => "response",
        };
        write!(f, "`{}` ({sides})", self.operation)
    }
}

/// For each schema (by the key a review names it by), the operations
/// whose request or answers reach it, through other types too.
pub(super) fn users(api: &Api) -> BTreeMap<&str, Vec<User>> {
    let graph = crate::ir::TypeGraph::new(&api.types);
    let key: BTreeMap<&crate::ir::Ident, &str> =
        api.types.iter().map(|def| (&def.name, def.origin.key())).collect();
    let mut users: BTreeMap<&str, Vec<User>> = BTreeMap::new();
    for op in &api.operations {
        let (request, response) =
            (graph.reached(op.request_types()), graph.reached(op.response_types()));
        for name in request.union(&response) {
            let Some(key) = key.get(name) else { continue };
            users.entry(key).or_default().push(User {
                operation: op.name.rust.to_string(),
                request: request.contains(name),
                response: response.contains(name),
            });
        }
    }
    users
}

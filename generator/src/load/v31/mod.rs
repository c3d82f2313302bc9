//! OpenAPI 3.1 read into the model we have: a 3.1 document is normalised
//! into the 3.0 shape `openapiv3` reads before it is deserialised, so every
//! later stage sees one kind of document. The rules, each with its fixture,
//! are the table "OpenAPI 3.1" of generator/README.md; [`schema`] holds
//! those of schemas, [`untyped`] what the generated types cannot say.
//!
//! Normalising moves some nodes (a `$ref` with siblings goes into an
//! `allOf`, a `null` alternative leaves its `anyOf`). [`Moves`] records
//! where each moved node came from, so every diagnostic names the pointer,
//! line and column of the 3.1 source, never of the normalised document.

mod keywords;
mod node;
mod schema;
pub(super) mod stream;
mod untyped;

use serde_yaml::{Mapping, Value};

use crate::error::Diagnostic;
use keywords::DATA;

/// The mark on `{allOf: [{$ref: X}], ...}` made of a 3.1 `$ref` with only
/// annotations beside it (a description, `null` allowed): lowering reads
/// it as `X` itself, not as a type of its own.
pub(crate) const ANNOTATED_REF: &str = "x-apicrate-annotated-ref";

/// The titles of an `enum` made of `oneOf` constants (`{title: JOIN,
/// const: 1}`), in the order of its values, `null` where one has none.
pub(crate) const ENUM_TITLES: &str = "x-apicrate-enum-titles";

/// The mark on a string normalising read from `contentEncoding: base64`:
/// bytes on the Rust side (3.0's `format: byte`, kept in 3.1 documents,
/// stays a string of base64).
pub(crate) const BASE64: &str = "x-apicrate-base64";

/// A 3.1 schema's `examples` when it has more than one (the first is its
/// `example`), for the example tests.
pub(crate) const EXAMPLES: &str = "x-apicrate-examples";

/// Where the top-level `webhooks` are copied for `openapiv3` to read: a
/// vendor extension of the document, since 3.0 has no place for them.
pub(crate) const WEBHOOKS: &str = "x-apicrate-webhooks";

/// Where a 3.1 `info.license.identifier` (an SPDX expression) is kept.
pub(crate) const LICENSE_IDENTIFIER: &str = "x-apicrate-license-identifier";

/// The operations of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The dialect 3.1 documents use unless they name another.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `version` (the `openapi` field) is OpenAPI 3.1.
pub(crate) fn is_31(version: &str) -> bool {
    version.starts_with("3.1")
}

/// What normalising a document found.
#[derive(Debug, Default)]
pub(crate) struct Normalised {
    /// What 3.1 says that the crate cannot type, with source pointers.
    pub warnings: Vec<Diagnostic>,
    /// Where moved nodes came from.
    pub moves: Moves,
}

/// Where nodes of the normalised document were in the source: pairs of a
/// pointer into the normalised document and the source pointer of the
/// same node. A pointer below a moved node moves with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Moves {
    /// Source pointers by normalised pointer (hashed: a lookup per
    /// ancestor compares whole pointers in an ordered map).
    moved: rustc_hash::FxHashMap<String, String>,
}

impl Moves {
    /// The source pointer of `pointer`, a pointer into the normalised
    /// document: that of its nearest moved ancestor (or itself), with the
    /// rest of the pointer after it. A lookup per ancestor, so normalising
    /// a document of thousands of moves stays linear.
    pub fn source(&self, pointer: &str) -> String {
        if self.moved.is_empty() {
            return pointer.to_owned();
        }
        let mut prefix = pointer;
        loop {
            if let Some(source) = self.moved.get(prefix) {
                return format!("{source}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(at) => prefix = &prefix[..at],
                None => return pointer.to_owned(),
            }
        }
    }

    /// Notes that the node now at `normalised` was at `source`.
    fn record(&mut self, normalised: String, source: String) {
        if normalised != source {
            self.moved.insert(normalised, source);
        }
    }
}

/// Normalises the 3.1 document `root` in place into the 3.0 shape.
pub(crate) fn normalise(root: &mut Value) -> Normalised {
    let mut normalised = Normalised::default();
    let Value::Mapping(document) = root else { return normalised };
    document.insert("openapi".into(), "3.0.3".into());
    if let Some(dialect) = document.remove("jsonSchemaDialect") {
        normalised.warnings.extend(dialect_warning(&dialect));
    }
    // A 3.1 document may have webhooks and no paths.
    if !document.contains_key("paths") {
        document.insert("paths".into(), Value::Mapping(Mapping::new()));
    }
    // 3.1 lets an operation document no responses.
    for section in ["paths", "webhooks"] {
        if let Some(Value::Mapping(items)) = document.get_mut(section) {
            let at = child("#", section);
            no_responses(items, &at, &mut normalised.moves);
        }
    }
    if let Some(Value::Mapping(license)) =
        document.get_mut("info").and_then(|info| info.get_mut("license"))
    {
        license_identifier(license);
    }
    let mut walker = schema::Walker { normalised: &mut normalised };
    walker.document(root, &mut String::from("#"));
    // Webhooks, their schemas normalised, also where `openapiv3` keeps
    // what it does not know (it ignores `webhooks`), so that pointers and
    // raw lookups keep the source's `#/webhooks/...`.
    if let Value::Mapping(document) = root {
        if let Some(webhooks) = document.get("webhooks").cloned() {
            document.insert(WEBHOOKS.into(), webhooks);
        }
    }
    normalised
}

/// What the value of `key`, a member of the object at `parent`, is to
/// normalising outside schemas. One rule for the tree's walk and the
/// stream's, so both read a document alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// A schema, normalised as a whole.
    Schema,
    /// Data (an example, a default) or an extension: left as it is.
    Data,
    /// An object of the spec, walked for the schemas in it.
    Other,
}

pub(super) fn place(parent: &str, key: &str) -> Place {
    if parent == "#/components/schemas" {
        Place::Schema
    } else if DATA.contains(&key) || key.starts_with("x-") {
        Place::Data
    } else if key == "schema" {
        Place::Schema
    } else {
        Place::Other
    }
}

/// A mapping key as a pointer token: its text, or a number's digits (YAML
/// reads an unquoted `200:` as a number).
pub(super) fn key_text(key: &Value) -> Option<std::borrow::Cow<'_, str>> {
    match key {
        Value::String(key) => Some(key.as_str().into()),
        Value::Number(number) => Some(number.to_string().into()),
        Value::Bool(value) => Some(value.to_string().into()),
        _ => None,
    }
}

/// The warning a `jsonSchemaDialect` of `dialect` gets, if it is not
/// OpenAPI's own.
fn dialect_warning(dialect: &Value) -> Option<Diagnostic> {
    (dialect.as_str() != Some(DEFAULT_DIALECT)).then(|| {
        Diagnostic::warning(
            "#/jsonSchemaDialect",
            format!("the schemas' dialect is {}, not OpenAPI's own; they are read as OpenAPI 3.1's dialect", text(dialect)),
        )
        .help("keywords of other dialects are not typed")
    })
}

/// Gives each operation of the path items `items` (at `at`) an empty
/// `responses` when it has none.
fn no_responses(items: &mut Mapping, at: &str, moves: &mut Moves) {
    for (key, item) in items.iter_mut() {
        let Value::Mapping(item) = item else { continue };
        for (method, operation) in item.iter_mut() {
            let method = method.as_str().filter(|method| METHODS.contains(method));
            if let (Some(method), Value::Mapping(operation)) = (method, operation) {
                if !operation.contains_key("responses") {
                    operation.insert("responses".into(), Value::Mapping(Mapping::new()));
                    let at = child(&child(at, key.as_str().unwrap_or_default()), method);
                    moves.record(child(&at, "responses"), at);
                }
            }
        }
    }
}

/// `info.license.identifier`, kept where `openapiv3` keeps extensions.
fn license_identifier(license: &mut Mapping) {
    if let Some(identifier) = license.remove("identifier") {
        license.insert(LICENSE_IDENTIFIER.into(), identifier);
        // 3.0 requires a name; 3.1 allows an identifier alone.
        if !license.contains_key("name") {
            let name = license[LICENSE_IDENTIFIER].clone();
            license.insert("name".into(), name);
        }
    }
}

/// A node as the message quotes it.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => format!("`{text}`"),
        other => serde_yaml::to_string(other).map_or_else(|_| "?".into(), |t| t.trim().to_owned()),
    }
}

/// Appends `token` to the pointer `at`; returns the length to truncate
/// `at` back to.
fn enter(at: &mut String, token: &str) -> usize {
    let parent = at.len();
    at.push('/');
    // Escaped as `pointer_token` does, without a string of its own.
    let mut rest = token;
    while let Some(special) = rest.bytes().position(|byte| matches!(byte, b'~' | b'/')) {
        at.push_str(&rest[..special]);
        at.push_str(if rest.as_bytes()[special] == b'~' { "~0" } else { "~1" });
        rest = &rest[special + 1..];
    }
    at.push_str(rest);
    parent
}

/// Appends the array index `index` to the pointer `at`, as [`enter`].
fn enter_index(at: &mut String, index: usize) -> usize {
    let parent = at.len();
    at.push('/');
    // The digits, most significant first, without the formatting machinery.
    let start = at.len();
    let mut rest = index;
    loop {
        at.insert(start, char::from(b'0' + (rest % 10) as u8));
        rest /= 10;
        if rest == 0 {
            break parent;
        }
    }
}

/// `pointer` with `token` appended.
fn child(pointer: &str, token: &str) -> String {
    let mut child = String::with_capacity(pointer.len() + token.len() + 1);
    child.push_str(pointer);
    enter(&mut child, token);
    child
}

#[cfg(test)]
mod tests;

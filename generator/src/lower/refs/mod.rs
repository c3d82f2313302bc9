//! The one place `$ref`s are followed.
//!
//! Every reference in a spec goes through [`Resolver`]: any local JSON
//! Pointer (RFC 6901: `~0` and `~1` escapes, percent-encoded fragments), to
//! any kind of component or into any sub-object of the document; chains are
//! followed to their end; cycles and over-long chains are reported with the
//! pointer of every hop; external references are refused. The rest of
//! lowering never looks at a `$ref` string, and this is the only module that
//! knows the `#/components/...` layout.
//!
//! Components (`#/components/schemas/Pet`) are read from the typed document.
//! Anything deeper (`#/components/schemas/Pet/allOf/0`,
//! `#/components/parameters/limit/schema`, `#/paths/~1pets/get`) is read from
//! the raw YAML tree, parsed on first need, and deserialised into its
//! `openapiv3` type once per pointer. Those values live in an [`Arena`] that
//! outlives lowering, so they are borrowed exactly like the typed document.

mod problem;

use std::any::Any;
use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};

use elsa::FrozenMap;
use indexmap::IndexMap;
use openapiv3::{
    Components, Example, Header, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response,
    Schema, SecurityScheme,
};
use serde::de::DeserializeOwned;

use crate::error::{pointer, Diagnostic};
use crate::load::Spec;

use problem::{closest, Problem};

/// Longest chain of references followed, so a pathological spec cannot
/// make resolution run without bound.
const MAX_HOPS: usize = 32;

/// Something a `$ref` can point to.
pub(crate) trait Referable: DeserializeOwned + Any {
    /// What it is called in messages.
    const NOUN: &'static str;
    /// Its section under `#/components`, if it has one.
    const SECTION: Option<&'static str>;

    fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
}

macro_rules! referable {
    ($($ty:ty => $noun:literal, $section:literal, $field:ident;)*) => {$(
        impl Referable for $ty {
            const NOUN: &'static str = $noun;
            const SECTION: Option<&'static str> = Some($section);

            fn section(components: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
                Some(&components.$field)
            }
        }
    )*};
}

referable! {
    Schema => "schema", "schemas", schemas;
    Parameter => "parameter", "parameters", parameters;
    RequestBody => "request body", "requestBodies", request_bodies;
    Response => "response", "responses", responses;
    Header => "header", "headers", headers;
    Example => "example", "examples", examples;
    SecurityScheme => "security scheme", "securitySchemes", security_schemes;
}

/// Path items have no section under `components` in OpenAPI 3.0; they are
/// referenced by pointers into `paths`.
impl Referable for PathItem {
    const NOUN: &'static str = "path item";
    const SECTION: Option<&'static str> = None;

    fn section(_: &Components) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        None
    }
}

/// The sections of `#/components`, to tell "wrong kind" from "missing".
const SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];

/// What a reference (or an inline item) resolved to.
#[derive(Debug)]
pub(crate) struct Resolved<'a, T> {
    pub item: &'a T,
    pub target: Target<'a>,
}

/// Where a resolved item lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target<'a> {
    /// Written inline, where it is used.
    Inline,
    /// A component, by name (`#/components/schemas/Pet` is `Pet`).
    Component(&'a str),
    /// Anywhere else in the document, by canonical JSON pointer.
    Pointer(String),
}

impl<T: Referable> Resolved<'_, T> {
    /// The JSON pointer of the item itself; `used_at` for an inline item.
    pub fn location(&self, used_at: &str) -> String {
        match &self.target {
            Target::Inline => used_at.to_owned(),
            Target::Component(name) => component_pointer::<T>(name),
            Target::Pointer(pointer) => pointer.clone(),
        }
    }
}

/// The JSON pointer of the component `name` of `T`'s kind.
pub(crate) fn component_pointer<T: Referable>(name: &str) -> String {
    pointer(["components", T::SECTION.unwrap_or(""), name])
}

/// Values deserialised from pointers into sub-objects, kept for as long as
/// the lowered document is borrowed.
#[derive(Default)]
pub(crate) struct Arena {
    /// By `NOUN` and canonical pointer: the same pointer may be read as two
    /// kinds (a header's schema, and the header).
    items: FrozenMap<String, Box<dyn Any>>,
}

/// Follows references in one document.
pub(crate) struct Resolver<'a> {
    doc: &'a OpenAPI,
    /// The spec, read as a raw tree only if a reference points below a component.
    spec: &'a Spec,
    raw: OnceCell<Result<serde_yaml::Value, String>>,
    arena: &'a Arena,
    warnings: RefCell<Vec<Diagnostic>>,
}

impl<'a> Resolver<'a> {
    pub fn new(spec: &'a Spec, arena: &'a Arena) -> Self {
        Self {
            doc: &spec.document,
            spec,
            raw: OnceCell::new(),
            arena,
            warnings: RefCell::default(),
        }
    }

    /// An inline item as it is, or what a reference points to; `at` is the
    /// pointer of the use, where problems are reported.
    pub fn resolve<T: Referable>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok(Resolved { item, target: Target::Inline }),
            ReferenceOr::Reference { reference } => self.follow(reference, at),
        }
    }

    /// [`resolve`](Self::resolve) for the boxed schemas of properties and items.
    pub fn resolve_boxed(
        &self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: &str,
    ) -> Result<Resolved<'a, Schema>, Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok(Resolved { item, target: Target::Inline }),
            ReferenceOr::Reference { reference } => self.follow(reference, at),
        }
    }

    /// Follows `reference` and the references it leads to, to an item.
    pub fn follow<T: Referable>(
        &self,
        reference: &'a str,
        at: &str,
    ) -> Result<Resolved<'a, T>, Diagnostic> {
        let mut hops: Vec<String> = Vec::new();
        let mut current: Cow<'a, str> = Cow::Borrowed(reference);
        loop {
            let tokens = parse_pointer(&current)
                .map_err(|problem| problem.diagnostic(at, &current, &hops))?;
            let canonical = pointer(tokens.iter().map(String::as_str));
            if hops.contains(&canonical) {
                hops.push(canonical);
                return Err(Problem::Cycle(T::NOUN).diagnostic(at, reference, &hops));
            }
            hops.push(canonical);
            if hops.len() > MAX_HOPS {
                return Err(Problem::TooLong.diagnostic(at, reference, &hops));
            }
            let step = match component_address(&tokens) {
                Some((section, name)) => match self.component::<T>(section, name) {
                    Err(Problem::WrongKind { expected, found }) => {
                        self.read_as_other_kind::<T>(&tokens, at, reference, (expected, found))
                    }
                    step => step,
                },
                None => self.deep::<T>(&tokens),
            };
            match step.map_err(|problem| problem.diagnostic(at, reference, &hops))? {
                Step::Found(resolved) => return Ok(resolved),
                Step::Next(next) => current = next,
            }
        }
    }

    /// One hop to `#/components/<section>/<name>`.
    fn component<T: Referable>(&self, section: &str, name: &str) -> Result<Step<'a, T>, Problem> {
        if T::SECTION != Some(section) {
            return Err(if SECTIONS.contains(&section) {
                Problem::WrongKind { expected: T::NOUN, found: section.to_owned() }
            } else {
                Problem::Missing { noun: T::NOUN, section: T::SECTION, closest: None }
            });
        }
        let entry = self
            .doc
            .components
            .as_ref()
            .and_then(|components| T::section(components))
            .and_then(|items| items.get_key_value(name));
        match entry {
            Some((name, ReferenceOr::Item(item))) => {
                Ok(Step::Found(Resolved { item, target: Target::Component(name) }))
            }
            Some((_, ReferenceOr::Reference { reference })) => {
                Ok(Step::Next(Cow::Borrowed(reference)))
            }
            None => {
                let names = self.doc.components.as_ref().and_then(|c| T::section(c));
                let closest = names.and_then(|names| closest(name, names.keys()));
                let closest = closest.map(|found| pointer(["components", section, found]));
                Err(Problem::Missing { noun: T::NOUN, section: T::SECTION, closest })
            }
        }
    }

    /// A reference into another kind's section (a response pointing at a
    /// request body, both `{description, content}`): read as the expected
    /// kind with a warning if it has that kind's shape. Schemas and examples
    /// take any shape, so for them the mix-up is an error.
    fn read_as_other_kind<T: Referable>(
        &self,
        tokens: &[String],
        at: &str,
        reference: &str,
        (expected, found): (&'static str, String),
    ) -> Result<Step<'a, T>, Problem> {
        let wrong_kind = || Problem::WrongKind { expected, found: found.clone() };
        if matches!(T::SECTION, Some("schemas" | "examples")) {
            return Err(wrong_kind());
        }
        let step = self.deep::<T>(tokens).map_err(|_| wrong_kind())?;
        let message = format!(
            "$ref {reference:?} points into components/{found}, where a {expected} is expected; it has a {expected}'s shape and is read as one"
        );
        let help = format!(
            "move it to components/{} or point the reference there",
            T::SECTION.unwrap_or("")
        );
        self.warnings.borrow_mut().push(Diagnostic::warning(at, message).help(help));
        Ok(step)
    }

    /// The raw node at a JSON pointer, for what the typed document loses
    /// (whether an optional boolean was written at all).
    pub fn raw_node(&self, at: &str) -> Option<&serde_yaml::Value> {
        let root = self.raw.get_or_init(|| self.spec.raw_tree()).as_ref().ok()?;
        navigate(root, &parse_pointer(at).ok()?).ok()
    }

    /// Warnings about references read leniently, for the caller to report.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        self.warnings.take()
    }

    /// One hop to anywhere below a component or outside `components`.
    fn deep<T: Referable>(&self, tokens: &[String]) -> Result<Step<'a, T>, Problem> {
        let root = match self.raw.get_or_init(|| self.spec.raw_tree()) {
            Ok(root) => root,
            Err(error) => return Err(Problem::Unreadable(error.clone())),
        };
        let node = navigate(root, tokens)?;
        if let Some(next) = reference_in(node) {
            return Ok(Step::Next(Cow::Owned(next)));
        }
        let canonical = pointer(tokens.iter().map(String::as_str));
        let key = format!("{}{canonical}", T::NOUN);
        let stored = match self.arena.items.get(&key) {
            Some(stored) => stored,
            None => {
                let item = deserialize::<T>(node)?;
                self.arena.items.insert(key, Box::new(item))
            }
        };
        match stored.downcast_ref::<T>() {
            Some(item) => Ok(Step::Found(Resolved { item, target: Target::Pointer(canonical) })),
            // Keys include the noun, so a stored value always has its type.
            None => Err(Problem::Invalid { noun: T::NOUN, error: "internal type mix-up".into() }),
        }
    }
}

enum Step<'a, T> {
    Found(Resolved<'a, T>),
    Next(Cow<'a, str>),
}

/// `("schemas", "Pet")` for `#/components/schemas/Pet`.
fn component_address(tokens: &[String]) -> Option<(&str, &str)> {
    match tokens {
        [components, section, name] if components == "components" => Some((section, name)),
        _ => None,
    }
}

/// The decoded tokens of a local reference.
fn parse_pointer(reference: &str) -> Result<Vec<String>, Problem> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(Problem::External);
    };
    // A fragment is a URI component, so it may be percent-encoded
    // (`#/paths/~1pets~1%7Bid%7D`).
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| Problem::Malformed("its percent-encoding is not UTF-8"))?;
    if decoded.is_empty() {
        return Err(Problem::Malformed("it points to the whole document"));
    }
    let Some(rest) = decoded.strip_prefix('/') else {
        return Err(Problem::Malformed("a JSON pointer after `#` starts with `/`"));
    };
    // RFC 6901 section 4: `~1` first, then `~0`, so `~01` is `~1`.
    Ok(rest.split('/').map(|token| token.replace("~1", "/").replace("~0", "~")).collect())
}

/// The node at `tokens`, or which token names nothing.
fn navigate<'v>(
    root: &'v serde_yaml::Value,
    tokens: &[String],
) -> Result<&'v serde_yaml::Value, Problem> {
    let mut node = root;
    for (depth, token) in tokens.iter().enumerate() {
        let next = match untagged(node) {
            serde_yaml::Value::Mapping(mapping) => {
                { mapping.iter().find(|(key, _)| key_text(key).as_deref() == Some(token)) }
                    .map(|(_, value)| value)
            }
            serde_yaml::Value::Sequence(items) => {
                token.parse::<usize>().ok().and_then(|index| items.get(index))
            }
            _ => None,
        };
        node = next.ok_or_else(|| Problem::Dangling {
            parent: pointer(tokens[..depth].iter().map(String::as_str)),
            token: token.clone(),
        })?;
    }
    Ok(untagged(node))
}

fn untagged(node: &serde_yaml::Value) -> &serde_yaml::Value {
    match node {
        serde_yaml::Value::Tagged(tagged) => untagged(&tagged.value),
        other => other,
    }
}

/// A mapping key as a pointer token: YAML keys such as `200` are numbers.
fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match untagged(key) {
        serde_yaml::Value::String(text) => Some(text.clone()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(value) => Some(value.to_string()),
        _ => None,
    }
}

/// The `$ref` of a node that is a Reference Object.
fn reference_in(node: &serde_yaml::Value) -> Option<String> {
    let serde_yaml::Value::Mapping(mapping) = node else { return None };
    match mapping.get("$ref") {
        Some(serde_yaml::Value::String(reference)) => Some(reference.clone()),
        _ => None,
    }
}

/// Reads a sub-tree as `T` with exactly the YAML rules of the whole-document
/// parse (an unquoted `1.0` is a string where a string is expected), by
/// printing it and parsing the text.
fn deserialize<T: Referable>(node: &serde_yaml::Value) -> Result<T, Problem> {
    let invalid =
        |error: serde_yaml::Error| Problem::Invalid { noun: T::NOUN, error: error.to_string() };
    let text = serde_yaml::to_string(node).map_err(invalid)?;
    serde_yaml::from_str(&text).map_err(invalid)
}

#[cfg(test)]
mod tests;

//! The quick way to read a 3.1 document: deserialised straight from the
//! parser, as a 3.0 document is, with only the nodes normalising rewrites
//! read as a tree first and normalised by the same rules as
//! [`super::normalise`]'s: each schema as a light tree ([`node`]),
//! `info.license` and the webhooks as YAML values. The pointer of
//! the node being read is kept in one buffer, so a schema's rules see the
//! pointers of the tree's walk, and [`super::place`] decides for both
//! walks what a node is.
//!
//! What 3.0 requires and 3.1 may leave out (the document's `paths`, an
//! operation's `responses`) is given, empty, as the tree's walk gives it.
//! What this way does not take (a document that needs repairs, or that is
//! not OpenAPI 3.1 after all) makes [`read`] return `None`, and the caller
//! takes the tree's way, which also explains every failure.

use std::cell::RefCell;
use std::fmt;

use bumpalo::Bump;
use openapiv3::OpenAPI;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_yaml::Value;

use super::super::{tree::Tree, Format};
use super::node::{self, Arena, Node, NodeDeserializer};
use super::{
    dialect_warning, enter, enter_index, is_31, license_identifier, no_responses, place, schema,
    Normalised, Place, METHODS,
};

/// A 3.1 document read the quick way.
pub(crate) struct Read {
    /// The document in 3.0's shape.
    pub document: OpenAPI,
    /// The `webhooks`, normalised, if the document has them.
    pub webhooks: Option<Value>,
    pub normalised: Normalised,
}

/// Reads the 3.1 document `text`, or `None` when only the tree's way can.
pub(crate) fn read(format: Format, text: &str) -> Option<Read> {
    let arena = Arena::default();
    let state = RefCell::new(State {
        at: String::from("#"),
        arena: &arena,
        tree: Bump::new(),
        normalised: Normalised::default(),
        webhooks: None,
        dialect: None,
    });
    let mut document = match format {
        Format::Yaml => {
            let deserializer = serde_yaml::Deserializer::from_str(text);
            OpenAPI::deserialize(Reader::new(deserializer, &state)).ok()?
        }
        Format::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let document = OpenAPI::deserialize(Reader::new(&mut deserializer, &state)).ok()?;
            deserializer.end().ok()?;
            document
        }
    };
    if !is_31(&document.openapi) {
        return None;
    }
    document.openapi = "3.0.3".into();
    let State { mut normalised, webhooks, dialect, .. } = state.into_inner();
    // The tree's walk warns about the dialect before anything else.
    if let Some(dialect) = dialect {
        normalised.warnings.insert(0, dialect);
    }
    Some(Read { document, webhooks, normalised })
}

struct State<'de> {
    /// The pointer of the node being read.
    at: String,
    /// The rewritten nodes, kept while the document is read.
    arena: &'de Arena,
    /// Where a schema's tree is read, reset for the next schema.
    tree: Bump,
    normalised: Normalised,
    webhooks: Option<Value>,
    dialect: Option<crate::error::Diagnostic>,
}

/// What the value of a mapping's member is to this reader.
#[derive(Clone, Copy)]
enum Member {
    /// Walked for the nodes below it.
    Walk,
    /// Read as it is.
    Data,
    /// Read as a tree and rewritten.
    Tree(Rewrite),
    /// Something only the tree's way explains (a Swagger 2.0 marker).
    Refused,
    /// A member given, empty (see [`required`]).
    Empty,
}

/// The rewrites of members read as a tree.
#[derive(Clone, Copy)]
enum Rewrite {
    Schema,
    License,
    Webhooks,
    Dialect,
}

impl Member {
    /// The member whose key ends the pointer `at`; `parent` is the
    /// length of the mapping's own pointer.
    fn of(at: &str, parent: usize) -> Self {
        if at.len() <= parent {
            // A key with no text (a YAML `null:`): the tree's walk skips it too.
            return Self::Data;
        }
        let (parent, key) = (&at[..parent], &at[parent + 1..]);
        match (parent, key) {
            ("#", "webhooks") => Self::Tree(Rewrite::Webhooks),
            ("#", "jsonSchemaDialect") => Self::Tree(Rewrite::Dialect),
            ("#", "swagger") => Self::Refused,
            ("#/info", "license") => Self::Tree(Rewrite::License),
            _ => match place(parent, key) {
                Place::Schema => Self::Tree(Rewrite::Schema),
                Place::Data => Self::Data,
                Place::Other => Self::Walk,
            },
        }
    }
}

/// A deserialiser that hands every mapping and sequence below it to
/// [`Map`] and [`Seq`]; for a mapping's key (`key`), one that notes the
/// key's text in the pointer.
struct Reader<'s, 'de, D> {
    inner: D,
    state: &'s RefCell<State<'de>>,
    key: bool,
}

impl<'s, 'de, D> Reader<'s, 'de, D> {
    fn new(inner: D, state: &'s RefCell<State<'de>>) -> Self {
        Self { inner, state, key: false }
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $type:ty),*)),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, $($arg: $type,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* Wrap { visitor, state: self.state, key: self.key })
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Reader<'_, 'de, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(), deserialize_bool(), deserialize_i8(), deserialize_i16(),
        deserialize_i32(), deserialize_i64(), deserialize_i128(), deserialize_u8(),
        deserialize_u16(), deserialize_u32(), deserialize_u64(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(),
        deserialize_option(), deserialize_unit(), deserialize_seq(), deserialize_map(),
        deserialize_identifier(), deserialize_ignored_any(),
        deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str),
        deserialize_tuple(len: usize),
        deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_struct(name: &'static str, fields: &'static [&'static str]),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The visitor of a [`Reader`].
struct Wrap<'s, 'de, V> {
    visitor: V,
    state: &'s RefCell<State<'de>>,
    key: bool,
}

impl<V> Wrap<'_, '_, V> {
    /// Notes a key's text in the pointer.
    fn note(&self, key: &str) {
        if self.key {
            enter(&mut self.state.borrow_mut().at, key);
        }
    }
}

macro_rules! forward_visit {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(fn $method<E: de::Error>(self, value: $type) -> Result<V::Value, E> {
            self.visitor.$method(value)
        })*
    };
}

macro_rules! forward_visit_noted {
    ($($method:ident($type:ty)),* $(,)?) => {
        $(fn $method<E: de::Error>(self, value: $type) -> Result<V::Value, E> {
            if self.key {
                self.note(&value.to_string());
            }
            self.visitor.$method(value)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(formatter)
    }

    forward_visit! {
        visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i128(i128), visit_u8(u8),
        visit_u16(u16), visit_u32(u32), visit_u128(u128), visit_f32(f32), visit_char(char),
        visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    // How YAML hands over a key written as a number or a boolean.
    forward_visit_noted! { visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64) }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.note(value);
        self.visitor.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.note(value);
        self.visitor.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.note(&value);
        self.visitor.visit_string(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Reader { inner, state: self.state, key: self.key })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Reader { inner, state: self.state, key: self.key })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        let parent = self.state.borrow().at.len();
        self.visitor.visit_seq(Seq { inner, state: self.state, parent, index: 0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        let parent = self.state.borrow().at.len();
        let next = Member::Walk;
        let state = self.state;
        self.visitor.visit_map(Map { inner, state, parent, next, has_required: false })
    }

    /// A YAML tag (`!custom value`): no spec object is one.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(data)
    }
}

/// A seed whose deserialiser is a [`Reader`].
struct Seed<'s, 'de, S> {
    seed: S,
    state: &'s RefCell<State<'de>>,
    key: bool,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Reader { inner, state: self.state, key: self.key })
    }
}

/// The seed of a mapping's key, which notes the key in the pointer; if the
/// mapping has no more keys, the seed is left for a member [`Map`] gives.
struct Key<'k, 's, 'de, S> {
    seed: &'k mut Option<S>,
    state: &'s RefCell<State<'de>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, '_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        let seed = self.seed.take().ok_or_else(|| de::Error::custom("a key read twice"))?;
        seed.deserialize(Reader { inner, state: self.state, key: true })
    }
}

/// A mapping being read: each key is noted in the pointer, and each value
/// read as its [`Member`] says.
struct Map<'s, 'de, A> {
    inner: A,
    state: &'s RefCell<State<'de>>,
    /// The length of the mapping's own pointer.
    parent: usize,
    next: Member,
    /// Whether the mapping has had a member named as one that 3.0
    /// requires and 3.1 does not (see [`required`]), or was given one.
    has_required: bool,
}

/// The member a 3.0 mapping at `at` requires that 3.1 lets it leave out:
/// the document's `paths`, an operation's `responses`. A mapping that ends
/// without it is given it, empty.
fn required(at: &str) -> Option<&'static str> {
    if at == "#" {
        return Some("paths");
    }
    let (item, method) = at.strip_prefix("#/paths/")?.split_once('/')?;
    (!item.is_empty() && METHODS.contains(&method)).then_some("responses")
}

impl<'de, A: MapAccess<'de>> Map<'_, 'de, A> {
    /// Reads the next value, a schema, as a tree in `tree`, normalises it
    /// and reads the model from it.
    fn schema<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
        arena: &'de Arena,
        tree: &Bump,
    ) -> Result<S::Value, A::Error> {
        let mut node = Node::read(&mut self.inner, tree)?;
        {
            let mut state = self.state.borrow_mut();
            let State { at, normalised, .. } = &mut *state;
            node::normalise(&mut schema::Walker { normalised }, arena, &mut node, at);
        }
        seed.deserialize(NodeDeserializer::new(&node))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.state.borrow_mut().at.truncate(self.parent);
        let mut seed = Some(seed);
        let key = self.inner.next_key_seed(Key { seed: &mut seed, state: self.state })?;
        let mut state = self.state.borrow_mut();
        let Some(seed) = seed.filter(|_| key.is_none() && !self.has_required) else {
            if key.is_some() {
                self.next = Member::of(&state.at, self.parent);
                let name = state.at.get(self.parent + 1..);
                self.has_required |= matches!(name, Some("paths" | "responses"));
            }
            return Ok(key);
        };
        // The end, without a member 3.0 requires: given, empty.
        let Some(required) = required(&state.at) else { return Ok(None) };
        self.has_required = true;
        self.next = Member::Empty;
        if required == "responses" {
            let at = state.at.clone();
            state.normalised.moves.record(super::child(&at, required), at);
        }
        seed.deserialize(required.into_deserializer()).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let state = self.state;
        let rewrite = match self.next {
            Member::Data => return self.inner.next_value_seed(seed),
            Member::Walk => return self.inner.next_value_seed(Seed { seed, state, key: false }),
            Member::Refused => return Err(de::Error::custom("read by the tree")),
            Member::Empty => {
                let empty = std::iter::empty::<((), ())>();
                return seed.deserialize(de::value::MapDeserializer::new(empty));
            }
            Member::Tree(rewrite) => rewrite,
        };
        if let Rewrite::Schema = rewrite {
            let (arena, mut tree) = {
                let mut state = state.borrow_mut();
                (state.arena, std::mem::take(&mut state.tree))
            };
            let read = self.schema(seed, arena, &tree);
            tree.reset();
            state.borrow_mut().tree = tree;
            return read;
        }
        let Tree(mut tree) = self.inner.next_value()?;
        let mut state = state.borrow_mut();
        let State { at, normalised, webhooks, dialect, .. } = &mut *state;
        let mut walker = schema::Walker { normalised };
        match rewrite {
            Rewrite::Schema => {}
            Rewrite::License => {
                if let Value::Mapping(license) = &mut tree {
                    license_identifier(license);
                }
            }
            Rewrite::Webhooks => {
                if let Value::Mapping(items) = &mut tree {
                    no_responses(items, at, &mut walker.normalised.moves);
                }
                walker.document(&mut tree, at);
                *webhooks = Some(tree);
                return seed.deserialize(().into_deserializer());
            }
            Rewrite::Dialect => {
                *dialect = dialect_warning(&tree);
                return seed.deserialize(().into_deserializer());
            }
        }
        drop(state);
        seed.deserialize(tree).map_err(de::Error::custom)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A sequence being read: each element's index is noted in the pointer.
struct Seq<'s, 'de, A> {
    inner: A,
    state: &'s RefCell<State<'de>>,
    parent: usize,
    index: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<'_, 'de, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        {
            let mut state = self.state.borrow_mut();
            state.at.truncate(self.parent);
            enter_index(&mut state.at, self.index);
        }
        self.index += 1;
        self.inner.next_element_seed(Seed { seed, state: self.state, key: false })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

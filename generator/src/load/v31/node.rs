//! A schema as the quick reader ([`super::stream`]) holds it: a plain tree
//! whose mappings are lists of members, with no hashing, walked for the
//! nodes a rule of [`super::schema`] rewrites. Only those become
//! `serde_yaml::Value`s, rewritten by the walk of the tree's way; the rest
//! is read as it is. Most schemas read as 3.0 already, so most of a
//! document never becomes a hashed map.

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;

use bumpalo::Bump;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_yaml::{Mapping, Number, Value};

use super::keywords::members_read_as_30;
use super::schema::{Inside, Walker};
use super::{enter, enter_index};

/// Where a document's schema trees live while it is read, so that the
/// model borrows their text as it borrows the source's: one bump
/// allocation per node, and nothing to drop node by node.
#[derive(Default)]
pub(super) struct Arena {
    nodes: Bump,
    /// The nodes a rule rewrote, which own their text.
    rewritten: elsa::FrozenVec<Box<Value>>,
}

/// The members and items of the mappings and sequences being read, each
/// moved into the arena in one piece when its collection ends.
#[derive(Default)]
pub(super) struct Scratch<'a> {
    members: RefCell<Vec<(Node<'a>, Node<'a>)>>,
    items: RefCell<Vec<Node<'a>>>,
}

/// A node of a schema.
#[derive(Debug)]
pub(super) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    /// Borrowed from the source where the parser can lend it, else copied
    /// into the arena.
    String(&'a str),
    Sequence(&'a mut [Node<'a>]),
    /// Members in the order written.
    Mapping(&'a mut [(Node<'a>, Node<'a>)]),
    /// A node a rule rewrote.
    Rewritten(&'a Value),
}

impl<'a> Node<'a> {
    /// Reads the next value of `map` as a node in `arena`.
    pub fn read<A: MapAccess<'a>>(
        map: &mut A,
        arena: &'a Arena,
        scratch: &Scratch<'a>,
    ) -> Result<Self, A::Error> {
        map.next_value_seed(NodeVisitor { arena, scratch })
    }

    /// Keeps the node in `arena`, for the model to borrow.
    pub fn keep(self, arena: &'a Arena) -> &'a Self {
        arena.nodes.alloc(self)
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The node as the tree's way holds it (a later member of a mapping
    /// replaces an earlier one of the same key, as there).
    fn to_value(&self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(value) => Value::Bool(*value),
            Self::Number(number) => Value::Number(number.clone()),
            Self::String(text) => Value::String((*text).to_owned()),
            Self::Sequence(items) => Value::Sequence(items.iter().map(Self::to_value).collect()),
            Self::Mapping(members) => {
                let mut mapping = Mapping::with_capacity(members.len());
                for (key, value) in members.iter() {
                    mapping.insert(key.to_value(), value.to_value());
                }
                Value::Mapping(mapping)
            }
            Self::Rewritten(value) => (*value).clone(),
        }
    }
}

/// Normalises the schema `node` at `at` as [`Walker::schema`] does: a
/// mapping that reads as 3.0 stays as it is and its subschemas are walked;
/// any other node is rewritten by the walker, into `arena`.
pub(super) fn normalise<'a>(
    walker: &mut Walker<'_>,
    arena: &'a Arena,
    node: &mut Node<'a>,
    at: &mut String,
) {
    if let Node::Mapping(members) = node {
        let texts = members.iter().map(|(key, value)| (key.as_str(), value.as_str()));
        if members_read_as_30(members.len(), texts) {
            subschemas(walker, arena, members, at);
            return;
        }
    }
    let mut value = node.to_value();
    walker.schema(&mut value, at);
    *node = Node::Rewritten(arena.rewritten.push_get(Box::new(value)));
}

/// The subschemas of a schema that reads as 3.0, as [`Walker`] finds them.
fn subschemas<'a>(
    walker: &mut Walker<'_>,
    arena: &'a Arena,
    members: &mut [(Node<'a>, Node<'a>)],
    at: &mut String,
) {
    for (key, value) in members {
        let Some(key) = key.as_str() else { continue };
        let Some(inside) = Inside::of(key, matches!(value, Node::Mapping(_))) else { continue };
        let parent = enter(at, key);
        match (inside, value) {
            (Inside::One, value) => normalise(walker, arena, value, at),
            (Inside::Named, Node::Mapping(schemas)) => {
                for (name, schema) in schemas.iter_mut() {
                    let len = enter(at, name.as_str().unwrap_or_default());
                    normalise(walker, arena, schema, at);
                    at.truncate(len);
                }
            }
            (Inside::List, Node::Sequence(schemas)) => {
                for (index, schema) in schemas.iter_mut().enumerate() {
                    let len = enter_index(at, index);
                    normalise(walker, arena, schema, at);
                    at.truncate(len);
                }
            }
            _ => {}
        }
        at.truncate(parent);
    }
}

/// Reads a [`Node`] into its arena, numbers as the tree's way does (beyond
/// 64 bits, a float).
#[derive(Clone, Copy)]
struct NodeVisitor<'s, 'a> {
    arena: &'a Arena,
    scratch: &'s Scratch<'a>,
}

impl<'a> DeserializeSeed<'a> for NodeVisitor<'_, 'a> {
    type Value = Node<'a>;

    fn deserialize<D: Deserializer<'a>>(self, deserializer: D) -> Result<Node<'a>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for NodeVisitor<'_, 'a> {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'a>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'a>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'a>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node<'a>, E> {
        Ok(Node::Number(super::super::tree::signed_number(value)))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node<'a>, E> {
        Ok(Node::Number(super::super::tree::unsigned_number(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node<'a>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_borrowed_str<E>(self, value: &'a str) -> Result<Node<'a>, E> {
        Ok(Node::String(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'a>, E> {
        Ok(Node::String(self.arena.nodes.alloc_str(value)))
    }

    fn visit_unit<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'a>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'a>>(self, deserializer: D) -> Result<Node<'a>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Node<'a>, A::Error> {
        let start = self.scratch.items.borrow().len();
        while let Some(item) = seq.next_element_seed(self)? {
            self.scratch.items.borrow_mut().push(item);
        }
        let mut items = self.scratch.items.borrow_mut();
        Ok(Node::Sequence(self.arena.nodes.alloc_slice_fill_iter(items.drain(start..))))
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Node<'a>, A::Error> {
        let start = self.scratch.members.borrow().len();
        while let Some(key) = map.next_key_seed(self)? {
            let value = map.next_value_seed(self)?;
            self.scratch.members.borrow_mut().push((key, value));
        }
        let mut members = self.scratch.members.borrow_mut();
        Ok(Node::Mapping(self.arena.nodes.alloc_slice_fill_iter(members.drain(start..))))
    }
}

/// Reads a model from a [`Node`] as from the tree's `&Value`, text
/// borrowed.
pub(super) struct NodeDeserializer<'de, E> {
    node: &'de Node<'de>,
    error: PhantomData<E>,
}

impl<'de, E> NodeDeserializer<'de, E> {
    pub fn new(node: &'de Node<'de>) -> Self {
        Self { node, error: PhantomData }
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for &'de Node<'de> {
    type Deserializer = NodeDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        NodeDeserializer::new(self)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for NodeDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.node {
            Node::Null => visitor.visit_unit(),
            Node::Bool(value) => visitor.visit_bool(*value),
            Node::Number(number) => number.clone().deserialize_any(visitor).map_err(E::custom),
            Node::String(text) => visitor.visit_borrowed_str(text),
            Node::Sequence(items) => {
                let mut items = de::value::SeqDeserializer::new(items.iter());
                let value = visitor.visit_seq(&mut items)?;
                items.end().map(|()| value)
            }
            Node::Mapping(members) => {
                let members = members.iter().map(|(key, value)| (key, value));
                let mut members = de::value::MapDeserializer::new(members);
                let value = visitor.visit_map(&mut members)?;
                members.end().map(|()| value)
            }
            Node::Rewritten(value) => {
                Deserializer::deserialize_any(*value, visitor).map_err(E::custom)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.node {
            Node::Null => visitor.visit_none(),
            Node::Rewritten(value) => {
                Deserializer::deserialize_option(*value, visitor).map_err(E::custom)
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.node {
            Node::String(text) => visitor.visit_enum(text.into_deserializer()),
            Node::Rewritten(value) => {
                Deserializer::deserialize_enum(*value, name, variants, visitor).map_err(E::custom)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

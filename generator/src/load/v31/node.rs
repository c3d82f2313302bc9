//! A schema as the quick reader ([`super::stream`]) holds it: a plain tree
//! whose mappings are lists of members, with no hashing, walked for the
//! nodes a rule of [`super::schema`] rewrites. Only those become
//! `serde_yaml::Value`s, rewritten by the walk of the tree's way; the rest
//! is read as it is. Most schemas read as 3.0 already, so most of a
//! document never becomes a hashed map.
//!
//! A tree is built in a bump arena that is reset once its schema is in the
//! model, so the next schema's tree reuses the same warm memory and no node
//! is dropped one by one. The text the parser lends is borrowed, not
//! copied, by both the tree and the model.

use std::fmt;
use std::marker::PhantomData;

use bumpalo::collections::Vec as BumpVec;
use bumpalo::Bump;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_yaml::{Mapping, Number, Value};

use super::keywords::members_read_as_30;
use super::schema::{Inside, Walker};
use super::{enter, enter_index};

/// What lives while the whole document is read: the nodes a rule
/// rewrote, which own their text, for the model to borrow.
#[derive(Default)]
pub(super) struct Arena {
    rewritten: elsa::FrozenVec<Box<Value>>,
}

/// A node of a schema. The tree lives in a bump arena (`'t`) only while its
/// schema is read into the model, then the arena is reset for the next;
/// the text the parser lends and the rewritten nodes live for the
/// document (`'de`).
#[derive(Debug)]
pub(super) enum Node<'de, 't> {
    Null,
    Bool(bool),
    Number(Number),
    /// Lent by the parser: the model borrows it as it borrows the source's.
    Lent(&'de str),
    /// Text the parser could not lend (an escaped string), copied.
    Copied(&'t str),
    Sequence(&'t mut [Node<'de, 't>]),
    /// Members in the order written.
    Mapping(&'t mut [(Node<'de, 't>, Node<'de, 't>)]),
    /// A node a rule rewrote.
    Rewritten(&'de Value),
}

impl<'de: 't, 't> Node<'de, 't> {
    /// Reads the next value of `map` as a tree in `tree`.
    pub fn read<A: MapAccess<'de>>(map: &mut A, tree: &'t Bump) -> Result<Self, A::Error> {
        map.next_value_seed(NodeVisitor { tree, source: PhantomData })
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Self::Lent(text) => Some(text),
            Self::Copied(text) => Some(text),
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
            Self::Lent(text) => Value::String((*text).to_owned()),
            Self::Copied(text) => Value::String((*text).to_owned()),
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
pub(super) fn normalise<'de>(
    walker: &mut Walker<'_>,
    arena: &'de Arena,
    node: &mut Node<'de, '_>,
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
fn subschemas<'de>(
    walker: &mut Walker<'_>,
    arena: &'de Arena,
    members: &mut [(Node<'de, '_>, Node<'de, '_>)],
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

/// Reads a [`Node`] into the tree's arena, numbers as the tree's way does
/// (beyond 64 bits, a float).
#[derive(Clone, Copy)]
struct NodeVisitor<'de, 't> {
    tree: &'t Bump,
    source: PhantomData<&'de str>,
}

impl<'de: 't, 't> DeserializeSeed<'de> for NodeVisitor<'de, 't> {
    type Value = Node<'de, 't>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de, 't>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de: 't, 't> Visitor<'de> for NodeVisitor<'de, 't> {
    type Value = Node<'de, 't>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'de, 't>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'de, 't>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'de, 't>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node<'de, 't>, E> {
        Ok(Node::Number(super::super::tree::signed_number(value)))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node<'de, 't>, E> {
        Ok(Node::Number(super::super::tree::unsigned_number(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node<'de, 't>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'de, 't>, E> {
        Ok(Node::Lent(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'de, 't>, E> {
        Ok(Node::Copied(self.tree.alloc_str(value)))
    }

    fn visit_unit<E>(self) -> Result<Node<'de, 't>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de, 't>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de, 't>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de, 't>, A::Error> {
        let mut items = BumpVec::with_capacity_in(seq.size_hint().unwrap_or(0), self.tree);
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Sequence(items.into_bump_slice_mut()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de, 't>, A::Error> {
        let mut members = BumpVec::with_capacity_in(map.size_hint().unwrap_or(0), self.tree);
        while let Some(key) = map.next_key_seed(self)? {
            members.push((key, map.next_value_seed(self)?));
        }
        Ok(Node::Mapping(members.into_bump_slice_mut()))
    }
}

/// Reads a model from a [`Node`] as from the tree's `&Value`, the text
/// the parser lent borrowed.
pub(super) struct NodeDeserializer<'n, 'de, 't, E> {
    node: &'n Node<'de, 't>,
    error: PhantomData<E>,
}

impl<'n, 'de, 't, E> NodeDeserializer<'n, 'de, 't, E> {
    pub fn new(node: &'n Node<'de, 't>) -> Self {
        Self { node, error: PhantomData }
    }
}

impl<'n, 'de, 't, E: de::Error> IntoDeserializer<'de, E> for &'n Node<'de, 't> {
    type Deserializer = NodeDeserializer<'n, 'de, 't, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        NodeDeserializer::new(self)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for NodeDeserializer<'_, 'de, '_, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.node {
            Node::Null => visitor.visit_unit(),
            Node::Bool(value) => visitor.visit_bool(*value),
            Node::Number(number) => number.clone().deserialize_any(visitor).map_err(E::custom),
            Node::Lent(text) => visitor.visit_borrowed_str(text),
            Node::Copied(text) => visitor.visit_str(text),
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
            Node::Lent(text) => visitor.visit_enum(de::value::BorrowedStrDeserializer::new(text)),
            Node::Copied(text) => visitor.visit_enum(text.into_deserializer()),
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

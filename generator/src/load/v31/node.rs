//! A schema as the quick reader ([`super::stream`]) holds it: a plain tree
//! whose mappings are lists of members, with no hashing, walked for the
//! nodes a rule of [`super::schema`] rewrites. Only those become
//! `serde_yaml::Value`s, rewritten by the walk of the tree's way; the rest
//! is read as it is. Most schemas read as 3.0 already, so most of a
//! document never becomes a hashed map.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Number, Value};

use super::keywords::members_read_as_30;
use super::schema::{Inside, Walker};
use super::{enter, enter_index};

/// A node of a schema.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node<'de> {
    Null,
    Bool(bool),
    Number(Number),
    /// Borrowed from the source where the parser can lend it.
    String(Cow<'de, str>),
    Sequence(Vec<Node<'de>>),
    /// Members in the order written.
    Mapping(Vec<(Node<'de>, Node<'de>)>),
    /// A node a rule rewrote (boxed: most nodes are not, and stay small).
    Rewritten(Box<Value>),
}

impl Node<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) => Some(text),
            _ => None,
        }
    }

    /// The node as the tree's way holds it (a later member of a mapping
    /// replaces an earlier one of the same key, as there).
    fn into_value(self) -> Value {
        match self {
            Self::Null => Value::Null,
            Self::Bool(value) => Value::Bool(value),
            Self::Number(number) => Value::Number(number),
            Self::String(text) => Value::String(text.into_owned()),
            Self::Sequence(items) => {
                Value::Sequence(items.into_iter().map(Self::into_value).collect())
            }
            Self::Mapping(members) => {
                let mut mapping = Mapping::with_capacity(members.len());
                for (key, value) in members {
                    mapping.insert(key.into_value(), value.into_value());
                }
                Value::Mapping(mapping)
            }
            Self::Rewritten(value) => *value,
        }
    }
}

/// Normalises the schema `node` at `at` as [`Walker::schema`] does: a
/// mapping that reads as 3.0 stays as it is and its subschemas are walked;
/// any other node is rewritten by the walker.
pub(super) fn normalise(walker: &mut Walker<'_>, node: &mut Node<'_>, at: &mut String) {
    if let Node::Mapping(members) = node {
        let texts = members.iter().map(|(key, value)| (key.as_str(), value.as_str()));
        if members_read_as_30(members.len(), texts) {
            subschemas(walker, members, at);
            return;
        }
    }
    let mut value = std::mem::replace(node, Node::Null).into_value();
    walker.schema(&mut value, at);
    *node = Node::Rewritten(Box::new(value));
}

/// The subschemas of a schema that reads as 3.0, as [`Walker`] finds them.
fn subschemas(walker: &mut Walker<'_>, members: &mut [(Node<'_>, Node<'_>)], at: &mut String) {
    for (key, value) in members {
        let Some(key) = key.as_str() else { continue };
        let Some(inside) = Inside::of(key, matches!(value, Node::Mapping(_))) else { continue };
        let parent = enter(at, key);
        match (inside, value) {
            (Inside::One, value) => normalise(walker, value, at),
            (Inside::Named, Node::Mapping(schemas)) => {
                for (name, schema) in schemas {
                    let len = enter(at, name.as_str().unwrap_or_default());
                    normalise(walker, schema, at);
                    at.truncate(len);
                }
            }
            (Inside::List, Node::Sequence(schemas)) => {
                for (index, schema) in schemas.iter_mut().enumerate() {
                    let len = enter_index(at, index);
                    normalise(walker, schema, at);
                    at.truncate(len);
                }
            }
            _ => {}
        }
        at.truncate(parent);
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Reads a [`Node`], numbers as the tree's way does (beyond 64 bits, a float).
struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Node<'de>, E> {
        Ok(Node::Number(super::super::tree::signed_number(value)))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Node<'de>, E> {
        Ok(Node::Number(super::super::tree::unsigned_number(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node<'de>, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(value)))
    }

    fn visit_unit<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Node::Mapping(members))
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
            Node::String(text) => visitor.visit_borrowed_str(text.as_ref()),
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
                Deserializer::deserialize_any(&**value, visitor).map_err(E::custom)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.node {
            Node::Null => visitor.visit_none(),
            Node::Rewritten(value) => {
                Deserializer::deserialize_option(&**value, visitor).map_err(E::custom)
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
            Node::String(text) => visitor.visit_enum(text.as_ref().into_deserializer()),
            Node::Rewritten(value) => {
                Deserializer::deserialize_enum(&**value, name, variants, visitor).map_err(E::custom)
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

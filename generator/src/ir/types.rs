//! Types: what the schemas of a spec become.

use super::{Docs, Ident, Name, Origin, Part, PartKind};

/// A named type generated from a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: Ident,
    pub origin: Origin,
    pub docs: Docs,
    pub kind: TypeKind,
    pub deprecated: bool,
    /// What the generator had to do differently from the spec (warnings).
    pub notes: Vec<String>,
    /// The Cargo features whose operations use the type (any one compiles
    /// it); empty when it is always compiled.
    pub features: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum that keeps values it does not document.
    Enum(Enum),
    /// `oneOf`/`anyOf`: with a discriminator, the variant its property
    /// names; without, the variant whose reading keeps the most of the
    /// value (see [`Reading`]).
    Union(Union),
    /// Any other schema: a type alias.
    Alias(TypeRef),
    /// The parts of a multipart body (made for a body, not a JSON value).
    Multipart(Vec<Part>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Type of the members beyond the properties, kept in a flattened map:
    /// the schema's `additionalProperties`, or any JSON value where the
    /// schema does not say (OpenAPI then allows any member). `None` only
    /// when the schema allows none.
    pub additional: Option<TypeRef>,
    /// Whether the map is there only because the schema does not say
    /// (kept so that a value read and written back loses nothing).
    pub undeclared: bool,
    /// The field of that map: `additional_properties`, unless a property
    /// takes the name.
    pub catch_all: Ident,
    /// `additionalProperties: false`: no members but the properties.
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Which way the property travels: `readOnly` and `writeOnly`.
    pub access: Access,
    /// What its values must be beyond their type.
    pub constraints: Constraints,
    pub docs: Docs,
}

/// JSON Schema's constraints on a value (lengths, bounds, a pattern, a
/// format, how many items), as the spec writes them, and its default. The
/// generated code leaves them to the service, which refuses what breaks
/// them; the review compares them, since a tighter one refuses requests
/// that used to pass, and a new default changes what a request that
/// leaves the value out means.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    /// The lower bound, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// The upper bound, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    pub multiple_of: Option<f64>,
    pub pattern: Option<String>,
    /// A string's `format` where it does not choose the Rust type (`email`,
    /// `uri`; `date-time` is a type of its own, compared as a type).
    pub format: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// The `default`, as JSON text.
    pub default: Option<String>,
}

/// Which way a property travels (`readOnly`, `writeOnly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// Both ways.
    #[default]
    Both,
    /// Only in responses: the service sets it, and a request leaves it out.
    ReadOnly,
    /// Only in requests (a password): a response leaves it out, so the
    /// field is an `Option` however `required` the property is.
    WriteOnly,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable || self.access == Access::WriteOnly
    }

    /// Whether it is an `Option<Option<_>>`: optional and nullable, so an
    /// absent member (`None`) and `null` (`Some(None)`) stay apart, as an
    /// update that clears a property needs and a value written back must.
    pub fn is_double_option(&self) -> bool {
        !self.required && self.nullable
    }
}

/// An enum: a variant per documented value, and one for any other.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// The variant that keeps a value the spec does not document:
    /// `Undocumented` (a documented value of that name is renamed).
    pub catch_all: Ident,
    /// How its values are written.
    pub repr: EnumRepr,
    /// Whether it is one of Microsoft Graph's evolvable enums: an enum of
    /// a Graph API with an `unknownFutureValue` value, whose docs then say
    /// what Graph means by that value ([`super::Api::is_microsoft_graph`]).
    pub graph_evolvable: bool,
}

/// How an enum's values are written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers: OpenAPI 3.1's named constants (`oneOf` of
    /// `{title: JOIN, const: 1}`); the API name of a variant is the
    /// integer's decimal text.
    Integer,
}

/// A value of an enum: its Rust name (from the value, or from the title
/// that names it) and the value as the API spells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnumVariant {
    pub name: Name,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property that names the variant (`discriminator.propertyName`).
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: Ident,
    pub ty: TypeRef,
    /// The discriminator values that select this variant.
    pub tags: Vec<String>,
    /// The properties it declares as one constant string (3.1's `const`,
    /// a one-value `enum`) in a union they do not tag: a value whose
    /// member differs is not this variant.
    pub constants: Vec<(String, String)>,
    /// How a union without a discriminator weighs what this variant reads.
    pub reading: Reading,
}

/// How a union without a discriminator weighs a variant's reading of a
/// value: every variant reads it, the one that keeps most wins (the
/// runtime's `unions` module says the rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A struct: by the members it knows and those it drops.
    Object,
    /// A string enum: typed for a documented value, untyped for another.
    Enum,
    /// Any JSON value: untyped.
    Any,
    /// Anything else: read whole or not at all.
    Whole,
}

/// A reference to a Rust type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// A generated type.
    Named(Ident),
    /// A generated type that must be boxed to break a recursive cycle.
    Boxed(Ident),
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// `format: date-time`: `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `format: date`: `chrono::NaiveDate`.
    Date,
    /// `format: uuid`: `uuid::Uuid`.
    Uuid,
    /// OpenAPI 3.1's `contentEncoding: base64`: bytes, base64 text in JSON
    /// (the crate's `models::Base64`).
    Base64,
    /// Any JSON value (free-form object, schema-less).
    Json,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A value that may be `null` (`Option`): list items, map values, union
    /// variants and response bodies. Properties say it with
    /// [`Field::nullable`] instead, parameters and request bodies not at all.
    Nullable(Box<TypeRef>),
}

impl Part {
    /// The type the part's value has, when it is not a file.
    pub fn value_type(&self) -> Option<&TypeRef> {
        match &self.kind {
            PartKind::Text(ty) | PartKind::Texts(ty) | PartKind::Json { ty, .. } => Some(ty),
            PartKind::File { .. } | PartKind::Files { .. } => None,
        }
    }
}

impl TypeRef {
    /// Whether this is a number, a boolean or a string.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            Self::String
                | Self::Bool
                | Self::I8
                | Self::I16
                | Self::I32
                | Self::I64
                | Self::U8
                | Self::U16
                | Self::U32
                | Self::U64
                | Self::F32
                | Self::F64
        )
    }

    /// Whether the type mentions `wanted` anywhere.
    pub fn mentions(&self, wanted: &TypeRef) -> bool {
        match self {
            ty if ty == wanted => true,
            Self::Vec(inner) | Self::Map(inner) | Self::Nullable(inner) => inner.mentions(wanted),
            _ => false,
        }
    }

    /// The generated type it names, if any (inside lists, maps and
    /// `Option`s too).
    pub fn named(&self) -> Option<&Ident> {
        match self {
            Self::Named(name) | Self::Boxed(name) => Some(name),
            Self::Vec(inner) | Self::Map(inner) | Self::Nullable(inner) => inner.named(),
            _ => None,
        }
    }

    /// The type of a schema that allows `null`: an `Option` of it (any
    /// JSON value holds `null` already).
    pub fn or_null(self) -> TypeRef {
        match self {
            Self::Json | Self::Nullable(_) => self,
            ty => Self::Nullable(Box::new(ty)),
        }
    }

    /// The type without a top-level `null`, where the value is absent
    /// instead (a parameter, a request body, a property's own `Option`).
    pub fn without_null(self) -> TypeRef {
        match self {
            Self::Nullable(inner) => *inner,
            ty => ty,
        }
    }

    /// A word for the type, as the variant of a union that holds it:
    /// `String`, `Integer`, `List`, or the generated type's name.
    pub fn label(&self) -> String {
        match self {
            Self::Named(name) | Self::Boxed(name) => name.unraw().to_owned(),
            Self::String => "String".into(),
            Self::Bool => "Bool".into(),
            Self::I8 | Self::I16 | Self::I32 | Self::I64 => "Integer".into(),
            Self::U8 | Self::U16 | Self::U32 | Self::U64 => "Integer".into(),
            Self::F32 | Self::F64 => "Number".into(),
            Self::Bytes => "Bytes".into(),
            Self::DateTime => "DateTime".into(),
            Self::Date => "Date".into(),
            Self::Uuid => "Uuid".into(),
            Self::Base64 => "Base64".into(),
            Self::Json => "Json".into(),
            Self::Vec(_) => "List".into(),
            Self::Map(_) => "Map".into(),
            Self::Nullable(inner) => inner.label(),
        }
    }
}

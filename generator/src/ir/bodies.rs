//! Request bodies: one content per media type the caller may send.

use super::{Docs, Ident, Name, ParamStyle, TypeRef};

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The enum the caller picks a content with, when there are several
    /// (`{Operation}Body`).
    pub enum_name: Ident,
    pub required: bool,
    pub docs: Docs,
    /// In order of preference (JSON first). With several, the caller picks
    /// one through the operation's body enum.
    pub contents: Vec<BodyContent>,
}

impl Body {
    /// The content a webhook's body is read as: the preferred one (a
    /// receiver takes what the API sends, which is one of them).
    pub fn received(&self) -> Option<&BodyContent> {
        self.contents.first()
    }

    /// The one content, when there is exactly one.
    pub fn single(&self) -> Option<&BodyContent> {
        match self.contents.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// The body as one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyContent {
    pub media_type: String,
    /// The variant of the body enum, when there are several contents.
    pub variant: Ident,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the properties of a value,
    /// each written by its encoding (`form`, exploded, when not listed).
    Form {
        ty: TypeRef,
        encodings: Vec<FieldEncoding>,
    },
    /// `multipart/*`: a generated parts type.
    Multipart(Ident),
    /// Raw bytes, with the documented size limits when the spec gives them
    /// (`minLength`, `maxLength`).
    Binary {
        min_len: Option<u64>,
        max_len: Option<u64>,
    },
    /// A range of binary media types (`image/*`, `*/*`): the caller names
    /// the type with the bytes.
    AnyBinary,
    Text,
}

/// How one property of a form body is written (`encoding` in the spec).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    pub property: String,
    pub style: ParamStyle,
    pub explode: bool,
    pub allow_reserved: bool,
}

/// A part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: Name,
    pub kind: PartKind,
    pub required: bool,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A file (`format: binary`), with the default content type.
    File { content_type: String },
    /// Several files under one name.
    Files { content_type: String },
    /// A scalar, as text.
    Text(TypeRef),
    /// Several scalars under one name.
    Texts(TypeRef),
    /// Any other value, serialised (JSON unless the encoding says otherwise).
    Json { ty: TypeRef, content_type: String },
}

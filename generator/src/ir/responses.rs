//! Responses: which statuses an operation expects, with their bodies
//! (one per media type) and documented headers.

use std::fmt;

use super::{Docs, Ident, Name, TypeRef};

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `1XX` ... `5XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            Self::Code(code) => (200..300).contains(&code),
            Self::Range(hundreds) => hundreds == 2,
            Self::Default => false,
        }
    }

    /// Informational, success and redirect statuses: what an operation
    /// answers when it did what was asked (or says where to go for it).
    pub fn is_expected(self) -> bool {
        match self {
            Self::Code(code) => (100..400).contains(&code),
            Self::Range(hundreds) => (1..=3).contains(&hundreds),
            Self::Default => false,
        }
    }

    /// `3XX` but `304 Not Modified`: the answer is elsewhere, at the `Location`.
    pub fn is_redirect(self) -> bool {
        match self {
            Self::Code(code) => (300..400).contains(&code) && code != 304,
            Self::Range(hundreds) => hundreds == 3,
            Self::Default => false,
        }
    }

    /// The words naming a response enum's variant for this status (its
    /// reason phrase, `Status299`, `Status2xx`, `Default`), which
    /// [`crate::naming::status_variant`] makes an identifier.
    pub fn variant_words(self) -> String {
        match self {
            Self::Code(code) => match reason_phrase(code) {
                Some(reason) => reason.to_owned(),
                None => format!("Status{code}"),
            },
            Self::Range(hundreds) => format!("Status{hundreds}xx"),
            Self::Default => "Default".to_owned(),
        }
    }
}

impl fmt::Display for StatusMatch {
    /// As the spec writes it: `200`, `2XX`, `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code) => write!(f, "{code}"),
            Self::Range(hundreds) => write!(f, "{hundreds}XX"),
            Self::Default => f.write_str("default"),
        }
    }
}

/// RFC 9110's reason phrases of the expected statuses.
fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        102 => "Processing",
        103 => "Early Hints",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        _ => return None,
    })
}

/// An expected response: a variant of the operation's response enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    pub variant: Ident,
    /// The enum of its bodies, when it has several media types
    /// (`{Operation}{Variant}Body`).
    pub body_enum: Ident,
    /// One per media type, in order of preference; empty without a body.
    pub contents: Vec<ResponseBody>,
    /// The headers the spec documents (a redirect always has `Location`).
    pub headers: Vec<ResponseHeader>,
    pub description: String,
}

impl Response {
    /// The type of its first JSON body, if it documents one.
    pub fn json_type(&self) -> Option<&TypeRef> {
        ResponseBody::json_type(&self.contents)
    }

    /// The one content, when there is exactly one.
    pub fn single(&self) -> Option<&ResponseBody> {
        match self.contents.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// The body of a response as one media type.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    pub media_type: String,
    /// The variant of the body enum, when there are several contents.
    pub variant: Ident,
    pub content: ResponseContent,
}

impl ResponseBody {
    /// The type of the first JSON body of `contents`, if there is one.
    pub fn json_type(contents: &[ResponseBody]) -> Option<&TypeRef> {
        contents.iter().find_map(|body| match &body.content {
            ResponseContent::Json(ty) => Some(ty),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ResponseContent {
    Json(TypeRef),
    Binary,
    Text,
}

/// A documented response header, read into a typed field.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub name: Name,
    /// A scalar, or a list of scalars (`simple` style: `a,b`).
    pub ty: TypeRef,
    pub docs: Docs,
}

//! Parameter styles: how a path, query, header or cookie parameter's value
//! is written, by the `style` and `explode` table of OpenAPI 3.0 ("Style
//! Examples"). Where the 3.0.3 table contradicts RFC 6570 (`label` without
//! `explode` joins a list with `.`), the corrected table of 3.0.4 is
//! followed: `.blue,black,brown`.
//!
//! Strings, numbers and enums are written as text by the generated code;
//! any other value goes through serde into a JSON value here and is taken
//! apart as a scalar, a list or an object. Every piece is percent-encoded
//! on its own, so the delimiters a style adds (`,` `;` `.` `=` `&`) are
//! never confused with characters of a value. `|`, `[` and `]` are not
//! allowed unencoded in a URI and are sent as `%7C`, `%5B` and `%5D`.

use std::fmt;

use http::header::{HeaderName, HeaderValue, COOKIE};
use percent_encoding::{utf8_percent_encode, AsciiSet};
use serde::Serialize;
use serde_json::Value;

use super::request::PATH_SEGMENT;
use super::{as_request, header_value, push_path_segment, RequestError};

/// An OpenAPI parameter style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `blue,black,brown` (path and header parameters).
    Simple,
    /// `.blue,black,brown` (path).
    Label,
    /// `;color=blue,black,brown` (path).
    Matrix,
    /// `color=blue,black,brown` (query and cookie parameters).
    Form,
    /// `color=blue%20black%20brown` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack%7Cbrown` (query).
    PipeDelimited,
    /// `color%5BR%5D=100` (query objects).
    DeepObject,
}

/// What a query value keeps unencoded: RFC 3986's unreserved characters.
const QUERY_STRICT: &AsciiSet = PATH_SEGMENT;

/// With `allowReserved`, RFC 3986's reserved characters are kept as well,
/// except the three that would change the query's structure: `#` ends it,
/// `&` and `=` delimit its pairs.
const QUERY_RESERVED: &AsciiSet = &PATH_SEGMENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

fn encode(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// A value taken apart for styling.
enum Shape {
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, Value)>),
}

fn shape_of(value: Value) -> Shape {
    match value {
        Value::Array(items) => Shape::List(items.iter().map(scalar_text).collect()),
        Value::Object(entries) => Shape::Object(entries.into_iter().collect()),
        scalar => Shape::Scalar(scalar_text(&scalar)),
    }
}

/// A value as JSON, which the styles (and form and multipart bodies) then
/// write. The public functions that take any `Serialize` value only call
/// this and hand the result to a function of theirs that is not generic,
/// so that a crate compiles the styles once, not once per parameter type.
pub(super) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, RequestError> {
    Ok(as_request(|| serde_json::to_value(value))?)
}

/// A scalar as text; `null` as nothing; a nested list or object, which no
/// style defines, as its JSON text.
pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Bool(_) | Value::Number(_) => value.to_string(),
        nested => nested.to_string(),
    }
}

/// A value as JSON text, for `content: application/json` parameters.
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    Ok(as_request(|| serde_json::to_string(value))?)
}

/// A query string under construction: encoded `name=value` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    text: String,
}

impl Query {
    /// The query string so far, without `?`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether no parameter has been written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn pair(&mut self, encoded_name: &str, encoded_value: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(encoded_name);
        self.text.push('=');
        self.text.push_str(encoded_value);
    }

    /// `name=value` for a value that is text already (a string, a number, an enum).
    pub fn text(&mut self, name: &str, value: &str, allow_reserved: bool) {
        let set = if allow_reserved { QUERY_RESERVED } else { QUERY_STRICT };
        self.pair(&encode(name, QUERY_STRICT), &encode(value, set));
    }

    /// [`text`](Self::text) for an optional parameter: nothing when it is
    /// `None`, else its text (`Display`: a string or string enum as it is
    /// spelled, a number or a boolean as Rust writes it). One call per
    /// optional parameter in generated code, instead of an `if let`.
    pub fn optional_text<T: fmt::Display + ?Sized>(
        &mut self,
        name: &str,
        value: Option<&T>,
        allow_reserved: bool,
    ) {
        if let Some(value) = value {
            self.text(name, &value.to_string(), allow_reserved);
        }
    }

    /// A value as JSON text (`content: application/json`).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        allow_reserved: bool,
    ) -> Result<(), RequestError> {
        self.text(name, &json_text(value)?, allow_reserved);
        Ok(())
    }

    /// Any value, in `style` (`form`, `spaceDelimited`, `pipeDelimited` or
    /// `deepObject`; the path styles are read as `form`).
    pub fn styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
        value: &T,
    ) -> Result<(), RequestError> {
        self.styled_value(name, style, explode, allow_reserved, to_value(value)?);
        Ok(())
    }

    /// [`styled`](Self::styled) for a value already JSON.
    pub(crate) fn styled_value(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
        value: Value,
    ) {
        let set = if allow_reserved { QUERY_RESERVED } else { QUERY_STRICT };
        let key = encode(name, QUERY_STRICT);
        let delimiter = match style {
            Style::SpaceDelimited if !explode => "%20",
            Style::PipeDelimited if !explode => "%7C",
            _ => ",",
        };
        if style == Style::DeepObject {
            // Objects and lists nest: `key%5Bname%5D`, `key%5B0%5D`.
            match value {
                nested @ (Value::Object(_) | Value::Array(_)) => self.deep(&key, &nested, set),
                scalar => self.pair(&key, &encode(&scalar_text(&scalar), set)),
            }
            return;
        }
        match shape_of(value) {
            Shape::Scalar(text) => self.pair(&key, &encode(&text, set)),
            // An exploded list repeats the name.
            Shape::List(items) if explode => {
                for item in &items {
                    self.pair(&key, &encode(item, set));
                }
            }
            Shape::List(items) => {
                let items: Vec<String> = items.iter().map(|item| encode(item, set)).collect();
                self.pair(&key, &items.join(delimiter));
            }
            Shape::Object(entries) if explode => {
                for (property, value) in &entries {
                    self.pair(&encode(property, QUERY_STRICT), &encode(&scalar_text(value), set));
                }
            }
            Shape::Object(entries) => {
                let parts = flat_pairs(&entries).map(|part| encode(&part, set));
                self.pair(&key, &parts.collect::<Vec<_>>().join(delimiter));
            }
        }
    }

    /// `deepObject`: `key%5Ba%5D%5B0%5D=value`, the nesting form-encoding
    /// APIs read (`metadata[key]`, `items[0][price]`). OpenAPI defines one
    /// level of objects; deeper levels and lists follow the same pattern.
    fn deep(&mut self, key: &str, value: &Value, set: &'static AsciiSet) {
        match value {
            Value::Object(entries) => {
                for (property, value) in entries {
                    self.deep(
                        &format!("{key}%5B{}%5D", encode(property, QUERY_STRICT)),
                        value,
                        set,
                    );
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.deep(&format!("{key}%5B{index}%5D"), item, set);
                }
            }
            scalar => self.pair(key, &encode(&scalar_text(scalar), set)),
        }
    }
}

/// An object's entries as `key, value, key, value`.
fn flat_pairs(entries: &[(String, Value)]) -> impl Iterator<Item = String> + '_ {
    entries.iter().flat_map(|(property, value)| [property.clone(), scalar_text(value)])
}

/// An object's entries as `key=value` pieces, each side encoded.
fn exploded_pairs(entries: &[(String, Value)], set: &'static AsciiSet) -> Vec<String> {
    let pair = |(property, value): &(String, Value)| {
        format!("{}={}", encode(property, set), encode(&scalar_text(value), set))
    };
    entries.iter().map(pair).collect()
}

/// Appends a path parameter of any value in `style` (`simple`, `label` or
/// `matrix`; others are read as `simple`).
///
/// As with [`push_path_segment`], a value that would write nothing, `.` or
/// `..` is refused: a server would read a different path.
pub fn push_path_styled<T: Serialize + ?Sized>(
    path: &mut String,
    name: &'static str,
    style: Style,
    explode: bool,
    value: &T,
) -> Result<(), RequestError> {
    push_path_value(path, name, style, explode, to_value(value)?)
}

fn push_path_value(
    path: &mut String,
    name: &'static str,
    style: Style,
    explode: bool,
    value: Value,
) -> Result<(), RequestError> {
    let set = PATH_SEGMENT;
    let key = encode(name, set);
    let join = |items: &[String], delimiter: &str| {
        items.iter().map(|item| encode(item, set)).collect::<Vec<_>>().join(delimiter)
    };
    let piece = match (style, shape_of(value)) {
        (Style::Label, Shape::Scalar(text)) => format!(".{}", encode(&text, set)),
        (Style::Label, Shape::List(items)) => {
            format!(".{}", join(&items, if explode { "." } else { "," }))
        }
        (Style::Label, Shape::Object(entries)) if explode => {
            format!(".{}", exploded_pairs(&entries, set).join("."))
        }
        (Style::Label, Shape::Object(entries)) => {
            format!(".{}", join(&flat_pairs(&entries).collect::<Vec<_>>(), ","))
        }
        (Style::Matrix, Shape::Scalar(text)) if text.is_empty() => format!(";{key}"),
        (Style::Matrix, Shape::Scalar(text)) => format!(";{key}={}", encode(&text, set)),
        (Style::Matrix, Shape::List(items)) if items.is_empty() => format!(";{key}"),
        (Style::Matrix, Shape::List(items)) if explode => {
            items.iter().map(|item| format!(";{key}={}", encode(item, set))).collect()
        }
        (Style::Matrix, Shape::List(items)) => format!(";{key}={}", join(&items, ",")),
        (Style::Matrix, Shape::Object(entries)) if explode => {
            exploded_pairs(&entries, set).iter().map(|pair| format!(";{pair}")).collect()
        }
        (Style::Matrix, Shape::Object(entries)) => {
            format!(";{key}={}", join(&flat_pairs(&entries).collect::<Vec<_>>(), ","))
        }
        (_, Shape::Scalar(text)) => encode(&text, set),
        (_, Shape::List(items)) => join(&items, ","),
        (_, Shape::Object(entries)) if explode => exploded_pairs(&entries, set).join(","),
        (_, Shape::Object(entries)) => join(&flat_pairs(&entries).collect::<Vec<_>>(), ","),
    };
    let reason = match piece.as_str() {
        "" => Some("it is empty"),
        "." | ".." => Some("it would be written as a dot segment, which changes the path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParameter { name, reason });
    }
    path.push_str(&piece);
    Ok(())
}

/// Appends a path parameter written as JSON text (`content: application/json`).
pub fn push_path_json<T: Serialize + ?Sized>(
    path: &mut String,
    name: &'static str,
    value: &T,
) -> Result<(), RequestError> {
    push_path_segment(path, name, &json_text(value)?)
}

/// A header parameter of any value, in the `simple` style.
pub fn header_styled<T: Serialize + ?Sized>(
    name: &'static str,
    explode: bool,
    value: &T,
) -> Result<HeaderValue, RequestError> {
    header_value(name, &header_text(explode, to_value(value)?))
}

fn header_text(explode: bool, value: Value) -> String {
    match shape_of(value) {
        Shape::Scalar(text) => text,
        Shape::List(items) => items.join(","),
        Shape::Object(entries) if explode => {
            let pairs = entries
                .iter()
                .map(|(property, value)| format!("{property}={}", scalar_text(value)));
            pairs.collect::<Vec<_>>().join(",")
        }
        Shape::Object(entries) => flat_pairs(&entries).collect::<Vec<_>>().join(","),
    }
}

/// A header parameter written as JSON text (`content: application/json`).
pub fn header_json<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
) -> Result<HeaderValue, RequestError> {
    header_value(name, &json_text(value)?)
}

/// The cookie parameters of a request, sent together in one `Cookie` header
/// (`form` style; names and values percent-encoded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cookies {
    text: String,
}

impl Cookies {
    fn pair(&mut self, name: &str, encoded_value: &str) {
        if !self.text.is_empty() {
            self.text.push_str("; ");
        }
        self.text.push_str(&encode(name, QUERY_STRICT));
        self.text.push('=');
        self.text.push_str(encoded_value);
    }

    /// `name=value` for a value that is text already.
    pub fn text(&mut self, name: &str, value: &str) {
        self.pair(name, &encode(value, QUERY_STRICT));
    }

    /// A value as JSON text (`content: application/json`).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), RequestError> {
        self.text(name, &json_text(value)?);
        Ok(())
    }

    /// Any value, in the `form` style.
    pub fn styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), RequestError> {
        self.styled_value(name, explode, to_value(value)?);
        Ok(())
    }

    fn styled_value(&mut self, name: &str, explode: bool, value: Value) {
        let set = QUERY_STRICT;
        match shape_of(value) {
            Shape::Scalar(text) => self.text(name, &text),
            Shape::List(items) if explode => items.iter().for_each(|item| self.text(name, item)),
            Shape::List(items) => {
                let items: Vec<String> = items.iter().map(|item| encode(item, set)).collect();
                self.pair(name, &items.join(","));
            }
            Shape::Object(entries) if explode => entries
                .iter()
                .for_each(|(property, value)| self.text(property, &scalar_text(value))),
            Shape::Object(entries) => {
                let parts: Vec<String> =
                    flat_pairs(&entries).map(|part| encode(&part, set)).collect();
                self.pair(name, &parts.join(","));
            }
        }
    }

    /// The `Cookie` header, unless no cookie parameter is set.
    pub fn into_header(self) -> Result<Option<(HeaderName, HeaderValue)>, RequestError> {
        if self.text.is_empty() {
            return Ok(None);
        }
        Ok(Some((COOKIE, header_value("Cookie", &self.text)?)))
    }
}

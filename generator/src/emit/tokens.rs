//! The toolbox every emitter builds with: identifiers, Rust types of IR
//! types, `#[cfg]`s for features, and documentation attributes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Docs, Ident, TypeRef};

/// IR identifiers go straight into `quote!`, raw where they need to be
/// (`format_ident!` reads the `r#` the naming module wrote).
impl quote::ToTokens for Ident {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        quote::format_ident!("{}", self.as_str()).to_tokens(tokens);
    }
}

/// Where a type's code goes: the `cfg` each of its items carries (none in
/// a module of `models/`, whose declaration has it) and the path to the
/// runtime from there.
pub(crate) struct Place {
    pub cfg: TokenStream,
    pub runtime: TokenStream,
}

/// The Rust type for a type reference; `models` is the path to the models module.
pub(crate) fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Named(name) => quote!(#models #name),
        TypeRef::Boxed(name) => quote!(Box<#models #name>),
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I8 => quote!(i8),
        TypeRef::I16 => quote!(i16),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bytes => quote!(bytes::Bytes),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::Base64 => quote!(#models Base64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Vec(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, models);
            quote!(Option<#inner>)
        }
    }
}

/// The `#[cfg]` that compiles an item with any one of `features`; nothing
/// when it is always compiled.
pub(crate) fn cfg<S: AsRef<str>>(features: &[S]) -> TokenStream {
    let features = features.iter().map(AsRef::as_ref);
    match features.len() {
        0 => TokenStream::new(),
        1 => quote!(#[cfg(#(feature = #features)*)]),
        _ => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

/// `#[doc]` attributes for documentation text. Attributes rather than `///`
/// text, so no description can break out of the comment.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

pub(crate) fn doc_attrs_inner(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Doc lines for rustdoc. Markdown code in a spec is never Rust: untagged
/// fences become `text` fences and indentation is capped at three spaces
/// (enough for list continuations, too little for an indented code block),
/// so descriptions never turn into failing doctests. Every other line is
/// made [`rustdoc_safe`].
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim();
            if let Some(info) = trimmed.strip_prefix("```") {
                in_fence = !in_fence;
                if in_fence && info.trim().is_empty() {
                    return " ```text".to_owned();
                }
            }
            let line = if in_fence || trimmed.starts_with("```") {
                line.trim_end().to_owned()
            } else {
                let indent = (line.len() - line.trim_start().len()).min(3);
                format!("{}{}", " ".repeat(indent), rustdoc_safe(trimmed))
            };
            // A leading space per line, as `///` comments have.
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// What the generator did differently from the spec, as a rustdoc section.
pub(crate) fn notes_text(notes: &[String]) -> String {
    if notes.is_empty() {
        return String::new();
    }
    let items: Vec<String> = notes.iter().map(|note| format!("- {note}")).collect();
    format!("\n\n# Generated with a fallback\n\n{}", items.join("\n"))
}

/// The text of a [`Docs`], summary first, as [`spec_markdown`] makes it.
pub(crate) fn docs_text(docs: &Docs) -> String {
    let Docs { summary, description } = docs;
    let mut text = String::new();
    for part in [summary, description].into_iter().flatten() {
        let part = part.trim();
        if !part.is_empty() && !text.contains(part) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(part);
        }
    }
    spec_markdown(&text)
}

/// A spec's Markdown as rustdoc reads it without a warning (see
/// [`rustdoc_safe`]), where also a link to an item in code (`` [`Name`] ``)
/// is text: the spec's names are not the crate's items. Code fences are
/// left as they are.
pub(crate) fn spec_markdown(text: &str) -> String {
    let mut in_fence = false;
    let lines = text.lines().map(|line| {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            return line.to_owned();
        }
        match in_fence {
            true => line.to_owned(),
            false => safe_line(line, false),
        }
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// A line of Markdown as rustdoc reads it without a warning, outside code
/// spans: a bare URL becomes a link (`<https://...>`; rustdoc warns "this
/// URL is not a hyperlink"), a `[` that starts no link is escaped
/// (`\[DEPRECATED]`, which rustdoc would try to resolve as an item), and so
/// is a `<` that starts no link (`List<T>` would be an unclosed HTML tag
/// that swallows the text after it; HTML shows as written). Links
/// (`[text](url)`, their text made safe too, `<url>`) and the generator's
/// links to items (`` [`Name`] ``) are kept.
pub(crate) fn rustdoc_safe(line: &str) -> String {
    safe_line(line, true)
}

fn safe_line(line: &str, item_links: bool) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let kept = match c {
            '\\' => rest.char_indices().nth(1).map_or(rest.len(), |(at, c)| at + c.len_utf8()),
            '`' => code_span(rest).unwrap_or(1),
            '[' => {
                if let Some((length, text, destination)) = inline_link(rest) {
                    out.push('[');
                    out.push_str(&safe_line(text, item_links));
                    out.push_str("](");
                    out.push_str(destination);
                    out.push(')');
                    rest = &rest[length..];
                    continue;
                }
                match item_links && rest[1..].starts_with('`') {
                    true => 1,
                    false => {
                        out.push_str("\\[");
                        rest = &rest[1..];
                        continue;
                    }
                }
            }
            '<' => match autolink(rest) {
                Some(length) => length,
                None => {
                    out.push_str("&lt;");
                    rest = &rest[1..];
                    continue;
                }
            },
            'h' if rest.starts_with("https://") || rest.starts_with("http://") => {
                let url = bare_url(rest);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            _ => c.len_utf8(),
        };
        out.push_str(&rest[..kept]);
        rest = &rest[kept..];
    }
    out
}

/// The length of the code span `text` starts with (a run of backticks, its
/// text, the same run), if it is closed on this line.
fn code_span(text: &str) -> Option<usize> {
    let ticks = text.len() - text.trim_start_matches('`').len();
    let fence = &text[..ticks];
    let close = text[ticks..].find(fence)?;
    Some(ticks + close + ticks)
}

/// The inline link `[text](destination)` (an image's `![alt](src)` as its
/// text included) that `text` starts with: its length, its text and its
/// destination, less what follows a space there other than a title (`=
/// 128x32`, a size some renderers read, leaves the link unread by rustdoc).
fn inline_link(text: &str) -> Option<(usize, &str, &str)> {
    let close = matching(text, '[', ']')?;
    let after = &text[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    let end = close + 1 + matching(after, '(', ')')?;
    let inside = text[close + 2..end].trim();
    let destination = match inside.split_once(char::is_whitespace) {
        Some((url, title)) if !title.trim_start().starts_with(['"', '\'', '(']) => url,
        _ => inside,
    };
    Some((end + 1, &text[1..close], destination))
}

/// Where the bracket `text` starts with (`open`) is closed, nested pairs and
/// escaped characters aside.
fn matching(text: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if c == open => depth += 1,
            _ if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The length of the link `<scheme://...>` that `text` starts with.
fn autolink(text: &str) -> Option<usize> {
    let inner = &text[1..];
    let is_link = ["https://", "http://", "mailto:"].iter().any(|scheme| inner.starts_with(scheme));
    let end = inner.find(|c: char| c == '>' || c.is_whitespace())?;
    (is_link && inner[end..].starts_with('>')).then_some(end + 2)
}

/// The URL `text` starts with: up to a space or a character URLs do not
/// end with in prose (a closing parenthesis it did not open, a full stop).
fn bare_url(text: &str) -> &str {
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(text.len());
    let mut url = &text[..end];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '*', '_']);
        let unopened =
            trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count();
        url = if unopened { &trimmed[..trimmed.len() - 1] } else { trimmed };
        if !unopened {
            return url;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{rustdoc_safe, spec_markdown};

    #[test]
    fn spec_text_is_made_safe_for_rustdoc() {
        let cases = [
            // Bare URLs become links, without the prose's punctuation.
            ("See https://example.com/a_b.", "See <https://example.com/a_b>."),
            ("(docs: https://x.io/p?q=1), then", "(docs: <https://x.io/p?q=1>), then"),
            (
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                "<https://en.wikipedia.org/wiki/Foo_(bar)>",
            ),
            // Brackets that start no link are text.
            ("[DEPRECATED] Use v2.", "\\[DEPRECATED] Use v2."),
            ("ids [1, 2] and [x][y]", "ids \\[1, 2] and \\[x]\\[y]"),
            // Angle brackets that start no link are text; HTML shows as written.
            ("a List<String> of <b>names</b>", "a List&lt;String> of &lt;b>names&lt;/b>"),
            // Links, links to items, code and escapes are kept.
            (
                "[the guide](https://x.io/g) and <https://x.io>",
                "[the guide](https://x.io/g) and <https://x.io>",
            ),
            (
                "[`Client`] sends `Vec<u8>` and ``a ` [b]``",
                "[`Client`] sends `Vec<u8>` and ``a ` [b]``",
            ),
            // A link's text is made safe; a size after an image's source is dropped.
            (
                "[![Run](https://x.io/b.svg =128x32)](https://x.io/run?a=1&b=2)",
                "[![Run](https://x.io/b.svg)](https://x.io/run?a=1&b=2)",
            ),
            ("[see [1] here](https://x.io \"Title\")", "[see \\[1] here](https://x.io \"Title\")"),
            ("\\[kept\\] and \\<kept", "\\[kept\\] and \\<kept"),
            // An unclosed code span is a backtick.
            ("a ` b [c]", "a ` b \\[c]"),
            ("café — naïve https://ü.example/ä", "café — naïve <https://ü.example/ä>"),
        ];
        for (text, safe) in cases {
            assert_eq!(rustdoc_safe(text), safe, "{text}");
        }
    }

    #[test]
    fn a_specs_links_to_items_are_text_and_its_code_is_kept() {
        let text = "Like [`SinkConfig`], see [x](https://x.io).\n```\n[a] <b> https://c\n```\nhttps://d.io";
        assert_eq!(
            spec_markdown(text),
            "Like \\[`SinkConfig`], see [x](https://x.io).\n```\n[a] <b> https://c\n```\n<https://d.io>"
        );
        // Made safe once, it is safe: the pass over every doc line keeps it.
        let safe = spec_markdown("[`A`] [b] <c> https://d.io");
        assert_eq!(rustdoc_safe(&safe), safe);
    }
}

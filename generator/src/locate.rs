//! Maps JSON pointers to line and column in the YAML text, so a diagnostic
//! found while lowering (which works on parsed values) can say where in the
//! file the problem is.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::pointer;

/// Line and column (1-based) of every node of a YAML document, by pointer.
#[derive(Debug, Default)]
pub struct Locations {
    by_pointer: BTreeMap<String, (usize, usize)>,
}

impl Locations {
    /// Indexes `text`. Text that does not parse yields no locations (the
    /// loader has already reported it).
    pub fn index(text: &str) -> Self {
        let mut walker = Walker::default();
        let text = without_surrogate_escapes(text);
        let mut parser = Parser::new_from_str(&text);
        // Aliases are not expanded here, so this is linear in the text.
        let _ = parser.load(&mut walker, false);
        Self { by_pointer: walker.found }
    }

    /// Where `pointer` is, or where its nearest enclosing node is.
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut current = pointer;
        loop {
            if let Some(found) = self.by_pointer.get(current) {
                return Some(*found);
            }
            current = &current[..current.rfind('/')?];
        }
    }
}

/// `text` with JSON's `\uD83D\uDE00`-style surrogate escapes (valid JSON,
/// which the YAML parser refuses) replaced by `\u0020`: same length, so
/// every line and column stays where it was.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let is_surrogate = |at: usize| {
        bytes.get(at..at + 6).is_some_and(|escape| {
            escape[0] == b'\\'
                && escape[1] == b'u'
                && escape[2].eq_ignore_ascii_case(&b'd')
                && matches!(escape[3].to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f')
                && escape[4..].iter().all(u8::is_ascii_hexdigit)
        })
    };
    if !(0..bytes.len()).any(is_surrogate) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut at = 0;
    while at < bytes.len() {
        // A preceding backslash would make this one literal (`\\u...`).
        if is_surrogate(at) && (at == 0 || bytes[at - 1] != b'\\') {
            out.push_str(&text[rest..at]);
            out.push_str("\\u0020");
            at += 6;
            rest = at;
        } else {
            at += 1;
        }
    }
    out.push_str(&text[rest..]);
    out.into()
}

enum Frame {
    Map { key: Option<String> },
    Seq { next: usize },
}

#[derive(Default)]
struct Walker {
    path: Vec<String>,
    stack: Vec<Frame>,
    found: BTreeMap<String, (usize, usize)>,
}

impl Walker {
    fn record(&mut self, mark: Marker) {
        let at = pointer(self.path.iter().map(String::as_str));
        // Marker columns are 0-based.
        self.found.entry(at).or_insert((mark.line(), mark.col() + 1));
    }

    /// A node begins in the current position: for a mapping expecting a key,
    /// it is the key; otherwise it is a value whose path is pushed.
    /// Returns whether the event is a key.
    ///
    /// A block mapping's own marker points past its first key, so a mapping
    /// is located at its first key instead (`is_mapping`).
    fn enter_node(&mut self, mark: Marker, key_text: Option<&str>, is_mapping: bool) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Map { key }) if key.is_none() => {
                let text = key_text.unwrap_or("").to_owned();
                *key = Some(text.clone());
                self.record(mark); // the mapping itself, if not yet located
                self.path.push(text);
                self.record(mark);
                true
            }
            Some(Frame::Seq { next }) => {
                self.path.push(next.to_string());
                *next += 1;
                if !is_mapping {
                    self.record(mark);
                }
                false
            }
            _ => {
                if !is_mapping {
                    self.record(mark);
                }
                false
            }
        }
    }

    /// A scalar or alias: a key, or a value that ends where it starts.
    fn scalar(&mut self, mark: Marker, text: Option<&str>) {
        if !self.enter_node(mark, text, false) {
            self.leave_value();
        }
    }

    /// A value ended: pop its path segment and expect the next key.
    fn leave_value(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key }) => {
                *key = None;
                self.path.pop();
            }
            Some(Frame::Seq { .. }) => {
                self.path.pop();
            }
            None => {}
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => self.scalar(mark, Some(&text)),
            Event::Alias(_) => self.scalar(mark, None),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex mapping key is treated like a scalar one.
                let is_mapping = matches!(event, Event::MappingStart(..));
                if self.enter_node(mark, None, is_mapping) {
                    self.stack.push(Frame::Map { key: None });
                    return;
                }
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Map { key: None },
                    _ => Frame::Seq { next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.leave_value();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_sequence_items_and_nearest_parents() {
        let text = "openapi: 3.0.3\npaths:\n  /me/photo:\n    get:\n      parameters:\n        - name: a\n        - name: b\n          in: query\n";
        let locations = Locations::index(text);
        assert_eq!(locations.find("#/openapi"), Some((1, 1)));
        assert_eq!(locations.find("#/paths/~1me~1photo"), Some((3, 3)));
        assert_eq!(locations.find("#/paths/~1me~1photo/get"), Some((4, 5)));
        assert_eq!(locations.find("#/paths/~1me~1photo/get/parameters/1/in"), Some((8, 11)));
        assert_eq!(locations.find("#/paths/~1me~1photo/get/parameters/1"), Some((7, 11)));
        assert_eq!(locations.find("#/paths/~1me~1photo/get/responses/200"), Some((4, 5)));
    }

    #[test]
    fn flow_style_and_bad_text_do_not_panic() {
        let locations = Locations::index("a: {b: [1, {c: 2}]}\n");
        assert_eq!(locations.find("#/a/b/1/c"), Some((1, 13)));
        // What parsed before the error is still located.
        let broken = Locations::index("a: 1\nb: [unclosed\n");
        assert_eq!(broken.find("#/a"), Some((1, 1)));
    }

    #[test]
    fn json_with_surrogate_escapes_is_located() {
        let text = "{\n  \"info\": {\"title\": \"\\ud83d\\ude00\"},\n  \"paths\": {}\n}\n";
        let locations = Locations::index(text);
        assert_eq!(locations.find("#/paths"), Some((3, 3)));
        assert_eq!(without_surrogate_escapes("a\\uD83Db").len(), "a\\uD83Db".len());
        assert_eq!(without_surrogate_escapes("\\u00e9"), "\\u00e9", "other escapes stay");
    }
}

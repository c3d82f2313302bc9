//! The ignore file: changes a pull request acknowledges, one per line as
//! `CHECK-ID POINTER`, so the review fails only on the ones nobody has
//! looked at. A line matches a change of that check at that JSON pointer
//! or below it (as the report shows it); `#` starts a comment.
//!
//! ```text
//! # Photos moved to /me/photo on purpose (ticket 123).
//! operation-removed #/paths/~1users~1{user-id}~1photo/get
//! property-added #/components/schemas/profilePhoto
//! ```

use super::{Change, Check};

/// The acknowledged changes, by check and place.
#[derive(Debug, Clone, Default)]
pub struct Ignores {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    check: Check,
    pointer: String,
    /// The entry's line in the file, for saying which ones matched nothing.
    line: usize,
}

impl Ignores {
    /// Reads the ignore file at `path`; the error names the file and line.
    pub fn read(path: &std::path::Path) -> Result<Self, String> {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read the ignore file {shown}: {error}"))?;
        Self::parse(&text).map_err(|problem| format!("{shown}: {problem}"))
    }

    /// Reads an ignore file's text; the error names the line and what is
    /// wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let mut fields = without_comment(line).split_whitespace();
            let (Some(id), pointer) = (fields.next(), fields.next()) else { continue };
            let check = Check::from_id(id).ok_or_else(|| {
                format!("line {line_no}: `{id}` is not a check id (the report's `check` column lists them)")
            })?;
            let Some(pointer) = pointer.filter(|pointer| pointer.starts_with('#')) else {
                return Err(format!(
                    "line {line_no}: `{id}` needs the JSON pointer of the change (`#/paths/...`), as the report shows it"
                ));
            };
            if let Some(extra) = fields.next() {
                return Err(format!("line {line_no}: unexpected `{extra}` after the pointer"));
            }
            entries.push(Entry { check, pointer: pointer.to_owned(), line: line_no });
        }
        Ok(Self { entries })
    }

    /// Splits `changes` into those still to review and those acknowledged,
    /// and gives the lines of entries that matched no change (stale).
    pub fn apply(&self, changes: Vec<Change>) -> Applied {
        let mut used = vec![false; self.entries.len()];
        let (mut kept, mut ignored) = (Vec::new(), Vec::new());
        for change in changes {
            let matched = self.entries.iter().position(|entry| entry.matches(&change));
            match matched {
                Some(index) => {
                    used[index] = true;
                    ignored.push(change);
                }
                None => kept.push(change),
            }
        }
        let unused = self.entries.iter().zip(used).filter(|(_, used)| !used);
        Applied { kept, ignored, unused: unused.map(|(entry, _)| entry.line).collect() }
    }
}

/// `line` up to its comment: a `#` that starts the line or follows
/// whitespace, unless it starts a pointer (`#/paths/...`).
fn without_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let comment = line.match_indices('#').map(|(at, _)| at).find(|&at| {
        let starts_a_word = at == 0 || bytes[at - 1].is_ascii_whitespace();
        starts_a_word && bytes.get(at + 1) != Some(&b'/')
    });
    comment.map_or(line, |at| &line[..at])
}

impl Entry {
    fn matches(&self, change: &Change) -> bool {
        let Some(location) = &change.location else { return false };
        let below = location.pointer.strip_prefix(&self.pointer);
        self.check == change.check
            && below.is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// What an ignore file made of a review's changes.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// The changes still to review.
    pub kept: Vec<Change>,
    /// The changes the file acknowledges.
    pub ignored: Vec<Change>,
    /// The lines of entries that matched no change.
    pub unused: Vec<usize>,
}

impl Applied {
    /// What a command tells its user about the ignore file `file`: how
    /// many changes it acknowledged, and which of its lines are stale.
    pub fn notes(&self, file: &std::path::Path) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.ignored.is_empty() {
            notes.push(format!(
                "{} change(s) acknowledged by {}, left out of the report",
                self.ignored.len(),
                file.display()
            ));
        }
        for line in &self.unused {
            notes.push(format!("{}:{line}: matches no change (stale? remove it)", file.display()));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Bump, Impact, Location, Subject};

    fn change(check: Check, pointer: &str) -> Change {
        Change {
            subject: Subject::Schema("photo".into()),
            impact: Impact::Breaking,
            check,
            what: "something".into(),
            rust_items: Vec::new(),
            bump: Bump::Major,
            used_by: Vec::new(),
            location: Some(Location { in_old: false, pointer: pointer.into(), line_col: None }),
        }
    }

    #[test]
    fn entries_match_their_check_at_their_pointer_or_below() {
        let ignores = Ignores::parse(
            "# acknowledged in review\n\
             property-removed #/components/schemas/photo   # ticket 12\n\
             \n\
             operation-removed #/paths/~1a/get\n",
        )
        .expect("parses");
        let applied = ignores.apply(vec![
            change(Check::PropertyRemoved, "#/components/schemas/photo"),
            change(Check::PropertyRemoved, "#/components/schemas/photo/properties/id"),
            change(Check::PropertyRemoved, "#/components/schemas/photos"),
            change(Check::PropertyAdded, "#/components/schemas/photo"),
        ]);
        let pointers = |changes: &[Change]| -> Vec<String> {
            changes.iter().map(|c| c.location.as_ref().unwrap().pointer.clone()).collect()
        };
        assert_eq!(
            pointers(&applied.ignored),
            ["#/components/schemas/photo", "#/components/schemas/photo/properties/id"]
        );
        assert_eq!(applied.kept.len(), 2, "another schema, another check: {:?}", applied.kept);
        assert_eq!(applied.unused, [4], "the operation entry matched nothing");
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number() {
        let unknown = Ignores::parse("\nproperty-gone #/a\n").expect_err("unknown id");
        assert!(unknown.starts_with("line 2: `property-gone` is not a check id"), "{unknown}");
        let no_pointer = Ignores::parse("property-removed\n").expect_err("no pointer");
        assert!(
            no_pointer.contains("line 1: `property-removed` needs the JSON pointer"),
            "{no_pointer}"
        );
        let extra = Ignores::parse("property-removed #/a #/b\n").expect_err("two pointers");
        assert!(extra.contains("unexpected `#/b`"), "{extra}");
    }
}

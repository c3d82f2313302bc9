//! Why a reference does not resolve, as a diagnostic that says what to do.

use super::MAX_HOPS;
use crate::error::Diagnostic;

/// Why a reference does not resolve.
#[derive(Debug)]
pub(super) enum Problem {
    External,
    Malformed(&'static str),
    /// `closest`: the reference to an existing item whose name is close.
    Missing {
        noun: &'static str,
        section: Option<&'static str>,
        closest: Option<String>,
    },
    WrongKind {
        expected: &'static str,
        found: String,
    },
    Dangling {
        parent: String,
        token: String,
    },
    Invalid {
        noun: &'static str,
        error: String,
    },
    Cycle(&'static str),
    TooLong,
    Unreadable(String),
}

impl Problem {
    /// The diagnostic for the use at `at` of `reference`, after `hops`.
    pub(super) fn diagnostic(self, at: &str, reference: &str, hops: &[String]) -> Diagnostic {
        // Every hop is named when there was more than one.
        let via =
            if hops.len() > 1 { format!(" (via {})", hops.join(" -> ")) } else { String::new() };
        let (message, help) = match self {
            Self::External => (
                format!("unsupported $ref {reference:?}{via}"),
                "external references are not supported: bundle the spec into one file first (for example `redocly bundle`)".to_owned(),
            ),
            Self::Malformed(why) => (
                format!("$ref {reference:?} is not a valid JSON pointer: {why}{via}"),
                "write local references as `#/components/schemas/Name`".to_owned(),
            ),
            Self::Missing { noun, section, closest } => (
                format!("$ref {reference:?} points to a {noun} that does not exist{via}"),
                match (closest, section) {
                    (Some(closest), _) => format!("did you mean `{closest}`?"),
                    (None, Some(section)) => format!("define it under components/{section} or fix the reference"),
                    (None, None) => "fix the reference".to_owned(),
                },
            ),
            Self::WrongKind { expected, found } => (
                format!("$ref {reference:?} points into components/{found}, where a {expected} is expected{via}"),
                format!("point it to a {expected}"),
            ),
            Self::Dangling { parent, token } => (
                format!("$ref {reference:?} points to nothing: {parent} has no {token:?}{via}"),
                "fix the reference".to_owned(),
            ),
            Self::Invalid { noun, error } => (
                format!("$ref {reference:?} points to something that is not a valid {noun}: {error}{via}"),
                format!("point it to a {noun}"),
            ),
            Self::Cycle(noun) => (
                format!("$ref {reference:?} is part of a reference cycle with no {noun}: {}", hops.join(" -> ")),
                format!("make one of the references a real {noun}"),
            ),
            Self::TooLong => (
                format!("$ref {reference:?} starts a chain of more than {MAX_HOPS} references: {}", hops.join(" -> ")),
                "point the reference at its final target".to_owned(),
            ),
            Self::Unreadable(error) => (
                format!("$ref {reference:?} cannot be followed: the spec cannot be read as a tree ({error})"),
                "fix the spec's syntax".to_owned(),
            ),
        };
        Diagnostic::new(at, message).help(help)
    }
}

/// The name among `names` closest to the missing `name`, when one is close
/// enough to be a likely typo (`Thing` for `Thingy`, `pet` for `Pet`); the
/// first in order among equally close ones.
pub(super) fn closest<'n>(name: &str, names: impl Iterator<Item = &'n String>) -> Option<&'n str> {
    let lower = name.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in names {
        let score = strsim::normalized_damerau_levenshtein(&lower, &candidate.to_lowercase());
        if score >= 0.6 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, found)| found)
}

//! Warnings in the generated code's own docs: an operation or a type
//! generated with a fallback says so in its rustdoc, with the spec's
//! pointer, so a user reading the API sees what they got without the
//! generator's output at hand.

use openapiv3::Schema;

use super::refs::component_pointer;
use crate::error::Diagnostic;
use crate::ir::{Api, Origin};

/// Gives every operation and type the warnings at or below its pointer.
pub(super) fn attach(api: &mut Api, warnings: &[Diagnostic]) {
    if warnings.is_empty() {
        return;
    }
    for operation in &mut api.operations {
        operation.notes = notes_under(&operation.pointer, warnings);
    }
    for def in &mut api.types {
        let pointer = match &def.origin {
            Origin::Component(name) => component_pointer::<Schema>(name),
            Origin::Inline(pointer) | Origin::Synthesized(pointer) => pointer.clone(),
        };
        def.notes = notes_under(&pointer, warnings);
    }
}

/// The warnings at `pointer` or below it, as sentences for rustdoc.
fn notes_under(pointer: &str, warnings: &[Diagnostic]) -> Vec<String> {
    warnings
        .iter()
        .filter(|warning| is_at_or_below(&warning.pointer, pointer))
        .map(|warning| format!("{} (`{}`)", warning.message, warning.pointer))
        .collect()
}

fn is_at_or_below(candidate: &str, pointer: &str) -> bool {
    candidate.strip_prefix(pointer).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pointers_at_or_below_count() {
        assert!(is_at_or_below("#/paths/~1a/get", "#/paths/~1a/get"));
        assert!(is_at_or_below("#/paths/~1a/get/parameters/0", "#/paths/~1a/get"));
        assert!(!is_at_or_below("#/paths/~1a/getter", "#/paths/~1a/get"));
        assert!(!is_at_or_below("#/paths/~1a", "#/paths/~1a/get"));
    }
}

//! Changes to an operation's security requirements: alternatives, each a
//! set of schemes needed together with their scopes.

use super::{Check, Sink};
use crate::ir::{Requirement, SchemeUse};

/// Security requirements compared as what they are: alternatives, each a
/// set of schemes needed together with their scopes. A client set up for
/// an old alternative keeps working when some new one asks for no more
/// than it; otherwise it is refused (an operation secured that was open,
/// a scope added inside a requirement, a scheme now needed besides).
pub(super) fn security_changes(
    old: &[Requirement],
    new: &[Requirement],
    item: &str,
    out: &mut Sink<'_>,
) {
    let asks_no_more = |new: &Requirement, old: &Requirement| {
        new.iter().all(|needed| {
            old.iter().any(|had| {
                had.scheme == needed.scheme
                    && needed.scopes.iter().all(|scope| had.scopes.contains(scope))
            })
        })
    };
    let items = [format!("{item}::SECURITY")];
    // No requirement at all (`security: []`) is one that asks for nothing.
    let open = [Vec::new()];
    let (old, new) = (
        if old.is_empty() { &open[..] } else { old },
        if new.is_empty() { &open[..] } else { new },
    );
    for was in old {
        if !new.iter().any(|now| asks_no_more(now, was)) {
            out.breaking(
                Check::SecurityTightened,
                format!(
                    "callers with {} are refused: it now needs {}",
                    requirement_text(was),
                    alternatives_text(new)
                ),
                items.clone(),
            );
        }
    }
    // A new alternative that asks for no less than an old one tightens it
    // (reported above when it refuses anyone); any other is a new option.
    for now in new.iter().filter(|now| !old.iter().any(|was| asks_no_more(was, now))) {
        let what = format!("may also be called with {}", requirement_text(now));
        out.compatible(Check::SecurityAlternativeAdded, what, items.clone());
    }
}

/// `no credentials`, or `oauth (a, b) and key`.
fn requirement_text(requirement: &[SchemeUse]) -> String {
    if requirement.is_empty() {
        return "no credentials".to_owned();
    }
    let uses: Vec<String> = requirement
        .iter()
        .map(|used| match used.scopes.as_slice() {
            [] => format!("`{}`", used.scheme),
            scopes => format!("`{}` ({})", used.scheme, scopes.join(", ")),
        })
        .collect();
    uses.join(" and ")
}

fn alternatives_text(alternatives: &[Requirement]) -> String {
    let texts: Vec<String> = alternatives.iter().map(|r| requirement_text(r)).collect();
    texts.join(" or ")
}

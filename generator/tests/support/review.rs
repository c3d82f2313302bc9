//! What the tests of the spec review share.

use std::path::Path;

use apicrate_codegen::review::Change;

/// The lowered API of a spec given as text.
pub fn lower_text(text: &str) -> apicrate_codegen::ir::Api {
    apicrate_codegen::lower_str(Path::new("copy.yaml"), text).unwrap_or_else(|e| panic!("{e}")).api
}

/// The change whose text contains `what`, which must exist once.
pub fn find<'a>(changes: &'a [Change], what: &str) -> &'a Change {
    let found: Vec<&Change> = changes.iter().filter(|c| c.what.contains(what)).collect();
    assert_eq!(found.len(), 1, "expected one change about {what:?} in {changes:#?}");
    found[0]
}

//! The spec against the page digest (`spec/pages.yaml`): the pages'
//! requests, permissions by kind, versions, media types, size limit, success
//! status and examples (see `graph_photos_spec::agree`), and proof that a
//! wrong spec is reported.

use graph_photos_spec::agree::problems;
use graph_photos_spec::pages::Digest;

fn problems_of(text: &str) -> Vec<String> {
    problems(&graph_photos_spec::parse(text), &Digest::load())
}

#[test]
fn the_spec_agrees_with_the_pages() {
    let problems = problems_of(&graph_photos_spec::text());
    assert!(problems.is_empty(), "the spec disagrees with the page digest: {problems:#?}");
}

/// The spec text with the first `from` after `operationId: {operation}`
/// replaced by `to`.
fn changed(text: &str, operation: &str, from: &str, to: &str) -> String {
    let start = text
        .find(&format!("operationId: {operation}\n"))
        .unwrap_or_else(|| panic!("{operation} is not in the spec"));
    let at =
        start + text[start..].find(from).unwrap_or_else(|| panic!("no {from} after {operation}"));
    let mut text = text.to_owned();
    text.replace_range(at..at + from.len(), to);
    text
}

fn assert_reported(problems: &[String], operation: &str, words: &str) {
    assert!(
        problems.iter().any(|p| p.contains(operation) && p.contains(words)),
        "`{words}` was not reported for {operation}: {problems:#?}"
    );
}

#[test]
fn an_unmarked_scope_is_reported() {
    // Page 002 gives `User.ReadWrite` and `User.ReadWrite.All` for the
    // signed-in user; `ProfilePhoto.ReadWrite.All` is not on the page.
    let text = changed(
        &graph_photos_spec::text(),
        "setMyPhotoContent",
        "{ scope: User.ReadWrite, from: page }",
        "{ scope: ProfilePhoto.ReadWrite.All, from: page }",
    );
    let problems = problems_of(&text);
    assert_reported(
        &problems,
        "setMyPhotoContent",
        "ProfilePhoto.ReadWrite.All is marked `from: page`",
    );
    assert_reported(&problems, "setMyPhotoContent", "marked `from: page` are");
}

#[test]
fn a_page_scope_on_an_operation_beyond_the_pages_is_reported() {
    let text = changed(
        &graph_photos_spec::text(),
        "getMyPhoto",
        "{ scope: ProfilePhoto.Read.All, from: beyond-pages }",
        "{ scope: User.ReadWrite, from: page }",
    );
    assert_reported(&problems_of(&text), "getMyPhoto", "User.ReadWrite is marked `from: page`");
}

#[test]
fn wrong_page_words_and_a_missing_source_are_reported() {
    // Page 000 says "Not supported." for personal accounts, not TODO.
    let text = changed(
        &graph_photos_spec::text(),
        "updateMyPhoto",
        "page-says: Not supported.",
        "page-says: 'TODO: Determine scopes'",
    );
    // And updateTeamPhoto forgets its page.
    let text = changed(
        &text,
        "updateTeamPhoto",
        "x-source-docs: [000_a24caa4e32aa79d1.txt]",
        "x-source-docs: [README.md]",
    );
    let problems = problems_of(&text);
    assert_reported(&problems, "updateMyPhoto", "page-says is");
    assert_reported(&problems, "PATCH /teams/{teamsId}/photo", "does not name the page");
    assert_reported(&problems, "updateTeamPhoto", "not x-beyond-pages");
}

#[test]
fn a_source_that_is_no_page_is_reported() {
    let text = changed(
        &graph_photos_spec::text(),
        "updateTeamPhoto",
        "x-source-docs: [000_a24caa4e32aa79d1.txt]",
        "x-source-docs: [000_a24caa4e32aa79d1.txt, 009_missing.txt]",
    );
    assert_reported(
        &problems_of(&text),
        "updateTeamPhoto",
        "009_missing.txt, which is neither a page",
    );
}

#[test]
fn a_wrong_media_type_limit_status_or_example_is_reported() {
    let spec = graph_photos_spec::text();
    let octet = changed(&spec, "setMyPhotoContent", "image/jpeg:", "application/octet-stream:");
    assert_reported(
        &problems_of(&octet),
        "setMyPhotoContent",
        "but 002_abb90a9d3b8b827f.txt sends image/jpeg",
    );
    let limit = changed(&spec, "setMyPhotoContent", "maxLength: 4194303", "maxLength: 4194304");
    assert_reported(&problems_of(&limit), "setMyPhotoContent", "maxLength must be 4194303");
    let status = changed(&spec, "updateMyPhoto", "'200':", "'201':");
    assert_reported(&problems_of(&status), "updateMyPhoto", "says success is 200");
    let example = changed(&spec, "updateMyPhoto", "height: 6, width: 5 }", "height: 6 }");
    assert_reported(&problems_of(&example), "updateMyPhoto", "is not the page's");
    let text =
        changed(&spec, "setMyPhotoContent", "value: Binary data for the image", "value: JPEG");
    assert_reported(&problems_of(&text), "setMyPhotoContent", "is not the page's");
}

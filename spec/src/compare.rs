//! Where the digest (`spec/pages.yaml`) and the pages themselves disagree:
//! each fact of each page, as the digest writes it and as the page's text
//! gives it. A page's public URL is not on the page, so it is not compared.

use std::collections::BTreeSet;
use std::fmt::Debug;

use crate::pages::{Body, Digest, Page, Permissions, Table};
use crate::KINDS;

/// Every disagreement, one line each; empty when they agree.
pub fn compare(digest: &Digest, pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    for page in pages {
        match digest.page(&page.file) {
            Some(written) => compare_page(written, page, &mut problems),
            None => problems.push(format!("{}: a page the digest does not have", page.file)),
        }
    }
    for written in &digest.pages {
        if !pages.iter().any(|page| page.file == written.file) {
            problems.push(format!("{}: in the digest, but there is no such page", written.file));
        }
    }
    problems
}

fn compare_page(written: &Page, read: &Page, problems: &mut Vec<String>) {
    let mut check = |what: &str, digest: &dyn Debug, page: &dyn Debug| {
        let (digest, page) = (format!("{digest:?}"), format!("{page:?}"));
        if digest != page {
            problems
                .push(format!("{}: {what}: the digest has {digest}, the page {page}", read.file));
        }
    };
    check("title", &written.title, &read.title);
    check("version of the example", &written.version, &read.version);
    check("requests", &written.requests, &read.requests);
    check("request body", &written.request_body, &read.request_body);
    check("request limit", &written.request_limit, &read.request_limit);
    check("success status", &written.success, &read.success);
    match (&written.permissions, &read.permissions) {
        (Permissions::Table(digest), Permissions::Table(page)) => {
            let rows = |table: &Table| {
                [
                    table.delegated_work.clone(),
                    table.delegated_personal.clone(),
                    table.application.clone(),
                ]
            };
            for ((_, label), (digest, page)) in
                KINDS.iter().zip(rows(digest).iter().zip(&rows(page)))
            {
                check(&format!("permissions, {label}"), digest, page);
            }
        }
        (Permissions::ByTarget(digest), Permissions::ByTarget(page)) => {
            let targets: BTreeSet<&String> =
                digest.targets.keys().chain(page.targets.keys()).collect();
            for target in targets {
                check(
                    &format!("permissions for a {target}"),
                    &digest.targets.get(target),
                    &page.targets.get(target),
                );
            }
            check(
                "the application permission for any user",
                &digest.any_user_application,
                &page.any_user_application,
            );
            check("the note on personal accounts", &digest.personal, &page.personal);
        }
        (digest, page) => check("permissions", digest, page),
    }
    let (digest, page) = (&written.example, &read.example);
    check("example name", &digest.name, &page.name);
    check("example request method", &digest.request.method, &page.request.method);
    check("example request path", &digest.request.path, &page.request.path);
    check("example request media type", &digest.request.content_type, &page.request.content_type);
    check("example request body", &shape(&digest.request.body), &shape(&page.request.body));
    check("example response status", &digest.response.status, &page.response.status);
    check(
        "example response media type",
        &digest.response.content_type,
        &page.response.content_type,
    );
    check("example response body", &shape(&digest.response.body), &shape(&page.response.body));
}

/// A body as compared: a JSON object's keys in any order, or its text.
fn shape(body: &Option<Body>) -> Option<Body> {
    match body {
        Some(Body::Keys(keys)) => {
            let mut keys = keys.clone();
            keys.sort();
            Some(Body::Keys(keys))
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read;

    const DIGEST: &str = r#"
pages:
  - file: 010_widget.txt
    title: Change widget
    url: https://example.com/widget
    version: v1.0
    requests:
      - PATCH /widgets/{widgetsId}
      - PATCH /me/widget
    request-body: application/json
    request-limit: 2MB
    success: 200
    permissions:
      table:
        delegated-work: { scopes: [Widget.ReadWrite, Widget.ReadWrite.All] }
        delegated-personal: { says: 'TODO: Decide' }
        application: { says: Not supported. }
    example:
      name: change_widget
      request: { method: PATCH, path: /widgets/42, content-type: application/json, body: { keys: [size, colour] } }
      response: { status: 200, content-type: application/json, body: { keys: [id, size] } }
"#;

    fn pages() -> Vec<Page> {
        vec![read::page("010_widget.txt", read::tests::PAGE).expect("the test page reads")]
    }

    #[test]
    fn a_digest_that_says_what_the_page_says_agrees() {
        let digest = Digest::parse(DIGEST).expect("digest");
        assert_eq!(compare(&digest, &pages()), Vec::<String>::new());
    }

    #[test]
    fn one_changed_scope_is_a_disagreement() {
        let changed = DIGEST.replace("Widget.ReadWrite.All]", "Widget.Read.All]");
        let problems = compare(&Digest::parse(&changed).expect("digest"), &pages());
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].starts_with(
                "010_widget.txt: permissions, Delegated (work or school account): the digest has"
            ),
            "{problems:#?}"
        );
        assert!(problems[0].contains("Widget.Read.All"), "{problems:#?}");
    }

    #[test]
    fn every_fact_is_compared() {
        for (from, to) in [
            ("title: Change widget", "title: Change gadget"),
            ("version: v1.0", "version: beta"),
            ("- PATCH /me/widget", "- PUT /me/widget"),
            ("request-body: application/json", "request-body: image/png"),
            ("request-limit: 2MB", "request-limit: 4MB"),
            ("success: 200", "success: 204"),
            ("name: change_widget", "name: other"),
            ("keys: [size, colour]", "keys: [size]"),
            ("status: 200", "status: 201"),
            ("keys: [id, size]", "keys: [id, size, name]"),
        ] {
            let changed = DIGEST.replace(from, to);
            assert_ne!(changed, DIGEST, "{from}");
            let problems = compare(&Digest::parse(&changed).expect("digest"), &pages());
            assert_eq!(problems.len(), 1, "{from} -> {to}: {problems:#?}");
        }
        let url = DIGEST.replace("https://example.com/widget", "https://example.com/other");
        assert!(
            compare(&Digest::parse(&url).expect("digest"), &pages()).is_empty(),
            "no URL on a page"
        );
    }

    #[test]
    fn missing_and_extra_pages_are_named() {
        let digest = Digest::parse(DIGEST).expect("digest");
        let mut extra = pages();
        extra[0].file = "011_other.txt".to_owned();
        let problems = compare(&digest, &extra);
        assert_eq!(
            problems,
            [
                "011_other.txt: a page the digest does not have",
                "010_widget.txt: in the digest, but there is no such page"
            ]
        );
    }
}

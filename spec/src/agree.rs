//! Where the spec and the page digest disagree. Each check returns a list of
//! problems, so the tests can also show that a wrong spec is reported.
//!
//! - every request a page documents is in the spec, with that page in its
//!   `x-source-docs`, and every operation naming a page is documented by it;
//! - the `from: page` scopes of each permission kind are exactly the scopes
//!   the page gives for that kind, in the page's order, and a kind for which a
//!   page gives no scope quotes the page's words in `page-says`;
//! - `x-api-versions` contains the version of the page's example;
//! - nothing beyond the pages is unmarked: every `from: page` scope is in its
//!   page, and every operation without a page source is `x-beyond-pages`;
//! - the request body is the page's media type, under the page's size limit;
//! - the page's success status is documented;
//! - the page's example is the operation's example, with the same shape.

use serde_json::Value;

use crate::pages::{Body, Digest, Given, Page};
use crate::{operations, resolve, strings, Operation, KINDS};

/// The source every operation beyond the pages names instead of a page.
pub const FACTS: &str = "README.md";

/// Every problem: all the checks below.
pub fn problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = request_problems(spec, digest);
    problems.extend(permission_problems(spec, digest));
    problems.extend(version_problems(spec, digest));
    problems.extend(unmarked_problems(spec, digest));
    problems.extend(body_problems(spec, digest));
    problems.extend(success_problems(spec, digest));
    problems.extend(example_problems(spec, digest));
    problems
}

/// The pages that an operation names in `x-source-docs`.
fn pages_of<'d>(operation: &Operation, digest: &'d Digest) -> Vec<&'d Page> {
    let sources = operation.sources();
    digest.pages.iter().filter(|page| sources.contains(&page.file)).collect()
}

/// The scopes of one kind of an operation's `x-permissions`, by origin.
fn scopes_from(operation: &Value, kind: &str, from: &str) -> Vec<String> {
    operation["x-permissions"][kind]["scopes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|item| item["from"] == from)
        .filter_map(|item| item["scope"].as_str().map(str::to_owned))
        .collect()
}

/// Every documented request is in the spec with its page as a source;
/// every operation names a page of the digest or the facts, and is
/// documented by the pages it names.
pub fn request_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let operations = operations(spec);
    let mut problems = Vec::new();
    for page in &digest.pages {
        for request in &page.requests {
            let found: Vec<&Operation> = operations
                .iter()
                .filter(|op| op.method == request.method)
                .filter(|op| crate::normalize(&op.path) == crate::normalize(&request.path))
                .collect();
            match found.as_slice() {
                [] => problems.push(format!("{}: `{request}` is not in the spec", page.file)),
                [op] if !op.sources().contains(&page.file) => problems.push(format!(
                    "{}: {} documents `{request}` but its x-source-docs does not name the page",
                    op.who, page.file
                )),
                [_] => {}
                _ => {
                    problems.push(format!("{}: `{request}` matches several operations", page.file))
                }
            }
        }
    }
    for op in &operations {
        let sources = op.sources();
        if sources.is_empty() {
            problems.push(format!("{}: no x-source-docs", op.who));
        }
        for source in sources.iter().filter(|source| *source != FACTS) {
            match digest.page(source) {
                None => problems.push(format!(
                    "{}: x-source-docs names {source}, which is neither a page of spec/pages.yaml nor {FACTS}",
                    op.who
                )),
                Some(page) if !page.documents(&op.method, &op.path) => {
                    problems.push(format!("{}: names {source}, which does not document it", op.who))
                }
                Some(_) => {}
            }
        }
    }
    problems
}

/// What `page-says` must read for one kind: the words of the pages that
/// give no scope for it, once if they agree, else `page NNN: words; ...`.
fn expected_words(given: &[(&Page, Given)]) -> Option<String> {
    let worded: Vec<(&str, &str)> = given
        .iter()
        .filter_map(|(page, given)| given.says.as_deref().map(|words| (page.number(), words)))
        .collect();
    let first = worded.first()?.1;
    if worded.iter().all(|(_, words)| *words == first) {
        return Some(first.to_owned());
    }
    let parts: Vec<String> =
        worded.iter().map(|(number, words)| format!("page {number}: {words}")).collect();
    Some(parts.join("; "))
}

/// For every operation with page sources: the `from: page` scopes of each
/// kind are exactly the pages' (in their order), and `page-says` quotes the
/// pages' words for a kind they give no scope for.
pub fn permission_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let its_pages = pages_of(&op, digest);
        if its_pages.is_empty() {
            continue;
        }
        for (k, (kind, label)) in KINDS.iter().enumerate() {
            let given: Vec<(&Page, Given)> =
                its_pages.iter().map(|page| (*page, page.gives(&op.path)[k].clone())).collect();
            let mut wanted: Vec<String> = Vec::new();
            for scope in given.iter().flat_map(|(_, given)| &given.scopes) {
                if !wanted.contains(scope) {
                    wanted.push(scope.clone());
                }
            }
            let marked = scopes_from(op.value, kind, "page");
            if marked != wanted {
                let files: Vec<&str> = its_pages.iter().map(|p| p.file.as_str()).collect();
                problems.push(format!(
                    "{}: {label}: the scopes marked `from: page` are {marked:?}, but {files:?} give {wanted:?}",
                    op.who
                ));
            }
            let says = op.value["x-permissions"][kind]["page-says"].as_str();
            let expected = expected_words(&given);
            if says != expected.as_deref() {
                problems.push(format!(
                    "{}: {label}: page-says is {says:?}; the page's own words are {expected:?}",
                    op.who
                ));
            }
        }
    }
    problems
}

/// Every operation of a page lists the version of that page's example.
pub fn version_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let versions = strings(&op.value["x-api-versions"]);
        for page in pages_of(&op, digest) {
            if !versions.contains(&page.version) {
                problems.push(format!(
                    "{}: x-api-versions {versions:?} lacks {}, the version of {}'s example",
                    op.who, page.version, page.file
                ));
            }
        }
    }
    problems
}

/// Nothing beyond the pages goes unmarked: an operation without a page
/// source is `x-beyond-pages`, and every `from: page` scope is given by one
/// of the operation's pages for that kind.
pub fn unmarked_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let its_pages = pages_of(&op, digest);
        let beyond = op.beyond_pages();
        if its_pages.is_empty() && !beyond {
            problems
                .push(format!("{}: no page documents it, yet it is not x-beyond-pages", op.who));
        }
        if !its_pages.is_empty() && beyond {
            problems.push(format!("{}: a page documents it, yet it is x-beyond-pages", op.who));
        }
        for (k, (kind, label)) in KINDS.iter().enumerate() {
            let says = &op.value["x-permissions"][kind]["page-says"];
            if its_pages.is_empty() && !says.is_null() {
                problems.push(format!(
                    "{}: {label}: page-says {says} on an operation no page documents",
                    op.who
                ));
            }
            for scope in scopes_from(op.value, kind, "page") {
                let given =
                    its_pages.iter().any(|page| page.gives(&op.path)[k].scopes.contains(&scope));
                if !given {
                    problems.push(format!(
                        "{}: {scope} is marked `from: page` for {label}, but no page of the operation gives it",
                        op.who
                    ));
                }
            }
        }
    }
    problems
}

/// The size a page's limit stands for, in bytes: `4MB` read as 4 MiB, for
/// the whole request (see `../shared/docs/README.md`, "Size").
fn limit_bytes(limit: &str) -> Option<u64> {
    let megabytes: u64 = limit.strip_suffix("MB")?.trim().parse().ok()?;
    Some(megabytes * 1024 * 1024)
}

/// The request body of every operation of a page is the page's media type
/// and nothing else; under a page's request limit, a binary body's
/// `maxLength` keeps it under that limit (headers count toward it too).
pub fn body_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let Some(body) = op.value.get("requestBody") else { continue };
        let content = resolve(spec, body)["content"].as_object().cloned().unwrap_or_default();
        for page in pages_of(&op, digest) {
            let media: Vec<&String> = content.keys().collect();
            if media != [&page.request_body] {
                problems.push(format!(
                    "{}: the request body is {media:?}, but {} sends {}",
                    op.who, page.file, page.request_body
                ));
            }
            let Some(limit) = page.request_limit.as_deref() else { continue };
            let Some(bytes) = limit_bytes(limit) else {
                problems.push(format!("{}: cannot read its request limit {limit:?}", page.file));
                continue;
            };
            let max_length = content
                .get(&page.request_body)
                .and_then(|media| media["schema"]["maxLength"].as_u64());
            if max_length != Some(bytes - 1) {
                problems.push(format!(
                    "{}: {} limits the request to {limit} ({bytes} bytes with its headers), so the body's maxLength must be {}, not {max_length:?}",
                    op.who, page.file, bytes - 1
                ));
            }
        }
    }
    problems
}

/// Every operation of a page documents the page's success status.
pub fn success_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        for page in pages_of(&op, digest) {
            if op.value["responses"].get(page.success.to_string()).is_none() {
                problems.push(format!(
                    "{}: {} says success is {}, which the operation does not document",
                    op.who, page.file, page.success
                ));
            }
        }
    }
    problems
}

/// The operation a page's example calls carries that example, by the
/// page's name for it, in the same shape: a JSON object with the same keys,
/// or the same text.
pub fn example_problems(spec: &Value, digest: &Digest) -> Vec<String> {
    let mut problems = Vec::new();
    let operations = operations(spec);
    for page in &digest.pages {
        let example = &page.example;
        let wanted = crate::normalize(&example.request.path);
        let Some(op) = operations.iter().find(|op| {
            op.method == example.request.method
                && crate::normalize(&op.path) == wanted
                && op.sources().contains(&page.file)
        }) else {
            problems.push(format!(
                "{}: no operation of the page is its example's `{} {}`",
                page.file, example.request.method, example.request.path
            ));
            continue;
        };
        let request = example.request.content_type.as_ref().and_then(|media| {
            let body = resolve(spec, op.value.get("requestBody")?);
            body["content"][media]["examples"][&example.name].get("value")
        });
        if let Some(body) = &example.request.body {
            compare_example(&mut problems, &op.who, "request", body, request);
        }
        let response = example.response.content_type.as_ref().and_then(|media| {
            let response =
                resolve(spec, op.value["responses"].get(example.response.status.to_string())?);
            response["content"][media]["examples"][&example.name].get("value")
        });
        if let Some(body) = &example.response.body {
            compare_example(&mut problems, &op.who, "response", body, response);
        }
    }
    problems
}

fn compare_example(
    problems: &mut Vec<String>,
    who: &str,
    what: &str,
    page: &Body,
    spec: Option<&Value>,
) {
    let Some(value) = spec else {
        problems.push(format!("{who}: the page's example {what} is not among its examples"));
        return;
    };
    let same = match (page, value) {
        (Body::Keys(keys), Value::Object(object)) => {
            let (mut keys, mut found) = (keys.clone(), object.keys().cloned().collect::<Vec<_>>());
            keys.sort();
            found.sort();
            keys == found
        }
        (Body::Text(text), Value::String(value)) => text == value,
        _ => false,
    };
    if !same {
        problems.push(format!("{who}: the example {what} {value} is not the page's ({page:?})"));
    }
}

//! The spec against the documentation pages themselves: this test reads the
//! pages in `../shared/docs/*.txt` (their "HTTP request" blocks, permission
//! tables, page `002`'s permission list and notes, and the URL of each page's
//! example) and checks that
//!
//! - every request a page documents is in the spec, with that page in its
//!   `x-source-docs`, and every operation naming a page is documented by it;
//! - the `from: page` scopes of each permission kind are exactly the scopes
//!   the page gives for that kind, in the page's order, and a kind for which a
//!   page gives no scope quotes the page's words in `page-says`;
//! - `x-api-versions` contains the version of the page's example;
//! - nothing beyond the pages is unmarked: every `from: page` scope is in its
//!   page, and every operation without a page source is `x-beyond-pages`.
//!
//! Each check returns a list of problems, so that the tests below can also
//! show that a wrong spec is reported.
//!
//! How the pages' permissions map to kinds (see spec/README.md):
//!
//! - A permissions table (pages `000`, `001`, `003`) names the kind in each
//!   row; a cell that is not a list of scopes ("**TODO: ...**",
//!   "Not supported.") is the page's words, quoted without the Markdown `**`.
//! - Page `002` lists scopes by target (the signed-in user, a group, a
//!   contact) without a kind. Its note adds that updating *any* user's photo
//!   takes the `User.ReadWrite.All` application permission "under its own
//!   identity, not on behalf of a user": so the list is what a signed-in user
//!   (delegated, work or school) needs, and the application permission is
//!   the note's, for the paths that name a user (`/users/...`). Its other
//!   note says that v1.0 supports only work or school mailboxes: that is
//!   `page-says` for personal accounts.
//! - Page `004` (the German copy of `001`) lists no scope and has no table.
//! - An operation documented by several pages quotes their words as
//!   `page NNN: words; page MMM: words` when they differ.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The kinds as `x-permissions` names them, and as the pages' tables do.
const KINDS: [(&str, &str); 3] = [
    ("delegated-work", "Delegated (work or school account)"),
    ("delegated-personal", "Delegated (personal Microsoft account)"),
    ("application", "Application"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn spec_text() -> String {
    std::fs::read_to_string(root().join("spec/graph-photos.yaml")).expect("spec/graph-photos.yaml")
}

fn parse_spec(text: &str) -> Value {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("the spec is YAML");
    serde_json::to_value(yaml).expect("the spec is JSON-compatible")
}

// ---- the pages ------------------------------------------------------------

/// What a page gives for one permission kind of one request.
#[derive(Debug, Default, Clone, PartialEq)]
struct Given {
    /// The scopes, in the page's order.
    scopes: Vec<String>,
    /// The page's own words when it gives no scope ("Not supported.").
    words: Option<String>,
}

/// How a page states permissions.
#[derive(Debug)]
enum Permissions {
    /// A table with one row per kind (in `KINDS` order).
    Table([Given; 3]),
    /// Page `002`: scopes by target (`user`, `group`, `contact`), the
    /// application permission for any user, and the note on personal accounts.
    ByTarget {
        targets: Vec<(String, Vec<String>)>,
        any_user_application: Vec<String>,
        personal_note: String,
    },
    /// No permission given at all (page `004`).
    None,
}

#[derive(Debug)]
struct Page {
    /// The file name, as `x-source-docs` cites it.
    file: String,
    /// The three-digit number the spec uses to name the page.
    number: String,
    /// The documented requests: (method, path as the page writes it).
    requests: Vec<(String, String)>,
    /// The API version of the page's example request (`beta`, `v1.0`).
    example_version: String,
    permissions: Permissions,
}

impl Page {
    /// What the page gives for each kind (in `KINDS` order) of `path`.
    fn gives(&self, path: &str) -> [Given; 3] {
        match &self.permissions {
            Permissions::Table(kinds) => kinds.clone(),
            Permissions::None => Default::default(),
            Permissions::ByTarget { targets, any_user_application, personal_note } => {
                let target = target_of(path);
                let scopes = targets
                    .iter()
                    .find(|(name, _)| name == target)
                    .map(|(_, scopes)| scopes.clone())
                    .unwrap_or_default();
                let application = if target == "user" && path.starts_with("/users/") {
                    any_user_application.clone()
                } else {
                    Vec::new()
                };
                [
                    Given { scopes, words: None },
                    Given { scopes: Vec::new(), words: Some(personal_note.clone()) },
                    Given { scopes: application, words: None },
                ]
            }
        }
    }
}

/// The target of a photo request: a contact, a group or a user.
fn target_of(path: &str) -> &'static str {
    if path.contains("/contacts/") {
        "contact"
    } else if path.starts_with("/groups/") {
        "group"
    } else {
        "user"
    }
}

fn docs_dir() -> PathBuf {
    let docs = root().join("../shared/docs");
    assert!(
        docs.is_dir(),
        "{} is missing: this test reads the documentation pages (../shared/docs/*.txt \
         next to the workspace) to check the spec against them",
        docs.display()
    );
    docs
}

fn read_pages() -> Vec<Page> {
    let docs = docs_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", docs.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no *.txt pages in {}", docs.display());
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let file = path.file_name().expect("a file name").to_string_lossy().into_owned();
            parse_page(&file, &text)
        })
        .collect()
}

fn parse_page(file: &str, text: &str) -> Page {
    let lines: Vec<&str> = text.lines().collect();
    let number = file.get(..3).expect("pages are named NNN_...").to_owned();
    Page {
        file: file.to_owned(),
        number,
        requests: parse_requests(file, &lines),
        example_version: parse_example_version(file, &lines),
        permissions: parse_permissions(file, &lines),
    }
}

/// The lines of the first code block after the "HTTP request" heading
/// (page `004` writes it in German; its anchor is still `http-request`).
fn parse_requests(file: &str, lines: &[&str]) -> Vec<(String, String)> {
    let heading = lines
        .iter()
        .position(|line| {
            line.starts_with('#')
                && (line.contains("HTTP request") || line.contains("\"http-request\""))
        })
        .unwrap_or_else(|| panic!("{file}: no \"HTTP request\" heading"));
    let open = (heading + 1..lines.len())
        .find(|&i| lines[i].trim_start().starts_with("```"))
        .unwrap_or_else(|| panic!("{file}: no code block after the HTTP request heading"));
    let mut requests = Vec::new();
    for line in &lines[open + 1..] {
        let line = line.trim();
        if line.starts_with("```") {
            return requests;
        }
        if line.is_empty() {
            continue;
        }
        let (method, path) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("{file}: {line:?} is not `METHOD /path`"));
        assert!(path.starts_with('/'), "{file}: {line:?} is not `METHOD /path`");
        requests.push((method.to_owned(), path.trim().to_owned()));
    }
    panic!("{file}: the HTTP request block is not closed")
}

/// The version in the page's example request (`PATCH https://graph.microsoft.com/beta/...`).
fn parse_example_version(file: &str, lines: &[&str]) -> String {
    lines
        .iter()
        .find_map(|line| {
            let (method, url) = line.trim().split_once(' ')?;
            if !METHODS.contains(&method.to_lowercase().as_str()) {
                return None;
            }
            let rest = url.strip_prefix("https://graph.microsoft.com/")?;
            rest.split('/').next().map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("{file}: no example request on https://graph.microsoft.com"))
}

/// The page's text without Markdown bold markers, trimmed.
fn plain(text: &str) -> String {
    text.replace("**", "").trim().to_owned()
}

/// A permission cell: scopes (`A.B, C.D`) or the page's words.
fn cell(text: &str) -> Given {
    let text = plain(text);
    let items: Vec<&str> = text.split(',').map(str::trim).collect();
    let scope_like =
        |item: &&str| !item.is_empty() && item.contains('.') && !item.contains(char::is_whitespace);
    if items.iter().all(scope_like) {
        Given { scopes: items.iter().map(|s| (*s).to_owned()).collect(), words: None }
    } else {
        Given { scopes: Vec::new(), words: Some(text) }
    }
}

fn parse_permissions(file: &str, lines: &[&str]) -> Permissions {
    // A table: `|Delegated (work or school account)|...|`.
    let mut rows: [Option<Given>; 3] = Default::default();
    for line in lines {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 || !cells[0].is_empty() {
            continue;
        }
        if let Some(k) = KINDS.iter().position(|(_, label)| *label == cells[1]) {
            assert!(rows[k].is_none(), "{file}: two rows for {}", cells[1]);
            rows[k] = Some(cell(cells[2]));
        }
    }
    if rows.iter().any(Option::is_some) {
        let [work, personal, application] = rows;
        let row = |row: Option<Given>, label: &str| {
            row.unwrap_or_else(|| panic!("{file}: the permissions table has no {label} row"))
        };
        return Permissions::Table([
            row(work, KINDS[0].1),
            row(personal, KINDS[1].1),
            row(application, KINDS[2].1),
        ]);
    }

    // A list by target, in the "Permissions" section:
    // `- Profile photo of a **group** - Group.ReadWrite.All`.
    let section: Vec<&str> = lines
        .iter()
        .skip_while(|line| !(line.starts_with("## ") && line.contains("Permissions")))
        .skip(1)
        .take_while(|line| !line.starts_with("## "))
        .copied()
        .collect();
    let mut targets = Vec::new();
    for line in &section {
        let Some(item) = line.strip_prefix("- ") else { continue };
        let Some((what, scopes)) = item.rsplit_once(" - ") else { continue };
        let Some(target) = what.split("**").nth(1) else { continue };
        let scopes: Vec<String> = scopes.split(',').map(|s| s.trim().to_owned()).collect();
        targets.push((target.to_owned(), scopes));
    }
    if targets.is_empty() {
        return Permissions::None;
    }
    // "... your app must have the User.ReadWrite.All application permission ..."
    let any_user_application: Vec<String> = section
        .iter()
        .filter(|line| line.contains("any user") && line.contains(" application permission"))
        .filter_map(|line| {
            let before = line.split(" application permission").next()?;
            before.split_whitespace().last().map(str::to_owned)
        })
        .collect();
    assert!(
        !any_user_application.is_empty(),
        "{file}: lists scopes by target but names no application permission for any user"
    );
    // "> **Note** This operation in version 1.0 supports only ... not personal mailboxes."
    let personal_note = lines
        .iter()
        .find(|line| line.contains("personal mailboxes"))
        .map(|line| plain(line.trim_start_matches('>').trim().trim_start_matches("**Note**")))
        .unwrap_or_else(|| {
            panic!("{file}: lists scopes by target but says nothing of personal accounts")
        });
    Permissions::ByTarget { targets, any_user_application, personal_note }
}

/// A path with every parameter written `{}`: `/users/{id | userPrincipalName}/photo`,
/// `/users/<id>/photo` and `/users/{user-id}/photo` are all `/users/{}/photo`.
fn normalize(path: &str) -> String {
    let mut out = String::new();
    let mut close = None;
    for c in path.chars() {
        match (close, c) {
            (None, '{') => close = Some('}'),
            (None, '<') => close = Some('>'),
            (None, c) => out.push(c),
            (Some(end), c) if c == end => {
                out.push_str("{}");
                close = None;
            }
            (Some(_), _) => {}
        }
    }
    out
}

// ---- the spec -----------------------------------------------------------

struct Operation<'a> {
    who: String,
    method: String,
    path: String,
    value: &'a Value,
}

impl Operation<'_> {
    fn sources(&self) -> Vec<String> {
        strings(&self.value["x-source-docs"])
    }
}

fn operations(spec: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(value) = item.get(method) {
                let id = value["operationId"].as_str().unwrap_or("<no operationId>");
                found.push(Operation {
                    who: format!("{id} ({} {path})", method.to_uppercase()),
                    method: method.to_uppercase(),
                    path: path.clone(),
                    value,
                });
            }
        }
    }
    found
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
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

/// The pages of `pages` that an operation names in `x-source-docs`.
fn pages_of<'p>(operation: &Operation, pages: &'p [Page]) -> Vec<&'p Page> {
    let sources = operation.sources();
    pages.iter().filter(|page| sources.contains(&page.file)).collect()
}

// ---- the checks -----------------------------------------------------------

/// Every documented request is in the spec with its page as a source, and
/// every operation that names a page is documented by it.
fn request_problems(spec: &Value, pages: &[Page]) -> Vec<String> {
    let operations = operations(spec);
    let mut problems = Vec::new();
    for page in pages {
        for (method, path) in &page.requests {
            let wanted = normalize(path);
            let found: Vec<&Operation> = operations
                .iter()
                .filter(|op| op.method == *method && normalize(&op.path) == wanted)
                .collect();
            match found.as_slice() {
                [] => problems.push(format!("{}: `{method} {path}` is not in the spec", page.file)),
                [op] if !op.sources().contains(&page.file) => problems.push(format!(
                    "{}: {} documents `{method} {path}` but its x-source-docs does not name the page",
                    op.who, page.file
                )),
                [_] => {}
                _ => problems.push(format!(
                    "{}: `{method} {path}` matches several operations of the spec",
                    page.file
                )),
            }
        }
    }
    for op in &operations {
        for source in op.sources().iter().filter(|s| s.ends_with(".txt")) {
            let Some(page) = pages.iter().find(|page| page.file == *source) else {
                problems
                    .push(format!("{}: x-source-docs names {source}, which is not a page", op.who));
                continue;
            };
            let documented = page.requests.iter().any(|(method, path)| {
                *method == op.method && normalize(path) == normalize(&op.path)
            });
            if !documented {
                problems.push(format!("{}: names {source}, which does not document it", op.who));
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
        .filter_map(|(page, given)| given.words.as_deref().map(|w| (page.number.as_str(), w)))
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
fn permission_problems(spec: &Value, pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let its_pages = pages_of(&op, pages);
        if its_pages.is_empty() {
            continue;
        }
        for (k, (kind, label)) in KINDS.iter().enumerate() {
            let given: Vec<(&Page, Given)> =
                its_pages.iter().map(|page| (*page, page.gives(&op.path)[k].clone())).collect();
            let mut wanted: Vec<String> = Vec::new();
            for (_, given) in &given {
                for scope in &given.scopes {
                    if !wanted.contains(scope) {
                        wanted.push(scope.clone());
                    }
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
fn version_problems(spec: &Value, pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let versions = strings(&op.value["x-api-versions"]);
        for page in pages_of(&op, pages) {
            if !versions.contains(&page.example_version) {
                problems.push(format!(
                    "{}: x-api-versions {versions:?} lacks {}, the version of {}'s example",
                    op.who, page.example_version, page.file
                ));
            }
        }
    }
    problems
}

/// Nothing beyond the pages goes unmarked: an operation without a page
/// source is `x-beyond-pages`, and every `from: page` scope is given by one of
/// the operation's pages for that kind.
fn unmarked_problems(spec: &Value, pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    for op in operations(spec) {
        let its_pages = pages_of(&op, pages);
        let beyond = op.value["x-beyond-pages"] == json!(true);
        if its_pages.is_empty() && !beyond {
            problems
                .push(format!("{}: no page documents it, yet it is not x-beyond-pages", op.who));
        }
        if !its_pages.is_empty() && beyond {
            problems.push(format!("{}: a page documents it, yet it is x-beyond-pages", op.who));
        }
        for (kind, label) in KINDS {
            let says = &op.value["x-permissions"][kind]["page-says"];
            if its_pages.is_empty() && !says.is_null() {
                problems.push(format!(
                    "{}: {label}: page-says {says} on an operation no page documents",
                    op.who
                ));
            }
        }
        for (k, (kind, label)) in KINDS.iter().enumerate() {
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

fn all_problems(spec: &Value, pages: &[Page]) -> Vec<String> {
    let mut problems = request_problems(spec, pages);
    problems.extend(permission_problems(spec, pages));
    problems.extend(version_problems(spec, pages));
    problems.extend(unmarked_problems(spec, pages));
    problems
}

// ---- the tests ------------------------------------------------------------

#[test]
fn the_pages_are_read() {
    let pages = read_pages();
    let summary: BTreeMap<&str, (usize, &str)> = pages
        .iter()
        .map(|page| (page.number.as_str(), (page.requests.len(), page.example_version.as_str())))
        .collect();
    let expected = BTreeMap::from([
        ("000", (11, "beta")),
        ("001", (3, "beta")),
        ("002", (14, "v1.0")),
        ("003", (1, "beta")),
        ("004", (3, "v1.0")),
    ]);
    assert_eq!(summary, expected, "the pages' requests and example versions");

    let page = |number: &str| pages.iter().find(|p| p.number == number).expect("the page");
    let words = |number: &str| -> Vec<Option<String>> {
        page(number).gives("/me/photo").iter().map(|given| given.words.clone()).collect()
    };
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        words("000"),
        [
            some("TODO: Determine scopes"),
            some("Not supported."),
            some("TODO: Determine AppOnly scopes")
        ]
    );
    assert_eq!(
        words("001"),
        [some("Not supported."), some("Not supported."), some("Not supported.")]
    );
    assert_eq!(words("003"), vec![some("TODO: Provide applicable permissions."); 3]);
    assert_eq!(page("004").gives("/groups/{id}/photo"), <[Given; 3]>::default());

    let scopes = |path: &str| -> Vec<Vec<String>> {
        page("002").gives(path).iter().map(|given| given.scopes.clone()).collect()
    };
    let list = |items: &[&str]| -> Vec<String> { items.iter().map(|s| (*s).to_owned()).collect() };
    assert_eq!(
        scopes("/users/{id | userPrincipalName}/photo/$value"),
        [list(&["User.ReadWrite", "User.ReadWrite.All"]), list(&[]), list(&["User.ReadWrite.All"])]
    );
    assert_eq!(
        scopes("/me/photo/$value"),
        [list(&["User.ReadWrite", "User.ReadWrite.All"]), list(&[]), list(&[])]
    );
    assert_eq!(
        scopes("/groups/{id}/photo/$value"),
        [list(&["Group.ReadWrite.All"]), list(&[]), list(&[])]
    );
    assert_eq!(
        scopes("/me/contactfolders/{contactFolderId}/contacts/{id}/photo/$value"),
        [list(&["Contacts.ReadWrite"]), list(&[]), list(&[])]
    );
    assert_eq!(
        page("002").gives("/me/photo/$value")[1].words.as_deref(),
        Some(
            "This operation in version 1.0 supports only a user's work or school mailboxes \
             and not personal mailboxes."
        )
    );
    assert_eq!(normalize("/users/{id | userPrincipalName}/photo"), "/users/{}/photo");
    assert_eq!(normalize("/users/<id | userPrincipalName>/photo"), "/users/{}/photo");
    assert_eq!(normalize("/groups/<id>/photo"), normalize("/groups/{group-id}/photo"));
}

#[test]
fn the_spec_agrees_with_the_pages() {
    let pages = read_pages();
    let spec = parse_spec(&spec_text());
    let problems = all_problems(&spec, &pages);
    assert!(problems.is_empty(), "the spec disagrees with the pages: {problems:#?}");
}

/// A copy of the spec text with `line` inserted after the first line that
/// contains `anchor` following `operationId: {operation}`.
fn with_line_after(
    text: &str,
    operation: &str,
    anchor: &str,
    line: impl Fn(&str) -> String,
) -> String {
    let start = text
        .find(&format!("operationId: {operation}\n"))
        .unwrap_or_else(|| panic!("{operation} is not in the spec"));
    let at = start
        + text[start..].find(anchor).unwrap_or_else(|| panic!("no {anchor} after {operation}"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = at + text[at..].find('\n').expect("a line end");
    let mut changed = text.to_owned();
    changed.insert_str(line_end + 1, &format!("{}\n", line(&text[line_start..line_end])));
    changed
}

#[test]
fn an_unmarked_scope_is_reported() {
    let pages = read_pages();
    // Page 002 gives `User.ReadWrite` and `User.ReadWrite.All` for the
    // signed-in user; `ProfilePhoto.ReadWrite.All` is not on the page.
    let text = with_line_after(&spec_text(), "setMyPhotoContent", "from: page }", |line| {
        line.replace("User.ReadWrite", "ProfilePhoto.ReadWrite.All")
    });
    let problems = all_problems(&parse_spec(&text), &pages);
    assert!(
        problems.iter().any(|p| p.contains("setMyPhotoContent")
            && p.contains("ProfilePhoto.ReadWrite.All is marked `from: page`")),
        "the added scope was not reported: {problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("setMyPhotoContent") && p.contains("marked `from: page` are")),
        "the page's scopes no longer match, and that was not reported: {problems:#?}"
    );
}

#[test]
fn a_page_scope_on_an_operation_beyond_the_pages_is_reported() {
    let pages = read_pages();
    let text = with_line_after(&spec_text(), "getMyPhoto", "from: beyond-pages }", |line| {
        line.replace("ProfilePhoto.Read.All", "User.ReadWrite").replace("beyond-pages", "page")
    });
    let problems = all_problems(&parse_spec(&text), &pages);
    assert!(
        problems.iter().any(
            |p| p.contains("getMyPhoto") && p.contains("User.ReadWrite is marked `from: page`")
        ),
        "{problems:#?}"
    );
}

#[test]
fn wrong_page_words_and_a_missing_source_are_reported() {
    let pages = read_pages();
    let spec = spec_text();
    // Page 000 says "Not supported." for personal accounts, not TODO.
    let start = spec.find("operationId: updateMyPhoto\n").expect("updateMyPhoto");
    let at = start + spec[start..].find("page-says: Not supported.").expect("its page-says");
    let mut text = spec.clone();
    text.replace_range(
        at..at + "page-says: Not supported.".len(),
        "page-says: 'TODO: Determine scopes'",
    );
    // And updateTeamPhoto forgets its page.
    let start = text.find("operationId: updateTeamPhoto\n").expect("updateTeamPhoto");
    let at = start
        + text[start..].find("x-source-docs: [000_a24caa4e32aa79d1.txt]").expect("its source");
    text.replace_range(
        at..at + "x-source-docs: [000_a24caa4e32aa79d1.txt]".len(),
        "x-source-docs: [README.md]",
    );

    let problems = all_problems(&parse_spec(&text), &pages);
    assert!(
        problems.iter().any(|p| p.contains("updateMyPhoto") && p.contains("page-says is")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("PATCH /teams/{teamsId}/photo")
                && p.contains("does not name the page")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.contains("updateTeamPhoto") && p.contains("not x-beyond-pages")),
        "{problems:#?}"
    );
}

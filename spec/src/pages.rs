//! The page digest (`spec/pages.yaml`): what the spec takes from each
//! documentation page, as data the tests read.
//!
//! How the pages' permissions map to kinds (see `spec/README.md`):
//!
//! - A permissions table (pages `000`, `001`, `003`) names the kind in each
//!   row; a cell that is not a list of scopes ("**TODO: ...**",
//!   "Not supported.") is the page's words, kept without the Markdown `**`.
//! - Page `002` lists scopes by target (the signed-in user, a group, a
//!   contact) without a kind. Its note adds that updating *any* user's photo
//!   takes the `User.ReadWrite.All` application permission "under its own
//!   identity, not on behalf of a user": so the list is what a signed-in user
//!   (delegated, work or school) needs, and the application permission is
//!   the note's, for the paths that name a user (`/users/...`). Its other
//!   note (v1.0 supports only work or school mailboxes) is its word on
//!   personal accounts.
//! - Page `004` (the German copy of `001`) gives no permissions at all.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The whole digest.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Digest {
    pub pages: Vec<Page>,
}

impl Digest {
    /// `spec/pages.yaml`.
    pub fn load() -> Self {
        Self::read(&crate::dir().join("pages.yaml")).unwrap_or_else(|error| panic!("{error}"))
    }

    /// The digest in `path`.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        Self::parse(&text).map_err(|error| format!("{}: {error}", path.display()))
    }

    /// A digest's text.
    pub fn parse(text: &str) -> Result<Self, serde_yaml::Error> {
        serde_yaml::from_str(text)
    }

    /// The page cited as `file`.
    pub fn page(&self, file: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.file == file)
    }
}

/// What one page says.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Page {
    /// The file name, as `x-source-docs` cites it.
    pub file: String,
    pub title: String,
    /// The page's public address (ours: the page text does not carry it).
    pub url: String,
    /// The API version of the page's example request (`beta`, `v1.0`).
    pub version: String,
    /// The documented requests, as the page writes them (`PATCH /me/photo`).
    pub requests: Vec<Request>,
    /// The media type of the body the page sends.
    pub request_body: String,
    /// The request size limit the page states, in its words (`4MB`).
    #[serde(default)]
    pub request_limit: Option<String>,
    /// The status the page says success returns.
    pub success: u16,
    pub permissions: Permissions,
    pub example: Example,
}

impl Page {
    /// The three-digit number the spec's comments use for the page.
    pub fn number(&self) -> &str {
        self.file.get(..3).unwrap_or(&self.file)
    }

    /// What the page gives for each kind (in [`crate::KINDS`] order) of `path`.
    pub fn gives(&self, path: &str) -> [Given; 3] {
        match &self.permissions {
            Permissions::Table(table) => [
                table.delegated_work.clone(),
                table.delegated_personal.clone(),
                table.application.clone(),
            ],
            Permissions::None => Default::default(),
            Permissions::ByTarget(by_target) => {
                let target = target_of(path);
                let scopes = by_target.targets.get(target).cloned().unwrap_or_default();
                let application = match target == "user" && path.starts_with("/users/") {
                    true => by_target.any_user_application.clone(),
                    false => Vec::new(),
                };
                [
                    Given { scopes, says: None },
                    Given { scopes: Vec::new(), says: Some(by_target.personal.clone()) },
                    Given { scopes: application, says: None },
                ]
            }
        }
    }

    /// Whether the page documents `method path` (parameter names aside).
    pub fn documents(&self, method: &str, path: &str) -> bool {
        let wanted = crate::normalize(path);
        self.requests
            .iter()
            .any(|request| request.method == method && crate::normalize(&request.path) == wanted)
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

/// One line of a page's "HTTP request" block.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Request {
    pub method: String,
    /// As the page writes it: `/users/{id | userPrincipalName}/photo`.
    pub path: String,
}

impl TryFrom<String> for Request {
    type Error = String;

    fn try_from(line: String) -> Result<Self, String> {
        match line.trim().split_once(' ') {
            Some((method, path)) if path.trim().starts_with('/') => {
                Ok(Self { method: method.to_owned(), path: path.trim().to_owned() })
            }
            _ => Err(format!("{line:?} is not `METHOD /path`")),
        }
    }
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// How a page states permissions: in YAML `{table: ...}`, `{by-target: ...}`
/// or `none`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "PermissionsText")]
pub enum Permissions {
    /// A table with one row per kind.
    Table(Table),
    /// Page `002`: scopes by target, the application permission for any
    /// user, and the note on personal accounts.
    ByTarget(ByTarget),
    /// No permission given at all.
    None,
}

/// [`Permissions`] as YAML writes them (serde_yaml reads externally tagged
/// enums only from YAML tags).
#[derive(Deserialize)]
#[serde(untagged)]
enum PermissionsText {
    Word(String),
    Map(PermissionsMap),
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct PermissionsMap {
    table: Option<Table>,
    by_target: Option<ByTarget>,
}

impl TryFrom<PermissionsText> for Permissions {
    type Error = &'static str;

    fn try_from(text: PermissionsText) -> Result<Self, Self::Error> {
        match text {
            PermissionsText::Word(word) if word == "none" => Ok(Self::None),
            PermissionsText::Map(PermissionsMap { table: Some(table), by_target: None }) => {
                Ok(Self::Table(table))
            }
            PermissionsText::Map(PermissionsMap { table: None, by_target: Some(by_target) }) => {
                Ok(Self::ByTarget(by_target))
            }
            _ => Err("permissions are `none`, `{table: ...}` or `{by-target: ...}`"),
        }
    }
}

/// A permissions table: one row per kind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Table {
    pub delegated_work: Given,
    pub delegated_personal: Given,
    pub application: Given,
}

/// A list of scopes by target.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ByTarget {
    /// `user`, `group`, `contact` -> the scopes, in the page's order.
    pub targets: BTreeMap<String, Vec<String>>,
    /// The application permission the page requires to update any user's photo.
    pub any_user_application: Vec<String>,
    /// The page's words on personal Microsoft accounts.
    pub personal: String,
}

/// What a page gives for one permission kind.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Given {
    /// The scopes, in the page's order.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The page's own words when it gives no scope ("Not supported.").
    #[serde(default)]
    pub says: Option<String>,
}

/// A page's example.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The example's name in the page's annotations, which the spec's
    /// `examples` entry carries too (`update_profilephoto`).
    pub name: String,
    pub request: ExampleRequest,
    pub response: ExampleResponse,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExampleRequest {
    pub method: String,
    /// Relative to the version: `/me/photo`.
    pub path: String,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub body: Option<Body>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ExampleResponse {
    pub status: u16,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub body: Option<Body>,
}

/// An example body: a JSON object's keys, in order, or text. In YAML
/// `{keys: [...]}` or `{text: ...}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(try_from = "BodyText")]
pub enum Body {
    Keys(Vec<String>),
    Text(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyText {
    keys: Option<Vec<String>>,
    text: Option<String>,
}

impl TryFrom<BodyText> for Body {
    type Error = &'static str;

    fn try_from(body: BodyText) -> Result<Self, Self::Error> {
        match body {
            BodyText { keys: Some(keys), text: None } => Ok(Self::Keys(keys)),
            BodyText { keys: None, text: Some(text) } => Ok(Self::Text(text)),
            _ => Err("a body is `{keys: [...]}` or `{text: ...}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_reads_and_page_002_gives_scopes_by_target() {
        let digest = Digest::load();
        let numbers: Vec<&str> = digest.pages.iter().map(Page::number).collect();
        assert_eq!(numbers, ["000", "001", "002", "003", "004"]);
        let page = digest.page("002_abb90a9d3b8b827f.txt").expect("page 002");
        let scopes = |path: &str| -> Vec<Vec<String>> {
            page.gives(path).iter().map(|given| given.scopes.clone()).collect()
        };
        let list =
            |items: &[&str]| -> Vec<String> { items.iter().map(|s| (*s).to_owned()).collect() };
        assert_eq!(
            scopes("/users/{id | userPrincipalName}/photo/$value"),
            [
                list(&["User.ReadWrite", "User.ReadWrite.All"]),
                list(&[]),
                list(&["User.ReadWrite.All"])
            ]
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
        assert!(page.gives("/me/photo/$value")[1]
            .says
            .as_deref()
            .is_some_and(|says| says.contains("personal mailboxes")));
        let page_004 = digest.page("004_5badddd39795f85a.txt").expect("page 004");
        assert_eq!(page_004.gives("/groups/{id}/photo"), <[Given; 3]>::default());
    }

    #[test]
    fn a_request_line_is_method_and_path() {
        let request = Request::try_from("PATCH /me/photo".to_owned()).expect("a request");
        assert_eq!((request.method.as_str(), request.path.as_str()), ("PATCH", "/me/photo"));
        assert!(Request::try_from("PATCH me/photo".to_owned()).is_err());
        assert!(Digest::parse("pages: [{file: x}]").is_err(), "a page needs every field");
    }
}

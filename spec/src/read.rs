//! The facts of the digest, read from a documentation page's own text: its
//! first heading, its "HTTP request" block, its request headers table,
//! the size limit and success status it states, its permissions, and its
//! example request and response.
//!
//! The pages are Markdown as Microsoft publishes it; the German page `004`
//! translates the headings but keeps the code blocks and annotations, so
//! the reader goes by those where it can.

use std::path::Path;

use crate::pages::{
    Body, ByTarget, Example, ExampleRequest, ExampleResponse, Given, Page, Permissions, Request,
    Table,
};
use crate::KINDS;

/// Every `*.txt` page in `dir`, read, in file order.
pub fn read_dir(dir: &Path) -> Result<Vec<Page>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.txt pages in {}", dir.display()));
    }
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            let file = path.file_name().map(|name| name.to_string_lossy().into_owned());
            page(&file.unwrap_or_default(), &text)
        })
        .collect()
}

/// A page's facts from its text. Its public URL is not on the page: it
/// stays empty.
pub fn page(file: &str, text: &str) -> Result<Page, String> {
    let lines: Vec<&str> = text.lines().collect();
    let fail = |what: &str| format!("{file}: {what}");
    let example = example(&lines).map_err(|what| fail(&what))?;
    let version = example_version(&lines)
        .ok_or_else(|| fail("no example request on https://graph.microsoft.com"))?;
    let request_body = header_table_content_type(&lines)
        .or_else(|| example.request.content_type.clone())
        .ok_or_else(|| fail("says nothing of the request body's media type"))?;
    Ok(Page {
        file: file.to_owned(),
        title: title(&lines).ok_or_else(|| fail("no `# ` heading"))?,
        url: String::new(),
        version,
        requests: requests(&lines).map_err(|what| fail(&what))?,
        request_body,
        request_limit: request_limit(text),
        success: success(text)
            .ok_or_else(|| fail("names no success status (\"returns a `200 OK`\")"))?,
        permissions: permissions(&lines).map_err(|what| fail(&what))?,
        example,
    })
}

/// The first `# ` heading, without HTML anchors.
fn title(lines: &[&str]) -> Option<String> {
    let heading = lines.iter().find_map(|line| line.strip_prefix("# "))?;
    let mut text = heading.to_owned();
    while let (Some(open), Some(close)) = (text.find("<a "), text.find("</a>")) {
        if close < open {
            break;
        }
        text.replace_range(open..close + "</a>".len(), "");
    }
    Some(text.trim().to_owned())
}

/// The lines of the first code block after the "HTTP request" heading
/// (page `004` writes it in German; its anchor is still `http-request`).
fn requests(lines: &[&str]) -> Result<Vec<Request>, String> {
    let heading = lines
        .iter()
        .position(|line| {
            line.starts_with('#')
                && (line.contains("HTTP request") || line.contains("\"http-request\""))
        })
        .ok_or("no \"HTTP request\" heading")?;
    let block =
        code_block(lines, heading + 1).ok_or("no code block after the HTTP request heading")?;
    let lines = block.iter().map(|line| line.trim()).filter(|line| !line.is_empty());
    lines.map(|line| Request::try_from(line.to_owned())).collect()
}

/// The lines inside the first code block that opens at or after `from`.
fn code_block<'a>(lines: &[&'a str], from: usize) -> Option<Vec<&'a str>> {
    let open = (from..lines.len()).find(|&i| lines[i].trim_start().starts_with("```"))?;
    let close = (open + 1..lines.len()).find(|&i| lines[i].trim_start().starts_with("```"))?;
    Some(lines[open + 1..close].to_vec())
}

/// The version in the example request (`PATCH https://graph.microsoft.com/beta/...`).
fn example_version(lines: &[&str]) -> Option<String> {
    lines.iter().find_map(|line| {
        let (method, url) = line.trim().split_once(' ')?;
        if !crate::METHODS.contains(&method.to_lowercase().as_str()) {
            return None;
        }
        let rest = url.strip_prefix("https://graph.microsoft.com/")?;
        rest.split('/').next().map(str::to_owned)
    })
}

/// The `Content-Type` row of the request headers table: `image/jpeg. Required.`.
fn header_table_content_type(lines: &[&str]) -> Option<String> {
    lines.iter().find_map(|line| {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        match cells.as_slice() {
            ["", name, value, ..] if name.eq_ignore_ascii_case("content-type") => {
                Some(value.split(['.', ' ']).next()?.to_owned())
            }
            _ => None,
        }
    })
}

/// The size limit in "a limit of 4MB on the total size of each REST request".
fn request_limit(text: &str) -> Option<String> {
    let after = text.split("limit of ").nth(1)?;
    let limit = after.split_whitespace().next()?;
    Some(limit.trim_matches(|c: char| !c.is_ascii_alphanumeric()).to_owned())
}

/// The status in "this method returns a `200 OK` response code".
fn success(text: &str) -> Option<u16> {
    let after = text.split("returns a `").nth(1)?;
    after.split_whitespace().next()?.parse().ok()
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
        Given { scopes: items.iter().map(|s| (*s).to_owned()).collect(), says: None }
    } else {
        Given { scopes: Vec::new(), says: Some(text) }
    }
}

fn permissions(lines: &[&str]) -> Result<Permissions, String> {
    // A table: `|Delegated (work or school account)|...|`.
    let mut rows: [Option<Given>; 3] = Default::default();
    for line in lines {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 || !cells[0].is_empty() {
            continue;
        }
        if let Some(k) = KINDS.iter().position(|(_, label)| *label == cells[1]) {
            if rows[k].is_some() {
                return Err(format!("two rows for {}", cells[1]));
            }
            rows[k] = Some(cell(cells[2]));
        }
    }
    if rows.iter().any(Option::is_some) {
        let [work, personal, application] = rows;
        let row = |row: Option<Given>, label: &str| {
            row.ok_or_else(|| format!("the permissions table has no {label} row"))
        };
        return Ok(Permissions::Table(Table {
            delegated_work: row(work, KINDS[0].1)?,
            delegated_personal: row(personal, KINDS[1].1)?,
            application: row(application, KINDS[2].1)?,
        }));
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
    let mut targets = std::collections::BTreeMap::new();
    for line in &section {
        let Some(item) = line.strip_prefix("- ") else { continue };
        let Some((what, scopes)) = item.rsplit_once(" - ") else { continue };
        let Some(target) = what.split("**").nth(1) else { continue };
        let scopes: Vec<String> = scopes.split(',').map(|s| s.trim().to_owned()).collect();
        targets.insert(target.to_owned(), scopes);
    }
    if targets.is_empty() {
        return Ok(Permissions::None);
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
    if any_user_application.is_empty() {
        return Err(
            "lists scopes by target but names no application permission for any user".into()
        );
    }
    // "> **Note** This operation in version 1.0 supports only ... not personal mailboxes."
    let personal = lines
        .iter()
        .find(|line| line.contains("personal mailboxes"))
        .map(|line| plain(line.trim_start_matches('>').trim().trim_start_matches("**Note**")))
        .ok_or("lists scopes by target but says nothing of personal accounts")?;
    Ok(Permissions::ByTarget(ByTarget { targets, any_user_application, personal }))
}

/// The example: the code blocks after the `"blockType": "request"` and
/// `"blockType": "response"` annotations.
fn example(lines: &[&str]) -> Result<Example, String> {
    let annotation = |kind: &str| {
        let marker = format!("\"blockType\": \"{kind}\"");
        lines.iter().position(|line| line.contains(&marker))
    };
    let at = annotation("request")
        .ok_or("no example request (a `\"blockType\": \"request\"` annotation)")?;
    let name = lines[at..]
        .iter()
        .take(4)
        .find_map(|line| line.split("\"name\": \"").nth(1)?.split('"').next())
        .ok_or("the example request has no name")?
        .to_owned();
    let block =
        code_block(lines, at).ok_or("no code block after the example request's annotation")?;
    let (first, headers, body) = message(&block).ok_or("the example request is empty")?;
    let (method, url) =
        first.split_once(' ').ok_or("the example request has no `METHOD URL` line")?;
    let relative = url
        .trim()
        .strip_prefix("https://graph.microsoft.com/")
        .ok_or("the example request is not on https://graph.microsoft.com")?;
    let path = relative.find('/').map_or("/", |slash| &relative[slash..]).to_owned();
    let request = ExampleRequest {
        method: method.to_owned(),
        path,
        content_type: header(&headers, "content-type"),
        body,
    };
    let at = annotation("response")
        .ok_or("no example response (a `\"blockType\": \"response\"` annotation)")?;
    let block =
        code_block(lines, at).ok_or("no code block after the example response's annotation")?;
    let (first, headers, body) = message(&block).ok_or("the example response is empty")?;
    let status = first.split_whitespace().nth(1).and_then(|status| status.parse().ok());
    let response = ExampleResponse {
        status: status.ok_or("the example response has no `HTTP/1.1 STATUS` line")?,
        content_type: header(&headers, "content-type"),
        body,
    };
    Ok(Example { name, request, response })
}

/// An HTTP message of a code block: its first line, its headers, its body.
type Message<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<Body>);

/// The HTTP message in a code block. Some pages leave out the blank line
/// between headers and a JSON body.
fn message<'a>(block: &[&'a str]) -> Option<Message<'a>> {
    let (first, rest) = block.split_first()?;
    let mut headers = Vec::new();
    let mut body_lines = rest;
    for (index, line) in rest.iter().enumerate() {
        match line.split_once(':') {
            Some((name, value)) if !line.trim().is_empty() && !name.contains(['{', '"', ' ']) => {
                headers.push((name.trim(), value.trim()));
            }
            _ => {
                body_lines = &rest[index..];
                break;
            }
        }
        body_lines = &rest[index + 1..];
    }
    let text = body_lines.join("\n");
    let text = text.trim();
    let body = match serde_json::from_str::<serde_json::Value>(text) {
        _ if text.is_empty() => None,
        Ok(serde_json::Value::Object(object)) => Some(Body::Keys(object.keys().cloned().collect())),
        _ => Some(Body::Text(text.to_owned())),
    };
    Some((first.trim(), headers, body))
}

fn header(headers: &[(&str, &str)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| (*value).to_owned())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A page in the format of the pages, written for this test.
    pub(crate) const PAGE: &str = r#"---
title: "Change a widget"
---

# <a name="change-widget"></a>Change widget

There is a limit of 2MB on each request.

## Permissions
|Permission type|Permissions|
|:---|:---|
|Delegated (work or school account)|Widget.ReadWrite, Widget.ReadWrite.All|
|Delegated (personal Microsoft account)|**TODO: Decide **|
|Application|Not supported.|

## HTTP request
<!-- { "blockType": "ignored" } -->
``` http
PATCH /widgets/{widgetsId}
PATCH /me/widget
```

## Request headers
|Name|Description|
|:---|:---|
|Authorization|Bearer {token}. Required|

## Response
If successful, this method returns a `200 OK` response code.

## Example
<!-- {
  "blockType": "request",
  "name": "change_widget"
}-->
```http
PATCH https://graph.microsoft.com/v1.0/widgets/42
Content-type: application/json

{
  "size": 3,
  "colour": "red"
}
```
<!-- {
  "blockType": "response"
} -->
```http
HTTP/1.1 200 OK
Content-Type: application/json
{
  "id": "42",
  "size": 3
}
```
"#;

    #[test]
    fn a_page_is_read_into_its_facts() {
        let page = page("010_widget.txt", PAGE).expect("the page reads");
        assert_eq!(page.title, "Change widget");
        assert_eq!(page.version, "v1.0");
        let requests: Vec<String> = page.requests.iter().map(ToString::to_string).collect();
        assert_eq!(requests, ["PATCH /widgets/{widgetsId}", "PATCH /me/widget"]);
        assert_eq!(page.request_body, "application/json");
        assert_eq!(page.request_limit.as_deref(), Some("2MB"));
        assert_eq!(page.success, 200);
        let Permissions::Table(table) = &page.permissions else { panic!("a table") };
        assert_eq!(table.delegated_work.scopes, ["Widget.ReadWrite", "Widget.ReadWrite.All"]);
        assert_eq!(table.delegated_personal.says.as_deref(), Some("TODO: Decide"));
        assert_eq!(table.application.says.as_deref(), Some("Not supported."));
        let example = &page.example;
        assert_eq!(example.name, "change_widget");
        assert_eq!(
            (example.request.method.as_str(), example.request.path.as_str()),
            ("PATCH", "/widgets/42")
        );
        assert_eq!(example.request.body, Some(Body::Keys(vec!["colour".into(), "size".into()])));
        assert_eq!(example.response.status, 200);
        assert_eq!(example.response.content_type.as_deref(), Some("application/json"));
        assert_eq!(example.response.body, Some(Body::Keys(vec!["id".into(), "size".into()])));
    }

    #[test]
    fn a_binary_upload_page_reads_its_header_table_and_text_body() {
        let text = PAGE
            .replace("|Authorization|Bearer {token}. Required|", "|Authorization|Bearer {token}. Required|\n| Content-Type  | image/png. Required.  |")
            .replace("Content-type: application/json\n\n{\n  \"size\": 3,\n  \"colour\": \"red\"\n}", "Content-type: image/png\n\nThe bytes of the image\n");
        let page = page("011_upload.txt", &text).expect("the page reads");
        assert_eq!(page.request_body, "image/png");
        assert_eq!(page.example.request.body, Some(Body::Text("The bytes of the image".into())));
    }

    #[test]
    fn a_page_without_what_the_digest_needs_is_an_error_naming_it() {
        let no_requests = PAGE.replace("## HTTP request", "## Something else");
        let error = page("012_x.txt", &no_requests).expect_err("no requests");
        assert_eq!(error, "012_x.txt: no \"HTTP request\" heading");
        let no_success = PAGE.replace("returns a `200 OK`", "succeeds");
        assert!(page("012_x.txt", &no_success).expect_err("no status").contains("success status"));
    }
}

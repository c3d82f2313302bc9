//! Changes to an operation: its route, parameters, body, success
//! responses, error body, scopes and versions.

use std::collections::{BTreeMap, BTreeSet};

use super::{operation_item, response_item, route, type_name, Check, Impact, Sink};
use crate::ir::{
    Body, BodyKind, ExternalDocs, Operation, Param, ParamEncoding, ParamLocation, Response,
    ResponseBody, ResponseContent, StatusMatch,
};

pub(super) fn operation_changes(old: &Operation, new: &Operation, out: &mut Sink<'_>) {
    let item = operation_item(new);
    if old.name.rust != new.name.rust {
        out.breaking(
            Check::RustNameChanged,
            format!("Rust name changed from `{}`", old.name.rust),
            [item.clone(), operation_item(old)],
        );
    }
    // A path parameter's name is not on the wire: `{user-id}` and
    // `{userId}` request the same path.
    if old.method != new.method || unnamed(&old.path_template) != unnamed(&new.path_template) {
        out.breaking(
            Check::RouteChanged,
            format!("request moved from `{}` to `{}`", route(old), route(new)),
            [item.clone()],
        );
    }
    super::security::security_changes(&old.security, &new.security, &item, out);
    param_changes(&old.params, &new.params, &item, out);
    body_changes(old.body.as_ref(), new.body.as_ref(), &item, out);
    response_changes(old, new, out);
    if old.error_body != new.error_body {
        out.breaking(
            Check::ErrorBodyChanged,
            format!(
                "error body changed from {} to {}",
                type_name(&old.error_body),
                type_name(&new.error_body)
            ),
            [format!("<{item} as Operation>::ErrorBody")],
        );
    }
    // Scopes are compared as part of the requirements they belong to
    // (`security_changes`): a scope added inside a requirement is needed
    // besides the others, one added as another requirement is an option.
    list_changes(
        (Check::ApiVersionAdded, Check::ApiVersionRemoved),
        "API version",
        &old.provenance.api_versions,
        &new.provenance.api_versions,
        &format!("{item}::API_VERSIONS"),
        "callers of that version lose a documented operation",
        out,
    );
    if old.scopes != new.scopes && sorted(&old.scopes) == sorted(&new.scopes) {
        out.patch(
            Check::ScopesReordered,
            "scopes reordered (least privileged first)",
            [format!("{item}::SCOPES")],
        );
    }
    if old.examples != new.examples {
        out.patch(
            Check::ExamplesChanged,
            format!("examples changed ({} before, {} now)", old.examples.len(), new.examples.len()),
            [format!("generated example tests of {item}")],
        );
    }
    if old.docs != new.docs || old.provenance.source_docs != new.provenance.source_docs {
        out.patch(Check::DocsChanged, "documentation or source pages changed", [item.clone()]);
    }
    if old.external_docs != new.external_docs {
        let url = |docs: Option<&ExternalDocs>| {
            docs.map_or("none".to_owned(), |d| format!("<{}>", d.url))
        };
        let (was, now) = (old.external_docs.as_ref(), new.external_docs.as_ref());
        let what = match (was, now) {
            (Some(a), Some(b)) if a.url == b.url => "documentation link's text changed".to_owned(),
            _ => format!("documentation link changed from {} to {}", url(was), url(now)),
        };
        out.patch(Check::DocsChanged, what, [item.clone()]);
    }
    if !old.deprecated && new.deprecated {
        out.compatible(Check::Deprecated, "deprecated", [item]);
    }
}

/// A path template with its parameters' names left out (`/users/{}`).
pub(super) fn unnamed(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_name = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' => in_name = false,
            c if !in_name => out.push(c),
            _ => {}
        }
    }
    out
}

fn sorted(items: &[String]) -> Vec<&String> {
    let mut sorted: Vec<&String> = items.iter().collect();
    sorted.sort();
    sorted
}

fn list_changes(
    (added, removed): (Check, Check),
    noun: &str,
    old: &[String],
    new: &[String],
    item: &str,
    why_breaking: &str,
    out: &mut Sink<'_>,
) {
    for value in new.iter().filter(|v| !old.contains(v)) {
        out.compatible(added, format!("{noun} `{value}` added"), [item.to_owned()]);
    }
    for value in old.iter().filter(|v| !new.contains(v)) {
        let what = format!("{noun} `{value}` removed: {why_breaking}");
        out.breaking(removed, what, [item.to_owned()]);
    }
}

fn param_changes(old: &[Param], new: &[Param], item: &str, out: &mut Sink<'_>) {
    let key = |p: &Param| (p.location, p.name.api.clone());
    let mut old_by: BTreeMap<_, &Param> = old.iter().map(|p| (key(p), p)).collect();
    let new_by: BTreeMap<_, &Param> = new.iter().map(|p| (key(p), p)).collect();
    // A path parameter renamed in the spec but not in Rust (`user-id` to
    // `userId`, both `user_id`) is the same parameter: its name is not on
    // the wire, and the Rust field stays.
    for (new_key, param) in &new_by {
        if param.location != ParamLocation::Path || old_by.contains_key(new_key) {
            continue;
        }
        let renamed = old_by.iter().find(|((location, name), was)| {
            *location == ParamLocation::Path
                && was.name.rust == param.name.rust
                && !new_by.contains_key(&(*location, name.clone()))
        });
        if let Some((old_key, was)) = renamed.map(|(key, was)| (key.clone(), *was)) {
            out.compatible(
                Check::PathParameterRenamed,
                format!("path parameter `{}` renamed to `{}`", was.name.api, param.name.api),
                [format!("{item}::{}", field(param))],
            );
            old_by.remove(&old_key);
            old_by.insert(new_key.clone(), was);
        }
    }
    for (key, param) in &old_by {
        if !new_by.contains_key(key) {
            out.breaking(
                Check::ParameterRemoved,
                format!("{} parameter `{}` removed", param.location.as_str(), param.name.api),
                [format!("{item}::{}", field(param))],
            );
        }
    }
    for (key, param) in &new_by {
        let name = format!("{} parameter `{}`", param.location.as_str(), param.name.api);
        match old_by.get(key) {
            None if param.required => out.breaking(
                Check::ParameterAdded,
                format!("required {name} added"),
                [format!("{item}::new")],
            ),
            None => out.compatible(
                Check::ParameterAdded,
                format!("optional {name} added"),
                [format!("{item}::{}", field(param))],
            ),
            Some(old_param) => {
                if old_param.required != param.required {
                    let (from, to) = if param.required {
                        ("optional", "required")
                    } else {
                        ("required", "optional")
                    };
                    out.breaking(
                        Check::ParameterRequiredChanged,
                        format!("{name} changed from {from} to {to}"),
                        [format!("{item}::new"), format!("{item}::{}", field(param))],
                    );
                }
                if old_param.ty != param.ty {
                    out.breaking(
                        Check::ParameterTypeChanged,
                        format!(
                            "{name} type changed from {} to {}",
                            type_name(&old_param.ty),
                            type_name(&param.ty)
                        ),
                        [format!("{item}::{}", field(param))],
                    );
                }
                let (was, now) = (&old_param.constraints, &param.constraints);
                let rust_item = format!("{item}::{}", field(param));
                super::schemas::constraint_changes(was, now, &name, &rust_item, true, out);
                // The Rust API stays; what goes on the wire does not: the
                // service now expects what the old crate does not send.
                let (old_wire, new_wire) = (wire(old_param), wire(param));
                if old_wire != new_wire {
                    out.breaking(
                        Check::ParameterSerializationChanged,
                        format!(
                            "{name} is written differently: {old_wire} before, {new_wire} now; \
                             requests of the old crate are not what the service expects"
                        ),
                        [format!("{item}::{}", field(param))],
                    );
                }
            }
        }
    }
}

/// How a parameter is written, as a report says it.
fn wire(param: &Param) -> String {
    let style = match param.encoding {
        ParamEncoding::Text(_) => "as text".to_owned(),
        ParamEncoding::Styled { style, explode } => {
            format!("in the `{}` style{}", style.as_str(), if explode { ", exploded" } else { "" })
        }
        ParamEncoding::Json => "as JSON".to_owned(),
    };
    if param.allow_reserved {
        format!("{style} with reserved characters unencoded")
    } else {
        style
    }
}

fn field(param: &Param) -> &str {
    param.name.rust.unraw()
}

fn body_changes(old: Option<&Body>, new: Option<&Body>, item: &str, out: &mut Sink<'_>) {
    let body_item = format!("{item}::body");
    match (old, new) {
        (None, None) => {}
        // An optional body is a field of the request's struct, which is
        // `#[non_exhaustive]`, set after `new`: code that built the request
        // still does. A required one is an argument of `new`.
        (None, Some(body)) if !body.required => out.compatible(
            Check::RequestBodyAdded,
            format!("optional request body {} added", media_types(body)),
            [body_item],
        ),
        (None, Some(body)) => out.breaking(
            Check::RequestBodyAdded,
            format!("required request body {} added", media_types(body)),
            [format!("{item}::new"), body_item],
        ),
        (Some(body), None) => out.breaking(
            Check::RequestBodyRemoved,
            format!("request body {} removed", media_types(body)),
            [format!("{item}::new"), body_item],
        ),
        (Some(old), Some(new)) => {
            if let (Some(a), Some(b)) = (old.single(), new.single()) {
                if a.media_type != b.media_type {
                    // The one body's type is compared below, like any other
                    // (a new Rust type breaks code); the media type itself
                    // changes only the `Content-Type` requests carry.
                    let what = format!(
                        "request media type changed from `{}` to `{}`: requests carry the new \
                         `Content-Type`",
                        a.media_type, b.media_type
                    );
                    out.breaking(Check::RequestContentTypeChanged, what, [body_item.clone()]);
                }
            } else {
                // With several media types, each is a variant of the body enum.
                for content in new
                    .contents
                    .iter()
                    .filter(|c| !old.contents.iter().any(|o| o.media_type == c.media_type))
                {
                    out.breaking(
                        Check::RequestMediaTypeChanged,
                        format!("request media type `{}` added", content.media_type),
                        [body_item.clone()],
                    );
                }
                for content in old
                    .contents
                    .iter()
                    .filter(|c| !new.contents.iter().any(|n| n.media_type == c.media_type))
                {
                    out.breaking(
                        Check::RequestMediaTypeChanged,
                        format!("request media type `{}` removed", content.media_type),
                        [body_item.clone()],
                    );
                }
            }
            if old.required != new.required {
                let what = format!(
                    "request body became {}",
                    if new.required { "required" } else { "optional" }
                );
                let items = [format!("{item}::new"), body_item.clone()];
                out.breaking(Check::RequestBodyRequiredChanged, what, items);
            }
            for a in &old.contents {
                // The same media type, or the only one on each side.
                let same = new.contents.iter().find(|b| b.media_type == a.media_type);
                let only =
                    (old.contents.len() == 1 && new.contents.len() == 1).then(|| &new.contents[0]);
                if let Some(b) = same.or(only) {
                    content_changes(&a.kind, &b.kind, &body_item, out);
                }
            }
        }
    }
}

fn content_changes(a: &BodyKind, b: &BodyKind, body_item: &str, out: &mut Sink<'_>) {
    match (a, b) {
        (
            BodyKind::Binary { min_len: a_min, max_len: a },
            BodyKind::Binary { min_len: b_min, max_len: b },
        ) if a != b || a_min != b_min => {
            let limit = |l: &Option<u64>| l.map_or("no limit".to_owned(), |l| format!("{l} bytes"));
            if a != b {
                let tighter = b.is_some_and(|b| a.is_none_or(|a| b < a));
                let impact = if tighter { Impact::Breaking } else { Impact::Compatible };
                let what = format!("body size limit changed from {} to {}", limit(a), limit(b));
                out.push(Check::RequestBodyLimitChanged, impact, what, [body_item.to_owned()]);
            }
            if a_min != b_min {
                let tighter = b_min.is_some_and(|b| a_min.is_none_or(|a| b > a));
                let impact = if tighter { Impact::Breaking } else { Impact::Compatible };
                let what =
                    format!("body minimum size changed from {} to {}", limit(a_min), limit(b_min));
                out.push(Check::RequestBodyLimitChanged, impact, what, [body_item.to_owned()]);
            }
        }
        (a, b) if a != b => {
            let what =
                format!("request body type changed from {} to {}", body_name(a), body_name(b));
            out.breaking(Check::RequestBodyTypeChanged, what, [body_item.to_owned()]);
        }
        _ => {}
    }
}

/// `` `application/json` `` or `` `a`, `b` ``.
fn media_types(body: &Body) -> String {
    let names: Vec<String> = body.contents.iter().map(|c| format!("`{}`", c.media_type)).collect();
    names.join(", ")
}

fn body_name(kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) => type_name(ty),
        BodyKind::Form { ty, .. } => format!("form of {}", type_name(ty)),
        BodyKind::Multipart(name) => format!("parts `{name}`"),
        BodyKind::Binary { .. } | BodyKind::AnyBinary => "bytes".to_owned(),
        BodyKind::Text => "text".to_owned(),
    }
}

fn response_changes(old: &Operation, new: &Operation, out: &mut Sink<'_>) {
    let by_status = |responses: &[Response]| -> BTreeMap<StatusMatch, Response> {
        responses.iter().map(|r| (r.status, r.clone())).collect()
    };
    let (old_by, new_by) = (by_status(&old.responses), by_status(&new.responses));
    let variant = |r: &Response| format!("{}::{}", response_item(new), r.variant);
    for (status, response) in &old_by {
        if !new_by.contains_key(status) {
            let what = format!("success response {status} removed");
            out.breaking(Check::ResponseRemoved, what, [variant(response)]);
        }
    }
    let errors = |op: &Operation| -> BTreeSet<StatusMatch> { op.errors.iter().copied().collect() };
    let (old_errors, new_errors) = (errors(old), errors(new));
    let item = || [format!("{}::parse_response", operation_item(new))];
    // A status that moved between expected and error is reported as the
    // success response it was or became.
    for status in new_errors.difference(&old_errors).filter(|s| !old_by.contains_key(s)) {
        let what = format!(
            "error response {status} documented: answered as a `ResponseError`, as any error"
        );
        out.patch(Check::ResponseAdded, what, item());
    }
    for status in old_errors.difference(&new_errors).filter(|s| !new_by.contains_key(s)) {
        let what = format!(
            "error response {status} no longer documented: still answered as a `ResponseError`"
        );
        out.patch(Check::ResponseRemoved, what, item());
    }
    for (status, response) in &new_by {
        let Some(old_response) = old_by.get(status) else {
            let what =
                format!("success response {status} added: exhaustive matches need the new variant");
            out.breaking(Check::ResponseAdded, what, [variant(response)]);
            continue;
        };
        if old_response.contents != response.contents {
            // The same Rust shape with other media types (`image/jpeg` to
            // `image/png`, one binary body): the types stay, the bytes differ.
            // One body is the variant's value; several are a body enum
            // whose variants are named after their media types.
            let shape = |contents: &[ResponseBody]| -> Vec<(String, ResponseContent)> {
                let several = contents.len() > 1;
                let pairs = contents.iter().map(|body| {
                    let variant = if several { body.variant.to_string() } else { String::new() };
                    (variant, body.content.clone())
                });
                pairs.collect()
            };
            let what = format!(
                "response {status} body changed from {} to {}",
                contents_name(&old_response.contents),
                contents_name(&response.contents)
            );
            match shape(&old_response.contents) == shape(&response.contents) {
                true => out.compatible(
                    Check::ResponseBodyChanged,
                    format!("{what}; the Rust type stays"),
                    [variant(response)],
                ),
                false => out.breaking(Check::ResponseBodyChanged, what, [variant(response)]),
            }
        }
        for header in response
            .headers
            .iter()
            .filter(|h| !old_response.headers.iter().any(|o| o.name == h.name))
        {
            let what = format!(
                "response {status} header `{}` documented: the variant gains a field",
                header.name.api
            );
            out.breaking(Check::ResponseHeaderAdded, what, [variant(response)]);
        }
        for header in old_response
            .headers
            .iter()
            .filter(|h| !response.headers.iter().any(|n| n.name == h.name))
        {
            let what =
                format!("response {status} header `{}` no longer documented", header.name.api);
            out.breaking(Check::ResponseHeaderRemoved, what, [variant(response)]);
        }
    }
}

fn contents_name(contents: &[ResponseBody]) -> String {
    let names: Vec<String> = contents
        .iter()
        .map(|body| {
            let kind = match &body.content {
                ResponseContent::Json(ty) => type_name(ty),
                ResponseContent::Binary => "bytes".to_owned(),
                ResponseContent::Text => "text".to_owned(),
            };
            format!("{kind} as `{}`", body.media_type)
        })
        .collect::<Vec<String>>();
    if names.is_empty() {
        "no body".to_owned()
    } else {
        names.join(" or ")
    }
}

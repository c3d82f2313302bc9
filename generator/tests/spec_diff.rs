//! The spec review report: golden output (`tests/spec_diff/every_kind.md`)
//! over a pair of specs that covers each kind of change, and the acceptance
//! cases on copies of the real spec.

mod support;

use std::path::{Path, PathBuf};

use apicrate_codegen::review::{advice, compare, diff, github, markdown, Bump, Change, Impact};
use review_support::{find, lower_text};

#[path = "support/review.rs"]
mod review_support;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec_diff").join(name)
}

fn real_spec() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/graph-photos.yaml");
    std::fs::read_to_string(path).expect("the real spec")
}

#[test]
fn every_kind_of_change_is_reported_and_classified() {
    let compared = compare(&fixture("base.yaml"), &fixture("every_kind.yaml")).expect("compares");
    let (old, new, changes) = (&compared.old, &compared.new, &compared.changes);
    let versions = (old.version.as_str(), new.version.as_str());
    let report = markdown(changes, "base.yaml", "every_kind.yaml", versions);
    support::assert_golden(&fixture("every_kind.md"), &report);

    let expect = [
        ("operation added", Impact::Compatible),
        ("callers with `oauth` (Things.ReadWrite) are refused", Impact::Breaking),
        ("may also be called with `oauth` (Things.Read)", Impact::Compatible),
        ("API version `beta` removed", Impact::Breaking),
        ("API version `beta` added", Impact::Compatible),
        ("optional query parameter `$top` added", Impact::Compatible),
        ("required header parameter `tenant` added", Impact::Breaking),
        ("request media type changed from `image/jpeg` to `image/png`", Impact::Breaking),
        ("body size limit changed from 4194304 bytes to 1048576 bytes", Impact::Breaking),
        ("success response 200 added", Impact::Breaking),
        ("property `id` changed from optional to required", Impact::Breaking),
        ("property `size` type changed", Impact::Breaking),
        ("optional property `colour` added", Impact::Compatible),
        ("enum value `small` removed", Impact::Breaking),
        ("enum value `medium` added", Impact::Compatible),
    ];
    for (what, impact) in expect {
        assert_eq!(find(changes, what).impact, impact, "{what}");
    }
    assert!(diff(old, old).is_empty(), "a spec does not differ from itself");
    // A schema's change names the operations that reach it, and which side.
    let users = ["`GetThing` (response)", "`UpdateThing` (request, response)"];
    assert_eq!(find(changes, "enum value `small` removed").used_by, users);
}

#[test]
fn removing_an_operation_from_the_real_spec_is_breaking() {
    let text = real_spec();
    let start = text.find("  /teams/{team-id}/photo/$value:").expect("the teams content path");
    let end = text[start..].find("\n  # ----").map(|i| start + i + 1).expect("next section");
    let edited = format!("{}{}", &text[..start], &text[end..]);
    let changes = diff(&lower_text(&text), &lower_text(&edited));
    let removed = find(&changes, "operation removed");
    assert_eq!(removed.impact, Impact::Breaking);
    assert_eq!(
        removed.rust_items,
        ["operations::GetTeamPhotoContent", "operations::GetTeamPhotoContentResponse"]
    );
    assert_eq!(changes.len(), 1, "{changes:#?}");
}

#[test]
fn making_an_optional_field_required_in_the_real_spec_is_breaking() {
    let text = real_spec();
    let edited = text.replacen(
        "    MainError:\n      type: object\n      required: [code, message]",
        "    MainError:\n      type: object\n      required: [code, message, target]",
        1,
    );
    assert_ne!(edited, text);
    let changes = diff(&lower_text(&text), &lower_text(&edited));
    let change = find(&changes, "property `target` changed from optional to required");
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(change.rust_items, ["models::MainError::target"]);
}

#[test]
fn changing_a_media_type_in_the_real_spec_is_breaking() {
    let text = real_spec();
    let body = "      content:\n        image/jpeg:\n          schema:\n            type: string\n            format: binary\n            minLength: 1";
    let edited = text.replacen(body, &body.replace("image/jpeg", "image/png"), 1);
    assert_ne!(edited, text);
    let changes = diff(&lower_text(&text), &lower_text(&edited));
    let media: Vec<&Change> = changes
        .iter()
        .filter(|c| c.what.contains("media type changed from `image/jpeg` to `image/png`"))
        .collect();
    // Every upload but `setMyPhotoContent` (which writes out page 002's
    // example) uses the shared body.
    assert_eq!(media.len(), 13, "the uploads that use the shared body");
    assert!(media.iter().all(|c| c.impact == Impact::Breaking));
    assert!(media.iter().any(|c| c.rust_items == ["operations::SetUserPhotoContent::body"]));
}

#[test]
fn adding_an_operation_to_the_real_spec_is_compatible() {
    let text = real_spec();
    let added = "  /me/photos/{profilePhoto-id}/extra:\n    get:\n      operationId: getMyPhotoExtra\n      parameters:\n        - \
        $ref: '#/components/parameters/profilePhotoId'\n      responses:\n        '204': { $ref: '#/components/responses/noContent' \
        }\n";
    let edited = text.replacen(
        "  /me/photos/{profilePhoto-id}/$value:\n",
        &format!("{added}  /me/photos/{{profilePhoto-id}}/$value:\n"),
        1,
    );
    assert_ne!(edited, text);
    let changes = diff(&lower_text(&text), &lower_text(&edited));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].impact, Impact::Compatible);
    assert_eq!(
        changes[0].rust_items,
        ["operations::GetMyPhotoExtra", "operations::GetMyPhotoExtraResponse"]
    );
}

/// The Rust API stays, but requests of the old crate are not what the
/// service now documents: breaking.
#[test]
fn a_parameter_written_differently_is_a_breaking_wire_change() {
    let spec = |explode: bool| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /a:\n    get:\n      operationId: \
                getA\n      parameters:\n        - {{ name: ids, in: query, explode: {explode}, schema: \
                {{ type: array, items: {{ type: string }} }} }}\n      responses:\n        '204': \
                {{ description: ok }}\n"
        )
    };
    let changes = diff(&lower_text(&spec(true)), &lower_text(&spec(false)));
    let change = find(&changes, "written differently");
    assert_eq!(change.impact, Impact::Breaking);
    assert_eq!(
        change.what,
        "query parameter `ids` is written differently: in the `form` style, exploded before, in the \
         `form` style now; requests of the old crate are not what the service expects"
    );
}

/// One operation of `security` (YAML), with `more` beside it.
fn secured(security: &str, more: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /users/{{user-id}}:\n    get:\n      \
         operationId: getUser\n{security}{more}      parameters:\n        - {{ name: user-id, in: path, \
         required: true, schema: {{ type: string }} }}\n      responses:\n        '204': {{ description: ok \
         }}\ncomponents:\n  securitySchemes:\n    oauth: {{ type: oauth2, flows: {{ clientCredentials: {{ \
         tokenUrl: 'https://a.example/token', scopes: {{ a: a, b: b }} }} }} }}\n    key: {{ type: apiKey, \
         in: header, name: X-Key }}\n"
    )
}

/// Requirements compare as alternatives of schemes needed together: a
/// client set up for an old one is refused when no new one asks for no
/// more than it.
#[test]
fn security_requirements_compare_as_alternatives() {
    let verdict = |old: &str, new: &str| -> Vec<(Impact, String)> {
        let changes = diff(&lower_text(&secured(old, "")), &lower_text(&secured(new, "")));
        let security =
            changes.iter().filter(|c| c.rust_items.iter().any(|i| i.ends_with("::SECURITY")));
        security.map(|c| (c.impact, c.what.clone())).collect()
    };
    let open = "      security: []\n";
    let read = "      security: [{ oauth: [a] }]\n";
    let both_scopes = "      security: [{ oauth: [a, b] }]\n";
    let and_key = "      security: [{ oauth: [a], key: [] }]\n";
    let or_key = "      security: [{ oauth: [a] }, { key: [] }]\n";
    let secured_now = verdict(open, read);
    assert_eq!(secured_now[0].0, Impact::Breaking, "{secured_now:?}");
    assert!(
        secured_now[0].1.starts_with("callers with no credentials are refused"),
        "{secured_now:?}"
    );
    let scope_inside = verdict(read, both_scopes);
    assert_eq!(scope_inside[0].0, Impact::Breaking, "a scope added inside: {scope_inside:?}");
    assert_eq!(verdict(read, and_key)[0].0, Impact::Breaking, "a scheme needed besides");
    let another_way = verdict(read, or_key);
    assert_eq!(another_way, [(Impact::Compatible, "may also be called with `key`".to_owned())]);
    let fewer = verdict(both_scopes, read);
    assert!(fewer.iter().all(|(impact, _)| *impact == Impact::Compatible), "{fewer:?}");
    assert!(verdict(read, read).is_empty());
}

/// What users never see is no change: an operationId changed only where
/// its Rust name does not show it, a path parameter renamed to a name of
/// the same Rust field (path parameters' names are not on the wire).
#[test]
fn renames_users_do_not_see_are_no_breaking_change() {
    let old = secured("", "");
    let new =
        old.replace("operationId: getUser", "operationId: GetUser").replace("user-id", "userId");
    let changes = diff(&lower_text(&old), &lower_text(&new));
    assert!(changes.iter().all(|c| c.impact == Impact::Compatible), "{changes:#?}");
    find(&changes, "operationId changed from `getUser`; the Rust name stays");
    find(&changes, "path parameter `user-id` renamed to `userId`");
    // A real move is still one.
    let moved = old.replace("/users/{user-id}", "/people/{user-id}");
    let changes = diff(&lower_text(&old), &lower_text(&moved));
    assert_eq!(find(&changes, "request moved").impact, Impact::Breaking);
}

/// An optional body is set after `new` on a `#[non_exhaustive]` request:
/// adding one breaks no code; a required one is an argument of `new`.
#[test]
fn an_optional_request_body_added_is_compatible_a_required_one_is_not() {
    let body = |required: bool| {
        format!(
            "      requestBody:\n        required: {required}\n        content:\n          \
             application/json:\n            schema: {{ type: object }}\n"
        )
    };
    let old = lower_text(&secured("", ""));
    let optional = diff(&old, &lower_text(&secured("", &body(false))));
    assert_eq!(find(&optional, "optional request body").impact, Impact::Compatible);
    let required = diff(&old, &lower_text(&secured("", &body(true))));
    assert_eq!(find(&required, "required request body").impact, Impact::Breaking);
}

#[test]
fn a_changed_documentation_link_is_reported() {
    let text = real_spec();
    let old_url =
        "url: https://learn.microsoft.com/graph/api/profilephoto-delete?view=graph-rest-1.0";
    let at = text.find(old_url).expect("the delete page's link");
    let edited = format!(
        "{}url: https://learn.microsoft.com/graph/api/profilephoto-delete?view=graph-rest-beta{}",
        &text[..at],
        &text[at + old_url.len()..]
    );
    let changes = diff(&lower_text(&text), &lower_text(&edited));
    let changed = find(&changes, "documentation link changed");
    assert_eq!(changed.impact, Impact::Compatible);
    assert!(changed.what.contains("view=graph-rest-beta>"), "{}", changed.what);
    assert_eq!(changes.len(), 1, "{changes:#?}");
}

/// 3.1's named constants: a value named anew changes its variant; the
/// values turning from integers into strings changes them all.
#[test]
fn named_constants_renamed_or_retyped_are_breaking() {
    let spec = |size: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\npaths:\n  /a:\n    get:\n      operationId: \
                getA\n      responses:\n        '200':\n          description: ok\n          content: \
                {{ application/json: {{ schema: {{ $ref: '#/components/schemas/Size' }} }} }}\ncomponents:\n  schemas:\n    Size:\n{size}"
        )
    };
    let old = lower_text(&spec(
        "      oneOf: [ { title: Small, const: 1 }, { title: Large, const: 2 } ]\n",
    ));
    let renamed = lower_text(&spec(
        "      oneOf: [ { title: Tiny, const: 1 }, { title: Large, const: 2 } ]\n",
    ));
    let changes = diff(&old, &renamed);
    let change = find(&changes, "enum value `1` is now the variant `Tiny` (was `Small`)");
    assert_eq!(change.impact, Impact::Breaking);
    let strings = lower_text(&spec(
        "      oneOf: [ { title: Small, const: '1' }, { title: Large, const: '2' } ]\n",
    ));
    assert_eq!(find(&diff(&old, &strings), "enum values are now strings").impact, Impact::Breaking);
    assert!(diff(&old, &old).is_empty());
}

/// Two inline enums of the same values are one type and an alias of it:
/// when an earlier one comes (or goes), the later one becomes an alias
/// (or an enum of its own again), which the review says, though that
/// schema itself is the same.
#[test]
fn an_inline_enum_shared_or_no_longer_shared_is_named() {
    let spec = |components: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /a:\n    get:\n      \
             operationId: getA\n      parameters:\n        - {{ name: b, in: query, schema: \
             {{ type: string, enum: [x, y] }} }}\n      responses:\n        '204': {{ description: \
             ok }}\n{components}"
        )
    };
    let alone = lower_text(&spec(""));
    let shared = lower_text(&spec(
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        \
         kind: { type: string, enum: [x, y] }\n",
    ));
    let now = diff(&alone, &shared);
    let alias = find(&now, "now a type alias of `ThingKind`: one type, no longer its own");
    assert_eq!(alias.impact, Impact::Breaking);
    assert_eq!(alias.rust_items, ["models::GetAb"]);
    let before = diff(&shared, &alone);
    let own = find(&before, "no longer a type alias of `ThingKind`: an enum of its own");
    assert_eq!(own.impact, Impact::Breaking);
}

/// 3.1's webhooks: one removed is breaking, one added compatible, one sent
/// another way or with another body breaking.
#[test]
fn webhook_changes_are_reviewed() {
    let spec = |webhooks: &str| {
        format!("openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\nwebhooks:\n{webhooks}")
    };
    let hook = |name: &str, method: &str, ty: &str| {
        format!("  {name}:\n    {method}:\n      requestBody:\n        content: {{ application/json: {{ schema: {{ type: {ty} }} }} }}\n      responses: {{ '200': {{ description: ok }} }}\n")
    };
    let old = lower_text(&spec(&(hook("a", "post", "string") + &hook("b", "post", "string"))));
    let new = lower_text(&spec(&(hook("b", "put", "integer") + &hook("c", "post", "string"))));
    let changes = diff(&old, &new);
    assert_eq!(find(&changes, "webhook removed").rust_items, ["webhooks::A"]);
    assert_eq!(find(&changes, "webhook added").impact, Impact::Compatible);
    assert_eq!(find(&changes, "sent with PUT instead of POST").impact, Impact::Breaking);
    assert_eq!(find(&changes, "body changed").impact, Impact::Breaking);
    let report = markdown(&changes, "old", "new", ("1", "1"));
    assert!(report.contains("### Webhooks\n\n#### `a`"), "{report}");
    // A webhook of two methods: a type for each, named with its method.
    let methods = "  d:\n    post: { responses: { '200': { description: ok } } }\n    put: { responses: { '200': { description: ok } } }\n";
    let both = lower_text(&spec(methods));
    let names: Vec<&str> = both.webhooks.iter().map(|op| op.name.rust.as_str()).collect();
    assert_eq!(names, ["DPost", "DPut"]);
    let lowered =
        apicrate_codegen::lower_str(Path::new("copy.yaml"), &spec(methods)).expect("lowers");
    let options = apicrate_codegen::Options::new("test", "copy.yaml");
    let generated = apicrate_codegen::generate_lowered(lowered, &options).expect("generates");
    let webhooks = &generated.files["webhooks.rs"];
    assert_eq!(webhooks.matches(r#"pub const NAME: &'static str = "d";"#).count(), 2, "{webhooks}");
    assert!(diff(&old, &old).is_empty());
}

/// The bump a review suggests is the largest its changes call for, and it
/// says whether the spec's `info.version` moved that far.
#[test]
fn the_review_suggests_a_version_bump_and_checks_info_version() {
    let spec = |version: &str, more: &str| {
        secured("", more).replace("version: '1'", &format!("version: '{version}'"))
    };
    let review = |old: &str, new: &str| {
        let (old, new) = (lower_text(old), lower_text(new));
        advice(&diff(&old, &new), &old.version, &new.version)
    };
    let optional =
        "      requestBody:\n        content: { application/json: { schema: { type: object } } }\n";
    let required = optional.replace("requestBody:\n", "requestBody:\n        required: true\n");
    let documented = spec("1.0.0", "")
        .replace("operationId: getUser", "operationId: getUser\n      summary: Read a user");
    assert_eq!(
        review(&spec("1.0.0", ""), &spec("2.0.0", &required)),
        "**Suggested bump: major** (breaking changes). `info.version` goes from `1.0.0` to `2.0.0`, a major bump: enough.\n"
    );
    assert_eq!(
        review(&spec("1.0.0", ""), &spec("1.0.1", optional)),
        "**Suggested bump: minor** (additions, nothing breaking). `info.version` goes from `1.0.0` to `1.0.1`, only a patch bump.\n"
    );
    assert_eq!(
        review(&spec("1.0.0", ""), &documented),
        "**Suggested bump: patch** (documentation only). `info.version` stays `1.0.0`.\n"
    );
    assert_eq!(review(&spec("1", ""), &spec("1", "")), "");
    assert_eq!(Bump::between("0.3", "0.4"), Some(Bump::Major), "0.x: the minor is the major");
    assert_eq!(Bump::between("v1.2", "1.3.0"), Some(Bump::Minor));
    assert_eq!(Bump::between("2023-10-16", "2024-01-01"), None, "not versions");
}

/// One edit to a shared component changes every operation that uses it
/// alike: the report shows it once, with the operations, not a table per
/// operation.
#[test]
fn a_change_several_operations_share_is_reported_once() {
    let spec = |parameters: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /a:\n    get:\n      operationId: \
             getA\n{parameters}      responses: {{ '204': {{ description: ok }} }}\n  /b:\n    get:\n      \
             operationId: getB\n{parameters}      responses: {{ '204': {{ description: ok }} }}\n  /c:\n    \
             get:\n      operationId: getC\n      responses: {{ '204': {{ description: ok }} }}\ncomponents:\n  \
             parameters:\n    top: {{ name: $top, in: query, schema: {{ type: integer }} }}\n"
        )
    };
    let old = lower_text(&spec(""));
    let new = lower_text(&spec("      parameters: [{ $ref: '#/components/parameters/top' }]\n"));
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 2, "{changes:#?}");
    let report = markdown(&changes, "old", "new", ("1", "1"));
    assert!(report.contains("### Shared by several operations\n"), "{report}");
    assert!(
        report.contains(
            "| 🟢 compatible | `parameter-added` | optional query parameter `$top` added | `getA`, `getB` | `operations::GetA::top`, `operations::GetB::top` |"
        ),
        "{report}"
    );
    assert!(!report.contains("#### `getA`"), "no table of its own: {report}");
}

/// A response's media type changed where its Rust type stays (one binary
/// body) is compatible, and says which types; another body is breaking.
#[test]
fn a_response_media_type_changed_is_reported_with_its_types() {
    let spec = |content: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /photo:\n    get:\n      \
             operationId: getPhoto\n      responses:\n        '200':\n          description: ok\n          \
             content: {{ {content} }}\n"
        )
    };
    let jpeg = lower_text(&spec("image/jpeg: { schema: { type: string, format: binary } }"));
    let png = lower_text(&spec("image/png: { schema: { type: string, format: binary } }"));
    let json = lower_text(&spec("application/json: { schema: { type: object } }"));
    let changes = diff(&jpeg, &png);
    let changed = find(&changes, "response 200 body changed");
    assert_eq!(changed.impact, Impact::Compatible);
    assert_eq!(
        changed.what,
        "response 200 body changed from bytes as `image/jpeg` to bytes as `image/png`; the Rust type stays"
    );
    assert_eq!(find(&diff(&jpeg, &json), "response 200 body changed").impact, Impact::Breaking);
}

/// As GitHub workflow commands, each change is an annotation on the new
/// spec: an error when breaking, a notice otherwise, its text escaped.
#[test]
fn changes_become_github_annotations() {
    let compared = compare(&fixture("base.yaml"), &fixture("every_kind.yaml")).expect("compares");
    let changes = compared.changes;
    let annotations = github(&changes, "spec/every_kind.yaml");
    assert_eq!(annotations.lines().count(), changes.len());
    assert!(
        annotations.lines().all(|line| line.starts_with("::error file=spec/every_kind.yaml,")
            || line.starts_with("::notice file=spec/every_kind.yaml,")),
        "{annotations}"
    );
    // On the line of the schema, in the new spec, with the check's id.
    let text = std::fs::read_to_string(fixture("every_kind.yaml")).expect("fixture");
    let line = 1 + text.lines().position(|line| line.starts_with("    kind:")).expect("kind");
    let expected = format!(
        "::error file=spec/every_kind.yaml,line={line},col=5,title=breaking change (enum-value-removed)%3A schema kind::enum value `small` removed: its variant is gone (models::Kind::Small)"
    );
    assert!(annotations.contains(&expected), "{expected}\n{annotations}");
    let newline = github(&changes[..1], "a,b:c.yaml");
    assert!(
        newline.starts_with("::error file=a%2Cb%3Ac.yaml,")
            || newline.starts_with("::notice file=a%2Cb%3Ac.yaml,"),
        "{newline}"
    );
}

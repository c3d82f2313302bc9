//! The review's newer checks on specs written here: constraints compared
//! by the side that sends them, and schemas renamed.

use apicrate_codegen::review::{compare, diff, markdown, Impact};
use review_support::{find, lower_text};

#[path = "support/review.rs"]
mod review_support;

/// A property's constraints: tighter ones break what requests send, and
/// only narrow what answers bring; looser ones break nothing.
#[test]
fn constraints_are_compared_by_the_side_that_sends_them() {
    let spec = |note: &str, count: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /notes:\n    post:\n      \
             operationId: addNote\n      requestBody:\n        required: true\n        content:\n          \
             application/json: {{ schema: {{ $ref: '#/components/schemas/note' }} }}\n      responses:\n        \
             '200':\n          description: ok\n          content:\n            application/json: {{ schema: \
             {{ $ref: '#/components/schemas/tally' }} }}\ncomponents:\n  schemas:\n    note:\n      type: \
             object\n      properties:\n        text: {{ type: string{note} }}\n    tally:\n      type: object\n      \
             properties:\n        count: {{ type: integer{count} }}\n"
        )
    };
    let review = |old: (&str, &str), new: (&str, &str)| {
        diff(&lower_text(&spec(old.0, old.1)), &lower_text(&spec(new.0, new.1)))
    };
    // Sent in the request: tighter breaks.
    let tighter = review((", maxLength: 64", ""), (", maxLength: 32", ""));
    let change = find(&tighter, "property `text` constrained more: `maxLength` 64 → 32");
    assert_eq!(change.impact, Impact::Breaking, "{change:#?}");
    assert_eq!(change.check.id(), "constraint-tightened");
    assert_eq!(change.rust_items, ["models::Note::text"]);
    let pattern = review(("", ""), (", pattern: '^[a-z]+$'", ""));
    assert_eq!(find(&pattern, "`pattern` none → ^[a-z]+$").impact, Impact::Breaking);
    // Looser never breaks.
    let looser = review((", maxLength: 32, minLength: 2", ""), (", maxLength: 64", ""));
    let change = find(&looser, "constrained less: `maxLength` 32 → 64, `minLength` 2 → none");
    assert_eq!((change.impact, change.check.id()), (Impact::Compatible, "constraint-loosened"));
    // Only received: a tighter bound narrows what users get.
    let answer = review(("", ", minimum: 0"), ("", ", minimum: 0, exclusiveMinimum: true"));
    let change = find(&answer, "`minimum` 0 → 0 (exclusive); it is only received");
    assert_eq!(change.impact, Impact::Compatible, "{change:#?}");
    assert!(review(("", ""), ("", "")).is_empty());
}

/// A string's format, a number's step, unique items and defaults are
/// compared too: a format appearing, a step that old values miss and
/// unique items are tighter; a changed default is reported, compatible,
/// saying what leaving the value out now means.
#[test]
fn formats_steps_unique_items_and_defaults_are_compared() {
    let spec = |email: &str, step: &str, tags: &str, limit: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /people:\n    post:\n      \
             operationId: addPerson\n      parameters:\n        - {{ name: limit, in: query, schema: {{ \
             type: integer{limit} }} }}\n      requestBody:\n        required: true\n        content:\n          \
             application/json:\n            schema:\n              type: object\n              properties:\n                \
             email: {{ type: string{email} }}\n                age: {{ type: integer{step} }}\n                \
             tags: {{ type: array, items: {{ type: string }}{tags} }}\n      responses:\n        '204': {{ \
             description: stored }}\n"
        )
    };
    let review = |old: [&str; 4], new: [&str; 4]| {
        let lower = |parts: [&str; 4]| lower_text(&spec(parts[0], parts[1], parts[2], parts[3]));
        diff(&lower(old), &lower(new))
    };
    let none = ["", "", "", ""];
    let tighter = review(
        none,
        [", format: email", ", multipleOf: 5", ", uniqueItems: true", ", default: 20"],
    );
    let format = find(&tighter, "`format` none → email");
    assert_eq!((format.check.id(), format.impact), ("constraint-tightened", Impact::Breaking));
    assert_eq!(find(&tighter, "`multipleOf` none → 5").impact, Impact::Breaking);
    assert_eq!(find(&tighter, "`uniqueItems` none → true").impact, Impact::Breaking);
    let default = find(&tighter, "parameter `limit`'s default none → 20");
    assert_eq!((default.check.id(), default.impact), ("default-changed", Impact::Compatible));
    assert!(default.what.contains("a request that leaves it out now gets the new one"));
    // A coarser step and formats or unique items dropped are looser; a
    // step the old values do not all meet is tighter.
    let old = [", format: email", ", multipleOf: 2", ", uniqueItems: true", ", default: 20"];
    let looser = review(old, ["", ", multipleOf: 1", "", ", default: 20"]);
    let change = find(&looser, "`format` email → none");
    assert_eq!((change.check.id(), change.impact), ("constraint-loosened", Impact::Compatible));
    assert_eq!(find(&looser, "`multipleOf` 2 → 1").impact, Impact::Compatible);
    assert_eq!(find(&looser, "`uniqueItems` true → none").impact, Impact::Compatible);
    let steps =
        review(old, [", format: email", ", multipleOf: 3", ", uniqueItems: true", ", default: 20"]);
    assert_eq!(find(&steps, "`multipleOf` 2 → 3").impact, Impact::Breaking);
    // A format with a Rust type of its own is a type change, not a constraint.
    let typed = review(none, [", format: date-time", "", "", ""]);
    assert!(typed.iter().all(|change| change.check.id() != "constraint-tightened"), "{typed:#?}");
    assert!(review(old, old).is_empty());
}

/// The pull request a reviewer meets: a schema renamed, a request limit
/// tightened and an operation added are three entries, each located, with
/// its operations, Rust items and level, and together a major bump.
#[test]
fn a_rename_a_tighter_limit_and_an_operation_are_three_entries() {
    let spec = |author: &str, limit: u32, extra: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1.0.0' }}\npaths:\n  /notes:\n    post:\n      \
             operationId: addNote\n      requestBody:\n        required: true\n        content:\n          \
             application/json: {{ schema: {{ $ref: '#/components/schemas/note' }} }}\n      responses:\n        \
             '204': {{ description: stored }}\n{extra}components:\n  schemas:\n    note:\n      type: object\n      \
             properties:\n        text: {{ type: string, maxLength: {limit} }}\n        by: {{ $ref: \
             '#/components/schemas/{author}' }}\n    {author}:\n      type: object\n      properties:\n        \
             name: {{ type: string }}\n"
        )
    };
    let added = "  /notes/{id}:\n    get:\n      operationId: getNote\n      parameters:\n        - { name: id, in: \
                 path, required: true, schema: { type: string } }\n      responses:\n        '204': { description: \
                 found }\n";
    let dir = std::env::temp_dir().join(format!("spec-diff-three-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, spec("author", 64, "")).expect("old");
    std::fs::write(&new, spec("writer", 32, added)).expect("new");
    let compared = compare(&old, &new).expect("compares");
    let changes = &compared.changes;
    let summary: Vec<(&str, Impact)> = changes.iter().map(|c| (c.check.id(), c.impact)).collect();
    assert_eq!(
        summary,
        [
            ("operation-added", Impact::Compatible),
            ("constraint-tightened", Impact::Breaking),
            ("schema-renamed", Impact::Breaking),
        ],
        "{changes:#?}"
    );
    let renamed = find(changes, "schema renamed from `author`");
    assert_eq!(renamed.rust_items, ["models::Writer", "models::Author"]);
    assert_eq!(renamed.used_by, ["`AddNote` (request)"]);
    let tighter = find(changes, "`maxLength` 64 → 32");
    assert_eq!(tighter.used_by, ["`AddNote` (request)"]);
    let text = std::fs::read_to_string(&new).expect("new");
    for change in changes {
        let location = change.location.as_ref().expect("located");
        let (line, _) = location.line_col.expect("a line");
        let written = text.lines().nth(line - 1).expect("the line").trim();
        let expected = match change.check.id() {
            "operation-added" => "get:",
            "constraint-tightened" => "note:",
            _ => "writer:",
        };
        assert_eq!(written, expected, "{change:#?}");
    }
    let versions = (compared.old.version.as_str(), compared.new.version.as_str());
    let report = markdown(changes, "old.yaml", "new.yaml", versions);
    assert!(report.contains("**Suggested bump: major**"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A component renamed where the Rust name stays (`user-photo` to
/// `userPhoto`, both `UserPhoto`) is one compatible change.
#[test]
fn a_rename_rust_does_not_see_is_compatible() {
    let spec = |name: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /p:\n    get:\n      operationId: \
             getP\n      responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json: {{ schema: {{ $ref: '#/components/schemas/{name}' }} }}\ncomponents:\n  \
             schemas:\n    {name}:\n      type: object\n      properties:\n        id: {{ type: string }}\n"
        )
    };
    let changes = diff(&lower_text(&spec("user-photo")), &lower_text(&spec("userPhoto")));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].check.id(), "schema-renamed");
    assert_eq!(changes[0].impact, Impact::Compatible);
    assert!(changes[0].what.contains("the Rust name stays"), "{changes:#?}");
}

/// A parameter is always sent: a tighter constraint on it breaks.
#[test]
fn a_parameter_constrained_more_breaks() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /p:\n    get:\n      operationId: \
             getP\n      parameters:\n        - {{ name: top, in: query, schema: {schema} }}\n      responses:\n        \
             '204': {{ description: ok }}\n"
        )
    };
    let old = lower_text(&spec("{ type: integer, maximum: 999 }"));
    let tighter = diff(&old, &lower_text(&spec("{ type: integer, maximum: 100 }")));
    let change = find(&tighter, "query parameter `top` constrained more: `maximum` 999 → 100");
    assert_eq!((change.impact, change.check.id()), (Impact::Breaking, "constraint-tightened"));
    assert_eq!(change.rust_items, ["operations::GetP::top"]);
    let looser = diff(&old, &lower_text(&spec("{ type: integer }")));
    assert_eq!(find(&looser, "`maximum` 999 → none").impact, Impact::Compatible);
}

/// `readOnly` and `writeOnly`: a write-only property is an `Option`, so
/// making one write-only changes its Rust type; read-only does not.
#[test]
fn read_only_and_write_only_changes_are_reviewed() {
    let spec = |flags: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /p:\n    post:\n      operationId: \
             addP\n      requestBody:\n        content:\n          application/json: {{ schema: {{ $ref: \
             '#/components/schemas/p' }} }}\n      responses:\n        '204': {{ description: ok }}\n\
             components:\n  schemas:\n    p:\n      type: object\n      required: [secret]\n      properties:\n        \
             secret: {{ type: string{flags} }}\n"
        )
    };
    let old = lower_text(&spec(""));
    let write_only = diff(&old, &lower_text(&spec(", writeOnly: true")));
    let change = find(&write_only, "was read and written, is now write-only");
    assert_eq!((change.impact, change.check.id()), (Impact::Breaking, "property-access-changed"));
    assert!(change.what.ends_with("its Rust type changes"), "{change:#?}");
    let read_only = diff(&old, &lower_text(&spec(", readOnly: true")));
    let change = find(&read_only, "is now read-only (requests leave it out)");
    // The Rust type stays, but requests stop sending the value.
    assert_eq!(
        (change.impact, change.check.id()),
        (Impact::Breaking, "request-property-read-only")
    );
    assert!(!change.breaks_rust(), "{change:#?}");
}

/// An operationId changed on the same route is the same operation
/// renamed: its Rust name changes (breaking), nothing is removed or added.
#[test]
fn an_operation_renamed_on_its_route_is_a_rename() {
    let spec = |id: &str, param: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /things/{{{param}}}:\n    get:\n      \
             operationId: {id}\n      parameters:\n        - {{ name: {param}, in: path, required: true, schema: \
             {{ type: string }} }}\n      responses:\n        '204': {{ description: ok }}\n"
        )
    };
    let changes = diff(
        &lower_text(&spec("getThing", "thing-id")),
        &lower_text(&spec("fetchThing", "thingId")),
    );
    let found: Vec<(&str, Impact)> = changes.iter().map(|c| (c.check.id(), c.impact)).collect();
    assert_eq!(
        found,
        [
            ("rust-name-changed", Impact::Breaking),
            ("operation-id-changed", Impact::Compatible),
            ("path-parameter-renamed", Impact::Compatible),
        ],
        "{changes:#?}"
    );
    assert_eq!(
        find(&changes, "Rust name changed from `GetThing`").rust_items[0],
        "operations::FetchThing"
    );
}

/// An error status documented or dropped changes no Rust (every error is a
/// `ResponseError`): reported, as documentation, never as a break.
#[test]
fn an_error_response_documented_is_documentation() {
    let spec = |errors: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /p/{{id}}:\n    delete:\n      \
             operationId: deleteP\n      parameters:\n        - {{ name: id, in: path, required: true, schema: \
             {{ type: string }} }}\n      responses:\n        '204': {{ description: deleted }}\n{errors}"
        )
    };
    let (without, with) = (spec(""), spec("        '404': { description: missing }\n"));
    let added = diff(&lower_text(&without), &lower_text(&with));
    assert_eq!(added.len(), 1, "{added:#?}");
    let change = find(&added, "error response 404 documented");
    assert_eq!((change.impact, change.check.id()), (Impact::Compatible, "response-added"));
    assert_eq!(change.bump.as_str(), "patch", "{change:#?}");
    assert_eq!(change.rust_items, ["operations::DeleteP::parse_response"]);
    let removed = diff(&lower_text(&with), &lower_text(&without));
    let change = find(&removed, "error response 404 no longer documented");
    assert_eq!((change.impact, change.bump.as_str()), (Impact::Compatible, "patch"));
    // `default` alone is the expected answer; beside a success it is an
    // error: reported as the success response it was, once.
    let only_default = spec("").replace("'204'", "default");
    let moved = diff(
        &lower_text(&only_default),
        &lower_text(&spec("        default: { description: no }\n")),
    );
    assert!(
        moved.iter().any(|c| c.what.contains("success response default removed")),
        "{moved:#?}"
    );
    assert!(moved.iter().all(|c| !c.what.contains("error response")), "{moved:#?}");
}

/// A schema's or a property's description changed is a patch-level
/// documentation change, naming the Rust item whose docs change.
#[test]
fn schema_and_property_docs_are_compared() {
    let spec = |schema: &str, property: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /notes:\n    get:\n      \
             operationId: getNote\n      responses:\n        '200':\n          description: ok\n          \
             content:\n            application/json: {{ schema: {{ $ref: '#/components/schemas/note' }} }}\n\
             components:\n  schemas:\n    note:\n      type: object\n      description: {schema}\n      \
             properties:\n        text: {{ type: string, description: {property} }}\n"
        )
    };
    let review = |old: (&str, &str), new: (&str, &str)| {
        diff(&lower_text(&spec(old.0, old.1)), &lower_text(&spec(new.0, new.1)))
    };
    let schema = review(("A note.", "Its text."), ("A short note.", "Its text."));
    let change = find(&schema, "documentation changed");
    assert_eq!((change.impact, change.check.id()), (Impact::Compatible, "docs-changed"));
    assert_eq!(change.rust_items, ["models::Note"]);
    assert_eq!(schema.len(), 1, "{schema:#?}");
    let property = review(("A note.", "Its text."), ("A note.", "Its text, in Markdown."));
    let change = find(&property, "property `text`'s documentation changed");
    assert_eq!(change.rust_items, ["models::Note::text"]);
    assert_eq!(property.len(), 1, "{property:#?}");
    assert!(review(("A note.", "Its text."), ("A note.", "Its text.")).is_empty());
}

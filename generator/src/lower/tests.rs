//! Lowering as a whole: path templates, parameter checks, derived names.

use std::path::Path;

use super::*;
use crate::ir::{PathSegment, TypeKind, TypeRef};

fn lower_text(text: &str) -> Result<Api, Diagnostics> {
    lower(&crate::load::load_str(Path::new("t.yaml"), text).expect("loads"))
        .map(|lowered| lowered.api)
}

fn spec_with_path(path: &str, params: &[&str]) -> String {
    let params: String = params
        .iter()
        .map(|name| format!("        - {{ name: '{name}', in: path, required: true, schema: {{ type: string }} }}\n"))
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  \"{path}\":\n    get:\n      operationId: \
            op\n      parameters:\n{params}      responses:\n        '204': {{ description: ok }}\n"
    )
}

#[test]
fn path_templates_split_into_literals_and_parameters() {
    let api =
        lower_text(&spec_with_path("/users/{user-id}/photos/{size}/$value", &["user-id", "size"]))
            .expect("lowers");
    let operation = &api.operations[0];
    assert_eq!(
        operation.path,
        [
            PathSegment::Literal("/users/".into()),
            PathSegment::Param(0),
            PathSegment::Literal("/photos/".into()),
            PathSegment::Param(1),
            PathSegment::Literal("/$value".into()),
        ]
    );
    assert_eq!(operation.params[0].name.rust.as_str(), "user_id");
    assert_eq!(operation.name.rust.as_str(), "Op");
}

#[test]
fn odata_key_syntax_keeps_parameters_inside_segments() {
    let api = lower_text(&spec_with_path("/users('{id}')/photo", &["id"])).expect("lowers");
    assert_eq!(
        api.operations[0].path,
        [
            PathSegment::Literal("/users('".into()),
            PathSegment::Param(0),
            PathSegment::Literal("')/photo".into())
        ]
    );
}

#[test]
fn the_template_wins_over_declared_path_parameters_with_warnings() {
    let spec =
        crate::load::load_str(Path::new("t.yaml"), &spec_with_path("/users/{user-id}", &["id"]))
            .expect("loads");
    let lowered = lower(&spec).expect("a mismatch is a warning");
    let messages: Vec<&str> =
        lowered.warnings.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`{user-id}`") && m.contains("generated as a required string")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("`id` is declared") && m.contains("left out")),
        "{messages:?}"
    );
    assert!(
        lowered.warnings.problems.iter().all(|p| p.line_col.is_some()),
        "every warning is located"
    );
    let operation = &lowered.api.operations[0];
    let names: Vec<&str> = operation.params.iter().map(|p| p.name.api.as_str()).collect();
    assert_eq!(names, ["user-id"], "the undeclared one is inferred, the unused one left out");
    assert_eq!(operation.path, [PathSegment::Literal("/users/".into()), PathSegment::Param(0)]);
    assert_eq!(operation.notes.len(), 2, "the operation's docs say what was inferred");
}

#[test]
fn operations_without_an_id_get_a_stable_derived_name() {
    let text = spec_with_path("/users/{user-id}/photo", &["user-id"])
        .replace("      operationId: op\n", "");
    let api = lower_text(&text).expect("lowers");
    assert_eq!(api.operations[0].operation_id(), "getUsersUserIdPhoto");
    assert_eq!(api.operations[0].name.rust.as_str(), "GetUsersUserIdPhoto");
}

/// `unknownFutureValue` means what Microsoft Graph says only in a Graph
/// API (a server on one of its hosts, variables at their defaults).
#[test]
fn only_graph_enums_are_graph_evolvable() {
    let spec = |server: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\nservers:\n  - url: '{server}'\n    variables: \
                {{ host: {{ default: graph.microsoft.us }} }}\npaths: {{}}\ncomponents:\n  schemas:\n    Mode: \
                {{ type: string, enum: [a, unknownFutureValue] }}\n    Plain: {{ type: string, enum: \
                [a, b] }}\n"
        )
    };
    let evolvable = |server: &str| {
        let api = lower_text(&spec(server)).expect("lowers");
        let flags = api.types.iter().map(|def| match &def.kind {
            crate::ir::TypeKind::Enum(enumeration) => enumeration.graph_evolvable,
            _ => panic!("an enum"),
        });
        (api.is_microsoft_graph(), flags.collect::<Vec<_>>())
    };
    assert_eq!(evolvable("https://graph.microsoft.com/v1.0"), (true, vec![true, false]));
    assert_eq!(evolvable("https://{host}/beta"), (true, vec![true, false]));
    assert_eq!(
        evolvable("https://api.example.com/graph.microsoft.com"),
        (false, vec![false, false])
    );
    assert_eq!(evolvable("https://graph.microsoft.com.example.org"), (false, vec![false, false]));
}

/// Inline enums of the same values (and deprecation) are one type: the
/// later ones are aliases of the first, under their own names.
#[test]
fn inline_enums_of_the_same_values_are_one_type() {
    let param = |name: &str, schema: &str| {
        format!("        - {{ name: {name}, in: query, schema: {{ type: string, {schema} }} }}\n")
    };
    let params = [
        param("a", "enum: [x, y]"),
        param("b", "enum: [x, y]"),
        param("c", "enum: [y, x]"),
        param("d", "enum: [x, y], deprecated: true"),
    ];
    let text = format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  /a:\n    get:\n      \
         operationId: op\n      parameters:\n{}      responses:\n        '204': {{ description: ok }}\n",
        params.concat()
    );
    let api = lower_text(&text).expect("lowers");
    let kind = |name: &str| {
        let def = api.types.iter().find(|def| def.name.as_str() == name).expect(name);
        match &def.kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(target.as_str().to_owned()),
            TypeKind::Enum(_) => None,
            other => panic!("{name}: {other:?}"),
        }
    };
    assert_eq!(kind("OpA"), None);
    assert_eq!(kind("OpB").as_deref(), Some("OpA"), "the same values");
    assert_eq!(kind("OpC"), None, "another order is another enum");
    assert_eq!(kind("OpD"), None, "a deprecated enum is not the same");
}

#[test]
fn a_merged_part_that_another_type_aliases_is_kept() {
    // `p` is declared by three allOf parts, two of them objects, so the
    // parts' own types of `p` are merged into one and theirs discarded.
    // The first part's enum is the first of its values; `s`, declared once
    // by the second part, is an alias of it and must still name that enum,
    // not a missing type or the merged `p` that may take its name.
    let text = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    \
        Thing:\n      allOf:\n        - properties: { p: { type: string, enum: [a, b] } }\n        \
        - properties:\n            p: { type: object, properties: { r: { type: integer } } }\n            \
        s: { type: string, enum: [a, b] }\n        \
        - properties: { p: { type: object, properties: { q: { type: integer } } } }\n";
    let api = lower_text(text).expect("lowers");
    let def = |name: &str| api.types.iter().find(|def| def.name.as_str() == name);
    let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
    let Some(TypeKind::Alias(TypeRef::Named(target))) = def("ThingS").map(|def| &def.kind) else {
        panic!("`s` is an alias: {names:?}")
    };
    let target = def(target.as_str()).unwrap_or_else(|| panic!("{target} exists: {names:?}"));
    assert!(matches!(target.kind, TypeKind::Enum(_)), "{target:?}");
}

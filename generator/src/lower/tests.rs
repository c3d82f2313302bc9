//! Lowering as a whole: path templates, parameter checks, derived names.

use std::path::Path;

use super::*;
use crate::ir::PathSegment;

fn lower_text(text: &str) -> Result<Api, Diagnostics> {
    lower(&crate::load::load_str(Path::new("t.yaml"), text).expect("loads"))
}

fn spec_with_path(path: &str, params: &[&str]) -> String {
    let params: String = params
        .iter()
        .map(|name| format!("        - {{ name: '{name}', in: path, required: true, schema: {{ type: string }} }}\n"))
        .collect();
    format!(
        "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  \"{path}\":\n    get:\n      operationId: op\n      parameters:\n{params}      responses:\n        '204': {{ description: ok }}\n"
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
fn template_and_declared_parameters_must_agree() {
    let error = lower_text(&spec_with_path("/users/{user-id}", &["id"])).expect_err("mismatch");
    let messages: Vec<&str> = error.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("`{user-id}`") && m.contains("not declared")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("`id` is declared")), "{messages:?}");
    assert!(error.problems.iter().all(|p| p.line_col.is_some()), "every problem is located");
}

#[test]
fn operations_without_an_id_get_a_stable_derived_name() {
    let text = spec_with_path("/users/{user-id}/photo", &["user-id"])
        .replace("      operationId: op\n", "");
    let api = lower_text(&text).expect("lowers");
    assert_eq!(api.operations[0].operation_id(), "getUsersUserIdPhoto");
    assert_eq!(api.operations[0].name.rust.as_str(), "GetUsersUserIdPhoto");
}

//! Loading a 3.1 document, two ways: the quick one ([`v31::stream`]),
//! which reads the document straight from the parser, and the tree's,
//! which also repairs and explains. Both normalise by the same rules, and
//! the tests below hold them to the same answers.

use std::path::Path;

use openapiv3::OpenAPI;

use super::{
    check_document_kind, explain_failure, explain_yaml, located, repair, tree, v31, Format, Spec,
    WRONG_SHAPE_HELP,
};
use crate::error::{Diagnostic, Diagnostics};

/// Loads a 3.1 document: read the quick way ([`v31::stream`]) if it can
/// be, else its tree normalised into 3.0's shape (with the repairs 3.0
/// documents get, if it needs them), then deserialised. Every diagnostic
/// points into the 3.1 source.
pub(super) fn load_31(file: &Path, text: &str, format: Format) -> Result<Spec, Diagnostics> {
    match read_31(file, text, format) {
        Some(spec) => Ok(spec),
        None => load_31_tree(file, text, format),
    }
}

/// A 3.1 document read the quick way, if it can be.
fn read_31(file: &Path, text: &str, format: Format) -> Option<Spec> {
    let read = v31::stream::read(format, text)?;
    let webhooks = read.webhooks.map(serde::Deserialize::deserialize).transpose().ok()?;
    Some(Spec {
        webhooks: webhooks.unwrap_or_default(),
        v31: true,
        moves: read.normalised.moves,
        ..Spec::new(file, text, format, read.document, read.normalised.warnings)
    })
}

/// A 3.1 document read through its normalised tree.
fn load_31_tree(file: &Path, text: &str, format: Format) -> Result<Spec, Diagnostics> {
    let fail = |diagnostic: Diagnostic| Diagnostics {
        file: file.to_path_buf(),
        problems: vec![diagnostic],
    };
    // A problem found in what normalising made, with its place in the source.
    let located_failure = |diagnostic: Diagnostic| Diagnostics {
        file: file.to_path_buf(),
        problems: located(vec![diagnostic], text),
    };
    let mut raw = tree::parse(format, text).map_err(|_| fail(explain_failure(format, text)))?;
    check_document_kind(&raw).map_err(fail)?;
    let normalised = v31::normalise(&mut raw);
    let moves = normalised.moves;
    let mut warnings = normalised.warnings;
    // Printed and parsed again, so YAML's rules apply exactly as in a plain
    // parse (an unquoted `1.0` is a string where a string is expected).
    let printed = |raw: &serde_yaml::Value| serde_yaml::to_string(raw).unwrap_or_default();
    let mut repaired = false;
    // Read from the tree itself (cheaper than through JSON text, and with
    // less memory), else from it written as YAML: a plain `1.0` where text
    // is expected is text only to YAML's own reading.
    let read = <OpenAPI as serde::Deserialize>::deserialize(&raw)
        .or_else(|_| serde_yaml::from_str::<OpenAPI>(&printed(&raw)));
    let mut document = match read {
        Ok(document) => document,
        Err(_) => {
            let repairs = repair::repair(&mut raw);
            let document = match repairs.is_empty() {
                true => None,
                false => serde_yaml::from_str::<OpenAPI>(&printed(&raw)).ok(),
            };
            let Some(document) = document else {
                // Why, as a pointer into the normalised document, told
                // where it is in the source.
                let problem = explain_yaml(&printed(&raw));
                let problem = Diagnostic { pointer: moves.source(&problem.pointer), ..problem };
                return Err(located_failure(problem));
            };
            repaired = true;
            warnings.extend(
                repairs
                    .into_iter()
                    .map(|repair| Diagnostic { pointer: moves.source(&repair.pointer), ..repair }),
            );
            document
        }
    };
    let webhooks = match document.extensions.shift_remove(v31::WEBHOOKS) {
        None => indexmap::IndexMap::new(),
        Some(webhooks) => serde_json::from_value(webhooks).map_err(|error| {
            let message = format!("the webhooks have the wrong shape: {error}");
            located_failure(Diagnostic::new("#/webhooks", message).help(WRONG_SHAPE_HELP))
        })?,
    };
    Ok(Spec {
        webhooks,
        v31: true,
        moves,
        repaired,
        tree: std::sync::Arc::new(std::sync::Mutex::new(Some(raw))),
        ..Spec::new(file, text, format, document, warnings)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with something for every rewrite outside schemas, and
    /// schemas under keys YAML reads as numbers.
    const EVERYTHING: &str = r##"openapi: 3.1.0
info:
  title: t
  version: '1'
  license: { identifier: Apache-2.0 }
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
paths:
  /pets/{pet~id}:
    get:
      operationId: getPet
      parameters:
        - { name: pet~id, in: path, required: true, schema: { type: [integer, 'null'], exclusiveMinimum: 0 } }
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet', description: the pet }
              examples: { one: { value: { schema: { type: [string, 'null'] } } } }
        default:
          description: error
          content: { text/plain: { schema: { type: string, contentMediaType: text/plain } } }
webhooks:
  petAdded:
    post:
      requestBody:
        content: { application/json: { schema: { anyOf: [{ $ref: '#/components/schemas/Pet' }, { type: 'null' }] } } }
      responses: { '200': { description: ok } }
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer, examples: [1, 2] }
        kind: { oneOf: [{ title: Cat, const: cat }, { title: Dog, const: dog }] }
        photo: { type: string, contentEncoding: base64 }
        extra: { if: { type: string }, then: { minLength: 1 } }
        tags: { type: array, prefixItems: [{ type: string }] }
    example: { type: [string, 'null'] }
"##;

    fn both(name: &str, text: &str) -> (Option<Spec>, Spec) {
        let format = Format::detect(Path::new(name), text);
        let quick = read_31(Path::new(name), text, format);
        let tree = load_31_tree(Path::new(name), text, format).expect("the tree's way loads it");
        (quick, tree)
    }

    fn assert_same(name: &str, text: &str) {
        let (quick, tree) = both(name, text);
        let quick = quick.unwrap_or_else(|| panic!("{name} is read the quick way"));
        assert_eq!(quick.document, tree.document, "{name}: the documents differ");
        assert_eq!(quick.webhooks, tree.webhooks, "{name}: the webhooks differ");
        assert_eq!(quick.warnings, tree.warnings, "{name}: the warnings differ");
        assert_eq!(quick.moves, tree.moves, "{name}: the moves differ");
    }

    #[test]
    fn the_quick_way_reads_what_the_trees_way_reads() {
        assert_same("everything.yaml", EVERYTHING);
        let tree: serde_json::Value = serde_yaml::from_str(EVERYTHING).expect("YAML");
        let json = serde_json::to_string_pretty(&tree).expect("JSON");
        assert_same("everything.json", &json);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for fixture in [
            "tests/fixtures/v31.yaml",
            "tests/fixtures/v31_webhooks.yaml",
            "build-example/todos.yaml",
        ] {
            let text = std::fs::read_to_string(root.join(fixture)).expect("a fixture");
            assert_same(fixture, &text);
        }
        let head = "openapi: 3.1.0\ninfo: { title: t, version: '1' }\n";
        let cases = [
            format!("{head}webhooks: {{ a: {{ post: {{ responses: {{}} }} }} }}\n"),
            format!("{head}paths: {{ /a: {{ get: {{}}, post: {{ responses: {{}} }} }} }}\n"),
            format!("{head}paths: {{}}\ncomponents: {{ schemas: {{ N: {{ type: integer, maximum: 18446744073709552000 }} }} }}\n"),
            // Text the parser cannot lend (escaped), in a schema kept and one rewritten.
            format!(
                "{head}paths: {{}}\ncomponents: {{ schemas: {{ {} }} }}\n",
                r#""E\u00e9": { description: "a\tb", enum: ["\"q\""] }, R: { type: [string, 'null'], description: "\u00e9" }"#
            ),
        ];
        for text in cases {
            assert_same(&text, &text);
        }
        let escaped = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"E\u00e9": {"description": "a\tb", "enum": ["\"q\""]},
            "R": {"type": ["string", "null"], "description": "\u00e9"}}}}"#;
        assert_same("escaped.json", escaped);
    }

    #[test]
    fn the_quick_way_leaves_what_only_the_tree_mends() {
        let head = "openapi: 3.1.0\ninfo: { title: t, version: '1' }\n";
        let swagger = format!("{head}swagger: '2.0'\npaths: {{}}\n");
        assert!(read_31(Path::new("a.yaml"), &swagger, Format::Yaml).is_none());
        let refused = load_31(Path::new("a.yaml"), &swagger, Format::Yaml).expect_err("refused");
        assert!(refused.to_string().contains("Swagger 2.0"), "{refused}");
        let repaired = format!(
            "{head}paths: {{}}\ncomponents: {{ schemas: {{ S: {{ type: string, minLength: -1 }} }} }}\n"
        );
        assert!(read_31(Path::new("a.yaml"), &repaired, Format::Yaml).is_none());
        let spec = load_31(Path::new("a.yaml"), &repaired, Format::Yaml).expect("repaired");
        assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
        assert_eq!(spec.warnings[0].pointer, "#/components/schemas/S/minLength");
    }
}

//! Property tests: random names, random schemas and mutated specs never make
//! the generator panic; each gives either diagnostics or code that parses.

use std::path::Path;

use apicrate_codegen::{naming, Options};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn options() -> Options {
    Options::new("proptest", "random")
}

/// Runs the whole pipeline on `text`; every emitted file must parse as Rust.
fn generate_text(text: &str) -> Result<(), String> {
    let lowered =
        apicrate_codegen::lower_str(Path::new("random.yaml"), text).map_err(|e| e.to_string())?;
    let files =
        apicrate_codegen::generate_lowered(lowered, &options()).map_err(|e| e.to_string())?.files;
    for (path, contents) in files {
        if let Err(error) = syn::parse_file(&contents) {
            panic!("{path} does not parse: {error}\n{contents}");
        }
    }
    Ok(())
}

fn is_identifier(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// API names as specs spell them: any characters, biased to the awkward ones.
fn api_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_@$.\\- 0-9]{0,12}",
        "\\PC{0,8}",
        prop::sample::select(vec![
            "type",
            "self",
            "Self",
            "crate",
            "super",
            "match",
            "Option",
            "Result",
            "String",
            "Vec",
            "Box",
            "$value",
            "@odata.type",
            "_",
            "123"
        ])
        .prop_map(str::to_owned),
    ]
}

fn schema(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "binary"})),
        Just(json!({"type": "string", "format": "date-time", "nullable": true})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "format": "uint64"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        prop::collection::vec(api_name(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        (0..3usize).prop_map(|i| json!({"$ref": format!("#/components/schemas/s{i}")})),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = schema(depth - 1);
    prop_oneof![
        3 => leaf,
        1 => prop::collection::btree_map(api_name(), inner.clone(), 0..4).prop_map(|properties| {
            let required: Vec<&String> = properties.keys().take(1).collect();
            json!({"type": "object", "properties": properties, "required": required})
        }),
        1 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
        1 => inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
        1 => prop::collection::vec(inner.clone(), 1..3).prop_map(|variants| json!({"oneOf": variants})),
        1 => prop::collection::vec(inner, 1..3).prop_map(|parts| json!({"allOf": parts})),
    ]
    .boxed()
}

fn spec(schemas: Vec<Value>, param_names: Vec<String>, operation_ids: Vec<String>) -> String {
    let mut components = Map::new();
    for (i, schema) in schemas.iter().enumerate() {
        components.insert(format!("s{i}"), schema.clone());
    }
    let mut paths = Map::new();
    for (i, (name, operation_id)) in param_names.iter().zip(&operation_ids).enumerate() {
        let template = format!("/r{i}/{{{name}}}");
        paths.insert(
            template,
            json!({
                "post": {
                    "operationId": operation_id,
                    "parameters": [
                        {"name": name, "in": "path", "required": true, "schema": {"type": "string"}},
                        {"name": format!("q{name}"), "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}}
                    ],
                    "requestBody": {"required": i % 2 == 0, "content": {"application/json": {"schema": schemas[i % schemas.len()]}}},
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/s0"}}}},
                        "2XX": {"description": "other"},
                        "default": {"description": "error", "content": {"text/plain": {"schema": {"type": "string"}}}}
                    }
                }
            }),
        );
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": "random", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    });
    serde_yaml::to_string(&document).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_name_becomes_a_valid_identifier(name in api_name()) {
        for ident in [
            naming::snake(&name),
            naming::upper_camel(&name),
            naming::type_name(&name),
            naming::operation_name(&name),
            naming::module(&name),
        ] {
            prop_assert!(is_identifier(ident.as_str()), "{name:?} became {ident:?}");
        }
    }

    #[test]
    fn disambiguated_names_are_unique(names in prop::collection::vec(api_name(), 0..12)) {
        let idents = naming::disambiguate(names.iter().map(|name| naming::snake(name)).collect());
        let unique: std::collections::BTreeSet<_> = idents.iter().collect();
        prop_assert_eq!(unique.len(), idents.len(), "{:?}", idents);
        for ident in &idents {
            prop_assert!(is_identifier(ident.as_str()), "{ident:?}");
        }
    }

    #[test]
    fn random_specs_give_diagnostics_or_code_that_parses(
        schemas in prop::collection::vec(schema(3), 3..5),
        params in prop::collection::vec(api_name(), 1..4),
        ids in prop::collection::vec(api_name(), 4),
    ) {
        let text = spec(schemas, params, ids);
        // Either outcome is fine; a panic fails the property.
        let _ = generate_text(&text);
    }
}

/// A fixture spec with random bytes deleted, replaced or inserted.
fn mutated_fixture() -> impl Strategy<Value = String> {
    let text = include_str!("fixtures/features.yaml").to_owned();
    let length = text.len();
    prop::collection::vec(
        (
            0..length,
            prop::sample::select(vec![
                b' ', b':', b'{', b'}', b'[', b'-', b'\n', b'&', b'*', b'\'', b'"', b'x', b'$',
            ]),
        ),
        1..8,
    )
    .prop_map(move |edits| {
        let mut bytes = text.clone().into_bytes();
        for (index, byte) in edits {
            let index = index.min(bytes.len().saturating_sub(1));
            match index % 3 {
                0 => {
                    bytes.remove(index);
                }
                1 => bytes[index] = byte,
                _ => bytes.insert(index, byte),
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(text in mutated_fixture()) {
        let _ = generate_text(&text);
    }
}

#[test]
fn the_unmutated_fixture_generates() {
    generate_text(include_str!("fixtures/features.yaml")).expect("the fixture is valid");
}

/// Guards the property above against only ever testing the error path: with
/// simple names, most random schemas must generate code.
#[test]
fn most_random_specs_with_plain_names_generate_code() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = prop::collection::vec(schema(3), 3..5);
    let (mut generated, total) = (0, 200);
    let mut refusals = Vec::new();
    for _ in 0..total {
        let schemas = strategy.new_tree(&mut runner).expect("a value").current();
        let text = spec(
            schemas,
            vec!["id".into(), "item-id".into()],
            vec!["first".into(), "second".into()],
        );
        match generate_text(&text) {
            Ok(()) => generated += 1,
            Err(error) => refusals.push(error.lines().nth(1).unwrap_or_default().to_owned()),
        }
    }
    refusals.truncate(5);
    assert!(
        generated * 2 > total,
        "only {generated} of {total} random specs generated code; refusals: {refusals:#?}"
    );
}

/// Found by the property above: each part of `s0` leads back to `s0`, and
/// merging without a cycle guard doubled the work at every level (2^64).
#[test]
fn an_all_of_that_includes_itself_is_merged_once() {
    let text = r##"
openapi: 3.0.3
info: { title: cycle, version: '1' }
paths:
  /r:
    post:
      operationId: post
      requestBody:
        content:
          application/json:
            schema: { allOf: [ { $ref: '#/components/schemas/s1' }, { $ref: '#/components/schemas/s0' } ] }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/s0' } } } }
components:
  schemas:
    s0: { allOf: [ { $ref: '#/components/schemas/s1' }, { $ref: '#/components/schemas/s0' }, { properties: { id: { type: string } } } ] }
    s1: { $ref: '#/components/schemas/s0' }
"##;
    generate_text(text).expect("generates");
    let lowered = apicrate_codegen::lower_str(Path::new("cycle.yaml"), text).expect("lowers");
    let warnings = lowered.warnings.to_string();
    assert!(warnings.contains("allOf includes the schema it is part of"), "{warnings}");
}

/// Found by `random_specs_give_diagnostics_or_code_that_parses`: an `allOf`
/// inside a schema that names that schema twice doubled the work at every
/// level of nesting, so a 15-line spec never finished. A repeated part is
/// merged once; parts that include each other through distinct schemas
/// stop at a budget of merges. Both end, with warnings that say so.
#[test]
fn allof_parts_that_include_their_schema_end() {
    let spec = |parts: &str, more: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths: {{}}\ncomponents:\n  schemas:\n{more}    \
             s0:\n      type: object\n      properties:\n        inner:\n          type: object\n          \
             properties:\n            again: {{ allOf: [{parts}] }}\n"
        )
    };
    let warnings = |text: &str| -> Vec<String> {
        let lowered = apicrate_codegen::lower_str(Path::new("loop.yaml"), text).expect("lowered");
        let warnings = lowered.warnings.to_string();
        apicrate_codegen::generate_lowered(lowered, &options()).expect("generated");
        warnings.lines().map(str::to_owned).collect()
    };
    let s0 = "{ $ref: '#/components/schemas/s0' }";
    let twice = warnings(&spec(&format!("{s0}, {s0}"), ""));
    assert!(twice.iter().any(|w| w.contains("allOf names this part twice")), "{twice:#?}");
    let through = "    A: { allOf: [{ $ref: '#/components/schemas/s0' }] }\n    \
                   B: { allOf: [{ $ref: '#/components/schemas/s0' }] }\n";
    let parts = "{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }";
    let budget = warnings(&spec(parts, through));
    let over = budget.iter().filter(|w| w.contains("too many times over")).count();
    assert!(over >= 1, "{budget:#?}");
}

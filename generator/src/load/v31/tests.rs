use serde_yaml::Value;

use super::*;

/// `text` (a 3.1 document's YAML) normalised, with what normalising found.
fn normalise_text(text: &str) -> (Value, Normalised) {
    let mut tree: Value = serde_yaml::from_str(text).expect("YAML");
    let normalised = normalise(&mut tree);
    (tree, normalised)
}

/// The schema `name` of a document whose components are `schemas`.
fn schema(schemas: &str, name: &str) -> (Value, Normalised) {
    let text = format!(
        "openapi: 3.1.0\ninfo: {{ title: t, version: '1' }}\ncomponents:\n  schemas:\n{schemas}"
    );
    let (tree, normalised) = normalise_text(&text);
    (tree["components"]["schemas"][name].clone(), normalised)
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

#[test]
fn the_document_becomes_3_0() {
    let (tree, normalised) = normalise_text(
        "openapi: 3.1.0\ninfo: { title: t, version: '1', license: { name: Apache 2.0, identifier: \
            Apache-2.0 } }\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\nwebhooks: \
            { newPet: { post: { responses: { '200': { description: ok } } } } }\n",
    );
    assert_eq!(tree["openapi"], "3.0.3");
    assert_eq!(tree["paths"], yaml("{}"), "a document of webhooks only has no paths");
    assert_eq!(tree[WEBHOOKS]["newPet"]["post"]["responses"]["200"]["description"], "ok");
    assert_eq!(tree[WEBHOOKS], tree["webhooks"], "kept where the source has them too");
    assert_eq!(tree["info"]["license"][LICENSE_IDENTIFIER], "Apache-2.0");
    let pointers: Vec<&str> = normalised.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["#/jsonSchemaDialect"]);
    let (_, default) = normalise_text(
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\njsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base\n",
    );
    assert!(default.warnings.is_empty());
}

#[test]
fn null_in_a_type_list_is_nullable() {
    let (a, _) = schema("    A: { type: [string, 'null'], maxLength: 3 }\n", "A");
    assert_eq!(a, yaml("{ type: string, maxLength: 3, nullable: true }"));
    let (only_null, _) = schema("    A: { type: 'null' }\n", "A");
    assert_eq!(only_null, yaml("{ nullable: true }"));
    let (one, _) = schema("    A: { type: [integer] }\n", "A");
    assert_eq!(one, yaml("{ type: integer }"));
}

#[test]
fn several_types_are_an_any_of_with_each_types_keywords() {
    let (a, normalised) = schema(
        "    A: { type: [integer, string, 'null'], minimum: 1, maxLength: 9, format: int32, description: d }\n",
        "A",
    );
    assert_eq!(
        a,
        yaml("{ nullable: true, description: d, anyOf: [ { type: integer, minimum: 1, format: int32 }, { type: string, maxLength: 9 } ] }")
    );
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/anyOf/1/maxLength"),
        "#/components/schemas/A/maxLength"
    );
    let (number, _) = schema("    A: { type: [integer, number] }\n", "A");
    assert_eq!(number, yaml("{ type: number }"));
}

#[test]
fn a_null_alternative_makes_the_rest_nullable() {
    let (a, normalised) = schema(
        "    A: { description: d, anyOf: [ { $ref: '#/components/schemas/B' }, { type: 'null' } ] }\n    B: { type: string }\n",
        "A",
    );
    assert_eq!(
        a,
        yaml(&format!("{{ description: d, nullable: true, allOf: [ {{ $ref: '#/components/schemas/B' }} ], {ANNOTATED_REF}: true }}"))
    );
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/allOf/0"),
        "#/components/schemas/A/anyOf/0"
    );
    // An inline alternative is the schema itself.
    let (inline, _) =
        schema("    A: { oneOf: [ { type: 'null' }, { type: string, format: date } ] }\n", "A");
    assert_eq!(inline, yaml("{ nullable: true, type: string, format: date }"));
    // Several left stay a union; their pointers move up.
    let (union, normalised) = schema(
        "    A: { anyOf: [ { type: 'null' }, { type: string }, { type: integer } ] }\n",
        "A",
    );
    assert_eq!(union, yaml("{ nullable: true, anyOf: [ { type: string }, { type: integer } ] }"));
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/anyOf/1"),
        "#/components/schemas/A/anyOf/2"
    );
}

#[test]
fn a_ref_keeps_its_siblings() {
    let (a, normalised) = schema(
        "    A:\n      type: object\n      properties:\n        b: { $ref: '#/components/schemas/B', \
            description: The b., readOnly: true }\n        c: { $ref: '#/components/schemas/B', required: \
            [x] }\n    B: { type: object }\n",
        "A",
    );
    let b = &a["properties"]["b"];
    assert_eq!(b["allOf"], yaml("[ { $ref: '#/components/schemas/B' } ]"));
    assert_eq!(b["description"], "The b.");
    assert_eq!(b[ANNOTATED_REF], true);
    // A sibling that constrains makes an `allOf` of both, not the reference.
    let c = &a["properties"]["c"];
    assert!(c.get(ANNOTATED_REF).is_none() && c["required"] == yaml("[x]"));
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/properties/b/allOf/0/$ref"),
        "#/components/schemas/A/properties/b/$ref"
    );
}

#[test]
fn constants_examples_bounds_and_encodings_take_their_3_0_form() {
    let (a, normalised) = schema(
        "    A: { type: integer, const: 3, examples: [3, 4], exclusiveMinimum: 0, minimum: -5, exclusiveMaximum: 10 }\n",
        "A",
    );
    assert_eq!(
        a,
        yaml(&format!("{{ type: integer, minimum: 0, exclusiveMinimum: true, exclusiveMaximum: true, maximum: 10, enum: [3], example: 3, {EXAMPLES}: [3, 4] }}"))
    );
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/enum/0"),
        "#/components/schemas/A/const"
    );
    let (looser, _) = schema("    A: { type: number, exclusiveMinimum: 0, minimum: 5 }\n", "A");
    assert_eq!(looser, yaml("{ type: number, minimum: 5 }"));
    let (bytes, _) = schema(
        "    A: { type: string, contentEncoding: base64, contentMediaType: image/png }\n",
        "A",
    );
    assert_eq!(bytes, yaml(&format!("{{ type: string, format: byte, {BASE64}: true }}")));
    let (file, _) = schema("    A: { type: string, contentMediaType: image/png }\n", "A");
    assert_eq!(file, yaml("{ type: string, format: binary }"));
    let (json, _) = schema("    A: { type: string, contentMediaType: application/json }\n", "A");
    assert_eq!(json, yaml("{ type: string }"));
}

#[test]
fn what_cannot_be_typed_is_dropped_with_a_warning_at_its_source() {
    let (a, normalised) = schema(
        "    A:\n      type: object\n      properties:\n        t: { type: array, prefixItems: [ { \
            type: string } ] }\n        d: { $dynamicRef: '#node', description: d }\n      if: { required: \
            [x] }\n      then: { required: [y] }\n      patternProperties: { '^x-': { type: string \
            }, '^y-': { type: integer } }\n",
        "A",
    );
    assert_eq!(a["properties"]["t"], yaml("{ type: array, items: {} }"));
    assert_eq!(a["properties"]["d"], yaml("{ description: d }"));
    assert_eq!(a["additionalProperties"], true);
    assert!(a.get("if").is_none() && a.get("then").is_none());
    let pointers: Vec<&str> = normalised.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/A/patternProperties",
            "#/components/schemas/A/if",
            "#/components/schemas/A/properties/t/prefixItems",
            "#/components/schemas/A/properties/d",
        ]
    );
    assert!(
        normalised.warnings[1].message.starts_with("`if`, `then` are not checked"),
        "{}",
        normalised.warnings[1].message
    );
    let (quiet, normalised) = schema(
        "    A: { type: object, propertyNames: { maxLength: 40 }, additionalProperties: { type: string \
            }, allOf: [ { type: object } ], unevaluatedProperties: false }\n    B: { type: array, \
            contains: { type: string }, minContains: 1 }\n",
        "A",
    );
    assert!(quiet.get("propertyNames").is_none() && quiet.get("unevaluatedProperties").is_none());
    assert!(normalised.warnings.is_empty(), "validation alone is left to the service quietly");
    let (closed, normalised) = schema("    A: { type: object, properties: { a: { type: string } }, unevaluatedProperties: false }\n", "A");
    assert_eq!(closed["additionalProperties"], false);
    assert!(normalised.warnings.is_empty());
}

#[test]
fn boolean_schemas_and_data_are_left_alone_or_made_objects() {
    let (a, _) = schema(
        "    A: { type: object, properties: { any: true, none: false, x: { type: string, examples: [ { type: [a, 'null'] } ], default: { const: 1 } } } }\n",
        "A",
    );
    assert_eq!(a["properties"]["any"], yaml("{}"));
    assert_eq!(a["properties"]["none"], yaml("{ not: {} }"));
    assert_eq!(a["properties"]["x"]["example"], yaml("{ type: [a, 'null'] }"), "examples are data");
    assert_eq!(a["properties"]["x"]["default"], yaml("{ const: 1 }"), "defaults are data");
}

#[test]
fn schemas_are_found_wherever_the_document_has_them() {
    let (tree, _) = normalise_text(
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    parameters: [ { name: \
            p, in: query, schema: { type: [string, 'null'] } } ]\n    get:\n      responses:\n        '200':\n          description: \
            ok\n          headers: { X-N: { schema: { type: [integer, 'null'] } } }\n          content: \
            { application/json: { schema: { type: [boolean, 'null'] }, examples: { one: { value: { \
            type: ['null'] } } } } }\n",
    );
    let path = &tree["paths"]["/a"];
    assert_eq!(path["parameters"][0]["schema"], yaml("{ type: string, nullable: true }"));
    let ok = &path["get"]["responses"]["200"];
    assert_eq!(ok["headers"]["X-N"]["schema"], yaml("{ type: integer, nullable: true }"));
    let json = &ok["content"]["application/json"];
    assert_eq!(json["schema"], yaml("{ type: boolean, nullable: true }"));
    assert_eq!(json["examples"]["one"]["value"], yaml("{ type: ['null'] }"), "examples are data");
}

#[test]
fn moves_translate_the_pointers_below_them() {
    let mut moves = Moves::default();
    moves.record("#/a/allOf/0".into(), "#/a".into());
    moves.record("#/a/allOf/0/x/anyOf/1".into(), "#/a/x/anyOf/2".into());
    assert_eq!(moves.source("#/a/allOf/0/$ref"), "#/a/$ref");
    assert_eq!(moves.source("#/a/allOf/0/x/anyOf/1/type"), "#/a/x/anyOf/2/type");
    assert_eq!(moves.source("#/a/allOf/00"), "#/a/allOf/00");
    assert_eq!(moves.source("#/b"), "#/b");
}

#[test]
fn alternatives_of_one_constant_each_are_an_enum_with_their_titles() {
    let (a, normalised) = schema(
        "    A: { type: integer, format: int32, oneOf: [ { title: JOIN, const: 1 }, { title: SPECTATE, const: 2 } ] }\n    B: { anyOf: [ { const: a }, { enum: [b], description: The b. } ] }\n",
        "A",
    );
    assert_eq!(
        a,
        yaml(&format!(
            "{{ type: integer, format: int32, enum: [1, 2], {ENUM_TITLES}: [JOIN, SPECTATE] }}"
        ))
    );
    assert_eq!(
        normalised.moves.source("#/components/schemas/A/enum/1"),
        "#/components/schemas/A/oneOf/1/const"
    );
    let (b, _) =
        schema("    B: { anyOf: [ { const: a }, { enum: [b], description: The b. } ] }\n", "B");
    assert_eq!(b, yaml("{ type: string, enum: [a, b] }"), "the type is the values'");
    let (mixed, _) = schema("    C: { oneOf: [ { const: a }, { type: integer } ] }\n", "C");
    assert!(mixed.get("oneOf").is_some(), "a union of a constant and a type stays one");
}

#[test]
fn fastapi_s_whole_float_bounds_of_integers_are_integers() {
    let (a, _) = schema(
        "    A: { type: integer, exclusiveMinimum: 0.0, maximum: 250.0, multipleOf: 5.0 }\n",
        "A",
    );
    assert_eq!(
        a,
        yaml("{ type: integer, minimum: 0, exclusiveMinimum: true, maximum: 250, multipleOf: 5 }")
    );
    let (number, _) = schema("    A: { type: number, minimum: 0.5 }\n", "A");
    assert_eq!(number, yaml("{ type: number, minimum: 0.5 }"));
}

#[test]
fn a_binary_content_encoding_is_raw_bytes() {
    let (a, normalised) = schema("    A: { type: string, contentEncoding: binary }\n", "A");
    assert_eq!(a, yaml("{ type: string, format: binary }"));
    assert!(normalised.warnings.is_empty());
    let (other, normalised) =
        schema("    A: { type: string, contentEncoding: quoted-printable }\n", "A");
    assert_eq!(other, yaml("{ type: string }"));
    assert_eq!(normalised.warnings[0].pointer, "#/components/schemas/A/contentEncoding");
}

#[test]
fn an_operation_may_document_no_responses() {
    let (tree, _) = normalise_text(
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    summary: s\n    get: { operationId: getA }\n",
    );
    assert_eq!(tree["paths"]["/a"]["get"]["responses"], yaml("{}"));
    assert_eq!(tree["paths"]["/a"]["summary"], "s");
}

#[test]
fn entering_escapes_as_pointer_tokens_do() {
    for token in ["plain", "a/b", "~1", "a~/b~~//", "/", "", "é/~"] {
        let mut at = String::from("#/x");
        let parent = enter(&mut at, token);
        assert_eq!(at, format!("#/x/{}", crate::error::pointer_token(token)), "{token:?}");
        at.truncate(parent);
        assert_eq!(at, "#/x");
    }
}

#[test]
fn schemas_under_keys_yaml_reads_as_numbers_are_normalised() {
    let (tree, _) = normalise_text(
        "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        \
         200: { description: ok, content: { application/json: { schema: { type: [string, 'null'] } } } }\n",
    );
    let response = &tree["paths"]["/a"]["get"]["responses"][200];
    let schema = &response["content"]["application/json"]["schema"];
    assert_eq!(schema, &yaml("{ type: string, nullable: true }"));
}

#[test]
fn entering_an_index_writes_its_digits() {
    for index in [0, 7, 10, 99, 1234, usize::MAX] {
        let mut at = String::from("#/a");
        let parent = enter_index(&mut at, index);
        assert_eq!(at, format!("#/a/{index}"));
        assert_eq!(parent, 3);
    }
}

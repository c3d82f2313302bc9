//! The resolver on each kind of component, pointers into sub-objects,
//! escapes, chains, cycles and references it must refuse.

use openapiv3::{Example, Header, Parameter, PathItem, RequestBody, Response, SchemaKind, Type};

use super::*;

const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses:
        200: { description: ok }
  /alias:
    $ref: '#/paths/~1pets~1{id}'
components:
  schemas:
    Pet:
      allOf:
        - { type: object, properties: { name: { type: string } } }
        - $ref: '#/components/schemas/Named'
    Named: { type: object, properties: { id: { type: string } } }
    Alias: { $ref: '#/components/schemas/Alias2' }
    Alias2: { $ref: '#/components/schemas/Pet' }
    LoopA: { $ref: '#/components/schemas/LoopB' }
    LoopB: { $ref: '#/components/schemas/LoopA' }
    a/b~c: { type: boolean }
    ToDeep: { $ref: '#/components/schemas/Pet/allOf/1' }
  parameters:
    limit: { name: limit, in: query, schema: { type: integer, format: int32 } }
    limitAlias: { $ref: '#/components/parameters/limit' }
  requestBodies:
    Upload: { content: { application/octet-stream: { schema: { type: string, format: binary } } } }
  responses:
    NotFound: { description: not found }
  headers:
    Rate: { schema: { type: integer } }
  examples:
    One: { value: 1 }
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
"##;

struct Fixture {
    spec: Spec,
    arena: Arena,
}

fn fixture() -> Fixture {
    Fixture { spec: load(SPEC), arena: Arena::default() }
}

fn load(text: &str) -> Spec {
    crate::load::load_str(std::path::Path::new("refs.yaml"), text).expect("the fixture loads")
}

impl Fixture {
    fn resolver(&self) -> Resolver<'_> {
        Resolver::new(&self.spec, &self.arena)
    }
}

fn follow<'a, T: Referable>(
    resolver: &Resolver<'a>,
    reference: &'a str,
) -> Result<Resolved<'a, T>, String> {
    resolver.follow::<T>(reference, "#/use").map_err(|d| d.message)
}

#[test]
fn every_component_kind_resolves_to_its_component() {
    let fixture = fixture();
    let r = fixture.resolver();
    let schema = follow::<Schema>(&r, "#/components/schemas/Named").expect("schema");
    assert_eq!(schema.target, Target::Component("Named"));
    assert_eq!(schema.location("#/use"), "#/components/schemas/Named");
    let parameter = follow::<Parameter>(&r, "#/components/parameters/limit").expect("parameter");
    assert_eq!(parameter.item.parameter_data_ref().name, "limit");
    let body = follow::<RequestBody>(&r, "#/components/requestBodies/Upload").expect("body");
    assert!(body.item.content.contains_key("application/octet-stream"));
    let response = follow::<Response>(&r, "#/components/responses/NotFound").expect("response");
    assert_eq!(response.item.description, "not found");
    assert!(follow::<Header>(&r, "#/components/headers/Rate").is_ok());
    let example = follow::<Example>(&r, "#/components/examples/One").expect("example");
    assert_eq!(example.item.value, Some(serde_json::json!(1)));
    assert!(follow::<SecurityScheme>(&r, "#/components/securitySchemes/key").is_ok());
}

#[test]
fn chains_are_followed_to_the_final_item() {
    let fixture = fixture();
    let r = fixture.resolver();
    assert_eq!(
        follow::<Schema>(&r, "#/components/schemas/Alias").expect("chain").target,
        Target::Component("Pet")
    );
    let parameter = follow::<Parameter>(&r, "#/components/parameters/limitAlias").expect("chain");
    assert_eq!(parameter.target, Target::Component("limit"));
    // A component that refers below another component.
    let deep =
        follow::<Schema>(&r, "#/components/schemas/ToDeep").expect("chain into a sub-schema");
    assert_eq!(deep.target, Target::Component("Named"), "Pet/allOf/1 is itself a $ref to Named");
}

#[test]
fn pointers_reach_into_sub_schemas_parameters_and_paths() {
    let fixture = fixture();
    let r = fixture.resolver();
    let part = follow::<Schema>(&r, "#/components/schemas/Pet/allOf/0").expect("allOf part");
    assert_eq!(part.target, Target::Pointer("#/components/schemas/Pet/allOf/0".into()));
    assert!(matches!(part.item.schema_kind, SchemaKind::Type(Type::Object(_))));
    let name =
        follow::<Schema>(&r, "#/components/schemas/Pet/allOf/0/properties/name").expect("property");
    assert!(matches!(name.item.schema_kind, SchemaKind::Type(Type::String(_))));
    let schema =
        follow::<Schema>(&r, "#/components/parameters/limit/schema").expect("a parameter's schema");
    assert!(matches!(schema.item.schema_kind, SchemaKind::Type(Type::Integer(_))));
    let item = follow::<PathItem>(&r, "#/paths/~1pets~1{id}").expect("path item");
    assert!(item.item.get.is_some());
    let in_path =
        follow::<Parameter>(&r, "#/paths/~1pets~1{id}/get/parameters/0").expect("inline parameter");
    assert_eq!(in_path.item.parameter_data_ref().name, "id");
    // YAML reads `200:` as a number; the pointer token is its text.
    let ok = follow::<Response>(&r, "#/paths/~1pets~1{id}/get/responses/200").expect("numeric key");
    assert_eq!(ok.item.description, "ok");
}

#[test]
fn the_same_pointer_is_deserialised_once() {
    let fixture = fixture();
    let r = fixture.resolver();
    let first = follow::<Schema>(&r, "#/components/schemas/Pet/allOf/0").expect("first");
    let second = follow::<Schema>(&r, "#/components/schemas/Pet/allOf/0").expect("second");
    assert!(std::ptr::eq(first.item, second.item));
}

#[test]
fn escapes_and_percent_encoding_are_decoded() {
    let fixture = fixture();
    let r = fixture.resolver();
    let escaped = follow::<Schema>(&r, "#/components/schemas/a~1b~0c").expect("~1 and ~0");
    assert_eq!(escaped.target, Target::Component("a/b~c"));
    let encoded =
        follow::<PathItem>(&r, "#/paths/~1pets~1%7Bid%7D").expect("percent-encoded braces");
    assert_eq!(encoded.target, Target::Pointer("#/paths/~1pets~1{id}".into()));
}

#[test]
fn cycles_name_every_hop() {
    let fixture = fixture();
    let r = fixture.resolver();
    let message = follow::<Schema>(&r, "#/components/schemas/LoopA").expect_err("cycle");
    assert_eq!(
        message,
        "$ref \"#/components/schemas/LoopA\" is part of a reference cycle with no schema: \
         #/components/schemas/LoopA -> #/components/schemas/LoopB -> #/components/schemas/LoopA"
    );
}

#[test]
fn over_long_chains_are_refused() {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..40 {
        text.push_str(&format!("    s{i}: {{ $ref: '#/components/schemas/s{}' }}\n", i + 1));
    }
    text.push_str("    s40: { type: string }\n");
    let spec = load(&text);
    let arena = Arena::default();
    let r = Resolver::new(&spec, &arena);
    let message =
        r.follow::<Schema>("#/components/schemas/s0", "#/use").expect_err("too long").message;
    assert!(message.contains(&format!("more than {MAX_HOPS} references")), "{message}");
    assert!(message.contains("#/components/schemas/s0 -> #/components/schemas/s1 ->"), "{message}");
}

#[test]
fn external_missing_dangling_and_wrong_kind_references_are_refused() {
    let fixture = fixture();
    let r = fixture.resolver();
    let external =
        r.follow::<Schema>("other.yaml#/components/schemas/Pet", "#/use").expect_err("external");
    assert!(external.message.starts_with("unsupported $ref"), "{}", external.message);
    assert!(external.help.as_deref().is_some_and(|help| help.contains("bundle")));
    assert_eq!(external.pointer, "#/use", "problems are reported where the reference is used");

    let missing = follow::<Schema>(&r, "#/components/schemas/Nope").expect_err("missing");
    assert_eq!(
        missing,
        "$ref \"#/components/schemas/Nope\" points to a schema that does not exist"
    );
    let help = |reference: &'static str| {
        r.follow::<Schema>(reference, "#/use").expect_err("missing").help.expect("a help text")
    };
    assert_eq!(
        help("#/components/schemas/Nope"),
        "define it under components/schemas or fix the reference"
    );
    assert_eq!(help("#/components/schemas/Namd"), "did you mean `#/components/schemas/Named`?");
    assert_eq!(help("#/components/schemas/pet"), "did you mean `#/components/schemas/Pet`?");
    assert_eq!(help("#/components/schemas/Aliass"), "did you mean `#/components/schemas/Alias`?");
    let dangling = follow::<Schema>(&r, "#/components/schemas/Pet/allOf/7").expect_err("dangling");
    assert_eq!(
        dangling,
        "$ref \"#/components/schemas/Pet/allOf/7\" points to nothing: #/components/schemas/Pet/allOf has no \"7\""
    );
    let wrong = follow::<Schema>(&r, "#/components/parameters/limit").expect_err("wrong kind");
    assert!(
        wrong.contains("points into components/parameters, where a schema is expected"),
        "{wrong}"
    );
    let whole = follow::<Schema>(&r, "#").expect_err("whole document");
    assert!(whole.contains("points to the whole document"), "{whole}");
    let relative = follow::<Schema>(&r, "#components/schemas/Pet").expect_err("no leading slash");
    assert!(relative.contains("starts with `/`"), "{relative}");
}

#[test]
fn hops_are_named_when_a_chain_ends_badly() {
    let text = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A: { $ref: '#/components/schemas/B' }\n";
    let spec = load(text);
    let arena = Arena::default();
    let r = Resolver::new(&spec, &arena);
    let message =
        r.follow::<Schema>("#/components/schemas/A", "#/use").expect_err("dangling").message;
    assert_eq!(
        message,
        "$ref \"#/components/schemas/A\" points to a schema that does not exist \
         (via #/components/schemas/A -> #/components/schemas/B)"
    );
}

#[test]
fn inline_items_resolve_to_themselves() {
    let inline = ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::Boolean(Default::default())),
    });
    let fixture = fixture();
    let r = fixture.resolver();
    let resolved = r.resolve(&inline, "#/here").expect("inline");
    assert_eq!(resolved.target, Target::Inline);
    assert_eq!(resolved.location("#/here"), "#/here");
}

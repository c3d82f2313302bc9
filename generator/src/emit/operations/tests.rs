//! What the operations' code leaves to the crates that call it, and the
//! shape of the constructors, read back from the generated files.

use std::path::Path;

use syn::{ImplItem, Item};

const SPEC: &str = r#"
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: q, in: query, schema: { type: string } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
  /things/{thing_id}:
    parameters:
      - { name: thing_id, in: path, required: true, schema: { type: string } }
    post:
      operationId: renameThing
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
    put:
      operationId: putThingBytes
      requestBody: { required: true, content: { application/octet-stream: { schema: { type: string, format: binary } } } }
      responses:
        '204': { description: stored }
  /things/{id}/parts/{part_identifier}/revisions/{revision}:
    post:
      operationId: addRevision
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: part_identifier, in: path, required: true, schema: { type: string } }
        - { name: revision, in: path, required: true, schema: { type: string } }
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Thing' } } } }
      responses:
        '204': { description: added }
components:
  schemas:
    Thing: { type: object, properties: { name: { type: string } } }
"#;

/// The generated operations, as Rust items.
fn operations() -> Vec<Item> {
    let lowered = crate::lower_str(Path::new("t.yaml"), SPEC).expect("lowers");
    let generated = crate::generate_lowered(lowered, &crate::Options::new("test", "t.yaml"))
        .expect("generates");
    let files = generated.files.iter().filter(|(path, _)| path.starts_with("operations/"));
    files.flat_map(|(_, text)| syn::parse_file(text).expect("Rust").items).collect()
}

/// The methods of `Operation for name`, each with whether it is `#[inline]`.
fn methods(items: &[Item], name: &str) -> Vec<(String, bool)> {
    let block = items.iter().find_map(|item| match item {
        Item::Impl(block) => {
            let head = format!("impl Operation for {name} {{");
            quote::quote!(#block).to_string().starts_with(&head).then_some(block)
        }
        _ => None,
    });
    let block = block.unwrap_or_else(|| panic!("`impl Operation for {name}`"));
    let methods = block.items.iter().filter_map(|item| match item {
        ImplItem::Fn(method) => {
            let inline = method.attrs.iter().any(|attr| attr.path().is_ident("inline"));
            Some((method.sig.ident.to_string(), inline))
        }
        _ => None,
    });
    methods.collect()
}

/// The body of `name::new`, formatted.
fn constructor(items: &[Item], name: &str) -> String {
    let method = items.iter().find_map(|item| match item {
        Item::Impl(block) if block.trait_.is_none() => {
            let ty = &block.self_ty;
            if quote::quote!(#ty).to_string() != name {
                return None;
            }
            block.items.iter().find_map(|item| match item {
                ImplItem::Fn(method) if method.sig.ident == "new" => Some(method),
                _ => None,
            })
        }
        _ => None,
    });
    let method = method.unwrap_or_else(|| panic!("`{name}::new`"));
    let file = syn::parse2(quote::quote!(impl X { #method })).expect("an impl");
    prettyplease::unparse(&file)
}

#[test]
fn methods_that_read_or_write_a_typed_value_are_left_to_their_callers() {
    let items = operations();
    let inline = |name: &str, method: &str| {
        let methods = methods(&items, name);
        let found = methods.iter().find(|(found, _)| found == method);
        found.unwrap_or_else(|| panic!("{name}::{method} in {methods:?}")).1
    };
    assert!(inline("GetThing", "parse_response"), "decodes a `Thing`");
    assert!(!inline("GetThing", "path"), "text only");
    assert!(!inline("GetThing", "write_query"), "text only");
    assert!(inline("RenameThing", "body_content"), "encodes a `Thing`");
    assert!(inline("RenameThing", "parse_response"));
    assert!(!inline("PutThingBytes", "body_content"), "bytes as they are");
    assert!(!inline("PutThingBytes", "parse_response"), "no body to decode");
    assert!(inline("AddRevision", "body_content"));
    assert!(!inline("AddRevision", "parse_response"));
}

#[test]
fn a_constructor_converts_first_when_that_lets_its_literal_fit_on_a_line() {
    let items = operations();
    let body = |name: &str| constructor(&items, name);
    // `Self { thing_id: thing_id.into(), body }` is too wide for a line;
    // `Self { thing_id, body }` is not.
    let rename = body("RenameThing");
    assert!(rename.contains("let thing_id = thing_id.into();\n"), "{rename}");
    assert!(rename.contains(" Self { thing_id, body }\n"), "{rename}");
    let bytes = body("PutThingBytes");
    assert!(bytes.contains("let thing_id = thing_id.into();\n"), "{bytes}");
    assert!(bytes.contains("let body = body.into();\n"), "{bytes}");
    // Fits as it is: one line, no conversions first.
    let get = body("GetThing");
    assert!(get.contains("Self { id: id.into(), q: None }"), "{get}");
    // Too wide either way: a line per field, converted in place.
    let add = body("AddRevision");
    assert!(add.contains("part_identifier: part_identifier.into(),\n"), "{add}");
    assert!(!add.contains("let "), "{add}");
}

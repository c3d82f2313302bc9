//! The specs the generator benchmark reads: photo-style synthetic specs of
//! any size, so cost can be followed as a spec grows, and a variant of the
//! committed spec that progenitor can read, so both generators are timed on
//! the very same file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::codegen::SPEC;

/// One spec written under `target/bench` for both generators to read.
pub struct Spec {
    pub label: String,
    pub path: PathBuf,
    pub operations: usize,
    /// Only synthetic specs feed the summary (the largest size, and scaling
    /// across sizes); the peer variant is a row of the table only.
    pub synthetic: bool,
}

/// Writes `graph-photos.peer.yaml`, the committed spec as progenitor can read it.
pub fn write_peer_variant(root: &Path, dir: &Path) -> anyhow::Result<Spec> {
    let real = std::fs::read_to_string(root.join(SPEC)).context("cannot read the spec")?;
    let path = dir.join("graph-photos.peer.yaml");
    std::fs::write(&path, peer_variant(&real)?).context("cannot write the spec variant")?;
    Ok(Spec {
        label: "graph-photos (peer variant)".to_owned(),
        path,
        operations: count_operations(&real)?,
        synthetic: false,
    })
}

/// Writes `synthetic-N.yaml` (or, with `peer`, `synthetic-N.peer.yaml`,
/// the variant progenitor reads), a synthetic spec of about `operations`
/// operations.
pub fn write_synthetic(dir: &Path, operations: usize, peer: bool) -> anyhow::Result<Spec> {
    let operations = operations.div_ceil(PER_PATH) * PER_PATH;
    let suffix = if peer { ".peer" } else { "" };
    let path = dir.join(format!("synthetic-{operations}{suffix}.yaml"));
    std::fs::write(&path, synthetic_spec(operations, peer))
        .context("cannot write a synthetic spec")?;
    let variant = if peer { " (peer variant)" } else { "" };
    Ok(Spec {
        label: format!("synthetic{variant}, {operations} operations"),
        path,
        operations,
        synthetic: true,
    })
}

/// The spec as progenitor can read it: `application/octet-stream` for
/// binary bodies, no `maxLength` or `minLength` on them, one success
/// response per operation.
fn peer_variant(text: &str) -> anyhow::Result<String> {
    // progenitor rejects `image/jpeg` bodies, so the media type is swapped
    // textually before parsing; the other two changes need the structure.
    let mut spec = yaml_value(&text.replace("image/jpeg", "application/octet-stream"))?;
    drop_binary_lengths(&mut spec);
    keep_one_success(&mut spec);
    Ok(serde_yaml::to_string(&spec)?)
}

/// progenitor cannot read a `maxLength` or `minLength` on a binary request
/// body, whether the body is shared under `components` or written out in
/// an operation.
fn drop_binary_lengths(node: &mut serde_json::Value) {
    match node {
        serde_json::Value::Object(map) => {
            if let Some(schema) = map
                .get_mut("content")
                .and_then(|content| content.pointer_mut("/application~1octet-stream/schema"))
                .and_then(|schema| schema.as_object_mut())
            {
                schema.remove("maxLength");
                schema.remove("minLength");
            }
            map.values_mut().for_each(drop_binary_lengths);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_binary_lengths),
        _ => {}
    }
}

/// progenitor wants one success response per operation; where the spec has
/// both 200 and 204, the 200 (the one with a body) is kept.
fn keep_one_success(spec: &mut serde_json::Value) {
    let Some(paths) = spec.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for item in paths.values_mut().filter_map(|item| item.as_object_mut()) {
        for operation in item.values_mut() {
            if let Some(responses) = operation.get_mut("responses").and_then(|r| r.as_object_mut())
            {
                if responses.contains_key("200") {
                    responses.remove("204");
                }
            }
        }
    }
}

/// Operations (HTTP methods under `paths`) in a spec's text.
fn count_operations(text: &str) -> anyhow::Result<usize> {
    let value = yaml_value(text)?;
    Ok(value["paths"].as_object().map_or(0, |paths| {
        paths
            .values()
            .map(|item| {
                item.as_object().map_or(0, |o| {
                    o.keys()
                        .filter(|k| ["get", "put", "post", "patch", "delete"].contains(&k.as_str()))
                        .count()
                })
            })
            .sum()
    }))
}

/// YAML read into a JSON value, whose JSON-pointer lookups the edits above use.
fn yaml_value(text: &str) -> anyhow::Result<serde_json::Value> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).context("spec YAML")?;
    Ok(serde_json::to_value(yaml)?)
}

/// Operations per path of the synthetic specs.
pub const PER_PATH: usize = 4;

/// A photo-style spec of about `operations` operations (rounded up to a
/// multiple of [`PER_PATH`]): per path a JSON GET with a styled list query
/// parameter, a JSON PATCH, a binary PUT and a POST that takes turns at a
/// form, a multipart upload and a response in two media types; one schema
/// per path. With `peer`, the POST is one progenitor can read (a JSON body
/// and one media type) so both generators read the same operations.
fn synthetic_spec(operations: usize, peer: bool) -> String {
    let paths = operations.div_ceil(PER_PATH);
    let mut out = String::with_capacity(paths * 2_000);
    out.push_str("openapi: 3.0.3\ninfo: { title: synthetic, version: '1' }\npaths:\n");
    for i in 0..paths {
        write_path(&mut out, i, peer);
    }
    out.push_str("components:\n  responses:\n    error:\n      description: error\n      content: { application/json: { schema: { $ref: '#/components/schemas/error' } } }\n  schemas:\n");
    out.push_str("    error:\n      type: object\n      required: [code]\n      properties: { code: { type: string }, message: { type: string } }\n");
    for i in 0..paths {
        write_schema(&mut out, i);
    }
    out
}

/// Path `i`: its GET, PATCH, PUT and POST, tagged by tens of paths so a
/// crate has features to choose from.
fn write_path(out: &mut String, i: usize, peer: bool) {
    let tag = i / 10;
    // A `\` line continuation also swallows the next line's leading spaces;
    // `\x20` puts back the indentation YAML needs.
    let _ = write!(
        out,
        "  /resources{i}/{{item-id}}/photo:\n    parameters:\n      - {{ name: item-id, in: path, required: true, schema: {{ type: string }} }}\n\
         \x20   get:\n      operationId: getResource{i}Photo\n      tags: [group{tag}]\n      parameters:\n        - {{ name: $select, in: query, schema: {{ type: string }} }}\n\
         \x20       - {{ name: sizes, in: query, style: form, explode: false, schema: {{ type: array, items: {{ type: string }} }} }}\n\
         \x20     responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }} }}\n\
         \x20       4XX: {{ $ref: '#/components/responses/error' }}\n\
         \x20   patch:\n      operationId: updateResource{i}Photo\n      tags: [group{tag}]\n\
         \x20     requestBody:\n        required: true\n        content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }}\n\
         \x20     responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ $ref: '#/components/schemas/photo{i}' }} }} }} }}\n\
         \x20       4XX: {{ $ref: '#/components/responses/error' }}\n\
         \x20   put:\n      operationId: setResource{i}PhotoContent\n      tags: [group{tag}]\n\
         \x20     requestBody:\n        required: true\n        content: {{ application/octet-stream: {{ schema: {{ type: string, format: binary }} }} }}\n\
         \x20     responses:\n        '204': {{ description: stored }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n"
    );
    let (body, response) = match (peer, i % 3) {
        (true, _) => (
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }",
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }",
        ),
        (false, 0) => (
            "application/x-www-form-urlencoded: { schema: { type: object, properties: { note: { type: \
                string }, sizes: { type: array, items: { type: integer } } } }, encoding: { sizes: \
                { style: form, explode: true } } }",
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }",
        ),
        (false, 1) => (
            "multipart/form-data: { schema: { type: object, required: [file], properties: { file: { type: string, format: binary }, caption: { type: string } } } }",
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }",
        ),
        (false, _) => (
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }",
            "application/json: { schema: { $ref: '#/components/schemas/photo0' } }, text/plain: { schema: { type: string } }",
        ),
    };
    let _ = write!(
        out,
        "  /resources{i}/{{item-id}}/photo/actions:\n    post:\n      operationId: actOnResource{i}Photo\n      tags: [group{tag}]\n\
         \x20     parameters:\n        - {{ name: item-id, in: path, required: true, schema: {{ type: string }} }}\n\
         \x20     requestBody:\n        required: true\n        content: {{ {body} }}\n\
         \x20     responses:\n        '200': {{ description: ok, content: {{ {response} }} }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n"
    );
}

/// Schema `photo{i}`, the body of path `i`'s GET and PATCH.
fn write_schema(out: &mut String, i: usize) {
    let _ = write!(
        out,
        "    photo{i}:\n      type: object\n      properties:\n        id: {{ type: string }}\n        height: \
            {{ type: integer, format: int32, nullable: true }}\n        width: {{ type: integer, format: \
            int32, nullable: true }}\n        '@odata.type': {{ type: string }}\n        tags: {{ \
            type: array, items: {{ type: string }} }}\n"
    );
}

/// Operations per entity of the densely linked specs: list, create, get
/// and update.
pub const PER_ENTITY: usize = 4;
/// Entities per cluster: entities that link to each other.
const CLUSTER: usize = 20;

/// Writes `dense-N.yaml`, a densely linked spec of about `operations`
/// operations (see [`dense_spec`]).
pub fn write_dense(dir: &Path, operations: usize) -> anyhow::Result<Spec> {
    let operations = operations.div_ceil(PER_ENTITY) * PER_ENTITY;
    let path = dir.join(format!("dense-{operations}.yaml"));
    std::fs::write(&path, dense_spec(operations)).context("cannot write a dense spec")?;
    Ok(Spec {
        label: format!("densely linked, {operations} operations"),
        path,
        operations,
        synthetic: true,
    })
}

/// A spec whose models link to each other as Graph's entities do. Entity
/// `i` has four operations (tagged by tens of entities), a collection and
/// the shared `entity` base merged in through `allOf`. Entities come in
/// clusters of 20 that link to each other (`next`, `items`) and to a
/// partner cluster (`related`); all but every seventh cluster (which stands
/// alone) also link to the hub clusters (the first fifth: Graph's users, groups and directory
/// objects), through `owner` and `members`. A few hundred schemas no
/// operation uses link to each other (in rings) and to entities all over. So one tag
/// reaches its clusters and the hubs, and the hubs' types are reached by
/// most features but not all: long `cfg(any(...))` lists.
fn dense_spec(operations: usize) -> String {
    let entities = operations.div_ceil(PER_ENTITY).max(1);
    let per_tag = 10.min(entities.div_ceil(2)).max(1);
    let clusters = entities.div_ceil(CLUSTER);
    let hubs = (clusters / 5).max(1);
    let hub_entities = (hubs * CLUSTER).min(entities);
    let unused = 200 + operations / 20;
    let mut out = String::with_capacity(entities * 2_500);
    out.push_str("openapi: 3.0.3\ninfo: { title: dense, version: '1' }\npaths:\n");
    for i in 0..entities {
        let tag = i / per_tag;
        let one = format!(
            "{{ application/json: {{ schema: {{ $ref: '#/components/schemas/entity{i}' }} }} }}"
        );
        let list = format!("{{ application/json: {{ schema: {{ $ref: '#/components/schemas/entity{i}Collection' }} }} }}");
        let _ = write!(
            out,
            "  /entities{i}:\n    get:\n      operationId: listEntity{i}\n      tags: [group{tag}]\n\
            \x20     responses:\n        '200': {{ description: ok, content: {list} }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n\
             \x20   post:\n      operationId: createEntity{i}\n      tags: [group{tag}]\n      requestBody: {{ required: true, content: {one} }}\n\
             \x20     responses:\n        '201': {{ description: created, content: {one} }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n\
             \x20 /entities{i}/{{entity-id}}:\n    parameters:\n      - {{ name: entity-id, in: path, required: true, schema: {{ type: string }} }}\n\
             \x20   get:\n      operationId: getEntity{i}\n      tags: [group{tag}]\n      responses:\n\
             \x20       '200': {{ description: ok, content: {one} }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n\
             \x20   patch:\n      operationId: updateEntity{i}\n      tags: [group{tag}]\n      requestBody: {{ required: true, content: {one} }}\n\
             \x20     responses:\n        '204': {{ description: updated }}\n        4XX: {{ $ref: '#/components/responses/error' }}\n"
        );
    }
    out.push_str("components:\n  responses:\n    error:\n      description: error\n      content: { application/json: { schema: { $ref: '#/components/schemas/error' } } }\n  schemas:\n");
    out.push_str("    error:\n      type: object\n      required: [code]\n      properties: { code: { type: string }, message: { type: string } }\n");
    out.push_str("    entity:\n      type: object\n      properties: { id: { type: string }, '@odata.type': { type: string } }\n");
    let link = |name: &str, target: String| {
        format!("{name}: {{ $ref: '#/components/schemas/{target}' }}, ")
    };
    let links = |name: &str, target: String| {
        format!("{name}: {{ type: array, items: {{ $ref: '#/components/schemas/{target}' }} }}, ")
    };
    for i in 0..entities {
        let cluster = i / CLUSTER;
        let start = cluster * CLUSTER;
        let size = CLUSTER.min(entities - start);
        let within = |step: usize| format!("entity{}", start + (i - start + step) % size);
        let mut navigation = link("next", within(1)) + &links("items", within(7));
        let is_hub = cluster < hubs;
        let standalone = !is_hub && cluster % 7 == 6;
        // Hubs pair with hubs, the others with the others; a standalone
        // cluster reaches nothing beyond itself.
        let partner = match is_hub {
            true => cluster ^ 1,
            false => hubs + ((cluster - hubs) ^ 1),
        };
        if !standalone && partner < clusters && (partner < hubs) == is_hub {
            let partner_size = CLUSTER.min(entities - partner * CLUSTER);
            navigation +=
                &link("related", format!("entity{}", partner * CLUSTER + i % partner_size));
        }
        if !is_hub && !standalone {
            navigation += &link("owner", format!("entity{}", (i * 13) % hub_entities));
            navigation += &links("members", format!("entity{}", (i * 29 + 5) % hub_entities));
        }
        let _ = write!(
            out,
            "    entity{i}:\n      allOf:\n        - $ref: '#/components/schemas/entity'\n        - type: object\n\
            \x20         properties: {{ displayName: {{ type: string }}, description: {{ type: string, \
             nullable: true }}, createdDateTime: {{ type: string, format: date-time }}, size: {{ type: \
             integer, format: int64 }}, {navigation}}}\n\
             \x20   entity{i}Collection:\n      type: object\n      properties: {{ value: {{ type: array, \
             items: {{ $ref: '#/components/schemas/entity{i}' }} }}, '@odata.nextLink': {{ type: string }} }}\n"
        );
    }
    for k in 0..unused {
        // In rings of ten: rustc's drop check follows a ring of types one
        // by one, and overflows its recursion limit (128) on a long one.
        let ring = (k / 10 * 10, 10.min(unused - k / 10 * 10));
        let navigation = link("subject", format!("entity{}", (k * 17) % entities))
            + &link("next", format!("unused{}", ring.0 + (k - ring.0 + 1) % ring.1));
        let _ = write!(
            out,
            "    unused{k}:\n      allOf:\n        - $ref: '#/components/schemas/entity'\n        - type: object\n          properties: {{ label: {{ type: string }}, {navigation}}}\n"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_have_the_requested_operations_and_generate() {
        for peer in [false, true] {
            let text = synthetic_spec(12, peer);
            assert_eq!(count_operations(&text).expect("yaml"), 12);
            let lowered =
                apicrate_codegen::lower_str(Path::new("synthetic.yaml"), &text).expect("lowers");
            assert!(lowered.warnings.problems.is_empty(), "{}", lowered.warnings);
            assert_eq!(lowered.api.operations.len(), 12);
        }
    }

    #[test]
    fn dense_specs_link_their_models_and_give_each_tag_a_part() {
        for operations in [12, 100, 1_000] {
            let text = dense_spec(operations);
            assert_eq!(count_operations(&text).expect("yaml"), operations);
            let lowered =
                apicrate_codegen::lower_str(Path::new("dense.yaml"), &text).expect("lowers");
            assert!(lowered.warnings.problems.is_empty(), "{}", lowered.warnings);
            let api = &lowered.api;
            assert!(api.grouped && api.unused_feature.is_some(), "{operations}: features");
            let groups = api.features().len() - 1;
            assert!(groups >= 2, "{operations}: {groups} groups");
            if operations >= 1_000 {
                // The hubs are gated by most features but not all.
                let longest = api.types.iter().map(|def| def.features.len()).max().unwrap_or(0);
                assert!(longest > groups / 2 && longest < groups, "the longest list: {longest}");
            }
        }
    }

    #[test]
    fn the_peer_variant_has_one_success_and_no_jpeg() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    put:\n      requestBody: \
            {content: {image/jpeg: {schema: {type: string, format: binary, minLength: 1, maxLength: \
            4}}}}\n      responses: {'200': {description: ok}, '204': {description: ok}}\n";
        let variant = peer_variant(text).expect("variant");
        assert!(!variant.contains("image/jpeg") && variant.contains("application/octet-stream"));
        assert!(!variant.contains("'204'") && !variant.contains("\"204\""), "{variant}");
        assert!(!variant.contains("maxLength"), "a binary body written out in place: {variant}");
        assert!(!variant.contains("minLength"), "{variant}");
    }

    #[test]
    fn the_peer_variant_of_the_real_spec_has_no_binary_length_limit() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
        let real = std::fs::read_to_string(root.join(SPEC)).expect("the spec");
        let limits = |text: &str| text.lines().filter(|l| l.trim() == "maxLength: 4194303").count();
        assert_eq!(limits(&real), 2, "the shared upload body and the one written out");
        assert_eq!(
            limits(&peer_variant(&real).expect("variant")),
            0,
            "progenitor cannot read them"
        );
    }
}

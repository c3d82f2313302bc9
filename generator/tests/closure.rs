//! Compile only what you use: each Cargo feature of a generated crate
//! compiles alone with warnings denied, and compiles exactly the models its
//! operations reach, no more and no fewer. Two crates: that of
//! `fixtures/dense.yaml` (densely linked models, as a directory service's
//! entities are) and that of graph-photos' own spec.
//!
//! What a feature should compile is worked out here from the spec's YAML,
//! not from the generator's IR: the schemas its operations name, then
//! every schema those name, where a schema merged in through `allOf` adds
//! what it names rather than itself. What it does compile is what rustdoc
//! lists in the crate's `models` module, built with that feature alone.
//! The crates share the target directory of `compile_fixtures.rs`, with
//! the same flags, so their dependencies are built once for all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;
use serde_json::Value;

mod support;

#[test]
fn each_feature_of_a_densely_linked_crate_compiles_exactly_what_it_reaches() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dense.yaml");
    let text = std::fs::read_to_string(&spec_path).expect("fixtures/dense.yaml");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    let reach = Reach::new(&spec);
    // The fixture must be one where the rule matters: a small tag compiles
    // a fraction of the models, the unused ones reach used ones.
    let drives = &reach.by_tag["drives"];
    assert!(drives.len() * 3 < reach.schemas.len(), "drives reaches {drives:?}");
    assert!(reach.unused.contains("User"), "the calendar links back to users");
    // Two tags write out the same inline enum: one type, which either
    // feature compiles, and an alias of it (each feature alone compiles).
    let others = check_each_feature("closure-dense", &spec_path, &reach);
    let inline = BTreeSet::from(["ListPrintJobsSelectItem".into(), "ListRoomsSelectItem".into()]);
    assert_eq!(others, inline, "the models of dense.yaml that are no schema's");
}

#[test]
fn each_feature_of_graph_photos_compiles_exactly_what_it_reaches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let spec_path = root.join("spec/graph-photos.yaml");
    let text = std::fs::read_to_string(&spec_path).expect("spec/graph-photos.yaml");
    let spec: Value = serde_yaml::from_str(&text).expect("YAML");
    let reach = Reach::new(&spec);
    assert!(reach.unused.contains("entity"), "only merged through allOf: {:?}", reach.unused);
    assert!(reach.by_tag.values().any(|closure| closure.contains("photoSize")));
    assert!(!reach.always.contains("photoSize"), "some tags have no sizes");
    check_each_feature("closure-graph-photos", &spec_path, &reach);
}

/// Generates the crate `name` of `spec_path` and checks each feature alone,
/// none, and all: it compiles, and rustdoc lists exactly the models of the
/// schemas it reaches. Returns the models rustdoc listed that are no
/// schema's (types of inline schemas), which no case checks.
fn check_each_feature(name: &str, spec_path: &Path, reach: &Reach) -> BTreeSet<String> {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root");
    let dir = root.join("target/closure-crates").join(name);
    let options = options(spec_path).package(name, None);
    let generated =
        apicrate_codegen::generate(spec_path, &options).unwrap_or_else(|e| panic!("{e}"));
    support::write_crate(root, &dir, &generated);
    let unused = generated.api.unused_feature.clone().expect("the spec has unused models");
    let tags: Vec<&String> = generated.features.iter().filter(|f| **f != unused).collect();
    assert_eq!(tags, reach.by_tag.keys().collect::<Vec<_>>(), "a feature per tag");

    // A tag's closure is all it compiles: the models every tag reaches are in it.
    let mut cases: Vec<(Vec<&str>, BTreeSet<&str>)> = Vec::new();
    for (tag, closure) in &reach.by_tag {
        cases.push((vec![tag.as_str()], closure.clone()));
    }
    let unused_closure: BTreeSet<&str> = reach.unused.union(&reach.always).copied().collect();
    cases.push((vec![unused.as_str()], unused_closure));
    cases.push((Vec::new(), reach.always.clone()));
    let all: Vec<&str> = generated.features.iter().map(String::as_str).collect();
    cases.push((all, reach.schemas.keys().copied().collect()));

    // Rustdoc lists Rust names: each schema's is the generator's name for it.
    let schema_of: BTreeMap<String, &str> = reach
        .schemas
        .keys()
        .map(|schema| (apicrate_codegen::naming::type_name(schema).as_str().to_owned(), *schema))
        .collect();
    let mut others = BTreeSet::new();
    for (features, expected) in cases {
        let features = features.join(",");
        cargo(root, name, &dir, "check", &features);
        cargo(root, name, &dir, "doc", &features);
        let mut compiled = BTreeSet::new();
        for model in documented_models(root, name) {
            match schema_of.get(&model) {
                Some(schema) => {
                    compiled.insert(*schema);
                }
                None => {
                    others.insert(model);
                }
            }
        }
        assert_eq!(
            compiled, expected,
            "{name} with only the features {features:?}: the models compiled (left) are not those the operations reach (right)"
        );
    }
    others
}

/// The options of the crate of `spec`: the runtime crate by path.
fn options(spec: &Path) -> Options {
    let runtime = Runtime::Path("../../../generator/runtime".to_owned());
    let file_name = spec.file_name().and_then(|name| name.to_str()).expect("utf-8 name");
    Options::new(apicrate_codegen::scaffold::COMMAND, file_name).runtime(runtime)
}

/// `cargo check` or `cargo doc` of the crate `name` in `dir` with only
/// `features` (a comma list, maybe empty), warnings denied.
fn cargo(root: &Path, name: &str, dir: &Path, subcommand: &str, features: &str) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.arg(subcommand).args(["--lib", "--offline", "--no-default-features"]);
    if subcommand == "doc" {
        command.arg("--no-deps");
    }
    if !features.is_empty() {
        command.args(["--features", features]);
    }
    let output = command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", "-D warnings -D missing_docs")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {subcommand}` of {name} with only the features {features:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The structs, enums and type aliases rustdoc lists in the `models`
/// module of the crate `name` (the page is written anew by every `cargo doc`).
fn documented_models(root: &Path, name: &str) -> BTreeSet<String> {
    let page = root
        .join("target/fixture-target/doc")
        .join(name.replace('-', "_"))
        .join("models/index.html");
    let html = std::fs::read_to_string(&page).expect("rustdoc's page of the models module");
    let mut models = BTreeSet::new();
    for link in html.split("href=\"").skip(1) {
        let target = link.split('"').next().unwrap_or_default();
        for kind in ["struct.", "enum.", "type."] {
            if let Some(name) = target.strip_prefix(kind).and_then(|t| t.strip_suffix(".html")) {
                models.insert(name.to_owned());
            }
        }
    }
    models
}

/// What each tag's operations reach in a spec, read from its YAML.
struct Reach<'a> {
    schemas: BTreeMap<&'a str, &'a Value>,
    /// Per tag (an operation's first), the schemas its operations reach.
    by_tag: BTreeMap<String, BTreeSet<&'a str>>,
    /// The schemas no operation reaches, and all they reach.
    unused: BTreeSet<&'a str>,
    /// The schemas every tag reaches.
    always: BTreeSet<&'a str>,
}

impl<'a> Reach<'a> {
    fn new(spec: &'a Value) -> Self {
        let schemas: BTreeMap<&str, &Value> = spec["components"]["schemas"]
            .as_object()
            .expect("components.schemas")
            .iter()
            .map(|(name, schema)| (name.as_str(), schema))
            .collect();
        let mut by_tag: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for item in spec["paths"].as_object().expect("paths").values() {
            for (method, operation) in item.as_object().expect("path item") {
                if method == "parameters" {
                    continue;
                }
                let tag = operation["tags"][0].as_str().expect("every operation has a tag");
                let mut named = BTreeSet::new();
                for node in [operation, &item["parameters"]] {
                    operation_refs(spec, node, &mut named);
                }
                let reached = closure(&schemas, named);
                by_tag.entry(tag.to_owned()).or_default().extend(reached);
            }
        }
        let used: BTreeSet<&str> = by_tag.values().flatten().copied().collect();
        let roots = schemas.keys().copied().filter(|name| !used.contains(name));
        let unused = closure(&schemas, roots.collect());
        let mut tags = by_tag.values();
        let first = tags.next().cloned().unwrap_or_default();
        let always = tags.fold(first, |common, next| common.intersection(next).copied().collect());
        Self { schemas, by_tag, unused, always }
    }
}

/// The schemas `node` (part of an operation) names, following references
/// to shared responses, parameters and bodies.
fn operation_refs<'a>(spec: &'a Value, node: &'a Value, out: &mut BTreeSet<&'a str>) {
    match node {
        Value::Object(map) => {
            if let Some(target) = map.get("$ref").and_then(Value::as_str) {
                match target.strip_prefix("#/components/schemas/") {
                    Some(schema) => {
                        out.insert(schema);
                    }
                    None => {
                        let pointer = target.trim_start_matches('#');
                        let shared = spec.pointer(pointer).expect("a reference that resolves");
                        operation_refs(spec, shared, out);
                    }
                }
            }
            map.values().for_each(|value| operation_refs(spec, value, out));
        }
        Value::Array(items) => items.iter().for_each(|item| operation_refs(spec, item, out)),
        _ => {}
    }
}

/// Every schema reachable from `roots`, the roots included.
fn closure<'a>(
    schemas: &BTreeMap<&'a str, &'a Value>,
    roots: BTreeSet<&'a str>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            stack.extend(named_by(schemas, name, &mut BTreeSet::new()));
        }
    }
    seen
}

/// The schemas the type of schema `name` names: those its properties,
/// items and variants refer to; a schema merged in through `allOf` adds
/// the schemas it names, not itself (`merging` guards against a cycle).
fn named_by<'a>(
    schemas: &BTreeMap<&'a str, &'a Value>,
    name: &'a str,
    merging: &mut BTreeSet<&'a str>,
) -> BTreeSet<&'a str> {
    let mut named = BTreeSet::new();
    let mut merged = Vec::new();
    if merging.insert(name) {
        schema_refs(schemas[name], &mut named, &mut merged);
    }
    for part in merged {
        named.extend(named_by(schemas, part, merging));
    }
    named
}

/// The schemas `node` refers to (into `named`) and those its `allOf`
/// merges (into `merged`).
fn schema_refs<'a>(node: &'a Value, named: &mut BTreeSet<&'a str>, merged: &mut Vec<&'a str>) {
    let schema = |target: &'a Value| target.as_str()?.strip_prefix("#/components/schemas/");
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("allOf", Value::Array(parts)) => {
                        for part in parts {
                            match part.get("$ref").and_then(schema) {
                                Some(target) => merged.push(target),
                                None => schema_refs(part, named, merged),
                            }
                        }
                    }
                    ("$ref", target) => named.extend(schema(target)),
                    _ => schema_refs(value, named, merged),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| schema_refs(item, named, merged)),
        _ => {}
    }
}

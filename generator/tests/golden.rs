//! Golden output: every fixture spec under `tests/fixtures/` generates the
//! files snapshotted under `tests/snapshots/`. After an intended change,
//! update them with `INSTA_UPDATE=always cargo test -p apicrate-codegen --test golden`
//! (or `cargo insta review`) and review the diff.

use std::path::Path;

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;

fn options() -> Options {
    Options::new(apicrate_codegen::scaffold::COMMAND, "fixture")
}

fn fixtures() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures in {}", dir.display());
    specs
}

#[test]
fn fixtures_generate_their_golden_files() {
    for spec in fixtures() {
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").to_owned();
        let generated =
            apicrate_codegen::generate(&spec, &options()).unwrap_or_else(|error| panic!("{error}"));
        // What a user is told: the summary and every warning, located.
        let report = &generated.report;
        let warnings = if report.warnings.is_empty() {
            "no warnings".to_owned()
        } else {
            report.warnings.to_string()
        };
        let told = format!("{}\n\n{warnings}", report.summary()).replace(
            &spec.display().to_string(),
            spec.file_name().and_then(|s| s.to_str()).unwrap_or(""),
        );
        insta::assert_snapshot!(format!("{stem}__report"), told);
        for (path, contents) in generated.files {
            if path.starts_with("runtime/") {
                continue; // copied verbatim from generator/runtime/, not generated
            }
            // The client differs by the spec's security schemes only.
            if path == "client.rs" && !["auth", "petstore"].contains(&stem.as_str()) {
                continue;
            }
            let name = format!("{stem}__{}", path.replace('/', "__").trim_end_matches(".rs"));
            insta::assert_snapshot!(name, contents);
        }
    }
}

#[test]
fn generation_is_deterministic() {
    for spec in fixtures() {
        let first = apicrate_codegen::generate(&spec, &options()).expect("generates").files;
        let second = apicrate_codegen::generate(&spec, &options()).expect("generates").files;
        assert_eq!(first, second, "{} generated different output twice", spec.display());
    }
}

/// The files around the module tree of the petstore fixture's crate: its
/// manifest, its README and its root with the crate docs; and the text of
/// the licence its spec names (`Apache 2.0`).
#[test]
fn the_petstore_crate_files_are_golden() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petstore.yaml");
    let options = Options::new(apicrate_codegen::scaffold::COMMAND, "petstore.yaml");
    let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
    let remembered = apicrate_codegen::scaffold::Remembered {
        spec: "../specs/petstore.yaml".to_owned(),
        spec_sha256: "the hash of the spec's text".to_owned(),
        generator: "0.1.0".to_owned(),
        strict: false,
        runtime: Runtime::Inline,
        drop_undeclared: false,
        standalone: false,
    };
    let files = apicrate_codegen::scaffold::crate_files(
        "pet-store",
        &options,
        &generated,
        Some(&remembered),
    );
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(paths, ["Cargo.toml", "LICENSE-APACHE", "README.md", "src/lib.rs"]);
    let apache = include_str!("../../LICENSE-APACHE");
    assert_eq!(files["LICENSE-APACHE"], apache, "the Apache License 2.0, as the repository's");
    for (path, contents) in files.iter().filter(|(path, _)| !path.starts_with("LICENSE")) {
        let name = format!("petstore_crate__{}", path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, contents);
    }
}

/// A crate whose spec has none of Graph's extensions says nothing of
/// Microsoft Graph, anywhere: module tree, inlined runtime, crate files.
#[test]
fn crates_of_other_apis_have_no_graph_words() {
    for fixture in ["petstore.yaml", "auth.yaml", "bodies.yaml"] {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, fixture);
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        let scaffold =
            apicrate_codegen::scaffold::crate_files("some-api", &options, &generated, None);
        for (path, contents) in generated.files.iter().chain(&scaffold) {
            let lower = contents.to_lowercase();
            for word in ["graph", "microsoft", "x-permissions", "identity platform"] {
                assert!(!lower.contains(word), "{fixture}: {path} says {word:?}");
            }
        }
    }
}

/// The API version helpers (`AnyApiVersion`, the client's
/// `check_api_versions`) are in a crate whose operations document versions
/// (`small.yaml`), and outside the shared runtime of no other.
#[test]
fn only_crates_with_api_versions_have_their_helpers() {
    let words = ["AnyApiVersion", "to_http_request_for_any_version", "check_api_versions"];
    for fixture in ["small.yaml", "petstore.yaml", "auth.yaml"] {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, fixture).client(true);
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        let scaffold =
            apicrate_codegen::scaffold::crate_files("some-api", &options, &generated, None);
        let files: Vec<&String> = generated
            .files
            .iter()
            .chain(&scaffold)
            .filter(|(path, _)| !path.contains("runtime/"))
            .map(|(_, contents)| contents)
            .collect();
        for word in words {
            let found = files.iter().any(|contents| contents.contains(word));
            assert_eq!(found, fixture == "small.yaml", "{fixture}: {word}");
        }
    }
}

/// With `drop_undeclared(true)`, only the maps a schema asks for stay:
/// the wire fixture's `Tagged` (`additionalProperties: {type: string}`)
/// keeps its map, `Reply` (no `additionalProperties`) has none.
#[test]
fn undeclared_members_can_be_dropped() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wire.yaml");
    let models = |drop: bool| {
        let options = options().drop_undeclared(drop);
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        generated.files.into_iter().find(|(path, _)| path == "models.rs").expect("models.rs").1
    };
    let struct_of = |models: &str, name: &str| {
        let start = models.find(&format!("pub struct {name} {{")).expect("the struct");
        models[start..].split_once("\n}").expect("its end").0.to_owned()
    };
    let (kept, dropped) = (models(false), models(true));
    assert!(struct_of(&kept, "Reply").contains("pub additional_properties:"));
    assert!(!struct_of(&dropped, "Reply").contains("additional_properties"));
    assert!(struct_of(&dropped, "Tagged").contains("pub additional_properties:"));
    assert!(dropped.contains("next_known_field"), "dropped members are skipped on read");
}

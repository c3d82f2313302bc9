//! Golden output: every fixture spec under `tests/fixtures/` generates the
//! crate committed under `tests/expected/<fixture>/`, file for file, and
//! reports what `tests/expected/<fixture>/report.md` says (as
//! `apicrate generate --report` writes it). The crates are members of the
//! workspace: open them as Rust; `compile_fixtures.rs` builds and tests
//! them. After an intended change, regenerate them with
//! `APICRATE_BLESS=1 cargo test -p apicrate-codegen` and
//! review the diff; what a crate has beyond the generated files (its
//! `tests/`, its `[dev-dependencies]`) is kept.

mod support;

use std::path::{Path, PathBuf};

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::scaffold::{self, CrateSettings};
use apicrate_codegen::Options;

fn options() -> Options {
    Options::new(apicrate_codegen::scaffold::COMMAND, "fixture")
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn fixtures() -> Vec<PathBuf> {
    let dir = tests_dir().join("fixtures");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures in {}", dir.display());
    specs
}

fn stem(spec: &Path) -> &str {
    spec.file_stem().and_then(|s| s.to_str()).expect("utf-8 name")
}

/// How a fixture's crate is generated: named `fixture-<fixture>`, on the
/// workspace's runtime crate (`generator/runtime`), which every crate
/// shares; `compile_fixtures.rs` builds two with the runtime inlined.
fn settings(spec: &Path) -> CrateSettings {
    CrateSettings {
        spec: Some(spec.to_path_buf()),
        name: Some(format!("fixture-{}", stem(spec).replace('_', "-"))),
        runtime: Some(Runtime::Path("../../../runtime".to_owned())),
        ..CrateSettings::default()
    }
}

/// The report as `--report report.md` writes it, the spec named as the
/// crate remembers it.
fn report_markdown(report: &apicrate_codegen::Report, spec: &Path) -> String {
    let remembered =
        format!("../../fixtures/{}", spec.file_name().and_then(|s| s.to_str()).unwrap_or(""));
    report.markdown().replace(&spec.display().to_string(), &remembered)
}

#[test]
fn fixtures_generate_their_golden_crates() {
    let expected = tests_dir().join("expected");
    let mut stale = Vec::new();
    for spec in fixtures() {
        let dir = expected.join(stem(&spec));
        let report = dir.join("report.md");
        if support::bless() {
            let written = scaffold::write_crate(&dir, &settings(&spec))
                .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
            std::fs::write(&report, report_markdown(&written.report, &spec)).expect("report.md");
            continue;
        }
        let checked = scaffold::check_crate(&dir, &settings(&spec))
            .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        if !checked.diff.is_empty() {
            stale.push(checked.diff.report(&format!("generator/tests/expected/{}", stem(&spec))));
        }
        let told = report_markdown(&checked.report, &spec);
        let before = std::fs::read_to_string(&report).unwrap_or_default();
        if before != told {
            stale.push(support::golden_diff(&report, &before, &told));
        }
    }
    assert!(stale.is_empty(), "{}", support::stale(&stale));
}

/// Every crate under `tests/expected/` is a fixture's (or the tests'
/// shared `support`): a fixture removed takes its crate with it.
#[test]
fn every_golden_crate_has_its_fixture() {
    let stems: Vec<String> = fixtures().iter().map(|spec| stem(spec).to_owned()).collect();
    for entry in std::fs::read_dir(tests_dir().join("expected")).expect("tests/expected") {
        let name = entry.expect("an entry").file_name().to_string_lossy().into_owned();
        assert!(
            name == "support" || stems.contains(&name),
            "tests/expected/{name} has no fixture tests/fixtures/{name}.yaml: delete it"
        );
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

/// A crate whose spec has none of Graph's extensions says nothing of
/// Microsoft Graph, anywhere: module tree, inlined runtime, crate files.
#[test]
fn crates_of_other_apis_have_no_graph_words() {
    for fixture in ["petstore.yaml", "auth.yaml", "bodies.yaml"] {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
        let options =
            Options::new(apicrate_codegen::scaffold::COMMAND, fixture).package("some-api", None);
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        for (path, contents) in &generated.files {
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
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, fixture)
            .client(true)
            .package("some-api", None);
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        let files: Vec<&String> = generated
            .files
            .iter()
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

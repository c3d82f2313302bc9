//! The generated crate of every fixture spec compiles without warnings,
//! passes clippy, documents without rustdoc warnings (spec text with bare
//! URLs, brackets and HTML included), and its generated example tests pass, as do the
//! hand-written tests in `tests/fixture_tests/<fixture>.rs` (exact requests
//! and responses of the fixture's crate); for three fixtures, each Cargo
//! feature alone compiles.
//!
//! The crates are built in one scratch workspace under `target/` so they
//! share one build of their dependencies. Most depend on the runtime crate
//! (`generator/runtime`) by path; those in `INLINE` carry it inlined.

use std::path::{Path, PathBuf};
use std::process::Command;

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;

#[test]
fn generated_fixture_crates_compile_cleanly_and_pass_their_tests() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root");
    let scratch = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch dir");

    let mut members = Vec::new();
    let mut features = Vec::new();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(manifest_dir.join("tests/fixtures"))
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    for spec in &specs {
        let stem = spec.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
        let name = format!("fixture-{}", stem.replace('_', "-"));
        let file_name = spec.file_name().and_then(|s| s.to_str()).expect("utf-8 name");
        // Most crates share one build of the runtime crate; a few carry it inlined.
        let runtime = match INLINE.contains(&stem) {
            true => Runtime::Inline,
            false => Runtime::Path("../../../generator/runtime".to_owned()),
        };
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, file_name).runtime(runtime);
        let generated =
            apicrate_codegen::generate(spec, &options).unwrap_or_else(|error| panic!("{error}"));
        let scaffold = apicrate_codegen::scaffold::crate_files(&name, &options, &generated, None);
        let module = generated
            .files
            .into_iter()
            .map(|(path, contents)| (format!("src/gen/{path}"), contents));
        // Hand-written tests of what the fixture's crate does on the wire.
        let wire_test = manifest_dir.join(format!("tests/fixture_tests/{stem}.rs"));
        let wire_test =
            std::fs::read_to_string(&wire_test).ok().map(|text| (format!("tests/{stem}.rs"), text));
        // What those tests share (Prism on loopback), beside them.
        let support = wire_test.as_ref().map(|_| {
            let text =
                std::fs::read_to_string(manifest_dir.join("tests/fixture_tests/support/mod.rs"))
                    .expect("fixture_tests/support/mod.rs");
            ("tests/support/mod.rs".to_owned(), text)
        });
        for (path, contents) in scaffold.into_iter().chain(module).chain(wire_test).chain(support) {
            // Each crate is a member of the scratch workspace below, as a
            // generated crate is by default; the client tests run on tokio.
            let contents = if path == "Cargo.toml" {
                contents + "\n[dev-dependencies]\n" + DEV_DEPENDENCIES
            } else {
                contents
            };
            let full = scratch.join(&name).join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
            std::fs::write(full, contents).expect("write");
        }
        if FEATURE_CHECKED.contains(&stem) {
            assert!(generated.features.len() > 1, "{stem} has features to check");
            features.push((name.clone(), generated.features.clone()));
        }
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace manifest");
    // Reuse the project's lock file: same dependency versions, no index lookups.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for args in [
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--offline",
            "--",
            "-D",
            "warnings",
        ][..],
        &["test", "--workspace", "--all-features", "--offline"][..],
        // Spec text in the docs, made safe for rustdoc (`fixtures/sloppy.yaml`).
        &["doc", "--workspace", "--no-deps", "--all-features", "--offline"][..],
    ] {
        let rustdoc_flags = if args[0] == "doc" { "-D warnings" } else { "" };
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(&scratch)
            .env("RUSTDOCFLAGS", rustdoc_flags)
            .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
            .env("RUSTFLAGS", "-D warnings -D missing_docs")
            // For `fixture_tests/prism.rs`: Prism from the project's npm lock file.
            .env("FIXTURE_PRISM", root.join("node_modules/.bin/prism"))
            .env("FIXTURE_SPECS", manifest_dir.join("tests/fixtures"))
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "`cargo {}` failed on the generated fixture crates:\n{}\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Each feature alone compiles: operations and the types they use are
    // gated together (`cargo check` of the crate only: seconds).
    for (name, features) in features {
        for feature in features {
            let output = Command::new(&cargo)
                .args(["check", "--package", &name, "--lib", "--offline"])
                .args(["--no-default-features", "--features", &feature])
                .current_dir(&scratch)
                .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
                .env("RUSTFLAGS", "-D warnings -D missing_docs")
                .output()
                .expect("cargo runs");
            assert!(
                output.status.success(),
                "{name} does not compile with only the feature {feature:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// What the hand-written tests of the fixture crates use beyond the crates' own dependencies.
const DEV_DEPENDENCIES: &str =
    "tokio = { version = \"1.45\", features = [\"macros\", \"rt\", \"time\"] }\n";

/// The fixtures whose crates carry the runtime inlined; the others depend
/// on `generator/runtime` by path.
const INLINE: &[&str] = &["petstore", "small"];

/// The fixtures whose every feature is compiled alone: forms and multipart
/// parts types (`bodies`), unions, recursion and shared types (`schemas`),
/// and webhooks beside operations (`v31`).
const FEATURE_CHECKED: &[&str] = &["bodies", "clashes", "schemas", "v31"];

/// The tests build generated crates offline with a copy of Cargo.lock: every
/// dependency line a generated crate or its tests can carry beyond the
/// workspace's own crates is in `tests/lock`, so the lock holds it and
/// `cargo test` downloads it first, on a new machine too.
#[test]
fn the_lock_holds_what_generated_crates_use() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(manifest_dir.join("tests/lock/Cargo.toml"))
        .expect("tests/lock/Cargo.toml");
    let listed: Vec<&str> = lock.lines().collect();
    let lines = apicrate_codegen::API_DEPENDENCIES.into_iter().chain(DEV_DEPENDENCIES.lines());
    for line in lines {
        assert!(
            listed.contains(&line),
            "tests/lock/Cargo.toml must list `{line}`, which generated crates use"
        );
    }
}

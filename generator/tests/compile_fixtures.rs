//! The golden crate of every fixture spec (`tests/expected/`, members of
//! the workspace) compiles without warnings, passes clippy, documents
//! without rustdoc warnings (spec text with bare URLs, brackets and HTML
//! included), and passes its tests: the generated example tests and the
//! hand-written ones in its `tests/` (exact requests and responses of the
//! fixture's crate). For four fixtures, each Cargo feature alone compiles.
//!
//! The golden crates share the workspace's runtime crate; two more crates,
//! of `OWN_RUNTIME`'s fixtures with the runtime vendored and inlined, are
//! generated under `target/` and built the same way. Everything builds in a target
//! directory of its own (`target/fixture-target`), with missing docs denied.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;

/// The warnings a generated crate must not have, as rustc and rustdoc flags.
const DENIED: &str = "-D warnings -D missing_docs";

#[test]
fn generated_fixture_crates_compile_cleanly_and_pass_their_tests() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root");
    let golden = ["--package", "fixture-*"];
    let steps: [&[&str]; 3] = [
        &["clippy", "--all-targets", "--all-features", "--", "-D", "warnings"],
        &["test", "--all-features"],
        // Spec text in the docs, made safe for rustdoc (`fixtures/sloppy.yaml`).
        &["doc", "--no-deps", "--all-features"],
    ];
    let own = own_runtime_crates(root);
    let builds = own.iter().map(|dir| (dir.as_path(), &[][..], "--offline"));
    for (dir, packages, locked) in [(root, &golden[..], "--locked")].into_iter().chain(builds) {
        for step in steps {
            // `cargo clippy ARGS -- FLAGS`: the packages before the flags.
            let split = step.iter().position(|arg| *arg == "--").unwrap_or(step.len());
            let (args, flags) = step.split_at(split);
            let mut command = cargo(root, dir);
            command.args(args).args(packages).arg(locked).args(flags);
            let what = format!("`cargo {}` in {}", step.join(" "), dir.display());
            run(&mut command, &what);
        }
    }
    // Each feature alone compiles: operations and the types they use are
    // gated together (`cargo check` of the crate only: seconds).
    for stem in FEATURE_CHECKED {
        let spec = manifest_dir.join(format!("tests/fixtures/{stem}.yaml"));
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, "fixture");
        let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
        assert!(generated.features.len() > 1, "{stem} has features to check");
        let package = format!("fixture-{}", stem.replace('_', "-"));
        for feature in generated.features {
            let mut command = cargo(root, root);
            command.args(["check", "--package", &package, "--lib", "--locked"]);
            command.args(["--no-default-features", "--features", &feature]);
            run(&mut command, &format!("{package} with only the feature {feature:?}"));
        }
    }
}

/// `cargo` in `dir`, building into the fixtures' target with [`DENIED`].
fn cargo(root: &Path, dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", DENIED)
        .env("RUSTDOCFLAGS", DENIED);
    command
}

fn run(command: &mut Command, what: &str) {
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The crates of [`OWN_RUNTIME`]'s fixtures with their runtimes, each a
/// workspace of its own under `target/` that builds offline with a copy of
/// the workspace's lock file.
fn own_runtime_crates(root: &Path) -> Vec<PathBuf> {
    let scratch = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    let crates = OWN_RUNTIME.iter().map(|(stem, runtime)| {
        let spec = root.join(format!("generator/tests/fixtures/{stem}.yaml"));
        let options = Options::new(apicrate_codegen::scaffold::COMMAND, format!("{stem}.yaml"))
            .runtime(runtime.clone())
            .standalone(true)
            .package(format!("inline-{stem}"), None);
        let generated =
            apicrate_codegen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
        let dir = scratch.join(stem);
        support::write_crate(root, &dir, &generated);
        dir
    });
    crates.collect()
}

/// The fixtures whose crates are also built with a runtime of their own:
/// vendored (`apicrate generate`'s default) or inlined.
const OWN_RUNTIME: [(&str, Runtime); 2] =
    [("petstore", Runtime::Vendored), ("small", Runtime::Inline)];

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
    for line in apicrate_codegen::API_DEPENDENCIES {
        assert!(
            listed.contains(&line),
            "tests/lock/Cargo.toml must list `{line}`, which generated crates use"
        );
    }
}

//! One answer with the compiler: for each kind of spec edit, the review
//! says whether code written against the older crate stops compiling
//! (`Change::breaks_rust`), and `agreement/user.rs`, code written against
//! the crate of `agreement/base.yaml`, is compiled against the crate of
//! the edited spec. The two must agree, edit by edit.
//!
//! Where the program compiles it is also run: it prints the bytes of every
//! request it builds. An edit whose requests differ from the base's must
//! be one the review calls breaking, and an edit the review calls a new
//! route or serialisation must change them: the wire's answer, beside
//! the compiler's.
//!
//! This is the fast suite's stand-in for `cargo semver-checks`, which
//! takes many minutes to build on two cores (CONTRIBUTING says where each
//! runs). Edits that change only the wire (a route, a limit, security)
//! leave the Rust API alone, so the review's answer there is "breaking
//! for requests, not for Rust code", and the program must still compile.
//!
//! All crates are members of one scratch workspace, checked in one
//! `cargo check --keep-going`, and share the target directory of
//! `compile_fixtures.rs` with its flags, so dependencies build once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use apicrate_codegen::review::{diff, Check, Impact};
use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;

#[path = "support/review.rs"]
#[allow(dead_code)]
mod review_support;

const BASE: &str = include_str!("agreement/base.yaml");
const PROGRAM: &str = include_str!("agreement/user.rs");

/// An edit of `base.yaml` (`agreement/edits.yaml`): each `from` (which
/// must be there) becomes its `to`, everywhere.
#[derive(serde::Deserialize)]
struct Edit {
    name: String,
    replace: Vec<Replace>,
}

#[derive(serde::Deserialize)]
struct Replace {
    from: String,
    to: String,
}

fn edits() -> Vec<Edit> {
    serde_yaml::from_str(include_str!("agreement/edits.yaml")).expect("agreement/edits.yaml")
}

/// The crate of edit `index` (0: the base spec).
fn crate_name(index: usize) -> String {
    format!("agree-{index:02}")
}

#[test]
fn the_review_and_the_compiler_agree_on_every_edit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository");
    let scratch = root.join("target/agreement");
    let _ = std::fs::remove_dir_all(&scratch);
    let runtime = root.join("generator/runtime").to_string_lossy().replace('\\', "/");
    let options = Options::new(apicrate_codegen::scaffold::COMMAND, "base.yaml")
        .client(false)
        .runtime(Runtime::Path(runtime));
    let edits = edits();
    let mut specs = vec![BASE.to_owned()];
    for edit in &edits {
        let mut spec = BASE.to_owned();
        for Replace { from, to } in &edit.replace {
            assert!(spec.contains(from), "{}: base.yaml has no {from:?}", edit.name);
            spec = spec.replace(from, to);
        }
        specs.push(spec);
    }
    let mut members = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let name = crate_name(index);
        let lowered = apicrate_codegen::lower_str(Path::new("base.yaml"), spec)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let generated = apicrate_codegen::generate_lowered(lowered, &options)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let dir = scratch.join(&name);
        let scaffold = apicrate_codegen::scaffold::crate_files(&name, &options, &generated, None);
        let module =
            generated.files.iter().map(|(path, text)| (format!("src/gen/{path}"), text.clone()));
        let lib = name.replace('-', "_");
        let program = PROGRAM.replacen(
            "#![allow(warnings)]\n",
            &format!("#![allow(warnings)]\nextern crate {lib} as api;\n"),
            1,
        );
        let files = scaffold.into_iter().chain(module);
        for (path, text) in files.chain([(format!("examples/{lib}.rs"), program)]) {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
            std::fs::write(full, text).expect("write");
        }
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock file");

    let failed = failing_packages(root, &scratch, edits.len());
    assert!(!failed.contains(&crate_name(0)), "user.rs does not compile against the base crate");
    let compiled: Vec<usize> =
        (0..=edits.len()).filter(|index| !failed.contains(&crate_name(*index))).collect();
    let printed = request_bytes(root, &scratch, &compiled);
    let mut disagreements = Vec::new();
    let (mut breaking, mut compatible, mut on_the_wire) = (0, 0, 0);
    for (index, edit) in edits.iter().enumerate() {
        let changes = diff(
            &review_support::lower_text(&specs[0]),
            &review_support::lower_text(&specs[index + 1]),
        );
        let says_breaks = changes.iter().any(|change| change.breaks_rust());
        let breaks = failed.contains(&crate_name(index + 1));
        match breaks {
            true => breaking += 1,
            false => compatible += 1,
        }
        if let Some(bytes) = printed.get(&(index + 1)) {
            let differ = *bytes != printed[&0];
            on_the_wire += usize::from(differ);
            let says_breaking = changes.iter().any(|change| change.impact == Impact::Breaking);
            let says_wire = changes.iter().any(|change| {
                matches!(change.check, Check::RouteChanged | Check::ParameterSerializationChanged)
            });
            if (differ && !says_breaking) || (says_wire && !differ) {
                disagreements.push(format!(
                    "{}: the requests' bytes {}, the review says {:?}\n--- base\n{}--- edited\n{bytes}",
                    edit.name,
                    if differ { "differ" } else { "are the same" },
                    changes.iter().map(|c| c.check.id()).collect::<Vec<_>>(),
                    printed[&0],
                ));
            }
        }
        if says_breaks != breaks {
            let checks: Vec<String> = changes
                .iter()
                .map(|c| format!("{} ({}): {}", c.check.id(), c.impact.as_str(), c.what))
                .collect();
            disagreements.push(format!(
                "{}: the review says {}, the compiler says {}\n    {}",
                edit.name,
                if says_breaks { "Rust code breaks" } else { "Rust code still compiles" },
                if breaks { "it breaks" } else { "it compiles" },
                checks.join("\n    ")
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "the review and the compiler disagree:\n{}",
        disagreements.join("\n")
    );
    eprintln!(
        "{} edits: {breaking} break Rust code, {compatible} do not; {on_the_wire} change the requests",
        edits.len()
    );
    assert!(edits.len() >= 40, "at least forty kinds of edit");
    assert!(breaking >= 15 && compatible >= 15, "{breaking} breaking, {compatible} compatible");
    assert!(on_the_wire >= 3, "only {on_the_wire} edits change the requests");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// What the program of each crate in `compiled` prints (the bytes of
/// its requests), by edit index: one `cargo build` of their examples,
/// then each binary run.
fn request_bytes(
    root: &Path,
    scratch: &Path,
    compiled: &[usize],
) -> std::collections::BTreeMap<usize, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = root.join("target/fixture-target");
    let mut build = Command::new(cargo);
    build.args(["build", "--examples", "--offline", "--quiet"]).current_dir(scratch);
    for index in compiled {
        build.args(["--package", &crate_name(*index)]);
    }
    let status = build
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTFLAGS", "-D warnings -D missing_docs")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the programs that compiled do not build");
    let run = |index: &usize| {
        let program = target.join("debug/examples").join(crate_name(*index).replace('-', "_"));
        let output = Command::new(&program).output().expect("the program runs");
        assert!(output.status.success(), "{} failed", program.display());
        (*index, String::from_utf8(output.stdout).expect("UTF-8"))
    };
    compiled.iter().map(run).collect()
}

/// The packages of the scratch workspace whose check, examples included,
/// failed: one `cargo check --keep-going`, its errors read from JSON.
fn failing_packages(root: &Path, scratch: &Path, edits: usize) -> BTreeSet<String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--examples", "--keep-going", "--offline"])
        .args(["--message-format", "json"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", "-D warnings -D missing_docs")
        .output()
        .expect("cargo runs");
    let mut failed = BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let is_error = message["reason"] == "compiler-message"
            && message["message"]["level"].as_str().is_some_and(|level| level.starts_with("error"));
        if is_error {
            let id = message["package_id"].as_str().unwrap_or_default();
            // `path+file:///…/agree-03#0.1.0`, or `…#agree-03@0.1.0`.
            let named = |name: &String| {
                id.contains(&format!("/{name}#")) || id.contains(&format!("#{name}@"))
            };
            if let Some(name) = (0..=edits).map(crate_name).find(named) {
                failed.insert(name);
            }
        }
    }
    // Anything else that stopped the build (a manifest, a lock) is no answer.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() || !failed.is_empty(),
        "cargo check failed without a compiler error:\n{stderr}"
    );
    failed
}

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
//! takes many minutes to build on two cores; the ignored test at the end
//! runs it on the same edits (CONTRIBUTING says where each runs). Edits that change only the wire (a route, a limit, security)
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

/// The base spec, then each edit of it.
fn specs(edits: &[Edit]) -> Vec<String> {
    let mut specs = vec![BASE.to_owned()];
    for edit in edits {
        let mut spec = BASE.to_owned();
        for Replace { from, to } in &edit.replace {
            assert!(spec.contains(from), "{}: base.yaml has no {from:?}", edit.name);
            spec = spec.replace(from, to);
        }
        specs.push(spec);
    }
    specs
}

/// Writes the crate of each spec (`agree-00` for the base) into a scratch
/// workspace at `scratch`, the program as its example; with `lib`, every
/// crate's library is named `lib`, so their public APIs read alike.
fn write_workspace(root: &Path, scratch: &Path, specs: &[String], lib: Option<&str>) {
    let _ = std::fs::remove_dir_all(scratch);
    let runtime = root.join("generator/runtime").to_string_lossy().replace('\\', "/");
    let options = Options::new(apicrate_codegen::scaffold::COMMAND, "base.yaml")
        .client(false)
        .runtime(Runtime::Path(runtime));
    let mut members = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let name = crate_name(index);
        let lowered = apicrate_codegen::lower_str(Path::new("base.yaml"), spec)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        let options = options.clone().package(name.clone(), None);
        let mut files = apicrate_codegen::generate_lowered(lowered, &options)
            .unwrap_or_else(|error| panic!("{name}: {error}"))
            .files;
        let library = match lib {
            Some(lib) => {
                let manifest = files.get_mut("Cargo.toml").expect("a manifest");
                *manifest = manifest.replacen("[lib]\n", &format!("[lib]\nname = {lib:?}\n"), 1);
                lib.to_owned()
            }
            None => name.replace('-', "_"),
        };
        let program = PROGRAM.replacen(
            "#![allow(warnings)]\n",
            &format!("#![allow(warnings)]\nextern crate {library} as api;\n"),
            1,
        );
        let example = (format!("examples/{}.rs", name.replace('-', "_")), program);
        for (path, text) in files.into_iter().chain([example]) {
            let full = scratch.join(&name).join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
            std::fs::write(full, text).expect("write");
        }
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("lock file");
}

#[test]
fn the_review_and_the_compiler_agree_on_every_edit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository");
    let scratch = root.join("target/agreement");
    let edits = edits();
    let specs = specs(&edits);
    write_workspace(root, &scratch, &specs, None);

    let failed = failing_packages(root, &scratch, edits.len());
    assert!(!failed.contains(&crate_name(0)), "user.rs does not compile against the base crate");
    let compiled: Vec<usize> =
        (0..=edits.len()).filter(|index| !failed.contains(&crate_name(*index))).collect();
    let printed = request_bytes(root, &scratch, &compiled);
    let mut disagreements = Vec::new();
    let (mut breaking, mut compatible, mut on_the_wire) = (0, 0, 0);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (index, edit) in edits.iter().enumerate() {
        let changes = diff(
            &review_support::lower_text(&specs[0]),
            &review_support::lower_text(&specs[index + 1]),
        );
        let says_breaks = changes.iter().any(|change| change.breaks_rust());
        seen.extend(changes.iter().map(|change| change.check.id()));
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
    // Every check is met by some edit, but those only OpenAPI 3.1 can
    // cause (the base is 3.0), which `tests/spec_diff.rs` meets.
    let only_31 = ["enum-variant-renamed", "webhook-added", "webhook-changed", "webhook-removed"];
    let unmet: Vec<&str> = Check::ALL
        .iter()
        .map(|check| check.id())
        .filter(|id| !seen.contains(id) && !only_31.contains(id))
        .collect();
    assert!(unmet.is_empty(), "no edit of agreement/edits.yaml meets these checks: {unmet:?}");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The target directory `compile_fixtures.rs` builds in, shared so that
/// dependencies build once.
const FIXTURE_TARGET: &str = "target/fixture-target";

/// Cargo in the scratch workspace, with the fixtures' target directory and
/// flags (warnings and missing docs denied).
fn fixture_cargo(root: &Path, scratch: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(scratch).env("CARGO_TARGET_DIR", root.join(FIXTURE_TARGET));
    command.env("RUSTFLAGS", "-D warnings -D missing_docs");
    command
}

/// What the program of each crate in `compiled` prints (the bytes of
/// its requests), by edit index: one `cargo build` of their examples,
/// then each binary run.
fn request_bytes(
    root: &Path,
    scratch: &Path,
    compiled: &[usize],
) -> std::collections::BTreeMap<usize, String> {
    let mut build = fixture_cargo(root, scratch);
    build.args(["build", "--examples", "--offline", "--quiet"]);
    for index in compiled {
        build.args(["--package", &crate_name(*index)]);
    }
    let status = build.status().expect("cargo runs");
    assert!(status.success(), "the programs that compiled do not build");
    let run = |index: &usize| {
        let examples = root.join(FIXTURE_TARGET).join("debug/examples");
        let program = examples.join(crate_name(*index).replace('-', "_"));
        let output = Command::new(&program).output().expect("the program runs");
        assert!(output.status.success(), "{} failed", program.display());
        (*index, String::from_utf8(output.stdout).expect("UTF-8"))
    };
    compiled.iter().map(run).collect()
}

/// The packages of the scratch workspace whose check, examples included,
/// failed: one `cargo check --keep-going`, its errors read from JSON.
fn failing_packages(root: &Path, scratch: &Path, edits: usize) -> BTreeSet<String> {
    let output = fixture_cargo(root, scratch)
        .args(["check", "--workspace", "--examples", "--keep-going", "--offline"])
        .args(["--message-format", "json"])
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

/// The same edits through `cargo semver-checks`: each edited crate's
/// public API against the base crate's, as rustdoc JSON. Whatever it calls
/// a major change the review must call breaking for Rust code. (It does
/// not see every break the compiler sees, a field's changed type for one:
/// those the test above proves.) Needs the tool, which takes many minutes
/// to build: the pull-request workflow installs it and runs this test;
/// CONTRIBUTING says how to run it here.
#[test]
#[ignore = "needs cargo-semver-checks; run with `-- --ignored` (see CONTRIBUTING)"]
fn cargo_semver_checks_agrees_with_the_review() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the repository");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let tool = Command::new(&cargo).args(["semver-checks", "--version"]).output();
    assert!(
        tool.is_ok_and(|output| output.status.success()),
        "cargo-semver-checks is not installed: `cargo install cargo-semver-checks --locked`"
    );
    let scratch = root.join("target/agreement-semver");
    let edits = edits();
    let specs = specs(&edits);
    // One library name for every crate, so that their items' paths match.
    write_workspace(root, &scratch, &specs, Some("api"));
    let target = root.join("target/semver-target");
    let json = scratch.join("rustdoc");
    std::fs::create_dir_all(&json).expect("dir");
    for index in 0..specs.len() {
        // rustdoc's JSON is unstable; cargo-semver-checks builds it the same way.
        let status = Command::new(&cargo)
            .args(["rustdoc", "--lib", "--offline", "--quiet", "--package", &crate_name(index)])
            .args(["--", "-Zunstable-options", "--output-format", "json"])
            .current_dir(&scratch)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTC_BOOTSTRAP", "1")
            .status()
            .expect("cargo runs");
        assert!(status.success(), "rustdoc JSON of {}", crate_name(index));
        let written = json.join(format!("{index:02}.json"));
        std::fs::copy(target.join("doc/api.json"), written).expect("rustdoc JSON");
    }
    let (mut disagreements, mut unseen) = (Vec::new(), Vec::new());
    let mut majors = 0;
    for (index, edit) in edits.iter().enumerate() {
        let output = Command::new(&cargo)
            .args(["semver-checks", "check-release", "--release-type", "minor"])
            .arg("--baseline-rustdoc")
            .arg(json.join("00.json"))
            .arg("--current-rustdoc")
            .arg(json.join(format!("{:02}.json", index + 1)))
            .output()
            .expect("cargo semver-checks runs");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // A failed lint says `FAIL`; anything else that stops it is no answer.
        let major = said.lines().any(|line| line.trim_start().starts_with("--- failure"));
        assert!(
            output.status.success() || major,
            "{}: cargo semver-checks failed:\n{said}",
            edit.name
        );
        majors += usize::from(major);
        let changes = diff(
            &review_support::lower_text(&specs[0]),
            &review_support::lower_text(&specs[index + 1]),
        );
        let breaks = changes.iter().any(|change| change.breaks_rust());
        if major && !breaks {
            disagreements.push(format!("{}: cargo semver-checks says major:\n{said}", edit.name));
        }
        if breaks && !major {
            unseen.push(edit.name.as_str());
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    eprintln!(
        "{} edits: cargo semver-checks calls {majors} major; it does not see these breaks \
         the compiler proves: {}",
        edits.len(),
        unseen.join(", ")
    );
    assert!(majors >= 10, "cargo semver-checks saw only {majors} major changes");
    let _ = std::fs::remove_dir_all(&scratch);
}

//! A generated crate in its user's project: it remembers how it was
//! generated, joins the workspace it is put in (or stands alone), and
//! gets its runtime vendored, inlined or as a dependency.

mod support;

use std::path::Path;

use sha2::Digest as _;
use support::{apicrate, cargo, root, stderr, stdout, workdir};

/// A crate remembers its spec and settings: generated once with flags, it
/// is regenerated and checked with `--out` alone, as it was made; a flag
/// given overrides what it remembers, and another spec keeps its name
/// with a note.
#[test]
fn a_crate_remembers_how_it_was_generated() {
    let dir = workdir("remembers", &["petstore.yaml", "small.yaml"]);
    std::fs::create_dir_all(dir.join("specs")).expect("specs dir");
    std::fs::rename(dir.join("small.yaml"), dir.join("specs/small.yaml")).expect("move");
    let flags = ["--name", "petz", "--drop-undeclared", "--strict", "--standalone"];
    let first = apicrate(
        &dir,
        &[&["generate", "--spec", "specs/small.yaml", "--out", "crates/petz"][..], &flags].concat(),
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let manifest = std::fs::read_to_string(dir.join("crates/petz/Cargo.toml")).expect("manifest");
    let remembered = manifest.split_once("[package.metadata.apicrate]\n").expect("the table").1;
    let spec = std::fs::read(dir.join("specs/small.yaml")).expect("spec");
    let hash: String = sha2::Sha256::digest(&spec).iter().map(|b| format!("{b:02x}")).collect();
    for line in [
        "spec = \"../../specs/small.yaml\"".to_owned(),
        format!("spec-sha256 = \"{hash}\""),
        format!("generator = \"{}\"", env!("CARGO_PKG_VERSION")),
        "runtime = \"vendored\"".to_owned(),
        "strict = true".to_owned(),
        "drop-undeclared = true".to_owned(),
        "standalone = true".to_owned(),
    ] {
        assert!(remembered.contains(&format!("{line}\n")), "{line} in {remembered}");
    }

    // With `--out` alone: the same crate, from anywhere.
    let again = apicrate(&dir.join("specs"), &["generate", "--out", "../crates/petz"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("crate `petz` in ../crates/petz:\n  (already up to date)"),
        "{}",
        { stderr(&again) }
    );
    let fresh = apicrate(&dir, &["check", "--out", "crates/petz"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    assert!(stderr(&fresh).contains("up to date with crates/petz/../../specs/small.yaml"), "{}", {
        stderr(&fresh)
    });

    // A flag given overrides the remembered one: a check with it is stale,
    // and names the command that makes the crate so.
    let other = apicrate(&dir, &["check", "--out", "crates/petz", "--drop-undeclared=false"]);
    assert_eq!(other.status.code(), Some(3), "{}", stderr(&other));
    assert!(stdout(&other).contains("-drop-undeclared = true\n+drop-undeclared = false"), "{}", {
        stdout(&other)
    });
    assert!(
        stderr(&other)
            .contains("run `apicrate generate --out crates/petz --drop-undeclared=false`"),
        "{}",
        stderr(&other)
    );

    // A changed spec makes the crate stale; `--out` alone brings it back.
    let text = String::from_utf8(spec).expect("UTF-8");
    let changed = text.replace("summary: Get a thing", "summary: Read a thing");
    std::fs::write(dir.join("specs/small.yaml"), changed).expect("write");
    let stale = apicrate(&dir, &["check", "--out", "crates/petz"]);
    assert_eq!(stale.status.code(), Some(3), "{}", stderr(&stale));
    assert!(stdout(&stale).contains("-spec-sha256 = "), "{}", stdout(&stale));
    assert!(stderr(&stale).contains("run `apicrate generate --out crates/petz`"), "{}", {
        stderr(&stale)
    });
    let regenerated = apicrate(&dir, &["generate", "--out", "crates/petz"]);
    assert!(regenerated.status.success(), "{}", stderr(&regenerated));
    let manifest = std::fs::read_to_string(dir.join("crates/petz/Cargo.toml")).expect("manifest");
    assert!(manifest.contains("drop-undeclared = true\n"), "still remembered: {manifest}");
    let fresh = apicrate(&dir, &["check", "--out", "crates/petz"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    // Another spec (with warnings, so no longer strict): the crate keeps
    // its name, and says so.
    let args = ["generate", "--out", "crates/petz", "--spec", "petstore.yaml", "--strict=false"];
    let other_spec = apicrate(&dir, &args);
    assert!(other_spec.status.success(), "{}", stderr(&other_spec));
    assert!(stderr(&other_spec).contains("note: the crate keeps its name `petz`"), "{}", {
        stderr(&other_spec)
    });
    let manifest = std::fs::read_to_string(dir.join("crates/petz/Cargo.toml")).expect("manifest");
    assert!(manifest.contains("spec = \"../../petstore.yaml\"\n"), "{manifest}");
    assert!(manifest.contains("strict = false\n"), "{manifest}");

    // Nothing to remember: the spec must be given.
    let nothing = apicrate(&dir, &["generate", "--out", "new"]);
    assert_eq!(nothing.status.code(), Some(1), "{}", stderr(&nothing));
    assert!(
        stderr(&nothing).contains("no spec given, and new holds no crate that remembers one"),
        "{}",
        { stderr(&nothing) }
    );
    assert!(!dir.join("new").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Crates generated into a workspace join it, listed by a glob or by
/// name, and build there; one generated `--standalone` into the same tree,
/// unlisted, builds on its own, where one without the flag is refused by
/// Cargo (the workspace does not list it).
#[test]
fn a_crate_joins_the_workspace_it_is_generated_into() {
    let root = root();
    let dir = workdir("workspace", &["petstore.yaml", "small.yaml"]);
    let members = "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\", \"small\"]\n";
    std::fs::write(dir.join("Cargo.toml"), members).expect("workspace manifest");
    let generate = |spec: &str, out: &str, name: &str, flags: &[&str]| {
        let args =
            [&["generate", "--spec", spec, "--out", out, "--name", name][..], flags].concat();
        let output = apicrate(&dir, &args);
        assert!(output.status.success(), "{out}: {}", stderr(&output));
        std::fs::read_to_string(dir.join(out).join("Cargo.toml")).expect("manifest")
    };
    let by_glob = generate("petstore.yaml", "crates/petstore", "petstore", &[]);
    let by_name = generate("small.yaml", "small", "small", &[]);
    let alone = generate("small.yaml", "tools/alone", "alone", &["--standalone"]);
    let unlisted = generate("small.yaml", "tools/unlisted", "unlisted", &[]);
    for member in [&by_glob, &by_name, &unlisted] {
        assert!(!member.contains("[workspace]"), "{member}");
    }
    assert!(alone.contains("\n[workspace]\n"), "{alone}");
    // The project's lock file: the same dependency versions, offline.
    for lock in [dir.join("Cargo.lock"), dir.join("tools/alone/Cargo.lock")] {
        std::fs::copy(root.join("Cargo.lock"), lock).expect("lock file");
    }

    let cargo_in = |dir: &Path, args: &[&str]| {
        cargo()
            .args(args)
            .arg("--offline")
            .current_dir(dir)
            // Shared with the other tests that build crates, with their flags.
            .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
            .env("RUSTFLAGS", "-D warnings -D missing_docs")
            .output()
            .expect("cargo runs")
    };
    let metadata = cargo_in(&dir, &["metadata", "--format-version", "1", "--no-deps"]);
    assert!(metadata.status.success(), "{}", stderr(&metadata));
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).expect("JSON");
    let mut names: Vec<&str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    names.sort_unstable();
    // Each crate's vendored runtime joins as a path dependency, under a
    // name of its own: two packages of a workspace cannot share one.
    assert_eq!(names, ["petstore", "petstore-runtime", "small", "small-runtime"]);
    let check = cargo_in(&dir, &["check", "--workspace"]);
    assert!(check.status.success(), "the workspace does not build:\n{}", stderr(&check));
    let check = cargo_in(&dir.join("tools/alone"), &["check"]);
    assert!(check.status.success(), "the standalone crate does not build:\n{}", stderr(&check));
    let refused = cargo_in(&dir.join("tools/unlisted"), &["metadata", "--format-version", "1"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("believes it's in a workspace"), "{}", stderr(&refused));
    // Checked with the flag it was generated with, the standalone crate is
    // fresh; with other settings it is stale, and the command to make it
    // so names every setting the check was given.
    let check_alone = |more: &[&str]| {
        let alone = ["check", "--spec", "small.yaml", "--out", "tools/alone", "--name", "alone"];
        apicrate(&dir, &[&alone[..], &["--standalone"], more].concat())
    };
    let fresh = check_alone(&[]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    let other = check_alone(&["--drop-undeclared", "--strict"]);
    assert_eq!(other.status.code(), Some(3), "{}", stderr(&other));
    assert!(
        stderr(&other).contains("run `apicrate generate --out tools/alone --spec small.yaml --name alone --strict --drop-undeclared --standalone`"),
        "{}",
        stderr(&other)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_runtime_is_vendored_inlined_or_a_dependency_as_asked() {
    let dir = workdir("runtime", &["small.yaml"]);
    let run = |out: &str, runtime: &str| {
        let output = apicrate(
            &dir,
            &["generate", "--spec", "small.yaml", "--out", out, "--runtime", runtime],
        );
        assert!(output.status.success(), "{runtime}: {}", stderr(&output));
        std::fs::read_to_string(dir.join(out).join("Cargo.toml")).expect("manifest")
    };
    // By default, a package of the crate's own in its `runtime/` folder.
    let default = apicrate(&dir, &["generate", "--spec", "small.yaml", "--out", "vendored"]);
    assert!(default.status.success(), "{}", stderr(&default));
    let vendored = std::fs::read_to_string(dir.join("vendored/Cargo.toml")).expect("manifest");
    let package = "apicrate-runtime = { package = \"small-fixture-runtime\", version = \"0.1\", path = \"runtime\"";
    assert!(vendored.contains(package), "{vendored}");
    let runtime =
        std::fs::read_to_string(dir.join("vendored/runtime/Cargo.toml")).expect("its manifest");
    assert!(
        runtime.contains("name = \"small-fixture-runtime\"") && runtime.contains("\nthiserror = "),
        "{runtime}"
    );
    assert!(
        dir.join("vendored/runtime/src/lib.rs").exists()
            && !dir.join("vendored/src/gen/runtime").exists()
    );
    // It is the generator's: an edit is stale, a stray file is removed.
    let lib = dir.join("vendored/runtime/src/lib.rs");
    std::fs::write(&lib, "// edited\n").expect("edit");
    std::fs::write(dir.join("vendored/runtime/src/stray.rs"), "").expect("stray");
    let stale = apicrate(&dir, &["check", "--out", "vendored"]);
    assert_eq!(stale.status.code(), Some(3), "{}", stderr(&stale));
    let out = String::from_utf8_lossy(&stale.stdout);
    assert!(out.contains("runtime/src/lib.rs") && out.contains("runtime/src/stray.rs"), "{out}");
    let again = apicrate(&dir, &["generate", "--out", "vendored"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!dir.join("vendored/runtime/src/stray.rs").exists());
    let fresh = apicrate(&dir, &["check", "--out", "vendored"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    let inline = run("inline", "inline");
    // A `runtime/` folder of the user's is not replaced by a vendored runtime.
    std::fs::create_dir_all(dir.join("inline/runtime")).expect("a folder of the user's");
    std::fs::write(dir.join("inline/runtime/notes.txt"), "mine").expect("a file of the user's");
    let args = ["generate", "--out", "inline", "--runtime", "vendored"];
    let refused = apicrate(&dir, &args);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("was not generated by"), "{}", stderr(&refused));
    assert!(
        dir.join("inline/runtime/notes.txt").exists()
            && dir.join("inline/src/gen/runtime").exists()
    );
    assert!(dir.join("inline/src/gen/runtime/mod.rs").exists());
    assert!(inline.contains("\nthiserror = "), "{inline}");
    assert!(!inline.contains("apicrate-runtime"), "{inline}");

    // No release to depend on yet: refused before anything is written.
    let args = ["generate", "--spec", "small.yaml", "--out", "version", "--runtime", "version"];
    let version = apicrate(&dir, &args);
    assert_eq!(version.status.code(), Some(2), "{}", stderr(&version));
    assert!(stderr(&version).contains("no release of it yet"), "{}", stderr(&version));
    assert!(!dir.join("version").exists(), "nothing is written");

    // A runtime by path must be there, relative to the crate.
    let vendored = dir.join("vendor/runtime");
    std::fs::create_dir_all(&vendored).expect("vendor dir");
    let runtime_manifest = "[package]\nname = \"apicrate-runtime\"\nversion = \"0.1.0\"\n";
    std::fs::write(vendored.join("Cargo.toml"), runtime_manifest).expect("runtime manifest");
    let path = run("path", "path=../vendor/runtime");
    assert!(
        path.contains("\napicrate-runtime = { version = \"0.1\", path = \"../vendor/runtime\", default-features = false }\n"),
        "{path}"
    );
    assert!(!path.contains("\nthiserror = "), "{path}");
    assert!(!dir.join("path/src/gen/runtime").exists());
    let root = std::fs::read_to_string(dir.join("path/src/gen/mod.rs")).expect("mod.rs");
    assert!(root.contains("pub use apicrate_runtime as runtime;"), "{root}");
    let args =
        ["generate", "--spec", "small.yaml", "--out", "missing", "--runtime", "path=../nowhere"];
    let missing = apicrate(&dir, &args);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("no apicrate-runtime at `../nowhere`"),
        "{}",
        stderr(&missing)
    );
    assert!(!dir.join("missing").exists(), "nothing is written");
    let wrong =
        apicrate(&dir, &["generate", "--spec", "small.yaml", "--out", "x", "--runtime", "y"]);
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert!(stderr(&wrong).contains("use vendored, inline or path=DIR"), "{}", stderr(&wrong));
    let _ = std::fs::remove_dir_all(&dir);
}

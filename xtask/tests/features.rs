//! Each Cargo feature of the generated crate compiles alone (and with none
//! at all): an operation or model gated on the wrong feature would fail
//! here, not in a user's build. `cargo check` only, in a target directory
//! of its own, so it costs seconds.

use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root")
}

/// `cargo` in the workspace root: the one running the tests.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

#[test]
fn each_feature_of_the_generated_crate_compiles_alone() {
    let root = root();
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).expect("manifest");
    let manifest: toml_edit::DocumentMut = manifest.parse().expect("TOML");
    // The features `default` lists: one per tag, and `batch`.
    let default = manifest["features"]["default"].as_array().expect("a default feature list");
    let features: Vec<&str> = default.iter().filter_map(|name| name.as_str()).collect();
    assert!(features.len() > 2 && features.contains(&"users"), "{features:?}");
    assert!(features.contains(&"batch"), "{features:?}");
    for feature in std::iter::once("").chain(features) {
        let output = cargo()
            .args(["check", "--package", "graph-photos", "--lib", "--locked"])
            .args(["--no-default-features", "--features", feature])
            .env("CARGO_TARGET_DIR", root.join("target/features-target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "graph-photos does not compile with only the feature {feature:?}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The packages `cargo tree` lists for graph-photos with `args`, one
/// `name vX.Y.Z` a line, deduplicated.
fn dependency_tree(args: &[&str]) -> Vec<String> {
    let output = cargo()
        .args(["tree", "--package", "graph-photos", "--locked"])
        .args(["--prefix", "none", "--format", "{p}", "--no-dedupe"])
        .args(args)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut packages: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            Some(format!("{} {}", words.next()?, words.next()?))
        })
        .collect();
    packages.sort();
    packages.dedup();
    packages
}

fn names(packages: &[String]) -> Vec<&str> {
    packages.iter().filter_map(|package| package.split(' ').next()).collect()
}

/// With the client, `azure-identity`, the default TLS and the examples'
/// `azure_identity`, one HTTP stack and one TLS backend are built:
/// `azure_core`'s reqwest is the client's. (`native-tls`, another TLS on
/// purpose, is left out.)
#[test]
fn the_client_and_azure_identity_share_one_http_stack_and_tls_backend() {
    let features = ["--features", "client,tracing,azure-identity"];
    let tree = dependency_tree(&[&features[..], &["--edges", "normal,dev"]].concat());
    let names = names(&tree);
    assert!(names.contains(&"azure_identity") && names.contains(&"reqwest"), "{tree:#?}");
    for stack in ["reqwest", "hyper", "hyper-rustls", "rustls", "tokio-rustls", "h2", "http"] {
        let versions: Vec<&String> =
            tree.iter().filter(|package| package.split(' ').next() == Some(stack)).collect();
        assert!(versions.len() <= 1, "{stack} is built in several versions: {versions:?}");
    }
    let backends: Vec<&str> = ["aws-lc-rs", "ring", "openssl", "native-tls"]
        .into_iter()
        .filter(|backend| names.contains(backend))
        .collect();
    assert_eq!(backends, ["aws-lc-rs"], "TLS crypto backends built: {backends:?}");
}

/// The default build is the sans-IO crate alone: no HTTP stack, no Azure.
#[test]
fn the_default_build_has_no_http_stack() {
    let tree = dependency_tree(&["--edges", "normal"]);
    for heavy in ["reqwest", "hyper", "tokio", "azure_core", "rustls"] {
        assert!(!names(&tree).contains(&heavy), "the default build compiles {heavy}: {tree:#?}");
    }
}

/// The client's TLS is a choice of features: the default `rustls` builds
/// aws-lc-rs; `rustls-no-provider` builds no crypto provider (the program
/// installs one, ring say) and compiles; `native-tls` builds the
/// platform's TLS and no rustls, and compiles (on Linux, with OpenSSL's
/// headers, which `cargo xtask test` installs when they are missing); a client with
/// none is refused at compile time with a message that names them.
#[test]
fn the_clients_tls_is_a_choice() {
    let default = dependency_tree(&["--features", "client", "--edges", "normal"]);
    assert!(names(&default).contains(&"aws-lc-rs"), "{default:#?}");
    let chosen = ["--no-default-features", "--features", "client,rustls-no-provider"];
    let tree = dependency_tree(&[&chosen[..], &["--edges", "normal"]].concat());
    let names = names(&tree);
    assert!(names.contains(&"rustls") && names.contains(&"reqwest"), "{tree:#?}");
    for provider in ["aws-lc-rs", "aws-lc-sys", "ring"] {
        assert!(!names.contains(&provider), "{provider} is built: {tree:#?}");
    }
    let check = |features: &[&str]| {
        cargo()
            .args(["check", "--package", "graph-photos", "--lib", "--locked"])
            .args(features)
            .env("CARGO_TARGET_DIR", root().join("target/features-target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs")
    };
    let output = check(&chosen);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "rustls-no-provider does not compile:\n{stderr}");
    let native = ["--no-default-features", "--features", "client,native-tls"];
    let tree = dependency_tree(&[&native[..], &["--edges", "normal"]].concat());
    let names_native = self::names(&tree);
    assert!(names_native.contains(&"native-tls"), "{tree:#?}");
    for rustls in ["rustls", "aws-lc-rs", "ring"] {
        assert!(!names_native.contains(&rustls), "{rustls} is built: {tree:#?}");
    }
    let openssl = Command::new("pkg-config").args(["--exists", "openssl"]).status();
    assert!(
        openssl.is_ok_and(|status| status.success()),
        "native-tls needs OpenSSL's headers to build on Linux, and pkg-config to find them: \
         install them (Debian: apt-get install libssl-dev pkg-config); `cargo xtask test` does"
    );
    let output = check(&native);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "native-tls does not compile:\n{stderr}");
    let output = check(&["--no-default-features", "--features", "client"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a client without TLS compiles");
    assert!(stderr.contains("the client needs TLS: enable the `rustls` feature"), "{stderr}");
    assert!(stderr.contains("`native-tls`"), "{stderr}");
}

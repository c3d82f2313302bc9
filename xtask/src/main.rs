//! `cargo xtask`: the project's developer commands (see `cargo xtask help`).

mod bench;
mod codegen;
mod corpus;
mod docs;
mod lint;
mod node;
mod spec_diff;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context as _};

const HELP: &str = "\
cargo xtask <command>

Commands:
  regenerate [--check]        Write generated/src/gen/ from spec/graph-photos.yaml;
                              with --check, change nothing and fail with a diff
                              when the committed tree is stale
  generate --spec FILE --out DIR [--name CRATE]
                              Generate a standalone crate for any OpenAPI 3.0 spec
  lint-spec                   Lint spec/ with Redocly CLI (installs it with `npm ci`)
  spec-diff [--base REF | OLD.yaml NEW.yaml] [--allow-breaking]
                              Markdown report of spec changes, breaking ones flagged
  corpus DIR [--only NAME] [--peer]
                              Generate and `cargo check` a crate for every spec in DIR;
                              writes target/corpus/REPORT.md; with --peer, progenitor's
                              result beside ours
  docs                        Render the spec to one offline HTML page and build rustdoc
  bench [--quick]             Run the benchmarks and write BENCHMARKS.md
  test                        The whole test suite: fmt, lint, freshness, cargo test, clippy
  help                        Show this message
";

/// The generator allocates many small token trees on every core: mimalloc
/// does that faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("regenerate") => codegen::regenerate(&root, &args[1..]),
        Some("generate") => codegen::generate(&args[1..]),
        Some("lint-spec") => lint::lint_spec(&root),
        Some("spec-diff") => spec_diff::run(&root, &args[1..]),
        Some("corpus") => corpus::run(&root, &args[1..]),
        Some("docs") => docs::run(&root, &args[1..]),
        Some("bench") => bench::run(&root, &args[1..]),
        // Internal: one measurement in a fresh release process (see `bench`).
        Some("bench-generator") => bench::generator_child(&args[1..]),
        Some("test") => test(&root),
        Some("help" | "--help" | "-h") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The whole test suite, as CI runs it.
fn test(root: &Path) -> anyhow::Result<()> {
    step("cargo fmt --check (rustfmt.toml)");
    run(cargo(root).args(["fmt", "--all", "--check"]))?;
    step("lint the spec (Redocly)");
    lint::lint_spec(root)?;
    step("check that generated/ is fresh");
    codegen::regenerate(root, &["--check".to_owned()])?;
    step("cargo test --workspace");
    run(cargo(root).args(["test", "--workspace", "--all-targets", "--all-features", "--locked"]))?;
    run(cargo(root).args(["test", "--workspace", "--doc", "--all-features", "--locked"]))?;
    step("cargo clippy (warnings are errors)");
    run(cargo(root).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--all-features",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))?;
    // Intra-doc links to feature-gated items break only in the feature sets
    // that leave them out: document each set users build.
    for features in DOC_FEATURE_SETS {
        step(&format!("rustdoc of graph-photos, {features:?} (warnings are errors)"));
        run(cargo(root)
            .args(["doc", "--no-deps", "--package", "graph-photos", "--locked"])
            .args(features.split_whitespace())
            .env("RUSTDOCFLAGS", "-D warnings"))?;
    }
    step("all checks passed");
    Ok(())
}

/// The feature sets of graph-photos that users build, as `cargo` arguments.
const DOC_FEATURE_SETS: [&str; 4] =
    ["", "--no-default-features --features me", "--features client", "--all-features"];

fn step(what: &str) {
    eprintln!("\n==> {what}");
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(cargo_program());
    command.current_dir(root);
    command
}

/// The `cargo` running us (`CARGO`), or the one on `PATH`.
fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs a command, failing with the command line when it fails.
pub(crate) fn run(command: &mut Command) -> anyhow::Result<()> {
    let status = command.status().with_context(|| format!("cannot start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

/// The workspace root: the parent of this crate's manifest directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

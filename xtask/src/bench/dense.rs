//! Section 1c, densely linked models (issue 26): on specs whose models link
//! to each other as Graph's entities do (`synth::write_dense`), what one
//! tag alone costs to check against all features: the tag that compiles
//! the fewest models (the "one small tag") and the median one,
//! with the runtime inlined and on the runtime crate, with the
//! `cfg(any(...))` lists as generated and rewritten into internal features
//! (`cfg_sets`), beside progenitor's crate for all operations. The shape
//! of each spec (how many models a tag compiles) comes from the
//! generator's IR, the figures from `crates`; the Markdown is here, as the
//! section's own.

use std::fmt::Write as _;
use std::path::Path;

use super::crates::CrateCost;

/// A tag measured alone, and how many models it compiles.
pub struct Tag {
    pub name: String,
    pub types: usize,
}

/// What the generator makes of a dense spec's features.
pub struct Shape {
    /// Models in the crate.
    pub types: usize,
    /// Features that are tags (the unused models' feature aside).
    pub groups: usize,
    /// The tag that compiles the fewest models: one small tag, what a
    /// user who wants a few operations builds.
    pub smallest: Tag,
    /// The tag whose models are the median count: in these specs, one that
    /// also reaches the hub clusters most tags link to.
    pub median: Tag,
    /// Distinct `cfg(any(...))` lists (two features or more).
    pub lists: usize,
    /// Features in the longest list.
    pub longest: usize,
}

impl Shape {
    pub fn of(spec: &Path) -> anyhow::Result<Self> {
        let api = apicrate_codegen::lower_file(spec)?.api;
        let unused = api.unused_feature.as_deref();
        let features = api.features();
        let mut by_size: Vec<(usize, &str)> = features
            .iter()
            .filter(|feature| Some(**feature) != unused)
            .map(|tag| {
                let compiled = api
                    .types
                    .iter()
                    .filter(|def| def.features.is_empty() || def.features.iter().any(|f| f == tag));
                (compiled.count(), *tag)
            })
            .collect();
        by_size.sort();
        let tag = |index: usize| {
            by_size.get(index).map(|&(types, name)| Tag { name: name.to_owned(), types })
        };
        let (Some(smallest), Some(median)) = (tag(0), tag(by_size.len() / 2)) else {
            anyhow::bail!("{} has no features to choose from", spec.display());
        };
        let lists: std::collections::BTreeSet<&Vec<String>> =
            api.types.iter().map(|def| &def.features).filter(|list| list.len() > 1).collect();
        Ok(Shape {
            types: api.types.len(),
            groups: by_size.len(),
            smallest,
            median,
            lists: lists.len(),
            longest: api.types.iter().map(|def| def.features.len()).max().unwrap_or(0),
        })
    }
}

/// The section's heading, what it measures, and its table's head.
pub fn heading() -> String {
    "## 1c. Densely linked models: one tag alone\n\n\
     Specs whose models link to each other as Microsoft Graph's entities do \
     (`synth::write_dense`: an entity base merged through `allOf`, clusters of \
     entities with navigation properties between them and to hub clusters that \
     most but not all tags reach, collections, and a few hundred schemas no \
     operation uses). Our crate with all features and with one tag alone \
     (`--no-default-features --features TAG`: its operations and exactly the models \
     they reach): the tag that compiles the fewest models (\"smallest\") and the \
     one whose models are the median count (\"median\"). Each with the runtime \
     inlined (the default) and on the runtime crate (`--runtime path=...`, prebuilt \
     like every dependency: how a crate on the published runtime checks); and \
     with every `cfg(any(feature = ...))` list rewritten into one internal \
     feature per distinct list, enabled by the public features in `Cargo.toml` \
     (`cfg_sets`). Progenitor's crate for all operations. \
     `cargo check` as in 1b: the crate alone, dependencies prebuilt, median of \
     three by CPU.\n\n\
     | operations | crate | features | models compiled | lines | `cargo check`: wall | CPU | peak | debug build (incremental) |\n\
     |---|---|---|---|---|---|---|---|---|\n"
        .to_owned()
}

/// One size's rows: ours per case (label, features, models compiled), then
/// progenitor's crate or its error.
pub fn rows(
    operations: usize,
    ours: &[(String, String, String, CrateCost)],
    theirs: &anyhow::Result<CrateCost>,
) -> String {
    let mut out = String::new();
    let mut row = |label: &str, features: &str, models: &str, cost: &CrateCost| {
        let CrateCost { lines, check, incremental, .. } = cost;
        let _ = writeln!(
            out,
            "| {operations} | {label} | {features} | {models} | {lines} | {:.2} s | {:.2} s | {:.1} MiB | {:.1} s |",
            check.wall_s,
            check.cpu_s,
            check.peak_kib as f64 / 1024.0,
            incremental.wall_s
        );
    };
    for (label, features, models, cost) in ours {
        row(label, features, models, cost);
    }
    match theirs {
        Ok(theirs) => row("progenitor", "all operations", "all", theirs),
        Err(error) => {
            let error = super::report::table_cell(error);
            let _ = writeln!(out, "| {operations} | progenitor | failed: {error} |||||||");
        }
    }
    out
}

/// What [`super::dense_crates`] measured at one size, by case.
pub struct Costs {
    pub all: CrateCost,
    pub smallest: CrateCost,
    pub median: CrateCost,
    pub sets_all: CrateCost,
    pub sets_median: CrateCost,
    pub shared_all: CrateCost,
    pub shared_smallest: CrateCost,
    pub shared_median: CrateCost,
}

/// The targets for one small tag alone: at most this share of the
/// CPU of all features, and at 1,000 operations at most this many seconds.
const TARGET_SHARE: f64 = 0.1;
const TARGET_SECONDS: f64 = 1.0;

/// The summary's line for one size: the smallest and the median tag alone
/// against all features (with the runtime inlined, and on the runtime
/// crate), and internal features against `cfg(any(...))` lists.
pub fn summary(operations: usize, shape: &Shape, costs: &Costs) -> String {
    let cpu = |a: &CrateCost, b: &CrateCost| a.check.cpu_s / b.check.cpu_s.max(f64::EPSILON);
    let Shape { types, groups, smallest, median, lists, longest } = shape;
    let share = cpu(&costs.smallest, &costs.all);
    let seconds = costs.smallest.check.cpu_s;
    let met = |ok: bool| if ok { "met" } else { "missed" };
    let target = match operations {
        1000 => format!(
            "targets at most {TARGET_SHARE}× and {TARGET_SECONDS} s: {}",
            met(share <= TARGET_SHARE && seconds <= TARGET_SECONDS)
        ),
        _ => format!("target at most {TARGET_SHARE}×: {}", met(share <= TARGET_SHARE)),
    };
    let percent = |tag: &Tag| 100.0 * tag.types as f64 / (*types).max(1) as f64;
    format!(
        "- Densely linked, {operations} operations ({types} models, {groups} tags): the smallest tag, \
            `{}` ({} models, {:.0}% of them), alone checks in {share:.2}× the CPU of all features \
            ({seconds:.2} s against {:.2} s; {target}). The median tag, `{}` ({} models, {:.0}%: it \
            also reaches the hub clusters), checks in {:.2}× ({:.2} s). On the runtime crate, as a \
            crate on the published runtime checks: {:.2}× and {:.2}× ({:.2} s and {:.2} s against \
            {:.2} s). Internal features instead of the {lists} distinct `cfg(any(...))` lists (the \
            longest of {longest} features): {:.2}× the CPU with all features, {:.2}× with the median \
            tag alone.\n",
        smallest.name,
        smallest.types,
        percent(smallest),
        costs.all.check.cpu_s,
        median.name,
        median.types,
        percent(median),
        cpu(&costs.median, &costs.all),
        costs.median.check.cpu_s,
        cpu(&costs.shared_smallest, &costs.shared_all),
        cpu(&costs.shared_median, &costs.shared_all),
        costs.shared_smallest.check.cpu_s,
        costs.shared_median.check.cpu_s,
        costs.shared_all.check.cpu_s,
        cpu(&costs.sets_all, &costs.all),
        cpu(&costs.sets_median, &costs.median),
    )
}

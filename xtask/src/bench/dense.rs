//! Section 1c, densely linked models (issue 26): on specs whose models link
//! to each other as Graph's entities do (`synth::write_dense`), what one
//! small tag alone costs to check against all features, with the
//! `cfg(any(...))` lists as generated and rewritten into internal features
//! (`cfg_sets`), beside progenitor's crate for all operations. The shape
//! of each spec (how many models a tag compiles) comes from the
//! generator's IR, the figures from `crates`; the Markdown is here, as the
//! section's own.

use std::fmt::Write as _;
use std::path::Path;

use super::crates::CrateCost;

/// What the generator makes of a dense spec's features.
pub struct Shape {
    /// Models in the crate.
    pub types: usize,
    /// Features that are tags (the unused models' feature aside).
    pub groups: usize,
    /// The tag measured alone: the one whose models are the median count.
    pub tag: String,
    /// Models compiled with `tag` alone.
    pub tag_types: usize,
    /// Distinct `cfg(any(...))` lists (two features or more).
    pub lists: usize,
    /// Features in the longest list.
    pub longest: usize,
}

impl Shape {
    pub fn of(spec: &Path) -> anyhow::Result<Self> {
        let api = generator::lower_file(spec)?.api;
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
        let Some(&(tag_types, tag)) = by_size.get(by_size.len() / 2) else {
            anyhow::bail!("{} has no features to choose from", spec.display());
        };
        let lists: std::collections::BTreeSet<&Vec<String>> =
            api.types.iter().map(|def| &def.features).filter(|list| list.len() > 1).collect();
        Ok(Shape {
            types: api.types.len(),
            groups: by_size.len(),
            tag: tag.to_owned(),
            tag_types,
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
     operation uses). Our crate with all features, and with one tag alone \
     (`--no-default-features --features TAG`: its operations and exactly the models \
     they reach), each also with every `cfg(any(feature = ...))` list rewritten \
     into one internal feature per distinct list, enabled by the public features \
     in `Cargo.toml` (`cfg_sets`); progenitor's crate for all operations. \
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
            let error = error.to_string().replace('\n', " ");
            let _ = writeln!(out, "| {operations} | progenitor | failed: {error} |||||||");
        }
    }
    out
}

/// The summary's line for one size: the tag alone against all features,
/// and internal features against `cfg(any(...))` lists. `ours` holds the
/// four cases in [`super::dense_crates`]'s order.
pub fn summary(operations: usize, shape: &Shape, ours: &[CrateCost; 4]) -> String {
    let cpu = |a: &CrateCost, b: &CrateCost| a.check.cpu_s / b.check.cpu_s.max(f64::EPSILON);
    let [all, alone, sets_all, sets_alone] = ours;
    let Shape { types, groups, tag, tag_types, lists, longest } = shape;
    format!(
        "- Densely linked, {operations} operations ({types} models, {groups} tags): `{tag}` alone compiles {tag_types} models and checks in {:.2}× the CPU of all features ({:.2} s against {:.2} s). Internal features instead of the {lists} distinct `cfg(any(...))` lists (the longest of {longest} features): {:.2}× the CPU with all features, {:.2}× with the tag alone.\n",
        cpu(alone, all),
        alone.check.cpu_s,
        all.check.cpu_s,
        cpu(sets_all, all),
        cpu(sets_alone, alone),
    )
}

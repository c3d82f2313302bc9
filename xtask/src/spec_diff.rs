//! `cargo xtask spec-diff`: what a spec change means for users of the crate.
//!
//! Our report (from `apicrate_codegen::review`) maps every change to the Rust items
//! it affects and adds the Graph rules (scopes, versions); Redocly's `diff`
//! follows it with its own semver rating and file:line locations.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _};
use apicrate_codegen::review::{self, Impact};

use crate::codegen::SPEC;
use crate::node;

/// `spec-diff [--base GIT-REF | OLD.yaml NEW.yaml] [--allow-breaking]`:
/// exits with 3 on breaking changes, 1 on an error.
#[derive(clap::Args)]
pub struct Args {
    /// The two specs to compare; without them, the spec at the merge base
    /// with `main` (or at --base) against the working tree's
    #[arg(num_args = 2, value_names = ["OLD", "NEW"], conflicts_with = "base")]
    files: Vec<PathBuf>,
    /// The git revision to compare the working tree's spec with
    #[arg(long, value_name = "GIT-REF")]
    base: Option<String>,
    /// Succeed even when there are breaking changes
    #[arg(long)]
    allow_breaking: bool,
    /// Also write the report to FILE
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Leave out Redocly's own diff (no npm tools needed)
    #[arg(long)]
    no_redocly: bool,
    /// Changes already acknowledged, one `CHECK-ID POINTER` per line, as
    /// for `apicrate diff --ignore`
    #[arg(long, value_name = "FILE")]
    ignore: Option<PathBuf>,
}

pub fn run(root: &Path, args: Args) -> anyhow::Result<()> {
    let (old, new, old_label, new_label) = match args.files.as_slice() {
        [old, new] => {
            (old.clone(), new.clone(), old.display().to_string(), new.display().to_string())
        }
        _ => {
            let base = match &args.base {
                Some(base) => base.clone(),
                None => git(root, &["merge-base", "HEAD", "main"])
                    .context("cannot find the merge base with `main`; pass --base")?,
            };
            let old = root.join("target/spec-diff/base.yaml");
            let text = git(root, &["show", &format!("{base}:{SPEC}")])
                .with_context(|| format!("{SPEC} does not exist at {base}"))?;
            std::fs::create_dir_all(old.parent().unwrap_or(root))
                .context("cannot create target/spec-diff")?;
            std::fs::write(&old, text + "\n").context("cannot write the base spec")?;
            (old, root.join(SPEC), format!("{base}:{SPEC}"), format!("{SPEC} (working tree)"))
        }
    };
    let review::Compared { old: old_api, new: new_api, mut changes } = review::compare(&old, &new)?;
    if let Some(file) = &args.ignore {
        let applied = review::Ignores::read(file).map_err(anyhow::Error::msg)?.apply(changes);
        applied.notes(file).iter().for_each(|note| eprintln!("{note}"));
        changes = applied.kept;
    }
    let versions = (old_api.version.as_str(), new_api.version.as_str());
    let mut report = review::markdown(&changes, &old_label, &new_label, versions);
    if !args.no_redocly {
        report.push_str(&redocly_diff(root, &old, &new)?);
    }

    print!("{report}");
    if let Some(out) = &args.out {
        std::fs::write(out, &report).with_context(|| format!("cannot write {}", out.display()))?;
    }
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        use std::io::Write as _;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&summary)
            .context("cannot open $GITHUB_STEP_SUMMARY")?;
        file.write_all(report.as_bytes()).context("cannot write $GITHUB_STEP_SUMMARY")?;
    }

    let breaking = changes.iter().filter(|change| change.impact == Impact::Breaking).count();
    if breaking > 0 && !args.allow_breaking {
        return Err(BreakingChanges(breaking).into());
    }
    Ok(())
}

/// The review found breaking changes that were not acknowledged: the task
/// exits with [`BreakingChanges::EXIT_CODE`], as `apicrate diff` does.
#[derive(Debug, thiserror::Error)]
#[error("{0} breaking change(s) for users of the crate; acknowledge them with --allow-breaking (and a major version bump)")]
pub struct BreakingChanges(pub usize);

impl BreakingChanges {
    /// The exit status of both `cargo xtask spec-diff` and `apicrate diff`
    /// when they find breaking changes (1 is an error, 2 a usage error).
    pub const EXIT_CODE: u8 = 3;
}

/// Redocly's own rating of the same change, as a Markdown section.
fn redocly_diff(root: &Path, old: &Path, new: &Path) -> anyhow::Result<String> {
    node::ensure_node_modules(root)?;
    let output = node::npx_command(root, "redocly")
        .arg("diff")
        .arg(absolute(root, old))
        .arg(absolute(root, new))
        .args(["--format", "markdown", "--fail-on", "none"])
        .output()
        .context("cannot run node_modules/.bin/redocly")?;
    if !output.status.success() {
        bail!("`redocly diff` failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    // Its Markdown starts at its `## API diff` heading; what comes before is banner.
    let markdown = text.find("## ").map_or(text.as_ref(), |start| &text[start..]);
    Ok(format!(
        "\n### Redocly CLI diff (experimental)\n\n{}\n",
        markdown.replacen("## ", "#### ", 1).trim_end()
    ))
}

fn absolute(root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| root.to_path_buf()).join(path)
    }
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output =
        Command::new("git").args(args).current_dir(root).output().context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim_end().to_owned())
}

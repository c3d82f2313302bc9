//! `cargo xtask lint-spec`: Redocly CLI lints the spec with `redocly.yaml`.

use std::path::Path;

use anyhow::bail;

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

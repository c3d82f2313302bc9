//! `cargo xtask docs`: what a reviewer looks at rather than reads: the spec
//! rendered as one self-contained HTML page (Redoc, scripts inlined, so it
//! works offline) and the generated crate's rustdoc.

use std::path::Path;

use anyhow::Context as _;

use crate::codegen::SPEC;
use crate::node;

pub fn run(root: &Path, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let page = out.join("spec.html");

    node::ensure_node_modules(root)?;
    // Without --inlineBundle the page loads Redoc from a CDN and shows nothing offline.
    crate::run(
        node::npx_command(root, "redocly")
            .arg("build-docs")
            .arg(SPEC)
            .arg("--inlineBundle")
            .arg("--output")
            .arg(&page),
    )?;

    let target = out.join("rustdoc");
    crate::run(
        crate::cargo(root)
            .args(["doc", "--no-deps", "--package", "graph-photos", "--all-features", "--locked"])
            .env("CARGO_TARGET_DIR", root.join("target"))
            .env("RUSTDOCFLAGS", "-D warnings"),
    )?;
    let rustdoc = root.join("target/doc");
    copy_dir(&rustdoc, &target)?;

    println!("spec:    {}", page.display());
    println!("rustdoc: {}", target.join("graph_photos/index.html").display());
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot list {}", from.display()))?
    {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy to {}", target.display()))?;
        }
    }
    Ok(())
}

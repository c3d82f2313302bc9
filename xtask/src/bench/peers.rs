//! progenitor's side of the comparison. `xtask/peer-bench` is a small binary
//! around progenitor-impl, kept in a workspace of its own so that its
//! dependencies never slow the main build; it times progenitor on a spec
//! (`time`) and writes progenitor's crate for a spec (`crate`).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::measure::{self, Timing};

/// What the report names as the peer; keep in step with the
/// `progenitor-impl` pin in `xtask/peer-bench/Cargo.toml`.
pub const NAME: &str = "progenitor-impl 0.15.1";

/// The peer-bench binary, built in release like ours.
pub struct Peer {
    binary: PathBuf,
}

impl Peer {
    pub fn build(root: &Path) -> anyhow::Result<Self> {
        crate::run(
            crate::cargo(root)
                .args(["build", "--release", "--quiet", "--manifest-path"])
                .arg(root.join("xtask/peer-bench/Cargo.toml")),
        )?;
        Ok(Peer { binary: root.join("xtask/peer-bench/target/release/peer-bench") })
    }

    /// The peer-bench binary (`crate SPEC OUT` writes progenitor's crate).
    pub fn binary(&self) -> &Path {
        &self.binary
    }

    /// progenitor's median total and peak memory on `spec`, each spec in a
    /// fresh process as for ours. An error here is reported in the table
    /// rather than ending the run, since the peer may reject a spec.
    pub fn time(&self, spec: &Path, iterations: usize) -> anyhow::Result<Timing> {
        let line = measure::output(
            Command::new(&self.binary).arg("time").arg(spec).arg(iterations.to_string()),
        )?;
        let field = measure::json_line(&line, "peer-bench")?;
        Ok(Timing {
            load_ns: 0,
            lower_ns: 0,
            emit_ns: 0,
            total_ns: u128::from(field("median_ns")),
            peak_kib: field("peak_kib"),
        })
    }

    /// Writes progenitor's crate for `spec` into `dir/progenitor-output`
    /// and returns that directory.
    pub fn write_crate(&self, root: &Path, dir: &Path, spec: &Path) -> anyhow::Result<PathBuf> {
        let out = dir.join("progenitor-output");
        let _ = std::fs::remove_dir_all(&out);
        crate::run(Command::new(&self.binary).arg("crate").arg(spec).arg(&out))?;
        // Download what the peer's output needs once, outside the timings:
        // the clean builds run `--offline`.
        crate::run(
            crate::cargo(root)
                .args(["fetch", "--quiet", "--manifest-path"])
                .arg(out.join("Cargo.toml")),
        )?;
        Ok(out)
    }
}

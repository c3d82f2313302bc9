//! The project's npm tools (Redocly CLI, Prism), pinned in `package-lock.json`
//! and installed into `node_modules/` with `npm ci` when missing or stale.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context as _};

/// Installs the pinned npm tools unless `node_modules/` already matches the
/// lock file (npm keeps a copy of the lock it installed in `node_modules/`).
pub fn ensure_node_modules(root: &Path) -> anyhow::Result<()> {
    let lock =
        std::fs::read(root.join("package-lock.json")).context("cannot read package-lock.json")?;
    let installed = std::fs::read(root.join("node_modules/.package-lock.json")).unwrap_or_default();
    if same_packages(&lock, &installed) {
        return Ok(());
    }
    eprintln!("installing the pinned npm tools (npm ci)...");
    // npm's output goes to stderr: stdout is for reports (`spec-diff`).
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root)
        .stdout(std::io::stderr())
        .status()
        .context("cannot run `npm`: install Node.js 20 or later with npm")?;
    if !status.success() {
        bail!("`npm ci` failed ({status})");
    }
    Ok(())
}

/// Whether the installed tree records the packages of the lock file: every
/// installed package as locked, and every locked one installed unless it is
/// optional (packages for other platforms, such as `fsevents`, are skipped).
fn same_packages(lock: &[u8], installed: &[u8]) -> bool {
    let packages = |bytes: &[u8]| -> Option<serde_json::Map<String, serde_json::Value>> {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let mut packages = value.get("packages")?.as_object()?.clone();
        // The lock lists the root package under "", the installed tree does not.
        packages.remove("");
        Some(packages)
    };
    let (Some(locked), Some(installed)) = (packages(lock), packages(installed)) else {
        return false;
    };
    let optional =
        |entry: &serde_json::Value| entry.get("optional") == Some(&serde_json::Value::Bool(true));
    installed.iter().all(|(name, entry)| locked.get(name) == Some(entry))
        && locked.iter().all(|(name, entry)| installed.contains_key(name) || optional(entry))
}

/// A command running an installed npm tool, kept offline and quiet.
pub fn npx_command(root: &Path, bin: &str) -> Command {
    let mut command = Command::new(root.join("node_modules/.bin").join(bin));
    command
        .current_dir(root)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    command
}

#[cfg(test)]
mod tests {
    use super::same_packages;

    #[test]
    fn compares_package_maps_not_headers() {
        let lock = br#"{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"},"node_modules/a":{"version":"1.0.0"}}}"#;
        let same = br#"{"name":"x","packages":{"node_modules/a":{"version":"1.0.0"}}}"#;
        let other = br#"{"name":"x","packages":{"node_modules/a":{"version":"1.0.1"}}}"#;
        let missing = br#"{"name":"x","packages":{}}"#;
        assert!(same_packages(lock, same));
        assert!(!same_packages(lock, other));
        assert!(!same_packages(lock, missing));
        assert!(!same_packages(lock, b""));
        let with_optional = br#"{"packages":{"node_modules/a":{"version":"1.0.0"},"node_modules/fsevents":{"optional":true}}}"#;
        assert!(same_packages(with_optional, same));
    }
}

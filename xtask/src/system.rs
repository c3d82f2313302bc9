//! What the test command needs from the machine beyond Rust and Node.

use std::process::Command;

use anyhow::Context;

/// OpenSSL's headers, which the client's `native-tls` feature builds
/// against on Linux (`--all-features` builds it): found by pkg-config, or
/// installed with Debian's apt when the command runs as root, or else a
/// clear error that says what to install.
pub fn ensure_openssl_headers() -> anyhow::Result<()> {
    if !cfg!(target_os = "linux") || found() {
        return Ok(());
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|id| id.stdout.trim_ascii() == b"0");
    let apt =
        Command::new("apt-get").arg("--version").output().is_ok_and(|out| out.status.success());
    anyhow::ensure!(
        root && apt,
        "the client's native-tls feature needs OpenSSL's headers and pkg-config: \
         install them (Debian: `apt-get install libssl-dev pkg-config`) and run again"
    );
    println!("installing libssl-dev and pkg-config with apt-get");
    for args in [&["update", "-qq"][..], &["install", "-y", "-qq", "libssl-dev", "pkg-config"]] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("cannot run apt-get")?;
        anyhow::ensure!(status.success(), "apt-get {} failed", args.join(" "));
    }
    anyhow::ensure!(found(), "OpenSSL's headers are installed but pkg-config does not find them");
    Ok(())
}

/// Whether pkg-config finds OpenSSL.
fn found() -> bool {
    Command::new("pkg-config").args(["--exists", "openssl"]).status().is_ok_and(|s| s.success())
}

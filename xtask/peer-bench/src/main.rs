//! Times progenitor-impl on a spec, the same stages our generator runs:
//! parse the YAML, generate tokens, format with prettyplease. Also writes
//! progenitor's crate for a spec, for the build-cost comparison.
//!
//! peer-bench time SPEC ITERATIONS   -> one line of JSON: {"median_ns":..,"min_ns":..,"bytes":..}
//! peer-bench crate SPEC OUT_DIR     -> OUT_DIR/Cargo.toml and OUT_DIR/src/lib.rs (a .json SPEC read as JSON)

use std::time::Instant;

use anyhow::{bail, Context as _};

fn generate(text: &str) -> anyhow::Result<String> {
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(text).context("parse")?;
    generate_spec(&spec)
}

fn generate_spec(spec: &openapiv3::OpenAPI) -> anyhow::Result<String> {
    let mut generator = progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
    let tokens = generator.generate_tokens(spec).map_err(|e| anyhow::anyhow!("progenitor: {e}"))?;
    let file: syn::File = syn::parse2(tokens).context("tokens")?;
    Ok(prettyplease::unparse(&file))
}

/// This process's peak resident memory, from /proc.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["time", spec, iterations] => {
            let text = std::fs::read_to_string(spec).with_context(|| format!("read {spec}"))?;
            let iterations: usize = iterations.parse().context("iterations")?;
            let mut samples = Vec::with_capacity(iterations);
            let mut bytes = 0;
            for _ in 0..iterations.max(1) {
                let start = Instant::now();
                bytes = generate(&text)?.len();
                samples.push(start.elapsed().as_nanos());
            }
            samples.sort_unstable();
            println!(r#"{{"median_ns":{},"min_ns":{},"bytes":{bytes},"peak_kib":{}}}"#, samples[samples.len() / 2], samples[0], peak_kib());
        }
        ["crate", spec, out] => {
            let text = std::fs::read_to_string(spec).with_context(|| format!("read {spec}"))?;
            // A progenitor user reads a JSON spec with serde_json; serde_yaml
            // rejects some valid JSON (a surrogate pair such as `\ud83d\udc4d`),
            // which would not be progenitor's doing.
            let code = if spec.ends_with(".json") {
                generate_spec(&serde_json::from_str(&text).context("parse")?)?
            } else {
                generate(&text)?
            };
            let out = std::path::Path::new(out);
            std::fs::create_dir_all(out.join("src"))?;
            std::fs::write(out.join("src/lib.rs"), format!("#![allow(warnings)]\n{code}"))?;
            // The dependencies progenitor's README tells its users to add,
            // `uuid` and `regress` when the generated code uses them.
            let mut dependencies = String::from(
                "bytes = \"1\"\nchrono = { version = \"0.4\", features = [\"serde\"] }\nfutures = \"0.3\"\n\
                 progenitor-client = \"=0.15.1\"\nreqwest = { version = \"0.13\", features = [\"json\", \"query\", \"stream\"] }\n\
                 serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n",
            );
            if code.contains("uuid::") {
                dependencies.push_str("uuid = { version = \"1.0.0\", features = [\"serde\", \"v4\"] }\n");
            }
            if code.contains("regress::") {
                dependencies.push_str("regress = \"0.4.1\"\n");
            }
            std::fs::write(
                out.join("Cargo.toml"),
                format!(
                    "[package]\nname = \"progenitor-output\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                     [dependencies]\n{dependencies}\n[workspace]\n"
                ),
            )?;
        }
        _ => bail!("usage: peer-bench time SPEC ITERATIONS | peer-bench crate SPEC OUT_DIR"),
    }
    Ok(())
}

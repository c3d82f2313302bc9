//! A cycle of many types (each refers to the next, the last to the first)
//! overflows rustc's default `recursion_limit` of 128 when it checks what
//! dropping a value needs (E0320): a ring of 130 types does. The crate's
//! root raises the limit for the longest cycle its types have, and the
//! crate compiles with warnings denied.

use std::path::Path;
use std::process::Command;

use apicrate_codegen::runtime::Runtime;
use apicrate_codegen::Options;

mod support;

/// A spec of one operation and `types` schemas in one ring.
fn ring(types: usize) -> String {
    let mut spec = "openapi: 3.0.3\ninfo: { title: Ring, version: '1' }\npaths:\n  /a0:\n    get:\n      operationId: \
        getA0\n      responses:\n        '200':\n          description: The first of the ring.\n          content: \
        { application/json: { schema: { $ref: '#/components/schemas/A0' } } }\ncomponents:\n  schemas:\n".to_owned();
    for index in 0..types {
        let next = (index + 1) % types;
        spec.push_str(&format!(
            "    A{index}: {{ type: object, properties: {{ id: {{ type: string }}, next: {{ $ref: '#/components/schemas/A{next}' }} }} }}\n"
        ));
    }
    spec
}

#[test]
fn a_ring_of_130_types_compiles() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest_dir.parent().expect("workspace root");
    let dir = root.join("target/long-cycles");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let spec = dir.join("ring.yaml");
    std::fs::write(&spec, ring(130)).expect("spec");

    let runtime = Runtime::Path(root.join("generator/runtime").display().to_string());
    let options = Options::new(apicrate_codegen::scaffold::COMMAND, "ring.yaml")
        .runtime(runtime)
        .package("ring", None);
    let generated = apicrate_codegen::generate(&spec, &options).expect("generates");
    assert_eq!(generated.api.largest_cycle(), 130);
    let crate_dir = dir.join("ring");
    support::write_crate(root, &crate_dir, &generated);
    let lib = std::fs::read_to_string(crate_dir.join("src/lib.rs")).expect("lib.rs");
    assert!(lib.contains("#![recursion_limit = \"1024\"]"), "{lib}");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&crate_dir)
        // The fixture crates' target directory: the runtime is built there.
        .env("CARGO_TARGET_DIR", root.join("target/fixture-target"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the ring's crate does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

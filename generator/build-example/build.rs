//! Generates the `todos` module from `todos.yaml` into `OUT_DIR`, again
//! whenever the spec changes.

fn main() {
    let build = apicrate_codegen::Build::new("todos.yaml").client(true).strict(true);
    if let Err(error) = build.write() {
        // Cargo shows a failed build script's output: the spec's problems,
        // each with its line and column.
        panic!("{error}");
    }
}

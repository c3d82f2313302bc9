//! What the tests that build generated crates share.

use std::path::Path;

use apicrate_codegen::{Generated, Options};

/// Writes the crate `name` that `generated` makes with `options` into
/// `dir` (replacing what was there): its scaffold, its module tree under
/// `src/gen/`, and the project's lock file (same dependency versions, no
/// index lookups).
pub fn write_crate(root: &Path, dir: &Path, name: &str, options: &Options, generated: &Generated) {
    let _ = std::fs::remove_dir_all(dir);
    let scaffold = apicrate_codegen::scaffold::crate_files(name, options, generated, None);
    let module =
        generated.files.iter().map(|(path, text)| (format!("src/gen/{path}"), text.clone()));
    for (path, text) in scaffold.into_iter().chain(module) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("dir");
        std::fs::write(full, text).expect("write");
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

//! The pipeline's stages one at a time, for tools that time or inspect
//! them (the benchmarks, the corpus's example check); [`crate::generate`]
//! runs them all, and is what everything else calls.

use std::path::Path;

use crate::ir::{Api, Files};
use crate::{Diagnostics, Options};

pub use crate::emit::examples::ExampleTest;
pub use crate::emit::EmitError;
pub use crate::load::Spec;
pub use crate::lower::Lowered;

/// Stage 1: the spec in `text` read and checked (a 3.1 document
/// normalised into 3.0's shape); `file` names it in diagnostics and tells
/// JSON from YAML.
pub fn load(file: &Path, text: &str) -> Result<Spec, Diagnostics> {
    crate::load::load_str(file, text)
}

/// Stage 2: a loaded spec validated and lowered into the IR, with the
/// warnings of what gets a fallback.
pub fn lower(spec: &Spec) -> Result<Lowered, Diagnostics> {
    crate::lower::lower(spec)
}

/// Stage 3: the IR as the generated module tree's files, formatted.
pub fn emit(api: &Api, options: &Options) -> Result<Files, EmitError> {
    crate::emit::emit(api, options)
}

/// The example tests the crate of `api` gets (`example_tests.rs`), in
/// their order: which example of which operation each reads.
pub fn example_tests(api: &Api) -> Vec<ExampleTest<'_>> {
    crate::emit::examples::tests(api)
}

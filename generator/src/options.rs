//! How to generate: what the files' headers say, how strict to be, and
//! how the crate gets its runtime.

use crate::runtime::Runtime;

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The command that regenerates the files, named in their header.
    pub command: String,
    /// The spec they come from, as the header should show it.
    pub spec_name: String,
    /// Whether warnings are errors: nothing is generated with a fallback.
    pub strict: bool,
    /// How the crate gets the runtime.
    pub runtime: Runtime,
}

impl Options {
    /// Options for files made by `command` from `spec_name`, not strict.
    pub fn new(command: impl Into<String>, spec_name: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            spec_name: spec_name.into(),
            strict: false,
            runtime: Runtime::default(),
        }
    }

    /// The same options, strict or not.
    pub fn strict(self, strict: bool) -> Self {
        Self { strict, ..self }
    }

    /// The same options, with the runtime got as `runtime` says.
    pub fn runtime(self, runtime: Runtime) -> Self {
        Self { runtime, ..self }
    }
}

//! How to generate: what the files' headers say, and how strict to be.

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The command that regenerates the files, named in their header.
    pub command: String,
    /// The spec they come from, as the header should show it.
    pub spec_name: String,
    /// Whether warnings are errors: nothing is generated with a fallback.
    pub strict: bool,
}

impl Options {
    /// Options for files made by `command` from `spec_name`, not strict.
    pub fn new(command: impl Into<String>, spec_name: impl Into<String>) -> Self {
        Self { command: command.into(), spec_name: spec_name.into(), strict: false }
    }

    /// The same options, strict or not.
    pub fn strict(self, strict: bool) -> Self {
        Self { strict, ..self }
    }
}

//! Diagnostics: every problem found in a spec, with where it is and what to do.
//!
//! Problems are collected, not raised one by one, so a maintainer sees all of
//! them in one run. An error means the spec cannot be read as intended; a
//! warning means something was generated with a documented fallback (or an
//! obvious inference), which `--strict` turns into an error.

use std::fmt;
use std::path::PathBuf;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec cannot be generated as written.
    Error,
    /// Generated, with a fallback or an inference the message names.
    Warning,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// 1-based line and column in the spec file, where known.
    pub line_col: Option<(usize, usize)>,
    /// JSON pointer to the offending node (`#/paths/~1me~1photo/patch`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub severity: Severity,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line_col: None,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            severity: Severity::Error,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::new(pointer, message) }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// All problems of one spec, in file order where positions are known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    pub file: PathBuf,
    pub problems: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The diagnostics of `file`, sorted into file order, each once.
    pub fn new(file: PathBuf, mut problems: Vec<Diagnostic>) -> Self {
        problems.sort();
        problems.dedup();
        Self { file, problems }
    }

    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many are errors.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|problem| !problem.is_warning()).count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = match (self.errors(), count) {
            (0, 1) => "warning",
            (0, _) => "warnings",
            (_, 1) => "problem",
            _ => "problems",
        };
        writeln!(f, "{count} {noun} in {}:", self.file.display())?;
        for problem in &self.problems {
            let file = self.file.display();
            match problem.line_col {
                Some((line, col)) => write!(f, "{file}:{line}:{col}")?,
                None => write!(f, "{file}")?,
            }
            let label = if problem.is_warning() { "warning: " } else { "" };
            write!(f, ": {label}{}", problem.message)?;
            // `#` is the whole document: a pointer to it says nothing.
            match problem.pointer.as_str() {
                "#" | "" => writeln!(f)?,
                pointer => writeln!(f, " ({pointer})")?,
            }
            if let Some(help) = &problem.help {
                writeln!(f, "  help: {help}")?;
            }
        }
        Ok(())
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON pointer from tokens.
pub fn pointer<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from("#");
    for token in tokens {
        out.push('/');
        out.push_str(&pointer_token(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(pointer(["paths", "/me/photo", "patch"]), "#/paths/~1me~1photo/patch");
        assert_eq!(pointer(["a~b"]), "#/a~0b");
        assert_eq!(pointer([]), "#");
    }

    #[test]
    fn display_names_file_line_pointer_and_help() {
        let diagnostics = Diagnostics {
            file: PathBuf::from("spec.yaml"),
            problems: vec![Diagnostic {
                line_col: Some((3, 5)),
                ..Diagnostic::new("#/paths", "something is wrong").help("fix it")
            }],
        };
        assert_eq!(
            diagnostics.to_string(),
            "1 problem in spec.yaml:\nspec.yaml:3:5: something is wrong (#/paths)\n  help: fix it\n"
        );
    }

    #[test]
    fn problems_of_the_whole_file_have_no_pointer() {
        let diagnostics =
            Diagnostics::new(PathBuf::from("spec.yaml"), vec![Diagnostic::new("#", "not YAML")]);
        assert_eq!(diagnostics.to_string(), "1 problem in spec.yaml:\nspec.yaml: not YAML\n");
    }
}

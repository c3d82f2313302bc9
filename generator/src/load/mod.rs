//! Stage 1: read a spec file, check that it is an OpenAPI 3.0 or 3.1
//! document and deserialise it, reporting problems with their location.
//!
//! YAML and JSON are both read with their own parser (a JSON string escape
//! that YAML does not know, such as a surrogate pair, is valid JSON). A
//! document that does not deserialise as it is gets the repairs of
//! [`repair`] (with warnings) before it is refused; [`tree`] reads the raw
//! tree those repairs, and references into sub-objects, work on. A 3.1
//! document is normalised into the 3.0 shape first ([`v31`]).

mod read31;
mod repair;
mod tree;
pub(crate) mod v31;

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::error::{Diagnostic, Diagnostics};

/// A loaded spec: the parsed document and where it came from.
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: PathBuf,
    pub document: OpenAPI,
    /// The text, for locating problems found after parsing.
    pub text: String,
    pub format: Format,
    /// What had to be repaired for the document to load, and what of a 3.1
    /// document is not typed.
    pub warnings: Vec<Diagnostic>,
    /// OpenAPI 3.1's `webhooks`, by name: requests the API sends.
    pub webhooks: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
    /// Whether the document was OpenAPI 3.1, normalised into 3.0's shape.
    pub(crate) v31: bool,
    /// Where the nodes a 3.1 document's normalising moved came from.
    pub(crate) moves: v31::Moves,
    /// Whether it needed [`repair`]s to load.
    repaired: bool,
    /// A 3.1 document's normalised tree, when it was read the tree's way
    /// (`read31`), kept for the first [`Spec::raw_tree`] (which lowering
    /// asks for at most once), so it is not parsed and normalised again.
    /// One read the quick way has none: lowering rarely needs it.
    tree: std::sync::Arc<std::sync::Mutex<Option<serde_yaml::Value>>>,
}

impl Spec {
    /// A 3.0 document as loaded, its warnings located in `text`.
    fn new(
        file: &Path,
        text: &str,
        format: Format,
        document: OpenAPI,
        warnings: Vec<Diagnostic>,
    ) -> Self {
        Self {
            file: file.to_path_buf(),
            document,
            text: text.to_owned(),
            format,
            warnings: located(warnings, text),
            webhooks: indexmap::IndexMap::new(),
            v31: false,
            moves: v31::Moves::default(),
            repaired: false,
            tree: Default::default(),
        }
    }

    /// The document as a plain tree, for reading below what the typed
    /// document exposes (references into sub-objects).
    pub(crate) fn raw_tree(&self) -> Result<serde_yaml::Value, String> {
        if let Some(tree) = self.tree.lock().ok().and_then(|mut tree| tree.take()) {
            return Ok(tree);
        }
        let mut raw = tree::parse(self.format, &self.text)?;
        // The same normalising and repairs as the typed document had, so both agree.
        if self.v31 {
            v31::normalise(&mut raw);
        }
        if self.repaired {
            repair::repair(&mut raw);
        }
        Ok(raw)
    }

    /// The pointer into the source of `pointer`, a pointer into the
    /// document as the generator read it (they differ only for nodes that
    /// normalising a 3.1 document moved).
    pub fn source_pointer(&self, pointer: &str) -> String {
        self.moves.source(pointer)
    }
}

/// The syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// JSON for a `.json` file or text that starts with `{`; YAML otherwise.
    pub fn detect(file: &Path, text: &str) -> Self {
        let json_name = file.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        if json_name || text.trim_start().starts_with('{') {
            Self::Json
        } else {
            Self::Yaml
        }
    }
}

/// Largest spec accepted, so a runaway input cannot exhaust memory.
const MAX_SPEC_BYTES: usize = 64 * 1024 * 1024;

/// Reads and parses the spec at `file`.
pub fn load_file(file: &Path) -> Result<Spec, Diagnostics> {
    load_str(file, &read_file(file)?)
}

/// The text of the spec at `file`: UTF-8, at most [`MAX_SPEC_BYTES`].
pub fn read_file(file: &Path) -> Result<String, Diagnostics> {
    let fail = |diagnostic: Diagnostic| Diagnostics {
        file: file.to_path_buf(),
        problems: vec![diagnostic],
    };
    let text = std::fs::read(file).map_err(|error| {
        fail(
            Diagnostic::new("#", format!("cannot read the spec: {error}"))
                .help("check the spec's path"),
        )
    })?;
    if text.len() > MAX_SPEC_BYTES {
        let message =
            format!("the spec is {} bytes, over the {MAX_SPEC_BYTES}-byte limit", text.len());
        return Err(fail(Diagnostic::new("#", message)));
    }
    String::from_utf8(text)
        .map_err(|error| fail(Diagnostic::new("#", format!("the spec is not UTF-8: {error}"))))
}

/// Parses a spec from text; `file` names it in messages and tells JSON from YAML.
pub fn load_str(file: &Path, text: &str) -> Result<Spec, Diagnostics> {
    let fail = |diagnostic: Diagnostic| Diagnostics {
        file: file.to_path_buf(),
        problems: vec![diagnostic],
    };
    let format = Format::detect(file, text);
    if declares_31(format, text) {
        return read31::load_31(file, text, format);
    }
    // One plain parse on the happy path; the slower passes below (repairs,
    // path tracking, document kind) only run when it fails.
    let (document, warnings) = match parse(format, text) {
        Ok(document) => (document, Vec::new()),
        Err(_) => match repaired(format, text) {
            Some(repaired) => repaired,
            None => return Err(fail(explain_failure(format, text))),
        },
    };
    if v31::is_31(&document.openapi) {
        // A 3.1 document the quick look above missed.
        return read31::load_31(file, text, format);
    }
    check_version(&document.openapi).map_err(fail)?;
    let repaired = !warnings.is_empty();
    Ok(Spec { repaired, ..Spec::new(file, text, format, document, warnings) })
}

/// Whether the text declares OpenAPI 3.1 where documents put it: a
/// top-level `openapi: 3.1…` line, or a JSON `"openapi": "3.1…"`. A quick
/// look that spares 3.1 documents a typed parse that cannot succeed; the
/// parsed version decides in the end.
fn declares_31(format: Format, text: &str) -> bool {
    match format {
        Format::Yaml => text.lines().any(|line| {
            line.strip_prefix("openapi:").is_some_and(|version| {
                v31::is_31(version.trim().trim_matches(|c| c == '"' || c == '\''))
            })
        }),
        Format::Json => text.match_indices("\"openapi\"").any(|(at, key)| {
            let rest = text[at + key.len()..].trim_start();
            rest.strip_prefix(':')
                .map(|rest| rest.trim_start().trim_start_matches('"'))
                .is_some_and(v31::is_31)
        }),
    }
}

/// `warnings` with their line and column in `text`.
fn located(mut warnings: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
    if !warnings.is_empty() {
        let locations = crate::locate::Locations::index(text);
        for warning in &mut warnings {
            warning.line_col = locations.find(&warning.pointer);
        }
    }
    warnings
}

fn parse(format: Format, text: &str) -> Result<OpenAPI, ()> {
    match format {
        Format::Yaml => serde_yaml::from_str(text).map_err(|_| ()),
        Format::Json => serde_json::from_str(text).map_err(|_| ()),
    }
}

/// The document after the repairs it needs, if any repair makes it load.
fn repaired(format: Format, text: &str) -> Option<(OpenAPI, Vec<Diagnostic>)> {
    let mut raw = tree::parse(format, text).ok()?;
    check_document_kind(&raw).ok()?;
    let warnings = repair::repair(&mut raw);
    if warnings.is_empty() {
        return None;
    }
    // Printed and parsed again, so YAML's rules apply exactly as in a plain
    // parse (an unquoted `1.0` is a string where a string is expected).
    let text = serde_yaml::to_string(&raw).ok()?;
    let document = serde_yaml::from_str(&text).ok()?;
    Some((document, warnings))
}

/// Why a document did not deserialise: bad syntax, not OpenAPI 3.0 at all,
/// or a field of the wrong type or shape (located by tracking the path).
fn explain_failure(format: Format, text: &str) -> Diagnostic {
    match format {
        Format::Yaml => explain_yaml(text),
        Format::Json => explain_json(text),
    }
}

fn explain_yaml(text: &str) -> Diagnostic {
    let raw = match tree::parse(Format::Yaml, text) {
        Ok(raw) => raw,
        Err(_) => {
            // Parsed again for the error's location, which the tree drops.
            let Err(error) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
                return Diagnostic::new("#", "the spec is not valid YAML");
            };
            let message = error.to_string();
            let help = if message.contains("repetition limit")
                || message.contains("recursion limit")
            {
                "the document expands aliases or nests deeper than any real spec does (an alias bomb?); flatten it"
            } else {
                "fix the YAML syntax at this position"
            };
            return yaml_error(&error, "#", "the spec is not valid YAML").help(help);
        }
    };
    if let Err(diagnostic) = check_document_kind(&raw) {
        return diagnostic;
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let Err(error) = serde_path_to_error::deserialize::<_, OpenAPI>(deserializer) else {
        return Diagnostic::new("#", "the spec could not be read as OpenAPI 3.0");
    };
    let pointer = path_to_pointer(error.path());
    yaml_error(error.inner(), &pointer, "a field has the wrong type or shape")
        .help(WRONG_SHAPE_HELP)
}

fn explain_json(text: &str) -> Diagnostic {
    let raw = match tree::parse(Format::Json, text) {
        Ok(raw) => raw,
        Err(_) => {
            let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) else {
                return Diagnostic::new("#", "the spec is not valid JSON");
            };
            return json_error(&error, "#", "the spec is not valid JSON")
                .help("fix the JSON syntax at this position");
        }
    };
    if let Err(diagnostic) = check_document_kind(&raw) {
        return diagnostic;
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let Err(error) = serde_path_to_error::deserialize::<_, OpenAPI>(&mut deserializer) else {
        return Diagnostic::new("#", "the spec could not be read as OpenAPI 3.0");
    };
    let pointer = path_to_pointer(error.path());
    let mut diagnostic = json_error(error.inner(), &pointer, "a field has the wrong type or shape")
        .help(WRONG_SHAPE_HELP);
    // serde_json knows where it stopped reading, which is the end of the
    // offending node; its start is where a reader looks.
    if let Some(start) = crate::locate::Locations::index(text).find(&pointer) {
        diagnostic.line_col = Some(start);
    }
    diagnostic
}

const WRONG_SHAPE_HELP: &str =
    "compare this field with the OpenAPI 3.0 specification (https://spec.openapis.org/oas/v3.0.3)";

fn check_document_kind(raw: &serde_yaml::Value) -> Result<(), Diagnostic> {
    let not_openapi = |message: &str| {
        Diagnostic::new("#", message.to_owned()).help(
            "the generator reads OpenAPI 3.0 and 3.1 documents (a top-level `openapi: 3.1.0` field)",
        )
    };
    let mapping = match raw {
        serde_yaml::Value::Mapping(mapping) => mapping,
        serde_yaml::Value::Null => return Err(not_openapi("the spec is empty")),
        _ => return Err(not_openapi("the spec is not a YAML mapping, so not an OpenAPI document")),
    };
    if mapping.contains_key("swagger") {
        return Err(Diagnostic::new(
            "#/swagger",
            "this is a Swagger 2.0 document, not OpenAPI 3.0",
        )
        .help("convert it to OpenAPI 3.0 first, for example with swagger2openapi"));
    }
    match mapping.get("openapi") {
        Some(serde_yaml::Value::String(version)) => check_version(version),
        Some(_) => {
            Err(Diagnostic::new("#/openapi", "`openapi` must be a string such as \"3.0.3\"")
                .help("quote the version: `openapi: \"3.0.3\"`"))
        }
        None => {
            Err(not_openapi("the spec has no `openapi` field, so it is not an OpenAPI document"))
        }
    }
}

fn check_version(version: &str) -> Result<(), Diagnostic> {
    if !version.starts_with("3.0") && !v31::is_31(version) {
        return Err(Diagnostic::new("#/openapi", format!("unknown OpenAPI version {version:?}"))
            .help("the generator reads OpenAPI 3.0.x and 3.1.x"));
    }
    Ok(())
}

fn yaml_error(error: &serde_yaml::Error, pointer: &str, what: &str) -> Diagnostic {
    let mut message = error.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    if let Some(index) = message.find(" at line ") {
        message.truncate(index);
    }
    Diagnostic {
        line_col: error.location().map(|location| (location.line(), location.column())),
        ..Diagnostic::new(pointer, format!("{what}: {message}"))
    }
}

fn json_error(error: &serde_json::Error, pointer: &str, what: &str) -> Diagnostic {
    let mut message = error.to_string();
    // serde_json appends " at line L column C"; the location is reported separately.
    if let Some(index) = message.find(" at line ") {
        message.truncate(index);
    }
    let line_col = (error.line() > 0).then(|| (error.line(), error.column()));
    Diagnostic { line_col, ..Diagnostic::new(pointer, format!("{what}: {message}")) }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let tokens: Vec<String> = path
        .iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect();
    crate::error::pointer(tokens.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Diagnostic {
        let error = load_str(Path::new("t.yaml"), text).expect_err("must fail");
        assert_eq!(error.problems.len(), 1);
        error.problems[0].clone()
    }

    #[test]
    fn rejects_documents_that_are_not_openapi_3_0() {
        assert_eq!(problem("").message, "the spec is empty");
        assert!(problem("swagger: '2.0'\n").message.contains("Swagger 2.0"));
        assert!(problem("openapi: 3.2.0\n").message.contains("unknown OpenAPI version"));
        assert!(problem("openapi: 3.0\n").message.contains("must be a string"));
        assert!(problem("- a\n").message.contains("not a YAML mapping"));
        assert!(problem("info: {}\n").message.contains("no `openapi` field"));
    }

    #[test]
    fn a_3_1_document_reads_plain_scalars_as_yaml_does() {
        // JSON would refuse the number `1.0` as `info.version`; YAML reads it as text.
        for text in [
            "openapi: 3.1.0\ninfo: {title: t, version: 1.0}\n",
            "{\"openapi\": \"3.1.1\", \"info\": {\"title\": \"t\", \"version\": \"2\"}}",
        ] {
            let spec = load_str(Path::new("t.yaml"), text).expect("loads");
            assert!(spec.v31, "{text}");
            assert!(["1.0", "2"].contains(&spec.document.info.version.as_str()));
        }
    }

    #[test]
    fn invalid_yaml_has_a_line_and_column() {
        let problem = problem("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(problem.message.starts_with("the spec is not valid YAML"), "{}", problem.message);
        assert!(problem.line_col.is_some());
    }

    #[test]
    fn wrong_field_types_name_the_pointer_and_line() {
        let problem = problem("openapi: 3.0.3\ninfo:\n  title: t\n  version: 1\npaths:\n  /a:\n    get:\n      responses: 5\n");
        // `openapiv3` flattens extension maps, which hides deeper keys from
        // the path tracker: pointer and line name the enclosing path item.
        assert_eq!(problem.pointer, "#/paths");
        assert_eq!(problem.line_col.map(|(line, _)| line), Some(6));
    }
}

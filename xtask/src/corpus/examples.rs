//! `cargo xtask corpus DIR --examples`: what the wire says, kept. Every
//! documented example of a JSON body (a media type's `example`, its
//! `examples`, `$ref`s followed, else its schema's `example`) is a test in
//! the generated crate's `example_tests.rs`: a response example goes
//! through the operation's `parse_response` into its documented variant and
//! is written back with `serde_json`, a request example is read into the
//! body's type and written back. This runs those tests and weighs them
//! against JSON Schema: an example its own schema refuses (checked with the
//! `jsonschema` crate: 3.1's schemas as JSON Schema 2020-12, 3.0's as draft
//! 4 with `nullable` turned into a `null` type) is counted apart, since no
//! crate should read it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::Context as _;
use jsonschema::{Draft, Registry, Validator};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Value};

use apicrate_codegen::ir::{Api, ExampleTarget, StatusMatch};
use apicrate_codegen::stages::ExampleTest;

/// The examples of one spec, as its crate's tests read them.
#[derive(Default)]
pub struct Examples {
    /// Every example the crate has a test of.
    pub total: usize,
    /// Those JSON Schema finds valid against their schema.
    pub valid: usize,
    /// Those whose schema could not be checked (it refers outside the file).
    pub unchecked: usize,
    /// Of the valid ones: read as documented (into the type or variant).
    pub parsed: usize,
    /// Of the valid ones: those whose test writes the value back, and of
    /// them those written back without loss.
    pub written_back: (usize, usize),
    /// Of the valid ones: read into a type, or only as any JSON value.
    pub typed: usize,
    pub untyped: usize,
    /// Valid examples whose test failed.
    pub failures: Vec<Failure>,
    /// Examples their own schema refuses, with why (in `error`).
    pub invalid: Vec<Failure>,
    /// Why the tests could not run at all, if they could not.
    pub broken: Option<String>,
}

/// A schema-valid example the crate did not keep.
pub struct Failure {
    pub operation: String,
    /// `request`, or the response's status (`200`, `2XX`).
    pub target: String,
    /// The example's JSON pointer in the spec.
    pub at: String,
    pub error: String,
}

/// Weighs the examples of the crate generated from `spec` (as `api`) in
/// `crate_dir`, running its tests in the shared target directory `target`.
pub fn weigh(api: &Api, spec: &Path, crate_dir: &Path, target: &Path) -> anyhow::Result<Examples> {
    let tests = apicrate_codegen::stages::example_tests(api);
    let mut examples = Examples { total: tests.len(), ..Examples::default() };
    if tests.is_empty() {
        return Ok(examples);
    }
    let validity = Validity::of(spec, &tests)?;
    let results = match run_tests(crate_dir, target) {
        Ok(results) => results,
        Err(error) => {
            examples.broken = Some(format!("{error:#}"));
            return Ok(examples);
        }
    };
    for (test, valid) in tests.iter().zip(validity.0) {
        match valid {
            Some(Ok(())) => examples.valid += 1,
            Some(Err(error)) => {
                examples.invalid.push(failure(test, &error));
                continue;
            }
            None => {
                examples.unchecked += 1;
                continue;
            }
        }
        if test.typed {
            examples.typed += 1;
        } else {
            examples.untyped += 1;
        }
        if test.writes_back() {
            examples.written_back.0 += 1;
        }
        match results.get(test.name.unraw()) {
            Some(Outcome::Passed) => {
                examples.parsed += 1;
                if test.writes_back() {
                    examples.written_back.1 += 1;
                }
            }
            Some(Outcome::Failed(message)) => {
                // A value read but written back otherwise was parsed.
                if message.starts_with(WRITTEN_BACK) {
                    examples.parsed += 1;
                }
                examples.failures.push(failure(test, message));
            }
            None => examples.failures.push(failure(test, "the test did not run")),
        }
    }
    Ok(examples)
}

/// How the generated helper's message starts when a value was read but
/// written back otherwise (`generator/src/emit/examples.rs`).
const WRITTEN_BACK: &str = "the value was written back differently";

fn failure(test: &ExampleTest, message: &str) -> Failure {
    let target = match &test.example.target {
        ExampleTarget::RequestBody(_) => "request".to_owned(),
        ExampleTarget::Response(StatusMatch::Code(code), _) => code.to_string(),
        ExampleTarget::Response(status, _) => status.to_string(),
    };
    Failure {
        operation: test.operation.name.api.clone(),
        target,
        at: test.example.at.clone(),
        error: message.to_owned(),
    }
}

/// Whether each example is valid against its schema (or the first reason
/// it is not); `None` where the schema cannot be checked.
struct Validity(Vec<Option<Result<(), String>>>);

impl Validity {
    fn of(spec: &Path, tests: &[ExampleTest]) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(spec)
            .with_context(|| format!("cannot read {}", spec.display()))?;
        // JSON first: YAML parsers refuse some escapes JSON allows (a
        // surrogate pair split in two `\u` escapes).
        let document = serde_json::from_str(&text).or_else(|_| serde_yaml::from_str(&text));
        // A document these readers refuse (an integer beyond 64 bits, which
        // the generator repairs): its examples cannot be checked.
        let Ok(document) = document else {
            return Ok(Self(vec![None; tests.len()]));
        };
        let mut document: Value = document;
        // 3.1's schemas are JSON Schema 2020-12; 3.0's a dialect of draft 4.
        let v31 = document["openapi"].as_str().is_some_and(|version| version.starts_with("3.1"));
        let draft = if v31 { Draft::Draft202012 } else { Draft::Draft4 };
        if !v31 {
            json_schema(&mut document);
        }
        let resource = draft.create_resource(document);
        let registry = Registry::new().draft(draft).add(SPEC_URI, resource);
        let registry = registry.and_then(|registry| registry.prepare());
        let Ok(registry) = registry else {
            // The document itself does not resolve: nothing can be checked.
            return Ok(Self(vec![None; tests.len()]));
        };
        let mut validators: HashMap<&str, Option<Validator>> = HashMap::new();
        let validity = tests.iter().map(|test| {
            let schema_at = test.example.schema_at.as_str();
            let validator = validators.entry(schema_at).or_insert_with(|| {
                // The generator's pointers are fragments already: `#/paths/...`.
                let pointer = schema_at.trim_start_matches('#');
                let fragment = utf8_percent_encode(pointer, FRAGMENT);
                let schema = json!({ "$ref": format!("{SPEC_URI}#{fragment}") });
                let options = jsonschema::options().with_draft(draft);
                options.with_registry(&registry).should_validate_formats(true).build(&schema).ok()
            });
            let validator = validator.as_ref()?;
            Some(
                validator
                    .validate(&test.example.value)
                    .map_err(|error| format!("{error} (at `{}`)", error.instance_path())),
            )
        });
        Ok(Self(validity.collect()))
    }
}

/// The spec's URI for the JSON Schema registry.
const SPEC_URI: &str = "urn:corpus:spec";

/// What a JSON pointer must escape to be a URI fragment.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Turns OpenAPI 3.0's schema dialect into JSON Schema draft 4 where they
/// differ: `nullable: true` allows `null`. Examples, enums and defaults
/// are values, not schemas, and are left alone.
fn json_schema(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "enum" | "default") {
                    json_schema(inner);
                }
            }
            if object.get("nullable") != Some(&Value::Bool(true)) {
                return;
            }
            object.remove("nullable");
            match object.get_mut("type") {
                Some(Value::String(ty)) => {
                    let ty = std::mem::take(ty);
                    object.insert("type".to_owned(), json!([ty, "null"]));
                    if let Some(Value::Array(values)) = object.get_mut("enum") {
                        if !values.contains(&Value::Null) {
                            values.push(Value::Null);
                        }
                    }
                }
                _ => {
                    let schema = Value::Object(std::mem::take(object));
                    object.insert("anyOf".to_owned(), json!([{ "type": "null" }, schema]));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json_schema),
        _ => {}
    }
}

/// How one test ended.
enum Outcome {
    Passed,
    /// The test's panic message.
    Failed(String),
}

/// Runs the crate's example tests: each test's outcome by its name.
fn run_tests(crate_dir: &Path, target: &Path) -> anyhow::Result<HashMap<String, Outcome>> {
    let output = Command::new(crate::cargo_program())
        .args(["test", "--lib", "--", "example_tests::"])
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUST_BACKTRACE", "0")
        .output()
        .context("cannot run cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let outcomes = outcomes(&stdout);
    if outcomes.is_empty() && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|line| line.contains("error")).unwrap_or("no test ran");
        anyhow::bail!("the tests did not build or run: {first}");
    }
    Ok(outcomes)
}

/// The outcome of each test in libtest's plain output, by the test's name
/// without its module path.
fn outcomes(stdout: &str) -> HashMap<String, Outcome> {
    let short = |path: &str| path.rsplit("::").next().unwrap_or(path).to_owned();
    let mut messages: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("---- ").and_then(|l| l.strip_suffix(" stdout ----"))
        {
            messages.extend(current.take());
            current = Some((short(name), String::new()));
        } else if line == "failures:" || line.starts_with("test result:") {
            messages.extend(current.take());
        } else if let Some((_, message)) = &mut current {
            // The panic's message follows its `panicked at` line.
            if !line.starts_with("thread '") && !line.starts_with("note: ") && !line.is_empty() {
                if !message.is_empty() {
                    message.push(' ');
                }
                message.push_str(line.trim());
            }
        }
    }
    let mut outcomes = HashMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else { continue };
        let Some((name, result)) = rest.split_once(" ... ") else { continue };
        let outcome = match result {
            "ok" => Outcome::Passed,
            "FAILED" => {
                let name = short(name);
                Outcome::Failed(messages.remove(&name).unwrap_or_default())
            }
            _ => continue,
        };
        outcomes.insert(short(name), outcome);
    }
    outcomes
}

/// The examples part of the report: a table of the specs, the totals and
/// the failures.
pub fn report(out: &mut String, specs: &[(&str, &Examples)]) {
    let sum = |field: fn(&Examples) -> usize| specs.iter().map(|(_, e)| field(e)).sum::<usize>();
    let (total, valid, parsed) = (sum(|e| e.total), sum(|e| e.valid), sum(|e| e.parsed));
    let (writes, written) = (sum(|e| e.written_back.0), sum(|e| e.written_back.1));
    let (typed, untyped) = (sum(|e| e.typed), sum(|e| e.untyped));
    let percent = |part: usize, whole: usize| match whole {
        0 => "-".to_owned(),
        _ => format!("{:.2}%", part as f64 * 100.0 / whole as f64),
    };
    let _ = writeln!(
        out,
        "\n## Examples\n\n{total} documented JSON examples; {valid} valid against their own schema \
            ({} not checkable). Of the valid ones, {parsed} ({}) read as documented, {written} of \
            the {writes} written back ({}) without loss, {typed} typed and {untyped} only as any JSON \
            value.\n",
        sum(|e| e.unchecked),
        percent(parsed, valid),
        percent(written, writes),
    );
    out.push_str(
        "| spec | examples | schema-valid | parsed | written back | typed | untyped | failures |\n",
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (name, examples) in specs {
        let failures = match &examples.broken {
            Some(error) => format!("tests did not run: {}", super::escape(error)),
            None => examples.failures.len().to_string(),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {}/{} | {} | {} | {failures} |",
            examples.total,
            examples.valid,
            examples.parsed,
            examples.written_back.1,
            examples.written_back.0,
            examples.typed,
            examples.untyped,
        );
    }
    list(out, "Failures", specs, |examples| &examples.failures);
    list(out, "Examples their own schema refuses (not counted)", specs, |examples| {
        &examples.invalid
    });
}

/// Under `heading`, a line per entry that `entries` gives of each spec;
/// nothing when there is none.
fn list(
    out: &mut String,
    heading: &str,
    specs: &[(&str, &Examples)],
    entries: fn(&Examples) -> &[Failure],
) {
    let lines = specs.iter().flat_map(|(name, e)| entries(e).iter().map(move |f| (name, f)));
    let mut lines = lines.peekable();
    if lines.peek().is_some() {
        let _ = write!(out, "\n### {heading}\n\n");
    }
    for (name, Failure { operation, target, at, error }) in lines {
        let _ =
            writeln!(out, "- {name}: `{operation}` {target} at `{at}`: {}", super::escape(error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_null_type() {
        let mut schema = json!({
            "components": {"schemas": {
                "A": {"type": "string", "nullable": true, "enum": ["x"], "example": {"nullable": true}},
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
                "C": {"type": "object", "properties": {"nullable": {"type": "boolean"}}},
            }}
        });
        json_schema(&mut schema);
        let schemas = &schema["components"]["schemas"];
        assert_eq!(schemas["A"]["type"], json!(["string", "null"]));
        assert_eq!(schemas["A"]["enum"], json!(["x", null]));
        assert_eq!(schemas["A"]["example"], json!({"nullable": true}), "a value is left alone");
        assert_eq!(schemas["B"]["anyOf"][0], json!({"type": "null"}));
        assert_eq!(schemas["B"]["anyOf"][1]["allOf"][0]["$ref"], "#/components/schemas/A");
        assert_eq!(schemas["C"]["properties"]["nullable"], json!({"type": "boolean"}));
    }

    #[test]
    fn outcomes_are_read_from_libtest_output() {
        let stdout = "\nrunning 3 tests\n\
            test generated::example_tests::a_response_200_example ... ok\n\
            test generated::example_tests::b_request_example ... FAILED\n\
            test generated::example_tests::c_response_200_example ... FAILED\n\n\
            failures:\n\n\
            ---- generated::example_tests::b_request_example stdout ----\n\n\
            thread 'generated::example_tests::b_request_example' panicked at src/gen/example_tests.rs:9:5:\n\
            the example matches the request type: Error(\"missing field `id`\")\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
            ---- generated::example_tests::c_response_200_example stdout ----\n\n\
            thread 'generated::example_tests::c_response_200_example' panicked at src/gen/example_tests.rs:20:5:\n\
            the value was written back differently at `/a`:\n  documented: {}\n\n\
            failures:\n    generated::example_tests::b_request_example\n\n\
            test result: FAILED. 1 passed; 2 failed; 0 ignored\n";
        let outcomes = outcomes(stdout);
        assert!(matches!(outcomes["a_response_200_example"], Outcome::Passed));
        let Outcome::Failed(message) = &outcomes["b_request_example"] else { panic!("b failed") };
        assert_eq!(message, "the example matches the request type: Error(\"missing field `id`\")");
        let Outcome::Failed(message) = &outcomes["c_response_200_example"] else {
            panic!("c failed")
        };
        assert!(message.starts_with(WRITTEN_BACK), "{message}");
    }

    /// Each example of `spec` by name: valid against its schema, or why not.
    fn validity(spec_text: &str, name: &str) -> BTreeMap<String, Option<Result<(), String>>> {
        let dir = std::env::temp_dir().join(format!("corpus-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.yaml");
        std::fs::write(&spec, spec_text).unwrap();
        let lowered = apicrate_codegen::lower_file(&spec).unwrap();
        let tests = apicrate_codegen::stages::example_tests(&lowered.api);
        let validity = Validity::of(&spec, &tests).unwrap().0;
        let _ = std::fs::remove_dir_all(&dir);
        tests.iter().map(|t| t.example.name.clone()).zip(validity).collect()
    }

    #[test]
    fn a_3_1_example_is_checked_by_json_schema_2020_12() {
        let spec = SPEC
            .replace("openapi: 3.0.3", "openapi: 3.1.0")
            .replace("name: { type: string, nullable: true }", "name: { type: [string, 'null'] }\n        kind: { const: dog }")
            .replace("good: { value: { id: 1, name: Rex } }", "good: { value: { id: 1, name: Rex, kind: dog } }\n                cat: { value: { id: 2, kind: cat } }");
        let by_name = validity(&spec, "v31");
        assert_eq!(by_name["good"], Some(Ok(())));
        assert_eq!(by_name["null name"], Some(Ok(())), "a `null` type allows null");
        let cat = by_name["cat"].clone().unwrap().unwrap_err();
        assert!(cat.contains("\"dog\" was expected") && cat.ends_with("(at `/kind`)"), "{cat}");
    }

    #[test]
    fn an_example_is_checked_against_its_schema_through_refs() {
        let by_name = validity(SPEC, "refs");
        assert_eq!(by_name["good"], Some(Ok(())));
        assert_eq!(by_name["null name"], Some(Ok(())), "nullable allows null");
        let wrong = by_name["wrong type"].clone().unwrap().unwrap_err();
        assert!(
            wrong.contains("\"1\" is not of type \"integer\"") && wrong.ends_with("(at `/id`)"),
            "{wrong}"
        );
        assert!(by_name["missing id"].clone().unwrap().is_err());
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Pet' }
              examples:
                good: { value: { id: 1, name: Rex } }
                null name: { value: { id: 1, name: null } }
                wrong type: { value: { id: "1" } }
                missing id: { $ref: '#/components/examples/Nameless' }
components:
  examples:
    Nameless: { value: { name: Rex } }
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        name: { type: string, nullable: true }
"##;
}

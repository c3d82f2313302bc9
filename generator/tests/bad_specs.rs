//! The bad-spec corpus: every spec under `tests/bad_specs/` is refused with
//! a precise message (expected in `tests/bad_specs/NAME.txt`), never a
//! panic. `APICRATE_BLESS=1` writes the messages instead.

mod support;

use std::path::Path;

use apicrate_codegen::Options;

#[test]
fn every_bad_spec_is_refused_with_its_expected_message() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/bad_specs exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 10, "the corpus shrank: {specs:?}");
    let options = Options::new("test", "bad");
    for spec in specs {
        let name = spec.file_stem().and_then(|s| s.to_str()).expect("utf-8").to_owned();
        // Paths relative to the corpus, so messages do not depend on the checkout.
        let relative = Path::new("tests/bad_specs").join(spec.file_name().expect("file name"));
        let error = match apicrate_codegen::generate(&spec, &options) {
            Ok(_) => panic!("{} was accepted", spec.display()),
            Err(error) => error
                .to_string()
                .replace(&spec.display().to_string(), &relative.display().to_string()),
        };
        support::assert_golden(&dir.join(format!("{name}.txt")), &error);
    }
}

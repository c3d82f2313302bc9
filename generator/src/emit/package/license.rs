//! A generated crate's licence: the one its description's `info.license`
//! names. The crate states it in `Cargo.toml` when it is an SPDX
//! expression, carries the texts of MIT and Apache-2.0 when it names them,
//! and its README says which, or that the description names none.

use crate::ir::{Api, License};
use crate::runtime::{Runtime, PACKAGE};

/// The permission notice of the MIT licence (the text after its copyright line).
const MIT: &str = include_str!("../../../LICENSE-MIT");

/// The Apache License 2.0.
const APACHE: &str = include_str!("../../../LICENSE-APACHE");

/// The `license` of the crate's `[package]`, if the description names an
/// SPDX licence.
pub(super) fn spdx(api: &Api) -> Option<&str> {
    api.license.as_ref()?.spdx.as_deref()
}

/// The licence texts the crate carries: `LICENSE-MIT` and `LICENSE-APACHE`
/// for the licences of those two the expression names.
pub(super) fn files(api: &Api) -> Vec<(String, String)> {
    let mut files = Vec::new();
    if names(api, "MIT") {
        let permission = MIT.split_once("\n\n").map_or(MIT, |(_, permission)| permission);
        let holder = super::docs::one_line(&api.title);
        let text =
            format!("Copyright (c) The authors of the {holder} API description\n\n{permission}");
        files.push(("LICENSE-MIT".to_owned(), text));
    }
    if names(api, "Apache-2.0") {
        files.push(("LICENSE-APACHE".to_owned(), APACHE.to_owned()));
    }
    files
}

/// The licence texts of a vendored runtime, its own (MIT OR Apache-2.0),
/// by their paths in its folder.
pub(super) fn runtime_files() -> [(&'static str, &'static str); 2] {
    [("LICENSE-MIT", MIT), ("LICENSE-APACHE", APACHE)]
}

/// Whether the description's licence expression names the licence `id`.
fn names(api: &Api, id: &str) -> bool {
    let spdx = api.license.as_ref().and_then(|license| license.spdx.as_deref());
    let Some(expression) = spdx.and_then(|spdx| spdx::Expression::parse(spdx).ok()) else {
        return false;
    };
    let named = expression.requirements().any(|requirement| match &requirement.req.license {
        spdx::LicenseItem::Spdx { id: named, .. } => named.name == id,
        spdx::LicenseItem::Other(_) => false,
    });
    named
}

/// The README's section on the licence.
pub(super) fn readme_section(api: &Api, runtime: &Runtime) -> String {
    let mut text = "\n## Licence\n\n".to_owned();
    let link = |license: &License| match &license.url {
        Some(url) => format!("[{}]({url})", license.name),
        None => license.name.clone(),
    };
    match &api.license {
        Some(license @ License { spdx: Some(spdx), .. }) => {
            let files: Vec<String> =
                files(api).into_iter().map(|(path, _)| format!("`{path}`")).collect();
            let texts = match files.as_slice() {
                [] => String::new(),
                files => format!(", with its text in {}", files.join(" and ")),
            };
            text.push_str(&format!(
                "The API description names its licence as {}: the crate states `{spdx}` in `Cargo.toml`{texts}.\n",
                link(license)
            ));
        }
        Some(license) => text.push_str(&format!(
            "The API description names its licence as {}, which is no SPDX expression: the crate states none. Set `license` or `license-file` in `Cargo.toml` before publishing it.\n",
            link(license)
        )),
        None => text.push_str(
            "The API description names no licence, so the crate states none: choose one before publishing it.\n",
        ),
    }
    let version = apicrate_runtime::source::VERSION;
    match runtime {
        Runtime::Inline => text.push_str(&format!(
            "\n`src/gen/runtime/` is the source of `{PACKAGE}` {version}, under MIT OR Apache-2.0.\n"
        )),
        Runtime::Vendored => text.push_str(&format!(
            "\n`runtime/` is a copy of `{PACKAGE}` {version}, under MIT OR Apache-2.0.\n"
        )),
        Runtime::Version | Runtime::Path(_) => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(name: &str) -> Api {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{ title: Pets, version: '1', license: {{ name: '{name}', url: 'https://example.com/l' }} }}\npaths: {{}}\n"
        );
        crate::lower_str(std::path::Path::new("t.yaml"), &spec).expect("lowers").api
    }

    #[test]
    fn the_crate_states_and_carries_the_licence_its_description_names() {
        let both = api("MIT OR Apache-2.0");
        assert_eq!(spdx(&both), Some("MIT OR Apache-2.0"));
        let files = files(&both);
        assert_eq!(files.len(), 2);
        assert!(files[0].1.starts_with(
            "Copyright (c) The authors of the Pets API description\n\nPermission is hereby granted"
        ));
        assert!(files[1].1.contains("Apache License"));
        let section = readme_section(&both, &Runtime::Version);
        assert!(section.contains("[MIT OR Apache-2.0](https://example.com/l)"), "{section}");
        assert!(section.contains("`LICENSE-MIT` and `LICENSE-APACHE`"), "{section}");
        assert!(!section.contains("src/gen/runtime"), "{section}");

        let loose = api("Apache License, Version 2.0");
        assert_eq!(spdx(&loose), Some("Apache-2.0"));
        assert_eq!(super::files(&loose).len(), 1);

        let other = api("BSD-3-Clause");
        assert_eq!(spdx(&other), Some("BSD-3-Clause"));
        assert!(super::files(&other).is_empty());
        assert!(
            readme_section(&other, &Runtime::Version).contains("`BSD-3-Clause` in `Cargo.toml`.")
        );
    }

    #[test]
    fn a_licence_spdx_does_not_know_or_none_is_said() {
        let proprietary = api("Proprietary");
        assert_eq!(spdx(&proprietary), None);
        assert!(super::files(&proprietary).is_empty());
        let section = readme_section(&proprietary, &Runtime::Inline);
        assert!(section.contains("which is no SPDX expression"), "{section}");
        assert!(
            section.contains("`src/gen/runtime/` is the source of `apicrate-runtime`"),
            "{section}"
        );

        let mut none = api("MIT");
        none.license = None;
        assert_eq!(spdx(&none), None);
        assert!(readme_section(&none, &Runtime::Version).contains("names no licence"));
    }
}

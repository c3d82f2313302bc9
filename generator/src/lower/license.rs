//! The licence `info.license` names, as the SPDX expression a crate's
//! `Cargo.toml` states: its 3.1 `identifier`, else its name when that is
//! `MIT`, `Apache-2.0`, or a loose spelling of one (`Apache 2.0`, `MIT
//! License`). A name that is no licence SPDX knows
//! (`Proprietary`) is kept as written, without an expression.

use crate::ir::License;

pub(super) fn lower(license: &openapiv3::License) -> License {
    // OpenAPI 3.1's `identifier` is an SPDX expression already.
    let identifier = license.extensions.get(crate::load::v31::LICENSE_IDENTIFIER);
    let spdx = identifier.and_then(serde_json::Value::as_str).and_then(self::spdx);
    License {
        name: license.name.clone(),
        url: license.url.clone(),
        spdx: spdx.or_else(|| self::spdx(&license.name)),
    }
}

/// The SPDX expression `name` is or spells loosely, in SPDX's own spelling.
fn spdx(name: &str) -> Option<String> {
    let canonical = |text: &str| match spdx::Expression::canonicalize(text) {
        _ if text.is_empty() => None,
        Ok(None) => Some(text.to_owned()),
        Ok(Some(canonical)) => Some(canonical),
        Err(_) => None,
    };
    let name = name.trim();
    canonical(name).or_else(|| {
        // `Apache License, Version 2.0`, `The MIT License`: the words
        // around the licence's own name left out.
        let words = name.split(|c: char| c.is_whitespace() || c == ',');
        let filler = ["the", "license", "licence", "version"];
        let kept: Vec<&str> = words
            .filter(|word| {
                !word.is_empty() && !filler.contains(&word.to_ascii_lowercase().as_str())
            })
            .collect();
        canonical(&kept.join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::spdx;

    #[test]
    fn licence_names_are_read_as_spdx_expressions() {
        for (name, expression) in [
            ("MIT", "MIT"),
            ("MIT OR Apache-2.0", "MIT OR Apache-2.0"),
            ("Apache 2.0", "Apache-2.0"),
            ("Apache License, Version 2.0", "Apache-2.0"),
            ("Apache License 2.0", "Apache-2.0"),
            ("The MIT License", "MIT"),
            ("MIT License", "MIT"),
            ("mit", "MIT"),
            ("CC-BY-4.0", "CC-BY-4.0"),
            ("MIT/Apache-2.0", "MIT OR Apache-2.0"),
        ] {
            assert_eq!(spdx(name).as_deref(), Some(expression), "{name}");
        }
        for name in ["Proprietary", "Commercial", "", "License", "Apache 1.1 or whatever"] {
            assert_eq!(spdx(name), None, "{name}");
        }
    }

    #[test]
    fn a_3_1_identifier_wins_over_the_name() {
        let spec = "openapi: 3.1.0\ninfo: { title: t, version: '1', license: { name: Our own terms, identifier: Apache-2.0 } }\n";
        let api = crate::lower_str(std::path::Path::new("t.yaml"), spec).expect("lowers").api;
        let license = api.license.expect("a licence");
        assert_eq!(
            (license.name.as_str(), license.spdx.as_deref()),
            ("Our own terms", Some("Apache-2.0"))
        );
    }
}

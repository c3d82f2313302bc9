//! Turns API names into valid, idiomatic Rust identifiers.
//!
//! Every name in a spec goes through here: `@odata.type`, `$value`,
//! `user-id`, `123abc`, `type`, non-ASCII, ... The original name is kept by
//! the caller for `#[serde(rename)]` and docs.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code uses unqualified, which a schema name must not shadow.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Bytes",
    "Binary",
    "Operation",
    "Value",
    "BTreeMap",
];

/// Splits a name into words: non-ASCII letters are transliterated
/// (`Ünïcode` -> `Unicode`, `日本` -> `Ri Ben`) and every character that is
/// not an ASCII letter or digit separates words, so the result is ASCII.
fn ascii_words(name: &str) -> String {
    let ascii = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        deunicode::deunicode(name).into()
    };
    ascii.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { ' ' }).collect()
}

/// A `snake_case` identifier for fields, parameters and modules.
pub fn snake(name: &str) -> String {
    let words = ascii_words(name).to_snake_case();
    let mut ident = if words.is_empty() { "value".to_owned() } else { words };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    escape_keyword(ident)
}

/// An `UpperCamelCase` identifier for types and variants.
pub fn upper_camel(name: &str) -> String {
    let words = ascii_words(name).to_upper_camel_case();
    let mut ident = if words.is_empty() { "Value".to_owned() } else { words };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    if ident == "Self" {
        return "SelfValue".to_owned();
    }
    ident
}

/// A type name that neither is a keyword nor shadows a type the generated code uses.
pub fn type_name(name: &str) -> String {
    let ident = upper_camel(name);
    if RESERVED_TYPE_NAMES.contains(&ident.as_str()) {
        format!("{ident}Model")
    } else {
        ident
    }
}

/// A module (and file) name: `snake_case`, with a keyword suffixed
/// (`type_`) rather than raw, since a file cannot be called `r#type.rs`.
pub fn module(name: &str) -> String {
    match snake(name).strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => snake(name),
    }
}

/// A Cargo feature name: kebab-case ASCII words (`User Photos` ->
/// `user-photos`, `$value` -> `value`); `operations` when nothing is left,
/// and never `default`, which Cargo reserves.
pub fn feature(name: &str) -> String {
    use heck::ToKebabCase;
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    match ascii.to_kebab_case().as_str() {
        "" => "operations".to_owned(),
        "default" => "default-operations".to_owned(),
        kebab => kebab.to_owned(),
    }
}

fn escape_keyword(ident: String) -> String {
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Assigns unique names to a list of API names, deterministically: when two
/// names map to the same identifier, the later ones (in the input order)
/// get `_2`, `_3`, ... suffixes. Returns the names in input order.
pub fn disambiguate(names: Vec<String>) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut taken: std::collections::BTreeSet<String> = names.iter().cloned().collect();
    names
        .into_iter()
        .map(|name| {
            let count = seen.entry(name.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                return name;
            }
            let base = name.trim_start_matches("r#").trim_end_matches('_').to_owned();
            let separator =
                if base.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
            let mut n = *count;
            loop {
                let candidate = format!("{base}{separator}{n}");
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
                n += 1;
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_kebab_case_words_cargo_accepts() {
        assert_eq!(feature("User Photos"), "user-photos");
        assert_eq!(feature("users.user"), "users-user");
        assert_eq!(feature("contactFolders"), "contact-folders");
        assert_eq!(feature("$value"), "value");
        assert_eq!(feature("123abc"), "123abc");
        assert_eq!(feature("Ünïcode"), "n-code");
        assert_eq!(feature("{user-id}"), "user-id");
        assert_eq!(feature(""), "operations");
        assert_eq!(feature("@"), "operations");
        assert_eq!(feature("Default"), "default-operations");
    }

    #[test]
    fn snake_case_handles_odd_api_names() {
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("$value"), "value");
        assert_eq!(snake("user-id"), "user_id");
        assert_eq!(snake("contactFolder-id"), "contact_folder_id");
        assert_eq!(snake("sub.id"), "sub_id");
        assert_eq!(snake("123abc"), "_123abc");
        assert_eq!(snake("request-id"), "request_id");
        assert_eq!(snake("$select"), "select");
        assert_eq!(snake("größe"), "grosse");
        assert_eq!(snake("@"), "value");
        assert_eq!(snake("with space"), "with_space");
    }

    #[test]
    fn modules_are_never_raw() {
        assert_eq!(module("type"), "type_");
        assert_eq!(module("GetType"), "get_type");
        assert_eq!(module("self"), "self_");
        assert_eq!(module("Match"), "match_");
    }

    #[test]
    fn non_ascii_is_transliterated() {
        assert_eq!(upper_camel("Ünïcode"), "Unicode");
        assert_eq!(snake("café-crème"), "cafe_creme");
        assert_eq!(upper_camel("日本"), "RiBen");
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(upper_camel("Self"), "SelfValue");
        assert_eq!(upper_camel("self"), "SelfValue");
    }

    #[test]
    fn upper_camel_case_handles_odd_api_names() {
        assert_eq!(upper_camel("profilePhoto"), "ProfilePhoto");
        assert_eq!(
            upper_camel("microsoft.graph.ODataErrors.ODataError"),
            "MicrosoftGraphODataErrorsODataError"
        );
        assert_eq!(upper_camel("updateMyPhoto"), "UpdateMyPhoto");
        assert_eq!(upper_camel("48x48"), "V48x48");
        assert_eq!(upper_camel(""), "Value");
    }

    #[test]
    fn type_names_never_shadow_the_prelude() {
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("result"), "ResultModel");
        assert_eq!(type_name("String"), "StringModel");
        assert_eq!(type_name("Vec"), "VecModel");
        assert_eq!(type_name("Box"), "BoxModel");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(type_name("entity"), "Entity");
    }

    #[test]
    fn collisions_after_case_conversion_are_numbered_in_order() {
        let names = vec![snake("userId"), snake("user_id"), snake("user-id"), snake("other")];
        assert_eq!(disambiguate(names), ["user_id", "user_id_2", "user_id_3", "other"]);
        let types = vec![type_name("foo"), type_name("Foo"), "Foo2".to_owned()];
        assert_eq!(disambiguate(types), ["Foo", "Foo3", "Foo2"]);
    }

    #[test]
    fn every_generated_name_is_a_valid_identifier() {
        for name in [
            "@odata.type",
            "$value",
            "123",
            "type",
            "self",
            "Self",
            "a-b-c",
            "ümlaut",
            "_",
            "__",
            "r#x",
        ] {
            for ident in [snake(name), upper_camel(name), type_name(name), module(name)] {
                let ok = syn::parse_str::<syn::Ident>(&ident).is_ok();
                assert!(ok, "{name:?} became {ident:?}, which is not an identifier");
            }
        }
    }
}

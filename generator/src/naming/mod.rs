//! Turns API names into valid, idiomatic Rust identifiers: the only place
//! that makes an [`Ident`].
//!
//! Every name in a spec goes through here: `@odata.type`, `$value`,
//! `user-id`, `123abc`, `type`, non-ASCII, ... The original name is kept by
//! the caller for `#[serde(rename)]` and docs. Names the generated code uses
//! itself are in one table, [`reserved`]; [`unique`] is the one way a name
//! is made unique.

use std::collections::BTreeSet;

use heck::{ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

mod ident;

pub use ident::Ident;

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

pub mod reserved;

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

fn snake_text(name: &str) -> String {
    let words = ascii_words(name).to_snake_case();
    let mut ident = if words.is_empty() { "value".to_owned() } else { words };
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

fn upper_camel_text(name: &str) -> String {
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

/// A `snake_case` identifier for fields and parameters, raw (`r#type`)
/// where it is a keyword that can be.
pub fn snake(name: &str) -> Ident {
    Ident::new(escape_keyword(snake_text(name)))
}

/// A `snake_case` field name for a place where the generated code uses
/// some names itself (`reserved`, such as [`reserved::REQUEST_FIELDS`]):
/// those get a suffix (`body` -> `body_`).
pub fn field(name: &str, reserved: &[&str], suffix: &str) -> Ident {
    let ident = snake(name);
    match reserved.contains(&ident.as_str()) {
        true => Ident::new(format!("{}{suffix}", ident.as_str())),
        false => ident,
    }
}

/// An `UpperCamelCase` identifier for variants.
pub fn upper_camel(name: &str) -> Ident {
    Ident::new(upper_camel_text(name))
}

/// The module of `models/` for types several features compile, named
/// after a hash of the features (`shared_1a2b3c4d`); [`disambiguate`]
/// numbers two whose hashes meet.
pub fn shared_models_module(features_hash: u32) -> Ident {
    Ident::new(format!("shared_{features_hash:08x}"))
}

/// A constant of a table of values operations share, named after a hash
/// of its value (`ACCESS_1A2B3C4D`); [`disambiguate`] numbers two whose
/// hashes meet.
pub fn shared_const(table: &str, value_hash: u32) -> Ident {
    Ident::new(format!("{table}_{value_hash:08X}"))
}

/// The method that gives the body of a response enum's variant:
/// `into_ok`, `into_no_content`, `into_status2xx`.
pub fn into_accessor(variant: &Ident) -> Ident {
    Ident::new(format!("into_{}", variant.unraw().to_snake_case()))
}

/// The words an example test's name starts with: the operation's name in
/// `snake_case` (the test's name is made by [`snake`] from them and the
/// example's).
pub fn operation_words(operation: &Ident) -> String {
    operation.unraw().to_snake_case()
}

/// The operationId of an operation that has none: its method and the words
/// of its path, `lowerCamelCase` (`get /users/{user-id}/photo` ->
/// `getUsersUserIdPhoto`).
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let words: String =
        path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    format!("{} {words}", method.to_ascii_lowercase()).to_lower_camel_case()
}

/// An environment variable named after a crate and a word
/// (`pet-store`, `api_key` -> `PET_STORE_API_KEY`).
pub fn env_var(crate_name: &str, word: &str) -> String {
    format!("{crate_name}_{word}").to_shouty_snake_case()
}

/// The variant of a response enum for a status, from its words
/// ([`crate::ir::StatusMatch::variant_words`]): `Ok`, `NoContent`,
/// `Status299`, `Status2xx`, `Default`.
pub fn status_variant(words: &str) -> Ident {
    upper_camel(words)
}

/// The variants of a string enum with these values, then its catch-all
/// ([`reserved::ENUM_CATCH_ALL`]): unique after case conversion, the
/// catch-all's name kept (a value `undocumented` is `Undocumented2`).
pub fn enum_variants<'v>(values: impl IntoIterator<Item = &'v str>) -> (Vec<Ident>, Ident) {
    let catch_all = Ident::new(reserved::ENUM_CATCH_ALL.to_owned());
    let names = std::iter::once(catch_all).chain(values.into_iter().map(upper_camel));
    let mut names = disambiguate(names.collect());
    let catch_all = names.remove(0);
    (names, catch_all)
}

/// The name of a type made from a schema: neither a keyword nor one the
/// generated code uses ([`reserved::TYPES`]: `Option` -> `OptionModel`).
pub fn type_name(name: &str) -> Ident {
    let ident = upper_camel_text(name);
    match reserved::TYPES.contains(&ident.as_str()) {
        true => Ident::new(format!("{ident}Model")),
        false => Ident::new(ident),
    }
}

/// The name of an operation's request type, from its operationId
/// (`requestError` -> `RequestErrorOperation`, since `RequestError` is the
/// runtime's).
pub fn operation_name(operation_id: &str) -> Ident {
    let ident = upper_camel_text(operation_id);
    match reserved::TYPES.contains(&ident.as_str()) {
        true => Ident::new(format!("{ident}Operation")),
        false => Ident::new(ident),
    }
}

/// The setter of an optional request field: the field's name, unless
/// that is one of the request type's other methods (`new` -> `with_new`).
pub fn setter(field: &Ident) -> Ident {
    match reserved::REQUEST_METHODS.contains(&field.as_str()) {
        true => Ident::new(format!("with_{}", field.as_str())),
        false => field.clone(),
    }
}

/// A name derived from another: `{base}{suffix}` (`UpdatePhoto` + `Response`).
pub fn derived(base: &Ident, suffix: &str) -> Ident {
    Ident::new(format!("{}{suffix}", base.unraw()))
}

/// A module (and file) name: `snake_case`, with a keyword or a name of
/// [`reserved::MODULES`] suffixed (`type_`, `http_`) rather than raw, since
/// a file cannot be called `r#type.rs`.
pub fn module(name: &str) -> Ident {
    let text = snake_text(name);
    match KEYWORDS.contains(&text.as_str()) || reserved::MODULES.contains(&text.as_str()) {
        true => Ident::new(format!("{text}_")),
        false => Ident::new(text),
    }
}

/// A Cargo feature name: kebab-case ASCII words (`User Photos` ->
/// `user-photos`, `$value` -> `value`); `operations` when nothing is left,
/// and never one of [`reserved::FEATURES`] (Cargo's `default`, the
/// runtime's `client`, ...): those are `default-operations`, ...
pub fn feature(name: &str) -> String {
    use heck::ToKebabCase;
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    match ascii.to_kebab_case().as_str() {
        "" => "operations".to_owned(),
        // Features every crate may declare itself: a group of that name
        // would make Cargo refuse the manifest (`duplicate key`).
        kebab if reserved::FEATURES.contains(&kebab) => format!("{kebab}-operations"),
        kebab => kebab.to_owned(),
    }
}

/// The Cargo feature of the types no operation uses: `unused-models`, or
/// that name numbered (`unused-models-2`) when `is_free` refuses it (a
/// group of that name).
pub fn unused_models_feature(mut is_free: impl FnMut(&str) -> bool) -> String {
    const NAME: &str = "unused-models";
    if is_free(NAME) {
        return NAME.to_owned();
    }
    numbered(NAME, "-", is_free)
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

/// The one way a name is made unique: `wanted` if `is_free` accepts it,
/// else `wanted` numbered from 2 (`Foo2`, `user_id_2`: `_` before the number
/// of a snake_case name, and after a keyword's `_` or `r#` is dropped).
pub fn unique(wanted: &Ident, mut is_free: impl FnMut(&str) -> bool) -> Ident {
    if is_free(wanted.as_str()) {
        return wanted.clone();
    }
    let base = wanted.unraw().trim_end_matches('_');
    let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
    Ident::new(numbered(base, separator, is_free))
}

/// `base` numbered from 2 (`{base}{separator}{n}`) until `is_free` accepts
/// it: what [`unique`] does for identifiers, and lowering for API names
/// (a duplicate operationId).
pub fn numbered(base: &str, separator: &str, mut is_free: impl FnMut(&str) -> bool) -> String {
    let mut n = 2;
    loop {
        let candidate = format!("{base}{separator}{n}");
        if is_free(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Unique names for a list of names, deterministically: when two map to
/// the same identifier, the later ones (in the input order) are numbered by
/// [`unique`], avoiding every name of the list. Returns them in input order.
pub fn disambiguate(names: Vec<Ident>) -> Vec<Ident> {
    let mut taken: BTreeSet<String> = names.iter().map(|name| name.as_str().to_owned()).collect();
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            if seen.insert(name.as_str().to_owned()) {
                return name;
            }
            let unique = unique(&name, |candidate| !taken.contains(candidate));
            taken.insert(unique.as_str().to_owned());
            seen.insert(unique.as_str().to_owned());
            unique
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
        assert_eq!(feature("Client"), "client-operations");
        assert_eq!(feature("tracing"), "tracing-operations");
        assert_eq!(unused_models_feature(|_| true), "unused-models");
        let taken = ["unused-models", "unused-models-2"];
        assert_eq!(unused_models_feature(|name| !taken.contains(&name)), "unused-models-3");
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
    fn modules_are_never_raw_nor_a_name_the_crate_uses() {
        assert_eq!(module("type"), "type_");
        assert_eq!(module("GetType"), "get_type");
        assert_eq!(module("self"), "self_");
        assert_eq!(module("Match"), "match_");
        assert_eq!(module("runtime"), "runtime_");
        assert_eq!(module("HTTP"), "http_");
        assert_eq!(module("models"), "models_");
    }

    #[test]
    fn names_the_runtime_and_each_module_use_are_reserved() {
        for name in ["responseError", "RequestError", "operation", "bytes", "Result"] {
            let operation = operation_name(name);
            assert!(operation.as_str().ends_with("Operation"), "{name}: {operation}");
            let model = type_name(name);
            assert!(model.as_str().ends_with("Model"), "{name}: {model}");
        }
        assert_eq!(operation_name("getPhoto"), "GetPhoto");
        assert_eq!(field("body", reserved::REQUEST_FIELDS, "_"), "body_");
        assert_eq!(field("status", reserved::RESPONSE_FIELDS, "_header"), "status_header");
        assert_eq!(field("Body-Id", reserved::REQUEST_FIELDS, "_"), "body_id");
        assert_eq!(derived(&type_name("GetPhoto"), "Response"), "GetPhotoResponse");
    }

    #[test]
    fn unique_numbers_until_free() {
        let taken = ["Foo", "Foo2", "user_id", "user_id_2"];
        let free = |name: &str| !taken.contains(&name);
        assert_eq!(unique(&upper_camel("foo"), free), "Foo3");
        assert_eq!(unique(&snake("userId"), free), "user_id_3");
        assert_eq!(unique(&snake("type"), |name| name != "r#type"), "type_2");
        assert_eq!(unique(&snake("other"), free), "other");
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
        let types = vec![type_name("foo"), type_name("Foo"), type_name("Foo2")];
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
                let ok = syn::parse_str::<syn::Ident>(ident.as_str()).is_ok();
                assert!(ok, "{name:?} became {ident:?}, which is not an identifier");
            }
        }
    }
}

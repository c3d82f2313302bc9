//! Values many operations share, each emitted once in a table and named
//! by operations: their access (scopes and security requirements, in
//! `security.rs`) and their permissions (in `permissions.rs`). A value is
//! named after a hash of its tokens (`ACCESS_1A2B3C4D`), so an operation
//! added or removed renames no other.

use std::collections::{HashMap, HashSet};
use std::str::FromStr as _;

use proc_macro2::TokenStream;

use crate::ir::Ident;
use crate::naming;

/// The tables of one API (made in `emit`, from the values of `security`
/// and `permissions`).
pub(super) struct Tables {
    pub access: Table,
    pub permissions: Table,
}

/// One table: each distinct value's constant, its name with the value's
/// tokens as text, and the name by the operation that has it (text, not
/// tokens, so that operations are emitted on every core with the table at
/// hand, each looking its name up rather than building its value again).
pub(super) struct Table {
    entries: Vec<(Ident, String)>,
    by_operation: HashMap<String, Ident>,
}

impl Table {
    /// The table `table` (the constants' prefix) of `values`, each given
    /// with the pointer of the operation that has it.
    pub fn new<'a>(table: &str, values: impl Iterator<Item = (&'a str, TokenStream)>) -> Self {
        let mut distinct: Vec<String> = Vec::new();
        let mut operations: Vec<(&str, String)> = Vec::new();
        let mut seen = HashSet::new();
        for (operation, value) in values {
            let text = value.to_string();
            if seen.insert(text.clone()) {
                distinct.push(text.clone());
            }
            operations.push((operation, text));
        }
        let wanted = distinct
            .iter()
            .map(|text| naming::shared_const(table, fnv1a(text.bytes()) as u32))
            .collect();
        let mut entries: Vec<(Ident, String)> =
            naming::disambiguate(wanted).into_iter().zip(distinct).collect();
        let by_value: HashMap<&str, &Ident> =
            entries.iter().map(|(name, text)| (text.as_str(), name)).collect();
        let by_operation = operations
            .into_iter()
            .map(|(operation, text)| (operation.to_owned(), by_value[text.as_str()].clone()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Self { entries, by_operation }
    }

    /// The name of the value of the operation at `pointer`; `None` for an
    /// operation the table has no value of.
    pub fn name(&self, pointer: &str) -> Option<&Ident> {
        self.by_operation.get(pointer)
    }

    /// Each distinct value once, with its name, sorted by name.
    pub fn entries(&self) -> Vec<(&Ident, TokenStream)> {
        // Text made of tokens lexes back into them; were it not to, the
        // table's file would not parse, and emit would say so.
        let tokens = |text: &str| TokenStream::from_str(text).unwrap_or_default();
        self.entries.iter().map(|(name, text)| (name, tokens(text))).collect()
    }
}

/// FNV-1a (64 bits) of `bytes`: a name that depends on nothing but them
/// (not on the platform or the Rust version).
pub(super) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn a_value_is_named_once_after_its_hash() {
        let values = || [("#/a", quote!(f(1))), ("#/b", quote!(f(2))), ("#/c", quote!(f(1)))];
        let table = Table::new("ACCESS", values().into_iter());
        let entries = table.entries();
        assert_eq!(entries.len(), 2, "each value once");
        let texts: Vec<String> = entries.iter().map(|(_, value)| value.to_string()).collect();
        assert!(texts.contains(&"f (1)".to_owned()) && texts.contains(&"f (2)".to_owned()));
        let one = table.name("#/a").expect("named");
        assert_eq!(one.as_str(), format!("ACCESS_{:08X}", fnv1a("f (1)".bytes()) as u32));
        assert_eq!(table.name("#/c"), Some(one), "one value, one name");
        assert_ne!(Some(one), table.name("#/b"));
        assert_eq!(table.name("#/d"), None);
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "entries are sorted by name");
    }
}

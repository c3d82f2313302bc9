//! Values many operations share, each emitted once in a table and named
//! by operations: their access (scopes and security requirements, in
//! `security.rs`) and their permissions (in `permissions.rs`). A value is
//! named after a hash of its tokens (`ACCESS_1A2B3C4D`), so an operation
//! added or removed renames no other.

use std::collections::{HashMap, HashSet};

use proc_macro2::TokenStream;

use crate::ir::Ident;
use crate::naming;

/// The tables of one API (made in `emit`, from the values of `security`
/// and `permissions`).
pub(super) struct Tables {
    pub access: Table,
    pub permissions: Table,
}

/// One table: the name of each distinct value's constant, by the value's
/// tokens as text (text, not tokens, so that operations are emitted on
/// every core with the table at hand).
pub(super) struct Table {
    names: HashMap<String, Ident>,
}

impl Table {
    /// The table `table` (the constants' prefix) of `values`.
    pub fn new(table: &str, values: impl Iterator<Item = TokenStream>) -> Self {
        let mut distinct: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for value in values {
            let text = value.to_string();
            if seen.insert(text.clone()) {
                distinct.push(text);
            }
        }
        let wanted = distinct
            .iter()
            .map(|text| naming::shared_const(table, fnv1a(text.bytes()) as u32))
            .collect();
        let names = distinct.into_iter().zip(naming::disambiguate(wanted)).collect();
        Self { names }
    }

    /// The name of `value`'s constant; `None` for a value the table was
    /// not made with.
    pub fn name(&self, value: &TokenStream) -> Option<&Ident> {
        self.names.get(&value.to_string())
    }

    /// Each of `values` (those the table was made with) once, with its
    /// name, sorted by name.
    pub fn entries(&self, values: impl Iterator<Item = TokenStream>) -> Vec<(&Ident, TokenStream)> {
        let mut entries: Vec<(&Ident, TokenStream)> = Vec::new();
        let mut seen = HashSet::new();
        for value in values {
            if let Some(name) = self.name(&value) {
                if seen.insert(name) {
                    entries.push((name, value));
                }
            }
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        entries
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
        let values = || [quote!(f(1)), quote!(f(2)), quote!(f(1))].into_iter();
        let table = Table::new("ACCESS", values());
        let entries = table.entries(values().chain([quote!(f(3))]));
        assert_eq!(entries.len(), 2, "each value once, and only those of the table");
        let one = table.name(&quote!(f(1))).expect("named");
        assert_eq!(one.as_str(), format!("ACCESS_{:08X}", fnv1a("f (1)".bytes()) as u32));
        assert_ne!(Some(one), table.name(&quote!(f(2))));
        assert_eq!(table.name(&quote!(f(3))), None);
        let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "entries are sorted by name");
    }
}

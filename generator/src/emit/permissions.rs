//! Permissions by kind (`x-permissions`, the three kinds of Microsoft's
//! permission tables): the rustdoc that lists them, the `PERMISSIONS`
//! constant, and `permissions.rs` with the table of every distinct set
//! once, which the constants name. Only specs with that extension use this
//! room.

use proc_macro2::TokenStream;
use quote::quote;

use super::shared::Table;
use crate::ir::{Api, Operation, PermissionKind, Permissions, Scope};

/// Permissions by kind, each scope with where it comes from.
pub(super) fn doc(permissions: &Permissions) -> String {
    let Permissions { delegated_work, delegated_personal, application } = permissions;
    let kinds = [
        ("Delegated (work or school account)", delegated_work),
        ("Delegated (personal Microsoft account)", delegated_personal),
        ("Application", application),
    ];
    let mut text = String::from(
        "\n\nPermissions, any one of which suffices (the documentation page's first, then the others least privileged first):\n",
    );
    for (label, kind) in kinds {
        let PermissionKind { page_says, scopes } = kind;
        let from = |from_pages: bool| {
            let names: Vec<String> = scopes
                .iter()
                .filter(|s| s.from_pages == from_pages)
                .map(|s| format!("`{}`", s.name))
                .collect();
            names.join(", ")
        };
        let mut parts = Vec::new();
        let (page, beyond) = (from(true), from(false));
        if !page.is_empty() {
            parts.push(format!("{page} (as the documentation page gives them)"));
        }
        if let Some(words) = page_says {
            parts.push(format!("the documentation page says \"{}\"", words.trim()));
        }
        if !beyond.is_empty() {
            parts.push(format!(
                "{beyond} (not from the documentation page: from the service's current reference)"
            ));
        }
        if parts.is_empty() {
            parts.push("not stated".to_owned());
        }
        let line = parts.join("; ");
        // A quotation ending in its own full stop ends the line.
        let stop = if line.ends_with(".\"") { "" } else { "." };
        text.push_str(&format!("\n- {label}: {line}{stop}"));
    }
    let all = [delegated_work, delegated_personal, application];
    if all.iter().all(|kind| kind.scopes.iter().all(|s| !s.from_pages))
        && all.iter().any(|kind| !kind.scopes.is_empty())
    {
        text.push_str("\n\nThe documentation pages give no permissions for this request: the scopes shown come from the service's current reference.");
    }
    text
}

/// The operations' permissions, as values of their table, each with its
/// operation's pointer.
pub(super) fn values(api: &Api) -> impl Iterator<Item = (&str, TokenStream)> {
    api.operations.iter().filter_map(|operation| {
        let permissions = operation.provenance.permissions.as_ref()?;
        Some((operation.pointer.as_str(), value(permissions)))
    })
}

/// Permissions as their table entry's value (a `Permissions`, in
/// `permissions.rs`).
fn value(permissions: &Permissions) -> TokenStream {
    let Permissions { delegated_work, delegated_personal, application } = permissions;
    let kind = |kind: &PermissionKind| {
        let page_says = match &kind.page_says {
            Some(words) => quote!(Some(#words)),
            None => quote!(None),
        };
        let scopes = kind.scopes.iter().map(|Scope { name, from_pages }| match from_pages {
            true => quote!(Scope::from_page(#name)),
            false => quote!(Scope::beyond_page(#name)),
        });
        quote!(PermissionKind::new(#page_says, &[#(#scopes),*]))
    };
    let (work, personal, application) =
        (kind(delegated_work), kind(delegated_personal), kind(application));
    quote! {
        Permissions {
            delegated_work: #work,
            delegated_personal: #personal,
            application: #application,
        }
    }
}

/// The inherent `PERMISSIONS` constant of the request type of
/// `operation`, when the spec gives them by kind: its entry of the table.
pub(super) fn constant(operation: &Operation, table: &Table) -> TokenStream {
    let Some(name) = table.name(&operation.pointer) else { return TokenStream::new() };
    let type_name = &operation.name.rust;
    quote! {
        impl #type_name {
            /// The permissions that grant the operation, by kind (each
            /// least privileged first: any one suffices), and where each
            /// comes from.
            pub const PERMISSIONS: permissions::Permissions = permissions::shared::#name;
        }
    }
}

/// `permissions.rs`, for a spec that gives permissions by kind
/// (`x-permissions`): the types of the `PERMISSIONS` constants, and the
/// table of their values.
pub(super) fn file(table: &Table) -> TokenStream {
    let entries = table.entries();
    let entries =
        entries.iter().map(|(name, value)| quote!(pub(crate) const #name: Permissions = #value;));
    quote! {
        //! Permissions by kind, as Microsoft's permission tables give them
        //! (the spec's `x-permissions`): each operation's request type has
        //! them as its `PERMISSIONS` constant.

        /// The permissions that grant an operation, by kind, each least
        /// privileged first: any one suffices.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Permissions {
            /// Delegated, work or school account.
            pub delegated_work: PermissionKind,
            /// Delegated, personal Microsoft account.
            pub delegated_personal: PermissionKind,
            /// Application (app-only, without a signed-in user).
            pub application: PermissionKind,
        }

        /// The permissions of one kind.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct PermissionKind {
            /// The documentation page's own words when it gives none of this
            /// kind (`"Not supported."`, a placeholder).
            pub page_says: Option<&'static str>,
            /// The scopes, least privileged first: the page's first.
            pub scopes: &'static [Scope],
        }

        impl PermissionKind {
            /// The scopes of one kind, or what the page says instead.
            pub const fn new(page_says: Option<&'static str>, scopes: &'static [Scope]) -> Self {
                Self { page_says, scopes }
            }
        }

        /// A scope, and where the spec has it from.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Scope {
            /// The scope (`User.ReadWrite`).
            pub name: &'static str,
            /// Whether the documentation page gives it; otherwise it comes
            /// from beyond the page (the service's current reference).
            pub from_pages: bool,
        }

        impl Scope {
            /// A scope the documentation page gives.
            pub const fn from_page(name: &'static str) -> Self {
                Self { name, from_pages: true }
            }

            /// A scope from beyond the page (the service's current reference).
            pub const fn beyond_page(name: &'static str) -> Self {
                Self { name, from_pages: false }
            }
        }

        /// The operations' permissions, each distinct set once: a request
        /// type's `PERMISSIONS` is one of these (unused when the features
        /// of its operations are off).
        #[allow(dead_code)]
        pub(crate) mod shared {
            use super::{PermissionKind, Permissions, Scope};

            #(#entries)*
        }
    }
}

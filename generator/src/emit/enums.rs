//! The enums of `models`: string enums (a variant per documented value,
//! `Undocumented` for any other), OpenAPI 3.1's named integer constants,
//! and the `Base64` bytes of 3.1's `contentEncoding: base64`.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::Place;
use crate::ir::{Enum, EnumRepr, EnumVariant, Ident};

/// An enum and its trait implementations: a string enum's `as_str`,
/// `From<&str>`, `Display` and serde, written by hand (derives cost far
/// more to compile); an integer enum's by [`integer_enum_def`].
pub(super) fn enum_def(name: &Ident, doc: &TokenStream, place: &Place, def: &Enum) -> TokenStream {
    let Place { cfg, runtime } = place;
    let Enum { variants, catch_all, repr, graph_evolvable } = def;
    if *repr == EnumRepr::Integer {
        return integer_enum_def(name, doc, cfg, def);
    }
    let defs = variants.iter().map(|EnumVariant { name }| {
        let doc = variant_doc(&name.api, *graph_evolvable);
        let variant = &name.rust;
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let (rust, api): (Vec<_>, Vec<_>) =
        variants.iter().map(|variant| (&variant.name.rust, &variant.name.api)).unzip();
    let catch_all_doc = catch_all_doc(name);
    let serde = serde_impls(
        name,
        cfg,
        quote!(serializer.serialize_str(self.as_str())),
        quote!(#runtime::read_enum(input)),
    );
    // Written as strings by hand: derives cost far more to compile.
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            #[doc = #catch_all_doc]
            #catch_all(#runtime::UndocumentedValue),
        }

        #cfg
        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#rust => #api,)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        }

        #cfg
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#api => Self::#rust,)*
                    _ => Self::#catch_all(#runtime::UndocumentedValue::new(value)),
                }
            }
        }

        #cfg
        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        #cfg
        impl #runtime::StringEnum for #name {
            fn is_documented(&self) -> bool {
                !matches!(self, Self::#catch_all(_))
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serde
    }
}

/// An enum of integers (3.1's named constants): the value by `value()`,
/// any integer by `From<i64>`, written and read as a JSON integer.
fn integer_enum_def(name: &Ident, doc: &TokenStream, cfg: &TokenStream, def: &Enum) -> TokenStream {
    let Enum { variants, catch_all, .. } = def;
    let values: Vec<TokenStream> = variants
        .iter()
        .map(|variant| {
            let value = variant.name.api.parse::<i64>().unwrap_or_default();
            let literal = proc_macro2::Literal::i64_unsuffixed(value);
            quote!(#literal)
        })
        .collect();
    let rust: Vec<&Ident> = variants.iter().map(|variant| &variant.name.rust).collect();
    let docs = variants.iter().map(|variant| format!(" `{}`", variant.name.api));
    let catch_all_doc = catch_all_doc(name);
    let serde = serde_impls(
        name,
        cfg,
        quote!(serializer.serialize_i64(self.value())),
        quote!(<i64 as serde::Deserialize>::deserialize(input).map(Self::from)),
    );
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#[doc = #docs] #rust,)*
            #[doc = #catch_all_doc]
            #catch_all(i64),
        }

        #cfg
        impl #name {
            /// The value as the API sends it.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#rust => #values,)*
                    Self::#catch_all(value) => *value,
                }
            }
        }

        #cfg
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#rust,)*
                    _ => Self::#catch_all(value),
                }
            }
        }

        #cfg
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #serde
    }
}

/// The doc of the variant that keeps a value the spec does not document.
fn catch_all_doc(name: &Ident) -> String {
    format!(
        " A value the spec does not document (one the service added after this crate was \
         generated), kept as it came and written back unchanged. `{}::from` gives a documented \
         value its own variant.",
        name.unraw()
    )
}

/// `Serialize` and `Deserialize` of an enum, with the bodies given.
fn serde_impls(
    name: &Ident,
    cfg: &TokenStream,
    serialize: TokenStream,
    deserialize: TokenStream,
) -> TokenStream {
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                #deserialize
            }
        }
    }
}

/// A documented value's doc; in an evolvable enum of Microsoft Graph,
/// `unknownFutureValue` says what it means there (in any other API it is
/// a value like the others).
fn variant_doc(api: &str, graph_evolvable: bool) -> String {
    match api {
        "unknownFutureValue" if graph_evolvable => {
            " `unknownFutureValue`: Microsoft Graph's marker of an evolvable \
            enum. Values listed after it are sent only to callers that ask for them with the \
            `Prefer: include-unknown-enum-members` request header; others receive \
            `unknownFutureValue` in their place."
                .to_owned()
        }
        api => format!(" `{api}`"),
    }
}

/// `Base64`: the bytes of OpenAPI 3.1's `contentEncoding: base64`
/// strings, written and read as base64 text (padding optional on read).
pub(super) fn base64_type() -> TokenStream {
    quote! {
        /// Bytes that JSON carries as base64 text (`contentEncoding: base64`).
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct Base64(pub bytes::Bytes);

        impl Base64 {
            /// How base64 text is read and written: the standard alphabet,
            /// padded when written, with or without padding when read.
            const ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
            );
        }

        impl From<bytes::Bytes> for Base64 {
            fn from(bytes: bytes::Bytes) -> Self {
                Self(bytes)
            }
        }

        impl From<Vec<u8>> for Base64 {
            fn from(bytes: Vec<u8>) -> Self {
                Self(bytes.into())
            }
        }

        impl std::ops::Deref for Base64 {
            type Target = [u8];
            fn deref(&self) -> &[u8] {
                &self.0
            }
        }

        impl serde::Serialize for Base64 {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use base64::Engine as _;
                serializer.serialize_str(&Self::ENGINE.encode(&self.0))
            }
        }

        impl<'de> serde::Deserialize<'de> for Base64 {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                use base64::Engine as _;
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(input)?;
                let bytes = Self::ENGINE.decode(text.as_bytes()).map_err(serde::de::Error::custom)?;
                Ok(Self(bytes.into()))
            }
        }
    }
}

//! A `oneOf`/`anyOf` schema as a Rust enum: a variant per alternative,
//! read by the variant that keeps the most of a value, or by its
//! discriminator (or constant tags) when it has one.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{rust_type, Place};
use crate::ir::{Ident, Reading, TypeRef, Union, UnionVariant};

pub(super) fn union_def(
    name: &Ident,
    doc: &TokenStream,
    place: &Place,
    union: &Union,
) -> TokenStream {
    let Union { variants, discriminator } = union;
    let defs = variants.iter().map(|UnionVariant { name: variant, ty, tags, .. }| {
        let ty = rust_type(ty, &quote!());
        let mut text = format!(" The value as `{}`", ty.to_string().replace(' ', ""));
        if let (Some(property), false) = (discriminator, tags.is_empty()) {
            let tags: Vec<String> = tags.iter().map(|tag| format!("`{tag}`")).collect();
            text.push_str(&format!(", when `{property}` is {}", tags.join(" or ")));
        }
        text.push('.');
        quote!(#[doc = #text] #variant(#ty),)
    });
    let deserialize = match discriminator {
        None => best_fit_deserialize(name, place, variants),
        Some(property) => tagged_deserialize(name, place, property, variants),
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#defs)*
        }

        #deserialize
    }
}

/// `Deserialize` for a union without a discriminator: every variant reads
/// the value and the one that keeps the most of it wins (the runtime's
/// `read_union`), so an object is never taken by the first shape it fits.
fn best_fit_deserialize(name: &Ident, place: &Place, variants: &[UnionVariant]) -> TokenStream {
    let Place { cfg, runtime } = place;
    let type_name = name.unraw();
    let reads = variant_reads(runtime, variants);
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(input)?;
                #runtime::read_union(#type_name, &value, &[#(#reads)*])
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}

/// How each variant reads a value, for the runtime's `read_union`.
fn variant_reads<'a>(
    runtime: &'a TokenStream,
    variants: &'a [UnionVariant],
) -> impl Iterator<Item = TokenStream> + 'a {
    variants.iter().map(move |UnionVariant { name: variant, ty, reading, constants, .. }| {
        let wrap = match ty {
            TypeRef::Boxed(_) => quote!(|value| Self::#variant(Box::new(value))),
            _ => quote!(Self::#variant),
        };
        let read = match reading {
            Reading::Object => quote!(object_variant),
            Reading::Enum => quote!(enum_variant),
            Reading::Any => quote!(any_variant),
            Reading::Whole => quote!(whole_variant),
        };
        // A member that differs from the variant's constant: never this variant.
        let checks = constants.iter().map(|(property, constant)| {
            let message = format!("`{property}` is not `{constant}`");
            quote! {
                if value.get(#property).and_then(serde_json::Value::as_str).is_some_and(|found| found != #constant) {
                    return Err(serde::de::Error::custom(#message));
                }
            }
        });
        match constants.is_empty() {
            true => quote!(|value: &serde_json::Value| #runtime::#read(value, #wrap),),
            false => quote!(|value: &serde_json::Value| {
                #(#checks)*
                #runtime::#read(value, #wrap)
            },),
        }
    })
}

/// `Deserialize` for a union with a discriminator: the variant its property
/// names. A value the mapping does not know (a subtype the service added,
/// or one its spec names otherwise) or without the property is read as a
/// union without a discriminator is, by the variant that keeps the most of
/// it, rather than failing the whole response.
fn tagged_deserialize(
    name: &Ident,
    place: &Place,
    property: &str,
    variants: &[UnionVariant],
) -> TokenStream {
    let Place { cfg, runtime } = place;
    let arms = variants.iter().filter(|variant| !variant.tags.is_empty()).map(|variant| {
        let UnionVariant { name: variant, tags, .. } = variant;
        quote! {
            #(Some(#tags))|* => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom),
        }
    });
    let type_name = name.unraw();
    let reads = variant_reads(runtime, variants);
    // A format string: the spec's words are escaped.
    let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let property_text = escape(property);
    let unknown = match tag_names(variants).as_str() {
        "" => format!("`{property_text}` names no variant of {type_name}; {{}}"),
        names => format!("`{property_text}` is none of {}; {{}}", escape(names)),
    };
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(input)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => #runtime::read_union(#type_name, &value, &[#(#reads)*])
                        .map_err(|error| serde::de::Error::custom(format_args!(#unknown, error))),
                }
            }
        }
    }
}

/// The discriminator values a union's variants answer to, for messages.
fn tag_names(variants: &[UnionVariant]) -> String {
    let tags = variants.iter().flat_map(|variant| &variant.tags);
    tags.map(|tag| format!("`{tag}`")).collect::<Vec<_>>().join(", ")
}

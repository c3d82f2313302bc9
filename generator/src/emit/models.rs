//! `models.rs`: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{cfg, doc_attrs, docs_text, notes_text, rust_type};
use crate::ir::{
    Enum, EnumVariant, Field, Ident, Part, PartKind, Reading, Struct, TypeDef, TypeKind, TypeRef,
    Union, UnionVariant,
};

/// The top of the models file; each type follows it ([`type_def`]).
pub(super) fn head() -> TokenStream {
    quote!(#![doc = " Types for the schemas of the spec."])
}

/// One type and its trait implementations.
pub(super) fn type_def(def: &TypeDef) -> TokenStream {
    let TypeDef { name, origin, docs, kind, deprecated, notes, features } = def;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&origin.to_string());
    text.push_str(&notes_text(notes));
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    let doc = doc_attrs(&text);
    // Every item of the type carries the features that compile it.
    let cfg = cfg(features);
    let doc = quote!(#doc #deprecated #cfg);
    match kind {
        TypeKind::Struct(object) => struct_def(name, &doc, &cfg, object),
        TypeKind::Enum(def) => enum_def(name, &doc, &cfg, def),
        TypeKind::Union(union) => union_def(name, &doc, &cfg, union),
        TypeKind::Multipart(parts) => multipart_def(name, &doc, &cfg, parts),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!());
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn struct_def(name: &Ident, doc: &TokenStream, cfg: &TokenStream, object: &Struct) -> TokenStream {
    let Struct { fields, additional, undeclared, catch_all, closed } = object;
    let all_defaultable = fields.iter().all(|field| field.is_optional() || defaultable(&field.ty));
    let default = all_defaultable.then(|| quote!(Default,));
    let defs = fields.iter().map(field_def);
    let additional_field = additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &quote!());
        let doc = match undeclared {
            true => {
                " Members the schema does not name (the service may send more than it documents), \
                 kept as they came and written back with the value."
            }
            false => {
                " Properties beyond the documented ones (the schema's `additionalProperties`)."
            }
        };
        quote! {
            #[doc = #doc]
            pub #catch_all: std::collections::BTreeMap<String, #ty>,
        }
    });
    let serde = object_impls(name, cfg, fields, additional.is_some().then_some(catch_all), *closed);
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name {
            #(#defs)*
            #additional_field
        }

        #serde
    }
}

/// `Serialize`, `Deserialize` and `runtime::Object` for a struct: the
/// runtime's shared code, fed with the properties (see `runtime/object.rs`;
/// derives cost far more to compile).
fn object_impls(
    name: &Ident,
    cfg: &TokenStream,
    fields: &[Field],
    catch_all: Option<&Ident>,
    closed: bool,
) -> TokenStream {
    let type_name = name.unraw();
    let keeps_others = catch_all.is_some().then(|| {
        quote!(
            const KEEPS_OTHERS: bool = true;
        )
    });
    let closed = closed.then(|| {
        quote!(
            const CLOSED: bool = true;
        )
    });
    let api_names = fields.iter().map(|field| &field.name.api);
    let writes = fields.iter().map(|field| {
        let (api, rust) = (&field.name.api, &field.name.rust);
        // An optional property is left out when `None`; a required nullable
        // one is always sent, as `null` when `None`.
        match field.required {
            true => quote!(object.field(#api, &self.#rust);),
            false => quote!(object.optional(#api, &self.#rust);),
        }
    });
    let write_additional = catch_all.map(|field| quote!(object.additional(&self.#field);));
    // Locals by position, so no property name can shadow `map`.
    let local = |index: usize| quote::format_ident!("field{index}");
    let locals = (0..fields.len()).map(local).map(|local| quote!(let mut #local = None;));
    let arms = fields.iter().enumerate().map(|(index, field)| {
        let value = local(index);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        // A missing optional or nullable property reads as `None`; an
        // optional nullable one that is there, `null` included, as `Some`.
        // Each arm is a call and the match has one `?` (cheaper to check).
        let read = match field.is_optional() && !field.is_double_option() {
            true => quote!(read_optional),
            false => quote!(read_present),
        };
        quote!(#index => super::runtime::#read(&mut map, &mut #value),)
    });
    // The runtime keeps (or skips) the members the struct does not name.
    let next = match catch_all {
        Some(catch_all) => {
            quote!(super::runtime::next_field(&mut map, Self::FIELDS, &mut #catch_all)?)
        }
        None => quote!(super::runtime::next_known_field(&mut map, Self::FIELDS)?),
    };
    // The map's local has the field's name (`additional_properties...`),
    // which no other local (`map`, `field0`, ...) can have.
    let additional_local =
        catch_all.map(|field| quote!(let mut #field = std::collections::BTreeMap::new();));
    let inits = fields.iter().enumerate().map(|(index, field)| {
        let (api, rust, value) = (&field.name.api, &field.name.rust, local(index));
        match field.is_optional() {
            true => quote!(#rust: #value,),
            false => quote!(#rust: super::runtime::required(#value, #api)?,),
        }
    });
    let additional_init = catch_all.map(|field| quote!(#field,));
    // Lowering gives every struct a property or a catch-all; should one
    // have neither, its code still compiles without warnings.
    let empty = fields.is_empty() && catch_all.is_none();
    let writer = if empty { quote!(object) } else { quote!(mut object) };
    let read = match fields.is_empty() {
        // Nothing to number: every member is kept (or skipped).
        true => quote!(while #next.is_some() {}),
        false => quote! {
            while let Some(index) = #next {
                match index {
                    #(#arms)*
                    _ => super::runtime::skip_value(&mut map),
                }?;
            }
        },
    };
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #writer = super::runtime::ObjectWriter::new(serializer)?;
                #(#writes)*
                #write_additional
                object.end()
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                super::runtime::read_object(deserializer)
            }
        }

        #cfg
        impl super::runtime::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#(#api_names),*];
            #keeps_others
            #closed

            fn read_fields<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#locals)*
                #additional_local
                #read
                Ok(Self { #(#inits)* #additional_init })
            }
        }
    }
}

fn defaultable(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Vec(_)
            | TypeRef::Map(_)
            | TypeRef::Nullable(_)
            | TypeRef::Json
            | TypeRef::String
            | TypeRef::Bool
    )
}

fn field_def(field: &Field) -> TokenStream {
    let Field { name, ty, required, nullable, docs } = field;
    let api_name = &name.api;
    let rust_name = &name.rust;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let presence = match (required, nullable) {
        (true, false) => "required",
        (true, true) => "required, may be null",
        (false, false) => "optional",
        (false, true) => "optional, may be null: `None` leaves it out, `Some(None)` is `null`",
    };
    text.push_str(&format!("Property `{api_name}` ({presence})."));
    let doc = doc_attrs(&text);
    let ty = rust_type(ty, &quote!());
    let ty = match (field.is_double_option(), field.is_optional()) {
        (true, _) => quote!(Option<Option<#ty>>),
        (false, true) => quote!(Option<#ty>),
        (false, false) => ty,
    };
    quote! {
        #doc
        pub #rust_name: #ty,
    }
}

fn enum_def(name: &Ident, doc: &TokenStream, cfg: &TokenStream, def: &Enum) -> TokenStream {
    let Enum { variants, catch_all } = def;
    let defs = variants.iter().map(|EnumVariant { name }| {
        let doc = variant_doc(&name.api);
        let variant = &name.rust;
        quote! {
            #[doc = #doc]
            #variant,
        }
    });
    let (rust, api): (Vec<_>, Vec<_>) =
        variants.iter().map(|variant| (&variant.name.rust, &variant.name.api)).unzip();
    let catch_all_doc = format!(
        " A value the spec does not document (one the service added after this crate was \
         generated), kept as it came and written back unchanged. `{}::from` gives a documented \
         value its own variant.",
        name.unraw()
    );
    // Written as strings by hand: derives cost far more to compile.
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            #[doc = #catch_all_doc]
            #catch_all(super::runtime::UndocumentedValue),
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
                    _ => Self::#catch_all(super::runtime::UndocumentedValue::new(value)),
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
        impl super::runtime::StringEnum for #name {
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

        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                super::runtime::read_enum(deserializer)
            }
        }
    }
}

/// A documented value's doc; Microsoft Graph's `unknownFutureValue` says
/// what it means (Graph's convention for evolvable enums).
fn variant_doc(api: &str) -> String {
    match api {
        "unknownFutureValue" => " `unknownFutureValue`: Microsoft Graph's marker of an evolvable \
            enum. Values listed after it are sent only to callers that ask for them with the \
            `Prefer: include-unknown-enum-members` request header; others receive \
            `unknownFutureValue` in their place."
            .to_owned(),
        api => format!(" `{api}`"),
    }
}

fn union_def(name: &Ident, doc: &TokenStream, cfg: &TokenStream, union: &Union) -> TokenStream {
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
        None => best_fit_deserialize(name, cfg, variants),
        Some(property) => tagged_deserialize(name, cfg, property, variants),
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
fn best_fit_deserialize(name: &Ident, cfg: &TokenStream, variants: &[UnionVariant]) -> TokenStream {
    let type_name = name.unraw();
    let reads = variant_reads(variants);
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                super::runtime::read_union(#type_name, &value, &[#(#reads)*])
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}

/// How each variant reads a value, for the runtime's `read_union`.
fn variant_reads(variants: &[UnionVariant]) -> impl Iterator<Item = TokenStream> + '_ {
    variants.iter().map(|UnionVariant { name: variant, ty, reading, .. }| {
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
        quote!(|value: &serde_json::Value| super::runtime::#read(value, #wrap),)
    })
}

/// `Deserialize` for a union with a discriminator: the variant its property
/// names. A value the mapping does not know (a subtype the service added,
/// or one its spec names otherwise) or without the property is read as a
/// union without a discriminator is, by the variant that keeps the most of
/// it, rather than failing the whole response.
fn tagged_deserialize(
    name: &Ident,
    cfg: &TokenStream,
    property: &str,
    variants: &[UnionVariant],
) -> TokenStream {
    let arms = variants.iter().filter(|variant| !variant.tags.is_empty()).map(|variant| {
        let UnionVariant { name: variant, tags, .. } = variant;
        quote! {
            #(Some(#tags))|* => serde_json::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom),
        }
    });
    let type_name = name.unraw();
    let reads = variant_reads(variants);
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
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => super::runtime::read_union(#type_name, &value, &[#(#reads)*])
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

/// The parts of a multipart body: a struct, and how it writes its parts.
fn multipart_def(
    name: &Ident,
    doc: &TokenStream,
    cfg: &TokenStream,
    parts: &[Part],
) -> TokenStream {
    let fields = parts.iter().map(|part| {
        let Part { name, kind, required, docs } = part;
        let field = &name.rust;
        let ty = match kind {
            PartKind::File { .. } => quote!(super::runtime::FilePart),
            PartKind::Files { .. } => quote!(Vec<super::runtime::FilePart>),
            PartKind::Text(ty) | PartKind::Json { ty, .. } => rust_type(ty, &quote!()),
            PartKind::Texts(ty) => {
                let ty = rust_type(ty, &quote!());
                quote!(Vec<#ty>)
            }
        };
        let ty = if *required { ty } else { quote!(Option<#ty>) };
        let mut text = docs_text(docs);
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let what = match kind {
            PartKind::File { content_type } => {
                format!("a file, `{content_type}` unless it names its type")
            }
            PartKind::Files { content_type } => {
                format!("files, `{content_type}` unless each names its type")
            }
            PartKind::Text(_) => "text".to_owned(),
            PartKind::Texts(_) => "one text part per value".to_owned(),
            PartKind::Json { content_type, .. } => format!("`{content_type}`"),
        };
        let presence = if *required { "required" } else { "optional" };
        text.push_str(&format!("Part `{}` ({what}; {presence}).", name.api));
        let doc = doc_attrs(&text);
        quote!(#doc pub #field: #ty,)
    });
    let writes = parts.iter().map(|part| {
        let api = &part.name.api;
        let write = match &part.kind {
            PartKind::File { content_type } | PartKind::Files { content_type } => {
                quote!(parts.file(#api, value, #content_type)?)
            }
            PartKind::Text(_) | PartKind::Texts(_) => quote!(parts.text(#api, value)?),
            PartKind::Json { content_type, .. } => quote!(parts.json(#api, value, #content_type)?),
        };
        let field = &part.name.rust;
        let many = matches!(part.kind, PartKind::Files { .. } | PartKind::Texts(_));
        match (part.required, many) {
            (true, false) => quote! { let value = &self.#field; #write; },
            (true, true) => quote! { for value in &self.#field { #write; } },
            (false, false) => quote! { if let Some(value) = &self.#field { #write; } },
            (false, true) => quote! { for value in self.#field.iter().flatten() { #write; } },
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        #cfg
        impl super::runtime::MultipartBody for #name {
            fn write_parts(&self, parts: &mut super::runtime::Multipart) -> Result<(), super::runtime::RequestError> {
                #(#writes)*
                Ok(())
            }
        }
    }
}

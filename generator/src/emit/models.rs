//! `models.rs` and `models/`: one Rust type per schema.
//!
//! The types every build compiles are in `models.rs`. Those that only some
//! Cargo features compile are in a module of `models/` per set of features,
//! declared under that set's `cfg` and re-exported, so they are still
//! `models::Name`; a crate built with a few features then does not even
//! parse the others, and their items carry no `cfg` of their own.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{quote, ToTokens as _};

use super::fields;
use super::tokens::{cfg, doc_attrs, doc_attrs_inner, docs_text, notes_text, rust_type, Place};
use crate::ir::{Access, Api, Field, Ident, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;

/// The types compiled with one set of features, and their file.
pub(super) struct ModelFile<'a> {
    /// Its module in `models/`, or `None` for `models.rs` itself (the
    /// types every build compiles).
    pub module: Option<Ident>,
    /// The features that compile its types: any one of them.
    pub features: &'a [String],
    /// Its types, in the API's order (by name).
    pub types: Vec<&'a TypeDef>,
}

impl ModelFile<'_> {
    /// Its path in the generated module tree.
    pub fn path(&self) -> String {
        match &self.module {
            None => "models.rs".to_owned(),
            Some(module) => format!("models/{}.rs", module.as_str()),
        }
    }
}

/// The models' files: `models.rs` first (whether or not it has types),
/// then one module per set of features, sorted by name. A set of one
/// feature is named after it (`models/users.rs`); a set of several after a
/// hash of their names (`models/shared_1a2b3c4d.rs`), so a set keeps its
/// file name as types come and go.
pub(super) fn files(api: &Api) -> Vec<ModelFile<'_>> {
    let mut by_features: BTreeMap<&[String], Vec<&TypeDef>> = BTreeMap::new();
    by_features.insert(&[], Vec::new());
    for def in &api.types {
        by_features.entry(def.features.as_slice()).or_default().push(def);
    }
    let mut by_features = by_features.into_iter();
    let common =
        by_features.next().map(|(features, types)| ModelFile { module: None, features, types });
    let sets: Vec<(&[String], Vec<&TypeDef>)> = by_features.collect();
    let wanted = sets.iter().map(|(features, _)| match features {
        [feature] => naming::module(feature),
        _ => naming::shared_models_module(fnv1a(features) as u32),
    });
    let names = naming::disambiguate(wanted.collect());
    let mut modules: Vec<ModelFile> = names
        .into_iter()
        .zip(sets)
        .map(|(name, (features, types))| ModelFile { module: Some(name), features, types })
        .collect();
    modules.sort_by(|a, b| a.module.cmp(&b.module));
    common.into_iter().chain(modules).collect()
}

/// FNV-1a (64 bits) of the feature names, each ended by a zero byte.
fn fnv1a(features: &[String]) -> u64 {
    super::shared::fnv1a(features.iter().flat_map(|feature| feature.bytes().chain([0])))
}

/// The top of a models file; its types follow it ([`type_def`]). That of
/// `models.rs` declares and re-exports the modules; that of a module says
/// which features compile it and imports the other models when its types
/// name any.
pub(super) fn head(file: &ModelFile, files: &[ModelFile], api: &Api) -> TokenStream {
    match &file.module {
        None => {
            let base64 = api.uses(&TypeRef::Base64).then(super::enums::base64_type);
            let modules = files.iter().filter_map(|file| {
                let module = file.module.as_ref()?;
                let cfg = cfg(file.features);
                Some(quote! {
                    #cfg
                    mod #module;
                    #cfg
                    pub use #module::*;
                })
            });
            quote! {
                #![doc = " Types for the schemas of the spec."]
                #(#modules)*
                #base64
            }
        }
        Some(_) => {
            let features: Vec<String> =
                file.features.iter().map(|feature| format!("`{feature}`")).collect();
            let doc = match features.as_slice() {
                [feature] => format!("Types compiled with the feature {feature}."),
                _ => format!("Types compiled with any of the features {}.", features.join(", ")),
            };
            let doc = doc_attrs_inner(&doc);
            // Only when used: a glob import nothing uses is a warning.
            let own: std::collections::BTreeSet<&Ident> =
                file.types.iter().map(|def| &def.name).collect();
            let names_others = file
                .types
                .iter()
                .flat_map(|def| def.named_types())
                .any(|name| !own.contains(&name));
            let base64 = file
                .types
                .iter()
                .flat_map(|def| def.type_refs())
                .any(|ty| ty.mentions(&TypeRef::Base64));
            let names_others = names_others || base64;
            let import = names_others.then(|| {
                quote!(
                    use super::*;
                )
            });
            // Every kind but an alias implements the runtime's traits.
            let uses_runtime = file.types.iter().any(|def| !matches!(def.kind, TypeKind::Alias(_)));
            let runtime = uses_runtime.then(|| {
                quote!(
                    use super::super::runtime;
                )
            });
            quote!(#doc #import #runtime)
        }
    }
}

/// One type and its trait implementations, in `models.rs` or, `nested`,
/// in a module of `models/`.
pub(super) fn type_def(def: &TypeDef, nested: bool) -> TokenStream {
    let TypeDef { name, origin, docs, kind, deprecated, notes, features } = def;
    let mut text = docs_text(docs);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&origin.to_string());
    text.push_str(&notes_text(notes));
    let deprecated = deprecated.then(|| quote!(#[deprecated]));
    let doc = doc_attrs(&text);
    let place = match nested {
        false => Place { cfg: cfg(features), runtime: quote!(super::runtime) },
        true => Place { cfg: TokenStream::new(), runtime: quote!(runtime) },
    };
    // In `models.rs` every item of the type carries the features that
    // compile it; in a module, its declaration does.
    let cfg = &place.cfg;
    let doc = quote!(#doc #deprecated #cfg);
    match kind {
        TypeKind::Struct(object) => struct_def(name, &doc, &place, object),
        TypeKind::Enum(def) => super::enums::enum_def(name, &doc, &place, def),
        TypeKind::Union(union) => super::unions::union_def(name, &doc, &place, union),
        TypeKind::Multipart(parts) => super::multipart::multipart_def(name, &doc, &place, parts),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &quote!());
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn struct_def(name: &Ident, doc: &TokenStream, place: &Place, object: &Struct) -> TokenStream {
    let Struct { fields, additional, undeclared, catch_all, closed } = object;
    let all_defaultable = fields.iter().all(|field| field.is_optional() || defaultable(&field.ty));
    let default = all_defaultable.then(|| quote!(Default,));
    let defs = fields.iter().map(fields::field_def);
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
    let serde =
        object_impls(name, place, fields, additional.is_some().then_some(catch_all), *closed);
    let new = fields::constructor(name, place, fields, additional.is_some().then_some(catch_all));
    // `#[non_exhaustive]`: a property the spec adds is a field users'
    // code does not have to name, so the addition breaks no one (build
    // values with `new` or `default`, then set fields).
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
            #additional_field
        }

        #new
        #serde
    }
}

/// `Serialize`, `Deserialize` and `runtime::Object` for a struct: the
/// runtime's shared code, fed with the properties (see `runtime/object.rs`;
/// derives cost far more to compile).
fn object_impls(
    name: &Ident,
    place: &Place,
    fields: &[Field],
    catch_all: Option<&Ident>,
    closed: bool,
) -> TokenStream {
    let Place { cfg, runtime } = place;
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
        // one is always sent, as `null` when `None`; a write-only one is
        // left out when `None` (as read from a response); a read-only one
        // is left out of requests.
        let write = match field.required && field.access != Access::WriteOnly {
            true => quote!(object.field(#api, &self.#rust);),
            false => quote!(object.optional(#api, &self.#rust);),
        };
        match field.access {
            Access::ReadOnly => quote!(if !object.in_request() { #write }),
            Access::Both | Access::WriteOnly => write,
        }
    });
    let write_additional = catch_all.map(|field| quote!(object.additional(&self.#field);));
    // Lowering gives every struct a property or a catch-all; should one
    // have neither, its code still compiles without warnings.
    let empty = fields.is_empty() && catch_all.is_none();
    // With every property optional the value starts as `Self::default()`
    // and each property is read into its field; otherwise into locals by
    // position (no property name can shadow `map`), checked at the end.
    let in_place = fields.iter().all(Field::is_optional);
    let slot = |index: usize, field: &Field| match in_place {
        true => {
            let rust = &field.name.rust;
            quote!(value.#rust)
        }
        false => quote::format_ident!("field{index}").into_token_stream(),
    };
    let arms = fields.iter().enumerate().map(|(index, field)| {
        let slot = slot(index, field);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        // A missing optional or nullable property reads as `None`; an
        // optional nullable one that is there, `null` included, as `Some`.
        // Each arm is a call and the match has one `?` (cheaper to check).
        let read = match field.is_optional() && !field.is_double_option() {
            true => quote!(read_optional),
            false => quote!(read_present),
        };
        quote!(#index => #runtime::#read(&mut map, &mut #slot),)
    });
    // The runtime keeps (or skips) the members the struct does not name.
    // In place, the map is borrowed before the loop (each arm borrows
    // another field), which keeps the loop's head on one line.
    let (others, next) = match catch_all {
        Some(catch_all) if in_place && !fields.is_empty() => (
            Some(quote!(let others = &mut value.#catch_all;)),
            quote!(#runtime::next_field(&mut map, Self::FIELDS, others)?),
        ),
        Some(catch_all) => {
            let others = if in_place { quote!(value.#catch_all) } else { quote!(#catch_all) };
            (None, quote!(#runtime::next_field(&mut map, Self::FIELDS, &mut #others)?))
        }
        None => (None, quote!(#runtime::next_known_field(&mut map, Self::FIELDS)?)),
    };
    let writer = if empty { quote!(object) } else { quote!(mut object) };
    let read = match fields.is_empty() {
        // Nothing to number: every member is kept (or skipped).
        true => quote!(while #next.is_some() {}),
        false => quote! {
            while let Some(index) = #next {
                match index {
                    #(#arms)*
                    _ => #runtime::skip_value(&mut map),
                }?;
            }
        },
    };
    let read_fields = match in_place {
        true => {
            let value = if empty { quote!(value) } else { quote!(mut value) };
            quote! {
                let #value = Self::default();
                #others
                #read
                Ok(value)
            }
        }
        false => {
            let locals = fields.iter().enumerate().map(|(index, field)| {
                let local = slot(index, field);
                quote!(let mut #local = None;)
            });
            // The map's local has the field's name (`additional_properties...`),
            // which no other local (`map`, `field0`, ...) can have.
            let additional_local =
                catch_all.map(|field| quote!(let mut #field = std::collections::BTreeMap::new();));
            let inits = fields.iter().enumerate().map(|(index, field)| {
                let (api, rust, value) = (&field.name.api, &field.name.rust, slot(index, field));
                match field.is_optional() {
                    true => quote!(#rust: #value,),
                    false => quote!(#rust: #runtime::required(#value, #api)?,),
                }
            });
            let additional_init = catch_all.map(|field| quote!(#field,));
            quote! {
                #(#locals)*
                #additional_local
                #read
                Ok(Self { #(#inits)* #additional_init })
            }
        }
    };
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let #writer = #runtime::ObjectWriter::new(serializer)?;
                #(#writes)*
                #write_additional
                object.end()
            }
        }

        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(input: D) -> Result<Self, D::Error> {
                #runtime::read_object(input)
            }
        }

        #cfg
        impl #runtime::Object for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: #runtime::Names = &[#(#api_names),*];
            #keeps_others
            #closed

            fn read_fields<'de, A: #runtime::Map<'de>>(mut map: A) -> Result<Self, A::Error> {
                #read_fields
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

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /a: { get: { operationId: getA, tags: [a], responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/A' } } } } } } }
  /b: { get: { operationId: getB, tags: [b], responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/B' } } } } } } }
  /c: { get: { operationId: getC, tags: [c], responses: { '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Common' } } } } } } }
components:
  schemas:
    A: { type: object, properties: { shared: { $ref: '#/components/schemas/Shared' }, common: { $ref: '#/components/schemas/Common' } } }
    B: { type: object, properties: { shared: { $ref: '#/components/schemas/Shared' }, common: { $ref: '#/components/schemas/Common' } } }
    Shared: { type: object, properties: { name: { type: string } } }
    Common: { type: string, enum: [x] }
    Orphan: { type: object, properties: { common: { $ref: '#/components/schemas/Common' } } }
";

    fn api() -> Api {
        crate::lower_str(std::path::Path::new("t.yaml"), SPEC).expect("lowers").api
    }

    /// (path, features, type names) of each file.
    fn layout(files: &[ModelFile]) -> Vec<(String, Vec<String>, Vec<String>)> {
        files
            .iter()
            .map(|file| {
                let types = file.types.iter().map(|def| def.name.as_str().to_owned()).collect();
                (file.path(), file.features.to_vec(), types)
            })
            .collect()
    }

    #[test]
    fn each_set_of_features_has_its_file_and_models_rs_the_types_every_build_compiles() {
        let api = api();
        let files = files(&api);
        let shared = format!("models/shared_{:08x}.rs", fnv1a(&["a".into(), "b".into()]) as u32);
        let strings = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect();
        assert_eq!(
            layout(&files),
            [
                ("models.rs".to_owned(), strings(&[]), strings(&["Common"])),
                ("models/a.rs".to_owned(), strings(&["a"]), strings(&["A"])),
                ("models/b.rs".to_owned(), strings(&["b"]), strings(&["B"])),
                (shared, strings(&["a", "b"]), strings(&["Shared"])),
                (
                    "models/unused_models.rs".to_owned(),
                    strings(&["unused-models"]),
                    strings(&["Orphan"])
                ),
            ]
        );
        // The same sets give the same names, whatever else changes.
        assert_eq!(layout(&files), layout(&super::files(&api)));
        assert_eq!(fnv1a(&["a".into(), "b".into()]), 0xab40_d782_0d40_8076);
    }

    #[test]
    fn a_module_imports_the_other_models_only_when_its_types_name_one() {
        let api = api();
        let files = files(&api);
        let head = |path: &str| {
            let file = files.iter().find(|file| file.path() == path).expect(path);
            head(file, &files, &api).to_string()
        };
        let import = "use super :: * ;";
        assert!(head("models/a.rs").contains(import), "`A` names `Shared` and `Common`");
        assert!(head("models/unused_models.rs").contains(import), "`Orphan` names `Common`");
        let shared = files.iter().find(|file| file.features.len() == 2).expect("shared");
        assert!(!head(&shared.path()).contains(import), "`Shared` names no other model");
        assert!(head("models/b.rs").contains(import), "`B` names `Shared`");
        // `models.rs` declares each module under its features and re-exports it.
        let root = head("models.rs");
        assert!(root.contains("# [cfg (feature = \"a\")] mod a ;"), "{root}");
        assert!(root.contains("# [cfg (feature = \"a\")] pub use a :: * ;"), "{root}");
        assert!(root.contains("# [cfg (any (feature = \"a\" , feature = \"b\"))]"), "{root}");
    }

    #[test]
    fn a_type_in_a_module_carries_no_cfg_and_reaches_the_runtime_its_module_imports() {
        let api = api();
        let shared = api.types.iter().find(|def| def.name.as_str() == "Shared").expect("Shared");
        let nested = type_def(shared, true).to_string();
        assert!(!nested.contains("cfg"), "{nested}");
        assert!(nested.contains(" runtime :: ObjectWriter"), "{nested}");
        assert!(!nested.contains("super :: runtime"), "{nested}");
        let files = files(&api);
        let module = files.iter().find(|file| file.features.len() == 2).expect("shared");
        let head = head(module, &files, &api).to_string();
        assert!(head.contains("use super :: super :: runtime ;"), "{head}");
        let flat = type_def(shared, false).to_string();
        assert!(flat.contains("# [cfg (any (feature = \"a\" , feature = \"b\"))]"), "{flat}");
        assert!(flat.contains("super :: runtime :: ObjectWriter"), "{flat}");
        assert!(!flat.contains("super :: super"), "{flat}");
    }
}

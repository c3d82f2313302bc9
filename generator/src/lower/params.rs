//! Parameters: the path, query, header and cookie parameters of an
//! operation (its own overriding the path item's), their Rust names and
//! types, how each is written (style, explode, `content`), and the path
//! template split around them.

use std::collections::BTreeMap;

use openapiv3::{
    CookieStyle, HeaderStyle, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle,
    QueryStyle,
};

use super::media::{self, MediaClass};
use super::paths::Route;
use super::Lowerer;
use crate::error::pointer_token;
use crate::ir::{
    Docs, EnumRepr, Ident, Name, Param, ParamEncoding, ParamLocation, ParamStyle, TextKind,
    TypeKind, TypeRef,
};
use crate::naming;

/// Header parameters OpenAPI 3.0 says "SHALL be ignored": the generated
/// code sets these itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// A parameter as declared, before it is typed.
struct Declared<'a> {
    order: usize,
    parameter: &'a Parameter,
    location: ParamLocation,
    at: String,
}

impl<'a> Lowerer<'a> {
    /// The parameters of an operation, in declaration order (path item's first).
    pub(super) fn parameters(
        &mut self,
        route: &Route<'a, '_>,
        operation_level: &'a [openapiv3::ReferenceOr<Parameter>],
        owner: &str,
        at: &str,
    ) -> Vec<Param> {
        let path_level = route.path_params.iter().enumerate();
        let path_level = path_level.map(|(i, p)| (p, format!("{}/parameters/{i}", route.path_at)));
        let own =
            operation_level.iter().enumerate().map(|(i, p)| (p, format!("{at}/parameters/{i}")));
        let mut by_key: BTreeMap<(ParamLocation, &'a str), Declared<'a>> = BTreeMap::new();
        for (order, (parameter, param_at)) in path_level.chain(own).enumerate() {
            let Some(resolved) = self.ok(self.refs.resolve(parameter, &param_at)) else { continue };
            let parameter = resolved.item;
            let Some(location) = self.location(parameter, &param_at) else { continue };
            // An operation's parameter overrides the path item's with the same name and location.
            let name = parameter.parameter_data_ref().name.as_str();
            by_key.insert((location, name), Declared { order, parameter, location, at: param_at });
        }
        let mut declared: Vec<Declared<'a>> = by_key.into_values().collect();
        declared.sort_by_key(|declared| declared.order);
        let names = declared.iter().map(|d| {
            naming::field(
                &d.parameter.parameter_data_ref().name,
                naming::reserved::REQUEST_FIELDS,
                "_",
            )
        });
        let names = naming::disambiguate(names.collect());
        let params = declared.into_iter().zip(names);
        params.map(|(declared, rust_name)| self.parameter(declared, rust_name, owner)).collect()
    }

    fn parameter(&mut self, declared: Declared<'a>, rust_name: Ident, owner: &str) -> Param {
        let Declared { parameter, location, at, .. } = declared;
        let data = parameter.parameter_data_ref();
        let inline_name = format!("{owner}{}", naming::upper_camel(&data.name));
        let constraints = match &data.format {
            ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(schema)) => {
                super::predicates::constraints(schema)
            }
            _ => Default::default(),
        };
        let (ty, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (self.type_ref(schema, &inline_name, &format!("{at}/schema"), 0), false)
            }
            ParameterSchemaOrContent::Content(content) => {
                self.content_type(content, &inline_name, &at)
            }
        };
        // Raw bytes have no text form in a URL or header: a string carries them.
        let ty = without_bytes(ty);
        let (style, explode, allow_reserved) = style(parameter, data);
        let encoding = match (json, self.text_kind(&ty)) {
            (true, _) => ParamEncoding::Json,
            // Scalars look the same in every style but `label` and `matrix`.
            (false, Some(kind)) if !matches!(style, ParamStyle::Label | ParamStyle::Matrix) => {
                ParamEncoding::Text(kind)
            }
            (false, _) => ParamEncoding::Styled { style, explode },
        };
        Param {
            name: Name::new(rust_name, data.name.clone()),
            location,
            required: data.required || location == ParamLocation::Path,
            ty,
            constraints,
            docs: Docs { summary: None, description: data.description.clone() },
            encoding,
            allow_reserved,
            deprecated: data.deprecated.unwrap_or(false),
        }
    }

    /// The type of a `content` parameter, and whether it is sent as JSON.
    fn content_type(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        inline_name: &str,
        at: &str,
    ) -> (TypeRef, bool) {
        let Some((media_type, object)) = media::choose(content) else {
            return (TypeRef::String, false);
        };
        match (media::classify(media_type), &object.schema) {
            (MediaClass::Json, Some(schema)) => {
                let schema_at = format!("{at}/content/{}/schema", pointer_token(media_type));
                (self.type_ref(schema, inline_name, &schema_at, 0), true)
            }
            (MediaClass::Json, None) => (TypeRef::Json, true),
            // Any other media type: the caller writes the text.
            _ => (TypeRef::String, false),
        }
    }

    /// How a scalar type becomes text, if it is a scalar.
    fn text_kind(&self, ty: &TypeRef) -> Option<TextKind> {
        match ty {
            TypeRef::String => Some(TextKind::Str),
            ty if ty.is_scalar() => Some(TextKind::Display),
            TypeRef::Named(name) => match self.types.kind(name)? {
                TypeKind::Enum(def) => match def.repr {
                    EnumRepr::String => Some(TextKind::Str),
                    EnumRepr::Integer => Some(TextKind::Display),
                },
                TypeKind::Alias(target) => self.text_kind(target),
                _ => None,
            },
            _ => None,
        }
    }

    /// Where the parameter goes, or `None` when it is ignored or cannot be sent.
    fn location(&mut self, parameter: &Parameter, at: &str) -> Option<ParamLocation> {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        if location == ParamLocation::Header {
            if IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
                return None;
            }
            if !is_header_name(&data.name) {
                self.warn(
                    at,
                    format!("header parameter name {:?} is not a valid HTTP header name; the parameter is left out", data.name),
                    "use letters, digits and `-` (RFC 9110 token characters)",
                );
                return None;
            }
        }
        Some(location)
    }
}

/// The style, `explode` and `allowReserved` in force, with the defaults of
/// each location.
fn style(parameter: &Parameter, data: &ParameterData) -> (ParamStyle, bool, bool) {
    let (style, allow_reserved) = match parameter {
        Parameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
            false,
        ),
        Parameter::Query { style, allow_reserved, .. } => (
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
            *allow_reserved,
        ),
        Parameter::Header { style: HeaderStyle::Simple, .. } => (ParamStyle::Simple, false),
        Parameter::Cookie { style: CookieStyle::Form, .. } => (ParamStyle::Form, false),
    };
    // OpenAPI 3.0: `explode` defaults to true for `form` (and `deepObject`,
    // which only exists exploded), false otherwise.
    let default_explode = matches!(style, ParamStyle::Form | ParamStyle::DeepObject);
    (style, data.explode.unwrap_or(default_explode), allow_reserved)
}

/// `ty` with raw bytes replaced by strings and `null` left out (a
/// parameter is absent instead).
fn without_bytes(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Bytes => TypeRef::String,
        TypeRef::Vec(item) => TypeRef::Vec(Box::new(without_bytes(*item))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(without_bytes(*value))),
        TypeRef::Nullable(inner) => without_bytes(*inner),
        other => other,
    }
}

/// An RFC 9110 token, as header names must be.
pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

//! Parameters: the path, query and header parameters of an operation (its
//! own overriding the path item's), their Rust names and types, and the
//! path template split around them.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr};

use super::operations::Route;
use super::Lowerer;
use crate::ir::{Docs, Ident, Name, Param, ParamLocation, PathSegment, TypeRef};
use crate::naming;

/// Header parameters OpenAPI 3.0 says "SHALL be ignored": the generated
/// code sets these itself.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl<'a> Lowerer<'a> {
    /// The parameters of an operation, in declaration order (path item's first).
    pub(super) fn parameters(
        &mut self,
        route: &Route<'a, '_>,
        operation_level: &'a [ReferenceOr<Parameter>],
        owner: &str,
        at: &str,
    ) -> Vec<Param> {
        let path_level = route
            .path_params
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{}/parameters/{i}", route.path_at)));
        let own =
            operation_level.iter().enumerate().map(|(i, p)| (p, format!("{at}/parameters/{i}")));
        let mut by_key: BTreeMap<
            (ParamLocation, &'a str),
            (usize, &'a Parameter, ParamLocation, String),
        > = BTreeMap::new();
        for (order, (parameter, param_at)) in path_level.chain(own).enumerate() {
            let Some(resolved) = self.ok(self.refs.resolve(parameter, &param_at)) else { continue };
            let parameter = resolved.item;
            let Some(location) = self.location(parameter, &param_at) else { continue };
            // An operation's parameter overrides the path item's with the same name and location.
            let name = parameter.parameter_data_ref().name.as_str();
            by_key.insert((location, name), (order, parameter, location, param_at));
        }
        let mut ordered: Vec<_> = by_key.into_values().collect();
        ordered.sort_by_key(|(order, ..)| *order);
        // `body` is the request body's field.
        let names = ordered.iter().map(|(_, parameter, ..)| {
            match naming::snake(&parameter.parameter_data_ref().name) {
                name if name == "body" => "body_".to_owned(),
                name => name,
            }
        });
        let names = naming::disambiguate(names.collect());
        let mut params = Vec::with_capacity(ordered.len());
        for ((_, parameter, location, param_at), rust_name) in ordered.into_iter().zip(names) {
            let data = parameter.parameter_data_ref();
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let inline_name = format!("{owner}{}", naming::upper_camel(&data.name));
                    let schema_at = format!("{param_at}/schema");
                    let ty = self.type_ref(schema, &inline_name, &schema_at, 0);
                    self.serialisable(ty, &data.name, location, &schema_at)
                }
                ParameterSchemaOrContent::Content(_) => {
                    let message =
                        format!("parameter `{}` uses `content`, which is not supported", data.name);
                    self.problem(&param_at, message, "describe the parameter with `schema`");
                    TypeRef::String
                }
            };
            params.push(Param {
                name: Name::new(Ident::new(rust_name), data.name.clone()),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs: Docs { summary: None, description: data.description.clone() },
            });
        }
        params
    }

    /// Where the parameter goes, or `None` when it is refused or ignored.
    fn location(&mut self, parameter: &Parameter, at: &str) -> Option<ParamLocation> {
        let data = parameter.parameter_data_ref();
        let location = match parameter {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => {
                let message = format!("cookie parameter `{}` is not supported", data.name);
                self.problem(at, message, "send it as a header parameter or remove it");
                return None;
            }
        };
        if location == ParamLocation::Header {
            if IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
                return None;
            }
            if !is_header_name(&data.name) {
                let message = format!(
                    "header parameter name {:?} is not a valid HTTP header name",
                    data.name
                );
                self.problem(
                    at,
                    message,
                    "use letters, digits and `-` (RFC 9110 token characters)",
                );
                return None;
            }
        }
        Some(location)
    }

    /// `ty` if the generated code can write it into `location`.
    fn serialisable(
        &mut self,
        ty: TypeRef,
        name: &str,
        location: ParamLocation,
        at: &str,
    ) -> TypeRef {
        let ok = match &ty {
            ty if ty.is_scalar() => true,
            TypeRef::Vec(item) => location == ParamLocation::Query && item.is_scalar(),
            TypeRef::Named(name) => self.types.is_enum(name),
            _ => false,
        };
        if ok {
            return ty;
        }
        self.problem(
            at,
            format!("parameter `{name}` has a schema the generator cannot serialise into a {}", location.carrier()),
            "use a string, number, boolean, string enum or (for query parameters) an array of those",
        );
        TypeRef::String
    }

    /// Splits a path template, checking it against the declared path parameters.
    pub(super) fn path_segments(
        &mut self,
        template: &str,
        params: &[Param],
        at: &str,
    ) -> Option<Vec<PathSegment>> {
        let mut segments = Vec::new();
        let mut used = BTreeSet::new();
        let mut rest = template;
        let mut ok = true;
        if !template.starts_with('/') {
            let message = format!("path {template:?} does not start with `/`");
            self.problem(at, message, "paths are relative to the server URL and start with `/`");
            ok = false;
        }
        while let Some(open) = rest.find('{') {
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.problem(
                    at,
                    format!("path {template:?} has an unclosed `{{`"),
                    "close the parameter with `}`",
                );
                return None;
            };
            let name = &rest[open + 1..open + close];
            match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.name.api == name)
            {
                Some(index) => {
                    used.insert(index);
                    segments.push(PathSegment::Param(index));
                }
                None => {
                    self.problem(
                        at,
                        format!("path parameter `{{{name}}}` in {template:?} is not declared"),
                        "declare it under `parameters` with `in: path` and `required: true`",
                    );
                    ok = false;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        for (index, param) in params.iter().enumerate() {
            if param.location == ParamLocation::Path && !used.contains(&index) {
                let name = &param.name.api;
                self.problem(
                    at,
                    format!(
                        "path parameter `{name}` is declared but {template:?} has no `{{{name}}}`"
                    ),
                    "add it to the path template or remove the parameter",
                );
                ok = false;
            }
        }
        ok.then_some(segments)
    }
}

/// An RFC 9110 token, as header names must be.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

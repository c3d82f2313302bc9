//! Stage 2: lower a loaded spec into the IR, validating as it goes.
//!
//! Every problem is recorded with its JSON pointer and lowering continues, so
//! one run reports all of them. Nothing here knows about any particular API:
//! it works from what the spec says.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, MediaType, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::error::{pointer, pointer_token, Diagnostic, Diagnostics};
use crate::ir::*;
use crate::load::Spec;
use crate::naming;

/// Deepest `$ref` chain or schema nesting followed before giving up, so a
/// pathological spec cannot recurse without bound.
const MAX_DEPTH: usize = 64;

/// Lowers a spec into the IR, or returns every problem found.
pub fn lower(spec: &Spec) -> Result<Api, Diagnostics> {
    let mut lowerer = Lowerer::new(&spec.document);
    let api = lowerer.api();
    if lowerer.problems.is_empty() {
        Ok(api)
    } else {
        let locations = crate::locate::Locations::index(&spec.text);
        let mut problems = lowerer.problems;
        for problem in &mut problems {
            problem.line_col = locations.find(&problem.pointer);
        }
        problems.sort();
        problems.dedup();
        Err(Diagnostics { file: spec.file.clone(), problems })
    }
}

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    problems: Vec<Diagnostic>,
    /// Component schema name -> Rust type name.
    schema_names: BTreeMap<String, String>,
    /// Every Rust type name in use.
    taken: BTreeSet<String>,
    /// Finished types by Rust name.
    types: BTreeMap<String, TypeDef>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        Self {
            doc,
            problems: Vec::new(),
            schema_names: BTreeMap::new(),
            taken: BTreeSet::new(),
            types: BTreeMap::new(),
        }
    }

    fn problem(&mut self, at: &str, message: impl Into<String>, help: &str) {
        self.problems.push(Diagnostic::new(at, message).help(help));
    }

    fn api(&mut self) -> Api {
        self.name_component_schemas();
        let schemas: Vec<(String, &ReferenceOr<Schema>)> = self
            .doc
            .components
            .iter()
            .flat_map(|components| components.schemas.iter())
            .map(|(name, schema)| (name.clone(), schema))
            .collect();
        for (api_name, schema) in schemas {
            let at = pointer(["components", "schemas", &api_name]);
            let rust_name = self.schema_names[&api_name].clone();
            self.named_type(&rust_name, &api_name, schema, &at);
        }
        let operations = self.operations();
        box_recursive_fields(&mut self.types);
        Api {
            title: self.doc.info.title.clone(),
            version: self.doc.info.version.clone(),
            description: self.doc.info.description.clone(),
            servers: self.servers(),
            types: std::mem::take(&mut self.types).into_values().collect(),
            operations,
        }
    }

    fn name_component_schemas(&mut self) {
        let names: Vec<String> = self
            .doc
            .components
            .iter()
            .flat_map(|components| components.schemas.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let rust = naming::disambiguate(names.iter().map(|name| naming::type_name(name)).collect());
        for (api_name, rust_name) in names.into_iter().zip(rust) {
            self.taken.insert(rust_name.clone());
            self.schema_names.insert(api_name, rust_name);
        }
    }

    /// A fresh type name for an inline schema, unique among all types.
    fn fresh_type_name(&mut self, wanted: &str) -> String {
        let base = naming::type_name(wanted);
        let mut candidate = base.clone();
        let mut n = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        candidate
    }

    fn servers(&mut self) -> Vec<Server> {
        self.doc
            .servers
            .iter()
            .map(|server| Server {
                url: server.url.clone(),
                description: server.description.clone(),
                variables: server
                    .variables
                    .iter()
                    .flat_map(|variables| variables.iter())
                    .map(|(name, variable)| ServerVariable {
                        name: name.clone(),
                        default: variable.default.clone(),
                        allowed: variable.enumeration.clone(),
                        description: variable.description.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    // ----- schemas -------------------------------------------------------

    /// Resolves a `$ref` to a component schema: its API name and schema.
    fn component_schema(&mut self, reference: &str, at: &str) -> Option<(String, &'a Schema)> {
        let doc = self.doc;
        let Some(name) = reference.strip_prefix("#/components/schemas/") else {
            let help = if reference.starts_with('#') {
                "schemas can only be referenced from #/components/schemas/"
            } else {
                "external references are not supported: bundle the spec into one file first (for example `redocly bundle`)"
            };
            self.problem(at, format!("unsupported $ref {reference:?}"), help);
            return None;
        };
        let mut current = name.to_owned();
        for _ in 0..MAX_DEPTH {
            match doc.components.as_ref().and_then(|c| c.schemas.get(&current)) {
                Some(ReferenceOr::Item(schema)) => return Some((current, schema)),
                Some(ReferenceOr::Reference { reference }) => {
                    match reference.strip_prefix("#/components/schemas/") {
                        Some(next) => current = next.to_owned(),
                        None => {
                            self.problem(
                                at,
                                format!("unsupported $ref {reference:?}"),
                                "schemas can only be referenced from #/components/schemas/",
                            );
                            return None;
                        }
                    }
                }
                None => {
                    self.problem(
                        at,
                        format!("$ref {reference:?} points to a schema that does not exist"),
                        "define it under components/schemas or fix the name",
                    );
                    return None;
                }
            }
        }
        self.problem(
            at,
            format!("$ref {reference:?} is part of a reference cycle with no schema"),
            "make one of the references a real schema",
        );
        None
    }

    /// Lowers a schema that gets its own Rust type.
    fn named_type(
        &mut self,
        rust_name: &str,
        api_name: &str,
        schema: &ReferenceOr<Schema>,
        at: &str,
    ) {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.type_ref(
                    &ReferenceOr::Reference { reference: reference.clone() },
                    rust_name,
                    at,
                    0,
                );
                self.insert_type(rust_name, api_name, Docs::default(), TypeKind::Alias(target));
                return;
            }
            ReferenceOr::Item(schema) => schema,
        };
        let docs = schema_docs(schema);
        let kind = self.type_kind(rust_name, schema, at, 0);
        self.insert_type(rust_name, api_name, docs, kind);
    }

    fn insert_type(&mut self, rust_name: &str, api_name: &str, docs: Docs, kind: TypeKind) {
        self.types.insert(
            rust_name.to_owned(),
            TypeDef { rust_name: rust_name.to_owned(), api_name: api_name.to_owned(), docs, kind },
        );
    }

    fn type_kind(&mut self, rust_name: &str, schema: &Schema, at: &str, depth: usize) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                let rust =
                    naming::disambiguate(values.iter().map(|v| naming::upper_camel(v)).collect());
                TypeKind::Enum(
                    values
                        .into_iter()
                        .zip(rust)
                        .map(|(api_name, rust_name)| EnumVariant { rust_name, api_name })
                        .collect(),
                )
            }
            SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
                let tys: Vec<TypeRef> = variants
                    .iter()
                    .enumerate()
                    .map(|(i, variant)| {
                        let at = format!(
                            "{at}/{}/{i}",
                            if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                                "oneOf"
                            } else {
                                "anyOf"
                            }
                        );
                        self.type_ref(variant, &format!("{rust_name}Variant{i}"), &at, depth + 1)
                    })
                    .collect();
                let names = naming::disambiguate(tys.iter().map(variant_name).collect());
                TypeKind::Untagged(
                    tys.into_iter()
                        .zip(names)
                        .map(|(ty, rust_name)| UntaggedVariant { rust_name, ty })
                        .collect(),
                )
            }
            SchemaKind::AllOf { all_of } => {
                // Parts that only annotate (a description, `nullable`) add nothing.
                let parts: Vec<(usize, &ReferenceOr<Schema>)> = all_of
                    .iter()
                    .enumerate()
                    .filter(|(_, part)| !is_annotation_only(part))
                    .collect();
                if let [(i, only)] = parts.as_slice() {
                    // `allOf` with one real part (often a `$ref` plus a description) is that part.
                    let at = format!("{at}/allOf/{i}");
                    return match only {
                        ReferenceOr::Item(schema) => {
                            self.type_kind(rust_name, schema, &at, depth + 1)
                        }
                        reference => {
                            TypeKind::Alias(self.type_ref(reference, rust_name, &at, depth + 1))
                        }
                    };
                }
                let mut merged = Struct { fields: Vec::new(), additional: None };
                let mut required = BTreeSet::new();
                for (i, part) in parts {
                    let at = format!("{at}/allOf/{i}");
                    self.merge_into(&mut merged, &mut required, rust_name, part, &at, depth + 1);
                }
                for field in &mut merged.fields {
                    field.required = field.required || required.contains(&field.api_name);
                }
                TypeKind::Struct(merged)
            }
            _ => match self.object_struct(rust_name, schema, at, depth) {
                Some(object) => TypeKind::Struct(object),
                None => TypeKind::Alias(self.schema_type(schema, rust_name, at, depth)),
            },
        }
    }

    /// Adds the properties of an `allOf` part to `merged`.
    fn merge_into(
        &mut self,
        merged: &mut Struct,
        required: &mut BTreeSet<String>,
        owner: &str,
        part: &ReferenceOr<Schema>,
        at: &str,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.problem(at, "allOf nesting is too deep", "simplify the schema");
            return;
        }
        let schema = match part {
            ReferenceOr::Reference { reference } => match self.component_schema(reference, at) {
                Some((_, schema)) => schema,
                None => return,
            },
            ReferenceOr::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                for (i, inner) in all_of.iter().enumerate() {
                    self.merge_into(merged, required, owner, inner, &format!("{at}/allOf/{i}"), depth + 1);
                }
            }
            _ if is_free_form_object(schema) => {}
            _ => match self.object_struct(owner, schema, at, depth) {
                Some(object) => {
                    for field in object.fields {
                        if field.required {
                            required.insert(field.api_name.clone());
                        }
                        match merged.fields.iter_mut().find(|f| f.api_name == field.api_name) {
                            Some(existing) => *existing = field,
                            None => merged.fields.push(field),
                        }
                    }
                    if object.additional.is_some() {
                        merged.additional = object.additional;
                    }
                }
                None => self.problem(
                    at,
                    "allOf part is not an object schema",
                    "allOf is merged into one struct, so every part must describe an object (properties)",
                ),
            },
        }
        let names = naming::disambiguate(
            merged.fields.iter().map(|f| naming::snake(&f.api_name)).collect(),
        );
        for (field, name) in merged.fields.iter_mut().zip(names) {
            field.rust_name = name;
        }
    }

    /// The struct for an object schema with properties, if it is one.
    fn object_struct(
        &mut self,
        owner: &str,
        schema: &Schema,
        at: &str,
        depth: usize,
    ) -> Option<Struct> {
        let (properties, required, additional) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                (&object.properties, &object.required, &object.additional_properties)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                (&any.properties, &any.required, &any.additional_properties)
            }
            _ => return None,
        };
        if properties.is_empty() {
            return None;
        }
        let mut sorted: Vec<(&String, &ReferenceOr<Box<Schema>>)> = properties.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let rust_names =
            naming::disambiguate(sorted.iter().map(|(name, _)| naming::snake(name)).collect());
        let mut fields = Vec::with_capacity(sorted.len());
        for ((api_name, property), rust_name) in sorted.into_iter().zip(rust_names) {
            let at = format!("{at}/properties/{}", pointer_token(api_name));
            let inline_name = format!("{owner}{}", naming::upper_camel(api_name));
            let property = unbox(property);
            let (nullable, docs) = match &property {
                ReferenceOr::Item(schema) => (schema.schema_data.nullable, schema_docs(schema)),
                ReferenceOr::Reference { .. } => (false, Docs::default()),
            };
            let ty = self.type_ref(&property, &inline_name, &at, depth + 1);
            fields.push(Field {
                rust_name,
                api_name: api_name.clone(),
                ty,
                required: required.contains(api_name),
                nullable,
                docs,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => Some(self.type_ref(
                schema,
                &format!("{owner}Value"),
                &format!("{at}/additionalProperties"),
                depth + 1,
            )),
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        Some(Struct { fields, additional })
    }

    /// The Rust type for a schema use; inline objects, enums and unions get
    /// a named type called `inline_name`.
    fn type_ref(
        &mut self,
        schema: &ReferenceOr<Schema>,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        if depth > MAX_DEPTH {
            self.problem(
                at,
                format!("schema nesting is deeper than {MAX_DEPTH} levels"),
                "move nested schemas to components/schemas",
            );
            return TypeRef::Json;
        }
        match schema {
            ReferenceOr::Reference { reference } => match self.component_schema(reference, at) {
                Some((name, _)) => TypeRef::Named(self.schema_names[&name].clone()),
                None => TypeRef::Json,
            },
            ReferenceOr::Item(schema) => {
                let needs_type = match &schema.schema_kind {
                    SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
                    SchemaKind::OneOf { .. }
                    | SchemaKind::AnyOf { .. }
                    | SchemaKind::AllOf { .. } => true,
                    SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
                    SchemaKind::Any(any) => !any.properties.is_empty(),
                    _ => false,
                };
                if needs_type {
                    let rust_name = self.fresh_type_name(inline_name);
                    let kind = self.type_kind(&rust_name, schema, at, depth + 1);
                    self.insert_type(&rust_name, at, schema_docs(schema), kind);
                    TypeRef::Named(rust_name)
                } else {
                    self.schema_type(schema, inline_name, at, depth)
                }
            }
        }
    }

    /// The Rust type for a schema that needs no type of its own.
    fn schema_type(
        &mut self,
        schema: &Schema,
        inline_name: &str,
        at: &str,
        depth: usize,
    ) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64)
                | VariantOrUnknownOrEmpty::Empty => TypeRef::I64,
                VariantOrUnknownOrEmpty::Unknown(format) => match format.as_str() {
                    "int8" => TypeRef::I8,
                    "int16" => TypeRef::I16,
                    "uint8" => TypeRef::U8,
                    "uint16" => TypeRef::U16,
                    "uint32" => TypeRef::U32,
                    "uint64" | "uint" => TypeRef::U64,
                    _ => TypeRef::I64,
                },
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let items = unbox(items);
                    TypeRef::Vec(Box::new(self.type_ref(
                        &items,
                        &format!("{inline_name}Item"),
                        &format!("{at}/items"),
                        depth + 1,
                    )))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => match &object.additional_properties {
                Some(AdditionalProperties::Schema(value)) => TypeRef::Map(Box::new(self.type_ref(
                    value,
                    &format!("{inline_name}Value"),
                    &format!("{at}/additionalProperties"),
                    depth + 1,
                ))),
                _ => TypeRef::Map(Box::new(TypeRef::Json)),
            },
            SchemaKind::Not { .. } => {
                self.problem(
                    at,
                    "`not` schemas are not supported",
                    "describe the allowed values positively",
                );
                TypeRef::Json
            }
            SchemaKind::Any(_) => TypeRef::Json,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                TypeRef::Json
            }
        }
    }

    // ----- operations ----------------------------------------------------

    fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut operations = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in doc.paths.paths.iter() {
            let path_at = pointer(["paths", path]);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.problem(
                        &path_at,
                        "path item $ref is not supported",
                        "inline the path item",
                    );
                    continue;
                }
            };
            for (method_name, operation) in item.iter() {
                let method = match method_name {
                    "get" => Method::Get,
                    "put" => Method::Put,
                    "post" => Method::Post,
                    "delete" => Method::Delete,
                    "options" => Method::Options,
                    "head" => Method::Head,
                    "patch" => Method::Patch,
                    _ => Method::Trace,
                };
                let at = format!("{path_at}/{method_name}");
                let operation_id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| derived_operation_id(method, path));
                if let Some(first) = ids.insert(operation_id.clone(), at.clone()) {
                    self.problem(
                        &at,
                        format!("duplicate operationId {operation_id:?}, also used at {first}"),
                        "operationIds must be unique: rename one of them",
                    );
                    continue;
                }
                if let Some(lowered) =
                    self.operation(path, &item.parameters, method, operation, operation_id, &at)
                {
                    operations.push(lowered);
                }
            }
        }
        // Distinct operationIds can still collide once converted to Rust names.
        operations.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
        let names =
            naming::disambiguate(operations.iter().map(|op| op.rust_name.clone()).collect());
        for (operation, name) in operations.iter_mut().zip(names) {
            operation.rust_name = name;
        }
        operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        path_params: &'a [ReferenceOr<Parameter>],
        method: Method,
        operation: &'a openapiv3::Operation,
        operation_id: String,
        at: &str,
    ) -> Option<Operation> {
        let rust_name = naming::type_name(&operation_id);
        let params = self.parameters(path_params, &operation.parameters, &rust_name, at);
        let segments = self.path_segments(path, &params, at);
        let body = operation
            .request_body
            .as_ref()
            .and_then(|body| self.request_body(body, &rust_name, &format!("{at}/requestBody")));
        let (responses, error_body) =
            self.responses(&operation.responses, &rust_name, &format!("{at}/responses"));
        let extensions = &operation.extensions;
        let scopes = self.scopes(operation);
        let examples = self.examples(operation, &body, &responses, at);
        Some(Operation {
            rust_name,
            operation_id,
            method,
            path_template: path.to_owned(),
            path: segments?,
            params,
            body,
            responses,
            error_body,
            scopes,
            api_versions: self.string_list(extensions, "x-api-versions", at),
            source_docs: self.string_list(extensions, "x-source-docs", at),
            beyond_sources: matches!(
                extensions.get("x-beyond-pages"),
                Some(serde_json::Value::Bool(true))
            ),
            deprecated: operation.deprecated,
            docs: Docs {
                summary: operation.summary.clone(),
                description: operation.description.clone(),
            },
            examples,
        })
    }

    fn string_list(&mut self, extensions: &Extensions, key: &str, at: &str) -> Vec<String> {
        match extensions.get(key) {
            None => Vec::new(),
            Some(serde_json::Value::Array(items)) if items.iter().all(|item| item.is_string()) => {
                items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect()
            }
            Some(_) => {
                self.problem(
                    &format!("{at}/{key}"),
                    format!("`{key}` must be a list of strings"),
                    "write it as `[a, b]`",
                );
                Vec::new()
            }
        }
    }

    fn scopes(&self, operation: &openapiv3::Operation) -> Vec<String> {
        let requirements = operation.security.as_ref().or(self.doc.security.as_ref());
        let mut scopes: Vec<String> = Vec::new();
        for requirement in requirements.into_iter().flatten() {
            for scope in requirement.values().flatten() {
                if !scopes.contains(scope) {
                    scopes.push(scope.clone());
                }
            }
        }
        scopes
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Option<&'a Parameter> {
        let doc = self.doc;
        match parameter {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|name| doc.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(parameter)) => Some(parameter),
                    _ => {
                        self.problem(at, format!("$ref {reference:?} does not point to a parameter in #/components/parameters"), "define the parameter there or fix the reference");
                        None
                    }
                }
            }
        }
    }

    fn parameters(
        &mut self,
        path_level: &'a [ReferenceOr<Parameter>],
        operation_level: &'a [ReferenceOr<Parameter>],
        owner: &str,
        at: &str,
    ) -> Vec<Param> {
        let mut by_key: BTreeMap<(ParamLocation, String), (usize, &'a Parameter, String)> =
            BTreeMap::new();
        let path_at = at.rsplit_once('/').map_or(at, |(path, _)| path);
        let all = path_level
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_at}/parameters/{i}")))
            .chain(
                operation_level
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{at}/parameters/{i}"))),
            );
        for (order, (parameter, param_at)) in all.enumerate() {
            let Some(parameter) = self.resolve_parameter(parameter, &param_at) else { continue };
            let (location, data) = match parameter {
                Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
                Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
                Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
                Parameter::Cookie { parameter_data, .. } => {
                    self.problem(
                        &param_at,
                        format!("cookie parameter `{}` is not supported", parameter_data.name),
                        "send it as a header parameter or remove it",
                    );
                    continue;
                }
            };
            if location == ParamLocation::Header {
                if ["accept", "content-type", "authorization"]
                    .contains(&data.name.to_ascii_lowercase().as_str())
                {
                    // OpenAPI 3.0: such header parameters "SHALL be ignored".
                    continue;
                }
                if !is_header_name(&data.name) {
                    self.problem(
                        &param_at,
                        format!(
                            "header parameter name {:?} is not a valid HTTP header name",
                            data.name
                        ),
                        "use letters, digits and `-` (RFC 9110 token characters)",
                    );
                    continue;
                }
            }
            // Operation-level parameters override path-level ones with the same name and location.
            by_key.insert((location, data.name.clone()), (order, parameter, param_at));
        }
        let mut ordered: Vec<(usize, &'a Parameter, String)> = by_key.into_values().collect();
        ordered.sort_by_key(|(order, _, _)| *order);
        let names = naming::disambiguate(
            ordered
                .iter()
                .map(|(_, p, _)| naming::snake(&p.parameter_data_ref().name))
                .map(|n| if n == "body" { "body_".to_owned() } else { n })
                .collect(),
        );
        let mut params = Vec::with_capacity(ordered.len());
        for ((_, parameter, param_at), rust_name) in ordered.into_iter().zip(names) {
            let data = parameter.parameter_data_ref();
            let location = match parameter {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                _ => ParamLocation::Header,
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ty = self.type_ref(
                        schema,
                        &format!("{owner}{}", naming::upper_camel(&data.name)),
                        &format!("{param_at}/schema"),
                        0,
                    );
                    match ty {
                        TypeRef::String
                        | TypeRef::Bool
                        | TypeRef::I8
                        | TypeRef::I16
                        | TypeRef::I32
                        | TypeRef::I64
                        | TypeRef::U8
                        | TypeRef::U16
                        | TypeRef::U32
                        | TypeRef::U64
                        | TypeRef::F32
                        | TypeRef::F64 => ty,
                        TypeRef::Vec(ref item)
                            if location == ParamLocation::Query && is_scalar(item) =>
                        {
                            ty
                        }
                        TypeRef::Named(ref name) if self.is_string_enum(name) => ty,
                        _ => {
                            self.problem(&format!("{param_at}/schema"), format!("parameter `{}` has a schema the generator cannot serialise into a {}", data.name, location_name(location)), "use a string, number, boolean, string enum or (for query parameters) an array of those");
                            TypeRef::String
                        }
                    }
                }
                ParameterSchemaOrContent::Content(_) => {
                    self.problem(
                        &param_at,
                        format!("parameter `{}` uses `content`, which is not supported", data.name),
                        "describe the parameter with `schema`",
                    );
                    TypeRef::String
                }
            };
            params.push(Param {
                rust_name,
                api_name: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                docs: Docs { summary: None, description: data.description.clone() },
            });
        }
        params
    }

    fn is_string_enum(&self, rust_name: &str) -> bool {
        matches!(self.types.get(rust_name), Some(TypeDef { kind: TypeKind::Enum(_), .. }))
    }

    /// Splits a path template, checking it against the declared path parameters.
    fn path_segments(
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
            self.problem(
                at,
                format!("path {template:?} does not start with `/`"),
                "paths are relative to the server URL and start with `/`",
            );
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
                .position(|p| p.location == ParamLocation::Path && p.api_name == name)
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
                self.problem(
                    at,
                    format!(
                        "path parameter `{}` is declared but {template:?} has no `{{{}}}`",
                        param.api_name, param.api_name
                    ),
                    "add it to the path template or remove the parameter",
                );
                ok = false;
            }
        }
        ok.then_some(segments)
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        owner: &str,
        at: &str,
    ) -> Option<Body> {
        let doc = self.doc;
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|name| doc.components.as_ref()?.request_bodies.get(name));
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.problem(at, format!("$ref {reference:?} does not point to a request body in #/components/requestBodies"), "define it there or fix the reference");
                        return None;
                    }
                }
            }
        };
        let (media_type, content) = choose_media_type(&body.content)?;
        let content_at = format!("{at}/content/{}", pointer_token(media_type));
        if !media_type.bytes().all(|b| (0x20..0x7f).contains(&b)) || media_type.trim().is_empty() {
            self.problem(
                &content_at,
                format!("media type {media_type:?} cannot be sent as a Content-Type header"),
                "use a media type such as `application/json`",
            );
            return None;
        }
        let kind = match classify(media_type) {
            MediaClass::Json => BodyKind::Json(match &content.schema {
                Some(schema) => self.type_ref(
                    schema,
                    &format!("{owner}Body"),
                    &format!("{content_at}/schema"),
                    0,
                ),
                None => TypeRef::Json,
            }),
            MediaClass::Text => BodyKind::Text,
            MediaClass::Binary => BodyKind::Binary { max_len: self.max_length(content) },
            MediaClass::Unsupported => {
                self.problem(
                    &content_at,
                    format!("request media type {media_type:?} is not supported"),
                    "use JSON, text/plain or a binary media type",
                );
                return None;
            }
        };
        Some(Body {
            media_type: media_type.to_owned(),
            kind,
            required: body.required,
            docs: Docs { summary: None, description: body.description.clone() },
        })
    }

    fn max_length(&mut self, content: &MediaType) -> Option<u64> {
        let schema = match content.schema.as_ref()? {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference, "#")?.1,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string.max_length.map(|n| n as u64),
            _ => None,
        }
    }

    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        owner: &str,
        at: &str,
    ) -> (Vec<Response>, TypeRef) {
        let doc = self.doc;
        let mut all: Vec<(StatusMatch, &'a openapiv3::Response, String)> = Vec::new();
        let entries = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let key = status.to_string();
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(range) => StatusMatch::Range(*range),
                };
                (status, response, key)
            })
            .chain(
                responses
                    .default
                    .iter()
                    .map(|response| (StatusMatch::Default, response, "default".to_owned())),
            );
        for (status, response, key) in entries {
            let response_at = format!("{at}/{key}");
            let response = match response {
                ReferenceOr::Item(response) => response,
                ReferenceOr::Reference { reference } => {
                    let found = reference
                        .strip_prefix("#/components/responses/")
                        .and_then(|name| doc.components.as_ref()?.responses.get(name));
                    match found {
                        Some(ReferenceOr::Item(response)) => response,
                        _ => {
                            self.problem(&response_at, format!("$ref {reference:?} does not point to a response in #/components/responses"), "define it there or fix the reference");
                            continue;
                        }
                    }
                }
            };
            all.push((status, response, response_at));
        }
        all.sort_by_key(|(status, _, _)| *status);

        let mut lowered = Vec::new();
        let mut error_types = BTreeSet::new();
        for (status, response, response_at) in all {
            let content = match choose_media_type(&response.content) {
                None => ResponseContent::None,
                Some((media_type, content)) => match classify(media_type) {
                    MediaClass::Json => ResponseContent::Json(match &content.schema {
                        Some(schema) => self.type_ref(
                            schema,
                            &format!("{owner}{}", status_name(status)),
                            &format!("{response_at}/content/{}/schema", pointer_token(media_type)),
                            0,
                        ),
                        None => TypeRef::Json,
                    }),
                    MediaClass::Text => ResponseContent::Text,
                    MediaClass::Binary => ResponseContent::Binary,
                    MediaClass::Unsupported => {
                        self.problem(
                            &response_at,
                            format!("response media type {media_type:?} is not supported"),
                            "use JSON, text/plain or a binary media type",
                        );
                        ResponseContent::None
                    }
                },
            };
            if status.is_success() {
                lowered.push(Response {
                    status,
                    variant: status_name(status),
                    content,
                    description: response.description.clone(),
                });
            } else {
                match content {
                    ResponseContent::Json(ty) => error_types.insert(ty),
                    _ => error_types.insert(TypeRef::Json),
                };
            }
        }
        if lowered.is_empty() {
            self.problem(at, "the operation documents no success (2XX) response", "add the response the service sends on success, for example `204: {description: No Content}`");
        }
        let error_body = if error_types.len() == 1 {
            error_types.into_iter().next().unwrap_or(TypeRef::Json)
        } else {
            TypeRef::Json
        };
        (lowered, error_body)
    }

    fn examples(
        &mut self,
        operation: &'a openapiv3::Operation,
        body: &Option<Body>,
        responses: &[Response],
        at: &str,
    ) -> Vec<Example> {
        let mut examples = Vec::new();
        if let (
            Some(Body { kind: BodyKind::Json(ty), media_type, .. }),
            Some(ReferenceOr::Item(request_body)),
        ) = (body, &operation.request_body)
        {
            if let Some(content) = request_body.content.get(media_type) {
                for (name, value) in self.media_examples(content, &format!("{at}/requestBody")) {
                    examples.push(Example {
                        name,
                        target: ExampleTarget::RequestBody(ty.clone()),
                        value,
                    });
                }
            }
        }
        for response in responses {
            let ResponseContent::Json(ty) = &response.content else { continue };
            let key = match response.status {
                StatusMatch::Code(code) => StatusCode::Code(code),
                StatusMatch::Range(range) => StatusCode::Range(range),
                StatusMatch::Default => continue,
            };
            let Some(ReferenceOr::Item(item)) = operation.responses.responses.get(&key) else {
                continue;
            };
            let Some((_, content)) = choose_media_type(&item.content) else { continue };
            for (name, value) in self.media_examples(content, &format!("{at}/responses/{key}")) {
                examples.push(Example {
                    name,
                    target: ExampleTarget::Response(response.status, ty.clone()),
                    value,
                });
            }
        }
        examples
    }

    fn media_examples(
        &mut self,
        content: &MediaType,
        at: &str,
    ) -> Vec<(String, serde_json::Value)> {
        let doc = self.doc;
        let mut out: Vec<(String, serde_json::Value)> =
            content.example.iter().map(|value| ("example".to_owned(), value.clone())).collect();
        for (name, example) in &content.examples {
            let example = match example {
                ReferenceOr::Item(example) => Some(example),
                ReferenceOr::Reference { reference } => match reference
                    .strip_prefix("#/components/examples/")
                    .and_then(|name| doc.components.as_ref()?.examples.get(name))
                {
                    Some(ReferenceOr::Item(example)) => Some(example),
                    _ => {
                        self.problem(&format!("{at}/examples/{}", pointer_token(name)), format!("$ref {reference:?} does not point to an example in #/components/examples"), "define it there or fix the reference");
                        None
                    }
                },
            };
            if let Some(value) = example.and_then(|example| example.value.clone()) {
                out.push((name.clone(), value));
            }
        }
        out
    }
}

/// The extensions map type of `openapiv3`.
type Extensions = indexmap::IndexMap<String, serde_json::Value>;

fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
        ReferenceOr::Reference { reference } => {
            ReferenceOr::Reference { reference: reference.clone() }
        }
    }
}

/// A schema with nothing but annotations (no type, properties or composition).
fn is_annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.properties.is_empty()
                    && any.additional_properties.is_none()
                    && any.typ.is_none()
                    && any.items.is_none()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                    && any.enumeration.is_empty()
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// `type: object` without properties: contributes no fields to a merge.
fn is_free_form_object(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::Object(object)) if object.properties.is_empty())
}

/// An RFC 9110 token, as header names must be.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn schema_docs(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
    }
}

fn is_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
    )
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path segment",
        ParamLocation::Query => "query string",
        ParamLocation::Header => "header",
    }
}

fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I8
        | TypeRef::I16
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U8
        | TypeRef::U16
        | TypeRef::U32
        | TypeRef::U64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Vec(_) => "List".into(),
        TypeRef::Map(_) => "Map".into(),
    }
}

/// The name of a success status as a variant: `Ok`, `NoContent`, `Success2xx`.
fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match http_reason(code) {
            Some(reason) => naming::upper_camel(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(hundreds) => format!("Status{hundreds}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

fn http_reason(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        _ => return None,
    })
}

/// The operationId for an operation that has none: method and path words,
/// for example `get /users/{user-id}/photo` -> `getUsersUserIdPhoto`.
fn derived_operation_id(method: Method, path: &str) -> String {
    use heck::ToLowerCamelCase;
    let words: String =
        path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    format!("{} {words}", method.as_str().to_ascii_lowercase()).to_lower_camel_case()
}

enum MediaClass {
    Json,
    Text,
    Binary,
    Unsupported,
}

fn classify(media_type: &str) -> MediaClass {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        MediaClass::Json
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else if essence.starts_with("multipart/") || essence == "application/x-www-form-urlencoded" {
        MediaClass::Unsupported
    } else {
        MediaClass::Binary
    }
}

/// Picks the media type the generated code uses: JSON first, then binary, then text.
fn choose_media_type(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, &MediaType)> {
    let rank = |media_type: &str| match classify(media_type) {
        MediaClass::Json => 0,
        MediaClass::Binary => 1,
        MediaClass::Text => 2,
        MediaClass::Unsupported => 3,
    };
    content
        .iter()
        .min_by_key(|(media_type, _)| (rank(media_type), media_type.as_str()))
        .map(|(media_type, content)| (media_type.as_str(), content))
}

/// Boxes fields whose type leads back to the struct itself through other
/// non-indirect fields, so recursive schemas have a finite size.
fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let direct = |ty: &TypeRef| -> Option<String> {
        match ty {
            TypeRef::Named(name) => Some(name.clone()),
            _ => None,
        }
    };
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|(name, def)| {
            let targets = match &def.kind {
                TypeKind::Struct(object) => {
                    object.fields.iter().filter_map(|f| direct(&f.ty)).collect()
                }
                TypeKind::Untagged(variants) => {
                    variants.iter().filter_map(|v| direct(&v.ty)).collect()
                }
                TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            };
            (name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    let mut boxed: Vec<(String, usize)> = Vec::new();
    for (name, def) in types.iter() {
        let tys: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct(object) => object.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
            _ => Vec::new(),
        };
        for (index, ty) in tys.into_iter().enumerate() {
            if let Some(target) = direct(ty) {
                if reaches(&target, name) {
                    boxed.push((name.clone(), index));
                }
            }
        }
    }
    for (name, index) in boxed {
        let Some(def) = types.get_mut(&name) else { continue };
        let ty = match &mut def.kind {
            TypeKind::Struct(object) => &mut object.fields[index].ty,
            TypeKind::Untagged(variants) => &mut variants[index].ty,
            _ => continue,
        };
        if let TypeRef::Named(target) = ty {
            *ty = TypeRef::Boxed(target.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn lower_text(text: &str) -> Result<Api, Diagnostics> {
        lower(&crate::load::load_str(Path::new("t.yaml"), text).expect("loads"))
    }

    fn spec_with_path(path: &str, params: &[&str]) -> String {
        let params: String = params
            .iter()
            .map(|name| format!("        - {{ name: '{name}', in: path, required: true, schema: {{ type: string }} }}\n"))
            .collect();
        format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n  \"{path}\":\n    get:\n      operationId: op\n      parameters:\n{params}      responses:\n        '204': {{ description: ok }}\n"
        )
    }

    #[test]
    fn path_templates_split_into_literals_and_parameters() {
        let api = lower_text(&spec_with_path(
            "/users/{user-id}/photos/{size}/$value",
            &["user-id", "size"],
        ))
        .expect("lowers");
        let operation = &api.operations[0];
        assert_eq!(
            operation.path,
            [
                PathSegment::Literal("/users/".into()),
                PathSegment::Param(0),
                PathSegment::Literal("/photos/".into()),
                PathSegment::Param(1),
                PathSegment::Literal("/$value".into()),
            ]
        );
        assert_eq!(operation.params[0].rust_name, "user_id");
        assert_eq!(operation.rust_name, "Op");
    }

    #[test]
    fn odata_key_syntax_keeps_parameters_inside_segments() {
        let api = lower_text(&spec_with_path("/users('{id}')/photo", &["id"])).expect("lowers");
        assert_eq!(
            api.operations[0].path,
            [
                PathSegment::Literal("/users('".into()),
                PathSegment::Param(0),
                PathSegment::Literal("')/photo".into())
            ]
        );
    }

    #[test]
    fn template_and_declared_parameters_must_agree() {
        let error = lower_text(&spec_with_path("/users/{user-id}", &["id"])).expect_err("mismatch");
        let messages: Vec<&str> = error.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("`{user-id}`") && m.contains("not declared")),
            "{messages:?}"
        );
        assert!(messages.iter().any(|m| m.contains("`id` is declared")), "{messages:?}");
        assert!(error.problems.iter().all(|p| p.line_col.is_some()), "every problem is located");
    }

    #[test]
    fn operations_without_an_id_get_a_stable_derived_name() {
        let text = spec_with_path("/users/{user-id}/photo", &["user-id"])
            .replace("      operationId: op\n", "");
        let api = lower_text(&text).expect("lowers");
        assert_eq!(api.operations[0].operation_id, "getUsersUserIdPhoto");
        assert_eq!(api.operations[0].rust_name, "GetUsersUserIdPhoto");
    }
}

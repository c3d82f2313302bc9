//! Path templates: `/users/{user-id}/photo` split into literals and
//! parameters, checked against the declared path parameters. Where the two
//! disagree in a way whose intent is plain, the template wins, with a
//! warning: an undeclared `{name}` becomes a required string parameter, a
//! declared parameter the template never uses is left out. Also where an
//! operation sits ([`Route`]), as operations, parameters and webhooks
//! read it.

use std::collections::BTreeSet;

use openapiv3::{Parameter, ReferenceOr};

use super::Lowerer;
use crate::ir::{
    Docs, Method, Name, Param, ParamEncoding, ParamLocation, PathSegment, TextKind, TypeRef,
};
use crate::naming;

/// Where an operation sits: its path, and what the path item declares for
/// all of its operations.
pub(super) struct Route<'a, 'p> {
    pub path: &'p str,
    /// The pointer of the path item, where it is written.
    pub path_at: &'p str,
    pub path_params: &'a [ReferenceOr<Parameter>],
    pub method: Method,
}

/// A piece of a template, before parameters are matched.
#[derive(Debug, PartialEq)]
enum Piece<'t> {
    Literal(&'t str),
    Name(&'t str),
}

impl<'a> Lowerer<'a> {
    /// The segments of `template`; `params` gains inferred parameters and
    /// loses declared ones the template does not use.
    pub(super) fn path_segments(
        &mut self,
        template: &str,
        params: &mut Vec<Param>,
        at: &str,
    ) -> Vec<PathSegment> {
        let mut template = template.to_owned();
        if !template.starts_with('/') {
            self.warn(
                at,
                format!("path {template:?} does not start with `/`; generated as \"/{template}\""),
                "paths are relative to the server URL and start with `/`",
            );
            template.insert(0, '/');
        }
        let (pieces, unclosed) = split(&template);
        if unclosed {
            self.warn(
                at,
                format!(
                    "path {template:?} has an unclosed `{{`; the rest of it is sent as written"
                ),
                "close the parameter with `}`",
            );
        }
        let used: BTreeSet<&str> = pieces
            .iter()
            .filter_map(|piece| if let Piece::Name(name) = piece { Some(*name) } else { None })
            .collect();
        self.drop_unused(params, &used, &template, at);
        for name in &used {
            if !params.iter().any(|p| p.location == ParamLocation::Path && p.name.api == *name) {
                self.warn(
                    at,
                    format!("path parameter `{{{name}}}` in {template:?} is not declared; generated as a required string"),
                    "declare it under `parameters` with `in: path` and `required: true`",
                );
                params.push(inferred(name, params));
            }
        }
        let position = |name: &str| {
            params.iter().position(|p| p.location == ParamLocation::Path && p.name.api == name)
        };
        pieces
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Literal(text) => Some(PathSegment::Literal(text.to_owned())),
                Piece::Name(name) => position(name).map(PathSegment::Param),
            })
            .collect()
    }

    fn drop_unused(
        &mut self,
        params: &mut Vec<Param>,
        used: &BTreeSet<&str>,
        template: &str,
        at: &str,
    ) {
        let unused: Vec<String> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path && !used.contains(p.name.api.as_str()))
            .map(|p| p.name.api.clone())
            .collect();
        for name in &unused {
            self.warn(
                at,
                format!("path parameter `{name}` is declared but {template:?} has no `{{{name}}}`; it is left out"),
                "add it to the path template or remove the parameter",
            );
        }
        params.retain(|p| p.location != ParamLocation::Path || used.contains(p.name.api.as_str()));
    }
}

/// Splits a template into literals and `{names}`; an unclosed `{` makes the
/// rest a literal (the `bool`).
fn split(template: &str) -> (Vec<Piece<'_>>, bool) {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            pieces.push(Piece::Literal(rest));
            return (pieces, true);
        };
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Name(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    (pieces, false)
}

/// A required string path parameter for an undeclared `{name}`.
fn inferred(name: &str, params: &[Param]) -> Param {
    let wanted = naming::field(name, naming::reserved::REQUEST_FIELDS, "_");
    let rust =
        naming::unique(&wanted, |candidate| !params.iter().any(|p| p.name.rust == candidate));
    Param {
        name: Name::new(rust, name),
        location: ParamLocation::Path,
        required: true,
        ty: TypeRef::String,
        constraints: Default::default(),
        docs: Docs::default(),
        encoding: ParamEncoding::Text(TextKind::Str),
        allow_reserved: false,
        deprecated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_names() {
        assert_eq!(
            split("/a/{b}/c{d}.json"),
            (
                vec![
                    Piece::Literal("/a/"),
                    Piece::Name("b"),
                    Piece::Literal("/c"),
                    Piece::Name("d"),
                    Piece::Literal(".json")
                ],
                false
            )
        );
        assert_eq!(split("/a/{b"), (vec![Piece::Literal("/a/{b")], true));
        assert_eq!(split("/"), (vec![Piece::Literal("/")], false));
    }
}

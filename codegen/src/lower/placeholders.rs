//! Path placeholders against path parameters, both ways: every `{placeholder}` has its
//! parameter and every path parameter its placeholder; and the call order of parameters.

use std::collections::BTreeSet;

use super::params::location_name;
use super::{Lowerer, SourcedParam};
use crate::ir::{self, Location};
use crate::path_template::Piece;
use crate::source_map::{YamlPath, child};
use crate::spec;

impl Lowerer<'_> {
    /// The path's pieces with their parameters resolved; each mismatch between placeholders
    /// and path parameters is reported.
    pub(super) fn match_placeholders(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        pieces: &[Piece],
        params: &[ir::Param],
        sourced: &[SourcedParam<'_>],
    ) -> Vec<ir::PathPiece> {
        let mut path_pieces = Vec::new();
        let mut placed = BTreeSet::new();
        for piece in pieces {
            match piece {
                Piece::Literal(l) => path_pieces.push(ir::PathPiece::Literal(l.clone())),
                Piece::Param(wire) | Piece::Reserved(wire) => {
                    let reserved = matches!(piece, Piece::Reserved(_));
                    if !placed.insert(wire.clone()) {
                        self.cx.error(
                            &child(path, "path"),
                            format!("the placeholder `{{{wire}}}` appears twice in the path"),
                            Some("each path parameter fills one placeholder".into()),
                        );
                    }
                    match params.iter().find(|p| p.location == Location::Path && p.wire_name == *wire) {
                        Some(p) if reserved && p.ty != ir::Type::String => {
                            self.cx.error(
                                &child(path, "path"),
                                format!("`{{+{wire}}}` keeps the `/` of a string, but `{}` is not a string", p.name),
                                Some("make the parameter `type: string`, or write the placeholder `{name}`".into()),
                            );
                        }
                        Some(p) => path_pieces.push(ir::PathPiece::Param {
                            rust_name: p.rust_name.clone(),
                            wire_name: wire.clone(),
                            reserved,
                        }),
                        // A path parameter that failed to lower has its own error already.
                        None if sourced.iter().any(|p| {
                            p.spec.location == Location::Path
                                && self.wire_name(&p.spec.name, p.spec.wire_name.as_deref()) == *wire
                        }) => {}
                        None if params
                            .iter()
                            .any(|p| p.location == Location::Path && p.wire_name.eq_ignore_ascii_case(wire)) =>
                        {
                            let other = params
                                .iter()
                                .find(|p| p.location == Location::Path && p.wire_name.eq_ignore_ascii_case(wire))
                                .map(|p| p.wire_name.clone())
                                .unwrap_or_default();
                            self.cx.error(
                                &child(path, "path"),
                                format!("the placeholder `{{{wire}}}` and the path parameter `{other}` differ in case"),
                                Some(format!(
                                    "names are case-sensitive: write `{{{other}}}` in the path, or rename the parameter"
                                )),
                            );
                        }
                        None => {
                            let near = params.iter().find(|p| p.wire_name == *wire || p.name == *wire);
                            // The page's camelCase name for a snake_case placeholder.
                            let styled = params.iter().find(|p| {
                                p.location == Location::Path && crate::naming::wire_snake(&p.wire_name) == *wire
                            });
                            let help = match (near, styled) {
                                (None, Some(p)) => format!(
                                    "the path parameter `{}` is sent as `{}`; if the page names it `{}` but the path \
                                     has `{{{wire}}}`, add `wire_name: {wire}` to it",
                                    p.name, p.wire_name, p.name
                                ),
                                (near, _) => match near {
                                    Some(p) => format!(
                                        "the parameter `{}` is declared `in: {}`; make it `in: path`",
                                        p.name,
                                        location_name(p.location)
                                    ),
                                    None => format!("add a parameter `{wire}` with `in: path` to the operation"),
                                },
                            };
                            self.cx.error(
                                &child(path, "path"),
                                format!("the path has a placeholder `{{{wire}}}` but no path parameter of that name"),
                                Some(help),
                            );
                        }
                    }
                }
            }
        }
        for p in sourced.iter().filter(|p| p.spec.location == spec::Location::Path) {
            let wire = &self.wire_name(&p.spec.name, p.spec.wire_name.as_deref());
            // Matched, or explained at its placeholder (by case, or by its snake_case).
            let snake = crate::naming::wire_snake(wire);
            if placed.contains(wire) || placed.iter().any(|w| w.eq_ignore_ascii_case(wire) || *w == snake) {
                continue;
            }
            if op.path.contains(&format!(":{wire}")) {
                let message = format!("the path writes the parameter `{wire}` as `:{wire}`");
                self.cx.error(
                    &child(path, "path"),
                    message,
                    Some(format!("placeholders are written in braces: `{{{wire}}}`")),
                );
            } else {
                self.cx.error_key(
                    &p.path,
                    format!(
                        "path parameter `{}` has no placeholder `{{{wire}}}` in the path `{}`",
                        p.spec.name, op.path
                    ),
                    Some("add the placeholder to the path, or fix the parameter's `in:`".into()),
                );
            }
        }
        path_pieces
    }
}

/// Path parameters in path order, then required query and header parameters, then optional
/// ones: the order of a `Client` method's arguments, then of its builder's setters.
pub(super) fn call_order(params: &mut [ir::Param], path_pieces: &[ir::PathPiece]) {
    let order = |p: &ir::Param| match (p.location, p.required) {
        (Location::Path, _) => (
            0,
            path_pieces
                .iter()
                .position(|piece| matches!(piece, ir::PathPiece::Param { rust_name, .. } if *rust_name == p.rust_name))
                .unwrap_or(0),
        ),
        (_, true) => (1, 0),
        (_, false) => (2, 0),
    };
    params.sort_by_key(order);
}

//! `pagination:`: which parameter asks for a page, and which fields of the response say what
//! the page holds and whether it is the last. Checked against the operation's parameters and
//! its response model, each mistake at its key.

use super::Lowerer;
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::source_map::{YamlPath, child};
use crate::spec;

/// What a named response field must be.
#[derive(Clone, Copy)]
enum Want {
    Array,
    Integer,
    Boolean,
    String,
}

impl Want {
    fn fits(self, ty: &Type) -> bool {
        match self {
            Want::Array => matches!(ty, Type::Array(_)),
            Want::Integer => matches!(ty, Type::I32 | Type::I64),
            Want::Boolean => *ty == Type::Bool,
            Want::String => *ty == Type::String,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Want::Array => "an array",
            Want::Integer => "an `int32` or `int64`",
            Want::Boolean => "a `boolean`",
            Want::String => "a `string`",
        }
    }
}

impl Lowerer<'_> {
    /// The operation's pagination, or `None` (reported) when it does not fit its parameters or
    /// response. `Some(None)` when it does not page.
    pub(super) fn lower_pagination(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        params: &[ir::Param],
        response: Option<&Type>,
    ) -> Option<Option<ir::Pagination>> {
        let Some(spec) = &op.pagination else { return Some(None) };
        let at = child(path, "pagination");
        // Each part is checked whatever the others gave, so that all mistakes show at once.
        let (param_key, param_name, integer) = match (&spec.page, &spec.cursor) {
            (Some(page), None) => ("page", page, true),
            (None, Some(cursor)) => ("cursor", cursor, false),
            _ => {
                self.cx.error_key(
                    &at,
                    "a pagination names either `page` (by page number) or `cursor` (by cursor)",
                    Some("keep one: `page: pageNumber`, or `cursor: after` with `next_cursor:`".into()),
                );
                return None;
            }
        };
        let param = self.page_param(&child(&at, param_key), op, params, param_name, integer);
        let model = match response {
            Some(Type::Model { rust_name, is_enum: false }) => rust_name.clone(),
            _ => {
                self.cx.error_key(
                    &at,
                    format!("operation `{}` pages, so its response must be a page model", op.id),
                    Some("set `response:` to the model of one page (its items, and how it says it is the last)".into()),
                );
                return None;
            }
        };
        let items = self.page_field(&at, "items", &model, Some(&spec.items), Want::Array);
        let by = if integer {
            let page_count = self.page_field(&at, "page_count", &model, spec.page_count.as_ref(), Want::Integer);
            let last = self.page_field(&at, "last", &model, spec.last.as_ref(), Want::Boolean);
            let next = self.page_field(&at, "next", &model, spec.next.as_ref(), Want::String);
            let number = self.page_field(&at, "number", &model, spec.number.as_ref(), Want::Integer);
            if spec.next_cursor.is_some() {
                self.cx.error(&child(&at, "next_cursor"), "`next_cursor` goes with `cursor`, not `page`", None);
                return None;
            }
            let (Some(page), Some(page_count), Some(last), Some(next), Some(number)) =
                (param, page_count, last, next, number)
            else {
                return None;
            };
            ir::PageBy::Number {
                page_param: page.rust_name.clone(),
                page_is_i64: page.ty == Type::I64,
                first: spec.first,
                page_count: page_count.map(|(f, _)| f),
                last: last.map(|(f, _)| f),
                next: next.map(|(f, _)| f),
                number: number.map(|(f, _)| f),
            }
        } else {
            let unused = [
                ("page_count", &spec.page_count),
                ("last", &spec.last),
                ("next", &spec.next),
                ("number", &spec.number),
            ];
            for (key, value) in unused {
                if value.is_some() {
                    self.cx.error(
                        &child(&at, key),
                        format!("`{key}` goes with `page`; a cursor listing ends with no next cursor"),
                        None,
                    );
                }
            }
            let next_cursor = match &spec.next_cursor {
                Some(dotted) => self.cursor_path(&child(&at, "next_cursor"), &model, dotted),
                None => {
                    self.cx.error_key(
                        &at,
                        "a cursor listing names the page's next cursor",
                        Some("add `next_cursor:`, the dotted path of fields to it (`cursors.after`)".into()),
                    );
                    None
                }
            };
            let (Some(cursor), Some(next_cursor)) = (param, next_cursor) else { return None };
            ir::PageBy::Cursor { cursor_param: cursor.rust_name.clone(), next_cursor }
        };
        let Some(Some((items, Type::Array(item)))) = items else { return None };
        Some(Some(ir::Pagination { items, item: *item, by }))
    }

    /// The parameter that asks for a page: an optional query parameter, an integer (a page
    /// number) or a string (a cursor).
    fn page_param<'p>(
        &mut self,
        at: &YamlPath,
        op: &spec::OperationSpec,
        params: &'p [ir::Param],
        name: &str,
        integer: bool,
    ) -> Option<&'p ir::Param> {
        let fits = |ty: &Type| if integer { matches!(ty, Type::I32 | Type::I64) } else { *ty == Type::String };
        match params.iter().find(|p| p.name == name) {
            Some(p) if p.location == Location::Query && fits(&p.ty) && !p.required => Some(p),
            Some(p) => {
                let what = if integer { "an optional `int32` or `int64`" } else { "an optional `string`" };
                self.cx.error(
                    at,
                    format!("the page parameter `{}` must be {what} query parameter", p.name),
                    Some("name the query parameter that asks for a page".into()),
                );
                None
            }
            None => {
                let near = closest(name, params.iter().map(|p| p.name.as_str()));
                let help = near.map_or_else(
                    || "name the operation's query parameter that asks for a page".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.cx.error(at, format!("operation `{}` has no parameter `{name}`", op.id), Some(help));
                None
            }
        }
    }

    /// The field `name` of model `model`, if it is what `want` says; `Some(None)` when no name
    /// is given, `None` after reporting.
    fn page_field(
        &mut self,
        at: &YamlPath,
        key: &str,
        model: &str,
        name: Option<&String>,
        want: Want,
    ) -> Option<Option<(ir::FieldRef, Type)>> {
        let Some(name) = name else { return Some(None) };
        let fields = self.struct_fields.get(model).cloned().unwrap_or_default();
        match fields.iter().find(|f| f.name == *name || f.wire_name == *name) {
            Some(f) if want.fits(&f.ty) => {
                Some(Some((ir::FieldRef { rust_name: f.rust_name.clone(), optional: !f.required }, f.ty.clone())))
            }
            Some(f) => {
                self.cx.error(
                    &child(at, key),
                    format!(
                        "`{name}` of `{model}` is `{}`, but `{key}` needs {}",
                        super::params::spec_type_name(&f.ty),
                        want.name()
                    ),
                    Some(format!("name the field of `{model}` that holds it")),
                );
                None
            }
            None => {
                let near = closest(name, fields.iter().map(|f| f.name.as_str()));
                let help =
                    near.map_or_else(|| format!("name a field of `{model}`"), |n| format!("did you mean `{n}`?"));
                self.cx.error(&child(at, key), format!("the page model `{model}` has no field `{name}`"), Some(help));
                None
            }
        }
    }

    /// `cursors.after`: fields of `model`, each but the last a model, the last a string.
    fn cursor_path(&mut self, at: &YamlPath, model: &str, dotted: &str) -> Option<Vec<ir::FieldRef>> {
        let mut out = Vec::new();
        let mut current = model.to_owned();
        let steps: Vec<&str> = dotted.split('.').collect();
        for (i, step) in steps.iter().enumerate() {
            let fields = self.struct_fields.get(&current).cloned().unwrap_or_default();
            let Some(f) = fields.iter().find(|f| f.name == *step || f.wire_name == *step) else {
                let near = closest(step, fields.iter().map(|f| f.name.as_str()));
                let help =
                    near.map_or_else(|| format!("name a field of `{current}`"), |n| format!("did you mean `{n}`?"));
                self.cx.error(at, format!("`{current}` has no field `{step}`"), Some(help));
                return None;
            };
            out.push(ir::FieldRef { rust_name: f.rust_name.clone(), optional: !f.required });
            let last = i + 1 == steps.len();
            match (&f.ty, last) {
                (Type::String, true) => {}
                (Type::Model { rust_name, is_enum: false }, false) if !f.boxed => current = rust_name.clone(),
                (ty, _) => {
                    let shown = super::params::spec_type_name(ty);
                    let need = if last { "the cursor, a `string`" } else { "a model holding the cursor" };
                    self.cx.error(
                        at,
                        format!("`{step}` of `{current}` is `{shown}`, but the path needs {need} there"),
                        None,
                    );
                    return None;
                }
            }
        }
        Some(out)
    }
}

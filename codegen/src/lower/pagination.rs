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
        let page = match params.iter().find(|p| p.name == spec.page) {
            Some(p) if p.location == Location::Query && matches!(p.ty, Type::I32 | Type::I64) && !p.required => Some(p),
            Some(p) => {
                self.cx.error(
                    &child(&at, "page"),
                    format!("the page parameter `{}` must be an optional `int32` or `int64` query parameter", p.name),
                    Some("name the query parameter that takes the page number".into()),
                );
                None
            }
            None => {
                let near = closest(&spec.page, params.iter().map(|p| p.name.as_str()));
                let help = near.map_or_else(
                    || "name the operation's query parameter that takes the page number".to_owned(),
                    |n| format!("did you mean `{n}`?"),
                );
                self.cx.error(
                    &child(&at, "page"),
                    format!("operation `{}` has no parameter `{}`", op.id, spec.page),
                    Some(help),
                );
                None
            }
        };
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
        let fields = self.struct_fields.get(&model).cloned().unwrap_or_default();
        let mut field = |key: &str, name: &Option<String>, want: Want| -> Option<Option<(ir::PageField, Type)>> {
            let Some(name) = name else { return Some(None) };
            let found = fields.iter().find(|f| f.name == *name || f.wire_name == *name);
            match found {
                Some(f) if want.fits(&f.ty) => {
                    Some(Some((ir::PageField { rust_name: f.rust_name.clone(), optional: !f.required }, f.ty.clone())))
                }
                Some(f) => {
                    self.cx.error(
                        &child(&at, key),
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
                    self.cx.error(
                        &child(&at, key),
                        format!("the page model `{model}` has no field `{name}`"),
                        Some(help),
                    );
                    None
                }
            }
        };
        let items = field("items", &Some(spec.items.clone()), Want::Array);
        let page_count = field("page_count", &spec.page_count, Want::Integer);
        let last = field("last", &spec.last, Want::Boolean);
        let next = field("next", &spec.next, Want::String);
        let number = field("number", &spec.number, Want::Integer);
        let (Some(page), Some(Some((items, items_ty))), Some(page_count), Some(last), Some(next), Some(number)) =
            (page, items, page_count, last, next, number)
        else {
            return None;
        };
        let Type::Array(item) = items_ty else { return None };
        Some(Some(ir::Pagination {
            page_param: page.rust_name.clone(),
            page_is_i64: page.ty == Type::I64,
            first: spec.first,
            items,
            item: *item,
            page_count: page_count.map(|(f, _)| f),
            last: last.map(|(f, _)| f),
            next: next.map(|(f, _)| f),
            number: number.map(|(f, _)| f),
        }))
    }
}

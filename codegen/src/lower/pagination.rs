//! `pagination:`: which parameter asks for a page, and which fields of the response say what
//! the page holds and whether it is the last; and `waiter:`, which field of the response says
//! whether a job is done. Checked against the operation's parameters and its response model,
//! each mistake at its key.

use super::Lowerer;
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::naming;
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

impl Lowerer<'_> {
    /// The operation's waiter, or `None` (reported) when it does not fit the response.
    /// `Some(None)` when it has none.
    pub(super) fn lower_waiter(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        response: Option<&Type>,
    ) -> Option<Option<ir::Waiter>> {
        let Some(spec) = &op.waiter else { return Some(None) };
        let at = child(path, "waiter");
        let Some(Type::Model { rust_name: model, is_enum: false }) = response else {
            self.cx.error_key(
                &at,
                format!("operation `{}` has a waiter, so its response must be a model with the state", op.id),
                Some("set `response:` to the model whose field says the state".into()),
            );
            return None;
        };
        let fields = self.struct_fields.get(model).cloned().unwrap_or_default();
        let Some(field) = fields.iter().find(|f| f.name == spec.field || f.wire_name == spec.field) else {
            let near = closest(&spec.field, fields.iter().map(|f| f.name.as_str()));
            let help = near.map_or_else(|| format!("name a field of `{model}`"), |n| format!("did you mean `{n}`?"));
            self.cx.error(&child(&at, "field"), format!("`{model}` has no field `{}`", spec.field), Some(help));
            return None;
        };
        let values = match &field.ty {
            Type::Model { rust_name, is_enum: true } => Some(self.enum_values(rust_name)),
            Type::String => None,
            other => {
                let shown = super::params::spec_type_name(other);
                self.cx.error(
                    &child(&at, "field"),
                    format!("`{}` is `{shown}`; a waiter reads a state: an enum or a string", spec.field),
                    Some(format!("name the field of `{model}` that holds the state")),
                );
                return None;
            }
        };
        let mut ok = true;
        for (key, states) in [("success", &spec.success), ("failure", &spec.failure)] {
            if key == "success" && states.is_empty() {
                self.cx.error(&child(&at, key), "a waiter needs at least one `success` state", None);
                ok = false;
            }
            for (i, state) in states.iter().enumerate() {
                if let Some(values) = values.as_ref().filter(|v| !v.contains(state)) {
                    let near = closest(state, values.iter().map(String::as_str));
                    let help = match near {
                        Some(n) => format!("did you mean `{n}`? (the values are {})", crate::load::list(values)),
                        None => format!("the values are {}", crate::load::list(values)),
                    };
                    self.cx.error(
                        &crate::source_map::indexed(&child(&at, key), i),
                        format!("`{state}` is not a value of `{}`", spec.field),
                        Some(help),
                    );
                    ok = false;
                }
            }
        }
        let Some(name) = naming::snake(&spec.name) else {
            self.cx.error(&child(&at, "name"), format!("`{}` has no letters to name a method", spec.name), None);
            return None;
        };
        ok.then(|| {
            Some(ir::Waiter {
                method: format!("wait_until_{name}"),
                field: ir::PageField { rust_name: field.rust_name.clone(), optional: !field.required },
                is_enum: values.is_some(),
                field_name: field.name.clone(),
                success: spec.success.clone(),
                failure: spec.failure.clone(),
            })
        })
    }
}

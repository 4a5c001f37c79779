//! `waiter:`: which field of the operation's response says whether a job is done, and which of
//! its values end the wait. Checked against the response model (and the field's enum values),
//! each mistake at its key.

use super::Lowerer;
use crate::diagnostics::closest;
use crate::ir::{self, Type};
use crate::naming;
use crate::source_map::{YamlPath, child};
use crate::spec;

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
        let mut listed = std::collections::BTreeSet::new();
        for (key, states) in [("success", &spec.success), ("failure", &spec.failure)] {
            for (i, state) in states.iter().enumerate() {
                if state.is_empty() || !listed.insert(state.as_str()) {
                    let message = if state.is_empty() {
                        "a state is empty".to_owned()
                    } else {
                        format!("the state `{state}` is listed twice")
                    };
                    let help = "each state is listed once, in `success` or in `failure`";
                    self.cx.error(&crate::source_map::indexed(&child(&at, key), i), message, Some(help.into()));
                    ok = false;
                }
            }
        }
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
                field: ir::FieldRef { rust_name: field.rust_name.clone(), optional: !field.required },
                is_enum: values.is_some(),
                field_name: field.name.clone(),
                success: spec.success.clone(),
                failure: spec.failure.clone(),
            })
        })
    }
}

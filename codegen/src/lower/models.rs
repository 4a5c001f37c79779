//! Models: each object's fields and each enum's values, and the types that name them.

use std::collections::{BTreeSet, HashMap};

use serde_yaml::Value;

use super::names::NameScope;
use super::{Lowerer, ModelInfo, ModelKind};
use crate::diagnostics::closest;
use crate::ir::{self, Type};
use crate::load::list;
use crate::naming;
use crate::source_map::{YamlPath, child, indexed, key_path};
use crate::spec;
use crate::types::{self, SCALARS, Scalar, TypeExpr};

impl Lowerer<'_> {
    pub(super) fn declare_models(&mut self, models: &[(String, spec::ModelSpec)]) {
        let mut taken: HashMap<String, String> = HashMap::new();
        for (name, model) in models {
            let path = key_path(&["models", name]);
            let kind = match (&model.fields, &model.enum_values) {
                (Some(fields), None) => ModelKind::Struct { empty: fields.0.is_empty() },
                (None, Some(_)) => ModelKind::Enum,
                (Some(_), Some(_)) => {
                    self.cx.error_key(
                        &path,
                        format!("model `{name}` has both `fields` and `enum`"),
                        Some("a model is an object (`fields`) or a string enum (`enum`): keep one".into()),
                    );
                    self.broken_models.insert(name.clone());
                    continue;
                }
                (None, None) => {
                    self.cx.error_key(
                        &path,
                        format!("model `{name}` has neither `fields` nor `enum`"),
                        Some(
                            "add `fields:` for an object (`fields: {}` if it has none) or `enum:` for a string enum"
                                .into(),
                        ),
                    );
                    self.broken_models.insert(name.clone());
                    continue;
                }
            };
            let Some(rust_name) = naming::camel(name) else {
                self.cx.error_key(
                    &path,
                    format!("the model name `{name}` has no letters or digits"),
                    Some("name the model with letters, e.g. `ErrorBody`".into()),
                );
                continue;
            };
            if let Some(other) = taken.insert(rust_name.clone(), name.clone()) {
                self.cx.error_key(
                    &path,
                    format!("models `{other}` and `{name}` would both be the Rust type `{rust_name}`"),
                    Some("rename one of them".into()),
                );
                continue;
            }
            if kind == (ModelKind::Struct { empty: true }) {
                self.empty_objects.insert(rust_name.clone());
            }
            let (file, group) = (self.cx.current(), if self.whole { None } else { self.scope });
            self.models.insert(name.clone(), ModelInfo { rust_name, kind, file, group });
            self.model_order.push(name.clone());
        }
    }

    pub(super) fn lower_models(&mut self, models: &[(String, spec::ModelSpec)]) -> Vec<ir::Model> {
        let mut out = Vec::new();
        for (name, model) in models {
            let Some(info) = self.models.get(name) else { continue };
            let rust_name = info.rust_name.clone();
            let path = key_path(&["models", name]);
            if let Some(fields) = &model.fields {
                let fields = self.lower_fields(&path, name, &fields.0);
                out.push(ir::Model::Struct(ir::Struct {
                    name: name.clone(),
                    rust_name,
                    description: model.description.clone(),
                    fields,
                    reach: ir::Reach::All,
                }));
            } else if let Some(values) = &model.enum_values {
                let variants = self.lower_variants(&child(&path, "enum"), name, values);
                self.enum_values.insert(rust_name.clone(), variants.iter().map(|v| v.value.clone()).collect());
                out.push(ir::Model::Enum(ir::Enum {
                    name: name.clone(),
                    rust_name,
                    description: model.description.clone(),
                    variants,
                    reach: ir::Reach::All,
                }));
            }
        }
        out
    }

    pub(super) fn lower_fields(
        &mut self,
        model_path: &YamlPath,
        model: &str,
        fields: &[(String, spec::FieldSpec)],
    ) -> Vec<ir::Field> {
        let mut out = Vec::new();
        let mut names = NameScope::new(format!("model `{model}`"));
        for (wire_name, field) in fields {
            let path = child(&child(model_path, "fields"), wire_name);
            let Some(ty) = self.resolve_type(&child(&path, "type"), &field.ty) else { continue };
            let Some(rust_name) = self.rust_name(&path, wire_name, field.rust_name.as_deref(), naming::snake, "field")
            else {
                continue;
            };
            if !names.claim(self.cx, &path, &rust_name, wire_name) {
                continue;
            }
            out.push(ir::Field {
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                required: field.required,
                read_only: field.read_only,
                description: field.description.clone(),
                boxed: false,
            });
        }
        out
    }

    pub(super) fn lower_variants(&mut self, enum_path: &YamlPath, model: &str, values: &[Value]) -> Vec<ir::Variant> {
        if values.is_empty() {
            self.cx.error(
                enum_path,
                format!("enum `{model}` has no values"),
                Some("list the documented values, one `- value` per line".into()),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut names = NameScope::new(format!("enum `{model}`"));
        names.reserve(ir::UNKNOWN_VARIANT, "the variant that keeps undocumented values");
        let mut seen_values = BTreeSet::new();
        for (i, raw) in values.iter().enumerate() {
            let path = indexed(enum_path, i);
            let (value, description, rust_name) = match raw {
                Value::String(s) => (s.clone(), None, None),
                Value::Mapping(_) => match serde_path_to_error::deserialize::<_, spec::EnumValueSpec>(raw.clone()) {
                    Ok(v) => match v.value {
                        Value::String(s) => (s, v.description, v.rust_name),
                        other => {
                            self.non_string_enum_value(&child(&path, "value"), &other);
                            continue;
                        }
                    },
                    Err(err) => {
                        let help = "write `- value: ...` with optional `description:` and `rust_name:`";
                        self.cx.error(
                            &path,
                            format!("this enum value is not valid: {}", err.into_inner()),
                            Some(help.into()),
                        );
                        continue;
                    }
                },
                other => {
                    self.non_string_enum_value(&path, other);
                    continue;
                }
            };
            if !seen_values.insert(value.clone()) {
                self.cx.error(
                    &path,
                    format!("the value `{value}` is listed twice in enum `{model}`"),
                    Some("remove one".into()),
                );
                continue;
            }
            let overridden = rust_name.is_some();
            let Some(mut rust_name) = self.rust_name(&path, &value, rust_name.as_deref(), naming::camel, "enum value")
            else {
                continue;
            };
            if !overridden {
                rust_name = naming::strip_enum_name(&rust_name, &naming::camel(model).unwrap_or_default());
            }
            if !names.claim(self.cx, &path, &rust_name, &value) {
                continue;
            }
            out.push(ir::Variant { value, rust_name, description });
        }
        out
    }

    pub(super) fn non_string_enum_value(&mut self, path: &YamlPath, value: &Value) {
        let shown = serde_yaml::to_string(value).unwrap_or_default();
        let shown = shown.trim();
        self.cx.error(
            path,
            format!("the enum value `{shown}` is not a string"),
            Some(format!("enum values are sent as strings: quote it (\"{shown}\")")),
        );
    }

    pub(super) fn resolve_type(&mut self, path: &YamlPath, text: &str) -> Option<Type> {
        let expr = match types::parse(text) {
            Ok(expr) => expr,
            Err(err) => {
                self.cx.error(path, err.message, Some(err.help));
                return None;
            }
        };
        self.resolve_expr(path, &expr)
    }

    pub(super) fn resolve_expr(&mut self, path: &YamlPath, expr: &TypeExpr) -> Option<Type> {
        Some(match expr {
            TypeExpr::Scalar(s) => match s {
                Scalar::String => Type::String,
                Scalar::Boolean => Type::Bool,
                Scalar::Int32 => Type::I32,
                Scalar::Int64 => Type::I64,
                Scalar::Float => Type::F32,
                Scalar::Number => Type::F64,
                Scalar::DateTime => Type::DateTime,
                Scalar::Any => Type::Any,
            },
            TypeExpr::Array(inner) => Type::Array(Box::new(self.resolve_expr(path, inner)?)),
            TypeExpr::Map(inner) => Type::Map(Box::new(self.resolve_expr(path, inner)?)),
            TypeExpr::Named(name) => match self.models.get(name) {
                // A group sees the shared models and its own; the shared file sees its own.
                Some(info) if info.group.is_some() && info.group != self.scope => {
                    let file = self.cx.name_of(info.file).to_owned();
                    let message = match self.scope {
                        Some(_) => format!("model `{name}` belongs to another group (it is defined in `{file}`)"),
                        None => format!("a shared model cannot use `{name}`, which belongs to a group (`{file}`)"),
                    };
                    let help = "move the model to the vendor's `vendor.yaml`, where every group can use it";
                    self.cx.error(path, message, Some(help.into()));
                    return None;
                }
                Some(info) => Type::Model { rust_name: info.rust_name.clone(), is_enum: info.kind == ModelKind::Enum },
                // Its own error is reported already; an "unknown type" here would mislead.
                None if self.models_unreadable || self.broken_models.contains(name) => return None,
                None => {
                    let candidates = SCALARS.iter().map(|(n, _)| *n).chain(self.model_order.iter().map(String::as_str));
                    let help = match closest(name, candidates) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!(
                            "define `{name}` under `models:`, or use a built-in type ({})",
                            list(&SCALARS.iter().map(|(n, _)| *n).collect::<Vec<_>>())
                        ),
                    };
                    self.cx.error(path, format!("unknown type `{name}`"), Some(help));
                    return None;
                }
            },
        })
    }
}

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
            let Some(kind) = self.model_kind(&path, name, model) else {
                self.broken_models.insert(name.clone());
                continue;
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
                if model.empty {
                    self.empty_on_purpose.insert(rust_name.clone());
                }
            }
            let (file, group) = (self.cx.current(), if self.whole { None } else { self.scope });
            self.model_rust_names.entry(rust_name.clone()).or_insert_with(|| name.clone());
            self.models.insert(name.clone(), ModelInfo { rust_name, kind, file, group });
            self.model_order.push(name.clone());
        }
    }

    /// What `model` is, or `None` after saying why it is neither an object, an enum nor opaque.
    fn model_kind(&mut self, path: &YamlPath, name: &str, model: &spec::ModelSpec) -> Option<ModelKind> {
        let (message, help) = match (&model.fields, &model.enum_values, model.opaque) {
            (Some(fields), None, false) => {
                if model.empty && !fields.0.is_empty() {
                    (
                        format!("model `{name}` is marked `empty: true` but has fields"),
                        "`empty: true` says `fields: {}` is meant: remove it, or the fields".to_owned(),
                    )
                } else {
                    return Some(ModelKind::Struct { empty: fields.0.is_empty() });
                }
            }
            (None, Some(_), false) if !model.empty => return Some(ModelKind::Enum),
            (None, None, true) if !model.empty => return Some(ModelKind::Struct { empty: false }),
            (Some(_), Some(_), _) => (
                format!("model `{name}` has both `fields` and `enum`"),
                "a model is an object (`fields`) or a string enum (`enum`): keep one".to_owned(),
            ),
            (None, None, false) => (
                format!("model `{name}` has neither `fields` nor `enum`"),
                "add `fields:` for an object, `enum:` for a string enum, or `opaque: true` when the page names \
                 the model but does not give its shape"
                    .to_owned(),
            ),
            (_, _, true) => (
                format!("model `{name}` is `opaque: true` but says what it holds"),
                "`opaque` is for a model whose shape the page does not give: remove `opaque: true`, or the \
                 `fields`/`enum`/`empty`"
                    .to_owned(),
            ),
            (None, Some(_), false) => (
                format!("model `{name}` is an enum marked `empty: true`"),
                "`empty: true` is for an object with `fields: {}`: remove it".to_owned(),
            ),
        };
        self.cx.error_key(path, message, Some(help));
        None
    }

    pub(super) fn lower_models(&mut self, models: &[(String, spec::ModelSpec)]) -> Vec<ir::Model> {
        let mut out = Vec::new();
        for (name, model) in models {
            let Some(info) = self.models.get(name) else { continue };
            let rust_name = info.rust_name.clone();
            let path = key_path(&["models", name]);
            if model.fields.is_some() || model.opaque {
                let fields = match &model.fields {
                    Some(fields) => self.lower_fields(&path, name, &fields.0),
                    None => Vec::new(),
                };
                self.struct_fields.insert(rust_name.clone(), fields.clone());
                out.push(ir::Model::Struct(ir::Struct {
                    name: name.clone(),
                    rust_name,
                    description: model.description.clone(),
                    fields,
                    opaque: model.opaque,
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
        names.reserve(ir::UNKNOWN_FIELDS, "the map that keeps the fields the spec does not list");
        let mut wire_names: HashMap<String, String> = HashMap::new();
        for (name, field) in fields {
            let path = child(&child(model_path, "fields"), name);
            let ty = match &field.enum_values {
                Some(values) => {
                    let Some(owner) = naming::camel(model) else { continue };
                    let Some(own) = naming::camel(name) else { continue };
                    let description = format!("The documented values of the `{name}` field of `{owner}`.");
                    self.inline_enum_of(
                        &path,
                        &format!("field `{name}`"),
                        &field.ty,
                        format!("{owner}{own}"),
                        description,
                        values,
                    )
                }
                None => self.resolve_type(&child(&path, "type"), &field.ty),
            };
            let Some(ty) = ty else { continue };
            let Some(rust_name) = self.rust_name(&path, name, field.rust_name.as_deref(), naming::snake, "field")
            else {
                continue;
            };
            if !names.claim(self.cx, &path, &rust_name, name) {
                continue;
            }
            let wire_name = self.wire_name(name, field.wire_name.as_deref());
            if wire_name.is_empty() {
                self.cx.error(&child(&path, "wire_name"), "the wire name is empty", Some("remove `wire_name`".into()));
                continue;
            }
            if let Some(other) = wire_names.insert(wire_name.clone(), name.clone()) {
                self.cx.error_key(
                    &path,
                    format!("fields `{other}` and `{name}` of model `{model}` are both the JSON key `{wire_name}`"),
                    Some("give one of them the `wire_name:` the vendor's JSON uses".into()),
                );
                continue;
            }
            if field.secret && !matches!(ty, Type::String) {
                self.cx.error(
                    &child(&path, "secret"),
                    format!("only string fields can be secret; `{name}` is `{}`", field.ty),
                    Some("remove `secret: true`".into()),
                );
                continue;
            }
            out.push(ir::Field {
                name: name.clone(),
                wire_name,
                rust_name,
                ty,
                required: field.required,
                read_only: field.read_only,
                secret: field.secret,
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
                Scalar::Date => Type::Date,
                Scalar::LocalDateTime => Type::LocalDateTime,
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
                None if types::page_spelling_error(name).is_some() => {
                    let err = types::page_spelling_error(name)?;
                    self.cx.error(path, err.message, Some(err.help));
                    return None;
                }
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

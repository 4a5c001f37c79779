//! Parameters: type, place, wire name, secrecy and documented default.

use serde_yaml::Value;

use super::{Lowerer, SourcedParam};
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::load::list;
use crate::naming;
use crate::source_map::{YamlPath, child};
use crate::spec;

impl Lowerer<'_> {
    /// Lowers `p`, a parameter of the operation whose method is `op` (`get_locations`).
    pub(super) fn lower_param(&mut self, p: &SourcedParam<'_>, op: &str) -> Option<ir::Param> {
        let spec = p.spec;
        let ty = match &spec.enum_values {
            Some(values) => self.inline_enum(p, op, values)?,
            None => self.resolve_type(&child(&p.path, "type"), &spec.ty)?,
        };
        if !ty.is_scalar_param() {
            let place = location_name(spec.location);
            self.cx.error(
                &child(&p.path, "type"),
                format!("parameter `{}` has type `{}`, which cannot be sent in a {place}", spec.name, spec.ty),
                Some("parameters are strings, numbers, booleans, date-times, enums, or arrays of those".into()),
            );
            return None;
        }
        let location = spec.location;
        let required = match (location, spec.required) {
            (Location::Path, Some(false)) => {
                self.cx.error(
                    &child(&p.path, "required"),
                    format!("path parameter `{}` cannot be optional", spec.name),
                    Some("a path cannot be built without it: remove `required: false`".into()),
                );
                return None;
            }
            (Location::Path, _) => true,
            (_, required) => required.unwrap_or(false),
        };
        if location == Location::Path && matches!(ty, Type::Array(_)) {
            self.cx.error(
                &child(&p.path, "type"),
                format!("path parameter `{}` cannot be an array", spec.name),
                Some("a path parameter fills one segment: use a scalar type".into()),
            );
            return None;
        }
        // A vendor's rule for wire names covers the path and the query; headers are named as
        // documented (`Accept-Language`).
        let wire_name = match location {
            Location::Header => spec.wire_name.clone().unwrap_or_else(|| spec.name.clone()),
            _ => self.wire_name(&spec.name, spec.wire_name.as_deref()),
        };
        let collection_format = self.collection_format(p, &ty, &wire_name)?;
        let pattern = self.pattern(p, &ty)?;
        if location == Location::Header && !is_header_name(&wire_name) {
            self.cx.error(&child(&p.path, if spec.wire_name.is_some() { "wire_name" } else { "name" }), format!("`{wire_name}` is not a valid HTTP header name"), Some("header names are letters, digits and `-` (e.g. `Accept-Language`); set `wire_name:` to the header as sent".into()));
            return None;
        }
        if wire_name.is_empty() {
            self.cx.error(
                &child(&p.path, "wire_name"),
                "the wire name is empty",
                Some("remove `wire_name` to send the documented name".into()),
            );
            return None;
        }
        let rust_name = self.rust_name(&p.path, &spec.name, spec.rust_name.as_deref(), naming::snake, "parameter")?;
        if spec.secret && ty != Type::String {
            let what = if spec.enum_values.is_some() {
                "one of its `enum` values".to_owned()
            } else {
                format!("`{}`", spec.ty)
            };
            self.cx.error(
                &child(&p.path, "secret"),
                format!("only string parameters can be secret; `{}` is {what}", spec.name),
                Some("remove `secret: true`".into()),
            );
            return None;
        }
        if spec.secret && location == Location::Path {
            // The client cannot keep a path out of server logs, proxies and its own URL.
            self.cx.error(&child(&p.path, "secret"), format!("path parameter `{}` cannot be secret: a URL path is logged by servers and proxies", spec.name), Some("send the secret as a header or query parameter, as the vendor documents it, or remove `secret: true`".into()));
            return None;
        }
        let default = match &spec.default {
            Some(value) => Some(self.check_default(&child(&p.path, "default"), &spec.name, &ty, value)?),
            None => None,
        };
        if default.is_some() && required {
            self.cx.warning(
                &child(&p.path, "default"),
                format!("parameter `{}` is required, so its default is never used", spec.name),
                Some("remove `default`, or `required: true`".into()),
            );
        }
        Some(ir::Param {
            name: spec.name.clone(),
            wire_name,
            rust_name,
            location,
            ty,
            required,
            default,
            description: spec.description.clone(),
            secret: spec.secret,
            group: p.group.clone(),
            collection_format,
            pattern,
        })
    }

    /// A path parameter's documented pattern, when the client can check it; a pattern it
    /// cannot check is a warning (the value is still refused if it would leave its place).
    /// `Err` after reporting.
    fn pattern(&mut self, p: &SourcedParam<'_>, ty: &Type) -> Option<Option<String>> {
        let Some(pattern) = &p.spec.pattern else { return Some(None) };
        let at = child(&p.path, "pattern");
        if p.spec.location != Location::Path || *ty != Type::String {
            self.cx.error(
                &at,
                format!("`pattern` is for string path parameters; `{}` is not one", p.spec.name),
                Some("remove `pattern`".into()),
            );
            return None;
        }
        if !crate::path_template::checkable_pattern(pattern) {
            self.cx.warning(
                &at,
                format!("the client cannot check the pattern `{pattern}`, so it is not checked"),
                Some(
                    "the client checks `^...$` patterns of literal segments and `[^/]+` (a value that would \
                     leave its place is refused either way); write the pattern in that form to have it checked"
                        .into(),
                ),
            );
            return Some(None);
        }
        Some(Some(pattern.clone()))
    }

    /// How an array parameter goes on the wire, which the spec must say (pages document both
    /// forms); `None` for a scalar. `Err` after reporting.
    fn collection_format(
        &mut self,
        p: &SourcedParam<'_>,
        ty: &Type,
        wire: &str,
    ) -> Option<Option<spec::CollectionFormat>> {
        let spec = p.spec;
        let name = &spec.name;
        match (ty, spec.collection_format, spec.location) {
            (Type::Array(_), None, location) => {
                let help = match location {
                    Location::Header => {
                        "add `collection_format: csv` (a header is sent once, its values joined by `,`)".to_owned()
                    }
                    _ => format!(
                        "add `collection_format: multi` (the key repeated: `?{wire}=a&{wire}=b`, Swagger's `multi`) or \
                         `collection_format: csv` (one value: `?{wire}=a,b`), as the vendor documents it"
                    ),
                };
                self.cx.error_key(
                    &p.path,
                    format!("array parameter `{name}` does not say how it goes on the wire"),
                    Some(help),
                );
                None
            }
            (Type::Array(_), Some(spec::CollectionFormat::Multi), Location::Header) => {
                self.cx.error(
                    &child(&p.path, "collection_format"),
                    format!("header `{name}` cannot repeat: a header is sent once"),
                    Some("write `collection_format: csv`: the values go joined by `,`".into()),
                );
                None
            }
            (Type::Array(_), format, _) => Some(format),
            (_, Some(_), _) => {
                self.cx.error(
                    &child(&p.path, "collection_format"),
                    format!("`{name}` is not an array, so it has no collection format"),
                    Some("remove `collection_format`, or make the type `array<...>`".into()),
                );
                None
            }
            (_, None, _) => Some(None),
        }
    }

    /// The enum written inline on a parameter (`enum: [asc, desc]`) as a model named after its
    /// operation's method (or its parameter group) and itself: `GetLocationsSortOrder`. Its type is `string`,
    /// or `array<string>` for a list of the values.
    fn inline_enum(&mut self, p: &SourcedParam<'_>, op: &str, values: &[Value]) -> Option<Type> {
        let spec = p.spec;
        let owner = p.group.as_deref().unwrap_or(op);
        let rust_name = format!("{}{}", naming::camel(owner)?, naming::camel(&spec.name)?);
        let description = match &p.group {
            Some(group) => format!("The documented values of the `{}` parameter (group `{group}`).", spec.name),
            None => format!("The documented values of the `{}` parameter of `Client::{op}`.", spec.name),
        };
        let what = format!("parameter `{}`", spec.name);
        self.inline_enum_of(&p.path, &what, &spec.ty, rust_name, description, values)
    }

    /// An enum written inline (`enum: [a, b]` on a parameter or a field at `path`, of type
    /// `ty`): the model `rust_name`, made once. Its type is `string`, or `array<string>` for
    /// a list of the values.
    pub(super) fn inline_enum_of(
        &mut self,
        path: &YamlPath,
        what: &str,
        ty: &str,
        rust_name: String,
        description: String,
        values: &[Value],
    ) -> Option<Type> {
        let array = match ty.trim() {
            "string" => false,
            "array<string>" => true,
            other => {
                self.cx.error(
                    &child(path, "type"),
                    format!("{what} lists `enum` values, so its type is `string`, not `{other}`"),
                    Some("write `type: string`, or `type: array<string>` for a list of the values".into()),
                );
                return None;
            }
        };
        if !self.inline_enum_names.contains(&rust_name) {
            if let Some(model) = self.model_rust_names.get(&rust_name) {
                self.cx.error(
                    &child(path, "enum"),
                    format!("the values of {what} would be the enum `{rust_name}`, which model `{model}` already is"),
                    Some(format!("use the model (`type: {model}`) and drop `enum`, or rename the model")),
                );
                return None;
            }
            let variants = self.lower_variants(&child(path, "enum"), &rust_name, values);
            if variants.is_empty() {
                return None;
            }
            self.enum_values.insert(rust_name.clone(), variants.iter().map(|v| v.value.clone()).collect());
            self.inline_enum_names.insert(rust_name.clone());
            self.inline_enums.push(ir::Model::Enum(ir::Enum {
                name: rust_name.clone(),
                rust_name: rust_name.clone(),
                description: Some(description),
                variants,
                reach: ir::Reach::All,
            }));
        }
        let model = Type::Model { rust_name, is_enum: true };
        Some(if array { Type::Array(Box::new(model)) } else { model })
    }

    /// Checks a documented default against the parameter's type; returns its text for docs.
    pub(super) fn check_default(
        &mut self,
        path: &YamlPath,
        param: &str,
        ty: &Type,
        value: &Value,
    ) -> Option<ir::Literal> {
        let fits = match (ty, value) {
            (Type::String | Type::DateTime | Type::Date | Type::LocalDateTime, Value::String(s)) => {
                Some(ir::Literal::Str(s.clone()))
            }
            (Type::Bool, Value::Bool(b)) => Some(ir::Literal::Bool(*b)),
            (Type::I32, Value::Number(n)) if n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()) => {
                n.as_i64().map(ir::Literal::Int)
            }
            (Type::I64, Value::Number(n)) if n.as_i64().is_some() => n.as_i64().map(ir::Literal::Int),
            (Type::F32 | Type::F64, Value::Number(n)) => n.as_f64().filter(|f| f.is_finite()).map(ir::Literal::Float),
            (Type::Model { rust_name, is_enum: true }, Value::String(s)) => {
                let values = self.enum_values(rust_name);
                if values.contains(s) {
                    Some(ir::Literal::Str(s.clone()))
                } else {
                    let near = closest(s, values.iter().map(String::as_str))
                        .map(|n| format!("did you mean `{n}`? "))
                        .unwrap_or_default();
                    self.cx.error(
                        path,
                        format!("the default `{s}` of `{param}` is not one of its enum's values"),
                        Some(format!("{near}the values are {}", list(&values))),
                    );
                    return None;
                }
            }
            _ => None,
        };
        if fits.is_none() {
            let (shown, kind) = match value {
                Value::String(s) => (format!("\"{s}\""), "a string"),
                Value::Number(n) => (n.to_string(), "a number"),
                Value::Bool(b) => (b.to_string(), "a boolean"),
                Value::Null => ("~".to_owned(), "null"),
                Value::Sequence(_) => ("[...]".to_owned(), "a list"),
                _ => ("{...}".to_owned(), "a mapping"),
            };
            let hint = match (ty, value) {
                (Type::String, Value::Number(_) | Value::Bool(_)) => format!("quote it: `\"{shown}\"`"),
                (Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool, Value::String(s)) => {
                    format!("write `{s}` without quotes")
                }
                (Type::I32, Value::Number(_)) => {
                    "an int32 default must be a whole number that fits in 32 bits".to_owned()
                }
                (Type::I64, Value::Number(_)) => "an int64 default must be a whole number".to_owned(),
                _ => "write a value of the parameter's type, or remove `default`".to_owned(),
            };
            let type_name = spec_type_name(ty);
            self.cx.error(path, format!("the default `{shown}` is {kind}, but `{param}` is `{type_name}`"), Some(hint));
        }
        fits
    }

    pub(super) fn enum_values(&self, rust_name: &str) -> Vec<String> {
        self.enum_values.get(rust_name).cloned().unwrap_or_default()
    }
}

/// A type as a spec writes it, for messages.
pub(super) fn spec_type_name(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Bool => "boolean".into(),
        Type::I32 => "int32".into(),
        Type::I64 => "int64".into(),
        Type::F32 => "float".into(),
        Type::F64 => "number".into(),
        Type::DateTime => "date-time".into(),
        Type::Date => "date".into(),
        Type::LocalDateTime => "local-date-time".into(),
        Type::Any => "any".into(),
        Type::Model { rust_name, .. } => rust_name.clone(),
        Type::Array(inner) => format!("array<{}>", spec_type_name(inner)),
        Type::Map(inner) => format!("map<{}>", spec_type_name(inner)),
    }
}

pub(super) fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

pub(super) fn location_name(location: spec::Location) -> &'static str {
    match location {
        spec::Location::Path => "path",
        spec::Location::Query => "query",
        spec::Location::Header => "header",
    }
}

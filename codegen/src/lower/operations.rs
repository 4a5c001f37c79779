//! Operations: ids and method names, parameter groups, body and response, deprecation,
//! permissions and scopes. Path placeholders are matched in `placeholders.rs`.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::Value;

use super::names::NameScope;
use super::{Lowerer, SourcedParam};
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::naming;
use crate::path_template;
use crate::reserved;
use crate::source_map::{YamlPath, child, indexed, key_path};
use crate::spec::{self, HttpMethod, SpecFile};

impl Lowerer<'_> {
    /// Adds the parameter groups of `file` to `groups` (a group file sees the shared file's
    /// and its own; one name cannot be both).
    pub(super) fn declare_param_groups<'s>(&mut self, file: &'s SpecFile, groups: &mut ParamGroups<'s>) {
        for (name, params) in &file.spec.parameter_groups {
            let path = key_path(&["parameter_groups", name]);
            if let Some(first) = groups.get(name).and_then(|g| g.first()) {
                let other = self.cx.name_of(first.file).to_owned();
                self.cx.error_key(
                    &path,
                    format!("parameter group `{name}` is already defined in `{other}`"),
                    Some("give this group another name, or use the shared one".into()),
                );
                continue;
            }
            let sourced = params
                .iter()
                .map(|(i, spec)| SourcedParam {
                    spec,
                    file: file.file,
                    path: indexed(&path, *i),
                    group: Some(name.clone()),
                })
                .collect();
            groups.insert(name.clone(), sourced);
        }
    }

    /// The operations of `file`, the file of group `group`.
    pub(super) fn lower_operations(
        &mut self,
        file: &SpecFile,
        group: usize,
        prefix: &str,
        scopes: &[ir::Scope],
        groups: &ParamGroups<'_>,
        names: &mut OperationNames,
    ) -> Vec<ir::Operation> {
        let mut out = Vec::new();
        for (i, op) in &file.spec.operations {
            let (i, path) = (*i, indexed(&key_path(&["operations"]), *i));
            if let Some((first_file, first)) = names.ids.insert(op.id.clone(), (file.file, i)) {
                let where_ = if first_file == file.file {
                    format!("operations #{} and #{}", first + 1, i + 1)
                } else {
                    format!("also operation #{} of `{}`", first + 1, self.cx.name_of(first_file))
                };
                self.cx.error(
                    &child(&path, "id"),
                    format!("operation id `{}` is used twice ({where_})", op.id),
                    Some("operation ids must be unique: fix the copy".into()),
                );
                continue;
            }
            let base = op.id.strip_prefix(prefix).unwrap_or(&op.id);
            let Some(method_name) = self.rust_name(&path, base, op.rust_name.as_deref(), naming::snake, "operation id")
            else {
                continue;
            };
            let help = (!prefix.is_empty() && !op.id.starts_with(prefix)).then(|| {
                format!("`{}` lacks the prefix `{prefix}` that `operation_id_prefix` strips from the others: check the id (or give it a `rust_name:`)", op.id)
            });
            if !names.methods.claim_with_help(self.cx, &child(&path, "id"), &method_name, &op.id, help) {
                continue;
            }
            if let Some(lowered) = self.lower_operation(&path, op, group, method_name, scopes, groups) {
                out.push(lowered);
            }
        }
        out
    }

    pub(super) fn lower_operation(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        group: usize,
        method_name: String,
        scopes: &[ir::Scope],
        groups: &ParamGroups<'_>,
    ) -> Option<ir::Operation> {
        let file = self.cx.current();
        let errors_before = self.cx.has_errors();
        let pieces = match path_template::parse(&op.path) {
            Ok(pieces) => Some(pieces),
            Err((message, help)) => {
                self.cx.error(&child(path, "path"), message, Some(help));
                None
            }
        };

        // Own parameters, then each referenced group's.
        let mut sourced: Vec<SourcedParam<'_>> = op
            .parameters
            .iter()
            .enumerate()
            .map(|(i, spec)| SourcedParam { spec, file, path: indexed(&child(path, "parameters"), i), group: None })
            .collect();
        for (i, group) in op.parameter_groups.iter().enumerate() {
            match groups.get(group) {
                Some(params) => sourced.extend(params.iter().cloned()),
                None => {
                    let help = closest(group, groups.keys().map(String::as_str)).map_or_else(
                        || "define it under `parameter_groups:`".to_owned(),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.cx.error(
                        &indexed(&child(path, "parameter_groups"), i),
                        format!("unknown parameter group `{group}`"),
                        Some(help),
                    );
                }
            }
        }

        let mut params = Vec::new();
        let mut names = NameScope::new(format!("operation `{}`", op.id));
        for reserved in reserved::REQUEST_BUILDER_METHODS {
            names.reserve(reserved, &format!("every request builder's own `{reserved}`"));
        }
        if let Some(name) = op.waiter.as_ref().and_then(|w| naming::snake(&w.name)) {
            names.reserve(&format!("wait_until_{name}"), "the request builder's waiter");
        }
        if op.pagination.is_some() {
            for reserved in reserved::PAGING_METHODS {
                names.reserve(reserved, &format!("a paging request builder's own `{reserved}`"));
            }
        }
        let body_ty = self.lower_body(path, op);
        let mut body = None;
        if let (Some(Payload::Json(ty)), Some(request)) = (&body_ty, &op.request) {
            body = self.body_name(path, request, &mut names).map(|rust_name| ir::Body {
                ty: ty.clone(),
                required: request.required,
                rust_name,
                description: request.description.clone(),
            });
        }
        let mut wire_names: HashMap<(Location, String), (&SourcedParam<'_>, String)> = HashMap::new();
        for p in &sourced {
            // A shared group's parameter reports in the file it is written in.
            self.cx.select(p.file);
            let lowered = self.lower_param(p, &method_name);
            self.cx.select(file);
            let Some(param) = lowered else { continue };
            let key_name = if param.location == Location::Header {
                param.wire_name.to_ascii_lowercase()
            } else {
                param.wire_name.clone()
            };
            if let Some(&(first, _)) = wire_names.get(&(param.location, key_name.clone())) {
                // Own parameters come first; when a group repeats one, the fix is the
                // operation's own line (the group is shared).
                let (at, other) = match (&first.group, &p.group) {
                    (None, Some(_)) => (first, p),
                    _ => (p, first),
                };
                self.cx.select(other.file);
                let other_line = self.cx.source_map().key(&other.path).map_or(0, |pos| pos.line);
                let other_file = self.cx.file_name().to_owned();
                self.cx.select(at.file);
                let place = if other.file == at.file {
                    format!("line {other_line}")
                } else {
                    format!("{other_file}:{other_line}")
                };
                let (message, help) = match &other.group {
                    Some(group) => (
                        format!("`{}` is already sent by parameter group `{group}` ({place})", param.wire_name),
                        "remove it here: the group's parameter serves every operation that uses the group".to_owned(),
                    ),
                    None => (
                        format!("operation `{}` sends `{}` twice (also on {place})", op.id, param.wire_name),
                        "remove one, or give them different `wire_name`s".to_owned(),
                    ),
                };
                self.cx.error_key(&at.path, message, Some(help));
                self.cx.select(file);
                continue;
            }
            wire_names.insert((param.location, key_name), (p, param.wire_name.clone()));
            self.cx.select(p.file);
            let claimed = names.claim(self.cx, &p.path, &param.rust_name, &param.name);
            self.cx.select(file);
            if claimed {
                params.push(param);
            }
        }

        let path_pieces = match &pieces {
            Some(pieces) => self.match_placeholders(path, op, pieces, &params, &sourced),
            None => Vec::new(),
        };

        let response = self.lower_response(path, op);
        let text = self.lower_produces(path, op, &response);
        let response_ty = match &response {
            Some(Some(Payload::Json(ty))) => Some(ty),
            _ => None,
        };
        let (pagination, waiter) = match &response {
            Some(_) => {
                (self.lower_pagination(path, op, &params, response_ty), self.lower_waiter(path, op, response_ty))
            }
            None => (Some(None), Some(None)),
        };
        let deprecated = self.lower_deprecated(path, op.deprecated.as_ref());
        let permissions = self.lower_permissions(path, op.permissions.as_ref());
        let scopes = self.lower_op_scopes(path, op.scopes.as_ref(), scopes);
        if self.cx.has_errors() && !errors_before {
            return None;
        }
        let response = response?;
        let pagination = pagination?;
        let waiter = waiter?;

        super::placeholders::call_order(&mut params, &path_pieces);
        let builder_name = naming::camel(&method_name)?;
        Some(ir::Operation {
            id: op.id.clone(),
            group,
            method_name,
            builder_name,
            http_method: op.method,
            path: op.path.clone(),
            pieces: path_pieces,
            summary: op.summary.clone(),
            description: op.description.clone(),
            docs_url: op.docs_url.clone(),
            deprecated,
            permissions,
            scopes,
            params,
            body,
            empty_request: match body_ty {
                Some(Payload::EmptyObject(model)) => Some(model),
                _ => None,
            },
            empty_response: match &response {
                Some(Payload::EmptyObject(model)) => Some(model.clone()),
                _ => None,
            },
            response: match response {
                _ if text => ir::Response::Text,
                Some(Payload::Json(ty)) => ir::Response::Json(ty),
                Some(Payload::EmptyObject(_)) | None => ir::Response::Empty,
            },
            written_at: self.cx.locate(&child(path, "path")),
            pagination,
            waiter,
        })
    }

    /// The request body: a type, or an empty-object model (nothing is sent).
    pub(super) fn lower_body(&mut self, path: &YamlPath, op: &spec::OperationSpec) -> Option<Payload> {
        let request = op.request.as_ref()?;
        let at = child(path, "request");
        if matches!(op.method, HttpMethod::GET | HttpMethod::HEAD) {
            self.cx.error(
                &at,
                format!("a {:?} request cannot have a body", op.method),
                Some("remove `request:`, or check the documented method".into()),
            );
            return None;
        }
        let type_at = if request.short { at } else { child(&at, "type") };
        let ty = self.resolve_type(&type_at, &request.ty)?;
        self.payload(&type_at, ty, "send no request body")
    }

    /// The name of the request builder's body field: `body` for a required body (the
    /// method's last argument), the documented name for an optional one (its setter, as the
    /// page names it: `currency`). `None` after reporting a collision.
    fn body_name(&mut self, path: &YamlPath, request: &spec::RequestSpec, names: &mut NameScope) -> Option<String> {
        let at = child(path, "request");
        if request.required {
            names.reserve(reserved::BODY_ARGUMENT, "the request body argument");
            return Some(reserved::BODY_ARGUMENT.to_owned());
        }
        let Some(name) = request.name.as_deref() else {
            self.cx.error_key(
                &at,
                "an optional request body needs the name the page gives it",
                Some("add `name:` (Knetik's `currency`): it names the request builder's setter".into()),
            );
            return None;
        };
        let rust_name = self.rust_name(&child(&at, "name"), name, None, naming::snake, "request body")?;
        names.claim(self.cx, &child(&at, "name"), &rust_name, name).then_some(rust_name)
    }

    /// The 2xx response: `None` when the spec names none, else a type or an empty object.
    pub(super) fn lower_response(&mut self, path: &YamlPath, op: &spec::OperationSpec) -> Option<Option<Payload>> {
        let Some(text) = op.response.as_deref() else { return Some(None) };
        let at = child(path, "response");
        let ty = self.resolve_type(&at, text)?;
        Some(Some(self.payload(&at, ty, "discard the response body")?))
    }

    /// Whether the response is text (`produces: text/plain`, with `response: string`).
    fn lower_produces(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        response: &Option<Option<Payload>>,
    ) -> bool {
        let Some(produces) = op.produces.as_deref() else { return false };
        let at = child(path, "produces");
        match produces.split(';').next().unwrap_or("").trim() {
            "application/json" => false,
            "text/plain" => match response {
                Some(Some(Payload::Json(Type::String)) | None) => true,
                None => false,
                _ => {
                    self.cx.error(
                        &child(path, "response"),
                        "a `text/plain` response is text",
                        Some("write `response: string`".into()),
                    );
                    true
                }
            },
            other => {
                self.cx.error(
                    &at,
                    format!("`{other}` responses are not supported"),
                    Some("write `produces: text/plain` for text, or leave `produces` out for JSON".into()),
                );
                false
            }
        }
    }

    /// What `ty` is on the wire. A model with no fields stands for "nothing", but only when
    /// the spec says it is empty on purpose: a transcription that lost a model's fields would
    /// otherwise silently send or decode nothing (`lose` says which, for the message).
    fn payload(&mut self, at: &YamlPath, ty: Type, lose: &str) -> Option<Payload> {
        match &ty {
            // A set, not a scan of the models: this runs for every operation.
            Type::Model { rust_name, .. } if self.empty_objects.contains(rust_name) => {
                if !self.empty_on_purpose.contains(rust_name) {
                    let model = self.models.iter().find(|(_, m)| m.rust_name == *rust_name).map(|(n, _)| n.clone());
                    let model = model.unwrap_or_else(|| rust_name.clone());
                    self.cx.error(
                        at,
                        format!("model `{model}` has no fields, so this operation would {lose}"),
                        Some(format!(
                            "if the page names `{model}` without giving its fields, mark it `opaque: true` (its JSON \
                             is kept whole); if the vendor documents an empty object (`{{}}`), mark it `empty: true`"
                        )),
                    );
                    return None;
                }
                Some(Payload::EmptyObject(rust_name.clone()))
            }
            _ => Some(Payload::Json(ty)),
        }
    }

    pub(super) fn lower_deprecated(&mut self, path: &YamlPath, value: Option<&Value>) -> Option<Option<String>> {
        match value? {
            Value::Bool(false) => None,
            Value::Bool(true) => Some(None),
            Value::String(word)
                if ["yes", "no", "on", "off", "y", "n"].contains(&word.to_ascii_lowercase().as_str()) =>
            {
                let help = format!(
                    "`{word}` is a string in YAML 1.2, which would become the deprecation note: write `deprecated: true` or `false`, or a sentence saying why"
                );
                self.cx.error(&child(path, "deprecated"), format!("`deprecated: {word}` is not a boolean"), Some(help));
                None
            }
            Value::String(note) => Some(Some(note.clone())),
            _ => {
                self.cx.error(
                    &child(path, "deprecated"),
                    "`deprecated` must be `true`, `false` or a string saying why",
                    None,
                );
                None
            }
        }
    }

    pub(super) fn lower_permissions(&mut self, path: &YamlPath, value: Option<&Value>) -> ir::Permissions {
        let at = child(path, "permissions");
        let help = "write `permissions: none`, or `permissions: {any: [a, b]}` (\"Requires ANY\") or `{all: [a, b]}`";
        match value {
            None => ir::Permissions::Unstated,
            Some(Value::String(s)) if s == "none" => ir::Permissions::NoneRequired,
            Some(Value::Mapping(m)) if m.len() == 1 => {
                let (key, list) =
                    m.iter().next().map(|(k, v)| (k.as_str().unwrap_or(""), v)).unwrap_or(("", &Value::Null));
                let names: Option<Vec<String>> =
                    list.as_sequence().and_then(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect());
                match (key, names) {
                    ("any", Some(names)) if !names.is_empty() => ir::Permissions::Any(names),
                    ("all", Some(names)) if !names.is_empty() => ir::Permissions::All(names),
                    ("any" | "all", _) => {
                        self.cx.error(
                            &at,
                            format!("`permissions.{key}` must be a non-empty list of permission names"),
                            Some(help.into()),
                        );
                        ir::Permissions::Unstated
                    }
                    (other, _) => {
                        self.cx.error(&at, format!("`{other}` is neither `any` nor `all`"), Some(help.into()));
                        ir::Permissions::Unstated
                    }
                }
            }
            Some(_) => {
                self.cx.error(&at, "`permissions` is not understood", Some(help.into()));
                ir::Permissions::Unstated
            }
        }
    }

    pub(super) fn lower_op_scopes(
        &mut self,
        path: &YamlPath,
        value: Option<&Value>,
        scopes: &[ir::Scope],
    ) -> ir::Scopes {
        let at = child(path, "scopes");
        let all = || scopes.iter().map(|s| (s.rust_name.clone(), s.url.clone())).collect();
        match value {
            None => ir::Scopes::Unstated,
            Some(Value::String(s)) if s == "all" => {
                if scopes.is_empty() {
                    self.cx.error(
                        &at,
                        "`scopes: all` but the API lists no scopes",
                        Some("list the scopes under `api.auth.scopes`".into()),
                    );
                }
                ir::Scopes::AnyOf(all())
            }
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let url = item.as_str().unwrap_or_default();
                    match scopes.iter().find(|s| s.url == url) {
                        Some(s) => out.push((s.rust_name.clone(), s.url.clone())),
                        None => {
                            let near = closest(url, scopes.iter().map(|s| s.url.as_str())).map_or_else(
                                || "add it to `api.auth.scopes`".to_owned(),
                                |n| format!("did you mean `{n}`?"),
                            );
                            self.cx.error(
                                &indexed(&at, i),
                                format!("`{url}` is not one of the API's scopes"),
                                Some(near),
                            );
                        }
                    }
                }
                ir::Scopes::AnyOf(out)
            }
            Some(_) => {
                self.cx.error(
                    &at,
                    "`scopes` is not understood",
                    Some("write `scopes: all`, or a list of scope URLs".into()),
                );
                ir::Scopes::Unstated
            }
        }
    }
}

/// What a body or response is on the wire.
pub(super) enum Payload {
    Json(Type),
    /// An empty-object model (its Rust name): nothing to send or decode.
    EmptyObject(String),
}

/// Parameter group name -> its parameters, as one operation's file sees them.
pub(super) type ParamGroups<'s> = BTreeMap<String, Vec<SourcedParam<'s>>>;

/// Operation ids and method names, unique across every group of one API (one `Client`).
pub(super) struct OperationNames {
    /// Id -> the file and index it was first used at.
    ids: HashMap<String, (usize, usize)>,
    methods: NameScope,
}

impl OperationNames {
    pub(super) fn new() -> Self {
        let mut methods = NameScope::new("the client's methods".into());
        for reserved in reserved::CLIENT_METHODS {
            methods.reserve(reserved, "the constructor of the client builder");
        }
        OperationNames { ids: HashMap::new(), methods }
    }
}

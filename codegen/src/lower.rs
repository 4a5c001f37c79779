//! Spec -> IR: resolves references, decides every Rust name, and checks everything the
//! generated code relies on. Each rule reports a located diagnostic and carries on, so a
//! maintainer sees all independent mistakes at once; any error means no IR.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde_yaml::Value;

use crate::context::Context;
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::load::list;
use crate::naming;
use crate::path_template::{self, Piece};
use crate::source_map::{Seg, YamlPath};
use crate::spec::{self, HttpMethod, ParamSpec, Spec};
use crate::types::{self, SCALARS, Scalar, TypeExpr};

/// Names the generated module defines at its top level, which a server enum must not take.
const RESERVED_TOP_LEVEL: &[&str] = &["Client", "ClientBuilder", "Scope", "API", "ApiKey", "models", "requests"];
/// Client methods that are not operations.
const RESERVED_METHODS: &[&str] = &["builder"];
/// `ClientBuilder` methods, which a servers enum's setter must not take.
const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "bearer_token",
    "token_source",
    "timeout",
    "no_timeout",
    "retry",
    "http_client",
    "build",
    "default_header",
    "user_agent",
    "max_response_size",
    "api_key",
    "client_credentials",
    "token_url",
    "documented_server",
    "documented_api_key",
    "documented_client_credentials",
    "documented_token_url",
];
/// Request builder methods and fields that are not parameters.
const RESERVED_SETTERS: &[&str] =
    &["send", "send_with_response", "into_future", "request", "timeout", "retry", "header", "query"];

/// Lowers `spec` (from `spec/<module>.yaml`) to IR, or `None` after reporting why not.
pub fn lower(cx: &mut Context, module: &str, spec_path: &str, spec: Spec) -> Option<ir::Api> {
    let mut lw = Lowerer {
        cx,
        models: HashMap::new(),
        model_order: Vec::new(),
        enum_values: HashMap::new(),
        empty_objects: HashSet::new(),
        broken_models: spec.unloaded_models.iter().cloned().collect(),
        models_unreadable: spec.models_unreadable,
    };
    lw.declare_models(&spec.models);
    let models = lw.lower_models(&spec.models);
    lw.check_recursion(&models);
    let models = box_recursive_fields(models);

    let api = &spec.api;
    let api_path = key_path(&["api"]);
    lw.check_url(&child(&api_path, "base_url"), &api.base_url);
    if api.sources.is_empty() {
        lw.cx.error(
            &child(&api_path, "sources"),
            "`sources` is empty",
            Some("name at least one seed file or vendor page this spec was transcribed from".into()),
        );
    }
    let scopes = lw.lower_scopes(api.auth.as_ref().map(|a| a.scopes.as_slice()).unwrap_or_default());
    let servers = api.servers.as_ref().and_then(|s| lw.lower_servers(s));
    let api_key = api.auth.as_ref().and_then(|a| a.api_key.as_ref()).and_then(|key| {
        let path = key_path(&["api", "auth", "api_key"]);
        match key.location {
            spec::Location::Path => {
                lw.cx.error(
                    &child(&path, "in"),
                    "an API key cannot be a path parameter",
                    Some("write `in: query` or `in: header`".into()),
                );
                None
            }
            spec::Location::Header if !is_header_name(&key.name) => {
                lw.cx.error(
                    &child(&path, "name"),
                    format!("`{}` is not a valid HTTP header name", key.name),
                    Some("write the header as sent, e.g. `X-Api-Key`".into()),
                );
                None
            }
            _ if key.name.is_empty() => {
                lw.cx.error(
                    &child(&path, "name"),
                    "the API key's name is empty",
                    Some("write the query parameter or header it is sent as".into()),
                );
                None
            }
            location => Some((location, key.name.clone())),
        }
    });
    let client_credentials = lw.lower_client_credentials(api);
    let error = api.error.as_ref().and_then(|e| lw.lower_error(e, &models));
    let groups = lw.lower_groups(&spec.parameter_groups);
    let operations = lw.lower_operations(&spec, &scopes, &groups);
    // With errors, some uses may not have been read: an "unused" warning would be noise.
    if !lw.cx.has_errors() {
        lw.warn_unused_models(&spec, &models, &operations, error.as_ref());
    }

    if lw.cx.has_errors() {
        return None;
    }
    Some(ir::Api {
        module: module.to_owned(),
        spec_path: spec_path.to_owned(),
        title: api.title.clone(),
        name: api.name.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        docs_url: api.docs_url.clone(),
        sources: api
            .sources
            .iter()
            .map(|s| ir::Source { seed: s.seed.clone(), url: s.url.clone(), note: s.note.clone() })
            .collect(),
        base_url: api.base_url.clone(),
        servers,
        bearer: api.auth.as_ref().is_some_and(|a| a.bearer),
        scopes,
        api_key,
        client_credentials,
        error,
        operations,
        models,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ModelKind {
    Struct { empty: bool },
    Enum,
}

struct ModelInfo {
    rust_name: String,
    kind: ModelKind,
}

struct Lowerer<'a> {
    cx: &'a mut Context,
    /// Documented model name -> what it is (only models that loaded).
    models: HashMap<String, ModelInfo>,
    model_order: Vec<String>,
    /// Enum Rust name -> its documented values (for checking defaults).
    enum_values: HashMap<String, Vec<String>>,
    /// Rust names of the empty-object models, which stand for "no body".
    empty_objects: HashSet<String>,
    /// Models that are written but unusable (their error is reported): uses stay quiet.
    broken_models: BTreeSet<String>,
    /// `models:` could not be read (reported): no unknown-type errors follow from it.
    models_unreadable: bool,
}

/// A parameter with the path it was written at (its group's, for shared ones).
struct SourcedParam<'s> {
    spec: &'s ParamSpec,
    path: YamlPath,
    group: Option<String>,
}

impl Lowerer<'_> {
    // ---- models -------------------------------------------------------------------------

    fn declare_models(&mut self, models: &[(String, spec::ModelSpec)]) {
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
            self.models.insert(name.clone(), ModelInfo { rust_name, kind });
            self.model_order.push(name.clone());
        }
    }

    fn lower_models(&mut self, models: &[(String, spec::ModelSpec)]) -> Vec<ir::Model> {
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
                }));
            } else if let Some(values) = &model.enum_values {
                let variants = self.lower_variants(&child(&path, "enum"), name, values);
                self.enum_values.insert(rust_name.clone(), variants.iter().map(|v| v.value.clone()).collect());
                out.push(ir::Model::Enum(ir::Enum {
                    name: name.clone(),
                    rust_name,
                    description: model.description.clone(),
                    variants,
                }));
            }
        }
        out
    }

    fn lower_fields(
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

    fn lower_variants(&mut self, enum_path: &YamlPath, model: &str, values: &[Value]) -> Vec<ir::Variant> {
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

    fn non_string_enum_value(&mut self, path: &YamlPath, value: &Value) {
        let shown = serde_yaml::to_string(value).unwrap_or_default();
        let shown = shown.trim();
        self.cx.error(
            path,
            format!("the enum value `{shown}` is not a string"),
            Some(format!("enum values are sent as strings: quote it (\"{shown}\")")),
        );
    }

    /// A required field whose type leads back to its own model through required, unboxed
    /// fields can never be built or received: that is a mistake in the spec.
    fn check_recursion(&mut self, models: &[ir::Model]) {
        let cycles = Cycles::of(&direct_edges(models, true));
        for model in models {
            let ir::Model::Struct(s) = model else { continue };
            for field in &s.fields {
                if let Type::Model { rust_name, is_enum: false } = &field.ty {
                    if field.required && cycles.on_one(&s.rust_name, rust_name) {
                        let path = key_path(&["models", &s.name, "fields", &field.wire_name]);
                        self.cx.error_key(
                            &path,
                            format!("model `{}` contains itself through required field `{}`: no value could ever be complete", s.name, field.wire_name),
                            Some("make the field optional (`required: false`) or an `array<...>`".into()),
                        );
                    }
                }
            }
        }
    }

    // ---- types and names ----------------------------------------------------------------

    fn resolve_type(&mut self, path: &YamlPath, text: &str) -> Option<Type> {
        let expr = match types::parse(text) {
            Ok(expr) => expr,
            Err(err) => {
                self.cx.error(path, err.message, Some(err.help));
                return None;
            }
        };
        self.resolve_expr(path, &expr)
    }

    fn resolve_expr(&mut self, path: &YamlPath, expr: &TypeExpr) -> Option<Type> {
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

    /// The Rust name of a documented name: the `rust_name` override if given (and valid),
    /// else `convert(documented)`.
    fn rust_name(
        &mut self,
        path: &YamlPath,
        documented: &str,
        override_: Option<&str>,
        convert: fn(&str) -> Option<String>,
        what: &str,
    ) -> Option<String> {
        if let Some(name) = override_ {
            if naming::is_identifier(name) && convert(name).as_deref() == Some(name) {
                return Some(name.to_owned());
            }
            let want = convert(name)
                .filter(|n| naming::is_identifier(n))
                .map(|n| format!(" (e.g. `{n}`)"))
                .unwrap_or_default();
            self.cx.error(
                &child(path, "rust_name"),
                format!("`{name}` is not a usable Rust name for a {what}"),
                Some(format!("write a plain identifier in Rust's case for a {what}, not a keyword{want}")),
            );
            return None;
        }
        let converted = convert(documented);
        if converted.is_none() {
            self.cx.error_key(
                path,
                format!("the {what} `{documented}` has no letters or digits to make a Rust name from"),
                Some("add `rust_name:` with the name to use in Rust".into()),
            );
        }
        converted
    }

    // ---- api block ----------------------------------------------------------------------

    fn check_url(&mut self, path: &YamlPath, url: &str) {
        let ok = ["https://", "http://"].iter().any(|scheme| {
            url.strip_prefix(scheme).is_some_and(|rest| {
                let host = rest.split('/').next().unwrap_or("");
                !host.is_empty() && !url.contains(['?', '#', ' ', '{'])
            })
        });
        if !ok {
            let help = if !url.contains("://") && !url.is_empty() && !url.starts_with('/') {
                format!("write the full URL with its scheme: `https://{url}`")
            } else {
                "write the full URL, e.g. `https://api.example.com` (no query string)".to_owned()
            };
            self.cx.error(path, format!("`{url}` is not an absolute http(s) URL"), Some(help));
        }
    }

    fn lower_scopes(&mut self, scopes: &[spec::ScopeSpec]) -> Vec<ir::Scope> {
        let urls: Vec<&str> = scopes.iter().map(|s| s.url.as_str()).collect();
        let prefix = common_prefix(&urls);
        let mut names = NameScope::new("the scopes".into());
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (i, scope) in scopes.iter().enumerate() {
            let path = indexed(&key_path(&["api", "auth", "scopes"]), i);
            if !seen.insert(scope.url.clone()) {
                self.cx.error(
                    &child(&path, "url"),
                    format!("the scope `{}` is listed twice", scope.url),
                    Some("remove one".into()),
                );
                continue;
            }
            let Some(rust_name) = self.rust_name(&path, &scope.url[prefix..], None, naming::camel, "scope") else {
                continue;
            };
            if names.claim(self.cx, &child(&path, "url"), &rust_name, &scope.url) {
                out.push(ir::Scope { url: scope.url.clone(), rust_name, description: scope.description.clone() });
            }
        }
        out
    }

    fn lower_servers(&mut self, servers: &spec::ServersSpec) -> Option<ir::Servers> {
        let path = key_path(&["api", "servers"]);
        let enum_name = servers.enum_name.clone();
        let valid =
            naming::camel(&enum_name).as_deref() == Some(enum_name.as_str()) && naming::is_identifier(&enum_name);
        if !valid || RESERVED_TOP_LEVEL.contains(&enum_name.as_str()) {
            let help = format!("name the enum in UpperCamelCase, other than {}", list(RESERVED_TOP_LEVEL));
            self.cx.error(&child(&path, "enum"), format!("`{enum_name}` cannot name the servers enum"), Some(help));
            return None;
        }
        let mut names = NameScope::new(format!("enum `{enum_name}`"));
        let mut values = Vec::new();
        for (i, server) in servers.values.iter().enumerate() {
            let server_path = indexed(&child(&path, "values"), i);
            self.check_url(&child(&server_path, "url"), &server.url);
            if let Some(token_url) = &server.token_url {
                self.check_url(&child(&server_path, "token_url"), token_url);
            }
            let Some(rust_name) =
                self.rust_name(&server_path, &server.name, server.rust_name.as_deref(), naming::camel, "server")
            else {
                continue;
            };
            if names.claim(self.cx, &child(&server_path, "name"), &rust_name, &server.name) {
                values.push(ir::Server {
                    name: server.name.clone(),
                    rust_name,
                    url: server.url.clone(),
                    token_url: server.token_url.clone(),
                    description: server.description.clone(),
                });
            }
        }
        if values.is_empty() {
            self.cx.error(
                &child(&path, "values"),
                "`servers` lists no values",
                Some("list the documented base URLs, or remove `servers`".into()),
            );
            return None;
        }
        // `token_url()` answers for every value, or the enum has none.
        let with_token = values.iter().filter(|v| v.token_url.is_some()).count();
        if with_token != 0 && with_token != values.len() {
            if let Some(i) = servers.values.iter().position(|v| v.token_url.is_none()) {
                let at = indexed(&child(&path, "values"), i);
                self.cx.error_key(
                    &at,
                    format!("server `{}` has no `token_url`, but others do", servers.values[i].name),
                    Some("give every server its token endpoint, or none".into()),
                );
            }
            return None;
        }
        let setter = naming::snake(&enum_name)?;
        if RESERVED_BUILDER_METHODS.contains(&setter.as_str()) {
            let help = format!(
                "its setter `{setter}` would clash with `ClientBuilder::{setter}`: name the enum otherwise (e.g. `Region`)"
            );
            self.cx.error(&child(&path, "enum"), format!("`{enum_name}` cannot name the servers enum"), Some(help));
            return None;
        }
        Some(ir::Servers { enum_name, setter, values })
    }

    /// `api.auth.client_credentials`, and the token endpoints it relies on: its own
    /// `token_url`, or the servers' (then the default base URL must be one of the servers).
    fn lower_client_credentials(&mut self, api: &spec::ApiSpec) -> Option<ir::ClientCredentials> {
        let servers = api.servers.as_ref().map(|s| s.values.as_slice()).unwrap_or_default();
        let first_server_token = servers.iter().position(|s| s.token_url.is_some());
        let path = key_path(&["api", "auth", "client_credentials"]);
        let Some((auth, grant)) = api.auth.as_ref().and_then(|a| Some((a, a.client_credentials.as_ref()?))) else {
            if let Some(i) = first_server_token {
                let at = child(&indexed(&key_path(&["api", "servers", "values"]), i), "token_url");
                let help = "add `client_credentials: {client_auth: basic}` under `api.auth` (`body` when the \
                            client id and secret go as form fields), or remove the servers' `token_url`";
                self.cx.error(
                    &at,
                    "servers name token endpoints, but `api.auth.client_credentials` is missing",
                    Some(help.into()),
                );
            }
            return None;
        };
        if !auth.bearer {
            let help = "the grant's tokens are sent as `Authorization: Bearer`: add `bearer: true` to `api.auth`";
            self.cx.error_key(&path, "client credentials need bearer authentication", Some(help.into()));
        }
        match &grant.token_url {
            Some(url) if url.starts_with('/') && (url.contains(['?', '#', ' ', '{']) || url.starts_with("//")) => {
                let help = "write a plain path such as `/oauth/token`, or a full URL";
                self.cx.error(
                    &child(&path, "token_url"),
                    format!("`{url}` is not a usable token path"),
                    Some(help.into()),
                );
            }
            Some(url) if url.starts_with('/') => {}
            Some(url) => self.check_url(&child(&path, "token_url"), url),
            None if first_server_token.is_none() => {
                let help = "write `token_url:` here (a path under the base URL such as `/oauth/token`, or a full URL), \
                            or give every server its `token_url`";
                self.cx.error_key(&path, "no token endpoint is documented", Some(help.into()));
            }
            None => {}
        }
        let same = |url: &str| url.trim_end_matches('/') == api.base_url.trim_end_matches('/');
        let default_server_token_url = servers.iter().find(|s| same(&s.url)).and_then(|s| s.token_url.clone());
        if grant.token_url.is_none() && first_server_token.is_some() && default_server_token_url.is_none() {
            let help = "list the default base URL among `servers` (with its `token_url`), or write `client_credentials.token_url`";
            self.cx.error(
                &key_path(&["api", "base_url"]),
                "the default base URL is none of the servers, so its token endpoint is unknown",
                Some(help.into()),
            );
        }
        Some(ir::ClientCredentials {
            token_url: grant.token_url.clone(),
            default_server_token_url,
            credentials_in_body: grant.client_auth == spec::ClientAuth::Body,
        })
    }

    fn lower_error(&mut self, error: &spec::ErrorSpec, models: &[ir::Model]) -> Option<ir::ErrorModel> {
        let path = key_path(&["api", "error"]);
        let find_struct = |rust: &str| {
            models.iter().find_map(|m| match m {
                ir::Model::Struct(s) if s.rust_name == rust => Some(s),
                _ => None,
            })
        };
        let Some(Type::Model { rust_name, is_enum: false }) = self.resolve_type(&child(&path, "model"), &error.model)
        else {
            if self.models.get(&error.model).is_some_and(|m| m.kind == ModelKind::Enum) {
                self.cx.error(
                    &child(&path, "model"),
                    format!("the error model `{}` is an enum", error.model),
                    Some("name the object model of the documented error body".into()),
                );
            }
            return None;
        };
        let mut steps = Vec::new();
        if let Some(message) = &error.message {
            let mut current = find_struct(&rust_name)?;
            let parts: Vec<&str> = message.split('.').collect();
            for (i, part) in parts.iter().enumerate() {
                let Some(field) = current.fields.iter().find(|f| f.wire_name == *part) else {
                    let near = closest(part, current.fields.iter().map(|f| f.wire_name.as_str()));
                    let help = near.map_or_else(
                        || {
                            format!(
                                "name a field of `{}` ({})",
                                current.name,
                                list(&current.fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>())
                            )
                        },
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.cx.error(
                        &child(&path, "message"),
                        format!("model `{}` has no field `{part}`", current.name),
                        Some(help),
                    );
                    return None;
                };
                let (array, element) = match &field.ty {
                    Type::Array(inner) => (true, &**inner),
                    other => (false, other),
                };
                steps.push(ir::MessageStep { field: field.rust_name.clone(), optional: !field.required, array });
                let last = i + 1 == parts.len();
                match (element, last) {
                    (Type::String, true) => {}
                    (Type::Model { rust_name, is_enum: false }, false) => current = find_struct(rust_name)?,
                    _ => {
                        let want = if last { "a string" } else { "an object model" };
                        self.cx.error(
                            &child(&path, "message"),
                            format!("`{part}` in `{message}` is not {want}"),
                            Some("point `message` at the string field that holds the human-readable message".into()),
                        );
                        return None;
                    }
                }
            }
        }
        Some(ir::ErrorModel { model: rust_name, message: steps })
    }

    fn lower_groups<'s>(
        &mut self,
        groups: &'s [(String, Vec<(usize, ParamSpec)>)],
    ) -> BTreeMap<String, Vec<SourcedParam<'s>>> {
        groups
            .iter()
            .map(|(name, params)| {
                let sourced = params
                    .iter()
                    .map(|(i, spec)| SourcedParam {
                        spec,
                        path: indexed(&key_path(&["parameter_groups", name]), *i),
                        group: Some(name.clone()),
                    })
                    .collect();
                (name.clone(), sourced)
            })
            .collect()
    }

    // ---- operations ---------------------------------------------------------------------

    fn lower_operations(
        &mut self,
        spec: &Spec,
        scopes: &[ir::Scope],
        groups: &BTreeMap<String, Vec<SourcedParam<'_>>>,
    ) -> Vec<ir::Operation> {
        let mut ids: HashMap<&str, usize> = HashMap::new();
        let mut methods = NameScope::new("the client's methods".into());
        for reserved in RESERVED_METHODS {
            methods.reserve(reserved, "the constructor of the client builder");
        }
        let prefix = spec.api.operation_id_prefix.as_deref().unwrap_or("");
        let mut out = Vec::new();
        for (i, op) in &spec.operations {
            let (i, path) = (*i, indexed(&key_path(&["operations"]), *i));
            if let Some(first) = ids.insert(&op.id, i) {
                self.cx.error(
                    &child(&path, "id"),
                    format!("operation id `{}` is used twice (operations #{} and #{})", op.id, first + 1, i + 1),
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
            if !methods.claim_with_help(self.cx, &child(&path, "id"), &method_name, &op.id, help) {
                continue;
            }
            if let Some(lowered) = self.lower_operation(&path, op, method_name, scopes, groups) {
                out.push(lowered);
            }
        }
        out
    }

    fn lower_operation(
        &mut self,
        path: &YamlPath,
        op: &spec::OperationSpec,
        method_name: String,
        scopes: &[ir::Scope],
        groups: &BTreeMap<String, Vec<SourcedParam<'_>>>,
    ) -> Option<ir::Operation> {
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
            .map(|(i, spec)| SourcedParam { spec, path: indexed(&child(path, "parameters"), i), group: None })
            .collect();
        for (i, group) in op.parameter_groups.iter().enumerate() {
            match groups.get(group) {
                Some(params) => sourced.extend(params.iter().map(|p| SourcedParam {
                    spec: p.spec,
                    path: p.path.clone(),
                    group: p.group.clone(),
                })),
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
        for reserved in RESERVED_SETTERS {
            names.reserve(reserved, &format!("every request builder's own `{reserved}`"));
        }
        let body_ty = self.lower_body(path, op);
        if matches!(body_ty, Some(Some(_))) {
            names.reserve("body", "the request body argument");
        }
        let mut wire_names: HashMap<(Location, String), (YamlPath, Option<String>)> = HashMap::new();
        for p in &sourced {
            if let Some(param) = self.lower_param(p) {
                let key_name = if param.location == Location::Header {
                    param.wire_name.to_ascii_lowercase()
                } else {
                    param.wire_name.clone()
                };
                if let Some((first_path, first_group)) =
                    wire_names.insert((param.location, key_name), (p.path.clone(), p.group.clone()))
                {
                    // Own parameters come first; when a group repeats one, the fix is the
                    // operation's own line (the group is shared).
                    let (at, other, group) = match (&first_group, &p.group) {
                        (None, Some(group)) => (first_path, p.path.clone(), Some(group.clone())),
                        _ => (p.path.clone(), first_path, first_group),
                    };
                    let other_line = self.cx.source_map().key(&other).map_or(0, |pos| pos.line);
                    let (message, help) = match group {
                        Some(group) => (
                            format!(
                                "`{}` is already sent by parameter group `{group}` (line {other_line})",
                                param.wire_name
                            ),
                            "remove it here: the group's parameter serves every operation that uses the group"
                                .to_owned(),
                        ),
                        None => (
                            format!(
                                "operation `{}` sends `{}` twice (also on line {other_line})",
                                op.id, param.wire_name
                            ),
                            "remove one, or give them different `wire_name`s".to_owned(),
                        ),
                    };
                    self.cx.error_key(&at, message, Some(help));
                    continue;
                }
                if names.claim(self.cx, &p.path, &param.rust_name, &param.name) {
                    params.push(param);
                }
            }
        }

        // Path placeholders and path parameters must match, both ways.
        let mut path_pieces = Vec::new();
        if let Some(pieces) = &pieces {
            let mut placed = BTreeSet::new();
            for piece in pieces {
                match piece {
                    Piece::Literal(l) => path_pieces.push(ir::PathPiece::Literal(l.clone())),
                    Piece::Param(wire) => {
                        if !placed.insert(wire.clone()) {
                            self.cx.error(
                                &child(path, "path"),
                                format!("the placeholder `{{{wire}}}` appears twice in the path"),
                                Some("each path parameter fills one placeholder".into()),
                            );
                        }
                        match params.iter().find(|p| p.location == Location::Path && p.wire_name == *wire) {
                            Some(p) => path_pieces
                                .push(ir::PathPiece::Param { rust_name: p.rust_name.clone(), wire_name: wire.clone() }),
                            // A path parameter that failed to lower has its own error already.
                            None if sourced.iter().any(|p| {
                                p.spec.location == Location::Path
                                    && p.spec.wire_name.as_deref().unwrap_or(&p.spec.name) == wire
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
                                self.cx.error(&child(path, "path"), format!("the placeholder `{{{wire}}}` and the path parameter `{other}` differ in case"), Some(format!("names are case-sensitive: write `{{{other}}}` in the path, or rename the parameter")));
                            }
                            None => {
                                let near = params.iter().find(|p| p.wire_name == *wire || p.name == *wire);
                                let help = match near {
                                    Some(p) => format!(
                                        "the parameter `{}` is declared `in: {}`; make it `in: path`",
                                        p.name,
                                        location_name(p.location)
                                    ),
                                    None => format!("add a parameter `{wire}` with `in: path` to the operation"),
                                };
                                self.cx.error(
                                    &child(path, "path"),
                                    format!(
                                        "the path has a placeholder `{{{wire}}}` but no path parameter of that name"
                                    ),
                                    Some(help),
                                );
                            }
                        }
                    }
                }
            }
            for p in sourced.iter().filter(|p| p.spec.location == spec::Location::Path) {
                let wire = p.spec.wire_name.as_deref().unwrap_or(&p.spec.name);
                if placed.contains(wire) || placed.iter().any(|w| w.eq_ignore_ascii_case(wire)) {
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
        }

        let response = self.lower_response(path, op);
        let deprecated = self.lower_deprecated(path, op.deprecated.as_ref());
        let permissions = self.lower_permissions(path, op.permissions.as_ref());
        let scopes = self.lower_op_scopes(path, op.scopes.as_ref(), scopes);
        if self.cx.has_errors() && !errors_before {
            return None;
        }

        // Path parameters in path order, then required query/header, then optional ones.
        let order = |p: &ir::Param| match (p.location, p.required) {
            (Location::Path, _) => (
                0,
                path_pieces
                    .iter()
                    .position(
                        |piece| matches!(piece, ir::PathPiece::Param { rust_name, .. } if *rust_name == p.rust_name),
                    )
                    .unwrap_or(0),
            ),
            (_, true) => (1, 0),
            (_, false) => (2, 0),
        };
        params.sort_by_key(order);
        let builder_name = naming::camel(&method_name)?;
        Some(ir::Operation {
            id: op.id.clone(),
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
            body: body_ty.flatten().map(|ty| ir::Body { ty }),
            response: response?,
        })
    }

    fn lower_param(&mut self, p: &SourcedParam<'_>) -> Option<ir::Param> {
        let spec = p.spec;
        let ty = self.resolve_type(&child(&p.path, "type"), &spec.ty)?;
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
        let wire_name = spec.wire_name.clone().unwrap_or_else(|| spec.name.clone());
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
            self.cx.error(
                &child(&p.path, "secret"),
                format!("only string parameters can be secret; `{}` is `{}`", spec.name, spec.ty),
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
        })
    }

    /// Checks a documented default against the parameter's type; returns its text for docs.
    fn check_default(&mut self, path: &YamlPath, param: &str, ty: &Type, value: &Value) -> Option<String> {
        let fits = match (ty, value) {
            (Type::String | Type::DateTime, Value::String(s)) => Some(s.clone()),
            (Type::Bool, Value::Bool(b)) => Some(b.to_string()),
            (Type::I32, Value::Number(n)) if n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()) => {
                Some(n.to_string())
            }
            (Type::I64, Value::Number(n)) if n.as_i64().is_some() => Some(n.to_string()),
            (Type::F32 | Type::F64, Value::Number(n)) => Some(n.to_string()),
            (Type::Model { rust_name, is_enum: true }, Value::String(s)) => {
                let values = self.enum_values(rust_name);
                if values.contains(s) {
                    Some(s.clone())
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

    fn enum_values(&self, rust_name: &str) -> Vec<String> {
        self.enum_values.get(rust_name).cloned().unwrap_or_default()
    }

    /// `Some(None)`: a body that is an empty object, so nothing is sent.
    fn lower_body(&mut self, path: &YamlPath, op: &spec::OperationSpec) -> Option<Option<Type>> {
        let text = op.request.as_deref()?;
        let at = child(path, "request");
        if matches!(op.method, HttpMethod::GET | HttpMethod::HEAD) {
            self.cx.error(
                &at,
                format!("a {:?} request cannot have a body", op.method),
                Some("remove `request:`, or check the documented method".into()),
            );
            return None;
        }
        let ty = self.resolve_type(&at, text)?;
        Some(if self.is_empty_object(&ty) { None } else { Some(ty) })
    }

    fn lower_response(&mut self, path: &YamlPath, op: &spec::OperationSpec) -> Option<ir::Response> {
        let Some(text) = op.response.as_deref() else { return Some(ir::Response::Empty) };
        let ty = self.resolve_type(&child(path, "response"), text)?;
        Some(if self.is_empty_object(&ty) { ir::Response::Empty } else { ir::Response::Json(ty) })
    }

    fn is_empty_object(&self, ty: &Type) -> bool {
        let Type::Model { rust_name, .. } = ty else { return false };
        // A set, not a scan of the models: this runs for every operation.
        self.empty_objects.contains(rust_name)
    }

    fn lower_deprecated(&mut self, path: &YamlPath, value: Option<&Value>) -> Option<Option<String>> {
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

    fn lower_permissions(&mut self, path: &YamlPath, value: Option<&Value>) -> ir::Permissions {
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

    fn lower_op_scopes(&mut self, path: &YamlPath, value: Option<&Value>, scopes: &[ir::Scope]) -> ir::Scopes {
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

    /// A model nothing reaches is probably a typo elsewhere (or left over): warn, still emit.
    fn warn_unused_models(
        &mut self,
        spec: &Spec,
        models: &[ir::Model],
        operations: &[ir::Operation],
        error: Option<&ir::ErrorModel>,
    ) {
        let mut roots: Vec<&Type> = Vec::new();
        for op in operations {
            roots.extend(op.params.iter().map(|p| &p.ty));
            roots.extend(op.body.iter().map(|b| &b.ty));
            if let ir::Response::Json(ty) = &op.response {
                roots.push(ty);
            }
        }
        let by_name: HashMap<&str, &ir::Model> = models.iter().map(|m| (m.rust_name(), m)).collect();
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> =
            roots.iter().flat_map(|t| models_in(t)).chain(error.map(|e| e.model.clone())).collect();
        // Empty-object request and response models are reached even though they become `()`.
        for (_, op) in &spec.operations {
            for name in [&op.request, &op.response].into_iter().flatten() {
                if let Some(info) = self.models.get(name) {
                    stack.push(info.rust_name.clone());
                }
            }
        }
        while let Some(name) = stack.pop() {
            if !reached.insert(name.clone()) {
                continue;
            }
            if let Some(ir::Model::Struct(s)) = by_name.get(name.as_str()) {
                for field in &s.fields {
                    for inner in models_in(&field.ty) {
                        if !reached.contains(&inner) {
                            stack.push(inner);
                        }
                    }
                }
            }
        }
        for (name, _) in &spec.models {
            if let Some(info) = self.models.get(name) {
                if !reached.contains(&info.rust_name) {
                    let path = key_path(&["models", name]);
                    self.cx.warning(
                        &path,
                        format!("model `{name}` is not used by any operation"),
                        Some("remove it, or reference it where the docs use it".into()),
                    );
                }
            }
        }
    }
}

/// Rust names within one scope (a model's fields, an enum's variants, an operation's
/// parameters): the second claim of a name is a diagnostic that names both.
struct NameScope {
    what: String,
    taken: HashMap<String, Claim>,
}

enum Claim {
    /// By a documented name.
    Documented(String),
    /// By the generator, for this reason.
    Reserved(String),
}

impl NameScope {
    fn new(what: String) -> Self {
        NameScope { what, taken: HashMap::new() }
    }

    fn reserve(&mut self, rust_name: &str, why: &str) {
        self.taken.insert(rust_name.to_owned(), Claim::Reserved(why.to_owned()));
    }

    fn claim(&mut self, cx: &mut Context, path: &YamlPath, rust_name: &str, documented: &str) -> bool {
        self.claim_with_help(cx, path, rust_name, documented, None)
    }

    /// As `claim`, with a more specific help for the collision when the caller knows one.
    fn claim_with_help(
        &mut self,
        cx: &mut Context,
        path: &YamlPath,
        rust_name: &str,
        documented: &str,
        help: Option<String>,
    ) -> bool {
        let message = match self.taken.get(rust_name) {
            None => {
                self.taken.insert(rust_name.to_owned(), Claim::Documented(documented.to_owned()));
                return true;
            }
            Some(Claim::Documented(other)) => {
                format!("`{documented}` and `{other}` would both be `{rust_name}` in {}", self.what)
            }
            Some(Claim::Reserved(why)) => {
                format!("`{documented}` would be `{rust_name}` in {}, which is taken by {why}", self.what)
            }
        };
        cx.error_key(
            path,
            message,
            Some(help.unwrap_or_else(|| format!("give `{documented}` a different `rust_name:`"))),
        );
        false
    }
}

/// Model Rust names a type mentions.
fn models_in(ty: &Type) -> Vec<String> {
    match ty {
        Type::Model { rust_name, .. } => vec![rust_name.clone()],
        Type::Array(inner) | Type::Map(inner) => models_in(inner),
        _ => Vec::new(),
    }
}

/// Struct -> structs it holds directly (not through `Vec` or a map); `required_only` keeps only
/// required fields.
fn direct_edges(models: &[ir::Model], required_only: bool) -> HashMap<String, Vec<String>> {
    let mut graph: HashMap<String, Vec<String>> = HashMap::new();
    for model in models {
        if let ir::Model::Struct(s) = model {
            let targets = s.fields.iter().filter(|f| f.required || !required_only).filter_map(|f| match &f.ty {
                Type::Model { rust_name, is_enum: false } => Some(rust_name.clone()),
                _ => None,
            });
            graph.entry(s.rust_name.clone()).or_default().extend(targets);
        }
    }
    graph
}

/// Which structs lie on a cycle together: the strongly connected components of a struct
/// graph (Kosaraju's algorithm, iterative). An edge `from -> to` is on a cycle exactly when
/// both ends share a component, so each field is one lookup rather than a search of the graph
/// (which made validating thousands of models quadratic).
struct Cycles {
    component: HashMap<String, usize>,
}

impl Cycles {
    fn of(graph: &HashMap<String, Vec<String>>) -> Self {
        let mut names: Vec<&str> = graph.keys().map(String::as_str).collect();
        names.sort_unstable();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, name)| (*name, i)).collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|name| graph[*name].iter().filter_map(|to| index.get(to.as_str()).copied()).collect())
            .collect();
        // First pass: every node in the order its depth-first search finishes.
        let mut finished = Vec::with_capacity(names.len());
        let mut seen = vec![false; names.len()];
        for start in 0..names.len() {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            let mut stack = vec![(start, 0)];
            while let Some((node, next)) = stack.last_mut() {
                let (node, to) = (*node, edges[*node].get(*next).copied());
                *next += 1;
                match to {
                    Some(to) if !seen[to] => {
                        seen[to] = true;
                        stack.push((to, 0));
                    }
                    Some(_) => {}
                    None => {
                        finished.push(node);
                        stack.pop();
                    }
                }
            }
        }
        // Second pass, on the reversed graph, latest finisher first: each search is one component.
        let mut reversed = vec![Vec::new(); names.len()];
        for (from, targets) in edges.iter().enumerate() {
            for &to in targets {
                reversed[to].push(from);
            }
        }
        let mut component = vec![usize::MAX; names.len()];
        let mut count = 0;
        for &start in finished.iter().rev() {
            if component[start] != usize::MAX {
                continue;
            }
            count += 1;
            component[start] = count;
            let mut stack = vec![start];
            while let Some(node) = stack.pop() {
                for &from in &reversed[node] {
                    if component[from] == usize::MAX {
                        component[from] = count;
                        stack.push(from);
                    }
                }
            }
        }
        Cycles { component: names.iter().map(|name| ((*name).to_owned(), component[index[name]])).collect() }
    }

    /// Whether the edge `from -> to` lies on a cycle.
    fn on_one(&self, from: &str, to: &str) -> bool {
        matches!((self.component.get(from), self.component.get(to)), (Some(a), Some(b)) if a == b)
    }
}

/// Boxes every direct struct field that lies on a cycle, so each type has a finite size.
fn box_recursive_fields(mut models: Vec<ir::Model>) -> Vec<ir::Model> {
    let cycles = Cycles::of(&direct_edges(&models, false));
    for model in &mut models {
        if let ir::Model::Struct(s) = model {
            for field in &mut s.fields {
                if let Type::Model { rust_name, is_enum: false } = &field.ty {
                    field.boxed = cycles.on_one(&s.rust_name, rust_name);
                }
            }
        }
    }
    models
}

/// The longest common prefix of `urls` that ends at a `/` or `.`, so the rest names each one.
fn common_prefix(urls: &[&str]) -> usize {
    let Some(first) = urls.first() else { return 0 };
    let mut len = urls
        .iter()
        .skip(1)
        .fold(first.len(), |len, url| first.bytes().zip(url.bytes()).take(len).take_while(|(a, b)| a == b).count());
    if urls.len() == 1 {
        len = first.len();
    }
    // Bytes can agree partway into a multi-byte character: back up to a boundary.
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].rfind(['/', '.']).map_or(0, |i| i + 1)
}

/// A type as a spec writes it, for messages.
fn spec_type_name(ty: &Type) -> String {
    match ty {
        Type::String => "string".into(),
        Type::Bool => "boolean".into(),
        Type::I32 => "int32".into(),
        Type::I64 => "int64".into(),
        Type::F32 => "float".into(),
        Type::F64 => "number".into(),
        Type::DateTime => "date-time".into(),
        Type::Any => "any".into(),
        Type::Model { rust_name, .. } => rust_name.clone(),
        Type::Array(inner) => format!("array<{}>", spec_type_name(inner)),
        Type::Map(inner) => format!("map<{}>", spec_type_name(inner)),
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn location_name(location: spec::Location) -> &'static str {
    match location {
        spec::Location::Path => "path",
        spec::Location::Query => "query",
        spec::Location::Header => "header",
    }
}

fn key_path(keys: &[&str]) -> YamlPath {
    keys.iter().map(|k| Seg::Key((*k).to_owned())).collect()
}

fn child(path: &[Seg], key: &str) -> YamlPath {
    let mut p = path.to_vec();
    p.push(Seg::Key(key.to_owned()));
    p
}

fn indexed(path: &[Seg], index: usize) -> YamlPath {
    let mut p = path.to_vec();
    p.push(Seg::Index(index));
    p
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Cycles, common_prefix};

    #[test]
    fn an_edge_is_on_a_cycle_exactly_when_its_ends_reach_each_other() {
        // A -> B -> C -> A is a cycle; C -> D and D -> D (a self-loop); E -> A reaches the
        // cycle without being on it; F -> G -> H is a chain.
        let edges = [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "D"), ("E", "A"), ("F", "G"), ("G", "H")];
        let mut graph: HashMap<String, Vec<String>> = HashMap::new();
        for (from, to) in edges {
            graph.entry(from.into()).or_default().push(to.into());
            graph.entry(to.into()).or_default();
        }
        let cycles = Cycles::of(&graph);
        let on: Vec<(&str, &str)> = edges.iter().copied().filter(|(from, to)| cycles.on_one(from, to)).collect();
        assert_eq!(on, [("A", "B"), ("B", "C"), ("C", "A"), ("D", "D")]);
        assert!(!cycles.on_one("A", "Missing"), "an unknown model is on no cycle");
    }

    #[test]
    fn scope_names_drop_the_shared_prefix_at_a_boundary() {
        let urls =
            ["https://x/auth/dp.chrome.autofill", "https://x/auth/dp.chrome.history", "https://x/auth/dp.maps.reviews"];
        assert_eq!(&urls[0][common_prefix(&urls)..], "chrome.autofill");
        assert_eq!(&urls[0][common_prefix(&urls[..1])..], "autofill");
        assert_eq!(common_prefix(&[]), 0);
        // `é` and `è` share their first byte.
        let accents = ["https://x/a.é", "https://x/a.è"];
        assert_eq!(&accents[1][common_prefix(&accents)..], "è");
    }
}

//! `cargo xtask openapi`: a spec's API as an OpenAPI 3.0 document, for the generators the
//! benchmarks compare with. A tool over the generator's public API: it lowers the spec with
//! `codegen::lower` (so a spec that does not generate gives the same diagnostics) and writes
//! the IR as an OpenAPI 3.0.3 document:
//!
//! - `info`, `externalDocs`, `servers` (the default base URL first, then the other documented
//!   servers);
//! - one path item per path, one operation per spec operation (`operationId` = the vendor's
//!   id); parameters with their wire names; the request body as `application/json`;
//!   the success response as `200` (`204` when the spec names no response body); the documented
//!   error body (`api.error`) as the `default` response, as vendors' documents declare it;
//! - `components.schemas` from the models (by documented name), `components.securitySchemes`
//!   (bearer, OAuth 2.0 client credentials, API key) and the top-level `security`.
//!
//! Keys are written in a fixed order (the spec's), so the document diffs well.

use std::collections::{BTreeSet, HashMap};

use codegen::Diagnostic;
use codegen::ir::{self, HttpMethod, Location, Type};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The OpenAPI 3.0 document (JSON) of the spec at `path` with contents `text`.
///
/// # Errors
/// The spec's errors, as `codegen::generate` reports them, and the few things OpenAPI cannot
/// say (two operations with the same method and path, or paths that differ only in the names
/// of their placeholders).
pub fn from_spec(path: &str, text: &str) -> Result<String, Vec<Diagnostic>> {
    from_spec_with(path, text, Success::AsDocumented)
}

/// How success responses are keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    /// `200` (or `204` without a body), as vendors document them.
    AsDocumented,
    /// `2XX`: progenitor counts a `default` response as a second success type next to `200`
    /// and panics; with `2XX` it takes `default` as the error, as meant.
    Range,
}

/// [`from_spec`], with success responses keyed as `success` says.
///
/// # Errors
/// As [`from_spec`].
pub fn from_spec_with(path: &str, text: &str, success: Success) -> Result<String, Vec<Diagnostic>> {
    from_input(codegen::Input::File { path, text }, success)
}

/// [`from_spec_with`] for a spec file or a vendor's folder.
///
/// # Errors
/// As [`from_spec`].
pub fn from_input(input: codegen::Input<'_>, success: Success) -> Result<String, Vec<Diagnostic>> {
    let lowered = codegen::lower_input(input)?;
    let mut writer = Writer::new(&lowered.api);
    writer.success_range = success == Success::Range;
    let document = writer.document();
    if !writer.errors.is_empty() {
        return Err(writer.errors);
    }
    // Cannot fail: the document is our own JSON type of strings, numbers, booleans, arrays
    // and objects with string keys, which serde_json always writes.
    let mut out =
        serde_json::to_string_pretty(&document).expect("the document holds only strings, numbers and booleans");
    out.push('\n');
    Ok(out)
}

const JSON: &str = "application/json";
const SCHEMAS: &str = "#/components/schemas/";
const BEARER_SCHEME: &str = "bearerAuth";
const OAUTH_SCHEME: &str = "clientCredentials";
const API_KEY_SCHEME: &str = "apiKey";

struct Writer<'a> {
    api: &'a ir::Api,
    /// What OpenAPI cannot say about the API.
    errors: Vec<Diagnostic>,
    /// Model Rust name -> its key under `components.schemas`.
    components: HashMap<&'a str, String>,
    /// Key success responses `2XX` (see [`Success::Range`]).
    success_range: bool,
}

impl<'a> Writer<'a> {
    fn new(api: &'a ir::Api) -> Self {
        // The documented name where OpenAPI allows it as a component key, else the Rust name.
        let mut components = HashMap::new();
        let mut taken = BTreeSet::new();
        for model in &api.models {
            let (name, rust_name) = match model {
                ir::Model::Struct(s) => (&s.name, &s.rust_name),
                ir::Model::Enum(e) => (&e.name, &e.rust_name),
            };
            let valid =
                |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            let mut key = if valid(name) { name.clone() } else { rust_name.clone() };
            let mut n = 1;
            while taken.contains(&key) {
                n += 1;
                key = format!("{rust_name}_{n}");
            }
            taken.insert(key.clone());
            components.insert(rust_name.as_str(), key);
        }
        Writer { api, errors: Vec::new(), components, success_range: false }
    }

    fn document(&mut self) -> Obj {
        let api = self.api;
        let title = match &api.name {
            Some(name) => format!("{} - {name}", api.title),
            None => api.title.clone(),
        };
        let info = Obj::new()
            .with("title", title)
            .opt("description", api.description.clone())
            .with("version", api.version.clone());
        let mut doc = Obj::new().with("openapi", "3.0.3").with("info", info);
        if let Some(url) = &api.docs_url {
            doc.set("externalDocs", Obj::new().with("url", url.clone()));
        }
        doc.set("servers", self.servers());
        if let Some(servers) = &api.servers {
            doc.set("x-servers-enum", servers.enum_name.clone());
        }
        let (schemes, security) = self.security();
        if !security.is_empty() {
            doc.set("security", security);
        }
        doc.set("paths", self.paths());
        let mut components = Obj::new().with("schemas", self.schemas());
        if !schemes.0.is_empty() {
            components.set("securitySchemes", schemes);
        }
        doc.with("components", components)
    }

    fn servers(&self) -> Vec<Json> {
        let api = self.api;
        let same = |url: &str| url.trim_end_matches('/') == api.base_url.trim_end_matches('/');
        let values = api.servers.as_ref().map(|s| s.values.as_slice()).unwrap_or_default();
        let default = values.iter().find(|s| same(&s.url));
        let default_description = default.and_then(|s| s.description.clone());
        // `x-name`: the spec's name of each server, which `cargo xtask import` reads back.
        let mut out = vec![
            Obj::new()
                .with("url", api.base_url.clone())
                .opt("description", default_description)
                .opt("x-name", default.map(|s| s.name.clone()))
                .into(),
        ];
        for server in values.iter().filter(|s| !same(&s.url)) {
            let entry = Obj::new().with("url", server.url.clone()).opt("description", server.description.clone());
            out.push(entry.with("x-name", server.name.clone()).into());
        }
        out
    }

    /// `components.securitySchemes` and the top-level `security` (any one scheme will do).
    fn security(&self) -> (Obj, Vec<Json>) {
        let api = self.api;
        let mut schemes = Obj::new();
        if api.bearer {
            schemes.set(BEARER_SCHEME, Obj::new().with("type", "http").with("scheme", "bearer"));
        }
        if let Some(token_url) = self.token_url() {
            let scopes =
                api.scopes.iter().fold(Obj::new(), |o, s| o.with(&s.url, s.description.clone().unwrap_or_default()));
            let flow = Obj::new().with("tokenUrl", token_url).with("scopes", scopes);
            let mut scheme = Obj::new().with("type", "oauth2");
            if let Some(servers) = api.servers.as_ref().filter(|s| s.values.iter().any(|v| v.token_url.is_some())) {
                let lines: Vec<String> = servers
                    .values
                    .iter()
                    .filter_map(|v| Some(format!("- {}: {}", v.url, v.token_url.as_ref()?)))
                    .collect();
                scheme.set("description", format!("The token endpoint depends on the server:\n\n{}", lines.join("\n")));
            }
            schemes.set(OAUTH_SCHEME, scheme.with("flows", Obj::new().with("clientCredentials", flow)));
        }
        if let Some((location, name)) = &api.api_key {
            let place = if *location == Location::Header { "header" } else { "query" };
            schemes.set(API_KEY_SCHEME, Obj::new().with("type", "apiKey").with("name", name.clone()).with("in", place));
        }
        let security = schemes.0.iter().map(|(name, _)| Obj::new().with(name, Vec::<Json>::new()).into()).collect();
        (schemes, security)
    }

    /// The client-credentials token endpoint of the default server, as an absolute URL.
    fn token_url(&self) -> Option<String> {
        let cc = self.api.client_credentials.as_ref()?;
        match &cc.token_url {
            Some(path) if path.starts_with('/') => Some(format!("{}{path}", self.api.base_url.trim_end_matches('/'))),
            Some(url) => Some(url.clone()),
            None => cc.default_server_token_url.clone(),
        }
    }

    fn paths(&mut self) -> Obj {
        let mut paths: Vec<(String, Obj)> = Vec::new();
        // A template with its placeholders blanked -> the path that claimed it first.
        let mut shapes: HashMap<String, String> = HashMap::new();
        for op in &self.api.operations {
            let shape: String = op
                .pieces
                .iter()
                .map(|p| match p {
                    ir::PathPiece::Literal(l) => l.as_str(),
                    ir::PathPiece::Param { .. } => "{}",
                })
                .collect();
            match shapes.get(&shape) {
                Some(first) if *first != op.path => {
                    let message = format!(
                        "the paths `{first}` and `{}` differ only in their placeholders' names, which OpenAPI cannot tell apart",
                        op.path
                    );
                    let help = Some("name the placeholders alike in both paths".into());
                    self.errors.push(Diagnostic::error_at(&op.written_at, message, help));
                    continue;
                }
                Some(_) => {}
                None => {
                    shapes.insert(shape, op.path.clone());
                }
            }
            // OpenAPI 3.0 has no reserved expansion in paths: `{+name}` is written `{name}`,
            // its pattern on the parameter.
            let key = op.path.replace("{+", "{");
            let index = match paths.iter().position(|(p, _)| *p == key) {
                Some(i) => i,
                None => {
                    paths.push((key, Obj::new()));
                    paths.len() - 1
                }
            };
            let method = method_key(op.http_method);
            let item = &mut paths[index].1;
            if item.0.iter().any(|(m, _)| m == method) {
                let message = format!(
                    "two operations are `{} {}`, which an OpenAPI document cannot hold",
                    method.to_ascii_uppercase(),
                    op.path
                );
                let help = Some("check the documented method and path of both".into());
                self.errors.push(Diagnostic::error_at(&op.written_at, message, help));
                continue;
            }
            item.set(method, self.operation(op));
        }
        Obj(paths.into_iter().map(|(p, o)| (p, o.into())).collect())
    }

    fn operation(&self, op: &ir::Operation) -> Obj {
        let description = match (&op.description, &op.deprecated) {
            (Some(d), Some(Some(note))) => Some(format!("{d}\n\nDeprecated: {note}")),
            (None, Some(Some(note))) => Some(format!("Deprecated: {note}")),
            (d, _) => d.clone(),
        };
        let mut out = Obj::new()
            .with("operationId", op.id.clone())
            .with("summary", op.summary.clone())
            .opt("description", description);
        if let Some(url) = &op.docs_url {
            out.set("externalDocs", Obj::new().with("url", url.clone()));
        }
        if op.deprecated.is_some() {
            out.set("deprecated", true);
        }
        // In the path's order, then the rest as the spec lists them (the IR's call order).
        if !op.params.is_empty() {
            out.set("parameters", op.params.iter().map(|p| self.parameter(p).into()).collect::<Vec<Json>>());
        }
        if let Some(body) = &op.body {
            let content = Obj::new().with(JSON, Obj::new().with("schema", self.schema(&body.ty)));
            let request = Obj::new().opt("description", body.description.clone());
            out.set("requestBody", request.with("required", body.required).with("content", content));
            // openapi-generator's name for the body (Knetik's optional `currency`).
            if body.rust_name != "body" {
                out.set("x-codegen-request-body-name", body.rust_name.clone());
            }
        }
        out.set("responses", self.responses(op));
        if let Some(paging) = self.pagination(op) {
            out.set("x-pagination", paging);
        }
        if let Some(security) = self.operation_security(op) {
            out.set("security", security);
        }
        out
    }

    /// How the operation pages, as the spec's `pagination:` says it (by wire names), in the
    /// extension `x-pagination`: OpenAPI has no word for it, and `cargo xtask import` reads it back.
    fn pagination(&self, op: &ir::Operation) -> Option<Obj> {
        let paging = op.pagination.as_ref()?;
        let ir::Response::Json(ir::Type::Model { rust_name, .. }) = &op.response else { return None };
        let fields = self.api.models.iter().find_map(|m| match m {
            ir::Model::Struct(s) if s.rust_name == *rust_name => Some(&s.fields),
            _ => None,
        })?;
        let field = |f: &ir::FieldRef| fields.iter().find(|x| x.rust_name == f.rust_name).map(|x| x.wire_name.clone());
        let param = |name: &str| op.params.iter().find(|p| p.rust_name == name).map(|p| p.wire_name.clone());
        let mut out = Obj::new().opt("items", field(&paging.items));
        match &paging.by {
            ir::PageBy::Number { page_param, first, page_count, last, next, number, .. } => {
                out = out.opt("page", param(page_param));
                if *first != 1 {
                    out.set("first", Json::Int(*first));
                }
                out = out
                    .opt("page_count", page_count.as_ref().and_then(field))
                    .opt("last", last.as_ref().and_then(field))
                    .opt("next", next.as_ref().and_then(field))
                    .opt("number", number.as_ref().and_then(field));
            }
            ir::PageBy::Cursor { cursor_param, next_cursor } => {
                out = out.opt("cursor", param(cursor_param));
                // Each step names a field of the model before it: only the first is looked up here.
                let path: Vec<String> =
                    next_cursor.iter().map(|f| field(f).unwrap_or_else(|| f.rust_name.clone())).collect();
                out.set("next_cursor", path.join("."));
            }
        }
        Some(out)
    }

    fn parameter(&self, p: &ir::Param) -> Obj {
        let place = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
        };
        let mut schema = self.parameter_schema(&p.ty);
        if let Some(pattern) = &p.pattern {
            schema.set("pattern", pattern.clone());
        }
        if let Some(default) = &p.default {
            schema.set("default", typed_default(default));
        }
        let mut out =
            Obj::new().with("name", p.wire_name.clone()).with("in", place).opt("description", p.description.clone());
        if p.required {
            out.set("required", true);
        }
        // OpenAPI 3.0's forms of Swagger's `multi` and `csv` (a header is always `simple`).
        match (p.collection_format, p.location) {
            (Some(ir::CollectionFormat::Multi), Location::Query) => out.set("explode", true),
            (Some(ir::CollectionFormat::Csv), Location::Query) => out.set("explode", false),
            _ => {}
        }
        out.with("schema", schema)
    }

    /// A parameter's schema: as [`Self::schema`], but enums inline (a default can then sit
    /// beside them: OpenAPI 3.0 ignores every sibling of a `$ref`).
    fn parameter_schema(&self, ty: &Type) -> Obj {
        match ty {
            Type::Model { rust_name, is_enum: true } => {
                let values = self.api.models.iter().find_map(|m| match m {
                    ir::Model::Enum(e) if e.rust_name == *rust_name => {
                        Some(e.variants.iter().map(|v| Json::from(v.value.clone())).collect::<Vec<_>>())
                    }
                    _ => None,
                });
                // Inline, for generators that take no `$ref` here; `x-enum-name` names the model.
                let name = self.api.models.iter().find(|m| m.rust_name() == rust_name).map(|m| m.name().to_owned());
                Obj::new().with("type", "string").with("enum", values.unwrap_or_default()).opt("x-enum-name", name)
            }
            Type::Array(inner) => Obj::new().with("type", "array").with("items", self.parameter_schema(inner)),
            other => self.schema(other),
        }
    }

    fn schema(&self, ty: &Type) -> Obj {
        let typed = |t: &str| Obj::new().with("type", t);
        match ty {
            Type::String => typed("string"),
            Type::Bool => typed("boolean"),
            Type::I32 => typed("integer").with("format", "int32"),
            Type::I64 => typed("integer").with("format", "int64"),
            Type::F32 => typed("number").with("format", "float"),
            Type::F64 => typed("number").with("format", "double"),
            Type::DateTime => typed("string").with("format", "date-time"),
            Type::Date => typed("string").with("format", "date"),
            Type::LocalDateTime => typed("string").with("format", "local-date-time"),
            Type::Any => Obj::new(),
            Type::Model { rust_name, .. } => self.reference(rust_name),
            Type::Array(inner) => typed("array").with("items", self.schema(inner)),
            Type::Map(inner) => typed("object").with("additionalProperties", self.schema(inner)),
        }
    }

    fn reference(&self, rust_name: &str) -> Obj {
        let key = self.components.get(rust_name).map_or(rust_name, String::as_str);
        Obj::new().with("$ref", format!("{SCHEMAS}{key}"))
    }

    fn success_key(&self, status: &'static str) -> &'static str {
        if self.success_range { "2XX" } else { status }
    }

    fn responses(&self, op: &ir::Operation) -> Obj {
        let mut out = Obj::new();
        match &op.response {
            ir::Response::Json(ty) => {
                let content = Obj::new().with(JSON, Obj::new().with("schema", self.schema(ty)));
                out.set(self.success_key("200"), Obj::new().with("description", "Success.").with("content", content));
            }
            ir::Response::Text => {
                let content = Obj::new().with("text/plain", Obj::new().with("schema", self.schema(&ir::Type::String)));
                out.set(self.success_key("200"), Obj::new().with("description", "Success.").with("content", content));
            }
            ir::Response::Empty => match op.empty_response.as_deref() {
                Some(rust_name) => {
                    let content = Obj::new().with(JSON, Obj::new().with("schema", self.reference(rust_name)));
                    out.set(
                        self.success_key("200"),
                        Obj::new().with("description", "Success: an empty JSON object.").with("content", content),
                    );
                }
                None => out.set(self.success_key("204"), Obj::new().with("description", "Success: no content.")),
            },
        }
        if let Some(error) = &self.api.error {
            let content = Obj::new().with(JSON, Obj::new().with("schema", self.reference(&error.model)));
            let key = self.components.get(error.model.as_str()).map_or(error.model.as_str(), String::as_str);
            out.set("default", Obj::new().with("description", format!("An error ({key}).")).with("content", content));
        }
        out
    }

    /// The scopes an operation accepts (any one of them), where there is an OAuth scheme.
    fn operation_security(&self, op: &ir::Operation) -> Option<Vec<Json>> {
        let ir::Scopes::AnyOf(scopes) = &op.scopes else { return None };
        if scopes.is_empty() || self.token_url().is_none() {
            return None;
        }
        let mut out: Vec<Json> =
            scopes.iter().map(|(_, url)| Obj::new().with(OAUTH_SCHEME, vec![Json::from(url.clone())]).into()).collect();
        if self.api.bearer {
            out.push(Obj::new().with(BEARER_SCHEME, Vec::<Json>::new()).into());
        }
        if self.api.api_key.is_some() {
            out.push(Obj::new().with(API_KEY_SCHEME, Vec::<Json>::new()).into());
        }
        Some(out)
    }

    fn schemas(&self) -> Obj {
        let mut out = Obj::new();
        for model in &self.api.models {
            let key = self.components.get(model.rust_name()).cloned().unwrap_or_else(|| model.rust_name().to_owned());
            out.set(&key, self.model(model));
        }
        out
    }

    fn model(&self, model: &ir::Model) -> Obj {
        match model {
            // The page does not give its shape: any JSON value.
            ir::Model::Struct(s) if s.opaque => Obj::new().opt("description", s.description.clone()),
            ir::Model::Struct(s) => {
                let mut out = Obj::new().with("type", "object").opt("description", s.description.clone());
                let mut properties = Obj::new();
                for field in &s.fields {
                    let mut schema = self.schema(&field.ty);
                    // Siblings of a `$ref` are ignored in OpenAPI 3.0: a reference stays bare.
                    if !matches!(field.ty, Type::Model { .. }) {
                        if let Some(description) = &field.description {
                            schema.set("description", description.clone());
                        }
                        if field.read_only {
                            schema.set("readOnly", true);
                        }
                    }
                    properties.set(&field.wire_name, schema);
                }
                let required: Vec<Json> =
                    s.fields.iter().filter(|f| f.required).map(|f| Json::from(f.wire_name.clone())).collect();
                if !required.is_empty() {
                    out.set("required", required);
                }
                out.with("properties", properties)
            }
            ir::Model::Enum(e) => {
                let values: Vec<Json> = e.variants.iter().map(|v| Json::from(v.value.clone())).collect();
                let mut out =
                    Obj::new().with("type", "string").opt("description", e.description.clone()).with("enum", values);
                if e.variants.iter().any(|v| v.description.is_some()) {
                    let descriptions: Vec<Json> =
                        e.variants.iter().map(|v| Json::from(v.description.clone().unwrap_or_default())).collect();
                    out.set("x-enum-descriptions", descriptions);
                }
                out
            }
        }
    }
}

fn method_key(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::GET => "get",
        HttpMethod::POST => "post",
        HttpMethod::PUT => "put",
        HttpMethod::PATCH => "patch",
        HttpMethod::DELETE => "delete",
        HttpMethod::HEAD => "head",
        HttpMethod::OPTIONS => "options",
    }
}

/// A documented default (typed by `lower`) as a JSON value of its type.
fn typed_default(value: &ir::Literal) -> Json {
    match value {
        ir::Literal::Bool(b) => Json::Bool(*b),
        ir::Literal::Int(n) => Json::Int(*n),
        ir::Literal::Float(x) => Json::Float(*x),
        ir::Literal::Str(s) => s.clone().into(),
    }
}

/// A JSON value whose objects keep their keys in insertion order (`serde_json::Value` sorts
/// them unless its `preserve_order` feature is on, which would change it for every crate).
enum Json {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Obj),
}

/// A JSON object, keys in insertion order.
#[derive(Default)]
struct Obj(Vec<(String, Json)>);

impl Obj {
    fn new() -> Self {
        Obj::default()
    }

    /// Sets `key` (replacing an earlier value in place).
    fn set(&mut self, key: &str, value: impl Into<Json>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    fn with(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.set(key, value);
        self
    }

    fn opt(self, key: &str, value: Option<impl Into<Json>>) -> Self {
        match value {
            Some(value) => self.with(key, value),
            None => self,
        }
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Json::Arr(items)
    }
}

impl From<Obj> for Json {
    fn from(o: Obj) -> Self {
        Json::Obj(o)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => serializer.serialize_i64(*i),
            Json::Float(f) => serializer.serialize_f64(*f),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(o) => o.serialize(serializer),
        }
    }
}

impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

//! Swagger 2.0 and OpenAPI 3.0/3.1 documents. The two differ in where things live
//! (`definitions` or `components.schemas`, `parameters[in=body]` or `requestBody`, a
//! response's `schema` or its `content`), which `Version` decides; the rest is one reader.

use std::collections::{BTreeMap, HashMap};

use heck::ToLowerCamelCase;

use crate::Problem;
use crate::model::{Operation, Param, Request, Vendor};
use crate::node::{At, Node};
use crate::schema::{Refs, Schemas, Ty, description};
use crate::tags::Grouper;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    Swagger2,
    OpenApi3,
}

/// A parameter's own keys, carried (or noted) by `Reader::param`.
const PARAM_KEYS: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "schema",
    "default",
    "collectionFormat",
    "style",
    "explode",
    "deprecated",
    "pattern",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Reads a Swagger 2.0 or OpenAPI 3.x document.
pub fn read(doc: &Node, document: &str, problems: &mut Vec<Problem>) -> Option<Vendor> {
    let version = if doc.get("swagger").is_some() { Version::Swagger2 } else { Version::OpenApi3 };
    let spelled = doc.get("swagger").or_else(|| doc.get("openapi")).and_then(Node::scalar_text).unwrap_or_default();
    let root = At::root();
    let info = doc.get("info");
    let mut vendor = Vendor {
        format: match version {
            Version::Swagger2 => format!("Swagger {spelled}"),
            Version::OpenApi3 => format!("OpenAPI {spelled}"),
        },
        document: document.to_owned(),
        title: info.and_then(|i| i.str("title")).unwrap_or("API").trim().to_owned(),
        version: info
            .and_then(|i| i.get("version"))
            .and_then(Node::scalar_text)
            .unwrap_or_else(|| "unversioned".into()),
        description: info.and_then(description),
        docs_url: doc.get("externalDocs").and_then(|d| d.str("url")).map(str::to_owned),
        ..Vendor::default()
    };
    if let Some(info) = info {
        for key in ["termsOfService", "contact", "license"] {
            if let Some(v) = info.get(key) {
                vendor.notes.push(format!("info.{key}: {}", v.brief(200)));
            }
        }
    }
    vendor.base_url = base_url(doc, version, &mut vendor.notes, problems)?;
    if let Some(name) = doc.str("x-servers-enum").filter(|_| version == Version::OpenApi3) {
        let servers = doc.get("servers").map(Node::items).unwrap_or(&[]);
        let values: Option<Vec<_>> = servers
            .iter()
            .map(|s| {
                Some((s.str("x-name")?.to_owned(), s.str("url")?.trim_end_matches('/').to_owned(), description(s)))
            })
            .collect();
        vendor.servers = values.filter(|v| !v.is_empty()).map(|v| (name.to_owned(), v));
    }
    read_security(doc, version, &mut vendor);

    let (schemas_at, prefix) = match version {
        Version::Swagger2 => (root.key("definitions"), "#/definitions/"),
        Version::OpenApi3 => (root.key("components").key("schemas"), "#/components/schemas/"),
    };
    let schemas_node = match version {
        Version::Swagger2 => doc.get("definitions"),
        Version::OpenApi3 => doc.get("components").and_then(|c| c.get("schemas")),
    };
    let named =
        schemas_node.map(Node::entries).unwrap_or(&[]).iter().map(|(n, s)| (n.clone(), s, schemas_at.key(n))).collect();
    let mut schemas = Schemas::new(Refs::Pointer(prefix), named);
    let models = schemas.named_models();

    let mut reader = Reader { doc, version, schemas, problems: Vec::new(), error_models: BTreeMap::new() };
    let mut grouper = Grouper::new(doc.get("tags"));
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for (path, item) in doc.get("paths").map(Node::entries).unwrap_or(&[]) {
        let item_at = root.key("paths").key(path);
        if path.contains('?') || path.contains('#') || !path.starts_with('/') {
            let why = format!(
                "{item_at}: the path `{path}` is not a path template (a query string, a fragment, or no leading `/`): not supported"
            );
            grouper.skip(None, why.clone());
            problems.push(Problem::new(item_at, &why[why.find(": ").map_or(0, |i| i + 2)..]));
            continue;
        }
        let item = reader.deref(item, &item_at);
        for (method, op) in item.entries() {
            let op_at = item_at.key(method);
            if !METHODS.contains(&method.as_str()) {
                if !matches!(method.as_str(), "parameters" | "summary" | "description" | "servers" | "$ref")
                    && !method.starts_with("x-")
                {
                    grouper.skip(None, format!("{op_at}: the method `{method}` is not supported"));
                }
                continue;
            }
            let tag = op.get("tags").and_then(|t| t.items().first()).and_then(Node::as_str);
            let mut errors = Vec::new();
            match reader.operation(path, method, item, op, &op_at, &mut errors) {
                Some(mut operation) if errors.is_empty() => {
                    if let Some(first) = seen_ids.insert(operation.id.clone(), op_at.0.clone()) {
                        operation.notes.push(format!("the document uses this operationId at {first} too"));
                        operation.id = format!("{}{}", operation.id, method.to_lower_camel_case());
                    }
                    grouper.add(tag, path, operation);
                }
                _ => {
                    let why: Vec<String> = errors.iter().map(|p| format!("{}: {}", p.at, p.message)).collect();
                    grouper.skip(tag, format!("{} {path}: not imported: {}", method.to_uppercase(), why.join("; ")));
                    problems.extend(errors);
                }
            }
        }
    }
    problems.append(&mut reader.problems);
    problems.append(&mut reader.schemas.problems);
    if let Some((model, count)) = reader.error_models.iter().max_by_key(|(_, c)| **c) {
        if *count > 0 {
            vendor.error_model = Some(model.clone());
        }
    }
    let mut all_models = models;
    all_models.append(&mut reader.schemas.synthesized);
    vendor.groups = grouper.finish(&mut vendor.notes);
    common_notes(&mut vendor);
    // Ids that all start `<name>.` (Google's, exported): the methods are named without it.
    let ids: Vec<&str> = vendor.groups.iter().flat_map(|g| &g.operations).map(|o| o.id.as_str()).collect();
    if let Some((first, _)) = ids.first().and_then(|id| id.split_once('.')) {
        let prefix = format!("{first}.");
        if ids.iter().all(|id| id.starts_with(&prefix) && id.len() > prefix.len()) {
            vendor.operation_id_prefix = Some(prefix);
        }
    }
    vendor.models = all_models;
    Some(vendor)
}

fn base_url(doc: &Node, version: Version, notes: &mut Vec<String>, problems: &mut Vec<Problem>) -> Option<String> {
    let url = match version {
        Version::Swagger2 => {
            let schemes = doc.get("schemes").map(Node::items).unwrap_or(&[]);
            let scheme = if schemes.iter().any(|s| s.as_str() == Some("https")) || schemes.is_empty() {
                "https"
            } else {
                schemes[0].as_str().unwrap_or("https")
            };
            let Some(host) = doc.str("host") else {
                problems.push(Problem::new(At::root().key("host"), "the document names no `host`, so there is no base URL: add `host` (the API's server) to the document"));
                return None;
            };
            format!("{scheme}://{host}{}", doc.str("basePath").unwrap_or(""))
        }
        Version::OpenApi3 => {
            let servers = doc.get("servers").map(Node::items).unwrap_or(&[]);
            let Some(first) = servers.first() else {
                problems.push(Problem::new(
                    At::root().key("servers"),
                    "the document names no `servers`, so there is no base URL: add a server with an absolute `url`",
                ));
                return None;
            };
            let mut url = first.str("url").unwrap_or("").to_owned();
            for (name, variable) in first.get("variables").map(Node::entries).unwrap_or(&[]) {
                if let Some(default) = variable.get("default").and_then(Node::scalar_text) {
                    url = url.replace(&format!("{{{name}}}"), &default);
                }
                if let Some(values) = variable.get("enum") {
                    notes.push(format!("servers[0].variables.{name}: one of {}", values.brief(200)));
                }
            }
            let named = doc.str("x-servers-enum").is_some() && servers.iter().all(|s| s.str("x-name").is_some());
            for (i, other) in servers.iter().enumerate().skip(1).filter(|_| !named) {
                notes.push(format!("servers[{i}]: {}", other.brief(200)));
            }
            if !url.starts_with("http://") && !url.starts_with("https://") {
                problems.push(Problem::new(
                    At::root().key("servers").index(0).key("url"),
                    &format!("`{url}` is not an absolute URL, so there is no base URL: write the server's full URL (`https://api.example.com{url}`)"),
                ));
                return None;
            }
            url
        }
    };
    Some(url.trim_end_matches('/').to_owned())
}

fn read_security(doc: &Node, version: Version, vendor: &mut Vendor) {
    let (schemes, at) = match version {
        Version::Swagger2 => (doc.get("securityDefinitions"), At::root().key("securityDefinitions")),
        Version::OpenApi3 => (
            doc.get("components").and_then(|c| c.get("securitySchemes")),
            At::root().key("components").key("securitySchemes"),
        ),
    };
    for (name, scheme) in schemes.map(Node::entries).unwrap_or(&[]) {
        let kind = scheme.str("type").unwrap_or("");
        match kind {
            "oauth2" | "openIdConnect" => {
                vendor.bearer = true;
                // OpenAPI 3's `flows.clientCredentials`, Swagger 2's `flow: application`.
                let token_url = match scheme.get("flows").and_then(|f| f.get("clientCredentials")) {
                    Some(flow) => flow.str("tokenUrl"),
                    None if scheme.str("flow") == Some("application") => scheme.str("tokenUrl"),
                    None => None,
                };
                if let Some(url) = token_url.filter(|_| vendor.client_credentials.is_none()) {
                    vendor.client_credentials = Some(url.to_owned());
                }
            }
            "http" if scheme.str("scheme").is_some_and(|s| s.eq_ignore_ascii_case("bearer")) => vendor.bearer = true,
            "apiKey" if matches!(scheme.str("in"), Some("query" | "header")) && vendor.api_key.is_none() => {
                vendor.api_key = Some((
                    scheme.str("in").unwrap_or("header").to_owned(),
                    scheme.str("name").unwrap_or("").to_owned(),
                ));
            }
            _ => {}
        }
        vendor.notes.push(format!("{}: {}", at.key(name), scheme.brief(240)));
    }
}

struct Reader<'d> {
    doc: &'d Node,
    version: Version,
    schemas: Schemas<'d>,
    problems: Vec<Problem>,
    /// Error-response models and how many operations name each.
    error_models: BTreeMap<String, usize>,
}

impl<'d> Reader<'d> {
    /// Follows a local `$ref` (`#/parameters/limit`, `#/components/responses/NotFound`).
    fn deref(&mut self, node: &'d Node, at: &At) -> &'d Node {
        let mut node = node;
        for _ in 0..8 {
            let Some(reference) = node.str("$ref") else { return node };
            let Some(pointer) = reference.strip_prefix("#/") else {
                self.problems.push(Problem::new(
                    at.key("$ref"),
                    &format!(
                        "`{reference}` points into another file: only references within the document are supported"
                    ),
                ));
                return node;
            };
            let mut target = self.doc;
            for step in pointer.split('/') {
                let step = step.replace("~1", "/").replace("~0", "~");
                match target.get(&step) {
                    Some(next) => target = next,
                    None => {
                        self.problems.push(Problem::new(
                            at.key("$ref"),
                            &format!("`{reference}` points nowhere in the document"),
                        ));
                        return node;
                    }
                }
            }
            node = target;
        }
        node
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'d Node,
        op: &'d Node,
        at: &At,
        errors: &mut Vec<Problem>,
    ) -> Option<Operation> {
        let id = match op.str("operationId") {
            Some(id) if !id.trim().is_empty() => id.trim().to_owned(),
            _ => synthesized_id(method, path),
        };
        let hint = heck::AsUpperCamelCase(&id).to_string();
        let mut operation = Operation {
            id: id.clone(),
            method: method.to_uppercase(),
            path: path.to_owned(),
            origin: at.0.clone(),
            deprecated: op.bool("deprecated"),
            docs_url: op.get("externalDocs").and_then(|d| d.str("url")).map(str::to_owned),
            ..Operation::default()
        };
        if op.str("operationId").is_none() {
            operation.notes.push("the document gives no operationId: named after the method and path".into());
        }
        let summary = op.str("summary").map(str::trim).filter(|s| !s.is_empty());
        let long = op.str("description").map(str::trim).filter(|s| !s.is_empty());
        operation.summary = summary
            .or_else(|| long.and_then(|d| d.lines().next()))
            .map_or_else(|| format!("{} {path}", method.to_uppercase()), one_line);
        operation.description = long.filter(|d| Some(*d) != summary).map(str::to_owned);
        if let Some(p) = op.get("x-inin-requires-permissions") {
            let kind = p.str("type").unwrap_or("ANY").to_ascii_lowercase();
            let names: Vec<String> = p
                .get("permissions")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .map(str::to_owned)
                .collect();
            if !names.is_empty() && matches!(kind.as_str(), "any" | "all") {
                operation.permissions = Some((kind, names));
            }
        }
        // Our own export's paging (`cargo xtask openapi`), in the spec's words.
        if let Some(paging) = op.get("x-pagination").filter(|p| p.is_object()) {
            let entries: Vec<String> = paging
                .entries()
                .iter()
                .filter_map(|(k, v)| v.scalar_text().map(|t| format!("{k}: {}", crate::write::scalar(&t))))
                .collect();
            operation.pagination = Some(format!("{{{}}}", entries.join(", ")));
        }
        // Genesys: the SDKs' name for the operation, which its newer documents use as the
        // operationId too (`getUser`, where this 2018 document says `getUsersUserId`).
        if let Some(name) = op.str("x-purecloud-method-name").map(str::trim).filter(|n| !n.is_empty() && *n != id) {
            operation.notes.push(format!(
                "operationId `{id}` in the document; its SDKs (and its newer documents) call it `{name}`"
            ));
            operation.id = name.to_owned();
        }
        for (key, value) in op.entries() {
            let carried = matches!(
                key.as_str(),
                "tags"
                    | "summary"
                    | "description"
                    | "operationId"
                    | "parameters"
                    | "responses"
                    | "deprecated"
                    | "externalDocs"
                    | "x-inin-requires-permissions"
                    | "requestBody"
                    | "produces"
                    | "consumes"
                    | "x-inin-method-name"
                    | "x-codegen-request-body-name"
                    | "x-pagination"
                    | "x-purecloud-method-name"
            );
            if !carried {
                operation.notes.push(format!("{key}: {}", value.brief(200)));
            }
        }

        // Parameters: the path item's, then the operation's (which win by name and place).
        let mut params: Vec<(&'d Node, At)> = Vec::new();
        for (source, source_at) in
            [(item, at.0.rsplit_once('.').map_or_else(At::root, |(p, _)| At(p.to_owned()))), (op, at.clone())]
        {
            for (i, param) in source.get("parameters").map(Node::items).unwrap_or(&[]).iter().enumerate() {
                let param_at = source_at.key("parameters").index(i);
                let param = self.deref(param, &param_at);
                let key = (param.str("name"), param.str("in"));
                if key.0.is_some() {
                    params.retain(|(p, _)| (p.str("name"), p.str("in")) != key);
                }
                params.push((param, param_at));
            }
        }
        for (param, param_at) in params {
            match param.str("in") {
                Some("body") => {
                    let ty = self.schemas.ty(
                        param.get("schema").unwrap_or(&Node::Null),
                        &param_at.key("schema"),
                        &format!("{hint}Request"),
                    );
                    operation.notes.extend(ty.notes.iter().map(|n| format!("body: {n}")));
                    operation.request = Some(Request {
                        ty: ty.ty,
                        required: param.bool("required"),
                        name: param.str("name").map(str::to_owned),
                        description: description(param),
                    });
                }
                Some("formData") => errors.push(Problem::new(
                    param_at.key("in"),
                    "form parameters (`in: formData`) are not supported: the spec format sends JSON bodies",
                )),
                Some("cookie") if !param.bool("required") => operation
                    .notes
                    .push(format!("{param_at}: optional cookie `{}` not sent", param.str("name").unwrap_or(""))),
                Some("cookie") => errors.push(Problem::new(param_at.key("in"), "cookie parameters are not supported")),
                Some("path") if !path.contains(&format!("{{{}}}", param.str("name").unwrap_or(""))) => {
                    let name = param.str("name").unwrap_or("");
                    operation.notes.push(format!("{param_at}: path parameter `{name}` is not in the path: left out"));
                }
                Some(location @ ("path" | "query" | "header")) => {
                    if let Some(p) = self.param(param, location, &param_at, &hint, errors) {
                        operation.parameters.push(p);
                    }
                }
                other => errors.push(Problem::new(
                    param_at.key("in"),
                    &format!("`in: {}` is not a parameter location", other.unwrap_or("(missing)")),
                )),
            }
        }
        // Every placeholder of the path is a path parameter, whatever the document declares.
        for placeholder in placeholders(path) {
            if operation.parameters.iter().any(|p| p.location == "path" && p.name == placeholder) {
                continue;
            }
            match operation.parameters.iter_mut().find(|p| p.name == placeholder) {
                Some(p) => {
                    p.notes.push(format!(
                        "declared `in: {}`, but the path has `{{{placeholder}}}`: a path parameter",
                        p.location
                    ));
                    p.location = "path".into();
                    p.required = true;
                    p.default = None;
                }
                None => operation.parameters.push(Param {
                    name: placeholder.clone(),
                    location: "path".into(),
                    ty: "string".into(),
                    required: true,
                    notes: vec![format!("not declared, but the path has `{{{placeholder}}}`")],
                    ..Param::default()
                }),
            }
        }
        if let Some(body) = op.get("requestBody") {
            let body_at = at.key("requestBody");
            let body = self.deref(body, &body_at);
            match json_schema(body.get("content")) {
                Ok(Some((schema, media))) => {
                    let ty = self.schemas.ty(
                        schema,
                        &body_at.key("content").key(media).key("schema"),
                        &format!("{hint}Request"),
                    );
                    operation.notes.extend(ty.notes.iter().map(|n| format!("body: {n}")));
                    operation.request = Some(Request {
                        ty: ty.ty,
                        required: body.bool("required"),
                        // openapi-generator's `x-codegen-request-body-name` names the body.
                        name: Some(op.str("x-codegen-request-body-name").unwrap_or("body").to_owned()),
                        description: description(body),
                    });
                }
                Ok(None) => operation.notes.push("the request body has no schema".into()),
                Err(media) => errors.push(Problem::new(
                    body_at.key("content"),
                    &format!("a `{media}` request body is not supported: the spec format sends JSON bodies"),
                )),
            }
        }

        // The response: the first 2xx with a body.
        let responses = op.get("responses").map(Node::entries).unwrap_or(&[]);
        let produces = op.get("produces").or_else(|| self.doc.get("produces")).map(Node::items).unwrap_or(&[]);
        let produces_json = produces.is_empty() || produces.iter().filter_map(Node::as_str).any(is_json);
        let mut chosen = false;
        let mut errors_line: Vec<String> = Vec::new();
        for (status, response) in responses {
            let response_at = at.key("responses").key(status);
            let response = self.deref(response, &response_at);
            let success = status.starts_with('2');
            if !success {
                let model = self
                    .response_schema(response, produces_json)
                    .ok()
                    .flatten()
                    .and_then(|(s, _)| s.str("$ref"))
                    .map(|r| r.rsplit('/').next().unwrap_or(r).to_owned());
                if let Some(model) = &model {
                    *self.error_models.entry(model.clone()).or_default() += 1;
                }
                let codes: Vec<&str> = response
                    .get("x-inin-error-codes")
                    .map(Node::entries)
                    .unwrap_or(&[])
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect();
                let mut line = status.clone();
                if !codes.is_empty() {
                    line.push_str(&format!(" ({})", codes.join(", ")));
                }
                errors_line.push(line);
                continue;
            }
            if chosen {
                operation
                    .notes
                    .push(format!("also answers {status}: {}", one_line(response.str("description").unwrap_or(""))));
                continue;
            }
            match self.response_schema(response, produces_json) {
                Ok(Some((schema, media))) => {
                    let hint = format!("{hint}Response");
                    let schema_at = match self.version {
                        Version::Swagger2 => response_at.key("schema"),
                        Version::OpenApi3 => response_at.key("content").key(media).key("schema"),
                    };
                    let ty: Ty = self.schemas.ty(schema, &schema_at, &hint);
                    operation.notes.extend(ty.notes.iter().map(|n| format!("response: {n}")));
                    let text = !is_json(media) && media.starts_with("text/");
                    if text && ty.ty != "string" {
                        operation
                            .notes
                            .push(format!("the `{media}` response is described as `{}`: taken as text", ty.ty));
                    }
                    operation.produces_text = text;
                    operation.response = Some(if text { "string".into() } else { ty.ty });
                    chosen = true;
                }
                Ok(None) => chosen = true,
                Err(media) => {
                    operation.notes.push(format!(
                        "{status}: the `{media}` body is not decoded (the format has JSON and text responses)"
                    ));
                    chosen = true;
                }
            }
        }
        if !errors_line.is_empty() {
            operation.notes.push(format!("errors: {}", errors_line.join("; ")));
        }
        operation.note_uses();
        Some(operation)
    }

    /// A response's schema and media type: `Err(media type)` for a body that is neither JSON
    /// nor text.
    fn response_schema(&self, response: &'d Node, produces_json: bool) -> Result<Option<(&'d Node, &'d str)>, &'d str> {
        match self.version {
            Version::Swagger2 => {
                let Some(schema) = response.get("schema") else { return Ok(None) };
                Ok(Some((schema, if produces_json { "application/json" } else { "text/plain" })))
            }
            Version::OpenApi3 => json_schema(response.get("content")),
        }
    }

    fn param(
        &mut self,
        node: &'d Node,
        location: &str,
        at: &At,
        hint: &str,
        errors: &mut Vec<Problem>,
    ) -> Option<Param> {
        let name = node.str("name").unwrap_or("").to_owned();
        if name.is_empty() {
            errors.push(Problem::new(at.key("name"), "the parameter has no name"));
            return None;
        }
        let schema = match self.version {
            Version::Swagger2 => node,
            Version::OpenApi3 => match node.get("schema") {
                Some(s) => s,
                None => {
                    errors.push(Problem::new(at.clone(), "a parameter without `schema` (`content`) is not supported"));
                    return None;
                }
            },
        };
        let schema_at = if self.version == Version::Swagger2 { at.clone() } else { at.key("schema") };
        let param_hint = format!("{hint}{}", heck::AsUpperCamelCase(&name));
        let mut ty = match self.version {
            Version::Swagger2 => self.schemas.param_ty(schema, &schema_at, &param_hint, PARAM_KEYS),
            Version::OpenApi3 => self.schemas.ty(schema, &schema_at, &param_hint),
        };
        // A query value is text: a document that calls it an object (Genesys's `expand`
        // items) describes the parameter loosely, not a JSON object on the wire.
        for any in ["any", "array<any>"] {
            if ty.ty == any {
                ty.ty = any.replace("any", "string");
                ty.notes.push("the document types it `object`: sent as text".into());
            }
        }
        let scalar = |t: &str| {
            let named = crate::model::named_types(t);
            named.iter().all(|m| self.schemas.is_enum(m)) && !t.contains("map<") && t != "any"
        };
        let is_array = ty.ty.starts_with("array<");
        let element = ty.ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')).unwrap_or(&ty.ty);
        if !scalar(element) || element.starts_with("array<") {
            errors.push(Problem::new(
                schema_at.clone(),
                &format!(
                    "a {location} parameter of type `{}` is not supported: parameters are scalars or arrays of scalars",
                    ty.ty
                ),
            ));
            return None;
        }
        let mut param = Param {
            name: name.clone(),
            location: location.to_owned(),
            ty: ty.ty.clone(),
            required: location == "path" || node.bool("required"),
            description: description(node),
            enum_values: ty.enum_values,
            enum_descriptions: ty.enum_descriptions,
            deprecated: node.bool("deprecated"),
            notes: ty.notes,
            ..Param::default()
        };
        param.secret = crate::credential(&name, &param.ty, location);
        if let Some(default) = schema.get("default") {
            match default.scalar_text() {
                Some(text) if param.enum_values.is_empty() || param.enum_values.contains(&text) => {
                    if !matches!(default, Node::Null) {
                        param.default = Some(text);
                    }
                }
                Some(text) => param.notes.push(format!("default: `{text}`, which is not one of its values")),
                None => param.notes.push(format!("default: {}", default.brief(120))),
            }
        }
        if let Some(pattern) = schema.str("pattern") {
            if location == "path" {
                param.pattern = Some(pattern.to_owned());
            } else {
                param.notes.push(format!("pattern: {pattern}"));
            }
        }
        if is_array {
            let format = match self.version {
                Version::Swagger2 => node.str("collectionFormat").unwrap_or("csv").to_owned(),
                Version::OpenApi3 => {
                    let style = node.str("style").unwrap_or(if location == "header" { "simple" } else { "form" });
                    let explode = node.get("explode").and_then(Node::as_bool).unwrap_or(style == "form");
                    match (style, explode) {
                        ("form", true) => "multi".into(),
                        ("form", false) | ("simple", _) => "csv".into(),
                        (other, _) => other.to_owned(),
                    }
                }
            };
            match format.as_str() {
                "multi" if location == "header" => {
                    errors.push(Problem::new(at.clone(), "a header array sent once per element is not supported"));
                    return None;
                }
                "multi" | "csv" if location != "path" => param.collection_format = Some(format),
                other => {
                    errors.push(Problem::new(at.clone(), &format!("a {location} array sent as `{other}` is not supported (only query and header arrays, `multi` or `csv`)")));
                    return None;
                }
            }
        }
        for (key, value) in node.entries() {
            let carried = PARAM_KEYS.contains(&key.as_str()) || self.version == Version::Swagger2;
            if !carried {
                param.notes.push(format!("{key}: {}", value.brief(120)));
            }
        }
        Some(param)
    }
}

/// The JSON (or text) schema of a `content` map: `Err(media type)` when it has only others.
fn json_schema(content: Option<&Node>) -> Result<Option<(&Node, &str)>, &str> {
    let Some(content) = content else { return Ok(None) };
    let entries = content.entries();
    if let Some((media, body)) =
        entries.iter().find(|(m, _)| is_json(m)).or_else(|| entries.iter().find(|(m, _)| m.starts_with("text/")))
    {
        return Ok(body.get("schema").map(|s| (s, media.as_str())));
    }
    match entries.first() {
        Some((media, _)) => Err(media.as_str()),
        None => Ok(None),
    }
}

/// The names of a path template's placeholders (`/a/{b}/{+c}` -> `b`, `c`).
fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.trim_start_matches('+').to_owned())
        .collect()
}

fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or("").trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*" || media == "application/*"
}

fn one_line(text: &str) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    line.to_owned()
}

/// `get /users/{id}/keys` -> `getUsersIdKeys`.
fn synthesized_id(method: &str, path: &str) -> String {
    let words: Vec<String> = std::iter::once(method.to_owned())
        .chain(path.split(['/', '{', '}', '.', '-', '_', ':']).filter(|s| !s.is_empty()).map(str::to_owned))
        .collect();
    words.join(" ").to_lower_camel_case()
}

/// Notes most operations share (Genesys: the same `security` and error responses on each)
/// are said once, for the API, and kept on the operations that differ.
fn common_notes(vendor: &mut Vendor) {
    for prefix in ["security: ", "errors: "] {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let ops = vendor.groups.iter().flat_map(|g| &g.operations);
        for note in ops.flat_map(|o| &o.notes).filter(|n| n.starts_with(prefix)) {
            *counts.entry(note.as_str()).or_default() += 1;
        }
        let total: usize = vendor.groups.iter().map(|g| g.operations.len()).sum();
        let Some((common, count)) = counts.into_iter().max_by_key(|(_, c)| *c) else { continue };
        if count * 2 <= total {
            continue;
        }
        let common = common.to_owned();
        for op in vendor.groups.iter_mut().flat_map(|g| &mut g.operations) {
            op.notes.retain(|n| *n != common);
        }
        vendor.notes.push(format!("every operation, unless it says otherwise: {common}"));
    }
}

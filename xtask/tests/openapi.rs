//! The OpenAPI 3.0 documents written for the peer generators (`xtask::openapi`), checked
//! structurally against the specs they come from: every operation once, every `$ref`
//! resolving, path parameters matching their templates, `required` naming real properties.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use xtask::SpecFiles;

/// A spec under `spec/`: `name.yaml`, or the folder `name/`, read as `cargo xtask` reads it.
fn seed(name: &str) -> SpecFiles {
    let root = xtask::workspace_root().join("spec");
    let folder = root.join(name);
    let path = if folder.is_dir() { folder } else { root.join(format!("{name}.yaml")) };
    SpecFiles::read(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Every spec checked.
fn specs() -> Vec<SpecFiles> {
    let mut out: Vec<SpecFiles> = ["genesys", "knetik", "google_dataportability"].into_iter().map(seed).collect();
    out.push(SpecFiles::one("spec/synthetic.yaml", &codegen::synth::spec(200, 1)));
    out
}

fn document(spec: &SpecFiles) -> Value {
    let path = &spec.shown;
    serde_json::from_str(&document_text(spec)).unwrap_or_else(|e| panic!("{path}: the document is not JSON: {e}"))
}

/// The document as `cargo xtask openapi` writes it.
fn document_text(spec: &SpecFiles) -> String {
    let path = &spec.shown;
    xtask::openapi::from_input(spec.input(), xtask::openapi::Success::AsDocumented)
        .unwrap_or_else(|d| panic!("{path}: {}", codegen::render(&d)))
}

/// The spec as one YAML value: a folder's `api` block, every group's operations, every file's
/// models.
fn yaml(spec: &SpecFiles) -> serde_yaml::Value {
    let mut merged = serde_yaml::Mapping::new();
    let (mut operations, mut models) = (Vec::new(), serde_yaml::Mapping::new());
    for (_, text) in &spec.files {
        let file: serde_yaml::Value = serde_yaml::from_str(text).expect("the spec is YAML");
        if let Some(api) = file.get("api") {
            merged.insert("api".into(), api.clone());
        }
        operations.extend(file.get("operations").and_then(|o| o.as_sequence()).cloned().unwrap_or_default());
        for (k, v) in file.get("models").and_then(|m| m.as_mapping()).cloned().unwrap_or_default() {
            models.insert(k, v);
        }
    }
    merged.insert("operations".into(), serde_yaml::Value::Sequence(operations));
    merged.insert("models".into(), serde_yaml::Value::Mapping(models));
    serde_yaml::Value::Mapping(merged)
}

/// (operationId, method, path) as the spec writes them.
fn written_operations(spec: &serde_yaml::Value) -> Vec<(String, String, String)> {
    let ops = spec["operations"].as_sequence().expect("operations");
    ops.iter()
        .map(|op| {
            let field = |k: &str| op[k].as_str().unwrap_or_else(|| panic!("operation without `{k}`")).to_owned();
            // OpenAPI 3.0 paths have no reserved expansion: `{+name}` is written `{name}`.
            (field("id"), field("method").to_ascii_lowercase(), field("path").replace("{+", "{"))
        })
        .collect()
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// (operationId, method, path, operation) of every operation in the document.
fn operations(doc: &Value) -> Vec<(String, String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let id = op["operationId"].as_str().unwrap_or("<no operationId>").to_owned();
            out.push((id, method.clone(), path.clone(), op));
        }
    }
    out
}

fn placeholders(path: &str) -> BTreeSet<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

/// Every `$ref` in `value`, with where it is.
fn refs<'v>(value: &'v Value, at: &str, out: &mut Vec<(String, &'v Value)>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                out.push((at.to_owned(), value));
            }
            for (k, v) in map {
                refs(v, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What is structurally wrong with an OpenAPI 3.0 document (empty when nothing is).
fn problems(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if doc["openapi"] != "3.0.3" {
        out.push(format!("openapi is {}, not 3.0.3", doc["openapi"]));
    }
    for key in ["title", "version"] {
        if !doc["info"][key].is_string() {
            out.push(format!("info.{key} is missing"));
        }
    }
    if !doc["servers"][0]["url"].as_str().is_some_and(|u| u.starts_with("https://") || u.starts_with("http://")) {
        out.push("the first server has no absolute URL".to_owned());
    }

    let mut found = Vec::new();
    refs(doc, "#", &mut found);
    for (at, value) in found {
        let target = value["$ref"].as_str().unwrap_or_default();
        if !target.starts_with("#/components/schemas/") {
            out.push(format!("{at}: `$ref` {target} is not a component schema"));
        } else if doc.pointer(&target[1..]).is_none() {
            out.push(format!("{at}: `$ref` {target} resolves to nothing"));
        }
        if value.as_object().is_some_and(|o| o.len() != 1) {
            out.push(format!("{at}: a `$ref` has siblings, which OpenAPI 3.0 ignores"));
        }
    }

    let mut ids = BTreeSet::new();
    for (id, method, path, op) in operations(doc) {
        let here = format!("{method} {path}");
        if !METHODS.contains(&method.as_str()) {
            out.push(format!("{here}: `{method}` is not an HTTP method"));
        }
        if !path.starts_with('/') {
            out.push(format!("{here}: the path does not start with `/`"));
        }
        if !ids.insert(id.clone()) {
            out.push(format!("{here}: operationId {id} is used twice"));
        }
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let mut seen = BTreeSet::new();
        let mut path_params = BTreeSet::new();
        for p in &params {
            let (name, place) = (p["name"].as_str().unwrap_or_default(), p["in"].as_str().unwrap_or_default());
            if !["path", "query", "header", "cookie"].contains(&place) {
                out.push(format!("{here}: parameter {name} is `in: {place}`"));
            }
            if !seen.insert((name.to_owned(), place.to_owned())) {
                out.push(format!("{here}: parameter {name} ({place}) is listed twice"));
            }
            if !p["schema"].is_object() {
                out.push(format!("{here}: parameter {name} has no schema"));
            }
            if place == "path" {
                path_params.insert(name.to_owned());
                if p["required"] != true {
                    out.push(format!("{here}: path parameter {name} is not `required: true`"));
                }
            }
        }
        if path_params != placeholders(&path) {
            out.push(format!(
                "{here}: path parameters {path_params:?} do not match the template's {:?}",
                placeholders(&path)
            ));
        }
        match op["responses"].as_object() {
            Some(responses) if !responses.is_empty() => {
                for (code, response) in responses {
                    let code_ok = code == "default"
                        || (code.len() == 3
                            && code.starts_with(['1', '2', '3', '4', '5'])
                            && (code[1..].chars().all(|c| c.is_ascii_digit()) || &code[1..] == "XX"));
                    if !code_ok {
                        out.push(format!("{here}: `{code}` is not a response code"));
                    }
                    if !response["description"].is_string() {
                        out.push(format!("{here}: response {code} has no description"));
                    }
                }
            }
            _ => out.push(format!("{here}: no responses")),
        }
        if let Some(body) = op.get("requestBody") {
            if !body["content"]["application/json"]["schema"].is_object() {
                out.push(format!("{here}: the request body has no JSON schema"));
            }
        }
    }

    let schemes = doc["components"]["securitySchemes"].as_object();
    let mut requirements: Vec<&Value> = doc["security"].as_array().into_iter().flatten().collect();
    for (_, _, _, op) in operations(doc) {
        requirements.extend(op["security"].as_array().into_iter().flatten());
    }
    for requirement in requirements {
        for name in requirement.as_object().into_iter().flatten().map(|(k, _)| k) {
            if !schemes.is_some_and(|s| s.contains_key(name)) {
                out.push(format!("security requirement {name} names no security scheme"));
            }
        }
    }

    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
            out.push(format!("schema name {name} is not a valid component key"));
        }
        let properties = schema["properties"].as_object();
        if let Some(required) = schema.get("required") {
            let names = required.as_array().cloned().unwrap_or_default();
            if names.is_empty() {
                out.push(format!("{name}: `required` is empty (OpenAPI 3.0 wants at least one name)"));
            }
            for r in names {
                let r = r.as_str().unwrap_or_default();
                if !properties.is_some_and(|p| p.contains_key(r)) {
                    out.push(format!("{name}: required `{r}` is not a property"));
                }
            }
        }
        if let Some(values) = schema.get("enum") {
            if schema["type"] != "string"
                || !values.as_array().is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_string))
            {
                out.push(format!("{name}: an enum that is not a non-empty list of strings"));
            }
        }
    }
    out
}

#[test]
fn every_operation_appears_once_and_the_documents_hang_together() {
    for spec in specs() {
        let (path, doc) = (&spec.shown, document(&spec));
        let problems = problems(&doc);
        assert!(problems.is_empty(), "{path}:\n{}", problems.join("\n"));

        let mut written = written_operations(&yaml(&spec));
        let mut found: Vec<(String, String, String)> =
            operations(&doc).into_iter().map(|(id, m, p, _)| (id, m, p)).collect();
        assert!(!written.is_empty(), "{path}: no operations");
        written.sort();
        found.sort();
        assert_eq!(found, written, "{path}: the document's operations are not the spec's");
    }
}

#[test]
fn responses_are_the_documented_ones_with_the_error_body_as_default() {
    for checked in specs() {
        let (path, spec, doc) = (&checked.shown, yaml(&checked), document(&checked));
        let error_model = spec["api"]["error"]["model"].as_str().expect("every checked spec documents its error body");
        let models = spec["models"].as_mapping().expect("models");
        for op in spec["operations"].as_sequence().expect("operations") {
            let id = op["id"].as_str().unwrap_or_default();
            let (_, _, _, found) =
                operations(&doc).into_iter().find(|(i, ..)| i == id).expect("the operation is there");
            let responses = &found["responses"];
            assert_eq!(
                responses["default"]["content"]["application/json"]["schema"]["$ref"],
                json!(format!("#/components/schemas/{error_model}")),
                "{path}: {id}"
            );
            match op["response"].as_str() {
                // A type expression (`array<string>`, `string`), not a model: described inline.
                Some(ty) if !models.contains_key(ty) => {
                    let media = op["produces"].as_str().unwrap_or("application/json");
                    let schema = &responses["200"]["content"][media]["schema"];
                    assert!(schema.is_object() && schema.get("$ref").is_none(), "{path}: {id}: {responses}");
                }
                Some(model) => {
                    let schema = &responses["200"]["content"]["application/json"]["schema"];
                    assert_eq!(
                        schema["$ref"],
                        json!(format!("#/components/schemas/{model}")),
                        "{path}: {id}: {responses}"
                    );
                    assert!(responses.get("204").is_none(), "{path}: {id}");
                }
                None => {
                    assert!(
                        responses.get("204").is_some() && responses.get("200").is_none(),
                        "{path}: {id}: {responses}"
                    );
                }
            }
            // A request model with no fields means "send no body". `request:` is a model's name,
            // or a mapping with its `type`, `required` and `description`.
            let request = &op["request"];
            let (model, required) = match request.get("type") {
                Some(ty) => (ty.as_str(), request["required"].as_bool().unwrap_or(true)),
                None => (request.as_str(), true),
            };
            match model {
                // A type expression (`array<string>`): described inline.
                Some(ty) if !models.contains_key(ty) => {
                    let schema = &found["requestBody"]["content"]["application/json"]["schema"];
                    assert!(schema.is_object() && schema.get("$ref").is_none(), "{path}: {id}");
                }
                Some(model) if models[model]["fields"].as_mapping().is_some_and(|f| f.is_empty()) => {
                    assert!(found.get("requestBody").is_none(), "{path}: {id} sends an empty body");
                }
                Some(model) => {
                    let body = &found["requestBody"];
                    let schema = &body["content"]["application/json"]["schema"];
                    assert_eq!(schema["$ref"], json!(format!("#/components/schemas/{model}")), "{path}: {id}");
                    assert_eq!(body["required"], required, "{path}: {id}");
                    if let Some(description) = request.get("description").and_then(|d| d.as_str()) {
                        assert_eq!(body["description"], description, "{path}: {id}");
                    }
                }
                None => assert!(found.get("requestBody").is_none(), "{path}: {id}"),
            }
        }
    }
}

#[test]
fn models_keep_wire_names_formats_and_flags() {
    let doc = document(&seed("genesys"));
    let schemas = &doc["components"]["schemas"];
    let client = &schemas["OAuthClient"];
    assert_eq!(client["type"], "object");
    assert_eq!(client["required"], json!(["name", "authorizedGrantType"]));
    assert_eq!(
        client["properties"]["id"],
        json!({"type": "string", "readOnly": true, "description": "The globally unique identifier for the object."})
    );
    assert_eq!(client["properties"]["accessTokenValiditySeconds"]["format"], "int64");
    assert_eq!(client["properties"]["dateCreated"]["format"], "date-time");
    assert_eq!(client["properties"]["roleDivisions"]["items"], json!({"$ref": "#/components/schemas/RoleDivision"}));
    assert_eq!(client["properties"]["roleDivisions"]["type"], "array");
    assert_eq!(client["properties"]["state"], json!({"$ref": "#/components/schemas/OAuthClientState"}));
    assert_eq!(schemas["OAuthClientState"]["enum"], json!(["active", "disabled", "inactive"]));
    assert_eq!(
        schemas["OAuthClientEntityListing"]["properties"]["pageSize"],
        json!({"type": "integer", "format": "int32"})
    );
    let cc = &doc["components"]["securitySchemes"]["clientCredentials"];
    assert_eq!(cc["flows"]["clientCredentials"]["tokenUrl"], "https://login.mypurecloud.com/oauth/token");
    assert_eq!(doc["components"]["securitySchemes"]["bearerAuth"], json!({"type": "http", "scheme": "bearer"}));
    assert_eq!(doc["servers"][0]["url"], "https://api.mypurecloud.com");
    assert_eq!(doc["servers"].as_array().map(Vec::len), Some(15), "the default server is not repeated");

    // Header parameters by wire name, with their documented default.
    let (_, _, _, op) = operations(&doc).into_iter().find(|(id, ..)| id == "getOauthScopes").expect("getOauthScopes");
    assert_eq!(op["parameters"][0]["name"], "Accept-Language");
    assert_eq!(op["parameters"][0]["in"], "header");
    assert_eq!(op["parameters"][0]["schema"], json!({"type": "string", "default": "en-us"}));

    let knetik = document(&seed("knetik"));
    assert_eq!(
        knetik["components"]["securitySchemes"]["clientCredentials"]["flows"]["clientCredentials"]["tokenUrl"],
        "https://sandbox.knetikcloud.com/oauth/token"
    );
    let (_, _, _, op) = operations(&knetik).into_iter().find(|(id, ..)| id == "getTokens").expect("getTokens");
    let size = op["parameters"].as_array().into_iter().flatten().find(|p| p["name"] == "size").expect("size");
    assert_eq!(
        size["schema"],
        json!({"type": "integer", "format": "int32", "default": 25}),
        "defaults keep their type"
    );
    assert_eq!(
        knetik["components"]["schemas"]["ErrorResource"]["properties"]["details"],
        json!({"description": "Extra details about the error, if needed"})
    );

    let google = document(&seed("google_dataportability"));
    let (_, _, _, op) = operations(&google).into_iter().next().expect("one operation");
    let alt = op["parameters"].as_array().into_iter().flatten().find(|p| p["name"] == "alt").expect("alt");
    assert_eq!(
        alt["schema"],
        json!({"type": "string", "enum": ["json", "media", "proto"], "x-enum-name": "Alt", "default": "json"})
    );
    assert_eq!(
        google["components"]["securitySchemes"]["apiKey"],
        json!({"type": "apiKey", "name": "key", "in": "query"})
    );

    let synthetic = document(&SpecFiles::one("spec/synthetic.yaml", &codegen::synth::spec(8, 1)));
    let attributes = &synthetic["components"]["schemas"]["AccountAlert"]["properties"]["attributes"];
    assert_eq!(attributes["additionalProperties"], json!({"type": "string"}), "maps: {attributes}");
    let (_, _, _, list) = operations(&synthetic)
        .into_iter()
        .find(|(_, m, p, _)| m == "get" && !p.contains('{'))
        .expect("a list operation");
    let state = list["parameters"].as_array().into_iter().flatten().find(|p| p["name"] == "state").expect("state");
    assert_eq!(
        state["schema"],
        json!({"type": "array", "items": {"type": "string", "enum": ["active", "disabled", "PENDING-DELETION"], "x-enum-name": "AccountAlertState"}})
    );
}

#[test]
fn the_checks_catch_broken_documents() {
    let good = document(&seed("knetik"));
    assert!(problems(&good).is_empty());
    type Breakage = Box<dyn Fn(&mut Value)>;
    let breakages: Vec<(&str, Breakage)> = vec![
        (
            "resolves to nothing",
            Box::new(|d| drop(d["components"]["schemas"].as_object_mut().map(|s| s.remove("Order")))),
        ),
        (
            "do not match the template",
            Box::new(|d| {
                d["paths"]["/auth/tokens/{username}/{client_id}"]["get"]["parameters"][1]["name"] = json!("clientId")
            }),
        ),
        ("is not a property", Box::new(|d| d["components"]["schemas"]["Order"]["required"] = json!(["sort"]))),
        ("is used twice", Box::new(|d| d["paths"]["/auth/tokens"]["get"]["operationId"] = json!("deleteTokens"))),
        ("names no security scheme", Box::new(|d| d["security"] = json!([{"oauth": []}]))),
    ];
    for (expected, breakage) in breakages {
        let mut doc = good.clone();
        breakage(&mut doc);
        let found = problems(&doc);
        assert!(found.iter().any(|p| p.contains(expected)), "expected a problem that {expected}, got {found:?}");
    }
}

#[test]
fn what_openapi_cannot_say_is_an_error() {
    let head =
        "api: {title: T, version: v1, sources: [{note: n}], base_url: 'https://x.test'}\nmodels: {}\noperations:\n";
    let twice = format!(
        "{head}  - {{id: a, method: GET, path: /x, summary: A}}\n  - {{id: b, method: GET, path: /x, summary: B}}\n"
    );
    let diagnostics = xtask::openapi::from_spec("spec/twice.yaml", &twice).expect_err("two GET /x");
    assert!(codegen::render(&diagnostics).contains("GET /x"), "{}", codegen::render(&diagnostics));

    let p = |name: &str| format!("parameters: [{{name: {name}, in: path, type: string}}]");
    let renamed = format!(
        "{head}  - {{id: a, method: GET, path: '/x/{{a}}', summary: A, {}}}\n  - {{id: b, method: PUT, path: '/x/{{b}}', summary: B, {}}}\n",
        p("a"),
        p("b")
    );
    let diagnostics = xtask::openapi::from_spec("spec/renamed.yaml", &renamed).expect_err("/x/{a} and /x/{b}");
    assert!(
        codegen::render(&diagnostics).contains("differ only in their placeholders"),
        "{}",
        codegen::render(&diagnostics)
    );

    // The spec's own errors, located, as `generate` reports them.
    let broken = format!("{head}  - {{id: a, method: GET, path: /x, summary: A, response: Missing}}\n");
    let diagnostics = xtask::openapi::from_spec("spec/broken.yaml", &broken).expect_err("unknown type");
    assert_eq!(
        codegen::render(&diagnostics),
        codegen::render(&codegen::generate("spec/broken.yaml", &broken).expect_err("unknown type"))
    );
}

#[test]
fn the_checked_in_documents_are_current() {
    for name in ["genesys", "knetik", "google_dataportability"] {
        let spec = seed(name);
        let want = document_text(&spec);
        let file = format!("{}/../bench/openapi/{name}.json", env!("CARGO_MANIFEST_DIR"));
        let have = std::fs::read_to_string(&file).unwrap_or_default();
        let path = &spec.shown;
        assert!(have == want, "{file} is stale: run `cargo xtask openapi {path} --out bench/openapi/{name}.json`");
    }
}

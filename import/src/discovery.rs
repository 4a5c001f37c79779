//! Google Discovery documents (`discoveryVersion: v1`): `schemas` are the models, each
//! top-level resource a group (its nested resources with it), the global `parameters` the
//! parameter group `standard` every method takes.

use std::collections::BTreeSet;

use crate::Problem;
use crate::model::{Operation, Param, Request, Vendor};
use crate::node::{At, Node};
use crate::schema::{Refs, Schemas, description};
use crate::tags::Grouper;

/// The parameter group of the document's global parameters.
const STANDARD: &str = "standard";

pub fn read(doc: &Node, document: &str, problems: &mut Vec<Problem>) -> Option<Vendor> {
    let root = At::root();
    let name = doc.str("name").unwrap_or("api").to_owned();
    let mut vendor = Vendor {
        format: format!("Google Discovery {}", doc.str("discoveryVersion").unwrap_or("v1")),
        document: document.to_owned(),
        title: doc.str("title").unwrap_or(&name).to_owned(),
        version: doc.str("version").unwrap_or("v1").to_owned(),
        revision: doc.str("revision").map(str::to_owned),
        description: description(doc),
        docs_url: doc.str("documentationLink").map(str::to_owned),
        ..Vendor::default()
    };
    let Some(root_url) = doc.str("rootUrl").or_else(|| doc.str("baseUrl")) else {
        problems.push(Problem::new(root.key("rootUrl"), "the document names no `rootUrl`, so there is no base URL"));
        return None;
    };
    vendor.base_url = root_url.trim_end_matches('/').to_owned();
    let service_path = doc.str("servicePath").unwrap_or("").trim_matches('/').to_owned();
    for key in ["mtlsRootUrl", "batchPath", "canonicalName", "ownerDomain", "ownerName", "id"] {
        if let Some(v) = doc.get(key) {
            vendor.notes.push(format!("{key}: {}", v.brief(120)));
        }
    }
    let scopes = doc.get("auth").and_then(|a| a.get("oauth2")).and_then(|o| o.get("scopes"));
    for (url, scope) in scopes.map(Node::entries).unwrap_or(&[]) {
        vendor.scopes.push((url.clone(), description(scope)));
    }
    vendor.bearer = !vendor.scopes.is_empty();
    let all_scopes: BTreeSet<&str> = vendor.scopes.iter().map(|(u, _)| u.as_str()).collect();

    let named = doc
        .get("schemas")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .map(|(n, s)| (n.clone(), s, root.key("schemas").key(n)))
        .collect();
    let mut schemas = Schemas::new(Refs::Bare, named);
    let mut models = schemas.named_models();

    // The global parameters: one parameter group every method takes.
    let mut standard = Vec::new();
    for (pname, p) in doc.get("parameters").map(Node::entries).unwrap_or(&[]) {
        let at = root.key("parameters").key(pname);
        if let Some(mut param) = param(&mut schemas, pname, p, &at, "Standard", problems) {
            if param.name == "key" && param.location == "query" {
                vendor.api_key = Some(("query".into(), "key".into()));
            }
            // The standard parameters' values are enums of their own name (`Alt`, `Xgafv`), as
            // every method shares them.
            if !param.enum_values.is_empty() {
                let name = schemas.unique(&codegen::naming::camel(pname).unwrap_or_else(|| "Standard".into()));
                let descriptions = std::mem::take(&mut param.enum_descriptions);
                let values = std::mem::take(&mut param.enum_values).into_iter().enumerate();
                schemas.synthesized.push(crate::model::Model {
                    name: name.clone(),
                    description: param.description.clone(),
                    kind: crate::model::ModelKind::Enum(
                        values.map(|(i, v)| (v, descriptions.get(i).cloned().flatten())).collect(),
                    ),
                    origin: at.0.clone(),
                    enum_rust_names: Default::default(),
                    notes: Vec::new(),
                });
                param.ty = if param.ty.starts_with("array<") { format!("array<{name}>") } else { name };
            }
            standard.push(param);
        }
    }
    if !standard.is_empty() {
        vendor.parameter_groups.push((STANDARD.to_owned(), standard));
    }

    let mut grouper = Grouper::new(None);
    let prefix = format!("{name}.");
    let mut ids = Vec::new();
    let mut reader = Methods {
        schemas: &mut schemas,
        service_path,
        all_scopes: &all_scopes,
        standard: !vendor.parameter_groups.is_empty(),
        problems,
    };
    if let Some(methods) = doc.get("methods") {
        reader.methods(methods, &root.key("methods"), &name, &mut grouper, &mut ids);
    }
    for (resource, node) in doc.get("resources").map(Node::entries).unwrap_or(&[]) {
        reader.resource(node, &root.key("resources").key(resource), resource, &mut grouper, &mut ids);
    }
    if !ids.is_empty() && ids.iter().all(|id: &String| id.starts_with(&prefix)) {
        vendor.operation_id_prefix = Some(prefix);
    }
    problems.append(&mut schemas.problems);
    models.append(&mut schemas.synthesized);
    vendor.models = models;
    vendor.groups = grouper.finish(&mut vendor.notes);
    Some(vendor)
}

struct Methods<'a, 'd> {
    schemas: &'a mut Schemas<'d>,
    service_path: String,
    all_scopes: &'a BTreeSet<&'a str>,
    standard: bool,
    problems: &'a mut Vec<Problem>,
}

impl<'d> Methods<'_, 'd> {
    /// A top-level resource and the resources under it: one group.
    fn resource(&mut self, node: &'d Node, at: &At, group: &str, grouper: &mut Grouper, ids: &mut Vec<String>) {
        self.resource_at(node, at, group, grouper, ids, 0);
    }

    fn resource_at(
        &mut self,
        node: &'d Node,
        at: &At,
        group: &str,
        grouper: &mut Grouper,
        ids: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 16 {
            self.problems.push(Problem::new(at.clone(), "resources nest more than 16 deep"));
            return;
        }
        if let Some(methods) = node.get("methods") {
            self.methods(methods, &at.key("methods"), group, grouper, ids);
        }
        for (name, inner) in node.get("resources").map(Node::entries).unwrap_or(&[]) {
            self.resource_at(inner, &at.key("resources").key(name), group, grouper, ids, depth + 1);
        }
    }

    fn methods(&mut self, methods: &'d Node, at: &At, group: &str, grouper: &mut Grouper, ids: &mut Vec<String>) {
        for (name, method) in methods.entries() {
            let method_at = at.key(name);
            let mut errors = Vec::new();
            let op = self.method(method, &method_at, &mut errors);
            match op {
                Some(op) if errors.is_empty() => {
                    ids.push(op.id.clone());
                    grouper.add(Some(group), "", op);
                }
                _ => {
                    let why: Vec<String> = errors.iter().map(|p| p.to_string()).collect();
                    grouper.skip(Some(group), format!("{method_at}: not imported: {}", why.join("; ")));
                    self.problems.extend(errors);
                }
            }
        }
    }

    fn method(&mut self, node: &'d Node, at: &At, errors: &mut Vec<Problem>) -> Option<Operation> {
        let Some(id) = node.str("id") else {
            errors.push(Problem::new(at.key("id"), "the method has no `id`"));
            return None;
        };
        let Some(http) = node.str("httpMethod") else {
            errors.push(Problem::new(at.key("httpMethod"), "the method has no `httpMethod`"));
            return None;
        };
        let Some(path) = node.str("path") else {
            errors.push(Problem::new(at.key("path"), "the method has no `path`"));
            return None;
        };
        let path =
            if self.service_path.is_empty() { format!("/{path}") } else { format!("/{}/{path}", self.service_path) };
        let long = description(node);
        let hint = heck::AsUpperCamelCase(id.rsplit('.').next().unwrap_or(id)).to_string();
        let mut op = Operation {
            id: id.to_owned(),
            method: http.to_ascii_uppercase(),
            path,
            summary: long.as_deref().and_then(|d| d.lines().next()).map_or_else(|| id.to_owned(), first_sentence),
            description: long.clone(),
            origin: at.0.clone(),
            deprecated: node.bool("deprecated"),
            ..Operation::default()
        };
        if self.standard {
            op.parameter_groups.push(STANDARD.to_owned());
        }
        let flat = node.str("flatPath").map(|f| format!("flatPath: {f}"));
        let order = node.get("parameterOrder").map(|o| format!("parameterOrder: {}", o.brief(120)));
        op.notes.extend(flat.into_iter().chain(order));
        for (pname, p) in node.get("parameters").map(Node::entries).unwrap_or(&[]) {
            let param_at = at.key("parameters").key(pname);
            match param(self.schemas, pname, p, &param_at, &hint, errors) {
                Some(param) => op.parameters.push(param),
                None => return None,
            }
        }
        // Path parameters in the path's order, as `parameterOrder` has them.
        if let Some(request) = node.get("request") {
            let ty = self.schemas.ty(request, &at.key("request"), &format!("{hint}Request"));
            op.request = Some(Request { ty: ty.ty, required: true, name: None, description: None });
        }
        if let Some(response) = node.get("response") {
            op.response = Some(self.schemas.ty(response, &at.key("response"), &format!("{hint}Response")).ty);
        }
        let scopes: Vec<String> = node
            .get("scopes")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_str)
            .map(str::to_owned)
            .collect();
        if !scopes.is_empty() {
            let all =
                scopes.len() == self.all_scopes.len() && scopes.iter().all(|s| self.all_scopes.contains(s.as_str()));
            op.scopes = Some(if all { Vec::new() } else { scopes });
        }
        for key in [
            "supportsMediaUpload",
            "supportsMediaDownload",
            "mediaUpload",
            "supportsSubscription",
            "useMediaDownloadService",
        ] {
            if let Some(v) = node.get(key) {
                op.notes.push(format!("{key}: {}", v.brief(160)));
            }
        }
        op.note_uses();
        Some(op)
    }
}

fn param<'d>(
    schemas: &mut Schemas<'d>,
    name: &str,
    node: &'d Node,
    at: &At,
    hint: &str,
    errors: &mut Vec<Problem>,
) -> Option<Param> {
    let location = match node.str("location") {
        Some(l @ ("path" | "query")) => l,
        Some(other) => {
            errors.push(Problem::new(at.key("location"), &format!("`location: {other}` is not supported")));
            return None;
        }
        None => {
            errors.push(Problem::new(at.key("location"), "the parameter has no `location`"));
            return None;
        }
    };
    let ty = schemas.ty(node, at, &format!("{hint}{}", heck::AsUpperCamelCase(name)));
    let mut ty_text = ty.ty.clone();
    let repeated = node.bool("repeated");
    if repeated {
        ty_text = format!("array<{ty_text}>");
    }
    let mut param = Param {
        name: name.to_owned(),
        location: location.to_owned(),
        ty: ty_text.clone(),
        required: location == "path" || node.bool("required"),
        description: description(node),
        enum_values: ty.enum_values,
        enum_descriptions: ty.enum_descriptions,
        pattern: node.str("pattern").filter(|_| location == "path").map(str::to_owned),
        collection_format: repeated.then(|| "multi".to_owned()),
        notes: ty
            .notes
            .into_iter()
            .filter(|n| {
                !n.starts_with("location:")
                    && !n.starts_with("repeated:")
                    && !n.starts_with("pattern:")
                    && !n.starts_with("default:")
            })
            .collect(),
        secret: crate::credential(name, &ty_text, location),
        ..Param::default()
    };
    if let Some(default) = node.get("default").and_then(Node::scalar_text) {
        param.default = Some(default);
    }
    if let Some(pattern) = node.str("pattern").filter(|_| location != "path") {
        param.notes.push(format!("pattern: {pattern}"));
    }
    if repeated && location == "path" {
        errors.push(Problem::new(at.key("repeated"), "a repeated path parameter is not supported"));
        return None;
    }
    if !crate::model::named_types(&ty_text).is_empty() {
        errors.push(Problem::new(at.clone(), &format!("a parameter of type `{ty_text}` is not supported")));
        return None;
    }
    Some(param)
}

/// The first sentence of a description, as the summary line.
fn first_sentence(line: &str) -> String {
    match line.find(". ") {
        Some(end) => line[..=end].to_owned(),
        None => line.trim().to_owned(),
    }
}

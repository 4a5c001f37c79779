//! The importer: a vendor's Swagger 2.0, OpenAPI 3.0/3.1 or Google Discovery document made
//! into specs in our format (`spec/README.md`), for `cargo xtask import`.
//!
//! document text -> `node::Node` (ordered) -> `openapi`/`discovery` (the format's readers)
//! -> `model::Vendor` (the spec, with what it could not carry as notes) -> placed in groups
//! (`place`) -> `write` (YAML text). No file I/O: xtask reads and writes.

pub mod diff;
mod discovery;
pub mod model;
mod names;
pub mod node;
mod openapi;
mod schema;
mod tags;
pub mod write;

use std::collections::{BTreeMap, BTreeSet};

use model::{Model, Vendor};
use node::{At, Node};

/// Something in the document the importer could not carry, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The document path (`paths./api/v2/users.get.parameters[3]`).
    pub at: At,
    /// What is wrong, and what is not supported.
    pub message: String,
}

impl Problem {
    /// A problem at `at`.
    pub fn new(at: At, message: &str) -> Problem {
        Problem { at, message: message.to_owned() }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// A document read: the spec to write, and what could not be carried (operations left out,
/// schemas made `any`), each located.
#[derive(Debug)]
pub struct Imported {
    /// The spec to write.
    pub vendor: Vendor,
    /// What could not be carried.
    pub problems: Vec<Problem>,
}

/// Reads a document (JSON or YAML) named `document` (its file name, for provenance).
/// `Err` when it is no document the importer reads, or has nothing to import.
pub fn read(text: &str, document: &str) -> Result<Imported, Vec<Problem>> {
    read_for(text, document, &[])
}

/// [`read`], for a folder whose hand-written files use the models `hand_uses` (kept and
/// shared even when no imported operation uses them).
pub fn read_for(text: &str, document: &str, hand_uses: &[String]) -> Result<Imported, Vec<Problem>> {
    let doc = Node::parse(text).map_err(|e| vec![Problem::new(At::root(), &e)])?;
    if !doc.is_object() {
        return Err(vec![Problem::new(At::root(), "the document is not a JSON object")]);
    }
    let mut problems = Vec::new();
    let vendor = if doc.get("swagger").is_some() || doc.get("openapi").is_some() {
        let spelled = doc.get("swagger").or_else(|| doc.get("openapi")).and_then(Node::scalar_text).unwrap_or_default();
        if !(spelled == "2.0" || spelled.starts_with("3.0") || spelled.starts_with("3.1")) {
            return Err(vec![Problem::new(
                At::root().key(if doc.get("swagger").is_some() { "swagger" } else { "openapi" }),
                &format!(
                    "version `{spelled}` is not supported: the importer reads Swagger 2.0 and OpenAPI 3.0 and 3.1"
                ),
            )]);
        }
        openapi::read(&doc, document, &mut problems)
    } else if doc.get("discoveryVersion").is_some() || doc.str("kind") == Some("discovery#restDescription") {
        discovery::read(&doc, document, &mut problems)
    } else {
        return Err(vec![Problem::new(
            At::root(),
            "this is not a Swagger 2.0 (`swagger: \"2.0\"`), OpenAPI 3.x (`openapi: 3.x`) or Google Discovery (`discoveryVersion`) document",
        )]);
    };
    let Some(mut vendor) = vendor else { return Err(problems) };
    if vendor.groups.iter().all(|g| g.operations.is_empty()) {
        problems.push(Problem::new(At::root().key("paths"), "no operation could be imported"));
        return Err(problems);
    }
    vendor.external_uses = hand_uses.to_vec();
    if vendor.groups.iter().flat_map(|g| &g.operations).all(|o| o.pagination.is_none()) {
        infer_pagination(&mut vendor);
    }
    names::inline_enums(&mut vendor);
    names::settle(&mut vendor);
    place_models(&mut vendor);
    Ok(Imported { vendor, problems })
}

/// Moves each model only one group reaches into that group; the rest stay shared.
pub fn place_models(vendor: &mut Vendor) {
    let mut all: Vec<Model> = std::mem::take(&mut vendor.models);
    for group in &mut vendor.groups {
        all.append(&mut group.models);
    }
    let index: BTreeMap<String, usize> = all.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    let uses: Vec<Vec<usize>> =
        all.iter().map(|m| m.uses().iter().filter_map(|u| index.get(u).copied()).collect()).collect();
    // Which groups reach each model, through operations and then fields.
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); all.len()];
    // Hand-written files are a group the importer does not write: what they use is shared.
    let hand = vendor.groups.len();
    let mut stack: Vec<usize> = vendor.external_uses.iter().filter_map(|u| index.get(u).copied()).collect();
    let mut seen = BTreeSet::new();
    while let Some(m) = stack.pop() {
        if seen.insert(m) {
            reached[m].insert(hand);
            stack.extend(&uses[m]);
        }
    }
    for (g, group) in vendor.groups.iter().enumerate() {
        let mut stack: Vec<usize> =
            group.operations.iter().flat_map(|o| &o.uses).filter_map(|u| index.get(u).copied()).collect();
        let mut seen = BTreeSet::new();
        while let Some(m) = stack.pop() {
            if seen.insert(m) {
                reached[m].insert(g);
                stack.extend(&uses[m]);
            }
        }
    }
    // The error body, and what it holds, is every group's.
    let group_params =
        vendor.parameter_groups.iter().flat_map(|(_, ps)| ps.iter().flat_map(|p| model::named_types(&p.ty)));
    let mut stack: Vec<usize> =
        vendor.error_model.iter().cloned().chain(group_params).filter_map(|m| index.get(&m).copied()).collect();
    let mut everywhere = BTreeSet::new();
    while let Some(m) = stack.pop() {
        if everywhere.insert(m) {
            stack.extend(&uses[m]);
        }
    }
    let mut shared = Vec::new();
    let mut unused = Vec::new();
    let mut per_group: Vec<Vec<Model>> = vec![Vec::new(); vendor.groups.len()];
    for (m, model) in all.into_iter().enumerate() {
        match reached[m].iter().collect::<Vec<_>>().as_slice() {
            _ if everywhere.contains(&m) || reached[m].contains(&hand) => shared.push(model),
            [] => unused.push(model.name),
            [only] => per_group[**only].push(model),
            _ => shared.push(model),
        }
    }
    if !unused.is_empty() {
        vendor.notes.push(format!("not imported, since no operation uses them: {}", unused.join(", ")));
    }
    vendor.models = shared;
    for (group, models) in vendor.groups.iter_mut().zip(per_group) {
        group.models = models;
    }
}

/// The files of a vendor folder, by name, and how many comments keep facts.
pub struct Files {
    /// (file name, text); one nameless file for `write_single`.
    pub files: Vec<(String, String)>,
    /// How many comments keep facts the format has no key for.
    pub notes: usize,
}

/// The vendor folder: `vendor.yaml` (or `shared.yaml` beside a hand-written one) and a file
/// per group.
pub fn write_folder(vendor: &Vendor, hand_vendor: bool) -> Files {
    let mut files = Vec::new();
    let mut notes = 0;
    let shared = if hand_vendor { write::shared_file(vendor) } else { write::vendor_file(vendor) };
    notes += shared.notes;
    files.push((if hand_vendor { "shared.yaml" } else { "vendor.yaml" }.to_owned(), shared.text));
    for group in &vendor.groups {
        if group.operations.is_empty() {
            continue;
        }
        let out = write::group_file(vendor, group);
        notes += out.notes;
        files.push((format!("{}.yaml", group.stem), out.text));
    }
    Files { files, notes }
}

/// The whole API as one file.
pub fn write_single(vendor: &Vendor) -> Files {
    let out = write::single_file(vendor);
    Files { notes: out.notes, files: vec![(String::new(), out.text)] }
}

/// Listings that page by number as Genesys's do: an optional integer query parameter
/// `pageNumber` (or `page`), and a response model with the items in an array `entities` and
/// the number of pages in `pageCount`. The request builder then has `.pages()` and `.items()`.
pub fn infer_pagination(vendor: &mut Vendor) {
    use model::ModelKind;
    let fields = |name: &str| -> Option<Vec<(String, String)>> {
        let model =
            vendor.models.iter().chain(vendor.groups.iter().flat_map(|g| &g.models)).find(|m| m.name == name)?;
        match &model.kind {
            ModelKind::Fields(fields) => Some(fields.iter().map(|f| (f.name.clone(), f.ty.clone())).collect()),
            _ => None,
        }
    };
    let mut found = Vec::new();
    for (g, group) in vendor.groups.iter().enumerate() {
        for (o, op) in group.operations.iter().enumerate() {
            let Some(page) = op.parameters.iter().find(|p| {
                matches!(p.name.as_str(), "pageNumber" | "page")
                    && p.location == "query"
                    && !p.required
                    && matches!(p.ty.as_str(), "int32" | "int64")
            }) else {
                continue;
            };
            let Some(fields) = op.response.as_deref().and_then(fields) else { continue };
            let has = |name: &str, ty: &dyn Fn(&str) -> bool| fields.iter().any(|(n, t)| n == name && ty(t));
            if has("entities", &|t| t.starts_with("array<")) && has("pageCount", &|t| t == "int32" || t == "int64") {
                let number = if has(&page.name, &|t| t == "int32" || t == "int64") {
                    format!(", number: {}", page.name)
                } else {
                    String::new()
                };
                found.push((g, o, format!("{{page: {}, items: entities, page_count: pageCount{number}}}", page.name)));
            }
        }
    }
    for (g, o, pagination) in found {
        let op = &mut vendor.groups[g].operations[o];
        op.notes
            .push("pagination: inferred from the page parameter and the listing's `entities` and `pageCount`".into());
        op.pagination = Some(pagination);
    }
}

/// Whether a parameter's name says it holds a credential (`key`, `access_token`,
/// `X-Api-Key`, `password`): such a parameter is marked `secret`, so `Debug` never shows it.
pub(crate) fn credential(name: &str, ty: &str, location: &str) -> bool {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|w| heck::AsSnakeCase(w).to_string().split('_').map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let secret_word = |w: &str| matches!(w, "key" | "apikey" | "token" | "secret" | "password" | "passwd");
    ty == "string" && location != "path" && words.iter().any(|w| secret_word(w))
}

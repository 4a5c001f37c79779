//! JSON Schema, as Swagger 2, OpenAPI 3.x and Discovery write it, made into spec types and
//! models. One converter for all three: they differ in where schemas live and how they are
//! referenced (`Refs`), not in what a schema says.

use std::collections::{BTreeSet, HashMap};

use heck::ToUpperCamelCase;

use crate::Problem;
use crate::model::{Field, Model, ModelKind};
use crate::node::{At, Node};

/// A type as a spec writes it, with what came with it.
#[derive(Debug, Default, Clone)]
pub struct Ty {
    /// `string`, `array<User>`, `map<int64>`, a model name.
    pub ty: String,
    /// Inline values (of the type, or of each element of an array).
    pub enum_values: Vec<String>,
    /// Their descriptions, where documented (Discovery's `enumDescriptions`).
    pub enum_descriptions: Vec<Option<String>>,
    /// Facts the type could not carry.
    pub notes: Vec<String>,
}

impl Ty {
    fn plain(ty: &str) -> Ty {
        Ty { ty: ty.to_owned(), ..Ty::default() }
    }
}

/// How a document names its schemas.
#[derive(Debug, Clone, Copy)]
pub enum Refs {
    /// `{"$ref": "#/definitions/User"}` (Swagger 2), `#/components/schemas/User` (OpenAPI 3).
    Pointer(&'static str),
    /// `{"$ref": "User"}` (Discovery).
    Bare,
}

/// What a named schema is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object with fields, an enum, or a shape kept whole: a model.
    Model,
    /// Anything else (an array, a map, a string): uses of it take its type.
    Alias,
}

/// Schema keys that become spec facts; every other key of a schema becomes a comment.
const CARRIED: &[&str] = &[
    "type",
    "items",
    "properties",
    "required",
    "enum",
    "$ref",
    "description",
    "readOnly",
    "additionalProperties",
    "allOf",
    "title",
    "id",
    "enumDescriptions",
    "x-enum-descriptions",
    "x-enumDescriptions",
    "x-enum-name",
];

/// An enum's value descriptions: Discovery's `enumDescriptions`, or the `x-enum-descriptions`
/// extension OpenAPI generators read.
fn value_descriptions(node: &Node) -> &[Node] {
    ["enumDescriptions", "x-enum-descriptions", "x-enumDescriptions"]
        .iter()
        .find_map(|k| node.get(k))
        .map(Node::items)
        .unwrap_or(&[])
}

/// The document's named schemas, and the models made of them and of inline objects.
pub struct Schemas<'d> {
    refs: Refs,
    named: Vec<(String, &'d Node, At)>,
    index: HashMap<String, usize>,
    shapes: Vec<Shape>,
    /// Model names taken (named and synthesized), for unique synthesized names.
    taken: BTreeSet<String>,
    /// Models synthesized for inline objects and inline enums, in the order met.
    pub synthesized: Vec<Model>,
    pub problems: Vec<Problem>,
    /// Alias resolution in progress (an alias of itself would loop).
    resolving: Vec<usize>,
    /// Keys of the node being typed that are not schema keys (a Swagger 2 parameter's).
    own_keys: &'static [&'static str],
}

impl<'d> Schemas<'d> {
    pub fn new(refs: Refs, named: Vec<(String, &'d Node, At)>) -> Schemas<'d> {
        let index = named.iter().enumerate().map(|(i, (n, _, _))| (n.clone(), i)).collect();
        let shapes = named.iter().map(|(_, node, _)| shape(node)).collect();
        let taken = named.iter().map(|(n, _, _)| model_name(n)).collect();
        Schemas {
            refs,
            named,
            index,
            shapes,
            taken,
            synthesized: Vec::new(),
            problems: Vec::new(),
            resolving: Vec::new(),
            own_keys: &[],
        }
    }

    /// Whether `model` is the name of a string enum (which a parameter may take).
    pub fn is_enum(&self, model: &str) -> bool {
        let enum_shape = |node: &Node| node.get("enum").is_some() && matches!(node.str("type"), Some("string") | None);
        self.named.iter().any(|(n, node, _)| model_name(n) == model && enum_shape(node))
            || self.synthesized.iter().any(|m| m.name == model && matches!(m.kind, ModelKind::Enum(_)))
    }

    /// The models of the named schemas that are models, in document order.
    pub fn named_models(&mut self) -> Vec<Model> {
        let mut out = Vec::new();
        for i in 0..self.named.len() {
            if self.shapes[i] == Shape::Model {
                let (name, node, at) = self.named[i].clone();
                out.push(self.model(&model_name(&name), node, &at, Some(&name)));
            }
        }
        out
    }

    /// A model of `node` named `name`.
    fn model(&mut self, name: &str, node: &'d Node, at: &At, document_name: Option<&str>) -> Model {
        let mut notes = unknown_keys(node, &["discriminator"]);
        if let Some(original) = document_name.filter(|n| *n != name) {
            notes.push(format!("named `{original}` in the document"));
        }
        let description = description(node);
        let kind = if let Some(values) = node.get("enum") {
            let descriptions = value_descriptions(node);
            let mut out = Vec::new();
            for (i, v) in values.items().iter().enumerate() {
                match v.scalar_text() {
                    Some(text) if v.as_str().is_some() => {
                        out.push((text, descriptions.get(i).and_then(Node::as_str).map(str::to_owned)))
                    }
                    _ => notes.push(format!("value {} is not a string", v.brief(60))),
                }
            }
            ModelKind::Enum(out)
        } else if node.get("allOf").is_some() || node.get("properties").is_some_and(|p| !p.entries().is_empty()) {
            let mut fields = Vec::new();
            self.collect_fields(name, node, at, &mut fields, &mut notes, 0);
            ModelKind::Fields(fields)
        } else if node.get("properties").is_some() && node.get("additionalProperties").is_none() {
            ModelKind::Empty
        } else {
            for key in ["oneOf", "anyOf", "not"] {
                if let Some(v) = node.get(key) {
                    notes.push(format!("{key}: {}", v.brief(200)));
                }
            }
            if let Some(extra) = node.get("additionalProperties") {
                notes.push(format!("additionalProperties: {}", extra.brief(120)));
            }
            ModelKind::Opaque
        };
        Model {
            name: name.to_owned(),
            description,
            kind,
            origin: at.0.clone(),
            enum_rust_names: Default::default(),
            notes,
        }
    }

    /// The fields of an object schema, and of each part of its `allOf`.
    fn collect_fields(
        &mut self,
        model: &str,
        node: &'d Node,
        at: &At,
        fields: &mut Vec<Field>,
        notes: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > 16 {
            self.problem(at, "`allOf` nests more than 16 deep (or includes itself)");
            return;
        }
        for (i, part) in node.get("allOf").map(Node::items).unwrap_or(&[]).iter().enumerate() {
            let part_at = at.key("allOf").index(i);
            match part.str("$ref") {
                Some(reference) => {
                    if let Some(target) = self.lookup(reference, &part_at.key("$ref")) {
                        let (name, target_node, target_at) = self.named[target].clone();
                        notes.push(format!("allOf: includes the fields of `{name}`"));
                        self.collect_fields(model, target_node, &target_at, fields, notes, depth + 1);
                    }
                }
                None => self.collect_fields(model, part, &part_at, fields, notes, depth + 1),
            }
        }
        let required: Vec<&str> =
            node.get("required").map(Node::items).unwrap_or(&[]).iter().filter_map(Node::as_str).collect();
        for (key, schema) in node.get("properties").map(Node::entries).unwrap_or(&[]) {
            let field_at = at.key("properties").key(key);
            let hint = format!("{model}{}", key.to_upper_camel_case());
            let ty = self.ty(schema, &field_at, &hint);
            let field = Field {
                name: key.clone(),
                ty: ty.ty,
                required: required.contains(&key.as_str()),
                read_only: schema.bool("readOnly"),
                description: description(schema),
                enum_values: ty.enum_values,
                enum_descriptions: ty.enum_descriptions,
                notes: ty.notes,
                ..Field::default()
            };
            match fields.iter_mut().find(|f| f.name == *key) {
                Some(existing) => *existing = field,
                None => fields.push(field),
            }
        }
        if let Some(extra) = node.get("additionalProperties").filter(|e| !matches!(e, Node::Bool(false))) {
            notes.push(format!("additionalProperties (kept in `unknown_fields`): {}", extra.brief(120)));
        }
    }

    /// The spec type of a schema; inline objects become models named `hint`.
    pub fn ty(&mut self, node: &'d Node, at: &At, hint: &str) -> Ty {
        self.ty_at(node, at, hint, 0)
    }

    /// The type of a Swagger 2 parameter, whose schema keys sit beside its own (`name`, `in`).
    pub fn param_ty(&mut self, node: &'d Node, at: &At, hint: &str, own_keys: &'static [&'static str]) -> Ty {
        self.own_keys = own_keys;
        let ty = self.ty_at(node, at, hint, 0);
        self.own_keys = &[];
        ty
    }

    fn ty_at(&mut self, node: &'d Node, at: &At, hint: &str, depth: usize) -> Ty {
        if depth > 16 {
            self.problem(at, "the schema nests arrays and maps more than 16 deep");
            return Ty::plain("any");
        }
        if !node.is_object() {
            if !matches!(node, Node::Bool(true)) {
                self.problem(at, &format!("a schema must be an object, not {}", node.brief(40)));
            }
            return Ty::plain("any");
        }
        if let Some(reference) = node.str("$ref") {
            return match self.lookup(reference, &at.key("$ref")) {
                Some(target) => self.named_ty(target, at),
                None => Ty::plain("any"),
            };
        }
        // An enum written inline that names its model (`x-enum-name`, as our export writes
        // parameters): that model.
        if let Some(target) = node.str("x-enum-name").and_then(|n| self.index.get(n).copied()) {
            return self.named_ty(target, at);
        }
        let mut notes = unknown_keys(node, std::mem::take(&mut self.own_keys));
        // `allOf: [X]` beside a description (how generators attach one to a reference).
        if let [only] = node.get("allOf").map(Node::items).unwrap_or(&[]) {
            if node.get("properties").is_none() {
                let mut ty = self.ty_at(only, &at.key("allOf").index(0), hint, depth + 1);
                ty.notes.append(&mut notes);
                return ty;
            }
        }
        for key in ["oneOf", "anyOf"] {
            let alternatives = node.get(key).map(Node::items).unwrap_or(&[]);
            let not_null: Vec<(usize, &Node)> =
                alternatives.iter().enumerate().filter(|(_, a)| a.str("type") != Some("null")).collect();
            if let [(i, only)] = not_null.as_slice() {
                // `anyOf: [X, {type: null}]` (OpenAPI 3.1's nullable): X.
                let mut ty = self.ty_at(only, &at.key(key).index(*i), hint, depth + 1);
                ty.notes.append(&mut notes);
                return ty;
            }
            if !alternatives.is_empty() {
                notes.push(format!("{key}: {}", alternatives_text(alternatives)));
                return Ty { ty: "any".into(), notes, ..Ty::default() };
            }
        }
        let types: Vec<&str> = match node.get("type") {
            Some(Node::String(t)) => vec![t.as_str()],
            Some(Node::Array(ts)) => ts.iter().filter_map(Node::as_str).filter(|t| *t != "null").collect(),
            _ => Vec::new(),
        };
        let inferred = if node.get("properties").is_some() || node.get("additionalProperties").is_some() {
            "object"
        } else if node.get("items").is_some() {
            "array"
        } else if node.get("enum").is_some() {
            "string"
        } else {
            "any"
        };
        let kind = match types.as_slice() {
            [] => inferred,
            [one] => one,
            many => {
                notes.push(format!("type: one of {}", many.join(", ")));
                return Ty { ty: "any".into(), notes, ..Ty::default() };
            }
        };
        let format = node.str("format");
        let mut carried_format = true;
        let ty = match kind {
            "string" => match format {
                Some("date-time") => "date-time",
                Some("date") => "date",
                Some("local-date-time") => "local-date-time",
                Some("google-datetime") => "date-time",
                _ => {
                    carried_format = format.is_none();
                    "string"
                }
            },
            "integer" => match format {
                Some("int32") => "int32",
                Some("int64") => "int64",
                Some("uint32") => {
                    carried_format = false;
                    "int64"
                }
                _ => {
                    carried_format = format.is_none();
                    "int64"
                }
            },
            "number" => match format {
                Some("float") => "float",
                Some("double") | None => "number",
                _ => {
                    carried_format = false;
                    "number"
                }
            },
            "boolean" => "boolean",
            "array" => {
                let items = match node.get("items") {
                    Some(items) => self.ty_at(items, &at.key("items"), &singular(hint), depth + 1),
                    None => Ty::plain("any"),
                };
                notes.extend(items.notes.into_iter().map(|n| format!("items: {n}")));
                if let Some(f) = format {
                    notes.push(format!("format: {f}"));
                }
                return Ty {
                    ty: format!("array<{}>", items.ty),
                    enum_values: items.enum_values,
                    enum_descriptions: items.enum_descriptions,
                    notes,
                };
            }
            "object" => {
                if node.get("properties").is_some_and(|p| !p.entries().is_empty()) || node.get("allOf").is_some() {
                    let name = self.unique(hint);
                    let model = self.model(&name, node, at, None);
                    self.synthesized.push(model);
                    return Ty { ty: name, ..Ty::default() };
                }
                return match node.get("additionalProperties") {
                    Some(extra @ Node::Object(_)) if !extra.entries().is_empty() => {
                        let value =
                            self.ty_at(extra, &at.key("additionalProperties"), &format!("{hint}Value"), depth + 1);
                        notes.extend(value.notes.into_iter().map(|n| format!("values: {n}")));
                        if !value.enum_values.is_empty() {
                            notes.push(format!("values: one of {}", value.enum_values.join(", ")));
                        }
                        Ty { ty: format!("map<{}>", value.ty), notes, ..Ty::default() }
                    }
                    _ => Ty { ty: "any".into(), notes, ..Ty::default() },
                };
            }
            "any" => "any",
            "null" => "any",
            other => {
                self.problem(&at.key("type"), &format!("`{other}` is not a JSON Schema type"));
                "any"
            }
        };
        if !carried_format {
            if let Some(f) = format {
                notes.push(format!("format: {f}"));
            }
        }
        let mut enum_values = Vec::new();
        let mut enum_descriptions = Vec::new();
        if let Some(values) = node.get("enum") {
            let descriptions = value_descriptions(node);
            if ty == "string" {
                for (i, v) in values.items().iter().enumerate() {
                    match v {
                        Node::String(s) => {
                            enum_values.push(s.clone());
                            let d = descriptions.get(i).and_then(Node::as_str).map(str::trim).filter(|d| !d.is_empty());
                            enum_descriptions.push(d.map(str::to_owned));
                        }
                        Node::Null => {}
                        other => notes.push(format!("value {} is not a string", other.brief(40))),
                    }
                }
            } else {
                notes.push(format!("values: {}", values.brief(200)));
            }
        }
        if enum_descriptions.iter().all(Option::is_none) {
            enum_descriptions.clear();
        }
        Ty { ty: ty.to_owned(), enum_values, enum_descriptions, notes }
    }

    /// The type a use of named schema `target` has: its model, or what it aliases.
    fn named_ty(&mut self, target: usize, at: &At) -> Ty {
        let (name, node, target_at) = self.named[target].clone();
        if self.shapes[target] == Shape::Model {
            return Ty::plain(&model_name(&name));
        }
        if self.resolving.contains(&target) {
            self.problem(at, &format!("`{name}` is defined in terms of itself"));
            return Ty::plain("any");
        }
        self.resolving.push(target);
        let mut ty = self.ty_at(node, &target_at, &model_name(&name), 0);
        self.resolving.pop();
        ty.notes.insert(0, format!("`{name}` in the document"));
        ty
    }

    fn lookup(&mut self, reference: &str, at: &At) -> Option<usize> {
        let name = match self.refs {
            Refs::Pointer(prefix) => match reference.strip_prefix(prefix) {
                Some(name) => name.replace("~1", "/").replace("~0", "~"),
                None => {
                    self.problem(at, &format!("`{reference}` is not a reference to `{prefix}...`: references to other places or files are not supported"));
                    return None;
                }
            },
            Refs::Bare => reference.to_owned(),
        };
        match self.index.get(&name) {
            Some(&i) => Some(i),
            None => {
                self.problem(at, &format!("`{reference}` names no schema of the document"));
                None
            }
        }
    }

    /// A model name for an inline object: `hint`, or `hint2`, `hint3`... when taken.
    pub fn unique(&mut self, hint: &str) -> String {
        let base = model_name(hint);
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    fn problem(&mut self, at: &At, message: &str) {
        self.problems.push(Problem { at: at.clone(), message: message.to_owned() });
    }
}

fn shape(node: &Node) -> Shape {
    let has_fields = node.get("properties").is_some() || node.get("allOf").is_some();
    let is_enum = node.get("enum").is_some() && matches!(node.str("type"), Some("string") | None);
    let free_object = node.str("type") == Some("object") && node.get("additionalProperties").is_none();
    let composite = node.get("oneOf").is_some() || node.get("anyOf").is_some();
    if has_fields || is_enum || free_object || composite { Shape::Model } else { Shape::Alias }
}

/// A model name as the spec format takes it: the document's, where it is one.
pub fn model_name(name: &str) -> String {
    if codegen::types::names_a_type(name) {
        return format!("{}Model", name.to_upper_camel_case());
    }
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        name.to_owned()
    } else {
        let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
        let camel = cleaned.to_upper_camel_case();
        if camel.is_empty() { "Model".into() } else { camel }
    }
}

fn singular(hint: &str) -> String {
    hint.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| hint.strip_suffix('s').filter(|s| !s.ends_with('s')).map(str::to_owned))
        .unwrap_or_else(|| format!("{hint}Item"))
}

pub fn description(node: &Node) -> Option<String> {
    let text = node.str("description").or_else(|| node.str("title"))?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Comments for the keys of a schema the format does not carry.
fn unknown_keys(node: &Node, also: &[&str]) -> Vec<String> {
    node.entries()
        .iter()
        .filter(|(k, _)| !CARRIED.contains(&k.as_str()) && !also.contains(&k.as_str()))
        .filter(|(k, _)| !matches!(k.as_str(), "format" | "oneOf" | "anyOf"))
        .map(|(k, v)| format!("{k}: {}", v.brief(160)))
        .collect()
}

fn alternatives_text(alternatives: &[Node]) -> String {
    let names: Vec<String> = alternatives
        .iter()
        .map(|a| match a.str("$ref") {
            Some(r) => r.rsplit('/').next().unwrap_or(r).to_owned(),
            None => a.str("type").map_or_else(|| a.brief(60), str::to_owned),
        })
        .collect();
    names.join(" | ")
}

//! Rust names the generator would refuse, settled before writing: two documented names that
//! make one Rust name (`edge-id` and `edgeId`), names with nothing to make one of (`-`), names
//! the generator keeps for itself (`send`, `unknown_fields`), and values listed twice. The
//! names are the generator's own (`codegen::naming`); where they clash the later one gets a
//! `rust_name:` (`edge_id_query`, `schema_2`), and the spec says so in a comment.

use std::collections::{BTreeMap, BTreeSet};

use codegen::naming::{camel, snake, strip_enum_name};
use codegen::reserved;

use crate::model::{Field, Model, ModelKind, Vendor};

/// A scope of names that must differ.
struct Scope(BTreeSet<String>);

impl Scope {
    fn new(reserved: &[&str]) -> Scope {
        Scope(reserved.iter().map(|r| (*r).to_owned()).collect())
    }

    /// The name for `documented`: the generator's, or (when taken or empty) the first free
    /// one of `alternatives` and numbered ones; `Some` when it is not the generator's.
    fn claim(&mut self, generated: Option<String>, alternatives: &[String], numbered: &str) -> Option<String> {
        if let Some(name) = &generated {
            if self.0.insert(name.clone()) {
                return None;
            }
        }
        for alternative in alternatives {
            if self.0.insert(alternative.clone()) {
                return Some(alternative.clone());
            }
        }
        let mut n = 2;
        loop {
            let name = format!("{numbered}{n}");
            if self.0.insert(name.clone()) {
                return Some(name);
            }
            n += 1;
        }
    }
}

/// Settles every name of `vendor`.
pub fn settle(vendor: &mut Vendor) {
    let prefix = vendor.operation_id_prefix.clone().unwrap_or_default();
    let mut methods = Scope::new(reserved::CLIENT_METHODS);
    let standard: Vec<String> =
        vendor.parameter_groups.iter().flat_map(|(_, ps)| ps.iter().filter_map(|p| snake(&p.name))).collect();
    for group in &mut vendor.groups {
        for op in &mut group.operations {
            let id = op.id.strip_prefix(prefix.as_str()).unwrap_or(&op.id).to_owned();
            let base = snake(&id.replace('.', "_"));
            let alternatives =
                base.iter().map(|b| format!("{b}_{}", op.method.to_ascii_lowercase())).collect::<Vec<_>>();
            if let Some(name) = methods.claim(
                base.clone(),
                &alternatives,
                &format!("{}_", base.clone().unwrap_or_else(|| "operation".into())),
            ) {
                op.notes.push(format!(
                    "method `{name}`: `{}` would clash with another or is no name",
                    base.unwrap_or_default()
                ));
                op.rust_name = Some(name);
            }
            let owner = op.rust_name.clone().unwrap_or_else(|| id.clone());
            let mut params = Scope::new(
                &[reserved::REQUEST_BUILDER_METHODS, reserved::PAGING_METHODS, &[reserved::BODY_ARGUMENT]].concat(),
            );
            for name in &standard {
                params.0.insert(name.clone());
            }
            for p in &mut op.parameters {
                let base = snake(&p.name);
                let alternatives: Vec<String> =
                    base.iter().map(|b| format!("{}_{}", b.trim_end_matches('_'), p.location)).collect();
                if let Some(name) =
                    params.claim(base.clone(), &alternatives, &format!("{}_", base.unwrap_or_else(|| "param".into())))
                {
                    p.rust_name = Some(name);
                }
                let enum_name = format!("{}{}", camel(&owner).unwrap_or_default(), camel(&p.name).unwrap_or_default());
                p.enum_rust_names = variants(&mut p.enum_values, &mut p.enum_descriptions, &enum_name);
            }
        }
    }
    let mut models: Vec<&mut crate::model::Model> =
        vendor.models.iter_mut().chain(vendor.groups.iter_mut().flat_map(|g| g.models.iter_mut())).collect();
    for model in models.iter_mut() {
        let model_name = camel(&model.name).unwrap_or_default();
        match &mut model.kind {
            ModelKind::Fields(fields) => {
                let mut names = Scope::new(&[codegen::ir::UNKNOWN_FIELDS]);
                for f in fields.iter_mut() {
                    let base = snake(&f.name);
                    if let Some(name) =
                        names.claim(base.clone(), &[], &format!("{}_", base.unwrap_or_else(|| "field".into())))
                    {
                        f.rust_name = Some(name);
                    }
                    let enum_name = format!("{model_name}{}", camel(&f.name).unwrap_or_default());
                    f.enum_rust_names = variants(&mut f.enum_values, &mut f.enum_descriptions, &enum_name);
                }
            }
            ModelKind::Enum(values) => {
                let mut seen = BTreeSet::new();
                values.retain(|(v, _)| seen.insert(v.clone()));
                let mut names = Scope::new(&[codegen::ir::UNKNOWN_VARIANT]);
                for (value, _) in values.iter() {
                    let generated = camel(value).map(|c| strip_enum_name(&c, &model_name));
                    if let Some(name) = names.claim(generated, &[], "Value") {
                        model.enum_rust_names.insert(value.clone(), name);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Values listed once, and the Rust names of the values whose own would clash or be empty.
fn variants(
    values: &mut Vec<String>,
    descriptions: &mut Vec<Option<String>>,
    enum_name: &str,
) -> BTreeMap<String, String> {
    let mut seen = BTreeSet::new();
    let keep: Vec<bool> = values.iter().map(|v| seen.insert(v.clone())).collect();
    let mut i = 0;
    values.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    if !descriptions.is_empty() {
        let mut i = 0;
        descriptions.retain(|_| {
            i += 1;
            keep.get(i - 1).copied().unwrap_or(false)
        });
    }
    let mut names = Scope::new(&[codegen::ir::UNKNOWN_VARIANT]);
    let mut out = BTreeMap::new();
    for value in values.iter() {
        let generated = camel(value).map(|c| strip_enum_name(&c, enum_name));
        if let Some(name) = names.claim(generated, &[], "Value") {
            out.insert(value.clone(), name);
        }
    }
    out
}

/// Inline enums are named by the generator after their owner (`<Model><Field>`,
/// `<Operation><Param>`); where that name is a model's already, the values become a model
/// of their own (or that model, when it has the same values).
pub fn inline_enums(vendor: &mut Vendor) {
    let camel = |name: &str| camel(name).unwrap_or_default();
    let mut all: Vec<&mut Model> =
        vendor.models.iter_mut().chain(vendor.groups.iter_mut().flat_map(|g| g.models.iter_mut())).collect();
    let enums: BTreeMap<String, (String, Vec<String>)> = all
        .iter()
        .filter_map(|m| match &m.kind {
            ModelKind::Enum(values) => {
                Some((camel(&m.name), (m.name.clone(), values.iter().map(|(v, _)| v.clone()).collect())))
            }
            _ => None,
        })
        .collect();
    let mut taken: BTreeSet<String> = all.iter().map(|m| camel(&m.name)).collect();
    let mut made: Vec<Model> = Vec::new();
    let mut resolve = |owner: &str,
                       name: &str,
                       values: &mut Vec<String>,
                       ty: &mut String,
                       notes: &mut Vec<String>,
                       made: &mut Vec<Model>| {
        if values.is_empty() {
            return;
        }
        let generated = format!("{}{}", camel(owner), camel(name));
        if !taken.contains(&generated) {
            return;
        }
        let target = match enums.get(&generated) {
            Some((model, existing)) if existing == values => model.clone(),
            _ => {
                let mut n = 2;
                while taken.contains(&format!("{generated}{n}")) {
                    n += 1;
                }
                let model = format!("{generated}{n}");
                taken.insert(model.clone());
                made.push(Model {
                    name: model.clone(),
                    description: Some(format!("The documented values of `{name}` (`{owner}`).")),
                    kind: ModelKind::Enum(values.iter().map(|v| (v.clone(), None)).collect()),
                    origin: format!("the values of `{name}` of `{owner}`"),
                    enum_rust_names: BTreeMap::new(),
                    notes: Vec::new(),
                });
                model
            }
        };
        notes.push(format!("its values are the model `{target}`"));
        *ty = if ty.starts_with("array<") { format!("array<{target}>") } else { target };
        values.clear();
    };
    for m in all.iter_mut() {
        let owner = m.name.clone();
        if let ModelKind::Fields(fields) = &mut m.kind {
            for Field { name, ty, enum_values, notes, .. } in fields.iter_mut() {
                resolve(&owner, name, enum_values, ty, notes, &mut made);
            }
        }
    }
    for group in &mut vendor.groups {
        for op in &mut group.operations {
            let owner = op.rust_name.clone().unwrap_or_else(|| {
                op.id.strip_prefix(vendor.operation_id_prefix.as_deref().unwrap_or("")).unwrap_or(&op.id).to_owned()
            });
            for p in &mut op.parameters {
                let before = p.ty.clone();
                resolve(&owner, &p.name, &mut p.enum_values, &mut p.ty, &mut p.notes, &mut made);
                if p.ty != before {
                    op.uses.extend(crate::model::named_types(&p.ty));
                }
            }
        }
    }
    vendor.models.extend(made);
}

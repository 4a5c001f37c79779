//! Spec -> IR: resolves references, decides every Rust name, and checks everything the
//! generated code relies on. Each rule reports a located diagnostic and carries on, so a
//! maintainer sees all independent mistakes at once; any error means no IR.
//!
//! A spec is one file, or a vendor's folder: the shared file (`vendor.yaml`: the `api` block,
//! shared models and parameter groups) and one file per group. Each file is lowered with its
//! own positions selected in the `Context`.
//!
//! By concern: `models.rs` (objects, enums, the types naming them), `api.rs` (base URL,
//! servers, auth, the error body, the groups), `operations.rs`, `params.rs`,
//! `placeholders.rs` (path placeholders against path parameters), `pagination.rs` (how a
//! listing pages, against its parameters and page model), `waiter.rs` (which field a waiter
//! reads, and its final values), `names.rs` (Rust names and their collisions; the names the
//! generator keeps for itself are in `crate::reserved`), and `check.rs` (rules over the whole
//! IR once built).

mod api;
mod check;
mod models;
mod names;
mod operations;
mod pagination;
mod params;
mod placeholders;
mod waiter;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::context::Context;
use crate::ir;
use crate::source_map::YamlPath;
use crate::spec::{ParamSpec, Spec, SpecFile, WireNames};

/// Lowers `spec` (from `spec/<module>.yaml` or the folder `spec/<module>/`) to IR, or `None`
/// after reporting why not.
pub fn lower(cx: &mut Context, module: &str, spec_path: &str, spec: Spec) -> Option<ir::Api> {
    let mut lw = Lowerer::new(cx, &spec);
    let groups = lw.lower_groups(module, &spec);

    // Models first: everything else refers to them.
    for file in &spec.files {
        lw.enter(file);
        lw.declare_models(&file.spec.models);
    }
    let mut models = Vec::new();
    for file in &spec.files {
        lw.enter(file);
        models.extend(lw.lower_models(&file.spec.models));
    }
    let written_in = lw.model_files();
    check::no_model_contains_itself(lw.cx, &models, &written_in);
    let models = check::box_recursive_fields(models);

    // The API block.
    let api = &spec.api;
    lw.cx.select(spec.api_file);
    lw.scope = None;
    lw.check_api_block(api);
    let scopes = lw.lower_scopes(api.auth.as_ref().map(|a| a.scopes.as_slice()).unwrap_or_default());
    let servers = api.servers.as_ref().and_then(|s| lw.lower_servers(s));
    let api_key = lw.lower_api_key(api);
    let client_credentials = lw.lower_client_credentials(api);
    let error = api.error.as_ref().and_then(|e| lw.lower_error(e, &models));

    // Operations, group by group, with the parameter groups they may use: the shared file's
    // and their own file's.
    let shared: Vec<&SpecFile> = spec.files.iter().filter(|f| f.group.is_none()).collect();
    let mut shared_params = operations::ParamGroups::default();
    for file in &shared {
        lw.enter(file);
        lw.declare_param_groups(file, &mut shared_params);
    }
    let mut names = operations::OperationNames::new();
    let mut operations = Vec::new();
    for (group, file) in spec.files.iter().filter(|f| f.group.is_some()).enumerate() {
        lw.enter(file);
        let mut visible = shared_params.clone();
        lw.declare_param_groups(file, &mut visible);
        let prefix = api.operation_id_prefix.as_deref().unwrap_or("");
        operations.extend(lw.lower_operations(file, group, prefix, &scopes, &visible, &mut names));
    }

    if lw.cx.has_errors() {
        return None;
    }
    let mut models = models;
    models.append(&mut lw.inline_enums);
    let mut api = ir::Api {
        module: module.to_owned(),
        spec_path: spec_path.to_owned(),
        title: api.title.clone(),
        name: api.name.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        docs_url: api.docs_url.clone(),
        sources: api::sources(&api.sources),
        base_url: api.base_url.clone(),
        servers,
        bearer: api.auth.as_ref().is_some_and(|a| a.bearer),
        scopes,
        api_key,
        client_credentials,
        error,
        groups,
        operations,
        models,
    };

    // Rules over the whole API (only without errors: a use that failed to lower would make
    // its model look unused).
    check::mark_reach(&mut api);
    check::warn_unused_models(lw.cx, &api, &written_in);
    Some(api)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ModelKind {
    Struct { empty: bool },
    Enum,
}

struct ModelInfo {
    rust_name: String,
    kind: ModelKind,
    /// The `Context` index of the file it is written in.
    file: usize,
    /// The group whose file holds it; `None` for a shared model (the vendor's file).
    group: Option<usize>,
}

/// The state lowering builds up: the diagnostics, and what it knows of the models so far.
struct Lowerer<'a> {
    cx: &'a mut Context,
    /// Documented model name -> what it is (only models that loaded).
    models: HashMap<String, ModelInfo>,
    model_order: Vec<String>,
    /// Model Rust name -> the documented name first declared with it.
    model_rust_names: HashMap<String, String>,
    /// Enum Rust name -> its documented values (for checking defaults).
    enum_values: HashMap<String, Vec<String>>,
    /// Rust names of the empty-object models, which stand for "no body".
    empty_objects: HashSet<String>,
    /// Those of them marked `empty: true`: the vendor documents an empty object.
    empty_on_purpose: HashSet<String>,
    /// Enums written inline on parameters (`enum: [asc, desc]`), as models.
    inline_enums: Vec<ir::Model>,
    /// Their Rust names.
    inline_enum_names: HashSet<String>,
    /// The vendor's rule from documented names to wire names.
    wire_names: WireNames,
    /// Object model Rust name -> its fields (for the fields a pagination names).
    struct_fields: HashMap<String, Vec<ir::Field>>,
    /// Models that are written but unusable (their error is reported): uses stay quiet.
    broken_models: BTreeSet<String>,
    /// `models:` could not be read in some file (reported): no unknown-type errors follow.
    models_unreadable: bool,
    /// The group whose file is being lowered; `None` for the vendor's shared file.
    scope: Option<usize>,
    /// File `Context` index -> the group it holds.
    file_groups: HashMap<usize, usize>,
    /// A single-file API: its one file is both the shared part and the group, so all its
    /// models are shared.
    whole: bool,
}

impl<'a> Lowerer<'a> {
    fn new(cx: &'a mut Context, spec: &Spec) -> Self {
        let file_groups =
            spec.files.iter().filter(|f| f.group.is_some()).enumerate().map(|(g, f)| (f.file, g)).collect();
        Lowerer {
            cx,
            models: HashMap::new(),
            model_order: Vec::new(),
            model_rust_names: HashMap::new(),
            enum_values: HashMap::new(),
            empty_objects: HashSet::new(),
            empty_on_purpose: HashSet::new(),
            inline_enums: Vec::new(),
            inline_enum_names: HashSet::new(),
            wire_names: spec.api.wire_names,
            struct_fields: HashMap::new(),
            broken_models: spec.files.iter().flat_map(|f| f.spec.unloaded_models.iter().cloned()).collect(),
            models_unreadable: spec.files.iter().any(|f| f.spec.models_unreadable),
            scope: None,
            file_groups,
            whole: spec.files.iter().all(|f| f.group.as_ref().is_some_and(|g| g.spec.is_none())),
        }
    }

    /// Lowers `file` from now on: its positions, and its group's view of the models.
    fn enter(&mut self, file: &SpecFile) {
        self.cx.select(file.file);
        self.scope = self.file_groups.get(&file.file).copied();
    }

    /// Model Rust name -> the file it is written in, for rules that report about a model.
    fn model_files(&self) -> HashMap<String, usize> {
        self.models.values().map(|m| (m.rust_name.clone(), m.file)).collect()
    }
}

/// A parameter with the file and path it was written at (its group's, for shared ones).
#[derive(Clone)]
struct SourcedParam<'s> {
    spec: &'s ParamSpec,
    /// The `Context` index of its file.
    file: usize,
    path: YamlPath,
    group: Option<String>,
}

//! Spec -> IR: resolves references, decides every Rust name, and checks everything the
//! generated code relies on. Each rule reports a located diagnostic and carries on, so a
//! maintainer sees all independent mistakes at once; any error means no IR.
//!
//! By concern: `models.rs` (objects, enums, the types naming them), `api.rs` (base URL,
//! servers, auth, the error body), `operations.rs`, `params.rs`, `placeholders.rs` (path
//! placeholders against path parameters), `names.rs` (Rust names and their collisions; the
//! names the generator keeps for itself are in `crate::reserved`), and `check.rs` (rules over
//! the whole IR once built).

mod api;
mod check;
mod models;
mod names;
mod operations;
mod params;
mod placeholders;

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::context::Context;
use crate::ir;
use crate::source_map::YamlPath;
use crate::spec::{ParamSpec, Spec};

/// Lowers `spec` (from `spec/<module>.yaml`) to IR, or `None` after reporting why not.
pub fn lower(cx: &mut Context, module: &str, spec_path: &str, spec: Spec) -> Option<ir::Api> {
    let mut lw = Lowerer::new(cx, &spec);

    // Models first: everything else refers to them.
    lw.declare_models(&spec.models);
    let models = lw.lower_models(&spec.models);
    check::no_model_contains_itself(lw.cx, &models);
    let models = check::box_recursive_fields(models);

    // The API block.
    let api = &spec.api;
    lw.check_api_block(api);
    let scopes = lw.lower_scopes(api.auth.as_ref().map(|a| a.scopes.as_slice()).unwrap_or_default());
    let servers = api.servers.as_ref().and_then(|s| lw.lower_servers(s));
    let api_key = lw.lower_api_key(api);
    let client_credentials = lw.lower_client_credentials(api);
    let error = api.error.as_ref().and_then(|e| lw.lower_error(e, &models));

    // Operations, with the parameter groups they share.
    let groups = lw.lower_groups(&spec.parameter_groups);
    let operations = lw.lower_operations(&spec, &scopes, &groups);

    if lw.cx.has_errors() {
        return None;
    }
    let api = ir::Api {
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
    };

    // Rules over the whole API (only without errors: a use that failed to lower would make
    // its model look unused).
    check::warn_unused_models(lw.cx, &api);
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
}

/// The state lowering builds up: the diagnostics, and what it knows of the models so far.
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

impl<'a> Lowerer<'a> {
    fn new(cx: &'a mut Context, spec: &Spec) -> Self {
        Lowerer {
            cx,
            models: HashMap::new(),
            model_order: Vec::new(),
            enum_values: HashMap::new(),
            empty_objects: HashSet::new(),
            broken_models: spec.unloaded_models.iter().cloned().collect(),
            models_unreadable: spec.models_unreadable,
        }
    }
}

/// A parameter with the path it was written at (its group's, for shared ones).
struct SourcedParam<'s> {
    spec: &'s ParamSpec,
    path: YamlPath,
    group: Option<String>,
}

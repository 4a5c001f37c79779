//! Rules over the whole IR once it is built, each a function with its rule in one sentence
//! above it: what no single model, field or operation can check alone.

use std::collections::{BTreeSet, HashMap};

use crate::context::Context;
use crate::ir::{self, Type};
use crate::source_map::key_path;

/// A required field whose type leads back to its own model through required, unboxed fields
/// can never be built or received: that is a mistake in the spec.
pub(super) fn no_model_contains_itself(cx: &mut Context, models: &[ir::Model], written_in: &HashMap<String, usize>) {
    let cycles = Cycles::of(&direct_edges(models, true));
    for model in models {
        let ir::Model::Struct(s) = model else { continue };
        for field in &s.fields {
            if let Type::Model { rust_name, is_enum: false } = &field.ty {
                if field.required && cycles.on_one(&s.rust_name, rust_name) {
                    cx.select(written_in.get(&s.rust_name).copied().unwrap_or_default());
                    let path = key_path(&["models", &s.name, "fields", &field.wire_name]);
                    cx.error_key(
                        &path,
                        format!(
                            "model `{}` contains itself through required field `{}`: no value could ever be complete",
                            s.name, field.wire_name
                        ),
                        Some("make the field optional (`required: false`) or an `array<...>`".into()),
                    );
                }
            }
        }
    }
}

/// A model nothing reaches (from an operation's parameters, body or response, or the error
/// body) is probably a typo elsewhere, or left over: a warning, and it is still emitted.
pub(super) fn warn_unused_models(cx: &mut Context, api: &ir::Api, written_in: &HashMap<String, usize>) {
    let reached = reached_from(api, api.error.iter().map(|e| e.model.clone()).chain(operation_models(api, None)));
    for model in api.models.iter().filter(|m| !reached.contains(m.rust_name())) {
        cx.select(written_in.get(model.rust_name()).copied().unwrap_or_default());
        cx.warning(
            &key_path(&["models", model.name()]),
            format!("model `{}` is not used by any operation", model.name()),
            Some("remove it, or reference it where the docs use it".into()),
        );
    }
}

/// Each model compiles only for the groups whose operations reach it (a group's feature then
/// leaves out what no other group uses), unless every group needs it: the error body and
/// what it holds, models all groups reach, and models none does.
pub(super) fn mark_reach(api: &mut ir::Api) {
    let everywhere = reached_from(api, api.error.iter().map(|e| e.model.clone()));
    let by_group: Vec<BTreeSet<String>> =
        (0..api.groups.len()).map(|g| reached_from(api, operation_models(api, Some(g)))).collect();
    let groups = api.groups.len();
    for model in &mut api.models {
        let name = model.rust_name().to_owned();
        let needed: Vec<usize> = (0..groups).filter(|g| by_group[*g].contains(&name)).collect();
        let reach = if everywhere.contains(&name) || needed.is_empty() || needed.len() == groups {
            ir::Reach::All
        } else {
            ir::Reach::Groups(needed)
        };
        match model {
            ir::Model::Struct(s) => s.reach = reach,
            ir::Model::Enum(e) => e.reach = reach,
        }
    }
}

/// The models the operations (of `group`, or of all) name directly: parameters, bodies,
/// responses, and the empty-object models they name, which become "no body".
fn operation_models(api: &ir::Api, group: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    for op in api.operations.iter().filter(|op| group.is_none_or(|g| op.group == g)) {
        let types = op.params.iter().map(|p| &p.ty).chain(op.body.iter().map(|b| &b.ty));
        let response = match &op.response {
            ir::Response::Json(ty) => Some(ty),
            ir::Response::Empty | ir::Response::Text => None,
        };
        out.extend(types.chain(response).flat_map(models_in));
        out.extend(op.empty_request.iter().chain(&op.empty_response).cloned());
    }
    out
}

/// `roots` and every model their fields reach.
fn reached_from(api: &ir::Api, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let by_name: HashMap<&str, &ir::Model> = api.models.iter().map(|m| (m.rust_name(), m)).collect();
    let mut stack: Vec<String> = roots.into_iter().collect();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(ir::Model::Struct(s)) = by_name.get(name.as_str()) {
            stack.extend(s.fields.iter().flat_map(|f| models_in(&f.ty)).filter(|inner| !reached.contains(inner)));
        }
    }
    reached
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
pub(super) fn box_recursive_fields(mut models: Vec<ir::Model>) -> Vec<ir::Model> {
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::Cycles;

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
}

//! What an import changes for consumers: operations and models added, removed and changed
//! between the spec files an import replaces and the ones it writes, and which of the changes
//! break a consumer's build (a method or model gone, a required argument added, a type
//! changed, a struct field added to models that consumers build with struct literals).

use std::collections::BTreeMap;

use serde_yaml::Value;

/// One change, as a line of the report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Whether code that compiled against the old client may not compile against the new.
    pub breaking: bool,
    /// What changed (`operation getUsers: new required parameter `state``).
    pub what: String,
}

/// Names -> (type, required): an operation's parameters, a model's fields.
type Typed = BTreeMap<String, (String, bool)>;

/// What a consumer's code sees of an operation: method and path, parameters, body, response.
type OperationSurface = (String, Typed, String, String);

#[derive(Default)]
struct Surface {
    /// id -> the operation.
    operations: BTreeMap<String, OperationSurface>,
    /// name -> fields (name -> (type, required)), or enum values as fields of type `enum`
    models: BTreeMap<String, BTreeMap<String, (String, bool)>>,
}

fn surface(files: &[String]) -> Surface {
    let mut out = Surface::default();
    for text in files {
        let Ok(file) = serde_yaml::from_str::<Value>(text) else { continue };
        let groups: BTreeMap<String, Vec<(String, String, bool)>> = file
            .get("parameter_groups")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str().unwrap_or("").to_owned(), params(v)))
            .collect();
        for op in file.get("operations").and_then(Value::as_sequence).into_iter().flatten() {
            let s = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let mut ps: BTreeMap<String, (String, bool)> = BTreeMap::new();
            for g in op.get("parameter_groups").and_then(Value::as_sequence).into_iter().flatten() {
                for (n, t, r) in groups.get(g.as_str().unwrap_or("")).into_iter().flatten() {
                    ps.insert(n.clone(), (t.clone(), *r));
                }
            }
            for (n, t, r) in params(op.get("parameters").unwrap_or(&Value::Null)) {
                ps.insert(n, (t, r));
            }
            let request = match op.get("request") {
                Some(Value::String(t)) => t.clone(),
                Some(m) => m.get("type").and_then(Value::as_str).unwrap_or("").to_owned(),
                None => String::new(),
            };
            out.operations.insert(s("id"), (format!("{} {}", s("method"), s("path")), ps, request, s("response")));
        }
        for (name, model) in file.get("models").and_then(Value::as_mapping).into_iter().flatten() {
            let mut fields = BTreeMap::new();
            for (f, spec) in model.get("fields").and_then(Value::as_mapping).into_iter().flatten() {
                let ty = spec.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
                let values =
                    spec.get("enum").map(|e| format!(" [{}]", serde_yaml::to_string(e).unwrap_or_default().trim()));
                let required = spec.get("required").and_then(Value::as_bool).unwrap_or(false);
                fields.insert(f.as_str().unwrap_or("").to_owned(), (ty + &values.unwrap_or_default(), required));
            }
            for v in model.get("enum").and_then(Value::as_sequence).into_iter().flatten() {
                let value = v.as_str().or_else(|| v.get("value").and_then(Value::as_str)).unwrap_or("");
                fields.insert(value.to_owned(), ("enum".into(), false));
            }
            out.models.insert(name.as_str().unwrap_or("").to_owned(), fields);
        }
    }
    out
}

fn params(list: &Value) -> Vec<(String, String, bool)> {
    list.as_sequence()
        .into_iter()
        .flatten()
        .map(|p| {
            let s = |k: &str| p.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(s("in") == "path");
            let values = p.get("enum").map(|e| format!(" [{}]", serde_yaml::to_string(e).unwrap_or_default().trim()));
            (s("name"), s("type") + &values.unwrap_or_default(), required)
        })
        .collect()
}

/// The changes from the spec files `old` to `new` (each a file's text).
pub fn changes(old: &[String], new: &[String]) -> Vec<Change> {
    let (old, new) = (surface(old), surface(new));
    let mut out = Vec::new();
    let mut push = |breaking: bool, what: String| out.push(Change { breaking, what });
    for (id, (route, params, request, response)) in &old.operations {
        let Some((new_route, new_params, new_request, new_response)) = new.operations.get(id) else {
            push(true, format!("operation `{id}` ({route}) removed"));
            continue;
        };
        if route != new_route {
            push(false, format!("operation `{id}`: now {new_route} (was {route})"));
        }
        for (name, (ty, required)) in params {
            match new_params.get(name) {
                None => push(true, format!("operation `{id}`: parameter `{name}` removed")),
                Some((new_ty, new_required)) => {
                    if ty != new_ty {
                        push(true, format!("operation `{id}`: parameter `{name}` is `{new_ty}` (was `{ty}`)"));
                    }
                    if required != new_required {
                        push(
                            true,
                            format!(
                                "operation `{id}`: parameter `{name}` is {}",
                                if *new_required { "required" } else { "optional" }
                            ),
                        );
                    }
                }
            }
        }
        for (name, (ty, required)) in new_params.iter().filter(|(n, _)| !params.contains_key(*n)) {
            push(
                *required,
                format!(
                    "operation `{id}`: new {} parameter `{name}` ({ty})",
                    if *required { "required" } else { "optional" }
                ),
            );
        }
        if request != new_request {
            push(true, format!("operation `{id}`: the body is `{new_request}` (was `{request}`)"));
        }
        if response != new_response {
            push(true, format!("operation `{id}`: the response is `{new_response}` (was `{response}`)"));
        }
    }
    for (id, (route, ..)) in new.operations.iter().filter(|(id, _)| !old.operations.contains_key(*id)) {
        push(false, format!("operation `{id}` ({route}) added"));
    }
    for (name, fields) in &old.models {
        let Some(new_fields) = new.models.get(name) else {
            push(true, format!("model `{name}` removed"));
            continue;
        };
        for (field, (ty, required)) in fields {
            match new_fields.get(field) {
                None => push(true, format!("model `{name}`: `{field}` removed")),
                Some((new_ty, new_required)) if new_ty != ty || new_required != required => push(
                    true,
                    format!(
                        "model `{name}`: `{field}` is `{new_ty}`{} (was `{ty}`)",
                        if *new_required { ", required" } else { "" }
                    ),
                ),
                Some(_) => {}
            }
        }
        for (field, (ty, _)) in new_fields.iter().filter(|(f, _)| !fields.contains_key(*f)) {
            // A new variant breaks exhaustive matches, a new field struct literals without `..`.
            push(true, format!("model `{name}`: new `{field}` ({ty})"));
        }
    }
    for name in new.models.keys().filter(|n| !old.models.contains_key(*n)) {
        push(false, format!("model `{name}` added"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn changes_say_what_breaks() {
        let old = "operations:\n  - {id: getA, method: GET, path: /a, summary: A, parameters: [{name: q, in: query, type: string}], response: A}\n  - {id: gone, method: GET, path: /g, summary: G}\nmodels:\n  A: {fields: {x: {type: string}, y: {type: int32}}}\n  Old: {fields: {z: {type: string}}}\n";
        let new = "operations:\n  - {id: getA, method: GET, path: /a, summary: A, parameters: [{name: q, in: query, type: int64}, {name: r, in: query, type: string, required: true}, {name: s, in: query, type: string}], response: A}\n  - {id: added, method: POST, path: /n, summary: N}\nmodels:\n  A: {fields: {x: {type: string}, w: {type: string}}}\n  New: {enum: [a]}\n";
        let got: Vec<(bool, String)> =
            changes(&[old.into()], &[new.into()]).into_iter().map(|c| (c.breaking, c.what)).collect();
        let want = [
            (true, "operation `getA`: parameter `q` is `int64` (was `string`)"),
            (true, "operation `getA`: new required parameter `r` (string)"),
            (false, "operation `getA`: new optional parameter `s` (string)"),
            (true, "operation `gone` (GET /g) removed"),
            (false, "operation `added` (POST /n) added"),
            (true, "model `A`: `y` removed"),
            (true, "model `A`: new `w` (string)"),
            (true, "model `Old` removed"),
            (false, "model `New` added"),
        ];
        assert_eq!(got, want.map(|(b, w)| (b, w.to_owned())));
    }
}

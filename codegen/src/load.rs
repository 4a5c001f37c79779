//! Text -> [`Spec`]: parse the YAML (serde_yaml), then deserialize each piece (the `api`
//! block, each operation, each model, each parameter group) on its own, so that independent
//! mistakes are all reported in one run, each at its own line.

use serde::de::DeserializeOwned;
use serde_yaml::Value;

use crate::context::Context;
use crate::diagnostics::closest;
use crate::source_map::{Seg, YamlPath};
use crate::spec::{ApiSpec, FileKind, FileSpec, GroupSpec, ModelSpec, OperationSpec, ParamSpec, SharedSpec};

/// Loads each file (path, text, kind) on its own, the files shared among the cores: each
/// loaded file, or `None`, with what was found about it (in the order [`load`] finds it).
/// The result is in the order of `files`, whatever thread loaded each.
pub fn load_files<'a>(
    files: impl Iterator<Item = (&'a str, &'a str, FileKind)>,
) -> Vec<(Option<FileSpec>, Vec<crate::diagnostics::Diagnostic>)> {
    let files: Vec<_> = files.collect();
    crate::parallel::map(&files, |&(path, text, kind)| {
        let mut cx = Context::new(path, text);
        let file = load_file(&mut cx, kind, false);
        (file, cx.into_diagnostics())
    })
}

/// Loads the file `cx` has selected, as a file of `kind`, or returns `None` with the reasons
/// recorded in `cx`.
pub fn load(cx: &mut Context, kind: FileKind) -> Option<FileSpec> {
    load_file(cx, kind, true)
}

/// [`load`]; `alone` where no other file is loaded at the same time.
fn load_file(cx: &mut Context, kind: FileKind, alone: bool) -> Option<FileSpec> {
    let keys = kind.keys();
    // The event pass that finds nesting deeper than MAX_DEPTH runs before serde_yaml only where
    // the byte scan cannot show the flow nesting is shallow, and after it where the parsed
    // value (or serde_yaml's own depth limit) shows the nesting is deep: see `nesting`.
    let max = crate::source_map::MAX_DEPTH;
    let event_pass_ran = crate::nesting::flow_depth_bound(cx.text()).is_none_or(|bound| bound > max);
    if event_pass_ran && refused_as_too_deep(cx) {
        return None;
    }
    // A large file loaded alone is parsed in pieces on every core (`pieces`), where that gives
    // what one parse would; in a vendor's folder the files already share the cores.
    let in_pieces = if alone && !event_pass_ran { crate::pieces::parse(cx.text()) } else { None };
    let parsed = match in_pieces {
        Some(value) => Ok(value),
        None => serde_yaml::from_str(cx.text()),
    };
    let mut root: Value = match parsed {
        Ok(value) if crate::nesting::value_depth_exceeds(&value, max) && refused_as_too_deep(cx) => {
            return None;
        }
        Ok(value) => value,
        Err(err) => {
            if !event_pass_ran && refused_as_too_deep(cx) {
                return None;
            }
            syntax_error(cx, &err);
            return None;
        }
    };
    // `<<: *shared` merge keys, so specs can share blocks through anchors.
    if let Err(err) = root.apply_merge() {
        cx.error_at_file(
            format!("a `<<` merge key cannot be applied: {err}"),
            "`<<` takes an anchored mapping (`<<: *name`) or a list of them",
        );
        return None;
    }
    let Value::Mapping(root) = root else {
        let what = if root.is_null() { "the spec is empty" } else { "the spec is not a mapping of keys" };
        let start = format!("start from the template in spec/README.md: {}", list(keys));
        cx.error_at_file(what, start);
        return None;
    };

    let mut out = FileSpec::default();
    let (mut api, mut group) = (None, None);
    let mut seen = Vec::new();
    for (key, value) in root {
        let Some(key) = key.as_str().map(str::to_owned) else {
            cx.error(&[], "a top-level key is not a string", Some(format!("the keys are {}", list(keys))));
            continue;
        };
        let path = vec![Seg::Key(key.clone())];
        seen.push(key.clone());
        match key.as_str() {
            "api" if keys.contains(&"api") => api = piece::<ApiSpec>(cx, &path, value, "the `api` block"),
            "group" if keys.contains(&"group") => group = piece::<GroupSpec>(cx, &path, value, "the `group` block"),
            "shared" if keys.contains(&"shared") => {
                if let Some(shared) = piece::<SharedSpec>(cx, &path, value, "the `shared` block") {
                    if shared.sources.is_empty() {
                        cx.error(
                            &[Seg::Key(key.clone()), Seg::Key("sources".into())],
                            "`sources` is empty",
                            Some("name the document the shared models came from".into()),
                        );
                    }
                }
            }
            "operations" if keys.contains(&"operations") => {
                let items = sequence(cx, &path, value, "a list of operations (`- id: ...`)");
                for (i, item) in ready::<_, OperationSpec>(alone, items) {
                    let op = item.or_else(|item| {
                        let what = match item.get("id").and_then(Value::as_str) {
                            Some(id) => format!("operation `{id}`"),
                            None => format!("operation #{}", i + 1),
                        };
                        piece::<OperationSpec>(cx, &child(&path, Seg::Index(i)), item, &what).ok_or(())
                    });
                    out.operations.extend(op.ok().map(|op| (i, op)));
                }
            }
            "models" => {
                if !value.is_mapping() && !value.is_null() {
                    out.models_unreadable = true;
                }
                let items = mapping(cx, &path, value, "a mapping from model names to models");
                for (name, item) in ready::<_, ModelSpec>(alone, items) {
                    let model = item.or_else(|item| {
                        let model_path = child(&path, Seg::Key(name.clone()));
                        piece::<ModelSpec>(cx, &model_path, item, &format!("model `{name}`")).ok_or(())
                    });
                    match model.ok() {
                        Some(model) => out.models.push((name, model)),
                        None => out.unloaded_models.push(name),
                    }
                }
            }
            "parameter_groups" => {
                for (name, item) in mapping(cx, &path, value, "a mapping from group names to parameter lists") {
                    let group_path = child(&path, Seg::Key(name.clone()));
                    let mut params = Vec::new();
                    for (i, p) in sequence(cx, &group_path, item, "a list of parameters (`- name: ...`)") {
                        params.extend(
                            piece::<ParamSpec>(cx, &child(&group_path, Seg::Index(i)), p, "a parameter")
                                .map(|p| (i, p)),
                        );
                    }
                    out.parameter_groups.push((name, params));
                }
            }
            other => {
                let near = closest(other, keys.iter().copied());
                out.models_unreadable |= near == Some("models");
                let help = match (near, kind, other) {
                    (_, FileKind::Vendor, "operations") => {
                        "a vendor's operations belong to its groups: move them to a group's file \
                         (`spec/<vendor>/<group>.yaml`), next to its models"
                            .to_owned()
                    }
                    (_, FileKind::Group, "api") => "a group's file names its group in `group:`; the `api:` block of \
                         the vendor is in `vendor.yaml`, shared by every group"
                        .to_owned(),
                    (_, FileKind::Whole, "group") => {
                        "`group:` is for a file in a vendor's folder (`spec/<vendor>/<group>.yaml`); a single \
                         file's `api:` names its group with `name:`"
                            .to_owned()
                    }
                    (Some(near), ..) => format!("did you mean `{near}`?"),
                    (None, ..) => format!("the top-level keys are {}", list(keys)),
                };
                cx.error_key(&path, format!("unknown top-level key `{other}`"), Some(help));
            }
        }
    }
    let missing = |cx: &mut Context, key: &str, what: &str| {
        cx.error_at_file(format!("the spec has no `{key}:`"), what);
    };
    let has = |key: &str| seen.iter().any(|k| k == key);
    if keys.contains(&"api") && !has("api") {
        missing(cx, "api", "add `api:` with at least `title`, `version`, `sources` and `base_url`");
    }
    if keys.contains(&"shared") && !has("shared") {
        missing(cx, "shared", "add `shared:` with the `sources` its models came from");
    }
    if keys.contains(&"group") && !has("group") {
        missing(cx, "group", "add `group:` with the group's `name` (as the vendor calls it) and its `sources`");
    }
    if keys.contains(&"operations") && !has("operations") {
        missing(cx, "operations", "add `operations:`, a list of the documented operations");
    }
    // A missing or unreadable block is reported; nothing can be lowered without it.
    if (keys.contains(&"api") && api.is_none()) || (keys.contains(&"group") && group.is_none()) {
        return None;
    }
    out.api = api;
    out.group = group;
    Some(out)
}

/// Below this many items, deserializing them on one core is quicker than starting threads.
const PARALLEL_ITEMS: usize = 64;

/// Each item deserialized as `T` on every core, where the file is loaded `alone` and the items
/// are many. An item that does not deserialize as it is comes back as it was (as every item
/// does where they are not deserialized here): [`piece`] then finds why and reports it, in
/// order.
fn ready<K: Send, T: DeserializeOwned + Send>(alone: bool, items: Vec<(K, Value)>) -> Vec<(K, Result<T, Value>)> {
    if !alone || items.len() < PARALLEL_ITEMS {
        return items.into_iter().map(|(key, value)| (key, Err(value))).collect();
    }
    crate::parallel::map_owned(items, |(key, value)| {
        let item = T::deserialize(&value).map_err(|_| value);
        (key, item)
    })
}

/// Deserializes one piece (`what` names it in messages: "operation `getOauthClient`"),
/// reporting a failure at the path where it happened. Each unknown key is reported and taken
/// out, and the piece tried again: every unknown key of an item shows in one run, and when
/// nothing else is wrong the piece still comes back (the errors already stop generation), so
/// the checks after loading run on it too.
fn piece<T: DeserializeOwned>(cx: &mut Context, path: &YamlPath, mut value: Value, what: &str) -> Option<T> {
    // Each round removes one key, so this ends; the bound keeps a hostile spec cheap.
    for _ in 0..64 {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return Some(t),
            Err(err) => err,
        };
        let mut at = path.clone();
        let mut relative = Vec::new();
        for seg in err.path().iter() {
            let seg = match seg {
                serde_path_to_error::Segment::Seq { index } => Seg::Index(*index),
                serde_path_to_error::Segment::Map { key } => Seg::Key(key.clone()),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => continue,
            };
            at.push(seg.clone());
            relative.push(seg);
        }
        let message = err.into_inner().to_string();
        let describe = |p: &[Seg]| if p == path.as_slice() { what.to_owned() } else { describe_path(p) };
        shape_error(cx, &at, &message, &describe);
        let unknown = parse_unknown(&message, "unknown field `").map(|(key, _)| key);
        match unknown {
            Some(key) if remove_key(&mut value, &relative, &key) => {}
            _ => return None,
        }
    }
    None
}

/// Removes `key` from the mapping at `path` inside `value` (the path may end at the key
/// itself); `false` if there is no such key.
fn remove_key(value: &mut Value, path: &[Seg], key: &str) -> bool {
    let path = match path.split_last() {
        Some((Seg::Key(last), init)) if last == key => init,
        _ => path,
    };
    let mut here = value;
    for seg in path {
        let next = match (seg, here) {
            (Seg::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str()),
            (Seg::Index(i), Value::Sequence(items)) => items.get_mut(*i),
            _ => None,
        };
        let Some(next) = next else { return false };
        here = next;
    }
    here.as_mapping_mut().is_some_and(|m| m.remove(key).is_some())
}

fn sequence(cx: &mut Context, path: &YamlPath, value: Value, what: &str) -> Vec<(usize, Value)> {
    match value {
        Value::Sequence(items) => items.into_iter().enumerate().collect(),
        Value::Null => Vec::new(),
        _ => {
            cx.error(path, format!("`{}` must be {what}", last_key(path)), None);
            Vec::new()
        }
    }
}

fn mapping(cx: &mut Context, path: &YamlPath, value: Value, what: &str) -> Vec<(String, Value)> {
    match value {
        Value::Mapping(entries) => entries
            .into_iter()
            .filter_map(|(k, v)| match k {
                Value::String(k) => Some((k, v)),
                other => {
                    let shown = serde_yaml::to_string(&other).unwrap_or_default();
                    cx.error(path, format!("the key `{}` is not a string", shown.trim()), Some("quote it".into()));
                    None
                }
            })
            .collect(),
        Value::Null => Vec::new(),
        Value::Sequence(_) => {
            let help = "drop the `- `: write each entry as `Name:` with its keys indented under it".to_owned();
            cx.error(path, format!("`{}` must be {what}, not a list", last_key(path)), Some(help));
            Vec::new()
        }
        _ => {
            cx.error(path, format!("`{}` must be {what}", last_key(path)), None);
            Vec::new()
        }
    }
}

/// Turns serde's message into one that says what to do, located as precisely as possible.
fn shape_error(cx: &mut Context, at: &YamlPath, message: &str, describe: &dyn Fn(&[Seg]) -> String) {
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some((wrong, expected)) = parse_unknown(message, "unknown field `") {
        // The path may or may not already end at the unknown key.
        let mut key_path = at.clone();
        if key_path.last() != Some(&Seg::Key(wrong.clone())) {
            key_path.push(Seg::Key(wrong.clone()));
        }
        let in_flow =
            cx.source_map().key(&key_path).and_then(|p| cx.source_map().line(p.line)).is_some_and(|l| l.contains('{'));
        let mut type_path = key_path.clone();
        type_path.push(Seg::Key("type".into()));
        let looks_like_field = expected.iter().any(|e| e == "fields") && cx.source_map().contains(&type_path);
        let help = match closest(&wrong, expected.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? (the keys here are {})", list(&expected)),
            None if looks_like_field => format!("`{wrong}` looks like a field: indent it under `fields:`"),
            // `{a: x, b: one, two}`: the comma ended `b`'s value and `two` became a key.
            None if in_flow => format!(
                "inside `{{ ... }}` a comma starts a new key: if this is part of a value, quote the value (the keys here are {})",
                list(&expected)
            ),
            None if expected.is_empty() => "remove it".to_owned(),
            None => format!("the keys here are {}", list(&expected)),
        };
        let parent = key_path[..key_path.len() - 1].to_vec();
        cx.error_key(&key_path, format!("unknown key `{wrong}` in {}", describe(&parent)), Some(help));
    } else if let Some((wrong, expected)) = parse_unknown(message, "unknown variant `") {
        let help = match closest(&wrong, expected.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`? (one of {})", list(&expected)),
            None if wrong == "body" && last_key(at) == "in" => {
                "a request body is not a parameter: remove this one and name its model in the operation's `request:`"
                    .to_owned()
            }
            None => format!("use one of {}", list(&expected)),
        };
        cx.error(at, format!("`{wrong}` is not a valid `{}`", last_key(at)), Some(help));
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        cx.error_key(at, format!("{} has no `{field}`", describe(at)), Some(format!("add `{field}:`")));
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        let help = if rest.ends_with("expected a string") {
            Some("quote the value to make it a string".to_owned())
        } else if rest.ends_with("expected a boolean") {
            Some("write `true` or `false` (`yes`, `no`, `on` and `off` are strings in YAML 1.2)".to_owned())
        } else if rest.starts_with("sequence") && last_key(at) == "fields" {
            Some("`fields` maps wire names to fields: write `id: {type: string}`, not `- name: id`".to_owned())
        } else if rest.starts_with("sequence") && (rest.contains("expected struct") || rest.contains("expected a map"))
        {
            Some("write `key: value` lines indented under this key, not a `- ` list".to_owned())
        } else if rest.contains("expected a sequence") {
            Some("write a list: one `- item` per line, or `[a, b]`".to_owned())
        } else if rest.contains("expected struct") || rest.contains("expected a map") {
            Some("write a mapping of `key: value` lines, indented under this key".to_owned())
        } else {
            None
        };
        cx.error(at, format!("wrong type for `{}`: {rest}", last_key(at)), help);
    } else if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        cx.error(at, format!("`{field}` is given twice in {}", describe(at)), Some("keep one of them".into()));
    } else {
        cx.error(at, message.to_owned(), None);
    }
}

/// Whether the text nests deeper than `MAX_DEPTH`, found by the event pass and reported where
/// it first does.
fn refused_as_too_deep(cx: &mut Context) -> bool {
    let Some(at) = crate::source_map::too_deep(cx.text()) else { return false };
    let message = format!("the spec nests more than {} levels deep", crate::source_map::MAX_DEPTH);
    cx.error_at_line(
        at.line,
        at.column,
        message,
        "no spec needs this much nesting: check the brackets and indentation from here on",
    );
    true
}

fn syntax_error(cx: &mut Context, err: &serde_yaml::Error) {
    let text = err.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
    if let Some((parent, key)) = message.split_once("duplicate entry with key ") {
        if duplicate_key(cx, parent.trim_end_matches(": "), key.trim_matches('"')) {
            return;
        }
    }
    let Some(loc) = err.location() else {
        cx.error_at_file(format!("invalid YAML: {message}"), "check the indentation and quoting of the spec");
        return;
    };
    let line = cx.source_map().line(loc.line()).unwrap_or("").to_owned();
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let previous = (1..loc.line())
        .rev()
        .filter_map(|n| cx.source_map().line(n))
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned();
    let (message, help) = if line[..indent(&line)].contains('\t') || previous[..indent(&previous)].contains('\t') {
        (
            "a tab is used for indentation".to_owned(),
            "YAML does not allow tabs in indentation: replace them with spaces".to_owned(),
        )
    } else if message.contains("mapping values are not allowed")
        && indent(&line) > indent(&previous)
        && !previous.trim_end().ends_with(':')
    {
        (
            "this line is indented deeper than the line above it".to_owned(),
            "align it with the keys it belongs with (or, if it continues a value that contains `: `, quote that value)"
                .to_owned(),
        )
    } else if message.contains("mapping values are not allowed") {
        (
            format!("invalid YAML: {message}"),
            "a value that contains `: ` must be quoted: `key: \"text: more text\"`".to_owned(),
        )
    } else {
        let context = text.split(", while ").nth(1).map(|c| c.split(" at line ").next().unwrap_or(c).to_owned());
        let while_ = context.map(|c| format!(" (while {c})")).unwrap_or_default();
        (
            format!("invalid YAML: {message}"),
            format!("check the indentation of this line and the lines above it{while_}"),
        )
    };
    cx.error_at_line(loc.line(), loc.column(), message, help);
}

/// serde_yaml says `models.A.fields: duplicate entry with key "x"`, located at the mapping;
/// the key's second occurrence is what to point at. `false` if the path cannot be read back.
fn duplicate_key(cx: &mut Context, parent: &str, key: &str) -> bool {
    let mut path = YamlPath::new();
    for part in parent.split('.').filter(|p| !p.is_empty()) {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        path.push(Seg::Key(name.to_owned()));
        for index in indexes.split('[').filter_map(|i| i.trim_end_matches(']').parse().ok()) {
            path.push(Seg::Index(index));
        }
    }
    let parent_path = path.clone();
    path.push(Seg::Key(key.to_owned()));
    let Some(first) = cx.source_map().first_key(&path) else { return false };
    let message = format!("`{key}` is given twice in {} (first on line {})", describe_path(&parent_path), first.line);
    cx.error_key(&path, message, Some("each key may appear once in a mapping: remove one, or rename it".into()));
    true
}

/// `unknown field `x`, expected one of `a`, `b`` -> (`x`, [`a`, `b`]). serde's wording of these
/// messages has been stable since 1.0.
fn parse_unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let (wrong, expected) = rest.split_once('`')?;
    let names = expected.split('`').skip(1).step_by(2).map(str::to_owned).collect();
    Some((wrong.to_owned(), names))
}

/// `an operation`, `model `Foo``, `the `api` block`: what a path points at, for messages.
fn describe_path(path: &[Seg]) -> String {
    match path {
        [] => "the spec".into(),
        [Seg::Key(k)] => format!("the `{k}` block"),
        [Seg::Key(o), Seg::Index(i)] if o == "operations" => format!("operation #{}", i + 1),
        [Seg::Key(m), Seg::Key(name)] if m == "models" => format!("model `{name}`"),
        [Seg::Key(m), Seg::Key(name), Seg::Key(f)] if m == "models" && f == "fields" => {
            format!("the fields of model `{name}`")
        }
        [.., Seg::Key(p), Seg::Index(_)] if p == "parameters" => "a parameter".into(),
        [Seg::Key(g), _, Seg::Index(_)] if g == "parameter_groups" => "a parameter".into(),
        [Seg::Key(m), Seg::Key(model), Seg::Key(f), Seg::Key(field)] if m == "models" && f == "fields" => {
            format!("field `{field}` of model `{model}`")
        }
        [.., Seg::Key(k)] => format!("`{k}`"),
        [.., Seg::Index(i)] => format!("item #{}", i + 1),
    }
}

fn last_key(path: &[Seg]) -> String {
    path.iter()
        .rev()
        .find_map(|s| match s {
            Seg::Key(k) => Some(k.clone()),
            Seg::Index(_) => None,
        })
        .unwrap_or_else(|| "the spec".into())
}

fn child(path: &[Seg], seg: Seg) -> YamlPath {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

/// `a`, `b` and `c`
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::source_map::MAX_DEPTH;

    /// The line of the one error `text` gives, and its message.
    fn refusal(text: &str) -> (Option<usize>, String) {
        let diagnostics = crate::generate("spec/deep.yaml", text).expect_err("refused");
        let [d] = diagnostics.as_slice() else { panic!("one error, not {diagnostics:?}") };
        (d.position.map(|p| p.line), d.message.clone())
    }

    /// What loading a file finds: the spec (as debug text) and every diagnostic.
    fn loaded(text: &str, alone: bool) -> (String, Vec<crate::Diagnostic>) {
        let mut cx = crate::context::Context::new("spec/synth.yaml", text);
        let file = super::load_file(&mut cx, crate::spec::FileKind::Whole, alone);
        (format!("{file:?}"), cx.into_diagnostics())
    }

    #[test]
    fn a_large_file_loaded_on_every_core_gives_what_one_core_gives() {
        // Large enough to be parsed in pieces and its items deserialized on every core.
        let text = crate::synth::spec(400, 3);
        assert!(text.len() > 128 * 1024);
        let (spec, diagnostics) = loaded(&text, true);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!((spec, diagnostics), loaded(&text, false));
        // Mistakes in some operations and models: the same errors, at the same lines, in the
        // same order.
        let mut wrong = text.clone();
        for (from, to) in [("    summary: ", "    sumary: "), ("    method: GET", "    method: [GET]")] {
            for _ in 0..3 {
                let at = wrong.rfind(from).expect("in the synthetic spec");
                wrong.replace_range(at..at + from.len(), to);
            }
        }
        let at = wrong.find("\nmodels:\n").expect("models");
        for (from, to) in [("{type: string}", "{type: [string]}"), ("{type: int32}", "{tipe: int32}")] {
            let field = wrong[at..].find(from).expect("a field") + at;
            wrong.replace_range(field..field + from.len(), to);
        }
        let (spec, diagnostics) = loaded(&wrong, true);
        assert!(diagnostics.len() >= 7, "{diagnostics:?}");
        assert_eq!((spec, diagnostics), loaded(&wrong, false));
        // A syntax error in the middle: one piece does not parse, the whole text is parsed, and
        // the error is where it is.
        let mut broken = text.clone();
        let at = broken.find("\n  - id: ").expect("an operation") + text.len() / 2;
        let at = broken[at..].find("    summary: ").expect("a summary") + at;
        broken.insert_str(at + "    summary: ".len(), "\"an open quote, ");
        let line = broken[..at].matches('\n').count() + 1;
        let (spec, diagnostics) = loaded(&broken, true);
        assert_eq!(spec, "None");
        assert!(diagnostics.iter().any(|d| d.position.is_some_and(|p| p.line >= line)), "{diagnostics:?}");
        assert_eq!((spec, diagnostics), loaded(&broken, false));
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_where_it_starts() {
        let message = format!("the spec nests more than {MAX_DEPTH} levels deep");
        // Flow nesting: refused before serde_yaml reads it (a million brackets would take it
        // hours), whether the byte scan counts it or cannot tell.
        let flow = format!("api: {}1{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000));
        assert_eq!(refusal(&flow), (Some(1), message.clone()));
        let undecided = format!("api: {}1{}\nb: 'a quote\n  on two lines'\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(refusal(&undecided), (Some(1), message.clone()));
        // Block nesting: found on the parsed value, then located by the event pass; past
        // serde_yaml's own limit (128) too.
        for levels in [MAX_DEPTH + 5, 200] {
            let block = (0..levels).fold(String::new(), |text, i| format!("{text}{}k{i}:\n", " ".repeat(i)));
            assert_eq!(refusal(&block), (Some(MAX_DEPTH + 1), message.clone()), "{levels} levels");
        }
        // At the limit, nesting is only a wrong spec.
        let at_limit = format!("api: {}1{}\n", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        let diagnostics = crate::generate("spec/deep.yaml", &at_limit).expect_err("refused");
        assert!(diagnostics.iter().all(|d| d.message != message), "{diagnostics:?}");
    }
}

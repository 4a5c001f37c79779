//! `cargo xtask import DOCUMENT --out spec/<vendor> [--group NAME]...`: the files around the
//! importer (`import` crate): reading the document and the folder it writes into, keeping
//! hand-written files, and saying what changed for consumers.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use import::model::Vendor;
use import::write::MARKER;

/// What `import` was asked.
pub struct Options {
    /// The document's path.
    pub document: String,
    /// `spec/<vendor>` (a folder) or `spec/<name>.yaml` (one file), relative to the root.
    pub out: String,
    /// Only these groups (by the vendor's name or the file stem); all when empty.
    pub groups: Vec<String>,
}

/// `cargo xtask import`: imports, and prints the report.
pub fn run(root: &Path, options: &Options) -> ExitCode {
    match import(root, options) {
        Ok(report) => {
            for line in &report.warnings {
                eprintln!("{line}");
            }
            for line in &report.lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// What an import did, as it prints it.
#[derive(Debug, Default)]
pub struct Report {
    /// The document's problems, located (`warning: <document>: paths./x.get: ...`).
    pub warnings: Vec<String>,
    /// What was kept, what changed for consumers, and the counts.
    pub lines: Vec<String>,
    /// The changes for consumers.
    pub changes: Vec<import::diff::Change>,
}

/// A hand-written group file of the folder: its operations win over the document's.
struct HandGroup {
    file: String,
    /// (METHOD, path with placeholders blanked, id, the operation as written).
    operations: Vec<(String, String, String, serde_yaml::Value)>,
    models: Vec<String>,
    /// The model names its types name (which the import must keep).
    uses: Vec<String>,
}

/// Imports `options.document` into `options.out` (relative to `root`).
///
/// # Errors
/// The document cannot be read or imported (its problems, located), or a file cannot be
/// written.
pub fn import(root: &Path, options: &Options) -> Result<Report, String> {
    let document_path = Path::new(&options.document);
    let text =
        std::fs::read_to_string(document_path).map_err(|e| format!("error: cannot read {}: {e}", options.document))?;
    let name = document_path.file_name().map_or(options.document.clone(), |n| n.to_string_lossy().into_owned());
    let out = root.join(&options.out);
    let single = options.out.ends_with(".yaml") || options.out.ends_with(".yml");
    // The folder's hand-written files, first: what they use must stay.
    let hand = if single || !out.is_dir() { Vec::new() } else { hand_files(&out)? };
    let hand_vendor = hand.iter().any(|(f, _)| f == "vendor.yaml");
    let hand_groups: Vec<HandGroup> =
        hand.into_iter().map(|(file, text)| hand_group(file, &text)).collect::<Result<_, _>>()?;
    let hand_uses: Vec<String> = hand_groups.iter().flat_map(|h| h.uses.clone()).collect();
    let mut imported = import::read_for(&text, &name, &hand_uses).map_err(|problems| {
        let mut message = format!("error: {} cannot be imported:\n", options.document);
        for p in problems {
            message.push_str(&format!("  {name}: {p}\n"));
        }
        message
    })?;

    // `--group`: only those groups' files are written (and the shared one, placed as for the
    // whole document, so that the other groups still find their shared models).
    let wanted: Vec<String> = options.groups.iter().map(|g| g.to_ascii_lowercase()).collect();
    let chosen = |g: &import::model::Group| wanted.contains(&g.stem) || wanted.contains(&g.name.to_ascii_lowercase());
    if !options.groups.is_empty() {
        let known: Vec<String> = imported.vendor.groups.iter().map(|g| g.stem.clone()).collect();
        for w in &wanted {
            if !imported.vendor.groups.iter().any(|g| g.stem == *w || g.name.to_ascii_lowercase() == *w) {
                return Err(format!("error: the document has no group `{w}`; it has: {}", known.join(", ")));
            }
        }
        if single {
            imported.vendor.groups.retain(chosen);
        }
    }

    let mut report = Vec::new();
    let mut old_texts = Vec::new();
    let files = if single {
        if out.exists() && !is_imported(&out) {
            return Err(format!(
                "error: {} is hand-written (it does not start with `{MARKER}`): not replaced",
                options.out
            ));
        }
        old_texts.extend(std::fs::read_to_string(&out).ok());
        import::place_models(&mut imported.vendor);
        let files = import::write_single(&imported.vendor);
        vec![(out.clone(), files.files[0].1.clone(), files.notes)]
    } else {
        std::fs::create_dir_all(&out).map_err(|e| format!("error: cannot create {}: {e}", options.out))?;
        keep_hand_written(&mut imported.vendor, &hand_groups, &mut report);
        import::place_models(&mut imported.vendor);
        let mut files = import::write_folder(&imported.vendor, hand_vendor);
        if !options.groups.is_empty() {
            let stems = imported.vendor.groups.iter().filter(|g| chosen(g)).map(|g| format!("{}.yaml", g.stem));
            let keep: BTreeSet<String> = stems.chain(["vendor.yaml".to_owned(), "shared.yaml".to_owned()]).collect();
            files.files.retain(|(name, _)| keep.contains(name));
        }
        let written: BTreeSet<String> = files.files.iter().map(|(n, _)| n.clone()).collect();
        for entry in std::fs::read_dir(&out).map_err(|e| e.to_string())?.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            if !file.ends_with(".yaml") || !is_imported(&entry.path()) {
                continue;
            }
            if options.groups.is_empty() || written.contains(&file) {
                old_texts.extend(std::fs::read_to_string(entry.path()).ok());
            }
            // Imported files the document no longer gives.
            if !written.contains(&file) && options.groups.is_empty() {
                std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
                report.push(format!("removed {file} (the document has no such group now)"));
            }
        }
        let per_file = files.notes;
        files
            .files
            .into_iter()
            .map(|(n, t)| (out.join(n), t, 0))
            .chain(std::iter::once((out.clone(), String::new(), per_file)))
            .collect()
    };
    let mut notes = 0;
    let mut written = 0;
    for (path, text, n) in &files {
        notes += n;
        if text.is_empty() {
            continue;
        }
        std::fs::write(path, text).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
        written += 1;
    }
    let new_texts: Vec<String> = files.iter().map(|(_, t, _)| t.clone()).filter(|t| !t.is_empty()).collect();
    // A first import changes nothing for consumers: there were none.
    let changes = if old_texts.is_empty() { Vec::new() } else { import::diff::changes(&old_texts, &new_texts) };
    let warnings = imported.problems.iter().map(|p| format!("warning: {name}: {p}")).collect();
    if !old_texts.is_empty() {
        let breaking = changes.iter().filter(|c| c.breaking).count();
        report.push(format!("changes for consumers: {} ({breaking} break a consumer's build)", changes.len()));
        for change in &changes {
            report.push(format!("  {}{}", if change.breaking { "breaking: " } else { "" }, change.what));
        }
    }
    let operations: usize = imported.vendor.groups.iter().map(|g| g.operations.len()).sum();
    let models: usize =
        imported.vendor.models.len() + imported.vendor.groups.iter().map(|g| g.models.len()).sum::<usize>();
    report.push(format!(
        "imported {name} ({}): {operations} operations in {} groups, {models} models, into {written} files under {}",
        imported.vendor.format,
        imported.vendor.groups.len(),
        options.out
    ));
    report.push(format!(
        "{notes} facts the spec format has no key for are kept as comments; {} problems (above)",
        imported.problems.len()
    ));
    report.push("next: cargo xtask codegen".into());
    Ok(Report { warnings, lines: report, changes })
}

fn is_imported(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.starts_with(MARKER))
}

/// The folder's hand-written YAML files, by name.
fn hand_files(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !file.ends_with(".yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| format!("error: cannot read {file}: {e}"))?;
        if !text.starts_with(MARKER) {
            out.push((file, text));
        }
    }
    Ok(out)
}

fn hand_group(file: String, text: &str) -> Result<HandGroup, String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| format!("error: {file}: {e}"))?;
    let mut operations = Vec::new();
    for op in value.get("operations").and_then(|o| o.as_sequence()).into_iter().flatten() {
        let get = |k: &str| op.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        operations.push((get("method").to_ascii_uppercase(), blank_placeholders(&get("path")), get("id"), op.clone()));
    }
    let models = value
        .get("models")
        .and_then(|m| m.as_mapping())
        .map(|m| m.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let mut uses = Vec::new();
    collect_types(&value, &mut uses);
    Ok(HandGroup { file, operations, models, uses })
}

/// Every `type:`, `request:` and `response:` value under `value`, as model names.
fn collect_types(value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    (Some("type" | "request" | "response"), serde_yaml::Value::String(t)) => {
                        out.extend(import::model::named_types(t))
                    }
                    _ => collect_types(v, out),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|i| collect_types(i, out)),
        _ => {}
    }
}

/// `/users/{userId}` -> `/users/{}`: hand specs and documents may name placeholders apart.
fn blank_placeholders(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push('{');
            }
            '}' => {
                depth -= 1;
                out.push('}');
            }
            _ if depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// Leaves out what hand-written files cover: operations (by method and path) and models (by
/// name); lists how the document differs from them.
fn keep_hand_written(vendor: &mut Vendor, hand: &[HandGroup], report: &mut Vec<String>) {
    let hand_models: BTreeSet<&str> = hand.iter().flat_map(|h| h.models.iter().map(String::as_str)).collect();
    vendor.external_uses =
        hand.iter().flat_map(|h| &h.uses).filter(|u| !hand_models.contains(u.as_str())).cloned().collect();
    let hand_stems: BTreeSet<String> = hand.iter().map(|h| h.file.trim_end_matches(".yaml").to_owned()).collect();
    for group in &mut vendor.groups {
        group.operations.retain(|op| {
            let key = (op.method.clone(), blank_placeholders(&op.path));
            let Some((h, (_, _, id, written))) = hand
                .iter()
                .find_map(|h| h.operations.iter().find(|(m, p, _, _)| (m, p) == (&key.0, &key.1)).map(|o| (h, o)))
            else {
                return true;
            };
            let differences = differences(op, written);
            report.push(format!(
                "{} {}: {} `{id}` wins over the document's `{}`{}",
                op.method,
                op.path,
                h.file,
                op.id,
                if differences.is_empty() {
                    String::new()
                } else {
                    format!("; the document differs: {}", differences.join("; "))
                }
            ));
            false
        });
        if hand_stems.contains(&group.stem) && !group.operations.is_empty() {
            report.push(format!(
                "group `{}`: {}.yaml is hand-written, so the document's other operations go to {}_imported.yaml",
                group.name, group.stem, group.stem
            ));
            group.stem = format!("{}_imported", group.stem);
        }
    }
    vendor.groups.retain(|g| !g.operations.is_empty());
    let before = vendor.models.len() + vendor.groups.iter().map(|g| g.models.len()).sum::<usize>();
    vendor.models.retain(|m| !hand_models.contains(m.name.as_str()));
    for group in &mut vendor.groups {
        group.models.retain(|m| !hand_models.contains(m.name.as_str()));
    }
    let after = vendor.models.len() + vendor.groups.iter().map(|g| g.models.len()).sum::<usize>();
    if before != after {
        report.push(format!("{} models are hand-written and not imported again", before - after));
    }
    // A group's models are its own: one the document's groups use too must be shared.
    for h in hand.iter().filter(|h| h.file != "vendor.yaml") {
        for model in &h.models {
            let users: BTreeSet<&str> = vendor
                .groups
                .iter()
                .filter(|g| {
                    g.operations.iter().any(|o| o.uses.contains(model))
                        || g.models.iter().chain(&vendor.models).any(|m| m.uses().contains(model))
                })
                .map(|g| g.stem.as_str())
                .collect();
            if !users.is_empty() {
                report.push(format!(
                    "error: model `{model}` is written in {} (so only its group sees it) but the document's groups {} use it too: move it to vendor.yaml",
                    h.file,
                    users.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
}

/// How the document's operation differs from the hand-written one: parameters and types.
fn differences(op: &import::model::Operation, written: &serde_yaml::Value) -> Vec<String> {
    let mut out = Vec::new();
    let hand_params: Vec<(String, String, bool)> = written
        .get("parameters")
        .and_then(|p| p.as_sequence())
        .into_iter()
        .flatten()
        .map(|p| {
            let get = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let required = p.get("required").and_then(|v| v.as_bool()).unwrap_or(get("in") == "path");
            (get("name"), get("type"), required)
        })
        .collect();
    for p in &op.parameters {
        match hand_params.iter().find(|(n, _, _)| *n == p.name) {
            None => out.push(format!("parameter `{}` ({}) only in the document", p.name, p.ty)),
            Some((_, ty, required)) => {
                if *ty != p.ty {
                    out.push(format!("parameter `{}` is `{}` in the document, `{ty}` by hand", p.name, p.ty));
                }
                if *required != p.required {
                    out.push(format!(
                        "parameter `{}` is {}required in the document",
                        p.name,
                        if p.required { "" } else { "not " }
                    ));
                }
            }
        }
    }
    for (name, _, _) in &hand_params {
        if !op.parameters.iter().any(|p| p.name == *name) {
            out.push(format!("parameter `{name}` only by hand"));
        }
    }
    let hand_response = written.get("response").and_then(|r| r.as_str()).map(str::to_owned);
    if hand_response != op.response {
        out.push(format!(
            "response `{}` in the document, `{}` by hand",
            op.response.as_deref().unwrap_or("(none)"),
            hand_response.as_deref().unwrap_or("(none)")
        ));
    }
    out
}

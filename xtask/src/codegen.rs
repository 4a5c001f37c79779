//! `cargo xtask codegen`: reads the specs, asks `codegen` for the modules, and makes
//! `generated/` match, or in check mode reports each file that does not.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Markers around the `[features]` table of `generated/Cargo.toml`, which is generated.
const FEATURES_BEGIN: &str = "# @generated begin: `cargo xtask codegen` writes this table from spec/. Do not edit.\n";
const FEATURES_END: &str = "# @generated end\n";

/// Runs the command; `spec` limits it to one spec file.
pub fn run(check: bool, spec: Option<&str>) -> ExitCode {
    let root = workspace_root();
    let outcome = match spec {
        Some(file) => one_spec(&root, Path::new(file), check),
        None => all(&root, check),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

pub fn workspace_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map_or(xtask.clone(), Path::to_path_buf)
}

/// What the tree should contain: (path relative to the root, contents).
type Plan = Vec<(PathBuf, String)>;

/// Every generated file, from every spec and fixture; errors are rendered diagnostics.
pub fn plan(root: &Path) -> Result<Plan, String> {
    let specs = generate_dir(root, "spec")?;
    let fixtures = generate_dir(root, "codegen/tests/fixtures/ok")?;
    let mut plan = Plan::new();
    for m in &specs {
        plan.push((PathBuf::from(format!("generated/src/generated/{}.rs", m.name)), m.code.clone()));
    }
    plan.push(("generated/src/generated/mod.rs".into(), codegen::module_index(&specs, true)));
    for m in &fixtures {
        plan.push((PathBuf::from(format!("generated/src/fixtures/{}.rs", m.name)), m.code.clone()));
    }
    let mut index = codegen::module_index(&fixtures, false);
    index = index.replace(
        "//! The generated API modules, one per spec file.\n",
        "//! Modules generated from `codegen/tests/fixtures/ok/`, compiled (and linted) by `cargo test`\n//! and clippy only, so that every edge case the fixtures cover is proven to build.\n",
    );
    plan.push(("generated/src/fixtures/mod.rs".into(), index));
    let manifest = read(&root.join("generated/Cargo.toml"))?;
    plan.push(("generated/Cargo.toml".into(), with_features(&manifest, &codegen::features_table(&specs))?));
    Ok(plan)
}

fn all(root: &Path, check: bool) -> Result<(), String> {
    let plan = plan(root)?;
    apply(root, &plan, check, &["generated/src/generated", "generated/src/fixtures"])
}

fn one_spec(root: &Path, file: &Path, check: bool) -> Result<(), String> {
    let text = read(file)?;
    let shown = display_path(root, file);
    let module = codegen::generate(&shown, &text).map_err(|d| codegen::render(&d))?;
    eprint!("{}", codegen::render(&module.warnings));
    let in_spec_dir = fs::canonicalize(file).ok().and_then(|f| f.parent().map(Path::to_path_buf)) == fs::canonicalize(root.join("spec")).ok();
    if !in_spec_dir {
        eprintln!("{shown}: ok ({} lines of Rust); not under spec/, so nothing is written", module.code.lines().count());
        return Ok(());
    }
    let target = PathBuf::from(format!("generated/src/generated/{}.rs", module.name));
    apply(root, &[(target, module.code)], check, &[])
}

/// Generates every `*.yaml` in `dir`, in name order; all diagnostics of all files on failure.
fn generate_dir(root: &Path, dir: &str) -> Result<Vec<codegen::Module>, String> {
    let mut files: Vec<PathBuf> = match fs::read_dir(root.join(dir)) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "yaml")).collect(),
        Err(_) => return Ok(Vec::new()),
    };
    files.sort();
    let mut modules = Vec::new();
    let mut failures = String::new();
    for file in files {
        let shown = display_path(root, &file);
        match codegen::generate(&shown, &read(&file)?) {
            Ok(module) => {
                eprint!("{}", codegen::render(&module.warnings));
                modules.push(module);
            }
            Err(diagnostics) => failures.push_str(&codegen::render(&diagnostics)),
        }
    }
    if failures.is_empty() { Ok(modules) } else { Err(failures) }
}

/// Makes the tree match `plan`: writes changed files (write mode) or lists them (check mode).
/// Files in `owned_dirs` that the plan does not name are orphans: deleted, or reported.
fn apply(root: &Path, plan: &[(PathBuf, String)], check: bool, owned_dirs: &[&str]) -> Result<(), String> {
    let mut stale = Vec::new();
    for (path, contents) in plan {
        let full = root.join(path);
        if fs::read_to_string(&full).ok().as_deref() == Some(contents.as_str()) {
            continue;
        }
        stale.push(format!("{} (out of date)", path.display()));
        if !check {
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}\n", parent.display()))?;
            }
            fs::write(&full, contents).map_err(|e| format!("cannot write {}: {e}\n", full.display()))?;
        }
    }
    for dir in owned_dirs {
        let Ok(entries) = fs::read_dir(root.join(dir)) else { continue };
        let mut orphans: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !plan.iter().any(|(planned, _)| root.join(planned) == *p))
            .collect();
        orphans.sort();
        for orphan in orphans {
            stale.push(format!("{} (no spec generates it)", display_path(root, &orphan)));
            if !check {
                fs::remove_file(&orphan).map_err(|e| format!("cannot remove {}: {e}\n", orphan.display()))?;
            }
        }
    }
    if stale.is_empty() {
        if !check {
            eprintln!("generated/ is up to date");
        }
        return Ok(());
    }
    let list: String = stale.iter().map(|s| format!("  {s}\n")).collect();
    if check {
        Err(format!("generated/ is stale: these files differ from what spec/ produces:\n{list}run `cargo xtask codegen` and commit the result\n"))
    } else {
        eprint!("updated:\n{list}");
        Ok(())
    }
}

/// `manifest` with its generated `[features]` table replaced by `table`.
fn with_features(manifest: &str, table: &str) -> Result<String, String> {
    let begin = manifest.find(FEATURES_BEGIN);
    let end = manifest.find(FEATURES_END);
    match (begin, end) {
        (Some(b), Some(e)) if b < e => Ok(format!("{}{FEATURES_BEGIN}{table}{}", &manifest[..b], &manifest[e..])),
        _ => Err(format!("generated/Cargo.toml has lost its markers; put these two lines where the [features] table goes:\n{FEATURES_BEGIN}{FEATURES_END}")),
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}\n", path.display()))
}

/// `spec/x.yaml` for files under the root, the path as given otherwise.
fn display_path(root: &Path, file: &Path) -> String {
    let full = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    full.strip_prefix(&root).map_or_else(|_| file.display().to_string(), |p| p.display().to_string().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` alone catches a stale `generated/`: the same check as `--check`.
    #[test]
    fn generated_code_is_fresh() {
        let root = workspace_root();
        let plan = plan(&root).unwrap_or_else(|e| panic!("{e}"));
        if let Err(stale) = apply(&root, &plan, true, &["generated/src/generated", "generated/src/fixtures"]) {
            panic!("{stale}");
        }
    }

    #[test]
    fn the_features_table_is_replaced_between_its_markers() {
        let manifest = format!("[package]\nname = \"apis\"\n\n{FEATURES_BEGIN}[features]\nold = []\n{FEATURES_END}\n[dependencies]\n");
        let out = with_features(&manifest, "[features]\nnew = []\n").unwrap();
        assert_eq!(out, format!("[package]\nname = \"apis\"\n\n{FEATURES_BEGIN}[features]\nnew = []\n{FEATURES_END}\n[dependencies]\n"));
        assert!(with_features("[package]\n", "").is_err());
    }
}

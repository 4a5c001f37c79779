//! A crate of generated modules over the runtime crate, outside the workspace: what the
//! compile test lints and what `cargo xtask bench` builds. Files as text; the caller writes
//! them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What generated code names besides the runtime: serde's derives, `serde_json::Value` and
/// `chrono::DateTime` in models.
const MODEL_DEPENDENCIES: [&str; 3] = ["chrono", "serde", "serde_json"];

/// The `Cargo.toml` and `src/` files of a crate named `name` holding `modules` (name, code),
/// depending on the runtime at `runtime_dir` by path (without TLS: these crates never connect
/// anywhere), with the model dependencies' lines copied from the workspace manifest's text, so
/// that both build with the same versions.
///
/// # Errors
/// When the workspace manifest lacks one of the model dependencies.
pub fn crate_files(
    name: &str,
    workspace_manifest: &str,
    runtime_dir: &Path,
    modules: &[(String, String)],
) -> Result<Vec<(PathBuf, String)>, String> {
    let line = |dep: &str| {
        workspace_manifest
            .lines()
            .find(|l| l.starts_with(&format!("{dep} =")))
            .ok_or_else(|| format!("`{dep}` is missing from [workspace.dependencies]"))
    };
    let mut dependencies = String::from("[dependencies]\n");
    let _ = writeln!(
        dependencies,
        "apis-runtime = {{ path = {:?}, default-features = false }}",
        runtime_dir.display().to_string()
    );
    for dep in MODEL_DEPENDENCIES {
        let _ = writeln!(dependencies, "{}", line(dep)?);
    }
    let rust_version =
        workspace_manifest.lines().find(|l| l.starts_with("rust-version")).unwrap_or("rust-version = \"1.85\"");
    let features = features_table(modules);
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n{rust_version}\npublish = false\n\n{dependencies}\n\
         {features}[lints.rust]\nmissing_docs = \"warn\"\n\n[workspace]\n"
    );
    let mut lib = String::from("//! Generated modules over the `apis` runtime.\n");
    let mut files = vec![(PathBuf::from("Cargo.toml"), manifest)];
    for (module, code) in modules {
        let _ = writeln!(lib, "pub mod {module};");
        files.push((PathBuf::from(format!("src/{module}.rs")), code.clone()));
    }
    files.push((PathBuf::from("src/lib.rs"), lib));
    Ok(files)
}

/// The group features the modules' `#[cfg(feature = "...")]`s name, all on by default (so that
/// every group is compiled and linted).
fn features_table(modules: &[(String, String)]) -> String {
    let mut features = std::collections::BTreeSet::new();
    for (_, code) in modules {
        for rest in code.split("feature = \"").skip(1) {
            if let Some(feature) = rest.split('"').next() {
                features.insert(feature.to_owned());
            }
        }
    }
    if features.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    let mut table = format!("[features]\ndefault = [{}]\n", quoted.join(", "));
    for feature in &features {
        let _ = writeln!(table, "{feature} = []");
    }
    table.push('\n');
    table
}

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
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n{rust_version}\npublish = false\n\n{dependencies}\n\
         [lints.rust]\nmissing_docs = \"warn\"\n\n[workspace]\n"
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

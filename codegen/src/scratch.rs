//! A standalone crate around generated modules, with the `apis` runtime compiled in from its
//! source: what the compile test lints and what `cargo xtask bench` times. Files only; the
//! caller writes them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The runtime's dependencies, as `generated/Cargo.toml` takes them from the workspace.
const RUNTIME_DEPENDENCIES: [&str; 12] = [
    "backon",
    "bytes",
    "chrono",
    "httpdate",
    "base64",
    "percent-encoding",
    "serde",
    "serde_json",
    "smallvec",
    "thiserror",
    "tracing",
    "url",
];

/// The files of a crate named `name` holding `modules` (name, code) next to the runtime in
/// `generated_src` (the `apis` crate's `src/`), with dependency lines copied from the
/// workspace manifest's text, so both build with the same versions.
///
/// # Errors
/// When the workspace manifest lacks a dependency the runtime needs.
pub fn crate_files(
    name: &str,
    workspace_manifest: &str,
    generated_src: &Path,
    modules: &[(String, String)],
) -> Result<Vec<(PathBuf, String)>, String> {
    let line = |dep: &str| {
        workspace_manifest
            .lines()
            .find(|l| l.starts_with(&format!("{dep} =")))
            .ok_or_else(|| format!("`{dep}` is missing from [workspace.dependencies]"))
    };
    let mut dependencies = String::from("[dependencies]\n");
    for dep in RUNTIME_DEPENDENCIES {
        let _ = writeln!(dependencies, "{}", line(dep)?);
    }
    // Without TLS: the crates under test never connect anywhere.
    let version = line("reqwest")?.split('"').nth(1).unwrap_or("0.13").to_owned();
    let _ = writeln!(dependencies, "reqwest = {{ version = \"{version}\", default-features = false }}");
    let _ = writeln!(
        dependencies,
        "tokio = {{ version = \"1\", default-features = false, features = [\"sync\", \"time\"] }}"
    );
    let rust_version =
        workspace_manifest.lines().find(|l| l.starts_with("rust-version")).unwrap_or("rust-version = \"1.85\"");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n{rust_version}\npublish = false\n\n{dependencies}\n\
         [lints.rust]\nmissing_docs = \"warn\"\n\n[workspace]\n"
    );
    let mut lib = format!(
        "//! Generated modules next to the `apis` runtime.\n\
         #[path = {:?}]\nmod error;\n#[path = {:?}]\n#[doc(hidden)]\npub mod runtime;\npub use error::Error;\npub use runtime::{{Pending, Response, RetryPolicy}};\n",
        generated_src.join("error.rs"),
        generated_src.join("runtime/mod.rs"),
    );
    let mut files = vec![(PathBuf::from("Cargo.toml"), manifest)];
    for (module, code) in modules {
        let _ = writeln!(lib, "pub mod {module};");
        files.push((PathBuf::from(format!("src/{module}.rs")), code.clone()));
    }
    files.push((PathBuf::from("src/lib.rs"), lib));
    Ok(files)
}

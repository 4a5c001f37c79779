//! The crates each generator makes, and building them: ours over the runtime crate (by path,
//! as `codegen::standalone` writes it), the peers' through `bench/peers/` (installed under
//! `target/peers/` by `install.sh`, run by `generate.sh TOOL DOCUMENT OUT_DIR CRATE_NAME`, the
//! command a user would type).

use std::path::Path;
use std::process::{Command, Stdio};

use super::measure::{Measured, cargo, measure};
use super::report::{read, write};

/// The peers, as `generate.sh` names them.
pub(super) const PEERS: [&str; 2] = ["progenitor", "openapi-generator"];

pub(super) fn install(root: &Path) -> Result<(), String> {
    let status = Command::new("bash").arg("bench/peers/install.sh").current_dir(root).stdout(Stdio::null()).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        _ => Err("bench/peers/install.sh failed: the peers are not installed".into()),
    }
}

/// Lets a peer's crate under `target/` build on its own, outside this workspace.
pub(super) fn standalone(root: &Path, crate_dir: &Path) -> Result<(), String> {
    let status = Command::new("bash").arg("bench/peers/standalone.sh").arg(crate_dir).current_dir(root).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        _ => Err(format!("bench/peers/standalone.sh failed on {}", crate_dir.display())),
    }
}

/// The crate our module becomes for building: the module over the runtime crate.
pub(super) fn build_ours(root: &Path, dir: &Path, name: &str, code: &str, keep: bool) -> Result<Measured, String> {
    let crate_dir = dir.join(format!("ours/{name}"));
    if !keep {
        let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    }
    let package = format!("ours-{}", name.replace('_', "-"));
    write_crate(root, &crate_dir, &package, name, code)?;
    build(&crate_dir, &dir.join("ours-target"))
}

/// Writes the crate `package` of one generated module (`module`, `code`) over the runtime in
/// `crate_dir`, with the workspace's lock file (so it builds with the same versions).
pub(super) fn write_crate(
    root: &Path,
    crate_dir: &Path,
    package: &str,
    module: &str,
    code: &str,
) -> Result<(), String> {
    std::fs::create_dir_all(crate_dir.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", crate_dir.display()))?;
    let manifest = read(&root.join("Cargo.toml"))?;
    let modules = [(module.to_owned(), code.to_owned())];
    for (path, text) in ::codegen::standalone::crate_files(package, &manifest, &root.join("runtime"), &modules)? {
        write(&crate_dir.join(path), &text)?;
    }
    let _ = std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"));
    Ok(())
}

/// `cargo build` of the crate in `crate_dir`, once.
pub(super) fn build(crate_dir: &Path, target: &Path) -> Result<Measured, String> {
    let target = target.display().to_string();
    measure(crate_dir, &cargo(), &["build", "-q"], &[("CARGO_TARGET_DIR", target.as_str())])
}

pub(super) fn crate_name(spec: &str) -> String {
    format!("peer-{}", spec.replace('_', "-"))
}

//! `cargo xtask bench`: how fast the generator is, how fast its output compiles, and how much
//! the generated client costs over hand-written reqwest, next to progenitor and
//! openapi-generator on the same APIs, in one run. Every figure is a median of several runs;
//! comparisons are ratios of figures taken in the same run.
//!
//! One module per section, each a leaf over the shared helpers (`specs`, `measure`, `report`,
//! `crates`), run in this order (all with `--all`; each alone with its flag):
//! - `codegen`: in-process stage times per spec, and the user's commands (`cargo apis codegen
//!   --spec FILE`, installed; `cargo xtask codegen --spec FILE`) with their peak memory;
//! - `peers` (`--peers`): the same APIs, as OpenAPI documents, through the peers;
//! - `compile` (`--compile`): the generated crates' own build times, full and incremental;
//! - `groups` (`--groups`): the whole Genesys module built with one, five and all of its group
//!   features, next to progenitor's crate for the same API;
//! - `overhead` (`--overhead`): `cargo bench -p apis --bench client_overhead`;
//! - `wire` (`--wire`): the models' JSON as generated against serde's derive, in decode time
//!   and build time;
//! - `import` (`--import`): importing the whole Genesys document, then generating from it.

mod codegen;
mod compile;
mod crates;
mod groups;
mod import;
mod measure;
mod overhead;
mod peers;
mod report;
mod specs;
mod wire;

use std::fmt::Write as _;
use std::process::{Command, ExitCode, Stdio};

use crate::codegen::workspace_root;
use measure::cargo;

pub use measure::measure_main;

/// What to run.
#[derive(Debug, Default)]
pub struct Options {
    pub quick: bool,
    pub peers: bool,
    pub compile: bool,
    pub groups: bool,
    pub overhead: bool,
    pub wire: bool,
    pub import: bool,
}

pub fn run(options: &Options) -> ExitCode {
    let root = workspace_root();
    let dir = root.join("target/bench");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut report = String::new();
    let _ = writeln!(report, "# cargo xtask bench{}\n\n{}\n", if options.quick { " --quick" } else { "" }, machine());
    let outcome = (|| -> Result<(), String> {
        // Builds `cargo xtask` (the debug binary the alias runs) and `cargo apis` (the release
        // binary `cargo install` would give) before anything is timed.
        let warm = Command::new(cargo()).args(["xtask", "help"]).current_dir(&root).stdout(Stdio::null()).status();
        if !warm.is_ok_and(|s| s.success()) {
            return Err("`cargo xtask help` failed".into());
        }
        let install = Command::new(cargo())
            .args(["build", "--quiet", "--release", "-p", "xtask", "--bin", "cargo-apis"])
            .current_dir(&root)
            .status();
        if !install.is_ok_and(|s| s.success()) {
            return Err("building cargo-apis failed".into());
        }
        // An installed `cargo apis` built from other sources defers to `cargo xtask`, which
        // rebuilds: editing the generator during a run would time that instead.
        let sources = crate::fingerprint::of(&root).map_err(|e| format!("cannot read the generator's sources: {e}"))?;
        let specs = specs::specs(&root, &dir, options.quick)?;
        codegen::codegen_section(&root, &specs, options.quick, &mut report)?;
        if options.peers {
            peers::peers_section(&root, &dir, &specs, options.quick, &mut report)?;
        }
        if options.compile {
            compile::compile_section(&root, &dir, options.quick, &mut report)?;
        }
        if options.groups {
            groups::groups_section(&root, &dir, options.quick, &mut report)?;
        }
        if options.overhead {
            overhead::overhead_section(&root, options.quick, &mut report)?;
        }
        if options.wire {
            wire::wire_section(&root, &dir, options.quick, &mut report)?;
        }
        if options.import {
            import::import_section(&root, &dir, options.quick, &mut report)?;
        }
        if crate::fingerprint::of(&root).ok() != Some(sources) {
            let _ = writeln!(
                report,
                "\n**Void**: the generator's sources changed during the run, so `cargo apis` deferred to \
                 `cargo xtask` (and rebuilt) for part of it. Run again without editing them."
            );
            return Err("the generator's sources changed during the run: its figures are void; run it again".into());
        }
        Ok(())
    })();
    let path = dir.join("report.md");
    let _ = std::fs::write(&path, &report);
    match outcome {
        Ok(()) => {
            println!("\n(written to {})", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The CPU and core count, for the report's header.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("Machine: {cpu}, {cores} cores; {rustc}.")
}

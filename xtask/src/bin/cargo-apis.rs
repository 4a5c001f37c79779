//! `cargo apis ...`: the `cargo xtask` commands from an installed binary
//! (`cargo install --path xtask --bin cargo-apis --locked`). Cargo runs an installed
//! subcommand directly, without resolving the workspace and checking the fingerprints of
//! xtask's dependencies first, which is most of the time `cargo xtask codegen` takes on a
//! small spec.
//!
//! A stale install must not write code that the checkout's own generator would not: the binary
//! carries the fingerprint of the generator sources it was built from, and where they differ
//! from the checkout's, it says so and runs `cargo xtask` instead.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// See `Cargo.toml`: the generator is allocation-bound.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const REINSTALL: &str = "cargo install --path xtask --bin cargo-apis --locked";

fn main() -> ExitCode {
    // Cargo passes the subcommand's own name first (`cargo apis codegen` runs
    // `cargo-apis apis codegen`).
    let args: Vec<String> = std::env::args().skip(1).skip_while(|a| a == "apis").collect();
    let Some(root) = std::env::current_dir().ok().as_deref().and_then(checkout) else {
        eprintln!(
            "error: `cargo apis` runs inside a checkout of the apis repository (a directory with spec/, codegen/ and xtask/)"
        );
        return ExitCode::FAILURE;
    };
    let built_from = env!("APIS_GENERATOR_FINGERPRINT");
    match xtask::fingerprint::of(&root) {
        Ok(current) if format!("{current:016x}") == built_from => xtask::run(&root, &args),
        _ => {
            eprintln!(
                "note: this cargo-apis was built from other generator sources than {}'s; running `cargo xtask` instead \
                 (to make `cargo apis` fast again: {REINSTALL})",
                root.display()
            );
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            match Command::new(cargo).arg("xtask").args(&args).status() {
                Ok(status) => ExitCode::from(status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))),
                Err(e) => {
                    eprintln!("error: cannot run `cargo xtask`: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// The nearest directory at or above `dir` that holds the repository's generator.
fn checkout(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| {
            d.join("spec").is_dir() && d.join("codegen/src/lib.rs").is_file() && d.join("xtask/Cargo.toml").is_file()
        })
        .map(Path::to_path_buf)
}

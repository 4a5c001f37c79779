//! `cargo xtask ...`: the project's commands, built and run by cargo from this workspace.

use std::process::ExitCode;

/// See `Cargo.toml`: the generator is allocation-bound.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    xtask::run(&xtask::workspace_root(), &args)
}

//! Generated code compiles without warnings, proven in one batch: random valid specs (the
//! property-test strategy), mutated real specs that the generator accepted, and a synthetic
//! spec become the modules of a scratch crate that `cargo clippy -D warnings` must pass.
//!
//! The scratch crate depends on the runtime crate by path, as `apis` does. It has its own
//! target directory (under the workspace's `target/`, kept between runs), so it never waits on
//! the lock of the `cargo test` that runs it; the runtime is built without its `rustls`
//! feature (nothing here connects anywhere), to keep the cold build short.

#[path = "support/arbitrary.rs"]
mod arbitrary;
#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/seeds.rs"]
mod seeds;

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

const RANDOM_SPECS: usize = 40;
const MUTATED_SPECS: usize = 30;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace").to_path_buf()
}

#[test]
fn generated_modules_compile_without_warnings() {
    let root = workspace();
    let mut modules: Vec<(String, String)> = Vec::new();

    let mut runner = TestRunner::deterministic();
    let strategy = arbitrary::spec();
    for i in 0..RANDOM_SPECS {
        let text = strategy.new_tree(&mut runner).expect("a sample").current();
        let module =
            codegen::generate("spec/random.yaml", &text).unwrap_or_else(|d| panic!("{}\n{text}", codegen::render(&d)));
        modules.push((format!("random_{i}"), module.code));
    }

    let mut accepted = 0;
    let seeds = seeds::seeds();
    for seed in &seeds {
        // Mutations start from a spec that generates.
        seed.generate().unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        let mut rng = mutate::Rng(0x5EED ^ seed.name.len() as u64);
        let mut taken = 0;
        for run in 0..400 {
            if taken == MUTATED_SPECS / seeds.len() {
                break;
            }
            let index = rng.below(seed.files.len());
            let mutated = mutate::mutate(&seed.files[index].1, &mut rng);
            if let Ok(module) = seed.generate_with(Some((index, &mutated))) {
                modules.push((format!("mutated_{}_{run}", seed.name), module.code));
                taken += 1;
            }
        }
        accepted += taken;
    }
    assert!(accepted >= MUTATED_SPECS / 2, "only {accepted} mutations were accepted");

    let synthetic = codegen::synth::spec(120, 3);
    let module =
        codegen::generate("spec/synthetic.yaml", &synthetic).unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
    modules.push(("synthetic".into(), module.code));

    let dir = root.join("target/compile-check");
    let _ = std::fs::remove_dir_all(dir.join("src"));
    std::fs::create_dir_all(dir.join("src")).expect("scratch crate directory");
    let workspace_manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    let files = codegen::standalone::crate_files("compile-check", &workspace_manifest, &root.join("runtime"), &modules)
        .expect("crate files");
    for (path, text) in files {
        std::fs::write(dir.join(path), text).expect("scratch crate file");
    }
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));

    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--message-format", "short", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target/compile-check-target"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} generated modules in {}: clippy failed:\n{stderr}",
        modules.len(),
        dir.display()
    );
}

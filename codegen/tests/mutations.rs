//! The real specs, mutated at random the way hand edits go wrong (lines deleted, duplicated,
//! re-indented, swapped, values replaced): every run must give a module or located errors,
//! never a panic. Deterministic: the same seeds every run.

use std::panic::{catch_unwind, AssertUnwindSafe};

#[path = "support/mutate.rs"]
mod mutate;

use mutate::{mutate, Rng};

#[test]
fn mutated_specs_give_a_module_or_located_errors_never_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let (mut ok, mut refused) = (0, 0);
    for name in ["google_dataportability", "genesys_oauth", "knetik_auth_tokens"] {
        let text = std::fs::read_to_string(root.join(format!("{name}.yaml"))).expect("spec is readable");
        let shown = format!("spec/{name}.yaml");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
        for run in 0..300 {
            let mutated = mutate(&text, &mut rng);
            let result = catch_unwind(AssertUnwindSafe(|| codegen::generate(&shown, &mutated)));
            match result {
                Err(_) => panic!("{shown}, mutation run {run}: the generator panicked on:\n{mutated}"),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(diagnostics)) => {
                    refused += 1;
                    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
                    assert!(!errors.is_empty(), "{shown} run {run}: refused without an error");
                    for d in errors {
                        assert_eq!(d.file, shown);
                        let pos = d.position.unwrap_or_else(|| panic!("{shown} run {run}: unlocated: {d}"));
                        let lines = mutated.lines().count().max(1);
                        assert!(pos.line >= 1 && pos.line <= lines + 1, "{shown} run {run}: line {} of {lines}: {d}", pos.line);
                    }
                }
            }
        }
    }
    // Both outcomes are exercised, or the mutations are too weak (or too strong) to test much.
    assert!(ok > 50 && refused > 200, "ok {ok}, refused {refused}");
}

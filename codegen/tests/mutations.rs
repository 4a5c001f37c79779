//! The real specs, mutated at random the way hand edits go wrong (lines deleted, duplicated,
//! re-indented, swapped, values replaced): every run must give a module or located errors,
//! never a panic. Deterministic: the same seeds every run.

use std::panic::{AssertUnwindSafe, catch_unwind};

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/seeds.rs"]
mod seeds;

use mutate::{Rng, mutate};

#[test]
fn mutated_specs_give_a_module_or_located_errors_never_a_panic() {
    let (mut ok, mut refused) = (0, 0);
    for seed in seeds::seeds() {
        // Mutations start from a spec that generates.
        seed.generate().unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.name.len() as u64);
        for run in 0..300 {
            // One file of the spec is mangled (a folder's others stay as they are).
            let index = rng.below(seed.files.len());
            let mutated = mutate(&seed.files[index].1, &mut rng);
            let result = catch_unwind(AssertUnwindSafe(|| seed.generate_with(Some((index, &mutated)))));
            let shown = &seed.files[index].0;
            match result {
                Err(_) => panic!("{shown}, mutation run {run}: the generator panicked on:\n{mutated}"),
                Ok(Ok(_)) => ok += 1,
                Ok(Err(diagnostics)) => {
                    refused += 1;
                    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
                    assert!(!errors.is_empty(), "{shown} run {run}: refused without an error");
                    for d in errors {
                        let file = seed.files.iter().position(|(path, _)| *path == d.file);
                        let Some(file) = file else { panic!("{shown} run {run}: an error names `{}`: {d}", d.file) };
                        let text = if file == index { mutated.as_str() } else { seed.files[file].1.as_str() };
                        let pos = d.position.unwrap_or_else(|| panic!("{shown} run {run}: unlocated: {d}"));
                        let lines = text.lines().count().max(1);
                        assert!(
                            pos.line >= 1 && pos.line <= lines + 1,
                            "{shown} run {run}: line {} of {lines}: {d}",
                            pos.line
                        );
                    }
                }
            }
        }
    }
    // Both outcomes are exercised, or the mutations are too weak (or too strong) to test much.
    assert!(ok > 50 && refused > 200, "ok {ok}, refused {refused}");
}

/// Inputs the fuzzer found (`fuzz/regressions/generate/`): YAML that serde_yaml reads but the position
/// pass did not, which once gave errors without a position.
#[test]
fn fuzz_regressions_give_located_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions/generate");
    let mut files: Vec<_> =
        std::fs::read_dir(&dir).expect("fuzz/regressions exists").filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        if let Err(diagnostics) = codegen::generate("spec/fuzz.yaml", &text) {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let pos = d.position.unwrap_or_else(|| panic!("{}: unlocated: {d}", file.display()));
                assert!(pos.line >= 1 && pos.column >= 1, "{}: {d}", file.display());
            }
        }
    }
}

/// A tab after a colon early in a spec once stopped the positions there, so later errors
/// pointed at the wrong place and present keys were reported missing.
#[test]
fn a_tab_after_a_colon_keeps_later_errors_located() {
    let text = "api:\n  title:\tBad\n  version: v1\n  sources: [{note: n}]\n  base_url: https://x.test\noperations:\n  - id: a\n    method: GET\n    path: /a\n    summary: A\n    response: Nope\n";
    let diagnostics = codegen::generate("spec/x.yaml", text).expect_err("Nope is undefined");
    assert_eq!(diagnostics.len(), 1, "{}", codegen::render(&diagnostics));
    let pos = diagnostics[0].position.expect("located");
    assert_eq!((pos.line, pos.column), (11, 15), "{}", diagnostics[0]);
}

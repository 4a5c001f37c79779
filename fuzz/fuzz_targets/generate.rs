//! Fuzzes `codegen::generate` with arbitrary (UTF-8) spec text.
//!
//! Checks, beyond "never panics" (ARCHITECTURE.md: "No panics on input"):
//! - `Ok`: a second call gives byte-identical code and the same warnings (determinism), and
//!   the code is a Rust file `syn` parses;
//! - `Err`: every error diagnostic names `spec/fuzz.yaml` and has a 1-based position.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PATH: &str = "spec/fuzz.yaml";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match codegen::generate(PATH, text) {
        Ok(module) => {
            let again = codegen::generate(PATH, text).expect("second call on the same spec failed");
            assert!(module.code == again.code, "generated code differs between two calls on the same spec");
            assert!(module.warnings == again.warnings, "warnings differ between two calls on the same spec");
            if let Err(e) = syn::parse_file(&module.code) {
                panic!("generated code does not parse: {e}");
            }
        }
        Err(diagnostics) => {
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                assert!(d.file == PATH, "error names file {:?}, not {PATH:?}: {d:?}", d.file);
                let Some(pos) = d.position else {
                    panic!("error without a position: {d:?}");
                };
                assert!(pos.line >= 1 && pos.column >= 1, "error position is not 1-based: {d:?}");
            }
        }
    }
});

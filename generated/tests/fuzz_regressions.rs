//! The `responses` fuzz target's seeds and every input it ever failed on, replayed through the
//! same harness (`support/replay.rs`) on each `cargo test`: a fixed bug stays fixed.

#[path = "support/replay.rs"]
mod replay;

#[test]
fn fuzz_seeds_and_regressions_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut inputs = Vec::new();
    for folder in ["seeds/responses", "regressions/responses"] {
        let entries = std::fs::read_dir(root.join(folder)).unwrap_or_else(|e| panic!("fuzz/{folder}: {e}"));
        inputs.extend(entries.map(|entry| entry.expect("a directory entry").path()).filter(|p| p.is_file()));
    }
    inputs.sort();
    assert!(inputs.len() >= 13, "the seeds are missing: {inputs:?}");
    for input in inputs {
        let data = std::fs::read(&input).expect("readable");
        // A panic names the input: the harness's own message says what broke.
        let outcome = std::panic::catch_unwind(|| replay::check(&data));
        assert!(
            outcome.is_ok(),
            "fuzz input {} fails (rerun: cargo fuzz run responses -s none {})",
            input.display(),
            input.display()
        );
    }
}

//! The real specs, mutated at random the way hand edits go wrong (lines deleted, duplicated,
//! re-indented, swapped, values replaced): every run must give a module or located errors,
//! never a panic. Deterministic: the same seeds every run.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// xorshift64*: enough randomness for choosing edits, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Replacement values that are each wrong somewhere: other types, other shapes, bad names.
const VALUES: &[&str] = &[
    "", "~", "0", "-1", "true", "[]", "{}", "String", "array<", "map<Nope>", "'{x}'", "/a/{b}/{b}", "GET",
    "get", "path", "query", "header", "Nope", "\"1\"", "99999999999999999999", "[a, b]", "{any: []}", "all",
    "none", "self", "type", "\"\"", "'a: b'", "|", "&a", "*a", "!!binary x", "ÄÖÜ", "\t",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(7) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            2 => lines[i] = format!("{}{}", " ".repeat(1 + rng.below(3)), lines[i]),
            3 => lines[i] = lines[i].trim_start().to_owned(),
            4 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            5 => {
                // Swap the values of two `key: value` lines.
                let j = rng.below(lines.len());
                let (a, b) = (lines[i].split_once(": "), lines[j].split_once(": "));
                if let (Some((ka, va)), Some((kb, vb))) = (a, b) {
                    let (na, nb) = (format!("{ka}: {vb}"), format!("{kb}: {va}"));
                    lines[i] = na;
                    lines[j] = nb;
                }
            }
            _ => {
                if let Some((key, _)) = lines[i].split_once(": ") {
                    lines[i] = format!("{key}: {}", VALUES[rng.below(VALUES.len())]);
                }
            }
        }
    }
    lines.join("\n")
}

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

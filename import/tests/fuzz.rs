//! The importer under attack, as the generator is fuzzed: the fixture documents mutated at
//! random (keys dropped, values replaced by other JSON, references bent, text cut short),
//! deterministically. Nothing may panic; whatever imports gives YAML that reads back, and
//! spec files that the generator takes or refuses with located errors, never a panic.
//! (`fuzz/fuzz_targets/import.rs` is the same check for cargo-fuzz, on arbitrary bytes.)

use std::path::Path;

use serde_json::{Value, json};

/// A small deterministic generator (xorshift), so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixtures() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable");
        let value: Value = if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).expect("JSON")
        } else {
            serde_yaml::from_str(&text).expect("YAML")
        };
        out.push((path.file_name().unwrap().to_string_lossy().into_owned(), value));
    }
    out
}

fn random_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(u64::MAX),
        3 => json!(-1.5e300),
        4 => json!(""),
        5 => json!("#/definitions/Nowhere"),
        6 => json!({"$ref": "#/definitions/User"}),
        7 => json!({"type": ["string", "null", "array"], "items": {"$ref": "#/components/schemas/Pet"}}),
        8 => json!([1, "two", {"three": [3]}]),
        9 => json!({"allOf": [{"$ref": "#/definitions/User"}, {"$ref": "#/components/schemas/Pet"}], "oneOf": []}),
        10 => json!("a\u{0}b\u{2028}c: d # e"),
        _ => json!({"type": "object", "properties": {"type": {"type": "string", "enum": ["", "-", "1"]}}}),
    }
}

/// One mutation somewhere in the tree.
fn mutate(value: &mut Value, rng: &mut Rng, depth: usize) {
    let stop = depth > 0 && rng.below(4) == 0;
    match value {
        Value::Object(map) if !map.is_empty() && !stop => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            match rng.below(6) {
                0 => {
                    map.remove(key);
                }
                1 => {
                    map.insert(key.clone(), random_value(rng));
                }
                2 => {
                    let copy = map[key].clone();
                    map.insert(format!("{key}{}", rng.below(3)), copy);
                }
                _ => mutate(map.get_mut(key).expect("present"), rng, depth + 1),
            }
        }
        Value::Array(items) if !items.is_empty() && !stop => {
            let i = rng.below(items.len());
            match rng.below(4) {
                0 => {
                    items.remove(i);
                }
                1 => items[i] = random_value(rng),
                _ => mutate(&mut items[i], rng, depth + 1),
            }
        }
        other => *other = random_value(rng),
    }
}

fn check(name: &str, text: &str) {
    let Ok(imported) = import::read(text, name) else { return };
    let files = import::write_folder(&imported.vendor, false);
    for (file, yaml) in &files.files {
        serde_yaml::from_str::<serde_yaml::Value>(yaml)
            .unwrap_or_else(|e| panic!("{file} does not read back: {e}\n{yaml}"));
    }
    let shown: Vec<(String, String)> =
        files.files.iter().map(|(f, t)| (format!("spec/fuzzed/{f}"), t.clone())).collect();
    if let Err(diagnostics) = codegen::generate_input(codegen::Input::Folder { path: "spec/fuzzed/", files: &shown }) {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            assert!(
                d.file.starts_with("spec/fuzzed/"),
                "an unlocated error: {}",
                codegen::render(std::slice::from_ref(d))
            );
        }
    }
    let single = import::write_single(&imported.vendor);
    let _ = codegen::generate("spec/fuzzed.yaml", &single.files[0].1);
}

#[test]
fn mutated_documents_never_panic_the_importer() {
    let mut rng = Rng(0x1A2B_3C4D_5E6F_7788);
    for (name, doc) in fixtures() {
        for _ in 0..150 {
            let mut mutated = doc.clone();
            for _ in 0..=rng.below(4) {
                mutate(&mut mutated, &mut rng, 0);
            }
            let text = serde_json::to_string(&mutated).expect("serializes");
            check(&name, &text);
            // The same document cut short, and as YAML.
            let cut = rng.below(text.len());
            check(&name, &text[..text.floor_char_boundary(cut)]);
            check(&name, &serde_yaml::to_string(&mutated).expect("serializes"));
        }
    }
}

#[test]
fn hostile_shapes_are_problems_not_panics() {
    let deep =
        format!("{{\"swagger\": \"2.0\", \"host\": \"h\", \"paths\": {}{}}}", "{\"a\":".repeat(5000), "}".repeat(5000));
    assert!(import::read(&deep, "deep.json").is_err());
    // A schema that refers to itself through aliases, and an allOf that includes itself.
    let cyclic = r##"{"swagger": "2.0", "host": "h", "paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/A"}}}}}},
        "definitions": {"A": {"type": "array", "items": {"$ref": "#/definitions/B"}}, "B": {"type": "array", "items": {"$ref": "#/definitions/A"}},
        "C": {"allOf": [{"$ref": "#/definitions/C"}]}}}"##;
    let imported = import::read(cyclic, "cyclic.json").expect("imports, with problems");
    assert!(imported.problems.iter().any(|p| p.message.contains("itself")), "{:?}", imported.problems);
    check("cyclic.json", cyclic);
    // Many operations with one id, and names no identifier has.
    let names = r##"{"openapi": "3.0.0", "servers": [{"url": "https://h"}], "paths": {
        "/a": {"get": {"operationId": "x", "responses": {}}, "post": {"operationId": "x", "responses": {}}},
        "/b/{-}": {"get": {"operationId": "-", "parameters": [{"name": "-", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {}}}}}"##;
    check("names.json", names);
}

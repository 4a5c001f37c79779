//! Snapshots of what the generator says: the messages for broken specs and the warnings.
//! (What it writes has one copy, the checked-in files under `generated/` and
//! `codegen/tests/output/`, which `cargo test` checks are fresh.) `cargo insta review`
//! accepts intended changes to a message.

use std::path::Path;

#[path = "support/seeds.rs"]
mod seeds;

/// The path a diagnostic names: relative, with `/`, so snapshots match on every machine.
fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace");
    path.strip_prefix(root).unwrap_or(path).display().to_string().replace('\\', "/")
}

fn generate(path: &Path) -> Result<codegen::Module, Vec<codegen::Diagnostic>> {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    codegen::generate(&shown(path), &text)
}

/// The real specs and the edge-case fixtures generate without a warning.
#[test]
fn seed_specs_and_fixtures_generate_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen lives in the workspace");
    let mut seen = 0;
    for seed in seeds::seeds() {
        let module = seed.generate().unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        assert!(module.warnings.is_empty(), "{}", codegen::render(&module.warnings));
        // The module is named after the file's stem or the folder.
        assert_eq!(module.name, seed.name, "{}", seed.path);
        seen += 1;
    }
    let mut files: Vec<_> = std::fs::read_dir(root.join("codegen/tests/fixtures/ok"))
        .expect("the fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let module = generate(path).unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        assert!(module.warnings.is_empty(), "{}", codegen::render(&module.warnings));
        seen += 1;
    }
    assert!(seen >= 6, "only {seen} specs and fixtures were found");
}

#[test]
fn broken_spec_messages() {
    insta::glob!("fixtures/bad/*.yaml", |path| {
        let diagnostics = generate(path).expect_err("a broken spec is refused");
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(!errors.is_empty());
        let file = shown(path);
        for d in &errors {
            // Every error names the file, a line and a column, and quotes the line.
            let pos = d.position.expect("every error is located");
            assert!(pos.line >= 1 && pos.column >= 1);
            assert_eq!(d.file, file);
            assert!(d.source_line.is_some(), "{d}");
        }
        insta::assert_snapshot!(codegen::render(&diagnostics));
    });
}

#[test]
fn warnings_do_not_stop_generation() {
    insta::glob!("fixtures/warn/*.yaml", |path| {
        let module = generate(path).unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        assert!(!module.warnings.is_empty(), "a warning fixture warns");
        assert!(module.warnings.iter().all(|w| !w.is_error() && w.position.is_some()));
        insta::assert_snapshot!(codegen::render(&module.warnings));
    });
}

#[test]
fn output_is_deterministic() {
    for seed in seeds::seeds() {
        let first = seed.generate().map(|m| m.code).ok();
        let second = seed.generate().map(|m| m.code).ok();
        assert!(first.is_some(), "{}", seed.path);
        assert_eq!(first, second, "{}", seed.path);
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok/wire.yaml");
    assert_eq!(generate(&path).map(|m| m.code).ok(), generate(&path).map(|m| m.code).ok());
}

/// The names a generated module defines at its top level are the ones `reserved::TOP_LEVEL`
/// keeps from specs (plus the servers enum, which a spec names), and every name kept there is
/// one a module defines: the list cannot go stale.
#[test]
fn top_level_names_are_the_reserved_ones() {
    let mut defined = std::collections::BTreeSet::new();
    for seed in seeds::seeds() {
        let module = seed.generate().unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        let file = syn::parse_file(&module.code).expect("generated code parses");
        for item in file.items {
            let name = match item {
                syn::Item::Struct(s) => s.ident.to_string(),
                syn::Item::Enum(e) => e.ident.to_string(),
                syn::Item::Const(c) => c.ident.to_string(),
                syn::Item::Mod(m) => m.ident.to_string(),
                syn::Item::Type(t) => t.ident.to_string(),
                syn::Item::Fn(f) => f.sig.ident.to_string(),
                _ => continue,
            };
            defined.insert(name);
        }
    }
    let reserved: std::collections::BTreeSet<String> =
        codegen::reserved::TOP_LEVEL.iter().map(|s| (*s).to_owned()).collect();
    // The specs' servers enums: Genesys's regions, Google's endpoints.
    let servers: std::collections::BTreeSet<String> = ["Region".to_owned(), "Endpoint".to_owned()].into();
    let unreserved: Vec<&String> = defined.difference(&reserved).filter(|n| !servers.contains(*n)).collect();
    assert!(unreserved.is_empty(), "defined but not reserved: {unreserved:?}");
    let stale: Vec<&String> = reserved.difference(&defined).collect();
    assert!(stale.is_empty(), "reserved but never defined: {stale:?}");
}

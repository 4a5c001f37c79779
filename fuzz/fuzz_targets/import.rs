//! Fuzzes the importer (`import::read`) with arbitrary (UTF-8) document text, and the
//! generator with whatever it writes.
//!
//! Checks, beyond "never panics": every file an import writes is YAML that reads back, and the
//! specs it writes generate or fail with errors that name one of its files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = import::read(text, "fuzz.json") else {
        return;
    };
    let files = import::write_folder(&imported.vendor, false);
    for (file, yaml) in &files.files {
        if let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
            panic!("{file} does not read back: {e}\n{yaml}");
        }
    }
    let shown: Vec<(String, String)> = files.files.iter().map(|(f, t)| (format!("spec/fuzz/{f}"), t.clone())).collect();
    if let Err(diagnostics) = codegen::generate_input(codegen::Input::Folder { path: "spec/fuzz/", files: &shown }) {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            assert!(d.file.starts_with("spec/fuzz/"), "error names file {:?}: {d:?}", d.file);
        }
    }
    let single = import::write_single(&imported.vendor);
    let _ = codegen::generate("spec/fuzz.yaml", &single.files[0].1);
});

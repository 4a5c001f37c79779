//! Import fixtures, one document per input format and construct (`fixtures/ok/`): each
//! imports, the spec files it gives are snapshotted, and they generate (as a vendor folder and
//! as one file) without an error or a warning. Documents the importer cannot carry
//! (`fixtures/bad/`) stop with located problems, snapshotted; `INSTA_UPDATE=always cargo test
//! -p import` accepts new snapshots.

use std::path::Path;

fn name_of(path: &Path) -> (String, String) {
    let file = path.file_name().and_then(|n| n.to_str()).expect("a file name").to_owned();
    let stem = path.file_stem().and_then(|n| n.to_str()).expect("a stem").to_owned();
    (file, stem)
}

/// What an import gives, as one text: its problems, then each file.
fn shown(imported: &import::Imported, files: &import::Files) -> String {
    let mut out = String::new();
    for p in &imported.problems {
        out.push_str(&format!("problem: {p}\n"));
    }
    out.push_str(&format!("comments keeping facts: {}\n", files.notes));
    for (file, text) in &files.files {
        out.push_str(&format!("\n==> {file}\n{text}"));
    }
    out
}

#[test]
fn documents_import_into_specs_that_generate() {
    insta::glob!("fixtures/ok/*", |path| {
        let (file, stem) = name_of(path);
        let text = std::fs::read_to_string(path).expect("readable");
        let imported = import::read(&text, &file).unwrap_or_else(|p| panic!("{file}: {p:?}"));
        let files = import::write_folder(&imported.vendor, false);
        insta::assert_snapshot!(shown(&imported, &files));

        // As a vendor folder...
        let folder = format!("spec/{stem}/");
        let shown_files: Vec<(String, String)> =
            files.files.iter().map(|(f, t)| (format!("{folder}{f}"), t.clone())).collect();
        let module = codegen::generate_input(codegen::Input::Folder { path: &folder, files: &shown_files })
            .unwrap_or_else(|d| panic!("{file} as a folder:\n{}", codegen::render(&d)));
        assert!(module.warnings.is_empty(), "{file}:\n{}", codegen::render(&module.warnings));
        assert!(module.default_features.is_empty(), "{file}: imported groups are opt-in");
        // ...and as one file.
        let single = import::write_single(&imported.vendor);
        let module = codegen::generate(&format!("spec/{stem}.yaml"), &single.files[0].1)
            .unwrap_or_else(|d| panic!("{file} as one file:\n{}", codegen::render(&d)));
        assert!(module.warnings.is_empty(), "{file}:\n{}", codegen::render(&module.warnings));
    });
}

#[test]
fn documents_the_importer_cannot_carry_give_located_problems() {
    insta::glob!("fixtures/bad/*", |path| {
        let (file, _) = name_of(path);
        let text = std::fs::read_to_string(path).expect("readable");
        let shown = match import::read(&text, &file) {
            Ok(imported) => {
                let files = import::write_folder(&imported.vendor, false);
                format!("imported, with problems:\n{}", shown(&imported, &files))
            }
            Err(problems) => {
                assert!(!problems.is_empty(), "{file}: an error says why");
                problems.iter().map(|p| format!("{p}\n")).collect()
            }
        };
        insta::assert_snapshot!(shown);
    });
}

/// Every problem names its place in the document, as a path a reader can follow.
#[test]
fn problems_name_document_paths() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/nothing_importable.yaml"),
    )
    .expect("readable");
    let problems = import::read(&text, "nothing_importable.yaml").expect_err("nothing to import");
    let places: Vec<String> = problems.iter().map(|p| p.at.to_string()).collect();
    for want in [
        "paths./upload.post.requestBody.content",
        "paths./search/{ids}.get.parameters[0].schema",
        "paths./search/{ids}.get.parameters[1]",
        "paths./search/{ids}.get.parameters[2].$ref",
        "paths./search/{ids}.get.parameters[3].$ref",
        "paths./form.post.parameters[0].in",
    ] {
        assert!(places.iter().any(|p| p == want), "no problem at {want}: {places:#?}");
    }
}

//! The real specs, as the tests take them: Google's single file, and the Genesys and Knetik
//! folders (`vendor.yaml` and one file per group), each read from `spec/`.

use std::path::Path;

/// One real spec: a file or a vendor's folder, with its files' shown paths and texts.
pub struct Seed {
    /// The module it makes (`genesys`).
    pub name: String,
    /// As shown: `spec/google_dataportability.yaml` or `spec/genesys/`.
    pub path: String,
    /// Each file as (shown path, text); one for a single-file spec.
    pub files: Vec<(String, String)>,
    pub folder: bool,
}

impl Seed {
    /// Generates it as it is.
    pub fn generate(&self) -> Result<codegen::Module, Vec<codegen::Diagnostic>> {
        self.generate_with(None)
    }

    /// Generates it with file `index` replaced by `text`.
    pub fn generate_with(&self, replaced: Option<(usize, &str)>) -> Result<codegen::Module, Vec<codegen::Diagnostic>> {
        let mut files = self.files.clone();
        if let Some((index, text)) = replaced {
            files[index].1 = text.to_owned();
        }
        if self.folder {
            codegen::generate_input(codegen::Input::Folder { path: &self.path, files: &files })
        } else {
            codegen::generate(&files[0].0, &files[0].1)
        }
    }
}

/// Every spec under `spec/`, in name order.
pub fn seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut entries: Vec<_> = std::fs::read_dir(&root).expect("spec/").flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut out = Vec::new();
    for entry in entries {
        let name = entry.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        if entry.is_dir() {
            let mut files: Vec<_> =
                std::fs::read_dir(&entry).expect("a vendor folder").flatten().map(|e| e.path()).collect();
            files.sort();
            let files = files
                .iter()
                .filter(|f| f.extension().is_some_and(|x| x == "yaml"))
                .map(|f| {
                    let shown = format!("spec/{name}/{}", f.file_name().and_then(|n| n.to_str()).unwrap_or_default());
                    (shown, std::fs::read_to_string(f).expect("readable"))
                })
                .collect();
            out.push(Seed { path: format!("spec/{name}/"), name, files, folder: true });
        } else if entry.extension().is_some_and(|x| x == "yaml") {
            let shown = format!("spec/{name}.yaml");
            let text = std::fs::read_to_string(&entry).expect("readable");
            out.push(Seed { path: shown.clone(), name, files: vec![(shown, text)], folder: false });
        }
    }
    assert!(out.len() >= 3, "the real specs are missing");
    out
}

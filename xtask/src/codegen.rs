//! `cargo xtask codegen`: reads the specs, asks `codegen` for the modules, and makes
//! `generated/` match, or in check mode reports each file that does not.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A spec as read from disk: one file, or a vendor's folder and its `*.yaml` files, with the
/// paths shown as diagnostics name them.
pub struct SpecFiles {
    /// `spec/x.yaml` or `spec/genesys/`.
    pub shown: String,
    /// (shown path, text) of each file.
    pub files: Vec<(String, String)>,
    /// A vendor's folder (`vendor.yaml` and its groups), not one file.
    pub folder: bool,
    /// The file or the folder on disk (`None` for a text that is no file).
    pub location: Option<PathBuf>,
}

impl SpecFiles {
    /// A spec that is one text (`synth`'s output).
    pub fn one(shown: &str, text: &str) -> Self {
        SpecFiles {
            shown: shown.to_owned(),
            files: vec![(shown.to_owned(), text.to_owned())],
            folder: false,
            location: None,
        }
    }

    /// Reads `path`: a file, a vendor's folder, or a file of one (then the whole folder).
    pub fn read(path: &Path) -> Result<Self, String> {
        Self::read_in(&workspace_root(), path)
    }

    /// [`SpecFiles::read`], with paths shown relative to the checkout at `root`.
    fn read_in(root: &Path, path: &Path) -> Result<Self, String> {
        let folder = if path.is_dir() {
            Some(path.to_path_buf())
        } else {
            path.parent().filter(|dir| dir.join(codegen::VENDOR_FILE).is_file()).map(Path::to_path_buf)
        };
        let Some(dir) = folder else {
            let shown = display_path(root, path);
            return Ok(SpecFiles { location: Some(path.to_path_buf()), ..SpecFiles::one(&shown, &read(path)?) });
        };
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}\n", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        let mut files = Vec::new();
        for file in &paths {
            files.push((display_path(root, file), read(file)?));
        }
        let shown = format!("{}/", display_path(root, &dir).trim_end_matches('/'));
        Ok(SpecFiles { shown, files, folder: true, location: Some(dir) })
    }

    /// What the generator takes.
    pub fn input(&self) -> codegen::Input<'_> {
        if self.folder {
            codegen::Input::Folder { path: &self.shown, files: &self.files }
        } else {
            codegen::Input::File { path: &self.shown, text: &self.files[0].1 }
        }
    }
}

/// Markers around the generated `[features]` table of `generated/Cargo.toml`.
const FEATURES: Block = Block {
    begin: "# @generated begin: `cargo xtask codegen` writes this table from spec/. Do not edit.\n",
    end: "# @generated end\n",
};
/// Markers around the generated module declarations of `generated/src/lib.rs`.
const MODULES: Block = Block {
    begin: "// @generated begin: `cargo xtask codegen` writes these modules from spec/. Do not edit.\n",
    end: "// @generated end\n",
};
/// Markers around the README's table of APIs.
const API_TABLE: Block = Block {
    begin: "<!-- @generated begin: `cargo xtask codegen` writes this table from spec/. Do not edit. -->\n",
    end: "<!-- @generated end -->\n",
};
/// Markers around the list of modules in the crate doc of `generated/src/lib.rs`.
const CRATE_DOC_LIST: Block = Block {
    begin: "// @generated begin: `cargo xtask codegen` writes this list from spec/. Do not edit.\n",
    end: "// @generated end (list)\n",
};
/// Markers around the generated module declarations of the fixture crate's `src/lib.rs`.
const FIXTURES: Block = Block {
    begin: "// @generated begin: `cargo xtask codegen` writes these modules from codegen/tests/fixtures/ok/.\n",
    end: "// @generated end\n",
};

/// A generated region inside a hand-written file.
struct Block {
    begin: &'static str,
    end: &'static str,
}

/// Runs the command on the checkout at `root`; `spec` limits it to one spec file.
pub fn run(root: &Path, check: bool, spec: Option<&str>) -> ExitCode {
    let outcome = match spec {
        Some(file) => one_spec(root, Path::new(file), check),
        None => all(root, check),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The checkout this crate was built from.
pub fn workspace_root() -> PathBuf {
    let xtask = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().map_or(xtask.clone(), Path::to_path_buf)
}

/// What the tree should contain: (path relative to the root, contents).
type Plan = Vec<(PathBuf, String)>;

/// Every generated file, from every spec and fixture; errors are rendered diagnostics.
pub fn plan(root: &Path) -> Result<Plan, String> {
    let specs = generate_dir(root, "spec")?;
    let fixtures = generate_dir(root, "codegen/tests/fixtures/ok")?;
    let mut plan = Plan::new();
    for m in &specs {
        plan.push((PathBuf::from(format!("{API_SRC}/{}.rs", m.name)), m.code.clone()));
    }
    for m in &fixtures {
        plan.push((PathBuf::from(format!("{FIXTURES_SRC}/{}.rs", m.name)), m.code.clone()));
    }
    let edits = [
        ("generated/Cargo.toml".to_owned(), &FEATURES, codegen::features_table(&specs)),
        (format!("{API_SRC}/lib.rs"), &MODULES, codegen::module_declarations(&specs, true)),
        (format!("{API_SRC}/lib.rs"), &CRATE_DOC_LIST, codegen::catalog::crate_doc_list(&specs)),
        ("README.md".to_owned(), &API_TABLE, codegen::catalog::api_table(&specs)),
        (format!("{FIXTURES_SRC}/lib.rs"), &FIXTURES, codegen::module_declarations(&fixtures, false)),
    ];
    // A file may hold several blocks: each edit applies to the text the previous one left.
    let mut edited: Vec<(String, String)> = Vec::new();
    for (file, block, contents) in edits {
        let index = match edited.iter().position(|(f, _)| *f == file) {
            Some(index) => index,
            None => {
                let current = read(&root.join(&file))?;
                edited.push((file.clone(), current));
                edited.len() - 1
            }
        };
        edited[index].1 = block.replace(&file, &edited[index].1, &contents)?;
    }
    plan.extend(edited.into_iter().map(|(file, text)| (PathBuf::from(file), text)));
    Ok(plan)
}

fn all(root: &Path, check: bool) -> Result<(), String> {
    let plan = plan(root)?;
    apply(root, &plan, check, OWNED_DIRS)
}

/// Where the API modules go: the `apis` crate's `src/`, beside its hand-written `lib.rs`.
const API_SRC: &str = "generated/src";
/// Where the fixture modules go: the fixture crate's `src/`, beside its `lib.rs`.
const FIXTURES_SRC: &str = "codegen/tests/output/src";
/// Directories of generated modules: a file there with the `@generated` header that no spec
/// produces is an orphan.
const OWNED_DIRS: &[&str] = &[API_SRC, FIXTURES_SRC];
/// How every generated module starts (`format.rs` writes it).
const GENERATED_HEADER: &str = "// @generated by cargo xtask codegen";

fn one_spec(root: &Path, file: &Path, check: bool) -> Result<(), String> {
    // A file of a vendor's folder, or the folder itself, generates the whole folder.
    let spec = SpecFiles::read_in(root, file)?;
    let module = generate(spec.input())?;
    let shown = &spec.shown;
    // Written only when the file or folder is one of `spec/`'s own.
    let written_from = spec.location.as_deref().and_then(Path::parent);
    eprint!("{}", codegen::render(&module.warnings));
    let in_spec_dir = written_from.and_then(|d| fs::canonicalize(d).ok()) == fs::canonicalize(root.join("spec")).ok();
    if !in_spec_dir {
        eprintln!("{shown}: ok ({} lines of Rust); not under spec/, so nothing is written", line_count(&module.code));
        return Ok(());
    }
    let target = PathBuf::from(format!("{API_SRC}/{}.rs", module.name));
    apply(root, &[(target, module.code)], check, &[])
}

/// `text.lines().count()`, with the line breaks counted in runs short enough for a byte-wide
/// count, which the compiler makes a count of many bytes at a time (a large module is tens of
/// megabytes).
fn line_count(text: &str) -> usize {
    let breaks: usize =
        text.as_bytes().chunks(255).map(|run| usize::from(run.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>())).sum();
    breaks + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Generates every spec in `dir`, in name order: each `*.yaml` file, and each folder (a
/// vendor's: `vendor.yaml` and its groups); all diagnostics of all of them on failure.
fn generate_dir(root: &Path, dir: &str) -> Result<Vec<codegen::Module>, String> {
    let mut entries: Vec<PathBuf> = match fs::read_dir(root.join(dir)) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "yaml"))
            .collect(),
        Err(_) => return Ok(Vec::new()),
    };
    entries.sort();
    let mut modules = Vec::new();
    let mut failures = String::new();
    for entry in entries {
        let generated = SpecFiles::read_in(root, &entry).and_then(|spec| generate(spec.input()));
        match generated {
            Ok(module) => {
                eprint!("{}", codegen::render(&module.warnings));
                modules.push(module);
            }
            Err(rendered) => failures.push_str(&rendered),
        }
    }
    if failures.is_empty() { Ok(modules) } else { Err(failures) }
}

/// `codegen::generate_input`, with its diagnostics rendered. A panic would be a generator bug
/// (no spec should cause one); it still ends as a located error and exit status 1, not 101.
fn generate(input: codegen::Input<'_>) -> Result<codegen::Module, String> {
    match std::panic::catch_unwind(|| codegen::generate_input(input)) {
        Ok(Ok(module)) => Ok(module),
        Ok(Err(diagnostics)) => Err(codegen::render(&diagnostics)),
        Err(_) => Err(format!(
            "error: internal error: the generator panicked on this spec (the message is above)\n --> {}:1:1\n  = help: this is a bug in the generator, not in the spec: please report it with the spec attached\n",
            input.path()
        )),
    }
}

/// Makes the tree match `plan`: writes changed files (write mode) or lists them (check mode).
/// Files in `owned_dirs` that the plan does not name are orphans: deleted, or reported.
fn apply(root: &Path, plan: &[(PathBuf, String)], check: bool, owned_dirs: &[&str]) -> Result<(), String> {
    let mut stale = Vec::new();
    for (path, contents) in plan {
        let full = root.join(path);
        // Bytes, not text: a file that is not UTF-8 differs all the same, and a large module
        // is not validated only to be compared.
        if fs::read(&full).ok().as_deref() == Some(contents.as_bytes()) {
            continue;
        }
        stale.push(format!("{} (out of date)", path.display()));
        if !check {
            if let Some(parent) = full.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}\n", parent.display()))?;
            }
            fs::write(&full, contents).map_err(|e| format!("cannot write {}: {e}\n", full.display()))?;
        }
    }
    for dir in owned_dirs {
        let Ok(entries) = fs::read_dir(root.join(dir)) else { continue };
        let mut orphans: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !plan.iter().any(|(planned, _)| root.join(planned) == *p))
            .filter(|p| fs::read_to_string(p).is_ok_and(|text| text.starts_with(GENERATED_HEADER)))
            .collect();
        orphans.sort();
        for orphan in orphans {
            stale.push(format!("{} (no spec generates it)", display_path(root, &orphan)));
            if !check {
                fs::remove_file(&orphan).map_err(|e| format!("cannot remove {}: {e}\n", orphan.display()))?;
            }
        }
    }
    if stale.is_empty() {
        if !check {
            eprintln!("generated/ is up to date");
        }
        return Ok(());
    }
    let list: String = stale.iter().map(|s| format!("  {s}\n")).collect();
    if check {
        Err(format!(
            "generated/ is stale: these files differ from what spec/ produces:\n{list}run `cargo xtask codegen` and commit the result\n"
        ))
    } else {
        eprint!("updated:\n{list}");
        Ok(())
    }
}

impl Block {
    /// `text` (the contents of `file`) with the region between the markers replaced.
    fn replace(&self, file: &str, text: &str, contents: &str) -> Result<String, String> {
        let (begin, end) = (self.begin, self.end);
        match (text.find(begin), text.find(end)) {
            (Some(b), Some(e)) if b < e => Ok(format!("{}{begin}{contents}{}", &text[..b], &text[e..])),
            _ => Err(format!(
                "{file} has lost its @generated markers; put these two lines back where the generated part goes:\n{begin}{end}"
            )),
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}\n", path.display()))
}

/// `spec/x.yaml` for files under the root, the path as given otherwise.
fn display_path(root: &Path, file: &Path) -> String {
    let full = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    full.strip_prefix(&root).map_or_else(|_| file.display().to_string(), |p| p.display().to_string().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        let long = "x\n".repeat(300) + &"y".repeat(600) + "\n\n";
        for text in ["", "a", "a\n", "a\nb", "\n\n\n", long.as_str()] {
            assert_eq!(line_count(text), text.lines().count(), "{text:?}");
        }
    }

    /// `cargo test` alone catches a stale `generated/`: the same check as `--check`.
    #[test]
    fn generated_code_is_fresh() {
        let root = workspace_root();
        let plan = plan(&root).unwrap_or_else(|e| panic!("{e}"));
        if let Err(stale) = apply(&root, &plan, true, OWNED_DIRS) {
            panic!("{stale}");
        }
    }

    #[test]
    fn generated_blocks_are_replaced_between_their_markers() {
        let (begin, end) = (FEATURES.begin, FEATURES.end);
        let manifest = format!("[package]\nname = \"apis\"\n\n{begin}[features]\nold = []\n{end}\n[dependencies]\n");
        let out = FEATURES.replace("Cargo.toml", &manifest, "[features]\nnew = []\n").unwrap();
        assert_eq!(out, format!("[package]\nname = \"apis\"\n\n{begin}[features]\nnew = []\n{end}\n[dependencies]\n"));
        let lost = FEATURES.replace("Cargo.toml", "[package]\n", "").unwrap_err();
        assert!(lost.contains("Cargo.toml") && lost.contains(begin), "{lost}");
    }
}

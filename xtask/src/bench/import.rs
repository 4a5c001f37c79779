//! The importer at the size of a whole API: `cargo-apis import` of the Genesys Platform API
//! document (Swagger 2.0, 932 operations, 4 MB) into a copy of `spec/genesys/`'s hand-written
//! files, then `cargo-apis codegen --spec` of the folder it wrote, each from the command line
//! (the installed binary, so cargo's start-up is not in it), with peak memory.

use std::path::Path;

use super::measure::measure_runs;
use super::report::{mib, ms, row, section, table_head};

const DOCUMENT: &str = "documents/genesys-purecloud-platform-api-v2.swagger.sdk-22.0.0.json";

pub(super) fn import_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    let runs = if quick { 3 } else { 7 };
    let vendor = dir.join("import/genesys");
    let _ = std::fs::remove_dir_all(&vendor);
    std::fs::create_dir_all(&vendor).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(root.join("spec/genesys")).map_err(|e| e.to_string())?.flatten() {
        let text = std::fs::read_to_string(entry.path()).map_err(|e| e.to_string())?;
        if !text.starts_with(import::write::MARKER) {
            std::fs::write(vendor.join(entry.file_name()), text).map_err(|e| e.to_string())?;
        }
    }
    section(
        report,
        "Import, the whole Genesys Platform API",
        &format!(
            "`cargo apis import {DOCUMENT} --out <folder>` (the folder holding spec/genesys's hand-written files), \
             then `cargo apis codegen --spec <folder>` (checks and generates the 930-operation module; writes nothing): \
             the release `cargo-apis` binary, wall time and peak resident memory, median of {runs} runs, the two \
             commands taking turns."
        ),
    );
    table_head(report, &["command", "ms", "peak MiB"]);
    let binary = root.join("target/release/cargo-apis").display().to_string();
    let out = vendor.display().to_string();
    let [imported, generated] = measure_runs(
        runs,
        root,
        [
            (&binary, &["import", DOCUMENT, "--out", &out], &[]),
            (&binary, &["codegen", "--spec", &format!("{out}/")], &[]),
        ],
    )?;
    row(report, &["import".into(), ms(imported.wall), mib(imported.peak_kib)]);
    row(report, &["codegen --spec".into(), ms(generated.wall), mib(generated.peak_kib)]);
    row(
        report,
        &[
            "import + codegen".into(),
            ms(imported.wall + generated.wall),
            mib(imported.peak_kib.max(generated.peak_kib)),
        ],
    );
    Ok(())
}

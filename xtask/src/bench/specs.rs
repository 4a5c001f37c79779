//! The APIs every section measures: the seed specs, synthetic ones of growing size, and the
//! same APIs as OpenAPI documents for the peers.

use std::path::{Path, PathBuf};

use super::report::write;
use crate::codegen::SpecFiles;

/// The seed specs: a file, or a vendor's folder (`spec/genesys/`).
const SEEDS: [&str; 3] = ["google_dataportability.yaml", "genesys", "knetik"];

/// A spec to generate: its name in tables, its file or folder, and its operation count.
pub(super) struct Spec {
    pub name: String,
    pub path: PathBuf,
    /// What `path` holds, as the generator takes it.
    pub files: SpecFiles,
    pub operations: usize,
    /// The same API as an OpenAPI document, success responses as documented (`200`).
    pub openapi: PathBuf,
    /// The same, success responses keyed `2XX`, which progenitor needs next to a `default`
    /// error response.
    pub openapi_2xx: PathBuf,
}

/// The seed specs, and synthetic ones written to `dir` (with their OpenAPI documents).
pub(super) fn specs(root: &Path, dir: &Path, quick: bool) -> Result<Vec<Spec>, String> {
    let mut out = Vec::new();
    for seed in SEEDS {
        let path = root.join("spec").join(seed);
        let name = seed.trim_end_matches(".yaml");
        let files = SpecFiles::read(&path)?;
        let operations = files
            .files
            .iter()
            .flat_map(|(_, text)| text.lines())
            .filter(|l| l.trim_start().starts_with("- id:"))
            .count();
        let openapi = root.join(format!("bench/openapi/{name}.json"));
        let openapi_2xx = dir.join(format!("{name}.2xx.json"));
        write_openapi(&files, crate::openapi::Success::Range, &openapi_2xx)?;
        out.push(Spec { name: name.to_owned(), path, files, operations, openapi, openapi_2xx });
    }
    let sizes: &[usize] = if quick { &[100, 500, 1000] } else { &[100, 500, 1000, 3000, 5000] };
    for &n in sizes {
        let path = dir.join(format!("synth_{n}.yaml"));
        let text = ::codegen::synth::spec(n, 1);
        write(&path, &text)?;
        let files = SpecFiles::one(&path.display().to_string(), &text);
        let openapi = dir.join(format!("synth_{n}.json"));
        write_openapi(&files, crate::openapi::Success::AsDocumented, &openapi)?;
        let openapi_2xx = dir.join(format!("synth_{n}.2xx.json"));
        write_openapi(&files, crate::openapi::Success::Range, &openapi_2xx)?;
        out.push(Spec { name: format!("synth_{n}"), path, files, operations: n, openapi, openapi_2xx });
    }
    Ok(out)
}

fn write_openapi(spec: &SpecFiles, success: crate::openapi::Success, out: &Path) -> Result<(), String> {
    let document = crate::openapi::from_input(spec.input(), success).map_err(|d| ::codegen::render(&d))?;
    write(out, &document)
}

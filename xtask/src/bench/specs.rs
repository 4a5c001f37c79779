//! The APIs every section measures: the seed specs, synthetic ones of growing size, and the
//! same APIs as OpenAPI documents for the peers.

use std::path::{Path, PathBuf};

use super::report::{read, write};

const SEEDS: [&str; 3] = ["google_dataportability", "genesys_oauth", "knetik_auth_tokens"];

/// A spec to generate: its name in tables, its file, and its operation count.
pub(super) struct Spec {
    pub name: String,
    pub path: PathBuf,
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
        let path = root.join(format!("spec/{seed}.yaml"));
        let text = read(&path)?;
        let operations = text.lines().filter(|l| l.trim_start().starts_with("- id:")).count();
        let openapi = root.join(format!("bench/openapi/{seed}.json"));
        let openapi_2xx = dir.join(format!("{seed}.2xx.json"));
        write_openapi(&path, &text, crate::openapi::Success::Range, &openapi_2xx)?;
        out.push(Spec { name: seed.to_owned(), path, operations, openapi, openapi_2xx });
    }
    let sizes: &[usize] = if quick { &[100, 500, 1000] } else { &[100, 500, 1000, 3000, 5000] };
    for &n in sizes {
        let path = dir.join(format!("synth_{n}.yaml"));
        let text = ::codegen::synth::spec(n, 1);
        write(&path, &text)?;
        let openapi = dir.join(format!("synth_{n}.json"));
        write_openapi(&path, &text, crate::openapi::Success::AsDocumented, &openapi)?;
        let openapi_2xx = dir.join(format!("synth_{n}.2xx.json"));
        write_openapi(&path, &text, crate::openapi::Success::Range, &openapi_2xx)?;
        out.push(Spec { name: format!("synth_{n}"), path, operations: n, openapi, openapi_2xx });
    }
    Ok(out)
}

fn write_openapi(spec: &Path, text: &str, success: crate::openapi::Success, out: &Path) -> Result<(), String> {
    let document = crate::openapi::from_spec_with(&spec.display().to_string(), text, success)
        .map_err(|d| ::codegen::render(&d))?;
    write(out, &document)
}

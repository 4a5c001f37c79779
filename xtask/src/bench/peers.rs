//! Codegen next to the peers: each generator from the command a user types, on the same APIs.

use std::path::Path;

use super::crates::{PEERS, build, build_ours, crate_name, install, standalone};
use super::measure::{Measured, cargo, measure, summarize, with_cargo_apis};
use super::report::{mib, ms, row, rust_lines, section, table_head, yes};
use super::specs::Spec;

/// Generation time, peak memory, lines and whether the output builds, per spec and generator.
pub(super) fn peers_section(
    root: &Path,
    dir: &Path,
    specs: &[Spec],
    quick: bool,
    report: &mut String,
) -> Result<(), String> {
    install(root)?;
    let runs = if quick { 3 } else { 5 };
    let specs: Vec<&Spec> = specs.iter().filter(|s| s.operations <= 5000 && (!quick || s.operations <= 1000)).collect();
    section(
        report,
        "Codegen next to the peers",
        &format!(
            "Each generator from the command a user types (ours: `cargo apis codegen --spec FILE`, the installed \
         subcommand), on the same API (ours reads the spec, the peers its OpenAPI document), runs interleaved, median of {runs}; peak resident memory of the largest process. \
         \"builds\": `cargo build` of the output (ours: the module in a crate over the runtime crate). \
         Ratios are peer time / our time. progenitor panics on documents whose operations have a `200` \
         and a `default` (error) response, as all three vendors' do (\"as documented\" column); its \
         figures are for the same documents with success keyed `2XX`."
        ),
    );
    table_head(
        report,
        &[
            "spec",
            "ours ms",
            "MiB",
            "lines",
            "builds",
            "progenitor as documented",
            "progenitor ms",
            "MiB",
            "lines",
            "builds",
            "x ours",
            "openapi-generator ms",
            "MiB",
            "lines",
            "builds",
            "x ours",
        ],
    );
    for spec in specs {
        let file = spec.path.display().to_string();
        let documents = [spec.openapi_2xx.display().to_string(), spec.openapi.display().to_string()];
        let as_documented = {
            let out = dir.join(format!("peers/progenitor-as-documented/{}", spec.name));
            let _ = std::fs::remove_dir_all(&out);
            let out = out.display().to_string();
            measure(
                root,
                "bash",
                &["bench/peers/generate.sh", "progenitor", &documents[1], &out, &crate_name(&spec.name)],
                &[],
            )?
        };
        let mut ours = Vec::new();
        let path = with_cargo_apis(root);
        let mut peers: Vec<Vec<Measured>> = vec![Vec::new(); PEERS.len()];
        for _ in 0..runs {
            ours.push(measure(root, &cargo(), &["apis", "codegen", "--spec", &file], &[("PATH", &path)])?);
            for ((peer, samples), document) in PEERS.iter().zip(&mut peers).zip(&documents) {
                let out = dir.join(format!("peers/{peer}/{}", spec.name));
                let _ = std::fs::remove_dir_all(&out);
                let out = out.display().to_string();
                samples.push(measure(
                    root,
                    "bash",
                    &["bench/peers/generate.sh", peer, document, &out, &crate_name(&spec.name)],
                    &[],
                )?);
            }
        }
        let ours = summarize(&ours);
        let code = ::codegen::generate_input(spec.files.input()).map_err(|d| ::codegen::render(&d))?.code;
        let built = build_ours(root, dir, &spec.name, &code, false)?;
        let mut cells =
            vec![spec.name.clone(), ms(ours.wall), mib(ours.peak_kib), code.lines().count().to_string(), yes(built.ok)];
        cells.push(if as_documented.ok { "ok".into() } else { "fails".into() });
        for (peer, samples) in PEERS.iter().zip(&peers) {
            let m = summarize(samples);
            let out = dir.join(format!("peers/{peer}/{}", spec.name));
            if m.ok {
                let builds = spec.operations <= 1000
                    && standalone(root, &out).is_ok()
                    && build(&out, &dir.join("peers-target"))?.ok;
                let ratio = m.wall.as_secs_f64() / ours.wall.as_secs_f64();
                cells.extend([
                    ms(m.wall),
                    mib(m.peak_kib),
                    rust_lines(&out).to_string(),
                    if spec.operations <= 1000 { yes(builds) } else { "not tried".into() },
                    format!("{ratio:.1}"),
                ]);
            } else {
                cells.extend([format!("failed ({})", ms(m.wall)), mib(m.peak_kib), "-".into(), "-".into(), "-".into()]);
            }
        }
        row(report, &cells);
    }
    Ok(())
}

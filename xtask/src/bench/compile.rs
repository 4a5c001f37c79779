//! The generated crates' own build times: ours and the peers', on the same synthetic API.

use std::path::Path;
use std::time::Duration;

use super::crates::{PEERS, build, build_ours, crate_name, install, standalone};
use super::measure::{cargo, measure, median};
use super::report::{read, row, section, table_head, touch};

/// The crate-only build times of the three generated crates for the largest synthetic spec
/// of at most 1,000 operations: dependencies built first, then a clean build of the crate
/// alone, and a rebuild after touching `src/lib.rs`.
pub(super) fn compile_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    install(root)?;
    let n = if quick { 100 } else { 1000 };
    let runs = if quick { 1 } else { 3 };
    let name = format!("synth_{n}");
    let spec = dir.join(format!("{name}.yaml"));
    // progenitor needs success keyed `2XX` (see the peers section); openapi-generator takes
    // the document as documented.
    let documents = [dir.join(format!("{name}.2xx.json")), dir.join(format!("{name}.json"))];
    section(
        report,
        &format!("Generated crate build time, {n} operations"),
        &format!(
            "Debug builds of the generated crate alone (its dependencies built beforehand), median of {runs}: \"full\" \
         after `cargo clean -p CRATE`, \"incremental\" after touching `src/lib.rs`. Ours depends on the runtime crate \
         `apis-runtime`, as progenitor's output depends on `progenitor-client`: each is built beforehand, like \
         any dependency."
        ),
    );
    table_head(
        report,
        &["generator", "full s", "incremental s", "full ms / operation", "x ours (full)", "x ours (incremental)"],
    );
    let code =
        ::codegen::generate(&format!("spec/{name}.yaml"), &read(&spec)?).map_err(|d| ::codegen::render(&d))?.code;
    build_ours(root, dir, &name, &code, true)?;
    let mut crates =
        vec![("ours".to_owned(), dir.join(format!("ours/{name}")), format!("ours-{}", name.replace('_', "-")))];
    for (peer, document) in PEERS.iter().zip(&documents) {
        let out = dir.join(format!("peers/{peer}/{name}"));
        let _ = std::fs::remove_dir_all(&out);
        let m = measure(
            root,
            "bash",
            &[
                "bench/peers/generate.sh",
                peer,
                &document.display().to_string(),
                &out.display().to_string(),
                &crate_name(&name),
            ],
            &[],
        )?;
        if !m.ok {
            return Err(format!("{peer} failed on {}", document.display()));
        }
        standalone(root, &out)?;
        crates.push(((*peer).to_owned(), out, crate_name(&name)));
    }
    // Dependencies first; then the runs, interleaved across generators so that a busy moment
    // of the machine falls on all of them alike.
    let mut builds_ok = Vec::new();
    for (generator, crate_dir, _) in &crates {
        builds_ok.push(build(crate_dir, &dir.join(format!("compile-target/{generator}")))?.ok);
    }
    let mut samples: Vec<(Vec<Duration>, Vec<Duration>)> = vec![(Vec::new(), Vec::new()); crates.len()];
    for _ in 0..runs {
        for (((generator, crate_dir, package), ok), (full, incremental)) in
            crates.iter().zip(&builds_ok).zip(&mut samples)
        {
            if !ok {
                continue;
            }
            let target = dir.join(format!("compile-target/{generator}")).display().to_string();
            let env = [("CARGO_TARGET_DIR", target.as_str())];
            measure(crate_dir, &cargo(), &["clean", "-q", "-p", package], &env)?;
            full.push(measure(crate_dir, &cargo(), &["build", "-q"], &env)?.wall);
            touch(&crate_dir.join("src/lib.rs"))?;
            incremental.push(measure(crate_dir, &cargo(), &["build", "-q"], &env)?.wall);
        }
    }
    let results: Vec<(String, Option<(Duration, Duration)>)> = crates
        .iter()
        .zip(builds_ok)
        .zip(samples)
        .map(|(((generator, ..), ok), (full, incremental))| {
            (generator.clone(), ok.then(|| (median(full), median(incremental))))
        })
        .collect();
    let ours = results.first().and_then(|(_, r)| *r);
    for (generator, result) in results {
        match (result, ours) {
            (Some((full, incremental)), Some((our_full, our_incremental))) => row(
                report,
                &[
                    generator,
                    format!("{:.1}", full.as_secs_f64()),
                    format!("{:.1}", incremental.as_secs_f64()),
                    format!("{:.0}", full.as_secs_f64() * 1000.0 / n as f64),
                    format!("{:.2}", full.as_secs_f64() / our_full.as_secs_f64()),
                    format!("{:.2}", incremental.as_secs_f64() / our_incremental.as_secs_f64()),
                ],
            ),
            _ => row(report, &[generator, "does not build".into(), "-".into(), "-".into(), "-".into(), "-".into()]),
        }
    }
    Ok(())
}

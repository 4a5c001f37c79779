//! The peers' side of `cargo xtask bench`: progenitor and openapi-generator on the same APIs
//! (`bench/openapi/*.json` and the synthetic specs' OpenAPI documents), and the build times of
//! the crates all three generate.
//!
//! The peers are installed by `bench/peers/install.sh` under `target/peers/` and run by
//! `bench/peers/generate.sh TOOL DOCUMENT OUT_DIR CRATE_NAME`: the command a user would type.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::bench::{
    Measured, Spec, cargo, measure, median, mib, ms, read, row, section, summarize, table_head, with_cargo_apis,
};

/// The peers, as `generate.sh` names them.
const PEERS: [&str; 2] = ["progenitor", "openapi-generator"];

/// Generation time, peak memory, lines and whether the output builds, per spec and generator.
pub fn peers_section(root: &Path, dir: &Path, specs: &[Spec], quick: bool, report: &mut String) -> Result<(), String> {
    install(root)?;
    let runs = if quick { 3 } else { 5 };
    let specs: Vec<&Spec> = specs.iter().filter(|s| s.operations <= 3000 && (!quick || s.operations <= 1000)).collect();
    section(
        report,
        "Codegen next to the peers",
        &format!(
            "Each generator from the command a user types (ours: `cargo apis codegen --spec FILE`, the installed \
         subcommand), on the same API (ours reads the spec, the peers its OpenAPI document), runs interleaved, median of {runs}; peak resident memory of the largest process. \
         \"builds\": `cargo build` of the output (ours: the module in a crate with the `apis` runtime). \
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
        let code = ::codegen::generate(&format!("spec/{}.yaml", spec.name), &read(&spec.path)?)
            .map_err(|d| ::codegen::render(&d))?
            .code;
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

/// The crate-only build times of the three generated crates for the largest synthetic spec
/// of at most 1,000 operations: dependencies built first, then a clean build of the crate
/// alone, and a rebuild after touching `src/lib.rs`.
pub fn compile_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
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
         after `cargo clean -p CRATE`, \"incremental\" after touching `src/lib.rs`. Ours includes the `apis` runtime's \
         source (~1,400 lines); progenitor's runtime is the `progenitor-client` dependency."
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

fn install(root: &Path) -> Result<(), String> {
    let status = Command::new("bash").arg("bench/peers/install.sh").current_dir(root).stdout(Stdio::null()).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        _ => Err("bench/peers/install.sh failed: the peers are not installed".into()),
    }
}

/// Lets a peer's crate under `target/` build on its own, outside this workspace.
fn standalone(root: &Path, crate_dir: &Path) -> Result<(), String> {
    let status = Command::new("bash").arg("bench/peers/standalone.sh").arg(crate_dir).current_dir(root).status();
    match status {
        Ok(s) if s.success() => Ok(()),
        _ => Err(format!("bench/peers/standalone.sh failed on {}", crate_dir.display())),
    }
}

/// The crate our module becomes for building: the module over the runtime crate.
fn build_ours(root: &Path, dir: &Path, name: &str, code: &str, keep: bool) -> Result<Measured, String> {
    let crate_dir = dir.join(format!("ours/{name}"));
    if !keep {
        let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    }
    std::fs::create_dir_all(crate_dir.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", crate_dir.display()))?;
    let manifest = read(&root.join("Cargo.toml"))?;
    let package = format!("ours-{}", name.replace('_', "-"));
    let files = ::codegen::standalone::crate_files(
        &package,
        &manifest,
        &root.join("runtime"),
        &[(name.to_owned(), code.to_owned())],
    )?;
    for (path, text) in files {
        crate::bench::write(&crate_dir.join(path), &text)?;
    }
    let _ = std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"));
    build(&crate_dir, &dir.join("ours-target"))
}

/// `cargo build` of the crate in `crate_dir`, once.
fn build(crate_dir: &Path, target: &Path) -> Result<Measured, String> {
    let target = target.display().to_string();
    measure(crate_dir, &cargo(), &["build", "-q"], &[("CARGO_TARGET_DIR", target.as_str())])
}

fn crate_name(spec: &str) -> String {
    format!("peer-{}", spec.replace('_', "-"))
}

/// Lines of Rust under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map(|t| t.lines().count()).unwrap_or(0);
            }
        }
    }
    total
}

fn touch(path: &Path) -> Result<(), String> {
    let mut text = read(path)?;
    // A changed file, not only a newer one: cargo compares fingerprints by mtime, rustc's
    // incremental cache by content.
    let _ = writeln!(text, "// touched");
    crate::bench::write(path, &text)
}

fn yes(ok: bool) -> String {
    (if ok { "yes" } else { "no" }).into()
}

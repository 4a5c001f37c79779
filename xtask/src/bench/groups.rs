//! Compile only what you use: the whole Genesys API's module built with one, five and all of
//! its group features, and next to it progenitor's crate for the same API.
//!
//! Each build is of the crate alone (dependencies built first), debug, "full" after `cargo
//! clean -p CRATE` and "incremental" after changing `src/lib.rs`, runs interleaved across the
//! builds. What a feature compiles is counted from the IR: its operations, and the models
//! reachable from them (a model's `#[cfg]` names every group that reaches it).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use super::crates::{build, standalone, write_crate};
use super::measure::{cargo, measure, median};
use super::report::{row, section, table_head, touch};
use crate::codegen::SpecFiles;

/// The groups of "one" and "five": Users alone, then four of the larger groups with it.
const ONE: [&str; 1] = ["users"];
const FIVE: [&str; 5] = ["users", "routing", "architect", "quality", "recording"];

/// One build to time: its name in the table, the crate, the features (`None`: the crate's
/// defaults), what it compiles.
struct Build {
    name: String,
    crate_dir: std::path::PathBuf,
    package: String,
    target: String,
    features: Option<Vec<String>>,
    operations: usize,
    models: Option<usize>,
}

pub(super) fn groups_section(root: &Path, dir: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    super::crates::install(root)?;
    let runs = if quick { 1 } else { 3 };
    let spec = SpecFiles::read(&root.join("spec/genesys"))?;
    let lowered = ::codegen::lower_input(spec.input()).map_err(|d| ::codegen::render(&d))?;
    let api = &lowered.api;
    let code = ::codegen::generate_input(spec.input()).map_err(|d| ::codegen::render(&d))?.code;
    let crate_dir = dir.join("ours/genesys");
    let _ = std::fs::remove_dir_all(crate_dir.join("src"));
    write_crate(root, &crate_dir, "ours-genesys", "genesys", &code)?;
    let target = dir.join("groups-target/ours").display().to_string();

    // What each set of groups compiles.
    let compiled = |stems: Option<&[&str]>| {
        let on: BTreeSet<usize> = (0..api.groups.len())
            .filter(|&g| stems.is_none_or(|stems| stems.contains(&api.groups[g].stem.as_str())))
            .collect();
        let operations = api.operations.iter().filter(|op| on.contains(&op.group)).count();
        let models = api
            .models
            .iter()
            .filter(|m| match m.reach() {
                ::codegen::ir::Reach::All => true,
                ::codegen::ir::Reach::Groups(groups) => groups.iter().any(|g| on.contains(g)),
            })
            .count();
        let features = api.groups.iter().enumerate().filter(|(g, _)| on.contains(g)).map(|(_, g)| g.feature.clone());
        (features.collect::<Vec<_>>(), operations, models)
    };
    let mut builds = Vec::new();
    // The last of these, every group, is what the others are compared with.
    for stems in [Some(&ONE[..]), Some(&FIVE[..]), None] {
        let (features, operations, models) = compiled(stems);
        if stems.is_some_and(|s| s.len() != features.len()) {
            return Err(format!("spec/genesys lacks one of the groups {stems:?}"));
        }
        let name = match stems {
            Some([one]) => format!("one group (`genesys-{}`)", one.replace('_', "-")),
            Some(some) => format!("{} groups", some.len()),
            None => format!("all {} groups", features.len()),
        };
        builds.push(Build {
            name,
            crate_dir: crate_dir.clone(),
            package: "ours-genesys".into(),
            target: target.clone(),
            features: Some(features),
            operations,
            models: Some(models),
        });
    }
    // progenitor's crate for the same API (its document: our export, success keyed `2XX`).
    let progenitor_dir = dir.join("peers/progenitor/genesys");
    let _ = std::fs::remove_dir_all(&progenitor_dir);
    let document = dir.join("genesys.2xx.json");
    let generated = measure(
        root,
        "bash",
        &[
            "bench/peers/generate.sh",
            "progenitor",
            &document.display().to_string(),
            &progenitor_dir.display().to_string(),
            "peer-genesys",
        ],
        &[],
    )?;
    if generated.ok {
        standalone(root, &progenitor_dir)?;
        builds.push(Build {
            name: "progenitor, the whole API".into(),
            crate_dir: progenitor_dir.clone(),
            package: "peer-genesys".into(),
            target: dir.join("groups-target/progenitor").display().to_string(),
            features: None,
            operations: api.operations.len(),
            models: None,
        });
    }

    section(
        report,
        "Compile only what you use: the whole Genesys API by feature",
        &format!(
            "`spec/genesys/` (all {} operations, {} models) generated once, as a crate over the runtime; debug builds \
             of that crate alone with `--no-default-features --features ...` (dependencies built first), median of {runs}, \
             runs interleaved: \"full\" after `cargo clean -p CRATE`, \"incremental\" after changing `src/lib.rs`. \
             \"models\" counts what the features compile (the models reachable from their operations, and those every \
             group shares). progenitor's crate is for the same API (`cargo xtask openapi spec/genesys`, success \
             keyed `2XX`); it has no features, so it always builds everything.{}",
            api.operations.len(),
            api.models.len(),
            if generated.ok { "" } else { " progenitor failed on the document, so it has no row." }
        ),
    );
    table_head(
        report,
        &[
            "build",
            "operations",
            "models",
            "full s",
            "incremental s",
            "full ms / operation",
            "incremental ms / operation",
            "full, x all groups",
        ],
    );
    // Dependencies first.
    for b in &builds {
        let env = [("CARGO_TARGET_DIR", b.target.as_str())];
        measure(&b.crate_dir, &cargo(), &["build", "-q", "--no-default-features"], &env)?;
        if b.features.is_none() {
            build(&b.crate_dir, Path::new(&b.target))?;
        }
    }
    let mut samples: Vec<(Vec<Duration>, Vec<Duration>)> = vec![(Vec::new(), Vec::new()); builds.len()];
    for _ in 0..runs {
        for (b, (full, incremental)) in builds.iter().zip(&mut samples) {
            let env = [("CARGO_TARGET_DIR", b.target.as_str())];
            let features = b.features.as_ref().map(|f| f.join(","));
            let mut args = vec!["build", "-q"];
            if let Some(features) = &features {
                args.extend(["--no-default-features", "--features", features]);
            }
            measure(&b.crate_dir, &cargo(), &["clean", "-q", "-p", &b.package], &env)?;
            let m = measure(&b.crate_dir, &cargo(), &args, &env)?;
            if !m.ok {
                return Err(format!("the build of {} ({}) failed", b.name, b.crate_dir.display()));
            }
            full.push(m.wall);
            touch(&b.crate_dir.join("src/lib.rs"))?;
            incremental.push(measure(&b.crate_dir, &cargo(), &args, &env)?.wall);
        }
    }
    let medians: Vec<(Duration, Duration)> =
        samples.into_iter().map(|(full, incremental)| (median(full), median(incremental))).collect();
    // The all-groups build is the third (the loop above), progenitor's after it.
    let all = medians.get(2).map(|(full, _)| *full);
    for (b, (full, incremental)) in builds.iter().zip(&medians) {
        let per_op = |d: &Duration| format!("{:.0}", d.as_secs_f64() * 1000.0 / b.operations.max(1) as f64);
        row(
            report,
            &[
                b.name.clone(),
                b.operations.to_string(),
                b.models.map_or("all".into(), |m| m.to_string()),
                format!("{:.1}", full.as_secs_f64()),
                format!("{:.1}", incremental.as_secs_f64()),
                per_op(full),
                per_op(incremental),
                all.map_or("-".into(), |all| format!("{:.2}", full.as_secs_f64() / all.as_secs_f64())),
            ],
        );
    }
    Ok(())
}

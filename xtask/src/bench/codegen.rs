//! The generator's own times: in process, stage by stage, and from the command a user types.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use super::measure::{cargo, measure_runs, median, with_cargo_apis};
use super::report::{mib, ms, row, section, table_head};
use super::specs::Spec;

pub(super) fn codegen_section(root: &Path, specs: &[Spec], quick: bool, report: &mut String) -> Result<(), String> {
    let runs = if quick { 3 } else { 7 };
    section(
        report,
        "Codegen, in process",
        &format!(
            "`codegen::generate_timed`, median of {runs} runs per spec. Emitting and formatting run together, in \
         parts on every core: their CPU time is summed over threads, and \"emit + format\" is their wall time."
        ),
    );
    table_head(
        report,
        &[
            "spec",
            "operations",
            "load ms",
            "validate ms",
            "emit ms (CPU)",
            "format ms (CPU)",
            "emit + format ms",
            "total ms",
            "µs / operation",
            "lines",
        ],
    );
    let mut totals = Vec::new();
    for spec in specs {
        let mut samples = Vec::new();
        let mut lines = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let (module, phases) = ::codegen::generate_timed(spec.files.input());
            let total = started.elapsed();
            let module = module.map_err(|d| ::codegen::render(&d))?;
            lines = module.code.lines().count();
            samples.push((total, phases));
        }
        let med = |f: &dyn Fn(&(Duration, ::codegen::Phases)) -> Duration| median(samples.iter().map(f).collect());
        let total = med(&|s| s.0);
        totals.push((spec.operations, total));
        row(
            report,
            &[
                spec.name.clone(),
                spec.operations.to_string(),
                ms(med(&|s| s.1.load)),
                ms(med(&|s| s.1.validate)),
                ms(med(&|s| s.1.emit)),
                ms(med(&|s| s.1.format)),
                ms(med(&|s| s.1.emit_and_format)),
                ms(total),
                format!("{:.0}", total.as_secs_f64() * 1e6 / spec.operations.max(1) as f64),
                lines.to_string(),
            ],
        );
    }
    let at = |n: usize| totals.iter().find(|(ops, _)| *ops == n).map(|(_, t)| t.as_secs_f64());
    if let (Some(small), Some(big)) = (at(500), at(5000).or(at(1000))) {
        let n = if at(5000).is_some() { 5000 } else { 1000 };
        let _ = writeln!(
            report,
            "\nGrowth: {n} operations cost {:.1}x of 500 (linear: {:.0}x).",
            big / small,
            n as f64 / 500.0
        );
    }

    section(
        report,
        "Codegen, the command a user types",
        &format!(
            "`cargo apis codegen --spec FILE` (the installed subcommand) and `cargo xtask codegen --spec FILE` (built \
         and run by cargo from the workspace), each checking and generating one spec (nothing is written for files \
         outside `spec/`): wall time and peak resident memory of the largest process, median of {runs} runs. The \
         `cargo-apis` binary alone shows what is cargo's."
        ),
    );
    table_head(
        report,
        &["spec", "cargo apis ms", "peak MiB", "cargo xtask ms", "peak MiB", "cargo-apis binary ms", "peak MiB"],
    );
    let path = with_cargo_apis(root);
    let binary = root.join("target/release/cargo-apis").display().to_string();
    for spec in specs {
        let file = spec.path.display().to_string();
        let cargo = cargo();
        let [installed, via_cargo, alone] = measure_runs(
            runs,
            root,
            [
                (&cargo, &["apis", "codegen", "--spec", &file], &[("PATH", &path)]),
                (&cargo, &["xtask", "codegen", "--spec", &file], &[]),
                (&binary, &["codegen", "--spec", &file], &[]),
            ],
        )?;
        row(
            report,
            &[
                spec.name.clone(),
                ms(installed.wall),
                mib(installed.peak_kib),
                ms(via_cargo.wall),
                mib(via_cargo.peak_kib),
                ms(alone.wall),
                mib(alone.peak_kib),
            ],
        );
    }
    Ok(())
}

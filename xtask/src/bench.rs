//! `cargo xtask bench`: how fast the generator is, how fast its output compiles, and how much
//! the generated client costs over hand-written reqwest, next to progenitor and
//! openapi-generator on the same APIs, in one run. Every figure is a median of several runs;
//! comparisons are ratios of figures taken in the same run.
//!
//! Sections (all by default with `--all`; each alone with its flag):
//! - codegen: in-process stage times per spec, and the user's commands (`cargo apis codegen
//!   --spec FILE`, installed; `cargo xtask codegen --spec FILE`) with their peak memory;
//! - peers (`--peers`): the same APIs, as OpenAPI documents, through the peers;
//! - compile (`--compile`): the generated crates' own build times, full and incremental;
//! - overhead (`--overhead`): `cargo bench -p apis --bench client_overhead`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::codegen::workspace_root;

/// What to run.
#[derive(Debug, Default)]
pub struct Options {
    pub quick: bool,
    pub peers: bool,
    pub compile: bool,
    pub overhead: bool,
}

const SEEDS: [&str; 3] = ["google_dataportability", "genesys_oauth", "knetik_auth_tokens"];

pub fn run(options: &Options) -> ExitCode {
    let root = workspace_root();
    let dir = root.join("target/bench");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut report = String::new();
    let _ = writeln!(report, "# cargo xtask bench{}\n\n{}\n", if options.quick { " --quick" } else { "" }, machine());
    let outcome = (|| -> Result<(), String> {
        // Builds `cargo xtask` (the debug binary the alias runs) and `cargo apis` (the release
        // binary `cargo install` would give) before anything is timed.
        let warm = Command::new(cargo()).args(["xtask", "help"]).current_dir(&root).stdout(Stdio::null()).status();
        if !warm.is_ok_and(|s| s.success()) {
            return Err("`cargo xtask help` failed".into());
        }
        let install = Command::new(cargo())
            .args(["build", "--quiet", "--release", "-p", "xtask", "--bin", "cargo-apis"])
            .current_dir(&root)
            .status();
        if !install.is_ok_and(|s| s.success()) {
            return Err("building cargo-apis failed".into());
        }
        let specs = specs(&root, &dir, options.quick)?;
        codegen_section(&root, &specs, options.quick, &mut report)?;
        if options.peers {
            crate::bench_peers::peers_section(&root, &dir, &specs, options.quick, &mut report)?;
        }
        if options.compile {
            crate::bench_peers::compile_section(&root, &dir, options.quick, &mut report)?;
        }
        if options.overhead {
            overhead_section(&root, options.quick, &mut report)?;
        }
        Ok(())
    })();
    let path = dir.join("report.md");
    let _ = std::fs::write(&path, &report);
    match outcome {
        Ok(()) => {
            println!("\n(written to {})", path.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A spec to generate: its name in tables, its file, and its operation count.
pub struct Spec {
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
fn specs(root: &Path, dir: &Path, quick: bool) -> Result<Vec<Spec>, String> {
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

fn codegen_section(root: &Path, specs: &[Spec], quick: bool, report: &mut String) -> Result<(), String> {
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
        let text = read(&spec.path)?;
        let shown = format!("spec/{}.yaml", spec.name);
        let mut samples = Vec::new();
        let mut lines = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let (module, phases) = ::codegen::generate_timed(&shown, &text);
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

/// `PATH` with the release `cargo-apis` first, as `cargo install` would put it on the path.
pub fn with_cargo_apis(root: &Path) -> String {
    let release = root.join("target/release").display().to_string();
    match std::env::var("PATH") {
        Ok(path) if !path.is_empty() => format!("{release}:{path}"),
        _ => release,
    }
}

fn overhead_section(root: &Path, quick: bool, report: &mut String) -> Result<(), String> {
    section(
        report,
        "Client overhead",
        "`cargo bench -p apis --bench client_overhead`: generated client vs hand-written reqwest.",
    );
    let mut args = vec!["bench", "-p", "apis", "--bench", "client_overhead", "--"];
    if quick {
        args.push("--quick");
    }
    let output = Command::new(cargo())
        .args(&args)
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("the client overhead benchmark failed".into());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    print!("{text}");
    report.push_str(&text);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Measuring child processes

/// One finished command: wall time, the peak resident memory of its largest process, status.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub wall: Duration,
    pub peak_kib: u64,
    pub ok: bool,
}

/// `cargo xtask measure -- CMD ARGS..`: runs the command (output discarded) and prints
/// `wall_ns peak_kib exit_ok`. A process of its own, so the peak is this command's alone.
pub fn measure_main(command: &[String]) -> ExitCode {
    let Some((program, args)) = command.split_first() else {
        eprintln!("error: measure needs a command");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let status = Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::inherit()).status();
    let wall = started.elapsed();
    let Ok(status) = status else {
        eprintln!("error: cannot run `{program}`");
        return ExitCode::FAILURE;
    };
    // Every descendant has been waited for: the children's usage covers the whole command.
    let peak =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).map(|u| u.max_rss()).unwrap_or(0);
    println!("{} {} {}", wall.as_nanos(), peak, status.success());
    ExitCode::SUCCESS
}

/// Runs `program args` in `dir` once, through `xtask measure`.
pub fn measure(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<Measured, String> {
    let xtask = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let output = Command::new(xtask)
        .arg("measure")
        .arg("--")
        .arg(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let parsed = (
        fields.next().and_then(|f| f.parse::<u64>().ok()),
        fields.next().and_then(|f| f.parse::<i64>().ok()),
        fields.next(),
    );
    match parsed {
        (Some(nanos), Some(peak), Some(ok)) => {
            Ok(Measured { wall: Duration::from_nanos(nanos), peak_kib: peak.max(0) as u64, ok: ok == "true" })
        }
        _ => Err(format!(
            "`{program} {}` could not be measured:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// A command to measure: program, arguments, extra environment.
type Invocation<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

/// The median wall time and peak of `runs` runs of each command, the commands taking turns
/// run by run; an error if any run fails.
fn measure_runs<const N: usize>(
    runs: usize,
    dir: &Path,
    commands: [Invocation<'_>; N],
) -> Result<[Measured; N], String> {
    let mut samples: [Vec<Measured>; N] = std::array::from_fn(|_| Vec::new());
    for _ in 0..runs {
        for ((program, args, env), samples) in commands.iter().zip(&mut samples) {
            let m = measure(dir, program, args, env)?;
            if !m.ok {
                return Err(format!("`{program} {}` failed", args.join(" ")));
            }
            samples.push(m);
        }
    }
    Ok(samples.map(|s| summarize(&s)))
}

/// Several runs of one command: the median wall time, the highest peak, and whether all
/// succeeded.
pub fn summarize(samples: &[Measured]) -> Measured {
    Measured {
        wall: median(samples.iter().map(|m| m.wall).collect()),
        peak_kib: samples.iter().map(|m| m.peak_kib).max().unwrap_or(0),
        ok: samples.iter().all(|m| m.ok),
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

pub fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.2}") } else { format!("{ms:.0}") }
}

pub fn mib(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

pub fn section(report: &mut String, title: &str, note: &str) {
    let text = format!("\n## {title}\n\n{note}\n\n");
    print!("{text}");
    report.push_str(&text);
}

pub fn table_head(report: &mut String, columns: &[&str]) {
    let text = format!("| {} |\n|{}\n", columns.join(" | "), "---|".repeat(columns.len()));
    print!("{text}");
    report.push_str(&text);
}

pub fn row(report: &mut String, cells: &[String]) {
    let text = format!("| {} |\n", cells.join(" | "));
    print!("{text}");
    report.push_str(&text);
}

pub fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The CPU and core count, for the report's header.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("Machine: {cpu}, {cores} cores; {rustc}.")
}

//! Timing commands, each in a child `xtask measure` process of its own, so that
//! `getrusage(RUSAGE_CHILDREN)` gives that command's peak memory alone.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// One finished command: wall time, the peak resident memory of its largest process, status.
#[derive(Debug, Clone, Copy)]
pub(super) struct Measured {
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
pub(super) fn measure(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<Measured, String> {
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
pub(super) type Invocation<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

/// The median wall time and peak of `runs` runs of each command, the commands taking turns
/// run by run; an error if any run fails.
pub(super) fn measure_runs<const N: usize>(
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
pub(super) fn summarize(samples: &[Measured]) -> Measured {
    Measured {
        wall: median(samples.iter().map(|m| m.wall).collect()),
        peak_kib: samples.iter().map(|m| m.peak_kib).max().unwrap_or(0),
        ok: samples.iter().all(|m| m.ok),
    }
}

pub(super) fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// The `cargo` that runs this, or the one on the path.
pub(super) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// `PATH` with the release `cargo-apis` first, as `cargo install` would put it on the path.
pub(super) fn with_cargo_apis(root: &Path) -> String {
    let release = root.join("target/release").display().to_string();
    match std::env::var("PATH") {
        Ok(path) if !path.is_empty() => format!("{release}:{path}"),
        _ => release,
    }
}

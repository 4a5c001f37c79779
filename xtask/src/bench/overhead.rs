//! The generated client against hand-written reqwest: `cargo bench -p apis --bench
//! client_overhead`, its table copied into the report.

use std::path::Path;
use std::process::{Command, Stdio};

use super::measure::cargo;
use super::report::section;

pub(super) fn overhead_section(root: &Path, quick: bool, report: &mut String) -> Result<(), String> {
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

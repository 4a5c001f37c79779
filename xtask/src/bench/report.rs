//! The report: markdown sections and tables, printed as they are written and kept for
//! `target/bench/report.md`; and the file helpers every section uses.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.2}") } else { format!("{ms:.0}") }
}

pub(super) fn mib(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

pub(super) fn section(report: &mut String, title: &str, note: &str) {
    let text = format!("\n## {title}\n\n{note}\n\n");
    print!("{text}");
    report.push_str(&text);
}

pub(super) fn table_head(report: &mut String, columns: &[&str]) {
    let text = format!("| {} |\n|{}\n", columns.join(" | "), "---|".repeat(columns.len()));
    print!("{text}");
    report.push_str(&text);
}

pub(super) fn row(report: &mut String, cells: &[String]) {
    let text = format!("| {} |\n", cells.join(" | "));
    print!("{text}");
    report.push_str(&text);
}

pub(super) fn yes(ok: bool) -> String {
    (if ok { "yes" } else { "no" }).into()
}

pub(super) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

pub(super) fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub(super) fn touch(path: &Path) -> Result<(), String> {
    let mut text = read(path)?;
    // A changed file, not only a newer one: cargo compares fingerprints by mtime, rustc's
    // incremental cache by content.
    let _ = writeln!(text, "// touched");
    write(path, &text)
}

/// Lines of Rust under `dir`.
pub(super) fn rust_lines(dir: &Path) -> usize {
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

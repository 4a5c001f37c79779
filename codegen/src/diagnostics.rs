//! Located messages about a spec: what is wrong, where (`file:line:column`, the line quoted),
//! and what to do about it. Every stage collects them instead of stopping at the first.

use std::fmt;

/// Whether a diagnostic stops generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be turned into code until this is fixed.
    Error,
    /// Code is generated, but the spec probably says something it did not mean.
    Warning,
}

/// A position in a spec file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters the underline covers (at least 1).
    pub len: usize,
}

/// One message about a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file as the user names it (`spec/genesys/oauth.yaml`).
    pub file: String,
    /// Where in the file; `None` only when the file itself is the problem (e.g. it is empty).
    pub position: Option<Position>,
    /// The line at `position`, quoted in the rendering.
    pub source_line: Option<String>,
    /// What is wrong, lowercase, one line.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `at` (a place the IR kept), for tools that check a lowered API.
    pub fn error_at(at: &crate::ir::Located, message: impl Into<String>, help: Option<String>) -> Self {
        let (position, line) = at.position();
        Diagnostic {
            severity: Severity::Error,
            file: at.file.clone(),
            position: Some(position),
            source_line: Some(line),
            message: message.into(),
            help,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders in rustc's shape:
    ///
    /// ```text
    /// error: unknown key `sumary` in an operation
    ///   --> spec/genesys/oauth.yaml:12:5
    ///    |
    /// 12 |     sumary: Delete OAuth Client
    ///    |     ^^^^^^
    ///    = help: did you mean `summary`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let Some(pos) = self.position else {
            writeln!(f, "  --> {}", self.file)?;
            if let Some(help) = &self.help {
                writeln!(f, "   = help: {help}")?;
            }
            return Ok(());
        };
        let gutter = pos.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(f, "{pad}--> {}:{}:{}", self.file, pos.line, pos.column)?;
        if let Some(line) = &self.source_line {
            let (line, start) = window(line.trim_end(), pos.column.saturating_sub(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {line}", pos.line)?;
            let width = line.chars().count();
            let start = start.min(width);
            let len = pos.len.clamp(1, width.saturating_sub(start).max(1));
            // Keep tabs so the caret lines up under the quoted text.
            let lead: String = line.chars().take(start).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            writeln!(f, "{pad} | {lead}{}", "^".repeat(len))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// At most this many characters of a line are quoted, so every message fits on a screen.
const QUOTE_WIDTH: usize = 100;

/// The part of `line` to quote around character `column` (0-based), and where `column` falls
/// in it: the whole line when short, else a window marked with `…` at the cut ends.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= QUOTE_WIDTH {
        return (line.to_owned(), column);
    }
    let from = column.saturating_sub(QUOTE_WIDTH / 2).min(chars.len().saturating_sub(QUOTE_WIDTH));
    let to = (from + QUOTE_WIDTH).min(chars.len());
    let mut out: String = chars[from..to].iter().collect();
    let mut at = column - from;
    if from > 0 {
        out.insert(0, '…');
        at += 1;
    }
    if to < chars.len() {
        out.push('…');
    }
    (out, at)
}

/// Renders diagnostics one after another, errors first, then a summary line.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position)));
    let mut out = String::new();
    for d in &sorted {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors > 0 {
        out.push_str(&format!("{} and {}\n", plural(errors, "error"), plural(warnings, "warning")));
    }
    out
}

/// The closest candidate to `wrong`, for "did you mean" hints: an exact match ignoring case
/// and punctuation first, else the nearest by edit distance if it is close enough to help.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let fold = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let wrong_folded = fold(wrong);
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if fold(candidate) == wrong_folded {
            return Some(candidate);
        }
        let score = strsim::jaro_winkler(&wrong.to_lowercase(), &candidate.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_quoted_as_a_window_around_the_column() {
        let long = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let (quoted, at) = window(&long, 1000);
        assert_eq!(quoted.chars().nth(at), Some('X'));
        assert!(quoted.chars().count() <= QUOTE_WIDTH + 2 && quoted.starts_with('…') && quoted.ends_with('…'));
        assert_eq!(window("short", 2), ("short".to_owned(), 2));
    }

    #[test]
    fn closest_prefers_case_and_punctuation_matches_then_near_spellings() {
        let keys = ["summary", "description", "docs_url", "read_only"];
        assert_eq!(closest("sumary", keys), Some("summary"));
        assert_eq!(closest("readOnly", keys), Some("read_only"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn rendering_quotes_the_line_and_underlines_the_span() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: "spec/x.yaml".into(),
            position: Some(Position { line: 3, column: 5, len: 6 }),
            source_line: Some("    sumary: hi".into()),
            message: "unknown key `sumary` in an operation".into(),
            help: Some("did you mean `summary`?".into()),
        };
        assert_eq!(
            d.to_string(),
            "error: unknown key `sumary` in an operation\n --> spec/x.yaml:3:5\n  |\n3 |     sumary: hi\n  |     ^^^^^^\n  = help: did you mean `summary`?\n"
        );
    }
}

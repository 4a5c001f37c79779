//! [`Context`]: one spec file being processed, and the diagnostics collected about it.

use crate::diagnostics::{Diagnostic, Position, Severity};
use crate::source_map::{Seg, SourceMap};

/// A spec file's name, text and source map, plus every diagnostic found so far.
///
/// Stages report through it and carry on, so one run shows every independent mistake.
pub struct Context {
    file: String,
    text: String,
    source_map: SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl Context {
    /// Starts on the spec at `file` (as shown to the user, e.g. `spec/genesys_oauth.yaml`).
    pub fn new(file: &str, text: &str) -> Self {
        Context {
            file: file.to_owned(),
            text: text.to_owned(),
            source_map: SourceMap::new(text),
            diagnostics: Vec::new(),
        }
    }

    /// The spec's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Where each node of the spec is.
    pub fn source_map(&self) -> &SourceMap {
        &self.source_map
    }

    /// Where the value at `path` is, with its line (the start of the file when the map lacks it).
    pub fn locate(&self, path: &[Seg]) -> crate::ir::Located {
        let position = self.source_map.value(path).unwrap_or(Position { line: 1, column: 1, len: 1 });
        let line = self.source_map.line(position.line).unwrap_or_default().to_owned();
        crate::ir::Located { position, line }
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Everything reported, in the order found.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// An error about the value at `path`.
    pub fn error(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map.value(path);
        self.push(Severity::Error, position, message.into(), help);
    }

    /// An error about the key that introduces `path` (an unknown or misplaced key).
    pub fn error_key(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map.key(path);
        self.push(Severity::Error, position, message.into(), help);
    }

    /// A warning about the key that introduces `path`.
    pub fn warning(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map.key(path);
        self.push(Severity::Warning, position, message.into(), help);
    }

    /// An error at a known line and column (syntax errors).
    pub fn error_at_line(&mut self, line: usize, column: usize, message: impl Into<String>, help: impl Into<String>) {
        let position = Some(Position { line, column, len: 1 });
        self.push(Severity::Error, position, message.into(), Some(help.into()));
    }

    /// An error about the file as a whole (it is empty, or lacks a required block).
    pub fn error_at_file(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let position = Some(Position { line: 1, column: 1, len: 1 });
        self.push(Severity::Error, position, message.into(), Some(help.into()));
    }

    fn push(&mut self, severity: Severity, position: Option<Position>, message: String, help: Option<String>) {
        // The source map can lack a node (YAML that only serde_yaml reads, e.g. tags on keys):
        // the start of the file is still a place to look, where no position would be none.
        let position = position.or(Some(Position { line: 1, column: 1, len: 1 }));
        let source_line = position.and_then(|p| self.source_map.line(p.line)).map(str::to_owned);
        self.diagnostics.push(Diagnostic { severity, file: self.file.clone(), position, source_line, message, help });
    }
}

//! [`Context`]: one spec file being processed, and the diagnostics collected about it.

use crate::diagnostics::{Diagnostic, Position, Severity};
use std::cell::OnceCell;
use std::sync::Arc;

use crate::source_map::{Seg, SourceMap};

/// The spec files being processed (one, or a vendor's folder), plus every diagnostic found
/// so far. Diagnostics go to the file [`select`](Self::select)ed last (the first, at first).
///
/// Stages report through it and carry on, so one run shows every independent mistake.
pub struct Context {
    files: Vec<SourceFile>,
    current: usize,
    diagnostics: Vec<Diagnostic>,
}

/// One spec file: its name as shown, its text, where each node of it is. The map is made the
/// first time a diagnostic needs a position: mapping means a second parse of the whole file
/// (positions by path), which a valid spec never needs.
struct SourceFile {
    name: String,
    text: Arc<str>,
    source_map: OnceCell<SourceMap>,
}

impl Context {
    /// Starts on the spec at `file` (as shown to the user, e.g. `spec/genesys/oauth.yaml`).
    pub fn new(file: &str, text: &str) -> Self {
        let mut cx = Context { files: Vec::new(), current: 0, diagnostics: Vec::new() };
        cx.add_file(file, text);
        cx
    }

    /// Adds another file of the same API; its index, for [`select`](Self::select).
    pub fn add_file(&mut self, file: &str, text: &str) -> usize {
        self.files.push(SourceFile { name: file.to_owned(), text: Arc::from(text), source_map: OnceCell::new() });
        self.files.len() - 1
    }

    /// Makes `file` (an index from [`add_file`](Self::add_file); 0 is the first) the one that
    /// paths point into and diagnostics name.
    pub fn select(&mut self, file: usize) {
        if file < self.files.len() {
            self.current = file;
        }
    }

    /// The file selected.
    pub fn current(&self) -> usize {
        self.current
    }

    /// The name of file `file`, as shown.
    pub fn name_of(&self, file: usize) -> &str {
        self.files.get(file).map_or("", |f| f.name.as_str())
    }

    /// The selected file's name, as shown.
    pub fn file_name(&self) -> &str {
        &self.files[self.current].name
    }

    /// The selected file's text.
    pub fn text(&self) -> &str {
        &self.files[self.current].text
    }

    /// Where each node of the selected file is.
    pub fn source_map(&self) -> &SourceMap {
        let file = &self.files[self.current];
        file.source_map.get_or_init(|| SourceMap::new(&file.text))
    }

    /// Where the value at `path` is in the selected file, with its line (the start of the
    /// file when the map lacks it).
    pub fn locate(&self, path: &[Seg]) -> crate::ir::Located {
        let file = &self.files[self.current];
        crate::ir::Located { file: file.name.clone(), text: Arc::clone(&file.text), path: path.to_vec() }
    }

    /// Whether any error (not warning) was reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Adds diagnostics found elsewhere (a file loaded on another thread), after those so far.
    pub fn extend(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// Everything reported, in the order found.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// An error about the value at `path`.
    pub fn error(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map().value(path);
        self.push(Severity::Error, position, message.into(), help);
    }

    /// An error about the key that introduces `path` (an unknown or misplaced key).
    pub fn error_key(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map().key(path);
        self.push(Severity::Error, position, message.into(), help);
    }

    /// A warning about the key that introduces `path`.
    pub fn warning(&mut self, path: &[Seg], message: impl Into<String>, help: Option<String>) {
        let position = self.source_map().key(path);
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
        let source_line = position.and_then(|p| self.source_map().line(p.line)).map(str::to_owned);
        let file = self.file_name().to_owned();
        self.diagnostics.push(Diagnostic { severity, file, position, source_line, message, help });
    }
}

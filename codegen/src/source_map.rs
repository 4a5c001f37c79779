//! Where each node of a YAML document is: `operations[2].parameters[0].type` -> line 41, column 15.
//!
//! `serde_yaml` reports positions for syntax errors only, and its values carry no spans, so a
//! second, event-level pass (`yaml-rust2`, which gives a mark per event) records the position
//! of every key and value by its path. Diagnostics about meaning (an undefined model, a bad
//! default) look their position up here.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostics::Position;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path into a YAML document.
pub type YamlPath = Vec<Seg>;

/// Renders a path the way a user reads it: `operations[2].parameters[0].type`.
#[cfg(test)]
fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[derive(Debug, Default, Clone, Copy)]
struct Node {
    key: Option<Position>,
    value: Option<Position>,
}

/// Positions of the keys and values of one document, by path.
#[derive(Debug, Default)]
pub struct SourceMap {
    nodes: HashMap<YamlPath, Node>,
    /// For keys given twice in one mapping: where the first one was (`nodes` has the last).
    first_keys: HashMap<YamlPath, Position>,
    lines: Vec<String>,
}

impl SourceMap {
    /// Maps `text`. A document the event parser cannot read yields a map that knows only the
    /// lines (callers report the syntax error from `serde_yaml` instead).
    pub fn new(text: &str) -> Self {
        let mut builder = Builder::default();
        let spaced = spaced(text);
        let mut parser = Parser::new_from_str(&spaced);
        // Errors leave a partial map, which still locates everything before them.
        let _ = parser.load(&mut builder, false);
        SourceMap {
            nodes: builder.nodes,
            first_keys: builder.first_keys,
            lines: text.lines().map(str::to_owned).collect(),
        }
    }

    /// The position of the value at `path`, or of its nearest ancestor that has one.
    pub fn value(&self, path: &[Seg]) -> Option<Position> {
        (0..=path.len()).rev().find_map(|n| self.nodes.get(&path[..n]).and_then(|node| node.value.or(node.key)))
    }

    /// The position of the key that introduces `path` (else as [`SourceMap::value`]).
    pub fn key(&self, path: &[Seg]) -> Option<Position> {
        match self.nodes.get(path) {
            Some(Node { key: Some(key), .. }) => Some(*key),
            _ => self.value(path),
        }
    }

    /// Where a key given twice in one mapping first appeared.
    pub fn first_key(&self, path: &[Seg]) -> Option<Position> {
        self.first_keys.get(path).copied()
    }

    /// Whether `path` exists in the document.
    pub fn contains(&self, path: &[Seg]) -> bool {
        self.nodes.contains_key(path)
    }

    /// The text of 1-based line `line`.
    pub fn line(&self, line: usize) -> Option<&str> {
        self.lines.get(line.checked_sub(1)?).map(String::as_str)
    }
}

/// Where `text` first nests deeper than [`MAX_DEPTH`] levels, if it does, from an event pass
/// that records nothing else (the generator refuses such a spec before serde_yaml reads it:
/// libyaml's scanner is quadratic in flow-nesting depth). It costs a fraction of
/// [`SourceMap::new`], which a valid spec never needs, but half of serde_yaml's parse, so it
/// runs only where `nesting`'s byte scan cannot rule deep flow nesting out.
pub fn too_deep(text: &str) -> Option<Position> {
    #[derive(Default)]
    struct Depth {
        depth: usize,
        at: Option<Position>,
    }
    impl MarkedEventReceiver for Depth {
        fn on_event(&mut self, event: Event, mark: Marker) {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    if self.depth >= MAX_DEPTH && self.at.is_none() {
                        self.at = Some(position(&mark, 1));
                    }
                    self.depth += 1;
                }
                Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    let mut depth = Depth::default();
    let spaced = spaced(text);
    if let Err(err) = Parser::new_from_str(&spaced).load(&mut depth, false) {
        if err.info().contains("recursion limit") && depth.at.is_none() {
            depth.at = Some(position(err.marker(), 1));
        }
    }
    depth.at
}

/// yaml-rust2 refuses some tabs that libyaml (serde_yaml) accepts, e.g. after `key:`; as
/// spaces they keep every column and let both parsers read the same document.
fn spaced(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\t') { text.replace('\t', " ").into() } else { text.into() }
}

/// The deepest nesting a spec may have (serde_yaml's own limit is 128); deeper nodes are not
/// mapped, so a hostile input cannot make the per-frame paths cost quadratic memory.
pub const MAX_DEPTH: usize = 64;

enum Frame {
    /// `fresh` until its first key: a mapping is located at its first key, which is where a
    /// reader looks (the event's own mark can fall after it, e.g. on `- id:`).
    Map {
        path: YamlPath,
        key: Option<String>,
        fresh: bool,
    },
    Seq {
        path: YamlPath,
        index: usize,
    },
    /// A complex (non-scalar) mapping key: nothing inside is addressable by path.
    Ignored,
}

#[derive(Default)]
struct Builder {
    nodes: HashMap<YamlPath, Node>,
    first_keys: HashMap<YamlPath, Position>,
    stack: Vec<Frame>,
    root_seen: bool,
}

impl Builder {
    /// The path of the node that the next value event starts, or `None` when the next event is
    /// a mapping key (or inside an ignored complex key).
    fn next_value_path(&self) -> Option<YamlPath> {
        match self.stack.last() {
            None => Some(Vec::new()),
            Some(Frame::Map { key: None, .. }) | Some(Frame::Ignored) => None,
            Some(Frame::Map { path, key: Some(k), .. }) => Some(with_seg(path, Seg::Key(k.clone()))),
            Some(Frame::Seq { path, index }) => Some(with_seg(path, Seg::Index(*index))),
        }
    }

    /// After a complete value: a mapping expects its next key, a sequence its next item.
    fn value_done(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { key, .. }) => *key = None,
            Some(Frame::Seq { index, .. }) => *index += 1,
            _ => {}
        }
    }

    fn in_key_position(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

fn with_seg(path: &[Seg], seg: Seg) -> YamlPath {
    let mut p = path.to_vec();
    p.push(seg);
    p
}

fn position(mark: &Marker, len: usize) -> Position {
    Position { line: mark.line(), column: mark.col() + 1, len: len.max(1) }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, style, ..) => {
                let quotes =
                    if matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted) { 2 } else { 0 };
                if self.in_key_position() {
                    if let Some(Frame::Map { path, key, fresh }) = self.stack.last_mut() {
                        let at = position(&mark, text.chars().count() + quotes);
                        if std::mem::take(fresh) {
                            if let Some(node) = self.nodes.get_mut(path.as_slice()) {
                                node.value = Some(Position { len: 1, ..at });
                            }
                        }
                        let node_path = with_seg(path, Seg::Key(text.clone()));
                        let node = self.nodes.entry(node_path.clone()).or_default();
                        if let Some(first) = node.key.replace(at) {
                            self.first_keys.entry(node_path).or_insert(first);
                        }
                        *key = Some(text);
                    }
                } else if let Some(path) = self.next_value_path() {
                    let len = text.lines().next().map_or(1, |l| l.chars().count() + quotes);
                    self.nodes.entry(path).or_default().value = Some(position(&mark, len));
                    self.value_done();
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.next_value_path() {
                    self.nodes.entry(path).or_default().value = Some(position(&mark, 1));
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let frame = match self.next_value_path() {
                    _ if self.in_key_position() || self.stack.len() >= MAX_DEPTH => Frame::Ignored,
                    None => Frame::Ignored,
                    Some(path) => {
                        if path.is_empty() && self.root_seen {
                            // A second document in one file: only the first is mapped.
                            Frame::Ignored
                        } else {
                            self.root_seen |= path.is_empty();
                            self.nodes.entry(path.clone()).or_default().value = Some(position(&mark, 1));
                            if is_map {
                                Frame::Map { path, key: None, fresh: true }
                            } else {
                                Frame::Seq { path, index: 0 }
                            }
                        }
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Ignored) = self.stack.pop() {
                    // A complex key ended: the parent mapping now expects its value.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        if key.is_none() {
                            *key = Some("<complex key>".into());
                            return;
                        }
                    }
                }
                self.value_done();
            }
            _ => {}
        }
    }
}

/// `[a, b, c]` as the path of keys `a.b.c`.
pub fn key_path(keys: &[&str]) -> YamlPath {
    keys.iter().map(|k| Seg::Key((*k).to_owned())).collect()
}

/// `path` then the key `key`.
pub fn child(path: &[Seg], key: &str) -> YamlPath {
    with_seg(path, Seg::Key(key.to_owned()))
}

/// `path` then the list index `index`.
pub fn indexed(path: &[Seg], index: usize) -> YamlPath {
    with_seg(path, Seg::Index(index))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Seg {
        Seg::Key(s.into())
    }

    #[test]
    fn keys_and_values_are_located_by_path() {
        let text = "api:\n  title: T\noperations:\n  - id: a\n    parameters:\n      - name: x\n        type: string\n";
        let map = SourceMap::new(text);
        let p = vec![key("operations"), Seg::Index(0), key("parameters"), Seg::Index(0), key("type")];
        assert_eq!(map.value(&p), Some(Position { line: 7, column: 15, len: 6 }));
        assert_eq!(map.key(&p), Some(Position { line: 7, column: 9, len: 4 }));
        assert_eq!(map.key(&[key("api"), key("title")]).map(|p| (p.line, p.column)), Some((2, 3)));
        // An unknown path falls back to its nearest known ancestor, located at its first key.
        let missing = vec![key("operations"), Seg::Index(0), key("nope")];
        assert_eq!(map.value(&missing).map(|p| (p.line, p.column)), Some((4, 5)));
        assert_eq!(display_path(&p), "operations[0].parameters[0].type");
    }

    #[test]
    fn very_deep_documents_are_mapped_only_to_a_bounded_depth() {
        let deep = format!("a: {}1{}", "[".repeat(200_000), "]".repeat(200_000));
        let map = SourceMap::new(&deep);
        assert!(map.contains(&[key("a")]));
        assert!(map.nodes.len() <= MAX_DEPTH + 2, "{}", map.nodes.len());
        assert_eq!(too_deep(&deep).map(|p| p.line), Some(1));
        assert_eq!(too_deep("a: [[1]]"), None);
        let block = (0..70).fold(String::new(), |text, i| format!("{text}{}k{i}:\n", " ".repeat(i)));
        assert_eq!(too_deep(&block).map(|p| p.line), Some(MAX_DEPTH + 1));
    }

    #[test]
    fn tabs_after_a_colon_do_not_stop_the_map() {
        let map = SourceMap::new("api:\t2\nb:\n  c: 1\n");
        assert_eq!(map.value(&[key("b"), key("c")]).map(|p| (p.line, p.column)), Some((3, 6)));
    }

    #[test]
    fn a_key_given_twice_is_located_at_both_places() {
        let map = SourceMap::new("fields:\n  a: 1\n  b: 2\n  a: 3\n");
        let a = vec![key("fields"), key("a")];
        assert_eq!(map.key(&a).map(|p| p.line), Some(4));
        assert_eq!(map.first_key(&a).map(|p| p.line), Some(2));
        assert_eq!(map.first_key(&[key("fields"), key("b")]), None);
    }

    #[test]
    fn flow_collections_and_complex_keys_do_not_confuse_the_paths() {
        let text = "a: {b: [1, {c: d}], ? [x]: y, e: f}\n";
        let map = SourceMap::new(text);
        let c = vec![key("a"), key("b"), Seg::Index(1), key("c")];
        assert_eq!(map.value(&c).map(|p| p.column), Some(16));
        assert_eq!(map.value(&[key("a"), key("e")]).map(|p| p.column), Some(34));
    }
}

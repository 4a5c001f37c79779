//! A large spec file parsed on every core. libyaml (under serde_yaml) reads about 25 MB/s on
//! one core, which made loading a third of a 5,000-operation file's time. The text is cut
//! where its top-level keys begin, and inside a big block list or mapping (`operations:`,
//! `models:`) where its items begin; each piece is parsed alone and the values are put back
//! together in order.
//!
//! Only a value a whole parse would give is returned. A cut is made only at a line that no
//! multi-line construct can span: one at the indentation of a block collection's items, which
//! ends any scalar or collection of the item before it. Whatever else could differ makes a
//! piece fail alone (a quoted scalar or a flow collection left open, an alias to an anchor of
//! another piece, a second document), or shows when the values are joined (a key in two
//! pieces); then `None`, and the caller parses the whole text, which finds and places the
//! error as before.

use serde_yaml::{Mapping, Value};

/// Below this size one parse is quicker than starting threads.
const MIN_BYTES: usize = 64 * 1024;

/// Pieces per core, so a core that gets slow pieces does not hold up the rest.
const PIECES_PER_CORE: usize = 4;

/// The value of `text`, parsed in pieces on every core, or `None` where it is small, cannot be
/// cut, or a piece does not parse alone (then parse it whole).
pub fn parse(text: &str) -> Option<Value> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if text.len() < MIN_BYTES || cores < 2 {
        return None;
    }
    parse_with(text, text.len() / (cores * PIECES_PER_CORE))
}

/// [`parse`] with pieces of about `target` bytes, whatever the text's size.
fn parse_with(text: &str, target: usize) -> Option<Value> {
    let jobs = jobs(text, target.max(1))?;
    let parsed = crate::parallel::map(&jobs, |job| serde_yaml::from_str::<Value>(job.text).ok());
    let mut root = Mapping::new();
    // The collection that the pieces since its key line are items of.
    let mut open: Option<(Value, Value)> = None;
    for (job, value) in jobs.iter().zip(parsed) {
        match (&job.kind, value?) {
            // Comments alone (before the first key).
            (Kind::Entries, Value::Null) => {}
            (Kind::Entries, Value::Mapping(entries)) => {
                close(&mut root, &mut open)?;
                for (key, value) in entries {
                    insert(&mut root, key, value)?;
                }
            }
            (Kind::Key, Value::Mapping(entries)) => {
                close(&mut root, &mut open)?;
                let mut entries = entries.into_iter();
                let (key, Value::Null) = entries.next()? else { return None };
                if entries.next().is_some() {
                    return None;
                }
                open = Some((key, Value::Null));
            }
            (Kind::Items, Value::Sequence(mut items)) => match &mut open {
                Some((_, Value::Null)) => open.as_mut()?.1 = Value::Sequence(items),
                Some((_, Value::Sequence(all))) => all.append(&mut items),
                _ => return None,
            },
            (Kind::Items, Value::Mapping(entries)) => match &mut open {
                Some((_, Value::Null)) => open.as_mut()?.1 = Value::Mapping(entries),
                Some((_, Value::Mapping(all))) => {
                    for (key, value) in entries {
                        insert(all, key, value)?;
                    }
                }
                _ => return None,
            },
            _ => return None,
        }
    }
    close(&mut root, &mut open)?;
    Some(Value::Mapping(root))
}

/// Puts the collection that was being filled, if any, into `root`.
fn close(root: &mut Mapping, open: &mut Option<(Value, Value)>) -> Option<()> {
    match open.take() {
        Some((key, value)) => insert(root, key, value),
        None => Some(()),
    }
}

/// Adds an entry; `None` where the key is already there (the whole parse reports it).
fn insert(map: &mut Mapping, key: Value, value: Value) -> Option<()> {
    if map.contains_key(&key) {
        return None;
    }
    map.insert(key, value);
    Some(())
}

/// What a piece of the text holds.
#[derive(Debug, PartialEq)]
enum Kind {
    /// Whole top-level entries: a mapping of them.
    Entries,
    /// The line of a top-level key whose block collection is cut into pieces that follow.
    Key,
    /// Items of that collection (list items, or a mapping's entries), at their own indentation.
    Items,
}

/// A piece of the text to parse alone.
#[derive(Debug)]
struct Job<'a> {
    kind: Kind,
    text: &'a str,
}

/// The text cut into pieces of about `target` bytes, or `None` where it cannot be cut safely:
/// the document must be a block mapping at column 0 of plain keys.
fn jobs(text: &str, target: usize) -> Option<Vec<Job<'_>>> {
    let lines = lines(text);
    // The top-level entries: where each key line starts, up to the next.
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.text.trim_end_matches('\n');
        match body.as_bytes().first() {
            None | Some(b'#') => {}
            // An item of a list at the key's own indentation (`key:` then `- item`).
            Some(b'-') if matches!(body.as_bytes().get(1), None | Some(b' ')) && !starts.is_empty() => {}
            Some(b' ') => {
                if starts.is_empty() && !is_blank(body) {
                    return None;
                }
            }
            _ if plain_key_line(body).is_some() => starts.push(i),
            _ => return None,
        }
    }
    if starts.is_empty() {
        return None;
    }
    starts.push(lines.len());
    let mut jobs = Vec::new();
    // Comments and blank lines before the first key go with the first entry.
    let mut pending = 0..lines[starts[0]].start;
    for entry in starts.windows(2) {
        let (first, end) = (entry[0], entry[1]);
        let entry_end = lines.get(end).map_or(text.len(), |l| l.start);
        let key_only = key_only_line(lines[first].text.trim_end_matches('\n'));
        let cuts = item_cuts(&lines[first + 1..end]).filter(|_| key_only && entry_end - lines[first].start > target);
        match cuts {
            Some(cuts) => {
                if !pending.is_empty() {
                    jobs.push(Job { kind: Kind::Entries, text: &text[pending.clone()] });
                }
                let key_end = lines[first].start + lines[first].text.len();
                jobs.push(Job { kind: Kind::Key, text: &text[pending.end..key_end] });
                let mut from = key_end;
                // The first item's piece starts after the key line, with any comments before it.
                for cut in cuts[1..].iter().map(|&c| lines[first + 1 + c].start).chain([entry_end]) {
                    if cut - from >= target || cut == entry_end {
                        jobs.push(Job { kind: Kind::Items, text: &text[from..cut] });
                        from = cut;
                    }
                }
                pending = entry_end..entry_end;
            }
            None => {
                pending.end = entry_end;
                if pending.len() >= target {
                    jobs.push(Job { kind: Kind::Entries, text: &text[pending.clone()] });
                    pending = entry_end..entry_end;
                }
            }
        }
    }
    if !pending.is_empty() {
        jobs.push(Job { kind: Kind::Entries, text: &text[pending] });
    }
    Some(jobs)
}

/// Where the items of a block collection begin, as indexes into `lines` (the lines after its
/// key line, up to the next top-level key), the first item first; `None` where the key's value
/// is not a block collection of items that start at one indentation, or the first item is
/// preceded by anything but blank lines and comments.
fn item_cuts(lines: &[Line<'_>]) -> Option<Vec<usize>> {
    let mut indent = None;
    let mut list = false;
    let mut cuts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let body = line.text.trim_end_matches('\n');
        let trimmed = body.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = body.len() - trimmed.len();
        if trimmed.starts_with('\t') {
            return None;
        }
        let dash = trimmed.starts_with('-') && matches!(trimmed.as_bytes().get(1), None | Some(b' '));
        match indent {
            None => {
                indent = Some(at);
                list = dash;
                if !dash && plain_key_line(trimmed).is_none() {
                    return None;
                }
                cuts.push(i);
            }
            Some(items) if at == items => {
                if list != dash || (!dash && plain_key_line(trimmed).is_none()) {
                    return None;
                }
                cuts.push(i);
            }
            Some(items) if at < items => return None,
            Some(_) => {}
        }
    }
    (!cuts.is_empty()).then_some(cuts)
}

/// `Some(())` where `line` (from its first character) is a plain key with nothing after its
/// colon but a comment, or a plain key and a value: `name:`, `name: value`. Plain means a
/// letter or `_` and then letters, digits, `_`, `-` or `.`, which YAML reads as that string
/// and nothing else.
fn plain_key_line(line: &str) -> Option<()> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let len = bytes.iter().position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))?;
    let after = &bytes[len..];
    (after.first() == Some(&b':') && matches!(after.get(1), None | Some(b' '))).then_some(())
}

/// Whether `line` is a plain key with nothing after its colon but a comment: its value is
/// the block collection on the lines that follow, or null.
fn key_only_line(line: &str) -> bool {
    plain_key_line(line).is_some() && {
        let rest = line.split_once(':').map_or("", |(_, rest)| rest).trim_start_matches(' ');
        rest.is_empty() || rest.starts_with('#')
    }
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// A line of the text, with its line break, and where it starts.
#[derive(Debug)]
struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for text in text.split_inclusive('\n') {
        out.push(Line { start, text });
        start += text.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces' value, at every size of piece, is the whole parse's.
    fn same_as_whole(text: &str) {
        let whole = serde_yaml::from_str::<Value>(text).ok();
        for target in [1, 7, 40, 200, 5000] {
            if let Some(value) = parse_with(text, target) {
                assert_eq!(Some(&value), whole.as_ref(), "target {target}:\n{text}");
            }
        }
    }

    #[test]
    fn a_spec_cut_at_every_item_parses_as_a_whole() {
        let text = "# a comment\napi:\n  title: T\n  sources: [{note: n}]\noperations:\n  - id: a\n    summary: |\n      text\n\n      more\n  # between\n  - id: b\n    params: [x]\nmodels:\n  A:\n    fields: {}\n  B: {}\nlast: 1\n";
        let value = parse_with(text, 1).expect("cut");
        assert_eq!(Some(value), serde_yaml::from_str(text).ok());
        let jobs = jobs(text, 1).expect("jobs");
        let kinds: Vec<_> = jobs.iter().map(|j| &j.kind).collect();
        use Kind::*;
        // The comment; `api`, `operations`, `models` in their items; `last`.
        assert_eq!(kinds, [&Entries, &Key, &Items, &Items, &Key, &Items, &Items, &Key, &Items, &Items, &Entries]);
        assert_eq!(jobs.iter().map(|j| j.text).collect::<String>(), text);
    }

    #[test]
    fn what_a_piece_cannot_hold_alone_makes_the_whole_parse_run() {
        let refused = [
            // A quoted scalar and a flow collection that go on past a key line.
            "a: \"x\nb: y\"\nc:\n  - 1\n  - 2\n",
            "a: [1,\nb: 2]\nc:\n  - 1\n  - 2\n",
            // An alias to an anchor of another piece.
            "a: &x {k: 1}\nb:\n  - 1\n  - *x\n",
            // A key twice, at the top level and among a mapping's items.
            "a:\n  - 1\n  - 2\na: 3\n",
            "m:\n  k: 1\n  j: 2\n  k: 3\n",
            // Not a mapping of plain keys at column 0.
            "  a: 1\nb:\n  - 1\n",
            "- a\n- b\n",
            "\"a\": 1\nb:\n  - 1\n",
            "a: 1\n---\nb: 2\n",
        ];
        for text in refused {
            assert_eq!(parse_with(text, 1), None, "{text}");
            same_as_whole(text);
        }
    }

    #[test]
    fn lists_at_the_keys_indentation_and_comments_parse_as_a_whole() {
        for text in [
            "a:\n- 1\n- 2\n# c\n- [3]\nb: x\n",
            "a:\n  # first\n  k: 1\n  j:\n    - 2\n  l: >\n    folded\n    text\n",
            "a: |\n  block\n  text\nb:\n  - x: 1\n    y: 2\n",
            "a:\n  - 1\n   - 2\n",
            "a:\n    - 1\n  - 2\n",
            "a:\n  - 1\n  k: 2\n",
        ] {
            same_as_whole(text);
        }
    }

    #[test]
    fn every_spec_in_the_repository_parses_as_a_whole() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut files = 0;
        for dir in ["spec", "spec/genesys", "spec/knetik"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).expect("spec dir").flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let text = std::fs::read_to_string(&path).expect("spec");
                    let value = parse_with(&text, 2048).expect("a spec cuts");
                    assert_eq!(Some(value), serde_yaml::from_str(&text).ok(), "{}", path.display());
                    files += 1;
                }
            }
        }
        assert!(files > 40);
    }

    #[test]
    fn a_synthetic_api_parses_as_a_whole() {
        let text = crate::synth::spec(60, 7);
        let whole = serde_yaml::from_str::<Value>(&text).expect("synth parses");
        for target in [1, 3000, 10_000] {
            let jobs = jobs(&text, target).expect("jobs");
            assert!(jobs.len() > 2, "{target}: {} pieces", jobs.len());
            assert_eq!(parse_with(&text, target).as_ref(), Some(&whole), "{target}");
        }
    }

    /// Lines of the kinds YAML's tricky cases are made of, mostly at the indentations of a
    /// spec (so that many texts parse, and parse in pieces), some anywhere.
    fn yaml_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        const BODIES: [&str; 30] = [
            "a:",
            "b: 1",
            "- e",
            "-",
            "- f: 1",
            "k: {l: 1}",
            "a: 2",
            "- x: 1",
            "  y: 2",
            "m:",
            "# c",
            "",
            "c: \"x",
            "d\"",
            "g: [1,",
            "2]",
            "h: |",
            "text",
            "i: &x 1",
            "j: *x",
            "- &y 2",
            "- *y",
            "q: 'q",
            "r'",
            "? k",
            ": v",
            "...",
            "n: >-",
            "- - o",
            "<<: *x",
        ];
        let indent = prop_oneof![4 => (0usize..3).prop_map(|i| i * 2), 1 => 0usize..6];
        let body = prop_oneof![6 => 0usize..12, 1 => 12..BODIES.len()];
        proptest::collection::vec((indent, body), 1..16).prop_map(|lines| {
            let lines = lines.iter().map(|&(indent, body)| format!("{}{}\n", " ".repeat(indent), BODIES[body]));
            // A spec starts with a top-level key.
            std::iter::once("a:\n".to_owned()).chain(lines).collect()
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Whatever the pieces give is what the whole parse gives.
        #[test]
        fn pieces_never_differ_from_the_whole(text in yaml_lines()) {
            same_as_whole(&text);
        }
    }
}

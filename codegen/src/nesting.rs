//! How deep a spec nests, found cheaply, so that a valid spec is parsed once: libyaml (under
//! serde_yaml) scans in time that grows with the *flow* nesting (`[`, `{`) times the length,
//! so a hostile spec of a few megabytes of `[` would take hours. A spec is refused before
//! serde_yaml reads it when its flow collections may nest deeper than
//! [`MAX_DEPTH`](crate::source_map::MAX_DEPTH); [`flow_depth_bound`] proves in one pass over
//! the bytes that they do not, and only where it cannot tell does the full event pass
//! ([`too_deep`](crate::source_map::too_deep)) decide. Block nesting costs libyaml nothing
//! extra, so it is measured on the parsed value ([`value_depth_exceeds`]).

use serde_yaml::Value;

/// An upper bound of how deep libyaml's scanner nests flow collections in `text`, or `None`
/// where this scan cannot tell (a flow collection or quoted scalar that goes on past its
/// line, a tag, a directive, an unusual line break).
///
/// Each line is scanned alone, as if it began a token in block context with nothing open.
/// That is what it does begin unless it carries on a scalar of an earlier line (the text of a
/// block scalar, the next line of a plain scalar): there libyaml opens no collection at all,
/// so whatever the scan makes of such a line can only raise the bound. Within a line the scan
/// splits tokens as `yaml_parser_fetch_next_token` does: a bracket opens or closes a
/// collection only where a token starts, never in a quoted scalar, a comment, or a plain
/// scalar in block context. Where libyaml would stop with an error, nothing after it on the
/// line counts (libyaml reads no further), so the scan skips the rest of the line.
pub fn flow_depth_bound(text: &str) -> Option<usize> {
    // Line breaks and marks that libyaml treats specially, and that splitting on `\n` would not.
    if text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}']) {
        return None;
    }
    text.split('\n').try_fold(0, |max, line| Some(max.max(line_depth(line.as_bytes())?)))
}

/// The deepest flow nesting a line reaches, scanned from the start of a token in block
/// context; `None` where a collection or quoted scalar is still open at its end, or the line
/// holds a directive, a document marker or a tag.
fn line_depth(line: &[u8]) -> Option<usize> {
    if line.starts_with(b"%") || line.starts_with(b"---") || line.starts_with(b"...") {
        return None;
    }
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(&b) = line.get(i) {
        let flow = depth > 0;
        match b {
            b' ' | b'\t' | b',' => i += 1,
            // A comment, to the end of the line.
            b'#' => break,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'-' if blank(line, i + 1) => i += 1,
            b'?' | b':' if flow || blank(line, i + 1) => i += 1,
            b'*' | b'&' => i = (i + 1..line.len()).find(|&j| !is_anchor_char(line[j])).unwrap_or(line.len()),
            // A block scalar's header: what follows on the line is a comment or an error.
            b'|' | b'>' if !flow => return Some(max),
            b'\'' => i = quoted_end(line, i + 1, b'\'')?,
            b'"' => i = quoted_end(line, i + 1, b'"')?,
            b'!' => return None,
            // Cannot start a token: libyaml stops here.
            b'|' | b'>' | b'%' | b'@' | b'`' => return Some(max),
            _ => i = plain_end(line, i, flow),
        }
    }
    (depth == 0).then_some(max)
}

/// Whether the byte at `i` is a blank or the line's end (libyaml's `IS_BLANKZ`).
fn blank(line: &[u8], i: usize) -> bool {
    line.get(i).is_none_or(|&b| b == b' ' || b == b'\t')
}

/// The characters of an anchor's or an alias's name.
fn is_anchor_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Where a quoted scalar whose text starts at `start` ends (just past its closing quote), or
/// `None` where it goes on past the line. In a single-quoted one `''` is a quote; in a
/// double-quoted one a backslash escapes the next character.
fn quoted_end(line: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut i = start;
    while let Some(&b) = line.get(i) {
        match b {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && line.get(i + 1) == Some(&b'\'') => i += 2,
            _ if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Where a plain scalar that starts at `start` ends, as `yaml_parser_scan_plain_scalar` finds
/// it on one line: words separated by blanks, up to a `:` before a blank, a word starting with
/// `#`, or in flow context a flow indicator.
fn plain_end(line: &[u8], start: usize, flow: bool) -> usize {
    let mut i = start;
    loop {
        while !blank(line, i) {
            let b = line[i];
            if b == b':'
                && (blank(line, i + 1) || flow && matches!(line[i + 1], b',' | b'?' | b'[' | b']' | b'{' | b'}'))
            {
                return i;
            }
            if flow && matches!(b, b',' | b'[' | b']' | b'{' | b'}') {
                return i;
            }
            i += 1;
        }
        while i < line.len() && blank(line, i) {
            i += 1;
        }
        if i >= line.len() || line[i] == b'#' {
            return i;
        }
    }
}

/// Whether `value` nests collections more than `max` deep (serde_yaml's own limit of 128
/// bounds the recursion).
pub fn value_depth_exceeds(value: &Value, max: usize) -> bool {
    match value {
        Value::Tagged(tagged) => value_depth_exceeds(&tagged.value, max),
        Value::Sequence(_) | Value::Mapping(_) if max == 0 => true,
        Value::Sequence(items) => items.iter().any(|item| value_depth_exceeds(item, max - 1)),
        Value::Mapping(map) => {
            map.iter().any(|(key, item)| value_depth_exceeds(key, max - 1) || value_depth_exceeds(item, max - 1))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_count_where_tokens_start() {
        let cases: &[(&str, Option<usize>)] = &[
            ("a: b", Some(0)),
            ("a: [b, [c]]", Some(2)),
            ("a: {any: [\"x:y\"]}", Some(2)),
            ("a: [\"]]]\", [x]]", Some(2)),
            ("a: '[[[['", Some(0)),
            ("a: 'it''s [' ", Some(0)),
            ("a: \"say \\\"[\\\"\"", Some(0)),
            ("description: see [1] and {x", Some(0)),
            ("a[0]: [x]", Some(1)),
            ("- [a, {b: [c]}]", Some(3)),
            ("a: [b, # a comment", None),
            ("a: [b,\n  c]", None),
            ("a: \"open", None),
            ("a: |\n  [[[[ \"x\n", None),
            ("a: |\n  [[[[x]]]]\n", Some(4)),
            ("a: [b]   # [[[[", Some(1)),
            ("a: &x [b]\nc: *x", Some(1)),
            ("a: !!str [b]", None),
            ("%YAML 1.1", None),
            ("---\na: b", None),
            ("a: b\r\n", None),
            ("a: `x` [[[[", Some(0)),
            ("a: [b]\nc: [[d]]", Some(2)),
            ("{\"a\":{\"b\":[1]}}", Some(3)),
        ];
        for (text, bound) in cases {
            assert_eq!(flow_depth_bound(text), *bound, "{text:?}");
        }
    }

    #[test]
    fn value_depth() {
        let value: Value = serde_yaml::from_str("a: [b, {c: [d]}]").expect("yaml");
        assert!(value_depth_exceeds(&value, 3));
        assert!(!value_depth_exceeds(&value, 4));
        let empty: Value = serde_yaml::from_str("a: []").expect("yaml");
        assert!(value_depth_exceeds(&empty, 1));
        assert!(!value_depth_exceeds(&empty, 2));
    }
}

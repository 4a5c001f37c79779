//! Rustdoc from vendor prose: one `#[doc = " line"]` attribute per line (prettyplease prints
//! them as `///`), with the text made safe for rustdoc and clippy.

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

thread_local! {
    /// The doc lines kept out of the trees emitted on this thread, by marker number, until
    /// [`splice`] puts them into the printed text.
    static DEFERRED: RefCell<Vec<Vec<String>>> = const { RefCell::new(Vec::new()) };
}

/// What a marker's doc text starts with: a control character, which no doc line holds
/// ([`lines`] drops them) and prettyplease prints of nothing else (string literals are
/// escaped).
const MARK: char = '\u{1}';

/// Doc lines kept out of the syntax tree: the text of the one doc attribute that stands for
/// them, which [`splice`] replaces by the lines once the tree is printed. Doc lines are a
/// quarter of a module's text, and each line as an attribute was a small tree built, printed
/// and dropped on its own. The lines come back (`Err`) where prettyplease would not print
/// each as a `///` line (a line starting with `/`, or with a line break), or a line holds the
/// marker character: they are then attributes of their own.
pub(super) fn defer(lines: Vec<String>) -> Result<String, Vec<String>> {
    if lines.iter().any(|l| l.starts_with('/') || l.contains(['\n', MARK])) {
        return Err(lines);
    }
    DEFERRED.with_borrow_mut(|deferred| {
        deferred.push(lines);
        Ok(format!("{MARK}{}", deferred.len() - 1))
    })
}

/// `printed` (prettyplease's text of trees emitted on this thread) with each marker line
/// replaced by the doc lines it stands for, as prettyplease prints a doc attribute: at the
/// marker's indentation, `///` and the line without its trailing spaces. Every deferred line
/// is then forgotten. An error is a generator bug (a marker not printed as a doc line).
pub fn splice(printed: String) -> Result<String, String> {
    DEFERRED.with_borrow_mut(|deferred| {
        if deferred.is_empty() {
            return Ok(printed);
        }
        let extra: usize = deferred.iter().flatten().map(|l| l.len() + 16).sum();
        let mut out = String::with_capacity(printed.len() + extra);
        let mut rest = printed.as_str();
        while let Some(at) = rest.find(MARK) {
            let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
            let indent = rest[line_start..at].strip_suffix("///").filter(|i| i.bytes().all(|b| b == b' '));
            let lines = rest[at + MARK.len_utf8()..end].parse().ok().and_then(|n: usize| deferred.get_mut(n));
            let (Some(indent), Some(lines)) = (indent, lines) else {
                let line = &rest[line_start..end];
                return Err(format!("a deferred doc marker is not printed as a doc line: {line:?}"));
            };
            out.push_str(&rest[..line_start]);
            for line in std::mem::take(lines) {
                out.push_str(indent);
                out.push_str("///");
                out.push_str(line.trim_end_matches(' '));
                out.push('\n');
            }
            rest = rest.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        deferred.clear();
        Ok(out)
    })
}

/// Outer doc attributes (`///`) for `text`.
pub fn outer(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for `text`.
pub fn inner(text: &str) -> TokenStream {
    let lines = lines(text);
    quote! { #( #![doc = #lines] )* }
}

pub(super) fn lines(text: &str) -> Vec<String> {
    // Control characters (a vendor's `\x01`, a stray carriage return) show as nothing or as
    // garbage in rustdoc; they are dropped, and no doc line holds one.
    let cleaned: String;
    let text = if text.contains(|c: char| c.is_control() && c != '\n' && c != '\t') {
        cleaned = text.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
        cleaned.as_str()
    } else {
        text
    };
    wrap(text.trim(), WIDTH).into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") }).collect()
}

/// How wide doc text is wrapped: with `/// ` and the deepest indentation generated code has
/// (two levels), lines end near column 100.
const WIDTH: usize = 88;

/// Markdown `text` with its paragraph lines wrapped at spaces to `width` characters. A list
/// item's continuation is indented under its text; code blocks, tables and headings are left
/// alone, and a code span or a link target is never split (they hold no breakable space).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let kept = in_fence || line.starts_with("```") || line.starts_with('|') || line.starts_with('#');
        if kept || line.chars().count() <= width {
            out.push(line.to_owned());
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = &line[indent..];
        let marker = list_marker(body);
        // A quote's lines each carry its `>` markers (else the rest is a lazy continuation).
        let quote = if body.starts_with('>') { body.len() - body.trim_start_matches(['>', ' ']).len() } else { 0 };
        let hanging = format!("{}{}{}", &line[..indent], &body[..quote], " ".repeat(marker));
        let mut current = String::from(&line[..indent]);
        let mut fresh = true;
        let mut words: Vec<String> = words(body).into_iter().map(str::to_owned).collect();
        if marker > 0 && words.len() > 1 {
            // The marker stays with the item's first word.
            let first = words.remove(1);
            words[0] = format!("{} {first}", words[0]);
        }
        for word in &words {
            let fits = current.chars().count() + 1 + word.chars().count() <= width;
            // A word that would start a list, heading, quote or table on a line of its own
            // stays on this one.
            if !fresh && !fits && !starts_block(word) {
                out.push(std::mem::replace(&mut current, hanging.clone()));
                fresh = true;
            }
            if !fresh {
                current.push(' ');
            }
            current.push_str(word);
            fresh = false;
        }
        out.push(current);
    }
    out
}

/// Whether `word`, first on a line, would make that line a block of its own (a list item, a
/// heading, a quote, a table row, a fence, or a setext underline).
fn starts_block(word: &str) -> bool {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    matches!(word, "-" | "*" | "+" | ">")
        || word.starts_with(['#', '|', '>'])
        || word.starts_with("```")
        || (!word.is_empty() && (word.bytes().all(|b| b == b'=') || word.bytes().all(|b| b == b'-')))
        || (digits > 0 && matches!(&word[digits..], "." | ")"))
}

/// How wide a list item's marker is (`- `, `12. `), or 0 for a paragraph line.
fn list_marker(line: &str) -> usize {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return 2;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && line[digits..].starts_with(". ") { digits + 2 } else { 0 }
}

/// The line's words: split at spaces outside code spans and link targets.
fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut in_code, mut in_target) = (0, false, false);
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '(' if previous == ']' && !in_code => in_target = true,
            ')' if in_target => in_target = false,
            ' ' if !in_code && !in_target => {
                if i > start {
                    out.push(&line[start..i]);
                }
                start = i + 1;
            }
            _ => {}
        }
        previous = c;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// Vendor prose made safe to embed in rustdoc:
/// - no leading indentation, which markdown would turn into a code block (and rustdoc into a
///   doctest); fenced blocks become `text` blocks for the same reason;
/// - bare URLs become autolinks (`rustdoc::bare_urls`);
/// - `[` `]` and `<` are escaped, so vendor text is never read as an intra-doc link or an
///   HTML tag;
/// - a line that continues a list item is indented under it (`clippy::doc_lazy_continuation`).
pub fn prose(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_list_item = false;
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let line = raw.trim().replace('\t', "    ");
        if line.starts_with("```") {
            // Opening fences become `text` whatever their language: nothing vendor-written
            // should run as a doctest.
            out.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw.replace('\t', "    "));
            continue;
        }
        if line.is_empty() {
            in_list_item = false;
            out.push(String::new());
            continue;
        }
        let is_item = is_list_item(&line);
        let escaped = escape_line(&line);
        if !is_item && in_list_item {
            out.push(format!("  {escaped}"));
        } else {
            out.push(escaped);
        }
        in_list_item |= is_item;
    }
    out.join("\n")
}

fn is_list_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && line[digits..].starts_with(". "))
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&escape_word(word));
    }
    out
}

fn escape_word(word: &str) -> String {
    if let Some(start) = word.find("http://").or_else(|| word.find("https://")) {
        let (before, url) = word.split_at(start);
        let end = url.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '`', '>', ']']).len();
        let (url, after) = url.split_at(end);
        if !before.ends_with('`') && !url.contains(['<', '>', '`']) {
            return format!("{}<{url}>{}", escape_text(before), escape_text(after));
        }
    }
    escape_text(word)
}

fn escape_text(text: &str) -> String {
    // Inside inline code nothing is interpreted: leave backticked spans alone.
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for c in text.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text` as inline code, with enough backticks to hold any it contains.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"` (the empty string)".to_owned();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_hold_no_control_characters() {
        let lines = lines("One\u{1} line\r\nand\u{7f} a next-line\u{85}, a tab\tkept.\n\nMore.");
        assert_eq!(lines, [" One line", " and a next-line, a tab\tkept.", "", " More."]);
    }

    #[test]
    fn vendor_prose_is_made_safe_for_rustdoc() {
        let text = "See https://example.com/x. Values: PROPERTY_NAME:[ASC|DESC] or array<string>.\n    indented\n- item\ncontinued\n\n```\ncode\n```";
        assert_eq!(
            prose(text),
            "See <https://example.com/x>. Values: PROPERTY_NAME:\\[ASC|DESC\\] or array&lt;string>.\nindented\n- item\n  continued\n\n```text\ncode\n```"
        );
        assert_eq!(prose("`a<b>` stays"), "`a<b>` stays");
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_keep_their_structure() {
        let text = "one two three four five six\n- item with many words in it\n`a b c d e f g` tail\n| a table row that is long |\n```text\ncode that is long enough\n```\n# A heading that is long";
        let wrapped = wrap(text, 12);
        assert_eq!(
            wrapped,
            [
                "one two",
                "three four",
                "five six",
                "- item with",
                "  many words",
                "  in it",
                "`a b c d e f g`",
                "tail",
                "| a table row that is long |",
                "```text",
                "code that is long enough",
                "```",
                "# A heading that is long",
            ]
        );
        assert_eq!(wrap("see [the page](<https://x/a b>) now", 10), ["see [the", "page](<https://x/a b>)", "now"]);
        assert_eq!(wrap("12. numbered item text", 10), ["12. numbered", "    item", "    text"]);
        // A quote stays a quote on every line.
        assert_eq!(wrap("> a quote that is long", 10), ["> a quote", "> that is", "> long"]);
        assert_eq!(wrap("  > > nested quote text", 12), ["  > > nested", "  > > quote", "  > > text"]);
        // Never a line that markdown would read as a list, a heading or an underline.
        assert_eq!(wrap("grant type - Code grant", 10), ["grant type -", "Code grant"]);
        assert_eq!(wrap("aaaa bbbb # c 1. d ==", 4), ["aaaa", "bbbb #", "c 1.", "d ==",]);
    }

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code(""), "`\"\"` (the empty string)");
    }
}

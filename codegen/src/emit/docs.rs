//! Rustdoc from vendor prose: one `#[doc = " line"]` attribute per line (prettyplease prints
//! them as `///`), with the text made safe for rustdoc and clippy.

use proc_macro2::TokenStream;
use quote::quote;

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

fn lines(text: &str) -> Vec<String> {
    let text = text.trim();
    text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect()
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
    fn vendor_prose_is_made_safe_for_rustdoc() {
        let text = "See https://example.com/x. Values: PROPERTY_NAME:[ASC|DESC] or array<string>.\n    indented\n- item\ncontinued\n\n```\ncode\n```";
        assert_eq!(
            prose(text),
            "See <https://example.com/x>. Values: PROPERTY_NAME:\\[ASC|DESC\\] or array&lt;string>.\nindented\n- item\n  continued\n\n```text\ncode\n```"
        );
        assert_eq!(prose("`a<b>` stays"), "`a<b>` stays");
    }

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code(""), "`\"\"` (the empty string)");
    }
}

//! Every Rust name is decided here, once: documented names in, identifiers out (with `heck`).
//!
//! Keywords get a trailing `_` (`type` -> `type_`), names that start with a digit get a prefix
//! (`_1`, `V1`), and characters outside ASCII letters and digits separate words. A name with
//! nothing left is `None`: the caller reports it and asks for a `rust_name`. Collisions are
//! found by the caller (`lower`), which knows the scope in which names must differ.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust's keywords in every edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Words for heck: anything but an ASCII letter or digit separates words.
fn ascii_words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// `getOauthClient` -> `get_oauth_client`; `type` -> `type_`; `1st` -> `_1st`.
pub fn snake(name: &str) -> Option<String> {
    let mut s = ascii_words(name).to_snake_case();
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    Some(s)
}

/// `SAML2-BEARER` -> `Saml2Bearer`; `1` -> `V1`; `Self` -> `Self_`.
pub fn camel(name: &str) -> Option<String> {
    let mut s = ascii_words(name).to_upper_camel_case();
    if s.is_empty() {
        return None;
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if is_keyword(&s) {
        s.push('_');
    }
    Some(s)
}

/// `StateUnspecified` in enum `State` -> `Unspecified` (as prost does): the enum's name is
/// not repeated in its variants (`clippy::enum_variant_names`). Kept whole when the rest would
/// not be a name of its own (`State`, `State2`).
pub fn strip_enum_name(variant: &str, enum_name: &str) -> String {
    let rest = variant.strip_prefix(enum_name).or_else(|| variant.strip_suffix(enum_name));
    match rest {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_uppercase()) && !is_keyword(rest) => rest.to_owned(),
        _ => variant.to_owned(),
    }
}

/// Whether `name` is usable as written as a Rust identifier (for `rust_name` overrides).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !is_keyword(name)
}

/// A documented camelCase name as a snake_case wire name (`createdDate` -> `created_date`,
/// `_number` -> `number`), for vendors whose pages show camelCase for snake_case JSON.
pub fn wire_snake(name: &str) -> String {
    name.to_snake_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions_and_stay_identifiers() {
        let snake_cases = [
            ("getOauthClient", "get_oauth_client"),
            ("acceptLanguage", "accept_language"),
            ("Accept-Language", "accept_language"),
            ("$.xgafv", "xgafv"),
            ("filter_client_id", "filter_client_id"),
            ("type", "type_"),
            ("self", "self_"),
            ("ref", "ref_"),
            ("1st", "_1st"),
            ("größe", "gr_e"),
        ];
        for (input, want) in snake_cases {
            assert_eq!(snake(input).as_deref(), Some(want), "{input}");
        }
        let camel_cases = [
            ("OAuthClient", "OAuthClient"),
            ("SAML2-BEARER", "Saml2Bearer"),
            ("CLIENT-CREDENTIALS", "ClientCredentials"),
            ("PROPERTY_NAME:[ASC|DESC]", "PropertyNameAscDesc"),
            ("1", "V1"),
            ("analytics.agents", "AnalyticsAgents"),
            ("self", "Self_"),
        ];
        for (input, want) in camel_cases {
            assert_eq!(camel(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(snake("$."), None);
        assert_eq!(camel(""), None);
    }

    #[test]
    fn variants_do_not_repeat_their_enum_name() {
        assert_eq!(strip_enum_name("StateUnspecified", "State"), "Unspecified");
        assert_eq!(strip_enum_name("AccessTypeOneTime", "AccessType"), "OneTime");
        assert_eq!(strip_enum_name("PendingState", "State"), "Pending");
        assert_eq!(strip_enum_name("State", "State"), "State");
        assert_eq!(strip_enum_name("State2", "State"), "State2");
        assert_eq!(strip_enum_name("Statement", "State"), "Statement");
        assert_eq!(strip_enum_name("Active", "State"), "Active");
    }

    #[test]
    fn overrides_must_be_plain_identifiers() {
        assert!(is_identifier("kind") && is_identifier("_x1"));
        assert!(!is_identifier("type") && !is_identifier("1a") && !is_identifier("a-b") && !is_identifier("_"));
    }
}

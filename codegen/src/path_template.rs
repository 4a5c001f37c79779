//! Path templates: `/api/v2/oauth/clients/{clientId}/secret`, `/v1/authorization:reset`.
//! Parsed once into literal pieces and placeholders; placeholders name parameters by wire name.

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Sent as written.
    Literal(String),
    /// Replaced by the path parameter with this wire name, percent-encoded as one segment.
    Param(String),
    /// `{+name}`, RFC 6570 reserved expansion: the parameter's `/` stay (each segment is
    /// encoded).
    Reserved(String),
}

/// Characters a literal piece may hold as written: RFC 3986 `pchar` plus `/`.
fn literal_char_ok(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
}

/// Parses `template`, or says what is wrong with it and how to fix it.
pub fn parse(template: &str) -> Result<Vec<Piece>, (String, String)> {
    if !template.starts_with('/') {
        return Err((
            format!("the path `{template}` does not start with `/`"),
            format!("write `/{template}`: paths start at the base URL"),
        ));
    }
    let mut pieces = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            Some(i) if rest.as_bytes()[i] == b'}' => {
                return Err((
                    format!("the path `{template}` has a `}}` without a `{{`"),
                    "remove it, or add the `{`".into(),
                ));
            }
            Some(i) => {
                push_literal(&mut pieces, &rest[..i], template)?;
                let after = &rest[i + 1..];
                let Some(end) = after.find('}') else {
                    return Err((
                        format!("the path `{template}` has a `{{` without a `}}`"),
                        "close the placeholder with `}`".into(),
                    ));
                };
                let name = &after[..end];
                if name.is_empty() {
                    return Err((
                        format!("the path `{template}` has an empty placeholder `{{}}`"),
                        "name the path parameter inside the braces".into(),
                    ));
                }
                let (name, reserved) = match name.strip_prefix('+') {
                    Some(name) => (name, true),
                    None => (name, false),
                };
                if name.starts_with(['+', '#', '.', '/', ';', '?', '&']) {
                    return Err((
                        format!(
                            "the placeholder `{{{name}}}` uses an RFC 6570 operator, which the generator does not support"
                        ),
                        "use a plain `{name}` (one encoded segment) or `{+name}` (its `/` kept)".into(),
                    ));
                }
                if name.contains('{') || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
                    return Err((
                        format!("the placeholder `{{{name}}}` is not a parameter name"),
                        "use the parameter's wire name, e.g. `{clientId}`".into(),
                    ));
                }
                pieces.push(if reserved { Piece::Reserved(name.to_owned()) } else { Piece::Param(name.to_owned()) });
                rest = &after[end + 1..];
            }
            None => {
                push_literal(&mut pieces, rest, template)?;
                rest = "";
            }
        }
    }
    Ok(pieces)
}

fn push_literal(pieces: &mut Vec<Piece>, literal: &str, template: &str) -> Result<(), (String, String)> {
    if literal.is_empty() {
        return Ok(());
    }
    if let Some(bad) = literal.chars().find(|&c| !literal_char_ok(c)) {
        let help = match bad {
            '?' => "leave the query string out of the path: declare query parameters with `in: query`".to_owned(),
            '#' => "leave the fragment out of the path".to_owned(),
            _ => "write the path as sent, without spaces or characters that need encoding".to_owned(),
        };
        return Err((
            format!("the path `{template}` contains `{bad}`, which cannot appear in a path as written"),
            help,
        ));
    }
    pieces.push(Piece::Literal(literal.to_owned()));
    Ok(())
}

/// Whether the generated client can check `pattern` (a parameter's documented regex): `^`,
/// `/`-separated segments each literal (letters, digits, `-._~`) or `[^/]+`, then `$` (what
/// Google's discovery documents write, and what the runtime's `matches_pattern` knows).
pub fn checkable_pattern(pattern: &str) -> bool {
    let Some(inner) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) else { return false };
    let inner = inner.replace("[^/]+", "\0");
    inner.split('/').all(|part| {
        part == "\0" || (!part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_literals_and_placeholders() {
        let lit = |s: &str| Piece::Literal(s.into());
        let param = |s: &str| Piece::Param(s.into());
        let cases: &[(&str, Vec<Piece>)] = &[
            ("/v1/authorization:reset", vec![lit("/v1/authorization:reset")]),
            ("/api/v2/oauth/clients/{clientId}", vec![lit("/api/v2/oauth/clients/"), param("clientId")]),
            (
                "/auth/tokens/{username}/{client_id}",
                vec![lit("/auth/tokens/"), param("username"), lit("/"), param("client_id")],
            ),
            ("/v1/{name}:cancel", vec![lit("/v1/"), param("name"), lit(":cancel")]),
            ("/v1/{+name}:retry", vec![lit("/v1/"), Piece::Reserved("name".into()), lit(":retry")]),
        ];
        for (template, want) in cases {
            assert_eq!(&parse(template).unwrap(), want, "{template}");
        }
    }

    #[test]
    fn patterns_the_client_can_check() {
        assert!(checkable_pattern("^archiveJobs/[^/]+/portabilityArchiveState$"));
        assert!(checkable_pattern("^archiveJobs/[^/]+$"));
        for no in ["archiveJobs/[^/]+", "^archiveJobs/.*$", "^a//b$", "^[a-z]+$", "^a\\.b$"] {
            assert!(!checkable_pattern(no), "{no}");
        }
    }

    #[test]
    fn broken_templates_say_what_is_wrong() {
        for (bad, says) in [
            ("api/x", "does not start"),
            ("/x/{id", "without a `}`"),
            ("/x/id}", "without a `{`"),
            ("/x/{}", "empty placeholder"),
            ("/x/{#name}", "RFC 6570"),
            ("/x/{++name}", "RFC 6570"),
            ("/x?a=1", "contains `?`"),
            ("/x y", "contains ` `"),
        ] {
            let (message, _) = parse(bad).unwrap_err();
            assert!(message.contains(says), "{bad}: {message}");
        }
    }
}

//! Type expressions as specs write them: `string`, `int64`, `array<OAuthClient>`, `map<string>`.
//! Model names are resolved later, in `lower`, which knows the models.

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in type.
    Scalar(Scalar),
    /// A model name, unresolved.
    Named(String),
    /// `array<T>`
    Array(Box<TypeExpr>),
    /// `map<T>` (string keys)
    Map(Box<TypeExpr>),
}

/// The built-in types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `float` (32 bits)
    Float,
    /// `number` (64 bits)
    Number,
    /// `date-time` (RFC 3339)
    DateTime,
    /// `date` (`2024-05-01`)
    Date,
    /// `local-date-time` (`2024-05-01T12:30:00`, no offset: Genesys)
    LocalDateTime,
    /// `any` (free-form JSON)
    Any,
}

/// The built-in type names, as written in specs.
pub const SCALARS: &[(&str, Scalar)] = &[
    ("string", Scalar::String),
    ("boolean", Scalar::Boolean),
    ("int32", Scalar::Int32),
    ("int64", Scalar::Int64),
    ("float", Scalar::Float),
    ("number", Scalar::Number),
    ("date-time", Scalar::DateTime),
    ("date", Scalar::Date),
    ("local-date-time", Scalar::LocalDateTime),
    ("any", Scalar::Any),
];

/// Names other tools use for our types, and what to write instead.
const OTHER_SPELLINGS: &[(&str, &str)] = &[
    ("integer", "`int32` or `int64` (the documented format; Java `Integer` is int32, `Long` is int64)"),
    ("int", "`int32` or `int64`"),
    ("long", "`int64`"),
    ("bool", "`boolean`"),
    ("double", "`number`"),
    ("str", "`string`"),
    ("datetime", "`date-time`"),
    ("date_time", "`date-time`"),
    ("timestamp", "`date-time`"),
    ("object", "a model name, `map<T>` for a JSON object with string keys, or `any` for free-form JSON"),
    ("list", "`array<T>`"),
    ("array", "`array<T>`, naming the element type"),
    ("map", "`map<T>`, naming the value type"),
    ("dict", "`map<T>`"),
    ("void", "nothing: leave `response:` out for an operation with no body"),
];

/// Whether a model cannot be called `name`: it is a built-in type (`string`), or another
/// tool's spelling that specs are refused with a hint (`datetime`, `Object`).
pub fn names_a_type(name: &str) -> bool {
    SCALARS.iter().any(|(n, _)| *n == name) || OTHER_SPELLINGS.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// The model names a type expression uses (`array<map<User>>` -> `User`); none when it does
/// not parse.
pub fn named(text: &str) -> Vec<String> {
    fn walk(ty: &TypeExpr, out: &mut Vec<String>) {
        match ty {
            TypeExpr::Named(name) => out.push(name.clone()),
            TypeExpr::Array(inner) | TypeExpr::Map(inner) => walk(inner, out),
            TypeExpr::Scalar(_) => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(ty) = parse(text) {
        walk(&ty, &mut out);
    }
    out
}

/// A type as SDK doc pages spell it (`Number`, `String`: the JavaScript SDKs' pages), and the
/// spec types it may stand for.
struct PageSpelling(&'static [&'static str]);

impl PageSpelling {
    /// What to write instead, inside `wrapper<...>` when given (`array`).
    fn help(&self, wrapper: &str) -> String {
        let wrap = |t: &str| if wrapper.is_empty() { format!("`{t}`") } else { format!("`{wrapper}<{t}>`") };
        match self.0 {
            ["int32", "int64", "number"] => format!(
                "write {} or {} for counts and ids, {} for fractions (the page's `Number` is any number)",
                wrap("int32"),
                wrap("int64"),
                wrap("number")
            ),
            [one] => format!("write {}", wrap(one)),
            many => format!("write {}", many.iter().map(|t| wrap(t)).collect::<Vec<_>>().join(" or ")),
        }
    }
}

/// For a name that is neither a built-in type nor a model: the error when it is how SDK
/// pages spell a type (`Number`), else `None`. (Checked after the models, which may use
/// such a name.)
pub fn page_spelling_error(text: &str) -> Option<TypeError> {
    let help = page_spelling(text)?.help("");
    Some(TypeError { message: format!("`{text}` is how the vendor's page writes it, not a type here"), help })
}

fn page_spelling(text: &str) -> Option<PageSpelling> {
    Some(PageSpelling(match text {
        "Number" => &["int32", "int64", "number"],
        "String" => &["string"],
        "Boolean" => &["boolean"],
        "Integer" => &["int32", "int64"],
        "Date" | "DateTime" | "Date-time" => &["date-time"],
        _ => return None,
    }))
}

/// A type expression that cannot be parsed, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeError {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

/// How deeply `array<...>` and `map<...>` may nest: far beyond any documented API, and low
/// enough that no input can exhaust the stack.
const MAX_DEPTH: usize = 16;

/// Parses a type expression.
pub fn parse(text: &str) -> Result<TypeExpr, TypeError> {
    parse_at(text, 0)
}

fn parse_at(text: &str, depth: usize) -> Result<TypeExpr, TypeError> {
    let text = text.trim();
    if depth > MAX_DEPTH {
        return Err(TypeError {
            message: format!("the type nests `array<...>`/`map<...>` more than {MAX_DEPTH} deep"),
            help: "name an inner part as a model instead".into(),
        });
    }
    for (open, wrap) in [("array<", TypeExpr::Array as fn(Box<TypeExpr>) -> TypeExpr), ("map<", TypeExpr::Map)] {
        if let Some(rest) = text.strip_prefix(open) {
            let Some(inner) = rest.strip_suffix('>') else {
                return Err(TypeError {
                    message: format!("`{text}` is missing its closing `>`"),
                    help: format!("write `{open}T>`"),
                });
            };
            if inner.trim().is_empty() {
                return Err(TypeError {
                    message: format!("`{text}` names no element type"),
                    help: format!("write the type inside the brackets, e.g. `{open}string>`"),
                });
            }
            return Ok(wrap(Box::new(parse_at(inner, depth + 1)?)));
        }
    }
    if let Some(&(_, scalar)) = SCALARS.iter().find(|(name, _)| *name == text) {
        return Ok(TypeExpr::Scalar(scalar));
    }

    if let Some((_, instead)) = OTHER_SPELLINGS.iter().find(|(name, _)| name.eq_ignore_ascii_case(text)) {
        return Err(TypeError { message: format!("`{text}` is not a type here"), help: format!("write {instead}") });
    }
    if let Some(inner) = text.strip_suffix("[]") {
        return Err(TypeError {
            message: format!("`{text}` is not a type here"),
            help: format!("did you mean `array<{}>`?", inner.trim()),
        });
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        // The pages' `[String]`: the element as the spec writes it, in one step.
        let inner = inner.trim();
        let help = match page_spelling(inner) {
            Some(spelling) => spelling.help("array"),
            None => format!("write `array<{inner}>`"),
        };
        return Err(TypeError {
            message: format!("`{text}` is how the vendor's page writes a list, not a type here"),
            help,
        });
    }
    if text.is_empty() || !text.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        return Err(TypeError {
            message: format!("`{text}` is not a type"),
            help: format!(
                "write a built-in type ({}), `array<T>`, `map<T>`, or a model name",
                crate::load::list(&SCALARS.iter().map(|(n, _)| *n).collect::<Vec<_>>())
            ),
        });
    }
    Ok(TypeExpr::Named(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_expressions_parse_and_nest() {
        let named = |n: &str| TypeExpr::Named(n.into());
        assert_eq!(parse("string"), Ok(TypeExpr::Scalar(Scalar::String)));
        assert_eq!(parse(" date-time "), Ok(TypeExpr::Scalar(Scalar::DateTime)));
        assert_eq!(parse("OAuthClient"), Ok(named("OAuthClient")));
        assert_eq!(
            parse("array<map<OAuthClient>>"),
            Ok(TypeExpr::Array(Box::new(TypeExpr::Map(Box::new(named("OAuthClient"))))))
        );
    }

    #[test]
    fn other_tools_spellings_get_a_suggestion() {
        for (bad, hint) in [("integer", "int32"), ("Bool", "boolean"), ("[string]", "array<string>"), ("object", "any")]
        {
            let err = parse(bad).unwrap_err();
            assert!(err.help.contains(hint), "{bad}: {err:?}");
        }
        assert!(parse("array<string").is_err());
        assert!(parse("OAuthClient[]").unwrap_err().help.contains("array<OAuthClient>"));
        // As the vendors' SDK pages write them: one step to the spec's spelling.
        let number = page_spelling_error("Number").unwrap().help;
        assert!(number.contains("`int32` or `int64` for counts and ids, `number` for fractions"), "{number}");
        assert_eq!(parse("[String]").unwrap_err().help, "write `array<string>`");
        assert!(parse("[Number]").unwrap_err().help.contains("`array<int64>` for counts"));
        assert_eq!(parse("[OAuthClient]").unwrap_err().help, "write `array<OAuthClient>`");
        assert!(parse("array<>").unwrap_err().message.contains("names no element type"));
        let deep = format!("{}string{}", "array<".repeat(100_000), ">".repeat(100_000));
        assert!(parse(&deep).unwrap_err().message.contains("more than"));
        assert!(parse("a b").is_err());
        assert!(parse("").is_err());
    }
}

//! Random *valid* specs for property tests: identifiers that are Rust keywords or collide
//! after case conversion (settled with `rust_name`, as a maintainer would), non-ASCII and
//! markdown-hostile prose, every parameter location and type, optional and required mixes,
//! enum values of odd shapes, nested and recursive models.
//!
//! Validity is by construction: the spec is built as a `serde_yaml::Value` (so quoting is
//! always right), names are deduplicated on the letters and digits that survive case
//! conversion, required model references only point forward (so no value must contain
//! itself), and defaults are drawn from their parameter's type.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_yaml::{Mapping, Value};

/// Documented names people really meet: keywords, std names, odd punctuation, non-ASCII,
/// digits first, and spellings that collide after case conversion.
const NAMES: &[&str] = &[
    "id",
    "name",
    "type",
    "ref",
    "self",
    "Self",
    "fn",
    "match",
    "async",
    "await",
    "gen",
    "move",
    "crate",
    "super",
    "value",
    "data",
    "status",
    "kind",
    "String",
    "Option",
    "Result",
    "Vec",
    "Box",
    "1st",
    "2nd",
    "größe",
    "naïve",
    "$.key",
    "@type",
    "foo-bar",
    "foo_bar",
    "fooBar",
    "FOO_BAR",
    "x",
    "page",
    "pageSize",
    "page_size",
    "order",
    "filter[name]",
    "a.b.c",
    "client_id",
    "clientId",
];

/// Enum values of odd shapes.
const VALUES: &[&str] = &[
    "1",
    "2",
    "1.5",
    "v1",
    "a-b",
    "a_b",
    "PROPERTY_NAME:[ASC|DESC]",
    "SAML2-BEARER",
    "CLIENT-CREDENTIALS",
    "+name",
    "-name",
    "",
    " ",
    "x y",
    "ÄÖÜ",
    "null",
    "true",
    "self",
    "Self",
    "UNKNOWN",
    "type",
    "日本",
];

/// Prose that rustdoc and markdown could misread.
const PROSE: &[&str] = &[
    "Plain words.",
    "Beschreibung mit Umlauten (äöü) und 日本語 🚀.",
    "See https://example.test/docs, or <b>bold</b>.",
    "Brackets [ASC|DESC] and a `code <span>`.",
    "A list:\n- one\ncontinued\n- two",
    "```\nfn main() {}\n```",
    "    indented like code",
    "Ends with a backslash \\",
    "Quotes \" and ' and \\n",
    "#heading\n\n> quote",
    "Control characters: \u{1}, \u{7f}, a next-line \u{85} and a lone carriage return \r here.",
];

/// Letters and digits as case conversion keeps them; `digit_prefix` mirrors the `V` that
/// UpperCamelCase names get before a leading digit.
fn norm(name: &str, digit_prefix: bool) -> String {
    let s: String = name.chars().filter(char::is_ascii_alphanumeric).flat_map(|c| c.to_lowercase()).collect();
    if digit_prefix && s.starts_with(|c: char| c.is_ascii_digit()) { format!("v{s}") } else { s }
}

/// Names in one scope: a second name that would collide gets `rust_name`.
struct Scope {
    taken: BTreeSet<String>,
    camel: bool,
}

impl Scope {
    fn new(reserved: &[&str], camel: bool) -> Self {
        Scope { taken: reserved.iter().map(|r| norm(r, camel)).collect(), camel }
    }

    /// `None` when `name` is fine as it is, else the `rust_name` to give it.
    fn claim(&mut self, name: &str, fallback: &str) -> Option<String> {
        let n = norm(name, self.camel);
        if !n.is_empty() && self.taken.insert(n) {
            return None;
        }
        let mut i = 0;
        loop {
            let candidate = format!("{fallback}{i}");
            if self.taken.insert(norm(&candidate, self.camel)) {
                return Some(if self.camel {
                    format!("{}{}", fallback[..1].to_uppercase(), &candidate[1..])
                } else {
                    candidate
                });
            }
            i += 1;
        }
    }
}

/// Choices drawn by proptest; `build` turns them into a spec deterministically.
#[derive(Debug, Clone)]
pub struct Plan {
    seed: u64,
    structs: usize,
    enums: usize,
    operations: usize,
    prose: Vec<String>,
}

/// A strategy for valid spec texts.
pub fn spec() -> impl Strategy<Value = String> {
    (any::<u64>(), 1..5usize, 0..4usize, 1..6usize, proptest::collection::vec("\\PC{0,30}", 0..4))
        .prop_map(|(seed, structs, enums, operations, prose)| build(&Plan { seed, structs, enums, operations, prose }))
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    let mut m = Mapping::new();
    for (k, v) in entries {
        m.insert(s(k), v);
    }
    Value::Mapping(m)
}

/// The spec for `plan`.
pub fn build(plan: &Plan) -> String {
    let mut rng = Rng(plan.seed | 1);
    let mut prose: Vec<String> = PROSE.iter().map(|p| (*p).to_owned()).collect();
    prose.extend(plan.prose.iter().cloned());
    let describe = |rng: &mut Rng| -> Option<Value> { rng.chance(60).then(|| s(&prose[rng.below(prose.len())])) };

    // Models: enums first, then structs S0..Sn; a required struct field only names a later
    // struct, so no value must contain itself; optional fields may name any, itself included.
    let enum_names: Vec<String> = (0..plan.enums).map(|i| format!("Choice{i}")).collect();
    let struct_names: Vec<String> = (0..plan.structs).map(|i| format!("Thing{i}")).collect();
    let mut models = Mapping::new();
    let mut enum_values: Vec<Vec<String>> = Vec::new();
    for name in &enum_names {
        let mut scope = Scope::new(&["UnknownValue"], true);
        let mut values = Vec::new();
        let mut items = Vec::new();
        let mut seen = BTreeSet::new();
        for _ in 0..1 + rng.below(5) {
            let value = rng.pick(VALUES);
            if !seen.insert(value) {
                continue;
            }
            values.push(value.to_owned());
            let rust_name = scope.claim(value, "value");
            let description = describe(&mut rng);
            items.push(match (rust_name, description) {
                (None, None) => s(value),
                (rust_name, description) => {
                    let mut entries = vec![("value", s(value))];
                    entries.extend(rust_name.map(|r| ("rust_name", s(&r))));
                    entries.extend(description.map(|d| ("description", d)));
                    map(entries)
                }
            });
        }
        enum_values.push(values);
        let mut entries = vec![("enum", Value::Sequence(items))];
        entries.extend(describe(&mut rng).map(|d| ("description", d)));
        models.insert(s(name), map(entries));
    }
    let scalar_types = ["string", "boolean", "int32", "int64", "float", "number", "date-time", "any"];
    for (i, name) in struct_names.iter().enumerate() {
        let mut scope = Scope::new(&[], false);
        let mut fields = Mapping::new();
        for _ in 0..rng.below(7) {
            let wire = rng.pick(NAMES);
            if fields.contains_key(wire) {
                continue;
            }
            let required = rng.chance(30);
            let mut ty = match rng.below(10) {
                0..=4 => rng.pick(&scalar_types).to_owned(),
                5 | 6 if !enum_names.is_empty() => enum_names[rng.below(enum_names.len())].clone(),
                _ if required && i + 1 < struct_names.len() => {
                    struct_names[i + 1 + rng.below(struct_names.len() - i - 1)].clone()
                }
                _ if !required => struct_names[rng.below(struct_names.len())].clone(),
                _ => "string".to_owned(),
            };
            ty = match rng.below(6) {
                0 => format!("array<{ty}>"),
                1 => format!("map<{ty}>"),
                _ => ty,
            };
            let mut entries = vec![("type", s(&ty))];
            if required {
                entries.push(("required", Value::Bool(true)));
            }
            if rng.chance(20) {
                entries.push(("read_only", Value::Bool(true)));
            }
            if ty == "string" && rng.chance(15) {
                entries.push(("secret", Value::Bool(true)));
            }
            if rng.chance(15) {
                // Documented under one name, sent under another (unique: no key has a `~`).
                entries.push(("wire_name", s(&format!("~{wire}"))));
            }
            entries.extend(describe(&mut rng).map(|d| ("description", d)));
            entries.extend(scope.claim(wire, "field").map(|r| ("rust_name", s(&r))));
            fields.insert(s(wire), map(entries));
        }
        let empty = fields.is_empty();
        let mut entries = vec![("fields", Value::Mapping(fields))];
        if empty {
            entries.push(("empty", Value::Bool(true)));
        }
        entries.extend(describe(&mut rng).map(|d| ("description", d)));
        models.insert(s(name), map(entries));
    }
    models.insert(s("Empty"), map(vec![("fields", Value::Mapping(Mapping::new())), ("empty", Value::Bool(true))]));
    models.insert(s("Undocumented"), map(vec![("opaque", Value::Bool(true))]));

    // Operations.
    let mut methods = Scope::new(&["builder"], false);
    let mut operations = Vec::new();
    let scopes = rng.chance(40);
    for i in 0..plan.operations {
        let id = format!("{}{i}", rng.pick(&["get", "list", "create", "type", "self", "do-it", "x.y"]));
        let method = rng.pick(&["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
        let mut params = Vec::new();
        let mut names = Scope::new(&["send", "into_future", "client", "body", "options", "timeout", "retry"], false);
        let mut wires: BTreeSet<String> = BTreeSet::new();
        let mut path = String::from("/v1");
        for p in 0..rng.below(5) {
            let name = rng.pick(NAMES);
            let location = rng.pick(&["path", "query", "header"]);
            let mut wire = match location {
                "path" if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => name.to_owned(),
                "path" => format!("p{p}"),
                "header" => format!("X-{}", name.chars().filter(char::is_ascii_alphanumeric).collect::<String>()),
                _ => name.to_owned(),
            };
            if wire == "X-" {
                wire = format!("X-H{p}");
            }
            if !wires.insert(format!("{location}:{}", wire.to_ascii_lowercase())) {
                continue;
            }
            let enum_ty = (!enum_names.is_empty()).then(|| rng.below(enum_names.len()));
            let mut ty = match (rng.below(8), enum_ty) {
                (0, _) => "boolean".to_owned(),
                (1, _) => "int32".to_owned(),
                (2, _) => "int64".to_owned(),
                (3, _) if location != "path" => "number".to_owned(),
                (4, _) => "date-time".to_owned(),
                (5, Some(e)) => enum_names[e].clone(),
                _ => "string".to_owned(),
            };
            let inline_enum = ty == "string" && location != "path" && rng.chance(15);
            if location != "path" && rng.chance(20) {
                ty = format!("array<{ty}>");
            }
            let required = location == "path" || rng.chance(30);
            let mut entries = vec![("name", s(name)), ("in", s(location)), ("type", s(&ty))];
            if inline_enum {
                let safe = ["asc", "desc", "images", "addressVerificationDetails", "a-b", "v1", "NULLS_FIRST"];
                let values: BTreeSet<&str> = (0..1 + rng.below(3)).map(|_| rng.pick(&safe)).collect();
                entries.push(("enum", Value::Sequence(values.into_iter().map(s).collect())));
            }
            if ty.starts_with("array<") {
                let format = if location == "header" || rng.chance(50) { "csv" } else { "multi" };
                entries.push(("collection_format", s(format)));
            }
            if wire != name {
                entries.push(("wire_name", s(&wire)));
            }
            if required && location != "path" {
                entries.push(("required", Value::Bool(true)));
            }
            if !required && rng.chance(40) {
                let default = match ty.as_str() {
                    "boolean" => Some(Value::Bool(rng.chance(50))),
                    "int32" | "int64" => Some(Value::Number((rng.below(100) as i64).into())),
                    "number" => Some(Value::Number(0.5.into())),
                    "string" if inline_enum => None,
                    "string" => Some(s(rng.pick(VALUES))),
                    t if enum_names.iter().any(|e| e == t) => {
                        let values = &enum_values[enum_names.iter().position(|e| e == t).unwrap_or(0)];
                        values.first().map(|v| s(v))
                    }
                    _ => None,
                };
                entries.extend(default.map(|d| ("default", d)));
            }
            if ty == "string" && !inline_enum && location == "query" && rng.chance(15) {
                entries.push(("secret", Value::Bool(true)));
            }
            entries.extend(describe(&mut rng).map(|d| ("description", d)));
            entries.extend(names.claim(name, "param").map(|r| ("rust_name", s(&r))));
            if location == "path" {
                path.push_str(&format!("/{}/{{{wire}}}", rng.pick(&["things", "a-b", "x.y", "~z"])));
            }
            params.push(map(entries));
        }
        if rng.chance(30) {
            path.push_str(rng.pick(&[":cancel", ":batchGet", "/tail"]));
        }
        if path == "/v1" {
            path.push_str("/root");
        }
        let mut entries = vec![
            ("id", s(&id)),
            ("method", s(method)),
            ("path", s(&path)),
            ("summary", s(&prose[rng.below(prose.len())].replace('\n', " "))),
        ];
        entries.extend(describe(&mut rng).map(|d| ("description", d)));
        if rng.chance(20) {
            entries.push(("deprecated", if rng.chance(50) { Value::Bool(true) } else { s("Use something else.") }));
        }
        if rng.chance(40) {
            let perms = Value::Sequence(vec![s("a:b:view"), s("c:d")]);
            entries.push((
                "permissions",
                if rng.chance(30) { s("none") } else { map(vec![(rng.pick(&["any", "all"]), perms)]) },
            ));
        }
        if scopes && rng.chance(70) {
            entries.push(("scopes", s("all")));
        }
        if rng.chance(30) {
            entries.push(("parameter_groups", Value::Sequence(vec![s("common")])));
        }
        if !params.is_empty() {
            entries.push(("parameters", Value::Sequence(params)));
        }
        if !matches!(method, "GET" | "HEAD") && rng.chance(60) {
            let body = match rng.below(5) {
                0 => "Empty".to_owned(),
                1 => format!("array<{}>", struct_names[rng.below(struct_names.len())]),
                2 => "Undocumented".to_owned(),
                _ => struct_names[rng.below(struct_names.len())].clone(),
            };
            let request = if rng.chance(30) {
                // The optional body's setter is `body`, which no parameter here is named.
                let mut fields = vec![("type", s(&body)), ("required", Value::Bool(rng.chance(30)))];
                fields.push(("name", s("body")));
                fields.extend(describe(&mut rng).map(|d| ("description", d)));
                map(fields)
            } else {
                s(&body)
            };
            entries.push(("request", request));
        }
        if rng.chance(80) {
            let response = match rng.below(6) {
                0 => "Empty".to_owned(),
                1 => format!("map<{}>", struct_names[rng.below(struct_names.len())]),
                2 => "array<string>".to_owned(),
                _ => struct_names[rng.below(struct_names.len())].clone(),
            };
            entries.push(("response", s(&response)));
        }
        // Operation ids collide after case conversion only if their letters do.
        if methods.claim(&id, "op").is_some() {
            continue;
        }
        operations.push(map(entries));
    }

    let mut api = vec![
        ("title", s(&prose[rng.below(prose.len())].replace('\n', " "))),
        ("version", s("v1")),
        ("sources", Value::Sequence(vec![map(vec![("note", s("random spec from the property tests"))])])),
        ("base_url", s(rng.pick(&["https://api.example.test", "http://127.0.0.1:8080/prefix/", "https://x.test/a/b"]))),
    ];
    api.extend(describe(&mut rng).map(|d| ("description", d)));
    let bearer = rng.chance(70);
    let mut auth = vec![("bearer", Value::Bool(bearer))];
    if scopes {
        let urls = ["https://x.test/auth/read", "https://x.test/auth/write", "https://x.test/auth/admin.all"];
        auth.push(("scopes", Value::Sequence(urls.iter().map(|u| map(vec![("url", s(u))])).collect())));
    }
    if rng.chance(20) {
        let (location, name) = [("query", "key"), ("header", "X-Api-Key")][rng.below(2)];
        auth.push(("api_key", map(vec![("in", s(location)), ("name", s(name))])));
    }
    // The client-credentials grant, its token endpoint under the base URL, elsewhere, or
    // following the servers.
    let grant = if bearer && rng.chance(40) { Some(rng.below(3)) } else { None };
    if let Some(kind) = grant {
        let mut entries = vec![("client_auth", s(rng.pick(&["basic", "body"])))];
        match kind {
            0 => entries.push(("token_url", s("/oauth/token"))),
            1 => entries.push(("token_url", s("https://login.x.test/oauth2/token"))),
            _ => {}
        }
        auth.push(("client_credentials", map(entries)));
    }
    api.push(("auth", map(auth)));
    if grant == Some(2) {
        let base_url = api.iter().find(|(k, _)| *k == "base_url").map(|(_, v)| v.clone()).unwrap_or_default();
        let values = vec![
            map(vec![("name", s("default")), ("url", base_url), ("token_url", s("https://login.x.test/token"))]),
            map(vec![
                ("name", s("eu-1")),
                ("url", s("https://eu.x.test")),
                ("token_url", s("https://login.eu.x.test/token")),
            ]),
        ];
        api.push(("servers", map(vec![("enum", s("Region")), ("values", Value::Sequence(values))])));
    } else if rng.chance(40) {
        let values = vec![
            map(vec![("name", s("prod")), ("url", s("https://x.test"))]),
            map(vec![("name", s("eu-1")), ("url", s("https://eu.x.test"))]),
        ];
        api.push(("servers", map(vec![("enum", s("Region")), ("values", Value::Sequence(values))])));
    }
    if rng.chance(50) {
        api.push(("error", map(vec![("model", s(&struct_names[0]))])));
    }
    let common = Value::Sequence(vec![map(vec![
        ("name", s("trace")),
        ("in", s("query")),
        ("type", s("boolean")),
        ("wire_name", s("$.trace")),
    ])]);
    let root = map(vec![
        ("api", map(api)),
        ("parameter_groups", map(vec![("common", common)])),
        ("operations", Value::Sequence(operations)),
        ("models", Value::Mapping(models)),
    ]);
    serde_yaml::to_string(&root).unwrap_or_default()
}

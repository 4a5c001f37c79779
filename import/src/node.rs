//! A document as an ordered tree: JSON or YAML, keys in the document's order (the spec keeps
//! the vendor's order), each value reached by a path that errors name
//! (`paths./api/v2/users.get.parameters[3]`).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value with its object keys in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, its keys in document order.
    Object(Vec<(String, Node)>),
}

/// How deeply a document may nest: far beyond any real one, and low enough that reading and
/// walking it cannot exhaust the stack.
pub const MAX_DEPTH: usize = 96;

impl Node {
    /// Parses JSON, or YAML when the text is not JSON.
    pub fn parse(text: &str) -> Result<Node, String> {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('{') {
            let mut de = serde_json::Deserializer::from_str(trimmed);
            let node = Node::deserialize(&mut de).map_err(|e| format!("not valid JSON: {e}"))?;
            de.end().map_err(|e| format!("not valid JSON: {e}"))?;
            return Ok(node);
        }
        Node::deserialize(serde_yaml::Deserializer::from_str(trimmed)).map_err(|e| format!("not valid YAML: {e}"))
    }

    /// The value at `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string at `key` of an object.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    /// The string this is.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean this is.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The boolean at `key` (`false` when absent).
    pub fn bool(&self, key: &str) -> bool {
        self.get(key).and_then(Node::as_bool).unwrap_or(false)
    }

    /// An object's entries (none for other values).
    pub fn entries(&self) -> &[(String, Node)] {
        match self {
            Node::Object(entries) => entries,
            _ => &[],
        }
    }

    /// An array's items (none for other values).
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Array(items) => items,
            _ => &[],
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    /// A short JSON rendering, for comments and messages (at most `max` characters).
    pub fn brief(&self, max: usize) -> String {
        let mut text = String::new();
        self.write_json(&mut text, 0);
        if text.chars().count() > max {
            text = text.chars().take(max.saturating_sub(3)).collect::<String>() + "...";
        }
        text
    }

    fn write_json(&self, out: &mut String, depth: usize) {
        if depth > MAX_DEPTH {
            out.push_str("...");
            return;
        }
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Number(n) => out.push_str(&n.to_string()),
            Node::String(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_json(out, depth + 1);
                }
                out.push(']');
            }
            Node::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push_str(": ");
                    v.write_json(out, depth + 1);
                }
                out.push('}');
            }
        }
    }

    /// The value as a scalar's text (`default:` values), or `None` for arrays and objects.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Null => Some("null".into()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Number(n) => Some(n.to_string()),
            Node::String(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// A place in a document, as errors and comments name it: `paths./api/v2/users.get`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At(pub String);

impl At {
    /// The whole document.
    pub fn root() -> At {
        At(String::new())
    }

    /// The value at `key` of this place.
    pub fn key(&self, key: &str) -> At {
        if self.0.is_empty() { At(key.to_owned()) } else { At(format!("{}.{key}", self.0)) }
    }

    /// The item `i` of this place.
    pub fn index(&self, i: usize) -> At {
        At(format!("{}[{i}]", self.0))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() { f.write_str("(the document)") } else { f.write_str(&self.0) }
    }
}

struct NodeVisitor {
    depth: usize,
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        // Beyond 64 bits (OpenAI's `-9223372036854776000`): the nearest double, as JSON readers take it.
        self.visit_f64(v as f64)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        self.visit_f64(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        // NaN and infinities (YAML's `.nan`, `.inf`) have no JSON number: keep their text.
        Ok(serde_json::Number::from_f64(v).map_or_else(|| Node::String(v.to_string()), Node::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let depth = self.check_depth()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed { depth })? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let depth = self.check_depth()?;
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = map.next_value_seed(NodeSeed { depth })?;
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

impl NodeVisitor {
    fn check_depth<E: de::Error>(&self) -> Result<usize, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(format!("the document nests deeper than {MAX_DEPTH} levels")));
        }
        Ok(self.depth + 1)
    }
}

struct NodeSeed {
    depth: usize,
}

impl<'de> de::DeserializeSeed<'de> for NodeSeed {
    type Value = Node;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor { depth: self.depth })
    }
}

/// YAML keys may be numbers or booleans (`200:` under `responses`): taken as their text.
struct KeySeed;

impl<'de> de::DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        match deserializer.deserialize_any(NodeVisitor { depth: MAX_DEPTH - 1 })? {
            Node::String(s) => Ok(s),
            Node::Number(n) => Ok(n.to_string()),
            Node::Bool(b) => Ok(b.to_string()),
            Node::Null => Ok("null".into()),
            _ => Err(de::Error::custom("a key is an array or a mapping")),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor { depth: 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_yaml_keep_document_order() {
        let json = Node::parse(r#"{"b": 1, "a": [true, null, "x"]}"#).unwrap();
        let yaml = Node::parse("b: 1\na: [true, null, x]\n").unwrap();
        assert_eq!(json, yaml);
        assert_eq!(json.entries()[0].0, "b");
        assert_eq!(Node::parse("200: ok\n").unwrap().entries()[0].0, "200");
    }

    #[test]
    fn deep_or_broken_documents_are_errors() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(Node::parse(&format!("{{\"a\": {deep}}}")).unwrap_err().contains("deeper"));
        assert!(Node::parse(&format!("a: {deep}")).unwrap_err().contains("deeper"));
        assert!(Node::parse("{\"a\": ").is_err());
        assert!(Node::parse("a: [").is_err());
    }
}

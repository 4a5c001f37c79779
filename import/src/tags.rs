//! Operations into groups: one per tag (Swagger, OpenAPI) or resource (Discovery), in the
//! order the document lists them.

use crate::model::{Group, Operation};
use crate::node::Node;
use crate::schema::description;

pub struct Grouper {
    groups: Vec<Group>,
}

impl Grouper {
    /// Groups for the document's `tags` list (each with its description and docs link).
    pub fn new(tags: Option<&Node>) -> Grouper {
        let mut grouper = Grouper { groups: Vec::new() };
        for (i, tag) in tags.map(Node::items).unwrap_or(&[]).iter().enumerate() {
            if let Some(name) = tag.str("name") {
                let group = grouper.group(name);
                group.description = description(tag);
                group.docs_url = tag.get("externalDocs").and_then(|d| d.str("url")).map(str::to_owned);
                group.origin = format!("tags[{i}]");
            }
        }
        grouper
    }

    /// The group called `name`, made when new.
    pub fn group(&mut self, name: &str) -> &mut Group {
        let stem = stem(name);
        let i = match self.groups.iter().position(|g| g.stem == stem) {
            Some(i) => i,
            None => {
                self.groups.push(Group { stem, name: name.to_owned(), ..Group::default() });
                self.groups.len() - 1
            }
        };
        &mut self.groups[i]
    }

    /// Adds an operation to its tag's group (untagged: the path's first word).
    pub fn add(&mut self, tag: Option<&str>, path: &str, operation: Operation) {
        let name = tag.map_or_else(|| untagged(path), str::to_owned);
        self.group(&name).operations.push(operation);
    }

    /// Records an operation that could not be imported, at its group.
    pub fn skip(&mut self, tag: Option<&str>, why: String) {
        let name = tag.map_or_else(|| "default".to_owned(), str::to_owned);
        self.group(&name).skipped.push(why);
    }

    /// The groups with operations (tags without any are noted).
    pub fn finish(self, notes: &mut Vec<String>) -> Vec<Group> {
        let mut out = Vec::new();
        for group in self.groups {
            if group.operations.is_empty() && group.skipped.is_empty() {
                notes.push(format!("tag `{}` has no operations", group.name));
            } else if group.operations.is_empty() {
                notes.extend(group.skipped);
            } else {
                out.push(group);
            }
        }
        out
    }
}

/// A group's file stem: its name's words, lowercase, joined by `_` (`Telephony Providers
/// Edge` -> `telephony_providers_edge`, `OAuth` -> `oauth`).
pub fn stem(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let stem = words.join("_");
    match stem.chars().next() {
        None => "default".into(),
        Some(c) if c.is_ascii_digit() => format!("group_{stem}"),
        Some(_) if stem == "vendor" || stem == "shared" => format!("{stem}_api"),
        Some(_) => stem,
    }
}

/// The first word of a path that is neither a parameter nor a version (`/v1/users/{id}` -> `users`).
fn untagged(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s) && *s != "api")
        .map(|s| s.split(':').next().unwrap_or(s).to_owned())
        .next()
        .unwrap_or_else(|| "default".into())
}

fn is_version(segment: &str) -> bool {
    let rest = segment.strip_prefix('v').unwrap_or("");
    !rest.is_empty() && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn stems_and_untagged_groups() {
        assert_eq!(super::stem("Telephony Providers Edge"), "telephony_providers_edge");
        assert_eq!(super::stem("OAuth"), "oauth");
        assert_eq!(super::stem("3D"), "group_3d");
        assert_eq!(super::stem("vendor"), "vendor_api");
        assert_eq!(super::untagged("/v1/users/{id}"), "users");
        assert_eq!(super::untagged("/api/v2/things:search"), "things");
    }
}

//! Rust names: a documented name made into one (with its `rust_name:` override), and the
//! scopes in which two must not collide.

use std::collections::HashMap;

use super::Lowerer;
use crate::context::Context;
use crate::naming;
use crate::source_map::{YamlPath, child};
use crate::spec::WireNames;

impl Lowerer<'_> {
    /// The wire name of a field or parameter documented as `name`: `explicit` when given,
    /// else what the vendor's `api.wire_names` rule makes of the documented name.
    pub(super) fn wire_name(&self, name: &str, explicit: Option<&str>) -> String {
        match (explicit, self.wire_names) {
            (Some(wire), _) => wire.to_owned(),
            (None, WireNames::AsDocumented) => name.to_owned(),
            (None, WireNames::SnakeCase) => naming::wire_snake(name),
        }
    }

    /// The Rust name of a documented name: the `rust_name` override if given (and valid),
    /// else `convert(documented)`.
    pub(super) fn rust_name(
        &mut self,
        path: &YamlPath,
        documented: &str,
        override_: Option<&str>,
        convert: fn(&str) -> Option<String>,
        what: &str,
    ) -> Option<String> {
        if let Some(name) = override_ {
            if naming::is_identifier(name) && convert(name).as_deref() == Some(name) {
                return Some(name.to_owned());
            }
            let want = convert(name)
                .filter(|n| naming::is_identifier(n))
                .map(|n| format!(" (e.g. `{n}`)"))
                .unwrap_or_default();
            self.cx.error(
                &child(path, "rust_name"),
                format!("`{name}` is not a usable Rust name for a {what}"),
                Some(format!("write a plain identifier in Rust's case for a {what}, not a keyword{want}")),
            );
            return None;
        }
        let converted = convert(documented);
        if converted.is_none() {
            self.cx.error_key(
                path,
                format!("the {what} `{documented}` has no letters or digits to make a Rust name from"),
                Some("add `rust_name:` with the name to use in Rust".into()),
            );
        }
        converted
    }
}

/// Rust names within one scope (a model's fields, an enum's variants, an operation's
/// parameters): the second claim of a name is a diagnostic that names both.
pub(super) struct NameScope {
    what: String,
    taken: HashMap<String, Claim>,
}

enum Claim {
    /// By a documented name.
    Documented(String),
    /// By the generator, for this reason.
    Reserved(String),
}

impl NameScope {
    pub(super) fn new(what: String) -> Self {
        NameScope { what, taken: HashMap::new() }
    }

    pub(super) fn reserve(&mut self, rust_name: &str, why: &str) {
        self.taken.insert(rust_name.to_owned(), Claim::Reserved(why.to_owned()));
    }

    pub(super) fn claim(&mut self, cx: &mut Context, path: &YamlPath, rust_name: &str, documented: &str) -> bool {
        self.claim_with_help(cx, path, rust_name, documented, None)
    }

    /// As `claim`, with a more specific help for the collision when the caller knows one.
    pub(super) fn claim_with_help(
        &mut self,
        cx: &mut Context,
        path: &YamlPath,
        rust_name: &str,
        documented: &str,
        help: Option<String>,
    ) -> bool {
        let message = match self.taken.get(rust_name) {
            None => {
                self.taken.insert(rust_name.to_owned(), Claim::Documented(documented.to_owned()));
                return true;
            }
            Some(Claim::Documented(other)) => {
                format!("`{documented}` and `{other}` would both be `{rust_name}` in {}", self.what)
            }
            Some(Claim::Reserved(why)) => {
                format!("`{documented}` would be `{rust_name}` in {}, which is taken by {why}", self.what)
            }
        };
        cx.error_key(
            path,
            message,
            Some(help.unwrap_or_else(|| format!("give `{documented}` a different `rust_name:`"))),
        );
        false
    }
}

//! What the generated modules hold, for the hand-written files that list them: the README's
//! table of APIs and the crate doc's list (each a marked block `cargo xtask codegen` rewrites).

use std::fmt::Write as _;

use crate::ir;

/// One module, as its lists describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The API's title and version (`Genesys Cloud Platform API v2`).
    pub title: String,
    /// What the module's builder offers beyond the base URL (`15 regions as `Region``).
    pub extras: Vec<String>,
    /// Each group: its name (the vendor's, or the API's), its feature and its operation count.
    pub groups: Vec<GroupSummary>,
}

/// One group of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// The vendor's name for it (`OAuth`).
    pub name: String,
    /// Its Cargo feature (`genesys-oauth`).
    pub feature: String,
    /// How many operations it has.
    pub operations: usize,
    /// Whether its feature is on by default (imported groups are opt-in).
    pub default_feature: bool,
}

impl Summary {
    /// The summary of `api`.
    pub(crate) fn of(api: &ir::Api) -> Self {
        let mut extras = Vec::new();
        if let Some(servers) = &api.servers {
            extras.push(format!("{} servers as `{}`", servers.values.len(), servers.enum_name));
        }
        if !api.scopes.is_empty() {
            extras.push(format!("{} OAuth scopes as `Scope`", api.scopes.len()));
        }
        let groups = api
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| GroupSummary {
                name: g.name.clone().unwrap_or_else(|| api.title.clone()),
                feature: g.feature.clone(),
                operations: api.operations.iter().filter(|op| op.group == i).count(),
                default_feature: g.default_feature,
            })
            .collect();
        // `v2`, `1.0` read as versions after a title; a word (`latest`) needs saying.
        let version = match api.version.chars().next() {
            Some(c)
                if c.is_ascii_digit() || (c == 'v' && api.version[1..].starts_with(|d: char| d.is_ascii_digit())) =>
            {
                api.version.clone()
            }
            _ => format!("(version {})", api.version),
        };
        Summary { title: format!("{} {version}", api.title), extras, groups }
    }
}

/// The README's table of APIs: a row per group, its module and API on the first.
pub fn api_table(modules: &[crate::Module]) -> String {
    let mut out = String::from("| module | API | group (Cargo feature) | operations |\n|---|---|---|---|\n");
    for m in modules {
        let s = &m.summary;
        let api = if s.extras.is_empty() { s.title.clone() } else { format!("{} ({})", s.title, s.extras.join(", ")) };
        for (i, g) in s.groups.iter().enumerate() {
            let (module, api) =
                if i == 0 { (format!("`apis::{}`", m.name), api.as_str()) } else { (String::new(), "") };
            let opt_in = if g.default_feature { "" } else { ", opt-in" };
            let _ = writeln!(out, "| {module} | {api} | {} (`{}`{opt_in}) | {} |", g.name, g.feature, g.operations);
        }
    }
    out
}

/// The crate doc's list of modules, as `//!` lines: each module with its groups and features.
pub fn crate_doc_list(modules: &[crate::Module]) -> String {
    let mut out = String::new();
    for m in modules {
        let groups: Vec<String> = m
            .summary
            .groups
            .iter()
            .map(|g| {
                let plural = if g.operations == 1 { "" } else { "s" };
                let opt_in = if g.default_feature { "" } else { ", opt-in" };
                format!("{} (`{}`{opt_in}, {} operation{plural})", g.name, g.feature, g.operations)
            })
            .collect();
        let _ = writeln!(out, "//! - [`{}`]: {}; {}.", m.name, m.summary.title, groups.join(", "));
    }
    out
}

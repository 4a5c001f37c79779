//! The `api` block: base URL and servers, authentication (scopes, API key, client
//! credentials), and the documented error body.

use std::collections::BTreeSet;

use super::names::NameScope;
use super::params::is_header_name;
use super::{Lowerer, ModelKind};
use crate::diagnostics::closest;
use crate::ir::{self, Location, Type};
use crate::load::list;
use crate::naming;
use crate::reserved;
use crate::source_map::{YamlPath, child, indexed, key_path};
use crate::spec;

impl Lowerer<'_> {
    /// The API's groups: one per group file of a vendor's folder (its feature
    /// `<vendor>-<group>`), or the whole API for a single file (its feature the module's).
    pub(super) fn lower_groups(&mut self, module: &str, spec: &spec::Spec) -> Vec<ir::Group> {
        let mut out = Vec::new();
        for file in &spec.files {
            let Some(decl) = &file.group else { continue };
            self.cx.select(file.file);
            let Some(group) = &decl.spec else {
                out.push(ir::Group {
                    stem: decl.stem.clone(),
                    name: spec.api.name.clone(),
                    feature: module.replace('_', "-"),
                    default_feature: true,
                    description: None,
                    docs_url: None,
                    sources: Vec::new(),
                });
                continue;
            };
            let path = key_path(&["group"]);
            if group.sources.is_empty() {
                self.cx.error(
                    &child(&path, "sources"),
                    "`sources` is empty",
                    Some("name at least one page or document this group was transcribed from".into()),
                );
            }
            out.push(ir::Group {
                stem: decl.stem.clone(),
                name: Some(group.name.clone()),
                feature: format!("{module}-{}", decl.stem).replace('_', "-"),
                default_feature: group.default_feature,
                description: group.description.clone(),
                docs_url: group.docs_url.clone(),
                sources: sources(&group.sources),
            });
        }
        out
    }

    /// The base URL and the spec's sources.
    pub(super) fn check_api_block(&mut self, api: &spec::ApiSpec) {
        let api_path = key_path(&["api"]);
        self.check_url(&child(&api_path, "base_url"), &api.base_url);
        if api.sources.is_empty() {
            self.cx.error(
                &child(&api_path, "sources"),
                "`sources` is empty",
                Some("name at least one seed file or vendor page this spec was transcribed from".into()),
            );
        }
    }

    /// `api.auth.api_key`: where the key goes and its name.
    pub(super) fn lower_api_key(&mut self, api: &spec::ApiSpec) -> Option<(Location, String)> {
        let key = api.auth.as_ref()?.api_key.as_ref()?;
        let path = key_path(&["api", "auth", "api_key"]);
        match key.location {
            spec::Location::Path => {
                self.cx.error(
                    &child(&path, "in"),
                    "an API key cannot be a path parameter",
                    Some("write `in: query` or `in: header`".into()),
                );
                None
            }
            spec::Location::Header if !is_header_name(&key.name) => {
                self.cx.error(
                    &child(&path, "name"),
                    format!("`{}` is not a valid HTTP header name", key.name),
                    Some("write the header as sent, e.g. `X-Api-Key`".into()),
                );
                None
            }
            _ if key.name.is_empty() => {
                self.cx.error(
                    &child(&path, "name"),
                    "the API key's name is empty",
                    Some("write the query parameter or header it is sent as".into()),
                );
                None
            }
            location => Some((location, key.name.clone())),
        }
    }

    pub(super) fn check_url(&mut self, path: &YamlPath, url: &str) {
        let ok = ["https://", "http://"].iter().any(|scheme| {
            url.strip_prefix(scheme).is_some_and(|rest| {
                let host = rest.split('/').next().unwrap_or("");
                !host.is_empty() && !url.contains(['?', '#', ' ', '{'])
            })
        });
        if !ok {
            let help = if !url.contains("://") && !url.is_empty() && !url.starts_with('/') {
                format!("write the full URL with its scheme: `https://{url}`")
            } else {
                "write the full URL, e.g. `https://api.example.com` (no query string)".to_owned()
            };
            self.cx.error(path, format!("`{url}` is not an absolute http(s) URL"), Some(help));
        }
    }

    pub(super) fn lower_scopes(&mut self, scopes: &[spec::ScopeSpec]) -> Vec<ir::Scope> {
        let urls: Vec<&str> = scopes.iter().map(|s| s.url.as_str()).collect();
        let prefix = common_prefix(&urls);
        let mut names = NameScope::new("the scopes".into());
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (i, scope) in scopes.iter().enumerate() {
            let path = indexed(&key_path(&["api", "auth", "scopes"]), i);
            if !seen.insert(scope.url.clone()) {
                self.cx.error(
                    &child(&path, "url"),
                    format!("the scope `{}` is listed twice", scope.url),
                    Some("remove one".into()),
                );
                continue;
            }
            let Some(rust_name) = self.rust_name(&path, &scope.url[prefix..], None, naming::camel, "scope") else {
                continue;
            };
            if names.claim(self.cx, &child(&path, "url"), &rust_name, &scope.url) {
                out.push(ir::Scope { url: scope.url.clone(), rust_name, description: scope.description.clone() });
            }
        }
        out
    }

    pub(super) fn lower_servers(&mut self, servers: &spec::ServersSpec) -> Option<ir::Servers> {
        let path = key_path(&["api", "servers"]);
        let enum_name = servers.enum_name.clone();
        let valid =
            naming::camel(&enum_name).as_deref() == Some(enum_name.as_str()) && naming::is_identifier(&enum_name);
        if !valid || reserved::TOP_LEVEL.contains(&enum_name.as_str()) {
            let help = format!("name the enum in UpperCamelCase, other than {}", list(reserved::TOP_LEVEL));
            self.cx.error(&child(&path, "enum"), format!("`{enum_name}` cannot name the servers enum"), Some(help));
            return None;
        }
        let mut names = NameScope::new(format!("enum `{enum_name}`"));
        let mut values = Vec::new();
        for (i, server) in servers.values.iter().enumerate() {
            let server_path = indexed(&child(&path, "values"), i);
            self.check_url(&child(&server_path, "url"), &server.url);
            if let Some(token_url) = &server.token_url {
                self.check_url(&child(&server_path, "token_url"), token_url);
            }
            let Some(rust_name) =
                self.rust_name(&server_path, &server.name, server.rust_name.as_deref(), naming::camel, "server")
            else {
                continue;
            };
            if names.claim(self.cx, &child(&server_path, "name"), &rust_name, &server.name) {
                values.push(ir::Server {
                    name: server.name.clone(),
                    rust_name,
                    url: server.url.clone(),
                    token_url: server.token_url.clone(),
                    description: server.description.clone(),
                });
            }
        }
        if values.is_empty() {
            self.cx.error(
                &child(&path, "values"),
                "`servers` lists no values",
                Some("list the documented base URLs, or remove `servers`".into()),
            );
            return None;
        }
        // `token_url()` answers for every value, or the enum has none.
        let with_token = values.iter().filter(|v| v.token_url.is_some()).count();
        if with_token != 0 && with_token != values.len() {
            if let Some(i) = servers.values.iter().position(|v| v.token_url.is_none()) {
                let at = indexed(&child(&path, "values"), i);
                self.cx.error_key(
                    &at,
                    format!("server `{}` has no `token_url`, but others do", servers.values[i].name),
                    Some("give every server its token endpoint, or none".into()),
                );
            }
            return None;
        }
        let setter = naming::snake(&enum_name)?;
        if reserved::CLIENT_BUILDER_METHODS.contains(&setter.as_str()) {
            let help = format!(
                "its setter `{setter}` would clash with `ClientBuilder::{setter}`: name the enum otherwise (e.g. `Region`)"
            );
            self.cx.error(&child(&path, "enum"), format!("`{enum_name}` cannot name the servers enum"), Some(help));
            return None;
        }
        Some(ir::Servers { enum_name, setter, values })
    }

    /// `api.auth.client_credentials`, and the token endpoints it relies on: its own
    /// `token_url`, or the servers' (then the default base URL must be one of the servers).
    pub(super) fn lower_client_credentials(&mut self, api: &spec::ApiSpec) -> Option<ir::ClientCredentials> {
        let servers = api.servers.as_ref().map(|s| s.values.as_slice()).unwrap_or_default();
        let first_server_token = servers.iter().position(|s| s.token_url.is_some());
        let path = key_path(&["api", "auth", "client_credentials"]);
        let Some((auth, grant)) = api.auth.as_ref().and_then(|a| Some((a, a.client_credentials.as_ref()?))) else {
            if let Some(i) = first_server_token {
                let at = child(&indexed(&key_path(&["api", "servers", "values"]), i), "token_url");
                let help = "add `client_credentials: {client_auth: basic}` under `api.auth` (`body` when the \
                            client id and secret go as form fields), or remove the servers' `token_url`";
                self.cx.error(
                    &at,
                    "servers name token endpoints, but `api.auth.client_credentials` is missing",
                    Some(help.into()),
                );
            }
            return None;
        };
        if !auth.bearer {
            let help = "the grant's tokens are sent as `Authorization: Bearer`: add `bearer: true` to `api.auth`";
            self.cx.error_key(&path, "client credentials need bearer authentication", Some(help.into()));
        }
        match &grant.token_url {
            Some(url) if url.starts_with('/') && (url.contains(['?', '#', ' ', '{']) || url.starts_with("//")) => {
                let help = "write a plain path such as `/oauth/token`, or a full URL";
                self.cx.error(
                    &child(&path, "token_url"),
                    format!("`{url}` is not a usable token path"),
                    Some(help.into()),
                );
            }
            Some(url) if url.starts_with('/') => {}
            Some(url) => self.check_url(&child(&path, "token_url"), url),
            None if first_server_token.is_none() => {
                let help = "write `token_url:` here (a path under the base URL such as `/oauth/token`, or a full URL), \
                            or give every server its `token_url`";
                self.cx.error_key(&path, "no token endpoint is documented", Some(help.into()));
            }
            None => {}
        }
        let same = |url: &str| url.trim_end_matches('/') == api.base_url.trim_end_matches('/');
        let default_server_token_url = servers.iter().find(|s| same(&s.url)).and_then(|s| s.token_url.clone());
        if grant.token_url.is_none() && first_server_token.is_some() && default_server_token_url.is_none() {
            let help = "list the default base URL among `servers` (with its `token_url`), or write `client_credentials.token_url`";
            self.cx.error(
                &key_path(&["api", "base_url"]),
                "the default base URL is none of the servers, so its token endpoint is unknown",
                Some(help.into()),
            );
        }
        Some(ir::ClientCredentials {
            token_url: grant.token_url.clone(),
            default_server_token_url,
            credentials_in_body: grant.client_auth == spec::ClientAuth::Body,
        })
    }

    pub(super) fn lower_error(&mut self, error: &spec::ErrorSpec, models: &[ir::Model]) -> Option<ir::ErrorModel> {
        let path = key_path(&["api", "error"]);
        let find_struct = |rust: &str| {
            models.iter().find_map(|m| match m {
                ir::Model::Struct(s) if s.rust_name == rust => Some(s),
                _ => None,
            })
        };
        let Some(Type::Model { rust_name, is_enum: false }) = self.resolve_type(&child(&path, "model"), &error.model)
        else {
            if self.models.get(&error.model).is_some_and(|m| m.kind == ModelKind::Enum) {
                self.cx.error(
                    &child(&path, "model"),
                    format!("the error model `{}` is an enum", error.model),
                    Some("name the object model of the documented error body".into()),
                );
            }
            return None;
        };
        let mut steps = Vec::new();
        if let Some(message) = &error.message {
            let mut current = find_struct(&rust_name)?;
            let parts: Vec<&str> = message.split('.').collect();
            for (i, part) in parts.iter().enumerate() {
                let Some(field) = current.fields.iter().find(|f| f.wire_name == *part) else {
                    let near = closest(part, current.fields.iter().map(|f| f.wire_name.as_str()));
                    let help = near.map_or_else(
                        || {
                            format!(
                                "name a field of `{}` ({})",
                                current.name,
                                list(&current.fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>())
                            )
                        },
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.cx.error(
                        &child(&path, "message"),
                        format!("model `{}` has no field `{part}`", current.name),
                        Some(help),
                    );
                    return None;
                };
                let (array, element) = match &field.ty {
                    Type::Array(inner) => (true, &**inner),
                    other => (false, other),
                };
                steps.push(ir::MessageStep { field: field.rust_name.clone(), optional: !field.required, array });
                let last = i + 1 == parts.len();
                match (element, last) {
                    (Type::String, true) => {}
                    (Type::Model { rust_name, is_enum: false }, false) => current = find_struct(rust_name)?,
                    _ => {
                        let want = if last { "a string" } else { "an object model" };
                        self.cx.error(
                            &child(&path, "message"),
                            format!("`{part}` in `{message}` is not {want}"),
                            Some("point `message` at the string field that holds the human-readable message".into()),
                        );
                        return None;
                    }
                }
            }
        }
        Some(ir::ErrorModel { model: rust_name, message: steps })
    }
}

/// Where a spec or a group was transcribed from.
pub(super) fn sources(sources: &[spec::SourceSpec]) -> Vec<ir::Source> {
    sources.iter().map(|s| ir::Source { seed: s.seed.clone(), url: s.url.clone(), note: s.note.clone() }).collect()
}

/// The longest common prefix of `urls` that ends at a `/` or `.`, so the rest names each one.
fn common_prefix(urls: &[&str]) -> usize {
    let Some(first) = urls.first() else { return 0 };
    let mut len = urls
        .iter()
        .skip(1)
        .fold(first.len(), |len, url| first.bytes().zip(url.bytes()).take(len).take_while(|(a, b)| a == b).count());
    if urls.len() == 1 {
        len = first.len();
    }
    // Bytes can agree partway into a multi-byte character: back up to a boundary.
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].rfind(['/', '.']).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    pub(super) fn scope_names_drop_the_shared_prefix_at_a_boundary() {
        let urls =
            ["https://x/auth/dp.chrome.autofill", "https://x/auth/dp.chrome.history", "https://x/auth/dp.maps.reviews"];
        assert_eq!(&urls[0][common_prefix(&urls)..], "chrome.autofill");
        assert_eq!(&urls[0][common_prefix(&urls[..1])..], "autofill");
        assert_eq!(common_prefix(&[]), 0);
        // `é` and `è` share their first byte.
        let accents = ["https://x/a.é", "https://x/a.è"];
        assert_eq!(&accents[1][common_prefix(&accents)..], "è");
    }
}

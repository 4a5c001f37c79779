//! The spec as written: plain structs mirroring `spec/*.yaml` (see `spec/README.md`).
//!
//! Nothing here is checked beyond shape: unknown keys and wrong scalar types are refused by
//! serde; everything about meaning (references, names, defaults) is checked in `lower`.
//! Keys whose value may take several shapes (`deprecated`, `permissions`, `scopes`, `default`,
//! enum values) stay `serde_yaml::Value` so that `lower` can explain a wrong shape itself.

use serde::Deserialize;
use serde_yaml::Value;

/// One spec file as written: a whole API (`spec/<name>.yaml`), or one file of a vendor's
/// folder (`spec/<vendor>/vendor.yaml` with the shared parts, or a group's file). Loaded
/// piece by piece (see `load`), so each piece reports its own errors.
#[derive(Debug, Default)]
pub struct FileSpec {
    /// `api:`
    pub api: Option<ApiSpec>,
    /// `group:`
    pub group: Option<GroupSpec>,
    /// `parameter_groups:`, in file order; each parameter with its index in the file.
    pub parameter_groups: Vec<(String, Vec<(usize, ParamSpec)>)>,
    /// `operations:` that loaded, each with its index in the file (so positions stay right
    /// when an earlier one failed to load).
    pub operations: Vec<(usize, OperationSpec)>,
    /// `models:`, in file order.
    pub models: Vec<(String, ModelSpec)>,
    /// Models that are written but failed to load (already reported): uses stay quiet.
    pub unloaded_models: Vec<String>,
    /// `models:` could not be read at all (misspelt, or not a mapping; already reported).
    pub models_unreadable: bool,
}

/// What a file is, which decides its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `spec/<name>.yaml`: a whole API in one file.
    Whole,
    /// `spec/<vendor>/vendor.yaml`: what a vendor's groups share.
    Vendor,
    /// `spec/<vendor>/<group>.yaml`: one group of a vendor's API.
    Group,
    /// `spec/<vendor>/shared.yaml`: more of what the groups share, beside a hand-written
    /// `vendor.yaml` (the importer writes the models it shares here).
    Shared,
}

impl FileKind {
    /// The top-level keys a file of this kind takes, in the order a spec is written.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            FileKind::Whole => &["api", "parameter_groups", "operations", "models"],
            FileKind::Vendor => &["api", "parameter_groups", "models"],
            FileKind::Group => &["group", "parameter_groups", "operations", "models"],
            FileKind::Shared => &["shared", "parameter_groups", "models"],
        }
    }
}

/// A whole API, ready to lower: its `api` block and its files, each with the group it is (a
/// single-file API is one group; a vendor's shared file is none).
#[derive(Debug)]
pub struct Spec {
    /// The `api:` block.
    pub api: ApiSpec,
    /// The file that holds it (a `Context` index).
    pub api_file: usize,
    /// The files, the shared one first.
    pub files: Vec<SpecFile>,
}

/// One file of a [`Spec`].
#[derive(Debug)]
pub struct SpecFile {
    /// Its `Context` index.
    pub file: usize,
    /// The group it holds (`None` for a vendor's shared file).
    pub group: Option<GroupDecl>,
    /// What it holds.
    pub spec: FileSpec,
}

/// A group of an API: the file stem that names its feature, and its `group:` block (`None` for
/// a single-file API, whose `api:` block says it all).
#[derive(Debug)]
pub struct GroupDecl {
    /// `oauth` for `spec/genesys/oauth.yaml`; the module for a single-file API.
    pub stem: String,
    pub spec: Option<GroupSpec>,
}

/// `shared:`: where a vendor's `shared.yaml` came from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedSpec {
    pub sources: Vec<SourceSpec>,
}

/// `group:`: one group of a vendor's API (its own page).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// The vendor's name for the group (`OAuth`, `Currencies`).
    pub name: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    pub sources: Vec<SourceSpec>,
    /// Whether the group's feature is one of `apis`'s default features: hand-transcribed
    /// groups are (the default), imported ones say `false` (opt-in).
    #[serde(default = "yes")]
    pub default_feature: bool,
}

fn yes() -> bool {
    true
}

/// `api:`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSpec {
    pub title: String,
    pub name: Option<String>,
    pub version: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    pub sources: Vec<SourceSpec>,
    pub base_url: String,
    pub servers: Option<ServersSpec>,
    pub auth: Option<AuthSpec>,
    pub operation_id_prefix: Option<String>,
    pub error: Option<ErrorSpec>,
    /// How wire names follow from documented names, when a field or parameter gives no
    /// `wire_name`.
    #[serde(default)]
    pub wire_names: WireNames,
}

/// `api.sources[]`: what the spec was transcribed from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub seed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// `api.servers`: documented alternative base URLs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServersSpec {
    #[serde(rename = "enum")]
    pub enum_name: String,
    pub values: Vec<ServerSpec>,
}

/// `api.servers.values[]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSpec {
    pub name: String,
    pub url: String,
    pub token_url: Option<String>,
    pub description: Option<String>,
    pub rust_name: Option<String>,
}

/// `api.auth`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthSpec {
    #[serde(default)]
    pub bearer: bool,
    #[serde(default)]
    pub scopes: Vec<ScopeSpec>,
    pub api_key: Option<ApiKeySpec>,
    pub client_credentials: Option<ClientCredentialsSpec>,
}

/// `api.auth.client_credentials`: the OAuth 2.0 client-credentials grant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientCredentialsSpec {
    /// An absolute URL, or a path under the base URL; optional when every server names one.
    pub token_url: Option<String>,
    #[serde(default)]
    pub client_auth: ClientAuth,
}

/// How a client proves its identity to the token endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientAuth {
    /// HTTP Basic auth (RFC 6749 section 2.3.1's recommendation).
    #[default]
    Basic,
    /// `client_id` and `client_secret` form fields.
    Body,
}

/// `api.auth.api_key`: a key the client can send with every call instead of a token.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeySpec {
    #[serde(rename = "in")]
    pub location: Location,
    pub name: String,
}

/// `api.auth.scopes[]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeSpec {
    pub url: String,
    pub description: Option<String>,
}

/// `api.error`: the documented error body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub model: String,
    pub message: Option<String>,
}

/// `api.wire_names`: the vendor-wide rule from a documented name to its wire name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WireNames {
    /// The documented name is sent.
    #[default]
    AsDocumented,
    /// The pages show camelCase names for snake_case JSON keys and query parameters
    /// (`createdDate` is sent as `created_date`).
    SnakeCase,
}

/// `operations[].request`: a type (a required body), or the body in full.
#[derive(Debug)]
pub struct RequestSpec {
    pub ty: String,
    pub required: bool,
    /// The documented name of the body (`currency`): an optional body's setter.
    pub name: Option<String>,
    pub description: Option<String>,
    /// `request: Type` (shorthand) rather than a mapping.
    pub short: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestFields {
    #[serde(rename = "type")]
    ty: String,
    required: bool,
    name: Option<String>,
    description: Option<String>,
}

impl<'de> Deserialize<'de> for RequestSpec {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RequestSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a type, or a mapping with `type`, `required`, `name` and `description`")
            }
            fn visit_str<E: serde::de::Error>(self, ty: &str) -> Result<Self::Value, E> {
                Ok(RequestSpec { ty: ty.to_owned(), required: true, name: None, description: None, short: true })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let f = RequestFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RequestSpec {
                    ty: f.ty,
                    required: f.required,
                    name: f.name,
                    description: f.description,
                    short: false,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `operations[]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    pub id: String,
    pub rust_name: Option<String>,
    pub method: HttpMethod,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    pub deprecated: Option<Value>,
    pub permissions: Option<Value>,
    pub scopes: Option<Value>,
    #[serde(default)]
    pub parameter_groups: Vec<String>,
    #[serde(default)]
    pub parameters: Vec<ParamSpec>,
    pub request: Option<RequestSpec>,
    pub response: Option<String>,
    /// `text/plain`: the response is text (its `response` type `string`), not JSON.
    pub produces: Option<String>,
    /// How the operation pages, when it does.
    pub pagination: Option<PaginationSpec>,
    /// What to wait for, when the operation reports a job's state.
    pub waiter: Option<WaiterSpec>,
}

/// `operations[].waiter`: the request builder gets `wait_until_<name>(max_wait)`, which polls
/// the operation until the response's `field` is one of `success` (or fails on `failure`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// What is awaited, in snake_case (`complete` -> `wait_until_complete`).
    pub name: String,
    /// The response field holding the state (an enum or a string), by its key in the model.
    pub field: String,
    /// The states that end the wait as awaited.
    pub success: Vec<String>,
    /// The states that end it as failed.
    #[serde(default)]
    pub failure: Vec<String>,
}

/// `operations[].pagination`: a listing by page number (`page`) or by cursor (`cursor`).
/// Parameters by documented name, response fields by their key in the response model.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationSpec {
    /// The query parameter of the page number (`pageNumber`, `page`).
    pub page: Option<String>,
    /// The query parameter of the cursor (`after`).
    pub cursor: Option<String>,
    /// The dotted path of fields to the next page's cursor (`cursors.after`).
    pub next_cursor: Option<String>,
    /// The number of the first page (1 unless documented otherwise).
    #[serde(default = "first_page")]
    pub first: i64,
    /// The response field holding the page's items (an array).
    pub items: String,
    /// A response field with the number of pages.
    pub page_count: Option<String>,
    /// A response field that is `true` on the last page.
    pub last: Option<String>,
    /// A response field with the next page's link, absent or empty on the last page.
    pub next: Option<String>,
    /// A response field with the page's own number (checked against the page asked for).
    pub number: Option<String>,
}

fn first_page() -> i64 {
    1
}

/// `operations[].method`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[allow(clippy::upper_case_acronyms)] // spelt as the spec spells them
pub enum HttpMethod {
    /// `GET`
    GET,
    /// `POST`
    POST,
    /// `PUT`
    PUT,
    /// `PATCH`
    PATCH,
    /// `DELETE`
    DELETE,
    /// `HEAD`
    HEAD,
    /// `OPTIONS`
    OPTIONS,
}

/// `operations[].parameters[]` and `parameter_groups.<name>[]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub name: String,
    pub wire_name: Option<String>,
    #[serde(rename = "in")]
    pub location: Location,
    #[serde(rename = "type")]
    pub ty: String,
    pub required: Option<bool>,
    pub default: Option<Value>,
    pub description: Option<String>,
    #[serde(default)]
    pub secret: bool,
    pub rust_name: Option<String>,
    /// Documented values, inline: the parameter (or each element of an array) is an enum.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    /// How an array goes on the wire.
    pub collection_format: Option<CollectionFormat>,
    /// The documented pattern of a path parameter (`^archiveJobs/[^/]+$`): checked before
    /// sending.
    pub pattern: Option<String>,
}

/// `parameters[].collection_format`, as Swagger 2 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CollectionFormat {
    /// The key repeated per element: `?id=a&id=b`.
    Multi,
    /// One value, comma-separated: `?id=a,b`.
    Csv,
}

/// Where a parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A segment of the path (`{name}` in the template).
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
}

/// `models.<name>`: an object (`fields`), an enum (`enum`), or a shape the page does not give
/// (`opaque`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub description: Option<String>,
    pub fields: Option<OrderedMap<FieldSpec>>,
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    /// The page names the model but not its fields: its JSON is kept whole.
    #[serde(default)]
    pub opaque: bool,
    /// `fields: {}` on purpose: the vendor documents an empty object (Google's `Empty`).
    #[serde(default)]
    pub empty: bool,
}

/// `models.<name>.fields.<documented name>`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    #[serde(rename = "type")]
    pub ty: String,
    /// The JSON key, when it is not the documented name (nor what `api.wire_names` makes of it).
    pub wire_name: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub read_only: bool,
    /// The value is a secret (a client secret, a password): never shown in `Debug`.
    #[serde(default)]
    pub secret: bool,
    pub description: Option<String>,
    pub rust_name: Option<String>,
    /// Documented values, inline: the field (or each element of an array) is an enum named
    /// after its model and itself.
    #[serde(rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
}

/// `models.<name>.enum[]` written as a mapping.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub value: Value,
    pub description: Option<String>,
    pub rust_name: Option<String>,
}

/// A YAML mapping with string keys, kept in file order (generated code follows the spec's
/// order, and a `BTreeMap` would sort it).
#[derive(Debug)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap(Vec::new()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

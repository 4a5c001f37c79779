//! The spec the importer writes, before it is text: one vendor's shared parts and groups,
//! each item with the facts the format cannot carry (`notes`, written as comments at their
//! place) and where in the document it came from.

use std::collections::BTreeMap;

/// A whole import: what `write` turns into `spec/<vendor>/` (or one file).
#[derive(Debug, Default)]
pub struct Vendor {
    /// The document's format and version (`Swagger 2.0`, `OpenAPI 3.1.0`, `Google Discovery v1`).
    pub format: String,
    /// The document's file name, as the provenance names it.
    pub document: String,
    /// The API's title (`info.title`).
    pub title: String,
    /// The API's version (`info.version`).
    pub version: String,
    /// The document's own revision, where it has one (Discovery's `revision`).
    pub revision: Option<String>,
    /// What the document says it is.
    pub description: Option<String>,
    /// The vendor's documentation page.
    pub docs_url: Option<String>,
    /// The default server.
    pub base_url: String,
    /// OAuth 2.0 or bearer tokens.
    pub bearer: bool,
    /// Documented servers (`x-servers-enum` and each server's `x-name`, as our export writes
    /// them): the enum's name, and each server's name, URL and description.
    pub servers: Option<(String, Vec<Server>)>,
    /// The OAuth 2.0 client-credentials grant's token URL, where documented.
    pub client_credentials: Option<String>,
    /// An API key: where (`query`, `header`) and its name.
    pub api_key: Option<(String, String)>,
    /// OAuth scopes (URL, description).
    pub scopes: Vec<(String, Option<String>)>,
    /// Stripped from operation ids before naming methods.
    pub operation_id_prefix: Option<String>,
    /// The error body model, when every error response names the same one.
    pub error_model: Option<String>,
    /// Parameters many operations share.
    pub parameter_groups: Vec<(String, Vec<Param>)>,
    /// Models several groups use (or none).
    pub models: Vec<Model>,
    /// Its groups.
    pub groups: Vec<Group>,
    /// Models hand-written files use: kept, and shared, whoever else uses them.
    pub external_uses: Vec<String>,
    /// Facts about the whole API the format cannot carry.
    pub notes: Vec<String>,
}

/// A documented server: its name, URL and description.
pub type Server = (String, String, Option<String>);

/// One tag or resource: a group file.
#[derive(Debug, Default)]
pub struct Group {
    /// The file stem (`telephony_providers_edge`).
    pub stem: String,
    /// The vendor's name (`Telephony Providers Edge`).
    pub name: String,
    /// What the document says it is.
    pub description: Option<String>,
    /// The vendor's documentation page.
    pub docs_url: Option<String>,
    /// Where the group came from (`tags[52]`, `resources.archiveJobs`).
    pub origin: String,
    /// Its operations.
    pub operations: Vec<Operation>,
    /// Models only this group uses.
    pub models: Vec<Model>,
    /// Operations the importer could not carry: their place and why, kept as comments.
    pub skipped: Vec<String>,
}

/// One operation.
#[derive(Debug, Default, Clone)]
pub struct Operation {
    /// The operation id.
    pub id: String,
    /// The method name, where the id's is unusable.
    pub rust_name: Option<String>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// One line.
    pub summary: String,
    /// What the document says it is.
    pub description: Option<String>,
    /// The vendor's documentation page.
    pub docs_url: Option<String>,
    /// Deprecated in the document.
    pub deprecated: bool,
    /// `(any|all, names)`, or `("none", [])` when the document says none are needed.
    pub permissions: Option<(String, Vec<String>)>,
    /// `Some(vec![])` for "any of the API's scopes".
    pub scopes: Option<Vec<String>>,
    /// Parameters many operations share.
    pub parameter_groups: Vec<String>,
    /// Path, query and header parameters.
    pub parameters: Vec<Param>,
    /// The body.
    pub request: Option<Request>,
    /// The 2xx response type.
    pub response: Option<String>,
    /// `text/plain`: the response body is text, not JSON.
    pub produces_text: bool,
    /// How it pages, as the spec's flow mapping (`{page: pageNumber, items: entities, ...}`).
    pub pagination: Option<String>,
    /// The document path of the operation (`paths./api/v2/users.get`).
    pub origin: String,
    /// Facts the format cannot carry, kept as comments.
    pub notes: Vec<String>,
    /// The models the operation names (for placing models in groups).
    pub uses: Vec<String>,
}

/// A path, query or header parameter.
#[derive(Debug, Default, Clone)]
pub struct Param {
    /// The name as documented.
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// The spec type.
    pub ty: String,
    /// Required.
    pub required: bool,
    /// The documented default, as text.
    pub default: Option<String>,
    /// What the document says it is.
    pub description: Option<String>,
    /// Inline enum values.
    pub enum_values: Vec<String>,
    /// Their descriptions (all or none).
    pub enum_descriptions: Vec<Option<String>>,
    /// `multi` or `csv` for arrays.
    pub collection_format: Option<String>,
    /// A path parameter's documented pattern.
    pub pattern: Option<String>,
    /// Deprecated in the document.
    pub deprecated: bool,
    /// Holds a credential (by its name: `key`, `access_token`): never shown in `Debug`.
    pub secret: bool,
    /// The Rust name, where the generator's would collide or be empty.
    pub rust_name: Option<String>,
    /// Rust names of enum values whose own would collide or be empty (value -> name).
    pub enum_rust_names: BTreeMap<String, String>,
    /// Facts the format cannot carry, kept as comments.
    pub notes: Vec<String>,
}

/// A request body.
#[derive(Debug, Default, Clone)]
pub struct Request {
    /// The spec type.
    pub ty: String,
    /// Required.
    pub required: bool,
    /// The name as documented.
    pub name: Option<String>,
    /// What the document says it is.
    pub description: Option<String>,
}

/// A named schema: an object, an enum, or a shape kept whole.
#[derive(Debug, Clone)]
pub struct Model {
    /// The name as documented.
    pub name: String,
    /// What the document says it is.
    pub description: Option<String>,
    /// What it is.
    pub kind: ModelKind,
    /// Where it came from (`definitions.User`, `components.schemas.User`).
    pub origin: String,
    /// Rust names of enum values whose own would collide or be empty (value -> name).
    pub enum_rust_names: BTreeMap<String, String>,
    /// Facts the format cannot carry, kept as comments.
    pub notes: Vec<String>,
}

/// What a model is.
#[derive(Debug, Clone)]
pub enum ModelKind {
    /// An object with these fields.
    Fields(Vec<Field>),
    /// Values with their descriptions.
    Enum(Vec<(String, Option<String>)>),
    /// Named, but its shape is not one the format has (kept whole as JSON).
    Opaque,
    /// A documented empty object.
    Empty,
}

/// A field of an object model.
#[derive(Debug, Default, Clone)]
pub struct Field {
    /// The name as documented.
    pub name: String,
    /// The spec type.
    pub ty: String,
    /// Required.
    pub required: bool,
    /// Set by the server.
    pub read_only: bool,
    /// What the document says it is.
    pub description: Option<String>,
    /// Inline enum values.
    pub enum_values: Vec<String>,
    /// Their descriptions (all or none).
    pub enum_descriptions: Vec<Option<String>>,
    /// The Rust name, where the generator's would collide or be empty.
    pub rust_name: Option<String>,
    /// Rust names of enum values whose own would collide or be empty (value -> name).
    pub enum_rust_names: BTreeMap<String, String>,
    /// Facts the format cannot carry, kept as comments.
    pub notes: Vec<String>,
}

impl Operation {
    /// Records the models its parameters, body and response name.
    pub fn note_uses(&mut self) {
        let types =
            self.parameters.iter().map(|p| &p.ty).chain(self.request.iter().map(|r| &r.ty)).chain(&self.response);
        self.uses = types.flat_map(|t| named_types(t)).collect();
    }
}

impl Model {
    /// The model names this model's fields use.
    pub fn uses(&self) -> Vec<String> {
        match &self.kind {
            ModelKind::Fields(fields) => fields.iter().flat_map(|f| named_types(&f.ty)).collect(),
            _ => Vec::new(),
        }
    }
}

/// The model names in a type expression (`array<map<User>>` -> `User`).
pub fn named_types(ty: &str) -> Vec<String> {
    codegen::types::named(ty)
}

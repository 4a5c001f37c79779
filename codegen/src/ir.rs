//! The intermediate representation: a validated spec with every Rust name decided.
//!
//! Plain data, built by `lower`, read by `emit`. Everything here is already known to be
//! consistent (references resolve, names are unique identifiers), so emitting cannot fail.

pub use crate::spec::{HttpMethod, Location};

/// One API: becomes one module of the `apis` crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// The module name: the spec file's stem (`genesys_oauth`).
    pub module: String,
    /// The spec file, as named in the generated header (`spec/genesys_oauth.yaml`).
    pub spec_path: String,
    pub title: String,
    pub name: Option<String>,
    pub version: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    pub sources: Vec<Source>,
    pub base_url: String,
    pub servers: Option<Servers>,
    pub bearer: bool,
    pub scopes: Vec<Scope>,
    /// Where an API key goes (query or header) and its wire name.
    pub api_key: Option<(Location, String)>,
    pub client_credentials: Option<ClientCredentials>,
    pub error: Option<ErrorModel>,
    pub operations: Vec<Operation>,
    pub models: Vec<Model>,
}

/// Where a spec was transcribed from.
#[derive(Debug, Clone)]
pub struct Source {
    pub seed: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// The OAuth 2.0 client-credentials grant, as documented.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    /// An absolute URL or a path under the base URL; `None` when the servers name theirs.
    pub token_url: Option<String>,
    /// The token endpoint of the server at the default base URL.
    pub default_server_token_url: Option<String>,
    pub credentials_in_body: bool,
}

/// Documented alternative base URLs, as an enum.
#[derive(Debug, Clone)]
pub struct Servers {
    pub enum_name: String,
    /// The builder method that takes the enum (`region`).
    pub setter: String,
    pub values: Vec<Server>,
}

/// One alternative base URL.
#[derive(Debug, Clone)]
pub struct Server {
    pub name: String,
    pub rust_name: String,
    pub url: String,
    /// The OAuth 2.0 token endpoint that goes with this base URL (e.g. a region's login host).
    pub token_url: Option<String>,
    pub description: Option<String>,
}

/// One OAuth scope.
#[derive(Debug, Clone)]
pub struct Scope {
    pub url: String,
    pub rust_name: String,
    pub description: Option<String>,
}

/// The documented error body, and how to find its human message.
#[derive(Debug, Clone)]
pub struct ErrorModel {
    /// The model's Rust name.
    pub model: String,
    /// Steps from the model to the message; empty when the spec names no message.
    pub message: Vec<MessageStep>,
}

/// One field on the way to an error body's message.
#[derive(Debug, Clone)]
pub struct MessageStep {
    pub field: String,
    /// `Option<_>` (not required).
    pub optional: bool,
    /// `Vec<_>`: the first element is taken.
    pub array: bool,
}

/// Who may call an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permissions {
    /// The page says nothing.
    Unstated,
    /// "Requires NO permissions".
    NoneRequired,
    /// "Requires ANY permissions".
    Any(Vec<String>),
    /// "Requires ALL permissions".
    All(Vec<String>),
}

/// Which OAuth scopes an operation accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scopes {
    Unstated,
    /// Any one of these (Rust names of `Scope` variants, with their URLs).
    AnyOf(Vec<(String, String)>),
}

/// One endpoint: a `Client` method and its request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The vendor's operation id (`getOauthClient`).
    pub id: String,
    /// `get_oauth_client`
    pub method_name: String,
    /// `GetOauthClient` (in `requests`)
    pub builder_name: String,
    pub http_method: HttpMethod,
    pub path: String,
    pub pieces: Vec<PathPiece>,
    pub summary: String,
    pub description: Option<String>,
    pub docs_url: Option<String>,
    /// `Some(None)`: deprecated without a note.
    pub deprecated: Option<Option<String>>,
    pub permissions: Permissions,
    pub scopes: Scopes,
    /// Positional (required) parameters first, in call order, then optional ones.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub response: Response,
}

/// A piece of the path, with parameters resolved to their Rust names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    /// The parameter's Rust name and wire name.
    Param {
        rust_name: String,
        wire_name: String,
    },
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The documented name (`acceptLanguage`).
    pub name: String,
    /// What is sent (`Accept-Language`).
    pub wire_name: String,
    /// The Rust name (`accept_language`).
    pub rust_name: String,
    pub location: Location,
    pub ty: Type,
    pub required: bool,
    /// The documented default, as text for the docs.
    pub default: Option<String>,
    pub description: Option<String>,
    pub secret: bool,
    /// The parameter group it came from, if any.
    pub group: Option<String>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    pub ty: Type,
}

/// What a 2xx response decodes to.
#[derive(Debug, Clone)]
pub enum Response {
    /// No body, or an empty JSON object: `()`.
    Empty,
    Json(Type),
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    DateTime,
    Any,
    /// A model, by Rust name; `is_enum` for string enums.
    Model {
        rust_name: String,
        is_enum: bool,
    },
    Array(Box<Type>),
    Map(Box<Type>),
}

impl Type {
    /// Whether the type has no floats or free-form JSON, so `Eq` and `Hash` can be derived.
    pub fn is_scalar_param(&self) -> bool {
        match self {
            Type::Array(inner) => !matches!(**inner, Type::Array(_)) && inner.is_scalar_param(),
            Type::Map(_) | Type::Any => false,
            Type::Model { is_enum, .. } => *is_enum,
            _ => true,
        }
    }
}

/// A documented model.
#[derive(Debug, Clone)]
pub enum Model {
    Struct(Struct),
    Enum(Enum),
}

impl Model {
    /// The Rust name.
    pub fn rust_name(&self) -> &str {
        match self {
            Model::Struct(s) => &s.rust_name,
            Model::Enum(e) => &e.rust_name,
        }
    }
}

/// An object model.
#[derive(Debug, Clone)]
pub struct Struct {
    /// The documented name.
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub fields: Vec<Field>,
}

/// One field of an object model.
#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: Type,
    pub required: bool,
    pub read_only: bool,
    pub description: Option<String>,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
}

/// A string enum model.
#[derive(Debug, Clone)]
pub struct Enum {
    pub name: String,
    pub rust_name: String,
    pub description: Option<String>,
    pub variants: Vec<Variant>,
}

/// One documented value of an enum.
#[derive(Debug, Clone)]
pub struct Variant {
    pub value: String,
    pub rust_name: String,
    pub description: Option<String>,
}

/// The variant that keeps values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

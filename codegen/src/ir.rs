//! The intermediate representation: a validated spec with every Rust name decided.
//!
//! Plain data, built by `lower`, read by `emit`. Everything here is already known to be
//! consistent (references resolve, names are unique identifiers), so emitting cannot fail.

pub use crate::diagnostics::Position;
pub use crate::spec::{CollectionFormat, HttpMethod, Location};

/// One API: becomes one module of the `apis` crate.
#[derive(Debug, Clone)]
pub struct Api {
    /// The module name: the spec file's stem (`google_dataportability`) or the vendor's folder (`genesys`).
    pub module: String,
    /// The spec file or folder, as named in the generated header (`spec/genesys/`).
    pub spec_path: String,
    /// The API's title (`Genesys Cloud Platform API`).
    pub title: String,
    /// The group of a vendor's API the spec covers (`OAuth`), if it names one.
    pub name: Option<String>,
    /// The API's version (`v2`).
    pub version: String,
    /// What the vendor says the API is.
    pub description: Option<String>,
    /// The vendor's documentation page for the whole API.
    pub docs_url: Option<String>,
    /// Where the spec was transcribed from.
    pub sources: Vec<Source>,
    /// The default base URL.
    pub base_url: String,
    /// The documented alternative base URLs (regions), as an enum.
    pub servers: Option<Servers>,
    /// Whether calls take an OAuth 2.0 bearer token.
    pub bearer: bool,
    /// The documented OAuth scopes, in the documentation's order.
    pub scopes: Vec<Scope>,
    /// Where an API key goes (query or header) and its wire name.
    pub api_key: Option<(Location, String)>,
    /// The OAuth 2.0 client-credentials grant, where documented.
    pub client_credentials: Option<ClientCredentials>,
    /// The documented error body.
    pub error: Option<ErrorModel>,
    /// The API's groups, each a Cargo feature: one for a single-file spec, one per group file
    /// of a vendor's folder.
    pub groups: Vec<Group>,
    /// The operations, group by group, each in its file's order.
    pub operations: Vec<Operation>,
    /// The models, in the spec's order (every one, used or not).
    pub models: Vec<Model>,
}

/// One group of an API: a Cargo feature, and the operations (and models only they reach)
/// behind it.
#[derive(Debug, Clone)]
pub struct Group {
    /// The file stem (`oauth` for `spec/genesys/oauth.yaml`; the module for a single file).
    pub stem: String,
    /// The vendor's name for it (`OAuth`).
    pub name: Option<String>,
    /// Its Cargo feature (`genesys-oauth`).
    pub feature: String,
    /// Whether the feature is on by default (hand-transcribed groups; imported ones are opt-in).
    pub default_feature: bool,
    /// What the vendor says the group is.
    pub description: Option<String>,
    /// The vendor's page for the group.
    pub docs_url: Option<String>,
    /// Where the group was transcribed from (a single-file API's are the API's).
    pub sources: Vec<Source>,
}

/// Which groups need a model: it compiles when any of their features is on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Reach {
    /// Every group (the error body and what it holds, shared models several groups use all of,
    /// models nothing uses): compiled whenever the module is.
    #[default]
    All,
    /// Only these groups (indexes into `Api::groups`, ascending).
    Groups(Vec<usize>),
}

/// Where a spec was transcribed from.
#[derive(Debug, Clone)]
pub struct Source {
    /// A seed page's file name.
    pub seed: Option<String>,
    /// A vendor page or document.
    pub url: Option<String>,
    /// What was taken from it.
    pub note: Option<String>,
}

/// The OAuth 2.0 client-credentials grant, as documented.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    /// An absolute URL or a path under the base URL; `None` when the servers name theirs.
    pub token_url: Option<String>,
    /// The token endpoint of the server at the default base URL.
    pub default_server_token_url: Option<String>,
    /// The client id and secret go as form fields, not HTTP Basic auth.
    pub credentials_in_body: bool,
}

/// Documented alternative base URLs, as an enum.
#[derive(Debug, Clone)]
pub struct Servers {
    /// The enum's Rust name (`Region`).
    pub enum_name: String,
    /// The builder method that takes the enum (`region`).
    pub setter: String,
    /// The documented servers, in the documentation's order.
    pub values: Vec<Server>,
}

/// One alternative base URL.
#[derive(Debug, Clone)]
pub struct Server {
    /// The documented name (`eu-west-1`).
    pub name: String,
    /// The variant's Rust name (`EuWest1`).
    pub rust_name: String,
    /// The base URL.
    pub url: String,
    /// The OAuth 2.0 token endpoint that goes with this base URL (e.g. a region's login host).
    pub token_url: Option<String>,
    /// What the vendor says of it.
    pub description: Option<String>,
}

/// One OAuth scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The scope as sent (a URL for Google).
    pub url: String,
    /// The `Scope` variant's Rust name.
    pub rust_name: String,
    /// What the vendor says it grants.
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
    /// The field's Rust name.
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
    /// The page says nothing.
    Unstated,
    /// Any one of these (Rust names of `Scope` variants, with their URLs).
    AnyOf(Vec<(String, String)>),
}

/// One endpoint: a `Client` method and its request builder.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The vendor's operation id (`getOauthClient`).
    pub id: String,
    /// Its group (an index into `Api::groups`).
    pub group: usize,
    /// `get_oauth_client`
    pub method_name: String,
    /// `GetOauthClient` (in `requests`)
    pub builder_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The documented path template (`/api/v2/oauth/clients/{clientId}`).
    pub path: String,
    /// The template in pieces, parameters resolved.
    pub pieces: Vec<PathPiece>,
    /// The documented summary.
    pub summary: String,
    /// The documented description, when it says more than the summary.
    pub description: Option<String>,
    /// The vendor's page for the operation.
    pub docs_url: Option<String>,
    /// `Some(None)`: deprecated without a note.
    pub deprecated: Option<Option<String>>,
    /// Who may call it.
    pub permissions: Permissions,
    /// Which OAuth scopes it accepts.
    pub scopes: Scopes,
    /// Positional (required) parameters first, in call order, then optional ones.
    pub params: Vec<Param>,
    /// The JSON request body, if one is sent.
    pub body: Option<Body>,
    /// What a 2xx response decodes to.
    pub response: Response,
    /// The Rust name of the empty-object model the operation names as its request body, if
    /// it names one (Google's `ResetAuthorizationRequest`): nothing is sent, but the vendor
    /// documents it.
    pub empty_request: Option<String>,
    /// The same for its response (`Empty`): nothing is decoded.
    pub empty_response: Option<String>,
    /// Where the operation's `path:` is written, for tools that check more than generation
    /// needs (the OpenAPI export).
    pub written_at: Located,
    /// How it pages, when it does (its request builder then has `.pages()` and `.items()`).
    pub pagination: Option<Pagination>,
    /// What its request builder can wait for (`wait_until_<name>`).
    pub waiter: Option<Waiter>,
}

/// A waiter: poll the operation until a field of its answer is final.
#[derive(Debug, Clone)]
pub struct Waiter {
    /// The builder method (`wait_until_complete`).
    pub method: String,
    /// The documented field holding the state.
    pub field: FieldRef,
    /// The field is a generated enum (else a string).
    pub is_enum: bool,
    /// The documented name of the field, for docs.
    pub field_name: String,
    /// The states that end the wait as awaited.
    pub success: Vec<String>,
    /// The states that end it as failed.
    pub failure: Vec<String>,
}

/// A listing: how to ask for each page, and the response fields that say what a page holds
/// and whether it is the last.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The items field (an array of `item`).
    pub items: FieldRef,
    /// The type of one item.
    pub item: Type,
    /// By page number, or by cursor.
    pub by: PageBy,
}

/// How a listing asks for its pages.
#[derive(Debug, Clone)]
pub enum PageBy {
    /// A page-number parameter.
    Number {
        /// The page-number parameter's Rust name.
        page_param: String,
        /// The page-number parameter is `int64` (else `int32`).
        page_is_i64: bool,
        /// The first page's number.
        first: i64,
        /// The page-count field (an integer).
        page_count: Option<FieldRef>,
        /// The last-page flag (a boolean).
        last: Option<FieldRef>,
        /// The next-page link (a string).
        next: Option<FieldRef>,
        /// The page's own number (an integer).
        number: Option<FieldRef>,
    },
    /// A cursor parameter, filled from a field of the previous page.
    Cursor {
        /// The cursor parameter's Rust name (a string).
        cursor_param: String,
        /// The fields from the page model to the next cursor (`cursors.after`).
        next_cursor: Vec<FieldRef>,
    },
}

/// A field of a response model, as the paging and waiting code reads it.
#[derive(Debug, Clone)]
pub struct FieldRef {
    /// Its Rust name.
    pub rust_name: String,
    /// `Option<_>` (not required).
    pub optional: bool,
}

/// A place in the spec. It keeps the file's text and the place's path, not its line and
/// column: those come from mapping the whole file, which only a diagnostic needs, so a valid
/// spec is parsed once (see `source_map`).
#[derive(Debug, Clone)]
pub struct Located {
    /// The spec file, as diagnostics name it.
    pub file: String,
    /// The file's text (shared by every place in it).
    pub(crate) text: std::sync::Arc<str>,
    /// The path of the node in the file.
    pub(crate) path: crate::source_map::YamlPath,
}

impl Located {
    /// The line and column, and that line's text: the start of the file when the node is
    /// not found.
    pub fn position(&self) -> (crate::diagnostics::Position, String) {
        let map = crate::source_map::SourceMap::new(&self.text);
        let position = map.value(&self.path).unwrap_or(crate::diagnostics::Position { line: 1, column: 1, len: 1 });
        (position, map.line(position.line).unwrap_or_default().to_owned())
    }
}

/// A piece of the path, with parameters resolved to their Rust names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Text of the template, as it is sent.
    Literal(String),
    /// A placeholder and the parameter that fills it.
    Param {
        /// The parameter's Rust name.
        rust_name: String,
        /// The placeholder's name.
        wire_name: String,
        /// `{+name}`: the value's `/` stay.
        reserved: bool,
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
    /// Where it is sent.
    pub location: Location,
    /// Its type.
    pub ty: Type,
    /// Whether the call needs it (then it is a positional argument).
    pub required: bool,
    /// The documented default, typed.
    pub default: Option<Literal>,
    /// What the vendor says of it.
    pub description: Option<String>,
    /// Whether its value is a secret (never shown in `Debug` or errors).
    pub secret: bool,
    /// The parameter group it came from, if any.
    pub group: Option<String>,
    /// How an array goes on the wire (`None` for a scalar).
    pub collection_format: Option<CollectionFormat>,
    /// The documented pattern a path parameter's value must match (one the client can
    /// check: see `path_template::checkable_pattern`).
    pub pattern: Option<String>,
}

/// A documented value, of the type it was checked against.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string, an enum value or a date-time.
    Str(String),
}

impl std::fmt::Display for Literal {
    /// As the docs show it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Int(n) => write!(f, "{n}"),
            Literal::Float(x) => write!(f, "{x}"),
            Literal::Str(s) => f.write_str(s),
        }
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// The body's type.
    pub ty: Type,
    /// Required: the method's last argument. Optional: a setter on the request builder.
    pub required: bool,
    /// The Rust name of the request builder's field (and, for an optional body, its setter):
    /// the documented name's snake_case (`currency`), or `body`.
    pub rust_name: String,
    /// What the vendor says of it.
    pub description: Option<String>,
}

/// What a 2xx response decodes to.
#[derive(Debug, Clone)]
pub enum Response {
    /// No body, or an empty JSON object: `()`.
    Empty,
    /// A JSON body of this type.
    Json(Type),
    /// A `text/plain` body: a `String`.
    Text,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`
    String,
    /// `boolean`
    Bool,
    /// `int32`
    I32,
    /// `int64`
    I64,
    /// `float`
    F32,
    /// `number`
    F64,
    /// `date-time` (RFC 3339)
    DateTime,
    /// `date`
    Date,
    /// `local-date-time`
    LocalDateTime,
    /// `any`: free-form JSON.
    Any,
    /// A model, by Rust name.
    Model {
        /// The model's Rust name.
        rust_name: String,
        /// Whether it is a string enum.
        is_enum: bool,
    },
    /// `array<T>`
    Array(Box<Type>),
    /// `map<T>`: string keys.
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
    /// An object.
    Struct(Struct),
    /// A string enum.
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

    /// The documented name.
    pub fn name(&self) -> &str {
        match self {
            Model::Struct(s) => &s.name,
            Model::Enum(e) => &e.name,
        }
    }

    /// Which groups need it.
    pub fn reach(&self) -> &Reach {
        match self {
            Model::Struct(s) => &s.reach,
            Model::Enum(e) => &e.reach,
        }
    }
}

/// An object model.
#[derive(Debug, Clone)]
pub struct Struct {
    /// The documented name.
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// What the vendor says it is.
    pub description: Option<String>,
    /// The fields, in the spec's order.
    pub fields: Vec<Field>,
    /// The page names it but not its shape: a newtype over the JSON value, kept whole.
    pub opaque: bool,
    /// Which groups need it.
    pub reach: Reach,
}

/// One field of an object model.
#[derive(Debug, Clone)]
pub struct Field {
    /// The documented name (`createdDate`).
    pub name: String,
    /// The JSON key (`created_date`).
    pub wire_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// Whether the docs call it required.
    pub required: bool,
    /// Set by the server, ignored in requests.
    pub read_only: bool,
    /// A secret: never shown in `Debug`.
    pub secret: bool,
    /// What the vendor says of it.
    pub description: Option<String>,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
}

/// A string enum model.
#[derive(Debug, Clone)]
pub struct Enum {
    /// The documented name.
    pub name: String,
    /// The Rust name.
    pub rust_name: String,
    /// What the vendor says it is.
    pub description: Option<String>,
    /// The documented values, in order.
    pub variants: Vec<Variant>,
    /// Which groups need it.
    pub reach: Reach,
}

/// One documented value of an enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The value as sent.
    pub value: String,
    /// The variant's Rust name.
    pub rust_name: String,
    /// What the vendor says it means.
    pub description: Option<String>,
}

/// The variant that keeps values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// The field of every object model that keeps the fields the spec does not list.
pub const UNKNOWN_FIELDS: &str = "unknown_fields";

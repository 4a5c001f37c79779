//! What a generated module declares about its API and its operations ([`ApiInfo`],
//! [`Operation`]), and the trait its `Client` implements ([`Api`]).

use crate::error::ErrorModel;
use crate::internal::Core;

/// Parses a response body as an API's documented error model; `None` when it is not one.
pub type ParseErrorModel = fn(&[u8]) -> Option<Box<dyn ErrorModel>>;

/// What a generated module declares about its API.
#[derive(Debug)]
pub struct ApiInfo {
    /// The module name (`genesys`), used in errors.
    pub name: &'static str,
    /// The vendor's documented default base URL.
    pub default_base_url: &'static str,
    /// Parses the vendor's documented error body, where the API documents one.
    pub parse_error: Option<ParseErrorModel>,
    /// The OAuth 2.0 client-credentials grant, where the API documents its token endpoint.
    pub client_credentials: Option<TokenEndpoint>,
}

/// Where an API documents its OAuth 2.0 token endpoint, and how it wants clients to
/// authenticate there.
#[derive(Debug)]
pub struct TokenEndpoint {
    /// An absolute URL, or a path under the client's base URL (`/oauth/token`); `None` when
    /// only the documented servers name theirs.
    pub url: Option<&'static str>,
    /// The token endpoint of the server whose URL is the default base URL, if servers name
    /// theirs.
    pub default_server_url: Option<&'static str>,
    /// The client id and secret go as form fields, not HTTP Basic auth.
    pub credentials_in_body: bool,
}

/// What a generated module declares about one endpoint.
#[derive(Debug)]
pub struct Operation {
    /// The API the operation belongs to.
    pub api: &'static ApiInfo,
    /// The vendor's operation id (`getOauthClient`).
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The documented path template (`/api/v2/oauth/clients/{clientId}`).
    pub path: &'static str,
}

/// The HTTP methods a spec can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// The method's name, as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether repeating the request has the effect of sending it once (RFC 9110 9.2.2), so a
    /// failed attempt may be retried.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// Implemented by each generated `Client`, so that one `internal::ClientBuilder` serves them all.
pub trait Api: Sized {
    /// The API's facts.
    const INFO: &'static ApiInfo;
    /// Wraps a configured core.
    fn from_core(core: Core) -> Self;
}

/// Parses `body` as the vendor's error model `T`; `None` when it is not one.
pub fn parse_error_model<T>(body: &[u8]) -> Option<Box<dyn ErrorModel>>
where
    T: ErrorModel + serde::de::DeserializeOwned,
{
    let model: T = serde_json::from_slice(body).ok()?;
    Some(Box::new(model))
}

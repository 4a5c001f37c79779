//! [`Error`]: the one error type of every generated client.

use std::any::Any;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong when calling an API through this crate.
///
/// Large payloads are boxed so that `Result<T, Error>` stays small. No variant's `Debug` or
/// `Display` shows a bearer token, a client secret or a secret query parameter: requests are
/// never echoed back, and transport errors are stripped of their URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The server answered 2xx, but the body is not the documented type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request did not complete: no connection, a timeout, a broken stream.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// The request could not be built from the given arguments; nothing was sent.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The vendor's operation id (`getOauthClient`).
        operation: &'static str,
        /// What is wrong with the arguments.
        message: String,
    },
    /// No access token could be obtained from the client's token source; nothing was sent.
    #[error("{operation}: could not obtain an access token: {message}")]
    Auth {
        /// The vendor's operation id (`getOauthClient`).
        operation: &'static str,
        /// Why, as the token source said.
        message: String,
        /// The token source's error, when it gave one.
        #[source]
        source: Option<crate::runtime::BoxError>,
    },
    /// The client could not be built (an unusable base URL, token or HTTP client setting).
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong with the configuration.
        message: String,
    },
}

impl Error {
    /// The HTTP status, for [`Error::Api`] and [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status.as_u16()),
            Error::Decode(e) => Some(e.status.as_u16()),
            _ => None,
        }
    }

    /// The response body, kept whole, for [`Error::Api`] and [`Error::Decode`].
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            _ => None,
        }
    }

    /// The vendor's operation id of the call that failed (`None` for [`Error::Config`]).
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::InvalidRequest { operation, .. } | Error::Auth { operation, .. } => Some(operation),
            Error::Config { .. } => None,
        }
    }

    /// The vendor's documented error body, when the call failed with one and it is a `T`.
    ///
    /// ```no_run
    /// # async fn f(client: apis::genesys_oauth::Client) {
    /// use apis::genesys_oauth::models::ErrorBody;
    /// if let Err(err) = client.get_oauth_client("id").await {
    ///     if let Some(body) = err.model::<ErrorBody>() {
    ///         eprintln!("{:?} (context id {:?})", body.code, body.context_id);
    ///     }
    /// }
    /// # }
    /// ```
    pub fn model<T: ErrorModel>(&self) -> Option<&T> {
        match self {
            Error::Api(e) => e.model(),
            _ => None,
        }
    }
}

/// A vendor's documented error body (each API module implements it for its error model).
pub trait ErrorModel: Any + fmt::Debug + Send + Sync {
    /// The human-readable message the body carries, if any.
    fn message(&self) -> Option<&str>;
}

/// A response with a status outside 2xx: see [`Error::Api`].
///
/// `Debug` shows the body's size, not its bytes, which may hold secrets (use
/// [`body`](Self::body)).
pub struct ApiError {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) model: Option<Box<dyn ErrorModel>>,
}

impl ApiError {
    /// The vendor's operation id (`getOauthClient`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The response headers (e.g. `Retry-After`, correlation ids).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The response body, whole.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The vendor's documented error body, parsed, when the body is one and it is a `T`.
    pub fn model<T: ErrorModel>(&self) -> Option<&T> {
        let model: &dyn Any = self.model.as_deref()?;
        model.downcast_ref()
    }
    /// The message of the vendor's error body, when it carries one.
    pub fn message(&self) -> Option<&str> {
        self.model.as_deref()?.message()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("api", &self.api)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodySize(self.body.len()))
            .field("model", &self.model)
            .finish()
    }
}

/// Shows `<N bytes>` in place of a body in `Debug` output.
struct BodySize(usize);

impl fmt::Debug for BodySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}) failed with HTTP {}", self.operation, self.api, self.status)?;
        match self.message() {
            Some(message) => write!(f, ": {message}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// A 2xx response whose body is not the documented type: see [`Error::Decode`].
///
/// `Debug` shows the body's size, not its bytes, which may hold secrets (Genesys returns a
/// client secret in a 2xx body): use [`body`](Self::body).
pub struct DecodeError {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) expected: &'static str,
    pub(crate) body: Bytes,
    pub(crate) source: serde_json::Error,
}

impl DecodeError {
    /// The vendor's operation id (`getOauthClient`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
    /// The response body, whole.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The documented response type the body failed to decode as.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("api", &self.api)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("expected", &self.expected)
            .field("body", &BodySize(self.body.len()))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) returned HTTP {} with a body that is not a valid `{}`: {}",
            self.operation, self.api, self.status, self.expected, self.source
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A request that did not complete: see [`Error::Transport`].
#[derive(Debug)]
pub struct TransportError {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    /// Stripped of its URL, which may carry secret query parameters.
    pub(crate) source: reqwest::Error,
}

impl TransportError {
    /// The vendor's operation id (`getOauthClient`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }
    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "timed out"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "failed"
        };
        write!(f, "{} ({}) {what}: {}", self.operation, self.api, self.source)?;
        // reqwest's own message is terse ("error sending request"); the cause is in the chain.
        let mut cause = std::error::Error::source(&self.source);
        while let Some(err) = cause {
            write!(f, ": {err}")?;
            cause = err.source();
        }
        Ok(())
    }
}

/// The cause chain is part of `Display` already, so `source()` stays `None` (no duplicate lines).
impl std::error::Error for TransportError {}

//! [`Error`]: the one error type of every generated client.

use std::any::Any;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};

use crate::redact::Redactor;

/// Everything that can go wrong when calling an API through this crate.
///
/// Large payloads are boxed so that `Result<T, Error>` stays small. No variant's `Display`,
/// `Debug` or `source()` chain shows a secret the client knows (bearer tokens, client secrets,
/// API keys, secret parameters), even where the text comes from the server: a server that
/// echoes one back gets `<redacted>` in its place. Each error's `Display` says the whole of
/// what happened, causes included, so `source()` is `None` and no message is repeated by a
/// chain.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx (a redirect that was not followed
    /// included: its `Location` is in [`ApiError::headers`]).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The server answered 2xx, but the body is not the documented type.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request did not complete: no connection, a timeout, a broken stream, or a
    /// response larger than the client's limit.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// The request could not be built from the given arguments; nothing was sent.
    #[error("{operation}: invalid request: {message}")]
    #[non_exhaustive]
    InvalidRequest {
        /// The vendor's operation id (`getOauthClient`).
        operation: &'static str,
        /// What is wrong with the arguments.
        message: String,
    },
    /// No access token could be obtained; nothing was sent to the API.
    #[error("{operation}: could not obtain an access token: {message}")]
    #[non_exhaustive]
    Auth {
        /// The vendor's operation id (`getOauthClient`).
        operation: &'static str,
        /// What happened: the token request timed out, could not connect, was answered with
        /// a status (and the server's `error` and `error_description`), or got an answer that
        /// is not a token; the token endpoint's URL is named without credentials. Secrets are
        /// redacted.
        message: String,
    },
    /// A listing stopped between pages: the server answered a page other than the one asked
    /// for, or the same page again (it ignores the page number), so `.pages()` and `.items()`
    /// end here rather than loop.
    #[error("{operation}: paging stopped: {message}")]
    #[non_exhaustive]
    Paging {
        /// The vendor's operation id (`getLocations`).
        operation: &'static str,
        /// Which page was asked for, and what came instead.
        message: String,
    },
    /// A waiter stopped: the operation reported a final state other than the one awaited
    /// (`state`: `FAILED`, `CANCELLED`), or the longest wait ran out (`state: None`).
    #[error("{operation}: waiting stopped: {message}")]
    #[non_exhaustive]
    Wait {
        /// The vendor's operation id that was polled.
        operation: &'static str,
        /// The final state it reported, when that is why the wait stopped.
        state: Option<String>,
        /// What happened.
        message: String,
    },
    /// The client could not be built (an unusable base URL, token, header or HTTP client
    /// setting).
    #[error("invalid client configuration: {message}")]
    #[non_exhaustive]
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
    ///
    /// These are the server's bytes as they came: unlike `Display` and `Debug`, they are not
    /// redacted.
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
            Error::InvalidRequest { operation, .. }
            | Error::Auth { operation, .. }
            | Error::Paging { operation, .. }
            | Error::Wait { operation, .. } => Some(operation),
            Error::Config { .. } => None,
        }
    }

    /// The vendor's documented error body, when the call failed with one and it is a `T`.
    ///
    /// Each API module's error body implements [`ErrorModel`] (Genesys's is
    /// `apis::genesys::models::ErrorBody`):
    ///
    /// ```
    /// # use apis_runtime as apis;
    /// # #[derive(Debug)] struct ErrorBody { code: Option<String> }
    /// # impl apis::ErrorModel for ErrorBody { fn message(&self) -> Option<&str> { None } }
    /// fn show(err: &apis::Error) {
    ///     if let Some(body) = err.model::<ErrorBody>() {
    ///         eprintln!("{} ({:?})", err, body.code);
    ///     }
    /// }
    /// ```
    pub fn model<T: ErrorModel>(&self) -> Option<&T> {
        match self {
            Error::Api(e) => e.model(),
            _ => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config { message: message.into() }
    }

    pub(crate) fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidRequest { operation, message: message.into() }
    }

    pub(crate) fn auth(operation: &'static str, message: String) -> Self {
        Error::Auth { operation, message }
    }
}

/// A vendor's documented error body (each API module implements it for its error model).
pub trait ErrorModel: Any + fmt::Debug + Send + Sync {
    /// The human-readable message the body carries, if any.
    fn message(&self) -> Option<&str>;
}

/// A response with a status outside 2xx: see [`Error::Api`].
///
/// `Debug` shows the body's size, not its bytes (use [`body`](Self::body)); `Display` and
/// `Debug` redact the client's secrets from the headers and the vendor's message.
pub struct ApiError {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) model: Option<Box<dyn ErrorModel>>,
    pub(crate) redactor: Redactor,
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
    /// The response headers (e.g. `Retry-After`, correlation ids, a redirect's `Location`), as
    /// the server sent them.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
    /// The response body, whole, as the server sent it.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The vendor's documented error body, parsed, when the body is one and it is a `T`.
    pub fn model<T: ErrorModel>(&self) -> Option<&T> {
        let model: &dyn Any = self.model.as_deref()?;
        model.downcast_ref()
    }
    /// The message of the vendor's error body, when it carries one (as sent: `Display`
    /// shows it redacted).
    pub fn message(&self) -> Option<&str> {
        self.model.as_deref()?.message()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, &self.redactor, |f| {
            f.debug_struct("ApiError")
                .field("api", &self.api)
                .field("operation", &self.operation)
                .field("status", &self.status)
                .field("headers", &ShownHeaders(&self.headers))
                .field("body", &BodySize(self.body.len()))
                .field("model", &self.model)
                .finish()
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.headers.get(LOCATION).filter(|_| self.status.is_redirection());
        let text = match (location, self.message()) {
            (Some(location), _) => format!(
                "{} ({}) answered HTTP {} with a redirect to {}, which was not followed: calls follow \
                 redirects only within the origin they were sent to",
                self.operation,
                self.api,
                self.status,
                String::from_utf8_lossy(location.as_bytes())
            ),
            (None, Some(message)) => {
                format!("{} ({}) failed with HTTP {}: {message}", self.operation, self.api, self.status)
            }
            (None, None) => format!("{} ({}) failed with HTTP {}", self.operation, self.api, self.status),
        };
        f.write_str(&self.redactor.redact(&text))
    }
}

impl std::error::Error for ApiError {}

/// Shows `<N bytes>` in place of a body in `Debug` output.
struct BodySize(usize);

impl fmt::Debug for BodySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// Headers as text (`Debug` of a `HeaderMap` escapes bytes, which would hide a secret from
/// redaction); values marked sensitive are not shown at all.
pub(crate) struct ShownHeaders<'a>(pub &'a HeaderMap);

impl fmt::Debug for ShownHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.iter().map(|(name, value)| {
            let value =
                if value.is_sensitive() { "<sensitive>".into() } else { String::from_utf8_lossy(value.as_bytes()) };
            (name.as_str(), value)
        });
        f.debug_map().entries(shown).finish()
    }
}

/// Writes what `show` writes as `Debug` output (keeping `{:#?}`), redacted.
pub(crate) fn debug_redacted(
    f: &mut fmt::Formatter<'_>,
    redactor: &Redactor,
    show: impl Fn(&mut fmt::Formatter<'_>) -> fmt::Result,
) -> fmt::Result {
    struct Show<F>(F);
    impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Debug for Show<F> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (self.0)(f)
        }
    }
    let text = if f.alternate() { format!("{:#?}", Show(show)) } else { format!("{:?}", Show(show)) };
    f.write_str(&redactor.redact(&text))
}

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
    pub(crate) redactor: Redactor,
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
    /// The response body, whole, as the server sent it.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// The documented response type the body failed to decode as.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
    /// Where in the body decoding failed: line and column, from 1.
    pub fn position(&self) -> (usize, usize) {
        (self.source.line(), self.source.column())
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, &self.redactor, |f| {
            f.debug_struct("DecodeError")
                .field("api", &self.api)
                .field("operation", &self.operation)
                .field("status", &self.status)
                .field("expected", &self.expected)
                .field("body", &BodySize(self.body.len()))
                .field("source", &self.source)
                .finish()
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.redactor.write(
            f,
            format_args!(
                "{} ({}) returned HTTP {} with a body that is not a valid `{}`: {}",
                self.operation, self.api, self.status, self.expected, self.source
            ),
        )
    }
}

/// Its cause is part of `Display` (serde's message, which may quote the body and is
/// redacted there), so `source()` is `None`.
impl std::error::Error for DecodeError {}

/// A request that did not complete: see [`Error::Transport`].
pub struct TransportError {
    pub(crate) api: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) failure: Failure,
    pub(crate) redactor: Redactor,
}

/// What went wrong on the way.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Connecting, sending or receiving failed, or took longer than `timeout`.
    Http {
        /// Stripped of its URL, which may carry secret query parameters.
        source: reqwest::Error,
        timeout: Option<Duration>,
    },
    /// The body is larger than `limit` bytes.
    TooLarge { status: StatusCode, limit: usize },
}

impl TransportError {
    /// The vendor's operation id (`getOauthClient`).
    pub fn operation(&self) -> &'static str {
        self.operation
    }
    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(&self.failure, Failure::Http { source, .. } if source.is_timeout())
    }
    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(&self.failure, Failure::Http { source, .. } if source.is_connect())
    }
    /// Whether the response was larger than the client's limit
    /// (a client builder's `max_response_size`).
    pub fn is_body_too_large(&self) -> bool {
        matches!(self.failure, Failure::TooLarge { .. })
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, &self.redactor, |f| {
            f.debug_struct("TransportError")
                .field("api", &self.api)
                .field("operation", &self.operation)
                .field("failure", &self.failure)
                .finish()
        })
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match &self.failure {
            Failure::Http { source, timeout } => {
                let what = match (source.is_timeout(), timeout) {
                    (true, Some(timeout)) => format!("timed out after {}", duration(*timeout)),
                    (true, None) => "timed out".to_owned(),
                    (false, _) if source.is_connect() => "could not connect".to_owned(),
                    (false, _) => "failed".to_owned(),
                };
                format!("{} ({}) {what}: {}", self.operation, self.api, causes(source))
            }
            Failure::TooLarge { status, limit } => format!(
                "{} ({}) failed: the response (HTTP {status}) is larger than the client's limit of {} \
                 (set with `ClientBuilder::max_response_size`)",
                self.operation,
                self.api,
                size(*limit)
            ),
        };
        f.write_str(&self.redactor.redact(&text))
    }
}

/// The cause chain is part of `Display` already, so `source()` stays `None` (no duplicate lines).
impl std::error::Error for TransportError {}

/// `error`'s message and its causes, joined by `: `, each said once (reqwest and hyper often
/// repeat their cause's words: "error sending request: ... operation timed out").
pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut said: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(err) = next {
        let text = err.to_string();
        if !text.is_empty() && !said.iter().any(|earlier| earlier.contains(&text)) {
            said.push(text);
        }
        next = err.source();
    }
    said.join(": ")
}

/// `30 s`, `1.5 s`, `250 ms`.
pub(crate) fn duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `16 MiB`, `64 KiB`, `1000 bytes`.
pub(crate) fn size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_as_people_write_them() {
        assert_eq!(size(16 * 1024 * 1024), "16 MiB");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1000), "1000 bytes");
        assert_eq!(duration(Duration::from_secs(30)), "30 s");
        assert_eq!(duration(Duration::from_millis(250)), "250 ms");
        assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn causes_are_said_once() {
        #[derive(Debug)]
        struct Layer(&'static str, Option<Box<Layer>>);
        impl fmt::Display for Layer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        impl std::error::Error for Layer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                self.1.as_deref().map(|l| l as _)
            }
        }
        let chain = Layer(
            "error sending request: timed out",
            Some(Box::new(Layer("timed out", Some(Box::new(Layer("os error", None)))))),
        );
        assert_eq!(causes(&chain), "error sending request: timed out: os error");
    }
}

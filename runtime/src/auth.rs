//! Authentication: a static bearer token, or a [`TokenSource`] whose tokens are cached,
//! refreshed shortly before they expire, fetched once however many calls wait for one, and
//! fetched again once when the server refuses the current one (401).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

// Tokio's clock (the system clock unless a test pauses it), so expiry can be tested in
// virtual time.
use tokio::time::Instant;

use reqwest::header::{HeaderName, HeaderValue};

use crate::secret::Secret;

/// Any error a token source reports.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The future [`TokenSource::fetch`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, BoxError>> + Send + 'a>>;

/// An OAuth 2.0 access token, and how long it stays valid if the issuer said.
#[derive(Clone)]
pub struct AccessToken {
    secret: Secret,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token with no stated lifetime: it is used until the server refuses it.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken { secret: Secret::from(token), expires_in: None }
    }

    /// The lifetime the issuer stated (`expires_in`); the token is replaced shortly before.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("secret", &self.secret).field("expires_in", &self.expires_in).finish()
    }
}

/// Where a client gets its bearer tokens: implement it to plug in any credential flow.
///
/// The client calls [`fetch`](Self::fetch) when it has no valid token, never twice at once:
/// calls that need a token meanwhile wait for that fetch. A token is used until shortly
/// before its stated expiry, or until the server answers 401, after which one new token is
/// fetched and the call is sent once more.
///
/// Give one to a client builder's `token_source(..)`:
///
/// ```
/// # use apis_runtime as apis;
/// use apis::{AccessToken, TokenFuture, TokenSource};
/// use std::time::Duration;
///
/// struct FromVault;
/// impl TokenSource for FromVault {
///     fn fetch(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(AccessToken::new("token from the vault").expires_in(Duration::from_secs(3600))) })
///     }
/// }
/// // apis::genesys::Client::builder().token_source(FromVault).build()?
/// # let _: Box<dyn TokenSource> = Box::new(FromVault);
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// Obtains a new access token.
    fn fetch(&self) -> TokenFuture<'_>;

    /// The secrets this source holds (a client secret, say), which the client then redacts
    /// from every error and response it shows, as it does the tokens themselves. None unless
    /// implemented.
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }
}

/// How requests are authenticated.
#[derive(Clone)]
pub(crate) enum Auth {
    None,
    /// `Bearer <token>`, marked sensitive.
    Static(HeaderValue),
    Source(Arc<TokenCache>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Auth::None => "none",
            Auth::Static(_) => "Bearer <redacted>",
            Auth::Source(cache) => &cache.label,
        })
    }
}

/// The cached token of a [`TokenSource`]; the mutex makes fetches single-flight.
pub(crate) struct TokenCache {
    source: Box<dyn TokenSource>,
    /// What `Debug` shows: never a secret.
    label: String,
    current: tokio::sync::Mutex<Option<Cached>>,
}

struct Cached {
    header: HeaderValue,
    /// When to fetch a new one; `None`: when the server refuses it.
    renew_at: Option<Instant>,
}

/// Why no token could be had: the source failed, or gave a token that cannot be a header.
pub(crate) enum TokenFailure {
    Source(BoxError),
    Unusable,
}

impl TokenCache {
    pub(crate) fn new(source: impl TokenSource, label: String) -> Self {
        TokenCache { source: Box::new(source), label, current: tokio::sync::Mutex::new(None) }
    }

    /// The `Authorization` value to send: the cached one while it is fresh, else a new one.
    pub(crate) async fn header(&self) -> Result<HeaderValue, TokenFailure> {
        let mut current = self.current.lock().await;
        if let Some(cached) = current.as_ref() {
            if cached.renew_at.is_none_or(|at| Instant::now() < at) {
                return Ok(cached.header.clone());
            }
        }
        self.fetch_into(&mut current).await
    }

    /// After the server refused `rejected` (401): a new token, unless another call has
    /// already replaced that one (then its replacement).
    pub(crate) async fn replace(&self, rejected: &HeaderValue) -> Result<HeaderValue, TokenFailure> {
        let mut current = self.current.lock().await;
        if let Some(cached) = current.as_ref() {
            if cached.header != rejected {
                return Ok(cached.header.clone());
            }
        }
        self.fetch_into(&mut current).await
    }

    async fn fetch_into(&self, current: &mut Option<Cached>) -> Result<HeaderValue, TokenFailure> {
        let fetched_at = Instant::now();
        let token = self.source.fetch().await.map_err(TokenFailure::Source)?;
        let mut header =
            HeaderValue::try_from(format!("Bearer {}", token.secret.expose())).map_err(|_| TokenFailure::Unusable)?;
        header.set_sensitive(true);
        let renew_at = token.expires_in.and_then(|lifetime| renewal(fetched_at, lifetime));
        *current = Some(Cached { header: header.clone(), renew_at });
        Ok(header)
    }
}

/// When to replace a token fetched at `fetched_at` that lives `lifetime`: a minute early (half
/// the lifetime for short-lived tokens), so no request goes out with a token about to expire.
/// `None` (keep it until the server refuses it) for a lifetime past what the clock can count,
/// such as an `expires_in` of `u64::MAX` seconds.
fn renewal(fetched_at: Instant, lifetime: Duration) -> Option<Instant> {
    let early = (lifetime / 2).min(Duration::from_secs(60));
    fetched_at.checked_add(lifetime - early)
}

/// An API key sent with every call (Google's `key` query parameter, an `X-Api-Key` header).
#[derive(Clone)]
pub(crate) struct ApiKey {
    pub name: &'static str,
    pub header: bool,
    pub key: Secret,
    /// What is sent, worked out once here rather than on every call.
    pub wire: ApiKeyWire,
}

/// An [`ApiKey`] as it goes on the wire.
#[derive(Clone)]
pub(crate) enum ApiKeyWire {
    /// The header, its value marked sensitive; `None` when the name or the key cannot be a
    /// header (then it is not sent).
    Header(Option<(HeaderName, HeaderValue)>),
    /// The parameter's name and the key, form-urlencoded.
    Query { name: String, value: Secret },
}

impl ApiKey {
    pub(crate) fn new(name: &'static str, header: bool, key: Secret) -> Self {
        let wire = if header {
            let value = HeaderValue::from_str(key.expose()).ok().map(|mut value| {
                value.set_sensitive(true);
                value
            });
            ApiKeyWire::Header(HeaderName::from_bytes(name.as_bytes()).ok().zip(value))
        } else {
            let encode = |raw: &str| -> String { url::form_urlencoded::byte_serialize(raw.as_bytes()).collect() };
            ApiKeyWire::Query { name: encode(name), value: Secret::from(encode(key.expose())) }
        };
        ApiKey { name, header, key, wire }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} = <redacted>", if self.header { "header" } else { "query parameter" }, self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewals_come_early_and_never_overflow() {
        let now = Instant::now();
        assert_eq!(renewal(now, Duration::from_secs(3600)), Some(now + Duration::from_secs(3540)));
        assert_eq!(renewal(now, Duration::from_secs(10)), Some(now + Duration::from_secs(5)));
        assert_eq!(renewal(now, Duration::ZERO), Some(now));
        assert_eq!(renewal(now, Duration::from_secs(u64::MAX)), None);
        assert_eq!(renewal(now, Duration::MAX), None);
    }
}

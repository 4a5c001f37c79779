//! [`ClientBuilder`]: configures any generated `Client`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use url::Url;

use super::auth::{ApiKey, Auth, TokenCache};
use super::core::{Core, Settings};
use super::{Api, RetryPolicy, Secret, TokenSource};
use crate::Error;

/// Builds a generated API `Client` (`apis::genesys_oauth::Client::builder()`).
///
/// Every setting is optional: with none, the client calls the vendor's documented base URL
/// without credentials.
///
/// ```
/// # fn main() -> Result<(), apis::Error> {
/// let client = apis::genesys_oauth::Client::builder()
///     .base_url("http://127.0.0.1:8080/some/prefix")?
///     .bearer_token("TOKEN")
///     .build()?;
/// # Ok(()) }
/// ```
#[must_use = "a builder does nothing until you call `.build()`"]
pub struct ClientBuilder<A> {
    base_url: Option<String>,
    credentials: Credentials,
    api_key: Option<ApiKey>,
    http_client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    api: PhantomData<fn() -> A>,
}

/// What the builder was told to authenticate with.
enum Credentials {
    None,
    Bearer(Secret),
    Source(Arc<TokenCache>),
}

/// How long a call may take, from connecting to the last byte of the body, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl<A: Api> ClientBuilder<A> {
    /// A builder with nothing set.
    pub fn new() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: Credentials::None,
            api_key: None,
            http_client: None,
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            api: PhantomData,
        }
    }

    /// Calls this base URL instead of the vendor's documented one. A path prefix
    /// (`http://127.0.0.1:8080/some/prefix`, with or without a trailing `/`) is kept.
    ///
    /// # Errors
    /// [`Error::Config`] when `url` is not an absolute `http` or `https` URL, or carries a
    /// query string, a fragment or credentials.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self, Error> {
        self.base_url = Some(normalize_base_url(url.as_ref())?);
        Ok(self)
    }

    /// Calls one of the API's documented base URLs (generated `region(..)`-style setters use
    /// this; the URLs were checked when the spec was).
    #[doc(hidden)]
    pub fn documented_base_url(mut self, url: &'static str) -> Self {
        self.base_url = Some(url.trim_end_matches('/').to_owned());
        self
    }

    /// Sends an API key with every call, as the API documents it (generated `api_key(..)`
    /// setters use this).
    #[doc(hidden)]
    pub fn documented_api_key(mut self, name: &'static str, header: bool, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey { name, header, key: Secret::from(key) });
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request (replaces a token source).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Credentials::Bearer(Secret::from(token));
        self
    }

    /// Gets bearer tokens from `source`: cached, renewed shortly before they expire, fetched
    /// once for any number of waiting calls, and replaced once when the server answers 401
    /// (the call is then sent again). Replaces a static [`bearer_token`](Self::bearer_token).
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.credentials = Credentials::Source(Arc::new(TokenCache::new(source)));
        self
    }

    /// How long each call may take, from connecting to the last byte of the response body
    /// (30 s unless set; each attempt of a retried call gets the whole timeout). A call that
    /// runs out is an [`Error::Transport`] that says it timed out. Request builders can
    /// override it per call with `.timeout(..)`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No timeout of the client's own (a caller-supplied `http_client`'s still applies).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// When failed calls are retried: see [`RetryPolicy`] for the default. Request builders
    /// can override it per call with `.retry(..)`.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests through this `reqwest::Client` (its timeouts, proxies, TLS settings and
    /// connection pool) instead of a new one. [`apis::reqwest`](crate::reqwest) is the version
    /// this crate uses.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the bearer token is not a valid header value (e.g. it contains a
    /// line break) or the HTTP client cannot be created.
    pub fn build(self) -> Result<A, Error> {
        let base_url = match self.base_url {
            Some(url) => url,
            None => normalize_base_url(A::INFO.default_base_url)?,
        };
        let auth = match self.credentials {
            Credentials::None => Auth::None,
            Credentials::Source(cache) => Auth::Source(cache),
            Credentials::Bearer(token) => {
                let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| Error::Config {
                    message: "the bearer token is not a valid HTTP header value \
                              (it contains a control character such as CR or LF)"
                        .into(),
                })?;
                value.set_sensitive(true);
                Auth::Static(value)
            }
        };
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .user_agent(concat!("apis/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::Config {
                    message: format!("cannot create the HTTP client: {e}"),
                })?,
        };
        if let Some(key) = &self.api_key {
            if key.header && HeaderValue::from_str(key.key.expose()).is_err() {
                return Err(Error::Config { message: "the API key is not a valid HTTP header value".into() });
            }
        }
        let settings = Settings { base_url, auth, api_key: self.api_key, timeout: self.timeout, retry: self.retry };
        Ok(A::from_core(Core::new(A::INFO, http, settings)))
    }
}

impl<A: Api> Default for ClientBuilder<A> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(super::core::redact_userinfo))
            .field(
                "credentials",
                &match &self.credentials {
                    Credentials::None => "none",
                    Credentials::Bearer(_) => "Bearer <redacted>",
                    Credentials::Source(_) => "token source",
                },
            )
            .field("api_key", &self.api_key)
            .field("http_client", &self.http_client.as_ref().map(|_| ".."))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// Checks a base URL and drops its trailing `/`, so that paths (which start with `/`) append.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let config = |why: &str| Error::Config {
        message: format!("base URL `{}` {why}", super::core::redact_userinfo(raw)),
    };
    let url = Url::parse(raw.trim()).map_err(|e| config(&format!("is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(config("must use http or https"));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(config("must be an absolute URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config("must not have a query string or fragment"));
    }
    // reqwest would turn `user:password@` into a second `Authorization` header, and send the
    // password in the clear to every endpoint.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(config("must not carry credentials (`user:password@`); use `bearer_token`"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::normalize_base_url;

    #[test]
    fn base_urls_keep_their_prefix_and_lose_the_trailing_slash() {
        let ok = [
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://h.example/some/prefix", "https://h.example/some/prefix"),
            ("https://h.example/some/prefix/", "https://h.example/some/prefix"),
        ];
        for (raw, want) in ok {
            assert_eq!(normalize_base_url(raw).unwrap(), want, "{raw}");
        }
        for bad in ["", "127.0.0.1:8080", "ftp://h.example", "http://h/?a=1", "http://h/#x", "mailto:x@y", "http://u:p@h/", "http://u@h/"] {
            assert!(normalize_base_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn config_errors_never_show_a_password() {
        let err = normalize_base_url("ftp://user:hunter2@h.example/").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err}");
    }
}

//! [`Core`]: the configured state every generated `Client` wraps.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName};

use crate::RetryPolicy;
use crate::api::{ApiInfo, Operation};
use crate::auth::{ApiKey, ApiKeyWire, Auth};
use crate::redact::Redactor;
use crate::request::Request;

/// A configured connection to one API. Cheap to clone (one `Arc`), `Send + Sync`.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    api: &'static ApiInfo,
    http: reqwest::Client,
    settings: Settings,
}

/// What a `Core` holds besides the API and the HTTP client.
pub(super) struct Settings {
    /// Without a trailing `/`; operation paths start with one.
    pub base_url: String,
    pub auth: Auth,
    pub api_key: Option<ApiKey>,
    pub timeout: Option<Duration>,
    /// The HTTP client applies `timeout` itself (it is the client's own), so requests need
    /// not carry it.
    pub timeout_in_client: bool,
    pub retry: RetryPolicy,
    /// Headers every request gets unless it sets them itself; empty when the HTTP client
    /// sends them (it is the client's own).
    pub default_headers: HeaderMap,
    pub max_response_size: usize,
    /// The client's secrets: its credentials and sensitive default headers.
    pub redactor: Redactor,
}

impl Core {
    pub(super) fn new(api: &'static ApiInfo, http: reqwest::Client, settings: Settings) -> Self {
        Core { inner: Arc::new(Inner { api, http, settings }) }
    }

    /// A client of `api` on loopback without credentials, whose redactor knows `secrets`.
    #[cfg(test)]
    pub(super) fn for_tests(api: &'static ApiInfo, secrets: &[&str]) -> Self {
        let settings = Settings {
            base_url: "http://127.0.0.1:9".into(),
            auth: Auth::None,
            api_key: None,
            timeout: None,
            timeout_in_client: false,
            retry: RetryPolicy::none(),
            default_headers: HeaderMap::new(),
            max_response_size: crate::DEFAULT_MAX_RESPONSE_SIZE,
            redactor: Redactor::new(secrets.iter().copied()),
        };
        Core::new(api, reqwest::Client::new(), settings)
    }

    /// Starts a request for `operation`; it holds a clone of this core (one `Arc`), so that
    /// the request and its future are `'static`.
    pub fn request(&self, operation: &'static Operation) -> Request {
        Request::new(self.clone(), operation)
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(super) fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    pub(super) fn auth(&self) -> &Auth {
        &self.inner.settings.auth
    }

    pub(super) fn api_key(&self) -> Option<&ApiKey> {
        self.inner.settings.api_key.as_ref()
    }

    /// The client's timeout, wherever it is applied.
    pub(super) fn timeout(&self) -> Option<Duration> {
        self.inner.settings.timeout
    }

    /// What a header named `name` would override: the client's credentials travel in it.
    pub(super) fn credential_header(&self, name: &HeaderName) -> Option<&'static str> {
        if *name == AUTHORIZATION && !matches!(self.inner.settings.auth, Auth::None) {
            return Some("the client's credentials");
        }
        match self.inner.settings.api_key.as_ref().map(|key| &key.wire) {
            Some(ApiKeyWire::Header(Some((key_header, _)))) if key_header == name => Some("the client's API key"),
            _ => None,
        }
    }

    /// Whether a query parameter named `name` would override the client's API key.
    pub(super) fn is_credential_query(&self, name: &str) -> bool {
        self.inner.settings.api_key.as_ref().is_some_and(|key| !key.header && key.name == name)
    }

    /// The timeout each request must be given: none when the HTTP client applies it already.
    pub(super) fn request_timeout(&self) -> Option<Duration> {
        if self.inner.settings.timeout_in_client { None } else { self.inner.settings.timeout }
    }

    pub(super) fn retry(&self) -> &RetryPolicy {
        &self.inner.settings.retry
    }

    pub(super) fn default_headers(&self) -> &HeaderMap {
        &self.inner.settings.default_headers
    }

    pub(super) fn max_response_size(&self) -> usize {
        self.inner.settings.max_response_size
    }

    /// Redacts the client's own secrets (a call adds its own: see `CallSecrets`).
    pub(super) fn redactor(&self) -> &Redactor {
        &self.inner.settings.redactor
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("base_url", &redact_userinfo(&self.inner.settings.base_url))
            .field("auth", &self.inner.settings.auth)
            .field("api_key", &self.inner.settings.api_key)
            .field("timeout", &self.inner.settings.timeout)
            .field("retry", &self.inner.settings.retry)
            .field("max_response_size", &self.inner.settings.max_response_size)
            .finish_non_exhaustive()
    }
}

/// `scheme://user:<redacted>@host/...`: a URL as it may be shown.
pub(super) fn redact_userinfo(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("<redacted>"));
            parsed.to_string()
        }
        Ok(_) => url.to_owned(),
        // Not a URL: it may still hold a secret, so show only its shape.
        Err(_) if url.contains('@') => "<redacted>".to_owned(),
        Err(_) => url.to_owned(),
    }
}

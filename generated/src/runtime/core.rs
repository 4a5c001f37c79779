//! [`Core`]: the configured state every generated `Client` wraps.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{ApiKey, Auth};
use super::{ApiInfo, Operation, Request, RetryPolicy};

/// A configured connection to one API. Cheap to clone (one `Arc`), `Send + Sync`.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    api: &'static ApiInfo,
    http: reqwest::Client,
    /// Without a trailing `/`; operation paths start with one.
    base_url: String,
    auth: Auth,
    api_key: Option<ApiKey>,
    timeout: Option<Duration>,
    /// `http` applies `timeout` itself (it is the client's own).
    timeout_in_client: bool,
    retry: RetryPolicy,
}

/// The settings a `Core` is made from, besides the API and the HTTP client.
pub(super) struct Settings {
    pub base_url: String,
    pub auth: Auth,
    pub api_key: Option<ApiKey>,
    pub timeout: Option<Duration>,
    /// The HTTP client was built with `timeout`, so requests need not carry it.
    pub timeout_in_client: bool,
    pub retry: RetryPolicy,
}

impl Core {
    pub(super) fn new(api: &'static ApiInfo, http: reqwest::Client, settings: Settings) -> Self {
        let Settings { base_url, auth, api_key, timeout, timeout_in_client, retry } = settings;
        Core { inner: Arc::new(Inner { api, http, base_url, auth, api_key, timeout, timeout_in_client, retry }) }
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
        &self.inner.base_url
    }

    pub(super) fn auth(&self) -> &Auth {
        &self.inner.auth
    }

    pub(super) fn api_key(&self) -> Option<&ApiKey> {
        self.inner.api_key.as_ref()
    }

    /// The timeout each request must be given: none when the HTTP client applies it already.
    pub(super) fn request_timeout(&self) -> Option<Duration> {
        if self.inner.timeout_in_client { None } else { self.inner.timeout }
    }

    pub(super) fn retry(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api", &self.inner.api.name)
            .field("base_url", &redact_userinfo(&self.inner.base_url))
            .field("auth", &self.inner.auth)
            .field("api_key", &self.inner.api_key)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
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

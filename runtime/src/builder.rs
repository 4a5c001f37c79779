//! [`ClientBuilder`]: configures any generated `Client`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION, USER_AGENT};
use url::Url;

use crate::Error;
use crate::api::{Api, TokenEndpoint};
use crate::auth::{ApiKey, Auth, TokenCache};
use crate::body::DEFAULT_MAX_RESPONSE_SIZE;
use crate::client_credentials::token_http_client;
use crate::core::{Core, Settings};
use crate::redact::{Redactor, credential_of};
use crate::secret::Secret;
use crate::{ClientCredentials, RetryPolicy, TokenSource, same_origin_redirects};

/// The settings of a generated API `Client`, and how `build` turns them into one: what every
/// generated `ClientBuilder` wraps. Its methods are documented where consumers see them, in
/// the generated builder (`macros.rs`, `client_builder!`).
///
/// Every setting is optional: with none, the client calls the vendor's documented base URL
/// without credentials.
#[must_use = "a builder does nothing until you call `.build()`"]
pub struct ClientBuilder<A> {
    base_url: Option<String>,
    /// The token endpoint of the documented server `base_url` names, if it names one.
    server_token_url: Option<&'static str>,
    /// A token endpoint set by hand: it beats every documented one.
    token_url: Option<String>,
    credentials: Credentials,
    api_key: Option<ApiKey>,
    http_client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    /// As given: checked by `build`, which reports the first bad one.
    default_headers: Vec<(String, String)>,
    user_agent: Option<String>,
    max_response_size: usize,
    api: PhantomData<fn() -> A>,
}

/// What the builder was told to authenticate with.
enum Credentials {
    None,
    Bearer(Secret),
    /// A token source, and the secrets it says it holds.
    Source {
        cache: Arc<TokenCache>,
        secrets: Vec<String>,
    },
    /// The client-credentials grant at the token endpoint `build` picks.
    Grant {
        client_id: String,
        client_secret: Secret,
    },
}

/// How long a call may take, from connecting to the last byte of the body, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl<A: Api> ClientBuilder<A> {
    /// A builder with nothing set.
    pub fn new() -> Self {
        ClientBuilder {
            base_url: None,
            server_token_url: None,
            token_url: None,
            credentials: Credentials::None,
            api_key: None,
            http_client: None,
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            default_headers: Vec::new(),
            user_agent: None,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            api: PhantomData,
        }
    }

    /// What the generated builder's `base_url` does (its documentation is in `macros.rs`).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self, Error> {
        self.base_url = Some(normalize_base_url(url.as_ref())?);
        self.server_token_url = None;
        Ok(self)
    }

    /// Calls one of the API's documented servers, and gets client-credentials tokens from its
    /// token endpoint if it names one (generated `region(..)`-style setters use this; the URLs
    /// were checked when the spec was).
    #[doc(hidden)]
    pub fn documented_server(mut self, url: &'static str, token_url: Option<&'static str>) -> Self {
        self.base_url = Some(url.trim_end_matches('/').to_owned());
        self.server_token_url = token_url;
        self
    }

    /// Authenticates with the OAuth 2.0 client-credentials grant at the API's documented
    /// token endpoint (generated `client_credentials(..)` setters use this).
    #[doc(hidden)]
    pub fn documented_client_credentials(mut self, client_id: String, client_secret: String) -> Self {
        self.credentials = Credentials::Grant { client_id, client_secret: Secret::from(client_secret) };
        self
    }

    /// Gets client-credentials tokens from `url` rather than a documented token endpoint
    /// (generated `token_url(..)` setters use this).
    #[doc(hidden)]
    pub fn documented_token_url(mut self, url: &str) -> Result<Self, Error> {
        let parsed =
            Url::parse(url.trim()).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if parsed.is_none() {
            let url = crate::core::redact_userinfo(url);
            return Err(Error::config(format!("token URL `{url}` is not an absolute http or https URL")));
        }
        self.token_url = Some(url.trim().to_owned());
        Ok(self)
    }

    /// Sends an API key with every call, as the API documents it (generated `api_key(..)`
    /// setters use this).
    #[doc(hidden)]
    pub fn documented_api_key(mut self, name: &'static str, header: bool, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey::new(name, header, Secret::from(key)));
        self
    }

    /// What the generated builder's `bearer_token` does (its documentation is in `macros.rs`).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials = Credentials::Bearer(Secret::from(token));
        self
    }

    /// What the generated builder's `token_source` does (its documentation is in `macros.rs`).
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        let secrets = source.secrets();
        self.credentials =
            Credentials::Source { cache: Arc::new(TokenCache::new(source, "token source".into())), secrets };
        self
    }

    /// What the generated builder's `timeout` does (its documentation is in `macros.rs`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// What the generated builder's `no_timeout` does (its documentation is in `macros.rs`).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// What the generated builder's `retry` does (its documentation is in `macros.rs`).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// What the generated builder's `default_header` does (its documentation is in `macros.rs`).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// What the generated builder's `user_agent` does (its documentation is in `macros.rs`).
    pub fn user_agent(mut self, value: impl Into<String>) -> Self {
        self.user_agent = Some(value.into());
        self
    }

    /// What the generated builder's `max_response_size` does (its documentation is in `macros.rs`).
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// What the generated builder's `http_client` does (its documentation is in `macros.rs`).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// What the generated builder's `build` does (its documentation is in `macros.rs`).
    pub fn build(self) -> Result<A, Error> {
        let base_url = match &self.base_url {
            Some(url) => url.clone(),
            None => normalize_base_url(A::INFO.default_base_url)?,
        };
        let user_agent = match &self.user_agent {
            Some(agent) => Some(HeaderValue::from_str(agent).map_err(|_| {
                Error::config("the user agent is not a valid HTTP header value (it contains a control character such as CR or LF)")
            })?),
            None => None,
        };
        let has_credentials = !matches!(self.credentials, Credentials::None);
        let mut secrets: Vec<String> = Vec::new();
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::config(format!("default header `{name}` is not a valid header name")))?;
            let overrides = (header == AUTHORIZATION && has_credentials)
                || self.api_key.as_ref().is_some_and(|key| key.header && key.name.eq_ignore_ascii_case(name));
            if overrides {
                return Err(Error::config(format!(
                    "default header `{name}` would override the client's credentials: set them with the builder's credential setters"
                )));
            }
            let mut value_ok = HeaderValue::from_str(value).map_err(|_| {
                Error::config(format!("the value of default header `{name}` is not a valid header value (it contains a control character such as CR or LF)"))
            })?;
            if matches!(header, AUTHORIZATION | PROXY_AUTHORIZATION | COOKIE) {
                value_ok.set_sensitive(true);
                secrets.push(value.clone());
                secrets.extend(credential_of(value.as_bytes()).map(str::to_owned));
            }
            default_headers.insert(header, value_ok);
        }
        let (http, timeout_in_client, default_headers) = match self.http_client {
            // A client of the caller's: the defaults go with each request.
            Some(client) => {
                if let Some(agent) = &user_agent {
                    default_headers.insert(USER_AGENT, agent.clone());
                }
                (client, false, default_headers)
            }
            None => {
                let agent = user_agent
                    .clone()
                    .unwrap_or_else(|| HeaderValue::from_static(concat!("apis/", env!("CARGO_PKG_VERSION"))));
                let mut http = reqwest::Client::builder()
                    .user_agent(agent)
                    .default_headers(default_headers)
                    .redirect(same_origin_redirects())
                    .referer(false);
                // A client of our own carries the timeout, which reqwest applies to each request
                // just as one set per request: setting it per request costs a few allocations
                // each time (reqwest keeps it in the request's extensions).
                if let Some(timeout) = self.timeout {
                    http = http.timeout(timeout);
                }
                let http = http.build().map_err(|e| Error::config(format!("cannot create the HTTP client: {e}")))?;
                (http, true, HeaderMap::new())
            }
        };
        let auth = match self.credentials {
            Credentials::None => Auth::None,
            Credentials::Source { cache, secrets: held } => {
                secrets.extend(held);
                Auth::Source(cache)
            }
            Credentials::Grant { client_id, client_secret } => {
                let endpoint = A::INFO.client_credentials.as_ref();
                let token_url = choose_token_url(
                    self.token_url.as_deref(),
                    self.server_token_url,
                    self.base_url.is_none(),
                    endpoint,
                    &base_url,
                )?;
                // Never the caller's client: the token endpoint must follow no redirect.
                let mut grant = ClientCredentials::new(&token_url, client_id, client_secret.expose())?
                    .with_token_client(token_http_client(user_agent.as_ref())?)
                    .timeout(self.timeout)
                    .max_response_size(self.max_response_size);
                if endpoint.is_some_and(|e| e.credentials_in_body) {
                    grant = grant.credentials_in_body();
                }
                secrets.extend(TokenSource::secrets(&grant));
                let label = format!("client credentials from {}", grant.shown_url());
                Auth::Source(Arc::new(TokenCache::new(grant, label)))
            }
            Credentials::Bearer(token) => {
                let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| {
                    Error::config(
                        "the bearer token is not a valid HTTP header value (it contains a control character such as CR or LF)",
                    )
                })?;
                value.set_sensitive(true);
                secrets.push(token.expose().to_owned());
                Auth::Static(value)
            }
        };
        if let Some(key) = &self.api_key {
            if key.header && HeaderValue::from_str(key.key.expose()).is_err() {
                return Err(Error::config("the API key is not a valid HTTP header value"));
            }
            secrets.push(key.key.expose().to_owned());
        }
        let settings = Settings {
            base_url,
            auth,
            api_key: self.api_key,
            timeout: self.timeout,
            timeout_in_client,
            retry: self.retry,
            default_headers,
            max_response_size: self.max_response_size,
            redactor: Redactor::new(secrets.iter().map(String::as_str)),
        };
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
            .field("base_url", &self.base_url.as_deref().map(crate::core::redact_userinfo))
            .field(
                "credentials",
                &match &self.credentials {
                    Credentials::None => "none",
                    Credentials::Bearer(_) => "Bearer <redacted>",
                    Credentials::Source { .. } => "token source",
                    Credentials::Grant { .. } => "client credentials",
                },
            )
            .field("token_url", &self.token_url.as_deref().or(self.server_token_url).map(crate::core::redact_userinfo))
            .field("api_key", &self.api_key)
            .field("http_client", &self.http_client.as_ref().map(|_| ".."))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("default_headers", &self.default_headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("user_agent", &self.user_agent)
            .field("max_response_size", &self.max_response_size)
            .finish()
    }
}

/// The token endpoint for client credentials: one set by hand, else the chosen server's, else
/// the default server's (when no base URL was set), else the API's own (a path is taken under
/// the base URL).
fn choose_token_url(
    by_hand: Option<&str>,
    server: Option<&'static str>,
    default_base_url: bool,
    endpoint: Option<&TokenEndpoint>,
    base_url: &str,
) -> Result<String, Error> {
    if let Some(url) = by_hand.or(server) {
        return Ok(url.to_owned());
    }
    let default_server = endpoint.and_then(|e| e.default_server_url).filter(|_| default_base_url);
    match (default_server, endpoint.and_then(|e| e.url)) {
        (Some(url), _) => Ok(url.to_owned()),
        (None, Some(path)) if path.starts_with('/') => Ok(format!("{base_url}{path}")),
        (None, Some(url)) => Ok(url.to_owned()),
        (None, None) => Err(Error::config(
            "client credentials need a token endpoint, and with a base URL set by hand \
             none is documented: set one with `.token_url(..)`, or pick a documented \
             server (e.g. `.region(..)`) instead of `.base_url(..)`",
        )),
    }
}

/// Checks a base URL and drops its trailing `/`, so that paths (which start with `/`) append.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let config = |why: &str| Error::config(format!("base URL `{}` {why}", crate::core::redact_userinfo(raw)));
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
    use super::{choose_token_url, normalize_base_url};
    use crate::internal::TokenEndpoint;

    #[test]
    fn token_urls_by_hand_beat_servers_which_beat_the_api() {
        const BASE: &str = "http://127.0.0.1:9";
        let knetik = TokenEndpoint { url: Some("/oauth/token"), default_server_url: None, credentials_in_body: true };
        let genesys = TokenEndpoint {
            url: None,
            default_server_url: Some("https://login.a/oauth/token"),
            credentials_in_body: false,
        };
        let absolute = TokenEndpoint {
            url: Some("https://auth.example/token"),
            default_server_url: None,
            credentials_in_body: false,
        };
        let pick =
            |by_hand, server, default_base, endpoint| choose_token_url(by_hand, server, default_base, endpoint, BASE);
        assert_eq!(
            pick(Some("http://h/t"), Some("https://login.b/oauth/token"), false, Some(&genesys)).unwrap(),
            "http://h/t"
        );
        assert_eq!(
            pick(None, Some("https://login.b/oauth/token"), false, Some(&genesys)).unwrap(),
            "https://login.b/oauth/token"
        );
        assert_eq!(pick(None, None, true, Some(&genesys)).unwrap(), "https://login.a/oauth/token");
        assert_eq!(pick(None, None, false, Some(&knetik)).unwrap(), "http://127.0.0.1:9/oauth/token");
        assert_eq!(pick(None, None, true, Some(&knetik)).unwrap(), "http://127.0.0.1:9/oauth/token");
        assert_eq!(pick(None, None, false, Some(&absolute)).unwrap(), "https://auth.example/token");
        // A base URL set by hand for an API whose token hosts follow its servers: asking is
        // better than sending the secret to the default region's login host.
        let err = pick(None, None, false, Some(&genesys)).unwrap_err();
        assert!(err.to_string().contains("token_url"), "{err}");
        assert!(pick(None, None, true, None).is_err());
    }

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
        for bad in [
            "",
            "127.0.0.1:8080",
            "ftp://h.example",
            "http://h/?a=1",
            "http://h/#x",
            "mailto:x@y",
            "http://u:p@h/",
            "http://u@h/",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn config_errors_never_show_a_password() {
        let err = normalize_base_url("ftp://user:hunter2@h.example/").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("hunter2"), "{err}");
    }
}

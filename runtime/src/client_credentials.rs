//! [`ClientCredentials`]: the OAuth 2.0 client-credentials grant (RFC 6749, section 4.4) as a
//! [`TokenSource`].
//!
//! The grant is one form POST; what needs care is the answer, which comes from a server that
//! holds the client's secret and may be hostile or broken. So the token endpoint follows no
//! redirect (section 10.6: a redirect would replay the secret elsewhere), its answer is read
//! up to a limit, every number in it is checked, and every failure says which it was (timed
//! out, no connection, a status with the server's `error`, an unreadable answer) in words
//! that name the endpoint and never a secret.
//!
//! (The `oauth2` crate did this before; its errors drop the status, say "Request failed" for
//! every transport failure, and keep the raw body in their `Debug` output, so the exchange is
//! written here, with `reqwest` and `serde`.)

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, LOCATION};
use serde::Deserialize;
use url::Url;

use crate::Error;
use crate::auth::{AccessToken, TokenFuture, TokenSource};
use crate::body::{BodyError, DEFAULT_MAX_RESPONSE_SIZE, read_limited};
use crate::builder::DEFAULT_TIMEOUT;
use crate::error::{causes, duration, size};
use crate::redact::{Redactor, basic_credentials};
use crate::secret::Secret;

/// Tokens from an authorization server's token endpoint, for a client id and secret.
///
/// Give it to a client builder's `token_source(..)`: tokens are
/// then cached, renewed before they expire, fetched once for any number of waiting calls, and
/// replaced once after a 401.
///
/// ```
/// # use apis_runtime as apis;
/// use apis::ClientCredentials;
///
/// let grant = ClientCredentials::new("https://login.mypurecloud.com/oauth/token", "my-client-id", "my-secret")?
///     .scopes(["analytics:readonly"]);
/// // apis::genesys::Client::builder().token_source(grant).build()?
/// # let _ = grant; Ok::<(), apis::Error>(())
/// ```
///
/// The token endpoint gets the secret, so nothing sends it further: a redirect is not followed
/// (it fails the fetch), no `Referer` is sent, and an answer larger than
/// [`max_response_size`](Self::max_response_size) ends the fetch.
pub struct ClientCredentials {
    token_url: Url,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    credentials_in_body: bool,
    http: reqwest::Client,
    timeout: Option<Duration>,
    max_response_size: usize,
    /// The secret in every form a server could echo it in.
    redactor: Redactor,
}

impl ClientCredentials {
    /// The grant at `token_url`; the client authenticates with HTTP Basic auth (as RFC 6749
    /// recommends; see [`credentials_in_body`](Self::credentials_in_body) for servers that
    /// want them as form fields).
    ///
    /// Each request to the token endpoint may take 30 s (see [`timeout`](Self::timeout)).
    ///
    /// # Errors
    /// [`Error::Config`] when `token_url` is not an absolute `http` or `https` URL.
    pub fn new(token_url: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        let config =
            |why: &str| Error::config(format!("token URL `{}` {why}", crate::core::redact_userinfo(token_url)));
        let url = Url::parse(token_url.trim()).map_err(|e| config(&format!("is not a valid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            return Err(config("must be an absolute http or https URL"));
        }
        let client_id = client_id.into();
        let client_secret = Secret::from(client_secret);
        let redactor = Redactor::new(credential_secrets(&client_id, &client_secret).iter().map(String::as_str));
        Ok(ClientCredentials {
            token_url: url,
            client_id,
            client_secret,
            scopes: Vec::new(),
            credentials_in_body: false,
            http: token_http_client(None)?,
            timeout: Some(DEFAULT_TIMEOUT),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            redactor,
        })
    }

    /// Requests these scopes (e.g. `Scope::ChromeAutofill.as_str()` of a generated `Scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the client id and secret as form fields instead of HTTP Basic auth.
    pub fn credentials_in_body(mut self) -> Self {
        self.credentials_in_body = true;
        self
    }

    /// Calls the token endpoint through a client built from `builder` (for its proxies, TLS
    /// roots or connection settings). Whatever `builder` says, that client follows no redirect
    /// and sends no `Referer`: a builder rather than a built client, so that this holds.
    ///
    /// # Errors
    /// [`Error::Config`] when reqwest cannot build the client.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Result<Self, Error> {
        self.http = builder
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(|e| Error::config(format!("cannot create the HTTP client for the token endpoint: {e}")))?;
        Ok(self)
    }

    /// How long one request to the token endpoint may take (30 s unless set; `None`: no
    /// limit of the grant's own). A call waiting for a token fails with [`Error::Auth`] then.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest token response read, in bytes (16 MiB unless set); a larger one fails the
    /// fetch after reading at most that much.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Uses `http`, a client that [`token_http_client`] built (so it follows no redirect).
    pub(crate) fn with_token_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The token endpoint as messages show it: no credentials, no query.
    pub(crate) fn shown_url(&self) -> String {
        shown_url(&self.token_url)
    }

    async fn exchange(&self) -> Result<AccessToken, TokenError> {
        let fail =
            |what: What| TokenError { text: self.redactor.redact(&what.describe(&self.shown_url())).into_owned() };
        let mut request = self
            .http
            .post(self.token_url.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        if !self.credentials_in_body {
            request = request.header(AUTHORIZATION, self.basic_header().map_err(|()| fail(What::UnusableCredentials))?);
        }
        request = request.body(self.form());
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let transport = |e: reqwest::Error| {
            let e = e.without_url();
            match (e.is_timeout(), e.is_connect()) {
                (true, _) => What::TimedOut(self.timeout),
                (false, true) => What::NoConnection(causes(&e)),
                (false, false) => What::Failed(causes(&e)),
            }
        };
        let mut response = request.send().await.map_err(|e| fail(transport(e)))?;
        let status = response.status();
        let location = response.headers().get(LOCATION).map(|l| String::from_utf8_lossy(l.as_bytes()).into_owned());
        let body = read_limited(&mut response, self.max_response_size).await.map_err(|e| {
            fail(match e {
                BodyError::TooLarge => What::TooLarge(self.max_response_size),
                BodyError::Transport(e) => transport(e),
            })
        })?;
        if status.is_redirection() {
            return Err(fail(What::Redirected(status, location)));
        }
        if !status.is_success() {
            return Err(fail(What::Refused(status, serde_json::from_slice(&body).ok())));
        }
        let token: Token = serde_json::from_slice(&body).map_err(|e| fail(What::NotAToken(status, e.to_string())))?;
        if let Some(kind) = token.token_type.as_deref().filter(|kind| !kind.eq_ignore_ascii_case("bearer")) {
            return Err(fail(What::NotBearer(kind.to_owned())));
        }
        let access = AccessToken::new(token.access_token);
        Ok(match token.expires_in {
            Some(Lifetime(seconds)) => access.expires_in(Duration::from_secs(seconds)),
            None => access,
        })
    }

    /// The form body: the grant, the scopes, and the credentials when they go in the body.
    fn form(&self) -> String {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "client_credentials");
        if !self.scopes.is_empty() {
            form.append_pair("scope", &self.scopes.join(" "));
        }
        if self.credentials_in_body {
            form.append_pair("client_id", &self.client_id);
            form.append_pair("client_secret", self.client_secret.expose());
        }
        form.finish()
    }

    /// `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 section 2.3.1), sensitive.
    fn basic_header(&self) -> Result<HeaderValue, ()> {
        let [_, encoded] = basic_credentials(&self.client_id, self.client_secret.expose());
        let mut value = HeaderValue::try_from(format!("Basic {encoded}")).map_err(|_| ())?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move { self.exchange().await.map_err(Into::into) })
    }

    /// The client secret, and the Basic credential made of it.
    fn secrets(&self) -> Vec<String> {
        credential_secrets(&self.client_id, &self.client_secret)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.shown_url())
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("credentials_in_body", &self.credentials_in_body)
            .field("timeout", &self.timeout)
            .field("max_response_size", &self.max_response_size)
            .finish_non_exhaustive()
    }
}

/// The HTTP client of a token endpoint: no redirects, no `Referer`.
pub(crate) fn token_http_client(user_agent: Option<&HeaderValue>) -> Result<reqwest::Client, Error> {
    let default_agent = HeaderValue::from_static(concat!("apis/", env!("CARGO_PKG_VERSION")));
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .user_agent(user_agent.unwrap_or(&default_agent).clone())
        .build()
        .map_err(|e| Error::config(format!("cannot create the HTTP client for the token endpoint: {e}")))
}

/// The client secret and the Basic credentials made of it.
fn credential_secrets(client_id: &str, client_secret: &Secret) -> Vec<String> {
    let secret = client_secret.expose();
    let [plain, encoded] = basic_credentials(client_id, secret);
    vec![secret.to_owned(), plain, encoded]
}

/// `scheme://host:port/path`: a URL without userinfo, query or fragment, which may hold
/// credentials.
pub(crate) fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// A failed token fetch, in words (already redacted) that say which failure it was.
#[derive(Debug)]
struct TokenError {
    text: String,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Its causes are part of its text.
impl std::error::Error for TokenError {}

/// What went wrong with a token fetch.
enum What {
    TimedOut(Option<Duration>),
    NoConnection(String),
    Failed(String),
    TooLarge(usize),
    Redirected(StatusCode, Option<String>),
    Refused(StatusCode, Option<OAuthError>),
    NotAToken(StatusCode, String),
    NotBearer(String),
    UnusableCredentials,
}

impl What {
    fn describe(&self, url: &str) -> String {
        match self {
            What::TimedOut(Some(after)) => format!("the token request to {url} timed out after {}", duration(*after)),
            What::TimedOut(None) => format!("the token request to {url} timed out"),
            What::NoConnection(why) => format!("could not connect to the token endpoint {url}: {why}"),
            What::Failed(why) => format!("the token request to {url} failed: {why}"),
            What::TooLarge(limit) => {
                format!("the token endpoint {url} answered with more than {} (the limit)", size(*limit))
            }
            What::Redirected(status, location) => format!(
                "the token endpoint {url} answered HTTP {status} with a redirect to {}, which is not followed \
                 (a redirect would send the client's credentials elsewhere)",
                location.as_deref().unwrap_or("nowhere")
            ),
            What::Refused(status, None) => format!("the token endpoint {url} answered HTTP {status}"),
            What::Refused(status, Some(error)) => {
                let mut text = format!("the token endpoint {url} answered HTTP {status}: {}", error.error);
                if let Some(description) = error.error_description.as_deref().or(error.description.as_deref()) {
                    text.push_str(&format!(" ({description})"));
                }
                text
            }
            What::NotAToken(status, why) => {
                format!(
                    "the token endpoint {url} answered HTTP {status} with a body that is not a token response: {why}"
                )
            }
            What::NotBearer(kind) => {
                format!("the token endpoint {url} gave a token of type `{kind}`; only bearer tokens can be used")
            }
            What::UnusableCredentials => "the client id or secret cannot be sent in an HTTP header".to_owned(),
        }
    }
}

/// An error answer (RFC 6749 section 5.2); Genesys adds a `description`.
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

/// A token answer (RFC 6749 section 5.1), read leniently: a missing `token_type` means
/// `bearer`, and `expires_in` may be any JSON number or a string of one (Knetik documents a
/// string).
#[derive(Deserialize)]
struct Token {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<Lifetime>,
}

/// A token's lifetime in whole seconds, saturating: negative is 0, fractions round down, and
/// a number too large for a `u64` is `u64::MAX` (the cache then keeps the token until the
/// server refuses it).
struct Lifetime(u64);

impl<'de> Deserialize<'de> for Lifetime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Seconds {
            Whole(u64),
            Signed(i64),
            Fraction(f64),
            Text(String),
        }
        let text_seconds = |text: &str| -> Option<u64> {
            let text = text.trim();
            if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
                return Some(text.parse().unwrap_or(u64::MAX));
            }
            text.parse::<f64>().ok().filter(|f| f.is_finite()).map(saturate)
        };
        match Seconds::deserialize(deserializer)? {
            Seconds::Whole(n) => Ok(Lifetime(n)),
            Seconds::Signed(n) => Ok(Lifetime(u64::try_from(n).unwrap_or(0))),
            Seconds::Fraction(f) => Ok(Lifetime(saturate(f))),
            Seconds::Text(text) => text_seconds(&text)
                .map(Lifetime)
                .ok_or_else(|| serde::de::Error::custom(format!("`expires_in` is not a number of seconds: {text:?}"))),
        }
    }
}

/// `f` seconds as a whole, non-negative `u64` (`as` saturates, and maps NaN to 0).
fn saturate(f: f64) -> u64 {
    f.max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lifetime(body: &str) -> Result<Option<u64>, serde_json::Error> {
        serde_json::from_str::<Token>(body).map(|t| t.expires_in.map(|l| l.0))
    }

    #[test]
    fn expires_in_may_be_any_number_or_a_string_of_one() {
        for (expires_in, want) in [
            ("3600", Some(3600)),
            ("\"3600\"", Some(3600)),
            ("null", None),
            ("-5", Some(0)),
            ("3600.9", Some(3600)),
            ("1e300", Some(u64::MAX)),
            ("18446744073709551615", Some(u64::MAX)),
            ("184467440737095516150", Some(u64::MAX)),
            ("\"99999999999999999999999\"", Some(u64::MAX)),
        ] {
            let body = format!(r#"{{"access_token":"t","token_type":"bearer","expires_in":{expires_in}}}"#);
            assert_eq!(lifetime(&body).unwrap(), want, "{body}");
        }
        assert_eq!(lifetime(r#"{"access_token":"t"}"#).unwrap(), None);
        let bad = lifetime(r#"{"access_token":"t","expires_in":"soon"}"#).unwrap_err();
        assert!(bad.to_string().contains("expires_in"), "{bad}");
    }

    #[test]
    fn shown_urls_carry_no_credentials() {
        let url = Url::parse("https://user:pw@login.example/oauth/token?client_secret=s#f").unwrap();
        assert_eq!(shown_url(&url), "https://login.example/oauth/token");
    }

    #[test]
    fn failures_say_which_they_are() {
        let url = "http://127.0.0.1:9/oauth/token";
        let refused = What::Refused(
            StatusCode::UNAUTHORIZED,
            Some(OAuthError {
                error: "invalid_client".into(),
                error_description: Some("Bad credentials".into()),
                description: None,
            }),
        );
        assert_eq!(
            refused.describe(url),
            "the token endpoint http://127.0.0.1:9/oauth/token answered HTTP 401 Unauthorized: invalid_client (Bad credentials)"
        );
        assert_eq!(
            What::TimedOut(Some(DEFAULT_TIMEOUT)).describe(url),
            "the token request to http://127.0.0.1:9/oauth/token timed out after 30 s"
        );
        assert!(
            What::Redirected(StatusCode::TEMPORARY_REDIRECT, Some("http://elsewhere/".into()))
                .describe(url)
                .contains("not followed")
        );
    }
}

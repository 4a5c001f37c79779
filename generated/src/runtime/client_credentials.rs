//! [`ClientCredentials`]: the OAuth 2.0 client-credentials grant (RFC 6749, section 4.4) as a
//! [`TokenSource`], with the `oauth2` crate speaking the protocol over this crate's reqwest.

use std::fmt;
use std::time::Duration;

use oauth2::basic::{BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType};
use oauth2::{AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, RefreshToken, Scope, StandardRevocableToken, TokenResponse, TokenUrl};
use serde::{Deserialize, Deserializer, Serialize};

use super::auth::{AccessToken, TokenFuture, TokenSource};
use super::builder::DEFAULT_TIMEOUT;
use crate::Error;

/// `oauth2`'s basic client, reading token responses with [`Token`].
type Grant = oauth2::Client<
    BasicErrorResponse,
    Token,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Tokens from an authorization server's token endpoint, for a client id and secret.
///
/// Give it to [`ClientBuilder::token_source`](crate::ClientBuilder::token_source): tokens are
/// then cached, renewed before they expire, fetched once for any number of waiting calls, and
/// replaced once after a 401.
///
/// ```
/// use apis::ClientCredentials;
///
/// let grant = ClientCredentials::new("https://login.mypurecloud.com/oauth/token", "my-client-id", "my-secret")?;
/// let client = apis::genesys_oauth::Client::builder().token_source(grant).build()?;
/// # let _ = client; Ok::<(), apis::Error>(())
/// ```
pub struct ClientCredentials {
    grant: Grant,
    scopes: Vec<Scope>,
    http: reqwest::Client,
    timeout: Option<Duration>,
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
        let config = |why: String| Error::Config { message: format!("token URL `{}` {why}", super::core::redact_userinfo(token_url)) };
        let url = TokenUrl::new(token_url.to_owned()).map_err(|e| config(format!("is not a valid URL: {e}")))?;
        if !matches!(url.url().scheme(), "http" | "https") {
            return Err(config("must use http or https".into()));
        }
        let grant: Grant = oauth2::Client::new(ClientId::new(client_id.into()))
            .set_client_secret(ClientSecret::new(client_secret.into()))
            .set_token_uri(url);
        let http = reqwest::Client::builder()
            // The token endpoint must not send the client elsewhere (RFC 6749 section 10.6).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config { message: format!("cannot create the HTTP client: {e}") })?;
        Ok(ClientCredentials { grant, scopes: Vec::new(), http, timeout: Some(DEFAULT_TIMEOUT) })
    }

    /// Requests these scopes (e.g. `Scope::ChromeAutofill.as_str()` of a generated `Scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(|s| Scope::new(s.into())).collect();
        self
    }

    /// Sends the client id and secret as form fields instead of HTTP Basic auth.
    pub fn credentials_in_body(mut self) -> Self {
        self.grant = self.grant.set_auth_type(AuthType::RequestBody);
        self
    }

    /// Calls the token endpoint through this `reqwest::Client` instead of a new one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = client;
        self
    }

    /// How long one request to the token endpoint may take (30 s unless set; `None`: no
    /// limit of the grant's own). A call waiting for a token fails with [`Error::Auth`] then.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The token endpoint, as `Debug` output shows it.
    pub(crate) fn token_url(&self) -> &str {
        self.grant.token_uri().as_str()
    }
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let send = |request: HttpRequest| {
                let http = self.http.clone();
                let timeout = self.timeout;
                async move {
                    let mut request = reqwest::Request::try_from(request)?;
                    *request.timeout_mut() = timeout;
                    let response = http.execute(request).await?;
                    let mut answer = HttpResponse::new(Vec::new());
                    *answer.status_mut() = response.status();
                    *answer.headers_mut() = response.headers().clone();
                    *answer.body_mut() = response.bytes().await?.to_vec();
                    Ok::<_, reqwest::Error>(answer)
                }
            };
            let token = self.grant.exchange_client_credentials().add_scopes(self.scopes.clone()).request_async(&send).await?;
            let access = AccessToken::new(token.access_token().secret().clone());
            Ok(match token.expires_in() {
                Some(lifetime) => access.expires_in(lifetime),
                None => access,
            })
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.grant.token_uri().as_str())
            .field("client_id", &self.grant.client_id().as_str())
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>())
            .finish()
    }
}

/// A token endpoint's answer (RFC 6749 section 5.1), read leniently: `expires_in` may be a
/// number or a string of digits (Knetik documents a string, which `oauth2`'s own response
/// type refuses), and a missing `token_type` means `bearer`.
#[derive(Debug, Deserialize, Serialize)]
pub(crate) struct Token {
    access_token: oauth2::AccessToken,
    #[serde(default = "bearer")]
    token_type: BasicTokenType,
    #[serde(default, deserialize_with = "seconds", skip_serializing_if = "Option::is_none")]
    expires_in: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<RefreshToken>,
    #[serde(default, rename = "scope", deserialize_with = "space_delimited", skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<Scope>>,
}

fn bearer() -> BasicTokenType {
    BasicTokenType::Bearer
}

/// `3600`, `"3600"` or `null`.
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(u64),
        Text(String),
    }
    match Option::<Seconds>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Seconds::Number(n)) => Ok(Some(n)),
        Some(Seconds::Text(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("`expires_in` is not a number of seconds: {text:?}"))),
    }
}

/// `"read write"` as two scopes.
fn space_delimited<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Scope>>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.map(|t| t.split_whitespace().map(|s| Scope::new(s.to_owned())).collect()))
}

impl TokenResponse for Token {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &oauth2::AccessToken {
        &self.access_token
    }

    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }

    fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }

    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }

    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::Token;
    use oauth2::TokenResponse;
    use std::time::Duration;

    #[test]
    fn expires_in_may_be_a_number_or_a_string() {
        for (body, want) in [
            (r#"{"access_token":"t","token_type":"bearer","expires_in":3600}"#, Some(3600)),
            (r#"{"access_token":"t","token_type":"bearer","expires_in":"3600"}"#, Some(3600)),
            (r#"{"access_token":"t","token_type":"Bearer","expires_in":null}"#, None),
            (r#"{"access_token":"t"}"#, None),
        ] {
            let token: Token = serde_json::from_str(body).unwrap();
            assert_eq!(token.expires_in(), want.map(Duration::from_secs), "{body}");
            assert_eq!(token.access_token().secret(), "t");
        }
        let bad = serde_json::from_str::<Token>(r#"{"access_token":"t","expires_in":"soon"}"#).unwrap_err();
        assert!(bad.to_string().contains("expires_in"), "{bad}");
    }

    #[test]
    fn scopes_are_space_delimited() {
        let token: Token = serde_json::from_str(r#"{"access_token":"t","scope":"read  write"}"#).unwrap();
        let scopes: Vec<&str> = token.scopes().unwrap().iter().map(|s| s.as_str()).collect();
        assert_eq!(scopes, ["read", "write"]);
    }
}

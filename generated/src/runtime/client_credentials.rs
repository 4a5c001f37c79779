//! [`ClientCredentials`]: the OAuth 2.0 client-credentials grant (RFC 6749, section 4.4) as a
//! [`TokenSource`], with the `oauth2` crate speaking the protocol over this crate's reqwest.

use std::fmt;

use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, HttpRequest, HttpResponse, Scope, TokenResponse, TokenUrl};

use super::auth::{AccessToken, TokenFuture, TokenSource};
use crate::Error;

type Grant = BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

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
}

impl ClientCredentials {
    /// The grant at `token_url`; the client authenticates with HTTP Basic auth (as RFC 6749
    /// recommends; see [`credentials_in_body`](Self::credentials_in_body) for servers that
    /// want them as form fields).
    ///
    /// # Errors
    /// [`Error::Config`] when `token_url` is not an absolute URL.
    pub fn new(token_url: &str, client_id: impl Into<String>, client_secret: impl Into<String>) -> Result<Self, Error> {
        let url = TokenUrl::new(token_url.to_owned())
            .map_err(|e| Error::Config { message: format!("token URL `{token_url}` is not a valid URL: {e}") })?;
        let grant = BasicClient::new(ClientId::new(client_id.into()))
            .set_client_secret(ClientSecret::new(client_secret.into()))
            .set_token_uri(url);
        let http = reqwest::Client::builder()
            // The token endpoint must not send the client elsewhere (RFC 6749 section 10.6).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config { message: format!("cannot create the HTTP client: {e}") })?;
        Ok(ClientCredentials { grant, scopes: Vec::new(), http })
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
}

impl TokenSource for ClientCredentials {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let send = |request: HttpRequest| {
                let http = self.http.clone();
                async move {
                    let request = reqwest::Request::try_from(request)?;
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

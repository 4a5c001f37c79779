//! What every generated `ClientBuilder` and request builder has in common, written once here
//! and expanded in each generated module (`internal::client_builder!`,
//! `internal::request_builder!`), so that those methods are the type's own (no trait to
//! import) and their documentation is the same everywhere.
//!
//! The macros expect the generated types' fields by name: a `ClientBuilder` holds its
//! `internal::ClientBuilder<Client>` in `inner`; a request builder holds its
//! `internal::Request` in `request` and has a `send(self) -> Pending<Output>`.
//!
//! The request builder's methods are `#[inline]`, as every generated per-operation function
//! is: compiled where a caller uses them, not for every operation in `apis` itself.

/// The shared half of a generated `ClientBuilder` (the API's own setters, such as `region` or
/// `api_key`, are generated beside it): `client_builder!(ClientBuilder, Client)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __client_builder {
    ($builder:ident, $client:ident) => {
        impl $builder {
            /// Calls this base URL instead of the vendor's documented one. A path prefix
            /// (`http://127.0.0.1:8080/some/prefix`, with or without a trailing `/`) is kept.
            ///
            /// # Errors
            /// [`Error::Config`](apis_runtime::Error::Config) when `url` is not an absolute
            /// `http` or `https` URL, or carries a query string, a fragment or credentials.
            pub fn base_url(self, url: impl ::std::convert::AsRef<str>) -> ::std::result::Result<Self, $crate::Error> {
                ::std::result::Result::Ok(Self { inner: self.inner.base_url(url.as_ref())? })
            }

            /// Sends `Authorization: Bearer <token>` with every request (replaces a token
            /// source or client credentials).
            pub fn bearer_token(self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.bearer_token(token.into()) }
            }

            /// Gets bearer tokens from `source`: cached, renewed shortly before they expire,
            /// fetched once for any number of waiting calls, and replaced once when the server
            /// answers 401 (the call is then sent again). Replaces a static `bearer_token` or
            /// client credentials.
            pub fn token_source(self, source: impl $crate::TokenSource) -> Self {
                Self { inner: self.inner.token_source(source) }
            }

            /// How long each call may take, from connecting to the last byte of the response
            /// body (30 s unless set; each attempt of a retried call gets the whole timeout).
            /// A call that runs out is an [`Error::Transport`](apis_runtime::Error::Transport)
            /// that says it timed out. Request builders can override it per call with
            /// `.timeout(..)`.
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self { inner: self.inner.timeout(timeout) }
            }

            /// No timeout of the client's own (a caller-supplied `http_client`'s still
            /// applies).
            pub fn no_timeout(self) -> Self {
                Self { inner: self.inner.no_timeout() }
            }

            /// When failed calls are retried: see
            /// [`RetryPolicy`](apis_runtime::RetryPolicy) for the default. Request builders
            /// can override it per call with `.retry(..)`.
            pub fn retry(self, policy: $crate::RetryPolicy) -> Self {
                Self { inner: self.inner.retry(policy) }
            }

            /// Sends every request with this header, unless the request sets it itself (a
            /// header parameter, or a request builder's `.header(..)`). Setting a name again
            /// replaces its value. Token requests do not get it.
            ///
            /// `build` fails with [`Error::Config`](apis_runtime::Error::Config) for a name or
            /// value that is not valid in HTTP, and for `Authorization` or the API key's header
            /// when the client has credentials (they would override them). An
            /// `Authorization`, `Proxy-Authorization` or `Cookie` value is treated as a secret.
            pub fn default_header(
                self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                Self { inner: self.inner.default_header(name.into(), value.into()) }
            }

            /// The `User-Agent` of every request, token requests included (`apis/<version>`
            /// unless set). `build` fails with [`Error::Config`](apis_runtime::Error::Config)
            /// when it is not a valid header value.
            pub fn user_agent(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self { inner: self.inner.user_agent(value.into()) }
            }

            /// The largest response body a call reads, in bytes: 16 MiB unless set. A larger
            /// one, by its `Content-Length` or once that much has arrived (chunked or not),
            /// ends the call with an [`Error::Transport`](apis_runtime::Error::Transport) that
            /// names the operation and the limit, whatever its status; at most about the limit
            /// is read, so no server can exhaust the client's memory. Token responses of client
            /// credentials are held to it too.
            pub fn max_response_size(self, bytes: usize) -> Self {
                Self { inner: self.inner.max_response_size(bytes) }
            }

            /// Sends requests through this `reqwest::Client` (its timeouts, proxies, TLS
            /// settings and connection pool) instead of a new one; `apis::reqwest` is the
            /// version this crate uses.
            ///
            /// Its redirect policy then decides which redirects calls follow, and with them
            /// where the client's credentials may go: build it with
            /// [`.redirect(apis::same_origin_redirects())`](apis_runtime::same_origin_redirects)
            /// and `.referer(false)`, as the clients this crate builds are (reqwest's default
            /// follows redirects to any host and re-sends `Authorization` on a later hop).
            /// Client-credentials tokens are never fetched through it: the token endpoint gets
            /// a client of this crate's, which follows no redirect.
            pub fn http_client(self, client: $crate::reqwest::Client) -> Self {
                Self { inner: self.inner.http_client(client) }
            }

            /// Builds the client.
            ///
            /// # Errors
            /// [`Error::Config`](apis_runtime::Error::Config) when a credential, header or user
            /// agent is not a valid header value, when a default header would override the
            /// credentials, when client credentials have no token endpoint (a base URL set by
            /// hand, for an API whose servers name theirs), or when the HTTP client cannot be
            /// created.
            pub fn build(self) -> ::std::result::Result<$client, $crate::Error> {
                self.inner.build()
            }
        }

        impl ::std::default::Default for $builder {
            fn default() -> Self {
                Self { inner: $crate::internal::ClientBuilder::new() }
            }
        }

        /// Shows every setting but secrets.
        impl ::std::fmt::Debug for $builder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }
    };
}

/// The shared half of a generated request builder (its parameter setters and `send` are
/// generated beside it): `request_builder!(GetOauthClient, super::models::OAuthClient)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __request_builder {
    ($builder:ident, $output:ty) => {
        impl $builder {
            /// Overrides the client's timeout for this call (each attempt gets all of it).
            #[inline]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.request.timeout(timeout);
                self
            }

            /// Overrides the client's retry policy for this call (e.g. to retry a `POST` the
            /// caller knows is safe to repeat).
            #[inline]
            pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
                self.request.retry(policy);
                self
            }

            /// Adds a header the documentation does not list. A name or value that is not
            /// valid in HTTP, or a header that would override the client's credentials,
            /// refuses the call (`Error::InvalidRequest`, nothing sent).
            #[inline]
            pub fn header(
                mut self,
                name: impl ::std::convert::AsRef<str>,
                value: impl ::std::convert::AsRef<str>,
            ) -> Self {
                self.request.extra_header(name.as_ref(), value.as_ref());
                self
            }

            /// Adds a query parameter the documentation does not list (form-encoded; it may
            /// repeat). One that would override the client's API key refuses the call.
            #[inline]
            pub fn query(
                mut self,
                name: impl ::std::convert::AsRef<str>,
                value: impl ::std::convert::AsRef<str>,
            ) -> Self {
                self.request.extra_query(name.as_ref(), value.as_ref());
                self
            }

            /// As `send`, but the future gives a [`Response`](apis_runtime::Response): the
            /// decoded body with the response's status and headers.
            #[inline]
            pub fn send_with_response(self) -> $crate::Pending<$crate::Response<$output>> {
                self.send().with_response()
            }
        }

        /// `.await` sends the request, as `send` does.
        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$output, $crate::Error>;
            type IntoFuture = $crate::Pending<$output>;

            #[inline]
            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    };
}

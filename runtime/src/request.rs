//! [`Request`]: assembles one call (URL, query, headers, body), then sends it, retrying as the
//! policy allows, as a [`Pending`] future.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION,
};
use serde::Serialize;
use smallvec::SmallVec;
use tracing::Instrument;
use tracing::field::Empty;

use crate::RetryPolicy;
use crate::api::Operation;
use crate::auth::{ApiKeyWire, Auth, TokenFailure};
use crate::body::{BodyError, read_limited};
use crate::core::Core;
use crate::core::redact_userinfo;
use crate::error::{ApiError, Error, Failure, TransportError, causes};
use crate::param::ParamValue;
use crate::pending::{Answer, Body, Pending};
use crate::redact::CallSecrets;
use crate::retry::{Retries, Trouble};
use crate::secret::Secret;

/// Per-call overrides of the client's settings, set through a [`Request`].
#[derive(Debug, Clone, Default)]
struct CallOptions {
    timeout: Option<std::time::Duration>,
    retry: Option<RetryPolicy>,
}

/// Everything but RFC 3986's unreserved characters is encoded, so a value is one path segment
/// whatever it holds (`/`, `?`, `#`, `%` included).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The bytes [`PATH_SEGMENT`] leaves as they are.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// One call being assembled by generated code: the path when the request builder is made, then
/// the query, headers and body when it is sent.
///
/// A value that cannot be sent (an empty path parameter, a header value with CR or LF) does not
/// fail the step that meets it: the request remembers why, and its [`Pending`] gives that
/// [`Error::InvalidRequest`] when awaited, with nothing sent. So request builders stay plain
/// values, and `send()` a plain function.
#[derive(Clone)]
pub struct Request {
    core: Core,
    operation: &'static Operation,
    url: UrlBuf,
    has_query: bool,
    headers: Headers,
    /// `Bytes`, so each attempt of a retried call resends it without a copy.
    body: Option<Bytes>,
    options: CallOptions,
    /// Why the request cannot be sent (the first reason met).
    refused: Option<String>,
    /// Its secret parameters and the tokens it sent, for redacting what the call ends with.
    /// Empty for most calls, which then allocate nothing for it.
    secrets: CallSecrets,
}

/// The headers generated code set on a [`Request`].
#[derive(Debug, Clone)]
enum Headers {
    /// Only `Accept: application/json`, and `Content-Type: application/json` with a JSON body,
    /// as for most calls: each attempt writes them straight into the map it sends, so a call
    /// allocates one header map, as hand-written reqwest code does.
    Defaults { json: bool },
    /// A header parameter was set: the whole map, cloned for each attempt.
    Map(HeaderMap),
}

impl Headers {
    /// The map to send (before the API key and `Authorization`).
    fn to_map(&self) -> HeaderMap {
        match self {
            Headers::Defaults { json } => {
                let mut map = HeaderMap::new();
                map.insert(ACCEPT, application_json());
                if *json {
                    map.insert(CONTENT_TYPE, application_json());
                }
                map
            }
            Headers::Map(map) => map.clone(),
        }
    }

    /// The map, to add a header parameter to.
    fn map_mut(&mut self) -> &mut HeaderMap {
        if let Headers::Defaults { .. } = self {
            *self = Headers::Map(self.to_map());
        }
        match self {
            Headers::Map(map) => map,
            Headers::Defaults { .. } => unreachable!("replaced by a map just above"),
        }
    }
}

fn application_json() -> HeaderValue {
    HeaderValue::from_static("application/json")
}

impl Request {
    pub(super) fn new(core: Core, operation: &'static Operation) -> Self {
        let mut url = UrlBuf::default();
        url.push_str(core.base_url());
        let headers = Headers::Defaults { json: false };
        Request {
            core,
            operation,
            url,
            has_query: false,
            headers,
            body: None,
            options: CallOptions::default(),
            refused: None,
            secrets: CallSecrets::default(),
        }
    }

    /// Overrides the client's timeout for this call.
    pub fn timeout(&mut self, timeout: std::time::Duration) {
        self.options.timeout = Some(timeout);
    }

    /// Overrides the client's retry policy for this call.
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.options.retry = Some(policy);
    }

    /// Appends a literal piece of the path template (already valid in a URL path).
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Appends a path parameter, percent-encoded as (part of) one segment.
    ///
    /// A value that is empty, `.` or `..` refuses the request: URL parsers treat the last two
    /// as dot segments whatever their encoding, so no request could reach the intended
    /// resource.
    pub fn path_param<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        let wire = value.to_wire();
        let refuse = match &*wire {
            "" => Some("must not be empty"),
            "." | ".." => Some("must not be `.` or `..`"),
            _ => None,
        };
        if let Some(why) = refuse {
            return self.refuse(format!("path parameter `{name}` {why}"));
        }
        // Most values (ids) need no escape: copied whole, not byte by byte through the encoder.
        if wire.bytes().all(is_unreserved) {
            self.url.push_str(&wire);
        } else {
            self.url.extend(utf8_percent_encode(&wire, PATH_SEGMENT));
        }
    }

    /// Appends a path parameter of RFC 6570 reserved expansion (`{+name}`): its `/` stay, so
    /// `archiveJobs/123/portabilityArchiveState` fills three segments, each percent-encoded as
    /// [`path_param`](Self::path_param) encodes one.
    ///
    /// A value that would leave its place refuses the request: an empty one, an empty, `.` or
    /// `..` segment, or a `?` or `#`; so does one that does not match the documented
    /// `pattern` (see [`matches_pattern`]).
    pub fn path_reserved<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V, pattern: Option<&str>) {
        let wire = value.to_wire();
        let refuse = if wire.is_empty() {
            Some("must not be empty".to_owned())
        } else if wire.contains(['?', '#']) {
            Some("must not contain `?` or `#`".to_owned())
        } else if wire.split('/').any(|segment| matches!(segment, "" | "." | "..")) {
            Some("must not have an empty, `.` or `..` segment".to_owned())
        } else {
            pattern
                .filter(|p| !matches_pattern(p, &wire))
                .map(|pattern| format!("does not match its documented pattern `{pattern}`"))
        };
        if let Some(why) = refuse {
            return self.refuse(format!("path parameter `{name}` {why}"));
        }
        for (i, segment) in wire.split('/').enumerate() {
            if i > 0 {
                self.url.push('/');
            }
            self.url.extend(utf8_percent_encode(segment, PATH_SEGMENT));
        }
    }

    /// [`path_param`](Self::path_param) for a parameter with a documented pattern: a value
    /// that does not match it refuses the request.
    pub fn path_param_matching<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V, pattern: &str) {
        if !matches_pattern(pattern, &value.to_wire()) {
            return self.refuse(format!("path parameter `{name}` does not match its documented pattern `{pattern}`"));
        }
        self.path_param(name, value);
    }

    /// Adds a query parameter when it is set (an array repeats the name per element).
    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        let Some(value) = value else { return };
        self.remember_secret(value);
        let (url, has_query) = (&mut self.url, &mut self.has_query);
        value.for_each_wire(&mut |wire| {
            url.push(if *has_query { '&' } else { '?' });
            *has_query = true;
            url.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
            url.push('=');
            url.extend(url::form_urlencoded::byte_serialize(wire.as_bytes()));
        });
    }

    /// Adds an array query parameter when it is set, as one comma-separated value
    /// (Swagger's `csv`: `?id=a,b`). Each element is encoded on its own, so a `,` inside one
    /// goes as `%2C` and the list stays unambiguous; an empty array sends `?id=`.
    pub fn query_csv<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        let Some(value) = value else { return };
        self.remember_secret(value);
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.url.extend(url::form_urlencoded::byte_serialize(name.as_bytes()));
        self.url.push('=');
        let (url, mut first) = (&mut self.url, true);
        value.for_each_wire(&mut |wire| {
            if !first {
                url.push(',');
            }
            first = false;
            url.extend(url::form_urlencoded::byte_serialize(wire.as_bytes()));
        });
    }

    /// Sets a header parameter when it is set.
    ///
    /// A value that is not a valid header value (it holds CR or LF, which could otherwise
    /// smuggle a second header) refuses the request.
    pub fn header<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        let Some(value) = value else { return };
        self.remember_secret(value);
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.refuse(format!("`{name}` is not a valid header name"));
        };
        let mut joined = String::new();
        value.for_each_wire(&mut |wire| {
            if !joined.is_empty() {
                joined.push_str(", ");
            }
            joined.push_str(wire);
        });
        match HeaderValue::try_from(joined) {
            Ok(mut header_value) => {
                header_value.set_sensitive(value.as_secret().is_some());
                self.headers.map_mut().append(header_name, header_value);
            }
            Err(_) => self.refuse(format!(
                "header `{name}` is not a valid header value (it contains a control character such as CR or LF)"
            )),
        }
    }

    /// Adds a header the spec does not document (a request builder's `.header(name, value)`).
    ///
    /// It cannot replace the client's credentials: naming the header they travel in
    /// (`Authorization`, or the API's key header) refuses the request. `Authorization`,
    /// `Proxy-Authorization` and `Cookie` values are treated as secrets.
    pub fn extra_header(&mut self, name: &str, value: &str) {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.refuse(format!("`{name}` is not a valid header name"));
        };
        if let Some(why) = self.core.credential_header(&header_name) {
            return self.refuse(format!(
                "`.header(\"{name}\", ..)` would override {why}; credentials are set on the client builder"
            ));
        }
        let Ok(mut header_value) = HeaderValue::from_str(value) else {
            return self.refuse(format!(
                "the value of header `{name}` is not a valid header value (it contains a control character such as CR or LF)"
            ));
        };
        if matches!(header_name, AUTHORIZATION | PROXY_AUTHORIZATION | COOKIE) {
            header_value.set_sensitive(true);
            self.secrets.params.push(Secret::from(value));
            if let Some(credential) = crate::redact::credential_of(value.as_bytes()) {
                self.secrets.params.push(Secret::from(credential));
            }
        }
        self.headers.map_mut().append(header_name, header_value);
    }

    /// Adds a query parameter the spec does not document (a request builder's
    /// `.query(name, value)`). Naming the client's API key parameter refuses the request.
    pub fn extra_query(&mut self, name: &str, value: &str) {
        if self.core.is_credential_query(name) {
            return self.refuse(format!(
                "`.query(\"{name}\", ..)` would override the client's API key; set it on the client builder"
            ));
        }
        self.query(name, Some(value));
    }

    /// Remembers a secret parameter's value, so that errors can redact it.
    fn remember_secret<V: ParamValue + ?Sized>(&mut self, value: &V) {
        if let Some(secret) = value.as_secret() {
            self.secrets.params.push(secret.clone());
        }
    }

    /// Sets a JSON request body. A value that cannot be written as JSON (a map with non-string
    /// keys, say) refuses the request.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        let bytes = match serde_json::to_vec(body) {
            Ok(bytes) => bytes,
            Err(e) => return self.refuse(format!("the request body cannot be written as JSON: {e}")),
        };
        match &mut self.headers {
            Headers::Defaults { json } => *json = true,
            Headers::Map(map) => {
                map.insert(CONTENT_TYPE, application_json());
            }
        }
        self.body = Some(Bytes::from(bytes));
    }

    /// Sends the request when awaited, and decodes a 2xx body as `T`: [`Error::Transport`],
    /// [`Error::Api`] for a non-2xx status, [`Error::Decode`] for a 2xx body that is not a `T`.
    pub fn send_json<T>(self) -> Pending<T> {
        self.pending(Body::Json)
    }

    /// Sends the request when awaited (asking for `text/plain`), and gives a 2xx body as text:
    /// errors as [`Request::send_json`], [`Error::Decode`] for a body that is not UTF-8.
    pub fn send_text(mut self) -> Pending<String> {
        self.headers.map_mut().insert(ACCEPT, HeaderValue::from_static("text/plain"));
        self.pending(Body::Text)
    }

    /// Sends the request when awaited; a 2xx body, if any, is ignored (the operation documents
    /// none): [`Error::Transport`], or [`Error::Api`] for a non-2xx status.
    pub fn send_empty(self) -> Pending<()> {
        self.pending(Body::Ignored)
    }

    /// The one allocation of a call that ours adds: the sending future, boxed so that every
    /// operation shares one compiled state machine.
    fn pending<T>(mut self, body: Body) -> Pending<T> {
        let operation = self.operation;
        match self.refused.take() {
            Some(message) => Pending::refused(operation, Error::invalid_request(operation.id, message)),
            None => Pending::sending(
                operation,
                body,
                Box::pin(async move {
                    let (status, headers, body) = self.execute().await?;
                    // The request is done: its client and secrets go on with the answer.
                    let Request { core, secrets, .. } = self;
                    Ok(Answer { status, headers, body, core, secrets })
                }),
            ),
        }
    }

    /// Keeps the first reason the request cannot be sent.
    fn refuse(&mut self, message: String) {
        self.refused.get_or_insert(message);
    }

    /// Sends the request, retrying as the retry policy allows; a 2xx answer's status and body,
    /// or the error of the last attempt. All of it runs in one `apis.call` span.
    ///
    /// It borrows the request, as does [`attempts`](Self::attempts): a future holds its
    /// arguments for its whole life, so taking `self` by value would keep a copy of the
    /// request per layer, and copy each one when the futures are built.
    async fn execute(&mut self) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        // The path *template* only: the URL may carry secret query parameters.
        let span = tracing::info_span!(
            "apis.call",
            api = self.operation.api.name,
            operation = self.operation.id,
            method = self.operation.method.as_str(),
            path = self.operation.path,
            attempt = Empty,
            status = Empty,
            latency_ms = Empty,
        );
        // The latency is only ever recorded: without a subscriber listening, skip the clock.
        let started = (!span.is_disabled()).then(std::time::Instant::now);
        let result = self.attempts(&span).instrument(span.clone()).await;
        if let Some(started) = started {
            span.record("latency_ms", started.elapsed().as_millis() as u64);
        }
        match &result {
            Ok((status, ..)) => span.record("status", status.as_u16()),
            Err(err) => match err.status() {
                Some(status) => span.record("status", status),
                None => span.record("status", "none"),
            },
        };
        result
    }

    /// The attempts of [`execute`](Self::execute), inside its `span`.
    async fn attempts(&mut self, span: &tracing::Span) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
        let Request { core, operation, url, has_query, headers, body, options, secrets, .. } = self;
        let operation = *operation;
        // The client's API key, unless the call set that parameter itself (its value wins).
        let api_key_header = match core.api_key().map(|key| &key.wire) {
            Some(ApiKeyWire::Query { name, value }) => {
                add_query_key(name, value.expose(), url, *has_query);
                None
            }
            Some(ApiKeyWire::Header(header)) => header.as_ref(),
            None => None,
        };
        let policy = options.retry.as_ref().unwrap_or(core.retry());
        let mut retries = Retries::new(policy, operation.method);
        let timeout = options.timeout.or(core.request_timeout());
        // Borrowed when static: one clone per attempt, not two (each is an atomic count on a
        // value that every task shares).
        let mut authorization = match core.auth() {
            Auth::None => None,
            Auth::Static(value) => Some(Cow::Borrowed(value)),
            Auth::Source(cache) => {
                let token = cache.header().await.map_err(|failure| token_error(core, secrets, operation, failure))?;
                secrets.add_token(&token);
                Some(Cow::Owned(token))
            }
        };
        let mut replayed = false;
        loop {
            span.record("attempt", retries.attempt());
            let mut sent_headers = headers.to_map();
            if let Some((name, value)) = api_key_header {
                sent_headers.entry(name).or_insert_with(|| value.clone());
            }
            for (name, value) in core.default_headers() {
                sent_headers.entry(name).or_insert_with(|| value.clone());
            }
            // `request(..)` parses the URL (and reports a bad one) as `send` would; the rest is
            // moved into the built request rather than through `RequestBuilder`, whose
            // `headers(..)` would copy the map into a second one.
            let request =
                core.http().request(operation.method.to_reqwest(), url.as_str()).build().map(|mut request| {
                    fill(&mut request, sent_headers, authorization.as_deref().cloned(), body.clone(), timeout);
                    request
                });
            let outcome = send_once(core.http(), request, core.max_response_size()).await;
            // A refused token from a source is replaced once and the call sent again (this is
            // not a retry: the attempt budget is for the server's troubles, not credentials).
            if let (Auth::Source(cache), Some(sent), Ok((StatusCode::UNAUTHORIZED, ..)), false) =
                (core.auth(), &authorization, &outcome, replayed)
            {
                tracing::info!("the server refused the access token: fetching a new one");
                let token =
                    cache.replace(sent).await.map_err(|failure| token_error(core, secrets, operation, failure))?;
                secrets.add_token(&token);
                authorization = Some(Cow::Owned(token));
                replayed = true;
                continue;
            }
            // Retry a connection that failed, or a status that asks for it; never a timeout
            // (the server may be working on it) or any other answer.
            let trouble = match &outcome {
                Ok((status, response_headers, _)) => Trouble::Status(*status, response_headers),
                Err(SendFailure::Http(err)) if err.is_connect() => Trouble::ConnectionFailed,
                Err(_) => Trouble::Other,
            };
            if let Some(delay) = retries.wait_before_next(trouble, std::time::SystemTime::now()) {
                let why = match &outcome {
                    Ok((status, ..)) => status.as_u16().to_string(),
                    Err(_) => "connection failed".to_owned(),
                };
                tracing::info!(attempt = retries.attempt() - 1, delay_ms = delay.as_millis() as u64, why, "retrying");
                tokio::time::sleep(delay).await;
                continue;
            }
            let redactor = || secrets.redactor(core.redactor());
            let transport = |failure: Failure| {
                Error::Transport(Box::new(TransportError {
                    api: operation.api.name,
                    operation: operation.id,
                    failure,
                    redactor: redactor(),
                }))
            };
            let (status, response_headers, body) = match outcome {
                Ok(answer) => answer,
                Err(SendFailure::Http(source)) => {
                    let timeout = options.timeout.or(core.timeout());
                    return Err(transport(Failure::Http { source: source.without_url(), timeout }));
                }
                Err(SendFailure::TooLarge(status)) => {
                    return Err(transport(Failure::TooLarge { status, limit: core.max_response_size() }));
                }
            };
            if status.is_success() {
                return Ok((status, response_headers, body));
            }
            let model = operation.api.parse_error.and_then(|parse| parse(&body));
            return Err(Error::Api(Box::new(ApiError {
                api: operation.api.name,
                operation: operation.id,
                status,
                headers: response_headers,
                body,
                model,
                redactor: redactor(),
            })));
        }
    }
}

/// [`Error::Auth`] for a token that could not be had, in words that name no secret.
fn token_error(core: &Core, secrets: &CallSecrets, operation: &'static Operation, failure: TokenFailure) -> Error {
    let message = match failure {
        TokenFailure::Source(source) => causes(&*source),
        TokenFailure::Unusable => "the token source gave a token that is not a valid HTTP header value".to_owned(),
    };
    let redactor = secrets.redactor(core.redactor());
    Error::auth(operation.id, redactor.redact(&message).into_owned())
}

/// Appends the API key query parameter `name=value` (both already form-urlencoded), unless
/// the call set that parameter itself (its value wins).
fn add_query_key(name: &str, value: &str, url: &mut UrlBuf, has_query: bool) {
    let query = url.as_str().split_once('?').map_or("", |(_, q)| q);
    if query.split('&').any(|pair| pair.split('=').next() == Some(name)) {
        return;
    }
    url.push(if has_query { '&' } else { '?' });
    url.push_str(name);
    url.push('=');
    url.push_str(value);
}

/// Gives `request` its headers, `Authorization`, body and timeout, exactly as
/// `RequestBuilder::headers(..)` (same-named headers replaced), `.header(AUTHORIZATION, ..)`
/// (appended), `.body(..)` and `.timeout(..)` would, but moving the map instead of copying it.
fn fill(
    request: &mut reqwest::Request,
    headers: HeaderMap,
    authorization: Option<HeaderValue>,
    body: Option<Bytes>,
    timeout: Option<std::time::Duration>,
) {
    let sent = request.headers_mut();
    if sent.is_empty() {
        *sent = headers;
    } else {
        sent.extend(headers);
    }
    if let Some(authorization) = authorization {
        sent.append(AUTHORIZATION, authorization);
    }
    if let Some(body) = body {
        *request.body_mut() = Some(body.into());
    }
    if let Some(timeout) = timeout {
        *request.timeout_mut() = Some(timeout);
    }
}

/// One attempt: the status, headers and whole body, or why no answer arrived (a request that
/// could not be built included, as `RequestBuilder::send` reports it).
///
/// Not an `async fn`: its future would keep the request it was given for its whole life.
/// `execute` takes the request at once (as `RequestBuilder::send` does), so only reqwest's
/// small future is kept.
fn send_once(
    http: &reqwest::Client,
    request: Result<reqwest::Request, reqwest::Error>,
    limit: usize,
) -> impl Future<Output = Result<(StatusCode, HeaderMap, Bytes), SendFailure>> + use<> {
    let pending = request.map(|request| http.execute(request));
    async move {
        let mut response = pending.map_err(SendFailure::Http)?.await.map_err(SendFailure::Http)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = read_limited(&mut response, limit).await.map_err(|e| match e {
            BodyError::TooLarge => SendFailure::TooLarge(status),
            BodyError::Transport(e) => SendFailure::Http(e),
        })?;
        Ok((status, headers, body))
    }
}

/// Why an attempt got no whole answer.
enum SendFailure {
    Http(reqwest::Error),
    /// The answer, with this status, has a body over the client's limit.
    TooLarge(StatusCode),
}

/// Bytes of URL kept in the request itself; a longer URL moves to the heap.
const URL_INLINE: usize = 256;

/// The URL being built. Most URLs fit in the request itself, and so in the one allocation of
/// its future: a call allocates no URL of its own before reqwest parses it, as hand-written
/// code allocates one `format!`ted string.
#[derive(Clone, Default)]
struct UrlBuf(SmallVec<[u8; URL_INLINE]>);

impl UrlBuf {
    fn push_str(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    fn extend<'t>(&mut self, pieces: impl IntoIterator<Item = &'t str>) {
        pieces.into_iter().for_each(|piece| self.push_str(piece));
    }

    fn as_str(&self) -> &str {
        // Only whole `str`s are ever pushed, so the bytes are UTF-8 (checked rather than
        // assumed: `unsafe` is forbidden, and the check is a few nanoseconds).
        std::str::from_utf8(&self.0).expect("a UrlBuf holds only whole `str`s")
    }
}

impl fmt::Debug for Request {
    /// The operation and the URL so far; never a secret (secret query parameters and the API
    /// key are only added when the request is sent, and a base URL's password is redacted).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation", &self.operation.id)
            .field("url", &redact_userinfo(self.url.as_str()))
            .field("options", &self.options)
            .field("refused", &self.refused)
            .finish_non_exhaustive()
    }
}

/// Whether `value` matches `pattern`, a documented path pattern of the form the generator
/// accepts (`codegen` refuses others): `^`, then `/`-separated segments each either literal
/// text or `[^/]+` (one non-empty segment), then `$`. `^archiveJobs/[^/]+$` matches
/// `archiveJobs/123` and nothing with another segment count, prefix or an empty segment.
pub fn matches_pattern(pattern: &str, value: &str) -> bool {
    const ANY_SEGMENT: &str = "[^/]+";
    let Some(inner) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) else { return false };
    // `[^/]+` holds a `/` of its own: stand it in by a character no literal segment has.
    let inner = inner.replace(ANY_SEGMENT, "\0");
    let mut parts = inner.split('/');
    let mut segments = value.split('/');
    loop {
        match (parts.next(), segments.next()) {
            (None, None) => return true,
            (Some("\0"), Some(segment)) if !segment.is_empty() => {}
            (Some(literal), Some(segment)) if literal != "\0" && literal == segment => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_whole_values_segment_by_segment() {
        let state = "^archiveJobs/[^/]+/portabilityArchiveState$";
        assert!(matches_pattern(state, "archiveJobs/123/portabilityArchiveState"));
        for bad in [
            "archiveJobs/123",
            "archiveJobs//portabilityArchiveState",
            "archiveJobs/1/2/portabilityArchiveState",
            "x/archiveJobs/1/portabilityArchiveState",
            "archiveJobs/1/portabilityArchiveState/",
            "",
        ] {
            assert!(!matches_pattern(state, bad), "{bad}");
        }
        assert!(matches_pattern("^archiveJobs/[^/]+$", "archiveJobs/a.b-c"));
        assert!(!matches_pattern("archiveJobs/[^/]+", "archiveJobs/1"), "unanchored patterns are not accepted");
    }

    #[test]
    fn path_segments_encode_everything_but_unreserved() {
        let encoded: String = utf8_percent_encode("a/b?c#d %e~f-g.h_i:j@k", PATH_SEGMENT).collect();
        assert_eq!(encoded, "a%2Fb%3Fc%23d%20%25e~f-g.h_i%3Aj%40k");
    }

    #[test]
    fn unreserved_bytes_are_exactly_those_the_encoder_keeps() {
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            let kept = utf8_percent_encode(&text, PATH_SEGMENT).to_string() == text;
            assert_eq!(is_unreserved(byte), kept, "byte {byte}");
        }
        assert!((128..=255u8).all(|byte| !is_unreserved(byte)));
    }
}

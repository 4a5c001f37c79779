//! [`Response`]: a decoded model with the status and headers it came with.

use std::fmt;
use std::ops::{Deref, DerefMut};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{ShownHeaders, debug_redacted};
use crate::redact::Redactor;

/// A successful call's decoded body next to the response's status and headers (correlation
/// ids, rate-limit counters, `ETag`s): what a request builder's `send_with_response()` gives.
///
/// It dereferences to the model, so its fields read as they would on the model itself.
///
/// ```text
/// let response = client.get_oauth_client("client-id").send_with_response().await?;
/// println!("{} {:?} {}", response.status(), response.headers().get("ININ-Correlation-Id"), response.name);
/// let client = response.into_inner(); // the `OAuthClient`
/// ```
///
/// (The crate `apis` compiles this example: its README has it.)
///
/// `Debug` redacts the client's secrets, as errors do, should the server have echoed one.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
    redactor: Redactor,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, value: T, redactor: Redactor) -> Self {
        Response { status, headers, value, redactor }
    }

    /// The HTTP status (a 2xx).
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers, as the server sent them.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The status, the headers and the decoded body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status.as_u16(), self.headers, self.value)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_redacted(f, &self.redactor, |f| {
            f.debug_struct("Response")
                .field("status", &self.status.as_u16())
                .field("headers", &ShownHeaders(&self.headers))
                .field("value", &self.value)
                .finish()
        })
    }
}

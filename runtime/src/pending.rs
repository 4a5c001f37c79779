//! [`Pending`]: the one future type every generated request becomes.
//!
//! Generated `send` methods are plain functions that assemble a [`Request`](super::Request)
//! and return a `Pending<T>`; the sending itself is one `async` function of the runtime,
//! compiled once. An `async fn send` per operation would be a state machine per operation,
//! and `IntoFuture` would have to box each of them: twice the build time of the generated
//! crate for 1,000 operations (see BENCHMARKS.md).

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::{DeserializeOwned, IntoDeserializer};

use crate::Response;
use crate::api::Operation;
use crate::core::Core;
use crate::error::{DecodeError, Error};
use crate::redact::CallSecrets;

/// The sending and its retries: a 2xx answer, or the call's error.
pub(super) type Sending = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'static>>;

/// A 2xx answer, before its body is decoded.
#[doc(hidden)]
pub struct Answer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    /// The client, moved out of the finished request: an error or a [`Response`] made from
    /// the answer redacts its secrets.
    pub(super) core: Core,
    pub(super) secrets: CallSecrets,
}

/// A request on its way: a future of `Result<T, apis::Error>`, where `T` is the operation's
/// documented response model (or `()` when it documents no body), or [`Response<T>`] from
/// `send_with_response()`.
///
/// Returned by a request builder's `send()`, and what `.await` on the builder awaits. Nothing is
/// sent until it is first polled; dropping it cancels the call. It is `Send + 'static`, so it
/// can be spawned.
#[must_use = "a request does nothing until it is awaited"]
pub struct Pending<T> {
    state: State,
    operation: &'static Operation,
    body: Body,
    /// `fn() -> T`: a `Pending` holds no `T`, so it is `Send` and `Unpin` whatever `T` is.
    output: PhantomData<fn() -> T>,
}

enum State {
    /// The request was refused before sending (a bad path or header value); the error is
    /// taken when the future is first polled.
    Refused(Option<Error>),
    Sending(Sending),
}

/// What a 2xx body is to the caller.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// The documented JSON model.
    Json,
    /// Nothing: the operation documents no body, so whatever came is ignored.
    Ignored,
    /// Text (`text/plain`): the body as a string, which must be UTF-8.
    Text,
}

impl<T> Pending<T> {
    pub(super) fn sending(operation: &'static Operation, body: Body, sending: Sending) -> Self {
        Pending { state: State::Sending(sending), operation, body, output: PhantomData }
    }

    pub(super) fn refused(operation: &'static Operation, error: Error) -> Self {
        Pending { state: State::Refused(Some(error)), operation, body: Body::Json, output: PhantomData }
    }

    /// The same call, giving the status and headers next to the model (what generated
    /// `send_with_response()` methods return).
    pub fn with_response(self) -> Pending<Response<T>> {
        let Pending { state, operation, body, .. } = self;
        Pending { state, operation, body, output: PhantomData }
    }
}

/// What a call's future can give: any model decoded from the JSON body (or `()`), or a
/// [`Response`] of one. Implemented here for both; nothing else needs to.
pub trait Decode: Sized {
    /// Decodes `answer` as the caller's type.
    #[doc(hidden)]
    fn decode(operation: &'static Operation, body: Body, answer: Answer) -> Result<Self, Error>;
}

impl<T: DeserializeOwned> Decode for T {
    fn decode(operation: &'static Operation, body: Body, answer: Answer) -> Result<Self, Error> {
        decode(body, &answer.body).map_err(|source| decode_error::<T>(operation, answer, source))
    }
}

impl<T: DeserializeOwned> Decode for Response<T> {
    fn decode(operation: &'static Operation, body: Body, answer: Answer) -> Result<Self, Error> {
        match decode(body, &answer.body) {
            Ok(value) => {
                let redactor = answer.secrets.redactor(answer.core.redactor());
                Ok(Response::new(answer.status, answer.headers, value, redactor))
            }
            Err(source) => Err(decode_error::<T>(operation, answer, source)),
        }
    }
}

impl<T: Decode> Future for Pending<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let answer = match &mut self.state {
            State::Refused(error) => {
                return Poll::Ready(Err(error.take().unwrap_or_else(|| polled_after_ready(self.operation))));
            }
            State::Sending(sending) => match sending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                Poll::Ready(Ok(answer)) => answer,
            },
        };
        Poll::Ready(T::decode(self.operation, self.body, answer))
    }
}

/// The 2xx `body` as the caller's `T`.
fn decode<T: DeserializeOwned>(kind: Body, body: &[u8]) -> Result<T, serde_json::Error> {
    match kind {
        Body::Json => serde_json::from_slice(body),
        // Only `Pending<()>` is built with `Ignored`, and `()` is what a unit deserializes to.
        Body::Ignored => T::deserialize(().into_deserializer()),
        // Only `Pending<String>` is built with `Text`.
        Body::Text => {
            let text = std::str::from_utf8(body).map_err(|e| {
                <serde_json::Error as serde::de::Error>::custom(format!("the text body is not UTF-8: {e}"))
            })?;
            T::deserialize(serde::de::value::StrDeserializer::<serde_json::Error>::new(text))
        }
    }
}

fn decode_error<T>(operation: &'static Operation, answer: Answer, source: serde_json::Error) -> Error {
    let redactor = answer.secrets.redactor(answer.core.redactor());
    Error::Decode(Box::new(DecodeError {
        api: operation.api.name,
        operation: operation.id,
        status: answer.status,
        expected: short_type_name::<T>(),
        body: answer.body,
        source,
        redactor,
    }))
}

/// A `Refused` future polled again after it gave its error: a caller's bug, reported as an
/// error rather than a panic.
fn polled_after_ready(operation: &'static Operation) -> Error {
    Error::invalid_request(operation.id, "the request was polled again after it completed")
}

impl<T> fmt::Debug for Pending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Refused(Some(_)) => "refused",
            State::Refused(None) => "done",
            State::Sending(_) => "sending",
        };
        f.debug_struct("Pending").field("operation", &self.operation.id).field("state", &state).finish()
    }
}

/// `OAuthClient` for `apis::genesys::models::OAuthClient`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    full.get(base.rfind("::").map_or(0, |i| i + 2)..).unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internal::{ApiInfo, Method};

    static API: ApiInfo =
        ApiInfo { name: "test", default_base_url: "http://127.0.0.1", parse_error: None, client_credentials: None };
    static OPERATION: Operation = Operation { api: &API, id: "getThing", method: Method::Get, path: "/thing" };

    fn answered<T: Decode>(body: Body, text: &'static str) -> Result<T, Error> {
        let core = Core::for_tests(&API, &["s3cret"]);
        let answer = Answer {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(text.as_bytes()),
            core,
            secrets: CallSecrets::default(),
        };
        T::decode(&OPERATION, body, answer)
    }

    #[test]
    fn json_bodies_decode_and_mismatches_keep_the_body() {
        assert_eq!(answered::<Vec<u32>>(Body::Json, "[1,2]").unwrap(), vec![1, 2]);
        let Err(Error::Decode(error)) = answered::<Vec<u32>>(Body::Json, "{\"a\":1}") else {
            panic!("expected a decode error")
        };
        assert_eq!((error.operation, error.expected, &error.body[..]), ("getThing", "Vec<u32>", &b"{\"a\":1}"[..]));
    }

    #[test]
    fn a_decode_error_redacts_what_the_body_echoed() {
        let Err(error) = answered::<Vec<u32>>(Body::Json, "[\"s3cret\"]") else { panic!("expected a decode error") };
        let shown = format!("{error} {error:?} {error:#?}");
        assert!(!shown.contains("s3cret") && shown.contains("<redacted>"), "{shown}");
        assert!(std::error::Error::source(&error).is_none());
    }

    #[test]
    fn a_response_keeps_status_and_headers_next_to_the_model() {
        let response = answered::<Response<Vec<u32>>>(Body::Json, "[1]").unwrap();
        assert_eq!((response.status(), response.len(), response.headers().len()), (200, 1, 0));
        assert_eq!(response.into_inner(), vec![1]);
    }

    #[test]
    fn an_ignored_body_is_unit_whatever_it_holds() {
        answered::<()>(Body::Ignored, "").unwrap();
        answered::<()>(Body::Ignored, "not json").unwrap();
        answered::<Response<()>>(Body::Ignored, "not json").unwrap();
    }

    #[test]
    fn a_refused_request_gives_its_error_then_reports_a_second_poll() {
        let mut pending = Pending::<()>::refused(&OPERATION, Error::invalid_request("getThing", "bad"));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let first = Pin::new(&mut pending).poll(&mut cx);
        assert!(matches!(first, Poll::Ready(Err(Error::InvalidRequest { ref message, .. })) if message == "bad"));
        let second = Pin::new(&mut pending).poll(&mut cx);
        assert!(
            matches!(second, Poll::Ready(Err(Error::InvalidRequest { ref message, .. })) if message.contains("polled again"))
        );
        assert_eq!(format!("{pending:?}"), "Pending { operation: \"getThing\", state: \"done\" }");
    }

    #[test]
    fn type_names_are_shortened_for_messages() {
        assert_eq!(short_type_name::<String>(), "String");
        assert_eq!(short_type_name::<Vec<u8>>(), "Vec<u8>");
        assert_eq!(short_type_name::<()>(), "()");
    }
}

//! The hand-written runtime of the generated API clients in `apis`: HTTP, authentication,
//! retries, size limits, redaction and errors, written and tested once.
//!
//! Consumers use it through `apis`, which re-exports its public types (`apis::Error`,
//! `apis::RetryPolicy`, `apis::TokenSource`, ...). Generated code reaches the rest through one
//! module, [`internal`]: there a generated module declares facts (an `ApiInfo`, one
//! `Operation` per endpoint) and assembles a `Request`, whose [`Pending`] future is the one
//! state machine all operations share. Generated types implement this crate's traits (`Api`,
//! `ErrorModel`, `ParamValue`); they never add methods to its types.

mod api;
mod auth;
mod body;
mod builder;
mod client_credentials;
mod core;
mod error;
mod macros;
mod paging;
mod param;
mod pending;
mod redact;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
mod waiter;
mod wire;

pub use crate::auth::{AccessToken, BoxError, TokenFuture, TokenSource};
pub use crate::body::DEFAULT_MAX_RESPONSE_SIZE;
pub use crate::client_credentials::ClientCredentials;
pub use crate::error::{ApiError, DecodeError, Error, ErrorModel, TransportError};
pub use crate::paging::{Items, Pages};
pub use crate::pending::Pending;
pub use crate::redirect::same_origin_redirects;
pub use crate::response::Response;
pub use crate::retry::RetryPolicy;
pub use crate::waiter::{Waiter, Waiting};

/// Date-times in models are `chrono::DateTime<chrono::Utc>`.
pub use chrono;
/// The HTTP client underneath, for a client builder's `http_client`.
pub use reqwest;
/// Free-form JSON in models is `serde_json::Value`.
pub use serde_json;

/// What generated code uses, and nothing else does: not a public API; it may change in any
/// release. Every path generated code names starts here (or at the crate root, for the
/// public types above).
#[doc(hidden)]
pub mod internal {
    pub use crate::api::{Api, ApiInfo, Method, Operation, ParseErrorModel, TokenEndpoint, parse_error_model};
    pub use crate::builder::ClientBuilder;
    pub use crate::core::Core;
    pub use crate::paging::{CursorPaging, PageInfo, Paging};
    pub use crate::param::ParamValue;
    pub use crate::pending::{Answer, Body, Decode};
    pub use crate::request::Request;
    pub use crate::secret::Secret;
    pub use crate::waiter::WaitState;
    pub use crate::wire::{DecodeStruct, Encoder, Fields, decode_enum, decode_struct, encode_struct};
    pub use crate::{__client_builder as client_builder, __request_builder as request_builder};
}

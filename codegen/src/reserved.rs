//! Every name the generator takes for itself, in one place: the items each generated module
//! defines, and the methods of the builders it generates (those the runtime's macros give
//! them included). Lowering refuses a documented name that would take one; emitting names
//! the items from here.

/// The generated `Client` type.
pub const CLIENT: &str = "Client";
/// The generated `ClientBuilder` type.
pub const CLIENT_BUILDER: &str = "ClientBuilder";
/// The generated enum of OAuth scopes.
pub const SCOPE: &str = "Scope";
/// The `const` holding the API's facts.
pub const API_INFO: &str = "API";
/// The module of models.
pub const MODELS: &str = "models";
/// The module of request builders.
pub const REQUESTS: &str = "requests";

/// Names a generated module defines at its top level, which a servers enum must not take.
pub const TOP_LEVEL: &[&str] = &[CLIENT, CLIENT_BUILDER, SCOPE, API_INFO, MODELS, REQUESTS];

/// `Client` methods that are not operations.
pub const CLIENT_METHODS: &[&str] = &["builder"];

/// `ClientBuilder` methods: the runtime's `client_builder!` gives every builder the first
/// ones; the generator writes the others where the spec documents them. A servers enum's setter
/// (`region`) must not take one.
pub const CLIENT_BUILDER_METHODS: &[&str] = &[
    // internal::client_builder!
    "base_url",
    "bearer_token",
    "token_source",
    "timeout",
    "no_timeout",
    "retry",
    "default_header",
    "user_agent",
    "max_response_size",
    "http_client",
    "build",
    "default",
    // generated from the spec
    "api_key",
    "client_credentials",
    "token_url",
];

/// Request-builder methods and fields that are not parameters: the runtime's
/// `request_builder!` methods, the generated `send`, and the field holding the request.
pub const REQUEST_BUILDER_METHODS: &[&str] =
    &["timeout", "retry", "header", "query", "send_with_response", "into_future", "send", "request"];

/// The methods a paging operation's request builder adds (`paging` is private, but a setter
/// of that name would collide with it).
pub const PAGING_METHODS: &[&str] = &["pages", "items", "paging"];

/// The argument that takes a request body.
pub const BODY_ARGUMENT: &str = "body";

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The runtime's macros define every method their builders get: each must be reserved
    /// here, or a parameter or server of the same name would collide with it in Rust.
    #[test]
    fn every_method_the_runtime_macros_define_is_reserved() {
        let macros = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src/macros.rs");
        let text = std::fs::read_to_string(&macros).expect("runtime/src/macros.rs");
        let (client, request) = text.split_once("macro_rules! __request_builder").expect("both macros");
        let methods = |part: &str| -> Vec<String> {
            part.lines()
                .filter_map(|l| l.trim().strip_prefix("pub fn "))
                .map(|rest| rest.split(['(', '<']).next().unwrap_or("").to_owned())
                .collect()
        };
        let (client, request) = (methods(client), methods(request));
        assert!(client.len() >= 10 && request.len() >= 5, "{client:?} {request:?}");
        for method in client {
            assert!(super::CLIENT_BUILDER_METHODS.contains(&method.as_str()), "`{method}` is not reserved");
        }
        for method in request {
            assert!(super::REQUEST_BUILDER_METHODS.contains(&method.as_str()), "`{method}` is not reserved");
        }
    }
}

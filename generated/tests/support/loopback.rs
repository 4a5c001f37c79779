//! A loopback server that answers every request alike, and checks of what it received: the
//! helpers of the per-group wire tests.

use apis::serde_json::{self, Value};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers every request with `status` and `body` (JSON, unless `Value::Null`:
/// then no body).
pub async fn serve(status: u16, body: Value) -> MockServer {
    let server = MockServer::start().await;
    let template = match body {
        Value::Null => ResponseTemplate::new(status),
        body => ResponseTemplate::new(status).set_body_json(body),
    };
    Mock::given(wiremock::matchers::any()).respond_with(template).mount(&server).await;
    server
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("request recording is on");
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.remove(0)
}

/// Method, path, the raw query string (order and repetition matter) and the bearer token
/// `TOKEN`, sent once.
pub fn assert_request(req: &Request, verb: &str, expected_path: &str, query: Option<&str>) {
    assert_eq!(req.method.as_str(), verb);
    assert_eq!(req.url.path(), expected_path);
    assert_eq!(req.url.query(), query, "query of {}", req.url);
    let auth: Vec<_> = req.headers.get_all("authorization").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(auth, ["Bearer TOKEN"]);
}

/// The JSON body, with its content type; `None` when nothing was sent (and no content type).
pub fn body_of(req: &Request) -> Option<Value> {
    if req.body.is_empty() {
        assert!(req.headers.get("content-type").is_none(), "no body, no content type");
        return None;
    }
    assert_eq!(req.headers.get("content-type").map(|v| v.to_str().unwrap()), Some("application/json"));
    Some(serde_json::from_slice(&req.body).expect("the request body is JSON"))
}

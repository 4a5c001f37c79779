//! One `apis.call` span per call, with the operation id, method, path template, attempt,
//! status and latency, and no secret anywhere in what is logged.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apis::serde_json::json;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber writes, kept for assertions.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn each_call_is_one_span_with_its_facts_and_no_secrets() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let client_json =
        json!({"id": "c-1", "name": "My client", "authorizedGrantType": "CODE", "secret": "CLIENT-SECRET-9"});
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(client_json))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;

    let quick = apis::RetryPolicy::default().initial_backoff(Duration::from_millis(5));
    let genesys = apis::genesys::Client::builder()
        .base_url(server.uri())
        .expect("base URL")
        .bearer_token("BEARER-SECRET-1")
        .retry(quick)
        .build()
        .expect("client");
    genesys.get_oauth_client("c-1").await.expect("second attempt succeeds");

    let google = apis::google_dataportability::Client::builder()
        .base_url(server.uri())
        .expect("base URL")
        .build()
        .expect("client");
    let err =
        google.authorization_reset().key("KEY-SECRET-2").access_token("AT-SECRET-3").oauth_token("OT-SECRET-4").await;
    assert_eq!(err.expect_err("403").status(), Some(403));

    let log = captured.text();
    let genesys_span = log
        .lines()
        .find(|l| l.contains("getOauthClient") && l.contains("close"))
        .unwrap_or_else(|| panic!("no closed span for getOauthClient:\n{log}"));
    for fact in [
        "apis.call",
        "api=\"genesys\"",
        "method=\"GET\"",
        "path=\"/api/v2/oauth/clients/{clientId}\"",
        "attempt=2",
        "status=200",
        "latency_ms=",
    ] {
        assert!(genesys_span.contains(fact), "`{fact}` missing from: {genesys_span}");
    }
    assert!(log.contains("retrying"), "the retry is logged:\n{log}");
    let google_span = log
        .lines()
        .find(|l| l.contains("dataportability.authorization.reset") && l.contains("close"))
        .unwrap_or_else(|| panic!("no closed span for reset:\n{log}"));
    assert!(google_span.contains("status=403") && google_span.contains("attempt=1"), "{google_span}");
    for secret in ["BEARER-SECRET-1", "KEY-SECRET-2", "AT-SECRET-3", "OT-SECRET-4", "CLIENT-SECRET-9"] {
        assert!(!log.contains(secret), "`{secret}` was logged:\n{log}");
    }
}

//! Waits measured in tokio's paused (virtual) time: long `Retry-After`s, growing backoffs and
//! token lifetimes of an hour are checked exactly, in milliseconds of real time.
//!
//! With the clock paused, tokio jumps to the next timer whenever the test's runtime idles,
//! which includes waiting for the server's answer. So the clients here have no timer that
//! could fire meanwhile: no timeout, and a connection pool that never expires idle
//! connections (reqwest's 90 s idle timer would otherwise move the clock by 90 s).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apis::genesys::Client;
use apis::{AccessToken, TokenFuture, TokenSource};
use tokio::time::Instant;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn listing() -> apis::serde_json::Value {
    apis::serde_json::json!({"entities": [], "total": 0})
}

fn builder(server: &MockServer) -> apis::genesys::ClientBuilder {
    let http = apis::reqwest::Client::builder().pool_idle_timeout(None).build().expect("HTTP client");
    Client::builder().base_url(server.uri()).expect("base URL").http_client(http).no_timeout()
}

fn client(server: &MockServer) -> Client {
    builder(server).bearer_token("TOKEN").build().expect("client")
}

/// Answers `first` `times` times, then 200.
async fn answer(server: &MockServer, first: ResponseTemplate, times: u64) {
    Mock::given(method("GET")).respond_with(first).up_to_n_times(times).expect(times).mount(server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(listing())).mount(server).await;
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_of_25_seconds_is_waited_in_full() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(429).insert_header("Retry-After", "25"), 1).await;

    let started = Instant::now();
    client(&server).get_oauth_clients().await.expect("answered after the wait");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(25) && waited < Duration::from_secs(26), "waited {waited:?}");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test(start_paused = true)]
async fn backoffs_between_503s_double_with_jitter() {
    let server = MockServer::start().await;
    answer(&server, ResponseTemplate::new(503), 2).await;

    let started = Instant::now();
    client(&server).get_oauth_clients().await.expect("third attempt succeeds");
    // 200 ms then 400 ms, each jittered up to twice that.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(600) && waited <= Duration::from_millis(1200), "waited {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_after_waits_count_against_the_30_second_budget() {
    let server = MockServer::start().await;
    // 20 s, then another 20 s would pass the budget: the second 429 is the answer.
    answer(&server, ResponseTemplate::new(429).insert_header("Retry-After", "20"), 2).await;

    let started = Instant::now();
    let err = client(&server).get_oauth_clients().await.expect_err("the budget ran out");
    assert_eq!(err.status(), Some(429), "{err}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(20) && waited < Duration::from_secs(21), "waited {waited:?}");
}

/// Issues `token-1`, `token-2`, ..., each valid for an hour.
struct Hourly(Arc<AtomicUsize>);

impl TokenSource for Hourly {
    fn fetch(&self) -> TokenFuture<'_> {
        let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(AccessToken::new(format!("token-{n}")).expires_in(Duration::from_secs(3600))) })
    }
}

#[tokio::test(start_paused = true)]
async fn an_hour_long_token_is_renewed_a_minute_before_it_expires() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(listing())).mount(&server).await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let client = builder(&server).token_source(Hourly(fetches.clone())).build().expect("client");

    client.get_oauth_clients().await.expect("first call");
    tokio::time::advance(Duration::from_secs(58 * 60)).await;
    client.get_oauth_clients().await.expect("58 minutes later");
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "still fresh");
    tokio::time::advance(Duration::from_secs(61)).await;
    client.get_oauth_clients().await.expect("59 minutes and a second later");
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "renewed in its last minute");

    let sent: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| r.headers["authorization"].to_str().expect("ASCII").to_owned())
        .collect();
    assert_eq!(sent, ["Bearer token-1", "Bearer token-1", "Bearer token-2"]);
}

//! Retries and timeouts, against wiremock servers on 127.0.0.1, mostly with the client's
//! default settings (as a consumer would use it): 429 with `Retry-After` is waited out and
//! retried, 503 is retried up to the attempt limit, POST is never retried unless asked, and a
//! server that never answers ends in a timeout.

use std::time::{Duration, Instant};

use apis::RetryPolicy;
use apis::genesys::Client;
use apis::genesys::models::{OAuthClientAuthorizedGrantType, OAuthClientRequest};
use apis::serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).expect("base URL").bearer_token("TOKEN").build().expect("client")
}

fn oauth_client() -> apis::serde_json::Value {
    json!({"id": "c-1", "name": "My client", "authorizedGrantType": "CLIENT-CREDENTIALS"})
}

/// Mounts `first` for the first `times` requests, then `then`.
async fn answer(
    server: &MockServer,
    verb: &str,
    at: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) {
    Mock::given(method(verb)).and(path(at)).respond_with(first).up_to_n_times(times).expect(times).mount(server).await;
    Mock::given(method(verb)).and(path(at)).respond_with(then).mount(server).await;
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_retried() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_json(json!({"message": "Rate limit exceeded the maximum. Retry the request in [1] seconds", "code": "too.many.requests.retry.after", "status": 429}));
    answer(
        &server,
        "GET",
        "/api/v2/oauth/clients/c-1",
        limited,
        1,
        ResponseTemplate::new(200).set_body_json(oauth_client()),
    )
    .await;

    let started = Instant::now();
    let found = client(&server).get_oauth_client("c-1").await.expect("the retry succeeds");
    assert_eq!(found.name, "My client");
    // The server asked for a one-second wait: the retry did not come sooner.
    assert!(started.elapsed() >= Duration::from_millis(950), "retried after {:?}", started.elapsed());
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    // A date in the past means "now": the retry follows at once.
    let limited = ResponseTemplate::new(503).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
    answer(
        &server,
        "GET",
        "/api/v2/oauth/clients/c-1",
        limited,
        1,
        ResponseTemplate::new(200).set_body_json(oauth_client()),
    )
    .await;
    client(&server).get_oauth_client("c-1").await.expect("the retry succeeds");
}

#[tokio::test]
async fn a_503_every_time_gives_the_last_answer_after_three_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"message": "unavailable", "status": 503})))
        .expect(3)
        .mount(&server)
        .await;

    let err = client(&server).delete_oauth_client("c-1").await.expect_err("always 503");
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_post_is_attempted_once_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let body = OAuthClientRequest::new("app", OAuthClientAuthorizedGrantType::ClientCredentials);
    let err = client(&server).post_oauth_clients(body).await.expect_err("503");
    assert_eq!(err.status(), Some(503));
}

#[tokio::test]
async fn a_post_is_retried_when_the_caller_opts_in() {
    let server = MockServer::start().await;
    let created = ResponseTemplate::new(200).set_body_json(oauth_client());
    answer(&server, "POST", "/api/v2/oauth/clients", ResponseTemplate::new(503), 2, created).await;

    let body = OAuthClientRequest::new("app", OAuthClientAuthorizedGrantType::ClientCredentials);
    let fast = RetryPolicy::default().retry_non_idempotent(true).initial_backoff(Duration::from_millis(10));
    let made = client(&server).post_oauth_clients(body).retry(fast).await.expect("third attempt succeeds");
    assert_eq!(made.id.as_deref(), Some("c-1"));
    // The body went out whole on every attempt.
    for request in server.received_requests().await.expect("recorded") {
        let sent: apis::serde_json::Value = apis::serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(sent["name"], "app");
    }
}

#[tokio::test]
async fn no_retries_means_one_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .expect(1)
        .mount(&server)
        .await;
    let never =
        Client::builder().base_url(server.uri()).expect("base URL").retry(RetryPolicy::none()).build().expect("client");
    assert_eq!(never.get_oauth_clients().await.expect_err("429").status(), Some(429));
}

#[tokio::test]
async fn a_retry_after_beyond_the_total_delay_ends_the_call_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client(&server).get_oauth_clients().await.expect_err("429");
    assert_eq!(err.status(), Some(429));
    assert!(started.elapsed() < Duration::from_secs(10), "it waited {:?}", started.elapsed());
}

#[tokio::test]
async fn other_statuses_are_not_retried() {
    let server = MockServer::start().await;
    for status in [400, 401, 404, 500] {
        server.reset().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status)).expect(1).mount(&server).await;
        assert_eq!(client(&server).get_oauth_clients().await.expect_err("error").status(), Some(status));
        server.verify().await;
    }
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_client_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let impatient = Client::builder()
        .base_url(server.uri())
        .expect("base URL")
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");

    let err = impatient.get_oauth_clients().await.expect_err("timed out");
    let apis::Error::Transport(transport) = &err else { panic!("expected Transport, got {err:?}") };
    assert!(transport.is_timeout());
    assert!(err.to_string().contains("timed out"), "{err}");
    // A timeout is not retried: the server may still be working on the first attempt.
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

#[tokio::test]
async fn a_per_call_timeout_overrides_the_client_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;

    let err = client(&server).get_oauth_clients().timeout(Duration::from_millis(200)).await.expect_err("timed out");
    assert!(matches!(&err, apis::Error::Transport(t) if t.is_timeout()), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let quick = RetryPolicy::default().initial_backoff(Duration::from_millis(5));
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .expect("base URL")
        .retry(quick)
        .build()
        .expect("client");
    let err = client.get_oauth_clients().await.expect_err("nothing listens");
    assert!(matches!(&err, apis::Error::Transport(t) if t.is_connect()), "{err:?}");
}

//! Tokens from a `TokenSource`: cached, fetched once for many concurrent calls, renewed when
//! they expire, and replaced once (with one replay of the call) when the server answers 401.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apis::genesys_oauth::Client;
use apis::{AccessToken, TokenFuture, TokenSource};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Issues `token-1`, `token-2`, ... (slowly, so concurrent callers overlap), counting fetches.
struct Counting {
    fetches: Arc<AtomicUsize>,
    lifetime: Option<Duration>,
    fail: bool,
}

impl TokenSource for Counting {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            if self.fail {
                return Err("the token endpoint answered 500".into());
            }
            let token = AccessToken::new(format!("token-{n}"));
            Ok(match self.lifetime {
                Some(lifetime) => token.expires_in(lifetime),
                None => token,
            })
        })
    }
}

fn client(server: &MockServer, lifetime: Option<Duration>, fail: bool) -> (Client, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let source = Counting { fetches: fetches.clone(), lifetime, fail };
    let client = Client::builder().base_url(server.uri()).expect("base URL").token_source(source).build().expect("client");
    (client, fetches)
}

fn clients_json() -> apis::serde_json::Value {
    apis::serde_json::json!({"entities": [], "total": 0})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clients_json()))
        .expect(100)
        .mount(&server)
        .await;
    let (client, fetches) = client(&server, Some(Duration::from_secs(3600)), false);

    let calls = (0..100).map(|_| tokio::spawn(client.get_oauth_clients().send()));
    for call in calls {
        call.await.expect("task").expect("call succeeds");
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_expired_token_is_renewed_before_the_next_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clients_json())).mount(&server).await;
    // Renewed at half of a 200 ms lifetime: after 150 ms it is stale.
    let (client, fetches) = client(&server, Some(Duration::from_millis(200)), false);

    client.get_oauth_clients().await.expect("first call");
    client.get_oauth_clients().await.expect("second call, token still fresh");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(150)).await;
    client.get_oauth_clients().await.expect("third call");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let sent: Vec<String> = server.received_requests().await.expect("recorded").iter().map(|r| r.headers["authorization"].to_str().expect("ASCII").to_owned()).collect();
    assert_eq!(sent, ["Bearer token-1", "Bearer token-1", "Bearer token-2"]);
}

#[tokio::test]
async fn a_401_fetches_one_new_token_and_replays_the_call_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients/c-1/secret"))
        .and(header("authorization", "Bearer token-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let renewed = apis::serde_json::json!({"id": "c-1", "name": "App", "authorizedGrantType": "CODE"});
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients/c-1/secret"))
        .and(header("authorization", "Bearer token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(renewed))
        .expect(1)
        .mount(&server)
        .await;
    let (client, fetches) = client(&server, None, false);

    // A POST: the replay after a 401 is not a retry, so it happens for POST too.
    let answer = client.post_oauth_client_secret("c-1").await.expect("the replay succeeds");
    assert_eq!(answer.name, "App");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_the_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(401)).expect(2).mount(&server).await;
    let (client, fetches) = client(&server, None, false);

    let err = client.get_oauth_clients().await.expect_err("still 401");
    assert_eq!(err.status(), Some(401));
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_source_is_an_auth_error_and_nothing_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&server).await;
    let (client, _) = client(&server, None, true);

    let err = client.get_oauth_clients().await.expect_err("no token");
    assert!(matches!(&err, apis::Error::Auth { .. }), "{err:?}");
    assert_eq!(err.operation(), Some("getOauthClients"));
    assert!(err.to_string().contains("the token endpoint answered 500"), "{err}");
}

#[tokio::test]
async fn tokens_never_show_in_debug_output() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clients_json())).mount(&server).await;
    let (client, _) = client(&server, None, false);
    client.get_oauth_clients().await.expect("call");
    let shown = format!("{client:?} {:?} {:?}", client.get_oauth_clients(), AccessToken::new("token-1"));
    assert!(!shown.contains("token-1"), "{shown}");
    assert!(shown.contains("token source"), "{shown}");
}

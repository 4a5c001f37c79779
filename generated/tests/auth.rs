//! Tokens from a `TokenSource`: cached, fetched once for many concurrent calls, renewed when
//! they expire, and replaced once (with one replay of the call) when the server answers 401.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use apis::genesys::Client;
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
    let client =
        Client::builder().base_url(server.uri()).expect("base URL").token_source(source).build().expect("client");
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
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clients_json()))
        .mount(&server)
        .await;
    // Renewed at half of a 200 ms lifetime: after 150 ms it is stale.
    let (client, fetches) = client(&server, Some(Duration::from_millis(200)), false);

    client.get_oauth_clients().await.expect("first call");
    client.get_oauth_clients().await.expect("second call, token still fresh");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(150)).await;
    client.get_oauth_clients().await.expect("third call");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    let sent: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| r.headers["authorization"].to_str().expect("ASCII").to_owned())
        .collect();
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
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clients_json()))
        .mount(&server)
        .await;
    let (client, _) = client(&server, None, false);
    client.get_oauth_clients().await.expect("call");
    let shown = format!("{client:?} {:?} {:?}", client.get_oauth_clients(), AccessToken::new("token-1"));
    assert!(!shown.contains("token-1"), "{shown}");
    assert!(shown.contains("token source"), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// The client-credentials grant against a token endpoint on 127.0.0.1

use apis::ClientCredentials;
use wiremock::matchers::body_string_contains;

async fn token_endpoint(server: &MockServer, answer: ResponseTemplate, expected_calls: u64) {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(answer)
        .expect(expected_calls)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_credentials_are_exchanged_once_for_many_calls() {
    let login = MockServer::start().await;
    let token = apis::serde_json::json!({"access_token": "granted-1", "token_type": "bearer", "expires_in": 86400});
    token_endpoint(&login, ResponseTemplate::new(200).set_body_json(token), 1).await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer granted-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clients_json()))
        .expect(50)
        .mount(&api)
        .await;

    let grant = ClientCredentials::new(&format!("{}/oauth/token", login.uri()), "my-client", "my-secret")
        .expect("token URL")
        .scopes(["oauth:client:view"]);
    let client = Client::builder().base_url(api.uri()).expect("base URL").token_source(grant).build().expect("client");
    let calls = (0..50).map(|_| tokio::spawn(client.get_oauth_clients().send()));
    for call in calls {
        call.await.expect("task").expect("call succeeds");
    }

    let exchange = &login.received_requests().await.expect("recorded")[0];
    // HTTP Basic auth with the id and secret, and the scope in the form.
    let basic = exchange.headers["authorization"].to_str().expect("ASCII");
    assert_eq!(basic, "Basic bXktY2xpZW50Om15LXNlY3JldA==", "base64 of my-client:my-secret");
    let form = String::from_utf8_lossy(&exchange.body);
    assert!(form.contains("scope=oauth%3Aclient%3Aview"), "{form}");
}

#[tokio::test]
async fn credentials_can_go_in_the_form_body() {
    let login = MockServer::start().await;
    let token = apis::serde_json::json!({"access_token": "granted-2", "token_type": "bearer"});
    token_endpoint(&login, ResponseTemplate::new(200).set_body_json(token), 1).await;
    let api = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(clients_json())).mount(&api).await;

    let grant = ClientCredentials::new(&format!("{}/oauth/token", login.uri()), "knetik", "s3cret")
        .expect("token URL")
        .credentials_in_body();
    let client = Client::builder().base_url(api.uri()).expect("base URL").token_source(grant).build().expect("client");
    client.get_oauth_clients().await.expect("call");

    let exchange = &login.received_requests().await.expect("recorded")[0];
    let form = String::from_utf8_lossy(&exchange.body);
    assert!(form.contains("client_id=knetik") && form.contains("client_secret=s3cret"), "{form}");
    assert!(exchange.headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_refused_grant_is_an_auth_error_and_the_api_is_not_called() {
    let login = MockServer::start().await;
    let refusal = apis::serde_json::json!({"error": "invalid_client", "error_description": "Unknown client"});
    token_endpoint(&login, ResponseTemplate::new(400).set_body_json(refusal), 1).await;
    let api = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).expect(0).mount(&api).await;

    let grant =
        ClientCredentials::new(&format!("{}/oauth/token", login.uri()), "nobody", "TOP-SECRET-7").expect("token URL");
    let shown = format!("{grant:?}");
    let client = Client::builder().base_url(api.uri()).expect("base URL").token_source(grant).build().expect("client");
    let err = client.get_oauth_clients().await.expect_err("no token");
    assert!(matches!(&err, apis::Error::Auth { .. }), "{err:?}");
    assert!(err.to_string().contains("invalid_client"), "{err}");
    for text in [shown, format!("{err} {err:?} {client:?}")] {
        assert!(!text.contains("TOP-SECRET-7"), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Google's API key, an alternative to a token

#[tokio::test]
async fn an_api_key_is_sent_with_every_call_unless_the_call_sets_its_own() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let client = apis::google_dataportability::Client::builder()
        .base_url(server.uri())
        .expect("base URL")
        .api_key("KEY-1")
        .build()
        .expect("client");

    client.authorization_reset().await.expect("first call");
    client.authorization_reset().pretty_print(false).await.expect("second call");
    client.authorization_reset().key("KEY-OF-THE-CALL").await.expect("third call");

    let queries: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect();
    assert_eq!(queries, ["key=KEY-1", "prettyPrint=false&key=KEY-1", "key=KEY-OF-THE-CALL"]);
    // No bearer token was configured, so none is sent.
    assert!(
        server.received_requests().await.expect("recorded").iter().all(|r| r.headers.get("authorization").is_none())
    );
    let shown = format!("{client:?} {:?}", apis::google_dataportability::Client::builder().api_key("KEY-1"));
    assert!(!shown.contains("KEY-1"), "{shown}");
}

#[test]
fn each_region_names_its_login_token_endpoint() {
    use apis::genesys::Region;
    assert_eq!(Region::UsEast1.token_url(), "https://login.mypurecloud.com/oauth/token");
    assert_eq!(Region::EuWest1.token_url(), "https://login.mypurecloud.ie/oauth/token");
    for region in Region::ALL {
        // The login host is the API host's environment: api.X -> login.X.
        let environment = region.base_url().strip_prefix("https://api.").expect("an api. host");
        assert_eq!(region.token_url(), format!("https://login.{environment}/oauth/token"));
        ClientCredentials::new(region.token_url(), "id", "secret").expect("a valid token URL");
    }
}

// ---------------------------------------------------------------------------------------------
// `ClientBuilder::client_credentials`: the token endpoint the spec documents

#[tokio::test]
async fn knetik_gets_tokens_under_its_base_url_with_credentials_in_the_form() {
    let server = MockServer::start().await;
    // Knetik declares `expires_in` a string; a number would do as well.
    let token = apis::serde_json::json!({"access_token": "k-token", "token_type": "bearer", "expires_in": "3600", "scope": "global"});
    Mock::given(method("POST"))
        .and(path("/prefix/oauth/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(token))
        .expect(1)
        .mount(&server)
        .await;
    let page = apis::serde_json::json!({"content": [], "number": 1, "size": 25});
    Mock::given(method("GET"))
        .and(path("/prefix/auth/tokens"))
        .and(header("authorization", "Bearer k-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(3)
        .mount(&server)
        .await;

    let client = apis::knetik::Client::builder()
        .base_url(format!("{}/prefix/", server.uri()))
        .expect("base URL")
        .client_credentials("knetik", "K-SECRET-9")
        .build()
        .expect("client");
    for _ in 0..3 {
        client.get_tokens().await.expect("call");
    }

    let exchange = &server.received_requests().await.expect("recorded")[0];
    let form = String::from_utf8_lossy(&exchange.body);
    assert!(form.contains("client_id=knetik") && form.contains("client_secret=K-SECRET-9"), "{form}");
    assert!(exchange.headers.get("authorization").is_none(), "no Basic auth next to the form fields");
    let shown = format!("{client:?}");
    assert!(
        shown.contains("client credentials from http://127.0.0.1:") && shown.contains("/prefix/oauth/token"),
        "{shown}"
    );
    assert!(!shown.contains("K-SECRET-9"), "{shown}");
}

#[test]
fn a_genesys_region_picks_its_login_host_for_tokens() {
    use apis::genesys::Region;
    let shown = |builder: apis::genesys::ClientBuilder| {
        format!("{:?}", builder.client_credentials("id", "G-SECRET").build().expect("client"))
    };

    let default = shown(Client::builder());
    assert!(default.contains("client credentials from https://login.mypurecloud.com/oauth/token"), "{default}");
    assert!(default.contains("https://api.mypurecloud.com"), "{default}");
    for region in Region::ALL {
        let text = shown(Client::builder().region(*region));
        assert!(text.contains(&format!("client credentials from {}", region.token_url())), "{text}");
        assert!(text.contains(region.base_url()), "{text}");
        assert!(!text.contains("G-SECRET"), "{text}");
    }
    // Picking the region after the credentials, or after a token URL, works the same way.
    let later = format!(
        "{:?}",
        Client::builder().client_credentials("id", "s").region(Region::EuWest1).build().expect("client")
    );
    assert!(later.contains("login.mypurecloud.ie/oauth/token"), "{later}");
    let by_hand = Client::builder()
        .token_url("http://127.0.0.1:9/token")
        .expect("URL")
        .region(Region::EuWest1)
        .client_credentials("id", "s");
    let by_hand = format!("{:?}", by_hand.build().expect("client"));
    assert!(by_hand.contains("client credentials from http://127.0.0.1:9/token"), "{by_hand}");
}

#[test]
fn a_hand_set_base_url_needs_a_hand_set_token_url_for_genesys() {
    use apis::genesys::Region;
    // The login host follows the region; with a base URL set by hand it is unknown, and
    // guessing would send the secret to a real login host.
    let err = Client::builder()
        .region(Region::EuWest1)
        .base_url("http://127.0.0.1:9")
        .expect("base URL")
        .client_credentials("id", "G-SECRET")
        .build()
        .expect_err("no token endpoint");
    assert!(matches!(&err, apis::Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("token_url") && !err.to_string().contains("G-SECRET"), "{err}");
    let bad = Client::builder().token_url("login.mypurecloud.com/oauth/token").expect_err("not absolute");
    assert!(bad.to_string().contains("not an absolute http or https URL"), "{bad}");
}

#[tokio::test]
async fn genesys_client_credentials_against_a_loopback_login_host() {
    let login = MockServer::start().await;
    let token = apis::serde_json::json!({"access_token": "g-token", "token_type": "bearer", "expires_in": 86399});
    token_endpoint(&login, ResponseTemplate::new(200).set_body_json(token), 1).await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer g-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(clients_json()))
        .expect(2)
        .mount(&api)
        .await;

    let client = Client::builder()
        .base_url(api.uri())
        .expect("base URL")
        .token_url(format!("{}/oauth/token", login.uri()))
        .expect("token URL")
        .client_credentials("my-client", "my-secret")
        .build()
        .expect("client");
    client.get_oauth_clients().await.expect("first call");
    client.get_oauth_clients().await.expect("second call");

    let exchange = &login.received_requests().await.expect("recorded")[0];
    let basic = exchange.headers["authorization"].to_str().expect("ASCII");
    assert_eq!(basic, "Basic bXktY2xpZW50Om15LXNlY3JldA==", "Genesys takes the id and secret by Basic auth");
    assert!(!String::from_utf8_lossy(&exchange.body).contains("my-secret"));
}

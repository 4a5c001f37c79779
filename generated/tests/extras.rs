//! What a caller adds beyond the spec: the response next to the model (`send_with_response`),
//! per-call `.header(..)` and `.query(..)`, the client's `.default_header(..)` and
//! `.user_agent(..)`; and decoding that forgives a response lacking a field the docs call
//! required.

use apis::Error;
use apis::genesys::Client;
use apis::genesys::models::OAuthClientAuthorizedGrantType;
use apis::serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn builder(server: &MockServer) -> apis::genesys::ClientBuilder {
    Client::builder().base_url(server.uri()).expect("base URL")
}

fn client(server: &MockServer) -> Client {
    builder(server).bearer_token("TOKEN").build().expect("client")
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("recording");
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

fn values<'a>(request: &'a Request, name: &str) -> Vec<&'a str> {
    request.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII")).collect()
}

fn app() -> apis::serde_json::Value {
    json!({"id": "c-1", "name": "App", "authorizedGrantType": "CLIENT-CREDENTIALS"})
}

// ---------------------------------------------------------------------------------------------
// The response next to the model

#[tokio::test]
async fn send_with_response_gives_status_headers_and_the_model() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(203).set_body_json(app()).insert_header("ININ-Correlation-Id", "corr-1"))
        .mount(&server)
        .await;
    let client = client(&server);

    let response = client.get_oauth_client("c-1").send_with_response().await.expect("203");
    assert_eq!(response.status(), 203);
    assert_eq!(response.headers()["ININ-Correlation-Id"], "corr-1");
    assert_eq!(response.name, "App", "Deref to the model");
    let (status, headers, model) = response.clone().into_parts();
    assert_eq!((status, headers.len() > 1, model.id.as_deref()), (203, true, Some("c-1")));
    assert_eq!(response.into_inner().authorized_grant_type, OAuthClientAuthorizedGrantType::ClientCredentials);
}

#[tokio::test]
async fn send_with_response_works_for_operations_without_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204).insert_header("X-Request-Id", "r-9"))
        .mount(&server)
        .await;
    let response = client(&server).delete_oauth_client("c-1").send_with_response().await.expect("204");
    assert_eq!((response.status(), response.headers()["x-request-id"].to_str().ok()), (204, Some("r-9")));
    let () = response.into_inner();
}

#[tokio::test]
async fn send_with_response_keeps_every_error_as_send_does() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such client"})))
        .mount(&server)
        .await;
    let err = client(&server).get_oauth_client("c-1").send_with_response().await.expect_err("404");
    assert_eq!((err.status(), err.to_string().contains("no such client")), (Some(404), true));
}

// ---------------------------------------------------------------------------------------------
// Per-call headers and query parameters

#[tokio::test]
async fn extra_headers_and_query_parameters_go_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(app())).mount(&server).await;

    client(&server)
        .get_oauth_client("c-1")
        .header("X-Trace", "t-1")
        .header(String::from("X-Trace"), String::from("t-2"))
        .query("expand", "roles")
        .query(String::from("a b&c"), String::from("d=e/f"))
        .await
        .expect("200");
    let sent = only_request(&server).await;
    assert_eq!(values(&sent, "x-trace"), ["t-1", "t-2"]);
    assert_eq!(sent.url.query(), Some("expand=roles&a+b%26c=d%3De%2Ff"));
    assert_eq!(values(&sent, "authorization"), ["Bearer TOKEN"]);
}

#[tokio::test]
async fn extra_query_parameters_join_the_documented_ones() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": []})))
        .mount(&server)
        .await;
    let client =
        apis::knetik::Client::builder().base_url(server.uri()).expect("URL").bearer_token("T").build().expect("client");
    client.get_tokens().page(2).query("trace", "1").await.expect("200");
    let sent = only_request(&server).await;
    let mut pairs: Vec<(String, String)> = sent.url.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    pairs.sort();
    assert_eq!(pairs, [("page".to_owned(), "2".to_owned()), ("trace".to_owned(), "1".to_owned())]);
}

#[tokio::test]
async fn invalid_or_credential_overriding_extras_are_refused_with_nothing_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(app()))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);

    let cases = [
        (client.get_oauth_client("c").header("Bad Name", "v"), "is not a valid header name"),
        (client.get_oauth_client("c").header("X-Ok", "line\r\nInjected: 1"), "is not a valid header value"),
        (
            client.get_oauth_client("c").header("authorization", "Bearer other"),
            "would override the client's credentials",
        ),
    ];
    for (request, expected) in cases {
        let err = request.await.expect_err(expected);
        assert!(matches!(err, Error::InvalidRequest { .. }) && err.to_string().contains(expected), "{err}");
        assert_eq!(err.operation(), Some("getOauthClient"));
    }

    let google = apis::google_dataportability::Client::builder()
        .base_url(server.uri())
        .expect("URL")
        .api_key("K")
        .build()
        .expect("client");
    let err = google.authorization_reset().query("key", "other").await.expect_err("refused");
    assert!(err.to_string().contains("would override the client's API key"), "{err}");
}

#[tokio::test]
async fn an_authorization_header_without_client_credentials_is_sent_and_kept_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer per-call"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"message": "bad per-call token"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).retry(apis::RetryPolicy::none()).build().expect("no credentials");
    let err = client.get_oauth_client("c").header("Authorization", "Bearer per-call").await.expect_err("500");
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("per-call") && shown.contains("bad <redacted> token"), "{shown}");
}

// ---------------------------------------------------------------------------------------------
// Default headers and the User-Agent

#[tokio::test]
async fn default_headers_and_the_user_agent_go_with_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(app())).mount(&server).await;
    let client = builder(&server)
        .bearer_token("TOKEN")
        .user_agent("my-app/1.0")
        .default_header("X-Team", "billing")
        .default_header("X-Team", "payments")
        .default_header("Accept-Language", "fr-fr")
        .build()
        .expect("client");

    client.get_oauth_client("c-1").await.expect("200");
    client.get_oauth_client("c-1").header("X-Team", "search").await.expect("200");
    client.get_oauth_authorization("c-1").accept_language("de-de").await.expect("200");
    let sent = server.received_requests().await.expect("recording");
    assert_eq!(values(&sent[0], "user-agent"), ["my-app/1.0"]);
    assert_eq!(values(&sent[0], "x-team"), ["payments"], "set again, replaced");
    assert_eq!(values(&sent[1], "x-team"), ["search"], "the call's own wins");
    assert_eq!(values(&sent[2], "accept-language"), ["de-de"], "a documented header parameter wins");
}

#[tokio::test]
async fn defaults_apply_through_a_callers_http_client_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(app())).mount(&server).await;
    let http = apis::reqwest::Client::builder().user_agent("callers/0.1").build().expect("HTTP client");
    let with_agent =
        builder(&server).http_client(http.clone()).user_agent("my-app/1.0").default_header("X-Team", "billing");
    with_agent.build().expect("client").get_oauth_client("c").await.expect("200");
    builder(&server).http_client(http).build().expect("client").get_oauth_client("c").await.expect("200");
    let sent = server.received_requests().await.expect("recording");
    assert_eq!((values(&sent[0], "user-agent"), values(&sent[0], "x-team")), (vec!["my-app/1.0"], vec!["billing"]));
    assert_eq!(values(&sent[1], "user-agent"), ["callers/0.1"], "unset, the caller's client decides");
}

#[tokio::test]
async fn token_requests_carry_the_user_agent_but_not_default_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "t", "expires_in": 3600})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": []})))
        .mount(&server)
        .await;
    let client = apis::knetik::Client::builder()
        .base_url(server.uri())
        .expect("URL")
        .client_credentials("id", "secret")
        .user_agent("my-app/1.0")
        .default_header("X-Team", "billing")
        .build()
        .expect("client");
    client.get_tokens().await.expect("200");
    let sent = server.received_requests().await.expect("recording");
    let token = sent.iter().find(|r| r.url.path() == "/oauth/token").expect("a token request");
    assert_eq!((values(token, "user-agent"), values(token, "x-team")), (vec!["my-app/1.0"], vec![]));
}

#[tokio::test]
async fn bad_defaults_fail_the_build() {
    let server = MockServer::start().await;
    let cases = [
        (builder(&server).default_header("Bad Name", "v"), "is not a valid header name"),
        (builder(&server).default_header("X-Ok", "a\nb"), "is not a valid header value"),
        (
            builder(&server).bearer_token("T").default_header("Authorization", "Basic x"),
            "would override the client's credentials",
        ),
        (builder(&server).user_agent("a\r\nb"), "the user agent is not a valid HTTP header value"),
    ];
    for (builder, expected) in cases {
        let err = builder.build().expect_err(expected);
        assert!(matches!(err, Error::Config { .. }) && err.to_string().contains(expected), "{err}");
    }
    let google = apis::google_dataportability::Client::builder().api_key("K").default_header("X-Goog-Api-Key", "other");
    assert!(google.build().is_ok(), "Google's key is a query parameter: the header overrides nothing");
}

#[tokio::test]
async fn a_default_authorization_header_without_credentials_is_a_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "Bearer d3fault is revoked"})))
        .mount(&server)
        .await;
    let client = builder(&server).default_header("Authorization", "Bearer d3fault").build().expect("client");
    assert!(!format!("{client:?}").contains("d3fault"));
    let err = client.get_oauth_client("c").await.expect_err("401");
    assert_eq!(values(&only_request(&server).await, "authorization"), ["Bearer d3fault"]);
    assert!(!format!("{err} {err:?}").contains("d3fault"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Tolerant decoding

#[tokio::test]
async fn a_listing_whose_entities_lack_required_fields_still_decodes() {
    let server = MockServer::start().await;
    // As the 229.1.0 SDK's own `OAuthClientListing` entities: no `authorizedGrantType`; and a
    // `name` (also required) that is missing or null.
    let listing = json!({
        "entities": [
            {"id": "a", "name": "Full", "authorizedGrantType": "CODE"},
            {"id": "b", "name": "No grant type"},
            {"id": "c", "name": null, "authorizedGrantType": null},
            {"id": "d"}
        ],
        "total": 4
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients"))
        .respond_with(ResponseTemplate::new(200).set_body_json(listing))
        .mount(&server)
        .await;

    let page = client(&server).get_oauth_clients().await.expect("the page decodes");
    let entities = page.entities.expect("entities");
    assert_eq!(entities.len(), 4);
    assert_eq!(entities[0].authorized_grant_type, OAuthClientAuthorizedGrantType::Code);
    assert_eq!(entities[1].authorized_grant_type, OAuthClientAuthorizedGrantType::UnknownValue(String::new()));
    assert_eq!((entities[2].name.as_str(), entities[3].name.as_str()), ("", ""));
    assert_eq!(entities[3].id.as_deref(), Some("d"));
}

#[tokio::test]
async fn a_wrongly_typed_field_is_still_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": [{"name": 7}]})))
        .mount(&server)
        .await;
    let err = client(&server).get_oauth_clients().await.expect_err("a number is not a name");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn query_parameter_matchers_see_extras_as_documented_ones() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("trace", "on"))
        .respond_with(ResponseTemplate::new(200).set_body_json(app()))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).get_oauth_client("c").query("trace", "on").await.expect("matched");
}

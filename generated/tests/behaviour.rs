//! Cross-cutting promises of the `apis` package: error variants (decode, transport, invalid
//! request, config), path and query encoding, base URLs and regions, secrets, and thread
//! safety.

use apis::genesys::{self, Region};
use apis::serde_json::json;
use apis::{google_dataportability, knetik};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Helpers

fn genesys(base_url: &str) -> genesys::Client {
    genesys::Client::builder()
        .base_url(base_url)
        .expect("a valid base URL")
        .bearer_token("TOKEN")
        .build()
        .expect("the client builds")
}

fn header_values<'a>(req: &'a Request, name: &str) -> Vec<&'a str> {
    req.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII header")).collect()
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// A server that answers every request; tests that must send nothing check it got none.
async fn catch_all_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_json(json!({}))).mount(&server).await;
    server
}

/// A loopback port with nothing listening on it.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local addr").port();
    drop(listener);
    port
}

fn assert_invalid_request(err: &apis::Error, operation: &str) {
    assert!(matches!(err, apis::Error::InvalidRequest { .. }), "expected InvalidRequest, got {err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.body(), None);
    assert_eq!(err.operation(), Some(operation));
    assert!(err.to_string().contains(operation), "{err}");
}

fn assert_config(err: &apis::Error) {
    assert!(matches!(err, apis::Error::Config { .. }), "expected Config, got {err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.body(), None);
    assert_eq!(err.operation(), None);
}

// ---------------------------------------------------------------------------------------------
// Decode errors

#[tokio::test]
async fn a_2xx_body_of_the_wrong_shape_is_a_decode_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    // `name` and `authorizedGrantType` are required; `id` has the wrong type.
    let body = br#"{"id": 42, "state": "active"}"#;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(&body[..], "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let err = genesys(&server.uri()).get_oauth_client("c-1").await.unwrap_err();
    assert!(matches!(err, apis::Error::Decode(_)), "expected Decode, got {err:?}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.body(), Some(&body[..]));
    assert_eq!(err.operation(), Some("getOauthClient"));
    assert!(err.model::<genesys::models::ErrorBody>().is_none());
    let apis::Error::Decode(decode) = &err else { unreachable!() };
    assert_eq!(decode.status().as_u16(), 200);
    assert_eq!(decode.body(), &body[..]);
    assert_eq!(decode.operation(), "getOauthClient");
    let display = err.to_string();
    assert!(display.contains("getOauthClient"), "{display}");
    assert!(display.contains("200"), "{display}");
}

#[tokio::test]
async fn a_2xx_body_that_is_not_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let page = "<html><body>Maintenance</body></html>";
    Mock::given(method("GET"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(203).set_body_raw(page, "text/html"))
        .expect(1)
        .mount(&server)
        .await;

    let client = knetik::Client::builder().base_url(server.uri()).unwrap().build().unwrap();
    let err = client.get_tokens().send().await.unwrap_err();
    assert!(matches!(err, apis::Error::Decode(_)), "expected Decode, got {err:?}");
    assert_eq!(err.status(), Some(203));
    assert_eq!(err.body(), Some(page.as_bytes()));
    let display = err.to_string();
    assert!(display.contains("getTokens") && display.contains("203"), "{display}");
}

#[tokio::test]
async fn an_empty_2xx_body_where_a_model_is_documented_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;

    let err = genesys(&server.uri()).get_oauth_scopes().await.unwrap_err();
    assert!(matches!(err, apis::Error::Decode(_)), "expected Decode, got {err:?}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.body(), Some(&b""[..]));
    assert!(err.to_string().contains("getOauthScopes"), "{err}");
}

#[tokio::test]
async fn a_5xx_with_the_vendor_body_is_an_api_error() {
    let server = MockServer::start().await;
    let body = json!({"message": "The service is currently unavailable", "code": "service.unavailable", "status": 503});
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients"))
        .respond_with(ResponseTemplate::new(503).set_body_json(body))
        // A GET is idempotent: the default policy tries 3 times before giving the last answer.
        .expect(3)
        .mount(&server)
        .await;

    let err = genesys(&server.uri()).get_oauth_clients().await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(503));
    let model = err.model::<genesys::models::ErrorBody>().expect("ErrorBody");
    assert_eq!(model.code.as_deref(), Some("service.unavailable"));
    assert!(err.to_string().contains("The service is currently unavailable"), "{err}");
}

#[tokio::test]
async fn a_3xx_that_is_not_followed_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(304).insert_header("etag", "\"v42\""))
        .expect(1)
        .mount(&server)
        .await;

    let err = genesys(&server.uri()).get_oauth_scopes().await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(304));
    assert_eq!(err.body(), Some(&b""[..]));
    assert!(err.model::<genesys::models::ErrorBody>().is_none());
    let apis::Error::Api(api) = &err else { unreachable!() };
    assert_eq!(api.headers().get("etag").map(|v| v.to_str().unwrap()), Some("\"v42\""));
}

#[tokio::test]
async fn a_json_error_body_that_is_not_the_vendor_model_has_no_model() {
    let server = MockServer::start().await;
    let body = br#"["unexpected", "shape"]"#;
    Mock::given(method("GET"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(&body[..], "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let client = knetik::Client::builder().base_url(server.uri()).unwrap().build().unwrap();
    let err = client.get_tokens().await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.body(), Some(&body[..]));
    assert!(err.model::<knetik::models::Result>().is_none());
    let display = err.to_string();
    assert!(display.contains("getTokens") && display.contains("400"), "{display}");
}

// ---------------------------------------------------------------------------------------------
// Transport errors

#[tokio::test]
async fn nothing_listening_is_a_transport_error_without_status() {
    let port = closed_port();
    let client = genesys(&format!("http://127.0.0.1:{port}"));
    let err = client.get_oauth_scopes().accept_language("de-de").await.unwrap_err();
    assert!(matches!(err, apis::Error::Transport(_)), "expected Transport, got {err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.body(), None);
    assert_eq!(err.operation(), Some("getOauthScopes"));
    assert!(err.model::<genesys::models::ErrorBody>().is_none());
    let apis::Error::Transport(transport) = &err else { unreachable!() };
    assert!(transport.is_connect(), "{err:?}");
    assert!(!transport.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("getOauthScopes"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Path and query encoding, invalid requests

#[tokio::test]
async fn a_path_parameter_with_reserved_characters_stays_one_segment() {
    let server = MockServer::start().await;
    let body = json!({"name": "x", "authorizedGrantType": "CODE"});
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/a%2Fb%3Fc%23d"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/100%25%20sure"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/zo%C3%AB"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let client = genesys(&server.uri());

    client.get_oauth_client("a/b?c#d").await.unwrap();
    client.get_oauth_client("100% sure").send().await.unwrap();
    client.get_oauth_client("zoë").await.unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].url.path(), "/api/v2/oauth/clients/zo%C3%AB");
    assert_eq!(all[0].url.path(), "/api/v2/oauth/clients/a%2Fb%3Fc%23d");
    assert_eq!(all[0].url.query(), None, "`?` in a path parameter must not start a query");
    assert_eq!(all[0].url.fragment(), None);
    assert_eq!(all[1].url.path(), "/api/v2/oauth/clients/100%25%20sure");
    assert_eq!(all[1].url.query(), None);
}

#[tokio::test]
async fn dot_segments_in_a_two_parameter_path_stay_encoded_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/..a/usage/query/results/b.."))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"queryStatus": "Running"})))
        .expect(1)
        .mount(&server)
        .await;

    let got = genesys(&server.uri()).get_oauth_client_usage_query_result("..a", "b..").await.unwrap();
    assert_eq!(got.query_status, Some(genesys::models::ApiUsageQueryStatus::Running));
    let all = requests(&server).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].url.path(), "/api/v2/oauth/clients/..a/usage/query/results/b..");
}

#[tokio::test]
async fn empty_dot_and_dot_dot_path_parameters_are_refused_before_sending() {
    let server = catch_all_server().await;
    let client = genesys(&server.uri());

    for bad in ["", ".", ".."] {
        let err = client.get_oauth_client(bad).await.unwrap_err();
        assert_invalid_request(&err, "getOauthClient");
        let err = client.delete_oauth_client(bad).send().await.unwrap_err();
        assert_invalid_request(&err, "deleteOauthClient");
        let err = client.get_oauth_client_usage_query_result("c-1", bad).await.unwrap_err();
        assert_invalid_request(&err, "getOauthClientUsageQueryResult");
        let err = client.get_oauth_client_usage_query_result(bad, "e-1").await.unwrap_err();
        assert_invalid_request(&err, "getOauthClientUsageQueryResult");
        let body = genesys::models::OAuthClientRequest::new("x", genesys::models::OAuthClientAuthorizedGrantType::Code);
        let err = client.put_oauth_client(bad, body).await.unwrap_err();
        assert_invalid_request(&err, "putOauthClient");
    }
    let knetik = knetik::Client::builder().base_url(server.uri()).unwrap().build().unwrap();
    for bad in ["", ".", ".."] {
        let err = knetik.get_token("jdoe", bad).await.unwrap_err();
        assert_invalid_request(&err, "getToken");
        let err = knetik.get_token(bad, "web-app").await.unwrap_err();
        assert_invalid_request(&err, "getToken");
    }

    let all = requests(&server).await;
    assert!(all.is_empty(), "nothing may be sent, got {all:#?}");
}

#[tokio::test]
async fn a_header_value_with_cr_lf_is_refused_before_sending() {
    let server = catch_all_server().await;
    let client = genesys(&server.uri());

    let err = client.get_oauth_scopes().accept_language("en\r\nX-Evil: 1").await.unwrap_err();
    assert_invalid_request(&err, "getOauthScopes");
    assert!(!err.to_string().contains("X-Evil"), "the value is not echoed: {err}");
    let err = client.get_oauth_scope("admin").accept_language("en\nX-Evil: 1").send().await.unwrap_err();
    assert_invalid_request(&err, "getOauthScope");
    let err = client.get_oauth_authorizations().accept_language("en\r").await.unwrap_err();
    assert_invalid_request(&err, "getOauthAuthorizations");
    let err = client.get_oauth_authorization("c-1").accept_language("\0").await.unwrap_err();
    assert_invalid_request(&err, "getOauthAuthorization");

    let all = requests(&server).await;
    assert!(all.is_empty(), "nothing may be sent, got {all:#?}");
}

#[tokio::test]
async fn query_values_with_reserved_characters_arrive_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"content": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = knetik::Client::builder().base_url(server.uri()).unwrap().build().unwrap();

    let tricky = "a&b=c d+e#f/g?h%i é";
    client.get_tokens().filter_username(tricky).order("username:ASC,client_id:DESC").await.unwrap();

    let all = requests(&server).await;
    assert_eq!(all.len(), 1);
    let req = &all[0];
    assert_eq!(req.url.path(), "/auth/tokens");
    assert_eq!(req.url.fragment(), None, "`#` must not start a fragment");
    let mut pairs: Vec<(String, String)> =
        req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("filter_username".to_owned(), tricky.to_owned()),
            ("order".to_owned(), "username:ASC,client_id:DESC".to_owned()),
        ]
    );
    assert_eq!(req.url.query().map(|q| q.split('&').count()), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Base URLs and regions

#[tokio::test]
async fn a_base_url_path_prefix_is_kept_with_or_without_a_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/some/prefix/api/v2/oauth/clients/x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "x", "authorizedGrantType": "TOKEN"})))
        .expect(2)
        .mount(&server)
        .await;

    for base in [format!("{}/some/prefix", server.uri()), format!("{}/some/prefix/", server.uri())] {
        let got = genesys(&base).get_oauth_client("x").await.unwrap();
        assert_eq!(got.name, "x");
    }
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_eq!(req.url.path(), "/some/prefix/api/v2/oauth/clients/x");
        assert_eq!(req.url.query(), None);
    }
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_gives_no_double_slash() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        google_dataportability::Client::builder().base_url(format!("{}/", server.uri())).unwrap().build().unwrap();
    client.authorization_reset().await.unwrap();
    let all = requests(&server).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].url.path(), "/v1/authorization:reset");
}

#[test]
fn invalid_base_urls_are_config_errors() {
    for bad in ["not a url", "ftp://x", "", "127.0.0.1:8080", "http://h/?a=1", "http://h/#frag"] {
        let err = genesys::Client::builder().base_url(bad).unwrap_err();
        assert_config(&err);
        assert!(!err.to_string().is_empty());
    }
    let err = knetik::Client::builder().base_url("ftp://x").unwrap_err();
    assert_config(&err);
    let err = google_dataportability::Client::builder().base_url("not a url").unwrap_err();
    assert_config(&err);
}

#[test]
fn a_bearer_token_with_a_line_break_is_a_config_error_that_does_not_show_it() {
    let err = genesys::Client::builder().bearer_token("SECRET-BEARER-\r\nX-Evil: 1").build().unwrap_err();
    assert_config(&err);
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("SECRET-BEARER"), "{shown}");
}

#[tokio::test]
async fn without_a_bearer_token_no_authorization_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = knetik::Client::builder().base_url(server.uri()).unwrap().build().unwrap();
    client.delete_tokens().await.unwrap();
    let all = requests(&server).await;
    assert_eq!(all.len(), 1);
    assert_eq!(header_values(&all[0], "authorization"), Vec::<&str>::new());
}

/// `.bearer_token("TOKEN")` sends `Authorization: Bearer TOKEN`: a base URL with user info
/// must either be refused or not add a second, conflicting `Authorization` header.
#[tokio::test]
async fn user_info_in_the_base_url_never_adds_a_second_authorization_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/p/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0})))
        .mount(&server)
        .await;
    let base = format!("http://user:hunter2@127.0.0.1:{}/p", server.address().port());

    match genesys::Client::builder().base_url(&base) {
        Err(err) => {
            assert_config(&err);
            assert_hidden(&format!("{err:?} {err}"));
        }
        Ok(builder) => {
            let client = builder.bearer_token("TOKEN").build().unwrap();
            client.get_oauth_scopes().await.unwrap();
            let all = requests(&server).await;
            assert_eq!(all.len(), 1);
            assert_eq!(header_values(&all[0], "authorization"), ["Bearer TOKEN"], "exactly one Authorization header");
        }
    }
}

#[test]
fn regions_select_their_documented_base_url() {
    assert_eq!(Region::EuWest1.base_url(), "https://api.mypurecloud.ie");
    assert_eq!(Region::UsEast1.base_url(), "https://api.mypurecloud.com");
    assert_eq!(Region::ApSoutheast2.base_url(), "https://api.mypurecloud.com.au");
    assert_eq!(Region::UsEast2.base_url(), "https://api.use2.us-gov-pure.cloud");
    assert_eq!(Region::EuWest1.name(), "eu_west_1");
    assert_eq!(Region::ALL.len(), 15);

    let client = genesys::Client::builder().region(Region::EuWest1).bearer_token("TOKEN").build().unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains("\"https://api.mypurecloud.ie\""), "{debug}");
    assert!(!debug.contains("mypurecloud.com"), "{debug}");

    for region in Region::ALL {
        let debug = format!("{:?}", genesys::Client::builder().region(*region).build().unwrap());
        assert!(debug.contains(&format!("\"{}\"", region.base_url())), "{region:?}: {debug}");
    }

    // Without a region or base URL: the vendor's documented default.
    let default = format!("{:?}", genesys::Client::builder().build().unwrap());
    assert!(default.contains("\"https://api.mypurecloud.com\""), "{default}");
    let knetik = format!("{:?}", knetik::Client::builder().build().unwrap());
    assert!(knetik.contains("\"https://sandbox.knetikcloud.com\""), "{knetik}");
}

// ---------------------------------------------------------------------------------------------
// Secrets

const BEARER: &str = "SECRET-BEARER-8d1f0c";

fn assert_hidden(shown: &str) {
    for secret in [BEARER, "SECRET-KEY", "SECRET-AT", "SECRET-OT", "hunter2"] {
        assert!(!shown.contains(secret), "{secret} shown in {shown}");
    }
}

#[tokio::test]
async fn no_debug_or_display_shows_a_secret_but_the_wire_carries_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let builder = google_dataportability::Client::builder().base_url(server.uri()).unwrap().bearer_token(BEARER);
    assert_hidden(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?}"));
    assert_hidden(&format!("{:?}", client.clone()));

    let request = client.authorization_reset().key("SECRET-KEY").access_token("SECRET-AT").oauth_token("SECRET-OT");
    assert_hidden(&format!("{request:?}"));
    let err = request.await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_hidden(&format!("{err:?}"));
    assert_hidden(&err.to_string());

    // The secrets are still sent.
    let all = requests(&server).await;
    assert_eq!(all.len(), 1);
    assert_eq!(header_values(&all[0], "authorization"), [format!("Bearer {BEARER}").as_str()]);
    let mut pairs: Vec<(String, String)> =
        all[0].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("access_token".to_owned(), "SECRET-AT".to_owned()),
            ("key".to_owned(), "SECRET-KEY".to_owned()),
            ("oauth_token".to_owned(), "SECRET-OT".to_owned()),
        ]
    );
}

#[tokio::test]
async fn decode_and_transport_errors_do_not_show_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("upstream connect error", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let client =
        google_dataportability::Client::builder().base_url(server.uri()).unwrap().bearer_token(BEARER).build().unwrap();
    let err = client
        .authorization_reset()
        .key("SECRET-KEY")
        .access_token("SECRET-AT")
        .oauth_token("SECRET-OT")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.model::<google_dataportability::models::ErrorResponse>().is_none());
    assert_hidden(&format!("{err:?} {err}"));

    let port = closed_port();
    let client = google_dataportability::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .unwrap()
        .bearer_token(BEARER)
        .build()
        .unwrap();
    let err = client
        .authorization_reset()
        .key("SECRET-KEY")
        .access_token("SECRET-AT")
        .oauth_token("SECRET-OT")
        .await
        .unwrap_err();
    assert!(matches!(err, apis::Error::Transport(_)), "{err:?}");
    assert_hidden(&format!("{err:?} {err}"));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/c-1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("not json", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = genesys::Client::builder().base_url(server.uri()).unwrap().bearer_token(BEARER).build().unwrap();
    let err = client.get_oauth_client("c-1").await.unwrap_err();
    assert!(matches!(err, apis::Error::Decode(_)), "{err:?}");
    assert_hidden(&format!("{err:?} {err}"));
    let err = client.get_oauth_scopes().accept_language("en\r\n").await.unwrap_err();
    assert!(matches!(err, apis::Error::InvalidRequest { .. }), "{err:?}");
    assert_hidden(&format!("{err:?} {err}"));
}

/// DESIGN: no `Debug` or `Display` of an error shows a client secret. A regenerated Genesys
/// client secret arrives in the body of `postOauthClientSecret`; when that body fails to decode,
/// the error keeps it (`body()`) but must not print it.
#[tokio::test]
async fn a_decode_error_does_not_show_a_client_secret_from_the_body() {
    let server = MockServer::start().await;
    let body = json!({
        "id": "c-1",
        "name": "Reporting integration",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "secret": "CLIENT-SECRET-q9Zt4",
        "dateCreated": "14/03/2024 09:26"
    });
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients/c-1/secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;

    let err = genesys(&server.uri()).post_oauth_client_secret("c-1").await.unwrap_err();
    assert!(matches!(err, apis::Error::Decode(_)), "{err:?}");
    assert_eq!(err.status(), Some(200));
    let kept = err.body().expect("the body is kept");
    assert_eq!(apis::serde_json::from_slice::<apis::serde_json::Value>(kept).unwrap(), body);
    let display = err.to_string();
    assert!(display.contains("postOauthClientSecret"), "{display}");
    assert!(!display.contains("CLIENT-SECRET-q9Zt4"), "Display shows the client secret: {display}");
    let debug = format!("{err:?}");
    assert!(!debug.contains("CLIENT-SECRET-q9Zt4"), "Debug shows the client secret: {debug}");
}

#[test]
fn request_builders_and_clients_of_every_api_hide_the_bearer_token() {
    let genesys = genesys::Client::builder().bearer_token(BEARER).build().unwrap();
    assert_hidden(&format!("{genesys:?}"));
    assert_hidden(&format!("{:?}", genesys.get_oauth_client("c-1")));
    let body = genesys::models::OAuthClientRequest::new("x", genesys::models::OAuthClientAuthorizedGrantType::Code);
    assert_hidden(&format!("{:?}", genesys.post_oauth_clients(body)));
    let knetik = knetik::Client::builder().bearer_token(BEARER).build().unwrap();
    assert_hidden(&format!("{knetik:?}"));
    assert_hidden(&format!("{:?}", knetik.get_tokens().filter_username("jdoe")));
    assert_hidden(&format!("{:?}", knetik::Client::builder().bearer_token(BEARER)));
}

#[test]
fn a_password_in_the_base_url_is_not_shown() {
    // Accepted or refused, the password never shows.
    match genesys::Client::builder().base_url("http://user:hunter2@127.0.0.1:9/") {
        Ok(builder) => {
            assert_hidden(&format!("{builder:?}"));
            let client = builder.build().unwrap();
            assert_hidden(&format!("{client:?}"));
        }
        Err(err) => {
            assert_config(&err);
            assert_hidden(&format!("{err:?} {err}"));
        }
    }
    let err = genesys::Client::builder().base_url("ftp://user:hunter2@example.com/").unwrap_err();
    assert_hidden(&format!("{err:?} {err}"));
}

// ---------------------------------------------------------------------------------------------
// Thread safety

fn assert_send_sync_clone<T: Send + Sync + Clone + std::fmt::Debug>() {}
fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
fn assert_send<T: Send>(_: &T) {}
fn assert_spawnable_future<F: std::future::Future + Send + Unpin + 'static>(_: &F) {}

#[tokio::test]
async fn clients_are_send_sync_clone_and_errors_are_send_sync_static() {
    assert_send_sync_clone::<genesys::Client>();
    assert_send_sync_clone::<knetik::Client>();
    assert_send_sync_clone::<google_dataportability::Client>();
    assert_error::<apis::Error>();
    let boxed: Box<dyn std::error::Error + Send + Sync + 'static> =
        Box::new(genesys::Client::builder().base_url("ftp://x").unwrap_err());
    assert!(!boxed.to_string().is_empty());

    // Futures can be spawned; a cloned client works from another task.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total": 0, "entities": []})))
        .expect(2)
        .mount(&server)
        .await;
    let client = genesys(&server.uri());
    // Request builders are plain values; every operation's future is one named type.
    assert_send_sync_clone::<genesys::requests::GetOauthScopes>();
    assert_send_sync_clone::<knetik::requests::GetToken>();
    let future: apis::Pending<genesys::models::OAuthScopeListing> = client.get_oauth_scopes().send();
    assert_send(&future);
    assert_spawnable_future(&future);
    let clone = client.clone();
    let handle = tokio::spawn(async move { clone.get_oauth_scopes().await });
    let spawned = handle.await.expect("the task ran").expect("the call succeeded");
    assert_eq!(spawned.total, Some(0));
    assert_eq!(future.await.unwrap().entities, Some(vec![]));
    for req in requests(&server).await {
        assert_eq!(header_values(&req, "authorization"), ["Bearer TOKEN"]);
    }
}

// ---------------------------------------------------------------------------------------------
// A caller-supplied HTTP client

#[tokio::test]
async fn a_caller_supplied_http_client_sends_the_requests() {
    let server = catch_all_server().await;
    let mut headers = apis::reqwest::header::HeaderMap::new();
    headers.insert("x-from-caller", apis::reqwest::header::HeaderValue::from_static("yes"));
    let http = apis::reqwest::Client::builder().default_headers(headers).build().expect("reqwest client");
    let client = genesys::Client::builder()
        .base_url(server.uri())
        .expect("a valid base URL")
        .bearer_token("TOKEN")
        .http_client(http)
        .build()
        .expect("the client builds");

    client.delete_oauth_client("c-1").await.expect("204 is success");

    let received = requests(&server).await;
    assert_eq!(received.len(), 1);
    // The caller's client carried the request (its default header is there), and the API's
    // own headers were still added.
    assert_eq!(header_values(&received[0], "x-from-caller"), ["yes"]);
    assert_eq!(header_values(&received[0], "authorization"), ["Bearer TOKEN"]);
}

//! `apis::knetik`, group Auth Tokens, against a loopback server: the 3 operations (snake_case wire
//! names, query strings, decoded pages) and the vendor's `Result` error body.
#![cfg(feature = "knetik-auth-tokens")]

use apis::knetik::Client;
use apis::knetik::models::{
    ErrorResource, OauthAccessTokenResource, Order, OrderDirection, OrderNullHandling,
    PageResourceOauthAccessTokenResource, Result as KnetikResult,
};
use apis::serde_json::{self, Value, json};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------------------------
// Helpers

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .expect("the mock server's URI is a valid base URL")
        .bearer_token("TOKEN")
        .build()
        .expect("the client builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("request recording is on");
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.remove(0)
}

fn header_values<'a>(req: &'a Request, name: &str) -> Vec<&'a str> {
    req.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII header")).collect()
}

/// Method, raw path, raw query (`None`: no `?` at all), the bearer token, and no body.
fn assert_request(req: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(req.method.as_str(), method, "method");
    assert_eq!(req.url.path(), path, "path");
    assert_eq!(req.url.query(), query, "query of {}", req.url);
    assert_eq!(header_values(req, "authorization"), ["Bearer TOKEN"], "Authorization");
    assert!(req.body.is_empty(), "unexpected body: {:?}", String::from_utf8_lossy(&req.body));
    assert_eq!(header_values(req, "content-type"), Vec::<&str>::new(), "Content-Type");
}

/// The decoded query pairs, sorted (the order of distinct parameters is not a promise).
fn sorted_pairs(req: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    pairs
}

/// The raw `name=value` segments of the query, sorted.
fn sorted_raw_segments(req: &Request) -> Vec<String> {
    let mut segments: Vec<String> = req.url.query().expect("a query").split('&').map(str::to_owned).collect();
    segments.sort();
    segments
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// The 3 operations

#[tokio::test]
async fn delete_tokens_sends_username_and_client_id_as_snake_case_query() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/auth/tokens"))
        .and(query_param("username", "jdoe"))
        .and(query_param("client_id", "web-app"))
        .and(header("authorization", "Bearer TOKEN"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let () = client(&server).delete_tokens().username("jdoe").client_id("web-app").await.unwrap();

    let req = only_request(&server).await;
    assert_eq!(req.url.query().map(|q| q.split('&').count()), Some(2));
    assert_eq!(sorted_raw_segments(&req), ["client_id=web-app", "username=jdoe"]);
    assert_eq!(sorted_pairs(&req), owned(&[("username", "jdoe"), ("client_id", "web-app")]));
    assert_request(&req, "DELETE", "/auth/tokens", req.url.query());
}

#[tokio::test]
async fn delete_tokens_with_one_filter_sends_only_that_one() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/auth/tokens"))
        .and(query_param("client_id", "web-app"))
        .and(query_param_is_missing("username"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).delete_tokens().client_id("web-app").send().await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "DELETE", "/auth/tokens", Some("client_id=web-app"));
}

#[tokio::test]
async fn delete_tokens_without_filters_sends_no_query() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).delete_tokens().send().await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "DELETE", "/auth/tokens", None);
    assert!(!req.url.as_str().contains('?'), "{}", req.url);
}

#[tokio::test]
async fn get_token_puts_username_then_client_id_in_the_path() {
    let server = MockServer::start().await;
    let body = json!({
        "client_id": "web-app",
        "token": "4b0a1f7e-6c1d-4d0b-9a55-2f3e8c9d7a61",
        "username": "jdoe"
    });
    Mock::given(method("GET"))
        .and(path("/auth/tokens/jdoe/web-app"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_token("jdoe", "web-app").send().await.unwrap();
    assert_eq!(
        got,
        OauthAccessTokenResource {
            client_id: Some("web-app".into()),
            token: Some("4b0a1f7e-6c1d-4d0b-9a55-2f3e8c9d7a61".into()),
            username: Some("jdoe".into()),
            ..Default::default()
        }
    );
    assert_eq!(serde_json::to_value(&got).unwrap(), body);

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/auth/tokens/jdoe/web-app", None);
}

#[tokio::test]
async fn get_token_encodes_each_path_parameter_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/auth/tokens/jane%20doe%2Fadmin/web%3Fapp%23x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "jane doe/admin"})))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_token("jane doe/admin", "web?app#x").await.unwrap();
    assert_eq!(got, OauthAccessTokenResource { username: Some("jane doe/admin".into()), ..Default::default() });
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/auth/tokens/jane%20doe%2Fadmin/web%3Fapp%23x", None);
}

#[tokio::test]
async fn get_tokens_sends_every_filter_with_its_snake_case_wire_name() {
    let server = MockServer::start().await;
    let page = json!({
        "content": [
            {"client_id": "web-app", "username": "jdoe"},
            {"client_id": "web-app", "username": "jdoe2"}
        ],
        "first": false,
        "last": true,
        "number": 1,
        "number_of_elements": 2,
        "size": 10,
        "sort": [{
            "ascending": true,
            "descending": false,
            "direction": "ASC",
            "ignore_case": false,
            "null_handling": "NATIVE",
            "property": "username"
        }],
        "total_elements": 12,
        "total_pages": 2
    });
    Mock::given(method("GET"))
        .and(path("/auth/tokens"))
        .and(query_param("filter_client_id", "web-app"))
        .and(query_param("filter_username", "jdoe"))
        .and(query_param("size", "10"))
        .and(query_param("page", "2"))
        .and(query_param("order", "username:ASC"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server)
        .get_tokens()
        .filter_client_id("web-app")
        .filter_username("jdoe")
        .size(10)
        .page(2)
        .order("username:ASC")
        .send()
        .await
        .unwrap();
    let expected = PageResourceOauthAccessTokenResource {
        content: Some(vec![
            OauthAccessTokenResource {
                client_id: Some("web-app".into()),
                token: None,
                username: Some("jdoe".into()),
                ..Default::default()
            },
            OauthAccessTokenResource {
                client_id: Some("web-app".into()),
                token: None,
                username: Some("jdoe2".into()),
                ..Default::default()
            },
        ]),
        first: Some(false),
        last: Some(true),
        number: Some(1),
        number_of_elements: Some(2),
        size: Some(10),
        sort: Some(vec![Order {
            ascending: Some(true),
            descending: Some(false),
            direction: Some(OrderDirection::Asc),
            ignore_case: Some(false),
            null_handling: Some(OrderNullHandling::Native),
            property: Some("username".into()),
            ..Default::default()
        }]),
        total_elements: Some(12),
        total_pages: Some(2),
        ..Default::default()
    };
    assert_eq!(got, expected);
    assert_eq!(serde_json::to_value(&got).unwrap(), page);

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/auth/tokens", req.url.query());
    assert_eq!(
        sorted_pairs(&req),
        owned(&[
            ("filter_client_id", "web-app"),
            ("filter_username", "jdoe"),
            ("size", "10"),
            ("page", "2"),
            ("order", "username:ASC"),
        ])
    );
    // Exactly five parameters, nothing else (no camelCase duplicates, no empty segments).
    let raw = sorted_raw_segments(&req);
    assert_eq!(raw.len(), 5, "{raw:?}");
    for plain in ["filter_client_id=web-app", "filter_username=jdoe", "page=2", "size=10"] {
        assert!(raw.iter().any(|s| s == plain), "{plain} missing from {raw:?}");
    }
}

#[tokio::test]
async fn get_tokens_without_filters_sends_no_query_and_keeps_unknown_enum_values() {
    let server = MockServer::start().await;
    let page = json!({
        "content": [],
        "first": true,
        "last": true,
        "number": 0,
        "number_of_elements": 0,
        "size": 25,
        "sort": [{"direction": "RANDOM", "null_handling": "NULLS_SMART", "property": "client_id"}],
        "total_elements": 0,
        "total_pages": 0
    });
    Mock::given(method("GET"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_tokens().await.unwrap();
    let sort = got.sort.as_deref().expect("sort");
    assert_eq!(
        sort,
        [Order {
            direction: Some(OrderDirection::UnknownValue("RANDOM".into())),
            null_handling: Some(OrderNullHandling::UnknownValue("NULLS_SMART".into())),
            property: Some("client_id".into()),
            ..Default::default()
        }]
    );
    assert_eq!(got.content, Some(vec![]));
    assert_eq!(serde_json::to_value(&got).unwrap(), page, "unknown values survive a round trip");

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/auth/tokens", None);
    assert!(!req.url.as_str().contains('?'), "{}", req.url);
}

// ---------------------------------------------------------------------------------------------
// The vendor's error body

#[tokio::test]
async fn not_found_keeps_the_knetik_result_body() {
    let server = MockServer::start().await;
    let error = json!({
        "code": 404,
        "request_id": "9a2f6c1e-3b7d-4e8a-b5c4-d1e2f3a4b5c6",
        "result": [{
            "details": {"username": "ghost", "client_id": "web-app"},
            "field": "username",
            "message": "Token not found for username ghost and client web-app"
        }]
    });
    let raw = serde_json::to_vec(&error).unwrap();
    Mock::given(method("GET"))
        .and(path("/auth/tokens/ghost/web-app"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "9a2f6c1e-3b7d-4e8a-b5c4-d1e2f3a4b5c6")
                .set_body_raw(raw.clone(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_token("ghost", "web-app").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.body(), Some(raw.as_slice()));
    assert_eq!(err.operation(), Some("getToken"));
    let model = err.model::<KnetikResult>().expect("the body is a Knetik Result");
    assert_eq!(
        model,
        &KnetikResult {
            code: Some(404),
            request_id: Some("9a2f6c1e-3b7d-4e8a-b5c4-d1e2f3a4b5c6".into()),
            result: Some(vec![ErrorResource {
                details: Some(json!({"username": "ghost", "client_id": "web-app"})),
                field: Some(Value::from("username")),
                message: Some("Token not found for username ghost and client web-app".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }
    );
    assert_eq!(
        model.result.as_ref().unwrap()[0].message.as_deref(),
        Some("Token not found for username ghost and client web-app")
    );
    #[cfg(feature = "genesys-oauth")]
    assert!(err.model::<apis::genesys::models::ErrorBody>().is_none());

    let apis::Error::Api(api) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.message(), Some("Token not found for username ghost and client web-app"));
    assert_eq!(
        api.headers().get("x-request-id").map(|v| v.to_str().unwrap()),
        Some("9a2f6c1e-3b7d-4e8a-b5c4-d1e2f3a4b5c6")
    );
    let display = err.to_string();
    for needle in ["getToken", "404", "Token not found for username ghost and client web-app"] {
        assert!(display.contains(needle), "Display {display:?} lacks {needle:?}");
    }
}

#[tokio::test]
async fn unauthorized_plain_text_is_an_api_error_without_a_model() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/auth/tokens"))
        .respond_with(ResponseTemplate::new(401).set_body_raw("Unauthorized", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).delete_tokens().username("jdoe").await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.body(), Some(&b"Unauthorized"[..]));
    assert!(err.model::<KnetikResult>().is_none());
    let display = err.to_string();
    assert!(display.contains("deleteTokens") && display.contains("401"), "{display}");
}

//! `apis::google_dataportability` against a loopback server: `authorization.reset` (a literal
//! `:` custom verb, no body sent, `{}` decoded as `()`), all 11 standard query parameters with
//! their wire names, and Google's standard error body.
#![cfg(feature = "google-dataportability")]

use apis::google_dataportability::models::{Alt, Code, ErrorItem, ErrorResponse, Status, Xgafv};
use apis::google_dataportability::{Client, Endpoint};
use apis::serde_json::{self, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const RESET: &str = "/v1/authorization:reset";

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

/// `POST /v1/authorization:reset` with the bearer token and no body (the documented request
/// schema is an empty object, so nothing is sent).
fn assert_reset_request(req: &Request) {
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), RESET, "the `:` of the custom verb is sent literally");
    assert_eq!(header_values(req, "authorization"), ["Bearer TOKEN"]);
    assert!(req.body.is_empty(), "no body is sent, got {:?}", String::from_utf8_lossy(&req.body));
    assert_eq!(header_values(req, "content-type"), Vec::<&str>::new(), "no Content-Type without a body");
}

// ---------------------------------------------------------------------------------------------
// authorization.reset

#[tokio::test]
async fn authorization_reset_without_parameters_sends_no_query_and_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESET))
        .and(header("authorization", "Bearer TOKEN"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let () = client(&server).authorization_reset().send().await.expect("reset");

    let req = only_request(&server).await;
    assert_reset_request(&req);
    assert_eq!(req.url.query(), None);
    assert!(!req.url.as_str().contains('?'), "{}", req.url);
}

#[tokio::test]
async fn authorization_reset_sends_all_eleven_standard_parameters_by_their_wire_names() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESET))
        .and(query_param("$.xgafv", "2"))
        .and(query_param("access_token", "ya29.a0AfB_access"))
        .and(query_param("alt", "media"))
        .and(query_param("callback", "handleReset"))
        .and(query_param("fields", "error(code,message)"))
        .and(query_param("key", "AIzaSyD-example-key"))
        .and(query_param("oauth_token", "ya29.a0AfB_oauth"))
        .and(query_param("prettyPrint", "false"))
        .and(query_param("quotaUser", "user-1234"))
        .and(query_param("upload_protocol", "raw"))
        .and(query_param("uploadType", "media"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let () = client(&server)
        .authorization_reset()
        .xgafv(Xgafv::V2)
        .access_token("ya29.a0AfB_access")
        .alt(Alt::Media)
        .callback("handleReset")
        .fields("error(code,message)")
        .key("AIzaSyD-example-key")
        .oauth_token("ya29.a0AfB_oauth")
        .pretty_print(false)
        .quota_user("user-1234")
        .upload_protocol("raw")
        .upload_type("media")
        .await
        .expect("reset");

    let req = only_request(&server).await;
    assert_reset_request(&req);

    // Decoded: exactly these 11 pairs, each once.
    let mut pairs: Vec<(String, String)> =
        req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    pairs.sort();
    let mut expected: Vec<(String, String)> = [
        ("$.xgafv", "2"),
        ("access_token", "ya29.a0AfB_access"),
        ("alt", "media"),
        ("callback", "handleReset"),
        ("fields", "error(code,message)"),
        ("key", "AIzaSyD-example-key"),
        ("oauth_token", "ya29.a0AfB_oauth"),
        ("prettyPrint", "false"),
        ("quotaUser", "user-1234"),
        ("upload_protocol", "raw"),
        ("uploadType", "media"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    expected.sort();
    assert_eq!(pairs, expected);

    // Raw: 11 segments; `$` may be sent as is or percent-encoded (both decode to `$.xgafv`).
    let raw = req.url.query().expect("a query");
    let segments: Vec<&str> = raw.split('&').collect();
    assert_eq!(segments.len(), 11, "{raw}");
    assert!(segments.contains(&"$.xgafv=2") || segments.contains(&"%24.xgafv=2"), "{raw}");
    for plain in [
        "access_token=ya29.a0AfB_access",
        "alt=media",
        "callback=handleReset",
        "key=AIzaSyD-example-key",
        "oauth_token=ya29.a0AfB_oauth",
        "prettyPrint=false",
        "quotaUser=user-1234",
        "upload_protocol=raw",
        "uploadType=media",
    ] {
        assert!(segments.contains(&plain), "{plain} missing from {raw}");
    }
}

#[tokio::test]
async fn authorization_reset_sends_other_enum_values_and_true() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESET))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).authorization_reset().xgafv(Xgafv::V1).alt(Alt::Proto).pretty_print(true).await.unwrap();

    let req = only_request(&server).await;
    assert_reset_request(&req);
    let pairs: Vec<(String, String)> = req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            ("$.xgafv".to_owned(), "1".to_owned()),
            ("alt".to_owned(), "proto".to_owned()),
            ("prettyPrint".to_owned(), "true".to_owned()),
        ]
    );
}

#[tokio::test]
async fn authorization_reset_accepts_an_empty_2xx_body_too() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(RESET))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let () = client(&server).authorization_reset().await.expect("an empty 204 is `()`");
    assert_reset_request(&only_request(&server).await);
}

#[test]
fn documented_endpoints_have_their_base_urls() {
    assert_eq!(Endpoint::Default.base_url(), "https://dataportability.googleapis.com");
    assert_eq!(Endpoint::Mtls.base_url(), "https://dataportability.mtls.googleapis.com");
    let client = Client::builder().endpoint(Endpoint::Mtls).build().unwrap();
    let debug = format!("{client:?}");
    assert!(debug.contains("https://dataportability.mtls.googleapis.com"), "{debug}");
    let default = format!("{:?}", Client::builder().build().unwrap());
    assert!(default.contains("https://dataportability.googleapis.com"), "{default}");
    assert!(!default.contains("mtls"), "{default}");
}

// ---------------------------------------------------------------------------------------------
// Google's standard error body

#[tokio::test]
async fn permission_denied_keeps_the_google_error_body() {
    let server = MockServer::start().await;
    let error = json!({
        "error": {
            "code": 403,
            "message": "Request had insufficient authentication scopes.",
            "status": "PERMISSION_DENIED",
            "details": [{
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "dataportability.googleapis.com",
                    "method": "google.dataportability.v1.DataPortabilityService.ResetAuthorization"
                }
            }],
            "errors": [{"reason": "insufficientPermissions", "message": "Insufficient Permission"}]
        }
    });
    let raw = serde_json::to_vec_pretty(&error).unwrap();
    Mock::given(method("POST"))
        .and(path(RESET))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header(
                    "www-authenticate",
                    "Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\"",
                )
                .set_body_raw(raw.clone(), "application/json; charset=UTF-8"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).authorization_reset().send().await.unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.body(), Some(raw.as_slice()), "the body is kept byte for byte");
    assert_eq!(err.operation(), Some("dataportability.authorization.reset"));
    let model = err.model::<ErrorResponse>().expect("Google's ErrorResponse");
    let expected = ErrorResponse {
        error: Some(Status {
            code: Some(403),
            message: Some("Request had insufficient authentication scopes.".into()),
            status: Some(Code::PermissionDenied),
            details: Some(vec![json!({
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
                "domain": "googleapis.com",
                "metadata": {
                    "service": "dataportability.googleapis.com",
                    "method": "google.dataportability.v1.DataPortabilityService.ResetAuthorization"
                }
            })]),
            errors: Some(vec![ErrorItem {
                reason: Some("insufficientPermissions".into()),
                message: Some("Insufficient Permission".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(model, &expected);
    assert_eq!(
        model.error.as_ref().and_then(|e| e.message.as_deref()),
        Some("Request had insufficient authentication scopes.")
    );

    let apis::Error::Api(api) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(
        api.headers().get("www-authenticate").map(|v| v.to_str().unwrap()),
        Some("Bearer realm=\"https://accounts.google.com/\", error=\"insufficient_scope\"")
    );
    let display = err.to_string();
    for needle in ["dataportability.authorization.reset", "403", "Request had insufficient authentication scopes."] {
        assert!(display.contains(needle), "Display {display:?} lacks {needle:?}");
    }
}

#[tokio::test]
async fn an_undocumented_status_code_in_the_error_body_survives() {
    let server = MockServer::start().await;
    let error =
        json!({"error": {"code": 400, "message": "Authorization was already reset.", "status": "ALREADY_RESET"}});
    Mock::given(method("POST"))
        .and(path(RESET))
        .respond_with(ResponseTemplate::new(400).set_body_json(error.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).authorization_reset().await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    let model = err.model::<ErrorResponse>().expect("Google's ErrorResponse");
    let status = model.error.as_ref().expect("error");
    assert_eq!(status.status, Some(Code::UnknownValue("ALREADY_RESET".into())));
    assert_eq!(serde_json::to_value(model).unwrap(), error, "the unknown code round-trips");
    assert!(err.to_string().contains("Authorization was already reset."), "{err}");
}

#[tokio::test]
async fn an_html_error_page_is_an_api_error_without_a_model() {
    let server = MockServer::start().await;
    let page = "<!DOCTYPE html><html><title>Error 404 (Not Found)!!1</title></html>";
    Mock::given(method("POST"))
        .and(path(RESET))
        .respond_with(ResponseTemplate::new(404).set_body_raw(page, "text/html; charset=UTF-8"))
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).authorization_reset().await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.body(), Some(page.as_bytes()));
    assert!(err.model::<ErrorResponse>().is_none());
    let display = err.to_string();
    assert!(display.contains("dataportability.authorization.reset") && display.contains("404"), "{display}");
}

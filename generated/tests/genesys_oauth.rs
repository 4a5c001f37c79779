//! `apis::genesys`, group OAuth, against a loopback server: every one of its 13 operations (method,
//! path, query, headers, JSON body, decoded model) and the vendor's `ErrorBody`.
#![cfg(feature = "genesys-oauth")]

use apis::chrono::{DateTime, TimeZone, Utc};
use apis::genesys::Client;
use apis::genesys::models::{
    ApiUsageClientQuery, ApiUsageGranularity, ApiUsageGroupBy, ApiUsageMetric, ApiUsageQueryResult,
    ApiUsageQueryStatus, ApiUsageRow, Cursors, Detail, DomainEntityRef, ErrorBody, Limit, LimitNamespace,
    OAuthAuthorization, OAuthAuthorizationListing, OAuthAuthorizationState, OAuthClient,
    OAuthClientAuthorizedGrantType, OAuthClientEntityListing, OAuthClientRequest, OAuthClientState, OAuthScope,
    OAuthScopeListing, RoleDivision, UsageExecutionResult,
};
use apis::serde_json::{self, Value, json};
use wiremock::matchers::{body_json, header, method, path};
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

/// Every request the server received.
async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request, got {all:#?}");
    all.remove(0)
}

/// All values of header `name`, as text.
fn header_values<'a>(req: &'a Request, name: &str) -> Vec<&'a str> {
    req.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII header")).collect()
}

/// Method, raw path, raw query (`None`: no `?` at all) and the bearer token, exactly.
fn assert_request(req: &Request, method: &str, path: &str, query: Option<&str>) {
    assert_eq!(req.method.as_str(), method, "method");
    assert_eq!(req.url.path(), path, "path");
    assert_eq!(req.url.query(), query, "query of {}", req.url);
    assert_eq!(header_values(req, "authorization"), ["Bearer TOKEN"], "Authorization");
}

/// No request body and no `Content-Type`.
fn assert_no_body(req: &Request) {
    assert!(req.body.is_empty(), "unexpected body: {:?}", String::from_utf8_lossy(&req.body));
    assert_eq!(header_values(req, "content-type"), Vec::<&str>::new(), "Content-Type");
}

/// A JSON body equal to `expected`, with `Content-Type: application/json` and no `null`.
fn assert_json_body(req: &Request, expected: &Value) {
    assert_eq!(header_values(req, "content-type"), ["application/json"], "Content-Type");
    let sent: Value = serde_json::from_slice(&req.body).expect("the body is JSON");
    assert_eq!(&sent, expected, "request body");
    let raw = String::from_utf8_lossy(&req.body);
    assert!(!raw.contains("null"), "optional fields must be omitted, not null: {raw}");
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().expect("a valid instant")
        + apis::chrono::TimeDelta::milliseconds(ms)
}

const CLIENT_ID: &str = "3a8f2c1e-9b7d-4e6a-8c5f-1d2e3f4a5b6c";
const USER_ID: &str = "7f3c9d2a-1b4e-4c8d-9e6f-5a2b3c4d5e6f";

/// A Genesys `OAuthClient` as the API returns it, with every documented field.
fn oauth_client_json() -> Value {
    json!({
        "id": CLIENT_ID,
        "name": "Reporting integration",
        "accessTokenValiditySeconds": 86400,
        "description": "Nightly export of queue statistics",
        "registeredRedirectUri": ["https://reports.example.com/oauth/callback"],
        "secret": "xO3c9hQ_vIYxRk3pD1mZs0bq7c5uJ9wUeT4nLgA2fHk",
        "roleIds": ["a1b2c3d4-0000-4000-8000-000000000001"],
        "dateCreated": "2024-03-14T09:26:53.589Z",
        "dateModified": "2024-04-02T17:05:11Z",
        "createdBy": {"id": USER_ID, "selfUri": format!("/api/v2/users/{USER_ID}")},
        "modifiedBy": {"id": USER_ID, "name": "Jane Admin", "selfUri": format!("/api/v2/users/{USER_ID}")},
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "scope": ["analytics:readonly", "users:readonly"],
        "roleDivisions": [
            {"roleId": "a1b2c3d4-0000-4000-8000-000000000001", "divisionId": "d0d0d0d0-1111-4222-8333-444455556666"}
        ],
        "state": "active",
        "dateToDelete": "2024-12-31T23:59:59.999Z",
        "selfUri": format!("/api/v2/oauth/clients/{CLIENT_ID}")
    })
}

fn user_ref(name: Option<&str>) -> DomainEntityRef {
    DomainEntityRef {
        id: Some(USER_ID.into()),
        name: name.map(Into::into),
        self_uri: Some(format!("/api/v2/users/{USER_ID}")),
        ..Default::default()
    }
}

/// `oauth_client_json()` as the model it must decode to.
fn oauth_client_model() -> OAuthClient {
    OAuthClient {
        id: Some(CLIENT_ID.into()),
        name: "Reporting integration".into(),
        access_token_validity_seconds: Some(86400),
        description: Some("Nightly export of queue statistics".into()),
        registered_redirect_uri: Some(vec!["https://reports.example.com/oauth/callback".into()]),
        secret: Some("xO3c9hQ_vIYxRk3pD1mZs0bq7c5uJ9wUeT4nLgA2fHk".into()),
        role_ids: Some(vec!["a1b2c3d4-0000-4000-8000-000000000001".into()]),
        date_created: Some(at(2024, 3, 14, 9, 26, 53, 589)),
        date_modified: Some(at(2024, 4, 2, 17, 5, 11, 0)),
        created_by: Some(user_ref(None)),
        modified_by: Some(user_ref(Some("Jane Admin"))),
        authorized_grant_type: OAuthClientAuthorizedGrantType::ClientCredentials,
        scope: Some(vec!["analytics:readonly".into(), "users:readonly".into()]),
        role_divisions: Some(vec![RoleDivision::new(
            "a1b2c3d4-0000-4000-8000-000000000001",
            "d0d0d0d0-1111-4222-8333-444455556666",
        )]),
        state: Some(OAuthClientState::Active),
        date_to_delete: Some(at(2024, 12, 31, 23, 59, 59, 999)),
        self_uri: Some(format!("/api/v2/oauth/clients/{CLIENT_ID}")),
        ..Default::default()
    }
}

fn authorization_json(state: &str) -> Value {
    json!({
        "client": {
            "id": CLIENT_ID,
            "name": "Reporting integration",
            "authorizedGrantType": "CODE",
            "scope": ["analytics:readonly"],
            "selfUri": format!("/api/v2/oauth/clients/{CLIENT_ID}")
        },
        "scope": ["analytics:readonly"],
        "roles": ["employee"],
        "resourceOwner": {"id": USER_ID, "selfUri": format!("/api/v2/users/{USER_ID}")},
        "dateCreated": "2023-11-20T08:15:00.123Z",
        "dateModified": "2024-01-05T10:00:00Z",
        "createdBy": {"id": USER_ID, "selfUri": format!("/api/v2/users/{USER_ID}")},
        "modifiedBy": {"id": USER_ID, "name": "Jane Admin", "selfUri": format!("/api/v2/users/{USER_ID}")},
        "pending": false,
        "state": state,
        "selfUri": format!("/api/v2/oauth/authorizations/{CLIENT_ID}")
    })
}

fn authorization_model(state: OAuthAuthorizationState) -> OAuthAuthorization {
    let mut client = OAuthClient::new("Reporting integration", OAuthClientAuthorizedGrantType::Code);
    client.id = Some(CLIENT_ID.into());
    client.scope = Some(vec!["analytics:readonly".into()]);
    client.self_uri = Some(format!("/api/v2/oauth/clients/{CLIENT_ID}"));
    OAuthAuthorization {
        client: Some(client),
        scope: Some(vec!["analytics:readonly".into()]),
        roles: Some(vec!["employee".into()]),
        resource_owner: Some(user_ref(None)),
        date_created: Some(at(2023, 11, 20, 8, 15, 0, 123)),
        date_modified: Some(at(2024, 1, 5, 10, 0, 0, 0)),
        created_by: Some(user_ref(None)),
        modified_by: Some(user_ref(Some("Jane Admin"))),
        pending: Some(false),
        state: Some(state),
        self_uri: Some(format!("/api/v2/oauth/authorizations/{CLIENT_ID}")),
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The 13 operations

#[tokio::test]
async fn delete_oauth_client_sends_delete_and_returns_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/v2/oauth/clients/{CLIENT_ID}")))
        .and(header("authorization", "Bearer TOKEN"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let () = client(&server).delete_oauth_client(CLIENT_ID).await.expect("deleted");

    let req = only_request(&server).await;
    assert_request(&req, "DELETE", &format!("/api/v2/oauth/clients/{CLIENT_ID}"), None);
    assert_no_body(&req);
    assert_eq!(header_values(&req, "accept-language"), Vec::<&str>::new());
}

#[tokio::test]
async fn get_oauth_authorization_sends_accept_language_only_when_set() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/authorizations/{CLIENT_ID}");
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(authorization_json("Authorized")))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let with = client.get_oauth_authorization(CLIENT_ID).accept_language("de-de").send().await.unwrap();
    let without = client.get_oauth_authorization(CLIENT_ID).await.unwrap();
    assert_eq!(with, authorization_model(OAuthAuthorizationState::Authorized));
    assert_eq!(without, authorization_model(OAuthAuthorizationState::Authorized));

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_request(req, "GET", &route, None);
        assert_no_body(req);
    }
    assert_eq!(header_values(&all[0], "accept-language"), ["de-de"]);
    assert_eq!(header_values(&all[1], "accept-language"), Vec::<&str>::new());
}

#[tokio::test]
async fn get_oauth_authorizations_decodes_listing_and_keeps_unknown_state() {
    let server = MockServer::start().await;
    let listing = json!({
        "total": 2,
        "entities": [authorization_json("Revoked"), authorization_json("Suspended")],
        "selfUri": "/api/v2/oauth/authorizations"
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/authorizations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(listing.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let got = client.get_oauth_authorizations().await.unwrap();
    let expected = OAuthAuthorizationListing {
        total: Some(2),
        entities: Some(vec![
            authorization_model(OAuthAuthorizationState::Revoked),
            authorization_model(OAuthAuthorizationState::UnknownValue("Suspended".into())),
        ]),
        self_uri: Some("/api/v2/oauth/authorizations".into()),
        ..Default::default()
    };
    assert_eq!(got, expected);
    // The undocumented state survives a round trip, byte for byte.
    assert_eq!(serde_json::to_value(&got).unwrap(), listing);

    client.get_oauth_authorizations().accept_language("fr-ca").send().await.unwrap();
    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_request(req, "GET", "/api/v2/oauth/authorizations", None);
        assert_no_body(req);
    }
    assert_eq!(header_values(&all[0], "accept-language"), Vec::<&str>::new());
    assert_eq!(header_values(&all[1], "accept-language"), ["fr-ca"]);
}

#[tokio::test]
async fn get_oauth_client_decodes_every_field_and_keeps_unknown_ones() {
    let server = MockServer::start().await;
    let mut body = oauth_client_json();
    body["organization"] = json!({"id": "org-1", "name": "Example Corp"}); // not documented
    body["someFutureFlag"] = json!(true);
    body["roleDivisions"][0]["division"] = json!({"id": "d-1"}); // not documented, in a nested model
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/oauth/clients/{CLIENT_ID}")))
        .and(header("authorization", "Bearer TOKEN"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_oauth_client(CLIENT_ID).send().await.unwrap();
    let mut expected = oauth_client_model();
    expected.unknown_fields.insert("organization".into(), json!({"id": "org-1", "name": "Example Corp"}));
    expected.unknown_fields.insert("someFutureFlag".into(), json!(true));
    assert_eq!(got.unknown_fields, expected.unknown_fields);
    let nested = &got.role_divisions.as_ref().unwrap()[0].unknown_fields;
    assert_eq!(nested.get("division"), Some(&json!({"id": "d-1"})));
    // A read-modify-write loses nothing: every field, documented or not, goes back as it came.
    assert_eq!(serde_json::to_value(&got).unwrap(), body);

    let req = only_request(&server).await;
    assert_request(&req, "GET", &format!("/api/v2/oauth/clients/{CLIENT_ID}"), None);
    assert_no_body(&req);
    assert_eq!(header_values(&req, "accept-language"), Vec::<&str>::new());
}

#[tokio::test]
async fn get_oauth_client_usage_query_result_puts_client_id_then_execution_id() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query/results/exec-42b7");
    let body = json!({
        "results": [{
            "clientId": CLIENT_ID,
            "clientName": "Reporting integration",
            "organizationId": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f",
            "userId": USER_ID,
            "templateUri": "api/v2/analytics/queues/observations/query",
            "httpMethod": "POST",
            "status200": 1520,
            "status300": 0,
            "status400": 12,
            "status500": 1,
            "status429": 3,
            "requests": 1536,
            "date": "2024-05-01T00:00:00Z"
        }],
        "queryStatus": "Complete",
        "cursors": {"before": "MjAyNC0wNC0zMA==", "after": "MjAyNC0wNS0wMg=="}
    });
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_oauth_client_usage_query_result(CLIENT_ID, "exec-42b7").await.unwrap();
    let expected = ApiUsageQueryResult {
        results: Some(vec![ApiUsageRow {
            client_id: Some(CLIENT_ID.into()),
            client_name: Some("Reporting integration".into()),
            organization_id: Some("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f".into()),
            user_id: Some(USER_ID.into()),
            template_uri: Some("api/v2/analytics/queues/observations/query".into()),
            http_method: Some("POST".into()),
            status200: Some(1520),
            status300: Some(0),
            status400: Some(12),
            status500: Some(1),
            status429: Some(3),
            requests: Some(1536),
            date: Some(at(2024, 5, 1, 0, 0, 0, 0)),
            ..Default::default()
        }]),
        query_status: Some(ApiUsageQueryStatus::Complete),
        cursors: Some(Cursors {
            before: Some("MjAyNC0wNC0zMA==".into()),
            after: Some("MjAyNC0wNS0wMg==".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(got, expected);
    assert_eq!(serde_json::to_value(&got).unwrap(), body);

    let req = only_request(&server).await;
    assert_request(&req, "GET", &route, None);
    assert_no_body(&req);
}

#[tokio::test]
async fn get_oauth_client_usage_summary_sends_days_as_given() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/summary");
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .and(wiremock::matchers::query_param("days", "30"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "executionId": "exec-42b7",
            "resultsUri": format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query/results/exec-42b7")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_oauth_client_usage_summary(CLIENT_ID).days("30").send().await.unwrap();
    assert_eq!(
        got,
        UsageExecutionResult {
            execution_id: Some("exec-42b7".into()),
            results_uri: Some(format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query/results/exec-42b7")),
            ..Default::default()
        }
    );
    let req = only_request(&server).await;
    assert_request(&req, "GET", &route, Some("days=30"));
    assert_no_body(&req);
}

#[tokio::test]
async fn get_oauth_client_usage_summary_without_days_sends_no_query() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/summary");
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"executionId": "exec-1"})))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_oauth_client_usage_summary(CLIENT_ID).await.unwrap();
    assert_eq!(
        got,
        UsageExecutionResult { execution_id: Some("exec-1".into()), results_uri: None, ..Default::default() }
    );
    let req = only_request(&server).await;
    // The documented default (7) is the server's business: no `days`, and no `?` at all.
    assert_request(&req, "GET", &route, None);
    assert!(!req.url.as_str().contains('?'), "{}", req.url);
}

#[tokio::test]
async fn get_oauth_clients_decodes_listing_and_keeps_unknown_grant_type() {
    let server = MockServer::start().await;
    let mut second = oauth_client_json();
    second["id"] = json!("5b6c7d8e-0000-4000-8000-00000000abcd");
    second["authorizedGrantType"] = json!("JWT-BEARER"); // not in the documented list
    second["state"] = json!("pending-deletion"); // neither is this
    second["selfUri"] = json!("/api/v2/oauth/clients/5b6c7d8e-0000-4000-8000-00000000abcd");
    let listing = json!({
        "entities": [oauth_client_json(), second],
        "pageSize": 25,
        "pageNumber": 1,
        "total": 2,
        "firstUri": "/api/v2/oauth/clients?pageSize=25&pageNumber=1",
        "lastUri": "/api/v2/oauth/clients?pageSize=25&pageNumber=1",
        "selfUri": "/api/v2/oauth/clients?pageSize=25&pageNumber=1",
        "pageCount": 1
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients"))
        .respond_with(ResponseTemplate::new(200).set_body_json(listing.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).get_oauth_clients().send().await.unwrap();
    let mut second_model = oauth_client_model();
    second_model.id = Some("5b6c7d8e-0000-4000-8000-00000000abcd".into());
    second_model.authorized_grant_type = OAuthClientAuthorizedGrantType::UnknownValue("JWT-BEARER".into());
    second_model.state = Some(OAuthClientState::UnknownValue("pending-deletion".into()));
    second_model.self_uri = Some("/api/v2/oauth/clients/5b6c7d8e-0000-4000-8000-00000000abcd".into());
    let expected = OAuthClientEntityListing {
        entities: Some(vec![oauth_client_model(), second_model]),
        page_size: Some(25),
        page_number: Some(1),
        total: Some(2),
        next_uri: None,
        previous_uri: None,
        last_uri: Some("/api/v2/oauth/clients?pageSize=25&pageNumber=1".into()),
        first_uri: Some("/api/v2/oauth/clients?pageSize=25&pageNumber=1".into()),
        self_uri: Some("/api/v2/oauth/clients?pageSize=25&pageNumber=1".into()),
        page_count: Some(1),
        ..Default::default()
    };
    assert_eq!(got, expected);
    assert_eq!(serde_json::to_value(&got).unwrap(), listing, "unknown enum values round-trip");

    let req = only_request(&server).await;
    assert_request(&req, "GET", "/api/v2/oauth/clients", None);
    assert_no_body(&req);
}

#[tokio::test]
async fn get_oauth_scope_sends_accept_language_only_when_set() {
    let server = MockServer::start().await;
    let body = json!({
        "id": "analytics:readonly",
        "description": "Ermöglicht Lesezugriff auf Analysedaten",
        "selfUri": "/api/v2/oauth/scopes/analytics:readonly"
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes/analytics%3Areadonly"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let expected = OAuthScope {
        id: Some("analytics:readonly".into()),
        description: Some("Ermöglicht Lesezugriff auf Analysedaten".into()),
        self_uri: Some("/api/v2/oauth/scopes/analytics:readonly".into()),
        ..Default::default()
    };
    assert_eq!(client.get_oauth_scope("analytics:readonly").accept_language("de-de").await.unwrap(), expected);
    assert_eq!(client.get_oauth_scope("analytics:readonly").send().await.unwrap(), expected);

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        // `:` is encoded, so the scope id stays one path segment.
        assert_request(req, "GET", "/api/v2/oauth/scopes/analytics%3Areadonly", None);
        assert_no_body(req);
    }
    assert_eq!(header_values(&all[0], "accept-language"), ["de-de"]);
    assert_eq!(header_values(&all[1], "accept-language"), Vec::<&str>::new());
}

#[tokio::test]
async fn get_oauth_scopes_sends_accept_language_only_when_set() {
    let server = MockServer::start().await;
    let body = json!({
        "total": 2,
        "entities": [
            {"id": "users:readonly", "description": "Lesezugriff auf Benutzer", "selfUri": "/api/v2/oauth/scopes/users:readonly"},
            {"id": "analytics", "description": "Analysedaten", "selfUri": "/api/v2/oauth/scopes/analytics"}
        ],
        "selfUri": "/api/v2/oauth/scopes"
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/scopes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server);

    let s = client.get_oauth_scopes().accept_language("de-de").await.unwrap();
    let expected = OAuthScopeListing {
        total: Some(2),
        entities: Some(vec![
            OAuthScope {
                id: Some("users:readonly".into()),
                description: Some("Lesezugriff auf Benutzer".into()),
                self_uri: Some("/api/v2/oauth/scopes/users:readonly".into()),
                ..Default::default()
            },
            OAuthScope {
                id: Some("analytics".into()),
                description: Some("Analysedaten".into()),
                self_uri: Some("/api/v2/oauth/scopes/analytics".into()),
                ..Default::default()
            },
        ]),
        self_uri: Some("/api/v2/oauth/scopes".into()),
        ..Default::default()
    };
    assert_eq!(s, expected);
    assert_eq!(client.get_oauth_scopes().send().await.unwrap(), expected);

    let all = requests(&server).await;
    assert_eq!(all.len(), 2);
    for req in &all {
        assert_request(req, "GET", "/api/v2/oauth/scopes", None);
        assert_no_body(req);
    }
    assert_eq!(header_values(&all[0], "accept-language"), ["de-de"]);
    assert_eq!(header_values(&all[1], "accept-language"), Vec::<&str>::new());
}

#[tokio::test]
async fn post_oauth_client_secret_posts_without_body() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/secret");
    let mut body = oauth_client_json();
    body["secret"] = json!("n3wS3cr3t-9QzV0wXyL2kM8pR4tU6v");
    Mock::given(method("POST"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;

    let got = client(&server).post_oauth_client_secret(CLIENT_ID).send().await.unwrap();
    let mut expected = oauth_client_model();
    expected.secret = Some("n3wS3cr3t-9QzV0wXyL2kM8pR4tU6v".into());
    assert_eq!(got, expected);

    let req = only_request(&server).await;
    assert_request(&req, "POST", &route, None);
    assert_no_body(&req);
}

#[tokio::test]
async fn post_oauth_client_usage_query_sends_the_full_query() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query");
    let wire = json!({
        "interval": "2024-04-01T00:00:00.000Z/2024-05-01T00:00:00.000Z",
        "granularity": "Day",
        "metrics": ["Requests", "Status429", "Status200"],
        "groupBy": ["TemplateUri", "HttpMethod"]
    });
    Mock::given(method("POST"))
        .and(path(route.as_str()))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({
            "executionId": "exec-42b7",
            "resultsUri": format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query/results/exec-42b7")
        })))
        .expect(1)
        .mount(&server)
        .await;

    let mut query = ApiUsageClientQuery::new("2024-04-01T00:00:00.000Z/2024-05-01T00:00:00.000Z");
    query.granularity = Some(ApiUsageGranularity::Day);
    query.metrics = Some(vec![ApiUsageMetric::Requests, ApiUsageMetric::Status429, ApiUsageMetric::Status200]);
    query.group_by = Some(vec![ApiUsageGroupBy::TemplateUri, ApiUsageGroupBy::HttpMethod]);
    let got = client(&server).post_oauth_client_usage_query(CLIENT_ID, query).await.unwrap();
    assert_eq!(
        got,
        UsageExecutionResult {
            execution_id: Some("exec-42b7".into()),
            results_uri: Some(format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query/results/exec-42b7")),
            ..Default::default()
        }
    );

    let req = only_request(&server).await;
    assert_request(&req, "POST", &route, None);
    assert_json_body(&req, &wire);
}

#[tokio::test]
async fn post_oauth_client_usage_query_omits_unset_optional_fields() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}/usage/query");
    let wire = json!({"interval": "2024-04-01T00:00:00Z/2024-04-08T00:00:00Z"});
    Mock::given(method("POST"))
        .and(path(route.as_str()))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"executionId": "exec-7"})))
        .expect(1)
        .mount(&server)
        .await;

    let query = ApiUsageClientQuery::new("2024-04-01T00:00:00Z/2024-04-08T00:00:00Z");
    let got = client(&server).post_oauth_client_usage_query(CLIENT_ID, query).send().await.unwrap();
    assert_eq!(got.execution_id.as_deref(), Some("exec-7"));
    assert_eq!(got.results_uri, None);

    let req = only_request(&server).await;
    assert_request(&req, "POST", &route, None);
    assert_json_body(&req, &wire);
}

#[tokio::test]
async fn post_oauth_clients_sends_only_the_required_fields_of_a_new_request() {
    let server = MockServer::start().await;
    let wire = json!({"name": "my app", "authorizedGrantType": "CLIENT-CREDENTIALS"});
    let mut created = oauth_client_json();
    created["name"] = json!("my app");
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients"))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(200).set_body_json(created))
        .expect(1)
        .mount(&server)
        .await;

    let body = OAuthClientRequest::new("my app", OAuthClientAuthorizedGrantType::ClientCredentials);
    let got = client(&server).post_oauth_clients(body).await.unwrap();
    let mut expected = oauth_client_model();
    expected.name = "my app".into();
    assert_eq!(got, expected);

    let req = only_request(&server).await;
    assert_request(&req, "POST", "/api/v2/oauth/clients", None);
    assert_json_body(&req, &wire);
}

#[tokio::test]
async fn post_oauth_clients_sends_an_undocumented_grant_type_verbatim() {
    let server = MockServer::start().await;
    let wire = json!({"name": "device app", "authorizedGrantType": "DEVICE-CODE", "state": "suspended"});
    let mut created = oauth_client_json();
    created["name"] = json!("device app");
    created["authorizedGrantType"] = json!("DEVICE-CODE");
    created["state"] = json!("suspended");
    Mock::given(method("POST"))
        .and(path("/api/v2/oauth/clients"))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(200).set_body_json(created.clone()))
        .expect(1)
        .mount(&server)
        .await;

    let mut body =
        OAuthClientRequest::new("device app", OAuthClientAuthorizedGrantType::UnknownValue("DEVICE-CODE".into()));
    body.state = Some(OAuthClientState::UnknownValue("suspended".into()));
    let got = client(&server).post_oauth_clients(body).send().await.unwrap();
    assert_eq!(got.authorized_grant_type, OAuthClientAuthorizedGrantType::UnknownValue("DEVICE-CODE".into()));
    assert_eq!(got.state, Some(OAuthClientState::UnknownValue("suspended".into())));
    assert_eq!(serde_json::to_value(&got).unwrap(), created);

    let req = only_request(&server).await;
    assert_request(&req, "POST", "/api/v2/oauth/clients", None);
    assert_json_body(&req, &wire);
}

#[tokio::test]
async fn put_oauth_client_sends_every_field_of_the_request() {
    let server = MockServer::start().await;
    let route = format!("/api/v2/oauth/clients/{CLIENT_ID}");
    let wire = json!({
        "name": "Reporting integration",
        "accessTokenValiditySeconds": 3600,
        "description": "Nightly export of queue statistics",
        "registeredRedirectUri": ["https://reports.example.com/oauth/callback", "http://localhost:8085/callback"],
        "roleIds": ["a1b2c3d4-0000-4000-8000-000000000001"],
        "authorizedGrantType": "CODE",
        "scope": ["analytics:readonly", "users:readonly"],
        "roleDivisions": [
            {"roleId": "a1b2c3d4-0000-4000-8000-000000000001", "divisionId": "d0d0d0d0-1111-4222-8333-444455556666"},
            {"roleId": "a1b2c3d4-0000-4000-8000-000000000002", "divisionId": "*"}
        ],
        "state": "inactive",
        "dateToDelete": "2024-12-31T23:59:59.999Z"
    });
    let mut updated = oauth_client_json();
    updated["accessTokenValiditySeconds"] = json!(3600);
    updated["authorizedGrantType"] = json!("CODE");
    updated["state"] = json!("inactive");
    Mock::given(method("PUT"))
        .and(path(route.as_str()))
        .and(body_json(&wire))
        .respond_with(ResponseTemplate::new(200).set_body_json(updated))
        .expect(1)
        .mount(&server)
        .await;

    let mut body = OAuthClientRequest::new("Reporting integration", OAuthClientAuthorizedGrantType::Code);
    body.access_token_validity_seconds = Some(3600);
    body.description = Some("Nightly export of queue statistics".into());
    body.registered_redirect_uri =
        Some(vec!["https://reports.example.com/oauth/callback".into(), "http://localhost:8085/callback".into()]);
    body.role_ids = Some(vec!["a1b2c3d4-0000-4000-8000-000000000001".into()]);
    body.scope = Some(vec!["analytics:readonly".into(), "users:readonly".into()]);
    body.role_divisions = Some(vec![
        RoleDivision::new("a1b2c3d4-0000-4000-8000-000000000001", "d0d0d0d0-1111-4222-8333-444455556666"),
        RoleDivision::new("a1b2c3d4-0000-4000-8000-000000000002", "*"),
    ]);
    body.state = Some(OAuthClientState::Inactive);
    body.date_to_delete = Some(at(2024, 12, 31, 23, 59, 59, 999));

    let got = client(&server).put_oauth_client(CLIENT_ID, body).send().await.unwrap();
    let mut expected = oauth_client_model();
    expected.access_token_validity_seconds = Some(3600);
    expected.authorized_grant_type = OAuthClientAuthorizedGrantType::Code;
    expected.state = Some(OAuthClientState::Inactive);
    assert_eq!(got, expected);

    let req = only_request(&server).await;
    assert_request(&req, "PUT", &route, None);
    assert_json_body(&req, &wire);
}

// ---------------------------------------------------------------------------------------------
// The vendor's error body

#[tokio::test]
async fn not_found_keeps_status_body_headers_and_the_parsed_error_body() {
    let server = MockServer::start().await;
    let error = json!({
        "message": "Unable to find an OAuth client with id missing-client",
        "code": "not.found",
        "status": 404,
        "messageWithParams": "Unable to find an OAuth client with id {id}",
        "messageParams": {"id": "missing-client"},
        "contextId": "5e1a3c0f-7f7e-4a9c-9d3b-2c7b1e0a9f11",
        "details": [{"errorCode": "oauth.client.not.found", "fieldName": "clientId", "entityId": "missing-client"}],
        "errors": []
    });
    let raw = serde_json::to_vec(&error).unwrap();
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients/missing-client"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("inin-correlation-id", "5e1a3c0f-7f7e-4a9c-9d3b-2c7b1e0a9f11")
                .set_body_raw(raw.clone(), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).get_oauth_client("missing-client").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.body(), Some(raw.as_slice()));
    assert_eq!(err.operation(), Some("getOauthClient"));

    let model: &ErrorBody = err.model::<ErrorBody>().expect("the body is a Genesys ErrorBody");
    let expected = ErrorBody {
        message: Some("Unable to find an OAuth client with id missing-client".into()),
        code: Some("not.found".into()),
        status: Some(404),
        entity_id: None,
        entity_name: None,
        message_with_params: Some("Unable to find an OAuth client with id {id}".into()),
        message_params: Some([("id".to_owned(), "missing-client".to_owned())].into_iter().collect()),
        context_id: Some("5e1a3c0f-7f7e-4a9c-9d3b-2c7b1e0a9f11".into()),
        details: Some(vec![Detail {
            error_code: Some("oauth.client.not.found".into()),
            field_name: Some("clientId".into()),
            entity_id: Some("missing-client".into()),
            entity_name: None,
            ..Default::default()
        }]),
        errors: Some(vec![]),
        limit: None,
        ..Default::default()
    };
    assert_eq!(model, &expected);
    // Another API's error model is not this one.
    #[cfg(feature = "knetik-auth-tokens")]
    assert!(err.model::<apis::knetik::models::Result>().is_none());

    let display = err.to_string();
    for needle in ["getOauthClient", "404", "Unable to find an OAuth client with id missing-client"] {
        assert!(display.contains(needle), "Display {display:?} lacks {needle:?}");
    }

    match &err {
        apis::Error::Api(api) => {
            assert_eq!(api.status().as_u16(), 404);
            assert_eq!(api.operation(), "getOauthClient");
            assert_eq!(api.body(), raw.as_slice());
            assert_eq!(api.message(), Some("Unable to find an OAuth client with id missing-client"));
            assert_eq!(
                api.headers().get("inin-correlation-id").map(|v| v.to_str().unwrap()),
                Some("5e1a3c0f-7f7e-4a9c-9d3b-2c7b1e0a9f11")
            );
            assert_eq!(api.model::<ErrorBody>(), Some(&expected));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn too_many_requests_keeps_retry_after_and_the_limit() {
    let server = MockServer::start().await;
    let error = json!({
        "message": "Rate limit exceeded the maximum. Retry the request in [17] seconds",
        "code": "too.many.requests.retry.after",
        "status": 429,
        "messageParams": {},
        "contextId": "c0ffee00-1234-4abc-8def-000000000429",
        "details": [],
        "errors": [],
        "limit": {"key": "token.rate.per.minute", "namespace": "platform.api", "value": 300}
    });
    Mock::given(method("GET"))
        .and(path("/api/v2/oauth/clients"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "17")
                .insert_header("inin-correlation-id", "c0ffee00-1234-4abc-8def-000000000429")
                .set_body_json(error.clone()),
        )
        .expect(1)
        .mount(&server)
        .await;

    // This test is about what the error keeps; retrying is `tests/resilience.rs`'s subject.
    let err = client(&server).get_oauth_clients().retry(apis::RetryPolicy::none()).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.body().map(|b| serde_json::from_slice::<Value>(b).unwrap()), Some(error));
    let model = err.model::<ErrorBody>().expect("an ErrorBody");
    assert_eq!(model.code.as_deref(), Some("too.many.requests.retry.after"));
    assert_eq!(model.message_params, Some(Default::default()));
    assert_eq!(
        model.limit,
        Some(Limit {
            key: Some("token.rate.per.minute".into()),
            namespace: Some(LimitNamespace::PlatformApi),
            value: Some(300),
            ..Default::default()
        })
    );
    let apis::Error::Api(api) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.headers().get("retry-after").map(|v| v.to_str().unwrap()), Some("17"));
    let display = err.to_string();
    for needle in ["getOauthClients", "429", "Rate limit exceeded the maximum. Retry the request in [17] seconds"] {
        assert!(display.contains(needle), "Display {display:?} lacks {needle:?}");
    }
}

#[tokio::test]
async fn a_plain_text_error_is_still_an_api_error_without_a_model() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/api/v2/oauth/clients/{CLIENT_ID}")))
        .respond_with(
            ResponseTemplate::new(403).set_body_raw("Forbidden: missing permission oauth:client:delete", "text/plain"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let err = client(&server).delete_oauth_client(CLIENT_ID).send().await.unwrap_err();
    assert!(matches!(err, apis::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.body(), Some(&b"Forbidden: missing permission oauth:client:delete"[..]));
    assert!(err.model::<ErrorBody>().is_none());
    let apis::Error::Api(api) = &err else { unreachable!() };
    assert_eq!(api.message(), None);
    assert_eq!(api.headers().get("content-type").map(|v| v.to_str().unwrap()), Some("text/plain"));
    let display = err.to_string();
    assert!(display.contains("deleteOauthClient"), "{display}");
    assert!(display.contains("403"), "{display}");
}

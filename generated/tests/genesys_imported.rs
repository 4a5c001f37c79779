//! `apis::genesys`, groups imported from the vendor's Swagger document (`cargo xtask import`),
//! on the wire against a loopback server, by the document's own paths and parameters: repeated
//! query arrays of enum values (Users), names that are no Rust identifiers (`site.id`),
//! enum values with a `:` (`document:viewContent`), a `text/plain` response (Integrations),
//! date-times without an offset (Architect), a JSON body (Routing), and paging that the
//! importer inferred from the listings' `pageNumber` and `pageCount` (Users).

use apis::genesys::Client;
use apis::genesys::models::{
    AcwSettings, CreateQueueRequest, CreateQueueRequestSkillEvaluationMethod, GetContentmanagementWorkspacesAccess,
    GetUsersExpand, GetUsersSortOrder, GetUsersState, MediaSetting,
};
use apis::serde_json::json;
use futures::TryStreamExt;
use wiremock::matchers::{any, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/loopback.rs"]
mod loopback;
use loopback::{assert_request, body_of, only_request, serve};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .expect("the mock server's URI is a valid base URL")
        .bearer_token("TOKEN")
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn users_listing_sends_repeated_enum_arrays_and_decodes_the_page() {
    let user = json!({"id": "u-1", "name": "Ada", "state": "inactive", "version": 3, "selfUri": "/api/v2/users/u-1",
        "primaryContactInfo": [{"address": "ada@example.com", "mediaType": "EMAIL", "type": "PRIMARY"}], "undocumented": 1});
    let server =
        serve(200, json!({"entities": [user], "pageSize": 10, "pageNumber": 2, "total": 11, "pageCount": 2})).await;
    let page = client(&server)
        .get_users()
        .page_size(10)
        .page_number(2)
        .id(["u-1", "u-2"])
        .sort_order(GetUsersSortOrder::Descending)
        .expand([GetUsersExpand::Presence, GetUsersExpand::Locations])
        .state(GetUsersState::Inactive)
        .await
        .expect("the listing decodes");
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        "/api/v2/users",
        Some(
            "pageSize=10&pageNumber=2&id=u-1&id=u-2&sortOrder=descending&expand=presence&expand=locations&state=inactive",
        ),
    );
    assert_eq!(page.page_count, Some(2));
    let users = page.entities.expect("entities");
    assert_eq!(users[0].name.as_deref(), Some("Ada"));
    assert_eq!(users[0].unknown_fields["undocumented"], json!(1));
    assert_eq!(users[0].primary_contact_info.as_ref().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_dotted_parameter_name_goes_on_the_wire_as_documented() {
    let server = serve(200, json!({"entities": [], "pageCount": 0})).await;
    client(&server).get_telephony_providers_edges_outboundroutes().site_id("site/1 a").await.expect("decodes");
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/api/v2/telephony/providers/edges/outboundroutes", Some("site.id=site%2F1+a"));
}

#[tokio::test]
async fn enum_values_with_colons_round_trip_in_the_query() {
    let server = serve(200, json!({"entities": []})).await;
    client(&server)
        .get_contentmanagement_workspaces()
        .access([
            GetContentmanagementWorkspacesAccess::DocumentViewContent,
            GetContentmanagementWorkspacesAccess::Admin,
        ])
        .await
        .expect("decodes");
    let req = only_request(&server).await;
    let access: Vec<(String, String)> =
        req.url.query_pairs().filter(|(k, _)| k == "access").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(access, [("access".into(), "document:viewContent".into()), ("access".into(), "admin".into())]);
}

#[tokio::test]
async fn a_text_plain_response_is_the_body_s_text() {
    let server = MockServer::start().await;
    let template = "Hello {{name}}, ünïcode and \"quotes\"";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(template.as_bytes(), "text/plain"))
        .mount(&server)
        .await;
    let text = client(&server)
        .get_integrations_action_template("a-1", "request template.vm")
        .await
        .expect("the text comes back");
    assert_eq!(text, template);
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/api/v2/integrations/actions/a-1/templates/request%20template.vm", None);
    assert_eq!(req.headers.get("accept").map(|v| v.to_str().unwrap()), Some("text/plain"));

    // Bytes that are not UTF-8 are a decode error naming the operation, not a panic.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0xff, 0xfe], "text/plain"))
        .mount(&server)
        .await;
    let error = client(&server).get_integrations_action_template("a", "b").await.unwrap_err();
    let shown = error.to_string();
    assert!(shown.contains("getIntegrationsActionTemplate"), "{shown}");
}

#[tokio::test]
async fn local_date_times_decode_without_an_offset() {
    let server = serve(
        200,
        json!({"id": "s-1", "name": "Business hours", "start": "2018-01-01T08:00:00.000", "end": "2018-01-01T17:30:00", "rrule": "FREQ=DAILY"}),
    )
    .await;
    let schedule = client(&server).get_architect_schedule("s-1").await.expect("decodes");
    let start = schedule.start.expect("start");
    assert_eq!(start.to_string(), "2018-01-01 08:00:00");
    assert_eq!(schedule.end.expect("end").to_string(), "2018-01-01 17:30:00");
    assert_request(&only_request(&server).await, "GET", "/api/v2/architect/schedules/s-1", None);
}

#[tokio::test]
async fn a_created_queue_is_sent_as_json() {
    let server = serve(200, json!({"id": "q-1", "name": "Support", "memberCount": 0})).await;
    // The document requires `mediaSettings` (a map), `acwSettings` and `skillEvaluationMethod`.
    let request = CreateQueueRequest {
        name: Some("Support".into()),
        description: Some("Front line".into()),
        media_settings: [(
            "call".to_owned(),
            MediaSetting { alerting_timeout_seconds: Some(8), ..MediaSetting::default() },
        )]
        .into(),
        acw_settings: AcwSettings { timeout_ms: Some(30_000), ..AcwSettings::default() },
        skill_evaluation_method: CreateQueueRequestSkillEvaluationMethod::Best,
        ..CreateQueueRequest::default()
    };
    let queue = client(&server).post_routing_queues(request).await.expect("decodes");
    assert_eq!(queue.id.as_deref(), Some("q-1"));
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/api/v2/routing/queues", None);
    assert_eq!(
        body_of(&req),
        Some(
            json!({"name": "Support", "description": "Front line", "mediaSettings": {"call": {"alertingTimeoutSeconds": 8}},
            "acwSettings": {"timeoutMs": 30000}, "skillEvaluationMethod": "BEST"})
        )
    );
}

#[tokio::test]
async fn imported_listings_page_by_number() {
    let server = MockServer::start().await;
    for page in [1, 2] {
        let body = json!({"entities": [{"id": format!("u-{page}")}], "pageNumber": page, "pageCount": 2});
        Mock::given(query_param("pageNumber", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let users: Vec<_> = client(&server).get_users().page_size(1).items().try_collect().await.expect("both pages");
    let ids: Vec<_> = users.iter().map(|u| u.id.as_deref().unwrap_or_default()).collect();
    assert_eq!(ids, ["u-1", "u-2"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "stops at pageCount");
}

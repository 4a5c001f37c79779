//! `apis::google_dataportability`'s archive operations against a loopback server: each on the
//! wire (`{+name}` reserved expansion with its documented pattern, empty-object bodies not
//! sent, RFC 3339 timestamps, the `State` enum), and hostile names refused before sending.
#![cfg(feature = "google-dataportability")]

use apis::chrono::{TimeZone, Utc};
use apis::google_dataportability::Client;
use apis::google_dataportability::models::{AccessType, InitiatePortabilityArchiveRequest, State};
use apis::serde_json::{Value, json};
use wiremock::MockServer;

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
async fn portability_archive_initiate_sends_the_resources_and_times() {
    let server = serve(200, json!({"archiveJobId": "job-1", "accessType": "ACCESS_TYPE_ONE_TIME"})).await;
    let body = InitiatePortabilityArchiveRequest {
        resources: Some(vec!["myactivity.search".into(), "chrome.autofill".into()]),
        start_time: Some(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()),
        ..Default::default()
    };
    let got = client(&server).portability_archive_initiate(body).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/v1/portabilityArchive:initiate", None);
    assert_eq!(
        body_of(&req),
        Some(json!({"resources": ["myactivity.search", "chrome.autofill"], "startTime": "2025-01-01T00:00:00Z"}))
    );
    assert_eq!(got.archive_job_id.as_deref(), Some("job-1"));
    assert_eq!(got.access_type, Some(AccessType::OneTime));
}

#[tokio::test]
async fn archive_state_keeps_the_slashes_of_its_name_and_decodes_the_urls() {
    let state = json!({
        "name": "archiveJobs/job-1/portabilityArchiveState",
        "state": "COMPLETE",
        "urls": ["https://storage.googleapis.com/a?sig=1", "https://storage.googleapis.com/b?sig=2"],
        "exportTime": "2025-02-03T04:05:06.789Z"
    });
    let server = serve(200, state.clone()).await;
    let got = client(&server)
        .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/v1/archiveJobs/job-1/portabilityArchiveState", None);
    assert_eq!(got.state, Some(State::Complete));
    assert_eq!(got.urls.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        got.export_time,
        Some(Utc.with_ymd_and_hms(2025, 2, 3, 4, 5, 6).unwrap() + apis::chrono::Duration::milliseconds(789))
    );
}

#[tokio::test]
async fn retry_and_cancel_send_their_verb_after_the_name_and_no_body() {
    let server = serve(200, json!({"archiveJobId": "job-2"})).await;
    let got = client(&server).archive_jobs_retry("archiveJobs/job-1").await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/v1/archiveJobs/job-1:retry", None);
    assert_eq!(body_of(&req), None, "RetryPortabilityArchiveRequest is an empty object: nothing is sent");
    assert_eq!(got.archive_job_id.as_deref(), Some("job-2"));

    let server = serve(200, json!({})).await;
    client(&server).archive_jobs_cancel("archiveJobs/job-1").await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/v1/archiveJobs/job-1:cancel", None);
    assert_eq!(body_of(&req), None);
}

#[tokio::test]
async fn access_type_check_decodes_both_lists() {
    let server = serve(200, json!({"oneTimeResources": ["myactivity.search"], "timeBasedResources": []})).await;
    let got = client(&server).access_type_check().await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/v1/accessType:check", None);
    assert_eq!(body_of(&req), None);
    assert_eq!(got.one_time_resources, Some(vec!["myactivity.search".to_owned()]));
    assert_eq!(got.time_based_resources, Some(Vec::new()));
}

#[tokio::test]
async fn a_name_that_would_leave_its_place_or_break_the_pattern_sends_nothing() {
    let server = serve(200, Value::Null).await;
    let c = client(&server);
    for hostile in [
        "",
        "archiveJobs",
        "archiveJobs/",
        "archiveJobs/../authorization:reset",
        "archiveJobs/./x",
        "archiveJobs//x",
        "archiveJobs/1/extra",
        "archiveJobs/1?alt=media",
        "archiveJobs/1#frag",
        "otherJobs/1",
        "/archiveJobs/1",
    ] {
        let err = c.archive_jobs_retry(hostile).await.unwrap_err();
        assert!(matches!(err, apis::Error::InvalidRequest { .. }), "{hostile:?}: {err}");
        assert!(err.to_string().contains("name"), "{err}");
    }
    let err = c.archive_jobs_get_portability_archive_state("archiveJobs/1").await.unwrap_err();
    assert!(err.to_string().contains("^archiveJobs/[^/]+/portabilityArchiveState$"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing refused was sent");
}

//! The Data Portability workflow end to end, against a loopback server in tokio's paused
//! time: initiate an archive, wait for it (`wait_until_complete`: backoff, `Retry-After`,
//! the deadline, the final states, dropping), read the signed URLs, reset the authorization.
//! Each test counts the polls and the virtual time they took.
//!
//! With the clock paused, tokio jumps to the next timer whenever the test idles, so the
//! clients have no timer that could fire meanwhile (no timeout, no idle-connection expiry).
#![cfg(feature = "google-dataportability")]

use std::future::IntoFuture as _;
use std::time::Duration;

use apis::google_dataportability::Client;
use apis::google_dataportability::models::{InitiatePortabilityArchiveRequest, State};
use apis::serde_json::{Value, json};
use tokio::time::Instant;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const STATE: &str = "/v1/archiveJobs/job-1/portabilityArchiveState";

fn client(server: &MockServer) -> Client {
    let http = apis::reqwest::Client::builder().pool_idle_timeout(None).build().expect("HTTP client");
    let builder = Client::builder().base_url(server.uri()).expect("base URL").http_client(http).no_timeout();
    builder.bearer_token("TOKEN").build().expect("client")
}

fn state(state: &str) -> Value {
    json!({"name": "archiveJobs/job-1/portabilityArchiveState", "state": state})
}

/// The state endpoint answers `first` `times` times, then `then`.
async fn states(server: &MockServer, first: ResponseTemplate, times: u64, then: Option<ResponseTemplate>) {
    Mock::given(method("GET")).and(path(STATE)).respond_with(first).up_to_n_times(times).mount(server).await;
    if let Some(then) = then {
        Mock::given(method("GET")).and(path(STATE)).respond_with(then).mount(server).await;
    }
}

async fn polls(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().iter().filter(|r| r.url.path() == STATE).count()
}

#[tokio::test(start_paused = true)]
async fn initiate_wait_download_reset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/portabilityArchive:initiate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"archiveJobId": "job-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let done = json!({
        "name": "archiveJobs/job-1/portabilityArchiveState", "state": "COMPLETE",
        "urls": ["https://storage.googleapis.com/a?sig=1", "https://storage.googleapis.com/b?sig=2"]
    });
    let in_progress = ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS"));
    states(&server, in_progress, 2, Some(ResponseTemplate::new(200).set_body_json(done))).await;
    Mock::given(method("POST"))
        .and(path("/v1/authorization:reset"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let started = Instant::now();
    let body =
        InitiatePortabilityArchiveRequest { resources: Some(vec!["myactivity.search".into()]), ..Default::default() };
    let job = client.portability_archive_initiate(body).await.unwrap();
    let name = format!("archiveJobs/{}/portabilityArchiveState", job.archive_job_id.unwrap());
    let archive = client
        .archive_jobs_get_portability_archive_state(name)
        .wait_until_complete(Duration::from_secs(3600))
        .await
        .unwrap();
    assert_eq!(archive.state, Some(State::Complete));
    assert_eq!(archive.urls.as_ref().map(Vec::len), Some(2));
    client.authorization_reset().await.unwrap();

    assert_eq!(polls(&server).await, 3);
    // Polled at 0 s, then after 2 s, then after 4 more.
    assert_eq!(started.elapsed().as_secs(), 6);
}

#[tokio::test(start_paused = true)]
async fn a_failed_or_cancelled_archive_is_an_error_that_says_which() {
    for final_state in ["FAILED", "CANCELLED"] {
        let server = MockServer::start().await;
        let in_progress = ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS"));
        states(&server, in_progress, 1, Some(ResponseTemplate::new(200).set_body_json(state(final_state)))).await;
        let err = client(&server)
            .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
            .wait_until_complete(Duration::from_secs(3600))
            .await
            .unwrap_err();
        match &err {
            apis::Error::Wait { state, .. } => assert_eq!(state.as_deref(), Some(final_state)),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains(final_state), "{err}");
        assert_eq!(polls(&server).await, 2);
    }
}

#[tokio::test(start_paused = true)]
async fn the_wait_stops_at_the_deadline_with_one_last_poll_there() {
    let server = MockServer::start().await;
    states(&server, ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS")), u64::MAX, None).await;
    let started = Instant::now();
    let err = client(&server)
        .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
        .wait_until_complete(Duration::from_secs(10))
        .await
        .unwrap_err();
    match &err {
        apis::Error::Wait { state, .. } => assert_eq!(*state, None),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("still not state `COMPLETE` after 10s"), "{err}");
    // At 0, 2, 6 and 10 s (the last delay cut to the deadline).
    assert_eq!(polls(&server).await, 4);
    assert_eq!(started.elapsed().as_secs(), 10);
}

#[tokio::test(start_paused = true)]
async fn the_delay_doubles_up_to_its_cap_and_a_retry_after_is_honoured() {
    let server = MockServer::start().await;
    let asked = ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS")).insert_header("Retry-After", "30");
    states(&server, asked, 1, None).await;
    let in_progress = ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS"));
    states(&server, in_progress, 3, Some(ResponseTemplate::new(200).set_body_json(state("COMPLETE")))).await;
    let started = Instant::now();
    client(&server)
        .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
        .wait_until_complete(Duration::from_secs(3600))
        .min_delay(Duration::from_secs(1))
        .max_delay(Duration::from_secs(3))
        .await
        .unwrap();
    // 30 s as asked, then the backoff's 2 s (it doubled from 1 s), 3 s (capped), 3 s.
    assert_eq!(polls(&server).await, 5);
    assert_eq!(started.elapsed().as_secs(), 30 + 2 + 3 + 3);
}

/// In real time, with short delays: a paused clock would jump past the polls while the test
/// waits for them.
#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let server = MockServer::start().await;
    states(&server, ResponseTemplate::new(200).set_body_json(state("IN_PROGRESS")), u64::MAX, None).await;
    let waiting = client(&server)
        .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
        .wait_until_complete(Duration::from_secs(3600))
        .min_delay(Duration::from_millis(20))
        .max_delay(Duration::from_millis(20));
    let task = tokio::spawn(waiting.into_future());
    while polls(&server).await < 2 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    task.abort();
    let _ = task.await;
    let seen = polls(&server).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(polls(&server).await, seen, "nothing more once dropped");
}

#[tokio::test(start_paused = true)]
async fn a_state_that_echoes_the_token_is_not_shown_in_the_error() {
    let server = MockServer::start().await;
    states(&server, ResponseTemplate::new(200).set_body_json(state("TOKEN")), u64::MAX, None).await;
    let err = client(&server)
        .archive_jobs_get_portability_archive_state("archiveJobs/job-1/portabilityArchiveState")
        .wait_until_complete(Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(!format!("{err} {err:?}").contains("TOKEN"), "{err:?}");
}

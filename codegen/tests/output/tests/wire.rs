//! The wire forms the real specs do not use yet, on a loopback server: comma-separated array
//! parameters (query and header), an optional body named as its page names it, opaque models
//! (JSON kept whole both ways) and secret model fields.

use codegen_fixtures::wire::Client;
use codegen_fixtures::wire::models::{JobsBatchGetExpand, Settings, State, Undocumented};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn serve(body: Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).expect("a valid base URL").bearer_token("TOKEN").build().expect("builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.expect("recording is on");
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[tokio::test]
#[allow(deprecated, reason = "the fixture documents batchGet as deprecated; its wire form is under test")]
async fn csv_arrays_go_as_one_value_and_multi_arrays_repeat() {
    let server = serve(json!([])).await;
    client(&server)
        .jobs_batch_get(["a", "b,c"], "req-1")
        .states([State::Running, State::UnknownValue("paused".into())])
        .expand([JobsBatchGetExpand::Images, JobsBatchGetExpand::Details])
        .x_tags(["t1", "t2"])
        .await
        .unwrap();
    let req = only_request(&server).await;
    // `ids` repeats (multi); `states` is one comma-separated value whose elements are each
    // encoded (a `,` inside one would be `%2C`); `expand`, an inline enum, repeats.
    assert_eq!(req.url.query(), Some("ids=a&ids=b%2Cc&states=running,paused&expand=images&expand=details"));
    let tags: Vec<_> = req.headers.get_all("x-tags").iter().map(|v| v.to_str().unwrap()).collect();
    assert_eq!(tags, ["t1, t2"]);
}

#[tokio::test]
#[allow(deprecated, reason = "the fixture documents batchGet as deprecated; its wire form is under test")]
async fn an_empty_csv_array_sends_the_key_with_no_value() {
    let server = serve(json!([])).await;
    client(&server).jobs_batch_get(["a"], "req-1").states(Vec::<State>::new()).await.unwrap();
    assert_eq!(only_request(&server).await.url.query(), Some("ids=a&states="));
}

#[tokio::test]
async fn an_optional_body_is_sent_only_when_set_under_its_wire_names() {
    let server = serve(json!({"anything": [1, 2, {"x": null}]})).await;
    let got: Undocumented = client(&server).jobs_patch("j-1").await.unwrap();
    let req = only_request(&server).await;
    assert!(req.body.is_empty(), "no body without the setter");
    assert!(req.headers.get("content-type").is_none());
    // The opaque response is the JSON, whole.
    assert_eq!(got, Undocumented(json!({"anything": [1, 2, {"x": null}]})));

    let server = serve(json!(null)).await;
    let mut settings = Settings::new("Nightly", "tok-123");
    settings.password = Some("hunter2".into());
    client(&server).jobs_patch("j-1").new_settings(settings).await.unwrap();
    let req = only_request(&server).await;
    let body: Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body, json!({"display_name": "Nightly", "token": "tok-123", "password": "hunter2"}));
}

#[tokio::test]
async fn an_opaque_request_body_goes_as_given() {
    let server = serve(json!({})).await;
    let body = json!({"mode": "fast", "limits": {"cpu": 2}});
    client(&server).jobs_configure("j-1", Undocumented::from(body.clone())).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(serde_json::from_slice::<Value>(&req.body).unwrap(), body);
}

#[test]
fn secret_fields_never_show_in_debug() {
    let mut settings = Settings::new("Nightly", "tok-123");
    settings.password = Some("hunter2".into());
    let shown = format!("{settings:?} {settings:#?}");
    assert!(!shown.contains("tok-123") && !shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("Nightly") && shown.contains("<redacted>"), "{shown}");
    settings.password = None;
    assert!(format!("{settings:?}").contains("password: None"));
}

#[tokio::test]
async fn reserved_expansion_keeps_slashes_and_refuses_what_would_leave_its_place() {
    let job = json!({"id": "1", "state": "running"});
    let server = serve(job.clone()).await;
    client(&server).jobs_retry("jobs/a b").await.unwrap();
    let req = only_request(&server).await;
    // Two segments, each encoded; the literal `:retry` after them.
    assert_eq!(req.url.path(), "/v1/jobs/a%20b:retry");

    let server = serve(job.clone()).await;
    for hostile in [
        "",
        "jobs",
        "jobs/",
        "jobs//x",
        "jobs/..",
        "jobs/.",
        "../jobs/1",
        "jobs/1/extra",
        "jobs/1?x=1",
        "jobs/1#f",
        "other/1",
    ] {
        let err = client(&server).jobs_retry(hostile).await.unwrap_err();
        assert!(matches!(err, apis_runtime::Error::InvalidRequest { .. }), "{hostile:?}: {err:?}");
    }
    // Without a pattern the value may have any segments, but none that leaves its place.
    client(&server).jobs_locate("p1", "a/b/c").await.unwrap();
    for (project, name) in [("p/1", "a"), ("p1", "a/../b"), ("p1", "a//b"), ("p1", ""), ("", "a"), ("p1", "a?b")] {
        let err = client(&server).jobs_locate(project, name).await.unwrap_err();
        assert!(matches!(err, apis_runtime::Error::InvalidRequest { .. }), "{project:?} {name:?}: {err:?}");
    }
    let all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 1, "nothing refused was sent: {all:#?}");
    assert_eq!(all[0].url.path(), "/v1/projects/p1/a/b/c");
}

fn job_page(ids: &[&str], after: Option<&str>) -> Value {
    let entities: Vec<Value> = ids.iter().map(|id| json!({"id": id, "state": "done"})).collect();
    match after {
        Some(after) => json!({"entities": entities, "cursors": {"after": after}}),
        None => json!({"entities": entities, "cursors": {}}),
    }
}

#[tokio::test]
async fn a_cursor_listing_follows_each_next_cursor_until_there_is_none() {
    use futures::TryStreamExt as _;
    let server = MockServer::start().await;
    let page = |query: Option<&str>, body: Value| {
        let mock = match query {
            Some(after) => Mock::given(wiremock::matchers::query_param("after", after)),
            None => Mock::given(wiremock::matchers::query_param_is_missing("after")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
    };
    page(None, job_page(&["a", "b"], Some("c1"))).mount(&server).await;
    page(Some("c1"), job_page(&["c"], Some("c2"))).mount(&server).await;
    page(Some("c2"), job_page(&["d"], None)).mount(&server).await;
    let ids: Vec<String> =
        client(&server).jobs_list().page_size(2).items().map_ok(|job| job.id).try_collect().await.unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let asked: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == "after").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(asked, [None, Some("c1".to_owned()), Some("c2".to_owned())]);

    // Starting from a cursor the caller has.
    let ids: Vec<String> =
        client(&server).jobs_list().after("c2").items().map_ok(|job| job.id).try_collect().await.unwrap();
    assert_eq!(ids, ["d"]);
}

#[tokio::test]
async fn a_cursor_named_again_ends_the_listing_with_an_error() {
    use futures::StreamExt as _;
    let server = serve(job_page(&["a"], Some("same"))).await;
    let results: Vec<_> = client(&server).jobs_list().pages().collect().await;
    // The first page names `same`; the page at `same` names it again: an error, not a loop.
    assert_eq!(results.len(), 2, "{results:?}");
    assert!(matches!(results[1], Err(apis_runtime::Error::Paging { .. })), "{:?}", results[1]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_cursor_that_echoes_the_token_is_not_shown_in_the_error() {
    use futures::StreamExt as _;
    let server = serve(job_page(&["a"], Some("TOKEN"))).await;
    let results: Vec<_> = client(&server).jobs_list().pages().collect().await;
    let err = results.last().unwrap().as_ref().unwrap_err();
    assert!(!format!("{err} {err:?}").contains("TOKEN"), "{err:?}");
}

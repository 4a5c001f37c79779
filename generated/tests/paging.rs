//! `.pages()` and `.items()` against loopback servers that page as Genesys (`pageNumber`,
//! `pageCount`, `nextUri`) and Knetik (`page`, a Spring-style page with `last`) do: 0, 1 and
//! many pages, a short last page, a page count that changes while paging, a page that fails
//! once, stopping early, and servers that repeat a page. Each test counts the requests.
#![cfg(all(feature = "genesys-locations", feature = "knetik-currencies"))]

use apis::serde_json::{Value, json};
use futures::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn genesys(server: &MockServer) -> apis::genesys::Client {
    let builder = apis::genesys::Client::builder().base_url(server.uri()).expect("a valid base URL");
    builder.bearer_token("TOKEN").build().expect("builds")
}

fn knetik(server: &MockServer) -> apis::knetik::Client {
    let builder = apis::knetik::Client::builder().base_url(server.uri()).expect("a valid base URL");
    builder.bearer_token("TOKEN").build().expect("builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The value of query parameter `name` of each request, in order.
async fn asked(server: &MockServer, name: &str) -> Vec<String> {
    requests(server)
        .await
        .iter()
        .map(|r| r.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default())
        .collect()
}

/// A Genesys listing page: `ids` as locations, the page's number and the page count (with a
/// `nextUri` unless it is the last).
fn genesys_page(number: u32, count: u32, ids: &[&str]) -> Value {
    let entities: Vec<Value> = ids.iter().map(|id| json!({"id": id, "name": format!("Location {id}")})).collect();
    let mut page = json!({"entities": entities, "pageSize": 2, "pageNumber": number, "pageCount": count, "total": 5});
    if number < count {
        page["nextUri"] = json!(format!("/api/v2/locations?pageNumber={}", number + 1));
    }
    page
}

async fn mount_genesys_page(server: &MockServer, number: u32, body: Value) {
    Mock::given(method("GET"))
        .and(path("/api/v2/locations"))
        .and(query_param("pageNumber", number.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// A Knetik page of currency codes.
fn knetik_page(number: u32, total_pages: u32, codes: &[&str], last: bool) -> Value {
    let content: Vec<Value> = codes.iter().map(|c| json!({"code": c, "factor": 1.0, "name": c})).collect();
    json!({"content": content, "number": number, "size": 2, "last": last, "total_pages": total_pages, "first": number == 1})
}

async fn mount_knetik_page(server: &MockServer, number: u32, body: Value) {
    Mock::given(method("GET"))
        .and(path("/currencies"))
        .and(query_param("page", number.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn genesys_items_walk_every_page_once_with_the_callers_parameters() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 3, &["a", "b"])).await;
    mount_genesys_page(&server, 2, genesys_page(2, 3, &["c", "d"])).await;
    mount_genesys_page(&server, 3, genesys_page(3, 3, &["e"])).await; // a short last page
    let ids: Vec<String> = genesys(&server)
        .get_locations()
        .page_size(2)
        .sort_order(apis::genesys::models::GetLocationsSortOrder::Asc)
        .items()
        .map_ok(|location| location.id.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2", "3"]);
    // Every page keeps the caller's other parameters.
    assert!(asked(&server, "pageSize").await.iter().all(|s| s == "2"));
    assert!(asked(&server, "sortOrder").await.iter().all(|s| s == "asc"));
}

#[tokio::test]
async fn pages_give_each_response_with_its_status_and_start_where_the_request_says() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 2, genesys_page(2, 3, &["c", "d"])).await;
    mount_genesys_page(&server, 3, genesys_page(3, 3, &["e"])).await;
    let pages: Vec<_> = genesys(&server).get_locations().page_number(2).pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].status(), 200);
    assert_eq!(pages[1].page_number, Some(3));
    assert_eq!(asked(&server, "pageNumber").await, ["2", "3"]);
}

#[tokio::test]
async fn an_empty_listing_is_one_request_and_no_items() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, json!({"entities": [], "pageNumber": 1, "pageCount": 0, "total": 0})).await;
    let items: Vec<_> = genesys(&server).get_locations().items().try_collect().await.unwrap();
    assert!(items.is_empty());
    let pages: Vec<_> = genesys(&server).get_locations().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 1, "the one (empty) page is given");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn one_page_is_one_request() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 1, &["a"])).await;
    let items: Vec<_> = genesys(&server).get_locations().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(asked(&server, "pageNumber").await, ["1"]);
}

#[tokio::test]
async fn stopping_early_sends_no_further_request() {
    let server = MockServer::start().await;
    for n in 1..=50 {
        mount_genesys_page(&server, n, genesys_page(n, 50, &["x", "y"])).await;
    }
    let mut items = genesys(&server).get_locations().items();
    for _ in 0..3 {
        items.try_next().await.unwrap().expect("an item");
    }
    drop(items);
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2"], "page 2 only for its first item, page 3 never");

    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 50, &["x", "y"])).await;
    let first: Vec<_> = genesys(&server).get_locations().pages().take(1).try_collect().await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_page_count_that_grows_while_paging_is_followed() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 2, &["a", "b"])).await;
    // Someone added locations: page 2 now says there are three pages.
    mount_genesys_page(&server, 2, genesys_page(2, 3, &["c", "d"])).await;
    mount_genesys_page(&server, 3, genesys_page(3, 3, &["e"])).await;
    let items: Vec<_> = genesys(&server).get_locations().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_page_that_fails_once_is_retried_as_a_single_call_is() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 2, &["a", "b"])).await;
    Mock::given(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_genesys_page(&server, 2, genesys_page(2, 2, &["c"])).await;
    let items: Vec<_> = genesys(&server).get_locations().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2", "2"]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_given() {
    let server = MockServer::start().await;
    mount_genesys_page(&server, 1, genesys_page(1, 3, &["a", "b"])).await;
    Mock::given(query_param("pageNumber", "2"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "gone", "status": 404})))
        .mount(&server)
        .await;
    let results: Vec<_> = genesys(&server).get_locations().items().collect().await;
    assert_eq!(results.len(), 3, "two items, then the error, then nothing: {results:?}");
    assert_eq!(results[2].as_ref().unwrap_err().status(), Some(404));
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2"]);
}

#[tokio::test]
async fn a_server_that_answers_another_page_number_ends_with_an_error() {
    let server = MockServer::start().await;
    // The server ignores `pageNumber` and always answers page 1 of 9.
    Mock::given(path("/api/v2/locations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(genesys_page(1, 9, &["a", "b"])))
        .mount(&server)
        .await;
    let results: Vec<_> = genesys(&server).get_locations().pages().collect().await;
    assert_eq!(results.len(), 2);
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err, apis::Error::Paging { .. }), "{err:?}");
    assert!(err.to_string().contains("asked for page 2, the server answered page 1"), "{err}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn knetik_pages_until_last_and_a_short_last_page_ends_it() {
    let server = MockServer::start().await;
    mount_knetik_page(&server, 1, knetik_page(1, 2, &["GEM", "GLD"], false)).await;
    mount_knetik_page(&server, 2, knetik_page(2, 2, &["SLV"], true)).await;
    let codes: Vec<String> =
        knetik(&server).get_currencies().size(2).items().map_ok(|c| c.code).try_collect().await.unwrap();
    assert_eq!(codes, ["GEM", "GLD", "SLV"]);
    assert_eq!(asked(&server, "page").await, ["1", "2"]);
    assert!(asked(&server, "size").await.iter().all(|s| s == "2"));
}

#[tokio::test]
async fn a_server_that_repeats_a_page_ends_with_an_error_not_an_endless_stream() {
    let server = MockServer::start().await;
    // Every page is the same, never the last.
    Mock::given(path("/currencies"))
        .respond_with(ResponseTemplate::new(200).set_body_json(knetik_page(1, 99, &["GEM"], false)))
        .mount(&server)
        .await;
    let results: Vec<_> = knetik(&server).get_currencies().items().collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    let err = results[1].as_ref().unwrap_err();
    assert!(matches!(err, apis::Error::Paging { .. }), "{err:?}");
    assert_eq!(err.operation(), Some("getCurrencies"));
    assert_eq!(asked(&server, "page").await, ["1", "2"]);
}

#[tokio::test]
async fn pages_and_items_are_send_and_unpin() {
    fn assert_send_unpin<T: Send + Unpin>(_: &T) {}
    let server = MockServer::start().await;
    let pages = genesys(&server).get_locations().pages();
    let items = knetik(&server).get_currencies().items();
    assert_send_unpin(&pages);
    assert_send_unpin(&items);
    // Spawned, as a caller might.
    mount_genesys_page(&server, 1, genesys_page(1, 1, &["a"])).await;
    let handle = tokio::spawn(async move { pages.try_collect::<Vec<_>>().await.map(|p| p.len()) });
    assert_eq!(handle.await.unwrap().unwrap(), 1);
}

#[tokio::test]
async fn the_page_count_decides_when_a_page_leaves_out_its_next_link() {
    let server = MockServer::start().await;
    let mut first = genesys_page(1, 2, &["a", "b"]);
    first.as_object_mut().unwrap().remove("nextUri");
    mount_genesys_page(&server, 1, first).await;
    mount_genesys_page(&server, 2, genesys_page(2, 2, &["c"])).await;
    let items: Vec<_> = genesys(&server).get_locations().items().try_collect().await.unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(asked(&server, "pageNumber").await, ["1", "2"]);
}

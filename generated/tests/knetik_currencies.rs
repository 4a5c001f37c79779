//! `apis::knetik`, group Currencies, against a loopback server: every one of its 5 operations on
//! the wire: the optional bodies (sent only when set), the snake_case wire names the pages
//! show in camelCase, the inline enum `filterType`, and the `Result` error body.
#![cfg(feature = "knetik-currencies")]

use apis::knetik::Client;
use apis::knetik::models::{
    CurrencyResource, CurrencyResourceType, GetCurrenciesFilterType, OrderDirection, PageResourceCurrencyResource,
    Result as KnetikResult,
};
use apis::serde_json::{self, Value, json};
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

/// A currency as the server sends it: snake_case keys (the page shows `createdDate`).
fn currency_json() -> Value {
    json!({
        "active": true,
        "code": "GEM",
        "created_date": 1_500_000_000_i64,
        "default_currency": false,
        "factor": 0.01,
        "icon": "https://cdn.example/gem.png",
        "name": "Gems",
        "type": "virtual",
        "updated_date": 1_600_000_000_i64
    })
}

fn gems() -> CurrencyResource {
    CurrencyResource {
        active: Some(true),
        created_date: Some(1_500_000_000),
        default_currency: Some(false),
        icon: Some("https://cdn.example/gem.png".into()),
        type_: Some(CurrencyResourceType::Virtual),
        updated_date: Some(1_600_000_000),
        ..CurrencyResource::new("GEM", 0.01, "Gems")
    }
}

#[tokio::test]
async fn create_currency_sends_no_body_until_the_currency_is_set() {
    let server = serve(200, currency_json()).await;
    let got = client(&server).create_currency().await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/currencies", None);
    assert_eq!(body_of(&req), None);
    assert_eq!(got, gems());

    let server = serve(200, currency_json()).await;
    client(&server).create_currency().currency(gems()).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/currencies", None);
    // Every key as the server spells it: `created_date`, not the page's `createdDate`.
    assert_eq!(body_of(&req), Some(currency_json()));
}

#[tokio::test]
async fn delete_currency_puts_the_code_in_the_path() {
    let server = serve(204, Value::Null).await;
    let () = client(&server).delete_currency("GEM/2").await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "DELETE", "/currencies/GEM%2F2", None);
    assert_eq!(body_of(&req), None);
}

#[tokio::test]
async fn get_currencies_sends_snake_case_query_names_and_the_enum_value() {
    let page = json!({
        "content": [currency_json()],
        "first": true, "last": true, "number": 1, "number_of_elements": 1, "size": 25,
        "sort": [{"direction": "ASC", "property": "name", "ignore_case": false}],
        "total_elements": 1, "total_pages": 1
    });
    let server = serve(200, page.clone()).await;
    let got: PageResourceCurrencyResource = client(&server).get_currencies().await.unwrap();
    assert_request(&only_request(&server).await, "GET", "/currencies", None);
    assert_eq!(got.content, Some(vec![gems()]));
    assert_eq!(
        (got.number, got.number_of_elements, got.total_elements, got.total_pages),
        (Some(1), Some(1), Some(1), Some(1))
    );
    assert_eq!(got.sort.as_ref().unwrap()[0].direction, Some(OrderDirection::Asc));
    assert_eq!(serde_json::to_value(&got).unwrap(), page);

    let server = serve(200, page).await;
    client(&server)
        .get_currencies()
        .filter_default(false)
        .filter_enabled_currencies(true)
        .filter_type(GetCurrenciesFilterType::Virtual)
        .size(10)
        .page(2)
        .order("code:DESC")
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        "/currencies",
        Some(
            "filter_default=false&filter_enabled_currencies=true&filter_type=virtual&size=10&page=2&order=code%3ADESC",
        ),
    );
}

#[tokio::test]
async fn get_currency_decodes_snake_case_keys() {
    let server = serve(200, currency_json()).await;
    let got = client(&server).get_currency("GEM").await.unwrap();
    assert_request(&only_request(&server).await, "GET", "/currencies/GEM", None);
    assert_eq!(got, gems());
}

#[tokio::test]
async fn update_currency_sends_the_body_only_when_set() {
    let server = serve(204, Value::Null).await;
    let () = client(&server).update_currency("GEM").await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "PUT", "/currencies/GEM", None);
    assert_eq!(body_of(&req), None);

    let server = serve(204, Value::Null).await;
    let mut renamed = gems();
    renamed.name = "Gemstones".into();
    client(&server).update_currency("GEM").currency(renamed).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "PUT", "/currencies/GEM", None);
    let mut expected = currency_json();
    expected["name"] = json!("Gemstones");
    assert_eq!(body_of(&req), Some(expected));
}

#[tokio::test]
async fn an_error_keeps_the_knetik_result() {
    let body = json!({"code": 400, "request_id": "r-1", "result": [{"field": "code", "message": "Code too long"}]});
    let server = serve(400, body).await;
    let err = client(&server).create_currency().currency(CurrencyResource::new("TOOLONG", 1.0, "X")).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.operation(), Some("createCurrency"));
    assert_eq!(err.model::<KnetikResult>().and_then(|r| r.code), Some(400));
    assert!(err.to_string().contains("Code too long"), "{err}");
}

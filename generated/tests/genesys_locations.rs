//! `apis::genesys`, group Locations, against a loopback server: every one of its 8 operations on
//! the wire (method, path, query with its repeated arrays and enum values, JSON body, decoded
//! model), a read-modify-write that keeps what the spec does not list, and `ErrorBody`.
#![cfg(feature = "genesys-locations")]

use apis::genesys::Client;
use apis::genesys::models::{
    AddressableEntityRef, ErrorBody, GetLocationExpand, GetLocationsSearchExpand, GetLocationsSortOrder,
    LocationAddress, LocationCreateDefinition, LocationDefinition, LocationDefinitionState, LocationEntityListing,
    LocationSearchCriteria, LocationSearchCriteriaType, LocationSearchRequest, LocationSearchRequestSortOrder,
    LocationUpdateDefinition, LocationUpdateDefinitionState, LocationsSearchResponse,
};
use apis::serde_json::{self, Value, json};
use wiremock::MockServer;

#[path = "support/loopback.rs"]
mod loopback;
use loopback::{assert_request, body_of, only_request, serve};

const LOCATION_ID: &str = "7e0a1b2c-3d4e-4f50-8a6b-7c8d9e0f1a2b";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .expect("the mock server's URI is a valid base URL")
        .bearer_token("TOKEN")
        .build()
        .expect("the client builds")
}

fn location_json() -> Value {
    json!({
        "id": LOCATION_ID,
        "name": "Indianapolis HQ",
        "contactUser": {"id": "u-1", "selfUri": "/api/v2/users/u-1"},
        "emergencyNumber": {"e164": "+13175550100", "number": "317-555-0100", "type": "default"},
        "address": {"city": "Indianapolis", "country": "US", "state": "IN", "street1": "601 Interactive Way", "zipcode": "46278"},
        "state": "active",
        "notes": "Front desk on floor 2",
        "version": 3,
        "path": ["a1", "b2"],
        "addressVerified": true,
        "selfUri": format!("/api/v2/locations/{LOCATION_ID}")
    })
}

fn listing_json() -> Value {
    json!({
        "entities": [location_json()],
        "pageSize": 25, "pageNumber": 1, "total": 1, "pageCount": 1,
        "firstUri": "/api/v2/locations?pageSize=25&pageNumber=1",
        "selfUri": "/api/v2/locations?pageSize=25&pageNumber=1",
        "lastUri": "/api/v2/locations?pageSize=25&pageNumber=1",
        "cursor": "c-1"
    })
}

fn search_json() -> Value {
    json!({"total": 1, "pageCount": 1, "pageSize": 25, "pageNumber": 1, "types": ["locations"], "results": [location_json()]})
}

#[tokio::test]
async fn delete_location_sends_delete_and_gives_unit() {
    let server = serve(204, Value::Null).await;
    let () = client(&server).delete_location(LOCATION_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "DELETE", &format!("/api/v2/locations/{LOCATION_ID}"), None);
    assert!(req.body.is_empty());
}

#[tokio::test]
async fn get_location_repeats_expand_per_value_and_decodes_every_field() {
    let server = serve(200, location_json()).await;
    let got = client(&server)
        .get_location(LOCATION_ID)
        .expand([GetLocationExpand::Images, GetLocationExpand::AddressVerificationDetails])
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(
        &req,
        "GET",
        &format!("/api/v2/locations/{LOCATION_ID}"),
        Some("expand=images&expand=addressVerificationDetails"),
    );
    assert_eq!(got.id.as_deref(), Some(LOCATION_ID));
    assert_eq!(got.name.as_deref(), Some("Indianapolis HQ"));
    assert_eq!(
        got.contact_user,
        Some(AddressableEntityRef {
            id: Some("u-1".into()),
            self_uri: Some("/api/v2/users/u-1".into()),
            ..Default::default()
        })
    );
    assert_eq!(got.emergency_number.as_ref().and_then(|e| e.e164.as_deref()), Some("+13175550100"));
    assert_eq!(got.address.as_ref().and_then(|a| a.city.as_deref()), Some("Indianapolis"));
    assert_eq!(got.state, Some(LocationDefinitionState::Active));
    assert_eq!(got.version, Some(3));
    assert_eq!(got.path, Some(vec!["a1".to_owned(), "b2".to_owned()]));
    assert_eq!(got.address_verified, Some(true));
    assert_eq!(serde_json::to_value(&got).unwrap(), location_json());
}

#[tokio::test]
async fn expand_takes_plain_strings_and_keeps_values_the_page_does_not_list() {
    let server = serve(200, location_json()).await;
    client(&server).get_location(LOCATION_ID).expand(["images", "floorplans"]).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("expand=images&expand=floorplans"));
}

#[tokio::test]
async fn get_location_sublocations_decodes_the_listing() {
    let server = serve(200, listing_json()).await;
    let got: LocationEntityListing = client(&server).get_location_sublocations(LOCATION_ID).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "GET", &format!("/api/v2/locations/{LOCATION_ID}/sublocations"), None);
    assert_eq!(got.entities.as_ref().map(Vec::len), Some(1));
    assert_eq!(got.total, Some(1));
    assert_eq!(got.page_count, Some(1));
    // `cursor` is not in the spec's listing: kept, and sent back.
    assert_eq!(got.unknown_fields.get("cursor"), Some(&json!("c-1")));
    assert_eq!(serde_json::to_value(&got).unwrap(), listing_json());
}

#[tokio::test]
async fn get_locations_sends_no_query_unless_set_then_every_parameter() {
    let server = serve(200, listing_json()).await;
    client(&server).get_locations().await.unwrap();
    assert_request(&only_request(&server).await, "GET", "/api/v2/locations", None);

    let server = serve(200, listing_json()).await;
    client(&server)
        .get_locations()
        .page_size(100)
        .page_number(2)
        .id(["a b", "c,d"])
        .sort_order(GetLocationsSortOrder::Desc)
        .await
        .unwrap();
    let req = only_request(&server).await;
    // Repeated key per id (`multi`), each value form-encoded; the enum as its wire value.
    assert_request(&req, "GET", "/api/v2/locations", Some("pageSize=100&pageNumber=2&id=a+b&id=c%2Cd&sortOrder=desc"));
}

#[tokio::test]
async fn get_locations_search_sends_q64_then_expand() {
    let server = serve(200, search_json()).await;
    let got: LocationsSearchResponse = client(&server)
        .get_locations_search("eyJxdWVyeSI6W119")
        .expand(vec![GetLocationsSearchExpand::Images])
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "GET", "/api/v2/locations/search", Some("q64=eyJxdWVyeSI6W119&expand=images"));
    assert_eq!(got.total, 1);
    assert_eq!(got.results.len(), 1);
    assert_eq!(got.types, ["locations"]);
}

#[tokio::test]
async fn patch_location_sends_the_update_and_decodes_the_location() {
    let server = serve(200, location_json()).await;
    let mut update = LocationUpdateDefinition::new("Indianapolis HQ", 3);
    update.state = Some(LocationUpdateDefinitionState::Active);
    update.address = Some(LocationAddress { city: Some("Indianapolis".into()), ..Default::default() });
    let got = client(&server).patch_location(LOCATION_ID, update).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "PATCH", &format!("/api/v2/locations/{LOCATION_ID}"), None);
    assert_eq!(
        body_of(&req).expect("a JSON body"),
        json!({"name": "Indianapolis HQ", "version": 3, "state": "active", "address": {"city": "Indianapolis"}})
    );
    assert_eq!(got.version, Some(3));
}

#[tokio::test]
async fn a_fetched_location_sent_back_keeps_the_fields_the_spec_does_not_list() {
    // The server knows a field the spec does not (`division`): it goes back untouched.
    let mut fetched = location_json();
    fetched["division"] = json!({"id": "div-1", "name": "Home"});
    let server = serve(200, fetched.clone()).await;
    let location: LocationDefinition = client(&server).get_location(LOCATION_ID).await.unwrap();
    assert_eq!(location.unknown_fields.get("division"), Some(&json!({"id": "div-1", "name": "Home"})));

    // Read, modify, write: as a create body, the undocumented field included.
    let mut create = LocationCreateDefinition::new(location.name.clone().unwrap_or_default());
    create.notes = Some("moved".into());
    create.unknown_fields = location.unknown_fields.clone();
    let server = serve(200, fetched).await;
    client(&server).post_locations(create).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/api/v2/locations", None);
    assert_eq!(
        body_of(&req).expect("a JSON body"),
        json!({"name": "Indianapolis HQ", "notes": "moved", "division": {"id": "div-1", "name": "Home"}})
    );
}

#[tokio::test]
async fn post_locations_search_sends_the_search_request() {
    let server = serve(200, search_json()).await;
    let mut criterion = LocationSearchCriteria::new(LocationSearchCriteriaType::Contains);
    criterion.fields = Some(vec!["name".into()]);
    criterion.value = Some("Indian".into());
    let search = LocationSearchRequest {
        sort_order: Some(LocationSearchRequestSortOrder::Score),
        page_size: Some(25),
        expand: Some(vec!["images".into()]),
        query: Some(vec![criterion]),
        ..Default::default()
    };
    let got = client(&server).post_locations_search(search).await.unwrap();
    let req = only_request(&server).await;
    assert_request(&req, "POST", "/api/v2/locations/search", None);
    assert_eq!(
        body_of(&req).expect("a JSON body"),
        json!({
            "sortOrder": "SCORE", "pageSize": 25, "expand": ["images"],
            "query": [{"type": "CONTAINS", "fields": ["name"], "value": "Indian"}]
        })
    );
    assert_eq!(got.results[0].id.as_deref(), Some(LOCATION_ID));
}

#[tokio::test]
async fn a_404_keeps_the_error_body() {
    let body = json!({"message": "Location not found", "code": "not.found", "status": 404, "contextId": "c-1"});
    let server = serve(404, body).await;
    let err = client(&server).get_location("missing").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("getLocation"));
    let model = err.model::<ErrorBody>().expect("the body is an ErrorBody");
    assert_eq!(model.code.as_deref(), Some("not.found"));
    assert!(err.to_string().contains("Location not found"), "{err}");
}

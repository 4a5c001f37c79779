//! `cargo xtask import` end to end: our specs exported as OpenAPI and imported back give the
//! same client; Google's discovery document gives the client of the hand-written spec but for
//! the differences listed here; importing over a folder keeps its hand-written files, lets them
//! win, and says what changed for consumers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use xtask::SpecFiles;

/// A generated module's public surface, one line per item: each client method with its
/// argument and return types, each request builder's setters, each model's fields and each
/// enum's variants. Docs and attributes are left out: what a consumer's code can name.
fn surface(code: &str) -> BTreeSet<String> {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut out = BTreeSet::new();
    collect_items(&file.items, "", &mut out);
    out
}

fn collect_items(items: &[syn::Item], module: &str, out: &mut BTreeSet<String>) {
    let ty = |t: &syn::Type| t.to_token_stream().to_string().replace(' ', "");
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_items(inner, &m.ident.to_string(), out);
                }
            }
            syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                let name = s.ident.to_string();
                out.insert(format!("{module}::{name}"));
                for field in &s.fields {
                    if let (Some(ident), syn::Visibility::Public(_)) = (&field.ident, &field.vis) {
                        out.insert(format!("{module}::{name}.{ident}: {}", ty(&field.ty)));
                    }
                }
            }
            syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                let name = e.ident.to_string();
                for variant in &e.variants {
                    out.insert(format!("{module}::{name}::{}", variant.ident));
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let owner = i.self_ty.to_token_stream().to_string();
                for item in &i.items {
                    let syn::ImplItem::Fn(f) = item else { continue };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    let args: Vec<String> = f
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|a| match a {
                            syn::FnArg::Typed(t) => Some(ty(&t.ty)),
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    let ret = match &f.sig.output {
                        syn::ReturnType::Default => String::new(),
                        syn::ReturnType::Type(_, t) => ty(t),
                    };
                    out.insert(format!("{module}::{owner}::{}({}) -> {ret}", f.sig.ident, args.join(", ")));
                }
            }
            _ => {}
        }
    }
}

fn generate(files: &SpecFiles) -> String {
    codegen::generate_input(files.input()).unwrap_or_else(|d| panic!("{}", codegen::render(&d))).code
}

fn root() -> PathBuf {
    xtask::workspace_root()
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/import-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn import_into(document: &Path, out: &Path, groups: &[&str]) -> xtask::import::Report {
    let options = xtask::import::Options {
        document: document.display().to_string(),
        out: out.display().to_string(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
    };
    xtask::import::import(&root(), &options).unwrap_or_else(|e| panic!("{e}"))
}

/// Read as `cargo xtask codegen --spec` reads it, named as if under `spec/<name>`.
fn read_as(path: &Path, name: &str) -> SpecFiles {
    let mut files = SpecFiles::read(path).unwrap_or_else(|e| panic!("{e}"));
    let folder = path.is_dir();
    files.shown = if folder { format!("spec/{name}/") } else { format!("spec/{name}.yaml") };
    for (shown, _) in &mut files.files {
        let file = Path::new(shown.as_str()).file_name().unwrap().to_string_lossy().into_owned();
        *shown = if folder { format!("spec/{name}/{file}") } else { format!("spec/{name}.yaml") };
    }
    files
}

#[test]
fn our_specs_exported_and_imported_back_give_the_same_client() {
    // Knetik's spec exercises client credentials, a named optional body, wire names and
    // paging, all of which the export carries (`x-codegen-request-body-name`, `x-pagination`);
    // the synthetic one, every shape of operation and model the generator's benchmarks use.
    let synthetic = SpecFiles::one("spec/synthetic.yaml", &codegen::synth::spec(150, 7));
    for (name, original) in [("knetik", read_as(&root().join("spec/knetik"), "knetik")), ("synthetic", synthetic)] {
        let document = xtask::openapi::from_input(original.input(), xtask::openapi::Success::AsDocumented)
            .unwrap_or_else(|d| panic!("{}", codegen::render(&d)));
        let dir = scratch(&format!("round-trip-{name}"));
        let exported = dir.join(format!("{name}.json"));
        std::fs::write(&exported, document).expect("written");
        let out = dir.join(format!("{name}.yaml"));
        let report = import_into(&exported, &out, &[]);
        assert!(report.warnings.is_empty(), "{name}: {:#?}", report.warnings);
        let back = read_as(&out, name);
        let (want, got) = (surface(&generate(&original)), surface(&generate(&back)));
        let missing: Vec<&String> = want.difference(&got).collect();
        let extra: Vec<&String> = got.difference(&want).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{name}: lost {missing:#?}\ngained {extra:#?}");
    }
}

/// Google's discovery document against the hand-written spec: the same client, but for what
/// only one of them says. Each line below is a difference, and why.
#[test]
fn the_google_discovery_document_gives_the_hand_written_client_but_for_listed_facts() {
    let dir = scratch("google");
    let out = dir.join("google_dataportability.yaml");
    let document = root().join("documents/google-dataportability-v1.discovery.json");
    let report = import_into(&document, &out, &[]);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let hand = surface(&generate(&read_as(&root().join("spec/google_dataportability.yaml"), "google_dataportability")));
    let imported = surface(&generate(&read_as(&out, "google_dataportability")));
    let only_hand: BTreeSet<&str> = hand.difference(&imported).map(String::as_str).collect();
    let only_imported: BTreeSet<&str> = imported.difference(&hand).map(String::as_str).collect();
    assert_eq!(only_hand, ONLY_HAND.iter().copied().collect(), "only in the hand-written client");
    assert_eq!(only_imported, ONLY_IMPORTED.iter().copied().collect(), "only in the imported client");
}

/// Importing over a vendor folder: hand-written files are kept byte for byte and win over the
/// document (by method and path), the models they use stay; the import lists where the
/// document differs from them and what changed for consumers since the last import.
#[test]
fn importing_over_a_folder_keeps_hand_written_files_and_reports_changes() {
    let dir = scratch("folder");
    let vendor = dir.join("contact_center");
    let fixture = root().join("import/tests/fixtures/ok/swagger2_constructs.json");
    let first = import_into(&fixture, &vendor, &[]);
    assert!(first.changes.is_empty(), "a first import changes nothing: {:#?}", first.changes);
    let hand = "group:\n  name: People\n  sources: [{note: written by hand}]\noperations:\n  - id: listPeople\n    method: GET\n    path: /api/v2/users\n    summary: List people\n    parameters:\n      - {name: pageSize, in: query, type: int32}\n      - {name: team, in: query, type: string}\n    response: UserListing\n";
    std::fs::write(vendor.join("people.yaml"), hand).expect("written");

    let second = import_into(&fixture, &vendor, &[]);
    assert_eq!(
        std::fs::read_to_string(vendor.join("people.yaml")).unwrap(),
        hand,
        "the hand-written file is untouched"
    );
    let lines = second.lines.join("\n");
    assert!(
        lines.contains("GET /api/v2/users: people.yaml `listPeople` wins over the document's `getUsers`"),
        "{lines}"
    );
    assert!(lines.contains("parameter `sortOrder` (string) only in the document"), "{lines}");
    assert!(lines.contains("parameter `team` only by hand"), "{lines}");
    assert!(
        second.changes.iter().any(|c| c.breaking && c.what == "operation `getUsers` (GET /api/v2/users) removed"),
        "{:#?}",
        second.changes
    );
    let users = std::fs::read_to_string(vendor.join("users.yaml")).unwrap();
    assert!(!users.contains("id: getUsers"), "{users}");
    // The folder generates: UserListing, which only the hand-written group uses now, is shared.
    let module = generate(&read_as(&vendor, "contact_center"));
    assert!(module.contains("pub fn list_people"), "the hand-written operation is generated");

    // The vendor changes its document: an operation gone, a required parameter added.
    let mut document: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
    document["paths"]["/api/v2/users/{userId}"].as_object_mut().unwrap().remove("delete");
    document["paths"]["/api/v2/telephony/providers/edges/{edgeId}/trunks"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "kind", "in": "query", "required": true, "type": "string"}));
    let changed = dir.join("changed.json");
    std::fs::write(&changed, document.to_string()).unwrap();
    let third = import_into(&changed, &vendor, &[]);
    let breaking: Vec<&str> = third.changes.iter().filter(|c| c.breaking).map(|c| c.what.as_str()).collect();
    assert_eq!(
        breaking,
        [
            "operation `deleteUser` (DELETE /api/v2/users/{userId}) removed",
            "operation `getEdgeTrunks`: new required parameter `kind` (string)",
        ]
    );
    assert!(
        third.lines.iter().any(|l| l.starts_with("changes for consumers: 2 (2 break a consumer's build)")),
        "{:#?}",
        third.lines
    );

    // `--group` imports one group, and leaves the others as they are.
    let telephony = std::fs::read_to_string(vendor.join("telephony_providers_edge.yaml")).unwrap();
    std::fs::remove_file(vendor.join("users.yaml")).unwrap();
    import_into(&changed, &vendor, &["Users"]);
    assert!(vendor.join("users.yaml").exists());
    assert_eq!(std::fs::read_to_string(vendor.join("telephony_providers_edge.yaml")).unwrap(), telephony);
}

/// What only the hand-written spec has: facts of Google's pages and older revisions.
const ONLY_HAND: &[&str] = &[
    // The mTLS endpoint: only the older revision 20241208 (G1) has `mtlsRootUrl`; the stored
    // document has one root URL, so there is no servers enum.
    "::ClientBuilder::endpoint(Endpoint) -> Self",
    "::Endpoint::Default",
    "::Endpoint::Mtls",
    "::Endpoint::base_url() -> &'staticstr",
    "::Endpoint::name() -> &'staticstr",
    // Google's standard error body (AIP-193, from the reference): not a schema of the document.
    "models::Code::Aborted",
    "models::Code::AlreadyExists",
    "models::Code::Cancelled",
    "models::Code::DataLoss",
    "models::Code::DeadlineExceeded",
    "models::Code::FailedPrecondition",
    "models::Code::Internal",
    "models::Code::InvalidArgument",
    "models::Code::NotFound",
    "models::Code::Ok",
    "models::Code::OutOfRange",
    "models::Code::PermissionDenied",
    "models::Code::ResourceExhausted",
    "models::Code::Unauthenticated",
    "models::Code::Unavailable",
    "models::Code::Unimplemented",
    "models::Code::Unknown",
    "models::Code::UnknownValue",
    "models::Code::as_str() -> &str",
    "models::ErrorItem",
    "models::ErrorItem.message: ::std::option::Option<::std::string::String>",
    "models::ErrorItem.reason: ::std::option::Option<::std::string::String>",
    "models::ErrorItem.unknown_fields: ::serde_json::Map<::std::string::String,::serde_json::Value,>",
    "models::ErrorResponse",
    "models::ErrorResponse.error: ::std::option::Option<Status>",
    "models::ErrorResponse.unknown_fields: ::serde_json::Map<::std::string::String,::serde_json::Value,>",
    "models::Status",
    "models::Status.code: ::std::option::Option<i32>",
    "models::Status.details: ::std::option::Option<::std::vec::Vec<::serde_json::Value>>",
    "models::Status.errors: ::std::option::Option<::std::vec::Vec<ErrorItem>>",
    "models::Status.message: ::std::option::Option<::std::string::String>",
    "models::Status.status: ::std::option::Option<Code>",
    "models::Status.unknown_fields: ::serde_json::Map<::std::string::String,::serde_json::Value,>",
    // The page names the enums `AccessType` and `State`; the document writes them inline, so the
    // generator names them after their field (below).
    "models::AccessType::OneTime",
    "models::AccessType::TimeBased",
    "models::AccessType::UnknownValue",
    "models::AccessType::Unspecified",
    "models::AccessType::as_str() -> &str",
    "models::InitiatePortabilityArchiveResponse.access_type: ::std::option::Option<AccessType>",
    "models::PortabilityArchiveState.state: ::std::option::Option<State>",
    "models::State::Cancelled",
    "models::State::Complete",
    "models::State::Failed",
    "models::State::InProgress",
    "models::State::UnknownValue",
    "models::State::Unspecified",
    "models::State::as_str() -> &str",
    // The waiter is the page's fact ("poll until COMPLETE"), not the document's.
    "requests::ArchiveJobsGetPortabilityArchiveState::wait_until_complete(::std::time::Duration) -> ::apis_runtime::Waiter<super::models::PortabilityArchiveState>",
];

/// The same enums, named by the generator's rule for inline enums (`<Model><Field>`).
const ONLY_IMPORTED: &[&str] = &[
    "models::InitiatePortabilityArchiveResponse.access_type: ::std::option::Option<InitiatePortabilityArchiveResponseAccessType,>",
    "models::InitiatePortabilityArchiveResponseAccessType::AccessTypeOneTime",
    "models::InitiatePortabilityArchiveResponseAccessType::AccessTypeTimeBased",
    "models::InitiatePortabilityArchiveResponseAccessType::AccessTypeUnspecified",
    "models::InitiatePortabilityArchiveResponseAccessType::UnknownValue",
    "models::InitiatePortabilityArchiveResponseAccessType::as_str() -> &str",
    "models::PortabilityArchiveState.state: ::std::option::Option<PortabilityArchiveStateState>",
    "models::PortabilityArchiveStateState::Cancelled",
    "models::PortabilityArchiveStateState::Complete",
    "models::PortabilityArchiveStateState::Failed",
    "models::PortabilityArchiveStateState::InProgress",
    "models::PortabilityArchiveStateState::StateUnspecified",
    "models::PortabilityArchiveStateState::UnknownValue",
    "models::PortabilityArchiveStateState::as_str() -> &str",
];

/// The imported Genesys groups are what importing `documents/` gives today: a change to the
/// importer shows here, as a change to the generator shows in `generated/`.
#[test]
fn the_imported_genesys_specs_are_current() {
    let dir = scratch("genesys");
    let vendor = dir.join("genesys");
    std::fs::create_dir_all(&vendor).unwrap();
    let spec = root().join("spec/genesys");
    let mut checked_in = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(&spec).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if text.starts_with(import::write::MARKER) {
            checked_in.insert(name, text);
        } else {
            std::fs::write(vendor.join(&name), text).unwrap();
        }
    }
    let document = root().join("documents/genesys-purecloud-platform-api-v2.swagger.sdk-22.0.0.json");
    let report = import_into(&document, &vendor, &[]);
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    for (name, text) in &checked_in {
        let fresh = std::fs::read_to_string(vendor.join(name)).unwrap_or_default();
        assert!(
            fresh == *text,
            "spec/genesys/{name} is stale: run `cargo xtask import documents/genesys-purecloud-platform-api-v2.swagger.sdk-22.0.0.json --out spec/genesys`"
        );
    }
    let fresh: BTreeSet<String> = std::fs::read_dir(&vendor)
        .unwrap()
        .flatten()
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.starts_with(import::write::MARKER)))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(fresh, checked_in.keys().cloned().collect(), "the imported files are the checked-in ones");
}

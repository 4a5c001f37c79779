//! The clients against servers that misbehave on purpose, on 127.0.0.1, with default settings
//! unless a test says otherwise: redirect chains to other origins (API calls and token
//! fetches), endless and lying bodies, overflowing `Retry-After` and `expires_in`, echoed
//! secrets, silent and refusing token endpoints. Each case is bounded in time.
//!
//! The promises: no credential reaches an origin it was not configured for; memory stays
//! within the response-size limit; nothing a server sends panics the client; no secret shows
//! in an error's `Display`, `Debug` or `source()` chain; every failure says what happened.

#[path = "support/raw.rs"]
mod raw;

use std::future::{Future, IntoFuture};
use std::time::Duration;

use apis::Error;
use raw::{RawServer, Recorded, Reply, closed_port};

const SECRET: &str = "cl1ent-s3cret";
const TOKEN: &str = "b3arer-t0ken";
const KEY: &str = "ap1-k3y";

/// Runs `call` with a deadline, so a hang fails the test instead of stalling the suite.
async fn bounded<F: IntoFuture>(call: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(30), call.into_future()).await.expect("the call ends within 30 s")
}

/// Everything an error shows: `Display`, `Debug` (both forms) and each `source()` in its chain.
fn shown(err: &Error) -> String {
    let mut text = format!("{err}\n{err:?}\n{err:#?}");
    let mut next = std::error::Error::source(err);
    while let Some(cause) = next {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        next = cause.source();
    }
    text
}

/// No form of `secret` (raw, form- or percent-encoded, in a Basic credential) appears.
fn assert_hidden(text: &str, secret: &str) {
    let encoded: String = apis_url_encode(secret);
    assert!(!text.contains(secret) && !text.contains(&encoded), "a secret shows:\n{text}");
}

fn apis_url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// No message in the chain repeats another's.
fn assert_no_repeats(err: &Error) {
    let mut said = vec![err.to_string()];
    let mut next = std::error::Error::source(err);
    while let Some(cause) = next {
        let text = cause.to_string();
        assert!(!said.iter().any(|earlier| earlier.contains(&text)), "`{text}` repeats in the chain of {err}");
        said.push(text);
        next = cause.source();
    }
}

fn genesys(base: &str) -> apis::genesys::ClientBuilder {
    apis::genesys::Client::builder().base_url(base).expect("base URL")
}

fn knetik(base: &str) -> apis::knetik::Client {
    apis::knetik::Client::builder()
        .base_url(base)
        .expect("base URL")
        .client_credentials("knetik", SECRET)
        .build()
        .expect("client")
}

fn listing() -> &'static str {
    r#"{"entities": [], "total": 0}"#
}

fn token_json(token: &str, expires_in: &str) -> String {
    format!(r#"{{"access_token": "{token}", "token_type": "bearer", "expires_in": {expires_in}}}"#)
}

// ---------------------------------------------------------------------------------------------
// Credentials stay with their origin

#[tokio::test]
async fn a_token_endpoint_redirect_to_another_origin_is_not_followed() {
    for status in ["307 Temporary Redirect", "308 Permanent Redirect", "302 Found", "303 See Other"] {
        let elsewhere = RawServer::always(|| Reply::json("200 OK", &token_json("stolen", "3600")));
        let target = format!("{}/steal", elsewhere.url());
        let api = RawServer::start(move |req: &Recorded| match req.target.as_str() {
            "/oauth/token" => Reply::redirect(status, &target),
            _ => Reply::json("200 OK", r#"{"content": []}"#),
        });

        // Knetik sends the client secret as a form field.
        let err = bounded(knetik(&api.url()).get_tokens()).await.expect_err("no token");
        assert!(matches!(err, Error::Auth { .. }), "{err:?}");
        assert!(elsewhere.requests().is_empty(), "{status}: the other origin was sent {:#?}", elsewhere.requests());
        let text = shown(&err);
        assert!(text.contains(&status[..3]) && text.contains("not followed"), "{text}");
        assert_hidden(&text, SECRET);
        let sent = api.requests();
        assert_eq!(sent.len(), 1, "only the token request, never the API call: {sent:#?}");
        assert_eq!(sent[0].method, "POST");
        assert!(sent[0].text().contains(&format!("client_secret={SECRET}")), "{}", sent[0].text());
    }
}

#[tokio::test]
async fn basic_credentials_never_follow_a_redirect_chain() {
    // Genesys authenticates with HTTP Basic: a 302 to another host, then a hop within it,
    // once sent `Authorization: Basic ..` there.
    let elsewhere = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/first" => Reply::redirect("302 Found", "/second"),
        _ => Reply::json("200 OK", &token_json("stolen", "3600")),
    });
    let first = format!("{}/first", elsewhere.url());
    let login = RawServer::always(move || Reply::redirect("302 Found", &first));
    let api = RawServer::always(|| Reply::json("200 OK", listing()));

    let client = genesys(&api.url())
        .client_credentials("id", SECRET)
        .token_url(format!("{}/oauth/token", login.url()))
        .expect("token URL");
    let err = bounded(client.build().expect("client").get_oauth_clients()).await.expect_err("no token");
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert!(elsewhere.requests().is_empty(), "{:#?}", elsewhere.requests());
    assert!(api.requests().is_empty(), "the API was called without a token");
    assert_eq!(login.requests()[0].header("authorization").map(|v| v.starts_with("Basic ")), Some(true));
    assert_hidden(&shown(&err), SECRET);
}

#[tokio::test]
async fn token_fetches_follow_no_redirect_whatever_http_client_the_caller_gives() {
    let elsewhere = RawServer::always(|| Reply::json("200 OK", &token_json("stolen", "3600")));
    let target = format!("{}/steal", elsewhere.url());
    let api = RawServer::start(move |req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::redirect("307 Temporary Redirect", &target),
        _ => Reply::json("200 OK", r#"{"content": []}"#),
    });
    // reqwest's default policy follows any redirect: it must not be used for the token.
    let client = apis::knetik::Client::builder()
        .base_url(api.url())
        .expect("base URL")
        .http_client(apis::reqwest::Client::new())
        .client_credentials("knetik", SECRET)
        .build()
        .expect("client");
    bounded(client.get_tokens()).await.expect_err("no token");

    // Nor when the grant is built by hand, from a builder that asks for redirects.
    let permissive = apis::reqwest::Client::builder().redirect(apis::reqwest::redirect::Policy::limited(10));
    let grant = apis::ClientCredentials::new(&format!("{}/oauth/token", api.url()), "knetik", SECRET)
        .expect("grant")
        .credentials_in_body()
        .http_client(permissive)
        .expect("HTTP client");
    let client = apis::knetik::Client::builder()
        .base_url(api.url())
        .expect("base URL")
        .token_source(grant)
        .build()
        .expect("client");
    let err = bounded(client.get_tokens()).await.expect_err("no token");
    assert_hidden(&shown(&err), SECRET);
    assert!(elsewhere.requests().is_empty(), "{:#?}", elsewhere.requests());
}

#[tokio::test]
async fn a_bearer_token_never_reaches_another_origin_after_any_number_of_hops() {
    // A -> B -> B: reqwest compares each hop only with the one before, so B's second request
    // carried `Authorization` again.
    let b = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/hop" => Reply::redirect("302 Found", "/land"),
        _ => Reply::json("200 OK", listing()),
    });
    let hop = format!("{}/hop", b.url());
    let a = RawServer::always(move || Reply::redirect("302 Found", &hop));

    let client = genesys(&a.url()).bearer_token(TOKEN).build().expect("client");
    let err = bounded(client.get_oauth_clients()).await.expect_err("the redirect is the answer");
    assert!(b.requests().is_empty(), "{:#?}", b.requests());
    let Error::Api(api) = &err else { panic!("expected Error::Api, got {err:?}") };
    assert_eq!(api.status().as_u16(), 302);
    assert_eq!(api.headers()["location"], format!("{}/hop", b.url()).as_str());
    let text = shown(&err);
    assert!(text.contains("redirect") && text.contains("not followed"), "{text}");
    assert_hidden(&text, TOKEN);
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_without_a_referer() {
    let server = RawServer::start(|req: &Recorded| match req.target.split('?').next() {
        Some("/v1/authorization:reset") => Reply::redirect("307 Temporary Redirect", "/moved/authorization:reset"),
        Some("/moved/authorization:reset") => Reply::json("200 OK", "{}"),
        _ => Reply::redirect("302 Found", "/v1/authorization:reset"),
    });
    let client = apis::google_dataportability::Client::builder()
        .base_url(server.url())
        .expect("base URL")
        .api_key(KEY)
        .build()
        .expect("client");
    bounded(client.authorization_reset()).await.expect("followed within the origin");
    let sent = server.requests();
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert!(sent[0].target.contains(&format!("key={KEY}")), "{}", sent[0].target);
    assert_eq!(sent[1].header("referer"), None, "a Referer repeats the URL, and the key in it");
}

#[tokio::test]
async fn an_api_key_never_follows_a_redirect_to_another_origin() {
    let elsewhere = RawServer::always(|| Reply::json("200 OK", "{}"));
    let target = format!("{}/v1/authorization:reset", elsewhere.url());
    let server = RawServer::always(move || Reply::redirect("307 Temporary Redirect", &target));
    let client = apis::google_dataportability::Client::builder()
        .base_url(server.url())
        .expect("base URL")
        .api_key(KEY)
        .build()
        .expect("client");
    let err = bounded(client.authorization_reset()).await.expect_err("not followed");
    assert_eq!(err.status(), Some(307));
    assert!(elsewhere.requests().is_empty(), "{:#?}", elsewhere.requests());
    assert_hidden(&shown(&err), KEY);
}

#[tokio::test]
async fn a_redirect_loop_within_the_origin_ends_as_the_last_answer() {
    let server = RawServer::always(|| Reply::redirect("302 Found", "/again"));
    let client = genesys(&server.url()).bearer_token(TOKEN).build().expect("client");
    let err = bounded(client.get_oauth_clients()).await.expect_err("a loop");
    assert_eq!(err.status(), Some(302));
    assert_eq!(server.requests().len(), 11, "the first request and 10 hops");
}

// ---------------------------------------------------------------------------------------------
// Bounded memory (the 2 GiB case, with its peak memory, is in memory.rs)

const LIMIT: usize = 1024 * 1024;

fn limited(base: &str) -> apis::genesys::Client {
    genesys(base).bearer_token(TOKEN).max_response_size(LIMIT).build().expect("client")
}

fn assert_too_large(err: &Error, server: &RawServer) {
    let Error::Transport(transport) = err else { panic!("expected Error::Transport, got {err:?}") };
    assert!(transport.is_body_too_large(), "{err}");
    let text = err.to_string();
    assert!(text.contains("getOauthClients") && text.contains("1 MiB"), "{text}");
    // Read at most about the limit: what the kernel buffers on loopback is the rest.
    assert!(server.streamed() < 64 * 1024 * 1024, "the server streamed {} bytes", server.streamed());
}

#[tokio::test]
async fn endless_bodies_end_at_the_limit_whatever_their_framing() {
    let endless = 2u64 << 30;
    let heads = [
        ("chunked", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", true),
        ("close-delimited", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", false),
        (
            "Content-Length of 2 GiB",
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n",
            false,
        ),
        ("error body", "HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n", true),
    ];
    for (framing, head, chunked) in heads {
        let server = RawServer::always(move || Reply::Stream { head: head.to_owned(), total: endless, chunked });
        let err = bounded(limited(&server.url()).get_oauth_clients()).await.expect_err(framing);
        assert_too_large(&err, &server);
    }
}

#[tokio::test]
async fn a_stated_length_over_the_limit_is_refused_before_reading() {
    let server = RawServer::always(|| Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n{}".to_vec()));
    let err = bounded(limited(&server.url()).get_oauth_clients()).await.expect_err("too large");
    assert_too_large(&err, &server);
}

#[tokio::test]
async fn bodies_within_the_limit_in_many_chunks_are_read_whole() {
    // 40 chunks of 64 KiB of spaces, then the listing: JSON allows leading whitespace.
    let mut body = vec![b' '; 40 * 64 * 1024];
    body.extend_from_slice(listing().as_bytes());
    let mut raw = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for chunk in body.chunks(64 * 1024) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let server = RawServer::always(move || Reply::Raw(raw.clone()));
    let client = genesys(&server.url()).bearer_token(TOKEN).max_response_size(body.len()).build().expect("client");
    let listing = bounded(client.get_oauth_clients()).await.expect("exactly at the limit");
    assert_eq!(listing.total, Some(0));
}

#[tokio::test]
async fn an_endless_token_response_ends_at_the_limit() {
    let server = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::Stream {
            head: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".into(),
            total: 2 << 30,
            chunked: true,
        },
        _ => Reply::json("200 OK", r#"{"content": []}"#),
    });
    let client = apis::knetik::Client::builder()
        .base_url(server.url())
        .expect("base URL")
        .client_credentials("knetik", SECRET)
        .max_response_size(LIMIT)
        .build()
        .expect("client");
    let err = bounded(client.get_tokens()).await.expect_err("no token");
    let text = err.to_string();
    assert!(matches!(err, Error::Auth { .. }) && text.contains("1 MiB") && text.contains("/oauth/token"), "{text}");
    assert!(server.streamed() < 64 * 1024 * 1024, "{}", server.streamed());
}

// ---------------------------------------------------------------------------------------------
// Nothing a server sends panics the client

/// Runs `test` in tokio's paused clock (long waits take no real time), on a thread of its own
/// that must end within 30 s of real time. (A tokio timeout cannot bound it: with the clock
/// paused, waiting for a server jumps the clock to the timeout.)
fn in_paused_time<F: Future<Output = ()> + 'static>(test: impl FnOnce() -> F + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().expect("runtime");
        runtime.block_on(test());
        let _ = done.send(());
    });
    match finished.recv_timeout(Duration::from_secs(30)) {
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("the test did not end within 30 s"),
        _ => thread.join().expect("the test passes"),
    }
}

#[test]
fn retry_after_values_that_overflow_are_waits_too_long_to_make() {
    in_paused_time(|| async {
        // `Retry-After: 1` then `u64::MAX` seconds: the sum of the waits once overflowed.
        let answers = std::sync::Mutex::new(vec!["18446744073709551615", "1"]);
        let server = RawServer::always(move || {
            let after = answers.lock().unwrap().pop().unwrap_or("99999999999999999999999999");
            Reply::full("503 Service Unavailable", &[("Retry-After", after)], "")
        });
        // No timer but the retry's (tokio's paused clock jumps to the next one when idle).
        let http = apis::reqwest::Client::builder().pool_idle_timeout(None).build().expect("HTTP client");
        let client = genesys(&server.url()).bearer_token(TOKEN).http_client(http).no_timeout().build().expect("client");
        let err = client.get_oauth_clients().await.expect_err("503");
        assert_eq!(err.status(), Some(503));
        assert_eq!(server.requests().len(), 2, "one retry after 1 s, none after u64::MAX s");

        // The same for HTTP dates far in the future, and for values that are no number at all.
        for after in ["Fri, 31 Dec 9999 23:59:59 GMT", "-1", "1e999", ""] {
            let value = after.to_owned();
            let server =
                RawServer::always(move || Reply::full("429 Too Many Requests", &[("Retry-After", &value)], ""));
            let http = apis::reqwest::Client::builder().pool_idle_timeout(None).build().expect("HTTP client");
            let client =
                genesys(&server.url()).bearer_token(TOKEN).http_client(http).no_timeout().build().expect("client");
            let err = client.get_oauth_clients().await.expect_err("429");
            assert_eq!(err.status(), Some(429), "{after:?}");
        }
    });
}

#[tokio::test]
async fn an_expires_in_past_what_the_clock_can_count_keeps_the_token() {
    for expires_in in ["18446744073709551615", "1e308", "-3600", "\"99999999999999999999999999\""] {
        let body = token_json("t0k", expires_in);
        let server = RawServer::start(move |req: &Recorded| match req.target.as_str() {
            "/oauth/token" => Reply::json("200 OK", &body),
            _ => Reply::json("200 OK", r#"{"content": []}"#),
        });
        let client = knetik(&server.url());
        bounded(client.get_tokens()).await.expect("the token is used");
        bounded(client.get_tokens()).await.expect("and used again");
        let fetches = server.requests().iter().filter(|r| r.target == "/oauth/token").count();
        // A lifetime of 0 (negative seconds) is renewed on each call; the rest are kept.
        let expected = if expires_in.starts_with('-') { 2 } else { 1 };
        assert_eq!(fetches, expected, "expires_in {expires_in}");
    }
}

#[tokio::test]
async fn broken_answers_are_errors_not_panics() {
    let answers: Vec<&'static [u8]> = vec![
        b"HTTP/1.1 999 Whatever\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\n\xff\xfe: \xff\r\nContent-Length: 2\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n{\"entities\": [{\"dateCreated\": \"+999999-01\"}]}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 26\r\n\r\n{\"total\": 1e999999999999}",
        b"not http at all\r\n\r\n",
        b"",
    ];
    for raw in answers {
        let server = RawServer::always(move || Reply::Raw(raw.to_vec()));
        let client =
            genesys(&server.url()).bearer_token(TOKEN).timeout(Duration::from_secs(5)).build().expect("client");
        let outcome = bounded(client.get_oauth_clients()).await;
        if let Err(err) = &outcome {
            assert_no_repeats(err);
            assert_hidden(&shown(err), TOKEN);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// No secret in any output, whatever the server echoes

#[tokio::test]
async fn a_token_endpoint_that_echoes_the_secret_gets_it_redacted() {
    let echo = format!(
        r#"{{"error": "invalid_client", "error_description": "secret {SECRET} (form {form}) is wrong"}}"#,
        form = apis_url_encode(SECRET)
    );
    let server = RawServer::start(move |req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::json("401 Unauthorized", &echo),
        _ => Reply::json("200 OK", r#"{"content": []}"#),
    });
    let err = bounded(knetik(&server.url()).get_tokens()).await.expect_err("refused");
    let text = shown(&err);
    assert_hidden(&text, SECRET);
    assert!(text.contains("HTTP 401") && text.contains("invalid_client") && text.contains("<redacted>"), "{text}");
    assert_no_repeats(&err);
}

#[tokio::test]
async fn an_echoed_basic_credential_is_redacted_too() {
    let server = RawServer::start(|req: &Recorded| {
        let sent = req.header("authorization").unwrap_or("").to_owned();
        Reply::json(
            "400 Bad Request",
            &format!(r#"{{"error": "invalid_request", "error_description": "you sent {sent}"}}"#),
        )
    });
    let client = genesys(&server.url())
        .client_credentials("id", SECRET)
        .token_url(format!("{}/oauth/token", server.url()))
        .expect("URL");
    let err = bounded(client.build().expect("client").get_oauth_clients()).await.expect_err("refused");
    let text = shown(&err);
    assert!(text.contains("you sent Basic <redacted>"), "{text}");
}

#[tokio::test]
async fn a_401_that_echoes_the_bearer_token_in_body_and_headers_shows_none_of_it() {
    let server = RawServer::always(|| {
        let body = format!(r#"{{"message": "token {TOKEN} expired", "code": "bad.credentials", "status": 401}}"#);
        Reply::full(
            "401 Unauthorized",
            &[
                ("Content-Type", "application/json"),
                ("X-Echo", &format!("Bearer {TOKEN}")),
                ("X-Quoted", &format!("\"{TOKEN}\"")),
            ],
            &body,
        )
    });
    let client = genesys(&server.url()).bearer_token(TOKEN).build().expect("client");
    let err = bounded(client.get_oauth_client("c-1")).await.expect_err("401");
    let text = shown(&err);
    assert_hidden(&text, TOKEN);
    assert!(text.contains("token <redacted> expired"), "the vendor's message is kept, redacted: {text}");
    // The data itself is the server's, as sent.
    assert_eq!(err.body().map(|b| String::from_utf8_lossy(b).contains(TOKEN)), Some(true));
}

#[tokio::test]
async fn tokens_from_a_token_source_are_redacted_when_echoed() {
    let server = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::json("200 OK", &token_json("fetched-t0ken-1", "3600")),
        // A 2xx whose body does not decode, quoting the token.
        _ => Reply::json("200 OK", r#"{"content": "fetched-t0ken-1"}"#),
    });
    let err = bounded(knetik(&server.url()).get_tokens()).await.expect_err("not a page");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_hidden(&shown(&err), "fetched-t0ken-1");
}

#[tokio::test]
async fn secret_parameters_and_api_keys_are_redacted_when_echoed() {
    let server = RawServer::always(|| {
        let body = format!(
            r#"{{"error": {{"code": 400, "message": "bad key {KEY} and token per-call-t0ken", "status": "INVALID_ARGUMENT"}}}}"#
        );
        Reply::full("400 Bad Request", &[("Content-Type", "application/json"), ("X-Echo", KEY)], &body)
    });
    let client = apis::google_dataportability::Client::builder()
        .base_url(server.url())
        .expect("base URL")
        .api_key(KEY)
        .build()
        .expect("client");
    let err = bounded(client.authorization_reset().access_token("per-call-t0ken")).await.expect_err("400");
    let text = shown(&err);
    assert_hidden(&text, KEY);
    assert_hidden(&text, "per-call-t0ken");
}

#[tokio::test]
async fn a_response_that_echoes_a_secret_does_not_show_it_in_debug() {
    let server = RawServer::always(|| {
        Reply::full("200 OK", &[("Content-Type", "application/json"), ("X-Echo", TOKEN)], listing())
    });
    let client = genesys(&server.url()).bearer_token(TOKEN).build().expect("client");
    let response = bounded(client.get_oauth_clients().send_with_response()).await.expect("200");
    assert_eq!(response.headers()["x-echo"], TOKEN, "the data is as sent");
    assert_hidden(&format!("{response:?} {response:#?}"), TOKEN);
}

// ---------------------------------------------------------------------------------------------
// Errors that say what happened

#[tokio::test]
async fn a_silent_token_endpoint_is_a_timeout_that_names_it() {
    let server = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::Silent(Duration::from_secs(5)),
        _ => Reply::json("200 OK", r#"{"content": []}"#),
    });
    let client = apis::knetik::Client::builder()
        .base_url(server.url())
        .expect("base URL")
        .client_credentials("knetik", SECRET)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let err = bounded(client.get_tokens()).await.expect_err("timed out");
    let text = err.to_string();
    let url = format!("{}/oauth/token", server.url());
    assert_eq!(
        text,
        format!("getTokens: could not obtain an access token: the token request to {url} timed out after 300 ms")
    );
    assert_no_repeats(&err);
}

#[tokio::test]
async fn token_failures_say_which_they_are() {
    let refused = format!("http://127.0.0.1:{}", closed_port());
    let err = bounded(knetik(&refused).get_tokens()).await.expect_err("no connection");
    assert!(
        err.to_string().contains(&format!("could not connect to the token endpoint {refused}/oauth/token")),
        "{err}"
    );
    assert_no_repeats(&err);

    let cases = [
        (
            Reply::json(
                "401 Unauthorized",
                r#"{"error": "invalid_client", "error_description": "Bad client credentials"}"#,
            ),
            "answered HTTP 401 Unauthorized: invalid_client (Bad client credentials)",
        ),
        (Reply::full("503 Service Unavailable", &[], "<html>down</html>"), "answered HTTP 503 Service Unavailable"),
        (
            Reply::full("200 OK", &[("Content-Type", "text/html")], "<html>login</html>"),
            "answered HTTP 200 OK with a body that is not a token response",
        ),
        (Reply::json("200 OK", r#"{"token_type": "bearer"}"#), "missing field `access_token`"),
        (Reply::json("200 OK", r#"{"access_token": "t", "token_type": "mac"}"#), "a token of type `mac`"),
        (Reply::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"access".to_vec()), "the token request to"),
    ];
    for (reply, expected) in cases {
        let reply = std::sync::Mutex::new(Some(reply));
        let server = RawServer::always(move || {
            reply.lock().unwrap().take().unwrap_or(Reply::json("500 Internal Server Error", "{}"))
        });
        let err = bounded(knetik(&server.url()).get_tokens()).await.expect_err(expected);
        let text = err.to_string();
        assert!(matches!(err, Error::Auth { .. }) && text.contains(expected), "expected `{expected}` in: {text}");
        assert!(text.contains(&format!("{}/oauth/token", server.url())), "{text}");
        assert_no_repeats(&err);
    }
}

#[tokio::test]
async fn the_token_url_is_named_without_its_credentials() {
    let server = RawServer::always(|| Reply::json("401 Unauthorized", r#"{"error": "invalid_client"}"#));
    let url = format!("{}/oauth/token?client_secret={SECRET}", server.url());
    let grant = apis::ClientCredentials::new(&url, "id", SECRET).expect("grant");
    let client = genesys(&server.url()).token_source(grant).build().expect("client");
    let err = bounded(client.get_oauth_clients()).await.expect_err("refused");
    let text = shown(&err);
    assert!(text.contains(&format!("{}/oauth/token answered HTTP 401", server.url())), "{text}");
    assert_hidden(&text, SECRET);
}

#[tokio::test]
async fn a_silent_api_is_a_timeout_that_says_how_long() {
    let server = RawServer::always(|| Reply::Silent(Duration::from_secs(5)));
    let client =
        genesys(&server.url()).bearer_token(TOKEN).timeout(Duration::from_millis(200)).build().expect("client");
    let err = bounded(client.get_oauth_clients()).await.expect_err("timed out");
    let Error::Transport(transport) = &err else { panic!("{err:?}") };
    assert!(transport.is_timeout());
    assert!(err.to_string().starts_with("getOauthClients (genesys) timed out after 200 ms"), "{err}");
    assert_no_repeats(&err);
}

#[tokio::test]
async fn a_grant_given_as_a_token_source_has_its_secret_redacted_from_api_errors() {
    let server = RawServer::start(|req: &Recorded| match req.target.as_str() {
        "/oauth/token" => Reply::json("200 OK", &token_json("t0k", "3600")),
        _ => Reply::json("400 Bad Request", &format!(r#"{{"message": "your secret {SECRET} is showing"}}"#)),
    });
    let grant = apis::ClientCredentials::new(&format!("{}/oauth/token", server.url()), "id", SECRET).expect("grant");
    let client = genesys(&server.url()).token_source(grant).build().expect("client");
    let err = bounded(client.get_oauth_clients()).await.expect_err("400");
    let text = shown(&err);
    assert_hidden(&text, SECRET);
    assert!(text.contains("your secret <redacted> is showing"), "{text}");
}

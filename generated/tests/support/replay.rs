//! The client side of the `responses` fuzz target, shared with the test that replays its
//! seeds and regressions (`generated/tests/fuzz_regressions.rs`), so both run the same checks.
//!
//! An input's first byte picks a client and a call; the rest, split at `\r\n--\r\n`, is a
//! script of raw HTTP responses that a server on 127.0.0.1 gives in order, one per connection
//! (token requests, retries and followed redirects each take the next). So status lines,
//! headers (`Retry-After`, `Location`, `Content-Length`, `Transfer-Encoding`), bodies (models,
//! error bodies, token responses with any `expires_in`) and their framing all reach hyper,
//! reqwest and this crate's runtime.
//!
//! Checks, beyond "never panics" (the fuzz build has overflow checks on):
//! - no error's `Display` or `Debug`, and no `Response`'s `Debug`, shows a secret the client
//!   knows (`fuzz/responses.dict` holds them, so echoes of them are tried);
//! - no message repeats in an error's `source()` chain.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

/// The secrets the clients know; `fuzz/responses.dict` holds them too.
const TOKEN: &str = "fuzz-b3arer";
const SECRET: &str = "fuzz-s3cret";
const KEY: &str = "fuzz-k3y";
const PARAM: &str = "fuzz-p4ram";
/// base64 of `id:fuzz-s3cret`, the Basic credential.
const BASIC: &str = "aWQ6ZnV6ei1zM2NyZXQ=";

/// The responses of the current input, and which one the next connection gets.
struct Script {
    replies: Mutex<Vec<Vec<u8>>>,
    next: AtomicUsize,
    port: u16,
}

static SERVER: LazyLock<Script> = LazyLock::new(|| {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    Script { replies: Mutex::new(Vec::new()), next: AtomicUsize::new(0), port }
});

/// Tokio's clock is paused: every wait (a `Retry-After` of an hour, a backoff) passes at once,
/// so the retry policy is the default one and the whole of its arithmetic is fuzzed. The
/// clients therefore set no timeout (the clock would jump to it while a server answers); no
/// call can hang, as the server closes every connection once it has written its answer.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build().expect("runtime")
});

/// Reads one request, writes the script's next response, closes.
fn answer(stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut reader = BufReader::new(&stream);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let line = line.trim_end().to_ascii_lowercase();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    let _ = reader.read_exact(&mut body);
    let reply = {
        let replies = SERVER.replies.lock().expect("not poisoned");
        let i = SERVER.next.fetch_add(1, Ordering::SeqCst);
        replies.get(i).or(replies.last()).cloned().unwrap_or_default()
    };
    let mut stream = stream;
    let _ = stream.write_all(&reply);
    let _ = stream.shutdown(Shutdown::Both);
}

/// One HTTP client for every input (building one loads TLS roots, which would dominate).
fn http() -> apis::reqwest::Client {
    HTTP.clone()
}

static HTTP: LazyLock<apis::reqwest::Client> = LazyLock::new(|| {
    // No pooling: each request gets a connection of its own, and so the next response.
    apis::reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .pool_idle_timeout(None)
        .redirect(apis::same_origin_redirects())
        .referer(false)
        .build()
        .expect("HTTP client")
});

/// The default policy (its waits pass in virtual time), with more attempts, so that sums of
/// many server-given waits are reached.
fn retry() -> apis::RetryPolicy {
    apis::RetryPolicy::default().max_attempts(6)
}

/// What a call ended with, as text that must hold no secret.
fn shown<T: std::fmt::Debug>(outcome: Result<T, apis::Error>) -> String {
    match outcome {
        Ok(value) => format!("{value:?}"),
        Err(err) => {
            let mut said = vec![err.to_string()];
            let mut next = std::error::Error::source(&err);
            while let Some(cause) = next {
                let text = cause.to_string();
                assert!(!said.iter().any(|s| s.contains(&text)), "`{text}` repeats in the chain of {err}");
                said.push(text);
                next = cause.source();
            }
            format!("{err}\n{err:?}\n{err:#?}")
        }
    }
}

/// Makes the call `selector` picks; what it showed, and the secrets that client knows.
async fn call(selector: u8, base: &str) -> (String, &'static [&'static str]) {
    let with_response = selector & 4 != 0;
    let empty = selector & 8 != 0;
    let size = if selector & 16 != 0 { 512 } else { apis::DEFAULT_MAX_RESPONSE_SIZE };
    match selector % 4 {
        0 | 3 => {
            let builder = apis::genesys::Client::builder()
                .base_url(base)
                .expect("URL")
                .http_client(http())
                .no_timeout()
                .retry(retry())
                .max_response_size(size);
            let builder = if selector % 4 == 0 {
                builder.bearer_token(TOKEN)
            } else {
                let grant = apis::ClientCredentials::new(&format!("{base}/oauth/token"), "id", SECRET)
                    .expect("grant")
                    .timeout(None)
                    .max_response_size(size);
                builder.token_source(grant)
            };
            let client = builder.build().expect("client");
            let text = match (empty, with_response) {
                (false, false) => shown(client.get_oauth_clients().await),
                (false, true) => shown(client.get_oauth_clients().send_with_response().await),
                (true, false) => shown(client.delete_oauth_client("c").await),
                (true, true) => shown(client.delete_oauth_client("c").send_with_response().await),
            };
            (text, if selector % 4 == 0 { &[TOKEN] } else { &[SECRET, BASIC] })
        }
        1 => {
            let client = apis::knetik::Client::builder()
                .base_url(base)
                .expect("URL")
                .client_credentials("knetik", SECRET)
                .retry(retry())
                .no_timeout()
                .max_response_size(size)
                .build()
                .expect("client");
            let text = match (empty, with_response) {
                (false, false) => shown(client.get_tokens().await),
                (false, true) => shown(client.get_tokens().send_with_response().await),
                (true, _) => shown(client.delete_tokens().await),
            };
            (text, &[SECRET])
        }
        _ => {
            let client = apis::google_dataportability::Client::builder()
                .base_url(base)
                .expect("URL")
                .api_key(KEY)
                .http_client(http())
                .no_timeout()
                .retry(retry())
                .max_response_size(size)
                .build()
                .expect("client");
            let text = match with_response {
                false => shown(client.authorization_reset().access_token(PARAM).await),
                true => shown(client.authorization_reset().access_token(PARAM).send_with_response().await),
            };
            (text, &[KEY, PARAM])
        }
    }
}

/// Runs one input: the call its first byte picks, against the responses the rest scripts.
/// Panics when the call panics, shows a secret its client knows, or repeats a message in an
/// error's chain.
pub fn check(data: &[u8]) {
    let Some((&selector, script)) = data.split_first() else { return };
    let replies: Vec<Vec<u8>> = split(script, b"\r\n--\r\n").into_iter().map(<[u8]>::to_vec).collect();
    *SERVER.replies.lock().expect("not poisoned") = replies;
    SERVER.next.store(0, Ordering::SeqCst);
    let base = format!("http://127.0.0.1:{}", SERVER.port);
    let (text, secrets) = RUNTIME.block_on(call(selector, &base));
    for secret in secrets {
        assert!(!text.contains(secret), "`{secret}` shows in:\n{text}");
    }
}

fn split<'a>(data: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

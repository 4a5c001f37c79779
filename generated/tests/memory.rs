//! Peak memory while a server streams 2 GiB: the client stops at its response-size limit
//! (16 MiB by default), so the process grows by about that much, not by the body.
//!
//! One test in a binary of its own, so that the process's high-water mark (`VmHWM`) is this
//! call's alone.

#[path = "support/raw.rs"]
#[allow(dead_code, reason = "this binary uses a part of the shared server")]
mod raw;

use std::time::Duration;

use raw::{RawServer, Reply};

/// Starts a new high-water mark at the current resident size (Linux's `clear_refs` 5).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset the peak RSS through /proc/self/clear_refs");
}

/// The process's peak resident memory since the last reset, in bytes (Linux).
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status (the tests run on Linux)");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("a VmHWM line");
    let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM in kB");
    kib * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streaming_2_gib_grows_the_client_by_about_the_limit() {
    const GIB_2: u64 = 2 << 30;
    const MIB: u64 = 1024 * 1024;
    let framings = [
        ("chunked", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", true),
        ("close-delimited", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n", false),
        ("chunked error body", "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n", true),
    ];
    let warm = RawServer::always(|| Reply::json("200 OK", r#"{"entities": [], "total": 0}"#));
    let client =
        apis::genesys::Client::builder().base_url(warm.url()).expect("URL").bearer_token("t").build().expect("client");
    client.get_oauth_clients().await.expect("a first, small call");
    // Freed memory may stay resident (the allocator keeps it), so every call is measured from
    // here: the growth is the most the three calls ever held at once.
    reset_peak();
    let before = peak_rss();

    for (framing, head, chunked) in framings {
        let server = RawServer::always(move || Reply::Stream { head: head.to_owned(), total: GIB_2, chunked });
        let client = apis::genesys::Client::builder()
            .base_url(server.url())
            .expect("URL")
            .bearer_token("t")
            .retry(apis::RetryPolicy::none())
            .build()
            .expect("client");
        let call = tokio::time::timeout(Duration::from_secs(60), client.get_oauth_clients().send());
        let err = call.await.expect("ends within 60 s").expect_err("too large");
        let grown = peak_rss().saturating_sub(before);
        println!(
            "{framing}: the server streamed {} MiB, the peak RSS is {} MiB above the start (limit {} MiB)",
            server.streamed() / MIB,
            grown / MIB,
            apis::DEFAULT_MAX_RESPONSE_SIZE as u64 / MIB
        );
        assert!(err.to_string().contains("16 MiB"), "{err}");
        assert!(grown < 48 * MIB, "{framing}: the peak RSS grew by {} MiB", grown / MIB);
        assert!(server.streamed() < GIB_2 / 16, "{framing}: the client read on ({} MiB)", server.streamed() / MIB);
    }
}

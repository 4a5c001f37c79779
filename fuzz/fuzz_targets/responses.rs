//! Fuzzes the clients' response handling end to end: whatever bytes a server sends, as the
//! answer to an API call or to a token request, over a real loopback connection. The harness
//! (what an input means, what is checked) is `generated/tests/support/replay.rs`, which the
//! test suite also runs over `fuzz/seeds/responses/` and `fuzz/regressions/responses/`.
#![no_main]

#[path = "../../generated/tests/support/replay.rs"]
mod replay;

libfuzzer_sys::fuzz_target!(|data: &[u8]| replay::check(data));

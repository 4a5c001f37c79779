//! Reading a response body whole, but never more than a limit, whatever its framing says.

use bytes::Bytes;

/// A response body's limit unless the client builder sets another: 16 MiB, two orders of
/// magnitude above the largest page these APIs document, and small enough that a server
/// cannot exhaust a client's memory.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// It is larger than the limit (by its `Content-Length`, or once that much arrived).
    TooLarge,
    /// The connection failed or timed out while reading.
    Transport(reqwest::Error),
}

/// The whole body of `response`, or [`BodyError::TooLarge`] after reading at most `limit`
/// bytes (plus the one chunk that crossed it). A `Content-Length` over the limit fails at
/// once; chunked and close-delimited bodies are counted as they arrive.
///
/// A body that arrives in one chunk (most do) is that chunk, without a copy.
pub(crate) async fn read_limited(response: &mut reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    let mut total = 0usize;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        total = total.saturating_add(chunk.len());
        if total > limit {
            return Err(BodyError::TooLarge);
        }
        match (&mut first, &mut joined) {
            (None, None) => first = Some(chunk),
            (Some(earlier), None) => {
                // A stated length is exact (hyper ends the body there); else double as needed.
                let expected = response.content_length().map_or(total.saturating_mul(2), |length| length as usize);
                let mut buffer = Vec::with_capacity(expected.clamp(total, limit));
                buffer.extend_from_slice(earlier);
                buffer.extend_from_slice(&chunk);
                joined = Some(buffer);
            }
            (_, Some(joined)) => {
                // Grow by doubling, but never past the limit: the buffer stays within it.
                if joined.capacity() - joined.len() < chunk.len() {
                    let wanted = total.max(joined.len().saturating_mul(2)).min(limit);
                    joined.reserve_exact(wanted - joined.len());
                }
                joined.extend_from_slice(&chunk);
            }
        }
    }
    Ok(match (joined, first) {
        (Some(joined), _) => Bytes::from(joined),
        (None, Some(first)) => first,
        (None, None) => Bytes::new(),
    })
}

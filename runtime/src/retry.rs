//! [`RetryPolicy`]: when a failed call is tried again, and how long to wait in between.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::api::Method;

/// When a failed call is tried again.
///
/// By default a call is attempted at most 3 times, for idempotent methods only (`GET`, `HEAD`,
/// `PUT`, `DELETE`, `OPTIONS`), after a `429`, `502`, `503` or `504` response or a failed
/// connection. Between attempts it waits as the server's `Retry-After` says (seconds or an
/// HTTP date), else an exponential backoff with jitter (200 ms, 400 ms, ... up to 10 s), and
/// it never waits more than 30 s in all: a `Retry-After` beyond that ends the call with the
/// server's answer instead. `POST` and `PATCH` are never retried unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) says so.
///
/// Set it on a client builder (`.retry(policy)`) or on one request builder:
///
/// ```
/// # use apis_runtime as apis;
/// use std::time::Duration;
/// use apis::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_attempts(5).max_total_delay(Duration::from_secs(120));
/// let never = RetryPolicy::none();
/// // apis::genesys::Client::builder().retry(patient).build()?
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_total_delay: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_total_delay: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Every call is attempted once.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// Attempts per call, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff; each next one doubles, up to [`max_backoff`](Self::max_backoff).
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest single backoff.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The most a call waits between attempts in all; a wait that would pass it ends the call.
    pub fn max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }

    /// Also retries `POST` and `PATCH`, for operations the caller knows are safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    pub(crate) fn attempts_for(&self, method: Method) -> u32 {
        if method.is_idempotent() || self.retry_non_idempotent { self.max_attempts } else { 1 }
    }

    /// The backoffs between attempts, in order (jittered: each is random up to its ceiling).
    pub(crate) fn backoffs(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .build()
    }
}

/// What an attempt ended with, as far as retrying goes.
pub(crate) enum Trouble<'a> {
    /// An answer (any status), with its headers.
    Status(StatusCode, &'a HeaderMap),
    /// No connection could be made: nothing reached the server.
    ConnectionFailed,
    /// Anything else (a timeout, a broken answer): the server may have acted, so no retry.
    Other,
}

/// The retries of one call: which attempt it is, and how long it has waited so far.
pub(crate) struct Retries<'p> {
    policy: &'p RetryPolicy,
    attempts: u32,
    attempt: u32,
    waited: Duration,
    /// Made on the first retry: most calls never need one.
    backoffs: Option<ExponentialBackoff>,
}

impl<'p> Retries<'p> {
    pub(crate) fn new(policy: &'p RetryPolicy, method: Method) -> Self {
        Retries { policy, attempts: policy.attempts_for(method), attempt: 1, waited: Duration::ZERO, backoffs: None }
    }

    /// The attempt under way, from 1.
    pub(crate) fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How long to wait before the next attempt after `trouble`, counting it as made; `None`:
    /// the call ends with this attempt's outcome (it is not retryable, no attempt is left, or
    /// the wait would pass the policy's total). Whatever the server's `Retry-After` says,
    /// the sum is saturating: no value can overflow it.
    pub(crate) fn wait_before_next(&mut self, trouble: Trouble<'_>, now: SystemTime) -> Option<Duration> {
        if self.attempt >= self.attempts {
            return None;
        }
        let delay = match trouble {
            Trouble::Status(status, headers) if is_retryable_status(status) => match retry_after(headers, now) {
                Some(asked) => asked,
                None => self.next_backoff()?,
            },
            Trouble::ConnectionFailed => self.next_backoff()?,
            Trouble::Status(..) | Trouble::Other => return None,
        };
        let waited = self.waited.saturating_add(delay);
        if waited > self.policy.max_total_delay {
            return None;
        }
        self.waited = waited;
        self.attempt += 1;
        Some(delay)
    }

    fn next_backoff(&mut self) -> Option<Duration> {
        self.backoffs.get_or_insert_with(|| self.policy.backoffs()).next()
    }
}

/// Statuses that mean "try again later": rate limited, or a gateway or server overloaded.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date (RFC 9110 10.2.3).
/// A number of seconds too large for a `u64` is the longest wait there is, not no wait.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(retry_after).unwrap());
        h
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after(&headers("1"), now), Some(Duration::from_secs(1)));
        assert_eq!(retry_after(&headers(" 120 "), now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        assert_eq!(retry_after(&headers(&later), now), Some(Duration::from_secs(7)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(7));
        assert_eq!(retry_after(&headers(&past), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
        assert_eq!(retry_after(&headers("18446744073709551615"), now), Some(Duration::from_secs(u64::MAX)));
        assert_eq!(retry_after(&headers("99999999999999999999999"), now), Some(Duration::MAX));
        assert_eq!(retry_after(&headers("-1"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoffs_grow_are_jittered_and_bounded() {
        let policy = RetryPolicy::default().max_attempts(6);
        for _ in 0..50 {
            let delays: Vec<Duration> = policy.backoffs().collect();
            assert_eq!(delays.len(), 5, "one backoff between each two attempts");
            for (i, d) in delays.iter().enumerate() {
                // Jitter adds up to one more step: 200ms * 2^i, doubled at most, capped.
                let ceiling = (Duration::from_millis(200) * 2u32.pow(i as u32) * 2).min(Duration::from_secs(20));
                assert!(*d >= Duration::from_millis(200) && *d <= ceiling, "backoff {i}: {d:?}");
            }
        }
        assert_eq!(RetryPolicy::none().backoffs().count(), 0);
    }

    #[test]
    fn waits_add_up_without_overflow_whatever_the_server_asks() {
        let now = SystemTime::UNIX_EPOCH;
        let policy = RetryPolicy::default().max_attempts(5).initial_backoff(Duration::from_millis(1));
        let mut retries = Retries::new(&policy, Method::Get);
        let busy = headers("1");
        assert_eq!(
            retries.wait_before_next(Trouble::Status(StatusCode::SERVICE_UNAVAILABLE, &busy), now),
            Some(Duration::from_secs(1))
        );
        for huge in ["18446744073709551615", "99999999999999999999999"] {
            let huge = headers(huge);
            assert_eq!(retries.wait_before_next(Trouble::Status(StatusCode::TOO_MANY_REQUESTS, &huge), now), None);
        }
        assert_eq!(retries.attempt(), 2);
        assert!(retries.wait_before_next(Trouble::ConnectionFailed, now).is_some());
        assert_eq!(retries.wait_before_next(Trouble::Other, now), None);
        assert_eq!(
            retries.wait_before_next(Trouble::Status(StatusCode::INTERNAL_SERVER_ERROR, &HeaderMap::new()), now),
            None
        );
        // No attempt left: the outcome is the answer.
        let mut once = Retries::new(&policy, Method::Post);
        assert_eq!(once.wait_before_next(Trouble::ConnectionFailed, now), None);
    }

    #[test]
    fn only_idempotent_methods_are_retried_unless_asked() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.attempts_for(Method::Get), 3);
        assert_eq!(policy.attempts_for(Method::Delete), 3);
        assert_eq!(policy.attempts_for(Method::Post), 1);
        assert_eq!(policy.attempts_for(Method::Patch), 1);
        assert_eq!(policy.clone().retry_non_idempotent(true).attempts_for(Method::Post), 3);
        assert_eq!(RetryPolicy::none().attempts_for(Method::Get), 1);
        assert!(is_retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(is_retryable_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(!is_retryable_status(StatusCode::INTERNAL_SERVER_ERROR));
        assert!(!is_retryable_status(StatusCode::NOT_FOUND));
    }
}

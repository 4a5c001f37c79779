//! [`Waiter`]: polls an operation until what it reports is terminal, as smithy's waiters do:
//! with a growing delay between polls (or the server's `Retry-After`), up to a caller-given
//! longest wait; a failure state, or a wait that runs out, is [`Error::Wait`] saying which.
//! Dropping the future stops it; nothing more is sent.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use crate::error::Error;
use crate::pending::Pending;
use crate::response::Response;

/// What one poll's answer says (generated code reads it from the documented field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitState {
    /// Done: the waiter gives this answer.
    Success,
    /// Ended, but not as hoped (the state as sent): the waiter fails with it.
    Failure(String),
    /// Not yet (the state as sent, if any): poll again.
    Pending(Option<String>),
}

/// A wait for an operation's answer to reach a terminal state (a request builder's
/// `wait_until_...(max_wait)`). `.await` it; set the delays first if the defaults do not suit.
#[must_use = "a waiter does nothing until it is awaited"]
pub struct Waiter<P> {
    operation: &'static str,
    /// What is awaited, for messages (``state `COMPLETE` ``).
    goal: &'static str,
    max_wait: Duration,
    min_delay: Duration,
    max_delay: Duration,
    poll: Box<dyn FnMut() -> Pending<Response<P>> + Send>,
    classify: fn(&P) -> WaitState,
}

/// The future of a [`Waiter`]: `Send` and `Unpin`.
#[must_use = "a future does nothing until it is awaited"]
pub struct Waiting<P> {
    inner: Pin<Box<dyn Future<Output = Result<Response<P>, Error>> + Send>>,
}

impl<P> Future for Waiting<P> {
    type Output = Result<Response<P>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<P> std::fmt::Debug for Waiter<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter")
            .field("operation", &self.operation)
            .field("max_wait", &self.max_wait)
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .finish_non_exhaustive()
    }
}

impl<P> std::fmt::Debug for Waiting<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waiting")
    }
}

impl<P> Waiter<P>
where
    P: serde::de::DeserializeOwned + Send + 'static,
{
    /// A waiter (for generated code): `poll` asks once, `classify` reads the answer.
    #[doc(hidden)]
    pub fn new(
        operation: &'static str,
        goal: &'static str,
        max_wait: Duration,
        poll: Box<dyn FnMut() -> Pending<Response<P>> + Send>,
        classify: fn(&P) -> WaitState,
    ) -> Self {
        let (min_delay, max_delay) = (Duration::from_secs(2), Duration::from_secs(60));
        Waiter { operation, goal, max_wait, min_delay, max_delay, poll, classify }
    }

    /// The first delay between polls (default 2 s); each next one doubles, up to
    /// [`max_delay`](Self::max_delay).
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest delay between polls (default 60 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }
}

impl<P> IntoFuture for Waiter<P>
where
    P: serde::de::DeserializeOwned + Send + 'static,
{
    type Output = Result<Response<P>, Error>;
    type IntoFuture = Waiting<P>;

    fn into_future(self) -> Self::IntoFuture {
        let Waiter { operation, goal, max_wait, min_delay, max_delay, mut poll, classify } = self;
        let inner = Box::pin(async move {
            let started = tokio::time::Instant::now();
            let mut delay = min_delay;
            loop {
                let response = poll().await?;
                match classify(&response) {
                    WaitState::Success => return Ok(response),
                    WaitState::Failure(state) => {
                        let message = format!("it ended with state `{state}` while waiting for {goal}");
                        return Err(Error::Wait { operation, state: Some(state), message });
                    }
                    WaitState::Pending(_) => {}
                };
                // The server's `Retry-After`, when it gives one, else the backoff; never past
                // the longest wait, where one last poll is made.
                let asked = crate::retry::retry_after(response.headers(), SystemTime::now());
                let waited = started.elapsed();
                if waited >= max_wait {
                    // The last state is not shown: it may be a value the docs do not list,
                    // which is the server's text (and could echo a secret).
                    let message = format!("still not {goal} after {max_wait:?}");
                    return Err(Error::Wait { operation, state: None, message });
                }
                let wait = asked.unwrap_or(delay).min(max_wait - waited);
                tokio::time::sleep(wait).await;
                delay = delay.saturating_mul(2).min(max_delay);
            }
        });
        Waiting { inner }
    }
}

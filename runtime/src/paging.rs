//! [`Pages`] and [`Items`]: the streams of a listing operation's request builder
//! (`.pages()`, `.items()`), for APIs that page by number (`page`/`size`, `pageNumber`/
//! `pageSize`: [`Paging`]) or by cursor (`after`: [`CursorPaging`]). The generated code says how to ask for page `n` and what a page reports; the
//! loop is here, once.
//!
//! A page is requested only when the stream is polled for it, so a caller that stops sends
//! nothing more. Each page is one call (retried as any call is); an error ends the stream after
//! it is yielded. The stream ends at the last page by whatever the API reports (no items, a
//! page count, a `last` flag, no next link, no next cursor), and with [`Error::Paging`] when the
//! server answers a page other than the one asked for, repeats the previous one, or names a
//! cursor it named before, rather than loop.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt as _;

use crate::error::Error;
use crate::pending::Pending;
use crate::response::Response;

/// What one page of a listing says about where the listing is. Built by generated code from
/// the fields the spec names; a `None` is a fact the API does not report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// How many items the page holds.
    pub items: usize,
    /// The page's own number, as the server reports it.
    pub number: Option<i64>,
    /// How many pages there are, as the server reports it now (it may change while paging).
    pub page_count: Option<i64>,
    /// The server says this is the last page.
    pub last: Option<bool>,
    /// The server links a next page (`false`: no next link).
    pub has_next: Option<bool>,
}

/// The pages of a listing, from the request's starting page: a `Stream` of
/// `Result<Response<P>, Error>` (use `futures::TryStreamExt::try_next`). `Send` and `Unpin`.
#[must_use = "a stream does nothing until it is polled"]
pub struct Pages<P> {
    inner: Pin<Box<dyn Stream<Item = Result<Response<P>, Error>> + Send>>,
}

/// The items of a listing, page after page: a `Stream` of `Result<T, Error>`. `Send` and
/// `Unpin`; it asks for the next page only when the items of the last one are used up.
#[must_use = "a stream does nothing until it is polled"]
pub struct Items<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<P> Stream for Pages<P> {
    type Item = Result<Response<P>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<P> std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pages")
    }
}

impl<T> std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Items")
    }
}

/// How generated code pages one operation.
pub struct Paging<B, P> {
    /// The operation's id, for errors.
    pub operation: &'static str,
    /// The request builder, with the caller's parameters; cloned per page.
    pub builder: B,
    /// The number of the first page to ask for.
    pub first: i64,
    /// Asks for page `n` (the builder with its page parameter set, sent).
    pub send: fn(&B, i64) -> Pending<Response<P>>,
    /// What a page says about the listing.
    pub info: fn(&P) -> PageInfo,
}

impl<B, P> Paging<B, P>
where
    B: Send + 'static,
    P: serde::de::DeserializeOwned + Clone + PartialEq + Send + 'static,
{
    /// The pages.
    pub fn pages(self) -> Pages<P> {
        struct State<B, P> {
            paging: Paging<B, P>,
            /// The page to ask for next; `None` once the listing is over.
            next: Option<i64>,
            previous: Option<P>,
        }
        let next = Some(self.first);
        let state = State { paging: self, next, previous: None };
        let stream = futures_util::stream::unfold(state, |mut state| async move {
            let page = state.next.take()?;
            // The future owns all it needs: no borrow of the state lives across the await
            // (the builder need not be `Sync`).
            let pending = (state.paging.send)(&state.paging.builder, page);
            let response = match pending.await {
                Ok(response) => response,
                Err(error) => return Some((Err(error), state)),
            };
            let info = (state.paging.info)(&response);
            let operation = state.paging.operation;
            if let Some(number) = info.number.filter(|n| *n != page) {
                let message = format!("asked for page {page}, the server answered page {number}");
                return Some((Err(Error::Paging { operation, message }), state));
            }
            if info.items > 0 && state.previous.as_ref() == Some(&*response) {
                let message = format!("page {page} is page {} again (the server ignores the page number)", page - 1);
                return Some((Err(Error::Paging { operation, message }), state));
            }
            // The most telling signal the page carries decides: the page count, then the
            // last-page flag, then the next link (a server, or a fake, that leaves out a link
            // while its count says more pages follow is followed by its count).
            let over = info.items == 0
                || match (info.page_count, info.last, info.has_next) {
                    (Some(count), ..) => page >= count,
                    (None, Some(last), _) => last,
                    (None, None, Some(next)) => !next,
                    (None, None, None) => false,
                };
            state.next = if over { None } else { page.checked_add(1) };
            state.previous = Some((*response).clone());
            Some((Ok(response), state))
        });
        Pages { inner: Box::pin(stream) }
    }

    /// The items of the pages, in order; `items` takes them out of a page.
    pub fn items<T: Send + 'static>(self, items: fn(P) -> Vec<T>) -> Items<T> {
        Items { inner: Box::pin(flatten(self.pages(), items)) }
    }
}

/// How generated code pages one operation by cursor: each page names the next one's cursor
/// (Genesys's `cursors.after`), absent or empty on the last.
pub struct CursorPaging<B, P> {
    /// The operation's id, for errors.
    pub operation: &'static str,
    /// The request builder, with the caller's parameters; cloned per page.
    pub builder: B,
    /// The cursor to start from (the builder's own, if set).
    pub first: Option<String>,
    /// Asks for the page at `cursor` (the builder with its cursor parameter set, sent).
    pub send: fn(&B, Option<&str>) -> Pending<Response<P>>,
    /// The next page's cursor, as the page says.
    pub next: fn(&P) -> Option<String>,
    /// How many items the page holds.
    pub count: fn(&P) -> usize,
}

impl<B, P> CursorPaging<B, P>
where
    B: Send + 'static,
    P: serde::de::DeserializeOwned + Send + 'static,
{
    /// The pages.
    pub fn pages(self) -> Pages<P> {
        struct State<B, P> {
            paging: CursorPaging<B, P>,
            /// The cursor to ask for next (`Some(None)`: the start); `None` once over.
            next: Option<Option<String>>,
            seen: std::collections::HashSet<String>,
        }
        let next = Some(self.first.clone());
        let state = State { paging: self, next, seen: std::collections::HashSet::new() };
        let stream = futures_util::stream::unfold(state, |mut state| async move {
            let cursor = state.next.take()?;
            let pending = (state.paging.send)(&state.paging.builder, cursor.as_deref());
            let response = match pending.await {
                Ok(response) => response,
                Err(error) => return Some((Err(error), state)),
            };
            let operation = state.paging.operation;
            let next = (state.paging.next)(&response).filter(|c| !c.is_empty());
            if (state.paging.count)(&response) == 0 {
                return Some((Ok(response), state));
            }
            if let Some(next) = next {
                if next == cursor.as_deref().unwrap_or_default() || !state.seen.insert(next.clone()) {
                    // The cursor itself is not shown: it is the server's text, which could
                    // echo a secret.
                    let message = "the server named a cursor it had named before (paging would loop)".to_owned();
                    return Some((Err(Error::Paging { operation, message }), state));
                }
                state.next = Some(Some(next));
            }
            Some((Ok(response), state))
        });
        Pages { inner: Box::pin(stream) }
    }

    /// The items of the pages, in order; `items` takes them out of a page.
    pub fn items<T: Send + 'static>(self, items: fn(P) -> Vec<T>) -> Items<T> {
        Items { inner: Box::pin(flatten(self.pages(), items)) }
    }
}

/// The items of `pages`, page after page (an error as it comes).
fn flatten<P: Send + 'static, T: Send + 'static>(
    pages: Pages<P>,
    items: fn(P) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error>> + Send {
    pages.flat_map(move |page| {
        let batch: Vec<Result<T, Error>> = match page {
            Ok(page) => items(page.into_inner()).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        futures_util::stream::iter(batch)
    })
}

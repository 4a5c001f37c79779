//! Which redirects a client follows: only those that stay at the origin the call was sent to.

use reqwest::redirect::{Attempt, Policy};

#[cfg(doc)]
use crate::Error;

/// Redirects followed in one call at most; the next one is returned as the answer.
const MAX_HOPS: usize = 10;

/// The redirect policy of every client this crate builds: a redirect is followed only when
/// its target has the scheme, host and port of the call's *first* URL, at most 10 times;
/// any other redirect ends the call with the 3xx answer ([`Error::Api`],
/// `Location` in its headers).
///
/// Why not reqwest's default: it follows redirects to any host, and removes `Authorization`
/// only when a hop changes host relative to the hop before, so a chain `A -> B -> B` sends the
/// credentials to `B` on the second hop; form bodies (client secrets) and query strings (API
/// keys) are not removed at all. Comparing each hop with the first URL keeps every credential
/// at the origin it was configured for.
///
/// Give it to a client of your own (with `.referer(false)`, so that no URL, and no API key in
/// one, is repeated in a `Referer` header) before passing it to
/// a client builder's `http_client(..)`:
///
/// ```
/// # use apis_runtime as apis;
/// let http = apis::reqwest::Client::builder()
///     .redirect(apis::same_origin_redirects())
///     .referer(false)
///     .build()?;
/// // apis::genesys::Client::builder().http_client(http).build()?
/// # let _ = http; Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn same_origin_redirects() -> Policy {
    Policy::custom(decide)
}

fn decide(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let Some(first) = attempt.previous().first() else { return attempt.stop() };
    let hops = attempt.previous().len();
    if hops > MAX_HOPS || attempt.url().origin() != first.origin() {
        return attempt.stop();
    }
    attempt.follow()
}

#[cfg(test)]
mod tests {
    use url::Url;

    #[test]
    fn origins_are_compared_by_scheme_host_and_port() {
        let same = |a: &str, b: &str| Url::parse(a).unwrap().origin() == Url::parse(b).unwrap().origin();
        assert!(same("http://127.0.0.1:80/a", "http://127.0.0.1/b?c"));
        assert!(!same("http://127.0.0.1:8080/", "http://127.0.0.1:8081/"));
        assert!(!same("https://api.example/", "http://api.example/"));
        assert!(!same("http://localhost/", "http://127.0.0.1/"));
    }
}

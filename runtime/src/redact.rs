//! [`Redactor`]: takes a client's secrets out of any text an error or a response shows,
//! whatever a server echoed back into it.
//!
//! Redaction works on the text as shown (after JSON strings were unescaped, before `Debug`
//! escaped them again), so each secret is looked for in the forms it can take there: as is,
//! `Debug`-escaped, form- and percent-encoded, and, for client credentials, as the HTTP Basic
//! credential.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use crate::secret::Secret;

/// What a secret is replaced by.
pub(crate) const REDACTED: &str = "<redacted>";

/// The secrets of a client or a call, each in every form it may be shown in. Cheap to clone.
///
/// Every non-empty secret is redacted, however short: a one-letter secret makes messages hard
/// to read (its letter is redacted wherever it stands), never leaky.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    /// Longest first, so that a form containing another is replaced whole.
    forms: Arc<[Box<str>]>,
}

impl Redactor {
    /// Redacts `secrets` (empty ones are ignored) in all their forms.
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        Redactor::default().with(secrets)
    }

    /// These secrets and `more`.
    pub(crate) fn with<'a>(&self, more: impl IntoIterator<Item = &'a str>) -> Self {
        let added: Vec<Box<str>> = more.into_iter().filter(|s| !s.is_empty()).flat_map(forms_of).collect();
        if added.is_empty() {
            // Most calls add nothing: one shared count, no copy.
            return self.clone();
        }
        let mut forms: Vec<Box<str>> = self.forms.iter().cloned().chain(added).collect();
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Redactor { forms: forms.into() }
    }

    /// `text` with every form of every secret replaced by `<redacted>`.
    pub(crate) fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for form in self.forms.iter() {
            if text.contains(&**form) {
                text = Cow::Owned(text.replace(&**form, REDACTED));
            }
        }
        text
    }

    /// Writes what `show` writes, redacted.
    pub(crate) fn write(&self, f: &mut fmt::Formatter<'_>, show: impl fmt::Display) -> fmt::Result {
        f.write_str(&self.redact(&show.to_string()))
    }
}

/// The forms `secret` takes in shown text.
fn forms_of(secret: &str) -> Vec<Box<str>> {
    let debug = format!("{secret:?}");
    let escaped = &debug[1..debug.len() - 1];
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let percent = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let mut forms: Vec<Box<str>> = vec![secret.into(), escaped.into(), form.into(), percent.into()];
    forms.sort();
    forms.dedup();
    forms
}

/// The HTTP Basic credential of `id` and `secret` (base64 of `id:secret`), with and without
/// the form-encoding RFC 6749 section 2.3.1 asks for: a server that echoes the header shows it.
pub(crate) fn basic_credentials(id: &str, secret: &str) -> [String; 2] {
    use base64::Engine as _;
    let encode = |raw: &str| -> String { url::form_urlencoded::byte_serialize(raw.as_bytes()).collect() };
    let plain = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", encode(id), encode(secret)));
    [plain, encoded]
}

/// `Bearer <token>` or any `<scheme> <credential>` header value: the credential.
pub(crate) fn credential_of(header: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(header).ok()?;
    Some(text.split_once(' ').map_or(text, |(_, credential)| credential.trim()))
}

/// The secrets a call knew besides its client's: its secret parameters and the tokens it sent.
/// Kept until the call ends, so an error or response made then can be redacted.
#[derive(Clone, Default)]
pub(crate) struct CallSecrets {
    pub params: Vec<Secret>,
    /// The `Authorization` values a token source gave this call (a 401 replaces one).
    pub tokens: [Option<reqwest::header::HeaderValue>; 2],
}

impl CallSecrets {
    /// `client` extended with these secrets.
    pub(crate) fn redactor(&self, client: &Redactor) -> Redactor {
        let tokens = self.tokens.iter().flatten().filter_map(|value| credential_of(value.as_bytes()));
        client.with(self.params.iter().map(Secret::expose).chain(tokens))
    }

    pub(crate) fn add_token(&mut self, token: &reqwest::header::HeaderValue) {
        match &mut self.tokens {
            [first @ None, _] => *first = Some(token.clone()),
            [Some(first), _] if first == token => {}
            [_, second] => *second = Some(token.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_secret_is_redacted() {
        let redactor = Redactor::new(["s3c \"r/t\""]);
        for shown in [
            "raw s3c \"r/t\" end",
            "debug \"s3c \\\"r/t\\\"\" end",
            "form s3c+%22r%2Ft%22 end",
            "percent s3c%20%22r%2Ft%22 end",
        ] {
            let redacted = redactor.redact(shown);
            assert!(redacted.contains(REDACTED) && !redacted.contains("s3c"), "{shown} -> {redacted}");
        }
        assert_eq!(redactor.redact("nothing secret"), "nothing secret");
    }

    #[test]
    fn longer_secrets_go_first_and_empty_ones_are_ignored() {
        let redactor = Redactor::new(["abc", "", "abcdef"]);
        assert_eq!(redactor.redact("xabcdefx abc"), "x<redacted>x <redacted>");
        assert!(Redactor::new([""]).forms.is_empty());
    }

    #[test]
    fn basic_credentials_and_tokens_are_known_in_their_wire_forms() {
        let [plain, encoded] = basic_credentials("id", "a b");
        assert_eq!(plain, "aWQ6YSBi");
        assert_eq!(encoded, "aWQ6YSti");
        assert_eq!(credential_of(b"Bearer tok"), Some("tok"));
        let mut call = CallSecrets::default();
        call.add_token(&reqwest::header::HeaderValue::from_static("Bearer tok-1"));
        call.add_token(&reqwest::header::HeaderValue::from_static("Bearer tok-1"));
        call.add_token(&reqwest::header::HeaderValue::from_static("Bearer tok-2"));
        let redactor = call.redactor(&Redactor::default());
        assert_eq!(redactor.redact("tok-1 tok-2"), "<redacted> <redacted>");
    }
}

//! What may be printed, and how: secrets never, untrusted text only made
//! safe.
//!
//! `Secret<T>` has no `Display`, and its `Debug` prints `Secret([redacted])`;
//! the value is read with an explicit [`Secret::expose`]. [`redact`] is the one
//! way a token appears in traces: its first 6 characters and its length.
//!
//! Text that came from a token or a server is untrusted: [`printable`]
//! escapes what could forge a line or drive the terminal (re-exported as
//! `output::printable`, which every text renderer uses), and [`server_text`]
//! also applies the `-v` trace's redaction ([`redact_text`]) to what a server
//! said, so a secret it echoes back (an `error_description` quoting the
//! `Authorization` header) is shortened like the trace would shorten it.

use std::borrow::Cow;
use std::fmt;

/// A value that never prints.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    /// Wrap a secret value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// Read the secret. Every call site is a place where it may leak: keep
    /// them few and obvious.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Serialising exposes the value: it is for the token store and for the
/// `-o json` output a user asked for, never for diagnostics.
impl<T: serde::Serialize> serde::Serialize for Secret<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Secret<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Secret)
    }
}

/// A token or secret as it may appear in diagnostics: the first 6 characters
/// and the length, e.g. `eyJhbG…[812 chars]`.
pub fn redact(value: &str) -> String {
    let n = value.chars().count();
    if n <= 12 {
        return format!("[redacted, {n} chars]");
    }
    let head: String = value.chars().take(6).collect();
    format!("{head}…[{n} chars]")
}

/// Whether a character must not reach a terminal as it is: C0 and C1
/// controls and DEL (newlines that forge a line such as a standalone
/// `VALID`, escape sequences), and the invisible characters that reorder
/// or split what is shown (bidirectional overrides and isolates, line and
/// paragraph separators; the "Trojan Source" characters of CVE-2021-42574).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
                | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Untrusted text made safe to print on one line: `\n`, `\r`, `\t` and
/// `\u{…}` (Rust's notation) for each C0 or C1 control, DEL, bidirectional
/// override or isolate, and line or paragraph separator;
/// everything else, backslashes included, as it is (so escaping twice
/// changes nothing). Borrowed when there is nothing to escape.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// What a server said, as it may be printed: redacted ([`redact_text`])
/// and escaped ([`printable`]).
pub fn server_text(s: &str) -> String {
    printable(&redact_text(s)).into_owned()
}

/// Authorization schemes whose credential follows them (RFC 9110 §11.4).
const AUTH_SCHEMES: &[&str] = &["basic", "bearer", "dpop", "digest", "negotiate", "mac"];

/// A character of RFC 6750's `b64token`/RFC 9110's `token68`.
fn token68_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=')
}

/// The `-v` trace's redaction applied to free text, for what a server
/// said (an `error_description`, an error body): the credential after an
/// authorization scheme (`Basic Y2xp…`, as `redact_header` shortens it), the
/// value of a parameter or JSON member named in
/// [`crate::http::SECRET_FIELDS`] (`client_secret=…`, `"refresh_token":"…"`,
/// as `redact_url` and `redact_body` shorten them), and anything shaped like
/// a JWT (`eyJ….…`).
pub fn redact_text(s: &str) -> String {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    // The end (char index) of a run of chars satisfying `f` from `from`.
    let run = |from: usize, f: &dyn Fn(char) -> bool| {
        let mut j = from;
        while j < chars.len() && f(chars[j].1) {
            j += 1;
        }
        j
    };
    let byte = |j: usize| chars.get(j).map_or(s.len(), |(b, _)| *b);
    while i < chars.len() {
        let at_word_start =
            i == 0 || !chars[i - 1].1.is_ascii_alphanumeric() && chars[i - 1].1 != '_';
        if at_word_start && chars[i].1.is_ascii_alphabetic() {
            let end = run(i, &|c| c.is_ascii_alphanumeric() || c == '_');
            let word = &s[byte(i)..byte(end)];
            // `Scheme credential`
            if AUTH_SCHEMES.iter().any(|a| word.eq_ignore_ascii_case(a)) {
                let gap = run(end, &|c| c == ' ');
                let cred_end = run(gap, &token68_char);
                let cred = &s[byte(gap)..byte(cred_end)];
                // A credential, not the next word of a sentence ("basic
                // plan", "bearer authentication"): base64 and random
                // tokens mix cases, digits or punctuation.
                let credential = !cred.is_empty() && !cred.bytes().all(|b| b.is_ascii_lowercase());
                if gap > end && credential {
                    out.push_str(&s[byte(i)..byte(gap)]);
                    out.push_str(&redact(&s[byte(gap)..byte(cred_end)]));
                    i = cred_end;
                    continue;
                }
            }
            // `name=value`, `"name":"value"`, `name: value`
            if crate::http::SECRET_FIELDS.contains(&word) {
                let mut j = end;
                if chars.get(j).is_some_and(|c| c.1 == '"') {
                    j += 1;
                }
                let sep_start = j;
                j = run(j, &|c| c == ' ');
                if chars.get(j).is_some_and(|c| c.1 == '=' || c.1 == ':') {
                    j = run(j + 1, &|c| c == ' ');
                    let quoted = chars.get(j).is_some_and(|c| c.1 == '"' || c.1 == '\'');
                    let v_start = if quoted { j + 1 } else { j };
                    let v_end = if quoted {
                        let q = chars[j].1;
                        run(v_start, &|c| c != q)
                    } else {
                        run(v_start, &|c| {
                            !c.is_whitespace() && !matches!(c, '&' | ',' | ';' | '"' | '\'')
                        })
                    };
                    if v_end > v_start && sep_start <= j {
                        out.push_str(&s[byte(i)..byte(v_start)]);
                        out.push_str(&redact(&s[byte(v_start)..byte(v_end)]));
                        i = v_end;
                        continue;
                    }
                }
            }
            // A JWT: `eyJ` then base64url parts joined by dots.
            if word.starts_with("eyJ") {
                let jwt_end = run(i, &|c| {
                    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
                });
                if s[byte(i)..byte(jwt_end)].contains('.') {
                    out.push_str(&redact(&s[byte(i)..byte(jwt_end)]));
                    i = jwt_end;
                    continue;
                }
            }
            out.push_str(word);
            i = end;
            continue;
        }
        out.push(chars[i].1);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        assert!(matches!(printable("plain é ✓"), Cow::Borrowed(_)));
        assert_eq!(
            printable("x\nVALID\r\t\u{1b}[2J\u{7f}\u{9b}\u{202e}\\n"),
            "x\\nVALID\\r\\t\\u{1b}[2J\\u{7f}\\u{9b}\\u{202e}\\n"
        );
        let once = printable("a\u{1b}b").into_owned();
        assert_eq!(printable(&once), once);
    }

    #[test]
    fn echoed_secrets_are_redacted_as_in_traces() {
        assert_eq!(
            redact_text("bad header: Authorization: Basic Y2xpOmh1bnRlcjItc2VjcmV0LXZhbHVl"),
            "bad header: Authorization: Basic Y2xpOm…[32 chars]"
        );
        assert_eq!(
            redact_text("got client_secret=hunter2-very-secret&grant_type=x"),
            "got client_secret=hunter…[19 chars]&grant_type=x"
        );
        assert_eq!(
            redact_text(r#"{"refresh_token": "rt-0123456789abcdef", "ok": 1}"#),
            r#"{"refresh_token": "rt-012…[19 chars]", "ok": 1}"#
        );
        assert_eq!(
            redact_text("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl was bad"),
            "token eyJhbG…[49 chars] was bad"
        );
        // Ordinary prose is left alone.
        let prose = "The basic plan: the code is wrong, token expired (see docs).";
        assert_eq!(redact_text(prose), prose);
        assert_eq!(redact_text("évité: Bearer é"), "évité: Bearer é");
        assert_eq!(
            redact_text("Bearer authentication failed"),
            "Bearer authentication failed"
        );
        assert_eq!(
            server_text("a\nBearer abcDEF0123456789"),
            "a\\nBearer abcDEF…[16 chars]"
        );
    }

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-very-secret".to_string());
        assert_eq!(format!("{s:?}"), "Secret([redacted])");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }

    #[test]
    fn redact_keeps_six_characters_and_the_length() {
        assert_eq!(redact("eyJhbGciOiJSUzI1NiJ9.e30.sig"), "eyJhbG…[28 chars]");
        assert_eq!(redact("short"), "[redacted, 5 chars]");
    }
}

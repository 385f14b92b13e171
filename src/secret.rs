//! A value that must never be printed: client secrets, HMAC keys, tokens.
//!
//! `Secret<T>` has no `Display`, and its `Debug` prints `Secret([redacted])`;
//! the value is read with an explicit [`Secret::expose`]. [`redact`] is the one
//! way a token appears in traces: its first 6 characters and its length.

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

#[cfg(test)]
mod tests {
    use super::*;

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

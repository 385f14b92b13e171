//! The tokens a grant returned: what the flows make, the store keeps and
//! the token commands print. Foundation: a plain value type, so that the
//! store and the flows can share it without importing each other.

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// The tokens a grant returned, with an absolute expiry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenSet {
    /// The access token.
    pub access_token: Secret<String>,
    /// `token_type` (usually `Bearer`).
    pub token_type: String,
    /// Unix seconds when the access token expires, if the server said.
    pub expires_at: Option<i64>,
    /// `expires_in` as the server sent it.
    pub expires_in: Option<u64>,
    /// A refresh token, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret<String>>,
    /// An ID token, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Secret<String>>,
    /// Granted scope, if the server said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The granted `authorization_details` (RFC 9396 §7), if the server
    /// said: what the access token may be used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// RFC 8693 §2.2.1 `issued_token_type`: what a token exchange issued
    /// (an access token, an ID token, a JWT…), if the server said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_token_type: Option<String>,
}

impl TokenSet {
    /// The access token: every call site is a place where it may leak.
    pub fn expose_access_token(&self) -> &str {
        self.access_token.expose()
    }

    /// The refresh token, if any (see [`TokenSet::expose_access_token`]).
    pub fn expose_refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_ref().map(|t| t.expose().as_str())
    }

    /// The ID token, if any (see [`TokenSet::expose_access_token`]).
    pub fn expose_id_token(&self) -> Option<&str> {
        self.id_token.as_ref().map(|t| t.expose().as_str())
    }

    /// Take the granted `authorization_details` (RFC 9396 §7) from a raw
    /// token response body, when it has them (a JSON array).
    pub fn granted_details_from(&mut self, body: &[u8]) {
        self.authorization_details = authorization_details_in(body);
    }

    /// Seconds left before expiry (`None`: the server gave no lifetime).
    pub fn ttl(&self, now: i64) -> Option<i64> {
        self.expires_at.map(|e| e.saturating_sub(now))
    }
}

/// The `authorization_details` member of a token response body (RFC 9396
/// §7): a JSON array, else nothing.
pub fn authorization_details_in(body: &[u8]) -> Option<serde_json::Value> {
    match serde_json::from_slice::<serde_json::Value>(body).ok()? {
        serde_json::Value::Object(mut m) => match m.remove("authorization_details")? {
            v @ serde_json::Value::Array(_) => Some(v),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granted_details_are_an_array_from_the_response() {
        let body = br#"{"access_token":"at","authorization_details":[{"type":"payment"}]}"#;
        assert_eq!(
            authorization_details_in(body),
            Some(serde_json::json!([{"type": "payment"}]))
        );
        assert_eq!(
            authorization_details_in(br#"{"authorization_details":"x"}"#),
            None
        );
        assert_eq!(authorization_details_in(b"<html>"), None);
        assert_eq!(authorization_details_in(br#"{"access_token":"at"}"#), None);
    }
}

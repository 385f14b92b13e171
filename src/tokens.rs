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

    /// Seconds left before expiry (`None`: the server gave no lifetime).
    pub fn ttl(&self, now: i64) -> Option<i64> {
        self.expires_at.map(|e| e.saturating_sub(now))
    }
}

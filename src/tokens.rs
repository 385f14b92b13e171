//! The tokens a grant returned: what the flows make, the store keeps and
//! the token commands print. Foundation: a plain value type, so that the
//! store and the flows can share it without importing each other.

use serde::{Deserialize, Serialize};

use crate::secret::Secret;

/// The tokens a grant returned, with an absolute expiry.
#[derive(Clone, Serialize, Deserialize)]
pub struct TokenSet {
    /// The access token.
    pub access_token: String,
    /// `token_type` (usually `Bearer`).
    pub token_type: String,
    /// Unix seconds when the access token expires, if the server said.
    pub expires_at: Option<i64>,
    /// `expires_in` as the server sent it.
    pub expires_in: Option<u64>,
    /// A refresh token, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// An ID token, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// Granted scope, if the server said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &Secret::new(()))
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl TokenSet {
    /// Seconds left before expiry (`None`: the server gave no lifetime).
    pub fn ttl(&self, now: i64) -> Option<i64> {
        self.expires_at.map(|e| e - now)
    }
}

//! The provider's memory: pending sign-ins, codes, refresh-token families,
//! device requests, browser sessions and revocations. Nothing is written
//! to disk; a restart forgets everything (and makes new keys).
//!
//! Entries are dropped when they expire, lazily, as the maps grow.

use std::collections::{HashMap, HashSet};

/// What a user approved for a client: the root of every token issued from
/// one authorization (a refresh-token family, RFC 9700 §4.14.2).
#[derive(Debug, Clone)]
pub struct Grant {
    /// Identifies the family; revoking it revokes every token in it.
    pub id: String,
    /// The client.
    pub client_id: String,
    /// The user's `sub`.
    pub sub: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Access-token audiences.
    pub audiences: Vec<String>,
    /// When the user authenticated.
    pub auth_time: i64,
    /// `acr`.
    pub acr: String,
    /// `amr`.
    pub amr: Vec<String>,
    /// The browser session, if any.
    pub sid: Option<String>,
    /// Granted `authorization_details` (RFC 9396), kept on refresh.
    pub authorization_details: Option<serde_json::Value>,
    /// The DPoP key (RFC 7638 thumbprint) the refresh tokens of a public
    /// client are bound to (RFC 9449 §5).
    pub dpop_jkt: Option<String>,
}

/// An authorization request waiting for the user (the login page).
#[derive(Debug, Clone)]
pub struct Pending {
    /// Client.
    pub client_id: String,
    /// Redirect URI, as sent.
    pub redirect_uri: String,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// `state`.
    pub state: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// PKCE S256 challenge.
    pub code_challenge: Option<String>,
    /// Audiences asked for (`resource`/`audience`).
    pub audiences: Vec<String>,
    /// `authorization_details` asked for (RFC 9396).
    pub authorization_details: Option<serde_json::Value>,
    /// How the response goes back (`response_mode`, JARM).
    pub response_mode: super::authorize::ResponseMode,
    /// `dpop_jkt`: the DPoP key the code is bound to (RFC 9449 §10).
    pub dpop_jkt: Option<String>,
    /// Expiry.
    pub expires_at: i64,
    /// Failed password attempts.
    pub failures: u32,
}

/// An issued authorization code.
#[derive(Debug, Clone)]
pub struct Code {
    /// What it grants.
    pub grant: Grant,
    /// The redirect URI of the request (must come back, RFC 6749 §4.1.3).
    pub redirect_uri: String,
    /// PKCE S256 challenge.
    pub code_challenge: Option<String>,
    /// `nonce` for the ID token.
    pub nonce: Option<String>,
    /// `dpop_jkt` of the request: the token request's proof must use it.
    pub dpop_jkt: Option<String>,
    /// Expiry.
    pub expires_at: i64,
    /// Already exchanged (a second use revokes the grant, RFC 6749 §4.1.2).
    pub used: bool,
}

/// A pushed authorization request (RFC 9126), by its `request_uri`.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// The client that pushed it (authenticated).
    pub client_id: String,
    /// The request's parameters (a request object's already unpacked).
    pub params: super::wire::Params,
    /// Expiry.
    pub expires_at: i64,
    /// Already used at the authorization endpoint (RFC 9126 §4: once).
    pub used: bool,
}

/// An issued refresh token.
#[derive(Debug, Clone)]
pub struct Refresh {
    /// What it grants.
    pub grant: Grant,
    /// Expiry.
    pub expires_at: i64,
    /// Already rotated: presenting it again is reuse.
    pub used: bool,
}

/// Where a device request stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStatus {
    /// Waiting for the user.
    Pending,
    /// Approved by this user (sub), at this time.
    Approved {
        /// The user's sub.
        sub: String,
        /// When.
        auth_time: i64,
        /// How (`amr`).
        amr: Vec<String>,
    },
    /// Refused.
    Denied,
}

/// A device authorization request (RFC 8628).
#[derive(Debug, Clone)]
pub struct Device {
    /// Client.
    pub client_id: String,
    /// The code the user types.
    pub user_code: String,
    /// Scopes asked for.
    pub scopes: Vec<String>,
    /// Audiences asked for.
    pub audiences: Vec<String>,
    /// `authorization_details` asked for (RFC 9396).
    pub authorization_details: Option<serde_json::Value>,
    /// PKCE S256 challenge of the device authorization request.
    pub code_challenge: Option<String>,
    /// Expiry.
    pub expires_at: i64,
    /// Polling interval now in force (grows with `slow_down`).
    pub interval: i64,
    /// Last poll.
    pub last_poll: Option<i64>,
    /// Status.
    pub status: DeviceStatus,
}

/// A signed-in browser.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user's sub.
    pub sub: String,
    /// When they authenticated.
    pub auth_time: i64,
    /// How.
    pub amr: Vec<String>,
    /// Expiry.
    pub expires_at: i64,
}

/// Everything, behind one lock (held for microseconds).
#[derive(Debug, Default)]
pub struct State {
    /// Pending sign-ins by transaction ID.
    pub pending: HashMap<String, Pending>,
    /// Codes.
    pub codes: HashMap<String, Code>,
    /// Refresh tokens.
    pub refresh: HashMap<String, Refresh>,
    /// Revoked grants (families).
    pub revoked_grants: HashSet<String>,
    /// Access tokens issued from a grant: jti → (grant id, exp).
    pub access_grant: HashMap<String, (String, i64)>,
    /// Revoked access tokens: jti → exp.
    pub revoked_jti: HashMap<String, i64>,
    /// Device requests by device code.
    pub devices: HashMap<String, Device>,
    /// Device codes by user code.
    pub user_codes: HashMap<String, String>,
    /// Browser sessions.
    pub sessions: HashMap<String, Session>,
    /// `jti`s of client assertions seen, until they expire (RFC 7523 §3).
    pub assertion_jti: HashMap<String, i64>,
    /// Pushed authorization requests by `request_uri`.
    pub pushed: HashMap<String, Pushed>,
    /// `jti`s of DPoP proofs seen, until they leave the `iat` window
    /// (RFC 9449 §11.1).
    pub dpop_jti: HashMap<String, i64>,
    /// DPoP nonces handed out, until they expire (RFC 9449 §8).
    pub dpop_nonces: HashMap<String, i64>,
    inserts: u64,
}

impl State {
    /// Count an insertion, and now and then drop what has expired.
    pub fn tick(&mut self, now: i64) {
        self.inserts += 1;
        if !self.inserts.is_multiple_of(1024) {
            return;
        }
        self.pending.retain(|_, p| p.expires_at > now);
        self.codes.retain(|_, c| c.expires_at > now);
        self.refresh.retain(|_, r| r.expires_at > now);
        self.access_grant.retain(|_, (_, exp)| *exp > now);
        self.revoked_jti.retain(|_, exp| *exp > now);
        let before = self.devices.len();
        self.devices.retain(|_, d| d.expires_at > now);
        if self.devices.len() != before {
            let live: HashSet<&String> = self.devices.keys().collect();
            self.user_codes.retain(|_, dc| live.contains(dc));
        }
        self.sessions.retain(|_, s| s.expires_at > now);
        self.assertion_jti.retain(|_, exp| *exp > now);
        self.pushed.retain(|_, p| p.expires_at > now);
        self.dpop_jti.retain(|_, exp| *exp > now);
        self.dpop_nonces.retain(|_, exp| *exp > now);
    }

    /// Revoke a grant: its refresh tokens and access tokens stop working.
    pub fn revoke_grant(&mut self, id: &str) {
        self.revoked_grants.insert(id.to_owned());
        self.refresh.retain(|_, r| r.grant.id != id);
    }

    /// Whether an access token (by `jti`) was revoked, directly or through
    /// its grant.
    pub fn access_revoked(&self, jti: &str) -> bool {
        self.revoked_jti.contains_key(jti)
            || self
                .access_grant
                .get(jti)
                .is_some_and(|(g, _)| self.revoked_grants.contains(g))
    }
}

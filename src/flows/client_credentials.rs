//! The client credentials grant (RFC 6749 §4.4), with RFC 8707 resources,
//! an `audience` parameter and extra parameters.

use oauth2::Scope;

use super::client_auth::ClientAuth;
use super::{TokenSet, exchange};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;

/// What to ask for.
#[derive(Debug)]
pub struct Grant {
    /// Token endpoint URL.
    pub token_endpoint: String,
    /// The client and its authentication.
    pub auth: ClientAuth,
    /// Scopes.
    pub scopes: Vec<String>,
    /// RFC 8707 resource indicators.
    pub resources: Vec<String>,
    /// The `audience` parameter some servers use.
    pub audience: Option<String>,
    /// Extra parameters.
    pub params: Vec<(String, String)>,
}

impl Grant {
    /// A stable key for the cache: everything that changes which token the
    /// server would issue. Scopes and resources are sorted; the secret is
    /// not part of it.
    pub fn cache_key(&self) -> String {
        let mut scopes = self.scopes.clone();
        scopes.sort();
        let mut resources = self.resources.clone();
        resources.sort();
        let mut params = self.params.clone();
        params.sort();
        let material = serde_json::json!([
            self.token_endpoint,
            self.auth.client_id(),
            self.auth.method(),
            scopes,
            resources,
            self.audience,
            params,
        ]);
        let digest =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, material.to_string().as_bytes());
        hex::encode(&digest.as_ref()[..16])
    }
}

const WHAT: &str = "requesting a client-credentials token from";

/// Ask the token endpoint for a token.
pub fn request(http: &HttpClient, clock: &dyn Clock, grant: &Grant) -> Result<TokenSet> {
    let now = clock.now();
    let url = exchange::token_url(&grant.token_endpoint)?;
    let client = grant.auth.client(url);
    let mut req = client.exchange_client_credentials();
    for s in &grant.scopes {
        req = req.add_scope(Scope::new(s.clone()));
    }
    for r in &grant.resources {
        req = req.add_extra_param("resource", r.clone());
    }
    if let Some(a) = &grant.audience {
        req = req.add_extra_param("audience", a.clone());
    }
    for (k, v) in &grant.params {
        req = req.add_extra_param(k.clone(), v.clone());
    }
    let extra = grant
        .auth
        .extra_params(&grant.token_endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    let resp = req
        .request(&|r| exchange::send(http, clock, WHAT, r))
        .map_err(|e| exchange::token_error(WHAT, &grant.token_endpoint, e))?;
    Ok(exchange::token_set(&resp, now))
}

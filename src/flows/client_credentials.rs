//! The client credentials grant (RFC 6749 §4.4), with RFC 8707 resources,
//! an `audience` parameter and extra parameters.

use oauth2::Scope;

use super::client_auth::ClientAuth;
use super::{TokenSet, exchange};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;

/// Where the token endpoint comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenEndpoint {
    /// Given: a flag, the profile, a provider preset.
    Url(String),
    /// The issuer's metadata: its `token_endpoint`, or for mutual TLS its
    /// `mtls_endpoint_aliases.token_endpoint` first (RFC 8705 §5). Looked
    /// up only when a token must be requested, so a cache hit sends no
    /// request at all, and is served while the issuer is down.
    Discovered {
        /// The issuer.
        issuer: String,
        /// Whether the client authenticates with a certificate.
        mtls: bool,
    },
}

impl TokenEndpoint {
    /// The endpoint URL, asking the issuer's discovery when needed.
    pub fn resolve(&self, http: &HttpClient) -> Result<String> {
        match self {
            TokenEndpoint::Url(u) => Ok(u.clone()),
            TokenEndpoint::Discovered { issuer, mtls } => {
                crate::provider::discovery::fetch(http, issuer)?.token_endpoint_for(*mtls)
            }
        }
    }

    /// What names it in the cache key.
    pub fn cache_name(&self) -> String {
        match self {
            TokenEndpoint::Url(u) => u.clone(),
            TokenEndpoint::Discovered { issuer, mtls } => {
                format!("{issuer} (discovery{})", if *mtls { ", mTLS" } else { "" })
            }
        }
    }
}

/// What to ask for.
#[derive(Debug)]
pub struct Grant {
    /// Token endpoint.
    pub token_endpoint: TokenEndpoint,
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
    /// RFC 9396 `authorization_details` (a JSON array).
    pub authorization_details: Option<serde_json::Value>,
}

impl Grant {
    /// A stable key for the cache: every request parameter, since each can
    /// change which token the server issues (the token endpoint, and with
    /// discovery whether the mTLS alias is used; the client ID and its
    /// authentication method; scopes, resources, `audience`, `--param`s,
    /// `authorization_details`).
    /// Scopes, resources and params are sorted; the secret is not part of
    /// it. A parameter added to the request is added to `material` too.
    pub fn cache_key(&self) -> String {
        let mut scopes = self.scopes.clone();
        scopes.sort();
        let mut resources = self.resources.clone();
        resources.sort();
        let mut params = self.params.clone();
        params.sort();
        let mut material = serde_json::json!([
            self.token_endpoint.cache_name(),
            self.auth.client_id(),
            self.auth.method(),
            scopes,
            resources,
            self.audience,
            params,
        ]);
        // Only when given, so the keys of earlier caches stay the same.
        if let (Some(d), Some(list)) = (&self.authorization_details, material.as_array_mut()) {
            list.push(d.clone());
        }
        let digest =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, material.to_string().as_bytes());
        hex::encode(&digest.as_ref()[..16])
    }
}

const WHAT: &str = "requesting a client-credentials token from";

/// Ask the token endpoint for a token.
pub fn request(http: &HttpClient, clock: &dyn Clock, grant: &Grant) -> Result<TokenSet> {
    let endpoint = grant.token_endpoint.resolve(http)?;
    let now = clock.now();
    let url = exchange::token_url(&endpoint)?;
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
    if let Some(d) = &grant.authorization_details {
        req = req.add_extra_param("authorization_details", d.to_string());
    }
    let extra = grant
        .auth
        .extra_params(&endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    // The basic token response has no `authorization_details`: keep the
    // raw body for the granted ones (RFC 9396 §7).
    let raw = std::cell::RefCell::new(Vec::new());
    let resp = req
        .request(&|r| {
            let resp = exchange::send_renewing(
                http,
                clock,
                WHAT,
                r,
                &grant.auth.renewal(&endpoint, clock),
            )?;
            *raw.borrow_mut() = resp.body().clone();
            Ok(resp)
        })
        .map_err(|e| exchange::token_error(WHAT, &endpoint, e))?;
    let mut set = exchange::token_set(&resp, now, WHAT, &endpoint)?;
    set.granted_details_from(&raw.into_inner());
    Ok(set)
}

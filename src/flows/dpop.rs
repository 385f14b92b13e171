//! DPoP in the client (RFC 9449): the [`ProofSigner`] that an
//! [`HttpClient`] carries ([`Signer`]: a key, a clock and the nonce each
//! server gave last), and [`send`], which puts a fresh proof on a request
//! and retries once when the server demands a nonce.
//!
//! A second demand in a row is an error (exit 3), never a loop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::{HttpClient, ProofSigner, Request, Response};
use crate::jwt::dpop::ProofKey;

/// The error a server gives when a proof lacks its (current) nonce
/// (RFC 9449 §8, §9).
pub const USE_DPOP_NONCE: &str = "use_dpop_nonce";

/// Makes proofs with one key, remembering the last nonce of each origin.
pub struct Signer {
    key: Arc<ProofKey>,
    clock: Arc<dyn Clock>,
    nonces: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer with `key`, dating proofs by `clock`.
    pub fn new(key: Arc<ProofKey>, clock: Arc<dyn Clock>) -> Signer {
        Signer {
            key,
            clock,
            nonces: Mutex::new(HashMap::new()),
        }
    }

    /// The key.
    pub fn key(&self) -> &Arc<ProofKey> {
        &self.key
    }

    /// The nonce remembered for `url`'s origin.
    pub fn nonce_for(&self, url: &str) -> Option<String> {
        let nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        nonces.get(&origin(url)).cloned()
    }
}

/// The origin a nonce belongs to (RFC 9449 §8: a server's nonce is for
/// requests to it): scheme, host and port.
fn origin(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => url.to_owned(),
    }
}

impl ProofSigner for Signer {
    fn proof(&self, method: &str, url: &str, access_token: Option<&str>) -> Result<String, String> {
        let nonce = self.nonce_for(url);
        self.key.proof(
            method,
            url,
            self.clock.now(),
            access_token,
            nonce.as_deref(),
        )
    }

    fn remember_nonce(&self, url: &str, nonce: &str) {
        let mut nonces = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        nonces.insert(origin(url), nonce.to_owned());
    }
}

/// A token cache key for a DPoP-bound grant: the plain grant's `base`
/// with the binding (the given key's thumbprint, or "a generated key" and
/// its algorithm), so a bound token is never served for a plain request,
/// nor one bound to another key.
pub fn cache_key(base: &str, key: Option<&ProofKey>, alg: Option<crate::jwt::Alg>) -> String {
    let binding = match key {
        Some(k) => format!("dpop jkt {}", k.jkt()),
        None => format!(
            "dpop generated {}",
            alg.unwrap_or(crate::jwt::Alg::ES256).name()
        ),
    };
    let material = format!("{base}\n{binding}");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, material.as_bytes());
    hex::encode(&digest.as_ref()[..16])
}

/// Whether a response demands a DPoP nonce: a token endpoint's 400 with
/// the OAuth error `use_dpop_nonce` (RFC 9449 §8), or a resource's 401
/// whose `WWW-Authenticate` says it (§9).
pub fn nonce_demanded(resp: &Response) -> bool {
    match resp.status {
        400 => serde_json::from_slice::<serde_json::Value>(&resp.body).is_ok_and(|v| {
            v.get("error").and_then(serde_json::Value::as_str) == Some(USE_DPOP_NONCE)
        }),
        401 => resp
            .header("www-authenticate")
            .is_some_and(|c| c.contains(USE_DPOP_NONCE)),
        _ => false,
    }
}

/// Send `req` through `http`; when `http` makes DPoP proofs, with a fresh
/// proof in a `DPoP` header (with `ath` for `access_token`), any
/// `DPoP-Nonce` the server answers remembered, and one retry when the
/// server demands a nonce. A second demand in a row, or a demand without a
/// `DPoP-Nonce`, is an error (exit 3). Without a signer, one plain send.
pub fn send(http: &HttpClient, req: &Request, access_token: Option<&str>) -> Result<Response> {
    let Some(signer) = http.dpop() else {
        return http.send(req);
    };
    let resp = send_once(http, signer.as_ref(), req, access_token)?;
    if !nonce_demanded(&resp) {
        return Ok(resp);
    }
    if resp.header("dpop-nonce").is_none() {
        return Err(Error::BadResponse {
            what: req.what.clone(),
            url: req.url.clone(),
            detail: format!(
                "HTTP {}: the server demands a DPoP nonce (use_dpop_nonce) but sent no DPoP-Nonce header",
                resp.status
            ),
        });
    }
    let again = send_once(http, signer.as_ref(), req, access_token)?;
    if nonce_demanded(&again) {
        return Err(Error::BadResponse {
            what: req.what.clone(),
            url: req.url.clone(),
            detail: format!(
                "HTTP {}: the server demanded a new DPoP nonce again, right after the proof \
                 with the nonce it gave; giving up (one retry only)",
                again.status
            ),
        });
    }
    Ok(again)
}

/// One request with a fresh proof; the answer's `DPoP-Nonce` remembered.
fn send_once(
    http: &HttpClient,
    signer: &dyn ProofSigner,
    req: &Request,
    access_token: Option<&str>,
) -> Result<Response> {
    let proof = signer
        .proof(req.method.as_str(), &req.url, access_token)
        .map_err(|e| Error::input("making a DPoP proof", e))?;
    let mut with = req.clone();
    with.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("dpop"));
    with.headers.push(("DPoP".into(), proof));
    let resp = http.send(&with)?;
    if let Some(n) = resp.header("dpop-nonce") {
        signer.remember_nonce(&req.url, n);
    }
    Ok(resp)
}

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

/// A machine token (`cc`, `exchange`) for the cache: with `key`, the
/// request goes with proofs of it, and the key is kept with the tokens
/// when the server bound them to it (`token_type` DPoP) — a server that
/// ignores DPoP issues a plain token, which needs no key.
pub fn machine_entry(
    http: &HttpClient,
    clock: &Arc<dyn Clock>,
    key: Option<Arc<ProofKey>>,
    request: impl FnOnce(&HttpClient) -> Result<crate::tokens::TokenSet>,
) -> Result<super::cache::Entry> {
    let Some(key) = key else {
        return Ok(super::cache::Entry {
            tokens: request(http)?,
            dpop_key: None,
        });
    };
    let signer = Signer::new(Arc::clone(&key), Arc::clone(clock));
    let tokens = request(&http.with_dpop(Arc::new(signer)))?;
    let bound = tokens.token_type.eq_ignore_ascii_case("dpop");
    Ok(super::cache::Entry {
        tokens,
        dpop_key: bound.then(|| key.to_storage()),
    })
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
    send_renewing(http, req, access_token, &|_| Ok(None))
}

/// [`send`], for a request whose body may carry a client assertion: the
/// nonce retry sends the body `renew` makes (an assertion is good for one
/// request, RFC 7523 §3), as `exchange::send_renewing` does for its retry.
pub fn send_renewing(
    http: &HttpClient,
    req: &Request,
    access_token: Option<&str>,
    renew: &super::exchange::Renew<'_>,
) -> Result<Response> {
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
    let mut req = req.clone();
    if let Some(body) = renew(req.body.as_deref().unwrap_or_default())? {
        req.body = Some(body);
    }
    let req = &req;
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

#[cfg(test)]
mod tests {
    //! The exact DPoP header on the requests the flows send, through a fake
    //! transport (as in `request_tests`): a fresh proof per request, the
    //! server's nonce in the one retry, never a second retry.
    use super::*;
    use crate::clock::FixedClock;
    use crate::http::{HttpSettings, Incoming};
    use crate::jwt::Alg;
    use crate::jwt::dpop::{Expect, check};
    use crate::jwt::validate::Status;

    const NOW: i64 = 1_700_000_000;
    const TOKEN_ENDPOINT: &str = "https://as.example/token";
    const NONCE_400: (u16, &str, &str) = (
        400,
        r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#,
        "eyJ7S_zG.eyJH0-Z.HX4w-7v",
    );
    const TOKEN: (u16, &str, &str) = (
        200,
        r#"{"access_token":"at","token_type":"DPoP","expires_in":300}"#,
        "",
    );

    type Seen = Arc<Mutex<Vec<Request>>>;

    /// A client making proofs with a fresh key at `NOW`, whose transport
    /// records each request and answers `replies` in turn (status, body,
    /// `DPoP-Nonce` when not empty).
    fn fake(replies: Vec<(u16, &'static str, &'static str)>) -> (HttpClient, Seen, Arc<ProofKey>) {
        let seen: Seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let http = HttpClient::with_transport(
            HttpSettings::default(),
            None,
            move |req: &Request| {
                let mut log = log.lock().unwrap();
                let (status, body, nonce) = replies[log.len().min(replies.len() - 1)];
                log.push(req.clone());
                let mut headers = vec![("Content-Type".into(), "application/json".into())];
                if !nonce.is_empty() {
                    headers.push(("DPoP-Nonce".into(), nonce.into()));
                    if status == 401 {
                        headers.push((
                        "WWW-Authenticate".into(),
                        r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#.into(),
                    ));
                    }
                }
                Ok(Incoming::new(status, headers, body))
            },
        );
        let key = Arc::new(ProofKey::generate(Alg::ES256).unwrap());
        let signer = Signer::new(Arc::clone(&key), Arc::new(FixedClock(NOW)));
        (http.with_dpop(Arc::new(signer)), seen, key)
    }

    fn token_request(http: &HttpClient) -> Result<oauth2::HttpResponse> {
        let req = oauth2::http::Request::builder()
            .method(oauth2::http::Method::POST)
            .uri(TOKEN_ENDPOINT)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(b"grant_type=client_credentials".to_vec())
            .unwrap();
        super::super::exchange::send(http, &FixedClock(NOW), "requesting a token from", req)
    }

    fn proof_of(req: &Request) -> String {
        let proofs: Vec<&String> = req
            .headers
            .iter()
            .filter(|(k, _)| k == "DPoP")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(proofs.len(), 1, "{:?}", req.headers);
        proofs[0].clone()
    }

    fn expect<'a>(method: &'a str, url: &'a str, key: &'a str) -> Expect<'a> {
        Expect {
            method,
            url,
            now: NOW,
            leeway: 0,
            nonce: None,
            access_token: None,
            jkt: Some(key),
        }
    }

    #[test]
    fn a_token_request_carries_one_fresh_proof_for_it() {
        let (http, seen, key) = fake(vec![TOKEN]);
        assert_eq!(token_request(&http).unwrap().status(), 200);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        let req = &seen[0];
        // The oauth2 crate's headers, then the proof.
        let names: Vec<&str> = req.headers.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["content-type", "Accept", "DPoP"]);
        let jkt = key.jkt();
        let r = check(&proof_of(req), &expect("POST", TOKEN_ENDPOINT, &jkt));
        assert!(r.valid, "{:#?}", r.checks);
        assert_eq!(r.claims["htu"], TOKEN_ENDPOINT);
        assert_eq!(r.claims["iat"], NOW);
        assert!(r.claims.get("ath").is_none() && r.claims.get("nonce").is_none());
    }

    #[test]
    fn use_dpop_nonce_is_retried_once_with_the_servers_nonce() {
        let (http, log, key) = fake(vec![NONCE_400, TOKEN]);
        assert_eq!(token_request(&http).unwrap().status(), 200);
        let jkt = key.jkt();
        {
            let seen = log.lock().unwrap();
            assert_eq!(seen.len(), 2);
            let first = check(&proof_of(&seen[0]), &expect("POST", TOKEN_ENDPOINT, &jkt));
            assert!(first.claims.get("nonce").is_none());
            let e = Expect {
                nonce: Some(NONCE_400.2),
                ..expect("POST", TOKEN_ENDPOINT, &jkt)
            };
            let second = check(&proof_of(&seen[1]), &e);
            assert!(second.valid, "{:#?}", second.checks);
            assert_ne!(first.claims["jti"], second.claims["jti"]);
        }
        // The nonce is remembered for the origin: the next request carries
        // it from the start.
        assert_eq!(token_request(&http).unwrap().status(), 200);
        let seen = log.lock().unwrap();
        assert_eq!(seen.len(), 3);
        let third = check(&proof_of(&seen[2]), &expect("POST", TOKEN_ENDPOINT, &jkt));
        assert_eq!(third.claims["nonce"], NONCE_400.2);
    }

    #[test]
    fn a_second_demand_in_a_row_is_an_error_not_a_loop() {
        let (http, seen, _) = fake(vec![NONCE_400, NONCE_400, TOKEN]);
        let e = token_request(&http).unwrap_err();
        assert_eq!(e.exit_status().code(), 3, "{e}");
        let msg = e.to_string();
        assert_eq!(msg.lines().count(), 1, "{msg}");
        assert!(
            msg.starts_with("requesting a token from https://as.example/token: HTTP 400: the server demanded a new DPoP nonce again"),
            "{msg}"
        );
        assert_eq!(seen.lock().unwrap().len(), 2);
        // A demand without a nonce to use: no retry at all.
        let (http, seen, _) = fake(vec![(400, NONCE_400.1, ""), TOKEN]);
        let e = token_request(&http).unwrap_err();
        assert!(e.to_string().contains("sent no DPoP-Nonce header"), "{e}");
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn userinfo_sends_the_dpop_scheme_and_a_proof_with_ath() {
        const USERINFO: &str = "https://as.example/me";
        let (http, seen, key) = fake(vec![
            (401, "", "n-at-userinfo"),
            (200, r#"{"sub":"u1"}"#, ""),
        ]);
        let claims =
            super::super::userinfo::fetch(&http, USERINFO, "at.1-2_3", Some("u1")).unwrap();
        assert_eq!(claims["sub"], "u1");
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let jkt = key.jkt();
        for (i, req) in seen.iter().enumerate() {
            assert_eq!(req.method, crate::http::Method::Get);
            let names: Vec<&str> = req.headers.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(names, ["Accept", "Authorization", "DPoP"]);
            assert_eq!(req.headers[1].1, "DPoP at.1-2_3");
            let e = Expect {
                access_token: Some("at.1-2_3"),
                nonce: (i == 1).then_some("n-at-userinfo"),
                ..expect("GET", USERINFO, &jkt)
            };
            let r = check(&proof_of(req), &e);
            assert!(r.valid, "request {i}: {:#?}", r.checks);
            assert_eq!(
                r.checks.iter().find(|c| c.name == "ath").unwrap().status,
                Status::Passed
            );
        }
    }

    #[test]
    fn revocation_and_introspection_carry_a_proof_too() {
        let auth = super::super::client_auth::ClientAuth::None {
            client_id: "cli".into(),
        };
        let (http, seen, key) = fake(vec![(200, r#"{"active":true}"#, "")]);
        let jkt = key.jkt();
        super::super::revocation::revoke(
            &http,
            &FixedClock(NOW),
            "https://as.example/revoke",
            &auth,
            "rt",
            super::super::revocation::TokenKind::Refresh,
        )
        .unwrap();
        super::super::introspection::introspect(
            &http,
            &FixedClock(NOW),
            "https://as.example/introspect",
            &auth,
            "at",
            None,
        )
        .unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        for (req, url) in seen
            .iter()
            .zip(["https://as.example/revoke", "https://as.example/introspect"])
        {
            let r = check(&proof_of(req), &expect("POST", url, &jkt));
            assert!(r.valid, "{url}: {:#?}", r.checks);
        }
    }

    #[test]
    fn nonces_are_kept_per_origin() {
        let key = Arc::new(ProofKey::generate(Alg::ES256).unwrap());
        let s = Signer::new(key, Arc::new(FixedClock(NOW)));
        s.remember_nonce("https://as.example:443/token?x", "n1");
        assert_eq!(s.nonce_for("https://as.example/me").as_deref(), Some("n1"));
        assert_eq!(s.nonce_for("https://api.example/me"), None);
        assert_eq!(s.nonce_for("http://as.example/me"), None);
        assert!(!format!("{s:?}").contains("PRIVATE"));
    }

    #[test]
    fn without_a_signer_nothing_changes() {
        let http = HttpClient::with_transport(HttpSettings::default(), None, |req: &Request| {
            assert!(req.headers.iter().all(|(k, _)| k != "DPoP"));
            Ok(Incoming::new(400, vec![], NONCE_400.1))
        });
        let req = Request::get("x", "https://as.example/x", "application/json");
        assert_eq!(send(&http, &req, Some("at")).unwrap().status, 400);
    }
}

//! DPoP at the provider (RFC 9449): proofs checked at the token endpoint
//! (the tokens then bound to the key, `cnf.jkt`), at userinfo and at the
//! demo API (with `ath` and the token's `cnf.jkt`); replayed proofs
//! refused; with `--dpop-nonce`, a server nonce demanded
//! (`use_dpop_nonce` and a `DPoP-Nonce` header, §8-9).
//!
//! Every proof is checked by `jwt::dpop::check`, each check by name; what
//! is kept here is the server's memory (`jti`s seen, nonces handed out).

use serde_json::{Map, Value};

use super::Provider;
use super::wire::{OAuthError, OAuthRequest, Req};
use crate::jwt::dpop::{self, Expect};
use crate::jwt::validate::Status;

/// How far a proof's `iat` may be from now, seconds, either way.
pub const PROOF_WINDOW: i64 = 60;
/// How long a nonce is accepted after it is handed out, seconds.
pub const NONCE_TTL: i64 = 300;

/// Why a proof was not accepted.
#[derive(Debug)]
pub(super) enum Refused {
    /// A check failed, or the proof was replayed.
    Invalid(String),
    /// Only the nonce is missing or stale: retry with this one.
    Nonce(String),
}

/// The access token of a request to a protected endpoint, and whether it
/// came with the DPoP scheme (RFC 9449 §7.1) or as a bearer token.
#[derive(Debug, Clone, Copy)]
pub(super) struct Presented<'a> {
    /// The token.
    pub token: &'a str,
    /// `Authorization: DPoP`.
    pub dpop: bool,
}

impl Presented<'_> {
    /// `Authorization: DPoP …` or `Authorization: Bearer …`.
    pub fn from_header(req: &Req) -> Option<Presented<'_>> {
        if let Some(token) = req.dpop_token() {
            return Some(Presented { token, dpop: true });
        }
        req.bearer().map(|token| Presented { token, dpop: false })
    }
}

impl Provider {
    /// The algorithms proofs may use, as `WWW-Authenticate` names them.
    fn dpop_algs(&self) -> String {
        dpop::ALGS
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A nonce to hand out: the newest live one while it has more than
    /// half its life left, else a fresh one.
    fn current_nonce(&self, now: i64) -> String {
        let mut st = self.state();
        if let Some((n, _)) = st
            .dpop_nonces
            .iter()
            .filter(|(_, exp)| **exp - now > NONCE_TTL / 2)
            .max_by_key(|(_, exp)| **exp)
        {
            return n.clone();
        }
        let n = super::random_token();
        st.dpop_nonces.insert(n.clone(), now + NONCE_TTL);
        st.tick(now);
        n
    }

    /// Check the request's `DPoP` header, if any: `Ok(None)` without one,
    /// else the thumbprint of the proof's key. `access_token` and `bound`
    /// (its `cnf.jkt`) are given at protected endpoints.
    pub(super) fn check_proof(
        &self,
        req: &Req,
        access_token: Option<&str>,
        bound: Option<&str>,
    ) -> Result<Option<String>, Refused> {
        let mut proofs = req.headers.iter().filter(|(k, _)| k == "dpop");
        let Some((_, proof)) = proofs.next() else {
            return Ok(None);
        };
        if proofs.next().is_some() {
            return Err(Refused::Invalid(
                "more than one DPoP header (RFC 9449 §4.3)".into(),
            ));
        }
        let now = self.now();
        let url = self.url(&req.path);
        // The proof's own nonce when it is one of ours, else the current
        // one (the check then fails by name).
        let nonce = if self.dpop_nonce {
            let claimed = match crate::jwt::parse(proof) {
                Ok(crate::jwt::Parsed::Jws(j)) => j
                    .claims
                    .ok()
                    .and_then(|c| c.get("nonce").and_then(Value::as_str).map(str::to_owned)),
                _ => None,
            };
            let live = claimed.filter(|n| {
                self.state()
                    .dpop_nonces
                    .get(n)
                    .is_some_and(|exp| *exp > now)
            });
            Some(live.unwrap_or_else(|| self.current_nonce(now)))
        } else {
            None
        };
        let report = dpop::check(
            proof,
            &Expect {
                method: &req.method,
                url: &url,
                now,
                leeway: PROOF_WINDOW,
                nonce: nonce.as_deref(),
                access_token,
                jkt: bound,
            },
        );
        let failed: Vec<_> = report.with_status(Status::Failed).collect();
        if let Some(c) = failed.iter().find(|c| c.name != "nonce") {
            return Err(Refused::Invalid(format!(
                "the DPoP proof failed the {} check: {}",
                c.name, c.detail
            )));
        }
        if let Some(c) = failed.first() {
            return Err(Refused::Nonce(format!(
                "the DPoP proof needs the server's nonce ({}); retry with the DPoP-Nonce header's",
                c.detail
            )));
        }
        let jkt = dpop::report_jkt(&report)
            .ok_or_else(|| Refused::Invalid("the DPoP proof's jwk has no thumbprint".into()))?;
        let jti = dpop::report_jti(&report).unwrap_or_default();
        let mut st = self.state();
        let key = format!("{jkt}:{jti}");
        if st.dpop_jti.contains_key(&key) {
            return Err(Refused::Invalid(
                "the DPoP proof was already used (jti replayed, RFC 9449 §11.1)".into(),
            ));
        }
        st.dpop_jti.insert(key, now + 2 * PROOF_WINDOW);
        st.tick(now);
        Ok(Some(jkt))
    }

    /// The token endpoint's DPoP check: the key the tokens are bound to.
    pub(super) fn token_dpop(&self, req: &Req) -> Result<Option<String>, OAuthError> {
        self.check_proof(req, None, None).map_err(|r| match r {
            Refused::Invalid(d) => OAuthError::invalid_dpop_proof(d),
            Refused::Nonce(d) => OAuthError {
                dpop_nonce: Some(self.current_nonce(self.now())),
                ..OAuthError::use_dpop_nonce(d)
            },
        })
    }

    /// At a protected endpoint, once the token itself is valid: a token
    /// bound to a key (`cnf.jkt`) needs the DPoP scheme and a proof of
    /// that key with its `ath` (RFC 9449 §7); a bound token sent as a
    /// bearer token is refused (§7.2), and so is an unbound one sent with
    /// the DPoP scheme.
    pub(super) fn check_sender(
        &self,
        req: &Req,
        presented: Presented,
        claims: &Map<String, Value>,
    ) -> Result<(), OAuthError> {
        // RFC 8705 §3: a certificate-bound token comes over a connection
        // with that certificate.
        if let Some(x5t) = claims
            .get("cnf")
            .and_then(|c| c.get("x5t#S256"))
            .and_then(Value::as_str)
            && crate::serve::tls::presented(req).as_deref() != Some(x5t)
        {
            return Err(OAuthError::invalid_token(
                "the token is bound to a client certificate (cnf.x5t#S256): present that \
                 certificate in the TLS handshake",
            ));
        }
        let bound = claims
            .get("cnf")
            .and_then(|c| c.get("jkt"))
            .and_then(Value::as_str);
        let algs = self.dpop_algs();
        match (bound, presented.dpop) {
            (None, false) => Ok(()),
            (Some(_), false) => Err(OAuthError::dpop_resource(
                "invalid_token",
                "the token is DPoP-bound: send it as Authorization: DPoP with a DPoP proof",
                &algs,
            )),
            (None, true) => Err(OAuthError::dpop_resource(
                "invalid_token",
                "the token is not DPoP-bound: send it as a bearer token",
                &algs,
            )),
            (Some(jkt), true) => match self.check_proof(req, Some(presented.token), Some(jkt)) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => Err(OAuthError::dpop_resource(
                    "invalid_dpop_proof",
                    "no DPoP header: a DPoP-bound token needs a proof",
                    &algs,
                )),
                Err(Refused::Invalid(d)) => {
                    Err(OAuthError::dpop_resource("invalid_dpop_proof", d, &algs))
                }
                Err(Refused::Nonce(d)) => Err(OAuthError {
                    dpop_nonce: Some(self.current_nonce(self.now())),
                    ..OAuthError::dpop_resource("use_dpop_nonce", d, &algs)
                }),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::provider;
    use super::*;
    use crate::jwt::Alg;
    use crate::jwt::dpop::ProofKey;
    use crate::serve::wire::Resp;

    const NOW: i64 = 1_700_000_000;

    fn cc(p: &Provider, proof: Option<&str>) -> Resp {
        let mut r = Req::new("POST", "/token").form_body(&[
            ("grant_type", "client_credentials"),
            ("client_id", "oauthctl-service"),
            ("client_secret", "svc-secret"),
        ]);
        if let Some(pr) = proof {
            r = r.header("dpop", pr);
        }
        p.handle(&r)
    }

    fn whoami(p: &Provider, scheme: &str, token: &str, proof: Option<&str>) -> Resp {
        let mut r =
            Req::new("GET", "/api/whoami").header("authorization", &format!("{scheme} {token}"));
        if let Some(pr) = proof {
            r = r.header("dpop", pr);
        }
        p.handle(&r)
    }

    #[test]
    fn bound_tokens_need_their_key_at_the_demo_api() {
        let p = provider();
        let key = ProofKey::generate(Alg::ES256).unwrap();
        let token_url = "http://127.0.0.1:9876/token";
        let proof = key.proof("POST", token_url, NOW, None, None).unwrap();
        let r = cc(&p, Some(&proof));
        assert_eq!(r.status, 200, "{:?}", r.json_body());
        let body = r.json_body();
        assert_eq!(body["token_type"], "DPoP");
        let at = body["access_token"].as_str().unwrap();
        // The same proof again is a replay.
        let r = cc(&p, Some(&proof));
        assert_eq!(r.json_body()["error"], "invalid_dpop_proof");
        let api = "http://127.0.0.1:9876/api/whoami";
        let ok = key.proof("GET", api, NOW, Some(at), None).unwrap();
        assert_eq!(whoami(&p, "DPoP", at, Some(&ok)).status, 200);
        let r = whoami(&p, "DPoP", at, Some(&ok));
        assert_eq!(r.status, 401, "a replayed proof");
        assert!(
            r.get_header("www-authenticate")
                .unwrap()
                .contains("invalid_dpop_proof")
        );
        let r = whoami(&p, "Bearer", at, None);
        assert_eq!(r.status, 401);
        assert!(
            r.get_header("www-authenticate")
                .unwrap()
                .contains("DPoP-bound")
        );
        let other = ProofKey::generate(Alg::ES256).unwrap();
        let wrong = other.proof("GET", api, NOW, Some(at), None).unwrap();
        let r = whoami(&p, "DPoP", at, Some(&wrong));
        assert!(
            r.get_header("www-authenticate")
                .unwrap()
                .contains("cnf.jkt")
        );
        // Introspection says what the token is bound to (RFC 9449 §6.2).
        let r = p.handle(&Req::new("POST", "/introspect").form_body(&[
            ("client_id", "oauthctl-service"),
            ("client_secret", "svc-secret"),
            ("token", at),
        ]));
        let i = r.json_body();
        assert_eq!(i["token_type"], "DPoP", "{i}");
        assert_eq!(i["cnf"]["jkt"], key.jkt());
        let no_ath = key.proof("GET", api, NOW, None, None).unwrap();
        let r = whoami(&p, "DPoP", at, Some(&no_ath));
        assert!(r.get_header("www-authenticate").unwrap().contains("ath"));
    }

    #[test]
    fn a_nonce_is_demanded_when_configured() {
        let mut c = crate::serve::Config::with_defaults();
        c.clients = crate::serve::config::default_clients("svc-secret".into());
        c.dpop_nonce = true;
        let p = Provider::new(
            "http://127.0.0.1:9876".into(),
            c,
            std::sync::Arc::new(crate::clock::FixedClock(NOW)),
        )
        .unwrap();
        let key = ProofKey::generate(Alg::ES256).unwrap();
        let url = "http://127.0.0.1:9876/token";
        let r = cc(&p, Some(&key.proof("POST", url, NOW, None, None).unwrap()));
        assert_eq!(r.status, 400);
        assert_eq!(r.json_body()["error"], "use_dpop_nonce");
        let nonce = r.get_header("dpop-nonce").unwrap().to_owned();
        let r = cc(
            &p,
            Some(&key.proof("POST", url, NOW, None, Some(&nonce)).unwrap()),
        );
        assert_eq!(r.status, 200, "{:?}", r.json_body());
        assert_eq!(r.json_body()["token_type"], "DPoP");
    }
}

//! The demo API (`serve --demo-api`): `GET /api/whoami`, a protected
//! resource that validates bearer tokens with `jwt::validate`, the one
//! engine, and answers `200 {"sub", "client_id", "scope", "claims"}` or
//! `401` with `WWW-Authenticate: Bearer error="invalid_token"`. A token
//! bound to a DPoP key (`cnf.jkt`) is accepted only with the DPoP scheme
//! and a proof of that key (RFC 9449 §7, see `serve::dpop`).
//!
//! By default it is correct: the token must be one of this provider's
//! access tokens — signed by a key of its JWKS with the algorithm that key
//! is for, `typ: at+jwt`, `iss` the issuer, `aud` containing the default
//! audience (`ISSUER/api` unless configured), unexpired (30 s leeway), no
//! unknown `crit`, not revoked.
//!
//! `--vulnerable CLASS` (repeatable) makes it accept, ON PURPOSE, one more
//! class of bad token, so that `oauthctl probe api` (or any scanner) can be
//! tried safely. Every check still runs in the engine; a class either
//! tolerates the failure of named checks or adds keys that a correct API
//! would never trust. Exactly:
//!
//! | class | what is accepted |
//! |---|---|
//! | `alg-none` | a header `alg` of `none` in any letter case (`none`, `None`, `NONE`, `nOnE`…), with any or an empty signature; every claim check still applies |
//! | `key-confusion` | HS256/384/512 signed with a provider public key as the HMAC secret: its SubjectPublicKeyInfo PEM text with the trailing newline, the same without it, or its DER bytes (the `kid` may name that key or be absent) |
//! | `no-signature` | a signature that does not verify: stripped (`header.payload.`), empty, from another key, or over a tampered payload (the algorithm must still be allowed and a key must fit it) |
//! | `no-exp` | no `exp`, or an `exp` in the past |
//! | `no-aud` | no `aud`, or any other audience |
//! | `no-iss` | no `iss`, or any other issuer |
//! | `embedded-jwk` | a token signed by the key in its own `jwk` header (CVE-2018-0114), with any algorithm that key can verify |
//! | `jku` | a token signed by a key from the JWK Set at the URL in its `jku` header, fetched on every request, from any host (a server-side request forgery on purpose) |
//! | `kid-path` | HS256/384/512 whose secret is the content (at most 64 KiB) of the file the `kid` names, joined unchecked to the temporary directory (`$TMPDIR`, else `/tmp`): `../../../../../../dev/null` gives an empty secret; only regular files and `/dev/null` are read |
//! | `weak-secret` | the provider signs its access tokens HS256 with the secret `secret` (a dictionary word), and the API (like userinfo and introspection) accepts HS256 tokens signed with it |
//!
//! Without `--vulnerable`, none of this applies, and `probe api` should
//! find nothing.

use std::io::Read;

use serde_json::{Map, Value, json};

use super::Provider;
use super::config::Vulnerability;
use super::wire::{OAuthError, Req, Resp};
use crate::jwt::keys::Key;
use crate::jwt::validate::{Options, check};
use crate::jwt::verify::KeyRing;

/// The dictionary word `weak-secret` signs with.
pub const WEAK_SECRET: &str = "secret";

/// The most `kid-path` reads from a file.
const KID_FILE_CAP: u64 = 64 * 1024;

/// The demo API's settings.
pub struct DemoApi {
    vulnerable: Vec<Vulnerability>,
    http: crate::http::HttpClient,
}

impl DemoApi {
    /// An API accepting these classes of bad token.
    pub fn new(vulnerable: Vec<Vulnerability>) -> DemoApi {
        DemoApi {
            vulnerable,
            http: crate::http::HttpClient::new(
                crate::http::HttpSettings {
                    timeout: std::time::Duration::from_secs(5),
                    ..crate::http::HttpSettings::default()
                },
                None,
            ),
        }
    }

    /// The classes it accepts.
    pub fn vulnerable(&self) -> &[Vulnerability] {
        &self.vulnerable
    }

    fn is(&self, v: Vulnerability) -> bool {
        self.vulnerable.contains(&v)
    }
}

/// Whether these vulnerabilities make the provider sign access tokens
/// with the weak secret.
pub fn weak_secret(vulnerable: &[Vulnerability]) -> Option<&'static [u8]> {
    vulnerable
        .contains(&Vulnerability::WeakSecret)
        .then_some(WEAK_SECRET.as_bytes())
}

fn kid_file(kid: &str) -> Option<Vec<u8>> {
    let path = std::env::temp_dir().join(kid);
    let meta = std::fs::metadata(&path).ok()?;
    let dev_null = path
        .canonicalize()
        .is_ok_and(|p| p == std::path::Path::new("/dev/null"));
    if !meta.is_file() && !dev_null {
        return None;
    }
    let mut buf = Vec::new();
    std::fs::File::open(&path)
        .ok()?
        .take(KID_FILE_CAP)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

fn with_kid(mut k: Key, kid: Option<&str>) -> Key {
    k.kid = kid.map(str::to_owned);
    k
}

impl Provider {
    /// `GET /api/whoami`.
    pub(super) fn whoami(&self, req: &Req) -> Resp {
        let Some(presented) = super::dpop::Presented::from_header(req) else {
            return OAuthError::no_token().to_resp();
        };
        let verdict = self.demo_verdict(presented.token).and_then(|c| {
            match self.check_sender(req, presented, &c) {
                Ok(()) => Ok(c),
                Err(e) => Err(e.to_resp()),
            }
        });
        match verdict {
            Ok(c) => Resp::json(
                200,
                &json!({
                    "sub": c.get("sub"),
                    "client_id": c.get("client_id"),
                    "scope": c.get("scope"),
                    "claims": c,
                }),
            ),
            Err(resp) => resp,
        }
    }

    fn demo_verdict(&self, token: &str) -> Result<Map<String, Value>, Resp> {
        self.demo_claims(token)
            .map_err(|why| OAuthError::invalid_token(why).to_resp())
    }

    fn demo_claims(&self, token: &str) -> Result<Map<String, Value>, String> {
        let Some(api) = &self.demo_api else {
            return Err("no demo API".into());
        };
        let signer = self.signer().map_err(|e| e.description)?;
        let mut opts = Options {
            now: self.now(),
            leeway: 30,
            issuer: Some(self.issuer.clone()),
            // Its own resource identifier (RFC 8707, RFC 9728) or the default.
            audiences: vec![self.audience.clone(), self.demo_resource()],
            typ: Some("at+jwt".into()),
            algorithms: Some(signer.algorithms()),
            ..Options::default()
        };
        let header = match crate::jwt::parse(token) {
            Ok(crate::jwt::Parsed::Jws(j)) => j.header,
            _ => Map::new(),
        };
        let hstr = |n: &str| header.get(n).and_then(Value::as_str);
        let kid = hstr("kid");
        let mut tolerated: Vec<&str> = Vec::new();
        let mut extra: Vec<Key> = Vec::new();
        if api.is(Vulnerability::NoExp) {
            tolerated.push("exp");
        }
        if api.is(Vulnerability::NoAud) {
            tolerated.push("aud");
        }
        if api.is(Vulnerability::NoIss) {
            tolerated.push("iss");
        }
        if api.is(Vulnerability::NoSignature) {
            tolerated.push("signature");
        }
        if api.is(Vulnerability::AlgNone)
            && hstr("alg").is_some_and(|a| a.eq_ignore_ascii_case("none"))
        {
            tolerated.push("alg");
        }
        if api.is(Vulnerability::KeyConfusion) {
            for k in &signer.keys {
                let Some(pem) = k.public.to_pem() else {
                    continue;
                };
                let kid = k.public.kid.as_deref();
                let trimmed = pem.trim_end().as_bytes().to_vec();
                let der = k.public.spki_der().unwrap_or_default();
                for secret in [pem.into_bytes(), trimmed, der] {
                    extra.push(with_kid(
                        Key::from_secret(secret, "the public key as a secret"),
                        kid,
                    ));
                }
            }
        }
        if api.is(Vulnerability::EmbeddedJwk)
            && let Some(Value::Object(jwk)) = header.get("jwk")
            && let Ok(k) = crate::jwt::keys::from_jwk(jwk, "the jwk header")
        {
            extra.push(with_kid(k, kid));
        }
        if api.is(Vulnerability::Jku)
            && let Some(url) = hstr("jku")
            && let Ok(set) = crate::provider::jwks::fetch(&api.http, url)
        {
            extra.extend(set.keys);
        }
        if api.is(Vulnerability::KidPath)
            && let Some(k) = kid
            && let Some(secret) = kid_file(k)
        {
            extra.push(with_kid(
                Key::from_secret(secret, "the file the kid names"),
                Some(k),
            ));
        }
        let ring_owned;
        let ring = if extra.is_empty() {
            &signer.ring
        } else {
            // Whatever the extra keys can verify is allowed, as a careless
            // API that trusts them would allow it.
            opts.algorithms = None;
            let mut keys: Vec<Key> = signer.ring.keys.iter().map(|k| k.key.clone()).collect();
            keys.extend(extra);
            ring_owned = KeyRing::new(keys);
            &ring_owned
        };
        self.verdict(check(token, &opts, ring), &tolerated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::encode::{SignAlg, SigningKey, sign};

    fn provider(v: &[Vulnerability]) -> Provider {
        let mut c = super::super::Config::with_defaults();
        c.demo_api = true;
        c.vulnerable = v.to_vec();
        Provider::new(
            "http://127.0.0.1:9876".into(),
            c,
            std::sync::Arc::new(crate::clock::SystemClock),
        )
        .unwrap()
    }

    fn good_token(p: &Provider) -> String {
        let secret = p
            .client("oauthctl-service")
            .unwrap()
            .secret
            .clone()
            .unwrap();
        let r = p.handle(&Req::new("POST", "/token").form_body(&[
            ("grant_type", "client_credentials"),
            ("client_id", "oauthctl-service"),
            ("client_secret", secret.expose()),
        ]));
        r.json_body()["access_token"].as_str().unwrap().to_owned()
    }

    fn whoami(p: &Provider, t: &str) -> u16 {
        p.handle(&Req::new("GET", "/api/whoami").header("authorization", &format!("Bearer {t}")))
            .status
    }

    fn claims_of(t: &str) -> Map<String, Value> {
        match crate::jwt::parse(t).unwrap() {
            crate::jwt::Parsed::Jws(j) => j.claims.unwrap(),
            crate::jwt::Parsed::Jwe { .. } => unreachable!(),
        }
    }

    fn unsigned(t: &str, alg: &str) -> String {
        let mut h = Map::new();
        h.insert("typ".into(), "at+jwt".into());
        let t = sign(SignAlg::None, &h, &claims_of(t), None).unwrap();
        let (head, rest) = t.split_once('.').unwrap();
        let _ = head;
        format!(
            "{}.{rest}",
            crate::jwt::b64_encode(format!(r#"{{"alg":"{alg}","typ":"at+jwt"}}"#).as_bytes())
        )
    }

    #[test]
    fn the_correct_api_refuses_every_class() {
        let p = provider(&[]);
        let t = good_token(&p);
        assert_eq!(whoami(&p, &t), 200);
        assert_eq!(whoami(&p, &unsigned(&t, "none")), 401);
        let stripped = format!("{}.", t.rsplit_once('.').unwrap().0);
        assert_eq!(whoami(&p, &stripped), 401);
        let r = p.handle(&Req::new("GET", "/api/whoami"));
        assert_eq!(r.status, 401);
    }

    #[test]
    fn alg_none_in_any_case_when_vulnerable() {
        let p = provider(&[Vulnerability::AlgNone]);
        let t = good_token(&p);
        for alg in ["none", "None", "NONE"] {
            assert_eq!(whoami(&p, &unsigned(&t, alg)), 200, "{alg}");
        }
        let stripped = format!("{}.", t.rsplit_once('.').unwrap().0);
        assert_eq!(whoami(&p, &stripped), 401);
    }

    #[test]
    fn key_confusion_accepts_the_public_pem_as_hmac_secret() {
        let p = provider(&[Vulnerability::KeyConfusion]);
        let t = good_token(&p);
        let pem = p.signer().unwrap().public_pems()[0].1.clone();
        let mut h = Map::new();
        h.insert("typ".into(), "at+jwt".into());
        let forged = sign(
            SignAlg::Alg(crate::jwt::Alg::HS256),
            &h,
            &claims_of(&t),
            Some(&SigningKey::hmac(pem.as_bytes())),
        )
        .unwrap();
        assert_eq!(whoami(&p, &forged), 200);
        assert_eq!(whoami(&provider(&[]), &forged), 401);
    }

    #[test]
    fn kid_path_reads_dev_null() {
        let p = provider(&[Vulnerability::KidPath]);
        let t = good_token(&p);
        let mut h = Map::new();
        h.insert("typ".into(), "at+jwt".into());
        h.insert("kid".into(), "../../../../../../../dev/null".into());
        let forged = sign(
            SignAlg::Alg(crate::jwt::Alg::HS256),
            &h,
            &claims_of(&t),
            Some(&SigningKey::hmac(b"")),
        )
        .unwrap();
        assert_eq!(whoami(&p, &forged), 200);
    }

    #[test]
    fn weak_secret_tokens_are_hs256() {
        let p = provider(&[Vulnerability::WeakSecret]);
        let t = good_token(&p);
        let header = match crate::jwt::parse(&t).unwrap() {
            crate::jwt::Parsed::Jws(j) => j.header,
            crate::jwt::Parsed::Jwe { .. } => unreachable!(),
        };
        assert_eq!(header["alg"], "HS256");
        assert_eq!(whoami(&p, &t), 200);
    }
}

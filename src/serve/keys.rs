//! The provider's signing keys: made at start (RS256 and ES256) or given
//! with `--key`, published as a JWK Set, and used to sign through
//! `jwt::encode` and to check the provider's own tokens through
//! `jwt::validate`.
//!
//! Making an RSA key takes tens of milliseconds, so it happens on a thread
//! of its own while the server already answers: only requests that need a
//! key (JWKS, tokens) wait for it.

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use serde_json::{Map, Value};

use crate::jwt::encode::{SignAlg, SigningKey, sign};
use crate::jwt::keys::{Key, Material};
use crate::jwt::verify::KeyRing;
use crate::jwt::{Alg, Family};

/// One signing key with its published identity.
#[derive(Debug)]
pub struct ProviderKey {
    /// The private key.
    pub key: SigningKey,
    /// The public key as published (kid, alg, use).
    pub public: Key,
    /// The algorithm it signs with.
    pub alg: Alg,
}

/// The keys, ready to sign and verify.
#[derive(Debug)]
pub struct Signer {
    /// Every key.
    pub keys: Vec<ProviderKey>,
    /// The published key set.
    pub jwks: Value,
    /// Verifiers for the provider's own tokens.
    pub ring: KeyRing,
    id_token: usize,
    access_token: usize,
    /// `--vulnerable weak-secret`: access tokens are HS256 with this.
    weak: Option<SigningKey>,
}

impl Signer {
    /// Keys from `--key` files, or fresh RS256 and ES256 keys.
    pub fn new(
        given: Vec<SigningKey>,
        access_alg: Option<Alg>,
        weak_secret: Option<&[u8]>,
    ) -> Result<Signer, String> {
        let given = if given.is_empty() {
            vec![
                crate::jwt::encode::generate(Family::Rsa, "generated at start")?,
                crate::jwt::encode::generate(Family::Ec, "generated at start")?,
            ]
        } else {
            given
        };
        let mut keys = Vec::new();
        for key in given {
            let Some(mut public) = key.public.clone() else {
                return Err(
                    "an HMAC secret cannot sign for a provider: its key set would publish it"
                        .into(),
                );
            };
            let alg = match &public.alg {
                Some(a) => Alg::from_name(a).ok_or_else(|| format!("unknown alg \"{a}\""))?,
                None => key.default_alg(),
            };
            key.fits(alg)?;
            public.private_members.clear();
            if public.kid.is_none() {
                public.kid = Some(public.thumbprint());
            }
            public.alg = Some(alg.name().to_owned());
            public.use_ = Some("sig".into());
            keys.push(ProviderKey { key, public, alg });
        }
        // OIDC Core 3.1.3.7: ID tokens default to RS256.
        let id_token = keys.iter().position(|k| k.alg == Alg::RS256).unwrap_or(0);
        let access_token = match access_alg {
            Some(a) => keys
                .iter()
                .position(|k| k.alg == a)
                .ok_or_else(|| format!("no key signs {a}"))?,
            // ES256 signatures cost a fraction of RS256 ones and every
            // RFC 9068 resource server must take any JWS algorithm the
            // key set offers.
            None => keys
                .iter()
                .position(|k| k.alg == Alg::ES256)
                .unwrap_or(id_token),
        };
        let jwks = serde_json::json!({
            "keys": keys.iter().map(|k| Value::Object(k.public.to_public_jwk())).collect::<Vec<_>>()
        });
        let mut verifying: Vec<Key> = keys.iter().map(|k| k.public.clone()).collect();
        if let Some(w) = weak_secret {
            verifying.push(Key::from_secret(w.to_vec(), "the weak secret"));
        }
        let ring = KeyRing::new(verifying);
        Ok(Signer {
            keys,
            jwks,
            ring,
            id_token,
            access_token,
            weak: weak_secret.map(SigningKey::hmac),
        })
    }

    /// Every algorithm the keys sign with.
    pub fn algorithms(&self) -> Vec<Alg> {
        let mut a: Vec<Alg> = self.keys.iter().map(|k| k.alg).collect();
        if self.weak.is_some() {
            a.push(Alg::HS256);
        }
        a.sort();
        a.dedup();
        a
    }

    /// The ID-token key's algorithm.
    pub fn id_token_alg(&self) -> Alg {
        self.keys[self.id_token].alg
    }

    /// Sign an access token (`typ: at+jwt`, RFC 9068 §2.1).
    pub fn sign_access_token(&self, claims: &Map<String, Value>) -> Result<String, String> {
        if let Some(w) = &self.weak {
            let mut header = Map::new();
            header.insert("typ".into(), "at+jwt".into());
            return sign(SignAlg::Alg(Alg::HS256), &header, claims, Some(w));
        }
        self.sign_with(self.access_token, "at+jwt", claims)
    }

    /// Sign a JWT-secured authorization response (JARM) with the ID-token
    /// key, whose algorithm the metadata lists first.
    pub fn sign_response(&self, claims: &Map<String, Value>) -> Result<String, String> {
        self.sign_with(self.id_token, "JWT", claims)
    }

    /// Sign an ID token.
    pub fn sign_id_token(&self, claims: &Map<String, Value>) -> Result<String, String> {
        self.sign_with(self.id_token, "JWT", claims)
    }

    fn sign_with(
        &self,
        i: usize,
        typ: &str,
        claims: &Map<String, Value>,
    ) -> Result<String, String> {
        let k = &self.keys[i];
        let mut header = Map::new();
        header.insert("typ".into(), typ.into());
        if let Some(kid) = &k.public.kid {
            header.insert("kid".into(), kid.as_str().into());
        }
        sign(SignAlg::Alg(k.alg), &header, claims, Some(&k.key))
    }

    /// The public keys as PEM (SubjectPublicKeyInfo), for the demo API's
    /// key-confusion class.
    pub fn public_pems(&self) -> Vec<(Option<String>, String)> {
        self.keys
            .iter()
            .filter(|k| !matches!(k.public.material, Material::Oct(_)))
            .filter_map(|k| k.public.to_pem().map(|p| (k.public.kid.clone(), p)))
            .collect()
    }
}

/// The signer, made on a thread at start and waited for on first use.
pub struct LazySigner {
    ready: OnceLock<Result<Arc<Signer>, String>>,
    pending: Mutex<Option<JoinHandle<Result<Signer, String>>>>,
}

impl LazySigner {
    /// Start making the keys.
    pub fn start(
        given: Vec<SigningKey>,
        access_alg: Option<Alg>,
        weak_secret: Option<Vec<u8>>,
    ) -> LazySigner {
        let handle =
            std::thread::spawn(move || Signer::new(given, access_alg, weak_secret.as_deref()));
        LazySigner {
            ready: OnceLock::new(),
            pending: Mutex::new(Some(handle)),
        }
    }

    /// The keys (waits while they are being made).
    pub fn get(&self) -> Result<&Arc<Signer>, String> {
        if let Some(r) = self.ready.get() {
            return r.as_ref().map_err(Clone::clone);
        }
        let mut pending = match self.pending.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if let Some(h) = pending.take() {
            let made = h
                .join()
                .unwrap_or_else(|_| Err("making the keys failed".into()))
                .map(Arc::new);
            let _ = self.ready.set(made);
        }
        drop(pending);
        match self.ready.get() {
            Some(r) => r.as_ref().map_err(Clone::clone),
            None => Err("the keys are not available".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_keys_publish_rs256_and_es256_and_verify_their_tokens() {
        let s = Signer::new(Vec::new(), None, None).unwrap();
        assert_eq!(s.algorithms(), vec![Alg::RS256, Alg::ES256]);
        assert_eq!(s.id_token_alg(), Alg::RS256);
        let keys = s.jwks["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        assert!(
            keys.iter()
                .all(|k| k.get("d").is_none() && k["use"] == "sig")
        );
        let mut claims = Map::new();
        claims.insert("sub".into(), "x".into());
        claims.insert("exp".into(), 2_000_000_000i64.into());
        let t = s.sign_access_token(&claims).unwrap();
        let r = crate::jwt::validate::check(
            &t,
            &crate::jwt::validate::Options {
                now: 1_700_000_000,
                ..Default::default()
            },
            &s.ring,
        );
        assert!(r.valid, "{:#?}", r.checks);
        assert_eq!(r.header["alg"], "ES256");
        assert_eq!(r.header["typ"], "at+jwt");
    }
}

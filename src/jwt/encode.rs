//! Signing JWTs: private keys from PEM or JWK, and the compact serialization.
//!
//! Signing goes through `jsonwebtoken` for every algorithm it has; ES512,
//! which it lacks, goes to aws-lc-rs directly. `alg: none` is produced only
//! when the caller passes [`SignAlg::None`] explicitly.

use std::path::Path;

use jsonwebtoken::{Algorithm, EncodingKey};
use serde_json::{Map, Value};

use super::keys::{Key, Material};
use super::{Alg, Family, b64_encode, der};
use crate::error::{Error, Result};

/// An algorithm to sign with, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignAlg {
    /// A real signature.
    Alg(Alg),
    /// An unsecured JWT (RFC 7519 §6): empty signature.
    None,
}

impl SignAlg {
    /// Parse a name; `none` is accepted here only in lower case, as RFC 7518 spells it.
    pub fn from_name(name: &str) -> Option<SignAlg> {
        if name == "none" {
            return Some(SignAlg::None);
        }
        Alg::from_name(name).map(SignAlg::Alg)
    }

    /// The header value.
    pub fn name(self) -> &'static str {
        match self {
            SignAlg::Alg(a) => a.name(),
            SignAlg::None => "none",
        }
    }
}

// RSA and ECDSA keys are parsed once and sign through aws-lc-rs directly:
// `jsonwebtoken` re-parses the private key for every signature (which
// dominates the cost of an ES256 signature, and matters to `serve` under
// load), and has no ES512. HMAC and EdDSA go through `jsonwebtoken`.
enum Inner {
    Jwt(EncodingKey),
    Ecdsa(aws_lc_rs::signature::EcdsaKeyPair),
    Rsa(aws_lc_rs::signature::RsaKeyPair),
}

/// A private key (or HMAC secret) ready to sign.
pub struct SigningKey {
    inner: Inner,
    /// The public half (none for HMAC secrets).
    pub public: Option<Key>,
    family: Family,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({:?}, [redacted])", self.family)
    }
}

impl SigningKey {
    /// An HMAC secret.
    pub fn hmac(secret: &[u8]) -> SigningKey {
        SigningKey {
            inner: Inner::Jwt(EncodingKey::from_secret(secret)),
            public: None,
            family: Family::Hmac,
        }
    }

    /// The algorithm to use when none is given.
    pub fn default_alg(&self) -> Alg {
        match (&self.family, self.public.as_ref().map(|k| &k.material)) {
            (Family::Hmac, _) => Alg::HS256,
            (Family::Rsa, _) => Alg::RS256,
            (Family::Okp, _) => Alg::EdDSA,
            (Family::Ec, Some(Material::Ec { crv, .. })) if crv == "P-384" => Alg::ES384,
            (Family::Ec, Some(Material::Ec { crv, .. })) if crv == "P-521" => Alg::ES512,
            (Family::Ec, _) => Alg::ES256,
        }
    }

    /// Whether this key can sign `alg`.
    pub fn fits(&self, alg: Alg) -> std::result::Result<(), String> {
        let ok = match &self.public {
            None => alg.family() == Family::Hmac,
            Some(public) => public.family_algorithms().contains(&alg),
        };
        if ok {
            Ok(())
        } else {
            Err(format!("a {} key cannot sign {alg}", self.kind_name()))
        }
    }

    fn kind_name(&self) -> String {
        match &self.public {
            None => "symmetric".into(),
            Some(k) => format!("{} {}", k.kty(), k.size()),
        }
    }

    fn sign(&self, alg: Alg, message: &[u8]) -> std::result::Result<String, String> {
        self.fits(alg)?;
        match &self.inner {
            Inner::Ecdsa(kp) => {
                let rng = aws_lc_rs::rand::SystemRandom::new();
                kp.sign(&rng, message)
                    .map(|s| b64_encode(s.as_ref()))
                    .map_err(|_| "signing failed".to_owned())
            }
            Inner::Rsa(kp) => {
                use aws_lc_rs::signature as sig;
                let padding: &'static dyn sig::RsaEncoding = match alg {
                    Alg::RS256 => &sig::RSA_PKCS1_SHA256,
                    Alg::RS384 => &sig::RSA_PKCS1_SHA384,
                    Alg::RS512 => &sig::RSA_PKCS1_SHA512,
                    Alg::PS256 => &sig::RSA_PSS_SHA256,
                    Alg::PS384 => &sig::RSA_PSS_SHA384,
                    Alg::PS512 => &sig::RSA_PSS_SHA512,
                    other => return Err(format!("an RSA key cannot sign {other}")),
                };
                let rng = aws_lc_rs::rand::SystemRandom::new();
                let mut out = vec![0u8; kp.public_modulus_len()];
                kp.sign(padding, &rng, message, &mut out)
                    .map_err(|_| "signing failed".to_owned())?;
                Ok(b64_encode(&out))
            }
            Inner::Jwt(key) => {
                let a = jwt_algorithm(alg)
                    .ok_or_else(|| format!("{alg} is not supported for signing"))?;
                jsonwebtoken::crypto::sign(message, key, a)
                    .map_err(|e| format!("signing failed: {e}"))
            }
        }
    }
}

fn jwt_algorithm(alg: Alg) -> Option<Algorithm> {
    Some(match alg {
        Alg::HS256 => Algorithm::HS256,
        Alg::HS384 => Algorithm::HS384,
        Alg::HS512 => Algorithm::HS512,
        Alg::RS256 => Algorithm::RS256,
        Alg::RS384 => Algorithm::RS384,
        Alg::RS512 => Algorithm::RS512,
        Alg::PS256 => Algorithm::PS256,
        Alg::PS384 => Algorithm::PS384,
        Alg::PS512 => Algorithm::PS512,
        Alg::ES256 => Algorithm::ES256,
        Alg::ES384 => Algorithm::ES384,
        Alg::EdDSA => Algorithm::EdDSA,
        Alg::ES512 => return None,
    })
}

/// Load a private key from a PEM file (PKCS#8, PKCS#1 or SEC1) or a private
/// JWK (`oct` keys become HMAC secrets).
pub fn load_private(path: &Path) -> Result<SigningKey> {
    let bytes = crate::error::read_file("private key", path)?;
    let bad = |d: String| Error::input(format!("private key {}", path.display()), d);
    let origin = format!("file {}", path.display());
    if String::from_utf8_lossy(&bytes)
        .trim_start()
        .starts_with('{')
    {
        let jwk: Map<String, Value> =
            serde_json::from_slice(&bytes).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        return from_private_jwk(&jwk, &origin).map_err(bad);
    }
    from_pem(&bytes, &origin).map_err(bad)
}

/// A private key from PEM text (PKCS#8, PKCS#1 or SEC1); `origin` says
/// where it came from in the public key's reports.
pub fn from_pem(bytes: &[u8], origin: &str) -> std::result::Result<SigningKey, String> {
    let block = pem::parse(bytes).map_err(|e| format!("not a PEM private key or JWK ({e})"))?;
    let der = block.contents();
    use aws_lc_rs::signature::{self as sig, KeyPair};
    if !block.tag().contains("PRIVATE KEY") {
        return Err(format!(
            "a \"{}\" PEM block is not a private key",
            block.tag()
        ));
    }
    let public = super::keys::from_pem_bytes(bytes, origin)?
        .into_iter()
        .next()
        .ok_or("no key in the PEM text")?;
    let (inner, family) = match &public.material {
        Material::Rsa { .. } => (
            Inner::Rsa(
                if block.tag() == "RSA PRIVATE KEY" {
                    sig::RsaKeyPair::from_der(der)
                } else {
                    sig::RsaKeyPair::from_pkcs8(der)
                }
                .map_err(|e| format!("invalid RSA private key: {e}"))?,
            ),
            Family::Rsa,
        ),
        Material::Okp { .. } => (
            Inner::Jwt(EncodingKey::from_ed_pem(bytes).map_err(|e| e.to_string())?),
            Family::Okp,
        ),
        Material::Ec { crv, .. } => {
            let alg: &'static sig::EcdsaSigningAlgorithm = match crv.as_str() {
                "P-256" => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                "P-384" => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
                _ => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
            };
            let kp = if block.tag() == "EC PRIVATE KEY" {
                sig::EcdsaKeyPair::from_private_key_der(alg, der)
            } else {
                sig::EcdsaKeyPair::from_pkcs8(alg, der)
            }
            .map_err(|e| format!("invalid EC private key: {e}"))?;
            debug_assert!(!kp.public_key().as_ref().is_empty());
            (ec_inner(kp, crv)?, Family::Ec)
        }
        Material::Oct(_) => return Err("not a private key".into()),
    };
    Ok(SigningKey {
        inner,
        public: Some(public),
        family,
    })
}

/// A fresh key pair: RSA 2048 for the RSA family, P-256 for EC. `origin`
/// names it in reports.
pub fn generate(family: Family, origin: &str) -> std::result::Result<SigningKey, String> {
    use aws_lc_rs::encoding::AsDer;
    let pkcs8: Vec<u8> = match family {
        Family::Rsa => aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048)
            .and_then(|kp| kp.as_der().map(|d| d.as_ref().to_vec()))
            .map_err(|_| "RSA key generation failed".to_owned())?,
        Family::Ec => aws_lc_rs::signature::EcdsaKeyPair::generate_pkcs8(
            &aws_lc_rs::signature::ECDSA_P256_SHA256_FIXED_SIGNING,
            &aws_lc_rs::rand::SystemRandom::new(),
        )
        .map(|d| d.as_ref().to_vec())
        .map_err(|_| "EC key generation failed".to_owned())?,
        other => return Err(format!("cannot generate a {other:?} key")),
    };
    from_pem(der::to_pem("PRIVATE KEY", &pkcs8).as_bytes(), origin)
}

fn ec_inner(
    kp: aws_lc_rs::signature::EcdsaKeyPair,
    _crv: &str,
) -> std::result::Result<Inner, String> {
    Ok(Inner::Ecdsa(kp))
}

fn private_member(jwk: &Map<String, Value>, name: &str) -> std::result::Result<Vec<u8>, String> {
    let s = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("the private JWK has no \"{name}\""))?;
    super::b64_decode(s, &format!("\"{name}\" member")).map_err(|e| e.0)
}

/// A signing key from a private JWK.
pub fn from_private_jwk(
    jwk: &Map<String, Value>,
    origin: &str,
) -> std::result::Result<SigningKey, String> {
    use aws_lc_rs::signature as sig;
    let mut public = super::keys::from_jwk(jwk, origin)?;
    let d = match &public.material {
        Material::Oct(secret) => return Ok(SigningKey::hmac(secret.expose())),
        _ => private_member(jwk, "d")?,
    };
    public.private_members.clear();
    // RFC 7517 §4.2, §4.3: a key marked for another use cannot sign, and its
    // public half (which would keep the mark) could not verify what it signed.
    if let Some(u) = &public.use_
        && u != "sig"
    {
        return Err(format!(
            "the private JWK's use is \"{u}\", not \"sig\": it is not a signing key"
        ));
    }
    if let Some(ops) = public.key_ops.take()
        && !ops.iter().any(|o| o == "sign")
    {
        return Err("the private JWK's key_ops do not include \"sign\"".into());
    }
    let (inner, family) = match &public.material {
        Material::Rsa { n, e } => {
            let parts: Vec<Vec<u8>> = ["p", "q", "dp", "dq", "qi"]
                .iter()
                .map(|m| private_member(jwk, m))
                .collect::<std::result::Result<_, _>>()?;
            let der = der::rsa_private_pkcs1([
                n, e, &d, &parts[0], &parts[1], &parts[2], &parts[3], &parts[4],
            ]);
            let kp = sig::RsaKeyPair::from_der(&der)
                .map_err(|e| format!("invalid RSA private key: {e}"))?;
            (Inner::Rsa(kp), Family::Rsa)
        }
        Material::Ec { crv, x, y } => {
            let alg: &'static sig::EcdsaSigningAlgorithm = match crv.as_str() {
                "P-256" => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                "P-384" => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
                "P-521" => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
                other => return Err(format!("unsupported curve {other}")),
            };
            let point = super::keys::ec_point(x, y);
            let kp = sig::EcdsaKeyPair::from_private_key_and_public_key(alg, &d, &point)
                .map_err(|e| format!("invalid EC private key: {e}"))?;
            (ec_inner(kp, crv)?, Family::Ec)
        }
        Material::Okp { crv, x } if crv == "Ed25519" => {
            let kp = sig::Ed25519KeyPair::from_seed_and_public_key(&d, x)
                .map_err(|e| format!("invalid Ed25519 private key: {e}"))?;
            let pkcs8 = kp
                .to_pkcs8v1()
                .map_err(|_| "cannot re-encode the Ed25519 key".to_owned())?;
            (
                Inner::Jwt(EncodingKey::from_ed_der(pkcs8.as_ref())),
                Family::Okp,
            )
        }
        Material::Okp { crv, .. } => return Err(format!("unsupported curve {crv}")),
        Material::Oct(_) => unreachable!("handled above"),
    };
    Ok(SigningKey {
        inner,
        public: Some(public),
        family,
    })
}

/// Sign `claims` under `header` (whose `alg` is set here). `key` may be
/// absent only for [`SignAlg::None`].
pub fn sign(
    alg: SignAlg,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
    key: Option<&SigningKey>,
) -> std::result::Result<String, String> {
    let mut h = Map::new();
    h.insert("alg".into(), alg.name().into());
    for (k, v) in header {
        if k != "alg" {
            h.insert(k.clone(), v.clone());
        }
    }
    let message = format!(
        "{}.{}",
        b64_encode(Value::Object(h).to_string().as_bytes()),
        b64_encode(Value::Object(claims.clone()).to_string().as_bytes())
    );
    let signature = match (alg, key) {
        (SignAlg::None, _) => String::new(),
        (SignAlg::Alg(a), Some(k)) => k.sign(a, message.as_bytes())?,
        (SignAlg::Alg(a), None) => return Err(format!("{a} needs a key")),
    };
    Ok(format!("{message}.{signature}"))
}

/// Parse `NAME=VALUE` (a string) or `NAME:=JSON` (any JSON value).
pub fn parse_assignment(s: &str) -> std::result::Result<(String, Value), String> {
    if let Some((name, json)) = s.split_once(":=")
        && !name.contains('=')
    {
        let v = serde_json::from_str(json)
            .map_err(|e| format!("'{s}': the value after := is not JSON ({e})"))?;
        return Ok((name.to_owned(), v));
    }
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => {
            Ok((name.to_owned(), Value::String(value.to_owned())))
        }
        _ => Err(format!("'{s}' is not NAME=VALUE or NAME:=JSON")),
    }
}

/// A random 128-bit identifier, hex.
pub fn random_id() -> String {
    let mut b = [0u8; 16];
    // SystemRandom failing means the OS has no entropy source: a bug in the
    // environment that no caller can handle.
    aws_lc_rs::rand::fill(&mut b).unwrap_or_else(|_| b.fill(0));
    hex::encode(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::validate::{Options, Status, check};
    use crate::jwt::verify::KeyRing;
    use aws_lc_rs::signature as sig;

    fn claims() -> Map<String, Value> {
        serde_json::json!({"sub":"alice","exp": 2_000_000_000i64})
            .as_object()
            .cloned()
            .unwrap()
    }

    fn round_trip(pkcs8: &[u8], label: &str, alg: Alg) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.pem");
        std::fs::write(&path, der::to_pem(label, pkcs8)).unwrap();
        let key = load_private(&path).unwrap();
        assert_eq!(key.default_alg(), alg);
        let t = sign(SignAlg::Alg(alg), &Map::new(), &claims(), Some(&key)).unwrap();
        let ring = KeyRing::new(vec![key.public.clone().unwrap()]);
        let r = check(
            &t,
            &Options {
                now: 1_700_000_000,
                ..Options::default()
            },
            &ring,
        );
        assert!(r.valid, "{alg}: {:#?}", r.checks);
    }

    #[test]
    fn every_asymmetric_family_round_trips() {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        for (a, alg) in [
            (&sig::ECDSA_P256_SHA256_FIXED_SIGNING, Alg::ES256),
            (&sig::ECDSA_P384_SHA384_FIXED_SIGNING, Alg::ES384),
            (&sig::ECDSA_P521_SHA512_FIXED_SIGNING, Alg::ES512),
        ] {
            round_trip(
                sig::EcdsaKeyPair::generate_pkcs8(a, &rng).unwrap().as_ref(),
                "PRIVATE KEY",
                alg,
            );
        }
        round_trip(
            sig::Ed25519KeyPair::generate_pkcs8(&rng).unwrap().as_ref(),
            "PRIVATE KEY",
            Alg::EdDSA,
        );
    }

    #[test]
    fn none_has_an_empty_signature() {
        let t = sign(SignAlg::None, &Map::new(), &claims(), None).unwrap();
        assert!(t.ends_with('.'));
        let r = check(&t, &Options::default(), &KeyRing::default());
        assert_eq!(r.checks[1].status, Status::Failed);
    }

    #[test]
    fn wrong_key_type_is_refused() {
        let key = SigningKey::hmac(b"secret");
        let err = sign(SignAlg::Alg(Alg::RS256), &Map::new(), &claims(), Some(&key)).unwrap_err();
        assert!(err.contains("cannot sign RS256"), "{err}");
    }

    #[test]
    fn assignments() {
        assert_eq!(
            parse_assignment("sub=alice").unwrap(),
            ("sub".into(), Value::from("alice"))
        );
        assert_eq!(
            parse_assignment("n:=3").unwrap(),
            ("n".into(), Value::from(3))
        );
        assert_eq!(
            parse_assignment("url=a:=b").unwrap(),
            ("url".into(), Value::from("a:=b"))
        );
        assert!(parse_assignment("n:=nope").is_err());
        assert!(parse_assignment("novalue").is_err());
    }

    #[test]
    fn a_private_jwk_for_another_use_does_not_sign() {
        // Found by the fuzzer (fuzz/regressions/jwks): it signed, and its
        // public half, keeping the mark, could not verify what it signed.
        let mut jwk: Map<String, Value> = serde_json::from_str(include_str!(
            "../../fuzz/regressions/jwks/private-jwk-use-not-sig.json"
        ))
        .unwrap();
        let err = from_private_jwk(&jwk, "t").unwrap_err();
        assert!(err.contains("not a signing key"), "{err}");
        jwk.insert("use".into(), "sig".into());
        jwk.insert("key_ops".into(), serde_json::json!(["encrypt"]));
        let err = from_private_jwk(&jwk, "t").unwrap_err();
        assert!(err.contains("key_ops"), "{err}");
        jwk.insert("key_ops".into(), serde_json::json!(["sign"]));
        let key = from_private_jwk(&jwk, "t").unwrap();
        let public = key.public.unwrap();
        assert!(public.fits(super::super::Alg::ES512).is_ok());
    }
}

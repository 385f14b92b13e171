//! Signature verification with keys parsed once.
//!
//! [`KeyRing`] holds every key with a verifier per algorithm it may verify,
//! built up front, so `validate --bulk` parses each key once rather than
//! once per token. HMAC comparison is constant-time (aws-lc-rs `hmac::verify`).
//! RSA keys under 2048 bits are refused (RFC 7518 §3.3).

use aws_lc_rs::{hmac, signature as sig};

use super::Alg;
use super::keys::{Key, Material};

/// A key ready to verify one algorithm.
pub struct Verifier(Inner);

enum Inner {
    Public(sig::ParsedPublicKey),
    // Boxed: an aws-lc-rs HMAC key is over 1 KiB, a parsed public key 56 bytes.
    Hmac(Box<hmac::Key>),
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

impl Verifier {
    /// Build a verifier for `key` and `alg`; the error says why the key
    /// cannot verify it.
    pub fn new(key: &Key, alg: Alg) -> Result<Verifier, String> {
        key.fits(alg)?;
        if let Some(why) = key.weakness().or_else(|| key.published_refusal()) {
            return Err(why);
        }
        if let Material::Oct(secret) = &key.material {
            let h = match alg {
                Alg::HS256 => hmac::HMAC_SHA256,
                Alg::HS384 => hmac::HMAC_SHA384,
                _ => hmac::HMAC_SHA512,
            };
            let key = hmac::Key::new(h, secret.expose());
            return Ok(Verifier(Inner::Hmac(Box::new(key))));
        }
        if let Some(bits) = key.rsa_bits()
            && bits < 2048
        {
            return Err(format!(
                "the RSA key has {bits} bits; RFC 7518 §3.3 requires at least 2048"
            ));
        }
        let params: &'static dyn sig::VerificationAlgorithm = match alg {
            Alg::RS256 => &sig::RSA_PKCS1_2048_8192_SHA256,
            Alg::RS384 => &sig::RSA_PKCS1_2048_8192_SHA384,
            Alg::RS512 => &sig::RSA_PKCS1_2048_8192_SHA512,
            Alg::PS256 => &sig::RSA_PSS_2048_8192_SHA256,
            Alg::PS384 => &sig::RSA_PSS_2048_8192_SHA384,
            Alg::PS512 => &sig::RSA_PSS_2048_8192_SHA512,
            Alg::ES256 => &sig::ECDSA_P256_SHA256_FIXED,
            Alg::ES384 => &sig::ECDSA_P384_SHA384_FIXED,
            Alg::ES512 => &sig::ECDSA_P521_SHA512_FIXED,
            Alg::EdDSA => &sig::ED25519,
            Alg::HS256 | Alg::HS384 | Alg::HS512 => {
                return Err("an HMAC algorithm needs a symmetric key".into());
            }
        };
        let der = key.spki_der().ok_or("the key cannot be encoded")?;
        sig::ParsedPublicKey::new(params, der)
            .map(|k| Verifier(Inner::Public(k)))
            .map_err(|e| format!("the key was rejected: {e}"))
    }

    /// Whether `signature` is valid over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.0 {
            Inner::Public(k) => k.verify_sig(message, signature).is_ok(),
            Inner::Hmac(k) => hmac::verify(k, message, signature).is_ok(),
        }
    }
}

/// A key with a verifier (or the reason there is none) for each algorithm
/// of its type.
#[derive(Debug)]
pub struct PreparedKey {
    /// The key.
    pub key: Key,
    verifiers: Vec<(Alg, Result<Verifier, String>)>,
}

impl PreparedKey {
    /// The verifier for `alg`, or why this key cannot verify it.
    pub fn verifier(&self, alg: Alg) -> Result<&Verifier, String> {
        match self.verifiers.iter().find(|(a, _)| *a == alg) {
            Some((_, Ok(v))) => Ok(v),
            Some((_, Err(e))) => Err(e.clone()),
            None => self
                .key
                .fits(alg)
                .and(Err(format!("the key cannot verify {alg}"))),
        }
    }
}

/// Every verification key at hand, prepared.
#[derive(Debug, Default)]
pub struct KeyRing {
    /// The keys.
    pub keys: Vec<PreparedKey>,
    algorithms: Vec<Alg>,
}

impl KeyRing {
    /// Prepare keys: one verifier per key and algorithm it may verify.
    pub fn new(keys: Vec<Key>) -> KeyRing {
        let keys = keys
            .into_iter()
            .map(|key| {
                let verifiers = key
                    .family_algorithms()
                    .into_iter()
                    .map(|alg| (alg, Verifier::new(&key, alg)))
                    .collect();
                PreparedKey { key, verifiers }
            })
            .collect::<Vec<PreparedKey>>();
        let plain: Vec<Key> = keys.iter().map(|k| k.key.clone()).collect();
        let algorithms = super::keys::algorithms_of(&plain);
        KeyRing { keys, algorithms }
    }

    /// Every algorithm some key may verify: the default allowlist.
    pub fn algorithms(&self) -> Vec<Alg> {
        self.algorithms.clone()
    }

    /// The plain keys.
    pub fn plain(&self) -> Vec<Key> {
        self.keys.iter().map(|k| k.key.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::signature::KeyPair;

    #[test]
    fn small_order_ed25519_keys_are_refused() {
        // The identity as public key, R = identity and S = 0: aws-lc
        // accepts this signature for any message.
        let mut identity = vec![0u8; 32];
        identity[0] = 1;
        let mut signature = identity.clone();
        signature.extend([0u8; 32]);
        let raw = sig::UnparsedPublicKey::new(&sig::ED25519, &identity);
        assert!(raw.verify(b"any message", &signature).is_ok());
        assert!(raw.verify(b"another", &signature).is_ok());
        let key = Key {
            material: Material::Okp {
                crv: "Ed25519".into(),
                x: identity,
            },
            ..Key::from_secret(vec![], "t")
        };
        let e = Verifier::new(&key, Alg::EdDSA).unwrap_err();
        assert!(e.contains("small order"), "{e}");
        // The sign bit set: the same point, still refused.
        let mut neg = vec![0u8; 32];
        neg[0] = 1;
        neg[31] = 0x80;
        let key = Key {
            material: Material::Okp {
                crv: "Ed25519".into(),
                x: neg,
            },
            ..key
        };
        assert!(key.weakness().is_some());
    }

    #[test]
    fn degenerate_rsa_and_off_curve_ec_keys_are_refused() {
        let rsa = |n: Vec<u8>, e: Vec<u8>| Key {
            material: Material::Rsa { n, e },
            ..Key::from_secret(vec![], "t")
        };
        let mut n = vec![0xc5; 256];
        assert_eq!(rsa(n.clone(), vec![1, 0, 1]).weakness(), None);
        let e = Verifier::new(&rsa(n.clone(), vec![0, 1]), Alg::RS256).unwrap_err();
        assert!(e.contains("exponent is 1"), "{e}");
        assert!(rsa(n.clone(), vec![4]).weakness().unwrap().contains("even"));
        n[255] = 0xc4;
        let e = Verifier::new(&rsa(n, vec![1, 0, 1]), Alg::RS256).unwrap_err();
        assert!(e.contains("modulus is even"), "{e}");
        let off = Key {
            material: Material::Ec {
                crv: "P-256".into(),
                x: vec![1; 32],
                y: vec![2; 32],
            },
            ..Key::from_secret(vec![], "t")
        };
        let e = Verifier::new(&off, Alg::ES256).unwrap_err();
        assert_eq!(e, "the EC point is not on P-256");
    }

    #[test]
    fn ed25519_verifies_and_rejects() {
        let kp = sig::Ed25519KeyPair::generate().unwrap();
        let key = Key::from_secret(vec![], "t");
        let key = Key {
            material: Material::Okp {
                crv: "Ed25519".into(),
                x: kp.public_key().as_ref().to_vec(),
            },
            ..key
        };
        let v = Verifier::new(&key, Alg::EdDSA).unwrap();
        let s = kp.sign(b"msg");
        assert!(v.verify(b"msg", s.as_ref()));
        assert!(!v.verify(b"msh", s.as_ref()));
        assert!(Verifier::new(&key, Alg::ES256).is_err());
    }

    #[test]
    fn psychic_signatures_are_rejected() {
        // CVE-2022-21449: r = s = 0 must never verify.
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let pkcs8 =
            sig::EcdsaKeyPair::generate_pkcs8(&sig::ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let kp =
            sig::EcdsaKeyPair::from_pkcs8(&sig::ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref())
                .unwrap();
        let p = kp.public_key().as_ref();
        let key = Key {
            material: Material::Ec {
                crv: "P-256".into(),
                x: p[1..33].to_vec(),
                y: p[33..].to_vec(),
            },
            ..Key::from_secret(vec![], "t")
        };
        let v = Verifier::new(&key, Alg::ES256).unwrap();
        assert!(!v.verify(b"anything", &[0u8; 64]));
        let good = kp.sign(&rng, b"anything").unwrap();
        assert!(v.verify(b"anything", good.as_ref()));
    }

    #[test]
    fn short_rsa_keys_are_refused() {
        let key = Key {
            material: Material::Rsa {
                n: vec![0xc1; 128],
                e: vec![1, 0, 1],
            },
            ..Key::from_secret(vec![], "t")
        };
        let err = Verifier::new(&key, Alg::RS256).unwrap_err();
        assert!(err.contains("1024 bits"), "{err}");
    }
}

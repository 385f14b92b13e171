//! What several targets share: the fixed "now" and the key oracles.

#![allow(dead_code)]

use oauthctl::jwt::Alg;
use oauthctl::jwt::encode::{self, SignAlg, SigningKey};
use oauthctl::jwt::keys::{self, Key, Material};
use oauthctl::jwt::validate::{Options, Status, check};
use oauthctl::jwt::verify::KeyRing;
use serde_json::{Map, Value};

/// The test vectors' "now" (tests/vectors/tokens.json): 2023-11-14.
pub const NOW: i64 = 1_700_000_000;

/// A public key survives the round trip through its public JWK and its PEM
/// with the same RFC 7638 thumbprint.
pub fn round_trips(key: &Key) {
    if matches!(key.material, Material::Oct(_)) {
        return;
    }
    let thumbprint = key.thumbprint();
    let again = keys::from_jwk(&key.to_public_jwk(), "fuzz")
        .unwrap_or_else(|e| panic!("a loaded key's public JWK does not load again: {e}"));
    assert_eq!(
        again.thumbprint(),
        thumbprint,
        "thumbprint after a JWK round trip"
    );
    if let Some(pem) = key.to_pem() {
        let back = keys::from_pem_bytes(pem.as_bytes(), "fuzz")
            .unwrap_or_else(|e| panic!("a loaded key's PEM does not load again: {e}\n{pem}"));
        assert_eq!(back.len(), 1);
        assert_eq!(
            back[0].thumbprint(),
            thumbprint,
            "thumbprint after a PEM round trip"
        );
    }
}

/// Everything a command does with loaded keys: describe them, check the
/// algorithms they fit, prepare them for verification (aws-lc-rs parses
/// each) and try a signature that must not verify.
pub fn use_keys(loaded: &[Key]) {
    for key in loaded {
        let _ = (key.describe(), key.algorithms(), key.rsa_bits());
        for alg in Alg::ALL {
            let _ = key.fits(alg);
        }
        round_trips(key);
    }
    let ring = KeyRing::new(loaded.to_vec());
    let _ = ring.algorithms();
    for prepared in &ring.keys {
        for alg in prepared.key.family_algorithms() {
            if let Ok(v) = prepared.verifier(alg) {
                assert!(!v.verify(b"e30.e30", b"not a signature"));
            }
        }
    }
}

/// A token signed with `signing` verifies with its public half.
pub fn signs_and_verifies(signing: &SigningKey) {
    let alg = signing.default_alg();
    let mut claims = Map::new();
    claims.insert("sub".into(), Value::from("fuzz"));
    let token = encode::sign(SignAlg::Alg(alg), &Map::new(), &claims, Some(signing))
        .unwrap_or_else(|e| panic!("a loaded {alg} key does not sign: {e}"));
    let Some(public) = signing.public.clone() else {
        return; // an HMAC secret
    };
    let opts = Options {
        now: NOW,
        ..Options::default()
    };
    let report = check(&token, &opts, &KeyRing::new(vec![public]));
    let sig = report.checks.iter().find(|c| c.name == "signature");
    assert!(
        sig.is_some_and(|c| c.status == Status::Passed),
        "a token signed with a loaded {alg} key does not verify with its public half: {report:?}"
    );
}

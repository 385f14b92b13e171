//! JWK and JWK Set documents: what `jwks`, `validate --jwks` and a remote
//! `jwks_uri` read.
//!
//! The input is a JSON document. A set goes through
//! [`keys::parse_jwks`], the listing ([`jwks::describe`], which also parses
//! `x5c` certificates), the lint and both renderings, and its keys are
//! prepared for verification ([`KeyRing`], aws-lc-rs parsing each one) and
//! tried on a signature; a single JWK goes through [`keys::from_jwk`] and
//! [`encode::from_private_jwk`] (a private key for `encode` and
//! `private_key_jwt`).
//!
//! Oracle beyond "no panic": a loaded public key survives the round trip
//! through its public JWK, and through its PEM, with the same RFC 7638
//! thumbprint, and a private key that loads signs a token its public half
//! verifies.

#![no_main]

mod common;

use common::{NOW, signs_and_verifies, use_keys};
use libfuzzer_sys::fuzz_target;
use oauthctl::jwt::{Alg, encode, keys};
use oauthctl::output::provider::{jwks_json, render_jwks};
use oauthctl::provider::jwks::{self, Origin};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if let Ok(set) = keys::parse_jwks(&doc, "fuzz") {
        let infos = jwks::describe(&set);
        let findings = jwks::lint(&set, NOW);
        let _ = jwks_json(&infos, &findings, true);
        let origin = Origin::Url {
            url: "https://issuer.example/jwks".into(),
            issuer: Some("https://issuer.example".into()),
        };
        let mut out = Vec::new();
        render_jwks(&mut out, &origin, &infos, &findings, NOW).expect("rendering into memory");
        use_keys(&set.keys);
    }
    if let Some(obj) = doc.as_object() {
        if let Ok(key) = keys::from_jwk(obj, "fuzz") {
            use_keys(std::slice::from_ref(&key));
        }
        if let Ok(signing) = encode::from_private_jwk(obj, "fuzz") {
            let _ = signing.default_alg();
            for alg in Alg::ALL {
                let _ = signing.fits(alg);
            }
            signs_and_verifies(&signing);
        }
    }
});

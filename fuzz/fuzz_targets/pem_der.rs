//! PEM and DER keys: what `--key`, `--private-key`, `serve --key`,
//! `encode --key` and `x5c` certificates read.
//!
//! The same bytes go to every parser: PEM text with public keys,
//! certificates or private keys ([`keys::from_pem_bytes`]), raw
//! SubjectPublicKeyInfo DER ([`keys::from_spki_der`]), a DER certificate
//! ([`jwks::certificate`]) and a PEM private key for signing
//! ([`encode::from_pem`]). Loaded keys are prepared for verification.
//!
//! Oracles beyond "no panic": a public key survives the round trip through
//! its JWK and its PEM with the same RFC 7638 thumbprint, and a private key
//! that loads signs a token that its own public half verifies.

#![no_main]

mod common;

use common::{signs_and_verifies, use_keys};
use libfuzzer_sys::fuzz_target;
use oauthctl::jwt::{encode, keys};
use oauthctl::provider::jwks;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = keys::from_pem_bytes(data, "fuzz") {
        use_keys(&loaded);
    }
    if let Ok(key) = keys::from_spki_der(data, "fuzz") {
        use_keys(std::slice::from_ref(&key));
    }
    if let Ok(cert) = jwks::certificate(data) {
        let _ = (cert.subject, cert.not_before, cert.not_after);
    }
    if let Ok(signing) = encode::from_pem(data, "fuzz") {
        signs_and_verifies(&signing);
    }
});

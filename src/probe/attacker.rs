//! oauthctl's own attack keys: an RSA and a P-256 key pair with
//! self-signed certificates, for the embedded `jwk`, `jku` and `x5u`
//! checks. They are public on purpose (they ship in the binary and the
//! source): an API that accepts a token signed with one of them trusts a
//! key chosen by whoever made the token.

use std::sync::OnceLock;

use crate::jwt::encode::{SigningKey, from_pem};
use crate::jwt::keys::{Key, from_pem_bytes};

const RSA_KEY: &str = include_str!("keys/rsa.key.pem");
const RSA_CERT: &str = include_str!("keys/rsa.cert.pem");
const EC_KEY: &str = include_str!("keys/ec.key.pem");
const EC_CERT: &str = include_str!("keys/ec.cert.pem");

/// The `kid` oauthctl gives its own keys.
pub const KID: &str = "oauthctl-probe";

/// One attack key: signing half, public half, certificate (PEM).
pub struct AttackKey {
    /// Signs the crafted tokens.
    pub signing: SigningKey,
    /// The public key.
    pub public: Key,
    /// A self-signed certificate for it, PEM.
    pub cert_pem: &'static str,
}

fn load(key: &str, cert: &'static str) -> AttackKey {
    // Both are constants compiled in and checked by a unit test: failing
    // here is a bug in oauthctl.
    #[allow(clippy::expect_used)]
    let signing =
        from_pem(key.as_bytes(), "oauthctl's probe key").expect("the built-in probe key parses");
    #[allow(clippy::expect_used)]
    let public = from_pem_bytes(cert.as_bytes(), "oauthctl's probe certificate")
        .ok()
        .and_then(|k| k.into_iter().next())
        .expect("the built-in probe certificate parses");
    AttackKey {
        signing,
        public,
        cert_pem: cert,
    }
}

/// The RSA attack key.
pub fn rsa() -> &'static AttackKey {
    static K: OnceLock<AttackKey> = OnceLock::new();
    K.get_or_init(|| load(RSA_KEY, RSA_CERT))
}

/// The P-256 attack key.
pub fn ec() -> &'static AttackKey {
    static K: OnceLock<AttackKey> = OnceLock::new();
    K.get_or_init(|| load(EC_KEY, EC_CERT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_keys_match_their_certificates() {
        for k in [rsa(), ec()] {
            let from_key = k.signing.public.as_ref().unwrap();
            assert_eq!(from_key.material, k.public.material);
        }
    }
}

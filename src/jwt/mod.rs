//! JSON Web Tokens: parsing the compact serialization, keys, signatures,
//! signing, and the one validation engine.
//!
//! Everything here is pure: no network, no printing. Keys fetched from an
//! issuer come in through `provider`; reports go out to `output`.
//!
//! Signatures are verified with aws-lc-rs keys parsed once per key and
//! algorithm (the same library `jsonwebtoken` uses underneath, but without
//! re-parsing the key for every token, and with ES512); signing goes through
//! `jsonwebtoken` where it has the algorithm. Every claim check is oauthctl's
//! own, because `jsonwebtoken` does not enforce `crit`, `nbf` by default, or
//! string-typed times (see DESIGN.md, Known pitfalls).

pub mod der;
pub mod dpop;
pub mod encode;
pub mod keys;
pub mod validate;
pub mod verify;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The largest token oauthctl accepts, in bytes. Real tokens are a few KiB
/// (large Entra ID tokens reach about 16 KiB); this bounds memory and time
/// for hostile input.
pub const MAX_TOKEN_LEN: usize = 256 * 1024;

/// JWS algorithms oauthctl can verify (RFC 7518 §3.1, RFC 8037).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// ECDSA P-384 with SHA-384.
    ES384,
    /// ECDSA P-521 with SHA-512.
    ES512,
    /// EdDSA (Ed25519).
    EdDSA,
}

/// The family of an algorithm: which kind of key it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// HMAC: a symmetric `oct` key.
    Hmac,
    /// RSA PKCS#1 v1.5 or PSS: an `RSA` key.
    Rsa,
    /// ECDSA: an `EC` key on the algorithm's curve.
    Ec,
    /// EdDSA: an `OKP` key.
    Okp,
}

impl Alg {
    /// Every algorithm, in a stable order.
    pub const ALL: [Alg; 13] = [
        Alg::HS256,
        Alg::HS384,
        Alg::HS512,
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
        Alg::ES256,
        Alg::ES384,
        Alg::ES512,
        Alg::EdDSA,
    ];

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// Parse a JOSE name, exactly (names are case-sensitive, RFC 7515 §4.1.1).
    pub fn from_name(name: &str) -> Option<Alg> {
        Alg::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The key family this algorithm needs.
    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 | Alg::ES384 | Alg::ES512 => Family::Ec,
            Alg::EdDSA => Family::Okp,
        }
    }

    /// The hash used for `at_hash`/`c_hash` (OIDC Core 3.1.3.6; SHA-512 for
    /// Ed25519 per OIDC Core errata).
    pub fn hash(self) -> &'static aws_lc_rs::digest::Algorithm {
        use aws_lc_rs::digest::{SHA256, SHA384, SHA512};
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => &SHA256,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => &SHA384,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA => &SHA512,
        }
    }
}

impl std::fmt::Display for Alg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Strip what users paste around a token: whitespace, quotes and a
/// `Bearer ` prefix (any case).
pub fn clean_input(s: &str) -> &str {
    let mut t = s.trim();
    // `get`, not `[..7]`: the input is untrusted and byte 7 may fall inside
    // a character (`abcdeféxyz`).
    if let Some(prefix) = t.get(..7)
        && prefix.eq_ignore_ascii_case("bearer ")
    {
        t = t[7..].trim_start();
    }
    t.trim_matches(|c| c == '"' || c == '\'')
}

/// A token split into its parts, before any verification.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// A signed token (JWS compact serialization, 3 parts).
    Jws(Jws),
    /// An encrypted token (JWE compact serialization, 5 parts): only its
    /// protected header can be read.
    Jwe {
        /// The protected header.
        header: Map<String, Value>,
    },
}

/// A JWS in compact serialization, decoded but not verified.
#[derive(Debug, Clone)]
pub struct Jws {
    /// The protected header.
    pub header: Map<String, Value>,
    /// The claims, when the payload is a JSON object.
    pub claims: Result<Map<String, Value>, String>,
    /// The raw payload bytes.
    pub payload: Vec<u8>,
    /// The decoded signature.
    pub signature: Vec<u8>,
    /// The signature as it appeared in the token (base64url).
    pub signature_b64: String,
    /// `base64url(header) . base64url(payload)`: what is signed.
    pub signing_input: String,
}

impl Jws {
    /// The `alg` header, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// The `kid` header, if it is a string.
    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }
}

/// Why a token is not even structurally a JWT.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StructureError(pub String);

/// Split and decode a compact JWS or JWE. The header must be a JSON object
/// with unique member names; the payload may be anything (see
/// [`Jws::claims`]).
pub fn parse(token: &str) -> Result<Parsed, StructureError> {
    let err = |m: String| StructureError(m);
    if token.is_empty() {
        return Err(err("the token is empty".into()));
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(err(format!(
            "the token is longer than the {MAX_TOKEN_LEN} bytes oauthctl accepts ({} bytes read)",
            token.len()
        )));
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        5 => {
            let header = parse_object(&b64_decode(parts[0], "header")?, "header")?;
            return Ok(Parsed::Jwe { header });
        }
        n => {
            return Err(err(format!(
                "a JWT has 3 parts separated by '.' (5 for an encrypted one); this has {n}"
            )));
        }
    }
    let header = parse_object(&b64_decode(parts[0], "header")?, "header")?;
    let payload = b64_decode(parts[1], "payload")?;
    let signature = b64_decode(parts[2], "signature")?;
    let claims = parse_object(&payload, "payload").map_err(|e| e.0);
    Ok(Parsed::Jws(Jws {
        header,
        claims,
        payload,
        signature,
        signature_b64: parts[2].to_owned(),
        signing_input: format!("{}.{}", parts[0], parts[1]),
    }))
}

/// Decode base64url without padding, strictly (RFC 7515 §2: no padding, no
/// other alphabet, no non-canonical trailing bits).
pub fn b64_decode(part: &str, what: &str) -> Result<Vec<u8>, StructureError> {
    URL_SAFE_NO_PAD.decode(part).map_err(|e| {
        let hint = if part.contains(['+', '/', '=']) {
            " (standard base64 or padding where base64url without padding is required)"
        } else {
            ""
        };
        StructureError(format!("the {what} is not valid base64url: {e}{hint}"))
    })
}

/// Encode base64url without padding.
pub fn b64_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Parse a JSON object whose member names are unique. RFC 7519 §4 allows a
/// parser to keep the last duplicate; RFC 8725 §3.8 (and common sense)
/// prefers rejecting, since two parsers may pick different ones.
pub fn parse_object(bytes: &[u8], what: &str) -> Result<Map<String, Value>, StructureError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| StructureError(format!("the {what} is not UTF-8")))?;
    let mut de = serde_json::Deserializer::from_str(text);
    let obj = <UniqueObject as serde::Deserialize>::deserialize(&mut de)
        .and_then(|o| de.end().map(|_| o))
        .map_err(|e| StructureError(format!("the {what} is not a JSON object: {e}")))?;
    Ok(obj.0)
}

/// A JSON object that refuses duplicate member names at its top level.
struct UniqueObject(Map<String, Value>);

impl<'de> serde::Deserialize<'de> for UniqueObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = UniqueObject;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<UniqueObject, A::Error> {
                let mut map = Map::new();
                while let Some(k) = a.next_key::<String>()? {
                    let v: Value = a.next_value()?;
                    if map.contains_key(&k) {
                        return Err(serde::de::Error::custom(format!(
                            "duplicate member \"{k}\""
                        )));
                    }
                    map.insert(k, v);
                }
                Ok(UniqueObject(map))
            }
        }
        d.deserialize_map(V)
    }
}

/// The JSON type of a value, for messages; it lives in the foundation
/// ([`crate::json::type_name`]) and is re-exported here for the callers
/// outside `jwt` that still name it through this module.
pub use crate::json::type_name as json_type_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_prefix_and_whitespace_are_stripped() {
        assert_eq!(clean_input("  Bearer abc.def.ghi \n"), "abc.def.ghi");
        assert_eq!(clean_input("bearer abc"), "abc");
        assert_eq!(clean_input("\"abc.def\""), "abc.def");
    }

    #[test]
    fn non_ascii_input_never_panics() {
        assert_eq!(clean_input("abcdeféxyz"), "abcdeféxyz");
        assert_eq!(clean_input("bearerééé"), "bearerééé");
        assert_eq!(clean_input("Bearer é"), "é");
        assert!(parse(clean_input("abcdeféxyz")).is_err());
    }

    #[test]
    fn wrong_part_counts_are_explained() {
        let e = parse("a.b").unwrap_err();
        assert!(e.0.contains("this has 2"), "{e}");
        let e = parse("a.b.c.d").unwrap_err();
        assert!(e.0.contains("this has 4"), "{e}");
    }

    #[test]
    fn padding_and_standard_alphabet_are_rejected() {
        let e = b64_decode("eyJhbGciOiJIUzI1NiJ9==", "header").unwrap_err();
        assert!(e.0.contains("padding"), "{e}");
        assert!(b64_decode("ab+/", "x").is_err());
    }

    #[test]
    fn duplicate_members_are_rejected() {
        let e = parse_object(br#"{"alg":"RS256","alg":"none"}"#, "header").unwrap_err();
        assert!(e.0.contains("duplicate member \"alg\""), "{e}");
        assert!(parse_object(br#"{"a":{"b":1}}"#, "x").is_ok());
        assert!(parse_object(b"[1]", "x").is_err());
        assert!(parse_object(br#"{"a":1} x"#, "x").is_err());
    }

    #[test]
    fn jwe_shows_its_header() {
        let h = b64_encode(br#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#);
        match parse(&format!("{h}.a.b.c.d")).unwrap() {
            Parsed::Jwe { header } => assert_eq!(header["enc"], "A256GCM"),
            Parsed::Jws(_) => panic!("not a JWE"),
        }
    }

    #[test]
    fn oversized_tokens_are_refused_quickly() {
        let big = "a".repeat(MAX_TOKEN_LEN + 1);
        assert!(
            parse(&big)
                .unwrap_err()
                .0
                .contains("longer than the 262144 bytes")
        );
    }

    #[test]
    fn alg_names_are_case_sensitive() {
        assert_eq!(Alg::from_name("RS256"), Some(Alg::RS256));
        assert_eq!(Alg::from_name("rs256"), None);
        assert_eq!(Alg::from_name("none"), None);
    }
}

//! Public keys: from JWKs, JWK sets, PEM (SPKI, PKCS#1, certificates, and
//! private keys whose public half is taken), with what each key can verify,
//! its size, and its RFC 7638 thumbprint.
//!
//! A key set is parsed leniently: one key oauthctl cannot use does not hide
//! the others; it is kept in [`KeySet::rejected`] with the reason, so the
//! `jwks` lint and `validate` can say why.

use std::path::Path;

use serde_json::{Map, Value};
use x509_parser::prelude::FromDer;

use super::der;
use super::{Alg, Family, b64_decode, b64_encode};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// The key material itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Material {
    /// RSA public key (modulus and exponent, big-endian).
    Rsa {
        /// Modulus.
        n: Vec<u8>,
        /// Public exponent.
        e: Vec<u8>,
    },
    /// Elliptic-curve public key.
    Ec {
        /// Curve name (`P-256`, `P-384`, `P-521`, or another the lint reports).
        crv: String,
        /// X coordinate.
        x: Vec<u8>,
        /// Y coordinate.
        y: Vec<u8>,
    },
    /// Octet key pair (RFC 8037).
    Okp {
        /// Curve name (`Ed25519`; others are reported, not used).
        crv: String,
        /// Public key.
        x: Vec<u8>,
    },
    /// Symmetric key (HMAC secret).
    Oct(Secret<Vec<u8>>),
}

/// A verification key with its JWK metadata.
#[derive(Debug, Clone)]
pub struct Key {
    /// `kid`.
    pub kid: Option<String>,
    /// `alg`, as written (may be one oauthctl does not know).
    pub alg: Option<String>,
    /// `use`.
    pub use_: Option<String>,
    /// `key_ops`.
    pub key_ops: Option<Vec<String>>,
    /// The key.
    pub material: Material,
    /// Private members were present (`d`, `p`, …): a leak when published.
    pub private_members: Vec<String>,
    /// `x5c` certificates (DER).
    pub x5c: Vec<Vec<u8>>,
    /// Where the key came from, for reports ("key set https://…", "file k.pem").
    pub origin: String,
    /// The key comes from a key set published over the network (a key set
    /// URL, an issuer's discovery): see [`Key::published_refusal`].
    pub published: bool,
}

impl Key {
    fn new(material: Material, origin: &str) -> Key {
        Key {
            kid: None,
            alg: None,
            use_: None,
            key_ops: None,
            material,
            private_members: Vec::new(),
            x5c: Vec::new(),
            origin: origin.to_owned(),
            published: false,
        }
    }

    /// A symmetric key from secret bytes.
    pub fn from_secret(secret: Vec<u8>, origin: &str) -> Key {
        Key::new(Material::Oct(Secret::new(secret)), origin)
    }

    /// The JWK `kty`.
    pub fn kty(&self) -> &'static str {
        match self.material {
            Material::Rsa { .. } => "RSA",
            Material::Ec { .. } => "EC",
            Material::Okp { .. } => "OKP",
            Material::Oct(_) => "oct",
        }
    }

    /// Size in bits (RSA modulus, symmetric key) or the curve name.
    pub fn size(&self) -> String {
        match &self.material {
            Material::Rsa { n, .. } => format!("{} bits", rsa_bits(n)),
            Material::Ec { crv, .. } | Material::Okp { crv, .. } => crv.clone(),
            Material::Oct(k) => format!("{} bits", k.expose().len() * 8),
        }
    }

    /// RSA modulus size in bits, if RSA.
    pub fn rsa_bits(&self) -> Option<usize> {
        match &self.material {
            Material::Rsa { n, .. } => Some(rsa_bits(n)),
            _ => None,
        }
    }

    /// The algorithms this key's type can verify, before `alg`/`use` limits.
    pub fn family_algorithms(&self) -> Vec<Alg> {
        match &self.material {
            Material::Rsa { .. } => Alg::ALL
                .into_iter()
                .filter(|a| a.family() == Family::Rsa)
                .collect(),
            Material::Ec { crv, .. } => match crv.as_str() {
                "P-256" => vec![Alg::ES256],
                "P-384" => vec![Alg::ES384],
                "P-521" => vec![Alg::ES512],
                _ => vec![],
            },
            Material::Okp { crv, .. } if crv == "Ed25519" => vec![Alg::EdDSA],
            Material::Okp { .. } => vec![],
            Material::Oct(_) => Alg::ALL
                .into_iter()
                .filter(|a| a.family() == Family::Hmac)
                .collect(),
        }
    }

    /// The algorithms this key may verify: its type's, narrowed by `alg`,
    /// and none when `use` or `key_ops` say it is not for verifying.
    pub fn algorithms(&self) -> Vec<Alg> {
        Alg::ALL
            .into_iter()
            .filter(|a| self.fits(*a).is_ok())
            .collect()
    }

    /// Whether this key may verify `alg`, and if not, why. The token's header
    /// never chooses the key type: the key's own `kty`, curve and `alg` must
    /// fit (RFC 8725 §3.1, no HS256-with-an-RSA-key confusion).
    pub fn fits(&self, alg: Alg) -> std::result::Result<(), String> {
        if !self.family_algorithms().contains(&alg) {
            return Err(format!(
                "a {} key ({}) cannot verify {alg}",
                self.kty(),
                self.size()
            ));
        }
        if let Some(ka) = &self.alg
            && ka != alg.name()
        {
            return Err(format!("the key is for {ka}, not {alg}"));
        }
        if let Some(u) = &self.use_
            && u != "sig"
        {
            return Err(format!("the key's use is \"{u}\", not \"sig\""));
        }
        if let Some(ops) = &self.key_ops
            && !ops.iter().any(|o| o == "verify")
        {
            return Err("the key's key_ops do not include \"verify\"".into());
        }
        Ok(())
    }

    /// Why a key from a published set must never verify anything: what
    /// anyone can read proves nothing. A symmetric key there is a signing
    /// key for everyone; private members (`d`, `p`, …) there are a leaked
    /// private key. `None` for a key not published, or a public key.
    /// (`--jwks FILE` and `--secret-file` are local and keep working.)
    pub fn published_refusal(&self) -> Option<String> {
        if !self.published {
            return None;
        }
        if matches!(self.material, Material::Oct(_)) {
            return Some(format!(
                "the key is symmetric (oct) and comes from a published key set ({}): \
                 anyone who can read the set can sign tokens with it",
                self.origin
            ));
        }
        if !self.private_members.is_empty() {
            return Some(format!(
                "the published key set ({}) carries the key's private members ({}): \
                 anyone who can read the set can sign tokens with it",
                self.origin,
                self.private_members.join(", ")
            ));
        }
        None
    }

    /// Why this public key proves nothing, when it is one that a verifier
    /// may still accept: an Ed25519 point of small order (a fixed signature
    /// verifies for every message), an RSA exponent of 1 (every message is
    /// its own signature) or an even one, an even RSA modulus, an EC point
    /// that is not on its curve (invalid-curve attacks). `validate` never
    /// uses such a key, and the `jwks` lint flags it as critical.
    pub fn weakness(&self) -> Option<String> {
        match &self.material {
            Material::Okp { crv, x } if crv == "Ed25519" => ed25519_small_order(x).then(|| {
                "the Ed25519 public key is a point of small order: a fixed signature \
                 verifies for every message"
                    .to_owned()
            }),
            Material::Rsa { n, e } => {
                let e = strip_zeros(e);
                if e == [1] {
                    Some("the RSA exponent is 1: every message is its own signature".into())
                } else if e.last().is_some_and(|b| b & 1 == 0) {
                    Some("the RSA exponent is even, so it is no RSA key".into())
                } else if n.last().is_some_and(|b| b & 1 == 0) {
                    Some("the RSA modulus is even, so it is no product of two primes".into())
                } else {
                    None
                }
            }
            Material::Ec { crv, .. } => {
                use aws_lc_rs::signature as sig;
                let params: &'static dyn sig::VerificationAlgorithm = match crv.as_str() {
                    "P-256" => &sig::ECDSA_P256_SHA256_FIXED,
                    "P-384" => &sig::ECDSA_P384_SHA384_FIXED,
                    "P-521" => &sig::ECDSA_P521_SHA512_FIXED,
                    _ => return None,
                };
                let der = self.spki_der()?;
                sig::ParsedPublicKey::new(params, der)
                    .is_err()
                    .then(|| format!("the EC point is not on {crv}"))
            }
            _ => None,
        }
    }

    /// One line describing the key, for reports: `kid "k1", RSA 2048 bits, from …`.
    pub fn describe(&self) -> String {
        let kid = match &self.kid {
            Some(k) => format!("kid \"{k}\""),
            None => "no kid".into(),
        };
        format!("{kid}, {} {}, {}", self.kty(), self.size(), self.origin)
    }

    /// RFC 7638 thumbprint (SHA-256, base64url).
    pub fn thumbprint(&self) -> String {
        // RFC 7638 §3.2: the required members only, in lexicographic order,
        // no whitespace.
        let json = match &self.material {
            Material::Rsa { n, e } => {
                format!(
                    r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                    b64_encode(e),
                    b64_encode(n)
                )
            }
            Material::Ec { crv, x, y } => format!(
                r#"{{"crv":{},"kty":"EC","x":"{}","y":"{}"}}"#,
                Value::from(crv.as_str()),
                b64_encode(x),
                b64_encode(y)
            ),
            Material::Okp { crv, x } => format!(
                r#"{{"crv":{},"kty":"OKP","x":"{}"}}"#,
                Value::from(crv.as_str()),
                b64_encode(x)
            ),
            Material::Oct(k) => format!(r#"{{"k":"{}","kty":"oct"}}"#, b64_encode(k.expose())),
        };
        b64_encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, json.as_bytes()).as_ref())
    }

    /// The public key as SubjectPublicKeyInfo DER (`None` for symmetric
    /// keys and unknown curves).
    pub fn spki_der(&self) -> Option<Vec<u8>> {
        match &self.material {
            Material::Rsa { n, e } => Some(der::rsa_spki(n, e)),
            Material::Ec { crv, x, y } => {
                let oid = match crv.as_str() {
                    "P-256" => der::OID_P256,
                    "P-384" => der::OID_P384,
                    "P-521" => der::OID_P521,
                    _ => return None,
                };
                Some(der::ec_spki(oid, &ec_point(x, y)))
            }
            Material::Okp { crv, x } if crv == "Ed25519" => Some(der::ed25519_spki(x)),
            _ => None,
        }
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn to_pem(&self) -> Option<String> {
        self.spki_der().map(|d| der::to_pem("PUBLIC KEY", &d))
    }

    /// The public key as a JWK (no private members).
    pub fn to_public_jwk(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("kty".into(), self.kty().into());
        match &self.material {
            Material::Rsa { n, e } => {
                m.insert("n".into(), b64_encode(n).into());
                m.insert("e".into(), b64_encode(e).into());
            }
            Material::Ec { crv, x, y } => {
                m.insert("crv".into(), crv.as_str().into());
                m.insert("x".into(), b64_encode(x).into());
                m.insert("y".into(), b64_encode(y).into());
            }
            Material::Okp { crv, x } => {
                m.insert("crv".into(), crv.as_str().into());
                m.insert("x".into(), b64_encode(x).into());
            }
            Material::Oct(_) => {}
        }
        if let Some(k) = &self.kid {
            m.insert("kid".into(), k.as_str().into());
        }
        if let Some(a) = &self.alg {
            m.insert("alg".into(), a.as_str().into());
        }
        if let Some(u) = &self.use_ {
            m.insert("use".into(), u.as_str().into());
        }
        m
    }
}

/// 0x04 || x || y.
pub fn ec_point(x: &[u8], y: &[u8]) -> Vec<u8> {
    let mut p = Vec::with_capacity(1 + x.len() + y.len());
    p.push(4);
    p.extend_from_slice(x);
    p.extend_from_slice(y);
    p
}

fn rsa_bits(n: &[u8]) -> usize {
    let skip = n.iter().take_while(|b| **b == 0).count();
    match n.get(skip) {
        Some(first) => (n.len() - skip) * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

/// Coordinate length in bytes for a curve (RFC 7518 §6.2.1.2).
fn curve_len(crv: &str) -> Option<usize> {
    match crv {
        "P-256" => Some(32),
        "P-384" => Some(48),
        "P-521" => Some(66),
        _ => None,
    }
}

/// Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2).
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth"];

fn member_b64(jwk: &Map<String, Value>, name: &str) -> std::result::Result<Vec<u8>, String> {
    match jwk.get(name) {
        Some(Value::String(s)) => b64_decode(s, &format!("\"{name}\" member")).map_err(|e| e.0),
        Some(other) => Err(format!(
            "\"{name}\" is {}, not a string",
            crate::json::type_name(other)
        )),
        None => Err(format!("\"{name}\" is missing")),
    }
}

fn member_str(jwk: &Map<String, Value>, name: &str) -> std::result::Result<Option<String>, String> {
    match jwk.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!(
            "\"{name}\" is {}, not a string",
            crate::json::type_name(other)
        )),
    }
}

/// Parse one JWK (RFC 7517 §4). Private members are noted, not used.
pub fn from_jwk(jwk: &Map<String, Value>, origin: &str) -> std::result::Result<Key, String> {
    let kty = member_str(jwk, "kty")?.ok_or("\"kty\" is missing")?;
    let material = match kty.as_str() {
        "RSA" => {
            // RFC 7518 §6.3.1 asks for the fewest octets; a key written
            // with leading zeros is the same key (and has the same RFC 7638
            // thumbprint as its PEM).
            rsa(&member_b64(jwk, "n")?, &member_b64(jwk, "e")?)?
        }
        "EC" => {
            let crv = member_str(jwk, "crv")?.ok_or("\"crv\" is missing")?;
            let x = member_b64(jwk, "x")?;
            let y = member_b64(jwk, "y")?;
            if let Some(len) = curve_len(&crv)
                && (x.len() != len || y.len() != len)
            {
                return Err(format!("{crv} coordinates must be {len} bytes"));
            }
            Material::Ec { crv, x, y }
        }
        "OKP" => {
            let crv = member_str(jwk, "crv")?.ok_or("\"crv\" is missing")?;
            let x = member_b64(jwk, "x")?;
            if crv == "Ed25519" && x.len() != 32 {
                return Err("an Ed25519 public key is 32 bytes".into());
            }
            Material::Okp { crv, x }
        }
        "oct" => Material::Oct(Secret::new(member_b64(jwk, "k")?)),
        other => return Err(format!("unsupported kty \"{other}\"")),
    };
    let mut key = Key::new(material, origin);
    key.kid = member_str(jwk, "kid")?;
    key.alg = member_str(jwk, "alg")?;
    key.use_ = member_str(jwk, "use")?;
    key.key_ops = match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) => Some(
            ops.iter()
                .filter_map(|o| o.as_str().map(str::to_owned))
                .collect(),
        ),
        Some(_) => return Err("\"key_ops\" is not an array".into()),
    };
    key.private_members = PRIVATE_MEMBERS
        .iter()
        .filter(|m| jwk.contains_key(**m))
        .map(|m| (*m).to_owned())
        .collect();
    if let Some(Value::Array(certs)) = jwk.get("x5c") {
        use base64::Engine;
        for c in certs {
            // RFC 7517 §4.7: x5c is standard base64 (not base64url), DER.
            let der = c
                .as_str()
                .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
                .ok_or("an \"x5c\" entry is not base64 DER")?;
            key.x5c.push(der);
        }
    }
    Ok(key)
}

/// A parsed key set: the usable keys and, for each one that was not, why.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    /// Keys oauthctl can use.
    pub keys: Vec<Key>,
    /// (index in `keys` of the document, kid if any, reason).
    pub rejected: Vec<(usize, Option<String>, String)>,
    /// The document as received.
    pub raw: Value,
}

/// Parse a JWK Set document (RFC 7517 §5).
pub fn parse_jwks(doc: &Value, origin: &str) -> std::result::Result<KeySet, String> {
    let keys = doc
        .get("keys")
        .ok_or("not a JWK Set: no \"keys\" member")?
        .as_array()
        .ok_or("not a JWK Set: \"keys\" is not an array")?;
    let mut set = KeySet {
        raw: doc.clone(),
        ..KeySet::default()
    };
    for (i, k) in keys.iter().enumerate() {
        let Some(obj) = k.as_object() else {
            set.rejected.push((i, None, "not a JSON object".into()));
            continue;
        };
        match from_jwk(obj, origin) {
            Ok(key) => set.keys.push(key),
            Err(reason) => {
                let kid = obj.get("kid").and_then(Value::as_str).map(str::to_owned);
                set.rejected.push((i, kid, reason));
            }
        }
    }
    Ok(set)
}

/// Load verification keys from a file: a JWK, a JWK Set, or PEM (public
/// keys, certificates, or private keys whose public half is used).
pub fn load_file(path: &Path) -> Result<Vec<Key>> {
    let bytes = crate::error::read_file("key file", path)?;
    let origin = format!("file {}", path.display());
    let bad = |detail: String| Error::input(format!("key file {}", path.display()), detail);
    let text = String::from_utf8_lossy(&bytes);
    if text.trim_start().starts_with('{') {
        let doc: Value =
            serde_json::from_slice(&bytes).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        if doc.get("keys").is_some() {
            let set = parse_jwks(&doc, &origin).map_err(bad)?;
            if set.keys.is_empty() {
                let why = set
                    .rejected
                    .first()
                    .map(|r| r.2.clone())
                    .unwrap_or_else(|| "the set is empty".into());
                return Err(bad(format!("no usable key ({why})")));
            }
            return Ok(set.keys);
        }
        let obj = doc.as_object().ok_or_else(|| bad("not a JWK".into()))?;
        return Ok(vec![from_jwk(obj, &origin).map_err(bad)?]);
    }
    from_pem_bytes(&bytes, &origin).map_err(bad)
}

/// Keys from PEM text: public keys, certificates, or private keys whose
/// public half is used.
pub fn from_pem_bytes(bytes: &[u8], origin: &str) -> std::result::Result<Vec<Key>, String> {
    let pems = pem::parse_many(bytes).map_err(|e| format!("invalid PEM: {e}"))?;
    if pems.is_empty() {
        return Err("not a PEM key or certificate, a JWK, or a JWK Set".into());
    }
    pems.iter().map(|p| from_pem_block(p, origin)).collect()
}

fn from_pem_block(p: &pem::Pem, origin: &str) -> std::result::Result<Key, String> {
    let der = p.contents();
    match p.tag() {
        "PUBLIC KEY" => from_spki_der(der, origin),
        "RSA PUBLIC KEY" => {
            let (_, k) = x509_parser::public_key::RSAPublicKey::from_der(der)
                .map_err(|e| format!("invalid PKCS#1 public key: {e}"))?;
            Ok(Key::new(rsa(k.modulus, k.exponent)?, origin))
        }
        "CERTIFICATE" => {
            let (_, cert) = x509_parser::certificate::X509Certificate::from_der(der)
                .map_err(|e| format!("invalid certificate: {e}"))?;
            let mut key = from_spki_der(cert.public_key().raw, origin)?;
            key.x5c.push(der.to_vec());
            Ok(key)
        }
        "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
            public_from_private(p.tag(), der, origin)
        }
        other => Err(format!(
            "PEM block \"{other}\" is not a key or certificate oauthctl reads"
        )),
    }
}

/// The encodings of the Ed25519 points of small order, the sign bit
/// cleared (libsodium's `has_small_order` list): the identity, the points
/// of order 2, 4 and 8, and the non-canonical encodings of y = p - 1, p
/// and p + 1. RFC 8032 §5.1.7 does not make verifiers reject them, and
/// aws-lc does not.
const ED25519_SMALL_ORDER: [[u8; 32]; 7] = {
    let mut ones = [0xff; 32];
    ones[31] = 0x7f;
    let mut p_minus_1 = ones;
    p_minus_1[0] = 0xec;
    let mut p = ones;
    p[0] = 0xed;
    let mut p_plus_1 = ones;
    p_plus_1[0] = 0xee;
    let mut identity = [0; 32];
    identity[0] = 1;
    [
        [0; 32],
        identity,
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef,
            0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88,
            0x6d, 0x53, 0xfc, 0x05,
        ],
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10,
            0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77,
            0x92, 0xac, 0x03, 0x7a,
        ],
        p_minus_1,
        p,
        p_plus_1,
    ]
};

/// Whether a 32-byte Ed25519 public key is a point of small order.
fn ed25519_small_order(x: &[u8]) -> bool {
    let Ok(x) = <[u8; 32]>::try_from(x) else {
        return false;
    };
    ED25519_SMALL_ORDER
        .iter()
        .any(|b| b[..31] == x[..31] && b[31] == x[31] & 0x7f)
}

/// RSA key material in its minimal form: leading zero octets dropped; a
/// modulus or exponent that is then empty (zero) is no key.
fn rsa(n: &[u8], e: &[u8]) -> std::result::Result<Material, String> {
    let (n, e) = (strip_zeros(n), strip_zeros(e));
    if n.is_empty() || e.is_empty() {
        return Err("empty \"n\" or \"e\"".into());
    }
    Ok(Material::Rsa { n, e })
}

fn strip_zeros(b: &[u8]) -> Vec<u8> {
    let skip = b.iter().take_while(|x| **x == 0).count();
    b[skip..].to_vec()
}

/// Parse SubjectPublicKeyInfo DER.
pub fn from_spki_der(der: &[u8], origin: &str) -> std::result::Result<Key, String> {
    use x509_parser::public_key::PublicKey;
    let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(der)
        .map_err(|e| format!("invalid SubjectPublicKeyInfo: {e}"))?;
    let alg_oid = spki.algorithm.algorithm.to_id_string();
    if alg_oid == "1.3.101.112" {
        // RFC 8410 §4: the key is the 32-byte encoding, as for a JWK.
        let x = spki.subject_public_key.data.to_vec();
        if x.len() != 32 {
            return Err("an Ed25519 public key is 32 bytes".into());
        }
        return Ok(Key::new(
            Material::Okp {
                crv: "Ed25519".into(),
                x,
            },
            origin,
        ));
    }
    match spki
        .parsed()
        .map_err(|e| format!("unsupported public key: {e}"))?
    {
        PublicKey::RSA(k) => Ok(Key::new(rsa(k.modulus, k.exponent)?, origin)),
        PublicKey::EC(point) => {
            let curve_oid = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|o| o.to_id_string())
                .unwrap_or_default();
            let crv = match curve_oid.as_str() {
                "1.2.840.10045.3.1.7" => "P-256",
                "1.3.132.0.34" => "P-384",
                "1.3.132.0.35" => "P-521",
                other => return Err(format!("unsupported curve {other}")),
            };
            let data = point.data();
            let len = curve_len(crv).unwrap_or(0);
            if data.len() != 1 + 2 * len || data[0] != 4 {
                return Err("only uncompressed EC points are supported".into());
            }
            Ok(Key::new(
                Material::Ec {
                    crv: crv.into(),
                    x: data[1..=len].to_vec(),
                    y: data[1 + len..].to_vec(),
                },
                origin,
            ))
        }
        _ => Err(format!("unsupported public key algorithm {alg_oid}")),
    }
}

fn public_from_private(tag: &str, der: &[u8], origin: &str) -> std::result::Result<Key, String> {
    use aws_lc_rs::signature::{self as sig, KeyPair};
    let from_rsa = |kp: sig::RsaKeyPair| {
        let c = sig::RsaPublicKeyComponents::<Vec<u8>>::from(kp.public_key());
        Key::new(Material::Rsa { n: c.n, e: c.e }, origin)
    };
    let ec_algs: [(&'static sig::EcdsaSigningAlgorithm, &str, usize); 3] = [
        (&sig::ECDSA_P256_SHA256_FIXED_SIGNING, "P-256", 32),
        (&sig::ECDSA_P384_SHA384_FIXED_SIGNING, "P-384", 48),
        (&sig::ECDSA_P521_SHA512_FIXED_SIGNING, "P-521", 66),
    ];
    let from_ec = |kp: &sig::EcdsaKeyPair, crv: &str, len: usize| {
        let p = kp.public_key().as_ref();
        Key::new(
            Material::Ec {
                crv: crv.into(),
                x: p[1..=len].to_vec(),
                y: p[1 + len..].to_vec(),
            },
            origin,
        )
    };
    match tag {
        "RSA PRIVATE KEY" => sig::RsaKeyPair::from_der(der)
            .map(from_rsa)
            .map_err(|e| format!("invalid RSA private key: {e}")),
        "EC PRIVATE KEY" => {
            for (alg, crv, len) in ec_algs {
                if let Ok(kp) = sig::EcdsaKeyPair::from_private_key_der(alg, der) {
                    return Ok(from_ec(&kp, crv, len));
                }
            }
            Err("invalid or unsupported EC private key".into())
        }
        _ => {
            if let Ok(kp) = sig::RsaKeyPair::from_pkcs8(der) {
                return Ok(from_rsa(kp));
            }
            for (alg, crv, len) in ec_algs {
                if let Ok(kp) = sig::EcdsaKeyPair::from_pkcs8(alg, der) {
                    return Ok(from_ec(&kp, crv, len));
                }
            }
            if let Ok(kp) = sig::Ed25519KeyPair::from_pkcs8_maybe_unchecked(der) {
                return Ok(Key::new(
                    Material::Okp {
                        crv: "Ed25519".into(),
                        x: kp.public_key().as_ref().to_vec(),
                    },
                    origin,
                ));
            }
            Err("unsupported PKCS#8 private key (RSA, P-256, P-384, P-521 and Ed25519 are)".into())
        }
    }
}

/// The allowlist that a set of keys implies: every algorithm some key may
/// verify.
pub fn algorithms_of(keys: &[Key]) -> Vec<Alg> {
    let mut algs: Vec<Alg> = keys.iter().flat_map(Key::algorithms).collect();
    algs.sort();
    algs.dedup();
    algs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ed25519_spki_key_is_32_bytes_as_in_a_jwk() {
        // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (n bytes) }
        let spki = |n: u8| {
            let mut d = vec![0x30, 10 + n, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03];
            d.extend([n + 1, 0x00]);
            d.extend(std::iter::repeat_n(7u8, usize::from(n)));
            d
        };
        let k = from_spki_der(&spki(32), "t").unwrap();
        // What loads from PEM loads again from its JWK (found by the fuzzer).
        from_jwk(&k.to_public_jwk(), "t").unwrap();
        let e = from_spki_der(&spki(31), "t").unwrap_err();
        assert!(e.contains("32 bytes"), "{e}");
    }

    fn jwk(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn rfc7638_thumbprint_example() {
        // RFC 7638 §3.1.
        let k = from_jwk(
            &jwk(serde_json::json!({
                "kty": "RSA",
                "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
                "e": "AQAB",
                "alg": "RS256",
                "kid": "2011-04-29"
            })),
            "test",
        )
        .unwrap();
        assert_eq!(
            k.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
        assert_eq!(k.rsa_bits(), Some(2048));
        assert_eq!(k.algorithms(), vec![Alg::RS256]);
    }

    #[test]
    fn key_type_decides_never_the_token() {
        let rsa = from_jwk(
            &jwk(serde_json::json!({"kty":"RSA","n":"AQAB","e":"AQAB"})),
            "t",
        )
        .unwrap();
        assert!(rsa.fits(Alg::HS256).is_err());
        assert!(rsa.fits(Alg::PS384).is_ok());
        let enc = from_jwk(
            &jwk(serde_json::json!({"kty":"RSA","n":"AQAB","e":"AQAB","use":"enc"})),
            "t",
        )
        .unwrap();
        assert!(enc.fits(Alg::RS256).unwrap_err().contains("use"));
        let oct = Key::from_secret(b"secret".to_vec(), "t");
        assert!(oct.fits(Alg::RS256).is_err());
        assert_eq!(oct.algorithms(), vec![Alg::HS256, Alg::HS384, Alg::HS512]);
    }

    #[test]
    fn lenient_sets_keep_the_reason() {
        let doc = serde_json::json!({"keys":[
            {"kty":"RSA","n":"AQAB","e":"AQAB","kid":"a"},
            {"kty":"XYZ","kid":"b"},
            {"kty":"EC","crv":"P-256","x":"AQ","y":"AQ","kid":"c"}
        ]});
        let set = parse_jwks(&doc, "t").unwrap();
        assert_eq!(set.keys.len(), 1);
        assert_eq!(set.rejected.len(), 2);
        assert!(set.rejected[0].2.contains("unsupported kty"));
        assert!(set.rejected[1].2.contains("32 bytes"));
    }

    #[test]
    fn private_members_are_noticed() {
        let k = from_jwk(
            &jwk(serde_json::json!({"kty":"RSA","n":"AQAB","e":"AQAB","d":"AQ","p":"AQ"})),
            "t",
        )
        .unwrap();
        assert_eq!(k.private_members, vec!["d", "p"]);
    }

    #[test]
    fn spki_round_trip_for_every_kind() {
        use aws_lc_rs::signature::{self as sig, KeyPair};
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let ec =
            sig::EcdsaKeyPair::generate_pkcs8(&sig::ECDSA_P384_SHA384_FIXED_SIGNING, &rng).unwrap();
        let pem = der::to_pem("PRIVATE KEY", ec.as_ref());
        let key = from_pem_block(&pem::parse(pem).unwrap(), "t").unwrap();
        assert_eq!(key.size(), "P-384");
        let again = from_spki_der(&key.spki_der().unwrap(), "t").unwrap();
        assert_eq!(again.material, key.material);

        let ed = sig::Ed25519KeyPair::generate().unwrap();
        let key = Key::new(
            Material::Okp {
                crv: "Ed25519".into(),
                x: ed.public_key().as_ref().to_vec(),
            },
            "t",
        );
        let again = from_spki_der(&key.spki_der().unwrap(), "t").unwrap();
        assert_eq!(again.material, key.material);
    }

    #[test]
    fn rsa_keys_are_minimal_and_never_zero() {
        // Found by the fuzzer (fuzz/regressions): a leading zero in `e` is
        // dropped, so the JWK's thumbprint is the PEM's; a zero modulus is
        // no key, from a JWK and from DER alike.
        let jwk: Map<String, Value> = serde_json::from_str(include_str!(
            "../../fuzz/regressions/jwks/rsa-exponent-leading-zero.json"
        ))
        .unwrap();
        match from_jwk(&jwk, "t").unwrap().material {
            Material::Rsa { e, .. } => assert_eq!(e, [1, 0, 1]),
            other => panic!("{other:?}"),
        }
        let der = include_bytes!("../../fuzz/regressions/pem_der/rsa-spki-zero-modulus.der");
        let err = from_spki_der(der, "t").unwrap_err();
        assert!(err.contains("empty"), "{err}");
    }
}

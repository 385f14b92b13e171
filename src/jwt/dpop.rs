//! DPoP (RFC 9449): proofs of possession made by a client, and the checks a
//! server (or `validate --dpop-proof`) runs on one.
//!
//! A [`ProofKey`] is the client's key pair: its public half travels in every
//! proof's header (`jwk`), its thumbprint ([`ProofKey::jkt`]) is what a
//! bound token names in `cnf.jkt`. [`check`] reports each check of RFC 9449
//! §4.3 by name, in the same [`Report`] as token validation.
//!
//! Pure: the caller passes "now", and nothing here does I/O.

use aws_lc_rs::digest::{SHA256, digest};
use serde_json::{Map, Value};

use super::encode::{self, SignAlg, SigningKey};
use super::keys::{self, Key, Material};
use super::validate::{Check, Report, Status};
use super::{Alg, Family, Parsed, b64_encode, der};
use crate::secret::Secret;

/// The `typ` header of every DPoP proof (RFC 9449 §4.2).
pub const TYP: &str = "dpop+jwt";

/// The names of every check [`check`] reports, in order.
pub const CHECKS: &[&str] = &[
    "structure",
    "typ",
    "alg",
    "jwk",
    "signature",
    "htm",
    "htu",
    "iat",
    "jti",
    "ath",
    "nonce",
    "cnf.jkt",
];

/// The algorithms a proof key may use: asymmetric only (RFC 9449 §4.2).
pub const ALGS: &[Alg] = &[
    Alg::ES256,
    Alg::ES384,
    Alg::ES512,
    Alg::RS256,
    Alg::RS384,
    Alg::RS512,
    Alg::PS256,
    Alg::PS384,
    Alg::PS512,
    Alg::EdDSA,
];

/// A client's DPoP key: the private key, its public JWK and thumbprint, and
/// the algorithm its proofs use. `Debug` shows the algorithm and the
/// thumbprint, never the private key.
pub struct ProofKey {
    signing: SigningKey,
    alg: Alg,
    public_jwk: Map<String, Value>,
    jkt: String,
    storage: Secret<String>,
}

impl std::fmt::Debug for ProofKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ProofKey({}, jkt {}, [redacted])", self.alg, self.jkt)
    }
}

impl ProofKey {
    /// A fresh key pair for `alg`: P-256/P-384/P-521 for ES256/384/512,
    /// RSA 2048 for RS*/PS*, Ed25519 for EdDSA. A symmetric algorithm is
    /// refused (a proof must be verifiable by anyone holding the token).
    pub fn generate(alg: Alg) -> Result<ProofKey, String> {
        use aws_lc_rs::encoding::AsDer;
        use aws_lc_rs::signature as sig;
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let ec = |a: &'static sig::EcdsaSigningAlgorithm| {
            sig::EcdsaKeyPair::generate_pkcs8(a, &rng)
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| "EC key generation failed".to_owned())
        };
        let pkcs8 = match alg {
            Alg::ES256 => ec(&sig::ECDSA_P256_SHA256_FIXED_SIGNING)?,
            Alg::ES384 => ec(&sig::ECDSA_P384_SHA384_FIXED_SIGNING)?,
            Alg::ES512 => ec(&sig::ECDSA_P521_SHA512_FIXED_SIGNING)?,
            Alg::EdDSA => sig::Ed25519KeyPair::generate_pkcs8(&rng)
                .map(|d| d.as_ref().to_vec())
                .map_err(|_| "Ed25519 key generation failed".to_owned())?,
            a if a.family() == Family::Rsa => {
                aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048)
                    .and_then(|kp| kp.as_der().map(|d| d.as_ref().to_vec()))
                    .map_err(|_| "RSA key generation failed".to_owned())?
            }
            other => return Err(symmetric(other)),
        };
        let pem = der::to_pem("PRIVATE KEY", &pkcs8);
        ProofKey::from_pem_or_jwk(pem.as_bytes(), "generated DPoP key")?.with_alg(alg)
    }

    /// A key from a PEM private key (PKCS#8, PKCS#1 or SEC1) or a private
    /// JWK, as `--dpop-key FILE` and the store give it. The algorithm is the
    /// key's default (RS256 for RSA, the curve's ES* for EC, EdDSA);
    /// [`ProofKey::with_alg`] picks another. `origin` names the key in
    /// errors.
    pub fn from_pem_or_jwk(bytes: &[u8], origin: &str) -> Result<ProofKey, String> {
        let text = String::from_utf8_lossy(bytes);
        let (signing, storage) = if text.trim_start().starts_with('{') {
            let jwk: Map<String, Value> = serde_json::from_slice(bytes)
                .map_err(|e| format!("{origin}: invalid JSON: {e}"))?;
            if jwk.get("kty").and_then(Value::as_str) == Some("oct") {
                return Err(format!(
                    "{origin}: a symmetric (oct) key cannot make DPoP proofs"
                ));
            }
            let signing =
                encode::from_private_jwk(&jwk, origin).map_err(|e| format!("{origin}: {e}"))?;
            let pem = jwk_to_pem(&jwk).map_err(|e| format!("{origin}: {e}"))?;
            (signing, pem)
        } else {
            let signing = encode::from_pem(bytes, origin).map_err(|e| format!("{origin}: {e}"))?;
            (signing, text.trim().to_owned() + "\n")
        };
        let public = signing
            .public
            .clone()
            .ok_or_else(|| format!("{origin}: a symmetric key cannot make DPoP proofs"))?;
        let alg = signing.default_alg();
        let mut public_jwk = public.to_public_jwk();
        // Only the key itself: a `kid`, `alg` or `use` from a file is no
        // business of the server's, and RFC 7638 ignores them anyway.
        for m in ["kid", "alg", "use"] {
            public_jwk.remove(m);
        }
        Ok(ProofKey {
            signing,
            alg,
            public_jwk,
            jkt: public.thumbprint(),
            storage: Secret::new(storage),
        })
    }

    /// The same key signing with `alg`, which must suit it (an RSA key
    /// takes RS* and PS*; an EC key only its curve's ES*).
    pub fn with_alg(mut self, alg: Alg) -> Result<ProofKey, String> {
        if alg.family() == Family::Hmac {
            return Err(symmetric(alg));
        }
        self.signing.fits(alg)?;
        self.alg = alg;
        Ok(self)
    }

    /// What the store keeps: the private key as PEM (PKCS#8 for generated
    /// keys; a key file's own PEM form; PKCS#8 or PKCS#1 for a JWK).
    pub fn to_storage(&self) -> Secret<String> {
        self.storage.clone()
    }

    /// The algorithm proofs are signed with.
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// The public key as a JWK (no private members, no `kid`).
    pub fn public_jwk(&self) -> Map<String, Value> {
        self.public_jwk.clone()
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key, base64url: what a
    /// bound token's `cnf.jkt` and an authorization request's `dpop_jkt` name.
    pub fn jkt(&self) -> String {
        self.jkt.clone()
    }

    /// A fresh proof for one request: `htm` = `method`, `htu` = [`htu`]`(url)`,
    /// `iat` = `now`, a random `jti`, `ath` when an access token goes with
    /// the request, `nonce` when the server gave one.
    pub fn proof(
        &self,
        method: &str,
        url: &str,
        now: i64,
        access_token: Option<&str>,
        nonce: Option<&str>,
    ) -> Result<String, String> {
        let mut header = Map::new();
        header.insert("typ".into(), TYP.into());
        header.insert("jwk".into(), Value::Object(self.public_jwk.clone()));
        let mut claims = Map::new();
        claims.insert("jti".into(), encode::random_id().into());
        claims.insert("htm".into(), method.into());
        claims.insert("htu".into(), htu(url).into());
        claims.insert("iat".into(), now.into());
        if let Some(t) = access_token {
            claims.insert("ath".into(), ath(t).into());
        }
        if let Some(n) = nonce {
            claims.insert("nonce".into(), n.into());
        }
        encode::sign(
            SignAlg::Alg(self.alg),
            &header,
            &claims,
            Some(&self.signing),
        )
    }
}

fn symmetric(alg: Alg) -> String {
    format!(
        "{alg} is symmetric: a DPoP proof needs an asymmetric algorithm (ES256, ES384, ES512, RS256, PS256, EdDSA, ...)"
    )
}

/// A private JWK as PEM, for the store.
fn jwk_to_pem(jwk: &Map<String, Value>) -> Result<String, String> {
    use aws_lc_rs::signature as sig;
    let public = keys::from_jwk(jwk, "jwk")?;
    let member = |name: &str| -> Result<Vec<u8>, String> {
        let s = jwk
            .get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("the private JWK has no \"{name}\""))?;
        super::b64_decode(s, &format!("\"{name}\" member")).map_err(|e| e.0)
    };
    let d = member("d")?;
    match &public.material {
        Material::Rsa { n, e } => {
            let parts: Vec<Vec<u8>> = ["p", "q", "dp", "dq", "qi"]
                .iter()
                .map(|m| member(m))
                .collect::<Result<_, _>>()?;
            let der = der::rsa_private_pkcs1([
                n, e, &d, &parts[0], &parts[1], &parts[2], &parts[3], &parts[4],
            ]);
            Ok(der::to_pem("RSA PRIVATE KEY", &der))
        }
        Material::Ec { crv, x, y } => {
            let alg: &'static sig::EcdsaSigningAlgorithm = match crv.as_str() {
                "P-256" => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                "P-384" => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
                "P-521" => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
                other => return Err(format!("unsupported curve {other}")),
            };
            let kp =
                sig::EcdsaKeyPair::from_private_key_and_public_key(alg, &d, &keys::ec_point(x, y))
                    .map_err(|e| format!("invalid EC private key: {e}"))?;
            let doc = kp
                .to_pkcs8v1()
                .map_err(|_| "cannot re-encode the EC key".to_owned())?;
            Ok(der::to_pem("PRIVATE KEY", doc.as_ref()))
        }
        Material::Okp { x, .. } => {
            let kp = sig::Ed25519KeyPair::from_seed_and_public_key(&d, x)
                .map_err(|e| format!("invalid Ed25519 private key: {e}"))?;
            let doc = kp
                .to_pkcs8v1()
                .map_err(|_| "cannot re-encode the Ed25519 key".to_owned())?;
            Ok(der::to_pem("PRIVATE KEY", doc.as_ref()))
        }
        Material::Oct(_) => Err("a symmetric (oct) key cannot make DPoP proofs".into()),
    }
}

/// The `htu` of a request to `url`: scheme, authority and path, without
/// query and fragment (RFC 9449 §4.2), normalized as a URL parser does
/// (lower-case scheme and host, no default port). A string that is no URL
/// is only cut at its first `?` or `#`.
pub fn htu(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            u.set_query(None);
            u.set_fragment(None);
            u.to_string()
        }
        Err(_) => url.split(['?', '#']).next().unwrap_or("").to_owned(),
    }
}

/// The `ath` of an access token: base64url(SHA-256(token)) (RFC 9449 §4.2).
pub fn ath(access_token: &str) -> String {
    b64_encode(digest(&SHA256, access_token.as_bytes()).as_ref())
}

/// What a proof must match: the request it came with, and what the server
/// expects of it.
#[derive(Debug, Clone, Copy)]
pub struct Expect<'a> {
    /// The request's HTTP method (`htm`), compared exactly.
    pub method: &'a str,
    /// The request's URL (`htu`), compared without query and fragment.
    pub url: &'a str,
    /// "Now", in Unix seconds.
    pub now: i64,
    /// How far `iat` may be from `now`, in seconds, either way.
    pub leeway: i64,
    /// The nonce the server gave, if it demands one.
    pub nonce: Option<&'a str>,
    /// The access token sent with the request, to check `ath`.
    pub access_token: Option<&'a str>,
    /// The thumbprint the token is bound to (its `cnf.jkt`).
    pub jkt: Option<&'a str>,
}

/// The thumbprint (RFC 7638) of the `jwk` in a checked proof's header, for
/// a server's binding and replay bookkeeping; `None` when it has none that
/// parses.
pub fn report_jkt(report: &Report) -> Option<String> {
    let jwk = report.header.get("jwk")?.as_object()?;
    keys::from_jwk(jwk, "proof").ok().map(|k| k.thumbprint())
}

/// The `jti` of a checked proof, for a server's replay check.
pub fn report_jti(report: &Report) -> Option<&str> {
    report.claims.get("jti")?.as_str()
}

struct Checks(Vec<Check>);

impl Checks {
    fn push(&mut self, name: &'static str, status: Status, detail: impl Into<String>) {
        self.0.push(Check {
            name,
            status,
            detail: detail.into(),
        });
    }
    fn pass(&mut self, name: &'static str, d: impl Into<String>) {
        self.push(name, Status::Passed, d)
    }
    fn fail(&mut self, name: &'static str, d: impl Into<String>) {
        self.push(name, Status::Failed, d)
    }
    fn skip(&mut self, name: &'static str, d: impl Into<String>) {
        self.push(name, Status::Skipped, d)
    }
    fn finish(mut self, header: Value, claims: Value, why: &str) -> Report {
        for name in CHECKS {
            if !self.0.iter().any(|c| c.name == *name) {
                self.skip(name, why);
            }
        }
        Report {
            valid: !self.0.iter().any(|c| c.status == Status::Failed),
            checks: self.0,
            header,
            claims,
            unknown_kid: false,
        }
    }
}

/// Check a DPoP proof (RFC 9449 §4.3), each check by name (see [`CHECKS`]).
/// The report is valid when no check failed. Pure: no I/O.
pub fn check(proof: &str, expect: &Expect) -> Report {
    let mut c = Checks(Vec::with_capacity(CHECKS.len()));
    let jws = match super::parse(proof) {
        Ok(Parsed::Jws(j)) => j,
        Ok(Parsed::Jwe { header }) => {
            c.fail(
                "structure",
                "the proof is encrypted (JWE); a DPoP proof is a signed JWT",
            );
            return c.finish(
                Value::Object(header),
                Value::Null,
                "not reached: no signed JWT",
            );
        }
        Err(e) => {
            c.fail("structure", e.0);
            return c.finish(
                Value::Null,
                Value::Null,
                "not reached: the proof is malformed",
            );
        }
    };
    let header = Value::Object(jws.header.clone());
    let claims = match &jws.claims {
        Ok(m) => m.clone(),
        Err(e) => {
            c.fail("structure", e.clone());
            return c.finish(header, Value::Null, "not reached: the proof is malformed");
        }
    };
    c.pass("structure", "a signed JWT (3 parts)");

    check_typ(&mut c, &jws.header);
    let alg = check_alg(&mut c, &jws.header);
    let key = check_jwk(&mut c, &jws.header);
    check_signature(&mut c, &jws, alg, &key);
    check_htm(&mut c, &claims, expect);
    check_htu(&mut c, &claims, expect);
    check_iat(&mut c, &claims, expect);
    check_jti(&mut c, &claims);
    check_ath(&mut c, &claims, expect);
    check_nonce(&mut c, &claims, expect);
    check_jkt(&mut c, &key, expect);

    c.finish(header, Value::Object(claims), "not reached")
}

/// `typ` is `dpop+jwt`.
fn check_typ(c: &mut Checks, header: &Map<String, Value>) {
    match header.get("typ") {
        Some(Value::String(t)) if t == TYP => c.pass("typ", TYP),
        Some(Value::String(t)) => c.fail("typ", format!("\"{t}\", not \"{TYP}\"")),
        Some(v) => c.fail(
            "typ",
            format!("typ is {}, not \"{TYP}\"", crate::json::type_name(v)),
        ),
        None => c.fail("typ", format!("no typ header (\"{TYP}\" required)")),
    }
}

/// `alg`: asymmetric, never `none` (RFC 9449 §4.3 item 5).
fn check_alg(c: &mut Checks, header: &Map<String, Value>) -> Option<Alg> {
    match header.get("alg") {
        Some(Value::String(name)) => match Alg::from_name(name) {
            Some(a) if ALGS.contains(&a) => {
                c.pass("alg", a.name());
                Some(a)
            }
            Some(a) => {
                c.fail(
                    "alg",
                    format!("{a} is symmetric: a proof must use an asymmetric algorithm"),
                );
                None
            }
            None if name.eq_ignore_ascii_case("none") => {
                c.fail("alg", "\"none\": an unsigned proof proves nothing");
                None
            }
            None => {
                c.fail("alg", format!("unknown algorithm \"{name}\""));
                None
            }
        },
        _ => {
            c.fail("alg", "no alg header");
            None
        }
    }
}

/// `jwk`: a public key, not weak, with no private members.
fn check_jwk(c: &mut Checks, header: &Map<String, Value>) -> Option<Key> {
    match header.get("jwk") {
        Some(Value::Object(jwk)) => match keys::from_jwk(jwk, "the proof's jwk header") {
            Err(e) => {
                c.fail("jwk", format!("not a usable JWK: {e}"));
                None
            }
            Ok(k) if matches!(k.material, Material::Oct(_)) => {
                c.fail("jwk", "a symmetric (oct) key: the proof key must be public");
                None
            }
            Ok(k) if !k.private_members.is_empty() => {
                c.fail(
                    "jwk",
                    format!(
                        "the jwk carries private members ({}): the private key has leaked",
                        k.private_members.join(", ")
                    ),
                );
                None
            }
            Ok(k) => match k.weakness() {
                Some(w) => {
                    c.fail("jwk", w);
                    None
                }
                None => {
                    c.pass("jwk", format!("a public {} {} key", k.kty(), k.size()));
                    Some(k)
                }
            },
        },
        Some(v) => {
            c.fail(
                "jwk",
                format!("jwk is {}, not a JSON object", crate::json::type_name(v)),
            );
            None
        }
        None => {
            c.fail("jwk", "no jwk header (the public key is required)");
            None
        }
    }
}

/// The signature, with the header's own key.
fn check_signature(c: &mut Checks, jws: &super::Jws, alg: Option<Alg>, key: &Option<Key>) {
    match (alg, &key) {
        (Some(a), Some(k)) => match super::verify::Verifier::new(k, a) {
            Ok(v) if v.verify(jws.signing_input.as_bytes(), &jws.signature) => {
                c.pass("signature", format!("{a}, verified with the jwk header"))
            }
            Ok(_) => c.fail(
                "signature",
                format!("the {a} signature does not verify with the jwk header"),
            ),
            Err(e) => c.fail("signature", e),
        },
        _ => c.skip("signature", "not reached: no usable alg and jwk"),
    }
}

/// `htm` is the request's method.
fn check_htm(c: &mut Checks, claims: &Map<String, Value>, expect: &Expect) {
    match claims.get("htm") {
        Some(Value::String(m)) if m == expect.method => c.pass("htm", m.clone()),
        Some(Value::String(m)) => c.fail(
            "htm",
            format!("\"{m}\", but the request is {}", expect.method),
        ),
        Some(v) => c.fail(
            "htm",
            format!("htm is {}, not a string", crate::json::type_name(v)),
        ),
        None => c.fail("htm", "no htm claim"),
    }
}

/// `htu` is the request's URL, without query and fragment.
fn check_htu(c: &mut Checks, claims: &Map<String, Value>, expect: &Expect) {
    match claims.get("htu") {
        Some(Value::String(u)) => {
            let want = htu(expect.url);
            if htu(u) == want {
                c.pass("htu", want)
            } else {
                c.fail("htu", format!("\"{u}\", but the request is to {want}"))
            }
        }
        Some(v) => c.fail(
            "htu",
            format!("htu is {}, not a string", crate::json::type_name(v)),
        ),
        None => c.fail("htu", "no htu claim"),
    }
}

/// `iat` within the window.
fn check_iat(c: &mut Checks, claims: &Map<String, Value>, expect: &Expect) {
    match claims.get("iat") {
        Some(v) => match v.as_f64().filter(|f| f.is_finite()) {
            Some(iat) => {
                let iat = iat.floor() as i64;
                let age = expect.now.saturating_sub(iat);
                if age > expect.leeway {
                    c.fail(
                        "iat",
                        format!("made {age} s ago; at most {} s allowed", expect.leeway),
                    )
                } else if age < -expect.leeway {
                    c.fail(
                        "iat",
                        format!(
                            "{} s in the future; at most {} s allowed",
                            -age, expect.leeway
                        ),
                    )
                } else {
                    c.pass("iat", format!("{age} s old (window ±{} s)", expect.leeway))
                }
            }
            None => c.fail(
                "iat",
                format!("iat is {}, not a number", crate::json::type_name(v)),
            ),
        },
        None => c.fail("iat", "no iat claim"),
    }
}

/// `jti` is present.
fn check_jti(c: &mut Checks, claims: &Map<String, Value>) {
    match claims.get("jti") {
        Some(Value::String(j)) if !j.is_empty() => c.pass("jti", "present"),
        Some(Value::String(_)) => c.fail("jti", "jti is empty"),
        Some(v) => c.fail(
            "jti",
            format!("jti is {}, not a string", crate::json::type_name(v)),
        ),
        None => c.fail("jti", "no jti claim"),
    }
}

/// `ath`, when an access token goes with the request.
fn check_ath(c: &mut Checks, claims: &Map<String, Value>, expect: &Expect) {
    let got_ath = claims.get("ath");
    match (expect.access_token, got_ath) {
        (Some(t), Some(Value::String(a))) if *a == ath(t) => {
            c.pass("ath", "the access token's SHA-256 hash")
        }
        (Some(_), Some(Value::String(_))) => c.fail(
            "ath",
            "the hash of another access token (not the one given)",
        ),
        (Some(_), Some(v)) => c.fail(
            "ath",
            format!("ath is {}, not a string", crate::json::type_name(v)),
        ),
        (Some(_), None) => c.fail(
            "ath",
            "no ath claim, but an access token goes with the request",
        ),
        (None, Some(_)) => c.push(
            "ath",
            Status::NotChecked,
            "the proof has an ath; no access token was given to compare",
        ),
        (None, None) => c.skip("ath", "no access token with the request"),
    }
}

/// `nonce`, when the server demands one.
fn check_nonce(c: &mut Checks, claims: &Map<String, Value>, expect: &Expect) {
    match (expect.nonce, claims.get("nonce")) {
        (Some(n), Some(Value::String(got))) if got == n => c.pass("nonce", "the server's nonce"),
        (Some(_), Some(Value::String(_))) => c.fail("nonce", "not the server's nonce"),
        (Some(_), Some(v)) => c.fail(
            "nonce",
            format!("nonce is {}, not a string", crate::json::type_name(v)),
        ),
        (Some(_), None) => c.fail("nonce", "no nonce claim, but the server demands one"),
        (None, _) => c.skip("nonce", "no nonce expected"),
    }
}

/// `cnf.jkt`: the token is bound to this key.
fn check_jkt(c: &mut Checks, key: &Option<Key>, expect: &Expect) {
    match (expect.jkt, &key) {
        (Some(want), Some(k)) => {
            let got = k.thumbprint();
            if got == want {
                c.pass("cnf.jkt", format!("the token is bound to this key ({got})"))
            } else {
                c.fail(
                    "cnf.jkt",
                    format!("the token is bound to {want}; the proof's key is {got}"),
                )
            }
        }
        (Some(_), None) => c.skip("cnf.jkt", "not reached: no usable jwk"),
        (None, _) => c.skip("cnf.jkt", "no bound thumbprint expected"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000;
    const URL: &str = "https://as.example/token";

    fn expect<'a>() -> Expect<'a> {
        Expect {
            method: "POST",
            url: URL,
            now: NOW,
            leeway: 60,
            nonce: None,
            access_token: None,
            jkt: None,
        }
    }

    fn status(r: &Report, name: &str) -> Status {
        r.checks.iter().find(|c| c.name == name).unwrap().status
    }

    fn failed(r: &Report) -> Vec<&'static str> {
        r.with_status(Status::Failed).map(|c| c.name).collect()
    }

    /// Re-sign a proof with other header and claims (the same key).
    fn forge(
        key: &ProofKey,
        edit: impl FnOnce(&mut Map<String, Value>, &mut Map<String, Value>),
    ) -> String {
        let p = key.proof("POST", URL, NOW, None, None).unwrap();
        let Parsed::Jws(j) = super::super::parse(&p).unwrap() else {
            panic!()
        };
        let (mut h, mut c) = (j.header, j.claims.unwrap());
        h.remove("alg");
        edit(&mut h, &mut c);
        let alg = match h.remove("alg") {
            Some(Value::String(a)) => SignAlg::from_name(&a).unwrap(),
            _ => SignAlg::Alg(key.alg()),
        };
        let hmac = SigningKey::hmac(b"secret");
        let k = match alg {
            SignAlg::Alg(a) if a.family() == Family::Hmac => Some(&hmac),
            SignAlg::Alg(_) => Some(&key.signing),
            SignAlg::None => None,
        };
        encode::sign(alg, &h, &c, k).unwrap()
    }

    #[test]
    fn a_fresh_proof_passes_every_check_that_applies() {
        for alg in [Alg::ES256, Alg::ES384, Alg::ES512, Alg::EdDSA, Alg::PS256] {
            let key = ProofKey::generate(alg).unwrap();
            let p = key
                .proof(
                    "POST",
                    "https://as.example/token?x=1#f",
                    NOW,
                    Some("tok"),
                    Some("n1"),
                )
                .unwrap();
            let r = check(
                &p,
                &Expect {
                    nonce: Some("n1"),
                    access_token: Some("tok"),
                    jkt: Some(&key.jkt()),
                    ..expect()
                },
            );
            assert!(r.valid, "{alg}: {:#?}", r.checks);
            assert_eq!(
                r.checks.iter().map(|c| c.name).collect::<Vec<_>>(),
                CHECKS.to_vec()
            );
            assert!(r.checks.iter().all(|c| c.status == Status::Passed), "{alg}");
            assert_eq!(r.header["typ"], "dpop+jwt");
            assert_eq!(r.header["alg"], alg.name());
            assert_eq!(r.claims["htu"], URL);
            assert_eq!(r.claims["ath"], ath("tok"));
            assert_eq!(report_jkt(&r).unwrap(), key.jkt());
            assert_eq!(report_jti(&r).unwrap().len(), 32);
        }
    }

    #[test]
    fn the_header_carries_only_the_public_key() {
        let key = ProofKey::generate(Alg::ES256).unwrap();
        let p = key.proof("GET", URL, NOW, None, None).unwrap();
        let Parsed::Jws(j) = super::super::parse(&p).unwrap() else {
            panic!()
        };
        let jwk = j.header["jwk"].as_object().unwrap();
        let mut names: Vec<&str> = jwk.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(names, ["crv", "kty", "x", "y"]);
        let claims = j.claims.unwrap();
        assert!(!claims.contains_key("ath") && !claims.contains_key("nonce"));
        assert_eq!(claims["iat"], NOW);
        assert!(!format!("{key:?}").contains("PRIVATE"));
        // two proofs never share a jti
        let q = key.proof("GET", URL, NOW, None, None).unwrap();
        let jti = |p: &str| {
            check(
                p,
                &Expect {
                    method: "GET",
                    ..expect()
                },
            )
            .claims["jti"]
                .clone()
        };
        assert_ne!(jti(&p), jti(&q));
    }

    #[test]
    fn each_wrong_part_fails_its_own_check() {
        let key = ProofKey::generate(Alg::ES256).unwrap();
        let good = key
            .proof("POST", URL, NOW, Some("tok"), Some("n1"))
            .unwrap();
        let e = Expect {
            nonce: Some("n1"),
            access_token: Some("tok"),
            jkt: Some("other"),
            ..expect()
        };
        assert_eq!(failed(&check(&good, &e)), ["cnf.jkt"]);
        let e = Expect { jkt: None, ..e };
        assert!(check(&good, &e).valid);
        assert_eq!(
            failed(&check(&good, &Expect { method: "GET", ..e })),
            ["htm"]
        );
        assert_eq!(
            failed(&check(
                &good,
                &Expect {
                    url: "https://as.example/token2",
                    ..e
                }
            )),
            ["htu"]
        );
        assert_eq!(
            failed(&check(
                &good,
                &Expect {
                    access_token: Some("other"),
                    ..e
                }
            )),
            ["ath"]
        );
        assert_eq!(
            failed(&check(
                &good,
                &Expect {
                    nonce: Some("n2"),
                    ..e
                }
            )),
            ["nonce"]
        );
        assert_eq!(
            failed(&check(&good, &Expect { now: NOW + 61, ..e })),
            ["iat"]
        );
        assert_eq!(
            failed(&check(&good, &Expect { now: NOW - 61, ..e })),
            ["iat"]
        );
        // a proof without ath, for a request with a token
        let bare = key.proof("POST", URL, NOW, None, None).unwrap();
        assert_eq!(
            failed(&check(
                &bare,
                &Expect {
                    access_token: Some("tok"),
                    ..expect()
                }
            )),
            ["ath"]
        );
        // a proof with ath and no token given is not checked, not failed
        let r = check(&good, &expect());
        assert!(r.valid);
        assert_eq!(status(&r, "ath"), Status::NotChecked);
        assert_eq!(status(&r, "nonce"), Status::Skipped);
        // a tampered payload
        let mut parts: Vec<&str> = good.split('.').collect();
        let other = key
            .proof("POST", URL, NOW + 1, Some("tok"), Some("n1"))
            .unwrap();
        parts[1] = other.split('.').nth(1).unwrap();
        assert_eq!(failed(&check(&parts.join("."), &e)), ["signature"]);
    }

    #[test]
    fn header_faults_are_named() {
        let key = ProofKey::generate(Alg::ES256).unwrap();
        let p = forge(&key, |h, _| {
            h.insert("typ".into(), "JWT".into());
        });
        assert_eq!(failed(&check(&p, &expect())), ["typ"]);
        let p = forge(&key, |h, _| {
            h.insert("alg".into(), "none".into());
        });
        assert_eq!(failed(&check(&p, &expect())), ["alg"]);
        let p = forge(&key, |h, _| {
            h.insert("alg".into(), "HS256".into());
            h.insert(
                "jwk".into(),
                serde_json::json!({"kty":"oct","k":"c2VjcmV0"}),
            );
        });
        let r = check(&p, &expect());
        assert_eq!(failed(&r), ["alg", "jwk"]);
        assert_eq!(status(&r, "signature"), Status::Skipped);
        // a private key in the header
        let p = forge(&key, |h, _| {
            let mut jwk = h["jwk"].as_object().unwrap().clone();
            jwk.insert("d".into(), "AAAA".into());
            h.insert("jwk".into(), Value::Object(jwk));
        });
        let r = check(&p, &expect());
        assert_eq!(failed(&r), ["jwk"]);
        assert!(r.checks[3].detail.contains("private members (d)"));
        // another key's jwk: the signature does not verify
        let other = ProofKey::generate(Alg::ES256).unwrap();
        let p = forge(&key, |h, _| {
            h.insert("jwk".into(), Value::Object(other.public_jwk()));
        });
        assert_eq!(failed(&check(&p, &expect())), ["signature"]);
        // no jti, no htm, iat a string
        let p = forge(&key, |_, c| {
            c.remove("jti");
            c.remove("htm");
            c.insert("iat".into(), "1700000000".into());
        });
        assert_eq!(failed(&check(&p, &expect())), ["htm", "iat", "jti"]);
        // garbage
        let r = check("nope", &expect());
        assert_eq!(failed(&r), ["structure"]);
        assert_eq!(r.checks.len(), CHECKS.len());
    }

    #[test]
    fn htu_drops_query_and_fragment_and_normalizes() {
        assert_eq!(
            htu("https://AS.example:443/t?a=1#x"),
            "https://as.example/t"
        );
        assert_eq!(htu("https://as.example"), "https://as.example/");
        assert_eq!(htu("not a url?x"), "not a url");
        assert_eq!(
            ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
        );
    }

    #[test]
    fn keys_round_trip_through_storage_and_jwk() {
        let key = ProofKey::generate(Alg::ES384).unwrap();
        let back =
            ProofKey::from_pem_or_jwk(key.to_storage().expose().as_bytes(), "store").unwrap();
        assert_eq!(back.jkt(), key.jkt());
        assert_eq!(back.alg(), Alg::ES384);
        // a private JWK (RFC 7517 appendix A.2's P-256 key)
        let jwk = br#"{"kty":"EC","crv":"P-256",
            "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
            "d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE","kid":"1"}"#;
        let k = ProofKey::from_pem_or_jwk(jwk, "file k.json").unwrap();
        assert_eq!(k.alg(), Alg::ES256);
        assert!(!k.public_jwk().contains_key("d") && !k.public_jwk().contains_key("kid"));
        let again = ProofKey::from_pem_or_jwk(k.to_storage().expose().as_bytes(), "store").unwrap();
        assert_eq!(again.jkt(), k.jkt());
        let p = again.proof("GET", URL, NOW, None, None).unwrap();
        assert!(
            check(
                &p,
                &Expect {
                    method: "GET",
                    jkt: Some(&k.jkt()),
                    ..expect()
                }
            )
            .valid
        );
        // RSA: PS256 on request, ES256 refused
        let rsa = ProofKey::generate(Alg::RS256).unwrap();
        let rsa = ProofKey::from_pem_or_jwk(rsa.to_storage().expose().as_bytes(), "s").unwrap();
        assert_eq!(rsa.alg(), Alg::RS256);
        let ps = rsa.with_alg(Alg::PS256).unwrap();
        assert_eq!(ps.alg(), Alg::PS256);
        assert!(ps.with_alg(Alg::ES256).is_err());
        // symmetric refused everywhere
        assert!(
            ProofKey::generate(Alg::HS256)
                .unwrap_err()
                .contains("symmetric")
        );
        let e = ProofKey::from_pem_or_jwk(br#"{"kty":"oct","k":"c2VjcmV0"}"#, "file s.json")
            .unwrap_err();
        assert!(e.contains("file s.json") && e.contains("symmetric"), "{e}");
        let e = ProofKey::from_pem_or_jwk(b"garbage", "file g").unwrap_err();
        assert!(e.starts_with("file g: "), "{e}");
    }
}

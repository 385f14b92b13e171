//! Key sets (RFC 7517 §5): finding one, describing each key, linting the set.
//!
//! Finding one ([`locate`]): an argument that may be an issuer or a key set
//! URL is resolved by one documented rule. A URL with a query, or whose path
//! ends in `.json` or contains `jwks`, `certs` or `keys`, is tried as a key
//! set first, then as an issuer; any other URL is tried as an issuer first
//! (discovery, then its `jwks_uri`), then as a key set. An answer only moves
//! on to the other reading when it says "not this" (HTTP 404/410, HTML or
//! other non-JSON, JSON without `keys` / without `issuer`); a connection
//! failure, a timeout, another HTTP status, a redirect loop, an oversized
//! body or an issuer mismatch stops with its error.
//!
//! [`describe`] and [`lint`] are pure functions of a parsed [`KeySet`];
//! keys that did not parse ([`KeySet::rejected`]) are listed and linted
//! too, never dropped. Nothing here prints.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::discovery::{self, Lookup};
use crate::error::{Error, Result};
use crate::finding::{Finding, Severity};
use crate::http::{HttpClient, Request, status_error};
use crate::jwt::Alg;
use crate::jwt::keys::{Key, KeySet, Material, parse_jwks};

/// What a key set request is, in error messages.
const WHAT: &str = "fetching the key set from";

/// The media types a key set may come as (RFC 7517 §8.5).
const ACCEPT: &str = "application/jwk-set+json, application/json;q=0.9";

/// Fetch and parse a key set.
pub fn fetch(http: &HttpClient, url: &str) -> Result<KeySet> {
    let (final_url, doc) = http.get_json(WHAT, url)?;
    parse_jwks(&Value::Object(doc), &format!("key set {final_url}")).map_err(|detail| {
        Error::BadResponse {
            what: WHAT.into(),
            url: final_url,
            detail,
        }
    })
}

/// Read and parse a key set file.
pub fn read(path: &Path) -> Result<KeySet> {
    let bytes = crate::error::read_file("key set", path)?;
    let what = format!("key set {}", path.display());
    let doc: Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::input(&what, format!("invalid JSON: {e}")))?;
    parse_jwks(&doc, &format!("file {}", path.display())).map_err(|d| Error::input(what, d))
}

/// Where a key set came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Fetched from a URL; through an issuer's metadata when `issuer` is set.
    Url {
        /// The URL that answered (after redirects).
        url: String,
        /// The issuer whose `jwks_uri` it is.
        issuer: Option<String>,
    },
    /// Read from a file.
    File(PathBuf),
}

/// A key set and where it came from.
#[derive(Debug, Clone)]
pub struct Located {
    /// The key set.
    pub set: KeySet,
    /// Its origin.
    pub origin: Origin,
}

/// A key set file.
pub fn from_file(path: &Path) -> Result<Located> {
    Ok(Located {
        set: read(path)?,
        origin: Origin::File(path.to_path_buf()),
    })
}

/// The key set of an issuer: discovery, then its `jwks_uri`.
pub fn from_issuer(http: &HttpClient, issuer: &str) -> Result<Located> {
    from_metadata(http, &discovery::fetch(http, issuer)?)
}

fn from_metadata(http: &HttpClient, md: &discovery::ProviderMetadata) -> Result<Located> {
    let uri = md.jwks_uri()?.ok_or_else(|| Error::BadResponse {
        what: "fetching the issuer's metadata from".into(),
        url: md.source_url.clone(),
        detail: "the metadata has no jwks_uri, so the issuer publishes no key set".into(),
    })?;
    match try_key_set(http, uri)? {
        Probe::Found(set, url) => Ok(Located {
            set,
            origin: Origin::Url {
                url,
                issuer: Some(md.issuer.clone()),
            },
        }),
        Probe::NotKeySet(e) => Err(e),
    }
}

/// Whether a URL reads as a key set's rather than an issuer's (see the
/// module docs): a query (issuers have none), a path ending in `.json`, or
/// a path containing `jwks`, `certs` or `keys`.
pub fn looks_like_key_set_url(url: &url::Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    url.query().is_some()
        || url.fragment().is_some()
        || path.ends_with(".json")
        || ["jwks", "certs", "keys"].iter().any(|w| path.contains(w))
}

/// An issuer or a key set URL, by the rule in the module docs.
pub fn locate(http: &HttpClient, source: &str) -> Result<Located> {
    let url = url::Url::parse(source).map_err(|e| {
        let file_hint = if Path::new(source).exists() {
            format!("; for a local file use --file {source}")
        } else {
            String::new()
        };
        Error::usage(format!(
            "'{source}' is not an issuer or key set URL ({e}){file_hint}"
        ))
    })?;
    let as_key_set = |probe: Probe| match probe {
        Probe::Found(set, url) => Ok(Located {
            set,
            origin: Origin::Url { url, issuer: None },
        }),
        Probe::NotKeySet(e) => Err(e),
    };
    if looks_like_key_set_url(&url) {
        let not_key_set = match as_key_set(try_key_set(http, source)?) {
            Ok(found) => return Ok(found),
            Err(e) => e,
        };
        if url.query().is_some() || url.fragment().is_some() {
            return Err(not_key_set); // an issuer has neither
        }
        match discovery::lookup(http, source)? {
            Lookup::Found(md) => from_metadata(http, &md),
            Lookup::Missing(not_issuer) => Err(neither(source, &not_key_set, &not_issuer)),
        }
    } else {
        match discovery::lookup(http, source)? {
            Lookup::Found(md) => from_metadata(http, &md),
            Lookup::Missing(not_issuer) => as_key_set(try_key_set(http, source)?)
                .map_err(|not_key_set| neither(source, &not_key_set, &not_issuer)),
        }
    }
}

fn neither(source: &str, not_key_set: &Error, not_issuer: &Error) -> Error {
    Error::BadResponse {
        what: "looking for a key set at".into(),
        url: source.to_owned(),
        detail: format!(
            "it is neither a key set ({}) nor an issuer ({})",
            crate::error::chain(not_key_set),
            crate::error::chain(not_issuer)
        ),
    }
}

/// The outcome of reading a URL as a key set.
enum Probe {
    /// A JWK Set (possibly with rejected keys), and the URL that answered.
    Found(KeySet, String),
    /// An answer that is not a key set: the error says what it was.
    NotKeySet(Error),
}

fn try_key_set(http: &HttpClient, url: &str) -> Result<Probe> {
    let resp = http.send(&Request::get(WHAT, url, ACCEPT))?;
    if matches!(resp.status, 404 | 410) {
        return Ok(Probe::NotKeySet(status_error(WHAT, &resp)));
    }
    if !(200..300).contains(&resp.status) {
        return Err(status_error(WHAT, &resp));
    }
    let doc = match resp.json_object(WHAT) {
        Ok(doc) => doc,
        Err(e) => return Ok(Probe::NotKeySet(e)),
    };
    let bad = |detail: String| Error::BadResponse {
        what: WHAT.into(),
        url: resp.url.clone(),
        detail,
    };
    if !doc.contains_key("keys") {
        return Ok(Probe::NotKeySet(bad(
            "a JSON object without \"keys\", not a JWK Set".into(),
        )));
    }
    let set = parse_jwks(&Value::Object(doc), &format!("key set {}", resp.url)).map_err(bad)?;
    Ok(Probe::Found(set, resp.url))
}

// ---------------------------------------------------------------------------
// Describing keys
// ---------------------------------------------------------------------------

/// One member of the set's `keys` array: a key oauthctl loaded, or one it
/// rejected with the reason.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Position in `keys` (0-based).
    pub index: usize,
    /// The JWK as published (`None` when it is not a JSON object).
    pub jwk: Option<&'a Map<String, Value>>,
    /// The loaded key, or why it was not loaded.
    pub key: std::result::Result<&'a Key, &'a str>,
}

impl Entry<'_> {
    fn raw_str(&self, name: &str) -> Option<&str> {
        self.jwk.and_then(|j| j.get(name)).and_then(Value::as_str)
    }

    /// `kid`.
    pub fn kid(&self) -> Option<&str> {
        match self.key {
            Ok(k) => k.kid.as_deref(),
            Err(_) => self.raw_str("kid"),
        }
    }

    /// `kty`, as loaded or as written.
    pub fn kty(&self) -> Option<&str> {
        match self.key {
            Ok(k) => Some(k.kty()),
            Err(_) => self.raw_str("kty"),
        }
    }

    /// How findings name this key: `key "kid"` or `key #2 (no kid)`.
    pub fn label(&self) -> String {
        match self.kid() {
            Some(kid) => format!("key \"{kid}\""),
            None => format!("key #{} (no kid)", self.index + 1),
        }
    }
}

/// The set's keys in document order, loaded and rejected alike.
pub fn entries(set: &KeySet) -> Vec<Entry<'_>> {
    let Some(raw) = set.raw.get("keys").and_then(Value::as_array) else {
        let loaded = set.keys.iter().enumerate().map(|(index, k)| Entry {
            index,
            jwk: None,
            key: Ok(k),
        });
        let rejected = set.rejected.iter().map(|(index, _, why)| Entry {
            index: *index,
            jwk: None,
            key: Err(why.as_str()),
        });
        return loaded.chain(rejected).collect();
    };
    let mut loaded = set.keys.iter();
    let mut out = Vec::with_capacity(raw.len());
    for (index, jwk) in raw.iter().enumerate() {
        let key = match set.rejected.iter().find(|(i, _, _)| *i == index) {
            Some((_, _, why)) => Err(why.as_str()),
            None => match loaded.next() {
                Some(k) => Ok(k),
                None => continue,
            },
        };
        out.push(Entry {
            index,
            jwk: jwk.as_object(),
            key,
        });
    }
    out
}

/// An X.509 certificate from `x5c`, as far as the listing and lint need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Subject distinguished name.
    pub subject: String,
    /// Start of validity, Unix seconds.
    pub not_before: i64,
    /// End of validity, Unix seconds.
    pub not_after: i64,
    /// The certified public key, when oauthctl can read it.
    pub public_key: Option<Material>,
}

/// Parse a DER certificate.
pub fn certificate(der: &[u8]) -> std::result::Result<Certificate, String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| format!("not a DER X.509 certificate ({e})"))?;
    let validity = cert.validity();
    Ok(Certificate {
        subject: cert.subject().to_string(),
        not_before: validity.not_before.timestamp(),
        not_after: validity.not_after.timestamp(),
        public_key: crate::jwt::keys::from_spki_der(cert.public_key().raw, "x5c")
            .ok()
            .map(|k| k.material),
    })
}

/// What the listing shows of one key.
#[derive(Debug, Clone)]
pub struct KeyInfo {
    /// Position in `keys` (0-based).
    pub index: usize,
    /// `kid`.
    pub kid: Option<String>,
    /// `kty`.
    pub kty: Option<String>,
    /// `alg`.
    pub alg: Option<String>,
    /// `use`.
    pub use_: Option<String>,
    /// Size in bits (RSA modulus, symmetric key).
    pub bits: Option<usize>,
    /// Curve (EC, OKP).
    pub crv: Option<String>,
    /// RFC 7638 thumbprint.
    pub thumbprint: Option<String>,
    /// The first `x5c` certificate, when there is one and it parses.
    pub certificate: Option<Certificate>,
    /// The public key as PEM (none for symmetric keys and unknown curves).
    pub pem: Option<String>,
    /// Why the key was not loaded, when it was not.
    pub rejected: Option<String>,
}

impl KeyInfo {
    /// "2048 bits" or the curve.
    pub fn size(&self) -> Option<String> {
        self.crv
            .clone()
            .or_else(|| self.bits.map(|b| format!("{b} bits")))
    }
}

/// Describe every key of a set, in document order.
pub fn describe(set: &KeySet) -> Vec<KeyInfo> {
    entries(set)
        .into_iter()
        .map(|e| match e.key {
            Ok(k) => {
                let (bits, crv) = match &k.material {
                    Material::Rsa { .. } => (k.rsa_bits(), None),
                    Material::Ec { crv, .. } | Material::Okp { crv, .. } => {
                        (None, Some(crv.clone()))
                    }
                    Material::Oct(s) => (Some(s.expose().len() * 8), None),
                };
                KeyInfo {
                    index: e.index,
                    kid: k.kid.clone(),
                    kty: Some(k.kty().to_owned()),
                    alg: k.alg.clone(),
                    use_: k.use_.clone(),
                    bits,
                    crv,
                    thumbprint: Some(k.thumbprint()),
                    certificate: k.x5c.first().and_then(|d| certificate(d).ok()),
                    pem: k.to_pem(),
                    rejected: None,
                }
            }
            Err(why) => KeyInfo {
                index: e.index,
                kid: e.kid().map(str::to_owned),
                kty: e.raw_str("kty").map(str::to_owned),
                alg: e.raw_str("alg").map(str::to_owned),
                use_: e.raw_str("use").map(str::to_owned),
                bits: None,
                crv: e.raw_str("crv").map(str::to_owned),
                thumbprint: None,
                certificate: None,
                pem: None,
                rejected: Some(why.to_owned()),
            },
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Lint
// ---------------------------------------------------------------------------

/// Private members of a JWK (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2); `k`
/// of an `oct` key is reported as a symmetric key instead.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth"];

/// Registered curves (RFC 7518 §6.2.1.1, RFC 8037 §2, RFC 8812 §3.1).
const KNOWN_CURVES: &[&str] = &[
    "P-256",
    "P-384",
    "P-521",
    "secp256k1",
    "Ed25519",
    "Ed448",
    "X25519",
    "X448",
];

/// Smallest RSA modulus RFC 7518 §3.3 allows.
const MIN_RSA_BITS: usize = 2048;

/// Lint a key set as of `now` (Unix seconds): each finding with its
/// severity, the key it concerns and a one-line fix. Most severe first.
pub fn lint(set: &KeySet, now: i64) -> Vec<Finding> {
    let entries = entries(set);
    let mut out = Vec::new();
    out.extend(empty_set(&entries));
    for e in &entries {
        out.extend(private_key_published(e));
        out.extend(symmetric_key_published(e));
        out.extend(rsa_too_small(e));
        out.extend(degenerate_key(e));
        out.extend(alg_fits_kty(e));
        out.extend(unknown_curve(e));
        out.extend(rejected_key(e));
        out.extend(certificates(e, now));
    }
    out.extend(duplicate_kids(&entries));
    out.extend(missing_kids(&entries));
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

fn empty_set(entries: &[Entry<'_>]) -> Option<Finding> {
    entries.is_empty().then(|| Finding {
        id: "empty-key-set",
        severity: Severity::Medium,
        message: "the key set has no keys: nothing signed by this issuer can be verified".into(),
        fix: "publish the public signing keys in \"keys\"",
        reference: "RFC 7517 §5",
    })
}

fn private_key_published(e: &Entry<'_>) -> Option<Finding> {
    let members: Vec<&str> = match (e.key, e.jwk) {
        (Ok(k), _) => k.private_members.iter().map(String::as_str).collect(),
        (Err(_), Some(jwk)) => PRIVATE_MEMBERS
            .iter()
            .copied()
            .filter(|m| jwk.contains_key(*m))
            .collect(),
        (Err(_), None) => Vec::new(),
    };
    (!members.is_empty()).then(|| Finding {
        id: "private-key-published",
        severity: Severity::Critical,
        message: format!(
            "{} ({}) publishes private key members: {}",
            e.label(),
            e.kty().unwrap_or("no kty"),
            members.join(", ")
        ),
        fix: "remove the private members and rotate the key now: anyone can sign with it",
        reference: "RFC 7517 §5; RFC 7518 §6.3.2",
    })
}

fn symmetric_key_published(e: &Entry<'_>) -> Option<Finding> {
    (e.kty() == Some("oct")).then(|| Finding {
        id: "symmetric-key-published",
        severity: Severity::Critical,
        message: format!(
            "{} is a symmetric oct key: its HMAC secret is public, so anyone can forge \
             HS256/HS384/HS512 tokens",
            e.label()
        ),
        fix: "remove oct keys from the published set, rotate the secret, sign with an \
              asymmetric key",
        reference: "RFC 7518 §6.4; RFC 8725 §3.1",
    })
}

/// A loaded key that proves nothing ([`Key::weakness`]): an Ed25519 point
/// of small order, an RSA key with e = 1, an even exponent or an even
/// modulus, an EC point off its curve. `validate` refuses each; a verifier
/// that does not may accept forged tokens.
fn degenerate_key(e: &Entry<'_>) -> Option<Finding> {
    let key = e.key.ok()?;
    let why = key.weakness()?;
    let (id, reference) = match key.material {
        Material::Okp { .. } => ("ed25519-small-order", "RFC 8032 §5.1.7; RFC 8037 §3.1"),
        Material::Rsa { .. } => ("rsa-degenerate", "RFC 8017 §3.1; RFC 7518 §6.3.1"),
        _ => ("ec-point-off-curve", "RFC 7518 §6.2.1; RFC 8725 §3.4"),
    };
    Some(Finding {
        id,
        severity: Severity::Critical,
        message: format!("{}: {why}", e.label()),
        fix: "remove the key and rotate to a properly generated one: verifiers that accept \
              it accept forged tokens",
        reference,
    })
}

fn rsa_too_small(e: &Entry<'_>) -> Option<Finding> {
    let bits = e.key.ok()?.rsa_bits()?;
    (bits < MIN_RSA_BITS).then(|| Finding {
        id: "rsa-key-too-small",
        severity: Severity::High,
        message: format!(
            "{} is RSA {bits} bits, below the {MIN_RSA_BITS} bits required",
            e.label()
        ),
        fix: "replace it with an RSA key of at least 2048 bits (or an EC P-256 key)",
        reference: "RFC 7518 §3.3, §3.5",
    })
}

/// The key types (and curve, where it is fixed) that registered JOSE
/// algorithms oauthctl does not verify itself need (RFC 7518 §4.1,
/// RFC 8037, RFC 8812, RFC 9864).
fn other_alg_needs(alg: &str) -> Option<(&'static [&'static str], Option<&'static str>)> {
    Some(match alg {
        "RSA1_5" | "RSA-OAEP" | "RSA-OAEP-256" | "RSA-OAEP-384" | "RSA-OAEP-512" => {
            (&["RSA"], None)
        }
        "ES256K" => (&["EC"], Some("secp256k1")),
        "ECDH-ES" | "ECDH-ES+A128KW" | "ECDH-ES+A192KW" | "ECDH-ES+A256KW" => {
            (&["EC", "OKP"], None)
        }
        "Ed25519" => (&["OKP"], Some("Ed25519")),
        "Ed448" => (&["OKP"], Some("Ed448")),
        "A128KW" | "A192KW" | "A256KW" | "A128GCMKW" | "A192GCMKW" | "A256GCMKW" | "dir"
        | "PBES2-HS256+A128KW" | "PBES2-HS384+A192KW" | "PBES2-HS512+A256KW" => (&["oct"], None),
        "none" => (&[], None),
        _ => return None,
    })
}

fn alg_fits_kty(e: &Entry<'_>) -> Option<Finding> {
    let key = e.key.ok()?;
    let alg = key.alg.as_deref()?;
    let curve = match &key.material {
        Material::Ec { crv, .. } | Material::Okp { crv, .. } => Some(crv.as_str()),
        _ => None,
    };
    if curve.is_some_and(|c| !KNOWN_CURVES.contains(&c)) {
        return None; // unknown-curve says it
    }
    let mismatch = |why: String| Finding {
        id: "alg-kty-mismatch",
        severity: Severity::High,
        message: format!("{}: alg {alg} does not fit the key: {why}", e.label()),
        fix: "set alg to an algorithm for this key's type and curve, or drop alg",
        reference: "RFC 7517 §4.4; RFC 7518 §3.1, §6",
    };
    if let Some(a) = Alg::from_name(alg) {
        // EdDSA also covers Ed448 (RFC 8037 §3.1), which oauthctl does not verify.
        if a == Alg::EdDSA && curve == Some("Ed448") {
            return None;
        }
        if key.family_algorithms().contains(&a) {
            return None;
        }
        // `fits` checks the family first, so its reason is the family's.
        return Some(mismatch(key.fits(a).err().unwrap_or_default()));
    }
    match other_alg_needs(alg) {
        Some((ktys, crv)) => {
            let kty_ok = ktys.contains(&key.kty());
            let crv_ok = crv.is_none_or(|c| curve == Some(c));
            (!(kty_ok && crv_ok)).then(|| {
                mismatch(match (ktys, crv) {
                    ([], _) => "none is no algorithm for a key".into(),
                    (_, Some(c)) => format!("it needs a {} {c} key, not {}", ktys[0], key.size()),
                    _ => format!("it needs a {} key, not {}", ktys.join(" or "), key.kty()),
                })
            })
        }
        None => Some(Finding {
            id: "unknown-alg",
            severity: Severity::Low,
            message: format!(
                "{} has alg \"{alg}\", which is not a registered JOSE algorithm; verifiers will \
                 not use the key",
                e.label()
            ),
            fix: "use the registered name (e.g. RS256, ES256, EdDSA), or drop alg",
            reference: "RFC 7518 §3.1, §7.1",
        }),
    }
}

fn unknown_curve(e: &Entry<'_>) -> Option<Finding> {
    let key = e.key.ok()?;
    let (Material::Ec { crv, .. } | Material::Okp { crv, .. }) = &key.material else {
        return None;
    };
    (!KNOWN_CURVES.contains(&crv.as_str())).then(|| Finding {
        id: "unknown-curve",
        severity: Severity::Medium,
        message: format!(
            "{} ({}) uses curve \"{crv}\", which is not a registered JOSE curve: verifiers \
             cannot use it, and some reject the whole set",
            e.label(),
            key.kty()
        ),
        fix: "use P-256, P-384, P-521 or Ed25519",
        reference: "RFC 7518 §6.2.1.1; RFC 8037 §2",
    })
}

fn rejected_key(e: &Entry<'_>) -> Option<Finding> {
    let why = e.key.err()?;
    if why.starts_with("unsupported kty") {
        return Some(Finding {
            id: "unsupported-kty",
            severity: Severity::Low,
            message: format!(
                "{} has {why}: not loaded (verifiers ignore keys they do not understand)",
                e.label()
            ),
            fix: "remove the key unless your verifiers support its type",
            reference: "RFC 7517 §5; RFC 7518 §6.1",
        });
    }
    Some(Finding {
        id: "invalid-key",
        severity: Severity::Medium,
        message: format!("{} is malformed and was not loaded: {why}", e.label()),
        fix: "fix or remove the key: verifiers skip it, and some reject the whole set",
        reference: "RFC 7517 §4; RFC 7518 §6",
    })
}

fn certificates(e: &Entry<'_>, now: i64) -> Vec<Finding> {
    let Ok(key) = e.key else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, der) in key.x5c.iter().enumerate() {
        let cert = match certificate(der) {
            Ok(c) => c,
            Err(why) => {
                out.push(Finding {
                    id: "certificate-unreadable",
                    severity: Severity::Low,
                    message: format!("{}: x5c certificate #{} is {why}", e.label(), i + 1),
                    fix: "publish the chain as base64 (not base64url) DER certificates, or drop x5c",
                    reference: "RFC 7517 §4.7",
                });
                continue;
            }
        };
        if cert.not_after < now {
            out.push(Finding {
                id: "certificate-expired",
                severity: Severity::Medium,
                message: format!(
                    "{}: x5c certificate #{} ({}) expired {}",
                    e.label(),
                    i + 1,
                    cert.subject,
                    crate::clock::format_instant(cert.not_after)
                ),
                fix: "renew the certificate and publish the new chain, or drop x5c",
                reference: "RFC 7517 §4.7; RFC 5280 §4.1.2.5",
            });
        }
        if i == 0
            && let Some(public) = &cert.public_key
            && *public != key.material
        {
            out.push(Finding {
                id: "x5c-key-mismatch",
                severity: Severity::High,
                message: format!(
                    "{}: the x5c certificate ({}) holds a different public key than the JWK",
                    e.label(),
                    cert.subject
                ),
                fix: "publish the certificate of this very key first in x5c",
                reference: "RFC 7517 §4.7",
            });
        }
    }
    out
}

fn duplicate_kids(entries: &[Entry<'_>]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for e in entries {
        let Some(kid) = e.kid() else { continue };
        if seen.contains(&kid) {
            continue;
        }
        seen.push(kid);
        let same: Vec<&Entry<'_>> = entries.iter().filter(|o| o.kid() == Some(kid)).collect();
        if same.len() < 2 {
            continue;
        }
        // RFC 7517 §4.5 allows one kid for keys of different kty that are
        // equivalent alternatives; within one kty it breaks key selection.
        let mut ktys: Vec<&str> = same.iter().filter_map(|o| o.kty()).collect();
        ktys.sort_unstable();
        ktys.dedup();
        let severity = if ktys.len() == same.len() {
            Severity::Low
        } else {
            Severity::Medium
        };
        out.push(Finding {
            id: "duplicate-kid",
            severity,
            message: format!(
                "kid \"{kid}\" is used by {} keys ({}): verifiers may pick the wrong one",
                same.len(),
                same.iter()
                    .map(|o| format!("#{}", o.index + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            fix: "give each key its own kid",
            reference: "RFC 7517 §4.5",
        });
    }
    out
}

fn missing_kids(entries: &[Entry<'_>]) -> Option<Finding> {
    if entries.len() < 2 {
        return None;
    }
    let without: Vec<String> = entries
        .iter()
        .filter(|e| e.kid().is_none())
        .map(|e| format!("#{}", e.index + 1))
        .collect();
    (!without.is_empty()).then(|| Finding {
        id: "missing-kid",
        severity: Severity::Medium,
        message: format!(
            "{} of {} keys have no kid ({}): with several keys, verifiers cannot select one by \
             the token's kid",
            without.len(),
            entries.len(),
            without.join(", ")
        ),
        fix: "give every key a kid (its RFC 7638 thumbprint is a good choice)",
        reference: "RFC 7517 §4.5; OpenID Connect Core §10.1",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RSA_2048_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

    /// A P-256 public key (RFC 7515 A.3).
    fn ec(kid: &str) -> Value {
        json!({
            "kty": "EC", "crv": "P-256", "kid": kid, "alg": "ES256", "use": "sig",
            "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
        })
    }

    fn rsa(kid: &str) -> Value {
        json!({"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig", "n": RSA_2048_N, "e": "AQAB"})
    }

    fn set(keys: Vec<Value>) -> KeySet {
        parse_jwks(&json!({ "keys": keys }), "test").unwrap()
    }

    fn ids(keys: Vec<Value>) -> Vec<&'static str> {
        lint(&set(keys), 1_700_000_000)
            .iter()
            .map(|f| f.id)
            .collect()
    }

    fn with(mut v: Value, changes: Value) -> Value {
        for (k, c) in changes.as_object().unwrap() {
            if c.is_null() {
                v.as_object_mut().unwrap().remove(k);
            } else {
                v[k] = c.clone();
            }
        }
        v
    }

    #[test]
    fn a_good_set_has_no_findings() {
        assert_eq!(ids(vec![rsa("r1"), ec("e1")]), Vec::<&str>::new());
    }

    #[test]
    fn private_members_are_critical() {
        let f = lint(
            &set(vec![with(rsa("r1"), json!({"d": "AQ", "p": "AQ"}))]),
            0,
        );
        assert_eq!(f[0].id, "private-key-published");
        assert_eq!(f[0].severity, Severity::Critical);
        assert!(f[0].message.contains("d, p"), "{}", f[0].message);
        // Also on a key that was not loaded.
        assert_eq!(
            ids(vec![json!({"kty": "XYZ", "kid": "x", "d": "AQ"})]),
            ["private-key-published", "unsupported-kty"]
        );
    }

    #[test]
    fn symmetric_keys_are_critical() {
        assert_eq!(
            ids(vec![json!({"kty": "oct", "kid": "h", "k": "c2VjcmV0"})]),
            ["symmetric-key-published"]
        );
    }

    #[test]
    fn small_rsa_keys() {
        // A 1024-bit modulus (the top bit set).
        let n = crate::jwt::b64_encode(&[0xc5; 128]);
        assert_eq!(
            ids(vec![with(rsa("r"), json!({ "n": n }))]),
            ["rsa-key-too-small"]
        );
    }

    #[test]
    fn duplicate_kids() {
        assert_eq!(ids(vec![rsa("k"), rsa("k")]), ["duplicate-kid"]);
        let f = lint(&set(vec![rsa("k"), ec("k")]), 0);
        assert_eq!((f[0].id, f[0].severity), ("duplicate-kid", Severity::Low));
    }

    #[test]
    fn missing_kid_matters_only_with_several_keys() {
        assert_eq!(
            ids(vec![with(rsa("r"), json!({"kid": null}))]),
            Vec::<&str>::new()
        );
        let f = lint(&set(vec![with(rsa("r"), json!({"kid": null})), ec("e")]), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "missing-kid");
        assert!(f[0].message.contains("1 of 2 keys"), "{}", f[0].message);
    }

    #[test]
    fn alg_must_fit_kty() {
        assert_eq!(
            ids(vec![with(rsa("r"), json!({"alg": "ES256"}))]),
            ["alg-kty-mismatch"]
        );
        assert_eq!(
            ids(vec![with(ec("e"), json!({"alg": "ES384"}))]),
            ["alg-kty-mismatch"]
        );
        assert_eq!(
            ids(vec![with(ec("e"), json!({"alg": "RSA-OAEP"}))]),
            ["alg-kty-mismatch"]
        );
        // Encryption algorithms for the right key type are fine.
        assert_eq!(
            ids(vec![with(
                rsa("r"),
                json!({"alg": "RSA-OAEP-256", "use": "enc"})
            )]),
            Vec::<&str>::new()
        );
        assert_eq!(
            ids(vec![with(rsa("r"), json!({"alg": "RS265"}))]),
            ["unknown-alg"]
        );
    }

    #[test]
    fn unknown_curves() {
        assert_eq!(
            ids(vec![with(ec("e"), json!({"crv": "P-192"}))]),
            ["unknown-curve"]
        );
        // Registered curves oauthctl does not verify are not findings.
        let x25519 = json!({"kty": "OKP", "crv": "X25519", "kid": "x", "use": "enc",
                            "x": "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"});
        assert_eq!(ids(vec![x25519]), Vec::<&str>::new());
    }

    #[test]
    fn rejected_keys_are_reported() {
        let f = lint(
            &set(vec![
                json!({"kty": "AKP", "kid": "pq"}),
                with(ec("bad"), json!({"x": "AQ"})),
            ]),
            0,
        );
        let got: Vec<(&str, &str)> = f.iter().map(|f| (f.id, f.message.as_str())).collect();
        assert_eq!(got[0].0, "invalid-key");
        assert!(got[0].1.contains("key \"bad\""), "{}", got[0].1);
        assert!(got[0].1.contains("32 bytes"), "{}", got[0].1);
        assert_eq!(got[1].0, "unsupported-kty");
        assert!(got[1].1.contains("\"AKP\""), "{}", got[1].1);
    }

    #[test]
    fn empty_sets() {
        assert_eq!(ids(vec![]), ["empty-key-set"]);
    }

    /// A self-signed P-256 certificate, valid 2020-01-01 to 2021-01-01, and
    /// its key as a JWK (generated once with openssl).
    const EXPIRED_CERT: &str = include_str!("../../tests/data/expired-cert.b64");

    #[test]
    fn expired_and_mismatched_certificates() {
        let jwk: Value =
            serde_json::from_str(include_str!("../../tests/data/expired-cert.jwk.json")).unwrap();
        let key = with(jwk.clone(), json!({"x5c": [EXPIRED_CERT.trim()]}));
        let f = lint(&set(vec![key.clone()]), 1_700_000_000);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].id, "certificate-expired");
        assert!(f[0].message.contains("2021-01-01"), "{}", f[0].message);
        // Valid at a time inside its validity.
        assert!(lint(&set(vec![key]), 1_590_000_000).is_empty());
        // The certificate of another key.
        let other = with(ec("e"), json!({"x5c": [EXPIRED_CERT.trim()]}));
        assert_eq!(
            ids(vec![other]),
            ["x5c-key-mismatch", "certificate-expired"]
        );
        let junk = with(ec("e"), json!({"x5c": ["AAAA"]}));
        assert_eq!(ids(vec![junk]), ["certificate-unreadable"]);
    }

    #[test]
    fn entries_keep_document_order() {
        let s = set(vec![rsa("a"), json!({"kty": "XYZ", "kid": "b"}), ec("c")]);
        let info = describe(&s);
        let kids: Vec<_> = info.iter().map(|i| i.kid.as_deref().unwrap()).collect();
        assert_eq!(kids, ["a", "b", "c"]);
        assert_eq!(info[0].size().as_deref(), Some("2048 bits"));
        assert!(info[1].rejected.as_deref().unwrap().contains("XYZ"));
        assert_eq!(info[2].size().as_deref(), Some("P-256"));
        assert!(info[2].pem.as_deref().unwrap().contains("BEGIN PUBLIC KEY"));
    }

    #[test]
    fn degenerate_keys_are_critical() {
        use base64::Engine;
        let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let okp = json!({"kty": "OKP", "crv": "Ed25519", "kid": "o", "x": b64(&identity)});
        let e1 = with(rsa("r"), json!({"e": "AQ"}));
        let mut n = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(RSA_2048_N)
            .unwrap();
        *n.last_mut().unwrap() &= 0xfe;
        let even_n = with(rsa("n"), json!({"n": b64(&n)}));
        let off = with(ec("c"), json!({"y": b64(&[7; 32])}));
        let found = lint(&set(vec![okp, e1, even_n, off]), 0);
        let got: Vec<(&str, Severity)> = found.iter().map(|f| (f.id, f.severity)).collect();
        assert_eq!(
            got,
            [
                ("ed25519-small-order", Severity::Critical),
                ("rsa-degenerate", Severity::Critical),
                ("rsa-degenerate", Severity::Critical),
                ("ec-point-off-curve", Severity::Critical),
            ]
        );
        assert!(
            found[0].message.contains("key \"o\": the Ed25519"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("exponent is 1"),
            "{}",
            found[1].message
        );
        assert!(
            found[2].message.contains("modulus is even"),
            "{}",
            found[2].message
        );
        assert!(
            found[3].message.contains("not on P-256"),
            "{}",
            found[3].message
        );
    }

    #[test]
    fn key_set_urls_are_recognised() {
        let yes = [
            "https://www.googleapis.com/oauth2/v3/certs",
            "https://idp.example/jwks",
            "https://idp.example/keys/signing",
            "https://idp.example/k.json",
            "https://idp.example/discovery?appid=1",
        ];
        for u in yes {
            assert!(looks_like_key_set_url(&url::Url::parse(u).unwrap()), "{u}");
        }
        for u in ["https://idp.example", "https://idp.example/realms/demo"] {
            assert!(!looks_like_key_set_url(&url::Url::parse(u).unwrap()), "{u}");
        }
    }
}

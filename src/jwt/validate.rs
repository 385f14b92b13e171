//! The one validation engine: every check that RFC 7519, RFC 8725, RFC 9068
//! and OpenID Connect Core 3.1.3.7 ask for, each reported by name.
//!
//! [`check`] is pure: a token, options and prepared keys in, a [`Report`]
//! out. [`Validator`] adds the one side effect validation needs: refetching
//! the key set once when a `kid` is unknown (key rotation).
//!
//! A check that matters but was not asked for (no expected audience) is
//! [`Status::NotChecked`], never passed; a check that does not apply (no
//! `nonce` in the token and none expected) is [`Status::Skipped`]. The token
//! is valid when no check failed.

use std::sync::{Arc, Mutex, RwLock};

use serde::Serialize;
use serde_json::{Map, Value};

use super::keys::Key;
use super::verify::KeyRing;
use super::{Alg, Jws, Parsed, b64_encode};
use crate::clock::{format_instant, relative};
use crate::json::type_name as json_type_name;

/// What to check, beyond what every token must pass.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Allowed algorithms; `None` means what the keys can verify.
    pub algorithms: Option<Vec<Alg>>,
    /// "Now", in Unix seconds.
    pub now: i64,
    /// Clock skew allowed, seconds.
    pub leeway: i64,
    /// Expected `iss`.
    pub issuer: Option<String>,
    /// Acceptable audiences; the token must name one.
    pub audiences: Vec<String>,
    /// The client ID: the expected `azp`.
    pub client_id: Option<String>,
    /// Expected `typ` header.
    pub typ: Option<String>,
    /// Expected `nonce`.
    pub nonce: Option<String>,
    /// Access token to check `at_hash` against.
    pub access_token: Option<String>,
    /// Authorization code to check `c_hash` against.
    pub code: Option<String>,
    /// Maximum authentication age, seconds.
    pub max_age: Option<i64>,
    /// Claims that must be present.
    pub required: Vec<String>,
    /// Claims that must have a value (dotted names reach into objects).
    pub claims: Vec<(String, String)>,
    /// Scopes the token must grant.
    pub scopes: Vec<String>,
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Checked and fine.
    Passed,
    /// Checked and wrong: the token is invalid.
    Failed,
    /// It matters and was not checked (nothing to compare with).
    NotChecked,
    /// Does not apply, or not reached.
    Skipped,
}

/// One named check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The check's name (`signature`, `exp`, `aud`…).
    pub name: &'static str,
    /// Its outcome.
    pub status: Status,
    /// Why, with the values involved.
    pub detail: String,
}

/// The result of validating one token.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// No check failed.
    pub valid: bool,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The header, when it could be decoded.
    pub header: Value,
    /// The claims, when they could be decoded.
    pub claims: Value,
    /// The token named a `kid` that no key has (a refetch may help).
    #[serde(skip)]
    pub unknown_kid: bool,
}

impl Report {
    /// The checks with this status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.status == status)
    }
}

/// The names of every check, in report order.
pub const CHECKS: &[&str] = &[
    "structure",
    "alg",
    "key",
    "signature",
    "crit",
    "typ",
    "exp",
    "nbf",
    "iat",
    "iss",
    "aud",
    "azp",
    "nonce",
    "at_hash",
    "c_hash",
    "auth_time",
    "required",
    "claims",
    "scope",
];

/// Claims RFC 9068 §2.2 requires in a JWT access token.
const AT_JWT_REQUIRED: &[&str] = &["iss", "exp", "aud", "sub", "client_id", "iat", "jti"];

/// Header parameters registered by RFC 7515/7516/7519; `crit` must not name
/// them (RFC 7515 §4.1.11).
const REGISTERED_HEADERS: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc", "zip",
];

struct Builder {
    checks: Vec<Check>,
}

impl Builder {
    fn push(&mut self, name: &'static str, status: Status, detail: impl Into<String>) {
        self.checks.push(Check {
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
    fn not_checked(&mut self, name: &'static str, d: impl Into<String>) {
        self.push(name, Status::NotChecked, d)
    }
    fn skip(&mut self, name: &'static str, d: impl Into<String>) {
        self.push(name, Status::Skipped, d)
    }
    fn skip_rest(&mut self, why: &str) {
        for name in CHECKS {
            if !self.checks.iter().any(|c| c.name == *name) {
                self.skip(name, why);
            }
        }
    }
    fn finish(self, header: Value, claims: Value, unknown_kid: bool) -> Report {
        Report {
            valid: !self.checks.iter().any(|c| c.status == Status::Failed),
            checks: self.checks,
            header,
            claims,
            unknown_kid,
        }
    }
}

/// The report for input that is not even a token (a `--bulk` line that is
/// not UTF-8): `structure` fails with `detail`, nothing else is reached.
pub fn malformed(detail: impl Into<String>) -> Report {
    let mut b = Builder {
        checks: Vec::with_capacity(CHECKS.len()),
    };
    b.fail("structure", detail);
    b.skip_rest("not reached: the token is malformed");
    b.finish(Value::Null, Value::Null, false)
}

/// Validate one token against prepared keys. Pure: no I/O.
pub fn check(token: &str, opts: &Options, ring: &KeyRing) -> Report {
    let mut b = Builder {
        checks: Vec::with_capacity(CHECKS.len()),
    };

    // structure (RFC 7519 §7.2, RFC 7515 §5.2)
    let jws = match super::parse(token) {
        Err(e) => {
            b.fail("structure", e.0);
            b.skip_rest("not reached: the token is malformed");
            return b.finish(Value::Null, Value::Null, false);
        }
        Ok(Parsed::Jwe { header }) => {
            b.fail(
                "structure",
                "an encrypted token (JWE): it can only be validated after decryption, with the recipient's key",
            );
            b.skip_rest("not reached: the token is encrypted");
            return b.finish(Value::Object(header), Value::Null, false);
        }
        Ok(Parsed::Jws(jws)) => jws,
    };
    let claims = match &jws.claims {
        Ok(c) => c,
        Err(e) => {
            b.fail("structure", e.clone());
            b.skip_rest("not reached: the payload is not a JSON object");
            return b.finish(Value::Object(jws.header.clone()), Value::Null, false);
        }
    };
    b.pass(
        "structure",
        "JWS compact serialization; header and claims are JSON objects",
    );

    let alg = check_alg(&mut b, &jws, opts, ring);
    let unknown_kid = check_key_and_signature(&mut b, &jws, alg, ring);
    check_crit(&mut b, &jws.header);
    check_typ(&mut b, &jws.header, opts);
    check_times(&mut b, claims, opts);
    check_iss(&mut b, claims, opts);
    check_aud(&mut b, claims, opts);
    check_azp(&mut b, claims, opts);
    check_nonce(&mut b, claims, opts);
    check_hash(
        &mut b,
        "at_hash",
        claims,
        alg,
        opts.access_token.as_deref(),
        "--access-token",
    );
    check_hash(
        &mut b,
        "c_hash",
        claims,
        alg,
        opts.code.as_deref(),
        "--code",
    );
    check_auth_time(&mut b, claims, opts);
    check_required(&mut b, claims, opts);
    check_claim_values(&mut b, claims, opts);
    check_scope(&mut b, claims, opts);

    // Moved, not cloned: the token is not needed any more.
    let claims = jws.claims.map_or(Value::Null, Value::Object);
    b.finish(Value::Object(jws.header), claims, unknown_kid)
}

fn check_alg(b: &mut Builder, jws: &Jws, opts: &Options, ring: &KeyRing) -> Option<Alg> {
    let name = match jws.header.get("alg") {
        Some(Value::String(s)) => s.as_str(),
        Some(other) => {
            b.fail(
                "alg",
                format!("the alg header is {}, not a string", json_type_name(other)),
            );
            return None;
        }
        None => {
            b.fail("alg", "the header has no alg");
            return None;
        }
    };
    if name.eq_ignore_ascii_case("none") {
        // RFC 8725 §3.1: an unsecured JWT is never acceptable here.
        b.fail(
            "alg",
            format!("alg \"{name}\": unsigned tokens are never accepted (RFC 8725 §3.1)"),
        );
        return None;
    }
    let Some(alg) = Alg::from_name(name) else {
        b.fail(
            "alg",
            format!("unknown or unsupported algorithm \"{name}\""),
        );
        return None;
    };
    let from_keys;
    let (allowed, source): (&[Alg], &str) = match &opts.algorithms {
        Some(list) => (list, "--alg"),
        None => {
            from_keys = ring.algorithms();
            (&from_keys, "what the keys can verify")
        }
    };
    let list = allowed
        .iter()
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ");
    if allowed.contains(&alg) {
        b.pass("alg", format!("{alg} is allowed ({source}: {list})"));
        Some(alg)
    } else if allowed.is_empty() {
        b.fail(
            "alg",
            format!("{alg}: no key at hand can verify any algorithm"),
        );
        None
    } else {
        b.fail("alg", format!("{alg} is not allowed ({source}: {list})"));
        None
    }
}

/// Key selection and signature. Returns whether the `kid` was unknown.
fn check_key_and_signature(b: &mut Builder, jws: &Jws, alg: Option<Alg>, ring: &KeyRing) -> bool {
    let Some(alg) = alg else {
        b.skip("key", "not reached: no acceptable algorithm");
        b.skip("signature", "not reached: no acceptable algorithm");
        return false;
    };
    let kid = match jws.header.get("kid") {
        None => None,
        Some(Value::String(k)) => Some(k.as_str()),
        Some(other) => {
            b.fail(
                "key",
                format!("the kid header is {}, not a string", json_type_name(other)),
            );
            b.skip("signature", "not reached: no key");
            return false;
        }
    };
    let by_kid: Vec<usize> = match kid {
        Some(k) => {
            let exact: Vec<usize> = (0..ring.keys.len())
                .filter(|i| ring.keys[*i].key.kid.as_deref() == Some(k))
                .collect();
            if exact.is_empty() {
                // Keys without a kid (a single PEM, a secret) may serve any kid.
                (0..ring.keys.len())
                    .filter(|i| ring.keys[*i].key.kid.is_none())
                    .collect()
            } else {
                exact
            }
        }
        None => (0..ring.keys.len()).collect(),
    };
    if by_kid.is_empty() {
        let known: Vec<String> = ring
            .keys
            .iter()
            .filter_map(|k| k.key.kid.as_ref().map(|s| format!("\"{s}\"")))
            .collect();
        let detail = match (kid, known.is_empty()) {
            (Some(k), false) => format!(
                "no key has kid \"{k}\" (the keys have {})",
                known.join(", ")
            ),
            (Some(k), true) => format!("no key has kid \"{k}\""),
            (None, _) => "no key at hand".into(),
        };
        b.fail("key", detail);
        b.skip("signature", "not reached: no key");
        return kid.is_some();
    }
    let mut fitting = Vec::new();
    let mut reasons = Vec::new();
    for i in by_kid {
        match ring.keys[i].verifier(alg) {
            Ok(v) => fitting.push((i, v)),
            Err(why) => reasons.push(format!("{}: {why}", ring.keys[i].key.describe())),
        }
    }
    if fitting.is_empty() {
        b.fail("key", format!("no key fits {alg}: {}", reasons.join("; ")));
        b.skip("signature", "not reached: no key");
        return false;
    }
    // Described once: the key and signature checks both name it.
    let first = ring.keys[fitting[0].0].key.describe();
    if fitting.len() == 1 {
        b.pass("key", first.clone());
    } else {
        b.pass(
            "key",
            format!(
                "{} keys fit {alg} and the token names none; each is tried",
                fitting.len()
            ),
        );
    }
    let message = jws.signing_input.as_bytes();
    match fitting
        .iter()
        .position(|(_, v)| v.verify(message, &jws.signature))
    {
        Some(0) => b.pass(
            "signature",
            format!("{alg} signature verified with {first}"),
        ),
        Some(p) => b.pass(
            "signature",
            format!(
                "{alg} signature verified with {}",
                ring.keys[fitting[p].0].key.describe()
            ),
        ),
        None if fitting.len() == 1 => b.fail(
            "signature",
            format!("the {alg} signature does not verify with {first}"),
        ),
        None => b.fail(
            "signature",
            format!(
                "the {alg} signature verifies with none of the {} keys",
                fitting.len()
            ),
        ),
    }
    false
}

fn check_crit(b: &mut Builder, header: &Map<String, Value>) {
    // RFC 7515 §4.1.11: a recipient that does not understand a listed
    // extension must reject the token. oauthctl understands none.
    let Some(crit) = header.get("crit") else {
        b.pass("crit", "no critical header extensions");
        return;
    };
    let Some(list) = crit.as_array().filter(|l| !l.is_empty()) else {
        b.fail("crit", "crit must be a non-empty array of header names");
        return;
    };
    let mut names = Vec::new();
    for item in list {
        match item.as_str() {
            Some(n) if REGISTERED_HEADERS.contains(&n) => {
                b.fail(
                    "crit",
                    format!(
                        "crit lists \"{n}\", a registered header, which RFC 7515 §4.1.11 forbids"
                    ),
                );
                return;
            }
            Some(n) if !header.contains_key(n) => {
                b.fail(
                    "crit",
                    format!("crit lists \"{n}\", which is not in the header"),
                );
                return;
            }
            Some(n) => names.push(format!("\"{n}\"")),
            None => {
                b.fail("crit", "crit must list header names as strings");
                return;
            }
        }
    }
    b.fail(
        "crit",
        format!(
            "unsupported critical extension {}: the token must be rejected (RFC 7515 §4.1.11)",
            names.join(", ")
        ),
    );
}

fn normalize_typ(t: &str) -> String {
    // RFC 7515 §4.1.9: "application/" may be omitted; media types are
    // case-insensitive.
    let t = t.trim().to_ascii_lowercase();
    t.strip_prefix("application/")
        .map(str::to_owned)
        .unwrap_or(t)
}

fn check_typ(b: &mut Builder, header: &Map<String, Value>, opts: &Options) {
    let actual = header.get("typ");
    match (&opts.typ, actual) {
        (Some(want), Some(Value::String(got))) if normalize_typ(want) == normalize_typ(got) => {
            b.pass("typ", format!("\"{got}\""))
        }
        (Some(want), Some(Value::String(got))) => b.fail(
            "typ",
            format!("\"{got}\", expected \"{want}\" (RFC 8725 §3.11 explicit typing)"),
        ),
        (Some(want), Some(other)) => b.fail(
            "typ",
            format!("typ is {}, expected \"{want}\"", json_type_name(other)),
        ),
        (Some(want), None) => b.fail("typ", format!("no typ header, expected \"{want}\"")),
        (None, Some(got)) => b.skip("typ", format!("{got} (pass --typ to require one)")),
        (None, None) => b.skip("typ", "no typ header (pass --typ to require one)"),
    }
}

/// A NumericDate claim (RFC 7519 §2): a JSON number. A string is not one
/// (CVE-2026-25537 treated string times as absent).
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<f64>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map(Some)
            .ok_or_else(|| format!("{name} is not a usable number")),
        Some(other) => Err(format!(
            "{name} is {}, not a NumericDate (RFC 7519 §2 requires a JSON number)",
            json_type_name(other)
        )),
    }
}

fn when(t: f64, now: i64) -> String {
    let t = t.floor() as i64;
    format!("{} ({})", relative(t, now), format_instant(t))
}

fn check_times(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    let (now, leeway) = (opts.now as f64, opts.leeway as f64);
    match numeric_date(claims, "exp") {
        Err(e) => b.fail("exp", e),
        Ok(None) => b.fail("exp", "no exp claim: the token never expires"),
        Ok(Some(exp)) if now >= exp + leeway => {
            b.fail("exp", format!("expired {}", when(exp, opts.now)))
        }
        Ok(Some(exp)) if now >= exp => b.pass(
            "exp",
            format!(
                "expired {}, within the {} s leeway",
                when(exp, opts.now),
                opts.leeway
            ),
        ),
        Ok(Some(exp)) => b.pass("exp", format!("expires {}", when(exp, opts.now))),
    }
    match numeric_date(claims, "nbf") {
        Err(e) => b.fail("nbf", e),
        Ok(None) => b.skip("nbf", "no nbf claim"),
        Ok(Some(nbf)) if nbf > now + leeway => {
            b.fail("nbf", format!("not valid before {}", when(nbf, opts.now)))
        }
        Ok(Some(nbf)) => b.pass("nbf", format!("valid since {}", when(nbf, opts.now))),
    }
    match numeric_date(claims, "iat") {
        Err(e) => b.fail("iat", e),
        Ok(None) => b.skip("iat", "no iat claim"),
        Ok(Some(iat)) if iat > now + leeway => b.fail(
            "iat",
            format!("issued in the future: {}", when(iat, opts.now)),
        ),
        Ok(Some(iat)) => b.pass("iat", format!("issued {}", when(iat, opts.now))),
    }
}

fn string_claim<'a>(claims: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{name} is {}, not a string", json_type_name(other))),
    }
}

fn check_iss(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    match (string_claim(claims, "iss"), &opts.issuer) {
        (Err(e), _) => b.fail("iss", e),
        (Ok(Some(got)), Some(want)) if got == want => b.pass("iss", format!("\"{got}\"")),
        (Ok(Some(got)), Some(want)) => b.fail(
            "iss",
            format!("\"{got}\", expected \"{want}\" (an exact match)"),
        ),
        (Ok(None), Some(want)) => b.fail("iss", format!("no iss claim, expected \"{want}\"")),
        (Ok(Some(got)), None) => {
            b.not_checked("iss", format!("\"{got}\"; pass --issuer to check it"))
        }
        (Ok(None), None) => b.not_checked("iss", "no iss claim and no --issuer"),
    }
}

/// `aud` as a list (RFC 7519 §4.1.3: a string or an array of strings).
fn audiences(claims: &Map<String, Value>) -> Result<Option<Vec<&str>>, String> {
    match claims.get("aud") {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.as_str()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| "aud contains a value that is not a string".to_owned())
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(format!(
            "aud is {}, not a string or an array of strings",
            json_type_name(other)
        )),
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_aud(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    let want: Vec<&str> = opts.audiences.iter().map(String::as_str).collect();
    match audiences(claims) {
        Err(e) => b.fail("aud", e),
        Ok(None) if want.is_empty() => b.not_checked("aud", "no aud claim and no --audience"),
        Ok(None) => b.fail("aud", format!("no aud claim, expected {}", quoted(&want))),
        Ok(Some(got)) if want.is_empty() => b.not_checked(
            "aud",
            format!(
                "{}; pass --audience to check it (a token meant for another service would pass)",
                quoted(&got)
            ),
        ),
        Ok(Some(got)) => match got.iter().find(|a| want.contains(a)) {
            Some(hit) => b.pass("aud", format!("\"{hit}\" is among {}", quoted(&got))),
            None => b.fail(
                "aud",
                format!("{}, expected {}", quoted(&got), quoted(&want)),
            ),
        },
    }
}

fn check_azp(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    let several_aud = matches!(audiences(claims), Ok(Some(a)) if a.len() > 1);
    match (string_claim(claims, "azp"), &opts.client_id) {
        (Err(e), _) => b.fail("azp", e),
        (Ok(Some(got)), Some(want)) if got == want => b.pass("azp", format!("\"{got}\"")),
        (Ok(Some(got)), Some(want)) => b.fail(
            "azp",
            format!("\"{got}\", expected the client ID \"{want}\" (OIDC Core 3.1.3.7)"),
        ),
        (Ok(Some(got)), None) => {
            b.not_checked("azp", format!("\"{got}\"; pass --client-id to check it"))
        }
        (Ok(None), _) if several_aud => b.not_checked(
            "azp",
            "several audiences and no azp (OIDC Core 3.1.3.7 expects one in an ID token)",
        ),
        (Ok(None), _) => b.skip("azp", "no azp claim"),
    }
}

fn check_nonce(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    match (string_claim(claims, "nonce"), &opts.nonce) {
        (Err(e), _) => b.fail("nonce", e),
        (Ok(Some(got)), Some(want)) if constant_time_eq(got.as_bytes(), want.as_bytes()) => {
            b.pass("nonce", "matches")
        }
        (Ok(Some(_)), Some(_)) => b.fail("nonce", "does not match the expected nonce"),
        (Ok(None), Some(_)) => b.fail("nonce", "no nonce claim, but one was expected"),
        (Ok(Some(_)), None) => {
            b.not_checked("nonce", "the token has a nonce; pass --nonce to check it")
        }
        (Ok(None), None) => b.skip("nonce", "no nonce claim"),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `at_hash`/`c_hash` (OIDC Core 3.1.3.6, 3.3.2.11): the left half of the
/// hash of the value, with the hash of the token's `alg`.
pub fn half_hash(alg: Alg, value: &str) -> String {
    let digest = aws_lc_rs::digest::digest(alg.hash(), value.as_bytes());
    let bytes = digest.as_ref();
    b64_encode(&bytes[..bytes.len() / 2])
}

fn check_hash(
    b: &mut Builder,
    name: &'static str,
    claims: &Map<String, Value>,
    alg: Option<Alg>,
    value: Option<&str>,
    flag: &str,
) {
    match (string_claim(claims, name), value, alg) {
        (Err(e), _, _) => b.fail(name, e),
        (Ok(Some(_)), Some(_), None) => b.skip(name, "not reached: no acceptable algorithm"),
        (Ok(Some(got)), Some(v), Some(alg)) => {
            let want = half_hash(alg, v);
            if got == want {
                b.pass(name, format!("matches the value given ({alg} left half)"))
            } else {
                b.fail(
                    name,
                    format!("\"{got}\" does not match the value given (expected \"{want}\")"),
                )
            }
        }
        (Ok(None), Some(_), _) => b.skip(name, format!("no {name} claim to compare with")),
        (Ok(Some(_)), None, _) => b.not_checked(
            name,
            format!("the token has {name}; pass {flag} to check it"),
        ),
        (Ok(None), None, _) => b.skip(name, format!("no {name} claim")),
    }
}

fn check_auth_time(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    let t = numeric_date(claims, "auth_time");
    match (t, opts.max_age) {
        (Err(e), _) => b.fail("auth_time", e),
        (Ok(None), Some(_)) => b.fail(
            "auth_time",
            "no auth_time claim, required with --max-age (OIDC Core 3.1.3.7 step 13)",
        ),
        (Ok(Some(at)), Some(max)) => {
            let age = opts.now as f64 - at;
            if age > max.saturating_add(opts.leeway) as f64 {
                b.fail(
                    "auth_time",
                    format!(
                        "authenticated {}, longer ago than --max-age {max} s",
                        when(at, opts.now)
                    ),
                )
            } else {
                b.pass("auth_time", format!("authenticated {}", when(at, opts.now)))
            }
        }
        (Ok(Some(at)), None) => b.skip(
            "auth_time",
            format!(
                "authenticated {} (pass --max-age to limit it)",
                when(at, opts.now)
            ),
        ),
        (Ok(None), None) => b.skip("auth_time", "no auth_time claim"),
    }
}

fn check_required(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    let mut required: Vec<&str> = opts.required.iter().map(String::as_str).collect();
    let at_jwt = opts
        .typ
        .as_deref()
        .is_some_and(|t| normalize_typ(t) == "at+jwt");
    if at_jwt {
        for c in AT_JWT_REQUIRED {
            if !required.contains(c) {
                required.push(c);
            }
        }
    }
    if required.is_empty() {
        b.skip("required", "no required claims asked for (--require)");
        return;
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| lookup(claims, c).is_none())
        .collect();
    let why = if at_jwt {
        " (RFC 9068 §2.2 for at+jwt)"
    } else {
        ""
    };
    if missing.is_empty() {
        b.pass("required", format!("present: {}{why}", required.join(", ")));
    } else {
        b.fail("required", format!("missing: {}{why}", missing.join(", ")));
    }
}

/// Find a claim by name, or by a dotted path into objects when no claim has
/// the full name.
fn lookup<'a>(claims: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    if let Some(v) = claims.get(name) {
        return Some(v);
    }
    let mut parts = name.split('.');
    let mut cur = claims.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

/// Whether a claim's value is the expected one: a string against a glob
/// pattern (`*` any run of characters, `/` and `:` included, `?` one
/// character, every other character itself; `crate::glob`, the matcher of
/// `serve`'s trust rules, so both answer alike), an array when one of its
/// members does, numbers, booleans and null by their JSON text.
fn value_matches(v: &Value, want: &str) -> bool {
    match v {
        Value::String(s) => crate::glob::matches(want, s),
        Value::Array(items) => items
            .iter()
            .any(|i| value_matches(i, want) && !i.is_array()),
        // Compared as JSON text (`--claim admin=true`, `--claim level=2`);
        // `Value == &str` would only ever match strings.
        Value::Number(n) => n.to_string() == want,
        Value::Bool(b) => want == if *b { "true" } else { "false" },
        Value::Null => want == "null",
        Value::Object(_) => false,
    }
}

fn check_claim_values(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    if opts.claims.is_empty() {
        b.skip("claims", "no claim values asked for (--claim)");
        return;
    }
    let mut wrong = Vec::new();
    for (name, want) in &opts.claims {
        match lookup(claims, name) {
            None => wrong.push(format!("{name} is missing")),
            Some(v) if value_matches(v, want) => {}
            Some(v) if crate::glob::is_pattern(want) => wrong.push(format!(
                "{name} is {v}, which does not match the pattern \"{want}\""
            )),
            Some(v) => wrong.push(format!("{name} is {v}, expected \"{want}\"")),
        }
    }
    if wrong.is_empty() {
        let names: Vec<&str> = opts.claims.iter().map(|(n, _)| n.as_str()).collect();
        b.pass("claims", format!("as expected: {}", names.join(", ")));
    } else {
        b.fail("claims", wrong.join("; "));
    }
}

/// Granted scopes: `scope` (space-separated, RFC 8693 §4.2 / RFC 9068 §2.2.3)
/// or `scp` (an array or a string, as some issuers send).
fn granted_scopes(claims: &Map<String, Value>) -> Vec<&str> {
    let mut out = Vec::new();
    for name in ["scope", "scp"] {
        match claims.get(name) {
            Some(Value::String(s)) => out.extend(s.split_whitespace()),
            Some(Value::Array(items)) => out.extend(items.iter().filter_map(Value::as_str)),
            _ => {}
        }
    }
    out
}

fn check_scope(b: &mut Builder, claims: &Map<String, Value>, opts: &Options) {
    if opts.scopes.is_empty() {
        b.skip("scope", "no scopes asked for (--scope)");
        return;
    }
    let granted = granted_scopes(claims);
    let missing: Vec<&str> = opts
        .scopes
        .iter()
        .map(String::as_str)
        .filter(|s| !granted.contains(s))
        .collect();
    if missing.is_empty() {
        b.pass("scope", format!("granted: {}", opts.scopes.join(" ")));
    } else if granted.is_empty() {
        b.fail(
            "scope",
            format!("missing {}: the token grants no scope", missing.join(" ")),
        );
    } else {
        b.fail(
            "scope",
            format!(
                "missing {} (granted: {})",
                missing.join(" "),
                granted.join(" ")
            ),
        );
    }
}

/// Where the key set comes from again when a `kid` is unknown.
pub type Refetch = Box<dyn Fn() -> Result<Vec<Key>, String> + Send + Sync>;

/// The engine with its keys, and one refetch of the key set for rotation.
pub struct Validator {
    opts: Options,
    ring: RwLock<Arc<KeyRing>>,
    refetch: Option<Refetch>,
    /// Whether the one refetch happened; held while it runs, so a token
    /// validated meanwhile (`--bulk` is parallel) waits for its keys.
    refetched: Mutex<bool>,
}

impl Validator {
    /// A validator over these keys; `refetch` reloads a remote key set.
    pub fn new(opts: Options, keys: Vec<Key>, refetch: Option<Refetch>) -> Validator {
        Validator {
            opts,
            ring: RwLock::new(Arc::new(KeyRing::new(keys))),
            refetch,
            refetched: Mutex::new(false),
        }
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    fn ring(&self) -> Arc<KeyRing> {
        match self.ring.read() {
            Ok(g) => Arc::clone(&g),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Validate one token. On an unknown `kid`, the key set is fetched again
    /// once per validator (rotation), then the token is checked again.
    pub fn validate(&self, token: &str) -> Report {
        let seen = self.ring();
        let report = check(token, &self.opts, &seen);
        if !report.unknown_kid {
            return report;
        }
        let Some(refetch) = &self.refetch else {
            return report;
        };
        let mut refetched = match self.refetched.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let ring = if *refetched {
            // Refetched already, perhaps while this token was checked against
            // the old set: check it against the new one, if there is one.
            drop(refetched);
            let current = self.ring();
            if Arc::ptr_eq(&current, &seen) {
                return report;
            }
            Ok(current)
        } else {
            *refetched = true;
            refetch().map(|keys| {
                let ring = Arc::new(KeyRing::new(keys));
                match self.ring.write() {
                    Ok(mut g) => *g = Arc::clone(&ring),
                    Err(poisoned) => *poisoned.into_inner() = Arc::clone(&ring),
                }
                ring
            })
        };
        match ring {
            Ok(ring) => {
                let mut again = check(token, &self.opts, &ring);
                if let Some(c) = again.checks.iter_mut().find(|c| c.name == "key") {
                    c.detail
                        .push_str(" (after refetching the key set for an unknown kid)");
                }
                again
            }
            Err(e) => {
                let mut report = report;
                if let Some(c) = report.checks.iter_mut().find(|c| c.name == "key") {
                    c.detail
                        .push_str(&format!("; refetching the key set failed: {e}"));
                }
                report
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::atomic::Ordering;

    const NOW: i64 = 1_700_000_000;

    fn hs_token(header: Value, claims: Value, secret: &[u8]) -> String {
        let h = b64_encode(header.to_string().as_bytes());
        let c = b64_encode(claims.to_string().as_bytes());
        let input = format!("{h}.{c}");
        let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
        let sig = aws_lc_rs::hmac::sign(&key, input.as_bytes());
        format!("{input}.{}", b64_encode(sig.as_ref()))
    }

    fn ring() -> KeyRing {
        KeyRing::new(vec![Key::from_secret(
            b"0123456789abcdef0123456789abcdef".to_vec(),
            "test",
        )])
    }

    fn opts() -> Options {
        Options {
            now: NOW,
            leeway: 60,
            ..Options::default()
        }
    }

    fn status(r: &Report, name: &str) -> Status {
        r.checks
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.status)
            .unwrap()
    }

    fn good_claims() -> Value {
        json!({"iss":"https://issuer","aud":"api","sub":"alice","exp":NOW+600,"iat":NOW-10})
    }

    fn token(claims: Value) -> String {
        hs_token(
            json!({"alg":"HS256","typ":"JWT"}),
            claims,
            b"0123456789abcdef0123456789abcdef",
        )
    }

    #[test]
    fn a_good_token_passes_and_unasked_checks_say_so() {
        let r = check(&token(good_claims()), &opts(), &ring());
        assert!(r.valid, "{:#?}", r.checks);
        assert_eq!(status(&r, "signature"), Status::Passed);
        assert_eq!(status(&r, "aud"), Status::NotChecked);
        assert_eq!(status(&r, "iss"), Status::NotChecked);
        assert_eq!(r.checks.len(), CHECKS.len());
        let names: Vec<&str> = r.checks.iter().map(|c| c.name).collect();
        assert_eq!(names, CHECKS);
    }

    #[test]
    fn expiry_honours_leeway() {
        let mut c = good_claims();
        c["exp"] = json!(NOW - 30);
        let r = check(&token(c.clone()), &opts(), &ring());
        assert_eq!(status(&r, "exp"), Status::Passed);
        c["exp"] = json!(NOW - 61);
        let r = check(&token(c), &opts(), &ring());
        assert_eq!(status(&r, "exp"), Status::Failed);
        assert!(!r.valid);
    }

    #[test]
    fn string_times_are_not_times() {
        let mut c = good_claims();
        c["exp"] = json!("9999999999");
        c["nbf"] = json!("0");
        let r = check(&token(c), &opts(), &ring());
        assert_eq!(status(&r, "exp"), Status::Failed);
        assert_eq!(status(&r, "nbf"), Status::Failed);
    }

    #[test]
    fn missing_exp_fails() {
        let mut c = good_claims();
        c.as_object_mut().unwrap().remove("exp");
        assert_eq!(
            status(&check(&token(c), &opts(), &ring()), "exp"),
            Status::Failed
        );
    }

    #[test]
    fn nbf_and_iat_in_the_future_fail() {
        let mut c = good_claims();
        c["nbf"] = json!(NOW + 3600);
        c["iat"] = json!(NOW + 3600);
        let r = check(&token(c), &opts(), &ring());
        assert_eq!(status(&r, "nbf"), Status::Failed);
        assert_eq!(status(&r, "iat"), Status::Failed);
    }

    #[test]
    fn issuer_and_audience() {
        let o = Options {
            issuer: Some("https://issuer".into()),
            audiences: vec!["other".into(), "api".into()],
            ..opts()
        };
        assert!(check(&token(good_claims()), &o, &ring()).valid);
        let o = Options {
            issuer: Some("https://issuer/".into()),
            audiences: vec!["x".into()],
            ..opts()
        };
        let r = check(&token(good_claims()), &o, &ring());
        assert_eq!(status(&r, "iss"), Status::Failed);
        assert_eq!(status(&r, "aud"), Status::Failed);
        let mut c = good_claims();
        c["aud"] = json!(["a", "api"]);
        let o = Options {
            audiences: vec!["api".into()],
            ..opts()
        };
        assert_eq!(
            status(&check(&token(c.clone()), &o, &ring()), "aud"),
            Status::Passed
        );
        assert_eq!(
            status(&check(&token(c), &o, &ring()), "azp"),
            Status::NotChecked
        );
    }

    #[test]
    fn none_is_never_accepted_even_when_listed() {
        let h = b64_encode(br#"{"alg":"none"}"#);
        let c = b64_encode(good_claims().to_string().as_bytes());
        let o = Options {
            algorithms: Some(vec![Alg::HS256]),
            ..opts()
        };
        let r = check(&format!("{h}.{c}."), &o, &ring());
        assert_eq!(status(&r, "alg"), Status::Failed);
        assert_eq!(status(&r, "signature"), Status::Skipped);
        assert!(!r.valid);
    }

    #[test]
    fn alg_outside_the_allowlist_fails() {
        let o = Options {
            algorithms: Some(vec![Alg::HS512]),
            ..opts()
        };
        let r = check(&token(good_claims()), &o, &ring());
        assert_eq!(status(&r, "alg"), Status::Failed);
    }

    #[test]
    fn tampered_payload_fails_the_signature() {
        let t = token(good_claims());
        let mut parts: Vec<&str> = t.split('.').collect();
        let mut c = good_claims();
        c["sub"] = json!("mallory");
        let forged = b64_encode(c.to_string().as_bytes());
        parts[1] = &forged;
        let r = check(&parts.join("."), &opts(), &ring());
        assert_eq!(status(&r, "signature"), Status::Failed);
    }

    #[test]
    fn crit_is_enforced() {
        let t = hs_token(
            json!({"alg":"HS256","crit":["exp2"],"exp2":1}),
            good_claims(),
            b"0123456789abcdef0123456789abcdef",
        );
        let r = check(&t, &opts(), &ring());
        assert_eq!(status(&r, "crit"), Status::Failed);
        assert_eq!(status(&r, "signature"), Status::Passed);
        assert!(!r.valid);
    }

    #[test]
    fn typ_required_claims_of_rfc9068() {
        let t = hs_token(
            json!({"alg":"HS256","typ":"at+jwt"}),
            good_claims(),
            b"0123456789abcdef0123456789abcdef",
        );
        let o = Options {
            typ: Some("application/at+jwt".into()),
            ..opts()
        };
        let r = check(&t, &o, &ring());
        assert_eq!(status(&r, "typ"), Status::Passed);
        let req = r.checks.iter().find(|c| c.name == "required").unwrap();
        assert_eq!(req.status, Status::Failed);
        assert!(req.detail.contains("client_id, jti"), "{}", req.detail);
        let o = Options {
            typ: Some("at+jwt".into()),
            ..opts()
        };
        assert_eq!(
            status(&check(&token(good_claims()), &o, &ring()), "typ"),
            Status::Failed
        );
    }

    #[test]
    fn at_hash_matches_a_published_example() {
        // The worked example in Ping Identity's developer guide (RS256).
        assert_eq!(
            half_hash(Alg::RS256, "dNZX1hEZ9wBCzNL40Upu646bdzQA"),
            "wfgvmE9VxjAudsl9lc6TqA"
        );
    }

    #[test]
    fn nonce_max_age_scope_and_claims() {
        let mut c = good_claims();
        c["nonce"] = json!("n-1");
        c["auth_time"] = json!(NOW - 7200);
        c["scope"] = json!("read write");
        c["realm"] = json!({"roles":["admin","dev"]});
        let o = Options {
            nonce: Some("n-1".into()),
            max_age: Some(3600),
            scopes: vec!["read".into(), "delete".into()],
            claims: vec![
                ("realm.roles".into(), "admin".into()),
                ("sub".into(), "bob".into()),
            ],
            required: vec!["sub".into(), "email".into()],
            ..opts()
        };
        let r = check(&token(c), &o, &ring());
        assert_eq!(status(&r, "nonce"), Status::Passed);
        assert_eq!(status(&r, "auth_time"), Status::Failed);
        assert_eq!(status(&r, "scope"), Status::Failed);
        let claims = r.checks.iter().find(|c| c.name == "claims").unwrap();
        assert_eq!(claims.status, Status::Failed);
        assert!(
            claims.detail.contains("sub is \"alice\""),
            "{}",
            claims.detail
        );
        assert!(!claims.detail.contains("realm"), "{}", claims.detail);
        assert!(
            r.checks
                .iter()
                .any(|c| c.name == "required" && c.detail == "missing: email")
        );
    }

    #[test]
    fn claim_values_compare_numbers_booleans_and_null_as_json_text() {
        assert!(value_matches(&json!(2), "2"));
        assert!(value_matches(&json!(2.5), "2.5"));
        assert!(!value_matches(&json!(2), "3"));
        assert!(value_matches(&json!(true), "true"));
        assert!(!value_matches(&json!(false), "true"));
        assert!(value_matches(&json!(null), "null"));
        assert!(value_matches(&json!(["a", 7]), "7"));
        assert!(!value_matches(&json!("2"), "\"2\""));
        assert!(!value_matches(&json!({"a": 1}), "{\"a\":1}"));
    }

    #[test]
    fn claim_values_are_glob_patterns_for_strings() {
        let sub = json!("repo:acme/app:ref:refs/heads/main");
        assert!(value_matches(&sub, "repo:acme/*:ref:refs/heads/main"));
        assert!(value_matches(&sub, "repo:acme/app:ref:refs/heads/mai?"));
        assert!(value_matches(&sub, "*"));
        assert!(!value_matches(&sub, "repo:acme/*:ref:refs/heads/dev"));
        assert!(!value_matches(&sub, "repo:evil/*:ref:refs/heads/main"));
        // Anchored: a pattern matches the whole value, not a part of it.
        assert!(!value_matches(&sub, "repo:acme/"));
        assert!(!value_matches(&sub, "acme/*"));
        // An array claim: one member matching is enough.
        assert!(value_matches(&json!(["sts.example", "api://x"]), "api://*"));
        // No escape: a `*` in VALUE is always a wildcard (it matches a
        // literal `*` too), as in serve's trust rules.
        assert!(value_matches(&json!("a*b"), "a*b"));
        assert!(value_matches(&json!("aXXb"), "a*b"));

        let mut c = good_claims();
        c["sub"] = sub;
        let o = Options {
            claims: vec![("sub".into(), "repo:acme/*:ref:refs/heads/release-*".into())],
            ..opts()
        };
        let r = check(&token(c), &o, &ring());
        let claims = r.checks.iter().find(|c| c.name == "claims").unwrap();
        assert_eq!(claims.status, Status::Failed);
        assert_eq!(
            claims.detail,
            "sub is \"repo:acme/app:ref:refs/heads/main\", which does not match the pattern \
             \"repo:acme/*:ref:refs/heads/release-*\""
        );
    }

    #[test]
    fn unknown_kid_is_refetched_once() {
        use std::sync::atomic::AtomicUsize;
        let t = hs_token(
            json!({"alg":"HS256","kid":"new"}),
            good_claims(),
            b"0123456789abcdef0123456789abcdef",
        );
        let mut old = Key::from_secret(b"old-secret-old-secret-old-secret".to_vec(), "t");
        old.kid = Some("old".into());
        let calls = Arc::new(AtomicUsize::new(0));
        let c2 = Arc::clone(&calls);
        let v = Validator::new(
            opts(),
            vec![old],
            Some(Box::new(move || {
                c2.fetch_add(1, Ordering::SeqCst);
                let mut k = Key::from_secret(b"0123456789abcdef0123456789abcdef".to_vec(), "t");
                k.kid = Some("new".into());
                Ok(vec![k])
            })),
        );
        let r = v.validate(&t);
        assert!(r.valid, "{:#?}", r.checks);
        assert!(r.checks[2].detail.contains("after refetching"));
        let t2 = hs_token(json!({"alg":"HS256","kid":"gone"}), good_claims(), b"x");
        assert!(!v.validate(&t2).valid);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_token_seen_during_the_refetch_waits_for_it() {
        // `--bulk` validates in parallel: two tokens with the new kid can
        // both miss the old key set. The second must use the refetched set,
        // not fail because the one refetch was already taken.
        use std::sync::atomic::AtomicUsize;
        use std::sync::{Mutex, mpsc};
        use std::time::{Duration, Instant};
        let t = hs_token(
            json!({"alg":"HS256","kid":"new"}),
            good_claims(),
            b"0123456789abcdef0123456789abcdef",
        );
        let mut old = Key::from_secret(b"old-secret-old-secret-old-secret".to_vec(), "t");
        old.kid = Some("old".into());
        let (started_tx, started_rx) = mpsc::channel::<()>();
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let (started_tx, go_rx) = (Mutex::new(started_tx), Mutex::new(go_rx));
        let calls = Arc::new(AtomicUsize::new(0));
        let c2 = Arc::clone(&calls);
        let v = Validator::new(
            opts(),
            vec![old],
            Some(Box::new(move || {
                c2.fetch_add(1, Ordering::SeqCst);
                let _ = started_tx.lock().unwrap().send(());
                let _ = go_rx.lock().unwrap().recv();
                let mut k = Key::from_secret(b"0123456789abcdef0123456789abcdef".to_vec(), "t");
                k.kid = Some("new".into());
                Ok(vec![k])
            })),
        );
        std::thread::scope(|s| {
            let first = s.spawn(|| v.validate(&t));
            started_rx.recv().unwrap();
            // The refetch is under way; a second token with the same kid
            // arrives. Let it run as far as it can (it must not finish
            // before the refetch does), then let the refetch complete.
            let second = s.spawn(|| v.validate(&t));
            let deadline = Instant::now() + Duration::from_millis(500);
            while !second.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            go_tx.send(()).unwrap();
            let (first, second) = (first.join().unwrap(), second.join().unwrap());
            assert!(first.valid, "{:#?}", first.checks);
            assert!(second.valid, "{:#?}", second.checks);
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}

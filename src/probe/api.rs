//! `probe api`: the attack matrix against an API that takes bearer JWTs.
//!
//! 1. Calibrate ([`super::classify`]): the valid token (twice), no token, a
//!    garbage token and the valid token with a broken signature. The valid
//!    token must be accepted, and no token must be rejected (else that is
//!    the one finding, and nothing else is tried).
//! 2. Attack: every variant of [`CHECKS`] that applies, sent within
//!    `--rate` and `--concurrency`; `jku`/`x5u` variants point at a loopback
//!    [`KeyServer`] whose hits are evidence even when the token is rejected.
//! 3. Each check is vulnerable when one of its variants was accepted, not
//!    vulnerable when all were rejected, and inconclusive otherwise.
//!
//! Requests go only to the URL given (and the callback URL given); keys
//! come from what the caller resolved. Nothing here prints.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::classify::{Calibration, CalibrationError, Fingerprint, Reading};
use super::crack::{self, Cracked};
use super::keyserver::KeyServer;
use super::variants::{self, Crafted};
use super::{
    CheckInfo, CheckResult, Evidence, Load, NotRun, Planned, Progress, Report, Verdict, pace,
};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::http::{HttpClient, Method, Request, Response};
use crate::jwt::encode::SigningKey;
use crate::jwt::keys::Key;
use crate::jwt::{Alg, Family, Jws, Parsed};

macro_rules! check {
    ($name:ident, $id:literal, $title:literal, $sev:ident, $cwe:literal, [$($cve:literal),*], $fix:literal) => {
        #[doc = $title]
        pub const $name: CheckInfo = CheckInfo {
            id: $id,
            name: $title,
            severity: Severity::$sev,
            cwe: $cwe,
            cves: &[$($cve),*],
            fix: $fix,
        };
    };
}

check!(
    NO_TOKEN,
    "no-token-accepted",
    "The API answers without a token",
    Critical,
    306,
    [],
    "require a valid bearer token on every protected route"
);
check!(
    GARBAGE_TOKEN,
    "garbage-token-accepted",
    "The API accepts a token that is not a JWT",
    Critical,
    287,
    [],
    "parse and verify the token; refuse anything that is not a valid JWT"
);
check!(
    ALG_NONE,
    "alg-none",
    "Unsigned token (alg: none) accepted",
    Critical,
    347,
    [],
    "allow only the algorithms your keys use (e.g. algorithms: [\"RS256\"]); never none"
);
check!(
    SIG_STRIPPED,
    "signature-stripped",
    "Token without its signature accepted",
    Critical,
    347,
    [],
    "verify the signature of every token; refuse an empty one"
);
check!(
    SIG_NOT_VERIFIED,
    "signature-not-verified",
    "Signature not verified",
    Critical,
    347,
    [],
    "verify the signature with the issuer's key (jwt.verify, not jwt.decode)"
);
check!(
    KEY_CONFUSION,
    "key-confusion",
    "HMAC signed with the public key accepted (key confusion)",
    Critical,
    347,
    [
        "CVE-2015-9235",
        "CVE-2016-10555",
        "CVE-2017-11424",
        "CVE-2022-29217"
    ],
    "pin the algorithm to the key's type (RS256 for an RSA key); never let the token's alg pick HMAC"
);
check!(
    EMBEDDED_JWK,
    "embedded-jwk",
    "Key embedded in the token's jwk header trusted",
    Critical,
    347,
    ["CVE-2018-0114"],
    "verify only with keys you configured; ignore jwk headers in tokens"
);
check!(
    JKU,
    "jku-injection",
    "Key set URL from the token's jku header trusted",
    Critical,
    347,
    [],
    "ignore jku, or allow only your issuer's exact jwks_uri"
);
check!(
    X5U,
    "x5u-injection",
    "Certificate URL from the token's x5u header trusted",
    Critical,
    347,
    [],
    "ignore x5u, or allow only URLs you configured"
);
check!(
    KID_PATH,
    "kid-path-traversal",
    "kid used as a file path",
    Critical,
    22,
    [],
    "look kid up in a fixed key set; never use it as a path"
);
check!(
    KID_SQL,
    "kid-sql-injection",
    "kid used in an SQL query",
    Critical,
    89,
    [],
    "look kid up with a parameterised query or in a fixed key set"
);
check!(
    PSYCHIC,
    "psychic-signature",
    "ECDSA signature r = s = 0 accepted (psychic signature)",
    Critical,
    347,
    ["CVE-2022-21449"],
    "update the runtime (Java 15-18: apply the April 2022 CPU) and the JWT library"
);
check!(
    CRIT,
    "crit-ignored",
    "Unknown critical header accepted",
    Medium,
    358,
    [],
    "reject tokens whose crit lists an extension you do not implement (RFC 7515 §4.1.11)"
);
check!(
    TOKEN_IN_QUERY,
    "token-in-query",
    "Token accepted in the query string",
    Medium,
    598,
    [],
    "accept bearer tokens only in the Authorization header (RFC 6750 §2.3, RFC 9700 §4.3.2)"
);
check!(
    TOKEN_IN_FORM,
    "token-in-form",
    "Token accepted in a form body",
    Info,
    598,
    [],
    "prefer the Authorization header; the form parameter (RFC 6750 §2.2) is rarely needed"
);
check!(
    WEAK_SECRET,
    "weak-hmac-secret",
    "HMAC secret guessed",
    Critical,
    521,
    [],
    "use a random secret of at least 256 bits (RFC 7518 §3.2), or an asymmetric key"
);
check!(
    EXP,
    "exp-not-enforced",
    "Expired token accepted",
    High,
    613,
    [],
    "reject tokens whose exp has passed (allow at most a small leeway)"
);
check!(
    NBF,
    "nbf-not-enforced",
    "Token not yet valid (nbf) accepted",
    Medium,
    613,
    [],
    "reject tokens whose nbf is in the future"
);
check!(
    IAT,
    "iat-future-accepted",
    "Token issued in the future accepted",
    Low,
    613,
    [],
    "reject tokens whose iat is in the future beyond a small leeway"
);
check!(
    ISS,
    "iss-not-enforced",
    "Token from another issuer accepted",
    High,
    345,
    [],
    "check iss against your issuer, exactly"
);
check!(
    AUD,
    "aud-not-enforced",
    "Token for another audience accepted",
    High,
    345,
    [],
    "check aud against this API's identifier"
);
check!(
    TYP,
    "typ-not-enforced",
    "Token of another type accepted",
    Medium,
    345,
    [],
    "check typ (e.g. at+jwt for access tokens, RFC 9068 §4)"
);
check!(
    NO_EXP,
    "exp-not-required",
    "Token without exp accepted",
    Medium,
    613,
    [],
    "require exp in every token"
);

/// Every check `probe api` runs, in report order.
pub const CHECKS: &[CheckInfo] = &[
    ALG_NONE,
    SIG_STRIPPED,
    SIG_NOT_VERIFIED,
    KEY_CONFUSION,
    EMBEDDED_JWK,
    JKU,
    X5U,
    KID_PATH,
    KID_SQL,
    PSYCHIC,
    CRIT,
    TOKEN_IN_QUERY,
    TOKEN_IN_FORM,
    WEAK_SECRET,
    EXP,
    NBF,
    IAT,
    ISS,
    AUD,
    TYP,
    NO_EXP,
];

/// The claim checks, which need a key the API trusts.
const CLAIM_CHECKS: &[CheckInfo] = &[CRIT, EXP, NBF, IAT, ISS, AUD, TYP, NO_EXP];

/// A public key to try key confusion with, and its JWK as published.
#[derive(Debug, Clone)]
pub struct PublicKey {
    /// The key.
    pub key: Key,
    /// The JWK as the key set published it.
    pub published: Option<Map<String, Value>>,
}

/// What to probe, and how.
pub struct ApiOptions {
    /// The API's URL.
    pub url: String,
    /// A token the API accepts.
    pub token: String,
    /// Method.
    pub method: Method,
    /// Extra headers sent with every request.
    pub headers: Vec<(String, String)>,
    /// Body sent with every request.
    pub data: Option<Vec<u8>>,
    /// The issuer's public keys (for key confusion).
    pub keys: Vec<PublicKey>,
    /// Where the keys come from, when they were not fetched (`--dry-run`).
    pub keys_unfetched: Option<String>,
    /// A key the API trusts (`--signing-key`).
    pub signing_key: Option<SigningKey>,
    /// `--wordlist` contents.
    pub wordlist: Option<Vec<u8>>,
    /// `--callback-url` for jku/x5u against remote APIs.
    pub callback_url: Option<String>,
    /// Rate and concurrency.
    pub load: Load,
    /// List the requests, send nothing.
    pub dry_run: bool,
}

/// Where the token goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    Header,
    Query,
    Form,
    None,
}

/// One request to send.
#[derive(Debug, Clone)]
struct Attempt {
    check: &'static str,
    label: String,
    token: Option<String>,
    placement: Placement,
    /// The key server path this variant names (jku/x5u).
    hit_path: Option<String>,
}

impl Attempt {
    fn header(check: &'static str, c: Crafted) -> Attempt {
        Attempt {
            check,
            label: c.label,
            token: Some(c.token),
            placement: Placement::Header,
            hit_path: None,
        }
    }
}

/// Internal id of the re-signed, unchanged token that shows the key is
/// trusted before the claim checks mean anything.
const BASELINE: &str = "resigned-baseline";

fn is_loopback(url: &str) -> bool {
    match url::Url::parse(url)
        .ok()
        .and_then(|u| u.host().map(|h| h.to_owned()))
    {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn build_request(opts: &ApiOptions, a: &Attempt) -> Request {
    let mut req = Request {
        method: opts.method,
        url: opts.url.clone(),
        headers: opts.headers.clone(),
        body: opts.data.clone(),
        body_has_secrets: false,
        what: format!("probing ({})", a.check),
    };
    let Some(token) = &a.token else { return req };
    match a.placement {
        Placement::Header => req
            .headers
            .push(("Authorization".into(), format!("Bearer {token}"))),
        Placement::Query => {
            let sep = if req.url.contains('?') { '&' } else { '?' };
            req.url = format!("{}{sep}access_token={token}", req.url);
        }
        Placement::Form => {
            req.method = Method::Post;
            req.headers.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ));
            req.body = Some(format!("access_token={token}").into_bytes());
            req.body_has_secrets = true;
        }
        Placement::None => {}
    }
    req
}

fn describe_request(opts: &ApiOptions, a: &Attempt) -> String {
    let where_ = match a.placement {
        Placement::Header => "token in the Authorization header",
        Placement::Query => "token in the access_token query parameter",
        Placement::Form => "token in an access_token form body",
        Placement::None if a.token.is_none() => "no token",
        Placement::None => "",
    };
    let method = if a.placement == Placement::Form {
        Method::Post
    } else {
        opts.method
    };
    format!("{} {}, {where_}", method.as_str(), opts.url)
}

fn token_header(token: &str) -> Option<Value> {
    match crate::jwt::parse(token) {
        Ok(Parsed::Jws(j)) => Some(Value::Object(j.header)),
        _ => None,
    }
}

fn evidence_for(
    opts: &ApiOptions,
    a: &Attempt,
    resp: &Result<Response>,
    reading: &Reading,
) -> Evidence {
    Evidence {
        variant: a.label.clone(),
        request: describe_request(opts, a),
        token_header: a.token.as_deref().and_then(token_header),
        reading: reading.describe(),
        ..Evidence::default()
    }
    .answer(resp)
}

fn read(cal: &Calibration, resp: &Result<Response>) -> Reading {
    match resp {
        Ok(r) => cal.read(&Fingerprint::of(r)),
        Err(e) => Reading::Unclear(format!("the request failed: {}", crate::error::chain(e))),
    }
}

/// Everything the plan needs to know besides the options.
struct Context<'a> {
    jws: &'a Jws,
    alg: Option<Alg>,
    key_base: Option<String>,
    claim_key: Option<(&'a SigningKey, Alg, String)>,
    now: i64,
}

/// Build every attack attempt, and the checks that will not run.
fn plan(opts: &ApiOptions, cx: &Context) -> (Vec<Attempt>, Vec<NotRun>) {
    let jws = cx.jws;
    let mut out: Vec<Attempt> = Vec::new();
    let mut not_run = Vec::new();
    let mut skip = |id: &'static str, reason: String| not_run.push(NotRun { id, reason });

    for c in variants::alg_none(jws) {
        out.push(Attempt::header(ALG_NONE.id, c));
    }
    out.push(Attempt::header(SIG_STRIPPED.id, variants::stripped(jws)));
    if let Some(c) = variants::broken_signature(jws) {
        out.push(Attempt::header(SIG_NOT_VERIFIED.id, c));
    }
    if let Some(c) = variants::foreign_signature(jws, cx.alg) {
        out.push(Attempt::header(SIG_NOT_VERIFIED.id, c));
    }
    out.push(Attempt::header(
        SIG_NOT_VERIFIED.id,
        variants::tampered(jws),
    ));

    // Key confusion: the key the token names, else every RSA and EC key.
    let usable: Vec<&PublicKey> = opts
        .keys
        .iter()
        .filter(|k| matches!(k.key.kty(), "RSA" | "EC"))
        .collect();
    let named: Vec<&PublicKey> = usable
        .iter()
        .copied()
        .filter(|k| jws.kid().is_some() && k.key.kid.as_deref() == jws.kid())
        .collect();
    let chosen = if named.is_empty() { usable } else { named };
    if chosen.is_empty() {
        let reason = match &opts.keys_unfetched {
            Some(src) => format!("--dry-run: the keys at {src} are fetched only when probing"),
            None if opts.keys.is_empty() => {
                "needs the issuer's public keys: give --issuer or --jwks".into()
            }
            None => "the keys given have no RSA or EC key".into(),
        };
        skip(KEY_CONFUSION.id, reason);
    }
    for k in chosen {
        for c in variants::key_confusion(jws, &k.key, k.published.as_ref()) {
            out.push(Attempt::header(KEY_CONFUSION.id, c));
        }
    }

    for c in variants::embedded_jwk(jws, cx.alg) {
        out.push(Attempt::header(EMBEDDED_JWK.id, c));
    }

    // jku and x5u: a URL on oauthctl's key server, unique per variant.
    match (&cx.key_base, &opts.callback_url) {
        (Some(base), _) => {
            let url = format!("{base}/jku/jwks.json");
            if let Some(c) = variants::jku(jws, cx.alg, &url) {
                let mut a = Attempt::header(JKU.id, c);
                a.hit_path = Some("/jku/jwks.json".into());
                out.push(a);
            }
            let url = format!("{base}/x5u/cert.pem");
            if let Some(c) = variants::x5u(jws, cx.alg, &url) {
                let mut a = Attempt::header(X5U.id, c);
                a.hit_path = Some("/x5u/cert.pem".into());
                out.push(a);
            }
        }
        (None, Some(cb)) => {
            let sep = if cb.contains('?') { '&' } else { '?' };
            if let Some(c) = variants::jku(jws, cx.alg, &format!("{cb}{sep}oauthctl-probe=jku")) {
                out.push(Attempt::header(JKU.id, c));
            }
            if let Some(c) = variants::x5u(jws, cx.alg, &format!("{cb}{sep}oauthctl-probe=x5u")) {
                out.push(Attempt::header(X5U.id, c));
            }
        }
        (None, None) => {
            let why = "the API is not on loopback, so it cannot reach oauthctl's key server: give \
                       --callback-url with a URL you can watch";
            skip(JKU.id, why.into());
            skip(X5U.id, why.into());
        }
    }

    for c in variants::kid_path(jws) {
        out.push(Attempt::header(KID_PATH.id, c));
    }
    for c in variants::kid_sql(jws) {
        out.push(Attempt::header(KID_SQL.id, c));
    }
    match variants::psychic(jws, cx.alg) {
        Some(c) => out.push(Attempt::header(PSYCHIC.id, c)),
        None => skip(
            PSYCHIC.id,
            format!(
                "applies to ECDSA (ES*) tokens; this one is {}",
                jws.alg().unwrap_or("without alg")
            ),
        ),
    }

    for (check, placement, label) in [
        (
            &TOKEN_IN_QUERY,
            Placement::Query,
            "valid token as ?access_token=",
        ),
        (
            &TOKEN_IN_FORM,
            Placement::Form,
            "valid token as access_token= in a form body",
        ),
    ] {
        out.push(Attempt {
            check: check.id,
            label: label.into(),
            token: Some(opts.token.clone()),
            placement,
            hit_path: None,
        });
    }

    match &cx.claim_key {
        None => {
            for c in CLAIM_CHECKS {
                skip(
                    c.id,
                    "needs a key the API trusts: give --signing-key (or a token whose HMAC \
                     secret the weak-secret search finds)"
                        .into(),
                );
            }
        }
        Some((key, alg, _)) => {
            let (now, alg) = (cx.now, *alg);
            let mut push = |check: &'static str,
                            label: &str,
                            header: &dyn Fn(&mut Map<String, Value>),
                            edit: &dyn Fn(&mut Map<String, Value>)| {
                if let Some(t) = variants::resigned(jws, alg, key, header, edit) {
                    out.push(Attempt::header(
                        check,
                        Crafted {
                            label: label.into(),
                            token: t,
                        },
                    ));
                }
            };
            let keep = |_: &mut Map<String, Value>| {};
            push(BASELINE, "re-signed, unchanged", &keep, &keep);
            push(
                CRIT.id,
                "crit: [\"oauthctl-probe\"]",
                &|h| {
                    h.insert("crit".into(), json!(["oauthctl-probe"]));
                    h.insert("oauthctl-probe".into(), json!(true));
                },
                &keep,
            );
            push(EXP.id, "exp an hour ago", &keep, &|c| {
                c.insert("exp".into(), json!(now - 3600));
                if c.contains_key("iat") {
                    c.insert("iat".into(), json!(now - 7200));
                }
                if c.contains_key("nbf") {
                    c.insert("nbf".into(), json!(now - 7200));
                }
            });
            push(NBF.id, "nbf in an hour", &keep, &|c| {
                c.insert("nbf".into(), json!(now + 3600));
                c.insert("exp".into(), json!(now + 7200));
            });
            push(IAT.id, "iat in an hour", &keep, &|c| {
                c.insert("iat".into(), json!(now + 3600));
                c.insert("exp".into(), json!(now + 7200));
            });
            push(ISS.id, "iss https://oauthctl-probe.invalid/", &keep, &|c| {
                c.insert("iss".into(), json!("https://oauthctl-probe.invalid/"));
            });
            push(
                AUD.id,
                "aud https://oauthctl-probe.invalid/api",
                &keep,
                &|c| {
                    c.insert("aud".into(), json!("https://oauthctl-probe.invalid/api"));
                },
            );
            push(NO_EXP.id, "exp removed", &keep, &|c| {
                c.remove("exp");
            });
            let typ = jws.header.get("typ").and_then(Value::as_str);
            match typ {
                Some(t) if !t.eq_ignore_ascii_case("jwt") => {
                    push(
                        TYP.id,
                        "typ \"JWT\"",
                        &|h| {
                            h.insert("typ".into(), json!("JWT"));
                        },
                        &keep,
                    );
                }
                _ => skip(
                    TYP.id,
                    format!(
                        "the token's typ is {}: only an explicit type (e.g. at+jwt) can be \
                         enforced",
                        typ.map_or("absent".to_owned(), |t| format!("\"{t}\""))
                    ),
                ),
            }
        }
    }
    (out, not_run)
}

/// Where the API's public keys come from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// An issuer: discovery, then its `jwks_uri`.
    Issuer(String),
    /// A key set URL.
    Url(String),
    /// A key set, JWK or PEM file.
    File(std::path::PathBuf),
}

impl KeySource {
    /// A `--jwks` argument: a URL when it has an http(s) scheme, else a file.
    pub fn jwks(arg: &str) -> KeySource {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            KeySource::Url(arg.to_owned())
        } else {
            KeySource::File(arg.into())
        }
    }

    /// Whether reading it needs the network.
    pub fn is_remote(&self) -> bool {
        !matches!(self, KeySource::File(_))
    }

    /// For messages.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Issuer(i) => format!("issuer {i}"),
            KeySource::Url(u) => u.clone(),
            KeySource::File(p) => p.display().to_string(),
        }
    }
}

/// Load the public keys to try key confusion with.
pub fn load_keys(http: &HttpClient, source: &KeySource) -> Result<Vec<PublicKey>> {
    let from_set = |set: crate::jwt::keys::KeySet| {
        let published: Vec<Option<Map<String, Value>>> = set
            .raw
            .get("keys")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|k| k.as_object().cloned()).collect())
            .unwrap_or_default();
        set.keys
            .into_iter()
            .map(|key| {
                let published = published
                    .iter()
                    .flatten()
                    .find(|j| {
                        crate::jwt::keys::from_jwk(j, "").is_ok_and(|k| k.material == key.material)
                    })
                    .cloned();
                PublicKey { key, published }
            })
            .collect::<Vec<_>>()
    };
    Ok(match source {
        KeySource::Issuer(i) => from_set(crate::provider::jwks::from_issuer(http, i)?.set),
        KeySource::Url(u) => from_set(crate::provider::jwks::fetch(http, u)?),
        KeySource::File(p) => crate::jwt::keys::load_file(p)?
            .into_iter()
            .map(|key| PublicKey {
                key,
                published: None,
            })
            .collect(),
    })
}

fn parse_token(token: &str) -> Result<Jws> {
    match crate::jwt::parse(token) {
        Ok(Parsed::Jws(j)) if j.claims.is_ok() => Ok(j),
        Ok(Parsed::Jws(_)) => Err(Error::usage("--token: the payload is not a JSON object")),
        Ok(Parsed::Jwe { .. }) => Err(Error::usage(
            "--token is an encrypted token (JWE); probe api needs a signed JWT",
        )),
        Err(e) => Err(Error::usage(format!("--token is not a JWT: {e}"))),
    }
}

fn key_server_routes(jws: &Jws, alg: Option<Alg>) -> super::keyserver::Routes {
    let (key, _) = variants::attack_key_for(alg);
    let mut keys = Vec::new();
    for kid in [Some(super::attacker::KID), jws.kid()]
        .into_iter()
        .flatten()
    {
        let mut jwk = key.public.to_public_jwk();
        jwk.insert("kid".into(), kid.into());
        keys.push(Value::Object(jwk));
    }
    vec![
        (
            "/jku/jwks.json".into(),
            "application/json",
            json!({ "keys": keys }).to_string(),
        ),
        (
            "/x5u/cert.pem".into(),
            "application/x-pem-file",
            key.cert_pem.to_owned(),
        ),
    ]
}

/// Run `probe api`.
pub fn run(
    http: &HttpClient,
    clock: &dyn Clock,
    opts: &ApiOptions,
    progress: Option<&Progress>,
) -> Result<Report> {
    let jws = parse_token(&opts.token)?;
    let alg = jws.alg().and_then(Alg::from_name);
    let now = clock.now();

    // Offline first: a cracked HMAC secret is a key the API trusts.
    let (cracked, tried): (Option<Cracked>, usize) = crack::search(&jws, opts.wordlist.as_deref());
    let cracked_key = cracked
        .as_ref()
        .map(|c| SigningKey::hmac(c.secret.expose()));
    let claim_key = match (&opts.signing_key, &cracked_key, alg) {
        (Some(k), _, _) => {
            let a = alg
                .filter(|a| k.fits(*a).is_ok())
                .unwrap_or_else(|| k.default_alg());
            Some((k, a, "--signing-key".to_owned()))
        }
        (None, Some(k), Some(a)) => Some((k, a, "the cracked HMAC secret".to_owned())),
        _ => None,
    };

    let key_server = if !opts.dry_run && is_loopback(&opts.url) && opts.callback_url.is_none() {
        Some(KeyServer::start(key_server_routes(&jws, alg)).map_err(|e| {
            Error::usage(format!("starting the loopback key server for jku/x5u: {e}"))
        })?)
    } else {
        None
    };
    let key_base = match (
        &key_server,
        opts.dry_run && is_loopback(&opts.url) && opts.callback_url.is_none(),
    ) {
        (Some(ks), _) => Some(ks.base().to_owned()),
        (None, true) => Some("http://127.0.0.1:PORT".to_owned()),
        (None, false) => None,
    };
    let cx = Context {
        jws: &jws,
        alg,
        key_base,
        claim_key: claim_key.as_ref().map(|(k, a, s)| (*k, *a, s.clone())),
        now,
    };
    let (attempts, mut not_run) = plan(opts, &cx);
    if !matches!(alg.map(Alg::family), Some(Family::Hmac)) {
        not_run.push(NotRun {
            id: WEAK_SECRET.id,
            reason: format!(
                "applies to HMAC (HS*) tokens; this one is {}",
                jws.alg().unwrap_or("without alg")
            ),
        });
    }

    let calibration = calibration_attempts(&opts.token, &jws);
    if opts.dry_run {
        let mut report = Report::new("api", opts.url.clone(), Vec::new(), not_run, 0);
        report.dry_run = true;
        report.plan = calibration
            .iter()
            .map(|a| (a, "calibration"))
            .chain(attempts.iter().map(|a| (a, a.check)))
            .map(|(a, check)| Planned {
                check,
                variant: a.label.clone(),
                request: describe_request(opts, a),
            })
            .collect();
        return Ok(report);
    }

    // 1. Calibrate, in order.
    let mut sent = 0;
    let mut cal_resp = Vec::new();
    for a in &calibration {
        let r = http.send_no_redirect(&build_request(opts, a));
        sent += 1;
        cal_resp.push(r);
    }
    let fps: Vec<Fingerprint> = calibration
        .iter()
        .zip(&cal_resp)
        .map(|(a, r)| match r {
            Ok(r) => Ok(Fingerprint::of(r)),
            Err(e) => Err(Error::Network {
                what: format!("calibrating with the {}", a.label),
                url: opts.url.clone(),
                detail: crate::error::chain(e),
            }),
        })
        .collect::<Result<_>>()?;
    if fps[0] != fps[1] {
        return Err(Error::BadResponse {
            what: "calibrating".into(),
            url: opts.url.clone(),
            detail: format!(
                "the API answered the same valid token differently twice (HTTP {} {}, then \
                 HTTP {} {}); acceptance cannot be told apart from noise",
                fps[0].status, fps[0].shape, fps[1].status, fps[1].shape
            ),
        });
    }
    let refs = vec![
        (calibration[2].label.clone(), fps[2].clone()),
        (calibration[3].label.clone(), fps[3].clone()),
    ];
    let cal = match Calibration::learn(fps[0].clone(), refs) {
        Ok(c) => c,
        Err(CalibrationError::ValidRejected(why)) => {
            return Err(Error::Input {
                what: "the valid token".into(),
                detail: format!(
                    "{why}; probing needs a token the API accepts (is it expired, or for \
                     another audience?)"
                ),
            });
        }
        Err(CalibrationError::Indistinct(why)) => {
            let info = if fps[2] == fps[0] {
                &NO_TOKEN
            } else {
                &GARBAGE_TOKEN
            };
            let idx = if fps[2] == fps[0] { 2 } else { 3 };
            let mut r = CheckResult::new(
                info,
                Verdict::Vulnerable,
                format!("{why}; nothing else was tried"),
            );
            r.evidence.push(evidence_for(
                opts,
                &calibration[idx],
                &cal_resp[idx],
                &Reading::Accepted,
            ));
            return Ok(Report::new(
                "api",
                opts.url.clone(),
                vec![r],
                Vec::new(),
                sent,
            ));
        }
    };
    // The broken signature is a reference rejection only when rejected;
    // accepted, it is a finding (signature-not-verified).
    let cal = match Calibration::learn(
        fps[0].clone(),
        vec![
            (calibration[2].label.clone(), fps[2].clone()),
            (calibration[3].label.clone(), fps[3].clone()),
            (calibration[4].label.clone(), fps[4].clone()),
        ],
    ) {
        Ok(with_broken) => with_broken,
        Err(_) => cal,
    };

    // 2. Attack.
    let responses = pace::run_all(&attempts, opts.load, clock, progress, |a| {
        http.send_no_redirect(&build_request(opts, a))
    });
    sent += attempts.len();
    let hits = key_server.as_ref().map(KeyServer::hits).unwrap_or_default();

    // 3. Verdicts.
    let mut by_check: BTreeMap<&'static str, Vec<(Evidence, Reading)>> = BTreeMap::new();
    for (a, resp) in attempts.iter().zip(&responses) {
        let reading = read(&cal, resp);
        let mut e = evidence_for(opts, a, resp, &reading);
        if let Some(p) = &a.hit_path {
            e.callback_hits = hits
                .iter()
                .filter(|h| h.path.split('?').next() == Some(p.as_str()))
                .map(|h| {
                    format!(
                        "{}{}",
                        h.request_line,
                        h.user_agent
                            .as_ref()
                            .map(|u| format!(" (User-Agent: {u})"))
                            .unwrap_or_default()
                    )
                })
                .collect();
        }
        by_check.entry(a.check).or_default().push((e, reading));
    }
    let baseline_ok = by_check
        .get(BASELINE)
        .is_some_and(|v| v.iter().all(|(_, r)| *r == Reading::Accepted));

    let mut results = Vec::new();
    for info in CHECKS {
        if info.id == WEAK_SECRET.id {
            if let Some(r) = weak_secret_result(&cracked, tried, alg, by_check.get(BASELINE)) {
                results.push(r);
            }
            continue;
        }
        let Some(entries) = by_check.remove(info.id) else {
            continue;
        };
        let claim_check = CLAIM_CHECKS.iter().any(|c| c.id == info.id);
        results.push(verdict(info, entries, claim_check, baseline_ok, &cx));
    }
    // A broken signature accepted during calibration is the same finding.
    if cal_resp.len() > 4
        && cal.read(&fps[4]) == Reading::Accepted
        && let Some(r) = results.iter_mut().find(|r| r.id == SIG_NOT_VERIFIED.id)
        && r.verdict != Verdict::Vulnerable
    {
        r.verdict = Verdict::Vulnerable;
        r.summary = "the valid token with a broken signature was accepted".into();
    }
    let mut report = Report::new("api", opts.url.clone(), results, not_run, sent);
    report.calibration = Some(cal.report());
    Ok(report)
}

fn calibration_attempts(token: &str, jws: &Jws) -> Vec<Attempt> {
    let mk = |label: &str, token: Option<String>| Attempt {
        check: "calibration",
        label: label.into(),
        placement: if token.is_some() {
            Placement::Header
        } else {
            Placement::None
        },
        token,
        hit_path: None,
    };
    let broken = variants::broken_signature(jws)
        .map(|c| c.token)
        .unwrap_or_else(|| format!("{}.", jws.signing_input));
    vec![
        mk("valid token", Some(token.to_owned())),
        mk("valid token (again)", Some(token.to_owned())),
        mk("no token", None),
        mk("garbage token", Some("oauthctl-probe.not-a.jwt".into())),
        mk("broken signature", Some(broken)),
    ]
}

fn verdict(
    info: &CheckInfo,
    entries: Vec<(Evidence, Reading)>,
    claim_check: bool,
    baseline_ok: bool,
    cx: &Context,
) -> CheckResult {
    let accepted: Vec<&str> = entries
        .iter()
        .filter(|(_, r)| *r == Reading::Accepted)
        .map(|(e, _)| e.variant.as_str())
        .collect();
    let hit: Vec<&str> = entries
        .iter()
        .filter(|(e, _)| !e.callback_hits.is_empty())
        .map(|(e, _)| e.variant.as_str())
        .collect();
    let unclear = entries
        .iter()
        .filter(|(_, r)| matches!(r, Reading::Unclear(_)))
        .count();
    let n = entries.len();
    let (verdict, summary, severity) = if claim_check && !baseline_ok {
        (
            Verdict::Inconclusive,
            format!(
                "the API did not accept the unchanged token re-signed with {}, so whether it \
                 enforces this cannot be told",
                cx.claim_key
                    .as_ref()
                    .map_or("the key", |(_, _, s)| s.as_str())
            ),
            info.severity,
        )
    } else if !accepted.is_empty() {
        (
            Verdict::Vulnerable,
            format!("accepted: {}", accepted.join("; ")),
            info.severity,
        )
    } else if !hit.is_empty() {
        (
            Verdict::Vulnerable,
            format!(
                "the token was rejected, but the API fetched the URL it named ({}): it requests \
                 URLs that tokens choose (server-side request forgery, CWE-918)",
                hit.join("; ")
            ),
            Severity::Medium,
        )
    } else if unclear > 0 {
        (
            Verdict::Inconclusive,
            format!("{unclear} of {n} answers were like neither acceptance nor rejection"),
            info.severity,
        )
    } else if cx.key_base.is_none() && matches!(info.id, "jku-injection" | "x5u-injection") {
        (
            Verdict::Inconclusive,
            "rejected; whether the API fetched the callback URL shows only in your callback \
             server's log (look for oauthctl-probe=jku / x5u)"
                .into(),
            info.severity,
        )
    } else {
        (
            Verdict::NotVulnerable,
            format!("all {n} variants were rejected"),
            info.severity,
        )
    };
    let mut r = CheckResult::new(info, verdict, summary);
    r.severity = severity;
    r.evidence = entries.into_iter().map(|(e, _)| e).collect();
    r
}

fn weak_secret_result(
    cracked: &Option<Cracked>,
    tried: usize,
    alg: Option<Alg>,
    baseline: Option<&Vec<(Evidence, Reading)>>,
) -> Option<CheckResult> {
    if !matches!(alg.map(Alg::family), Some(Family::Hmac)) {
        return None;
    }
    let Some(c) = cracked else {
        return Some(CheckResult::new(
            &WEAK_SECRET,
            Verdict::NotVulnerable,
            format!("none of {tried} candidate secrets reproduces the signature"),
        ));
    };
    let secret = String::from_utf8_lossy(c.secret.expose());
    let from = match c.source {
        crack::Source::BuiltIn => "oauthctl's built-in list".to_owned(),
        crack::Source::Wordlist(line) => format!("the wordlist, line {line}"),
    };
    let mut r = CheckResult::new(
        &WEAK_SECRET,
        Verdict::Vulnerable,
        format!(
            "the signature is reproduced by a secret from {from} ({}); anyone can sign tokens",
            crate::secret::redact(&secret)
        ),
    );
    r.evidence.push(Evidence {
        variant: "offline search".into(),
        request: format!("none (offline, {tried} candidates)"),
        reading: format!("secret found in {from}"),
        ..Evidence::default()
    });
    if let Some(b) = baseline {
        r.evidence.extend(b.iter().map(|(e, _)| e.clone()));
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<&str> = CHECKS.iter().map(|c| c.id).collect();
        ids.extend([NO_TOKEN.id, GARBAGE_TOKEN.id]);
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        assert!(ids.iter().all(|i| {
            i.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback("http://127.0.0.1:8080/api"));
        assert!(is_loopback("http://localhost/api"));
        assert!(is_loopback("http://[::1]:1/"));
        assert!(!is_loopback("https://api.example.com/"));
    }
}

//! `probe api`: the attack matrix against an API that takes bearer JWTs,
//! in four stages:
//!
//! 1. `calibrate`: the valid token (twice), no token, a garbage token and
//!    the valid token with a broken signature. The valid token must be
//!    accepted, and no token must be rejected (else that is the one
//!    finding, and nothing else is tried).
//! 2. `plan`: every variant of the [`API`](super::catalogue::API) checks that applies,
//!    and the checks that cannot run, with the reason; `jku`/`x5u` variants
//!    point at a loopback [`KeyServer`] whose hits are evidence even when
//!    the token is rejected.
//! 3. Send, within `--rate` and `--concurrency`.
//! 4. `judge`: each check is vulnerable when one of its variants was
//!    accepted, not vulnerable when all were rejected, and inconclusive
//!    otherwise.
//!
//! Requests go only to the URL given (and the callback URL given); keys
//! come from what the caller resolved. Nothing here prints.

mod calibrate;
mod judge;
mod plan;
mod request;

use serde_json::{Map, Value, json};

use super::crack::{self, Cracked};
use super::keyserver::KeyServer;
use super::{Load, Planned, Progress, Report, send_all, variants};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::{HttpClient, Method};
use crate::jwt::encode::SigningKey;
use crate::jwt::keys::Key;
use crate::jwt::{Alg, Jws, Parsed};
use crate::provider::keys::KeySource;
use calibrate::Outcome;
use request::Attempt;

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

/// Internal id of the re-signed, unchanged token that shows the key is
/// trusted before the claim checks mean anything.
const BASELINE: &str = "resigned-baseline";

/// A key the API trusts, to re-sign tokens for the claim checks.
struct ClaimKey<'a> {
    key: &'a SigningKey,
    alg: Alg,
    /// Where it came from, for reports.
    source: &'static str,
}

/// Everything the plan and the verdicts need to know besides the options.
struct Context<'a> {
    jws: &'a Jws,
    alg: Option<Alg>,
    /// The loopback key server's base URL (a placeholder in `--dry-run`).
    key_base: Option<String>,
    claim_key: Option<ClaimKey<'a>>,
    now: i64,
}

/// The public keys to try key confusion with, from one source, each with
/// its JWK as the key set published it.
pub fn public_keys(http: &HttpClient, source: &KeySource) -> Result<Vec<PublicKey>> {
    let set = source.resolve(http)?.set;
    let published: Vec<Map<String, Value>> = set
        .raw
        .get("keys")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|k| k.as_object().cloned()).collect())
        .unwrap_or_default();
    let jwk_of = |key: &Key| {
        published
            .iter()
            .find(|j| crate::jwt::keys::from_jwk(j, "").is_ok_and(|k| k.material == key.material))
            .cloned()
    };
    Ok(set
        .keys
        .into_iter()
        .map(|key| PublicKey {
            published: jwk_of(&key),
            key,
        })
        .collect())
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

/// The key to re-sign with: `--signing-key`, else a cracked HMAC secret.
fn claim_key<'a>(
    opts: &'a ApiOptions,
    cracked: Option<&'a SigningKey>,
    alg: Option<Alg>,
) -> Option<ClaimKey<'a>> {
    match (&opts.signing_key, cracked, alg) {
        (Some(key), _, _) => Some(ClaimKey {
            key,
            alg: alg
                .filter(|a| key.fits(*a).is_ok())
                .unwrap_or_else(|| key.default_alg()),
            source: "--signing-key",
        }),
        (None, Some(key), Some(alg)) => Some(ClaimKey {
            key,
            alg,
            source: "the cracked HMAC secret",
        }),
        _ => None,
    }
}

/// Whether jku/x5u variants point at oauthctl's own key server: only for an
/// API on loopback and without `--callback-url`.
fn uses_key_server(opts: &ApiOptions) -> bool {
    let loopback = url::Url::parse(&opts.url)
        .ok()
        .is_some_and(|u| u.host().is_some_and(|h| super::is_loopback_host(&h)));
    loopback && opts.callback_url.is_none()
}

/// The loopback key server for jku/x5u, started when it is used.
fn start_key_server(opts: &ApiOptions, jws: &Jws, alg: Option<Alg>) -> Result<Option<KeyServer>> {
    if opts.dry_run || !uses_key_server(opts) {
        return Ok(None);
    }
    KeyServer::start(key_server_routes(jws, alg))
        .map(Some)
        .map_err(|e| Error::usage(format!("starting the loopback key server for jku/x5u: {e}")))
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

/// The `--dry-run` report: the requests that would be sent.
fn dry_run(opts: &ApiOptions, refs: &[Attempt], plan: plan::Plan) -> Report {
    let mut report = Report::new("api", opts.url.clone(), Vec::new(), plan.not_run, 0);
    report.dry_run = true;
    report.plan = refs
        .iter()
        .map(|a| a.planned("calibration", opts))
        .chain(plan.attempts.iter().map(|a| a.planned(a.check, opts)))
        .collect::<Vec<Planned>>();
    report
}

/// Run `probe api`: calibrate, plan, send, judge.
pub fn run(
    http: &HttpClient,
    clock: &dyn Clock,
    opts: &ApiOptions,
    progress: Option<&Progress>,
) -> Result<Report> {
    let jws = parse_token(&opts.token)?;
    let alg = jws.alg().and_then(Alg::from_name);
    // Offline first: a cracked HMAC secret is a key the API trusts.
    let (cracked, tried): (Option<Cracked>, usize) = crack::search(&jws, opts.wordlist.as_deref());
    let cracked_key = cracked
        .as_ref()
        .map(|c| SigningKey::hmac(c.secret.expose()));
    let key_server = start_key_server(opts, &jws, alg)?;
    let key_base = match &key_server {
        Some(ks) => Some(ks.base().to_owned()),
        None if opts.dry_run && uses_key_server(opts) => Some("http://127.0.0.1:PORT".to_owned()),
        None => None,
    };
    let cx = Context {
        jws: &jws,
        alg,
        key_base,
        claim_key: claim_key(opts, cracked_key.as_ref(), alg),
        now: clock.now(),
    };
    let plan = plan::plan(opts, &cx);
    let refs = calibrate::attempts(&opts.token, &jws);
    if opts.dry_run {
        return Ok(dry_run(opts, &refs, plan));
    }
    let (cal, broken_accepted) = match calibrate::calibrate(http, opts, &refs)? {
        Outcome::Learned {
            cal,
            broken_accepted,
        } => (cal, broken_accepted),
        Outcome::Finding(r) => {
            return Ok(Report::new(
                "api",
                opts.url.clone(),
                vec![r],
                Vec::new(),
                refs.len(),
            ));
        }
    };
    let responses = send_all(http, clock, opts.load, progress, &plan.attempts, |a| {
        a.request(opts)
    });
    let hits = key_server.as_ref().map(KeyServer::hits).unwrap_or_default();
    let answers = judge::Answers {
        cal: &cal,
        broken_accepted,
        attempts: &plan.attempts,
        responses: &responses,
        hits: &hits,
        cracked: (&cracked, tried),
    };
    let results = judge::judge(opts, &cx, &answers);
    let sent = refs.len() + plan.attempts.len();
    let mut report = Report::new("api", opts.url.clone(), results, plan.not_run, sent);
    report.calibration = Some(cal.report());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(url: &str) -> ApiOptions {
        ApiOptions {
            url: url.into(),
            token: String::new(),
            method: Method::Get,
            headers: Vec::new(),
            data: None,
            keys: Vec::new(),
            keys_unfetched: None,
            signing_key: None,
            wordlist: None,
            callback_url: None,
            load: Load::default(),
            dry_run: false,
        }
    }

    #[test]
    fn loopback_detection() {
        assert!(uses_key_server(&opts("http://127.0.0.1:8080/api")));
        assert!(uses_key_server(&opts("http://localhost/api")));
        assert!(uses_key_server(&opts("http://[::1]:1/")));
        assert!(!uses_key_server(&opts("https://api.example.com/")));
        let mut remote = opts("http://127.0.0.1:8080/api");
        remote.callback_url = Some("https://hooks.example/cb".into());
        assert!(!uses_key_server(&remote));
    }
}

//! `probe resource`: an audit of an OAuth-protected resource (an API or an
//! MCP server) from the outside, from one valid token.
//!
//! Calibrate like `probe api` (the valid token twice, no token, a garbage
//! token: what acceptance and refusal look like; a check whose answers do
//! not separate is inconclusive), then:
//!
//! - the 401 without a token carries a challenge with `resource_metadata`
//!   (RFC 9728 §5.1);
//! - protected-resource metadata is served (at the URL the challenge names
//!   and at the path-inserted well-known URL, RFC 9728 §3.1), names this
//!   resource exactly (§3.3) and at least one authorization server;
//! - a token for another audience is refused (token passthrough): from
//!   `--foreign-token`, or minted with `--signing-key`;
//! - with `--signing-key`: a token from another issuer and an expired one
//!   are refused, the expired one with `error="invalid_token"` (RFC 6750
//!   §3.1) so that clients know to refresh;
//! - the token is refused in the query string (RFC 6750 §2.3);
//! - any `insufficient_scope` challenge seen is a 403 naming `scope`;
//! - CORS does not allow credentials from any origin.
//!
//! With `mcp`, every request is MCP's JSON-RPC `initialize` sent over the
//! streamable HTTP transport (POST, `Accept: application/json,
//! text/event-stream`); an event-stream answer is read as the JSON of its
//! first `data:` event.

mod mcp;

use serde_json::{Map, Value, json};

use super::catalogue::{
    CHALLENGE_NO_METADATA, CORS_ANY_ORIGIN, EXP, EXPIRED_NOT_INVALID_TOKEN, GARBAGE_TOKEN, ISS,
    NO_TOKEN, RESOURCE_METADATA_MISMATCH, RESOURCE_METADATA_MISSING, SCOPE_CHALLENGE,
    TOKEN_IN_QUERY, TOKEN_PASSTHROUGH,
};
use super::classify::{Calibration, CalibrationError, Fingerprint, Reading};
use super::{CheckInfo, CheckResult, Evidence, Load, NotRun, Progress, Report, Verdict};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::{HttpClient, Method, Request, Response};
use crate::jwt::encode::SigningKey;
use crate::jwt::{Alg, Parsed};

/// The origin the CORS check pretends to come from.
pub const FOREIGN_ORIGIN: &str = "https://oauthctl-probe.invalid";
/// The audience of minted foreign-audience tokens.
pub const FOREIGN_AUDIENCE: &str = "https://oauthctl-probe.invalid/another-resource";
/// The issuer of minted foreign-issuer tokens.
pub const FOREIGN_ISSUER: &str = "https://oauthctl-probe.invalid/another-issuer";

/// What to probe, and with what.
pub struct ResourceOptions {
    /// The resource's URL (an API route or an MCP endpoint).
    pub url: String,
    /// A token the resource accepts.
    pub token: String,
    /// A token from the same issuer for another audience (`--foreign-token`).
    pub foreign_token: Option<String>,
    /// A key the resource trusts, to mint tokens (`--signing-key`).
    pub signing_key: Option<SigningKey>,
    /// Speak MCP's JSON-RPC `initialize` over streamable HTTP.
    pub mcp: bool,
    /// Pacing.
    pub load: Load,
    /// Send nothing; list the requests (`--dry-run`).
    pub dry_run: bool,
}

/// Where the token goes in one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    Header,
    Query,
    None,
}

/// One request of the probe.
#[derive(Debug, Clone)]
struct Attempt {
    label: String,
    token: Option<String>,
    placement: Placement,
    method: Option<Method>,
    extra: Vec<(String, String)>,
}

impl Attempt {
    fn new(label: &str, token: Option<&str>, placement: Placement) -> Attempt {
        Attempt {
            label: label.into(),
            token: token.map(str::to_owned),
            placement,
            method: None,
            extra: Vec::new(),
        }
    }

    fn request(&self, opts: &ResourceOptions) -> Request {
        let mut req = if opts.mcp {
            mcp::initialize(&opts.url)
        } else {
            Request::get("probing a resource", opts.url.clone(), "application/json")
        };
        if let Some(m) = self.method {
            req.method = m;
            req.body = None;
        }
        req.headers.extend(self.extra.iter().cloned());
        if let Some(t) = &self.token {
            match self.placement {
                Placement::Header => req
                    .headers
                    .push(("Authorization".into(), format!("Bearer {t}"))),
                Placement::Query => {
                    let sep = if req.url.contains('?') { '&' } else { '?' };
                    req.url = format!("{}{sep}access_token={t}", req.url);
                }
                Placement::None => {}
            }
        }
        req
    }

    fn describe(&self, opts: &ResourceOptions) -> String {
        let method = match (self.method, opts.mcp) {
            (Some(m), _) => m.as_str(),
            (None, true) => "POST (MCP initialize)",
            (None, false) => "GET",
        };
        let where_ = match (self.placement, &self.token) {
            (_, None) | (Placement::None, _) => "no token",
            (Placement::Header, _) => "token in the Authorization header",
            (Placement::Query, _) => "token in the access_token query parameter",
        };
        let extra: Vec<String> = self
            .extra
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        if extra.is_empty() {
            format!("{method} {}, {where_}", opts.url)
        } else {
            format!("{method} {}, {where_}, {}", opts.url, extra.join(", "))
        }
    }

    fn evidence(&self, opts: &ResourceOptions, resp: &Result<Response>, reading: &str) -> Evidence {
        let mut e = Evidence {
            variant: self.label.clone(),
            request: self.describe(opts),
            token_header: self.token.as_deref().and_then(token_header),
            reading: reading.to_owned(),
            ..Evidence::default()
        }
        .answer(resp);
        if let Ok(r) = resp
            && let Some(w) = r.header("www-authenticate")
        {
            e.reading = format!("{}; WWW-Authenticate: {w}", e.reading);
        }
        e
    }
}

fn token_header(token: &str) -> Option<Value> {
    match crate::jwt::parse(token) {
        Ok(Parsed::Jws(j)) => Some(Value::Object(j.header)),
        _ => None,
    }
}

// The requests, by index in the list sent.
const VALID: usize = 0;
const VALID_AGAIN: usize = 1;
const NO_TOKEN_I: usize = 2;
const GARBAGE: usize = 3;
const QUERY: usize = 4;
const CORS: usize = 5;
const PREFLIGHT: usize = 6;

/// A token minted for one check.
struct Minted {
    check: &'static CheckInfo,
    label: &'static str,
    token: String,
}

/// Run the probe.
pub fn run(
    http: &HttpClient,
    clock: &dyn Clock,
    opts: &ResourceOptions,
    progress: Option<&Progress>,
) -> Result<Report> {
    let mut not_run: Vec<NotRun> = Vec::new();
    let Plan {
        attempts,
        foreign_index,
        minted,
        minted_start,
    } = plan(clock, opts, &mut not_run);

    if opts.dry_run {
        return Ok(dry_run(opts, &attempts, not_run));
    }
    let responses: Vec<Result<Response>> =
        super::send_all(http, clock, opts.load, progress, &attempts, |a| {
            a.request(opts)
        })
        .into_iter()
        .map(|r| r.map(mcp::unwrap_event_stream))
        .collect();
    let mut requests = responses.len();
    let fp = |i: usize| -> Option<Fingerprint> { responses[i].as_ref().ok().map(Fingerprint::of) };
    let mut results: Vec<CheckResult> = Vec::new();

    let (valid, again) = match (fp(VALID), fp(VALID_AGAIN)) {
        (Some(v), Some(a)) => (v, a),
        _ => {
            let e = responses.into_iter().find_map(|r| r.err());
            return Err(e.unwrap_or_else(|| Error::usage("no answer from the resource")));
        }
    };
    let cal = calibrate(opts, &attempts, &responses, valid, again, &mut results)?;
    let read = |i: usize| -> Reading {
        match (&cal, &responses[i]) {
            (_, Err(e)) => Reading::Unclear(format!("no answer: {}", e)),
            (None, _) => Reading::Unclear(
                "the valid token and the refusals were not told apart (see the calibration)".into(),
            ),
            (Some(c), Ok(r)) => c.read(&Fingerprint::of(r)),
        }
    };
    let judge = |info: &CheckInfo, i: usize, refused: &str, accepted: &str| -> CheckResult {
        let reading = read(i);
        let (verdict, summary) = match &reading {
            Reading::Accepted => (Verdict::Vulnerable, accepted.to_owned()),
            Reading::Rejected => (Verdict::NotVulnerable, refused.to_owned()),
            Reading::Unclear(why) => (Verdict::Inconclusive, format!("could not tell: {why}")),
        };
        CheckResult::new(info, verdict, summary).with_evidence(vec![attempts[i].evidence(
            opts,
            &responses[i],
            &reading.describe(),
        )])
    };

    // The challenge, and the metadata it names.
    let no_token = responses[NO_TOKEN_I].as_ref().ok();
    let challenge_md = no_token
        .and_then(|r| r.header("www-authenticate"))
        .and_then(resource_metadata_param);
    results.push(challenge_check(
        opts,
        &attempts[NO_TOKEN_I],
        &responses[NO_TOKEN_I],
        challenge_md.as_deref(),
    ));
    let (md_results, md_requests) = metadata_checks(http, opts, challenge_md.as_deref());
    results.extend(md_results);
    requests += md_requests;

    // Tokens.
    results.push(judge(
        &TOKEN_IN_QUERY,
        QUERY,
        "the token in the access_token query parameter was refused",
        "the token was accepted in the access_token query parameter, where logs and referrers keep it",
    ));
    if let Some(i) = foreign_index {
        results.push(judge(
            &TOKEN_PASSTHROUGH,
            i,
            "the token for another audience (--foreign-token) was refused",
            "a token issued for another audience (--foreign-token) was accepted: the resource does not check aud",
        ));
    }
    for (k, m) in minted.iter().enumerate() {
        let i = minted_start + k;
        let (refused, accepted) = match m.check.id {
            id if id == TOKEN_PASSTHROUGH.id => (
                "the re-signed token for another audience was refused".to_owned(),
                format!(
                    "the token re-signed with aud {FOREIGN_AUDIENCE} was accepted: the resource does not check aud"
                ),
            ),
            id if id == ISS.id => (
                "the re-signed token from another issuer was refused".to_owned(),
                format!("the token re-signed with iss {FOREIGN_ISSUER} was accepted"),
            ),
            _ => (
                "the re-signed token that expired an hour ago was refused".to_owned(),
                "the re-signed token that expired an hour ago was accepted".to_owned(),
            ),
        };
        if (m.check == &TOKEN_PASSTHROUGH && foreign_index.is_some()) || m.check == &SCOPE_CHALLENGE
        {
            continue;
        }
        let r = judge(m.check, i, &refused, &accepted);
        if m.check == &EXP && r.verdict == Verdict::NotVulnerable {
            results.push(expired_error_check(opts, &attempts[i], &responses[i]));
        }
        results.push(r);
    }

    // Scope challenges seen anywhere.
    match scope_check(opts, &attempts, &responses) {
        Some(r) => results.push(r),
        None => not_run.push(NotRun {
            id: SCOPE_CHALLENGE.id,
            reason: "no answer carried an insufficient_scope challenge".into(),
        }),
    }
    results.push(cors_check(opts, &attempts, &responses));
    requests = requests.max(responses.len());
    let mut report = Report::new("resource", opts.url.clone(), results, not_run, requests);
    report.calibration = cal.map(|c| c.report());
    Ok(report)
}

/// What the probe sends: the calibration references, the token in the
/// query, CORS, `--foreign-token` and the re-signed tokens.
struct Plan {
    attempts: Vec<Attempt>,
    /// The `--foreign-token` attempt, if given.
    foreign_index: Option<usize>,
    /// The re-signed tokens, from `minted_start` in `attempts`.
    minted: Vec<Minted>,
    minted_start: usize,
}

fn plan(clock: &dyn Clock, opts: &ResourceOptions, not_run: &mut Vec<NotRun>) -> Plan {
    let mut attempts = vec![
        Attempt::new("valid token", Some(&opts.token), Placement::Header),
        Attempt::new("valid token (again)", Some(&opts.token), Placement::Header),
        Attempt::new("no token", None, Placement::None),
        Attempt::new(
            "garbage token",
            Some("oauthctl-probe.not-a.jwt"),
            Placement::Header,
        ),
        Attempt::new(
            "valid token in the query string, no header",
            Some(&opts.token),
            Placement::Query,
        ),
        Attempt {
            extra: vec![("Origin".into(), FOREIGN_ORIGIN.into())],
            ..Attempt::new(
                "valid token from a foreign origin",
                Some(&opts.token),
                Placement::Header,
            )
        },
        Attempt {
            method: Some(Method::Options),
            extra: vec![
                ("Origin".into(), FOREIGN_ORIGIN.into()),
                (
                    "Access-Control-Request-Method".into(),
                    if opts.mcp { "POST" } else { "GET" }.into(),
                ),
                (
                    "Access-Control-Request-Headers".into(),
                    "authorization".into(),
                ),
            ],
            ..Attempt::new(
                "CORS preflight from a foreign origin",
                None,
                Placement::None,
            )
        },
    ];
    let minted = mint(clock, opts, not_run);
    if let Some(t) = &opts.foreign_token {
        attempts.push(Attempt::new(
            "--foreign-token (another audience)",
            Some(t),
            Placement::Header,
        ));
    }
    let foreign_index = opts.foreign_token.as_ref().map(|_| attempts.len() - 1);
    let minted_start = attempts.len();
    for m in &minted {
        attempts.push(Attempt::new(m.label, Some(&m.token), Placement::Header));
    }

    Plan {
        attempts,
        foreign_index,
        minted,
        minted_start,
    }
}

/// Learn accepted and refused from the valid token (sent twice) and the
/// no-token and garbage-token answers. When the resource answers a refused
/// reference like the valid token, that is itself a finding (in
/// `results`) and nothing else is judged.
fn calibrate(
    opts: &ResourceOptions,
    attempts: &[Attempt],
    responses: &[Result<Response>],
    valid: Fingerprint,
    again: Fingerprint,
    results: &mut Vec<CheckResult>,
) -> Result<Option<Calibration>> {
    let fp = |i: usize| -> Option<Fingerprint> { responses[i].as_ref().ok().map(Fingerprint::of) };
    let refs = |i: usize, name: &str| fp(i).map(|f| (name.to_owned(), f));
    let rejected: Vec<(String, Fingerprint)> =
        [refs(NO_TOKEN_I, "no token"), refs(GARBAGE, "garbage token")]
            .into_iter()
            .flatten()
            .collect();
    Ok(match Calibration::learn(valid.clone(), rejected) {
        Ok(c) if valid == again => Some(c),
        Ok(_) => None,
        Err(CalibrationError::ValidRejected(why)) => {
            return Err(Error::Input {
                what: "the valid token".into(),
                detail: format!(
                    "{why}; probing needs a token the resource accepts (is it expired, or for \
                     another audience?)"
                ),
            });
        }
        Err(CalibrationError::Indistinct(why)) => {
            let (info, i) = if fp(NO_TOKEN_I) == Some(valid.clone()) {
                (&NO_TOKEN, NO_TOKEN_I)
            } else {
                (&GARBAGE_TOKEN, GARBAGE)
            };
            let ev = attempts[i].evidence(
                opts,
                &responses[i],
                "accepted (answered like the valid token)",
            );
            results.push(
                CheckResult::new(
                    info,
                    Verdict::Vulnerable,
                    format!("{why}; the token checks were not judged"),
                )
                .with_evidence(vec![ev]),
            );
            None
        }
    })
}

/// The `--dry-run` report: the requests that would be sent.
fn dry_run(opts: &ResourceOptions, attempts: &[Attempt], not_run: Vec<NotRun>) -> Report {
    let mut report = Report::new("resource", opts.url.clone(), Vec::new(), not_run, 0);
    report.dry_run = true;
    let metadata = crate::provider::resource::well_known_url(&opts.url).unwrap_or_default();
    report.plan = attempts
        .iter()
        .map(|a| super::Planned {
            check: "resource",
            variant: a.label.clone(),
            request: a.describe(opts),
        })
        .chain(std::iter::once(super::Planned {
            check: RESOURCE_METADATA_MISSING.id,
            variant: "metadata".into(),
            request: format!("GET the challenge's resource_metadata URL, and GET {metadata}"),
        }))
        .collect();
    report
}

/// The tokens `--signing-key` lets the probe mint; a note for each check
/// that cannot run without one.
fn mint(clock: &dyn Clock, opts: &ResourceOptions, not_run: &mut Vec<NotRun>) -> Vec<Minted> {
    let jws = match crate::jwt::parse(&opts.token) {
        Ok(Parsed::Jws(j)) if j.claims.is_ok() => Some(j),
        _ => None,
    };
    let (Some(key), Some(jws)) = (&opts.signing_key, jws) else {
        let why = if opts.signing_key.is_some() {
            "--signing-key was given, but the token is not a signed JWT to copy"
        } else {
            "needs --signing-key (a key the resource trusts) to mint the token"
        };
        for c in [&ISS, &EXP, &EXPIRED_NOT_INVALID_TOKEN] {
            not_run.push(NotRun {
                id: c.id,
                reason: why.into(),
            });
        }
        if opts.foreign_token.is_none() {
            not_run.push(NotRun {
                id: TOKEN_PASSTHROUGH.id,
                reason: "needs --foreign-token (a token for another audience) or --signing-key"
                    .into(),
            });
        }
        return Vec::new();
    };
    let alg = jws
        .header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(Alg::from_name)
        .filter(|a| key.fits(*a).is_ok())
        .unwrap_or_else(|| key.default_alg());
    let now = clock.now();
    let keep = |_: &mut Map<String, Value>| {};
    let sign = |edit: &dyn Fn(&mut Map<String, Value>)| {
        super::variants::resigned(&jws, alg, key, keep, |c| edit(c))
    };
    let mut out = Vec::new();
    let mut push = |check: &'static CheckInfo, label: &'static str, token: Option<String>| {
        if let Some(token) = token {
            out.push(Minted {
                check,
                label,
                token,
            });
        }
    };
    push(
        &TOKEN_PASSTHROUGH,
        "re-signed with aud of another resource",
        sign(&|c| {
            c.insert("aud".into(), json!(FOREIGN_AUDIENCE));
        }),
    );
    push(
        &ISS,
        "re-signed with iss of another issuer",
        sign(&|c| {
            c.insert("iss".into(), json!(FOREIGN_ISSUER));
        }),
    );
    push(
        &EXP,
        "re-signed, expired an hour ago",
        sign(&|c| {
            c.insert("exp".into(), json!(now - 3600));
            c.insert("iat".into(), json!(now - 7200));
            c.remove("nbf");
        }),
    );
    // Not judged itself: its answer may carry a scope challenge to check.
    push(
        &SCOPE_CHALLENGE,
        "re-signed without scope",
        sign(&|c| {
            c.remove("scope");
            c.remove("scp");
        }),
    );
    out
}

/// The challenges of a header; none when it cannot be parsed (the
/// challenge check says so).
fn challenges(header: &str) -> Vec<crate::challenge::Challenge> {
    crate::challenge::parse(header).unwrap_or_default()
}

/// `resource_metadata` of the first challenge that has one.
fn resource_metadata_param(header: &str) -> Option<String> {
    challenges(header)
        .iter()
        .find_map(|c| c.resource_metadata().map(str::to_owned))
}

fn challenge_check(
    opts: &ResourceOptions,
    attempt: &Attempt,
    resp: &Result<Response>,
    md: Option<&str>,
) -> CheckResult {
    let info = &CHALLENGE_NO_METADATA;
    let ev = |reading: &str| vec![attempt.evidence(opts, resp, reading)];
    let r = match resp {
        Err(e) => {
            let why = format!("no answer without a token: {}", e);
            return CheckResult::new(info, Verdict::Inconclusive, why.clone())
                .with_evidence(ev(&why));
        }
        Ok(r) => r,
    };
    let header = r.header("www-authenticate");
    if let Some(Err(e)) = header.map(crate::challenge::parse) {
        return CheckResult::new(
            info,
            Verdict::Vulnerable,
            format!(
                "the 401 without a token has a WWW-Authenticate header clients cannot parse ({e})"
            ),
        )
        .with_evidence(ev("unparseable challenge"));
    }
    match (r.status, header, md) {
        (401, Some(_), Some(url)) => CheckResult::new(
            info,
            Verdict::NotVulnerable,
            format!("the 401 without a token names the metadata: resource_metadata=\"{url}\""),
        )
        .with_evidence(ev("401 with resource_metadata")),
        (401, Some(_), None) => CheckResult::new(
            info,
            Verdict::Vulnerable,
            "the 401 without a token has a challenge without resource_metadata: clients cannot find the authorization server from it",
        )
        .with_evidence(ev("401 without resource_metadata")),
        (401, None, _) => CheckResult::new(
            info,
            Verdict::Vulnerable,
            "the 401 without a token has no WWW-Authenticate challenge",
        )
        .with_evidence(ev("401 without a challenge")),
        (s, _, _) => CheckResult::new(
            info,
            Verdict::Vulnerable,
            format!("the request without a token was answered HTTP {s}, not 401 with a challenge"),
        )
        .with_evidence(ev(&format!("HTTP {s}"))),
    }
}

/// Fetch the metadata from the challenge's URL and the well-known URL;
/// judge presence and consistency. Returns the results and the requests
/// sent.
fn metadata_checks(
    http: &HttpClient,
    opts: &ResourceOptions,
    from_challenge: Option<&str>,
) -> (Vec<CheckResult>, usize) {
    let mut sources: Vec<(&str, String)> = Vec::new();
    if let Some(u) = from_challenge {
        sources.push(("the challenge's resource_metadata", u.to_owned()));
    }
    if let Ok(wk) = crate::provider::resource::well_known_url(&opts.url)
        && from_challenge != Some(wk.as_str())
    {
        sources.push(("the well-known URL (RFC 9728 §3.1)", wk));
    }
    let mut evidence = Vec::new();
    let mut docs: Vec<(&str, String, Map<String, Value>)> = Vec::new();
    for (what, url) in &sources {
        let req = Request::get(
            "fetching protected-resource metadata",
            url.clone(),
            "application/json",
        );
        let resp = http.send_no_redirect(&req);
        let doc = resp
            .as_ref()
            .ok()
            .filter(|r| r.status == 200)
            .and_then(|r| {
                serde_json::from_slice::<Value>(&r.body)
                    .ok()
                    .and_then(|v| v.as_object().cloned())
            });
        let reading = match (&resp, &doc) {
            (Err(e), _) => format!("no answer: {}", e),
            (Ok(_), Some(_)) => "a JSON object".into(),
            (Ok(r), None) if r.status == 200 => "HTTP 200, but not a JSON object".into(),
            (Ok(r), None) => format!("HTTP {}", r.status),
        };
        evidence.push(
            Evidence {
                variant: format!("metadata from {what}"),
                request: format!("GET {url}"),
                reading,
                ..Evidence::default()
            }
            .answer(&resp),
        );
        if let Some(d) = doc {
            docs.push((what, url.clone(), d));
        }
    }
    let n = sources.len();
    if docs.is_empty() {
        let r = CheckResult::new(
            &RESOURCE_METADATA_MISSING,
            Verdict::Vulnerable,
            "no protected-resource metadata (RFC 9728) at the challenge's URL or the well-known URL",
        )
        .with_evidence(evidence.clone());
        let mut out = vec![r];
        out.push(
            CheckResult::new(
                &RESOURCE_METADATA_MISMATCH,
                Verdict::Inconclusive,
                "no metadata to compare",
            )
            .with_evidence(evidence),
        );
        return (out, n);
    }
    let present = CheckResult::new(
        &RESOURCE_METADATA_MISSING,
        Verdict::NotVulnerable,
        format!(
            "protected-resource metadata served at {}",
            docs.iter()
                .map(|d| d.1.as_str())
                .collect::<Vec<_>>()
                .join(" and ")
        ),
    )
    .with_evidence(evidence.clone());
    let mut problems: Vec<String> = Vec::new();
    let want = opts.url.trim_end_matches('/');
    for (what, url, doc) in &docs {
        match doc.get("resource").and_then(Value::as_str) {
            None => problems.push(format!("the metadata at {url} has no resource")),
            Some(r) if r.trim_end_matches('/') != want => problems.push(format!(
                "the metadata from {what} says resource \"{r}\", but it was fetched for \"{}\" (RFC 9728 §3.3)",
                opts.url
            )),
            Some(_) => {}
        }
        let servers = doc
            .get("authorization_servers")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|s| s.as_str().is_some_and(|s| !s.is_empty()))
                    .count()
            })
            .unwrap_or(0);
        if servers == 0 {
            problems.push(format!(
                "the metadata at {url} names no authorization_servers"
            ));
        }
    }
    let mismatch = if problems.is_empty() {
        CheckResult::new(
            &RESOURCE_METADATA_MISMATCH,
            Verdict::NotVulnerable,
            format!(
                "the metadata names this resource ({}) and its authorization servers",
                opts.url
            ),
        )
    } else {
        CheckResult::new(
            &RESOURCE_METADATA_MISMATCH,
            Verdict::Vulnerable,
            problems.join("; "),
        )
    }
    .with_evidence(evidence);
    (vec![present, mismatch], n)
}

fn expired_error_check(
    opts: &ResourceOptions,
    attempt: &Attempt,
    resp: &Result<Response>,
) -> CheckResult {
    let info = &EXPIRED_NOT_INVALID_TOKEN;
    let header = resp
        .as_ref()
        .ok()
        .and_then(|r| r.header("www-authenticate"));
    let error = header.and_then(|h| {
        challenges(h)
            .iter()
            .find_map(|c| c.error().map(str::to_owned))
    });
    let status = resp.as_ref().map(|r| r.status).unwrap_or(0);
    let (verdict, summary) = match (status, error.as_deref()) {
        (401, Some("invalid_token")) => (
            Verdict::NotVulnerable,
            "the expired token was refused with 401 error=\"invalid_token\"".to_owned(),
        ),
        (s, e) => (
            Verdict::Vulnerable,
            format!(
                "the expired token was refused with HTTP {s} and {}: clients cannot tell that a refresh would help",
                e.map_or("no error code".to_owned(), |e| format!("error=\"{e}\""))
            ),
        ),
    };
    CheckResult::new(info, verdict, summary)
        .with_evidence(vec![attempt.evidence(opts, resp, "refused")])
}

fn scope_check(
    opts: &ResourceOptions,
    attempts: &[Attempt],
    responses: &[Result<Response>],
) -> Option<CheckResult> {
    for (a, resp) in attempts.iter().zip(responses) {
        let Ok(r) = resp else { continue };
        let Some(h) = r.header("www-authenticate") else {
            continue;
        };
        let parsed = challenges(h);
        let Some(c) = parsed
            .iter()
            .find(|c| c.error() == Some("insufficient_scope"))
        else {
            continue;
        };
        let mut problems = Vec::new();
        if r.status != 403 {
            problems.push(format!("it came with HTTP {}, not 403", r.status));
        }
        if c.scopes().is_empty() {
            problems.push("it names no scope".to_owned());
        }
        let ev = vec![a.evidence(opts, resp, "insufficient_scope challenge")];
        return Some(if problems.is_empty() {
            CheckResult::new(
                &SCOPE_CHALLENGE,
                Verdict::NotVulnerable,
                "the insufficient_scope challenge is a 403 naming the scope needed",
            )
            .with_evidence(ev)
        } else {
            CheckResult::new(
                &SCOPE_CHALLENGE,
                Verdict::Vulnerable,
                format!(
                    "an insufficient_scope challenge is malformed: {}",
                    problems.join("; ")
                ),
            )
            .with_evidence(ev)
        });
    }
    None
}

fn cors_check(
    opts: &ResourceOptions,
    attempts: &[Attempt],
    responses: &[Result<Response>],
) -> CheckResult {
    let mut evidence = Vec::new();
    let mut bad = Vec::new();
    for i in [CORS, PREFLIGHT] {
        let resp = &responses[i];
        let (origin, creds) = match resp {
            Ok(r) => (
                r.header("access-control-allow-origin").map(str::to_owned),
                r.header("access-control-allow-credentials")
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
            ),
            Err(_) => (None, false),
        };
        let reading = format!(
            "Access-Control-Allow-Origin: {}, Access-Control-Allow-Credentials: {creds}",
            origin.as_deref().unwrap_or("(none)")
        );
        if creds && matches!(origin.as_deref(), Some("*") | Some(FOREIGN_ORIGIN)) {
            bad.push(format!("{}: {reading}", attempts[i].label));
        }
        evidence.push(attempts[i].evidence(opts, resp, &reading));
    }
    if bad.is_empty() {
        CheckResult::new(
            &CORS_ANY_ORIGIN,
            Verdict::NotVulnerable,
            format!("no credentialed CORS grant to the foreign origin {FOREIGN_ORIGIN}"),
        )
    } else {
        CheckResult::new(
            &CORS_ANY_ORIGIN,
            Verdict::Vulnerable,
            format!("credentials allowed for any origin: {}", bad.join("; ")),
        )
    }
    .with_evidence(evidence)
}

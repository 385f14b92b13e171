//! `probe issuer`: an audit of an authorization server from the outside,
//! over HTTP only, with no login.
//!
//! First the metadata and key set lints (`provider::discovery::lint`,
//! `provider::jwks::lint`), each finding reported as a check. Then active
//! checks against the endpoints the metadata names, each compared with a
//! control request that a correct server accepts (an authorization request
//! with S256 PKCE and the registered redirect URI):
//! - PKCE required (no `code_challenge`), `plain` refused;
//! - the redirect URI matched exactly (extra path, extra query, another
//!   port on a non-loopback host, another host);
//! - the implicit grant (`response_type=token`) and the password grant off;
//! - the `iss` parameter (RFC 9207) in the authorization error responses;
//! - what the token endpoint tells an unknown client.
//!
//! When the control itself is refused, or no client is known, the checks
//! that depend on it are inconclusive or not run, never guessed.

use serde_json::Value;

use super::{
    CheckInfo, CheckResult, Evidence, Load, NotRun, Planned, Progress, Report, Verdict, pace,
};
use crate::clock::Clock;
use crate::error::Result;
use crate::finding::{Finding, Severity};
use crate::http::{HttpClient, Method, Request, Response};
use crate::provider::{discovery, jwks};

/// What to audit.
#[derive(Debug, Clone)]
pub struct IssuerOptions {
    /// The issuer.
    pub issuer: String,
    /// A registered public client, if known.
    pub client_id: Option<String>,
    /// One of its registered redirect URIs.
    pub redirect_uri: Option<String>,
    /// Rate and concurrency.
    pub load: Load,
    /// List the requests, send nothing.
    pub dry_run: bool,
}

macro_rules! check {
    ($name:ident, $id:literal, $title:literal, $sev:ident, $cwe:literal, $fix:literal) => {
        #[doc = $title]
        pub const $name: CheckInfo = CheckInfo {
            id: $id,
            name: $title,
            severity: Severity::$sev,
            cwe: $cwe,
            cves: &[],
            fix: $fix,
        };
    };
}

check!(
    PKCE_REQUIRED,
    "pkce-not-required",
    "Authorization request without PKCE accepted",
    High,
    345,
    "require code_challenge (S256) for public clients (RFC 9700 §2.1.1)"
);
check!(
    PKCE_PLAIN,
    "pkce-plain-accepted",
    "PKCE method plain accepted",
    Medium,
    327,
    "accept only code_challenge_method=S256 (RFC 9700 §2.1.1)"
);
check!(
    REDIRECT_EXACT,
    "redirect-uri-not-exact",
    "Unregistered redirect URI accepted",
    High,
    601,
    "compare redirect URIs with the registered ones by exact string match (RFC 9700 §4.1.3)"
);
check!(
    IMPLICIT,
    "implicit-grant-enabled",
    "Implicit grant (response_type=token) accepted",
    Medium,
    1390,
    "turn off response_type=token (RFC 9700 §2.1.2)"
);
check!(
    PASSWORD,
    "password-grant-enabled",
    "Password grant enabled",
    High,
    1390,
    "turn off the resource owner password credentials grant (RFC 9700 §2.4)"
);
check!(
    ISS_PARAM,
    "iss-parameter-missing",
    "No iss parameter in authorization responses",
    Low,
    345,
    "send iss in every authorization response (RFC 9207 §2)"
);
check!(
    VERBOSE,
    "token-endpoint-verbose",
    "Token endpoint tells unknown clients too much",
    Low,
    204,
    "answer every failed client authentication with the same invalid_client error, and no internals"
);

/// Every active check, in report order.
pub const CHECKS: &[CheckInfo] = &[
    PKCE_REQUIRED,
    PKCE_PLAIN,
    REDIRECT_EXACT,
    IMPLICIT,
    PASSWORD,
    ISS_PARAM,
    VERBOSE,
];

/// The name and CWE of a metadata or key set lint finding.
fn lint_info(id: &str) -> (&'static str, u32) {
    match id {
        "plain-http-endpoint" => ("Endpoint over plain HTTP (metadata)", 319),
        "non-http-endpoint" => ("Endpoint that is not an http(s) URL (metadata)", 73),
        "id-token-alg-none" => ("Unsigned ID tokens advertised (metadata)", 347),
        "jwks-uri-missing" => ("No jwks_uri (metadata)", 347),
        "implicit-grant" => ("Implicit grant advertised (metadata)", 1390),
        "password-grant" => ("Password grant advertised (metadata)", 1390),
        "pkce-plain-only" => ("Only PKCE plain advertised (metadata)", 345),
        "pkce-not-advertised" => ("PKCE S256 not advertised (metadata)", 345),
        "iss-parameter-not-supported" => ("RFC 9207 iss not advertised (metadata)", 345),
        "malformed-member" => ("Malformed metadata member", 20),
        "private-key-published" => ("Private key published (key set)", 321),
        "symmetric-key-published" => ("Symmetric key published (key set)", 321),
        "rsa-key-too-small" => ("RSA key too small (key set)", 326),
        "certificate-expired" => ("Expired certificate (key set)", 298),
        "x5c-key-mismatch" => ("Certificate for another key (key set)", 295),
        _ => ("Key set problem", 16),
    }
}

fn from_lint(f: &Finding, source: &str) -> CheckResult {
    let (name, cwe) = lint_info(f.id);
    CheckResult {
        id: f.id,
        name: name.to_owned(),
        severity: f.severity,
        cwe,
        cves: &[],
        verdict: Verdict::Vulnerable,
        summary: format!("{} ({})", f.message, f.reference),
        evidence: vec![Evidence {
            variant: "lint".into(),
            request: format!("GET {source}"),
            reading: "read from the published document".into(),
            ..Evidence::default()
        }],
        fix: f.fix,
    }
}

/// How an authorization endpoint answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// Went on towards login or consent: a page, or a redirect that is not
    /// to the redirect URI.
    Proceeds,
    /// Redirected to this redirect URI (the client's), with these
    /// parameters (query or fragment).
    ToClient {
        location: String,
        params: Vec<(String, String)>,
    },
    /// Refused with an error page.
    Refused(u16),
    /// Anything else.
    Unclear(String),
}

fn params_of(url: &url::Url) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    if let Some(f) = url.fragment() {
        out.extend(url::form_urlencoded::parse(f.as_bytes()).into_owned());
    }
    out
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Read an authorization response; `client_uris` are the redirect URIs that
/// count as "the client's" for this request.
fn read_authz(resp: &Result<Response>, endpoint: &str, client_uris: &[&str]) -> Answer {
    let r = match resp {
        Ok(r) => r,
        Err(e) => {
            return Answer::Unclear(format!("the request failed: {}", crate::error::chain(e)));
        }
    };
    if (300..400).contains(&r.status) {
        let loc = r.header("location").unwrap_or("");
        let Some(abs) = url::Url::parse(endpoint)
            .ok()
            .and_then(|base| base.join(loc).ok())
        else {
            return Answer::Unclear(format!("HTTP {} with an unusable Location", r.status));
        };
        let s = abs.as_str();
        if client_uris.iter().any(|u| {
            s.starts_with(u) && matches!(s.as_bytes().get(u.len()), None | Some(b'?') | Some(b'#'))
        }) {
            return Answer::ToClient {
                location: s.to_owned(),
                params: params_of(&abs),
            };
        }
        return Answer::Proceeds;
    }
    match r.status {
        200 => Answer::Proceeds,
        400..=499 => Answer::Refused(r.status),
        s => Answer::Unclear(format!("HTTP {s}")),
    }
}

struct Attempt {
    check: &'static str,
    label: String,
    req: Request,
    /// Redirect URIs counted as the client's for this request.
    client_uris: Vec<String>,
}

fn authz_request(endpoint: &str, params: &[(&str, &str)]) -> Request {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let sep = if endpoint.contains('?') { '&' } else { '?' };
    Request::get(
        "probing the authorization endpoint",
        format!("{endpoint}{sep}{query}"),
        "text/html",
    )
}

fn token_request(endpoint: &str, params: &[(&str, &str)]) -> Request {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    Request {
        method: Method::Post,
        url: endpoint.to_owned(),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
        ],
        body: Some(body.into_bytes()),
        body_has_secrets: true,
        what: "probing the token endpoint".into(),
    }
}

/// A URI like `uri` but with another host (or port, or path, or query).
fn redirect_variants(uri: &str) -> Vec<(String, String)> {
    let Ok(u) = url::Url::parse(uri) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut path = u.clone();
    path.set_path(&format!(
        "{}/oauthctl-probe",
        u.path().trim_end_matches('/')
    ));
    out.push(("extra path".to_owned(), path.to_string()));
    let mut query = u.clone();
    query.query_pairs_mut().append_pair("oauthctl-probe", "1");
    out.push(("extra query".to_owned(), query.to_string()));
    let loopback = match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => true,
    };
    // RFC 8252 §7.3: any port on a loopback redirect URI is legitimate.
    if !loopback {
        let mut port = u.clone();
        let other = if u.port_or_known_default() == Some(8443) {
            9443
        } else {
            8443
        };
        if port.set_port(Some(other)).is_ok() {
            out.push(("another port".to_owned(), port.to_string()));
        }
    }
    let mut host = u.clone();
    if host.set_host(Some("oauthctl-probe.invalid")).is_ok() {
        out.push(("another host".to_owned(), host.to_string()));
    }
    out
}

fn evidence(a: &Attempt, resp: &Result<Response>, reading: String) -> Evidence {
    Evidence {
        variant: a.label.clone(),
        request: format!("{} {}", a.req.method.as_str(), a.req.url),
        reading,
        ..Evidence::default()
    }
    .answer(resp)
}

fn describe(a: &Answer) -> String {
    match a {
        Answer::Proceeds => "accepted: went on towards login".into(),
        Answer::ToClient { params, .. } => match param(params, "error") {
            Some(err) => format!("error redirect to the client: {err}"),
            None => "redirected to the client without an error".into(),
        },
        Answer::Refused(s) => format!("refused: HTTP {s}"),
        Answer::Unclear(why) => format!("unclear: {why}"),
    }
}

/// Run `probe issuer`.
pub fn run(
    http: &HttpClient,
    clock: &dyn Clock,
    opts: &IssuerOptions,
    progress: Option<&Progress>,
) -> Result<Report> {
    if opts.dry_run {
        let mut report = Report::new("issuer", opts.issuer.clone(), Vec::new(), Vec::new(), 0);
        report.dry_run = true;
        let mut plan = vec![Planned {
            check: "lint",
            variant: "metadata and key set".into(),
            request: format!(
                "GET {}/.well-known/openid-configuration (then RFC 8414), GET its jwks_uri",
                opts.issuer.trim_end_matches('/')
            ),
        }];
        for c in CHECKS {
            plan.push(Planned {
                check: c.id,
                variant: c.name.into(),
                request: "to the endpoints the metadata names".into(),
            });
        }
        report.plan = plan;
        return Ok(report);
    }
    let md = discovery::fetch(http, &opts.issuer)?;
    let mut sent = 1;
    let mut results: Vec<CheckResult> = discovery::lint(&md)
        .iter()
        .map(|f| from_lint(f, &md.source_url))
        .collect();
    if let Some(uri) = md.str("jwks_uri") {
        sent += 1;
        match jwks::fetch(http, uri) {
            Ok(set) => results.extend(
                jwks::lint(&set, clock.now())
                    .iter()
                    .map(|f| from_lint(f, uri)),
            ),
            Err(e) => {
                let mut r = CheckResult::new(
                    &CheckInfo {
                        id: "jwks-unavailable",
                        name: "Key set unavailable",
                        severity: Severity::High,
                        cwe: 347,
                        cves: &[],
                        fix: "serve the key set at jwks_uri",
                    },
                    Verdict::Vulnerable,
                    crate::error::chain(&e),
                );
                r.evidence.push(Evidence {
                    variant: "jwks_uri".into(),
                    request: format!("GET {uri}"),
                    reading: "failed".into(),
                    ..Evidence::default()
                });
                results.push(r);
            }
        }
    }

    let mut not_run = Vec::new();
    let mut attempts: Vec<Attempt> = Vec::new();
    let authz = md.str("authorization_endpoint").map(str::to_owned);
    let token = md.str("token_endpoint").map(str::to_owned);
    let client = opts.client_id.clone();
    let redirect = opts.redirect_uri.clone();
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let verifier_like = "dBjftJeZ4CVP-mJ0JYkWuY6LbySrpLajtNQDyMfpUNk";
    match (&authz, &client, &redirect) {
        (Some(ep), Some(c), Some(r)) => {
            let base = |extra: &[(&'static str, &str)], uri: &str| {
                let mut p: Vec<(&str, &str)> = vec![
                    ("response_type", "code"),
                    ("client_id", c.as_str()),
                    ("redirect_uri", uri),
                    ("scope", "openid"),
                    ("state", "oauthctl-probe-state"),
                    ("nonce", "oauthctl-probe-nonce"),
                ];
                for &(k, v) in extra {
                    match p.iter().position(|(pk, _)| *pk == k) {
                        Some(i) => p[i].1 = v,
                        None => p.push((k, v)),
                    }
                }
                authz_request(ep, &p)
            };
            let s256 = [
                ("code_challenge", challenge),
                ("code_challenge_method", "S256"),
            ];
            let mk = |check: &'static str, label: &str, req: Request, uris: Vec<String>| Attempt {
                check,
                label: label.into(),
                req,
                client_uris: uris,
            };
            attempts.push(mk(
                "control",
                "S256 PKCE, registered redirect URI",
                base(&s256, r),
                vec![r.clone()],
            ));
            attempts.push(mk(
                PKCE_REQUIRED.id,
                "no code_challenge",
                base(&[], r),
                vec![r.clone()],
            ));
            attempts.push(mk(
                PKCE_PLAIN.id,
                "code_challenge_method=plain",
                base(
                    &[
                        ("code_challenge", verifier_like),
                        ("code_challenge_method", "plain"),
                    ],
                    r,
                ),
                vec![r.clone()],
            ));
            for (label, uri) in redirect_variants(r) {
                attempts.push(mk(
                    REDIRECT_EXACT.id,
                    &format!("{label}: {uri}"),
                    base(&s256, &uri),
                    vec![uri.clone()],
                ));
            }
            let mut implicit = s256.to_vec();
            implicit.push(("response_type", "token"));
            attempts.push(mk(
                IMPLICIT.id,
                "response_type=token",
                base(&implicit, r),
                vec![r.clone()],
            ));
        }
        (authz, _, _) => {
            let reason = if authz.is_none() {
                "the metadata names no authorization_endpoint"
            } else {
                "needs a registered public client: give --client-id and --redirect-uri"
            };
            for c in [
                &PKCE_REQUIRED,
                &PKCE_PLAIN,
                &REDIRECT_EXACT,
                &IMPLICIT,
                &ISS_PARAM,
            ] {
                not_run.push(NotRun {
                    id: c.id,
                    reason: reason.into(),
                });
            }
        }
    }
    match &token {
        Some(ep) => {
            let cid = client
                .clone()
                .unwrap_or_else(|| "oauthctl-probe-unknown".into());
            attempts.push(Attempt {
                check: PASSWORD.id,
                label: "grant_type=password".into(),
                req: token_request(
                    ep,
                    &[
                        ("grant_type", "password"),
                        ("username", "oauthctl-probe"),
                        ("password", "oauthctl-probe"),
                        ("client_id", cid.as_str()),
                    ],
                ),
                client_uris: Vec::new(),
            });
            let unknown = format!("oauthctl-probe-{}", &crate::jwt::encode::random_id()[..8]);
            attempts.push(Attempt {
                check: VERBOSE.id,
                label: "unknown client".into(),
                req: token_request(
                    ep,
                    &[
                        ("grant_type", "client_credentials"),
                        ("client_id", unknown.as_str()),
                        ("client_secret", "oauthctl-probe-wrong"),
                    ],
                ),
                client_uris: Vec::new(),
            });
            if let Some(c) = &client {
                attempts.push(Attempt {
                    check: VERBOSE.id,
                    label: "known client, wrong secret".into(),
                    req: token_request(
                        ep,
                        &[
                            ("grant_type", "client_credentials"),
                            ("client_id", c.as_str()),
                            ("client_secret", "oauthctl-probe-wrong"),
                        ],
                    ),
                    client_uris: Vec::new(),
                });
            }
        }
        None => {
            for c in [&PASSWORD, &VERBOSE] {
                not_run.push(NotRun {
                    id: c.id,
                    reason: "the metadata names no token_endpoint".into(),
                });
            }
        }
    }

    let responses = pace::run_all(&attempts, opts.load, clock, progress, |a| {
        http.send_no_redirect(&a.req)
    });
    sent += attempts.len();

    let authz_ep = authz.clone().unwrap_or_default();
    let answers: Vec<Option<Answer>> = attempts
        .iter()
        .zip(&responses)
        .map(|(a, r)| {
            (!a.client_uris.is_empty()).then(|| {
                let uris: Vec<&str> = a.client_uris.iter().map(String::as_str).collect();
                read_authz(r, &authz_ep, &uris)
            })
        })
        .collect();
    let control_ok = attempts
        .iter()
        .zip(&answers)
        .find(|(a, _)| a.check == "control")
        .map(|(_, ans)| ans.clone());
    // Accepted: on towards login, or straight back to the client without
    // an error (a server that approves automatically).
    let control_proceeds = match &control_ok {
        Some(Some(Answer::Proceeds)) => true,
        Some(Some(Answer::ToClient { params, .. })) => param(params, "error").is_none(),
        _ => false,
    };
    let control_note = match &control_ok {
        Some(Some(ans)) => describe(ans),
        _ => String::new(),
    };

    // Authorization endpoint checks.
    for info in [&PKCE_REQUIRED, &PKCE_PLAIN, &REDIRECT_EXACT, &IMPLICIT] {
        let mine: Vec<usize> = (0..attempts.len())
            .filter(|i| attempts[*i].check == info.id)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut evs = Vec::new();
        let mut bad = Vec::new();
        let mut unclear = 0;
        for i in mine {
            let Some(ans) = &answers[i] else { continue };
            let accepted = match (info.id, ans) {
                (_, Answer::Proceeds) => Some(true),
                // An error sent to an unregistered URI is an open redirect.
                ("redirect-uri-not-exact", Answer::ToClient { .. }) => Some(true),
                ("implicit-grant-enabled", Answer::ToClient { params, .. }) => {
                    Some(param(params, "access_token").is_some())
                }
                (_, Answer::ToClient { params, .. }) => Some(param(params, "error").is_none()),
                (_, Answer::Refused(_)) => Some(false),
                (_, Answer::Unclear(_)) => None,
            };
            match accepted {
                Some(true) => bad.push(attempts[i].label.clone()),
                Some(false) => {}
                None => unclear += 1,
            }
            evs.push(evidence(&attempts[i], &responses[i], describe(ans)));
        }
        let (verdict, summary) = if !control_proceeds {
            (
                Verdict::Inconclusive,
                format!(
                    "the control request (S256 PKCE, the registered redirect URI) was not \
                     accepted ({control_note}), so a refusal here says nothing; check \
                     --client-id and --redirect-uri"
                ),
            )
        } else if !bad.is_empty() {
            (Verdict::Vulnerable, format!("accepted: {}", bad.join("; ")))
        } else if unclear > 0 {
            (
                Verdict::Inconclusive,
                format!("{unclear} answers were neither a refusal nor an acceptance"),
            )
        } else {
            (Verdict::NotVulnerable, "refused".into())
        };
        let mut r = CheckResult::new(info, verdict, summary);
        r.evidence = evs;
        results.push(r);
    }

    // iss in authorization error responses (RFC 9207 §2).
    let error_redirects: Vec<(usize, &Vec<(String, String)>)> = answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a {
            Some(Answer::ToClient { params, .. }) => Some((i, params)),
            _ => None,
        })
        .filter(|(i, _)| attempts[*i].check != REDIRECT_EXACT.id)
        .collect();
    if !attempts.iter().any(|a| !a.client_uris.is_empty()) {
        // Already listed as not run.
    } else if error_redirects.is_empty() {
        not_run.push(NotRun {
            id: ISS_PARAM.id,
            reason: "no authorization response came back to the client without a login".into(),
        });
    } else {
        let missing: Vec<&(usize, &Vec<(String, String)>)> = error_redirects
            .iter()
            .filter(|(_, p)| param(p, "iss") != Some(md.issuer.as_str()))
            .collect();
        let (verdict, summary) = if missing.is_empty() {
            (
                Verdict::NotVulnerable,
                format!(
                    "every authorization response that came back to the client ({}) carries iss",
                    error_redirects.len()
                ),
            )
        } else {
            (
                Verdict::Vulnerable,
                format!(
                    "{} of {} authorization responses lack iss = {}",
                    missing.len(),
                    error_redirects.len(),
                    md.issuer
                ),
            )
        };
        let mut r = CheckResult::new(&ISS_PARAM, verdict, summary);
        r.evidence = error_redirects
            .iter()
            .map(|(i, p)| {
                evidence(
                    &attempts[*i],
                    &responses[*i],
                    match param(p, "iss") {
                        Some(iss) => format!("iss = {iss}"),
                        None => "no iss".into(),
                    },
                )
            })
            .collect();
        results.push(r);
    }

    // Token endpoint checks.
    let token_answers: Vec<(usize, Option<serde_json::Map<String, Value>>)> = attempts
        .iter()
        .enumerate()
        .filter(|(_, a)| a.check == PASSWORD.id || a.check == VERBOSE.id)
        .map(|(i, _)| {
            let body = responses[i]
                .as_ref()
                .ok()
                .and_then(|r| r.json_object("token").ok());
            (i, body)
        })
        .collect();
    for (i, body) in &token_answers {
        if attempts[*i].check != PASSWORD.id {
            continue;
        }
        let err = body
            .as_ref()
            .and_then(|b| b.get("error"))
            .and_then(Value::as_str);
        let has_token = body
            .as_ref()
            .is_some_and(|b| b.contains_key("access_token"));
        let (verdict, summary) = match (has_token, err) {
            (true, _) => (
                Verdict::Vulnerable,
                "the password grant issued a token".to_owned(),
            ),
            (false, Some("unsupported_grant_type")) => {
                (Verdict::NotVulnerable, "unsupported_grant_type".to_owned())
            }
            (false, Some("invalid_grant")) => (
                Verdict::Vulnerable,
                "invalid_grant: the grant is supported, only the credentials were wrong".to_owned(),
            ),
            (false, Some(e)) => (
                Verdict::Inconclusive,
                format!("{e}: says nothing about whether the grant is supported"),
            ),
            (false, None) => (Verdict::Inconclusive, "no OAuth error response".to_owned()),
        };
        let mut r = CheckResult::new(&PASSWORD, verdict, summary.clone());
        r.evidence
            .push(evidence(&attempts[*i], &responses[*i], summary));
        results.push(r);
    }
    let verbose: Vec<&(usize, Option<serde_json::Map<String, Value>>)> = token_answers
        .iter()
        .filter(|(i, _)| attempts[*i].check == VERBOSE.id)
        .collect();
    if !verbose.is_empty() {
        const LEAKS: &[&str] = &[
            "Traceback",
            "    at ",
            "Exception",
            ".java:",
            "node_modules",
            "stack",
            "SQL",
        ];
        let mut notes = Vec::new();
        let mut evs = Vec::new();
        for (i, _) in &verbose {
            let text = responses[*i]
                .as_ref()
                .map(|r| String::from_utf8_lossy(&r.body).into_owned())
                .unwrap_or_default();
            if let Some(l) = LEAKS.iter().find(|l| text.contains(**l)) {
                notes.push(format!(
                    "{}: the answer contains \"{}\"",
                    attempts[*i].label,
                    l.trim()
                ));
            }
            evs.push(evidence(
                &attempts[*i],
                &responses[*i],
                "answer recorded".into(),
            ));
        }
        if verbose.len() == 2 {
            let key = |b: &Option<serde_json::Map<String, Value>>| {
                b.as_ref()
                    .map(|b| (b.get("error").cloned(), b.get("error_description").cloned()))
            };
            let (a, b) = (key(&verbose[0].1), key(&verbose[1].1));
            if a != b {
                notes.push(format!(
                    "an unknown client and a known one with a wrong secret get different \
                     answers ({} vs {}): client IDs can be enumerated",
                    fmt_err(&a),
                    fmt_err(&b)
                ));
            }
        }
        let (verdict, summary) = if notes.is_empty() {
            (
                Verdict::NotVulnerable,
                "the answers to failed client authentication say nothing more".to_owned(),
            )
        } else {
            (Verdict::Vulnerable, notes.join("; "))
        };
        let mut r = CheckResult::new(&VERBOSE, verdict, summary);
        r.evidence = evs;
        results.push(r);
    }
    Ok(Report::new(
        "issuer",
        opts.issuer.clone(),
        results,
        not_run,
        sent,
    ))
}

fn fmt_err(e: &Option<(Option<Value>, Option<Value>)>) -> String {
    match e {
        Some((Some(err), Some(desc))) => format!("{err} \"{}\"", desc.as_str().unwrap_or("")),
        Some((Some(err), None)) => err.to_string(),
        _ => "no OAuth error".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_redirects_get_no_port_variant() {
        let v = redirect_variants("http://127.0.0.1/callback");
        let labels: Vec<&str> = v.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["extra path", "extra query", "another host"]);
        assert_eq!(v[0].1, "http://127.0.0.1/callback/oauthctl-probe");
        let v = redirect_variants("https://app.example/cb");
        assert!(
            v.iter()
                .any(|(l, u)| l == "another port" && u == "https://app.example:8443/cb")
        );
    }

    fn resp(status: u16, location: &str) -> Result<Response> {
        Ok(Response {
            url: "https://idp.test/authorize".into(),
            status,
            headers: vec![("location".into(), location.into())],
            body: Vec::new(),
        })
    }

    #[test]
    fn authorization_answers() {
        let ep = "https://idp.test/authorize";
        let uris = ["https://app.test/cb"];
        assert_eq!(
            read_authz(&resp(302, "/login?x=1"), ep, &uris),
            Answer::Proceeds
        );
        match read_authz(
            &resp(
                302,
                "https://app.test/cb?error=invalid_request&iss=https%3A%2F%2Fidp.test",
            ),
            ep,
            &uris,
        ) {
            Answer::ToClient { params, .. } => {
                assert_eq!(param(&params, "error"), Some("invalid_request"));
                assert_eq!(param(&params, "iss"), Some("https://idp.test"));
            }
            other => panic!("{other:?}"),
        }
        // A longer path is not the client's URI.
        assert_eq!(
            read_authz(&resp(302, "https://app.test/cb2?code=x"), ep, &uris),
            Answer::Proceeds
        );
        assert_eq!(read_authz(&resp(400, ""), ep, &uris), Answer::Refused(400));
    }
}

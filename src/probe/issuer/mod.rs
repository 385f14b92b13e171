//! `probe issuer`: an audit of an authorization server from the outside,
//! over HTTP only, with no login.
//!
//! First the metadata and key set lints (`provider::discovery::lint`,
//! `provider::jwks::lint`), each finding reported as a check. Then active
//! checks against the endpoints the metadata names, in stages: `plan`
//! (the requests, and the checks that cannot run), send, calibrate (the
//! control request, an authorization request with S256 PKCE and the
//! registered redirect URI, which a correct server accepts) and `judge`:
//! - PKCE required (no `code_challenge`), `plain` refused;
//! - the redirect URI matched exactly (extra path, extra query, another
//!   port on a non-loopback host, another host);
//! - the implicit grant (`response_type=token`) and the password grant off;
//! - the `iss` parameter (RFC 9207) in the authorization error responses;
//! - what the token endpoint tells an unknown client.
//!
//! When the control itself is refused, or no client is known, the checks
//! that depend on it are inconclusive or not run, never guessed.

mod answer;
mod judge;
mod plan;

use super::catalogue::{self, ISSUER, JWKS_UNAVAILABLE};
use super::{CheckResult, Evidence, Load, Planned, Progress, Report, Verdict, send_all};
use crate::clock::Clock;
use crate::error::Result;
use crate::finding::Finding;
use crate::http::HttpClient;
use crate::provider::discovery::{self, ProviderMetadata};
use crate::provider::jwks;

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

/// A lint finding as a check result, named from the catalogue.
fn from_lint(f: &Finding, source: &str) -> CheckResult {
    let (name, cwe) = catalogue::lint(f.id);
    CheckResult {
        id: f.id,
        name: name.to_owned(),
        severity: f.severity,
        cwe,
        cves: &[],
        verdict: Verdict::Vulnerable,
        summary: format!("{} ({})", f.message, f.reference),
        evidence: vec![observed(source, "read from the published document")],
        fix: f.fix,
        references: f.reference.split("; ").collect(),
    }
}

/// Evidence of a document fetched with GET.
fn observed(url: &str, reading: &str) -> Evidence {
    Evidence {
        variant: "lint".into(),
        request: format!("GET {url}"),
        reading: reading.into(),
        ..Evidence::default()
    }
}

/// The lint stage: the metadata's findings, then its key set's (or that
/// it could not be fetched). Returns the results and the requests sent.
fn lint(http: &HttpClient, clock: &dyn Clock, md: &ProviderMetadata) -> (Vec<CheckResult>, usize) {
    let mut results: Vec<CheckResult> = discovery::lint(md)
        .iter()
        .map(|f| from_lint(f, &md.source_url))
        .collect();
    let Some(uri) = md.str("jwks_uri") else {
        return (results, 1);
    };
    match jwks::fetch(http, uri) {
        Ok(set) => results.extend(
            jwks::lint(&set, clock.now())
                .iter()
                .map(|f| from_lint(f, uri)),
        ),
        Err(e) => {
            let mut evidence = observed(uri, "failed");
            evidence.variant = "jwks_uri".into();
            let summary = crate::error::chain(&e);
            results.push(
                CheckResult::new(&JWKS_UNAVAILABLE, Verdict::Vulnerable, summary)
                    .with_evidence(vec![evidence]),
            );
        }
    }
    (results, 2)
}

/// The `--dry-run` report: what would be fetched and checked.
fn dry_run(opts: &IssuerOptions) -> Report {
    let mut report = Report::new("issuer", opts.issuer.clone(), Vec::new(), Vec::new(), 0);
    report.dry_run = true;
    let lint = Planned {
        check: "lint",
        variant: "metadata and key set".into(),
        request: format!(
            "GET {}/.well-known/openid-configuration (then RFC 8414), GET its jwks_uri",
            opts.issuer.trim_end_matches('/')
        ),
    };
    report.plan = std::iter::once(lint)
        .chain(ISSUER.iter().map(|c| Planned {
            check: c.id,
            variant: c.name.into(),
            request: "to the endpoints the metadata names".into(),
        }))
        .collect();
    report
}

/// Run `probe issuer`: lint, plan, send, calibrate, judge.
pub fn run(
    http: &HttpClient,
    clock: &dyn Clock,
    opts: &IssuerOptions,
    progress: Option<&Progress>,
) -> Result<Report> {
    if opts.dry_run {
        return Ok(dry_run(opts));
    }
    let md = discovery::fetch(http, &opts.issuer)?;
    let (mut results, linted) = lint(http, clock, &md);
    let plan::Plan {
        attempts,
        mut not_run,
    } = plan::plan(opts, &md);
    let responses = send_all(http, clock, opts.load, progress, &attempts, |a| {
        a.req.clone()
    });
    let authz = md.str("authorization_endpoint").unwrap_or_default();
    let sent = judge::Sent::new(authz, &attempts, &responses);
    let control = judge::calibrate(&sent);
    results.extend(judge::judge(&md, &sent, &control, &mut not_run));
    let requests = linted + attempts.len();
    Ok(Report::new(
        "issuer",
        opts.issuer.clone(),
        results,
        not_run,
        requests,
    ))
}

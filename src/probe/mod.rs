//! Probing: an attack matrix against an API that takes bearer JWTs
//! ([`api`]), an audit of an authorization server from the outside
//! ([`issuer`]), and of a protected resource or MCP server ([`resource`]).
//!
//! Both run in stages: calibrate (learn what acceptance and refusal look
//! like), plan (the requests each check needs, and the checks that cannot
//! run), send (within `--rate` and `--concurrency`) and judge (a verdict per
//! check). Both return a [`Report`]: every check that ran, each described
//! by the one [`catalogue`] (a stable id, a severity, its CWE and CVEs where
//! there are some, a one-line fix, references), with a [`Verdict`] and the
//! [`Evidence`] it rests on. Nothing here prints; `output` renders the
//! report as text, JSON or SARIF. A check that cannot be decided is
//! [`Verdict::Inconclusive`], never guessed (DESIGN.md, Known pitfalls).

pub mod api;
pub mod attacker;
pub mod catalogue;
pub mod classify;
pub mod crack;
pub mod issuer;
pub mod keyserver;
mod pace;
pub mod resource;
pub mod variants;

use serde::Serialize;

pub use catalogue::CheckInfo;

use crate::clock::Clock;
use crate::http::{HttpClient, Request, Response};

use crate::finding::Severity;

/// The version of the JSON report's schema (`-o json`), bumped only when a
/// field changes meaning or disappears; new fields may appear in any
/// version.
pub const SCHEMA: &str = "oauthctl.probe/1";

/// What a check concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The target did what the check looks for: a finding.
    Vulnerable,
    /// The target refused every variant.
    NotVulnerable,
    /// The answers did not separate acceptance from rejection, or the
    /// check could not be completed; never counted as a finding.
    Inconclusive,
}

impl Verdict {
    /// The name used in JSON and text.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Vulnerable => "vulnerable",
            Verdict::NotVulnerable => "not_vulnerable",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// One exchange (or observation) a verdict rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Which variant this was (`alg "None", empty signature`).
    pub variant: String,
    /// The request: method, URL, and where the token went.
    pub request: String,
    /// The crafted token's header, when a token was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_header: Option<serde_json::Value>,
    /// HTTP status of the answer (none when nothing was sent or it failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// SHA-256 of the answer's body, hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_sha256: Option<String>,
    /// Length of the answer's body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_len: Option<usize>,
    /// The redirect target, for 3xx answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// How the answer was read: `accepted`, `rejected`, or why it is unclear.
    pub reading: String,
    /// Requests that reached oauthctl's callback (jku/x5u) because of this
    /// variant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub callback_hits: Vec<String>,
}

impl Evidence {
    /// Record the answer: status, body digest and length, and `Location`.
    pub fn answer(mut self, resp: &crate::error::Result<Response>) -> Evidence {
        if let Ok(r) = resp {
            self.status = Some(r.status);
            self.body_sha256 = Some(sha256_hex(&r.body));
            self.body_len = Some(r.body.len());
            self.location = r.header("location").map(str::to_owned);
        }
        self
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// Stable identifier.
    pub id: &'static str,
    /// Short name.
    pub name: String,
    /// Severity (of the finding, when vulnerable).
    pub severity: Severity,
    /// CWE number.
    pub cwe: u32,
    /// CVEs of libraries known to have had this flaw.
    pub cves: &'static [&'static str],
    /// The verdict.
    pub verdict: Verdict,
    /// One or two sentences: what was tried and what happened.
    pub summary: String,
    /// The exchanges it rests on.
    pub evidence: Vec<Evidence>,
    /// How to fix it.
    pub fix: &'static str,
    /// The spec sections it rests on.
    pub references: Vec<&'static str>,
}

impl CheckResult {
    /// A result for `info` with this verdict and summary.
    pub fn new(info: &CheckInfo, verdict: Verdict, summary: impl Into<String>) -> CheckResult {
        CheckResult {
            id: info.id,
            name: info.name.to_owned(),
            severity: info.severity,
            cwe: info.cwe,
            cves: info.cves,
            verdict,
            summary: summary.into(),
            evidence: Vec::new(),
            fix: info.fix,
            references: info.references.to_vec(),
        }
    }

    /// This result with its evidence.
    pub fn with_evidence(mut self, evidence: Vec<Evidence>) -> CheckResult {
        self.evidence = evidence;
        self
    }

    /// Whether this is a finding at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.verdict == Verdict::Vulnerable && self.severity >= threshold
    }
}

/// A check that did not run, and why (it does not apply, or it needs
/// something not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRun {
    /// The check's id.
    pub id: &'static str,
    /// Why it did not run.
    pub reason: String,
}

/// A planned request, for `--dry-run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Planned {
    /// The check it belongs to (`calibration` for the reference requests).
    pub check: &'static str,
    /// The variant.
    pub variant: String,
    /// Method, URL and where the token goes.
    pub request: String,
}

/// Counts by verdict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Vulnerable checks (findings).
    pub vulnerable: usize,
    /// Checks the target passed.
    pub not_vulnerable: usize,
    /// Checks that could not be decided.
    pub inconclusive: usize,
    /// Checks that did not run.
    pub not_run: usize,
    /// HTTP requests sent to the target.
    pub requests: usize,
}

/// What a probe found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// [`SCHEMA`].
    pub schema: &'static str,
    /// `api`, `issuer` or `resource`.
    pub kind: &'static str,
    /// The URL probed.
    pub target: String,
    /// Nothing was sent (`--dry-run`): `plan` lists what would be.
    pub dry_run: bool,
    /// Counts.
    pub summary: Summary,
    /// How accepted and rejected answers were told apart (api only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<classify::CalibrationReport>,
    /// Every check that ran, most severe findings first.
    pub results: Vec<CheckResult>,
    /// Checks that did not run, and why.
    pub not_run: Vec<NotRun>,
    /// With `--dry-run`: the requests that would be sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<Planned>,
}

impl Report {
    /// A report with these results; sorts them (findings first, by
    /// severity) and counts them.
    pub fn new(
        kind: &'static str,
        target: String,
        mut results: Vec<CheckResult>,
        not_run: Vec<NotRun>,
        requests: usize,
    ) -> Report {
        results.sort_by_key(|r| {
            let rank = match r.verdict {
                Verdict::Vulnerable => 0,
                Verdict::Inconclusive => 1,
                Verdict::NotVulnerable => 2,
            };
            (rank, std::cmp::Reverse(r.severity))
        });
        let count = |v: Verdict| results.iter().filter(|r| r.verdict == v).count();
        let summary = Summary {
            vulnerable: count(Verdict::Vulnerable),
            not_vulnerable: count(Verdict::NotVulnerable),
            inconclusive: count(Verdict::Inconclusive),
            not_run: not_run.len(),
            requests,
        };
        Report {
            schema: SCHEMA,
            kind,
            target,
            dry_run: false,
            summary,
            calibration: None,
            results,
            not_run,
            plan: Vec::new(),
        }
    }

    /// The findings: vulnerable results.
    pub fn findings(&self) -> impl Iterator<Item = &CheckResult> {
        self.results
            .iter()
            .filter(|r| r.verdict == Verdict::Vulnerable)
    }

    /// Whether any finding is at or above `threshold` (`--fail-on`).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.results.iter().any(|r| r.fails(threshold))
    }
}

/// Progress of a running probe: (done, total). The command shows it on a
/// terminal; the capability only calls it.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// How hard to push the target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Load {
    /// Requests per second at most (`None`: as fast as `concurrency` allows).
    pub rate: Option<f64>,
    /// Requests in flight at most.
    pub concurrency: usize,
}

/// The default concurrency: modest, so a probe never looks like a flood.
pub const DEFAULT_CONCURRENCY: usize = 4;

impl Default for Load {
    fn default() -> Self {
        Load {
            rate: None,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// Whether a host is loopback (`localhost`, 127.0.0.0/8, `::1`).
fn is_loopback_host(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// The send stage of both probes: every request, paced by `load`, the
/// answers in the order of `items`; redirects are answers, never followed.
fn send_all<T: Sync>(
    http: &HttpClient,
    clock: &dyn Clock,
    load: Load,
    progress: Option<&Progress>,
    items: &[T],
    request: impl Fn(&T) -> Request + Sync,
) -> Vec<crate::error::Result<Response>> {
    pace::run_all(items, load, clock, progress, |item| {
        http.send_no_redirect(&request(item))
    })
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes).as_ref())
}

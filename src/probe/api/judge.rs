//! The judge stage of `probe api`: each check is vulnerable when one of its
//! variants was accepted (or made the API fetch the URL it named), not
//! vulnerable when all were rejected, and inconclusive otherwise.

use std::collections::BTreeMap;

use super::super::catalogue::{self, API, SIG_NOT_VERIFIED, WEAK_SECRET};
use super::super::classify::{Calibration, Reading};
use super::super::crack::{self, Cracked};
use super::super::keyserver::Hit;
use super::super::{CheckInfo, CheckResult, Evidence, Verdict};
use super::request::{Attempt, read};
use super::{ApiOptions, BASELINE, Context};
use crate::error::Result;
use crate::finding::Severity;
use crate::http::Response;
use crate::jwt::{Alg, Family};

/// The answers of the send stage, with what judging them needs.
pub(super) struct Answers<'a> {
    pub cal: &'a Calibration,
    /// The valid token with a broken signature was accepted in calibration.
    pub broken_accepted: bool,
    pub attempts: &'a [Attempt],
    pub responses: &'a [Result<Response>],
    /// Requests that reached the loopback key server.
    pub hits: &'a [Hit],
    /// The offline weak-secret search: what it found, and how many it tried.
    pub cracked: (&'a Option<Cracked>, usize),
}

type Entries = Vec<(Evidence, Reading)>;

/// A verdict for every check that sent something, in catalogue order.
pub(super) fn judge(opts: &ApiOptions, cx: &Context, answers: &Answers) -> Vec<CheckResult> {
    let mut by_check = read_all(opts, answers);
    let baseline_ok = by_check
        .get(BASELINE)
        .is_some_and(|v| v.iter().all(|(_, r)| *r == Reading::Accepted));
    let mut results = Vec::new();
    for info in API {
        if info.id == WEAK_SECRET.id {
            let (cracked, tried) = answers.cracked;
            results.extend(weak_secret(cracked, tried, cx.alg, by_check.get(BASELINE)));
            continue;
        }
        let Some(entries) = by_check.remove(info.id) else {
            continue;
        };
        let claim_check = catalogue::API_CLAIMS.iter().any(|c| c.id == info.id);
        results.push(verdict(info, entries, claim_check && !baseline_ok, cx));
    }
    // A broken signature accepted during calibration is the same finding.
    if answers.broken_accepted
        && let Some(r) = results.iter_mut().find(|r| r.id == SIG_NOT_VERIFIED.id)
        && r.verdict != Verdict::Vulnerable
    {
        r.verdict = Verdict::Vulnerable;
        r.summary = "the valid token with a broken signature was accepted".into();
    }
    results
}

/// Each answer read against the calibration, with its evidence, by check.
fn read_all<'a>(opts: &ApiOptions, answers: &Answers<'a>) -> BTreeMap<&'static str, Entries> {
    let mut by_check: BTreeMap<&'static str, Entries> = BTreeMap::new();
    for (a, resp) in answers.attempts.iter().zip(answers.responses) {
        let reading = read(answers.cal, resp);
        let mut e = a.evidence(opts, resp, &reading);
        if let Some(p) = &a.hit_path {
            e.callback_hits = answers
                .hits
                .iter()
                .filter(|h| h.path.split('?').next() == Some(p.as_str()))
                .map(|h| {
                    let agent = h.user_agent.as_ref();
                    let agent = agent.map(|u| format!(" (User-Agent: {u})"));
                    format!("{}{}", h.request_line, agent.unwrap_or_default())
                })
                .collect();
        }
        by_check.entry(a.check).or_default().push((e, reading));
    }
    by_check
}

/// The verdict of one check from its variants' readings. `untrusted`: the
/// re-signed baseline was not accepted, so a claim check says nothing.
fn verdict(info: &CheckInfo, entries: Entries, untrusted: bool, cx: &Context) -> CheckResult {
    let variants = |keep: &dyn Fn(&(Evidence, Reading)) -> bool| -> Vec<&str> {
        entries
            .iter()
            .filter(|e| keep(e))
            .map(|(e, _)| e.variant.as_str())
            .collect()
    };
    let accepted = variants(&|(_, r)| *r == Reading::Accepted);
    let hit = variants(&|(e, _)| !e.callback_hits.is_empty());
    let unclear = variants(&|(_, r)| matches!(r, Reading::Unclear(_))).len();
    let n = entries.len();
    let mut severity = info.severity;
    let (verdict, summary) = if untrusted {
        (
            Verdict::Inconclusive,
            format!(
                "the API did not accept the unchanged token re-signed with {}, so whether it \
                 enforces this cannot be told",
                cx.claim_key.as_ref().map_or("the key", |k| k.source)
            ),
        )
    } else if !accepted.is_empty() {
        (
            Verdict::Vulnerable,
            format!("accepted: {}", accepted.join("; ")),
        )
    } else if !hit.is_empty() {
        severity = Severity::Medium;
        (
            Verdict::Vulnerable,
            format!(
                "the token was rejected, but the API fetched the URL it named ({}): it requests \
                 URLs that tokens choose (server-side request forgery, CWE-918)",
                hit.join("; ")
            ),
        )
    } else if unclear > 0 {
        (
            Verdict::Inconclusive,
            format!("{unclear} of {n} answers were like neither acceptance nor rejection"),
        )
    } else if cx.key_base.is_none() && matches!(info.id, "jku-injection" | "x5u-injection") {
        (
            Verdict::Inconclusive,
            "rejected; whether the API fetched the callback URL shows only in your callback \
             server's log (look for oauthctl-probe=jku / x5u)"
                .into(),
        )
    } else {
        (
            Verdict::NotVulnerable,
            format!("all {n} variants were rejected"),
        )
    };
    let mut r = CheckResult::new(info, verdict, summary);
    r.severity = severity;
    r.with_evidence(entries.into_iter().map(|(e, _)| e).collect())
}

/// The offline weak-secret search, for HMAC tokens: a secret found is a
/// finding, with the re-signed baseline's answers as evidence.
fn weak_secret(
    cracked: &Option<Cracked>,
    tried: usize,
    alg: Option<Alg>,
    baseline: Option<&Entries>,
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

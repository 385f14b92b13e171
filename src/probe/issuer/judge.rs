//! The calibrate and judge stages of `probe issuer`: the control request
//! says whether a refusal means anything, then each check gets its verdict
//! from the answers to its requests.

use serde_json::{Map, Value};

use super::super::catalogue::{
    IMPLICIT, ISS_PARAM, PASSWORD, PKCE_PLAIN, PKCE_REQUIRED, REDIRECT_EXACT, VERBOSE,
};
use super::super::{CheckInfo, CheckResult, Evidence, NotRun, Verdict};
use super::answer::{Answer, param, read_authz};
use super::plan::{Attempt, CONTROL};
use crate::error::Result;
use crate::http::Response;
use crate::provider::discovery::ProviderMetadata;

/// What was sent and what came back, each authorization answer read.
pub(super) struct Sent<'a> {
    attempts: &'a [Attempt],
    responses: &'a [Result<Response>],
    /// The reading of each authorization endpoint answer (`None` for the
    /// token endpoint's).
    answers: Vec<Option<Answer>>,
}

impl<'a> Sent<'a> {
    /// Read the answers of `authz` (the authorization endpoint).
    pub fn new(authz: &str, attempts: &'a [Attempt], responses: &'a [Result<Response>]) -> Self {
        let answers = attempts
            .iter()
            .zip(responses)
            .map(|(a, r)| {
                (!a.client_uris.is_empty()).then(|| {
                    let uris: Vec<&str> = a.client_uris.iter().map(String::as_str).collect();
                    read_authz(r, authz, &uris)
                })
            })
            .collect();
        Sent {
            attempts,
            responses,
            answers,
        }
    }

    /// The indices of the requests of one check.
    fn of(&self, check: &str) -> impl Iterator<Item = usize> + '_ {
        let check = check.to_owned();
        (0..self.attempts.len()).filter(move |i| self.attempts[*i].check == check)
    }

    fn evidence(&self, i: usize, reading: String) -> Evidence {
        let a = &self.attempts[i];
        Evidence {
            variant: a.label.clone(),
            request: format!("{} {}", a.req.method.as_str(), a.req.url),
            reading,
            ..Evidence::default()
        }
        .answer(&self.responses[i])
    }
}

/// How the control request was answered.
pub(super) struct Control {
    /// Accepted: on towards login, or straight back to the client without
    /// an error (a server that approves automatically).
    proceeds: bool,
    /// Its answer, for summaries.
    note: String,
}

/// The calibrate stage: read the control request's answer.
pub(super) fn calibrate(sent: &Sent) -> Control {
    let control = sent
        .of(CONTROL)
        .next()
        .and_then(|i| sent.answers[i].as_ref());
    Control {
        proceeds: match control {
            Some(Answer::Proceeds) => true,
            Some(Answer::ToClient { params, .. }) => param(params, "error").is_none(),
            _ => false,
        },
        note: control.map(Answer::describe).unwrap_or_default(),
    }
}

/// Every verdict, in report order; a check that turned out not to apply is
/// added to `not_run`.
pub(super) fn judge(
    md: &ProviderMetadata,
    sent: &Sent,
    control: &Control,
    not_run: &mut Vec<NotRun>,
) -> Vec<CheckResult> {
    let mut results: Vec<CheckResult> = [&PKCE_REQUIRED, &PKCE_PLAIN, &REDIRECT_EXACT, &IMPLICIT]
        .into_iter()
        .filter_map(|info| authorization_check(info, sent, control))
        .collect();
    match iss_parameter(md, sent) {
        Some(Ok(r)) => results.push(r),
        Some(Err(n)) => not_run.push(n),
        None => {}
    }
    results.extend(sent.of(PASSWORD.id).map(|i| password_grant(sent, i)));
    results.extend(verbose_errors(sent));
    results
}

/// Whether an authorization answer accepted what `info` checks; `None`
/// when it cannot be told.
fn accepted(info: &CheckInfo, ans: &Answer) -> Option<bool> {
    match (info.id, ans) {
        (_, Answer::Proceeds) => Some(true),
        // An error sent to an unregistered URI is an open redirect.
        ("redirect-uri-not-exact", Answer::ToClient { .. }) => Some(true),
        ("implicit-grant-enabled", Answer::ToClient { params, .. }) => {
            Some(param(params, "access_token").is_some())
        }
        (_, Answer::ToClient { params, .. }) => Some(param(params, "error").is_none()),
        (_, Answer::Refused(_)) => Some(false),
        (_, Answer::Unclear(_)) => None,
    }
}

/// PKCE, plain, redirect URI and implicit grant: vulnerable when a variant
/// was accepted, and only meaningful when the control was.
fn authorization_check(info: &CheckInfo, sent: &Sent, control: &Control) -> Option<CheckResult> {
    let mine: Vec<usize> = sent.of(info.id).collect();
    if mine.is_empty() {
        return None;
    }
    let mut evs = Vec::new();
    let mut bad = Vec::new();
    let mut unclear = 0;
    for i in mine {
        let Some(ans) = &sent.answers[i] else {
            continue;
        };
        match accepted(info, ans) {
            Some(true) => bad.push(sent.attempts[i].label.clone()),
            Some(false) => {}
            None => unclear += 1,
        }
        evs.push(sent.evidence(i, ans.describe()));
    }
    let (verdict, summary) = if !control.proceeds {
        (
            Verdict::Inconclusive,
            format!(
                "the control request (S256 PKCE, the registered redirect URI) was not \
                 accepted ({}), so a refusal here says nothing; check \
                 --client-id and --redirect-uri",
                control.note
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
    Some(CheckResult::new(info, verdict, summary).with_evidence(evs))
}

/// The `iss` parameter (RFC 9207 §2) in every authorization response that
/// came back to the client; `None` when the check was already listed as
/// not run, `Err` when no such response came back.
fn iss_parameter(
    md: &ProviderMetadata,
    sent: &Sent,
) -> Option<std::result::Result<CheckResult, NotRun>> {
    if !sent.attempts.iter().any(|a| !a.client_uris.is_empty()) {
        return None;
    }
    let back: Vec<(usize, &Vec<(String, String)>)> = sent
        .answers
        .iter()
        .enumerate()
        .filter_map(|(i, a)| match a {
            Some(Answer::ToClient { params, .. }) => Some((i, params)),
            _ => None,
        })
        .filter(|(i, _)| sent.attempts[*i].check != REDIRECT_EXACT.id)
        .collect();
    if back.is_empty() {
        return Some(Err(NotRun {
            id: ISS_PARAM.id,
            reason: "no authorization response came back to the client without a login".into(),
        }));
    }
    let missing = back
        .iter()
        .filter(|(_, p)| param(p, "iss") != Some(md.issuer.as_str()))
        .count();
    let (verdict, summary) = if missing == 0 {
        (
            Verdict::NotVulnerable,
            format!(
                "every authorization response that came back to the client ({}) carries iss",
                back.len()
            ),
        )
    } else {
        (
            Verdict::Vulnerable,
            format!(
                "{missing} of {} authorization responses lack iss = {}",
                back.len(),
                md.issuer
            ),
        )
    };
    let evidence = back
        .iter()
        .map(|(i, p)| {
            let reading = match param(p, "iss") {
                Some(iss) => format!("iss = {iss}"),
                None => "no iss".into(),
            };
            sent.evidence(*i, reading)
        })
        .collect();
    Some(Ok(
        CheckResult::new(&ISS_PARAM, verdict, summary).with_evidence(evidence)
    ))
}

/// A token endpoint answer as a JSON object, when it is one.
fn token_answer(sent: &Sent, i: usize) -> Option<Map<String, Value>> {
    sent.responses[i]
        .as_ref()
        .ok()
        .and_then(|r| r.json_object("token").ok())
}

/// The password grant: a token, or `invalid_grant`, shows it enabled.
fn password_grant(sent: &Sent, i: usize) -> CheckResult {
    let body = token_answer(sent, i);
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
    let evidence = sent.evidence(i, summary.clone());
    CheckResult::new(&PASSWORD, verdict, summary).with_evidence(vec![evidence])
}

/// What leaks through failed client authentication: internals in the
/// answer, or different answers for unknown and known clients.
fn verbose_errors(sent: &Sent) -> Option<CheckResult> {
    const LEAKS: &[&str] = &[
        "Traceback",
        "    at ",
        "Exception",
        ".java:",
        "node_modules",
        "stack",
        "SQL",
    ];
    let mine: Vec<usize> = sent.of(VERBOSE.id).collect();
    if mine.is_empty() {
        return None;
    }
    let mut notes = Vec::new();
    for &i in &mine {
        let text = sent.responses[i]
            .as_ref()
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .unwrap_or_default();
        if let Some(l) = LEAKS.iter().find(|l| text.contains(**l)) {
            let label = &sent.attempts[i].label;
            notes.push(format!("{label}: the answer contains \"{}\"", l.trim()));
        }
    }
    if let [a, b] = mine[..] {
        let key = |i| {
            token_answer(sent, i)
                .map(|b| (b.get("error").cloned(), b.get("error_description").cloned()))
        };
        let (a, b) = (key(a), key(b));
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
    let evidence = mine
        .iter()
        .map(|&i| sent.evidence(i, "answer recorded".into()))
        .collect();
    Some(CheckResult::new(&VERBOSE, verdict, summary).with_evidence(evidence))
}

fn fmt_err(e: &Option<(Option<Value>, Option<Value>)>) -> String {
    match e {
        Some((Some(err), Some(desc))) => format!("{err} \"{}\"", desc.as_str().unwrap_or("")),
        Some((Some(err), None)) => err.to_string(),
        _ => "no OAuth error".into(),
    }
}

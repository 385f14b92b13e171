//! The calibrate stage of `probe api`: the valid token (twice), no token, a
//! garbage token and the valid token with a broken signature, sent in order,
//! teach [`Calibration`] what acceptance and refusal look like.

use super::super::CheckResult;
use super::super::Verdict;
use super::super::catalogue::{GARBAGE_TOKEN, NO_TOKEN};
use super::super::classify::{Calibration, CalibrationError, Fingerprint, Reading};
use super::super::variants;
use super::ApiOptions;
use super::request::{Attempt, Placement};
use crate::error::{Error, Result};
use crate::http::{HttpClient, Response};
use crate::jwt::Jws;

/// The reference requests, in the order they are sent.
pub(super) fn attempts(token: &str, jws: &Jws) -> Vec<Attempt> {
    let mk = |label: &str, token: Option<String>| {
        let placement = if token.is_some() {
            Placement::Header
        } else {
            Placement::None
        };
        Attempt::new("calibration", label, token, placement)
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

/// What calibration concluded.
pub(super) enum Outcome {
    /// Acceptance and refusal can be told apart.
    Learned {
        cal: Calibration,
        /// The valid token with a broken signature was accepted.
        broken_accepted: bool,
    },
    /// No token, or a garbage one, is accepted like the valid token: the one
    /// finding, and nothing else is worth trying.
    Finding(CheckResult),
}

/// Send the reference requests (`refs`, from [`attempts`]) and learn from
/// the answers. An error when the valid token is refused or answered
/// differently twice: then nothing can be judged.
pub(super) fn calibrate(http: &HttpClient, opts: &ApiOptions, refs: &[Attempt]) -> Result<Outcome> {
    let responses: Vec<Result<Response>> = refs
        .iter()
        .map(|a| http.send_no_redirect(&a.request(opts)))
        .collect();
    let fps = fingerprints(opts, refs, &responses)?;
    let reference = |i: usize| (refs[i].label.clone(), fps[i].clone());
    let cal = match Calibration::learn(fps[0].clone(), vec![reference(2), reference(3)]) {
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
            let (info, i) = if fps[2] == fps[0] {
                (&NO_TOKEN, 2)
            } else {
                (&GARBAGE_TOKEN, 3)
            };
            let summary = format!("{why}; nothing else was tried");
            let evidence = refs[i].evidence(opts, &responses[i], &Reading::Accepted);
            return Ok(Outcome::Finding(
                CheckResult::new(info, Verdict::Vulnerable, summary).with_evidence(vec![evidence]),
            ));
        }
    };
    // The broken signature is a reference rejection only when rejected;
    // accepted, it is a finding (signature-not-verified).
    let cal = Calibration::learn(
        fps[0].clone(),
        vec![reference(2), reference(3), reference(4)],
    )
    .unwrap_or(cal);
    let broken_accepted = cal.read(&fps[4]) == Reading::Accepted;
    Ok(Outcome::Learned {
        cal,
        broken_accepted,
    })
}

/// The answers' fingerprints; the valid token must be answered alike twice.
fn fingerprints(
    opts: &ApiOptions,
    refs: &[Attempt],
    responses: &[Result<Response>],
) -> Result<Vec<Fingerprint>> {
    let fps: Vec<Fingerprint> = refs
        .iter()
        .zip(responses)
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
    Ok(fps)
}

//! Telling "accepted" from "rejected": learned from the answers to the
//! valid token, to no token, to a garbage token and to the valid token with
//! a broken signature, then applied to every crafted variant.
//!
//! A verdict from one status code is wrong often enough (DESIGN.md, Known
//! pitfalls): when the statuses alone separate the valid token's answer
//! from every rejection, the status decides; when they do not (an API that
//! answers 200 with `{"authenticated": false}`), the body's shape decides
//! (its JSON member names and boolean values, or a digest of its text with
//! numbers masked). An answer like neither is unclear, and the check it
//! belongs to is inconclusive. Pure: no I/O.

use serde::Serialize;

use crate::http::Response;

/// The shape of an answer: its status and a fingerprint of its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// HTTP status.
    pub status: u16,
    /// The body's shape (see the module docs).
    pub shape: String,
}

impl Fingerprint {
    /// The fingerprint of a response.
    pub fn of(resp: &Response) -> Fingerprint {
        Fingerprint {
            status: resp.status,
            shape: shape(resp),
        }
    }
}

fn shape(resp: &Response) -> String {
    if (300..400).contains(&resp.status) {
        let loc = resp.header("location").unwrap_or("");
        let without_query = loc.split(['?', '#']).next().unwrap_or("");
        return format!("redirect:{without_query}");
    }
    let body = &resp.body;
    if body.iter().all(u8::is_ascii_whitespace) {
        return "empty".into();
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => {
            let mut parts: Vec<String> = map
                .iter()
                .map(|(k, v)| match v {
                    serde_json::Value::Bool(b) => format!("{k}={b}"),
                    _ => k.clone(),
                })
                .collect();
            parts.sort();
            format!("json{{{}}}", parts.join(","))
        }
        Ok(other) => format!("json:{}", crate::jwt::json_type_name(&other)),
        Err(_) => {
            // Numbers (timestamps, request ids) vary between answers of the
            // same kind; mask them before the digest.
            let text = String::from_utf8_lossy(body).to_ascii_lowercase();
            let mut masked = String::with_capacity(text.len());
            let mut in_digits = false;
            for c in text.trim().chars() {
                if c.is_ascii_digit() {
                    if !in_digits {
                        masked.push('0');
                    }
                    in_digits = true;
                } else {
                    masked.push(c);
                    in_digits = false;
                }
            }
            format!("text:{}", &super::sha256_hex(masked.as_bytes())[..16])
        }
    }
}

/// How one answer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Like the valid token's answer.
    Accepted,
    /// Like a rejection.
    Rejected,
    /// Like neither; the reason says how it differs.
    Unclear(String),
}

impl Reading {
    /// The text in evidence.
    pub fn describe(&self) -> String {
        match self {
            Reading::Accepted => "accepted (answered like the valid token)".into(),
            Reading::Rejected => "rejected (answered like a refused token)".into(),
            Reading::Unclear(why) => format!("unclear: {why}"),
        }
    }
}

/// What accepted and rejected look like for one API.
#[derive(Debug, Clone)]
pub struct Calibration {
    accepted: Fingerprint,
    rejected: Vec<(String, Fingerprint)>,
    by_status: bool,
}

/// The calibration as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalibrationReport {
    /// The valid token's answer.
    pub accepted: Fingerprint,
    /// The reference rejections: (which, answer).
    pub rejected: Vec<RejectedRef>,
    /// `status` when statuses alone separate them, else `status and body`.
    pub decided_by: &'static str,
}

/// One reference rejection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedRef {
    /// `no token`, `garbage token`, `broken signature`.
    pub reference: String,
    /// Its answer.
    pub answer: Fingerprint,
}

/// Why calibration could not tell accepted from rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalibrationError {
    /// The valid token was answered like a rejection (or with an error).
    ValidRejected(String),
    /// A request without a valid token was answered like the valid one.
    Indistinct(String),
}

impl Calibration {
    /// Learn from the valid token's answer and the reference rejections.
    pub fn learn(
        accepted: Fingerprint,
        rejected: Vec<(String, Fingerprint)>,
    ) -> Result<Calibration, CalibrationError> {
        if accepted.status >= 400 {
            return Err(CalibrationError::ValidRejected(format!(
                "the API answered the valid token with HTTP {}",
                accepted.status
            )));
        }
        for (name, fp) in &rejected {
            if *fp == accepted {
                return Err(CalibrationError::Indistinct(format!(
                    "the API answered the {name} exactly like the valid token (HTTP {}, {})",
                    fp.status, fp.shape
                )));
            }
        }
        let by_status = rejected.iter().all(|(_, fp)| fp.status != accepted.status);
        Ok(Calibration {
            accepted,
            rejected,
            by_status,
        })
    }

    /// Read one answer.
    pub fn read(&self, fp: &Fingerprint) -> Reading {
        if *fp == self.accepted {
            return Reading::Accepted;
        }
        if self.rejected.iter().any(|(_, r)| r == fp) {
            return Reading::Rejected;
        }
        if self.by_status {
            if fp.status == self.accepted.status {
                return Reading::Accepted;
            }
            if self.rejected.iter().any(|(_, r)| r.status == fp.status) {
                return Reading::Rejected;
            }
            if (400..500).contains(&fp.status) {
                return Reading::Rejected;
            }
            return Reading::Unclear(format!(
                "HTTP {}, neither the valid token's {} nor a rejection's",
                fp.status, self.accepted.status
            ));
        }
        if fp.status != self.accepted.status && (400..500).contains(&fp.status) {
            return Reading::Rejected;
        }
        Reading::Unclear(format!(
            "HTTP {} with a body ({}) like neither the valid token's nor a rejection's",
            fp.status, fp.shape
        ))
    }

    /// The calibration as reported.
    pub fn report(&self) -> CalibrationReport {
        CalibrationReport {
            accepted: self.accepted.clone(),
            rejected: self
                .rejected
                .iter()
                .map(|(n, fp)| RejectedRef {
                    reference: n.clone(),
                    answer: fp.clone(),
                })
                .collect(),
            decided_by: if self.by_status {
                "status"
            } else {
                "status and body"
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Response {
        Response {
            url: "http://api.test/".into(),
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        }
    }

    fn fp(status: u16, body: &str) -> Fingerprint {
        Fingerprint::of(&resp(status, body))
    }

    #[test]
    fn statuses_decide_when_they_separate() {
        let c = Calibration::learn(
            fp(200, r#"{"sub":"alice","iat":1}"#),
            vec![("no token".into(), fp(401, r#"{"error":"invalid_token"}"#))],
        )
        .unwrap();
        assert_eq!(c.read(&fp(200, r#"{"sub":"mallory"}"#)), Reading::Accepted);
        assert_eq!(c.read(&fp(401, "")), Reading::Rejected);
        assert_eq!(c.read(&fp(403, "forbidden")), Reading::Rejected);
        assert!(matches!(c.read(&fp(500, "boom")), Reading::Unclear(_)));
    }

    #[test]
    fn bodies_decide_when_statuses_do_not() {
        let c = Calibration::learn(
            fp(200, r#"{"authenticated":true,"sub":"alice"}"#),
            vec![("no token".into(), fp(200, r#"{"authenticated":false}"#))],
        )
        .unwrap();
        assert_eq!(
            c.read(&fp(200, r#"{"authenticated":true,"sub":"bob"}"#)),
            Reading::Accepted
        );
        assert_eq!(
            c.read(&fp(200, r#"{"authenticated":false}"#)),
            Reading::Rejected
        );
        assert!(matches!(
            c.read(&fp(200, r#"{"authenticated":false,"error":"expired"}"#)),
            Reading::Unclear(_)
        ));
        assert!(matches!(c.read(&fp(200, "<html>")), Reading::Unclear(_)));
    }

    #[test]
    fn indistinct_answers_stop_calibration() {
        let e = Calibration::learn(
            fp(200, "hello 12"),
            vec![("no token".into(), fp(200, "hello 13"))],
        )
        .unwrap_err();
        assert!(matches!(e, CalibrationError::Indistinct(_)), "{e:?}");
        assert!(matches!(
            Calibration::learn(fp(401, ""), vec![]).unwrap_err(),
            CalibrationError::ValidRejected(_)
        ));
    }
}

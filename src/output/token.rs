//! Rendering tokens: `decode` and `validate` reports, as text and JSON.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Value, json};

use super::{Style, paint, printable, write_json_colored};
use crate::clock::{format_instant, relative};
use crate::jwt::Parsed;
use crate::jwt::validate::{Report, Status};

/// Claims that are NumericDates, shown as times too.
const TIME_CLAIMS: &[&str] = &["exp", "nbf", "iat", "auth_time", "updated_at"];

/// `decode -o json`: `{header, claims, signature}` (a JWE: `{header, encrypted}`).
pub fn decode_json(parsed: &Parsed) -> Value {
    match parsed {
        Parsed::Jwe { header } => json!({ "header": header, "encrypted": true }),
        Parsed::Jws(jws) => {
            let claims = match &jws.claims {
                Ok(c) => Value::Object(c.clone()),
                Err(_) => Value::Null,
            };
            let mut v =
                json!({ "header": jws.header, "claims": claims, "signature": jws.signature_b64 });
            if jws.claims.is_err() {
                v["payload"] = Value::String(String::from_utf8_lossy(&jws.payload).into_owned());
            }
            v
        }
    }
}

/// `decode` as text: header, claims, times in human form, and a line saying
/// nothing was verified.
pub fn render_decode(w: &mut dyn Write, parsed: &Parsed, now: i64) -> io::Result<()> {
    buffered(w, |w| write_decode(w, parsed, now))
}

/// Render into a buffer and hand it on in one piece: stdout is line
/// buffered, so every line was a system call of its own.
fn buffered(
    w: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(16 * 1024, w);
    render(&mut buf)?;
    buf.flush()
}

fn write_decode(w: &mut dyn Write, parsed: &Parsed, now: i64) -> io::Result<()> {
    match parsed {
        Parsed::Jwe { header } => {
            writeln!(w, "{}", paint(Style::Heading, "Header (JWE, protected)"))?;
            write_json_colored(w, &Value::Object(header.clone()), 0)?;
            writeln!(w)?;
            writeln!(
                w,
                "\n{} this token is encrypted (JWE); its claims can only be read with the recipient's private key.",
                paint(Style::Warn, "Encrypted:")
            )?;
        }
        Parsed::Jws(jws) => {
            writeln!(w, "{}", paint(Style::Heading, "Header"))?;
            write_json_colored(w, &Value::Object(jws.header.clone()), 0)?;
            writeln!(w)?;
            writeln!(w, "\n{}", paint(Style::Heading, "Claims"))?;
            match &jws.claims {
                Ok(claims) => {
                    write_json_colored(w, &Value::Object(claims.clone()), 0)?;
                    writeln!(w)?;
                    let times: Vec<(&str, i64)> = TIME_CLAIMS
                        .iter()
                        .filter_map(|n| {
                            claims
                                .get(*n)
                                .and_then(Value::as_f64)
                                .map(|t| (*n, t.floor() as i64))
                        })
                        .collect();
                    if !times.is_empty() {
                        writeln!(w, "\n{}", paint(Style::Heading, "Times"))?;
                        for (name, t) in times {
                            writeln!(
                                w,
                                "  {:<10} {}  {}",
                                paint(Style::Key, name),
                                format_instant(t),
                                time_phrase(name, t, now)
                            )?;
                        }
                    }
                    for n in TIME_CLAIMS {
                        if let Some(v @ Value::String(_)) = claims.get(*n) {
                            writeln!(
                                w,
                                "  {} {n} is a string ({v}), not a NumericDate",
                                paint(Style::Warn, "note:")
                            )?;
                        }
                    }
                }
                Err(_) => {
                    writeln!(
                        w,
                        "(not a JSON object) {}",
                        printable(&String::from_utf8_lossy(&jws.payload))
                    )?;
                }
            }
            writeln!(
                w,
                "\n{} the signature was NOT verified; use `oauthctl validate` to check it.",
                paint(Style::Warn, "Unverified:")
            )?;
        }
    }
    Ok(())
}

fn time_phrase(name: &str, t: i64, now: i64) -> String {
    let rel = relative(t, now);
    match name {
        "exp" if t <= now => paint(Style::Fail, &format!("expired {rel}")).to_string(),
        "exp" => paint(Style::Ok, &format!("expires {rel}")).to_string(),
        "nbf" if t > now => paint(Style::Warn, &format!("not valid until {rel}")).to_string(),
        "nbf" => format!("valid since {rel}"),
        "iat" => format!("issued {rel}"),
        "auth_time" => format!("authenticated {rel}"),
        _ => rel,
    }
}

fn mark(status: Status) -> String {
    match status {
        Status::Passed => paint(Style::Ok, "✓ passed     ").to_string(),
        Status::Failed => paint(Style::Fail, "✗ FAILED     ").to_string(),
        Status::NotChecked => paint(Style::Warn, "? not checked").to_string(),
        Status::Skipped => paint(Style::Dim, "- skipped    ").to_string(),
    }
}

/// `validate` as text: one line per check, then one verdict line.
pub fn render_report(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    buffered(w, |w| write_report(w, report))
}

fn write_report(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    for c in &report.checks {
        // Details quote the token's values: one line each, whatever they hold.
        let detail = printable(&c.detail);
        let detail = if c.status == Status::Skipped {
            paint(Style::Dim, &detail).to_string()
        } else {
            detail.into_owned()
        };
        writeln!(w, "{}  {:<10} {detail}", mark(c.status), c.name)?;
    }
    let failed: Vec<&str> = report.with_status(Status::Failed).map(|c| c.name).collect();
    let unchecked: Vec<&str> = report
        .with_status(Status::NotChecked)
        .map(|c| c.name)
        .collect();
    let not_checked = if unchecked.is_empty() {
        String::new()
    } else {
        format!("not checked: {}", unchecked.join(", "))
    };
    writeln!(w)?;
    if report.valid {
        let extra = if not_checked.is_empty() {
            String::new()
        } else {
            format!(" ({not_checked})")
        };
        writeln!(w, "{}{extra}", paint(Style::Ok, "VALID"))
    } else {
        let extra = if not_checked.is_empty() {
            String::new()
        } else {
            format!("; {not_checked}")
        };
        writeln!(
            w,
            "{} (failed: {}{extra})",
            paint(Style::Fail, "INVALID"),
            failed.join(", ")
        )
    }
}

/// One `--bulk` output line (fields in this order).
#[derive(Serialize)]
struct BulkLine<'a> {
    line: usize,
    valid: bool,
    failed: Vec<FailedCheck<'a>>,
    not_checked: Vec<&'a str>,
}

#[derive(Serialize)]
struct FailedCheck<'a> {
    name: &'a str,
    detail: &'a str,
}

/// One `--bulk` output line: `{"line", "valid", "failed", "not_checked"}`.
///
/// Serialized straight from borrowed fields: building a `Value` tree first
/// cost an allocation per key and value, per token.
pub fn bulk_line(line: usize, report: &Report) -> String {
    let doc = BulkLine {
        line,
        valid: report.valid,
        failed: report
            .with_status(Status::Failed)
            .map(|c| FailedCheck {
                name: c.name,
                detail: &c.detail,
            })
            .collect(),
        not_checked: report
            .with_status(Status::NotChecked)
            .map(|c| c.name)
            .collect(),
    };
    // Strings, numbers and booleans always serialize.
    serde_json::to_string(&doc).unwrap_or_default()
}

/// A token set in a token command's format: the bare access token (text),
/// the whole response with `expires_at` (json), an `Authorization` header,
/// or a kubectl ExecCredential.
pub fn render_token_set(
    p: &mut super::Printer,
    format: crate::cli::OutputFormat,
    t: &crate::flows::TokenSet,
) -> io::Result<()> {
    use crate::cli::OutputFormat;
    match format {
        OutputFormat::Json => p.json(t),
        OutputFormat::Header => writeln!(
            p.out(),
            "Authorization: {} {}",
            t.token_type,
            t.expose_access_token()
        ),
        OutputFormat::ExecCredential => {
            let mut status = json!({ "token": t.expose_access_token() });
            if let Some(e) = t.expires_at {
                // Go's time.Parse (kubectl) reads RFC 3339 only: a lifetime
                // past year 9999 is shown as the last instant it can write.
                status["expirationTimestamp"] =
                    Value::String(crate::clock::format_rfc3339_clamped(e));
            }
            p.json(&json!({
                "apiVersion": "client.authentication.k8s.io/v1",
                "kind": "ExecCredential",
                "status": status,
            }))
        }
        _ => writeln!(p.out(), "{}", t.expose_access_token()),
    }
}

/// `-o header` for a DPoP-bound token (RFC 9449 §7.1): the `Authorization:
/// DPoP` header and the `DPoP` header with the proof made for the request.
pub fn render_dpop_header(
    w: &mut dyn Write,
    t: &crate::flows::TokenSet,
    proof: &str,
) -> io::Result<()> {
    writeln!(
        w,
        "Authorization: {} {}\nDPoP: {proof}",
        t.token_type,
        t.expose_access_token()
    )
}

/// A stored token set in a token command's format, without the refresh
/// token: it is the long-lived credential, and stdout ends up in logs.
pub fn render_stored(
    p: &mut super::Printer,
    format: crate::cli::OutputFormat,
    t: &crate::flows::TokenSet,
) -> io::Result<()> {
    let shown = crate::flows::TokenSet {
        refresh_token: None,
        ..t.clone()
    };
    render_token_set(p, format, &shown)
}

/// The ID token: bare, or `{"id_token": …}` with `-o json`.
pub fn render_id_token(
    p: &mut super::Printer,
    format: crate::cli::OutputFormat,
    id_token: &str,
) -> io::Result<()> {
    match format {
        crate::cli::OutputFormat::Json => p.json(&json!({ "id_token": id_token })),
        _ => writeln!(p.out(), "{id_token}"),
    }
}

/// Claims (introspection, userinfo) as text: a heading, then one
/// `name  value` line each, NumericDates also in human form.
pub fn render_claims(
    w: &mut dyn Write,
    heading: &str,
    claims: &serde_json::Map<String, Value>,
    now: i64,
) -> io::Result<()> {
    buffered(w, |w| {
        writeln!(w, "{}", paint(Style::Heading, heading))?;
        let width = claims
            .keys()
            .map(|k| printable(k).chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in claims {
            let shown = match v {
                Value::String(s) => printable(s).into_owned(),
                other => other.to_string(),
            };
            let name = printable(k);
            write!(
                w,
                "  {}  {shown}",
                paint(Style::Key, &format!("{name:<width$}"))
            )?;
            match v.as_f64() {
                Some(t) if TIME_CLAIMS.contains(&k.as_str()) => {
                    let t = t.floor() as i64;
                    writeln!(w, "  ({}, {})", format_instant(t), time_phrase(k, t, now))?
                }
                _ => writeln!(w)?,
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwt::validate::Check;

    #[test]
    fn bulk_line_is_the_same_document_as_before() {
        let check = |name, status, detail: &str| Check {
            name,
            status,
            detail: detail.into(),
        };
        let report = Report {
            valid: false,
            checks: vec![
                check("structure", Status::Passed, "fine"),
                check("exp", Status::Failed, "expired \"x\"\n\t✓ \u{1}"),
                check("iss", Status::NotChecked, "no --issuer"),
                check("aud", Status::Failed, "no aud"),
                check("nonce", Status::Skipped, "none"),
                check("azp", Status::NotChecked, "no --client-id"),
            ],
            header: Value::Null,
            claims: Value::Null,
            unknown_kid: false,
        };
        // What a Value tree rendered (preserve_order keeps key order).
        let value = json!({
            "line": 7,
            "valid": false,
            "failed": [
                { "name": "exp", "detail": "expired \"x\"\n\t✓ \u{1}" },
                { "name": "aud", "detail": "no aud" },
            ],
            "not_checked": ["iss", "azp"],
        });
        assert_eq!(bulk_line(7, &report), value.to_string());
        let valid = Report {
            valid: true,
            checks: vec![check("structure", Status::Passed, "fine")],
            ..report
        };
        assert_eq!(
            bulk_line(1, &valid),
            r#"{"line":1,"valid":true,"failed":[],"not_checked":[]}"#
        );
    }
}

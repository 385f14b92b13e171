//! Rendering an issuer's metadata and key sets, with their lint findings:
//! text (tables, colour through [`paint`]) and JSON. The values come from
//! `provider`; nothing here fetches or decides.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Style, paint, printable};
use crate::clock::{format_instant, relative};
use crate::finding::{Finding, Severity};
use crate::provider::discovery::{ProviderMetadata, Supported};
use crate::provider::jwks::{KeyInfo, Origin};

/// Certificates expiring within this many seconds are shown as a warning.
const EXPIRY_WARNING: i64 = 30 * 86_400;

/// The `*_supported` members shown at a glance: (label, member, shown even
/// when absent).
const AT_A_GLANCE: &[(&str, &str, bool)] = &[
    ("grant types", "grant_types_supported", true),
    ("response types", "response_types_supported", true),
    ("response modes", "response_modes_supported", false),
    ("PKCE methods", "code_challenge_methods_supported", true),
    (
        "token endpoint auth",
        "token_endpoint_auth_methods_supported",
        true,
    ),
    (
        "ID token signing",
        "id_token_signing_alg_values_supported",
        true,
    ),
    (
        "userinfo signing",
        "userinfo_signing_alg_values_supported",
        false,
    ),
    (
        "request object signing",
        "request_object_signing_alg_values_supported",
        false,
    ),
    (
        "client assertion signing",
        "token_endpoint_auth_signing_alg_values_supported",
        false,
    ),
    ("DPoP signing", "dpop_signing_alg_values_supported", false),
    (
        "JARM signing",
        "authorization_signing_alg_values_supported",
        false,
    ),
    ("RAR types", "authorization_details_types_supported", false),
    ("scopes", "scopes_supported", false),
];

/// `discover -o json`: `{metadata, findings}`.
pub fn discovery_json(md: &ProviderMetadata, findings: &[Finding]) -> Value {
    json!({ "metadata": md.raw, "findings": findings })
}

/// The width of `discover`'s labels.
const LABEL_WIDTH: usize = 24;

/// One `  label  value` row of `discover`'s text.
fn row(w: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    writeln!(
        w,
        "  {}  {value}",
        pad(
            &paint(Style::Key, label).to_string(),
            label.len(),
            LABEL_WIDTH
        )
    )
}

/// `discover` as text: where the document came from, the endpoints, what
/// is supported, then the findings.
pub fn render_discovery(
    w: &mut dyn Write,
    md: &ProviderMetadata,
    findings: &[Finding],
) -> io::Result<()> {
    writeln!(
        w,
        "{}  {}",
        pad(&paint(Style::Key, "issuer").to_string(), 6, LABEL_WIDTH + 2),
        printable(&md.issuer)
    )?;
    writeln!(
        w,
        "{}  {} {}",
        pad(
            &paint(Style::Key, "metadata").to_string(),
            8,
            LABEL_WIDTH + 2
        ),
        printable(&md.source_url),
        paint(Style::Dim, &format!("({})", md.kind.spec()))
    )?;
    render_endpoints(w, md)?;
    writeln!(w, "\n{}", paint(Style::Heading, "Supported"))?;
    render_supported(w, md)?;
    render_request_forms(w, md)?;
    writeln!(w)?;
    render_findings(w, findings)
}

/// The endpoints, plain http in the warning colour.
fn render_endpoints(w: &mut dyn Write, md: &ProviderMetadata) -> io::Result<()> {
    writeln!(w, "\n{}", paint(Style::Heading, "Endpoints"))?;
    let endpoints = md.endpoints();
    if endpoints.is_empty() {
        writeln!(w, "  {}", paint(Style::Warn, "none"))?;
    }
    for (name, url) in endpoints {
        let url = printable(url);
        let shown = if url.starts_with("http:") {
            paint(Style::Warn, &url).to_string()
        } else {
            url.into_owned()
        };
        row(w, name, &shown)?;
    }
    Ok(())
}

/// The `*_supported` lists at a glance, and whether `oauthctl exchange`
/// can trade tokens here (issue 14).
fn render_supported(w: &mut dyn Write, md: &ProviderMetadata) -> io::Result<()> {
    for (label, member, always) in AT_A_GLANCE {
        let value = match md.supported(member) {
            Supported::Absent | Supported::Default(_) if !always => continue,
            Supported::Listed(v) if v.is_empty() => paint(Style::Dim, "(empty list)").to_string(),
            Supported::Listed(v) => printable(&v.join(", ")).into_owned(),
            Supported::Default(d) => format!(
                "{} {}",
                d.join(", "),
                paint(Style::Dim, &format!("(default: {member} is absent)"))
            ),
            Supported::Absent => paint(Style::Dim, "not advertised").to_string(),
            Supported::Malformed => paint(Style::Fail, "malformed").to_string(),
        };
        row(w, label, &value)?;
    }
    if let Some(grants) = md.list("grant_types_supported") {
        use crate::provider::discovery::{JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT};
        let shown: Vec<&str> = [
            (TOKEN_EXCHANGE_GRANT, "RFC 8693"),
            (JWT_BEARER_GRANT, "JWT bearer (RFC 7523)"),
        ]
        .iter()
        .filter(|(g, _)| grants.contains(g))
        .map(|(_, n)| *n)
        .collect();
        let value = if shown.is_empty() {
            paint(Style::Dim, "not advertised").to_string()
        } else {
            format!(
                "{} {}",
                shown.join(", "),
                paint(Style::Dim, "(oauthctl exchange)")
            )
        };
        row(w, "token exchange", &value)?;
    }
    Ok(())
}

/// RFC 9207 `iss`, pushed requests and request objects.
fn render_request_forms(w: &mut dyn Write, md: &ProviderMetadata) -> io::Result<()> {
    let iss = match md
        .raw
        .get("authorization_response_iss_parameter_supported")
        .and_then(Value::as_bool)
    {
        Some(true) => "yes".to_owned(),
        _ => paint(Style::Dim, "no").to_string(),
    };
    let par = match (
        md.raw.contains_key("pushed_authorization_request_endpoint"),
        md.raw.get("require_pushed_authorization_requests") == Some(&Value::Bool(true)),
    ) {
        (true, true) => "required".to_owned(),
        (true, false) => "yes".to_owned(),
        (false, true) => paint(Style::Fail, "required, but no endpoint").to_string(),
        (false, false) => paint(Style::Dim, "no").to_string(),
    };
    let request_objects = match md.raw.get("request_parameter_supported") {
        Some(Value::Bool(true)) => "yes".to_owned(),
        _ => paint(Style::Dim, "no").to_string(),
    };
    for (label, value, spec) in [
        ("iss in responses", iss, "(RFC 9207)"),
        ("pushed requests", par, "(PAR, RFC 9126)"),
        ("request objects", request_objects, "(RFC 9101)"),
    ] {
        row(w, label, &format!("{value} {}", paint(Style::Dim, spec)))?;
    }
    Ok(())
}

/// `jwks -o json`: `{keys: [...], findings}`; each key's `pem` only when asked.
pub fn jwks_json(keys: &[KeyInfo], findings: &[Finding], with_pem: bool) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|k| {
            let mut v = json!({
                "index": k.index,
                "kid": k.kid,
                "kty": k.kty,
                "alg": k.alg,
                "use": k.use_,
                "bits": k.bits,
                "crv": k.crv,
                "thumbprint": k.thumbprint,
                "x5c": k.certificate.as_ref().map(|c| json!({
                    "subject": c.subject,
                    "not_before": format_instant(c.not_before),
                    "not_after": format_instant(c.not_after),
                })),
                "loaded": k.rejected.is_none(),
                "error": k.rejected,
            });
            if with_pem {
                v["pem"] = json!(k.pem);
            }
            v
        })
        .collect();
    json!({ "keys": keys, "findings": findings })
}

/// `jwks` as text: where the set came from, a table of keys, the findings.
pub fn render_jwks(
    w: &mut dyn Write,
    origin: &Origin,
    keys: &[KeyInfo],
    findings: &[Finding],
    now: i64,
) -> io::Result<()> {
    match origin {
        Origin::Url { url, issuer } => {
            write!(w, "{}  {}", paint(Style::Key, "key set"), printable(url))?;
            if let Some(i) = issuer {
                let i = printable(i);
                write!(w, " {}", paint(Style::Dim, &format!("(jwks_uri of {i})")))?;
            }
            writeln!(w)?;
        }
        Origin::File(path) => writeln!(
            w,
            "{}  {}",
            paint(Style::Key, "key set"),
            printable(&path.display().to_string())
        )?,
    }
    writeln!(w)?;
    if keys.is_empty() {
        writeln!(w, "{}", paint(Style::Warn, "no keys"))?;
    } else {
        render_key_table(w, keys, now)?;
    }
    writeln!(w)?;
    render_findings(w, findings)
}

fn render_key_table(w: &mut dyn Write, keys: &[KeyInfo], now: i64) -> io::Result<()> {
    let dash = || "-".to_owned();
    let header = [
        "#",
        "KID",
        "KTY",
        "ALG",
        "USE",
        "SIZE",
        "THUMBPRINT",
        "X5C EXPIRES",
    ];
    // Each cell: (plain text for width, painted text).
    let rows: Vec<Vec<(String, String)>> = keys
        .iter()
        .map(|k| {
            // kid, kty, alg and use are the key set's: escaped.
            let plain = |s: Option<String>| {
                let s = s.map_or_else(dash, |s| printable(&s).into_owned());
                (s.clone(), s)
            };
            let mut row = vec![
                plain(Some((k.index + 1).to_string())),
                plain(k.kid.clone()),
                plain(k.kty.clone()),
                plain(k.alg.clone()),
                plain(k.use_.clone()),
            ];
            if let Some(why) = &k.rejected {
                row.push(plain(None));
                let text = format!("not loaded: {}", printable(why));
                row.push((text.clone(), paint(Style::Fail, &text).to_string()));
                return row;
            }
            row.push(plain(k.size()));
            row.push(plain(k.thumbprint.clone()));
            row.push(match &k.certificate {
                None => plain(None),
                Some(c) => {
                    let text = format!(
                        "{} ({})",
                        format_instant(c.not_after),
                        if c.not_after < now {
                            format!("expired {}", relative(c.not_after, now))
                        } else {
                            relative(c.not_after, now)
                        }
                    );
                    let style = if c.not_after < now {
                        Style::Fail
                    } else if c.not_after - now < EXPIRY_WARNING {
                        Style::Warn
                    } else {
                        Style::Ok
                    };
                    (text.clone(), paint(style, &text).to_string())
                }
            });
            row
        })
        .collect();
    // The last column is not padded, and a "not loaded" cell may span it.
    let columns = header.len() - 1;
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter(|r| r.len() > c + 1)
                .map(|r| r[c].0.chars().count())
                .chain(std::iter::once(header[c].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<(usize, String)>| -> String {
        let n = cells.len();
        cells
            .into_iter()
            .enumerate()
            .map(|(i, (len, text))| match widths.get(i) {
                Some(width) if i + 1 < n => pad(&text, len, *width),
                _ => text,
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    writeln!(
        w,
        "{}",
        line(
            header
                .iter()
                .map(|h| (h.len(), paint(Style::Heading, h).to_string()))
                .collect()
        )
    )?;
    for row in rows {
        writeln!(
            w,
            "{}",
            line(
                row.into_iter()
                    .map(|(plain, painted)| (plain.chars().count(), painted))
                    .collect()
            )
        )?;
    }
    Ok(())
}

/// `jwks --pem`: each public key as PEM, after a line naming it.
pub fn render_pem(w: &mut dyn Write, keys: &[KeyInfo]) -> io::Result<()> {
    for k in keys {
        if let Some(pem) = &k.pem {
            writeln!(
                w,
                "# {}, {} {}",
                key_name(k),
                printable(k.kty.as_deref().unwrap_or("?")),
                k.size().unwrap_or_default()
            )?;
            write!(w, "{pem}")?;
            if !pem.ends_with('\n') {
                writeln!(w)?;
            }
        }
    }
    Ok(())
}

/// One line for each key `--pem` cannot print, saying why.
pub fn pem_skipped(keys: &[KeyInfo]) -> Vec<String> {
    keys.iter()
        .filter(|k| k.pem.is_none())
        .map(|k| {
            let why = match (&k.rejected, k.kty.as_deref()) {
                (Some(why), _) => format!("it was not loaded ({why})"),
                (None, Some("oct")) => "a symmetric key has no public form".into(),
                _ => "oauthctl cannot write its curve as PEM".into(),
            };
            format!("{} skipped: {}", key_name(k), printable(&why))
        })
        .collect()
}

fn key_name(k: &KeyInfo) -> String {
    match &k.kid {
        Some(kid) => format!("kid \"{}\"", printable(kid)),
        None => format!("key #{}", k.index + 1),
    }
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical | Severity::High => Style::Fail,
        Severity::Medium | Severity::Low => Style::Warn,
        Severity::Info => Style::Dim,
    }
}

/// The findings, most severe first as given, each with its fix and
/// reference, then a one-line count.
pub fn render_findings(w: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    writeln!(w, "{}", paint(Style::Heading, "Findings"))?;
    if findings.is_empty() {
        return writeln!(w, "  {}", paint(Style::Ok, "none"));
    }
    for f in findings {
        let sev = f.severity.as_str();
        writeln!(
            w,
            "  {}  {}: {}",
            pad(
                &paint(severity_style(f.severity), sev).to_string(),
                sev.len(),
                8
            ),
            paint(Style::Key, f.id),
            // Messages quote the metadata's and key set's values.
            printable(&f.message)
        )?;
        writeln!(
            w,
            "  {}  {} {} {}",
            " ".repeat(8),
            paint(Style::Dim, "fix:"),
            f.fix,
            paint(Style::Dim, &format!("[{}]", f.reference))
        )?;
    }
    let mut counts = Vec::new();
    for s in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = findings.iter().filter(|f| f.severity == s).count();
        if n > 0 {
            counts.push(format!("{n} {s}"));
        }
    }
    writeln!(
        w,
        "\n{} finding{}: {}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        counts.join(", ")
    )
}

/// Pad painted text whose visible length is `len` to `width` columns.
fn pad(painted: &str, len: usize, width: usize) -> String {
    format!("{painted}{}", " ".repeat(width.saturating_sub(len)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::discovery::MetadataKind;

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        colored::control::set_override(false);
        let mut buf = Vec::new();
        f(&mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn discovery_text_shows_defaults_and_findings() {
        let md = ProviderMetadata {
            issuer: "https://idp.example".into(),
            source_url: "https://idp.example/.well-known/openid-configuration".into(),
            kind: MetadataKind::OpenidConfiguration,
            raw: json!({
                "issuer": "https://idp.example",
                "authorization_endpoint": "https://idp.example/authorize",
                "token_endpoint": "https://idp.example/token",
                "response_types_supported": ["code"]
            })
            .as_object()
            .cloned()
            .unwrap(),
        };
        let findings = crate::provider::discovery::lint(&md);
        let out = text(|w| render_discovery(w, &md, &findings));
        assert!(
            out.contains("authorization_code, implicit (default: grant_types_supported is absent)"),
            "{out}"
        );
        assert!(
            out.contains("PKCE methods              not advertised"),
            "{out}"
        );
        assert!(
            out.contains("high      jwks-uri-missing: jwks_uri is missing"),
            "{out}"
        );
        assert!(out.contains("fix: publish the signing keys"), "{out}");
    }

    #[test]
    fn findings_end_with_a_count() {
        let out = text(|w| render_findings(w, &[]));
        assert_eq!(out, "Findings\n  none\n");
    }
}

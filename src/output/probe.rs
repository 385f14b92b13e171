//! Rendering probe reports: text (findings grouped by severity, with their
//! evidence and fixes), JSON and SARIF 2.1.0. What a check is (name,
//! severity, CWE, CVEs, fix, references) comes from `probe::catalogue`
//! through each result; nothing about a check is written here.
//!
//! # The JSON report (`-o json`), schema `oauthctl.probe/1`
//!
//! One object: `schema` ("oauthctl.probe/1"), `kind` ("api", "issuer" or
//! "resource"),
//! `target` (the URL probed), `dry_run`, `summary` (`vulnerable`,
//! `not_vulnerable`, `inconclusive`, `not_run`, `requests`), `calibration`
//! (api and resource: `accepted` and each `rejected` reference as `{status, shape}`,
//! and `decided_by`), `results` (one object per check that ran: `id`,
//! `name`, `severity` (info|low|medium|high|critical), `cwe` (number),
//! `cves` (array), `verdict` (vulnerable|not_vulnerable|inconclusive),
//! `summary`, `evidence` (array of `{variant, request, token_header?,
//! status?, body_sha256?, body_len?, location?, reading, callback_hits?}`),
//! `fix`, `references` (array of spec sections)), `not_run` (`{id, reason}`), and with `--dry-run`, `plan`
//! (`{check, variant, request}`). Fields are only ever added within a
//! schema version.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Style, paint, printable};
use crate::finding::Severity;
use crate::probe::{CheckResult, Report, Verdict};

/// How many evidence lines a finding shows in text (all are in JSON).
const EVIDENCE_LINES: usize = 3;

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical | Severity::High => Style::Fail,
        Severity::Medium | Severity::Low => Style::Warn,
        Severity::Info => Style::Dim,
    }
}

/// The report as text.
pub fn render_text(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let mut buf = io::BufWriter::with_capacity(16 * 1024, w);
    write_text(&mut buf, report)?;
    buf.flush()
}

fn write_text(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(
        w,
        "{} {}",
        paint(Style::Heading, &format!("probe {}", report.kind)),
        printable(&report.target)
    )?;
    if report.dry_run {
        write_plan(w, report)?;
        return write_not_run(w, report);
    }
    if let Some(c) = &report.calibration {
        let rejected: Vec<String> = c
            .rejected
            .iter()
            .map(|r| format!("{} HTTP {}", r.reference, r.answer.status))
            .collect();
        writeln!(
            w,
            "{} valid token HTTP {}; rejected: {} (decided by {})",
            paint(Style::Key, "calibration"),
            c.accepted.status,
            rejected.join(", "),
            c.decided_by
        )?;
    }
    for sev in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let group: Vec<&CheckResult> = report.findings().filter(|r| r.severity == sev).collect();
        let heading = sev.as_str().to_uppercase();
        write_group(w, severity_style(sev), &heading, &group)?;
    }
    let inconclusive: Vec<&CheckResult> = report
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Inconclusive)
        .collect();
    write_group(w, Style::Warn, "INCONCLUSIVE", &inconclusive)?;
    let passed: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::NotVulnerable)
        .map(|r| r.id)
        .collect();
    if !passed.is_empty() {
        writeln!(
            w,
            "\n{} {}",
            paint(Style::Ok, &format!("NOT VULNERABLE ({})", passed.len())),
            passed.join(", ")
        )?;
    }
    write_not_run(w, report)?;
    write_summary(w, report)
}

/// With `--dry-run`: the requests that would be sent.
fn write_plan(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(
        w,
        "\n{} ({} requests; nothing was sent)",
        paint(Style::Heading, "Dry run"),
        report.plan.len()
    )?;
    for p in &report.plan {
        writeln!(
            w,
            "  {:<22} {}  {}",
            p.check,
            p.variant,
            paint(Style::Dim, &format!("({})", p.request))
        )?;
    }
    Ok(())
}

/// A heading with the count, then each result; nothing when empty.
fn write_group(
    w: &mut dyn Write,
    style: Style,
    heading: &str,
    group: &[&CheckResult],
) -> io::Result<()> {
    if group.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "\n{}",
        paint(style, &format!("{heading} ({})", group.len()))
    )?;
    for r in group {
        write_result(w, r)?;
    }
    Ok(())
}

/// The last line: findings, and the other counts.
fn write_summary(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    let verdict = if s.vulnerable == 0 {
        paint(Style::Ok, "no findings")
    } else {
        paint(
            Style::Fail,
            &format!(
                "{} finding{}",
                s.vulnerable,
                if s.vulnerable == 1 { "" } else { "s" }
            ),
        )
    };
    writeln!(
        w,
        "\n{verdict}: {} not vulnerable, {} inconclusive, {} not run; {} requests",
        s.not_vulnerable, s.inconclusive, s.not_run, s.requests
    )
}

fn write_not_run(w: &mut dyn Write, report: &Report) -> io::Result<()> {
    if report.not_run.is_empty() {
        return Ok(());
    }
    writeln!(
        w,
        "\n{}",
        paint(Style::Dim, &format!("NOT RUN ({})", report.not_run.len()))
    )?;
    for n in &report.not_run {
        writeln!(
            w,
            "  {:<22} {}",
            n.id,
            paint(Style::Dim, &printable(&n.reason))
        )?;
    }
    Ok(())
}

fn write_result(w: &mut dyn Write, r: &CheckResult) -> io::Result<()> {
    let mut refs = vec![format!("CWE-{}", r.cwe)];
    refs.extend(r.cves.iter().map(|c| (*c).to_owned()));
    writeln!(
        w,
        "  {}  {}  {}",
        paint(severity_style(r.severity), r.id),
        r.name,
        paint(Style::Dim, &format!("[{}]", refs.join(", ")))
    )?;
    // Summaries, readings and callback hits quote what servers sent.
    writeln!(w, "    {}", printable(&r.summary))?;
    // The evidence that made the verdict: accepted, hit or unclear first.
    let mut shown: Vec<_> = r
        .evidence
        .iter()
        .filter(|e| {
            r.verdict == Verdict::NotVulnerable
                || e.reading.starts_with("accepted")
                || e.reading.starts_with("unclear")
                || e.reading.starts_with("secret")
                || !e.callback_hits.is_empty()
        })
        .collect();
    if shown.is_empty() {
        shown = r.evidence.iter().collect();
    }
    let extra = shown.len().saturating_sub(EVIDENCE_LINES);
    if let Some(first) = shown.first() {
        writeln!(
            w,
            "    {}  {}",
            paint(Style::Key, "request "),
            printable(&first.request)
        )?;
    }
    for e in shown.into_iter().take(EVIDENCE_LINES) {
        let answer = match (e.status, &e.body_sha256, e.body_len) {
            (Some(s), Some(d), Some(n)) => {
                format!(
                    " → HTTP {s}, body sha256 {}… ({n} bytes)",
                    &d[..12.min(d.len())]
                )
            }
            _ => String::new(),
        };
        // The reading without its explanation, which the JSON keeps.
        let reading = printable(e.reading.split(" (").next().unwrap_or(&e.reading));
        writeln!(
            w,
            "    {}  {}{answer}: {reading}",
            paint(Style::Key, "evidence"),
            e.variant,
        )?;
        for hit in &e.callback_hits {
            writeln!(
                w,
                "              {} {}",
                paint(Style::Fail, "callback hit:"),
                printable(hit)
            )?;
        }
    }
    if extra > 0 {
        writeln!(
            w,
            "              {}",
            paint(Style::Dim, &format!("(+{extra} more; all in -o json)"))
        )?;
    }
    if r.verdict == Verdict::Vulnerable {
        writeln!(w, "    {}  {}", paint(Style::Key, "fix     "), r.fix)?;
    }
    Ok(())
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning reads `security-severity` (a CVSS-like score).
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// The report as a SARIF 2.1.0 log: one run, one rule per check that ran,
/// one result per finding (inconclusive checks are results of kind
/// `review`, level `note`).
pub fn sarif(report: &Report) -> Value {
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for r in &report.results {
        if r.verdict == Verdict::NotVulnerable {
            continue;
        }
        let index = rules.len();
        let mut tags = vec![
            json!("security"),
            json!(format!("external/cwe/cwe-{}", r.cwe)),
        ];
        tags.extend(r.cves.iter().map(|c| json!(c)));
        let mut props = json!({ "tags": tags });
        if let Some(score) = security_severity(r.severity) {
            props["security-severity"] = json!(score);
        }
        rules.push(json!({
            "id": r.id,
            "name": r.name,
            "shortDescription": { "text": r.name },
            "help": { "text": r.fix },
            "helpUri": format!("https://cwe.mitre.org/data/definitions/{}.html", r.cwe),
            "defaultConfiguration": { "level": sarif_level(r.severity) },
            "properties": props,
        }));
        let (kind, level) = match r.verdict {
            Verdict::Vulnerable => ("fail", sarif_level(r.severity)),
            _ => ("review", "note"),
        };
        let evidence: Vec<Value> = r
            .evidence
            .iter()
            .map(|e| json!(format!("{}: {} → {}", e.variant, e.request, e.reading)))
            .collect();
        results.push(json!({
            "ruleId": r.id,
            "ruleIndex": index,
            "kind": kind,
            "level": level,
            "message": { "text": format!("{}: {} Fix: {}", r.name, r.summary, r.fix) },
            "locations": [{
                "physicalLocation": { "artifactLocation": { "uri": report.target } }
            }],
            "partialFingerprints": { "oauthctlCheck/v1": format!("{}:{}", r.id, report.target) },
            "properties": { "verdict": r.verdict.as_str(), "evidence": evidence },
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "oauthctl",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "automationDetails": { "id": format!("oauthctl/probe-{}/", report.kind) },
            "results": results,
            "properties": { "target": report.target, "summary": report.summary },
        }]
    })
}

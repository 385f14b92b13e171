//! Findings: what a lint or a probe reports, with a severity and a fix.
//!
//! Shared by the discovery and key set lints and by `probe`; rendered by
//! `output` as text, JSON or SARIF. Nothing here prints.

use serde::Serialize;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Weakens security a little.
    Low,
    /// Should be fixed.
    Medium,
    /// A clear spec violation or an exploitable weakness.
    High,
    /// Exploitable now.
    Critical,
}

impl Severity {
    /// The lowercase name, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable identifier, e.g. `issuer-mismatch`.
    pub id: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// What is wrong, with the offending value.
    pub message: String,
    /// One line saying how to fix it.
    pub fix: &'static str,
    /// The spec section it follows.
    pub reference: &'static str,
}

/// Whether any finding is at or above `threshold`.
pub fn reaches(findings: &[Finding], threshold: Severity) -> bool {
    findings.iter().any(|f| f.severity >= threshold)
}

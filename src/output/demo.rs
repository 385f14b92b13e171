//! Rendering `demo`: an introduction, each step (the command, its HTTP
//! exchanges, its output, what it shows), and the outcome.
//!
//! The HTTP trace arrives already redacted by the HTTP layer; tokens that a
//! command printed on its stdout (a bare access token) are shortened here
//! with the same redaction, so the walk never shows a whole credential.

use std::io::{self, Write};

use serde::Serialize;

use super::{Style, paint};

/// The whole walk, for `-o json` and the last line.
#[derive(Debug, Serialize)]
pub struct DemoReport {
    /// The built-in provider's issuer (gone once the demo ends).
    pub issuer: String,
    /// Every step, in order.
    pub steps: Vec<StepReport>,
}

impl DemoReport {
    /// Whether every step did what it should.
    pub fn ok(&self) -> bool {
        self.steps.iter().all(|s| s.problem.is_none())
    }
}

/// One step: what ran, what it exchanged and printed, and whether that
/// was what it should do.
#[derive(Debug, Serialize)]
pub struct StepReport {
    /// 1-based.
    #[serde(skip)]
    pub number: usize,
    /// How many steps there are.
    #[serde(skip)]
    pub total: usize,
    /// A short name (`login`).
    pub name: &'static str,
    /// A heading.
    #[serde(skip)]
    pub title: &'static str,
    /// The command line, tokens shortened.
    pub command: String,
    /// The HTTP trace, redacted.
    #[serde(skip)]
    pub trace: Vec<String>,
    /// What the command printed on stdout.
    #[serde(skip)]
    pub stdout: String,
    /// What it printed on stderr.
    #[serde(skip)]
    pub stderr: String,
    /// Its exit code.
    pub exit_code: u8,
    /// The error it ended with, as `main` would print it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the step did not do what it should; `None` when it did.
    pub problem: Option<String>,
    /// What the step shows.
    #[serde(skip)]
    pub lesson: &'static str,
}

/// Longest line of a body shown in the walk.
const BODY_WIDTH: usize = 160;

/// The opening lines.
pub fn render_intro(w: &mut dyn Write, issuer: &str, dir: &std::path::Path) -> io::Result<()> {
    writeln!(
        w,
        "{}\n\nA built-in OpenID provider is running at {issuer} for this walk only, \
         with a demo user, a public CLI client and a confidential service client.\n\
         Each step below is the oauthctl command you would type, run against it: the HTTP \
         exchanges it made ({} sent, {} received; secrets shortened), what it printed, and \
         what it shows.\nTokens are kept in {} and removed at the end.\n",
        paint(Style::Heading, "oauthctl demo"),
        paint(Style::Key, ">"),
        paint(Style::Key, "<"),
        dir.display()
    )
}

/// One step.
pub fn render_step(w: &mut dyn Write, s: &StepReport) -> io::Result<()> {
    let mut text = String::new();
    text.push_str(&format!(
        "{}\n{} {}\n",
        paint(
            Style::Heading,
            &format!("[{}/{}] {}", s.number, s.total, s.title)
        ),
        paint(Style::Dim, "$"),
        s.command
    ));
    for line in exchange_lines(&s.trace) {
        text.push_str(&format!("    {}\n", paint(Style::Dim, &line)));
    }
    for line in s.stderr.lines().filter(|l| !l.trim().is_empty()) {
        text.push_str(&format!("  {}\n", mask_tokens(line)));
    }
    for line in s.stdout.lines() {
        text.push_str(&format!("  {}\n", mask_tokens(line)));
    }
    if let Some(e) = &s.error {
        text.push_str(&format!(
            "  {} {} (exit {})\n",
            paint(Style::Fail, "error:"),
            mask_tokens(e),
            s.exit_code
        ));
    }
    match &s.problem {
        None => text.push_str(&format!(
            "{} {}\n\n",
            paint(Style::Ok, "✓"),
            paint(Style::Dim, s.lesson)
        )),
        Some(p) => text.push_str(&format!(
            "{} {}\n\n",
            paint(Style::Fail, "✗ this step did not do what it should:"),
            p
        )),
    }
    w.write_all(text.as_bytes())
}

/// The last line.
pub fn render_outcome(w: &mut dyn Write, r: &DemoReport) -> io::Result<()> {
    let passed = r.steps.iter().filter(|s| s.problem.is_none()).count();
    if r.ok() {
        writeln!(
            w,
            "{} every step did what it should ({passed} of {}). The provider is stopped and \
             the tokens are gone; `oauthctl serve` runs one that stays.",
            paint(Style::Ok, "Demo complete:"),
            r.steps.len()
        )
    } else {
        let failed: Vec<&str> = r
            .steps
            .iter()
            .filter(|s| s.problem.is_some())
            .map(|s| s.name)
            .collect();
        writeln!(
            w,
            "{} {passed} of {} steps did what they should; failed: {}",
            paint(Style::Fail, "Demo FAILED:"),
            r.steps.len(),
            failed.join(", ")
        )
    }
}

/// How many trace lines a step shows at most.
const MAX_TRACE_LINES: usize = 24;

/// The lines of an HTTP trace worth reading in a walk: request and status
/// lines, the credentials' (redacted) headers, redirects and bodies (an
/// HTML page by its title), each cut to one screen line; at most
/// [`MAX_TRACE_LINES`], then a count of the rest. Lines of the demo's user
/// agent come with a `browser` prefix and keep it.
fn exchange_lines(trace: &[String]) -> Vec<String> {
    const SHOWN_HEADERS: &[&str] = &[
        "authorization",
        "dpop",
        "dpop-nonce",
        "location",
        "www-authenticate",
    ];
    let mut shown: Vec<String> = trace
        .iter()
        .filter_map(|line| {
            let (prefix, line) = match line.strip_prefix(USER_AGENT_PREFIX) {
                Some(rest) => (USER_AGENT_PREFIX, rest),
                None => ("", line.as_str()),
            };
            let (dir, rest) = (line.get(..2).unwrap_or(""), line.get(2..).unwrap_or(""));
            if let Some((name, _)) = rest.split_once(": ")
                && !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !SHOWN_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
            {
                return None;
            }
            let rest = match rest.trim_start().get(..1) {
                Some("<") => html_summary(rest),
                Some(_) => rest.lines().next().unwrap_or("").to_owned(),
                // An empty body says nothing.
                None => return None,
            };
            let line = mask_tokens(&format!("{prefix}{dir}{rest}"));
            Some(if line.chars().count() > BODY_WIDTH {
                let cut: String = line.chars().take(BODY_WIDTH).collect();
                format!("{cut}…")
            } else {
                line
            })
        })
        .collect();
    if shown.len() > MAX_TRACE_LINES {
        let more = shown.len() - MAX_TRACE_LINES;
        shown.truncate(MAX_TRACE_LINES);
        shown.push(format!(
            "… {more} more lines (run the command with -v or -vv to see every exchange)"
        ));
    }
    shown
}

/// What the demo's user agent puts before its trace lines.
pub const USER_AGENT_PREFIX: &str = "browser ";

/// An HTML body as one line: its title.
fn html_summary(body: &str) -> String {
    let title = body
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t.trim());
    match title {
        Some(t) => format!("[HTML page \u{201c}{t}\u{201d}, {} bytes]", body.len()),
        None => format!("[HTML, {} bytes]", body.len()),
    }
}

/// Shorten every JWT (three or five base64url parts starting with a JSON
/// header, `eyJ…`) to its first characters and its length. Other words,
/// key IDs and thumbprints among them, stay as they are.
pub fn mask_tokens(line: &str) -> String {
    let is_jwt =
        |w: &str| w.starts_with("eyJ") && matches!(w.split('.').count(), 3 | 5) && w.len() >= 32;
    let mut out = String::with_capacity(line.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if is_jwt(word) {
            out.push_str(&crate::secret::redact(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in line.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_shortened_and_other_words_kept() {
        let jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        let line = format!("Bearer {jwt} at http://127.0.0.1:9876/token");
        let out = mask_tokens(&line);
        assert!(!out.contains(jwt), "{out}");
        assert!(out.starts_with("Bearer eyJhbG…["), "{out}");
        assert!(out.ends_with("at http://127.0.0.1:9876/token"), "{out}");
        let kid = "LC8xTqQ3u1zYl0d9sK2mWvB7nXc4aR5eT6yU8iO0pPq";
        assert_eq!(mask_tokens(kid), kid);
    }

    #[test]
    fn only_readable_exchange_lines_are_kept() {
        let trace: Vec<String> = [
            "> POST http://127.0.0.1:1/token",
            "> content-type: application/x-www-form-urlencoded",
            "> authorization: Basic b2F1dG…[60 chars]",
            "> grant_type=client_credentials",
            "< 200 OK (2 ms)",
            "< date: Wed, 02 Dec 2026 17:00:00 GMT",
            "< {\"token_type\":\"Bearer\"}",
            "browser < 200 OK (1 ms)",
            "browser < <!doctype html>\n<html><head><title>Device approved</title></head></html>",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let shown = exchange_lines(&trace);
        assert_eq!(
            shown,
            [
                "> POST http://127.0.0.1:1/token",
                "> authorization: Basic b2F1dG…[60 chars]",
                "> grant_type=client_credentials",
                "< 200 OK (2 ms)",
                "< {\"token_type\":\"Bearer\"}",
                "browser < 200 OK (1 ms)",
                "browser < [HTML page \u{201c}Device approved\u{201d}, 72 bytes]",
            ]
        );
    }
}

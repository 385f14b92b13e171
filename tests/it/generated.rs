//! Integration tests: the committed completions and man pages are what the
//! current CLI generates.
//!
//! `OAUTHCTL_BLESS=1 cargo test --test it generated` rewrites them.

use std::path::{Path, PathBuf};

use oauthctl::docs;

use crate::support::Test;

const BLESS: &str = "OAUTHCTL_BLESS=1 cargo test --test it generated";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("OAUTHCTL_BLESS").is_some_and(|v| v == "1")
}

fn generated() -> Vec<(PathBuf, Vec<u8>)> {
    docs::generate().unwrap_or_else(|e| panic!("generating completions and man pages: {e}"))
}

/// A man page's `.TH` line without its date field (the third argument), so
/// a `SOURCE_DATE_EPOCH` set by a packager's build does not fail the check.
fn without_date(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(".TH ") {
            let mut fields: Vec<&str> = rest.splitn(4, ' ').collect();
            if fields.len() > 2 {
                fields[2] = "DATE";
            }
            out.push_str(".TH ");
            out.push_str(&fields.join(" "));
        } else {
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// The first line where two files differ, for the failure message.
fn first_difference(want: &[u8], have: &[u8]) -> String {
    let want = String::from_utf8_lossy(want);
    let have = String::from_utf8_lossy(have);
    let mut w = want.lines();
    let mut h = have.lines();
    for n in 1.. {
        match (w.next(), h.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => return "only in line endings".into(),
            (a, b) => {
                return format!(
                    "line {n}:\n      committed: {}\n      generated: {}",
                    b.unwrap_or("<end of file>"),
                    a.unwrap_or("<end of file>")
                );
            }
        }
    }
    unreachable!()
}

#[test]
fn committed_files_are_up_to_date() {
    if blessing() {
        docs::write_all(root()).unwrap_or_else(|e| panic!("writing generated files: {e}"));
        eprintln!("rewrote completions/ and man/");
        return;
    }
    // With SOURCE_DATE_EPOCH set (distribution builds set it) only the man
    // pages' date may differ from the committed copies.
    let ignore_date = std::env::var_os("SOURCE_DATE_EPOCH").is_some_and(|v| !v.is_empty());
    let files = generated();
    let mut problems = Vec::new();
    for (rel, want) in &files {
        match std::fs::read(root().join(rel)) {
            Ok(have) => {
                let same = if ignore_date {
                    without_date(&have) == without_date(want)
                } else {
                    have == *want
                };
                if !same {
                    problems.push(format!(
                        "  {} differs, first at {}",
                        rel.display(),
                        first_difference(want, &have)
                    ));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.push(format!("  {} is missing", rel.display()));
            }
            Err(e) => panic!("reading {}: {e}", rel.display()),
        }
    }
    let existing = docs::existing_files(root()).unwrap_or_else(|e| panic!("listing: {e}"));
    for rel in existing {
        if !files.iter().any(|(p, _)| *p == rel) {
            problems.push(format!("  {} is no longer generated", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the committed completions and man pages do not match the CLI:\n{}\n\n\
         Regenerate them with\n\n    {BLESS}\n\nthen review and commit the changes.",
        problems.join("\n")
    );
}

#[test]
fn completions_command_prints_the_committed_bash_script() {
    let out = Test::new().args(["completions", "bash"]).run();
    let generated = docs::completion(clap_complete::Shell::Bash);
    assert!(
        out.stdout.as_bytes() == generated.as_slice(),
        "`oauthctl completions bash` differs from docs::completion(Bash)"
    );
    if !blessing() {
        let committed = std::fs::read(root().join("completions/oauthctl.bash"))
            .unwrap_or_else(|e| panic!("reading completions/oauthctl.bash: {e}; run {BLESS}"));
        assert!(
            out.stdout.as_bytes() == committed.as_slice(),
            "`oauthctl completions bash` differs from completions/oauthctl.bash; run {BLESS}"
        );
    }
}

#[test]
fn main_man_page_documents_exit_status_environment_and_files() {
    let page = if blessing() {
        let files = generated();
        files
            .into_iter()
            .find(|(p, _)| p == Path::new("man/oauthctl.1"))
            .map(|(_, b)| b)
            .unwrap_or_default()
    } else {
        std::fs::read(root().join("man/oauthctl.1"))
            .unwrap_or_else(|e| panic!("reading man/oauthctl.1: {e}; run {BLESS}"))
    };
    let page = String::from_utf8_lossy(&page);
    for section in [".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH FILES"] {
        assert!(page.contains(section), "man/oauthctl.1 lacks {section}");
    }
    for text in [
        "OAUTHCTL_PROFILE",
        "OAUTHCTL_CONFIG",
        "OAUTHCTL_ISSUER",
        "OAUTHCTL_CLIENT_ID",
        "NO_COLOR",
        "XDG_CONFIG_HOME",
        "config.toml",
        "timed out waiting for the user",
    ] {
        assert!(
            page.to_lowercase().contains(&text.to_lowercase()),
            "man/oauthctl.1 lacks {text}"
        );
    }
}

#[test]
fn date_ignoring_comparison_only_ignores_the_date() {
    let a = b".TH oauthctl 1 2001-01-01 \"oauthctl 0.1.0\" \"oauthctl manual\"\nx\n";
    let b = b".TH oauthctl 1 2026-11-22 \"oauthctl 0.1.0\" \"oauthctl manual\"\nx\n";
    let c = b".TH oauthctl 1 2026-11-22 \"oauthctl 0.2.0\" \"oauthctl manual\"\nx\n";
    assert_eq!(without_date(a), without_date(b));
    assert_ne!(without_date(b), without_date(c));
}

//! One login end to end in a real browser: Debian's headless Chromium,
//! driven by playwright-core (`tests/browser/chromium.mjs`, pinned in
//! `tests/browser/package-lock.json`; scripts/test installs both), opens
//! the URL oauthctl hands to `$BROWSER`, logs in and consents on the real
//! provider's pages, and lands on oauthctl's loopback page.

use std::path::Path;

use crate::login::AgentLog;
use crate::oidc_provider::Provider;
use crate::serve::Serve;
use crate::support::Test;

/// The browser script, after checking that scripts/test installed it.
pub fn browser_script() -> std::path::PathBuf {
    let chromium = Path::new("/usr/bin/chromium");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/chromium.mjs");
    assert!(
        chromium.exists() && script.with_file_name("node_modules").exists(),
        "needs Debian's chromium and tests/browser/node_modules: run scripts/test"
    );
    script
}

/// One login end to end in Debian's headless Chromium, driven by
/// playwright-core (`tests/browser/chromium.mjs`, installed by scripts/test).
#[test]
fn login_end_to_end_in_headless_chromium() {
    let script = browser_script();
    let p = Provider::start();
    let log = AgentLog::new();
    Test::new()
        .env("BROWSER", format!("node {}", script.display()))
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli"])
        .args(["--scope", "openid profile email", "--login-timeout", "120"])
        .stdout_contains(format!(
            "Signed in to {} as Alice Example <alice@example.com>",
            p.issuer()
        ))
        .run();
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 200, "{page:#}");
    let text = page["body"].as_str().unwrap();
    assert!(text.contains("Signed in"), "{text}");
    assert!(
        text.contains("You can close this tab and return to the terminal."),
        "{text}"
    );
}

/// The same against oauthctl's own provider: Chromium fills in `serve`'s
/// sign-in and consent page as the demo user (no --auto-approve), and the
/// login ends with the ID token validated and the tokens stored.
#[test]
fn login_on_serves_own_page_in_headless_chromium() {
    let script = browser_script();
    let s = Serve::start(&[]);
    let log = AgentLog::new();
    Test::new()
        .env("BROWSER", format!("node {}", script.display()))
        .env("AGENT_LOG", log.path())
        .env("AGENT_USER", "demo")
        .env("AGENT_PASSWORD", "demo")
        .args(["login", "--issuer", s.url(), "--client-id", "oauthctl-cli"])
        .args(["--scope", "openid profile email", "--login-timeout", "120"])
        .stdout_contains(format!(
            "Signed in to {} as Demo User <demo@example.com>",
            s.url()
        ))
        .stdout_contains("stored")
        .run();
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 200, "{page:#}");
    assert!(
        page["body"].as_str().unwrap().contains("Signed in"),
        "{page:#}"
    );
    // The page Chromium filled in was serve's form, not an automatic approval.
    let entries = log.entries();
    assert!(
        entries
            .iter()
            .any(|e| e["step"] == "logged-in" && e["url"].as_str().unwrap().contains("/callback")),
        "{entries:#?}"
    );
}

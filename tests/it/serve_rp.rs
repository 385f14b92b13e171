//! `oauthctl serve` against an independent, certified relying party:
//! node `openid-client` 6 (pinned in tests/rp/package.json, installed by
//! scripts/test with `npm ci`) runs discovery, authorization code + PKCE
//! (through serve's login page over HTTP, and with --auto-approve), ID
//! token validation (signature included), userinfo, refresh with rotation
//! and reuse detection, client credentials with both secret methods,
//! introspection and revocation.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::serve::Serve;

fn run_rp(s: &Serve, mode: &str) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rp");
    let out = Command::new("node")
        .arg(dir.join("rp.mjs"))
        .current_dir(&dir)
        .env("ISSUER", s.url())
        .env("SERVICE_SECRET", s.secret())
        .env("MODE", mode)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}); install Node.js and run scripts/test"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "openid-client failed ({}):\n{stdout}\n--- stderr\n{stderr}\n--- serve's stderr\n{}{}",
        out.status,
        s.stderr(),
        if dir.join("node_modules/openid-client").exists() {
            ""
        } else {
            "\nhint: tests/rp/node_modules is missing; run scripts/test (npm ci in tests/rp)"
        }
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

fn check(r: &Value, issuer: &str) {
    assert_eq!(r["discovery"]["issuer"], issuer, "{r:#}");
    assert_eq!(r["discovery"]["pkce"], json!(["S256"]));
    let code = &r["code"];
    assert_eq!(code["sub"], "demo", "{r:#}");
    assert_eq!(code["nonce_ok"], true);
    assert_eq!(code["at_hash"], true);
    assert_eq!(code["email"], "demo@example.com");
    assert_eq!(code["refresh"], true);
    assert_eq!(code["iss_in_callback"], issuer);
    assert_eq!(r["userinfo"]["sub"], "demo");
    assert_eq!(r["userinfo"]["name"], "Demo User");
    assert_eq!(r["refresh"]["rotated"], true);
    assert_eq!(r["refresh"]["id_token_sub"], "demo");
    assert_eq!(r["reuse"]["error"], "invalid_grant");
    assert_eq!(r["reuse"]["familyError"], "invalid_grant");
    for method in ["basic", "post"] {
        let c = &r["client_credentials"][method];
        assert_eq!(c["scope"], "api:read", "{r:#}");
        assert_eq!(c["active"], true);
        assert_eq!(c["after"], false, "revoked");
        assert_eq!(c["aud"], format!("{issuer}/api"));
    }
}

#[test]
fn openid_client_through_the_login_page() {
    let s = Serve::start(&[]);
    let r = run_rp(&s, "login");
    check(&r, s.url());
}

#[test]
fn openid_client_with_auto_approve() {
    let s = Serve::start(&["--auto-approve"]);
    let r = run_rp(&s, "auto");
    check(&r, s.url());
}

//! `device` end to end: approved and denied on the real provider's /device
//! pages by the scripted user agent, and against hostile token endpoints
//! for the polling answers a real provider does not give on demand.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::login::AgentLog;
use crate::oidc_provider::{Provider, provider_dir};
use crate::support::{Output, Reply, Server, Test, clean_command, device_approved_by};

/// Run `oauthctl device ARGS`; when it prints the complete verification
/// URI, let the scripted agent `decision` (approve or deny) it on the
/// provider's pages. Returns what oauthctl printed and the agent's log.
fn device_with_agent(issuer: &str, args: &[&str], decision: &str) -> (Output, AgentLog) {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = clean_command(home.path());
    cmd.args(["device", "--issuer", issuer, "--client-id", "cli"])
        .args(args);
    let log = AgentLog::new();
    let out = device_approved_by(cmd, |complete| {
        let agent = Command::new("node")
            .arg(provider_dir().join("agent.mjs"))
            .args(["device", complete, decision])
            .env("AGENT_LOG", log.path())
            .status()
            .unwrap();
        assert!(agent.success(), "the agent failed: {:#?}", log.entries());
    });
    (out, log)
}

#[test]
fn device_approved_on_the_providers_pages() {
    let p = Provider::start();
    let (out, log) = device_with_agent(
        p.issuer(),
        &["--scope", "openid profile email", "-o", "json"],
        "approve",
    );
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    assert!(out.stderr.contains("enter the code "), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("open {}/device", p.issuer())),
        "{}",
        out.stderr
    );
    let v: Value = out.json();
    assert_eq!(v["sub"], "alice", "{v:#}");
    assert_eq!(v["name"], "Alice Example", "{v:#}");
    assert_eq!(v["refresh_token"], true, "{v:#}");
    assert!(v["stored"].as_str().is_some_and(|s| !s.is_empty()), "{v:#}");
    let done = log.wait_for("done");
    assert!(
        done["text"].as_str().unwrap().contains("Sign-in Success"),
        "{done:#}"
    );
}

#[test]
fn device_denied_on_the_providers_pages_is_exit_4() {
    let p = Provider::start();
    let (out, _log) = device_with_agent(p.issuer(), &[], "deny");
    assert_eq!(out.code, 4, "stderr:\n{}", out.stderr);
    assert!(
        out.stderr
            .contains("access_denied (End-User aborted interaction)"),
        "{}",
        out.stderr
    );
}

/// An issuer whose device endpoint hands out a code and whose token
/// endpoint answers `replies` in turn (the last one from then on).
fn hostile(expires_in: u64, interval: u64, replies: Vec<Reply>) -> (Server, Arc<AtomicUsize>) {
    let polls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&polls);
    let metadata = json!({
        "issuer": "{{base}}",
        "token_endpoint": "{{base}}/token",
        "device_authorization_endpoint": "{{base}}/device/code",
        "jwks_uri": "{{base}}/jwks",
    });
    let server = Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(metadata.clone()),
        "/device/code" | "/device/elsewhere" => Reply::json(json!({
            "device_code": "dc-secret-device-code-0123456789",
            "user_code": "WXYZ-2345",
            "verification_uri": "{{base}}/device",
            "verification_uri_complete": "{{base}}/device?user_code=WXYZ-2345",
            "expires_in": expires_in,
            "interval": interval,
        })),
        "/token" => {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            replies[n.min(replies.len() - 1)].clone()
        }
        _ => Reply::status(404, "text/plain", "not found"),
    });
    (server, polls)
}

fn oauth_error(error: &str, description: Option<&str>) -> Reply {
    let mut body = json!({ "error": error });
    if let Some(d) = description {
        body["error_description"] = d.into();
    }
    Reply::status(400, "application/json", body.to_string())
}

fn device(server: &Server) -> Test {
    Test::new().args([
        "device",
        "--issuer",
        server.url(),
        "--client-id",
        "cli",
        "--scope",
        "profile",
    ])
}

#[test]
fn pending_then_success() {
    let (server, polls) = hostile(
        600,
        0,
        vec![
            oauth_error("authorization_pending", None),
            oauth_error("authorization_pending", None),
            Reply::json(json!({
                "access_token": "at-from-the-device-flow",
                "token_type": "Bearer",
                "expires_in": 600,
                "scope": "profile",
            })),
        ],
    );
    device(&server)
        .args(["-vv"])
        .stderr_contains("enter the code WXYZ-2345")
        .stderr_contains("/device?user_code=WXYZ-2345")
        .stderr_lacks("dc-secret-device-code-0123456789")
        .stdout_contains("Signed in to")
        .stdout_contains("scope    profile")
        .run();
    assert_eq!(polls.load(Ordering::SeqCst), 3);
    let first = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    assert_eq!(
        first.param("grant_type").as_deref(),
        Some("urn:ietf:params:oauth:grant-type:device_code")
    );
    assert_eq!(
        first.param("device_code").as_deref(),
        Some("dc-secret-device-code-0123456789")
    );
}

#[test]
fn access_denied_and_expired_token_are_exit_4() {
    for (error, description) in [
        ("access_denied", "The user declined"),
        ("expired_token", "The code has expired"),
    ] {
        let (server, _) = hostile(
            600,
            0,
            vec![
                oauth_error("authorization_pending", None),
                oauth_error(error, Some(description)),
            ],
        );
        device(&server)
            .code(4)
            .stderr_contains(format!("the server refused: {error} ({description})"))
            .run();
    }
}

#[test]
fn a_code_that_expires_while_pending_is_exit_5() {
    let (server, polls) = hostile(2, 1, vec![oauth_error("authorization_pending", None)]);
    device(&server)
        .code(5)
        .stderr_contains("nobody approved the sign-in with code WXYZ-2345")
        .run();
    assert!(polls.load(Ordering::SeqCst) >= 1);
}

#[test]
fn html_from_the_token_endpoint_is_exit_3() {
    let (server, _) = hostile(
        600,
        0,
        vec![Reply::status(200, "text/html", "<html>maintenance</html>")],
    );
    device(&server).code(3).stderr_contains("text/html").run();
}

#[test]
fn no_device_endpoint_is_a_usage_error() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "token_endpoint": "{{base}}/token",
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    device(&server)
        .code(2)
        .stderr_contains("--device-authorization-endpoint")
        .run();
}

#[test]
fn an_explicit_device_endpoint_wins_over_discovery() {
    let (server, polls) = hostile(
        600,
        0,
        vec![Reply::json(json!({
            "access_token": "at-from-the-device-flow",
            "token_type": "Bearer",
            "scope": "profile",
        }))],
    );
    let elsewhere = format!("{}/device/elsewhere", server.url());
    Test::new()
        .args(["device", "--issuer", server.url(), "--client-id", "cli"])
        .args(["--device-authorization-endpoint", &elsewhere])
        .stdout_contains("Signed in to")
        .run();
    assert_eq!(polls.load(Ordering::SeqCst), 1);
    let paths = server.paths();
    assert!(paths.contains(&"/device/elsewhere".to_owned()), "{paths:?}");
    assert!(!paths.contains(&"/device/code".to_owned()), "{paths:?}");
}

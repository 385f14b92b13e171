//! `login` end to end: against the real provider, with `$BROWSER` running a
//! scripted user agent (`tests/provider/agent.mjs`) that logs in as alice
//! and consents on the provider's own pages; and against small hostile
//! servers for what no real provider does on demand (a forged state, a
//! wrong `iss`, HTML from the token endpoint).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::oidc_provider::{Provider, provider_dir};
use crate::support::{Reply, Server, Test};

/// The scripted user agent's log: one JSON object per line.
pub struct AgentLog {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl AgentLog {
    pub fn new() -> AgentLog {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("agent.log");
        AgentLog { _dir: dir, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.path)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The first entry of this step, waiting for it: the agent runs in the
    /// background and may still be writing when oauthctl has exited.
    #[track_caller]
    pub fn wait_for(&self, step: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let entries = self.entries();
            if let Some(e) = entries.iter().find(|e| e["step"] == step) {
                return e.clone();
            }
            if let Some(e) = entries.iter().find(|e| e["step"] == "error") {
                panic!("the agent failed: {}", e["message"]);
            }
            assert!(
                Instant::now() < deadline,
                "no {step:?} step from the agent; its log:\n{entries:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `$BROWSER` running the scripted agent.
pub fn agent_browser() -> String {
    format!("node {}", provider_dir().join("agent.mjs").display())
}

/// `oauthctl login` with the scripted agent as the browser.
fn login(log: &AgentLog, issuer: &str) -> Test {
    Test::new()
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", issuer, "--client-id", "cli"])
}

#[test]
fn login_as_alice_in_a_scripted_browser() {
    let p = Provider::start();
    let log = AgentLog::new();
    let out = login(&log, p.issuer())
        .env("AGENT_STRAY", "/favicon.ico,/elsewhere")
        .args(["--scope", "openid profile email", "-o", "json"])
        .run();
    let v = out.json();
    assert_eq!(v["issuer"], p.issuer(), "{v:#}");
    assert_eq!(v["sub"], "alice", "{v:#}");
    assert_eq!(v["name"], "Alice Example", "{v:#}");
    assert_eq!(v["email"], "alice@example.com", "{v:#}");
    let scope = v["scope"].as_str().unwrap();
    for s in ["openid", "profile", "email"] {
        assert!(scope.split(' ').any(|x| x == s), "{scope}");
    }
    assert!(v["expires_at"].as_i64().unwrap() > 0, "{v:#}");
    assert_eq!(v["refresh_token"], true, "{v:#}");
    for t in ["access_token", "id_token"] {
        assert!(v.get(t).is_none(), "no token on stdout: {v:#}");
    }
    // The stray requests came first and were turned away; the login went on.
    let strays: Vec<_> = log
        .entries()
        .into_iter()
        .filter(|e| e["step"] == "stray")
        .collect();
    assert_eq!(strays.len(), 2, "{strays:#?}");
    assert!(strays.iter().all(|e| e["status"] == 404), "{strays:#?}");
    // The browser landed on oauthctl's own page.
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 200, "{page:#}");
    let body = page["body"].as_str().unwrap();
    assert!(body.contains("Signed in"), "{body}");
    assert!(body.contains("return to the terminal"), "{body}");
    assert!(
        !body.contains("<script") && !body.contains("src="),
        "{body}"
    );
}

#[test]
fn login_prints_who_signed_in_as_text() {
    let p = Provider::start();
    let log = AgentLog::new();
    login(&log, p.issuer())
        .args(["--scope", "openid profile email"])
        .stdout_contains(format!(
            "Signed in to {} as Alice Example <alice@example.com>",
            p.issuer()
        ))
        .stdout_contains("sub      alice")
        .stderr_contains("Opened the browser")
        .run();
}

#[test]
fn a_denied_consent_is_a_refusal() {
    let p = Provider::start();
    let log = AgentLog::new();
    login(&log, p.issuer())
        .env("AGENT_MODE", "deny")
        .code(4)
        .stderr_contains("access_denied (End-User aborted interaction)")
        .run();
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 400, "{page:#}");
    assert!(
        page["body"].as_str().unwrap().contains("Sign-in failed"),
        "{page:#}"
    );
}

#[test]
fn without_a_display_the_url_is_printed_and_device_suggested() {
    let p = Provider::start();
    // No BROWSER and no DISPLAY (the environment is clean): nothing to
    // open; nobody signs in, so the short timeout ends it.
    Test::new()
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli"])
        .args(["--login-timeout", "1"])
        .code(5)
        .stderr_contains("there is no display")
        .stderr_contains(format!("{}/auth?", p.issuer()))
        .stderr_contains("code_challenge_method=S256")
        .stderr_contains("oauthctl device")
        .stderr_contains("--login-timeout")
        .run();
}

#[test]
fn no_browser_prints_the_url_even_with_a_browser_set() {
    let p = Provider::start();
    let log = AgentLog::new();
    login(&log, p.issuer())
        .args(["--no-browser", "--login-timeout", "1"])
        .code(5)
        .stderr_contains("Open this URL")
        .run();
    assert!(
        log.entries().is_empty(),
        "the agent ran: {:#?}",
        log.entries()
    );
}

#[test]
fn a_fixed_port_an_exact_redirect_uri_and_request_parameters() {
    let p = Provider::start();
    let port = crate::support::free_port();
    let log = AgentLog::new();
    // With the OpenID request parameters: max_age makes auth_time checked.
    login(&log, p.issuer())
        .args(["--port", &port.to_string()])
        .args(["--prompt", "login", "--login-hint", "alice"])
        .args([
            "--max-age",
            "300",
            "--acr-values",
            "urn:mace:incommon:iap:silver",
        ])
        .args(["--param", "ui_locales=en"])
        .stdout_contains("sub      alice")
        .run();
    let port = crate::support::free_port();
    let log = AgentLog::new();
    login(&log, p.issuer())
        .args([
            "--redirect-uri",
            &format!("http://127.0.0.1:{port}/callback"),
        ])
        .stdout_contains("sub      alice")
        .run();
    Test::new()
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli"])
        .args(["--redirect-uri", "https://example.com/callback"])
        .code(2)
        .stderr_contains("not an http URI")
        .run();
}

// ---------------------------------------------------------------------------
// Hostile servers
// ---------------------------------------------------------------------------

/// An issuer with discovery, an empty key set and a token endpoint that
/// answers `token`; nobody ever visits its authorization endpoint (the
/// agent goes straight to the callback).
fn hostile(iss_supported: bool, token: Reply) -> Server {
    let metadata = json!({
        "issuer": "{{base}}",
        "authorization_endpoint": "{{base}}/authorize",
        "token_endpoint": "{{base}}/token",
        "jwks_uri": "{{base}}/jwks",
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": iss_supported,
    });
    Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(metadata.clone()),
        "/jwks" => Reply::json(json!({ "keys": [] })),
        p if p.starts_with("/token") => token.clone(),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

/// `login` against a hostile server, the agent calling back with `query`.
fn hostile_login(server: &Server, log: &AgentLog, query: &str) -> Test {
    login(log, server.url())
        .env("AGENT_MODE", "callback")
        .env("AGENT_CALLBACK", query)
}

fn token_requests(server: &Server) -> usize {
    server
        .paths()
        .iter()
        .filter(|p| p.starts_with("/token"))
        .count()
}

fn never_called() -> Reply {
    Reply::status(500, "text/plain", "the token endpoint must not be called")
}

#[test]
fn a_forged_state_never_reaches_the_token_endpoint() {
    let server = hostile(false, never_called());
    let log = AgentLog::new();
    // The forged callback is ignored; no real one comes, so the login
    // times out, and says what it turned away.
    hostile_login(&server, &log, "code=stolen&state=forged")
        .args(["--login-timeout", "3"])
        .code(5)
        .stderr_contains("--login-timeout")
        .stderr_contains("state that did not match")
        .run();
    assert_eq!(token_requests(&server), 0, "{:?}", server.paths());
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 400);
    let body = page["body"].as_str().unwrap();
    assert!(body.contains("state does not match"), "{body}");
    assert!(body.contains("still waiting"), "{body}");
}

#[test]
fn a_forged_callback_does_not_cancel_the_login() {
    // Issue 12: one request with a wrong state (or none) on the redirect
    // URI used to end a waiting login. Now it is turned away and the real
    // callback, coming after it, signs in.
    let serve = crate::serve::Serve::start(&["--auto-approve"]);
    let log = AgentLog::new();
    Test::new()
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .env(
            "AGENT_STRAY",
            "/callback?code=stolen&state=forged,/callback?code=stolen",
        )
        .args([
            "login",
            "--issuer",
            serve.url(),
            "--client-id",
            "oauthctl-cli",
        ])
        .args(["--scope", "openid profile"])
        .stdout_contains(format!("Signed in to {}", serve.url()))
        .stdout_contains("sub      demo")
        .run();
    let strays: Vec<_> = log
        .entries()
        .into_iter()
        .filter(|e| e["step"] == "stray")
        .collect();
    assert_eq!(strays.len(), 2, "{strays:#?}");
    assert!(strays.iter().all(|e| e["status"] == 400), "{strays:#?}");
    assert_eq!(log.wait_for("callback")["status"], 200);
}

#[test]
fn a_wrong_or_missing_iss_is_rejected_when_advertised() {
    let server = hostile(true, never_called());
    let log = AgentLog::new();
    hostile_login(
        &server,
        &log,
        "code=abc&state={state}&iss=http%3A%2F%2Fevil.example",
    )
    .code(1)
    .stderr_contains("issuer \"http://evil.example\"")
    .stderr_contains("RFC 9207")
    .run();
    let log = AgentLog::new();
    hostile_login(&server, &log, "code=abc&state={state}")
        .code(1)
        .stderr_contains("has no iss")
        .run();
    assert_eq!(token_requests(&server), 0, "{:?}", server.paths());
}

#[test]
fn a_wrong_iss_is_rejected_even_when_not_advertised() {
    let server = hostile(false, never_called());
    let log = AgentLog::new();
    hostile_login(
        &server,
        &log,
        "code=abc&state={state}&iss=http%3A%2F%2Fevil.example",
    )
    .code(1)
    .stderr_contains("mix-up")
    .run();
    assert_eq!(token_requests(&server), 0);
}

#[test]
fn an_error_response_is_exit_4_with_its_description() {
    let server = hostile(false, never_called());
    let log = AgentLog::new();
    hostile_login(
        &server,
        &log,
        "error=access_denied&error_description=The+user+said+no&state={state}",
    )
    .code(4)
    .stderr_contains("the server refused: access_denied (The user said no)")
    .run();
    assert_eq!(token_requests(&server), 0);
    let page = log.wait_for("callback");
    assert!(
        page["body"]
            .as_str()
            .unwrap()
            .contains("access_denied (The user said no)"),
        "{page:#}"
    );
}

#[test]
fn html_from_the_token_endpoint_is_exit_3() {
    let server = hostile(
        false,
        Reply::status(200, "text/html", "<html><body>Please log in</body></html>"),
    );
    let log = AgentLog::new();
    hostile_login(&server, &log, "code=abc&state={state}")
        .code(3)
        .stderr_contains("text/html")
        .run();
    assert_eq!(token_requests(&server), 1);
}

#[test]
fn no_secret_reaches_stderr_even_with_vv() {
    const REFRESH: &str = "rt-0123456789-very-secret-refresh-token";
    const ACCESS: &str = "at-0123456789-very-secret-access-token";
    let server = hostile(
        false,
        Reply::json(json!({
            "access_token": ACCESS,
            "token_type": "Bearer",
            "expires_in": 300,
            "refresh_token": REFRESH,
            "scope": "profile",
        })),
    );
    let log = AgentLog::new();
    // No openid scope: no ID token is expected from this server.
    let out = hostile_login(&server, &log, "code=the-code-value-123456&state={state}")
        .args(["--scope", "profile", "-vv"])
        .stderr_lacks(REFRESH)
        .stderr_lacks(ACCESS)
        .stderr_lacks("the-code-value-123456")
        .stdout_contains("Signed in")
        .run();
    let token = server
        .requests()
        .into_iter()
        .find(|r| r.path.starts_with("/token"))
        .expect("a token request");
    assert_eq!(
        token.param("grant_type").as_deref(),
        Some("authorization_code")
    );
    let verifier = token.param("code_verifier").expect("a PKCE verifier");
    assert!((43..=128).contains(&verifier.len()), "{verifier}");
    assert!(!out.stderr.contains(&verifier), "{}", out.stderr);
    assert!(out.stderr.contains("code_verifier="), "the body was traced");
}

#[test]
fn an_id_token_that_fails_validation_is_rejected() {
    // Well signed, for the right issuer and client, but with a nonce that
    // oauthctl never sent (a replayed or injected ID token).
    let id_token = Arc::new(Mutex::new(String::new()));
    let shared = Arc::clone(&id_token);
    let jwks: Value = serde_json::from_str(
        &std::fs::read_to_string(provider_dir().join("keys/svc-jwt.jwks.json")).unwrap(),
    )
    .unwrap();
    let server = Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "authorization_endpoint": "{{base}}/authorize",
            "token_endpoint": "{{base}}/token",
            "jwks_uri": "{{base}}/jwks",
        })),
        "/jwks" => Reply::json(jwks.clone()),
        "/token" => Reply::json(json!({
            "access_token": "at-0123456789abcdef",
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": *shared.lock().unwrap(),
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    let key = provider_dir().join("keys/svc-jwt.key.pem");
    let token = Test::new()
        .args(["encode", "--alg", "RS256", "--key"])
        .arg(&key)
        .args(["--claim", &format!("iss={}", server.url())])
        .args(["--claim", "aud=cli", "--claim", "sub=mallory"])
        .args(["--claim", "nonce=not-the-one-sent", "--exp", "5m", "--iat"])
        .run()
        .stdout;
    *id_token.lock().unwrap() = token.trim().to_owned();
    let log = AgentLog::new();
    hostile_login(&server, &log, "code=abc&state={state}")
        .code(1)
        .stderr_contains("failed validation")
        .stderr_contains("nonce: does not match")
        .stdout_lacks("mallory")
        .run();
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 400, "{page:#}");
    assert!(
        page["body"].as_str().unwrap().contains("Sign-in failed"),
        "{page:#}"
    );
}

// ---------------------------------------------------------------------------
// oauthctl's own provider
// ---------------------------------------------------------------------------

#[test]
fn login_against_the_built_in_provider() {
    let serve = crate::serve::Serve::start(&["--auto-approve"]);
    let log = AgentLog::new();
    Test::new()
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .args([
            "login",
            "--issuer",
            serve.url(),
            "--client-id",
            "oauthctl-cli",
        ])
        .args(["--scope", "openid profile email"])
        .stdout_contains(format!("Signed in to {}", serve.url()))
        .stdout_contains("sub      demo")
        .run();
    assert_eq!(log.wait_for("callback")["status"], 200);
}

#[test]
fn login_stores_tokens_that_token_and_validate_use_and_vv_leaks_none() {
    let p = Provider::start();
    let state = tempfile::tempdir().unwrap();
    let log = AgentLog::new();
    let out = login(&log, p.issuer())
        .env("XDG_STATE_HOME", state.path())
        .env("OAUTHCTL_STORE", "file")
        .args(["--scope", "openid profile email", "-vv"])
        .stdout_contains("sub      alice")
        .stdout_contains("stored")
        .run();
    // The entry: one private file with the three tokens.
    let dir = state.path().join("oauthctl/tokens");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let entry: Value = serde_json::from_slice(&std::fs::read(&files[0]).unwrap()).unwrap();
    let secret = |name: &str| {
        entry[name]
            .as_str()
            .unwrap_or_else(|| panic!("no {name} stored: {entry:#}"))
            .to_owned()
    };
    let (access, refresh, id) = (
        secret("access_token"),
        secret("refresh_token"),
        secret("id_token"),
    );
    // -vv traced the exchange, with every token redacted.
    assert!(out.stderr.contains("< 200"), "{}", out.stderr);
    for (name, value) in [("access", &access), ("refresh", &refresh), ("ID", &id)] {
        assert!(
            !out.stderr.contains(value.as_str()),
            "the {name} token is on stderr:\n{}",
            out.stderr
        );
    }
    // `token` reads what login stored, and the ID token passes `validate`
    // against the issuer on its own.
    let stored = |arg: Option<&str>| {
        Test::new()
            .env("XDG_STATE_HOME", state.path())
            .env("OAUTHCTL_STORE", "file")
            .args(["token", "--issuer", p.issuer(), "--client-id", "cli"])
            .args(arg)
            .run()
            .stdout
            .trim()
            .to_owned()
    };
    assert_eq!(stored(None), access);
    assert_eq!(stored(Some("--id-token")), id);
    let report = Test::new()
        .args(["validate", "-o", "json", "--issuer", p.issuer()])
        .args(["--audience", "cli", "--client-id", "cli", &id])
        .run()
        .json();
    assert_eq!(report["valid"], true, "{report:#}");
    assert_eq!(report["claims"]["sub"], "alice", "{report:#}");
}

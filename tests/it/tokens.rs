//! Integration tests: `token`, `refresh`, `logout`, `introspect` and
//! `userinfo` against the real provider (tests/provider), with logins
//! seeded through its device flow into the file store, and hostile servers
//! for what no real provider does on demand.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::oidc_provider::Provider;
use crate::support::{Reply, Server, Test};

/// A user's home with a profile `dev` (the provider's public client `cli`)
/// and a file store.
pub struct Home {
    dir: tempfile::TempDir,
    pub issuer: String,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl Home {
    pub fn new(issuer: &str) -> Home {
        let dir = crate::support::home_with_config(&format!(
            "[profiles.dev]\nissuer = \"{issuer}\"\nclient_id = \"cli\"\n"
        ));
        Home {
            dir,
            issuer: issuer.to_owned(),
        }
    }

    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The profile's entry in the file store.
    pub fn entry_path(&self) -> PathBuf {
        self.dir
            .path()
            .join("state/oauthctl/tokens/profile-dev.json")
    }

    /// Store a login as `login` would: the token response, expiring in
    /// `expires_in` seconds from now.
    pub fn seed(&self, tokens: &Value, expires_in: i64) {
        let mut entry = json!({
            "issuer": self.issuer,
            "client_id": "cli",
            "access_token": tokens["access_token"],
            "token_type": "Bearer",
            "expires_at": now() + expires_in,
            "expires_in": tokens["expires_in"],
            "scope": tokens["scope"],
        });
        for k in ["refresh_token", "id_token"] {
            if tokens[k].is_string() {
                entry[k] = tokens[k].clone();
            }
        }
        let path = self.entry_path();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, entry.to_string()).unwrap();
    }

    /// The stored entry.
    pub fn stored(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.entry_path()).unwrap()).unwrap()
    }

    /// `oauthctl -p dev ARGS` in this home, with the file store.
    pub fn run<I, S>(&self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        crate::support::with_profile(self.dir.path(), "dev").args(args)
    }
}

const SCOPE: &str = "openid profile email offline_access";

fn logged_in(expires_in: i64) -> (Provider, Home, Value) {
    let p = Provider::start();
    let home = Home::new(p.issuer());
    let tokens = p.device_login(SCOPE);
    home.seed(&tokens, expires_in);
    (p, home, tokens)
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn token_prints_the_stored_token_in_every_format() {
    let (p, home, tokens) = logged_in(3600);
    let at = s(&tokens["access_token"]);
    let out = home.run(["token"]).run();
    assert_eq!(out.stdout, format!("{at}\n"), "nothing but the token");
    let v = home.run(["token", "-o", "json"]).run().json();
    assert_eq!(v["access_token"], at);
    assert!(
        v.get("refresh_token").is_none(),
        "never the refresh token: {v:#}"
    );
    assert!((v["expires_at"].as_i64().unwrap() - (now() + 3600)).abs() < 10);
    home.run(["token", "-o", "header"])
        .stdout_contains(format!("Authorization: Bearer {at}"))
        .run();
    let ec = home.run(["token", "-o", "exec-credential"]).run().json();
    assert_eq!(ec["status"]["token"], at);
    let idt = home.run(["token", "--id-token"]).run();
    assert_eq!(idt.stdout.trim(), s(&tokens["id_token"]));
    assert_eq!(p.refresh_count(), 0, "a fresh token needs no request");
}

#[test]
fn an_expiring_token_is_refreshed_and_the_rotated_refresh_token_stored() {
    let (p, home, tokens) = logged_in(30);
    let (old_at, old_rt) = (s(&tokens["access_token"]), s(&tokens["refresh_token"]));
    let out = home.run(["token"]).run();
    let new_at = out.stdout.trim().to_owned();
    assert_ne!(new_at, old_at, "refreshed within --min-ttl 60");
    assert_eq!(p.refresh_count(), 1);
    let stored = home.stored();
    assert_eq!(stored["access_token"], new_at.as_str());
    let new_rt = s(&stored["refresh_token"]).to_owned();
    assert_ne!(new_rt, old_rt, "the rotated refresh token is stored");
    assert!((stored["expires_at"].as_i64().unwrap() - now()).abs() > 60);
    assert!(
        stored["id_token"].is_string(),
        "an ID token is kept: {stored:#}"
    );
    assert_eq!(
        p.introspect(old_rt)["active"],
        false,
        "the old one is spent"
    );
    assert_eq!(p.introspect(&new_at)["active"], true);
    // --min-ttl 0: still fresh, no request.
    home.run(["token", "--min-ttl", "0"])
        .stdout_contains(&new_at)
        .run();
    assert_eq!(p.refresh_count(), 1);

    // `refresh` forces a grant with the stored (rotated) refresh token.
    let forced = home.run(["refresh", "-o", "json"]).run().json();
    assert_eq!(p.refresh_count(), 2);
    assert_ne!(forced["access_token"], new_at.as_str());
    assert_ne!(home.stored()["refresh_token"], new_rt.as_str());
    assert_eq!(home.stored()["access_token"], forced["access_token"]);
}

#[test]
fn a_refused_refresh_names_the_login_command() {
    let (p, home, tokens) = logged_in(10);
    let mut bad = tokens.clone();
    bad["refresh_token"] = json!("not-a-refresh-token-at-all");
    home.seed(&bad, 10);
    home.run(["token"])
        .code(4)
        .stderr_contains("invalid_grant")
        .stderr_contains("run `oauthctl -p dev login`")
        .stdout_lacks(s(&tokens["access_token"]))
        .run();
    assert_eq!(p.refresh_count(), 1);
    // No refresh token at all, and expired.
    bad.as_object_mut().unwrap().remove("refresh_token");
    home.seed(&bad, -5);
    home.run(["token"])
        .code(4)
        .stderr_contains("no refresh token")
        .stderr_contains("oauthctl -p dev login")
        .run();
}

#[test]
fn nothing_stored_names_the_login_command() {
    let home = Home::new("http://127.0.0.1:9");
    home.run(["token"])
        .code(4)
        .stderr_contains("no stored tokens")
        .stderr_contains("run `oauthctl -p dev login`")
        .run();
    Test::new()
        .args([
            "token",
            "--store",
            "file",
            "--issuer",
            "https://as.example",
            "--client-id",
            "cli",
        ])
        .code(4)
        .stderr_contains("oauthctl login --issuer https://as.example --client-id cli")
        .run();
    Test::new()
        .args(["token", "--store", "file"])
        .code(2)
        .stderr_contains("give -p PROFILE")
        .run();
}

#[test]
fn eight_concurrent_token_calls_refresh_once() {
    let (p, home, tokens) = logged_in(5);
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut cmd = crate::support::clean_command(home.path());
            cmd.env("OAUTHCTL_STORE", "file")
                .args(["-p", "dev", "token"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for o in &outputs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let printed: Vec<String> = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .collect();
    assert_eq!(p.refresh_count(), 1, "one refresh for eight calls");
    let new_at = s(&home.stored()["access_token"]).to_owned();
    assert_ne!(new_at, s(&tokens["access_token"]));
    assert!(printed.iter().all(|t| *t == new_at), "{printed:#?}");
    assert_eq!(p.introspect(&new_at)["active"], true, "a valid token");
}

#[test]
fn logout_revokes_and_deletes() {
    let (p, home, tokens) = logged_in(3600);
    let (at, rt) = (s(&tokens["access_token"]), s(&tokens["refresh_token"]));
    assert_eq!(p.introspect(rt)["active"], true);
    let out = home.run(["logout", "--end-session"]).run();
    assert!(
        out.stdout.contains("revoked the refresh_token"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("deleted the stored tokens"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains(&format!("{}/session/end?id_token_hint=", p.issuer())),
        "{}",
        out.stderr
    );
    assert_eq!(
        p.introspect(rt)["active"],
        false,
        "the refresh token is revoked"
    );
    assert_eq!(
        p.introspect(at)["active"],
        false,
        "the access token is revoked"
    );
    assert!(!home.entry_path().exists(), "deleted from the store");
    home.run(["token"])
        .code(4)
        .stderr_contains("no stored tokens")
        .run();
    home.run(["logout"])
        .stderr_contains("nothing to log out")
        .run();
}

#[test]
fn introspect_with_basic_and_post_authentication() {
    let p = Provider::start();
    let tokens = p.device_login(SCOPE);
    let at = s(&tokens["access_token"]);
    let dir = tempfile::tempdir().unwrap();
    let secret = |name: &str, value: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, value).unwrap();
        path
    };
    let basic = secret("basic", "svc-basic-secret\n");
    let out = Test::new()
        .args([
            "introspect",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-basic",
        ])
        .arg("--client-secret-file")
        .arg(&basic)
        // An opaque token may start with '-': `--` ends the options.
        .arg("--")
        .arg(at)
        .run();
    assert!(out.stdout.starts_with("ACTIVE"), "{}", out.stdout);
    assert!(out.stdout.contains("alice"), "{}", out.stdout);
    let post = secret("post", "svc-post-secret");
    let v = Test::new()
        .args([
            "introspect",
            "-o",
            "json",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-post",
            "--auth-method",
            "client_secret_post",
            "--token-type-hint",
            "refresh_token",
        ])
        .arg("--client-secret-file")
        .arg(&post)
        .arg("--")
        .arg(s(&tokens["refresh_token"]))
        .run()
        .json();
    assert_eq!(v["active"], true);
    assert_eq!(v["sub"], "alice");
    assert_eq!(v["client_id"], "cli");
    Test::new()
        .args([
            "introspect",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-basic",
        ])
        .arg("--client-secret-file")
        .arg(&basic)
        .arg("no-such-token")
        .code(1)
        .stdout_contains("INACTIVE")
        .run();
    let wrong = secret("wrong", "nope");
    Test::new()
        .args([
            "introspect",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-basic",
        ])
        .arg("--client-secret-file")
        .arg(&wrong)
        .arg(at)
        .code(4)
        .stderr_contains("invalid_client")
        .stderr_lacks("nope")
        .run();
}

/// `userinfo` may refresh first, so it takes every provider option:
/// `--auth-method none` (a public client) was once refused as an
/// unexpected argument.
#[test]
fn userinfo_refreshes_an_expiring_login_with_the_provider_options() {
    let (p, home, tokens) = logged_in(30);
    let old_at = s(&tokens["access_token"]).to_owned();
    let v = home
        .run(["userinfo", "-o", "json", "--auth-method", "none"])
        .run()
        .json();
    assert_eq!(v["sub"], "alice");
    assert_eq!(p.refresh_count(), 1, "refreshed within 60 s of expiry");
    assert_ne!(home.stored()["access_token"], old_at.as_str());
    home.run(["userinfo", "--auth-method", "nonsense"])
        .code(2)
        .stderr_contains("nonsense")
        .run();
}

#[test]
fn userinfo_with_the_stored_and_a_given_token() {
    let (p, home, tokens) = logged_in(3600);
    let out = home.run(["userinfo"]).run();
    assert!(out.stdout.contains("alice@example.com"), "{}", out.stdout);
    let v = home.run(["userinfo", "-o", "json"]).run().json();
    assert_eq!(v["sub"], "alice");
    assert_eq!(v["name"], "Alice Example");
    let given = Test::new()
        .args([
            "userinfo",
            "-o",
            "json",
            "--issuer",
            p.issuer(),
            "--access-token",
        ])
        .arg(s(&tokens["access_token"]))
        .run()
        .json();
    assert_eq!(given["sub"], "alice");
    Test::new()
        .args([
            "userinfo",
            "--issuer",
            p.issuer(),
            "--access-token",
            "bogus",
        ])
        .code(4)
        .stderr_contains("invalid_token")
        .run();
}

#[test]
fn a_userinfo_sub_that_is_not_the_id_tokens_is_refused() {
    let p = Provider::start();
    let tokens = p.device_login(SCOPE);
    let hostile = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}", "userinfo_endpoint": "{{base}}/me",
            "token_endpoint": "{{base}}/token", "jwks_uri": "{{base}}/jwks"
        })),
        "/me" => Reply::json(json!({ "sub": "mallory", "email": "mallory@evil.example" })),
        _ => Reply::status(404, "text/plain", "no"),
    });
    let home = Home::new(hostile.url());
    home.seed(&tokens, 3600);
    home.run(["userinfo"])
        .code(1)
        .stderr_contains("\"mallory\" is not the ID token's sub \"alice\"")
        .stderr_contains("5.3.2")
        .stdout_lacks("mallory")
        .run();
}

/// A token endpoint that answers a refresh with `replies` in turn.
fn hostile_issuer(replies: Vec<Reply>) -> (Server, Arc<AtomicUsize>) {
    let n = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&n);
    let server = Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}", "token_endpoint": "{{base}}/token", "jwks_uri": "{{base}}/jwks"
        })),
        "/token" => {
            let i = count.fetch_add(1, Ordering::SeqCst);
            replies[i.min(replies.len() - 1)].clone()
        }
        _ => Reply::status(404, "text/plain", "no"),
    });
    (server, n)
}

const STORED_RT: &str = "stored-refresh-token-0123456789";
const NEW_RT: &str = "rotated-refresh-token-9876543210";

fn seed_local(home: &Home) {
    home.seed(
        &json!({ "access_token": "old-access-token", "refresh_token": STORED_RT }),
        10,
    );
}

#[test]
fn refresh_faults_give_the_documented_exit_codes() {
    // Nothing listens: exit 3.
    let home = Home::new(&format!("http://127.0.0.1:{}", crate::support::free_port()));
    seed_local(&home);
    home.run(["token"])
        .code(3)
        .stderr_contains("could not connect")
        .run();

    // 503 with Retry-After, then a token: waits once, then succeeds.
    let ok = Reply::json(json!({
        "access_token": "new-access-token", "token_type": "Bearer", "expires_in": 600,
        "refresh_token": NEW_RT
    }));
    let busy = Reply::status(503, "text/plain", "busy").header("Retry-After", "0");
    let (server, n) = hostile_issuer(vec![busy, ok]);
    let home = Home::new(server.url());
    seed_local(&home);
    let out = home.run(["-vv", "token"]).run();
    assert_eq!(out.stdout, "new-access-token\n");
    assert_eq!(n.load(Ordering::SeqCst), 2, "one retry after Retry-After");
    assert_eq!(home.stored()["refresh_token"], NEW_RT);
    for secret in [STORED_RT, NEW_RT] {
        assert!(
            !out.stderr.contains(secret),
            "a refresh token in -vv:\n{}",
            out.stderr
        );
    }
    assert!(
        out.stderr.contains("refresh_token=stored…"),
        "{}",
        out.stderr
    );

    // HTML instead of JSON: exit 3, and the stored login is left alone.
    let (server, _) = hostile_issuer(vec![Reply::status(
        200,
        "text/html",
        "<html>maintenance</html>",
    )]);
    let home = Home::new(server.url());
    seed_local(&home);
    home.run(["token"])
        .code(3)
        .stderr_contains("not a token response")
        .stderr_contains("text/html")
        .run();
    assert_eq!(home.stored()["refresh_token"], STORED_RT);

    // 500: exit 3.
    let (server, _) = hostile_issuer(vec![Reply::status(500, "text/plain", "oops")]);
    let home = Home::new(server.url());
    seed_local(&home);
    home.run(["refresh"]).code(3).run();
}

#[test]
fn logout_end_session_opens_the_browser() {
    let (p, home, tokens) = logged_in(3600);
    // A "browser" that writes down the URL it was given.
    let seen = home.path().join("browser-url");
    let script = home.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf %s \"$1\" > '{}'\n", seen.display()),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    home.run(["logout", "--end-session"])
        .env("BROWSER", &script)
        .stderr_contains("Opened the browser to end the session")
        .run();
    // The browser runs on its own: wait for it to have written.
    for _ in 0..100 {
        if std::fs::metadata(&seen).is_ok_and(|m| m.len() > 0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let url = url::Url::parse(&std::fs::read_to_string(&seen).unwrap()).unwrap();
    assert_eq!(
        url.as_str().split('?').next(),
        Some(format!("{}/session/end", p.issuer()).as_str())
    );
    let hint = url
        .query_pairs()
        .find(|(k, _)| k == "id_token_hint")
        .unwrap()
        .1;
    assert_eq!(hint, s(&tokens["id_token"]));
}

// ---------------------------------------------------------------- hardening

#[test]
fn an_absurd_lifetime_is_clamped_in_an_exec_credential() {
    // expires_in of 9500 years: formatting expires_at panicked (exit 101),
    // so an issuer could crash a kubectl credential plugin.
    let (server, _) = hostile_issuer(vec![Reply::json(json!({
        "access_token": "new-access-token", "token_type": "Bearer",
        "expires_in": 300_000_000_000_u64
    }))]);
    let home = Home::new(server.url());
    seed_local(&home);
    let out = home.run(["token", "-o", "exec-credential"]).run();
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["status"]["token"], "new-access-token");
    assert_eq!(v["status"]["expirationTimestamp"], "9999-12-31T23:59:59Z");
    // And the largest number JSON may carry does not wrap either.
    let (server, _) = hostile_issuer(vec![Reply::json(json!({
        "access_token": "new-access-token", "token_type": "Bearer",
        "expires_in": u64::MAX
    }))]);
    let home = Home::new(server.url());
    seed_local(&home);
    home.run(["token", "-o", "exec-credential"])
        .stdout_contains("9999-12-31T23:59:59Z")
        .run();
}

#[test]
fn an_access_token_that_could_split_a_header_is_refused() {
    for (token, token_type) in [
        ("evil\nX-Injected: 1", "Bearer"),
        ("evil\u{1b}]0;pwned\u{7}", "Bearer"),
        ("ok-token", "Bearer\r\nX-Injected: 1"),
    ] {
        let (server, _) = hostile_issuer(vec![Reply::json(json!({
            "access_token": token, "token_type": token_type, "expires_in": 600
        }))]);
        let home = Home::new(server.url());
        seed_local(&home);
        let out = home
            .run(["token", "-o", "header"])
            .code(3)
            .stderr_contains(format!("{}/token", server.url()))
            .stderr_contains("refused")
            .stderr_lacks("X-Injected: 1")
            .stderr_lacks("\u{1b}")
            .run();
        assert_eq!(out.stdout, "", "nothing on stdout");
        assert_eq!(out.stderr.lines().count(), 1, "one line:\n{}", out.stderr);
        // The stored login is left as it was.
        assert_eq!(home.stored()["access_token"], "old-access-token");
    }
}

#[test]
fn what_a_server_says_is_escaped_and_redacted() {
    // cli:super-secret-canary, as a Basic header carries it.
    const ECHOED: &str = "Y2xpOnN1cGVyLXNlY3JldC1jYW5hcnk=";
    let refusal = Reply::status(
        400,
        "application/json",
        json!({
            "error": "invalid_grant\u{1b}[2J",
            "error_description": format!("bad client: Authorization: Basic {ECHOED}\n\u{1b}[31mVALID")
        })
        .to_string(),
    );
    let (server, _) = hostile_issuer(vec![refusal]);
    let home = Home::new(server.url());
    seed_local(&home);
    let out = home
        .run(["refresh"])
        .code(4)
        .stderr_contains("Basic Y2xpOn")
        .stderr_lacks(ECHOED)
        .stderr_lacks("\u{1b}")
        .run();
    assert!(
        !out.stderr.lines().any(|l| l.trim() == "VALID"),
        "{}",
        out.stderr
    );

    // An HTTP error body quoting the request.
    let (server, _) = hostile_issuer(vec![Reply::status(
        500,
        "text/plain",
        format!("failed: client_secret=super-secret-canary&refresh_token={STORED_RT}\u{1b}[2J"),
    )]);
    let home = Home::new(server.url());
    seed_local(&home);
    home.run(["refresh"])
        .code(3)
        .stderr_lacks("super-secret-canary")
        .stderr_lacks(STORED_RT)
        .stderr_lacks("\u{1b}")
        .run();
}

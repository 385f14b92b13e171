//! Integration tests: client-credentials against a local token endpoint
//! that records what it was sent (the real provider is in oidc_provider.rs).

use base64::Engine;
use serde_json::json;

use crate::support::{Reply, Server, Test};

const SECRET: &str = "svc-secret-with:colon&amp";

fn token_server(expires_in: u64) -> Server {
    Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}", "token_endpoint": "{{base}}/token", "jwks_uri": "{{base}}/jwks"
        })),
        "/token" => Reply::json(json!({
            "access_token": "at-0123456789abcdef", "token_type": "bearer", "expires_in": expires_in, "scope": "api:read"
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

fn secret_file(dir: &std::path::Path) -> std::path::PathBuf {
    let p = dir.join("secret");
    std::fs::write(&p, format!("{SECRET}\n")).unwrap();
    p
}

#[test]
fn basic_auth_prints_only_the_token() {
    let server = token_server(300);
    let dir = tempfile::tempdir().unwrap();
    let out = Test::new()
        .args([
            "cc",
            "--issuer",
            server.url(),
            "--client-id",
            "svc",
            "--scope",
            "api:read api:write",
        ])
        .args([
            "--resource",
            "urn:api",
            "--audience",
            "aud-1",
            "--param",
            "x=1",
            "--client-secret-file",
        ])
        .arg(secret_file(dir.path()))
        .run();
    assert_eq!(
        out.stdout, "at-0123456789abcdef\n",
        "nothing but the token on stdout"
    );
    let token_req = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/token")
        .unwrap();
    // RFC 6749 §2.3.1: the ID and secret are form-encoded, then Basic.
    let basic = token_req
        .header("authorization")
        .unwrap()
        .strip_prefix("Basic ")
        .unwrap();
    let decoded = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(basic)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(decoded, "svc:svc-secret-with%3Acolon%26amp");
    assert_eq!(
        token_req.param("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(
        token_req.param("scope").as_deref(),
        Some("api:read api:write")
    );
    assert_eq!(token_req.param("resource").as_deref(), Some("urn:api"));
    assert_eq!(token_req.param("audience").as_deref(), Some("aud-1"));
    assert_eq!(token_req.param("x").as_deref(), Some("1"));
    assert!(
        token_req.param("client_secret").is_none(),
        "basic auth keeps the secret out of the body"
    );
}

#[test]
fn post_auth_and_the_output_formats() {
    let server = token_server(300);
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "cc",
        "--no-cache",
        "--auth-method",
        "client_secret_post",
        "--client-id",
        "svc",
    ];
    let ep = format!("{}/token", server.url());
    let out = Test::new()
        .args(base)
        .args(["--token-endpoint", &ep, "-o", "json"])
        .env("OAUTHCTL_CLIENT_SECRET", SECRET)
        .run();
    let v = out.json();
    assert_eq!(v["access_token"], "at-0123456789abcdef");
    assert_eq!(v["token_type"], "Bearer");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((v["expires_at"].as_i64().unwrap() - (now + 300)).abs() < 5);
    let r = &server.requests()[0];
    assert_eq!(r.param("client_id").as_deref(), Some("svc"));
    assert_eq!(r.param("client_secret").as_deref(), Some(SECRET));
    assert!(r.header("authorization").is_none());

    Test::new()
        .args(base)
        .args([
            "--token-endpoint",
            &ep,
            "-o",
            "header",
            "--client-secret-file",
        ])
        .arg(secret_file(dir.path()))
        .stdout_contains("Authorization: Bearer at-0123456789abcdef")
        .run();
    let ec = Test::new()
        .args(base)
        .args([
            "--token-endpoint",
            &ep,
            "-o",
            "exec-credential",
            "--client-secret-file",
        ])
        .arg(secret_file(dir.path()))
        .run()
        .json();
    assert_eq!(ec["kind"], "ExecCredential");
    assert_eq!(ec["apiVersion"], "client.authentication.k8s.io/v1");
    assert_eq!(ec["status"]["token"], "at-0123456789abcdef");
    assert!(
        ec["status"]["expirationTimestamp"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
}

#[test]
fn the_cache_answers_without_a_request_until_min_ttl() {
    let server = token_server(300);
    let t = Test::new();
    let home = t.home().to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let secret = secret_file(dir.path());
    let ep = format!("{}/token", server.url());
    let run = |extra: &[&str]| {
        Test::new()
            .env("XDG_STATE_HOME", home.join("state"))
            .args([
                "cc",
                "--client-id",
                "svc",
                "--token-endpoint",
                &ep,
                "--client-secret-file",
            ])
            .arg(&secret)
            .args(extra)
            .run()
    };
    run(&[]);
    run(&[]);
    run(&["--min-ttl", "100"]);
    assert_eq!(server.hits(), 1, "two cache hits, no second request");
    run(&["--min-ttl", "400"]);
    assert_eq!(server.hits(), 2, "less than --min-ttl left: a new token");
    run(&["--no-cache"]);
    assert_eq!(server.hits(), 3);
    run(&["--scope", "other"]);
    assert_eq!(server.hits(), 4, "another scope is another cache entry");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let cache = home.join("state/oauthctl/cache");
        for e in std::fs::read_dir(&cache).unwrap() {
            let mode = e.unwrap().metadata().unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "cache files are private");
        }
        let text: String = std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        assert!(!text.contains(SECRET), "the client secret is never cached");
    }
    drop(t);
}

#[test]
fn refusals_are_exit_4_with_the_servers_words() {
    let server = Server::new(|_, _| {
        Reply::status(
            401,
            "application/json",
            r#"{"error":"invalid_client","error_description":"client authentication failed"}"#,
        )
    });
    let dir = tempfile::tempdir().unwrap();
    Test::new()
        .args([
            "cc",
            "--client-id",
            "svc",
            "--token-endpoint",
            &format!("{}/token", server.url()),
            "--client-secret-file",
        ])
        .arg(secret_file(dir.path()))
        .code(4)
        .stderr_contains("invalid_client (client authentication failed)")
        .stderr_lacks(SECRET)
        .stdout_lacks("at-")
        .run();
}

#[test]
fn html_and_server_errors_are_exit_3() {
    let server = Server::new(|_, _| Reply::status(200, "text/html", "<html>login</html>"));
    let dir = tempfile::tempdir().unwrap();
    Test::new()
        .args([
            "cc",
            "--client-id",
            "svc",
            "--token-endpoint",
            &format!("{}/token", server.url()),
            "--client-secret-file",
        ])
        .arg(secret_file(dir.path()))
        .code(3)
        .stderr_contains("not a token response")
        .stderr_contains("text/html")
        .run();
}

#[test]
fn secrets_stay_out_of_traces_and_argv_warns() {
    let server = token_server(300);
    let out = Test::new()
        .args([
            "-vv",
            "cc",
            "--no-cache",
            "--auth-method",
            "client_secret_post",
            "--client-id",
            "svc",
        ])
        .args([
            "--token-endpoint",
            &format!("{}/token", server.url()),
            "--client-secret",
            SECRET,
        ])
        .stderr_contains("warning: --client-secret puts the secret in the process list")
        .stderr_contains("> POST")
        .run();
    assert!(
        !out.stderr.contains(SECRET),
        "secret in the trace: {}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("at-0123456789abcdef"),
        "token in the trace: {}",
        out.stderr
    );
    assert!(out.stderr.contains("at-012…[19 chars]"), "{}", out.stderr);
}

#[test]
fn private_key_jwt_sends_a_verifiable_assertion() {
    let server = token_server(300);
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.pem");
    let st = std::process::Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(st.status.success());
    let ep = format!("{}/token", server.url());
    Test::new()
        .args([
            "cc",
            "--no-cache",
            "--client-id",
            "svc",
            "--token-endpoint",
            &ep,
            "--private-key",
        ])
        .arg(&key)
        .stdout_contains("at-0123456789abcdef")
        .run();
    let r = &server.requests()[0];
    assert_eq!(
        r.param("client_assertion_type").as_deref(),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    assert!(r.param("client_secret").is_none());
    let assertion = r.param("client_assertion").unwrap();
    // The assertion, checked by the validation engine with the public half.
    Test::new()
        .args([
            "validate",
            "--issuer",
            "svc",
            "--audience",
            &ep,
            "--claim",
            "sub=svc",
            "--require",
            "jti",
            "--key",
        ])
        .arg(&key)
        .arg(&assertion)
        .stdout_contains("VALID")
        .run();
}

#[test]
fn missing_pieces_are_usage_errors() {
    Test::new()
        .args(["cc", "--token-endpoint", "http://127.0.0.1:9/t"])
        .code(2)
        .stderr_contains("no client ID")
        .run();
    Test::new()
        .args([
            "cc",
            "--client-id",
            "svc",
            "--token-endpoint",
            "http://127.0.0.1:9/t",
        ])
        .code(2)
        .stderr_contains("no client secret")
        .run();
    Test::new()
        .args(["cc", "--client-id", "svc"])
        .env("OAUTHCTL_CLIENT_SECRET", "x")
        .code(2)
        .stderr_contains("no issuer")
        .run();
}

#[test]
fn a_429_with_retry_after_is_retried_once() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let calls = AtomicUsize::new(0);
    let server = Server::new(move |_, _| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(429, "application/json", r#"{"error":"slow_down"}"#)
                .header("Retry-After", "1")
        } else {
            Reply::json(
                json!({"access_token": "at-after-retry", "token_type": "Bearer", "expires_in": 60}),
            )
        }
    });
    let ep = format!("{}/token", server.url());
    Test::new()
        .args([
            "cc",
            "--no-cache",
            "--client-id",
            "svc",
            "--token-endpoint",
            &ep,
        ])
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .stdout_contains("at-after-retry")
        .run();
    assert_eq!(server.hits(), 2);
    // A second 429 is server trouble, not a refusal, whatever its body
    // says: exit 3 (worth retrying later), with its words.
    let always = Server::new(|_, _| {
        Reply::status(
            429,
            "application/json",
            r#"{"error":"temporarily_unavailable"}"#,
        )
        .header("Retry-After", "0")
    });
    Test::new()
        .args([
            "cc",
            "--no-cache",
            "--client-id",
            "svc",
            "--token-endpoint",
            &format!("{}/token", always.url()),
        ])
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .code(3)
        .stderr_contains("HTTP 429 (temporarily_unavailable)")
        .run();
    assert_eq!(always.hits(), 2, "retried once, not more");
}

/// With `--issuer`, a cache hit sends nothing at all, not even discovery:
/// a job of many steps asks the issuer once, and keeps its token while the
/// issuer is down.
#[test]
fn a_cache_hit_with_an_issuer_sends_no_request_and_survives_an_outage() {
    let server = token_server(300);
    let issuer = server.url().to_owned();
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let secret = secret_file(dir.path());
    let run = |code: i32| {
        Test::new()
            .env("XDG_STATE_HOME", home.path().join("state"))
            .args(["cc", "--issuer", &issuer, "--client-id", "svc"])
            .arg("--client-secret-file")
            .arg(&secret)
            .code(code)
            .run()
    };
    let first = run(0);
    assert_eq!(first.stdout, "at-0123456789abcdef\n");
    assert_eq!(
        server.paths(),
        ["/.well-known/openid-configuration", "/token"],
        "a miss: discovery, then the token"
    );
    run(0);
    run(0);
    assert_eq!(server.hits(), 2, "two hits, no request of any kind");
    drop(server);
    let during_outage = run(0);
    assert_eq!(during_outage.stdout, "at-0123456789abcdef\n");
}

//! Token sources (`src/sources.rs`): every form as the CI platforms set
//! them (files and variables), the GitHub Actions runner endpoint's
//! request and answer shape on a loopback server (no real runner can be
//! started here), the faults, `validate --claim` globs on a CI token, and
//! `--client-assertion` against node oidc-provider and `oauthctl serve`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::{Reply, Server, Test, clean_command};

/// The issuer a GitHub Actions job token names.
const GH_ISSUER: &str = "https://token.actions.githubusercontent.com";
/// The runner's request token: a secret, like the job token.
const REQUEST_TOKEN: &str = "runner-request-token-4c1e8a-DO-NOT-PRINT";

fn keys() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/provider/keys")
}

/// The `kid` of keys/svc-jwt.jwks.json.
fn kid() -> String {
    let set: Value =
        serde_json::from_str(&std::fs::read_to_string(keys().join("svc-jwt.jwks.json")).unwrap())
            .unwrap();
    set["keys"][0]["kid"].as_str().unwrap().to_owned()
}

/// A JWT signed by keys/svc-jwt.key.pem with these string claims, valid
/// for five minutes, with a fresh `jti`: minted with `oauthctl encode`.
fn mint(claims: &[(&str, &str)]) -> String {
    let mut t = Test::new()
        .args(["encode", "--alg", "RS256", "--kid", &kid(), "--exp", "5m"])
        .args(["--iat", "--jti"])
        .arg("--key")
        .arg(keys().join("svc-jwt.key.pem"));
    for (k, v) in claims {
        t = t.args(["--claim", &format!("{k}={v}")]);
    }
    t.run().stdout.trim().to_owned()
}

/// A job token as GitHub Actions issues them (the claims a trust rule
/// looks at).
fn github_job_token(sub: &str, aud: &str) -> String {
    mint(&[
        ("iss", GH_ISSUER),
        ("sub", sub),
        ("aud", aud),
        ("repository", "acme/app"),
        ("ref", "refs/heads/main"),
        (
            "job_workflow_ref",
            "acme/app/.github/workflows/ci.yml@refs/heads/main",
        ),
    ])
}

/// `decode -o json SPEC` with `env`, and the decoded `sub`.
fn decoded_sub(spec: &str, env: &[(&str, &str)], stdin: Option<&str>) -> String {
    let mut t = Test::new().args(["decode", "-o", "json", spec]);
    for (k, v) in env {
        t = t.env(k, v);
    }
    if let Some(s) = stdin {
        t = t.stdin(s);
    }
    t.run().json()["claims"]["sub"].as_str().unwrap().to_owned()
}

/// The signature part of a JWT: what must never appear in any output.
fn signature(jwt: &str) -> &str {
    jwt.rsplit('.').next().unwrap()
}

/// A source spec, the variables set for it, and stdin.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<&'a str>);

#[test]
fn every_file_and_variable_source_feeds_decode() {
    let token = mint(&[("sub", "from-a-source")]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let at_file = format!("@{}", file.display());
    let k8s = format!("kubernetes:{}", file.display());
    let exec = format!("exec:cat '{}'", file.display());
    let cases: Vec<Case<'_>> = vec![
        (&token, vec![], None),
        ("-", vec![], Some(&token)),
        (&at_file, vec![], None),
        ("env:MY_TOKEN", vec![("MY_TOKEN", &token)], None),
        (&exec, vec![], None),
        // GitLab: `id_tokens:` variables, the default name or any other.
        ("gitlab", vec![("GITLAB_OIDC_TOKEN", &token)], None),
        (
            "gitlab:VAULT_ID_TOKEN",
            vec![("VAULT_ID_TOKEN", &token)],
            None,
        ),
        // CircleCI: the v2 token first, the v1 one when it is alone.
        (
            "circleci",
            vec![
                ("CIRCLE_OIDC_TOKEN_V2", &token),
                ("CIRCLE_OIDC_TOKEN", "x.y.z"),
            ],
            None,
        ),
        ("circleci", vec![("CIRCLE_OIDC_TOKEN", &token)], None),
        // A projected service-account token file.
        (&k8s, vec![], None),
    ];
    for (spec, env, stdin) in cases {
        assert_eq!(
            decoded_sub(spec, &env, stdin),
            "from-a-source",
            "source {spec}"
        );
    }
}

#[test]
fn a_missing_source_says_what_it_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-token");
    let cases: Vec<(String, &str)> = vec![
        ("gitlab".into(), "GITLAB_OIDC_TOKEN"),
        ("gitlab:AWS_ID_TOKEN".into(), "AWS_ID_TOKEN"),
        ("env:NOT_SET_HERE".into(), "NOT_SET_HERE"),
        ("circleci".into(), "CIRCLE_OIDC_TOKEN_V2"),
        (
            "github-actions:sts.example".into(),
            "ACTIONS_ID_TOKEN_REQUEST_URL",
        ),
        ("azure-pipelines:conn".into(), "SYSTEM_OIDCREQUESTURI"),
        (format!("@{}", missing.display()), "no-such-token"),
        (format!("kubernetes:{}", missing.display()), "no-such-token"),
        (
            "kubernetes".into(),
            "/var/run/secrets/kubernetes.io/serviceaccount/token",
        ),
        ("exec:exit 3".into(), "exec:exit 3"),
    ];
    for (spec, named) in cases {
        let out = Test::new()
            .args(["decode", &spec])
            .code(2)
            .stderr_contains(named)
            .run();
        assert_eq!(
            out.stderr.trim().lines().count(),
            1,
            "{spec}: {}",
            out.stderr
        );
    }
    // Buildkite's source is a command: no agent here is exit 2 too.
    if std::process::Command::new("buildkite-agent")
        .arg("--version")
        .output()
        .is_err()
    {
        Test::new()
            .args(["decode", "buildkite:sts.example"])
            .code(2)
            .stderr_contains("buildkite-agent is not on PATH")
            .run();
    }
}

#[test]
fn a_failing_exec_command_is_named_with_its_stderr_but_not_its_stdout() {
    Test::new()
        .args([
            "decode",
            "exec:printf 'half-%s' printed-token; echo 'vault: permission denied' >&2; exit 5",
        ])
        .code(2)
        .stderr_contains("exit status 5")
        .stderr_contains("vault: permission denied")
        .stderr_lacks("half-printed-token")
        .run();
}

/// A loopback server with the runner endpoint's shape: GET with the
/// request token as a bearer, `audience` in the query, `{"value": …}`.
fn runner(token: String) -> Server {
    Server::new(move |method, path| {
        if method == "GET" && path.starts_with("/_apis/idtoken?api-version=2.0") {
            Reply::json(json!({"count": 1, "value": token}))
        } else {
            Reply::status(404, "text/plain", "not here")
        }
    })
}

fn with_runner(t: Test, server: &Server) -> Test {
    t.env(
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        format!("{}/_apis/idtoken?api-version=2.0", server.url()),
    )
    .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN)
}

#[test]
fn validate_answers_would_my_trust_rule_accept_this_github_job() {
    let job = github_job_token("repo:acme/app:ref:refs/heads/main", "sts.example");
    let server = runner(job.clone());
    let validate = |pattern: &str, code: i32| {
        let t = Test::new()
            .args([
                "validate",
                "github-actions:sts.example",
                "--issuer",
                GH_ISSUER,
            ])
            .arg("--jwks")
            .arg(keys().join("svc-jwt.jwks.json"))
            .args(["--audience", "sts.example", "--claim", pattern]);
        with_runner(t, &server)
            .code(code)
            .stdout_lacks(signature(&job))
            .stderr_lacks(signature(&job))
            .run()
    };
    let ok = validate("sub=repo:acme/*:ref:refs/heads/main", 0);
    assert!(ok.stdout.contains("VALID"), "{}", ok.stdout);
    let bad = validate("sub=repo:acme/*:ref:refs/heads/release-*", 1);
    assert!(bad.stdout.contains("INVALID"), "{}", bad.stdout);
    // Which claim, what it is, and which pattern failed.
    assert!(
        bad.stdout
            .contains("sub is \"repo:acme/app:ref:refs/heads/main\"")
            && bad.stdout.contains("repo:acme/*:ref:refs/heads/release-*"),
        "{}",
        bad.stdout
    );
    // What the runner received: the request token as a bearer, the
    // audience added to the query it gave.
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    for r in &reqs {
        assert_eq!(
            r.path,
            "/_apis/idtoken?api-version=2.0&audience=sts.example"
        );
        assert_eq!(
            r.header("authorization"),
            Some(format!("bearer {REQUEST_TOKEN}").as_str())
        );
    }
}

#[test]
fn a_runner_that_refuses_or_answers_html_is_exit_3() {
    for (status, ctype, body) in [
        (
            403,
            "application/json",
            r#"{"message":"Resource not accessible by integration"}"#,
        ),
        (200, "text/html", "<!DOCTYPE html><html>Sign in</html>"),
        (200, "application/json", "{not json"),
        (200, "application/json", r#"{"count":0}"#),
    ] {
        let server = Server::new(move |_, _| Reply::status(status, ctype, body));
        let t = Test::new().args(["-vv", "decode", "github-actions:sts.example"]);
        let out = with_runner(t, &server)
            .code(3)
            .stderr_lacks(REQUEST_TOKEN)
            .run();
        let last = out
            .stderr
            .trim()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned();
        assert!(
            last.contains("GitHub Actions runner"),
            "{status}: {}",
            out.stderr
        );
    }
}

#[test]
fn no_output_shows_a_token_read_from_a_source_at_any_verbosity() {
    let job = github_job_token("repo:acme/app:ref:refs/heads/main", "sts.example");
    let server = runner(job.clone());
    for level in [None, Some("-v"), Some("-vv")] {
        let mut t = Test::new();
        if let Some(l) = level {
            t = t.arg(l);
        }
        let t = t
            .args([
                "validate",
                "github-actions:sts.example",
                "--issuer",
                GH_ISSUER,
            ])
            .arg("--jwks")
            .arg(keys().join("svc-jwt.jwks.json"))
            .args(["--audience", "sts.example"]);
        let out = with_runner(t, &server).run();
        for needle in [signature(&job), REQUEST_TOKEN, &job[job.len() - 16..]] {
            assert!(
                !out.stdout.contains(needle) && !out.stderr.contains(needle),
                "{level:?} shows {needle}:\n{}\n{}",
                out.stdout,
                out.stderr
            );
        }
    }
}

/// A client assertion for `client_id` addressed to `aud`: a private_key_jwt
/// assertion minted elsewhere (here by `oauthctl encode`).
fn assertion(client_id: &str, aud: &str) -> String {
    mint(&[("iss", client_id), ("sub", client_id), ("aud", aud)])
}

#[test]
fn cc_with_a_client_assertion_from_a_file_against_oidc_provider() {
    use crate::oidc_provider::Provider;
    let provider = Provider::start();
    let issuer = provider.issuer().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("assertion.jwt");
    let cc = |file: &Path, client_id: Option<&str>, code: i32| {
        let mut t =
            Test::new().args(["-vv", "cc", "--no-cache", "-o", "json", "--issuer", &issuer]);
        if let Some(id) = client_id {
            t = t.args(["--client-id", id]);
        }
        t.arg("--client-assertion")
            .arg(format!("@{}", file.display()))
            .code(code)
            .run()
    };
    let a = assertion("svc-jwt", &issuer);
    std::fs::write(&file, format!("{a}\n")).unwrap();
    let out = cc(&file, Some("svc-jwt"), 0);
    assert!(out.json()["access_token"].is_string(), "{}", out.stdout);
    assert!(!out.stderr.contains(signature(&a)), "{}", out.stderr);
    // The trace shows what was sent, the assertion shortened.
    assert!(
        out.stderr.contains(
            "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ),
        "{}",
        out.stderr
    );
    // oidc-provider takes an assertion once (its jti): the server's words.
    let again = cc(&file, Some("svc-jwt"), 4);
    assert!(again.stderr.contains("invalid_client"), "{}", again.stderr);
    // No --client-id: the assertion's sub names the client (RFC 7523 §3).
    std::fs::write(&file, assertion("svc-jwt", &issuer)).unwrap();
    let out = cc(&file, None, 0);
    assert!(out.json()["access_token"].is_string(), "{}", out.stdout);
    // An assertion for another client is refused by the server (exit 4).
    std::fs::write(&file, assertion("svc-jwt", &issuer)).unwrap();
    cc(&file, Some("svc-canary"), 4);
}

#[test]
fn cc_with_a_client_assertion_from_a_variable_against_serve() {
    use crate::serve::Serve;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("provider.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[clients]]\nclient_id = \"svc-jwt\"\njwks_file = \"{}\"\ngrant_types = [\"client_credentials\"]\n",
            keys().join("svc-jwt.jwks.json").display()
        ),
    )
    .unwrap();
    let s = Serve::start(&["--provider-config", cfg.to_str().unwrap()]);
    let a = assertion("svc-jwt", s.url());
    let out = Test::new()
        .args(["-vv", "cc", "--no-cache", "-o", "json", "--issuer", s.url()])
        .args([
            "--client-id",
            "svc-jwt",
            "--client-assertion",
            "env:CLIENT_ASSERTION",
        ])
        .env("CLIENT_ASSERTION", &a)
        .stderr_lacks(signature(&a))
        .run();
    let token = out.json()["access_token"].as_str().unwrap().to_owned();
    Test::new()
        .args([
            "validate",
            "--issuer",
            s.url(),
            "--claim",
            "client_id=svc-jwt",
            &token,
        ])
        .stdout_contains("VALID")
        .run();
    // Cached like any cc token; a hit reads no source: here the variable
    // is gone the second time, and the cached token comes back.
    let state = tempfile::tempdir().unwrap();
    let cached = |with_var: bool| {
        let mut t = Test::new()
            .env("XDG_STATE_HOME", state.path())
            .env("OAUTHCTL_STORE", "file")
            .args(["cc", "--issuer", s.url(), "--client-id", "svc-jwt"])
            .args(["--client-assertion", "env:CLIENT_ASSERTION"]);
        if with_var {
            t = t.env("CLIENT_ASSERTION", assertion("svc-jwt", s.url()));
        }
        t.run().stdout
    };
    let first = cached(true);
    assert_eq!(cached(false), first);
    // --client-assertion is a JWT assertion: it does not go with a secret method.
    Test::new()
        .args(["cc", "--issuer", s.url(), "--client-id", "svc-jwt"])
        .args([
            "--auth-method",
            "client_secret_basic",
            "--client-assertion",
            "env:CLIENT_ASSERTION",
        ])
        .env("CLIENT_ASSERTION", &a)
        .code(2)
        .stderr_contains("--client-assertion")
        .run();
}

/// `introspect`, `probe api --token` and `userinfo --access-token` read
/// sources too; `introspect` shown against serve with `@FILE`.
#[test]
fn introspect_reads_its_token_from_a_source() {
    use crate::serve::Serve;
    let s = Serve::start(&[]);
    let secret = s.secret();
    let token = Test::new()
        .args([
            "cc",
            "--no-cache",
            "--issuer",
            s.url(),
            "--client-id",
            "oauthctl-service",
        ])
        .env("OAUTHCTL_CLIENT_SECRET", &secret)
        .run()
        .stdout
        .trim()
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let mut cmd = clean_command(dir.path());
    cmd.args([
        "introspect",
        "--issuer",
        s.url(),
        "--client-id",
        "oauthctl-service",
    ])
    .arg(format!("@{}", file.display()))
    .env("OAUTHCTL_CLIENT_SECRET", &secret);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.starts_with("ACTIVE"),
        "{stdout}"
    );
}

/// `login` authenticates a confidential client with a given assertion at
/// the token endpoint (serve, a private_key_jwt client, --auto-approve).
#[test]
fn login_with_a_client_assertion_against_serve() {
    use crate::serve::Serve;
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("provider.toml");
    std::fs::write(
        &cfg,
        format!(
            "[[clients]]\nclient_id = \"fed-app\"\njwks_file = \"{}\"\n",
            keys().join("svc-jwt.jwks.json").display()
        ),
    )
    .unwrap();
    let s = Serve::start(&["--provider-config", cfg.to_str().unwrap(), "--auto-approve"]);
    let a = assertion("fed-app", s.url());
    let log = crate::login::AgentLog::new();
    Test::new()
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .env("FED_ASSERTION", &a)
        .args([
            "-vv",
            "login",
            "--issuer",
            s.url(),
            "--client-id",
            "fed-app",
        ])
        .args([
            "--client-assertion",
            "env:FED_ASSERTION",
            "--scope",
            "openid",
        ])
        .stdout_contains(format!("Signed in to {}", s.url()))
        .stderr_contains("client_assertion_type=")
        .stderr_lacks(signature(&a))
        .run();
    // Without it, the confidential client is refused at the token endpoint.
    let log = crate::login::AgentLog::new();
    Test::new()
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", s.url(), "--client-id", "fed-app"])
        .args(["--scope", "openid"])
        .code(4)
        .stderr_contains("invalid_client")
        .run();
}

/// Azure Pipelines: a POST to `$SYSTEM_OIDCREQUESTURI` with the
/// service connection, the job's access token as a bearer, `{"oidcToken": …}`.
#[test]
fn azure_pipelines_source_posts_for_the_service_connection() {
    let job = mint(&[
        ("sub", "sc://acme/app/deploy"),
        ("aud", "api://AzureADTokenExchange"),
    ]);
    let answer = job.clone();
    let server = Server::new(move |method, path| {
        if method == "POST" && path.starts_with("/acme/_apis/distributedtask/oidc?") {
            Reply::json(json!({ "oidcToken": answer }))
        } else {
            Reply::status(404, "text/plain", "not here")
        }
    });
    let out = Test::new()
        .args(["-vv", "decode", "-o", "json", "azure-pipelines:5f0c-conn"])
        .env(
            "SYSTEM_OIDCREQUESTURI",
            format!("{}/acme/_apis/distributedtask/oidc", server.url()),
        )
        .env("SYSTEM_ACCESSTOKEN", REQUEST_TOKEN)
        .stderr_lacks(REQUEST_TOKEN)
        .stderr_lacks(signature(&job))
        .run();
    assert_eq!(out.json()["claims"]["sub"], "sc://acme/app/deploy");
    let req = &server.requests()[0];
    assert_eq!(
        req.path,
        "/acme/_apis/distributedtask/oidc?api-version=7.1&serviceConnectionId=5f0c-conn"
    );
    assert_eq!(
        req.header("authorization"),
        Some(format!("Bearer {REQUEST_TOKEN}").as_str())
    );
    // Without SYSTEM_ACCESSTOKEN mapped into the step: exit 2, naming it.
    Test::new()
        .args(["decode", "azure-pipelines:5f0c-conn"])
        .env("SYSTEM_OIDCREQUESTURI", format!("{}/x", server.url()))
        .code(2)
        .stderr_contains("SYSTEM_ACCESSTOKEN")
        .run();
}

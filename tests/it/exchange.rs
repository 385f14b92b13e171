//! `exchange` (RFC 8693 token exchange, RFC 7523 JWT bearer) against node
//! `oidc-provider` extended through its `registerGrantType` API (the block
//! "issue 14" of tests/provider/server.mjs): it trusts subject tokens
//! signed by keys/svc-jwt.key.pem with the issuer
//! `https://ci.oauthctl.test`, as a CI platform's job tokens would be.

use serde_json::Value;

use crate::oidc_provider::{API, Provider, provider_dir};
use crate::support::{Test, in_home};

const CI_ISSUER: &str = "https://ci.oauthctl.test";
const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A "CI job token": a JWT from the trusted CI issuer, signed with the
/// test key, expiring `exp` from now (e.g. `5m`, `-5m`).
fn job_token(sub: &str, exp: &str) -> String {
    let key = provider_dir().join("keys/svc-jwt.key.pem");
    let out = Test::new()
        .args(["encode", "--key"])
        .arg(&key)
        .args(["--claim", &format!("iss={CI_ISSUER}")])
        .args(["--claim", &format!("sub={sub}")])
        .args(["--claim", "aud=urn:oauthctl:api", "--jti"])
        .arg(format!("--exp={exp}"))
        .run();
    out.stdout.trim().to_owned()
}

fn count(p: &Provider, grant: &str) -> u64 {
    p.counts()[grant].as_u64().unwrap_or(0)
}

/// The claims of a JWT, unverified (the test only reads what was issued).
fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn a_job_token_is_exchanged_and_cached_until_a_new_one_comes() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let subject = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    let exchange = |subject: &str| {
        in_home(home.path())
            .args([
                "exchange",
                "--issuer",
                p.issuer(),
                "--client-id",
                "ci-exchange",
            ])
            .args(["--subject-token", subject, "--subject-token-type", "jwt"])
            .args(["--audience", API, "--scope", "api:read"])
    };
    let out = exchange(&subject).args(["-o", "json"]).run();
    let json = out.json();
    assert_eq!(
        json["issued_token_type"],
        "urn:ietf:params:oauth:token-type:access_token"
    );
    assert_eq!(json["token_type"], "Bearer");
    assert!(json["expires_at"].as_i64().is_some());
    let issued = claims(json["access_token"].as_str().unwrap());
    assert_eq!(issued["sub"], "repo:acme/app:ref:refs/heads/main");
    assert_eq!(issued["aud"], API);
    assert_eq!(issued["scope"], "api:read");
    assert_eq!(count(&p, TOKEN_EXCHANGE), 1);

    // The same call again: the cache answers, nothing reaches the server.
    let again = exchange(&subject).run();
    assert_eq!(again.stdout.trim(), json["access_token"].as_str().unwrap());
    assert_eq!(count(&p, TOKEN_EXCHANGE), 1, "a cache hit sends no request");

    // A new job token (the next CI run) misses.
    let next = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    assert_ne!(next, subject);
    let fresh = exchange(&next).run();
    assert_ne!(fresh.stdout.trim(), again.stdout.trim());
    assert_eq!(count(&p, TOKEN_EXCHANGE), 2, "a new subject token misses");

    // Another audience is another cache entry, asked of the server.
    exchange(&next)
        .args(["--resource", "https://elsewhere.example"])
        .code(4)
        .stderr_contains("invalid_target")
        .run();
}

#[test]
fn jwt_bearer_sends_the_token_as_the_assertion() {
    let p = Provider::start();
    let subject = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    let out = Test::new()
        .args(["exchange", "--issuer", p.issuer(), "--grant", "jwt-bearer"])
        .args(["--client-id", "svc-exchange"])
        .env("OAUTHCTL_CLIENT_SECRET", "svc-exchange-secret")
        .args(["--subject-token", "env:JOB_TOKEN", "-o", "header"])
        .env("JOB_TOKEN", &subject)
        .run();
    let header = out.stdout.trim();
    let token = header.strip_prefix("Authorization: Bearer ").unwrap();
    assert_eq!(claims(token)["client_id"], "svc-exchange");
    assert_eq!(count(&p, JWT_BEARER), 1);
    assert_eq!(count(&p, TOKEN_EXCHANGE), 0);
}

#[test]
fn refusals_are_exit_4_with_the_servers_words() {
    let p = Provider::start();
    let good = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    let expired = job_token("repo:acme/app:ref:refs/heads/main", "-5m");
    let run = |subject: &str, extra: &[&str]| {
        Test::new()
            .args([
                "exchange",
                "--issuer",
                p.issuer(),
                "--client-id",
                "ci-exchange",
            ])
            .args(["--subject-token", subject])
            .args(extra)
            .code(4)
            .stdout_lacks("eyJ")
            .stderr_lacks(subject)
            .run()
    };
    run(&good, &["--audience", "urn:other"])
        .stderr
        .contains("invalid_target (unknown audience or resource urn:other)")
        .then_some(())
        .expect("invalid_target with the server's description");
    let out = run(&expired, &[]);
    assert!(
        out.stderr
            .contains("invalid_grant (subject token has expired)"),
        "{}",
        out.stderr
    );
    // Signed by a key nobody trusts: the provider's own description.
    let forged = Test::new()
        .args(["encode", "--alg", "HS256", "--secret-file"])
        .arg(provider_dir().join("package.json"))
        .args(["--claim", &format!("iss={CI_ISSUER}"), "--exp", "5m"])
        .run()
        .stdout
        .trim()
        .to_owned();
    let out = run(&forged, &["--grant", "jwt-bearer"]);
    assert!(
        out.stderr.contains("invalid_grant (assertion is invalid"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_canary_subject_token_never_appears_at_any_level() {
    let p = Provider::start();
    let subject = job_token("canary-7c1d-subject-DO-NOT-PRINT", "5m");
    for level in [&[][..], &["-v"], &["-vv"]] {
        for (format, extra) in [("text", &[][..]), ("json", &["--no-cache"])] {
            let out = Test::new()
                .args([
                    "exchange",
                    "--issuer",
                    p.issuer(),
                    "--client-id",
                    "ci-exchange",
                ])
                .args(["--subject-token", "env:JOB_TOKEN", "-o", format])
                .env("JOB_TOKEN", &subject)
                .args(level)
                .args(extra)
                .stdout_lacks(&subject)
                .stderr_lacks(&subject)
                .run();
            // The subject token's signature, the part that a shortened
            // trace could still show, is nowhere either.
            let signature = subject.rsplit('.').next().unwrap();
            assert!(!out.stderr.contains(signature), "{level:?}: {}", out.stderr);
            assert!(!out.stdout.contains(signature));
        }
    }
}

#[test]
fn the_token_types_and_grants_are_checked_before_anything_is_sent() {
    Test::new()
        .args(["exchange", "--token-endpoint", "http://127.0.0.1:9/token"])
        .args(["--client-id", "x", "--subject-token", "a.b.c"])
        .args(["--subject-token-type", "idtoken"])
        .code(2)
        .stderr_contains("unknown token type \"idtoken\"")
        .run();
    Test::new()
        .args(["exchange", "--token-endpoint", "http://127.0.0.1:9/token"])
        .args(["--client-id", "x", "--subject-token", "a.b.c"])
        .args(["--grant", "jwt-bearer", "--actor-token", "d.e.f"])
        .code(2)
        .stderr_contains("--actor-token and --requested-token-type are token-exchange")
        .run();
    Test::new()
        .args(["exchange", "--token-endpoint", "http://127.0.0.1:9/token"])
        .args([
            "--client-id",
            "x",
            "--subject-token",
            "env:NOT_SET_ANYWHERE",
        ])
        .code(2)
        .stderr_contains("NOT_SET_ANYWHERE")
        .run();
}

// ---- against oauthctl's own serve --------------------------------------

use crate::serve::Serve;

/// A provider file trusting the test CI issuer (keys/svc-jwt.jwks.json)
/// for `acme` repositories on main, for `api:read` and `api:write`.
fn trust_file(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("provider.toml");
    let jwks = provider_dir().join("keys/svc-jwt.jwks.json");
    std::fs::write(
        &path,
        format!(
            r#"audience = "urn:oauthctl:api"

[[trust]]
issuer = "{CI_ISSUER}"
jwks_file = "{}"
subject = "repo:acme/*:ref:refs/heads/main"
audience = "urn:oauthctl:*"
scopes = ["api:read", "api:write"]
"#,
            jwks.display()
        ),
    )
    .unwrap();
    path
}

fn serve_exchange(s: &Serve, subject: &str) -> Test {
    Test::new()
        .args([
            "exchange",
            "--issuer",
            s.url(),
            "--client-id",
            "oauthctl-cli",
        ])
        .args(["--subject-token", subject])
}

#[test]
fn serve_exchanges_against_its_trust_rules() {
    let dir = tempfile::tempdir().unwrap();
    let file = trust_file(dir.path());
    let s = Serve::start(&["--provider-config", file.to_str().unwrap()]);
    let subject = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    let json = serve_exchange(&s, &subject)
        .args(["--scope", "api:read", "-o", "json"])
        .run()
        .json();
    assert_eq!(
        json["issued_token_type"],
        "urn:ietf:params:oauth:token-type:access_token"
    );
    let issued = claims(json["access_token"].as_str().unwrap());
    assert_eq!(issued["sub"], "repo:acme/app:ref:refs/heads/main");
    assert_eq!(issued["aud"], "urn:oauthctl:api");
    assert_eq!(issued["iss"], s.url());
    assert_eq!(issued["scope"], "api:read");

    // Delegation: the actor token becomes the act claim.
    let actor = job_token("repo:acme/deployer:ref:refs/heads/main", "5m");
    let json = serve_exchange(&s, &subject)
        .args(["--actor-token", &actor, "--no-cache", "-o", "json"])
        .run()
        .json();
    let issued = claims(json["access_token"].as_str().unwrap());
    assert_eq!(
        issued["act"]["sub"],
        "repo:acme/deployer:ref:refs/heads/main"
    );
    assert_eq!(issued["act"]["iss"], CI_ISSUER);

    // DPoP as for cc: the token is bound to the proof's key.
    let json = serve_exchange(&s, &subject)
        .args(["--dpop", "-o", "json"])
        .run()
        .json();
    assert_eq!(json["token_type"], "DPoP");
    let issued = claims(json["access_token"].as_str().unwrap());
    assert!(issued["cnf"]["jkt"].as_str().is_some(), "{issued}");

    // JWT bearer with the same rule.
    let out = serve_exchange(&s, &subject)
        .args(["--grant", "jwt-bearer", "--no-cache"])
        .run();
    assert_eq!(
        claims(out.stdout.trim())["sub"],
        "repo:acme/app:ref:refs/heads/main"
    );

    // The metadata says so, and discover explains what to expect.
    Test::new()
        .args(["discover", s.url()])
        .stdout_contains("token exchange")
        .stdout_contains("RFC 8693, JWT bearer (RFC 7523)")
        .stdout_contains("token-exchange-trust")
        .run();
}

#[test]
fn serve_refuses_what_its_trust_rules_do_not_allow() {
    let dir = tempfile::tempdir().unwrap();
    let file = trust_file(dir.path());
    let s = Serve::start(&["--provider-config", file.to_str().unwrap()]);
    let refused = |subject: &str, extra: &[&str], words: &str| {
        serve_exchange(&s, subject)
            .args(extra)
            .args(["--no-cache"])
            .code(4)
            .stderr_contains(words)
            .stderr_lacks(subject)
            .stdout_lacks("eyJ")
            .run();
    };
    let good = job_token("repo:acme/app:ref:refs/heads/main", "5m");
    refused(
        &job_token("repo:evil/app:ref:refs/heads/main", "5m"),
        &[],
        "invalid_grant (no trust rule for https://ci.oauthctl.test accepts this subject token \
         (sub repo:evil/app:ref:refs/heads/main does not match repo:acme/*:ref:refs/heads/main))",
    );
    refused(
        &job_token("repo:acme/app:ref:refs/heads/main", "-5m"),
        &[],
        "invalid_grant (the subject token failed the exp check",
    );
    refused(
        &good,
        &["--audience", "https://elsewhere.example"],
        "invalid_target (this trust rule issues tokens for urn:oauthctl:api, not https://elsewhere.example)",
    );
    refused(&good, &["--scope", "admin"], "invalid_scope");
    // A token from an issuer nobody trusts: serve's own access token.
    let own = Test::new()
        .args(["cc", "--issuer", s.url(), "--client-id", "oauthctl-service"])
        .env("OAUTHCTL_CLIENT_SECRET", s.secret())
        .run()
        .stdout
        .trim()
        .to_owned();
    refused(&own, &[], "is not trusted for client oauthctl-cli");
}

#[test]
fn the_secretless_chain_with_serve_ci_issuer() {
    let s = Serve::start(&["--ci-issuer", "--demo-api"]);
    let ci = &s.summary["ci_issuer"];
    assert_eq!(ci["issuer"], format!("{}/ci", s.url()));
    let env: Vec<(String, String)> = serde_json::from_value(ci["env"].clone()).unwrap();
    let with_env = |t: Test| {
        env.iter()
            .fold(t, |t, (k, v)| t.env(k, v))
            .env("GITHUB_ACTIONS", "true")
    };
    // The job token has GitHub's claims, signed by the CI issuer's keys.
    let aud = s.url().to_owned();
    let home = tempfile::tempdir().unwrap();
    let out = with_env(in_home(home.path()))
        .args(["exchange", "--issuer", &aud, "--client-id", "oauthctl-cli"])
        .args([
            "--subject-token",
            &format!("github-actions:{aud}"),
            "-o",
            "json",
            "-vv",
        ])
        .stderr_contains("/ci/token?api-version=2.0&audience=")
        .run();
    let at = out.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(claims(&at)["sub"], "repo:acme/app:ref:refs/heads/main");
    // Again in the same job: the job token is kept while valid, so the
    // exchange is a cache hit and nothing at all is sent.
    let again = with_env(in_home(home.path()))
        .args(["exchange", "--issuer", &aud, "--client-id", "oauthctl-cli"])
        .args(["--subject-token", &format!("github-actions:{aud}"), "-v"])
        .run();
    assert_eq!(again.stdout.trim(), at);
    assert!(!again.stderr.contains("> GET"), "{}", again.stderr);
    assert!(!again.stderr.contains("> POST"), "{}", again.stderr);
    // The next job (a new request token) asks the runner again.
    let next_job = with_env(in_home(home.path()))
        .env("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "the-next-job")
        .args(["exchange", "--issuer", &aud, "--client-id", "oauthctl-cli"])
        .args(["--subject-token", &format!("github-actions:{aud}")])
        .code(3)
        .run();
    assert!(next_job.stderr.contains("401"), "{}", next_job.stderr);
    // Used at the demo API.
    let who: Value = crate::serve::http()
        .get(format!("{aud}/api/whoami"))
        .bearer_auth(&at)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(who["sub"], "repo:acme/app:ref:refs/heads/main");

    // The runner endpoint itself: the request token is required.
    let resp = crate::serve::http()
        .get(format!("{aud}/ci/token?audience=x"))
        .header("Authorization", "bearer wrong")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    let (_, request_token) = &env[1];
    let job: Value = crate::serve::http()
        .get(format!("{aud}/ci/token?audience=sts.example"))
        .header("Authorization", format!("bearer {request_token}"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let job = claims(job["value"].as_str().unwrap());
    for claim in [
        "repository",
        "ref",
        "sha",
        "workflow",
        "job_workflow_ref",
        "run_id",
        "actor",
        "exp",
    ] {
        assert!(job.get(claim).is_some(), "{claim} in {job}");
    }
    assert_eq!(job["aud"], "sts.example");
    assert_eq!(job["iss"], format!("{aud}/ci"));
    assert_eq!(
        job["exp"].as_i64().unwrap() - job["iat"].as_i64().unwrap(),
        300
    );
    // The CI issuer's own discovery names its keys.
    Test::new()
        .args(["jwks", &format!("{aud}/ci")])
        .stdout_contains("RS256")
        .run();
}

#[test]
fn serve_trusts_another_issuer_by_discovery() {
    let ci = Serve::start(&["--ci-issuer"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        format!(
            "[[trust]]\nissuer = \"{}/ci\"\ndiscovery = true\nsubject = \"repo:acme/app:*\"\n\
             claims = {{ repository_owner = \"acme\", workflow = \"c?\" }}\nscopes = [\"api:read\"]\n",
            ci.url()
        ),
    )
    .unwrap();
    let sts = Serve::start(&["--provider-config", file.to_str().unwrap()]);
    let env: Vec<(String, String)> =
        serde_json::from_value(ci.summary["ci_issuer"]["env"].clone()).unwrap();
    let out = env
        .iter()
        .fold(Test::new(), |t, (k, v)| t.env(k, v))
        .args([
            "exchange",
            "--issuer",
            sts.url(),
            "--client-id",
            "oauthctl-cli",
        ])
        .args(["--subject-token", "github-actions:sts", "-o", "json"])
        .run();
    let issued = claims(out.json()["access_token"].as_str().unwrap());
    assert_eq!(issued["iss"], sts.url());
    assert_eq!(issued["scope"], "api:read");
}

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
            .args(["exchange", "--issuer", p.issuer(), "--client-id", "ci-exchange"])
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
            .args(["exchange", "--issuer", p.issuer(), "--client-id", "ci-exchange"])
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
                .args(["exchange", "--issuer", p.issuer(), "--client-id", "ci-exchange"])
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
        .args(["--client-id", "x", "--subject-token", "env:NOT_SET_ANYWHERE"])
        .code(2)
        .stderr_contains("NOT_SET_ANYWHERE")
        .run();
}

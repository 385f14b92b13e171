//! `validate` end to end: the parts of its command line the vectors do not
//! reach (`--bulk`, remote key sets and rotation, discovery, key and secret
//! files, usage errors, stdin). Tokens come from `tests/vectors/tokens.json`
//! (PyJWT), keys from `tests/vectors/keys/`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::support::{Reply, Server, Test};
use crate::vectors::{token_of, tokens, vector, vector_file};

/// "Now" of the vectors, as `--now` takes it.
fn now() -> String {
    tokens()["now"].to_string()
}

fn token(name: &str) -> String {
    token_of(&vector(name))
}

fn key_file(rel: &str) -> String {
    vector_file(&format!("keys/{rel}"))
}

fn key_set(rel: &str) -> Value {
    let path = key_file(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `validate --now <vectors' now> --issuer … --audience …`, then `args`.
fn validate(args: &[&str]) -> Test {
    let doc = tokens();
    let (iss, aud) = (
        doc["issuer"].as_str().unwrap_or_default(),
        doc["audience"].as_str().unwrap_or_default(),
    );
    Test::new()
        .args([
            "validate",
            "--now",
            &now(),
            "--issuer",
            iss,
            "--audience",
            aud,
        ])
        .args(args)
}

fn status<'a>(report: &'a Value, check: &str) -> &'a str {
    report["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == check))
        .and_then(|c| c["status"].as_str())
        .unwrap_or_else(|| panic!("no check {check} in {report}"))
}

fn detail<'a>(report: &'a Value, check: &str) -> &'a str {
    report["checks"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == check))
        .and_then(|c| c["detail"].as_str())
        .unwrap_or_default()
}

/// `--bulk` output: one JSON document per line.
#[track_caller]
fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn failed_names(line: &Value) -> Vec<&str> {
    line["failed"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str())
        .collect()
}

// ------------------------------------------------------------------ --bulk

#[test]
fn bulk_writes_one_line_per_token_in_input_order() {
    let input = format!(
        "{}\n\n{}\n   \n  Bearer {}  \n{}\n{}\n{}\n",
        token("valid-RS256"),
        token("exp-expired"),
        token("kid-none-one-key"),
        "not.a-token",
        token("iss-wrong"),
        token("aud-array-with-expected"),
    );
    let out = validate(&["--key", &key_file("rsa.pub.pem"), "--bulk"])
        .stdin(input)
        .code(1)
        .run();
    let got = lines(&out.stdout);
    let numbers: Vec<u64> = got.iter().filter_map(|l| l["line"].as_u64()).collect();
    assert_eq!(numbers, [1, 3, 5, 6, 7, 8], "{}", out.stdout);
    let valid: Vec<bool> = got.iter().filter_map(|l| l["valid"].as_bool()).collect();
    assert_eq!(valid, [true, false, true, false, false, true]);
    assert_eq!(failed_names(&got[1]), ["exp"]);
    assert_eq!(failed_names(&got[3]), ["structure"]);
    assert_eq!(failed_names(&got[4]), ["iss"]);
    assert!(got[0]["failed"].as_array().is_some_and(Vec::is_empty));
    // Every line says what was not checked, even when valid.
    assert!(got[0]["not_checked"].is_array(), "{}", got[0]);
}

#[test]
fn bulk_exits_0_when_every_token_is_valid() {
    let valid = token("valid-HS256");
    let input = format!(
        "{valid}\n{valid}\n\n{}\n",
        token("exp-expired-within-leeway")
    );
    // The last token is RS256: with both keys at hand, each token finds its own.
    let out = validate(&[
        "--secret-file",
        &key_file("hmac.secret"),
        "--key",
        &key_file("rsa.pub.pem"),
        "--bulk",
    ])
    .stdin(input)
    .run();
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 3, "{}", out.stdout);
    assert!(got.iter().all(|l| l["valid"] == true), "{}", out.stdout);
    assert_eq!(got[2]["line"], 4);
}

#[test]
fn bulk_with_no_tokens_writes_nothing_and_succeeds() {
    let out = validate(&["--key", &key_file("rsa.pub.pem"), "--bulk"])
        .stdin("\n\n")
        .run();
    assert_eq!(out.stdout, "");
}

#[test]
fn bulk_refuses_an_oversized_line_cleanly() {
    let big = token("structure-oversized-1MiB");
    let input = format!("{big}\n{}\n", token("valid-HS256"));
    let out = validate(&["--secret-file", &key_file("hmac.secret"), "--bulk"])
        .stdin(input)
        .code(1)
        .run();
    let got = lines(&out.stdout);
    assert_eq!(failed_names(&got[0]), ["structure"]);
    assert_eq!(got[1]["valid"], true);
}

#[test]
fn bulk_and_a_token_argument_conflict() {
    validate(&["--key", &key_file("rsa.pub.pem"), "--bulk", "a.b.c"])
        .code(2)
        .run();
}

// --------------------------------------------------------- remote key sets

/// A server with the key set at `/jwks`: `first` for the first request,
/// `then` for every later one. Counts requests to `/jwks`.
fn jwks_server(first: Value, then: Value) -> (Server, Arc<AtomicUsize>) {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    let server = Server::new(move |_, path| {
        if path != "/jwks" {
            return Reply::status(404, "text/plain", "not found");
        }
        match counter.fetch_add(1, Ordering::SeqCst) {
            0 => Reply::json(first.clone()),
            _ => Reply::json(then.clone()),
        }
    });
    (server, fetches)
}

#[test]
fn jwks_uri_supplies_the_keys() {
    let (server, fetches) = jwks_server(key_set("jwks.json"), key_set("jwks.json"));
    let out = validate(&[
        "-o",
        "json",
        "--jwks-uri",
        &format!("{}/jwks", server.url()),
        &token("valid-ES512-jwks-kid"),
    ])
    .run();
    let report = out.json();
    assert_eq!(status(&report, "signature"), "passed");
    assert!(
        detail(&report, "key").contains("ec521-1"),
        "{}",
        detail(&report, "key")
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
}

#[test]
fn jwks_uri_is_fetched_again_once_for_a_rotated_key() {
    // Before the rotation the set has only rsa-2; the token is signed by rsa-1.
    let (server, fetches) = jwks_server(key_set("jwks-before-rotation.json"), key_set("jwks.json"));
    let out = validate(&[
        "-o",
        "json",
        "--jwks-uri",
        &format!("{}/jwks", server.url()),
        &token("valid-RS256-jwks-kid"),
    ])
    .run();
    let report = out.json();
    assert_eq!(status(&report, "signature"), "passed");
    assert!(
        detail(&report, "key").contains("after refetching"),
        "{}",
        detail(&report, "key")
    );
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(server.paths(), ["/jwks", "/jwks"]);
}

#[test]
fn a_second_unknown_kid_does_not_fetch_the_set_again() {
    // Headers naming kids no set has; the signature is never reached.
    let claims = oauthctl::jwt::b64_encode(br#"{"sub":"x"}"#);
    let forged = |kid: &str| {
        let header =
            oauthctl::jwt::b64_encode(json!({"alg": "RS256", "kid": kid}).to_string().as_bytes());
        format!("{header}.{claims}.c2ln")
    };
    let input = format!(
        "{}\n{}\n{}\n{}\n",
        forged("gone-1"),
        forged("gone-2"),
        token("valid-RS256-jwks-kid"),
        forged("gone-3"),
    );
    let (server, fetches) = jwks_server(key_set("jwks.json"), key_set("jwks.json"));
    let out = validate(&["--jwks-uri", &format!("{}/jwks", server.url()), "--bulk"])
        .stdin(input)
        .code(1)
        .run();
    let got = lines(&out.stdout);
    let valid: Vec<bool> = got.iter().filter_map(|l| l["valid"].as_bool()).collect();
    assert_eq!(valid, [false, false, true, false], "{}", out.stdout);
    for i in [0, 1, 3] {
        assert!(failed_names(&got[i]).contains(&"key"), "{}", got[i]);
    }
    // The set at start, and one refetch for all the unknown kids together.
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[test]
fn every_token_with_a_rotated_key_waits_for_the_one_refetch() {
    // --bulk validates in parallel: tokens with the new kid that miss the
    // old set while the refetch runs must use the refetched set too.
    let rotated = token("valid-RS256-jwks-kid");
    let input = format!("{rotated}\n").repeat(16);
    let (server, fetches) = jwks_server(key_set("jwks-before-rotation.json"), key_set("jwks.json"));
    let out = validate(&["--jwks-uri", &format!("{}/jwks", server.url()), "--bulk"])
        .stdin(input)
        .run();
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 16);
    assert!(got.iter().all(|l| l["valid"] == true), "{}", out.stdout);
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[test]
fn an_unreachable_jwks_uri_is_a_network_error() {
    let server = Server::new(|_, _| Reply::status(500, "text/plain", "down"));
    validate(&[
        "--jwks-uri",
        &format!("{}/jwks", server.url()),
        &token("valid-RS256-jwks-kid"),
    ])
    .code(3)
    .run();
}

// --------------------------------------------------------------- discovery

/// A provider at the server's base URL: discovery names it as issuer and
/// `{base}/jwks` as its key set.
fn provider() -> Server {
    let jwks = key_set("jwks.json");
    Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "jwks_uri": "{{base}}/jwks",
        })),
        "/jwks" => Reply::json(jwks.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

#[test]
fn issuer_discovery_finds_the_keys_and_sets_the_expected_iss() {
    let server = provider();
    // A PyJWT token: its keys come through discovery; its iss is
    // https://issuer.example, not this provider, and the report says so.
    let out = Test::new()
        .args(["validate", "-o", "json", "--now", &now()])
        .args(["--issuer", server.url(), "--audience", "api://vectors"])
        .arg(token("valid-PS256-jwks-kid"))
        .code(1)
        .run();
    let report = out.json();
    assert_eq!(status(&report, "signature"), "passed");
    assert_eq!(status(&report, "iss"), "failed");
    assert!(
        detail(&report, "iss").contains(server.url()),
        "{}",
        detail(&report, "iss")
    );
    assert_eq!(
        server.paths(),
        ["/.well-known/openid-configuration", "/jwks"]
    );
}

#[test]
fn issuer_discovery_validates_a_token_of_that_issuer() {
    let server = provider();
    // This token must name the server's URL as iss, so it is made here, by
    // `oauthctl encode` with the vectors' RSA key (its signature is
    // PyJWT-checked elsewhere; this test is about discovery).
    let claims = json!({
        "iss": server.url(),
        "aud": "api://vectors",
        "sub": "alice",
        "exp": 1_700_003_600,
        "iat": 1_699_999_940,
    });
    let minted = Test::new()
        .args(["encode", "--alg", "RS256", "--kid", "rsa-1"])
        .args(["--key", &key_file("rsa.pem")])
        .args(["--claims", &claims.to_string()])
        .run();
    let out = Test::new()
        .args(["validate", "-o", "json", "--now", &now()])
        .args(["--issuer", server.url(), "--audience", "api://vectors"])
        .arg(minted.stdout.trim())
        .run();
    let report = out.json();
    assert_eq!(status(&report, "iss"), "passed");
    assert_eq!(status(&report, "signature"), "passed");
}

#[test]
fn an_issuer_whose_metadata_names_another_issuer_is_refused() {
    let server = Server::new(|_, _| {
        Reply::json(json!({"issuer": "https://elsewhere.example", "jwks_uri": "{{base}}/jwks"}))
    });
    Test::new()
        .args(["validate", "--issuer", server.url()])
        .arg(token("valid-RS256-jwks-kid"))
        .code(3)
        .stderr_contains("elsewhere.example")
        .run();
}

// ------------------------------------------------------ local keys, secrets

#[test]
fn secret_file_with_a_trailing_newline() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let secret = std::fs::read(key_file("hmac.secret")).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("secret");
    std::fs::write(&path, [secret.as_slice(), b"\n"].concat()).unwrap_or_else(|e| panic!("{e}"));
    let path = path.display().to_string();
    validate(&["--secret-file", &path, &token("valid-HS512")])
        .stdout_contains("VALID")
        .run();

    let other = dir.path().join("other");
    std::fs::write(&other, "another-secret-of-sufficient-length-0123456789")
        .unwrap_or_else(|e| panic!("{e}"));
    let out = validate(&[
        "-o",
        "json",
        "--secret-file",
        &other.display().to_string(),
        &token("valid-HS512"),
    ])
    .code(1)
    .run();
    assert_eq!(status(&out.json(), "signature"), "failed");

    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").unwrap_or_else(|e| panic!("{e}"));
    validate(&[
        "--secret-file",
        &empty.display().to_string(),
        &token("valid-HS512"),
    ])
    .code(2)
    .stderr_contains("empty")
    .run();
}

#[test]
fn a_missing_key_file_is_a_usage_error() {
    validate(&["--key", "/nonexistent/key.pem", &token("valid-RS256")])
        .code(2)
        .stderr_contains("/nonexistent/key.pem")
        .run();
}

#[test]
fn key_from_a_certificate() {
    let out = validate(&[
        "-o",
        "json",
        "--key",
        &key_file("rsa.cert.pem"),
        &token("valid-RS384"),
    ])
    .run();
    let report = out.json();
    assert_eq!(status(&report, "signature"), "passed");
    assert!(
        detail(&report, "key").contains("rsa.cert.pem"),
        "{}",
        detail(&report, "key")
    );
    // The certificate's key is RSA: an EC token finds no algorithm it allows.
    let out = validate(&[
        "-o",
        "json",
        "--key",
        &key_file("rsa.cert.pem"),
        &token("valid-ES256"),
    ])
    .code(1)
    .run();
    assert_eq!(status(&out.json(), "alg"), "failed");
}

#[test]
fn several_key_sources_at_once() {
    for name in ["valid-HS256", "valid-EdDSA", "valid-ES384-jwks-kid"] {
        validate(&[
            "--secret-file",
            &key_file("hmac.secret"),
            "--key",
            &key_file("ed25519.pub.pem"),
            "--jwks",
            &key_file("jwks.json"),
            &token(name),
        ])
        .run();
    }
}

// ------------------------------------------- --require, --claim, --scope, --max-age

/// The vector with every claim the flags below look at: azp, auth_time 600 s
/// before now, scope "read write", roles, realm.level 2, email_verified.
fn rich(args: &[&str], code: i32) -> Value {
    validate(&["-o", "json", "--key", &key_file("rsa.pub.pem")])
        .args(args)
        .arg(token("claims-all-asked"))
        .code(code)
        .run()
        .json()
}

#[test]
fn require_claim_scope_and_max_age_pass_when_met() {
    let r = rich(
        &[
            "--require",
            "email_verified",
            "--require",
            "realm.level",
            "--claim",
            "realm.level=2",
            "--claim",
            "roles=dev",
            "--claim",
            "email_verified=true",
            "--scope",
            "read write",
            "--max-age",
            "3600",
        ],
        0,
    );
    for check in ["required", "claims", "scope", "auth_time"] {
        assert_eq!(
            status(&r, check),
            "passed",
            "{check}: {}",
            detail(&r, check)
        );
    }
}

#[test]
fn require_claim_scope_and_max_age_fail_each_by_name() {
    let r = rich(&["--require", "email", "--require", "sub"], 1);
    assert_eq!(status(&r, "required"), "failed");
    assert_eq!(detail(&r, "required"), "missing: email");

    let r = rich(&["--claim", "sub=bob", "--claim", "roles=admin"], 1);
    assert_eq!(status(&r, "claims"), "failed");
    assert!(
        detail(&r, "claims").contains("sub"),
        "{}",
        detail(&r, "claims")
    );
    assert!(
        !detail(&r, "claims").contains("roles"),
        "{}",
        detail(&r, "claims")
    );

    let r = rich(&["--scope", "read", "--scope", "admin"], 1);
    assert_eq!(status(&r, "scope"), "failed");
    assert!(
        detail(&r, "scope").contains("admin"),
        "{}",
        detail(&r, "scope")
    );

    // auth_time is 600 s ago: over --max-age 500 plus the 60 s leeway.
    let r = rich(&["--max-age", "500"], 1);
    assert_eq!(status(&r, "auth_time"), "failed");
    rich(&["--max-age", "540"], 0);

    // Not asked: reported as skipped, never as passed.
    let r = rich(&[], 0);
    for check in ["required", "claims", "scope"] {
        assert_eq!(status(&r, check), "skipped", "{check}");
    }
}

#[test]
fn a_claim_flag_without_a_value_is_a_usage_error() {
    validate(&[
        "--key",
        &key_file("rsa.pub.pem"),
        "--claim",
        "sub",
        &token("valid-RS256"),
    ])
    .code(2)
    .stderr_contains("NAME=VALUE")
    .run();
}

// ------------------------------------------------------------ usage errors

#[test]
fn alg_none_is_a_usage_error_in_any_spelling() {
    for alg in ["none", "None", "NONE", "HS256,none"] {
        validate(&[
            "--secret-file",
            &key_file("hmac.secret"),
            "--alg",
            alg,
            &token("valid-HS256"),
        ])
        .code(2)
        .stderr_contains("none")
        .run();
    }
    validate(&[
        "--secret-file",
        &key_file("hmac.secret"),
        "--alg",
        "HS999",
        &token("valid-HS256"),
    ])
    .code(2)
    .stderr_contains("HS999")
    .run();
}

#[test]
fn no_key_source_is_a_usage_error() {
    Test::new()
        .args(["validate", &token("valid-RS256")])
        .code(2)
        .stderr_contains("--jwks")
        .run();
}

#[test]
fn an_empty_token_is_a_usage_error() {
    Test::new()
        .args(["validate", "--key", &key_file("rsa.pub.pem")])
        .stdin("  \n")
        .code(2)
        .run();
}

// ------------------------------------------------------------ token input

#[test]
fn token_from_stdin_with_a_bearer_prefix() {
    let t = token("valid-EdDSA");
    for input in [
        format!("{t}\n"),
        format!("Bearer {t}\n"),
        format!("  bearer {t}  "),
    ] {
        validate(&["--key", &key_file("ed25519.pub.pem")])
            .stdin(input)
            .stdout_contains("VALID")
            .run();
    }
    validate(&["--key", &key_file("ed25519.pub.pem"), "-"])
        .stdin(t.clone())
        .run();
    validate(&[
        "--key",
        &key_file("ed25519.pub.pem"),
        &format!("Bearer {t}"),
    ])
    .run();
}

#[test]
fn now_accepts_rfc3339() {
    let doc = tokens();
    Test::new()
        .args(["validate", "--now", "2023-11-14T22:13:20Z"])
        .args(["--issuer", doc["issuer"].as_str().unwrap_or_default()])
        .args(["--key", &key_file("rsa.pub.pem")])
        .arg(token("valid-RS256"))
        .run();
    // An hour and a minute later, the same token has expired.
    Test::new()
        .args(["validate", "--now", "2023-11-14T23:14:21Z"])
        .args(["--key", &key_file("rsa.pub.pem")])
        .arg(token("valid-RS256"))
        .code(1)
        .stdout_contains("exp")
        .run();
}

#[test]
fn text_report_lists_every_check_and_ends_with_the_verdict() {
    let out = validate(&["--key", &key_file("rsa.pub.pem"), &token("aud-wrong")])
        .code(1)
        .run();
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.starts_with("INVALID") && last.contains("aud"),
        "{last}"
    );
    for check in oauthctl::jwt::validate::CHECKS {
        assert!(
            lines
                .iter()
                .any(|l| l.split_whitespace().any(|w| w == *check)),
            "no line for {check}:\n{}",
            out.stdout
        );
    }
}

// ---------------------------------------------------------------- hardening

/// An HS256 token with these claims, signed by `encode` with the vectors'
/// HMAC secret.
fn hs256(claims: &str) -> String {
    let out = Test::new()
        .args([
            "encode",
            "--secret-file",
            &key_file("hmac.secret"),
            "--claims",
            claims,
        ])
        .run();
    out.stdout.trim().to_owned()
}

#[test]
fn times_after_year_9999_are_reported_not_a_panic() {
    let far = hs256(r#"{"sub":"a","exp":253402300800,"iat":9223372036854775807,"nbf":1e300}"#);
    let out = Test::new()
        .args(["validate", "--secret-file", &key_file("hmac.secret"), &far])
        .code(1)
        .stdout_contains("+10000-01-01T00:00:00Z")
        .run();
    assert!(out.stdout.contains("INVALID"), "{}", out.stdout);
    Test::new()
        .args([
            "validate",
            "-o",
            "json",
            "--secret-file",
            &key_file("hmac.secret"),
            &far,
        ])
        .code(1)
        .run();
    // In --bulk, the panic lost every other line's result too.
    let input = format!("{far}\n{}\n", token("valid-HS256"));
    let out = validate(&["--secret-file", &key_file("hmac.secret"), "--bulk"])
        .stdin(input)
        .code(1)
        .run();
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 2, "{}", out.stdout);
    assert_eq!(got[1]["valid"], true);
}

#[test]
fn bulk_reports_undecodable_lines_and_goes_on() {
    let valid = token("valid-HS256");
    // A line cut by the reader inside a character: MAX_TOKEN_LEN + 1 bytes,
    // then 'é', whose first byte is the last one kept.
    let cut = format!("{}é", "a".repeat(256 * 1024 + 1));
    let mut input = Vec::new();
    input.extend_from_slice(format!("{valid}\n").as_bytes());
    input.extend_from_slice(b"eyJ\xff\xfe.bad\n");
    input.extend_from_slice(format!("{cut}\n{valid}\n").as_bytes());
    let out = validate(&["--secret-file", &key_file("hmac.secret"), "--bulk"])
        .stdin(input)
        .code(1)
        .run();
    let got = lines(&out.stdout);
    let numbers: Vec<u64> = got.iter().filter_map(|l| l["line"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 3, 4], "{}", out.stdout);
    assert_eq!(got[0]["valid"], true);
    assert_eq!(got[3]["valid"], true);
    assert_eq!(failed_names(&got[1]), ["structure"]);
    assert!(
        got[1]["failed"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("not UTF-8")),
        "{}",
        got[1]
    );
    assert_eq!(failed_names(&got[2]), ["structure"]);
    assert!(
        got[2]["failed"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("longer than")),
        "{}",
        got[2]
    );
}

#[test]
fn options_that_would_overflow_are_usage_errors() {
    let t = hs256(r#"{"sub":"a","auth_time":1700000000,"exp":4000000000}"#);
    let secret = key_file("hmac.secret");
    for args in [
        ["--max-age", "9223372036854775807"],
        ["--max-age", "18446744073709551615"],
        ["--leeway", "9223372036854775807"],
        ["--now", "9223372036854775807"],
        ["--now=-9223372036854775808", "--leeway=0"],
        ["--now", "253402300800"],
    ] {
        Test::new()
            .args(["validate", "--secret-file", &secret])
            .args(args)
            .arg(&t)
            .code(2)
            .stdout_lacks("VALID")
            .run();
    }
}

#[test]
fn key_files_are_read_up_to_4_mib() {
    // Each grew to gigabytes on /dev/zero; a 5 MiB file shows the cap
    // without the risk.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big");
    std::fs::write(&big, vec![b' '; 5 << 20]).unwrap();
    let big = big.display().to_string();
    for option in ["--jwks", "--key", "--secret-file"] {
        for path in [big.as_str(), "/dev/zero"] {
            validate(&[option, path, &token("valid-HS256")])
                .code(2)
                .stderr_contains(format!(
                    "{path}: the file is larger than the 4 MiB oauthctl reads"
                ))
                .run();
        }
    }
}

#[test]
fn claim_values_cannot_forge_a_line_of_the_report() {
    // The iss quoted in the failed check's detail held a newline and a
    // standalone VALID; the kid an escape sequence.
    let forged =
        hs256(r#"{"sub":"a","exp":4000000000,"iss":"x\n\nVALID\n\u001b[32m","aud":"api"}"#);
    let out = Test::new()
        .args([
            "validate",
            "--secret-file",
            &key_file("hmac.secret"),
            "--claim",
            "iss=https://expected.example",
        ])
        .arg(&forged)
        .code(1)
        .stdout_lacks("\u{1b}")
        .run();
    let verdicts: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.trim() == "VALID" || l.starts_with("INVALID"))
        .collect();
    assert_eq!(verdicts.len(), 1, "{}", out.stdout);
    assert!(verdicts[0].starts_with("INVALID"), "{}", out.stdout);
    assert!(
        out.stdout.contains(r"x\n\nVALID\n\u{1b}[32m"),
        "{}",
        out.stdout
    );

    // A kid with an escape sequence, quoted by the key check.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","kid":"\u001b]0;pwned\u0007"}"#);
    let body = URL_SAFE_NO_PAD.encode(r#"{"exp":4000000000}"#);
    Test::new()
        .args(["validate", "--jwks", &key_file("jwks.json")])
        .arg(format!("{header}.{body}.c2ln"))
        .code(1)
        .stdout_lacks("\u{1b}")
        .stdout_lacks("\u{7}")
        .run();
}

#[test]
fn a_small_order_ed25519_key_is_never_used() {
    // The identity point as the key, R = identity and S = 0 as the
    // signature: it verified, for any claims, and validate said VALID.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(
        &jwks,
        json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k", "x": URL_SAFE_NO_PAD.encode(identity)}]})
            .to_string(),
    )
    .unwrap();
    let signature = URL_SAFE_NO_PAD.encode([identity, [0; 32]].concat());
    let forged = format!(
        "{}.{}.{signature}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"EdDSA","kid":"k"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"admin","exp":4000000000}"#)
    );
    let out = Test::new()
        .args(["validate", "-o", "json", "--jwks"])
        .arg(&jwks)
        .arg(&forged)
        .code(1)
        .run();
    let report = out.json();
    assert_eq!(status(&report, "key"), "failed", "{report}");
    assert!(detail(&report, "key").contains("small order"), "{report}");
    assert_eq!(status(&report, "signature"), "skipped", "{report}");
}

/// What a published key set says is public knowledge: a symmetric key, or a
/// key with its private members, there lets anyone sign. Such keys are
/// never used (the `key` check fails and says why), however well the
/// token's signature matches them; the same key in a local file still works.
#[test]
fn keys_anyone_can_read_from_a_remote_set_are_never_used() {
    let token = hs256(r#"{"sub":"admin","exp":4000000000}"#);
    let oct = json!({ "keys": [key_set("hmac.jwk.json")] });
    let (server, _) = jwks_server(oct.clone(), oct.clone());
    let out = Test::new()
        .args(["validate", "-o", "json", "--jwks-uri"])
        .arg(format!("{}/jwks", server.url()))
        .arg(&token)
        .code(1)
        .run();
    let report = out.json();
    assert_eq!(report["valid"], false);
    assert_eq!(status(&report, "key"), "failed", "{report:#}");
    assert!(detail(&report, "key").contains("symmetric"), "{report:#}");
    assert_ne!(status(&report, "signature"), "passed");
    let text = Test::new()
        .args(["validate", "--jwks-uri"])
        .arg(format!("{}/jwks", server.url()))
        .arg(&token)
        .code(1)
        .run();
    assert!(
        text.stdout.contains("anyone who can read the set"),
        "{}",
        text.stdout
    );

    // The same set as a local file: the user's own secret, used.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("oct.json");
    std::fs::write(&file, oct.to_string()).unwrap();
    let report = Test::new()
        .args(["validate", "-o", "json", "--jwks"])
        .arg(&file)
        .arg(&token)
        .run()
        .json();
    assert_eq!(status(&report, "signature"), "passed", "{report:#}");

    // An RSA key published with a private member.
    let claims = json!({ "sub": "admin", "exp": 4_000_000_000u64 });
    let minted = Test::new()
        .args(["encode", "--alg", "RS256", "--kid", "rsa-1"])
        .args(["--key", &key_file("rsa.pem")])
        .args(["--claims", &claims.to_string()])
        .run();
    let mut leaked = key_set("rsa.jwk.json");
    leaked["kid"] = json!("rsa-1");
    leaked["d"] = json!("AQAB");
    let set = json!({ "keys": [leaked] });
    let (server, _) = jwks_server(set.clone(), set);
    let report = Test::new()
        .args(["validate", "-o", "json", "--jwks-uri"])
        .arg(format!("{}/jwks", server.url()))
        .arg(minted.stdout.trim())
        .code(1)
        .run()
        .json();
    assert_eq!(status(&report, "key"), "failed", "{report:#}");
    assert!(
        detail(&report, "key").contains("private members (d)"),
        "{report:#}"
    );
}

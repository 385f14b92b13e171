//! Integration tests: jwks. Key sets from a URL, from an issuer and from a
//! file, with real keys made here by aws-lc-rs; every lint finding; --pem
//! checked by openssl and by `validate`; the faults of real servers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::sync::OnceLock;

use aws_lc_rs::signature::{self as sig, KeyPair};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use crate::support::{Reply, Server, Test, data_dir};

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A key made for the tests: its public JWK, its private key as PKCS#8 PEM
/// (for `encode`), and its RFC 7638 thumbprint computed here, independently
/// of oauthctl.
struct TestKey {
    jwk: Value,
    private_pem: String,
    thumbprint: String,
    alg: &'static str,
}

fn pem(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

fn thumbprint(canonical: &str) -> String {
    b64(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, canonical.as_bytes()).as_ref())
}

/// RSA 2048, P-256 and Ed25519 keys, made once per test run.
fn keys() -> &'static [TestKey; 3] {
    static KEYS: OnceLock<[TestKey; 3]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        let c = sig::RsaPublicKeyComponents::<Vec<u8>>::from(rsa.public_key());
        let rsa_private = {
            use aws_lc_rs::encoding::AsDer;
            let der: aws_lc_rs::encoding::Pkcs8V1Der = rsa.as_der().unwrap();
            pem("PRIVATE KEY", der.as_ref())
        };
        let (n, e) = (b64(&c.n), b64(&c.e));

        let ec = sig::EcdsaKeyPair::generate(&sig::ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let p = ec.public_key().as_ref();
        let (x, y) = (b64(&p[1..33]), b64(&p[33..65]));

        let ed = sig::Ed25519KeyPair::generate().unwrap();
        let ed_x = b64(ed.public_key().as_ref());

        [
            TestKey {
                jwk: json!({"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": n, "e": e}),
                private_pem: rsa_private,
                thumbprint: thumbprint(&format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#)),
                alg: "RS256",
            },
            TestKey {
                jwk: json!({"kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256", "x": x, "y": y}),
                private_pem: pem("PRIVATE KEY", ec.to_pkcs8v1().unwrap().as_ref()),
                thumbprint: thumbprint(&format!(
                    r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#
                )),
                alg: "ES256",
            },
            TestKey {
                jwk: json!({"kty": "OKP", "kid": "ed-1", "use": "sig", "alg": "EdDSA", "crv": "Ed25519", "x": ed_x}),
                private_pem: pem("PRIVATE KEY", ed.to_pkcs8().unwrap().as_ref()),
                thumbprint: thumbprint(&format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{ed_x}"}}"#)),
                alg: "EdDSA",
            },
        ]
    })
}

fn good_set() -> Value {
    json!({ "keys": keys().iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
}

/// A set with every finding the lint knows, each key named for its fault.
fn bad_set() -> Value {
    let [rsa, ec, _] = keys();
    let with = |base: &Value, changes: Value| {
        let mut v = base.clone();
        for (k, c) in changes.as_object().unwrap() {
            if c.is_null() {
                v.as_object_mut().unwrap().remove(k);
            } else {
                v[k] = c.clone();
            }
        }
        v
    };
    let expired: Value = serde_json::from_str(
        &std::fs::read_to_string(data_dir().join("expired-cert.jwk.json")).unwrap(),
    )
    .unwrap();
    let cert = std::fs::read_to_string(data_dir().join("expired-cert.b64")).unwrap();
    let small_n = b64(&[0xc5; 128]); // 1024 bits
    json!({ "keys": [
        with(&rsa.jwk, json!({"kid": "leaky", "d": "AQAB", "p": "AQAB", "q": "AQAB"})),
        {"kty": "oct", "kid": "hmac", "alg": "HS256", "k": "c3VwZXItc2VjcmV0LWhtYWMta2V5LXZhbHVl"},
        with(&rsa.jwk, json!({"kid": "small", "n": small_n})),
        with(&ec.jwk, json!({"kid": "dup"})),
        with(&ec.jwk, json!({"kid": "dup"})),
        with(&ec.jwk, json!({"kid": null})),
        with(&rsa.jwk, json!({"kid": "wrong-alg", "alg": "ES256"})),
        with(&rsa.jwk, json!({"kid": "typo-alg", "alg": "RS265"})),
        {"kty": "EC", "kid": "odd-curve", "crv": "P-192",
         "x": b64(&[1; 24]), "y": b64(&[2; 24])},
        {"kty": "AKP", "kid": "post-quantum", "alg": "ML-DSA-44", "pub": "AAAA"},
        with(&ec.jwk, json!({"kid": "broken", "x": "AQAB"})),
        with(&expired, json!({"x5c": [cert.trim()]})),
        with(&ec.jwk, json!({"kid": "foreign-cert", "x5c": [cert.trim()]})),
    ]})
}

fn serve_set(set: Value) -> Server {
    Server::new(move |_, path| match path {
        "/jwks" => Reply::json(set.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

#[test]
fn a_good_set_is_a_table_with_thumbprints_and_no_findings() {
    let server = serve_set(good_set());
    let url = format!("{}/jwks", server.url());
    let mut t = Test::new()
        .args(["jwks", &url])
        .stdout_contains(format!("key set  {url}"))
        .stdout_contains("KID")
        .stdout_contains("THUMBPRINT")
        .stdout_contains("Findings\n  none");
    for k in keys() {
        t = t.stdout_contains(k.thumbprint.clone());
    }
    let out = t.run();
    let line = |kid: &str| {
        out.stdout
            .lines()
            .find(|l| l.contains(kid))
            .unwrap_or_else(|| panic!("no row for {kid}:\n{}", out.stdout))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(
        line("rsa-1").starts_with("1 rsa-1 RSA RS256 sig 2048 bits"),
        "{}",
        line("rsa-1")
    );
    assert!(
        line("ec-1").starts_with("2 ec-1 EC ES256 sig P-256"),
        "{}",
        line("ec-1")
    );
    assert!(
        line("ed-1").starts_with("3 ed-1 OKP EdDSA sig Ed25519"),
        "{}",
        line("ed-1")
    );
    // --strict passes: nothing to report.
    Test::new().args(["jwks", "--strict", &url]).run();
    assert_eq!(server.paths(), ["/jwks", "/jwks"].map(String::from));
}

#[test]
fn json_output_has_keys_and_findings() {
    let server = serve_set(good_set());
    let url = format!("{}/jwks", server.url());
    let v = Test::new().args(["jwks", "-o", "json", &url]).run().json();
    let keys_out = v["keys"].as_array().unwrap();
    assert_eq!(keys_out.len(), 3);
    assert_eq!(
        keys_out[0],
        json!({
            "index": 0, "kid": "rsa-1", "kty": "RSA", "alg": "RS256", "use": "sig",
            "bits": 2048, "crv": null, "thumbprint": keys()[0].thumbprint,
            "x5c": null, "loaded": true, "error": null
        })
    );
    assert_eq!(keys_out[1]["crv"], "P-256");
    assert_eq!(keys_out[2]["thumbprint"], keys()[2].thumbprint.as_str());
    assert_eq!(v["findings"], json!([]));
    // With --pem, each key carries its PEM.
    let v = Test::new()
        .args(["jwks", "-o", "json", "--pem", &url])
        .run()
        .json();
    assert!(
        v["keys"][1]["pem"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
}

#[test]
fn every_lint_finding_with_strict_and_fail_on() {
    let server = serve_set(bad_set());
    let url = format!("{}/jwks", server.url());
    let expected = [
        (
            "private-key-published",
            "critical",
            "key \"leaky\" (RSA) publishes private key members: d, p, q",
        ),
        (
            "symmetric-key-published",
            "critical",
            "key \"hmac\" is a symmetric oct key",
        ),
        (
            "rsa-key-too-small",
            "high",
            "key \"small\" is RSA 1024 bits",
        ),
        (
            "alg-kty-mismatch",
            "high",
            "key \"wrong-alg\": alg ES256 does not fit the key",
        ),
        (
            "x5c-key-mismatch",
            "high",
            "key \"foreign-cert\": the x5c certificate",
        ),
        (
            "duplicate-kid",
            "medium",
            "kid \"dup\" is used by 2 keys (#4, #5)",
        ),
        ("missing-kid", "medium", "1 of 13 keys have no kid (#6)"),
        (
            "unknown-curve",
            "medium",
            "key \"odd-curve\" (EC) uses curve \"P-192\"",
        ),
        (
            "invalid-key",
            "medium",
            "key \"broken\" is malformed and was not loaded",
        ),
        (
            "certificate-expired",
            "medium",
            "key \"expired-cert\": x5c certificate #1 (CN=expired.oauthctl.test) expired 2021-01-01T00:00:00Z",
        ),
        ("unknown-alg", "low", "key \"typo-alg\" has alg \"RS265\""),
        (
            "unsupported-kty",
            "low",
            "key \"post-quantum\" has unsupported kty \"AKP\"",
        ),
    ];
    let out = Test::new().args(["jwks", "-o", "json", &url]).run();
    let findings = out.json()["findings"].as_array().unwrap().clone();
    for (id, severity, message) in expected {
        assert!(
            findings.iter().any(|f| f["id"] == id
                && f["severity"] == severity
                && f["message"].as_str().unwrap().contains(message)
                && !f["fix"].as_str().unwrap().is_empty()),
            "no {severity} {id} finding with {message:?} in {findings:#?}"
        );
    }
    // The rejected keys are listed too, not dropped.
    let keys_out = out.json()["keys"].as_array().unwrap().clone();
    assert_eq!(keys_out.len(), 13);
    assert_eq!(keys_out[9]["kid"], "post-quantum");
    assert_eq!(keys_out[9]["loaded"], false);
    assert_eq!(keys_out[11]["x5c"]["not_after"], "2021-01-01T00:00:00Z");

    // Text: the findings, most severe first, with a fix each.
    let out = Test::new()
        .args(["jwks", &url])
        .stdout_contains("not loaded: unsupported kty \"AKP\"")
        .stdout_contains("2021-01-01T00:00:00Z (expired")
        .stdout_contains("critical  private-key-published: key \"leaky\" (RSA)")
        .stdout_contains("fix: remove the private members and rotate the key now")
        .stdout_contains("13 findings: 2 critical, 3 high, 6 medium, 2 low")
        .run();
    let first = out.stdout.find("private-key-published").unwrap();
    let last = out.stdout.find("unsupported-kty").unwrap();
    assert!(first < last);

    // Exit 1 only with --strict, at or above --fail-on (default high).
    Test::new().args(["jwks", "--strict", &url]).code(1).run();
    Test::new()
        .args(["jwks", "--strict", "--fail-on", "critical", &url])
        .code(1)
        .run();
    Test::new()
        .args(["jwks", "--strict", "--fail-on", "high", "-o", "json", &url])
        .code(1)
        .run();
}

#[test]
fn strict_fail_on_threshold_below_the_findings_passes() {
    // Only a low finding: --strict fails with --fail-on low, not by default.
    let [rsa, ..] = keys();
    let mut typo = rsa.jwk.clone();
    typo["alg"] = json!("RS265");
    let server = serve_set(json!({ "keys": [typo] }));
    let url = format!("{}/jwks", server.url());
    Test::new()
        .args(["jwks", "--strict", &url])
        .stdout_contains("unknown-alg")
        .run();
    Test::new()
        .args(["jwks", "--strict", "--fail-on", "low", &url])
        .code(1)
        .run();
}

#[test]
fn an_empty_set_is_a_finding() {
    let server = serve_set(json!({"keys": []}));
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .stdout_contains("no keys")
        .stdout_contains("empty-key-set")
        .run();
}

fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn a_local_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.json", &good_set().to_string());
    Test::new()
        .args(["jwks", "--file"])
        .arg(&good)
        .stdout_contains(format!("key set  {}", good.display()))
        .stdout_contains(keys()[1].thumbprint.clone())
        .stdout_contains("Findings\n  none")
        .run();
    let bad = write(dir.path(), "bad.json", &bad_set().to_string());
    Test::new()
        .args(["jwks", "--strict", "--file"])
        .arg(&bad)
        .code(1)
        .stdout_contains("private-key-published")
        .run();
    // Unreadable, not JSON, not a key set: usage errors naming the file.
    Test::new()
        .args(["jwks", "--file", "/nonexistent/keys.json"])
        .code(2)
        .stderr_contains("reading key set /nonexistent/keys.json")
        .run();
    let junk = write(dir.path(), "junk.json", "{not json");
    Test::new()
        .args(["jwks", "--file"])
        .arg(&junk)
        .code(2)
        .stderr_contains(format!("key set {}: invalid JSON", junk.display()))
        .run();
    let jwk = write(dir.path(), "one.json", &keys()[0].jwk.to_string());
    Test::new()
        .args(["jwks", "--file"])
        .arg(&jwk)
        .code(2)
        .stderr_contains("not a JWK Set: no \"keys\" member")
        .run();
    // A path given where a URL belongs: a hint to use --file.
    Test::new()
        .args(["jwks", "expired-cert.jwk.json"])
        .code(2)
        .stderr_contains("for a local file use --file expired-cert.jwk.json")
        .run();
}

#[test]
fn no_source_is_a_usage_error() {
    Test::new()
        .arg("jwks")
        .code(2)
        .stderr_contains("no key set: give ISSUER or a key set URL, --file")
        .run();
}

fn split_pem(text: &str) -> Vec<String> {
    text.split_inclusive("-----END PUBLIC KEY-----\n")
        .filter(|b| b.contains("BEGIN"))
        .map(|b| b[b.find("-----BEGIN").unwrap()..].to_owned())
        .collect()
}

#[test]
fn pem_output_parses_back_with_openssl_and_validate() {
    let mut set = good_set();
    set["keys"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ"}));
    let server = serve_set(set);
    let url = format!("{}/jwks", server.url());
    let out = Test::new()
        .args(["jwks", "--pem", &url])
        .stdout_contains("# kid \"rsa-1\", RSA 2048 bits\n-----BEGIN PUBLIC KEY-----")
        .stdout_lacks("THUMBPRINT")
        .stderr_contains("kid \"hmac\" skipped: a symmetric key has no public form")
        .stderr_contains("1 lint finding(s); run without --pem to see them")
        .run();
    let blocks = split_pem(&out.stdout);
    assert_eq!(blocks.len(), 3, "{}", out.stdout);
    let dir = tempfile::tempdir().unwrap();
    for (key, block) in keys().iter().zip(&blocks) {
        let public = write(dir.path(), &format!("{}.pub.pem", key.alg), block);
        // openssl reads it as a public key.
        let st = std::process::Command::new("openssl")
            .args(["pkey", "-pubin", "-noout", "-in"])
            .arg(&public)
            .output()
            .expect("openssl");
        assert!(
            st.status.success(),
            "openssl pkey -pubin {}: {}",
            key.alg,
            String::from_utf8_lossy(&st.stderr)
        );
        // And it verifies a token signed with the private half.
        let private = write(dir.path(), &format!("{}.pem", key.alg), &key.private_pem);
        let token = Test::new()
            .args([
                "encode",
                "--alg",
                key.alg,
                "--claim",
                "sub=alice",
                "--exp",
                "10m",
                "--key",
            ])
            .arg(&private)
            .run()
            .stdout;
        Test::new()
            .args(["validate", "--alg", key.alg, "--key"])
            .arg(&public)
            .arg(token.trim())
            .stdout_contains("VALID")
            .run();
    }
    // The whole output, labels included, is also one file that validate reads.
    let all = write(dir.path(), "all.pem", &out.stdout);
    let private = write(dir.path(), "ec.pem", &keys()[1].private_pem);
    let token = Test::new()
        .args(["encode", "--alg", "ES256", "--exp", "10m", "--key"])
        .arg(&private)
        .run()
        .stdout;
    Test::new()
        .args(["validate", "--key"])
        .arg(&all)
        .arg(token.trim())
        .stdout_contains("VALID")
        .run();
}

/// An issuer whose discovery names its key set.
fn issuer_server(issuer_path: &'static str, jwks_path: &'static str) -> Server {
    let set = good_set();
    Server::new(move |_, path| {
        if path == format!("{issuer_path}/.well-known/openid-configuration") {
            Reply::json(json!({
                "issuer": format!("{{{{base}}}}{issuer_path}"),
                "jwks_uri": format!("{{{{base}}}}{jwks_path}"),
            }))
        } else if path == jwks_path {
            Reply::json(set.clone())
        } else {
            Reply::status(404, "text/plain", "not found")
        }
    })
}

#[test]
fn an_issuer_is_resolved_through_discovery() {
    let server = issuer_server("", "/oauth2/v1/signing");
    let out = Test::new()
        .args(["jwks", server.url()])
        .stdout_contains(format!(
            "key set  {}/oauth2/v1/signing (jwks_uri of {})",
            server.url(),
            server.url()
        ))
        .stdout_contains("rsa-1")
        .run();
    assert!(out.stdout.contains("Findings\n  none"), "{}", out.stdout);
    assert_eq!(
        server.paths(),
        ["/.well-known/openid-configuration", "/oauth2/v1/signing"].map(String::from)
    );
    // The same through --issuer.
    Test::new()
        .args(["jwks", "--issuer", server.url()])
        .stdout_contains("rsa-1")
        .run();
    Test::new()
        .arg("jwks")
        .env("OAUTHCTL_ISSUER", server.url())
        .stdout_contains("ed-1")
        .run();
}

#[test]
fn the_resolution_rule_falls_back_both_ways() {
    // Looks like a key set ("keys" in the path) but is an issuer: tried as
    // a key set first (404), then discovered.
    let server = issuer_server("/tenant/keys", "/tenant/keys/published");
    let source = format!("{}/tenant/keys", server.url());
    Test::new()
        .args(["jwks", &source])
        .stdout_contains(format!("(jwks_uri of {source})"))
        .run();
    assert_eq!(
        server.paths(),
        [
            "/tenant/keys",
            "/tenant/keys/.well-known/openid-configuration",
            "/tenant/keys/published"
        ]
        .map(String::from)
    );

    // Does not look like a key set but is one: discovery first (every
    // well-known location answers 404), then the URL itself.
    let set = good_set();
    let server = Server::new(move |_, path| match path {
        "/signing" => Reply::json(set.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    let source = format!("{}/signing", server.url());
    Test::new()
        .args(["jwks", &source])
        .stdout_contains(format!("key set  {source}\n"))
        .stdout_contains("rsa-1")
        .run();
    assert_eq!(
        server.paths(),
        [
            "/signing/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/signing",
            "/signing/.well-known/oauth-authorization-server",
            "/signing"
        ]
        .map(String::from)
    );

    // Neither: one line that says what each reading found.
    let server = Server::new(|_, _| Reply::status(404, "text/plain", "not found"));
    let source = format!("{}/nothing", server.url());
    Test::new()
        .args(["jwks", &source])
        .code(3)
        .stderr_contains(format!(
            "looking for a key set at {source}: it is neither a key set"
        ))
        .stderr_contains("nor an issuer")
        .run();
}

#[test]
fn an_issuer_without_jwks_uri() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({"issuer": "{{base}}"})),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    Test::new()
        .args(["jwks", server.url()])
        .code(3)
        .stderr_contains("the metadata has no jwks_uri")
        .run();
}

#[test]
fn server_faults_have_clear_errors_and_exit_3() {
    // Connection refused.
    let port = crate::support::free_port();
    Test::new()
        .args(["jwks", &format!("http://127.0.0.1:{port}/jwks.json")])
        .code(3)
        .stderr_contains(format!(
            "fetching the key set from http://127.0.0.1:{port}/jwks.json: could not connect"
        ))
        .run();

    // HTTP errors stop at once; the body's text is shown.
    let server = Server::new(|_, _| Reply::status(500, "text/plain", "database is down"));
    let url = format!("{}/jwks", server.url());
    Test::new()
        .args(["jwks", &url])
        .code(3)
        .stderr_contains(format!(
            "fetching the key set from {url}: HTTP 500 (database is down)"
        ))
        .run();
    assert_eq!(server.hits(), 1);

    // HTML where JSON was expected (a login page).
    let server =
        Server::new(|_, _| Reply::status(200, "text/html", "<html><body>Sign in</body></html>"));
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("expected JSON, got HTML")
        .run();

    // Invalid JSON.
    let server = serve_raw("/jwks", "application/json", "{\"keys\": [");
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("invalid JSON")
        .run();

    // JSON, but "keys" is not an array.
    let server = serve_raw("/jwks", "application/json", "{\"keys\": {}}");
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("not a JWK Set: \"keys\" is not an array")
        .run();

    // Oversized: refused, with the limit in the message.
    let big = format!("{{\"keys\": [], \"pad\": \"{}\"}}", "x".repeat(5 << 20));
    let server = serve_raw("/jwks", "application/json", &big);
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("response larger than 4194304 bytes; refused")
        .run();
}

fn serve_raw(at: &'static str, ctype: &'static str, body: &str) -> Server {
    let body = body.to_owned();
    Server::new(move |_, path| {
        if path == at {
            Reply::status(200, ctype, body.clone())
        } else {
            Reply::status(404, "text/plain", "not found")
        }
    })
}

#[test]
fn a_timeout_is_a_network_error_with_a_hint() {
    let server = Server::new(|_, _| Reply::json(good_set()).delay(3000));
    Test::new()
        .args(["--timeout", "1", "jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("timed out after 1 s")
        .stderr_contains("hint: raise --timeout")
        .run();
    assert_eq!(server.hits(), 1, "a timeout is not retried elsewhere");
}

#[test]
fn redirects_are_followed_up_to_a_limit() {
    let set = good_set();
    let server = Server::new(move |_, path| match path {
        "/jwks" => Reply::status(302, "text/plain", "").header("Location", "/v2/jwks"),
        "/v2/jwks" => Reply::json(set.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .stdout_contains(format!("key set  {}/v2/jwks", server.url()))
        .stdout_contains("rsa-1")
        .run();
    assert_eq!(server.paths(), ["/jwks", "/v2/jwks"].map(String::from));

    let server =
        Server::new(|_, path| Reply::status(302, "text/plain", "").header("Location", path));
    Test::new()
        .args(["jwks", &format!("{}/jwks", server.url())])
        .code(3)
        .stderr_contains("more than 5 redirects")
        .run();
    assert_eq!(server.hits(), 6);
}

#[test]
fn a_key_set_file_is_read_up_to_4_mib() {
    Test::new()
        .args(["jwks", "--file", "/dev/zero"])
        .code(2)
        .stderr_contains("/dev/zero: the file is larger than the 4 MiB oauthctl reads")
        .run();
}

#[test]
fn key_set_values_are_escaped_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwks.json");
    std::fs::write(
        &path,
        json!({"keys": [{
            "kty": "oct\u{1b}[2J", "kid": "\u{1b}]0;pwned\u{7}\nVALID", "alg": "HS256\u{9b}", "k": "c2VjcmV0"
        }]})
        .to_string(),
    )
    .unwrap();
    let out = Test::new()
        .args(["jwks", "--file"])
        .arg(&path)
        .stdout_lacks("\u{1b}")
        .stdout_lacks("\u{9b}")
        .stdout_lacks("\u{7}")
        .run();
    assert!(
        !out.stdout.lines().any(|l| l.trim() == "VALID"),
        "{}",
        out.stdout
    );
}

#[test]
fn keys_that_prove_nothing_are_critical() {
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("jwks.json");
    std::fs::write(
        &path,
        json!({"keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": "small", "x": URL_SAFE_NO_PAD.encode(identity)},
            {"kty": "EC", "crv": "P-256", "kid": "off", "alg": "ES256", "use": "sig",
             "x": URL_SAFE_NO_PAD.encode([1; 32]), "y": URL_SAFE_NO_PAD.encode([2; 32])},
        ]})
        .to_string(),
    )
    .unwrap();
    Test::new()
        .args(["jwks", "--strict", "--file"])
        .arg(&path)
        .code(1)
        .stdout_contains("critical  ed25519-small-order")
        .stdout_contains("critical  ec-point-off-curve")
        .run();
}

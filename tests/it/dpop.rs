//! DPoP (RFC 9449) end to end: tokens bound to a key by node
//! `oidc-provider` (which checks every proof itself, at its token and
//! userinfo endpoints), kept with the key, refreshed and used with proofs
//! from the stored key, the server's nonce retried once; `validate
//! --dpop-proof` naming each failed check; and the faults no real server
//! makes on demand, with a test server.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::oidc_provider::Provider;
use crate::support::{
    Canary, Output, Reply, Server, Test, clean_command, device_approved_by, in_home,
};
use oauthctl::jwt::dpop::{ProofKey, ath};
use oauthctl::jwt::encode::{SignAlg, SigningKey, sign};
use oauthctl::jwt::{Alg, Parsed, parse};

/// `oauthctl` with the file store under `home`.
fn at(home: &Path) -> Test {
    Test::new()
        .env("XDG_STATE_HOME", home.join("state"))
        .env("OAUTHCTL_STORE", "file")
}

fn claims(jwt: &str) -> Value {
    match parse(jwt).unwrap() {
        Parsed::Jws(j) => Value::Object(j.claims.unwrap()),
        Parsed::Jwe { .. } => panic!("a JWE"),
    }
}

/// The store's (or the cache's) JSON files under `home`, each checked to be
/// readable by its owner only.
fn private_files(home: &Path, dir: &str) -> Vec<(PathBuf, Value)> {
    let dir = home.join("state/oauthctl").join(dir);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600, "{}", path.display());
            }
            let v = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            out.push((path, v));
        }
    }
    out
}

/// The two lines of `-o header` for a DPoP-bound token: the access token
/// and the proof.
fn dpop_header(out: &Output) -> (String, String) {
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    let at = lines[0]
        .strip_prefix("Authorization: DPoP ")
        .unwrap_or_else(|| panic!("{}", out.stdout));
    let proof = lines[1]
        .strip_prefix("DPoP: ")
        .unwrap_or_else(|| panic!("{}", out.stdout));
    (at.to_owned(), proof.to_owned())
}

/// Call oidc-provider's userinfo endpoint directly (not through oauthctl)
/// with `authorization` and no proof: its status.
fn userinfo_status(p: &Provider, authorization: &str) -> u16 {
    reqwest::blocking::Client::new()
        .get(format!("{}/me", p.issuer()))
        .header("Authorization", authorization)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn cc_gets_a_bound_token_that_the_cache_keeps_with_its_key() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let cc = |extra: &[&str]| {
        at(home.path())
            .args(["cc", "--issuer", p.issuer()])
            .args([
                "--client-id",
                "svc-basic",
                "--client-secret",
                "svc-basic-secret",
            ])
            .arg("--dpop")
            .args(extra)
    };
    let v = cc(&["-o", "json"]).run().json();
    assert_eq!(v["token_type"], "DPoP", "{v:#}");
    let token = v["access_token"].as_str().unwrap().to_owned();
    // oidc-provider bound it: cnf.jkt in the JWT access token.
    let jkt = claims(&token)["cnf"]["jkt"].as_str().unwrap().to_owned();
    // The cache entry keeps the key (a PEM private key), privately.
    let cached = private_files(home.path(), "cache");
    assert_eq!(cached.len(), 1);
    let pem = cached[0].1["dpop_key"].as_str().unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{pem}");
    assert_eq!(
        ProofKey::from_pem_or_jwk(pem.as_bytes(), "t")
            .unwrap()
            .jkt(),
        jkt
    );

    // A hit: the same token, no request (and so no proof) made.
    let again = cc(&[]).run();
    assert_eq!(again.stdout.trim(), token);
    assert_eq!(p.counts()["client_credentials"], 1, "{}", p.counts());

    // -o header: the proof for one request, made with the cached key; it
    // passes every check, the binding to the token's cnf.jkt included.
    let url = "https://api.example/things?page=2";
    let out = cc(&["-o", "header", "--url", url, "--method", "post"]).run();
    let (shown, proof) = dpop_header(&out);
    assert_eq!(shown, token);
    let ok = Test::new()
        .args(["validate", "--dpop-proof", &proof, "--method", "POST"])
        .args(["--url", "https://api.example/things", "--", &token])
        .run();
    for name in [
        "typ",
        "alg",
        "jwk",
        "signature",
        "htm",
        "htu",
        "iat",
        "jti",
        "ath",
        "cnf.jkt",
    ] {
        assert!(
            ok.stdout
                .lines()
                .any(|l| l.starts_with("✓ passed") && l.split_whitespace().nth(2) == Some(name)),
            "{name} not passed:\n{}",
            ok.stdout
        );
    }
    assert!(ok.stdout.trim_end().ends_with("VALID"), "{}", ok.stdout);
    assert_eq!(p.counts()["client_credentials"], 1);

    // A plain cc is another cache entry: a Bearer token.
    let plain = at(home.path())
        .args(["cc", "--issuer", p.issuer()])
        .args([
            "--client-id",
            "svc-basic",
            "--client-secret",
            "svc-basic-secret",
        ])
        .args(["-o", "json"])
        .run()
        .json();
    assert_eq!(plain["token_type"], "Bearer", "{plain:#}");
}

/// A device login of alice at the public client `cli` with `args`,
/// approved through the provider's test-only fixture.
fn device_login(p: &Provider, home: &Path, args: &[&str]) -> Output {
    let mut cmd = clean_command(home);
    cmd.env("OAUTHCTL_STORE", "file")
        .args(["device", "--issuer", p.issuer(), "--client-id", "cli"])
        .args(["--scope", "openid profile", "--no-qr"])
        .args(args);
    let issuer = p.issuer().to_owned();
    let out = device_approved_by(cmd, |complete| {
        let url = url::Url::parse(complete).unwrap();
        let code = url
            .query_pairs()
            .find(|(k, _)| k == "user_code")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        let status = reqwest::blocking::Client::new()
            .post(format!("{issuer}/__test/approve-device"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!("user_code={code}"))
            .send()
            .unwrap()
            .status();
        assert_eq!(status.as_u16(), 204);
    });
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

#[test]
fn a_device_login_is_bound_used_at_userinfo_and_refreshed_with_the_stored_key() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let v = device_login(&p, home.path(), &["--dpop", "-o", "json"]).json();
    assert_eq!(v["token_type"], "DPoP", "{v:#}");
    let stored = private_files(home.path(), "tokens");
    assert_eq!(stored.len(), 1);
    let entry = &stored[0].1;
    assert_eq!(entry["token_type"], "DPoP");
    let key =
        ProofKey::from_pem_or_jwk(entry["dpop_key"].as_str().unwrap().as_bytes(), "t").unwrap();
    let token = entry["access_token"].as_str().unwrap().to_owned();
    // oidc-provider's own check: the token is bound, so without a proof it
    // is refused, as Bearer (401 invalid_token) and as DPoP (400, no proof).
    assert_eq!(userinfo_status(&p, &format!("Bearer {token}")), 401);
    assert_eq!(userinfo_status(&p, &format!("DPoP {token}")), 400);
    // And it says which key: introspection's cnf.jkt.
    assert_eq!(p.introspect(&token)["cnf"]["jkt"], key.jkt().as_str());

    // No --dpop from here on: the stored login carries its key.
    let who = |home: &Path| {
        at(home)
            .args([
                "userinfo",
                "--issuer",
                p.issuer(),
                "--client-id",
                "cli",
                "-o",
                "json",
            ])
            .run()
            .json()
    };
    assert_eq!(who(home.path())["sub"], "alice");

    let r = at(home.path())
        .args([
            "refresh",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(r["token_type"], "DPoP", "{r:#}");
    let fresh = r["access_token"].as_str().unwrap();
    assert_ne!(fresh, token);
    assert_eq!(p.refresh_count(), 1);
    assert_eq!(p.introspect(fresh)["cnf"]["jkt"], key.jkt().as_str());
    // introspect --dpop: the request carries a proof, which the server takes.
    let i = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "svc-basic-secret")
        .args([
            "introspect",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-basic",
        ])
        .args(["--dpop", "-o", "json", "--", fresh])
        .run()
        .json();
    assert_eq!(i["cnf"]["jkt"], key.jkt().as_str(), "{i:#}");
    let after = private_files(home.path(), "tokens");
    assert_eq!(after[0].1["dpop_key"], entry["dpop_key"], "the key is kept");
    assert_eq!(who(home.path())["sub"], "alice");

    // token: bare by default; -o header needs the request to prove.
    let t = at(home.path())
        .args([
            "token",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(t["token_type"], "DPoP");
    at(home.path())
        .args([
            "token",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "header",
        ])
        .code(2)
        .stderr_contains("give --url URL")
        .run();
    at(home.path())
        .args(["token", "--issuer", p.issuer(), "--client-id", "cli"])
        .args(["-o", "exec-credential"])
        .code(2)
        .stderr_contains("which kubectl does not make")
        .run();
    at(home.path())
        .args([
            "refresh",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "header",
        ])
        .code(2)
        .stderr_contains("use `oauthctl token -o header --url URL`")
        .run();
    let out = at(home.path())
        .args([
            "token",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "header",
        ])
        .args(["--url", &format!("{}/me", p.issuer())])
        .run();
    let (shown, proof) = dpop_header(&out);
    assert_eq!(shown, fresh);
    // The printed headers work as they are at oidc-provider's userinfo.
    let status = reqwest::blocking::Client::new()
        .get(format!("{}/me", p.issuer()))
        .header("Authorization", format!("DPoP {shown}"))
        .header("DPoP", &proof)
        .send()
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 200);

    // logout revokes with proofs and forgets the key with the tokens.
    at(home.path())
        .args(["logout", "--issuer", p.issuer(), "--client-id", "cli"])
        .run();
    assert!(private_files(home.path(), "tokens").is_empty());
    assert_eq!(p.introspect(fresh)["active"], false);
}

#[test]
fn a_servers_nonce_is_used_at_the_token_endpoint_and_at_userinfo() {
    let p = Provider::start_with(&[("DPOP_NONCE", Path::new("1"))]);
    let home = tempfile::tempdir().unwrap();
    // cc: the first proof is refused with use_dpop_nonce, the retry has it.
    let out = at(home.path())
        .args(["-v", "cc", "--issuer", p.issuer()])
        .args([
            "--client-id",
            "svc-basic",
            "--client-secret",
            "svc-basic-secret",
        ])
        .args(["--dpop", "--no-cache", "-o", "json"])
        .run();
    assert_eq!(out.json()["token_type"], "DPoP");
    let posts = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("> POST ") && l.ends_with("/token"))
        .count();
    assert_eq!(posts, 2, "{}", out.stderr);
    assert!(out.stderr.contains("< 400"), "{}", out.stderr);
    // The trace shows proofs and the nonce shortened.
    for l in out.stderr.lines() {
        let lower = l.to_ascii_lowercase();
        if lower.starts_with("> dpop:") || lower.starts_with("< dpop-nonce:") {
            assert!(l.len() < 60 && l.contains(" chars]"), "not redacted: {l}");
        }
    }

    // A device login (every poll proves), then userinfo in a new process,
    // which knows no nonce yet: its 401 use_dpop_nonce is retried once.
    let out = device_login(&p, home.path(), &["--dpop"]);
    assert!(
        out.stdout
            .contains("dpop     the tokens are bound to the DPoP key stored with them"),
        "{}",
        out.stdout
    );
    let out = at(home.path())
        .args([
            "-v",
            "userinfo",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "json",
        ])
        .run();
    assert_eq!(out.json()["sub"], "alice");
    let gets = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("> GET ") && l.ends_with("/me"))
        .count();
    assert_eq!(gets, 2, "{}", out.stderr);
    assert!(out.stderr.contains("< 401"), "{}", out.stderr);
    // And a refresh with the stored key, nonce retry included.
    at(home.path())
        .args(["refresh", "--issuer", p.issuer(), "--client-id", "cli"])
        .run();
    assert_eq!(p.refresh_count(), 2, "{}", p.counts());
}

/// A fake access token bound to `jkt` (validate reads, does not verify, it).
fn bound_token(jkt: Option<&str>) -> String {
    let mut c = serde_json::Map::new();
    c.insert("sub".into(), "alice".into());
    if let Some(j) = jkt {
        c.insert("cnf".into(), serde_json::json!({ "jkt": j }));
    }
    let key = SigningKey::hmac(b"not-checked-here-0123456789abcdef");
    sign(
        SignAlg::Alg(Alg::HS256),
        &serde_json::Map::new(),
        &c,
        Some(&key),
    )
    .unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn validate_dpop_proof_names_the_check_that_fails() {
    const URL: &str = "https://api.example/orders";
    let key = ProofKey::generate(Alg::ES256).unwrap();
    let token = bound_token(Some(&key.jkt()));
    let proof =
        |method: &str, iat: i64, at: &str| key.proof(method, URL, iat, Some(at), None).unwrap();
    let validate = |proof: &str, method: &str, url: &str, token: &str, code: i32| {
        Test::new()
            .args([
                "validate",
                "--dpop-proof",
                proof,
                "--method",
                method,
                "--url",
                url,
            ])
            .args(["--", token])
            .code(code)
            .run()
    };
    let verdict = |out: &Output| out.stdout.lines().last().unwrap_or("").to_owned();

    let good = proof("GET", now(), &token);
    // Query and fragment are not part of htu; the method's case is not ours.
    let ok = validate(&good, "get", &format!("{URL}?x=1#f"), &token, 0);
    assert_eq!(verdict(&ok), "VALID", "{}", ok.stdout);

    let cases: [(&str, String, &str, &str, String); 5] = [
        ("htm", good.clone(), "POST", URL, token.clone()),
        (
            "htu",
            good.clone(),
            "GET",
            "https://api.example/other",
            token.clone(),
        ),
        (
            "ath",
            proof("GET", now(), "another-token"),
            "GET",
            URL,
            token.clone(),
        ),
        (
            "iat",
            proof("GET", now() - 600, &token),
            "GET",
            URL,
            token.clone(),
        ),
        (
            "cnf.jkt",
            ProofKey::generate(Alg::ES256)
                .unwrap()
                .proof(
                    "GET",
                    URL,
                    now(),
                    Some(&bound_token(Some(&key.jkt()))),
                    None,
                )
                .unwrap(),
            "GET",
            URL,
            bound_token(Some(&key.jkt())),
        ),
    ];
    for (check, proof, method, url, token) in cases {
        let out = validate(&proof, method, url, &token, 1);
        assert_eq!(
            verdict(&out),
            format!("INVALID (failed: {check})"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("✗ FAILED"), "{}", out.stdout);
    }

    // A token with no binding; a nonce demanded and missing.
    let unbound = bound_token(None);
    let out = validate(&proof("GET", now(), &unbound), "GET", URL, &unbound, 1);
    assert_eq!(verdict(&out), "INVALID (failed: cnf.jkt)");
    let out = Test::new()
        .args([
            "validate",
            "--dpop-proof",
            &good,
            "--method",
            "GET",
            "--url",
            URL,
        ])
        .args(["--dpop-nonce", "n-1", "-o", "json", "--", &token])
        .code(1)
        .run();
    let v = out.json();
    assert_eq!(v["valid"], false);
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["nonce"], "{v:#}");
    assert_eq!(v["claims"]["ath"], ath(&token).as_str());

    // Without a token: no ath or cnf.jkt to compare, the proof alone.
    let out = Test::new()
        .args([
            "validate",
            "--dpop-proof",
            &good,
            "--method",
            "GET",
            "--url",
            URL,
        ])
        .run();
    assert!(
        out.stdout.contains("VALID (not checked: ath)"),
        "{}",
        out.stdout
    );
    // A proof needs its request.
    Test::new()
        .args(["validate", "--dpop-proof", &good])
        .code(2)
        .stderr_contains("--method")
        .run();
}

/// A token endpoint that demands a nonce on every request.
fn nonce_every_time() -> Server {
    Server::new(|_, _| {
        Reply::status(
            400,
            "application/json",
            r#"{"error":"use_dpop_nonce","error_description":"Authorization server requires nonce in DPoP proof"}"#,
        )
        .header("DPoP-Nonce", "nonce-canary-7c1d0e9b4a")
    })
}

#[test]
fn a_nonce_demanded_twice_in_a_row_is_an_error_not_a_loop() {
    let s = nonce_every_time();
    let home = tempfile::tempdir().unwrap();
    for verbose in [None, Some("-vv")] {
        let out = at(home.path())
            .args(verbose)
            .args(["cc", "--token-endpoint", &format!("{}/token", s.url())])
            .args(["--client-id", "svc", "--dpop"])
            .env("OAUTHCTL_CLIENT_SECRET", "svc-secret-0123456789")
            .code(3)
            .run();
        let last = out.stderr.lines().last().unwrap();
        assert!(
            last.contains("HTTP 400: the server demanded a new DPoP nonce again"),
            "{}",
            out.stderr
        );
        if verbose.is_none() {
            assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        }
        assert!(
            !out.stderr.contains("nonce-canary-7c1d0e9b4a"),
            "{}",
            out.stderr
        );
        assert!(!out.stdout.contains("eyJ"), "{}", out.stdout);
    }
    let reqs = s.requests();
    assert_eq!(reqs.len(), 4, "two requests per run, then the error");
    for (i, r) in reqs.iter().enumerate() {
        let proof = r.header("dpop").expect("a proof on every request");
        let c = claims(proof);
        assert_eq!(c["htm"], "POST");
        assert_eq!(c["htu"], format!("{}/token", s.url()));
        let nonce = if i % 2 == 1 {
            Some("nonce-canary-7c1d0e9b4a")
        } else {
            None
        };
        assert_eq!(c["nonce"].as_str(), nonce, "request {i}");
    }
}

#[test]
fn a_resource_demanding_a_nonce_twice_is_an_error_too() {
    let s = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(serde_json::json!({
            "issuer": "{{base}}",
            "token_endpoint": "{{base}}/token",
            "userinfo_endpoint": "{{base}}/me",
            "jwks_uri": "{{base}}/jwks",
            "authorization_endpoint": "{{base}}/authorize",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        })),
        _ => Reply::status(401, "application/json", "")
            .header("WWW-Authenticate", r#"DPoP error="use_dpop_nonce""#)
            .header("DPoP-Nonce", "n-2"),
    });
    let key = ProofKey::generate(Alg::ES256).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("dpop.pem");
    std::fs::write(&key_file, key.to_storage().expose()).unwrap();
    let out = Test::new()
        .args([
            "userinfo",
            "--issuer",
            s.url(),
            "--access-token",
            "at-0123456789",
        ])
        .arg("--dpop-key")
        .arg(&key_file)
        .code(3)
        .run();
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("demanded a new DPoP nonce again"),
        "{}",
        out.stderr
    );
    let me: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.path == "/me")
        .collect();
    assert_eq!(me.len(), 2);
    for r in &me {
        assert_eq!(r.header("authorization"), Some("DPoP at-0123456789"));
        let c = claims(r.header("dpop").unwrap());
        assert_eq!(c["ath"], ath("at-0123456789").as_str());
    }
}

#[test]
fn no_proof_or_dpop_key_is_ever_printed_or_written_outside_the_store() {
    // A token endpoint that binds: it answers a DPoP token.
    let s = Server::new(|_, _| {
        Reply::json(serde_json::json!({
            "access_token": "dpop-bound-access-token-5e8f1a2b3c4d",
            "token_type": "DPoP",
            "expires_in": 300,
        }))
        .header("DPoP-Nonce", "nonce-canary-5f3a9e0123456789")
    });
    let home = tempfile::tempdir().unwrap();
    let key = ProofKey::generate(Alg::ES256).unwrap();
    let key_file = home.path().join("dpop.pem");
    std::fs::write(&key_file, key.to_storage().expose()).unwrap();
    let endpoint = format!("{}/token", s.url());
    let mut canary = Canary::new();
    canary
        .pem("DPoP key file", key.to_storage().expose())
        .own_file(&key_file)
        .secret("client secret", "svc-secret-canary-0123456789")
        .secret("access token", "dpop-bound-access-token-5e8f1a2b3c4d");
    for (args, level) in [
        (&["--dpop"][..], "-q"),
        (&["--dpop"][..], "-vv"),
        (&["--dpop-key", "dpop.pem"][..], "-vv"),
    ] {
        let out = in_home(home.path())
            .arg(level)
            .args(["cc", "--token-endpoint", &endpoint, "--no-cache"])
            .args([
                "--client-id",
                "svc",
                "--client-secret",
                "svc-secret-canary-0123456789",
            ])
            .args(args)
            .run();
        for r in s.requests() {
            canary.token("DPoP proof", r.header("dpop").unwrap());
        }
        let what = format!("cc {} {level}", args.join(" "));
        canary.assert_clean(
            &what,
            &out,
            &["dpop-bound-access-token-5e8f1a2b3c4d"],
            home.path(),
        );
    }
    // The cached key (with the cache on) is in the cache only.
    let out = in_home(home.path())
        .args([
            "-vv",
            "cc",
            "--token-endpoint",
            &endpoint,
            "--dpop",
            "-o",
            "json",
        ])
        .args([
            "--client-id",
            "svc",
            "--client-secret",
            "svc-secret-canary-0123456789",
        ])
        .run();
    let cached = private_files(home.path(), "cache");
    let pem = cached[0].1["dpop_key"].as_str().unwrap().to_owned();
    canary.pem("generated DPoP key", &pem);
    for r in s.requests() {
        canary.token("DPoP proof", r.header("dpop").unwrap());
    }
    canary.assert_clean(
        "cc --dpop -o json -vv",
        &out,
        &["dpop-bound-access-token-5e8f1a2b3c4d"],
        home.path(),
    );
}

#[test]
fn bad_dpop_options_are_usage_errors() {
    Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .args([
            "cc",
            "--token-endpoint",
            "http://127.0.0.1:9/token",
            "--client-id",
            "c",
        ])
        .args(["--dpop", "--dpop-alg", "HS256"])
        .code(2)
        .stderr_contains("asymmetric")
        .run();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("k.json");
    std::fs::write(&bad, r#"{"kty":"oct","k":"c2VjcmV0"}"#).unwrap();
    let out = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .args([
            "cc",
            "--token-endpoint",
            "http://127.0.0.1:9/token",
            "--client-id",
            "c",
        ])
        .args(["--dpop-key"])
        .arg(&bad)
        .code(2)
        .run();
    assert!(out.stderr.contains("symmetric"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // An EC key cannot sign RS256.
    let ec = dir.path().join("ec.pem");
    let key = ProofKey::generate(Alg::ES256).unwrap();
    std::fs::write(&ec, key.to_storage().expose()).unwrap();
    Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .args([
            "cc",
            "--token-endpoint",
            "http://127.0.0.1:9/token",
            "--client-id",
            "c",
        ])
        .args(["--dpop-alg", "RS256", "--dpop-key"])
        .arg(&ec)
        .code(2)
        .stderr_contains("cannot sign RS256")
        .run();
}

#[test]
fn a_browser_login_with_dpop_binds_the_tokens_to_the_stored_key() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let log = crate::login::AgentLog::new();
    let v = at(home.path())
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli"])
        .args([
            "--scope",
            "openid profile",
            "--dpop",
            "--dpop-alg",
            "EdDSA",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(v["token_type"], "DPoP", "{v:#}");
    assert_eq!(v["sub"], "alice", "{v:#}");
    // The authorization request named the key (dpop_jkt, RFC 9449 §10),
    // which oidc-provider holds the token request's proof to; the tokens
    // are bound to the key kept in the store.
    let stored = private_files(home.path(), "tokens");
    let entry = &stored[0].1;
    let key =
        ProofKey::from_pem_or_jwk(entry["dpop_key"].as_str().unwrap().as_bytes(), "t").unwrap();
    assert_eq!(key.alg(), Alg::EdDSA);
    let token = entry["access_token"].as_str().unwrap();
    assert_eq!(p.introspect(token)["cnf"]["jkt"], key.jkt().as_str());
    let who = at(home.path())
        .args([
            "userinfo",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(who["name"], "Alice Example");
}

#[test]
fn a_profile_sets_dpop_its_key_file_and_algorithm() {
    // A token endpoint that binds; what it received is checked below.
    let s = Server::new(|_, _| {
        Reply::json(serde_json::json!({
            "access_token": "at-profile-0123456789",
            "token_type": "DPoP",
            "expires_in": 300,
        }))
    });
    // The key as a private JWK (RFC 7517 appendix A.2's P-256 key).
    let jwk = r#"{"kty":"EC","crv":"P-256",
        "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
        "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
        "d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE","use":"sig","kid":"1"}"#;
    let home = crate::support::home_with_config(&format!(
        "[profiles.bound]\ntoken_endpoint = \"{}/token\"\nclient_id = \"svc\"\n\
         client_secret_env = \"SVC_SECRET\"\ndpop_key = \"dpop.jwk\"\ndpop_alg = \"ES256\"\n\n\
         [profiles.off]\ntoken_endpoint = \"{}/token\"\nclient_id = \"svc\"\n\
         client_secret_env = \"SVC_SECRET\"\ndpop = false\n",
        s.url(),
        s.url()
    ));
    std::fs::write(home.path().join("dpop.jwk"), jwk).unwrap();
    let run = |profile: &str| {
        crate::support::with_profile(home.path(), profile)
            .current_dir(home.path())
            .env("SVC_SECRET", "svc-secret")
            .args(["cc", "--no-cache", "-o", "json"])
            .run()
            .json()
    };
    assert_eq!(run("bound")["token_type"], "DPoP");
    let proof = s.requests()[0].header("dpop").unwrap().to_owned();
    let p = claims(&proof);
    assert_eq!(p["htu"], format!("{}/token", s.url()));
    // The thumbprint of RFC 7517 A.2's key, as RFC 7638 computes it
    // (computed outside oauthctl, with Python's hashlib).
    let header: Value = match parse(&proof).unwrap() {
        Parsed::Jws(j) => Value::Object(j.header),
        Parsed::Jwe { .. } => unreachable!(),
    };
    assert_eq!(header["alg"], "ES256");
    assert_eq!(header["typ"], "dpop+jwt");
    let jwk_members: Vec<&str> = header["jwk"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(jwk_members, ["kty", "crv", "x", "y"], "only the public key");
    assert_eq!(
        ProofKey::from_pem_or_jwk(jwk.as_bytes(), "t")
            .unwrap()
            .jkt(),
        "cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s"
    );
    // dpop = false: no proof (a plain client whatever the server answers).
    run("off");
    assert!(s.requests()[1].header("dpop").is_none());
}

#[test]
fn a_pushed_login_with_dpop_in_headless_chromium() {
    let script = crate::chromium::browser_script();
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let log = crate::login::AgentLog::new();
    let port = crate::support::free_port();
    let out = at(home.path())
        .arg("-v")
        .env("BROWSER", format!("node {}", script.display()))
        .env("AGENT_LOG", log.path())
        .env(
            "AGENT_REDIRECT",
            format!("http://127.0.0.1:{port}/callback"),
        )
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-par"])
        .args(["--par", "--dpop", "--port", &port.to_string()])
        .args(["--scope", "openid profile email", "--login-timeout", "120"])
        .args(["-o", "json"])
        .run();
    let v = out.json();
    assert_eq!(v["token_type"], "DPoP", "{v:#}");
    // The pushed request (RFC 9449 §10.1) and the token request each
    // carried a proof (shortened in the trace).
    let lines: Vec<&str> = out.stderr.lines().collect();
    for path in ["/request", "/token"] {
        let start = lines
            .iter()
            .position(|l| l.starts_with("> POST ") && l.ends_with(path))
            .unwrap_or_else(|| panic!("no POST {path}:\n{}", out.stderr));
        let headers: Vec<&&str> = lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with("> ") && !l.starts_with("> POST "))
            .collect();
        assert!(
            headers.iter().any(|l| l.starts_with("> DPoP: eyJ")),
            "no proof on POST {path}: {headers:?}"
        );
    }
    assert_eq!(v["sub"], "alice", "{v:#}");
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 200, "{page:#}");
    // The pushed request carried the proof and dpop_jkt; the tokens are
    // bound to the stored key, which userinfo then proves.
    let entry = &private_files(home.path(), "tokens")[0].1;
    let key =
        ProofKey::from_pem_or_jwk(entry["dpop_key"].as_str().unwrap().as_bytes(), "t").unwrap();
    let token = entry["access_token"].as_str().unwrap();
    assert_eq!(p.introspect(token)["cnf"]["jkt"], key.jkt().as_str());
    let who = at(home.path())
        .args([
            "userinfo",
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli-par",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(who["email"], "alice@example.com", "{who:#}");
}

#[test]
fn against_oauthctl_serve_with_a_nonce_challenge() {
    let s = crate::serve::Serve::start(&["--auto-approve", "--demo-api", "--dpop-nonce"]);
    let home = tempfile::tempdir().unwrap();
    let log = crate::login::AgentLog::new();
    // A login (the token request retried once with serve's nonce).
    let v = at(home.path())
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", s.url(), "--client-id", "oauthctl-cli"])
        .args(["--dpop", "-o", "json"])
        .run()
        .json();
    assert_eq!(v["token_type"], "DPoP", "{v:#}");
    let entry = &private_files(home.path(), "tokens")[0].1;
    let key =
        ProofKey::from_pem_or_jwk(entry["dpop_key"].as_str().unwrap().as_bytes(), "t").unwrap();
    let token = entry["access_token"].as_str().unwrap();
    assert_eq!(claims(token)["cnf"]["jkt"], key.jkt().as_str());
    // userinfo and refresh with the stored key, each meeting the nonce.
    let who = at(home.path())
        .args([
            "userinfo",
            "--issuer",
            s.url(),
            "--client-id",
            "oauthctl-cli",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(who["sub"], "demo", "{who:#}");
    let r = at(home.path())
        .args([
            "refresh",
            "--issuer",
            s.url(),
            "--client-id",
            "oauthctl-cli",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(r["token_type"], "DPoP", "{r:#}");
    // A machine token, bound too.
    let c = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", s.secret())
        .args(["cc", "--issuer", s.url(), "--client-id", "oauthctl-service"])
        .args(["--dpop", "--no-cache", "-o", "json"])
        .run()
        .json();
    assert_eq!(c["token_type"], "DPoP", "{c:#}");
    assert!(claims(c["access_token"].as_str().unwrap())["cnf"]["jkt"].is_string());
}

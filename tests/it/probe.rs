//! `probe api` and `probe issuer` end to end.
//!
//! The API targets are built on real JWT libraries (tests/probe-targets:
//! node and Python, pinned, installed by scripts/test), published versions
//! with known flaws and current ones with insecure options; each target's
//! true flaws are written down in tests/probe-targets/ground-truth.json, and
//! every probe must report exactly those: every one found, nothing else,
//! nothing inconclusive. Small hostile servers of our own cover what no
//! library does on demand (an API that needs no token, an issuer that
//! redirects anywhere).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::support::{Reply, Server, Test};

fn targets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/probe-targets")
}

pub fn key(name: &str) -> String {
    targets_dir().join("keys").join(name).display().to_string()
}

fn ground_truth() -> Value {
    let text = std::fs::read_to_string(targets_dir().join("ground-truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A target API process, killed on drop.
pub struct Target {
    child: Child,
    base: String,
}

impl Target {
    /// Start target `name` of `runtime` (node, python, python-legacy) on a
    /// free port; panics with its stderr if it does not say `listening`.
    pub fn start(name: &str, runtime: &str) -> Target {
        let dir = targets_dir();
        let mut cmd = match runtime {
            "node" => {
                let mut c = Command::new("node");
                c.arg(dir.join("node/server.mjs"));
                c
            }
            // The protected-resource variants of `probe resource`.
            "node-resource" => {
                let mut c = Command::new("node");
                c.arg(dir.join("node/resource.mjs"));
                c
            }
            "python" | "python-legacy" => {
                let venv = if runtime == "python" {
                    ".venv"
                } else {
                    ".venv-legacy"
                };
                let mut c = Command::new(dir.join("python").join(venv).join("bin/python"));
                c.arg(dir.join("python/server.py"));
                c
            }
            other => panic!("unknown runtime {other}"),
        };
        let mut child = cmd
            .env("TARGET", name)
            .env("PORT", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start probe target {name} ({runtime}): {e}; run scripts/test")
            });
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out).lines();
            let _ = tx.send(lines.next());
            for _ in lines {}
        });
        let line = rx.recv_timeout(Duration::from_secs(20));
        let base = match line {
            Ok(Some(Ok(l))) if l.starts_with("listening ") => l["listening ".len()..].to_owned(),
            other => {
                let _ = child.kill();
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("probe target {name} did not start ({other:?}); stderr:\n{err}");
            }
        };
        // Drain stderr so the target never blocks on a full pipe.
        if let Some(mut e) = child.stderr.take() {
            std::thread::spawn(move || {
                let mut sink = Vec::new();
                let _ = e.read_to_end(&mut sink);
            });
        }
        Target { child, base }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `http://127.0.0.1:PORT/api`.
    pub fn api(&self) -> String {
        format!("{}/api", self.base)
    }

    /// A valid token, minted by the target's own library.
    pub fn token(&self) -> String {
        let body: Value = reqwest::blocking::get(format!("{}/token", self.base))
            .and_then(|r| r.json())
            .expect("the target's /token");
        body["access_token"].as_str().unwrap().to_owned()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The probe arguments the ground truth names for a target.
fn probe_args(t: &Target, entry: &Value) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "probe".into(),
        "api".into(),
        "--url".into(),
        t.api(),
        "--token".into(),
        t.token(),
        "-o".into(),
        "json".into(),
        "--fail-on".into(),
        "info".into(),
    ];
    if let Some(j) = entry["jwks"].as_str() {
        args.extend(["--jwks".into(), key(j)]);
    }
    if let Some(k) = entry["signing_key"].as_str() {
        args.extend(["--signing-key".into(), key(k)]);
    }
    args
}

pub fn ids(report: &Value, verdict: &str) -> BTreeSet<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["verdict"] == verdict)
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Probe one library target and compare with its ground truth.
fn matches_ground_truth(name: &str) {
    let truth = ground_truth();
    let entry = &truth["targets"][name];
    assert!(entry.is_object(), "{name} is not in ground-truth.json");
    let target = Target::start(name, entry["runtime"].as_str().unwrap());
    let expected: BTreeSet<String> = entry["flaws"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let out = Test::new()
        .args(probe_args(&target, entry))
        .code(if expected.is_empty() { 0 } else { 1 })
        .run();
    let report = out.json();
    let found = ids(&report, "vulnerable");
    let missed: Vec<&String> = expected.difference(&found).collect();
    let false_findings: Vec<&String> = found.difference(&expected).collect();
    let inconclusive = ids(&report, "inconclusive");
    assert!(
        missed.is_empty() && false_findings.is_empty() && inconclusive.is_empty(),
        "{name}: missed {missed:?}, false findings {false_findings:?}, inconclusive \
         {inconclusive:?}\n{report:#}"
    );
    assert_eq!(report["schema"], "oauthctl.probe/1");
    assert_eq!(report["calibration"]["accepted"]["status"], 200);
}

macro_rules! library_targets {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                matches_ground_truth($name);
            }
        )*
    };
}

library_targets! {
    jsonwebtoken_4_1_0_key_confusion => "jsonwebtoken-4.1.0",
    jwt_simple_0_5_1_key_confusion => "jwt-simple-0.5.1",
    node_jose_0_10_0_embedded_jwk => "node-jose-0.10.0",
    jsonwebtoken_ignore_expiration => "jsonwebtoken-ignore-exp",
    jsonwebtoken_without_audience => "jsonwebtoken-no-aud",
    jsonwebtoken_weak_secret => "jsonwebtoken-weak-secret",
    jose_strict_has_no_findings => "jose-strict",
    pyjwt_1_5_0_key_confusion => "pyjwt-1.5.0",
    python_jose_3_3_0 => "python-jose-3.3.0",
    pyjwt_verification_off => "pyjwt-verify-off",
    pyjwt_without_audience => "pyjwt-no-aud",
    pyjwt_strict_has_no_findings => "pyjwt-strict",
}

#[test]
fn every_ground_truth_target_has_a_test() {
    let source = include_str!("probe.rs");
    let truth = ground_truth();
    for name in truth["targets"].as_object().unwrap().keys() {
        assert!(
            source.contains(&format!("=> \"{name}\"")),
            "no test probes {name}"
        );
    }
}

#[test]
fn text_report_groups_findings_with_evidence_and_fixes() {
    let t = Target::start("jsonwebtoken-4.1.0", "node");
    let out = Test::new()
        .args([
            "probe",
            "api",
            "--url",
            &t.api(),
            "--token",
            &t.token(),
            "--jwks",
            &key("rsa.jwks.json"),
        ])
        .code(1)
        .run();
    let s = &out.stdout;
    assert!(s.contains("CRITICAL (1)"), "{s}");
    assert!(s.contains("key-confusion"), "{s}");
    assert!(s.contains("CVE-2015-9235"), "{s}");
    assert!(
        s.contains(
            "evidence  HS256 with the RSA public key as PEM (SPKI), trailing newline → HTTP 200"
        ),
        "{s}"
    );
    assert!(s.contains("fix       pin the algorithm"), "{s}");
    assert!(s.contains("NOT RUN"), "{s}");
    assert!(s.contains("needs a key the API trusts"), "{s}");
    // The valid token never appears in the report.
    assert!(!s.contains(&t.token()[..40]));
}

/// The SARIF validation: python `jsonschema` (pinned in the probe targets'
/// venv) against the SARIF 2.1.0 schema shipped in the npm package
/// @microsoft/jest-sarif (node_modules/@microsoft/jest-sarif/lib/schemas/
/// sarif-2.1.0-rtm.5.json, the schema json.schemastore.org publishes for
/// SARIF 2.1.0). Returns the validator's error, if any.
fn validate_sarif(doc: &str) -> Result<(), String> {
    let dir = targets_dir();
    let schema =
        dir.join("node/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    assert!(
        schema.exists(),
        "{} is missing; run scripts/test",
        schema.display()
    );
    let mut child = Command::new(dir.join("python/.venv/bin/python"))
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             jsonschema.Draft4Validator.check_schema(schema)\n\
             errors = list(jsonschema.Draft4Validator(schema).iter_errors(json.load(sys.stdin)))\n\
             for e in errors: print(list(e.absolute_path), e.message)\n\
             sys.exit(1 if errors else 0)",
        ])
        .arg(&schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the probe targets' python venv; run scripts/test");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let t = Target::start("pyjwt-verify-off", "python");
    let out = Test::new()
        .args([
            "probe",
            "api",
            "--url",
            &t.api(),
            "--token",
            &t.token(),
            "-o",
            "sarif",
        ])
        .code(1)
        .run();
    if let Err(e) = validate_sarif(&out.stdout) {
        panic!("SARIF does not validate:\n{e}\n{}", out.stdout);
    }
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "oauthctl");
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "alg-none" && r["level"] == "error")
    );
    let rule = &run["tool"]["driver"]["rules"][results[0]["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], results[0]["ruleId"]);
    // The validator does reject what is not SARIF, so the pass above means something.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = "severe".into();
    assert!(validate_sarif(&broken.to_string()).is_err());
}

fn jwt(claims: &str) -> String {
    use base64::Engine;
    let e = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!("{}.{}.c2ln", e(r#"{"alg":"RS256","typ":"JWT"}"#), e(claims))
}

#[test]
fn an_api_that_needs_no_token_is_one_critical_finding() {
    let api = Server::new(|_, _| Reply::json(serde_json::json!({"hello": "world"})));
    let out = Test::new()
        .args([
            "probe",
            "api",
            "--url",
            &format!("{}/api", api.url()),
            "--token",
        ])
        .arg(jwt(r#"{"sub":"a"}"#))
        .args(["-o", "json"])
        .code(1)
        .run();
    let v = out.json();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{v:#}");
    assert_eq!(results[0]["id"], "no-token-accepted");
    assert_eq!(results[0]["severity"], "critical");
    // Calibration only: nothing else was sent.
    assert_eq!(api.hits(), 5);
}

#[test]
fn a_rejected_valid_token_stops_with_an_explanation() {
    let api =
        Server::new(|_, _| Reply::status(401, "application/json", r#"{"error":"invalid_token"}"#));
    Test::new()
        .args([
            "probe",
            "api",
            "--url",
            &format!("{}/api", api.url()),
            "--token",
        ])
        .arg(jwt(r#"{"sub":"a"}"#))
        .code(2)
        .stderr_contains("the API answered the valid token with HTTP 401")
        .stderr_contains("is it expired")
        .run();
}

#[test]
fn dry_run_lists_requests_and_sends_nothing() {
    let api = Server::new(|_, _| Reply::json(serde_json::json!({}))).allow_unused();
    let out = Test::new()
        .args([
            "probe",
            "api",
            "--url",
            &format!("{}/api", api.url()),
            "--dry-run",
            "--jwks",
            &key("rsa.jwks.json"),
            "--token",
        ])
        .arg(jwt(r#"{"sub":"a","exp":2000000000}"#))
        .args(["-o", "json"])
        .run();
    let v = out.json();
    assert_eq!(v["dry_run"], true);
    let plan = v["plan"].as_array().unwrap();
    assert!(plan.iter().any(|p| p["check"] == "calibration"));
    assert!(plan.iter().any(|p| p["check"] == "key-confusion"));
    assert!(plan.iter().any(|p| p["check"] == "jku-injection"));
    assert_eq!(api.hits(), 0);
}

#[test]
fn bad_probe_options_are_usage_errors() {
    for (args, msg) in [
        (vec!["--rate", "0"], "--rate must be a positive"),
        (
            vec!["--concurrency", "0"],
            "--concurrency must be at least 1",
        ),
        (vec!["--header", "nocolon"], "is not 'Name: value'"),
        (vec!["--method", "TRACE"], "--method TRACE"),
    ] {
        Test::new()
            .args(["probe", "api", "--url", "http://127.0.0.1:9/api", "--token"])
            .arg(jwt(r#"{"sub":"a"}"#))
            .args(args)
            .code(2)
            .stderr_contains(msg)
            .run();
    }
    Test::new()
        .args([
            "probe",
            "api",
            "--url",
            "http://127.0.0.1:9/api",
            "--token",
            "nope",
        ])
        .code(2)
        .stderr_contains("--token is not a JWT")
        .run();
}

#[test]
fn probe_issuer_finds_nothing_high_in_oidc_provider() {
    let p = crate::oidc_provider::Provider::start();
    let out = Test::new()
        .args([
            "probe",
            "issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "--redirect-uri",
            "http://127.0.0.1/callback",
            "-o",
            "json",
        ])
        .run();
    let v = out.json();
    let serious: Vec<&Value> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["verdict"] == "vulnerable")
        .filter(|r| matches!(r["severity"].as_str(), Some("high" | "critical")))
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    for id in [
        "pkce-not-required",
        "pkce-plain-accepted",
        "redirect-uri-not-exact",
        "implicit-grant-enabled",
        "password-grant-enabled",
        "iss-parameter-missing",
    ] {
        let r = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} did not run: {v:#}"));
        assert_eq!(r["verdict"], "not_vulnerable", "{id}: {r:#}");
    }
}

/// An authorization server that gets everything wrong: it approves every
/// authorization request at once, for any redirect URI, with or without
/// PKCE, implicit included, never sends iss, runs the password grant, and
/// tells unknown clients apart from wrong secrets with a stack trace.
fn unsafe_issuer() -> Server {
    Server::new(|method, path| {
        let (p, query) = path.split_once('?').unwrap_or((path, ""));
        let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| {
            params
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        match (method, p) {
            ("GET", "/.well-known/openid-configuration") => Reply::json(serde_json::json!({
                "issuer": "{{base}}",
                "authorization_endpoint": "{{base}}/authorize",
                "token_endpoint": "{{base}}/token",
                "jwks_uri": "{{base}}/jwks",
                "response_types_supported": ["code", "token"],
                "grant_types_supported": ["authorization_code", "implicit", "password"],
            })),
            ("GET", "/jwks") => Reply::json(serde_json::json!({"keys": []})),
            ("GET", "/authorize") => {
                let to = get("redirect_uri");
                let loc = if get("response_type") == "token" {
                    format!(
                        "{to}#access_token=abc&token_type=Bearer&state={}",
                        get("state")
                    )
                } else {
                    format!("{to}?code=abc&state={}", get("state"))
                };
                Reply::status(302, "text/plain", "").header("Location", &loc)
            }
            ("POST", "/token") => Reply::status(
                400,
                "application/json",
                r#"{"error":"invalid_grant","error_description":"user not found\n    at Object.lookup (/srv/app/node_modules/auth/index.js:12:3)"}"#,
            ),
            _ => Reply::status(404, "text/plain", "not found"),
        }
    })
}

#[test]
fn probe_issuer_reports_an_unsafe_server() {
    let s = unsafe_issuer();
    let out = Test::new()
        .args([
            "probe",
            "issuer",
            s.url(),
            "--client-id",
            "app",
            "--redirect-uri",
            "https://app.example/cb",
            "-o",
            "json",
        ])
        .code(1)
        .run();
    let v = out.json();
    let found = ids(&v, "vulnerable");
    for id in [
        "pkce-not-required",
        "pkce-plain-accepted",
        "redirect-uri-not-exact",
        "implicit-grant-enabled",
        "password-grant-enabled",
        "iss-parameter-missing",
        "token-endpoint-verbose",
        "password-grant",
        "implicit-grant",
        "pkce-not-advertised",
    ] {
        assert!(found.contains(id), "{id} not found: {v:#}");
    }
    // Requests went only to the issuer: the redirect URIs were never called.
    assert!(
        s.paths()
            .iter()
            .all(|p| !p.contains("oauthctl-probe.invalid/"))
    );
}

/// `serve --demo-api`, correct or `--vulnerable CLASS`, with the test RSA
/// key as its signing key (so the probe can re-sign with it).
fn serve_probe(extra: &[&str], with_signing_key: bool, code: i32) -> (Value, crate::serve::Serve) {
    let key_file = key("rsa.key.pem");
    let mut args = vec!["--key", key_file.as_str()];
    args.extend_from_slice(extra);
    let s = crate::serve::Serve::start(&args);
    let t: Value = crate::serve::post(
        &format!("{}/token", s.url()),
        &[("grant_type", "client_credentials")],
    )
    .basic_auth("oauthctl-service", Some(s.secret()))
    .send()
    .unwrap()
    .json()
    .unwrap();
    let token = t["access_token"].as_str().unwrap().to_owned();
    let mut probe = vec![
        "probe".to_owned(),
        "api".into(),
        "--url".into(),
        format!("{}/api/whoami", s.url()),
        "--token".into(),
        token,
        "--issuer".into(),
        s.url().to_owned(),
        "-o".into(),
        "json".into(),
        "--fail-on".into(),
        "info".into(),
    ];
    if with_signing_key {
        probe.extend(["--signing-key".into(), key_file.clone()]);
    }
    let out = Test::new().args(&probe).code(code).run();
    (out.json(), s)
}

/// What `probe api` must report against each `serve --vulnerable` class
/// (and nothing for the correct demo API), with why, from the class table
/// in src/serve/demo_api.rs.
const SERVE_CLASSES: &[(&str, &[&str])] = &[
    ("", &[]),
    ("alg-none", &["alg-none"]),
    ("key-confusion", &["key-confusion"]),
    // Any signature passes, so every token signed by another key does too:
    // the embedded jwk's and the jku/x5u tokens (signed by oauthctl's key,
    // with an algorithm the provider's key fits) pass without their keys
    // being used.
    (
        "no-signature",
        &[
            "signature-stripped",
            "signature-not-verified",
            "embedded-jwk",
            "jku-injection",
            "x5u-injection",
        ],
    ),
    // The class table says "no exp, or an exp in the past", but a token
    // without exp is still refused: typ at+jwt makes the engine require
    // RFC 9068's claims, exp among them, and the class tolerates only the
    // exp check. What the API does is the truth the probe must report.
    ("no-exp", &["exp-not-enforced"]),
    ("no-aud", &["aud-not-enforced"]),
    ("no-iss", &["iss-not-enforced"]),
    ("embedded-jwk", &["embedded-jwk"]),
    ("jku", &["jku-injection"]),
    ("kid-path", &["kid-path-traversal"]),
    ("weak-secret", &["weak-hmac-secret"]),
];

fn serve_class(class: &str) {
    let (_, expected) = SERVE_CLASSES.iter().find(|(c, _)| *c == class).unwrap();
    let extra: Vec<&str> = if class.is_empty() {
        vec!["--demo-api"]
    } else {
        vec!["--vulnerable", class]
    };
    // weak-secret: the claim checks run with the cracked secret instead.
    let code = if expected.is_empty() { 0 } else { 1 };
    let (report, s) = serve_probe(&extra, class != "weak-secret", code);
    let expected: BTreeSet<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    let found = ids(&report, "vulnerable");
    let inconclusive = ids(&report, "inconclusive");
    assert!(
        found == expected && inconclusive.is_empty(),
        "serve {extra:?}: expected {expected:?}, found {found:?}, inconclusive {inconclusive:?}\n\
         {report:#}\n--- serve's stderr\n{}",
        s.stderr()
    );
    if class == "jku" {
        let jku = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "jku-injection")
            .unwrap();
        let hits: Vec<Value> = jku["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["callback_hits"].as_array().cloned().unwrap_or_default())
            .collect();
        assert!(!hits.is_empty(), "no callback hit recorded: {jku:#}");
    }
    if class == "weak-secret" {
        // The secret is in the report only redacted.
        assert!(!report.to_string().contains("\"secret\""), "{report:#}");
    }
}

macro_rules! serve_classes {
    ($($test:ident => $class:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                serve_class($class);
            }
        )*
    };
}

serve_classes! {
    serve_demo_api_correct_has_no_findings => "",
    serve_vulnerable_alg_none => "alg-none",
    serve_vulnerable_key_confusion => "key-confusion",
    serve_vulnerable_no_signature => "no-signature",
    serve_vulnerable_no_exp => "no-exp",
    serve_vulnerable_no_aud => "no-aud",
    serve_vulnerable_no_iss => "no-iss",
    serve_vulnerable_embedded_jwk => "embedded-jwk",
    serve_vulnerable_jku => "jku",
    serve_vulnerable_kid_path => "kid-path",
    serve_vulnerable_weak_secret => "weak-secret",
}

#[test]
fn probe_issuer_finds_nothing_high_in_serve() {
    let s = crate::serve::Serve::start(&[]);
    let out = Test::new()
        .args([
            "probe",
            "issuer",
            s.url(),
            "--client-id",
            "oauthctl-cli",
            "--redirect-uri",
            "http://127.0.0.1/callback",
            "-o",
            "json",
        ])
        .run();
    let v = out.json();
    let serious: Vec<&Value> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["verdict"] == "vulnerable")
        .filter(|r| matches!(r["severity"].as_str(), Some("high" | "critical")))
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
    let inconclusive = ids(&v, "inconclusive");
    assert!(inconclusive.is_empty(), "{v:#}");
}

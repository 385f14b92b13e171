//! Validation against tokens another implementation made (STYLE.md item 18):
//! a bug shared by oauthctl's signer and verifier cannot hide here.
//!
//! - `tests/vectors/tokens.json`: tokens minted by PyJWT (or assembled by
//!   hand where PyJWT refuses), see `tests/vectors/generate.py`. Each one runs
//!   through the real binary with the key source and flags it names.
//! - `tests/vectors/rfc7520/`: the JWS examples of RFC 7520 §4.1-4.4, with
//!   the §3 keys, copied as published.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use oauthctl::jwt::validate::CHECKS;
use oauthctl::jwt::verify::Verifier;
use oauthctl::jwt::{Alg, Parsed, keys};
use serde_json::Value;

use crate::support::{Output, Test};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

#[track_caller]
fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// `tests/vectors/tokens.json`.
pub fn tokens() -> Value {
    read_json(&vectors_dir().join("tokens.json"))
}

/// The vector with this name.
#[track_caller]
pub fn vector(name: &str) -> Value {
    tokens()["vectors"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["name"] == name).cloned())
        .unwrap_or_else(|| panic!("no vector named {name}"))
}

/// A file under `tests/vectors/`, as an absolute path (tests run in
/// `tests/data`).
pub fn vector_file(rel: &str) -> String {
    vectors_dir().join(rel).display().to_string()
}

fn str_of<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{}: {field} is not a string", v["name"]))
}

/// The token of a vector: as written, or built from its pattern (the 1 MiB
/// one is not committed whole).
pub fn token_of(v: &Value) -> String {
    if let Some(t) = v["token"].as_str() {
        return t.to_owned();
    }
    let p = &v["token_pattern"];
    let (prefix, fill, suffix) = (str_of(p, "prefix"), str_of(p, "fill"), str_of(p, "suffix"));
    let len = p["length"].as_u64().unwrap_or_default() as usize;
    let n = len - prefix.len() - suffix.len();
    format!("{prefix}{}{suffix}", fill.repeat(n / fill.len()))
}

/// `oauthctl validate` as the vector says, with `extra` flags first.
fn command(doc: &Value, v: &Value, extra: &[&str]) -> Test {
    let expected = if v["valid"] == true { 0 } else { 1 };
    let mut t = Test::new()
        .arg("validate")
        .args(extra)
        .args(["--now", &doc["now"].to_string()])
        .args([
            str_of(&v["keys"], "flag"),
            &vector_file(str_of(&v["keys"], "path")),
        ]);
    for a in v["args"].as_array().into_iter().flatten() {
        t = t.arg(a.as_str().unwrap_or_default());
    }
    let token = token_of(v);
    t = if v["stdin"] == true {
        t.stdin(token)
    } else {
        t.arg(token)
    };
    t.code(expected)
}

fn status_of<'a>(report: &'a Value, check: &str) -> Option<&'a str> {
    report["checks"]
        .as_array()?
        .iter()
        .find(|c| c["name"] == check)
        .and_then(|c| c["status"].as_str())
}

/// What is wrong with one `-o json` report for this vector, if anything.
fn judge_json(v: &Value, out: &Output) -> Vec<String> {
    let mut wrong = Vec::new();
    let report: Value = match serde_json::from_str(&out.stdout) {
        Ok(r) => r,
        Err(e) => return vec![format!("stdout is not JSON: {e}")],
    };
    for field in ["valid", "checks", "header", "claims"] {
        if report.get(field).is_none() {
            wrong.push(format!("the report has no {field}"));
        }
    }
    if report["valid"] != v["valid"] {
        wrong.push(format!("valid is {}", report["valid"]));
    }
    let names: Vec<&str> = report["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    if names != CHECKS {
        wrong.push(format!("checks are {names:?}, not every check in order"));
    }
    if let Some(check) = v["failed_check"].as_str()
        && status_of(&report, check) != Some("failed")
    {
        wrong.push(format!(
            "{check} is {:?}, not failed",
            status_of(&report, check)
        ));
    }
    if v["valid"] == true {
        let failed: Vec<&Value> = report["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["status"] == "failed")
            .collect();
        if !failed.is_empty() {
            wrong.push(format!("failed checks in a valid token: {failed:?}"));
        }
    }
    for check in v["passed_checks"].as_array().into_iter().flatten() {
        let check = check.as_str().unwrap_or_default();
        if status_of(&report, check) != Some("passed") {
            wrong.push(format!(
                "{check} is {:?}, not passed",
                status_of(&report, check)
            ));
        }
    }
    if !wrong.is_empty() {
        let detail: Vec<String> = report["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["status"] != "skipped")
            .map(|c| format!("{} {}: {}", c["name"], c["status"], c["detail"]))
            .collect();
        wrong.push(format!("report:\n      {}", detail.join("\n      ")));
    }
    wrong
}

/// What is wrong with one text report: the last line is the verdict.
fn judge_text(v: &Value, out: &Output) -> Vec<String> {
    let last = out.stdout.lines().rev().find(|l| !l.trim().is_empty());
    let Some(last) = last else {
        return vec!["no output".into()];
    };
    let ok = match v["failed_check"].as_str() {
        None => last.starts_with("VALID"),
        Some(check) => last.starts_with("INVALID") && last.contains(check),
    };
    if ok {
        vec![]
    } else {
        vec![format!("the last line is {last:?}")]
    }
}

/// Run every vector (in parallel, two cores' worth), judge each output, and
/// report every miss at once rather than only the first.
fn run_all(extra: &[&str], judge: fn(&Value, &Output) -> Vec<String>) {
    let doc = tokens();
    let vectors = doc["vectors"].as_array().cloned().unwrap_or_default();
    assert!(vectors.len() > 50, "only {} vectors", vectors.len());
    let failures: Vec<String> = std::thread::scope(|s| {
        let chunks: Vec<&[Value]> = vectors.chunks(vectors.len().div_ceil(4)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                let doc = &doc;
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for v in chunk {
                        let name = v["name"].as_str().unwrap_or("?");
                        let run = catch_unwind(AssertUnwindSafe(|| command(doc, v, extra).run()));
                        let wrong = match run {
                            Ok(out) => judge(v, &out),
                            Err(_) => vec!["unexpected exit code or a panic (see above)".into()],
                        };
                        if !wrong.is_empty() {
                            failures.push(format!("{name}:\n    {}", wrong.join("\n    ")));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec!["a worker panicked".into()])
            })
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
}

#[test]
fn every_vector_has_the_expected_verdict_and_checks() {
    run_all(&["-o", "json"], judge_json);
}

#[test]
fn every_text_report_ends_with_the_verdict() {
    run_all(&[], judge_text);
}

#[test]
fn the_vector_file_covers_every_algorithm_and_class() {
    let doc = tokens();
    let vectors = doc["vectors"].as_array().cloned().unwrap_or_default();
    let mut names = std::collections::HashSet::new();
    for v in &vectors {
        let name = str_of(v, "name");
        assert!(names.insert(name.to_owned()), "duplicate vector {name}");
        assert_eq!(v["valid"] == true, v["failed_check"].is_null(), "{name}");
        for check in v["failed_check"].as_str().into_iter().chain(
            v["passed_checks"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str),
        ) {
            assert!(CHECKS.contains(&check), "{name}: no check named {check}");
        }
        let key = vector_file(str_of(&v["keys"], "path"));
        assert!(Path::new(&key).is_file(), "{name}: {key} is missing");
        assert!(
            v["token"].is_string() || v["token_pattern"].is_object(),
            "{name}"
        );
    }
    for alg in Alg::ALL {
        let v = vector(&format!("valid-{alg}"));
        assert_eq!(v["valid"], true);
        let header = token_of(&v).split('.').next().map(str::to_owned);
        let header = oauthctl::jwt::b64_decode(&header.unwrap_or_default(), "header")
            .ok()
            .and_then(|h| serde_json::from_slice::<Value>(&h).ok());
        assert_eq!(header.map(|h| h["alg"].clone()), Some(alg.name().into()));
    }
    for class in [
        "algorithm",
        "bad-signature",
        "alg-none",
        "alg-allowlist",
        "key-confusion",
        "exp",
        "nbf",
        "iat",
        "iss",
        "aud",
        "kid",
        "typ",
        "at_hash",
        "c_hash",
        "nonce",
        "claims",
        "crit",
        "structure",
    ] {
        assert!(
            vectors.iter().any(|v| v["class"] == class),
            "no vector of class {class}"
        );
    }
    assert_eq!(token_of(&vector("structure-oversized-1MiB")).len(), 1 << 20);
}

#[test]
fn an_oversized_token_fails_on_structure_without_a_panic() {
    // Also covered by the vector run; here with the detail. It goes in on
    // stdin: one argument is limited to 128 KiB on Linux.
    let doc = tokens();
    let v = vector("structure-oversized-1MiB");
    let out = command(&doc, &v, &["-o", "json"]).run();
    let report = out.json();
    assert_eq!(status_of(&report, "structure"), Some("failed"));
    let detail = report["checks"][0]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("longer than the 262144 bytes"), "{detail}");
    assert_eq!(status_of(&report, "signature"), Some("skipped"));
}

// RFC 7520's examples sign a non-JSON payload ("It’s a dangerous business,
// Frodo…"). `validate` needs a JSON claims object, and the engine stops at
// structure when the payload is not one: every later check, the signature
// included, is reported as skipped. So through the binary we can only show
// that the verdict is honest (structure failed, nothing claimed as passed);
// the signatures themselves are checked one layer down, with the same
// `keys::load_file` and `Verifier` that `validate` uses, against the keys as
// the RFC publishes them.

#[derive(Debug)]
struct Example {
    section: String,
    alg: Alg,
    key: String,
    compact: String,
}

fn rfc7520() -> Vec<Example> {
    let doc = read_json(&vectors_dir().join("rfc7520/examples.json"));
    doc["examples"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| Example {
            section: str_of(e, "section").to_owned(),
            alg: Alg::from_name(str_of(e, "alg")).unwrap_or_else(|| panic!("{e}")),
            key: vector_file(&format!("rfc7520/{}", str_of(e, "key"))),
            compact: str_of(e, "compact").to_owned(),
        })
        .collect()
}

#[test]
fn rfc7520_signatures_verify_with_the_published_keys() {
    let examples = rfc7520();
    let sections: Vec<&str> = examples.iter().map(|e| e.section.as_str()).collect();
    assert_eq!(sections, ["4.1", "4.2", "4.3", "4.4"]);
    for e in &examples {
        let Ok(Parsed::Jws(jws)) = oauthctl::jwt::parse(&e.compact) else {
            panic!("§{}: not a JWS", e.section);
        };
        assert_eq!(jws.alg(), Some(e.alg.name()), "§{}", e.section);
        assert_eq!(
            String::from_utf8_lossy(&jws.payload),
            "It\u{2019}s a dangerous business, Frodo, going out your door. You step onto the \
             road, and if you don't keep your feet, there\u{2019}s no knowing where you might \
             be swept off to."
        );
        assert!(
            jws.claims.is_err(),
            "§{}: the payload is not JSON",
            e.section
        );
        let keys = keys::load_file(Path::new(&e.key))
            .unwrap_or_else(|err| panic!("§{}: {}: {err}", e.section, e.key));
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].kid.as_deref(), jws.kid(), "§{}", e.section);
        let verifier =
            Verifier::new(&keys[0], e.alg).unwrap_or_else(|why| panic!("§{}: {why}", e.section));
        assert!(
            verifier.verify(jws.signing_input.as_bytes(), &jws.signature),
            "§{} {}: the published signature does not verify",
            e.section,
            e.alg
        );

        // And nothing else verifies: one bit of the signature, one byte of
        // the signed input.
        let mut sig = jws.signature.clone();
        let last = sig.len() - 1;
        sig[last] ^= 1;
        assert!(
            !verifier.verify(jws.signing_input.as_bytes(), &sig),
            "§{}",
            e.section
        );
        let mut input = jws.signing_input.clone().into_bytes();
        let at = input.len() - 2;
        input[at] = if input[at] == b'A' { b'B' } else { b'A' };
        assert!(!verifier.verify(&input, &jws.signature), "§{}", e.section);
    }
}

#[test]
fn rfc7520_keys_are_used_for_what_they_say() {
    // The RSA key of §3.3 serves RS256 (4.1) and PS384 (4.2); the P-521 key
    // of §3.1 only ES512; the §3.5 secret says "alg": "HS256" and is held to it.
    let algs = |file: &str| {
        let keys = keys::load_file(Path::new(&vector_file(&format!("rfc7520/{file}"))))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        keys[0].algorithms()
    };
    let rsa = algs("3.3-rsa-public.jwk.json");
    assert!(
        rsa.contains(&Alg::RS256) && rsa.contains(&Alg::PS384),
        "{rsa:?}"
    );
    assert_eq!(algs("3.1-ec-public.jwk.json"), [Alg::ES512]);
    assert_eq!(algs("3.5-symmetric-mac.jwk.json"), [Alg::HS256]);
    // The private keys of §3.2 and §3.4 verify too (their public half), and
    // are noticed as private.
    for (private, public) in [
        ("3.2-ec-private.jwk.json", "3.1-ec-public.jwk.json"),
        ("3.4-rsa-private.jwk.json", "3.3-rsa-public.jwk.json"),
    ] {
        let load = |f: &str| {
            keys::load_file(Path::new(&vector_file(&format!("rfc7520/{f}"))))
                .unwrap_or_else(|e| panic!("{f}: {e}"))
                .remove(0)
        };
        let (k, p) = (load(private), load(public));
        assert_eq!(k.material, p.material, "{private}");
        assert!(k.private_members.contains(&"d".to_owned()), "{private}");
        assert_eq!(k.thumbprint(), p.thumbprint());
    }
}

#[test]
fn rfc7520_examples_through_the_binary_fail_on_structure_only() {
    for e in rfc7520() {
        let out = Test::new()
            .args(["validate", "-o", "json", "--key", &e.key, &e.compact])
            .code(1)
            .run();
        let report = out.json();
        assert_eq!(report["valid"], false);
        let structure = &report["checks"][0];
        assert_eq!(structure["name"], "structure");
        assert_eq!(structure["status"], "failed", "§{}", e.section);
        let detail = structure["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains("not a JSON object"),
            "§{}: {detail}",
            e.section
        );
        // Nothing is claimed as checked when it was not reached.
        for c in report["checks"].as_array().into_iter().flatten().skip(1) {
            assert_eq!(c["status"], "skipped", "§{}: {c}", e.section);
        }
        assert_eq!(report["header"]["alg"], e.alg.name());
    }
}

//! Compact JWS/JWT: `decode` and `validate` as the commands run them.
//!
//! The input is what a user pastes: text, cleaned like the commands clean
//! it, then split and decoded ([`jwt::parse`], rendered as `decode` does)
//! and validated by the one engine against a fixed key set (the vectors'
//! RSA, EC P-256/384/521, Ed25519 keys and HMAC secret), once with only
//! the usual options and once with every option set, and rendered as
//! `validate` does.
//!
//! Oracle beyond "no panic": a report that says valid has a passed
//! `alg` and `signature` check, and every check is reported once.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use oauthctl::jwt::keys::{self, Key};
use oauthctl::jwt::validate::{CHECKS, Options, Status, Validator};
use oauthctl::jwt::{self, Parsed};
use oauthctl::output::token::{bulk_line, decode_json, render_decode, render_report};

/// The vectors' `now` (tests/vectors/tokens.json).
const NOW: i64 = 1_700_000_000;

fn key_set() -> Vec<Key> {
    let jwks: serde_json::Value =
        serde_json::from_slice(include_bytes!("../../tests/vectors/keys/jwks.json"))
            .expect("the vectors' key set is JSON");
    let mut keys = keys::parse_jwks(&jwks, "fuzz")
        .expect("the vectors' key set parses")
        .keys;
    keys.push(Key::from_secret(
        include_bytes!("../../tests/vectors/keys/hmac.secret").to_vec(),
        "fuzz",
    ));
    keys
}

fn usual() -> Options {
    Options {
        now: NOW,
        leeway: 60,
        issuer: Some("https://issuer.example".into()),
        audiences: vec!["api://vectors".into()],
        ..Options::default()
    }
}

fn everything() -> Options {
    Options {
        client_id: Some("cli".into()),
        typ: Some("at+jwt".into()),
        nonce: Some("n-0S6_WzA2Mj".into()),
        access_token: Some("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".into()),
        code: Some("Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk".into()),
        max_age: Some(3600),
        required: vec!["sub".into(), "jti".into()],
        claims: vec![("sub".into(), "alice".into())],
        scopes: vec!["read".into()],
        ..usual()
    }
}

static USUAL: LazyLock<Validator> = LazyLock::new(|| Validator::new(usual(), key_set(), None));
static EVERYTHING: LazyLock<Validator> =
    LazyLock::new(|| Validator::new(everything(), key_set(), None));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let token = jwt::clean_input(text);

    // decode
    if let Ok(parsed) = jwt::parse(token) {
        let _ = decode_json(&parsed);
        let mut out = Vec::new();
        render_decode(&mut out, &parsed, NOW).expect("rendering into memory");
        if let Parsed::Jws(jws) = &parsed {
            let _ = (jws.alg(), jws.kid());
        }
    }

    // validate
    for validator in [&*USUAL, &*EVERYTHING] {
        let report = validator.validate(token);
        for name in CHECKS {
            let n = report.checks.iter().filter(|c| c.name == *name).count();
            assert_eq!(n, 1, "check {name} reported {n} times: {report:?}");
        }
        if report.valid {
            for name in ["structure", "alg", "key", "signature"] {
                let c = report.checks.iter().find(|c| c.name == name);
                assert!(
                    c.is_some_and(|c| c.status == Status::Passed),
                    "valid without a passed {name} check: {report:?}"
                );
            }
        }
        let mut out = Vec::new();
        render_report(&mut out, &report).expect("rendering into memory");
        let _ = bulk_line(1, &report);
        let _ = serde_json::to_string(&report).expect("a report serialises");
    }
});

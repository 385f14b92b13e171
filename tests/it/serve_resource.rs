//! Issue 15, the resource side: `serve`'s demo API as an RFC 9728
//! protected resource (metadata, challenges, audience-bound tokens), and
//! `probe resource` against it and against protected resources built on
//! jose (tests/probe-targets/node/resource.mjs), each variant with exactly
//! one flaw that the probe must find, and nothing else.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::probe::{Target, ids, key};
use crate::serve::{Serve, http, post};
use crate::support::Test;

fn cc_token(s: &Serve, extra: &[(&str, &str)]) -> reqwest::blocking::Response {
    let mut form = vec![("grant_type", "client_credentials")];
    form.extend_from_slice(extra);
    post(&format!("{}/token", s.url()), &form)
        .basic_auth("oauthctl-service", Some(s.secret()))
        .send()
        .unwrap()
}

fn access_token(r: reqwest::blocking::Response) -> String {
    let v: Value = r.json().unwrap();
    v["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no access_token: {v}"))
        .to_owned()
}

fn claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

fn whoami(s: &Serve, token: Option<&str>) -> reqwest::blocking::Response {
    let mut r = http().get(format!("{}/api/whoami", s.url()));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().unwrap()
}

#[test]
fn the_demo_api_publishes_rfc_9728_metadata_and_names_it_in_its_challenges() {
    let s = Serve::start(&["--demo-api"]);
    let api = format!("{}/api/whoami", s.url());
    let md_url = format!(
        "{}/.well-known/oauth-protected-resource/api/whoami",
        s.url()
    );
    let md: Value = http().get(&md_url).send().unwrap().json().unwrap();
    assert_eq!(md["resource"], api.as_str());
    assert_eq!(md["authorization_servers"][0], s.url());
    assert_eq!(
        md["bearer_methods_supported"],
        serde_json::json!(["header"])
    );
    assert!(
        md["scopes_supported"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x == "api:read")
    );
    // No token: a bare challenge naming the metadata.
    let r = whoami(&s, None);
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.headers()["www-authenticate"].to_str().unwrap(),
        format!("Bearer resource_metadata=\"{md_url}\"")
    );
    // A bad token: invalid_token, still naming it.
    let r = whoami(&s, Some("not.a.token"));
    assert_eq!(r.status(), 401);
    let w = r.headers()["www-authenticate"].to_str().unwrap().to_owned();
    assert!(
        w.starts_with(&format!(
            "Bearer resource_metadata=\"{md_url}\", error=\"invalid_token\""
        )),
        "{w}"
    );
    // Without --demo-api there is no such resource.
    let plain = Serve::start(&[]);
    let r = http()
        .get(format!(
            "{}/.well-known/oauth-protected-resource/api/whoami",
            plain.url()
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[test]
fn a_token_asked_for_the_demo_api_is_bound_to_it_and_other_audiences_are_refused() {
    let s = Serve::start(&["--demo-api"]);
    let api = format!("{}/api/whoami", s.url());
    let bound = access_token(cc_token(&s, &[("resource", &api)]));
    assert_eq!(claims(&bound)["aud"], api.as_str());
    assert_eq!(whoami(&s, Some(&bound)).status(), 200);
    // The default audience (ISSUER/api) is still the demo API's.
    assert_eq!(
        whoami(&s, Some(&access_token(cc_token(&s, &[])))).status(),
        200
    );
    // A token for another resource of the same issuer is refused.
    let other = access_token(cc_token(&s, &[("resource", "https://other.example/api")]));
    assert_eq!(claims(&other)["aud"], "https://other.example/api");
    let r = whoami(&s, Some(&other));
    assert_eq!(r.status(), 401);
    let w = r.headers()["www-authenticate"].to_str().unwrap().to_owned();
    assert!(w.contains("error=\"invalid_token\""), "{w}");
}

fn probe(url: &str, token: &str, extra: &[&str], code: i32) -> Value {
    let signing_key = key("rsa.key.pem");
    let mut args = vec![
        "probe",
        "resource",
        url,
        "--token",
        token,
        "-o",
        "json",
        "--fail-on",
        "info",
    ];
    args.extend_from_slice(extra);
    if !extra.contains(&"--foreign-token") {
        args.extend(["--signing-key", signing_key.as_str()]);
    }
    Test::new().args(&args).code(code).run().json()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| (*s).to_owned()).collect()
}

fn assert_only(report: &Value, expected: &[&str], what: &str) {
    let found = ids(report, "vulnerable");
    let inconclusive = ids(report, "inconclusive");
    assert!(
        found == set(expected) && inconclusive.is_empty(),
        "{what}: expected {expected:?}, found {found:?}, inconclusive {inconclusive:?}\n{report:#}"
    );
}

#[test]
fn probe_resource_finds_nothing_in_the_demo_api() {
    let s = Serve::start(&["--demo-api", "--key", &key("rsa.key.pem")]);
    let token = access_token(cc_token(&s, &[]));
    let report = probe(&format!("{}/api/whoami", s.url()), &token, &[], 0);
    assert_only(&report, &[], "serve --demo-api");
    assert_eq!(report["kind"], "resource");
    // Every check ran but the scope one: the demo API does not check
    // scopes, so no answer carries a scope challenge to judge.
    let not_run: Vec<&str> = report["not_run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(not_run, ["scope-challenge-malformed"], "{report:#}");
    assert!(
        !report.to_string().contains(&token),
        "the token leaked into the report"
    );
}

#[test]
fn probe_resource_finds_token_passthrough_in_a_demo_api_that_skips_aud() {
    let s = Serve::start(&["--vulnerable", "no-aud", "--key", &key("rsa.key.pem")]);
    let token = access_token(cc_token(&s, &[]));
    let report = probe(&format!("{}/api/whoami", s.url()), &token, &[], 1);
    assert_only(&report, &["token-passthrough"], "serve --vulnerable no-aud");
    // The same from a real token of another audience, with no key at all,
    // read through token sources (stdin and an environment variable).
    let foreign = access_token(cc_token(&s, &[("resource", "https://other.example/api")]));
    let url = format!("{}/api/whoami", s.url());
    let report = Test::new()
        .args([
            "probe",
            "resource",
            &url,
            "--token",
            "-",
            "--foreign-token",
            "env:FOREIGN",
            "-o",
            "json",
            "--fail-on",
            "info",
        ])
        .env("FOREIGN", &foreign)
        .stdin(token.clone())
        .code(1)
        .run()
        .json();
    assert_only(&report, &["token-passthrough"], "--foreign-token");
    let not_run: BTreeSet<String> = report["not_run"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        not_run,
        set(&[
            "iss-not-enforced",
            "exp-not-enforced",
            "expired-without-invalid-token",
            "scope-challenge-malformed"
        ]),
        "{report:#}"
    );
    // A source that is not there is a usage error naming it.
    Test::new()
        .args([
            "probe",
            "resource",
            &url,
            "--token",
            "env:OAUTHCTL_NO_SUCH_VAR",
        ])
        .code(2)
        .stderr_contains("OAUTHCTL_NO_SUCH_VAR")
        .run();
}

fn jose_target(variant: &str, mcp: bool, expected: &[&str]) {
    let t = Target::start(variant, "node-resource");
    let token: Value = reqwest::blocking::get(format!("{}/token", t.base()))
        .unwrap()
        .json()
        .unwrap();
    let token = token["access_token"].as_str().unwrap();
    let extra: &[&str] = if mcp { &["--mcp"] } else { &[] };
    let code = if expected.is_empty() { 0 } else { 1 };
    let report = probe(&format!("{}/mcp", t.base()), token, extra, code);
    assert_only(&report, expected, variant);
    // The scope challenge (from the token re-signed without scope) was seen
    // and judged well formed.
    assert!(
        ids(&report, "not_vulnerable").contains("scope-challenge-malformed"),
        "{report:#}"
    );
}

#[test]
fn probe_resource_finds_nothing_in_a_correct_jose_resource() {
    jose_target("correct", false, &[]);
}

#[test]
fn probe_resource_mcp_reads_event_stream_answers() {
    jose_target("correct", true, &[]);
}

#[test]
fn probe_resource_finds_an_unchecked_audience_and_nothing_else() {
    jose_target("aud-unchecked", true, &["token-passthrough"]);
}

#[test]
fn probe_resource_finds_mismatching_metadata_and_nothing_else() {
    jose_target("metadata-mismatch", false, &["resource-metadata-mismatch"]);
}

#[test]
fn probe_resource_finds_a_challenge_without_resource_metadata_and_nothing_else() {
    jose_target(
        "no-resource-metadata",
        false,
        &["challenge-without-resource-metadata"],
    );
}

#[test]
fn probe_resource_text_and_sarif_name_the_flaw_and_bad_input_is_a_usage_error() {
    let s = Serve::start(&["--vulnerable", "no-aud", "--key", &key("rsa.key.pem")]);
    let token = access_token(cc_token(&s, &[]));
    let url = format!("{}/api/whoami", s.url());
    let k = key("rsa.key.pem");
    Test::new()
        .args([
            "probe",
            "resource",
            &url,
            "--token",
            &token,
            "--signing-key",
            &k,
        ])
        .code(1)
        .stdout_contains("token-passthrough")
        .stdout_contains("aud https://oauthctl-probe.invalid/another-resource")
        .stdout_lacks(token.as_str())
        .run();
    let sarif = Test::new()
        .args([
            "probe",
            "resource",
            &url,
            "--token",
            &token,
            "--signing-key",
            &k,
            "-o",
            "sarif",
        ])
        .code(1)
        .run()
        .json();
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"], "token-passthrough",
        "{sarif:#}"
    );
    Test::new()
        .args(["probe", "resource", "ftp://x/", "--token", "t"])
        .code(2)
        .stderr_contains("not an http(s) URL")
        .run();
}

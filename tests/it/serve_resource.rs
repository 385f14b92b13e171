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
    assert_eq!(s.summary["demo_api_metadata"], md_url.as_str());
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
    // --dry-run lists the requests and sends none.
    let plan = Test::new()
        .args([
            "probe",
            "resource",
            "http://127.0.0.1:1/mcp",
            "--token",
            "t",
            "--mcp",
        ])
        .args(["--dry-run", "-o", "json"])
        .run()
        .json();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["summary"]["requests"], 0);
    assert!(
        plan["plan"].as_array().unwrap().iter().any(|p| p["request"]
            .as_str()
            .unwrap()
            .contains("token in the access_token query parameter")),
        "{plan:#}"
    );
    Test::new()
        .args(["probe", "resource", "ftp://x/", "--token", "t"])
        .code(2)
        .stderr_contains("not an http(s) URL")
        .run();
}

// ------------------------------------------------- registration and CIMD

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:47111/callback";

fn query(u: &str, k: &str) -> Option<String> {
    url::Url::parse(u)
        .unwrap()
        .query_pairs()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.into_owned())
}

/// Authorization code + PKCE for `client_id` on an --auto-approve server,
/// asking for the demo API as the resource: the token response.
fn code_flow(s: &Serve, client_id: &str) -> Value {
    let api = format!("{}/api/whoami", s.url());
    let auth = format!(
        "{}/authorize?{}",
        s.url(),
        crate::serve::form(&[
            ("response_type", "code"),
            ("client_id", client_id),
            ("redirect_uri", REDIRECT),
            ("scope", "api:read"),
            ("state", "s1"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
            ("resource", &api),
        ])
    );
    let r = http().get(auth).send().unwrap();
    assert_eq!(r.status(), 302, "{}", r.text().unwrap_or_default());
    let loc = r.headers()["location"].to_str().unwrap().to_owned();
    let code = query(&loc, "code").unwrap_or_else(|| panic!("no code in {loc}"));
    let r = post(
        &format!("{}/token", s.url()),
        &[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
            ("resource", &api),
        ],
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
    r.json().unwrap()
}

fn register(s: &Serve, md: Value) -> reqwest::blocking::Response {
    http()
        .post(format!("{}/register", s.url()))
        .json(&md)
        .send()
        .unwrap()
}

#[test]
fn dynamic_registration_creates_a_client_that_signs_in_and_is_managed_with_its_token() {
    let s = Serve::start(&["--demo-api", "--auto-approve"]);
    let md: Value = http()
        .get(format!(
            "{}/.well-known/oauth-authorization-server",
            s.url()
        ))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(md["registration_endpoint"], format!("{}/register", s.url()));
    assert_eq!(md["client_id_metadata_document_supported"], true);

    let r = register(
        &s,
        serde_json::json!({
            "client_name": "a native app",
            "redirect_uris": ["http://127.0.0.1/callback"],
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
        }),
    );
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let reg: Value = r.json().unwrap();
    let id = reg["client_id"].as_str().unwrap().to_owned();
    let rat = reg["registration_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reg.get("client_secret").is_none(), "{reg:#}");
    assert_eq!(reg["client_name"], "a native app");
    let conf_url = reg["registration_client_uri"].as_str().unwrap().to_owned();
    assert_eq!(conf_url, format!("{}/register/{id}", s.url()));

    // It signs in (loopback redirect, any port), and its token is bound to
    // the demo API, which takes it.
    let t = code_flow(&s, &id);
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(claims(at)["aud"], format!("{}/api/whoami", s.url()));
    assert_eq!(claims(at)["client_id"], id.as_str());
    assert_eq!(whoami(&s, Some(at)).status(), 200);

    // RFC 7592: read with the token; a wrong token is refused.
    let get = |tok: &str| http().get(&conf_url).bearer_auth(tok).send().unwrap();
    let r = get(&rat);
    assert_eq!(r.status(), 200);
    let shown: Value = r.json().unwrap();
    assert_eq!(shown["client_id"], id.as_str());
    assert!(shown.get("registration_access_token").is_none());
    assert_eq!(get("wrong-token").status(), 401);
    assert_eq!(
        get(at).status(),
        401,
        "an access token is not a registration token"
    );
    // Update: new redirect URIs, same client.
    let r = http()
        .put(&conf_url)
        .bearer_auth(&rat)
        .json(&serde_json::json!({
            "client_id": id,
            "redirect_uris": ["http://127.0.0.1/other"],
            "token_endpoint_auth_method": "none",
        }))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    let updated: Value = r.json().unwrap();
    assert_eq!(updated["redirect_uris"][0], "http://127.0.0.1/other");
    // Delete: gone, and its token with it.
    let r = http().delete(&conf_url).bearer_auth(&rat).send().unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(get(&rat).status(), 401);
    let r = http()
        .get(format!(
            "{}/authorize?response_type=code&client_id={id}&redirect_uri={REDIRECT}",
            s.url()
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400, "a deleted client still signs in");
    // The registration access token never reaches serve's log.
    assert!(!s.stderr().contains(&rat));
}

#[test]
fn registration_refuses_bad_metadata_with_the_rfc_7591_error() {
    let s = Serve::start(&[]);
    let cases = [
        (
            serde_json::json!({"redirect_uris": ["http://app.example/cb"], "token_endpoint_auth_method": "none"}),
            "invalid_redirect_uri",
        ),
        (
            serde_json::json!({"redirect_uris": ["https://app.example/cb#frag"]}),
            "invalid_redirect_uri",
        ),
        (
            serde_json::json!({"token_endpoint_auth_method": "none"}),
            "invalid_redirect_uri",
        ),
        (
            serde_json::json!({"redirect_uris": ["https://app.example/cb"], "token_endpoint_auth_method": "tls_client_auth"}),
            "invalid_client_metadata",
        ),
        (
            serde_json::json!({"redirect_uris": "https://app.example/cb"}),
            "invalid_client_metadata",
        ),
    ];
    for (md, error) in cases {
        let r = register(&s, md.clone());
        assert_eq!(r.status(), 400, "{md}");
        let e: Value = r.json().unwrap();
        assert_eq!(e["error"], error, "{md}: {e}");
    }
    let r = http()
        .post(format!("{}/register", s.url()))
        .body("not json")
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    // A confidential client gets a secret and uses it.
    let reg: Value = register(
        &s,
        serde_json::json!({"grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_basic"}),
    )
    .json()
    .unwrap();
    let r = post(
        &format!("{}/token", s.url()),
        &[("grant_type", "client_credentials")],
    )
    .basic_auth(
        reg["client_id"].as_str().unwrap(),
        reg["client_secret"].as_str(),
    )
    .send()
    .unwrap();
    assert_eq!(r.status(), 200);
}

/// A loopback server publishing a client ID metadata document at
/// `/client.json`, whose `client_id` is `claimed` (or its own URL).
fn cimd_server(claimed: Option<&str>) -> (crate::support::Server, String) {
    let me = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let me2 = std::sync::Arc::clone(&me);
    let claimed = claimed.map(str::to_owned);
    let server = crate::support::Server::new(move |_, path| {
        let url = me2.get().cloned().unwrap_or_default();
        match path {
            "/client.json" => crate::support::Reply::json(serde_json::json!({
                "client_id": claimed.clone().unwrap_or(url),
                "client_name": "a CIMD client",
                "redirect_uris": [REDIRECT],
            })),
            _ => crate::support::Reply::json(serde_json::json!({})),
        }
    });
    let url = format!("{}/client.json", server.url());
    me.set(url.clone()).unwrap();
    (server, url)
}

#[test]
fn a_client_id_metadata_document_on_loopback_is_fetched_and_signs_in() {
    let s = Serve::start(&["--demo-api", "--auto-approve"]);
    let (doc, url) = cimd_server(None);
    let t = code_flow(&s, &url);
    let at = t["access_token"].as_str().unwrap();
    assert_eq!(claims(at)["client_id"], url.as_str());
    assert_eq!(whoami(&s, Some(at)).status(), 200);
    assert!(doc.paths().iter().any(|p| p == "/client.json"));
    // A document whose client_id is not its URL is no client.
    let (_liar, url) = cimd_server(Some("https://elsewhere.example/client.json"));
    let r = http()
        .get(format!(
            "{}/authorize?{}",
            s.url(),
            crate::serve::form(&[
                ("response_type", "code"),
                ("client_id", &url),
                ("redirect_uri", REDIRECT),
                ("code_challenge", CHALLENGE),
                ("code_challenge_method", "S256"),
            ])
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[test]
fn a_client_id_metadata_document_on_another_host_is_not_fetched() {
    // Without --allow-cimd-host only loopback documents are fetched: the
    // answer is the unknown-client page (cimd.oauthctl.invalid never
    // resolves, so a fetch could not have made it a client either; the
    // unit test of Provider::fetch_cimd checks that none is tried).
    let s = Serve::start(&["--auto-approve"]);
    let r = http()
        .get(format!(
            "{}/authorize?{}",
            s.url(),
            crate::serve::form(&[
                ("response_type", "code"),
                ("client_id", "https://cimd.oauthctl.invalid/client.json"),
                ("redirect_uri", REDIRECT),
            ])
        ))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("Unknown client"));
}

#[test]
fn login_from_the_demo_apis_url_alone_registers_or_uses_a_client_id_metadata_document() {
    // Issue 15's chain against serve: nothing but the API's URL. Its RFC
    // 9728 metadata names serve; with no client ID, oauthctl registers a
    // public native client (RFC 7591) and signs in for that resource.
    let s = Serve::start(&["--demo-api", "--auto-approve"]);
    let api = format!("{}/api/whoami", s.url());
    let home = tempfile::tempdir().unwrap();
    let log = crate::login::AgentLog::new();
    let v = crate::support::in_home(home.path())
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--resource", &api, "-o", "json"])
        .stderr_contains(format!("Authorization server of {api}: {}", s.url()))
        .stderr_contains("Registered a public client at")
        .run()
        .json();
    assert_eq!(v["issuer"], s.url(), "{v:#}");
    let token = crate::support::in_home(home.path())
        .args(["token", "--resource", &api])
        .run()
        .stdout
        .trim()
        .to_owned();
    // The token is for that API (RFC 8707), which takes it.
    let aud = claims(&token)["aud"].clone();
    assert!(
        aud == api.as_str()
            || aud
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x == api.as_str())),
        "{aud}"
    );
    assert_eq!(whoami(&s, Some(&token)).status(), 200);

    // With a client ID metadata document instead: serve advertises them,
    // fetches the document (loopback) and the login needs no registration.
    let (doc, url) = cimd_server(None);
    let home = tempfile::tempdir().unwrap();
    let log = crate::login::AgentLog::new();
    crate::support::in_home(home.path())
        .env("BROWSER", crate::login::agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--resource", &api, "--client-metadata-url", &url])
        .stderr_lacks("Registered a public client")
        .run();
    assert!(doc.paths().iter().any(|p| p == "/client.json"));
}

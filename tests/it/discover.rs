//! Integration tests: discover. A clean OpenID provider, one with every
//! lint finding, an RFC 8414-only issuer with a path, and the faults of real
//! servers, each served by a local server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use crate::support::{Reply, Server, Test};

const OIDC: &str = "/.well-known/openid-configuration";

/// Metadata with nothing to report: loopback endpoints, code flow with
/// S256 only, signed ID tokens, RFC 9207.
fn clean_doc() -> Value {
    json!({
        "issuer": "{{base}}",
        "authorization_endpoint": "{{base}}/authorize",
        "token_endpoint": "{{base}}/token",
        "userinfo_endpoint": "{{base}}/userinfo",
        "jwks_uri": "{{base}}/jwks",
        "revocation_endpoint": "{{base}}/revoke",
        "scopes_supported": ["openid", "profile", "email"],
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256", "ES256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "private_key_jwt"],
        "code_challenge_methods_supported": ["S256"],
        "authorization_response_iss_parameter_supported": true
    })
}

/// Metadata with every finding the lint knows.
fn bad_doc() -> Value {
    json!({
        "issuer": "{{base}}",
        "authorization_endpoint": "{{base}}/authorize",
        "token_endpoint": "http://idp.example.com/token",
        "response_types_supported": ["code", "id_token token"],
        "grant_types_supported": ["authorization_code", "implicit", "password"],
        "id_token_signing_alg_values_supported": ["RS256", "none"],
        "code_challenge_methods_supported": ["plain"],
        "scopes_supported": "openid profile"
    })
}

fn serve(doc: Value) -> Server {
    Server::new(move |_, path| match path {
        OIDC => Reply::json(doc.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

#[test]
fn a_clean_provider_at_a_glance() {
    let server = serve(clean_doc());
    let base = server.url();
    let out = Test::new()
        .args(["discover", base])
        .stdout_contains(format!(
            "metadata                    {base}{OIDC} (OpenID Connect Discovery)"
        ))
        .stdout_contains(format!("token_endpoint            {base}/token"))
        .stdout_contains(format!("jwks_uri                  {base}/jwks"))
        .stdout_contains(
            "grant types               authorization_code, refresh_token, client_credentials",
        )
        .stdout_contains("response types            code")
        .stdout_contains("PKCE methods              S256")
        .stdout_contains("token endpoint auth       client_secret_basic, private_key_jwt")
        .stdout_contains("ID token signing          RS256, ES256")
        .stdout_contains("scopes                    openid, profile, email")
        .stdout_contains("iss in responses          yes (RFC 9207)")
        .stdout_contains("Findings\n  none\n")
        .run();
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    // Nothing to fail on.
    Test::new()
        .args(["discover", "--strict", "--fail-on", "info", base])
        .run();
    // -o json: {metadata, findings}.
    let v = Test::new()
        .args(["discover", "-o", "json", base])
        .run()
        .json();
    assert_eq!(v["metadata"]["issuer"], base);
    assert_eq!(v["metadata"]["token_endpoint"], format!("{base}/token"));
    assert_eq!(v["findings"], json!([]));
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["metadata", "findings"]
    );
}

#[test]
fn the_issuer_comes_from_the_flag_the_environment_or_nowhere() {
    let server = serve(clean_doc());
    Test::new()
        .args(["discover", "--issuer", server.url()])
        .stdout_contains("Findings\n  none")
        .run();
    Test::new()
        .arg("discover")
        .env("OAUTHCTL_ISSUER", server.url())
        .stdout_contains("Findings\n  none")
        .run();
    Test::new()
        .arg("discover")
        .code(2)
        .stderr_contains("no issuer: give ISSUER, --issuer, OAUTHCTL_ISSUER or a profile")
        .run();
    Test::new()
        .args(["discover", "not a url"])
        .code(2)
        .stderr_contains("issuer 'not a url' is not a URL")
        .run();
    Test::new()
        .args(["discover", &format!("{}{OIDC}", server.url())])
        .code(2)
        .stderr_contains(format!("give the issuer instead: {}", server.url()))
        .run();
}

#[test]
fn every_lint_finding_with_its_fix() {
    let server = serve(bad_doc());
    let base = server.url();
    let expected = [
        (
            "plain-http-endpoint",
            "high",
            "token_endpoint is plain http: http://idp.example.com/token",
        ),
        (
            "id-token-alg-none",
            "high",
            "id_token_signing_alg_values_supported includes none",
        ),
        (
            "password-grant",
            "high",
            "grant_types_supported lists password",
        ),
        (
            "jwks-uri-missing",
            "high",
            "jwks_uri is missing, though OpenID Connect requires it",
        ),
        (
            "implicit-grant",
            "medium",
            "grant_types_supported lists implicit; response_types_supported includes \"id_token token\"",
        ),
        (
            "pkce-plain-only",
            "medium",
            "code_challenge_methods_supported offers plain but not S256",
        ),
        ("malformed-member", "medium", "scopes_supported is a string"),
        (
            "iss-parameter-not-supported",
            "low",
            "authorization_response_iss_parameter_supported is not true",
        ),
    ];
    let v = Test::new()
        .args(["discover", "-o", "json", base])
        .run()
        .json();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), expected.len(), "{findings:#?}");
    for (id, severity, message) in expected {
        assert!(
            findings.iter().any(|f| f["id"] == id
                && f["severity"] == severity
                && f["message"].as_str().unwrap().contains(message)
                && !f["fix"].as_str().unwrap().is_empty()
                && !f["reference"].as_str().unwrap().is_empty()),
            "no {severity} {id} finding with {message:?} in {findings:#?}"
        );
    }

    // Text: findings after the glance, most severe first, each with a fix;
    // the plain-http endpoint stands out, the unadvertised defaults show.
    let out = Test::new()
        .args(["discover", base])
        .stdout_contains("token_endpoint            http://idp.example.com/token")
        .stdout_contains("grant types               authorization_code, implicit, password")
        .stdout_contains("PKCE methods              plain")
        .stdout_contains("scopes                    malformed")
        .stdout_contains("iss in responses          no (RFC 9207)")
        .stdout_contains("high      plain-http-endpoint: token_endpoint is plain http")
        .stdout_contains("fix: serve every endpoint over https")
        .stdout_contains("fix: turn the password grant off")
        .stdout_contains("8 findings: 4 high, 3 medium, 1 low")
        .run();
    let high = out.stdout.find("plain-http-endpoint:").unwrap();
    let low = out.stdout.find("iss-parameter-not-supported:").unwrap();
    assert!(high < low, "{}", out.stdout);

    // Findings alone do not fail; --strict fails at --fail-on (default high).
    Test::new()
        .args(["discover", "--strict", base])
        .code(1)
        .run();
    Test::new()
        .args(["discover", "--strict", "--fail-on", "critical", base])
        .run();
    Test::new()
        .args([
            "discover",
            "--strict",
            "--fail-on",
            "low",
            "-o",
            "json",
            base,
        ])
        .code(1)
        .run();
}

#[test]
fn absent_members_take_the_spec_defaults() {
    // No grant_types_supported: the default includes implicit. No
    // code_challenge_methods_supported: no PKCE advertised.
    let mut doc = clean_doc();
    let obj = doc.as_object_mut().unwrap();
    obj.remove("grant_types_supported");
    obj.remove("code_challenge_methods_supported");
    obj.remove("token_endpoint_auth_methods_supported");
    let server = serve(doc);
    Test::new()
        .args(["discover", server.url()])
        .stdout_contains(
            "grant types               authorization_code, implicit (default: grant_types_supported is absent)",
        )
        .stdout_contains("PKCE methods              not advertised")
        .stdout_contains("token endpoint auth       client_secret_basic (default: token_endpoint_auth_methods_supported is absent)")
        .stdout_contains("medium    implicit-grant: the implicit grant is enabled: grant_types_supported is absent")
        .stdout_contains("medium    pkce-not-advertised: code_challenge_methods_supported is absent: no PKCE support is advertised")
        .stdout_contains("2 findings: 2 medium")
        .run();
}

#[test]
fn an_rfc8414_issuer_with_a_path() {
    let server = Server::new(|_, path| match path {
        "/.well-known/oauth-authorization-server/tenant/a" => Reply::json(json!({
            "issuer": "{{base}}/tenant/a",
            "authorization_endpoint": "{{base}}/tenant/a/authorize",
            "token_endpoint": "{{base}}/tenant/a/token",
            "jwks_uri": "{{base}}/tenant/a/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    let issuer = format!("{}/tenant/a", server.url());
    Test::new()
        .args(["discover", &issuer])
        .stdout_contains(format!(
            "{}/.well-known/oauth-authorization-server/tenant/a (RFC 8414)",
            server.url()
        ))
        .stdout_contains(format!("token_endpoint            {issuer}/token"))
        .stdout_contains("Findings\n  none")
        .run();
    assert_eq!(
        server.paths(),
        [
            "/tenant/a/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/tenant/a"
        ]
        .map(String::from)
    );
}

#[test]
fn no_metadata_anywhere_names_every_location() {
    let server = Server::new(|_, _| Reply::status(404, "text/plain", "not found"));
    let issuer = format!("{}/realm", server.url());
    Test::new()
        .args(["discover", &issuer])
        .code(3)
        .stderr_contains(format!(
            "looking for the metadata of issuer {issuer}: no OpenID Connect Discovery or RFC 8414 document (HTTP 404 at {issuer}{OIDC}, HTTP 404 at {}/.well-known/oauth-authorization-server/realm, HTTP 404 at {issuer}/.well-known/oauth-authorization-server)",
            server.url()
        ))
        .run();
    assert_eq!(server.hits(), 3);
}

#[test]
fn an_issuer_mismatch_is_an_error() {
    let mut doc = clean_doc();
    doc["issuer"] = json!("https://evil.example");
    let server = serve(doc);
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains(format!("fetching the issuer's metadata from {}{OIDC}: issuer mismatch: the document names \"https://evil.example\" but \"{}\" was asked for", server.url(), server.url()))
        .stderr_contains("the metadata was not used")
        .stdout_lacks("token_endpoint")
        .run();
    // A trailing slash is a mismatch too, and the message says so.
    let server = serve(clean_doc());
    Test::new()
        .args(["discover", &format!("{}/", server.url())])
        .code(3)
        .stderr_contains("they differ by a trailing slash")
        .run();
}

#[test]
fn connection_refused_and_timeout() {
    let port = crate::support::free_port();
    Test::new()
        .args(["discover", &format!("http://127.0.0.1:{port}")])
        .code(3)
        .stderr_contains(format!(
            "fetching the issuer's metadata from http://127.0.0.1:{port}{OIDC}: could not connect"
        ))
        .run();

    let server = Server::new(|_, _| Reply::json(clean_doc()).delay(3000));
    Test::new()
        .args(["--timeout", "1", "discover", server.url()])
        .code(3)
        .stderr_contains("timed out after 1 s")
        .stderr_contains("hint: raise --timeout")
        .run();
    assert_eq!(server.hits(), 1, "a timeout is not retried elsewhere");
}

#[test]
fn http_errors_html_and_invalid_json() {
    // A server error stops at once, with the body's text.
    let server = Server::new(|_, _| Reply::status(503, "text/plain", "maintenance"));
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains(format!(
            "fetching the issuer's metadata from {}{OIDC}: HTTP 503 (maintenance)",
            server.url()
        ))
        .run();
    assert_eq!(server.hits(), 1);

    // HTML (a single-page app's catch-all): every location is tried, the
    // first answer is reported.
    let server = Server::new(|_, _| {
        Reply::status(
            200,
            "text/html; charset=utf-8",
            "<!doctype html><html></html>",
        )
    });
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains(format!(
            "fetching the issuer's metadata from {}{OIDC}: expected JSON, got HTML",
            server.url()
        ))
        .run();
    assert_eq!(server.hits(), 2);

    // Invalid JSON.
    let server = Server::new(|_, path| match path {
        OIDC => Reply::status(200, "application/json", "{\"issuer\": "),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains(format!(
            "fetching the issuer's metadata from {}{OIDC}: invalid JSON",
            server.url()
        ))
        .run();
}

#[test]
fn oversized_documents_are_refused() {
    let big = format!(
        "{{\"issuer\": \"{{{{base}}}}\", \"pad\": \"{}\"}}",
        "x".repeat(5 << 20)
    );
    let server = Server::new(move |_, _| Reply::status(200, "application/json", big.clone()));
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains("response larger than 4194304 bytes; refused")
        .run();
    assert_eq!(server.hits(), 1);
}

#[test]
fn redirects_are_followed_up_to_a_limit() {
    let doc = clean_doc();
    let server = Server::new(move |_, path| match path {
        OIDC => Reply::status(301, "text/plain", "").header("Location", "/v2/openid-configuration"),
        "/v2/openid-configuration" => Reply::json(doc.clone()),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    Test::new()
        .args(["discover", server.url()])
        .stdout_contains(format!(
            "metadata                    {}/v2/openid-configuration",
            server.url()
        ))
        .stdout_contains("Findings\n  none")
        .run();
    assert_eq!(
        server.paths(),
        [OIDC, "/v2/openid-configuration"].map(String::from)
    );

    let server =
        Server::new(|_, path| Reply::status(302, "text/plain", "").header("Location", path));
    Test::new()
        .args(["discover", server.url()])
        .code(3)
        .stderr_contains(format!(
            "fetching the issuer's metadata from {}{OIDC}: more than 5 redirects",
            server.url()
        ))
        .run();
    assert_eq!(server.hits(), 6);
}

/// A structurally valid token for `validate` (it never gets as far as its
/// signature here).
const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.\
                   eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoidSJ9.\
                   c2lnbmF0dXJl";

/// The metadata of an https issuer that names plain-http endpoints: the
/// client secret would go to the token endpoint in clear and the keys
/// could be swapped on the way. Every command refuses to use them (exit 3,
/// like the same downgrade as a redirect), except on loopback; `discover`
/// shows the document and its lint reports them as high.
#[test]
fn plain_http_endpoints_of_an_https_issuer_are_refused() {
    let keys = Server::new(|_, _| Reply::json(json!({"keys": []})));
    let loopback_jwks = format!("{}/jwks", keys.url());
    let tls = crate::faults::TlsRaw::start(|port| {
        let doc = |path: &str, jwks_uri: &str| {
            let issuer = format!("https://127.0.0.1:{port}/{path}");
            let body = json!({
                "issuer": issuer,
                "token_endpoint": "http://idp.example.com/token",
                "jwks_uri": jwks_uri,
            })
            .to_string();
            (
                format!("/{path}{OIDC}"),
                format!(
                    "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\n\r\n{body}",
                    body.len()
                ),
            )
        };
        vec![
            doc("downgraded", "http://idp.example.com/jwks"),
            doc("loopback", &loopback_jwks),
        ]
    });
    let ca = tls.ca();
    let issuer = format!("{}/downgraded", tls.url());
    let run = |args: &[&str]| {
        Test::new()
            .env("OAUTHCTL_CLIENT_SECRET", "canary-SECRET-5f3a9")
            .arg("--cacert")
            .arg(&ca)
            .args(args)
    };
    run(&["discover", &issuer])
        .stdout_contains("high      plain-http-endpoint: token_endpoint is plain http")
        .stdout_contains("high      plain-http-endpoint: jwks_uri is plain http")
        .run();
    run(&["cc", "--issuer", &issuer, "--client-id", "svc", "-vv"])
        .code(3)
        .stderr_contains(
            "its token_endpoint is plain http (http://idp.example.com/token) though the issuer \
             is https; refused",
        )
        .stderr_lacks("> POST")
        .stderr_lacks("canary-SECRET-5f3a9")
        .run();
    for args in [
        vec!["validate", "--issuer", &issuer, JWT],
        vec!["jwks", &issuer],
    ] {
        run(&args)
            .code(3)
            .stderr_contains("its jwks_uri is plain http (http://idp.example.com/jwks)")
            .run();
    }
    // Plain http on loopback is fine (RFC 8252 §8.3).
    let issuer = format!("{}/loopback", tls.url());
    run(&["jwks", &issuer]).stdout_contains("no keys").run();
}

/// A `jwks_uri` that is not http(s) is the server's fault (exit 3), not a
/// usage error, and the lint says so.
#[test]
fn a_file_jwks_uri_is_refused_as_the_servers_fault() {
    let server = serve(json!({
        "issuer": "{{base}}",
        "token_endpoint": "{{base}}/token",
        "jwks_uri": "file:///etc/passwd",
    }));
    for args in [
        vec!["validate", "--issuer", server.url(), JWT],
        vec!["jwks", server.url()],
    ] {
        Test::new()
            .args(&args)
            .code(3)
            .stderr_contains("its jwks_uri is a file: URL (file:///etc/passwd), not http or https")
            .stdout_lacks("root:")
            .run();
    }
    Test::new()
        .args(["discover", server.url()])
        .stdout_contains("high      non-http-endpoint: jwks_uri is a file: URL")
        .run();
}

#[test]
fn advanced_request_metadata_shown_and_linted() {
    let mut doc = clean_doc();
    for (k, v) in [
        ("require_pushed_authorization_requests", json!(true)),
        (
            "dpop_signing_alg_values_supported",
            json!(["ES256", "HS256"]),
        ),
        (
            "request_object_signing_alg_values_supported",
            json!(["RS256", "none"]),
        ),
        ("response_modes_supported", json!(["query", "jwt"])),
        (
            "authorization_details_types_supported",
            json!(["payment_initiation"]),
        ),
    ] {
        doc[k] = v;
    }
    let server = serve(doc);
    let base = server.url();
    let v = Test::new()
        .args(["discover", "-o", "json", base])
        .run()
        .json();
    let mut ids: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert!(!f["fix"].as_str().unwrap().is_empty(), "{f}");
            (
                f["id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    ids.sort();
    let want = [
        ("dpop-symmetric-alg", "high"),
        ("jarm-without-signing-algs", "low"),
        ("par-required-without-endpoint", "high"),
        ("request-object-alg-none", "medium"),
    ];
    assert_eq!(
        ids,
        want.map(|(a, b)| (a.to_owned(), b.to_owned())),
        "{v:#}"
    );
    Test::new()
        .args(["discover", base])
        .stdout_contains("pushed requests           required, but no endpoint (PAR, RFC 9126)")
        .stdout_contains("DPoP signing              ES256, HS256")
        .stdout_contains("response modes            query, jwt")
        .stdout_contains("RAR types                 payment_initiation")
        .stdout_contains(
            "high      dpop-symmetric-alg: dpop_signing_alg_values_supported includes HS256",
        )
        .stdout_contains("4 findings: 2 high, 1 medium, 1 low")
        .run();
    Test::new()
        .args(["discover", "--strict", base])
        .code(1)
        .run();
}

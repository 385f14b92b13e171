//! Advanced authorization requests (issue 13): pushed authorization
//! requests (RFC 9126), signed request objects (RFC 9101), JWT-secured
//! authorization responses (JARM) and rich authorization requests
//! (RFC 9396), against node oidc-provider with each feature switched on
//! (tests/provider/server.mjs: clients cli-par, cli-jar, cli-jarm, svc-rar),
//! and small hostile servers for what no real provider does on demand (a
//! JARM response with a wrong `iss`, `aud`, `exp` or signature; a PAR
//! endpoint answering HTML).

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::login::{AgentLog, agent_browser};
use crate::oidc_provider::{API, Provider, provider_dir};
use crate::support::{
    Reply, Server, Test, clean_command, device_approved_by, free_port, home_with_config, in_home,
    openssl,
};

/// The RSA key registered for cli-jar's request objects (and svc-jwt).
fn client_key() -> PathBuf {
    provider_dir().join("keys/svc-jwt.key.pem")
}

/// `login` as `client_id` with the scripted agent on a fixed port (a
/// pushed request's URL does not carry the redirect URI, so the agent is
/// told it).
fn login(log: &AgentLog, issuer: &str, client_id: &str) -> Test {
    let port = free_port();
    Test::new()
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .env(
            "AGENT_REDIRECT",
            format!("http://127.0.0.1:{port}/callback"),
        )
        .args(["login", "--issuer", issuer, "--client-id", client_id])
        .args(["--port", &port.to_string()])
}

/// The names of the parameters in the URL the browser was given.
fn opened_params(log: &AgentLog) -> Vec<String> {
    let open = log.wait_for("open");
    let url = url::Url::parse(open["url"].as_str().unwrap()).unwrap();
    let mut names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    names.sort();
    names
}

// --- PAR (RFC 9126) ----------------------------------------------------------

#[test]
fn par_login_sends_the_browser_only_client_id_and_request_uri() {
    let p = Provider::start();
    let log = AgentLog::new();
    let out = login(&log, p.issuer(), "cli-par")
        .args(["--par", "--scope", "openid profile email", "-o", "json"])
        .run();
    let v = out.json();
    assert_eq!(v["sub"], "alice", "{v:#}");
    assert_eq!(opened_params(&log), ["client_id", "request_uri"]);
    let open = log.wait_for("open");
    assert!(
        open["url"]
            .as_str()
            .unwrap()
            .contains("request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A"),
        "{open:#}"
    );
    assert_eq!(log.wait_for("callback")["status"], 200);
}

#[test]
fn without_a_browser_the_pushed_requests_lifetime_is_said() {
    let p = Provider::start();
    Test::new()
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-par"])
        .args(["--par", "--no-browser", "--login-timeout", "1"])
        .code(5)
        .stderr_contains("request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A")
        .stderr_contains("The pushed request expires in 60 s")
        .run();
}

#[test]
fn a_client_registered_for_par_is_refused_without_it_and_a_profile_can_say_par() {
    let p = Provider::start();
    // Not pushed: oidc-provider refuses at its authorization endpoint, and
    // says so on the redirect (exit 4, the refusal).
    let log = AgentLog::new();
    login(&log, p.issuer(), "cli-par")
        .args(["--scope", "openid"])
        .code(4)
        .stderr_contains("Pushed Authorization Request must be used")
        .stderr_contains("give --par, or set par = true in its profile")
        .run();
    // The profile's `par = true` (discovery cannot show a client's
    // registration) pushes it.
    let home = home_with_config(&format!(
        "[profiles.bank]\nissuer = \"{}\"\nclient_id = \"cli-par\"\npar = true\n",
        p.issuer()
    ));
    let log = AgentLog::new();
    let port = free_port();
    Test::new()
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("OAUTHCTL_STORE", "file")
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .env(
            "AGENT_REDIRECT",
            format!("http://127.0.0.1:{port}/callback"),
        )
        .args(["-p", "bank", "login", "--port", &port.to_string()])
        .stdout_contains(format!("Signed in to {} as alice", p.issuer()))
        .run();
    assert_eq!(opened_params(&log), ["client_id", "request_uri"]);
}

// --- request objects (RFC 9101) ----------------------------------------------

#[test]
fn a_signed_request_object_logs_in_plain_and_pushed() {
    let p = Provider::start();
    let key = client_key();
    let log = AgentLog::new();
    login(&log, p.issuer(), "cli-jar")
        .args(["--request-object", "--auth-method", "none", "--private-key"])
        .arg(&key)
        .args(["--scope", "openid profile"])
        .stdout_contains("Signed in")
        .stdout_contains("sub      alice")
        .stderr_lacks("PRIVATE KEY")
        .run();
    // RFC 9101 §5 (and OIDC Core §6.1's response_type and scope): the rest
    // of the request, redirect_uri, state, PKCE, is only in the JWT.
    assert_eq!(
        opened_params(&log),
        ["client_id", "request", "response_type", "scope"]
    );
    let log = AgentLog::new();
    login(&log, p.issuer(), "cli-jar")
        .args(["--par", "--request-object", "--auth-method", "none"])
        .args(["--private-key"])
        .arg(&key)
        .args(["--scope", "openid"])
        .stdout_contains("Signed in")
        .run();
    assert_eq!(opened_params(&log), ["client_id", "request_uri"]);
}

/// Whether `text` holds a JWT-like value that was not shortened (a
/// redacted one is `eyJhbG…[446 chars]`).
fn has_whole_jwt(text: &str) -> bool {
    text.match_indices("eyJ").any(|(i, _)| {
        text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .count()
            > 40
    })
}

#[test]
fn one_key_signs_the_client_assertion_and_the_pushed_request_object_and_vv_shows_neither() {
    // DESIGN.md: a key with no --auth-method means private_key_jwt.
    let p = Provider::start();
    let log = AgentLog::new();
    let out = login(&log, p.issuer(), "web-jar")
        .args(["--par", "--request-object", "--private-key"])
        .arg(client_key())
        .args(["--scope", "openid", "-vv"])
        .stdout_contains("sub      alice")
        .stderr_contains("client_assertion")
        .stderr_lacks("PRIVATE KEY")
        .run();
    assert_eq!(opened_params(&log), ["client_id", "request_uri"]);
    assert!(
        out.stderr.contains("/request"),
        "the push was traced: {}",
        out.stderr
    );
    assert!(!has_whole_jwt(&out.stderr), "{}", out.stderr);
}

#[test]
fn with_a_client_certificate_the_push_goes_to_the_mtls_alias() {
    let pki = crate::mtls::Pki::new();
    let p = pki.provider();
    let log = AgentLog::new();
    let out = login(&log, p.issuer(), "web-mtls")
        .args(["--par", "--scope", "openid", "-v", "--cacert"])
        .arg(pki.path("ca.pem"))
        .arg("--client-cert")
        .arg(pki.path("svc-mtls.pem"))
        .arg("--client-key")
        .arg(pki.path("svc-mtls.key"))
        .stdout_contains("sub      alice")
        .stderr_lacks("PRIVATE KEY")
        .run();
    assert_eq!(opened_params(&log), ["client_id", "request_uri"]);
    let push = out
        .stderr
        .lines()
        .find(|l| l.starts_with("> POST ") && l.ends_with("/request"))
        .unwrap_or_else(|| panic!("no push traced: {}", out.stderr));
    assert!(push.starts_with("> POST https://127.0.0.1:"), "{push}");
}

#[test]
fn a_request_object_signed_with_an_unregistered_key_is_refused() {
    let p = Provider::start();
    let dir = tempfile::tempdir().unwrap();
    openssl(
        dir.path(),
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "other.pem",
        ],
    );
    let out = Test::new()
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-jar"])
        .args([
            "--par",
            "--request-object",
            "--auth-method",
            "none",
            "--no-browser",
        ])
        .args(["--private-key"])
        .arg(dir.path().join("other.pem"))
        .code(4)
        .stderr_contains("pushing the authorization request to")
        .stderr_contains("the server refused: invalid_request_object")
        .stderr_lacks("PRIVATE KEY")
        .run();
    // One line, and the browser was never sent anywhere.
    let lines: Vec<&str> = out.stderr.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
}

#[test]
fn request_object_and_par_options_are_checked_before_anything_is_sent() {
    for (args, says) in [
        (
            vec!["--request-object", "--auth-method", "none"],
            "--request-object needs --private-key",
        ),
        (
            vec!["--param", "request_uri=urn:x"],
            "oauthctl sets request_uri itself",
        ),
        (
            vec!["--param", "request=eyJ"],
            "oauthctl sets request itself",
        ),
        (
            vec!["--response-mode", "fragment.jwt"],
            "fragment.jwt cannot be used",
        ),
        (
            vec!["--response-mode", "jwt", "--param", "response_mode=query"],
            "oauthctl sets response_mode itself",
        ),
        (
            vec!["--authorization-details", r#"{"type":"x"}"#],
            "not an array",
        ),
        (
            vec!["--authorization-details", r#"[{"actions":["read"]}]"#],
            "item 0 has no type",
        ),
        (vec!["--authorization-details", "[1"], "not JSON"),
        (
            vec!["--authorization-details", "@/nonexistent/details.json"],
            "/nonexistent/details.json",
        ),
    ] {
        let server = Server::new(|_, path| match path {
            "/.well-known/openid-configuration" => Reply::json(json!({
                "issuer": "{{base}}",
                "authorization_endpoint": "{{base}}/authorize",
                "token_endpoint": "{{base}}/token",
                "pushed_authorization_request_endpoint": "{{base}}/par",
            })),
            _ => Reply::status(500, "text/plain", "nothing else may be asked"),
        })
        .allow_unused();
        Test::new()
            .args(["login", "--issuer", server.url(), "--client-id", "cli"])
            .args(["--no-browser", "--par"])
            .args(&args)
            .code(2)
            .stderr_contains(says)
            .run();
        // At most the metadata was read: nothing was pushed.
        assert!(
            server
                .paths()
                .iter()
                .all(|p| p == "/.well-known/openid-configuration"),
            "{says}: {:?}",
            server.paths()
        );
    }
}

#[test]
fn par_without_an_endpoint_in_the_metadata_is_a_usage_error() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "authorization_endpoint": "{{base}}/authorize",
            "token_endpoint": "{{base}}/token",
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    Test::new()
        .args(["login", "--issuer", server.url(), "--client-id", "cli"])
        .args(["--par", "--no-browser"])
        .code(2)
        .stderr_contains("pushed_authorization_request_endpoint")
        .run();
}

#[test]
fn a_par_endpoint_answering_html_is_exit_3_naming_it() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "authorization_endpoint": "{{base}}/authorize",
            "token_endpoint": "{{base}}/token",
            "pushed_authorization_request_endpoint": "{{base}}/par",
            "require_pushed_authorization_requests": true,
        })),
        "/par" => Reply::status(200, "text/html", "<html><body>Sign in</body></html>"),
        _ => Reply::status(404, "text/plain", "not found"),
    });
    // The metadata requires PAR: pushed without --par.
    let out = Test::new()
        .args(["login", "--issuer", server.url(), "--client-id", "cli"])
        .args(["--no-browser"])
        .code(3)
        .stderr_contains(format!(
            "pushing the authorization request to {}/par",
            server.url()
        ))
        .stderr_contains("HTML")
        .run();
    assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    let push = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/par")
        .expect("the push");
    assert_eq!(push.method, "POST");
    assert_eq!(push.param("client_id").as_deref(), Some("cli"));
    assert_eq!(push.param("code_challenge_method").as_deref(), Some("S256"));
    assert!(push.param("redirect_uri").is_some());
}

// --- JARM --------------------------------------------------------------------

#[test]
fn a_jwt_response_is_validated_and_logs_in_by_query_and_form_post() {
    let p = Provider::start();
    for mode in ["jwt", "query.jwt", "form_post.jwt"] {
        let log = AgentLog::new();
        login(&log, p.issuer(), "cli-jarm")
            .args(["--response-mode", mode, "--scope", "openid profile"])
            .stdout_contains("sub      alice")
            .run();
        assert!(opened_params(&log).contains(&"response_mode".to_owned()));
        assert_eq!(log.wait_for("callback")["status"], 200, "{mode}");
    }
    // And pushed: the response mode travels in the pushed request.
    let log = AgentLog::new();
    login(&log, p.issuer(), "cli-jarm")
        .args(["--par", "--response-mode", "jwt", "--scope", "openid"])
        .stdout_contains("Signed in")
        .run();
}

/// A change made to a JARM response's claims.
type Tamper = fn(&mut serde_json::Map<String, Value>);

/// An issuer whose authorization endpoint redirects straight back with a
/// JARM `response` signed by svc-jwt's key (its JWKS is the issuer's),
/// with `claims` changed by `tamper`; its token endpoint must never be
/// called.
fn jarm_server(tamper: Tamper, bad_signature: bool) -> Server {
    let jwks: Value = serde_json::from_str(
        &std::fs::read_to_string(provider_dir().join("keys/svc-jwt.jwks.json")).unwrap(),
    )
    .unwrap();
    let pem = std::fs::read(client_key()).unwrap();
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = std::sync::Arc::clone(&base);
    let server = Server::new(move |_, path| {
        let (route, query) = path.split_once('?').unwrap_or((path, ""));
        match route {
            "/.well-known/openid-configuration" => Reply::json(json!({
                "issuer": "{{base}}",
                "authorization_endpoint": "{{base}}/authorize",
                "token_endpoint": "{{base}}/token",
                "jwks_uri": "{{base}}/jwks",
                "response_modes_supported": ["query.jwt", "jwt"],
            })),
            "/jwks" => Reply::json(jwks.clone()),
            "/authorize" => {
                let q: std::collections::HashMap<String, String> =
                    url::form_urlencoded::parse(query.as_bytes())
                        .into_owned()
                        .collect();
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs() as i64;
                let mut claims = serde_json::Map::new();
                claims.insert("iss".into(), seen.lock().unwrap().clone().into());
                claims.insert("aud".into(), q["client_id"].clone().into());
                claims.insert("exp".into(), (now + 600).into());
                claims.insert("iat".into(), now.into());
                claims.insert("code".into(), "jarm-code-never-to-be-used".into());
                claims.insert("state".into(), q["state"].clone().into());
                tamper(&mut claims);
                let key = jsonwebtoken::EncodingKey::from_rsa_pem(&pem).unwrap();
                let mut jwt = jsonwebtoken::encode(
                    &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
                    &claims,
                    &key,
                )
                .unwrap();
                if bad_signature {
                    // Another payload under the same signature.
                    let parts: Vec<&str> = jwt.split('.').collect();
                    let mut forged = claims.clone();
                    forged.insert("code".into(), "forged-code".into());
                    use base64::Engine;
                    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(Value::Object(forged).to_string());
                    jwt = format!("{}.{payload}.{}", parts[0], parts[2]);
                }
                let location = format!("{}?response={jwt}", q["redirect_uri"]);
                Reply::status(302, "text/plain", "").header("Location", &location)
            }
            "/token" => Reply::status(500, "text/plain", "the token endpoint must not be called"),
            _ => Reply::status(404, "text/plain", "not found"),
        }
    });
    *base.lock().unwrap() = server.url().to_owned();
    server
}

#[test]
fn a_jarm_response_that_fails_a_check_stops_the_login_before_the_token_endpoint() {
    fn wrong_iss(c: &mut serde_json::Map<String, Value>) {
        c.insert("iss".into(), "http://evil.example".into());
    }
    fn wrong_aud(c: &mut serde_json::Map<String, Value>) {
        c.insert("aud".into(), "another-client".into());
    }
    fn expired(c: &mut serde_json::Map<String, Value>) {
        let exp = c["iat"].as_i64().unwrap() - 3600;
        c.insert("exp".into(), exp.into());
    }
    fn untouched(_: &mut serde_json::Map<String, Value>) {}
    let cases: [(Tamper, bool, &str); 4] = [
        (wrong_iss, false, "iss: "),
        (wrong_aud, false, "aud: "),
        (expired, false, "exp: "),
        (untouched, true, "signature: "),
    ];
    for (tamper, bad_signature, check) in cases {
        let server = jarm_server(tamper, bad_signature);
        let log = AgentLog::new();
        let out = Test::new()
            .env("BROWSER", agent_browser())
            .env("AGENT_LOG", log.path())
            .args(["login", "--issuer", server.url(), "--client-id", "cli"])
            .args(["--response-mode", "jwt", "--scope", "profile", "-vv"])
            .code(1)
            .stderr_contains("the JWT authorization response from")
            .stderr_contains("failed validation")
            .stderr_contains(check)
            .stderr_contains("its code was not used")
            .stderr_lacks("jarm-code-never-to-be-used")
            .run();
        assert!(
            !server.paths().iter().any(|p| p.starts_with("/token")),
            "{check}: {:?}",
            server.paths()
        );
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        let page = log.wait_for("callback");
        assert_eq!(page["status"], 400, "{check}: {page:#}");
    }
}

// --- RAR (RFC 9396) ----------------------------------------------------------

#[test]
fn granted_authorization_details_are_shown_stored_and_kept_across_refresh() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let details = json!([{"type": "account_information", "actions": ["read"]}]);
    let file = home.path().join("details.json");
    std::fs::write(&file, details.to_string()).unwrap();
    let log = AgentLog::new();
    let port = free_port();
    let v = in_home(home.path())
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-rar"])
        .args(["--port", &port.to_string(), "--scope", "openid"])
        .args(["--resource", API, "-o", "json"])
        .arg(format!("--authorization-details=@{}", file.display()))
        .run()
        .json();
    assert_eq!(v["authorization_details"], details, "{v:#}");
    let provider = |cmd: &str| {
        in_home(home.path())
            .args([
                cmd,
                "--issuer",
                p.issuer(),
                "--client-id",
                "cli-rar",
                "-o",
                "json",
            ])
            .run()
            .json()
    };
    let token = provider("token");
    assert_eq!(token["authorization_details"], details, "{token:#}");
    let refreshed = provider("refresh");
    assert_eq!(refreshed["authorization_details"], details, "{refreshed:#}");
    assert!(refreshed.get("refresh_token").is_none(), "{refreshed:#}");
    // The text summary names the granted types.
    let log = AgentLog::new();
    in_home(home.path())
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-rar"])
        .args(["--scope", "openid", "--resource", API])
        .args(["--authorization-details", &details.to_string()])
        .stdout_contains("details  account_information")
        .run();
}

#[test]
fn the_device_grant_sends_authorization_details_and_shows_the_granted_ones() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let details = json!([{"type": "account_information", "actions": ["list_accounts"]}]);
    let mut cmd = clean_command(home.path());
    cmd.args(["device", "--issuer", p.issuer(), "--client-id", "cli-rar"])
        .args(["--scope", "openid", "--resource", API, "-o", "json"])
        .args(["--authorization-details", &details.to_string()]);
    let log = AgentLog::new();
    let out = device_approved_by(cmd, |complete| {
        let agent = std::process::Command::new("node")
            .arg(provider_dir().join("agent.mjs"))
            .args(["device", complete, "approve"])
            .env("AGENT_LOG", log.path())
            .status()
            .unwrap();
        assert!(agent.success(), "the agent failed: {:#?}", log.entries());
    });
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["authorization_details"], details, "{v:#}");
}

#[test]
fn client_credentials_send_authorization_details_and_show_the_granted_ones() {
    let p = Provider::start();
    let details = json!([{"type": "payment_initiation", "instructedAmount": {"currency": "EUR", "amount": "12.00"}}]);
    let v = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "svc-rar-secret")
        .args([
            "cc",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-rar",
            "--no-cache",
        ])
        .args([
            "--authorization-details",
            &details.to_string(),
            "-o",
            "json",
        ])
        .stdout_lacks("svc-rar-secret")
        .run()
        .json();
    assert_eq!(v["authorization_details"], details, "{v:#}");
    // An unknown type is the server's refusal, with its error.
    Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "svc-rar-secret")
        .args([
            "cc",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-rar",
            "--no-cache",
        ])
        .args(["--authorization-details", r#"[{"type":"unknown_type"}]"#])
        .code(4)
        .stderr_contains("invalid_authorization_details")
        .stderr_lacks("svc-rar-secret")
        .run();
}

// --- headless Chromium -------------------------------------------------------

/// One login end to end in a real browser with a pushed request.
#[test]
fn par_login_end_to_end_in_headless_chromium() {
    let script = crate::chromium::browser_script();
    let p = Provider::start();
    let log = AgentLog::new();
    let port = free_port();
    Test::new()
        .env("BROWSER", format!("node {}", script.display()))
        .env("AGENT_LOG", log.path())
        .env(
            "AGENT_REDIRECT",
            format!("http://127.0.0.1:{port}/callback"),
        )
        .args(["login", "--issuer", p.issuer(), "--client-id", "cli-par"])
        .args(["--par", "--port", &port.to_string()])
        .args(["--scope", "openid profile email", "--login-timeout", "120"])
        .stdout_contains(format!(
            "Signed in to {} as Alice Example <alice@example.com>",
            p.issuer()
        ))
        .run();
    let page = log.wait_for("callback");
    assert_eq!(page["status"], 200, "{page:#}");
    assert!(
        page["body"].as_str().unwrap().contains("Signed in"),
        "{page:#}"
    );
}

//! Integration tests: the client authentication methods and requests of
//! issue 13 against the real provider (tests/provider): `client_secret_jwt`
//! at every endpoint a client authenticates at, `device --pkce`, and a
//! refresh that keeps the login's resource. mTLS (`self_signed_tls_client_auth`,
//! the endpoint aliases) is in `mtls.rs`, beside the certificates.

use std::path::Path;
use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

use crate::oidc_provider::{API, Provider, provider_dir};
use crate::support::{
    Output, Reply, Server, Test, clean_command, device_approved_by, home_with_config, in_home,
};

/// The secret of the provider's `svc-secret-jwt` client.
const SECRET_JWT_SECRET: &str = "svc-secret-jwt-secret-0123456789abcdef";

/// The `user_code` in a complete verification URI.
fn user_code(complete: &str) -> String {
    url::Url::parse(complete)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "user_code")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no user_code in {complete}"))
}

/// Approve a device login through the provider's test-only fixture (alice,
/// everything asked granted).
pub fn approve(issuer: &str, complete: &str) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("user_code", &user_code(complete))
        .finish();
    let status = reqwest::blocking::Client::new()
        .post(format!("{issuer}/__test/approve-device"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .timeout(Duration::from_secs(10))
        .send()
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 204, "approve-device fixture");
}

/// `oauthctl device ARGS` in `home` (file store), approved by `approve`
/// once it prints the complete verification URI.
pub fn device_in(home: &Path, args: &[&str], approve: impl FnOnce(&str)) -> Output {
    let mut cmd = clean_command(home);
    cmd.env("OAUTHCTL_STORE", "file").arg("device").args(args);
    device_approved_by(cmd, approve)
}

/// A JWT's claims, undecoded by oauthctl.
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

/// The one stored login in `home`'s file store.
fn stored(home: &Path) -> Value {
    let files = crate::support::store_files(home);
    let tokens: Vec<_> = files
        .iter()
        .filter(|p| p.to_string_lossy().contains("/tokens/"))
        .collect();
    assert_eq!(tokens.len(), 1, "{files:?}");
    serde_json::from_slice(&std::fs::read(tokens[0]).unwrap()).unwrap()
}

/// A home whose profile `jwt` is the provider's `svc-secret-jwt`, with
/// `auth_method = "client_secret_jwt"` and the secret in a file.
fn secret_jwt_home(issuer: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let secret = home.path().join("secret");
    std::fs::write(&secret, format!("{SECRET_JWT_SECRET}\n")).unwrap();
    let dir = home.path().join("config/oauthctl");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[profiles.jwt]\nissuer = \"{issuer}\"\nclient_id = \"svc-secret-jwt\"\n\
             auth_method = \"client_secret_jwt\"\nclient_secret_file = \"{}\"\n",
            secret.display()
        ),
    )
    .unwrap();
    home
}

#[test]
fn client_secret_jwt_gets_a_machine_token_and_a_wrong_secret_is_refused() {
    let p = Provider::start();
    let home = secret_jwt_home(p.issuer());
    let out = in_home(home.path())
        .args(["-p", "jwt", "cc", "--no-cache", "-vv"])
        .run();
    let token = out.stdout.trim();
    // Issued to svc-secret-jwt: oidc-provider verified the HS256 assertion
    // (and would refuse one whose aud is not its issuer or endpoint).
    Test::new()
        .args([
            "validate",
            "--issuer",
            p.issuer(),
            "--audience",
            API,
            "--claim",
            "client_id=svc-secret-jwt",
        ])
        .arg(token)
        .stdout_contains("VALID")
        .run();
    // The secret never travels: no Basic header, no client_secret.
    assert!(!out.stderr.contains(SECRET_JWT_SECRET), "{}", out.stderr);
    assert!(
        !out.stderr.contains("authorization: Basic"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("client_assertion="), "{}", out.stderr);

    // Signed with another secret: the provider refuses the client.
    Test::new()
        .args([
            "cc",
            "--no-cache",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-secret-jwt",
            "--auth-method",
            "client_secret_jwt",
        ])
        .env(
            "OAUTHCTL_CLIENT_SECRET",
            "not-the-secret-0123456789abcdef-xyz",
        )
        .code(4)
        .stderr_contains("invalid_client")
        .stderr_lacks("not-the-secret")
        .run();
    // No secret at all: a usage error naming where to give one.
    Test::new()
        .args([
            "cc",
            "--issuer",
            p.issuer(),
            "--client-id",
            "svc-secret-jwt",
            "--auth-method",
            "client_secret_jwt",
        ])
        .code(2)
        .stderr_contains("no client secret")
        .run();
}

#[test]
fn client_secret_jwt_at_the_device_token_introspection_and_revocation_endpoints() {
    let p = Provider::start();
    let home = secret_jwt_home(p.issuer());
    let config = home.path().join("config");
    // Device authorization and every poll: a fresh assertion each time
    // (oidc-provider refuses a jti it has seen: "client assertion tokens
    // must only be used once").
    let mut cmd = clean_command(home.path());
    cmd.env("OAUTHCTL_STORE", "file")
        .env("XDG_CONFIG_HOME", &config)
        .args(["-p", "jwt", "device", "--scope", "openid", "-o", "json"]);
    let out = device_approved_by(cmd, |complete| approve(p.issuer(), complete));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["sub"], "alice");
    let first = stored(home.path());
    assert_eq!(first["client_id"], "svc-secret-jwt");
    let rt = first["refresh_token"].as_str().unwrap().to_owned();

    // Refresh (token endpoint).
    let refreshed = in_home(home.path())
        .args(["-p", "jwt", "refresh", "-o", "json"])
        .run()
        .json();
    assert_ne!(refreshed["access_token"], first["access_token"]);
    let rotated = stored(home.path())["refresh_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(rotated, rt, "the provider rotates refresh tokens");

    // Introspection of the refresh token it holds.
    let v = in_home(home.path())
        .args(["-p", "jwt", "introspect", "-o", "json", "--", &rotated])
        .run()
        .json();
    assert_eq!(v["active"], true, "{v:#}");
    assert_eq!(v["client_id"], "svc-secret-jwt", "{v:#}");

    // Revocation, then the refresh token is dead at the provider.
    in_home(home.path())
        .args(["-p", "jwt", "logout"])
        .stdout_contains("revoked")
        .run();
    assert_eq!(p.introspect(&rotated)["active"], false);
    assert!(
        crate::support::store_files(home.path())
            .iter()
            .all(|f| !f.to_string_lossy().contains("/tokens/"))
    );
}

/// A device endpoint and a token endpoint that approve at once and record
/// what they got.
fn recording_device_server() -> Server {
    Server::new(move |_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}",
            "token_endpoint": "{{base}}/token",
            "device_authorization_endpoint": "{{base}}/device/code",
        })),
        "/device/code" => Reply::json(json!({
            "device_code": "dc-0123456789",
            "user_code": "WXYZ-2345",
            "verification_uri": "{{base}}/device",
            "expires_in": 600,
            "interval": 0,
        })),
        "/token" => Reply::json(json!({
            "access_token": "at-device-pkce",
            "token_type": "Bearer",
            "expires_in": 600,
        })),
        _ => Reply::status(404, "text/plain", "not found"),
    })
}

#[test]
fn device_pkce_is_sent_to_a_server_that_checks_it_and_accepted_by_oidc_provider() {
    // A device endpoint and a token endpoint that record what they got
    // (oidc-provider 9.13.3 accepts PKCE parameters in the device grant
    // but does not check them: see below).
    let server = recording_device_server();
    // The profile's device_pkce = true, as --pkce.
    let home = home_with_config(&format!(
        "[profiles.kc]\nissuer = \"{}\"\nclient_id = \"cli\"\ndevice_pkce = true\n",
        server.url()
    ));
    in_home(home.path())
        .args(["-p", "kc", "device", "--scope", "profile"])
        .run();
    let reqs = server.requests();
    let device = reqs.iter().find(|r| r.path == "/device/code").unwrap();
    let token = reqs.iter().find(|r| r.path == "/token").unwrap();
    assert_eq!(
        device.param("code_challenge_method").as_deref(),
        Some("S256")
    );
    let challenge = device.param("code_challenge").expect("a code_challenge");
    let verifier = token.param("code_verifier").expect("a code_verifier");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes());
    assert_eq!(
        challenge,
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest.as_ref()),
        "RFC 7636 §4.2: the challenge is BASE64URL(SHA256(verifier))"
    );
    assert!(token.param("code_challenge").is_none());
    // Without --pkce or the profile setting, nothing of it is sent.
    let plain = recording_device_server();
    Test::new()
        .args(["device", "--client-id", "cli", "--scope", "profile"])
        .args(["--issuer", plain.url()])
        .run();
    assert!(
        plain
            .requests()
            .iter()
            .all(|r| !r.body.contains("code_challenge") && !r.body.contains("code_verifier")),
        "{:#?}",
        plain.requests()
    );

    // oidc-provider 9.13.3: the device authorization endpoint takes the
    // PKCE parameters and its device-code grant ignores the verifier, so
    // `--pkce` works there; it cannot show that a wrong verifier fails.
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let out = device_in(
        home.path(),
        &[
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "--pkce",
            "-o",
            "json",
        ],
        |complete| approve(p.issuer(), complete),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["sub"], "alice");
}

#[test]
fn refresh_keeps_the_resource_of_a_device_login() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    // Approved on the provider's own pages (login and consent, which
    // grants the API's scope for the resource).
    let out = device_in(
        home.path(),
        &[
            "--issuer",
            p.issuer(),
            "--client-id",
            "cli",
            "--scope",
            "openid offline_access api:read",
            "--resource",
            API,
        ],
        |complete| {
            let agent = std::process::Command::new("node")
                .arg(provider_dir().join("agent.mjs"))
                .args(["device", complete, "approve"])
                .env("AGENT_LOG", home.path().join("agent.log"))
                .status()
                .unwrap();
            assert!(agent.success());
        },
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let login = stored(home.path());
    assert_eq!(login["resources"], json!([API]), "{login:#}");
    let at = login["access_token"].as_str().unwrap();
    assert_eq!(claims(at)["aud"], API);

    let out = in_home(home.path())
        .args(["refresh", "-vv", "-o", "json", "--issuer", p.issuer()])
        .args(["--client-id", "cli"])
        .run();
    // The refresh asked for the resource again (RFC 8707 §2.2) ...
    let refresh_body = out
        .stderr
        .lines()
        .find(|l| l.contains("grant_type=refresh_token"))
        .unwrap_or_else(|| panic!("no refresh request in the trace:\n{}", out.stderr));
    assert!(
        refresh_body.contains(&format!("resource={}", API))
            || refresh_body.contains("resource=urn%3Aoauthctl%3Aapi"),
        "{refresh_body}"
    );
    assert!(!refresh_body.contains("scope="), "no scope: {refresh_body}");
    // ... and the new access token is still for it.
    let new_at = out.json()["access_token"].as_str().unwrap().to_owned();
    assert_ne!(new_at, at);
    let c = claims(&new_at);
    assert_eq!(c["aud"], API, "{c:#}");
    assert_eq!(stored(home.path())["resources"], json!([API]));
}

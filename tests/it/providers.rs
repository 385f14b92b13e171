//! Integration tests: the provider presets and the quirks of real providers,
//! each against a small local server that answers as the provider's
//! documentation says (no real tenant is reachable from CI).

use serde_json::json;

use crate::support::{Reply, Server, Test};

const TID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn token_request(server: &Server) -> crate::support::Recorded {
    server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .expect("a token request")
}

/// Entra ID v2: explicit endpoints under the tenant, `expires_in` as a
/// string (as its v1 endpoints and some proxies send it), and the `Origin`
/// header that single-page-app registrations require.
#[test]
fn entra_tenant_endpoints_string_expires_in_and_origin() {
    let token_path = format!("/{TID}/oauth2/v2.0/token");
    let tp = token_path.clone();
    let server = Server::new(move |_, path| {
        if path == tp {
            Reply::json(json!({
                "token_type": "Bearer", "expires_in": "3599", "ext_expires_in": "3599",
                "access_token": "eyJ0eXAiOiJKV1QifQ.e30.entra"
            }))
        } else {
            Reply::status(404, "application/json", r#"{"error":"not_found"}"#)
        }
    });
    let out = Test::new()
        .args(["cc", "--provider", "entra", "--tenant", TID, "--domain"])
        .arg(server.url())
        .args(["--client-id", "app", "--scope", "api://svc/.default"])
        .args(["--origin", "http://localhost:3000", "-o", "json"])
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .run();
    let v = out.json();
    assert_eq!(v["access_token"], "eyJ0eXAiOiJKV1QifQ.e30.entra");
    assert_eq!(v["expires_in"], 3599);
    assert!((v["expires_at"].as_i64().unwrap() - (now() + 3599)).abs() < 5);
    assert_eq!(
        server.paths(),
        vec![token_path],
        "the preset's endpoint, no discovery"
    );
    let r = token_request(&server);
    assert_eq!(r.header("origin"), Some("http://localhost:3000"));
    assert_eq!(r.param("scope").as_deref(), Some("api://svc/.default"));
}

#[test]
fn origin_must_be_an_origin() {
    Test::new()
        .args(["cc", "--token-endpoint", "http://127.0.0.1:9/token"])
        .args(["--client-id", "c", "--origin", "http://localhost:3000/app"])
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .code(2)
        .stderr_contains("--origin 'http://localhost:3000/app' is not an origin")
        .run();
}

fn github(reply: Reply) -> Server {
    Server::new(move |_, path| match path {
        "/login/oauth/access_token" => reply.clone(),
        _ => Reply::status(404, "text/html", "<html>Not Found</html>"),
    })
}

/// GitHub: no discovery, token endpoint under /login/oauth, a form-encoded
/// answer when a client does not ask for JSON.
#[test]
fn github_form_encoded_token_response() {
    let server = github(Reply::status(
        200,
        "application/x-www-form-urlencoded; charset=utf-8",
        "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer",
    ));
    let out = Test::new()
        .args(["cc", "--provider", "github", "--domain"])
        .arg(server.url())
        .args(["--client-id", "Iv1.abc", "-o", "json", "--no-cache"])
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .run();
    let v = out.json();
    assert_eq!(
        v["access_token"],
        "gho_16C7e42F292c6912E7710c838347Ae178B4a"
    );
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["scope"], "repo,gist");
    assert_eq!(server.paths(), vec!["/login/oauth/access_token"]);
    assert_eq!(
        token_request(&server).header("accept"),
        Some("application/json")
    );
}

/// GitHub answers errors with 200, in JSON or form-encoded: they are
/// refusals (exit 4) that quote the error, not "no token".
#[test]
fn github_errors_in_200_bodies_are_refusals() {
    for reply in [
        Reply::json(json!({
            "error": "incorrect_client_credentials",
            "error_description": "The client_id and/or client_secret passed are incorrect.",
            "error_uri": "https://docs.github.com/apps/troubleshooting"
        })),
        Reply::status(
            200,
            "application/x-www-form-urlencoded",
            "error=incorrect_client_credentials&error_description=The+client_id+and%2For+client_secret+passed+are+incorrect.",
        ),
    ] {
        let server = github(reply);
        Test::new()
            .args(["cc", "--provider", "github", "--domain"])
            .arg(server.url())
            .args(["--client-id", "Iv1.abc", "--no-cache"])
            .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
            .code(4)
            .stderr_contains("incorrect_client_credentials (The client_id and/or client_secret passed are incorrect.)")
            .stderr_lacks("s3cret")
            .run();
    }
}

/// Auth0: an issuer with a trailing slash, endpoints from discovery, and
/// the non-standard `audience` parameter, here from a profile that names
/// the preset.
#[test]
fn auth0_audience_from_a_profile() {
    let server = Server::new(|_, path| match path {
        "/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}/", "token_endpoint": "{{base}}/oauth/token",
            "device_authorization_endpoint": "{{base}}/oauth/device/code",
            "jwks_uri": "{{base}}/.well-known/jwks.json"
        })),
        "/oauth/token" => Reply::json(json!({
            "access_token": "auth0-at", "token_type": "Bearer", "expires_in": 86400
        })),
        _ => Reply::status(404, "text/plain", "Not Found"),
    });
    let t = Test::new();
    let config = t.home().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.api]\nprovider = \"auth0\"\ndomain = \"{}\"\nclient_id = \"m2m\"\n\
             audience = \"https://api.example.com\"\nclient_secret_env = \"AUTH0_SECRET\"\n",
            server.url()
        ),
    )
    .unwrap();
    t.args(["-p", "api", "--config"])
        .arg(&config)
        .arg("cc")
        .env("AUTH0_SECRET", "s3cret")
        .stdout_contains("auth0-at")
        .run();
    assert_eq!(
        server.paths(),
        vec!["/.well-known/openid-configuration", "/oauth/token"]
    );
    assert_eq!(
        token_request(&server).param("audience").as_deref(),
        Some("https://api.example.com")
    );
}

/// Okta: the issuer has a path (`/oauth2/default`, or a custom
/// authorization server's ID); discovery is appended to it.
#[test]
fn okta_issuer_with_a_path() {
    let server = Server::new(|_, path| match path {
        "/oauth2/default/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}/oauth2/default",
            "token_endpoint": "{{base}}/oauth2/default/v1/token",
            "jwks_uri": "{{base}}/oauth2/default/v1/keys"
        })),
        "/oauth2/default/v1/token" => Reply::json(json!({
            "access_token": "okta-at", "token_type": "Bearer", "expires_in": 3600, "scope": "svc"
        })),
        _ => Reply::status(404, "application/json", "{}"),
    });
    Test::new()
        .args(["cc", "--provider", "okta", "--domain"])
        .arg(server.url())
        .args(["--client-id", "0oa1", "--scope", "svc"])
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .stdout_contains("okta-at")
        .run();
}

/// An authorization server that serves only RFC 8414 metadata, at the
/// well-known location inserted before the issuer's path (§3.1).
#[test]
fn rfc8414_path_insertion_for_a_custom_okta_server() {
    let server = Server::new(|_, path| match path {
        "/.well-known/oauth-authorization-server/oauth2/aus9xyz" => Reply::json(json!({
            "issuer": "{{base}}/oauth2/aus9xyz",
            "token_endpoint": "{{base}}/oauth2/aus9xyz/v1/token"
        })),
        "/oauth2/aus9xyz/v1/token" => Reply::json(json!({
            "access_token": "custom-at", "token_type": "Bearer", "expires_in": 3600
        })),
        _ => Reply::status(404, "application/json", "{}"),
    });
    Test::new()
        .args([
            "cc",
            "--provider",
            "okta",
            "--tenant",
            "aus9xyz",
            "--domain",
        ])
        .arg(server.url())
        .args(["--client-id", "0oa1"])
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .stdout_contains("custom-at")
        .run();
    assert_eq!(
        server.paths(),
        vec![
            "/oauth2/aus9xyz/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server/oauth2/aus9xyz",
            "/oauth2/aus9xyz/v1/token"
        ]
    );
}

fn keycloak() -> Server {
    Server::new(|_, path| match path {
        "/auth/realms/demo/.well-known/openid-configuration" => Reply::json(json!({
            "issuer": "{{base}}/auth/realms/demo",
            "token_endpoint": "{{base}}/auth/realms/demo/protocol/openid-connect/token",
            "jwks_uri": "{{base}}/auth/realms/demo/protocol/openid-connect/certs"
        })),
        "/auth/realms/demo/protocol/openid-connect/token" => Reply::json(json!({
            "access_token": "kc-at", "token_type": "Bearer", "expires_in": 300,
            "refresh_expires_in": 0, "not-before-policy": 0, "scope": "profile email"
        })),
        _ => Reply::status(
            404,
            "application/json",
            r#"{"error":"Realm does not exist"}"#,
        ),
    })
}

/// Keycloak: the realm is part of the issuer (behind an `/auth` prefix on
/// old versions), and the precedence is flag, then env, then profile.
#[test]
fn keycloak_realm_and_precedence() {
    let server = keycloak();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.kc]\nprovider = \"keycloak\"\ndomain = \"{}/auth\"\ntenant = \"from-profile\"\n\
             client_id = \"svc\"\n",
            server.url()
        ),
    )
    .unwrap();
    Test::new()
        .args(["-p", "kc", "--config"])
        .arg(&config)
        .args(["cc", "--realm", "demo"])
        .env("OAUTHCTL_TENANT", "from-env")
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .stdout_contains("kc-at")
        .run();
    // Without the flag, the environment wins over the profile.
    Test::new()
        .args(["-p", "kc", "--config"])
        .arg(&config)
        .arg("cc")
        .env("OAUTHCTL_TENANT", "from-env")
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .code(3)
        .stderr_contains(format!("{}/auth/realms/from-env", server.url()))
        .run();
    // `discover` takes the preset's issuer too.
    Test::new()
        .args([
            "discover",
            "--provider",
            "keycloak",
            "--realm",
            "demo",
            "--domain",
        ])
        .arg(format!("{}/auth", server.url()))
        .stdout_contains(format!("{}/auth/realms/demo", server.url()))
        .run();
}

/// Google's endpoints are built in; a profile's explicit endpoint wins over
/// the preset's (here, a local stand-in for oauth2.googleapis.com).
#[test]
fn a_profile_endpoint_wins_over_the_preset() {
    let server = Server::new(|_, path| match path {
        "/token" => Reply::json(json!({
            "access_token": "ya29.a0", "token_type": "Bearer", "expires_in": 3599
        })),
        _ => Reply::status(404, "text/html", "<html>404</html>"),
    });
    let t = Test::new();
    let config = t.home().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.g]\nprovider = \"google\"\ntoken_endpoint = \"{}/token\"\nclient_id = \"x.apps.googleusercontent.com\"\n",
            server.url()
        ),
    )
    .unwrap();
    t.args(["-p", "g", "--config"])
        .arg(&config)
        .arg("cc")
        .env("OAUTHCTL_CLIENT_SECRET", "s3cret")
        .stdout_contains("ya29.a0")
        .run();
}

#[test]
fn preset_usage_errors() {
    for (args, says) in [
        (vec!["--provider", "okta"], "--provider okta needs --domain"),
        (
            vec!["--provider", "entra"],
            "--provider entra needs --tenant",
        ),
        (
            vec![
                "--provider",
                "keycloak",
                "--domain",
                "sso.example.com",
                "--realm",
                "a/b",
            ],
            "--tenant 'a/b' for --provider keycloak must be one name",
        ),
        (vec!["--provider", "ping"], "invalid value 'ping'"),
    ] {
        Test::new()
            .args(["cc", "--client-id", "c"])
            .args(args)
            .env("OAUTHCTL_CLIENT_SECRET", "s")
            .code(2)
            .stderr_contains(says)
            .run();
    }
    let t = Test::new();
    let config = t.home().join("config.toml");
    std::fs::write(&config, "[profiles.x]\nprovider = \"ping\"\n").unwrap();
    t.args(["-p", "x", "--config"])
        .arg(&config)
        .args(["cc", "--client-id", "c"])
        .env("OAUTHCTL_CLIENT_SECRET", "s")
        .code(2)
        .stderr_contains(
            "unknown provider 'ping' (known: entra, google, github, auth0, okta, keycloak)",
        )
        .run();
}

//! Protected resources (RFC 9728) and MCP servers, issue 15: a real MCP
//! server built with the official MCP TypeScript SDK
//! (`tests/mcp/server.mjs`: the SDK's `mcpAuthMetadataRouter` and
//! `requireBearerAuth`) with node oidc-provider as its authorization
//! server (dynamic registration on); `discover`, `login --resource` from
//! nothing but the MCP server's URL with the scripted browser playing the
//! user, then an authorized MCP `initialize`; `register` against
//! oidc-provider; and the faults no real server produces on demand.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::login::{AgentLog, agent_browser};
use crate::oidc_provider::Provider;
use crate::support::{Reply, Server, Test, free_port, in_home};

/// A running `node tests/mcp/server.mjs`, killed on drop.
struct Mcp {
    child: Child,
    url: String,
}

impl Mcp {
    /// oidc-provider with MCP_RESOURCE set, and the MCP server in front.
    fn start() -> (Provider, Mcp) {
        let port = free_port();
        let url = format!("http://127.0.0.1:{port}/mcp");
        let provider = Provider::start_with(&[("MCP_RESOURCE", Path::new(&url))]);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp");
        let mut child = Command::new("node")
            .arg(dir.join("server.mjs"))
            .current_dir(&dir)
            .env("ISSUER", provider.issuer())
            .env("PORT", port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("node tests/mcp/server.mjs (run scripts/test for npm ci)");
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out).lines();
            let _ = tx.send(lines.next());
            for _ in lines {}
        });
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Some(Ok(line))) if line == format!("listening {url}") => {}
            other => {
                let _ = child.kill();
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                panic!("the MCP server did not start ({other:?}):\n{err}");
            }
        }
        (provider, Mcp { child, url })
    }

    /// An MCP `initialize` over streamable HTTP (a JSON-RPC POST), with a
    /// token or none: the status, the WWW-Authenticate header and the body.
    fn initialize(&self, token: Option<&str>) -> (u16, Option<String>, Value) {
        let mut req = reqwest::blocking::Client::new()
            .post(&self.url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .body(
                json!({
                    "jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {
                        "protocolVersion": "2025-06-18",
                        "capabilities": {},
                        "clientInfo": {"name": "oauthctl-test", "version": "1"}
                    }
                })
                .to_string(),
            );
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().expect("POST /mcp");
        let status = resp.status().as_u16();
        let challenge = resp
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = resp.json().unwrap_or(Value::Null);
        (status, challenge, body)
    }
}

impl Drop for Mcp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn login_from_nothing_but_an_mcp_servers_url_then_an_authorized_initialize() {
    let (p, mcp) = Mcp::start();
    // Without a token the SDK's middleware answers 401 with its challenge.
    let (status, challenge, _) = mcp.initialize(None);
    assert_eq!(status, 401);
    let challenge = challenge.unwrap();
    assert!(challenge.contains("resource_metadata="), "{challenge}");

    let home = tempfile::tempdir().unwrap();
    let log = AgentLog::new();
    let out = in_home(home.path())
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log.path())
        .args(["login", "--resource", &mcp.url, "-o", "json"])
        .stderr_contains(format!(
            "Authorization server of {}: {}",
            mcp.url,
            p.issuer()
        ))
        .stderr_contains("Registered a public client at")
        .run();
    let v = out.json();
    assert_eq!(v["issuer"], p.issuer(), "{v:#}");
    assert_eq!(v["sub"], "alice", "{v:#}");
    // The scopes came from the resource's metadata (openid because
    // oidc-provider is an OpenID provider).
    let scope = v["scope"].as_str().unwrap();
    assert!(scope.split(' ').any(|s| s == "mcp:tools"), "{scope}");
    // The resource parameter was sent: the authorization URL carried it.
    let opened = log.wait_for("open");
    let url = opened["url"].as_str().unwrap();
    let q: Vec<(String, String)> = url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    assert!(q.contains(&("resource".into(), mcp.url.clone())), "{url}");
    assert!(
        q.contains(&("code_challenge_method".into(), "S256".into())),
        "{url}"
    );

    // `token --resource` finds that sign-in, and the MCP server takes it.
    let token = in_home(home.path())
        .args(["token", "--resource", &mcp.url])
        .run()
        .stdout
        .trim()
        .to_owned();
    let (status, _, body) = mcp.initialize(Some(&token));
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(
        body["result"]["serverInfo"]["name"], "oauthctl-test",
        "{body:#}"
    );
    // The SDK's own metadata router and bearer middleware, audited as a
    // protected resource over MCP: nothing to report.
    let probe = in_home(home.path())
        .args(["probe", "resource", &mcp.url, "--mcp", "--token", &token])
        .args(["--fail-on", "info", "-o", "json"])
        .run()
        .json();
    assert_eq!(probe["summary"]["vulnerable"], 0, "{probe:#}");
    assert_eq!(probe["summary"]["inconclusive"], 0, "{probe:#}");
    // Calibrated on the SDK's answers: 200 with the token, 401 without.
    assert_eq!(probe["calibration"]["accepted"]["status"], 200, "{probe:#}");
    assert!(
        probe["summary"]["not_vulnerable"].as_u64().unwrap() >= 5,
        "{probe:#}"
    );

    // A second login reuses the registration kept for the issuer.
    let log2 = AgentLog::new();
    in_home(home.path())
        .env("BROWSER", agent_browser())
        .env("AGENT_LOG", log2.path())
        .args(["login", "--resource", &mcp.url])
        .stderr_contains("registered earlier")
        .stderr_lacks("Registered a public client")
        .run();
    // The registration access token is in the store, mode 0600.
    let dir = home.path().join("state/oauthctl/registrations");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(files.len(), 2, "the login's and the client's entry");
    #[cfg(unix)]
    for f in files {
        use std::os::unix::fs::PermissionsExt;
        let meta = f.unwrap().metadata().unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn discover_an_mcp_server_walks_to_its_authorization_server() {
    let (p, mcp) = Mcp::start();
    let v = Test::new()
        .args(["discover", "--resource", &mcp.url, "-o", "json"])
        .run()
        .json();
    assert_eq!(v["resource"]["metadata"]["resource"], mcp.url.as_str());
    assert_eq!(v["resource"]["found"], "well_known");
    assert_eq!(
        v["resource"]["metadata"]["scopes_supported"],
        json!(["mcp:tools"])
    );
    let server = &v["authorization_servers"][0];
    assert_eq!(server["metadata"]["issuer"], p.issuer());
    let ids: Vec<&str> = server["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    // oidc-provider advertises S256, registration and RFC 9207 iss.
    for clean in [
        "mcp-pkce-not-advertised",
        "mcp-no-client-registration",
        "mcp-no-iss-parameter",
    ] {
        assert!(!ids.contains(&clean), "{ids:?}");
    }
    // Text.
    Test::new()
        .args(["discover", "--resource", &mcp.url])
        .stdout_contains("authorization servers")
        .stdout_contains(format!("Authorization server {}", p.issuer()))
        .run();
    // The URL taken for an issuer: the error, then a hint on how to ask
    // for a resource.
    let out = Test::new().args(["discover", &mcp.url]).code(3).run();
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines[0].starts_with("oauthctl: error: looking for the metadata of issuer"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains(&format!("oauthctl discover --resource {}", mcp.url)),
        "{}",
        out.stderr
    );
}

#[test]
fn register_create_show_update_delete_against_oidc_provider() {
    let p = Provider::start();
    let home = tempfile::tempdir().unwrap();
    let created = in_home(home.path())
        .args(["register", "--issuer", p.issuer(), "--name", "first"])
        .args(["--redirect-uri", "http://127.0.0.1/callback"])
        .args([
            "--grant-type",
            "authorization_code",
            "--auth-method",
            "none",
        ])
        .args(["-o", "json"])
        .run()
        .json();
    let client_id = created["client_id"].as_str().unwrap().to_owned();
    let rat = created["registration_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(created["token_endpoint_auth_method"], "none");

    // A -vv trace shows the exchanges with the token redacted, though the
    // -o json the user asked for carries it.
    let traced = in_home(home.path())
        .args(["-vv", "register", "show", "--issuer", p.issuer()])
        // `=`: a random client ID may start with '-', which clap would
        // take for an option.
        .arg(format!("--client-id={client_id}"))
        .args(["-o", "json"])
        .run();
    assert_eq!(traced.json()["registration_access_token"], rat.as_str());
    assert!(traced.stderr.contains("/reg/"), "{}", traced.stderr);
    assert!(!traced.stderr.contains(&rat), "{}", traced.stderr);

    // Text never shows the registration access token.
    let shown = in_home(home.path())
        .args([
            "register",
            "show",
            "--issuer",
            p.issuer(),
            &format!("--client-id={client_id}"),
        ])
        .stdout_contains(client_id.as_str())
        .stdout_lacks(rat.as_str())
        .run();
    assert!(
        shown.stdout.contains("kept in the store"),
        "{}",
        shown.stdout
    );

    in_home(home.path())
        .args([
            "register",
            "update",
            "--issuer",
            p.issuer(),
            &format!("--client-id={client_id}"),
        ])
        .args(["--name", "renamed"])
        .stdout_contains("renamed")
        .stdout_lacks(rat.as_str())
        .run();
    let again = in_home(home.path())
        .args([
            "register",
            "show",
            "--issuer",
            p.issuer(),
            &format!("--client-id={client_id}"),
        ])
        .args(["-o", "json"])
        .run()
        .json();
    assert_eq!(again["client_name"], "renamed");

    in_home(home.path())
        .args([
            "register",
            "delete",
            "--issuer",
            p.issuer(),
            &format!("--client-id={client_id}"),
        ])
        .stderr_contains("Deleted the registration")
        .run();
    // Gone from the server: the old token no longer reads it.
    in_home(home.path())
        .args([
            "register",
            "show",
            "--issuer",
            p.issuer(),
            &format!("--client-id={client_id}"),
        ])
        .arg(format!("--registration-access-token={rat}"))
        .args([
            "--registration-client-uri",
            &format!("{}/reg/{client_id}", p.issuer()),
        ])
        .code(4)
        .stderr_lacks(rat.as_str())
        .run();
}

#[test]
fn a_refused_registration_is_exit_4_with_its_description() {
    let p = Provider::start();
    // oidc-provider: implicit web clients must use https redirect URIs.
    Test::new()
        .args(["register", "--issuer", p.issuer()])
        .args([
            "--redirect-uri",
            "http://example.com/cb",
            "--grant-type",
            "implicit",
        ])
        .code(4)
        .stderr_contains("invalid_redirect_uri")
        .stderr_contains("https")
        .run();
}

// ---------------------------------------------------------------------------
// Faults (a test server: no real server does these on demand)
// ---------------------------------------------------------------------------

const WK: &str = "/.well-known/oauth-protected-resource";

#[test]
fn metadata_that_is_html_is_exit_3_saying_so() {
    let s = Server::new(|_, path| match path {
        p if p.starts_with(WK) => Reply::status(200, "text/html", "<html>login</html>"),
        _ => Reply::status(404, "text/plain", "no"),
    });
    Test::new()
        .args(["discover", "--resource", &format!("{}/mcp", s.url())])
        .code(3)
        .stderr_contains("expected JSON, got HTML")
        .run();
}

#[test]
fn not_found_at_both_well_known_locations_is_exit_3_naming_them() {
    let s = Server::new(|_, _| Reply::status(404, "text/plain", "no"));
    let out = Test::new()
        .args(["discover", "--resource", &format!("{}/mcp", s.url())])
        .code(3)
        .run();
    assert!(
        out.stderr
            .contains(&format!("HTTP 404 at {}{WK}/mcp", s.url())),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("HTTP 404 at {}{WK}", s.url())),
        "{}",
        out.stderr
    );
    let paths = s.paths();
    assert!(paths.contains(&format!("{WK}/mcp")), "{paths:?}");
    assert!(paths.contains(&WK.to_owned()), "{paths:?}");
}

#[test]
fn a_resource_mismatch_is_exit_3_with_both_values() {
    let s = Server::new(|_, path| match path {
        p if p.starts_with(WK) => Reply::json(json!({
            "resource": "https://elsewhere.example/mcp",
            "authorization_servers": ["{{base}}"],
        })),
        _ => Reply::status(404, "text/plain", "no"),
    });
    let url = format!("{}/mcp", s.url());
    Test::new()
        .args(["discover", "--resource", &url])
        .code(3)
        .stderr_contains("resource mismatch")
        .stderr_contains("\"https://elsewhere.example/mcp\"")
        .stderr_contains(format!("\"{url}\""))
        .run();
    // login refuses the same way, before any authorization server is asked.
    Test::new()
        .args(["login", "--resource", &url, "--no-browser"])
        .code(3)
        .stderr_contains("resource mismatch")
        .run();
}

#[test]
fn a_challenge_with_odd_quoting_still_leads_to_the_metadata() {
    // No metadata at the path-inserted URL; the 401's challenge names it,
    // with a quoted comma, an escaped quote, odd case and spacing, and a
    // second scheme first.
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let b = std::sync::Arc::clone(&base);
    let s = Server::new(move |_, path| {
        match path {
        "/mcp" => Reply::status(401, "application/json", "{}").header(
            "WWW-Authenticate",
            &format!(
                r#"Basic realm="a, \"b\"",   bEaReR  Realm = "x, y" ,error="invalid_token",RESOURCE_METADATA = "{}/meta/data""#,
                b.lock().unwrap()
            ),
        ),
        "/meta/data" => Reply::json(json!({
            "resource": "{{base}}/mcp",
            "authorization_servers": [],
            "scopes_supported": ["s1"],
            "bearer_methods_supported": ["header"],
        })),
        _ => Reply::status(404, "text/plain", "no"),
    }
    });
    *base.lock().unwrap() = s.url().to_owned();
    let v = Test::new()
        .args([
            "discover",
            "--resource",
            &format!("{}/mcp", s.url()),
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(v["resource"]["found"], "challenge", "{v:#}");
    assert_eq!(
        v["resource"]["metadata_url"],
        format!("{}/meta/data", s.url())
    );
    let ids: Vec<&str> = v["resource"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["no-authorization-servers"], "{v:#}");
}

#[test]
fn a_registration_endpoint_answering_invalid_redirect_uri_is_exit_4() {
    let s = Server::new(|method, path| match (method, path) {
        (_, p) if p == format!("{WK}/mcp") => Reply::json(json!({
            "resource": "{{base}}/mcp",
            "authorization_servers": ["{{base}}"],
        })),
        (_, "/.well-known/oauth-authorization-server") => Reply::json(json!({
            "issuer": "{{base}}",
            "authorization_endpoint": "{{base}}/authorize",
            "token_endpoint": "{{base}}/token",
            "registration_endpoint": "{{base}}/register",
            "code_challenge_methods_supported": ["S256"],
        })),
        ("POST", "/register") => Reply::status(
            400,
            "application/json",
            json!({
                "error": "invalid_redirect_uri",
                "error_description": "loopback redirect URIs are not allowed",
            })
            .to_string(),
        ),
        _ => Reply::status(404, "text/plain", "no"),
    });
    Test::new()
        .args([
            "login",
            "--resource",
            &format!("{}/mcp", s.url()),
            "--no-browser",
        ])
        .code(4)
        .stderr_contains("invalid_redirect_uri")
        .stderr_contains("loopback redirect URIs are not allowed")
        .run();
    let reg = s
        .requests()
        .into_iter()
        .find(|r| r.path == "/register")
        .unwrap();
    let body: Value = serde_json::from_str(&reg.body).unwrap();
    assert_eq!(body["token_endpoint_auth_method"], "none");
    assert_eq!(body["application_type"], "native");
    assert_eq!(body["redirect_uris"][0], "http://127.0.0.1/callback");
}

#[test]
fn device_from_nothing_but_an_mcp_servers_url() {
    let (p, mcp) = Mcp::start();
    let home = tempfile::tempdir().unwrap();
    let mut cmd = crate::support::clean_command(home.path());
    cmd.args(["device", "--resource", &mcp.url, "-o", "json"]);
    let log = AgentLog::new();
    let out = crate::support::device_approved_by(cmd, |complete| {
        let agent = Command::new("node")
            .arg(crate::oidc_provider::provider_dir().join("agent.mjs"))
            .args(["device", complete, "approve"])
            .env("AGENT_LOG", log.path())
            .status()
            .unwrap();
        assert!(agent.success(), "the agent failed: {:#?}", log.entries());
    });
    assert_eq!(out.code, 0, "stderr:\n{}", out.stderr);
    assert!(
        out.stderr.contains("Registered a public client at"),
        "{}",
        out.stderr
    );
    let v = out.json();
    assert_eq!(v["issuer"], p.issuer(), "{v:#}");
    assert!(
        v["scope"]
            .as_str()
            .unwrap()
            .split(' ')
            .any(|s| s == "mcp:tools"),
        "{v:#}"
    );
}

#[test]
fn several_authorization_servers_the_first_is_used_and_said_so() {
    let s = Server::new(|method, path| match (method, path) {
        (_, p) if p == format!("{WK}/mcp") => Reply::json(json!({
            "resource": "{{base}}/mcp",
            "authorization_servers": ["{{base}}", "https://second.example"],
            "scopes_supported": ["files:read"],
        })),
        (_, "/.well-known/oauth-authorization-server") => Reply::json(json!({
            "issuer": "{{base}}",
            "authorization_endpoint": "{{base}}/authorize",
            "token_endpoint": "{{base}}/token",
            "registration_endpoint": "{{base}}/register",
            "code_challenge_methods_supported": ["S256"],
        })),
        ("POST", "/register") => Reply::json(json!({"client_id": "reg-1"})),
        _ => Reply::status(404, "text/plain", "no"),
    });
    let url = format!("{}/mcp", s.url());
    let out = Test::new()
        .args([
            "login",
            "--resource",
            &url,
            "--no-browser",
            "--login-timeout",
            "1",
        ])
        .code(5)
        .stderr_contains("names 2 authorization servers")
        .stderr_contains("--issuer chooses another")
        .run();
    // Not an OpenID provider: no openid scope, the resource's scopes, and
    // the resource parameter, in the URL printed for the user.
    assert!(out.stderr.contains("client_id=reg-1"), "{}", out.stderr);
    assert!(out.stderr.contains("scope=files%3Aread&"), "{}", out.stderr);
    assert!(!out.stderr.contains("openid"), "{}", out.stderr);
    assert!(out.stderr.contains("resource=http"), "{}", out.stderr);
}

#[test]
fn register_refuses_to_send_a_private_key_set() {
    let t = Test::new();
    let jwks = t.home().join("private.jwks.json");
    std::fs::write(
        &jwks,
        json!({"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "d": "secret-d"}]})
            .to_string(),
    )
    .unwrap();
    // Refused before any request: the issuer is not even reachable.
    t.args(["register", "--issuer", "http://127.0.0.1:9", "--jwks"])
        .arg(&jwks)
        .code(2)
        .stderr_contains("holds private keys")
        .stderr_lacks("secret-d")
        .run();
}

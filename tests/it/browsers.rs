//! Integration tests: the loopback redirect and the browser, with
//! `--browser-command` (or a `wslview` on PATH) pointing at a recorder that
//! stands in for the browser (tests/data/browser-recorder.mjs), and
//! provider-shaped local servers (GitHub, Google, Entra ID) that answer as
//! their documentation says.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

use crate::support::{Reply, Server, Test, data_dir, free_port};

const TID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// Where the recorder writes, and the command that runs it.
struct Recorder {
    _dir: tempfile::TempDir,
    log: PathBuf,
}

impl Recorder {
    fn new() -> Recorder {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("browser.log");
        Recorder { _dir: dir, log }
    }

    fn command(&self) -> String {
        format!("node {}", data_dir().join("browser-recorder.mjs").display())
    }

    /// Run `test` with the recorder as its browser, following redirects.
    fn attach(&self, test: Test) -> Test {
        test.env("RECORDER_LOG", &self.log)
            .env("RECORDER_FOLLOW", "1")
    }

    /// The recorded lines; waits (up to 20 s) until `lines` are there, as
    /// the recorder finishes in the background.
    #[track_caller]
    fn entries(&self, lines: usize) -> Vec<Value> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let text = std::fs::read_to_string(&self.log).unwrap_or_default();
            let entries: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            if entries.len() >= lines || std::time::Instant::now() > deadline {
                return entries;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// The URL the browser was asked to open.
    #[track_caller]
    fn opened(&self) -> url::Url {
        let e = self.entries(1);
        assert!(!e.is_empty(), "the browser command never ran");
        url::Url::parse(e[0]["url"].as_str().unwrap()).unwrap()
    }
}

fn query(url: &url::Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// An authorization endpoint that approves at once (redirects back with a
/// code) or denies (with `error=access_denied`), as providers do.
fn authorize(path_and_query: &str, approve: bool) -> Reply {
    let u = url::Url::parse(&format!("http://x{path_and_query}")).unwrap();
    let redirect = query(&u, "redirect_uri").unwrap_or_default();
    let state = query(&u, "state").unwrap_or_default();
    let outcome = if approve {
        "code=the-code".to_owned()
    } else {
        "error=access_denied&error_description=The+user+said+no".to_owned()
    };
    Reply::status(302, "text/plain", "").header(
        "Location",
        &format!("{redirect}?{outcome}&state={}", urlencode(&state)),
    )
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// GitHub: authorize and token endpoints under /login/oauth, no discovery,
/// form-encoded token responses.
fn github() -> Server {
    Server::new(|_, path| {
        if path.starts_with("/login/oauth/authorize?") {
            authorize(path, true)
        } else if path == "/login/oauth/access_token" {
            Reply::status(
                200,
                "application/x-www-form-urlencoded",
                "access_token=gho_abc123&scope=repo&token_type=bearer",
            )
        } else {
            Reply::status(404, "text/html", "<html>Not Found</html>")
        }
    })
}

#[test]
fn github_login_with_no_discovery_and_a_form_encoded_answer() {
    let server = github();
    let rec = Recorder::new();
    let out = rec
        .attach(Test::new())
        .args(["login", "--provider", "github", "--domain", server.url()])
        .args([
            "--client-id",
            "Iv1.abc",
            "--browser-command",
            &rec.command(),
        ])
        .args(["-o", "json", "--login-timeout", "60"])
        .env("OAUTHCTL_CLIENT_SECRET", "gh-secret")
        .run();
    let v = out.json();
    assert_eq!(v["scope"], "repo");
    assert_eq!(v["token_type"], "Bearer");
    let opened = rec.opened();
    assert_eq!(opened.path(), "/login/oauth/authorize");
    // GitHub is not OpenID Connect: no openid scope, no nonce.
    assert_eq!(query(&opened, "scope"), None);
    assert_eq!(query(&opened, "nonce"), None);
    assert_eq!(
        query(&opened, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert!(
        !server.paths().iter().any(|p| p.contains("well-known")),
        "no discovery: {:?}",
        server.paths()
    );
    let token = server
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap();
    assert_eq!(token.param("code").as_deref(), Some("the-code"));
    assert_eq!(token.header("accept"), Some("application/json"));
}

/// GitHub's device flow: its own endpoints, `authorization_pending` in a
/// 200 answer, then the token.
#[test]
fn github_device_flow_with_pending_in_a_200() {
    let polls = Arc::new(AtomicUsize::new(0));
    let p = Arc::clone(&polls);
    let server = Server::new(move |_, path| match path {
        "/login/device/code" => Reply::json(json!({
            "device_code": "3584d83530557fdd1f46af8289938c8ef79f9dc5",
            "user_code": "WDJB-MJHT",
            "verification_uri": "{{base}}/login/device",
            "expires_in": 899, "interval": 1
        })),
        "/login/oauth/access_token" => {
            if p.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::json(json!({
                    "error": "authorization_pending",
                    "error_description": "The authorization request is still pending.",
                    "error_uri": "https://docs.github.com"
                }))
            } else {
                Reply::json(json!({
                    "access_token": "gho_device", "token_type": "bearer", "scope": "repo"
                }))
            }
        }
        _ => Reply::status(404, "text/html", "<html>Not Found</html>"),
    });
    Test::new()
        .args(["device", "--provider", "github", "--domain", server.url()])
        .args(["--client-id", "Iv1.abc", "--no-qr", "-o", "json"])
        .stderr_contains("WDJB-MJHT")
        .stderr_contains(format!("{}/login/device", server.url()))
        .stdout_contains("\"scope\": \"repo\"")
        .run();
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert_eq!(
        server.paths(),
        vec![
            "/login/device/code",
            "/login/oauth/access_token",
            "/login/oauth/access_token"
        ]
    );
}

fn google_profile(dir: &std::path::Path, server: &Server) -> PathBuf {
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.google]\nprovider = \"google\"\nclient_id = \"x.apps.googleusercontent.com\"\n\
             authorization_endpoint = \"{0}/o/oauth2/v2/auth\"\n\
             token_endpoint = \"{0}/token\"\ndevice_authorization_endpoint = \"{0}/device/code\"\n",
            server.url()
        ),
    )
    .unwrap();
    config
}

/// Google gives a refresh token only for `access_type=offline` with
/// `prompt=consent`; the preset asks for both, and `--prompt` still wins.
#[test]
fn google_login_asks_for_offline_access_and_consent() {
    let server = Server::new(|_, path| {
        if path.starts_with("/o/oauth2/v2/auth?") {
            authorize(path, false)
        } else {
            Reply::status(404, "text/html", "<html>404</html>")
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let config = google_profile(dir.path(), &server);
    for (extra, prompt) in [
        (None, "consent"),
        (Some("select_account"), "select_account"),
    ] {
        let rec = Recorder::new();
        let mut t = rec
            .attach(Test::new())
            .args(["-p", "google", "--config"])
            .arg(&config)
            .args(["login", "--browser-command", &rec.command()]);
        if let Some(p) = extra {
            t = t.args(["--prompt", p]);
        }
        t.code(4)
            .stderr_contains("access_denied (The user said no)")
            .run();
        let opened = rec.opened();
        assert_eq!(query(&opened, "access_type").as_deref(), Some("offline"));
        assert_eq!(query(&opened, "prompt").as_deref(), Some(prompt));
        assert_eq!(
            opened.query_pairs().filter(|(k, _)| k == "prompt").count(),
            1
        );
        assert_eq!(
            query(&opened, "scope").as_deref(),
            Some("openid email profile")
        );
    }
    assert!(!server.paths().iter().any(|p| p.contains("well-known")));
}

/// Google's device endpoint is not in its discovery document, and its
/// answer spells `verification_url`; pending polls come back as 428.
#[test]
fn google_device_flow_at_its_own_endpoint() {
    let polls = Arc::new(AtomicUsize::new(0));
    let p = Arc::clone(&polls);
    let server = Server::new(move |_, path| match path {
        "/device/code" => Reply::json(json!({
            "device_code": "AH-1Ng", "user_code": "GQVQ-JKEC",
            "verification_url": "https://www.google.com/device",
            "expires_in": 1800, "interval": 1
        })),
        "/token" => {
            if p.fetch_add(1, Ordering::SeqCst) == 0 {
                Reply::status(
                    428,
                    "application/json",
                    r#"{"error":"authorization_pending","error_description":"Precondition Required"}"#,
                )
            } else {
                Reply::json(json!({
                    "access_token": "ya29.a0", "expires_in": 3599, "token_type": "Bearer",
                    "scope": "https://www.googleapis.com/auth/userinfo.email",
                    "refresh_token": "1//0g"
                }))
            }
        }
        _ => Reply::status(404, "text/html", "<html>404</html>"),
    });
    let dir = tempfile::tempdir().unwrap();
    let config = google_profile(dir.path(), &server);
    Test::new()
        .args(["-p", "google", "--config"])
        .arg(&config)
        .args(["device", "--no-qr", "--scope", "email", "-o", "json"])
        .env("OAUTHCTL_CLIENT_SECRET", "GOCSPX-secret")
        .stderr_contains("https://www.google.com/device")
        .stderr_contains("GQVQ-JKEC")
        .stdout_contains("\"refresh_token\": true")
        .run();
    assert_eq!(polls.load(Ordering::SeqCst), 2);
}

fn entra() -> Server {
    Server::new(|_, path| {
        if path.starts_with(&format!("/{TID}/oauth2/v2.0/authorize?")) {
            authorize(path, false)
        } else {
            Reply::status(404, "application/json", r#"{"error":"not_found"}"#)
        }
    })
}

/// Entra ID registers loopback redirect URIs as http://localhost: the
/// preset uses that host (the listener stays on 127.0.0.1), and
/// `--redirect-host` overrides it.
#[test]
fn entra_redirects_to_localhost_and_the_flag_wins() {
    let server = entra();
    for (flag, host) in [(None, "localhost"), (Some("127.0.0.1"), "127.0.0.1")] {
        let rec = Recorder::new();
        let mut t = rec
            .attach(Test::new())
            .args(["login", "--provider", "entra", "--tenant", TID, "--domain"])
            .arg(server.url())
            .args(["--client-id", "app", "--browser-command", &rec.command()]);
        if let Some(h) = flag {
            t = t.args(["--redirect-host", h]);
        }
        t.code(4).stderr_contains("access_denied").run();
        let redirect = query(&rec.opened(), "redirect_uri").unwrap();
        let r = url::Url::parse(&redirect).unwrap();
        assert_eq!(r.host_str(), Some(host), "{redirect}");
        assert_eq!(r.path(), "/callback");
        // The browser came back to the listener and saw its error page.
        let entries = rec.entries(2);
        assert_eq!(entries[1]["status"], 400, "{entries:?}");
    }
}

/// A busy fixed port is a clear error naming the port and what to do; a
/// list of ports falls back to the next free one.
#[test]
fn a_busy_port_and_fallback_ports() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_port = busy.local_addr().unwrap().port();
    let base = [
        "login",
        "--provider",
        "github",
        "--domain",
        "http://127.0.0.1:9",
        "--client-id",
        "c",
        "--no-browser",
    ];
    Test::new()
        .args(base)
        .args(["--port", &busy_port.to_string()])
        .code(2)
        .stderr_contains(format!("port {busy_port} on 127.0.0.1 is in use"))
        .stderr_contains("--port 8400,8401 tries each in turn")
        .run();
    let free = free_port();
    Test::new()
        .args(base)
        .args([
            "--port",
            &format!("{busy_port},{free}"),
            "--login-timeout",
            "1",
        ])
        .code(5)
        .stderr_contains(format!(
            "redirect_uri=http%3A%2F%2F127.0.0.1%3A{free}%2Fcallback"
        ))
        .run();
    drop(busy);
}

/// Over SSH no browser is tried: the URL is printed with the two ways
/// forward, `device` and an `ssh -L` for the listener's port.
#[test]
fn over_ssh_the_url_comes_with_device_and_port_forwarding() {
    let port = free_port();
    Test::new()
        .args([
            "login",
            "--provider",
            "github",
            "--domain",
            "http://127.0.0.1:9",
        ])
        .args(["--client-id", "c", "--port", &port.to_string()])
        .args(["--login-timeout", "1"])
        .env("SSH_CONNECTION", "10.0.0.1 50000 10.0.0.2 22")
        .env("DISPLAY", ":0")
        .code(5)
        .stderr_contains("this is an SSH session")
        .stderr_contains("oauthctl device")
        .stderr_contains(format!("ssh -L {port}:127.0.0.1:{port}"))
        .stderr_contains("http://127.0.0.1:9/login/oauth/authorize?")
        .run();
}

/// `--short-url` shows (and opens) http://127.0.0.1:PORT/, which
/// redirects to the long authorization URL.
#[test]
fn a_short_local_url_redirects_to_the_authorization_url() {
    let server = github();
    let rec = Recorder::new();
    let port = free_port();
    let short = format!("http://127.0.0.1:{port}/");
    rec.attach(Test::new())
        .args(["login", "--provider", "github", "--domain", server.url()])
        .args([
            "--client-id",
            "Iv1.abc",
            "--browser-command",
            &rec.command(),
        ])
        .args(["--short-url", "--port", &port.to_string()])
        .env("OAUTHCTL_CLIENT_SECRET", "gh-secret")
        .stderr_contains(format!("open:\n\n  {short}\n"))
        .stderr_lacks("/login/oauth/authorize?")
        .run();
    assert_eq!(rec.opened().as_str(), short);
    let entries = rec.entries(2);
    assert_eq!(entries[1]["status"], 200, "{entries:?}");
}

/// On WSL, wslview opens the Windows browser (here a wslview on PATH that
/// hands the URL to the recorder and returns, as the real one does), even
/// without DISPLAY.
#[test]
fn on_wsl_wslview_opens_the_url() {
    let server = github();
    let rec = Recorder::new();
    let bin = tempfile::tempdir().unwrap();
    let wslview = bin.path().join("wslview");
    std::fs::write(&wslview, format!("#!/bin/sh\n{} \"$1\" &\n", rec.command())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wslview, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    rec.attach(Test::new())
        .args(["login", "--provider", "github", "--domain", server.url()])
        .args(["--client-id", "Iv1.abc"])
        .env("PATH", path)
        .env("WSL_DISTRO_NAME", "Debian")
        .env("OAUTHCTL_CLIENT_SECRET", "gh-secret")
        .stderr_contains("Opened the browser")
        .run();
    assert_eq!(rec.opened().path(), "/login/oauth/authorize");
}

/// The command's own output goes to stderr: stdout stays oauthctl's.
#[test]
fn a_browser_commands_output_stays_off_stdout() {
    let server = github();
    let rec = Recorder::new();
    let cmd = format!("echo BROWSER-SAID-THIS; {}", rec.command());
    rec.attach(Test::new())
        .args(["login", "--provider", "github", "--domain", server.url()])
        .args(["--client-id", "Iv1.abc", "--browser-command", &cmd])
        .env("OAUTHCTL_CLIENT_SECRET", "gh-secret")
        .stdout_lacks("BROWSER-SAID-THIS")
        .run();
    assert_eq!(rec.entries(1)[0]["argc"], 1, "the URL is one argument");
}

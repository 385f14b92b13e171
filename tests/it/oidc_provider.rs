//! Integration tests against a real, independent OpenID provider:
//! node `oidc-provider` (OpenID Certified), pinned in
//! `tests/provider/package.json` and configured in
//! `tests/provider/server.mjs` (clients, demo user, resource server).
//!
//! `scripts/test` installs it (`npm ci`); each test starts its own provider
//! on a free loopback port and stops it when done.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::Value;

use crate::support::Test;

/// The resource server of the provider's config: its access tokens are
/// RFC 9068 JWTs with this audience.
pub const API: &str = "urn:oauthctl:api";

/// How long the provider may take to print its `listening` line before it
/// is started once more. A normal start takes under half a second. Starts
/// used to hang in a node deadlock during key generation (2% of them; see
/// `signingKey` in tests/provider/server.mjs, now avoided); the restart
/// stays for whatever else could stall a start on a loaded machine.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// `tests/provider`, the provider's package.
pub fn provider_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/provider")
}

/// A running `node tests/provider/server.mjs`, killed on drop.
pub struct Provider {
    child: Child,
    issuer: String,
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<JoinHandle<()>>,
}

impl Provider {
    /// Start a fresh provider on a free port and wait until it listens.
    /// Panics, with the provider's stderr, if it does not start.
    pub fn start() -> Provider {
        Provider::start_with(&[])
    }

    /// [`Provider::start`] with extra environment variables (e.g. the
    /// `MTLS_*` files of server.mjs).
    pub fn start_with(env: &[(&str, &Path)]) -> Provider {
        Provider::start_attempt(env, 1)
    }

    /// One start; a provider that prints nothing in time is killed and
    /// started once more (on a loaded machine a node start has been seen
    /// to hang before it listened), and fails the test the second time.
    fn start_attempt(env: &[(&str, &Path)], attempt: u32) -> Provider {
        let dir = provider_dir();
        let mut child = Command::new("node")
            .arg(dir.join("server.mjs"))
            .current_dir(&dir)
            .envs(env.iter().map(|(k, v)| (*k, *v)))
            .env("PORT", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `node` for the test OpenID provider ({e}); \
                     install Node.js (20.18 or later) and run scripts/test"
                )
            });

        // Both pipes are drained by threads for the provider's whole life, so
        // it never blocks on a full pipe; stderr is kept for panic messages.
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().expect("stderr piped");
        let sink = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("lock")
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out_pipe = child.stdout.take().expect("stdout piped");
        std::thread::spawn(move || {
            let mut lines = BufReader::new(out_pipe).lines();
            let first = lines.next();
            let _ = tx.send(first);
            for _ in lines {}
        });

        let mut provider = Provider {
            child,
            issuer: String::new(),
            stderr,
            stderr_reader: Some(stderr_reader),
        };
        let line = match rx.recv_timeout(START_TIMEOUT) {
            Ok(Some(Ok(line))) => line,
            Ok(_) => provider.fail("exited (or closed stdout) before listening"),
            Err(_) if attempt == 1 => {
                let _ = provider.child.kill();
                let _ = provider.child.wait();
                eprintln!(
                    "the test OpenID provider printed no `listening` line within \
                     {START_TIMEOUT:?}; starting it once more"
                );
                return Provider::start_attempt(env, 2);
            }
            Err(_) => provider.fail(&format!(
                "printed no `listening` line within {START_TIMEOUT:?}, twice"
            )),
        };
        match line.strip_prefix("listening ") {
            Some(issuer) if issuer.starts_with("http://127.0.0.1:") => {
                provider.issuer = issuer.to_owned();
            }
            _ => provider.fail(&format!("printed {line:?} instead of `listening URL`")),
        }
        provider
    }

    /// Kill the provider and panic with what it printed on stderr.
    #[track_caller]
    fn fail(&mut self, what: &str) -> ! {
        let _ = self.child.kill();
        let status = match self.child.wait() {
            Ok(status) => status.to_string(),
            Err(e) => format!("unknown ({e})"),
        };
        // The pipe closes with the process: read all it said.
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        let stderr = self.stderr.lock().expect("lock").clone();
        let hint = if !provider_dir().join("node_modules/oidc-provider").exists() {
            "\nhint: tests/provider/node_modules is missing; run scripts/test \
             (it runs `npm ci` in tests/provider)"
        } else {
            ""
        };
        panic!(
            "the test OpenID provider (node tests/provider/server.mjs) {what}; \
             {status}{hint}\n--- its stderr\n{stderr}"
        );
    }

    /// `http://127.0.0.1:PORT`, also the base of every endpoint.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The provider's discovery document, fetched directly.
    pub fn metadata(&self) -> Value {
        http()
            .get(format!("{}/.well-known/openid-configuration", self.issuer))
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("provider metadata")
    }

    /// A client-credentials access token (an RFC 9068 JWT for `resource`)
    /// for a `client_secret_basic` client, fetched directly from the token
    /// endpoint, not through oauthctl.
    pub fn client_credentials(
        &self,
        client: &str,
        secret: &str,
        resource: &str,
        scope: &str,
    ) -> String {
        // reqwest's `form` feature is off in this crate; encode by hand.
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("resource", resource)
            .append_pair("scope", scope)
            .finish();
        let body: Value = http()
            .post(format!("{}/token", self.issuer))
            .basic_auth(client, Some(secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("client_credentials token response");
        assert_eq!(body["token_type"], "Bearer", "{body:#}");
        body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access_token in {body:#}"))
            .to_owned()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("http client")
}

#[test]
fn the_provider_starts_and_serves_its_metadata() {
    let p = Provider::start();
    let doc = p.metadata();
    assert_eq!(doc["issuer"], p.issuer());
    assert_eq!(doc["token_endpoint"], format!("{}/token", p.issuer()));
}

#[test]
fn discover_finds_nothing_high_or_critical() {
    let p = Provider::start();
    let v = Test::new()
        .args(["discover", "-o", "json", p.issuer()])
        .run()
        .json();
    assert_eq!(v["metadata"]["issuer"], p.issuer(), "{v:#}");
    let findings = v["findings"].as_array().expect("findings array");
    let serious: Vec<_> = findings
        .iter()
        .filter(|f| matches!(f["severity"].as_str(), Some("high" | "critical")))
        .collect();
    assert!(
        serious.is_empty(),
        "high or critical findings: {serious:#?}"
    );
}

#[test]
fn jwks_lists_an_rs256_key() {
    let p = Provider::start();
    let out = Test::new().args(["jwks", p.issuer()]).run();
    // Rows are `INDEX KID KTY ALG USE SIZE ...`, spaced into columns.
    let rs256 = out.stdout.lines().any(|l| {
        let words: Vec<_> = l.split_whitespace().collect();
        words.len() > 4 && words[2..5] == ["RSA", "RS256", "sig"]
    });
    assert!(rs256, "no RS256 signing key in:\n{}", out.stdout);
}

#[test]
fn a_client_credentials_token_validates_against_the_issuer() {
    let p = Provider::start();
    let token = p.client_credentials("svc-basic", "svc-basic-secret", API, "api:read");
    let validate = |audience: &str| {
        Test::new().args([
            "validate",
            "--issuer",
            p.issuer(),
            "--audience",
            audience,
            "--typ",
            "at+jwt",
            "--scope",
            "api:read",
            &token,
        ])
    };
    // The verdict is the report's last line.
    let verdict = |out: &crate::support::Output| {
        out.stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .to_owned()
    };
    let ok = validate(API).run();
    assert!(verdict(&ok).starts_with("VALID"), "{}", ok.stdout);
    let bad = validate("wrong").code(1).run();
    let last = verdict(&bad);
    assert!(
        last.starts_with("INVALID") && last.contains("aud"),
        "{}",
        bad.stdout
    );
}

/// Test-only fixtures of tests/provider/server.mjs.
impl Provider {
    /// Token requests that reached the provider, by grant type.
    pub fn counts(&self) -> Value {
        http()
            .get(format!("{}/__test/counts", self.issuer))
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("provider counts")
    }

    /// How many refresh-token grants reached the provider.
    pub fn refresh_count(&self) -> u64 {
        self.counts()["refresh_token"].as_u64().unwrap_or(0)
    }

    /// A real login of alice at the public client `cli`: a device
    /// authorization, approved through the provider's test-only fixture,
    /// then the device-code grant at the real token endpoint. The token
    /// response (access, refresh and ID tokens).
    pub fn device_login(&self, scope: &str) -> Value {
        let form = |pairs: &[(&str, &str)]| {
            let mut s = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in pairs {
                s.append_pair(k, v);
            }
            s.finish()
        };
        let post = |path: &str, body: String| {
            http()
                .post(format!("{}{path}", self.issuer))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .expect("provider request")
        };
        let auth: Value = post(
            "/device/auth",
            form(&[("client_id", "cli"), ("scope", scope)]),
        )
        .error_for_status()
        .and_then(|r| r.json())
        .expect("device authorization");
        let user_code = auth["user_code"].as_str().expect("user_code");
        let approved = post("/__test/approve-device", form(&[("user_code", user_code)]));
        assert_eq!(approved.status().as_u16(), 204, "approve-device fixture");
        let device_code = auth["device_code"].as_str().expect("device_code");
        let tokens: Value = post(
            "/token",
            form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", device_code),
                ("client_id", "cli"),
            ]),
        )
        .json()
        .expect("token response");
        assert!(tokens["refresh_token"].is_string(), "{tokens:#}");
        tokens
    }

    /// RFC 7662 introspection of `token` by the confidential `svc-basic`.
    pub fn introspect(&self, token: &str) -> Value {
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", token)
            .finish();
        http()
            .post(format!("{}/token/introspection", self.issuer))
            .basic_auth("svc-basic", Some("svc-basic-secret"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.json())
            .expect("introspection response")
    }
}

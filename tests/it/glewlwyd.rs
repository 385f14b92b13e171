//! Integration tests against a second, independent OpenID provider:
//! Glewlwyd 2.7 from the Debian package `glewlwyd` (C, libulfius), so that
//! oauthctl is not only ever checked against node oidc-provider.
//!
//! Each test starts its own glewlwyd on a free loopback port in a temporary
//! directory: a fresh SQLite database from the schema that ships in the
//! package, the configuration `tests/glewlwyd/glewlwyd.conf.in`, then,
//! through glewlwyd's admin REST API (as the schema's `admin`), the OpenID
//! Connect plugin of `tests/glewlwyd/oidc-plugin.json` with a fresh RSA key,
//! a scope, a user and two clients. The test then plays the user over HTTP
//! (glewlwyd's session cookie, as its login page would) where a flow needs
//! one, and stops glewlwyd when done.
//!
//! `scripts/test` installs the package (`need_command glewlwyd glewlwyd`).

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Output, Test, clean_command, free_port, openssl};

/// How long glewlwyd may take to answer after it is started (generous: the
/// suite runs in parallel on small machines).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a flow may take once the user has done their part.
const FLOW_TIMEOUT: Duration = Duration::from_secs(60);

/// The SQLite schema in the Debian package (with the `admin` user, password
/// `password`, and the `g_admin`, `g_profile` and `openid` scopes). The
/// same file as /usr/share/doc/glewlwyd/database/init.sqlite3.sql.gz, but
/// outside /usr/share/doc, which minimal images often leave out.
const SCHEMA: &str = "/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3";

const ADMIN: &str = "admin";
const ADMIN_PASSWORD: &str = "password";

/// The demo user and what it may be given.
const USER: &str = "alice";
const USER_PASSWORD: &str = "alice-password-0123";
const USER_SCOPE: &str = "openid test-scope";

/// The scope of the tests, the only one a machine client may get.
const SCOPE: &str = "test-scope";

/// Confidential clients for the client-credentials grant: `svc` may only
/// authenticate with client_secret_basic, `svc-post` only with
/// client_secret_post (glewlwyd holds clients to their methods).
const SVC: &str = "svc";
const SVC_POST: &str = "svc-post";
const SVC_SECRET: &str = "svc-secret-0123456789";

/// A public client (PKCE, no secret) for `login`, `device` and `refresh`.
const CLI: &str = "cli";

/// `tests/glewlwyd`, the configuration templates.
fn glewlwyd_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/glewlwyd")
}

fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        // The test looks at each redirect: some are the answer (the
        // loopback callback), others mean the user is not signed in.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("http client")
}

/// A running glewlwyd with its OpenID Connect plugin, user and clients;
/// killed on drop.
pub struct Glewlwyd {
    child: Child,
    dir: tempfile::TempDir,
    /// `http://127.0.0.1:PORT`
    base: String,
    /// The loopback ports of `cli`'s redirect URIs (glewlwyd wants them
    /// exact): oauthctl takes the first free one (`--port P1,P2,P3`).
    redirect_ports: Vec<u16>,
}

impl Glewlwyd {
    /// Start a fresh glewlwyd and set it up; panics, with its log, if it
    /// does not start or refuses the setup.
    pub fn start() -> Glewlwyd {
        // A port taken between free_port() and glewlwyd's bind is retried.
        for attempt in 1..=3 {
            match Glewlwyd::try_start() {
                Ok(g) => return g.setup(),
                Err(log) if attempt < 3 && log.contains("Address already in use") => continue,
                Err(log) => panic!("{log}"),
            }
        }
        unreachable!("the last attempt returns or panics")
    }

    /// Start glewlwyd and wait until it answers; Err(message) if it exits
    /// before that (the message holds its log).
    fn try_start() -> Result<Glewlwyd, String> {
        let schema = Path::new(SCHEMA);
        assert!(
            schema.exists(),
            "{SCHEMA} is missing: install the Debian package glewlwyd \
             (scripts/test does: need_command glewlwyd glewlwyd)"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("glewlwyd.sqlite3");
        let init = Command::new("sqlite3")
            .arg(&db)
            .stdin(File::open(schema).expect("open the glewlwyd schema"))
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run sqlite3 ({e}); install the Debian package sqlite3")
            });
        assert!(
            init.status.success(),
            "sqlite3 {} < {SCHEMA}: {}",
            db.display(),
            String::from_utf8_lossy(&init.stderr)
        );

        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let template = std::fs::read_to_string(glewlwyd_dir().join("glewlwyd.conf.in"))
            .expect("tests/glewlwyd/glewlwyd.conf.in");
        let conf = template
            .replace("@PORT@", &port.to_string())
            .replace("@EXTERNAL_URL@", &base)
            .replace("@DATABASE@", db.to_str().expect("a UTF-8 temp path"));
        let conf_path = dir.path().join("glewlwyd.conf");
        std::fs::write(&conf_path, conf).expect("write glewlwyd.conf");

        let log = File::create(dir.path().join("glewlwyd.log")).expect("glewlwyd.log");
        let child = Command::new("glewlwyd")
            .arg("--config-file")
            .arg(&conf_path)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run `glewlwyd` ({e}); install the Debian package glewlwyd \
                     (scripts/test does)"
                )
            });
        let mut g = Glewlwyd {
            child,
            dir,
            base,
            redirect_ports: (0..3).map(|_| free_port()).collect(),
        };

        let deadline = Instant::now() + START_TIMEOUT;
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("http client");
        loop {
            if let Ok(Some(status)) = g.child.try_wait() {
                return Err(format!(
                    "glewlwyd exited ({status}) before answering\n--- its log\n{}",
                    g.log()
                ));
            }
            let ready = client
                .get(format!("{}/config/", g.base))
                .send()
                .is_ok_and(|r| r.status().is_success());
            if ready {
                return Ok(g);
            }
            if Instant::now() > deadline {
                g.fail(&format!(
                    "did not answer on {} within {START_TIMEOUT:?}",
                    g.base
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What glewlwyd logged so far.
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("glewlwyd.log")).unwrap_or_default()
    }

    /// Kill glewlwyd and panic with its log.
    #[track_caller]
    fn fail(&mut self, what: &str) -> ! {
        let _ = self.child.kill();
        let _ = self.child.wait();
        panic!("glewlwyd {what}\n--- its log\n{}", self.log());
    }

    /// The OpenID Connect plugin's issuer (and the base of its endpoints).
    pub fn issuer(&self) -> String {
        format!("{}/api/oidc", self.base)
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/{path}", self.base)
    }

    /// The session cookie of `user`, signed in with a password as
    /// glewlwyd's login page does.
    fn session(&mut self, user: &str, password: &str) -> String {
        let r = http()
            .post(self.api("auth/"))
            .json(&json!({"username": user, "password": password}))
            .send();
        let r = match r {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => self.fail(&format!("refused the password of {user}: {}", r.status())),
            Err(e) => self.fail(&format!("POST /api/auth/ failed: {e}")),
        };
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|v| v.starts_with("GLEWLWYD2_SESSION_ID="))
            .map(str::to_owned);
        cookie.unwrap_or_else(|| self.fail("set no session cookie on POST /api/auth/"))
    }

    /// `method path` with a JSON body in the session `cookie`; must be 200.
    fn call(&mut self, cookie: &str, method: reqwest::Method, path: &str, body: &Value) {
        let r = http()
            .request(method.clone(), self.api(path))
            .header("Cookie", cookie)
            .json(body)
            .send();
        match r {
            Ok(r) if r.status().is_success() => {}
            Ok(r) => {
                let status = r.status();
                let text = r.text().unwrap_or_default();
                self.fail(&format!(
                    "refused {method} /api/{path}: {status} {text}\n--- the request\n{body:#}"
                ))
            }
            Err(e) => self.fail(&format!("{method} /api/{path} failed: {e}")),
        }
    }

    /// The OpenID Connect plugin (with a fresh RSA key), the scope, the user
    /// and the clients, through the admin API.
    fn setup(mut self) -> Glewlwyd {
        let dir = self.dir.path().to_owned();
        openssl(&dir, &["genrsa", "-out", "signing.key", "2048"]);
        openssl(
            &dir,
            &[
                "rsa",
                "-in",
                "signing.key",
                "-pubout",
                "-out",
                "signing.pub",
            ],
        );
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("key file");
        let mut plugin: Value = serde_json::from_str(
            &std::fs::read_to_string(glewlwyd_dir().join("oidc-plugin.json"))
                .expect("tests/glewlwyd/oidc-plugin.json"),
        )
        .expect("oidc-plugin.json is JSON");
        let params = &mut plugin["parameters"];
        params["iss"] = json!(self.issuer());
        params["key"] = json!(read("signing.key"));
        params["cert"] = json!(read("signing.pub"));

        let admin = self.session(ADMIN, ADMIN_PASSWORD);
        let post = reqwest::Method::POST;
        self.call(&admin, post.clone(), "mod/plugin/", &plugin);
        self.call(
            &admin,
            post.clone(),
            "scope/",
            &json!({
                "name": SCOPE,
                "display_name": "oauthctl test scope",
                "description": "What the test clients ask for",
                "password_required": false,
                "password_max_age": 0,
                "scheme": {},
            }),
        );
        self.call(
            &admin,
            post.clone(),
            "user/",
            &json!({
                "username": USER,
                "password": USER_PASSWORD,
                "name": "Alice",
                "email": "alice@example.com",
                "scope": ["openid", SCOPE, "g_profile"],
                "enabled": true,
            }),
        );
        for (client, method) in [
            (SVC, "client_secret_basic"),
            (SVC_POST, "client_secret_post"),
        ] {
            self.call(
                &admin,
                post.clone(),
                "client/",
                &json!({
                    "client_id": client,
                    "name": "oauthctl machine client",
                    "confidential": true,
                    "client_secret": SVC_SECRET,
                    "enabled": true,
                    "scope": [SCOPE],
                    "authorization_type": ["client_credentials"],
                    "redirect_uri": [],
                    "token_endpoint_auth_method": [method],
                }),
            );
        }
        let redirects: Vec<String> = self
            .redirect_ports
            .iter()
            .map(|p| format!("http://127.0.0.1:{p}/callback"))
            .collect();
        self.call(
            &admin,
            post,
            "client/",
            &json!({
                "client_id": CLI,
                "name": "oauthctl",
                "confidential": false,
                "enabled": true,
                "scope": [],
                "authorization_type": ["code", "refresh_token", "device_authorization"],
                "redirect_uri": redirects,
                "token_endpoint_auth_method": ["none"],
            }),
        );
        self
    }

    /// Alice signed in, having consented to `cli` getting her scopes (what
    /// glewlwyd's login page asks the first time): her session cookie.
    fn user_consented(&mut self) -> String {
        let cookie = self.session(USER, USER_PASSWORD);
        // The scope list is space-separated (a comma-separated one, as
        // API.md describes, is refused with 401).
        self.call(
            &cookie,
            reqwest::Method::PUT,
            &format!("auth/grant/{CLI}"),
            &json!({"scope": USER_SCOPE}),
        );
        cookie
    }

    /// Open `url` (one of glewlwyd's pages) as the signed-in user's browser
    /// and press "Continue" on glewlwyd's login page: the page sends the
    /// browser back to the same URL with `g_continue`, without which
    /// glewlwyd always shows the login page. The redirect it answers with.
    fn continue_as_user(&mut self, cookie: &str, url: &str) -> String {
        let url = format!("{url}&g_continue");
        let r = match http().get(&url).header("Cookie", cookie).send() {
            Ok(r) => r,
            Err(e) => self.fail(&format!("GET {url} failed: {e}")),
        };
        let location = r
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        match location {
            Some(l) if r.status().is_redirection() => l,
            _ => self.fail(&format!(
                "answered GET {url} with {} and no redirect",
                r.status()
            )),
        }
    }
}

impl Drop for Glewlwyd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A user's home with a profile `gw` for `cli` at `issuer`, and a file
/// store.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(issuer: &str) -> Home {
        let dir = crate::support::home_with_config(&format!(
            "[profiles.gw]\nissuer = \"{issuer}\"\nclient_id = \"{CLI}\"\n\
             scopes = [\"openid\", \"{SCOPE}\"]\n"
        ));
        Home { dir }
    }

    /// `oauthctl -p gw ARGS` in this home, run to completion.
    fn run<I, S>(&self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        crate::support::with_profile(self.dir.path(), "gw").args(args)
    }

    /// `oauthctl -p gw ARGS` in this home, started in the background.
    fn spawn(&self, args: &[&str]) -> Running {
        let mut cmd = clean_command(self.dir.path());
        cmd.env("OAUTHCTL_STORE", "file")
            .args(["-p", "gw"])
            .args(args)
            .stdin(Stdio::null());
        Running::spawn(cmd)
    }

    /// The stored access token, as `token` prints it.
    fn stored_access_token(&self) -> String {
        let out = self.run(["token"]).run();
        let at = out.stdout.trim().to_owned();
        assert_eq!(at.split('.').count(), 3, "a JWT: {}", out.stdout);
        at
    }

    /// `token --id-token`: the stored ID token.
    fn stored_id_token(&self) -> String {
        self.run(["token", "--id-token"])
            .run()
            .stdout
            .trim()
            .to_owned()
    }
}

/// A background oauthctl whose stderr is read line by line.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: String,
    stdout: Option<JoinHandle<String>>,
}

impl Running {
    fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run oauthctl");
        let mut out = child.stdout.take().expect("stdout piped");
        let stdout = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = out.read_to_string(&mut s);
            s
        });
        let err = child.stderr.take().expect("stderr piped");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines,
            stderr: String::new(),
            stdout: Some(stdout),
        }
    }

    /// The first stderr line that `want` accepts, waiting up to `timeout`.
    #[track_caller]
    fn line(&mut self, what: &str, want: impl Fn(&str) -> bool, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.stderr.push_str(&line);
                    self.stderr.push('\n');
                    if want(&line) {
                        return line;
                    }
                }
                Err(e) => {
                    let _ = self.child.kill();
                    panic!(
                        "oauthctl printed no {what} on stderr ({e:?} within {timeout:?})\n\
                         --- its stderr\n{}",
                        self.stderr
                    );
                }
            }
        }
    }

    /// Wait (bounded) for oauthctl to exit; what it printed.
    #[track_caller]
    fn finish(mut self, timeout: Duration) -> Output {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for oauthctl") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                while let Ok(line) = self.lines.try_recv() {
                    self.stderr.push_str(&line);
                    self.stderr.push('\n');
                }
                panic!(
                    "oauthctl did not finish within {timeout:?}\n--- its stderr\n{}",
                    self.stderr
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        // The process is gone: its pipes close, the readers end.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.stderr.push_str(&line);
            self.stderr.push('\n');
        }
        let stdout = self
            .stdout
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        Output {
            stdout,
            stderr: std::mem::take(&mut self.stderr),
            code: status.code().unwrap_or(-1),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The verdict of a `validate` report: its last non-empty line.
fn verdict(out: &Output) -> String {
    out.stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A JWT's claims, decoded by `oauthctl decode -o json`.
fn claims(token: &str) -> Value {
    let v = Test::new()
        .args(["decode", "-o", "json", token])
        .run()
        .json();
    v["claims"].clone()
}

/// A run of `oauthctl login` and what the browser saw.
struct LoginRun {
    out: Output,
    /// Where glewlwyd sent the browser: oauthctl's loopback callback.
    callback: String,
    /// What oauthctl's callback page answered.
    page_status: u16,
    page: String,
}

/// `oauthctl login ARGS` as alice: oauthctl prints the authorization URL
/// (--no-browser), the test's "browser" opens it with alice's session,
/// continues past glewlwyd's login page and follows the redirect to
/// oauthctl's loopback callback.
fn run_login(g: &mut Glewlwyd, home: &Home, args: &[&str]) -> LoginRun {
    let cookie = g.user_consented();
    let ports = g
        .redirect_ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut cmd = vec!["login", "--no-browser", "--port", &ports];
    cmd.extend(["--login-timeout", "120"]);
    cmd.extend(args);
    let mut run = home.spawn(&cmd);
    let auth_endpoint = format!("{}/auth?", g.issuer());
    let url = run
        .line(
            "authorization URL",
            |l| l.trim().starts_with(&auth_endpoint),
            START_TIMEOUT,
        )
        .trim()
        .to_owned();
    let query: Vec<(String, String)> = url::Url::parse(&url)
        .expect("authorization URL")
        .query_pairs()
        .into_owned()
        .collect();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {name} in {url}"))
    };
    assert_eq!(param("response_type"), "code", "{url}");
    assert_eq!(param("code_challenge_method"), "S256", "{url}");
    for name in ["code_challenge", "state", "nonce"] {
        assert!(param(name).len() >= 22, "a random {name} in {url}");
    }
    let redirect_uri = param("redirect_uri");

    let callback = g.continue_as_user(&cookie, &url);
    assert!(
        callback.starts_with(&format!("{redirect_uri}?")) && callback.contains("code="),
        "glewlwyd redirected to {callback}, not to oauthctl's {redirect_uri} with a code\n\
         --- glewlwyd's log\n{}",
        g.log()
    );
    let page = http()
        .get(&callback)
        .send()
        .expect("the browser reaches oauthctl's callback");
    let page_status = page.status().as_u16();
    let page = page.text().unwrap_or_default();
    LoginRun {
        out: run.finish(FLOW_TIMEOUT),
        callback,
        page_status,
        page,
    }
}

/// A successful `oauthctl login` as alice; the authorization code.
fn login(g: &mut Glewlwyd, home: &Home) -> String {
    let r = run_login(g, home, &[]);
    assert_eq!(
        r.out.code, 0,
        "login failed\n--- stderr\n{}\n--- callback page ({})\n{}",
        r.out.stderr, r.page_status, r.page
    );
    assert_eq!(r.page_status, 200, "callback page: {}", r.page);
    assert!(
        r.out
            .stdout
            .contains(&format!("Signed in to {}", g.issuer())),
        "{}",
        r.out.stdout
    );
    url::Url::parse(&r.callback)
        .expect("callback URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code")
}

#[test]
fn glewlwyd_client_credentials() {
    let g = Glewlwyd::start();
    let issuer = g.issuer();
    let cc = ["cc", "--issuer", issuer.as_str(), "--scope", SCOPE];

    // client_secret_basic, the secret from the environment.
    let out = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", SVC_SECRET)
        .args(cc)
        .args(["--client-id", SVC])
        .stdout_lacks(SVC_SECRET)
        .stderr_lacks(SVC_SECRET)
        .run();
    let token = out.stdout.trim().to_owned();
    assert_eq!(
        out.stdout.lines().count(),
        1,
        "only the token: {}",
        out.stdout
    );
    let c = claims(&token);
    assert_eq!(c["iss"], issuer.as_str(), "{c:#}");
    assert_eq!(c["client_id"], SVC, "{c:#}");
    assert_eq!(c["scope"], SCOPE, "{c:#}");

    // The token validates against glewlwyd's discovery and keys (glewlwyd
    // puts the granted scopes in `aud` when no resource is asked for)...
    let validate = |audience: &str| {
        Test::new().args([
            "validate",
            "--issuer",
            &issuer,
            "--audience",
            audience,
            "--typ",
            "at+jwt",
            "--scope",
            SCOPE,
            &token,
        ])
    };
    let ok = validate(SCOPE).run();
    assert_eq!(verdict(&ok), "VALID", "{}", ok.stdout);
    // ...and not for another audience.
    let bad = validate("https://api.example").code(1).run();
    assert!(verdict(&bad).starts_with("INVALID"), "{}", bad.stdout);

    // client_secret_post, the secret from a file, for the client that may
    // use nothing else.
    let t = Test::new();
    let secret = t.home().join("svc-secret");
    std::fs::write(&secret, format!("{SVC_SECRET}\n")).expect("secret file");
    let post = t
        .args(cc)
        .args([
            "--client-id",
            SVC_POST,
            "--auth-method",
            "client_secret_post",
        ])
        .arg("--client-secret-file")
        .arg(&secret)
        .run();
    assert_eq!(claims(post.stdout.trim())["client_id"], SVC_POST);
    // The same client with client_secret_basic is refused: the method did
    // matter.
    Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", SVC_SECRET)
        .args(cc)
        .args(["--client-id", SVC_POST])
        .code(3)
        .run();

    // A wrong secret: glewlwyd answers 403 with an empty body (not an
    // OAuth error response), which is an HTTP error: exit 3.
    let refused = Test::new()
        .env("OAUTHCTL_CLIENT_SECRET", "not-the-secret")
        .args(cc)
        .args(["--client-id", SVC])
        .code(3)
        .stderr_contains("HTTP 403")
        .run();
    assert!(refused.stdout.is_empty(), "no token: {}", refused.stdout);
}

#[test]
fn glewlwyd_device_flow_approved_by_the_user() {
    let mut g = Glewlwyd::start();
    let home = Home::new(&g.issuer());
    let cookie = g.user_consented();
    let mut run = home.spawn(&["device", "--no-qr"]);
    let code_line = run.line(
        "user code",
        |l| l.contains("enter the code "),
        START_TIMEOUT,
    );
    let user_code = code_line
        .split("enter the code ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a user code")
        .to_owned();
    // The verification URI with the code in it, as oauthctl shows it.
    let complete = format!("{}/device?code={user_code}", g.issuer());
    let line = run.line(
        "verification URI with the code",
        |l| l.contains(&complete),
        START_TIMEOUT,
    );
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http"))
        .expect("a URL")
        .to_owned();
    let after = g.continue_as_user(&cookie, &url);
    assert!(
        after.contains("prompt=deviceComplete"),
        "glewlwyd did not accept the code {user_code}: redirected to {after}\n\
         --- glewlwyd's log\n{}",
        g.log()
    );
    let out = run.finish(FLOW_TIMEOUT);
    assert_eq!(out.code, 0, "device failed\n--- stderr\n{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("Signed in to {}", g.issuer())),
        "{}",
        out.stdout
    );

    // The stored access token is glewlwyd's, for alice, via cli.
    let at = home.stored_access_token();
    let c = claims(&at);
    assert_eq!(c["iss"], g.issuer().as_str(), "{c:#}");
    assert_eq!(c["client_id"], CLI, "{c:#}");
    assert!(
        c["scope"].as_str().is_some_and(|s| s.contains(SCOPE)),
        "{c:#}"
    );
    let ok = Test::new()
        .args(["validate", "--issuer", &g.issuer(), "--typ", "at+jwt"])
        .args(["--scope", SCOPE, &at])
        .run();
    assert!(verdict(&ok).starts_with("VALID"), "{}", ok.stdout);

    // So is the ID token, for cli, with at_hash matching the access token.
    let idt = home.stored_id_token();
    let ok = Test::new()
        .args(["validate", "--issuer", &g.issuer(), "--audience", CLI])
        .args(["--client-id", CLI, "--access-token", &at, &idt])
        .run();
    assert_eq!(verdict(&ok), "VALID", "{}", ok.stdout);
    assert_eq!(claims(&idt)["sub"], c["sub"], "the same user");
}

#[test]
fn glewlwyd_login_with_pkce() {
    let mut g = Glewlwyd::start();
    let home = Home::new(&g.issuer());
    let code = login(&mut g, &home);

    let at = home.stored_access_token();
    let c = claims(&at);
    assert_eq!(c["iss"], g.issuer().as_str(), "{c:#}");
    assert_eq!(c["client_id"], CLI, "{c:#}");

    // The ID token: glewlwyd's signature, for cli, with the login's nonce
    // (checked by login itself), at_hash of the access token and c_hash of
    // the code.
    let idt = home.stored_id_token();
    let ic = claims(&idt);
    assert!(ic["nonce"].is_string(), "a nonce: {ic:#}");
    let ok = Test::new()
        .args(["validate", "--issuer", &g.issuer(), "--audience", CLI])
        .args(["--client-id", CLI, "--access-token", &at, "--code", &code])
        .args(["--nonce", ic["nonce"].as_str().unwrap_or_default(), &idt])
        .run();
    assert_eq!(verdict(&ok), "VALID", "{}", ok.stdout);
    assert_eq!(ic["sub"], c["sub"], "the same user");
}

#[test]
fn glewlwyd_refresh_and_token() {
    let mut g = Glewlwyd::start();
    let home = Home::new(&g.issuer());
    login(&mut g, &home);
    let first = home.stored_access_token();
    // Fresh for an hour: `token` asks nothing and prints the same token.
    assert_eq!(home.stored_access_token(), first);

    // `refresh` forces a refresh-token grant.
    let v = home.run(["refresh", "-o", "json"]).run().json();
    let second = v["access_token"].as_str().expect("access_token").to_owned();
    assert_ne!(second, first, "a new access token: {v:#}");
    assert_eq!(home.stored_access_token(), second, "and it is stored");
    let c = claims(&second);
    assert_eq!(c["iss"], g.issuer().as_str(), "{c:#}");
    assert_eq!(c["client_id"], CLI, "{c:#}");
    let ok = Test::new()
        .args(["validate", "--issuer", &g.issuer(), "--typ", "at+jwt"])
        .args(["--scope", SCOPE, &second])
        .run();
    assert!(verdict(&ok).starts_with("VALID"), "{}", ok.stdout);

    // `token` refreshes on its own when the token has less than --min-ttl
    // left (an hour's token, a two-hour minimum).
    let out = home.run(["token", "--min-ttl", "7200"]).run();
    let third = out.stdout.trim().to_owned();
    assert_ne!(third, second, "refreshed silently");
    assert_eq!(claims(&third)["client_id"], CLI);
    assert_eq!(home.stored_access_token(), third);
}

/// Glewlwyd 2.7.5 puts `auth_time: 0` (1970) in the ID tokens of the
/// authorization code flow, whatever `max_age` asks for (the device flow's
/// are right). So a login with `--max-age` must be refused by oauthctl's
/// ID token check, with nothing stored. Should a later glewlwyd get
/// auth_time right, this login succeeds and the test must be turned round.
#[test]
fn glewlwyd_login_with_max_age_refuses_its_zero_auth_time() {
    let mut g = Glewlwyd::start();
    let home = Home::new(&g.issuer());
    let r = run_login(&mut g, &home, &["--max-age", "300"]);
    assert_eq!(
        r.out.code, 1,
        "an ID token check failed\n--- stderr\n{}",
        r.out.stderr
    );
    assert!(
        r.out.stderr.contains("auth_time") && r.out.stderr.contains("--max-age 300"),
        "{}",
        r.out.stderr
    );
    assert!(
        r.callback.contains("code="),
        "glewlwyd did issue a code: {}",
        r.callback
    );
    assert_eq!(r.page_status, 400, "the browser is told: {}", r.page);
    assert!(r.page.contains("Sign-in failed"), "{}", r.page);
    assert!(r.out.stdout.is_empty(), "{}", r.out.stdout);
    home.run(["token"])
        .code(4)
        .stderr_contains("no stored tokens")
        .run();
}

/// A pushed authorization request (RFC 9126) at glewlwyd's `/par`
/// (`oauth-par-allowed` in tests/glewlwyd/oidc-plugin.json): the browser
/// gets only `client_id` and the `request_uri` glewlwyd answered with, and
/// the login completes with the code it sends back.
#[test]
fn glewlwyd_login_with_a_pushed_request() {
    let mut g = Glewlwyd::start();
    let home = Home::new(&g.issuer());
    let cookie = g.user_consented();
    let ports = g
        .redirect_ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let mut run = home.spawn(&[
        "login",
        "--par",
        "--no-browser",
        "--port",
        &ports,
        "--login-timeout",
        "120",
    ]);
    let auth_endpoint = format!("{}/auth?", g.issuer());
    let url = run
        .line(
            "authorization URL",
            |l| l.trim().starts_with(&auth_endpoint),
            START_TIMEOUT,
        )
        .trim()
        .to_owned();
    let mut names: Vec<String> = url::Url::parse(&url)
        .expect("authorization URL")
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["client_id", "request_uri"], "{url}");
    let callback = g.continue_as_user(&cookie, &url);
    assert!(
        callback.contains("/callback?") && callback.contains("code="),
        "glewlwyd redirected to {callback}\n--- glewlwyd's log\n{}",
        g.log()
    );
    let page = http()
        .get(&callback)
        .send()
        .expect("the browser reaches oauthctl's callback");
    assert_eq!(page.status().as_u16(), 200);
    let out = run.finish(FLOW_TIMEOUT);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!("Signed in to {}", g.issuer())),
        "{}",
        out.stdout
    );
}

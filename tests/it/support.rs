//! Test helpers: a fluent builder around the real binary, and a local HTTP
//! server that fails the test if it was never called.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use assert_cmd::Command;

/// A run of the binary, built fluently and checked when `run` is called.
pub struct Test {
    cmd: Command,
    stdin: Option<Vec<u8>>,
    code: i32,
    stdout_has: Vec<String>,
    stdout_lacks: Vec<String>,
    stderr_has: Vec<String>,
    stderr_lacks: Vec<String>,
    _home: tempfile::TempDir,
}

/// What a run produced.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Test {
    /// A clean environment: no OAUTHCTL_* variables, temporary XDG dirs,
    /// no colour, no D-Bus session (so no keyring).
    pub fn new() -> Test {
        let home = tempfile::tempdir().expect("tempdir");
        let cmd = Command::from_std(clean_command(home.path()));
        Test {
            cmd,
            stdin: None,
            code: 0,
            stdout_has: vec![],
            stdout_lacks: vec![],
            stderr_has: vec![],
            stderr_lacks: vec![],
            _home: home,
        }
    }

    pub fn home(&self) -> &Path {
        self._home.path()
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, a: impl AsRef<std::ffi::OsStr>) -> Test {
        self.cmd.arg(a);
        self
    }

    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Test {
        self.cmd.env(k, v);
        self
    }

    /// Run in this directory (default: `tests/data`).
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Test {
        self.cmd.current_dir(dir);
        self
    }

    pub fn stdin(mut self, s: impl Into<Vec<u8>>) -> Test {
        self.stdin = Some(s.into());
        self
    }

    /// Expected exit code (default 0).
    pub fn code(mut self, c: i32) -> Test {
        self.code = c;
        self
    }

    pub fn stdout_contains(mut self, s: impl Into<String>) -> Test {
        self.stdout_has.push(s.into());
        self
    }

    pub fn stdout_lacks(mut self, s: impl Into<String>) -> Test {
        self.stdout_lacks.push(s.into());
        self
    }

    pub fn stderr_contains(mut self, s: impl Into<String>) -> Test {
        self.stderr_has.push(s.into());
        self
    }

    pub fn stderr_lacks(mut self, s: impl Into<String>) -> Test {
        self.stderr_lacks.push(s.into());
        self
    }

    /// Run and check everything asked for; panics with both streams on a miss.
    #[track_caller]
    pub fn run(mut self) -> Output {
        self.cmd.write_stdin(self.stdin.take().unwrap_or_default());
        let out = self.cmd.output().expect("run oauthctl");
        let o = Output {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        };
        let ctx = || {
            format!(
                "\n--- exit {}\n--- stdout\n{}\n--- stderr\n{}",
                o.code, o.stdout, o.stderr
            )
        };
        assert_eq!(o.code, self.code, "unexpected exit code{}", ctx());
        for s in &self.stdout_has {
            assert!(o.stdout.contains(s.as_str()), "stdout lacks {s:?}{}", ctx());
        }
        for s in &self.stdout_lacks {
            assert!(!o.stdout.contains(s.as_str()), "stdout has {s:?}{}", ctx());
        }
        for s in &self.stderr_has {
            assert!(o.stderr.contains(s.as_str()), "stderr lacks {s:?}{}", ctx());
        }
        for s in &self.stderr_lacks {
            assert!(!o.stderr.contains(s.as_str()), "stderr has {s:?}{}", ctx());
        }
        if o.code != 0 {
            // Errors are one clear line (plus at most a hint), never a panic.
            assert!(!o.stderr.contains("panicked"), "panic{}", ctx());
        }
        o
    }
}

/// The real binary in a clean environment: no OAUTHCTL_* variables, XDG
/// directories under `home`, no colour. For tests that must talk to it
/// while it runs (spawn it); [`Test`] is the builder for the others.
pub fn clean_command(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_oauthctl"));
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("NO_COLOR", "1")
        // Never the developer's own keyring: no session bus answers, so
        // the token store falls back to files under XDG_STATE_HOME.
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/oauthctl-test-bus",
        )
        .current_dir(data_dir());
    cmd
}

/// `oauthctl -p PROFILE` with its configuration and the file store under
/// `home` (`home/config`, `home/state`).
pub fn with_profile(home: &Path, profile: &str) -> Test {
    Test::new()
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("OAUTHCTL_STORE", "file")
        .args(["-p", profile])
}

/// A temporary home whose oauthctl configuration is `toml`: it is written
/// to `config/oauthctl/config.toml`, where [`with_profile`] (and any run
/// with `XDG_CONFIG_HOME=HOME/config`) reads it.
pub fn home_with_config(toml: &str) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("config/oauthctl");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), toml).expect("config.toml");
    home
}

/// A loopback port nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Run `openssl ARGS` in `dir` (test keys and certificates); fails the
/// test with openssl's stderr.
#[track_caller]
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Wait (up to 5 s) until something accepts connections on 127.0.0.1:`port`:
/// a server started as a child process (`openssl s_server`).
pub fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// `tests/data`, where sample keys and tokens live.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A canned HTTP response.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Sleep this long before answering (for timeouts).
    pub delay_ms: u64,
}

impl Reply {
    pub fn json(body: serde_json::Value) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            delay_ms: 0,
        }
    }
    pub fn status(status: u16, ctype: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), ctype.into())],
            body: body.into(),
            delay_ms: 0,
        }
    }
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn delay(mut self, ms: u64) -> Reply {
        self.delay_ms = ms;
        self
    }
}

type Handler = Arc<dyn Fn(&str, &str) -> Reply + Send + Sync>;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body's form parameters.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }

    pub fn param(&self, name: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

/// A local HTTP server on 127.0.0.1. The handler gets (method, path with
/// query) and the base URL is `url()`. Unless `allow_unused` is called, the
/// test fails if no request arrived.
pub struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
    paths: Arc<Mutex<Vec<String>>>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    must_be_called: bool,
}

impl Server {
    pub fn new(handler: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let base = format!("http://127.0.0.1:{port}");
        let hits = Arc::new(AtomicUsize::new(0));
        let paths = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let (s, h, p) = (Arc::clone(&server), Arc::clone(&hits), Arc::clone(&paths));
        let rq = Arc::clone(&requests);
        let base2 = base.clone();
        let thread = std::thread::spawn(move || {
            for mut req in s.incoming_requests() {
                h.fetch_add(1, Ordering::SeqCst);
                let path = req.url().to_owned();
                p.lock().expect("lock").push(path.clone());
                let mut body = String::new();
                let _ = req.as_reader().read_to_string(&mut body);
                rq.lock().expect("lock").push(Recorded {
                    method: req.method().as_str().to_owned(),
                    path: path.clone(),
                    headers: req
                        .headers()
                        .iter()
                        .map(|h| {
                            (
                                h.field.as_str().as_str().to_ascii_lowercase(),
                                h.value.as_str().to_owned(),
                            )
                        })
                        .collect(),
                    body: body.clone(),
                });
                let reply = handler(req.method().as_str(), &path);
                let body = String::from_utf8_lossy(&reply.body)
                    .replace("{{base}}", &base2)
                    .into_bytes();
                let handler_thread = move || {
                    if reply.delay_ms > 0 {
                        std::thread::sleep(std::time::Duration::from_millis(reply.delay_ms));
                    }
                    let mut resp =
                        tiny_http::Response::from_data(body).with_status_code(reply.status);
                    for (k, v) in &reply.headers {
                        if let Ok(hdr) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                            resp = resp.with_header(hdr);
                        }
                    }
                    let _ = req.respond(resp);
                };
                std::thread::spawn(handler_thread);
            }
        });
        Server {
            base,
            hits,
            paths,
            requests,
            server,
            thread: Some(thread),
            must_be_called: true,
        }
    }

    /// `http://127.0.0.1:PORT`; `{{base}}` in reply bodies is replaced by it.
    pub fn url(&self) -> &str {
        &self.base
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn paths(&self) -> Vec<String> {
        self.paths.lock().expect("lock").clone()
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }

    pub fn allow_unused(mut self) -> Server {
        self.must_be_called = false;
        self
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if self.must_be_called && !std::thread::panicking() {
            assert!(
                self.hits() > 0,
                "the test server at {} was never called",
                self.base
            );
        }
    }
}

/// A run whose every writable place is under `home`: `HOME`, the XDG
/// directories (`home/config`, `home/state`, `home/cache`), `TMPDIR`
/// (`home/tmp`) and the working directory, with the file store. Whatever
/// the binary writes can then be found by walking `home` ([`Canary`]).
pub fn in_home(home: &Path) -> Test {
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).expect("home/tmp");
    Test::new()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("TMPDIR", &tmp)
        .env("OAUTHCTL_STORE", "file")
        .current_dir(home)
}

/// The client secret of the canary tests: distinctive, so that a plain
/// substring search finds it wherever it leaks.
pub const CANARY_SECRET: &str = "canary-5f3a9e-client-secret-DO-NOT-PRINT";

/// How many leading or trailing characters of a secret count as a leak:
/// redaction keeps 6 (`eyJhbG…[446 chars]`), so 16 is never a redacted form.
pub const CANARY_FRAGMENT: usize = 16;

/// The secrets in play in one test (client secrets, private keys, codes,
/// every token the flows obtained) and one check that none of them leaks:
/// not on stdout (except the one product a command prints by design), not
/// on stderr at any `-v` level, not in any file under the test's home but
/// the store's (and the secret and key files the test wrote itself).
///
/// A secret is found whole, or as its first or last [`CANARY_FRAGMENT`]
/// characters. A JWT is found by its signature (whole or a fragment) and
/// its payload: its header is the same for every token of an issuer.
#[derive(Default)]
pub struct Canary {
    /// (what it is, its whole value); `needles` index into it.
    values: Vec<(String, String)>,
    /// (which value, how it is found, the text that must not appear)
    needles: Vec<(usize, String, String)>,
    own_files: Vec<PathBuf>,
}

impl Canary {
    pub fn new() -> Canary {
        Canary::default()
    }

    /// Register a value; `None` when it is already known.
    fn value(&mut self, name: &str, value: &str) -> Option<usize> {
        if self.knows(value) {
            return None;
        }
        self.values.push((name.to_owned(), value.to_owned()));
        Some(self.values.len() - 1)
    }

    fn needle(&mut self, i: usize, how: &str, text: &str) {
        self.needles.push((i, how.to_owned(), text.to_owned()));
    }

    /// A secret (a client secret, a code, an opaque token).
    pub fn secret(&mut self, name: &str, value: &str) -> &mut Canary {
        assert!(
            value.len() >= CANARY_FRAGMENT,
            "a canary of {} characters is too short to find: {name} {value:?}",
            value.len()
        );
        let Some(i) = self.value(name, value) else {
            return self;
        };
        self.needle(i, "whole", value);
        if value.len() > CANARY_FRAGMENT && value.is_char_boundary(CANARY_FRAGMENT) {
            let how = format!("its first {CANARY_FRAGMENT} characters");
            self.needle(i, &how, &value[..CANARY_FRAGMENT]);
        }
        let tail = value.len() - CANARY_FRAGMENT;
        if tail > 0 && value.is_char_boundary(tail) {
            let how = format!("its last {CANARY_FRAGMENT} characters");
            self.needle(i, &how, &value[tail..]);
        }
        self
    }

    /// A token: a JWT by its payload and signature, else as a secret.
    pub fn token(&mut self, name: &str, value: &str) -> &mut Canary {
        let parts: Vec<&str> = value.split('.').collect();
        if parts.len() != 3 || parts[2].len() < CANARY_FRAGMENT {
            return self.secret(name, value);
        }
        let Some(i) = self.value(name, value) else {
            return self;
        };
        let sig = parts[2];
        self.needle(i, "whole", value);
        self.needle(i, "its payload", parts[1]);
        self.needle(i, "its signature", sig);
        let how = format!("the first {CANARY_FRAGMENT} characters of its signature");
        self.needle(i, &how, &sig[..CANARY_FRAGMENT]);
        let how = format!("the last {CANARY_FRAGMENT} characters of its signature");
        self.needle(i, &how, &sig[sig.len() - CANARY_FRAGMENT..]);
        self
    }

    /// Every token in a token response, a store entry or a cache entry,
    /// at any depth.
    pub fn tokens(&mut self, v: &serde_json::Value) -> &mut Canary {
        const NAMES: &[&str] = &[
            "access_token",
            "refresh_token",
            "id_token",
            "device_code",
            "registration_access_token",
            "issued_token",
        ];
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match x.as_str() {
                        Some(s) if NAMES.contains(&k.as_str()) && s.len() >= CANARY_FRAGMENT => {
                            self.token(&format!("{k} …{}", tail(s)), s);
                        }
                        Some(s) if k == "d" && s.len() >= CANARY_FRAGMENT => {
                            self.secret(&format!("stored private key d …{}", tail(s)), s);
                        }
                        _ => {
                            self.tokens(x);
                        }
                    }
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    self.tokens(x);
                }
            }
            _ => {}
        }
        self
    }

    /// A PEM private key: each line of its body, and the body in one line.
    pub fn pem(&mut self, name: &str, pem: &str) -> &mut Canary {
        let body: Vec<&str> = pem
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("-----"))
            .collect();
        assert!(!body.is_empty(), "{name}: no PEM body in {pem:?}");
        let Some(i) = self.value(name, pem) else {
            return self;
        };
        for (n, line) in body.iter().enumerate() {
            // The first line starts with the algorithm's fixed DER prefix,
            // the same for every key of its kind: only whole lines count.
            if line.len() >= CANARY_FRAGMENT {
                self.needle(i, &format!("line {} of its PEM body", n + 1), line);
            }
        }
        self.needle(i, "its PEM body in one line", &body.concat());
        self
    }

    /// A private JWK: each private member (`d`, the RSA CRT members, `k`).
    pub fn jwk(&mut self, name: &str, jwk: &serde_json::Value) -> &mut Canary {
        let mut any = false;
        for m in ["d", "p", "q", "dp", "dq", "qi", "k"] {
            if let Some(s) = jwk[m].as_str() {
                self.secret(&format!("{name} (its JWK member {m})"), s);
                any = true;
            }
        }
        assert!(any, "{name}: no private member in {jwk}");
        self
    }

    /// A file the test wrote itself (a secret file, a key): it may hold a
    /// secret.
    pub fn own_file(&mut self, path: impl Into<PathBuf>) -> &mut Canary {
        self.own_files.push(path.into());
        self
    }

    /// Learn every token in the file store under `home` (after a run that
    /// may have obtained or rotated some).
    pub fn learn_store(&mut self, home: &Path) -> &mut Canary {
        for path in store_files(home) {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                self.tokens(&v);
            }
        }
        self
    }

    /// Whether this value is one of the secrets.
    pub fn knows(&self, value: &str) -> bool {
        self.values.iter().any(|(_, v)| v == value)
    }

    /// The check: no secret on stdout but those whose whole value is in
    /// `stdout_may` (the command's product, e.g. the access token that
    /// `token` prints; each must be a known secret), none on stderr, none
    /// in any file under `home` outside the store and the test's own
    /// files. `what` names the run (command and `-v` level) in the failure.
    #[track_caller]
    pub fn assert_clean(&self, what: &str, out: &Output, stdout_may: &[&str], home: &Path) {
        for may in stdout_may {
            assert!(
                self.knows(may),
                "{what}: stdout may carry {may:?}, which is not a known secret (learn it first)"
            );
        }
        let mut leaks = Vec::new();
        // One report per secret and place: the first needle found (the
        // whole value comes first).
        let mut seen = std::collections::HashSet::new();
        for (i, how, needle) in &self.needles {
            let excused = stdout_may.contains(&self.values[*i].1.as_str());
            for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                if (stream == "stdout" && excused) || seen.contains(&(*i, stream)) {
                    continue;
                }
                if let Some(line) = text.lines().find(|l| l.contains(needle.as_str())) {
                    seen.insert((*i, stream));
                    let name = self.describe(*i, how);
                    leaks.push(format!("{name} is on {stream}: {}", excerpt(line)));
                }
            }
        }
        leaks.extend(self.file_leaks(home));
        assert!(
            leaks.is_empty(),
            "{what} leaked a secret:\n  {}\n--- exit {}\n--- stdout\n{}\n--- stderr\n{}",
            leaks.join("\n  "),
            out.code,
            out.stdout,
            out.stderr
        );
    }

    /// "the client secret (its first 16 characters)".
    fn describe(&self, i: usize, how: &str) -> String {
        let name = &self.values[i].0;
        if how == "whole" {
            format!("the {name}")
        } else {
            format!("the {name} ({how})")
        }
    }

    /// Files under `home`, store and own files aside, holding a secret (in
    /// their content or their name).
    fn file_leaks(&self, home: &Path) -> Vec<String> {
        let store: Vec<PathBuf> = ["state/oauthctl/tokens", "state/oauthctl/cache"]
            .iter()
            .map(|d| home.join(d))
            .collect();
        let mut leaks = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for path in walk(home) {
            let shown = path
                .strip_prefix(home)
                .unwrap_or(&path)
                .display()
                .to_string();
            for (i, how, needle) in &self.needles {
                if seen.contains(&(*i, path.clone())) {
                    continue;
                }
                if shown.contains(needle.as_str()) {
                    seen.insert((*i, path.clone()));
                    let name = self.describe(*i, how);
                    leaks.push(format!("{name} is in a file name: HOME/{shown}"));
                }
            }
            if store.iter().any(|d| path.starts_with(d)) || self.own_files.contains(&path) {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            for (i, how, needle) in &self.needles {
                if seen.contains(&(*i, path.clone())) {
                    continue;
                }
                if let Some(line) = text.lines().find(|l| l.contains(needle.as_str())) {
                    seen.insert((*i, path.clone()));
                    let name = self.describe(*i, how);
                    leaks.push(format!("{name} is in HOME/{shown}: {}", excerpt(line)));
                }
            }
        }
        leaks
    }
}

/// The last 6 characters, to tell tokens apart in a failure message.
fn tail(s: &str) -> &str {
    let mut i = s.len().saturating_sub(6);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// A line, shortened for a failure message.
fn excerpt(line: &str) -> String {
    let mut s: String = line.chars().take(300).collect();
    if s.len() < line.len() {
        s.push('…');
    }
    s
}

/// Every regular file under `dir`, depth first.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for e in entries.flatten() {
        let path = e.path();
        match e.file_type() {
            Ok(t) if t.is_dir() => files.extend(walk(&path)),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
    files.sort();
    files
}

/// The file store's entries and cache under `home` (see [`in_home`]).
pub fn store_files(home: &Path) -> Vec<PathBuf> {
    ["state/oauthctl/tokens", "state/oauthctl/cache"]
        .iter()
        .flat_map(|d| walk(&home.join(d)))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect()
}

/// Run a `device` command line; once it prints the complete verification
/// URI (`or open URL` on stderr), hand the URI to `approve` (a person or an
/// agent on the provider's pages), then collect the rest.
#[track_caller]
pub fn device_approved_by(mut cmd: std::process::Command, approve: impl FnOnce(&str)) -> Output {
    use std::io::{BufRead, BufReader, Read};
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut stderr = String::new();
    let mut complete = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        stderr.push_str(&line);
        stderr.push('\n');
        if let Some(url) = line.strip_prefix("or open ") {
            complete = Some(url.trim().to_owned());
            break;
        }
    }
    let Some(complete) = complete else {
        let _ = child.kill();
        panic!("no complete verification URI on stderr:\n{stderr}");
    };
    approve(&complete);
    for line in lines {
        stderr.push_str(&line.unwrap());
        stderr.push('\n');
    }
    let status = child.wait().unwrap();
    Output {
        stdout: out_reader.join().unwrap(),
        stderr,
        code: status.code().unwrap_or(-1),
    }
}

//! The fault matrix: every way a server can misbehave, against every
//! command that talks to one, in one table. Each row runs the real binary
//! twice (plain and with `-vv`) and checks the documented exit code, a
//! one-line message (plus at most a hint), no panic, no hang, and that no
//! canary secret (the client secret, a stored refresh token, a token being
//! introspected) ever reaches stdout or stderr.
//!
//! The hostile servers here speak raw HTTP over TCP, so they can do what a
//! well-behaved server library will not: never answer, trickle a body a
//! byte at a time. Rows run concurrently; the slow ones are bounded by
//! `--timeout 2`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{clean_command, free_port, openssl};

/// What a hostile server does with one request.
#[derive(Clone)]
pub enum Act {
    /// Send these bytes (a whole HTTP response) and close.
    Raw(Vec<u8>),
    /// Read the request, then say nothing until the client gives up.
    Hang,
    /// Headers at once, then the body one byte per 250 ms, for minutes.
    Trickle,
}

/// A whole HTTP response with `Connection: close`.
pub fn raw(status: u16, headers: &[(&str, &str)], body: &str) -> Act {
    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    Act::Raw(out.into_bytes())
}

/// Only the head of a response that declares a `Content-Length` of
/// `len`; the body never comes.
pub fn raw_head(status: u16, ctype: &str, len: usize) -> Act {
    Act::Raw(
        format!(
            "HTTP/1.1 {status} X\r\nConnection: close\r\nContent-Type: {ctype}\r\n\
             Content-Length: {len}\r\n\r\n"
        )
        .into_bytes(),
    )
}

/// A JSON response.
pub fn json_reply(status: u16, body: &serde_json::Value) -> Act {
    raw(
        status,
        &[("Content-Type", "application/json")],
        &body.to_string(),
    )
}

/// A request as a hostile server saw it: method, path and the raw text.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub text: String,
}

type Route = Arc<dyn Fn(&Seen) -> Act + Send + Sync>;

/// A raw-TCP server on 127.0.0.1 that answers each request as `route`
/// says and closes the connection. Stops (and unblocks every connection
/// it holds) when dropped.
pub struct Hostile {
    port: u16,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Seen>>>,
    thread: Option<JoinHandle<()>>,
}

impl Hostile {
    pub fn start(route: impl Fn(&Seen) -> Act + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let route: Route = Arc::new(route);
        let (stop2, seen2) = (Arc::clone(&stop), Arc::clone(&seen));
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (route, stop, seen) =
                    (Arc::clone(&route), Arc::clone(&stop2), Arc::clone(&seen2));
                std::thread::spawn(move || serve(conn, &route, &stop, &seen));
            }
        });
        Hostile {
            port,
            stop,
            seen,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every request received, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(conn: TcpStream, route: &Route, stop: &AtomicBool, seen: &Mutex<Vec<Seen>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_millis(100)));
    let Some(req) = read_request(&conn, stop) else {
        return;
    };
    seen.lock().expect("lock").push(req.clone());
    let mut conn = conn;
    match route(&req) {
        Act::Raw(bytes) => {
            let _ = conn.write_all(&bytes);
        }
        Act::Hang => {
            // Until the client closes (read gives 0) or the server stops.
            let mut buf = [0u8; 512];
            while !stop.load(Ordering::SeqCst) {
                match conn.read(&mut buf) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) if is_wait(&e) => {}
                    Err(_) => break,
                }
            }
        }
        Act::Trickle => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Content-Length: 100000\r\nConnection: close\r\n\r\n";
            if conn.write_all(head.as_bytes()).is_err() {
                return;
            }
            while !stop.load(Ordering::SeqCst) {
                if conn.write_all(b" ").and_then(|()| conn.flush()).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        }
    }
    let _ = conn.shutdown(std::net::Shutdown::Both);
}

fn is_wait(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// The request line, headers and (by `Content-Length`) body.
fn read_request(conn: &TcpStream, stop: &AtomicBool) -> Option<Seen> {
    let mut reader = BufReader::new(conn);
    let mut head = String::new();
    let started = Instant::now();
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) => return None,
            Ok(_) => {
                head.push_str(&line);
                if line == "\r\n" || line == "\n" {
                    break;
                }
            }
            Err(e) if is_wait(&e) => {
                if stop.load(Ordering::SeqCst) || started.elapsed() > Duration::from_secs(20) {
                    return None;
                }
                // read_line keeps what it read so far in `line`.
                head.push_str(&line);
            }
            Err(_) => return None,
        }
    }
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    let mut got = 0;
    while got < len {
        match reader.read(&mut body[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if is_wait(&e) && !stop.load(Ordering::SeqCst) => {}
            Err(_) => break,
        }
    }
    let mut first = head.lines().next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_owned();
    let path = first.next().unwrap_or("").to_owned();
    Some(Seen {
        method,
        path,
        text: format!("{head}{}", String::from_utf8_lossy(&body[..got])),
    })
}

/// `openssl s_server -HTTP` on a free loopback port, serving `files` (each
/// a whole raw HTTP response, at its path) over TLS with a certificate for
/// 127.0.0.1 signed by a throwaway CA (`ca.pem` in the returned dir).
/// Answers GETs only, one connection at a time.
pub struct TlsRaw {
    child: std::process::Child,
    pub port: u16,
    pub dir: Arc<tempfile::TempDir>,
}

impl TlsRaw {
    /// Files are written by `files(port)` before the server starts, so
    /// they can name its own URL.
    pub fn start(files: impl Fn(u16) -> Vec<(String, String)>) -> TlsRaw {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        make_ca_and_leaf(d);
        let port = free_port();
        for (path, content) in files(port) {
            let file = d.join(path.trim_start_matches('/'));
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        Self::serve(Arc::new(dir), port)
    }

    /// Another server for the same files and certificates (one
    /// `s_server` answers one connection at a time).
    pub fn again(&self) -> TlsRaw {
        Self::serve(Arc::clone(&self.dir), free_port())
    }

    fn serve(dir: Arc<tempfile::TempDir>, port: u16) -> TlsRaw {
        let child = std::process::Command::new("openssl")
            .args(["s_server", "-HTTP", "-quiet", "-cert", "server.pem"])
            .args(["-key", "server.key", "-accept"])
            .arg(port.to_string())
            .current_dir(dir.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("openssl s_server");
        crate::support::wait_for_port(port);
        TlsRaw { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    pub fn ca(&self) -> std::path::PathBuf {
        self.dir.path().join("ca.pem")
    }
}

impl Drop for TlsRaw {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ca.pem`/`ca.key` and `server.pem`/`server.key` (for IP 127.0.0.1,
/// CA:FALSE) in `d`; P-256 keys, which are quick to make.
fn make_ca_and_leaf(d: &Path) {
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
    ];
    let mut args = vec!["req", "-x509"];
    args.extend(ec);
    args.extend(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"]);
    args.extend(["-subj", "/CN=oauthctl faults CA"]);
    openssl(d, &args);
    let mut args = vec!["req"];
    args.extend(ec);
    args.extend(["-keyout", "server.key", "-out", "server.csr"]);
    args.extend(["-subj", "/CN=127.0.0.1"]);
    openssl(d, &args);
    std::fs::write(
        d.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n",
    )
    .unwrap();
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
}

// ---------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------

/// Secrets that must never be printed, at any verbosity.
const CLIENT_SECRET: &str = "canary-SECRET-5f3a9";
const REFRESH_TOKEN: &str = "canary-REFRESH-7d2c4e";
const ACCESS_TOKEN: &str = "canary-ACCESS-91b0aa";
const INTROSPECTED: &str = "canary-TOKEN-3e8f1c";
const CANARIES: &[&str] = &[CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, INTROSPECTED];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    Refused,
    NeverAnswers,
    Trickles,
    ServerError,
    TooManyRetryAfter,
    TooMany,
    Html,
    BadJson,
    Oversized,
    RedirectLoop,
    RedirectElsewhere,
    HttpsToHttp,
    IssuerMismatch,
    Denied,
    ExpiredDeviceCode,
}

const FAULTS: &[Fault] = &[
    Fault::Refused,
    Fault::NeverAnswers,
    Fault::Trickles,
    Fault::ServerError,
    Fault::TooManyRetryAfter,
    Fault::TooMany,
    Fault::Html,
    Fault::BadJson,
    Fault::Oversized,
    Fault::RedirectLoop,
    Fault::RedirectElsewhere,
    Fault::HttpsToHttp,
    Fault::IssuerMismatch,
    Fault::Denied,
    Fault::ExpiredDeviceCode,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cmd {
    Discover,
    Jwks,
    Validate,
    Cc,
    Refresh,
    Token,
    Introspect,
    Device,
}

const CMDS: &[Cmd] = &[
    Cmd::Discover,
    Cmd::Jwks,
    Cmd::Validate,
    Cmd::Cc,
    Cmd::Refresh,
    Cmd::Token,
    Cmd::Introspect,
    Cmd::Device,
];

impl Cmd {
    /// The endpoint whose answer is the fault (the others behave); for
    /// the device flow, the device authorization request, except for an
    /// expired code, which the token endpoint reports while polling.
    fn target(self, fault: Fault, path: &str) -> bool {
        match self {
            Cmd::Discover => path.starts_with("/.well-known/"),
            Cmd::Jwks | Cmd::Validate => path.starts_with("/jwks"),
            Cmd::Cc | Cmd::Refresh | Cmd::Token => path.starts_with("/token"),
            Cmd::Introspect => path.starts_with("/introspect"),
            Cmd::Device if fault == Fault::ExpiredDeviceCode => path.starts_with("/token"),
            Cmd::Device => path.starts_with("/device"),
        }
    }

    /// Whether the fault means something for this command: an OAuth
    /// refusal comes from OAuth endpoints only, an expired device code
    /// from the device flow only.
    fn applies(self, fault: Fault) -> bool {
        match fault {
            Fault::Denied => matches!(
                self,
                Cmd::Cc | Cmd::Refresh | Cmd::Token | Cmd::Introspect | Cmd::Device
            ),
            Fault::ExpiredDeviceCode => self == Cmd::Device,
            _ => true,
        }
    }

    fn args(self, issuer: &str) -> Vec<String> {
        let v: Vec<&str> = match self {
            Cmd::Discover => vec!["discover", issuer],
            Cmd::Jwks => vec!["jwks", issuer],
            Cmd::Validate => vec!["validate", "--issuer", issuer, JWT],
            Cmd::Cc => vec!["cc", "--issuer", issuer, "--client-id", "svc"],
            Cmd::Refresh => vec!["-p", "dev", "refresh"],
            Cmd::Token => vec!["-p", "dev", "token"],
            Cmd::Introspect => {
                vec![
                    "introspect",
                    "--issuer",
                    issuer,
                    "--client-id",
                    "svc",
                    INTROSPECTED,
                ]
            }
            Cmd::Device => vec!["device", "--issuer", issuer, "--client-id", "svc"],
        };
        v.into_iter().map(str::to_owned).collect()
    }
}

/// The faults that only `--timeout` ends.
fn slow(fault: Fault) -> bool {
    matches!(fault, Fault::NeverAnswers | Fault::Trickles)
}

/// A structurally valid RS256 token (the signature does not matter: every
/// row fails before it is checked).
const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.\
                   eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlIiwic3ViIjoidSJ9.\
                   c2lnbmF0dXJl";

/// The expected exit code and a piece of the one-line message.
fn expected(fault: Fault, cmd: Cmd) -> (i32, &'static str) {
    let post = matches!(
        cmd,
        Cmd::Cc | Cmd::Refresh | Cmd::Token | Cmd::Introspect | Cmd::Device
    );
    match fault {
        Fault::Refused => (3, "could not connect"),
        Fault::NeverAnswers | Fault::Trickles => (3, "timed out after 2 s"),
        Fault::ServerError => (
            3,
            "HTTP 503 (temporarily_unavailable: down for maintenance)",
        ),
        Fault::TooManyRetryAfter | Fault::TooMany => (3, "HTTP 429 (rate_limited: slow down)"),
        Fault::Html => (3, "text/html"),
        Fault::BadJson if post => (3, "not a token response"),
        Fault::BadJson => (3, "invalid JSON"),
        Fault::Oversized => (3, "larger than 4194304 bytes"),
        Fault::RedirectLoop | Fault::RedirectElsewhere if post => {
            (3, "does not follow redirects with credentials")
        }
        Fault::RedirectLoop => (3, "more than 5 redirects"),
        Fault::RedirectElsewhere => (3, "HTTP 404"),
        Fault::HttpsToHttp => (3, "from https down to"),
        Fault::IssuerMismatch => (3, "issuer mismatch"),
        Fault::Denied if matches!(cmd, Cmd::Refresh | Cmd::Token) => {
            (4, "invalid_grant (the refresh token was revoked)")
        }
        Fault::Denied => (4, "the server refused: access_denied (not for you)"),
        Fault::ExpiredDeviceCode => (4, "the server refused: expired_token"),
    }
}

/// What the hostile server answers on the faulty endpoint (`None`: the
/// fault is not in that answer).
fn act(fault: Fault, cmd: Cmd, seen: &Seen, elsewhere: u16) -> Option<Act> {
    let oauth = |status: u16, error: &str, description: &str| {
        json_reply(
            status,
            &json!({"error": error, "error_description": description}),
        )
    };
    Some(match fault {
        Fault::NeverAnswers => Act::Hang,
        Fault::Trickles => Act::Trickle,
        Fault::Oversized => raw_head(200, "application/json", 5 << 20),
        Fault::ServerError => oauth(503, "temporarily_unavailable", "down for maintenance"),
        Fault::TooManyRetryAfter => {
            let body = json!({"error": "rate_limited", "error_description": "slow down"});
            raw(
                429,
                &[("Content-Type", "application/json"), ("Retry-After", "1")],
                &body.to_string(),
            )
        }
        Fault::TooMany => oauth(429, "rate_limited", "slow down"),
        Fault::Html => raw(
            200,
            &[("Content-Type", "text/html")],
            "<html>\n<body>Sign in</body>\n</html>\n",
        ),
        Fault::BadJson => raw(
            200,
            &[("Content-Type", "application/json")],
            "{\"issuer\": \"x\",\n \"keys\": [\n",
        ),
        Fault::RedirectLoop => raw(302, &[("Location", seen.path.as_str())], ""),
        Fault::RedirectElsewhere => {
            let to = format!("http://localhost:{elsewhere}{}", seen.path);
            raw(307, &[("Location", to.as_str())], "")
        }
        Fault::Denied if matches!(cmd, Cmd::Refresh | Cmd::Token) => {
            oauth(400, "invalid_grant", "the refresh token was revoked")
        }
        Fault::Denied => oauth(400, "access_denied", "not for you"),
        Fault::ExpiredDeviceCode => oauth(400, "expired_token", "the code has expired"),
        Fault::Refused | Fault::HttpsToHttp | Fault::IssuerMismatch => return None,
    })
}

/// What a well-behaved issuer at `base` answers (`impostor`: a document
/// that names another issuer).
fn good(seen: &Seen, base: &str, impostor: bool) -> Act {
    let path = seen.path.split('?').next().unwrap_or("");
    match path {
        "/.well-known/openid-configuration" => json_reply(
            200,
            &json!({
                "issuer": if impostor { "https://impostor.example" } else { base },
                "token_endpoint": format!("{base}/token"),
                "jwks_uri": format!("{base}/jwks"),
                "introspection_endpoint": format!("{base}/introspect"),
                "device_authorization_endpoint": format!("{base}/device"),
            }),
        ),
        "/jwks" => json_reply(200, &json!({"keys": []})),
        "/device" => json_reply(
            200,
            &json!({
                "device_code": "dc-0123456789",
                "user_code": "WXYZ-2345",
                "verification_uri": format!("{base}/verify"),
                "expires_in": 600,
                "interval": 0,
            }),
        ),
        "/token" => json_reply(
            200,
            &json!({"access_token": "at-fresh-0123456789", "token_type": "Bearer", "expires_in": 600}),
        ),
        "/introspect" => json_reply(200, &json!({"active": false})),
        _ => raw(404, &[("Content-Type", "text/plain")], "not found"),
    }
}

/// One row: its servers, its home (config and store) and its command.
struct Row {
    fault: Fault,
    cmd: Cmd,
}

/// What went wrong in a row, if anything.
fn run_row(row: &Row, tls: &TlsRaw) -> Vec<String> {
    let Row { fault, cmd } = *row;
    let elsewhere = Hostile::start(|_| raw(404, &[("Content-Type", "text/plain")], "not here"));
    let elsewhere_port = elsewhere.port();
    let base_cell: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let base_for_route = Arc::clone(&base_cell);
    let server = Hostile::start(move |seen| {
        let base = base_for_route.lock().expect("lock").clone();
        cmd.target(fault, &seen.path)
            .then(|| act(fault, cmd, seen, elsewhere_port))
            .flatten()
            .unwrap_or_else(|| good(seen, &base, fault == Fault::IssuerMismatch))
    });
    *base_cell.lock().expect("lock") = server.url();
    let own_tls = (fault == Fault::HttpsToHttp).then(|| tls.again());
    let issuer = match (&own_tls, fault) {
        (Some(tls), _) => tls.url(),
        (None, Fault::Refused) => format!("http://127.0.0.1:{}", free_port()),
        (None, _) => server.url(),
    };
    let home = tempfile::tempdir().unwrap();
    seed_home(home.path(), &issuer);
    // Both runs at once: the slow faults mostly wait.
    let (issuer, home_path) = (issuer.as_str(), home.path());
    let mut problems: Vec<String> = std::thread::scope(|s| {
        [false, true]
            .map(|verbose| s.spawn(move || run_once(row, issuer, home_path, tls, verbose)))
            .into_iter()
            .flat_map(|h| h.join().expect("run"))
            .collect()
    });
    if fault == Fault::RedirectElsewhere {
        for s in elsewhere.seen() {
            if s.method != "GET" || CANARIES.iter().any(|c| s.text.contains(c)) {
                problems.push(format!(
                    "{fault:?} × {cmd:?}: another host received {} {}:\n{}",
                    s.method, s.path, s.text
                ));
            }
        }
    }
    if fault == Fault::TooManyRetryAfter && matches!(cmd, Cmd::Cc | Cmd::Refresh | Cmd::Token) {
        // RFC 6585 §4: one retry after the wait the server asked for.
        let tries = server.seen().iter().filter(|s| s.path == "/token").count();
        if tries != 4 {
            problems.push(format!(
                "{fault:?} × {cmd:?}: {tries} token requests in two runs, expected 4"
            ));
        }
    }
    problems
}

/// One run of a row's command, plain or with `-vv`: what went wrong.
fn run_once(row: &Row, issuer: &str, home: &Path, tls: &TlsRaw, verbose: bool) -> Vec<String> {
    let Row { fault, cmd } = *row;
    let mut cmd_line = clean_command(home);
    cmd_line
        .env("OAUTHCTL_CLIENT_SECRET", CLIENT_SECRET)
        .env("OAUTHCTL_STORE", "file")
        .args([
            "--timeout",
            if slow(fault) { "2" } else { "20" },
            "--cacert",
        ])
        .arg(tls.ca())
        .args(cmd.args(issuer));
    if verbose {
        cmd_line.arg("-vv");
    }
    let label = format!("{fault:?} × {cmd:?}{}", if verbose { " -vv" } else { "" });
    let started = Instant::now();
    let Some(out) = run_bounded(cmd_line, Duration::from_secs(30)) else {
        return vec![format!("{label}: still running after 30 s (killed)")];
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    let (want_code, want_text) = expected(fault, cmd);
    let mut problems = Vec::new();
    let mut fail = |what: String| {
        problems.push(format!(
            "{label}: {what}\n    exit {code}, {} ms\n    stdout: {stdout:?}\n    stderr: {stderr:?}",
            elapsed.as_millis()
        ));
    };
    if code != want_code {
        fail(format!("exit {code}, expected {want_code}"));
    }
    // Generous: the slow faults end at --timeout 2 (a trickle or a hang
    // left alone lasts for minutes); the others have --timeout 20, which a
    // healthy run never comes near, so a busy machine does not fail them.
    if slow(fault) && elapsed > Duration::from_secs(12) {
        fail(format!("took {} ms", elapsed.as_millis()));
    }
    for canary in CANARIES {
        if stdout.contains(canary) || stderr.contains(canary) {
            fail(format!("{canary} was printed"));
        }
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        fail("panic".into());
    }
    if !verbose {
        if let Err(e) = one_line(&stderr, cmd) {
            fail(e);
        }
        if !stderr.contains(want_text) {
            fail(format!("stderr lacks {want_text:?}"));
        }
    }
    problems
}

/// The error is one line (`oauthctl: error: …`), followed by at most one
/// `hint:` line; nothing comes before it except the device flow's prompt.
fn one_line(stderr: &str, cmd: Cmd) -> Result<(), String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let errors: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("oauthctl: error: "))
        .map(|(i, _)| i)
        .collect();
    let [at] = errors[..] else {
        return Err(format!("{} error lines", errors.len()));
    };
    let after = &lines[at + 1..];
    if after.len() > 1 || after.iter().any(|l| !l.starts_with("hint: ")) {
        return Err("lines after the error besides one hint".into());
    }
    if at > 0 && cmd != Cmd::Device {
        return Err("lines before the error".into());
    }
    Ok(())
}

/// A profile `dev` for `refresh` and `token`, with a stored login whose
/// access token has expired and whose refresh token is a canary.
fn seed_home(home: &Path, issuer: &str) {
    let config = home.join("config/oauthctl");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        format!("[profiles.dev]\nissuer = \"{issuer}\"\nclient_id = \"svc\"\n"),
    )
    .unwrap();
    let tokens = home.join("state/oauthctl/tokens");
    std::fs::create_dir_all(&tokens).unwrap();
    let entry = json!({
        "issuer": issuer,
        "client_id": "svc",
        "access_token": ACCESS_TOKEN,
        "token_type": "Bearer",
        "expires_at": 1_000_000_000,
        "refresh_token": REFRESH_TOKEN,
    });
    std::fs::write(tokens.join("profile-dev.json"), entry.to_string()).unwrap();
}

/// Run a command to its end, or kill it after `limit` (`None`).
pub fn run_bounded(
    mut cmd: std::process::Command,
    limit: Duration,
) -> Option<std::process::Output> {
    use std::process::Stdio;
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run oauthctl");
    let pid = child.id();
    let done = Arc::new(AtomicBool::new(false));
    let done2 = Arc::clone(&done);
    let killed = Arc::new(AtomicBool::new(false));
    let killed2 = Arc::clone(&killed);
    let watchdog = std::thread::spawn(move || {
        let start = Instant::now();
        while !done2.load(Ordering::SeqCst) {
            if start.elapsed() > limit {
                killed2.store(true, Ordering::SeqCst);
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let out = child.wait_with_output().expect("wait for oauthctl");
    done.store(true, Ordering::SeqCst);
    let _ = watchdog.join();
    (!killed.load(Ordering::SeqCst)).then_some(out)
}

#[test]
fn fault_matrix() {
    // The https issuer for https-to-http: every discovery location
    // redirects to a plain-http URL.
    let tls = TlsRaw::start(|_| {
        let redirect = "HTTP/1.0 302 Found\r\nLocation: http://127.0.0.1:9/x\r\n\
                        Content-Length: 0\r\n\r\n";
        [
            "/.well-known/openid-configuration",
            "/.well-known/oauth-authorization-server",
        ]
        .map(|p| (p.to_owned(), redirect.to_owned()))
        .to_vec()
    });
    let mut rows: Vec<Row> = FAULTS
        .iter()
        .flat_map(|&fault| CMDS.iter().map(move |&cmd| Row { fault, cmd }))
        .filter(|r| r.cmd.applies(r.fault))
        .collect();
    // The slow ones first, so that they wait side by side.
    rows.sort_by_key(|r| !slow(r.fault) && r.fault != Fault::TooManyRetryAfter);
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let problems = Mutex::new(Vec::<String>::new());
    // A few at a time: most rows are quick, the slow ones mostly wait.
    std::thread::scope(|s| {
        for _ in 0..16 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(row) = rows.get(i) else { break };
                    let p = run_row(row, &tls);
                    problems.lock().expect("lock").extend(p);
                }
            });
        }
    });
    let problems = problems.into_inner().expect("lock");
    eprintln!(
        "fault matrix: {} rows × 2 runs in {} ms",
        rows.len(),
        started.elapsed().as_millis()
    );
    assert!(
        problems.is_empty(),
        "{} problems in the fault matrix:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

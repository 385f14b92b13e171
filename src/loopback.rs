//! Every loopback HTTP listener, in one place: the login callback
//! (`flows::login`), `serve`, and the probe's key host
//! (`probe::keyserver`).
//!
//! What it owns: binding (an address, and the first free port of a list or
//! any free one), reading each request into a [`Request`] (method, path,
//! query, headers, a body of at most [`Limits::max_body`] bytes), writing a
//! [`Response`] back, the answers a listener gives on its own
//! ([`Refusal`]), the worker threads and their shutdown. Sockets and HTTP
//! parsing are the vendored `tiny_http`'s; nothing else in oauthctl names
//! it.
//!
//! What it must not do: know a protocol. A listener either hands out one
//! request at a time ([`Listener::next`], the login callback) or answers on
//! worker threads through a [`Service`] ([`Listener::serve`]); what a
//! request means is the caller's. It imports nothing from oauthctl.
//!
//! What a client may send is bounded here, so that every listener gets the
//! same bounds: [`Limits`] is where a new one goes (body size, header size
//! and count, a per-request timeout that also closes idle connections, a
//! cap on open connections), [`Refusal`] the answer when it is exceeded,
//! and [`Listener::serve`]'s worker loop the one place that reads,
//! dispatches and answers. A [`Service`] that panics costs its request a
//! 500, never a worker thread; a listener that fails says so through
//! [`Running::wait`].

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The default largest request body, in bytes: room for any form or small
/// JSON document a loopback client sends.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;

/// What a listener accepts from a client.
///
/// The body is checked here ([`Refusal::BodyTooLarge`], answered by the
/// [`Service`]); the other bounds are enforced by the HTTP layer before a
/// request exists, so no service sees them: a request line longer than
/// `max_header_bytes` is answered 414, more header bytes or headers 431, a
/// request cut off by `timeout` 408, each in plain text, and the connection
/// is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body read, in bytes; a larger one is refused
    /// with 413 and its connection closed (a body announced larger is not
    /// read at all).
    pub max_body: usize,
    /// The longest request line, and the most bytes of header lines in one
    /// request.
    pub max_header_bytes: usize,
    /// The most header lines in one request.
    pub max_headers: usize,
    /// How long a client has to send a request's line and headers, and
    /// then its body; a connection idle for that long is closed. Bounds
    /// the threads that slow or silent clients can hold.
    pub timeout: Duration,
    /// The most connections open at once. Beyond it a new connection waits
    /// (in the system's listen queue) until one closes, rather than being
    /// refused: a refusal could turn away the browser's one real callback
    /// during a burst, while `timeout` frees a slot within that time.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: DEFAULT_MAX_BODY,
            // Browsers send a few KiB at most; 32 KiB leaves room for big
            // cookies.
            max_header_bytes: 32 * 1024,
            max_headers: 100,
            timeout: Duration::from_secs(30),
            // A browser keeps about six per origin; tests and scripts a
            // few more.
            max_connections: 64,
        }
    }
}

impl Limits {
    fn connection_limits(&self) -> tiny_http::ConnectionLimits {
        tiny_http::ConnectionLimits {
            header_bytes: self.max_header_bytes,
            headers: self.max_headers,
            timeout: Some(self.timeout),
            connections: self.max_connections.max(1),
        }
    }
}

/// A request, fully read.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, … in upper case.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (no `?`).
    pub query: String,
    /// The protocol version, e.g. `HTTP/1.1`.
    pub version: String,
    /// Headers with lowercase names, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// On a TLS listener that asks for client certificates ([`Tls`]), the
    /// certificate the client presented in the handshake (DER), whose
    /// private key it proved to hold. Nothing else about it is checked:
    /// whether it authenticates anyone is the caller's decision.
    pub peer_certificate: Option<Vec<u8>>,
    /// The rest of the chain the client sent after its certificate (DER,
    /// intermediates), for a caller that checks the chain itself.
    pub peer_intermediates: Vec<Vec<u8>>,
}

impl Request {
    /// A request from a method and a target (`/path?query`), HTTP/1.1, no
    /// headers, no body.
    pub fn new(method: &str, target: &str) -> Request {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            query: query.to_owned(),
            version: "HTTP/1.1".to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            peer_certificate: None,
            peer_intermediates: Vec::new(),
        }
    }

    /// Add a header (builder style).
    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Set an `application/x-www-form-urlencoded` body (builder style).
    pub fn form_body(mut self, pairs: &[(&str, &str)]) -> Request {
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            ser.append_pair(k, v);
        }
        self.body = ser.finish().into_bytes();
        self.header("content-type", "application/x-www-form-urlencoded")
    }

    /// The target as sent: the path, and `?query` when there is one.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// The request line, e.g. `GET /jwks.json HTTP/1.1`.
    pub fn request_line(&self) -> String {
        format!("{} {} {}", self.method, self.target(), self.version)
    }

    /// The first header with this (lowercase) name.
    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The query's name/value pairs, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    /// A cookie's value.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "cookie")
            .flat_map(|(_, v)| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }
}

/// A response.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(&'static str, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl Response {
    /// A body of this content type, with no other header.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_owned())],
            body: body.into(),
        }
    }

    /// A JSON body that may be cached briefly and read from any origin
    /// (metadata, keys).
    pub fn json_public(value: &Value) -> Response {
        Response::new(200, "application/json", value.to_string())
            .with("Cache-Control", "public, max-age=60")
            .with("Access-Control-Allow-Origin", "*")
    }

    /// A JSON body that must not be stored: tokens, token metadata, user
    /// claims (RFC 6749 §5.1).
    pub fn json(status: u16, value: &Value) -> Response {
        Response::new(status, "application/json", value.to_string())
            .with("Cache-Control", "no-store")
            .with("Pragma", "no-cache")
    }

    /// An HTML page; framing is refused (clickjacking), nothing is loaded
    /// from anywhere, and no referrer leaves it.
    pub fn html(status: u16, body: String) -> Response {
        Response::new(status, "text/html; charset=utf-8", body)
            .with("Cache-Control", "no-store")
            .with(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
            )
            .with("X-Frame-Options", "DENY")
            .with("Referrer-Policy", "no-referrer")
    }

    /// A redirect (303 after a POST, so the browser follows with a GET);
    /// the URL it leaves is not sent on as a referrer.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response {
            status,
            headers: vec![
                ("Location", location.to_owned()),
                ("Cache-Control", "no-store".into()),
                ("Referrer-Policy", "no-referrer".into()),
            ],
            body: Vec::new(),
        }
    }

    /// A plain-text body.
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", body).with("Cache-Control", "no-store")
    }

    /// Add a header (builder style).
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The first header with this name (any case).
    pub fn get_header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (tests).
    pub fn json_body(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Escape text for HTML, for the pages a listener serves.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Why a listener answered a request itself instead of passing it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The body is larger than [`Limits::max_body`] (413).
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (400).
    BodyUnreadable,
    /// The service failed (panicked) while answering (500); the listener
    /// goes on.
    ServiceFailed,
}

impl Refusal {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::BodyTooLarge { .. } => 413,
            Refusal::BodyUnreadable => 400,
            Refusal::ServiceFailed => 500,
        }
    }

    /// What went wrong, for the client.
    pub fn message(&self) -> String {
        match self {
            Refusal::BodyTooLarge { limit } => format!("the body is larger than {limit} bytes"),
            Refusal::BodyUnreadable => "the body could not be read".to_owned(),
            Refusal::ServiceFailed => "the server failed while answering this request".to_owned(),
        }
    }

    /// The plain-text answer, for a [`Service`] that has no format of its
    /// own.
    pub fn to_response(&self) -> Response {
        Response::text(self.status(), &format!("{}\n", self.message()))
    }
}

/// What answers requests on a listener's worker threads.
///
/// A closure `Fn(&Request) -> Response` is a service that refuses in plain
/// text.
pub trait Service: Send + Sync + 'static {
    /// Answer one request.
    fn handle(&self, request: &Request) -> Response;

    /// The answer to a request the listener refused (its body is empty),
    /// or that [`Service::handle`] failed to answer
    /// ([`Refusal::ServiceFailed`]).
    fn refuse(&self, request: &Request, refusal: &Refusal) -> Response {
        let _ = request;
        refusal.to_response()
    }
}

impl<F> Service for F
where
    F: Fn(&Request) -> Response + Send + Sync + 'static,
{
    fn handle(&self, request: &Request) -> Response {
        self(request)
    }
}

/// A listener that could not be bound.
#[derive(Debug, thiserror::Error)]
pub enum BindError {
    /// Every port asked for is taken.
    #[error("{}", in_use(*ip, ports))]
    InUse {
        /// The address.
        ip: IpAddr,
        /// The ports tried, in order.
        ports: Vec<u16>,
        /// What the last attempt said.
        #[source]
        source: io::Error,
    },
    /// Binding failed for another reason (no such address, no permission,
    /// a TLS certificate or key that TLS refuses).
    #[error("cannot listen on {addr}")]
    Failed {
        /// The address and port tried.
        addr: SocketAddr,
        /// What the system said.
        #[source]
        source: io::Error,
    },
}

impl BindError {
    /// What the system said.
    pub fn cause(&self) -> &io::Error {
        match self {
            BindError::InUse { source, .. } | BindError::Failed { source, .. } => source,
        }
    }
}

/// `port 8400 on 127.0.0.1 is in use`, `ports 8400, 8401 on 127.0.0.1 are
/// all in use`.
fn in_use(ip: IpAddr, ports: &[u16]) -> String {
    let list = ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if ports.len() == 1 {
        format!("port {list} on {ip} is in use")
    } else {
        format!("ports {list} on {ip} are all in use")
    }
}

/// What a listener serves HTTPS with ([`Listener::bind_tls`]).
#[derive(Clone)]
pub struct Tls {
    /// The certificate chain, PEM, the server's own certificate first.
    pub certificate_pem: Vec<u8>,
    /// Its private key, PEM (PKCS#8, PKCS#1 RSA or SEC1 EC).
    pub key_pem: Vec<u8>,
    /// Ask each client for a certificate, without requiring one, and
    /// take any (self-signed included) that the client proves it holds the
    /// key of ([`Request::peer_certificate`]).
    pub client_certificates: bool,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("client_certificates", &self.client_certificates)
            .finish_non_exhaustive()
    }
}

/// A bound listener, not yet answering.
pub struct Listener {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    limits: Limits,
    tls: bool,
}

impl std::fmt::Debug for Listener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listener")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Listener {
    /// Listen on `ip` at the first free port of `ports`, or at any free
    /// port when `ports` is empty (or is `[0]`). A port in use moves on to
    /// the next; any other failure stops at once.
    pub fn bind(ip: IpAddr, ports: &[u16]) -> Result<Listener, BindError> {
        Listener::bind_with(ip, ports, None)
    }

    /// As [`Listener::bind`], serving HTTPS with `tls`.
    pub fn bind_tls(ip: IpAddr, ports: &[u16], tls: &Tls) -> Result<Listener, BindError> {
        Listener::bind_with(ip, ports, Some(tls))
    }

    fn bind_with(ip: IpAddr, ports: &[u16], tls: Option<&Tls>) -> Result<Listener, BindError> {
        let candidates: &[u16] = if ports.is_empty() { &[0] } else { ports };
        let mut last = io::Error::from(io::ErrorKind::AddrInUse);
        for &port in candidates {
            let addr = SocketAddr::new(ip, port);
            let tcp = match TcpListener::bind(addr) {
                Ok(l) => l,
                Err(e) if e.kind() == io::ErrorKind::AddrInUse && port != 0 => {
                    last = e;
                    continue;
                }
                Err(source) => return Err(BindError::Failed { addr, source }),
            };
            let bound = tcp
                .local_addr()
                .map_err(|source| BindError::Failed { addr, source })?;
            let ssl = tls.map(|t| tiny_http::SslConfig {
                certificate: t.certificate_pem.clone(),
                private_key: t.key_pem.clone(),
                client_certificates: t.client_certificates,
            });
            // The socket is bound: what fails now is the TLS set-up.
            let http =
                tiny_http::Server::from_listener(tcp, ssl).map_err(|e| BindError::Failed {
                    addr,
                    source: io::Error::other(match tls {
                        Some(_) => format!("TLS certificate and key: {e}"),
                        None => e.to_string(),
                    }),
                })?;
            http.set_limits(Limits::default().connection_limits());
            return Ok(Listener {
                http: Arc::new(http),
                addr: bound,
                limits: Limits::default(),
                tls: tls.is_some(),
            });
        }
        Err(BindError::InUse {
            ip,
            ports: ports.to_vec(),
            source: last,
        })
    }

    /// The same listener with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Listener {
        self.http.set_limits(limits.connection_limits());
        self.limits = limits;
        self
    }

    /// The address and port it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR:PORT` (`http://[::1]:PORT` for IPv6), `https://…` for
    /// a TLS listener.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The next request, fully read, waiting at most `timeout`; `None` when
    /// none came in time. Requests that the listener refuses are answered
    /// here and the wait goes on.
    pub fn next(&self, timeout: Duration) -> io::Result<Option<Exchange>> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            let Some(mut raw) = self.http.recv_timeout(left)? else {
                return Ok(None);
            };
            match read(&mut raw, self.limits) {
                (request, None) => return Ok(Some(Exchange { request, raw })),
                (_, Some(refusal)) => respond_and_close(raw, refusal.to_response()),
            }
        }
    }

    /// Answer every request with `service` on `workers` threads (at least
    /// one) until the returned [`Running`] is stopped or dropped, or the
    /// listener fails ([`Running::wait`] says why).
    ///
    /// A service that panics does not take its thread with it: the request
    /// is answered as [`Refusal::ServiceFailed`] (500) and the thread goes
    /// on to the next one.
    pub fn serve(self, workers: usize, service: impl Service) -> Running {
        let service: Arc<dyn Service> = Arc::new(service);
        let shared = Arc::new(Shared {
            stopping: AtomicBool::new(false),
            failure: Mutex::new(None),
        });
        let count = workers.max(1);
        let workers = (0..count)
            .map(|_| {
                let (http, service, shared) = (
                    Arc::clone(&self.http),
                    Arc::clone(&service),
                    Arc::clone(&shared),
                );
                let limits = self.limits;
                std::thread::spawn(move || {
                    loop {
                        match http.recv() {
                            Ok(raw) => answer(service.as_ref(), raw, limits),
                            Err(_) if shared.stopping.load(Ordering::SeqCst) => break,
                            Err(e) => {
                                // The HTTP layer stops accepting after an
                                // error it cannot get over: this listener
                                // is done. Say why, and stop the others.
                                if let Ok(mut f) = shared.failure.lock() {
                                    f.get_or_insert(e);
                                }
                                shared.stopping.store(true, Ordering::SeqCst);
                                for _ in 1..count {
                                    http.unblock();
                                }
                                break;
                            }
                        }
                    }
                })
            })
            .collect();
        Running {
            listener: self,
            workers,
            shared,
        }
    }
}

/// What a listener's worker threads share.
#[derive(Debug)]
struct Shared {
    stopping: AtomicBool,
    /// Why the listener stopped on its own.
    failure: Mutex<Option<io::Error>>,
}

/// One request handed out by [`Listener::next`], waiting for its answer.
pub struct Exchange {
    /// The request.
    pub request: Request,
    raw: tiny_http::Request,
}

impl std::fmt::Debug for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exchange")
            .field("request", &self.request.request_line())
            .finish_non_exhaustive()
    }
}

impl Exchange {
    /// Answer it (a client that went away is not an error).
    pub fn respond(self, response: Response) {
        respond(self.raw, response);
    }
}

/// A listener answering on worker threads. Take its address from the
/// [`Listener`] before [`Listener::serve`].
#[derive(Debug)]
pub struct Running {
    listener: Listener,
    workers: Vec<JoinHandle<()>>,
    shared: Arc<Shared>,
}

impl Running {
    /// Serve until the process ends, or until the listener fails: then the
    /// error says why. It never returns `Ok` on its own, so a caller that
    /// waits can treat any return as the listener's end.
    pub fn wait(mut self) -> io::Result<()> {
        let mut lost = false;
        for w in self.workers.drain(..) {
            lost |= w.join().is_err();
        }
        let failure = self.shared.failure.lock().ok().and_then(|mut f| f.take());
        match failure {
            Some(e) => Err(e),
            // Cannot happen (a worker catches what its service throws);
            // said rather than reported as a clean stop.
            None if lost => Err(io::Error::other("the listener's threads failed")),
            None => Err(io::Error::other("the listener stopped")),
        }
    }

    /// Stop: finish the requests being answered, close the socket.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Each unblock wakes one worker waiting for a request.
        for _ in 0..self.workers.len() {
            self.listener.http.unblock();
        }
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if !self.workers.is_empty() {
            self.shutdown();
        }
    }
}

/// Read one request, let the service answer it (or refuse it), send the
/// answer. A panic in the service is caught here, answered 500, and goes
/// no further.
fn answer(service: &dyn Service, mut raw: tiny_http::Request, limits: Limits) {
    match read(&mut raw, limits) {
        (request, None) => {
            let handled = panic::catch_unwind(AssertUnwindSafe(|| service.handle(&request)));
            let response =
                handled.unwrap_or_else(|_| refuse(service, &request, &Refusal::ServiceFailed));
            respond(raw, response);
        }
        (request, Some(refusal)) => {
            let response = refuse(service, &request, &refusal);
            // The body was not read (or not all of it): close, so that the
            // rest is neither drained nor taken for the next request.
            respond_and_close(raw, response);
        }
    }
}

/// The service's answer to a refusal, or the plain one if that panics too.
fn refuse(service: &dyn Service, request: &Request, refusal: &Refusal) -> Response {
    panic::catch_unwind(AssertUnwindSafe(|| service.refuse(request, refusal)))
        .unwrap_or_else(|_| refusal.to_response())
}

/// The typed request: method, target, headers, and the body when it fits
/// the limits; else the request without its body, and why it was refused.
fn read(raw: &mut tiny_http::Request, limits: Limits) -> (Request, Option<Refusal>) {
    let mut request = Request::new(raw.method().as_str(), raw.url());
    request.version = format!("HTTP/{}", raw.http_version());
    if let Some((leaf, rest)) = raw.peer_certificates().and_then(|c| c.split_first()) {
        request.peer_certificate = Some(leaf.clone());
        request.peer_intermediates = rest.to_vec();
    }
    request.headers = raw
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().to_owned(),
            )
        })
        .collect();
    let max = limits.max_body;
    // Announced too large: refused before a byte of it is read (nor is it
    // drained: the connection is closed after the answer).
    if raw.body_length().is_some_and(|n| n > max) {
        return (request, Some(Refusal::BodyTooLarge { limit: max }));
    }
    let mut body = Vec::new();
    let read = raw.as_reader().take(max as u64 + 1).read_to_end(&mut body);
    if body.len() > max {
        return (request, Some(Refusal::BodyTooLarge { limit: max }));
    }
    if read.is_err() {
        return (request, Some(Refusal::BodyUnreadable));
    }
    request.body = body;
    (request, None)
}

fn respond(raw: tiny_http::Request, response: Response) {
    // A client that went away is not the listener's problem.
    let _ = raw.respond(to_tiny(response));
}

/// Answer, then close the connection without reading the rest of the
/// request.
fn respond_and_close(raw: tiny_http::Request, response: Response) {
    let _ = raw.respond_and_close(to_tiny(response));
}

fn to_tiny(response: Response) -> tiny_http::Response<io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    for (k, v) in response.headers {
        let value = header_value(&v);
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), value.as_bytes()) {
            out.add_header(h);
        }
    }
    out
}

/// A header value as it may go on the wire: visible ASCII, spaces and tabs
/// (RFC 9110 §5.5). Anything else becomes `?`: a non-ASCII character (a
/// `§` in an error description) would otherwise make tiny_http drop the
/// whole header, and CR or LF would split the response.
fn header_value(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            ' ' | '\t' | '!'..='~' => c,
            _ => '?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::{Ipv4Addr, TcpStream};

    const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn header_values_keep_their_ascii_and_lose_what_could_split_or_drop_them() {
        assert_eq!(
            header_value("Bearer error=\"x\", error_description=\"RFC 9449 §4.3\""),
            "Bearer error=\"x\", error_description=\"RFC 9449 ?4.3\""
        );
        assert_eq!(header_value("a\r\nSet-Cookie: x=1"), "a??Set-Cookie: x=1");
        assert_eq!(header_value("tab\there"), "tab\there");
    }

    /// A generous bound on any wait in these tests: a listener that holds a
    /// client longer than this is broken, not slow.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// A connection that gives up reading after [`PATIENCE`].
    fn connect(base: &str) -> TcpStream {
        let s = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s
    }

    /// Send raw bytes, read the whole answer (the request says close, or
    /// the listener closes).
    fn exchange(base: &str, raw: &[u8]) -> String {
        let mut s = connect(base);
        s.write_all(raw).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    /// Read until the listener closes the connection; `Err` when it is
    /// still open after [`PATIENCE`].
    fn until_closed(s: &mut TcpStream) -> Result<String, String> {
        let mut out = Vec::new();
        let mut buf = [0u8; 1024];
        loop {
            match s.read(&mut buf) {
                Ok(0) => return Ok(String::from_utf8_lossy(&out).into_owned()),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(format!("still open after {PATIENCE:?}"));
                }
                // Reset: closed, with what came before.
                Err(_) => return Ok(String::from_utf8_lossy(&out).into_owned()),
            }
        }
    }

    #[test]
    fn a_service_sees_the_typed_request() {
        let listener = Listener::bind(LOCALHOST, &[]).unwrap();
        let base = listener.base_url();
        let running = listener.serve(2, |r: &Request| {
            Response::text(
                200,
                &format!(
                    "{}|{}|{}|{:?}|{}",
                    r.request_line(),
                    r.path,
                    r.query,
                    r.get_header("x-a"),
                    String::from_utf8_lossy(&r.body)
                ),
            )
        });
        let out = exchange(
            &base,
            b"POST /p/q?a=1&b=2 HTTP/1.1\r\nX-A: v\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
        );
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        assert!(
            out.ends_with("POST /p/q?a=1&b=2 HTTP/1.1|/p/q|a=1&b=2|Some(\"v\")|abc"),
            "{out}"
        );
        running.stop();
    }

    #[test]
    fn an_oversized_body_is_refused_before_the_service() {
        let listener = Listener::bind(LOCALHOST, &[]).unwrap().with_limits(Limits {
            max_body: 4,
            ..Limits::default()
        });
        let base = listener.base_url();
        let _running = listener.serve(1, |_: &Request| Response::text(200, "handled"));
        let out = exchange(
            &base,
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde",
        );
        assert!(out.starts_with("HTTP/1.1 413"), "{out}");
        assert!(out.ends_with("the body is larger than 4 bytes\n"), "{out}");
    }

    #[test]
    fn a_huge_announced_body_is_refused_unread_and_its_connection_closed() {
        // Issue 12: this request aborted the process (the HTTP layer
        // allocated the whole announced body to drop it).
        let listener = Listener::bind(LOCALHOST, &[]).unwrap();
        let base = listener.base_url();
        let _running = listener.serve(1, |_: &Request| Response::text(200, "handled"));
        let mut s = connect(&base);
        // A request pipelined behind the body must not be taken for one.
        s.write_all(
            b"POST / HTTP/1.1\r\nContent-Length: 1000000000000000000\r\n\r\nabc\
              GET /smuggled HTTP/1.1\r\n\r\n",
        )
        .unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        let out = until_closed(&mut s).unwrap();
        assert!(out.starts_with("HTTP/1.1 413"), "{out}");
        assert!(out.contains("Connection: close"), "{out}");
        assert!(!out.contains("handled"), "{out}");
        assert_eq!(out.matches("HTTP/1.1 ").count(), 1, "{out}");
        // And the listener is still there.
        let out = exchange(&base, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.ends_with("handled"), "{out}");
    }

    #[test]
    fn a_panicking_service_answers_500_and_every_worker_goes_on() {
        let listener = Listener::bind(LOCALHOST, &[]).unwrap();
        let base = listener.base_url();
        let _running = listener.serve(2, |r: &Request| {
            if r.path == "/boom" {
                panic!("a handler bug");
            }
            Response::text(200, "fine")
        });
        // More panics than workers: before, each took its thread with it
        // and the listener went deaf.
        for _ in 0..6 {
            let out = exchange(&base, b"GET /boom HTTP/1.1\r\nConnection: close\r\n\r\n");
            assert!(out.starts_with("HTTP/1.1 500"), "{out}");
            assert!(
                out.ends_with("the server failed while answering this request\n"),
                "{out}"
            );
        }
        let out = exchange(&base, b"GET /ok HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.ends_with("fine"), "{out}");
    }

    #[test]
    fn a_service_that_panics_when_refusing_too_gets_the_plain_answer() {
        struct Broken;
        impl Service for Broken {
            fn handle(&self, _: &Request) -> Response {
                panic!("handle");
            }
            fn refuse(&self, _: &Request, _: &Refusal) -> Response {
                panic!("refuse");
            }
        }
        let listener = Listener::bind(LOCALHOST, &[]).unwrap();
        let base = listener.base_url();
        let _running = listener.serve(1, Broken);
        for _ in 0..2 {
            let out = exchange(&base, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
            assert!(out.starts_with("HTTP/1.1 500"), "{out}");
        }
    }

    #[test]
    fn oversized_or_too_many_headers_get_431_and_a_long_request_line_414() {
        let listener = Listener::bind(LOCALHOST, &[]).unwrap().with_limits(Limits {
            max_header_bytes: 1024,
            max_headers: 10,
            ..Limits::default()
        });
        let base = listener.base_url();
        let _running = listener.serve(1, |_: &Request| Response::text(200, "handled"));
        let send =
            |head: String| exchange(&base, format!("{head}Connection: close\r\n\r\n").as_bytes());

        let big = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n", "a".repeat(2000));
        let out = send(big);
        assert!(out.starts_with("HTTP/1.1 431"), "{out}");
        assert!(out.contains("Connection: close"), "{out}");
        let many: String = (0..11).map(|i| format!("X-{i}: v\r\n")).collect();
        let out = send(format!("GET / HTTP/1.1\r\n{many}"));
        assert!(out.starts_with("HTTP/1.1 431"), "{out}");
        let out = send(format!("GET /{} HTTP/1.1\r\n", "a".repeat(2000)));
        assert!(out.starts_with("HTTP/1.1 414"), "{out}");
        // Within the limits (the Connection header is the tenth).
        let nine: String = (0..9).map(|i| format!("X-{i}: v\r\n")).collect();
        let out = send(format!("GET / HTTP/1.1\r\n{nine}"));
        assert!(out.ends_with("handled"), "{out}");
    }

    #[test]
    fn idle_and_trickling_connections_are_closed_and_new_ones_answered() {
        let listener = Listener::bind(LOCALHOST, &[]).unwrap().with_limits(Limits {
            timeout: Duration::from_secs(1),
            max_connections: 4,
            ..Limits::default()
        });
        let base = listener.base_url();
        let _running = listener.serve(2, |_: &Request| Response::text(200, "handled"));
        // Twice the cap of connections that never send a byte …
        let mut idle: Vec<TcpStream> = (0..8).map(|_| connect(&base)).collect();
        // … one that sends a started request and then trickles …
        let mut trickle = connect(&base);
        trickle.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let mut writer = trickle.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..200 {
                std::thread::sleep(Duration::from_millis(100));
                if writer.write_all(b"X").is_err() {
                    break;
                }
            }
        });
        // … and still a new client is answered.
        let out = exchange(&base, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assert!(out.ends_with("handled"), "{out}");
        for (i, s) in idle.iter_mut().enumerate() {
            let out = until_closed(s).unwrap_or_else(|e| panic!("idle connection {i}: {e}"));
            assert_eq!(out, "", "an idle connection is closed without an answer");
        }
        let out = until_closed(&mut trickle).unwrap();
        assert!(out.is_empty() || out.starts_with("HTTP/1.1 408"), "{out}");
    }

    #[test]
    fn ports_in_use_are_skipped_and_named_when_all_are() {
        let busy = TcpListener::bind((LOCALHOST, 0)).unwrap();
        let taken = busy.local_addr().unwrap().port();
        let free_port = TcpListener::bind((LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let l = Listener::bind(LOCALHOST, &[taken, free_port]).unwrap();
        assert_eq!(l.local_addr().port(), free_port);
        let e = Listener::bind(LOCALHOST, &[taken]).unwrap_err();
        assert!(matches!(e, BindError::InUse { .. }), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!("port {taken} on 127.0.0.1 is in use")
        );
        assert_eq!(e.cause().kind(), io::ErrorKind::AddrInUse);
    }

    #[test]
    fn next_hands_out_one_request_and_times_out() {
        let l = Listener::bind(LOCALHOST, &[]).unwrap();
        assert!(l.next(Duration::from_millis(20)).unwrap().is_none());
        let base = l.base_url();
        let client = std::thread::spawn(move || {
            exchange(
                &base,
                b"GET /callback?code=c&state=s HTTP/1.1\r\nConnection: close\r\n\r\n",
            )
        });
        let ex = l.next(Duration::from_secs(10)).unwrap().unwrap();
        assert_eq!(ex.request.path, "/callback");
        assert_eq!(
            ex.request.query_pairs(),
            vec![("code".into(), "c".into()), ("state".into(), "s".into())]
        );
        ex.respond(Response::redirect(302, "/there"));
        let out = client.join().unwrap();
        assert!(out.starts_with("HTTP/1.1 302"), "{out}");
        assert!(out.contains("Location: /there"), "{out}");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html_escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}

#[cfg(test)]
mod tls_tests {
    use super::*;
    use std::net::{Ipv4Addr, TcpStream};

    const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    /// A self-signed ECDSA certificate for `name`: (certificate PEM, key
    /// PEM, certificate DER).
    fn cert(name: &str, server: bool) -> (String, String, Vec<u8>) {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec![name.to_owned()]).unwrap();
        if server {
            params
                .subject_alt_names
                .push(rcgen::SanType::IpAddress(LOCALHOST));
            params.is_ca = rcgen::IsCa::ExplicitNoCa;
        }
        let c = params.self_signed(&key).unwrap();
        let pem = |tag: &str, der: Vec<u8>| pem::encode(&pem::Pem::new(tag, der));
        (
            pem("CERTIFICATE", c.der().to_vec()),
            pem("PRIVATE KEY", key.serialize_der()),
            c.der().to_vec(),
        )
    }

    fn tls_listener(client_certificates: bool) -> (Listener, String) {
        let (pem, key, _) = cert("localhost", true);
        let tls = Tls {
            certificate_pem: pem.clone().into_bytes(),
            key_pem: key.into_bytes(),
            client_certificates,
        };
        (Listener::bind_tls(LOCALHOST, &[], &tls).unwrap(), pem)
    }

    fn client(ca: &str, identity: Option<(&str, &str)>) -> reqwest::blocking::Client {
        let mut b = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(10))
            .tls_certs_merge(reqwest::Certificate::from_pem_bundle(ca.as_bytes()).unwrap());
        if let Some((c, k)) = identity {
            b = b.identity(reqwest::Identity::from_pem(format!("{c}\n{k}").as_bytes()).unwrap());
        }
        b.build().unwrap()
    }

    /// The service answers with the certificate it saw, hex.
    fn echo(r: &Request) -> Response {
        let seen = r
            .peer_certificate
            .as_ref()
            .map_or("none".to_owned(), hex::encode);
        Response::text(200, &seen)
    }

    #[test]
    fn a_tls_listener_hands_the_client_certificate_to_the_service() {
        let (listener, ca) = tls_listener(true);
        let base = listener.base_url();
        assert!(base.starts_with("https://127.0.0.1:"), "{base}");
        let _running = listener.serve(2, echo);
        let (c, k, der) = cert("robot", false);
        let got = client(&ca, Some((&c, &k)))
            .get(format!("{base}/x"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(got, hex::encode(&der));
        // Asked for, not required.
        let got = client(&ca, None)
            .get(format!("{base}/x"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(got, "none");
    }

    #[test]
    fn without_client_certificates_none_is_asked_for() {
        let (listener, ca) = tls_listener(false);
        let base = listener.base_url();
        let _running = listener.serve(1, echo);
        let (c, k, _) = cert("robot", false);
        let got = client(&ca, Some((&c, &k)))
            .get(format!("{base}/x"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(got, "none");
    }

    #[test]
    fn a_silent_tls_client_is_closed_after_the_timeout() {
        let (listener, ca) = tls_listener(true);
        let listener = listener.with_limits(Limits {
            timeout: Duration::from_secs(1),
            max_connections: 2,
            ..Limits::default()
        });
        let base = listener.base_url();
        let _running = listener.serve(2, echo);
        // Connections that never start the handshake …
        let mut idle: Vec<TcpStream> = (0..4)
            .map(|_| {
                let s = TcpStream::connect(base.trim_start_matches("https://")).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                s
            })
            .collect();
        // … are closed, and a real client is answered meanwhile.
        let got = client(&ca, None)
            .get(format!("{base}/x"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        assert_eq!(got, "none");
        for s in &mut idle {
            let mut buf = [0u8; 16];
            match s.read(&mut buf) {
                Ok(0) => {}
                Err(e) if e.kind() == io::ErrorKind::ConnectionReset => {}
                other => panic!("an idle TLS connection is still open: {other:?}"),
            }
        }
    }

    #[test]
    fn a_key_that_is_not_pem_is_refused_at_bind() {
        let (pem, _, _) = cert("localhost", true);
        let tls = Tls {
            certificate_pem: pem.into_bytes(),
            key_pem: b"not a key".to_vec(),
            client_certificates: true,
        };
        let e = Listener::bind_tls(LOCALHOST, &[], &tls).unwrap_err();
        assert!(e.cause().to_string().contains("TLS"), "{e}: {}", e.cause());
        assert!(!format!("{tls:?}").contains("not a key"));
    }
}

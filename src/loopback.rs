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
//! same bounds: [`Limits`] is where a new one goes, [`Refusal`] the answer
//! when it is exceeded, and [`Listener::serve`]'s worker loop the one place
//! that reads, dispatches and answers.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The default largest request body, in bytes: room for any form or small
/// JSON document a loopback client sends.
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;

/// What a listener accepts from a client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body read, in bytes; a larger one is refused
    /// with 413.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: DEFAULT_MAX_BODY,
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
}

impl Refusal {
    /// The HTTP status of the refusal.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::BodyTooLarge { .. } => 413,
            Refusal::BodyUnreadable => 400,
        }
    }

    /// What went wrong, for the client.
    pub fn message(&self) -> String {
        match self {
            Refusal::BodyTooLarge { limit } => format!("the body is larger than {limit} bytes"),
            Refusal::BodyUnreadable => "the body could not be read".to_owned(),
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

    /// The answer to a request the listener refused (its body is empty).
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
    /// Binding failed for another reason (no such address, no permission).
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

/// A bound listener, not yet answering.
pub struct Listener {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    limits: Limits,
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
            let http =
                tiny_http::Server::from_listener(tcp, None).map_err(|e| BindError::Failed {
                    addr,
                    source: io::Error::other(e),
                })?;
            return Ok(Listener {
                http: Arc::new(http),
                addr: bound,
                limits: Limits::default(),
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
        self.limits = limits;
        self
    }

    /// The address and port it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR:PORT` (`http://[::1]:PORT` for IPv6).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
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
                (_, Some(refusal)) => respond(raw, refusal.to_response()),
            }
        }
    }

    /// Answer every request with `service` on `workers` threads (at least
    /// one) until the returned [`Running`] is stopped or dropped.
    pub fn serve(self, workers: usize, service: impl Service) -> Running {
        let service: Arc<dyn Service> = Arc::new(service);
        let stopping = Arc::new(AtomicBool::new(false));
        let workers = (0..workers.max(1))
            .map(|_| {
                let (http, service, stopping) = (
                    Arc::clone(&self.http),
                    Arc::clone(&service),
                    Arc::clone(&stopping),
                );
                let limits = self.limits;
                std::thread::spawn(move || {
                    loop {
                        match http.recv() {
                            Ok(raw) => answer(service.as_ref(), raw, limits),
                            Err(_) if stopping.load(Ordering::SeqCst) => break,
                            Err(_) => continue,
                        }
                    }
                })
            })
            .collect();
        Running {
            listener: self,
            workers,
            stopping,
        }
    }
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
    stopping: Arc<AtomicBool>,
}

impl Running {
    /// Serve until the process ends.
    pub fn wait(mut self) {
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }

    /// Stop: finish the requests being answered, close the socket.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
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
/// answer.
fn answer(service: &dyn Service, mut raw: tiny_http::Request, limits: Limits) {
    let response = match read(&mut raw, limits) {
        (request, None) => service.handle(&request),
        (request, Some(refusal)) => service.refuse(&request, &refusal),
    };
    respond(raw, response);
}

/// The typed request: method, target, headers, and the body when it fits
/// the limits; else the request without its body, and why it was refused.
fn read(raw: &mut tiny_http::Request, limits: Limits) -> (Request, Option<Refusal>) {
    let mut request = Request::new(raw.method().as_str(), raw.url());
    request.version = format!("HTTP/{}", raw.http_version());
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
    let announced_too_big = raw.body_length().is_some_and(|n| n > max);
    let mut body = Vec::new();
    let read = raw.as_reader().take(max as u64 + 1).read_to_end(&mut body);
    if announced_too_big || body.len() > max {
        return (request, Some(Refusal::BodyTooLarge { limit: max }));
    }
    if read.is_err() {
        return (request, Some(Refusal::BodyUnreadable));
    }
    request.body = body;
    (request, None)
}

fn respond(raw: tiny_http::Request, response: Response) {
    let mut out = tiny_http::Response::from_data(response.body).with_status_code(response.status);
    for (k, v) in response.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    // A client that went away is not the listener's problem.
    let _ = raw.respond(out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::{Ipv4Addr, TcpStream};

    const LOCALHOST: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    /// Send raw bytes, read the whole answer (the request says close).
    fn exchange(base: &str, raw: &[u8]) -> String {
        let mut s = TcpStream::connect(base.trim_start_matches("http://")).unwrap();
        s.write_all(raw).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
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
        let listener = Listener::bind(LOCALHOST, &[])
            .unwrap()
            .with_limits(Limits { max_body: 4 });
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

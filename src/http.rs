//! The one HTTP client: timeouts, response size caps, TLS options, redirect
//! rules and redacted tracing.
//!
//! Protocol code builds a [`Request`] and reads a [`Response`]; only this
//! module touches the network, through one small [`Transport`] trait:
//! [`ReqwestTransport`] on the wire, or a closure in unit tests
//! ([`HttpClient::with_transport`]) that asserts the exact request. Around
//! the transport, [`HttpClient`] checks URLs, applies the redirect rules,
//! caps the body and traces, whichever transport it is. The real transport
//! is built on first use, so offline commands pay nothing for TLS set-up.
//! Traces go to a [`TraceSink`] that the caller provides (this module never
//! prints), and every header or body in a trace passes through
//! [`redact_header`] / [`redact_body`] first.
//!
//! Redirects: a request that carries credentials (an `Authorization` header
//! or a secret in its body) never follows one. A plain GET follows at most
//! [`MAX_REDIRECTS`], never from https to http.

use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::secret::redact;

/// How many redirects a credential-free GET follows.
pub const MAX_REDIRECTS: usize = 5;

/// Default cap on a response body.
pub const DEFAULT_MAX_BODY: usize = 4 * 1024 * 1024;

/// Where trace lines go (stderr, via the output layer).
pub type TraceSink = Arc<dyn Fn(&str) + Send + Sync>;

/// How the client behaves, resolved from the global options.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Timeout for each request.
    pub timeout: Duration,
    /// Extra trust anchors.
    pub cacerts: Vec<PathBuf>,
    /// Skip TLS verification.
    pub insecure: bool,
    /// 0 nothing, 1 exchanges, 2 exchanges with bodies.
    pub verbosity: u8,
    /// Largest response body accepted.
    pub max_body: usize,
    /// `Origin` header for token requests (`--origin`), already checked.
    pub origin: Option<String>,
    /// A client certificate and its private key (PEM files) to present in
    /// TLS handshakes (RFC 8705 mutual TLS).
    pub identity: Option<(PathBuf, PathBuf)>,
    /// A new connection for every request, none kept idle for reuse.
    pub fresh_connections: bool,
    /// The HTTP proxies (`--proxy`, the profile, `HTTPS_PROXY`…); loopback
    /// never goes through one.
    pub proxies: crate::proxy::Proxies,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            timeout: Duration::from_secs(30),
            cacerts: Vec::new(),
            insecure: false,
            verbosity: 0,
            max_body: DEFAULT_MAX_BODY,
            origin: None,
            identity: None,
            fresh_connections: false,
            proxies: crate::proxy::Proxies::default(),
        }
    }
}

/// HTTP methods oauthctl uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT (probed APIs)
    Put,
    /// PATCH (probed APIs)
    Patch,
    /// DELETE (probed APIs)
    Delete,
    /// OPTIONS (CORS preflights of `probe resource`)
    Options,
}

impl Method {
    /// Parse a method name (any case).
    pub fn parse(name: &str) -> Option<Method> {
        Some(match name.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            _ => return None,
        })
    }

    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }
}

/// A request, built by protocol code without touching the network.
#[derive(Debug, Clone)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Option<Vec<u8>>,
    /// The body carries a secret (client secret, assertion, refresh token):
    /// never follow a redirect with it, and redact it in traces.
    pub body_has_secrets: bool,
    /// What this request is for, for error messages ("fetching discovery").
    pub what: String,
}

impl Request {
    /// A GET with an `Accept` header.
    pub fn get(what: impl Into<String>, url: impl Into<String>, accept: &str) -> Self {
        Request {
            method: Method::Get,
            url: url.into(),
            headers: vec![("Accept".into(), accept.into())],
            body: None,
            body_has_secrets: false,
            what: what.into(),
        }
    }

    fn carries_credentials(&self) -> bool {
        self.body_has_secrets
            || self.headers.iter().any(|(k, _)| {
                k.eq_ignore_ascii_case("authorization") || k.eq_ignore_ascii_case("dpop")
            })
    }
}

/// A response, fully read (within the size cap).
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that answered (after any redirects).
    pub url: String,
    /// HTTP status.
    pub status: u16,
    /// Headers, lowercase names.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header with this (lowercase) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Parse the body as a JSON object; a clear error when it is HTML, not
    /// JSON, or not an object.
    pub fn json_object(&self, what: &str) -> Result<serde_json::Map<String, serde_json::Value>> {
        let bad = |detail: String| Error::BadResponse {
            what: what.to_owned(),
            url: self.url.clone(),
            detail,
        };
        let ctype = self.header("content-type").unwrap_or("");
        let text = String::from_utf8_lossy(&self.body);
        let trimmed = text.trim_start();
        if trimmed.starts_with('<') || ctype.starts_with("text/html") {
            return Err(bad(format!(
                "expected JSON, got HTML ({} bytes, content-type {})",
                self.body.len(),
                if ctype.is_empty() { "unset" } else { ctype }
            )));
        }
        if trimmed.is_empty() {
            return Err(bad("expected JSON, got an empty body".into()));
        }
        match serde_json::from_slice::<serde_json::Value>(&self.body) {
            Ok(serde_json::Value::Object(map)) => Ok(map),
            Ok(other) => Err(bad(format!(
                "expected a JSON object, got {}",
                crate::json::type_name(&other)
            ))),
            Err(e) => Err(bad(format!("invalid JSON: {e}"))),
        }
    }
}

/// One exchange on the wire, and nothing more: the seam below
/// [`HttpClient`]. The client checks the URL, follows or refuses redirects,
/// traces and caps the body around the transport, so a fake transport in a
/// unit test sees exactly the request a server would, and its answer goes
/// through the same checks as a real one.
pub trait Transport: Send + Sync {
    /// Send `req` once to `req.url` (already checked: absolute, http or
    /// https), following no redirect; return the status and headers with
    /// the body still to be read.
    fn send(&self, req: &Request) -> Result<Incoming>;
}

/// Any `Fn(&Request) -> Result<Incoming>` is a transport: a unit test
/// records the request and returns a canned answer.
impl<F> Transport for F
where
    F: Fn(&Request) -> Result<Incoming> + Send + Sync,
{
    fn send(&self, req: &Request) -> Result<Incoming> {
        self(req)
    }
}

/// An answer as a transport hands it over: status and headers read, the
/// body not yet (the client reads it within its size cap).
pub struct Incoming {
    /// HTTP status.
    pub status: u16,
    /// Headers, in the order they came (the client lowercases the names).
    pub headers: Vec<(String, String)>,
    /// The declared `Content-Length`, if any: a body declared larger than
    /// the cap is refused unread.
    pub content_length: Option<u64>,
    /// The body.
    pub body: Box<dyn Read>,
}

impl Incoming {
    /// A complete answer from bytes in memory, with its `Content-Length`.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Incoming {
        let body = body.into();
        Incoming {
            status,
            headers,
            content_length: u64::try_from(body.len()).ok(),
            body: Box::new(std::io::Cursor::new(body)),
        }
    }
}

impl std::fmt::Debug for Incoming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Incoming")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

/// The real transport: reqwest's blocking client with the timeouts, TLS
/// options (trust anchors, `--insecure`, a client certificate) and
/// connection reuse of [`HttpSettings`]. It has no redirect policy of its
/// own: [`HttpClient`] decides.
pub struct ReqwestTransport {
    client: reqwest::blocking::Client,
    timeout: Duration,
    /// Trust anchors were added with `--cacert` (for what errors say).
    cacerts: bool,
    /// The proxies the client routes by (for what errors say).
    proxies: crate::proxy::Proxies,
}

impl std::fmt::Debug for ReqwestTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReqwestTransport")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ReqwestTransport {
    /// Build the client; the error says which option is unusable (a
    /// `--cacert` that is not PEM, an unreadable `--client-key`).
    pub fn new(settings: &HttpSettings) -> std::result::Result<ReqwestTransport, String> {
        Ok(ReqwestTransport {
            client: build_client(settings)?,
            timeout: settings.timeout,
            cacerts: !settings.cacerts.is_empty(),
            proxies: settings.proxies.clone(),
        })
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, req: &Request) -> Result<Incoming> {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Options => reqwest::Method::OPTIONS,
        };
        // One deadline for the whole exchange: connect, headers and body.
        // The client-wide timeout of reqwest's blocking API bounds each
        // read of the body on its own, so a server that trickles a byte
        // at a time would hold the request for as long as it likes; a
        // per-request timeout is a total deadline that covers the body.
        let mut builder = self.client.request(method, &req.url).timeout(self.timeout);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        }
        let resp = builder.send().map_err(|e| {
            let mut err = network_error(&req.what, &req.url, &e, self.timeout, self.cacerts);
            let proxy = url::Url::parse(&req.url)
                .ok()
                .and_then(|u| self.proxies.choose(&u).cloned());
            if let (Error::Network { detail, .. }, Some(p)) = (&mut err, proxy) {
                detail.push_str(&format!(
                    " (through the proxy {} from {})",
                    crate::proxy::redacted(&p.url),
                    p.source
                ));
            }
            err
        })?;
        Ok(Incoming {
            status: resp.status().as_u16(),
            headers: header_pairs(resp.headers()),
            content_length: resp.content_length(),
            body: Box::new(resp),
        })
    }
}

/// Makes DPoP proofs (RFC 9449) for the requests a client sends: set on an
/// [`HttpClient`] with [`HttpClient::with_dpop`], so that every token
/// request and resource request can carry one without a parameter threaded
/// through every flow. The implementation holds the key, the clock and the
/// nonce each server gave last.
pub trait ProofSigner: Send + Sync + std::fmt::Debug {
    /// A fresh proof for `method` `url` (with `ath` for `access_token`),
    /// carrying the nonce last remembered for the URL's origin.
    fn proof(&self, method: &str, url: &str, access_token: Option<&str>) -> Result<String, String>;
    /// Remember the `DPoP-Nonce` a server at `url`'s origin gave.
    fn remember_nonce(&self, url: &str, nonce: &str);
}

/// What [`HttpClient`] sends through: built on first use, or given.
type Built = std::result::Result<Arc<dyn Transport>, String>;

/// The client. Cheap to create; the transport (and its connection pool) is
/// built on first use.
pub struct HttpClient {
    settings: HttpSettings,
    transport: OnceLock<Built>,
    /// A transport the caller gave ([`HttpClient::with_transport`]); the
    /// clients derived from this one keep it.
    given: Option<Arc<dyn Transport>>,
    trace: Option<TraceSink>,
    dpop: Option<Arc<dyn ProofSigner>>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client with these settings; traces go to `trace` when verbose.
    pub fn new(settings: HttpSettings, trace: Option<TraceSink>) -> Self {
        HttpClient {
            settings,
            transport: OnceLock::new(),
            given: None,
            trace,
            dpop: None,
        }
    }

    /// A client that sends through `transport` instead of the network: a
    /// unit test passes a closure that records the request and returns a
    /// canned [`Incoming`]. Redirect rules, size caps and traces apply as
    /// usual; the TLS settings and the timeout are the transport's affair.
    pub fn with_transport(
        settings: HttpSettings,
        trace: Option<TraceSink>,
        transport: impl Transport + 'static,
    ) -> Self {
        Self::given(settings, trace, Arc::new(transport))
    }

    fn given(settings: HttpSettings, trace: Option<TraceSink>, t: Arc<dyn Transport>) -> Self {
        HttpClient {
            settings,
            transport: OnceLock::from(Ok(Arc::clone(&t))),
            given: Some(t),
            trace,
            dpop: None,
        }
    }

    /// A client like this one with other settings (and the same given
    /// transport, if any).
    fn derive(&self, settings: HttpSettings) -> HttpClient {
        let mut c = match &self.given {
            Some(t) => HttpClient::given(settings, self.trace.clone(), Arc::clone(t)),
            None => HttpClient::new(settings, self.trace.clone()),
        };
        c.dpop = self.dpop.clone();
        c
    }

    /// The same client making DPoP proofs with `signer` for the requests
    /// that carry one (token requests, resource requests with a bound token).
    pub fn with_dpop(&self, signer: Arc<dyn ProofSigner>) -> HttpClient {
        // The same settings: the transport (and its connections) is shared.
        HttpClient {
            settings: self.settings.clone(),
            transport: self.transport.clone(),
            given: self.given.clone(),
            trace: self.trace.clone(),
            dpop: Some(signer),
        }
    }

    /// The DPoP proof signer, when this client makes proofs.
    pub fn dpop(&self) -> Option<&Arc<dyn ProofSigner>> {
        self.dpop.as_ref()
    }

    /// The `Origin` header to send with token requests, if any.
    pub fn origin(&self) -> Option<&str> {
        self.settings.origin.as_deref()
    }

    /// The same client presenting a TLS client certificate (`cert` and
    /// `key` are PEM files), for RFC 8705 mutual TLS.
    pub fn with_identity(&self, cert: PathBuf, key: PathBuf) -> HttpClient {
        self.derive(HttpSettings {
            identity: Some((cert, key)),
            ..self.settings.clone()
        })
    }

    /// The same client with a new connection for every request: a probe's
    /// variants must not depend on each other, and a kept-alive connection
    /// that the server stopped reading without closing it leaves a request
    /// waiting for the whole timeout.
    pub fn with_fresh_connections(&self) -> HttpClient {
        self.derive(HttpSettings {
            fresh_connections: true,
            ..self.settings.clone()
        })
    }

    fn transport(&self) -> Result<&dyn Transport> {
        let built = self.transport.get_or_init(|| {
            ReqwestTransport::new(&self.settings).map(|t| Arc::new(t) as Arc<dyn Transport>)
        });
        match built {
            Ok(t) => Ok(t.as_ref()),
            Err(e) => Err(Error::usage(e.clone())),
        }
    }

    fn trace(&self, level: u8, line: &str) {
        if self.settings.verbosity >= level
            && let Some(sink) = &self.trace
        {
            sink(line);
        }
    }

    /// GET a JSON object: follows safe redirects, caps the size, and says
    /// clearly when the answer is not JSON or not 2xx.
    pub fn get_json(
        &self,
        what: &str,
        url: &str,
    ) -> Result<(String, serde_json::Map<String, serde_json::Value>)> {
        let resp = self.send(&Request::get(what, url, "application/json"))?;
        if !(200..300).contains(&resp.status) {
            return Err(status_error(what, &resp));
        }
        let map = resp.json_object(what)?;
        Ok((resp.url, map))
    }

    /// Send a request and read the whole response (any status).
    pub fn send(&self, req: &Request) -> Result<Response> {
        let transport = self.transport()?;
        let mut url = req.url.clone();
        let follow = req.method == Method::Get && !req.carries_credentials();
        for hop in 0..=MAX_REDIRECTS {
            let parsed = url::Url::parse(&url).map_err(|e| {
                Error::usage(format!("{}: '{url}' is not a valid URL ({e})", req.what))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(Error::usage(format!(
                    "{}: '{url}' is not an http or https URL",
                    req.what
                )));
            }
            let resp = self.send_once(transport, req, &url)?;
            if (300..400).contains(&resp.status) && resp.status != 304 {
                let location = resp.header("location").unwrap_or("").to_owned();
                let next = parsed.join(&location).map(|u| u.to_string()).ok();
                let what = req.what.clone();
                let redirect_err = |detail: String| Error::BadResponse {
                    what: what.clone(),
                    url: url.clone(),
                    detail,
                };
                let Some(next) = next.filter(|_| !location.is_empty()) else {
                    return Err(redirect_err(format!(
                        "HTTP {} redirect without a usable Location",
                        resp.status
                    )));
                };
                if !follow {
                    return Err(redirect_err(format!(
                        "HTTP {} redirect to {next}; oauthctl does not follow redirects \
                         with credentials: use the final URL",
                        resp.status
                    )));
                }
                if parsed.scheme() == "https" && next.starts_with("http:") {
                    return Err(redirect_err(format!(
                        "HTTP {} redirect from https down to {next}; refused",
                        resp.status
                    )));
                }
                if hop == MAX_REDIRECTS {
                    return Err(redirect_err(format!(
                        "more than {MAX_REDIRECTS} redirects (last to {next})"
                    )));
                }
                url = next;
                continue;
            }
            return Ok(resp);
        }
        unreachable!("the redirect loop returns on its last hop")
    }

    /// Send a request once and return whatever answers, a redirect
    /// included (its `Location` is in the headers): for probes, where a
    /// redirect is the answer being examined and must never be followed.
    pub fn send_no_redirect(&self, req: &Request) -> Result<Response> {
        let transport = self.transport()?;
        let parsed = url::Url::parse(&req.url).map_err(|e| {
            Error::usage(format!(
                "{}: '{}' is not a valid URL ({e})",
                req.what, req.url
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::usage(format!(
                "{}: '{}' is not an http or https URL",
                req.what, req.url
            )));
        }
        self.send_once(transport, req, &req.url)
    }

    /// One exchange with `url` (the request's own, or a redirect's): traced
    /// on the way out and in, the body read within the size cap.
    fn send_once(&self, transport: &dyn Transport, req: &Request, url: &str) -> Result<Response> {
        let hop;
        let req = if req.url == url {
            req
        } else {
            hop = Request {
                url: url.to_owned(),
                ..req.clone()
            };
            &hop
        };
        if self.settings.verbosity > 0
            && let Some(line) = self.settings.proxies.describe(url)
        {
            self.trace(1, &line);
        }
        self.trace(1, &format!("> {} {}", req.method.as_str(), redact_url(url)));
        for (k, v) in &req.headers {
            self.trace(1, &format!("> {k}: {}", redact_header(k, v)));
        }
        if let Some(body) = &req.body {
            self.trace(2, &format!("> {}", redact_body(body, req.body_has_secrets)));
        }
        let start = Instant::now();
        let incoming = transport.send(req)?;
        let status = incoming.status;
        let headers: Vec<(String, String)> = incoming
            .headers
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        self.trace(
            1,
            &format!(
                "< {status} {} ({} ms)",
                reqwest::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or(""),
                start.elapsed().as_millis()
            ),
        );
        for (k, v) in &headers {
            let v = if k.eq_ignore_ascii_case("location") {
                redact_url(v)
            } else {
                redact_header(k, v)
            };
            self.trace(1, &format!("< {k}: {v}"));
        }
        let limit = self.settings.max_body;
        if let Some(len) = incoming.content_length
            && len > limit as u64
        {
            return Err(too_large(&req.what, url, limit));
        }
        let mut body = Vec::new();
        let timeout = self.settings.timeout;
        Deadline {
            inner: incoming.body,
            at: start + timeout,
        }
        .take(limit as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Error::Network {
            what: req.what.clone(),
            url: url.to_owned(),
            detail: if is_timeout(&e) {
                format!(
                    "timed out after {} s reading the response",
                    timeout.as_secs()
                )
            } else {
                format!("reading the response: {}", crate::error::chain(&e))
            },
        })?;
        if body.len() > limit {
            return Err(too_large(&req.what, url, limit));
        }
        self.trace(2, &format!("< {}", redact_body(&body, true)));
        Ok(Response {
            url: url.to_owned(),
            status,
            headers,
            body,
        })
    }
}

/// A body reader that gives up once the request's deadline (`--timeout`,
/// counted from when the request was sent) has passed, whatever the
/// transport: a body that trickles in a byte at a time ends with the
/// deadline, not when the server pleases.
struct Deadline<R> {
    inner: R,
    at: Instant,
}

impl<R: Read> Read for Deadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() >= self.at {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request's deadline passed",
            ));
        }
        self.inner.read(buf)
    }
}

/// Whether an error reading a body is a timeout: ours, or reqwest's
/// (which arrives as an I/O error wrapping a `reqwest::Error`).
fn is_timeout(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::TimedOut {
        return true;
    }
    let mut cur: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|e| e as _);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<reqwest::Error>()
            && r.is_timeout()
        {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return true;
        }
        cur = err.source();
    }
    false
}

/// Whether a status says the server cannot answer now (5xx, or 429 Too
/// Many Requests): an HTTP error (exit 3, which scripts retry) whatever the
/// body says, even an OAuth error (exit 4 would tell them not to retry).
/// [`status_error`] keeps the server's `error` in the message.
pub fn server_trouble(status: u16) -> bool {
    status >= 500 || status == 429
}

/// The error for a non-2xx answer that is not an OAuth error response.
/// The body is summed up on one line: an OAuth error's `error` and
/// `error_description`, else the start of a text body (never HTML).
pub fn status_error(what: &str, resp: &Response) -> Error {
    let oauth = match serde_json::from_slice::<serde_json::Value>(&resp.body) {
        Ok(serde_json::Value::Object(map)) => map
            .get("error")
            .and_then(serde_json::Value::as_str)
            .map(|error| {
                match map
                    .get("error_description")
                    .and_then(serde_json::Value::as_str)
                {
                    Some(d) if !d.is_empty() => format!("{error}: {d}"),
                    _ => error.to_owned(),
                }
            }),
        _ => None,
    };
    let snippet = oauth.unwrap_or_else(|| String::from_utf8_lossy(&resp.body).into_owned());
    // One line: runs of whitespace and control characters become a space.
    let snippet = snippet
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let detail = if snippet.is_empty() || snippet.starts_with('<') {
        None
    } else {
        let mut short: String = snippet.chars().take(160).collect();
        if short.len() < snippet.len() {
            short.push('…');
        }
        Some(short)
    };
    Error::HttpStatus {
        what: what.to_owned(),
        url: resp.url.clone(),
        status: resp.status,
        detail,
    }
}

fn too_large(what: &str, url: &str, limit: usize) -> Error {
    Error::BadResponse {
        what: what.to_owned(),
        url: url.to_owned(),
        detail: format!("response larger than {limit} bytes; refused"),
    }
}

fn network_error(
    what: &str,
    url: &str,
    e: &reqwest::Error,
    timeout: Duration,
    cacerts: bool,
) -> Error {
    let detail = if e.is_timeout() {
        format!("timed out after {} s", timeout.as_secs())
    } else {
        let root = root_cause(e);
        let root = tls_refusal(&root, cacerts).unwrap_or(root);
        if e.is_connect() {
            format!("could not connect: {root}")
        } else {
            root
        }
    };
    Error::Network {
        what: what.to_owned(),
        url: url.to_owned(),
        detail,
    }
}

/// The certificate refusals of rustls/webpki that users meet, in words
/// ([`Error::hint`] says what to do about each), from the root cause's
/// text; `None` for anything else.
fn tls_refusal(root: &str, cacerts: bool) -> Option<String> {
    if root.contains("CaUsedAsEndEntity") {
        // webpki follows RFC 5280 §4.2.1.9 (and the CA/Browser Forum
        // rules): a certificate that may sign certificates is not a
        // server's own, even when it is itself a trust anchor. `openssl req
        // -x509` makes exactly such a certificate unless told otherwise.
        return Some(format!(
            "the server's certificate is a CA certificate (basicConstraints CA:TRUE), which TLS \
             clients following RFC 5280 refuse as a server's own certificate{}",
            if cacerts {
                ", even when it is trusted with --cacert"
            } else {
                ""
            }
        ));
    }
    if root.contains("UnknownIssuer") {
        return Some(format!(
            "the server's certificate is not signed by a trusted CA{} ({root})",
            if cacerts {
                ", nor by one given with --cacert"
            } else {
                ""
            }
        ));
    }
    None
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

fn build_client(s: &HttpSettings) -> std::result::Result<reqwest::blocking::Client, String> {
    let mut b = reqwest::blocking::Client::builder()
        .timeout(s.timeout)
        .connect_timeout(s.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("oauthctl/", env!("CARGO_PKG_VERSION")))
        // Never reqwest's own reading of the environment: one decision
        // (crate::proxy), which keeps loopback direct and is what -v shows.
        .no_proxy();
    if s.proxies.any() {
        let proxies = s.proxies.clone();
        b = b.proxy(reqwest::Proxy::custom(move |u| {
            proxies.choose(u).map(|c| c.url.clone())
        }));
    }
    if s.fresh_connections {
        b = b.pool_max_idle_per_host(0);
    }
    let mut extra = Vec::new();
    for path in &s.cacerts {
        let pem =
            std::fs::read(path).map_err(|e| format!("reading --cacert {}: {e}", path.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            format!(
                "--cacert {}: not a PEM certificate bundle ({e})",
                path.display()
            )
        })?;
        if certs.is_empty() {
            return Err(format!(
                "--cacert {}: no certificate in the file",
                path.display()
            ));
        }
        extra.extend(certs);
    }
    if !extra.is_empty() {
        b = b.tls_certs_merge(extra);
    }
    if s.insecure {
        b = b.tls_danger_accept_invalid_certs(true);
    }
    if let Some((cert, key)) = &s.identity {
        let mut pem = std::fs::read(cert)
            .map_err(|e| format!("reading --client-cert {}: {e}", cert.display()))?;
        pem.push(b'\n');
        pem.extend(
            std::fs::read(key)
                .map_err(|e| format!("reading --client-key {}: {e}", key.display()))?,
        );
        let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
            format!(
                "--client-cert {} with --client-key {}: not a PEM certificate and private key ({})",
                cert.display(),
                key.display(),
                root_cause(&e)
            )
        })?;
        b = b.identity(identity);
    }
    b.build()
        .map_err(|e| format!("setting up the HTTP client: {}", root_cause(&e)))
}

/// Names of headers whose values are secrets.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "dpop",
    "dpop-nonce",
];

/// Redact a header value for traces: the scheme stays, the credential is
/// shown as its first 6 characters and a length.
pub fn redact_header(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
        return value.to_owned();
    }
    match value.split_once(' ') {
        Some((scheme, cred)) if !scheme.contains('=') => format!("{scheme} {}", redact(cred)),
        _ => redact(value),
    }
}

/// Redact a URL for traces: the values of query and fragment parameters
/// named in [`SECRET_FIELDS`] (an authorization `code` in a redirect, an
/// `access_token` in a query string or an implicit-grant fragment) are
/// shortened like any other secret; the rest of the URL stays readable.
pub fn redact_url(url: &str) -> String {
    let redact_pairs = |part: &str| -> String {
        part.split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, v)) if SECRET_FIELDS.contains(&k) => format!("{k}={}", redact(v)),
                _ => pair.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let (rest, fragment) = match url.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (url, None),
    };
    let mut out = match rest.split_once('?') {
        Some((base, query)) => format!("{base}?{}", redact_pairs(query)),
        None => rest.to_owned(),
    };
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&redact_pairs(f));
    }
    out
}

/// Body fields whose values are secrets, in JSON and form bodies.
pub const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "client_assertion",
    "assertion",
    "password",
    "code",
    "code_verifier",
    "device_code",
    "token",
    "subject_token",
    "actor_token",
    "logout_token",
    // A CI runner's answer: GitHub Actions `{"value": …}`, Azure
    // Pipelines `{"oidcToken": …}` (`sources`).
    "value",
    "oidcToken",
    "registration_access_token",
    "d",
    "p",
    "q",
    "dp",
    "dq",
    "qi",
    "k",
];

/// Redact a body for `-vv` traces: JSON and form fields named in
/// [`SECRET_FIELDS`] are shortened; other bodies print as text.
pub fn redact_body(body: &[u8], may_have_secrets: bool) -> String {
    let text = String::from_utf8_lossy(body);
    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(body) {
        redact_json(&mut v);
        return v.to_string();
    }
    if may_have_secrets && !text.contains(['{', '<', '\n']) && text.contains('=') {
        let parts: Vec<String> = url::form_urlencoded::parse(body)
            .map(|(k, v)| {
                let v = if SECRET_FIELDS.contains(&k.as_ref()) {
                    redact(&v)
                } else {
                    crate::secret::redact_text(&v)
                };
                format!("{k}={v}")
            })
            .collect();
        return parts.join("&");
    }
    // Free text (an HTML error page, a plain-text refusal) may quote a
    // credential back: shortened by the same rules as error messages.
    let text: String = text.chars().take(2000).collect();
    crate::secret::redact_text(&text)
}

fn redact_json(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if SECRET_FIELDS.contains(&k.as_str())
                    && let serde_json::Value::String(s) = val
                {
                    *s = redact(s);
                } else if let serde_json::Value::String(s) = val {
                    // A server may quote a credential back in any member
                    // (an error_description naming the Basic header).
                    *s = crate::secret::redact_text(s);
                } else {
                    redact_json(val);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact_json),
        serde_json::Value::String(s) => *s = crate::secret::redact_text(s),
        _ => {}
    }
}

/// Header names and values as owned strings (values lossily decoded), in
/// the order they came.
pub fn header_pairs(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_headers_are_redacted() {
        assert_eq!(
            redact_header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig"),
            "Bearer eyJhbG…[32 chars]"
        );
        assert_eq!(
            redact_header("Accept", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn secret_query_and_fragment_parameters_are_redacted() {
        let url =
            "http://127.0.0.1:5000/callback?code=g5HwKGN6bCmNo4NBk4qSRhzLyCJ4z&state=abc&iss=x";
        assert_eq!(
            redact_url(url),
            "http://127.0.0.1:5000/callback?code=g5HwKG…[29 chars]&state=abc&iss=x"
        );
        let url =
            "https://app.example/cb#access_token=abcdefghijklmnopqrstuvwxyz&token_type=Bearer";
        assert_eq!(
            redact_url(url),
            "https://app.example/cb#access_token=abcdef…[26 chars]&token_type=Bearer"
        );
        assert_eq!(
            redact_url("https://idp.example/jwks"),
            "https://idp.example/jwks"
        );
    }

    #[test]
    fn json_and_form_bodies_are_redacted() {
        let json = br#"{"access_token":"abcdefghijklmnopqrstuvwxyz","token_type":"Bearer"}"#;
        let out = redact_body(json, true);
        assert!(out.contains("abcdef…[26 chars]"), "{out}");
        assert!(!out.contains("ghijkl"));
        let form = b"grant_type=client_credentials&client_secret=s3cr3t-s3cr3t-s3cr3t";
        let out = redact_body(form, true);
        assert!(out.contains("grant_type=client_credentials"), "{out}");
        assert!(!out.contains("s3cr3t-s3cr3t"), "{out}");
    }

    #[test]
    fn html_is_not_json() {
        let resp = Response {
            url: "https://idp.example/.well-known/openid-configuration".into(),
            status: 200,
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<html>login</html>".to_vec(),
        };
        let err = resp.json_object("fetching discovery").unwrap_err();
        assert!(err.to_string().contains("expected JSON, got HTML"), "{err}");
        assert_eq!(err.exit_status().code(), 3);
    }

    /// A client over a fake transport that answers with `reply` and
    /// records every request it is given.
    fn fake(
        settings: HttpSettings,
        trace: Option<TraceSink>,
        reply: impl Fn(&Request) -> Incoming + Send + Sync + 'static,
    ) -> (HttpClient, Arc<std::sync::Mutex<Vec<Request>>>) {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let http = HttpClient::with_transport(settings, trace, move |req: &Request| {
            log.lock().unwrap().push(req.clone());
            Ok(reply(req))
        });
        (http, seen)
    }

    fn redirect(status: u16, location: &str) -> Incoming {
        Incoming::new(status, vec![("Location".into(), location.into())], "")
    }

    fn json_reply(body: &str) -> Incoming {
        Incoming::new(
            200,
            vec![("Content-Type".into(), "application/json".into())],
            body,
        )
    }

    #[test]
    fn a_credential_free_get_follows_redirects_through_the_transport() {
        let (http, seen) = fake(HttpSettings::default(), None, |req| {
            if req.url.ends_with("/old") {
                redirect(302, "/new?x=1")
            } else {
                json_reply(r#"{"ok":true}"#)
            }
        });
        let (url, body) = http.get_json("fetching", "https://as.example/old").unwrap();
        assert_eq!(url, "https://as.example/new?x=1");
        assert_eq!(body["ok"], true);
        let seen = seen.lock().unwrap();
        let urls: Vec<&str> = seen.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://as.example/old", "https://as.example/new?x=1"]
        );
        assert!(seen.iter().all(|r| r.method == Method::Get));
    }

    #[test]
    fn requests_with_credentials_never_follow_a_redirect() {
        let mut bearer = Request::get("calling", "https://api.example/me", "application/json");
        bearer
            .headers
            .push(("Authorization".into(), "Bearer at".into()));
        let post = Request {
            method: Method::Post,
            url: "https://as.example/token".into(),
            headers: vec![],
            body: Some(b"client_secret=s".to_vec()),
            body_has_secrets: true,
            what: "requesting a token from".into(),
        };
        for req in [bearer, post] {
            let (http, seen) = fake(HttpSettings::default(), None, |_| {
                redirect(307, "https://elsewhere.example/")
            });
            let e = http.send(&req).unwrap_err();
            assert!(
                e.to_string()
                    .contains("does not follow redirects with credentials"),
                "{e}"
            );
            assert_eq!(seen.lock().unwrap().len(), 1, "{}", req.url);
        }
    }

    #[test]
    fn a_redirect_from_https_down_to_http_is_refused() {
        let (http, seen) = fake(HttpSettings::default(), None, |_| {
            redirect(301, "http://as.example/jwks")
        });
        let e = http
            .get_json("fetching keys from", "https://as.example/jwks")
            .unwrap_err();
        assert!(e.to_string().contains("from https down to"), "{e}");
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn redirect_chains_stop_after_the_limit() {
        let (http, seen) = fake(HttpSettings::default(), None, |req| {
            redirect(302, &format!("{}x", req.url))
        });
        let e = http.send(&Request::get("fetching", "https://as.example/a", "*/*"));
        assert!(e.unwrap_err().to_string().contains("more than 5 redirects"));
        assert_eq!(seen.lock().unwrap().len(), MAX_REDIRECTS + 1);
    }

    #[test]
    fn the_size_cap_applies_to_any_transport() {
        let settings = HttpSettings {
            max_body: 8,
            ..HttpSettings::default()
        };
        // Declared too large: refused unread.
        let (http, _) = fake(settings.clone(), None, |_| Incoming {
            status: 200,
            headers: vec![],
            content_length: Some(9),
            body: Box::new(std::io::empty()),
        });
        let e = http
            .send(&Request::get("fetching", "https://as.example/", "*/*"))
            .unwrap_err();
        assert!(e.to_string().contains("larger than 8 bytes"), "{e}");
        // Undeclared, and one byte over: refused.
        let (http, _) = fake(settings.clone(), None, |_| Incoming {
            content_length: None,
            ..Incoming::new(200, vec![], "123456789")
        });
        let e = http
            .send(&Request::get("fetching", "https://as.example/", "*/*"))
            .unwrap_err();
        assert!(e.to_string().contains("larger than 8 bytes"), "{e}");
        // At the cap: accepted whole.
        let (http, _) = fake(settings, None, |_| Incoming::new(200, vec![], "12345678"));
        let r = http
            .send(&Request::get("fetching", "https://as.example/", "*/*"))
            .unwrap();
        assert_eq!(r.body, b"12345678");
    }

    /// A body that gives one byte per `pace`, for ever.
    struct Trickle(Duration);

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            std::thread::sleep(self.0);
            buf[0] = b'x';
            Ok(1)
        }
    }

    #[test]
    fn one_deadline_covers_a_trickled_body() {
        let settings = HttpSettings {
            timeout: Duration::from_millis(300),
            ..HttpSettings::default()
        };
        let (http, _) = fake(settings, None, |_| Incoming {
            status: 200,
            headers: vec![],
            content_length: None,
            body: Box::new(Trickle(Duration::from_millis(20))),
        });
        let start = Instant::now();
        let e = http
            .send(&Request::get("fetching", "https://as.example/", "*/*"))
            .unwrap_err();
        assert!(start.elapsed() < Duration::from_secs(3), "{e}");
        assert!(e.to_string().contains("timed out"), "{e}");
        assert_eq!(e.exit_status().code(), 3);
        assert_eq!(
            e.hint().as_deref(),
            Some("raise --timeout SECS if the server is slow")
        );
    }

    #[test]
    fn tls_refusals_in_words_with_a_hint_that_fits() {
        let network = |detail: String| Error::Network {
            what: "fetching".into(),
            url: "https://127.0.0.1/".into(),
            detail,
        };
        // webpki's refusal of a CA certificate as a server's own: the hint
        // must not ask for the --cacert that was just given.
        let root = "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))";
        let detail = tls_refusal(root, true).unwrap();
        assert!(detail.contains("is a CA certificate"), "{detail}");
        let hint = network(detail).hint().unwrap();
        assert!(hint.contains("CA:FALSE"), "{hint}");
        assert!(!hint.contains("pass the issuer's CA"), "{hint}");
        // Not signed by a trusted CA: with --cacert given, say it is the
        // wrong one; without, ask for it.
        let root = "invalid peer certificate: UnknownIssuer";
        let hint = network(tls_refusal(root, true).unwrap()).hint().unwrap();
        assert!(hint.starts_with("--cacert must hold the CA"), "{hint}");
        let hint = network(tls_refusal(root, false).unwrap()).hint().unwrap();
        assert!(
            hint.starts_with("pass the issuer's CA with --cacert"),
            "{hint}"
        );
        assert_eq!(tls_refusal("connection refused", true), None);
    }

    #[test]
    fn urls_are_checked_before_the_transport_is_asked() {
        let (http, seen) = fake(HttpSettings::default(), None, |_| json_reply("{}"));
        for bad in ["not a url", "file:///etc/passwd"] {
            let e = http
                .send(&Request::get("fetching", bad, "*/*"))
                .unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{bad}: {e}");
            let e = http
                .send_no_redirect(&Request::get("fetching", bad, "*/*"))
                .unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{bad}: {e}");
        }
        assert!(seen.lock().unwrap().is_empty());
    }

    #[test]
    fn send_no_redirect_returns_the_redirect_itself() {
        let (http, seen) = fake(HttpSettings::default(), None, |_| {
            redirect(302, "https://as.example/login")
        });
        let r = http
            .send_no_redirect(&Request::get("probing", "https://as.example/a", "*/*"))
            .unwrap();
        assert_eq!(r.status, 302);
        assert_eq!(r.header("location"), Some("https://as.example/login"));
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn traces_wrap_any_transport_and_redact_both_ways() {
        let lines = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
        let sink_lines = Arc::clone(&lines);
        let sink: TraceSink = Arc::new(move |l: &str| sink_lines.lock().unwrap().push(l.into()));
        let settings = HttpSettings {
            verbosity: 2,
            ..HttpSettings::default()
        };
        let (http, _) = fake(settings, Some(sink), |_| {
            Incoming::new(
                200,
                vec![
                    ("Content-Type".into(), "application/json".into()),
                    ("Set-Cookie".into(), "session=0123456789abcdef".into()),
                ],
                r#"{"access_token":"abcdefghijklmnopqrstuvwxyz"}"#,
            )
        });
        let req = Request {
            method: Method::Post,
            url: "https://as.example/token".into(),
            headers: vec![(
                "Authorization".into(),
                "Basic Y2xpOnNlY3JldC1zZWNyZXQ=".into(),
            )],
            body: Some(
                b"grant_type=client_credentials&client_secret=s3cr3t-s3cr3t-s3cr3t".to_vec(),
            ),
            body_has_secrets: true,
            what: "requesting a token from".into(),
        };
        let r = http.send(&req).unwrap();
        assert_eq!(r.header("set-cookie"), Some("session=0123456789abcdef"));
        let lines = lines.lock().unwrap();
        assert_eq!(lines[0], "> POST https://as.example/token");
        assert_eq!(lines[1], "> Authorization: Basic Y2xpOn…[24 chars]");
        assert_eq!(
            lines[2],
            "> grant_type=client_credentials&client_secret=s3cr3t…[20 chars]"
        );
        assert!(lines[3].starts_with("< 200 OK ("), "{}", lines[3]);
        assert_eq!(lines[4], "< content-type: application/json");
        assert_eq!(lines[5], "< set-cookie: sessio…[24 chars]");
        assert_eq!(lines[6], r#"< {"access_token":"abcdef…[26 chars]"}"#);
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn derived_clients_keep_a_given_transport() {
        let (http, seen) = fake(HttpSettings::default(), None, |_| json_reply("{}"));
        let req = Request::get("fetching", "https://as.example/", "*/*");
        http.with_fresh_connections().send(&req).unwrap();
        http.with_identity("c.pem".into(), "k.pem".into())
            .send(&req)
            .unwrap();
        assert_eq!(seen.lock().unwrap().len(), 2);
    }
}

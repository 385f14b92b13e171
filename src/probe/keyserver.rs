//! The loopback key server for the `jku` and `x5u` checks: serves a JWK Set
//! and a certificate holding oauthctl's own attack keys on 127.0.0.1, and
//! records every request. A request here is evidence on its own: the API
//! fetched a key from a URL that a token chose.
//!
//! It answers only GET for its own paths and lives as long as the
//! [`KeyServer`] value; the listener is [`crate::loopback`]'s.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};

use crate::loopback::{Limits, Listener, Refusal, Request, Response, Running, Service};

/// One request that reached the key server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The request line, e.g. `GET /jwks/3.json HTTP/1.1`.
    pub request_line: String,
    /// The path requested, with the query when there is one.
    pub path: String,
    /// The caller's `User-Agent`, if any.
    pub user_agent: Option<String>,
}

/// A running key server.
pub struct KeyServer {
    base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    /// Stops when the key server is dropped.
    _running: Running,
}

/// What the server answers, by path.
pub type Routes = Vec<(String, &'static str, String)>;

/// A key fetch carries no body; anything more is not a key fetch.
const MAX_BODY: usize = 8 * 1024;

impl KeyServer {
    /// Start serving `routes` (path, content type, body) on a free loopback
    /// port.
    pub fn start(routes: Routes) -> std::io::Result<KeyServer> {
        let listener = Listener::bind(IpAddr::V4(Ipv4Addr::LOCALHOST), &[])
            .map_err(std::io::Error::other)?
            .with_limits(Limits {
                max_body: MAX_BODY,
                ..Limits::default()
            });
        let base = listener.base_url();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let running = listener.serve(
            1,
            Host {
                routes,
                hits: Arc::clone(&hits),
            },
        );
        Ok(KeyServer {
            base,
            hits,
            _running: running,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Every request so far.
    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// The listener's service: every request is recorded, even one refused.
struct Host {
    routes: Routes,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl Host {
    fn record(&self, req: &Request) {
        self.hits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Hit {
                request_line: req.request_line(),
                path: req.target(),
                user_agent: req.get_header("user-agent").map(str::to_owned),
            });
    }
}

impl Service for Host {
    /// GET on a route gets its body; anything else 404.
    fn handle(&self, req: &Request) -> Response {
        self.record(req);
        match self.routes.iter().find(|(p, _, _)| *p == req.path) {
            Some((_, ctype, body)) if req.method == "GET" => {
                Response::new(200, ctype, body.as_bytes())
            }
            _ => Response::new(404, "text/plain", "not found"),
        }
    }

    fn refuse(&self, req: &Request, refusal: &Refusal) -> Response {
        self.record(req);
        refusal.to_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    #[test]
    fn serves_its_routes_and_records_hits() {
        let ks = KeyServer::start(vec![(
            "/jwks.json".into(),
            "application/json",
            r#"{"keys":[]}"#.into(),
        )])
        .unwrap();
        let mut s = TcpStream::connect(ks.base().trim_start_matches("http://")).unwrap();
        s.write_all(b"GET /jwks.json?x=1 HTTP/1.1\r\nUser-Agent: t\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 200"), "{out}");
        assert!(out.ends_with(r#"{"keys":[]}"#));
        let hits = ks.hits();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].path, "/jwks.json?x=1");
        assert_eq!(hits[0].user_agent.as_deref(), Some("t"));
    }
}

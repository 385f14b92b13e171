//! The loopback key server for the `jku` and `x5u` checks: serves a JWK Set
//! and a certificate holding oauthctl's own attack keys on 127.0.0.1, and
//! records every request. A request here is evidence on its own: the API
//! fetched a key from a URL that a token chose.
//!
//! It answers only GET for its own paths, reads at most 8 KiB of each
//! request and lives as long as the [`KeyServer`] value.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request that reached the key server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The request line, e.g. `GET /jwks/3.json HTTP/1.1`.
    pub request_line: String,
    /// The path requested.
    pub path: String,
    /// The caller's `User-Agent`, if any.
    pub user_agent: Option<String>,
}

/// A running key server.
pub struct KeyServer {
    base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    port: u16,
}

/// What the server answers, by path.
pub type Routes = Vec<(String, &'static str, String)>;

impl KeyServer {
    /// Start serving `routes` (path, content type, body) on a free loopback
    /// port.
    pub fn start(routes: Routes) -> std::io::Result<KeyServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (h, s) = (Arc::clone(&hits), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = conn {
                    serve(stream, &routes, &h);
                }
            }
        });
        Ok(KeyServer {
            base: format!("http://127.0.0.1:{port}"),
            hits,
            stop,
            thread: Some(thread),
            port,
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

impl Drop for KeyServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(mut stream: TcpStream, routes: &Routes, hits: &Mutex<Vec<Hit>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while buf.len() < 8192 && !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    if buf.is_empty() {
        return;
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.lines();
    let request_line = lines.next().unwrap_or("").to_owned();
    let path = request_line.split(' ').nth(1).unwrap_or("").to_owned();
    let user_agent = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("user-agent"))
        .map(|(_, v)| v.trim().to_owned());
    hits.lock().unwrap_or_else(|p| p.into_inner()).push(Hit {
        request_line: request_line.clone(),
        path: path.clone(),
        user_agent,
    });
    let bare = path.split('?').next().unwrap_or("");
    let (status, ctype, body) = match routes.iter().find(|(p, _, _)| p == bare) {
        Some((_, ctype, body)) if request_line.starts_with("GET ") => {
            ("200 OK", *ctype, body.as_str())
        }
        _ => ("404 Not Found", "text/plain", "not found"),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_its_routes_and_records_hits() {
        let ks = KeyServer::start(vec![(
            "/jwks.json".into(),
            "application/json",
            r#"{"keys":[]}"#.into(),
        )])
        .unwrap();
        let mut s = TcpStream::connect(ks.base().trim_start_matches("http://")).unwrap();
        s.write_all(b"GET /jwks.json?x=1 HTTP/1.1\r\nUser-Agent: t\r\n\r\n")
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

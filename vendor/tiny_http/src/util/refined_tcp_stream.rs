use std::io::Result as IoResult;
use std::io::{Error as IoError, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use crate::connection::Connection;
#[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
use crate::ssl::SslStream;

pub(crate) enum Stream {
    Http(Connection),
    #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
    Https(SslStream),
}

impl Clone for Stream {
    fn clone(&self) -> Self {
        match self {
            Stream::Http(tcp_stream) => Stream::Http(tcp_stream.try_clone().unwrap()),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => Stream::Https(ssl_stream.clone()),
        }
    }
}

impl From<Connection> for Stream {
    fn from(tcp_stream: Connection) -> Self {
        Stream::Http(tcp_stream)
    }
}

impl Stream {
    fn secure(&self) -> bool {
        match self {
            Stream::Http(_) => false,
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(_) => true,
        }
    }

    fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.peer_addr(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.peer_addr(),
        }
    }

    fn set_read_timeout(&self, t: Option<std::time::Duration>) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.set_read_timeout(t),
            // oauthctl patch: the deadline bounds TLS connections too.
            #[cfg(feature = "ssl-rustls")]
            Stream::Https(ssl_stream) => ssl_stream.set_read_timeout(t),
            #[cfg(feature = "ssl-openssl")]
            Stream::Https(_) => Ok(()),
        }
    }

    fn shutdown(&mut self, how: Shutdown) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.shutdown(how),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.shutdown(how),
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.read(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.write(buf),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.write(buf),
        }
    }

    fn flush(&mut self) -> IoResult<()> {
        match self {
            Stream::Http(tcp_stream) => tcp_stream.flush(),
            #[cfg(any(feature = "ssl-openssl", feature = "ssl-rustls"))]
            Stream::Https(ssl_stream) => ssl_stream.flush(),
        }
    }
}

pub struct RefinedTcpStream {
    stream: Stream,
    close_read: bool,
    close_write: bool,
    state: Arc<ConnState>,
}

/// oauthctl patch: what the two halves of a connection, its
/// `ClientConnection` and its requests share.
///
/// - `deadline`: reads fail with `TimedOut` once it has passed, and each
///   read waits at most until then. `ClientConnection` sets it when it
///   starts reading a request, so a client that sends nothing, or trickles
///   its request line, headers or body a byte at a time, loses the
///   connection after `ConnectionLimits::timeout` instead of holding a
///   thread for ever (upstream 0.12.0 had no timeout at all).
/// - `closing`: set by `Request::respond_and_close`; every later read is
///   EOF, so an unread body is not drained and no further request is read.
/// - `peer_certificates`: on a TLS connection, the client's certificate
///   chain (DER; empty when it sent none), kept by the first read after
///   the handshake, for `Request::peer_certificates`.
#[derive(Debug, Default)]
pub(crate) struct ConnState {
    pub(crate) deadline: Mutex<Option<Instant>>,
    pub(crate) closing: AtomicBool,
    pub(crate) peer_certificates: OnceLock<Vec<Vec<u8>>>,
}

impl ConnState {
    pub(crate) fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
    }

    pub(crate) fn set_deadline(&self, at: Option<Instant>) {
        if let Ok(mut d) = self.deadline.lock() {
            *d = at;
        }
    }

    fn deadline(&self) -> Option<Instant> {
        self.deadline.lock().ok().and_then(|d| *d)
    }
}

impl RefinedTcpStream {
    pub(crate) fn new<S>(stream: S) -> (RefinedTcpStream, RefinedTcpStream)
    where
        S: Into<Stream>,
    {
        let stream: Stream = stream.into();

        let (read, write) = (stream.clone(), stream);
        let state = Arc::new(ConnState::default());

        let read = RefinedTcpStream {
            stream: read,
            close_read: true,
            close_write: false,
            state: Arc::clone(&state),
        };

        let write = RefinedTcpStream {
            stream: write,
            close_read: false,
            close_write: true,
            state,
        };

        (read, write)
    }

    /// Returns true if this struct wraps around a secure connection.
    #[inline]
    pub(crate) fn secure(&self) -> bool {
        self.stream.secure()
    }

    pub(crate) fn peer_addr(&mut self) -> IoResult<Option<SocketAddr>> {
        self.stream.peer_addr()
    }

    /// oauthctl patch: the state shared by both halves.
    pub(crate) fn state(&self) -> Arc<ConnState> {
        Arc::clone(&self.state)
    }
}

impl Drop for RefinedTcpStream {
    fn drop(&mut self) {
        if self.close_read {
            self.stream.shutdown(Shutdown::Read).ok();
        }

        if self.close_write {
            self.stream.shutdown(Shutdown::Write).ok();
        }
    }
}

impl Read for RefinedTcpStream {
    fn read(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        let n = self.read_within_deadline(buf)?;
        // oauthctl patch: keep the client's certificates (see `ConnState`).
        #[cfg(feature = "ssl-rustls")]
        if let Stream::Https(ssl_stream) = &self.stream {
            if self.state.peer_certificates.get().is_none() {
                if let Some(chain) = ssl_stream.peer_certificates() {
                    let _ = self.state.peer_certificates.set(chain);
                }
            }
        }
        Ok(n)
    }
}

impl RefinedTcpStream {
    fn read_within_deadline(&mut self, buf: &mut [u8]) -> IoResult<usize> {
        // oauthctl patch: see `ConnState`.
        if self.state.closing.load(Ordering::SeqCst) {
            return Ok(0);
        }
        let Some(deadline) = self.state.deadline() else {
            return self.stream.read(buf);
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(IoError::new(ErrorKind::TimedOut, "the client was too slow"));
        }
        self.stream.set_read_timeout(Some(left))?;
        match self.stream.read(buf) {
            // A socket timeout is `WouldBlock` on Unix, `TimedOut` elsewhere.
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(IoError::new(ErrorKind::TimedOut, "the client was too slow"))
            }
            other => other,
        }
    }
}

impl Write for RefinedTcpStream {
    fn write(&mut self, buf: &[u8]) -> IoResult<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> IoResult<()> {
        self.stream.flush()
    }
}

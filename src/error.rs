//! The one error type, and the exit codes it maps to.
//!
//! Every variant says what was being done and with what (a URL, a file), and
//! keeps the cause as `#[source]` rather than repeating it in the message;
//! `main` prints the chain once. A negative verdict (an invalid token, lint
//! findings) is not an error: commands return it as a value and `run` turns
//! it into exit code 1.

use std::path::PathBuf;

use crate::secret::server_text;

/// The exit codes of DESIGN.md, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success.
    Success,
    /// 1: a check failed (invalid token, findings at or above `--fail-on`).
    CheckFailed,
    /// 2: usage or configuration error.
    Usage,
    /// 3: network, TLS or HTTP error talking to a server.
    Network,
    /// 4: the server refused (an OAuth error response).
    Refused,
    /// 5: timed out waiting for the user.
    UserTimeout,
    /// Another program's exit status, passed through (`exec`).
    Child(u8),
}

impl ExitStatus {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::CheckFailed => 1,
            ExitStatus::Usage => 2,
            ExitStatus::Network => 3,
            ExitStatus::Refused => 4,
            ExitStatus::UserTimeout => 5,
            ExitStatus::Child(code) => code,
        }
    }
}

/// Everything that can go wrong in oauthctl.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or a combination of them that makes no sense.
    #[error("{0}")]
    Usage(String),

    /// A local file could not be read.
    #[error("reading {what} {}", path.display())]
    ReadFile {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A local file could not be written.
    #[error("writing {what} {}", path.display())]
    WriteFile {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Input that oauthctl cannot use: a malformed key, claims that are not JSON.
    #[error("{what}: {detail}")]
    Input { what: String, detail: String },

    /// The configuration file is invalid.
    #[error("configuration file {}: {detail}", path.display())]
    Config { path: PathBuf, detail: String },

    /// The request did not complete: DNS, connection, TLS, timeout.
    #[error("{what} {url}: {detail}")]
    Network {
        what: String,
        url: String,
        detail: String,
    },

    /// The server answered with an HTTP status that is not an OAuth error.
    #[error("{what} {url}: HTTP {status}{}", fmt_detail(detail))]
    HttpStatus {
        what: String,
        url: String,
        status: u16,
        detail: Option<String>,
    },

    /// The server answered, but not with what was expected (HTML instead of
    /// JSON, invalid JSON, too large, a redirect).
    #[error("{what} {url}: {}", server_text(detail))]
    BadResponse {
        what: String,
        url: String,
        detail: String,
    },

    /// The server refused with an OAuth error response (RFC 6749 §5.2).
    #[error(
        "{what} {url}: the server refused: {}{}",
        server_text(error),
        fmt_detail(description)
    )]
    OAuth {
        what: String,
        url: String,
        error: String,
        description: Option<String>,
    },

    /// No usable stored login: nothing stored, or a refresh the server
    /// refused. The message names the `oauthctl login` command to run.
    #[error("{0}")]
    LoginRequired(String),

    /// Nobody completed the interaction in time.
    #[error("{0}")]
    UserTimeout(String),

    /// A check failed and the command has nothing more to say than this line.
    #[error("{0}")]
    CheckFailed(String),
}

/// What a server said (an `error_description`, an error body), shown in
/// parentheses: redacted as the `-v` trace would and escaped
/// ([`crate::secret::server_text`]), so an echoed secret or a terminal
/// escape never reaches the screen.
fn fmt_detail(detail: &Option<String>) -> String {
    match detail {
        Some(d) if !d.is_empty() => format!(" ({})", server_text(d)),
        _ => String::new(),
    }
}

impl Error {
    /// The documented exit code for this error.
    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Usage(_)
            | Error::ReadFile { .. }
            | Error::WriteFile { .. }
            | Error::Input { .. }
            | Error::Config { .. } => ExitStatus::Usage,
            Error::Network { .. } | Error::HttpStatus { .. } | Error::BadResponse { .. } => {
                ExitStatus::Network
            }
            Error::OAuth { .. } | Error::LoginRequired(_) => ExitStatus::Refused,
            Error::UserTimeout(_) => ExitStatus::UserTimeout,
            Error::CheckFailed(_) => ExitStatus::CheckFailed,
        }
    }

    /// Shorthand for [`Error::Usage`].
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    /// Shorthand for [`Error::Input`].
    pub fn input(what: impl Into<String>, detail: impl Into<String>) -> Self {
        Error::Input {
            what: what.into(),
            detail: detail.into(),
        }
    }

    /// A hint for the user, printed after the error line, when there is one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Network { detail, .. } if detail.contains("is a CA certificate") => Some(
                "give the server a certificate with basicConstraints CA:FALSE, self-signed (openssl \
                 req -x509 … -addext basicConstraints=critical,CA:FALSE) or signed by your CA, \
                 and pass that certificate or CA with --cacert (or --insecure, for testing only)"
                    .into(),
            ),
            Error::Network { detail, .. } if detail.contains("nor by one given with --cacert") => {
                Some(
                    "--cacert must hold the CA that signed the server's certificate (or that \
                     certificate itself, when it is self-signed)"
                        .into(),
                )
            }
            Error::Network { detail, .. } if detail.contains("not valid for name") => Some(
                "use a host name the certificate is valid for, or re-issue the certificate with \
                 this one in its subjectAltName"
                    .into(),
            ),
            Error::Network { detail, .. } if detail.contains("certificate") => Some(
                "pass the issuer's CA with --cacert PEM (or --insecure, for testing only)".into(),
            ),
            Error::OAuth {
                description: Some(d),
                ..
            } if requires_par(d) => Some(
                "this client must push its authorization requests (RFC 9126): give --par, or \
                 set par = true in its profile"
                    .into(),
            ),
            Error::Network { detail, .. } if detail.contains("timed out") => {
                Some("raise --timeout SECS if the server is slow".into())
            }
            _ => None,
        }
    }
}

/// Whether a server's error description says the client must use pushed
/// authorization requests (oidc-provider: "Pushed Authorization Request
/// must be used"; Keycloak: "Pushed Authorization Request is only
/// allowed"; others say "PAR request required").
fn requires_par(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    d.contains("pushed authorization request") || d.contains("par request")
}

/// The result type used throughout oauthctl.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most oauthctl reads from a local file: keys, key sets, secrets,
/// claims, configuration and store entries are all far smaller, and a
/// bound keeps `--jwks /dev/zero` from growing to gigabytes.
pub const MAX_FILE_LEN: u64 = 4 * 1024 * 1024;

/// Read a file, with the path and what it is in the error; at most
/// [`MAX_FILE_LEN`] bytes.
pub fn read_file(what: &'static str, path: &std::path::Path) -> Result<Vec<u8>> {
    read_file_capped(what, path, MAX_FILE_LEN)
}

/// [`read_file`] with another cap, for the few files that may be larger
/// (a password list); the error says the cap.
pub fn read_file_capped(what: &'static str, path: &std::path::Path, cap: u64) -> Result<Vec<u8>> {
    read_capped(path, cap).map_err(|source| Error::ReadFile {
        what,
        path: path.to_path_buf(),
        source,
    })
}

/// The one capped read of a local file, for callers that handle the
/// `io::Error` themselves (the store, the configuration): at most `cap`
/// bytes, and an error of kind `FileTooLarge` that says the cap beyond
/// it. Reads through the file rather than trusting its size, so devices
/// and pipes (`/dev/zero`, `<(…)`) are bounded too.
pub fn read_capped(path: &std::path::Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(cap.saturating_add(1))
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "the file is larger than the {} oauthctl reads",
                human_size(cap)
            ),
        ));
    }
    Ok(buf)
}

/// `4 MiB`, `512 KiB`, `100 bytes`.
fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// The chain of an error as one line: `outer: cause: root cause`. One
/// line indeed: control characters from any part (a file name, a server's
/// words) are escaped ([`crate::secret::printable`]).
pub fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    crate::secret::printable(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        assert_eq!(Error::usage("x").exit_status().code(), 2);
        let net = Error::Network {
            what: "fetching".into(),
            url: "https://x".into(),
            detail: "refused".into(),
        };
        assert_eq!(net.exit_status().code(), 3);
        let refused = Error::OAuth {
            what: "token".into(),
            url: "https://x/token".into(),
            error: "invalid_client".into(),
            description: Some("bad secret".into()),
        };
        assert_eq!(refused.exit_status().code(), 4);
        assert_eq!(
            refused.to_string(),
            "token https://x/token: the server refused: invalid_client (bad secret)"
        );
        assert_eq!(Error::UserTimeout("t".into()).exit_status().code(), 5);
        assert_eq!(Error::CheckFailed("c".into()).exit_status().code(), 1);
    }

    #[test]
    fn file_reads_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![b'x'; 100]).unwrap();
        assert_eq!(read_capped(&path, 100).unwrap().len(), 100);
        let e = read_file_capped("key set", &path, 99).unwrap_err();
        assert_eq!(e.exit_status().code(), 2);
        assert_eq!(
            chain(&e),
            format!(
                "reading key set {}: the file is larger than the 99 bytes oauthctl reads",
                path.display()
            )
        );
        // A device that never ends stops at the cap.
        if std::path::Path::new("/dev/zero").exists() {
            let e = read_file("key set", std::path::Path::new("/dev/zero")).unwrap_err();
            assert!(
                chain(&e).ends_with("larger than the 4 MiB oauthctl reads"),
                "{e}"
            );
        }
    }

    #[test]
    fn server_text_is_redacted_and_escaped() {
        let refused = Error::OAuth {
            what: "token".into(),
            url: "https://x/token".into(),
            error: "invalid_client\u{1b}[2J".into(),
            description: Some(
                "bad header Authorization: Basic Y2xpOmh1bnRlcjItc2VjcmV0LXZhbHVl\nVALID".into(),
            ),
        };
        assert_eq!(
            chain(&refused),
            "token https://x/token: the server refused: invalid_client\\u{1b}[2J \
             (bad header Authorization: Basic Y2xpOm…[32 chars]\\nVALID)"
        );
        let status = Error::HttpStatus {
            what: "token".into(),
            url: "https://x/token".into(),
            status: 500,
            detail: Some("client_secret=hunter2-very-secret".into()),
        };
        assert!(!chain(&status).contains("hunter2"), "{status}");
        let bad = Error::BadResponse {
            what: "token".into(),
            url: "https://x/token".into(),
            detail: "invalid type: string \"eyJhbGciOiJIUzI1NiJ9.e30.c2ln\"".into(),
        };
        assert!(!chain(&bad).contains("e30"), "{bad}");
    }

    #[test]
    fn chain_joins_causes_once() {
        let err = Error::ReadFile {
            what: "key",
            path: "/nope".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"),
        };
        assert_eq!(chain(&err), "reading key /nope: No such file");
    }
}

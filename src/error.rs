//! The one error type, and the exit codes it maps to.
//!
//! Every variant says what was being done and with what (a URL, a file), and
//! keeps the cause as `#[source]` rather than repeating it in the message;
//! `main` prints the chain once. A negative verdict (an invalid token, lint
//! findings) is not an error: commands return it as a value and `run` turns
//! it into exit code 1.

use std::path::PathBuf;

/// The exit codes of DESIGN.md, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: success.
    Success = 0,
    /// 1: a check failed (invalid token, findings at or above `--fail-on`).
    CheckFailed = 1,
    /// 2: usage or configuration error.
    Usage = 2,
    /// 3: network, TLS or HTTP error talking to a server.
    Network = 3,
    /// 4: the server refused (an OAuth error response).
    Refused = 4,
    /// 5: timed out waiting for the user.
    UserTimeout = 5,
}

impl ExitStatus {
    /// The numeric process exit code.
    pub fn code(self) -> u8 {
        self as u8
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
    #[error("{what} {url}: {detail}")]
    BadResponse {
        what: String,
        url: String,
        detail: String,
    },

    /// The server refused with an OAuth error response (RFC 6749 §5.2).
    #[error("{what} {url}: the server refused: {error}{}", fmt_detail(description))]
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

fn fmt_detail(detail: &Option<String>) -> String {
    match detail {
        Some(d) if !d.is_empty() => format!(" ({d})"),
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
            Error::Network { detail, .. } if detail.contains("timed out") => {
                Some("raise --timeout SECS if the server is slow".into())
            }
            _ => None,
        }
    }
}

/// The result type used throughout oauthctl.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Read a file, with the path and what it is in the error.
pub fn read_file(what: &'static str, path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::ReadFile {
        what,
        path: path.to_path_buf(),
        source,
    })
}

/// The chain of an error as one line: `outer: cause: root cause`.
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
    out
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
    fn chain_joins_causes_once() {
        let err = Error::ReadFile {
            what: "key",
            path: "/nope".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "No such file"),
        };
        assert_eq!(chain(&err), "reading key /nope: No such file");
    }
}

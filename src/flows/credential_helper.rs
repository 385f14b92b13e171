//! git's credential-helper protocol (gitcredentials(7), git-credential(1)):
//! the request git writes to a helper (`key=value` lines up to a blank
//! line), and the answer carrying an access token: `authtype=Bearer` and
//! `credential=` when git announces `capability[]=authtype` (git 2.46 and
//! later send the token as `Authorization: Bearer`), else `username=` and
//! `password=` (sent as HTTP Basic, which hosts taking OAuth tokens accept).

use crate::error::{Error, Result};

/// The user name given to git with the token as password.
pub const GIT_USERNAME: &str = "oauth2";

/// The user name given to Docker with the token as `Secret` (never
/// `<token>`, which would mark the secret an identity token).
pub const DOCKER_USERNAME: &str = "oauth2";

/// What git asked.
#[derive(Debug, Default, Clone)]
pub struct GitRequest {
    /// `protocol` (https, http).
    pub protocol: Option<String>,
    /// `host`, with its port when there is one.
    pub host: Option<String>,
    /// The `capability[]` values git announced.
    pub capabilities: Vec<String>,
    /// `password` (for `erase`: the secret git was given and rejected).
    pub password: Option<String>,
    /// `credential` (the same, for authtype answers).
    pub credential: Option<String>,
}

impl GitRequest {
    /// Parse git's request; unknown keys are ignored, as the protocol asks.
    pub fn parse(input: &str) -> GitRequest {
        let mut r = GitRequest::default();
        for line in input.lines() {
            if line.is_empty() {
                break;
            }
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let v = v.to_owned();
            match k {
                "protocol" => r.protocol = Some(v),
                "host" => r.host = Some(v),
                "capability[]" => r.capabilities.push(v),
                "password" => r.password = Some(v),
                "credential" => r.credential = Some(v),
                _ => {}
            }
        }
        r
    }

    /// Whether git can take an `authtype` answer.
    pub fn authtype(&self) -> bool {
        self.capabilities.iter().any(|c| c == "authtype")
    }

    /// The secret git gave back (for `erase`).
    pub fn secret(&self) -> Option<&str> {
        self.credential.as_deref().or(self.password.as_deref())
    }

    /// A token goes over https, or plain http to a loopback host only.
    pub fn acceptable(&self) -> std::result::Result<(), String> {
        match self.protocol.as_deref() {
            Some("https") => Ok(()),
            Some("http") if self.host.as_deref().is_some_and(is_loopback) => Ok(()),
            Some(p) => Err(format!(
                "a token goes over https only (or http to a loopback address), not {}",
                crate::secret::printable(p)
            )),
            None => Err("git named no protocol".into()),
        }
    }

    /// The answer carrying `token`, with its expiry (Unix seconds) when
    /// known. A token with a line break would end the answer early (and
    /// could add keys of its own): refused.
    pub fn answer(&self, token: &str, username: &str, expires_at: Option<i64>) -> Result<String> {
        if token.contains(['\n', '\r', '\0']) || username.contains(['\n', '\r', '\0']) {
            return Err(Error::input(
                "the stored access token",
                "it contains a line break, which git's helper protocol cannot carry",
            ));
        }
        let mut out = String::new();
        if self.authtype() {
            out.push_str("capability[]=authtype\n");
            out.push_str("authtype=Bearer\n");
            out.push_str(&format!("credential={token}\n"));
            // A fresh token comes from the next `get`: git must not keep it.
            out.push_str("ephemeral=1\n");
        } else {
            out.push_str(&format!("username={username}\n"));
            out.push_str(&format!("password={token}\n"));
        }
        if let Some(e) = expires_at {
            out.push_str(&format!("password_expiry_utc={e}\n"));
        }
        Ok(out)
    }
}

/// `localhost`, 127.0.0.0/8 or `::1`, with or without a port.
fn is_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_when_git_announces_authtype() {
        let r = GitRequest::parse(
            "capability[]=authtype\nprotocol=https\nhost=git.example\nwwwauth[]=Bearer realm=\"x\"\n\n",
        );
        assert!(r.acceptable().is_ok());
        assert_eq!(
            r.answer("at", "oauth2", Some(5)).unwrap(),
            "capability[]=authtype\nauthtype=Bearer\ncredential=at\nephemeral=1\npassword_expiry_utc=5\n"
        );
    }

    #[test]
    fn basic_otherwise() {
        let r = GitRequest::parse("protocol=https\nhost=git.example\n");
        assert_eq!(
            r.answer("at", "me", None).unwrap(),
            "username=me\npassword=at\n"
        );
        assert!(r.answer("a\nusername=x", "me", None).is_err());
    }

    #[test]
    fn plain_http_only_to_loopback() {
        let ok = |p: &str, h: &str| {
            GitRequest::parse(&format!("protocol={p}\nhost={h}\n"))
                .acceptable()
                .is_ok()
        };
        assert!(ok("http", "127.0.0.1:8080"));
        assert!(ok("http", "localhost"));
        assert!(ok("http", "[::1]:80"));
        assert!(!ok("http", "git.example"));
        assert!(!ok("http", "127.0.0.1.evil.example"));
        assert!(!ok("ssh", "git.example"));
        assert!(ok("https", "git.example"));
    }
}

//! Requests and responses as plain values, what OAuth reads from them, and
//! OAuth error responses.
//!
//! Every endpoint is a function from a [`Req`] to a [`Resp`], the loopback
//! listener's [`crate::loopback::Request`] and [`crate::loopback::Response`];
//! only `serve::Server` puts them on a socket, through [`crate::loopback`].
//! So endpoints are tested without a network, and a malformed request can
//! only ever become an error response, never a crash.

use serde_json::Value;

/// The largest request body read, in bytes: token requests with a client
/// assertion are a few KiB.
pub const MAX_BODY: usize = 64 * 1024;

/// A request and a response are the loopback listener's, under the names
/// the endpoints use.
pub use crate::loopback::{Request as Req, Response as Resp, html_escape as esc};

/// What OAuth reads from a request: its parameters and its client or
/// bearer credentials.
pub trait OAuthRequest {
    /// The query parameters.
    fn query_params(&self) -> Params;

    /// The form body's parameters. RFC 6749 §3.2: token requests are
    /// `application/x-www-form-urlencoded`.
    fn form(&self) -> Result<Params, OAuthError>;

    /// The parameters of a GET (query) or POST (form) request, as the
    /// authorization and end-session endpoints accept both (OIDC Core 3.1.2.1).
    fn params(&self) -> Result<Params, OAuthError>;

    /// The bearer token of an `Authorization: Bearer …` header (RFC 6750 §2.1).
    fn bearer(&self) -> Option<&str>;

    /// The token of an `Authorization: DPoP …` header (RFC 9449 §7.1).
    fn dpop_token(&self) -> Option<&str>;

    /// HTTP Basic credentials, each form-urlencoded-decoded as RFC 6749
    /// §2.3.1 requires. `Some(Err)` when the header is Basic but malformed.
    fn basic(&self) -> Option<Result<(String, String), String>>;
}

impl OAuthRequest for Req {
    fn query_params(&self) -> Params {
        Params::parse(self.query.as_bytes())
    }

    fn form(&self) -> Result<Params, OAuthError> {
        let ctype = self.get_header("content-type").unwrap_or("");
        let mime = ctype.split(';').next().unwrap_or("").trim();
        if !mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
            return Err(OAuthError::invalid_request(format!(
                "the body must be application/x-www-form-urlencoded, not {}",
                if mime.is_empty() { "absent" } else { mime }
            )));
        }
        Ok(Params::parse(&self.body))
    }

    fn params(&self) -> Result<Params, OAuthError> {
        if self.method == "POST" {
            self.form()
        } else {
            Ok(self.query_params())
        }
    }

    fn bearer(&self) -> Option<&str> {
        let h = self.get_header("authorization")?;
        let (scheme, token) = h.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim())
            .filter(|t| !t.is_empty())
    }

    fn dpop_token(&self) -> Option<&str> {
        let h = self.get_header("authorization")?;
        let (scheme, token) = h.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("dpop")
            .then(|| token.trim())
            .filter(|t| !t.is_empty())
    }

    fn basic(&self) -> Option<Result<(String, String), String>> {
        let h = self.get_header("authorization")?;
        let (scheme, value) = h.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let Some(text) = decoded else {
            return Some(Err("the Basic credentials are not base64 of UTF-8".into()));
        };
        let Some((id, secret)) = text.split_once(':') else {
            return Some(Err("the Basic credentials have no ':'".into()));
        };
        let unescape = |s: &str| -> Option<String> {
            url::form_urlencoded::parse(format!("x={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        match (unescape(id), unescape(secret)) {
            (Some(i), Some(s)) => Some(Ok((i, s))),
            _ => Some(Err("the Basic credentials are not form-urlencoded".into())),
        }
    }
}

/// Request parameters, in order, repeated names kept.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parse `application/x-www-form-urlencoded` bytes.
    pub fn parse(bytes: &[u8]) -> Params {
        Params(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    /// A parameter that may appear at most once (RFC 6749 §3.1, §3.2); an
    /// empty value counts as absent.
    pub fn one(&self, name: &str) -> Result<Option<&str>, OAuthError> {
        let mut it = self.0.iter().filter(|(k, _)| k == name);
        let first = it.next();
        if it.next().is_some() {
            return Err(OAuthError::invalid_request(format!(
                "the {name} parameter is repeated"
            )));
        }
        Ok(first.map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()))
    }

    /// A required parameter.
    pub fn required(&self, name: &str) -> Result<&str, OAuthError> {
        self.one(name)?
            .ok_or_else(|| OAuthError::invalid_request(format!("the {name} parameter is missing")))
    }

    /// Every value of a repeatable parameter (`resource`, RFC 8707 §2).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Whether the parameter is present at all.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Set a parameter, replacing every value it had.
    pub fn set(&mut self, name: &str, value: String) {
        self.0.retain(|(k, _)| k != name);
        self.0.push((name.to_owned(), value));
    }

    /// Drop a parameter.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(k, _)| k != name);
    }
}

/// An OAuth error response (RFC 6749 §5.2, RFC 6750 §3.1, RFC 8628 §3.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// HTTP status.
    pub status: u16,
    /// The `error` code.
    pub error: &'static str,
    /// `error_description`: for the developer, never a secret.
    pub description: String,
    /// `WWW-Authenticate`, when the status is 401.
    pub www_authenticate: Option<String>,
    /// A fresh `DPoP-Nonce` to send (RFC 9449 §8-9).
    pub dpop_nonce: Option<String>,
}

impl OAuthError {
    fn new(status: u16, error: &'static str, description: impl Into<String>) -> OAuthError {
        OAuthError {
            status,
            error,
            description: description.into(),
            www_authenticate: None,
            dpop_nonce: None,
        }
    }

    /// 400 `invalid_request`.
    pub fn invalid_request(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_request", d)
    }

    /// 401 `invalid_client`; with `WWW-Authenticate: Basic` when the client
    /// tried HTTP Basic (RFC 6749 §5.2 requires it then).
    pub fn invalid_client(d: impl Into<String>, basic: bool) -> OAuthError {
        let mut e = OAuthError::new(401, "invalid_client", d);
        if basic {
            e.www_authenticate = Some("Basic realm=\"oauthctl serve\"".into());
        }
        e
    }

    /// 400 `invalid_grant`.
    pub fn invalid_grant(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_grant", d)
    }

    /// 400 `unauthorized_client`.
    pub fn unauthorized_client(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "unauthorized_client", d)
    }

    /// 400 `unsupported_grant_type`.
    pub fn unsupported_grant_type(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "unsupported_grant_type", d)
    }

    /// 400 `invalid_scope`.
    pub fn invalid_scope(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_scope", d)
    }

    /// 400 `invalid_target` (RFC 8707 §2).
    pub fn invalid_target(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_target", d)
    }

    /// 400 `invalid_request_object` (RFC 9101 §6.2).
    pub fn invalid_request_object(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_request_object", d)
    }

    /// 400 `invalid_authorization_details` (RFC 9396 §5).
    pub fn invalid_authorization_details(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_authorization_details", d)
    }

    /// 400 `invalid_dpop_proof` at the token endpoint (RFC 9449 §5).
    pub fn invalid_dpop_proof(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "invalid_dpop_proof", d)
    }

    /// 400 `use_dpop_nonce` at the token endpoint (RFC 9449 §8); the
    /// caller adds the `DPoP-Nonce` header.
    pub fn use_dpop_nonce(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "use_dpop_nonce", d)
    }

    /// 401 for a DPoP-protected resource (RFC 9449 §7.1): this `error`,
    /// with `WWW-Authenticate: DPoP` naming the algorithms accepted.
    pub fn dpop_resource(error: &'static str, d: impl Into<String>, algs: &str) -> OAuthError {
        let d = d.into();
        let mut e = OAuthError::new(401, error, d.clone());
        e.www_authenticate = Some(format!(
            "DPoP error=\"{error}\", error_description=\"{}\", algs=\"{algs}\"",
            header_text(&d)
        ));
        e
    }

    /// 400 `unsupported_token_type` (RFC 7009 §2.2.1).
    pub fn unsupported_token_type(d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, "unsupported_token_type", d)
    }

    /// A device-flow polling answer (RFC 8628 §3.5): 400 with this code.
    pub fn device(error: &'static str, d: impl Into<String>) -> OAuthError {
        OAuthError::new(400, error, d)
    }

    /// 401 `invalid_token` for a protected resource (RFC 6750 §3.1).
    pub fn invalid_token(d: impl Into<String>) -> OAuthError {
        let d = d.into();
        let mut e = OAuthError::new(401, "invalid_token", d.clone());
        e.www_authenticate = Some(format!(
            "Bearer error=\"invalid_token\", error_description=\"{}\"",
            header_text(&d)
        ));
        e
    }

    /// 401 without an error code: no token was sent (RFC 6750 §3.1).
    pub fn no_token() -> OAuthError {
        let mut e = OAuthError::new(401, "invalid_request", "no bearer token");
        e.www_authenticate = Some("Bearer".into());
        e
    }

    /// 403 `insufficient_scope` (RFC 6750 §3.1).
    pub fn insufficient_scope(scope: &str, d: impl Into<String>) -> OAuthError {
        let mut e = OAuthError::new(403, "insufficient_scope", d);
        e.www_authenticate = Some(format!(
            "Bearer error=\"insufficient_scope\", scope=\"{scope}\""
        ));
        e
    }

    /// The JSON error response, never stored.
    pub fn to_resp(&self) -> Resp {
        let mut body = serde_json::json!({ "error": self.error });
        if !self.description.is_empty() {
            body["error_description"] = Value::from(self.description.as_str());
        }
        let mut r = Resp::json(self.status, &body);
        if let Some(w) = &self.www_authenticate {
            r = r.with("WWW-Authenticate", w.clone());
        }
        if let Some(n) = &self.dpop_nonce {
            r = r.with("DPoP-Nonce", n.clone());
        }
        r
    }
}

/// Text for a quoted header parameter (RFC 6750 §3): printable ASCII
/// without quotes or backslashes, as a header value must be.
fn header_text(d: &str) -> String {
    d.replace('§', "sec. ")
        .chars()
        .map(|c| match c {
            '"' | '\\' => '\'',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '?',
        })
        .collect()
}

/// Append parameters to a URL's query (redirects to a client).
pub fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    match url::Url::parse(base) {
        Ok(mut u) => {
            {
                let mut q = u.query_pairs_mut();
                for (k, v) in pairs {
                    q.append_pair(k, v);
                }
            }
            u.to_string()
        }
        Err(_) => base.to_owned(),
    }
}

/// Compare secrets in constant time.
pub fn secret_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_parameters_are_invalid() {
        let p = Params::parse(b"a=1&a=2&b=&c=3");
        assert_eq!(p.one("a").unwrap_err().error, "invalid_request");
        assert_eq!(p.one("b").unwrap(), None);
        assert_eq!(p.one("c").unwrap(), Some("3"));
        assert!(p.required("d").unwrap_err().description.contains("missing"));
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        use base64::Engine;
        let v = base64::engine::general_purpose::STANDARD.encode("my%20app:p%3Ass");
        let r = Req::new("POST", "/token").header("Authorization", &format!("Basic {v}"));
        assert_eq!(
            r.basic().unwrap().unwrap(),
            ("my app".to_owned(), "p:ss".to_owned())
        );
        let r = Req::new("POST", "/token").header("Authorization", "Basic !!!");
        assert!(r.basic().unwrap().is_err());
        let r = Req::new("GET", "/").header("Authorization", "Bearer abc");
        assert!(r.basic().is_none());
        assert_eq!(r.bearer(), Some("abc"));
    }

    #[test]
    fn form_needs_the_form_content_type() {
        let r = Req::new("POST", "/token").header("content-type", "application/json");
        assert_eq!(r.form().unwrap_err().error, "invalid_request");
        let r = Req::new("POST", "/token").form_body(&[("a", "b c")]);
        assert_eq!(r.form().unwrap().one("a").unwrap(), Some("b c"));
    }

    #[test]
    fn invalid_client_with_basic_says_how_to_authenticate() {
        let r = OAuthError::invalid_client("bad", true).to_resp();
        assert_eq!(r.status, 401);
        assert!(
            r.get_header("www-authenticate")
                .unwrap()
                .starts_with("Basic")
        );
        assert_eq!(r.get_header("cache-control"), Some("no-store"));
        assert_eq!(r.json_body()["error"], "invalid_client");
    }
}

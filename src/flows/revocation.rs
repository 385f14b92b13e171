//! Token revocation (RFC 7009) with the client's authentication. Built
//! here rather than by the `oauth2` crate, which refuses revocation
//! endpoints that are not https (a loopback development provider's are
//! plain http); the request goes through oauthctl's HTTP client like every
//! other.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::{HttpClient, Method, Request};

use super::client_auth::ClientAuth;

const WHAT: &str = "revoking a token at";

/// Which kind of token (the `token_type_hint`, RFC 7009 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `refresh_token`: revoking it also ends the grant at most servers.
    Refresh,
    /// `access_token`.
    Access,
}

impl TokenKind {
    fn hint(self) -> &'static str {
        match self {
            TokenKind::Refresh => "refresh_token",
            TokenKind::Access => "access_token",
        }
    }
}

/// The revocation request, without touching the network.
pub fn request(
    endpoint: &str,
    auth: &ClientAuth,
    token: &str,
    kind: TokenKind,
    now: i64,
) -> Result<Request> {
    let super::client_auth::RequestAuth {
        mut headers,
        form: auth_form,
    } = auth
        .request_auth(endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("token", token)
        .append_pair("token_type_hint", kind.hint());
    for (k, v) in &auth_form {
        form.append_pair(k, v);
    }
    headers.push((
        "Content-Type".into(),
        "application/x-www-form-urlencoded".into(),
    ));
    headers.push(("Accept".into(), "application/json".into()));
    Ok(Request {
        method: Method::Post,
        url: endpoint.to_owned(),
        headers,
        body: Some(form.finish().into_bytes()),
        body_has_secrets: true,
        what: WHAT.to_owned(),
    })
}

/// Revoke `token` at `endpoint`. RFC 7009 §2.2: success is HTTP 200,
/// whether or not the token was still valid; an error is an OAuth error
/// response (exit 4).
pub fn revoke(
    http: &HttpClient,
    clock: &dyn Clock,
    endpoint: &str,
    auth: &ClientAuth,
    token: &str,
    kind: TokenKind,
) -> Result<()> {
    let req = request(endpoint, auth, token, kind, clock.now())?;
    let mut resp = http.send(&req)?;
    if let Some(wait) = super::exchange::retry_after(resp.status, resp.header("retry-after")) {
        clock.sleep(wait);
        resp = http.send(&req)?;
    }
    if resp.status == 200 {
        return Ok(());
    }
    // RFC 7009 §2.2.1: an error response as in RFC 6749 §5.2.
    if let Ok(body) = resp.json_object(WHAT)
        && let Some(error) = body.get("error").and_then(|e| e.as_str())
    {
        return Err(Error::OAuth {
            what: WHAT.into(),
            url: resp.url.clone(),
            error: error.to_owned(),
            description: body
                .get("error_description")
                .and_then(|d| d.as_str())
                .map(str::to_owned),
        });
    }
    Err(crate::http::status_error(WHAT, &resp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn the_request_carries_the_token_its_hint_and_the_client() {
        let auth = ClientAuth::SecretBasic {
            client_id: "svc:1".into(),
            secret: Secret::new("s&cret".into()),
        };
        let r = request("https://as/revoke", &auth, "rt-1", TokenKind::Refresh, 0).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            String::from_utf8(r.body.clone().unwrap()).unwrap(),
            "token=rt-1&token_type_hint=refresh_token"
        );
        // base64("svc%3A1:s%26cret")
        assert!(r.headers.contains(&(
            "Authorization".into(),
            "Basic c3ZjJTNBMTpzJTI2Y3JldA==".into()
        )));
        assert!(r.body_has_secrets);
        let public = ClientAuth::None {
            client_id: "cli".into(),
        };
        let r = request(
            "http://127.0.0.1/revoke",
            &public,
            "at",
            TokenKind::Access,
            0,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(r.body.unwrap()).unwrap(),
            "token=at&token_type_hint=access_token&client_id=cli"
        );
    }
}

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
    // A DPoP nonce retry sends a fresh client assertion too.
    let renew = |_: &[u8]| Ok(request(endpoint, auth, token, kind, clock.now())?.body);
    let mut resp = super::dpop::send_renewing(http, &req, None, &renew)?;
    if let Some(wait) = super::exchange::retry_after(resp.status, resp.header("retry-after")) {
        clock.sleep(wait);
        // Made again: a client assertion is good for one request (its jti).
        let again = request(endpoint, auth, token, kind, clock.now())?;
        resp = super::dpop::send_renewing(http, &again, None, &renew)?;
    }
    if resp.status == 200 {
        return Ok(());
    }
    // RFC 7009 §2.2.1: an error response as in RFC 6749 §5.2 (a 5xx or
    // 429 is the server's trouble, not a refusal, whatever its body says).
    if !crate::http::server_trouble(resp.status)
        && let Ok(body) = resp.json_object(WHAT)
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

/// What [`logout`] found and did.
#[derive(Debug)]
pub struct LoggedOut {
    /// The tokens revoked (`refresh_token`, `access_token`), in order.
    pub revoked: Vec<&'static str>,
    /// Tokens the issuer cannot revoke (`unsupported_token_type`, RFC 7009
    /// §2.2.1, e.g. self-contained JWT access tokens): valid until they expire.
    pub not_revocable: Vec<&'static str>,
    /// Whether the issuer advertises no `revocation_endpoint`.
    pub no_revocation_endpoint: bool,
    /// Whether the store had an entry to delete.
    pub deleted: bool,
    /// The end-session URL, when asked for.
    pub end_session_url: Option<String>,
    /// The first revocation that failed otherwise (the tokens are deleted
    /// from the store all the same).
    pub failure: Option<Error>,
}

/// Log out of a stored login: under the entry's lock, revoke the refresh
/// token, then the access token (when the issuer has a revocation
/// endpoint), delete the entry, and with `end_session` make the issuer's
/// end-session URL (OIDC RP-Initiated Logout) with `id_token_hint`.
/// `None` when nothing is stored.
pub fn logout(
    store: &crate::store::Store,
    key: &crate::store::EntryKey,
    client: &super::refresh::StoredClient<'_>,
    end_session: bool,
) -> Result<Option<LoggedOut>> {
    let _lock = store.lock(key)?;
    let Some(stored) = store.load_tokens(key)? else {
        return Ok(None);
    };
    let md = match client.issuer.or(stored.issuer.as_deref()) {
        Some(i) => Some(crate::provider::discovery::fetch(client.http, i)?),
        None => None,
    };
    let mut out = LoggedOut {
        revoked: Vec::new(),
        not_revocable: Vec::new(),
        no_revocation_endpoint: false,
        deleted: false,
        end_session_url: None,
        failure: None,
    };
    let endpoint = match &md {
        Some(m) => m.endpoint_for("revocation_endpoint", client.mtls)?,
        None => None,
    };
    match endpoint {
        Some(endpoint) => {
            let client_id = client.client_id.unwrap_or(&stored.client_id).to_owned();
            let auth =
                (client.auth)(client_id)?.with_issuer(md.as_ref().map(|m| m.issuer.as_str()));
            // The refresh token first: revoking it ends the grant at most
            // servers (RFC 7009 §2.1), so nothing can mint new tokens.
            let tokens = [
                (TokenKind::Refresh, stored.tokens.expose_refresh_token()),
                (TokenKind::Access, Some(stored.tokens.expose_access_token())),
            ];
            for (kind, token) in tokens {
                let Some(token) = token else { continue };
                match revoke(client.http, client.clock, endpoint, &auth, token, kind) {
                    Ok(()) => out.revoked.push(kind.hint()),
                    Err(Error::OAuth { error, .. }) if error == "unsupported_token_type" => {
                        out.not_revocable.push(kind.hint());
                    }
                    Err(e) if out.failure.is_none() => out.failure = Some(e),
                    Err(_) => {}
                }
            }
        }
        None => out.no_revocation_endpoint = true,
    }
    out.deleted = store.delete(key)?;
    if end_session {
        out.end_session_url = Some(end_session_url(md.as_ref(), &stored)?);
    }
    Ok(Some(out))
}

/// The end-session URL with `id_token_hint` (and `client_id`), from the
/// issuer's `end_session_endpoint`.
fn end_session_url(
    md: Option<&crate::provider::discovery::ProviderMetadata>,
    stored: &crate::store::StoredTokens,
) -> Result<String> {
    let endpoint = md
        .map(|m| m.endpoint("end_session_endpoint"))
        .transpose()?
        .flatten()
        .ok_or_else(|| {
            Error::usage("--end-session: the issuer advertises no end_session_endpoint")
        })?;
    let mut url = url::Url::parse(endpoint).map_err(|e| {
        Error::usage(format!(
            "end_session_endpoint '{endpoint}' is not a URL ({e})"
        ))
    })?;
    {
        let mut q = url.query_pairs_mut();
        if let Some(idt) = stored.tokens.expose_id_token() {
            q.append_pair("id_token_hint", idt);
        }
        q.append_pair("client_id", &stored.client_id);
    }
    Ok(url.to_string())
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

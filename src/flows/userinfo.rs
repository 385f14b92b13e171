//! The UserInfo endpoint (OIDC Core §5.3): a GET with the access token as a
//! Bearer credential (or, when the client makes DPoP proofs, a `DPoP`
//! credential with a proof carrying `ath`, RFC 9449 §7.1), and the check
//! that its `sub` is the ID token's (§5.3.2: otherwise the response must
//! not be used).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::http::{HttpClient, Request};

const WHAT: &str = "calling the userinfo endpoint";

/// The claims the userinfo endpoint returns for `access_token`. When
/// `expected_sub` is given (from the stored ID token), a different `sub`
/// is an error (exit 1), and the claims are not returned. When `http`
/// makes DPoP proofs, the token goes as a DPoP-bound one, with one retry
/// when the endpoint demands a nonce.
pub fn fetch(
    http: &HttpClient,
    endpoint: &str,
    access_token: &str,
    expected_sub: Option<&str>,
) -> Result<Map<String, Value>> {
    let scheme = if http.dpop().is_some() {
        "DPoP"
    } else {
        "Bearer"
    };
    let mut req = Request::get(WHAT, endpoint, "application/json");
    req.headers
        .push(("Authorization".into(), format!("{scheme} {access_token}")));
    let resp = super::dpop::send(http, &req, Some(access_token))?;
    if resp.status == 401 || resp.status == 403 {
        // RFC 6750 §3: the error is in WWW-Authenticate.
        let challenge = resp.header("www-authenticate").unwrap_or("");
        let param = |name: &str| {
            let start = challenge.find(&format!("{name}=\""))? + name.len() + 2;
            let len = challenge[start..].find('"')?;
            Some(challenge[start..start + len].to_owned())
        };
        return Err(Error::OAuth {
            what: WHAT.into(),
            url: resp.url.clone(),
            error: param("error").unwrap_or_else(|| format!("HTTP {}", resp.status)),
            description: param("error_description"),
        });
    }
    if !(200..300).contains(&resp.status) {
        return Err(crate::http::status_error(WHAT, &resp));
    }
    let claims = resp.json_object(WHAT)?;
    let sub = claims.get("sub").and_then(Value::as_str);
    let Some(sub) = sub else {
        return Err(Error::BadResponse {
            what: WHAT.into(),
            url: resp.url,
            detail: "the response has no sub (OIDC Core §5.3.2 requires it)".into(),
        });
    };
    if let Some(expected) = expected_sub
        && sub != expected
    {
        return Err(Error::CheckFailed(format!(
            "{WHAT} {}: its sub {sub:?} is not the ID token's sub {expected:?}; \
             the response must not be used (OIDC Core §5.3.2)",
            resp.url
        )));
    }
    Ok(claims)
}

/// The `sub` of an ID token, read without verification (it was verified
/// when it was stored).
pub fn id_token_sub(id_token: &str) -> Option<String> {
    match crate::jwt::parse(id_token).ok()? {
        crate::jwt::Parsed::Jws(jws) => jws
            .claims
            .ok()?
            .get("sub")
            .and_then(Value::as_str)
            .map(str::to_owned),
        crate::jwt::Parsed::Jwe { .. } => None,
    }
}

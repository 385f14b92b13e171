//! Token introspection (RFC 7662), through the `oauth2` crate and
//! oauthctl's HTTP client, with the client's authentication. The answer is
//! returned as the server sent it (every member, extensions included),
//! after the `oauth2` crate has checked its shape.

use std::cell::RefCell;

use oauth2::{AccessToken, IntrospectionUrl, TokenUrl};
use serde_json::{Map, Value};

use super::client_auth::ClientAuth;
use super::exchange;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;

const WHAT: &str = "introspecting a token at";

/// Ask `endpoint` about `token`; the response object (`active` and, when
/// active, what the server says about the token).
pub fn introspect(
    http: &HttpClient,
    clock: &dyn Clock,
    endpoint: &str,
    auth: &ClientAuth,
    token: &str,
    token_type_hint: Option<&str>,
) -> Result<Map<String, Value>> {
    let url = IntrospectionUrl::new(endpoint.to_owned()).map_err(|e| {
        Error::usage(format!(
            "introspection endpoint '{endpoint}' is not a URL ({e})"
        ))
    })?;
    let token_url = TokenUrl::new(endpoint.to_owned())
        .map_err(|e| Error::usage(format!("'{endpoint}' is not a URL ({e})")))?;
    let client = auth.client(token_url).set_introspection_url(url);
    let access = AccessToken::new(token.to_owned());
    let mut req = client.introspect(&access);
    if let Some(h) = token_type_hint {
        req = req.set_token_type_hint(h.to_owned());
    }
    let extra = auth
        .extra_params(endpoint, clock.now())
        .map_err(|e| Error::input("signing the client assertion", e))?;
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    let raw = RefCell::new(None);
    req.request(&|r| {
        let resp = exchange::send_renewing(http, clock, WHAT, r, &auth.renewal(endpoint, clock))?;
        *raw.borrow_mut() = Some(resp.body().clone());
        Ok(resp)
    })
    .map_err(|e| exchange::token_error(WHAT, endpoint, e))?;
    let body = raw.into_inner().unwrap_or_default();
    match serde_json::from_slice(&body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(Error::BadResponse {
            what: WHAT.into(),
            url: endpoint.into(),
            detail: "not a JSON object".into(),
        }),
    }
}

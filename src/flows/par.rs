//! Pushed authorization requests (RFC 9126): the authorization request's
//! parameters are POSTed to the issuer's `pushed_authorization_request_endpoint`
//! with the client's authentication, and the browser then carries only
//! `client_id` and the `request_uri` the server answered with (§4), so the
//! request cannot be read or changed on its way through the browser.
//!
//! The push goes through [`super::exchange::send`], as every token request
//! does: the client's credentials are redacted from `-v` traces, redirects
//! are not followed, and a DPoP proof is added when the HTTP client has a
//! signer.

use serde_json::Value;

use super::client_auth::ClientAuth;
use super::exchange;
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::provider::discovery::ProviderMetadata;

const WHAT: &str = "pushing the authorization request to";

/// The server's answer (RFC 9126 §2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The reference the browser carries instead of the request.
    pub request_uri: String,
    /// Its lifetime, seconds.
    pub expires_in: Option<u64>,
}

/// Where to push, if at all: when `asked` (`--par`, a profile's `par =
/// true`) or when the metadata says `require_pushed_authorization_requests`
/// (RFC 9126 §5). With mutual TLS, the metadata's
/// `mtls_endpoint_aliases.pushed_authorization_request_endpoint` comes
/// first (RFC 8705 §5). Asked for with no endpoint in the metadata is a
/// usage error.
pub fn endpoint(md: &ProviderMetadata, asked: bool, mtls: bool) -> Result<Option<String>> {
    let required = md
        .raw
        .get("require_pushed_authorization_requests")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if !asked && !required {
        return Ok(None);
    }
    let found = md
        .endpoint_for("pushed_authorization_request_endpoint", mtls)?
        .map(str::to_owned);
    match found {
        Some(e) => Ok(Some(e)),
        None if asked => Err(Error::usage(format!(
            "pushed authorization requests (--par, or the profile's par = true) need the \
             issuer's pushed_authorization_request_endpoint, and the metadata of {} has none",
            md.issuer
        ))),
        None => Err(Error::BadResponse {
            what: "fetching the issuer's metadata from".into(),
            url: md.source_url.clone(),
            detail: "it says require_pushed_authorization_requests but has no \
                     pushed_authorization_request_endpoint (RFC 9126 §5)"
                .into(),
        }),
    }
}

/// POST `params` with the client's authentication to `endpoint` (RFC 9126
/// §2.1). A client assertion's audience is the issuer (§2: the server
/// accepts its issuer identifier). An OAuth error is a refusal (exit 4);
/// HTML or anything that is not the JSON answer is a bad response (exit 3).
pub fn push(
    http: &HttpClient,
    clock: &dyn Clock,
    endpoint: &str,
    issuer: &str,
    auth: &ClientAuth,
    params: &[(String, String)],
) -> Result<Pushed> {
    let ca = auth
        .request_auth(issuer, clock.now())
        .map_err(|e| Error::input("signing the client assertion", e))?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        form.append_pair(k, v);
    }
    for (k, v) in &ca.form {
        // `client_id` is among the request's parameters already.
        if !params.iter().any(|(p, _)| p == k) {
            form.append_pair(k, v);
        }
    }
    let mut req = oauth2::http::Request::builder()
        .method(oauth2::http::Method::POST)
        .uri(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json");
    for (k, v) in &ca.headers {
        req = req.header(k.as_str(), v.as_str());
    }
    let req = req.body(form.finish().into_bytes()).map_err(|e| {
        Error::usage(format!(
            "pushed authorization request endpoint '{endpoint}': {e}"
        ))
    })?;
    // A retry after a 429 or 503 carries a fresh assertion (RFC 7523 §3).
    let resp = exchange::send_renewing(http, clock, WHAT, req, &auth.renewal(issuer, clock))?;
    answer(endpoint, resp.status().as_u16(), resp.body())
}

/// Read the endpoint's answer: `201` (any 2xx) with `request_uri` and
/// `expires_in`, or an OAuth error (RFC 9126 §2.3).
fn answer(endpoint: &str, status: u16, body: &[u8]) -> Result<Pushed> {
    let bad = |detail: String| Error::BadResponse {
        what: WHAT.into(),
        url: endpoint.to_owned(),
        detail,
    };
    let doc = exchange::json_answer(WHAT, endpoint, status, body)?;
    let request_uri = doc
        .get("request_uri")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("the answer has no request_uri (RFC 9126 §2.2)".into()))?;
    Ok(Pushed {
        request_uri: request_uri.to_owned(),
        expires_in: doc.get("expires_in").and_then(Value::as_u64),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(doc: Value) -> ProviderMetadata {
        let Value::Object(raw) = doc else {
            unreachable!()
        };
        ProviderMetadata {
            issuer: "https://as.example".into(),
            source_url: "https://as.example/.well-known/openid-configuration".into(),
            kind: crate::provider::discovery::MetadataKind::OpenidConfiguration,
            raw,
        }
    }

    #[test]
    fn pushed_when_asked_or_required_and_the_alias_for_mtls() {
        let plain = metadata(serde_json::json!({
            "pushed_authorization_request_endpoint": "https://as.example/par",
            "mtls_endpoint_aliases": {"pushed_authorization_request_endpoint": "https://mtls.as.example/par"},
        }));
        assert_eq!(endpoint(&plain, false, false).unwrap(), None);
        assert_eq!(
            endpoint(&plain, true, false).unwrap().as_deref(),
            Some("https://as.example/par")
        );
        assert_eq!(
            endpoint(&plain, true, true).unwrap().as_deref(),
            Some("https://mtls.as.example/par")
        );
        let required = metadata(serde_json::json!({
            "pushed_authorization_request_endpoint": "https://as.example/par",
            "require_pushed_authorization_requests": true,
        }));
        assert_eq!(
            endpoint(&required, false, false).unwrap().as_deref(),
            Some("https://as.example/par")
        );
        let none = metadata(serde_json::json!({}));
        assert_eq!(
            endpoint(&none, true, false)
                .unwrap_err()
                .exit_status()
                .code(),
            2
        );
        let broken = metadata(serde_json::json!({"require_pushed_authorization_requests": true}));
        assert_eq!(
            endpoint(&broken, false, false)
                .unwrap_err()
                .exit_status()
                .code(),
            3
        );
    }

    #[test]
    fn answers_are_read_as_rfc9126_says() {
        let e = "https://as.example/par";
        assert_eq!(
            answer(
                e,
                201,
                br#"{"request_uri":"urn:ietf:params:oauth:request_uri:x","expires_in":60}"#
            )
            .unwrap(),
            Pushed {
                request_uri: "urn:ietf:params:oauth:request_uri:x".into(),
                expires_in: Some(60),
            }
        );
        let refused = answer(
            e,
            400,
            br#"{"error":"invalid_request","error_description":"nope"}"#,
        )
        .unwrap_err();
        assert_eq!(refused.exit_status().code(), 4);
        assert!(
            refused.to_string().contains("invalid_request (nope)"),
            "{refused}"
        );
        let html = answer(e, 200, b"<html>sign in</html>").unwrap_err();
        assert_eq!(html.exit_status().code(), 3);
        assert!(html.to_string().contains(e), "{html}");
        assert!(html.to_string().contains("HTML"), "{html}");
        assert_eq!(answer(e, 201, b"{}").unwrap_err().exit_status().code(), 3);
    }
}

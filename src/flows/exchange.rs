//! The seam between the `oauth2` crate and oauthctl's HTTP client, and the
//! mapping of its errors onto oauthctl's exit codes.

use oauth2::{ErrorResponseType, RequestTokenError, StandardErrorResponse, TokenResponse};

use std::time::Duration;

use super::TokenSet;
use crate::clock::Clock;
use crate::error::Error;
use crate::http::{HttpClient, Method, Request};

/// Send an `oauth2` request through oauthctl's client. Token requests carry
/// secrets (a client secret, an assertion, a refresh token), so they are
/// redacted in traces and never follow redirects.
pub fn send(
    http: &HttpClient,
    clock: &dyn Clock,
    what: &str,
    req: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, Error> {
    let method = if req.method() == oauth2::http::Method::POST {
        Method::Post
    } else {
        Method::Get
    };
    let headers = crate::http::header_pairs(req.headers());
    let ours = Request {
        method,
        url: req.uri().to_string(),
        headers,
        body: Some(req.body().clone()).filter(|b| !b.is_empty()),
        body_has_secrets: true,
        what: what.to_owned(),
    };
    let mut resp = http.send(&ours)?;
    if let Some(wait) = retry_after(resp.status, resp.header("retry-after")) {
        // RFC 6585 §4 / RFC 9110 §10.2.3: wait as asked, once.
        clock.sleep(wait);
        resp = http.send(&ours)?;
    }
    let mut builder = oauth2::http::Response::builder().status(resp.status);
    for (k, v) in &resp.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder.body(resp.body).map_err(|e| Error::BadResponse {
        what: what.to_owned(),
        url: resp.url,
        detail: format!("unusable response: {e}"),
    })
}

/// A token endpoint as the `oauth2` crate takes it; not a URL is a usage
/// error naming it.
pub fn token_url(endpoint: &str) -> Result<oauth2::TokenUrl, Error> {
    oauth2::TokenUrl::new(endpoint.to_owned())
        .map_err(|e| Error::usage(format!("token endpoint '{endpoint}' is not a URL ({e})")))
}

/// The longest `Retry-After` oauthctl waits for; longer means "not now".
const MAX_RETRY_AFTER: u64 = 30;

/// How long to wait before the one retry of a 429 or 503, if the server
/// said (in seconds; an HTTP date is not honoured).
pub fn retry_after(status: u16, header: Option<&str>) -> Option<Duration> {
    if status != 429 && status != 503 {
        return None;
    }
    let secs: u64 = header?.trim().parse().ok()?;
    (secs <= MAX_RETRY_AFTER).then(|| Duration::from_secs(secs))
}

/// Map an `oauth2` token-request failure: an OAuth error response is a
/// refusal (exit 4); a response that is not a token response is a bad
/// response (exit 3); our own errors pass through.
pub fn token_error<T: ErrorResponseType + AsRef<str> + std::fmt::Display>(
    what: &str,
    url: &str,
    err: RequestTokenError<Error, StandardErrorResponse<T>>,
) -> Error {
    match err {
        RequestTokenError::Request(e) => e,
        RequestTokenError::ServerResponse(r) => Error::OAuth {
            what: what.to_owned(),
            url: url.to_owned(),
            error: r.error().as_ref().to_owned(),
            description: r.error_description().cloned(),
        },
        RequestTokenError::Parse(e, body) => {
            let text = String::from_utf8_lossy(&body);
            let shape = if text.trim_start().starts_with('<') {
                "HTML".to_owned()
            } else {
                format!("{} bytes", body.len())
            };
            Error::BadResponse {
                what: what.to_owned(),
                url: url.to_owned(),
                detail: format!("not a token response ({shape}): {}", e.inner()),
            }
        }
        RequestTokenError::Other(m) => Error::BadResponse {
            what: what.to_owned(),
            url: url.to_owned(),
            detail: format!("not a token response: {m}"),
        },
    }
}

/// A token response as a [`TokenSet`], with `expires_at` from `now`.
pub fn token_set<R: TokenResponse>(resp: &R, now: i64) -> TokenSet {
    let expires_in = resp.expires_in().map(|d| d.as_secs());
    TokenSet {
        access_token: resp.access_token().secret().clone(),
        token_type: token_type_name(resp.token_type()),
        expires_at: expires_in.map(|s| now + i64::try_from(s).unwrap_or(i64::MAX / 2)),
        expires_in,
        refresh_token: resp.refresh_token().map(|r| r.secret().clone()),
        id_token: None,
        scope: resp
            .scopes()
            .map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
    }
}

fn token_type_name<T: oauth2::TokenType>(t: &T) -> String {
    // TokenType only promises Serialize: its wire form is the name.
    let s = serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    if s.eq_ignore_ascii_case("bearer") {
        "Bearer".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_honoured_for_429_and_503_only() {
        assert_eq!(retry_after(429, Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(retry_after(503, Some(" 0 ")), Some(Duration::ZERO));
        assert_eq!(retry_after(429, Some("3600")), None);
        assert_eq!(retry_after(429, None), None);
        assert_eq!(retry_after(500, Some("1")), None);
        assert_eq!(
            retry_after(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
    }
}

//! The seam between the `oauth2` crate and oauthctl's HTTP client, and the
//! mapping of its errors onto oauthctl's exit codes.
//!
//! Every token-endpoint response passes through [`normalize`] first, which
//! turns the provider quirks that users meet into the standard form the
//! `oauth2` crate parses (RFC 6749 §5.1/§5.2): Entra's `expires_in` as a
//! string, GitHub's form-encoded bodies and its errors in 200 responses.

use oauth2::{ErrorResponseType, RequestTokenError, StandardErrorResponse, TokenResponse};

use std::time::Duration;

use super::TokenSet;
use crate::clock::Clock;
use crate::error::Error;
use crate::http::{HttpClient, Method, Request};

/// Send an `oauth2` request through oauthctl's client. Token requests carry
/// secrets (a client secret, an assertion, a refresh token), so they are
/// redacted in traces and never follow redirects. When `http` makes DPoP
/// proofs, each request carries one (see [`super::dpop::send`]).
pub fn send(
    http: &HttpClient,
    clock: &dyn Clock,
    what: &str,
    req: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, Error> {
    send_renewing(http, clock, what, req, &|_| Ok(None))
}

/// The form body again with a fresh client assertion (`None`: send it as
/// it was), for a request sent a second time.
pub type Renew<'a> = dyn Fn(&[u8]) -> Result<Option<Vec<u8>>, Error> + 'a;

/// [`send`], for a request whose body may carry a client assertion: the
/// retry after a 429 or 503 sends the body `renew` makes, as an assertion
/// is good for one request (RFC 7523 §3: a server refuses a `jti` it has
/// seen).
pub fn send_renewing(
    http: &HttpClient,
    clock: &dyn Clock,
    what: &str,
    req: oauth2::HttpRequest,
    renew: &Renew<'_>,
) -> Result<oauth2::HttpResponse, Error> {
    let method = if req.method() == oauth2::http::Method::POST {
        Method::Post
    } else {
        Method::Get
    };
    let mut headers = crate::http::header_pairs(req.headers());
    // RFC 6749 §5.1 says JSON, but GitHub answers form-encoded unless asked
    // for JSON; `oauth2` asks, and this makes sure of it.
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
    {
        headers.push(("Accept".into(), "application/json".into()));
    }
    if let Some(origin) = http.origin() {
        // Entra ID redeems codes of single-page-app clients only for
        // cross-origin requests, which it recognises by this header.
        headers.push(("Origin".into(), origin.to_owned()));
    }
    let mut ours = Request {
        method,
        url: req.uri().to_string(),
        headers,
        body: Some(req.body().clone()).filter(|b| !b.is_empty()),
        body_has_secrets: true,
        what: what.to_owned(),
    };
    // With a DPoP signer, each attempt carries a fresh proof, and a
    // `use_dpop_nonce` is retried once with the server's nonce.
    let mut resp = super::dpop::send_renewing(http, &ours, None, renew)?;
    if let Some(wait) = retry_after(resp.status, resp.header("retry-after")) {
        // RFC 6585 §4 / RFC 9110 §10.2.3: wait as asked, once.
        clock.sleep(wait);
        if let Some(body) = renew(ours.body.as_deref().unwrap_or_default())? {
            ours.body = Some(body);
        }
        resp = super::dpop::send_renewing(http, &ours, None, renew)?;
    }
    normalize(&mut resp);
    // An error status with nothing in the body (a 403 from Glewlwyd for a
    // wrong secret) is no OAuth error response: say which status it was,
    // which the `oauth2` crate's "empty error response" would not. A 5xx
    // or 429 is the server's trouble, not a refusal, whatever its body
    // says (`temporarily_unavailable` included): exit 3, so scripts retry.
    // (A 429 that says `slow_down` or `authorization_pending` is a device
    // poll's answer, RFC 8628 §3.5, from a server that picked the status.)
    if !(200..300).contains(&resp.status)
        && (resp.body.iter().all(u8::is_ascii_whitespace)
            || (crate::http::server_trouble(resp.status) && !is_poll_answer(&resp)))
    {
        return Err(crate::http::status_error(what, &resp));
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

/// A 429 whose OAuth error asks a polling client to keep polling.
fn is_poll_answer(resp: &crate::http::Response) -> bool {
    resp.status == 429
        && serde_json::from_slice::<serde_json::Value>(&resp.body).is_ok_and(|v| {
            matches!(
                v.get("error").and_then(serde_json::Value::as_str),
                Some("slow_down" | "authorization_pending")
            )
        })
}

/// Read a JSON answer of an endpoint that is not the token endpoint (a
/// pushed authorization request, a registration): the object on a 2xx
/// without `error`; the OAuth error (exit 4) otherwise; a body that is not
/// a JSON object (an HTML page) is a bad response naming its shape.
pub fn json_answer(
    what: &str,
    url: &str,
    status: u16,
    body: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    use serde_json::Value;
    let bad = |detail: String| Error::BadResponse {
        what: what.into(),
        url: url.into(),
        detail,
    };
    let doc = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        _ => {
            let text = String::from_utf8_lossy(body);
            let shape = if text.trim_start().starts_with('<') {
                "HTML".to_owned()
            } else {
                format!("{} bytes", body.len())
            };
            return Err(bad(format!("HTTP {status}, not a JSON answer ({shape})")));
        }
    };
    if !(200..300).contains(&status) || doc.contains_key("error") {
        return match doc.get("error").and_then(Value::as_str) {
            Some(error) => Err(Error::OAuth {
                what: what.into(),
                url: url.into(),
                error: error.to_owned(),
                description: doc
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            }),
            None => Err(bad(format!("HTTP {status} without an OAuth error"))),
        };
    }
    Ok(doc)
}

/// A token endpoint as the `oauth2` crate takes it; not a URL is a usage
/// error naming it.
pub fn token_url(endpoint: &str) -> Result<oauth2::TokenUrl, Error> {
    oauth2::TokenUrl::new(endpoint.to_owned())
        .map_err(|e| Error::usage(format!("token endpoint '{endpoint}' is not a URL ({e})")))
}

/// Numeric members that some providers send as strings (Entra ID's v1
/// endpoints and some proxies: `"expires_in": "3599"`).
const NUMERIC_MEMBERS: &[&str] = &["expires_in", "interval"];

/// Bring a token-endpoint (or device-authorization) response into the
/// standard shape, leaving a standard one untouched:
/// - a form-encoded body (GitHub without `Accept: application/json`)
///   becomes the JSON object it stands for;
/// - a JSON object served with another content type is labelled JSON;
/// - `expires_in` and `interval` given as digit strings become numbers;
/// - a 200 whose body is an error (GitHub, including `authorization_pending`
///   while polling) becomes a 400, so it is read as the error it is
///   (RFC 6749 §5.2).
///
/// Anything else (HTML, invalid JSON, an empty body) is left for the
/// parser to report as it is.
pub fn normalize(resp: &mut crate::http::Response) {
    let ctype = resp
        .header("content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let form = ctype.starts_with("application/x-www-form-urlencoded");
    let mut obj: serde_json::Map<String, serde_json::Value> = if form {
        url::form_urlencoded::parse(&resp.body)
            .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
            .collect()
    } else {
        match serde_json::from_slice(&resp.body) {
            Ok(serde_json::Value::Object(m)) => m,
            _ => return,
        }
    };
    let mut changed = form || !ctype.starts_with("application/json");
    for name in NUMERIC_MEMBERS {
        if let Some(serde_json::Value::String(s)) = obj.get(*name)
            && let Ok(n) = s.trim().parse::<u64>()
        {
            obj.insert((*name).to_owned(), n.into());
            changed = true;
        }
    }
    if resp.status == 200 && obj.contains_key("error") && !obj.contains_key("access_token") {
        resp.status = 400;
    }
    if changed {
        resp.body = serde_json::Value::Object(obj).to_string().into_bytes();
        resp.headers.retain(|(k, _)| k != "content-type");
        resp.headers
            .push(("content-type".into(), "application/json".into()));
    }
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

/// A token response as a [`TokenSet`], with `expires_at` from `now`; an
/// access token or token type that could not travel in an `Authorization`
/// header is refused (see [`check_access_token`]).
pub fn token_set<R: TokenResponse>(
    resp: &R,
    now: i64,
    what: &str,
    endpoint: &str,
) -> Result<TokenSet, Error> {
    check_access_token(
        resp.access_token().secret(),
        &token_type_name(resp.token_type()),
    )
    .map_err(|detail| Error::BadResponse {
        what: what.to_owned(),
        url: endpoint.to_owned(),
        detail,
    })?;
    let expires_in = resp.expires_in().map(|d| d.as_secs());
    Ok(TokenSet {
        access_token: resp.access_token().secret().as_str().into(),
        token_type: token_type_name(resp.token_type()),
        expires_at: expires_in.map(|s| now.saturating_add(i64::try_from(s).unwrap_or(i64::MAX))),
        expires_in,
        refresh_token: resp.refresh_token().map(|r| r.secret().as_str().into()),
        id_token: None,
        scope: resp
            .scopes()
            .map(|s| s.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(" ")),
        authorization_details: None,
        issued_token_type: None,
    })
}

/// RFC 6750 §2.1: an access token is a `b64token`, `1*( ALPHA / DIGIT /
/// "-" / "." / "_" / "~" / "+" / "/" ) *"="`, and a `token_type` a name
/// (RFC 6749 §7.1) or a URI: visible ASCII. Anything else (a newline, an
/// escape sequence) would be printed bare on stdout and pasted into
/// `Authorization: Bearer …` by `-o header` and by scripts, where it splits
/// the header (CWE-113). Says why, never quoting the token.
pub fn check_access_token(token: &str, token_type: &str) -> Result<(), String> {
    let body = token.trim_end_matches('=');
    let bad = body.char_indices().find(|(_, c)| {
        !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/'))
    });
    if body.is_empty() {
        return Err("the access_token is empty; refused".into());
    }
    if let Some((i, c)) = bad {
        let what = if c.is_control() {
            "a control character"
        } else if c == ' ' {
            "a space"
        } else {
            "a character outside base64 and -._~+/"
        };
        return Err(format!(
            "the access_token is not an RFC 6750 b64token ({what} at byte {i} of {}); refused",
            token.len()
        ));
    }
    if !token_type.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "the token_type {} is not a token type name (RFC 6749 §7.1); refused",
            crate::secret::printable(&format!("{token_type:?}"))
        ));
    }
    Ok(())
}

fn token_type_name<T: oauth2::TokenType>(t: &T) -> String {
    // TokenType only promises Serialize: its wire form is the name.
    let s = serde_json::to_value(t)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    // The `oauth2` crate lower-cases names; the standard ones are shown
    // as their RFCs spell them (RFC 6750, RFC 9449).
    if s.eq_ignore_ascii_case("bearer") {
        "Bearer".into()
    } else if s.eq_ignore_ascii_case("dpop") {
        "DPoP".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn response(status: u16, ctype: &str, body: &str) -> crate::http::Response {
        crate::http::Response {
            url: "https://as.example/token".into(),
            status,
            headers: vec![("content-type".into(), ctype.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    fn body(r: &crate::http::Response) -> Value {
        assert_eq!(r.header("content-type"), Some("application/json"));
        serde_json::from_slice(&r.body).unwrap()
    }

    #[test]
    fn a_standard_response_is_left_alone() {
        let text = r#"{"access_token":"at","token_type":"Bearer","expires_in":3600}"#;
        let mut r = response(200, "application/json; charset=utf-8", text);
        normalize(&mut r);
        assert_eq!(r.body, text.as_bytes());
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8")
        );
    }

    #[test]
    fn access_tokens_must_be_b64tokens() {
        for ok in [
            "at",
            "eyJhbGciOi.e30.c2ln",
            "abc+/~_-.==",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
        ] {
            assert_eq!(check_access_token(ok, "Bearer"), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("at\nX-Injected: 1", "a control character at byte 2"),
            ("at\u{1b}[2J", "a control character at byte 2"),
            ("a b", "a space at byte 1"),
            ("a=b", "outside base64"),
            ("é", "outside base64"),
            ("", "empty"),
            ("==", "empty"),
        ] {
            let e = check_access_token(bad, "Bearer").unwrap_err();
            assert!(e.contains(why), "{bad:?}: {e}");
            assert!(!e.contains("X-Injected"), "{e}");
        }
        let e = check_access_token("at", "Bearer\r\nX: y").unwrap_err();
        assert!(e.contains(r#""Bearer\r\nX: y""#), "{e}");
    }

    #[test]
    fn entra_expires_in_as_a_string_becomes_a_number() {
        let mut r = response(
            200,
            "application/json",
            r#"{"token_type":"Bearer","expires_in":"3599","ext_expires_in":"3599","access_token":"at"}"#,
        );
        normalize(&mut r);
        let v = body(&r);
        assert_eq!(v["expires_in"], 3599);
        assert_eq!(
            v["ext_expires_in"], "3599",
            "only the members oauthctl reads"
        );
        let mut device = response(200, "application/json", r#"{"interval":"5"}"#);
        normalize(&mut device);
        assert_eq!(body(&device)["interval"], 5);
    }

    #[test]
    fn github_form_encoded_bodies_become_json() {
        let mut r = response(
            200,
            "application/x-www-form-urlencoded; charset=utf-8",
            "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer",
        );
        normalize(&mut r);
        assert_eq!(r.status, 200);
        assert_eq!(
            body(&r),
            json!({"access_token": "gho_16C7e42F292c6912E7710c838347Ae178B4a",
                   "scope": "repo,gist", "token_type": "bearer"})
        );
    }

    #[test]
    fn errors_in_a_200_body_become_400() {
        for (ctype, text) in [
            (
                "application/json",
                r#"{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}"#,
            ),
            (
                "application/x-www-form-urlencoded",
                "error=authorization_pending&error_description=pending",
            ),
        ] {
            let mut r = response(200, ctype, text);
            normalize(&mut r);
            assert_eq!(r.status, 400, "{text}");
        }
    }

    #[test]
    fn a_json_object_under_another_content_type_is_labelled_json() {
        let mut r = response(
            200,
            "text/plain",
            r#"{"access_token":"at","token_type":"bearer"}"#,
        );
        normalize(&mut r);
        assert_eq!(body(&r)["access_token"], "at");
    }

    #[test]
    fn html_and_garbage_are_left_for_the_parser() {
        for (ctype, text) in [
            ("text/html", "<html>sign in</html>"),
            ("application/json", "{not json"),
            ("application/json", "[1]"),
            ("application/json", ""),
        ] {
            let mut r = response(200, ctype, text);
            normalize(&mut r);
            assert_eq!(r.body, text.as_bytes());
            assert_eq!(r.header("content-type"), Some(ctype));
        }
    }

    /// What `send` makes of one answer from a token endpoint.
    fn answer(status: u16, body: &str) -> Result<oauth2::HttpResponse, Error> {
        let body = body.to_owned();
        let http = HttpClient::with_transport(
            crate::http::HttpSettings::default(),
            None,
            move |_: &Request| {
                Ok(crate::http::Incoming::new(
                    status,
                    vec![("Content-Type".into(), "application/json".into())],
                    body.clone(),
                ))
            },
        );
        let req = oauth2::http::Request::builder()
            .method(oauth2::http::Method::POST)
            .uri("https://as.example/token")
            .body(b"grant_type=client_credentials".to_vec())
            .unwrap();
        send(
            &http,
            &crate::clock::FixedClock(0),
            "requesting a token from",
            req,
        )
    }

    #[test]
    fn server_trouble_is_a_network_error_that_keeps_the_oauth_error() {
        for status in [500, 502, 503, 429] {
            let e = answer(
                status,
                r#"{"error":"temporarily_unavailable","error_description":"down\nfor maintenance"}"#,
            )
            .unwrap_err();
            assert_eq!(e.exit_status().code(), 3, "{status}: {e}");
            assert_eq!(
                e.to_string(),
                format!(
                    "requesting a token from https://as.example/token: HTTP {status} \
                     (temporarily_unavailable: down for maintenance)"
                )
            );
        }
        // A refusal is the OAuth error response it is, left for the parser
        // (exit 4); so is a device poll's `slow_down` sent as a 429.
        assert_eq!(
            answer(400, r#"{"error":"invalid_client"}"#)
                .unwrap()
                .status(),
            400
        );
        assert_eq!(
            answer(429, r#"{"error":"slow_down"}"#).unwrap().status(),
            429
        );
    }

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

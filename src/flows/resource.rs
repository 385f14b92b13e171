//! Calling a protected resource with an access token (RFC 6750, RFC 9449):
//! `fetch`'s protocol. The token goes in an `Authorization` header (`Bearer`,
//! or `DPoP` with a proof carrying `ath` when the client makes proofs); a
//! 401 whose challenge says `invalid_token` gets one retry with a token
//! refreshed by the caller; a second 401 is the answer. A challenge for
//! more scope or a stronger authentication (RFC 6750 §3.1, RFC 9470) is
//! reported so the caller can name the login that satisfies it.

use crate::error::{Error, Result};
use crate::http::{HttpClient, Method, Request, Response};

/// What to send, apart from the token.
#[derive(Debug, Clone)]
pub struct ResourceRequest {
    /// The method.
    pub method: Method,
    /// The URL.
    pub url: String,
    /// Extra headers, in order (never `Authorization` or `DPoP`: the token
    /// and its proof are this module's).
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Vec<u8>>,
}

/// An access token to present, and how.
#[derive(Debug, Clone)]
pub struct Presented {
    /// The access token.
    pub token: String,
    /// Whether it is DPoP-bound (`Authorization: DPoP`, a proof with `ath`).
    pub dpop: bool,
}

/// The answer, and what happened on the way.
#[derive(Debug)]
pub struct Fetched {
    /// The final response (after at most one refresh-and-retry).
    pub response: Response,
    /// Whether the token was refreshed after a 401 `invalid_token`.
    pub refreshed: bool,
}

/// Where a fresh token comes from: `false` for the current one, `true`
/// after the resource refused it as `invalid_token` (`None`: no fresher
/// token can be had, so no retry).
pub type TokenSource<'a> = dyn FnMut(bool) -> Result<Option<Presented>> + 'a;

const WHAT: &str = "fetching";

/// Where a token may go: https, or plain http to a loopback address (a
/// token sent in clear to another host can be read on the way).
pub fn check_url(url: &str) -> Result<()> {
    let parsed = url::Url::parse(url)
        .map_err(|e| Error::usage(format!("'{url}' is not a valid URL ({e})")))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback_host(&parsed) => Ok(()),
        "http" => Err(Error::usage(format!(
            "{}: oauthctl sends a token over https only (or http to a loopback address)",
            crate::http::redact_url(url)
        ))),
        other => Err(Error::usage(format!(
            "'{}': not an http or https URL ({other})",
            crate::http::redact_url(url)
        ))),
    }
}

/// `localhost`, 127.0.0.0/8 or `::1`.
fn loopback_host(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Send `req` with the token `tokens` gives; on a 401 `invalid_token`,
/// once more with the token it gives when asked for a fresh one. The URL
/// must pass [`check_url`].
pub fn fetch(
    http: &HttpClient,
    req: &ResourceRequest,
    tokens: &mut TokenSource<'_>,
) -> Result<Fetched> {
    check_url(&req.url)?;
    let first = tokens(false)?.ok_or_else(|| Error::usage("no access token to present"))?;
    let response = send(http, req, &first)?;
    if response.status != 401 || !invalid_token(&response) {
        return Ok(Fetched {
            response,
            refreshed: false,
        });
    }
    let Some(fresh) = tokens(true)? else {
        return Ok(Fetched {
            response,
            refreshed: false,
        });
    };
    Ok(Fetched {
        response: send(http, req, &fresh)?,
        refreshed: true,
    })
}

/// One request with the token (and a DPoP proof, with the nonce retry,
/// when the token is bound: `http` then carries the signer,
/// [`HttpClient::with_dpop`]).
fn send(http: &HttpClient, req: &ResourceRequest, token: &Presented) -> Result<Response> {
    let mut headers: Vec<(String, String)> = req
        .headers
        .iter()
        .filter(|(k, _)| {
            !k.eq_ignore_ascii_case("authorization") && !k.eq_ignore_ascii_case("dpop")
        })
        .cloned()
        .collect();
    let scheme = if token.dpop { "DPoP" } else { "Bearer" };
    headers.push(("Authorization".into(), format!("{scheme} {}", token.token)));
    let request = Request {
        method: req.method,
        url: req.url.clone(),
        headers,
        body: req.body.clone(),
        body_has_secrets: false,
        what: WHAT.into(),
    };
    if token.dpop {
        if http.dpop().is_none() {
            return Err(Error::usage(
                "the access token is DPoP-bound but there is no key to make proofs with",
            ));
        }
        // A proof with `ath` for this token, and the one nonce retry.
        return super::dpop::send(http, &request, Some(&token.token));
    }
    http.send(&request)
}

/// The response's Bearer or DPoP challenge, if it has one oauthctl can read.
pub fn challenge(resp: &Response) -> Option<crate::challenge::Challenge> {
    let header = resp.header("www-authenticate")?;
    let all = crate::challenge::parse(header).ok()?;
    crate::challenge::oauth(&all).cloned()
}

/// The `error` of the response's Bearer or DPoP challenge, if any.
pub fn challenge_error(resp: &Response) -> Option<String> {
    challenge(resp)?.error().map(str::to_owned)
}

/// Whether the resource says the token is invalid (expired, revoked): a
/// 401 whose challenge has `error="invalid_token"` (RFC 6750 §3.1).
pub fn invalid_token(resp: &Response) -> bool {
    challenge_error(resp).as_deref() == Some("invalid_token")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{HttpSettings, Incoming};
    use std::sync::{Arc, Mutex};

    fn server(answers: Vec<(u16, &'static str)>) -> (HttpClient, Arc<Mutex<Vec<Request>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answers = Mutex::new(answers.into_iter());
        let record = Arc::clone(&seen);
        let http = HttpClient::with_transport(HttpSettings::default(), None, move |r: &Request| {
            record.lock().unwrap().push(r.clone());
            let (status, challenge) = answers
                .lock()
                .unwrap()
                .next()
                .expect("one answer per request");
            let mut headers = Vec::new();
            if !challenge.is_empty() {
                headers.push(("WWW-Authenticate".to_owned(), challenge.to_owned()));
            }
            Ok(Incoming::new(status, headers, "body"))
        });
        (http, seen)
    }

    fn req() -> ResourceRequest {
        ResourceRequest {
            method: Method::Get,
            url: "https://api.example/x".into(),
            headers: vec![
                ("Authorization".into(), "Basic forged".into()),
                ("Accept".into(), "text/plain".into()),
            ],
            body: None,
        }
    }

    fn token(t: &str) -> Presented {
        Presented {
            token: t.into(),
            dpop: false,
        }
    }

    #[test]
    fn one_refresh_and_retry_on_invalid_token_then_the_answer() {
        let (http, seen) = server(vec![
            (401, r#"Bearer error="invalid_token""#),
            (401, r#"Bearer error="invalid_token""#),
        ]);
        let mut asked = Vec::new();
        let got = fetch(&http, &req(), &mut |fresh| {
            asked.push(fresh);
            Ok(Some(token(if fresh { "at2" } else { "at1" })))
        })
        .unwrap();
        assert_eq!(got.response.status, 401);
        assert!(got.refreshed);
        assert_eq!(asked, [false, true]);
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 2);
        let auth = |r: &Request| {
            r.headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(auth(&seen[0]), ["Bearer at1"]);
        assert_eq!(auth(&seen[1]), ["Bearer at2"]);
    }

    #[test]
    fn other_refusals_are_not_retried() {
        let (http, seen) = server(vec![(
            403,
            r#"Bearer error="insufficient_scope", scope="write""#,
        )]);
        let got = fetch(&http, &req(), &mut |fresh| {
            assert!(!fresh);
            Ok(Some(token("at1")))
        })
        .unwrap();
        assert_eq!(got.response.status, 403);
        assert_eq!(
            challenge_error(&got.response).as_deref(),
            Some("insufficient_scope")
        );
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn tokens_go_over_https_or_to_loopback_only() {
        for ok in [
            "https://api.example/x",
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]:1/",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.example/x",
            "http://127.0.0.1.nip.io/",
            "ftp://x/",
            "nope",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn no_fresh_token_no_retry() {
        let (http, seen) = server(vec![(401, r#"Bearer error="invalid_token""#)]);
        let got = fetch(&http, &req(), &mut |fresh| {
            Ok((!fresh).then(|| token("given")))
        })
        .unwrap();
        assert_eq!(got.response.status, 401);
        assert!(!got.refreshed);
        assert_eq!(seen.lock().unwrap().len(), 1);
    }
}

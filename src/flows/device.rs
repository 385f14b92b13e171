//! The device authorization grant (RFC 8628): ask for a user code
//! ([`authorize`]), then poll the token endpoint ([`poll`]) until the user
//! approves or denies, or the code expires.
//!
//! Polling follows §3.5: wait `interval` (5 s when the server gives none)
//! between requests, keep going on `authorization_pending`, add 5 s on
//! `slow_down`, stop on anything else. Every wait goes through the caller's
//! `wait`, which sleeps on the injectable [`Clock`] (the command animates a
//! spinner meanwhile), and "now" comes from the clock too, so the whole
//! schedule is testable without waiting. A code that expires locally
//! (`expires_in` passed with the server still saying "pending") is a user
//! timeout; the server's own `expired_token` is a refusal.
//!
//! Requests are built by the `oauth2` crate and sent through oauthctl's
//! HTTP client. Nothing here prints.

use std::cell::RefCell;
use std::time::Duration;

use oauth2::{
    DeviceAuthorizationUrl, DeviceCodeErrorResponseType, PkceCodeChallenge, PkceCodeVerifier,
    RequestTokenError, Scope, StandardDeviceAuthorizationResponse, TokenResponse, TokenUrl,
};
use serde_json::Map;

use super::client_auth::ClientAuth;
use super::exchange;
use super::oidc::{Expected, Issuer, OidcTokenResponse, Outcome, validate_id_token};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;

/// What to ask for.
#[derive(Debug)]
pub struct Grant {
    /// The issuer's endpoints (the device authorization endpoint is needed).
    pub issuer: Issuer,
    /// The client and its authentication (usually `none`).
    pub auth: ClientAuth,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Extra parameters for the device authorization request.
    pub params: Vec<(String, String)>,
    /// Send a PKCE challenge (RFC 7636, S256) with the device
    /// authorization request and its verifier with every poll, for
    /// servers that require PKCE in the device grant (Keycloak can).
    pub pkce: bool,
}

/// The server's answer to the device authorization request (§3.2).
pub struct Authorization {
    /// The code the user enters.
    pub user_code: String,
    /// Where the user enters it.
    pub verification_uri: String,
    /// The same with the code in it, if the server gives one.
    pub verification_uri_complete: Option<String>,
    /// Unix seconds when the device code expires.
    pub expires_at: i64,
    /// The first polling interval.
    pub interval: Duration,
    details: StandardDeviceAuthorizationResponse,
    /// The PKCE verifier of the challenge sent, when one was.
    pkce_verifier: Option<PkceCodeVerifier>,
}

impl std::fmt::Debug for Authorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorization")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Random bytes in a PKCE verifier: 64, as `login` (86 characters, RFC
/// 7636 §4.1 allows 43 to 128).
const PKCE_VERIFIER_BYTES: u32 = 64;

const AUTHORIZE: &str = "requesting a device code from";
const POLL: &str = "polling for the device authorization at";

fn endpoint(grant: &Grant) -> Result<&str> {
    grant
        .issuer
        .device_authorization_endpoint
        .as_deref()
        .ok_or_else(|| {
            Error::usage(format!(
                "the issuer {} has no device_authorization_endpoint; give \
                 --device-authorization-endpoint",
                grant.issuer.issuer
            ))
        })
}

fn token_url(grant: &Grant) -> Result<TokenUrl> {
    exchange::token_url(&grant.issuer.token_endpoint)
}

/// Ask for a device code and a user code (§3.1).
pub fn authorize(http: &HttpClient, clock: &dyn Clock, grant: &Grant) -> Result<Authorization> {
    let url = endpoint(grant)?;
    let device_url = DeviceAuthorizationUrl::new(url.to_owned()).map_err(|e| {
        Error::usage(format!(
            "device authorization endpoint '{url}' is not a URL ({e})"
        ))
    })?;
    let client = grant
        .auth
        .client_for::<OidcTokenResponse>(token_url(grant)?)
        .set_device_authorization_url(device_url);
    let now = clock.now();
    let mut req = client.exchange_device_code();
    for s in &grant.scopes {
        req = req.add_scope(Scope::new(s.clone()));
    }
    // RFC 7636 §4.3 parameters on the device authorization request, as on
    // an authorization request; the verifier goes with each poll (§4.5).
    let pkce = grant
        .pkce
        .then(|| PkceCodeChallenge::new_random_sha256_len(PKCE_VERIFIER_BYTES));
    if let Some((challenge, _)) = &pkce {
        req = req
            .add_extra_param("code_challenge", challenge.as_str().to_owned())
            .add_extra_param(
                "code_challenge_method",
                challenge.method().as_str().to_owned(),
            );
    }
    let pkce_verifier = pkce.map(|(_, verifier)| verifier);
    for (k, v) in &grant.params {
        req = req.add_extra_param(k.clone(), v.clone());
    }
    let extra = grant
        .auth
        .extra_params(url, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    let details: StandardDeviceAuthorizationResponse = req
        .request(&|r| {
            exchange::send_renewing(http, clock, AUTHORIZE, r, &grant.auth.renewal(url, clock))
        })
        .map_err(|e| exchange::token_error(AUTHORIZE, url, e))?;
    let expires_in = i64::try_from(details.expires_in().as_secs()).unwrap_or(i64::MAX / 2);
    Ok(Authorization {
        user_code: details.user_code().secret().clone(),
        verification_uri: details.verification_uri().to_string(),
        verification_uri_complete: details
            .verification_uri_complete()
            .map(|u| u.secret().clone()),
        expires_at: now + expires_in,
        interval: details.interval(),
        details,
        pkce_verifier,
    })
}

/// Poll the token endpoint until the user decides or the code expires
/// (§3.4, §3.5); `wait` is called between requests with the interval.
/// Validates the ID token, if the server sends one.
pub fn poll(
    http: &HttpClient,
    clock: &dyn Clock,
    grant: &Grant,
    authz: &Authorization,
    wait: &dyn Fn(Duration),
) -> Result<Outcome> {
    let client = grant
        .auth
        .client_for::<OidcTokenResponse>(token_url(grant)?);
    let token_endpoint = grant.issuer.token_endpoint.as_str();
    // The last OAuth error code the server answered, and the last failure
    // to reach it (RFC 8628 §3.5 backs off and retries on those).
    let last_error: RefCell<Option<String>> = RefCell::new(None);
    let unreachable: RefCell<Option<String>> = RefCell::new(None);
    let send = |r: oauth2::HttpRequest| -> Result<oauth2::HttpResponse> {
        let r = fresh_assertion(&grant.auth, token_endpoint, clock.now(), r)?;
        let renew = grant.auth.renewal(token_endpoint, clock);
        match exchange::send_renewing(http, clock, POLL, r, &renew) {
            Ok(resp) => {
                *unreachable.borrow_mut() = None;
                *last_error.borrow_mut() =
                    serde_json::from_slice::<Map<String, serde_json::Value>>(resp.body())
                        .ok()
                        .and_then(|m| m.get("error").and_then(|e| e.as_str()).map(str::to_owned));
                Ok(resp)
            }
            Err(e) => {
                *unreachable.borrow_mut() = Some(crate::error::chain(&e));
                Err(e)
            }
        }
    };
    let now = clock.now();
    let lifetime = Duration::from_secs(u64::try_from(authz.expires_at - now).unwrap_or(0));
    let mut req = client
        .exchange_device_access_token(&authz.details)
        .set_time_fn(|| chrono::DateTime::from_timestamp(clock.now(), 0).unwrap_or_default());
    let extra = grant
        .auth
        .extra_params(token_endpoint, now)
        .map_err(|e| Error::input("signing the client assertion", e))?;
    if let Some(verifier) = &authz.pkce_verifier {
        req = req.add_extra_param("code_verifier", verifier.secret().clone());
    }
    for (k, v) in extra {
        req = req.add_extra_param(k, v);
    }
    let result = req.request(&send, wait, Some(lifetime));
    let resp = match result {
        Ok(resp) => resp,
        Err(RequestTokenError::ServerResponse(r))
            if *r.error() == DeviceCodeErrorResponseType::ExpiredToken
                && last_error.borrow().as_deref() != Some("expired_token") =>
        {
            // Synthesized by the poll loop: the code's lifetime passed here.
            if let Some(detail) = unreachable.borrow_mut().take() {
                return Err(Error::Network {
                    what: POLL.into(),
                    url: token_endpoint.to_owned(),
                    detail,
                });
            }
            return Err(Error::UserTimeout(format!(
                "nobody approved the sign-in with code {} before it expired",
                authz.user_code
            )));
        }
        Err(e) => return Err(exchange::token_error(POLL, token_endpoint, e)),
    };
    let now = clock.now();
    let mut tokens = exchange::token_set(&resp, now, POLL, token_endpoint)?;
    tokens.id_token = resp.extra_fields().id_token.clone();
    tokens.authorization_details = resp.extra_fields().granted_details();
    let claims = match tokens.expose_id_token() {
        Some(id_token) => validate_id_token(
            http,
            clock,
            &grant.issuer,
            id_token,
            Expected {
                client_id: grant.auth.client_id(),
                nonce: None,
                access_token: Some(resp.access_token().secret()),
                max_age: None,
            },
        )?,
        None => Map::new(),
    };
    Ok(Outcome { tokens, claims })
}

/// A client assertion is good for one request (its `jti` is unique):
/// each poll gets a fresh one.
fn fresh_assertion(
    auth: &ClientAuth,
    token_endpoint: &str,
    now: i64,
    r: oauth2::HttpRequest,
) -> Result<oauth2::HttpRequest> {
    auth.renew_assertion(token_endpoint, now, r)
        .map_err(|e| Error::input("signing the client assertion", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpSettings;
    use std::sync::Mutex;

    /// A clock whose sleeps advance it, and which records them.
    struct TestClock {
        now: Mutex<i64>,
        sleeps: Mutex<Vec<u64>>,
    }

    impl Clock for TestClock {
        fn now(&self) -> i64 {
            *self.now.lock().unwrap()
        }
        fn sleep(&self, d: Duration) {
            self.sleeps.lock().unwrap().push(d.as_secs());
            *self.now.lock().unwrap() += i64::try_from(d.as_secs()).unwrap();
        }
    }

    /// A token endpoint answering `replies` in turn (the last one forever),
    /// counting requests.
    fn server(replies: Vec<(u16, &'static str)>) -> (String, std::sync::Arc<Mutex<usize>>) {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let count = std::sync::Arc::new(Mutex::new(0usize));
        let c = std::sync::Arc::clone(&count);
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let mut n = c.lock().unwrap();
                let (status, body) = replies[(*n).min(replies.len() - 1)];
                *n += 1;
                drop(n);
                let ctype =
                    tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
                let _ = req.respond(
                    tiny_http::Response::from_string(body)
                        .with_status_code(status)
                        .with_header(ctype),
                );
            }
        });
        (format!("http://127.0.0.1:{port}/token"), count)
    }

    fn grant(token_endpoint: String) -> Grant {
        Grant {
            issuer: Issuer {
                issuer: "http://issuer.invalid".into(),
                authorization_endpoint: None,
                token_endpoint,
                device_authorization_endpoint: Some("http://issuer.invalid/device".into()),
                jwks_uri: None,
                iss_parameter_supported: false,
            },
            auth: ClientAuth::None {
                client_id: "cli".into(),
            },
            scopes: vec![],
            params: vec![],
            pkce: false,
        }
    }

    fn authz(now: i64, expires_in: i64, interval: u64) -> Authorization {
        let details: StandardDeviceAuthorizationResponse =
            serde_json::from_value(serde_json::json!({
                "device_code": "dc", "user_code": "ABCD-EFGH",
                "verification_uri": "http://issuer.invalid/device",
                "expires_in": expires_in, "interval": interval,
            }))
            .unwrap();
        Authorization {
            user_code: "ABCD-EFGH".into(),
            verification_uri: "http://issuer.invalid/device".into(),
            verification_uri_complete: None,
            expires_at: now + expires_in,
            interval: Duration::from_secs(interval),
            details,
            pkce_verifier: None,
        }
    }

    const PENDING: (u16, &str) = (400, r#"{"error":"authorization_pending"}"#);
    const SLOW_DOWN: (u16, &str) = (400, r#"{"error":"slow_down"}"#);
    const TOKEN: (u16, &str) = (
        200,
        r#"{"access_token":"at","token_type":"Bearer","expires_in":300,"refresh_token":"rt"}"#,
    );

    fn run(
        replies: Vec<(u16, &'static str)>,
        expires_in: i64,
    ) -> (Result<Outcome>, Vec<u64>, usize) {
        let (url, count) = server(replies);
        let clock = TestClock {
            now: Mutex::new(1_000),
            sleeps: Mutex::new(vec![]),
        };
        let http = HttpClient::new(HttpSettings::default(), None);
        let g = grant(url);
        let a = authz(1_000, expires_in, 2);
        let r = poll(&http, &clock, &g, &a, &|d| clock.sleep(d));
        let sleeps = clock.sleeps.lock().unwrap().clone();
        let n = *count.lock().unwrap();
        (r, sleeps, n)
    }

    #[test]
    fn pending_keeps_the_interval_and_slow_down_adds_five_seconds() {
        let (r, sleeps, n) = run(vec![PENDING, SLOW_DOWN, PENDING, TOKEN], 600);
        let out = r.unwrap();
        assert_eq!(out.tokens.expose_access_token(), "at");
        assert_eq!(out.tokens.expose_refresh_token(), Some("rt"));
        assert_eq!(out.tokens.expires_at, Some(1_000 + 2 + 7 + 7 + 300));
        assert_eq!(sleeps, vec![2, 7, 7]);
        assert_eq!(n, 4);
    }

    #[test]
    fn denial_and_server_expiry_are_refusals() {
        for body in [
            r#"{"error":"access_denied","error_description":"the user said no"}"#,
            r#"{"error":"expired_token"}"#,
        ] {
            let (r, _, _) = run(vec![PENDING, (400, body)], 600);
            let e = r.unwrap_err();
            assert_eq!(e.exit_status().code(), 4, "{e}");
        }
    }

    #[test]
    fn a_code_that_expires_while_pending_is_a_user_timeout() {
        let (r, sleeps, _) = run(vec![PENDING], 5);
        let e = r.unwrap_err();
        assert_eq!(e.exit_status().code(), 5, "{e}");
        assert!(e.to_string().contains("ABCD-EFGH"), "{e}");
        assert_eq!(sleeps, vec![2, 2, 2]);
    }

    #[test]
    fn html_from_the_token_endpoint_is_a_bad_response() {
        let (r, _, _) = run(vec![(200, "<html>login</html>")], 600);
        assert_eq!(r.unwrap_err().exit_status().code(), 3);
    }
}

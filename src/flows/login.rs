//! The authorization code grant with PKCE for a native app (RFC 6749 §4.1,
//! RFC 7636, RFC 8252) and OpenID Connect (Core 3.1): a loopback redirect on
//! 127.0.0.1, then the checks, in order, on the one real callback:
//!
//! 1. `state` (RFC 6749 §10.12): a callback whose `state` does not match
//!    (or that has none) is not this login's: a stale tab or a forged
//!    response. Its code is never used and nothing is sent to the token
//!    endpoint; the browser is told, and the wait for the real callback
//!    goes on until `--login-timeout`, so one forged request cannot cancel
//!    a login.
//! 2. `iss` (RFC 9207 §2.4): when present it must be the issuer; when the
//!    issuer advertises `authorization_response_iss_parameter_supported` it
//!    must be present. Checked before `error`, as RFC 9207 asks for error
//!    responses too (a mix-up attacker's "error" is not the issuer's).
//! 3. `error` (RFC 6749 §4.1.2.1): the server refused.
//! 4. The code is exchanged with the PKCE verifier, and the ID token is
//!    validated by the one engine ([`super::oidc::validate_id_token`]).
//!
//! With a JWT response mode (JARM, [`super::jarm`]) the callback's one
//! parameter, `response`, is validated first (signature, `iss`, `aud`,
//! `exp`), and checks 1 to 3 apply to its claims.
//!
//! [`start`] binds the listener and builds the authorization request: as a
//! signed request object (RFC 9101) when asked, pushed to the issuer first
//! (RFC 9126, [`super::par`]) when asked or required, so that the browser
//! then carries only `client_id` and `request_uri`. The command opens the
//! browser (or prints the URL); [`Pending::finish`] waits for the callback,
//! answers the browser with a small page and returns the tokens. Nothing
//! here prints.
//!
//! Paste-back ([`Pending::finish_or_paste`]): when the browser runs on
//! another machine than oauthctl (SSH without port forwarding), its
//! redirect to the loopback URI fails, but the address bar holds the whole
//! response; pasted into the terminal it goes through the same checks 1 to
//! 4 (and JARM's), except that a wrong `state` ends the login, since the
//! user pasted it for this one.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use oauth2::{
    AuthUrl, AuthorizationCode, CsrfToken, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope,
    TokenResponse,
};
use serde_json::{Map, Value};

use super::client_auth::ClientAuth;
use super::exchange;
use super::jarm::{self, ResponseMode};
pub use super::oidc::Outcome;
use super::oidc::{Expected, Issuer, OidcTokenResponse, validate_id_token};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::jwt::encode::SigningKey;
use crate::loopback::{BindError, Exchange, Listener, Request, Response};
use crate::secret::Secret;

/// The path of the default redirect URI.
pub const CALLBACK_PATH: &str = "/callback";

/// Random bytes in `state` and `nonce`: 256 bits (at least 128 are needed).
const RANDOM_BYTES: u32 = 32;

/// Random bytes behind the PKCE verifier: 64, so 86 characters (RFC 7636
/// §4.1 asks for 43 to 128).
const VERIFIER_BYTES: u32 = 64;

/// Parameters oauthctl sets itself; `--param` may not override them.
const RESERVED: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "request",
    "request_uri",
];

/// Lifetime of a request object (RFC 9101 §4: `exp`): long enough for a
/// slow sign-in page to be opened, short enough not to be replayed later.
const REQUEST_OBJECT_TTL: i64 = 300;

/// Where the browser comes back to.
#[derive(Debug, Clone)]
pub enum Redirect {
    /// `http://HOST:PORT/callback`, listening on `bind`: the first free
    /// port of `ports`, or any free one when it is empty (RFC 8252 §7.3:
    /// any port on loopback).
    Loopback {
        /// The address to listen on.
        bind: IpAddr,
        /// The redirect URI's host: `127.0.0.1`, `localhost` or `[::1]`.
        host: String,
        /// Ports to try in order.
        ports: Vec<u16>,
    },
    /// An exact registered loopback URI (`--redirect-uri`), listening on
    /// `bind` (default: the loopback address its host names).
    Uri {
        /// The URI.
        uri: String,
        /// The address to listen on.
        bind: Option<IpAddr>,
    },
}

impl Redirect {
    /// The default: `http://127.0.0.1:PORT/callback` on any free port.
    pub fn any_port() -> Redirect {
        Redirect::Loopback {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            host: "127.0.0.1".into(),
            ports: Vec::new(),
        }
    }
}

/// The loopback address that a redirect host names (`localhost` is served
/// on 127.0.0.1, which is what it resolves to first almost everywhere).
pub fn loopback_for(host: &str) -> IpAddr {
    if host == "[::1]" || host == "::1" {
        IpAddr::V6(Ipv6Addr::LOCALHOST)
    } else {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    }
}

/// What to ask for.
#[derive(Debug)]
pub struct Login {
    /// The issuer's endpoints.
    pub issuer: Issuer,
    /// The client and its authentication (usually `none`: a public client).
    pub auth: ClientAuth,
    /// Scopes (`openid` makes it an OpenID Connect login).
    pub scopes: Vec<String>,
    /// RFC 8707 resource indicators.
    pub resources: Vec<String>,
    /// `prompt` (OIDC Core 3.1.2.1).
    pub prompt: Option<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
    /// `max_age`, seconds: also checked against `auth_time`.
    pub max_age: Option<u64>,
    /// `acr_values`.
    pub acr_values: Option<String>,
    /// Extra authorization request parameters.
    pub params: Vec<(String, String)>,
    /// The redirect.
    pub redirect: Redirect,
    /// Also serve a short URL on the listener that redirects to the
    /// authorization URL.
    pub short_url: bool,
    /// RFC 9396 `authorization_details`: a JSON array of objects with `type`.
    pub authorization_details: Option<Value>,
    /// RFC 9449 §10: the thumbprint of the DPoP key the tokens will be
    /// bound to, sent as `dpop_jkt`.
    pub dpop_jkt: Option<String>,
    /// RFC 9126: push the request to this `pushed_authorization_request_endpoint`
    /// first (see [`super::par::endpoint`]).
    pub par_endpoint: Option<String>,
    /// RFC 9101: send the request as a request object signed with this key.
    pub request_object: Option<Box<SigningKey>>,
    /// JARM: ask for a JWT-secured authorization response.
    pub response_mode: Option<ResponseMode>,
}

/// A login waiting for the browser.
pub struct Pending {
    callback: Callback,
    url: String,
    session: Session,
    /// The pushed request's lifetime, seconds (RFC 9126 §2.2).
    pushed_expires_in: Option<u64>,
}

/// The loopback listener and what it waits for.
struct Callback {
    listener: Listener,
    redirect_uri: String,
    path: String,
    /// `(path, authorization URL)`: a GET on the path is redirected there.
    short: Option<(String, String)>,
}

/// What the callback is checked against, and the PKCE verifier.
struct Session {
    state: CsrfToken,
    nonce: Option<Secret<String>>,
    verifier: PkceCodeVerifier,
    login: Login,
    redirect_uri: String,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("redirect_uri", &self.callback.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// A random value for `state` or `nonce`: [`RANDOM_BYTES`] from a CSPRNG
/// (the `oauth2` crate's, `rand`'s `ThreadRng`), base64url.
fn random_value() -> String {
    CsrfToken::new_random_len(RANDOM_BYTES).into_secret()
}

/// Bind the loopback listener and build the authorization URL; sign the
/// request and push it first when `login` says so.
pub fn start(login: Login, http: &HttpClient, clock: &dyn Clock) -> Result<Pending> {
    let authorization_endpoint = login.issuer.authorization_endpoint.clone().ok_or_else(|| {
        Error::usage(format!(
            "the issuer {} has no authorization_endpoint; give --authorization-endpoint",
            login.issuer.issuer
        ))
    })?;
    let own = [
        (
            "authorization_details",
            login.authorization_details.is_some(),
        ),
        ("dpop_jkt", login.dpop_jkt.is_some()),
        ("response_mode", login.response_mode.is_some()),
    ];
    for (k, _) in &login.params {
        if RESERVED.contains(&k.as_str()) || own.iter().any(|(n, set)| *set && n == k) {
            return Err(Error::usage(format!(
                "--param {k}=…: oauthctl sets {k} itself"
            )));
        }
    }
    let (listener, redirect_uri, path) = listen(&login.redirect)?;
    let auth_url = AuthUrl::new(authorization_endpoint.clone()).map_err(|e| {
        Error::usage(format!(
            "authorization endpoint '{authorization_endpoint}' is not a URL ({e})"
        ))
    })?;
    let client = client(&login, &redirect_uri)?.set_auth_uri(auth_url);

    // RFC 7636 §4.2: S256, always.
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256_len(VERIFIER_BYTES);
    let openid = login.scopes.iter().any(|s| s == "openid");
    let nonce = openid.then(|| Secret::new(random_value()));
    let mut req = client
        .authorize_url(|| CsrfToken::new(random_value()))
        .set_pkce_challenge(challenge);
    for s in &login.scopes {
        req = req.add_scope(Scope::new(s.clone()));
    }
    if let Some(n) = &nonce {
        req = req.add_extra_param("nonce", n.expose().clone());
    }
    let optional = [
        ("prompt", login.prompt.clone()),
        ("login_hint", login.login_hint.clone()),
        ("max_age", login.max_age.map(|m| m.to_string())),
        ("acr_values", login.acr_values.clone()),
    ];
    for (k, v) in optional {
        if let Some(v) = v {
            req = req.add_extra_param(k, v);
        }
    }
    for r in &login.resources {
        req = req.add_extra_param("resource", r.clone());
    }
    let advanced = [
        (
            "response_mode",
            login.response_mode.map(|m| m.name().to_owned()),
        ),
        (
            "authorization_details",
            login.authorization_details.as_ref().map(Value::to_string),
        ),
        ("dpop_jkt", login.dpop_jkt.clone()),
    ];
    for (k, v) in advanced {
        if let Some(v) = v {
            req = req.add_extra_param(k, v);
        }
    }
    for (k, v) in &login.params {
        req = req.add_extra_param(k.clone(), v.clone());
    }
    let (url, state) = req.url();
    let (url, pushed_expires_in) =
        front_channel(&login, &authorization_endpoint, url, http, clock)?;
    let short = login.short_url.then(|| {
        let short_path = if path == "/" { "/go" } else { "/" };
        (short_path.to_owned(), url.to_string())
    });
    Ok(Pending {
        callback: Callback {
            listener,
            redirect_uri: redirect_uri.clone(),
            path,
            short,
        },
        url,
        pushed_expires_in,
        session: Session {
            state,
            nonce,
            verifier,
            login,
            redirect_uri,
        },
    })
}

/// What the browser carries: the whole request (the plain case), a signed
/// request object (RFC 9101 §5: `client_id` and `request`), or, when
/// pushed, `client_id` and `request_uri` (RFC 9126 §4), with the pushed
/// request's lifetime.
fn front_channel(
    login: &Login,
    authorization_endpoint: &str,
    url: url::Url,
    http: &HttpClient,
    clock: &dyn Clock,
) -> Result<(String, Option<u64>)> {
    if login.par_endpoint.is_none() && login.request_object.is_none() {
        return Ok((url.to_string(), None));
    }
    let mut base = url::Url::parse(authorization_endpoint).map_err(|e| {
        Error::usage(format!(
            "authorization endpoint '{authorization_endpoint}' is not a URL ({e})"
        ))
    })?;
    // The endpoint's own query comes first in the URL; the request after it.
    let own = base.query_pairs().count();
    let params: Vec<(String, String)> = url.query_pairs().into_owned().skip(own).collect();
    let client_id = login.auth.client_id().to_owned();
    let sent = match &login.request_object {
        Some(key) => {
            let signed =
                request_object(&params, key, &login.issuer.issuer, &client_id, clock.now())?;
            let mut sent = vec![("client_id".to_owned(), client_id.clone())];
            if login.par_endpoint.is_none() {
                // OpenID Connect Core §6.1: response_type and scope are sent
                // outside too (the same values), for a valid OAuth request.
                sent.extend(
                    params
                        .iter()
                        .filter(|(k, _)| k == "response_type" || k == "scope")
                        .cloned(),
                );
            }
            sent.push(("request".to_owned(), signed));
            sent
        }
        None => params,
    };
    let mut expires_in = None;
    let front = match &login.par_endpoint {
        Some(endpoint) => {
            let pushed = super::par::push(
                http,
                clock,
                endpoint,
                &login.issuer.issuer,
                &login.auth,
                &sent,
            )?;
            expires_in = pushed.expires_in;
            vec![
                ("client_id".to_owned(), client_id),
                ("request_uri".to_owned(), pushed.request_uri),
            ]
        }
        None => sent,
    };
    base.query_pairs_mut().extend_pairs(front);
    Ok((base.to_string(), expires_in))
}

/// A request object (RFC 9101 §4): every authorization request parameter
/// as a claim (repeated ones as an array, `authorization_details` as the
/// JSON it is), with `iss` = the client, `aud` = the issuer, `iat`, `nbf`,
/// `exp` and a `jti`; `typ` `oauth-authz-req+jwt` (§10.8).
fn request_object(
    params: &[(String, String)],
    key: &SigningKey,
    issuer: &str,
    client_id: &str,
    now: i64,
) -> Result<String> {
    let mut claims = Map::new();
    for (k, v) in params {
        let value = if k == "authorization_details" {
            serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.clone()))
        } else {
            Value::String(v.clone())
        };
        match claims.get_mut(k) {
            Some(Value::Array(list)) if k != "authorization_details" => list.push(value),
            Some(first) => {
                let earlier = first.take();
                *first = Value::Array(vec![earlier, value]);
            }
            None => {
                claims.insert(k.clone(), value);
            }
        }
    }
    claims.insert("iss".into(), client_id.into());
    claims.insert("aud".into(), issuer.into());
    claims.insert("iat".into(), now.into());
    claims.insert("nbf".into(), now.into());
    claims.insert("exp".into(), (now + REQUEST_OBJECT_TTL).into());
    claims.insert("jti".into(), crate::jwt::encode::random_id().into());
    let mut header = Map::new();
    header.insert("typ".into(), "oauth-authz-req+jwt".into());
    if let Some(kid) = key.public.as_ref().and_then(|p| p.kid.clone()) {
        header.insert("kid".into(), kid.into());
    }
    crate::jwt::encode::sign(
        crate::jwt::encode::SignAlg::Alg(key.default_alg()),
        &header,
        &claims,
        Some(key),
    )
    .map_err(|e| Error::input("signing the request object", e))
}

/// The `oauth2` client for this login: its token endpoint, redirect URI and
/// authentication, with OpenID Connect token responses.
fn client(
    login: &Login,
    redirect_uri: &str,
) -> Result<super::client_auth::Client<OidcTokenResponse>> {
    let redirect = RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|e| Error::usage(format!("redirect URI '{redirect_uri}': {e}")))?;
    Ok(login
        .auth
        .client_for::<OidcTokenResponse>(exchange::token_url(&login.issuer.token_endpoint)?)
        .set_redirect_uri(redirect))
}

/// Bind the listener (by default 127.0.0.1, RFC 8252 §7.3, §8.3: the
/// loopback IP literal) and return the redirect URI and the path the
/// callback must have.
fn listen(redirect: &Redirect) -> Result<(Listener, String, String)> {
    match redirect {
        Redirect::Loopback { bind, host, ports } => {
            let listener = bind_first(*bind, ports)?;
            let port = listener.local_addr().port();
            let uri = format!("http://{host}:{port}{CALLBACK_PATH}");
            Ok((listener, uri, CALLBACK_PATH.to_owned()))
        }
        Redirect::Uri { uri, bind } => {
            let (port, path) = loopback_uri(uri)?;
            let host = url::Url::parse(uri)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            let addr = bind.unwrap_or_else(|| loopback_for(&host));
            Ok((bind_first(addr, &[port])?, uri.clone(), path))
        }
    }
}

/// Listen on the first free port of `ports` (any free port when empty).
/// When none is free, the error names the ports and what to do.
fn bind_first(addr: IpAddr, ports: &[u16]) -> Result<Listener> {
    Listener::bind(addr, ports).map_err(|e| match e {
        BindError::InUse { .. } => Error::usage(format!(
            "cannot listen for the login redirect: {e} (another program, or another login \
             still waiting); stop it, or give another port registered for the client \
             (--port 8400,8401 tries each in turn), or leave out --port if the provider \
             accepts any loopback port"
        )),
        BindError::Failed { addr, source } => Error::usage(format!(
            "cannot listen on {addr} for the login redirect: {source}"
        )),
    })
}

/// Check an explicit redirect URI: `http`, a loopback host, no fragment.
/// Returns its port and path.
pub fn loopback_uri(uri: &str) -> Result<(u16, String)> {
    let bad = |why: &str| {
        Error::usage(format!(
            "--redirect-uri '{uri}': {why}; oauthctl only listens on loopback, e.g. \
             http://127.0.0.1:8400/callback"
        ))
    };
    let u = url::Url::parse(uri).map_err(|e| bad(&e.to_string()))?;
    if u.scheme() != "http" {
        return Err(bad(
            "not an http URI (RFC 8252 §7.3 loopback redirects are plain http)",
        ));
    }
    match u.host_str() {
        Some("127.0.0.1" | "localhost" | "[::1]") => {}
        _ => return Err(bad("not a loopback address")),
    }
    if u.fragment().is_some() {
        return Err(bad("a redirect URI has no fragment (RFC 6749 §3.1.2)"));
    }
    let port = u.port_or_known_default().unwrap_or(80);
    Ok((port, u.path().to_owned()))
}

impl Pending {
    /// The authorization URL to open in the browser.
    pub fn authorization_url(&self) -> &str {
        &self.url
    }

    /// How long the pushed request stays usable, in seconds, when it was
    /// pushed and the server said (RFC 9126 §2.2).
    pub fn pushed_expires_in(&self) -> Option<u64> {
        self.pushed_expires_in
    }

    /// The redirect URI the browser comes back to.
    pub fn redirect_uri(&self) -> &str {
        &self.callback.redirect_uri
    }

    /// The short local URL that redirects to the authorization URL, when
    /// asked for: the redirect URI's origin and the short path.
    pub fn short_url(&self) -> Option<String> {
        let (path, _) = self.callback.short.as_ref()?;
        let u = url::Url::parse(&self.callback.redirect_uri).ok()?;
        Some(format!("{}{path}", u.origin().ascii_serialization()))
    }

    /// The port the listener is on.
    pub fn port(&self) -> Option<u16> {
        Some(self.callback.listener.local_addr().port())
    }

    /// Wait up to `timeout` for the callback; ignore (404) stray requests;
    /// check it, exchange the code, validate the ID token, answer the
    /// browser with the outcome, and stop listening.
    pub fn finish(
        self,
        http: &HttpClient,
        clock: &dyn Clock,
        timeout: Duration,
    ) -> Result<Outcome> {
        self.finish_or_paste(http, clock, timeout, None)
    }

    /// [`Pending::finish`], also taking the redirect URL pasted by the user
    /// from `pasted` (lines read from a terminal), for a browser that
    /// cannot reach the loopback listener (SSH without port forwarding).
    /// Whichever comes first wins. A pasted URL goes through exactly the
    /// checks of a callback ([`check_callback`]: `state`, `iss`, `error`;
    /// JARM's `response` validated first; PKCE at the exchange), except
    /// that a wrong `state` ends the login (exit 1) instead of being
    /// ignored: the user pasted it for this login.
    pub fn finish_or_paste(
        self,
        http: &HttpClient,
        clock: &dyn Clock,
        timeout: Duration,
        pasted: Option<&Receiver<String>>,
    ) -> Result<Outcome> {
        let Pending {
            callback, session, ..
        } = self;
        let mode = session.login.response_mode;
        let exchange = match callback.wait(timeout, session.state.secret(), mode, pasted)? {
            Arrived::Callback(exchange) => exchange,
            Arrived::Pasted(text) => {
                let params = pasted_params(&text, &callback.redirect_uri, mode)?;
                drop(callback);
                return session.complete(&params, http, clock);
            }
        };
        let params = callback_params(&exchange.request, mode).unwrap_or_default();
        let issuer_name = session.login.issuer.issuer.clone();
        let result = session.complete(&params, http, clock);
        let (status, html) = match &result {
            Ok(_) => (200, page::success(&issuer_name)),
            Err(e) => (400, page::failure(&crate::error::chain(e))),
        };
        exchange.respond(Response::html(status, html));
        drop(callback);
        result
    }
}

impl Callback {
    /// The one real callback: a GET on the redirect path (a POST for
    /// `form_post.jwt`) with the `state` that was sent (for JARM, the one
    /// in its `response` JWT, read here unverified only to tell callbacks
    /// apart). Anything else (a favicon, a probe, a wrong path) gets a 404;
    /// a callback with another `state`, or none, gets an error page (its
    /// code is never used); and the wait goes on either way.
    /// With `pasted`, a line from it (not empty) ends the wait too.
    fn wait(
        &self,
        timeout: Duration,
        state: &str,
        mode: Option<ResponseMode>,
        pasted: Option<&Receiver<String>>,
    ) -> Result<Arrived> {
        let deadline = Instant::now() + timeout;
        let mut foreign = 0usize;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            // With a terminal to read from, look at it every PASTE_POLL.
            let slice = match pasted {
                Some(_) => left.min(PASTE_POLL),
                None => left,
            };
            let next = self.listener.next(slice).map_err(|e| {
                Error::usage(format!(
                    "the login listener on {} failed: {e}",
                    self.redirect_uri
                ))
            })?;
            if next.is_none()
                && let Some(rx) = pasted
            {
                match rx.try_recv() {
                    Ok(line) if !line.trim().is_empty() => {
                        return Ok(Arrived::Pasted(line.trim().to_owned()));
                    }
                    _ => {}
                }
                if Instant::now() < deadline {
                    continue;
                }
            }
            let Some(exchange) = next else {
                return Err(Error::UserTimeout(format!(
                    "no sign-in came back to {} within {} s (--login-timeout){}",
                    self.redirect_uri,
                    timeout.as_secs(),
                    ignored(foreign)
                )));
            };
            let req = &exchange.request;
            let params = callback_params(req, mode).filter(|_| req.path == self.path);
            let answer = if let Some(params) = params {
                let get = |name: &str| {
                    params
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                };
                let sent = match mode {
                    Some(_) => get("response")
                        .and_then(|r| jarm::unverified_state(&r))
                        .or_else(|| get("state")),
                    None => get("state"),
                };
                match sent {
                    // RFC 6749 §10.12: only the response to this request.
                    Some(s) if constant_time_eq(s.as_bytes(), state.as_bytes()) => {
                        return Ok(Arrived::Callback(Box::new(exchange)));
                    }
                    _ => {
                        foreign += 1;
                        Response::html(400, page::ignored())
                    }
                }
            } else {
                match &self.short {
                    Some((short, target)) if req.method == "GET" && req.path == *short => {
                        Response::redirect(302, target)
                    }
                    _ => Response::text(404, "not found\n"),
                }
            };
            exchange.respond(answer);
        }
    }
}

/// How often [`Callback::wait`] looks for a pasted URL.
const PASTE_POLL: Duration = Duration::from_millis(100);

/// What ended the wait.
#[derive(Debug)]
enum Arrived {
    /// The browser's callback on the listener.
    Callback(Box<Exchange>),
    /// A line the user pasted.
    Pasted(String),
}

/// The parameters of a pasted redirect URL: it must be the redirect URI
/// (scheme, host, port and path), with the response in its query.
fn pasted_params(
    text: &str,
    redirect_uri: &str,
    mode: Option<ResponseMode>,
) -> Result<Vec<(String, String)>> {
    if mode.is_some_and(ResponseMode::posts) {
        return Err(Error::usage(
            "a form_post.jwt response is POSTed by the browser and cannot be pasted: forward              the redirect port, or use response mode jwt",
        ));
    }
    let expected = url::Url::parse(redirect_uri)
        .map_err(|e| Error::usage(format!("the redirect URI {redirect_uri}: {e}")))?;
    let got = url::Url::parse(text).map_err(|_| {
        Error::usage(format!(
            "the pasted text is not a URL; paste the whole address the browser shows after              signing in (it starts with {redirect_uri})"
        ))
    })?;
    let same = got.scheme() == expected.scheme()
        && got.host() == expected.host()
        && got.port_or_known_default() == expected.port_or_known_default()
        && got.path() == expected.path();
    if !same {
        return Err(Error::CheckFailed(format!(
            "the pasted URL is not this login's redirect URI {redirect_uri} (it goes to {});              nothing was used",
            crate::http::redact_url(&format!(
                "{}{}",
                got.origin().ascii_serialization(),
                got.path()
            ))
        )));
    }
    Ok(got.query_pairs().into_owned().collect())
}

/// The parameters of a callback: a GET's query, or for `form_post.jwt` a
/// POSTed form. `None`: not a callback at all.
fn callback_params(req: &Request, mode: Option<ResponseMode>) -> Option<Vec<(String, String)>> {
    match req.method.as_str() {
        "GET" => Some(req.query_pairs()),
        "POST" if mode.is_some_and(ResponseMode::posts) => Some(
            url::form_urlencoded::parse(&req.body)
                .into_owned()
                .collect(),
        ),
        _ => None,
    }
}

/// What the timeout says about callbacks that were not this login's.
fn ignored(foreign: usize) -> String {
    match foreign {
        0 => String::new(),
        1 => "; one callback came with a state that did not match the one sent (a stale \
              browser tab or a forged response) and was ignored (RFC 6749 §10.12)"
            .to_owned(),
        n => format!(
            "; {n} callbacks came with a state that did not match the one sent (stale browser \
             tabs or forged responses) and were ignored (RFC 6749 §10.12)"
        ),
    }
}

impl Session {
    /// The checks, the exchange and the ID token, in the order of the module docs.
    fn complete(
        self,
        params: &[(String, String)],
        http: &HttpClient,
        clock: &dyn Clock,
    ) -> Result<Outcome> {
        let Session {
            state,
            nonce,
            verifier,
            login,
            redirect_uri,
        } = self;
        // JARM: the response JWT is validated before anything in it is used.
        let opened;
        let params = match login.response_mode {
            Some(_) => {
                opened = jarm::open(http, clock, &login.issuer, login.auth.client_id(), params)?;
                &opened[..]
            }
            None => params,
        };
        let code = check_callback(params, state.secret(), &login.issuer, &redirect_uri)?;

        const WHAT: &str = "exchanging the authorization code at";
        let client = client(&login, &redirect_uri)?;
        let now = clock.now();
        let mut req = client
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier);
        for r in &login.resources {
            req = req.add_extra_param("resource", r.clone());
        }
        let extra = login
            .auth
            .extra_params(&login.issuer.token_endpoint, now)
            .map_err(|e| Error::input("signing the client assertion", e))?;
        for (k, v) in extra {
            req = req.add_extra_param(k, v);
        }
        let resp = req
            .request(&|r| exchange::send(http, clock, WHAT, r))
            .map_err(|e| exchange::token_error(WHAT, &login.issuer.token_endpoint, e))?;
        let mut tokens = exchange::token_set(&resp, now, WHAT, &login.issuer.token_endpoint)?;
        tokens.id_token = resp.extra_fields().id_token.clone();
        tokens.authorization_details = resp.extra_fields().granted_details();

        let openid = login.scopes.iter().any(|s| s == "openid");
        let claims = match (tokens.expose_id_token(), openid) {
            (Some(id_token), _) => validate_id_token(
                http,
                clock,
                &login.issuer,
                id_token,
                Expected {
                    client_id: login.auth.client_id(),
                    nonce: nonce.as_ref().map(|n| n.expose().as_str()),
                    access_token: Some(resp.access_token().secret()),
                    max_age: login.max_age.map(|m| i64::try_from(m).unwrap_or(i64::MAX)),
                },
            )?,
            (None, true) => {
                // OIDC Core 3.1.3.3: the token response of an openid request
                // carries an ID token.
                return Err(Error::BadResponse {
                    what: WHAT.into(),
                    url: login.issuer.token_endpoint.clone(),
                    detail:
                        "the token response has no id_token, though the openid scope was requested"
                            .into(),
                });
            }
            (None, false) => Map::new(),
        };
        Ok(Outcome { tokens, claims })
    }
}

/// Checks 1 to 3 of the module docs on the callback's parameters; returns
/// the authorization code.
pub fn check_callback(
    params: &[(String, String)],
    expected_state: &str,
    issuer: &Issuer,
    redirect_uri: &str,
) -> Result<String> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match get("state") {
        Some(s) if constant_time_eq(s.as_bytes(), expected_state.as_bytes()) => {}
        Some(_) => {
            return Err(Error::CheckFailed(
                "the authorization response's state does not match the one sent (RFC 6749 \
                 §10.12: a forged or stale response); the code was not used"
                    .into(),
            ));
        }
        None => {
            return Err(Error::CheckFailed(
                "the authorization response has no state (RFC 6749 §4.1.2); the code was not used"
                    .into(),
            ));
        }
    }
    match get("iss") {
        Some(iss) if iss == issuer.issuer => {}
        Some(iss) => {
            return Err(Error::CheckFailed(format!(
                "the authorization response comes from issuer \"{iss}\", not \"{}\" (RFC 9207 \
                 §2.4: a possible mix-up attack); the code was not used",
                issuer.issuer
            )));
        }
        None if issuer.iss_parameter_supported => {
            return Err(Error::CheckFailed(format!(
                "the authorization response has no iss, though {} advertises \
                 authorization_response_iss_parameter_supported (RFC 9207 §2.4); the code was \
                 not used",
                issuer.issuer
            )));
        }
        None => {}
    }
    if let Some(error) = get("error") {
        return Err(Error::OAuth {
            what: "the authorization request to".into(),
            url: issuer
                .authorization_endpoint
                .clone()
                .unwrap_or_else(|| issuer.issuer.clone()),
            error: error.to_owned(),
            description: get("error_description").map(str::to_owned),
        });
    }
    get("code")
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::BadResponse {
            what: "receiving the authorization response at".into(),
            url: redirect_uri.to_owned(),
            detail: "it has neither a code nor an error".into(),
        })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The page the browser shows after the callback: self-contained (no
/// external assets, inline style only), the message HTML-escaped.
mod page {
    use crate::loopback::html_escape as escape;

    fn layout(title: &str, heading: &str, body: &str, color: &str) -> String {
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title}</title><style>\
             body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}}\
             h1{{font-size:1.4rem;color:{color}}}p{{line-height:1.5}}code{{word-break:break-all}}\
             </style></head><body><h1>{heading}</h1>{body}</body></html>\n"
        )
    }

    /// Success: signed in, go back to the terminal.
    pub fn success(issuer: &str) -> String {
        layout(
            "oauthctl: signed in",
            "Signed in",
            &format!(
                "<p>oauthctl is signed in with <code>{}</code>.</p>\
                 <p>You can close this tab and return to the terminal.</p>",
                escape(issuer)
            ),
            "#1a7f37",
        )
    }

    /// A callback that is not the login's (its state does not match): it
    /// was ignored, and the login is still waiting.
    pub fn ignored() -> String {
        layout(
            "oauthctl: not this sign-in",
            "This response was ignored",
            "<p>This sign-in response does not belong to the sign-in oauthctl is waiting \
             for: its state does not match the one sent (a stale browser tab, or a response \
             forged by someone else). Its code was not used.</p>\
             <p>oauthctl is still waiting: finish signing in from the link it gave you, or \
             start again with <code>oauthctl login</code>.</p>",
            "#9a6700",
        )
    }

    /// Failure: what went wrong, and where the details are.
    pub fn failure(message: &str) -> String {
        layout(
            "oauthctl: sign-in failed",
            "Sign-in failed",
            &format!(
                "<p>{}</p><p>Return to the terminal for details.</p>",
                escape(message)
            ),
            "#cf222e",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issuer(iss_supported: bool) -> Issuer {
        Issuer {
            issuer: "https://as.example".into(),
            authorization_endpoint: Some("https://as.example/authorize".into()),
            token_endpoint: "https://as.example/token".into(),
            device_authorization_endpoint: None,
            jwks_uri: None,
            iss_parameter_supported: iss_supported,
        }
    }

    /// An HTTP client for logins that send nothing.
    fn offline() -> HttpClient {
        HttpClient::new(crate::http::HttpSettings::default(), None)
    }

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_callback_checks_state_then_iss_then_error() {
        let cb = "http://127.0.0.1:1/callback";
        let ok = params(&[("code", "c"), ("state", "s")]);
        assert_eq!(check_callback(&ok, "s", &issuer(false), cb).unwrap(), "c");
        let wrong_state = params(&[("code", "c"), ("state", "x")]);
        let e = check_callback(&wrong_state, "s", &issuer(false), cb).unwrap_err();
        assert!(e.to_string().contains("state does not match"), "{e}");
        let no_iss = params(&[("code", "c"), ("state", "s")]);
        let e = check_callback(&no_iss, "s", &issuer(true), cb).unwrap_err();
        assert!(e.to_string().contains("has no iss"), "{e}");
        let wrong_iss = params(&[("code", "c"), ("state", "s"), ("iss", "https://evil")]);
        let e = check_callback(&wrong_iss, "s", &issuer(false), cb).unwrap_err();
        assert!(e.to_string().contains("\"https://evil\""), "{e}");
        let good_iss = params(&[("code", "c"), ("state", "s"), ("iss", "https://as.example")]);
        assert!(check_callback(&good_iss, "s", &issuer(true), cb).is_ok());
        let denied = params(&[
            ("state", "s"),
            ("error", "access_denied"),
            ("error_description", "no"),
        ]);
        let e = check_callback(&denied, "s", &issuer(false), cb).unwrap_err();
        assert_eq!(e.exit_status().code(), 4);
        assert!(e.to_string().contains("access_denied (no)"), "{e}");
        let nothing = params(&[("state", "s")]);
        assert_eq!(
            check_callback(&nothing, "s", &issuer(false), cb)
                .unwrap_err()
                .exit_status()
                .code(),
            3
        );
    }

    #[test]
    fn a_callback_with_another_state_is_ignored_and_the_wait_goes_on() {
        use std::io::{Read, Write};
        let listener = Listener::bind(IpAddr::V4(Ipv4Addr::LOCALHOST), &[]).unwrap();
        let addr = listener.local_addr();
        let callback = Callback {
            listener,
            redirect_uri: format!("http://{addr}{CALLBACK_PATH}"),
            path: CALLBACK_PATH.to_owned(),
            short: None,
        };
        let get = move |target: &str| {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(s, "GET {target} HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let client = std::thread::spawn(move || {
            let forged = get("/callback?code=stolen&state=forged");
            let stateless = get("/callback?code=stolen");
            let real = get("/callback?code=real&state=the-state");
            (forged, stateless, real)
        });
        let Arrived::Callback(exchange) = callback
            .wait(Duration::from_secs(10), "the-state", None, None)
            .unwrap()
        else {
            panic!("nothing was pasted")
        };
        assert_eq!(
            exchange.request.query_pairs()[0],
            ("code".to_owned(), "real".to_owned())
        );
        exchange.respond(Response::text(200, "ok"));
        let (forged, stateless, real) = client.join().unwrap();
        for page in [&forged, &stateless] {
            assert!(page.starts_with("HTTP/1.1 400"), "{page}");
            assert!(page.contains("state does not match"), "{page}");
            assert!(page.contains("still waiting"), "{page}");
        }
        assert!(real.starts_with("HTTP/1.1 200"), "{real}");

        // Nothing but forgeries: the timeout says they came.
        let client = std::thread::spawn(move || get("/callback?code=x&state=forged"));
        let e = callback
            .wait(Duration::from_secs(3), "the-state", None, None)
            .unwrap_err();
        client.join().unwrap();
        assert_eq!(e.exit_status().code(), 5, "{e}");
        assert!(
            e.to_string().contains("one callback came with a state"),
            "{e}"
        );
    }

    #[test]
    fn explicit_redirect_uris_must_be_loopback() {
        assert_eq!(
            loopback_uri("http://127.0.0.1:8400/cb").unwrap(),
            (8400, "/cb".to_owned())
        );
        assert_eq!(loopback_uri("http://localhost:9/").unwrap().0, 9);
        for bad in [
            "https://127.0.0.1:8400/cb",
            "http://example.com:8400/cb",
            "http://10.0.0.1/cb",
            "not a url",
            "http://127.0.0.1:1/cb#frag",
        ] {
            let e = loopback_uri(bad).unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{bad}");
        }
    }

    #[test]
    fn the_authorization_url_has_pkce_state_and_nonce() {
        let login = Login {
            issuer: issuer(false),
            auth: ClientAuth::None {
                client_id: "cli".into(),
            },
            scopes: vec!["openid".into(), "email".into()],
            resources: vec![],
            prompt: Some("login".into()),
            login_hint: None,
            max_age: Some(60),
            acr_values: None,
            params: vec![("ui_locales".into(), "fr".into())],
            redirect: Redirect::any_port(),
            short_url: false,
            authorization_details: None,
            dpop_jkt: None,
            par_endpoint: None,
            request_object: None,
            response_mode: None,
        };
        let pending = start(login, &offline(), &crate::clock::FixedClock(0)).unwrap();
        let url = url::Url::parse(pending.authorization_url()).unwrap();
        let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(q["response_type"], "code");
        assert_eq!(q["client_id"], "cli");
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(q["scope"], "openid email");
        assert_eq!(q["prompt"], "login");
        assert_eq!(q["max_age"], "60");
        assert_eq!(q["ui_locales"], "fr");
        assert!(q["redirect_uri"].starts_with("http://127.0.0.1:"));
        assert!(q["redirect_uri"].ends_with("/callback"));
        // 256 bits, base64url: 43 characters.
        assert_eq!(q["state"].len(), 43);
        assert_eq!(q["nonce"].len(), 43);
        assert_ne!(q["state"], q["nonce"]);
        let verifier = pending.session.verifier.secret();
        assert!((43..=128).contains(&verifier.len()));
        let challenge = crate::jwt::b64_encode(
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, verifier.as_bytes()).as_ref(),
        );
        assert_eq!(q["code_challenge"], challenge);
    }

    #[test]
    fn reserved_parameters_cannot_be_overridden() {
        let login = Login {
            issuer: issuer(false),
            auth: ClientAuth::None {
                client_id: "cli".into(),
            },
            scopes: vec!["openid".into()],
            resources: vec![],
            prompt: None,
            login_hint: None,
            max_age: None,
            acr_values: None,
            params: vec![("state".into(), "mine".into())],
            redirect: Redirect::any_port(),
            short_url: false,
            authorization_details: None,
            dpop_jkt: None,
            par_endpoint: None,
            request_object: None,
            response_mode: None,
        };
        assert_eq!(
            start(login, &offline(), &crate::clock::FixedClock(0))
                .unwrap_err()
                .exit_status()
                .code(),
            2
        );
    }

    /// A login with every advanced option off.
    fn plain_login() -> Login {
        Login {
            issuer: issuer(false),
            auth: ClientAuth::None {
                client_id: "cli".into(),
            },
            scopes: vec!["openid".into()],
            resources: vec![
                "https://api.example/a".into(),
                "https://api.example/b".into(),
            ],
            prompt: None,
            login_hint: None,
            max_age: None,
            acr_values: None,
            params: vec![],
            redirect: Redirect::any_port(),
            short_url: false,
            authorization_details: Some(serde_json::json!([{"type": "account_information"}])),
            dpop_jkt: Some("the-jkt".into()),
            par_endpoint: None,
            request_object: None,
            response_mode: Some(ResponseMode::Jwt),
        }
    }

    fn query(url: &str) -> Vec<(String, String)> {
        url::Url::parse(url)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect()
    }

    fn names(pairs: &[(String, String)]) -> Vec<&str> {
        let mut n: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        n.sort();
        n
    }

    #[test]
    fn rar_dpop_jkt_and_the_response_mode_travel_in_the_plain_request() {
        let pending = start(plain_login(), &offline(), &crate::clock::FixedClock(0)).unwrap();
        let q = query(pending.authorization_url());
        let get = |n: &str| q.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        assert_eq!(
            get("authorization_details"),
            Some(r#"[{"type":"account_information"}]"#)
        );
        assert_eq!(get("dpop_jkt"), Some("the-jkt"));
        assert_eq!(get("response_mode"), Some("jwt"));
        // Set by oauthctl: --param may not say otherwise.
        for k in [
            "dpop_jkt",
            "authorization_details",
            "response_mode",
            "request_uri",
        ] {
            let login = Login {
                params: vec![(k.into(), "x".into())],
                ..plain_login()
            };
            let e = start(login, &offline(), &crate::clock::FixedClock(0)).unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{k}");
        }
    }

    #[test]
    fn a_pushed_request_carries_everything_and_the_browser_only_a_reference() {
        use std::sync::{Arc, Mutex};
        let seen: Arc<Mutex<Vec<crate::http::Request>>> = Arc::default();
        let record = Arc::clone(&seen);
        let http = HttpClient::with_transport(
            crate::http::HttpSettings::default(),
            None,
            move |r: &crate::http::Request| {
                record.lock().unwrap().push(r.clone());
                Ok(crate::http::Incoming::new(
                    201,
                    vec![("Content-Type".into(), "application/json".into())],
                    r#"{"request_uri":"urn:ietf:params:oauth:request_uri:abc","expires_in":60}"#,
                ))
            },
        );
        let login = Login {
            par_endpoint: Some("https://as.example/par".into()),
            ..plain_login()
        };
        let pending = start(login, &http, &crate::clock::FixedClock(0)).unwrap();
        let q = query(pending.authorization_url());
        assert_eq!(
            q,
            [
                ("client_id".to_owned(), "cli".to_owned()),
                (
                    "request_uri".to_owned(),
                    "urn:ietf:params:oauth:request_uri:abc".to_owned()
                )
            ]
        );
        assert!(
            pending
                .authorization_url()
                .starts_with("https://as.example/authorize?")
        );
        assert_eq!(pending.pushed_expires_in(), Some(60));
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        let push = &seen[0];
        assert_eq!(push.url, "https://as.example/par");
        assert!(push.body_has_secrets, "redacted in traces");
        let form: Vec<(String, String)> =
            url::form_urlencoded::parse(push.body.as_deref().unwrap())
                .into_owned()
                .collect();
        assert_eq!(
            names(&form),
            [
                "authorization_details",
                "client_id",
                "code_challenge",
                "code_challenge_method",
                "dpop_jkt",
                "nonce",
                "redirect_uri",
                "resource",
                "resource",
                "response_mode",
                "response_type",
                "scope",
                "state",
            ]
        );
    }

    #[test]
    fn a_request_object_holds_every_parameter_signed_for_the_issuer() {
        use crate::jwt::validate::{Options, check};
        let key = crate::jwt::encode::generate(crate::jwt::Family::Ec, "test key").unwrap();
        let public = key.public.clone().unwrap();
        let login = Login {
            request_object: Some(Box::new(key)),
            ..plain_login()
        };
        let now = 1_700_000_000;
        let pending = start(login, &offline(), &crate::clock::FixedClock(now)).unwrap();
        let q = query(pending.authorization_url());
        assert_eq!(
            names(&q),
            ["client_id", "request", "response_type", "scope"]
        );
        let jwt = &q.iter().find(|(k, _)| k == "request").unwrap().1;
        let opts = Options {
            now,
            issuer: Some("cli".into()),
            audiences: vec!["https://as.example".into()],
            typ: Some("oauth-authz-req+jwt".into()),
            required: ["exp", "iat", "nbf", "jti"].map(String::from).to_vec(),
            ..Options::default()
        };
        let report = check(jwt, &opts, &crate::jwt::verify::KeyRing::new(vec![public]));
        assert!(report.valid, "{:#?}", report.checks);
        let c = &report.claims;
        assert_eq!(c["exp"], now + REQUEST_OBJECT_TTL);
        assert_eq!(c["client_id"], "cli");
        assert_eq!(c["response_type"], "code");
        assert_eq!(c["dpop_jkt"], "the-jkt");
        assert_eq!(c["response_mode"], "jwt");
        assert_eq!(
            c["resource"],
            serde_json::json!(["https://api.example/a", "https://api.example/b"])
        );
        assert_eq!(
            c["authorization_details"],
            serde_json::json!([{"type": "account_information"}])
        );
        assert_eq!(
            c["state"].as_str(),
            Some(pending.session.state.secret().as_str())
        );
        for k in [
            "redirect_uri",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "scope",
        ] {
            assert!(c.get(k).is_some(), "{k}: {c:#}");
        }
    }

    #[test]
    fn a_pasted_url_must_be_the_redirect_uri_with_its_query() {
        let uri = "http://127.0.0.1:8400/callback";
        let ok = pasted_params(
            "http://127.0.0.1:8400/callback?code=c&state=s&iss=https%3A%2F%2Fas",
            uri,
            None,
        )
        .unwrap();
        assert_eq!(
            ok,
            params(&[("code", "c"), ("state", "s"), ("iss", "https://as")])
        );
        for (text, code, says) in [
            ("code=c&state=s", 2, "not a URL"),
            (
                "http://127.0.0.1:8401/callback?code=c",
                1,
                "not this login's redirect URI",
            ),
            (
                "http://127.0.0.1:8400/other?code=c",
                1,
                "not this login's redirect URI",
            ),
            (
                "https://127.0.0.1:8400/callback?code=c",
                1,
                "not this login's redirect URI",
            ),
        ] {
            let e = pasted_params(text, uri, None).unwrap_err();
            assert_eq!(e.exit_status().code(), code, "{text}: {e}");
            assert!(e.to_string().contains(says), "{text}: {e}");
            assert!(!e.to_string().contains("code=c"), "{e}");
        }
        let e = pasted_params(uri, uri, Some(ResponseMode::FormPostJwt)).unwrap_err();
        assert!(e.to_string().contains("cannot be pasted"), "{e}");
    }

    #[test]
    fn pages_escape_the_message() {
        let p = page::failure("<script>alert(1)</script>");
        assert!(!p.contains("<script>"));
        assert!(p.contains("&lt;script&gt;"));
        assert!(
            !p.contains("http://") && !p.contains("https://"),
            "no external assets"
        );
    }
}

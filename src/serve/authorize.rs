//! The authorization endpoint (RFC 6749 §4.1, OIDC Core 3.1.2), the login
//! and consent form behind it, and end-session (OpenID RP-Initiated Logout).
//!
//! Until the client and its redirect URI are known to be genuine, errors
//! are shown to the user and never redirected (RFC 6749 §4.1.2.1: no open
//! redirector). After that, errors go back to the client with `state` and
//! `iss` (RFC 9207).

use serde_json::{Map, Value};
use std::sync::Arc;

use super::pages;
use super::state::{Code, Grant, Pending, Pushed, Session};
use super::wire::{OAuthError, OAuthRequest, Params, Req, Resp, secret_eq, with_query};
use super::{Client, Provider, random_token};
use crate::jwt::validate::{Options, Status, check};

/// The browser session cookie.
pub const SESSION_COOKIE: &str = "oauthctl_serve_session";
/// How long a sign-in form stays valid, and a browser session lasts.
const PENDING_TTL: i64 = 600;
const SESSION_TTL: i64 = 8 * 3600;
/// Wrong passwords before a sign-in request is dropped.
const MAX_FAILURES: u32 = 5;

/// RFC 8252 §7.3: loopback redirect URIs match on any port. Everything
/// else is an exact string match (RFC 9700 §4.1.1).
pub fn redirect_matches(registered: &[String], given: &str) -> bool {
    if registered.iter().any(|r| r == given) {
        return true;
    }
    let Ok(g) = url::Url::parse(given) else {
        return false;
    };
    // The URI must already be in normal form, so that no dot segment or
    // percent-encoding makes two different strings compare equal.
    if g.as_str() != given
        || g.scheme() != "http"
        || !g.username().is_empty()
        || g.password().is_some()
        || g.fragment().is_some()
        || !matches!(g.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"))
    {
        return false;
    }
    registered.iter().any(|r| match url::Url::parse(r) {
        Ok(r) => {
            r.scheme() == "http"
                && r.host_str() == g.host_str()
                && r.path() == g.path()
                && r.query() == g.query()
        }
        Err(_) => false,
    })
}

/// A PKCE S256 challenge: base64url of 32 bytes (RFC 7636 §4.2).
pub(super) fn valid_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An authorization error for the client: (error, description).
type AuthzError = (&'static str, String);

fn invalid(d: impl Into<String>) -> AuthzError {
    ("invalid_request", d.into())
}

/// The prefix of the `request_uri`s the PAR endpoint hands out (RFC 9126 §2.2).
pub const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";
/// How long a pushed request may wait to be used, seconds.
pub const PUSHED_TTL: i64 = 60;
/// How long a JWT-secured authorization response is valid, seconds.
const JARM_TTL: i64 = 600;
/// Parameters of a request object that are its own envelope, not request
/// parameters.
const ENVELOPE_CLAIMS: &[&str] = &["iss", "aud", "exp", "iat", "nbf", "jti"];

/// How an authorization response goes back to the client (`response_mode`,
/// OAuth 2.0 Multiple Response Types §2.1, Form Post Response Mode, JARM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseMode {
    /// Parameters in the redirect URI's query (the default for `code`).
    #[default]
    Query,
    /// An auto-submitting form POSTed to the redirect URI.
    FormPost,
    /// `query.jwt` (and `jwt`, its default for `code`): one `response`
    /// parameter, a JWT signed by the provider, in the query.
    QueryJwt,
    /// `form_post.jwt`: the `response` JWT in an auto-submitting form.
    FormPostJwt,
}

impl ResponseMode {
    /// Every `response_mode` value accepted, for the metadata.
    pub const NAMES: [&'static str; 5] =
        ["query", "form_post", "jwt", "query.jwt", "form_post.jwt"];

    /// Parse a `response_mode` value.
    pub fn from_name(s: &str) -> Option<ResponseMode> {
        match s {
            "query" => Some(ResponseMode::Query),
            "form_post" => Some(ResponseMode::FormPost),
            "jwt" | "query.jwt" => Some(ResponseMode::QueryJwt),
            "form_post.jwt" => Some(ResponseMode::FormPostJwt),
            _ => None,
        }
    }

    fn jwt(self) -> bool {
        matches!(self, ResponseMode::QueryJwt | ResponseMode::FormPostJwt)
    }

    fn form(self) -> bool {
        matches!(self, ResponseMode::FormPost | ResponseMode::FormPostJwt)
    }
}

/// Where and how a response goes back to a client whose redirect URI is
/// known to be genuine.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReplyTo<'a> {
    client_id: &'a str,
    redirect_uri: &'a str,
    state: Option<&'a str>,
    mode: ResponseMode,
}

impl Pending {
    fn reply_to(&self) -> ReplyTo<'_> {
        ReplyTo {
            client_id: &self.client_id,
            redirect_uri: &self.redirect_uri,
            state: self.state.as_deref(),
            mode: self.response_mode,
        }
    }
}

/// A `dpop_jkt`: a base64url SHA-256 thumbprint (RFC 9449 §10).
fn valid_jkt(j: &str) -> bool {
    valid_challenge(j)
}

impl Provider {
    /// `GET|POST /authorize`.
    pub(super) fn authorize(&self, req: &Req) -> Resp {
        let outer = match req.params() {
            Ok(p) => p,
            Err(e) => return self.error_page(400, &e.description),
        };
        let params = match self.unpack(&outer) {
            Ok(p) => p,
            Err(((error, d), reply_params)) => {
                return match self.trusted_redirect(&reply_params) {
                    Ok((_, to)) => self.error_redirect(302, to, error, &d),
                    Err(_) => self.error_page(400, &format!("{error}: {d}")),
                };
            }
        };
        let (client, to) = match self.trusted_redirect(&params) {
            Ok(t) => t,
            Err(msg) => return self.error_page(400, &msg),
        };
        let (redirect_uri, state) = (to.redirect_uri, to.state);
        let pending = match self.check_request(&client, &params, redirect_uri, state) {
            Ok(p) => p,
            Err((error, d)) => return self.error_redirect(302, to, error, &d),
        };
        let prompt: Vec<&str> = params
            .one("prompt")
            .ok()
            .flatten()
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .collect();
        if prompt.contains(&"none") && prompt.len() > 1 {
            return self.error_redirect(
                302,
                to,
                "invalid_request",
                "prompt=none cannot be combined with other values",
            );
        }
        let max_age = match params.one("max_age") {
            Ok(Some(m)) => match m.parse::<i64>() {
                Ok(v) if v >= 0 => Some(v),
                _ => {
                    return self.error_redirect(
                        302,
                        to,
                        "invalid_request",
                        "max_age must be a non-negative integer",
                    );
                }
            },
            _ => None,
        };
        let now = self.now();
        if self.auto_approve {
            let sub = self.users[self.default_user].sub.clone();
            return self.issue_code(302, &pending, &sub, now, &["auto"], None);
        }
        let session = req.cookie(SESSION_COOKIE).and_then(|sid| {
            let st = self.state();
            st.sessions
                .get(sid)
                .filter(|s| s.expires_at > now)
                .map(|s| (sid.to_owned(), s.clone()))
        });
        if let Some((sid, s)) = session
            && !prompt.contains(&"login")
            && !prompt.contains(&"consent")
            && max_age.is_none_or(|m| now - s.auth_time <= m)
        {
            let amr: Vec<&str> = s.amr.iter().map(String::as_str).collect();
            return self.issue_code(302, &pending, &s.sub, s.auth_time, &amr, Some(sid));
        }
        if prompt.contains(&"none") {
            return self.error_redirect(
                302,
                to,
                "login_required",
                "prompt=none and nobody is signed in",
            );
        }
        let tx = random_token();
        let page = pages::login(self, &client, &pending, &tx, None);
        let mut st = self.state();
        st.pending.insert(tx, pending);
        st.tick(now);
        Resp::html(200, page)
    }

    /// The client, and where and how to answer it (its redirect URI
    /// checked), or a message for the user.
    fn trusted_redirect<'a>(
        &'a self,
        params: &'a Params,
    ) -> Result<(Arc<Client>, ReplyTo<'a>), String> {
        let client_id = params
            .one("client_id")
            .map_err(|e| e.description)?
            .ok_or("The request names no client (client_id is missing).")?;
        let client = self
            .client(client_id)
            .ok_or_else(|| format!("Unknown client \"{client_id}\"."))?;
        let redirect_uri = params
            .one("redirect_uri")
            .map_err(|e| e.description)?
            .ok_or("The request has no redirect_uri.")?;
        if !redirect_matches(&client.redirect_uris, redirect_uri) {
            return Err(format!(
                "The redirect URI {redirect_uri} is not registered for client \"{client_id}\"."
            ));
        }
        let state = params.one("state").map_err(|e| e.description)?;
        // An unknown mode is reported by check_request, in the default mode.
        let mode = params
            .one("response_mode")
            .ok()
            .flatten()
            .and_then(ResponseMode::from_name)
            .unwrap_or_default();
        Ok((
            client,
            ReplyTo {
                client_id,
                redirect_uri,
                state,
                mode,
            },
        ))
    }

    /// The parameters of an authorization request: a pushed request's
    /// (`request_uri`, RFC 9126 §4), a request object's merged over the
    /// query's (`request`, RFC 9101 §4-5), or the query's. An error comes
    /// with the parameters to find the client's redirect URI in.
    fn unpack(&self, outer: &Params) -> Result<Params, (AuthzError, Params)> {
        let fail = |e: OAuthError| ((e.error, e.description), outer.clone());
        if let Some(uri) = outer.one("request_uri").map_err(fail)? {
            if outer.has("request") {
                return Err(fail(OAuthError::invalid_request(
                    "request and request_uri cannot both be sent",
                )));
            }
            let client_id = outer.one("client_id").map_err(fail)?.ok_or_else(|| {
                fail(OAuthError::invalid_request(
                    "client_id is missing: it must accompany request_uri (RFC 9126 §4)",
                ))
            })?;
            let now = self.now();
            let bad_uri = |d: &str, params: Params| (("invalid_request_uri", d.to_owned()), params);
            let mut st = self.state();
            let Some(p) = st.pushed.get_mut(uri).filter(|p| p.client_id == client_id) else {
                return Err(bad_uri(
                    "the request_uri is unknown, or was pushed by another client",
                    outer.clone(),
                ));
            };
            if p.used {
                return Err(bad_uri(
                    "the request_uri was already used (RFC 9126 §4: once only)",
                    p.params.clone(),
                ));
            }
            if p.expires_at <= now {
                return Err(bad_uri("the request_uri has expired", p.params.clone()));
            }
            p.used = true;
            return Ok(p.params.clone());
        }
        let client_requires = outer
            .one("client_id")
            .ok()
            .flatten()
            .and_then(|id| self.client(id))
            .is_some_and(|c| c.require_par);
        if self.require_par || client_requires {
            return Err(fail(OAuthError::invalid_request(format!(
                "{} requires pushed authorization requests (RFC 9126 §5-6): push the request \
                 to {} first",
                if self.require_par {
                    "this server"
                } else {
                    "this client"
                },
                self.url("/par")
            ))));
        }
        if outer.has("request") {
            let client = outer
                .one("client_id")
                .map_err(fail)?
                .and_then(|id| self.client(id))
                .ok_or_else(|| {
                    fail(OAuthError::invalid_request(
                        "a request object needs the client_id of a known client beside it \
                         (RFC 9101 §5)",
                    ))
                })?;
            return self.request_object(&client, outer).map_err(fail);
        }
        Ok(outer.clone())
    }

    /// Verify the request object in `request` (RFC 9101 §6): signed by
    /// one of the client's registered keys with an asymmetric algorithm,
    /// `iss` the client, `aud` this issuer, checked by `jwt::validate`.
    /// Returns the parameters with its claims merged over them (those
    /// inside win).
    pub(super) fn request_object(
        &self,
        client: &Client,
        params: &Params,
    ) -> Result<Params, OAuthError> {
        let jwt = params.required("request")?;
        let bad = |d: String| OAuthError::invalid_request_object(d);
        let ring = client.ring.as_ref().ok_or_else(|| {
            bad(format!(
                "client {} has no registered keys (jwks) to verify a request object",
                client.client_id
            ))
        })?;
        let algorithms: Vec<crate::jwt::Alg> = ring
            .algorithms()
            .into_iter()
            .filter(|a| a.family() != crate::jwt::Family::Hmac)
            .collect();
        let opts = Options {
            now: self.now(),
            leeway: 60,
            issuer: Some(client.client_id.clone()),
            audiences: vec![self.issuer.clone()],
            algorithms: Some(algorithms),
            ..Options::default()
        };
        let report = check(crate::jwt::clean_input(jwt), &opts, ring);
        if let Some(c) = report.with_status(Status::Failed).next() {
            return Err(bad(format!(
                "the request object failed the {} check: {}",
                c.name, c.detail
            )));
        }
        let Value::Object(claims) = report.claims else {
            return Err(bad("the request object has no claims".into()));
        };
        if claims
            .get("client_id")
            .is_some_and(|c| c.as_str() != Some(client.client_id.as_str()))
        {
            return Err(bad(
                "the request object's client_id differs from the request's".into(),
            ));
        }
        if claims.contains_key("request") || claims.contains_key("request_uri") {
            return Err(bad(
                "a request object cannot contain request or request_uri".into(),
            ));
        }
        let mut out = params.clone();
        out.remove("request");
        for (k, v) in claims {
            if ENVELOPE_CLAIMS.contains(&k.as_str()) {
                continue;
            }
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.set(&k, v);
        }
        Ok(out)
    }

    /// `POST /par`: a pushed authorization request (RFC 9126 §2).
    pub(super) fn par(&self, req: &Req) -> Resp {
        match self.par_inner(req) {
            Ok(v) => Resp::json(201, &v),
            Err(e) => e.to_resp(),
        }
    }

    fn par_inner(&self, req: &Req) -> Result<Value, OAuthError> {
        let form = req.form()?;
        let client = self.authenticate(req, &form, &self.url("/par"))?;
        if form.has("request_uri") {
            return Err(OAuthError::invalid_request(
                "request_uri cannot be pushed (RFC 9126 §2.1)",
            ));
        }
        let mut params = if form.has("request") {
            self.request_object(&client, &form)?
        } else {
            form
        };
        for p in ["client_secret", "client_assertion", "client_assertion_type"] {
            params.remove(p);
        }
        // RFC 9449 §10.1: a proof with the pushed request binds the code
        // to its key, as dpop_jkt does.
        if let Some(jkt) = self.token_dpop(req)? {
            match params.one("dpop_jkt")? {
                Some(j) if j != jkt => {
                    return Err(OAuthError::invalid_dpop_proof(
                        "dpop_jkt differs from the key of the DPoP proof",
                    ));
                }
                Some(_) => {}
                None => params.set("dpop_jkt", jkt),
            }
        }
        match params.one("client_id")? {
            Some(id) if id != client.client_id => {
                return Err(OAuthError::invalid_request(
                    "client_id differs from the authenticated client",
                ));
            }
            Some(_) => {}
            None => params.set("client_id", client.client_id.clone()),
        }
        // RFC 9126 §2.1: checked as the authorization endpoint would.
        let (c, to) = self
            .trusted_redirect(&params)
            .map_err(OAuthError::invalid_request)?;
        self.check_request(&c, &params, to.redirect_uri, to.state)
            .map_err(|(error, description)| OAuthError {
                status: 400,
                error,
                description,
                www_authenticate: None,
                dpop_nonce: None,
            })?;
        let now = self.now();
        let request_uri = format!("{REQUEST_URI_PREFIX}{}", random_token());
        let mut st = self.state();
        st.pushed.insert(
            request_uri.clone(),
            Pushed {
                client_id: client.client_id.clone(),
                params,
                expires_at: now + PUSHED_TTL,
                used: false,
            },
        );
        st.tick(now);
        Ok(serde_json::json!({"request_uri": request_uri, "expires_in": PUSHED_TTL}))
    }

    fn check_request(
        &self,
        client: &Client,
        params: &Params,
        redirect_uri: &str,
        state: Option<&str>,
    ) -> Result<Pending, AuthzError> {
        let p = |name: &str| params.one(name).map_err(|e| invalid(e.description));
        if params.has("request") || params.has("request_uri") {
            return Err(invalid("a request object cannot be nested"));
        }
        match p("response_type")? {
            Some("code") => {}
            Some(other) => {
                return Err((
                    "unsupported_response_type",
                    format!("response_type {other} is not supported; only code"),
                ));
            }
            None => return Err(invalid("the response_type parameter is missing")),
        }
        let response_mode = match p("response_mode")? {
            None => ResponseMode::Query,
            Some(m) => ResponseMode::from_name(m).ok_or_else(|| {
                invalid(format!(
                    "response_mode {m} is not supported; only {}",
                    ResponseMode::NAMES.join(", ")
                ))
            })?,
        };
        if !client.may(super::config::GrantType::AuthorizationCode) {
            return Err((
                "unauthorized_client",
                format!(
                    "client {} may not use the authorization code grant",
                    client.client_id
                ),
            ));
        }
        let scopes = self
            .check_scopes(client, p("scope")?)
            .map_err(|e| (e.error, e.description))?;
        let challenge = p("code_challenge")?;
        match (p("code_challenge_method")?, challenge) {
            (Some("S256"), Some(_)) | (None, None) => {}
            (Some("S256"), None) => return Err(invalid("code_challenge is missing")),
            (None, Some(_)) => {
                // RFC 7636 §4.3 defaults to plain, which is not supported.
                return Err(invalid(
                    "code_challenge_method is missing (it defaults to plain; only S256 is supported)",
                ));
            }
            (Some(m), _) => {
                return Err(invalid(format!(
                    "code_challenge_method {m} is not supported; only S256"
                )));
            }
        }
        if let Some(c) = challenge
            && !valid_challenge(c)
        {
            return Err(invalid(
                "code_challenge must be 43 base64url characters (S256)",
            ));
        }
        if challenge.is_none() && client.is_public() {
            // RFC 9700 §2.1.1, RFC 8252 §8.1: public clients must use PKCE.
            return Err(invalid(
                "PKCE is required for public clients: send code_challenge and code_challenge_method=S256",
            ));
        }
        let audiences = self
            .audiences(params)
            .map_err(|e| (e.error, e.description))?;
        let authorization_details = self
            .authorization_details(params)
            .map_err(|e| (e.error, e.description))?;
        let dpop_jkt = p("dpop_jkt")?;
        if dpop_jkt.is_some_and(|j| !valid_jkt(j)) {
            return Err(invalid(
                "dpop_jkt must be a base64url SHA-256 JWK thumbprint (RFC 9449 §10)",
            ));
        }
        Ok(Pending {
            client_id: client.client_id.clone(),
            redirect_uri: redirect_uri.to_owned(),
            scopes,
            state: state.map(str::to_owned),
            nonce: p("nonce")?.map(str::to_owned),
            code_challenge: challenge.map(str::to_owned),
            audiences,
            authorization_details,
            response_mode,
            dpop_jkt: dpop_jkt.map(str::to_owned),
            expires_at: self.now() + PENDING_TTL,
            failures: 0,
        })
    }

    /// Send an error back to the client (RFC 6749 §4.1.2.1, RFC 9207).
    fn error_redirect(&self, status: u16, to: ReplyTo, error: &str, description: &str) -> Resp {
        self.respond(
            status,
            to,
            vec![
                ("error", error.into()),
                ("error_description", description.into()),
            ],
        )
    }

    /// Send response parameters back to the client (with `state`) in its
    /// response mode: `iss` beside them (RFC 9207), or all of them in a
    /// JWT signed by the provider (JARM: `iss`, `aud` the client, `exp`).
    fn respond(&self, status: u16, to: ReplyTo, mut q: Vec<(&str, String)>) -> Resp {
        if let Some(s) = to.state {
            q.push(("state", s.to_owned()));
        }
        if to.mode.jwt() {
            let now = self.now();
            let mut c = Map::new();
            c.insert("iss".into(), self.issuer.as_str().into());
            c.insert("aud".into(), to.client_id.into());
            c.insert("exp".into(), (now + JARM_TTL).into());
            c.insert("iat".into(), now.into());
            for (k, v) in q {
                c.insert(k.to_owned(), v.into());
            }
            let signed = self
                .signer()
                .and_then(|s| s.sign_response(&c).map_err(super::token::server_error));
            match signed {
                Ok(jwt) => q = vec![("response", jwt)],
                Err(e) => return self.error_page(500, &e.description),
            }
        } else {
            q.push(("iss", self.issuer.clone()));
        }
        if to.mode.form() {
            pages::form_post(to.redirect_uri, &q)
        } else {
            let pairs: Vec<(&str, &str)> = q.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Resp::redirect(status, &with_query(to.redirect_uri, &pairs))
        }
    }

    pub(super) fn error_page(&self, status: u16, message: &str) -> Resp {
        Resp::html(status, pages::message(self, "Cannot continue", message))
    }

    /// Issue a code and send the browser back to the client.
    fn issue_code(
        &self,
        status: u16,
        p: &Pending,
        sub: &str,
        auth_time: i64,
        amr: &[&str],
        sid: Option<String>,
    ) -> Resp {
        let now = self.now();
        let code = random_token();
        let grant = Grant {
            id: random_token(),
            client_id: p.client_id.clone(),
            sub: sub.to_owned(),
            scopes: p.scopes.clone(),
            audiences: p.audiences.clone(),
            auth_time,
            acr: if amr.contains(&"pwd") { "1" } else { "0" }.into(),
            amr: amr.iter().map(|s| (*s).to_owned()).collect(),
            sid,
            authorization_details: p.authorization_details.clone(),
            dpop_jkt: None,
        };
        {
            let mut st = self.state();
            st.codes.insert(
                code.clone(),
                Code {
                    grant,
                    redirect_uri: p.redirect_uri.clone(),
                    code_challenge: p.code_challenge.clone(),
                    nonce: p.nonce.clone(),
                    dpop_jkt: p.dpop_jkt.clone(),
                    expires_at: now + self.lifetimes.code,
                    used: false,
                },
            );
            st.tick(now);
        }
        self.respond(status, p.reply_to(), vec![("code", code)])
    }

    /// Check a user's password (constant time).
    pub(super) fn check_password(&self, username: &str, password: &str) -> Option<&super::User> {
        self.users
            .iter()
            .find(|u| u.username == username)
            .filter(|u| secret_eq(u.password.expose(), password))
    }

    /// `POST /login`: the login and consent form.
    pub(super) fn login(&self, req: &Req) -> Resp {
        let form = match req.form() {
            Ok(f) => f,
            Err(e) => return self.error_page(400, &e.description),
        };
        let field = |n: &str| form.one(n).ok().flatten().unwrap_or("");
        let tx = field("tx");
        let now = self.now();
        let pending = {
            let st = self.state();
            st.pending.get(tx).filter(|p| p.expires_at > now).cloned()
        };
        let Some(pending) = pending else {
            return self.error_page(
                400,
                "This sign-in request has expired or was already used. Start again from the application.",
            );
        };
        let Some(client) = self.client(&pending.client_id) else {
            return self.error_page(400, "The client is gone.");
        };
        if field("action") == "deny" {
            self.state().pending.remove(tx);
            return self.error_redirect(
                303,
                pending.reply_to(),
                "access_denied",
                "the user denied the request",
            );
        }
        let Some(user) = self.check_password(field("username"), field("password")) else {
            let failures = {
                let mut st = self.state();
                match st.pending.get_mut(tx) {
                    Some(p) => {
                        p.failures += 1;
                        p.failures
                    }
                    None => MAX_FAILURES,
                }
            };
            if failures >= MAX_FAILURES {
                self.state().pending.remove(tx);
                return self.error_redirect(
                    303,
                    pending.reply_to(),
                    "access_denied",
                    "too many failed sign-in attempts",
                );
            }
            let page = pages::login(
                self,
                &client,
                &pending,
                tx,
                Some("The username or password is wrong."),
            );
            return Resp::html(200, page);
        };
        let sid = random_token();
        {
            let mut st = self.state();
            st.pending.remove(tx);
            st.sessions.insert(
                sid.clone(),
                Session {
                    sub: user.sub.clone(),
                    auth_time: now,
                    amr: vec!["pwd".into()],
                    expires_at: now + SESSION_TTL,
                },
            );
        }
        let cookie = format!("{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax");
        self.issue_code(303, &pending, &user.sub, now, &["pwd"], Some(sid))
            .with("Set-Cookie", cookie)
    }

    /// `GET|POST /end_session` (OpenID RP-Initiated Logout 1.0 §2-3).
    pub(super) fn end_session(&self, req: &Req) -> Resp {
        let params = match req.params() {
            Ok(p) => p,
            Err(e) => return self.error_page(400, &e.description),
        };
        let one = |n: &str| params.one(n).map_err(|e| e.description);
        let (hint, client_id, post_logout, state) = match (
            one("id_token_hint"),
            one("client_id"),
            one("post_logout_redirect_uri"),
            one("state"),
        ) {
            (Ok(a), Ok(b), Ok(c), Ok(d)) => (a, b, c, d),
            (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => {
                return self.error_page(400, &e);
            }
        };
        let mut client = client_id.and_then(|c| self.client(c));
        if let Some(hint) = hint {
            match self.id_token_hint_client(hint) {
                Ok(c) => {
                    if client.is_some_and(|x| x.client_id != c.client_id) {
                        return self.error_page(
                            400,
                            "client_id differs from the id_token_hint's audience.",
                        );
                    }
                    client = Some(c);
                }
                Err(e) => return self.error_page(400, &e),
            }
        }
        let target = match post_logout {
            Some(uri) => match client {
                Some(c) if redirect_matches(&c.post_logout_redirect_uris, uri) => Some(uri),
                Some(c) => {
                    return self.error_page(
                        400,
                        &format!(
                            "{uri} is not a registered post-logout redirect URI of client \"{}\".",
                            c.client_id
                        ),
                    );
                }
                None => {
                    return self.error_page(
                        400,
                        "post_logout_redirect_uri needs id_token_hint or client_id.",
                    );
                }
            },
            None => None,
        };
        if let Some(sid) = req.cookie(SESSION_COOKIE) {
            self.state().sessions.remove(sid);
        }
        let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        match target {
            Some(uri) => {
                let q: Vec<(&str, &str)> = state.map(|s| ("state", s)).into_iter().collect();
                Resp::redirect(302, &with_query(uri, &q)).with("Set-Cookie", clear)
            }
            None => Resp::html(
                200,
                pages::message(self, "Signed out", "You are signed out of the provider."),
            )
            .with("Set-Cookie", clear),
        }
    }

    /// The client an ID token was issued to, checked by the one engine
    /// (signature, issuer; an expired hint is fine, OIDC RP-Initiated
    /// Logout §2).
    fn id_token_hint_client(&self, hint: &str) -> Result<Arc<Client>, String> {
        let signer = self.signer().map_err(|e| e.description)?;
        let opts = crate::jwt::validate::Options {
            now: self.now(),
            issuer: Some(self.issuer.clone()),
            algorithms: Some(signer.algorithms()),
            ..Default::default()
        };
        let r = crate::jwt::validate::check(hint, &opts, &signer.ring);
        if let Some(c) = r
            .with_status(crate::jwt::validate::Status::Failed)
            .find(|c| c.name != "exp")
        {
            return Err(format!(
                "The id_token_hint is not an ID token of this provider ({}: {}).",
                c.name, c.detail
            ));
        }
        let aud = match &r.claims["aud"] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a
                .first()
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned(),
            _ => String::new(),
        };
        self.client(&aud)
            .ok_or_else(|| format!("The id_token_hint was issued to an unknown client \"{aud}\"."))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::provider;
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn authz(extra: &[(&str, &str)]) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("response_type", "code"),
            ("client_id", "oauthctl-cli"),
            ("redirect_uri", "http://127.0.0.1:5555/callback"),
            ("scope", "openid profile"),
            ("state", "st"),
            ("nonce", "n-1"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ] {
            if !extra.iter().any(|(ek, _)| *ek == k) {
                q.append_pair(k, v);
            }
        }
        for (k, v) in extra {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        format!("/authorize?{}", q.finish())
    }

    fn location(r: &Resp) -> url::Url {
        url::Url::parse(r.get_header("location").expect("a redirect")).unwrap()
    }

    fn q(u: &url::Url, k: &str) -> Option<String> {
        u.query_pairs()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.into_owned())
    }

    #[test]
    fn loopback_redirects_match_on_any_port_only() {
        let reg = vec!["http://127.0.0.1/callback".to_owned()];
        assert!(redirect_matches(&reg, "http://127.0.0.1/callback"));
        assert!(redirect_matches(&reg, "http://127.0.0.1:49152/callback"));
        assert!(!redirect_matches(
            &reg,
            "http://127.0.0.1:49152/callback/../callback"
        ));
        assert!(!redirect_matches(&reg, "http://127.0.0.1:49152/other"));
        assert!(!redirect_matches(&reg, "http://127.0.0.2:49152/callback"));
        assert!(!redirect_matches(&reg, "https://127.0.0.1:49152/callback"));
        assert!(!redirect_matches(&reg, "http://127.0.0.1:1/callback?x=1"));
        let reg = vec!["https://app.example/cb".to_owned()];
        assert!(!redirect_matches(&reg, "https://app.example:444/cb"));
    }

    #[test]
    fn a_bad_client_or_redirect_is_shown_not_redirected() {
        let p = provider();
        let r = p.handle(&Req::new("GET", &authz(&[("client_id", "nobody")])));
        assert_eq!(r.status, 400);
        assert!(r.get_header("location").is_none());
        let r = p.handle(&Req::new(
            "GET",
            &authz(&[("redirect_uri", "https://evil.example/cb")]),
        ));
        assert_eq!(r.status, 400);
        assert!(String::from_utf8_lossy(&r.body).contains("not registered"));
    }

    #[test]
    fn request_errors_go_back_with_state_and_iss() {
        let p = provider();
        for (extra, error) in [
            (
                vec![("response_type", "token")],
                "unsupported_response_type",
            ),
            (vec![("code_challenge_method", "plain")], "invalid_request"),
            (
                vec![("code_challenge", ""), ("code_challenge_method", "")],
                "invalid_request",
            ),
            (vec![("scope", "openid admin")], "invalid_scope"),
            (vec![("resource", "not a uri")], "invalid_target"),
            (vec![("prompt", "none")], "login_required"),
            (vec![("response_mode", "fragment")], "invalid_request"),
            (vec![("request_uri", "urn:x")], "invalid_request_uri"),
        ] {
            let r = p.handle(&Req::new("GET", &authz(&extra)));
            assert_eq!(r.status, 302, "{extra:?}");
            let u = location(&r);
            assert_eq!(q(&u, "error").as_deref(), Some(error), "{extra:?}");
            assert_eq!(q(&u, "state").as_deref(), Some("st"));
            assert_eq!(q(&u, "iss").as_deref(), Some("http://127.0.0.1:9876"));
        }
    }

    #[test]
    fn login_form_then_code_then_tokens() {
        let p = provider();
        let r = p.handle(&Req::new("GET", &authz(&[])));
        assert_eq!(r.status, 200);
        let html = String::from_utf8(r.body.clone()).unwrap();
        let tx = html
            .split("name=\"tx\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_owned();
        let bad = p.handle(&Req::new("POST", "/login").form_body(&[
            ("tx", &tx),
            ("username", "demo"),
            ("password", "wrong"),
            ("action", "approve"),
        ]));
        assert_eq!(bad.status, 200);
        assert!(String::from_utf8_lossy(&bad.body).contains("wrong"));
        let ok = p.handle(&Req::new("POST", "/login").form_body(&[
            ("tx", &tx),
            ("username", "demo"),
            ("password", "demo"),
            ("action", "approve"),
        ]));
        assert_eq!(ok.status, 303);
        assert!(ok.get_header("set-cookie").unwrap().contains("HttpOnly"));
        let u = location(&ok);
        assert_eq!(q(&u, "state").as_deref(), Some("st"));
        assert_eq!(q(&u, "iss").as_deref(), Some("http://127.0.0.1:9876"));
        let code = q(&u, "code").unwrap();
        let exchange = |verifier: &str| {
            p.handle(&Req::new("POST", "/token").form_body(&[
                ("grant_type", "authorization_code"),
                ("client_id", "oauthctl-cli"),
                ("code", &code),
                ("redirect_uri", "http://127.0.0.1:5555/callback"),
                ("code_verifier", verifier),
            ]))
        };
        let r = exchange(VERIFIER);
        assert_eq!(r.status, 200, "{:?}", r.json_body());
        let body = r.json_body();
        assert!(body["id_token"].is_string());
        assert!(body["refresh_token"].is_string());
        // A second use is refused and revokes what the first gave.
        let again = exchange(VERIFIER);
        assert_eq!(again.json_body()["error"], "invalid_grant");
        let rt = body["refresh_token"].as_str().unwrap();
        let r = p.handle(&Req::new("POST", "/token").form_body(&[
            ("grant_type", "refresh_token"),
            ("client_id", "oauthctl-cli"),
            ("refresh_token", rt),
        ]));
        assert_eq!(r.json_body()["error"], "invalid_grant");
    }

    #[test]
    fn form_post_answers_with_a_page_that_posts_code_state_and_iss() {
        let mut c = super::super::Config::with_defaults();
        c.auto_approve = true;
        let p = Provider::new(
            "http://127.0.0.1:9876".into(),
            c,
            std::sync::Arc::new(crate::clock::FixedClock(1_700_000_000)),
        )
        .unwrap();
        let r = p.handle(&Req::new("GET", &authz(&[("response_mode", "form_post")])));
        assert_eq!(r.status, 200);
        assert!(r.get_header("location").is_none());
        let html = String::from_utf8(r.body.clone()).unwrap();
        assert!(
            html.contains("<form method=\"post\" action=\"http://127.0.0.1:5555/callback\">"),
            "{html}"
        );
        for field in [
            "name=\"code\" value=\"",
            "name=\"state\" value=\"st\"",
            "name=\"iss\" value=\"http://127.0.0.1:9876\"",
        ] {
            assert!(html.contains(field), "{field} in {html}");
        }
        let csp = r.get_header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'sha256-"), "{csp}");
    }

    #[test]
    fn the_consent_page_shows_the_authorization_details() {
        let p = provider();
        let details = r#"[{"type":"payment_initiation","instructedAmount":{"amount":"12.00"}}]"#;
        let r = p.handle(&Req::new(
            "GET",
            &authz(&[("authorization_details", details)]),
        ));
        assert_eq!(r.status, 200);
        let html = String::from_utf8(r.body).unwrap();
        assert!(html.contains("<code>payment_initiation</code>"), "{html}");
        assert!(html.contains("12.00"), "{html}");
    }

    #[test]
    fn a_wrong_verifier_is_invalid_grant() {
        let p = provider();
        let mut c = super::super::Config::with_defaults();
        c.auto_approve = true;
        let p2 = Provider::new(
            p.issuer.clone(),
            c,
            std::sync::Arc::new(crate::clock::FixedClock(1_700_000_000)),
        )
        .unwrap();
        let r = p2.handle(&Req::new("GET", &authz(&[])));
        let code = q(&location(&r), "code").unwrap();
        let r = p2.handle(&Req::new("POST", "/token").form_body(&[
            ("grant_type", "authorization_code"),
            ("client_id", "oauthctl-cli"),
            ("code", &code),
            ("redirect_uri", "http://127.0.0.1:5555/callback"),
            ("code_verifier", &"x".repeat(43)),
        ]));
        assert_eq!(r.json_body()["error"], "invalid_grant");
    }
}

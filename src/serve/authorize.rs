//! The authorization endpoint (RFC 6749 §4.1, OIDC Core 3.1.2), the login
//! and consent form behind it, and end-session (OpenID RP-Initiated Logout).
//!
//! Until the client and its redirect URI are known to be genuine, errors
//! are shown to the user and never redirected (RFC 6749 §4.1.2.1: no open
//! redirector). After that, errors go back to the client with `state` and
//! `iss` (RFC 9207).

use super::pages;
use super::state::{Code, Grant, Pending, Session};
use super::wire::{OAuthRequest, Params, Req, Resp, secret_eq, with_query};
use super::{Client, Provider, random_token};

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
fn valid_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// An authorization error for the client: (error, description).
type AuthzError = (&'static str, String);

fn invalid(d: impl Into<String>) -> AuthzError {
    ("invalid_request", d.into())
}

impl Provider {
    /// `GET|POST /authorize`.
    pub(super) fn authorize(&self, req: &Req) -> Resp {
        let params = match req.params() {
            Ok(p) => p,
            Err(e) => return self.error_page(400, &e.description),
        };
        let (client, redirect_uri, state) = match self.trusted_redirect(&params) {
            Ok(t) => t,
            Err(msg) => return self.error_page(400, &msg),
        };
        let pending = match self.check_request(client, &params, redirect_uri, state) {
            Ok(p) => p,
            Err((error, d)) => return self.error_redirect(302, redirect_uri, state, error, &d),
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
                redirect_uri,
                state,
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
                        redirect_uri,
                        state,
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
                redirect_uri,
                state,
                "login_required",
                "prompt=none and nobody is signed in",
            );
        }
        let tx = random_token();
        let page = pages::login(self, client, &pending, &tx, None);
        let mut st = self.state();
        st.pending.insert(tx, pending);
        st.tick(now);
        Resp::html(200, page)
    }

    /// The client, its redirect URI (checked) and `state`, or a message for
    /// the user.
    fn trusted_redirect<'a>(
        &self,
        params: &'a Params,
    ) -> Result<(&Client, &'a str, Option<&'a str>), String> {
        let client_id = params
            .one("client_id")
            .map_err(|e| e.description)?
            .ok_or("The request names no client (client_id is missing).")?;
        let client = self
            .clients
            .get(client_id)
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
        Ok((client, redirect_uri, state))
    }

    fn check_request(
        &self,
        client: &Client,
        params: &Params,
        redirect_uri: &str,
        state: Option<&str>,
    ) -> Result<Pending, AuthzError> {
        let p = |name: &str| params.one(name).map_err(|e| invalid(e.description));
        if params.has("request") {
            return Err((
                "request_not_supported",
                "request objects are not supported".into(),
            ));
        }
        if params.has("request_uri") {
            return Err((
                "request_uri_not_supported",
                "request_uri is not supported".into(),
            ));
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
        if let Some(mode) = p("response_mode")?
            && mode != "query"
        {
            return Err(invalid(format!(
                "response_mode {mode} is not supported; only query"
            )));
        }
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
        Ok(Pending {
            client_id: client.client_id.clone(),
            redirect_uri: redirect_uri.to_owned(),
            scopes,
            state: state.map(str::to_owned),
            nonce: p("nonce")?.map(str::to_owned),
            code_challenge: challenge.map(str::to_owned),
            audiences,
            expires_at: self.now() + PENDING_TTL,
            failures: 0,
        })
    }

    /// Redirect an error to the client (RFC 6749 §4.1.2.1, RFC 9207).
    fn error_redirect(
        &self,
        status: u16,
        redirect_uri: &str,
        state: Option<&str>,
        error: &str,
        description: &str,
    ) -> Resp {
        let mut q = vec![("error", error), ("error_description", description)];
        if let Some(s) = state {
            q.push(("state", s));
        }
        q.push(("iss", &self.issuer));
        Resp::redirect(status, &with_query(redirect_uri, &q))
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
                    expires_at: now + self.lifetimes.code,
                    used: false,
                },
            );
            st.tick(now);
        }
        let mut q = vec![("code", code.as_str())];
        if let Some(s) = &p.state {
            q.push(("state", s));
        }
        q.push(("iss", &self.issuer));
        Resp::redirect(status, &with_query(&p.redirect_uri, &q))
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
        let Some(client) = self.clients.get(&pending.client_id) else {
            return self.error_page(400, "The client is gone.");
        };
        if field("action") == "deny" {
            self.state().pending.remove(tx);
            return self.error_redirect(
                303,
                &pending.redirect_uri,
                pending.state.as_deref(),
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
                    &pending.redirect_uri,
                    pending.state.as_deref(),
                    "access_denied",
                    "too many failed sign-in attempts",
                );
            }
            let page = pages::login(
                self,
                client,
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
        let mut client = client_id.and_then(|c| self.clients.get(c));
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
    fn id_token_hint_client(&self, hint: &str) -> Result<&Client, String> {
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
        self.clients
            .get(&aud)
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
            (vec![("request_uri", "urn:x")], "request_uri_not_supported"),
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

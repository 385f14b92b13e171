//! The token endpoint (RFC 6749 §3.2): client authentication, the four
//! grants, and minting access tokens (RFC 9068) and ID tokens (OIDC Core
//! 2, 3.1.3.6).
//!
//! Client assertions (`private_key_jwt`, RFC 7523) are verified by
//! `jwt::validate`, the one engine, against the client's registered keys.

use serde_json::{Map, Value, json};

use super::config::{AuthMethod, Client, GrantType, User};
use super::keys::Signer;
use super::state::{Grant, Refresh, State};
use super::wire::{OAuthError, OAuthRequest, Params, Req, Resp, secret_eq};
use super::{Provider, random_token};
use crate::jwt::keys::Key;
use crate::jwt::validate::{Options, Status, check, half_hash};
use crate::jwt::verify::KeyRing;

/// RFC 7523 §2.2.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Claims released by each scope (OIDC Core 5.4); a user's other claims
/// come with `openid`.
const SCOPE_CLAIMS: &[(&str, &[&str])] = &[
    (
        "profile",
        &[
            "name",
            "family_name",
            "given_name",
            "middle_name",
            "nickname",
            "preferred_username",
            "profile",
            "picture",
            "website",
            "gender",
            "birthdate",
            "zoneinfo",
            "locale",
            "updated_at",
        ],
    ),
    ("email", &["email", "email_verified"]),
    ("address", &["address"]),
    ("phone", &["phone_number", "phone_number_verified"]),
];

/// The user's claims that these scopes release.
pub fn scope_claims(user: &User, scopes: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for (name, value) in &user.claims {
        let owner = SCOPE_CLAIMS
            .iter()
            .find(|(_, claims)| claims.contains(&name.as_str()));
        let released = match owner {
            Some((scope, _)) => scopes.iter().any(|s| s == scope),
            None => scopes.iter().any(|s| s == "openid"),
        };
        if released && !matches!(name.as_str(), "sub" | "iss" | "aud") {
            out.insert(name.clone(), value.clone());
        }
    }
    out
}

pub(super) fn server_error(e: String) -> OAuthError {
    OAuthError {
        status: 500,
        error: "server_error",
        description: e,
        www_authenticate: None,
        dpop_nonce: None,
    }
}

/// What an access token is bound to (its `cnf` claim): a DPoP key (RFC
/// 9449 §6.1) and a client certificate (RFC 8705 §3.1), either or both.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cnf<'a> {
    /// The DPoP key's thumbprint, `jkt`.
    pub jkt: Option<&'a str>,
    /// The certificate's thumbprint, `x5t#S256`.
    pub x5t: Option<&'a str>,
}

impl Cnf<'_> {
    /// The `cnf` claim, when bound to anything.
    fn to_json(self) -> Option<Value> {
        let mut m = Map::new();
        if let Some(j) = self.jkt {
            m.insert("jkt".into(), j.into());
        }
        if let Some(x) = self.x5t {
            m.insert("x5t#S256".into(), x.into());
        }
        (!m.is_empty()).then_some(Value::Object(m))
    }
}

/// `aud` as JSON: a string for one audience, an array for several.
fn aud_value(auds: &[String]) -> Value {
    match auds {
        [one] => Value::from(one.as_str()),
        many => Value::from(many.to_vec()),
    }
}

impl Provider {
    /// `POST /token`.
    pub(super) fn token(&self, req: &Req) -> Resp {
        match self.token_inner(req) {
            Ok(v) => Resp::json(200, &v),
            Err(e) => e.to_resp(),
        }
    }

    fn token_inner(&self, req: &Req) -> Result<Value, OAuthError> {
        let params = req.form()?;
        let grant_type = params.required("grant_type")?;
        let (client, x5t) = self.authenticate_bound(req, &params, &self.url("/token"))?;
        let jkt = self.token_dpop(req)?;
        let jkt = jkt.as_deref();
        let cnf = Cnf {
            jkt,
            x5t: x5t.as_deref(),
        };
        if client.dpop_bound && jkt.is_none() {
            return Err(OAuthError::invalid_dpop_proof(format!(
                "client {} must use DPoP-bound tokens (dpop_bound_access_tokens): send a DPoP proof",
                client.client_id
            )));
        }
        let Some(grant) = GrantType::from_name(grant_type) else {
            return Err(OAuthError::unsupported_grant_type(format!(
                "grant_type {grant_type} is not supported"
            )));
        };
        if !client.may(grant) {
            return Err(OAuthError::unauthorized_client(format!(
                "client {} may not use {grant_type}",
                client.client_id
            )));
        }
        match grant {
            GrantType::AuthorizationCode => self.code_grant(client, &params, cnf),
            GrantType::RefreshToken => self.refresh_grant(client, &params, cnf),
            GrantType::ClientCredentials => self.client_credentials(client, &params, cnf),
            GrantType::DeviceCode => self.device_grant(client, &params, cnf),
        }
    }

    /// Authenticate the client of a token, introspection, revocation or
    /// device request (RFC 6749 §2.3; exactly one method, §2.3.1).
    /// `endpoint` is the URL the assertion may name as `aud`.
    pub(super) fn authenticate(
        &self,
        req: &Req,
        params: &Params,
        endpoint: &str,
    ) -> Result<&Client, OAuthError> {
        self.authenticate_bound(req, params, endpoint)
            .map(|(c, _)| c)
    }

    /// [`Provider::authenticate`], with the thumbprint (`x5t#S256`) of the
    /// certificate a mutual-TLS client presented, which its tokens are
    /// bound to (RFC 8705 §3).
    pub(super) fn authenticate_bound(
        &self,
        req: &Req,
        params: &Params,
        endpoint: &str,
    ) -> Result<(&Client, Option<String>), OAuthError> {
        let c = self.authenticate_client(req, params, endpoint)?;
        let x5t = if c.auth_methods.iter().any(|m| m.is_mutual_tls()) {
            super::tls::presented(req)
        } else {
            None
        };
        Ok((c, x5t))
    }

    fn authenticate_client(
        &self,
        req: &Req,
        params: &Params,
        endpoint: &str,
    ) -> Result<&Client, OAuthError> {
        let basic = req.basic();
        let post_secret = params.one("client_secret")?;
        let assertion = params.one("client_assertion")?;
        let client_id = params.one("client_id")?;
        let used = [basic.is_some(), post_secret.is_some(), assertion.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if used > 1 {
            return Err(OAuthError::invalid_request(
                "more than one client authentication method (RFC 6749 §2.3)",
            ));
        }
        let lookup = |id: &str, basic: bool| {
            self.clients
                .get(id)
                .ok_or_else(|| OAuthError::invalid_client(format!("unknown client {id}"), basic))
        };
        let allows = |c: &Client, m: AuthMethod, basic: bool| {
            if c.auth_methods.contains(&m) {
                Ok(())
            } else {
                Err(OAuthError::invalid_client(
                    format!(
                        "client {} does not authenticate with {} (it uses {})",
                        c.client_id,
                        m.name(),
                        c.auth_methods
                            .iter()
                            .map(|m| m.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    basic,
                ))
            }
        };
        if let Some(b) = basic {
            let (id, secret) = b.map_err(|e| OAuthError::invalid_client(e, true))?;
            if client_id.is_some_and(|c| c != id) {
                return Err(OAuthError::invalid_request(
                    "client_id differs from the Basic credentials",
                ));
            }
            let c = lookup(&id, true)?;
            allows(c, AuthMethod::SecretBasic, true)?;
            return check_secret(c, &secret, true).map(|()| c);
        }
        if let Some(secret) = post_secret {
            let id = client_id
                .ok_or_else(|| OAuthError::invalid_request("client_secret without client_id"))?;
            let c = lookup(id, false)?;
            allows(c, AuthMethod::SecretPost, false)?;
            return check_secret(c, secret, false).map(|()| c);
        }
        if let Some(assertion) = assertion {
            match params.one("client_assertion_type")? {
                Some(JWT_BEARER) => {}
                Some(other) => {
                    return Err(OAuthError::invalid_client(
                        format!("client_assertion_type {other} is not supported"),
                        false,
                    ));
                }
                None => {
                    return Err(OAuthError::invalid_request(
                        "client_assertion without client_assertion_type",
                    ));
                }
            }
            return self.check_assertion(assertion, client_id, endpoint);
        }
        let id = client_id.ok_or_else(|| {
            OAuthError::invalid_client("no client authentication and no client_id", false)
        })?;
        let c = lookup(id, false)?;
        // RFC 8705 §2: mutual TLS, the certificate of the connection.
        if c.auth_methods.iter().any(|m| m.is_mutual_tls()) {
            return self.check_client_certificate(req, c).map(|()| c);
        }
        if !c.is_public() {
            return Err(OAuthError::invalid_client(
                format!("client {id} is confidential: it must authenticate"),
                false,
            ));
        }
        Ok(c)
    }

    /// A mutual-TLS client's certificate (RFC 8705 §2.1 and §2.2): the
    /// registered name for `tls_client_auth`, a registered key for
    /// `self_signed_tls_client_auth`.
    fn check_client_certificate(&self, req: &Req, c: &Client) -> Result<(), OAuthError> {
        let bad = |d: String| OAuthError::invalid_client(d, false);
        let methods = c
            .auth_methods
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .join(", ");
        if self.tls.is_none() {
            return Err(bad(format!(
                "client {} authenticates with {methods}, and this server does not serve TLS \
                 (serve --tls)",
                c.client_id
            )));
        }
        let Some(cert) = &req.peer_certificate else {
            return Err(bad(format!(
                "client {} authenticates with {methods}: no client certificate came with the \
                 TLS connection",
                c.client_id
            )));
        };
        let mut refusals = Vec::new();
        if c.auth_methods.contains(&AuthMethod::TlsClientAuth)
            && let Some(registered) = &c.tls_registered
        {
            let chained = match &self.tls_client_ca {
                Some(ca) => ca.verify(cert, &req.peer_intermediates),
                None => Ok(()),
            };
            match chained.and_then(|()| registered.matches(cert)) {
                Ok(()) => return Ok(()),
                Err(e) => refusals.push(e),
            }
        }
        if c.auth_methods
            .contains(&AuthMethod::SelfSignedTlsClientAuth)
            && let Some(ring) = &c.ring
        {
            match super::tls::key_matches(cert, &ring.plain()) {
                Ok(()) => return Ok(()),
                Err(e) => refusals.push(e),
            }
        }
        Err(bad(format!(
            "client {}: {}",
            c.client_id,
            refusals.join("; ")
        )))
    }

    fn check_assertion(
        &self,
        assertion: &str,
        client_id: Option<&str>,
        endpoint: &str,
    ) -> Result<&Client, OAuthError> {
        let bad = |d: String| OAuthError::invalid_client(d, false);
        // RFC 7523 §3: iss and sub are the client ID. Read, unverified, only
        // to find the client's keys; everything is then checked by the engine.
        let claimed = match crate::jwt::parse(assertion) {
            Ok(crate::jwt::Parsed::Jws(jws)) => jws
                .claims
                .ok()
                .and_then(|c| c.get("sub").and_then(Value::as_str).map(str::to_owned)),
            _ => None,
        }
        .ok_or_else(|| bad("the client assertion is not a JWT with a sub claim".into()))?;
        if client_id.is_some_and(|c| c != claimed) {
            return Err(bad("client_id differs from the assertion's sub".into()));
        }
        let c = self
            .clients
            .get(&claimed)
            .ok_or_else(|| bad(format!("unknown client {claimed}")))?;
        // The header's alg says which method the client means: an HMAC
        // is client_secret_jwt (keyed with its secret), anything else
        // private_key_jwt (its registered keys). Either way every check,
        // the algorithm's included, is the engine's.
        let hmac = match crate::jwt::parse(assertion) {
            Ok(crate::jwt::Parsed::Jws(jws)) => jws
                .alg()
                .and_then(crate::jwt::Alg::from_name)
                .is_some_and(|a| a.family() == crate::jwt::Family::Hmac),
            _ => false,
        };
        let secret_ring;
        let (ring, algorithms) = if hmac {
            let Some(secret) = c
                .secret
                .as_ref()
                .filter(|_| c.auth_methods.contains(&AuthMethod::SecretJwt))
            else {
                return Err(bad(format!(
                    "client {claimed} does not authenticate with client_secret_jwt"
                )));
            };
            secret_ring = KeyRing::new(vec![Key::from_secret(
                secret.expose().as_bytes().to_vec(),
                "the client secret",
            )]);
            (
                &secret_ring,
                vec![
                    crate::jwt::Alg::HS256,
                    crate::jwt::Alg::HS384,
                    crate::jwt::Alg::HS512,
                ],
            )
        } else {
            let Some(ring) = c
                .ring
                .as_ref()
                .filter(|_| c.auth_methods.contains(&AuthMethod::PrivateKeyJwt))
            else {
                return Err(bad(format!(
                    "client {claimed} does not authenticate with private_key_jwt"
                )));
            };
            let algs = ring
                .algorithms()
                .into_iter()
                .filter(|a| a.family() != crate::jwt::Family::Hmac)
                .collect();
            (&**ring, algs)
        };
        let now = self.now();
        let opts = Options {
            now,
            leeway: 60,
            algorithms: Some(algorithms),
            issuer: Some(claimed.clone()),
            // RFC 7523 §3 point 3: the token endpoint or the issuer.
            audiences: vec![endpoint.to_owned(), self.url("/token"), self.issuer.clone()],
            required: vec!["jti".into(), "sub".into()],
            claims: vec![("sub".into(), claimed.clone())],
            ..Options::default()
        };
        let report = check(assertion, &opts, ring);
        if let Some(failed) = report.with_status(Status::Failed).next() {
            return Err(bad(format!(
                "the client assertion failed the {} check: {}",
                failed.name, failed.detail
            )));
        }
        let jti = report.claims["jti"].as_str().unwrap_or_default().to_owned();
        let exp = report.claims["exp"].as_i64().unwrap_or(now + 60);
        let mut st = self.state();
        if st.assertion_jti.contains_key(&jti) {
            return Err(bad("the client assertion was already used (jti)".into()));
        }
        st.assertion_jti.insert(jti, exp.max(now) + 60);
        st.tick(now);
        Ok(c)
    }

    /// Scopes asked for: known, and allowed to this client (RFC 6749 §3.3).
    pub(super) fn check_scopes(
        &self,
        client: &Client,
        requested: Option<&str>,
    ) -> Result<Vec<String>, OAuthError> {
        let mut out: Vec<String> = Vec::new();
        for s in requested.unwrap_or("").split(' ').filter(|s| !s.is_empty()) {
            if !self.scopes.iter().any(|x| x == s) {
                return Err(OAuthError::invalid_scope(format!("unknown scope {s}")));
            }
            if let Some(allowed) = &client.scopes
                && !allowed.iter().any(|x| x == s)
            {
                return Err(OAuthError::invalid_scope(format!(
                    "client {} may not ask for scope {s}",
                    client.client_id
                )));
            }
            if !out.iter().any(|x| x == s) {
                out.push(s.to_owned());
            }
        }
        Ok(out)
    }

    /// Audiences: `resource` (RFC 8707, absolute URIs without fragment) and
    /// `audience`, else the default.
    pub(super) fn audiences(&self, params: &Params) -> Result<Vec<String>, OAuthError> {
        let mut out: Vec<String> = Vec::new();
        for r in params.all("resource") {
            match url::Url::parse(r) {
                Ok(u) if u.fragment().is_none() => {}
                _ => {
                    return Err(OAuthError::invalid_target(format!(
                        "resource {r} is not an absolute URI without a fragment (RFC 8707 §2)"
                    )));
                }
            }
            out.push(r.to_owned());
        }
        if let Some(a) = params.one("audience")? {
            out.push(a.to_owned());
        }
        out.dedup();
        if out.is_empty() {
            out.push(self.audience.clone());
        }
        Ok(out)
    }

    /// `authorization_details` (RFC 9396 §2): a JSON array of objects,
    /// each with a `type` this provider accepts; `None` when absent.
    pub(super) fn authorization_details(
        &self,
        params: &Params,
    ) -> Result<Option<Value>, OAuthError> {
        let Some(raw) = params.one("authorization_details")? else {
            return Ok(None);
        };
        let bad = |d: String| OAuthError::invalid_authorization_details(d);
        let v: Value = serde_json::from_str(raw)
            .map_err(|e| bad(format!("authorization_details is not JSON: {e}")))?;
        let Some(items) = v.as_array().filter(|a| !a.is_empty()) else {
            return Err(bad(
                "authorization_details must be a non-empty JSON array".into()
            ));
        };
        for (i, item) in items.iter().enumerate() {
            let Some(t) = item.get("type").and_then(Value::as_str) else {
                return Err(bad(format!(
                    "authorization_details[{i}] is not an object with a string type"
                )));
            };
            if !self.authorization_details_types.iter().any(|x| x == t) {
                return Err(bad(format!(
                    "authorization_details[{i}] has type \"{t}\", which is not one of {}",
                    self.authorization_details_types.join(", ")
                )));
            }
        }
        Ok(Some(v))
    }

    /// Mint an access token (RFC 9068 §2.2), with `authorization_details`
    /// (RFC 9396 §9.1) and the DPoP binding `cnf.jkt` (RFC 9449 §6.1) or
    /// the certificate binding `cnf.x5t#S256` (RFC 8705 §3.1) when given. Returns (token, jti, exp).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn mint_access(
        &self,
        signer: &Signer,
        sub: &str,
        client_id: &str,
        scopes: &[String],
        audiences: &[String],
        grant: Option<&Grant>,
        details: Option<&Value>,
        cnf: Cnf<'_>,
    ) -> Result<(String, String, i64), OAuthError> {
        let now = self.now();
        let exp = now + self.lifetimes.access_token;
        let jti = crate::jwt::encode::random_id();
        let mut c = Map::new();
        c.insert("iss".into(), self.issuer.as_str().into());
        c.insert("sub".into(), sub.into());
        c.insert("aud".into(), aud_value(audiences));
        c.insert("exp".into(), exp.into());
        c.insert("iat".into(), now.into());
        c.insert("jti".into(), jti.as_str().into());
        c.insert("client_id".into(), client_id.into());
        if !scopes.is_empty() {
            c.insert("scope".into(), scopes.join(" ").into());
        }
        if let Some(g) = grant {
            c.insert("auth_time".into(), g.auth_time.into());
            c.insert("acr".into(), g.acr.as_str().into());
            c.insert("amr".into(), g.amr.clone().into());
            if let Some(sid) = &g.sid {
                c.insert("sid".into(), sid.as_str().into());
            }
        }
        if let Some(d) = details {
            c.insert("authorization_details".into(), d.clone());
        }
        if let Some(cnf) = cnf.to_json() {
            c.insert("cnf".into(), cnf);
        }
        let token = signer.sign_access_token(&c).map_err(server_error)?;
        Ok((token, jti, exp))
    }

    /// Mint an ID token for a grant (OIDC Core 2, 3.1.3.6 `at_hash`).
    fn mint_id_token(
        &self,
        signer: &Signer,
        g: &Grant,
        nonce: Option<&str>,
        access_token: &str,
    ) -> Result<String, OAuthError> {
        let now = self.now();
        let mut c = match self.user_by_sub(&g.sub) {
            Some(u) => scope_claims(u, &g.scopes),
            None => Map::new(),
        };
        c.insert("iss".into(), self.issuer.as_str().into());
        c.insert("sub".into(), g.sub.as_str().into());
        c.insert("aud".into(), g.client_id.as_str().into());
        c.insert("exp".into(), (now + self.lifetimes.id_token).into());
        c.insert("iat".into(), now.into());
        c.insert("auth_time".into(), g.auth_time.into());
        if let Some(n) = nonce {
            c.insert("nonce".into(), n.into());
        }
        c.insert("acr".into(), g.acr.as_str().into());
        c.insert("amr".into(), g.amr.clone().into());
        c.insert("azp".into(), g.client_id.as_str().into());
        c.insert(
            "at_hash".into(),
            half_hash(signer.id_token_alg(), access_token).into(),
        );
        if let Some(sid) = &g.sid {
            c.insert("sid".into(), sid.as_str().into());
        }
        signer.sign_id_token(&c).map_err(server_error)
    }

    /// The token response for a user grant: an access token (bound to
    /// the DPoP key `jkt` when a proof came with the request), a rotated
    /// refresh token when the client may refresh (bound to that key too
    /// for a public client, RFC 9449 §5), an ID token for `openid`, and
    /// the granted `authorization_details`.
    pub(super) fn issue_for_grant(
        &self,
        client: &Client,
        g: &Grant,
        nonce: Option<&str>,
        cnf: Cnf<'_>,
    ) -> Result<Value, OAuthError> {
        let jkt = cnf.jkt;
        let signer = self.signer()?;
        let (at, jti, exp) = self.mint_access(
            signer,
            &g.sub,
            &g.client_id,
            &g.scopes,
            &g.audiences,
            Some(g),
            g.authorization_details.as_ref(),
            cnf,
        )?;
        let mut resp = json!({
            "access_token": at,
            "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
            "expires_in": self.lifetimes.access_token,
        });
        if !g.scopes.is_empty() {
            resp["scope"] = g.scopes.join(" ").into();
        }
        if let Some(d) = &g.authorization_details {
            resp["authorization_details"] = d.clone();
        }
        if g.scopes.iter().any(|s| s == "openid") {
            resp["id_token"] = self.mint_id_token(signer, g, nonce, &at)?.into();
        }
        let now = self.now();
        let mut st = self.state();
        st.access_grant.insert(jti, (g.id.clone(), exp));
        if client.may(GrantType::RefreshToken) {
            let rt = random_token();
            let mut grant = g.clone();
            if client.is_public() && grant.dpop_jkt.is_none() {
                grant.dpop_jkt = jkt.map(str::to_owned);
            }
            st.refresh.insert(
                rt.clone(),
                Refresh {
                    grant,
                    expires_at: now + self.lifetimes.refresh_token,
                    used: false,
                },
            );
            resp["refresh_token"] = rt.into();
        }
        st.tick(now);
        Ok(resp)
    }

    fn code_grant(
        &self,
        client: &Client,
        params: &Params,
        cnf: Cnf<'_>,
    ) -> Result<Value, OAuthError> {
        let jkt = cnf.jkt;
        let code = params.required("code")?;
        let redirect_uri = params.one("redirect_uri")?;
        let verifier = params.one("code_verifier")?;
        let now = self.now();
        let entry = {
            let mut guard = self.state();
            let st = &mut *guard;
            let Some(entry) = st.codes.get_mut(code) else {
                return Err(OAuthError::invalid_grant("unknown or expired code"));
            };
            if entry.used {
                // RFC 6749 §4.1.2: a code used twice revokes what it gave.
                let id = entry.grant.id.clone();
                st.revoke_grant(&id);
                return Err(OAuthError::invalid_grant(
                    "the code was already used; the tokens issued for it are revoked",
                ));
            }
            entry.used = true;
            entry.clone()
        };
        if entry.expires_at <= now {
            return Err(OAuthError::invalid_grant("the code has expired"));
        }
        if entry.grant.client_id != client.client_id {
            return Err(OAuthError::invalid_grant(
                "the code was issued to another client",
            ));
        }
        if redirect_uri != Some(entry.redirect_uri.as_str()) {
            return Err(OAuthError::invalid_grant(
                "redirect_uri differs from the authorization request's (RFC 6749 §4.1.3)",
            ));
        }
        check_pkce(entry.code_challenge.as_deref(), verifier)?;
        // RFC 9449 §10: a code bound with dpop_jkt needs a proof of that key.
        if let Some(bound) = &entry.dpop_jkt
            && jkt != Some(bound.as_str())
        {
            return Err(OAuthError::invalid_dpop_proof(
                "the code is bound to a DPoP key (dpop_jkt): send a DPoP proof made with it",
            ));
        }
        self.issue_for_grant(client, &entry.grant, entry.nonce.as_deref(), cnf)
    }

    fn refresh_grant(
        &self,
        client: &Client,
        params: &Params,
        cnf: Cnf<'_>,
    ) -> Result<Value, OAuthError> {
        let jkt = cnf.jkt;
        let token = params.required("refresh_token")?;
        let now = self.now();
        let mut grant = {
            let mut guard = self.state();
            let st = &mut *guard;
            let Some(entry) = st.refresh.get_mut(token) else {
                return Err(OAuthError::invalid_grant(
                    "unknown, expired or revoked refresh token",
                ));
            };
            if entry.grant.client_id != client.client_id {
                return Err(OAuthError::invalid_grant(
                    "the refresh token was issued to another client",
                ));
            }
            if entry.used {
                // RFC 9700 §4.14.2: a rotated token presented again means it
                // leaked; revoke the whole family.
                let id = entry.grant.id.clone();
                st.revoke_grant(&id);
                return Err(OAuthError::invalid_grant(
                    "refresh token reuse detected: the token was already rotated; every token of this grant is revoked",
                ));
            }
            if entry.expires_at <= now {
                return Err(OAuthError::invalid_grant("the refresh token has expired"));
            }
            if st.revoked_grants.contains(&entry.grant.id) {
                return Err(OAuthError::invalid_grant("the grant was revoked"));
            }
            // RFC 9449 §5: a public client's refresh token is bound to
            // its DPoP key; it is not used up by a request without it.
            if let Some(bound) = &entry.grant.dpop_jkt
                && jkt != Some(bound.as_str())
            {
                return Err(OAuthError::invalid_dpop_proof(
                    "the refresh token is bound to a DPoP key: send a DPoP proof made with it",
                ));
            }
            entry.used = true;
            entry.grant.clone()
        };
        // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
        if let Some(s) = params.one("scope")? {
            let asked = self.check_scopes(client, Some(s))?;
            if let Some(extra) = asked.iter().find(|s| !grant.scopes.contains(s)) {
                return Err(OAuthError::invalid_scope(format!(
                    "scope {extra} was not granted originally"
                )));
            }
            grant.scopes = asked;
        }
        let resources = params.all("resource");
        if !resources.is_empty() {
            if let Some(r) = resources
                .iter()
                .find(|r| !grant.audiences.iter().any(|a| a == *r))
            {
                return Err(OAuthError::invalid_target(format!(
                    "resource {r} was not part of the original grant"
                )));
            }
            grant.audiences = resources.iter().map(|r| (*r).to_owned()).collect();
        }
        self.issue_for_grant(client, &grant, None, cnf)
    }

    fn client_credentials(
        &self,
        client: &Client,
        params: &Params,
        cnf: Cnf<'_>,
    ) -> Result<Value, OAuthError> {
        let jkt = cnf.jkt;
        let scopes = self.check_scopes(client, params.one("scope")?)?;
        if scopes
            .iter()
            .any(|s| s == "openid" || s == "offline_access")
        {
            return Err(OAuthError::invalid_scope(
                "openid and offline_access need a user; client_credentials has none",
            ));
        }
        let audiences = self.audiences(params)?;
        let details = self.authorization_details(params)?;
        let signer = self.signer()?;
        let (at, _, _) = self.mint_access(
            signer,
            &client.client_id,
            &client.client_id,
            &scopes,
            &audiences,
            None,
            details.as_ref(),
            cnf,
        )?;
        let mut resp = json!({
            "access_token": at,
            "token_type": if jkt.is_some() { "DPoP" } else { "Bearer" },
            "expires_in": self.lifetimes.access_token,
        });
        if !scopes.is_empty() {
            resp["scope"] = scopes.join(" ").into();
        }
        if let Some(d) = details {
            resp["authorization_details"] = d;
        }
        Ok(resp)
    }

    /// Whether a refresh token is live, for introspection.
    pub(super) fn live_refresh(&self, st: &State, token: &str) -> Option<Refresh> {
        st.refresh
            .get(token)
            .filter(|r| {
                !r.used && r.expires_at > self.now() && !st.revoked_grants.contains(&r.grant.id)
            })
            .cloned()
    }
}

fn check_secret(c: &Client, given: &str, basic: bool) -> Result<(), OAuthError> {
    match &c.secret {
        Some(s) if secret_eq(s.expose(), given) => Ok(()),
        _ => Err(OAuthError::invalid_client(
            format!("wrong secret for client {}", c.client_id),
            basic,
        )),
    }
}

/// PKCE S256 at the token endpoint (RFC 7636 §4.6): the verifier must
/// match the challenge of the request; one without the other is refused.
pub(super) fn check_pkce(
    challenge: Option<&str>,
    verifier: Option<&str>,
) -> Result<(), OAuthError> {
    match (challenge, verifier) {
        (Some(challenge), Some(v)) => {
            if !valid_verifier(v) {
                return Err(OAuthError::invalid_request(
                    "code_verifier must be 43 to 128 unreserved characters (RFC 7636 §4.1)",
                ));
            }
            let got = crate::jwt::b64_encode(
                aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, v.as_bytes()).as_ref(),
            );
            if !secret_eq(&got, challenge) {
                return Err(OAuthError::invalid_grant(
                    "code_verifier does not match the code_challenge (PKCE S256)",
                ));
            }
            Ok(())
        }
        (Some(_), None) => Err(OAuthError::invalid_grant(
            "code_verifier is missing: the authorization request used PKCE",
        )),
        // RFC 9700 §2.1.1: a verifier for a code without a challenge is a
        // downgrade attempt.
        (None, Some(_)) => Err(OAuthError::invalid_grant(
            "code_verifier sent, but the authorization request had no code_challenge",
        )),
        (None, None) => Ok(()),
    }
}

/// RFC 7636 §4.1: 43–128 characters of `[A-Za-z0-9-._~]`.
pub fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::super::tests::provider;
    use super::*;

    fn cc(p: &Provider, req: Req) -> Resp {
        p.handle(&req)
    }

    fn basic(id: &str, secret: &str) -> String {
        use base64::Engine;
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
        )
    }

    #[test]
    fn client_credentials_with_basic_and_post() {
        let p = provider();
        let r = cc(
            &p,
            Req::new("POST", "/token")
                .form_body(&[("grant_type", "client_credentials"), ("scope", "api:read")])
                .header("authorization", &basic("oauthctl-service", "svc-secret")),
        );
        assert_eq!(r.status, 200, "{:?}", r.json_body());
        assert_eq!(r.get_header("cache-control"), Some("no-store"));
        let body = r.json_body();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "api:read");
        let r = cc(
            &p,
            Req::new("POST", "/token").form_body(&[
                ("grant_type", "client_credentials"),
                ("client_id", "oauthctl-service"),
                ("client_secret", "svc-secret"),
            ]),
        );
        assert_eq!(r.status, 200);
    }

    #[test]
    fn token_errors_have_the_right_codes() {
        let p = provider();
        let cases: Vec<(Req, u16, &str)> = vec![
            (
                Req::new("POST", "/token")
                    .form_body(&[("grant_type", "client_credentials")])
                    .header("authorization", &basic("oauthctl-service", "wrong")),
                401,
                "invalid_client",
            ),
            (
                Req::new("POST", "/token")
                    .form_body(&[("grant_type", "password"), ("client_id", "oauthctl-cli")]),
                400,
                "unsupported_grant_type",
            ),
            (
                Req::new("POST", "/token").form_body(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", "oauthctl-cli"),
                ]),
                400,
                "unauthorized_client",
            ),
            (
                Req::new("POST", "/token")
                    .form_body(&[("grant_type", "client_credentials"), ("scope", "nope")])
                    .header("authorization", &basic("oauthctl-service", "svc-secret")),
                400,
                "invalid_scope",
            ),
            (
                Req::new("POST", "/token").form_body(&[
                    ("grant_type", "authorization_code"),
                    ("client_id", "oauthctl-cli"),
                    ("code", "nope"),
                ]),
                400,
                "invalid_grant",
            ),
            (
                Req::new("POST", "/token").form_body(&[("client_id", "oauthctl-cli")]),
                400,
                "invalid_request",
            ),
            (
                Req::new("POST", "/token")
                    .form_body(&[
                        ("grant_type", "client_credentials"),
                        ("client_id", "oauthctl-service"),
                        ("client_secret", "svc-secret"),
                    ])
                    .header("authorization", &basic("oauthctl-service", "svc-secret")),
                400,
                "invalid_request",
            ),
        ];
        for (req, status, error) in cases {
            let r = p.handle(&req);
            assert_eq!(
                (r.status, r.json_body()["error"].as_str()),
                (status, Some(error)),
                "{:?}",
                req.body
            );
        }
        let r = p.handle(
            &Req::new("POST", "/token")
                .form_body(&[("grant_type", "client_credentials")])
                .header("authorization", &basic("oauthctl-service", "wrong")),
        );
        assert!(r.get_header("www-authenticate").is_some());
    }

    #[test]
    fn verifiers_follow_rfc7636() {
        assert!(valid_verifier(&"a".repeat(43)));
        assert!(!valid_verifier(&"a".repeat(42)));
        assert!(!valid_verifier(&format!("{}+", "a".repeat(43))));
    }
}

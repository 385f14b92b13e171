//! Endpoints that take a token: userinfo (OIDC Core 5.3), introspection
//! (RFC 7662) and revocation (RFC 7009). The provider's own access tokens
//! are checked by `jwt::validate` against its keys, then against the
//! revocation lists.

use serde_json::{Map, Value, json};

use super::Provider;
use super::dpop::Presented;
use super::token::scope_claims;
use super::wire::{OAuthError, OAuthRequest, Req, Resp};
use crate::jwt::validate::{Options, Report, Status, check};

impl Provider {
    /// Check one of this provider's access tokens: the engine's verdict
    /// (signature, `typ: at+jwt`, `iss`, `exp`), then revocation. Returns
    /// the claims, or why the token is not valid.
    pub(super) fn check_access_token(&self, token: &str) -> Result<Map<String, Value>, String> {
        let signer = self.signer().map_err(|e| e.description)?;
        let opts = Options {
            now: self.now(),
            issuer: Some(self.issuer.clone()),
            typ: Some("at+jwt".into()),
            algorithms: Some(signer.algorithms()),
            ..Options::default()
        };
        self.verdict(
            check(crate::jwt::clean_input(token), &opts, &signer.ring),
            &[],
        )
    }

    /// A token's claims when no check failed but the `tolerated` ones and
    /// it was not revoked; else the first failure.
    pub(super) fn verdict(
        &self,
        report: Report,
        tolerated: &[&str],
    ) -> Result<Map<String, Value>, String> {
        if let Some(c) = report
            .with_status(Status::Failed)
            .find(|c| !tolerated.contains(&c.name))
        {
            return Err(format!("{}: {}", c.name, c.detail));
        }
        let Value::Object(claims) = report.claims else {
            return Err("no claims".into());
        };
        let jti = claims.get("jti").and_then(Value::as_str).unwrap_or("");
        if self.state().access_revoked(jti) {
            return Err("the token was revoked".into());
        }
        Ok(claims)
    }

    /// `GET|POST /userinfo`.
    pub(super) fn userinfo(&self, req: &Req) -> Resp {
        match self.userinfo_inner(req) {
            Ok(v) => Resp::json(200, &v),
            Err(e) => e.to_resp(),
        }
    }

    fn userinfo_inner(&self, req: &Req) -> Result<Value, OAuthError> {
        // RFC 6750 §2.1 header, or §2.2 form body; never the query (§2.3
        // leaks tokens into logs).
        let from_body = if req.method == "POST" && req.bearer().is_none() {
            req.form()
                .ok()
                .and_then(|f| f.one("access_token").ok().flatten().map(str::to_owned))
        } else {
            None
        };
        let presented = match (Presented::from_header(req), from_body.as_deref()) {
            (Some(p), _) => p,
            (None, Some(token)) => Presented { token, dpop: false },
            (None, None) => return Err(OAuthError::no_token()),
        };
        let claims = self
            .check_access_token(presented.token)
            .map_err(OAuthError::invalid_token)?;
        self.check_sender(req, presented, &claims)?;
        let scopes: Vec<String> = claims
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if !scopes.iter().any(|s| s == "openid") {
            return Err(OAuthError::insufficient_scope(
                "openid",
                "userinfo needs a token with the openid scope",
            ));
        }
        let sub = claims.get("sub").and_then(Value::as_str).unwrap_or("");
        let user = self
            .user_by_sub(sub)
            .ok_or_else(|| OAuthError::invalid_token("the token's subject is not a user"))?;
        let mut out = Map::new();
        out.insert("sub".into(), sub.into());
        out.extend(scope_claims(user, &scopes));
        Ok(Value::Object(out))
    }

    /// `POST /introspect` (RFC 7662 §2).
    pub(super) fn introspect(&self, req: &Req) -> Resp {
        match self.introspect_inner(req) {
            Ok(v) => Resp::json(200, &v),
            Err(e) => e.to_resp(),
        }
    }

    fn introspect_inner(&self, req: &Req) -> Result<Value, OAuthError> {
        let params = req.form()?;
        let client = self.authenticate(req, &params, &self.url("/introspect"))?;
        let token = params.required("token")?;
        let inactive = json!({"active": false});
        // A public client may only look at its own tokens.
        let mine = |owner: &str| !client.is_public() || owner == client.client_id;
        if let Ok(c) = self.check_access_token(token) {
            let owner = c.get("client_id").and_then(Value::as_str).unwrap_or("");
            if !mine(owner) {
                return Ok(inactive);
            }
            let mut out = Map::new();
            out.insert("active".into(), true.into());
            for k in [
                "scope",
                "client_id",
                "sub",
                "aud",
                "iss",
                "exp",
                "iat",
                "nbf",
                "jti",
                "auth_time",
                "acr",
                "cnf",
                "authorization_details",
            ] {
                if let Some(v) = c.get(k) {
                    out.insert(k.into(), v.clone());
                }
            }
            // RFC 9449 §6.2: a bound token's type is DPoP.
            let token_type = if c.get("cnf").is_some_and(|c| c.get("jkt").is_some()) {
                "DPoP"
            } else {
                "Bearer"
            };
            out.insert("token_type".into(), token_type.into());
            if let Some(u) = c
                .get("sub")
                .and_then(Value::as_str)
                .and_then(|s| self.user_by_sub(s))
            {
                out.insert("username".into(), u.username.as_str().into());
            }
            return Ok(Value::Object(out));
        }
        let st = self.state();
        if let Some(r) = self.live_refresh(&st, token)
            && mine(&r.grant.client_id)
        {
            let mut out = json!({
                "active": true,
                "token_type": "refresh_token",
                "client_id": r.grant.client_id,
                "sub": r.grant.sub,
                "iss": self.issuer,
                "exp": r.expires_at,
            });
            if !r.grant.scopes.is_empty() {
                out["scope"] = r.grant.scopes.join(" ").into();
            }
            if let Some(u) = self.user_by_sub(&r.grant.sub) {
                out["username"] = u.username.as_str().into();
            }
            return Ok(out);
        }
        Ok(inactive)
    }

    /// `POST /revoke` (RFC 7009 §2).
    pub(super) fn revoke(&self, req: &Req) -> Resp {
        match self.revoke_inner(req) {
            Ok(()) => Resp::json(200, &json!({})),
            Err(e) => e.to_resp(),
        }
    }

    fn revoke_inner(&self, req: &Req) -> Result<(), OAuthError> {
        let params = req.form()?;
        let client = self.authenticate(req, &params, &self.url("/revoke"))?;
        let token = params.required("token")?;
        let not_yours = || OAuthError::invalid_request("the token was not issued to this client");
        {
            let mut st = self.state();
            if let Some(r) = st.refresh.get(token) {
                if r.grant.client_id != client.client_id {
                    return Err(not_yours());
                }
                // RFC 7009 §2.1: revoking a refresh token revokes the
                // access tokens of the same grant too.
                let id = r.grant.id.clone();
                st.revoke_grant(&id);
                return Ok(());
            }
        }
        if let Ok(c) = self.check_access_token(token) {
            if c.get("client_id").and_then(Value::as_str) != Some(client.client_id.as_str()) {
                return Err(not_yours());
            }
            let jti = c
                .get("jti")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let exp = c.get("exp").and_then(Value::as_i64).unwrap_or(0);
            let now = self.now();
            let mut st = self.state();
            st.revoked_jti.insert(jti, exp);
            st.tick(now);
        }
        // RFC 7009 §2.2: an invalid or unknown token is not an error.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::provider;
    use super::*;

    fn service_token(p: &Provider, scope: &str) -> String {
        let r = p.handle(&Req::new("POST", "/token").form_body(&[
            ("grant_type", "client_credentials"),
            ("client_id", "oauthctl-service"),
            ("client_secret", "svc-secret"),
            ("scope", scope),
        ]));
        r.json_body()["access_token"].as_str().unwrap().to_owned()
    }

    fn as_service(req: Req) -> Req {
        use base64::Engine;
        req.header(
            "authorization",
            &format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode("oauthctl-service:svc-secret")
            ),
        )
    }

    #[test]
    fn introspect_then_revoke() {
        let p = provider();
        let t = service_token(&p, "api:read");
        let r = p.handle(&as_service(
            Req::new("POST", "/introspect").form_body(&[("token", &t)]),
        ));
        let b = r.json_body();
        assert_eq!(b["active"], true, "{b}");
        assert_eq!(b["client_id"], "oauthctl-service");
        assert_eq!(b["scope"], "api:read");
        let r = p.handle(&as_service(
            Req::new("POST", "/revoke").form_body(&[("token", &t)]),
        ));
        assert_eq!(r.status, 200);
        let r = p.handle(&as_service(
            Req::new("POST", "/introspect").form_body(&[("token", &t)]),
        ));
        assert_eq!(r.json_body(), json!({"active": false}));
        let r = p.handle(&as_service(
            Req::new("POST", "/revoke").form_body(&[("token", "garbage")]),
        ));
        assert_eq!(r.status, 200);
        let r = p.handle(&Req::new("POST", "/introspect").form_body(&[("token", &t)]));
        assert_eq!(r.status, 401);
    }

    #[test]
    fn userinfo_wants_a_user_token_with_openid() {
        let p = provider();
        let r = p.handle(&Req::new("GET", "/userinfo"));
        assert_eq!(r.status, 401);
        assert_eq!(r.get_header("www-authenticate"), Some("Bearer"));
        let r = p.handle(&Req::new("GET", "/userinfo").header("authorization", "Bearer x.y.z"));
        assert_eq!(r.status, 401);
        assert!(
            r.get_header("www-authenticate")
                .unwrap()
                .contains("invalid_token")
        );
        let t = service_token(&p, "api:read");
        let r =
            p.handle(&Req::new("GET", "/userinfo").header("authorization", &format!("Bearer {t}")));
        assert_eq!(r.status, 403);
    }
}

//! The device authorization grant (RFC 8628): the device authorization
//! endpoint, the verification page where the user enters the code, and
//! the polling answers of the token endpoint.

use serde_json::{Value, json};

use super::config::{Client, GrantType};
use super::pages;
use super::state::{Device, DeviceStatus, Grant};
use super::token::Cnf;
use super::wire::{OAuthError, OAuthRequest, Params, Req, Resp, with_query};
use super::{Provider, random_token};

/// User codes: 8 letters without vowels (no words) or look-alikes,
/// shown as XXXX-XXXX (RFC 8628 §6.1: about 34 bits of entropy here, and
/// the code expires).
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

fn new_user_code() -> String {
    let mut b = [0u8; 8];
    aws_lc_rs::rand::fill(&mut b).unwrap_or_else(|_| b.fill(0));
    let chars: String = b
        .iter()
        .map(|x| USER_CODE_ALPHABET[usize::from(*x) % USER_CODE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// A user code as typed: case, spaces and dashes do not matter.
pub fn normalize_user_code(s: &str) -> String {
    let c: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if c.len() == 8 {
        format!("{}-{}", &c[..4], &c[4..])
    } else {
        c
    }
}

impl Provider {
    /// `POST /device_authorization` (RFC 8628 §3.1-3.2).
    pub(super) fn device_authorization(&self, req: &Req) -> Resp {
        match self.device_authorization_inner(req) {
            Ok(v) => Resp::json(200, &v),
            Err(e) => e.to_resp(),
        }
    }

    fn device_authorization_inner(&self, req: &Req) -> Result<Value, OAuthError> {
        let params = req.form()?;
        let client = self.authenticate(req, &params, &self.url("/device_authorization"))?;
        if !client.may(GrantType::DeviceCode) {
            return Err(OAuthError::unauthorized_client(format!(
                "client {} may not use the device authorization grant",
                client.client_id
            )));
        }
        let scopes = self.check_scopes(client, params.one("scope")?)?;
        let audiences = self.audiences(&params)?;
        let authorization_details = self.authorization_details(&params)?;
        // PKCE in the device grant (as Keycloak offers): S256 only.
        let code_challenge = match (
            params.one("code_challenge")?,
            params.one("code_challenge_method")?,
        ) {
            (None, None) => None,
            (Some(c), Some("S256")) if super::authorize::valid_challenge(c) => Some(c.to_owned()),
            (Some(_), Some("S256")) => {
                return Err(OAuthError::invalid_request(
                    "code_challenge must be 43 base64url characters (S256)",
                ));
            }
            (Some(_), None) => {
                return Err(OAuthError::invalid_request(
                    "code_challenge_method is missing (it defaults to plain; only S256 is supported)",
                ));
            }
            (None, Some(_)) => {
                return Err(OAuthError::invalid_request("code_challenge is missing"));
            }
            (Some(_), Some(m)) => {
                return Err(OAuthError::invalid_request(format!(
                    "code_challenge_method {m} is not supported; only S256"
                )));
            }
        };
        let now = self.now();
        let device_code = random_token();
        let mut st = self.state();
        let user_code = loop {
            let c = new_user_code();
            if !st.user_codes.contains_key(&c) {
                break c;
            }
        };
        st.user_codes.insert(user_code.clone(), device_code.clone());
        st.devices.insert(
            device_code.clone(),
            Device {
                client_id: client.client_id.clone(),
                user_code: user_code.clone(),
                scopes,
                audiences,
                authorization_details,
                code_challenge,
                expires_at: now + self.lifetimes.device_code,
                interval: self.lifetimes.device_interval,
                last_poll: None,
                status: DeviceStatus::Pending,
            },
        );
        st.tick(now);
        let verification_uri = self.url("/device");
        Ok(json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": with_query(&verification_uri, &[("user_code", &user_code)]),
            "expires_in": self.lifetimes.device_code,
            "interval": self.lifetimes.device_interval,
        }))
    }

    /// The token endpoint's answer to a device-code poll (RFC 8628 §3.4-3.5).
    pub(super) fn device_grant(
        &self,
        client: &Client,
        params: &Params,
        cnf: Cnf<'_>,
    ) -> Result<Value, OAuthError> {
        let code = params.required("device_code")?;
        let verifier = params.one("code_verifier")?;
        let now = self.now();
        let grant = {
            let mut guard = self.state();
            let st = &mut *guard;
            let Some(d) = st.devices.get_mut(code) else {
                return Err(OAuthError::invalid_grant(
                    "unknown or already used device_code",
                ));
            };
            if d.client_id != client.client_id {
                return Err(OAuthError::invalid_grant(
                    "the device_code was issued to another client",
                ));
            }
            if d.expires_at <= now {
                return Err(OAuthError::device(
                    "expired_token",
                    "the device code has expired; start again",
                ));
            }
            // Checked on every poll, so a wrong verifier never learns
            // whether the user has answered.
            super::token::check_pkce(d.code_challenge.as_deref(), verifier)?;
            let too_soon = d.last_poll.is_some_and(|t| now - t < d.interval);
            d.last_poll = Some(now);
            match d.status.clone() {
                DeviceStatus::Pending if too_soon => {
                    d.interval += 5;
                    return Err(OAuthError::device(
                        "slow_down",
                        format!(
                            "polled too often; wait {} seconds between polls",
                            d.interval
                        ),
                    ));
                }
                DeviceStatus::Pending => {
                    return Err(OAuthError::device(
                        "authorization_pending",
                        "the user has not answered yet",
                    ));
                }
                DeviceStatus::Denied => {
                    let uc = d.user_code.clone();
                    st.devices.remove(code);
                    st.user_codes.remove(&uc);
                    return Err(OAuthError::device(
                        "access_denied",
                        "the user denied the request",
                    ));
                }
                DeviceStatus::Approved {
                    sub,
                    auth_time,
                    amr,
                } => {
                    let g = Grant {
                        id: random_token(),
                        client_id: d.client_id.clone(),
                        sub,
                        scopes: d.scopes.clone(),
                        audiences: d.audiences.clone(),
                        auth_time,
                        acr: if amr.iter().any(|a| a == "pwd") {
                            "1"
                        } else {
                            "0"
                        }
                        .into(),
                        amr,
                        sid: None,
                        authorization_details: d.authorization_details.clone(),
                        dpop_jkt: None,
                    };
                    let uc = d.user_code.clone();
                    st.devices.remove(code);
                    st.user_codes.remove(&uc);
                    g
                }
            }
        };
        self.issue_for_grant(client, &grant, None, cnf)
    }

    /// `GET|POST /device`: the verification page (RFC 8628 §3.3).
    pub(super) fn device_page(&self, req: &Req) -> Resp {
        let params = match req.params() {
            Ok(p) => p,
            Err(e) => return self.error_page(400, &e.description),
        };
        let field = |n: &str| params.one(n).ok().flatten().unwrap_or("");
        let user_code = normalize_user_code(field("user_code"));
        let now = self.now();
        let found = |code: &str| {
            let st = self.state();
            st.user_codes
                .get(code)
                .and_then(|dc| st.devices.get(dc))
                .filter(|d| d.expires_at > now && d.status == DeviceStatus::Pending)
                .cloned()
        };
        if req.method != "POST" {
            let device = found(&user_code);
            return Resp::html(200, pages::device(self, &user_code, device.as_ref(), None));
        }
        let Some(device) = found(&user_code) else {
            return Resp::html(
                200,
                pages::device(
                    self,
                    &user_code,
                    None,
                    Some(
                        "That code is unknown, expired or already used. Check the code on your device.",
                    ),
                ),
            );
        };
        let status = if field("action") == "deny" {
            DeviceStatus::Denied
        } else if self.auto_approve {
            DeviceStatus::Approved {
                sub: self.users[self.default_user].sub.clone(),
                auth_time: now,
                amr: vec!["auto".into()],
            }
        } else {
            match self.check_password(field("username"), field("password")) {
                Some(u) => DeviceStatus::Approved {
                    sub: u.sub.clone(),
                    auth_time: now,
                    amr: vec!["pwd".into()],
                },
                None => {
                    return Resp::html(
                        200,
                        pages::device(
                            self,
                            &user_code,
                            Some(&device),
                            Some("The username or password is wrong."),
                        ),
                    );
                }
            }
        };
        let approved = status != DeviceStatus::Denied;
        {
            let mut guard = self.state();
            let st = &mut *guard;
            if let Some(dc) = st.user_codes.get(&user_code)
                && let Some(d) = st.devices.get_mut(dc)
            {
                d.status = status;
            }
        }
        let (title, text) = if approved {
            (
                "Device approved",
                "You can return to your device; it will finish signing in.",
            )
        } else {
            ("Request denied", "The device will not be signed in.")
        };
        Resp::html(200, pages::message(self, title, text))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::provider;
    use super::*;

    #[test]
    fn user_codes_are_normalized() {
        assert_eq!(normalize_user_code("bcdf ghjk"), "BCDF-GHJK");
        assert_eq!(normalize_user_code("BCDF-GHJK"), "BCDF-GHJK");
        let c = new_user_code();
        assert_eq!(c.len(), 9);
        assert_eq!(normalize_user_code(&c), c);
    }

    #[test]
    fn device_flow_pending_slow_down_approve() {
        let p = provider();
        let r = p.handle(
            &Req::new("POST", "/device_authorization")
                .form_body(&[("client_id", "oauthctl-cli"), ("scope", "openid")]),
        );
        assert_eq!(r.status, 200, "{:?}", r.json_body());
        let d = r.json_body();
        let poll = || {
            p.handle(&Req::new("POST", "/token").form_body(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", "oauthctl-cli"),
                ("device_code", d["device_code"].as_str().unwrap()),
            ]))
            .json_body()
        };
        assert_eq!(poll()["error"], "authorization_pending");
        // The clock is fixed: the second poll comes too soon.
        assert_eq!(poll()["error"], "slow_down");
        let page = p.handle(&Req::new(
            "GET",
            &format!("/device?user_code={}", d["user_code"].as_str().unwrap()),
        ));
        assert_eq!(page.status, 200);
        let r = p.handle(&Req::new("POST", "/device").form_body(&[
            ("user_code", d["user_code"].as_str().unwrap()),
            ("username", "demo"),
            ("password", "demo"),
            ("action", "approve"),
        ]));
        assert!(String::from_utf8_lossy(&r.body).contains("approved"));
        let t = poll();
        assert!(t["access_token"].is_string(), "{t}");
        assert!(t["id_token"].is_string(), "{t}");
        assert_eq!(poll()["error"], "invalid_grant");
    }
}

//! Clients that are not in the configuration: dynamic registration
//! (RFC 7591) and its management (RFC 7592), and client ID metadata
//! documents (a `client_id` that is the URL of a JSON document describing
//! the client, draft-ietf-oauth-client-id-metadata-document).
//!
//! - `POST /register` takes client metadata (`redirect_uris`,
//!   `token_endpoint_auth_method` `none`, `client_secret_basic` or
//!   `client_secret_post`, `grant_types` `authorization_code`,
//!   `refresh_token`, `client_credentials`; `client_name`, `scope`) and
//!   answers 201 with the client ID, a secret for a confidential client, a
//!   registration access token and the client's configuration URL. Redirect
//!   URIs must be absolute, without fragment, and plain `http` only on
//!   loopback (RFC 8252 §7.3): else 400 `invalid_redirect_uri`.
//! - `GET`, `PUT`, `DELETE /register/<client_id>` with that token as a
//!   bearer token read, replace and delete the registration. The token is
//!   kept only as its SHA-256 digest and compared in constant time; it is
//!   never logged (serve logs no header or body).
//! - A `client_id` that is an `https` URL, or an `http` URL on loopback, is
//!   a client ID metadata document: fetched (5 s timeout, at most 64 KiB,
//!   no redirects) from loopback hosts only, unless its host is allowed
//!   (`--allow-cimd-host HOST`, `allow_cimd_hosts` in the file); its
//!   `client_id` must be that URL; it makes a public client (`none`,
//!   authorization code and refresh token, PKCE as for every public client)
//!   with the document's `redirect_uris`; kept five minutes.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde_json::{Map, Value, json};

use super::Provider;
use super::config::{AuthMethod, Client, GrantType};
use super::wire::{OAuthError, OAuthRequest, Req, Resp};
use crate::secret::Secret;

/// How long a fetched client ID metadata document is kept, in seconds.
const CIMD_TTL: i64 = 300;

/// One client and how it came.
struct Entry {
    client: Arc<Client>,
    /// SHA-256 of the registration access token (registered clients).
    rat_sha256: Option<Vec<u8>>,
    /// The metadata as registered (registered clients).
    metadata: Map<String, Value>,
    /// When its metadata document was fetched (CIMD clients).
    fetched_at: Option<i64>,
    issued_at: i64,
}

/// Every client: configured, registered and fetched.
pub struct Clients {
    map: RwLock<HashMap<String, Entry>>,
    allowed_hosts: Vec<String>,
    http: crate::http::HttpClient,
}

impl Clients {
    /// The configured clients; metadata documents may come from loopback
    /// and from `allowed_hosts`.
    pub fn new(configured: Vec<Client>, allowed_hosts: Vec<String>) -> Clients {
        let map = configured
            .into_iter()
            .map(|c| {
                let entry = Entry {
                    client: Arc::new(c),
                    rat_sha256: None,
                    metadata: Map::new(),
                    fetched_at: None,
                    issued_at: 0,
                };
                (entry.client.client_id.clone(), entry)
            })
            .collect();
        Clients {
            map: RwLock::new(map),
            allowed_hosts,
            http: crate::http::HttpClient::new(
                crate::http::HttpSettings {
                    timeout: std::time::Duration::from_secs(5),
                    ..crate::http::HttpSettings::default()
                },
                None,
            ),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Entry>> {
        match self.map.read() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Entry>> {
        match self.map.write() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Every client known now (for the summary).
    pub fn all(&self) -> Vec<Arc<Client>> {
        self.read()
            .values()
            .map(|e| Arc::clone(&e.client))
            .collect()
    }

    fn known(&self, id: &str, now: i64) -> Option<Arc<Client>> {
        let map = self.read();
        let e = map.get(id)?;
        match e.fetched_at {
            Some(t) if now - t > CIMD_TTL => None,
            _ => Some(Arc::clone(&e.client)),
        }
    }
}

/// Whether a host is loopback.
fn loopback(host: Option<&str>) -> bool {
    matches!(host, Some("127.0.0.1" | "[::1]" | "::1" | "localhost"))
}

/// A registration access token or secret: 32 random bytes, base64url.
fn random_token() -> Result<String, OAuthError> {
    let mut b = [0u8; 32];
    aws_lc_rs::rand::fill(&mut b)
        .map_err(|_| server_error("no randomness for the registration"))?;
    Ok(crate::jwt::b64_encode(&b))
}

fn sha256(s: &str) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, s.as_bytes())
        .as_ref()
        .to_vec()
}

/// 500 `server_error`.
fn server_error(d: &str) -> OAuthError {
    OAuthError {
        status: 500,
        error: "server_error",
        description: d.to_owned(),
        www_authenticate: None,
        dpop_nonce: None,
    }
}

/// An RFC 7591 §3.2.2 error.
fn reg_error(code: &'static str, d: impl Into<String>) -> Resp {
    Resp::json(400, &json!({"error": code, "error_description": d.into()}))
}

/// Redirect URIs as RFC 7591 §2 and RFC 8252 §7.3 want them.
fn check_redirects(uris: &[String]) -> Result<(), String> {
    for u in uris {
        let parsed = url::Url::parse(u).map_err(|_| format!("{u} is not an absolute URI"))?;
        if parsed.fragment().is_some() {
            return Err(format!("{u} has a fragment"));
        }
        if parsed.scheme() == "http" && !loopback(parsed.host_str()) {
            return Err(format!(
                "{u} is plain http on a host that is not loopback (RFC 8252 §7.3)"
            ));
        }
    }
    Ok(())
}

/// The client a metadata object describes (`id` and `secret` given).
fn client_from_metadata(
    id: &str,
    md: &Map<String, Value>,
    secret: Option<&str>,
) -> Result<Client, Resp> {
    let strings = |name: &str| -> Result<Option<Vec<String>>, Resp> {
        match md.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| {
                    reg_error(
                        "invalid_client_metadata",
                        format!("{name} must be an array of strings"),
                    )
                }),
            Some(_) => Err(reg_error(
                "invalid_client_metadata",
                format!("{name} must be an array of strings"),
            )),
        }
    };
    let redirect_uris = strings("redirect_uris")?.unwrap_or_default();
    check_redirects(&redirect_uris).map_err(|d| reg_error("invalid_redirect_uri", d))?;
    let method = match md.get("token_endpoint_auth_method") {
        None => "client_secret_basic",
        Some(v) => v.as_str().unwrap_or(""),
    };
    let auth = match AuthMethod::from_name(method) {
        Some(m @ (AuthMethod::None | AuthMethod::SecretBasic | AuthMethod::SecretPost)) => m,
        _ => {
            return Err(reg_error(
                "invalid_client_metadata",
                format!(
                    "token_endpoint_auth_method {method:?} is not supported here (none, \
                     client_secret_basic, client_secret_post)"
                ),
            ));
        }
    };
    let grant_names =
        strings("grant_types")?.unwrap_or_else(|| vec!["authorization_code".to_owned()]);
    let mut grant_types = Vec::new();
    for g in &grant_names {
        match GrantType::from_name(g) {
            Some(
                g @ (GrantType::AuthorizationCode
                | GrantType::RefreshToken
                | GrantType::ClientCredentials),
            ) => grant_types.push(g),
            _ => {
                return Err(reg_error(
                    "invalid_client_metadata",
                    format!("grant type {g} cannot be registered here"),
                ));
            }
        }
    }
    if grant_types.contains(&GrantType::AuthorizationCode) && redirect_uris.is_empty() {
        return Err(reg_error(
            "invalid_redirect_uri",
            "the authorization code grant needs redirect_uris",
        ));
    }
    if auth == AuthMethod::None && grant_types.contains(&GrantType::ClientCredentials) {
        return Err(reg_error(
            "invalid_client_metadata",
            "a public client (none) cannot use client_credentials",
        ));
    }
    let scopes = md
        .get("scope")
        .and_then(Value::as_str)
        .map(|s| s.split_whitespace().map(str::to_owned).collect());
    Ok(Client {
        client_id: id.to_owned(),
        secret: (auth != AuthMethod::None)
            .then(|| secret.map(|s| Secret::new(s.to_owned())))
            .flatten(),
        ring: None,
        auth_methods: vec![auth],
        redirect_uris,
        post_logout_redirect_uris: Vec::new(),
        grant_types,
        scopes,
        require_par: false,
        dpop_bound: false,
        tls_registered: None,
    })
}

impl Provider {
    /// The client with this ID: configured, registered, or (an URL) a
    /// client ID metadata document fetched now.
    pub(super) fn client(&self, id: &str) -> Option<Arc<Client>> {
        let now = self.now();
        if let Some(c) = self.clients.known(id, now) {
            return Some(c);
        }
        let client = self.fetch_cimd(id).ok()?;
        let c = Arc::new(client);
        self.clients.write().insert(
            id.to_owned(),
            Entry {
                client: Arc::clone(&c),
                rat_sha256: None,
                metadata: Map::new(),
                fetched_at: Some(now),
                issued_at: now,
            },
        );
        Some(c)
    }

    /// Fetch and check the client ID metadata document at `id`.
    fn fetch_cimd(&self, id: &str) -> Result<Client, String> {
        let u = url::Url::parse(id).map_err(|_| "not a URL".to_owned())?;
        let host = u.host_str();
        let ok_scheme = u.scheme() == "https" || (u.scheme() == "http" && loopback(host));
        if !ok_scheme || u.path() == "/" || u.fragment().is_some() {
            return Err("not a client ID metadata document URL".into());
        }
        let allowed = loopback(host)
            || host.is_some_and(|h| {
                self.clients
                    .allowed_hosts
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(h))
            });
        if !allowed {
            return Err(format!("metadata documents are not fetched from {host:?}"));
        }
        let req = crate::http::Request::get(
            "fetching a client ID metadata document",
            id,
            "application/json",
        );
        let resp = self
            .clients
            .http
            .send_no_redirect(&req)
            .map_err(|e| e.to_string())?;
        if resp.status != 200 || resp.body.len() > 64 * 1024 {
            return Err(format!("HTTP {}", resp.status));
        }
        let doc: Map<String, Value> =
            serde_json::from_slice(&resp.body).map_err(|e| e.to_string())?;
        if doc.get("client_id").and_then(Value::as_str) != Some(id) {
            return Err("its client_id is not its URL".into());
        }
        let mut md = doc.clone();
        md.insert("token_endpoint_auth_method".into(), json!("none"));
        md.insert(
            "grant_types".into(),
            json!(["authorization_code", "refresh_token"]),
        );
        client_from_metadata(id, &md, None).map_err(|_| "invalid client metadata".to_owned())
    }

    /// `POST /register` (RFC 7591 §3).
    pub(super) fn register(&self, req: &Req) -> Resp {
        let md: Map<String, Value> = match serde_json::from_slice(&req.body) {
            Ok(m) => m,
            Err(e) => {
                return reg_error(
                    "invalid_client_metadata",
                    format!("the body is not a JSON object: {e}"),
                );
            }
        };
        let (client_id, rat, secret) = match (random_token(), random_token(), random_token()) {
            (Ok(a), Ok(b), Ok(c)) => (format!("dyn-{}", &a[..22]), b, c),
            _ => return server_error("no randomness").to_resp(),
        };
        let client = match client_from_metadata(&client_id, &md, Some(&secret)) {
            Ok(c) => c,
            Err(r) => return r,
        };
        let now = self.now();
        let answer = self.registration_json(&client, &md, now, Some(&rat));
        self.clients.write().insert(
            client_id,
            Entry {
                client: Arc::new(client),
                rat_sha256: Some(sha256(&rat)),
                metadata: md,
                fetched_at: None,
                issued_at: now,
            },
        );
        Resp::json(201, &answer)
    }

    fn registration_json(
        &self,
        c: &Client,
        md: &Map<String, Value>,
        issued_at: i64,
        rat: Option<&str>,
    ) -> Value {
        let mut out = md.clone();
        out.insert("client_id".into(), json!(c.client_id));
        out.insert("client_id_issued_at".into(), json!(issued_at));
        out.insert(
            "token_endpoint_auth_method".into(),
            json!(c.auth_methods[0].name()),
        );
        out.insert(
            "grant_types".into(),
            json!(c.grant_types.iter().map(|g| g.name()).collect::<Vec<_>>()),
        );
        out.insert("redirect_uris".into(), json!(c.redirect_uris));
        if let Some(s) = &c.secret {
            out.insert("client_secret".into(), json!(s.expose()));
            out.insert("client_secret_expires_at".into(), json!(0));
        }
        if let Some(r) = rat {
            out.insert("registration_access_token".into(), json!(r));
        }
        out.insert(
            "registration_client_uri".into(),
            json!(self.url(&format!("/register/{}", c.client_id))),
        );
        Value::Object(out)
    }

    /// `GET`, `PUT`, `DELETE /register/<client_id>` (RFC 7592 §2).
    pub(super) fn manage_registration(&self, req: &Req, client_id: &str) -> Resp {
        let refused = || {
            OAuthError::invalid_token("no such registration, or not its registration access token")
                .to_resp()
        };
        let Some(presented) = req.bearer() else {
            return OAuthError::no_token().to_resp();
        };
        let digest = sha256(presented);
        let (issued_at, md, client) = {
            let map = self.clients.read();
            let Some(e) = map.get(client_id) else {
                return refused();
            };
            let Some(stored) = &e.rat_sha256 else {
                return refused();
            };
            if aws_lc_rs::constant_time::verify_slices_are_equal(stored, &digest).is_err() {
                return refused();
            }
            (e.issued_at, e.metadata.clone(), Arc::clone(&e.client))
        };
        match req.method.as_str() {
            "GET" => Resp::json(200, &self.registration_json(&client, &md, issued_at, None)),
            "DELETE" => {
                self.clients.write().remove(client_id);
                Resp::new(204, "text/plain", Vec::new()).with("Cache-Control", "no-store")
            }
            "PUT" => {
                let new: Map<String, Value> = match serde_json::from_slice(&req.body) {
                    Ok(m) => m,
                    Err(e) => {
                        return reg_error(
                            "invalid_client_metadata",
                            format!("the body is not a JSON object: {e}"),
                        );
                    }
                };
                if new.get("client_id").and_then(Value::as_str) != Some(client_id) {
                    return reg_error(
                        "invalid_client_metadata",
                        "the body's client_id must be the registration's (RFC 7592 §2.2)",
                    );
                }
                let secret = client.secret.as_ref().map(|s| s.expose().clone());
                let mut stored = new.clone();
                for k in [
                    "client_id",
                    "client_secret",
                    "registration_access_token",
                    "registration_client_uri",
                    "client_id_issued_at",
                    "client_secret_expires_at",
                ] {
                    stored.remove(k);
                }
                let updated = match client_from_metadata(client_id, &stored, secret.as_deref()) {
                    Ok(c) => c,
                    Err(r) => return r,
                };
                let answer = self.registration_json(&updated, &stored, issued_at, None);
                if let Some(e) = self.clients.write().get_mut(client_id) {
                    e.client = Arc::new(updated);
                    e.metadata = stored;
                }
                Resp::json(200, &answer)
            }
            m => Resp::json(
                405,
                &json!({"error": "invalid_request", "error_description": format!("{m} is not allowed here")}),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(allowed: &[&str]) -> Provider {
        let mut c = super::super::Config::with_defaults();
        c.allow_cimd_hosts = allowed.iter().map(|s| (*s).to_owned()).collect();
        Provider::new(
            "http://127.0.0.1:9876".into(),
            c,
            std::sync::Arc::new(crate::clock::SystemClock),
        )
        .unwrap()
    }

    #[test]
    fn metadata_documents_come_from_loopback_or_allowed_hosts_only() {
        let p = provider(&[]);
        let e = p
            .fetch_cimd("https://cimd.oauthctl.invalid/client.json")
            .unwrap_err();
        assert!(e.contains("not fetched from"), "{e}");
        assert!(p.fetch_cimd("http://app.example/client.json").is_err());
        assert!(p.fetch_cimd("https://app.example/").is_err());
        assert!(
            p.client("https://cimd.oauthctl.invalid/client.json")
                .is_none()
        );
        // Allowed: the fetch is tried (and fails: the name never resolves).
        let p = provider(&["cimd.oauthctl.invalid"]);
        let e = p
            .fetch_cimd("https://cimd.oauthctl.invalid/client.json")
            .unwrap_err();
        assert!(!e.contains("not fetched from"), "{e}");
    }

    #[test]
    fn redirects_must_be_absolute_and_http_only_on_loopback() {
        assert!(check_redirects(&["http://127.0.0.1:8080/cb".into()]).is_ok());
        assert!(check_redirects(&["https://app.example/cb".into()]).is_ok());
        assert!(check_redirects(&["http://app.example/cb".into()]).is_err());
        assert!(check_redirects(&["/cb".into()]).is_err());
        assert!(check_redirects(&["https://app.example/cb#x".into()]).is_err());
    }
}

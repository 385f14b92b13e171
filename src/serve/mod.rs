//! `serve`: a standards-following OpenID provider for development and
//! tests, in memory, on loopback.
//!
//! What it owns: the endpoints (discovery per OpenID Connect Discovery 1.0
//! and RFC 8414, JWKS, authorize, token, device authorization and its
//! verification page, userinfo, introspection (RFC 7662), revocation
//! (RFC 7009), end-session (OpenID RP-Initiated Logout 1.0)), the login and
//! consent page, and the optional demo API (`GET /api/whoami`, see
//! [`demo_api`]). What it must not do: print (the command module prints the
//! banner), or verify a token any other way than through `jwt::validate`.
//!
//! With `--tls` the listener serves HTTPS ([`tls`]): a certificate made at
//! start (or given), client certificates asked for, and `tls_client_auth`
//! and `self_signed_tls_client_auth` clients (RFC 8705) authenticated at
//! every endpoint that authenticates clients, their access tokens bound to
//! the certificate (`cnf.x5t#S256`).
//!
//! [`Server::start`] binds a [`crate::loopback`] listener, answers on its
//! request threads and returns a handle with the base URL; `demo` and the
//! tests run it in-process on a free port and [`Server::stop`] it. Every endpoint is a function from a
//! [`wire::Req`] to a [`wire::Resp`], so each is tested without sockets.
//!
//! Endpoints (relative to the issuer):
//!
//! | path | what |
//! |---|---|
//! | `/.well-known/openid-configuration`, `/.well-known/oauth-authorization-server` | metadata |
//! | `/jwks` | the public keys |
//! | `/authorize` | authorization code + PKCE (S256), `iss` in the response (RFC 9207), request objects (RFC 9101), JARM, `authorization_details` (RFC 9396), `dpop_jkt` |
//! | `/par` | pushed authorization requests (RFC 9126) |
//! | `/login` | the login and consent form posts here |
//! | `/token` | authorization_code, refresh_token, client_credentials, device_code; DPoP (RFC 9449) |
//! | `/device_authorization`, `/device` | RFC 8628 and its verification page |
//! | `/userinfo`, `/introspect`, `/revoke`, `/end_session` | userinfo takes DPoP-bound tokens with a proof |
//! | `/api/whoami` | the demo API (`--demo-api`), DPoP as userinfo |

pub mod agent;
pub mod authorize;
pub mod config;
pub mod demo_api;
pub mod device;
pub mod dpop;
pub mod keys;
pub mod pages;
pub mod resource;
pub mod state;
pub mod tls;
pub mod token;
pub mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::loopback::{Limits, Listener, Refusal, Running, Service};
pub use config::{Client, Config, User};
use keys::{LazySigner, Signer};
use state::State;
use wire::{OAuthError, Req, Resp};

/// The provider: configuration, keys and memory. Thread-safe; one per
/// server.
pub struct Provider {
    /// The issuer URL (no trailing slash).
    pub issuer: String,
    clients: HashMap<String, Client>,
    users: Vec<User>,
    default_user: usize,
    auto_approve: bool,
    lifetimes: config::Lifetimes,
    audience: String,
    scopes: Vec<String>,
    signer: LazySigner,
    algorithms: Vec<crate::jwt::Alg>,
    /// What the ID-token key signs with (also JARM responses).
    response_alg: crate::jwt::Alg,
    state: Mutex<State>,
    clock: Arc<dyn Clock>,
    demo_api: Option<demo_api::DemoApi>,
    require_par: bool,
    dpop_nonce: bool,
    authorization_details_types: Vec<String>,
    /// Set when serving HTTPS (`--tls`).
    tls: Option<tls::TlsSummary>,
    /// `--tls-client-ca`.
    tls_client_ca: Option<tls::ClientCa>,
}

impl Provider {
    /// A provider for this issuer.
    pub fn new(issuer: String, config: Config, clock: Arc<dyn Clock>) -> Result<Provider> {
        config.check()?;
        let default_user = match &config.default_user {
            Some(name) => config
                .users
                .iter()
                .position(|u| &u.username == name)
                .unwrap_or(0),
            None => 0,
        };
        let mut scopes: Vec<String> = config::BUILTIN_SCOPES
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for s in config.scopes {
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
        let audience = config
            .audience
            .clone()
            .unwrap_or_else(|| format!("{issuer}/api"));
        let demo_api = (config.demo_api || !config.vulnerable.is_empty())
            .then(|| demo_api::DemoApi::new(config.vulnerable.clone()));
        // Known before the keys are made, so discovery need not wait.
        let mut algorithms: Vec<crate::jwt::Alg> = if config.keys.is_empty() {
            vec![crate::jwt::Alg::RS256, crate::jwt::Alg::ES256]
        } else {
            config
                .keys
                .iter()
                .map(|k| {
                    k.public
                        .as_ref()
                        .and_then(|p| p.alg.as_deref())
                        .and_then(crate::jwt::Alg::from_name)
                        .unwrap_or_else(|| k.default_alg())
                })
                .collect()
        };
        // As keys::Signer picks the ID-token key: RS256, else the first.
        let response_alg = if algorithms.contains(&crate::jwt::Alg::RS256) {
            crate::jwt::Alg::RS256
        } else {
            algorithms[0]
        };
        algorithms.sort();
        algorithms.dedup();
        Ok(Provider {
            algorithms,
            response_alg,
            clients: config
                .clients
                .into_iter()
                .map(|c| (c.client_id.clone(), c))
                .collect(),
            users: config.users,
            default_user,
            auto_approve: config.auto_approve,
            lifetimes: config.lifetimes,
            audience,
            scopes,
            signer: LazySigner::start(
                config.keys,
                config.access_token_alg,
                demo_api::weak_secret(&config.vulnerable).map(<[u8]>::to_vec),
            ),
            state: Mutex::new(State::default()),
            clock,
            demo_api,
            require_par: config.require_par,
            dpop_nonce: config.dpop_nonce,
            authorization_details_types: config.authorization_details_types,
            tls: None,
            tls_client_ca: config.tls_client_ca,
            issuer,
        })
    }

    /// An absolute URL on this provider.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    /// The default `aud` of access tokens.
    pub fn default_audience(&self) -> &str {
        &self.audience
    }

    /// The keys (made on first need).
    pub fn signer(&self) -> std::result::Result<&Arc<Signer>, OAuthError> {
        self.signer.get().map_err(|e| OAuthError {
            status: 500,
            error: "server_error",
            description: format!("no signing keys: {e}"),
            www_authenticate: None,
            dpop_nonce: None,
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half
        // written in a way that matters more than losing the provider.
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    fn now(&self) -> i64 {
        self.clock.now()
    }

    fn user_by_sub(&self, sub: &str) -> Option<&User> {
        self.users.iter().find(|u| u.sub == sub)
    }

    /// Answer one request. Never panics on input: every malformed request
    /// is an error response.
    pub fn handle(&self, req: &Req) -> Resp {
        let m = req.method.as_str();
        match req.path.as_str() {
            "/.well-known/openid-configuration" | "/.well-known/oauth-authorization-server" => {
                only(m, &["GET"]).unwrap_or_else(|| Resp::json_public(&self.metadata()))
            }
            "/jwks" => only(m, &["GET"]).unwrap_or_else(|| match self.signer() {
                Ok(s) => {
                    let mut r = Resp::json_public(&s.jwks);
                    r.headers[0].1 = "application/jwk-set+json".into();
                    r
                }
                Err(e) => e.to_resp(),
            }),
            "/authorize" => only(m, &["GET", "POST"]).unwrap_or_else(|| self.authorize(req)),
            "/par" => only(m, &["POST"]).unwrap_or_else(|| self.par(req)),
            "/login" => only(m, &["POST"]).unwrap_or_else(|| self.login(req)),
            "/token" => only(m, &["POST"]).unwrap_or_else(|| self.token(req)),
            "/device_authorization" => {
                only(m, &["POST"]).unwrap_or_else(|| self.device_authorization(req))
            }
            "/device" => only(m, &["GET", "POST"]).unwrap_or_else(|| self.device_page(req)),
            "/userinfo" => only(m, &["GET", "POST"]).unwrap_or_else(|| self.userinfo(req)),
            "/introspect" => only(m, &["POST"]).unwrap_or_else(|| self.introspect(req)),
            "/revoke" => only(m, &["POST"]).unwrap_or_else(|| self.revoke(req)),
            "/end_session" => only(m, &["GET", "POST"]).unwrap_or_else(|| self.end_session(req)),
            "/api/whoami" if self.demo_api.is_some() => {
                only(m, &["GET", "POST"]).unwrap_or_else(|| self.whoami(req))
            }
            "/" => only(m, &["GET"]).unwrap_or_else(|| Resp::html(200, pages::index(self))),
            _ => Resp::json(
                404,
                &json!({"error": "not_found", "error_description": format!("no endpoint at {}", req.path)}),
            ),
        }
    }

    /// The metadata document: OpenID Connect Discovery 1.0 §3 and RFC 8414
    /// §2, listing exactly what is implemented.
    pub fn metadata(&self) -> Value {
        let auth_methods = [
            "client_secret_basic",
            "client_secret_post",
            "client_secret_jwt",
            "private_key_jwt",
        ];
        let mut token_auth = auth_methods.to_vec();
        token_auth.push("none");
        // Mutual TLS (RFC 8705 §2.3) only where a certificate can come.
        if self.tls.is_some() {
            token_auth.extend(["tls_client_auth", "self_signed_tls_client_auth"]);
        }
        // Client assertions: HMAC for client_secret_jwt, the rest for
        // private_key_jwt. Request objects and DPoP proofs: asymmetric only.
        let assertion_algs: Vec<&str> = crate::jwt::Alg::ALL.iter().map(|a| a.name()).collect();
        let asymmetric: Vec<&str> = crate::jwt::Alg::ALL
            .iter()
            .filter(|a| a.family() != crate::jwt::Family::Hmac)
            .map(|a| a.name())
            .collect();
        // The signing algorithms are known without waiting for the keys:
        // given keys are loaded before start, made ones are RS256 + ES256.
        let algs: Vec<&'static str> = self.signing_algorithms();
        // JARM responses are signed with the ID-token key.
        let response_algs = [self.response_alg.name()];
        let mut doc = json!({
            "issuer": self.issuer,
            "authorization_endpoint": self.url("/authorize"),
            "pushed_authorization_request_endpoint": self.url("/par"),
            "token_endpoint": self.url("/token"),
            "jwks_uri": self.url("/jwks"),
            "userinfo_endpoint": self.url("/userinfo"),
            "device_authorization_endpoint": self.url("/device_authorization"),
            "introspection_endpoint": self.url("/introspect"),
            "revocation_endpoint": self.url("/revoke"),
            "end_session_endpoint": self.url("/end_session"),
            "scopes_supported": self.scopes,
            "response_types_supported": ["code"],
            "response_modes_supported": authorize::ResponseMode::NAMES,
            "authorization_signing_alg_values_supported": response_algs,
            "grant_types_supported": config::GrantType::ALL.iter().map(|g| g.name()).collect::<Vec<_>>(),
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": algs,
            "token_endpoint_auth_methods_supported": token_auth,
            "token_endpoint_auth_signing_alg_values_supported": assertion_algs,
            "introspection_endpoint_auth_methods_supported": token_auth,
            "introspection_endpoint_auth_signing_alg_values_supported": assertion_algs,
            "revocation_endpoint_auth_methods_supported": token_auth,
            "revocation_endpoint_auth_signing_alg_values_supported": assertion_algs,
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": true,
            "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
                "at_hash", "sid", "name", "given_name", "family_name", "middle_name",
                "nickname", "preferred_username", "profile", "picture", "website", "gender",
                "birthdate", "zoneinfo", "locale", "updated_at", "email", "email_verified",
                "address", "phone_number", "phone_number_verified"
            ],
            "claims_parameter_supported": false,
            "request_parameter_supported": true,
            "request_object_signing_alg_values_supported": asymmetric,
            "request_uri_parameter_supported": false,
            "require_pushed_authorization_requests": self.require_par,
            "authorization_details_types_supported": self.authorization_details_types,
            "dpop_signing_alg_values_supported": crate::jwt::dpop::ALGS.iter().map(|a| a.name()).collect::<Vec<_>>(),
            "prompt_values_supported": ["none", "login", "consent"],
            "acr_values_supported": ["0", "1"],
            "frontchannel_logout_supported": false,
            "backchannel_logout_supported": false,
        });
        if self.tls.is_some() {
            // RFC 8705 §3.3: tokens of mutual-TLS clients carry cnf.x5t#S256.
            doc["tls_client_certificate_bound_access_tokens"] = true.into();
        }
        doc
    }

    fn signing_algorithms(&self) -> Vec<&'static str> {
        self.algorithms.iter().map(|a| a.name()).collect()
    }
}

/// What a running provider offers, for the banner and for `demo`:
/// secrets included, since printing them is the point.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// The issuer.
    pub issuer: String,
    /// The discovery document's URL.
    pub discovery: String,
    /// Clients, by ID.
    pub clients: Vec<ClientSummary>,
    /// Users.
    pub users: Vec<UserSummary>,
    /// Who `--auto-approve` signs in as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_approve: Option<String>,
    /// The demo API's URL, when it is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_api: Option<String>,
    /// The demo API's deliberate vulnerabilities.
    pub vulnerable: Vec<&'static str>,
    /// HTTPS (`--tls`): the server certificate's file and fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<tls::TlsSummary>,
    /// The default access-token audience.
    pub audience: String,
}

/// A client in the [`Summary`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct ClientSummary {
    /// `client_id`.
    pub client_id: String,
    /// The secret, for confidential clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Authentication methods.
    pub auth_methods: Vec<&'static str>,
    /// Grants.
    pub grant_types: Vec<&'static str>,
    /// Redirect URIs.
    pub redirect_uris: Vec<String>,
}

/// A user in the [`Summary`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct UserSummary {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// Subject.
    pub sub: String,
}

impl Provider {
    /// What this provider offers.
    pub fn summary(&self) -> Summary {
        let mut clients: Vec<&Client> = self.clients.values().collect();
        clients.sort_by(|a, b| a.client_id.cmp(&b.client_id));
        Summary {
            issuer: self.issuer.clone(),
            discovery: self.url("/.well-known/openid-configuration"),
            clients: clients
                .into_iter()
                .map(|c| ClientSummary {
                    client_id: c.client_id.clone(),
                    client_secret: c.secret.as_ref().map(|s| s.expose().clone()),
                    auth_methods: c.auth_methods.iter().map(|m| m.name()).collect(),
                    grant_types: c.grant_types.iter().map(|g| g.name()).collect(),
                    redirect_uris: c.redirect_uris.clone(),
                })
                .collect(),
            users: self
                .users
                .iter()
                .map(|u| UserSummary {
                    username: u.username.clone(),
                    password: u.password.expose().clone(),
                    sub: u.sub.clone(),
                })
                .collect(),
            auto_approve: self
                .auto_approve
                .then(|| self.users[self.default_user].username.clone()),
            demo_api: self.demo_api.as_ref().map(|_| self.url("/api/whoami")),
            vulnerable: self
                .demo_api
                .as_ref()
                .map(|d| d.vulnerable().iter().map(|v| v.name()).collect())
                .unwrap_or_default(),
            audience: self.audience.clone(),
            tls: self.tls.clone(),
        }
    }
}

/// `None` when the method is allowed, else a 405 with `Allow`.
fn only(method: &str, allowed: &[&str]) -> Option<Resp> {
    if allowed.contains(&method) {
        return None;
    }
    Some(
        Resp::json(
            405,
            &json!({"error": "invalid_request", "error_description": format!("{method} is not allowed here")}),
        )
        .with("Allow", allowed.join(", ")),
    )
}

/// A random 256-bit token, base64url: codes, refresh tokens, device codes,
/// session and transaction IDs.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    // No entropy is a broken OS; nothing here can work around it.
    aws_lc_rs::rand::fill(&mut b).unwrap_or_else(|_| b.fill(0));
    crate::jwt::b64_encode(&b)
}

/// A running server: the provider behind a loopback listener's request
/// threads.
pub struct Server {
    url: String,
    running: Running,
    provider: Arc<Provider>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("url", &self.url).finish()
    }
}

impl Server {
    /// Bind, and serve on `config.workers` threads until stopped.
    pub fn start(config: Config) -> Result<Server> {
        Server::start_with_clock(config, Arc::new(SystemClock))
    }

    /// [`Server::start`] with an injected clock.
    pub fn start_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Server> {
        let identity = match &config.tls {
            Some(source) => Some(tls::Identity::load(source, &tls_hosts(&config))?),
            None => None,
        };
        let bound = match &identity {
            Some(id) => Listener::bind_tls(config.bind, &[config.port], &id.tls),
            None => Listener::bind(config.bind, &[config.port]),
        };
        let listener = bound.map_err(|e| {
            Error::usage(format!(
                "cannot listen on {}: {}{}",
                std::net::SocketAddr::new(config.bind, config.port),
                e.cause(),
                if config.port == config::DEFAULT_PORT {
                    " (is another `oauthctl serve` running? pick another --port)"
                } else {
                    ""
                }
            ))
        })?;
        let listener = listener.with_limits(Limits {
            max_body: wire::MAX_BODY,
            ..Limits::default()
        });
        let url = match &config.public_url {
            Some(u) => u.trim_end_matches('/').to_owned(),
            None => listener.base_url(),
        };
        let tls = match (identity, &config.tls) {
            (Some(mut id), Some(source)) => {
                let file = id.write(source, listener.local_addr())?;
                Some(tls::TlsSummary {
                    cert_file: file.display().to_string(),
                    fingerprint: id.fingerprint(),
                    generated: matches!(source, tls::Source::Generate { .. }),
                    client_ca: config
                        .tls_client_ca
                        .as_ref()
                        .map(|c| c.file().display().to_string()),
                })
            }
            _ => None,
        };
        let workers = config.workers;
        let log = config.log.clone();
        let mut provider = Provider::new(url.clone(), config, clock)?;
        provider.tls = tls;
        let provider = Arc::new(provider);
        let running = listener.serve(
            workers,
            Endpoints {
                provider: Arc::clone(&provider),
                log,
            },
        );
        Ok(Server {
            url,
            running,
            provider,
        })
    }

    /// The issuer and base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The provider behind it.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// Serve until the process ends. It returns only when the listener
    /// has failed, with the error that says why (never `Ok`: a server that
    /// stopped answering is not a success).
    pub fn wait(self) -> Result<()> {
        let error = match self.running.wait() {
            Ok(()) => std::io::Error::other("the listener stopped"),
            Err(e) => e,
        };
        Err(Error::Network {
            what: "serving on".into(),
            url: self.url,
            detail: format!("the listener failed: {error}"),
        })
    }

    /// Stop: finish the requests being handled, close the socket.
    pub fn stop(self) {
        self.running.stop();
    }
}

/// What a generated certificate is for: the listen address (loopback ones
/// when it is unspecified), `localhost`, and the `--public-url` host.
fn tls_hosts(config: &Config) -> Vec<String> {
    let mut hosts = vec![config.bind.to_string(), "localhost".to_owned()];
    if config.bind.is_unspecified() {
        hosts.extend(["127.0.0.1".to_owned(), "::1".to_owned()]);
    }
    if let Some(host) = config
        .public_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host().map(|h| h.to_string()))
    {
        hosts.push(host.trim_matches(['[', ']']).to_owned());
    }
    hosts
}

/// The provider as the listener's service: every request answered, and
/// logged when asked.
struct Endpoints {
    provider: Arc<Provider>,
    log: Option<crate::http::TraceSink>,
}

impl Endpoints {
    fn logged(&self, req: &Req, resp: Resp) -> Resp {
        if let Some(log) = &self.log {
            log(&format!("{} {} {}", req.method, req.path, resp.status));
        }
        resp
    }
}

impl Service for Endpoints {
    fn handle(&self, req: &Req) -> Resp {
        self.logged(req, self.provider.handle(req))
    }

    /// A refused request gets an OAuth error like any other bad request;
    /// one that failed inside the provider, `server_error`.
    fn refuse(&self, req: &Req, refusal: &Refusal) -> Resp {
        let error = OAuthError::invalid_request(refusal.message());
        let resp = OAuthError {
            status: refusal.status(),
            error: match refusal {
                Refusal::ServiceFailed => "server_error",
                _ => error.error,
            },
            ..error
        }
        .to_resp();
        self.logged(req, resp)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A provider with the defaults on a fixed clock, no sockets.
    pub fn provider() -> Provider {
        let mut c = Config::with_defaults();
        c.clients = config::default_clients("svc-secret".into());
        c.demo_api = true;
        Provider::new(
            "http://127.0.0.1:9876".into(),
            c,
            Arc::new(crate::clock::FixedClock(1_700_000_000)),
        )
        .unwrap()
    }

    #[test]
    fn metadata_advertises_what_is_implemented() {
        let p = provider();
        let r = p.handle(&Req::new("GET", "/.well-known/openid-configuration"));
        assert_eq!(r.status, 200);
        let md = r.json_body();
        assert_eq!(md["issuer"], "http://127.0.0.1:9876");
        assert_eq!(md["code_challenge_methods_supported"], json!(["S256"]));
        assert_eq!(md["authorization_response_iss_parameter_supported"], true);
        assert_eq!(md["request_uri_parameter_supported"], false);
        assert_eq!(md["request_parameter_supported"], true);
        assert_eq!(md["require_pushed_authorization_requests"], false);
        assert_eq!(
            md["pushed_authorization_request_endpoint"],
            "http://127.0.0.1:9876/par"
        );
        assert!(
            !md["dpop_signing_alg_values_supported"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a.as_str().unwrap().starts_with("HS"))
        );
        assert_eq!(md["response_types_supported"], json!(["code"]));
        let r = p.handle(&Req::new("GET", "/.well-known/oauth-authorization-server"));
        assert_eq!(r.json_body(), md);
    }

    #[test]
    fn unknown_paths_and_methods_are_answered() {
        let p = provider();
        assert_eq!(p.handle(&Req::new("GET", "/nope")).status, 404);
        let r = p.handle(&Req::new("DELETE", "/token"));
        assert_eq!(r.status, 405);
        assert_eq!(r.get_header("allow"), Some("POST"));
    }
}

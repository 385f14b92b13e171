//! What the provider knows: clients, users, lifetimes, and the ready
//! defaults that make `oauthctl serve` alone enough to try every command.
//!
//! A provider file (`serve --provider-config FILE`, TOML) adds clients and
//! users to the defaults (a client or user with a default's name replaces
//! it; `defaults = false` drops them all):
//!
//! ```toml
//! default_user = "alice"          # who --auto-approve signs in as
//! audience = "urn:example:api"    # `aud` when a request names none
//! access_token_ttl = 3600         # seconds; also id_token_ttl,
//!                                 # refresh_token_ttl, code_ttl,
//!                                 # device_code_ttl, device_interval
//! access_token_alg = "ES256"      # or RS256 (or the alg of a --key)
//! scopes = ["orders:read"]        # supported beyond the built-in ones
//! authorization_details_types = ["payment_initiation"]  # RAR types accepted
//! require_pushed_authorization_requests = true           # as --require-par
//!
//! [[clients]]
//! client_id = "web"
//! client_secret = "web-secret"    # confidential: client_secret_basic/post/jwt
//! redirect_uris = ["http://127.0.0.1/callback"]
//!
//! [[clients]]
//! client_id = "signed-app"        # a public client that signs its
//! jwks_file = "app.jwks.json"     # request objects (RFC 9101)
//! token_endpoint_auth_method = "none"
//! require_pushed_authorization_requests = true  # this client must use PAR
//! dpop_bound_access_tokens = true               # and DPoP (RFC 9449 §5.2)
//!
//! [[clients]]
//! client_id = "robot"
//! jwks_file = "robot.jwks.json"   # private_key_jwt (relative to this file)
//! grant_types = ["client_credentials"]
//!
//! [[clients]]                     # mutual TLS (serve --tls, RFC 8705)
//! client_id = "mtls-robot"        # tls_client_auth: exactly one of
//! tls_client_auth_subject_dn = "CN=robot,O=Example"  # _subject_dn,
//!                                 # _san_dns, _san_uri, _san_ip, _san_email
//!
//! [[clients]]
//! client_id = "self-signed-robot"
//! jwks_file = "robot.cert.pem"    # its certificate (or its key as a JWKS)
//! token_endpoint_auth_method = "self_signed_tls_client_auth"
//!
//! [[users]]
//! username = "alice"
//! password = "alice-password"
//! sub = "alice"                   # default: the username
//! claims = { name = "Alice", email = "alice@example.com", email_verified = true }
//! ```
//!
//! A client with neither `client_secret` nor `jwks`/`jwks_file` is public
//! (`none`): PKCE is required for it. A client's `jwks` verify both its
//! `private_key_jwt` assertions and its signed request objects.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::jwt::Alg;
use crate::jwt::keys::Key;
use crate::jwt::verify::KeyRing;
use crate::secret::Secret;

/// The built-in public client (a CLI: PKCE, loopback redirect).
pub const CLI_CLIENT: &str = "oauthctl-cli";
/// The built-in confidential client (a service).
pub const SERVICE_CLIENT: &str = "oauthctl-service";
/// The built-in user.
pub const DEMO_USER: &str = "demo";

/// Scopes every provider supports.
pub const BUILTIN_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "phone",
    "address",
    "offline_access",
    "api:read",
    "api:write",
];

/// The `authorization_details` types accepted unless the provider file
/// names its own (`authorization_details_types`, RFC 9396 §2).
pub const DEFAULT_AUTHORIZATION_DETAILS_TYPES: &[&str] = &[
    "payment_initiation",
    "account_information",
    "openid_credential",
];

/// Token endpoint authentication methods (RFC 7591 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A public client.
    None,
    /// HTTP Basic.
    SecretBasic,
    /// ID and secret in the form.
    SecretPost,
    /// An RFC 7523 assertion signed with the client's key.
    PrivateKeyJwt,
    /// An RFC 7523 assertion signed HMAC with the client's secret.
    SecretJwt,
    /// Mutual TLS with a certificate for a registered subject DN or
    /// alternative name (RFC 8705 §2.1).
    TlsClientAuth,
    /// Mutual TLS with a self-signed certificate of a registered key (RFC
    /// 8705 §2.2).
    SelfSignedTlsClientAuth,
}

impl AuthMethod {
    /// The registered name.
    pub fn name(self) -> &'static str {
        match self {
            AuthMethod::None => "none",
            AuthMethod::SecretBasic => "client_secret_basic",
            AuthMethod::SecretPost => "client_secret_post",
            AuthMethod::PrivateKeyJwt => "private_key_jwt",
            AuthMethod::SecretJwt => "client_secret_jwt",
            AuthMethod::TlsClientAuth => "tls_client_auth",
            AuthMethod::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
        }
    }

    /// `tls_client_auth` or `self_signed_tls_client_auth`.
    pub fn is_mutual_tls(self) -> bool {
        matches!(
            self,
            AuthMethod::TlsClientAuth | AuthMethod::SelfSignedTlsClientAuth
        )
    }

    fn from_name(s: &str) -> Option<AuthMethod> {
        [
            AuthMethod::None,
            AuthMethod::SecretBasic,
            AuthMethod::SecretPost,
            AuthMethod::PrivateKeyJwt,
            AuthMethod::SecretJwt,
            AuthMethod::TlsClientAuth,
            AuthMethod::SelfSignedTlsClientAuth,
        ]
        .into_iter()
        .find(|m| m.name() == s)
    }
}

/// The grants the provider implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantType {
    /// RFC 6749 §4.1 with PKCE.
    AuthorizationCode,
    /// RFC 6749 §6.
    RefreshToken,
    /// RFC 6749 §4.4.
    ClientCredentials,
    /// RFC 8628.
    DeviceCode,
}

impl GrantType {
    /// Every grant, in discovery order.
    pub const ALL: [GrantType; 4] = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
        GrantType::DeviceCode,
    ];

    /// The `grant_type` value.
    pub fn name(self) -> &'static str {
        match self {
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::RefreshToken => "refresh_token",
            GrantType::ClientCredentials => "client_credentials",
            GrantType::DeviceCode => "urn:ietf:params:oauth:grant-type:device_code",
        }
    }

    /// Parse a `grant_type` value.
    pub fn from_name(s: &str) -> Option<GrantType> {
        GrantType::ALL.into_iter().find(|g| g.name() == s)
    }
}

/// A registered client.
#[derive(Debug, Clone)]
pub struct Client {
    /// `client_id`.
    pub client_id: String,
    /// The secret, for `client_secret_basic`/`client_secret_post`.
    pub secret: Option<Secret<String>>,
    /// Its public keys (`jwks`/`jwks_file`): they verify its
    /// `private_key_jwt` assertions and its signed request objects.
    pub ring: Option<Arc<KeyRing>>,
    /// How it may authenticate.
    pub auth_methods: Vec<AuthMethod>,
    /// Registered redirect URIs (loopback ones match any port).
    pub redirect_uris: Vec<String>,
    /// Where end-session may send the browser back to.
    pub post_logout_redirect_uris: Vec<String>,
    /// Grants it may use.
    pub grant_types: Vec<GrantType>,
    /// Scopes it may ask for (`None`: every supported one).
    pub scopes: Option<Vec<String>>,
    /// Its authorization requests must be pushed (RFC 9126 §6, client
    /// metadata `require_pushed_authorization_requests`).
    pub require_par: bool,
    /// Its access tokens must be DPoP-bound (RFC 9449 §5.2, client
    /// metadata `dpop_bound_access_tokens`).
    pub dpop_bound: bool,
    /// For `tls_client_auth`: the name its certificate must carry (RFC
    /// 8705 §2.1.2).
    pub tls_registered: Option<crate::serve::tls::Registered>,
}

impl Client {
    /// A public client (authenticates with its ID only).
    pub fn is_public(&self) -> bool {
        self.auth_methods == [AuthMethod::None]
    }

    /// Whether it may use this grant.
    pub fn may(&self, g: GrantType) -> bool {
        self.grant_types.contains(&g)
    }
}

/// A user who can sign in.
#[derive(Debug, Clone)]
pub struct User {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: Secret<String>,
    /// Subject identifier.
    pub sub: String,
    /// Claims released by scope (OIDC Core 5.4) and in userinfo.
    pub claims: Map<String, Value>,
}

/// Token and code lifetimes, in seconds.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    /// Access tokens.
    pub access_token: i64,
    /// ID tokens.
    pub id_token: i64,
    /// Refresh tokens (each rotation starts a new one).
    pub refresh_token: i64,
    /// Authorization codes.
    pub code: i64,
    /// Device codes.
    pub device_code: i64,
    /// Device polling interval.
    pub device_interval: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            access_token: 3600,
            id_token: 3600,
            refresh_token: 86_400,
            code: 60,
            device_code: 600,
            device_interval: 5,
        }
    }
}

/// A class of bad token the demo API accepts on purpose (`--vulnerable`).
/// What each accepts exactly is documented in `serve::demo_api`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Vulnerability {
    /// `alg: none` in any letter case.
    AlgNone,
    /// HS256 signed with the provider's public key as the secret.
    KeyConfusion,
    /// Any signature, or none.
    NoSignature,
    /// No or an expired `exp`.
    NoExp,
    /// Any or no `aud`.
    NoAud,
    /// Any or no `iss`.
    NoIss,
    /// A key embedded in the `jwk` header (CVE-2018-0114).
    EmbeddedJwk,
    /// A key set fetched from the `jku` header URL.
    Jku,
    /// An HMAC secret read from the file the `kid` names.
    KidPath,
    /// Access tokens signed HS256 with a dictionary secret.
    WeakSecret,
}

impl Vulnerability {
    /// Every class.
    pub const ALL: [Vulnerability; 10] = [
        Vulnerability::AlgNone,
        Vulnerability::KeyConfusion,
        Vulnerability::NoSignature,
        Vulnerability::NoExp,
        Vulnerability::NoAud,
        Vulnerability::NoIss,
        Vulnerability::EmbeddedJwk,
        Vulnerability::Jku,
        Vulnerability::KidPath,
        Vulnerability::WeakSecret,
    ];

    /// The command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Vulnerability::AlgNone => "alg-none",
            Vulnerability::KeyConfusion => "key-confusion",
            Vulnerability::NoSignature => "no-signature",
            Vulnerability::NoExp => "no-exp",
            Vulnerability::NoAud => "no-aud",
            Vulnerability::NoIss => "no-iss",
            Vulnerability::EmbeddedJwk => "embedded-jwk",
            Vulnerability::Jku => "jku",
            Vulnerability::KidPath => "kid-path",
            Vulnerability::WeakSecret => "weak-secret",
        }
    }

    /// Parse a command-line name.
    pub fn from_name(s: &str) -> Option<Vulnerability> {
        Vulnerability::ALL.into_iter().find(|v| v.name() == s)
    }
}

/// Everything `Server::start` needs.
pub struct Config {
    /// Address to listen on.
    pub bind: std::net::IpAddr,
    /// Port (0: any free one).
    pub port: u16,
    /// The issuer URL to advertise, when not `http://BIND:PORT`.
    pub public_url: Option<String>,
    /// Signing keys given with `--key` (none: RS256 and ES256 keys are made).
    pub keys: Vec<crate::jwt::encode::SigningKey>,
    /// Clients.
    pub clients: Vec<Client>,
    /// Users.
    pub users: Vec<User>,
    /// Who `auto_approve` signs in as (default: the first user).
    pub default_user: Option<String>,
    /// Approve every authorization and device request as the default user.
    pub auto_approve: bool,
    /// Lifetimes.
    pub lifetimes: Lifetimes,
    /// `aud` of access tokens when the request names no resource or
    /// audience (default: ISSUER/api).
    pub audience: Option<String>,
    /// Extra supported scopes.
    pub scopes: Vec<String>,
    /// The access-token algorithm (default ES256 when there is a P-256 key).
    pub access_token_alg: Option<Alg>,
    /// Serve `GET /api/whoami`.
    pub demo_api: bool,
    /// What the demo API accepts on purpose.
    pub vulnerable: Vec<Vulnerability>,
    /// Refuse authorization requests that were not pushed first
    /// (RFC 9126 §5, `--require-par`).
    pub require_par: bool,
    /// Demand a server-provided nonce in DPoP proofs (RFC 9449 §8,
    /// `--dpop-nonce`).
    pub dpop_nonce: bool,
    /// The `type`s of `authorization_details` accepted (RFC 9396 §2).
    pub authorization_details_types: Vec<String>,
    /// Request-handling threads.
    pub workers: usize,
    /// Serve HTTPS (`--tls`), asking clients for certificates (RFC 8705).
    pub tls: Option<crate::serve::tls::Source>,
    /// `--tls-client-ca`: what `tls_client_auth` certificates must chain to.
    pub tls_client_ca: Option<crate::serve::tls::ClientCa>,
    /// One line per request, when set.
    pub log: Option<crate::http::TraceSink>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("clients", &self.clients.len())
            .field("users", &self.users.len())
            .finish_non_exhaustive()
    }
}

/// The fixed default port (documented in `serve --help`).
pub const DEFAULT_PORT: u16 = 9876;

/// A random secret for the built-in service client, printed at start.
pub fn random_secret() -> String {
    let mut b = [0u8; 24];
    aws_lc_rs::rand::fill(&mut b).unwrap_or_else(|_| b.fill(7));
    crate::jwt::b64_encode(&b)
}

/// The loopback callback URIs the built-in clients register (any port,
/// RFC 8252 §7.3).
fn loopback_redirects() -> Vec<String> {
    vec![
        "http://127.0.0.1/callback".into(),
        "http://[::1]/callback".into(),
        "http://localhost/callback".into(),
    ]
}

impl Config {
    /// The defaults: a public CLI client, a confidential service client
    /// with a fresh random secret, and a demo user; loopback, the default
    /// port, fresh keys.
    pub fn with_defaults() -> Config {
        Config {
            bind: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            public_url: None,
            keys: Vec::new(),
            clients: default_clients(random_secret()),
            users: vec![default_user()],
            default_user: None,
            auto_approve: false,
            lifetimes: Lifetimes::default(),
            audience: None,
            scopes: Vec::new(),
            access_token_alg: None,
            demo_api: false,
            vulnerable: Vec::new(),
            require_par: false,
            dpop_nonce: false,
            authorization_details_types: DEFAULT_AUTHORIZATION_DETAILS_TYPES
                .iter()
                .map(|t| (*t).to_owned())
                .collect(),
            workers: default_workers(),
            tls: None,
            tls_client_ca: None,
            log: None,
        }
    }

    /// Add (or replace, by ID) a client.
    pub fn add_client(&mut self, c: Client) {
        self.clients.retain(|x| x.client_id != c.client_id);
        self.clients.push(c);
    }

    /// Add (or replace, by name) a user.
    pub fn add_user(&mut self, u: User) {
        self.users.retain(|x| x.username != u.username);
        self.users.push(u);
    }

    /// Read a provider file into this configuration.
    pub fn load_file(&mut self, path: &Path) -> Result<()> {
        let bytes = crate::error::read_file("provider file", path)?;
        let bad = |detail: String| Error::Config {
            path: path.to_path_buf(),
            detail,
        };
        let text = String::from_utf8(bytes).map_err(|_| bad("not UTF-8".into()))?;
        let file: ProviderFile = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if file.defaults == Some(false) {
            self.clients.clear();
            self.users.clear();
        }
        if let Some(v) = file.default_user {
            self.default_user = Some(v);
        }
        if let Some(v) = file.audience {
            self.audience = Some(v);
        }
        let l = &mut self.lifetimes;
        for (slot, v) in [
            (&mut l.access_token, file.access_token_ttl),
            (&mut l.id_token, file.id_token_ttl),
            (&mut l.refresh_token, file.refresh_token_ttl),
            (&mut l.code, file.code_ttl),
            (&mut l.device_code, file.device_code_ttl),
            (&mut l.device_interval, file.device_interval),
        ] {
            if let Some(v) = v {
                *slot = i64::try_from(v)
                    .ok()
                    .filter(|v| *v > 0)
                    .ok_or_else(|| bad(format!("a lifetime of {v} seconds is out of range")))?;
            }
        }
        if let Some(a) = file.access_token_alg {
            self.access_token_alg = Some(
                Alg::from_name(&a)
                    .ok_or_else(|| bad(format!("access_token_alg \"{a}\" is not an algorithm")))?,
            );
        }
        self.scopes.extend(file.scopes.unwrap_or_default());
        if let Some(types) = file.authorization_details_types {
            if types.iter().any(String::is_empty) {
                return Err(bad("authorization_details_types has an empty type".into()));
            }
            self.authorization_details_types = types;
        }
        if let Some(v) = file.require_pushed_authorization_requests {
            self.require_par = v;
        }
        let base = path.parent().unwrap_or(Path::new("."));
        for c in file.clients {
            let client = c.into_client(base).map_err(&bad)?;
            self.add_client(client);
        }
        for u in file.users {
            let claims = match serde_json::to_value(u.claims.unwrap_or_default()) {
                Ok(Value::Object(m)) => m,
                _ => return Err(bad(format!("user {}: claims must be a table", u.username))),
            };
            self.add_user(User {
                sub: u.sub.unwrap_or_else(|| u.username.clone()),
                username: u.username,
                password: Secret::new(u.password),
                claims,
            });
        }
        Ok(())
    }

    /// Check what cannot work, before listening.
    pub fn check(&self) -> Result<()> {
        if let Some(name) = &self.default_user
            && !self.users.iter().any(|u| &u.username == name)
        {
            return Err(Error::usage(format!(
                "default user \"{name}\" is not one of the users"
            )));
        }
        if self.auto_approve && self.users.is_empty() {
            return Err(Error::usage("--auto-approve needs at least one user"));
        }
        let mut subs: Vec<&str> = self.users.iter().map(|u| u.sub.as_str()).collect();
        subs.sort_unstable();
        if subs.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::usage("two users have the same sub"));
        }
        Ok(())
    }
}

/// Threads handling requests: enough that slow clients (a browser holding
/// a connection) do not starve the others.
pub fn default_workers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get() * 4)
        .unwrap_or(8)
        .clamp(8, 64)
}

/// The built-in clients.
pub fn default_clients(service_secret: String) -> Vec<Client> {
    vec![
        Client {
            client_id: CLI_CLIENT.into(),
            secret: None,
            ring: None,
            auth_methods: vec![AuthMethod::None],
            redirect_uris: loopback_redirects(),
            post_logout_redirect_uris: vec!["http://127.0.0.1/".into()],
            grant_types: vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::DeviceCode,
            ],
            scopes: None,
            require_par: false,
            dpop_bound: false,
            tls_registered: None,
        },
        Client {
            client_id: SERVICE_CLIENT.into(),
            secret: Some(Secret::new(service_secret)),
            ring: None,
            auth_methods: vec![
                AuthMethod::SecretBasic,
                AuthMethod::SecretPost,
                AuthMethod::SecretJwt,
            ],
            redirect_uris: loopback_redirects(),
            post_logout_redirect_uris: vec!["http://127.0.0.1/".into()],
            grant_types: GrantType::ALL.to_vec(),
            scopes: None,
            require_par: false,
            dpop_bound: false,
            tls_registered: None,
        },
    ]
}

/// The built-in user.
pub fn default_user() -> User {
    let claims = serde_json::json!({
        "name": "Demo User",
        "given_name": "Demo",
        "family_name": "User",
        "preferred_username": "demo",
        "email": "demo@example.com",
        "email_verified": true,
    });
    User {
        username: DEMO_USER.into(),
        password: Secret::new(DEMO_USER.into()),
        sub: DEMO_USER.into(),
        claims: claims.as_object().cloned().unwrap_or_default(),
    }
}

/// A client from `--client ID[:SECRET]`: confidential with a secret,
/// public without; loopback redirects; every grant its type may use.
pub fn client_from_flag(spec: &str) -> Result<Client> {
    let (id, secret) = match spec.split_once(':') {
        Some((id, s)) => (id, Some(s)),
        None => (spec, None),
    };
    if id.is_empty() || secret == Some("") {
        return Err(Error::usage(format!(
            "--client '{spec}' is not ID or ID:SECRET"
        )));
    }
    let mut c = default_clients(String::new()).remove(if secret.is_some() { 1 } else { 0 });
    c.client_id = id.to_owned();
    c.secret = secret.map(|s| Secret::new(s.to_owned()));
    Ok(c)
}

/// A user from `--user NAME:PASSWORD` (sub = NAME).
pub fn user_from_flag(spec: &str) -> Result<User> {
    match spec.split_once(':') {
        Some((name, pw)) if !name.is_empty() && !pw.is_empty() => Ok(User {
            username: name.to_owned(),
            password: Secret::new(pw.to_owned()),
            sub: name.to_owned(),
            claims: Map::new(),
        }),
        _ => Err(Error::usage(format!(
            "--user '{spec}' is not NAME:PASSWORD"
        ))),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderFile {
    defaults: Option<bool>,
    default_user: Option<String>,
    audience: Option<String>,
    access_token_ttl: Option<u64>,
    id_token_ttl: Option<u64>,
    refresh_token_ttl: Option<u64>,
    code_ttl: Option<u64>,
    device_code_ttl: Option<u64>,
    device_interval: Option<u64>,
    access_token_alg: Option<String>,
    scopes: Option<Vec<String>>,
    authorization_details_types: Option<Vec<String>>,
    require_pushed_authorization_requests: Option<bool>,
    #[serde(default)]
    clients: Vec<FileClient>,
    #[serde(default)]
    users: Vec<FileUser>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileClient {
    client_id: String,
    client_secret: Option<String>,
    jwks_file: Option<PathBuf>,
    jwks: Option<toml::Table>,
    token_endpoint_auth_method: Option<String>,
    #[serde(default)]
    redirect_uris: Option<Vec<String>>,
    #[serde(default)]
    post_logout_redirect_uris: Vec<String>,
    grant_types: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    #[serde(default)]
    require_pushed_authorization_requests: bool,
    #[serde(default)]
    dpop_bound_access_tokens: bool,
    tls_client_auth_subject_dn: Option<String>,
    tls_client_auth_san_dns: Option<String>,
    tls_client_auth_san_uri: Option<String>,
    tls_client_auth_san_ip: Option<String>,
    tls_client_auth_san_email: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUser {
    username: String,
    password: String,
    sub: Option<String>,
    claims: Option<toml::Table>,
}

impl FileClient {
    fn into_client(self, base: &Path) -> std::result::Result<Client, String> {
        let who = format!("client {}", self.client_id);
        let keys: Option<Vec<Key>> = match (&self.jwks_file, &self.jwks) {
            (Some(_), Some(_)) => return Err(format!("{who}: give jwks or jwks_file, not both")),
            (Some(p), None) => {
                let path = base.join(p);
                let keys =
                    crate::jwt::keys::load_file(&path).map_err(|e| crate::error::chain(&e))?;
                Some(keys)
            }
            (None, Some(t)) => {
                let doc = serde_json::to_value(t).map_err(|e| format!("{who}: jwks: {e}"))?;
                let set = crate::jwt::keys::parse_jwks(&doc, &format!("{who} jwks"))
                    .map_err(|e| format!("{who}: {e}"))?;
                Some(set.keys)
            }
            (None, None) => None,
        };
        if let Some(keys) = &keys
            && (keys.is_empty()
                || keys
                    .iter()
                    .any(|k| matches!(k.material, crate::jwt::keys::Material::Oct(_))))
        {
            return Err(format!(
                "{who}: jwks needs public keys (RSA, EC or Ed25519), and no symmetric ones"
            ));
        }
        // A secret authenticates with it (Basic, form or an HMAC assertion),
        // keys with private_key_jwt; keys also verify request objects, so a
        // client may have both, or keys and `none`.
        let mut methods = Vec::new();
        if self.client_secret.is_some() {
            methods.extend([
                AuthMethod::SecretBasic,
                AuthMethod::SecretPost,
                AuthMethod::SecretJwt,
            ]);
        }
        if keys.is_some() {
            methods.push(AuthMethod::PrivateKeyJwt);
        }
        let tls_registered = self.tls_registered(&who)?;
        if tls_registered.is_some() {
            methods.push(AuthMethod::TlsClientAuth);
        }
        if methods.is_empty() {
            methods.push(AuthMethod::None);
        }
        if let Some(m) = &self.token_endpoint_auth_method {
            let m = AuthMethod::from_name(m)
                .ok_or_else(|| format!("{who}: unknown token_endpoint_auth_method \"{m}\""))?;
            // `none` with keys: a public client that signs its requests;
            // self-signed mutual TLS: a key registered in the JWKS.
            let fits = methods.contains(&m)
                || (m == AuthMethod::None && self.client_secret.is_none())
                || (m == AuthMethod::SelfSignedTlsClientAuth && keys.is_some());
            if !fits {
                return Err(format!(
                    "{who}: token_endpoint_auth_method {} does not fit its credentials",
                    m.name()
                ));
            }
            methods = vec![m];
        }
        let public = methods == [AuthMethod::None];
        let grant_types = match self.grant_types {
            Some(list) => list
                .iter()
                .map(|g| {
                    GrantType::from_name(g)
                        .or(match g.as_str() {
                            "device_code" => Some(GrantType::DeviceCode),
                            _ => None,
                        })
                        .ok_or_else(|| format!("{who}: unknown grant type \"{g}\""))
                })
                .collect::<std::result::Result<Vec<_>, _>>()?,
            None if public => vec![
                GrantType::AuthorizationCode,
                GrantType::RefreshToken,
                GrantType::DeviceCode,
            ],
            None => GrantType::ALL.to_vec(),
        };
        if public && grant_types.contains(&GrantType::ClientCredentials) {
            return Err(format!(
                "{who}: a public client cannot use client_credentials (RFC 6749 §4.4)"
            ));
        }
        for uri in self.redirect_uris.iter().flatten() {
            let u = url::Url::parse(uri).map_err(|e| format!("{who}: redirect URI {uri}: {e}"))?;
            if u.fragment().is_some() {
                return Err(format!(
                    "{who}: redirect URI {uri} has a fragment (RFC 6749 §3.1.2)"
                ));
            }
        }
        Ok(Client {
            client_id: self.client_id,
            secret: self.client_secret.map(Secret::new),
            ring: keys.map(|k| Arc::new(KeyRing::new(k))),
            auth_methods: methods,
            redirect_uris: self.redirect_uris.unwrap_or_else(loopback_redirects),
            post_logout_redirect_uris: self.post_logout_redirect_uris,
            grant_types,
            scopes: self.scopes,
            require_par: self.require_pushed_authorization_requests,
            dpop_bound: self.dpop_bound_access_tokens,
            tls_registered,
        })
    }

    /// The one `tls_client_auth_*` name given (RFC 8705 §2.1.2: exactly
    /// one), if any.
    fn tls_registered(
        &self,
        who: &str,
    ) -> std::result::Result<Option<crate::serve::tls::Registered>, String> {
        use crate::serve::tls::Registered;
        let mut found = Vec::new();
        if let Some(v) = &self.tls_client_auth_subject_dn {
            found.push(Registered::SubjectDn(v.clone()));
        }
        if let Some(v) = &self.tls_client_auth_san_dns {
            found.push(Registered::SanDns(v.clone()));
        }
        if let Some(v) = &self.tls_client_auth_san_uri {
            found.push(Registered::SanUri(v.clone()));
        }
        if let Some(v) = &self.tls_client_auth_san_ip {
            let ip = v.parse().map_err(|_| {
                format!("{who}: tls_client_auth_san_ip \"{v}\" is not an IP address")
            })?;
            found.push(Registered::SanIp(ip));
        }
        if let Some(v) = &self.tls_client_auth_san_email {
            found.push(Registered::SanEmail(v.clone()));
        }
        match found.len() {
            0 | 1 => Ok(found.pop()),
            _ => Err(format!(
                "{who}: give exactly one of {} (RFC 8705 §2.1.2)",
                found
                    .iter()
                    .map(|r| r.member())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_file_adds_to_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(
            &path,
            r#"
default_user = "alice"
access_token_ttl = 60
[[clients]]
client_id = "web"
client_secret = "s"
[[clients]]
client_id = "app"
grant_types = ["authorization_code"]
[[users]]
username = "alice"
password = "pw"
claims = { email = "a@example.com" }
"#,
        )
        .unwrap();
        let mut c = Config::with_defaults();
        c.load_file(&path).unwrap();
        c.check().unwrap();
        assert_eq!(c.clients.len(), 4);
        let web = c.clients.iter().find(|x| x.client_id == "web").unwrap();
        assert_eq!(
            web.auth_methods,
            [
                AuthMethod::SecretBasic,
                AuthMethod::SecretPost,
                AuthMethod::SecretJwt
            ]
        );
        let app = c.clients.iter().find(|x| x.client_id == "app").unwrap();
        assert!(app.is_public());
        assert_eq!(c.lifetimes.access_token, 60);
        assert_eq!(c.users[1].claims["email"], "a@example.com");
    }

    #[test]
    fn typos_and_impossible_clients_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.toml");
        std::fs::write(&path, "acess_token_ttl = 5\n").unwrap();
        let e = Config::with_defaults().load_file(&path).unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{e}");
        std::fs::write(
            &path,
            "[[clients]]\nclient_id = \"p\"\ngrant_types = [\"client_credentials\"]\n",
        )
        .unwrap();
        let e = Config::with_defaults().load_file(&path).unwrap_err();
        assert!(e.to_string().contains("public client"), "{e}");
    }

    #[test]
    fn flags_make_clients_and_users() {
        assert!(client_from_flag("app").unwrap().is_public());
        let c = client_from_flag("svc:pw").unwrap();
        assert_eq!(c.secret.unwrap().expose(), "pw");
        assert!(client_from_flag(":x").is_err());
        assert_eq!(user_from_flag("bob:pw").unwrap().sub, "bob");
        assert!(user_from_flag("bob").is_err());
    }
}

//! Parsed arguments resolved into settings, once, before a command runs:
//! flag, then environment (clap reads `env = …`; `OAUTHCTL_CLIENT_SECRET`
//! is read here), then profile, then provider preset, then default.
//!
//! [`Context::resolve`] is the only place that reads clap's types; what it
//! makes is typed: one [`Provider`] (issuer, client, credentials, each
//! endpoint with where it came from, scopes, resources, audience, extra
//! parameters, browser settings), the HTTP client, the printer, the store.
//! Commands read these; they never decide flag-versus-profile themselves.
//! Discovery stays lazy: [`Provider::metadata`] asks `provider` only when a
//! command needs the issuer's metadata.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::cli::{AuthMethod, GlobalArgs, OutputFormat, ProviderArgs, StoreChoice};
use crate::clock::{Clock, SystemClock};
use crate::config::{self, Profile};
use crate::error::{Error, Result};
use crate::flows::client_auth::ClientAuth;
use crate::flows::client_credentials::TokenEndpoint;
use crate::http::{HttpClient, HttpSettings, TraceSink};
use crate::output::{Printer, Style, color_enabled, paint};
use crate::provider::discovery::ProviderMetadata;
use crate::provider::presets::{self, Preset};
use crate::secret::Secret;
use crate::store::{Backend, EntryKey, Store};

/// What the settings read from the process environment beyond clap's
/// `env = …` (`demo` resolves its steps without the user's environment).
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `OAUTHCTL_CLIENT_SECRET`, when set and not empty.
    pub client_secret: Option<String>,
    /// `KUBERNETES_EXEC_INFO`: what kubectl tells an exec credential plugin
    /// (the ExecCredential apiVersion it wants, whether it is interactive).
    pub kubernetes_exec_info: Option<String>,
}

impl Environment {
    /// This process's environment.
    pub fn process() -> Environment {
        Environment {
            client_secret: std::env::var("OAUTHCTL_CLIENT_SECRET")
                .ok()
                .filter(|s| !s.is_empty()),
            kubernetes_exec_info: std::env::var("KUBERNETES_EXEC_INFO")
                .ok()
                .filter(|s| !s.trim().is_empty()),
        }
    }
}

/// Where a setting came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag (or its environment variable).
    Flag,
    /// The profile in the configuration file.
    Profile,
    /// The built-in provider preset.
    Preset,
}

/// An endpoint given explicitly, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL.
    pub url: String,
    /// Where it came from.
    pub source: Source,
}

/// The explicit endpoints, each winning over the issuer's metadata.
#[derive(Debug, Clone, Default)]
pub struct Endpoints {
    /// `authorization_endpoint`.
    pub authorization: Option<Endpoint>,
    /// `token_endpoint`.
    pub token: Option<Endpoint>,
    /// `device_authorization_endpoint`.
    pub device_authorization: Option<Endpoint>,
    /// Whether the client presents a certificate, so that the metadata's
    /// `mtls_endpoint_aliases` apply (RFC 8705 §5).
    pub mtls: bool,
}

impl Endpoints {
    fn url(e: &Option<Endpoint>) -> Option<String> {
        e.as_ref().map(|e| e.url.clone())
    }

    /// The overrides a flow lays over the metadata's endpoints.
    pub fn overrides(&self) -> crate::flows::oidc::Overrides {
        crate::flows::oidc::Overrides {
            authorization_endpoint: Endpoints::url(&self.authorization),
            token_endpoint: Endpoints::url(&self.token),
            device_authorization_endpoint: Endpoints::url(&self.device_authorization),
            mtls: self.mtls,
        }
    }
}

/// Where the client secret comes from (read when a request needs it).
#[derive(Debug, Clone)]
pub enum SecretSource {
    /// A file (`--client-secret-file` or the profile's `client_secret_file`).
    File(PathBuf),
    /// The secret itself (`--client-secret` or `OAUTHCTL_CLIENT_SECRET`).
    Value(Secret<String>),
    /// The profile's `client_secret_env`: the name of a variable.
    EnvVar(String),
}

/// How the client authenticates, before a client ID is put to it.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// `--auth-method` or the profile's.
    pub method: Option<AuthMethod>,
    /// The private key for `private_key_jwt`.
    pub private_key: Option<PathBuf>,
    /// A client certificate and its key, for mutual TLS (RFC 8705).
    pub client_cert: Option<(PathBuf, PathBuf)>,
    /// The client secret, if any is configured.
    pub secret: Option<SecretSource>,
    /// `--client-assertion SRC`: an assertion minted elsewhere.
    pub assertion: Option<AssertionSource>,
}

/// `--client-assertion SRC`: where the client assertion comes from, read on
/// first use (a command that answers from its cache may still read it:
/// `cc` reads it before it looks in the cache) and then kept, so a source
/// is read once per command.
#[derive(Debug, Clone)]
pub struct AssertionSource {
    /// The parsed source.
    pub source: crate::sources::Source,
    /// The HTTP client for the CI sources that make a request: the
    /// command's, with its timeout, CA and `-v` trace (set by
    /// [`Context::resolve`]).
    pub http: Option<Arc<HttpClient>>,
    /// What was read.
    value: Arc<std::sync::OnceLock<Secret<String>>>,
}

impl AssertionSource {
    /// A source not read yet.
    pub fn new(source: crate::sources::Source) -> AssertionSource {
        AssertionSource {
            source,
            http: None,
            value: Arc::default(),
        }
    }

    /// The assertion: read now, or what was read before.
    pub fn read(&self) -> Result<Secret<String>> {
        if let Some(v) = self.value.get() {
            return Ok(v.clone());
        }
        let fallback;
        let http = match &self.http {
            Some(h) => h.as_ref(),
            None => {
                fallback = HttpClient::new(HttpSettings::default(), None);
                &fallback
            }
        };
        let raw = self
            .source
            .read(&crate::sources::SourceContext::process(http))?;
        let cleaned = Secret::new(crate::jwt::clean_input(raw.expose()).to_owned());
        Ok(self.value.get_or_init(|| cleaned).clone())
    }

    /// The assertion's `sub`, which RFC 7523 §3 makes the client ID: the
    /// client ID when none is configured.
    fn subject(&self) -> Result<String> {
        let assertion = self.read()?;
        let bad = |why: &str| {
            Error::usage(format!(
                "--client-assertion from {}: {why}; give --client-id",
                self.source.describe()
            ))
        };
        let claims = match crate::jwt::parse(assertion.expose()) {
            Ok(crate::jwt::Parsed::Jws(jws)) => jws.claims.ok(),
            _ => None,
        }
        .ok_or_else(|| bad("it is not a signed JWT"))?;
        claims
            .get("sub")
            .and_then(serde_json::Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| bad("it has no sub claim to name the client"))
    }
}

/// Which client authentication applies when nothing says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthDefault {
    /// A machine client: `client_secret_basic`.
    Confidential,
    /// A user login (`login`, `device`, a stored login): a public client
    /// (`none`, RFC 8252 §8.4) unless a secret is configured.
    Public,
}

impl Credentials {
    /// Whether the client presents a TLS certificate (RFC 8705): it does
    /// in every handshake once one is configured, whether it authenticates
    /// with it or binds tokens to it, so the `mtls_endpoint_aliases` apply
    /// (RFC 8705 §5).
    pub fn mtls(&self) -> bool {
        self.client_cert.is_some()
    }

    /// The client's authentication as `client_id`. A key with no method
    /// means `private_key_jwt`, a certificate `tls_client_auth`.
    pub fn for_client(&self, client_id: String, default: AuthDefault) -> Result<ClientAuth> {
        if let Some(a) = &self.assertion {
            self.check_assertion_method()?;
            return Ok(ClientAuth::Assertion {
                client_id,
                assertion: a.read()?,
            });
        }
        let method = match self.method {
            Some(m) => m,
            None if self.private_key.is_some() => AuthMethod::PrivateKeyJwt,
            None if self.client_cert.is_some() => AuthMethod::TlsClientAuth,
            None if default == AuthDefault::Public => match self.secret()? {
                Some(secret) => return Ok(ClientAuth::SecretBasic { client_id, secret }),
                None => AuthMethod::None,
            },
            None => AuthMethod::ClientSecretBasic,
        };
        match method {
            AuthMethod::None => Ok(ClientAuth::None { client_id }),
            AuthMethod::TlsClientAuth if self.client_cert.is_none() => Err(Error::usage(
                "tls_client_auth needs --client-cert PEM and --client-key PEM",
            )),
            AuthMethod::TlsClientAuth => Ok(ClientAuth::TlsClientAuth { client_id }),
            AuthMethod::SelfSignedTlsClientAuth if self.client_cert.is_none() => Err(Error::usage(
                "self_signed_tls_client_auth needs --client-cert PEM and --client-key PEM",
            )),
            AuthMethod::SelfSignedTlsClientAuth => {
                Ok(ClientAuth::SelfSignedTlsClientAuth { client_id })
            }
            AuthMethod::PrivateKeyJwt => {
                let path = self
                    .private_key
                    .as_ref()
                    .ok_or_else(|| Error::usage("private_key_jwt needs --private-key PATH"))?;
                let key = crate::jwt::encode::load_private(path)?;
                if key.public.is_none() {
                    return Err(Error::usage(
                        "private_key_jwt needs an asymmetric private key (an HMAC key is client_secret_jwt)",
                    ));
                }
                Ok(ClientAuth::PrivateKeyJwt {
                    client_id,
                    key: Box::new(key),
                })
            }
            AuthMethod::ClientSecretBasic
            | AuthMethod::ClientSecretPost
            | AuthMethod::ClientSecretJwt => {
                let secret = self.secret()?.ok_or_else(|| {
                    Error::usage(
                        "no client secret: give --client-secret-file PATH or set OAUTHCTL_CLIENT_SECRET \
                         (or --private-key for private_key_jwt)",
                    )
                })?;
                Ok(match method {
                    AuthMethod::ClientSecretPost => ClientAuth::SecretPost { client_id, secret },
                    AuthMethod::ClientSecretJwt => ClientAuth::SecretJwt {
                        client_id,
                        secret,
                        issuer: None,
                    },
                    _ => ClientAuth::SecretBasic { client_id, secret },
                })
            }
        }
    }

    /// With a client assertion: the method, if one is given, must be
    /// `private_key_jwt` (what the server sees).
    pub fn check_assertion_method(&self) -> Result<()> {
        match self.method {
            Some(m) if self.assertion.is_some() && m != AuthMethod::PrivateKeyJwt => {
                use clap::ValueEnum;
                let name = m
                    .to_possible_value()
                    .map(|v| v.get_name().to_owned())
                    .unwrap_or_default();
                Err(Error::usage(format!(
                    "--client-assertion authenticates the client with a JWT assertion \
                     (private_key_jwt); it does not go with --auth-method {name}"
                )))
            }
            _ => Ok(()),
        }
    }

    /// The client secret, read from where it is configured.
    fn secret(&self) -> Result<Option<Secret<String>>> {
        match &self.secret {
            None => Ok(None),
            Some(SecretSource::Value(s)) => Ok(Some(s.clone())),
            Some(SecretSource::File(path)) => read_secret_text(path).map(Some),
            Some(SecretSource::EnvVar(var)) => std::env::var(var)
                .map(|s| Some(Secret::new(s)))
                .map_err(|_| {
                    Error::usage(format!(
                        "the profile takes the client secret from ${var}, which is not set"
                    ))
                }),
        }
    }
}

/// A client secret file: UTF-8, trailing newlines removed, not empty.
fn read_secret_text(path: &std::path::Path) -> Result<Secret<String>> {
    let what = || format!("client secret file {}", path.display());
    let bytes = crate::error::read_file("client secret file", path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::input(what(), "not UTF-8"))?;
    let secret = text.trim_end_matches(['\n', '\r']).to_owned();
    if secret.is_empty() {
        return Err(Error::input(what(), "the file is empty"));
    }
    Ok(Secret::new(secret))
}

/// How authorization requests are made (DESIGN.md "Advanced requests"):
/// the flags', else the profile's.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    /// Push the authorization request (RFC 9126): `--par` or the profile's
    /// `par = true` (the metadata may require it anyway).
    pub par: bool,
    /// Sign the authorization request as a request object (RFC 9101).
    pub request_object: bool,
    /// A JWT response mode (JARM).
    pub response_mode: Option<crate::flows::jarm::ResponseMode>,
    /// RFC 9396 `authorization_details`, checked: an array of objects,
    /// each with a string `type`.
    pub authorization_details: Option<serde_json::Value>,
}

impl RequestOptions {
    fn resolve(client: &crate::cli::ClientArgs, profile: &Profile) -> Result<RequestOptions> {
        let response_mode = client
            .response_mode
            .clone()
            .or_else(|| profile.response_mode.clone())
            .map(|m| {
                crate::flows::jarm::ResponseMode::from_name(&m)
                    .map_err(|e| Error::usage(format!("--response-mode: {e}")))
            })
            .transpose()?;
        let authorization_details = match (
            &client.authorization_details,
            &profile.authorization_details,
        ) {
            (Some(text), _) => Some(authorization_details_text(text)?),
            (None, Some(serde_json::Value::String(text))) => {
                Some(authorization_details_text(text)?)
            }
            (None, Some(v)) => Some(check_authorization_details(
                v.clone(),
                "the profile's authorization_details",
            )?),
            (None, None) => None,
        };
        Ok(RequestOptions {
            par: client.par || profile.par.unwrap_or(false),
            request_object: client.request_object || profile.request_object.unwrap_or(false),
            response_mode,
            authorization_details,
        })
    }
}

/// `--authorization-details JSON|@FILE`.
fn authorization_details_text(text: &str) -> Result<serde_json::Value> {
    let (what, json) = match text.strip_prefix('@') {
        Some(path) => {
            let path = std::path::Path::new(path);
            let bytes = crate::error::read_file("authorization details file", path)?;
            (
                format!("--authorization-details file {}", path.display()),
                String::from_utf8(bytes).map_err(|_| {
                    Error::input(
                        format!("authorization details file {}", path.display()),
                        "not UTF-8",
                    )
                })?,
            )
        }
        None => ("--authorization-details".to_owned(), text.to_owned()),
    };
    let value =
        serde_json::from_str(&json).map_err(|e| Error::usage(format!("{what}: not JSON ({e})")))?;
    check_authorization_details(value, &what)
}

/// RFC 9396 §2: a JSON array of objects, each with a string `type`.
fn check_authorization_details(value: serde_json::Value, what: &str) -> Result<serde_json::Value> {
    let bad = |why: String| {
        Error::usage(format!(
            "{what}: {why}; give a JSON array of objects, each with a type, e.g. \
             [{{\"type\":\"payment_initiation\"}}] (RFC 9396 §2)"
        ))
    };
    let items = value.as_array().ok_or_else(|| {
        bad(format!(
            "a JSON {}, not an array",
            crate::json::type_name(&value)
        ))
    })?;
    if items.is_empty() {
        return Err(bad("the array is empty".into()));
    }
    for (i, item) in items.iter().enumerate() {
        match item.get("type") {
            _ if !item.is_object() => {
                return Err(bad(format!("item {i} is not an object")));
            }
            Some(serde_json::Value::String(t)) if !t.is_empty() => {}
            Some(_) => return Err(bad(format!("item {i}'s type is not a string"))),
            None => return Err(bad(format!("item {i} has no type"))),
        }
    }
    Ok(value)
}

/// Everything about the issuer and the client, resolved once.
#[derive(Debug, Clone, Default)]
pub struct Provider {
    /// The issuer (flag or env, then profile, then preset).
    pub issuer: Option<String>,
    /// The client ID (flag or env, then profile).
    pub client_id: Option<String>,
    /// How the client authenticates.
    pub credentials: Credentials,
    /// Explicit endpoints.
    pub endpoints: Endpoints,
    /// Scopes: the flags' (repeatable or space-separated), else the profile's.
    pub scopes: Vec<String>,
    /// The scopes of a user sign-in: the flags' as given; else `openid` and
    /// the profile's; else the preset's (GitHub's: none, as it is not
    /// OpenID Connect).
    pub user_scopes: Vec<String>,
    /// Resource indicators (RFC 8707): the flags', else the profile's.
    pub resources: Vec<String>,
    /// The protected resource the issuer or client were found through
    /// (`login --resource URL` without them): its sign-in is stored under
    /// the resource. Set by the command once found; `None` otherwise.
    pub from_resource: Option<String>,
    /// The `audience` parameter: the flag, else the profile's.
    pub audience: Option<String>,
    /// `--param K=V` pairs.
    pub params: Vec<(String, String)>,
    /// The preset's extra authorization request parameters.
    pub preset_authorize_params: Vec<(String, String)>,
    /// The provider preset in force, if any.
    pub preset: Option<Preset>,
    /// The host of login's redirect URI: the flag, the profile's, the
    /// preset's (Entra ID: `localhost`), else `127.0.0.1`.
    pub redirect_host: String,
    /// The command that opens the browser instead of the default one.
    pub browser_command: Option<String>,
    /// How authorization requests are made: PAR, request objects, JARM, RAR.
    pub requests: RequestOptions,
    /// The profile's `device_pkce`: `device` sends a PKCE challenge.
    pub device_pkce: bool,
    /// DPoP (RFC 9449), when on: `--dpop`, `--dpop-key`, or the profile's
    /// `dpop = true` / `dpop_key`.
    pub dpop: Option<Dpop>,
}

/// DPoP settings, resolved: the key given, if any, and the algorithm.
#[derive(Debug, Clone)]
pub struct Dpop {
    /// The key from `--dpop-key` (else the profile's `dpop_key`), already
    /// set to `--dpop-alg` when given; `None`: a stored login's key, else a
    /// generated one.
    pub key: Option<Arc<crate::jwt::dpop::ProofKey>>,
    /// `--dpop-alg` (else the profile's `dpop_alg`), when given.
    pub alg: Option<crate::jwt::Alg>,
}

impl Dpop {
    /// The key to bind new tokens to: the one given, else a fresh one
    /// (ES256 unless another algorithm was asked for).
    pub fn key_or_generate(&self) -> Result<Arc<crate::jwt::dpop::ProofKey>> {
        match &self.key {
            Some(k) => Ok(Arc::clone(k)),
            None => {
                crate::jwt::dpop::ProofKey::generate(self.alg.unwrap_or(crate::jwt::Alg::ES256))
                    .map(Arc::new)
                    .map_err(|e| Error::input("generating a DPoP key", e))
            }
        }
    }
}

/// A DPoP key kept in the store, as a proof key (with `alg` when given, else
/// the key's default algorithm).
pub fn stored_dpop_key(
    pem: &Secret<String>,
    alg: Option<crate::jwt::Alg>,
) -> Result<Arc<crate::jwt::dpop::ProofKey>> {
    let bad = |e: String| Error::input("the stored DPoP key", e);
    let key = crate::jwt::dpop::ProofKey::from_pem_or_jwk(pem.expose().as_bytes(), "store")
        .map_err(bad)?;
    match alg {
        Some(a) if a != key.alg() => key.with_alg(a).map(Arc::new).map_err(bad),
        _ => Ok(Arc::new(key)),
    }
}

/// DPoP from the flags over the profile: on with `--dpop`, `--dpop-key`,
/// the profile's `dpop = true`, or its `dpop_key` (unless `dpop = false`).
fn dpop(client: &crate::cli::ClientArgs, profile: &Profile) -> Result<Option<Dpop>> {
    let on = client.dpop
        || client.dpop_key.is_some()
        || profile.dpop == Some(true)
        || (profile.dpop_key.is_some() && profile.dpop != Some(false));
    if !on {
        return Ok(None);
    }
    let alg = match client.dpop_alg.as_ref().or(profile.dpop_alg.as_ref()) {
        None => None,
        Some(name) => {
            let alg = crate::jwt::Alg::from_name(name.trim())
                .filter(|a| crate::jwt::dpop::ALGS.contains(a))
                .ok_or_else(|| {
                    Error::usage(format!(
                        "--dpop-alg '{name}': a DPoP proof needs an asymmetric algorithm \
                         (ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, EdDSA)"
                    ))
                })?;
            Some(alg)
        }
    };
    let path = client.dpop_key.as_ref().or(profile.dpop_key.as_ref());
    let key = match path {
        None => None,
        Some(path) => {
            let bytes = crate::error::read_file("DPoP key", path)?;
            let origin = format!("file {}", path.display());
            let key = crate::jwt::dpop::ProofKey::from_pem_or_jwk(&bytes, &origin)
                .map_err(|e| Error::input("DPoP key", e))?;
            let key = match alg {
                Some(a) => key
                    .with_alg(a)
                    .map_err(|e| Error::input("DPoP key", format!("{origin}: {e}")))?,
                None => key,
            };
            Some(Arc::new(key))
        }
    };
    Ok(Some(Dpop { key, alg }))
}

impl Provider {
    /// Resolve the provider options over the profile (whose preset, if any,
    /// is laid under it).
    fn resolve(
        args: ProviderArgs<'_>,
        profile: &Profile,
        env: &Environment,
        printer: &mut Printer,
    ) -> Result<Provider> {
        let issuer_args = args.issuer.cloned().unwrap_or_default();
        let client = args.client.cloned().unwrap_or_default();
        let preset = preset(&issuer_args, profile)?;
        let from_preset =
            |f: fn(&Preset) -> &Option<String>| preset.as_ref().and_then(|p| f(p).clone());
        let endpoint = |flag: &Option<String>, prof: &Option<String>, pre: Option<String>| {
            let with = |source| move |url: String| Endpoint { url, source };
            flag.clone()
                .map(with(Source::Flag))
                .or_else(|| prof.clone().map(with(Source::Profile)))
                .or_else(|| pre.map(with(Source::Preset)))
        };
        let endpoints = Endpoints {
            authorization: endpoint(
                &client.authorization_endpoint,
                &profile.authorization_endpoint,
                from_preset(|p| &p.authorization_endpoint),
            ),
            token: endpoint(
                &client.token_endpoint,
                &profile.token_endpoint,
                from_preset(|p| &p.token_endpoint),
            ),
            device_authorization: endpoint(
                &client.device_authorization_endpoint,
                &profile.device_authorization_endpoint,
                from_preset(|p| &p.device_authorization_endpoint),
            ),
            mtls: false,
        };
        let flag_scopes: Vec<String> = client
            .scope
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(str::to_owned)
            .collect();
        let scopes = if flag_scopes.is_empty() {
            profile.scopes.clone()
        } else {
            flag_scopes
        };
        let user_scopes = user_scopes(&client, profile, preset.as_ref(), &scopes);
        let params = params(&client.params)?;
        let mut given: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
        // login's --prompt is its own flag; the preset's prompt gives way to it.
        if args.prompt_given {
            given.push("prompt");
        }
        let preset_authorize_params = preset
            .iter()
            .flat_map(|p| p.authorize_params.iter())
            .filter(|(k, _)| !given.contains(&k.as_str()))
            .cloned()
            .collect();
        let redirect_host = redirect_host(args.redirect_host, profile, preset.as_ref())?;
        let requests = RequestOptions::resolve(&client, profile)?;
        // Only a command that acts as the client reads its credentials.
        let credentials = match args.client {
            Some(_) => credentials(&client, profile, env, printer)?,
            None => Credentials::default(),
        };
        Ok(Provider {
            issuer: issuer_args
                .issuer
                .clone()
                .or_else(|| profile.issuer.clone())
                .or_else(|| from_preset(|p| &p.issuer)),
            client_id: issuer_args
                .client_id
                .clone()
                .or_else(|| profile.client_id.clone()),
            endpoints: Endpoints {
                mtls: credentials.mtls(),
                ..endpoints
            },
            credentials,
            scopes,
            user_scopes,
            resources: if client.resource.is_empty() {
                profile.resource.clone()
            } else {
                client.resource.clone()
            },
            from_resource: None,
            audience: client.audience.clone().or_else(|| profile.audience.clone()),
            params,
            preset_authorize_params,
            preset,
            redirect_host,
            browser_command: args
                .browser_command
                .map(str::to_owned)
                .or_else(|| profile.browser_command.clone()),
            requests,
            device_pkce: profile.device_pkce,
            dpop: match args.client {
                Some(_) => dpop(&client, profile)?,
                None => None,
            },
        })
    }

    /// The issuer, or a usage error naming where to give one.
    pub fn required_issuer(&self) -> Result<&str> {
        self.issuer
            .as_deref()
            .ok_or_else(|| Error::usage("no issuer: give --issuer (or OAUTHCTL_ISSUER, a profile)"))
    }

    /// The client's authentication as the configured client ID.
    pub fn client_auth(&self, default: AuthDefault) -> Result<ClientAuth> {
        let client_id = match (&self.client_id, &self.credentials.assertion) {
            (Some(id), _) => id.clone(),
            (None, Some(a)) => a.subject()?,
            (None, None) => {
                return Err(Error::usage(
                    "no client ID: give --client-id, OAUTHCTL_CLIENT_ID or a profile",
                ));
            }
        };
        Ok(self
            .credentials
            .for_client(client_id, default)?
            .with_issuer(self.issuer.as_deref()))
    }

    /// Whether the client presents a TLS certificate, so that the
    /// metadata's `mtls_endpoint_aliases` apply (RFC 8705 §5).
    pub fn mtls(&self) -> bool {
        self.credentials.mtls()
    }

    /// The key that signs request objects (RFC 9101): `--private-key` (or
    /// the profile's), which must be asymmetric.
    pub fn request_object_key(&self) -> Result<crate::jwt::encode::SigningKey> {
        let path = self.credentials.private_key.as_ref().ok_or_else(|| {
            Error::usage("--request-object needs --private-key PATH (the key that signs it)")
        })?;
        let key = crate::jwt::encode::load_private(path)?;
        if key.public.is_none() {
            return Err(Error::usage(
                "--request-object needs an asymmetric private key (RSA, EC or Ed25519), not an \
                 HMAC secret",
            ));
        }
        Ok(key)
    }

    /// Where the token endpoint comes from, without asking anything yet:
    /// an explicit one, else the issuer's discovery (for mutual TLS, its
    /// `mtls_endpoint_aliases` first, RFC 8705 §5).
    pub fn token_endpoint(&self, mtls: bool) -> Result<TokenEndpoint> {
        if let Some(t) = &self.endpoints.token {
            return Ok(TokenEndpoint::Url(t.url.clone()));
        }
        let issuer = self.issuer.clone().ok_or_else(|| {
            Error::usage(
                "no issuer: give --issuer (or OAUTHCTL_ISSUER, a profile) or --token-endpoint",
            )
        })?;
        Ok(TokenEndpoint::Discovered { issuer, mtls })
    }

    /// The issuer's metadata. A preset that gives the endpoints itself
    /// (GitHub, which has no discovery; Entra ID, whose multi-tenant
    /// documents name a placeholder issuer; Google, whose device endpoint
    /// its document omits) is used as is, unless a flag or the profile
    /// names another issuer.
    pub fn metadata(&self, http: &HttpClient) -> Result<ProviderMetadata> {
        if let Some(preset) = &self.preset
            && let Some(md) = presets::metadata(
                preset,
                self.issuer.as_deref(),
                [
                    ("authorization_endpoint", &self.endpoints.authorization),
                    ("token_endpoint", &self.endpoints.token),
                    (
                        "device_authorization_endpoint",
                        &self.endpoints.device_authorization,
                    ),
                ]
                .map(|(k, e)| (k, e.as_ref().map(|e| e.url.as_str()))),
            )
        {
            return Ok(md);
        }
        let issuer = self.issuer.as_deref().ok_or_else(|| {
            Error::usage("no issuer: give --issuer, OAUTHCTL_ISSUER or a profile with an issuer")
        })?;
        crate::provider::discovery::fetch(http, issuer)
    }

    /// Which stored login the command means: the profile's, else the
    /// client's at the issuer (or token endpoint).
    pub fn entry_key(&self, profile_name: Option<&str>) -> Result<EntryKey> {
        if let Some(name) = profile_name {
            return Ok(EntryKey::profile(name));
        }
        let where_ = self
            .issuer
            .clone()
            .or_else(|| Endpoints::url(&self.endpoints.token));
        match (where_, &self.client_id) {
            (Some(i), Some(c)) => Ok(EntryKey::client(&i, c)),
            // `login --resource URL` with no issuer or client: the sign-in
            // made for that resource.
            _ if !self.resources.is_empty() => Ok(EntryKey::resource(&self.resources[0])),
            _ => Err(Error::usage(
                "which login? give -p PROFILE, or --issuer URL and --client-id ID \
                 (or OAUTHCTL_PROFILE, OAUTHCTL_ISSUER and OAUTHCTL_CLIENT_ID)",
            )),
        }
    }
}

impl Provider {
    /// The client of a stored login as these settings give it (the stored
    /// entry fills in what they leave out), for `f`.
    pub fn stored_client<R>(
        &self,
        http: &HttpClient,
        clock: &dyn Clock,
        f: impl FnOnce(&crate::flows::refresh::StoredClient<'_>) -> R,
    ) -> R {
        let auth = |client_id: String| self.credentials.for_client(client_id, AuthDefault::Public);
        f(&crate::flows::refresh::StoredClient {
            http,
            clock,
            client_id: self.client_id.as_deref(),
            auth: &auth,
            token_endpoint: self.endpoints.token.as_ref().map(|e| e.url.as_str()),
            issuer: self.issuer.as_deref(),
            mtls: self.mtls(),
        })
    }
}

/// Resolve the provider preset (flag or env, then profile, for its name,
/// tenant and domain).
fn preset(args: &crate::cli::IssuerArgs, profile: &Profile) -> Result<Option<Preset>> {
    let pick = |flag: &Option<String>, prof: &Option<String>| flag.clone().or_else(|| prof.clone());
    let Some(name) = pick(&args.provider, &profile.provider) else {
        return Ok(None);
    };
    presets::resolve(
        &name,
        pick(&args.tenant, &profile.tenant).as_deref(),
        pick(&args.domain, &profile.domain).as_deref(),
    )
    .map(Some)
}

/// The scopes of a user sign-in (see [`Provider::user_scopes`]).
fn user_scopes(
    client: &crate::cli::ClientArgs,
    profile: &Profile,
    preset: Option<&Preset>,
    scopes: &[String],
) -> Vec<String> {
    if !client.scope.is_empty() {
        return scopes.to_vec();
    }
    if profile.scopes.is_empty()
        && let Some(p) = preset
    {
        return p.scopes.clone();
    }
    let mut all = vec!["openid".to_owned()];
    for s in scopes {
        if !all.contains(s) {
            all.push(s.clone());
        }
    }
    all
}

/// The redirect host: the flag, the profile's, the preset's, else
/// `127.0.0.1` (RFC 8252 §7.3: a loopback literal).
fn redirect_host(flag: Option<&str>, profile: &Profile, preset: Option<&Preset>) -> Result<String> {
    let host = flag
        .map(str::to_owned)
        .or_else(|| profile.redirect_host.clone())
        .or_else(|| preset.and_then(|p| p.redirect_host.map(str::to_owned)))
        .unwrap_or_else(|| "127.0.0.1".into());
    match host.as_str() {
        "127.0.0.1" | "localhost" | "[::1]" => Ok(host),
        other => Err(Error::usage(format!(
            "the profile's redirect_host '{other}' is not 127.0.0.1, localhost or [::1]"
        ))),
    }
}

/// How the client authenticates: flags, then `OAUTHCTL_CLIENT_SECRET`, then
/// the profile (a secret file or the name of an environment variable,
/// never the secret itself).
fn credentials(
    client: &crate::cli::ClientArgs,
    profile: &Profile,
    env: &Environment,
    printer: &mut Printer,
) -> Result<Credentials> {
    let method = match (client.auth_method, profile.auth_method.as_deref()) {
        (Some(m), _) => Some(m),
        (None, Some(name)) => Some(parse_auth_method(name)?),
        (None, None) => None,
    };
    let secret = if let Some(path) = &client.client_secret_file {
        Some(SecretSource::File(path.clone()))
    } else if let Some(secret) = &client.client_secret {
        printer.warn(
            "--client-secret puts the secret in the process list for other users to read; \
             use --client-secret-file or OAUTHCTL_CLIENT_SECRET",
        );
        Some(SecretSource::Value(Secret::new(secret.clone())))
    } else if let Some(s) = &env.client_secret {
        Some(SecretSource::Value(Secret::new(s.clone())))
    } else if let Some(path) = &profile.client_secret_file {
        Some(SecretSource::File(path.clone()))
    } else {
        profile.client_secret_env.clone().map(SecretSource::EnvVar)
    };
    let client_cert = match (&client.client_cert, &client.client_key) {
        (Some(c), Some(k)) => Some((c.clone(), k.clone())),
        _ => profile.client_cert.clone().zip(profile.client_key.clone()),
    };
    Ok(Credentials {
        method,
        private_key: client
            .private_key
            .clone()
            .or_else(|| profile.private_key.clone()),
        client_cert,
        secret,
        assertion: assertion_source(client, profile)?,
    })
}

/// `--client-assertion SRC`, else the profile's `client_assertion`, which
/// names a source and never holds the assertion itself (a configuration
/// file is no place for a credential).
fn assertion_source(
    client: &crate::cli::ClientArgs,
    profile: &Profile,
) -> Result<Option<AssertionSource>> {
    use crate::sources::Source;
    if let Some(spec) = &client.client_assertion {
        return Ok(Some(AssertionSource::new(Source::parse(spec)?)));
    }
    let Some(spec) = &profile.client_assertion else {
        return Ok(None);
    };
    match Source::parse(spec)? {
        Source::Literal(_) => Err(Error::usage(
            "the profile's client_assertion names where the assertion comes from (@FILE, \
             env:VAR, exec:CMD, github-actions:AUDIENCE, gitlab, kubernetes…), not the \
             assertion itself",
        )),
        source => Ok(Some(AssertionSource::new(source))),
    }
}

/// `--param K=V` pairs.
fn params(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => Err(Error::usage(format!("--param '{p}' is not K=V"))),
        })
        .collect()
}

fn parse_auth_method(name: &str) -> Result<AuthMethod> {
    use clap::ValueEnum;
    AuthMethod::from_str(name, false).map_err(|_| {
        Error::usage(format!(
            "the profile's auth_method '{name}' is not one oauthctl knows"
        ))
    })
}

/// An `Origin` header value (RFC 6454 §7): scheme, host and port only.
fn origin_header(value: &str) -> Result<String> {
    let bad = |why: &str| Error::usage(format!("--origin '{value}' is not an origin: {why}"));
    let url = url::Url::parse(value).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("give an http(s) URL such as http://localhost:3000"));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(bad("an origin has no path, query or fragment"));
    }
    Ok(url.origin().ascii_serialization())
}

/// kubectl's `KUBERNETES_EXEC_INFO` for an exec credential plugin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeExec {
    /// The ExecCredential `apiVersion` to answer with.
    pub api_version: &'static str,
    /// `spec.interactive`, when kubectl said.
    pub interactive: Option<bool>,
}

/// The ExecCredential versions oauthctl answers.
pub const EXEC_CREDENTIAL_VERSIONS: [&str; 2] = [
    "client.authentication.k8s.io/v1",
    "client.authentication.k8s.io/v1beta1",
];

impl KubeExec {
    /// Parse `KUBERNETES_EXEC_INFO` (absent: v1).
    pub fn parse(raw: Option<&str>) -> Result<KubeExec> {
        let Some(raw) = raw else {
            return Ok(KubeExec {
                api_version: EXEC_CREDENTIAL_VERSIONS[0],
                interactive: None,
            });
        };
        let bad = |detail: String| Error::input("KUBERNETES_EXEC_INFO", detail);
        let v: serde_json::Value =
            serde_json::from_str(raw).map_err(|e| bad(format!("not JSON ({e})")))?;
        let asked = v.get("apiVersion").and_then(serde_json::Value::as_str);
        let api_version = match asked {
            None => EXEC_CREDENTIAL_VERSIONS[0],
            Some(a) => EXEC_CREDENTIAL_VERSIONS
                .into_iter()
                .find(|k| *k == a)
                .ok_or_else(|| {
                    bad(format!(
                        "apiVersion '{}' is not one oauthctl answers ({})",
                        crate::secret::printable(a),
                        EXEC_CREDENTIAL_VERSIONS.join(", ")
                    ))
                })?,
        };
        let interactive = v
            .get("spec")
            .and_then(|s| s.get("interactive"))
            .and_then(serde_json::Value::as_bool);
        Ok(KubeExec {
            api_version,
            interactive,
        })
    }
}

/// Everything a command needs from the world.
pub struct Context {
    /// The requested output format, if any.
    pub format: Option<OutputFormat>,
    /// The issuer and client, resolved.
    pub provider: Provider,
    /// The HTTP client (built on first use; it presents the client
    /// certificate, when one is configured, in every TLS handshake).
    pub http: Arc<HttpClient>,
    /// Where output goes.
    pub printer: Printer,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Whether stdout is coloured.
    pub color: bool,
    /// The profile's name, when one was chosen.
    pub profile_name: Option<String>,
    /// Who acts for the user in `login` and `device` instead of a browser
    /// and a person (`demo`'s user agent); `None` in normal use.
    pub user_agent: Option<Arc<dyn crate::browser::UserAgent>>,
    /// `--store` / `OAUTHCTL_STORE` (`None`: keyring, else files).
    store_choice: Option<Backend>,
    /// The token store, opened on first use.
    store: Option<Store>,
    /// Whether the file-fallback notice was printed.
    store_noticed: bool,
    /// `KUBERNETES_EXEC_INFO`, as kubectl set it (read by `-o exec-credential`).
    pub kubernetes_exec_info: Option<String>,
}

impl Context {
    /// Resolve the global options and the provider options of a command
    /// line in this process's environment.
    pub fn from_args(g: &GlobalArgs, provider: ProviderArgs<'_>) -> Result<Context> {
        Context::resolve(g, provider, &Environment::process())
    }

    /// Resolve the global options and the provider options in `env`.
    pub fn resolve(
        g: &GlobalArgs,
        provider_args: ProviderArgs<'_>,
        env: &Environment,
    ) -> Result<Context> {
        use std::io::IsTerminal;
        let color = color_enabled(g.color, std::io::stdout().is_terminal());
        let mut printer = Printer::stdio(color, g.quiet);
        let profile = load_profile(g)?;
        let talks_to_issuer = provider_args.issuer.is_some();
        let provider = if talks_to_issuer {
            Provider::resolve(provider_args, &profile, env, &mut printer)?
        } else {
            Provider::default()
        };
        let origin = match provider_args.issuer.and_then(|a| a.origin.as_deref()) {
            Some(o) => Some(o.to_owned()),
            None => profile.origin.clone(),
        }
        .map(|o| origin_header(&o))
        .transpose()?;
        if g.timeout == 0 {
            return Err(Error::usage("--timeout must be at least 1 second"));
        }
        if g.insecure {
            printer.warn(
                "TLS certificate verification is OFF (--insecure): anyone on the network path \
                 can impersonate the server and read what is sent",
            );
        }
        let explicit = match (&g.proxy, &profile.proxy) {
            (Some(p), _) => Some((p.as_str(), "--proxy")),
            (None, Some(p)) => Some((p.as_str(), "the profile's proxy setting")),
            (None, None) => None,
        };
        let proxies = crate::proxy::Proxies::from_process(explicit).map_err(Error::usage)?;
        let mut provider = provider;
        let http = HttpClient::new(
            HttpSettings {
                timeout: Duration::from_secs(g.timeout),
                cacerts: g.cacert.clone(),
                insecure: g.insecure,
                verbosity: g.verbose,
                origin,
                // RFC 8705 §2: the certificate is presented in every handshake.
                identity: provider.credentials.client_cert.clone(),
                proxies,
                ..HttpSettings::default()
            },
            trace_sink(g),
        );
        let http = Arc::new(http);
        if let Some(a) = &mut provider.credentials.assertion {
            a.http = Some(Arc::clone(&http));
        }
        Ok(Context {
            format: g.output,
            provider,
            http,
            printer,
            clock: Arc::new(SystemClock),
            color,
            profile_name: g.profile.clone(),
            user_agent: None,
            store_choice: g.store.map(|s| match s {
                StoreChoice::Keyring => Backend::Keyring,
                StoreChoice::File => Backend::File,
            }),
            store: None,
            store_noticed: false,
            kubernetes_exec_info: env.kubernetes_exec_info.clone(),
        })
    }

    /// The output format, checked against what the command supports; the
    /// first supported one is the default.
    pub fn format(&self, command: &str, supported: &[OutputFormat]) -> Result<OutputFormat> {
        match self.format {
            None => Ok(supported[0]),
            Some(f) if supported.contains(&f) => Ok(f),
            Some(f) => {
                use clap::ValueEnum;
                let name = |f: &OutputFormat| {
                    f.to_possible_value()
                        .map(|v| v.get_name().to_owned())
                        .unwrap_or_default()
                };
                Err(Error::usage(format!(
                    "{command} does not support -o {} (it supports: {})",
                    name(&f),
                    supported.iter().map(name).collect::<Vec<_>>().join(", ")
                )))
            }
        }
    }

    /// The issuer a command needs: its positional argument, else the
    /// provider's; a usage error when there is none.
    pub fn required_issuer(&self, positional: Option<String>) -> Result<String> {
        positional
            .or_else(|| self.provider.issuer.clone())
            .ok_or_else(|| {
                Error::usage("no issuer: give ISSUER, --issuer, OAUTHCTL_ISSUER or a profile")
            })
    }

    /// Which stored login the command means (see [`Provider::entry_key`]).
    pub fn entry_key(&self) -> Result<EntryKey> {
        self.provider.entry_key(self.profile_name.as_deref())
    }

    /// What kubectl asked in `KUBERNETES_EXEC_INFO` (v1 and interactive
    /// unknown when it is not set, as older kubectl and other callers run).
    pub fn kube_exec(&self) -> Result<KubeExec> {
        KubeExec::parse(self.kubernetes_exec_info.as_deref())
    }

    /// [`Context::kube_exec`] for `-o exec-credential`; the default for
    /// any other format (which does not read it).
    pub fn kube_exec_for(&self, format: OutputFormat) -> Result<KubeExec> {
        match format {
            OutputFormat::ExecCredential => self.kube_exec(),
            _ => KubeExec::parse(None),
        }
    }
}

/// The profile in force (empty when none). An explicit --config is still
/// validated, so typos surface.
fn load_profile(g: &GlobalArgs) -> Result<Profile> {
    match &g.profile {
        Some(name) => {
            let (path, cfg) = config::load(g.config.as_deref())?;
            cfg.profile(name, path.as_deref())
        }
        None => {
            if g.config.is_some() {
                config::load(g.config.as_deref())?;
            }
            Ok(Profile::default())
        }
    }
}

/// The `-v` trace: HTTP exchanges on stderr, dimmed on a terminal.
fn trace_sink(g: &GlobalArgs) -> Option<TraceSink> {
    use std::io::IsTerminal;
    if g.verbose == 0 || g.quiet {
        return None;
    }
    let prefix_color = color_enabled(g.color, std::io::stderr().is_terminal());
    Some(Arc::new(move |line: &str| {
        // Headers and bodies are the server's: escaped, one line each.
        let line = &*crate::output::printable(line);
        if prefix_color {
            eprintln!("{}", paint(Style::Dim, line));
        } else {
            eprintln!("{line}");
        }
    }))
}

/// The token store.
impl Context {
    /// The store (`--store`, `OAUTHCTL_STORE`, else the keyring with the
    /// file fallback), opened once.
    pub fn store(&mut self) -> Result<Store> {
        if let Some(s) = &self.store {
            return Ok(s.clone());
        }
        let s = Store::open(self.store_choice)?;
        self.store = Some(s.clone());
        Ok(s)
    }

    /// `--store` / `OAUTHCTL_STORE`: `None` means the keyring, else files.
    pub fn store_choice(&self) -> Option<Backend> {
        self.store_choice
    }

    /// Use `store` instead of opening the one the options name (`demo`
    /// keeps everything in a temporary directory).
    pub fn use_store(&mut self, store: Store) {
        self.store = Some(store);
    }

    /// After writing to the store: when it fell back to files, say so
    /// once, on stderr.
    pub fn store_notice(&mut self) {
        if self.store_noticed {
            return;
        }
        let reason = self
            .store
            .as_ref()
            .and_then(|s| s.fallback().map(str::to_owned));
        if let Some(reason) = reason {
            self.store_noticed = true;
            let dir = crate::store::file::state_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            self.printer.notice(&format!(
                "notice: no keyring available ({reason}); tokens are kept in private files under {dir} \
                 (--store file or OAUTHCTL_STORE=file makes this the choice and hides this notice)"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{ClientArgs, IssuerArgs};

    fn quiet() -> Printer {
        Printer::new(Box::new(std::io::sink()), Box::new(std::io::sink()), true)
    }

    fn resolve(issuer: IssuerArgs, client: ClientArgs, profile: &Profile) -> Result<Provider> {
        let args = ProviderArgs {
            issuer: Some(&issuer),
            client: Some(&client),
            ..ProviderArgs::default()
        };
        Provider::resolve(args, profile, &Environment::default(), &mut quiet())
    }

    #[test]
    fn a_flag_wins_over_the_profile_which_wins_over_the_preset() {
        let profile = Profile {
            provider: Some("keycloak".into()),
            domain: Some("https://kc.example".into()),
            tenant: Some("dev".into()),
            token_endpoint: Some("https://profile.example/token".into()),
            scopes: vec!["profile-scope".into()],
            client_id: Some("from-profile".into()),
            ..Profile::default()
        };
        let p = resolve(IssuerArgs::default(), ClientArgs::default(), &profile).unwrap();
        assert_eq!(p.issuer.as_deref(), Some("https://kc.example/realms/dev"));
        assert_eq!(p.client_id.as_deref(), Some("from-profile"));
        let token = p.endpoints.token.clone().unwrap();
        assert_eq!(
            (token.url.as_str(), token.source),
            ("https://profile.example/token", Source::Profile)
        );
        assert_eq!(p.scopes, ["profile-scope"]);
        assert_eq!(p.user_scopes, ["openid", "profile-scope"]);

        let flags = ClientArgs {
            token_endpoint: Some("https://flag.example/token".into()),
            scope: vec!["a b".into(), "c".into()],
            ..ClientArgs::default()
        };
        let issuer = IssuerArgs {
            issuer: Some("https://flag.example".into()),
            client_id: Some("from-flag".into()),
            ..IssuerArgs::default()
        };
        let p = resolve(issuer, flags, &profile).unwrap();
        assert_eq!(p.issuer.as_deref(), Some("https://flag.example"));
        assert_eq!(p.client_id.as_deref(), Some("from-flag"));
        assert_eq!(p.endpoints.token.as_ref().unwrap().source, Source::Flag);
        assert_eq!(p.scopes, ["a", "b", "c"]);
        assert_eq!(
            p.user_scopes,
            ["a", "b", "c"],
            "given scopes are used as given"
        );
        assert_eq!(
            p.token_endpoint(false).unwrap(),
            TokenEndpoint::Url("https://flag.example/token".into())
        );
    }

    #[test]
    fn the_preset_fills_what_nothing_else_gives() {
        let issuer = IssuerArgs {
            provider: Some("github".into()),
            ..IssuerArgs::default()
        };
        let p = resolve(issuer, ClientArgs::default(), &Profile::default()).unwrap();
        assert_eq!(p.endpoints.token.as_ref().unwrap().source, Source::Preset);
        assert_eq!(
            p.endpoints.device_authorization.as_ref().unwrap().source,
            Source::Preset
        );
        // GitHub is not OpenID Connect: no `openid` added.
        assert!(!p.user_scopes.contains(&"openid".to_owned()));
        let md = p
            .metadata(&HttpClient::new(HttpSettings::default(), None))
            .unwrap();
        assert!(md.source_url.contains("github preset"), "{}", md.source_url);
    }

    #[test]
    fn a_client_assertion_wins_and_names_the_client_when_no_id_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.jwt");
        // {"alg":"none"} . {"sub":"svc-from-sub"} . (no signature needed to read sub)
        std::fs::write(
            &file,
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMtZnJvbS1zdWIifQ.sig\n",
        )
        .unwrap();
        let flags = ClientArgs {
            client_assertion: Some(format!("@{}", file.display())),
            ..ClientArgs::default()
        };
        let env = Environment {
            client_secret: Some("from-env".into()),
            ..Environment::default()
        };
        let c = credentials(&flags, &Profile::default(), &env, &mut quiet()).unwrap();
        // Over the environment's secret, for a login as for a machine.
        for default in [AuthDefault::Public, AuthDefault::Confidential] {
            match c.for_client("given".into(), default).unwrap() {
                ClientAuth::Assertion {
                    client_id,
                    assertion,
                } => {
                    assert_eq!(client_id, "given");
                    assert_eq!(
                        assertion.expose(),
                        "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMtZnJvbS1zdWIifQ.sig"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        let p = Provider {
            credentials: c.clone(),
            ..Provider::default()
        };
        assert_eq!(
            p.client_auth(AuthDefault::Confidential)
                .unwrap()
                .client_id(),
            "svc-from-sub"
        );
        // Only private_key_jwt (or nothing) goes with it.
        let c = Credentials {
            method: Some(AuthMethod::ClientSecretPost),
            ..c
        };
        let e = c
            .for_client("x".into(), AuthDefault::Confidential)
            .unwrap_err();
        assert!(e.to_string().contains("client_secret_post"), "{e}");
        // A profile names a source, never the assertion itself.
        let profile = Profile {
            client_assertion: Some("gitlab:AWS_ID_TOKEN".into()),
            ..Profile::default()
        };
        let c = credentials(&ClientArgs::default(), &profile, &env, &mut quiet()).unwrap();
        assert_eq!(
            c.assertion.unwrap().source,
            crate::sources::Source::Gitlab {
                var: "AWS_ID_TOKEN".into()
            }
        );
        let profile = Profile {
            client_assertion: Some("eyJhbGciOiJub25lIn0.e30.sig".into()),
            ..Profile::default()
        };
        let e = credentials(&ClientArgs::default(), &profile, &env, &mut quiet()).unwrap_err();
        assert!(!e.to_string().contains("eyJhbGci"), "{e}");
        // An assertion that is no JWT names no client: give --client-id.
        std::fs::write(&file, "opaque").unwrap();
        let c = credentials(&flags, &Profile::default(), &env, &mut quiet()).unwrap();
        let p = Provider {
            credentials: c,
            ..Provider::default()
        };
        let e = p.client_auth(AuthDefault::Confidential).unwrap_err();
        assert!(e.to_string().contains("--client-id"), "{e}");
    }

    #[test]
    fn credentials_follow_the_documented_order_and_defaults() {
        let env = Environment {
            client_secret: Some("from-env".into()),
            ..Environment::default()
        };
        let profile = Profile {
            client_secret_env: Some("OAUTHCTL_TEST_UNSET_VARIABLE".into()),
            ..Profile::default()
        };
        let none = ClientArgs::default();
        let c = credentials(&none, &profile, &env, &mut quiet()).unwrap();
        // The environment's secret wins over the profile's variable.
        match c.for_client("cli".into(), AuthDefault::Public).unwrap() {
            ClientAuth::SecretBasic { secret, .. } => assert_eq!(secret.expose(), "from-env"),
            other => panic!("{other:?}"),
        }
        // With no secret at all a login is a public client, a machine
        // client is refused with the flags to give.
        let c = credentials(
            &none,
            &Profile::default(),
            &Environment::default(),
            &mut quiet(),
        )
        .unwrap();
        assert!(matches!(
            c.for_client("cli".into(), AuthDefault::Public).unwrap(),
            ClientAuth::None { .. }
        ));
        let err = c
            .for_client("svc".into(), AuthDefault::Confidential)
            .unwrap_err();
        assert!(err.to_string().contains("--client-secret-file"), "{err}");
        // The profile's variable, unset: the error names it.
        let c = credentials(&none, &profile, &Environment::default(), &mut quiet()).unwrap();
        let err = c
            .for_client("svc".into(), AuthDefault::Confidential)
            .unwrap_err();
        assert!(
            err.to_string().contains("$OAUTHCTL_TEST_UNSET_VARIABLE"),
            "{err}"
        );
        // A bad method in the profile is a configuration error.
        let bad = Profile {
            auth_method: Some("magic".into()),
            ..Profile::default()
        };
        assert!(credentials(&none, &bad, &Environment::default(), &mut quiet()).is_err());
    }

    #[test]
    fn request_options_come_from_the_flags_else_the_profile() {
        use crate::flows::jarm::ResponseMode;
        let profile: Profile = toml::from_str(
            "par = true\nresponse_mode = \"form_post.jwt\"\n\
             [[authorization_details]]\ntype = \"account_information\"\nactions = [\"read\"]\n",
        )
        .unwrap();
        let r = RequestOptions::resolve(&ClientArgs::default(), &profile).unwrap();
        assert!(r.par && !r.request_object);
        assert_eq!(r.response_mode, Some(ResponseMode::FormPostJwt));
        assert_eq!(
            r.authorization_details,
            Some(serde_json::json!([{"type": "account_information", "actions": ["read"]}]))
        );
        let flags = ClientArgs {
            request_object: true,
            response_mode: Some("query.jwt".into()),
            authorization_details: Some(r#"[{"type":"payment_initiation"}]"#.into()),
            ..ClientArgs::default()
        };
        let r = RequestOptions::resolve(&flags, &profile).unwrap();
        assert!(r.par && r.request_object);
        assert_eq!(r.response_mode, Some(ResponseMode::QueryJwt));
        assert_eq!(
            r.authorization_details,
            Some(serde_json::json!([{"type": "payment_initiation"}]))
        );
        // A profile's string is JSON (or @FILE) like the flag's.
        let text: Profile =
            toml::from_str("authorization_details = '[{\"type\": \"t\"}]'\n").unwrap();
        let r = RequestOptions::resolve(&ClientArgs::default(), &text).unwrap();
        assert_eq!(
            r.authorization_details,
            Some(serde_json::json!([{"type": "t"}]))
        );
        for bad in [
            "{}",
            "[]",
            "[1]",
            r#"[{"type": 1}]"#,
            r#"[{"actions": []}]"#,
            "nope",
        ] {
            let flags = ClientArgs {
                authorization_details: Some(bad.into()),
                ..ClientArgs::default()
            };
            let e = RequestOptions::resolve(&flags, &Profile::default()).unwrap_err();
            assert_eq!(e.exit_status().code(), 2, "{bad}: {e}");
        }
        let flags = ClientArgs {
            response_mode: Some("fragment.jwt".into()),
            ..ClientArgs::default()
        };
        assert_eq!(
            RequestOptions::resolve(&flags, &Profile::default())
                .unwrap_err()
                .exit_status()
                .code(),
            2
        );
    }

    #[test]
    fn jwt_and_mtls_methods_from_flags_or_profile() {
        let env = Environment {
            client_secret: Some("s3cret".into()),
            ..Environment::default()
        };
        // client_secret_jwt by name in the profile; its assertions go to
        // the issuer.
        let profile = Profile {
            issuer: Some("https://as.example".into()),
            client_id: Some("svc".into()),
            auth_method: Some("client_secret_jwt".into()),
            ..Profile::default()
        };
        let args = ProviderArgs {
            issuer: Some(&IssuerArgs::default()),
            client: Some(&ClientArgs::default()),
            ..ProviderArgs::default()
        };
        let p = Provider::resolve(args, &profile, &env, &mut quiet()).unwrap();
        match p.client_auth(AuthDefault::Confidential).unwrap() {
            ClientAuth::SecretJwt {
                client_id,
                secret,
                issuer,
            } => {
                assert_eq!(client_id, "svc");
                assert_eq!(secret.expose(), "s3cret");
                assert_eq!(issuer.as_deref(), Some("https://as.example"));
            }
            other => panic!("{other:?}"),
        }
        assert!(!p.mtls() && !p.endpoints.overrides().mtls);
        // self_signed_tls_client_auth needs the certificate; with one, the
        // mTLS aliases apply.
        let flags = ClientArgs {
            auth_method: Some(AuthMethod::SelfSignedTlsClientAuth),
            ..ClientArgs::default()
        };
        let c = credentials(&flags, &Profile::default(), &env, &mut quiet()).unwrap();
        let e = c
            .for_client("svc".into(), AuthDefault::Confidential)
            .unwrap_err();
        assert!(e.to_string().contains("needs --client-cert"), "{e}");
        assert!(!c.mtls());
        let flags = ClientArgs {
            client_cert: Some("c.pem".into()),
            client_key: Some("k.pem".into()),
            ..flags
        };
        let c = credentials(&flags, &Profile::default(), &env, &mut quiet()).unwrap();
        assert!(c.mtls());
        assert_eq!(
            c.for_client("svc".into(), AuthDefault::Confidential)
                .unwrap()
                .method(),
            "self_signed_tls_client_auth"
        );
        let p = resolve(IssuerArgs::default(), flags, &Profile::default()).unwrap();
        assert!(p.mtls() && p.endpoints.overrides().mtls);
        // device_pkce from the profile.
        let kc = Profile {
            device_pkce: true,
            ..Profile::default()
        };
        let p = resolve(IssuerArgs::default(), ClientArgs::default(), &kc).unwrap();
        assert!(p.device_pkce);
    }

    #[test]
    fn the_redirect_host_is_a_loopback_literal() {
        let profile = Profile {
            redirect_host: Some("example.com".into()),
            ..Profile::default()
        };
        assert!(redirect_host(None, &profile, None).is_err());
        assert_eq!(
            redirect_host(Some("localhost"), &profile, None).unwrap(),
            "localhost"
        );
        assert_eq!(
            redirect_host(None, &Profile::default(), None).unwrap(),
            "127.0.0.1"
        );
    }

    #[test]
    fn kubernetes_exec_info_picks_the_exec_credential_version() {
        let v1 = "client.authentication.k8s.io/v1";
        let beta = "client.authentication.k8s.io/v1beta1";
        assert_eq!(KubeExec::parse(None).unwrap().api_version, v1);
        let k = KubeExec::parse(Some(&format!(
            r#"{{"apiVersion":"{beta}","kind":"ExecCredential","spec":{{"interactive":false}}}}"#
        )))
        .unwrap();
        assert_eq!((k.api_version, k.interactive), (beta, Some(false)));
        assert_eq!(KubeExec::parse(Some("{}")).unwrap().api_version, v1);
        for bad in [
            "not json",
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
        ] {
            let e = KubeExec::parse(Some(bad)).unwrap_err();
            assert_eq!(e.exit_status(), crate::error::ExitStatus::Usage);
            assert!(e.to_string().starts_with("KUBERNETES_EXEC_INFO"), "{e}");
        }
    }
}

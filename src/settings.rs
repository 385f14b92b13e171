//! Parsed arguments resolved into settings, once, before a command runs:
//! flag, then environment (clap reads `env = …`), then profile, then
//! default. Commands read settings; they never juggle raw options.

use std::sync::Arc;
use std::time::Duration;

use crate::cli::{GlobalArgs, IssuerArgs, OutputFormat, StoreChoice};
use crate::clock::{Clock, SystemClock};
use crate::config::{self, Profile};
use crate::error::{Error, Result};
use crate::http::{HttpClient, HttpSettings, TraceSink};
use crate::output::{Printer, Style, color_enabled, paint};
use crate::provider::presets::{self, Preset};
use crate::store::{Backend, EntryKey, Store};

/// Everything a command needs from the world.
pub struct Context {
    /// The requested output format, if any.
    pub format: Option<OutputFormat>,
    /// The profile in force (empty when none).
    pub profile: Profile,
    /// The HTTP client (built on first use).
    pub http: Arc<HttpClient>,
    /// Where output goes.
    pub printer: Printer,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Whether stdout is coloured.
    pub color: bool,
    /// The provider preset in force, if any (its issuer and endpoints are
    /// already laid under the profile; its login scopes and parameters are
    /// here for the interactive flows).
    pub preset: Option<Preset>,
    /// The profile's name, when one was chosen.
    pub profile_name: Option<String>,
    /// Who acts for the user in `login` and `device` instead of a browser
    /// and a person (`demo`'s user agent); `None` in normal use.
    pub user_agent: Option<Arc<dyn crate::browser::UserAgent>>,
    /// Whether `OAUTHCTL_CLIENT_SECRET` may supply the client secret
    /// (`demo` runs its steps without the user's environment).
    pub secret_from_env: bool,
    /// `--store` / `OAUTHCTL_STORE` (`None`: keyring, else files).
    store_choice: Option<Backend>,
    /// The token store, opened on first use.
    store: Option<Store>,
    /// Whether the file-fallback notice was printed.
    store_noticed: bool,
}

impl Context {
    /// Resolve the global options, and the provider options of a command
    /// that talks to an issuer (see [`crate::cli::Command::issuer_args`]).
    pub fn from_args(g: &GlobalArgs, issuer: Option<&IssuerArgs>) -> Result<Context> {
        use std::io::IsTerminal;
        let color = color_enabled(g.color, std::io::stdout().is_terminal());
        let mut printer = Printer::stdio(color, g.quiet);
        let mut profile = match &g.profile {
            Some(name) => {
                let (path, cfg) = config::load(g.config.as_deref())?;
                cfg.profile(name, path.as_deref())?
            }
            None => {
                // An explicit --config is still validated, so typos surface.
                if g.config.is_some() {
                    config::load(g.config.as_deref())?;
                }
                Profile::default()
            }
        };
        let preset = match issuer {
            Some(args) => apply_preset(&mut profile, args)?,
            None => None,
        };
        let origin = match issuer.and_then(|a| a.origin.as_deref()) {
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
        let trace: Option<TraceSink> = if g.verbose > 0 && !g.quiet {
            let prefix_color = color_enabled(g.color, std::io::stderr().is_terminal());
            Some(Arc::new(move |line: &str| {
                if prefix_color {
                    eprintln!("{}", paint(Style::Dim, line));
                } else {
                    eprintln!("{line}");
                }
            }))
        } else {
            None
        };
        let http = HttpClient::new(
            HttpSettings {
                timeout: Duration::from_secs(g.timeout),
                cacerts: g.cacert.clone(),
                insecure: g.insecure,
                verbosity: g.verbose,
                origin,
                ..HttpSettings::default()
            },
            trace,
        );
        Ok(Context {
            format: g.output,
            profile,
            http: Arc::new(http),
            printer,
            clock: Arc::new(SystemClock),
            color,
            preset,
            profile_name: g.profile.clone(),
            user_agent: None,
            secret_from_env: true,
            store_choice: g.store.map(|s| match s {
                StoreChoice::Keyring => Backend::Keyring,
                StoreChoice::File => Backend::File,
            }),
            store: None,
            store_noticed: false,
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

    /// The issuer: the flag (or `OAUTHCTL_ISSUER`), else the profile's.
    pub fn issuer(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| self.profile.issuer.clone())
    }

    /// The issuer a command needs: its positional argument, else
    /// [`Context::issuer`]; a usage error when there is none.
    pub fn required_issuer(
        &self,
        positional: Option<String>,
        flag: Option<&str>,
    ) -> Result<String> {
        positional.or_else(|| self.issuer(flag)).ok_or_else(|| {
            Error::usage("no issuer: give ISSUER, --issuer, OAUTHCTL_ISSUER or a profile")
        })
    }

    /// The client ID: the flag (or `OAUTHCTL_CLIENT_ID`), else the profile's.
    pub fn client_id(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| self.profile.client_id.clone())
    }
}

/// Client settings: authentication, secrets and the token endpoint.
impl Context {
    /// Resolve how the client authenticates: flags, then
    /// `OAUTHCTL_CLIENT_SECRET`, then the profile (a secret file or the name
    /// of an environment variable, never the secret itself).
    pub fn client_auth(
        &mut self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
    ) -> Result<crate::flows::client_auth::ClientAuth> {
        self.resolve_client_auth(issuer, client, false)
    }

    /// The same for a user login (`login`, `device`): a public client
    /// (`none`, RFC 8252 §8.4) unless a method, a key or a secret is given.
    pub fn user_client_auth(
        &mut self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
    ) -> Result<crate::flows::client_auth::ClientAuth> {
        self.resolve_client_auth(issuer, client, true)
    }

    fn resolve_client_auth(
        &mut self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
        public_default: bool,
    ) -> Result<crate::flows::client_auth::ClientAuth> {
        let client_id = self.client_id(issuer.client_id.as_deref()).ok_or_else(|| {
            Error::usage("no client ID: give --client-id, OAUTHCTL_CLIENT_ID or a profile")
        })?;
        self.client_auth_for(client_id, client, public_default)
    }

    /// How `client_id` authenticates (a stored login's client, for one).
    /// With `public_default`, a client for which nothing is configured (no
    /// method, key, certificate or secret) is public (`none`); otherwise the
    /// default is `client_secret_basic`. A client certificate (flag or
    /// profile) is presented in every TLS handshake from here on (RFC 8705).
    pub fn client_auth_for(
        &mut self,
        client_id: String,
        client: &crate::cli::ClientArgs,
        public_default: bool,
    ) -> Result<crate::flows::client_auth::ClientAuth> {
        use crate::cli::AuthMethod;
        use crate::flows::client_auth::ClientAuth;
        use crate::secret::Secret;
        let key_path = client
            .private_key
            .clone()
            .or_else(|| self.profile.private_key.clone());
        let cert = match (&client.client_cert, &client.client_key) {
            (Some(c), Some(k)) => Some((c.clone(), k.clone())),
            _ => self
                .profile
                .client_cert
                .clone()
                .zip(self.profile.client_key.clone()),
        };
        if let Some((c, k)) = &cert {
            self.http = Arc::new(self.http.with_identity(c.clone(), k.clone()));
        }
        let method = match (client.auth_method, self.profile.auth_method.as_deref()) {
            (Some(m), _) => Some(m),
            (None, Some(name)) => Some(parse_auth_method(name)?),
            (None, None) => None,
        };
        let method = match method {
            Some(m) => m,
            None if key_path.is_some() => AuthMethod::PrivateKeyJwt,
            None if cert.is_some() => AuthMethod::TlsClientAuth,
            None if public_default => match self.client_secret(client)? {
                Some(secret) => {
                    return Ok(ClientAuth::SecretBasic {
                        client_id,
                        secret: Secret::new(secret),
                    });
                }
                None => AuthMethod::None,
            },
            None => AuthMethod::ClientSecretBasic,
        };
        match method {
            AuthMethod::None => Ok(ClientAuth::None { client_id }),
            AuthMethod::TlsClientAuth if cert.is_none() => Err(Error::usage(
                "tls_client_auth needs --client-cert PEM and --client-key PEM",
            )),
            AuthMethod::TlsClientAuth => Ok(ClientAuth::TlsClientAuth { client_id }),
            AuthMethod::PrivateKeyJwt => {
                let path = key_path
                    .ok_or_else(|| Error::usage("private_key_jwt needs --private-key PATH"))?;
                let key = crate::jwt::encode::load_private(&path)?;
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
            AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost => {
                let secret = Secret::new(self.client_secret(client)?.ok_or_else(|| {
                    Error::usage(
                        "no client secret: give --client-secret-file PATH or set OAUTHCTL_CLIENT_SECRET \
                         (or --private-key for private_key_jwt)",
                    )
                })?);
                Ok(if method == AuthMethod::ClientSecretPost {
                    ClientAuth::SecretPost { client_id, secret }
                } else {
                    ClientAuth::SecretBasic { client_id, secret }
                })
            }
        }
    }

    fn client_secret(&mut self, client: &crate::cli::ClientArgs) -> Result<Option<String>> {
        let from_file = |path: &std::path::Path| -> Result<String> {
            let bytes = crate::error::read_file("client secret file", path)?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::input(
                    format!("client secret file {}", path.display()),
                    "not UTF-8",
                )
            })?;
            let secret = text.trim_end_matches(['\n', '\r']).to_owned();
            if secret.is_empty() {
                return Err(Error::input(
                    format!("client secret file {}", path.display()),
                    "the file is empty",
                ));
            }
            Ok(secret)
        };
        if let Some(path) = &client.client_secret_file {
            return from_file(path).map(Some);
        }
        if let Some(secret) = &client.client_secret {
            self.printer.warn(
                "--client-secret puts the secret in the process list for other users to read; \
                 use --client-secret-file or OAUTHCTL_CLIENT_SECRET",
            );
            return Ok(Some(secret.clone()));
        }
        if let Some(s) = std::env::var("OAUTHCTL_CLIENT_SECRET")
            .ok()
            .filter(|s| self.secret_from_env && !s.is_empty())
        {
            return Ok(Some(s));
        }
        if let Some(path) = self.profile.client_secret_file.clone() {
            return from_file(&path).map(Some);
        }
        if let Some(var) = self.profile.client_secret_env.clone() {
            return std::env::var(&var).map(Some).map_err(|_| {
                Error::usage(format!(
                    "the profile takes the client secret from ${var}, which is not set"
                ))
            });
        }
        Ok(None)
    }

    /// Scopes: the flags' (repeatable or space-separated), else the profile's.
    pub fn scopes(&self, client: &crate::cli::ClientArgs) -> Vec<String> {
        let flags: Vec<String> = client
            .scope
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(str::to_owned)
            .collect();
        if flags.is_empty() {
            self.profile.scopes.clone()
        } else {
            flags
        }
    }

    /// Resource indicators: the flags', else the profile's.
    pub fn resources(&self, client: &crate::cli::ClientArgs) -> Vec<String> {
        if client.resource.is_empty() {
            self.profile.resource.clone()
        } else {
            client.resource.clone()
        }
    }

    /// The audience: the flag, else the profile's.
    pub fn audience(&self, client: &crate::cli::ClientArgs) -> Option<String> {
        client
            .audience
            .clone()
            .or_else(|| self.profile.audience.clone())
    }

    /// The issuer's metadata, for commands that need an issuer. A preset
    /// that gives the endpoints itself (GitHub, which has no discovery;
    /// Entra ID, whose multi-tenant documents name a placeholder issuer;
    /// Google, whose device endpoint its document omits) is used as is,
    /// unless a flag or the profile names another issuer.
    pub fn issuer_metadata(
        &self,
        issuer: &crate::cli::IssuerArgs,
    ) -> Result<crate::provider::discovery::ProviderMetadata> {
        if let Some(md) = self.preset_metadata(issuer.issuer.as_deref()) {
            return Ok(md);
        }
        let issuer = self.issuer(issuer.issuer.as_deref()).ok_or_else(|| {
            Error::usage("no issuer: give --issuer, OAUTHCTL_ISSUER or a profile with an issuer")
        })?;
        crate::provider::discovery::fetch(&self.http, &issuer)
    }

    /// Metadata made from the preset's explicit endpoints (laid under the
    /// profile's), when the preset has them and the issuer is the preset's.
    fn preset_metadata(
        &self,
        issuer_flag: Option<&str>,
    ) -> Option<crate::provider::discovery::ProviderMetadata> {
        use crate::provider::discovery::{MetadataKind, ProviderMetadata};
        let preset = self.preset.as_ref()?;
        let token_endpoint = preset.token_endpoint.as_ref()?;
        let issuer = self.issuer(issuer_flag);
        if issuer.is_some() && issuer != preset.issuer {
            return None;
        }
        // Without an issuer (GitHub, Entra with a domain or organizations),
        // the token endpoint's origin names the provider in messages.
        let name = issuer
            .or_else(|| preset.issuer_template.clone())
            .unwrap_or_else(|| {
                url::Url::parse(token_endpoint)
                    .map(|u| u.origin().ascii_serialization())
                    .unwrap_or_else(|_| token_endpoint.clone())
            });
        let mut raw = serde_json::Map::new();
        raw.insert("issuer".into(), name.clone().into());
        let members = [
            (
                "authorization_endpoint",
                &self.profile.authorization_endpoint,
            ),
            ("token_endpoint", &self.profile.token_endpoint),
            (
                "device_authorization_endpoint",
                &self.profile.device_authorization_endpoint,
            ),
            ("jwks_uri", &preset.jwks_uri),
        ];
        for (k, v) in members {
            if let Some(v) = v {
                raw.insert(k.into(), v.clone().into());
            }
        }
        Some(ProviderMetadata {
            issuer: name,
            source_url: format!("the built-in {} preset", preset.name),
            kind: MetadataKind::OpenidConfiguration,
            raw,
        })
    }

    /// The host of login's redirect URI: the flag, the profile's, the
    /// preset's (Entra ID: `localhost`), else `127.0.0.1`.
    pub fn redirect_host(&self, flag: Option<&str>) -> Result<String> {
        let host = flag
            .map(str::to_owned)
            .or_else(|| self.profile.redirect_host.clone())
            .or_else(|| {
                self.preset
                    .as_ref()
                    .and_then(|p| p.redirect_host.map(str::to_owned))
            })
            .unwrap_or_else(|| "127.0.0.1".into());
        match host.as_str() {
            "127.0.0.1" | "localhost" | "[::1]" => Ok(host),
            other => Err(Error::usage(format!(
                "the profile's redirect_host '{other}' is not 127.0.0.1, localhost or [::1]"
            ))),
        }
    }

    /// Scopes for a user sign-in when none are given by flag or profile:
    /// the preset's (`None` without a preset).
    pub fn preset_scopes(&self) -> Option<Vec<String>> {
        self.preset.as_ref().map(|p| p.scopes.clone())
    }

    /// The preset's extra authorization request parameters, leaving out
    /// those the user gave (`given`).
    pub fn preset_authorize_params(&self, given: &[&str]) -> Vec<(String, String)> {
        self.preset
            .iter()
            .flat_map(|p| p.authorize_params.iter())
            .filter(|(k, _)| !given.contains(&k.as_str()))
            .cloned()
            .collect()
    }

    /// The token endpoint: the flag, the profile's, or the issuer's metadata
    /// (for mutual TLS, its `mtls_endpoint_aliases` first, RFC 8705 §5).
    pub fn token_endpoint(
        &self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
    ) -> Result<String> {
        self.token_endpoint_for(issuer, client, false)
    }

    /// [`Context::token_endpoint`], preferring the mTLS alias when `mtls`.
    pub fn token_endpoint_for(
        &self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
        mtls: bool,
    ) -> Result<String> {
        self.token_endpoint_source(issuer, client, mtls)?
            .resolve(&self.http)
    }

    /// Where the token endpoint comes from, without asking anything yet:
    /// the flag or the profile's, else the issuer's discovery.
    pub fn token_endpoint_source(
        &self,
        issuer: &crate::cli::IssuerArgs,
        client: &crate::cli::ClientArgs,
        mtls: bool,
    ) -> Result<crate::flows::client_credentials::TokenEndpoint> {
        use crate::flows::client_credentials::TokenEndpoint;
        if let Some(t) = client
            .token_endpoint
            .clone()
            .or_else(|| self.profile.token_endpoint.clone())
        {
            return Ok(TokenEndpoint::Url(t));
        }
        let issuer = self.issuer(issuer.issuer.as_deref()).ok_or_else(|| {
            Error::usage(
                "no issuer: give --issuer (or OAUTHCTL_ISSUER, a profile) or --token-endpoint",
            )
        })?;
        Ok(TokenEndpoint::Discovered { issuer, mtls })
    }
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

    /// Which stored login the command means: the profile's, else the
    /// client's at the issuer (or token endpoint) from flags or env.
    pub fn entry_key(
        &self,
        issuer: &crate::cli::IssuerArgs,
        client: Option<&crate::cli::ClientArgs>,
    ) -> Result<EntryKey> {
        if let Some(name) = &self.profile_name {
            return Ok(EntryKey::profile(name));
        }
        let where_ = self.issuer(issuer.issuer.as_deref()).or_else(|| {
            client
                .and_then(|c| c.token_endpoint.clone())
                .or_else(|| self.profile.token_endpoint.clone())
        });
        match (where_, self.client_id(issuer.client_id.as_deref())) {
            (Some(i), Some(c)) => Ok(EntryKey::client(&i, &c)),
            _ => Err(Error::usage(
                "which login? give -p PROFILE, or --issuer URL and --client-id ID \
                 (or OAUTHCTL_PROFILE, OAUTHCTL_ISSUER and OAUTHCTL_CLIENT_ID)",
            )),
        }
    }
}

/// `--param K=V` pairs.
pub fn params(client: &crate::cli::ClientArgs) -> Result<Vec<(String, String)>> {
    client
        .params
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => Err(Error::usage(format!("--param '{p}' is not K=V"))),
        })
        .collect()
}

/// Resolve the provider preset (flag or env, then profile, for its name,
/// tenant and domain) and lay it under the profile: a profile's own issuer
/// or endpoint wins over the preset's, and flags win over both where the
/// commands read them.
fn apply_preset(profile: &mut Profile, args: &IssuerArgs) -> Result<Option<Preset>> {
    let pick = |flag: &Option<String>, prof: &Option<String>| flag.clone().or_else(|| prof.clone());
    let Some(name) = pick(&args.provider, &profile.provider) else {
        return Ok(None);
    };
    let preset = presets::resolve(
        &name,
        pick(&args.tenant, &profile.tenant).as_deref(),
        pick(&args.domain, &profile.domain).as_deref(),
    )?;
    let under = |field: &mut Option<String>, value: &Option<String>| {
        if field.is_none() {
            field.clone_from(value);
        }
    };
    under(&mut profile.issuer, &preset.issuer);
    under(
        &mut profile.authorization_endpoint,
        &preset.authorization_endpoint,
    );
    under(&mut profile.token_endpoint, &preset.token_endpoint);
    under(
        &mut profile.device_authorization_endpoint,
        &preset.device_authorization_endpoint,
    );
    Ok(Some(preset))
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

fn parse_auth_method(name: &str) -> Result<crate::cli::AuthMethod> {
    use clap::ValueEnum;
    crate::cli::AuthMethod::from_str(name, false).map_err(|_| {
        Error::usage(format!(
            "the profile's auth_method '{name}' is not one oauthctl knows"
        ))
    })
}

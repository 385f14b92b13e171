//! The command line: the one source for `--help`, completions and man pages.
//!
//! Only the clap definition lives here. Turning parsed arguments into
//! settings (flag, then env, then profile, then default) is `settings`'s
//! job; running a command is `commands`'s.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::finding::Severity;

/// OAuth 2.x and OpenID Connect from the terminal.
///
/// Log in and fetch tokens, decode and fully validate JWTs, sign test
/// tokens, inspect an issuer's discovery document and keys, probe APIs and
/// issuers for token-handling mistakes, and serve a local OpenID provider.
/// Stdout carries the result; diagnostics go to stderr.
#[derive(Debug, Parser)]
#[command(
    name = "oauthctl",
    version,
    propagate_version = true,
    max_term_width = 100,
    after_help = "Exit status: 0 success, 1 a check failed, 2 usage or configuration error, \
                  3 network/TLS/HTTP error, 4 the server refused, 5 timed out waiting for the user."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options on every command.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Profile from the configuration file to use.
    #[arg(
        short = 'p',
        long,
        global = true,
        env = "OAUTHCTL_PROFILE",
        value_name = "NAME"
    )]
    pub profile: Option<String>,

    /// Configuration file [default: $XDG_CONFIG_HOME/oauthctl/config.toml].
    #[arg(long, global = true, env = "OAUTHCTL_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output format: text for people, json for programs (sarif, header and
    /// exec-credential where a command supports them).
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// When to use colour (NO_COLOR and TERM=dumb also turn it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Show HTTP exchanges on stderr, secrets redacted; twice adds bodies.
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print nothing on stderr but errors.
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Extra trust anchors (PEM) for TLS, repeatable.
    #[arg(long, global = true, value_name = "PEM")]
    pub cacert: Vec<PathBuf>,

    /// Do not verify TLS certificates (testing only; prints a warning).
    #[arg(long, global = true)]
    pub insecure: bool,

    /// Timeout for each HTTP request, in seconds.
    #[arg(long, global = true, default_value_t = 30, value_name = "SECS")]
    pub timeout: u64,

    /// HTTP proxy for issuer and resource traffic (http://HOST:PORT, optionally with USER:PASS@),
    /// in place of HTTPS_PROXY/HTTP_PROXY; NO_PROXY still applies, and
    /// loopback never goes through a proxy.
    #[arg(long, global = true, env = "OAUTHCTL_PROXY", value_name = "URL")]
    pub proxy: Option<String>,

    /// Where tokens (and cached machine tokens) are kept [default: the OS
    /// keyring, or private files under $XDG_STATE_HOME/oauthctl when no
    /// keyring answers].
    #[arg(
        long,
        global = true,
        env = "OAUTHCTL_STORE",
        value_enum,
        value_name = "STORE"
    )]
    pub store: Option<StoreChoice>,
}

/// Token stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreChoice {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    Keyring,
    /// Private files (mode 0600) under $XDG_STATE_HOME/oauthctl.
    File,
}

/// Output formats. Each command accepts the ones that make sense for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human text, coloured on a terminal.
    Text,
    /// One JSON document on stdout.
    Json,
    /// SARIF 2.1.0 (probe reports).
    Sarif,
    /// `Authorization: Bearer …` (token commands).
    Header,
    /// A kubectl ExecCredential (token commands).
    ExecCredential,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Where to find the issuer: discovery, or explicit endpoints.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Provider options")]
pub struct IssuerArgs {
    /// Issuer URL; endpoints and keys come from its discovery document.
    #[arg(long, env = "OAUTHCTL_ISSUER", value_name = "URL")]
    pub issuer: Option<String>,

    /// Client ID (for `validate`, the expected `azp`).
    #[arg(long, env = "OAUTHCTL_CLIENT_ID", value_name = "ID")]
    pub client_id: Option<String>,

    /// A built-in provider preset that fills in the issuer, endpoints and
    /// parameters (flags, the environment and the profile still win).
    #[arg(
        long,
        env = "OAUTHCTL_PROVIDER",
        value_name = "NAME",
        value_parser = clap::builder::PossibleValuesParser::new(crate::provider::presets::NAMES)
    )]
    pub provider: Option<String>,

    /// The preset's tenant: Entra's tenant ID or domain (or organizations,
    /// common, consumers), Keycloak's realm, Okta's authorization server
    /// [Okta default: default].
    #[arg(
        long,
        visible_alias = "realm",
        env = "OAUTHCTL_TENANT",
        value_name = "NAME"
    )]
    pub tenant: Option<String>,

    /// The preset's host: Auth0's or Okta's domain, Keycloak's base URL
    /// (with any path prefix), a GitHub Enterprise Server or Entra national
    /// cloud host.
    #[arg(long, env = "OAUTHCTL_DOMAIN", value_name = "HOST")]
    pub domain: Option<String>,

    /// Send `Origin: URL` with token requests, as a browser would (Entra ID
    /// requires it for clients registered as single-page applications).
    #[arg(long, env = "OAUTHCTL_ORIGIN", value_name = "URL")]
    pub origin: Option<String>,
}

/// Client authentication, and what to ask the token endpoint for.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Client options")]
pub struct ClientArgs {
    /// File holding the client secret (or set OAUTHCTL_CLIENT_SECRET).
    #[arg(long, value_name = "PATH")]
    pub client_secret_file: Option<PathBuf>,

    /// The client secret itself; other users can read it in the process
    /// list, so prefer --client-secret-file or OAUTHCTL_CLIENT_SECRET.
    #[arg(long, value_name = "VALUE")]
    pub client_secret: Option<String>,

    /// How the client authenticates at the token endpoint [default:
    /// private_key_jwt with --private-key, tls_client_auth with
    /// --client-cert, else client_secret_basic].
    #[arg(long, value_enum, value_name = "METHOD")]
    pub auth_method: Option<AuthMethod>,

    /// Private key (PEM or JWK) for private_key_jwt.
    #[arg(long, value_name = "PATH")]
    pub private_key: Option<PathBuf>,

    /// A client assertion minted elsewhere, as a token source (`@FILE`,
    /// `env:VAR`, `exec:CMD`, `github-actions:AUDIENCE`, `gitlab[:VAR]`,
    /// `kubernetes[:PATH]`…): sent as `client_assertion` with the JWT-bearer
    /// `client_assertion_type`, with `client_id` (--client-id, else the
    /// assertion's `sub`). Workload identity federation: no stored secret.
    #[arg(long, value_name = "SRC")]
    pub client_assertion: Option<String>,

    /// Client certificate (PEM) for mutual TLS (RFC 8705 tls_client_auth or
    /// self_signed_tls_client_auth); presented in every TLS handshake, and
    /// the issuer's mtls_endpoint_aliases are used.
    #[arg(long, value_name = "PEM", requires = "client_key")]
    pub client_cert: Option<PathBuf>,

    /// Private key (PEM) of --client-cert.
    #[arg(long, value_name = "PEM", requires = "client_cert")]
    pub client_key: Option<PathBuf>,

    /// Bind the tokens to a DPoP key (RFC 9449): proofs on every token and
    /// userinfo request; the key is generated and kept with the tokens.
    #[arg(long)]
    pub dpop: bool,

    /// The DPoP key (PEM or JWK private key) instead of a generated one;
    /// implies --dpop.
    #[arg(long, value_name = "FILE")]
    pub dpop_key: Option<PathBuf>,

    /// The DPoP proofs' algorithm: ES256, ES384, ES512, RS256, PS256, EdDSA
    /// [default: ES256, or what --dpop-key suits].
    #[arg(long, value_name = "ALG")]
    pub dpop_alg: Option<String>,

    /// Scope to request; repeatable or space-separated.
    #[arg(long, value_name = "SCOPE")]
    pub scope: Vec<String>,

    /// Resource indicator (RFC 8707), repeatable.
    #[arg(long, value_name = "URI")]
    pub resource: Vec<String>,

    /// The `audience` parameter some servers expect.
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,

    /// Extra request parameter K=V, repeatable.
    #[arg(long = "param", value_name = "K=V")]
    pub params: Vec<String>,

    /// Token endpoint, for issuers without discovery.
    #[arg(long, value_name = "URL")]
    pub token_endpoint: Option<String>,

    /// Authorization endpoint, instead of the one in the issuer's metadata.
    #[arg(long, value_name = "URL")]
    pub authorization_endpoint: Option<String>,

    /// Device authorization endpoint, instead of the one in the issuer's metadata.
    #[arg(long, value_name = "URL")]
    pub device_authorization_endpoint: Option<String>,

    /// Push the authorization request to the issuer first (RFC 9126 PAR);
    /// automatic when its metadata says require_pushed_authorization_requests.
    #[arg(long)]
    pub par: bool,

    /// Send the authorization request as a request object (RFC 9101) signed
    /// with --private-key (pushed with --par). With a key and no
    /// --auth-method the client authenticates with private_key_jwt; a
    /// public client says --auth-method none.
    #[arg(long)]
    pub request_object: bool,

    /// A JWT-secured authorization response (JARM): jwt, query.jwt or
    /// form_post.jwt, validated before its code is used.
    #[arg(long, value_name = "MODE")]
    pub response_mode: Option<String>,

    /// Rich authorization request (RFC 9396): a JSON array of objects, each
    /// with a type, or @FILE holding one.
    #[arg(long, value_name = "JSON|@FILE")]
    pub authorization_details: Option<String>,
}

/// Client authentication methods (RFC 7591 §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum AuthMethod {
    /// HTTP Basic with the client ID and secret.
    ClientSecretBasic,
    /// Client ID and secret in the form body.
    ClientSecretPost,
    /// A JWT assertion signed with --private-key (RFC 7523).
    PrivateKeyJwt,
    /// A JWT assertion signed (HS256) with the client secret (OIDC Core §9).
    ClientSecretJwt,
    /// Mutual TLS with --client-cert and --client-key (RFC 8705 §2.1.1).
    TlsClientAuth,
    /// Mutual TLS with a self-signed --client-cert registered by its key
    /// (RFC 8705 §2.2).
    SelfSignedTlsClientAuth,
    /// A public client: the client ID only.
    None,
}

/// `client-credentials`
#[derive(Debug, Args)]
pub struct ClientCredentialsArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// Use a cached token only while it has more than this many seconds left.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Options"
    )]
    pub min_ttl: u64,

    /// Always ask the server; neither read nor write the cache.
    #[arg(long, help_heading = "Options")]
    pub no_cache: bool,

    /// With -o header and --dpop: the URL of the request the `DPoP` proof
    /// is made for.
    #[arg(long, value_name = "URL", help_heading = "Options")]
    pub url: Option<String>,

    /// With --url: the request's method.
    #[arg(
        long,
        value_name = "METHOD",
        default_value = "GET",
        requires = "url",
        help_heading = "Options"
    )]
    pub method: String,
}

/// `token`
#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// Refresh first when the stored access token has this many seconds or fewer left.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Options"
    )]
    pub min_ttl: u64,

    /// Print the stored ID token instead of the access token.
    #[arg(long, help_heading = "Options")]
    pub id_token: bool,

    /// With -o header and a DPoP-bound token: the URL of the request the
    /// `DPoP` proof is made for.
    #[arg(long, value_name = "URL", help_heading = "Options")]
    pub url: Option<String>,

    /// With --url: the request's method.
    #[arg(
        long,
        value_name = "METHOD",
        default_value = "GET",
        requires = "url",
        help_heading = "Options"
    )]
    pub method: String,
}

/// `refresh`
#[derive(Debug, Args)]
pub struct RefreshArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,
}

/// `logout`
#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// Also end the session at the issuer: open its end_session_endpoint
    /// with id_token_hint in the browser (the URL is printed when none opens).
    #[arg(long, help_heading = "Options")]
    pub end_session: bool,
}

/// `introspect`
#[derive(Debug, Args)]
pub struct IntrospectArgs {
    /// The token, or where to read it: `-` or nothing (stdin), `@FILE`,
    /// `env:VAR`, `exec:CMD`, or a CI source (`github-actions[:AUD]`,
    /// `gitlab[:VAR]`, `circleci`, `azure-pipelines[:CONNECTION]`,
    /// `buildkite[:AUD]`, `kubernetes[:PATH]`). A `Bearer ` prefix is stripped.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// token_type_hint: access_token or refresh_token.
    #[arg(long, value_name = "TYPE", help_heading = "Options")]
    pub token_type_hint: Option<String>,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,
}

/// `userinfo`
#[derive(Debug, Args)]
pub struct UserinfoArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// Use this access token instead of the stored one (no `sub` check
    /// against a stored ID token then, unless one is stored); a token
    /// source: the token, `-`, `@FILE`, `env:VAR`, `exec:CMD`.
    #[arg(long, value_name = "TOKEN", help_heading = "Options")]
    pub access_token: Option<String>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show a JWT's header and claims, without verifying anything.
    Decode(DecodeArgs),
    /// Fully validate a JWT: signature, algorithm, every claim check, each reported by name.
    Validate(Box<ValidateArgs>),
    /// Sign a JWT from claims and a key (for tests and probes).
    Encode(EncodeArgs),
    /// Log in as a user in the browser: authorization code + PKCE with a
    /// loopback redirect; stores the tokens.
    Login(Box<LoginArgs>),
    /// Log in on a device without a browser (RFC 8628): enter a code on
    /// another device; stores the tokens.
    Device(Box<DeviceArgs>),
    /// Get a machine token (client credentials grant), cached until shortly before it expires.
    #[command(name = "client-credentials", visible_alias = "cc")]
    ClientCredentials(Box<ClientCredentialsArgs>),
    /// Print a valid access token from the store, refreshing it first when it expires soon.
    Token(Box<TokenArgs>),
    /// Force a refresh-token grant and store the new tokens.
    Refresh(Box<RefreshArgs>),
    /// Revoke the stored tokens (RFC 7009) and delete them from the store.
    Logout(Box<LogoutArgs>),
    /// Ask the issuer whether a token is active (RFC 7662 introspection).
    Introspect(Box<IntrospectArgs>),
    /// Call the issuer's userinfo endpoint with the stored (or a given) access token.
    Userinfo(Box<UserinfoArgs>),
    /// Fetch and lint an issuer's metadata (OpenID Discovery, RFC 8414).
    Discover(DiscoverArgs),
    /// Show and lint a JSON Web Key Set.
    Jwks(JwksArgs),
    /// Run a local OpenID provider for development and tests (loopback, in memory).
    Serve(Box<ServeArgs>),
    /// Probe an API (attack matrix) or an issuer (audit) for token-handling flaws.
    Probe(ProbeArgs),
    /// Walk every flow against a built-in provider started in-process: each
    /// step is the command you would type, with its HTTP exchanges (secrets
    /// masked) and what it shows. Needs no network and leaves nothing behind.
    Demo(DemoArgs),
    /// Show or clear what oauthctl keeps: sign-ins and cached machine
    /// tokens, in the OS keyring and in files.
    Store(StoreArgs),
    /// Register a client dynamically (RFC 7591), or show, update or delete
    /// a registration (RFC 7592) with the registration access token kept
    /// in the store.
    Register(Box<RegisterArgs>),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Send an HTTP request with the stored access token (refreshed when it
    /// expires soon, once more on a 401 invalid_token); the body on stdout.
    Fetch(Box<FetchArgs>),
    /// Run a command with a fresh access token in its environment (never in
    /// its arguments); its exit status passes through.
    Exec(Box<ExecArgs>),
    /// Credential helpers for git and Docker: the stored access token,
    /// answered in each tool's helper protocol.
    Credential(CredentialArgs),
    /// Trade a token for another (RFC 8693 token exchange, or an RFC 7523
    /// JWT-bearer grant): e.g. a CI job's OIDC token for an access token.
    /// Prints the token as client-credentials does, cached likewise.
    Exchange(Box<ExchangeArgs>),
}

/// `login`
#[derive(Debug, Args)]
pub struct LoginArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// With --resource and no --client-id: the URL of this client's client
    /// ID metadata document, used as the client ID when the server
    /// advertises client_id_metadata_document_supported (else the client
    /// registers itself, RFC 7591, and the registration is kept).
    #[arg(long, value_name = "URL")]
    pub client_metadata_url: Option<String>,

    /// Listen for the redirect on this port; a comma-separated list is
    /// tried in order and the first free one is used [default: any free port].
    #[arg(
        long,
        value_name = "PORT[,PORT…]",
        value_delimiter = ',',
        conflicts_with = "redirect_uri",
        help_heading = "Login"
    )]
    pub port: Vec<u16>,

    /// The host in the redirect URI, as registered for the client (Entra ID
    /// registers http://localhost) [default: the preset's, else 127.0.0.1].
    #[arg(
        long,
        value_name = "HOST",
        value_parser = ["127.0.0.1", "localhost", "[::1]"],
        conflicts_with = "redirect_uri",
        help_heading = "Login"
    )]
    pub redirect_host: Option<String>,

    /// The address to listen on [default: 127.0.0.1, or ::1 for a `[::1]`
    /// redirect]; another one, such as 0.0.0.0 in a container whose port is
    /// published, is allowed with a warning.
    #[arg(long, value_name = "ADDR", help_heading = "Login")]
    pub bind: Option<std::net::IpAddr>,

    /// Open the URL with this command instead of the default browser (or
    /// $BROWSER); %s stands for the URL, else it is added at the end.
    #[arg(
        long,
        env = "OAUTHCTL_BROWSER_COMMAND",
        value_name = "CMD",
        conflicts_with = "no_browser",
        help_heading = "Login"
    )]
    pub browser_command: Option<String>,

    /// Show a short local URL (http://127.0.0.1:PORT/) that redirects to
    /// the authorization URL, for terminals that break long links.
    #[arg(long, help_heading = "Login")]
    pub short_url: bool,

    /// The exact redirect URI registered for the client; loopback only
    /// (http://127.0.0.1:PORT/PATH) [default: http://127.0.0.1:PORT/callback].
    #[arg(long, value_name = "URI", help_heading = "Login")]
    pub redirect_uri: Option<String>,

    /// Do not open a browser: print the URL on stderr to open by hand.
    #[arg(long, help_heading = "Login")]
    pub no_browser: bool,

    /// Give up when the browser has not come back after this many seconds (exit 5).
    #[arg(
        long,
        default_value_t = 300,
        value_name = "SECS",
        help_heading = "Login"
    )]
    pub login_timeout: u64,

    /// `prompt`: none, login, consent or select_account (OIDC Core 3.1.2.1).
    #[arg(long, value_name = "PROMPT", help_heading = "Login")]
    pub prompt: Option<String>,

    /// `login_hint`: the account to sign in as, if the issuer takes hints.
    #[arg(long, value_name = "HINT", help_heading = "Login")]
    pub login_hint: Option<String>,

    /// `max_age`: re-authenticate when the last sign-in is older than this
    /// (checked against the ID token's auth_time).
    #[arg(long, value_name = "SECS", help_heading = "Login")]
    pub max_age: Option<u64>,

    /// `acr_values`: the authentication context classes asked for.
    #[arg(long, value_name = "ACR", help_heading = "Login")]
    pub acr_values: Option<String>,
}

/// `device`
#[derive(Debug, Args)]
pub struct DeviceArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// With --resource and no --client-id: the URL of this client's client
    /// ID metadata document, used as the client ID when the server
    /// advertises client_id_metadata_document_supported (else the client
    /// registers itself, RFC 7591, and the registration is kept).
    #[arg(long, value_name = "URL")]
    pub client_metadata_url: Option<String>,

    /// No QR code, even on a terminal.
    #[arg(long, help_heading = "Device")]
    pub no_qr: bool,

    /// Send a PKCE challenge (S256) with the device authorization request
    /// and its verifier when polling, for servers that require PKCE in the
    /// device grant (also the profile's device_pkce = true).
    #[arg(long, help_heading = "Device")]
    pub pkce: bool,
}

/// The provider options of one command line, for `settings` to resolve.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderArgs<'a> {
    /// Where the issuer is.
    pub issuer: Option<&'a IssuerArgs>,
    /// The client and what it asks for (commands that request tokens).
    pub client: Option<&'a ClientArgs>,
    /// `login --redirect-host`.
    pub redirect_host: Option<&'a str>,
    /// `login --browser-command`.
    pub browser_command: Option<&'a str>,
    /// Whether `login --prompt` was given (a preset's `prompt` gives way).
    pub prompt_given: bool,
}

impl Command {
    /// The provider options of a command that talks to an issuer: settings
    /// resolve them (with the environment and the profile) before the
    /// command runs. No wildcard: a new command must say whether it has them.
    pub fn provider_args(&self) -> ProviderArgs<'_> {
        let both = |issuer, client| ProviderArgs {
            issuer: Some(issuer),
            client: Some(client),
            ..ProviderArgs::default()
        };
        let issuer_only = |issuer| ProviderArgs {
            issuer: Some(issuer),
            ..ProviderArgs::default()
        };
        match self {
            Command::Login(a) => ProviderArgs {
                redirect_host: a.redirect_host.as_deref(),
                browser_command: a.browser_command.as_deref(),
                prompt_given: a.prompt.is_some(),
                ..both(&a.issuer, &a.client)
            },
            Command::Device(a) => both(&a.issuer, &a.client),
            Command::ClientCredentials(a) => both(&a.issuer, &a.client),
            Command::Exchange(a) => both(&a.issuer, &a.client),
            Command::Token(a) => both(&a.issuer, &a.client),
            Command::Refresh(a) => both(&a.issuer, &a.client),
            Command::Logout(a) => both(&a.issuer, &a.client),
            Command::Introspect(a) => both(&a.issuer, &a.client),
            Command::Userinfo(a) => both(&a.issuer, &a.client),
            Command::Fetch(a) => both(&a.issuer, &a.client),
            Command::Exec(a) => both(&a.issuer, &a.client),
            Command::Credential(a) => both(&a.helper().issuer, &a.helper().client),
            Command::Validate(a) => issuer_only(&a.issuer),
            Command::Discover(a) => issuer_only(&a.issuer),
            Command::Register(a) => issuer_only(&a.issuer),
            Command::Jwks(a) => issuer_only(&a.issuer),
            Command::Probe(a) => match &a.command {
                ProbeCommand::Issuer(i) => issuer_only(&i.issuer),
                // probe api's --issuer only names where the keys are.
                ProbeCommand::Api(_) => ProviderArgs::default(),
                ProbeCommand::Resource(_) => ProviderArgs::default(),
            },
            Command::Decode(_)
            | Command::Encode(_)
            | Command::Serve(_)
            | Command::Demo(_)
            | Command::Store(_)
            | Command::Completions(_) => ProviderArgs::default(),
        }
    }
}

/// `decode`
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token, or where to read it: `-` or nothing (stdin), `@FILE`,
    /// `env:VAR`, `exec:CMD`, or a CI source (`github-actions[:AUD]`,
    /// `gitlab[:VAR]`, `circleci`, `azure-pipelines[:CONNECTION]`,
    /// `buildkite[:AUD]`, `kubernetes[:PATH]`). A `Bearer ` prefix is stripped.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,
}

/// `validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The token, or where to read it: `-` or nothing (stdin), `@FILE`,
    /// `env:VAR`, `exec:CMD`, or a CI source (`github-actions[:AUD]`,
    /// `gitlab[:VAR]`, `circleci`, `azure-pipelines[:CONNECTION]`,
    /// `buildkite[:AUD]`, `kubernetes[:PATH]`). A `Bearer ` prefix is stripped.
    #[arg(value_name = "TOKEN")]
    pub token: Option<String>,

    /// Read one token per line on stdin; write one JSON line per token, in
    /// input order, using every core.
    #[arg(long, conflicts_with = "token")]
    pub bulk: bool,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    /// Key set URL (skips discovery).
    #[arg(long, value_name = "URL", help_heading = "Keys")]
    pub jwks_uri: Option<String>,

    /// Key set file (JWKS JSON).
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub jwks: Option<PathBuf>,

    /// Public key or certificate (PEM) or a JWK; repeatable.
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub key: Vec<PathBuf>,

    /// File holding the HMAC secret (raw bytes; a trailing newline is removed).
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub secret_file: Option<PathBuf>,

    /// Allowed algorithm, repeatable [default: what the keys can verify; never none].
    #[arg(long = "alg", value_name = "ALG", help_heading = "Checks")]
    pub algs: Vec<String>,

    /// Expected audience, repeatable; the token must name at least one.
    #[arg(long, value_name = "AUD", help_heading = "Checks")]
    pub audience: Vec<String>,

    /// Expected `typ` header, e.g. at+jwt for RFC 9068 access tokens.
    #[arg(long, value_name = "TYP", help_heading = "Checks")]
    pub typ: Option<String>,

    /// Expected `nonce` (ID tokens).
    #[arg(long, value_name = "NONCE", help_heading = "Checks")]
    pub nonce: Option<String>,

    /// The access token issued with this ID token, to check `at_hash`.
    #[arg(long, value_name = "TOKEN", help_heading = "Checks")]
    pub access_token: Option<String>,

    /// The authorization code issued with this ID token, to check `c_hash`.
    #[arg(long, value_name = "CODE", help_heading = "Checks")]
    pub code: Option<String>,

    /// Maximum seconds since `auth_time`.
    #[arg(long, value_name = "SECS", help_heading = "Checks")]
    pub max_age: Option<u64>,

    /// A claim that must be present, repeatable.
    #[arg(long, value_name = "NAME", help_heading = "Checks")]
    pub require: Vec<String>,

    /// A claim that must have this value (dotted names reach into objects;
    /// an array claim must contain it), repeatable. VALUE is a glob for
    /// strings: `*` any run of characters (`/` and `:` included), `?` one
    /// character, e.g. 'sub=repo:acme/*:ref:refs/heads/main'.
    #[arg(long, value_name = "NAME=VALUE", help_heading = "Checks")]
    pub claim: Vec<String>,

    /// A scope the token must grant (`scope` or `scp`), repeatable or space-separated.
    #[arg(long, value_name = "SCOPE", help_heading = "Checks")]
    pub scope: Vec<String>,

    /// Clock skew allowed for exp, nbf, iat and auth_time, in seconds.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Checks"
    )]
    pub leeway: u64,

    /// Validate as of this time (Unix seconds or RFC 3339) instead of now.
    #[arg(long, value_name = "TIME", help_heading = "Checks")]
    pub now: Option<String>,

    /// Check this DPoP proof (RFC 9449 §4.3) for the request given by
    /// --method and --url; with TOKEN, also its `ath` and the token's
    /// `cnf.jkt`. `--leeway` is the window for its `iat`.
    #[arg(long, value_name = "PROOF", requires_all = ["method", "url"],
          conflicts_with = "bulk", help_heading = "DPoP")]
    pub dpop_proof: Option<String>,

    /// The HTTP method of the request the proof came with.
    #[arg(
        long,
        value_name = "METHOD",
        requires = "dpop_proof",
        help_heading = "DPoP"
    )]
    pub method: Option<String>,

    /// The URL of the request the proof came with.
    #[arg(
        long,
        value_name = "URL",
        requires = "dpop_proof",
        help_heading = "DPoP"
    )]
    pub url: Option<String>,

    /// The nonce the server gave (DPoP-Nonce): the proof must carry it.
    #[arg(
        long,
        value_name = "NONCE",
        requires = "dpop_proof",
        help_heading = "DPoP"
    )]
    pub dpop_nonce: Option<String>,
}

/// `encode`
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// Signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512,
    /// ES256/384/512, EdDSA, or none (only when asked, with a warning).
    #[arg(long, value_name = "ALG")]
    pub alg: Option<String>,

    /// Private key (PEM or JWK) for RS*, PS*, ES* and EdDSA.
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub key: Option<PathBuf>,

    /// File holding the HMAC secret (raw bytes; a trailing newline is removed).
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub secret_file: Option<PathBuf>,

    /// Claims as a JSON object, or @FILE.
    #[arg(long, value_name = "JSON|@FILE", help_heading = "Claims")]
    pub claims: Option<String>,

    /// A claim: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable.
    #[arg(long, value_name = "NAME=VALUE", help_heading = "Claims")]
    pub claim: Vec<String>,

    /// Expiry: a duration from now (15m, 1h, -5m for the past), Unix seconds or RFC 3339.
    #[arg(
        long,
        value_name = "WHEN",
        allow_hyphen_values = true,
        help_heading = "Claims"
    )]
    pub exp: Option<String>,

    /// Set `iat`: now, or the time given (`--iat=-5m` for the past).
    #[arg(long, value_name = "WHEN", num_args = 0..=1, require_equals = true,
          default_missing_value = "now", help_heading = "Claims")]
    pub iat: Option<String>,

    /// Set `nbf`: now, or the time given (`--nbf=5m` for the future).
    #[arg(long, value_name = "WHEN", num_args = 0..=1, require_equals = true,
          default_missing_value = "now", help_heading = "Claims")]
    pub nbf: Option<String>,

    /// Set `jti`: a random 128-bit value, or the value given.
    #[arg(long, value_name = "ID", num_args = 0..=1, require_equals = true,
          default_missing_value = "", help_heading = "Claims")]
    pub jti: Option<String>,

    /// `kid` header.
    #[arg(long, value_name = "KID", help_heading = "Header")]
    pub kid: Option<String>,

    /// `typ` header [default: JWT].
    #[arg(long, value_name = "TYP", help_heading = "Header")]
    pub typ: Option<String>,

    /// Extra header: NAME=VALUE for a string, NAME:=JSON for any JSON value; repeatable.
    #[arg(long, value_name = "NAME=VALUE", help_heading = "Header")]
    pub header: Vec<String>,
}

/// `discover`
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Issuer URL (or --issuer, OAUTHCTL_ISSUER, the profile's issuer).
    #[arg(value_name = "ISSUER")]
    pub issuer_arg: Option<String>,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    /// A protected resource (an API, an MCP server): its RFC 9728 metadata,
    /// then each authorization server it names.
    #[arg(long, value_name = "URL", conflicts_with = "issuer_arg")]
    pub resource: Option<String>,

    /// Exit 1 when lint findings reach --fail-on.
    #[arg(long)]
    pub strict: bool,

    /// Lowest severity that fails with --strict.
    #[arg(long, value_enum, default_value_t = Severity::High, value_name = "SEVERITY")]
    pub fail_on: Severity,
}

/// `jwks`
#[derive(Debug, Args)]
pub struct JwksArgs {
    /// Issuer URL (its discovery names the key set) or a key set URL.
    ///
    /// A URL with a query, or whose path ends in .json or contains jwks,
    /// certs or keys, is tried as a key set first, then as an issuer; any
    /// other URL is tried as an issuer first, then as a key set.
    #[arg(value_name = "ISSUER|URL", conflicts_with = "file")]
    pub source: Option<String>,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    /// A local key set file instead of a URL.
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Print the public keys as PEM instead of the table (with -o json, add
    /// each key's PEM).
    #[arg(long)]
    pub pem: bool,

    /// Exit 1 when lint findings reach --fail-on.
    #[arg(long)]
    pub strict: bool,

    /// Lowest severity that fails with --strict.
    #[arg(long, value_enum, default_value_t = Severity::High, value_name = "SEVERITY")]
    pub fail_on: Severity,
}

/// `serve`
///
/// A standards-following OpenID provider on 127.0.0.1, state in memory:
/// discovery, JWKS, authorize (login page or --auto-approve), token
/// (authorization code + PKCE, refresh with rotation, client credentials,
/// device code), device authorization, userinfo, introspection, revocation,
/// end-session. It prints its issuer, clients (with the service client's
/// secret) and users at start, and serves until interrupted.
#[derive(Debug, Args)]
#[command(
    after_help = "Built-in defaults: the public client oauthctl-cli (PKCE, redirect \
                  http://127.0.0.1/callback on any port), the confidential client \
                  oauthctl-service (a fresh secret, printed) and the user demo (password demo)."
)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 9876, value_name = "PORT")]
    pub port: u16,

    /// Address to listen on; anything but loopback prints a warning, since
    /// this provider is for development only.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,

    /// The issuer URL to advertise, when clients reach the server by
    /// another name than http://ADDR:PORT.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,

    /// Clients, users, lifetimes and claims from a TOML file (added to the
    /// built-in defaults; see the README).
    #[arg(long, value_name = "FILE")]
    pub provider_config: Option<PathBuf>,

    /// A private signing key (PEM or JWK), repeatable [default: fresh RS256
    /// and ES256 keys at every start].
    #[arg(long, value_name = "FILE")]
    pub key: Vec<PathBuf>,

    /// Approve every authorization and device request as the default user,
    /// without a login page.
    #[arg(long)]
    pub auto_approve: bool,

    /// An extra client: ID for a public one, ID:SECRET for a confidential
    /// one (visible in the process list); repeatable.
    #[arg(long, value_name = "ID[:SECRET]")]
    pub client: Vec<String>,

    /// An extra user NAME:PASSWORD (sub = NAME); repeatable.
    #[arg(long, value_name = "NAME:PASSWORD")]
    pub user: Vec<String>,

    /// Access token lifetime, seconds [default: 3600].
    #[arg(long, value_name = "SECS")]
    pub access_token_ttl: Option<u64>,

    /// ID token lifetime, seconds [default: 3600].
    #[arg(long, value_name = "SECS")]
    pub id_token_ttl: Option<u64>,

    /// Refresh token lifetime, seconds [default: 86400].
    #[arg(long, value_name = "SECS")]
    pub refresh_token_ttl: Option<u64>,

    /// Device flow polling interval, seconds [default: 5].
    #[arg(long, value_name = "SECS")]
    pub device_interval: Option<u64>,

    /// `aud` of access tokens when a request names no resource or audience
    /// [default: ISSUER/api].
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,

    /// Serve a protected GET /api/whoami that validates bearer tokens.
    #[arg(long)]
    pub demo_api: bool,

    /// Make the demo API accept one class of bad token ON PURPOSE, for
    /// trying `probe api` safely; repeatable; implies --demo-api.
    #[arg(long, value_enum, value_name = "CLASS")]
    pub vulnerable: Vec<crate::serve::config::Vulnerability>,

    /// Refuse authorization requests that were not pushed to /par first
    /// (RFC 9126), and say so in the metadata.
    #[arg(long)]
    pub require_par: bool,

    /// Demand a server nonce in DPoP proofs at the token endpoint, userinfo
    /// and the demo API (`use_dpop_nonce` with a DPoP-Nonce header, RFC 9449 §8).
    #[arg(long)]
    pub dpop_nonce: bool,

    /// Also fetch client ID metadata documents from HOST (besides loopback),
    /// repeatable.
    #[arg(long = "allow-cimd-host", value_name = "HOST")]
    pub allow_cimd_hosts: Vec<String>,
    /// Also play a CI runner's OIDC token endpoint (the GitHub Actions
    /// shape) under /ci, with its own issuer, discovery and keys, trusted for
    /// token exchange; prints the ACTIONS_ID_TOKEN_REQUEST_* lines to export.
    #[arg(long)]
    pub ci_issuer: bool,

    /// Request-handling threads [default: 4 per core, 8 to 64].
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,

    /// Serve HTTPS with a self-signed certificate made at start (its PEM
    /// file, for clients' --cacert, goes to the state directory; the banner
    /// says where), and take mutual-TLS client authentication (RFC 8705).
    #[arg(long)]
    pub tls: bool,

    /// Serve HTTPS with this certificate chain (PEM) instead; implies --tls.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// CA certificates (PEM) that tls_client_auth clients' certificates
    /// must chain to [default: any certificate with the client's registered
    /// name, for development only].
    #[arg(long, value_name = "PEM")]
    pub tls_client_ca: Option<PathBuf>,
}

/// `probe`
#[derive(Debug, Args)]
pub struct ProbeArgs {
    #[command(subcommand)]
    pub command: ProbeCommand,
}

/// What to probe.
#[derive(Debug, Subcommand)]
pub enum ProbeCommand {
    /// Attack matrix against an API, from one valid token: alg none, key
    /// confusion, embedded jwk, jku/x5u, kid injection, psychic signature,
    /// crit, token placement, weak HMAC secrets, claim enforcement.
    Api(Box<ProbeApiArgs>),
    /// Audit an authorization server from the outside: metadata and key set
    /// lints, PKCE, redirect URI matching, implicit and password grants, iss.
    Issuer(Box<ProbeIssuerArgs>),
    /// Audit a protected resource or MCP server (RFC 9728): its metadata and
    /// 401 challenge, token passthrough, foreign issuers, expired tokens,
    /// the token in the query string, scope challenges, CORS.
    Resource(Box<ProbeResourceArgs>),
}

/// Options shared by `probe api` and `probe issuer`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Probe options")]
pub struct ProbeRunArgs {
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = Severity::High, value_name = "SEVERITY")]
    pub fail_on: Severity,

    /// At most this many requests per second [default: no limit beyond --concurrency].
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,

    /// At most this many requests in flight.
    #[arg(long, default_value_t = crate::probe::DEFAULT_CONCURRENCY, value_name = "N")]
    pub concurrency: usize,

    /// List the requests that would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// `probe api`
#[derive(Debug, Args)]
pub struct ProbeApiArgs {
    /// The protected API's URL.
    #[arg(long, value_name = "URL")]
    pub url: String,

    /// A valid token the API accepts, or a token source (`-` for stdin,
    /// `@FILE`, `env:VAR`, `exec:CMD`, a CI source).
    #[arg(long, value_name = "TOKEN")]
    pub token: String,

    /// HTTP method for the API.
    #[arg(long, default_value = "GET", value_name = "METHOD")]
    pub method: String,

    /// Extra request header 'Name: value', repeatable.
    #[arg(long = "header", value_name = "K: V")]
    pub headers: Vec<String>,

    /// Request body (or @FILE), sent with every request.
    #[arg(long, value_name = "DATA|@FILE")]
    pub data: Option<String>,

    /// Issuer whose key set (through discovery) holds the API's public keys.
    #[arg(long, value_name = "URL", help_heading = "Keys")]
    pub issuer: Option<String>,

    /// The API's public keys: a key set URL, or a key set, JWK or PEM file.
    #[arg(long, value_name = "URL|FILE", help_heading = "Keys")]
    pub jwks: Option<String>,

    /// A private key (PEM or JWK; an oct JWK for HMAC) that the API trusts,
    /// to test exp, nbf, iat, iss, aud, typ and crit enforcement.
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub signing_key: Option<PathBuf>,

    /// A file holding an HMAC secret the API trusts (raw bytes; a trailing
    /// newline is removed), for the same checks as --signing-key.
    #[arg(
        long,
        value_name = "FILE",
        help_heading = "Keys",
        conflicts_with = "signing_key"
    )]
    pub signing_secret_file: Option<PathBuf>,

    /// More candidate HMAC secrets, one per line, after the built-in list.
    #[arg(long, value_name = "FILE", help_heading = "Keys")]
    pub wordlist: Option<PathBuf>,

    /// A URL you can watch, for the jku/x5u checks against a remote API
    /// (for a loopback API oauthctl serves its own key set on 127.0.0.1).
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,

    #[command(flatten)]
    pub run: ProbeRunArgs,
}

/// `probe issuer`
#[derive(Debug, Args)]
pub struct ProbeIssuerArgs {
    /// Issuer URL (or --issuer, OAUTHCTL_ISSUER, the profile's issuer).
    #[arg(value_name = "ISSUER")]
    pub issuer_arg: Option<String>,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    /// A redirect URI registered for --client-id, for the PKCE, redirect
    /// matching and implicit checks.
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,

    #[command(flatten)]
    pub run: ProbeRunArgs,
}

/// `demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Leave out the `probe api` step (the attack matrix against a demo API
    /// that is vulnerable on purpose).
    #[arg(long, help_heading = "Options")]
    pub no_probe: bool,
}

/// `store`
#[derive(Debug, Args)]
pub struct StoreArgs {
    #[command(subcommand)]
    pub command: StoreCommand,
}

/// `store status` and `store clear`.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Which backend holds what: each sign-in and cached machine token, in
    /// the keyring and in files, with its issuer, client, expiry and size
    /// (never a token). `--store` narrows it to one backend.
    Status,
    /// Delete every sign-in and cached machine token from the keyring and
    /// the files (`--store` narrows it to one backend). Nothing is revoked
    /// at the issuer: `logout` does that.
    Clear,
}

/// `completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Parse the one-shot commands that scripts run in loops (`decode`,
/// `validate`, `encode`, `token`, `client-credentials`, and the ones tools
/// run for every request: `credential git|docker`, `exec`, `fetch`) without building
/// clap's whole tree: one flat command with only that subcommand's
/// arguments and the global options, over the command line without the
/// subcommand's name. Building the whole tree and carrying the global
/// options through it is most of what a one-token `decode` executes after
/// the dynamic loader. What it parses is exactly what [`Cli::command`]
/// would (the same derived arguments; a test holds them equal). `None` for
/// any other command line and for anything it does not accept (help,
/// version, errors): the whole tree parses those, so every message stays
/// the same.
pub fn quick_parse(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::FromArgMatches;
    type Make = fn(&clap::ArgMatches) -> Result<Command, clap::Error>;
    let first = args.get(1)?.to_str()?;
    let new = |name: &'static str| clap::Command::new(name);
    // The words naming the subcommand (two for `credential git|docker`).
    let mut skip = 2;
    let (cmd, make): (clap::Command, Make) = match first {
        "exec" => (ExecArgs::augment_args(new("exec")), |m| {
            ExecArgs::from_arg_matches(m).map(|a| Command::Exec(Box::new(a)))
        }),
        "fetch" => (FetchArgs::augment_args(new("fetch")), |m| {
            FetchArgs::from_arg_matches(m).map(|a| Command::Fetch(Box::new(a)))
        }),
        "credential" => {
            skip = 3;
            match args.get(2)?.to_str()? {
                "git" => (CredentialHelperArgs::augment_args(new("git")), |m| {
                    CredentialHelperArgs::from_arg_matches(m).map(|a| {
                        Command::Credential(CredentialArgs {
                            tool: CredentialTool::Git(Box::new(a)),
                        })
                    })
                }),
                "docker" => (CredentialHelperArgs::augment_args(new("docker")), |m| {
                    CredentialHelperArgs::from_arg_matches(m).map(|a| {
                        Command::Credential(CredentialArgs {
                            tool: CredentialTool::Docker(Box::new(a)),
                        })
                    })
                }),
                _ => return None,
            }
        }
        "decode" => (DecodeArgs::augment_args(new("decode")), |m| {
            DecodeArgs::from_arg_matches(m).map(Command::Decode)
        }),
        "validate" => (ValidateArgs::augment_args(new("validate")), |m| {
            ValidateArgs::from_arg_matches(m).map(|a| Command::Validate(Box::new(a)))
        }),
        "encode" => (EncodeArgs::augment_args(new("encode")), |m| {
            EncodeArgs::from_arg_matches(m).map(Command::Encode)
        }),
        "token" => (TokenArgs::augment_args(new("token")), |m| {
            TokenArgs::from_arg_matches(m).map(|a| Command::Token(Box::new(a)))
        }),
        "client-credentials" | "cc" => (
            ClientCredentialsArgs::augment_args(new("client-credentials")),
            |m| {
                ClientCredentialsArgs::from_arg_matches(m)
                    .map(|a| Command::ClientCredentials(Box::new(a)))
            },
        ),
        "exchange" => (ExchangeArgs::augment_args(new("exchange")), |m| {
            ExchangeArgs::from_arg_matches(m).map(|a| Command::Exchange(Box::new(a)))
        }),
        _ => return None,
    };
    let mut cmd = GlobalArgs::augment_args(cmd);
    let flat = std::iter::once(&args[0]).chain(args.get(skip..)?);
    let matches = cmd.try_get_matches_from_mut(flat).ok()?;
    let cli = Cli {
        global: GlobalArgs::from_arg_matches(&matches).ok()?,
        command: make(&matches).ok()?,
    };
    // Freeing them costs more than the process has left to live.
    std::mem::forget(matches);
    std::mem::forget(cmd);
    Some(cli)
}

/// Which grant `exchange` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeGrant {
    /// RFC 8693 token exchange: subject_token (and actor_token).
    TokenExchange,
    /// RFC 7523 §2.1: the subject token as the JWT-bearer assertion.
    JwtBearer,
}

/// `exchange`
#[derive(Debug, Args)]
pub struct ExchangeArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The token to trade: the token itself, -, @FILE, env:VAR,
    /// exec:COMMAND or a CI source: github-actions:AUDIENCE, gitlab:VAR,
    /// circleci, azure-pipelines, buildkite:AUDIENCE, kubernetes:PATH (each
    /// argument optional).
    #[arg(long, value_name = "SRC", help_heading = "Options")]
    pub subject_token: String,

    /// Its type: access_token, id_token, jwt, refresh_token, saml1, saml2 or
    /// a URN [default: jwt for a JWT, else access_token].
    #[arg(long, value_name = "TYPE", help_heading = "Options")]
    pub subject_token_type: Option<String>,

    /// A token for the party acting on the subject's behalf (delegation,
    /// RFC 8693 §1.1), read like --subject-token.
    #[arg(long, value_name = "SRC", help_heading = "Options")]
    pub actor_token: Option<String>,

    /// The actor token's type (as --subject-token-type).
    #[arg(
        long,
        value_name = "TYPE",
        requires = "actor_token",
        help_heading = "Options"
    )]
    pub actor_token_type: Option<String>,

    /// The type of token wanted (as --subject-token-type).
    #[arg(long, value_name = "TYPE", help_heading = "Options")]
    pub requested_token_type: Option<String>,

    /// token-exchange (RFC 8693), or jwt-bearer: the subject token is sent
    /// as an RFC 7523 assertion.
    #[arg(
        long,
        value_enum,
        default_value = "token-exchange",
        value_name = "GRANT",
        help_heading = "Options"
    )]
    pub grant: ExchangeGrant,

    /// Use a cached token only while it has more than this many seconds left.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Options"
    )]
    pub min_ttl: u64,

    /// Always ask the server; neither read nor write the cache.
    #[arg(long, help_heading = "Options")]
    pub no_cache: bool,

    /// With -o header and --dpop: the URL of the request the `DPoP` proof
    /// is made for.
    #[arg(long, value_name = "URL", help_heading = "Options")]
    pub url: Option<String>,

    /// With --url: the request's method.
    #[arg(
        long,
        value_name = "METHOD",
        default_value = "GET",
        requires = "url",
        help_heading = "Options"
    )]
    pub method: String,
}
#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_quick_parse_is_the_whole_trees() {
        let lines: &[&[&str]] = &[
            &["decode", "eyJ.x.y"],
            &["decode", "-o", "json", "--color", "never", "-"],
            &["decode"],
            &[
                "validate",
                "--jwks",
                "k.json",
                "--alg",
                "RS256",
                "--audience",
                "a",
                "-v",
                "t",
            ],
            &[
                "validate",
                "--bulk",
                "--issuer",
                "https://as.example",
                "--leeway",
                "5",
                "-vv",
            ],
            &[
                "validate",
                "--key",
                "a.pem",
                "--key",
                "b.pem",
                "--claim",
                "x=1",
                "--require",
                "y",
            ],
            &[
                "encode",
                "--alg",
                "HS256",
                "--secret-file",
                "s",
                "--claim",
                "sub=me",
                "--exp",
                "5m",
            ],
            &[
                "token",
                "-p",
                "dev",
                "--min-ttl",
                "120",
                "-o",
                "header",
                "--store",
                "file",
            ],
            &[
                "token",
                "--id-token",
                "--timeout",
                "5",
                "--insecure",
                "--cacert",
                "ca.pem",
            ],
            &[
                "cc",
                "--issuer",
                "https://as.example",
                "--client-id",
                "svc",
                "--scope",
                "a b",
            ],
            &[
                "client-credentials",
                "--no-cache",
                "--resource",
                "https://api",
                "-q",
            ],
            &["credential", "git", "get"],
            &[
                "credential",
                "docker",
                "-p",
                "dev",
                "--username",
                "u",
                "list",
            ],
            &["exec", "--env", "T", "--", "sh", "-c", "echo $T", "-x"],
            &["exec", "-p", "dev", "true"],
            &[
                "fetch",
                "-X",
                "PUT",
                "-H",
                "A: b",
                "-H",
                "C: d",
                "-d",
                "@f",
                "-i",
                "https://api/x",
            ],
            &[
                "exchange",
                "--subject-token",
                "env:T",
                "--grant",
                "jwt-bearer",
                "--audience",
                "api",
            ],
        ];
        let argv = |line: &[&str]| -> Vec<std::ffi::OsString> {
            std::iter::once("oauthctl")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect()
        };
        for line in lines {
            let argv = argv(line);
            let whole = Cli::try_parse_from(&argv).unwrap();
            let quick = quick_parse(&argv).unwrap_or_else(|| panic!("{argv:?}"));
            assert_eq!(format!("{quick:?}"), format!("{whole:?}"), "{argv:?}");
        }
        // Help, other commands and errors are left to the whole tree.
        for name in [
            "decode", "validate", "encode", "token", "cc", "fetch", "exec",
        ] {
            assert!(quick_parse(&argv(&[name, "--help"])).is_none(), "{name}");
        }
        assert!(quick_parse(&argv(&["login"])).is_none());
        assert!(quick_parse(&argv(&["credential", "svn", "get"])).is_none());
        assert!(quick_parse(&argv(&["credential"])).is_none());
        assert!(quick_parse(&argv(&["decode", "--nope"])).is_none());
        assert!(quick_parse(&argv(&["--version"])).is_none());
    }

    #[test]
    fn every_argument_is_documented() {
        fn walk(cmd: &clap::Command, path: &str) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(
                    arg.get_help().is_some() || arg.get_long_help().is_some(),
                    "{path} --{id} has no help text"
                );
            }
            for sub in cmd.get_subcommands() {
                assert!(
                    sub.get_about().is_some(),
                    "{path} {} has no about",
                    sub.get_name()
                );
                walk(sub, &format!("{path} {}", sub.get_name()));
            }
        }
        walk(&Cli::command(), "oauthctl");
    }

    #[test]
    fn no_short_flag_is_used_twice() {
        fn walk(cmd: &clap::Command) {
            let mut seen = std::collections::HashSet::new();
            for arg in cmd.get_arguments() {
                if let Some(s) = arg.get_short() {
                    assert!(seen.insert(s), "-{s} used twice in {}", cmd.get_name());
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        walk(&cmd);
    }
}

/// `probe resource`
#[derive(Debug, Args)]
pub struct ProbeResourceArgs {
    /// The resource's URL (an API route, or an MCP endpoint with --mcp).
    #[arg(value_name = "URL")]
    pub url: String,

    /// A valid token the resource accepts: TOKEN, -, @FILE, env:VAR,
    /// exec:CMD or a CI source.
    #[arg(long, value_name = "SRC")]
    pub token: String,

    /// Speak MCP: every request is a JSON-RPC initialize over streamable HTTP.
    #[arg(long)]
    pub mcp: bool,

    /// A token from the same issuer for another audience (a source, like
    /// --token), for the token passthrough check.
    #[arg(long, value_name = "SRC")]
    pub foreign_token: Option<String>,

    /// A private key (PEM or JWK) the resource trusts, to mint tokens for
    /// another audience, from another issuer, and expired.
    #[arg(long, value_name = "FILE")]
    pub signing_key: Option<PathBuf>,

    #[command(flatten)]
    pub run: ProbeRunArgs,
}

/// `fetch`
#[derive(Debug, Args)]
pub struct FetchArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The URL to request (http or https).
    #[arg(value_name = "URL")]
    pub url: String,

    /// The HTTP method [default: GET, or POST with --data].
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        help_heading = "Options"
    )]
    pub method: Option<String>,

    /// A request header, `Name: value`; repeatable.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME: VALUE",
        help_heading = "Options"
    )]
    pub headers: Vec<String>,

    /// The request body: the text itself, or `@FILE` (`@-` reads stdin).
    #[arg(
        short = 'd',
        long = "data",
        value_name = "DATA|@FILE",
        help_heading = "Options"
    )]
    pub data: Option<String>,

    /// Print the status line and the response headers before the body.
    #[arg(short = 'i', long = "include", help_heading = "Options")]
    pub include: bool,

    /// Use this access token instead of the stored one (no refresh then):
    /// the token, `-` (stdin), `@FILE`, `env:VAR`, `exec:CMD` or a CI source.
    #[arg(long, value_name = "SRC", help_heading = "Options")]
    pub token: Option<String>,

    /// Refresh the stored access token first when it has this many seconds or fewer left.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Options"
    )]
    pub min_ttl: u64,
}

/// `exec`
#[derive(Debug, Args)]
#[command(trailing_var_arg = true)]
pub struct ExecArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The environment variable that carries the access token.
    #[arg(
        long = "env",
        default_value = "OAUTHCTL_ACCESS_TOKEN",
        value_name = "NAME",
        help_heading = "Options"
    )]
    pub env: String,

    /// Refresh the stored access token first when it has this many seconds or fewer left.
    #[arg(
        long,
        default_value_t = 60,
        value_name = "SECS",
        help_heading = "Options"
    )]
    pub min_ttl: u64,

    /// The command and its arguments (after `--`).
    #[arg(
        value_name = "COMMAND",
        required = true,
        num_args = 1..,
        allow_hyphen_values = true
    )]
    pub command: Vec<std::ffi::OsString>,
}

/// `credential`
#[derive(Debug, Args)]
pub struct CredentialArgs {
    #[command(subcommand)]
    pub tool: CredentialTool,
}

impl CredentialArgs {
    /// The helper's options, whichever tool it serves.
    pub fn helper(&self) -> &CredentialHelperArgs {
        match &self.tool {
            CredentialTool::Git(a) | CredentialTool::Docker(a) => a,
        }
    }
}

/// The tools `credential` answers.
#[derive(Debug, Subcommand)]
pub enum CredentialTool {
    /// git's credential-helper protocol: `get`, `store`, `erase` (configure
    /// it as `credential.https://HOST.helper`).
    Git(Box<CredentialHelperArgs>),
    /// Docker's credential-helper protocol: `get`, `store`, `erase`, `list`
    /// (also as `docker-credential-oauthctl`).
    Docker(Box<CredentialHelperArgs>),
}

/// `credential git|docker`
#[derive(Debug, Args)]
pub struct CredentialHelperArgs {
    #[command(flatten)]
    pub issuer: IssuerArgs,

    #[command(flatten)]
    pub client: ClientArgs,

    /// The user name to answer with [default: oauth2 for git, oauthctl for Docker].
    #[arg(long, value_name = "NAME", help_heading = "Options")]
    pub username: Option<String>,

    /// The operation the tool asks for.
    #[arg(value_name = "OPERATION")]
    pub operation: String,
}

/// What `register` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RegisterAction {
    /// Register a new client (RFC 7591).
    #[default]
    Create,
    /// Read the registration (RFC 7592 §2.1).
    Show,
    /// Replace the registration's metadata with the given options applied
    /// (RFC 7592 §2.2).
    Update,
    /// Delete the registration (RFC 7592 §2.3) and forget it.
    Delete,
}

/// `register`
#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// create (default), show, update or delete; the last three need
    /// --client-id.
    #[arg(value_enum, default_value_t = RegisterAction::Create, value_name = "ACTION")]
    pub action: RegisterAction,

    #[command(flatten)]
    pub issuer: IssuerArgs,

    /// Initial access token the registration endpoint requires (RFC 7591
    /// §3): a token, `@FILE`, `env:VAR` or `-` for stdin.
    #[arg(long, value_name = "SRC", help_heading = "Registration")]
    pub initial_access_token: Option<String>,

    /// A software statement (a signed JWT, RFC 7591 §2.3), or `@FILE`.
    #[arg(long, value_name = "JWT", help_heading = "Registration")]
    pub software_statement: Option<String>,

    /// Redirect URI; repeatable.
    #[arg(long, value_name = "URI", help_heading = "Registration")]
    pub redirect_uri: Vec<String>,

    /// Grant type (authorization_code, refresh_token, client_credentials,
    /// urn:ietf:params:oauth:grant-type:device_code, ...); repeatable.
    #[arg(long, value_name = "GRANT", help_heading = "Registration")]
    pub grant_type: Vec<String>,

    /// token_endpoint_auth_method: none, client_secret_basic,
    /// client_secret_post, private_key_jwt, ...
    #[arg(long, value_name = "METHOD", help_heading = "Registration")]
    pub auth_method: Option<String>,

    /// The client's public keys: a JWKS file (sent as `jwks`) or an https
    /// URL (sent as `jwks_uri`).
    #[arg(long, value_name = "FILE|URL", help_heading = "Registration")]
    pub jwks: Option<String>,

    /// client_name.
    #[arg(long, value_name = "NAME", help_heading = "Registration")]
    pub name: Option<String>,

    /// Space-separated scopes the client may ask for (`scope`).
    #[arg(long, value_name = "SCOPE", help_heading = "Registration")]
    pub scope: Option<String>,

    /// For show, update and delete: the registration access token, when it
    /// is not in the store (a token, `@FILE`, `env:VAR` or `-`).
    #[arg(long, value_name = "SRC", help_heading = "Registration")]
    pub registration_access_token: Option<String>,

    /// For show, update and delete: the registration's URL, when it is not
    /// in the store.
    #[arg(long, value_name = "URL", help_heading = "Registration")]
    pub registration_client_uri: Option<String>,
}

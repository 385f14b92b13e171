//! `serve`: resolve the options into a provider configuration, start the
//! provider, print the banner, serve until interrupted.

use crate::cli::{OutputFormat, ServeArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::serve::Server;
use crate::serve::config::{self, Config};
use crate::serve::tls;
use crate::settings::Context;

pub fn run(args: ServeArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("serve", &[OutputFormat::Text, OutputFormat::Json])?;
    let config = configure(&args)?;
    if !config.bind.is_loopback() {
        ctx.printer.warn(&format!(
            "listening on {}, not loopback: anyone who can reach it can get tokens from this \
             development provider",
            config.bind
        ));
    }
    if !config.vulnerable.is_empty() {
        let names: Vec<&str> = config.vulnerable.iter().map(|v| v.name()).collect();
        ctx.printer.warn(&format!(
            "THE DEMO API IS VULNERABLE ON PURPOSE ({}): it accepts forged tokens. \
             For trying `oauthctl probe api` only; never put anything behind it.",
            names.join(", ")
        ));
    }
    let server = Server::start(config)?;
    let summary = server.provider().summary();
    match format {
        OutputFormat::Json => ctx.printer.json(&summary),
        _ => crate::output::serve::render_banner(ctx.printer.out(), &summary),
    }
    .map_err(super::stdout_error)?;
    let _ = ctx.printer.out().flush();
    // Serving is the command's whole work: it ends only when interrupted,
    // or with an error when the listener fails (never 0 on its own).
    server.wait()?;
    Ok(ExitStatus::Success)
}

/// The provider configuration: defaults, then the provider file, then flags.
fn configure(args: &ServeArgs) -> Result<Config> {
    let mut c = Config::with_defaults();
    c.bind = args.bind;
    c.port = args.port;
    c.public_url = args.public_url.clone();
    if let Some(u) = &c.public_url {
        url::Url::parse(u)
            .map_err(|e| Error::usage(format!("--public-url {u} is not a URL: {e}")))?;
    }
    if let Some(path) = &args.provider_config {
        c.load_file(path)?;
    }
    for path in &args.key {
        c.keys.push(crate::jwt::encode::load_private(path)?);
    }
    for spec in &args.client {
        c.add_client(config::client_from_flag(spec)?);
    }
    for spec in &args.user {
        c.add_user(config::user_from_flag(spec)?);
    }
    let secs = |v: u64, flag: &str| {
        i64::try_from(v)
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| Error::usage(format!("{flag} must be between 1 and 2^63 seconds")))
    };
    if let Some(v) = args.access_token_ttl {
        c.lifetimes.access_token = secs(v, "--access-token-ttl")?;
    }
    if let Some(v) = args.id_token_ttl {
        c.lifetimes.id_token = secs(v, "--id-token-ttl")?;
    }
    if let Some(v) = args.refresh_token_ttl {
        c.lifetimes.refresh_token = secs(v, "--refresh-token-ttl")?;
    }
    if let Some(v) = args.device_interval {
        c.lifetimes.device_interval = secs(v, "--device-interval")?;
    }
    if let Some(a) = &args.audience {
        c.audience = Some(a.clone());
    }
    c.auto_approve = args.auto_approve;
    c.require_par |= args.require_par;
    c.dpop_nonce = args.dpop_nonce;
    c.demo_api = args.demo_api || !args.vulnerable.is_empty();
    c.vulnerable = args.vulnerable.clone();
    c.vulnerable.sort();
    c.vulnerable.dedup();
    c.tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls::Source::Files {
            cert: cert.clone(),
            key: key.clone(),
        }),
        _ if args.tls => {
            let dir = crate::store::file::state_dir().ok_or_else(|| {
                Error::usage(
                    "--tls: no state directory for the certificate (set HOME or \
                     XDG_STATE_HOME, or give --tls-cert and --tls-key)",
                )
            })?;
            Some(tls::Source::Generate { dir })
        }
        _ => None,
    };
    if let Some(path) = &args.tls_client_ca {
        if c.tls.is_none() {
            return Err(Error::usage(
                "--tls-client-ca needs --tls (or --tls-cert and --tls-key)",
            ));
        }
        c.tls_client_ca = Some(tls::ClientCa::load(path)?);
    }
    if let Some(n) = args.workers {
        if n == 0 {
            return Err(Error::usage("--workers must be at least 1"));
        }
        c.workers = n;
    }
    c.check()?;
    Ok(c)
}

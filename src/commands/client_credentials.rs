//! `client-credentials` (`cc`): a machine token, bare on stdout by default.

use crate::cli::{ClientCredentialsArgs, OutputFormat};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::FileCache;
use crate::flows::client_credentials::{self, Grant};
use crate::settings::Context;

pub fn run(args: ClientCredentialsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format(
        "client-credentials",
        &[
            OutputFormat::Text,
            OutputFormat::Json,
            OutputFormat::Header,
            OutputFormat::ExecCredential,
        ],
    )?;
    let scopes = ctx.scopes(&args.client);
    let resources = ctx.resources(&args.client);
    let params = crate::settings::params(&args.client)?;
    let auth = ctx.client_auth(&args.issuer, &args.client)?;
    let token_endpoint = ctx.token_endpoint(&args.issuer, &args.client)?;
    let grant = Grant {
        token_endpoint,
        auth,
        scopes,
        resources,
        audience: ctx.audience(&args.client),
        params,
    };
    let now = ctx.clock.now();
    let cache = if args.no_cache {
        None
    } else {
        FileCache::default_location()
    };
    let key = grant.cache_key();
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let cached = cache
        .as_ref()
        .and_then(|c| c.get(&key))
        .filter(|t| t.ttl(now).is_some_and(|ttl| ttl > min_ttl));
    let tokens = match cached {
        Some(t) => t,
        None => {
            let t = client_credentials::request(&ctx.http, ctx.clock.as_ref(), &grant)?;
            if let Some(c) = &cache
                && t.expires_at.is_some()
                && let Err(e) = c.put(&key, &t)
            {
                ctx.printer
                    .warn(&format!("not cached: {}", crate::error::chain(&e)));
            }
            t
        }
    };
    crate::output::token::render_token_set(&mut ctx.printer, format, &tokens)
        .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}

//! `client-credentials` (`cc`): a machine token, bare on stdout by default.

use crate::cli::ClientCredentialsArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::TokenCache;
use crate::flows::client_credentials::{self, Grant};
use crate::settings::Context;

pub fn run(args: ClientCredentialsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("client-credentials", super::TOKEN_FORMATS)?;
    let scopes = ctx.scopes(&args.client);
    let resources = ctx.resources(&args.client);
    let params = crate::settings::params(&args.client)?;
    let auth = ctx.client_auth(&args.issuer, &args.client)?;
    let mtls = matches!(
        auth,
        crate::flows::client_auth::ClientAuth::TlsClientAuth { .. }
    );
    let token_endpoint = ctx.token_endpoint_source(&args.issuer, &args.client, mtls)?;
    let grant = Grant {
        token_endpoint,
        auth,
        scopes,
        resources,
        audience: ctx.audience(&args.client),
        params,
    };
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let tokens = if args.no_cache {
        client_credentials::request(&ctx.http, ctx.clock.as_ref(), &grant)?
    } else {
        let cache = TokenCache::new(ctx.store()?);
        cached_or_fetched(ctx, &cache, &grant, min_ttl)?
    };
    crate::output::token::render_token_set(&mut ctx.printer, format, &tokens)
        .map_err(super::stdout_error)?;
    Ok(ExitStatus::Success)
}

/// A cache hit while the token has more than `min_ttl` left; otherwise, under
/// the entry's lock (so concurrent misses ask once), look again, then ask
/// the server and cache the answer.
fn cached_or_fetched(
    ctx: &mut Context,
    cache: &TokenCache,
    grant: &Grant,
    min_ttl: i64,
) -> Result<crate::flows::TokenSet> {
    let key = grant.cache_key();
    let usable = |t: &crate::flows::TokenSet, now: i64| t.ttl(now).is_some_and(|ttl| ttl > min_ttl);
    if let Some(t) = cache.get(&key).filter(|t| usable(t, ctx.clock.now())) {
        return Ok(t);
    }
    // Without the lock (an unwritable state directory) concurrent misses
    // may each ask; nothing worse.
    let _lock = cache.lock(&key).ok();
    if let Some(t) = cache.get(&key).filter(|t| usable(t, ctx.clock.now())) {
        return Ok(t);
    }
    let t = client_credentials::request(&ctx.http, ctx.clock.as_ref(), grant)?;
    if t.expires_at.is_some() {
        match cache.put(&key, &t) {
            Ok(()) => ctx.store_notice(),
            Err(e) => ctx
                .printer
                .warn(&format!("not cached: {}", crate::error::chain(&e))),
        }
    }
    Ok(t)
}

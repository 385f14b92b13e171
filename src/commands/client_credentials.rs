//! `client-credentials` (`cc`): a machine token, bare on stdout by default.

use std::sync::Arc;

use crate::cli::ClientCredentialsArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::{Origin, TokenCache};
use crate::flows::client_credentials::{self, Grant};
use crate::settings::{AuthDefault, Context};

pub fn run(args: ClientCredentialsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("client-credentials", super::TOKEN_FORMATS)?;
    let p = &ctx.provider;
    let auth = p.client_auth(AuthDefault::Confidential)?;
    let grant = Grant {
        token_endpoint: p.token_endpoint(p.mtls())?,
        auth,
        scopes: p.scopes.clone(),
        resources: p.resources.clone(),
        audience: p.audience.clone(),
        params: p.params.clone(),
        authorization_details: p.requests.authorization_details.clone(),
    };
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let (http, clock) = (Arc::clone(&ctx.http), Arc::clone(&ctx.clock));
    let fetch = || client_credentials::request(&http, clock.as_ref(), &grant);
    let tokens = if args.no_cache {
        fetch()?
    } else {
        let cache = TokenCache::new(ctx.store()?);
        let (tokens, origin) =
            cache.get_or_fetch(&grant.cache_key(), ctx.clock.as_ref(), min_ttl, fetch)?;
        match origin {
            Origin::Cached => ctx.store_notice(),
            Origin::NotCached(e) => ctx
                .printer
                .warn(&format!("not cached: {}", crate::error::chain(&e))),
            Origin::Hit | Origin::Uncacheable => {}
        }
        tokens
    };
    super::print(ctx, |p| {
        crate::output::token::render_token_set(p, format, &tokens)
    })
}

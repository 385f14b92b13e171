//! `client-credentials` (`cc`): a machine token, bare on stdout by default.

use std::sync::Arc;

use crate::cli::ClientCredentialsArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::{Origin, TokenCache};
use crate::flows::client_auth::ClientAuth;
use crate::flows::client_credentials::{self, Grant};
use crate::secret::Secret;
use crate::settings::{AuthDefault, Context};

pub fn run(args: ClientCredentialsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("client-credentials", super::TOKEN_FORMATS)?;
    let p = &ctx.provider;
    // With --client-assertion and a client ID the cache is consulted before
    // the source is read: a hit reads nothing (no request to a CI runner,
    // no command run). The key does not depend on the assertion itself.
    let deferred = match (&p.credentials.assertion, &p.client_id) {
        (Some(_), Some(id)) if !args.no_cache => Some(id.clone()),
        _ => None,
    };
    let auth = match &deferred {
        Some(client_id) => {
            p.credentials.check_assertion_method()?;
            ClientAuth::Assertion {
                client_id: client_id.clone(),
                assertion: Secret::new(String::new()),
            }
        }
        None => p.client_auth(AuthDefault::Confidential)?,
    };
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
    let provider = deferred.as_ref().map(|_| p.clone());
    let key = grant.cache_key();
    let fetch = move || {
        let mut grant = grant;
        if let Some(p) = &provider {
            grant.auth = p.client_auth(AuthDefault::Confidential)?;
        }
        client_credentials::request(&http, clock.as_ref(), &grant)
    };
    let tokens = if args.no_cache {
        fetch()?
    } else {
        let cache = TokenCache::new(ctx.store()?);
        let (tokens, origin) = cache.get_or_fetch(&key, ctx.clock.as_ref(), min_ttl, fetch)?;
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

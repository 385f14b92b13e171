//! `client-credentials` (`cc`): a machine token, bare on stdout by default.

use std::sync::Arc;

use crate::cli::ClientCredentialsArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::{Entry, TokenCache};
use crate::flows::client_auth::ClientAuth;
use crate::flows::client_credentials::{self, Grant};
use crate::secret::Secret;
use crate::settings::{AuthDefault, Context};

pub fn run(args: ClientCredentialsArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("client-credentials", super::TOKEN_FORMATS)?;
    super::dpop_output(
        format,
        ctx.provider.dpop.is_some(),
        args.url.as_deref(),
        true,
    )?;
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
    // DPoP: a key (given, else generated on a cache miss) that proves the
    // token request and is cached with the token; a hit sends nothing.
    let dpop = ctx.provider.dpop.clone();
    let cache_key = match &ctx.provider.dpop {
        None => grant.cache_key(),
        Some(d) => crate::flows::dpop::cache_key(&grant.cache_key(), d.key.as_deref(), d.alg),
    };
    // The deferred client assertion is read on a miss only.
    let provider = deferred.as_ref().map(|_| p.clone());
    let fetch = move || -> Result<Entry> {
        let mut grant = grant;
        if let Some(p) = &provider {
            grant.auth = p.client_auth(AuthDefault::Confidential)?;
        }
        let key = dpop.as_ref().map(|d| d.key_or_generate()).transpose()?;
        crate::flows::dpop::machine_entry(&http, &clock, key, |http| {
            client_credentials::request(http, clock.as_ref(), &grant)
        })
    };
    let cache = (!args.no_cache)
        .then(|| ctx.store().map(TokenCache::new))
        .transpose()?;
    let entry = super::cached_machine_token(ctx, cache.as_ref(), &cache_key, min_ttl, fetch)?;
    super::print_machine_token(ctx, entry, args.url.as_deref(), &args.method, format)
}

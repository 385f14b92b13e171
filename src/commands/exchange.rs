//! `exchange`: trade a token for another (RFC 8693, or an RFC 7523
//! JWT-bearer grant), printed and cached as `client-credentials` does.

use std::sync::Arc;

use crate::cli::{ExchangeArgs, ExchangeGrant};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::cache::{Entry, TokenCache};
use crate::flows::token_exchange::{self, Exchange, GrantKind, TypedToken};
use crate::settings::{AuthDefault, Context};
use crate::sources::SourceContext;

pub fn run(args: ExchangeArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("exchange", super::TOKEN_FORMATS)?;
    super::dpop_output(
        format,
        ctx.provider.dpop.is_some(),
        args.url.as_deref(),
        true,
    )?;
    // Settings first: nothing is read from a source (a CI endpoint) for a
    // command line that cannot work.
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    // A CI job token is kept while valid, like the tokens (not with --no-cache).
    let cache = if args.no_cache {
        None
    } else {
        Some(TokenCache::new(ctx.store()?))
    };
    let p = &ctx.provider;
    // With only --client-id, a public client (RFC 8693 §2.1 allows it).
    let auth = p.client_auth(AuthDefault::Public)?;
    let token_endpoint = p.token_endpoint(p.mtls())?;
    let read = |spec: &str, ty: &Option<String>| -> Result<TypedToken> {
        let token = token_exchange::read_source(
            spec,
            &SourceContext::process(&ctx.http),
            cache.as_ref(),
            ctx.clock.as_ref(),
            min_ttl,
        )?;
        let token_type = match ty {
            Some(t) => token_exchange::token_type(t)?,
            None => token_exchange::default_token_type(token.expose()),
        };
        Ok(TypedToken { token, token_type })
    };
    let subject = read(&args.subject_token, &args.subject_token_type)?;
    let actor = match &args.actor_token {
        Some(spec) => Some(read(spec, &args.actor_token_type)?),
        None => None,
    };
    let requested_token_type = args
        .requested_token_type
        .as_deref()
        .map(token_exchange::token_type)
        .transpose()?;
    let kind = match args.grant {
        ExchangeGrant::TokenExchange => GrantKind::TokenExchange,
        ExchangeGrant::JwtBearer => GrantKind::JwtBearer,
    };
    if kind == GrantKind::JwtBearer && (actor.is_some() || requested_token_type.is_some()) {
        return Err(Error::usage(
            "--grant jwt-bearer sends the subject token as the assertion only: \
             --actor-token and --requested-token-type are token-exchange parameters",
        ));
    }
    let grant = Exchange {
        token_endpoint,
        auth,
        kind,
        subject,
        actor,
        requested_token_type,
        audience: p.audience.clone(),
        resources: p.resources.clone(),
        scopes: p.scopes.clone(),
        params: p.params.clone(),
    };
    let (http, clock) = (Arc::clone(&ctx.http), Arc::clone(&ctx.clock));
    // DPoP as for `cc`: a key (given, else generated on a cache miss) that
    // proves the token request and is cached with the token.
    let dpop = ctx.provider.dpop.clone();
    let fetch = || -> Result<Entry> {
        let key = dpop.as_ref().map(|d| d.key_or_generate()).transpose()?;
        crate::flows::dpop::machine_entry(&http, &clock, key, |http| {
            token_exchange::request(http, clock.as_ref(), &grant)
        })
    };
    let cache_key = match &ctx.provider.dpop {
        None => grant.cache_key(),
        Some(d) => crate::flows::dpop::cache_key(&grant.cache_key(), d.key.as_deref(), d.alg),
    };
    let entry = super::cached_machine_token(ctx, cache.as_ref(), &cache_key, min_ttl, fetch)?;
    super::print_machine_token(ctx, entry, args.url.as_deref(), &args.method, format)
}

//! `userinfo`: the userinfo endpoint with the stored (refreshed when it
//! expires soon) or a given access token; its `sub` must be the stored ID
//! token's (OIDC Core §5.3.2).

use crate::cli::{OutputFormat, UserinfoArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::{refresh, userinfo};
use crate::settings::Context;

/// Refresh a stored access token that has this little left before using it.
const MIN_TTL: i64 = 60;

pub fn run(args: UserinfoArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("userinfo", &[OutputFormat::Text, OutputFormat::Json])?;
    let store = ctx.store()?;
    let key = ctx.entry_key();
    let stored = match (&args.access_token, &key) {
        // A given token: a stored login, if any, only supplies the sub.
        (Some(_), Ok(key)) => store.load_tokens(key)?,
        (Some(_), Err(_)) => None,
        (None, Err(e)) => return Err(Error::usage(e.to_string())),
        (None, Ok(key)) => {
            let stored = refresh::load(&store, key)?;
            if refresh::expiring(&stored.tokens, ctx.clock.now(), MIN_TTL) {
                Some(super::refresh_stored(
                    ctx, &store, key, &stored, MIN_TTL, false,
                )?)
            } else {
                Some(stored)
            }
        }
    };
    let access_token = match (&args.access_token, &stored) {
        (Some(t), _) => super::read_token(Some(t.clone()), ctx)?,
        (None, Some(s)) => s.tokens.expose_access_token().to_owned(),
        (None, None) => unreachable!("a missing login is an error above"),
    };
    let issuer = ctx
        .provider
        .issuer
        .clone()
        .or_else(|| stored.as_ref().and_then(|s| s.issuer.clone()))
        .ok_or_else(|| Error::usage("no issuer: give --issuer (or OAUTHCTL_ISSUER, a profile)"))?;
    let endpoint = crate::provider::discovery::fetch_endpoint_for(
        &ctx.http,
        &issuer,
        "userinfo_endpoint",
        ctx.provider.mtls(),
    )?;
    let expected_sub = stored
        .as_ref()
        .and_then(|s| s.tokens.expose_id_token())
        .and_then(userinfo::id_token_sub);
    // A DPoP-bound token goes with proofs: from the stored key, or for a
    // given token, from --dpop-key.
    let http = match (&args.access_token, &stored) {
        (None, Some(s)) => super::stored_http(ctx, s)?,
        (Some(_), _) => match ctx.provider.dpop.as_ref().map(|d| d.key.clone()) {
            None => std::sync::Arc::clone(&ctx.http),
            Some(Some(key)) => std::sync::Arc::new(super::dpop_http(ctx, key)),
            // Else the stored login's key (the token is likely its own).
            Some(None) => match stored.as_ref().filter(|s| s.dpop_key.is_some()) {
                Some(s) => super::stored_http(ctx, s)?,
                None => {
                    return Err(Error::usage(
                        "--dpop with --access-token: give the key the token is bound to \
                         with --dpop-key FILE",
                    ));
                }
            },
        },
        (None, None) => unreachable!("a missing login is an error above"),
    };
    let claims = userinfo::fetch(&http, &endpoint, &access_token, expected_sub.as_deref())?;
    let now = ctx.clock.now();
    super::print(ctx, |p| match format {
        OutputFormat::Json => p.json(&claims),
        _ => crate::output::token::render_claims(p.out(), "Userinfo", &claims, now),
    })
}

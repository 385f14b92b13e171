//! `refresh`: a forced refresh-token grant; the rotated refresh token is
//! stored. Prints the new access token like `token`.

use crate::cli::{ClientArgs, IssuerArgs, RefreshArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::refresh::{self, Fresh, Refresher};
use crate::settings::Context;
use crate::store::{EntryKey, Store, StoredTokens};

pub fn run(args: RefreshArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let format = ctx.format("refresh", super::TOKEN_FORMATS)?;
    let key = ctx.entry_key(&args.issuer, Some(&args.client))?;
    let store = ctx.store()?;
    let stored = refresh::load(&store, &key)?;
    let fresh = refresh_stored(
        ctx,
        &store,
        &key,
        stored,
        &args.issuer,
        &args.client,
        0,
        true,
    )?;
    super::token::render(ctx, format, &fresh.stored.tokens)?;
    Ok(ExitStatus::Success)
}

/// Refresh a stored login (see `flows::refresh::fresh`): the client's
/// authentication and the token endpoint come from the settings, the
/// stored client ID and issuer filling what they leave out.
#[allow(clippy::too_many_arguments)]
pub(crate) fn refresh_stored(
    ctx: &mut Context,
    store: &Store,
    key: &EntryKey,
    stored: StoredTokens,
    issuer: &IssuerArgs,
    client: &ClientArgs,
    min_ttl: i64,
    force: bool,
) -> Result<Fresh> {
    let client_id = ctx
        .client_id(issuer.client_id.as_deref())
        .unwrap_or_else(|| stored.client_id.clone());
    let auth = ctx.client_auth_for(client_id, client, true)?;
    let token_endpoint = token_endpoint(ctx, &stored, issuer, client)?;
    let fresh = refresh::fresh(
        store,
        key,
        &Refresher {
            http: &ctx.http,
            clock: ctx.clock.as_ref(),
            auth: &auth,
            token_endpoint: &token_endpoint,
        },
        min_ttl,
        force,
    )?;
    if fresh.refreshed {
        ctx.store_notice();
    }
    Ok(fresh)
}

/// The token endpoint for a stored login: flags and profile first, then
/// what was stored, then the stored issuer's discovery document.
pub(crate) fn token_endpoint(
    ctx: &Context,
    stored: &StoredTokens,
    issuer: &IssuerArgs,
    client: &ClientArgs,
) -> Result<String> {
    if let Some(t) = client
        .token_endpoint
        .clone()
        .or_else(|| ctx.profile.token_endpoint.clone())
        .or_else(|| stored.token_endpoint.clone())
    {
        return Ok(t);
    }
    let issuer = ctx
        .issuer(issuer.issuer.as_deref())
        .or_else(|| stored.issuer.clone())
        .ok_or_else(|| {
            Error::usage("the stored login names no issuer: give --issuer or --token-endpoint")
        })?;
    super::metadata_endpoint(ctx, &issuer, "token_endpoint")
}

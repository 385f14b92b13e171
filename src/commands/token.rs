//! `token`: the stored access token, refreshed first when it expires within
//! `--min-ttl`; bare on stdout by default.

use crate::cli::{OutputFormat, TokenArgs};
use crate::error::{Error, ExitStatus, Result};
use crate::flows::refresh;
use crate::settings::Context;

pub fn run(args: TokenArgs, ctx: &mut Context) -> Result<ExitStatus> {
    let supported: &[OutputFormat] = if args.id_token {
        &[OutputFormat::Text, OutputFormat::Json]
    } else {
        super::TOKEN_FORMATS
    };
    let format = ctx.format("token", supported)?;
    let min_ttl =
        i64::try_from(args.min_ttl).map_err(|_| Error::usage("--min-ttl is too large"))?;
    let key = ctx.entry_key()?;
    let store = ctx.store()?;
    // The common case takes no lock and makes no request.
    let stored = refresh::load(&store, &key)?;
    let bound = stored.dpop_key.is_some() && !args.id_token;
    super::dpop_output(format, bound, args.url.as_deref(), true)?;
    let stored = if args.id_token || !refresh::expiring(&stored.tokens, ctx.clock.now(), min_ttl) {
        stored
    } else {
        super::refresh_stored(ctx, &store, &key, &stored, min_ttl, false)?
    };
    if args.id_token {
        let id_token = stored.tokens.expose_id_token().ok_or_else(|| {
            Error::LoginRequired(format!(
                "no ID token is stored (the login did not ask for the openid scope); run `{}`",
                key.login_command()
            ))
        })?;
        return super::print(ctx, |p| {
            crate::output::token::render_id_token(p, format, id_token)
        });
    }
    if let (true, Some(url)) = (bound, &args.url) {
        let method = args.method.to_ascii_uppercase();
        let proof = super::stored_dpop_key(ctx, &stored)?
            .ok_or_else(|| Error::usage("no DPoP key is stored"))?
            .proof(
                &method,
                url,
                ctx.clock.now(),
                Some(stored.tokens.expose_access_token()),
                None,
            )
            .map_err(|e| Error::input("making a DPoP proof", e))?;
        return super::print(ctx, |p| {
            crate::output::token::render_dpop_header(p.out(), &stored.tokens, &proof)
        });
    }
    super::print(ctx, |p| {
        crate::output::token::render_stored(p, format, &stored.tokens)
    })
}

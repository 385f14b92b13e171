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
    let key = ctx.entry_key(&args.issuer, Some(&args.client))?;
    let store = ctx.store()?;
    // The common case takes no lock and makes no request.
    let stored = refresh::load(&store, &key)?;
    let stored = if args.id_token || !refresh::expiring(&stored.tokens, ctx.clock.now(), min_ttl) {
        stored
    } else {
        let fresh = super::refresh::refresh_stored(
            ctx,
            &store,
            &key,
            stored,
            &args.issuer,
            &args.client,
            min_ttl,
            false,
        )?;
        fresh.stored
    };
    if args.id_token {
        let id_token = stored.tokens.id_token.as_deref().ok_or_else(|| {
            Error::LoginRequired(format!(
                "no ID token is stored (the login did not ask for the openid scope); run `{}`",
                key.login_command()
            ))
        })?;
        let out = if format == OutputFormat::Json {
            ctx.printer
                .json(&serde_json::json!({ "id_token": id_token }))
        } else {
            writeln!(ctx.printer.out(), "{id_token}")
        };
        out.map_err(super::stdout_error)?;
        return Ok(ExitStatus::Success);
    }
    render(ctx, format, &stored.tokens)?;
    Ok(ExitStatus::Success)
}

/// A stored token set in a token command's format, without the refresh
/// token: it is the long-lived credential, and stdout ends up in logs.
pub(crate) fn render(
    ctx: &mut Context,
    format: OutputFormat,
    tokens: &crate::flows::TokenSet,
) -> Result<()> {
    let shown = crate::flows::TokenSet {
        refresh_token: None,
        ..tokens.clone()
    };
    crate::output::token::render_token_set(&mut ctx.printer, format, &shown)
        .map_err(super::stdout_error)
}
